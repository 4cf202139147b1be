"""End to end over the fake Discord: a personval by secret ballot, from nomination to result.

Nine voters, two seats, four nominees (one declines); ballots via the Rösta button and the
select; a second ballot refused; the bot restarted mid-election; the round closed by the
scheduler at its deadline with a tie settled by a recorded lottning; an absolute-majority
election that needs a second round.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.domain.audit import verify_chain
from bot.domain.election import draw_order, lottery_seed
from bot.services import elections as election_service
from db import audit
from tests.e2e.test_e2e_attendance import command
from tests.support.e2e import BotRunner, World, build_world, settled, setup_group
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

pytestmark = pytest.mark.e2e

# START is 2026-11-26 12:00 UTC; 18:00 Stockholm the next day is 17:00 UTC.
DEADLINE = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
BALLOT_LOG_MARKERS = ("yrka:ballot", "ballot_boxes", "ballots_json", "election_voters")


async def nine_voters_and_nominees(world: World) -> None:
    """Anna, Bertil and Cecilia accept; David declines. Eva nominates herself... no: Anna does."""
    anna, bertil, cecilia, david = world.members[:4]
    await nominate(world, world.members[4], anna, accept=True)
    await nominate(world, anna, bertil, accept=True)
    await nominate(world, world.secretary, cecilia, accept=True)
    await nominate(world, david, david, accept=False)  # a member may nominate themself


async def test_personval_from_nomination_to_a_result_drawn_by_lot(
    fake_discord: FakeDiscord, bot_runner: BotRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = fake_discord
    world = await build_world(fake, NINE)
    assert len(world.voters) == 9
    bot = await bot_runner.start()
    await setup_group(world)
    await create_meeting(world)
    created = await create_election(
        world, title="Gruppledare", seats=2, deadline="2026-11-27 18:00"
    )
    assert "Val 1: Gruppledare är skapat" in created
    await nine_voters_and_nominees(world)
    # Eight edits of one message in a moment: Discord's edit bucket (5 per 5 s per channel)
    # holds the last ones back a few seconds, and they come as one (the latest state).
    election_message = await fake.wait_for(
        lambda m: m.content.startswith("**Val 1: Gruppledare**") and "David: avböjer" in m.content,
        timeout=10,
    )
    assert "Anna: accepterar" in election_message.content

    opened = await fake.run_command(world.chair, world.channel, "election open", {"election": 1})
    (reply,) = await opened.followups(1)
    assert "öppen med 3 kandidater" in reply.content
    message = await round_message(world, 1)
    assert "Kandidater: Anna, Bertil och Cecilia" in message.content
    assert "David" not in message.content

    # Anna 5, Bertil 4, Cecilia 4, one blank: the second seat is drawn between B and C.
    ballots = [
        Ballot(world.voters[0], ["0", "1"]),
        Ballot(world.voters[1], ["0", "1"]),
        Ballot(world.voters[2], ["0", "2"]),
        Ballot(world.voters[3], ["0", "2"]),
        Ballot(world.voters[4], ["0"]),
        Ballot(world.voters[5], ["1"]),
        Ballot(world.voters[6], ["2"]),
        Ballot(world.voters[7], ["blank"]),
        Ballot(world.voters[8], ["1", "2"]),
    ]
    receipts = {}
    for ballot in ballots[:4]:
        receipts[ballot.voter.id] = await vote(world, ballot, message)
    await fake.wait_for(lambda m: m.id == message.id and "Lagda röster: 4 av 9" in m.content)

    # A second ballot is refused politely, and changes nothing.
    again = await fake.click_button(world.voters[0], message, vote_button(message))
    refusal = await again.response()
    assert refusal.ephemeral and "redan röstat i val 1" in refusal.content

    # Blank and names together: refused before anything is cast.
    mixed = await open_ballot(world, world.voters[4], message)
    assert "Välj antingen kandidater eller Blankt" in await choose(
        world, world.voters[4], mixed, ["0", "blank"]
    )
    # Voter 5 fills in the ballot before the restart and casts it after.
    pending = await open_ballot(world, world.voters[4], message)
    await choose(world, world.voters[4], pending, ballots[4].values)
    assert "Du har valt: Anna" in pending.content

    bot = await bot_runner.restart()
    receipts[world.voters[4].id] = await press_cast(world, world.voters[4], pending)
    for ballot in ballots[5:]:
        receipts[ballot.voter.id] = await vote(world, ballot, message)
    await fake.wait_for(lambda m: m.id == message.id and "Lagda röster: 9 av 9" in m.content)
    assert len(set(receipts.values())) == 9

    status = await fake.run_command(
        world.secretary, world.channel, "election status", {"election": 1}
    )
    status_reply = await status.response()
    assert "9 av 9" in status_reply.content and "Har röstat:" in status_reply.content
    member_status = await fake.run_command(
        world.members[6], world.channel, "election status", {"election": 1}
    )
    assert "Har röstat" not in (await member_status.response()).content

    # The scheduler's own loop closes the round at the deadline, not a second before: the
    # test only moves the clock (the loop sleeps on it) and waits until the bot is idle.
    clock = bot_runner.clock
    assert isinstance(clock, FixedClock)
    clock.set(DEADLINE - timedelta(seconds=1))
    await settled(bot, fake)
    assert not any("resultat, omgång 1" in m.content for m in fake.messages_in(world.channel))
    assert not vote_button_gone(message)
    clock.set(DEADLINE)
    await settled(bot, fake)
    [result] = [m for m in fake.messages_in(world.channel) if "resultat, omgång 1" in m.content]
    text = result.content
    assert "Röster: Anna 5, " in text and "blanka 1" in text
    assert "Lagda röster: 9 av 9 röstberättigade, varav 8 giltiga." in text
    [election_row] = await election_service.elections_of_group(bot.db, world.guild.id)
    state = await election_service.election_state(bot.db, election_row.id)
    assert state is not None and state.rounds[0].result is not None
    assert state.rounds[0].closed_at == DEADLINE
    draw = state.rounds[0].result.lottery
    assert draw is not None and sorted(draw.tied) == sorted(
        [world.members[1].id, world.members[2].id]
    )
    winner = world.members[1] if draw.winners == [world.members[1].id] else world.members[2]
    assert f"Valda: Anna och {winner.name}" in text
    assert "lottning mellan" in text and draw.seed in text
    for code in receipts.values():
        assert code in text
    assert "Röstningen i den här omgången är stängd" in message.content
    assert vote_button_gone(message)

    # The draw is re-checkable from the audit log alone.
    async with bot.db.read() as conn:
        entries = await audit.entries(conn, world.guild.id)
    assert verify_chain(entries).ok
    close_entry = next(e for e in entries if e.action == "election.close")
    payload = close_entry.payload
    seed = lottery_seed(world.guild.id, 1, 1, payload["ballots_hash"], payload["audit_head"])
    assert seed == draw.seed and draw_order(seed, draw.tied) == draw.order
    assert [e.action for e in entries].count("election.ballot") == 9

    # The export lists exactly the receipt codes the members were shown, with the counts,
    # and nothing that says what any member chose.
    files = await export(world, "json")
    [data] = files.values()
    record = json.loads(data)
    [election] = record["elections"]
    [round_record] = election["rounds"]
    assert sorted(round_record["receipts"]) == sorted(receipts.values())
    assert [(c["name"], c["votes"]) for c in round_record["candidates"]][:1] == [("Anna", 5)]
    assert (round_record["blank"], round_record["cast"], round_record["eligible"]) == (1, 9, 9)
    assert round_record["lottery_seed"] == draw.seed
    election_json = json.dumps(election)
    assert not any(str(voter.id) in election_json for voter in world.voters)
    csv_files = await export(world, "csv")
    receipts_csv = next(d for name, d in csv_files.items() if name.endswith("-receipts.csv"))
    rows = list(csv.reader(io.StringIO(receipts_csv.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["val", "omgång", "kvittokod"]
    assert sorted(row[2] for row in rows[1:]) == sorted(receipts.values())
    [minutes] = (await export(world, "md")).values()
    paragraph = minutes.decode().split("§ 3 Val av Gruppledare", 1)[1]
    assert f"Till Gruppledare valdes Anna och {winner.name}." in paragraph
    assert "Röster: Anna 5, " in paragraph and "blanka 1 (9 av 9 röstade)" in paragraph
    assert f"Lottning mellan {draw_names(draw.tied, world)} föll på {winner.name}." in paragraph

    # The SQLite file, opened after the election, links no voter to a ballot.
    cast_order = [
        [] if ballot.values == ["blank"] else [int(v) for v in ballot.values] for ballot in ballots
    ]
    assert_nothing_links_voters_to_ballots(
        bot_runner.db_path, cast_order, [receipts[b.voter.id] for b in ballots]
    )

    # No log line, at any level, carries a ballot (the select's values, the cast button, the
    # SQL of the two election tables), so no line or pair of neighbouring lines pairs a voter
    # with a ballot; and our own loggers never name a voter.
    voter_ids = {str(v.id) for v in world.voters}
    lines = [(record.name, record.getMessage()) for record in caplog.records]
    assert any("WebSocket Event" in line for _, line in lines), "DEBUG was captured"
    for name, line in lines:
        assert not any(marker in line for marker in BALLOT_LOG_MARKERS), line
        if name.startswith(("bot", "cogs", "db")):
            assert not any(voter in line for voter in voter_ids), line


async def export(world: World, fmt: str) -> dict[str, bytes]:
    """/export of meeting 1 by the secretary: the attached files by name."""
    interaction = await world.fake.run_command(
        world.secretary, world.channel, "export", {"meeting": 1, "format": fmt}
    )
    [message] = await interaction.followups(1)
    return {f.filename: f.data for f in message.files}


def draw_names(ids: list[int], world: World) -> str:
    names = [next(m.name for m in world.members if m.id == i) for i in ids]
    return ", ".join(names[:-1]) + " och " + names[-1]


def vote_button_gone(message: object) -> bool:
    return not any(c.startswith("yrka:vote:") for c in message.custom_ids())  # type: ignore[attr-defined]


async def test_absolute_majority_needs_a_second_round(
    fake_discord: FakeDiscord, bot_runner: BotRunner
) -> None:
    fake = fake_discord
    world = await build_world(fake, NINE)
    await bot_runner.start()
    await setup_group(world)
    await create_meeting(world)
    await create_election(world, title="Ombud till kongressen", seats=2, majority="absolute")
    await nine_voters_and_nominees(world)
    await fake.run_command(world.chair, world.channel, "election open", {"election": 1})
    message = await round_message(world, 1)
    # Anna 6, Bertil 3, Cecilia 3, two blank: 7 valid; more than half is 4.
    values = [
        ["0", "1"],
        ["0", "1"],
        ["0", "1"],
        ["0", "2"],
        ["0", "2"],
        ["0"],
        ["2"],
        ["blank"],
        ["blank"],
    ]
    for voter, chosen in zip(world.voters, values, strict=True):
        await vote(world, Ballot(voter, chosen), message)
    closing = await fake.run_command(world.chair, world.channel, "election close", {"election": 1})
    (closed_reply,) = await closing.followups(1)
    assert "är stängd" in closed_reply.content
    first = await fake.wait_for(lambda m: "resultat, omgång 1" in m.content)
    assert "Valda: Anna" in first.content
    assert "minst 4" in first.content
    assert re.search(
        r"1 plats\(er\) återstår. En ny omgång öppnas nu bland Bertil och Cecilia", first.content
    )

    second = await round_message(world, 2)
    assert "Kandidater: Bertil och Cecilia" in second.content
    assert "flest röster" in second.content
    await vote(world, Ballot(world.voters[0], ["1"]), second)  # Cecilia
    await vote(world, Ballot(world.voters[1], ["1"]), second)
    await vote(world, Ballot(world.voters[2], ["0"]), second)
    # Two names on a one-seat ballot: refused in the select step.
    form = await open_ballot(world, world.voters[3], second)
    assert "högst 1" in await choose(world, world.voters[3], form, ["0", "1"])
    await fake.run_command(world.chair, world.channel, "election close", {"election": 1})
    final = await fake.wait_for(lambda m: "resultat, omgång 2" in m.content)
    assert "Valda: Cecilia" in final.content and "Lagda röster: 3 av 9" in final.content
    # The election message is edited after the result is posted, as the channel's edit
    # bucket allows: wait for what it shows in the end.
    await fake.wait_for(
        lambda m: (
            m.content.startswith("**Val 1: Ombud till kongressen**\n")
            and "Valet är avslutat." in m.content
        ),
        timeout=10,
    )


async def test_under_serving_the_ersattare_istf_an_absent_ledamot_casts_the_ballot(
    fake_discord: FakeDiscord, bot_runner: BotRunner
) -> None:
    """Eligibility is the same as for votes (issue 18), so issue 17's rule applies: with
    `who_votes: serving` Ulla, serving istf the ill Anna, casts a ballot; Anna and Vera (an
    ersättare not serving) are refused; the electorate is fixed when the election opens."""
    fake = fake_discord
    world = await build_world(fake, NINE)
    substitute_role = await fake.add_role("Ersättare")
    ulla, vera = [await fake.add_member(name, [substitute_role]) for name in ("Ulla", "Vera")]
    await bot_runner.start()
    await setup_group(world)
    await command(
        world,
        world.chair,
        "setup group",
        {
            "member_role": world.member_role,
            "chair_role": world.chair_role,
            "channel": world.channel,
            "secretary_role": world.secretary_role,
            "substitute_role": substitute_role,
        },
    )
    await command(world, world.chair, "setup rules", {"who_votes": "serving"})
    await create_meeting(world)
    anna, bertil, cecilia = world.members[:3]
    await command(world, anna, "meeting absent", {"meeting": 1, "reason": "sjuk"})
    await command(
        world,
        world.chair,
        "meeting substitute",
        {"meeting": 1, "substitute": ulla, "instead_of": anna},
    )
    await create_election(world, title="Gruppledare", seats=1)
    await nominate(world, world.chair, bertil, accept=True)
    await nominate(world, world.chair, cecilia, accept=True)
    await fake.run_command(world.chair, world.channel, "election open", {"election": 1})
    message = await round_message(world, 1)
    assert "Lagda röster: 0 av 9" in message.content  # 8 present ledamöter + Ulla

    # Anna is back after opening: the open election keeps its electorate.
    await command(world, anna, "meeting present", {"meeting": 1})
    receipt = await vote(world, Ballot(ulla, ["0"]), message)
    assert receipt
    for refused in (anna, vera):
        click = await fake.click_button(refused, message, vote_button(message))
        reply = await click.response()
        assert reply.ephemeral and "Bara röstberättigade kan rösta i valet" in reply.content
    await fake.wait_for(lambda m: m.id == message.id and "Lagda röster: 1 av 9" in m.content)
