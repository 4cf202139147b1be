"""The ingest pipeline: reaction events queue up, ONE writer records them in batches.

Listeners only queue what they received (no I/O); the writer records everything pending
(up to `max_batch`) in one transaction with its audit entries, and only after the commit
hands each outcome to the follow-up (the vote view: removals, tally edits, notices).

Every event received and not yet recorded is known per vote message (`unrecorded`): a
reconciliation judges the reactions as they were before those (they are recorded after
it). At a new gateway session the writer HOLDS the events of every open vote message until
that message has been reconciled (`release`): events of other messages, and of messages
already reconciled, are recorded at once. Elsewhere a reconciliation pauses the writer
(`paused`) while it reads reactions and records what they say.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord

from bot.clock import Clock
from bot.domain.access import Actor
from bot.domain.voting import Verdict
from bot.runtime._loop import Loop
from bot.services import voting as voting_service
from bot.workload import Workload
from db.connection import Database, put_first_in_line

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Received:
    """A reaction event waiting for the writer, with what the follow-ups need."""

    reaction: voting_service.ReactionInput
    channel_id: int
    emoji: discord.PartialEmoji  # removed as received, so a custom emoji keeps its id


@dataclass(frozen=True, slots=True)
class _Connected:
    """Queued when a gateway session starts: from here on the writer holds the events of
    every open vote message until its reconciliation of this session releases it."""

    generation: int


@dataclass(frozen=True, slots=True)
class _Release:
    """Queued when vote messages were reconciled (None: all): the writer records their held
    events now, in the order received, and holds nothing more of them. Ignored when a newer
    session began meanwhile (its own reconciliation releases them)."""

    message_ids: frozenset[int] | None
    generation: int


# (index, member, emoji, added) of a reaction event received and not yet recorded
Pending = tuple[int, int, str, bool]
Unrecorded = Callable[[int], list[tuple[int, str, bool]]]  # message id -> its events
FollowUp = Callable[[Received, voting_service.ReactionOutcome], None]
_Item = Received | _Connected | _Release | None


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
        unclaimed_hold: float = 120.0,
    ) -> None:
        self._db = db
        self._clock = clock
        self._workload = workload
        self.max_batch = max_batch  # reaction events recorded in one transaction at most
        self._quiet_attempts = quiet_attempts  # waits for a quiet moment before a reconcile
        self._max_shared_actors = max_shared_actors  # (member, role set) pairs kept for reuse
        # s the writer holds a session's events when no reconciliation claims the session
        self._unclaimed_hold = unclaimed_hold
        self._follow_up: FollowUp | None = None
        # Reaction events and the writer's orders: listeners queue, one writer works through
        # them in order (None = stop).
        self._queue: asyncio.Queue[_Item] = asyncio.Queue()
        self._put = 0  # items queued so far
        self._done = 0  # items the writer has dealt with (a prefix of the queued ones)
        # Gateway sessions marked (`generation`), the last one the writer has begun holding
        # for, and the last one a start-up reconciliation has claimed.
        self.generation = 0
        self._holding_generation = 0
        self._claimed = 0
        # The writer's view: vote messages whose events it holds, and those it holds.
        self._holding: set[int] = set()
        self._held: dict[int, list[Received]] = {}
        # Told the first time an event of a message is held (the reconciler takes it next).
        self.on_held: Callable[[int], None] | None = None
        # The last vote event recorded before the current gateway session's first event:
        # votes recorded live after it are newer than any reaction missed while down.
        self.connected_after_seq: int | None = None
        self._writer = Loop(self._write_reactions, "yrka-vote-writer")
        self._writing = asyncio.Lock()  # held by the writer per batch and by reconciliation
        self._received = 0  # reaction events received (each one's index is the count before it)
        self._recorded = 0  # reaction events recorded
        # Vote message id -> its events received and not yet recorded, in order.
        self._unrecorded: dict[int, deque[Pending]] = {}
        self._batch_done = asyncio.Event()  # replaced after every batch: waiters wake once
        self._idle = asyncio.Event()  # set while nothing is queued or being recorded
        self._idle.set()
        self.closing = False
        self._actors: dict[tuple[int, frozenset[int]], Actor] = {}

    # ------------------------------------------------------------ life

    def start(self, follow_up: FollowUp) -> None:
        """Start the writer; `follow_up` gets every recorded event with its outcome."""
        self._follow_up = follow_up
        self._writer.start()

    async def stop(self) -> None:
        """Record what is queued before the database closes; skip the Discord follow-ups.
        Held events stay unrecorded: their reactions are there, the next start-up reads them."""
        self.closing = True
        if self._writer.running:
            self._enqueue(None)
            if not await self._writer.finish(timeout=10):
                log.warning("reaction events still queued at shutdown; reconciliation records them")
                self._writer.cancel()
        self._workload.end(sum(len(held) for held in self._held.values()))
        self._held.clear()

    def _enqueue(self, item: _Item) -> None:
        self._put += 1
        self._idle.clear()
        self._queue.put_nowait(item)

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
        self._unrecorded.setdefault(message_id, deque()).append(
            (self._received, user_id, reaction.emoji, added)
        )
        self._received += 1
        self._workload.begin()  # until the writer has recorded it
        self._enqueue(Received(reaction, channel_id, emoji))

    def mark_connected(self) -> None:
        """A shard's new gateway session (READY, not a resume): mark where its events begin.

        Synchronous, so it is queued before any event of the session: from there on the
        writer holds the events of every open vote message until it is reconciled."""
        self.generation += 1
        self._enqueue(_Connected(self.generation))

    def claim_startup(self) -> int:
        """A start-up reconciliation begins: the sessions marked so far are its to release."""
        self._claimed = self.generation
        return self.generation

    async def holding_from(self, generation: int) -> None:
        """Wait until the writer holds the events of session `generation` (it has seen its
        mark): what a start-up reconciliation reads from then on is after the reconnect."""
        while self._holding_generation < generation and self._writing_on():
            await self._batch_done.wait()

    def held(self, message_id: int) -> bool:
        """Whether the writer holds this vote message's events (not yet reconciled)."""
        return message_id in self._holding

    def held_messages(self) -> list[int]:
        """The vote messages (not yet reconciled) of which the writer holds events."""
        return list(self._held)

    @property
    def holds_events(self) -> bool:
        """Whether any received event is held for a vote message not yet reconciled."""
        return bool(self._held)

    def release(self, message_ids: Collection[int] | None, generation: int) -> None:
        """These vote messages (None: all) are reconciled for session `generation`: their
        held events are recorded next, after the reconciliation's findings."""
        ids = None if message_ids is None else frozenset(message_ids)
        self._enqueue(_Release(ids, generation))

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
        """Reaction events recorded so far (for tests and benches)."""
        return self._recorded

    def unrecorded(self, message_id: int) -> list[tuple[int, str, bool]]:
        """The (member, emoji, added) events of a vote message received and not yet
        recorded, in order: newer than any read made before they are recorded."""
        return [(u, e, a) for _, u, e, a in self._unrecorded.get(message_id, ())]

    def _writing_on(self) -> bool:
        return self._writer.running

    async def recorded_so_far(self) -> None:
        """Wait until the writer has dealt with everything queued so far: every event
        received is recorded, or held for a vote message not yet reconciled."""
        target = self._put
        while self._done < target and self._writing_on():
            await self._batch_done.wait()

    async def released(self, message_ids: Collection[int] | None = None) -> None:
        """Wait until no event is held for these vote messages (None: for any)."""
        while self._writing_on() and (
            bool(self._held)
            if message_ids is None
            else any(message_id in self._held for message_id in message_ids)
        ):
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
        """The one writer: record everything queued (up to max_batch) in one transaction,
        holding the events of vote messages not yet reconciled. A member waits for these
        votes: its database turns go before background work's (start-up's reads)."""
        put_first_in_line()
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                run: list[Received] = []
                for item in batch:
                    if isinstance(item, Received):
                        if item.reaction.message_id in self._holding:
                            self._hold(item)
                        else:
                            run.append(item)
                        continue
                    # An order applies between the events queued before and after it.
                    await self._record_run(run)
                    run = []
                    if isinstance(item, _Connected):
                        await self._connected(item)
                    elif isinstance(item, _Release):
                        await self._release(item)
                await self._record_run(run)
            except Exception:
                log.exception("handling %d queued reaction events failed", len(batch))
            finally:
                self._done += len(batch)
                self._batch_done.set()
                self._batch_done = asyncio.Event()
                if self._queue.empty():
                    self._idle.set()
            if batch[-1] is None:
                return

    def _hold(self, item: Received) -> None:
        message_id = item.reaction.message_id
        held = self._held.setdefault(message_id, [])
        held.append(item)
        if len(held) == 1 and self.on_held is not None:
            self.on_held(message_id)

    async def _connected(self, marker: _Connected) -> None:
        """A new session: hold every open vote message's events until it is reconciled."""
        try:
            self.connected_after_seq = await voting_service.last_vote_seq(self._db)
            self._holding.update(await voting_service.open_vote_message_ids(self._db))
        finally:
            self._holding_generation = marker.generation
        # Should no reconciliation ever claim the session, its events are not held forever.
        asyncio.get_running_loop().call_later(
            self._unclaimed_hold, self._release_unclaimed, marker.generation
        )

    def _release_unclaimed(self, generation: int) -> None:
        if self._claimed < generation and self.generation == generation and self._holding:
            log.warning("no reconciliation for the new gateway session; recording its events")
            self.release(None, generation)

    async def _release(self, order: _Release) -> None:
        if order.generation < self._holding_generation:
            return  # a newer session began: its reconciliation releases them
        ids = set(self._holding) if order.message_ids is None else set(order.message_ids)
        self._holding -= ids
        # Each message's held events in the order received (messages are independent).
        await self._record_run([item for mid in ids for item in self._held.pop(mid, ())])

    async def _record_run(self, run: list[Received]) -> None:
        if not run:
            return
        try:
            async with self._writing:
                outcomes = await self._record(run)
            if not self.closing and self._follow_up is not None:
                for item, outcome in zip(run, outcomes, strict=True):
                    self._follow_up(item, outcome)
        finally:
            for item in run:
                pending = self._unrecorded.get(item.reaction.message_id)
                if pending:
                    pending.popleft()
                    if not pending:
                        del self._unrecorded[item.reaction.message_id]
            self._workload.end(len(run))
            self._recorded += len(run)

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

        Events received before the read are best recorded first, so wait for a moment when
        nothing is queued; under a sustained burst, go ahead after a few tries (what is still
        unrecorded then is judged as newer than the read: `unrecorded`)."""
        for _ in range(self._quiet_attempts if attempts is None else attempts):
            await self.recorded_so_far()
            await self._writing.acquire()
            if self._done >= self._put:
                break
            self._writing.release()
        else:
            await self._writing.acquire()
        try:
            yield
        finally:
            self._writing.release()

    @asynccontextmanager
    async def reading(self, message_ids: Collection[int]) -> AsyncIterator[Unrecorded]:
        """While a reconciliation reads vote messages (an item's, in one request) and records
        what they say: yields what gives, per message, the (member, emoji, added) events
        received for it and not yet recorded, which are recorded after it.

        Messages whose events the writer holds (a new session, not yet reconciled) need no
        pause: nothing of theirs is recorded meanwhile. Otherwise the writer is paused."""
        if message_ids and all(message_id in self._holding for message_id in message_ids):
            yield self.unrecorded
            return
        async with self.paused():
            yield self.unrecorded
