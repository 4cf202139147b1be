"""After fullmäktige, end to end over the fake Discord: outcomes, a reservation, exports, /report.

The group's real path: the chair posts three motions and publishes them, members vote by
reacting, the scheduler closes at the deadline; after the meeting has started the
secretary records what the council decided (won, lost, partly), reserves the group on the
lost item through the button and the modal, exports the reservations and the summary, and
asks for /report (text and two PNG charts).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from docx import Document
from PIL import Image

from bot.app import YrkaBot
from bot.clock import FixedClock
from db import audit, outcomes
from tests.render.test_exports_outcomes import docx_pages
from tests.support.e2e import BotRunner, World, settled
from tests.support.fakediscord import FakeInteraction, FakeMember, FakeMessage
from tests.support.fakediscord.people import InteractionReply

pytestmark = pytest.mark.e2e

YES, NO = "\N{WHITE HEAVY CHECK MARK}", "\N{CROSS MARK}"
STARTS_AT = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm
DEADLINE = STARTS_AT - timedelta(days=1)
MINUTES = "protokoll-2026-12-08-regionfullmaktige-8-december"
MOTIONS = (
    "Motion om nattbussar\n\nVi yrkar att regionen inför nattbussar.",
    "Motion om skolmat\n\nVi yrkar att skolmaten blir ekologisk.",
    "Motion om cykelvägar\n\nJag yrkar\n\natt regionen bygger cykelvägar\n\n"
    "att regionen utreder cykelparkering",
)


@dataclass
class Story:
    bot: YrkaBot
    world: World
    clock: FixedClock
    votes: dict[int, list[FakeMessage]]  # item number -> vote messages


async def post_and_publish(world: World, text: str) -> list[FakeMessage]:
    """The chair posts a motion as text and presses Publicera; the vote messages."""
    fake = world.fake
    post = await fake.run_command(
        world.chair, world.channel, "motion post", {"meeting": 1, "text": text}
    )
    await post.response(timeout=15)
    [preview] = await post.followups(1, timeout=30)
    [publish_id] = [cid for cid in preview.custom_ids() if cid.endswith(":publish")]
    click = await fake.click_button(world.chair, preview, publish_id)
    published = await click.original_edited(timeout=30)
    assert "Publicerat som ärende" in published.content, published.content
    head = fake.messages_in(world.channel)[-1]
    assert head.thread_id is not None
    return fake.messages_in(world.guild.channels[head.thread_id])


async def build_story(bot: YrkaBot, world: World, clock: FixedClock) -> Story:
    """Meeting 1 with three published motions, votes, and the deadline passed."""
    fake = world.fake
    created = await fake.run_command(
        world.chair,
        world.channel,
        "meeting create",
        {"title": "Regionfullmäktige 8 december", "date": "2026-12-08"},
    )
    assert "är skapat" in (await created.response()).content
    votes = {n: await post_and_publish(world, text) for n, text in enumerate(MOTIONS, 1)}
    # Everyone but the last two members votes yes on everything; Fredrik only on motion 1.
    for message in [m for messages in votes.values() for m in messages]:
        for voter in world.voters[:-2]:
            await fake.add_reaction(voter, message, YES)
    await fake.add_reaction(world.members[-1], votes[1][0], NO)
    await settled(bot, fake)
    clock.set(DEADLINE)  # the scheduler closes every item
    await settled(bot, fake)
    return Story(bot=bot, world=world, clock=clock, votes=votes)


@pytest.fixture
async def story(running_bot: YrkaBot, world: World, bot_runner: BotRunner) -> Story:
    return await build_story(running_bot, world, bot_runner.clock)


async def outcome(
    world: World, person: FakeMember, options: dict[str, Any]
) -> tuple[FakeInteraction, InteractionReply]:
    interaction = await world.fake.run_command(person, world.channel, "outcome set", options)
    return interaction, await interaction.response()


async def export(world: World, person: FakeMember, fmt: str) -> dict[str, bytes]:
    """/export meeting:1 as `person`: the attached files by name."""
    interaction = await world.fake.run_command(
        person, world.channel, "export", {"meeting": 1, "format": fmt}
    )
    message = await interaction.answered(timeout=30)
    return {stored.filename: stored.data for stored in message.files}


async def audit_actions(bot: YrkaBot, guild_id: int) -> list[str]:
    async with bot.db.read() as conn:
        return [entry.action for entry in await audit.entries(conn, guild_id)]


async def test_outcome_before_the_meeting_has_started_is_refused_and_changes_nothing(
    story: Story,
) -> None:
    world = story.world
    _, reply = await outcome(world, world.secretary, {"motion": 1, "result": "bifall"})
    assert reply.ephemeral
    assert "börjar 2026-12-08 09:00" in reply.content, reply.content
    async with story.bot.db.read() as conn:
        assert await outcomes.for_items(conn, [1, 2, 3]) == {1: [], 2: [], 3: []}
    assert "outcome.set" not in await audit_actions(story.bot, world.guild.id)


async def test_secretary_records_won_lost_and_partly_and_reserves_on_the_lost_item(
    story: Story,
) -> None:
    world, fake = story.world, story.world.fake
    story.clock.set(STARTS_AT + timedelta(hours=3))

    _, won = await outcome(world, world.secretary, {"motion": 1, "result": "bifall"})
    assert "Gruppen vann." in won.content, won.content
    assert not won.components, "no reservation is offered when the group won"

    _, lost = await outcome(
        world,
        world.secretary,
        {"motion": 2, "result": "avslag", "votes_for": 12, "votes_against": 39, "abstained": 2},
    )
    assert "avslag (12–39, 2 avstod)" in lost.content, lost.content
    assert "Gruppen förlorade." in lost.content
    assert lost.ephemeral

    await outcome(world, world.chair, {"motion": 3, "result": "bifall"})
    _, partly = await outcome(
        world, world.secretary, {"motion": 3, "result": "avslag", "yrkande": 2}
    )
    assert "Att-sats 1: gruppens linje bifall, fullmäktige bifall: vann" in partly.content
    assert "Att-sats 2: gruppens linje bifall, fullmäktige avslag: förlorade" in partly.content
    assert "Gruppen vann delvis." in partly.content

    # Reservera gruppen → the modal, pre-filled in the usual form → saved.
    assert lost.message is not None
    click = await fake.click_button(world.secretary, lost.message, "yrka:reserve:2")
    modal = await click.response()
    assert modal.is_modal and modal.custom_id == "yrka:reservation:2"
    [label] = modal.components
    assert label["type"] == 18, "the text input sits in a Label component"
    assert label["component"]["value"] == (
        f"{world.guild.name} reserverar sig till förmån för eget yrkande."
    )
    text = f"{world.guild.name} reserverar sig till förmån för eget yrkande om ekologisk skolmat."
    submitted = await fake.submit_modal(world.secretary, click, None, {"text": text})
    saved = await submitted.response()
    assert "Reservationen för ärende 2 är sparad" in saved.content and text in saved.content

    async with story.bot.db.read() as conn:
        stored = await outcomes.reservations_for(conn, [1, 2, 3])
        recorded = await outcomes.for_items(conn, [1, 2, 3])
    assert [r.text for r in stored.values()] == [text]
    assert [(o.yrkande_number, o.result.value) for o in recorded[3]] == [
        (None, "bifall"),
        (2, "avslag"),
    ]
    actions = await audit_actions(story.bot, world.guild.id)
    assert actions.count("outcome.set") == 4 and actions.count("reservation.set") == 1

    # The reservations to sign: one page per reservation, with the text and the group.
    files = await export(world, world.secretary, "reservations")
    [name] = files
    assert name == "reservationer-2026-12-08-regionfullmaktige-8-december.docx"
    pages = docx_pages(files[name])
    assert len(pages) == 1
    page = "\n".join(pages[0])
    assert text in page and f"För {world.guild.name}" in page
    assert "Ärende: Motion 2: Motion om skolmat" in page and "Underskrift: ___" in page

    # The summary for the newsletter, in Markdown and Word.
    files = await export(world, world.secretary, "summary")
    stem = "sa-gick-det-2026-12-08-regionfullmaktige-8-december"
    assert sorted(files) == [f"{stem}.docx", f"{stem}.md"]
    summary = files[f"{stem}.md"].decode("utf-8")
    assert summary.startswith("# Så gick det i fullmäktige 8 december")
    assert "Gruppens linje vann i 1 av 3 ärenden, vann delvis i 1 och förlorade i 1." in summary
    assert "Fullmäktige beslutade: avslag (12–39, 2 avstod)." in summary
    assert f"{world.guild.name} reserverade sig:" in summary
    word = Document(io.BytesIO(files[f"{stem}.docx"]))
    assert word.paragraphs[0].text == "Så gick det i fullmäktige 8 december"

    # The minutes carry the outcome and the reservation per §.
    minutes = json.loads((await export(world, world.secretary, "json"))[f"{MINUTES}.json"])
    by_number = {item["number"]: item for item in minutes["items"]}
    assert by_number[2]["council"]["result"] == "avslag" and by_number[2]["verdict"] == "lost"
    assert by_number[2]["reservation"] == text
    assert [by_number[n]["verdict"] for n in (1, 3)] == ["won", "partly"]
    assert [y["verdict"] for y in by_number[3]["yrkanden"]] == ["won", "lost"]
    rows = (await export(world, world.secretary, "csv"))[f"{MINUTES}-positions.csv"]
    assert f"avslag (12–39, 2 avstod);förlorade;{text}" in rows.decode("utf-8")

    # /report: a short text and two PNG charts that open as images of the stated size.
    asked = await fake.run_command(
        world.secretary, world.channel, "report", {"from": "2026-12-01", "to": "2026-12-31"}
    )
    assert (await asked.response()).ephemeral
    answer = await asked.answered(timeout=60)
    assert "vann 1, delvis 1, förlorade 1. Reservationer: 1." in answer.content, answer.content
    assert "i snitt 78 %. Lägst: Eva 0 %, Fredrik 25 %, " in answer.content
    size = re.search(r"\((\d+)×(\d+) pixlar\)", answer.content)
    assert size is not None, answer.content
    assert [f.filename for f in answer.files] == ["linjer-per-mote.png", "deltagande.png"]
    for chart in answer.files:
        image = Image.open(io.BytesIO(chart.data))
        assert image.format == "PNG"
        assert image.size == (int(size[1]), int(size[2]))


async def test_a_member_cannot_press_reservera_gruppen_and_nothing_is_stored(
    story: Story, bot_runner: BotRunner
) -> None:
    world, fake = story.world, story.world.fake
    story.clock.set(STARTS_AT + timedelta(hours=3))
    _, lost = await outcome(world, world.secretary, {"motion": 2, "result": "avslag"})
    assert lost.message is not None
    click = await fake.click_button(world.members[0], lost.message, "yrka:reserve:2")
    refusal = await click.response()
    assert not refusal.is_modal and refusal.ephemeral
    assert "behörighet" in refusal.content, refusal.content
    async with story.bot.db.read() as conn:
        assert await outcomes.reservations_for(conn, [1, 2, 3]) == {}

    # After a restart the button on the old answer still opens the secretary's modal.
    await bot_runner.restart()
    click = await fake.click_button(world.secretary, lost.message, "yrka:reserve:2")
    modal = await click.response()
    assert modal.is_modal and modal.custom_id == "yrka:reservation:2"


async def test_reserving_where_the_group_won_is_refused(story: Story) -> None:
    world, fake = story.world, story.world.fake
    story.clock.set(STARTS_AT + timedelta(hours=3))
    _, lost = await outcome(world, world.secretary, {"motion": 2, "result": "avslag"})
    # The secretary corrects the outcome before pressing the button.
    await outcome(world, world.secretary, {"motion": 2, "result": "bifall"})
    assert lost.message is not None
    click = await fake.click_button(world.secretary, lost.message, "yrka:reserve:2")
    refusal = await click.response()
    assert not refusal.is_modal
    assert "inte förlorat på ärende 2" in refusal.content, refusal.content


@pytest.mark.parametrize(
    ("options", "phrase"),
    [
        ({"motion": 42, "result": "bifall"}, "Hittade inget ärende med nummer 42"),
        ({"motion": 1, "result": "bifall", "yrkande": 5}, "Hittade inget yrkande med nummer 5"),
    ],
)
async def test_bad_outcome_input_gets_a_polite_answer_and_changes_nothing(
    story: Story, options: dict[str, Any], phrase: str
) -> None:
    world = story.world
    story.clock.set(STARTS_AT + timedelta(hours=3))
    _, reply = await outcome(world, world.secretary, options)
    assert reply.ephemeral and phrase in reply.content, reply.content
    assert "outcome.set" not in await audit_actions(story.bot, world.guild.id)


@pytest.mark.parametrize(
    ("options", "phrase"),
    [
        ({"from": "igår"}, "”igår” är inget datum"),
        ({"from": "2026-12-09", "to": "2026-12-08"}, "Från-datumet (2026-12-09) kommer efter"),
        ({}, "Det finns inga sammanträden med stängd röstning i den perioden."),
    ],
)
async def test_bad_report_input_gets_a_polite_answer(
    running_bot: YrkaBot, world: World, options: dict[str, Any], phrase: str
) -> None:
    asked = await world.fake.run_command(world.secretary, world.channel, "report", options)
    reply = await asked.response()
    assert reply.ephemeral and phrase in reply.content, reply.content
    assert not reply.files
