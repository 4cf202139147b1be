"""The fake Discord server: REST routes and gateway on 127.0.0.1, plus helpers that act as people."""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import discord
import yarl
from aiohttp import BodyPartReader, web

from .faults import DetachedSession, FaultsMixin
from .gateway import (
    GUILD_MEMBERS,
    MESSAGE_CONTENT,
    GatewaySession,
)
from .patience import POLL, Patience
from .people import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    CommandNotAvailable,
    CommandNotSynced,
    ComponentNotFound,
    FakeInteraction,
    InteractionReply,
    OptionBuilder,
    modal_submit_components,
    user_of,
)
from .permissions import (
    CREATE_PRIVATE_THREADS,
    PermissionRefused,
    PermissionsMixin,
)
from .ratelimits import RateLimits
from .schema import (
    FOLLOWUP_AFTER_THINKING,
    SchemaMixin,
    Violation,
    check_command_sync,
    check_modal,
    spec,
)
from .selects import check_select_values
from .state import (
    ADD_REACTIONS,
    ADMINISTRATOR,
    ATTACH_FILES,
    BOT_DEFAULT,
    CREATE_PUBLIC_THREADS,
    DM,
    EMBED_LINKS,
    EPHEMERAL,
    EVERYONE_DEFAULT,
    GUILD_TEXT,
    LOADING,
    MANAGE_CHANNELS,
    MANAGE_MESSAGES,
    MANAGE_THREADS,
    PRIVATE_THREAD,
    PUBLIC_THREAD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    FakeChannel,
    FakeCommand,
    FakeGuild,
    FakeMember,
    FakeMessage,
    FakeRole,
    FakeUser,
    SnowflakeFactory,
    StoredFile,
    ThreadArchived,
    emoji_payload,
    normalise_emoji,
)

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway/ws"
ARRIVED = web.RequestKey("fake-arrived", float)  # when a request arrived (the fake's clock)
INTERACTION_TOKEN_LIFETIME = 15 * 60
AUTO_ARCHIVE_DURATIONS = (60, 1440, 4320, 10080)  # minutes Discord accepts
MESSAGE_EVENTS = ("MESSAGE_CREATE", "MESSAGE_UPDATE")
People = FakeUser | FakeMember


class ManualClock:
    """An injectable clock for the fake (seconds); move it with `advance`."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


@dataclass
class RecordedRequest:
    """One REST call the client made."""

    method: str
    path: str
    json: Any
    query: dict[str, str]
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 0
    at: float = field(default_factory=time.monotonic)  # when it arrived (time.monotonic)


@dataclass
class _Call:
    request: web.Request
    params: dict[str, str]
    body: Any
    files: dict[int, tuple[str, bytes, str]]

    def int_param(self, name: str) -> int:
        return int(self.params[name])

    @property
    def query(self) -> Mapping[str, str]:
        return self.request.query


class _Reject(Exception):
    """Answer the current request with a Discord error."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


Handler = Callable[[_Call], Awaitable[web.Response]]


@dataclass
class RequestHook:
    """What a test does at the moment a given request of the bot arrives (see `on_request`)."""

    method: str
    path: re.Pattern[str]
    action: Callable[[], Awaitable[Any]]
    times: int
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether a request with this method and (unquoted) path sets the hook off."""
        return self.fired < self.times and method == self.method and bool(self.path.search(path))


def _json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly "application/json".
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _invalid_form_body(violations: list[Violation]) -> web.Response:
    """Discord's 400 for a body that breaks the schema (the fake's message names the rule)."""
    text = "; ".join(str(v) for v in violations)
    return _json_response({"message": f"Invalid Form Body: {text}", "code": 50035}, 400)


def _no_content() -> web.Response:
    return web.Response(status=204)


class FakeDiscord(PermissionsMixin, FaultsMixin, SchemaMixin):
    """A fake Discord on 127.0.0.1 that the unmodified discord.py client talks to."""

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot_name: str = "Yrka",
        allowed_privileged_intents: int = GUILD_MEMBERS | MESSAGE_CONTENT,
        clock: Callable[[], float] = time.monotonic,
        response_deadline: float = 3.0,
        bot_permissions: int = BOT_DEFAULT,
        rate_limits: RateLimits | None = None,
        unlimited: bool = False,
        shards: int = 1,
        max_concurrency: int = 1,
        validate_schema: bool = True,
    ) -> None:
        self.token = token
        self.allowed_privileged_intents = allowed_privileged_intents
        self.clock = clock
        self.response_deadline = response_deadline
        self.bot_permissions = bot_permissions
        # schema.py: request bodies against Discord's OpenAPI description, command rules.
        self.validate_schema = validate_schema
        self.schema_violations: list[Violation] = []
        self.snowflakes = SnowflakeFactory()
        self.bot_user = FakeUser(self.snowflakes.next(), bot_name, bot=True)
        self.application_id = self.bot_user.id
        self.owner = FakeUser(self.snowflakes.next(), "Ägaren")
        self.users: dict[int, FakeUser] = {
            self.bot_user.id: self.bot_user,
            self.owner.id: self.owner,
        }
        self.guilds: dict[int, FakeGuild] = {}
        self.dm_channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, FakeMessage] = {}
        self._message_ids_in: dict[int, list[int]] = {}  # channel id -> its message ids
        self.files: dict[int, StoredFile] = {}
        self.global_commands: dict[str, FakeCommand] = {}
        self.guild_commands: dict[int, dict[str, FakeCommand]] = {}
        self.interactions: dict[int, FakeInteraction] = {}
        self.requests: list[RecordedRequest] = []
        # Requests and gateway messages either way: what a wait counts as progress (patience.py).
        self.activity = 0
        self.unknown_routes: list[str] = []
        self.sessions: list[GatewaySession] = []
        self.gateway_queries: list[dict[str, str]] = []
        self._in_flight = 0
        self._hooks: list[RequestHook] = []
        self.latency = 0.0  # seconds every REST answer is delayed, as real Discord's are
        # faults.py: REST calls to fail with 5xx, gateway handshakes to refuse, dropped
        # sessions that may RESUME.
        self._failures: list[tuple[int, str | None]] = []
        self.refused_handshakes = 0
        self.detached_sessions: dict[str, DetachedSession] = {}
        self.resumes = 0
        # Discord's REST rate limits (tests/support/fakediscord/ratelimits.py), on unless a
        # caller says `unlimited=True` (and why); `rate_limits` sets other rules.
        self.rate_limits: RateLimits | None = (
            None if unlimited else rate_limits if rate_limits is not None else RateLimits()
        )
        # Sharding: GET /gateway/bot recommends `shards`; fewer than `required_shards` at
        # IDENTIFY is closed with 4011, as Discord does for a bot past 2,500 guilds.
        self.shards = shards
        self.required_shards = 1
        self.max_concurrency = max_concurrency
        self.bot_message_log: list[tuple[str, FakeMessage]] = []
        self._message_waiters: list[tuple[Callable[[FakeMessage], bool], asyncio.Future[Any]]] = []
        self._routes: list[tuple[str, re.Pattern[str], Handler, bool]] = []
        self._runner: web.AppRunner | None = None
        self._saved_urls: tuple[str, yarl.URL] | None = None
        self.port = 0
        self._register_routes()
        self.guild = self._create_guild("Testgruppen")

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def gateway_url(self) -> str:
        """The websocket URL handed to discord.py."""
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1 and point discord.py at it."""
        if self.validate_schema:
            spec()  # parsed here (once per process), not inside a test's first timed request
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get(GATEWAY_PATH, self._gateway)
        app.router.add_get("/attachments/{file_id}/{filename}", self._serve_file)
        app.router.add_route("*", "/{tail:.*}", self._dispatch_request)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)  # 0 unless reserve_port()
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.point_discord_py_here()

    async def stop(self) -> None:
        """Close every gateway session, stop listening, restore discord.py's URLs."""
        for session in list(self.sessions):
            await session.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.restore_discord_py()

    def point_discord_py_here(self) -> None:
        """Set discord.http.Route.BASE and DiscordWebSocket.DEFAULT_GATEWAY to this fake."""
        if self._saved_urls is None:
            self._saved_urls = (
                discord.http.Route.BASE,
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            )
        discord.http.Route.BASE = f"{self.base_url}{API_PREFIX}"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def restore_discord_py(self) -> None:
        """Put discord.py's real Discord URLs back."""
        if self._saved_urls is not None:
            base, gateway = self._saved_urls
            discord.http.Route.BASE = base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
            self._saved_urls = None

    @asynccontextmanager
    async def running(
        self, client: discord.Client, *, ready_timeout: float = 10.0
    ) -> AsyncIterator[discord.Client]:
        """Start the client against the fake, wait for on_ready, and close it afterwards
        (`ready_timeout`: s without progress, see patience.py)."""
        # discord.py waits this long after the last GUILD_CREATE before READY; keep tests fast.
        client._connection.guild_ready_timeout = min(client._connection.guild_ready_timeout, 0.05)
        runner = asyncio.create_task(client.start(self.token))
        ready = asyncio.create_task(client.wait_until_ready())
        patience = Patience(ready_timeout, progress=lambda: self.activity)
        done: set[asyncio.Task[Any]] = set()
        while not done and patience.tick():
            done, _ = await asyncio.wait(
                {runner, ready}, timeout=POLL, return_when=asyncio.FIRST_COMPLETED
            )
        if ready not in done:
            ready.cancel()
            if runner in done:
                try:
                    runner.result()  # e.g. setup_hook's command sync refused (400)
                finally:
                    await client.close()  # as `async with client` would: its database too
                raise AssertionError("the client stopped before it was ready")
            runner.cancel()
            raise AssertionError(f"the client was not ready: {patience.story()}")
        try:
            yield client
        finally:
            await client.close()
            await runner

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.refused_handshakes:  # faults.py: the gateway is down for a while
            self.refused_handshakes -= 1
            return web.Response(status=503, text="503: Service Unavailable")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self.gateway_queries.append(dict(request.query))
        session = GatewaySession(self, ws, request.query.get("compress"))
        self.sessions.append(session)
        try:
            await session.run()
        finally:
            self.sessions.remove(session)
        return ws

    def ready_payload(self, session: GatewaySession) -> dict[str, Any]:
        """The READY payload for a session: every guild starts unavailable."""
        user = self.bot_user.payload() | {"verified": True, "mfa_enabled": False, "email": None}
        return {
            "v": 10,
            "user": user,
            "guilds": [
                {"id": str(g), "unavailable": True} for g in self.guilds if session.serves(g)
            ],
            "session_id": session.session_id,
            "shard": list(session.shard),
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
        }

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to every ready session whose intents allow it."""
        self.keep_for_detached(event, data)  # faults.py: replayed on RESUME
        for session in list(self.sessions):
            if not session.wants(event, data):
                continue
            payload = data
            if event in MESSAGE_EVENTS and not session.has_message_content:
                payload = self._without_content(data)
            await session.dispatch(event, payload)

    def _without_content(self, data: dict[str, Any]) -> dict[str, Any]:
        # Discord hides content from bots without the intent, except their own messages,
        # DMs and messages that mention them.
        author_id = int(data.get("author", {}).get("id", 0))
        mentions_bot = f"<@{self.bot_user.id}>" in data.get("content", "")
        if author_id == self.bot_user.id or "guild_id" not in data or mentions_bot:
            return data
        return data | {"content": "", "embeds": [], "attachments": [], "components": []}

    # ------------------------------------------------------------------ routing

    def _route(self, method: str, pattern: str, handler: Handler, *, auth: bool = True) -> None:
        regex = re.escape(pattern)
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", regex)
        self._routes.append((method, re.compile(regex), handler, auth))

    def _register_routes(self) -> None:
        r = self._route
        r("GET", "/gateway", self._get_gateway, auth=False)
        r("GET", "/gateway/bot", self._get_gateway_bot)
        r("GET", "/users/@me", self._get_me)
        r("GET", "/oauth2/applications/@me", self._get_application)
        r("GET", "/applications/@me", self._get_application)
        r("GET", "/applications/{app}/emojis", self._empty_items)
        r("GET", "/applications/{app}/entitlements", self._empty_list)
        r("GET", "/applications/{app}/commands", self._get_commands)
        r("PUT", "/applications/{app}/commands", self._put_commands)
        r("POST", "/applications/{app}/commands", self._post_command)
        r("GET", "/applications/{app}/guilds/{guild}/commands/permissions", self._empty_list)
        r("GET", "/applications/{app}/guilds/{guild}/commands", self._get_commands)
        r("PUT", "/applications/{app}/guilds/{guild}/commands", self._put_commands)
        r("POST", "/applications/{app}/guilds/{guild}/commands", self._post_command)
        r("POST", "/interactions/{interaction}/{token}/callback", self._callback, auth=False)
        r("POST", "/webhooks/{app}/{token}", self._followup, auth=False)
        for suffix in ("@original", "{message}"):
            path = "/webhooks/{app}/{token}/messages/" + suffix
            r("GET", path, self._webhook_get, auth=False)
            r("PATCH", path, self._webhook_edit, auth=False)
            r("DELETE", path, self._webhook_delete, auth=False)
        r("GET", "/channels/{channel}", self._get_channel)
        r("PATCH", "/channels/{channel}", self._edit_channel)
        r("GET", "/channels/{channel}/messages", self._history)
        r("POST", "/channels/{channel}/messages", self._post_message)
        r("GET", "/channels/{channel}/messages/{message}", self._get_message)
        r("PATCH", "/channels/{channel}/messages/{message}", self._edit_message)
        r("DELETE", "/channels/{channel}/messages/{message}", self._delete_message)
        reactions = "/channels/{channel}/messages/{message}/reactions"
        r("PUT", reactions + "/{emoji}/@me", self._react)
        r("DELETE", reactions + "/{emoji}/@me", self._unreact_me)
        r("DELETE", reactions + "/{emoji}/{user}", self._unreact_user)
        r("GET", reactions + "/{emoji}", self._reaction_users)
        r("DELETE", reactions + "/{emoji}", self._clear_emoji)
        r("DELETE", reactions, self._clear_reactions)
        r("POST", "/channels/{channel}/messages/{message}/threads", self._thread_from_message)
        r("POST", "/channels/{channel}/threads", self._thread_without_message)
        r("POST", "/users/@me/channels", self._open_dm)
        r("GET", "/guilds/{guild}", self._get_guild)
        r("GET", "/guilds/{guild}/channels", self._get_guild_channels)
        r("GET", "/guilds/{guild}/roles", self._get_roles)
        r("GET", "/guilds/{guild}/members", self._list_members)
        r("GET", "/guilds/{guild}/members/{user}", self._get_member)

    async def _dispatch_request(self, request: web.Request) -> web.StreamResponse:
        request[ARRIVED] = self.clock()  # Discord's deadlines count to a request's arrival
        self.activity += 1
        raw_path = request.rel_url.raw_path
        body, files = await self._read_body(request)
        path = raw_path.removeprefix(API_PREFIX)
        record = RecordedRequest(
            method=request.method,
            path=unquote(path),
            json=body,
            query=dict(request.query),
            files=[(name, data) for name, data, _ in files.values()],
        )
        self.requests.append(record)
        for hook in [h for h in self._hooks if h.matches(record.method, record.path)]:
            # Before the request counts as in flight: the hook's people settle as usual.
            hook.fired += 1
            await hook.action()
        limit = self.rate_limits.check(record.method, record.path) if self.rate_limits else None
        if limit is not None and limit.refused is not None:
            record.status = 429
            refused = _json_response(limit.refused, 429)
            refused.headers.update(limit.headers)
            return refused
        self._in_flight += 1
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            failure = self.take_failure(record.path)  # faults.py: an outage answers 5xx
            response = failure or await self._answer(request, raw_path, path, body, files)
        finally:
            self._in_flight -= 1
        if limit is not None:
            response.headers.update(limit.headers)
        record.status = response.status
        return response

    def on_request(
        self, method: str, path: str, action: Callable[[], Awaitable[Any]], *, times: int = 1
    ) -> RequestHook:
        """Run `action` when the bot's next request `method` whose unquoted path matches the
        regex `path` arrives, and answer that request only afterwards: a test acts at the
        exact moment of a race (e.g. a member reacts between two reads of a reconciliation).
        The hook fires `times` times; `hook.fired` says how often it did."""
        hook = RequestHook(method, re.compile(path), action, times)
        self._hooks.append(hook)
        return hook

    async def _answer(
        self,
        request: web.Request,
        raw_path: str,
        path: str,
        body: Any,
        files: dict[int, tuple[str, bytes, str]],
    ) -> web.Response:
        if raw_path.startswith(API_PREFIX):
            for method, regex, handler, auth in self._routes:
                match = regex.fullmatch(path) if method == request.method else None
                if match is None:
                    continue
                if auth and request.headers.get("Authorization") != f"Bot {self.token}":
                    return _json_response({"message": "401: Unauthorized", "code": 0}, 401)
                params = {key: unquote(value) for key, value in match.groupdict().items()}
                invalid = self.check_request_schema(request.method, path, body)
                if invalid:
                    return _invalid_form_body(invalid)
                try:
                    return await handler(_Call(request, params, body, files))
                except _Reject as reject:
                    return _json_response(
                        {"message": reject.message, "code": reject.code}, reject.status
                    )
                except PermissionRefused as refused:
                    message = "Missing Access" if refused.code == 50001 else "Missing Permissions"
                    return _json_response({"message": message, "code": refused.code}, 403)
        self.unknown_routes.append(f"{request.method} {unquote(raw_path)}")
        return _json_response({"message": "404: Not Found", "code": 0}, 404)

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, dict[int, tuple[str, bytes, str]]]:
        files: dict[int, tuple[str, bytes, str]] = {}
        if request.content_type == "application/json":
            return await request.json(), files
        if request.content_type.startswith("multipart/"):
            body: Any = None
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                name = part.name or ""
                data = await part.read()
                if name == "payload_json":
                    body = json.loads(data)
                elif match := re.fullmatch(r"files\[(\d+)\]", name):
                    content_type = part.headers.get("Content-Type", "application/octet-stream")
                    files[int(match.group(1))] = (part.filename or name, bytes(data), content_type)
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw.strip().startswith(b"{") else None), files

    async def _serve_file(self, request: web.Request) -> web.StreamResponse:
        stored = self.files.get(int(request.match_info["file_id"]))
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.data, headers={"Content-Type": stored.content_type})

    # ------------------------------------------------------------------ lookups

    def _channel(self, channel_id: int) -> FakeChannel:
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild.channels[channel_id]
        if channel_id in self.dm_channels:
            return self.dm_channels[channel_id]
        raise _Reject(404, 10003, "Unknown Channel")

    def _message(self, channel_id: int, message_id: int) -> FakeMessage:
        self.require_bot(self._channel(channel_id), 0)
        message = self.messages.get(message_id)
        if message is None or message.deleted or message.channel_id != channel_id:
            raise _Reject(404, 10008, "Unknown Message")
        return message

    def _active_message(self, channel_id: int, message_id: int) -> FakeMessage:
        """A message that may be changed: not in an archived thread (Discord: 50083)."""
        message = self._message(channel_id, message_id)
        if self._channel(channel_id).archived:
            raise _Reject(400, 50083, "Thread is archived")
        return message

    def _guild(self, guild_id: int) -> FakeGuild:
        guild = self.guilds.get(guild_id)
        if guild is None:
            raise _Reject(404, 10004, "Unknown Guild")
        return guild

    def _bot_permissions_in(self, channel: FakeChannel) -> int:
        if channel.guild_id is None:
            return BOT_DEFAULT
        return self.bot_permissions_in_channel(channel)

    def member_of(self, user: People, guild_id: int | None) -> FakeMember | None:
        """The member object of a user in a guild (None in DMs or if not a member)."""
        if guild_id is None:
            return None
        return self.guilds[guild_id].members.get(user_of(user).id)

    def message_payload(self, message: FakeMessage) -> dict[str, Any]:
        """A stored message as Discord sends it to the bot."""
        return message.payload(self.bot_user.id, self.member_of(message.author, message.guild_id))

    # ------------------------------------------------------------------ REST: identity

    async def _get_gateway(self, call: _Call) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, call: _Call) -> web.Response:
        limit = {
            "total": 1000,
            "remaining": 999,
            "reset_after": 0,
            "max_concurrency": self.max_concurrency,
        }
        return _json_response(
            {"url": self.gateway_url, "shards": self.shards, "session_start_limit": limit}
        )

    async def _get_me(self, call: _Call) -> web.Response:
        return _json_response(self.bot_user.payload() | {"verified": True, "mfa_enabled": False})

    def _application_flags(self) -> int:
        # The Developer Portal's intent switches, as a bot in < 100 servers has them.
        flags = 0
        if self.allowed_privileged_intents & GUILD_MEMBERS:
            flags |= 1 << 15  # GATEWAY_GUILD_MEMBERS_LIMITED
        if self.allowed_privileged_intents & MESSAGE_CONTENT:
            flags |= 1 << 19  # GATEWAY_MESSAGE_CONTENT_LIMITED
        return flags

    async def _get_application(self, call: _Call) -> web.Response:
        return _json_response(
            {
                "id": str(self.application_id),
                "name": self.bot_user.name,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "rpc_origins": [],
                "bot_public": False,
                "bot_require_code_grant": False,
                "bot": self.bot_user.payload(),
                "owner": self.owner.payload(),
                "team": None,
                "verify_key": "0" * 64,
                "flags": self._application_flags(),
                "tags": [],
                "interactions_endpoint_url": None,
                "redirect_uris": [],
            }
        )

    async def _empty_list(self, call: _Call) -> web.Response:
        return _json_response([])

    async def _empty_items(self, call: _Call) -> web.Response:
        return _json_response({"items": []})

    # ------------------------------------------------------------------ REST: commands

    def _command_store(self, call: _Call) -> tuple[dict[str, FakeCommand], int | None]:
        if call.int_param("app") != self.application_id:
            raise _Reject(403, 50001, "Missing Access")
        if "guild" not in call.params:
            return self.global_commands, None
        guild_id = self._guild(call.int_param("guild")).id
        return self.guild_commands.setdefault(guild_id, {}), guild_id

    async def _get_commands(self, call: _Call) -> web.Response:
        store, _ = self._command_store(call)
        return _json_response([command.payload() for command in store.values()])

    def _check_commands(self, call: _Call) -> None:
        route = f"{call.request.method} /applications/{{application_id}}" + (
            "/guilds/{guild_id}/commands" if "guild" in call.params else "/commands"
        )
        invalid = self.record_violations(check_command_sync(route, call.body))
        if invalid:
            raise _Reject(400, 50035, "Invalid Form Body: " + "; ".join(map(str, invalid)))

    async def _put_commands(self, call: _Call) -> web.Response:
        store, guild_id = self._command_store(call)
        self._check_commands(call)
        previous = dict(store)
        store.clear()
        for data in call.body or []:
            old = previous.get(data["name"])
            command_id = old.id if old else self.snowflakes.next()
            store[data["name"]] = FakeCommand(command_id, self.application_id, guild_id, data)
        return _json_response([command.payload() for command in store.values()])

    async def _post_command(self, call: _Call) -> web.Response:
        store, guild_id = self._command_store(call)
        self._check_commands(call)
        data = call.body
        old = store.get(data["name"])
        command = FakeCommand(
            old.id if old else self.snowflakes.next(), self.application_id, guild_id, data
        )
        store[command.name] = command
        return _json_response(command.payload(), 200 if old else 201)

    # ------------------------------------------------------------------ REST: messages

    def _store_file(
        self, filename: str, data: bytes, content_type: str = "", description: str | None = None
    ) -> StoredFile:
        file_id = self.snowflakes.next()
        stored = StoredFile(
            id=file_id,
            filename=filename,
            data=data,
            content_type=content_type or _guess_content_type(filename),
            url=f"{self.base_url}/attachments/{file_id}/{filename}",
            description=description,
        )
        self.files[file_id] = stored
        return stored

    def _uploaded_files(
        self,
        body: Mapping[str, Any],
        files: Mapping[int, tuple[str, bytes, str]],
        existing: list[StoredFile],
    ) -> list[StoredFile]:
        """Attachments after a create/edit: kept existing ones plus the newly uploaded files."""
        if "attachments" not in body:
            kept = list(existing)
            described: dict[int, dict[str, Any]] = {}
        else:
            by_id = {stored.id: stored for stored in existing}
            kept = [by_id[int(a["id"])] for a in body["attachments"] if int(a["id"]) in by_id]
            described = {int(a["id"]): a for a in body["attachments"]}
        for index, (filename, data, content_type) in sorted(files.items()):
            meta = described.get(index, {})
            kept.append(
                self._store_file(
                    meta.get("filename", filename), data, content_type, meta.get("description")
                )
            )
        return kept

    def _apply_message_body(
        self, message: FakeMessage, body: Mapping[str, Any], files: Mapping[int, Any]
    ) -> None:
        if "content" in body:
            message.content = body["content"] or ""
        if "embeds" in body:
            message.embeds = body["embeds"] or []
        if "components" in body:
            message.components = body["components"] or []
        message.attachments = self._uploaded_files(body, files, message.attachments)

    def _new_message(
        self,
        channel: FakeChannel,
        author: FakeUser,
        body: Mapping[str, Any],
        files: Mapping[int, Any],
        *,
        flags: int = 0,
        type: int = 0,
    ) -> FakeMessage:
        message = FakeMessage(
            id=self.snowflakes.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author,
            flags=flags | (int(body.get("flags") or 0) & EPHEMERAL),
            type=type,
        )
        self._apply_message_body(message, body, files)
        reference = body.get("message_reference")
        if reference and reference.get("message_id"):
            message.reference_id = int(reference["message_id"])
            message.type = 19 if type == 0 else type
        self.messages[message.id] = message
        self._message_ids_in.setdefault(message.channel_id, []).append(message.id)
        return message

    async def _publish(self, event: str, message: FakeMessage) -> None:
        """Dispatch MESSAGE_CREATE/UPDATE (not for ephemeral ones) and wake bot-message waiters."""
        if not message.ephemeral:
            await self.dispatch(event, self.message_payload(message))
        if message.author.id == self.bot_user.id:
            self.bot_message_log.append((event, message))
            for predicate, future in list(self._message_waiters):
                if not future.done() and predicate(message):
                    future.set_result(message)

    async def _get_channel(self, call: _Call) -> web.Response:
        channel = self._channel(call.int_param("channel"))
        self.require_bot(channel, 0)
        return _json_response(channel.payload())

    async def _post_message(self, call: _Call) -> web.Response:
        channel = self._channel(call.int_param("channel"))
        body = dict(call.body or {})
        # Create Message: SEND_MESSAGES (in a thread SEND_MESSAGES_IN_THREADS), ATTACH_FILES
        # for files, READ_MESSAGE_HISTORY for a reply; without EMBED_LINKS Discord drops
        # the embeds (and an empty message is refused).
        needed = SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES
        if call.files:
            needed |= ATTACH_FILES
        if body.get("message_reference"):
            needed |= READ_MESSAGE_HISTORY
        self.require_bot(channel, needed)
        if body.get("embeds") and not self._bot_permissions_in(channel) & EMBED_LINKS:
            body["embeds"] = []
            if not body.get("content") and not call.files and not body.get("components"):
                raise _Reject(400, 50006, "Cannot send an empty message")
        if channel.locked and not self._bot_permissions_in(channel) & MANAGE_THREADS:
            raise _Reject(403, 50013, "Missing Permissions")
        # Discord: sending a message unarchives the thread, unless a moderator locked it.
        await self._set_archived(channel, False)
        message = self._new_message(channel, self.bot_user, body, call.files)
        await self._publish("MESSAGE_CREATE", message)
        return _json_response(self.message_payload(message))

    async def _get_message(self, call: _Call) -> web.Response:
        message = self._message(call.int_param("channel"), call.int_param("message"))
        self.require_bot(self._channel(message.channel_id), READ_MESSAGE_HISTORY)
        return _json_response(self.message_payload(message))

    async def _edit_message(self, call: _Call) -> web.Response:
        message = self._active_message(call.int_param("channel"), call.int_param("message"))
        if message.author.id != self.bot_user.id:
            raise _Reject(403, 50005, "Cannot edit a message authored by another user")
        await self._edit(message, call.body or {}, call.files)
        return _json_response(self.message_payload(message))

    async def _edit(self, message: FakeMessage, body: Mapping[str, Any], files: Any) -> None:
        self._apply_message_body(message, body, files)
        message.flags &= ~LOADING
        message.edited_at = datetime.now(UTC)
        message.edits += 1
        await self._publish("MESSAGE_UPDATE", message)

    async def _delete_message(self, call: _Call) -> web.Response:
        message = self._message(call.int_param("channel"), call.int_param("message"))
        if message.author.id != self.bot_user.id:
            self.require_bot(self._channel(message.channel_id), MANAGE_MESSAGES)
        await self._remove_message(message)
        return _no_content()

    async def _remove_message(self, message: FakeMessage) -> None:
        message.deleted = True
        data: dict[str, Any] = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        if not message.ephemeral:
            await self.dispatch("MESSAGE_DELETE", data)

    async def _history(self, call: _Call) -> web.Response:
        channel = self._channel(call.int_param("channel"))
        self.require_bot(channel, 0)
        if not self._bot_permissions_in(channel) & READ_MESSAGE_HISTORY:
            return _json_response([])  # Discord: no messages without READ_MESSAGE_HISTORY
        limit = max(1, min(int(call.query.get("limit", 50)), 100))
        stored = self.messages_in(channel)
        if "before" in call.query:
            before = int(call.query["before"])
            page = [m for m in stored if m.id < before][-limit:]
        elif "after" in call.query:
            after = int(call.query["after"])
            page = [m for m in stored if m.id > after][:limit]
        elif "around" in call.query:
            around = int(call.query["around"])
            older = [m for m in stored if m.id <= around][-(limit // 2 + 1) :]
            page = older + [m for m in stored if m.id > around][: limit - len(older)]
        else:
            page = stored[-limit:]
        return _json_response([self.message_payload(m) for m in reversed(page)])

    # ------------------------------------------------------------------ REST: reactions

    def _reaction_event(self, message: FakeMessage, user_id: int, emoji: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user_id": str(user_id),
            "channel_id": str(message.channel_id),
            "message_id": str(message.id),
            "emoji": emoji_payload(emoji),
            "burst": False,
            "type": 0,
        }
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        return data

    @staticmethod
    def _key(message: FakeMessage, emoji: str) -> str:
        """The key an emoji is stored under: custom emoji are matched by id, as Discord does
        (the name in a request or in an event may be an old one)."""
        key = normalise_emoji(emoji)
        name, sep, emoji_id = key.rpartition(":")
        if sep and name and emoji_id.isdigit():
            for stored in message.reactions:
                if stored.rpartition(":")[2] == emoji_id:
                    return stored
        return key

    async def _store_reaction(
        self, message: FakeMessage, user_id: int, emoji: str, *, dispatch: bool
    ) -> bool:
        key = self._key(message, emoji)
        users = message.reactions.setdefault(key, [])
        if user_id in users:
            return False
        users.append(user_id)
        if dispatch:
            data = self._reaction_event(message, user_id, key)
            member = self.member_of(self.users[user_id], message.guild_id)
            if member is not None:
                data["member"] = member.payload()
            data["message_author_id"] = str(message.author.id)
            await self.dispatch("MESSAGE_REACTION_ADD", data)
        return True

    async def _drop_reaction(
        self, message: FakeMessage, user_id: int, emoji: str, *, dispatch: bool
    ) -> bool:
        key = self._key(message, emoji)
        users = message.reactions.get(key, [])
        if user_id not in users:
            return False
        users.remove(user_id)
        if not users:
            del message.reactions[key]
        if dispatch:
            await self.dispatch(
                "MESSAGE_REACTION_REMOVE", self._reaction_event(message, user_id, key)
            )
        return True

    async def _react(self, call: _Call) -> web.Response:
        message = self._active_message(call.int_param("channel"), call.int_param("message"))
        # Reacting needs READ_MESSAGE_HISTORY; ADD_REACTIONS only to add a new emoji.
        needed = READ_MESSAGE_HISTORY
        if not message.reactions.get(self._key(message, call.params["emoji"])):
            needed |= ADD_REACTIONS
        self.require_bot(self._channel(message.channel_id), needed)
        await self._store_reaction(message, self.bot_user.id, call.params["emoji"], dispatch=True)
        return _no_content()

    async def _unreact_me(self, call: _Call) -> web.Response:
        message = self._active_message(call.int_param("channel"), call.int_param("message"))
        await self._drop_reaction(message, self.bot_user.id, call.params["emoji"], dispatch=True)
        return _no_content()

    async def _unreact_user(self, call: _Call) -> web.Response:
        message = self._active_message(call.int_param("channel"), call.int_param("message"))
        user_id = call.int_param("user")
        if user_id != self.bot_user.id:
            self.require_bot(self._channel(message.channel_id), MANAGE_MESSAGES)
        await self._drop_reaction(message, user_id, call.params["emoji"], dispatch=True)
        return _no_content()

    async def _reaction_users(self, call: _Call) -> web.Response:
        message = self._message(call.int_param("channel"), call.int_param("message"))
        self.require_bot(self._channel(message.channel_id), READ_MESSAGE_HISTORY)
        users = sorted(message.reactions.get(self._key(message, call.params["emoji"]), []))
        after = int(call.query.get("after", 0))
        limit = max(1, min(int(call.query.get("limit", 25)), 100))
        page = [user_id for user_id in users if user_id > after][:limit]
        return _json_response([self.users[user_id].payload() for user_id in page])

    async def _clear_emoji(self, call: _Call) -> web.Response:
        message = self._active_message(call.int_param("channel"), call.int_param("message"))
        self.require_bot(self._channel(message.channel_id), MANAGE_MESSAGES)
        key = self._key(message, call.params["emoji"])
        message.reactions.pop(key, None)
        data = self._reaction_event(message, 0, key)
        del data["user_id"]
        await self.dispatch("MESSAGE_REACTION_REMOVE_EMOJI", data)
        return _no_content()

    async def _clear_reactions(self, call: _Call) -> web.Response:
        message = self._active_message(call.int_param("channel"), call.int_param("message"))
        self.require_bot(self._channel(message.channel_id), MANAGE_MESSAGES)
        message.reactions.clear()
        data = {"channel_id": str(message.channel_id), "message_id": str(message.id)}
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        await self.dispatch("MESSAGE_REACTION_REMOVE_ALL", data)
        return _no_content()

    # ------------------------------------------------------------------ REST: threads, DMs, guilds

    async def _create_thread(
        self, parent: FakeChannel, thread_id: int, body: Mapping[str, Any], type: int
    ) -> FakeChannel:
        if parent.guild_id is None or parent.is_thread:
            raise _Reject(400, 50024, "Cannot execute action on this channel type")
        self.require_bot(
            parent, CREATE_PRIVATE_THREADS if type == PRIVATE_THREAD else CREATE_PUBLIC_THREADS
        )
        thread = FakeChannel(
            id=thread_id,
            type=type,
            name=str(body.get("name", "tråd")),
            guild_id=parent.guild_id,
            parent_id=parent.id,
            owner_id=self.bot_user.id,
            auto_archive_duration=_auto_archive_duration(body.get("auto_archive_duration", 1440)),
        )
        self.guilds[parent.guild_id].channels[thread.id] = thread
        await self.dispatch("THREAD_CREATE", thread.payload() | {"newly_created": True})
        return thread

    async def _thread_from_message(self, call: _Call) -> web.Response:
        message = self._message(call.int_param("channel"), call.int_param("message"))
        if message.thread_id is not None:
            raise _Reject(400, 160004, "A thread has already been created for this message")
        parent = self._channel(message.channel_id)
        # Discord gives a thread started from a message the message's id.
        thread = await self._create_thread(parent, message.id, call.body or {}, PUBLIC_THREAD)
        message.thread_id = thread.id
        return _json_response(thread.payload(), 201)

    async def _thread_without_message(self, call: _Call) -> web.Response:
        parent = self._channel(call.int_param("channel"))
        body = call.body or {}
        kind = int(body.get("type") or PRIVATE_THREAD)
        thread = await self._create_thread(parent, self.snowflakes.next(), body, kind)
        return _json_response(thread.payload(), 201)

    async def _edit_channel(self, call: _Call) -> web.Response:
        channel = self._channel(call.int_param("channel"))
        body = call.body or {}
        if channel.guild_id is None:
            raise _Reject(400, 50024, "Cannot execute action on this channel type")
        self.require_bot(channel, 0)
        permissions = self._bot_permissions_in(channel)
        if not channel.is_thread:
            if not permissions & MANAGE_CHANNELS:
                raise _Reject(403, 50013, "Missing Permissions")
            channel.name = _channel_name(body.get("name", channel.name))
            channel.topic = body.get("topic", channel.topic)
            await self.dispatch("CHANNEL_UPDATE", channel.payload())
            return _json_response(channel.payload())
        await self._edit_thread(channel, body, permissions)
        return _json_response(channel.payload())

    async def _edit_thread(
        self, thread: FakeChannel, body: Mapping[str, Any], permissions: int
    ) -> None:
        """Modify Channel for a thread, with Discord's permission rules (THREAD_UPDATE)."""
        if thread.archived and body.get("archived") is not False:
            raise _Reject(400, 50083, "Thread is archived")
        fields = {
            key for key in body if key in ("name", "archived", "locked", "auto_archive_duration")
        }
        # Unarchiving an unlocked thread needs only the right to send in it; the owner may
        # rename, archive and set the duration of an unlocked one; anything else: MANAGE_THREADS.
        only_unarchive = fields == {"archived"} and body["archived"] is False and not thread.locked
        owner_edit = (
            thread.owner_id == self.bot_user.id
            and not thread.locked
            and fields <= {"name", "archived", "auto_archive_duration"}
        )
        allowed = (
            permissions & MANAGE_THREADS
            or (only_unarchive and permissions & SEND_MESSAGES_IN_THREADS)
            or owner_edit
        )
        if not allowed:
            raise _Reject(403, 50013, "Missing Permissions")
        if "name" in body:
            thread.name = _channel_name(body["name"])
        if "auto_archive_duration" in body:
            thread.auto_archive_duration = _auto_archive_duration(body["auto_archive_duration"])
        if "locked" in body:
            thread.locked = bool(body["locked"])
        if "archived" in body and bool(body["archived"]) != thread.archived:
            thread.archived = bool(body["archived"])
            thread.archive_timestamp = datetime.now(UTC)
        await self.dispatch("THREAD_UPDATE", thread.payload())

    async def _set_archived(self, thread: FakeChannel, archived: bool) -> None:
        """Archive or unarchive a thread as Discord itself does it (THREAD_UPDATE if it changed)."""
        if not thread.is_thread or thread.archived == archived:
            return
        thread.archived = archived
        thread.archive_timestamp = datetime.now(UTC)
        await self.dispatch("THREAD_UPDATE", thread.payload())

    async def _open_dm(self, call: _Call) -> web.Response:
        user = self.users.get(int(call.body["recipient_id"]))
        if user is None:
            raise _Reject(400, 50033, "Invalid Recipients")
        return _json_response(self.dm_channel(user).payload())

    async def _get_guild(self, call: _Call) -> web.Response:
        guild = self._guild(call.int_param("guild"))
        data = guild.create_payload(include_all_members=False)
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at"):
            data.pop(key, None)
        return _json_response(data)

    async def _get_guild_channels(self, call: _Call) -> web.Response:
        guild = self._guild(call.int_param("guild"))
        return _json_response([c.payload() for c in guild.channels.values() if not c.is_thread])

    async def _get_roles(self, call: _Call) -> web.Response:
        guild = self._guild(call.int_param("guild"))
        return _json_response([role.payload() for role in guild.roles.values()])

    async def _get_member(self, call: _Call) -> web.Response:
        guild = self._guild(call.int_param("guild"))
        member = guild.members.get(call.int_param("user"))
        if member is None:
            raise _Reject(404, 10007, "Unknown Member")
        return _json_response(member.payload())

    async def _list_members(self, call: _Call) -> web.Response:
        guild = self._guild(call.int_param("guild"))
        limit = max(1, min(int(call.query.get("limit", 1)), 1000))
        after = int(call.query.get("after", 0))
        members = sorted(guild.members.values(), key=lambda m: m.id)
        page = [m.payload() for m in members if m.id > after][:limit]
        return _json_response(page)

    # ------------------------------------------------------------------ REST: interactions

    def _interaction_by_token(self, call: _Call) -> FakeInteraction:
        if call.int_param("app") != self.application_id:
            raise _Reject(404, 10015, "Unknown Webhook")
        token = call.params["token"]
        for interaction in self.interactions.values():
            if interaction.token == token:
                if self.clock() - interaction.created_at > INTERACTION_TOKEN_LIFETIME:
                    raise _Reject(401, 50027, "Invalid Webhook Token")
                return interaction
        raise _Reject(404, 10015, "Unknown Webhook")

    async def _callback(self, call: _Call) -> web.Response:
        interaction = self.interactions.get(call.int_param("interaction"))
        if interaction is None or interaction.token != call.params["token"]:
            raise _Reject(404, 10062, "Unknown interaction")
        try:
            return await self._respond(interaction, call)
        except _Reject as reject:
            interaction.rejected_responses.append((reject.status, reject.code))
            interaction.notify()
            raise

    async def _respond(self, interaction: FakeInteraction, call: _Call) -> web.Response:
        if interaction.initial is not None:
            raise _Reject(400, 40060, "Interaction has already been acknowledged.")
        if call.request[ARRIVED] - interaction.created_at > self.response_deadline:
            raise _Reject(404, 10062, "Unknown interaction")
        body = call.body or {}
        kind = int(body["type"])
        data = body.get("data") or {}
        if kind == MODAL:  # Discord accepts it, but has deprecated it: the test fails
            self.record_violations(check_modal("POST /interactions/{id}/{token}/callback", data))
        message: FakeMessage | None = None
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            flags = LOADING if kind == DEFERRED_CHANNEL_MESSAGE else 0
            message_type = 20 if interaction.type == APPLICATION_COMMAND else 0
            message = self._new_message(
                interaction.channel, self.bot_user, data, call.files, flags=flags, type=message_type
            )
            message.webhook_id = self.application_id
            message.interaction_metadata = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": {},
            }
            interaction.original_message = message
            await self._publish("MESSAGE_CREATE", message)
        elif kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
            if interaction.source_message is None:
                raise _Reject(400, 50035, "Invalid Form Body: no message to update")
            message = interaction.source_message
            interaction.original_message = message
            if kind == UPDATE_MESSAGE:
                await self._edit(message, data, call.files)
        interaction.initial = InteractionReply(
            type=kind,
            data=data,
            files=list(message.attachments) if message and kind != DEFERRED_UPDATE_MESSAGE else [],
            message=message,
        )
        interaction.notify()
        resource: dict[str, Any] = {"type": kind}
        if message is not None and kind != DEFERRED_UPDATE_MESSAGE:
            resource["message"] = self.message_payload(message)
        return _json_response(
            {
                "interaction": {
                    "id": str(interaction.id),
                    "type": interaction.type,
                    "response_message_id": str(message.id) if message else None,
                    "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                    "response_message_ephemeral": bool(message and message.ephemeral),
                },
                "resource": resource,
            }
        )

    async def _followup(self, call: _Call) -> web.Response:
        interaction = self._interaction_by_token(call)
        if interaction.initial is None:
            raise _Reject(404, 10015, "Unknown Webhook")
        body = call.body or {}
        original = interaction.original_message
        if original is not None and original.flags & LOADING and not interaction.followup_messages:
            # The first follow-up after a "thinking" defer replaces the loading message; Discord
            # keeps this for backwards compatibility only: the test fails (schema.py).
            self.record_violations(
                [Violation("POST /webhooks/{application_id}/{token}", "", FOLLOWUP_AFTER_THINKING)]
            )
            await self._edit(original, body, call.files)
            message = original
        else:
            message = self._new_message(interaction.channel, self.bot_user, body, call.files)
            message.webhook_id = self.application_id
            await self._publish("MESSAGE_CREATE", message)
        interaction.followup_messages.append(message)
        interaction.notify()
        return _json_response(self.message_payload(message))

    def _webhook_message(self, interaction: FakeInteraction, call: _Call) -> FakeMessage:
        wanted = call.params.get("message")
        if wanted is None:
            message = interaction.original_message
        else:
            candidates = [interaction.original_message, *interaction.followup_messages]
            message = next((m for m in candidates if m is not None and m.id == int(wanted)), None)
        if message is None or message.deleted:
            raise _Reject(404, 10008, "Unknown Message")
        return message

    async def _webhook_get(self, call: _Call) -> web.Response:
        interaction = self._interaction_by_token(call)
        return _json_response(self.message_payload(self._webhook_message(interaction, call)))

    async def _webhook_edit(self, call: _Call) -> web.Response:
        interaction = self._interaction_by_token(call)
        message = self._webhook_message(interaction, call)
        await self._edit(message, call.body or {}, call.files)
        if message is interaction.original_message:
            interaction.original_edits.append(call.body or {})
        interaction.notify()
        return _json_response(self.message_payload(message))

    async def _webhook_delete(self, call: _Call) -> web.Response:
        interaction = self._interaction_by_token(call)
        await self._remove_message(self._webhook_message(interaction, call))
        interaction.notify()
        return _no_content()

    # ------------------------------------------------------------------ building the world

    def _create_guild(
        self, name: str, locale: str = "sv-SE", *, shard: tuple[int, int] | None = None
    ) -> FakeGuild:
        guild_id = (
            self.snowflakes.next() if shard is None else self.snowflakes.next_on_shard(*shard)
        )
        guild = FakeGuild(id=guild_id, name=name, owner_id=self.owner.id, locale=locale)
        guild.roles[guild.id] = FakeRole(guild.id, guild.id, "@everyone", EVERYONE_DEFAULT)
        bot_role = FakeRole(
            self.snowflakes.next(),
            guild.id,
            self.bot_user.name,
            self.bot_permissions,
            1,
            True,
            bot_id=self.bot_user.id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.members[self.owner.id] = FakeMember(self.owner, guild.id)
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, guild.id, [bot_role.id])
        self.guilds[guild.id] = guild
        return guild

    async def add_guild(
        self, name: str, *, locale: str = "sv-SE", shard: tuple[int, int] | None = None
    ) -> FakeGuild:
        """A new guild with the bot in it (GUILD_CREATE to its shard if the bot is connected);
        `shard=(id, count)` picks an id that `count` shards route to shard `id`."""
        guild = self._create_guild(name, locale, shard=shard)
        for session in list(self.sessions):
            if session.ready and session.serves(guild.id):
                await session.dispatch(
                    "GUILD_CREATE",
                    guild.create_payload(include_all_members=bool(session.intents & GUILD_MEMBERS)),
                )
        return guild

    async def add_role(
        self, name: str, permissions: int = 0, *, guild: FakeGuild | None = None
    ) -> FakeRole:
        """A new role (GUILD_ROLE_CREATE)."""
        guild = guild or self.guild
        role = FakeRole(self.snowflakes.next(), guild.id, name, permissions, len(guild.roles))
        guild.roles[role.id] = role
        await self.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()}
        )
        return role

    async def add_text_channel(
        self, name: str, *, guild: FakeGuild | None = None, topic: str | None = None
    ) -> FakeChannel:
        """A new text channel (CHANNEL_CREATE)."""
        guild = guild or self.guild
        position = sum(1 for c in guild.channels.values() if not c.is_thread)
        channel = FakeChannel(
            self.snowflakes.next(), GUILD_TEXT, name, guild.id, position, topic=topic
        )
        guild.channels[channel.id] = channel
        await self.dispatch("CHANNEL_CREATE", channel.payload())
        return channel

    def add_user(self, name: str, *, locale: str = "sv-SE", bot: bool = False) -> FakeUser:
        """A Discord account that is in no guild yet."""
        user = FakeUser(self.snowflakes.next(), name, bot=bot, locale=locale)
        self.users[user.id] = user
        return user

    async def add_member(
        self,
        name: str | FakeUser,
        roles: Iterable[FakeRole] = (),
        *,
        permissions: int = 0,
        guild: FakeGuild | None = None,
        locale: str = "sv-SE",
    ) -> FakeMember:
        """A person joins the guild (GUILD_MEMBER_ADD); `permissions` add to their roles'."""
        guild = guild or self.guild
        user = name if isinstance(name, FakeUser) else self.add_user(name, locale=locale)
        member = FakeMember(
            user, guild.id, [role.id for role in roles], extra_permissions=permissions
        )
        guild.members[user.id] = member
        await self.dispatch("GUILD_MEMBER_ADD", member.payload() | {"guild_id": str(guild.id)})
        await self._after_person_acted()
        return member

    async def set_roles(self, member: FakeMember, roles: Iterable[FakeRole]) -> None:
        """Replace a member's roles (GUILD_MEMBER_UPDATE)."""
        member.role_ids = [role.id for role in roles]
        await self.dispatch(
            "GUILD_MEMBER_UPDATE", member.payload() | {"guild_id": str(member.guild_id)}
        )
        await self._after_person_acted()

    async def remove_member(self, member: FakeMember) -> None:
        """A person leaves the guild (GUILD_MEMBER_REMOVE)."""
        self.guilds[member.guild_id].members.pop(member.id, None)
        await self.dispatch(
            "GUILD_MEMBER_REMOVE", {"guild_id": str(member.guild_id), "user": member.user.payload()}
        )
        await self._after_person_acted()

    def dm_channel(self, user: People) -> FakeChannel:
        """The DM channel between a person and the bot (created on first use)."""
        account = user_of(user)
        for channel in self.dm_channels.values():
            if channel.recipients[0].id == account.id:
                return channel
        channel = FakeChannel(self.snowflakes.next(), DM, "", recipients=[account])
        self.dm_channels[channel.id] = channel
        return channel

    # ------------------------------------------------------------------ acting as people

    async def send_message(
        self,
        user: People,
        channel: FakeChannel,
        content: str = "",
        *,
        attachments: Iterable[tuple[str, bytes]] = (),
        reply_to: FakeMessage | None = None,
    ) -> FakeMessage:
        """A person posts a message (MESSAGE_CREATE)."""
        if channel.locked and not self._may_manage_threads(user, channel):
            raise ThreadArchived(f"{channel.name} is locked: only moderators may post")
        await self._set_archived(channel, False)  # as Discord does when someone posts
        files = {i: (name, data, "") for i, (name, data) in enumerate(attachments)}
        body: dict[str, Any] = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to.id)}
        message = self._new_message(channel, user_of(user), body, files)
        await self._publish("MESSAGE_CREATE", message)
        await self._after_person_acted()
        return message

    async def edit_message(self, message: FakeMessage, content: str) -> FakeMessage:
        """The author edits a message (MESSAGE_UPDATE)."""
        await self._edit(message, {"content": content}, {})
        await self._after_person_acted()
        return message

    async def delete_message(self, message: FakeMessage) -> None:
        """A message is deleted (MESSAGE_DELETE)."""
        await self._remove_message(message)
        await self._after_person_acted()

    async def delete_messages(self, channel: FakeChannel, messages: Iterable[FakeMessage]) -> None:
        """A moderator deletes several messages at once (one MESSAGE_DELETE_BULK)."""
        deleted = [m for m in messages if not m.deleted]
        for message in deleted:
            message.deleted = True
        data: dict[str, Any] = {
            "ids": [str(m.id) for m in deleted],
            "channel_id": str(channel.id),
        }
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
        await self.dispatch("MESSAGE_DELETE_BULK", data)
        await self._after_person_acted()

    def bot_role(self, guild: FakeGuild | None = None) -> FakeRole:
        """The bot's own (managed) role in a guild, which holds its permissions."""
        guild = guild or self.guild
        bot_member = guild.members[self.bot_user.id]
        return guild.roles[bot_member.role_ids[0]]

    async def set_role_permissions(self, role: FakeRole, permissions: int) -> None:
        """An admin changes what a role may do (GUILD_ROLE_UPDATE)."""
        role.permissions = permissions
        await self.dispatch(
            "GUILD_ROLE_UPDATE", {"guild_id": str(role.guild_id), "role": role.payload()}
        )
        await self._after_person_acted()

    async def react_as(
        self,
        user_id: int,
        message: FakeMessage,
        emoji: str,
        *,
        added: bool = True,
        dispatch: bool = True,
    ) -> bool:
        """One reaction added or removed by a user id, WITHOUT waiting for the bot to handle it
        (a burst, a seeded state); False when it changed nothing (already there, or not)."""
        if added:
            return await self._store_reaction(message, user_id, emoji, dispatch=dispatch)
        return await self._drop_reaction(message, user_id, emoji, dispatch=dispatch)

    async def start_thread(self, message: FakeMessage, name: str) -> FakeChannel:
        """A public thread on `message` as the bot's request would start it (THREAD_CREATE),
        without the request: for seeding what the bot posted before a test begins."""
        parent = self._channel(message.channel_id)
        thread = await self._create_thread(parent, message.id, {"name": name}, PUBLIC_THREAD)
        message.thread_id = thread.id
        return thread

    def channel(self, channel_id: int) -> FakeChannel:
        """A guild channel, thread or DM channel by id."""
        return self._channel(channel_id)

    async def add_reaction(
        self, user: People, message: FakeMessage, emoji: str, *, dispatch: bool = True
    ) -> None:
        """A person reacts; with dispatch=False only stored (as if the bot was offline)."""
        account = user_of(user)
        self.users.setdefault(account.id, account)
        self._refuse_if_archived(message)
        await self._store_reaction(message, account.id, emoji, dispatch=dispatch)
        if dispatch:
            await self._after_person_acted()

    async def remove_reaction(
        self, user: People, message: FakeMessage, emoji: str, *, dispatch: bool = True
    ) -> None:
        """A person takes a reaction back; with dispatch=False only stored."""
        self._refuse_if_archived(message)
        await self._drop_reaction(message, user_of(user).id, emoji, dispatch=dispatch)
        if dispatch:
            await self._after_person_acted()

    def _refuse_if_archived(self, message: FakeMessage) -> None:
        channel = self._channel(message.channel_id)
        if channel.archived:
            raise ThreadArchived(f"{channel.name} is archived: reactions cannot change")

    def _may_manage_threads(self, user: People, channel: FakeChannel) -> bool:
        member = self.member_of(user, channel.guild_id)
        if member is None or channel.guild_id is None:
            return False
        return bool(self.permissions_in(member, channel) & MANAGE_THREADS)

    async def archive_thread(self, thread: FakeChannel) -> None:
        """Discord's timer archives a thread after its auto-archive duration without messages."""
        if not thread.is_thread:
            raise ValueError(f"{thread.name} is not a thread")
        await self._set_archived(thread, True)
        await self._after_person_acted()

    def find_command(self, name: str, guild_id: int | None) -> FakeCommand:
        """The synced command a person would see (guild commands first); raises if never synced."""
        if guild_id is not None and name in self.guild_commands.get(guild_id, {}):
            return self.guild_commands[guild_id][name]
        if name in self.global_commands:
            return self.global_commands[name]
        raise CommandNotSynced(f"/{name} was never synced for guild {guild_id} or globally")

    def _interaction_base(
        self, kind: int, user: People, channel: FakeChannel, label: str
    ) -> tuple[FakeInteraction, FakeUser, FakeMember | None]:
        account = user_of(user)
        self.users.setdefault(account.id, account)
        member = self.member_of(account, channel.guild_id)
        if channel.guild_id is not None and member is None:
            raise AssertionError(f"{account.name} is not a member of the channel's guild")
        interaction_id = self.snowflakes.next()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "token": f"fake-interaction-token-{interaction_id}",
            "version": 1,
            "channel_id": str(channel.id),
            "locale": account.locale,
            "app_permissions": str(self._bot_permissions_in(channel)),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        channel_data = channel.payload()
        if member is not None and channel.guild_id is not None:
            guild = self.guilds[channel.guild_id]
            permissions = self.permissions_in(member, channel)
            payload["guild_id"] = str(guild.id)
            payload["guild"] = {"id": str(guild.id), "locale": guild.locale, "features": []}
            payload["guild_locale"] = guild.locale
            payload["member"] = member.payload() | {"permissions": str(permissions)}
            payload["authorizing_integration_owners"] = {"0": str(guild.id)}
            payload["context"] = 0
            channel_data["permissions"] = str(permissions)
        else:
            payload["user"] = account.payload()
            payload["authorizing_integration_owners"] = {"1": str(account.id)}
            payload["context"] = 1
        payload["channel"] = channel_data
        interaction = FakeInteraction(
            id=interaction_id,
            token=payload["token"],
            type=kind,
            user=account,
            channel=channel,
            guild_id=channel.guild_id,
            created_at=self.clock(),
            payload=payload,
            label=label,
            settle=self.settle,
        )
        return interaction, account, member

    async def settle(self) -> None:
        """Give the client time to finish handling the fake's last answers; no person is faster."""
        await asyncio.sleep(0.01)
        while self._in_flight:
            await asyncio.sleep(0.01)

    async def _after_person_acted(self) -> None:
        # Without this a second event could overtake the bot's handler of the first one.
        if any(session.ready for session in self.sessions):
            await self.settle()

    async def _start_interaction(self, interaction: FakeInteraction) -> FakeInteraction:
        await self.settle()
        self.interactions[interaction.id] = interaction
        if not any(session.ready for session in self.sessions):
            raise AssertionError("no bot is connected to the fake gateway")
        # Discord's 3 s for the answer start when it sends the interaction.
        interaction.created_at = self.clock()
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    def _command_interaction(
        self,
        kind: int,
        user: People,
        channel: FakeChannel,
        command_line: str,
        options: Mapping[str, Any] | None,
        attachments: Iterable[tuple[str, bytes]],
        focused: str | None = None,
    ) -> FakeInteraction:
        words = command_line.strip().lstrip("/").split()
        command = self.find_command(words[0], channel.guild_id)
        interaction, _, member = self._interaction_base(kind, user, channel, f"/{command_line}")
        required = command.data.get("default_member_permissions")
        if member is not None and required is not None:
            held = self.guilds[member.guild_id].permissions_of(member)
            if not held & ADMINISTRATOR and held & int(required) != int(required):
                raise CommandNotAvailable(
                    f"{member.name} lacks the permissions for /{command.name}"
                )
        guild = self.guilds.get(channel.guild_id) if channel.guild_id else None
        builder = OptionBuilder(guild, lambda name, data: self._store_file(name, data))
        data: dict[str, Any] = {
            "id": str(command.id),
            "name": command.name,
            "type": command.type,
            "options": builder.build(command, words[1:], options or {}, attachments, focused),
        }
        resolved = builder.resolved.payload()
        if resolved:
            data["resolved"] = resolved
        if command.guild_id is not None:
            data["guild_id"] = str(command.guild_id)
        interaction.payload["data"] = data
        return interaction

    async def run_command(
        self,
        user: People,
        channel: FakeChannel,
        command_line: str,
        options: Mapping[str, Any] | None = None,
        attachments: Iterable[tuple[str, bytes]] = (),
    ) -> FakeInteraction:
        """A person runs a slash command, e.g. "motion post" with {"title": "..."}."""
        interaction = self._command_interaction(
            APPLICATION_COMMAND, user, channel, command_line, options, attachments
        )
        return await self._start_interaction(interaction)

    async def autocomplete(
        self,
        user: People,
        channel: FakeChannel,
        command_line: str,
        focused: str,
        options: Mapping[str, Any] | None = None,
        timeout: float = 5.0,
    ) -> list[dict[str, Any]]:
        """A person types into option `focused`; returns the bot's choices."""
        interaction = self._command_interaction(
            AUTOCOMPLETE, user, channel, command_line, options, (), focused
        )
        await self._start_interaction(interaction)
        reply = await interaction.response(timeout)
        if reply.type != AUTOCOMPLETE_RESULT:
            raise AssertionError(f"autocomplete answered with type {reply.type}")
        return reply.choices

    async def _component_interaction(
        self, user: People, message: FakeMessage, custom_id: str, values: list[str] | None
    ) -> FakeInteraction:
        component = message.find_component(custom_id)
        if component is None or component.get("disabled"):
            raise ComponentNotFound(f"no enabled component {custom_id!r} on message {message.id}")
        if values is not None:
            check_select_values(component, values)
        channel = self._channel(message.channel_id)
        interaction, _, _ = self._interaction_base(
            MESSAGE_COMPONENT, user, channel, f"component {custom_id}"
        )
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = values
        interaction.payload["data"] = data
        interaction.payload["message"] = self.message_payload(message)
        interaction.source_message = message
        return await self._start_interaction(interaction)

    async def click_button(
        self, user: People, message: FakeMessage, custom_id: str
    ) -> FakeInteraction:
        """A person clicks a button on a message."""
        return await self._component_interaction(user, message, custom_id, None)

    async def choose(
        self, user: People, message: FakeMessage, custom_id: str, values: list[str]
    ) -> FakeInteraction:
        """A person picks values in a select menu."""
        return await self._component_interaction(user, message, custom_id, values)

    async def submit_modal(
        self,
        user: People,
        modal: FakeInteraction | InteractionReply,
        custom_id: str | None,
        values: Mapping[str, Any],
    ) -> FakeInteraction:
        """A person fills in and submits the modal the bot showed (custom_id None: the modal's)."""
        if isinstance(modal, FakeInteraction):
            origin = modal
            reply = await modal.response()
        else:
            reply = modal
            origin = next(i for i in self.interactions.values() if i.initial is reply)
        if reply.type != MODAL:
            raise AssertionError(f"the bot answered with type {reply.type}, not a modal")
        if custom_id is not None and custom_id != reply.custom_id:
            raise ComponentNotFound(f"the modal is {reply.custom_id!r}, not {custom_id!r}")
        interaction, _, _ = self._interaction_base(
            MODAL_SUBMIT, user, origin.channel, f"modal {reply.custom_id}"
        )
        interaction.payload["data"] = {
            "custom_id": reply.custom_id,
            "components": modal_submit_components(reply.data, values),
        }
        if origin.source_message is not None:
            interaction.payload["message"] = self.message_payload(origin.source_message)
            interaction.source_message = origin.source_message
        return await self._start_interaction(interaction)

    # ------------------------------------------------------------------ looking at the result

    async def wait_for(
        self,
        predicate: Callable[[FakeMessage], bool],
        timeout: float = 5.0,
        *,
        new_only: bool = False,
    ) -> FakeMessage:
        """A bot message (current state, ephemeral ones included) satisfying the predicate.

        Existing bot messages are checked first, newest first, unless new_only is set; then
        every message the bot sends or edits is checked until the timeout.
        """
        if not new_only:
            for message in sorted(self.messages.values(), key=lambda m: m.id, reverse=True):
                if (
                    message.author.id == self.bot_user.id
                    and not message.deleted
                    and predicate(message)
                ):
                    await self.settle()
                    return message
        future: asyncio.Future[FakeMessage] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._message_waiters.append(entry)
        patience = Patience(timeout)
        try:
            while not future.done():
                if not patience.tick():
                    raise AssertionError(f"no matching bot message: {patience.story()}")
                await asyncio.wait([future], timeout=POLL)
            found = future.result()
        finally:
            self._message_waiters.remove(entry)
        await self.settle()
        return found

    def messages_in(
        self, channel: FakeChannel, *, include_ephemeral: bool = False
    ) -> list[FakeMessage]:
        """The channel's live messages, oldest first (an index per channel: a scale bench's
        fake holds tens of thousands of messages)."""
        in_channel = (
            self.messages[mid] for mid in sorted(self._message_ids_in.get(channel.id, []))
        )
        return [
            m
            for m in in_channel
            if m.channel_id == channel.id
            and not m.deleted
            and (include_ephemeral or not m.ephemeral)
        ]

    def reactions_on(self, message: FakeMessage) -> dict[str, list[int]]:
        """Emoji -> user ids who reacted, in reaction order."""
        return {emoji: list(users) for emoji, users in message.reactions.items() if users}

    def assert_no_unknown_routes(self) -> None:
        """Fail if the client called a route the fake does not implement."""
        if self.unknown_routes:
            raise AssertionError(
                f"the client called routes the fake does not know: {self.unknown_routes}"
            )

    def calls(self, method: str | None = None, path: str | None = None) -> list[RecordedRequest]:
        """Recorded REST calls, filtered by method and a regex searched in the path."""
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and (path is None or re.search(path, r.path))
        ]


def _auto_archive_duration(value: Any) -> int:
    if value not in AUTO_ARCHIVE_DURATIONS:
        raise _Reject(400, 50035, "Invalid Form Body: auto_archive_duration")
    return int(value)


def _channel_name(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 100:
        raise _Reject(400, 50035, "Invalid Form Body: name")
    return value


def _guess_content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
