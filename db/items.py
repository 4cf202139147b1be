"""Drafts, agenda items and their yrkanden."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

import aiosqlite

from bot.domain.models import DocumentKind, ItemStatus, Language
from bot.domain.options import OptionSet, option_set
from bot.domain.records import Item, Yrkande
from bot.domain.voting import VoteMessageRef
from db.timefmt import from_db, maybe_from_db, to_db

# ---------------------------------------------------------------- drafts


async def create_draft(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    meeting_id: int,
    author_id: int,
    source_name: str,
    draft_json: str,
    now: datetime,
) -> int:
    """Store a parsed document awaiting the chair's check; returns the draft id."""
    async with conn.execute(
        "INSERT INTO drafts (guild_id, meeting_id, author_id, source_name, draft_json, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (guild_id, meeting_id, author_id, source_name, draft_json, to_db(now), to_db(now)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def get_draft(conn: aiosqlite.Connection, draft_id: int) -> aiosqlite.Row | None:
    """A draft row (id, guild_id, meeting_id, author_id, source_name, draft_json, status)."""
    async with conn.execute(
        "SELECT id, guild_id, meeting_id, author_id, source_name, draft_json, status, item_id, "
        "target_item_id FROM drafts WHERE id = ?",
        (draft_id,),
    ) as cur:
        return await cur.fetchone()


async def update_draft(
    conn: aiosqlite.Connection, draft_id: int, draft_json: str, now: datetime
) -> None:
    """Replace the parsed content of a pending draft (after the chair's edit)."""
    await conn.execute(
        "UPDATE drafts SET draft_json = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
        (draft_json, to_db(now), draft_id),
    )


async def finish_draft(
    conn: aiosqlite.Connection, draft_id: int, status: str, item_id: int | None, now: datetime
) -> None:
    """Mark a draft published (with its item) or cancelled."""
    await conn.execute(
        "UPDATE drafts SET status = ?, item_id = ?, updated_at = ? WHERE id = ?",
        (status, item_id, to_db(now), draft_id),
    )


# ---------------------------------------------------------------- items

_ITEM_COLUMNS = (
    "id, guild_id, meeting_id, number, kind, title, body, signatories_json, language, "
    "source_name, status, channel_id, message_id, thread_id, created_by, created_at, closed_at, "
    "speaker_id, (SELECT e.number FROM agenda_entries e WHERE e.item_id = items.id) AS agenda_number"
)


def _item(row: aiosqlite.Row, yrkanden: list[Yrkande]) -> Item:
    return Item(
        id=row["id"],
        guild_id=row["guild_id"],
        meeting_id=row["meeting_id"],
        number=row["number"],
        kind=DocumentKind(row["kind"]),
        title=row["title"],
        body=row["body"],
        signatories=json.loads(row["signatories_json"]),
        language=Language(row["language"]),
        source_name=row["source_name"],
        status=ItemStatus(row["status"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        closed_at=maybe_from_db(row["closed_at"]),
        yrkanden=yrkanden,
        agenda_number=row["agenda_number"],
        speaker_id=row["speaker_id"],
    )


_YRKANDE_COLUMNS = (
    "id, item_id, number, text, vote_message_id, option_set, question_key, round, closes_at"
)


def _yrkande(row: aiosqlite.Row) -> Yrkande:
    return Yrkande(
        id=row["id"],
        item_id=row["item_id"],
        number=row["number"],
        text=row["text"],
        vote_message_id=row["vote_message_id"],
        option_set=row["option_set"],
        question_key=row["question_key"],
        round=row["round"],
        closes_at=maybe_from_db(row["closes_at"]),
    )


async def create_item(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    meeting_id: int,
    kind: DocumentKind,
    title: str,
    body: str,
    signatories: Sequence[str],
    language: Language,
    source_name: str,
    yrkanden: Sequence[str],
    status: ItemStatus,
    created_by: int,
    now: datetime,
) -> Item:
    """Insert an item with the group's next number and its yrkanden in order."""
    async with conn.execute(
        """
        INSERT INTO items (guild_id, meeting_id, number, kind, title, body, signatories_json,
                           language, source_name, status, created_by, created_at)
        VALUES (?, ?, (SELECT coalesce(max(number), 0) + 1 FROM items WHERE guild_id = ?),
                ?, ?, ?, ?, ?, ?, ?, ?, ?)
        RETURNING id
        """,
        (
            guild_id,
            meeting_id,
            guild_id,
            kind.value,
            title,
            body,
            json.dumps(list(signatories), ensure_ascii=False),
            language.value,
            source_name,
            status.value,
            created_by,
            to_db(now),
        ),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    item_id = int(row[0])
    await conn.executemany(
        "INSERT INTO yrkanden (item_id, number, text) VALUES (?, ?, ?)",
        [(item_id, number, text) for number, text in enumerate(yrkanden, start=1)],
    )
    item = await by_id(conn, item_id)
    assert item is not None
    return item


async def _load(conn: aiosqlite.Connection, where: str, params: Sequence[object]) -> list[Item]:
    # execute_fetchall: one trip to aiosqlite's thread instead of three (execute, fetch,
    # close); start-up reconciliation loads items tens of thousands of times.
    rows = list(
        await conn.execute_fetchall(f"SELECT {_ITEM_COLUMNS} FROM items WHERE {where}", params)
    )
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    marks = ",".join("?" * len(ids))
    yrkande_rows = await conn.execute_fetchall(
        f"SELECT {_YRKANDE_COLUMNS} FROM yrkanden "
        f"WHERE item_id IN ({marks}) ORDER BY item_id, number",
        ids,
    )
    by_item: dict[int, list[Yrkande]] = {item_id: [] for item_id in ids}
    questions: dict[int, list[Yrkande]] = {item_id: [] for item_id in ids}
    for yrow in yrkande_rows:
        yrkande = _yrkande(yrow)
        (by_item if yrkande.question_key is None else questions)[yrkande.item_id].append(yrkande)
    return [
        _item(row, by_item[row["id"]]).model_copy(update={"question_votes": questions[row["id"]]})
        for row in rows
    ]


async def by_id(conn: aiosqlite.Connection, item_id: int) -> Item | None:
    """An item by row id, with its yrkanden."""
    found = await _load(conn, "id = ?", (item_id,))
    return found[0] if found else None


async def by_number(conn: aiosqlite.Connection, guild_id: int, number: int) -> Item | None:
    """The group's item with this number, with its yrkanden."""
    found = await _load(conn, "guild_id = ? AND number = ?", (guild_id, number))
    return found[0] if found else None


async def by_thread(conn: aiosqlite.Connection, thread_id: int) -> Item | None:
    """The item whose discussion thread this is."""
    found = await _load(conn, "thread_id = ?", (thread_id,))
    return found[0] if found else None


async def for_meeting(conn: aiosqlite.Connection, meeting_id: int) -> list[Item]:
    """A meeting's items in agenda order (by number)."""
    return await _load(
        conn, "meeting_id = ? AND status != 'cancelled' ORDER BY number", (meeting_id,)
    )


async def for_group(
    conn: aiosqlite.Connection, guild_id: int, meeting_id: int | None = None
) -> list[Item]:
    """The group's items, newest first, optionally of one meeting."""
    if meeting_id is None:
        return await _load(conn, "guild_id = ? ORDER BY number DESC", (guild_id,))
    return await _load(
        conn, "guild_id = ? AND meeting_id = ? ORDER BY number DESC", (guild_id, meeting_id)
    )


async def open_vote_messages(
    conn: aiosqlite.Connection,
    guild_id: int | None = None,
    *,
    after_item_id: int = 0,
    until_item_id: int | None = None,
) -> list[tuple[int, int, int, int, int, int, int | None, int | None, str]]:
    """(guild, item, item number, yrkande, yrkande number, vote message, thread, channel,
    option set) of every published vote message of every open item (of one group; with an
    id above `after_item_id` and up to `until_item_id`), items by id, each item's att-satser
    before its question rounds, by number: what start-up reconciliation needs, without
    loading whole items (2,500 groups hold ~40,000)."""
    rows = await conn.execute_fetchall(
        "SELECT i.guild_id, i.id, i.number, y.id, y.number, y.vote_message_id, i.thread_id, "
        "i.channel_id, y.option_set FROM items i JOIN yrkanden y ON y.item_id = i.id "
        "WHERE i.status = 'open' AND y.vote_message_id IS NOT NULL AND (? IS NULL OR i.guild_id = ?) "
        "AND i.id > ? AND (? IS NULL OR i.id <= ?) "
        "ORDER BY i.id, y.question_key IS NOT NULL, y.number",
        (guild_id, guild_id, after_item_id, until_item_id, until_item_id),
    )
    return [tuple(row) for row in rows]


async def open_items_page_end(
    conn: aiosqlite.Connection, guild_id: int | None, *, after_item_id: int, count: int
) -> int | None:
    """The id of the `count`-th open item (of one group) after `after_item_id`, or of the
    last one if fewer are left; None if none is: the end of a page of open items."""
    [(until,)] = await conn.execute_fetchall(
        "SELECT max(id) FROM (SELECT id FROM items WHERE status = 'open' AND id > ? "
        "AND (? IS NULL OR guild_id = ?) ORDER BY id LIMIT ?)",
        (after_item_id, guild_id, guild_id, count),
    )
    return None if until is None else int(until)


async def open_item_deadlines(
    conn: aiosqlite.Connection,
) -> list[tuple[int, int, datetime, frozenset[str]]]:
    """(guild, item, its meeting's voting deadline, keys of the reminders already sent) of
    every open item, by deadline, then meeting, then agenda order: the scheduler's work list
    without loading whole items (2,500 groups hold ~12,500 open ones; loading them all held
    the connection for seconds at every scheduler run)."""
    rows = await conn.execute_fetchall(
        "SELECT i.guild_id, i.id, m.deadline_at FROM items i "
        "JOIN meetings m ON m.id = i.meeting_id WHERE i.status = 'open' "
        "ORDER BY m.deadline_at, m.id, i.number"
    )
    sent: dict[int, set[str]] = {}
    for item_id, key in await conn.execute_fetchall(
        "SELECT r.item_id, r.reminder_key FROM reminders_sent r "
        "JOIN items i ON i.id = r.item_id WHERE i.status = 'open'"
    ):
        sent.setdefault(item_id, set()).add(key)
    return [
        (guild_id, item_id, from_db(deadline), frozenset(sent.get(item_id, ())))
        for guild_id, item_id, deadline in rows
    ]


async def open_item_threads(conn: aiosqlite.Connection) -> list[tuple[int, int]]:
    """(guild, thread) of every open item with a discussion thread, items by id."""
    rows = await conn.execute_fetchall(
        "SELECT guild_id, thread_id FROM items "
        "WHERE status = 'open' AND thread_id IS NOT NULL ORDER BY id"
    )
    return [(guild_id, thread_id) for guild_id, thread_id in rows]


async def open_items(conn: aiosqlite.Connection) -> list[Item]:
    """Every open item of every group (for reconciliation and the scheduler)."""
    return await _load(conn, "status = 'open' ORDER BY id", ())


async def set_messages(
    conn: aiosqlite.Connection,
    item_id: int,
    *,
    channel_id: int,
    message_id: int,
    thread_id: int | None,
) -> None:
    """Remember where the item was published."""
    await conn.execute(
        "UPDATE items SET channel_id = ?, message_id = ?, thread_id = ? WHERE id = ?",
        (channel_id, message_id, thread_id, item_id),
    )


async def set_vote_message(conn: aiosqlite.Connection, yrkande_id: int, message_id: int) -> None:
    """Remember the vote message of a yrkande."""
    await conn.execute(
        "UPDATE yrkanden SET vote_message_id = ? WHERE id = ?", (message_id, yrkande_id)
    )


async def set_option_set(conn: aiosqlite.Connection, yrkande_id: int, name: str) -> None:
    """Store what a yrkande's vote message offers (a name `bot.domain.options.option_set` knows)."""
    option_set(name)  # ValueError for a name no set has, before the CHECK says it
    await conn.execute("UPDATE yrkanden SET option_set = ? WHERE id = ?", (name, yrkande_id))


async def add_question_vote(
    conn: aiosqlite.Connection,
    *,
    item_id: int,
    question_key: str,
    round_number: int,
    text: str,
    option_set_name: str,
    closes_at: datetime | None,
) -> Yrkande:
    """A vote message row for one round of a beslutsgång question (numbered after the item's
    att-satser and earlier rounds; people never type these numbers)."""
    option_set(option_set_name)
    async with conn.execute(
        "INSERT INTO yrkanden (item_id, number, text, option_set, question_key, round, closes_at) "
        "VALUES (?, (SELECT coalesce(max(number), 0) + 1 FROM yrkanden WHERE item_id = ?), "
        f"?, ?, ?, ?, ?) RETURNING {_YRKANDE_COLUMNS}",
        (
            item_id,
            item_id,
            text,
            option_set_name,
            question_key,
            round_number,
            None if closes_at is None else to_db(closes_at),
        ),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return _yrkande(row)


async def set_closes_at(conn: aiosqlite.Connection, yrkande_id: int, at: datetime) -> None:
    """Give a vote message its own deadline (before the item's)."""
    await conn.execute("UPDATE yrkanden SET closes_at = ? WHERE id = ?", (to_db(at), yrkande_id))


async def set_status(
    conn: aiosqlite.Connection,
    item_id: int,
    status: ItemStatus,
    *,
    now: datetime,
    actor_id: int | None,
) -> None:
    """Open or close an item; closing stamps who (None = the deadline) and when."""
    if status is ItemStatus.CLOSED:
        await conn.execute(
            "UPDATE items SET status = ?, closed_at = ?, closed_by = ? WHERE id = ?",
            (status.value, to_db(now), actor_id, item_id),
        )
    else:
        await conn.execute(
            "UPDATE items SET status = ?, closed_at = NULL, closed_by = NULL WHERE id = ?",
            (status.value, item_id),
        )


async def yrkande_by_message(
    conn: aiosqlite.Connection, message_id: int
) -> tuple[Yrkande, Item] | None:
    """The yrkande whose vote message this is, with its item (without yrkanden)."""
    async with conn.execute(
        f"SELECT {_YRKANDE_COLUMNS} FROM yrkanden WHERE vote_message_id = ?",
        (message_id,),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    yrkande = _yrkande(row)
    found = await _load(conn, "id = ?", (yrkande.item_id,))
    return (yrkande, found[0]) if found else None


async def reminders_sent(conn: aiosqlite.Connection, item_id: int) -> set[str]:
    """Keys of the reminders already sent for an item."""
    async with conn.execute(
        "SELECT reminder_key FROM reminders_sent WHERE item_id = ?", (item_id,)
    ) as cur:
        return {row[0] for row in await cur.fetchall()}


async def mark_reminders_sent(
    conn: aiosqlite.Connection, item_id: int, keys: Sequence[str], now: datetime
) -> None:
    """Record reminders as sent so a restart never sends them again."""
    await conn.executemany(
        "INSERT OR IGNORE INTO reminders_sent (item_id, reminder_key, sent_at) VALUES (?, ?, ?)",
        [(item_id, key, to_db(now)) for key in keys],
    )


async def vote_messages(
    conn: aiosqlite.Connection, message_ids: Collection[int]
) -> dict[int, VoteMessageRef]:
    """The yrkande, item and deadline behind each of these vote messages (unknown ids left out)."""
    if not message_ids:
        return {}
    # One JSON parameter instead of one `?` per id: no limit on how many are asked at once.
    async with conn.execute(
        "SELECT y.vote_message_id, y.id, y.item_id, i.number, i.guild_id, i.status, "
        "coalesce(y.closes_at, m.deadline_at), y.option_set FROM yrkanden y JOIN items i ON i.id = y.item_id JOIN meetings m ON m.id = i.meeting_id "
        "WHERE y.vote_message_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(message_ids)),),
    ) as cur:
        rows = await cur.fetchall()
    return {
        row[0]: VoteMessageRef(
            message_id=row[0],
            yrkande_id=row[1],
            item_id=row[2],
            item_number=row[3],
            guild_id=row[4],
            status=ItemStatus(row[5]),
            deadline_at=from_db(row[6]),
            options=option_set(row[7]),
        )
        for row in rows
    }


async def item_of_yrkande(conn: aiosqlite.Connection, yrkande_id: int) -> Item | None:
    """The item (with its yrkanden) that a yrkande belongs to."""
    rows = list(
        await conn.execute_fetchall("SELECT item_id FROM yrkanden WHERE id = ?", (yrkande_id,))
    )
    return None if not rows else await by_id(conn, int(rows[0][0]))


async def guild_of(conn: aiosqlite.Connection, item_id: int) -> int | None:
    """The server an item belongs to (None if there is no such item)."""
    rows = list(await conn.execute_fetchall("SELECT guild_id FROM items WHERE id = ?", (item_id,)))
    return int(rows[0][0]) if rows else None


async def option_set_of(conn: aiosqlite.Connection, yrkande_id: int) -> OptionSet:
    """What a yrkande's vote message offers (its stored option set)."""
    rows = list(
        await conn.execute_fetchall("SELECT option_set FROM yrkanden WHERE id = ?", (yrkande_id,))
    )
    if not rows:
        raise LookupError(f"no yrkande {yrkande_id}")
    return option_set(rows[0][0])


async def set_speaker(conn: aiosqlite.Connection, item_id: int, speaker_id: int | None) -> None:
    """Record who speaks for the group on the item (None: nobody yet)."""
    await conn.execute("UPDATE items SET speaker_id = ? WHERE id = ?", (speaker_id, item_id))


async def add_yrkanden(conn: aiosqlite.Connection, item_id: int, yrkanden: Sequence[str]) -> None:
    """Append att-satser to an item that has none yet (an imported ärende being filled)."""
    await conn.executemany(
        "INSERT INTO yrkanden (item_id, number, text) VALUES (?, ?, ?)",
        [(item_id, number, text) for number, text in enumerate(yrkanden, start=1)],
    )


async def set_draft_target(conn: aiosqlite.Connection, draft_id: int, item_id: int) -> None:
    """Mark a draft as the proposal for an existing item (`/motion post agenda_item`)."""
    await conn.execute("UPDATE drafts SET target_item_id = ? WHERE id = ?", (item_id, draft_id))
