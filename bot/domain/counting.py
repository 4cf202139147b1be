"""Which votes count, with what tally: written once, used by voting, closing, briefs, exports.

- The counting window: votes recorded before the deadline (before the closing, when the
  chair closed early) count; `counted_until`.
- The latest vote per member in recording order (`bot.domain.tally.latest_votes`).
- Frozen tallies: a closed yrkande shows the tally stored at closing, not one recomputed
  against today's roles (`frozen_counts`); `tally_of` picks frozen or live.
- Closing: the position the rules derive per yrkande (`close_results`).
- Standings: how a meeting's items stand for the brief (`standings`).

Who may vote on an item is an `Electorate` the adapter reads from Discord and passes in:
the one place a later rule (attendance, per-item electorates) changes who counts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.alternatives import QuestionOutcome
from bot.domain.models import Choice, Counts, ItemStatus
from bot.domain.records import Group, Item, Meeting, PositionRecord, Yrkande
from bot.domain.rules import Decision, decide
from bot.domain.tally import VoteEvent, count_votes, current_votes, non_voters


class Electorate(BaseModel):
    """Who may vote (holders of the voting role) and who holds the chair role, at one moment."""

    model_config = ConfigDict(frozen=True)

    eligible: frozenset[int]
    chairs: frozenset[int] = frozenset()


# ---------------------------------------------------------------- the counting window


def counted_until(item: Item, meeting: Meeting) -> datetime:
    """Votes count up to the deadline, or up to the closing when the chair closed early."""
    if item.status is ItemStatus.CLOSED and item.closed_at is not None:
        return min(item.closed_at, meeting.deadline_at)
    return meeting.deadline_at


def frozen_counts(record: PositionRecord | None) -> Counts | None:
    """The tally stored when the yrkande was closed (None while no position was derived)."""
    if record is None or record.derived_position is None:
        return None
    return Counts(
        bifall=record.bifall,
        avslag=record.avslag,
        avstar=record.avstar,
        not_voted=record.not_voted,
    )


def tally_of(
    events: Sequence[VoteEvent],
    *,
    until: datetime,
    eligible: Collection[int],
    record: PositionRecord | None = None,
) -> Counts:
    """The tally of one yrkande: frozen at closing if it was closed, else live in the window."""
    frozen = frozen_counts(record)
    if frozen is not None:
        return frozen
    return count_votes(current_votes(events, until=until), eligible)


# ---------------------------------------------------------------- closing


class YrkandeResult(BaseModel):
    """What closing derived for one yrkande."""

    model_config = ConfigDict(frozen=True)

    yrkande: Yrkande
    decision: Decision
    chair_vote: Choice | None
    lottery_seed: str


class ClosedItem(BaseModel):
    """An item just closed, with the result of every yrkande."""

    model_config = ConfigDict(frozen=True)

    item: Item
    meeting: Meeting
    results: list[YrkandeResult]
    counted_until: datetime
    by_deadline: bool
    questions: list[QuestionOutcome] = []  # the locked beslutsgång, if any, as it closed


def chair_vote_of(current: Mapping[int, str], chairs: Collection[int]) -> Choice | None:
    """The vote of the member holding the chair role on a ✅❌➖ message; None if none
    voted or chairs disagree."""
    chair_votes = {current[member_id] for member_id in chairs if member_id in current}
    return Choice(chair_votes.pop()) if len(chair_votes) == 1 else None


def lottery_seed(guild_id: int, item_number: int, yrkande_number: int, audit_head: str) -> str:
    """The public seed of a tie's draw: anyone with the audit log can recompute it."""
    return f"{guild_id}:{item_number}:{yrkande_number}:{audit_head}"


def close_results(
    *,
    group: Group,
    item: Item,
    events: Mapping[int, Sequence[VoteEvent]],
    electorate: Electorate,
    until: datetime,
    audit_head: str,
) -> list[YrkandeResult]:
    """The position the group's rules derive for each yrkande from the votes in the window."""
    eligible = sorted(electorate.eligible)
    results = []
    for yrkande in item.yrkanden:
        current = current_votes(events.get(yrkande.id, []), until=until)
        chair_vote = chair_vote_of(current, electorate.chairs)
        seed = lottery_seed(group.guild_id, item.number, yrkande.number, audit_head)
        decision = decide(
            count_votes(current, eligible),
            eligible=len(eligible),
            rules=group.rules,
            chair_vote=chair_vote,
            lottery_seed=seed,
        )
        results.append(
            YrkandeResult(
                yrkande=yrkande, decision=decision, chair_vote=chair_vote, lottery_seed=seed
            )
        )
    return results


# ---------------------------------------------------------------- standings (the brief)


class YrkandeStanding(BaseModel):
    """How one yrkande stands in a brief: the position in force (if any) and the counts."""

    model_config = ConfigDict(frozen=True)

    yrkande: Yrkande
    counts: Counts
    position: PositionRecord | None


class ItemStanding(BaseModel):
    """One § of a brief: the item, its yrkanden and the eligible members not heard from."""

    model_config = ConfigDict(frozen=True)

    item: Item
    yrkanden: list[YrkandeStanding]
    not_heard_from: list[int]


def voted_on(item: Item) -> list[Yrkande]:
    """The vote messages a member answers an item on: each att-sats's own message unless its
    vote moved to a beslutsgång's alternatives (it has its own `closes_at` then), and the
    last round of each beslutsgång question."""
    last: dict[str, Yrkande] = {}
    for row in item.question_votes:
        key = row.question_key or ""
        if key not in last or row.round > last[key].round:
            last[key] = row
    return [y for y in item.yrkanden if y.closes_at is None] + list(last.values())


def not_heard_from(
    events: Mapping[int, Sequence[VoteEvent]],
    yrkanden: Sequence[Yrkande],
    eligible: Collection[int],
    until: datetime | None,
) -> list[int]:
    """Eligible members without a live vote on at least one of the yrkanden."""
    missing: set[int] = set()
    for yrkande in yrkanden:
        current = current_votes(events.get(yrkande.id, []), until=until)
        missing.update(non_voters(current, eligible))
    return sorted(missing)


def standings(
    meeting: Meeting,
    agenda: Sequence[Item],
    events: Mapping[int, Sequence[VoteEvent]],
    in_force: Mapping[int, PositionRecord],
    electorate: Electorate,
) -> list[ItemStanding]:
    """Every published item of a meeting with its positions, tallies and who is not heard from.

    A closed item is judged against the electorate frozen at its closing; an open one
    against the electorate now.
    """
    found: list[ItemStanding] = []
    for item in agenda:
        if item.status is ItemStatus.DRAFT:
            continue
        until = meeting.deadline_at
        lines: list[YrkandeStanding] = []
        eligible_of_item: set[int] = set(electorate.eligible)
        for yrkande in item.yrkanden:
            record = in_force.get(yrkande.id)
            if item.status is ItemStatus.CLOSED and frozen_counts(record) is not None:
                assert record is not None
                eligible_of_item = set(record.eligible)
            counts = tally_of(
                events.get(yrkande.id, []), until=until, eligible=electorate.eligible, record=record
            )
            lines.append(YrkandeStanding(yrkande=yrkande, counts=counts, position=record))
        found.append(
            ItemStanding(
                item=item,
                yrkanden=lines,
                not_heard_from=not_heard_from(events, voted_on(item), eligible_of_item, until),
            )
        )
    return found
