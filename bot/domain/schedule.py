"""Meeting times and vote reminders, in Europe/Stockholm wall time, stored as UTC.

People type dates and times as they read them on a Swedish clock. A local time that
does not exist (the hour skipped on the last Sunday of March) is refused; an
ambiguous one (the hour repeated on the last Sunday of October) means its first
occurrence, i.e. still summer time. Every refusal is an InvalidInput carrying a
catalogue key and language-neutral params (the text as typed, or "YYYY-MM-DD HH:MM"
in Stockholm time).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import InvalidInput

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT_MEETING_TIME = time(9, 0)
DEFAULT_DEADLINE_BEFORE_START = timedelta(hours=24)
DEFAULT_REMINDER_OFFSETS: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))

ERROR_BAD_DATE = "schedule.error.bad_date"
ERROR_BAD_TIME = "schedule.error.bad_time"
ERROR_BAD_DEADLINE = "schedule.error.bad_deadline"
ERROR_NONEXISTENT_TIME = "schedule.error.nonexistent_time"
ERROR_MEETING_IN_PAST = "schedule.error.meeting_in_past"
ERROR_DEADLINE_AFTER_START = "schedule.error.deadline_after_start"
ERROR_DEADLINE_PASSED = "schedule.error.deadline_passed"
ERROR_DEFAULT_DEADLINE_PASSED = "schedule.error.default_deadline_passed"

ALL_ERRORS = (
    ERROR_BAD_DATE,
    ERROR_BAD_TIME,
    ERROR_BAD_DEADLINE,
    ERROR_NONEXISTENT_TIME,
    ERROR_MEETING_IN_PAST,
    ERROR_DEADLINE_AFTER_START,
    ERROR_DEADLINE_PASSED,
    ERROR_DEFAULT_DEADLINE_PASSED,
)

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# "09:00", "9:00" and the Swedish "9.00" are all read as nine o'clock.
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


class MeetingTimes(BaseModel):
    """When a meeting starts and when voting on its items closes (aware UTC)."""

    model_config = ConfigDict(frozen=True)

    starts_at: datetime
    deadline_at: datetime


class Reminder(BaseModel):
    """The one reminder to send now (`key`) and every reminder key it makes redundant."""

    model_config = ConfigDict(frozen=True)

    key: str
    covers: list[str]


def _parse_date(text: str) -> date | None:
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _parse_time(text: str) -> time | None:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return time(int(match[1]), int(match[2]))
    except ValueError:
        return None


def parse_local_datetime(text: str) -> datetime | None:
    """A Stockholm wall time typed as "YYYY-MM-DD HH:MM" (or "9.00"), as UTC; None if unreadable.

    A time skipped by the DST change is refused (InvalidInput), as for meeting deadlines.
    """
    date_part, _, time_part = text.strip().partition(" ")
    day, clock = _parse_date(date_part), _parse_time(time_part)
    if day is None or clock is None:
        return None
    return stockholm_to_utc(day, clock)


def local_text(at: datetime) -> str:
    """`at` as Stockholm wall time "YYYY-MM-DD HH:MM", a language-neutral error param."""
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def stockholm_to_utc(day: date, clock: time) -> datetime:
    """The UTC instant of a Stockholm wall time; refuses a time skipped by the DST change."""
    # fold=0 picks the first occurrence of a repeated October hour (summer time).
    local = datetime.combine(day, clock, tzinfo=STOCKHOLM)
    at = local.astimezone(UTC)
    round_trip = at.astimezone(STOCKHOLM)
    if (round_trip.date(), round_trip.time()) != (day, clock):
        raise InvalidInput(
            ERROR_NONEXISTENT_TIME, date=day.isoformat(), time=clock.strftime("%H:%M")
        )
    return at


def plan_meeting(
    date: str, time: str | None, deadline: str | None, *, now: datetime
) -> MeetingTimes:
    """Meeting start and vote deadline from Stockholm-time text, refusing impossible plans."""
    _require_aware(now)
    day = _parse_date(date)
    if day is None:
        raise InvalidInput(ERROR_BAD_DATE, value=date.strip())
    clock = DEFAULT_MEETING_TIME
    if time is not None and time.strip():
        parsed_clock = _parse_time(time)
        if parsed_clock is None:
            raise InvalidInput(ERROR_BAD_TIME, value=time.strip())
        clock = parsed_clock
    starts_at = stockholm_to_utc(day, clock)
    if starts_at <= now:
        raise InvalidInput(ERROR_MEETING_IN_PAST, starts=local_text(starts_at))

    if deadline is None or not deadline.strip():
        deadline_at = starts_at - DEFAULT_DEADLINE_BEFORE_START
        if deadline_at <= now:
            raise InvalidInput(
                ERROR_DEFAULT_DEADLINE_PASSED,
                starts=local_text(starts_at),
                deadline=local_text(deadline_at),
            )
        return MeetingTimes(starts_at=starts_at, deadline_at=deadline_at)

    date_part, _, time_part = deadline.strip().partition(" ")
    deadline_day = _parse_date(date_part)
    deadline_clock = _parse_time(time_part)
    if deadline_day is None or deadline_clock is None:
        raise InvalidInput(ERROR_BAD_DEADLINE, value=deadline.strip())
    deadline_at = stockholm_to_utc(deadline_day, deadline_clock)
    if deadline_at > starts_at:
        raise InvalidInput(
            ERROR_DEADLINE_AFTER_START,
            deadline=local_text(deadline_at),
            starts=local_text(starts_at),
        )
    if deadline_at <= now:
        raise InvalidInput(ERROR_DEADLINE_PASSED, deadline=local_text(deadline_at))
    return MeetingTimes(starts_at=starts_at, deadline_at=deadline_at)


def reminder_key(offset: timedelta) -> str:
    """The stable key of a reminder offset: "24h", "2h", "90m"."""
    seconds = int(offset.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{seconds // 60}m"


def due_reminder(
    deadline_at: datetime,
    now: datetime,
    already_sent: Collection[str],
    offsets: Iterable[timedelta] = DEFAULT_REMINDER_OFFSETS,
) -> Reminder | None:
    """The latest reminder due and not yet sent, covering every earlier one; none after the deadline."""
    _require_aware(now)
    if now >= deadline_at:
        return None
    # Largest offset first: the last due one is the latest, closest to the deadline.
    due = [
        reminder_key(offset)
        for offset in sorted(offsets, reverse=True)
        if now >= deadline_at - offset
    ]
    if not due or due[-1] in already_sent:
        return None
    return Reminder(key=due[-1], covers=[key for key in due if key not in already_sent])


def next_wakeup(
    deadlines: Iterable[datetime],
    now: datetime,
    offsets: Iterable[timedelta] = DEFAULT_REMINDER_OFFSETS,
) -> datetime | None:
    """The next moment after `now` when a reminder falls due or a deadline passes."""
    _require_aware(now)
    offset_list = list(offsets)
    moments = [
        moment
        for deadline_at in deadlines
        for moment in (deadline_at, *(deadline_at - offset for offset in offset_list))
        if moment > now
    ]
    return min(moments, default=None)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
