"""The vote messages of a locked beslutsgång (issue 15): posted when the chair locks, closed
round by round at their own deadline (due work the scheduler runs), a second round posted
at once when no alternative has a majority. Reactions on them take the one ingest path."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

import discord

from bot.clock import Clock
from bot.domain.records import Yrkande
from bot.runtime.electorate import Electorates
from bot.runtime.view import VoteView
from bot.services import meetings as meeting_service
from bot.services import questions as question_service
from bot.services import voting as voting_service
from bot.ui.votes import render_vote_message
from bot.workload import Workload
from db.connection import Database

log = logging.getLogger(__name__)

# A round whose close failed is tried again after this (the scheduler would otherwise wake
# at once, again and again, for a deadline in the past).
RETRY_FAILED_CLOSE = timedelta(seconds=60)


class QuestionVotes:
    """Opens a locked item's question votes and closes their rounds."""

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        clock: Clock,
        workload: Workload,
        *,
        view: VoteView,
        electorates: Electorates,
        settled: Callable[[int | None], AbstractAsyncContextManager[None]],
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._workload = workload
        self._view = view
        self._electorates = electorates
        self._settled = settled
        self.on_deadlines_changed: Callable[[], None] = lambda: None  # the scheduler's wake

    async def open_questions(self, item_id: int) -> None:
        """Post a vote message per question of the item's locked beslutsgång (idempotent:
        after a crash, what is missing is posted)."""
        with self._workload.working():
            rows = await question_service.open_questions(self._db, item_id, self._clock.now())
            await self._post(item_id, rows)
            self.on_deadlines_changed()
            await self._view.refresh_item(item_id)

    async def _post(self, item_id: int, rows: list[Yrkande]) -> None:
        if not rows:
            return
        item = await meeting_service.item_by_id(self._db, item_id)
        if item is None or item.thread_id is None:
            return
        channel = self._client.get_channel(item.thread_id) or await self._client.fetch_channel(
            item.thread_id
        )
        if not isinstance(channel, discord.abc.Messageable):
            return
        electorate = await self._electorates.for_item(item_id)
        eligible = sorted(electorate.eligible) if electorate else []
        states = {
            s.yrkande.id: s
            for s in await voting_service.vote_message_states(
                self._db, item_id, eligible, include={row.id for row in rows}
            )
        }
        for row in sorted(rows, key=lambda y: y.number):
            state = states.get(row.id)
            text = render_vote_message(state) if state else row.text
            sent = await channel.send(text)
            await question_service.record_vote_message(
                self._db, yrkande_id=row.id, message_id=sent.id
            )
            self._view.posted(sent.id, channel.id, text)
            for emoji in row.options.emojis:
                await sent.add_reaction(emoji)

    # ------------------------------------------------------------ due work (the scheduler)

    async def run_due(self, now: datetime) -> list[question_service.RoundClosed]:
        """Close every round whose own deadline came; post a second round at once."""
        done = []
        for item_id, yrkande_id in await question_service.due_rounds(self._db, now):
            try:
                electorate = await self._electorates.for_item(item_id)
                if electorate is None:
                    continue
                # Reactions received before the round's deadline are recorded first.
                async with self._settled(item_id):
                    closed = await question_service.close_due_round(
                        self._db, yrkande_id=yrkande_id, electorate=electorate, now=now
                    )
                if closed is None:
                    continue
                done.append(closed)
                log.info("closed round of question %s on item %s", closed.question_key, item_id)
                if closed.runoff is not None:
                    await self._post(item_id, [closed.runoff])
                await self._view.refresh_item(item_id)
            except Exception:
                log.exception("could not close round %s of item %s", yrkande_id, item_id)
        return done

    async def next_at(self, now: datetime) -> datetime | None:
        """The next round deadline; a round already due (its close failed this run) is tried
        again after a pause, not in a busy loop."""
        at = await question_service.next_round_close(self._db)
        if at is not None and at <= now:
            return now + RETRY_FAILED_CLOSE
        return at
