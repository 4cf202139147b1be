"""The fake checks the bot's requests against Discord's OpenAPI description and command rules."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands

from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.schema import (
    FOLLOWUP_AFTER_THINKING,
    check_command,
    check_command_sync,
    spec,
    validate_request,
)

ROUTE = "PUT /applications/{application_id}/commands"
ROOT = Path(__file__).resolve().parents[2]


def command(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "motion",
        "description": "Motioner",
        "name_localizations": {"sv-SE": "motion"},
        "description_localizations": {"sv-SE": "Motioner"},
        "type": 1,
        "options": [
            {"type": 4, "name": "meeting", "description": "Sammanträde", "required": True},
            {
                "type": 3,
                "name": "language",
                "description": "Språk",
                "choices": [{"name": "svenska", "value": "sv"}],
            },
        ],
    }
    return base | changes


def rules_of(found: list[Any]) -> list[tuple[str, str]]:
    return [(v.field, v.rule) for v in found]


def test_a_good_command_passes() -> None:
    assert check_command(ROUTE, command()) == []


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"name": "x" * 33}, "name", "name: 1-32 characters"),
        (
            {"name_localizations": {"sv-SE": "Motion"}},
            "name_localizations.sv-SE",
            "name: lower case",
        ),
        ({"name_localizations": {"sv-SE": "två ord"}}, "name_localizations.sv-SE", "pattern"),
        ({"description": ""}, "description", "description: 1-100 characters"),
        (
            {"description_localizations": {"sv-SE": "x" * 101}},
            "description_localizations.sv-SE",
            "description: 1-100 characters",
        ),
        (
            {"options": [{"type": 5, "name": f"o{i}", "description": "d"} for i in range(26)]},
            ".options",
            "at most 25 options",
        ),
        (
            {
                "options": [
                    {"type": 5, "name": "a", "description": "d"},
                    {"type": 5, "name": "b", "description": "d", "required": True},
                ]
            },
            "options[1]",
            "required options before optional ones",
        ),
        (
            {
                "options": [
                    {
                        "type": 3,
                        "name": "a",
                        "description": "d",
                        "choices": [{"name": "x" * 101, "value": "x"}],
                    }
                ]
            },
            "options[0].choices[0].name",
            "choice name: 1-100 characters",
        ),
        (
            {
                "options": [
                    {
                        "type": 3,
                        "name": "a",
                        "description": "d",
                        "choices": [{"name": str(i), "value": str(i)} for i in range(26)],
                    }
                ]
            },
            "options[0].choices",
            "at most 25 choices",
        ),
    ],
)
def test_command_rules_name_the_field_and_the_rule(
    changes: dict[str, Any], field: str, rule: str
) -> None:
    found = check_command(ROUTE, command(**changes))
    assert any(f.endswith(field) and rule in r for f, r in rules_of(found)), rules_of(found)


def test_swedish_letters_and_subcommands_are_fine() -> None:
    sub = {
        "type": 1,
        "name": "röstning",
        "description": "d",
        "name_localizations": {"sv-SE": "ärende"},
        "options": [{"type": 3, "name": "åtgärd", "description": "d", "required": True}],
    }
    assert check_command_sync(ROUTE, [command(options=[sub])]) == []


def test_request_bodies_are_validated_against_the_openapi_description() -> None:
    assert validate_request("POST", "/channels/1/messages", {"content": "hej", "tts": False}) == []
    [violation] = validate_request("POST", "/channels/1/messages", {"content": "x", "embeds": "no"})
    assert violation.route == "POST /channels/{channel_id}/messages"
    assert violation.field == "embeds" and "type" in violation.rule
    # Where the description is stricter than Discord (its README), integers are accepted.
    mentions = {"content": "x", "allowed_mentions": {"parse": [], "roles": [123]}}
    assert validate_request("POST", "/channels/1/messages", mentions) == []


def test_a_component_is_checked_against_the_kind_its_type_names() -> None:
    button = {"type": 2, "style": 1, "label": "x" * 81, "custom_id": "a"}
    body = {"content": "x", "components": [{"type": 1, "components": [button]}]}
    [violation] = validate_request("POST", "/channels/1/messages", body)
    assert (violation.field, violation.rule) == (
        "components[0].components[0].label",
        "maxLength 80",
    )
    button["label"] = "Publicera"
    assert validate_request("POST", "/channels/1/messages", body) == []
    button["type"] = 99  # no such component: no alternative fits
    [violation] = validate_request("POST", "/channels/1/messages", body)
    assert violation.rule.startswith("oneOf") and violation.field == "components[0].components[0]"


def test_compiled_validators_are_cached_and_fast() -> None:
    body = {"content": "hej", "embeds": [{"title": "t", "description": "d"}]}
    validate_request("POST", "/channels/1/messages", body)
    started = time.process_time()  # CPU time: the bound is on the work, not the machine's load
    for _ in range(200):
        validate_request("POST", "/channels/1/messages", body)
    per_call_ms = (time.process_time() - started) * 1000 / 200
    assert per_call_ms < 5, per_call_ms
    assert len(spec().operations) > 100


def test_a_repeated_body_is_judged_from_memory_with_the_same_verdict() -> None:
    tree = [command(name=f"kommando{i}") for i in range(9)]
    validate_request("PUT", "/applications/1/commands", tree)
    started = time.process_time()  # CPU time: the bound is on the work, not the machine's load
    assert validate_request("PUT", "/applications/1/commands", tree) == []
    assert (time.process_time() - started) * 1000 < 20
    bad = {"content": "x", "embeds": "no"}
    first, again = (validate_request("POST", "/channels/1/messages", bad) for _ in range(2))
    assert first == again and len(first) == 1 and first[0] is not again[0]


class _Translator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: Any
    ) -> str | None:
        return (
            "Status Nu" if locale is discord.Locale.swedish and string.message == "status" else None
        )


class BadNameClient(discord.Client):
    """Syncs one command whose Swedish name breaks Discord's rules."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.none())
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(name="status", description="Hur det står")
        async def status(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("ok")

    async def setup_hook(self) -> None:
        await self.tree.set_translator(_Translator())
        try:
            await self.tree.sync()
        except discord.HTTPException as error:
            self.sync_error = error


async def test_a_bad_localised_name_fails_the_sync_naming_route_field_and_rule(
    fake_discord: FakeDiscord,
) -> None:
    client = BadNameClient()
    async with fake_discord.running(client):
        pass
    assert client.sync_error.status == 400  # Discord refuses the whole sync
    found = list(fake_discord.schema_violations)
    assert found, "the bad name was not flagged"
    assert {v.route for v in found} == {ROUTE}
    assert {v.field for v in found} == {"[0].name_localizations.sv-SE"}
    assert sorted(v.rule.split(":")[1].split()[0] for v in found) == ["Discord's", "lower"]
    with pytest.raises(AssertionError, match="name_localizations"):
        fake_discord.assert_schema_clean()
    assert fake_discord.take_violations() == found  # seen: this test does not fail


class OldPatternsClient(discord.Client):
    """Answers a thinking defer with a follow-up and shows a modal with a labelled input."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.none())
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(name="think", description="d")
        async def think(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("svar")

        @self.tree.command(name="ask", description="d")
        async def ask(interaction: discord.Interaction) -> None:
            modal = discord.ui.Modal(title="Fråga")
            modal.add_item(discord.ui.TextInput(label="Varför?", custom_id="why"))
            await interaction.response.send_modal(modal)

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def test_deprecated_patterns_are_flagged(fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    anna = await fake.add_member("Anna")
    channel = await fake.add_text_channel("gruppen")
    async with fake.running(OldPatternsClient()):
        await (await fake.run_command(anna, channel, "think")).followups(1)
        await (await fake.run_command(anna, channel, "ask")).response()
    rules = [v.rule for v in fake.take_violations()]
    assert rules[0] == FOLLOWUP_AFTER_THINKING
    assert "Label component" in rules[1]
    assert len(rules) == 2


def test_a_long_choice_value_and_a_long_command_fail() -> None:
    long_value = command(
        options=[
            {
                "type": 3,
                "name": "a",
                "description": "d",
                "choices": [{"name": "x", "value": "v" * 101}],
            }
        ]
    )
    assert ("options[0].choices[0].value", "choice value: at most 100 characters") in rules_of(
        check_command(ROUTE, long_value)
    )
    choices = [{"name": "c" * 20, "value": "v" * 20} for _ in range(10)]
    options = [
        {"type": 3, "name": f"o{i}", "description": "d" * 100, "choices": choices}
        for i in range(25)
    ]
    huge = command(options=options)
    found = rules_of(check_command(ROUTE, huge))
    assert ("(command)", "at most 4000 characters in total") in found, found


def test_a_localised_name_of_33_characters_fails() -> None:
    found = check_command(ROUTE, command(name_localizations={"sv-SE": "å" * 33}))
    assert rules_of(found) == [("name_localizations.sv-SE", "name: 1-32 characters")]


def test_a_body_of_the_wrong_shape_fails_naming_route_field_and_rule() -> None:
    [violation] = validate_request(
        "PATCH", "/channels/1/messages/2", {"content": "x", "flags": "many"}
    )
    assert violation.route == "PATCH /channels/{channel_id}/messages/{message_id}"
    assert violation.field == "flags" and violation.rule.startswith("type")
    assert "flags" in str(violation) and "PATCH" in str(violation)


SELFTEST = "YRKA_SCHEMA_SELFTEST"


async def test_selftest_sends_a_bad_command_name(fake_discord: FakeDiscord) -> None:
    """Run only by the test below, in a pytest of its own: syncs a bad name, claims nothing."""
    if not os.environ.get(SELFTEST):
        pytest.skip("run by test_a_violation_fails_the_test_that_caused_it")
    async with fake_discord.running(BadNameClient()):
        pass


def test_a_violation_fails_the_test_that_caused_it() -> None:
    node = f"{Path(__file__).relative_to(ROOT)}::test_selftest_sends_a_bad_command_name"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", node],
        cwd=ROOT,
        env={**os.environ, SELFTEST: "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = run.stdout
    assert run.returncode == 1, out
    assert "1 failed" in out and "error" not in out.splitlines()[-1], out
    assert f"FAILED {node}" in out, out
    assert "PUT /applications/{application_id}/commands" in out  # the route
    assert "field [0].name_localizations.sv-SE" in out  # the field
    assert "name: lower case" in out  # the rule
