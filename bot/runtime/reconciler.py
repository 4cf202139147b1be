"""The reconciler: the record catches up with reactions the bot did not see.

At start-up (and before /motion status) it reads the users of every emoji of each open
vote message once, page by page, with the writer paused, and records the differences
with source `reconcile`: votes made while the bot was down, or queued but not committed
when it was killed, are not lost; invalid reactions are removed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord

from bot.clock import Clock
from bot.domain.models import Language
from bot.runtime.electorate import Electorates
from bot.runtime.ingest import Startup, VoteIngest
from bot.runtime.members import MemberRegistry
from bot.runtime.view import Removal, VoteView
from bot.services import voting as voting_service
from bot.services.setup import get_group
from bot.workload import Workload
from db.connection import Database

log = logging.getLogger(__name__)

USERS_PAGE = 100  # users per request when reading a reaction (Discord's maximum)
STARTUP_CONCURRENCY = 4  # items reconciled at once at start-up


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


class Reconciler:
    """Brings stored votes in line with the reactions on open vote messages."""

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        clock: Clock,
        workload: Workload,
        *,
        ingest: VoteIngest,
        view: VoteView,
        electorates: Electorates,
        members: MemberRegistry,
    ) -> None:
        self._client = client
        self._db = db
        self._clock = clock
        self._workload = workload
        self._ingest = ingest
        self._view = view
        self._electorates = electorates
        self._members = members
        self.reconciled = asyncio.Event()  # set after each start-up reconciliation
        self._locks: dict[int, asyncio.Lock] = {}  # one per vote message: never two at once
        self._background: set[asyncio.Task[Any]] = set()
        self._startup_running = False

    def _bot_id(self) -> int:
        return self._client.user.id if self._client.user else 0

    def stop(self) -> None:
        """Cancel a start-up reconciliation still running."""
        for task in self._background:
            task.cancel()

    def start_everything(self) -> None:
        """After (re)connecting: remember members and reconcile every open vote message."""
        if self._startup_running:
            return  # the running one also covers shards that connected meanwhile
        self._startup_running = True
        self.reconciled.clear()
        task = self._workload.track(asyncio.create_task(self.reconcile_everything()))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def reconcile_everything(self) -> None:
        """Remember every group's members, unarchive threads, reconcile every open item; the
        session's live events are recorded after it (they are newer than what it reads)."""
        done, startup = self._ingest.begin_startup()
        log.info("start-up reconciliation begins")
        try:
            for guild in self._client.guilds:
                await self._members.remember_guild(guild)
            # Before the votes: members can react again as soon as possible.
            await self._view.keep_threads_open()
            by_item: dict[int, list[voting_service.VoteTarget]] = {}
            for target in await voting_service.open_vote_targets(self._db):
                by_item.setdefault(target.item_id, []).append(target)
            # A few items at once: the session's live events wait for the whole of it.
            slots = asyncio.Semaphore(STARTUP_CONCURRENCY)

            async def reconcile(item_id: int, targets: list[voting_service.VoteTarget]) -> None:
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
            self._startup_running = False
            self._ingest.end_startup(done)  # the writer records the session's events now
            self.reconciled.set()

    async def reconcile_item(
        self,
        item_id: int,
        targets: list[voting_service.VoteTarget] | None = None,
        *,
        startup: Startup | None = None,
    ) -> None:
        """Bring an item's stored votes in line with the reactions on its vote messages."""
        if targets is None:
            targets = await voting_service.item_targets(self._db, item_id)
        if not targets:
            return
        if self._client.get_guild(targets[0].guild_id) is None:
            return
        electorate = await self._electorates.for_item(item_id)
        eligible = sorted(electorate.eligible) if electorate is not None else []
        group = await get_group(self._db, targets[0].guild_id)
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
        await self._view.refresh_item(item_id, current_texts=texts)

    async def _reconcile_message(
        self,
        target: voting_service.VoteTarget,
        eligible: list[int],
        lang: Language,
        startup: Startup | None = None,
    ) -> str | None:
        async with self._locks.setdefault(target.message_id, asyncio.Lock()):
            async with self._ingest.reading(target.message_id, startup) as unrecorded:
                message = await self._fetch_vote_message(target)
                if message is None:
                    return None
                reactions: dict[str, list[int]] = {}
                for reaction in message.reactions:
                    reactions[str(reaction.emoji)] = await _all_users(reaction)
                plan = await voting_service.reconcile_yrkande(
                    self._db,
                    yrkande_id=target.yrkande_id,
                    reactions=reactions,
                    may_vote=eligible,
                    bot_id=self._bot_id(),
                    now=self._clock.now(),
                    unrecorded=unrecorded(),
                    connected_after_seq=self._ingest.connected_after_seq,
                )
            for emoji, user_id in plan.remove:
                removal = Removal(message.channel.id, message.id, emoji, user_id, target.yrkande_id)
                if startup is not None:
                    # After the writer has recorded the session's events: checked then.
                    self._view.queue_removal(removal)
                else:
                    # The writer recorded what arrived meanwhile: checked like any removal.
                    await self._view.remove_if_due(removal)
        for user_id in plan.unreadable:
            # Not rate-limited like refusals: the member must know their vote did not count.
            self._view.spawn_notice(
                self._view.tell(
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

    async def _fetch_vote_message(
        self, target: voting_service.VoteTarget
    ) -> discord.Message | None:
        for channel_id in self._view.candidates(target.message_id, target.channel_ids):
            channel = self._client.get_partial_messageable(channel_id)
            try:
                message = await channel.fetch_message(target.message_id)
            except discord.NotFound:
                continue
            except discord.HTTPException as error:
                log.warning("could not read vote message %s: %s", target.message_id, error)
                return None
            self._view.found_in(target.message_id, channel_id)
            return message
        log.warning("vote message %s not found for reconciliation", target.message_id)
        return None
