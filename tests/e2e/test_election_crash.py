"""No ballot is lost or counted twice when the bot process is killed in the middle of an election.

The real bot runs in its own process (tests/support/bot_process.py) against the fake Discord.
Voters cast ballots through the Rösta button and the select. The process is SIGKILLed
the moment the bot answers one voter's "Lägg rösten" (so the ballot is committed but the
bot dies before it does anything else), while another voter has a filled-in ballot open.
After a restart the first voter's second attempt is refused, the other casts the ballot
they had open, and the count holds every ballot exactly once.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from db import elections
from db.connection import Database
from tests.support.bot_process import start_bot_process
from tests.support.e2e import build_world, setup_group
from tests.support.elections import (
    NINE,
    Ballot,
    assert_nothing_links_voters_to_ballots,
    choose,
    create_election,
    create_meeting,
    nominate,
    open_ballot,
    press_cast,
    round_message,
    vote,
    vote_button,
)
from tests.support.fakediscord import FakeDiscord

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def test_no_ballot_is_lost_or_duplicated_when_the_bot_is_killed_mid_election(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake = fake_discord
    world = await build_world(fake, NINE)
    db_path = tmp_path / "yrka.sqlite3"
    process = await start_bot_process(fake, db_path)
    try:
        await setup_group(world)
        await create_meeting(world)
        await create_election(world, title="Gruppledare", seats=2)
        anna, bertil, cecilia, david = world.members[:4]
        await nominate(world, world.chair, anna, accept=True)
        await nominate(world, anna, bertil, accept=True)
        await nominate(world, bertil, cecilia, accept=True)
        await nominate(world, david, david, accept=False)
        opened = await fake.run_command(
            world.chair, world.channel, "election open", {"election": 1}
        )
        await opened.followups(1)
        message = await round_message(world, 1)

        values = [["0", "1"], ["2"], ["blank"], ["0"], ["1", "2"], ["0", "2"], ["1"], ["0"], ["2"]]
        ballots = [
            Ballot(voter, chosen) for voter, chosen in zip(world.voters, values, strict=True)
        ]
        receipts: dict[int, str] = {}
        for ballot in ballots[:3]:
            receipts[ballot.voter.id] = await vote(world, ballot, message)

        # Voter 5 fills in a ballot and leaves it open; voter 4's cast kills the bot.
        open_form = await open_ballot(world, ballots[4].voter, message)
        await choose(world, ballots[4].voter, open_form, ballots[4].values)

        async def kill() -> None:
            process.send_signal(signal.SIGKILL)
            await process.wait()

        doomed_form = await open_ballot(world, ballots[3].voter, message)
        await choose(world, ballots[3].voter, doomed_form, ballots[3].values)
        # The bot answers "Lägg rösten" only after the ballot is committed: die right there.
        hook = fake.on_request("POST", r"/interactions/\d+/[^/]+/callback$", kill)
        receipts[ballots[3].voter.id] = await press_cast(world, ballots[3].voter, doomed_form)
        assert hook.fired == 1 and process.returncode is not None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == -signal.SIGKILL
    db = await Database.open(db_path)
    try:
        async with db.read() as conn:
            [round_] = await elections.rounds(conn, 1)
            recorded = await elections.voters(conn, round_.id)
    finally:
        await db.close()
    assert recorded == sorted(b.voter.id for b in ballots[:4]), "the committed ballot survives"

    process = await start_bot_process(fake, db_path)
    try:
        # The ballot filled in before the kill is cast after the restart.
        receipts[ballots[4].voter.id] = await press_cast(world, ballots[4].voter, open_form)
        for ballot in ballots[5:]:
            receipts[ballot.voter.id] = await vote(world, ballot, message)
        # The voter whose cast killed the bot tries again: refused, not counted twice.
        again = await fake.click_button(ballots[3].voter, message, vote_button(message))
        assert "redan röstat" in (await again.response()).content
        closing = await fake.run_command(
            world.chair, world.channel, "election close", {"election": 1}
        )
        await closing.followups(1)
        result = await fake.wait_for(lambda m: "resultat, omgång 1" in m.content)
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()

    assert "Lagda röster: 9 av 9" in result.content
    assert "Röster: Anna 4, Cecilia 4, Bertil 3, blanka 1" in result.content
    for code in receipts.values():
        assert code in result.content
    cast_order = [[] if b.values == ["blank"] else [int(v) for v in b.values] for b in ballots]
    assert_nothing_links_voters_to_ballots(
        db_path, cast_order, [receipts[b.voter.id] for b in ballots]
    )
