"""Hostile motion text over the real bot: mentions in a motion never ping anyone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import YrkaBot
from db import meetings
from tests.support.e2e import START, World
from tests.support.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e


async def test_everyone_and_role_mentions_in_motion_text_never_ping(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord
) -> None:
    async with running_bot.db.transaction() as conn:
        await meetings.create(
            conn,
            guild_id=world.guild.id,
            title="Kommunfullmäktige",
            starts_at=START + timedelta(days=10),
            deadline_at=START + timedelta(days=9),
            created_by=world.chair.id,
            now=START,
        )
    text = (
        f"Motion om @everyone och <@&{world.member_role.id}> **fetstil**\n\n"
        "Jag yrkar att @everyone och @here får läsa <@1234> och ||spoiler|| i protokollet.\n\n"
        "Anna Svensson (V)"
    )
    post = await fake_discord.run_command(
        world.chair, world.channel, "motion post", {"meeting": 1, "text": text}
    )
    await post.response(timeout=10)
    [preview] = await post.followups(1, timeout=10)
    [publish] = [cid for cid in preview.custom_ids() if cid.endswith(":publish")]
    click = await fake_discord.click_button(world.chair, preview, publish)
    await click.original_edited(timeout=10)

    posts = fake_discord.calls("POST", r"/channels/\d+/messages$")
    assert len(posts) >= 2  # the motion embed and its vote message
    # Edits never notify anyone on Discord; new messages are what could ping.
    for request in posts:
        body = request.json or {}
        assert body.get("allowed_mentions", {}).get("parse") == [], body
        assert not body.get("allowed_mentions", {}).get("users")
        assert not body.get("allowed_mentions", {}).get("roles")


async def test_unexpected_error_gets_a_reply_with_an_error_id_and_changes_nothing(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord
) -> None:
    # A fault no rule foresees: the database refuses to store meetings (a temporary trigger
    # on the bot's own connection), so /meeting create fails inside the service.
    async with running_bot.db.transaction() as conn:
        await conn.execute(
            "CREATE TEMP TRIGGER refuse_meetings BEFORE INSERT ON meetings "
            "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
        )
    interaction = await fake_discord.run_command(
        world.chair, world.channel, "meeting create", {"title": "Extra", "date": "2026-12-20"}
    )
    reply = await interaction.response()
    assert reply.ephemeral
    assert "Något gick fel hos Yrka" in reply.content and "felkod" in reply.content
    async with running_bot.db.read() as conn:
        assert await meetings.list_for_group(conn, world.guild.id) == []
