"""Comments from motion threads: edits keep history, deletions are marked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from db.timefmt import to_db


async def add(
    conn: aiosqlite.Connection,
    *,
    message_id: int,
    item_id: int,
    author_id: int,
    author_name: str,
    content: str,
    attachments: Sequence[str],
    at: datetime,
) -> None:
    """Store a new thread message (ignored if already stored)."""
    await conn.execute(
        "INSERT OR IGNORE INTO comments (message_id, item_id, author_id, author_name, content, "
        "attachments_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            message_id,
            item_id,
            author_id,
            author_name,
            content,
            json.dumps(list(attachments), ensure_ascii=False),
            to_db(at),
        ),
    )


async def edit(conn: aiosqlite.Connection, message_id: int, content: str, at: datetime) -> bool:
    """Replace a comment's text, keeping the earlier text as a revision; False if unknown."""
    async with conn.execute(
        "SELECT content FROM comments WHERE message_id = ?", (message_id,)
    ) as cur:
        row = await cur.fetchone()
    if row is None or row[0] == content:
        return False
    await conn.execute(
        "INSERT INTO comment_revisions (message_id, content, replaced_at) VALUES (?, ?, ?)",
        (message_id, row[0], to_db(at)),
    )
    await conn.execute(
        "UPDATE comments SET content = ?, edited_at = ? WHERE message_id = ?",
        (content, to_db(at), message_id),
    )
    return True


async def mark_deleted(conn: aiosqlite.Connection, message_id: int, at: datetime) -> bool:
    """Mark a comment deleted without erasing it; False if unknown."""
    cur = await conn.execute(
        "UPDATE comments SET deleted_at = ? WHERE message_id = ? AND deleted_at IS NULL",
        (to_db(at), message_id),
    )
    return cur.rowcount > 0


async def for_items(
    conn: aiosqlite.Connection, item_ids: Sequence[int]
) -> dict[int, list[aiosqlite.Row]]:
    """Comment rows per item in time order (message_id, author_id, author_name, content,
    attachments_json, created_at, edited_at, deleted_at)."""
    found: dict[int, list[aiosqlite.Row]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return found
    marks = ",".join("?" * len(item_ids))
    async with conn.execute(
        f"SELECT item_id, message_id, author_id, author_name, content, attachments_json, "
        f"created_at, edited_at, deleted_at FROM comments WHERE item_id IN ({marks}) "
        f"ORDER BY created_at, message_id",
        list(item_ids),
    ) as cur:
        for row in await cur.fetchall():
            found[row["item_id"]].append(row)
    return found


async def count_for_item(conn: aiosqlite.Connection, item_id: int) -> int:
    """How many comments (not deleted) an item's thread has."""
    async with conn.execute(
        "SELECT count(*) FROM comments WHERE item_id = ? AND deleted_at IS NULL", (item_id,)
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def revisions(conn: aiosqlite.Connection, message_id: int) -> list[str]:
    """Earlier texts of a comment, oldest first."""
    async with conn.execute(
        "SELECT content FROM comment_revisions WHERE message_id = ? ORDER BY id", (message_id,)
    ) as cur:
        return [row[0] for row in await cur.fetchall()]
