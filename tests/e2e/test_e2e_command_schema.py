"""End to end: the bot's whole command tree, as synced, keeps Discord's rules in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.e2e import BotRunner, World
from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.schema import check_command_sync

pytestmark = pytest.mark.e2e

SWEDISH = "sv-SE"


def named_parts(entity: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every command, subcommand, option and choice: (where, the part, has a description)."""
    yield where, entity, "value" not in entity
    for index, option in enumerate(entity.get("options") or []):
        yield from named_parts(option, f"{where}.options[{index}]")
    for index, choice in enumerate(entity.get("choices") or []):
        yield from named_parts(choice, f"{where}.choices[{index}]")


async def test_every_command_passes_discords_rules_in_swedish_and_english(
    world: World, bot_runner: BotRunner, fake_discord: FakeDiscord
) -> None:
    bot = await bot_runner.start()
    [sync] = fake_discord.calls("PUT", r"/applications/\d+/commands$")
    body = sync.json
    assert isinstance(body, list) and len(body) == len(bot.tree.get_commands()) > 5
    route = "PUT /applications/{application_id}/commands"
    assert check_command_sync(route, body) == []
    # Both languages are really there to be checked: English as the names, Swedish as
    # localisations of every name and description at every level.
    missing = [
        f"{where}.{key}"
        for index, command in enumerate(body)
        for where, part, described in named_parts(command, f"[{index}]")
        for key in ("name_localizations", "description_localizations")[: 2 if described else 1]
        if not (part.get(key) or {}).get(SWEDISH)
    ]
    assert missing == [], missing
    assert fake_discord.schema_violations == []
