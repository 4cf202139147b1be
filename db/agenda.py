"""Imported kallelser (agenda_imports) and their ärenden (agenda_entries)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

import aiosqlite

from bot.domain.agenda import AgendaItem, AgendaKind
from bot.domain.records import AgendaEntry, AgendaImport
from db.timefmt import to_db

_IMPORT_COLUMNS = (
    "id, guild_id, meeting_id, author_id, source_name, body, date, status, "
    "progress_channel_id, progress_message_id, summary_message_id"
)
_ENTRY_COLUMNS = (
    "id, import_id, position, number, title, kind, formal, dnr, proposal_json, included, item_id"
)


def _import(row: aiosqlite.Row) -> AgendaImport:
    return AgendaImport(
        id=row["id"],
        guild_id=row["guild_id"],
        meeting_id=row["meeting_id"],
        author_id=row["author_id"],
        source_name=row["source_name"],
        body=row["body"],
        date=row["date"],
        status=row["status"],
        progress_channel_id=row["progress_channel_id"],
        progress_message_id=row["progress_message_id"],
        summary_message_id=row["summary_message_id"],
    )


def _entry(row: aiosqlite.Row) -> AgendaEntry:
    return AgendaEntry(
        id=row["id"],
        import_id=row["import_id"],
        position=row["position"],
        number=row["number"],
        title=row["title"],
        kind=AgendaKind(row["kind"]),
        formal=bool(row["formal"]),
        dnr=row["dnr"],
        proposal=json.loads(row["proposal_json"]),
        included=bool(row["included"]),
        item_id=row["item_id"],
    )


async def create_import(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    meeting_id: int,
    author_id: int,
    source_name: str,
    body: str,
    date: str | None,
    items: Sequence[AgendaItem],
    now: datetime,
) -> int:
    """Store a read kallelse and its ärenden in agenda order; returns the import id."""
    async with conn.execute(
        "INSERT INTO agenda_imports (guild_id, meeting_id, author_id, source_name, body, date, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (guild_id, meeting_id, author_id, source_name, body, date, to_db(now), to_db(now)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    import_id = int(row[0])
    await conn.executemany(
        "INSERT INTO agenda_entries (import_id, position, number, title, kind, formal, dnr, "
        "proposal_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                import_id,
                position,
                item.number,
                item.title,
                item.kind.value,
                int(item.formal),
                item.dnr,
                json.dumps(item.proposal, ensure_ascii=False),
            )
            for position, item in enumerate(items, start=1)
        ],
    )
    return import_id


async def get_import(conn: aiosqlite.Connection, import_id: int) -> AgendaImport | None:
    """An import by id."""
    async with conn.execute(
        f"SELECT {_IMPORT_COLUMNS} FROM agenda_imports WHERE id = ?", (import_id,)
    ) as cur:
        row = await cur.fetchone()
    return _import(row) if row else None


async def entries(conn: aiosqlite.Connection, import_id: int) -> list[AgendaEntry]:
    """The ärenden of an import in agenda order."""
    async with conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM agenda_entries WHERE import_id = ? ORDER BY position",
        (import_id,),
    ) as cur:
        return [_entry(row) for row in await cur.fetchall()]


async def set_included(
    conn: aiosqlite.Connection, import_id: int, positions: Collection[int], included: bool
) -> None:
    """Tick or untick ärenden (by position) for publishing."""
    await conn.execute(
        "UPDATE agenda_entries SET included = ? WHERE import_id = ? "
        "AND position IN (SELECT value FROM json_each(?))",
        (int(included), import_id, json.dumps(sorted(positions))),
    )


async def update_entry(
    conn: aiosqlite.Connection,
    import_id: int,
    position: int,
    *,
    title: str,
    kind: AgendaKind,
    formal: bool,
    proposal: Sequence[str],
) -> None:
    """The chair's correction of a mis-read ärende."""
    await conn.execute(
        "UPDATE agenda_entries SET title = ?, kind = ?, formal = ?, proposal_json = ? "
        "WHERE import_id = ? AND position = ?",
        (
            title,
            kind.value,
            int(formal),
            json.dumps(list(proposal), ensure_ascii=False),
            import_id,
            position,
        ),
    )


async def link_item(conn: aiosqlite.Connection, entry_id: int, item_id: int) -> None:
    """The Yrka item an ärende became."""
    await conn.execute("UPDATE agenda_entries SET item_id = ? WHERE id = ?", (item_id, entry_id))


async def set_status(
    conn: aiosqlite.Connection, import_id: int, status: str, now: datetime
) -> None:
    """pending → publishing → published, or cancelled."""
    await conn.execute(
        "UPDATE agenda_imports SET status = ?, updated_at = ? WHERE id = ?",
        (status, to_db(now), import_id),
    )


async def set_progress_message(
    conn: aiosqlite.Connection, import_id: int, channel_id: int, message_id: int
) -> None:
    """Remember the progress message so a resumed publish edits it instead of posting anew."""
    await conn.execute(
        "UPDATE agenda_imports SET progress_channel_id = ?, progress_message_id = ? WHERE id = ?",
        (channel_id, message_id, import_id),
    )


async def set_summary_message(conn: aiosqlite.Connection, import_id: int, message_id: int) -> None:
    """Remember the summary message of the informational ärenden."""
    await conn.execute(
        "UPDATE agenda_imports SET summary_message_id = ? WHERE id = ?", (message_id, import_id)
    )


async def publishing_imports(conn: aiosqlite.Connection) -> list[AgendaImport]:
    """Imports whose publishing started and did not finish (resumed at start-up)."""
    async with conn.execute(
        f"SELECT {_IMPORT_COLUMNS} FROM agenda_imports WHERE status = 'publishing' ORDER BY id"
    ) as cur:
        return [_import(row) for row in await cur.fetchall()]


async def published_entries(conn: aiosqlite.Connection, meeting_id: int) -> list[AgendaEntry]:
    """The ärenden of the meeting's latest published (or publishing) kallelse, in agenda order."""
    async with conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM agenda_entries WHERE import_id = ("
        "SELECT max(id) FROM agenda_imports WHERE meeting_id = ? "
        "AND status IN ('publishing', 'published')) ORDER BY position",
        (meeting_id,),
    ) as cur:
        return [_entry(row) for row in await cur.fetchall()]


async def item_for_agenda_number(
    conn: aiosqlite.Connection, meeting_id: int, number: str
) -> int | None:
    """The item id of the meeting's imported ärende with this agenda number."""
    async with conn.execute(
        "SELECT e.item_id FROM agenda_entries e JOIN agenda_imports i ON i.id = e.import_id "
        "WHERE i.meeting_id = ? AND e.number = ? AND e.item_id IS NOT NULL "
        "ORDER BY i.id DESC LIMIT 1",
        (meeting_id, number),
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else int(row[0])
