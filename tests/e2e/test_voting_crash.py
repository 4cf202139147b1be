"""No vote is lost when the bot process is killed right after a reaction was handled.

The real bot runs in its own process (tests/support/bot_process.py) against the fake Discord.
A member switches ❌ -> ✅; the bot's first Discord call after recording the switch is
removing the ❌. The test SIGKILLs the process the moment that call reaches the fake,
before any tally edit, and then reads the database file: both votes must be there.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.domain.models import EMOJI_BY_CHOICE, Choice, DocumentKind, ItemStatus, Language
from db import audit, items, votes
from db.connection import Database
from tests.support.bot_process import at_work, start_bot_process
from tests.support.e2e import START, build_world, eventually, seed_group_and_meeting
from tests.support.fakediscord import FakeDiscord

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
YES, NO = EMOJI_BY_CHOICE[Choice.BIFALL], EMOJI_BY_CHOICE[Choice.AVSLAG]


async def test_vote_survives_kill_right_after_the_reaction_was_handled(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake = fake_discord
    world = await build_world(fake)
    db_path = tmp_path / "yrka.sqlite3"
    vote_message = await fake.send_message(fake.bot_user, world.channel, "Att-sats 1 av 1")
    db = await Database.open(db_path)
    async with db.transaction() as conn:
        meeting = await seed_group_and_meeting(conn, world, now=START, title="Fullmäktige")
        item = await items.create_item(
            conn,
            guild_id=world.guild.id,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion",
            body="…",
            signatories=[],
            language=Language.SV,
            source_name="",
            yrkanden=["att göra något"],
            status=ItemStatus.OPEN,
            created_by=world.chair.id,
            now=START,
        )
        await items.set_messages(
            conn, item.id, channel_id=world.channel.id, message_id=vote_message.id, thread_id=None
        )
        await items.set_vote_message(conn, item.yrkanden[0].id, vote_message.id)
    await db.close()

    process = await start_bot_process(fake, db_path)
    try:
        # Start-up reconciliation renders the vote message once from the record.
        await eventually(
            lambda: "har inte röstat" in vote_message.content,
            "the start-up render",
            progress=at_work(process, fake),
        )
        edits_before = len(fake.calls("PATCH", rf"/messages/{vote_message.id}$"))
        anna = world.members[0]
        await fake.add_reaction(anna, vote_message, NO)
        await fake.add_reaction(anna, vote_message, YES)
        # The first Discord call after recording the switch: the bot removes Anna's ❌.
        await eventually(
            lambda: fake.calls("DELETE", rf"/messages/{vote_message.id}/reactions/.+/{anna.id}"),
            "the bot removes the replaced reaction",
            interval=0.001,  # kill as soon as the removal was asked for
        )
        process.send_signal(signal.SIGKILL)
        await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    edits_after = len(fake.calls("PATCH", rf"/messages/{vote_message.id}$"))
    assert edits_after == edits_before, "killed before the tally edit"
    db = await Database.open(db_path)
    try:
        async with db.read() as conn:
            events = await votes.events_for(conn, item.yrkanden[0].id)
            entries = await audit.entries(conn, world.guild.id)
    finally:
        await db.close()
    assert [(e.member_id, e.choice) for e in events] == [
        (anna.id, Choice.AVSLAG),
        (anna.id, Choice.BIFALL),
    ]
    assert [e.payload["choice"] for e in entries if e.action == "vote"] == ["avslag", "bifall"]
