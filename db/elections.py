"""Elections (personval): nominations, rounds, who has voted, and the ballot boxes.

Who has voted (`election_voters`) and what was voted (`ballot_boxes`) are written in the
same transaction but never together: a ballot box is one row per round holding the
ballots and the receipt codes as lists sorted by content. Nothing here logs.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

import aiosqlite

from bot.domain.election import (
    Election,
    ElectionMajority,
    ElectionRound,
    ElectionStatus,
    Nomination,
    NominationStatus,
    RoundResult,
    canonical_ballots,
)
from bot.domain.models import WhoVotes
from db.timefmt import from_db, maybe_from_db, to_db

_ELECTION = (
    "id, guild_id, meeting_id, number, title, seats, majority, deadline_at, status, "
    "channel_id, message_id, created_by, created_at"
)
_ROUND = (
    "id, election_id, number, seats, majority, candidates_json, deadline_at, status, "
    "message_id, opened_at, closed_at, result_json"
)
_NOMINATION = "id, election_id, member_id, display_name, nominated_by, status"


def _election(row: aiosqlite.Row) -> Election:
    return Election(
        id=row["id"],
        guild_id=row["guild_id"],
        meeting_id=row["meeting_id"],
        number=row["number"],
        title=row["title"],
        seats=row["seats"],
        majority=ElectionMajority(row["majority"]),
        deadline_at=maybe_from_db(row["deadline_at"]),
        status=ElectionStatus(row["status"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
    )


def _round(row: aiosqlite.Row) -> ElectionRound:
    result = row["result_json"]
    return ElectionRound(
        id=row["id"],
        election_id=row["election_id"],
        number=row["number"],
        seats=row["seats"],
        majority=ElectionMajority(row["majority"]),
        candidates=json.loads(row["candidates_json"]),
        deadline_at=maybe_from_db(row["deadline_at"]),
        status=ElectionStatus(row["status"]),
        message_id=row["message_id"],
        opened_at=from_db(row["opened_at"]),
        closed_at=maybe_from_db(row["closed_at"]),
        result=RoundResult.model_validate_json(result) if result else None,
    )


def _nomination(row: aiosqlite.Row) -> Nomination:
    return Nomination(
        id=row["id"],
        election_id=row["election_id"],
        member_id=row["member_id"],
        display_name=row["display_name"],
        nominated_by=row["nominated_by"],
        status=NominationStatus(row["status"]),
    )


async def create(
    conn: aiosqlite.Connection,
    *,
    guild_id: int,
    meeting_id: int,
    title: str,
    seats: int,
    majority: ElectionMajority,
    deadline_at: datetime | None,
    channel_id: int | None,
    created_by: int,
    now: datetime,
) -> Election:
    """Insert an election with the group's next number, open for nominations."""
    async with conn.execute(
        f"""
        INSERT INTO elections (guild_id, meeting_id, number, title, seats, majority, deadline_at,
                               channel_id, created_by, created_at)
        VALUES (?, ?, (SELECT coalesce(max(number), 0) + 1 FROM elections WHERE guild_id = ?),
                ?, ?, ?, ?, ?, ?, ?)
        RETURNING {_ELECTION}
        """,
        (
            guild_id,
            meeting_id,
            guild_id,
            title,
            seats,
            majority.value,
            to_db(deadline_at) if deadline_at else None,
            channel_id,
            created_by,
            to_db(now),
        ),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return _election(row)


async def by_number(conn: aiosqlite.Connection, guild_id: int, number: int) -> Election | None:
    """The group's election with this number."""
    async with conn.execute(
        f"SELECT {_ELECTION} FROM elections WHERE guild_id = ? AND number = ?", (guild_id, number)
    ) as cur:
        row = await cur.fetchone()
    return _election(row) if row else None


async def by_id(conn: aiosqlite.Connection, election_id: int) -> Election | None:
    """An election by its row id."""
    async with conn.execute(
        f"SELECT {_ELECTION} FROM elections WHERE id = ?", (election_id,)
    ) as cur:
        row = await cur.fetchone()
    return _election(row) if row else None


async def for_meeting(conn: aiosqlite.Connection, meeting_id: int) -> list[Election]:
    """A meeting's elections in number order."""
    async with conn.execute(
        f"SELECT {_ELECTION} FROM elections WHERE meeting_id = ? ORDER BY number", (meeting_id,)
    ) as cur:
        return [_election(row) for row in await cur.fetchall()]


async def for_group(conn: aiosqlite.Connection, guild_id: int) -> list[Election]:
    """A group's elections, newest first."""
    async with conn.execute(
        f"SELECT {_ELECTION} FROM elections WHERE guild_id = ? ORDER BY number DESC", (guild_id,)
    ) as cur:
        return [_election(row) for row in await cur.fetchall()]


async def set_message(conn: aiosqlite.Connection, election_id: int, message_id: int) -> None:
    """Remember the election's nomination message."""
    await conn.execute(
        "UPDATE elections SET message_id = ? WHERE id = ?", (message_id, election_id)
    )


async def set_status(conn: aiosqlite.Connection, election_id: int, status: ElectionStatus) -> None:
    """Move the election to `status`."""
    await conn.execute("UPDATE elections SET status = ? WHERE id = ?", (status.value, election_id))


async def fix_electorate(
    conn: aiosqlite.Connection, election_id: int, rule: WhoVotes, voters: Collection[int]
) -> None:
    """Store who may cast a ballot in the election, fixed as it opens."""
    await conn.execute("UPDATE elections SET who_votes = ? WHERE id = ?", (rule.value, election_id))
    await conn.execute("DELETE FROM election_electorate WHERE election_id = ?", (election_id,))
    await conn.executemany(
        "INSERT INTO election_electorate (election_id, member_id) VALUES (?, ?)",
        [(election_id, member_id) for member_id in sorted(voters)],
    )


async def fixed_electorate(conn: aiosqlite.Connection, election_id: int) -> frozenset[int] | None:
    """The electorate fixed when the election opened; None if it was not (yet) fixed."""
    async with conn.execute("SELECT who_votes FROM elections WHERE id = ?", (election_id,)) as cur:
        row = await cur.fetchone()
    if row is None or row[0] is None:
        return None
    async with conn.execute(
        "SELECT member_id FROM election_electorate WHERE election_id = ?", (election_id,)
    ) as cur:
        return frozenset(int(r[0]) for r in await cur.fetchall())


# ---------------------------------------------------------------- nominations


async def nominate(
    conn: aiosqlite.Connection,
    *,
    election_id: int,
    member_id: int,
    display_name: str,
    nominated_by: int,
    now: datetime,
) -> Nomination:
    """Add a nomination, or ask again (pending) one that was declined or is still pending."""
    async with conn.execute(
        f"""
        INSERT INTO nominations (election_id, member_id, display_name, nominated_by, created_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (election_id, member_id) DO UPDATE SET
            status = 'pending', display_name = excluded.display_name,
            nominated_by = excluded.nominated_by, answered_at = NULL
        WHERE nominations.status != 'accepted'
        RETURNING {_NOMINATION}
        """,
        (election_id, member_id, display_name, nominated_by, to_db(now)),
    ) as cur:
        row = await cur.fetchone()
    if row is None:  # already accepted: unchanged
        found = await nomination_of(conn, election_id, member_id)
        assert found is not None
        return found
    return _nomination(row)


async def nomination_of(
    conn: aiosqlite.Connection, election_id: int, member_id: int
) -> Nomination | None:
    """The nomination of one person to one election."""
    async with conn.execute(
        f"SELECT {_NOMINATION} FROM nominations WHERE election_id = ? AND member_id = ?",
        (election_id, member_id),
    ) as cur:
        row = await cur.fetchone()
    return _nomination(row) if row else None


async def nomination_by_id(conn: aiosqlite.Connection, nomination_id: int) -> Nomination | None:
    """A nomination by its row id (the accept/decline buttons carry it)."""
    async with conn.execute(
        f"SELECT {_NOMINATION} FROM nominations WHERE id = ?", (nomination_id,)
    ) as cur:
        row = await cur.fetchone()
    return _nomination(row) if row else None


async def answer_nomination(
    conn: aiosqlite.Connection, nomination_id: int, status: NominationStatus, now: datetime
) -> None:
    """Record the nominee's answer."""
    await conn.execute(
        "UPDATE nominations SET status = ?, answered_at = ? WHERE id = ?",
        (status.value, to_db(now), nomination_id),
    )


async def nominations(conn: aiosqlite.Connection, election_id: int) -> list[Nomination]:
    """An election's nominations in the order they were made."""
    async with conn.execute(
        f"SELECT {_NOMINATION} FROM nominations WHERE election_id = ? ORDER BY id", (election_id,)
    ) as cur:
        return [_nomination(row) for row in await cur.fetchall()]


# ---------------------------------------------------------------- rounds


async def open_round(
    conn: aiosqlite.Connection,
    *,
    election_id: int,
    number: int,
    seats: int,
    majority: ElectionMajority,
    candidates: Sequence[int],
    deadline_at: datetime | None,
    now: datetime,
) -> ElectionRound:
    """Open a round with frozen candidates and an empty ballot box."""
    async with conn.execute(
        f"""
        INSERT INTO election_rounds (election_id, number, seats, majority, candidates_json,
                                     deadline_at, opened_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        RETURNING {_ROUND}
        """,
        (
            election_id,
            number,
            seats,
            majority.value,
            json.dumps(list(candidates)),
            to_db(deadline_at) if deadline_at else None,
            to_db(now),
        ),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    await conn.execute("INSERT INTO ballot_boxes (round_id) VALUES (?)", (row["id"],))
    return _round(row)


async def rounds(conn: aiosqlite.Connection, election_id: int) -> list[ElectionRound]:
    """An election's rounds in order."""
    async with conn.execute(
        f"SELECT {_ROUND} FROM election_rounds WHERE election_id = ? ORDER BY number",
        (election_id,),
    ) as cur:
        return [_round(row) for row in await cur.fetchall()]


async def round_by_id(conn: aiosqlite.Connection, round_id: int) -> ElectionRound | None:
    """A round by its row id (the ballot buttons carry it)."""
    async with conn.execute(
        f"SELECT {_ROUND} FROM election_rounds WHERE id = ?", (round_id,)
    ) as cur:
        row = await cur.fetchone()
    return _round(row) if row else None


async def set_round_message(conn: aiosqlite.Connection, round_id: int, message_id: int) -> None:
    """Remember the round's message (with the Rösta button)."""
    await conn.execute(
        "UPDATE election_rounds SET message_id = ? WHERE id = ?", (message_id, round_id)
    )


async def close_round(
    conn: aiosqlite.Connection,
    round_id: int,
    *,
    result: RoundResult,
    closed_by: int | None,
    now: datetime,
) -> None:
    """Close a round with its count."""
    await conn.execute(
        "UPDATE election_rounds SET status = 'closed', closed_at = ?, closed_by = ?, "
        "result_json = ? WHERE id = ? AND status = 'open'",
        (to_db(now), closed_by, result.model_dump_json(), round_id),
    )


async def due_rounds(conn: aiosqlite.Connection, now: datetime) -> list[tuple[int, int]]:
    """(guild_id, round_id) of open rounds whose deadline has passed, earliest first."""
    async with conn.execute(
        """
        SELECT e.guild_id, r.id FROM election_rounds r JOIN elections e ON e.id = r.election_id
        WHERE r.status = 'open' AND r.deadline_at IS NOT NULL AND r.deadline_at <= ?
        ORDER BY r.deadline_at
        """,
        (to_db(now),),
    ) as cur:
        return [(row[0], row[1]) for row in await cur.fetchall()]


async def next_deadline(conn: aiosqlite.Connection) -> datetime | None:
    """The earliest deadline of any open round."""
    async with conn.execute(
        "SELECT min(deadline_at) FROM election_rounds WHERE status = 'open'"
    ) as cur:
        row = await cur.fetchone()
    return from_db(row[0]) if row and row[0] else None


# ---------------------------------------------------------------- voters and ballots


async def voters(conn: aiosqlite.Connection, round_id: int) -> list[int]:
    """Who has voted in a round (member ids, sorted)."""
    async with conn.execute(
        "SELECT member_id FROM election_voters WHERE round_id = ? ORDER BY member_id", (round_id,)
    ) as cur:
        return [row[0] for row in await cur.fetchall()]


async def cast_ballot(
    conn: aiosqlite.Connection,
    round_id: int,
    *,
    member_id: int,
    ballot: Sequence[int],
    receipt: str,
) -> bool:
    """Record that `member_id` voted and put `ballot` in the box; False if they already had.

    Call inside one transaction. The ballot and the receipt go into lists sorted by
    content, so neither their place nor anything else tells which arrived when.
    """
    async with conn.execute(
        "INSERT INTO election_voters (round_id, member_id) VALUES (?, ?) "
        "ON CONFLICT DO NOTHING RETURNING member_id",
        (round_id, member_id),
    ) as cur:
        inserted = await cur.fetchone()
    if inserted is None:
        return False
    box = await _box(conn, round_id)
    ballots = canonical_ballots([*box[0], list(ballot)])
    receipts = sorted([*box[1], receipt])
    await conn.execute(
        "UPDATE ballot_boxes SET ballots_json = ?, receipts_json = ? WHERE round_id = ?",
        (json.dumps(ballots, separators=(",", ":")), json.dumps(receipts), round_id),
    )
    return True


async def _box(conn: aiosqlite.Connection, round_id: int) -> tuple[list[list[int]], list[str]]:
    async with conn.execute(
        "SELECT ballots_json, receipts_json FROM ballot_boxes WHERE round_id = ?", (round_id,)
    ) as cur:
        row = await cur.fetchone()
    assert row is not None, "every round has a ballot box"
    return json.loads(row[0]), json.loads(row[1])


async def ballots(conn: aiosqlite.Connection, round_id: int) -> list[list[int]]:
    """The round's ballots (candidate indices, [] = blank), sorted by content."""
    return (await _box(conn, round_id))[0]


async def receipts(conn: aiosqlite.Connection, round_id: int) -> list[str]:
    """The round's receipt codes, sorted."""
    return (await _box(conn, round_id))[1]
