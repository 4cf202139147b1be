"""The minutes list attendance: present ledamöter, tjänstgörande ersättare istf, absent."""

from __future__ import annotations

import csv
import io

from bot.domain.attendance import MeetingRole
from bot.domain.minutes import (
    MeetingRecord,
    MemberRecord,
    MinutesText,
    render_markdown,
    render_votes_csv,
)
from bot.ui.messages import t
from tests.render.test_exports import sample_record

ROLES = {
    11: (MeetingRole.LEDAMOT, None),
    12: (MeetingRole.FRANVARANDE, None),
    13: (MeetingRole.LEDAMOT, None),
    14: (MeetingRole.TJANSTGORANDE_ERSATTARE, 12),
}
EXTRA = MemberRecord(member_id=16, name="Ulla Ersättare", voting=False, role=MeetingRole.ERSATTARE)


def record_with_attendance() -> MeetingRecord:
    record = sample_record()
    members = [
        member.model_copy(
            update={"role": ROLES[member.member_id][0], "instead_of": ROLES[member.member_id][1]}
        )
        if member.member_id in ROLES
        else member
        for member in record.members
    ]
    return record.model_copy(update={"members": [*members, EXTRA]})


def test_minutes_list_present_serving_substitutes_and_absent() -> None:
    record = record_with_attendance()
    lines = MinutesText(record, t).member_lines()
    assert lines[0] == (
        "Närvarande: ledamöter Åsa Öberg, =Mia *Bäck*; "
        "tjänstgörande ersättare Pär Ek (istf Örjan Ström); ersättare Ulla Ersättare"
    )
    assert lines[1] == "Frånvarande: Örjan Ström (anmält förhinder)"
    assert lines[2] == "Har lämnat gruppen: Lena Holm"
    markdown = render_markdown(record, t).decode("utf-8")
    assert "tjänstgörande ersättare Pär Ek (istf Örjan Ström)" in markdown


def test_minutes_without_ersattare_or_absence_keep_the_voting_members_line() -> None:
    lines = MinutesText(sample_record(), t).member_lines()
    assert lines[0].startswith("Röstande ledamöter:")


def test_votes_csv_carries_each_members_role_at_the_meeting() -> None:
    data = render_votes_csv(record_with_attendance(), t).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    role_by_name = {row[4]: row[-1] for row in rows[1:]}
    assert rows[0][-1] == "Roll vid mötet"
    assert role_by_name["Åsa Öberg"] == "ledamot"
    assert role_by_name["Örjan Ström"] == "frånvarande (anmält förhinder)"
    assert role_by_name["Pär Ek"] == "tjänstgörande ersättare (istf Örjan Ström)"
    assert role_by_name["Ulla Ersättare"] == "ersättare"
