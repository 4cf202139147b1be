"""The fake gateway: one websocket session per connected client, speaking Discord's opcodes."""

from __future__ import annotations

import asyncio
import json
import logging
import zlib
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger(__name__)

# Opcodes.
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
RESUME = 6
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

# Intents.
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
DIRECT_MESSAGES = 1 << 12
DIRECT_MESSAGE_REACTIONS = 1 << 13
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

_GUILD_EVENT_INTENT = {
    "GUILD_CREATE": GUILDS,
    "GUILD_UPDATE": GUILDS,
    "GUILD_DELETE": GUILDS,
    "GUILD_ROLE_CREATE": GUILDS,
    "GUILD_ROLE_UPDATE": GUILDS,
    "GUILD_ROLE_DELETE": GUILDS,
    "CHANNEL_CREATE": GUILDS,
    "CHANNEL_UPDATE": GUILDS,
    "CHANNEL_DELETE": GUILDS,
    "THREAD_CREATE": GUILDS,
    "THREAD_UPDATE": GUILDS,
    "THREAD_DELETE": GUILDS,
    "GUILD_MEMBER_ADD": GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": GUILD_MEMBERS,
    "MESSAGE_CREATE": GUILD_MESSAGES,
    "MESSAGE_UPDATE": GUILD_MESSAGES,
    "MESSAGE_DELETE": GUILD_MESSAGES,
    "MESSAGE_DELETE_BULK": GUILD_MESSAGES,
    "MESSAGE_REACTION_ADD": GUILD_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE": GUILD_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE_ALL": GUILD_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE_EMOJI": GUILD_MESSAGE_REACTIONS,
}
_DM_EVENT_INTENT = {
    "MESSAGE_CREATE": DIRECT_MESSAGES,
    "MESSAGE_UPDATE": DIRECT_MESSAGES,
    "MESSAGE_DELETE": DIRECT_MESSAGES,
    "MESSAGE_REACTION_ADD": DIRECT_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE": DIRECT_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE_ALL": DIRECT_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE_EMOJI": DIRECT_MESSAGE_REACTIONS,
}

# Close codes.
AUTHENTICATION_FAILED = 4004
INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011
DISALLOWED_INTENTS = 4014


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events: Discord's `(guild_id >> 22) % num_shards`."""
    return (guild_id >> 22) % shard_count


def _guild_of(event: str, data: dict[str, Any]) -> int | None:
    if "guild_id" in data:
        return int(data["guild_id"])
    if event.startswith("GUILD_") and "id" in data:
        return int(data["id"])
    return None


def intent_needed(event: str, data: dict[str, Any]) -> int:
    """The intent bit a client needs to receive this event (0 if always sent)."""
    in_guild = "guild_id" in data or event.startswith("GUILD_")
    table = _GUILD_EVENT_INTENT if in_guild else _DM_EVENT_INTENT
    return table.get(event, 0)


class GatewaySession:
    """One client's websocket: handshake, heartbeats, and dispatches with sequence numbers."""

    def __init__(self, fake: FakeDiscord, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.fake = fake
        self.ws = ws
        self.sequence = 0
        self.intents = 0
        self.ready = False
        self.session_id = f"fake-session-{id(self):x}"
        self._compressor = zlib.compressobj() if compress == "zlib-stream" else None
        self._send_lock = asyncio.Lock()
        self.received: list[dict[str, Any]] = []
        self.shard: tuple[int, int] = (0, 1)  # (shard id, shard count) from IDENTIFY
        self.guild_events: list[tuple[str, int]] = []  # (event, guild id) sent on this session

    def serves(self, guild_id: int | None) -> bool:
        """Whether this session's shard receives events of `guild_id` (DMs go to shard 0)."""
        shard_id, count = self.shard
        return shard_id == 0 if guild_id is None else shard_of(guild_id, count) == shard_id

    def wants(self, event: str, data: dict[str, Any]) -> bool:
        """Whether this session's shard and intents let it receive the event."""
        needed = intent_needed(event, data)
        return (
            self.ready
            and (needed == 0 or bool(self.intents & needed))
            and self.serves(_guild_of(event, data))
        )

    @property
    def has_message_content(self) -> bool:
        """Whether the session asked for the message content intent."""
        return bool(self.intents & MESSAGE_CONTENT)

    async def send(self, payload: dict[str, Any]) -> None:
        """Send one gateway payload, zlib-stream compressed if the client asked for it."""
        text = json.dumps(payload)
        self.fake.activity += 1
        async with self._send_lock:
            if self.ws.closed:
                return
            if self._compressor is not None:
                chunk = self._compressor.compress(text.encode()) + self._compressor.flush(
                    zlib.Z_SYNC_FLUSH
                )
                await self.ws.send_bytes(chunk)
            else:
                await self.ws.send_str(text)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH with the next sequence number."""
        guild_id = _guild_of(event, data)
        if guild_id is not None:
            self.guild_events.append((event, guild_id))
        self.sequence += 1
        await self.send({"op": DISPATCH, "t": event, "s": self.sequence, "d": data})

    async def run(self) -> None:
        """Serve the session until the socket closes."""
        await self.send({"op": HELLO, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for message in self.ws:
            if message.type != WSMsgType.TEXT:
                if message.type == WSMsgType.BINARY:
                    await self._handle(json.loads(message.data))
                continue
            await self._handle(json.loads(message.data))

    async def _handle(self, payload: dict[str, Any]) -> None:
        self.fake.activity += 1
        self.received.append(payload)
        op = payload.get("op")
        data = payload.get("d")
        if op == HEARTBEAT:
            await self.send({"op": HEARTBEAT_ACK, "d": None})
        elif op == IDENTIFY:
            await self._identify(data or {})
        elif op == RESUME:
            # Only a session the fake dropped (faults.py) can resume; else IDENTIFY again.
            if not await self.fake.try_resume(self, data or {}):
                await self.send({"op": INVALID_SESSION, "d": False})
        elif op == REQUEST_GUILD_MEMBERS:
            await self._send_member_chunk(data or {})
        else:
            log.debug("fake gateway ignores op %s", op)

    async def _identify(self, data: dict[str, Any]) -> None:
        if data.get("token") != self.fake.token:
            await self.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        self.intents = int(data.get("intents", 0))
        if self.intents & PRIVILEGED_INTENTS & ~self.fake.allowed_privileged_intents:
            await self.ws.close(code=DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return
        shard_id, count = data.get("shard") or (0, 1)
        if count < self.fake.required_shards:
            await self.ws.close(code=SHARDING_REQUIRED, message=b"Sharding required.")
            return
        if not 0 <= shard_id < count:
            await self.ws.close(code=INVALID_SHARD, message=b"Invalid shard.")
            return
        self.shard = (int(shard_id), int(count))
        # Ready for the fake's events only after every GUILD_CREATE, as on Discord (no guild
        # event before its GUILD_CREATE): until then people's acts reach nobody.
        await self.dispatch("READY", self.fake.ready_payload(self))
        for guild in self.fake.guilds.values():
            if not self.serves(guild.id):
                continue
            await self.dispatch(
                "GUILD_CREATE",
                guild.create_payload(include_all_members=bool(self.intents & GUILD_MEMBERS)),
            )
        self.ready = True

    async def _send_member_chunk(self, data: dict[str, Any]) -> None:
        guild = self.fake.guilds.get(int(data["guild_id"]))
        if guild is None:
            return
        wanted = {int(user_id) for user_id in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        members = [
            m
            for m in guild.members.values()
            if (not wanted or m.id in wanted) and m.name.lower().startswith(query)
        ]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(i) for i in wanted - {m.id for m in members}],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)
