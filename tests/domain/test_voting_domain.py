"""Judging reaction events and planning reconciliation, as plain tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.models import EMOJI_BY_CHOICE, Choice, ItemStatus, VoteSource
from bot.domain.options import STANDARD
from bot.domain.tally import ReactionRemoval, ReactionSighting, VoteEvent
from bot.domain.voting import (
    Judgement,
    Refusal,
    Verdict,
    emoji_key,
    holders_with_events,
    judge_reaction,
    known_reactions,
    plan_reconcile,
    reactions_as_recorded,
    reactions_from_counts,
    recorded_holders,
    removal_due,
    voted_live_since,
    voting_refusal,
)

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
B, A, S = Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR
YES, NO, ABSTAIN = EMOJI_BY_CHOICE[B], EMOJI_BY_CHOICE[A], EMOJI_BY_CHOICE[S]
THUMBS = "\N{THUMBS UP SIGN}"
BOT = 999


@pytest.mark.parametrize(
    ("label", "added", "emoji", "may_vote", "current", "status", "deadline", "expected"),
    [
        ("first vote", True, YES, True, None, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.RECORD, choice=B)),
        ("switch removes the old reaction", True, YES, True, A, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.RECORD, choice=B, replaced=A)),
        ("same vote again changes nothing", True, YES, True, B, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.IGNORE)),
        ("foreign emoji refused", True, THUMBS, True, None, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.REFUSE, refusal=Refusal.FOREIGN_EMOJI)),
        ("non-member refused", True, NO, False, None, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.REFUSE, refusal=Refusal.NOT_MEMBER)),
        ("closed item refused", True, NO, True, None, ItemStatus.CLOSED, LATER,
         Judgement(verdict=Verdict.REFUSE, refusal=Refusal.CLOSED)),
        ("cancelled item refused", True, NO, True, None, ItemStatus.CANCELLED, LATER,
         Judgement(verdict=Verdict.REFUSE, refusal=Refusal.CLOSED)),
        ("draft item refused", True, NO, True, None, ItemStatus.DRAFT, LATER,
         Judgement(verdict=Verdict.REFUSE, refusal=Refusal.NOT_OPEN)),
        ("at the deadline refused though still open", True, NO, True, None, ItemStatus.OPEN, NOW,
         Judgement(verdict=Verdict.REFUSE, refusal=Refusal.DEADLINE_PASSED)),
        ("removing the live vote withdraws", False, ABSTAIN, True, S, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.WITHDRAW, choice=S)),
        ("withdrawal needs no role", False, ABSTAIN, False, S, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.WITHDRAW, choice=S)),
        ("removing a replaced reaction is ignored", False, NO, True, B, ItemStatus.OPEN, LATER,
         Judgement(verdict=Verdict.IGNORE)),
        ("removing a refused reaction is ignored", False, THUMBS, True, None, ItemStatus.OPEN,
         LATER, Judgement(verdict=Verdict.IGNORE)),
        ("removal after closing keeps the vote", False, YES, True, B, ItemStatus.CLOSED, LATER,
         Judgement(verdict=Verdict.IGNORE)),
        ("removal after the deadline keeps the vote", False, YES, True, B, ItemStatus.OPEN, NOW,
         Judgement(verdict=Verdict.IGNORE)),
    ],
)  # fmt: skip
def test_judge_reaction(
    label: str,
    added: bool,
    emoji: str,
    may_vote: bool,
    current: Choice | None,
    status: ItemStatus,
    deadline: datetime,
    expected: Judgement,
) -> None:
    judged = judge_reaction(
        added=added,
        emoji=emoji,
        may_vote=may_vote,
        current=current,
        status=status,
        deadline_at=deadline,
        now=NOW,
        options=STANDARD,
    )
    assert judged == expected, label


@pytest.mark.parametrize(
    ("status", "deadline", "expected"),
    [
        (ItemStatus.OPEN, LATER, None),
        (ItemStatus.OPEN, NOW, Refusal.DEADLINE_PASSED),
        (ItemStatus.CLOSED, LATER, Refusal.CLOSED),
        (ItemStatus.DRAFT, LATER, Refusal.NOT_OPEN),
    ],
)
def test_voting_refusal_names_why_votes_cannot_change(
    status: ItemStatus, deadline: datetime, expected: Refusal | None
) -> None:
    assert voting_refusal(status, deadline, NOW) == expected


KNOWN_LEFTOVERS: dict[str, dict[int, set[Choice]]] = {
    # The member voted ❌ then ✅ (recorded); the bot's removal of ❌ has not happened.
    "leftover of a recorded switch next to the stored vote is removed": {1: {A}},
    "stored vote taken off while away, the leftover goes too": {1: {A}},
}
# Members whose stored vote was recorded live since the bot last connected.
NEWER_THAN_MISSED: dict[str, set[int]] = {
    "a vote recorded live since reconnecting is newer than a missed reaction": {1},
}
UNREADABLE: dict[str, list[int]] = {
    "two new reactions next to the stored vote: no order, withdrawn": [1],
    "two new reactions cannot be read: both go": [1],
    "two new reactions replace a stored vote: withdrawn": [1],
}


@pytest.mark.parametrize(
    ("label", "reactions", "current", "may_vote", "departed", "record", "remove"),
    [
        ("in step: nothing to do", {YES: {1}, NO: {2}}, {1: B, 2: A}, {1, 2}, set(), {}, []),
        ("reacted while away is recorded", {YES: {1, 2}}, {1: B}, {1, 2}, set(), {2: B}, []),
        ("removed while away is withdrawn", {YES: {1}}, {1: B, 2: A}, {1, 2}, set(),
         {2: None}, []),
        ("switched while away", {NO: {1}}, {1: B}, {1}, set(), {1: A}, []),
        ("leftover of a recorded switch next to the stored vote is removed",
         {YES: {1}, NO: {1}}, {1: B}, {1}, set(), {}, [(NO, 1)]),
        ("unseen reaction next to the stored vote is a switch", {YES: {1}, NO: {1}}, {1: B},
         {1}, set(), {1: A}, [(YES, 1)]),
        ("two new reactions next to the stored vote: no order, withdrawn", {YES: {1}, NO: {1},
         ABSTAIN: {1}}, {1: B}, {1}, set(), {1: None}, [(YES, 1), (NO, 1), (ABSTAIN, 1)]),
        ("a vote recorded live since reconnecting is newer than a missed reaction",
         {YES: {1}, NO: {1}}, {1: A}, {1}, set(), {}, [(YES, 1)]),
        ("stored vote taken off while away, the leftover goes too", {NO: {1}}, {1: B}, {1},
         set(), {1: None}, [(NO, 1)]),
        ("two new reactions cannot be read: both go", {YES: {1}, NO: {1}}, {}, {1}, set(), {},
         [(YES, 1), (NO, 1)]),
        ("two new reactions replace a stored vote: withdrawn", {YES: {1}, NO: {1}}, {1: S}, {1},
         set(), {1: None}, [(YES, 1), (NO, 1)]),
        ("non-member's reaction removed", {YES: {7}}, {}, {1}, set(), {}, [(YES, 7)]),
        ("foreign emoji removed", {THUMBS: {1}}, {}, {1}, set(), {}, [(THUMBS, 1)]),
        ("the bot's own reactions stay", {YES: {BOT}, NO: {BOT}, ABSTAIN: {BOT}}, {}, {1},
         set(), {}, []),
        ("a departed member keeps their vote without reaction", {}, {5: A}, {1}, {5}, {}, []),
        ("a departed member's reactions are left alone", {YES: {5}, NO: {5}}, {5: A}, {1}, {5},
         {}, []),
        ("lost the role: vote with its reaction stays", {YES: {6}}, {6: B}, {1}, set(), {}, []),
        ("lost the role: reaction gone withdraws", {}, {6: B}, {1}, set(), {6: None}, []),
    ],
)  # fmt: skip
def test_plan_reconcile(
    label: str,
    reactions: dict[str, set[int]],
    current: dict[int, Choice],
    may_vote: set[int],
    departed: set[int],
    record: dict[int, Choice | None],
    remove: list[tuple[str, int]],
) -> None:
    # The record knows every stored vote's reaction; some rows also a leftover of a switch.
    known = {member: {choice} for member, choice in current.items()}
    for member, choices in KNOWN_LEFTOVERS.get(label, {}).items():
        known.setdefault(member, set()).update(choices)
    plan = plan_reconcile(
        reactions=reactions,
        current=current,
        may_vote=may_vote,
        departed=departed,
        bot_id=BOT,
        known=known,
        newer_than_missed=NEWER_THAN_MISSED.get(label, set()),
        options=STANDARD,
    )
    assert plan.record == record, label
    assert sorted(plan.remove) == sorted(remove), label
    assert plan.unreadable == UNREADABLE.get(label, []), label


def _events(*rows: tuple[int, Choice | None, VoteSource]) -> list[VoteEvent]:
    return [
        VoteEvent(member_id=member, choice=choice, at=NOW, source=source, seq=seq)
        for seq, (member, choice, source) in enumerate(rows, start=1)
    ]


R, C = VoteSource.REACTION, VoteSource.RECONCILE


@pytest.mark.parametrize(
    ("label", "events", "removals", "expected"),
    [
        ("a vote puts its reaction on", _events((1, B, R)), [], {1: {B}}),
        ("a switch leaves the old one on until removed", _events((1, A, R), (1, B, R)), [],
         {1: {A, B}}),
        ("the recorded removal takes it off", _events((1, A, R), (1, B, R)),
         [ReactionRemoval(member_id=1, choice=A, after_seq=2)], {1: {B}}),
        ("a withdrawal takes the vote's reaction off", _events((1, A, R), (1, None, R)), [], {}),
        ("a reconciliation's withdrawal leaves it on until its removal is recorded",
         _events((1, A, R), (1, None, C)), [], {1: {A}}),
        ("a removal before the vote again does not count",
         _events((1, A, R), (1, B, R), (1, A, R)),
         [ReactionRemoval(member_id=1, choice=A, after_seq=2)], {1: {A, B}}),
        ("members apart", _events((1, A, R), (2, B, C)),
         [ReactionRemoval(member_id=2, choice=A, after_seq=2)], {1: {A}, 2: {B}}),
    ],
)  # fmt: skip
def test_known_reactions_follow_votes_withdrawals_and_recorded_removals(
    label: str,
    events: list[VoteEvent],
    removals: list[ReactionRemoval],
    expected: dict[int, set[Choice]],
) -> None:
    assert known_reactions(events, removals) == expected, label


def _seen(
    member_id: int, choice: Choice, after_seq: int, after_removal: int = 0
) -> ReactionSighting:
    return ReactionSighting(
        member_id=member_id, choice=choice, after_seq=after_seq, after_removal=after_removal
    )


def _gone(member_id: int, choice: Choice, after_seq: int, removal_id: int) -> ReactionRemoval:
    return ReactionRemoval(member_id=member_id, choice=choice, after_seq=after_seq, id=removal_id)


@pytest.mark.parametrize(
    ("label", "events", "removals", "sighted", "expected"),
    [
        ("a reaction found on and not counted is known", _events((1, B, R)), [],
         [_seen(1, A, 1)], {1: {A, B}}),
        ("known with no vote at all", [], [], [_seen(1, A, 0), _seen(1, S, 0)], {1: {A, S}}),
        ("its removal recorded later takes it off (same vote event, later removal)",
         _events((1, B, R)), [_gone(1, A, 1, 5)], [_seen(1, A, 1, after_removal=4)], {1: {B}}),
        ("removed, then found on again (same vote event, earlier removal)",
         _events((1, B, R)), [_gone(1, A, 1, 5)], [_seen(1, A, 1, after_removal=5)],
         {1: {A, B}}),
        ("a sighting before the member's withdrawal of the same vote", _events((1, A, R),
         (1, None, R)), [], [_seen(1, A, 0)], {}),
    ],
)  # fmt: skip
def test_known_reactions_include_what_a_reconciliation_found_and_did_not_count(
    label: str,
    events: list[VoteEvent],
    removals: list[ReactionRemoval],
    sighted: list[ReactionSighting],
    expected: dict[int, set[Choice]],
) -> None:
    assert known_reactions(events, removals, sighted) == expected, label


def test_voted_live_since_counts_reactions_after_the_connection_only() -> None:
    record = _events((1, B, R), (2, B, R), (3, A, C), (2, S, R), (4, A, R), (4, None, R))
    assert voted_live_since(record, 2) == {2}  # 3 by reconciliation, 4 withdrew, 1 before
    assert voted_live_since(record, None) == set()


@pytest.mark.parametrize(
    ("emoji", "current", "due"),
    [(YES, A, True), (YES, B, False), (YES, None, True), (THUMBS, B, True), (NO, None, True)],
)
def test_removal_due_spares_only_the_recorded_vote(
    emoji: str, current: Choice | None, due: bool
) -> None:
    assert removal_due(emoji, current, STANDARD) is due


@pytest.mark.parametrize(
    ("label", "read", "unrecorded", "expected"),
    [
        ("nothing pending", {YES: [1, 2]}, [], {YES: [1, 2]}),
        ("an add read: not held before it", {YES: [1], NO: [1]}, [(1, NO, True)], {YES: [1]}),
        ("an add not yet read", {YES: [1]}, [(1, NO, True)], {YES: [1]}),
        ("a removal read: held before it", {}, [(1, YES, False)], {YES: [1]}),
        ("a removal not yet read", {YES: [1]}, [(1, YES, False)], {YES: [1]}),
        (
            "off and on again: held before, whatever the read saw",
            {},
            [(1, YES, False), (1, YES, True)],
            {YES: [1]},
        ),
        ("on and off: not held before", {}, [(1, NO, True), (1, NO, False)], {}),
        ("others untouched", {YES: [1, 2], NO: [1]}, [(1, NO, True)], {YES: [1, 2]}),
        (
            "a custom emoji is matched by id, not by its (renamed) name",
            {"<:yrka:42>": [1]},
            [(1, "<:yrka_ny:42>", True)],
            {},
        ),
    ],
)
def test_reactions_as_recorded_undo_the_events_not_yet_recorded(
    label: str,
    read: dict[str, list[int]],
    unrecorded: list[tuple[int, str, bool]],
    expected: dict[str, list[int]],
) -> None:
    assert reactions_as_recorded(read, unrecorded) == expected, label


@pytest.mark.parametrize(
    ("emoji", "key"),
    [(YES, YES), ("<:yrka:42>", "42"), ("<a:yrka:42>", "42"), ("yrka:42", "42"), (":)", ":)")],
)
def test_emoji_key_matches_custom_emoji_by_id(emoji: str, key: str) -> None:
    assert emoji_key(emoji) == key


def test_recorded_holders_list_each_emoji_known_held() -> None:
    holders = recorded_holders({1: {B}, 2: {B, A}, 3: {S}}, STANDARD)
    assert holders == {YES: {1, 2}, NO: {2}, ABSTAIN: {3}}
    assert recorded_holders({}, STANDARD) == {YES: set(), NO: set(), ABSTAIN: set()}


@pytest.mark.parametrize(
    ("counts", "holders", "known", "to_read"),
    [
        # Nothing changed: every count is the record's plus the bot's own.
        (
            {YES: (3, True), NO: (2, True), ABSTAIN: (1, True)},
            {YES: {1, 2}, NO: {3}, ABSTAIN: set()},
            {YES: [1, 2, BOT], NO: [3, BOT], ABSTAIN: [BOT]},
            [],
        ),
        # One more on YES (a vote while away), one fewer on NO (taken off): only YES is read;
        # NO held by nobody but the bot needs no read.
        (
            {YES: (3, True), NO: (1, True), ABSTAIN: (1, True)},
            {YES: {1}, NO: {3}, ABSTAIN: set()},
            {NO: [BOT], ABSTAIN: [BOT]},
            [YES],
        ),
        # The bot's own reaction gone: counted without it; an emoji gone altogether.
        (
            {YES: (2, False)},
            {YES: {1, 2}, NO: {3}, ABSTAIN: set()},
            {YES: [1, 2], NO: [], ABSTAIN: []},
            [],
        ),
        # A foreign emoji held by someone: read (to remove it); one fewer on YES: read.
        (
            {YES: (2, True), THUMBS: (1, False)},
            {YES: {1, 2}, NO: set(), ABSTAIN: set()},
            {NO: [], ABSTAIN: []},
            [THUMBS, YES],
        ),
    ],
)
def test_reactions_from_counts_read_only_the_emoji_whose_count_differs(
    counts: dict[str, tuple[int, bool]],
    holders: dict[str, set[int]],
    known: dict[str, list[int]],
    to_read: list[str],
) -> None:
    counted = reactions_from_counts(counts, holders, BOT)
    assert counted.known == known
    assert sorted(counted.to_read) == sorted(to_read)


@pytest.mark.parametrize(
    ("label", "events", "expected"),
    [
        ("no events: the record's holders", [], {YES: {1}, NO: set()}),
        ("a live vote adds its holder", [(2, YES, True)], {YES: {1, 2}, NO: set()}),
        ("a switch: on and off", [(1, NO, True), (1, YES, False)], {YES: set(), NO: {1}}),
        ("taken off and put back", [(1, YES, False), (1, YES, True)], {YES: {1}, NO: set()}),
        ("a foreign emoji gets its own entry", [(3, THUMBS, True)],
         {YES: {1}, NO: set(), THUMBS: {3}}),
        ("a custom emoji matched by id", [(3, "<:a:42>", True), (3, "b:42", False)],
         {YES: {1}, NO: set(), "<:a:42>": set()}),
    ],
)  # fmt: skip
def test_holders_with_events_apply_the_unrecorded_events_in_order(
    label: str, events: list[tuple[int, str, bool]], expected: dict[str, set[int]]
) -> None:
    assert holders_with_events({YES: {1}, NO: set()}, events) == expected, label
