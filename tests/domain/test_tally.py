"""The live vote per member derived from the append-only vote record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from bot.domain.models import Choice, Counts, VoteSource
from bot.domain.tally import VoteEvent, count_votes, current_votes, non_voters

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
DEADLINE = T0 + timedelta(hours=6)

B, A, S = Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR


def events(*rows: tuple[int, Choice | None, int]) -> list[VoteEvent]:
    """(member, choice, minutes after T0) in recording order."""
    return [
        VoteEvent(
            member_id=member,
            choice=choice,
            at=T0 + timedelta(minutes=minutes),
            source=VoteSource.REACTION,
            seq=seq,
        )
        for seq, (member, choice, minutes) in enumerate(rows, start=1)
    ]


@pytest.mark.parametrize(
    ("label", "record", "until", "expected"),
    [
        ("no events", [], None, {}),
        ("single vote", events((1, B, 0)), None, {1: B}),
        ("switch replaces", events((1, B, 0), (1, A, 5)), None, {1: A}),
        ("withdraw removes", events((1, B, 0), (1, None, 5)), None, {}),
        ("re-vote after withdraw", events((1, B, 0), (1, None, 5), (1, S, 9)), None, {1: S}),
        ("withdraw without a vote", events((1, None, 0)), None, {}),
        ("members are separate", events((1, B, 0), (2, A, 1), (1, None, 2)), None, {2: A}),
        ("vote at deadline ignored", events((1, B, 0), (1, A, 360)), DEADLINE, {1: B}),
        ("vote before deadline counts", events((1, B, 0), (1, A, 359)), DEADLINE, {1: A}),
        ("withdraw after deadline ignored", events((1, B, 0), (1, None, 400)), DEADLINE, {1: B}),
        ("first vote after deadline", events((1, B, 361)), DEADLINE, {}),
    ],
)
def test_current_votes_follow_the_last_event_before_the_deadline(
    label: str, record: list[VoteEvent], until: datetime | None, expected: dict[int, Choice]
) -> None:
    assert current_votes(record, until=until) == expected


def test_events_are_ordered_by_recording_order_not_time_nor_input_order() -> None:
    # The reaction (seq 9) was received during the reconciliation that recorded seq 8, so
    # it carries an earlier time but was recorded after: it is the member's last act.
    record = [
        VoteEvent(
            member_id=1, choice=A, at=T0 + timedelta(minutes=1), source=VoteSource.RECONCILE, seq=8
        ),
        VoteEvent(member_id=1, choice=B, at=T0, source=VoteSource.REACTION, seq=7),
        VoteEvent(member_id=1, choice=S, at=T0, source=VoteSource.REACTION, seq=9),
    ]
    assert current_votes(record) == {1: S}
    assert current_votes(reversed(record)) == {1: S}


def test_deadline_cuts_by_time_but_order_stays_recording_order() -> None:
    # seq 2 came after the deadline; seq 3 was received before it (recorded late): it counts.
    record = [
        VoteEvent(member_id=1, choice=B, at=T0, source=VoteSource.REACTION, seq=1),
        VoteEvent(member_id=1, choice=A, at=DEADLINE, source=VoteSource.RECONCILE, seq=2),
        VoteEvent(
            member_id=1,
            choice=S,
            at=DEADLINE - timedelta(seconds=1),
            source=VoteSource.REACTION,
            seq=3,
        ),
    ]
    assert current_votes(record, until=DEADLINE) == {1: S}


@pytest.mark.parametrize(
    ("current", "eligible", "expected_counts", "expected_non_voters"),
    [
        ({}, [], Counts(), []),
        ({}, [3, 1, 2], Counts(not_voted=3), [1, 2, 3]),
        ({1: B, 2: A, 3: S}, [1, 2, 3, 4], Counts(bifall=1, avslag=1, avstar=1, not_voted=1), [4]),
        ({1: B, 2: B, 9: A}, [1, 2], Counts(bifall=2, avslag=1), []),  # 9 has left; still counts
        ({5: S}, [7, 5, 6], Counts(avstar=1, not_voted=2), [6, 7]),
        ({1: B}, [2, 2, 1], Counts(bifall=1, not_voted=1), [2]),  # duplicate ids count once
    ],
)
def test_count_votes_counts_every_vote_and_eligible_non_voters(
    current: dict[int, Choice],
    eligible: list[int],
    expected_counts: Counts,
    expected_non_voters: list[int],
) -> None:
    assert count_votes(current, eligible) == expected_counts
    assert non_voters(current, eligible) == expected_non_voters


def test_vote_times_are_normalised_to_utc_and_must_be_aware() -> None:
    stockholm_winter = timezone(timedelta(hours=1))
    event = VoteEvent(
        member_id=1,
        choice=B,
        at=datetime(2026, 12, 7, 13, 0, tzinfo=stockholm_winter),
        source=VoteSource.SYSTEM,
        seq=1,
    )
    assert event.at == T0
    assert event.at.tzinfo is UTC
    with pytest.raises(ValidationError):
        VoteEvent(member_id=1, choice=B, at=datetime(2026, 12, 7), source=VoteSource.SYSTEM, seq=1)


def test_a_whole_vote_from_record_to_counts() -> None:
    record = events(
        (1, B, 0),
        (2, B, 1),
        (3, A, 2),
        (2, None, 3),  # withdraws
        (4, S, 4),
        (2, A, 5),  # re-votes
        (5, B, 400),  # too late
        (9, B, 6),  # has left the group since
    )
    current = current_votes(record, until=DEADLINE)
    assert count_votes(current, [1, 2, 3, 4, 5, 6]) == Counts(
        bifall=2, avslag=2, avstar=1, not_voted=2
    )
    assert non_voters(current, [1, 2, 3, 4, 5, 6]) == [5, 6]
