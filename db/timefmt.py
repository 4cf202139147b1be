"""How times are stored: ISO 8601 text in UTC with offset."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(at: datetime) -> str:
    """Store an aware datetime as UTC ISO text."""
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    return at.astimezone(UTC).isoformat()


def from_db(text: str) -> datetime:
    """Read back a stored time as an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def maybe_from_db(text: str | None) -> datetime | None:
    """from_db for nullable columns."""
    return None if text is None else from_db(text)
