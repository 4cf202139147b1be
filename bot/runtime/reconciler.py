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
import itertools
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager

import discord
from discord.message import convert_emoji_reaction

from bot.clock import Clock
from bot.domain.models import Language
from bot.domain.voting import ReconcilePlan, holders_with_events, reactions_from_counts
from bot.runtime._loop import Background
from bot.runtime.budget import RequestBudget
from bot.runtime.electorate import Electorates
from bot.runtime.ingest import Unrecorded, VoteIngest
from bot.runtime.members import MemberRegistry
from bot.runtime.pacing import URGENT
from bot.runtime.view import Removal, VoteView
from bot.services import voting as voting_service
from bot.services.setup import get_group
from bot.workload import Workload
from db.connection import Database, first_in_line, put_first_in_line

log = logging.getLogger(__name__)

USERS_PAGE = 100  # users per request when reading a reaction (Discord's maximum)
HISTORY_PAGE = 100  # messages per request when reading a thread (Discord's maximum)
URGENT_AT_ONCE = 4  # items with a live vote reconciled at once at start-up
# A vote message as read, with what its reconciliation planned.
Planned = tuple[voting_service.VoteTarget, discord.Message, ReconcilePlan]


async def _free() -> None:
    return None


@contextmanager
def _urgent(urgent: bool) -> Iterator[None]:
    """Within it, a live vote waits for this task (`urgent`) or not: its Discord requests
    take the global limit's next place and its database turns go first in line."""
    mark = URGENT.set(urgent)
    try:
        with first_in_line(urgent):
            yield
    finally:
        URGENT.reset(mark)


def _urgent_from_here() -> None:
    """Like `_urgent(True)`, for the rest of the current task (until an `_urgent` around
    it ends)."""
    URGENT.set(True)
    put_first_in_line()


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
        workers: int = 8,
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
        self._background = Background(workload.spawn)
        self._startup_running = False
        self._again = False  # a shard reconnected during the running start-up reconciliation
        self._workers = workers  # items reconciled at once at start-up
        self._urgent_at_once = URGENT_AT_ONCE
        self._hurry: Callable[[int], None] | None = None  # the running start-up's "take next"
        ingest.on_held = self._held_event

    def _bot_id(self) -> int:
        return self._client.user.id if self._client.user else 0

    def stop(self) -> None:
        """Cancel a start-up reconciliation still running."""
        self._background.cancel()

    def start_everything(self) -> None:
        """After (re)connecting: remember members and reconcile every open vote message."""
        if self._startup_running:
            # A shard reconnected while it runs: what that shard missed may be in messages
            # already read, so everything is reconciled once more after this run.
            self._again = True
            return
        self._startup_running = True
        self.reconciled.clear()
        self._background.spawn(self.reconcile_everything())

    async def reconcile_everything(self) -> None:
        """Remember every group's members, unarchive threads, reconcile every open item.

        The writer holds each open vote message's live events of the new session until that
        message is reconciled, then records them (they are newer than what was read). Items
        are reconciled a few at once within start-up's share of the rate limit; an item with
        a held event goes first, so a live vote waits for its own item only."""
        generation = 0
        began = time.monotonic()
        try:
            while True:
                self._again = False
                generation = self._ingest.claim_startup()
                await self._ingest.holding_from(generation)
                log.info("start-up reconciliation begins")
                await self._reconcile_all()
                if not self._again:
                    break
                log.info("a shard reconnected meanwhile: reconciling again")
        finally:
            log.info("start-up reconciliation done in %.1f s", time.monotonic() - began)
            self._hurry = None
            self._startup_running = False
            # Whatever is still held (an item that could not be read) is recorded now.
            self._ingest.release(None, generation)
            self.reconciled.set()

    async def _reconcile_all(self) -> None:
        # Items with a held live event: each is reconciled at once in a task of its own,
        # outside the workers, its requests before background ones (no budget, priority at
        # the global limit); the workers take no new item and spend no budget meanwhile.
        # From the first moment: before every open item is even listed (seconds, with
        # thousands of groups).
        started: set[int] = set()
        hurried: set[int] = set()  # items
        asked: set[int] = set()  # vote messages whose held event hurried their item
        urgent: set[asyncio.Task[None]] = set()
        calm = asyncio.Event()  # set while no hurried item is being reconciled
        calm.set()
        # A few at once, in the order their live votes came: a hundred at once would all
        # finish late (each of their database turns behind all the others'), not the first
        # first.
        hurrying = asyncio.Semaphore(self._urgent_at_once)
        by_item: dict[int, list[voting_service.VoteTarget]] = {}
        # Each group's members are remembered once, before its first item (not every group
        # before any item: a live vote waits for its own group only).
        remembered: dict[int, asyncio.Future[None]] = {}

        def remember(guild_id: int) -> asyncio.Future[None]:
            if guild_id not in remembered:
                guild = self._client.get_guild(guild_id)
                remembered[guild_id] = asyncio.ensure_future(self._remember(guild))
            return remembered[guild_id]

        def spend_for(item_id: int) -> Callable[[], Awaitable[None]]:
            async def spend() -> None:
                if item_id not in hurried:
                    await calm.wait()
                if item_id in hurried:
                    _urgent_from_here()  # reset by `run`
                    return
                await self._budget.spend()

            return spend

        async def run(
            item_id: int, targets: list[voting_service.VoteTarget], *, hurry: bool
        ) -> None:
            if not any(self._ingest.held(t.message_id) for t in targets):
                return  # reconciled meanwhile (a chair's /motion status or close)
            began = time.monotonic()
            try:
                with _urgent(hurry):
                    await asyncio.shield(remember(targets[0].guild_id))
                    await self.reconcile_item(
                        item_id, targets, startup=True, spend=spend_for(item_id)
                    )
            except Exception:
                log.exception("reconciling item %s failed", item_id)
            log.info(
                "start-up: item %s reconciled in %.2f s%s",
                item_id,
                time.monotonic() - began,
                " (a live vote waited for it)" if hurry else "",
            )

        async def run_hurried(message_id: int) -> None:
            # Urgent from its first lookup: a task started from the writer's event inherits
            # the writer's mark, but one started for events held before this run began (the
            # first seconds after a restart) would not.
            with _urgent(True):
                async with hurrying:
                    await hurried_item(message_id)

        async def hurried_item(message_id: int) -> None:
            item_id = await voting_service.item_of_vote_message(self._db, message_id)
            if item_id is None or item_id in hurried:
                return
            hurried.add(item_id)
            if item_id in started:
                return  # a worker has it: its next request goes first (`spend_for`)
            started.add(item_id)
            targets = by_item.get(item_id) or await voting_service.item_targets(self._db, item_id)
            await run(item_id, targets, hurry=True)

        def finished(task: asyncio.Task[None]) -> None:
            urgent.discard(task)
            if not urgent:
                calm.set()

        def hurry(message_id: int) -> None:
            if message_id in asked:
                return
            asked.add(message_id)
            calm.clear()
            task = self._background.spawn(run_hurried(message_id))  # stop() cancels it too
            urgent.add(task)
            task.add_done_callback(finished)

        self._hurry = hurry
        for message_id in self._ingest.held_messages():
            hurry(message_id)

        # Beside the votes, from the start: members can react again as soon as possible.
        threads = asyncio.create_task(self._view.keep_threads_open())
        by_group: dict[int, list[int]] = {}
        for target in await voting_service.open_vote_targets(self._db):
            if target.item_id not in by_item:
                by_group.setdefault(target.guild_id, []).append(target.item_id)
            by_item.setdefault(target.item_id, []).append(target)
        # Groups side by side (each group's first item, then each one's second, ...).
        turns = [item for row in itertools.zip_longest(*by_group.values()) for item in row]
        queue = deque(item for item in turns if item is not None)

        async def worker() -> None:
            while queue:
                await calm.wait()  # items with a live vote first
                if not queue:
                    return
                item_id = queue.popleft()
                if item_id in started:
                    continue
                started.add(item_id)
                await run(item_id, by_item[item_id], hurry=False)

        await asyncio.gather(*(worker() for _ in range(self._workers)))
        while urgent:
            await asyncio.wait(list(urgent))
        for guild in self._client.guilds:
            await remember(guild.id)  # the groups without an open item too
        await threads

    async def _remember(self, guild: discord.Guild | None) -> None:
        if guild is None:
            return
        try:
            await self._members.remember_guild(guild)
        except Exception:
            log.exception("remembering the members of %s failed", guild.id)

    def _held_event(self, message_id: int) -> None:
        """The writer holds a live event of a vote message not yet reconciled: take it next."""
        if self._hurry is not None:
            self._hurry(message_id)

    async def reconcile_item(
        self,
        item_id: int,
        targets: list[voting_service.VoteTarget] | None = None,
        *,
        startup: bool = False,
        spend: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Bring an item's stored votes in line with the reactions on its vote messages.

        Its vote messages are read in one request. At start-up (`startup`) user lists are
        read only if a count differs from the record's, and each request first awaits
        `spend` (start-up's budget by default); otherwise (a close, /motion status) every
        list is read at once. Events the writer held for them are recorded right after.
        """
        if spend is None:
            spend = self._budget.spend if startup else _free
        if targets is None:
            targets = await voting_service.item_targets(self._db, item_id)
        if not targets:
            return
        ids = [target.message_id for target in targets]
        generation = self._ingest.generation
        held = any(self._ingest.held(message_id) for message_id in ids)
        try:
            found = await self._reconcile_locked(
                item_id, targets, startup, generation if held else None, spend
            )
        finally:
            if held:
                # Their held events are recorded next, after what was just recorded.
                self._ingest.release(ids, generation)
        if found is None:
            return
        planned, eligible = found
        if held:
            # Checked once the writer has recorded the released events (they may put a
            # reaction back that the plan removes).
            await self._ingest.recorded_so_far()
            for removal in self._removals(planned):
                self._view.queue_removal(removal)
        for target, _, plan in planned:
            if plan.unreadable:
                group = await get_group(self._db, targets[0].guild_id)
                lang = group.language if group else Language.SV
            for user_id in plan.unreadable:
                # Not rate-limited like refusals: the member must know their vote did not count.
                self._view.spawn_notice(
                    self._view.tell(
                        user_id,
                        "vote.unreadable",
                        lang,
                        target.item_number,
                        clause=target.yrkande_number,
                        options=target.options,
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
        await self._view.refresh_item(item_id, current_texts=texts, eligible=eligible)

    @staticmethod
    def _removals(planned: list[Planned]) -> list[Removal]:
        return [
            Removal(message.channel.id, message.id, emoji, user_id, target.yrkande_id)
            for target, message, plan in planned
            for emoji, user_id in plan.remove
        ]

    async def _reconcile_locked(
        self,
        item_id: int,
        targets: list[voting_service.VoteTarget],
        startup: bool,
        held: int | None,
        spend: Callable[[], Awaitable[None]],
    ) -> tuple[list[Planned], list[int] | None] | None:
        """(what was read and planned, the item's electorate: None if the item is gone);
        `held`: the session whose events the writer holds for these messages, if it does."""
        if self._client.get_guild(targets[0].guild_id) is None:
            return None
        electorate = await self._electorates.for_item(item_id)
        eligible = sorted(electorate.eligible) if electorate is not None else []
        async with AsyncExitStack() as stack:
            # One at a time per vote message (in id order: two items never wait on each other).
            for target in sorted(targets, key=lambda target: target.message_id):
                lock = self._locks.setdefault(target.message_id, asyncio.Lock())
                await stack.enter_async_context(lock)
            planned = await self._reconcile_targets(targets, eligible, startup, spend, held)
            if held is None:
                # The writer recorded what arrived meanwhile: checked like any removal.
                for removal in self._removals(planned):
                    await self._view.remove_if_due(removal)
        return planned, eligible if electorate is not None else None

    async def _reconcile_targets(
        self,
        targets: list[voting_service.VoteTarget],
        eligible: list[int],
        startup: bool,
        spend: Callable[[], Awaitable[None]],
        held: int | None,
    ) -> list[Planned]:
        planned: list[Planned] = []
        ids = [target.message_id for target in targets]
        async with self._ingest.reading(ids) as unrecorded:
            messages = await self._read_vote_messages(targets, spend)
            found = [target for target in targets if target.message_id in messages]
            if not found:
                return planned
            # At start-up the record of all the item's messages is read once (what the counts
            # are compared with and what an unchanged message is judged against).
            record = (
                await voting_service.reconcile_record(
                    self._db, [target.yrkande_id for target in found], eligible
                )
                if startup
                else None
            )
            settled = (
                self._settled_by_counts(found, messages, unrecorded, record) if record else None
            )
            # A message with live events first, and those released as soon as it is
            # recorded: a live vote waits for its own message, not for the user lists of
            # the item's others (5 list reads per second per thread, at Discord).
            found.sort(key=lambda target: not unrecorded(target.message_id))
            for target in found:
                message = messages[target.message_id]
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
                    # Read before the user lists: judged against a fresh read after them.
                    record=record if settled is not None else None,
                )
                planned.append((target, message, plan))
                if held is not None and unrecorded(target.message_id):
                    self._ingest.release([target.message_id], held)
        return planned

    def _settled_by_counts(
        self,
        found: list[voting_service.VoteTarget],
        messages: dict[int, discord.Message],
        unrecorded: Unrecorded,
        record: voting_service.ReconcileRecord,
    ) -> dict[int, dict[str, list[int]]] | None:
        """Message id -> emoji -> users, from the counts the messages carry, when every count
        on the item's vote messages is what the record says with the live events received
        and not yet recorded applied (nothing else changed while the bot was away); None when
        any differs: then every user list of the item is read, since offline acts of several
        members can cancel out on one emoji (one on, another off) and only the lists tell who
        holds what."""
        settled: dict[int, dict[str, list[int]]] = {}
        for target in found:
            message = messages[target.message_id]
            counted = reactions_from_counts(
                {str(r.emoji): (_normal_count(r), r.me) for r in message.reactions},
                holders_with_events(record.holders(target.yrkande_id), unrecorded(message.id)),
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
