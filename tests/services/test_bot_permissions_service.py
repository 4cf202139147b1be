"""Remembering what the bot lacks in a group's channel (told once per gap), and at start-up
no write for a group where nothing changed (2,500 groups: 2,500 transactions otherwise)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from bot.domain.bot_permissions import BotPermission
from bot.services.bot_permissions import note_missing
from db.connection import Database

GUILD = 4242


async def test_a_gap_is_told_once_and_an_unchanged_one_costs_no_write(db: Database) -> None:
    writes = 0
    transaction = db.transaction

    @asynccontextmanager
    async def counted() -> AsyncIterator[aiosqlite.Connection]:
        nonlocal writes
        writes += 1
        async with transaction() as conn:
            yield conn

    db.transaction = counted  # type: ignore[method-assign]
    lost = list(BotPermission)[:2]
    assert await note_missing(db, GUILD, []) is False
    assert writes == 0, "nothing missing, nothing stored: no write"
    assert await note_missing(db, GUILD, lost) is True
    assert writes == 1
    # Start-up after start-up: the same gap, already told: read only.
    for _ in range(3):
        assert await note_missing(db, GUILD, lost) is False
    assert writes == 1
    assert await note_missing(db, GUILD, lost[:1]) is False  # one came back: stored
    assert writes == 2
    assert await note_missing(db, GUILD, lost) is True  # lost again: told again
    assert await note_missing(db, GUILD, []) is False  # all back: memory cleared
    assert await note_missing(db, GUILD, []) is False
    assert writes == 4
