"""Acting out a personval on the fake Discord: nominate, answer, vote with button + select.

Shared by the election e2e tests and the crash test; everything goes through what a
person does in Discord (slash commands, buttons, the select menu).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.e2e_support import World
from tests.fakediscord import FakeMember, FakeMessage
from tests.fakediscord.people import UPDATE_MESSAGE

RECEIPT = re.compile(r"\*\*([A-Z2-9]{4}-[A-Z2-9]{4})\*\*")
NINE = ("Anna", "Bertil", "Cecilia", "David", "Eva", "Fredrik", "Gun")


@dataclass
class Ballot:
    """What one member does: the select values (candidate indices or "blank")."""

    voter: FakeMember
    values: list[str]


async def create_meeting(world: World) -> None:
    """Meeting 1, via /meeting create."""
    ix = await world.fake.run_command(
        world.chair, world.channel, "meeting create", {"title": "Gruppmöte", "date": "2026-12-20"}
    )
    assert "är skapat" in (await ix.response()).content


async def create_election(world: World, **options: object) -> str:
    """/election create on meeting 1; returns the chair's answer."""
    ix = await world.fake.run_command(
        world.chair, world.channel, "election create", {"meeting": 1, **options}
    )
    (reply,) = await ix.followups(1)
    return reply.content


async def nominate(world: World, by: FakeMember, nominee: FakeMember, accept: bool) -> None:
    """`by` nominates `nominee`, who answers with the button."""
    ix = await world.fake.run_command(
        by, world.channel, "election nominate", {"election": 1, "member": nominee}
    )
    ask = await ix.response()
    assert ask.message is not None and not ask.ephemeral
    assert f"<@{nominee.id}>" in ask.content
    button = next(
        c for c in ask.message.custom_ids() if c.endswith(":accept" if accept else ":decline")
    )
    answered = await world.fake.click_button(nominee, ask.message, button)
    reply = await answered.response()
    assert reply.type == UPDATE_MESSAGE
    assert ("accepterat" if accept else "avböjt") in ask.message.content


async def round_message(world: World, round_number: int) -> FakeMessage:
    """The message with the Rösta button of a round."""
    return await world.fake.wait_for(
        lambda m: (
            f"omgång {round_number}**" in m.content
            and any(c.startswith("yrka:vote:") for c in m.custom_ids())
        )
    )


def vote_button(message: FakeMessage) -> str:
    """The Rösta button's custom id."""
    return next(c for c in message.custom_ids() if c.startswith("yrka:vote:"))


async def open_ballot(world: World, voter: FakeMember, message: FakeMessage) -> FakeMessage:
    """Rösta: the ephemeral ballot (select menu) only the voter sees."""
    ix = await world.fake.click_button(voter, message, vote_button(message))
    reply = await ix.response()
    assert reply.ephemeral, reply.content
    assert reply.message is not None and reply.components, reply.content
    return reply.message


async def choose(world: World, voter: FakeMember, ballot: FakeMessage, values: list[str]) -> str:
    """Pick in the select; returns the text the voter sees."""
    select = next(c for c in ballot.custom_ids() if c.endswith(":pick"))
    ix = await world.fake.choose(voter, ballot, select, values)
    reply = await ix.response()
    return reply.content if reply.type != UPDATE_MESSAGE else ballot.content


async def press_cast(world: World, voter: FakeMember, ballot: FakeMessage) -> str:
    """Lägg rösten; returns the receipt code shown (once)."""
    cast = next(c for c in ballot.custom_ids() if ":cast:" in c)
    ix = await world.fake.click_button(voter, ballot, cast)
    reply = await ix.response()
    assert reply.type == UPDATE_MESSAGE, reply.content
    found = RECEIPT.search(ballot.content)
    assert found is not None, ballot.content
    assert ballot.custom_ids() == [], "the ballot is gone once cast"
    return found[1]


async def vote(world: World, ballot: Ballot, message: FakeMessage) -> str:
    """The whole path: Rösta, select, Lägg rösten; returns the receipt."""
    form = await open_ballot(world, ballot.voter, message)
    await choose(world, ballot.voter, form, ballot.values)
    return await press_cast(world, ballot.voter, form)
