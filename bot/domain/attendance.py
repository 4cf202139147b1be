"""Who votes at a meeting: seats (ledamot, ersättare), attendance, and the group's rule.

ONE rule decides who is in an item's electorate: `in_electorate`. `electorate` applies
it to the group's roster when an item's voting opens; the result is stored with the
item and never recomputed, so attendance reported later only affects items opened
later ("seats change between ärenden, not during one"). Everything that asks who may
vote on an item (the judge of a reaction, quorum, "not yet voted", reminders, secret
ballots) uses `may_vote` and `voters_now` on that stored electorate.

Choices made here (what a chair who gets "jag är sjuk på måndag" would expect):
- `members` and `members_and_substitutes` go by seat only: attendance is recorded for
  the minutes but does not change who votes.
- `serving`: ledamöter not reported absent, and each ersättare appointed to serve in
  place of an absent ledamot (tjänstgörande ersättare, "istf").
- A member holding both roles sits as ledamot.
- Appointing an ersättare for a ledamot who has not reported absence marks the
  ledamot absent (without a reason): someone serves in their place.
- A ledamot who reports back present loses their ersättare (the seat is theirs again);
  an ersättare who reports absence stops serving.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import InvalidInput
from bot.domain.models import WhoVotes
from bot.domain.records import Group, Meeting

REASON_MAX = 200

ERROR_NOT_IN_GROUP = "attendance.error.not_in_group"
ERROR_NOT_SUBSTITUTE = "attendance.error.not_substitute"
ERROR_NOT_LEDAMOT = "attendance.error.not_ledamot"
ERROR_SUBSTITUTE_ABSENT = "attendance.error.substitute_absent"
ERROR_ALREADY_SERVING = "attendance.error.already_serving"
ERROR_NOT_ABSENT = "attendance.error.not_absent"
ERROR_REASON_TOO_LONG = "attendance.error.reason_too_long"


class Seat(StrEnum):
    """A member's seat in the group."""

    LEDAMOT = "ledamot"
    ERSATTARE = "ersattare"


class MeetingRole(StrEnum):
    """What a member is at one meeting (shown in the minutes and exports)."""

    LEDAMOT = "ledamot"
    TJANSTGORANDE_ERSATTARE = "tjanstgorande_ersattare"
    ERSATTARE = "ersattare"
    FRANVARANDE = "franvarande"


class Roster(BaseModel):
    """Who holds a seat in the group: the voting role (ledamöter) and the substitute role."""

    model_config = ConfigDict(frozen=True)

    ledamoter: frozenset[int] = frozenset()
    ersattare: frozenset[int] = frozenset()

    def seat_of(self, member_id: int) -> Seat | None:
        """The member's seat; a member holding both roles sits as ledamot."""
        if member_id in self.ledamoter:
            return Seat.LEDAMOT
        if member_id in self.ersattare:
            return Seat.ERSATTARE
        return None

    @property
    def everyone(self) -> frozenset[int]:
        """Every member with a seat."""
        return self.ledamoter | self.ersattare


class Attendance(BaseModel):
    """A meeting's attendance: who reported förhinder (with reason), who serves istf whom."""

    model_config = ConfigDict(frozen=True)

    absent: dict[int, str] = {}  # member -> reason ("" when none was given)
    serving: dict[int, int] = {}  # ersättare -> the absent ledamot they serve in place of

    def substitute_for(self, ledamot_id: int) -> int | None:
        """The ersättare serving in place of this ledamot, if any."""
        return next((sub for sub, istf in self.serving.items() if istf == ledamot_id), None)


def in_electorate(
    member_id: int, seat: Seat | None, rule: WhoVotes, attendance: Attendance
) -> bool:
    """THE rule: whether a member with this seat takes part in decisions under `rule`."""
    if seat is None:
        return False
    if rule is WhoVotes.MEMBERS:
        return seat is Seat.LEDAMOT
    if rule is WhoVotes.MEMBERS_AND_SUBSTITUTES:
        return True
    if member_id in attendance.absent:
        return False
    if seat is Seat.LEDAMOT:
        return True
    replaced = attendance.serving.get(member_id)
    return replaced is not None and replaced in attendance.absent


def attendance_matters(rule: WhoVotes) -> bool:
    """Whether attendance changes who votes under `rule` (it is recorded for the minutes anyway)."""
    return rule is WhoVotes.SERVING


def electorate(rule: WhoVotes, roster: Roster, attendance: Attendance) -> frozenset[int]:
    """Everyone on the roster who votes under `rule` with this attendance (fixed at opening)."""
    return frozenset(
        member_id
        for member_id in roster.everyone
        if in_electorate(member_id, roster.seat_of(member_id), rule, attendance)
    )


def may_vote(member_id: int, *, fixed: Collection[int] | None, holds_voting_role: bool) -> bool:
    """Whether a member may vote on an item: in the electorate fixed when its voting opened.

    Items opened before electorates were stored (`fixed` None) keep the old rule:
    holding the voting role at the time of the vote.
    """
    if fixed is None:
        return holds_voting_role
    return member_id in fixed


def voters_now(fixed: Iterable[int], departed: Collection[int]) -> frozenset[int]:
    """The fixed electorate without members who have left the server since (they cannot vote)."""
    return frozenset(member_id for member_id in fixed if member_id not in departed)


def role_at_meeting(member_id: int, roster: Roster, attendance: Attendance) -> MeetingRole | None:
    """What the member is at the meeting; None without a seat."""
    seat = roster.seat_of(member_id)
    if seat is None:
        return None
    if member_id in attendance.absent:
        return MeetingRole.FRANVARANDE
    if seat is Seat.LEDAMOT:
        return MeetingRole.LEDAMOT
    if attendance.serving.get(member_id) in attendance.absent:
        return MeetingRole.TJANSTGORANDE_ERSATTARE
    return MeetingRole.ERSATTARE


def voter_role(member_id: int, roster: Roster, attendance: Attendance) -> MeetingRole:
    """The role a member of an item's electorate votes in (stored with the electorate).

    Under the seat-only rules (`members`, `members_and_substitutes`) a member who reported
    förhinder still votes, in their seat: a ledamot as ledamot, an ersättare as ersättare.
    """
    role = role_at_meeting(member_id, roster, attendance)
    if role is None:
        raise ValueError(f"member {member_id} has no seat in the group")
    if role is MeetingRole.FRANVARANDE:
        seat = roster.seat_of(member_id)
        return MeetingRole.LEDAMOT if seat is Seat.LEDAMOT else MeetingRole.ERSATTARE
    return role


# ---------------------------------------------------------------- changing the attendance


def _clean_reason(reason: str | None) -> str:
    clean = " ".join((reason or "").split())
    if len(clean) > REASON_MAX:
        raise InvalidInput(ERROR_REASON_TOO_LONG, limit=REASON_MAX)
    return clean


def report_absent(
    attendance: Attendance, roster: Roster, member_id: int, reason: str | None
) -> Attendance:
    """The member has förhinder; an ersättare who reports absence stops serving."""
    clean = _clean_reason(reason)
    if roster.seat_of(member_id) is None:
        raise InvalidInput(ERROR_NOT_IN_GROUP, member=member_id)
    serving = {sub: istf for sub, istf in attendance.serving.items() if sub != member_id}
    return Attendance(absent={**attendance.absent, member_id: clean}, serving=serving)


def report_present(attendance: Attendance, member_id: int) -> tuple[Attendance, int | None]:
    """Undo a reported förhinder; returns the ersättare who stops serving in their place."""
    if member_id not in attendance.absent:
        raise InvalidInput(ERROR_NOT_ABSENT, member=member_id)
    released = attendance.substitute_for(member_id)
    absent = {mid: why for mid, why in attendance.absent.items() if mid != member_id}
    serving = {sub: istf for sub, istf in attendance.serving.items() if istf != member_id}
    return Attendance(absent=absent, serving=serving), released


def appoint_substitute(
    attendance: Attendance, roster: Roster, substitute_id: int, ledamot_id: int
) -> tuple[Attendance, int | None]:
    """The ersättare serves istf the ledamot; returns the ersättare they replace, if any."""
    if roster.seat_of(substitute_id) is not Seat.ERSATTARE:
        raise InvalidInput(ERROR_NOT_SUBSTITUTE, member=substitute_id)
    if roster.seat_of(ledamot_id) is not Seat.LEDAMOT:
        raise InvalidInput(ERROR_NOT_LEDAMOT, member=ledamot_id)
    if substitute_id in attendance.absent:
        raise InvalidInput(ERROR_SUBSTITUTE_ABSENT, member=substitute_id)
    already = attendance.serving.get(substitute_id)
    if already is not None and already != ledamot_id:
        raise InvalidInput(ERROR_ALREADY_SERVING, member=substitute_id, instead_of=already)
    replaced = attendance.substitute_for(ledamot_id)
    serving = {sub: istf for sub, istf in attendance.serving.items() if istf != ledamot_id}
    serving[substitute_id] = ledamot_id
    absent = dict(attendance.absent)
    absent.setdefault(ledamot_id, "")
    return Attendance(absent=absent, serving=serving), (
        replaced if replaced != substitute_id else None
    )


# ---------------------------------------------------------------- the overview


class AttendanceEntry(BaseModel):
    """One member's line in the attendance overview."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    role: MeetingRole
    seat: Seat
    reason: str = ""  # FRANVARANDE: the reported reason
    instead_of: int | None = None  # TJANSTGORANDE_ERSATTARE: the ledamot they serve for
    substitute: int | None = None  # an absent ledamot: who serves in their place
    suggested: int | None = None  # an absent ledamot without one: a free ersättare


class AttendanceOverview(BaseModel):
    """Who is present, absent and serving at a meeting, in the caller's display order."""

    model_config = ConfigDict(frozen=True)

    rule: WhoVotes
    entries: list[AttendanceEntry]
    voters: frozenset[int]  # who would vote on an item opened now

    def with_role(self, role: MeetingRole) -> list[AttendanceEntry]:
        """The entries of one role, in display order."""
        return [entry for entry in self.entries if entry.role is role]


def suggest_substitutes(
    roster: Roster, attendance: Attendance, order: Sequence[int]
) -> dict[int, int | None]:
    """For each absent ledamot without an ersättare: the next free ersättare in `order`.

    Free = holds the substitute seat, not absent, not serving and not suggested already;
    None when there is nobody left. `order` is the group's display order (by name).
    """
    ranked = [mid for mid in order if mid in roster.everyone]
    ranked += sorted(roster.everyone - set(ranked))
    free = [
        mid
        for mid in ranked
        if roster.seat_of(mid) is Seat.ERSATTARE
        and mid not in attendance.absent
        and mid not in attendance.serving
    ]
    suggestions: dict[int, int | None] = {}
    for mid in ranked:
        if roster.seat_of(mid) is not Seat.LEDAMOT or mid not in attendance.absent:
            continue
        if attendance.substitute_for(mid) is not None:
            continue
        suggestions[mid] = free.pop(0) if free else None
    return suggestions


def attendance_overview(
    rule: WhoVotes, roster: Roster, attendance: Attendance, order: Sequence[int]
) -> AttendanceOverview:
    """Every member with a seat: role at the meeting, reason, istf, and suggested substitutes."""
    ranked = [mid for mid in order if mid in roster.everyone]
    ranked += sorted(roster.everyone - set(ranked))
    suggestions = suggest_substitutes(roster, attendance, ranked)
    entries = []
    for member_id in ranked:
        role = role_at_meeting(member_id, roster, attendance)
        seat = roster.seat_of(member_id)
        assert role is not None and seat is not None
        entries.append(
            AttendanceEntry(
                member_id=member_id,
                role=role,
                seat=seat,
                reason=attendance.absent.get(member_id, ""),
                instead_of=attendance.serving.get(member_id)
                if role is MeetingRole.TJANSTGORANDE_ERSATTARE
                else None,
                substitute=attendance.substitute_for(member_id) if seat is Seat.LEDAMOT else None,
                suggested=suggestions.get(member_id),
            )
        )
    return AttendanceOverview(
        rule=rule, entries=entries, voters=electorate(rule, roster, attendance)
    )


# ---------------------------------------------------------------- reports


class AttendanceChange(BaseModel):
    """What an attendance command changed, for the answer."""

    model_config = ConfigDict(frozen=True)

    group: Group
    meeting: Meeting
    member_id: int
    instead_of: int | None = None  # /meeting substitute: the ledamot
    released: int | None = None  # an ersättare who no longer serves because of this change
    open_items: list[int]  # numbers of this meeting's items already open: their electorate stays


class AttendanceReport(BaseModel):
    """/meeting attendance: the overview with the names to show."""

    model_config = ConfigDict(frozen=True)

    group: Group
    meeting: Meeting
    overview: AttendanceOverview
    names: dict[int, str]
