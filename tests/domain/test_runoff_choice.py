"""The chair's deadline for second rounds (`chosen_runoff`): typed like a meeting's deadline
in Stockholm time, after round 1 with time for a second round, never past the item's
deadline, and only when some question can need a second round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.alternatives import Proposal, ProposalKind, default_order, runoff_deadline
from bot.domain.errors import InvalidInput
from bot.domain.proposals import chosen_runoff

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 11:00 in Stockholm
DEADLINE = NOW + timedelta(days=2)  # 2026-12-03 11:00 Stockholm; round 1 closes 12-02 11:00


def _questions(rivals: int) -> list:  # type: ignore[type-arg]
    tabled = [
        Proposal(number=n, kind=ProposalKind.CHANGE, text=f"att {n}", author_id=n, yrkande_number=1)
        for n in range(1, rivals + 1)
    ]
    return default_order(["att bygga spårväg", "att sänka taxan"], tabled)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-02 18:00", datetime(2026, 12, 2, 17, 0, tzinfo=UTC)),
        (" 2026-12-02 18.00 ", datetime(2026, 12, 2, 17, 0, tzinfo=UTC)),  # Swedish 18.00
        ("2026-12-02 11:10", datetime(2026, 12, 2, 10, 10, tzinfo=UTC)),  # round 1 + 10 min
        ("2026-12-03 11:00", DEADLINE),  # the item's deadline itself
    ],
)
def test_a_time_between_round_one_and_the_deadline_is_taken(typed: str, expected: datetime) -> None:
    assert chosen_runoff(typed, _questions(2), now=NOW, item_deadline=DEADLINE) == expected
    # What a second round then gets: exactly the chair's time.
    first = runoff_deadline(NOW, DEADLINE)
    assert first is not None
    assert runoff_deadline(first, DEADLINE, expected) == expected


@pytest.mark.parametrize(
    ("typed", "rivals", "deadline", "key"),
    [
        ("i morgon kväll", 2, DEADLINE, "proposal.error.runoff_unreadable"),
        ("2026-12-02", 2, DEADLINE, "proposal.error.runoff_unreadable"),
        ("2026-13-02 18:00", 2, DEADLINE, "proposal.error.runoff_unreadable"),
        ("2026-11-30 18:00", 2, DEADLINE, "proposal.error.runoff_passed"),
        ("2026-12-01 10:00", 2, DEADLINE, "proposal.error.runoff_passed"),  # 09:00 UTC
        ("2026-12-02 11:09", 2, DEADLINE, "proposal.error.runoff_outside"),  # round 1 still
        ("2026-12-01 18:00", 2, DEADLINE, "proposal.error.runoff_outside"),
        ("2026-12-03 11:01", 2, DEADLINE, "proposal.error.runoff_outside"),  # past the item
        ("2026-12-02 18:00", 1, DEADLINE, "proposal.error.runoff_not_needed"),  # 2 alternatives
        ("2026-12-02 18:00", 0, DEADLINE, "proposal.error.runoff_not_needed"),
        ("2026-12-01 11:30", 2, NOW + timedelta(minutes=15), "proposal.error.runoff_no_time"),
    ],
)
def test_a_time_that_does_not_fit_is_refused_with_a_reason(
    typed: str, rivals: int, deadline: datetime, key: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        chosen_runoff(typed, _questions(rivals), now=NOW, item_deadline=deadline)
    assert refused.value.key == key


def test_the_refusal_names_round_one_and_the_window() -> None:
    with pytest.raises(InvalidInput) as refused:
        chosen_runoff("2026-12-01 18:00", _questions(2), now=NOW, item_deadline=DEADLINE)
    assert refused.value.params == {
        "value": "2026-12-01 18:00",
        "first": "2026-12-02 11:00",
        "earliest": "2026-12-02 11:10",
        "deadline": "2026-12-03 11:00",
    }
