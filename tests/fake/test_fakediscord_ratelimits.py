"""The fake's rate limits (tests/support/fakediscord/ratelimits.py): the unit, then discord.py meeting them."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import discord
import pytest

from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.ratelimits import RateLimits, rule

pytestmark = pytest.mark.e2e

CHECK = "\N{WHITE HEAVY CHECK MARK}"


class Ticker:
    """A hand-moved clock for the unit tests."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_counts_down_per_channel_and_refuses_with_retry_after() -> None:
    ticker = Ticker()
    limits = RateLimits(clock=ticker, wall=ticker)
    post = "/channels/1/messages"
    answers = [limits.check("POST", post) for _ in range(5)]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["4", "3", "2", "1", "0"]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"5"}
    assert len({a.headers["X-RateLimit-Bucket"] for a in answers}) == 1
    ticker.now += 1.0
    refused = limits.check("POST", post)
    assert refused.refused is not None and refused.refused["global"] is False
    assert refused.refused["retry_after"] == pytest.approx(4.0)
    assert refused.headers["X-RateLimit-Scope"] == "user"
    assert refused.headers["Retry-After"] == "4"
    assert refused.headers["Via"]
    # Another channel has its own bucket; the first one opens again when its window ends.
    assert limits.check("POST", "/channels/2/messages").refused is None
    ticker.now += 4.0
    assert limits.check("POST", post).refused is None
    assert limits.limited_by_route == {"POST message-create": 1}
    assert limits.requests_by_route["POST message-create"] == 8


def test_reactions_add_and_remove_share_one_bucket_per_channel() -> None:
    ticker = Ticker()
    limits = RateLimits(clock=ticker, wall=ticker)
    assert limits.check("PUT", f"/channels/1/messages/5/reactions/{CHECK}/@me").refused is None
    assert (
        limits.check("DELETE", f"/channels/1/messages/6/reactions/{CHECK}/77").refused is not None
    )
    ticker.now += 0.25
    assert limits.check("DELETE", f"/channels/1/messages/6/reactions/{CHECK}/77").refused is None


def test_the_global_limit_is_sliding_and_spares_interactions() -> None:
    ticker = Ticker()
    limits = RateLimits(clock=ticker, wall=ticker, rules=())
    for n in range(50):
        ticker.now = 100.0 + n * 0.01
        assert limits.check("GET", f"/channels/{n}").refused is None
    refused = limits.check("GET", "/users/@me")
    assert refused.refused is not None and refused.refused["global"] is True
    assert refused.headers["X-RateLimit-Scope"] == "global"
    assert refused.headers["X-RateLimit-Global"] == "true"
    assert limits.check("POST", "/interactions/1/tok/callback").refused is None
    ticker.now = 101.0  # the first request has left the window
    assert limits.check("GET", "/users/@me").refused is None
    assert limits.check("GET", "/users/@me").refused is not None
    assert limits.max_global_in_window() == 50
    assert limits.global_limited == 2


def test_unmatched_routes_send_no_bucket_headers() -> None:
    limits = RateLimits()
    assert limits.check("GET", "/users/@me").headers == {}
    custom = RateLimits(rules=(rule("me", "GET", r"/users/(?P<major>@me)", 1, 10.0),))
    assert custom.check("GET", "/users/@me").headers["X-RateLimit-Remaining"] == "0"
    assert custom.check("GET", "/users/@me").refused is not None


async def test_a_raw_client_sees_429_with_discords_headers() -> None:
    fake = FakeDiscord(rate_limits=RateLimits())
    await fake.start()
    try:
        channel = await fake.add_text_channel("allmänt")
        url = f"{fake.base_url}/api/v10/channels/{channel.id}/messages"
        headers = {"Authorization": f"Bot {fake.token}"}
        async with aiohttp.ClientSession() as session:
            statuses = []
            for n in range(6):
                async with session.post(
                    url, json={"content": f"m{n}"}, headers=headers
                ) as response:
                    statuses.append(response.status)
                    last = response
                    body = await response.json()
        assert statuses == [200] * 5 + [429]
        assert body["retry_after"] > 4 and body["global"] is False
        assert last.headers["X-RateLimit-Scope"] == "user"
        assert last.headers["X-RateLimit-Remaining"] == "0"
    finally:
        await fake.stop()


class Poster(discord.Client):
    """A bare client; the test drives its HTTP calls."""


async def _client_on(fake: FakeDiscord) -> Poster:
    return Poster(intents=discord.Intents.default())


async def test_discord_py_honours_buckets_and_retries_a_429_itself() -> None:
    limits = RateLimits()
    fake = FakeDiscord(rate_limits=limits)
    await fake.start()
    try:
        channel = await fake.add_text_channel("allmänt")
        member = await fake.add_member("Mona")
        message = await fake.send_message(member, channel, "rösta här")
        client = await _client_on(fake)
        async with fake.running(client):
            partial = client.get_partial_messageable(channel.id)
            started = time.monotonic()
            # Reactions: one per 0.25 s per channel. Eight of them at once must all land.
            await asyncio.gather(
                *(
                    partial.get_partial_message(message.id).add_reaction(emoji)
                    for emoji in ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣"]
                )
            )
            elapsed = time.monotonic() - started
        assert len(fake.reactions_on(message)) == 8
        assert elapsed >= 7 * 0.25 * 0.9  # paced by the bucket, not all at once
        assert limits.requests_by_route["PUT reaction"] >= 8
    finally:
        await fake.stop()


async def test_discord_py_waits_out_a_global_429() -> None:
    limits = RateLimits(global_limit=10, rules=())
    fake = FakeDiscord(rate_limits=limits)
    await fake.start()
    try:
        # Twelve reads of twelve channels at once (discord.py sends one request per unknown
        # bucket at a time). They reach the limit together however slowly they arrive (a
        # loaded machine): two are over the global limit and are sent again after its wait.
        channels = [await fake.add_text_channel(f"kanal-{n}") for n in range(12)]
        together = asyncio.Event()

        async def all_together() -> None:
            if len(fake.calls("GET", r"/channels/\d+$")) >= len(channels):
                together.set()
            await together.wait()

        fake.on_request("GET", r"/channels/\d+$", all_together, times=len(channels))
        client = await _client_on(fake)
        async with fake.running(client):
            before = limits.global_limited
            results = await asyncio.gather(
                *(client.http.get_channel(channel.id) for channel in channels)
            )
        assert len(results) == 12
        assert limits.global_limited > before  # discord.py met real global 429s ...
        assert limits.max_global_in_window() <= 10  # ... and the fake never served more
    finally:
        await fake.stop()
