"""The ingest pipeline: reaction events queue up, ONE writer records them in batches.

Listeners only queue what they received (no I/O); the writer records everything pending
(up to `max_batch`) in one transaction with its audit entries, and only after the commit
hands each outcome to the follow-up (the vote view: removals, tally edits, notices). A
reconciliation pauses the writer (`paused`) while it reads reactions and records what they
say, and watches a message (`watching`) to learn which events arrived during its read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord

from bot.clock import Clock
from bot.domain.access import Actor
from bot.domain.voting import Verdict
from bot.services import voting as voting_service
from bot.workload import Workload
from db.connection import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Received:
    """A reaction event waiting for the writer, with what the follow-ups need."""

    reaction: voting_service.ReactionInput
    channel_id: int
    emoji: discord.PartialEmoji  # removed as received, so a custom emoji keeps its id


@dataclass(frozen=True, slots=True)
class _Connected:
    """Queued when a gateway session starts: marks where its events begin. The writer records
    nothing after it until the session's start-up reconciliation is `done`."""

    done: asyncio.Event


# (index, member, emoji, added) of an event received while its message is being reconciled.
Watched = tuple[int, int, str, bool]
# (index, message id, member, emoji, added) of one reaction event received
Logged = tuple[int, int, int, str, bool]
# What a start-up reconciliation judges as unrecorded: the session's log and its first index.
Startup = tuple[list[Logged] | None, int]
Unrecorded = Callable[[int], list[tuple[int, str, bool]]]  # message id -> its events
FollowUp = Callable[[Received, voting_service.ReactionOutcome], None]


class VoteIngest:
    """The queue and the single writer of reaction events."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        workload: Workload,
        *,
        max_batch: int = 1_000,
        quiet_attempts: int = 5,
        max_shared_actors: int = 10_000,
        startup_max_wait: float = 120.0,
    ) -> None:
        self._db = db
        self._clock = clock
        self._workload = workload
        self.max_batch = max_batch  # reaction events recorded in one transaction at most
        self._quiet_attempts = quiet_attempts  # waits for a quiet moment before a reconcile
        self._max_shared_actors = max_shared_actors  # (member, role set) pairs kept for reuse
        self._startup_max_wait = startup_max_wait  # s the writer waits for a start-up reconcile
        self._follow_up: FollowUp | None = None
        # Reaction events: listeners queue, one writer records batches (None = stop).
        self._queue: asyncio.Queue[Received | _Connected | None] = asyncio.Queue()
        # Start-up reconciliation of the current gateway session: until it is done, the
        # session's events are logged here and recorded only after it (they are newer).
        self._startup_done = asyncio.Event()
        self._startup_done.set()
        self._session_log: list[Logged] | None = None
        self._session_start = 0  # index of the session's first event
        # The last vote event recorded before the current gateway session's first event:
        # votes recorded live after it are newer than any reaction missed while down.
        self.connected_after_seq: int | None = None
        self._writer: asyncio.Task[None] | None = None
        self._writing = asyncio.Lock()  # held by the writer per batch and by reconciliation
        self._received = 0  # reaction events received (each one's index is the count before it)
        self._recorded = 0  # events recorded: the writer records in received order
        # Vote message id -> events received while it is being reconciled: those not yet
        # recorded are newer than the reconciliation's read.
        self._watched: dict[int, list[Watched]] = {}
        self._batch_done = asyncio.Event()  # replaced after every batch: waiters wake once
        self._idle = asyncio.Event()  # set while nothing is queued or being recorded
        self._idle.set()
        self.closing = False
        self._actors: dict[tuple[int, frozenset[int]], Actor] = {}

    # ------------------------------------------------------------ life

    def start(self, follow_up: FollowUp) -> None:
        """Start the writer; `follow_up` gets every recorded event with its outcome."""
        self._follow_up = follow_up
        self._writer = asyncio.create_task(self._write_reactions(), name="yrka-vote-writer")

    async def stop(self) -> None:
        """Record what is queued before the database closes; skip the Discord follow-ups."""
        self.closing = True
        if self._writer is not None and not self._writer.done():
            self._queue.put_nowait(None)
            try:
                await asyncio.wait_for(asyncio.shield(self._writer), timeout=10)
            except TimeoutError:
                log.warning("reaction events still queued at shutdown; reconciliation records them")
                self._writer.cancel()

    # ------------------------------------------------------------ receiving

    def receive(
        self,
        *,
        message_id: int,
        channel_id: int,
        emoji: discord.PartialEmoji,
        member: discord.Member | None,
        user_id: int,
        added: bool,
    ) -> None:
        """Queue one reaction event (cheap: no I/O, the writer records)."""
        if self.closing:
            return
        reaction = voting_service.ReactionInput(
            message_id=message_id,
            actor=self._actor(member, user_id),
            emoji=str(emoji),
            added=added,
            at=self._clock.now(),
        )
        watched = self._watched.get(message_id)
        if watched is not None:
            watched.append((self._received, user_id, reaction.emoji, added))
        if self._session_log is not None:
            self._session_log.append((self._received, message_id, user_id, reaction.emoji, added))
        self._received += 1
        self._idle.clear()
        self._workload.begin()  # until the writer has recorded it
        self._queue.put_nowait(Received(reaction, channel_id, emoji))

    def mark_connected(self) -> None:
        """A shard's new gateway session (READY, not a resume): mark where its events begin."""
        # Synchronous, so it is queued before any event of the session. Shards connecting
        # before the start-up reconciliation has run share it (one log, one `done`).
        if self._session_log is None:
            self._startup_done = asyncio.Event()
            self._session_log = []
            self._session_start = self._received
        self._queue.put_nowait(_Connected(self._startup_done))

    def begin_startup(self) -> tuple[asyncio.Event, Startup]:
        """What a start-up reconciliation needs: its `done` and the session's log so far."""
        return self._startup_done, (self._session_log, self._session_start)

    def end_startup(self, done: asyncio.Event) -> None:
        """The start-up reconciliation is over: the writer records the session's events now."""
        self._session_log = None
        done.set()

    def _actor(self, member: discord.Member | None, user_id: int) -> Actor:
        # Share one Actor per member and role set: a burst would otherwise build thousands.
        role_ids = frozenset(role.id for role in member.roles) if member else frozenset()
        key = (user_id, role_ids)
        actor = self._actors.get(key)
        if actor is None:
            if len(self._actors) >= self._max_shared_actors:
                self._actors.clear()
            actor = self._actors[key] = Actor(user_id=user_id, role_ids=role_ids)
        return actor

    @property
    def received(self) -> int:
        """Reaction events queued for recording since the start (for tests and benches)."""
        return self._received

    @property
    def recorded(self) -> int:
        """Reaction events recorded (every event received before this index is in the record)."""
        return self._recorded

    async def recorded_so_far(self) -> None:
        """Wait until every event received so far is recorded."""
        await self.recorded_until(self._received)

    async def recorded_until(self, target: int) -> None:
        """Wait until every event received before index `target` is recorded."""
        while self._recorded < target and self._writer is not None and not self._writer.done():
            await self._batch_done.wait()

    async def wait_idle(self, timeout: float) -> None:
        """Wait (at most `timeout` s) for a moment with nothing queued or being recorded."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            pass

    # ------------------------------------------------------------ the writer

    async def _write_reactions(self) -> None:
        """The one writer: record everything queued (up to max_batch) in one transaction."""
        while True:
            batch = [await self._queue.get()]
            # A session marker ends a batch: the events before it are recorded first.
            while (
                len(batch) < self.max_batch
                and not isinstance(batch[-1], _Connected)
                and not self._queue.empty()
            ):
                batch.append(self._queue.get_nowait())
            received = [item for item in batch if isinstance(item, Received)]
            try:
                if received:
                    async with self._writing:
                        outcomes = await self._record(received)
                    if not self.closing and self._follow_up is not None:
                        for item, outcome in zip(received, outcomes, strict=True):
                            self._follow_up(item, outcome)
                marker = batch[-1]
                if isinstance(marker, _Connected):
                    self.connected_after_seq = await voting_service.last_vote_seq(self._db)
                    try:
                        await asyncio.wait_for(marker.done.wait(), self._startup_max_wait)
                    except TimeoutError:
                        log.warning("start-up reconciliation still running; recording resumes")
            except Exception:
                log.exception("handling %d recorded reaction events failed", len(received))
            finally:
                self._workload.end(len(received))
                self._recorded += len(received)
                self._batch_done.set()
                self._batch_done = asyncio.Event()
                if self._queue.empty():
                    self._idle.set()
            if batch[-1] is None:
                return

    async def _record(self, received: list[Received]) -> list[voting_service.ReactionOutcome]:
        reactions = [item.reaction for item in received]
        try:
            return await voting_service.record_reactions(self._db, reactions)
        except Exception:
            log.exception("recording %d reaction events at once failed", len(reactions))
        if self.closing:
            return [voting_service.ReactionOutcome(verdict=Verdict.IGNORE)] * len(reactions)
        # One event must not cost the others their votes: retry them one by one.
        outcomes = []
        for reaction in reactions:
            try:
                outcomes.extend(await voting_service.record_reactions(self._db, [reaction]))
            except Exception as error:
                # Its reaction stays on Discord; reconciliation records it later.
                log.warning("reaction event %s not recorded: %s", reaction, error)
                outcomes.append(voting_service.ReactionOutcome(verdict=Verdict.IGNORE))
        return outcomes

    # ------------------------------------------------------------ reconciliation's hold

    @asynccontextmanager
    async def paused(self, attempts: int | None = None) -> AsyncIterator[None]:
        """Hold the writer while a reconciliation reads reactions and records what they say.

        Events received before the read must be recorded first (else they would be judged
        after the reconciliation against a record they are already part of), so wait for a
        moment when nothing is queued; under a sustained burst, go ahead after a few tries.
        """
        for _ in range(self._quiet_attempts if attempts is None else attempts):
            await self.recorded_so_far()
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

    @asynccontextmanager
    async def reading(
        self, message_ids: Collection[int], startup: Startup | None
    ) -> AsyncIterator[Unrecorded]:
        """While a reconciliation reads vote messages (an item's, in one request): yields
        what gives, per message, the (member, emoji, added) events received for it and not
        yet recorded, which are newer than the read.

        At start-up the writer waits for the whole start-up reconciliation, so every event of
        the session is unrecorded; otherwise the writer is paused while these are read."""
        logged = startup[0] if startup is not None else None
        if startup is not None and logged is not None:
            await self.recorded_until(startup[1])  # the events before the session are recorded
            yield lambda message_id: [(u, e, a) for _, m, u, e, a in logged if m == message_id]
            return
        watched: dict[int, list[Watched]] = {message_id: [] for message_id in message_ids}
        self._watched.update(watched)
        try:
            async with self.paused():
                recorded = self._recorded  # every event received before this is recorded
                yield lambda message_id: [
                    (u, e, a) for i, u, e, a in watched[message_id] if i >= recorded
                ]
        finally:
            for message_id in watched:
                del self._watched[message_id]
