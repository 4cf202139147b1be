"""Meeting times in Stockholm wall time, refusals, reminders and scheduler wake-ups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.models import Language
from bot.domain.schedule import (
    ALL_ERRORS,
    MeetingTimes,
    Reminder,
    due_reminder,
    next_wakeup,
    plan_meeting,
    reminder_key,
)
from bot.ui.messages import CATALOGUE, error_text
from bot.ui.timefmt import format_date, format_local, format_time

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("label", "date", "time", "deadline", "starts_at", "deadline_at"),
    [
        ("winter default time and deadline", "2026-12-08", None, None,
         utc(2026, 12, 8, 8, 0), utc(2026, 12, 7, 8, 0)),
        ("summer time is UTC+2", "2026-06-10", "18:30", None,
         utc(2026, 6, 10, 16, 30), utc(2026, 6, 9, 16, 30)),
        ("blank time means default", "2026-06-10", "  ", "", utc(2026, 6, 10, 7, 0),
         utc(2026, 6, 9, 7, 0)),
        ("swedish dot and one digit hour", "2026-12-08", "9.00", None,
         utc(2026, 12, 8, 8, 0), utc(2026, 12, 7, 8, 0)),
        ("explicit deadline", "2026-12-08", "09:00", "2026-12-07 18:00",
         utc(2026, 12, 8, 8, 0), utc(2026, 12, 7, 17, 0)),
        ("deadline at the start is allowed", "2026-12-08", "09:00", "2026-12-08 09:00",
         utc(2026, 12, 8, 8, 0), utc(2026, 12, 8, 8, 0)),
        # last Sunday of March 2026 is the 29th: 02:00 CET jumps to 03:00 CEST
        ("just before spring forward", "2026-03-29", "01:59", "2026-03-28 20:00",
         utc(2026, 3, 29, 0, 59), utc(2026, 3, 28, 19, 0)),
        ("just after spring forward", "2026-03-29", "03:00", "2026-03-28 20:00",
         utc(2026, 3, 29, 1, 0), utc(2026, 3, 28, 19, 0)),
        # the default deadline is 24 real hours, so it reads 08:00 the day before
        ("default deadline across spring forward", "2026-03-30", "09:00", None,
         utc(2026, 3, 30, 7, 0), utc(2026, 3, 29, 7, 0)),
        # last Sunday of October 2026 is the 25th: 03:00 CEST falls back to 02:00 CET
        ("ambiguous october time is the first one", "2026-10-25", "02:30", "2026-10-24 12:00",
         utc(2026, 10, 25, 0, 30), utc(2026, 10, 24, 10, 0)),
        ("after fall back is CET", "2026-10-25", "03:00", None,
         utc(2026, 10, 25, 2, 0), utc(2026, 10, 24, 2, 0)),
        ("default deadline across fall back", "2026-10-26", "09:00", None,
         utc(2026, 10, 26, 8, 0), utc(2026, 10, 25, 8, 0)),
    ],
)  # fmt: skip
def test_plan_meeting_reads_stockholm_time_and_stores_utc(
    label: str,
    date: str,
    time: str | None,
    deadline: str | None,
    starts_at: datetime,
    deadline_at: datetime,
) -> None:
    planned = plan_meeting(date, time, deadline, now=NOW)
    assert planned == MeetingTimes(starts_at=starts_at, deadline_at=deadline_at)


@pytest.mark.parametrize(
    ("label", "date", "time", "deadline", "now", "key", "params", "swedish_hint"),
    [
        ("month 13", "2026-13-01", None, None, NOW, "schedule.error.bad_date",
         {"value": "2026-13-01"}, "ÅÅÅÅ-MM-DD"),
        ("30 february", "2026-02-30", None, None, NOW, "schedule.error.bad_date",
         {"value": "2026-02-30"}, "2026-12-08"),
        ("swedish slash date", "8/12 2026", None, None, NOW, "schedule.error.bad_date",
         {"value": "8/12 2026"}, "ÅÅÅÅ-MM-DD"),
        ("compact date", "20261208", None, None, NOW, "schedule.error.bad_date",
         {"value": "20261208"}, "ÅÅÅÅ-MM-DD"),
        ("empty date", " ", None, None, NOW, "schedule.error.bad_date", {"value": ""},
         "ÅÅÅÅ-MM-DD"),
        ("hour 25", "2026-12-08", "25:00", None, NOW, "schedule.error.bad_time",
         {"value": "25:00"}, "TT:MM"),
        ("minute 60", "2026-12-08", "09:60", None, NOW, "schedule.error.bad_time",
         {"value": "09:60"}, "TT:MM"),
        ("hour only", "2026-12-08", "9", None, NOW, "schedule.error.bad_time", {"value": "9"},
         "09:00"),
        ("words", "2026-12-08", "nio", None, NOW, "schedule.error.bad_time", {"value": "nio"},
         "TT:MM"),
        ("deadline without time", "2026-12-08", None, "2026-12-07", NOW,
         "schedule.error.bad_deadline", {"value": "2026-12-07"}, "ÅÅÅÅ-MM-DD TT:MM"),
        ("iso T deadline", "2026-12-08", None, "2026-12-07T18:00", NOW,
         "schedule.error.bad_deadline", {"value": "2026-12-07T18:00"}, "ÅÅÅÅ-MM-DD TT:MM"),
        ("word deadline", "2026-12-08", None, "igår", NOW, "schedule.error.bad_deadline",
         {"value": "igår"}, "ÅÅÅÅ-MM-DD TT:MM"),
        ("spring forward gap", "2026-03-29", "02:30", None, NOW,
         "schedule.error.nonexistent_time", {"date": "2026-03-29", "time": "02:30"},
         "sommartid"),
        ("deadline in the gap", "2026-04-01", "09:00", "2026-03-29 02:00", NOW,
         "schedule.error.nonexistent_time", {"date": "2026-03-29", "time": "02:00"},
         "finns inte"),
        ("meeting in the past", "2026-02-27", "09:00", None, NOW,
         "schedule.error.meeting_in_past", {"starts": "2026-02-27 09:00"}, "redan passerat"),
        ("meeting starting now", "2026-03-01", "13:00", None, NOW,
         "schedule.error.meeting_in_past", {"starts": "2026-03-01 13:00"}, "redan passerat"),
        ("deadline after start", "2026-12-08", "09:00", "2026-12-08 09:01", NOW,
         "schedule.error.deadline_after_start",
         {"deadline": "2026-12-08 09:01", "starts": "2026-12-08 09:00"}, "efter mötets start"),
        ("deadline passed", "2026-03-05", "09:00", "2026-03-01 12:00", NOW,
         "schedule.error.deadline_passed", {"deadline": "2026-03-01 12:00"}, "redan passerat"),
        ("default deadline passed", "2026-03-02", "09:00", None, NOW,
         "schedule.error.default_deadline_passed",
         {"starts": "2026-03-02 09:00", "deadline": "2026-03-01 09:00"},
         "Ange en egen sista röstningstid"),
    ],
)  # fmt: skip
def test_plan_meeting_refuses_with_a_clear_swedish_sentence(
    label: str,
    date: str,
    time: str | None,
    deadline: str | None,
    now: datetime,
    key: str,
    params: dict[str, str],
    swedish_hint: str,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        plan_meeting(date, time, deadline, now=now)
    assert (caught.value.key, caught.value.params) == (key, params)
    swedish = error_text(caught.value, Language.SV)
    assert swedish_hint in swedish
    assert swedish.endswith(".")
    assert error_text(caught.value, Language.EN) != swedish


def test_every_schedule_error_has_a_catalogue_entry() -> None:
    assert [key for key in ALL_ERRORS if key not in CATALOGUE] == []


def test_plan_meeting_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        plan_meeting("2026-12-08", None, None, now=datetime(2026, 3, 1))


DEADLINE = utc(2026, 12, 7, 17, 0)


@pytest.mark.parametrize(
    ("label", "now", "already_sent", "expected"),
    [
        ("too early", DEADLINE - timedelta(hours=25), set(), None),
        ("24h due exactly", DEADLINE - timedelta(hours=24), set(), Reminder(key="24h", covers=["24h"])),
        ("24h due later", DEADLINE - timedelta(hours=3), set(), Reminder(key="24h", covers=["24h"])),
        ("24h already sent", DEADLINE - timedelta(hours=3), {"24h"}, None),
        ("2h due", DEADLINE - timedelta(hours=2), {"24h"}, Reminder(key="2h", covers=["2h"])),
        ("bot was down: one reminder", DEADLINE - timedelta(hours=1), set(),
         Reminder(key="2h", covers=["24h", "2h"])),
        ("all sent", DEADLINE - timedelta(minutes=1), {"24h", "2h"}, None),
        ("latest sent, stale earlier ignored", DEADLINE - timedelta(hours=1), {"2h"}, None),
        ("at the deadline", DEADLINE, set(), None),
        ("after the deadline", DEADLINE + timedelta(hours=1), set(), None),
    ],
)  # fmt: skip
def test_due_reminder_sends_only_the_latest_due_and_covers_earlier_ones(
    label: str, now: datetime, already_sent: set[str], expected: Reminder | None
) -> None:
    assert due_reminder(DEADLINE, now, already_sent) == expected


def test_due_reminder_with_custom_offsets_in_any_order() -> None:
    offsets = (timedelta(minutes=30), timedelta(days=2), timedelta(hours=6))
    now = DEADLINE - timedelta(minutes=20)
    assert due_reminder(DEADLINE, now, {"48h"}, offsets) == Reminder(
        key="30m", covers=["6h", "30m"]
    )


@pytest.mark.parametrize(
    ("offset", "key"),
    [(timedelta(hours=24), "24h"), (timedelta(hours=2), "2h"), (timedelta(minutes=90), "90m")],
)
def test_reminder_keys_are_stable_text(offset: timedelta, key: str) -> None:
    assert reminder_key(offset) == key


@pytest.mark.parametrize(
    ("label", "deadlines", "now", "expected"),
    [
        ("nothing scheduled", [], NOW, None),
        ("first reminder", [DEADLINE], DEADLINE - timedelta(days=3), DEADLINE - timedelta(hours=24)),
        ("second reminder", [DEADLINE], DEADLINE - timedelta(hours=5), DEADLINE - timedelta(hours=2)),
        ("the deadline itself", [DEADLINE], DEADLINE - timedelta(hours=1), DEADLINE),
        ("all past", [DEADLINE], DEADLINE, None),
        ("earliest of several", [DEADLINE, DEADLINE - timedelta(hours=23)],
         DEADLINE - timedelta(hours=30), DEADLINE - timedelta(hours=25)),  # second's 2h reminder
    ],
)  # fmt: skip
def test_next_wakeup_is_the_next_reminder_or_deadline(
    label: str, deadlines: list[datetime], now: datetime, expected: datetime | None
) -> None:
    assert next_wakeup(deadlines, now) == expected


@pytest.mark.parametrize(
    ("at", "lang", "expected"),
    [
        (utc(2026, 12, 8, 8, 0), Language.SV, "tis 8 dec 2026 kl. 09:00"),
        (utc(2026, 12, 8, 8, 0), Language.EN, "Tue 8 Dec 2026 09:00"),
        (utc(2026, 6, 10, 16, 30), "sv", "ons 10 juni 2026 kl. 18:30"),
        (utc(2026, 3, 29, 1, 0), "en", "Sun 29 Mar 2026 03:00"),
        (utc(2026, 10, 25, 0, 30), "sv", "sön 25 okt 2026 kl. 02:30"),
        (utc(2026, 10, 25, 1, 30), "sv", "sön 25 okt 2026 kl. 02:30"),
        (utc(2026, 12, 31, 23, 30), "sv", "fre 1 jan 2027 kl. 00:30"),
        (datetime(2026, 1, 15, 10, 0), "sv", "tors 15 jan 2026 kl. 11:00"),  # naive = UTC
    ],
)
def test_format_local_shows_stockholm_time_in_either_language(
    at: datetime, lang: Language | str, expected: str
) -> None:
    assert format_local(at, lang) == expected


@pytest.mark.parametrize(
    ("at", "expected_date", "expected_time"),
    [
        (utc(2026, 12, 8, 8, 0), "2026-12-08", "09:00"),
        (utc(2026, 12, 31, 23, 30), "2027-01-01", "00:30"),
        (utc(2026, 7, 1, 22, 15), "2026-07-02", "00:15"),
    ],
)
def test_format_date_and_time_use_the_stockholm_day(
    at: datetime, expected_date: str, expected_time: str
) -> None:
    assert format_date(at, Language.SV) == format_date(at, Language.EN) == expected_date
    assert format_time(at) == expected_time
