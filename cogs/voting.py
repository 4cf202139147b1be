"""Voting by reaction, motion-thread comments and /motion status: Discord is a view of the db.

Reaction listeners only queue what they received; one writer task records everything
pending in ONE transaction (with the audit entries), and only after the commit touches
Discord: removing reactions, editing tallies. A crash loses at most the events still in
the queue, whose reactions are on Discord: start-up reconciliation records them, as it
does for events the bot never received.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Collection, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import discord
from discord.ext import commands

from bot.domain.access import Actor
from bot.domain.models import EMOJI_BY_CHOICE, Choice, ItemStatus, Language
from bot.domain.records import Group
from bot.domain.reports import ItemStatusReport, VoteMessageState
from bot.domain.voting import Verdict
from bot.services import voting
from bot.ui.limits import EMBED_DESCRIPTION, fit
from bot.ui.messages import t
from bot.ui.timefmt import format_local
from bot.ui.votes import counts_line, vote_message_text
from cogs._common import actor_of, answer, group_of, guild_id_of

log = logging.getLogger(__name__)

MAX_BATCH = 1_000  # reaction events recorded in one transaction at most
REMOVAL_WORKERS = 4  # reaction removals in flight at once (a burst must not flood the API)
REMOVAL_MAX_WAIT = 2.0  # seconds a removal waits for the writer to be idle before going anyway
MAX_SHARED_ACTORS = 10_000  # (member, role set) pairs kept for reuse
QUIET_ATTEMPTS = 5  # how often a reconciliation waits for a moment with nothing queued
CLOSE_QUIET_ATTEMPTS = 1_000  # a close waits for a moment with nothing unrecorded, however long
USERS_PAGE = 100
STARTUP_CONCURRENCY = 4  # items reconciled at once at start-up
STARTUP_MAX_WAIT = 120.0  # seconds the writer waits for a start-up reconciliation at most  # users per request when reading a reaction (Discord's maximum)


@dataclass(frozen=True, slots=True)
class _Removal:
    """A reaction the record says must go; checked against the record again when sent."""

    channel_id: int
    message_id: int
    emoji: discord.PartialEmoji | str
    user_id: int
    yrkande_id: int


@dataclass(frozen=True, slots=True)
class _Connected:
    """Queued when a gateway session starts: marks where its events begin. The writer records
    nothing after it until the session's start-up reconciliation is `done`."""

    done: asyncio.Event


# (index, message id, member, emoji, added) of one reaction event received
_Logged = tuple[int, int, int, str, bool]


@dataclass(frozen=True, slots=True)
class _Received:
    """A reaction event waiting for the writer, with what the follow-ups need."""

    reaction: voting.ReactionInput
    channel_id: int
    emoji: discord.PartialEmoji  # removed as received, so a custom emoji keeps its id


async def _all_users(reaction: discord.Reaction) -> list[int]:
    """Every user of a reaction, page by page. Without a limit discord.py reads only as many
    users as the reaction's count when the message was fetched, and misses later ones."""
    users: list[int] = []
    after: discord.Object | None = None
    while True:
        page = [user.id async for user in reaction.users(limit=USERS_PAGE, after=after)]
        users.extend(page)
        if len(page) < USERS_PAGE:
            return users
        after = discord.Object(id=max(page))


def eligible_member_ids(guild: discord.Guild, group: Group | None) -> list[int]:
    """Members (not bots) holding the group's voting role, sorted; needs the members intent."""
    if group is None or group.member_role_id is None:
        return []
    role = guild.get_role(group.member_role_id)
    if role is None:
        return []
    return sorted(member.id for member in role.members if not member.bot)


def _member_rows(guild: discord.Guild, group: Group) -> list[tuple[int, str, bool]]:
    voters = set(eligible_member_ids(guild, group))
    return [(m.id, m.display_name, m.id in voters) for m in guild.members if not m.bot]


def substitute_ids(guild: discord.Guild, group: Group) -> list[int]:
    """Members (not bots) holding the group's substitute (ersättare) role, if it has one."""
    role = guild.get_role(group.substitute_role_id) if group.substitute_role_id else None
    return sorted(member.id for member in role.members if not member.bot) if role else []


def render_vote_message(state: VoteMessageState) -> str:
    """The vote message text of a yrkande in its current state."""
    return vote_message_text(
        item_number=state.item_number,
        item_title=state.item_title,
        yrkande_number=state.yrkande.number,
        yrkande_total=state.yrkande_total,
        text=state.yrkande.text,
        status=state.status,
        counts=state.counts,
        voted=state.voted,
        position=state.position,
        lang=state.lang,
    )


class VotingCog(commands.Cog):
    """Reactions become recorded votes; thread messages become stored comments."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        # At most one tally edit per vote message per `tally_interval` seconds; tests lower it.
        self.tally_interval = 5.0
        # Tell a member privately why a reaction was removed, at most once per interval.
        self.notify_refusals = True
        self.notice_interval = 60.0
        self.reconciled = asyncio.Event()  # set after each start-up reconciliation
        self.tally_edits = 0  # vote-message edits made, for tests and the bench
        self._locks: dict[int, asyncio.Lock] = {}
        self._pending_edits: dict[int, asyncio.Task[None]] = {}
        self._channel_of: dict[int, int] = {}  # vote message id -> channel it was found in
        self._last_notice: dict[int, float] = {}
        self._background: set[asyncio.Task[None]] = set()
        # Reaction events: listeners queue, one writer records batches (None = stop).
        self._queue: asyncio.Queue[_Received | _Connected | None] = asyncio.Queue()
        # Start-up reconciliation of the current gateway session: until it is done, the
        # session's events are logged here and recorded only after it (they are newer).
        self._startup_done = asyncio.Event()
        self._startup_done.set()
        self._session_log: list[_Logged] | None = None
        self._session_start = 0  # index of the session's first event
        self._startup_running = False
        # The last vote event recorded before the current gateway session's first event:
        # votes recorded live after it are newer than any reaction missed while down.
        self.connected_after_seq: int | None = None
        self._writer: asyncio.Task[None] | None = None
        self._writing = asyncio.Lock()  # held by the writer per batch and by reconciliation
        self._received = 0  # reaction events received (each one's index is the count before it)
        self._recorded = 0  # events recorded: the writer records in received order
        # Vote message id -> (index, member, emoji, added) of events received while it is
        # being reconciled: those not yet recorded are newer than the reconciliation's read.
        self._watched: dict[int, list[tuple[int, int, str, bool]]] = {}
        self._batch_done = asyncio.Event()  # replaced after every batch: waiters wake once
        self._idle = asyncio.Event()  # set while nothing is queued or being recorded
        self._idle.set()
        # Reactions to take off, after the commit (checked against the record when sent).
        self._removals: asyncio.Queue[_Removal] = asyncio.Queue()
        self._removal_workers: list[asyncio.Task[None]] = []
        self._removal_locks: dict[int, asyncio.Lock] = {}
        self._notices: set[asyncio.Task[None]] = set()
        self._closing = False
        self._actors: dict[tuple[int, frozenset[int]], Actor] = {}

    async def cog_load(self) -> None:
        if not self.bot.intents.message_content:
            log.warning(
                "the Message Content intent is off: thread comments are stored without text"
            )
        self._writer = asyncio.create_task(self._write_reactions())
        self._removal_workers = [
            asyncio.create_task(self._remove_reactions()) for _ in range(REMOVAL_WORKERS)
        ]

    async def cog_unload(self) -> None:
        # Record what is queued before the database closes; skip the Discord follow-ups.
        self._closing = True
        if self._writer is not None and not self._writer.done():
            self._queue.put_nowait(None)
            try:
                await asyncio.wait_for(asyncio.shield(self._writer), timeout=10)
            except TimeoutError:
                log.warning("reaction events still queued at shutdown; reconciliation records them")
                self._writer.cancel()
        running = [*self._pending_edits.values(), *self._background, *self._notices]
        for task in [*running, *self._removal_workers]:
            task.cancel()

    def _lock(self, snowflake: int) -> asyncio.Lock:
        # One lock per vote message (two reconciliations of it never overlap) and per thread
        # (comment events in order); asyncio.Lock wakes waiters FIFO.
        return self._locks.setdefault(snowflake, asyncio.Lock())

    def _spawn(self, coro: Any) -> None:
        task = self.bot.workload.track(asyncio.create_task(coro))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _bot_id(self) -> int:
        return self.bot.user.id if self.bot.user else 0

    # ------------------------------------------------------------ reactions

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """A reaction was added anywhere; only vote messages matter."""
        await self._handle_reaction(payload, added=True)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        """A reaction was removed anywhere; removing one's live vote withdraws it."""
        await self._handle_reaction(payload, added=False)

    async def _handle_reaction(self, payload: discord.RawReactionActionEvent, added: bool) -> None:
        # Cheap: no I/O here, the writer records (see _write_reactions).
        if payload.guild_id is None or payload.user_id == self._bot_id() or self._closing:
            return
        member = payload.member
        if member is None:
            guild = self.bot.get_guild(payload.guild_id)
            member = guild.get_member(payload.user_id) if guild else None
        reaction = voting.ReactionInput(
            message_id=payload.message_id,
            actor=self._actor(member, payload.user_id),
            emoji=str(payload.emoji),
            added=added,
            at=self.bot.clock.now(),
        )
        watched = self._watched.get(payload.message_id)
        if watched is not None:
            watched.append((self._received, payload.user_id, reaction.emoji, added))
        if self._session_log is not None:
            self._session_log.append(
                (self._received, payload.message_id, payload.user_id, reaction.emoji, added)
            )
        self._received += 1
        self._idle.clear()
        self.bot.workload.begin()  # until the writer has recorded it
        self._queue.put_nowait(_Received(reaction, payload.channel_id, payload.emoji))

    def _actor(self, member: discord.Member | None, user_id: int) -> Actor:
        # Share one Actor per member and role set: a burst would otherwise build thousands.
        role_ids = frozenset(role.id for role in member.roles) if member else frozenset()
        key = (user_id, role_ids)
        actor = self._actors.get(key)
        if actor is None:
            if len(self._actors) >= MAX_SHARED_ACTORS:
                self._actors.clear()
            actor = self._actors[key] = Actor(user_id=user_id, role_ids=role_ids)
        return actor

    @property
    def reactions_received(self) -> int:
        """Reaction events queued for recording since the cog was loaded (for tests and benches)."""
        return self._received

    async def drained(self) -> None:
        """Wait until every reaction event received so far is recorded and its removals are done."""
        await self._recorded_so_far()
        await self._removals.join()
        notices = [task for task in self._notices if not task.done()]
        if notices:
            await asyncio.wait(notices)

    async def _recorded_so_far(self) -> None:
        await self._recorded_until(self._received)

    async def _recorded_until(self, target: int) -> None:
        while self._recorded < target and self._writer is not None and not self._writer.done():
            await self._batch_done.wait()

    async def _write_reactions(self) -> None:
        """The one writer: record everything queued (up to MAX_BATCH) in one transaction, repeat."""
        while True:
            batch = [await self._queue.get()]
            # A session marker ends a batch: the events before it are recorded first.
            while (
                len(batch) < MAX_BATCH
                and not isinstance(batch[-1], _Connected)
                and not self._queue.empty()
            ):
                batch.append(self._queue.get_nowait())
            received = [item for item in batch if isinstance(item, _Received)]
            try:
                if received:
                    async with self._writing:
                        outcomes = await self._record(received)
                    if not self._closing:
                        for item, outcome in zip(received, outcomes, strict=True):
                            self._follow_up(item, outcome)
                marker = batch[-1]
                if isinstance(marker, _Connected):
                    self.connected_after_seq = await voting.last_vote_seq(self.bot.db)
                    try:
                        await asyncio.wait_for(marker.done.wait(), STARTUP_MAX_WAIT)
                    except TimeoutError:
                        log.warning("start-up reconciliation still running; recording resumes")
            except Exception:
                log.exception("handling %d recorded reaction events failed", len(received))
            finally:
                self.bot.workload.end(len(received))
                self._recorded += len(received)
                self._batch_done.set()
                self._batch_done = asyncio.Event()
                if self._queue.empty():
                    self._idle.set()
            if batch[-1] is None:
                return

    async def _record(self, received: list[_Received]) -> list[voting.ReactionOutcome]:
        reactions = [item.reaction for item in received]
        try:
            return await voting.record_reactions(self.bot.db, reactions)
        except Exception:
            log.exception("recording %d reaction events at once failed", len(reactions))
        if self._closing:
            return [voting.ReactionOutcome(verdict=Verdict.IGNORE)] * len(reactions)
        # One event must not cost the others their votes: retry them one by one.
        outcomes = []
        for reaction in reactions:
            try:
                outcomes.extend(await voting.record_reactions(self.bot.db, [reaction]))
            except Exception as error:
                # Its reaction stays on Discord; reconciliation records it later.
                log.warning("reaction event %s not recorded: %s", reaction, error)
                outcomes.append(voting.ReactionOutcome(verdict=Verdict.IGNORE))
        return outcomes

    def _follow_up(self, item: _Received, outcome: voting.ReactionOutcome) -> None:
        """After the commit: take reactions off, schedule the tally edit, explain a refusal."""
        if outcome.item_id is None:
            return
        message_id, user_id = item.reaction.message_id, item.reaction.actor.user_id
        self._channel_of[message_id] = item.channel_id
        if outcome.remove_emoji is not None:
            to_remove: discord.PartialEmoji | str = (
                item.emoji if outcome.verdict is Verdict.REFUSE else outcome.remove_emoji
            )
            self.bot.workload.begin()  # until a removal worker is done with it
            assert outcome.yrkande_id is not None
            self._removals.put_nowait(
                _Removal(item.channel_id, message_id, to_remove, user_id, outcome.yrkande_id)
            )
        if outcome.changed:
            self.schedule_tally(outcome.item_id, message_id)
        if outcome.refusal is not None:
            task = self.bot.workload.track(
                asyncio.create_task(self._notify_refusal(user_id, outcome))
            )
            self._notices.add(task)
            task.add_done_callback(self._notices.discard)

    async def _remove_reactions(self) -> None:
        """One of REMOVAL_WORKERS: take reactions off that the record says must go."""
        while True:
            removal = await self._removals.get()
            try:
                # Recording votes comes first: during a burst the view is corrected after it;
                # under a sustained one, after REMOVAL_MAX_WAIT rather than leave it longer.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(REMOVAL_MAX_WAIT):
                        await self._idle.wait()
                await self._remove_if_due(removal)
            except Exception:
                log.exception("removing reaction %s of %s failed", removal.emoji, removal.user_id)
            finally:
                self._removals.task_done()
                self.bot.workload.end()

    async def _remove_if_due(self, removal: _Removal) -> None:
        """Take a reaction off only if the record, with every event received so far in it,
        still says it must go: a newer act (taken off and put back) must not be undone."""
        # One removal at a time per channel (discord.py queues them per channel anyway), so
        # nothing waits between the check and the request that could make the check stale.
        async with self._removal_locks.setdefault(removal.channel_id, asyncio.Lock()):
            await self._recorded_so_far()
            emoji = str(removal.emoji)
            if not await voting.removal_still_due(
                self.bot.db, yrkande_id=removal.yrkande_id, member_id=removal.user_id, emoji=emoji
            ):
                return
            removed = await self._remove_reaction(
                removal.channel_id, removal.message_id, removal.emoji, removal.user_id
            )
        if removed:
            await voting.record_removal(
                self.bot.db,
                yrkande_id=removal.yrkande_id,
                member_id=removal.user_id,
                emoji=emoji,
                now=self.bot.clock.now(),
            )

    @asynccontextmanager
    async def settled(self, item_id: int | None = None) -> AsyncIterator[None]:
        """Reconcile an open item's vote messages (if given), then hold the writer with every
        reaction received so far recorded: a close inside freezes what the bot has seen.
        Events received meanwhile are recorded after it (and refused once it is closed)."""
        if item_id is not None:
            await self.reconcile_item(item_id)
        async with self._writer_paused(attempts=CLOSE_QUIET_ATTEMPTS):
            yield

    @asynccontextmanager
    async def _writer_paused(self, attempts: int = QUIET_ATTEMPTS) -> AsyncIterator[None]:
        """Hold the writer while a reconciliation reads reactions and records what they say.

        Events received before the read must be recorded first (else they would be judged
        after the reconciliation against a record they are already part of), so wait for a
        moment when nothing is queued; under a sustained burst, go ahead after a few tries.
        """
        for _ in range(attempts):
            await self._recorded_so_far()
            await self._writing.acquire()
            if self._recorded >= self._received:
                break
            self._writing.release()
        else:
            await self._writing.acquire()
        try:
            yield
        finally:
            self._writing.release()

    async def _remove_reaction(
        self, channel_id: int, message_id: int, emoji: discord.PartialEmoji | str, user_id: int
    ) -> bool:
        message = self.bot.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await message.remove_reaction(emoji, discord.Object(id=user_id))
        except discord.Forbidden as error:
            await self._report_refusal(channel_id, "remove_reaction", error)
        except discord.HTTPException as error:
            # Reconciliation removes it later; the record is already right.
            log.warning("could not remove reaction %s of %s: %s", emoji, user_id, error)
            return False
        return True

    async def _report_refusal(self, channel_id: int, action: str, error: Exception) -> None:
        """Discord said 403: the chair is told once what to grant (cogs/bot_permissions.py)."""
        checker: Any = self.bot.get_cog("BotPermissionsCog")
        if checker is None:
            log.warning("Discord refused to %s in channel %s: %s", action, channel_id, error)
            return
        await checker.report_refusal(channel_id, action, error)

    async def _notify_refusal(self, user_id: int, outcome: voting.ReactionOutcome) -> None:
        if outcome.refusal is None or outcome.item_number is None:
            return
        await self._tell(
            user_id, f"vote.refused.{outcome.refusal.value}", outcome.lang, outcome.item_number
        )

    async def _tell(
        self,
        user_id: int,
        key: str,
        lang: Language,
        item_number: int,
        *,
        clause: int | None = None,
        limited: bool = True,
    ) -> None:
        """A private word to a member about their reaction (`limited`: one per notice_interval)."""
        if not self.notify_refusals:
            return
        now = time.monotonic()
        last = self._last_notice.get(user_id)
        if limited and last is not None and now - last < self.notice_interval:
            return
        self._last_notice[user_id] = now
        text = t(
            key,
            lang,
            item=item_number,
            clause=clause,
            bifall=EMOJI_BY_CHOICE[Choice.BIFALL],
            avslag=EMOJI_BY_CHOICE[Choice.AVSLAG],
            avstar=EMOJI_BY_CHOICE[Choice.AVSTAR],
        )
        try:
            user = self.bot.get_user(user_id) or await self.bot.fetch_user(user_id)
            await user.send(text)
        except discord.HTTPException as error:
            log.info("could not tell %s why a reaction was removed: %s", user_id, error)

    # ------------------------------------------------------------ tally edits

    def schedule_tally(self, item_id: int, message_id: int) -> None:
        """Edit a vote message after `tally_interval`; events until then only mark it dirty."""
        if message_id in self._pending_edits:
            return
        self._pending_edits[message_id] = self.bot.workload.track(
            asyncio.create_task(self._edit_after_interval(item_id, message_id))
        )

    async def _edit_after_interval(self, item_id: int, message_id: int) -> None:
        try:
            await asyncio.sleep(self.tally_interval)
        finally:
            # Events from now on schedule the next edit, an interval after this one.
            self._pending_edits.pop(message_id, None)
        try:
            await self._render_and_edit(item_id, only_message_id=message_id)
        except Exception:
            log.exception("tally edit of vote message %s failed", message_id)

    async def _eligible_for_item(self, item_id: int) -> tuple[int, list[int]] | None:
        targets = await voting.item_targets(self.bot.db, item_id)
        if not targets:
            return None
        guild_id = targets[0].guild_id
        guild = self.bot.get_guild(guild_id)
        group = await group_of(self.bot, guild_id)
        return guild_id, eligible_member_ids(guild, group) if guild else []

    async def _render_and_edit(
        self,
        item_id: int,
        *,
        only_message_id: int | None = None,
        current_texts: dict[int, str] | None = None,
    ) -> None:
        found = await self._eligible_for_item(item_id)
        if found is None:
            return
        _, eligible = found
        for state in await voting.vote_message_states(self.bot.db, item_id, eligible):
            message_id = state.yrkande.vote_message_id
            if message_id is None or only_message_id not in (None, message_id):
                continue
            text = render_vote_message(state)
            if current_texts is not None and current_texts.get(message_id) == text:
                continue
            await self._edit_vote_message(message_id, state.channel_ids, text)

    async def _edit_vote_message(
        self, message_id: int, channel_ids: Iterable[int], text: str
    ) -> None:
        known = self._channel_of.get(message_id)
        candidates = [known] if known else []
        candidates += [cid for cid in channel_ids if cid != known]
        for channel_id in candidates:
            partial = self.bot.get_partial_messageable(channel_id).get_partial_message(message_id)
            try:
                await partial.edit(content=text)
            except discord.NotFound:
                continue
            except discord.Forbidden as error:
                await self._report_refusal(channel_id, "edit_tally", error)
                return
            except discord.HTTPException as error:
                log.warning("could not edit vote message %s: %s", message_id, error)
                return
            self._channel_of[message_id] = channel_id
            self.tally_edits += 1
            return
        log.warning("vote message %s was not found in %s", message_id, candidates)

    async def refresh_item(self, item_id: int) -> None:
        """Re-render every vote message of an item from the database now (after publish/close/reopen)."""
        await self._render_and_edit(item_id)

    # ------------------------------------------------------------ reconciliation

    @commands.Cog.listener()
    async def on_connect(self) -> None:
        """A shard's new gateway session (READY, not a resume): mark where its events begin."""
        # Synchronous, so it is queued before any event of the session. Shards connecting
        # before the start-up reconciliation has run share it (one log, one `done`).
        if self._session_log is None:
            self._startup_done = asyncio.Event()
            self._session_log = []
            self._session_start = self._received
        self._queue.put_nowait(_Connected(self._startup_done))

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """After every shard connected: remember members and reconcile every open vote message."""
        self._begin_startup()

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        """One shard reconnected with a new session later on: reconcile again."""
        if self.bot.is_ready():
            self._begin_startup()

    def _begin_startup(self) -> None:
        if self._startup_running:
            return  # the running one also covers shards that connected meanwhile
        self._startup_running = True
        self.reconciled.clear()
        self._spawn(self._reconcile_everything())

    async def remember_guild(self, guild: discord.Guild) -> None:
        """Store every member's name and voting role (after start-up and after /setup group)."""
        group = await group_of(self.bot, guild.id)
        if group is not None and group.configured:
            await voting.remember_members(
                self.bot.db,
                guild.id,
                _member_rows(guild, group),
                self.bot.clock.now(),
                substitutes=substitute_ids(guild, group),
            )

    async def _reconcile_everything(self) -> None:
        done, startup = self._startup_done, (self._session_log, self._session_start)
        log.info("start-up reconciliation begins")
        try:
            for guild in self.bot.guilds:
                await self.remember_guild(guild)
            # Before the votes: members can react again as soon as possible.
            await self.keep_threads_open()
            by_item: dict[int, list[voting.VoteTarget]] = {}
            for target in await voting.open_vote_targets(self.bot.db):
                by_item.setdefault(target.item_id, []).append(target)
            # A few items at once: the session's live events wait for the whole of it.
            slots = asyncio.Semaphore(STARTUP_CONCURRENCY)

            async def reconcile(item_id: int, targets: list[voting.VoteTarget]) -> None:
                async with slots:
                    try:
                        await self.reconcile_item(item_id, targets, startup=startup)
                    except Exception:
                        log.exception("reconciling item %s failed", item_id)

            await asyncio.gather(*(reconcile(i, targets) for i, targets in by_item.items()))
        finally:
            log.info(
                "start-up reconciliation done; %d events of the session recorded after it",
                len(startup[0] or ()),
            )
            self._session_log = None
            self._startup_running = False
            done.set()  # the writer records the session's events now
            self.reconciled.set()

    async def reconcile_item(
        self,
        item_id: int,
        targets: list[voting.VoteTarget] | None = None,
        *,
        startup: tuple[list[_Logged] | None, int] | None = None,
    ) -> None:
        """Bring an item's stored votes in line with the reactions on its vote messages."""
        if targets is None:
            targets = await voting.item_targets(self.bot.db, item_id)
        if not targets:
            return
        guild = self.bot.get_guild(targets[0].guild_id)
        if guild is None:
            return
        group = await group_of(self.bot, guild.id)
        eligible = eligible_member_ids(guild, group)
        lang = group.language if group else Language.SV
        found = await asyncio.gather(
            *(self._reconcile_message(t, eligible, lang, startup) for t in targets)
        )
        texts = {
            target.message_id: text
            for target, text in zip(targets, found, strict=True)
            if text is not None
        }
        # Edit only the messages whose text differs from what the record says.
        await self._render_and_edit(item_id, current_texts=texts)

    async def _reconcile_message(
        self,
        target: voting.VoteTarget,
        eligible: Collection[int],
        lang: Language,
        startup: tuple[list[_Logged] | None, int] | None = None,
    ) -> str | None:
        async with self._lock(target.message_id):
            async with self._reading(target.message_id, startup) as unrecorded:
                message = await self._fetch_vote_message(target)
                if message is None:
                    return None
                reactions: dict[str, list[int]] = {}
                for reaction in message.reactions:
                    reactions[str(reaction.emoji)] = await _all_users(reaction)
                plan = await voting.reconcile_yrkande(
                    self.bot.db,
                    yrkande_id=target.yrkande_id,
                    reactions=reactions,
                    may_vote=eligible,
                    bot_id=self._bot_id(),
                    now=self.bot.clock.now(),
                    unrecorded=unrecorded(),
                    connected_after_seq=self.connected_after_seq,
                )
            for emoji, user_id in plan.remove:
                removal = _Removal(
                    message.channel.id, message.id, emoji, user_id, target.yrkande_id
                )
                if startup is not None:
                    # After the writer has recorded the session's events: checked then.
                    self.bot.workload.begin()
                    self._removals.put_nowait(removal)
                else:
                    # The writer recorded what arrived meanwhile: checked like any removal.
                    await self._remove_if_due(removal)
        for user_id in plan.unreadable:
            # Not rate-limited like refusals: the member must know their vote did not count.
            self._spawn(
                self._tell(
                    user_id,
                    "vote.unreadable",
                    lang,
                    target.item_number,
                    clause=target.yrkande_number,
                    limited=False,
                )
            )
        if plan.record or plan.remove:
            log.info(
                "reconciled vote message %s: %d votes recorded, %d reactions removed",
                target.message_id,
                len(plan.record),
                len(plan.remove),
            )
        return message.content

    @asynccontextmanager
    async def _reading(
        self, message_id: int, startup: tuple[list[_Logged] | None, int] | None
    ) -> AsyncIterator[Callable[[], list[tuple[int, str, bool]]]]:
        """While a reconciliation reads a vote message: yields what gives the (member, emoji,
        added) events received for it and not yet recorded, which are newer than the read.

        At start-up the writer waits for the whole start-up reconciliation, so every event of
        the session is unrecorded; otherwise the writer is paused for this message."""
        logged = startup[0] if startup is not None else None
        if startup is not None and logged is not None:
            first = startup[1]
            await self._recorded_until(first)  # the events before the session are recorded
            yield lambda: [(u, e, a) for _, m, u, e, a in logged if m == message_id]
            return
        watched = self._watched[message_id] = []
        try:
            async with self._writer_paused():
                recorded = self._recorded  # every event received before this is recorded
                yield lambda: [(u, e, a) for i, u, e, a in watched if i >= recorded]
        finally:
            del self._watched[message_id]

    async def _fetch_vote_message(self, target: voting.VoteTarget) -> discord.Message | None:
        known = self._channel_of.get(target.message_id)
        candidates = [known] if known else []
        candidates += [cid for cid in target.channel_ids if cid != known]
        for channel_id in candidates:
            channel = self.bot.get_partial_messageable(channel_id)
            try:
                message = await channel.fetch_message(target.message_id)
            except discord.NotFound:
                continue
            except discord.HTTPException as error:
                log.warning("could not read vote message %s: %s", target.message_id, error)
                return None
            self._channel_of[target.message_id] = channel_id
            return message
        log.warning("vote message %s not found for reconciliation", target.message_id)
        return None

    # ------------------------------------------------------------ threads

    @commands.Cog.listener()
    async def on_raw_thread_update(self, payload: discord.RawThreadUpdateEvent) -> None:
        """An open item's thread was archived (Discord's inactivity timer): unarchive it."""
        metadata = payload.data.get("thread_metadata") or {}
        if self._closing or not metadata.get("archived"):
            return
        if not await voting.thread_must_stay_open(self.bot.db, payload.thread_id):
            return
        await self._unarchive(payload.thread_id, payload.thread)

    async def keep_threads_open(self) -> None:
        """Unarchive open items' threads archived while the bot was away (run at start-up)."""
        for guild_id, thread_id in await voting.open_item_threads(self.bot.db):
            guild = self.bot.get_guild(guild_id)
            if guild is None:
                continue
            # GUILD_CREATE lists only active threads: an uncached one may be archived.
            cached = guild.get_thread(thread_id)
            if cached is not None and not cached.archived:
                continue
            await self._unarchive(thread_id, cached)

    async def _unarchive(self, thread_id: int, thread: discord.Thread | None) -> None:
        # In an archived thread nobody can react, so an open vote there would be stuck.
        try:
            if thread is None:
                channel = await self.bot.fetch_channel(thread_id)
                if not isinstance(channel, discord.Thread):
                    return
                thread = channel
            if thread.archived:
                await thread.edit(archived=False)
                log.info("unarchived thread %s of an open item", thread_id)
        except discord.Forbidden as error:
            await self._report_refusal(thread_id, "unarchive", error)
        except discord.HTTPException as error:
            log.warning("could not unarchive thread %s of an open item: %s", thread_id, error)

    # ------------------------------------------------------------ members

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """A member left: their recorded votes stay, marked as having left; tallies update."""
        left = await voting.member_left(
            self.bot.db,
            guild_id=payload.guild_id,
            member_id=payload.user.id,
            name=payload.user.display_name,
            now=self.bot.clock.now(),
        )
        if not left:
            return
        for target in await voting.open_vote_targets(self.bot.db, payload.guild_id):
            self.schedule_tally(target.item_id, target.message_id)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        """Remember a new member's name (and schedule nothing: they hold no role yet)."""
        await self._remember(member)

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        """Keep names and the voting role current; a role change moves 'not yet voted'."""
        if before.roles == after.roles and before.display_name == after.display_name:
            return
        await self._remember(after)
        if before.roles != after.roles:
            for target in await voting.open_vote_targets(self.bot.db, after.guild.id):
                self.schedule_tally(target.item_id, target.message_id)

    async def _remember(self, member: discord.Member) -> None:
        if member.bot:
            return
        group = await group_of(self.bot, member.guild.id)
        if group is None or not group.configured:
            return
        role_ids = {role.id for role in member.roles}
        await voting.remember_members(
            self.bot.db,
            member.guild.id,
            [(member.id, member.display_name, group.member_role_id in role_ids)],
            self.bot.clock.now(),
            substitutes=[member.id] if group.substitute_role_id in role_ids else [],
        )

    # ------------------------------------------------------------ comments

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Store every member's message in a motion's thread."""
        if message.guild is None or message.author.bot:
            return
        if not isinstance(message.channel, discord.Thread):
            return
        author = message.author
        # Serialised per thread so an edit or deletion never overtakes the message itself.
        async with self._lock(message.channel.id):
            await voting.store_comment(
                self.bot.db,
                thread_id=message.channel.id,
                message_id=message.id,
                author_id=author.id,
                author_name=author.display_name,
                content=message.content,
                attachments=[attachment.filename for attachment in message.attachments],
                now=self.bot.clock.now(),
            )

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Keep the earlier text of an edited comment."""
        content = payload.data.get("content")
        author = payload.data.get("author") or {}
        if payload.guild_id is None or content is None or author.get("bot"):
            return
        async with self._lock(payload.channel_id):
            await voting.edit_comment(
                self.bot.db,
                thread_id=payload.channel_id,
                message_id=payload.message_id,
                content=content,
                now=self.bot.clock.now(),
            )

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """Mark a deleted comment as deleted; its text stays in the record."""
        if payload.guild_id is None:
            return
        async with self._lock(payload.channel_id):
            await voting.delete_comment(
                self.bot.db,
                thread_id=payload.channel_id,
                message_id=payload.message_id,
                now=self.bot.clock.now(),
            )

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Mark each of several deleted comments."""
        if payload.guild_id is None:
            return
        async with self._lock(payload.channel_id):
            for message_id in sorted(payload.message_ids):
                await voting.delete_comment(
                    self.bot.db,
                    thread_id=payload.channel_id,
                    message_id=message_id,
                    now=self.bot.clock.now(),
                )


# ------------------------------------------------------------ /motion status


def _name(report: ItemStatusReport, guild: discord.Guild | None, member_id: int) -> str:
    member = guild.get_member(member_id) if guild else None
    if member is not None:
        return discord.utils.escape_markdown(member.display_name)
    stored = report.names.get(member_id)
    if stored is not None:
        return discord.utils.escape_markdown(stored)
    return t("status.unknown_member", report.lang, id=member_id)


def render_status(report: ItemStatusReport, guild: discord.Guild | None) -> str:
    """The /motion status answer: deadline, comments and per att-sats counts and non-voters."""
    lang = report.lang
    deadline_key = (
        "status.deadline_open" if report.status is ItemStatus.OPEN else "status.deadline_closed"
    )
    lines = [
        t("status.heading", lang, item=report.item_number, title=report.title),
        t(deadline_key, lang, deadline=format_local(report.deadline_at, lang)),
        t("status.comments", lang, count=report.comments),
    ]
    if not report.yrkanden:
        lines.append(t("status.no_yrkanden", lang))
    for row in report.yrkanden:
        lines.append("")
        lines.append(t("status.yrkande", lang, number=row.number, text=fit(row.text, 200)))
        lines.append(counts_line(row.counts, lang))
        if report.show_names:
            if row.non_voter_ids:
                names = ", ".join(_name(report, guild, mid) for mid in row.non_voter_ids)
                lines.append(t("status.non_voters_named", lang, names=names))
            else:
                lines.append(t("status.everyone_voted", lang))
        if row.departed_voter_ids:
            count = len(row.departed_voter_ids)
            if report.show_names:
                names = ", ".join(_name(report, None, mid) for mid in row.departed_voter_ids)
                lines.append(t("status.departed_voters", lang, count=count, names=names))
            else:
                lines.append(t("status.departed_voters_count", lang, count=count))
    return fit("\n".join(lines), EMBED_DESCRIPTION)


async def show_status(bot: Any, interaction: discord.Interaction[Any], motion_number: int) -> None:
    """/motion status: reconcile the item's reactions, then answer privately with how it stands."""
    guild_id = guild_id_of(interaction)
    actor = actor_of(interaction)
    group, item = await voting.find_item(bot.db, guild_id=guild_id, motion_number=motion_number)
    voting.require_status_access(actor, group)
    await interaction.response.defer(ephemeral=True, thinking=True)
    # Not isinstance: load_extension imports the module afresh, so the class object differs.
    cog: Any = bot.get_cog("VotingCog")
    if cog is not None and item.status is ItemStatus.OPEN:
        await cog.reconcile_item(item.id)
    guild = interaction.guild
    eligible = eligible_member_ids(guild, group) if guild else []
    report = await voting.item_status(
        bot.db, guild_id=guild_id, motion_number=motion_number, actor=actor, eligible=eligible
    )
    await answer(interaction, embed=discord.Embed(description=render_status(report, guild)))


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    await bot.add_cog(VotingCog(bot))
