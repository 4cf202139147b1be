"""/report's parts without Discord: the date window, and charts of the stated size."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from bot.domain.errors import InvalidInput
from bot.domain.models import Language
from bot.domain.outcomes import GroupReport, MeetingScore, MemberParticipation, report_window
from bot.export.charts import chart_files
from bot.ui.messages import error_text
from bot.ui.report import CHART_HEIGHT, CHART_WIDTH, report_text

DAY = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("since", "until", "start", "end"),
    [
        (None, None, None, None),
        # Stockholm midnight in winter (UTC+1) and summer (UTC+2); `until` includes its day.
        ("2026-12-01", None, datetime(2026, 11, 30, 23, 0, tzinfo=UTC), None),
        (None, "2026-12-08", None, datetime(2026, 12, 8, 23, 0, tzinfo=UTC)),
        (
            " 2026-06-01 ",
            "2026-6-1",
            datetime(2026, 5, 31, 22, 0, tzinfo=UTC),
            datetime(2026, 6, 1, 22, 0, tzinfo=UTC),
        ),
        # The last Sunday of October has 25 hours.
        (
            "2026-10-25",
            "2026-10-25",
            datetime(2026, 10, 24, 22, 0, tzinfo=UTC),
            datetime(2026, 10, 25, 23, 0, tzinfo=UTC),
        ),
    ],
)
def test_report_window_is_whole_stockholm_days(
    since: str | None, until: str | None, start: datetime | None, end: datetime | None
) -> None:
    assert report_window(since, until) == (start, end)


@pytest.mark.parametrize(
    ("since", "until", "phrase"),
    [
        ("8 december", None, "”8 december” är inget datum"),
        ("2026-02-30", None, "”2026-02-30” är inget datum"),
        (None, "igår", "”igår” är inget datum"),
        ("2026-12-09", "2026-12-08", "Från-datumet (2026-12-09) kommer efter till-datumet"),
    ],
)
def test_bad_report_dates_are_refused_politely(
    since: str | None, until: str | None, phrase: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        report_window(since, until)
    assert phrase in error_text(raised.value)


def sample_report(meetings: int = 3, members: int = 8) -> GroupReport:
    return GroupReport(
        group_name="V-gruppen i Region Östergötland",
        language=Language.SV,
        since=None,
        until=None,
        meetings=[
            MeetingScore(
                number=n + 1,
                title=f"Regionfullmäktige {n + 1}",
                starts_at=DAY + timedelta(days=30 * n),
                items=5,
                won=n % 3,
                partly=1,
                lost=2,
                reserved=n % 2,
            )
            for n in range(meetings)
        ],
        members=sorted(
            (
                MemberParticipation(member_id=n, name=f"Åsa Öberg {n}", voted=n % 9, eligible=8)
                for n in range(members)
            ),
            key=lambda m: m.percent,
        ),
    )


@pytest.mark.parametrize(("meetings", "members"), [(1, 1), (3, 8), (40, 90)])
def test_charts_are_pngs_of_the_stated_size_for_any_group(meetings: int, members: int) -> None:
    files = chart_files(sample_report(meetings, members))
    assert [f.name for f in files] == ["linjer-per-mote.png", "deltagande.png"]
    for file in files:
        image = Image.open(io.BytesIO(file.data))
        assert image.format == "PNG"
        assert image.size == (CHART_WIDTH, CHART_HEIGHT)


def test_report_text_states_totals_lowest_participation_and_chart_size() -> None:
    report = sample_report()
    text = report_text(report, ["linjer-per-mote.png", "deltagande.png"], 1200, 675)
    assert text.startswith(
        "**Rapport för V-gruppen i Region Östergötland, 2026-12-08 – 2027-02-06**"
    )
    assert (
        "Sammanträden: 3. Ärenden med registrerat beslut: 12 av 15; vann 3, delvis 3, förlorade 6."
        in text
    )
    assert "Reservationer: 1." in text
    assert "Lägst: Åsa Öberg 0 0 %, Åsa Öberg 1 12 %" in text
    assert "Diagram: linjer-per-mote.png, deltagande.png (1200×675 pixlar)." in text
    assert text.index("Möte 3 (") < text.index("Möte 1 ("), "the latest meeting first"


def test_report_text_fits_a_discord_message_with_many_meetings() -> None:
    text = report_text(sample_report(meetings=200), ["a.png"], 1200, 675)
    assert len(text) <= 2000 and "Möte 200 (" in text
