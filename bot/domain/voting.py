"""Judging reactions on vote messages: what a reaction event, or the reactions found at
start-up, mean for the vote record. Pure: the adapters fetch, these functions decide.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict

from bot.domain.models import ItemStatus, VoteSource
from bot.domain.options import STANDARD, OptionKey, OptionSet
from bot.domain.tally import ReactionRemoval, ReactionSighting, VoteEvent


class Verdict(StrEnum):
    """What the adapter must do with one reaction event."""

    RECORD = "record"  # append the vote; remove the member's previous reaction, if any
    WITHDRAW = "withdraw"  # append a withdrawal
    REFUSE = "refuse"  # remove this reaction, record nothing
    IGNORE = "ignore"  # nothing to record, nothing to remove


class Refusal(StrEnum):
    """Why a reaction was removed instead of counted."""

    NOT_MEMBER = "not_member"
    FOREIGN_EMOJI = "foreign_emoji"
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    DEADLINE_PASSED = "deadline_passed"


class Judgement(BaseModel):
    """The verdict on one reaction event and what it implies."""

    model_config = ConfigDict(frozen=True)

    verdict: Verdict
    choice: OptionKey | None = None  # the vote to record (RECORD) or withdrawn (WITHDRAW)
    replaced: OptionKey | None = None  # RECORD: the previous vote whose reaction must go
    refusal: Refusal | None = None


@cache
def _judgement(
    *,
    verdict: Verdict,
    choice: OptionKey | None = None,
    replaced: OptionKey | None = None,
    refusal: Refusal | None = None,
) -> Judgement:
    # There are only a few distinct judgements and they are immutable: share them, as a
    # burst judges thousands of events.
    return Judgement(verdict=verdict, choice=choice, replaced=replaced, refusal=refusal)


def voting_refusal(status: ItemStatus, deadline_at: datetime, now: datetime) -> Refusal | None:
    """Why no vote can change on this yrkande now, or None while voting is open."""
    if status is ItemStatus.DRAFT:
        return Refusal.NOT_OPEN
    if status is not ItemStatus.OPEN:
        return Refusal.CLOSED
    if now >= deadline_at:
        return Refusal.DEADLINE_PASSED
    return None


def judge_reaction(
    *,
    added: bool,
    emoji: str,
    may_vote: bool,
    current: OptionKey | None,
    status: ItemStatus,
    deadline_at: datetime,
    now: datetime,
    options: OptionSet,
) -> Judgement:
    """Decide what one reaction add/remove on a vote message means (the bot's own are ignored
    earlier); `options` is what the message offers (its yrkande's option set)."""
    choice = options.by_emoji.get(emoji)
    closed_because = voting_refusal(status, deadline_at, now)
    if not added:
        # Only removing the reaction that is the member's live vote withdraws it; the other
        # removals are the bot's own clean-ups (a switch, a refusal) and change nothing.
        if choice is not None and choice == current and closed_because is None:
            return _judgement(verdict=Verdict.WITHDRAW, choice=choice)
        return _judgement(verdict=Verdict.IGNORE)
    if choice is None:
        return _judgement(verdict=Verdict.REFUSE, refusal=Refusal.FOREIGN_EMOJI)
    if closed_because is not None:
        return _judgement(verdict=Verdict.REFUSE, refusal=closed_because)
    if not may_vote:
        return _judgement(verdict=Verdict.REFUSE, refusal=Refusal.NOT_MEMBER)
    if choice == current:
        return _judgement(verdict=Verdict.IGNORE)
    return _judgement(verdict=Verdict.RECORD, choice=choice, replaced=current)


class VoteMessageRef(BaseModel):
    """What judging a reaction on a vote message needs to know about its yrkande."""

    model_config = ConfigDict(frozen=True)

    message_id: int
    yrkande_id: int
    item_id: int
    item_number: int
    guild_id: int
    status: ItemStatus
    deadline_at: datetime
    options: OptionSet = STANDARD  # what the message offers


def emoji_key(emoji: str) -> str:
    """What identifies an emoji, as Discord matches it: a custom emoji by its id alone
    (`<:name:id>`, `<a:name:id>` and `name:id` alike; its name can change), others as is."""
    name, sep, emoji_id = emoji.strip("<>").rpartition(":")
    return emoji_id if sep and name and emoji_id.isdigit() else emoji


def reactions_as_recorded(
    reactions: Mapping[str, Collection[int]], unrecorded: Iterable[tuple[int, str, bool]]
) -> dict[str, list[int]]:
    """The reactions as they stood when the record was last complete.

    `reactions` is what a reconciliation read; `unrecorded` are the (member, emoji, added)
    reaction events, in order, that the bot received but has not recorded yet (they arrived
    while the reconciliation held the writer, before or after its reads: the read cannot
    tell). They are recorded after the reconciliation and are newer than its findings, so
    the reconciliation must judge the state before them: each (member, emoji) they touch is
    put back to what the first of them implies (an add: not held before; a removal: held).
    Discord never adds a reaction twice, so this is exact whatever the timing of the reads.
    """
    held = {emoji: set(users) for emoji, users in reactions.items()}
    spelt = {emoji_key(emoji): emoji for emoji in reactions}
    seen: set[tuple[int, str]] = set()
    for user_id, emoji, added in unrecorded:
        key = emoji_key(emoji)
        if (user_id, key) in seen:
            continue
        seen.add((user_id, key))
        users = held.setdefault(spelt.setdefault(key, emoji), set())
        if added:
            users.discard(user_id)
        else:
            users.add(user_id)
    return {emoji: sorted(users) for emoji, users in held.items() if users}


def removal_due(emoji: str, current: OptionKey | None, options: OptionSet) -> bool:
    """Whether a reaction the bot decided to take off must still go, judged when it is sent.

    Only the member's recorded vote may stay: if a newer act made this reaction the vote
    again (taken off and put back while the removal waited), removing it would undo it.
    """
    choice = options.key_of(emoji)
    return choice is None or choice != current


def known_reactions(
    events: Iterable[VoteEvent],
    removals: Iterable[ReactionRemoval],
    sighted: Iterable[ReactionSighting] = (),
) -> dict[int, set[OptionKey]]:
    """Member -> the vote reactions the record knows they hold: each vote puts its reaction
    on; a withdrawal, or a recorded removal after the vote, takes it off. A switch leaves
    the old reaction on until its removal is recorded. `sighted` are reactions a
    reconciliation found on and did not count: known from then on. A held reaction not in
    here was put on (again) while the bot did not see it: a new act."""
    known: dict[int, set[OptionKey]] = {}
    live: dict[int, OptionKey] = {}
    # (after_seq, place among removals, put on, member, choice), in the record's order.
    changes = sorted(
        [(r.after_seq, float(r.id), False, r.member_id, r.choice) for r in removals]
        + [(r.after_seq, r.after_removal + 0.5, True, r.member_id, r.choice) for r in sighted],
        key=lambda change: change[:2],
    )
    next_change = 0

    def apply(change: tuple[int, float, bool, int, OptionKey]) -> None:
        _, _, put_on, member_id, choice = change
        if put_on:
            known.setdefault(member_id, set()).add(choice)
        else:
            known.get(member_id, set()).discard(choice)

    for event in sorted(events, key=lambda event: event.seq):
        while next_change < len(changes) and changes[next_change][0] < event.seq:
            apply(changes[next_change])
            next_change += 1
        held = known.setdefault(event.member_id, set())
        if event.choice is None:
            withdrawn = live.pop(event.member_id, None)
            # A member's withdrawal is their reaction taken off; a reconciliation's may leave
            # it on until its removal is recorded (what it found gone it records as removed).
            if withdrawn is not None and event.source is VoteSource.REACTION:
                held.discard(withdrawn)
        else:
            live[event.member_id] = event.choice
            held.add(event.choice)
    for change in changes[next_change:]:
        apply(change)
    return {member_id: held for member_id, held in known.items() if held}


def recorded_holders(
    known: Mapping[int, Collection[OptionKey]], options: OptionSet
) -> dict[str, set[int]]:
    """Emoji -> the members the record knows hold that vote reaction (`known_reactions`)."""
    holders: dict[str, set[int]] = {emoji: set() for emoji in options.emojis}
    for member_id, held in known.items():
        for choice in held:
            holders[options.emoji_of(choice)].add(member_id)
    return holders


def holders_with_events(
    holders: Mapping[str, Collection[int]], events: Iterable[tuple[int, str, bool]]
) -> dict[str, set[int]]:
    """Emoji -> holders once the received, not yet recorded (member, emoji, added) events
    are applied to what the record says (`recorded_holders`): what a message read after them
    shows if nothing else changed. Lets a start-up read whose counts differ from the record
    only by the live events the bot holds count as unchanged (no user list read)."""
    after = {emoji: set(users) for emoji, users in holders.items()}
    spelt = {emoji_key(emoji): emoji for emoji in after}
    for user_id, emoji, added in events:
        users = after.setdefault(spelt.setdefault(emoji_key(emoji), emoji), set())
        if added:
            users.add(user_id)
        else:
            users.discard(user_id)
    return after


class CountedReactions(BaseModel):
    """What a message's reaction counts tell without reading any user list.

    `known` maps emoji -> its holders where the counts settle them; `to_read` are the emoji
    whose users must be read because their count differs from what the record says.
    """

    model_config = ConfigDict(frozen=True)

    known: dict[str, list[int]] = {}
    to_read: list[str] = []


def reactions_from_counts(
    counts: Mapping[str, tuple[int, bool]],
    holders: Mapping[str, Collection[int]],
    bot_id: int,
) -> CountedReactions:
    """Settle a vote message's reactions from one read of their counts.

    `counts` maps emoji -> (count, whether the bot's own reaction is among them), as a
    message read from Discord carries them; `holders` is `recorded_holders`. An emoji held
    by as many members as the record says is taken to be held by exactly those (the bot's
    own reaction aside); one held by nobody but the bot has no other holder; any other
    emoji must be read. Equal counts cannot show offline acts that cancel on an emoji (one
    member's reaction on as another's came off), so the adapter reads every list of an item
    as soon as any of its counts differs, and a close reads them all.
    """
    known: dict[str, list[int]] = {}
    to_read: list[str] = []
    # Matched as Discord matches emoji (a custom one by id), spelt as the message has it.
    counted = {emoji_key(emoji): (emoji, value) for emoji, value in counts.items()}
    held = {emoji_key(emoji): (emoji, users) for emoji, users in holders.items()}
    for key in sorted(set(counted) | set(held)):
        emoji, (count, me) = counted[key] if key in counted else (held[key][0], (0, False))
        others = count - (1 if me else 0)
        own = [bot_id] if me else []
        recorded = sorted(held[key][1] if key in held else ())
        if others <= 0:
            known[emoji] = own
        elif others == len(recorded):
            known[emoji] = sorted({*recorded, *own})
        else:
            to_read.append(emoji)
    return CountedReactions(known=known, to_read=to_read)


def voted_live_since(events: Iterable[VoteEvent], seq: int | None) -> set[int]:
    """Members whose live vote was set by a reaction the bot received after vote event `seq`
    (its last connection): newer than anything it missed while it was down."""
    if seq is None:
        return set()
    last: dict[int, VoteEvent] = {}
    for event in sorted(events, key=lambda event: event.seq):
        last[event.member_id] = event
    return {
        member_id
        for member_id, event in last.items()
        if event.choice is not None and event.seq > seq and event.source is VoteSource.REACTION
    }


class ReconcilePlan(BaseModel):
    """What start-up (or /motion status) reconciliation must change.

    `record` maps member -> new vote (None = withdrawn), to be appended with source
    `reconcile`; `remove` lists (emoji, user_id) reactions to take off the message;
    `unreadable` are members with several new reactions in no known order, whose vote
    could not be read (they are asked privately to react again).
    """

    model_config = ConfigDict(frozen=True)

    record: dict[int, OptionKey | None] = {}
    remove: list[tuple[str, int]] = []
    unreadable: list[int] = []


def plan_reconcile(
    *,
    reactions: Mapping[str, Collection[int]],
    current: Mapping[int, OptionKey],
    may_vote: Collection[int],
    departed: Collection[int],
    bot_id: int,
    known: Mapping[int, Collection[OptionKey]] | None = None,
    newer_than_missed: Collection[int] = (),
    options: OptionSet,
) -> ReconcilePlan:
    """Compare the reactions on an open vote message with the stored current votes.

    `reactions` maps emoji -> users who reacted with it; `may_vote` are members holding
    the voting role; `departed` are members who left the server, whose recorded votes
    stay as they are. `known` maps member -> the reactions the record knows they hold
    (`known_reactions`); any other held vote reaction is new: put on while the bot did not
    see it, so newer than the stored vote, unless the stored vote is in
    `newer_than_missed` (recorded live since the bot last connected). A known reaction next
    to the one that counts is a leftover of a switch and goes. One new reaction is the
    member's vote; several new ones have no order: all go, nothing counts (`unreadable`).
    `options` is what the message offers; any other reaction goes.
    """
    known = known or {}
    voters, departed_set, newer = set(may_vote), set(departed), set(newer_than_missed)
    by_member: dict[int, set[OptionKey]] = {}
    remove: set[tuple[str, int]] = set()
    for emoji, users in reactions.items():
        choice = options.key_of(emoji)
        for user_id in users:
            if user_id == bot_id or user_id in departed_set:
                continue
            if choice is None:
                remove.add((emoji, user_id))
            else:
                by_member.setdefault(user_id, set()).add(choice)

    record: dict[int, OptionKey | None] = {}
    unreadable: list[int] = []
    for member_id in sorted(set(by_member) | set(current)):
        if member_id in departed_set:
            continue
        reacted = by_member.get(member_id, set())
        stored = current.get(member_id)
        if member_id not in voters:
            # Not (or no longer) holding the voting role: a stored vote stays while its
            # reaction does; any other reaction is removed and nothing new counts.
            keep = {stored} & reacted if stored is not None else set()
            remove.update((options.emoji_of(c), member_id) for c in reacted - keep)
            if stored is not None and not keep:
                record[member_id] = None
            continue
        new = reacted - set(known.get(member_id, ())) - {stored}
        live: OptionKey | None
        if stored is not None and stored in reacted and (not new or member_id in newer):
            live = stored
        elif len(new) == 1:
            live = next(iter(new))
        else:
            live = None  # only leftovers (the stored vote was taken off), or no order
            if len(new) > 1:
                unreadable.append(member_id)
        if live != stored:
            record[member_id] = live
        remove.update((options.emoji_of(c), member_id) for c in reacted - {live})
    return ReconcilePlan(
        record=record,
        remove=sorted(remove, key=lambda pair: (pair[1], pair[0])),
        unreadable=unreadable,
    )
