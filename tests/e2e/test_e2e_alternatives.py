"""Votes on alternatives end to end over the fake Discord (issue 15, parts 3, 4 and 6).

Three rivals on att-sats 2 and a tilläggsyrkande on att-sats 1 are tabled, one is
withdrawn, and the chair locks with the second round's deadline (a time that does not fit
is refused first, changing nothing). The vote engine posts the alternatives message
(1️⃣ 2️⃣ 3️⃣ ➖) and the tillägg's ✅❌➖ message in the thread; nine members vote with number
emoji through the one ingest path (a switch takes the old reaction off, an outsider's
reaction is removed). Then the bot runs in its own process on the test's moment, handles a
live switch, and is KILLED (SIGKILL); the secretary abstains and the outsider reacts while
it is down, and the restarted bot's start-up reconciliation counts the one and removes the
other. /motion status shows the round, its deadline and counts per alternative. No
alternative has a majority: the scheduler's own loop closes round 1 at its deadline and
opens a second round between the two leaders at once, closing at the chair's time (which
the chair then moves with /proposal runoff), which decides; the item closes, the att-sats's position is the winning ändringsyrkande, the
tillägg stands; a member who voted for the losing alternative registers avvikande mening
(one who voted for the winner is refused), and the brief and DOCX minutes carry the
winning text, the beslutsgång, both rounds' counts and the avvikande mening.

A second story: the chair closes the item with /motion close during round 1 — no second
round opens (no time is left), so without a majority the att-sats is "ej avgjort –
ordföranden beslutar", and the chair's reply says so.
"""

from __future__ import annotations

import asyncio
import io
import signal
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document

from bot.app import YrkaBot
from bot.domain.alternatives import Resolution
from bot.domain.models import EMOJI_BY_CHOICE, Choice, ItemStatus, Position
from bot.domain.options import NUMBER_EMOJI
from bot.services import questions
from db import items, positions, proposals
from tests.e2e.test_e2e_outcomes import post_and_publish
from tests.support.bot_process import start_bot_process
from tests.support.e2e import (
    MEMBER_NAMES,
    BotRunner,
    World,
    build_world,
    eventually,
    settled,
    setup_group,
)
from tests.support.fakediscord import FakeDiscord, FakeMessage

pytestmark = pytest.mark.e2e

MOTION = (
    "Motion om nattbussar\n\nVi yrkar\n\natt regionen inför nattbussar\n\n"
    "att nattbussarna går varje timme"
)
CHANGE = "att nattbussarna går varannan timme"
OWN = "att nattbussarna går varje halvtimme"
ADDITION = "att regionen utvärderar nattbussarna efter ett år"
ONE, TWO, THREE = NUMBER_EMOJI[:3]
YES, NO, ABSTAIN = (EMOJI_BY_CHOICE[c] for c in (Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR))
# The chair's second-round deadline: Stockholm time (the bot's clock starts 2026-11-26 13:00
# there; round 1 of three alternatives closes 2026-12-01 23:00, the item 2026-12-07 09:00).
RUNOFF = "2026-12-04 18:00"
MOVED_AT = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)  # moved by the chair to 20:00 Stockholm
DISSENT = "Jag anser att nattbussarna ska gå varje timme, som motionen föreslår."


@pytest.fixture
async def world(fake_discord: FakeDiscord) -> World:
    """Nine voters: the chair, the secretary and seven members."""
    return await build_world(fake_discord, (*MEMBER_NAMES, "Gustav"))


async def _say(world: World, who, line: str, options: dict) -> str:  # type: ignore[no-untyped-def]
    interaction = await world.fake.run_command(who, world.channel, line, options)
    reply = await interaction.response(timeout=10)
    if reply.type == 5:
        return (await interaction.answered(timeout=10)).content
    return reply.content


def _thread(world: World) -> list[FakeMessage]:
    head = next(m for m in world.fake.messages_in(world.channel) if m.thread_id is not None)
    assert head.thread_id is not None
    return world.fake.messages_in(world.guild.channels[head.thread_id])


def _now(world: World, message: FakeMessage) -> FakeMessage:
    """The message as it is on the fake now (after the bot's edits)."""
    return next(m for m in _thread(world) if m.id == message.id)


def _mine(message: FakeMessage, bot: YrkaBot) -> list[str]:
    """The reactions the bot itself put on a message, in order."""
    assert bot.user is not None
    return [emoji for emoji, users in message.reactions.items() if bot.user.id in users]


async def _status(world: World, who) -> str:  # type: ignore[no-untyped-def]
    """The /motion status answer (an embed) as one text."""
    interaction = await world.fake.run_command(who, world.channel, "motion status", {"motion": 1})
    await interaction.response(timeout=10)
    message = await interaction.answered(timeout=10)
    return "\n".join([message.content, *(e.get("description", "") for e in message.embeds)])


async def _votes(bot: YrkaBot, message_id: int) -> dict[int, str]:
    async with bot.db.read() as conn:
        found = await items.yrkande_by_message(conn, message_id)
    assert found is not None
    from bot.services import voting

    return await voting.current_votes_of(bot.db, found[0].id)


async def test_alternatives_switch_outsider_restart_second_round_and_position(
    world: World, bot_runner: BotRunner
) -> None:
    fake, clock = world.fake, bot_runner.clock
    bot = await bot_runner.start()
    await setup_group(world)
    said = await _say(
        world,
        world.chair,
        "meeting create",
        {"title": "Regionfullmäktige 8 december", "date": "2026-12-08"},
    )
    assert "är skapat" in said
    att_sats_one = (await post_and_publish(world, MOTION))[0]
    assert "Att-sats 1 av 2" in att_sats_one.content
    anna, bertil, cecilia, david, eva, fredrik, gustav = world.members
    for who, options in [
        (anna, {"kind": "change", "yrkande": 2, "text": CHANGE}),
        (bertil, {"kind": "own", "yrkande": 2, "text": OWN}),
        (cecilia, {"kind": "addition", "yrkande": 1, "text": ADDITION}),
        (david, {"kind": "reject", "yrkande": 2, "text": "avslag på att-sats 2"}),
    ]:
        assert "är lagt" in await _say(world, who, "proposal add", {"motion": 1, **options})
    # David withdraws his: it is in no vote.
    said = await _say(world, david, "proposal withdraw", {"motion": 1, "proposal": 4})
    assert "återkallat" in said
    # A second-round time before round 1 closes is refused, and nothing is locked.
    said = await _say(
        world, world.chair, "proposal lock", {"motion": 1, "runoff": "2026-12-01 12:00"}
    )
    assert "Andra omgången kan inte stänga 2026-12-01 12:00" in said, said
    async with bot.db.read() as conn:
        item = await items.by_number(conn, world.guild.id, 1)
        assert item is not None and await proposals.lock_of(conn, item.id) is None
    said = await _say(world, world.chair, "proposal lock", {"motion": 1, "runoff": RUNOFF})
    assert "är låst" in said and "En andra omgång, om den behövs, stänger" in said, said
    await settled(bot, fake)

    # The engine posted the tillägg's ✅❌➖ message and the alternatives' 1️⃣2️⃣3️⃣➖ message.
    thread = _thread(world)
    [order] = [m for m in thread if "Propositionsordning" in m.content]
    assert "Blir det en andra omgång stänger den fre 4 dec 2026 kl. 18:00" in order.content
    [addition] = [m for m in thread if "Tilläggsyrkande" in m.content and m.reactions]
    [alternatives] = [m for m in thread if "välj ett alternativ" in m.content]
    assert _mine(addition, bot) == [YES, NO, ABSTAIN]
    assert _mine(alternatives, bot) == [ONE, TWO, THREE, ABSTAIN]
    assert f"2️⃣ Ändringsyrkande av <@{anna.id}>: {CHANGE}" in alternatives.content
    assert f"3️⃣ Eget yrkande av <@{bertil.id}>: {OWN}" in alternatives.content
    assert "1️⃣ Ursprungliga att-satsen: att nattbussarna går varje timme" in alternatives.content
    [old_vote] = [m for m in thread if "Att-sats 2 av 2" in m.content]
    assert "avgörs nu mellan alternativ" in old_vote.content, "its own ✅❌➖ vote has moved"

    # Votes: 1️⃣ David, the chair; 2️⃣ Anna, Cecilia, Gustav (switched from 3️⃣); 3️⃣ Bertil, Eva.
    for who, emoji in [
        (david, ONE),
        (world.chair, ONE),
        (anna, TWO),
        (cecilia, TWO),
        (gustav, THREE),
        (bertil, THREE),
        (eva, THREE),
        (gustav, TWO),
    ]:
        await fake.add_reaction(who, alternatives, emoji)
    await fake.add_reaction(world.outsider, alternatives, ONE)
    for who, emoji in [(anna, YES), (bertil, YES), (cecilia, YES), (david, NO), (eva, YES)]:
        await fake.add_reaction(who, addition, emoji)
        await fake.add_reaction(who, att_sats_one, YES)  # att-sats 1 itself: ✅ as before
    await settled(bot, fake)
    assert gustav.id not in alternatives.reactions[THREE], "the switched-from reaction goes"
    assert world.outsider.id not in alternatives.reactions.get(ONE, []), "an outsider is refused"
    assert await _votes(bot, alternatives.id) == {
        david.id: "1",
        world.chair.id: "1",
        anna.id: "2",
        cecilia.id: "2",
        gustav.id: "2",
        bertil.id: "3",
        eva.id: "3",
    }

    # The bot now runs in its own process, on the test's moment; Fredrik votes 3️⃣ and
    # switches to 1️⃣ there (the process takes his 3️⃣ off: it recorded the switch).
    await bot_runner.stop()
    process = await start_bot_process(fake, bot_runner.db_path, clock_at=clock.now())
    try:
        await fake.add_reaction(fredrik, alternatives, THREE)
        await eventually(
            lambda: fredrik.id in alternatives.reactions.get(THREE, []), "Fredrik's 3️⃣ seen"
        )
        await fake.add_reaction(fredrik, alternatives, ONE)
        await eventually(
            lambda: fredrik.id not in alternatives.reactions.get(THREE, []),
            "the process takes the switched-from 3️⃣ off",
            progress=lambda: len(fake.requests),
        )
    finally:
        # Killed, not stopped: no shutdown code of the bot runs.
        process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(process.wait(), 10)
    assert process.returncode == -signal.SIGKILL
    # While it is down the secretary abstains and the outsider reacts; the restarted bot's
    # start-up reconciliation counts the one and takes the other's reaction off.
    await fake.add_reaction(world.secretary, alternatives, ABSTAIN, dispatch=False)
    await fake.add_reaction(world.outsider, alternatives, TWO, dispatch=False)
    bot = await bot_runner.start()
    await settled(bot, fake)
    live = await _votes(bot, alternatives.id)
    assert (live[fredrik.id], live[world.secretary.id]) == ("1", "avstar")
    assert world.outsider.id not in live
    assert world.outsider.id not in alternatives.reactions.get(TWO, []), "removed at start-up"

    # /motion status: the question, which round, its deadline and counts per alternative.
    status = await _status(world, world.chair)
    assert "Avgörs mellan alternativ i beslutsgången nedan." in status, status
    assert f"2️⃣ Ändringsyrkande av <@{anna.id}>: {CHANGE}" in status, status
    assert "Omgång 1, stänger tis 1 dec 2026 kl. 23:00: 1️⃣ 3 · 2️⃣ 3 · 3️⃣ 2 · ➖ 1 avstår" in status

    # Round 1 closes at its own deadline (the scheduler's loop): 3–3–2, no majority.
    async with bot.db.read() as conn:
        item = await items.by_number(conn, world.guild.id, 1)
    assert item is not None
    [round_one] = [y for y in item.question_votes if y.option_set == "numbered:123"]
    assert round_one.closes_at is not None
    clock.set(round_one.closes_at)
    await settled(bot, fake)
    thread = _thread(world)
    [runoff] = [m for m in thread if "andra omgången" in m.content]
    assert _mine(runoff, bot) == [ONE, TWO, ABSTAIN], "the two leaders keep their numbers"
    assert "går till en andra omgång" in _now(world, alternatives).content
    status = await _status(world, world.chair)
    assert "Omgång 1, stängd: 1️⃣ 3 · 2️⃣ 3 · 3️⃣ 2" in status, status
    assert "Omgång 2, stänger fre 4 dec 2026 kl. 18:00: 1️⃣ 0 · 2️⃣ 0" in status, status
    # The chair moves the second round's close two hours later; its message says so.
    said = await _say(
        world, world.chair, "proposal runoff", {"motion": 1, "closes": "2026-12-04 20:00"}
    )
    assert "Andra omgången i ärende 1 stänger fre 4 dec 2026 kl. 20:00" in said, said
    await settled(bot, fake)
    assert "Omgången stänger fre 4 dec 2026 kl. 20:00." in _now(world, runoff).content
    # A late reaction on round 1 is taken off; 3️⃣ is no option in the second round.
    await fake.add_reaction(eva, alternatives, ONE)
    await fake.add_reaction(eva, runoff, THREE)
    await settled(bot, fake)
    assert eva.id not in alternatives.reactions.get(ONE, [])
    assert eva.id not in runoff.reactions.get(THREE, [])

    # Round 2: 2️⃣ wins 5–3.
    for who in (anna, cecilia, gustav, bertil, eva):
        await fake.add_reaction(who, runoff, TWO)
    for who in (david, world.chair, fredrik):
        await fake.add_reaction(who, runoff, ONE)
    await settled(bot, fake)
    async with bot.db.read() as conn:
        item = await items.by_number(conn, world.guild.id, 1)
    assert item is not None
    [round_two] = [y for y in item.question_votes if y.round == 2]
    assert round_two.closes_at == MOVED_AT, "the chair's time for the second round"
    clock.set(round_two.closes_at)
    await settled(bot, fake)
    assert "Vinnare: 2️⃣ alternativ 2" in _now(world, runoff).content

    # The item closes at its deadline: the att-sats's line is the winning ändringsyrkande.
    clock.set(round_two.closes_at + timedelta(days=30))
    await settled(bot, fake)
    outcomes = {o.question.key: o for o in await questions.question_outcomes(bot.db, item.id)}
    decided = outcomes["a2"]
    assert decided.resolution is Resolution.DECIDED and decided.winner == 2
    assert [r.votes for r in decided.rounds] == [{1: 3, 2: 3, 3: 2}, {1: 3, 2: 5}]
    assert decided.winning is not None
    assert (decided.winning.text, decided.winning.author_id) == (CHANGE, anna.id)
    assert outcomes["p3"].resolution is Resolution.DECIDED
    assert outcomes["p3"].position is Position.BIFALL
    async with bot.db.read() as conn:
        closed = await items.by_id(conn, item.id)
        assert closed is not None and closed.status is ItemStatus.CLOSED
        records = await positions.for_yrkanden(conn, [y.id for y in closed.yrkanden])
    assert records[closed.yrkanden[0].id].position is Position.BIFALL
    assert records[closed.yrkanden[1].id].position is Position.EGET_YRKANDE

    # Avvikande mening: Fredrik voted for the losing alternative (1️⃣) in the deciding round,
    # and on nothing else; Anna voted for the winner and is refused.
    said = await _say(world, anna, "proposal dissent", {"motion": 1, "text": DISSENT})
    assert "röstade emot gruppens linje" in said, said
    said = await _say(world, fredrik, "proposal dissent", {"motion": 1, "text": DISSENT})
    assert "Din avvikande mening i ärende 1 är registrerad" in said, said

    # The brief says what the speaker tables: the winning ändringsyrkande's own text.
    brief = await fake.run_command(world.secretary, world.channel, "meeting brief", {"meeting": 1})
    await brief.followups(1)
    posted = fake.messages_in(world.channel)[-1].content
    # Not heard from: judged on the vote messages that count (att-sats 2's own one moved).
    assert "Inte hörda: Ordföranden, Sekreteraren, Fredrik, Gustav" in posted, posted
    speaker = posted.split("Talaren yrkar i fullmäktige")[-1]
    assert f"ändringsyrkande 1 (Anna): {CHANGE}" in speaker, posted
    assert ADDITION in speaker, posted

    # The DOCX minutes: Yrkanden i gruppen, Beslutsgång with both rounds' counts, Beslut.
    exported = await fake.run_command(
        world.secretary, world.channel, "export", {"meeting": 1, "format": "docx"}
    )
    await exported.response()
    [answer] = await exported.followups(1)
    [docx_bytes] = [f.data for f in answer.files if f.filename.endswith(".docx")]
    document = Document(io.BytesIO(docx_bytes))
    words = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for expected in ("Yrkanden i gruppen", "Beslutsgång", "Beslut", CHANGE, OWN, ADDITION):
        assert expected in words, expected
    # Both rounds' counts: 3–3–2 with the secretary abstaining, then 3–5.
    assert "Omgång 1: 1️⃣ 3, 2️⃣ 3, 3️⃣ 2, avstår 1, ej röstat 0" in words, words
    assert "Omgång 2: 1️⃣ 3, 2️⃣ 5, avstår 0, ej röstat 1" in words, words
    assert f"ändringsyrkande 1 (Anna): {CHANGE}" in words
    assert "Avvikande mening" in words and DISSENT in words, words
    assert words.index(DISSENT) > words.index("Omgång 2: "), "under the § of the motion"


async def test_the_chair_closing_during_round_one_leaves_a_split_vote_to_the_chair(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot = await bot_runner.start()
    await setup_group(world)
    said = await _say(
        world,
        world.chair,
        "meeting create",
        {"title": "Regionfullmäktige 8 december", "date": "2026-12-08"},
    )
    assert "är skapat" in said
    await post_and_publish(world, MOTION)
    anna, bertil, cecilia, david = world.members[:4]
    for who, kind, text in [(anna, "change", CHANGE), (bertil, "own", OWN)]:
        options = {"motion": 1, "kind": kind, "yrkande": 2, "text": text}
        assert "är lagt" in await _say(world, who, "proposal add", options)
    assert "är låst" in await _say(world, world.chair, "proposal lock", {"motion": 1})
    await settled(bot, fake)
    [alternatives] = [m for m in _thread(world) if "välj ett alternativ" in m.content]
    for who, emoji in [
        (david, ONE),
        (world.chair, ONE),
        (anna, TWO),
        (cecilia, TWO),
        (bertil, THREE),
    ]:
        await fake.add_reaction(who, alternatives, emoji)
    await settled(bot, fake)

    # The chair closes the whole item while round 1 runs: no time is left for a second round.
    closing = await fake.run_command(world.chair, world.channel, "motion close", {"motion": 1})
    await closing.response(timeout=10)
    reply = (await closing.answered(timeout=10)).content
    await settled(bot, fake)
    assert "Att-sats 2, mellan alternativ:" in reply, reply
    assert "Ej avgjort – ordföranden beslutar." in reply, reply
    assert "Omgång 1, stängd: 1️⃣ 2 · 2️⃣ 2 · 3️⃣ 1" in reply, reply
    assert "Att-sats 2: **" not in reply, "not as the tally of its moved ✅❌➖ message"
    assert not [m for m in _thread(world) if "andra omgången" in m.content], "no second round"
    assert "ingen tid kvar för en andra omgång" in _now(world, alternatives).content
    async with bot.db.read() as conn:
        item = await items.by_number(conn, world.guild.id, 1)
        assert item is not None and item.status is ItemStatus.CLOSED
        records = await positions.for_yrkanden(conn, [y.id for y in item.yrkanden])
    assert [y.round for y in item.question_votes] == [1]
    assert records[item.yrkanden[1].id].position is Position.UNDECIDED
    [outcome] = [
        o for o in await questions.question_outcomes(bot.db, item.id) if o.question.key == "a2"
    ]
    assert outcome.resolution is Resolution.UNDECIDED and outcome.reason == "reason.alt_no_time"
    # /motion status of the closed item shows the round and how it ended.
    status = await _status(world, world.secretary)
    assert "Omgång 1, stängd: 1️⃣ 2 · 2️⃣ 2 · 3️⃣ 1" in status, status
