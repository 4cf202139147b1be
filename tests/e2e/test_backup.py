"""Backing up while the bot runs (README: `sqlite3 data/yrka.sqlite3 ".backup …"`).

The online backup API copies pages while the bot keeps writing in WAL mode: the copy is a
consistent database at one moment, with every vote committed before that moment and an
intact audit chain, and the bot goes on recording votes during and after it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.app import YrkaBot
from bot.domain.access import Actor
from bot.domain.models import EMOJI_BY_CHOICE, Choice
from bot.services import exports, voting
from db.connection import Database, migration_files
from tests.support.e2e import BotRunner, World, publish_item, settled

pytestmark = pytest.mark.e2e

YES, NO = EMOJI_BY_CHOICE[Choice.BIFALL], EMOJI_BY_CHOICE[Choice.AVSLAG]


def backup(source: Path, target: Path) -> None:
    """What the sqlite3 shell's .backup does, a few pages per step so writes interleave."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=2, sleep=0.001)


async def test_backup_while_votes_are_recorded_is_consistent_and_the_bot_goes_on(
    running_bot: YrkaBot, world: World, bot_runner: BotRunner, tmp_path: Path
) -> None:
    fake, bot = world.fake, running_bot
    published = await publish_item(bot, world, ("att införa nattbussar", "att sänka taxan"))
    first, second = published.vote_messages
    for member in world.voters[:4]:
        await fake.add_reaction(member, first, YES)
    await settled(bot, fake)
    before = await voting.current_votes_of(bot.db, published.yrkande_ids[0])
    assert len(before) == 4

    target = tmp_path / "backup.sqlite3"
    copying = asyncio.create_task(asyncio.to_thread(backup, bot_runner.db_path, target))
    for member in world.voters:  # votes keep coming while the pages are copied
        await fake.add_reaction(member, second, NO)
    await copying
    await settled(bot, fake)
    assert len(await voting.current_votes_of(bot.db, published.yrkande_ids[1])) == 8

    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA user_version").fetchone() == (len(migration_files()),)
    restored = await Database.open(target)
    try:
        assert await voting.current_votes_of(restored, published.yrkande_ids[0]) == before
        copied = await voting.current_votes_of(restored, published.yrkande_ids[1])
        assert set(copied) <= {m.id for m in world.voters}  # a prefix of the burst, no more
        chain = await exports.verify_audit(
            restored,
            guild_id=world.guild.id,
            actor=Actor(user_id=world.chair.id, role_ids=frozenset({world.chair_role.id})),
        )
        assert chain.ok, chain
    finally:
        await restored.close()
