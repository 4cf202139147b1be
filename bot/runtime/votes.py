"""The vote engine: the ingest pipeline, the vote view and the reconciler, wired together.

YrkaBot builds one `VoteEngine` and hands its parts to the cogs that need them; every timing
knob is a `VoteTimings` field passed in at construction (tests choose shorter intervals
there instead of overwriting attributes).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord

from bot.clock import Clock
from bot.runtime.budget import RequestBudget
from bot.runtime.crossing import RemovalCrossings
from bot.runtime.electorate import Electorates
from bot.runtime.ingest import Received, VoteIngest
from bot.runtime.members import MemberRegistry
from bot.runtime.pacing import Pacer
from bot.runtime.permissions import PermissionWatch
from bot.runtime.questions import QuestionVotes
from bot.runtime.reconciler import Reconciler
from bot.runtime.view import VoteView
from bot.services import voting as voting_service
from bot.workload import Workload
from db.connection import Database


@dataclass(frozen=True)
class VoteTimings:
    """How the engine paces itself; the defaults are production's."""

    tally_interval: float = 5.0  # a channel's tally edits start this long after a commit
    notice_interval: float = 60.0  # at most one private notice per member per interval
    notify_refusals: bool = True  # tell a member privately why a reaction was removed
    removal_workers: int = 4  # reaction removals in flight at once
    removal_max_wait: float = 2.0  # s a removal waits for the writer to be idle
    max_batch: int = 1_000  # reaction events recorded in one transaction at most
    quiet_attempts: int = 5  # waits for a quiet moment before a reconciliation reads
    close_quiet_attempts: int = 1_000  # a close waits for nothing unrecorded, however long
    reconcile_rate: int = 40  # start-up reconciliation's requests per second (of Discord's 50)
    reconcile_workers: int = 8  # items reconciled at once at start-up (within reconcile_rate)
    crossing_window: float = 5.0  # s in which a removal sent and a member's put-back may cross


class VoteEngine:
    """Owns the three parts of voting by reaction and their life cycle."""

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        clock: Clock,
        workload: Workload,
        *,
        electorates: Electorates,
        members: MemberRegistry,
        permissions: PermissionWatch | None = None,
        timings: VoteTimings | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.timings = timings = timings or VoteTimings()
        self._db = db
        pacer = pacer or Pacer()
        self.ingest = VoteIngest(
            db,
            clock,
            workload,
            max_batch=timings.max_batch,
            quiet_attempts=timings.quiet_attempts,
        )
        self.view = VoteView(
            client,
            db,
            clock,
            workload,
            electorates=electorates,
            permissions=permissions,
            pacer=pacer,
            writer_idle=self.ingest.wait_idle,
            writer_caught_up=self.ingest.recorded_so_far,
            tally_interval=timings.tally_interval,
            notice_interval=timings.notice_interval,
            notify_refusals=timings.notify_refusals,
            removal_workers=timings.removal_workers,
            removal_max_wait=timings.removal_max_wait,
        )
        self.reconciler = Reconciler(
            client,
            db,
            clock,
            workload,
            ingest=self.ingest,
            view=self.view,
            electorates=electorates,
            members=members,
            budget=RequestBudget(timings.reconcile_rate),
            workers=timings.reconcile_workers,
        )
        # The vote messages of a locked beslutsgång: same view, same ingest path.
        self.questions = QuestionVotes(
            client,
            db,
            clock,
            workload,
            view=self.view,
            electorates=electorates,
            settled=self.settled,
        )
        # Removals of the view that may cross a member's put-back (told privately).
        self.crossings = RemovalCrossings(timings.crossing_window)

    def start(self) -> None:
        """Start the writer and the removal workers."""
        self.view.on_removing = self.crossings.sent
        self.ingest.start(self._follow_up)
        self.view.start()

    def _follow_up(self, item: Received, outcome: voting_service.ReactionOutcome) -> None:
        self.view.follow_up(item, outcome)
        if self.crossings.crossed(item, outcome) and outcome.yrkande_id is not None:
            self.view.spawn_notice(
                self._tell_crossed(item.reaction.actor.user_id, outcome.yrkande_id, outcome)
            )

    async def _tell_crossed(
        self, user_id: int, yrkande_id: int, outcome: voting_service.ReactionOutcome
    ) -> None:
        clause = await voting_service.clause_of(self._db, yrkande_id)
        if outcome.item_number is None or clause is None:
            return
        # Not rate-limited like refusals: the member must know their vote did not count.
        await self.view.tell(
            user_id,
            "vote.removal_crossed",
            outcome.lang,
            outcome.item_number,
            clause=clause[0],
            options=clause[1],
            limited=False,
        )

    async def stop(self) -> None:
        """Record what is queued, then drop the Discord follow-ups (the record is right)."""
        self.view.closing = True
        await self.ingest.stop()
        self.view.stop()
        self.reconciler.stop()

    async def drained(self) -> None:
        """Wait until every reaction event received so far is recorded and its removals and
        notices are done (for benches; tests use bot.idle(), which covers everything)."""
        await self.ingest.recorded_so_far()
        await self.view.drained()

    @asynccontextmanager
    async def settled(self, item_id: int | None = None) -> AsyncIterator[None]:
        """Reconcile an open item's vote messages (if given), then hold the writer with every
        reaction received so far recorded: a close inside freezes what the bot has seen.
        Events received meanwhile are recorded after it (and refused once it is closed).

        Events held for vote messages not yet reconciled after a reconnect were received
        before: they are recorded first (the item's, or without an item every one)."""
        if item_id is None:
            await self.ingest.released()
        else:
            await self.reconciler.reconcile_item(item_id)
            targets = await voting_service.item_targets(self._db, item_id)
            await self.ingest.released([target.message_id for target in targets])
        async with self.ingest.paused(attempts=self.timings.close_quiet_attempts):
            yield

    async def open_questions(self, item_id: int) -> None:
        """Post the vote messages of an item's locked beslutsgång (after /proposal lock)."""
        await self.questions.open_questions(item_id)

    async def refresh_item(self, item_id: int) -> None:
        """Re-render an item's vote messages now (after publish, close, reopen, a position)."""
        await self.view.refresh_item(item_id)
