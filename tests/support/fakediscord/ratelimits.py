"""Discord's REST rate limits, as the fake enforces them (on when a test asks for them).

Modelled on Discord's rate-limit topic: per-route buckets keyed by the route and its top-level
resource (channel, guild, or webhook id + token); every answer in a bucket carries
`X-RateLimit-Limit`, `-Remaining`, `-Reset`, `-Reset-After` and `-Bucket`; a request over its
bucket is answered 429 with `retry_after` in the body and `Retry-After` and
`X-RateLimit-Scope: user` in the headers. A global limit (50 requests per second per bot)
applies to every route except the interaction endpoints, which Discord exempts; over it the 429
says `"global": true`, `X-RateLimit-Global: true` and `X-RateLimit-Scope: global`.

Discord publishes no per-route numbers (apps must read the headers); the rules below are the
commonly measured ones. A window is fixed from the first request in it, as Discord's buckets
reset as a whole. Real time (not the fake's injectable `clock`), because discord.py sleeps in
real time when it honours the headers.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

# Paths are the fake's unquoted API paths without the /api/v10 prefix.
_CHANNEL = r"/channels/(?P<major>\d+)"
_MESSAGE = _CHANNEL + r"/messages/\d+"
_WEBHOOK = r"/webhooks/(?P<major>\d+/[^/]+)"


@dataclass(frozen=True)
class BucketRule:
    """`limit` requests per `per` seconds for each top-level resource of the matching routes."""

    name: str
    method: str
    path: re.Pattern[str]
    limit: int
    per: float

    @property
    def bucket_hash(self) -> str:
        """What Discord sends as X-RateLimit-Bucket: opaque, the same for the whole bucket."""
        return hashlib.sha1(self.name.encode()).hexdigest()[:16]


def rule(name: str, method: str, path: str, limit: int, per: float) -> BucketRule:
    """A bucket rule; `path` is a regex with a `major` group for the top-level resource."""
    return BucketRule(name, method, re.compile(path + r"$"), limit, per)


# First match wins. Reactions: ~1 per 0.25 s per channel (adding and removing share it);
# messages: 5 per 5 s per channel to create, the same to edit and to delete; threads 5 per 5 s.
DEFAULT_RULES: tuple[BucketRule, ...] = (
    rule("reaction", "PUT", _MESSAGE + r"/reactions/[^/]+/@me", 1, 0.25),
    rule("reaction", "DELETE", _MESSAGE + r"/reactions/[^/]+/[^/]+", 1, 0.25),
    rule("reaction-users", "GET", _MESSAGE + r"/reactions/[^/]+", 5, 1.0),
    rule("message-create", "POST", _CHANNEL + r"/messages", 5, 5.0),
    rule("message-edit", "PATCH", _MESSAGE, 5, 5.0),
    rule("message-delete", "DELETE", _MESSAGE, 5, 5.0),
    rule("thread-create", "POST", _CHANNEL + r"(?:/messages/\d+)?/threads", 5, 5.0),
    rule("channel-edit", "PATCH", _CHANNEL, 5, 5.0),
    rule("history", "GET", _CHANNEL + r"/messages", 5, 1.0),
    rule("webhook", "POST", _WEBHOOK, 5, 2.0),
    rule("webhook-message", "PATCH", _WEBHOOK + r"/messages/[^/]+", 5, 2.0),
    rule("guild", "GET", r"/guilds/(?P<major>\d+)(?:/.*)?", 10, 1.0),
)

# Interaction responses and their webhooks are exempt from the global limit.
_GLOBAL_EXEMPT = re.compile(r"^/(?:interactions|webhooks)/")
GLOBAL_LIMIT = 50
GLOBAL_PER = 1.0


@dataclass
class _Window:
    started: float
    used: int = 0


@dataclass
class Verdict:
    """The rate-limit answer for one request: headers to send, and a 429 body if refused."""

    headers: dict[str, str]
    refused: dict[str, object] | None = None


@dataclass
class RateLimits:
    """Buckets, the global limit and counters; `check` is called once per REST request."""

    rules: tuple[BucketRule, ...] = DEFAULT_RULES
    global_limit: int = GLOBAL_LIMIT
    global_per: float = GLOBAL_PER
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    requests_by_route: Counter[str] = field(default_factory=Counter)
    limited_by_route: Counter[str] = field(default_factory=Counter)
    global_limited: int = 0
    served_at: list[float] = field(default_factory=list)  # times of requests under the global limit
    _windows: dict[tuple[str, str], _Window] = field(default_factory=dict)
    _recent: deque[float] = field(default_factory=deque)  # the global limit's sliding window

    @property
    def limited(self) -> int:
        """Every 429 served."""
        return sum(self.limited_by_route.values())

    def check(self, method: str, path: str) -> Verdict:
        """Count the request against its bucket and the global limit; refuse it if over."""
        now = self.clock()
        found, major = self._rule_for(method, path)
        route = f"{method} {found.name if found else 'other'}"
        self.requests_by_route[route] += 1
        if not _GLOBAL_EXEMPT.match(path):
            # Sliding: no `global_per` seconds ever hold more than `global_limit` requests.
            while self._recent and now - self._recent[0] >= self.global_per:
                self._recent.popleft()
            if len(self._recent) >= self.global_limit:
                self.global_limited += 1
                self.limited_by_route[route] += 1
                return _refusal(self._recent[0] + self.global_per - now, scope="global")
            self._recent.append(now)
            self.served_at.append(now)
        if found is None:
            return Verdict(headers={})
        bucket = self._windows.get((found.name, major))
        if bucket is None or now - bucket.started >= found.per:
            bucket = self._windows[(found.name, major)] = _Window(now)
        reset_after = bucket.started + found.per - now
        headers = {
            "X-RateLimit-Limit": str(found.limit),
            "X-RateLimit-Reset": f"{self.wall() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": found.bucket_hash,
        }
        if bucket.used >= found.limit:
            self.limited_by_route[route] += 1
            refusal = _refusal(reset_after, scope="user")
            refusal.headers.update(headers)
            refusal.headers["X-RateLimit-Remaining"] = "0"
            return refusal
        bucket.used += 1
        headers["X-RateLimit-Remaining"] = str(found.limit - bucket.used)
        return Verdict(headers=headers)

    def max_global_in_window(self) -> int:
        """The most requests served under the global limit within any `global_per` seconds."""
        times, best, start = self.served_at, 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= self.global_per:
                start += 1
            best = max(best, end - start + 1)
        return best

    def _rule_for(self, method: str, path: str) -> tuple[BucketRule | None, str]:
        for candidate in self.rules:
            if candidate.method == method:
                match = candidate.path.match(path)
                if match is not None:
                    return candidate, match.group("major")
        return None, ""


def _refusal(retry_after: float, *, scope: str) -> Verdict:
    retry_after = max(retry_after, 0.001)
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        "X-RateLimit-Scope": scope,
        # discord.py takes a 429 without `Via` for a Cloudflare ban; Discord's come via Google.
        "Via": "1.1 google",
    }
    if scope == "global":
        headers["X-RateLimit-Global"] = "true"
    body: dict[str, object] = {
        "message": "You are being rate limited.",
        "retry_after": round(retry_after, 3),
        "global": scope == "global",
    }
    return Verdict(headers=headers, refused=body)
