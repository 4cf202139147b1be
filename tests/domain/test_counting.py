"""Which votes count, with what tally (bot.domain.counting): the window, frozen tallies,
closing and the brief's standings, as plain functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.counting import (
    Electorate,
    close_results,
    counted_until,
    frozen_counts,
    standings,
    tally_of,
)
from bot.domain.models import Choice, Counts, DocumentKind, ItemStatus, Language, Position
from bot.domain.records import Group, Item, Meeting, PositionRecord, Yrkande
from bot.domain.tally import VoteEvent

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
DEADLINE = T0 + timedelta(hours=6)
B, A, S = Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR
MEETING = Meeting(
    id=1,
    guild_id=9,
    number=1,
    title="KF",
    starts_at=DEADLINE + timedelta(days=1),
    deadline_at=DEADLINE,
)
GROUP = Group(guild_id=9, member_role_id=1, chair_role_id=2, channel_id=3)


def item(status: ItemStatus = ItemStatus.OPEN, closed_at: datetime | None = None) -> Item:
    return Item(
        id=5,
        guild_id=9,
        meeting_id=1,
        number=3,
        kind=DocumentKind.MOTION,
        title="Nattbussar",
        body="",
        signatories=[],
        language=Language.SV,
        source_name="m.txt",
        status=status,
        channel_id=None,
        message_id=None,
        thread_id=None,
        created_by=1,
        created_at=T0,
        closed_at=closed_at,
        yrkanden=[Yrkande(id=11, item_id=5, number=1, text="att …")],
    )


def votes(*rows: tuple[int, Choice | None, int]) -> list[VoteEvent]:
    """(member, choice, minutes after T0) in recording order."""
    return [
        VoteEvent(member_id=m, choice=c, at=T0 + timedelta(minutes=mins), source="reaction", seq=n)
        for n, (m, c, mins) in enumerate(rows, start=1)
    ]


def record(
    counts: Counts, *, derived: bool = True, eligible: list[int] | None = None
) -> PositionRecord:
    return PositionRecord(
        yrkande_id=11,
        position=Position.BIFALL,
        derived_position=Position.BIFALL if derived else None,
        overridden=False,
        note=None,
        set_by=None,
        reason="majority",
        bifall=counts.bifall,
        avslag=counts.avslag,
        avstar=counts.avstar,
        not_voted=counts.not_voted,
        eligible=eligible or [],
        quorum_met=True,
        lottery_json=None,
        decided_at=DEADLINE,
    )


@pytest.mark.parametrize(
    ("label", "status", "closed_at", "expected"),
    [
        ("open: the deadline", ItemStatus.OPEN, None, DEADLINE),
        (
            "closed early: the closing",
            ItemStatus.CLOSED,
            T0 + timedelta(hours=1),
            T0 + timedelta(hours=1),
        ),
        ("closed by the deadline: the deadline", ItemStatus.CLOSED, DEADLINE, DEADLINE),
        (
            "closed after a reopen past it: the deadline",
            ItemStatus.CLOSED,
            DEADLINE + timedelta(hours=1),
            DEADLINE,
        ),
    ],
)
def test_counting_window(
    label: str, status: ItemStatus, closed_at: datetime | None, expected: datetime
) -> None:
    assert counted_until(item(status, closed_at), MEETING) == expected, label


def test_live_tally_counts_the_latest_vote_before_the_window_closes() -> None:
    events = votes(
        (1, B, 0), (2, A, 1), (1, S, 2), (3, B, 60 * 6)
    )  # member 3 voted at the deadline
    assert tally_of(events, until=DEADLINE, eligible=[1, 2, 3, 4]) == Counts(
        bifall=0, avslag=1, avstar=1, not_voted=2
    )


def test_frozen_tally_wins_over_votes_and_roles_of_today() -> None:
    frozen = Counts(bifall=5, avslag=1, avstar=0, not_voted=2)
    events = votes((1, A, 0))
    assert tally_of(events, until=DEADLINE, eligible=[1], record=record(frozen)) == frozen
    undecided = record(frozen, derived=False)  # no position derived yet: nothing is frozen
    assert frozen_counts(undecided) is None
    assert tally_of(events, until=DEADLINE, eligible=[1], record=undecided).avslag == 1


def test_closing_derives_positions_with_the_chairs_vote_and_a_public_seed() -> None:
    events = {11: votes((1, B, 0), (2, A, 1), (3, B, 2), (2, B, 3))}
    [result] = close_results(
        group=GROUP,
        item=item(),
        events=events,
        electorate=Electorate(eligible=frozenset({1, 2, 3, 4}), chairs=frozenset({1})),
        until=DEADLINE,
        audit_head="abc",
    )
    assert result.decision.counts == Counts(bifall=3, avslag=0, avstar=0, not_voted=1)
    assert result.decision.position is Position.BIFALL
    assert result.chair_vote is B
    assert result.lottery_seed == "9:3:1:abc"


def test_standings_judge_a_closed_item_against_the_electorate_frozen_at_closing() -> None:
    frozen = Counts(bifall=1, avslag=0, avstar=0, not_voted=1)
    closed = item(ItemStatus.CLOSED, DEADLINE)
    events = {11: votes((1, B, 0))}
    in_force = {11: record(frozen, eligible=[1, 2])}
    now = Electorate(eligible=frozenset({1, 2, 7}))  # member 7 got the role after closing
    [standing] = standings(MEETING, [closed], events, in_force, now)
    assert standing.yrkanden[0].counts == frozen
    assert standing.not_heard_from == [2]
    [open_standing] = standings(MEETING, [item()], events, {}, now)
    assert open_standing.not_heard_from == [2, 7]
    assert open_standing.yrkanden[0].counts.not_voted == 2
