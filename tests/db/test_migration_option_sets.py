"""Migration 0008 (option sets) keeps every vote and removal, their seq, and append-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import items, votes
from db.connection import Database, _split_sql, migration_files


def _at_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    for number, _, sql in migration_files():
        if number > version:
            break
        for statement in _split_sql(sql):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version={version:d}")
    conn.executescript(
        "INSERT INTO groups (guild_id, created_at, updated_at) VALUES (1, '2026-11-29T00:00:00+00:00', '2026-11-29T00:00:00+00:00');"
        "INSERT INTO meetings (id, guild_id, number, title, starts_at, deadline_at, created_by,"
        " created_at) VALUES (1, 1, 1, 'KF', '2026-12-02T00:00:00+00:00',"
        " '2026-12-01T00:00:00+00:00', 1, '2026-11-29T00:00:00+00:00');"
        "INSERT INTO items (id, guild_id, meeting_id, number, kind, title, body, created_by,"
        " created_at) VALUES (1, 1, 1, 1, 'motion', 'M', 'b', 1, '2026-11-29T00:00:00+00:00');"
        "INSERT INTO yrkanden (id, item_id, number, text, vote_message_id) VALUES (1, 1, 1, 'att', 90);"
        "INSERT INTO vote_events (seq, yrkande_id, member_id, choice, at, source) VALUES"
        " (5, 1, 10, 'bifall', '2026-11-30T10:00:00+00:00', 'reaction'),"
        " (9, 1, 10, 'avslag', '2026-11-30T10:01:00+00:00', 'reaction'),"
        " (12, 1, 11, NULL, '2026-11-30T10:02:00+00:00', 'reconcile');"
        "INSERT INTO reaction_removals (id, yrkande_id, member_id, choice, after_seq, at)"
        " VALUES (3, 1, 10, 'bifall', 9, '2026-11-29T00:00:00+00:00');"
    )
    conn.commit()
    conn.close()


async def test_existing_votes_survive_with_their_seq_and_stay_append_only(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    option_sets = next(n for n, name, _ in migration_files() if name.endswith("_option_sets.sql"))
    _at_version(path, option_sets - 1)
    db = await Database.open(path)
    try:
        async with db.read() as conn:
            events = await votes.events_for(conn, 1)
            removals = await votes.removals_for(conn, 1)
            item = await items.by_id(conn, 1)
        assert [(e.seq, e.member_id, e.choice) for e in events] == [
            (5, 10, "bifall"),
            (9, 10, "avslag"),
            (12, 11, None),
        ]
        assert [(r.member_id, r.choice, r.after_seq) for r in removals] == [(10, "bifall", 9)]
        assert item is not None and item.yrkanden[0].option_set == "standard"
        for statement in ("UPDATE vote_events SET choice = '1'", "DELETE FROM vote_events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                async with db.transaction() as conn:
                    await conn.execute(statement)
        async with db.transaction() as conn:
            await votes.append_many(conn, [(1, 12, "2", events[0].at, events[0].source)])
            assert await votes.last_seq(conn) == 13  # numbering goes on after the kept seq
    finally:
        await db.close()
