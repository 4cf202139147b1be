"""The vote view: Discord shows what the record says, after every commit.

After the writer committed a batch the view takes reactions off that the record says must
go (a bounded pool of workers, after the burst), edits tallies, tells a member privately
why a reaction was refused (at most once per `notice_interval`), and keeps open items'
threads unarchived.

Every write keeps to Discord's rate limits through the bot's `Pacer` (bot/runtime/pacing.py).
Tally edits are coalesced per channel, because Discord's edit bucket is per channel and all
vote messages of an item share its thread: a commit marks its vote message dirty; the
channel's flush starts `tally_interval` later and edits each dirty message once, rendered
from the record when its turn comes (the latest state wins), as fast as the channel's edit
bucket allows; a message marked again meanwhile waits for the next flush. A text equal to
what the message already shows is not sent. Removals take the channel's reaction bucket.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

import discord

from bot.clock import Clock
from bot.domain.models import Language
from bot.domain.options import OptionSet
from bot.domain.voting import Verdict
from bot.runtime._loop import Background
from bot.runtime.electorate import Electorates
from bot.runtime.ingest import Received
from bot.runtime.pacing import Pacer
from bot.runtime.permissions import PermissionWatch
from bot.services import voting as voting_service
from bot.ui.messages import t
from bot.ui.votes import options_or_list, render_vote_message
from bot.workload import Workload
from db.connection import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Removal:
    """A reaction the record says must go; checked against the record again when sent."""

    channel_id: int
    message_id: int
    emoji: discord.PartialEmoji | str
    user_id: int
    yrkande_id: int


class VoteView:
    """Removals, tally edits coalesced per channel, refusal notices and thread upkeep."""

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        clock: Clock,
        workload: Workload,
        *,
        electorates: Electorates,
        permissions: PermissionWatch | None = None,
        pacer: Pacer | None = None,
        writer_idle: Callable[[float], Awaitable[None]],
        writer_caught_up: Callable[[], Awaitable[None]],
        tally_interval: float = 5.0,
        notice_interval: float = 60.0,
        notify_refusals: bool = True,
        removal_workers: int = 4,
        removal_max_wait: float = 2.0,
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._workload = workload
        self._electorates = electorates
        self._permissions = permissions
        self._pacer = pacer or Pacer()
        self._writer_idle = writer_idle  # wait (at most s) for a moment with nothing queued
        self._writer_caught_up = writer_caught_up  # wait until everything received is recorded
        self._tally_interval = tally_interval  # a channel's flush starts this long after a commit
        self._notice_interval = (
            notice_interval  # at most one private notice per member per interval
        )
        self._notify_refusals = notify_refusals
        self._removal_worker_count = removal_workers  # removals in flight at once
        self._removal_max_wait = removal_max_wait  # s a removal waits for the writer to be idle
        self.tally_edits = 0  # vote-message edits made, for tests and the bench
        self.closing = False
        self._dirty: dict[int, dict[int, int]] = {}  # channel -> vote message id -> item id
        self._flushes: dict[int, asyncio.Task[None]] = {}  # channel -> its pending flush
        self._shown: dict[int, int] = {}  # vote message id -> hash of the text it last got
        self._channel_of: dict[int, int] = {}  # vote message id -> channel it was found in
        self._last_notice: dict[int, float] = {}
        self._notices = Background(workload.spawn)  # private notices being sent
        self._removals: asyncio.Queue[Removal] = asyncio.Queue()
        self._removal_workers = Background()
        self._removal_locks: dict[int, asyncio.Lock] = {}
        self.on_removing: Callable[[Removal], None] | None = None  # told as a removal is sent

    # ------------------------------------------------------------ life

    def start(self) -> None:
        """Start the removal workers."""
        for _ in range(self._removal_worker_count):
            self._removal_workers.spawn(self._remove_reactions())

    def stop(self) -> None:
        """Stop everything still pending (the record is already right)."""
        self.closing = True
        for task in self._flushes.values():
            task.cancel()
        self._notices.cancel()
        self._removal_workers.cancel()

    async def drained(self) -> None:
        """Wait until every queued removal and refusal notice is done."""
        await self._removals.join()
        await self._notices.drained()

    # ------------------------------------------------------------ after the commit

    def follow_up(self, item: Received, outcome: voting_service.ReactionOutcome) -> None:
        """After the commit: take reactions off, schedule the tally edit, explain a refusal."""
        if outcome.item_id is None:
            return
        message_id, user_id = item.reaction.message_id, item.reaction.actor.user_id
        self._channel_of[message_id] = item.channel_id
        if outcome.remove_emoji is not None:
            to_remove: discord.PartialEmoji | str = (
                item.emoji if outcome.verdict is Verdict.REFUSE else outcome.remove_emoji
            )
            assert outcome.yrkande_id is not None
            self.queue_removal(
                Removal(item.channel_id, message_id, to_remove, user_id, outcome.yrkande_id)
            )
        if outcome.changed:
            self.schedule_tally(outcome.item_id, message_id)
        if outcome.refusal is not None:
            self.spawn_notice(self._notify_refusal(user_id, outcome))

    def spawn_notice(self, coro: Any) -> None:
        """Run a private notice in the background (counted as unfinished work)."""
        self._notices.spawn(coro)

    # ------------------------------------------------------------ removals

    def queue_removal(self, removal: Removal) -> None:
        """Take a reaction off after the current burst (a worker sends it)."""
        self._workload.begin()  # until a removal worker is done with it
        self._removals.put_nowait(removal)

    async def _remove_reactions(self) -> None:
        """One removal worker: take reactions off that the record says must go."""
        while True:
            removal = await self._removals.get()
            try:
                # Recording votes comes first: during a burst the view is corrected after it;
                # under a sustained one, after removal_max_wait rather than leave it longer.
                await self._writer_idle(self._removal_max_wait)
                await self.remove_if_due(removal)
            except Exception:
                log.exception("removing reaction %s of %s failed", removal.emoji, removal.user_id)
            finally:
                self._removals.task_done()
                self._workload.end()

    async def remove_if_due(self, removal: Removal) -> None:
        """Take a reaction off only if the record, with every event received so far in it,
        still says it must go: a newer act (taken off and put back) must not be undone."""
        # One removal at a time per channel (discord.py queues them per channel anyway), so
        # nothing waits between the check and the request that could make the check stale.
        async with (
            self._removal_locks.setdefault(removal.channel_id, asyncio.Lock()),
            # The channel's reaction bucket: waited for before the check, not between it and
            # the request.
            self._pacer.slot("reaction", removal.channel_id),
        ):
            await self._writer_caught_up()
            emoji = str(removal.emoji)
            if not await voting_service.removal_still_due(
                self._db, yrkande_id=removal.yrkande_id, member_id=removal.user_id, emoji=emoji
            ):
                return
            if self.on_removing is not None:
                self.on_removing(removal)
            removed = await self.remove_reaction(
                removal.channel_id, removal.message_id, removal.emoji, removal.user_id
            )
        if removed:
            await voting_service.record_removal(
                self._db,
                yrkande_id=removal.yrkande_id,
                member_id=removal.user_id,
                emoji=emoji,
                now=self._clock.now(),
            )

    async def remove_reaction(
        self, channel_id: int, message_id: int, emoji: discord.PartialEmoji | str, user_id: int
    ) -> bool:
        """Take one reaction off now; False (logged) when Discord refuses."""
        partial = self._client.get_partial_messageable(channel_id)
        message = partial.get_partial_message(message_id)
        try:
            await message.remove_reaction(emoji, discord.Object(id=user_id))
        except discord.Forbidden as error:
            await self._report_refusal(channel_id, "remove_reaction", error)
            return False
        except discord.HTTPException as error:
            # Reconciliation removes it later; the record is already right.
            log.warning("could not remove reaction %s of %s: %s", emoji, user_id, error)
            return False
        return True

    async def _report_refusal(self, channel_id: int, action: str, error: Exception) -> None:
        """Discord said 403: the chair is told once what to grant (the permission watch)."""
        if self._permissions is None:
            log.warning("Discord refused to %s in channel %s: %s", action, channel_id, error)
            return
        await self._permissions.report_refusal(channel_id, action, error)

    # ------------------------------------------------------------ refusal notices

    async def _notify_refusal(self, user_id: int, outcome: voting_service.ReactionOutcome) -> None:
        if outcome.refusal is None or outcome.item_number is None:
            return
        assert outcome.options is not None  # set on every judged outcome
        await self.tell(
            user_id,
            f"vote.refused.{outcome.refusal.value}",
            outcome.lang,
            outcome.item_number,
            options=outcome.options,
        )

    async def tell(
        self,
        user_id: int,
        key: str,
        lang: Language,
        item_number: int,
        *,
        options: OptionSet,
        clause: int | None = None,
        limited: bool = True,
    ) -> None:
        """A private word to a member about their reaction on a vote message offering
        `options` (`limited`: one per notice_interval)."""
        if not self._notify_refusals:
            return
        now = time.monotonic()
        last = self._last_notice.get(user_id)
        if limited and last is not None and now - last < self._notice_interval:
            return
        self._last_notice[user_id] = now
        text = t(
            key,
            lang,
            item=item_number,
            clause=clause,
            options=options_or_list(options, lang),
        )
        try:
            user = self._client.get_user(user_id) or await self._client.fetch_user(user_id)
            async with self._pacer.slot("dm", user_id):
                await user.send(text)
        except discord.HTTPException as error:
            log.info("could not tell %s why a reaction was removed: %s", user_id, error)

    # ------------------------------------------------------------ tally edits

    def schedule_tally(self, item_id: int, message_id: int, channel_id: int | None = None) -> None:
        """Mark a vote message for the next edit of its channel's tallies (a flush starts
        `tally_interval` after the first mark; marks until its turn cost nothing more)."""
        channel = channel_id or self._channel_of.get(message_id) or message_id
        self._dirty.setdefault(channel, {})[message_id] = item_id
        if channel not in self._flushes:
            self._flushes[channel] = self._workload.spawn(self._flush_channel(channel))

    async def schedule_open_tallies(self, guild_id: int) -> None:
        """Re-render every open vote message of a group soon (who may vote changed)."""
        for target in await voting_service.open_vote_targets(self._db, guild_id):
            channels = self.candidates(target.message_id, target.channel_ids)
            self.schedule_tally(
                target.item_id, target.message_id, channels[0] if channels else None
            )

    async def _flush_channel(self, channel: int) -> None:
        """Edit a channel's marked vote messages, one flush after another until none is left."""
        try:
            while self._dirty.get(channel):
                await asyncio.sleep(self._tally_interval)  # the burst gathers meanwhile
                marked = self._dirty.pop(channel, {})
                for message_id, item_id in marked.items():
                    try:
                        await self._render_and_edit(item_id, only_message_id=message_id)
                    except Exception:
                        log.exception("tally edit of vote message %s failed", message_id)
        finally:
            self._flushes.pop(channel, None)

    def _unmark(self, message_id: int) -> None:
        """The message is being rendered now: a mark made before this needs no edit of its own."""
        for marked in self._dirty.values():
            marked.pop(message_id, None)

    async def refresh_item(
        self,
        item_id: int,
        *,
        current_texts: dict[int, str] | None = None,
        eligible: Collection[int] | None = None,
    ) -> None:
        """Re-render every vote message of an item from the database now (paced). With
        `current_texts` (message id -> text on Discord: a reconciliation read them), those
        that differ are marked for their channel's next tally edits instead: a start-up
        reconciliation must not wait for edit buckets, the session's live votes wait for it.
        `eligible`: the item's electorate if the caller just asked for it."""
        if current_texts is None:
            await self._render_and_edit(item_id)
            return
        self._shown.update((mid, hash(text)) for mid, text in current_texts.items())
        for message_id, (text, channel_ids) in (await self._render(item_id, eligible)).items():
            if not self._shows(message_id, text):
                channels = self.candidates(message_id, channel_ids)
                self.schedule_tally(item_id, message_id, channels[0] if channels else None)

    async def _render_and_edit(self, item_id: int, *, only_message_id: int | None = None) -> None:
        for message_id, (text, channel_ids) in (await self._render(item_id)).items():
            if only_message_id not in (None, message_id) or self._shows(message_id, text):
                continue
            await self._edit_vote_message(item_id, message_id, channel_ids)

    async def _render(
        self, item_id: int, eligible: Collection[int] | None = None
    ) -> dict[int, tuple[str, list[int]]]:
        """Vote message id -> (its text as the record says now, channels it may be in)."""
        if eligible is None:
            electorate = await self._electorates.for_item(item_id)
            if electorate is None:
                return {}
            eligible = sorted(electorate.eligible)
        return {
            state.yrkande.vote_message_id: (render_vote_message(state), list(state.channel_ids))
            for state in await voting_service.vote_message_states(self._db, item_id, eligible)
            if state.yrkande.vote_message_id is not None
        }

    def _shows(self, message_id: int, text: str) -> bool:
        """True if the message was last given this text (a hash: 2,500 groups' texts add up)."""
        return self._shown.get(message_id) == hash(text)

    def candidates(self, message_id: int, channel_ids: Iterable[int]) -> list[int]:
        """Where a vote message may be: where it was last found first, then the item's places."""
        known = self._channel_of.get(message_id)
        return ([known] if known else []) + [cid for cid in channel_ids if cid != known]

    def found_in(self, message_id: int, channel_id: int) -> None:
        """Remember where a vote message was found."""
        self._channel_of[message_id] = channel_id

    def posted(self, message_id: int, channel_id: int, text: str) -> None:
        """A vote message was just posted with `text` (rendered from the record): a re-render
        that gives the same text sends no edit."""
        self._shown[message_id] = hash(text)
        self.found_in(message_id, channel_id)

    async def _edit_vote_message(
        self, item_id: int, message_id: int, channel_ids: Iterable[int]
    ) -> None:
        candidates = self.candidates(message_id, channel_ids)
        for channel_id in candidates:
            async with self._pacer.slot("edit", channel_id):
                # The slot may have waited for the channel's bucket: render now, so the edit
                # shows the latest state and marks made until now need no edit of their own.
                self._unmark(message_id)
                rendered = (await self._render(item_id)).get(message_id)
                if rendered is None or self._shows(message_id, rendered[0]):
                    return
                text = rendered[0]
                partial = self._client.get_partial_messageable(channel_id)
                try:
                    await partial.get_partial_message(message_id).edit(content=text)
                except discord.NotFound:
                    continue
                except discord.Forbidden as error:
                    await self._report_refusal(channel_id, "edit_tally", error)
                    return
                except discord.HTTPException as error:
                    log.warning("could not edit vote message %s: %s", message_id, error)
                    return
            self._shown[message_id] = hash(text)
            self.found_in(message_id, channel_id)
            self.tally_edits += 1
            return
        log.warning("vote message %s was not found in %s", message_id, candidates)

    # ------------------------------------------------------------ threads

    async def thread_archived(self, thread_id: int, thread: discord.Thread | None) -> None:
        """Discord archived a thread (its inactivity timer): unarchive an open item's."""
        if self.closing:
            return
        if not await voting_service.thread_must_stay_open(self._db, thread_id):
            return
        await self._unarchive(thread_id, thread)

    async def keep_threads_open(self) -> None:
        """Unarchive open items' threads archived while nobody looked (start-up, reopen)."""
        for guild_id, thread_id in await voting_service.open_item_threads(self._db):
            guild = self._client.get_guild(guild_id)
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
                channel = await self._client.fetch_channel(thread_id)
                if not isinstance(channel, discord.Thread):
                    return
                thread = channel
            if thread.archived:
                async with self._pacer.slot("channel", thread_id):
                    await thread.edit(archived=False)
                log.info("unarchived thread %s of an open item", thread_id)
        except discord.Forbidden as error:
            await self._report_refusal(thread_id, "unarchive", error)
        except discord.HTTPException as error:
            log.warning("could not unarchive thread %s of an open item: %s", thread_id, error)
