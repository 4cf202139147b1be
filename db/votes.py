"""The append-only vote record."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

import aiosqlite

from bot.domain.models import Choice, VoteSource
from bot.domain.options import OptionKey
from bot.domain.tally import ReactionRemoval, ReactionSighting, VoteEvent
from db.timefmt import from_db, to_db

# The standard set's keys come back as Choice (what the ✅❌➖ rules take); others as is.
_AS_CHOICE: dict[str, OptionKey] = {choice.value: choice for choice in Choice}


def _key(value: str | None) -> OptionKey | None:
    return None if value is None else _AS_CHOICE.get(value, value)


async def append(
    conn: aiosqlite.Connection,
    *,
    yrkande_id: int,
    member_id: int,
    choice: OptionKey | None,
    at: datetime,
    source: VoteSource,
) -> int:
    """Append one vote event (choice None = withdrawn); returns its sequence number."""
    async with conn.execute(
        "INSERT INTO vote_events (yrkande_id, member_id, choice, at, source) "
        "VALUES (?, ?, ?, ?, ?) RETURNING seq",
        (yrkande_id, member_id, choice, to_db(at), source.value),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def latest_choice(
    conn: aiosqlite.Connection, yrkande_id: int, member_id: int
) -> OptionKey | None:
    """The member's current vote on the yrkande (None if none or withdrawn)."""
    async with conn.execute(
        "SELECT choice FROM vote_events WHERE yrkande_id = ? AND member_id = ? "
        "ORDER BY seq DESC LIMIT 1",
        (yrkande_id, member_id),
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else _key(row[0])


def _event(row: aiosqlite.Row) -> VoteEvent:
    return VoteEvent(
        member_id=row["member_id"],
        choice=_key(row["choice"]),
        at=from_db(row["at"]),
        source=VoteSource(row["source"]),
        seq=row["seq"],
    )


async def events_for(conn: aiosqlite.Connection, yrkande_id: int) -> list[VoteEvent]:
    """Every vote event of one yrkande in recording order."""
    rows = await conn.execute_fetchall(
        "SELECT seq, member_id, choice, at, source FROM vote_events "
        "WHERE yrkande_id = ? ORDER BY seq",
        (yrkande_id,),
    )
    return [_event(row) for row in rows]


async def events_for_many(
    conn: aiosqlite.Connection, yrkande_ids: Sequence[int]
) -> dict[int, list[VoteEvent]]:
    """Vote events of several yrkanden at once, keyed by yrkande id."""
    found: dict[int, list[VoteEvent]] = {yid: [] for yid in yrkande_ids}
    # Chunked to stay below SQLite's limit on bound parameters.
    for start in range(0, len(yrkande_ids), 500):
        chunk = list(yrkande_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in await conn.execute_fetchall(
            f"SELECT yrkande_id, seq, member_id, choice, at, source FROM vote_events "
            f"WHERE yrkande_id IN ({marks}) ORDER BY seq",
            chunk,
        ):
            found[row["yrkande_id"]].append(_event(row))
    return found


async def latest_choices(
    conn: aiosqlite.Connection, pairs: Collection[tuple[int, int]]
) -> dict[tuple[int, int], OptionKey | None]:
    """The current vote of each (yrkande_id, member_id) pair (None if none or withdrawn)."""
    if not pairs:
        return {}
    # The pairs travel as one JSON parameter; each is then one index lookup.
    async with conn.execute(
        "WITH wanted (yrkande_id, member_id) AS ("
        " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
        " SELECT w.yrkande_id, w.member_id, (SELECT v.choice FROM vote_events v"
        " WHERE v.yrkande_id = w.yrkande_id AND v.member_id = w.member_id"
        " ORDER BY v.seq DESC LIMIT 1) FROM wanted w",
        (json.dumps(sorted(pairs)),),
    ) as cur:
        rows = await cur.fetchall()
    return {(int(row[0]), int(row[1])): _key(row[2]) for row in rows}


async def append_many(
    conn: aiosqlite.Connection,
    events: Sequence[tuple[int, int, OptionKey | None, datetime, VoteSource]],
) -> None:
    """Append (yrkande_id, member_id, choice, at, source) vote events in this order."""
    rows = [
        [yrkande_id, member_id, choice, to_db(at), source.value]
        for yrkande_id, member_id, choice, at, source in events
    ]
    # One statement over a JSON array instead of executemany: sqlite3 binds each executemany
    # row holding the GIL, and under a burst the event loop keeps the GIL busy (a convoy).
    await conn.execute(
        "INSERT INTO vote_events (yrkande_id, member_id, choice, at, source) "
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]') "
        "FROM json_each(?) ORDER BY key",
        (json.dumps(rows, ensure_ascii=False),),
    )


async def last_seq(conn: aiosqlite.Connection) -> int:
    """The highest vote event sequence number so far (0 when none)."""
    async with conn.execute("SELECT coalesce(max(seq), 0) FROM vote_events") as cur:
        row = await cur.fetchone()
    return 0 if row is None else int(row[0])


async def append_removals(
    conn: aiosqlite.Connection, removals: Sequence[tuple[int, int, OptionKey, int, datetime]]
) -> None:
    """Append (yrkande_id, member_id, choice, after_seq, at) reaction removals."""
    await conn.executemany(
        "INSERT INTO reaction_removals (yrkande_id, member_id, choice, after_seq, at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(y, m, str(c), after, to_db(at)) for y, m, c, after, at in removals],
    )


async def removals_for_many(
    conn: aiosqlite.Connection, yrkande_ids: Sequence[int]
) -> dict[int, list[ReactionRemoval]]:
    """`removals_for` of several yrkanden (of one item) in one query, keyed by yrkande id."""
    found: dict[int, list[ReactionRemoval]] = {yid: [] for yid in yrkande_ids}
    for row in await conn.execute_fetchall(
        "SELECT yrkande_id, member_id, choice, after_seq, id FROM reaction_removals "
        "WHERE yrkande_id IN (SELECT value FROM json_each(?)) ORDER BY after_seq, id",
        (json.dumps(list(yrkande_ids)),),
    ):
        found[row[0]].append(
            ReactionRemoval(
                member_id=row[1], choice=_AS_CHOICE.get(row[2], row[2]), after_seq=row[3], id=row[4]
            )
        )
    return found


async def sightings_for_many(
    conn: aiosqlite.Connection, yrkande_ids: Sequence[int]
) -> dict[int, list[ReactionSighting]]:
    """`sightings_for` of several yrkanden (of one item) in one query, keyed by yrkande id."""
    found: dict[int, list[ReactionSighting]] = {yid: [] for yid in yrkande_ids}
    for row in await conn.execute_fetchall(
        "SELECT yrkande_id, member_id, choice, after_seq, after_removal FROM reaction_sightings "
        "WHERE yrkande_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(list(yrkande_ids)),),
    ):
        found[row[0]].append(
            ReactionSighting(
                member_id=row[1],
                choice=_AS_CHOICE.get(row[2], row[2]),
                after_seq=row[3],
                after_removal=row[4],
            )
        )
    return found


async def removals_for(conn: aiosqlite.Connection, yrkande_id: int) -> list[ReactionRemoval]:
    """Every recorded reaction removal of one yrkande, in order."""
    rows = await conn.execute_fetchall(
        "SELECT member_id, choice, after_seq, id FROM reaction_removals "
        "WHERE yrkande_id = ? ORDER BY after_seq, id",
        (yrkande_id,),
    )
    return [
        ReactionRemoval(
            member_id=row[0], choice=_AS_CHOICE.get(row[1], row[1]), after_seq=row[2], id=row[3]
        )
        for row in rows
    ]


async def last_removal_id(conn: aiosqlite.Connection) -> int:
    """The id of the last recorded reaction removal (0 if none): where a sighting goes."""
    async with conn.execute("SELECT COALESCE(MAX(id), 0) FROM reaction_removals") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def append_sightings(
    conn: aiosqlite.Connection,
    sightings: Sequence[tuple[int, int, OptionKey, int, int, datetime]],
) -> None:
    """Append (yrkande_id, member_id, choice, after_seq, after_removal, at) sightings."""
    await conn.executemany(
        "INSERT INTO reaction_sightings "
        "(yrkande_id, member_id, choice, after_seq, after_removal, at) VALUES (?, ?, ?, ?, ?, ?)",
        [(y, m, str(c), seq, rid, to_db(at)) for y, m, c, seq, rid, at in sightings],
    )


async def sightings_for(conn: aiosqlite.Connection, yrkande_id: int) -> list[ReactionSighting]:
    """Every vote reaction a reconciliation found on one yrkande and did not count."""
    rows = await conn.execute_fetchall(
        "SELECT member_id, choice, after_seq, after_removal FROM reaction_sightings "
        "WHERE yrkande_id = ? ORDER BY id",
        (yrkande_id,),
    )
    return [
        ReactionSighting(
            member_id=row[0],
            choice=_AS_CHOICE.get(row[1], row[1]),
            after_seq=row[2],
            after_removal=row[3],
        )
        for row in rows
    ]
