"""The one loop behind deadlines and reminders; it survives restarts because the db is the record.

The loop computes its next wake-up from the database and sleeps until then on the bot's
clock (`Clock.sleep_until`), woken early by `wake()` when a meeting is created or an item
published or reopened; then it runs `run_due(now)`. Tests move a FixedClock and the real
loop wakes, closes and reminds; `bot.idle()` returns once that run is done. At start-up
the first run closes whatever passed its deadline while the bot was down, counting only
the votes cast before the deadline.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol

import discord
from pydantic import BaseModel, ConfigDict

from bot.clock import Clock
from bot.domain.counting import ClosedItem
from bot.domain.models import Language
from bot.domain.reports import DueClosing, ReminderToSend
from bot.runtime._loop import Loop
from bot.runtime.electorate import Electorates
from bot.services import meetings as meeting_service
from bot.services import setup as setup_service
from bot.ui import meetings as meeting_ui
from bot.workload import Workload
from db.connection import Database

log = logging.getLogger(__name__)

# Never sleep longer than this: the wall clock can jump (suspend, NTP) under a long sleep.
MAX_SLEEP_SECONDS = 300.0


class DueWork(Protocol):
    """Work another feature hands the scheduler: what is due now, and when next."""

    async def run_due(self, now: datetime) -> list[Any]:
        """Do what is due at `now` (one failure must not stop the rest); what was done."""

    async def next_at(self, now: datetime) -> datetime | None:
        """The next moment something falls due, if any."""


class _Votes(Protocol):
    def settled(self, item_id: int | None = None) -> AbstractAsyncContextManager[None]: ...

    async def refresh_item(self, item_id: int) -> None: ...


class DueReport(BaseModel):
    """What one run did: items closed at their deadline and reminders sent."""

    model_config = ConfigDict(frozen=True)

    closed: list[ClosedItem] = []
    reminders: list[ReminderToSend] = []
    other: dict[str, list[Any]] = {}  # what registered due work did, by its name

    @property
    def elections(self) -> list[Any]:
        """Election rounds closed (the work the election feature registers)."""
        return self.other.get("elections", [])


class Scheduler:
    """Closes items at their deadline and sends the reminders before it."""

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        clock: Clock,
        workload: Workload,
        *,
        electorates: Electorates,
        votes: _Votes,
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._workload = workload
        self._electorates = electorates
        self._votes = votes
        self._wake = asyncio.Event()
        self._run_lock = asyncio.Lock()
        self._loop = Loop(self._run_forever, "yrka-scheduler")
        self._next_run_at: datetime | None = None  # None until the first run after ready
        self._due_work: dict[str, DueWork] = {}
        workload.add_probe(self._due)

    def add_due_work(self, name: str, work: DueWork) -> None:
        """Another feature's deadlines (e.g. election rounds): run with every run, and their
        next moment counts for the next wake-up."""
        self._due_work[name] = work
        self.wake()

    def start(self) -> None:
        """Start the loop (it waits for the client to be ready before its first run)."""
        self._loop.start()

    async def stop(self) -> None:
        """Stop the loop."""
        await self._loop.stop()

    def _due(self) -> bool:
        # For bot.idle(): a run is due (woken, or its moment came) but has not begun.
        if not self._loop.running or not self._client.is_ready():
            return False
        next_run = self._next_run_at
        return self._wake.is_set() or next_run is None or self._clock.now() >= next_run

    def wake(self) -> None:
        """Recompute the next wake-up now (deadlines changed)."""
        self._wake.set()

    async def run_due(self, now: datetime) -> DueReport:
        """Close every item whose deadline passed and send every reminder due at `now`."""
        async with self._run_lock:
            closed = []
            for closing in await meeting_service.due_closings(self._db, now=now):
                result = await self._close(closing, now)
                if result is not None:
                    closed.append(result)
            reminders = []
            for guild_id, item_id in await meeting_service.due_reminder_items(self._db, now=now):
                sent = await self._remind(guild_id, item_id, now)
                if sent is not None:
                    reminders.append(sent)
            other = {name: await work.run_due(now) for name, work in self._due_work.items()}
            return DueReport(closed=closed, reminders=reminders, other=other)

    async def _close(self, closing: DueClosing, now: datetime) -> ClosedItem | None:
        try:
            group = await setup_service.get_group(self._db, closing.guild_id)
            if group is None:
                return None
            electorate = await self._electorates.for_item(closing.item_id)
            if electorate is None:
                return None
            # Reactions received before the deadline but still queued are recorded first.
            async with self._votes.settled():
                closed = await meeting_service.close_at_deadline(
                    self._db, item_id=closing.item_id, electorate=electorate, now=now
                )
        except Exception:
            # One broken item must not keep the others open past their deadline.
            log.exception("could not close item %s at its deadline", closing.item_id)
            return None
        if closed is not None:
            log.info("closed item %s at its deadline", closed.item.id)
            try:
                await self._votes.refresh_item(closed.item.id)
            except discord.HTTPException:
                log.warning("could not refresh the vote messages of item %s", closed.item.id)
        return closed

    async def _remind(self, guild_id: int, item_id: int, now: datetime) -> ReminderToSend | None:
        group = await setup_service.get_group(self._db, guild_id)
        if group is None:
            return None
        electorate = await self._electorates.for_item(item_id)
        if electorate is None:
            return None
        claimed = await meeting_service.claim_reminder(
            self._db, item_id=item_id, electorate=electorate, now=now
        )
        if claimed is None or claimed.channel_id is None:
            return claimed
        await self._send_reminder(claimed, group.language)
        return claimed

    async def _send_reminder(self, reminder: ReminderToSend, lang: Language) -> None:
        assert reminder.channel_id is not None
        channel = self._client.get_partial_messageable(
            reminder.channel_id, guild_id=reminder.guild_id
        )
        for index, text in enumerate(meeting_ui.reminder_messages(reminder, lang)):
            batch = reminder.mention_ids[
                index * meeting_ui.MENTIONS_PER_MESSAGE : (index + 1)
                * meeting_ui.MENTIONS_PER_MESSAGE
            ]
            mentions = discord.AllowedMentions(
                users=[discord.Object(id=member_id) for member_id in batch],
                everyone=False,
                roles=False,
                replied_user=False,
            )
            try:
                await channel.send(text, allowed_mentions=mentions)
            except discord.HTTPException:
                # Already recorded as sent (see claim_reminder): logged, not retried.
                log.warning("could not send reminder for item %s", reminder.item.id, exc_info=True)
                return

    async def _next_wakeup(self, now: datetime) -> datetime:
        latest = now + timedelta(seconds=MAX_SLEEP_SECONDS)
        wakeups = [await meeting_service.next_wakeup_at(self._db, now=now)]
        wakeups += [await work.next_at(now) for work in self._due_work.values()]
        return min([at for at in wakeups if at is not None] + [latest])

    async def _sleep_until(self, at: datetime) -> None:
        """Sleep on the bot's clock until `at`, or until wake() is called."""
        sleeping = asyncio.ensure_future(self._clock.sleep_until(at))
        woken = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeping, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (sleeping, woken):
                waiter.cancel()

    async def _run_forever(self) -> None:
        await self._client.wait_until_ready()
        while not self._client.is_closed():
            with self._workload.working():
                self._wake.clear()
                now = self._clock.now()
                try:
                    await self.run_due(now)
                    self._next_run_at = await self._next_wakeup(now)
                except Exception:
                    log.exception("scheduler run failed; trying again later")
                    self._next_run_at = now + timedelta(seconds=MAX_SLEEP_SECONDS)
            await self._sleep_until(self._next_run_at)
