"""The Bot subclass: setup_hook opens the database, migrates, loads cogs and syncs commands."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import uuid
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.logsafety import install_ballot_redaction
from bot.runtime.electorate import Electorates
from bot.runtime.members import MemberRegistry
from bot.runtime.pacing import PaceLimits, Pacer
from bot.runtime.permissions import PermissionWatch
from bot.runtime.scheduler import Scheduler
from bot.runtime.votes import VoteEngine, VoteTimings
from bot.services.setup import get_group, group_count
from bot.settings import Settings
from bot.ui.messages import error_text, t
from bot.ui.translator import CatalogueTranslator
from bot.workload import Workload
from db import groups
from db.connection import Database

log = logging.getLogger(__name__)

HEALTH_INTERVAL = 30.0  # seconds between touches of the health file while connected

EXTENSIONS: tuple[str, ...] = (
    "cogs.setup",
    "cogs.bot_permissions",
    "cogs.voting",
    "cogs.members",
    "cogs.comments",
    "cogs.meeting",
    "cogs.position",
    "cogs.motion",
    "cogs.export",
    "cogs.audit",
    "cogs.outcome",
    "cogs.report",
    "cogs.election",
    "cogs.proposal",
)


def bot_intents() -> discord.Intents:
    """Guilds, members (roles of voters), reactions and message content (thread comments)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    intents.guild_messages = True
    intents.guild_reactions = True
    intents.message_content = True
    return intents


class YrkaTree(app_commands.CommandTree["YrkaBot"]):
    """The command tree with the one error path for slash commands."""

    async def on_error(
        self, interaction: discord.Interaction[YrkaBot], error: app_commands.AppCommandError
    ) -> None:
        await report_error(interaction, error)


async def report_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tell the person what went wrong: a UserError politely, anything else with an error id."""
    original = getattr(error, "original", error)
    lang = await interaction_language(interaction)
    if isinstance(original, UserError):
        text = error_text(original, lang)
    elif isinstance(original, app_commands.NoPrivateMessage):
        text = t("error.guild_only", lang)
    else:
        error_id = uuid.uuid4().hex[:8]
        log.error("unexpected error %s in %s", error_id, _describe(interaction), exc_info=original)
        text = t("error.unexpected", lang, error_id=error_id)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True)
        elif awaits_answer(interaction):
            await replace_thinking(interaction, content=text)
        else:
            await interaction.followup.send(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error reply for %s", _describe(interaction))


_ANSWERED = "yrka_answered"  # Interaction.extras key: the thinking message was replaced


def awaits_answer(interaction: discord.Interaction[Any]) -> bool:
    """Whether the response is a `defer(thinking=True)` whose loading message is still shown."""
    thinking = discord.InteractionResponseType.deferred_channel_message
    return interaction.response.type is thinking and not interaction.extras.get(_ANSWERED)


async def replace_thinking(interaction: discord.Interaction[Any], **kwargs: Any) -> None:
    """Answer a thinking defer by editing the original response: Discord keeps a follow-up
    there only for backwards compatibility. Ephemeral or not was decided by the defer."""
    kwargs.pop("ephemeral", None)
    if "files" in kwargs:
        kwargs["attachments"] = kwargs.pop("files")
    interaction.extras[_ANSWERED] = True
    await interaction.edit_original_response(**kwargs)


async def interaction_language(interaction: discord.Interaction[Any]) -> str:
    """The language of the interaction's group (Swedish when not set up)."""
    bot = interaction.client
    if interaction.guild_id is None or not isinstance(bot, YrkaBot):
        return "sv"
    group = await get_group(bot.db, interaction.guild_id)
    return group.language.value if group else "sv"


def _describe(interaction: discord.Interaction[Any]) -> str:
    command = interaction.command.qualified_name if interaction.command else "component"
    return f"{command} by {interaction.user.id} in guild {interaction.guild_id}"


# Discord lets `max_concurrency` shards IDENTIFY per this many seconds.
IDENTIFY_WINDOW = 5.0


class YrkaBot(commands.AutoShardedBot):
    """Yrka. One process can serve many groups (servers).

    Auto-sharded: Discord requires shards past 2,500 servers, and the shard count comes from
    GET /gateway/bot, so nothing here may assume one gateway connection.

    setup_hook builds the working parts once (bot/runtime/) and the cogs get them typed:
    `votes` (ingest, view, reconciler), `electorates`, `members`, `scheduler`,
    `permissions` (what the bot itself may do).
    """

    db: Database
    electorates: Electorates
    members: MemberRegistry
    votes: VoteEngine
    scheduler: Scheduler
    permissions: PermissionWatch

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        extensions: tuple[str, ...] = EXTENSIONS,
        timings: VoteTimings | None = None,
        pacing: PaceLimits | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            tree_cls=YrkaTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=settings.guild_ready_timeout,
        )
        self.settings = settings
        self.clock = clock or Clock()
        self.workload = Workload()
        install_ballot_redaction()
        self._extensions = extensions
        self._identified: list[float] = []  # loop times of this process's IDENTIFYs
        self._max_concurrency: int | None = None
        self._timings = timings or VoteTimings()
        # Every paced write (vote view, publishing) keeps to Discord's buckets through it.
        self.pacer = Pacer(
            pacing or PaceLimits(scale=settings.publish_pace),
            spawn=self.workload.spawn,
        )
        self.pacer.global_limit.install(self.http)  # every request keeps to Discord's 50/s
        self._shutdown: asyncio.Future[None] | None = None
        self._prepared = False
        self._closing = asyncio.Event()  # set as close() begins (ends a start-up retry's wait)
        self._health: asyncio.Task[None] | None = None

    async def setup_hook(self) -> None:
        # discord.py calls this from every login(); a start-up that could not reach Discord
        # logs in again (bot.__main__.start_with_retry), so the local part is done once.
        await self.prepare()
        await self.sync_commands_if_changed()

    async def prepare(self) -> None:
        """Everything that needs no network, once: the database (migrated), the working parts,
        the cogs. `serve()` calls it before logging in, so a local fault (a database that
        cannot be opened) is not mistaken for Discord being unreachable."""
        if self._prepared:
            return
        self.db = await Database.open(self.settings.db_path)
        self._build_parts()
        self.votes.start()
        self.scheduler.start()
        await self.tree.set_translator(CatalogueTranslator())
        for extension in self._extensions:
            await self.load_extension(extension)
        self._health = asyncio.create_task(self._touch_health_file(), name="yrka-health")
        self._prepared = True

    def _build_parts(self) -> None:
        """The working parts the cogs are handed (each with what it needs, nothing more)."""
        self.permissions = PermissionWatch(self, self.db)
        self.electorates = Electorates(self, self.db)
        self.members = MemberRegistry(self.db, self.clock, spawn=self.workload.spawn)
        self.votes = VoteEngine(
            self,
            self.db,
            self.clock,
            self.workload,
            electorates=self.electorates,
            members=self.members,
            permissions=self.permissions,
            timings=self._timings,
            pacer=self.pacer,
        )
        self.scheduler = Scheduler(
            self,
            self.db,
            self.clock,
            self.workload,
            electorates=self.electorates,
            votes=self.votes,
        )
        # Rounds of beslutsgång questions close at their own deadlines.
        self.scheduler.add_due_work("questions", self.votes.questions)
        self.votes.questions.on_deadlines_changed = self.scheduler.wake

    async def sync_commands_if_changed(self) -> bool:
        """Sync the command tree when its payload changed since the last sync; True if synced."""
        guild = (
            discord.Object(id=self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        )
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        translator = self.tree.translator
        assert translator is not None
        payload = [
            await command.get_translated_payload(self.tree, translator)
            for command in self.tree.get_commands(guild=guild)
        ]
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, default=str).encode()
        ).hexdigest()
        key = f"command_sync:{guild.id if guild else 'global'}"
        async with self.db.read() as conn:
            previous = await groups.get_state(conn, key)
        if previous == digest:
            log.info("commands unchanged since the last sync; not syncing")
            return False
        await self.tree.sync(guild=guild)
        async with self.db.transaction() as conn:
            await groups.set_state(conn, key, digest)
        log.info("synced %d commands (%s)", len(payload), key)
        return True

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py waits 5 s before every IDENTIFY but the first; Discord allows
        # `max_concurrency` of them per 5 s, so a bot with many shards starts that much sooner.
        if initial:
            self._identified.append(asyncio.get_running_loop().time())
            return
        if self._max_concurrency is None:
            limits = await self.fetch_session_start_limits()
            self._max_concurrency = max(1, limits.max_concurrency)
        loop = asyncio.get_running_loop()
        recent = [at for at in self._identified if loop.time() - at < IDENTIFY_WINDOW]
        if len(recent) >= self._max_concurrency:
            await asyncio.sleep(recent[-self._max_concurrency] + IDENTIFY_WINDOW - loop.time())
        self._identified = [*recent, loop.time()]

    async def on_ready(self) -> None:
        # Everything built at start-up (cogs, caches, the command tree) lives as long as the
        # process; keeping it out of the cyclic GC's scans speeds up a burst of votes ~15 %.
        gc.freeze()
        self._touch_health()  # healthy from the moment it is ready
        log.info("ready: %d groups, %d servers", await group_count(self.db), len(self.guilds))

    def connected(self) -> bool:
        """Ready, and every shard's gateway connection is open."""
        shards = self.shards.values()
        return self.is_ready() and bool(shards) and not any(s.is_closed() for s in shards)

    async def _touch_health_file(self) -> None:
        """Touch the health file while connected (`python -m bot health` checks its age)."""
        await self.wait_until_ready()
        while not self.is_closed():
            if self.connected():
                self._touch_health()
            await asyncio.sleep(HEALTH_INTERVAL)

    def _touch_health(self) -> None:
        path = self.settings.health_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        except OSError as error:
            log.warning("cannot write the health file %s: %s", path, error)

    def _schedule_event(
        self, coro: Any, event_name: str, *args: Any, **kwargs: Any
    ) -> asyncio.Task[Any]:
        # Every listener run counts as unfinished work until it returns (see idle()).
        task: asyncio.Task[Any] = super()._schedule_event(coro, event_name, *args, **kwargs)
        return self.workload.track(task)

    async def idle(self) -> None:
        """Return once everything the bot started has finished: listeners, the vote writer,
        reaction removals, tally edits, refusal notices and a due scheduler run."""
        await self.workload.idle()

    async def on_yrka_deadlines_changed(self) -> None:
        """A feature changed a deadline (e.g. an election opened): the scheduler looks again."""
        self.scheduler.wake()

    async def closed_within(self, seconds: float) -> bool:
        """Wait up to `seconds`; True as soon as close() has begun (a SIGTERM during a
        start-up retry's wait ends it at once)."""
        try:
            await asyncio.wait_for(self._closing.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def close(self) -> None:
        # One shutdown however often close() is called (a signal, `async with`, a test).
        self._closing.set()
        if self._shutdown is None:
            self._shutdown = asyncio.ensure_future(self._shut_down())
        await asyncio.shield(self._shutdown)

    async def _shut_down(self) -> None:
        if self._health is not None:
            self._health.cancel()
            # A bot that is not running is not healthy.
            self.settings.health_path.unlink(missing_ok=True)
        if hasattr(self, "votes"):
            # Record what is queued before the database closes.
            await self.scheduler.stop()
            await self.votes.stop()
            self.pacer.stop()
        await super().close()
        if hasattr(self, "db"):
            await self.db.close()

    async def __aexit__(self, *exc: Any) -> None:
        # discord.py's __aexit__ awaits only its own part of closing; the database too.
        await self.close()
