"""The reconciler: the record catches up with reactions the bot did not see.

At start-up (and before /motion status and a close) it reads each open item's vote
messages in one request and records the differences with source `reconcile`: votes made
while the bot was down, or queued but not committed when it was killed, are not lost;
invalid reactions are removed. The messages carry their reaction counts: at start-up an
item whose counts are all what the record says costs that one request, and only an item
with a count that differs has its user lists read (page by page), so start-up's cost
grows with what changed, not with what exists; /motion status and a close read every
list. Start-up's requests keep to a share of Discord's global limit (`RequestBudget`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import discord
from discord.message import convert_emoji_reaction

from bot.clock import Clock
from bot.domain.models import Language
from bot.domain.voting import ReconcilePlan, reactions_from_counts
from bot.runtime.budget import RequestBudget
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
HISTORY_PAGE = 100  # messages per request when reading a thread (Discord's maximum)
STARTUP_CONCURRENCY = 4  # items reconciled at once at start-up


async def _free() -> None:
    return None


async def _all_users(
    http: discord.http.HTTPClient,
    reaction: discord.Reaction,
    spend: Callable[[], Awaitable[None]] = _free,
) -> list[int]:
    """Every user of a reaction, page by page: one request while a page is not full.

    Not `Reaction.users()`: without a limit it reads only as many users as the reaction's
    count when the message was fetched (missing later ones), and with one it asks again
    after every page until a page comes back empty (two requests for a short list).
    """
    message = reaction.message
    emoji = convert_emoji_reaction(reaction.emoji)
    users: list[int] = []
    after: int | None = None
    while True:
        await spend()
        page = [
            int(user["id"])
            for user in await http.get_reaction_users(
                message.channel.id, message.id, emoji, USERS_PAGE, after=after
            )
        ]
        users.extend(page)
        if len(page) < USERS_PAGE:
            return users
        after = max(page)


def _normal_count(reaction: discord.Reaction) -> int:
    """How many normal (not super) reactions: the users a reactions read lists."""
    if reaction.normal_count or reaction.burst_count:
        return reaction.normal_count
    return reaction.count


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
        budget: RequestBudget | None = None,
    ) -> None:
        self._client = client
        self._budget = budget or RequestBudget(0)  # start-up's share of the global limit
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
        """Bring an item's stored votes in line with the reactions on its vote messages.

        Its vote messages are read in one request. At start-up (`startup`) user lists are
        read only if a count differs from the record's; otherwise (a close, /motion status)
        every list is read.
        """
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
        async with AsyncExitStack() as stack:
            # One at a time per vote message (in id order: two items never wait on each other).
            for target in sorted(targets, key=lambda target: target.message_id):
                lock = self._locks.setdefault(target.message_id, asyncio.Lock())
                await stack.enter_async_context(lock)
            planned = await self._reconcile_targets(targets, eligible, startup)
            for target, message, plan in planned:
                for emoji, user_id in plan.remove:
                    removal = Removal(
                        message.channel.id, message.id, emoji, user_id, target.yrkande_id
                    )
                    if startup is not None:
                        # After the writer has recorded the session's events: checked then.
                        self._view.queue_removal(removal)
                    else:
                        # The writer recorded what arrived meanwhile: checked like any removal.
                        await self._view.remove_if_due(removal)
        for target, _, plan in planned:
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
        # Edit only the messages whose text differs from what the record says.
        texts = {message.id: message.content for _, message, _ in planned}
        await self._view.refresh_item(item_id, current_texts=texts)

    async def _reconcile_targets(
        self,
        targets: list[voting_service.VoteTarget],
        eligible: list[int],
        startup: Startup | None,
    ) -> list[tuple[voting_service.VoteTarget, discord.Message, ReconcilePlan]]:
        # Start-up's reads keep to their share of the global limit; a chair's do not wait.
        spend = self._budget.spend if startup is not None else _free
        planned: list[tuple[voting_service.VoteTarget, discord.Message, ReconcilePlan]] = []
        ids = [target.message_id for target in targets]
        async with self._ingest.reading(ids, startup) as unrecorded:
            messages = await self._read_vote_messages(targets, spend)
            settled = (
                await self._settled_by_counts(targets, messages) if startup is not None else None
            )
            for target in targets:
                message = messages.get(target.message_id)
                if message is None:
                    continue
                if settled is not None:
                    reactions = settled[message.id]
                else:
                    reactions = {
                        str(r.emoji): await _all_users(self._client.http, r, spend)
                        for r in message.reactions
                    }
                plan = await voting_service.reconcile_yrkande(
                    self._db,
                    yrkande_id=target.yrkande_id,
                    reactions=reactions,
                    may_vote=eligible,
                    bot_id=self._bot_id(),
                    now=self._clock.now(),
                    unrecorded=unrecorded(target.message_id),
                    connected_after_seq=self._ingest.connected_after_seq,
                )
                planned.append((target, message, plan))
        return planned

    async def _settled_by_counts(
        self, targets: list[voting_service.VoteTarget], messages: dict[int, discord.Message]
    ) -> dict[int, dict[str, list[int]]] | None:
        """Message id -> emoji -> users, from the counts the messages carry, when every count
        on the item's vote messages is what the record says (nothing changed while the bot was
        away); None when any differs: then every user list of the item is read, since offline
        acts of several members can cancel out on one emoji (one on, another off) and only
        the lists tell who holds what."""
        found = [target for target in targets if target.message_id in messages]
        holders = await voting_service.recorded_reaction_holders(
            self._db, [target.yrkande_id for target in found]
        )
        settled: dict[int, dict[str, list[int]]] = {}
        for target in found:
            message = messages[target.message_id]
            counted = reactions_from_counts(
                {str(r.emoji): (_normal_count(r), r.me) for r in message.reactions},
                holders[target.yrkande_id],
                self._bot_id(),
            )
            if counted.to_read:
                return None
            settled[message.id] = counted.known
        return settled

    async def _read_vote_messages(
        self, targets: list[voting_service.VoteTarget], spend: Callable[[], Awaitable[None]]
    ) -> dict[int, discord.Message]:
        """An item's vote messages with their reactions: one read of the thread's messages
        from the first vote message on (they were posted together), then one read per
        message not among them (elsewhere, or more than a page later)."""
        wanted = {target.message_id for target in targets}
        found: dict[int, discord.Message] = {}
        first = min(targets, key=lambda target: target.message_id)
        for channel_id in self._view.candidates(first.message_id, first.channel_ids)[:1]:
            channel = self._client.get_partial_messageable(channel_id)
            await spend()
            try:
                async for message in channel.history(
                    limit=HISTORY_PAGE, after=discord.Object(id=first.message_id - 1)
                ):
                    if message.id in wanted:
                        found[message.id] = message
                        self._view.found_in(message.id, channel_id)
            except discord.HTTPException as error:
                log.info("could not read the messages of %s: %s", channel_id, error)
        for target in targets:
            if target.message_id not in found:
                await spend()
                fetched = await self._fetch_vote_message(target)
                if fetched is not None:
                    found[target.message_id] = fetched
        return found

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
