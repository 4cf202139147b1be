"""Times as people read them: Europe/Stockholm wall time in Swedish or English.

Own day and month tables instead of the locale module, so the output does not depend
on the locales installed on the host. A naive datetime is taken to be UTC (everything
is stored in UTC), so a renderer never fails on one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.models import Language
from bot.domain.schedule import STOCKHOLM

_WEEKDAYS: dict[Language, tuple[str, ...]] = {
    Language.SV: ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    Language.EN: ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS: dict[Language, tuple[str, ...]] = {
    Language.SV: (
        "jan",
        "feb",
        "mars",
        "apr",
        "maj",
        "juni",
        "juli",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ),
    Language.EN: (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ),
}


def to_stockholm(at: datetime) -> datetime:
    """`at` as Stockholm wall time; a naive datetime is read as UTC."""
    if at.tzinfo is None or at.utcoffset() is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(STOCKHOLM)


def format_local(at: datetime, lang: Language | str = Language.SV) -> str:
    """Day, date and time in Stockholm: "tis 8 dec 2026 kl. 09:00" / "Tue 8 Dec 2026 09:00"."""
    language = Language(lang)
    local = to_stockholm(at)
    weekday = _WEEKDAYS[language][local.weekday()]
    month = _MONTHS[language][local.month - 1]
    clock = local.strftime("%H:%M")
    if language is Language.SV:
        return f"{weekday} {local.day} {month} {local.year} kl. {clock}"
    return f"{weekday} {local.day} {month} {local.year} {clock}"


def format_date(at: datetime, lang: Language | str = Language.SV) -> str:
    """The Stockholm date in ISO form, "2026-12-08", the same in both languages."""
    Language(lang)  # refuse an unknown language the same way as format_local
    return to_stockholm(at).date().isoformat()


def format_time(at: datetime) -> str:
    """The Stockholm clock time "09:00"."""
    return to_stockholm(at).strftime("%H:%M")
