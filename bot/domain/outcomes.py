"""After fullmäktige: how the group's line fared, its reservations, and the group's report.

The comparison of the group's position on an att-sats with the council's result:

| position \\ result | bifall  | avslag  | återremiss | bordlagd | besvarad | ändrat  |
| ------------------ | ------- | ------- | ---------- | -------- | -------- | ------- |
| bifall             | won     | lost    | partly     | partly   | partly   | partly  |
| avslag             | lost    | won     | partly     | partly   | won      | lost    |
| återremiss         | lost    | lost    | won        | partly   | lost     | lost    |
| bordläggning       | lost    | lost    | partly     | won      | lost     | lost    |
| eget yrkande       | lost    | lost    | partly     | partly   | lost     | partly  |
| avstår, fri röst, undecided, none: no_line (the group had no line to compare)      |

Reasons for the less obvious cells: a matter sent back or postponed is decided neither way
yet, so a group for or against it got part of what it wanted; "anses besvarad" means the
motion was not adopted (a win for a group against it, part of one for a group for it:
the council says its purpose is met); "ändrat" adopts the proposal in changed form, so a
group against it lost, a group for it or with its own wording got part of it (the bot
cannot tell whose amendment carried; the note says).

An item's verdict combines its att-satser: each takes its own recorded result, or else
the result recorded for the whole item; all won → won, all lost → lost, a mix → partly;
att-satser without a line are left out (all without a line → no_line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import InvalidInput
from bot.domain.minutes import STOCKHOLM, Translate
from bot.domain.models import CouncilResult, Language, Position, Verdict
from bot.domain.records import Group, Item, Meeting, Outcome

_R = CouncilResult
_W, _P, _L = Verdict.WON, Verdict.PARTLY, Verdict.LOST

VERDICTS: dict[Position, dict[CouncilResult, Verdict]] = {
    Position.BIFALL: {
        _R.BIFALL: _W,
        _R.AVSLAG: _L,
        _R.ATERREMISS: _P,
        _R.BORDLAGD: _P,
        _R.BESVARAD: _P,
        _R.ANDRAT: _P,
    },
    Position.AVSLAG: {
        _R.BIFALL: _L,
        _R.AVSLAG: _W,
        _R.ATERREMISS: _P,
        _R.BORDLAGD: _P,
        _R.BESVARAD: _W,
        _R.ANDRAT: _L,
    },
    Position.ATERREMISS: {
        _R.BIFALL: _L,
        _R.AVSLAG: _L,
        _R.ATERREMISS: _W,
        _R.BORDLAGD: _P,
        _R.BESVARAD: _L,
        _R.ANDRAT: _L,
    },
    Position.BORDLAGGNING: {
        _R.BIFALL: _L,
        _R.AVSLAG: _L,
        _R.ATERREMISS: _P,
        _R.BORDLAGD: _W,
        _R.BESVARAD: _L,
        _R.ANDRAT: _L,
    },
    Position.EGET_YRKANDE: {
        _R.BIFALL: _L,
        _R.AVSLAG: _L,
        _R.ATERREMISS: _P,
        _R.BORDLAGD: _P,
        _R.BESVARAD: _L,
        _R.ANDRAT: _P,
    },
}

# Positions with which the group moved something of its own: a reservation is then
# "till förmån för eget yrkande"; against a decision the group only opposed, "mot beslutet".
OWN_PROPOSAL_POSITIONS = frozenset(
    {Position.BIFALL, Position.ATERREMISS, Position.BORDLAGGNING, Position.EGET_YRKANDE}
)


def compare(position: Position | None, result: CouncilResult) -> Verdict:
    """How the group's position on one att-sats fared against the council's result."""
    if position is None or position not in VERDICTS:
        return Verdict.NO_LINE
    return VERDICTS[position][CouncilResult(result)]


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """One verdict for several att-satser: all won, all lost, or partly; no line is left out."""
    counted = {verdict for verdict in verdicts if verdict is not Verdict.NO_LINE}
    if not counted:
        return Verdict.NO_LINE
    if counted == {Verdict.WON}:
        return Verdict.WON
    if counted == {Verdict.LOST}:
        return Verdict.LOST
    return Verdict.PARTLY


def effective_results(
    clause_numbers: Sequence[int], outcomes: Iterable[Outcome]
) -> dict[int, Outcome]:
    """Per att-sats, the outcome recorded for it, or else the one recorded for the whole item."""
    whole: Outcome | None = None
    own: dict[int, Outcome] = {}
    for outcome in outcomes:
        if outcome.yrkande_number is None:
            whole = outcome
        else:
            own[outcome.yrkande_number] = outcome
    found: dict[int, Outcome] = {}
    for number in clause_numbers:
        chosen = own.get(number, whole)
        if chosen is not None:
            found[number] = chosen
    return found


class ItemVerdict(BaseModel):
    """How the group fared on one item: per att-sats and combined."""

    model_config = ConfigDict(frozen=True)

    clauses: dict[int, Verdict]
    verdict: Verdict | None  # None: no outcome recorded yet

    @property
    def any_lost(self) -> bool:
        """True when the council went against the group on at least one att-sats."""
        return Verdict.LOST in self.clauses.values()


def judge_item(
    positions: Mapping[int, Position | None], outcomes: Iterable[Outcome]
) -> ItemVerdict:
    """The verdict of each att-sats (number → position) and of the whole item."""
    recorded = list(outcomes)
    if not recorded:
        return ItemVerdict(clauses={}, verdict=None)
    results = effective_results(list(positions), recorded)
    clauses = {
        number: compare(positions[number], outcome.result) for number, outcome in results.items()
    }
    return ItemVerdict(clauses=clauses, verdict=combine(clauses.values()))


def moved_own_proposal(positions: Mapping[int, Position | None], verdict: ItemVerdict) -> bool:
    """True when the group lost on an att-sats where it had moved something of its own."""
    return any(
        clause_verdict is Verdict.LOST and positions.get(number) in OWN_PROPOSAL_POSITIONS
        for number, clause_verdict in verdict.clauses.items()
    )


def reservation_template(
    group_name: str, own_proposal: bool, language: Language, translate: Translate
) -> str:
    """The usual wording: "… reserverar sig till förmån för eget yrkande" / "… mot beslutet"."""
    key = "reservation.template.own" if own_proposal else "reservation.template.against"
    return translate(key, language, group=group_name)


class OutcomeRecorded(BaseModel):
    """An outcome just recorded, with how the group fared on the item."""

    model_config = ConfigDict(frozen=True)

    item: Item
    meeting: Meeting
    outcome: Outcome
    outcomes: list[Outcome]  # every outcome of the item now in force, this one included
    positions: dict[int, Position | None]
    verdict: ItemVerdict
    replaced: Outcome | None


class ReservationContext(BaseModel):
    """What the reservation modal needs: the item, the stored text, and the usual form."""

    model_config = ConfigDict(frozen=True)

    group: Group
    item: Item
    existing: str | None
    own_proposal: bool


# ---------------------------------------------------------------- the group's report


class MeetingScore(BaseModel):
    """How the group's lines fared at one meeting."""

    model_config = ConfigDict(frozen=True)

    number: int
    title: str
    starts_at: datetime
    items: int
    won: int = 0
    partly: int = 0
    lost: int = 0
    no_line: int = 0
    reserved: int = 0

    @property
    def recorded(self) -> int:
        """Items with an outcome recorded."""
        return self.won + self.partly + self.lost + self.no_line


class MemberParticipation(BaseModel):
    """How often one member voted before the deadline, of the att-satser they could vote on."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    name: str
    voted: int
    eligible: int

    @property
    def percent(self) -> int:
        """The share in whole percent (0 when there was nothing to vote on)."""
        return round(100 * self.voted / self.eligible) if self.eligible else 0


class GroupReport(BaseModel):
    """The data of /report: one score per meeting and one participation per member."""

    model_config = ConfigDict(frozen=True)

    group_name: str
    language: Language
    since: datetime | None
    until: datetime | None
    meetings: list[MeetingScore]
    members: list[MemberParticipation]

    @property
    def totals(self) -> MeetingScore:
        """All meetings added up (number 0)."""
        return MeetingScore(
            number=0,
            title="",
            starts_at=self.meetings[0].starts_at if self.meetings else datetime.min,
            items=sum(m.items for m in self.meetings),
            won=sum(m.won for m in self.meetings),
            partly=sum(m.partly for m in self.meetings),
            lost=sum(m.lost for m in self.meetings),
            no_line=sum(m.no_line for m in self.meetings),
            reserved=sum(m.reserved for m in self.meetings),
        )

    @property
    def average_percent(self) -> int:
        """Votes cast of votes possible, over every member, in whole percent."""
        eligible = sum(m.eligible for m in self.members)
        return round(100 * sum(m.voted for m in self.members) / eligible) if eligible else 0


ERROR_BAD_DATE = "report.error.bad_date"
ERROR_ORDER = "report.error.order"
_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _day_start(text: str) -> date:
    clean = text.strip()
    try:
        if not _DAY.fullmatch(clean):
            raise ValueError(clean)
        year, month, day = (int(part) for part in clean.split("-"))
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(ERROR_BAD_DATE, text=clean) from None


def _stockholm_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=STOCKHOLM).astimezone(UTC)


def report_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """Stockholm days typed as YYYY-MM-DD → [start of `since`, start of the day after `until`)."""
    first = _day_start(since) if since else None
    last = _day_start(until) if until else None
    if first is not None and last is not None and first > last:
        raise InvalidInput(ERROR_ORDER, since=first.isoformat(), until=last.isoformat())
    return (
        None if first is None else _stockholm_midnight(first),
        None if last is None else _stockholm_midnight(last + timedelta(days=1)),
    )


def score_meeting(
    number: int,
    title: str,
    starts_at: datetime,
    verdicts: Sequence[Verdict | None],
    reserved: int,
) -> MeetingScore:
    """Count a meeting's item verdicts (None: no outcome recorded) and reservations."""
    counted = [verdict for verdict in verdicts if verdict is not None]
    return MeetingScore(
        number=number,
        title=title,
        starts_at=starts_at,
        items=len(verdicts),
        won=counted.count(Verdict.WON),
        partly=counted.count(Verdict.PARTLY),
        lost=counted.count(Verdict.LOST),
        no_line=counted.count(Verdict.NO_LINE),
        reserved=reserved,
    )


def participation(
    clauses: Iterable[tuple[Iterable[int], Iterable[int]]], names: Mapping[int, str]
) -> list[MemberParticipation]:
    """Per member: of the att-satser they were eligible for (first), how many they voted on.

    Each clause is (eligible member ids, ids of members with a vote before the deadline).
    Members are listed lowest share first, then by name, so who needs a nudge comes first.
    """
    eligible: dict[int, int] = {}
    voted: dict[int, int] = {}
    for clause_eligible, clause_voted in clauses:
        could = set(clause_eligible)
        for member_id in could:
            eligible[member_id] = eligible.get(member_id, 0) + 1
        for member_id in set(clause_voted) & could:
            voted[member_id] = voted.get(member_id, 0) + 1
    found = [
        MemberParticipation(
            member_id=member_id,
            name=names.get(member_id, str(member_id)),
            voted=voted.get(member_id, 0),
            eligible=count,
        )
        for member_id, count in eligible.items()
    ]
    return sorted(found, key=lambda m: (m.percent, m.name.casefold(), m.member_id))
