"""Who votes: the electorate and quorum under the three rules, and attendance changes (pure)."""

from __future__ import annotations

import pytest

from bot.domain.attendance import (
    Attendance,
    MeetingRole,
    Roster,
    appoint_substitute,
    attendance_overview,
    electorate,
    in_electorate,
    may_vote,
    report_absent,
    report_present,
    role_at_meeting,
    suggest_substitutes,
    voter_role,
    voters_now,
)
from bot.domain.errors import InvalidInput
from bot.domain.models import WhoVotes
from bot.domain.rules import quorum_met

# Ledamöter 1-5, ersättare 11-13; 6 holds no seat.
ROSTER = Roster(ledamoter=frozenset({1, 2, 3, 4, 5}), ersattare=frozenset({11, 12, 13}))
NOBODY_AWAY = Attendance()
# 1 is ill and 11 serves in their place; 2 is away with nobody in their place; 13 is away.
ILL = Attendance(absent={1: "sjuk", 2: "", 13: "resa"}, serving={11: 1})

M, MS, S = WhoVotes.MEMBERS, WhoVotes.MEMBERS_AND_SUBSTITUTES, WhoVotes.SERVING


@pytest.mark.parametrize(
    ("rule", "attendance", "expected"),
    [
        (M, NOBODY_AWAY, {1, 2, 3, 4, 5}),
        (M, ILL, {1, 2, 3, 4, 5}),  # attendance does not change who votes under `members`
        (MS, NOBODY_AWAY, {1, 2, 3, 4, 5, 11, 12, 13}),
        (MS, ILL, {1, 2, 3, 4, 5, 11, 12, 13}),
        (S, NOBODY_AWAY, {1, 2, 3, 4, 5}),  # no ersättare serves when nobody is away
        (S, ILL, {3, 4, 5, 11}),  # present ledamöter + the ersättare serving istf 1
        # An ersättare "serving" for a ledamot who is back is not serving.
        (S, Attendance(serving={12: 3}), {1, 2, 3, 4, 5}),
        # An ersättare who is away does not serve even if still listed.
        (S, Attendance(absent={1: "", 11: ""}, serving={11: 1}), {2, 3, 4, 5}),
    ],
)
def test_electorate_under_each_rule(
    rule: WhoVotes, attendance: Attendance, expected: set[int]
) -> None:
    assert electorate(rule, ROSTER, attendance) == frozenset(expected)
    assert 6 not in electorate(rule, ROSTER, attendance)


@pytest.mark.parametrize(
    ("rule", "attendance", "participated", "quorum_percent", "met"),
    [
        # 5 ledamöter: 3 of 5 is 60 % >= 50 %.
        (M, ILL, 3, 50, True),
        (M, ILL, 2, 50, False),
        # Everybody with a seat: 8; 4 of 8 is exactly 50 %.
        (MS, ILL, 4, 50, True),
        (MS, ILL, 3, 50, False),
        # Serving electorate {3, 4, 5, 11}: 2 of 4 is exactly 50 %, 1 of 4 is not.
        (S, ILL, 2, 50, True),
        (S, ILL, 1, 50, False),
        (S, ILL, 3, 75, True),
        (S, ILL, 2, 75, False),
        # With nobody away the serving electorate is the ledamöter.
        (S, NOBODY_AWAY, 2, 50, False),
        (S, NOBODY_AWAY, 3, 50, True),
    ],
)
def test_quorum_is_computed_on_the_electorate_of_the_rule(
    rule: WhoVotes, attendance: Attendance, participated: int, quorum_percent: int, met: bool
) -> None:
    eligible = len(electorate(rule, ROSTER, attendance))
    assert quorum_met(participated, eligible, quorum_percent) is met


@pytest.mark.parametrize(
    ("member", "rule", "expected"),
    [
        (1, S, False),  # absent ledamot
        (11, S, True),  # serving ersättare
        (12, S, False),  # ersättare not serving
        (12, MS, True),
        (12, M, False),
        (6, MS, False),  # no seat at all
    ],
)
def test_in_electorate_is_the_one_rule(member: int, rule: WhoVotes, expected: bool) -> None:
    assert in_electorate(member, ROSTER.seat_of(member), rule, ILL) is expected


def test_a_member_holding_both_roles_sits_as_ledamot() -> None:
    both = Roster(ledamoter=frozenset({1}), ersattare=frozenset({1, 2}))
    assert electorate(S, both, Attendance()) == {1}
    assert role_at_meeting(1, both, Attendance()) is MeetingRole.LEDAMOT


@pytest.mark.parametrize(
    ("member", "fixed", "holds_role", "expected"),
    [
        (11, frozenset({3, 11}), False, True),  # in the stored electorate, whatever the roles
        (1, frozenset({3, 11}), True, False),  # holds the voting role but is not in it
        (1, None, True, True),  # an item opened before electorates were stored
        (1, None, False, False),
    ],
)
def test_may_vote_uses_the_stored_electorate(
    member: int, fixed: frozenset[int] | None, holds_role: bool, expected: bool
) -> None:
    assert may_vote(member, fixed=fixed, holds_voting_role=holds_role) is expected


@pytest.mark.parametrize("rule", [M, MS, S])
def test_every_voter_has_a_role_to_vote_in_under_every_rule(rule: WhoVotes) -> None:
    """An absent member still voting under a seat-only rule votes in their seat (the role
    stored with the item's electorate is never "frånvarande")."""
    roles = {member: voter_role(member, ROSTER, ILL) for member in electorate(rule, ROSTER, ILL)}
    assert MeetingRole.FRANVARANDE not in roles.values()
    expected = {
        M: {1: MeetingRole.LEDAMOT, 2: MeetingRole.LEDAMOT, 3: MeetingRole.LEDAMOT},
        MS: {1: MeetingRole.LEDAMOT, 11: MeetingRole.TJANSTGORANDE_ERSATTARE},
        S: {3: MeetingRole.LEDAMOT, 11: MeetingRole.TJANSTGORANDE_ERSATTARE},
    }[rule]
    assert {member: roles[member] for member in expected} == expected
    if rule is MS:
        assert roles[13] is MeetingRole.ERSATTARE  # away, but votes by seat
    with pytest.raises(ValueError, match="no seat"):
        voter_role(6, ROSTER, ILL)


def test_voters_now_leaves_out_members_who_left() -> None:
    assert voters_now({3, 4, 11}, departed={4}) == {3, 11}


def test_absence_then_substitute_then_back_present() -> None:
    absent = report_absent(NOBODY_AWAY, ROSTER, 1, "  sjuk \n på måndag ")
    assert absent.absent == {1: "sjuk på måndag"}
    serving, replaced = appoint_substitute(absent, ROSTER, 11, 1)
    assert replaced is None and serving.serving == {11: 1}
    assert role_at_meeting(11, ROSTER, serving) is MeetingRole.TJANSTGORANDE_ERSATTARE
    again, replaced = appoint_substitute(serving, ROSTER, 12, 1)
    assert replaced == 11 and again.serving == {12: 1}
    back, released = report_present(again, 1)
    assert released == 12 and back == Attendance()


def test_appointing_for_a_ledamot_not_reported_absent_marks_them_absent() -> None:
    result, _ = appoint_substitute(NOBODY_AWAY, ROSTER, 11, 3)
    assert result.absent == {3: ""} and result.serving == {11: 3}
    assert electorate(S, ROSTER, result) == {1, 2, 4, 5, 11}


def test_an_ersattare_reporting_absence_stops_serving() -> None:
    result = report_absent(ILL, ROSTER, 11, None)
    assert result.serving == {}
    assert 11 not in electorate(S, ROSTER, result)


@pytest.mark.parametrize(
    ("substitute", "ledamot", "key"),
    [
        (3, 1, "attendance.error.not_substitute"),  # a ledamot cannot be the ersättare
        (6, 1, "attendance.error.not_substitute"),
        (12, 11, "attendance.error.not_ledamot"),
        (13, 2, "attendance.error.substitute_absent"),
        (11, 2, "attendance.error.already_serving"),
    ],
)
def test_bad_substitutions_are_refused(substitute: int, ledamot: int, key: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        appoint_substitute(ILL, ROSTER, substitute, ledamot)
    assert caught.value.key == key


def test_bad_absence_reports_are_refused() -> None:
    with pytest.raises(InvalidInput, match="not_in_group"):
        report_absent(NOBODY_AWAY, ROSTER, 6, None)
    with pytest.raises(InvalidInput, match="reason_too_long"):
        report_absent(NOBODY_AWAY, ROSTER, 1, "x" * 201)
    with pytest.raises(InvalidInput, match="not_absent"):
        report_present(NOBODY_AWAY, 3)


def test_suggestions_give_each_absent_ledamot_a_different_free_ersattare() -> None:
    attendance = Attendance(absent={1: "", 2: "", 3: ""}, serving={12: 1})
    # Display order puts 13 before 11; 12 already serves istf 1.
    order = [5, 4, 3, 2, 1, 13, 12, 11]
    assert suggest_substitutes(ROSTER, attendance, order) == {3: 13, 2: 11}
    overview = attendance_overview(S, ROSTER, attendance, order)
    by_id = {entry.member_id: entry for entry in overview.entries}
    assert by_id[1].substitute == 12 and by_id[1].suggested is None
    assert by_id[12].role is MeetingRole.TJANSTGORANDE_ERSATTARE and by_id[12].instead_of == 1
    assert [e.member_id for e in overview.with_role(MeetingRole.ERSATTARE)] == [13, 11]
    assert overview.voters == {4, 5, 12}


def test_no_suggestion_when_no_ersattare_is_free() -> None:
    attendance = Attendance(absent={1: "", 2: "", 11: "", 13: ""}, serving={12: 1})
    assert suggest_substitutes(ROSTER, attendance, []) == {2: None}
