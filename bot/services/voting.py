"""Use cases of voting by reaction and of motion threads: the database is the record.

Every change is one transaction with its audit entry, committed before the adapter
touches Discord (removing a reaction, editing a tally), so a crash right after a
reaction was handled loses nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.domain.access import Action, Actor, is_allowed, require
from bot.domain.alternatives import QuestionKind
from bot.domain.attendance import may_vote
from bot.domain.counting import tally_of
from bot.domain.errors import NotConfigured, NotFound
from bot.domain.models import (
    Counts,
    ItemStatus,
    Language,
    Position,
    VoteSource,
)
from bot.domain.options import OptionKey, OptionSet, option_set
from bot.domain.records import Group, Item, Yrkande
from bot.domain.reports import ItemStatusReport, VoteMessageState, YrkandeStatus
from bot.domain.tally import VoteEvent, count_votes, current_votes, non_voters
from bot.domain.voting import (
    Judgement,
    ReconcilePlan,
    Refusal,
    Verdict,
    VoteMessageRef,
    judge_reaction,
    known_reactions,
    plan_reconcile,
    reactions_as_recorded,
    recorded_holders,
    removal_due,
    voted_live_since,
    voting_refusal,
)
from bot.services import questions as question_service
from bot.services.attendance import electorate_at_opening, fixed_electorates, voters_of
from bot.services.audited import audited
from db import audit, comments, groups, items, meetings, positions, votes
from db.connection import Database

VOTE_AUDIT_ACTION = "vote"


class ReactionOutcome(BaseModel):
    """What the adapter must do after one reaction event was judged (and recorded)."""

    model_config = ConfigDict(frozen=True)

    verdict: Verdict
    choice: OptionKey | None = None
    refusal: Refusal | None = None
    remove_emoji: str | None = None  # the reaction of this member the bot must take off
    options: OptionSet | None = None  # what the vote message offers (for a refusal notice)
    item_id: int | None = None
    item_number: int | None = None
    yrkande_id: int | None = None
    lang: Language = Language.SV

    @property
    def changed(self) -> bool:
        """True when the record changed, so the tally must be re-rendered."""
        return self.verdict in (Verdict.RECORD, Verdict.WITHDRAW)


async def _append_vote(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    yrkande_id: int,
    member_id: int,
    choice: OptionKey | None,
    source: VoteSource,
    now: datetime,
) -> None:
    await votes.append(
        conn, yrkande_id=yrkande_id, member_id=member_id, choice=choice, at=now, source=source
    )
    await audit.append(
        conn,
        guild_id=guild_id,
        at=now,
        actor_id=member_id,
        action=VOTE_AUDIT_ACTION,
        payload=_vote_payload(yrkande_id, member_id, choice, source),
    )


async def _deadline(conn: aiosqlite.Connection, item: Item) -> datetime:
    meeting = await meetings.by_id(conn, item.meeting_id)
    if meeting is None:
        raise NotFound(what_key="what.meeting", number=item.meeting_id)
    return meeting.deadline_at


@dataclass(frozen=True, slots=True)
class ReactionInput:
    """One reaction added to or removed from some message, as the adapter received it.

    A slotted dataclass rather than a pydantic model: a burst creates thousands of these.
    """

    message_id: int
    actor: Actor
    emoji: str
    added: bool
    at: datetime  # when the bot received it: the vote's time, judged against the deadline


_IGNORED = ReactionOutcome(verdict=Verdict.IGNORE)


async def record_reaction(
    db: Database,
    *,
    message_id: int,
    actor: Actor,
    emoji: str,
    added: bool,
    now: datetime,
) -> ReactionOutcome:
    """Judge a reaction added/removed on a message and record the vote it means, if any."""
    [outcome] = await record_reactions(
        db, [ReactionInput(message_id=message_id, actor=actor, emoji=emoji, added=added, at=now)]
    )
    return outcome


async def record_reactions(
    db: Database, reactions: Sequence[ReactionInput]
) -> list[ReactionOutcome]:
    """Judge reaction events in order and record the votes they mean, all in ONE transaction.

    Returns one outcome per event, in order. A member's quick reactions in one batch are
    judged against each other (an in-memory current vote), so they end in exactly one live
    vote, as if they had been handled one by one.
    """
    if not reactions:
        return []
    async with db.transaction() as conn:
        refs = await items.vote_messages(conn, {r.message_id for r in reactions})
        if not refs:
            return [_IGNORED] * len(reactions)
        guild_ids = {ref.guild_id for ref in refs.values()}
        groups_by_id = {guild_id: await groups.get(conn, guild_id) for guild_id in guild_ids}
        current = await votes.latest_choices(
            conn,
            {
                (refs[r.message_id].yrkande_id, r.actor.user_id)
                for r in reactions
                if r.message_id in refs
            },
        )
        fixed = await fixed_electorates(conn, {ref.item_id for ref in refs.values()})
        outcomes, new_votes, removed = _judge_in_order(
            reactions, refs, groups_by_id, current, fixed
        )
        if removed:
            # Placed after the vote events recorded before them in this batch.
            base = await votes.last_seq(conn)
            await votes.append_removals(
                conn,
                [(y, m, c, base + before, at) for y, m, c, before, at in removed],
            )
        if new_votes:
            await votes.append_many(conn, [vote for _, vote in new_votes])
            for guild_id in sorted({guild_id for guild_id, _ in new_votes}):
                await audit.append_many(
                    conn,
                    guild_id,
                    [_vote_audit_entry(*vote) for gid, vote in new_votes if gid == guild_id],
                )
    return outcomes


_NewVote = tuple[int, int, OptionKey | None, datetime, VoteSource]
# (yrkande_id, member_id, choice, new votes before it in the batch, at)
_Removed = tuple[int, int, OptionKey, int, datetime]


def _judge_in_order(
    reactions: Sequence[ReactionInput],
    refs: Mapping[int, VoteMessageRef],
    groups_by_id: Mapping[int, Group | None],
    current: dict[tuple[int, int], OptionKey | None],
    fixed: Mapping[int, frozenset[int]],
) -> tuple[list[ReactionOutcome], list[tuple[int, _NewVote]], list[_Removed]]:
    """Outcomes per event, the (guild_id, vote) rows to append and the removals of vote
    reactions that were no withdrawal (the record then knows they are gone); updates
    `current` as it goes. `fixed` maps item -> the electorate fixed when its voting opened
    (see bot.domain.attendance)."""
    outcomes: list[ReactionOutcome] = []
    new_votes: list[tuple[int, _NewVote]] = []
    removed: list[_Removed] = []
    holds_role: dict[tuple[int, frozenset[int]], bool] = {}  # (guild, roles): few in a batch
    # Outcomes are immutable and few differ within a batch: share equal ones.
    alike: dict[tuple[Judgement, str | None, int], ReactionOutcome] = {}
    for reaction in reactions:
        ref = refs.get(reaction.message_id)
        if ref is None:
            outcomes.append(_IGNORED)
            continue
        group = groups_by_id[ref.guild_id]
        key = (ref.yrkande_id, reaction.actor.user_id)
        roles = (ref.guild_id, reaction.actor.role_ids)
        if roles not in holds_role:
            holds_role[roles] = is_allowed(Action.VOTE, reaction.actor, group)
        judgement = judge_reaction(
            added=reaction.added,
            emoji=reaction.emoji,
            may_vote=may_vote(
                reaction.actor.user_id,
                fixed=fixed.get(ref.item_id),
                holds_voting_role=holds_role[roles],
            ),
            current=current.get(key),
            status=ref.status,
            deadline_at=ref.deadline_at,
            now=reaction.at,
            options=ref.options,
        )
        if judgement.verdict in (Verdict.RECORD, Verdict.WITHDRAW):
            choice = judgement.choice if judgement.verdict is Verdict.RECORD else None
            current[key] = choice
            new_votes.append(
                (ref.guild_id, (*key, choice, reaction.at, VoteSource.REACTION)),
            )
        if not reaction.added and judgement.verdict is Verdict.IGNORE:
            gone = ref.options.key_of(reaction.emoji)
            if gone is not None:
                removed.append((*key, gone, len(new_votes), reaction.at))
        remove_emoji = None
        if judgement.verdict is Verdict.REFUSE:
            remove_emoji = reaction.emoji
        elif judgement.verdict is Verdict.RECORD and judgement.replaced is not None:
            remove_emoji = ref.options.emoji_of(judgement.replaced)
        shared = (judgement, remove_emoji, ref.yrkande_id)
        outcome = alike.get(shared)
        if outcome is None:
            outcome = alike[shared] = ReactionOutcome(
                verdict=judgement.verdict,
                choice=judgement.choice,
                refusal=judgement.refusal,
                remove_emoji=remove_emoji,
                item_id=ref.item_id,
                item_number=ref.item_number,
                yrkande_id=ref.yrkande_id,
                lang=group.language if group else Language.SV,
                options=ref.options,
            )
        outcomes.append(outcome)
    return outcomes, new_votes, removed


def _vote_audit_entry(
    yrkande_id: int, member_id: int, choice: OptionKey | None, at: datetime, source: VoteSource
) -> audit.NewAuditEntry:
    return audit.NewAuditEntry(
        at=at,
        actor_id=member_id,
        action=VOTE_AUDIT_ACTION,
        payload=_vote_payload(yrkande_id, member_id, choice, source),
    )


def _vote_payload(
    yrkande_id: int, member_id: int, choice: OptionKey | None, source: VoteSource
) -> dict[str, Any]:
    return {
        "yrkande_id": yrkande_id,
        "member_id": member_id,
        "choice": None if choice is None else str(choice),
        "source": source.value,
    }


async def _current(conn: aiosqlite.Connection, yrkande_id: int, item: Item) -> dict[int, OptionKey]:
    return current_votes(
        await votes.events_for(conn, yrkande_id), until=await _deadline(conn, item)
    )


async def current_votes_of(db: Database, yrkande_id: int) -> dict[int, OptionKey]:
    """member -> live vote on one yrkande, from the record (votes at/after the deadline ignored)."""
    async with db.read() as conn:
        item = await _item_of_yrkande(conn, yrkande_id)
        return await _current(conn, yrkande_id, item)


async def tally(db: Database, yrkande_id: int, eligible: Collection[int]) -> Counts:
    """The yrkande's counts from the record, "not voted" over the item's fixed electorate.

    `eligible` (the members holding the voting role now) counts for items opened before
    electorates were stored.
    """
    async with db.read() as conn:
        item = await _item_of_yrkande(conn, yrkande_id)
        current = await _current(conn, yrkande_id, item)
        voters = await voters_of(conn, item, eligible)
    return count_votes(current, voters)


async def _item_of_yrkande(conn: aiosqlite.Connection, yrkande_id: int) -> Item:
    item = await items.item_of_yrkande(conn, yrkande_id)
    if item is None:
        raise NotFound(what_key="what.yrkande", number=yrkande_id)
    return item


# ------------------------------------------------------------ vote messages


def _channel_candidates(item: Item) -> tuple[int, ...]:
    return tuple(cid for cid in (item.thread_id, item.channel_id) if cid is not None)


def _message_state(
    item: Item,
    group: Group | None,
    yrkande: Yrkande,
    *,
    status: ItemStatus,
    voted: int,
    counts: Counts | None = None,
    position: Position | None = None,
    question: question_service.QuestionState | None = None,
    show_counts: bool = True,
) -> VoteMessageState:
    """What one vote message of `item` shows: an att-sats's (`counts`, `position`) or a
    beslutsgång question round's (`question`); `status` the item's (OPEN when opening)."""
    return VoteMessageState(
        guild_id=item.guild_id,
        item_id=item.id,
        item_number=item.number,
        item_title=item.title,
        yrkande=yrkande,
        yrkande_total=len(item.yrkanden),
        status=status,
        counts=counts,
        voted=voted,
        position=position,
        lang=group.language if group else Language.SV,
        channel_ids=_channel_candidates(item),
        question=question.question if question else None,
        round=question.round if question else None,
        author_id=question.author_id if question else None,
        question_index=question.index if question else 0,
        question_total=question.total if question else 0,
        followed=question.followed if question else False,
        show_counts=show_counts,
    )


async def vote_message_states(
    db: Database,
    item_id: int,
    eligible: Collection[int],
    *,
    include: Collection[int] = (),
    opening: bool = False,
) -> list[VoteMessageState]:
    """The state of every published vote message of an item (open: live; closed: final);
    `include`: question rounds about to be posted (rendered before they have a message).

    `opening`: a draft item's every att-sats as its vote message will show once the item's
    voting opens (over the electorate opening it now would fix): what the publisher posts,
    so the vote view has nothing to edit after opening unless something changed meanwhile.
    """
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
        if item is None:
            return []
        group = await groups.get(conn, item.guild_id)
        deadline_at = await _deadline(conn, item)
        if opening:
            status = ItemStatus.OPEN
            published = list(item.yrkanden)
            eligible = await electorate_at_opening(conn, group, item) if group else frozenset()
        else:
            status = item.status
            published = [y for y in item.yrkanden if y.vote_message_id is not None]
            eligible = await voters_of(conn, item, eligible)
        events = await votes.events_for_many(conn, [y.id for y in published])
        decided = await positions.for_yrkanden(conn, [y.id for y in published])
        question_states = (
            [] if opening else await question_service.vote_states(conn, item, include=include)
        )
    live_tally = group.rules.show_live_tally if group else True
    # `status` is the item's own except when opening (then there are no question rounds).
    show_counts = status is not ItemStatus.OPEN or live_tally
    states = []
    for yrkande in published:
        record = decided.get(yrkande.id)
        counts = tally_of(
            events[yrkande.id],
            until=deadline_at,
            eligible=eligible,
            # Closed: the tally the position was decided on, not one against today's roles.
            record=record if status is ItemStatus.CLOSED else None,
        )
        states.append(
            _message_state(
                item,
                group,
                yrkande,
                status=status,
                counts=counts if show_counts else None,
                voted=counts.participated,
                position=record.position if record and status is ItemStatus.CLOSED else None,
            )
        )
    for row, found in question_states:
        states.append(
            _message_state(
                item,
                group,
                row,
                status=status,
                voted=found.voted,
                question=found,
                show_counts=show_counts,
            )
        )
    return states


class VoteTarget(BaseModel):
    """An open vote message to reconcile."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    item_id: int
    item_number: int
    yrkande_id: int
    yrkande_number: int
    message_id: int
    channel_ids: tuple[int, ...]
    options: OptionSet  # what the message offers


def _targets(item: Item) -> list[VoteTarget]:
    # Every vote message of the item: its att-satser's and its beslutsgång questions' rounds.
    return [
        VoteTarget(
            guild_id=item.guild_id,
            item_id=item.id,
            item_number=item.number,
            yrkande_id=y.id,
            yrkande_number=y.number,
            message_id=y.vote_message_id,
            channel_ids=_channel_candidates(item),
            options=y.options,
        )
        for y in [*item.yrkanden, *item.question_votes]
        if y.vote_message_id is not None
    ]


# Open items listed per read: at 2,500 groups one read of all ~40,000 vote messages held the
# connection, and building them the event loop, for about a second while live votes waited.
TARGETS_PAGE = 500


async def open_vote_targets(db: Database, guild_id: int | None = None) -> list[VoteTarget]:
    """Every published vote message of every open item (of one group, if given), read a page
    of items at a time: a live vote's database turns and the event loop come between."""
    targets: list[VoteTarget] = []
    after = 0
    while True:
        async with db.read() as conn:
            until = await items.open_items_page_end(
                conn, guild_id, after_item_id=after, count=TARGETS_PAGE
            )
            if until is None:
                return targets
            rows = await items.open_vote_messages(
                conn, guild_id, after_item_id=after, until_item_id=until
            )
        targets.extend(_lean_targets(rows))
        after = until
        await asyncio.sleep(0)  # let what waits run before the next page is built


def _lean_targets(
    rows: list[tuple[int, int, int, int, int, int, int | None, int | None, str]],
) -> list[VoteTarget]:
    # Trusted rows of our own record: built without validation.
    return [
        VoteTarget.model_construct(
            guild_id=guild,
            item_id=item_id,
            item_number=item_number,
            yrkande_id=yrkande_id,
            yrkande_number=yrkande_number,
            message_id=message_id,
            channel_ids=tuple(cid for cid in (thread_id, channel_id) if cid is not None),
            options=option_set(option_set_name),
        )
        for (
            guild,
            item_id,
            item_number,
            yrkande_id,
            yrkande_number,
            message_id,
            thread_id,
            channel_id,
            option_set_name,
        ) in rows
    ]


async def open_vote_message_ids(db: Database) -> list[int]:
    """The published vote messages of every open item (their ids only)."""
    async with db.read() as conn:
        return [row[5] for row in await items.open_vote_messages(conn)]


async def item_of_vote_message(db: Database, message_id: int) -> int | None:
    """The item a vote message belongs to (None if it is none)."""
    async with db.read() as conn:
        found = await items.vote_messages(conn, [message_id])
    return found[message_id].item_id if message_id in found else None


async def item_targets(db: Database, item_id: int) -> list[VoteTarget]:
    """The published vote messages of one item."""
    async with db.read() as conn:
        item = await items.by_id(conn, item_id)
    return [] if item is None else _targets(item)


@dataclass(frozen=True)
class ReconcileRecord:
    """What the record says about vote messages of one item, read at once: what their
    reconciliation compares the reactions with (`judge_reconcile`)."""

    item: Item
    deadline: datetime
    departed: list[int]
    voters: frozenset[int]
    events: dict[int, list[VoteEvent]]  # yrkande -> its vote events in order
    known: dict[int, dict[int, set[OptionKey]]]  # yrkande -> member -> reactions known held

    def row(self, yrkande_id: int) -> Yrkande:
        """The yrkande (att-sats or question round) of this vote message."""
        return next(
            y for y in [*self.item.yrkanden, *self.item.question_votes] if y.id == yrkande_id
        )

    def holders(self, yrkande_id: int) -> dict[str, set[int]]:
        """Emoji -> the members the record knows hold that vote reaction: what a vote
        message's reaction counts are compared with (the bot's own reaction aside)."""
        return recorded_holders(self.known[yrkande_id], self.row(yrkande_id).options)


async def _reconcile_record(
    conn: aiosqlite.Connection, yrkande_ids: Sequence[int], may_vote: Collection[int]
) -> ReconcileRecord:
    item = await _item_of_yrkande(conn, yrkande_ids[0])
    names = await groups.member_names(conn, item.guild_id)
    events = await votes.events_for_many(conn, list(yrkande_ids))
    removals = await votes.removals_for_many(conn, list(yrkande_ids))
    sighted = await votes.sightings_for_many(conn, list(yrkande_ids))
    return ReconcileRecord(
        item=item,
        deadline=await _deadline(conn, item),
        departed=[mid for mid, (_, left) in names.items() if left],
        voters=await voters_of(conn, item, may_vote),
        events=events,
        known={
            yid: known_reactions(events[yid], removals[yid], sighted[yid]) for yid in yrkande_ids
        },
    )


async def reconcile_record(
    db: Database, yrkande_ids: Sequence[int], may_vote: Collection[int]
) -> ReconcileRecord:
    """The record of vote messages of ONE item (`yrkande_ids`, not empty) in one read;
    `may_vote` as for `reconcile_yrkande`."""
    async with db.read() as conn:
        return await _reconcile_record(conn, yrkande_ids, may_vote)


async def recorded_reaction_holders(
    db: Database, yrkande_ids: Sequence[int]
) -> dict[int, dict[str, set[int]]]:
    """Yrkande -> emoji -> the members the record knows hold that vote reaction (the
    yrkanden of one item)."""
    if not yrkande_ids:
        return {}
    record = await reconcile_record(db, yrkande_ids, ())
    return {yrkande_id: record.holders(yrkande_id) for yrkande_id in yrkande_ids}


Pairs = list[tuple[int, OptionKey]]  # (member, choice)


def judge_reconcile(
    record: ReconcileRecord,
    yrkande_id: int,
    reactions: Mapping[str, Collection[int]],
    *,
    bot_id: int,
    now: datetime,
    connected_after_seq: int | None,
) -> tuple[ReconcilePlan, Pairs, Pairs]:
    """(plan, reactions the record knew held and the read found gone, reactions found on
    and not counted) for one vote message, `reactions` as they were before the unrecorded
    events (`reactions_as_recorded`)."""
    row = record.row(yrkande_id)
    # A vote message with its own deadline (a closed round; an att-sats whose vote moved
    # to its alternatives) takes no reaction after it.
    deadline = min(record.deadline, row.closes_at) if row.closes_at else record.deadline
    if voting_refusal(record.item.status, deadline, now) is not None:
        return ReconcilePlan(), [], []
    events = record.events[yrkande_id]
    known = record.known[yrkande_id]
    options = row.options
    current = current_votes(events, until=record.deadline)
    plan = plan_reconcile(
        reactions=reactions,
        current=current,
        may_vote=record.voters,
        departed=record.departed,
        bot_id=bot_id,
        known=known,
        newer_than_missed=voted_live_since(events, connected_after_seq),
        options=options,
    )
    held = {(u, options.key_of(e)) for e, users in reactions.items() for u in users}
    gone = [
        (member_id, choice)
        for member_id, choices in sorted(known.items())
        for choice in sorted(choices)
        if (member_id, choice) not in held
    ]
    # Found on, not known and not the vote: to be removed, but known until it is (a
    # crash before the removal must not make it a new act at the next read).
    voted: dict[int, OptionKey | None] = {**current, **plan.record}
    departed = set(record.departed)
    sighted = sorted(
        (member_id, choice)
        for member_id, choice in held
        if choice is not None
        and member_id != bot_id
        and member_id not in departed
        and choice not in known.get(member_id, ())
        and voted.get(member_id) != choice
    )
    return plan, gone, sighted


async def reconcile_yrkande(
    db: Database,
    *,
    yrkande_id: int,
    reactions: Mapping[str, Collection[int]],
    may_vote: Collection[int],
    bot_id: int,
    now: datetime,
    unrecorded: Sequence[tuple[int, str, bool]] = (),
    connected_after_seq: int | None = None,
    record: ReconcileRecord | None = None,
) -> ReconcilePlan:
    """Record (source `reconcile`) what the reactions say changed while the bot was away.

    Only while voting is open; returns the plan so the adapter removes the invalid
    reactions after the transaction has committed. `unrecorded` are the (member, emoji,
    added) events received for this message but not yet recorded: they are recorded after
    this reconciliation, so it judges the reactions as they were before them.
    `connected_after_seq` is the last vote event recorded before the bot's current gateway
    session: votes recorded live after it are newer than any reaction it missed. `record`:
    the item's record if just read (`reconcile_record`); judged again inside the
    transaction when something is to be written.
    """
    reactions = reactions_as_recorded(reactions, unrecorded)

    def judged(found: ReconcileRecord) -> tuple[ReconcilePlan, Pairs, Pairs]:
        return judge_reconcile(
            found,
            yrkande_id,
            reactions,
            bot_id=bot_id,
            now=now,
            connected_after_seq=connected_after_seq,
        )

    # Most messages need nothing recorded: judged in a read, written only when they do.
    if record is None:
        record = await reconcile_record(db, [yrkande_id], may_vote)
    plan, gone, sighted = judged(record)
    if not plan.record and not gone and not sighted:
        return plan
    async with db.transaction() as conn:
        record = await _reconcile_record(conn, [yrkande_id], may_vote)
        plan, gone, sighted = judged(record)
        item = record.item
        # What the read found gone is gone: a reaction put back later is then known as new.
        after = await votes.last_seq(conn)
        await votes.append_removals(
            conn, [(yrkande_id, member_id, choice, after, now) for member_id, choice in gone]
        )
        after_removal = await votes.last_removal_id(conn)
        await votes.append_sightings(
            conn,
            [(yrkande_id, m, choice, after, after_removal, now) for m, choice in sighted],
        )
        for member_id, choice in sorted(plan.record.items()):
            await _append_vote(
                conn,
                guild_id=item.guild_id,
                yrkande_id=yrkande_id,
                member_id=member_id,
                choice=choice,
                source=VoteSource.RECONCILE,
                now=now,
            )
    return plan


async def clause_of(db: Database, yrkande_id: int) -> tuple[int, OptionSet] | None:
    """A yrkande's (att-sats) number within its item and what its vote message offers, for
    telling a member about their vote on it."""
    async with db.read() as conn:
        item = await items.item_of_yrkande(conn, yrkande_id)
    if item is None:
        return None
    rows = [*item.yrkanden, *item.question_votes]
    return next(((y.number, y.options) for y in rows if y.id == yrkande_id), None)


async def removal_still_due(db: Database, *, yrkande_id: int, member_id: int, emoji: str) -> bool:
    """Whether a reaction the bot decided to take off must still go, by the record now."""
    async with db.read() as conn:
        current = await votes.latest_choice(conn, yrkande_id, member_id)
        options = await items.option_set_of(conn, yrkande_id)
    return removal_due(emoji, current, options)


async def record_removal(
    db: Database, *, yrkande_id: int, member_id: int, emoji: str, now: datetime
) -> None:
    """Note that the bot took a vote reaction off (its request succeeded): if it is back
    later, the member put it on again."""
    async with db.transaction() as conn:
        choice = (await items.option_set_of(conn, yrkande_id)).key_of(emoji)
        if choice is None:
            return
        after = await votes.last_seq(conn)
        await votes.append_removals(conn, [(yrkande_id, member_id, choice, after, now)])


async def last_vote_seq(db: Database) -> int:
    """The last vote event recorded so far (the bot notes it when a gateway session starts)."""
    async with db.read() as conn:
        return await votes.last_seq(conn)


# ------------------------------------------------------------ members


async def remember_members(
    db: Database,
    guild_id: int,
    members: Sequence[tuple[int, str, bool]],
    now: datetime,
    substitutes: Collection[int] = (),
) -> None:
    """Store (member_id, display name, holds the voting role) of a configured group's members.

    `substitutes` are those among them holding the substitute (ersättare) role.
    """
    async with db.transaction() as conn:
        if await groups.get(conn, guild_id) is None:
            return
        await groups.upsert_members(conn, guild_id, members, now, substitutes)


async def member_left(
    db: Database, *, guild_id: int, member_id: int, name: str, now: datetime
) -> bool:
    """Mark a member as having left (their recorded votes stay); False if already marked."""
    async with audited(db, guild_id=guild_id, actor=None, now=now) as change:
        conn = change.conn
        if await groups.get(conn, guild_id) is None:
            return False
        known = await groups.member_names(conn, guild_id)
        if member_id in known and known[member_id][1]:
            return False
        if member_id not in known:
            await groups.upsert_members(conn, guild_id, [(member_id, name, False)], now)
        await groups.mark_left(conn, guild_id, member_id, now)
        await change.record("member.left", {"member_id": member_id})
    return True


# ------------------------------------------------------------ comments


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def store_comment(
    db: Database,
    *,
    thread_id: int,
    message_id: int,
    author_id: int,
    author_name: str,
    content: str,
    attachments: Sequence[str],
    now: datetime,
) -> bool:
    """Store a message posted in a motion's thread; False when the thread is no motion's."""
    async with audited(db, guild_id=None, actor=author_id, now=now) as change:
        conn = change.conn
        item = await items.by_thread(conn, thread_id)
        if item is None:
            return False
        await comments.add(
            conn,
            message_id=message_id,
            item_id=item.id,
            author_id=author_id,
            author_name=author_name,
            content=content,
            attachments=attachments,
            at=now,
        )
        await change.record(
            "comment.added",
            {
                "item_id": item.id,
                "message_id": message_id,
                "sha256": _digest(content),
                "attachments": list(attachments),
            },
            guild_id=item.guild_id,
        )
    return True


async def edit_comment(
    db: Database, *, thread_id: int, message_id: int, content: str, now: datetime
) -> bool:
    """Keep the earlier text of an edited comment and store the new one; False if unchanged."""
    async with audited(db, guild_id=None, actor=None, now=now) as change:
        conn = change.conn
        item = await items.by_thread(conn, thread_id)
        if item is None or not await comments.edit(conn, message_id, content, now):
            return False
        await change.record(
            "comment.edited",
            {"item_id": item.id, "message_id": message_id, "sha256": _digest(content)},
            guild_id=item.guild_id,
        )
    return True


async def delete_comment(db: Database, *, thread_id: int, message_id: int, now: datetime) -> bool:
    """Mark a deleted comment as deleted (its text stays in the record); False if unknown."""
    async with audited(db, guild_id=None, actor=None, now=now) as change:
        conn = change.conn
        item = await items.by_thread(conn, thread_id)
        if item is None or not await comments.mark_deleted(conn, message_id, now):
            return False
        await change.record(
            "comment.deleted",
            {"item_id": item.id, "message_id": message_id},
            guild_id=item.guild_id,
        )
    return True


# ------------------------------------------------------------ threads kept open


async def thread_must_stay_open(db: Database, thread_id: int) -> bool:
    """Whether this thread belongs to an open item, whose vote messages need reactions."""
    async with db.read() as conn:
        item = await items.by_thread(conn, thread_id)
    return item is not None and item.status is ItemStatus.OPEN


async def open_item_threads(db: Database) -> list[tuple[int, int]]:
    """(guild id, thread id) of every open item that has a discussion thread."""
    async with db.read() as conn:
        return await items.open_item_threads(conn)


# ------------------------------------------------------------ /motion status


async def find_item(db: Database, *, guild_id: int, motion_number: int) -> tuple[Group, Item]:
    """The configured group and its item with this number, or a polite error."""
    async with db.read() as conn:
        group = await groups.get(conn, guild_id)
        item = await items.by_number(conn, guild_id, motion_number)
    if group is None or not group.configured:
        raise NotConfigured()
    if item is None:
        raise NotFound(what_key="what.motion", number=motion_number)
    return group, item


async def item_status(
    db: Database,
    *,
    guild_id: int,
    motion_number: int,
    actor: Actor,
    eligible: Collection[int],
) -> ItemStatusReport:
    """Counts per yrkande, deadline, comment count and non-voters (names for chair/secretary)."""
    group, item = await find_item(db, guild_id=guild_id, motion_number=motion_number)
    require_status_access(actor, group)
    show_names = is_allowed(Action.SECRETARY, actor, group)
    async with db.read() as conn:
        deadline_at = await _deadline(conn, item)
        events = await votes.events_for_many(conn, [y.id for y in item.yrkanden])
        comment_count = await comments.count_for_item(conn, item.id)
        known = await groups.member_names(conn, guild_id)
        eligible = await voters_of(conn, item, eligible)
        questions = await question_service.status_of(conn, item, eligible)
    departed = {mid for mid, (_, left) in known.items() if left}
    moved = {
        q.outcome.question.yrkande_number
        for q in questions
        if q.outcome.question.kind is QuestionKind.ALTERNATIVES
    }
    rows = []
    for yrkande in item.yrkanden:
        current = current_votes(events[yrkande.id], until=deadline_at)
        rows.append(
            YrkandeStatus(
                number=yrkande.number,
                text=yrkande.text,
                counts=count_votes(current, eligible),
                non_voter_ids=non_voters(current, eligible),
                departed_voter_ids=sorted(set(current) & departed),
                moved=yrkande.number in moved,
            )
        )
    return ItemStatusReport(
        item_id=item.id,
        item_number=item.number,
        title=item.title,
        status=item.status,
        deadline_at=deadline_at,
        comments=comment_count,
        yrkanden=rows,
        show_names=show_names,
        names={mid: name for mid, (name, _) in known.items()} if show_names else {},
        lang=group.language,
        questions=questions,
    )


def require_status_access(actor: Actor, group: Group) -> None:
    """Raise unless the actor may see an item's status (the group: ledamot, ersättare, chair, secretary)."""
    require(Action.VIEW, actor, group)


async def guild_of_item(db: Database, item_id: int) -> int | None:
    """The server an item belongs to (None if there is no such item)."""
    async with db.read() as conn:
        return await items.guild_of(conn, item_id)
