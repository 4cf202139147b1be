"""Faults in the fake: Discord answering 5xx, a dropped gateway, a refused resume, a late start.

`fail_next(n, status)` answers the next n REST calls with 500/503 (as Discord does in an
outage); `drop_gateway(refuse_resume=False)` closes every bot websocket as a network blip
would; the client RESUMEs and the fake replays the events it missed (Discord keeps them for a
resumable session), or, with `refuse_resume=True`, answers INVALID_SESSION so the client
starts a new session (READY again) and the events of the gap are lost: only reconciliation
can recover them. `reserve_port()` fixes the fake's address before it listens, so a client
can be started against a Discord that is not there yet. `refuse_gateway(n)` answers the next n
websocket handshakes 503 (the gateway is down while the REST API is not).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .gateway import _guild_of, intent_needed

if TYPE_CHECKING:
    from .gateway import GatewaySession
    from .server import FakeDiscord

SERVER_ERROR_MESSAGES = {
    500: "500: Internal Server Error",
    502: "502: Bad Gateway",
    503: "503: Service Unavailable",
}
DROP_CLOSE_CODE = 4000  # "unknown error": the client should reconnect and resume


@dataclass
class DetachedSession:
    """A gateway session whose websocket was dropped; Discord keeps its events for a RESUME."""

    session_id: str
    intents: int
    sequence: int
    shard: tuple[int, int]
    missed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


class FaultsMixin:
    """FakeDiscord's part about faults."""

    _failures: list[tuple[int, str | None]]
    refused_handshakes: int
    detached_sessions: dict[str, DetachedSession]
    resumes: int

    def fail_next(
        self: FakeDiscord, count: int, status: int = 503, *, path: str | None = None
    ) -> None:
        """Answer the next `count` REST calls (whose path contains `path`, if given) with `status`."""
        if status not in SERVER_ERROR_MESSAGES:
            raise ValueError(f"fail_next models Discord's 5xx answers, not {status}")
        self._failures.extend([(status, path)] * count)

    def take_failure(self: FakeDiscord, path: str) -> web.Response | None:
        """The 5xx answer for this request if one is pending (the server calls this first)."""
        for index, (status, wanted) in enumerate(self._failures):
            if wanted is None or wanted in path:
                del self._failures[index]
                return web.json_response(
                    {"message": SERVER_ERROR_MESSAGES[status], "code": 0}, status=status
                )
        return None

    def refuse_gateway(self: FakeDiscord, count: int) -> None:
        """Answer the next `count` websocket handshakes with 503 (no session is opened)."""
        self.refused_handshakes += count

    @property
    def pending_failures(self: FakeDiscord) -> int:
        """REST calls still to be failed."""
        return len(self._failures)

    async def drop_gateway(self: FakeDiscord, *, refuse_resume: bool = False) -> None:
        """Close every bot websocket abnormally; keep the sessions resumable unless refused."""
        for session in list(self.sessions):
            if session.ready and not refuse_resume:
                self.detached_sessions[session.session_id] = DetachedSession(
                    session.session_id, session.intents, session.sequence, session.shard
                )
            session.ready = False
            await session.ws.close(code=DROP_CLOSE_CODE, message=b"dropped by the test")

    def keep_for_detached(self: FakeDiscord, event: str, data: dict[str, Any]) -> None:
        """While a session is away, keep the events its intents ask for (replayed on RESUME)."""
        guild_id = _guild_of(event, data)
        needed = intent_needed(event, data)
        for detached in self.detached_sessions.values():
            shard_id, count = detached.shard
            on_shard = shard_id == 0 if guild_id is None else (guild_id >> 22) % count == shard_id
            if on_shard and (needed == 0 or detached.intents & needed):
                detached.missed.append((event, data))

    async def try_resume(self: FakeDiscord, session: GatewaySession, data: dict[str, Any]) -> bool:
        """RESUME: adopt a detached session and replay what it missed; False if not resumable."""
        detached = self.detached_sessions.pop(str(data.get("session_id")), None)
        if detached is None or data.get("token") != self.token:
            return False
        session.session_id = detached.session_id
        session.intents = detached.intents
        session.sequence = detached.sequence
        session.shard = detached.shard
        session.ready = True
        self.resumes += 1
        for event, payload in detached.missed:
            await session.dispatch(event, payload)
        await session.dispatch("RESUMED", {})
        return True

    def reserve_port(self: FakeDiscord) -> None:
        """Choose the fake's port now and point discord.py at it; `start()` listens there later."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.point_discord_py_here()
