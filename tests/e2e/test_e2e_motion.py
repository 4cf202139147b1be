"""End to end: the chair posts a motion, checks the preview, edits it and publishes it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import YrkaBot
from bot.domain.models import EMOJI_BY_CHOICE, Choice, ItemStatus
from bot.domain.records import Item
from bot.services import voting
from bot.ui.votes import render_vote_message
from db import items, meetings
from tests.support.e2e import START, BotRunner, World, settled, setup_group
from tests.support.fakediscord import FakeDiscord, FakeMessage

pytestmark = pytest.mark.e2e

SEED = Path(__file__).parents[1] / "data" / "motions" / "01-klimatkommunerna.txt"
SEED_YRKANDEN = 1


async def add_meeting(bot: YrkaBot, world: World, *, deadline_in: timedelta) -> int:
    """A council meeting of the group, straight into the database (the meeting cog is not under test)."""
    async with bot.db.transaction() as conn:
        meeting = await meetings.create(
            conn,
            guild_id=world.guild.id,
            title="Regionfullmäktige 8 december",
            starts_at=START + deadline_in + timedelta(days=1),
            deadline_at=START + deadline_in,
            created_by=world.chair.id,
            now=START,
        )
    return meeting.number


async def stored_counts(bot: YrkaBot) -> tuple[int, int]:
    async with bot.db.read() as conn:
        found = []
        for table in ("drafts", "items"):
            async with conn.execute(f"SELECT count(*) FROM {table}") as cur:
                row = await cur.fetchone()
            assert row is not None
            found.append(int(row[0]))
    return found[0], found[1]


async def post_seed(world: World, meeting: int) -> FakeMessage:
    """The chair runs /motion post with the seed motion attached; returns the ephemeral preview."""
    interaction = await world.fake.run_command(
        world.chair,
        world.channel,
        "motion post",
        {"meeting": meeting},
        attachments=[(SEED.name, SEED.read_bytes())],
    )
    reply = await interaction.response()
    assert reply.ephemeral
    [preview] = await interaction.followups(1, timeout=10)
    assert preview.ephemeral
    return preview


def button(preview: FakeMessage, action: str) -> str:
    [custom_id] = [cid for cid in preview.custom_ids() if cid.endswith(f":{action}")]
    return custom_id


async def publish(world: World, preview: FakeMessage) -> FakeMessage:
    """The chair presses Publicera; returns the edited preview."""
    click = await world.fake.click_button(world.chair, preview, button(preview, "publish"))
    return await click.original_edited(timeout=10)


async def only_item(bot: YrkaBot, world: World) -> Item:
    async with bot.db.read() as conn:
        found = await items.for_group(conn, world.guild.id)
    assert len(found) == 1
    return found[0]


@pytest.fixture
async def meeting_number(running_bot: YrkaBot, world: World) -> int:
    return await add_meeting(running_bot, world, deadline_in=timedelta(days=10))


async def test_chair_posts_seed_motion_previews_and_publishes_it(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    preview = await post_seed(world, meeting_number)
    [embed] = preview.embeds
    assert "Medlemskap i Klimatkommunerna" in embed["title"]
    assert "**Typ:** motion" in embed["description"]
    assert "\n1. Region Norrbotten ansöker om medlemskap" in embed["description"]
    assert {cid.rsplit(":", 1)[1] for cid in preview.custom_ids()} == {"publish", "edit", "cancel"}

    done = await publish(world, preview)
    assert "Publicerat som ärende 1" in done.content
    assert done.custom_ids() == []

    [posted] = fake_discord.messages_in(world.channel)
    assert "Medlemskap i Klimatkommunerna" in posted.embeds[0]["title"]
    assert posted.thread_id is not None
    assert f"<#{posted.thread_id}>" in posted.embeds[0]["fields"][-1]["value"]
    thread = world.guild.channels[posted.thread_id]
    votes = fake_discord.messages_in(thread)
    assert len(votes) == SEED_YRKANDEN
    assert "Region Norrbotten ansöker om medlemskap" in votes[0].content
    bot_id = fake_discord.bot_user.id
    assert fake_discord.reactions_on(votes[0]) == {
        emoji: [bot_id] for emoji in EMOJI_BY_CHOICE.values()
    }

    item = await only_item(running_bot, world)
    assert item.status is ItemStatus.OPEN
    assert (item.channel_id, item.message_id, item.thread_id) == (
        world.channel.id,
        posted.id,
        posted.thread_id,
    )
    assert [y.vote_message_id for y in item.yrkanden] == [votes[0].id]


THREE_CLAUSES = (
    "Motion om cykelvägar\n\nJag yrkar\n\natt regionen bygger cykelvägar\n\n"
    "att regionen utreder cykelparkering\n\natt regionen köper lånecyklar"
)


def edits_per_message(fake: FakeDiscord, thread_id: int, messages: list[FakeMessage]) -> list[int]:
    """How many edits (PATCH requests, as the fake counts them per route) each message drew."""
    edited = [call.path for call in fake.calls("PATCH", rf"/channels/{thread_id}/messages/\d+$")]
    return [sum(path.endswith(f"/messages/{m.id}") for path in edited) for m in messages]


async def test_vote_messages_go_out_as_the_view_renders_them_and_only_a_vote_edits_one(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    """Each vote message is posted with the text the vote view renders once the item is open
    (the live tally over the electorate fixed at opening), so publishing spends none of the
    thread's edits (5 per 5 s); the first vote still edits its own message's tally."""
    fake = fake_discord
    post = await fake.run_command(
        world.chair,
        world.channel,
        "motion post",
        {"meeting": meeting_number, "text": THREE_CLAUSES},
    )
    await post.response(timeout=15)
    [preview] = await post.followups(1, timeout=30)
    assert "Publicerat som ärende 1" in (await publish(world, preview)).content
    await settled(running_bot, fake)
    [head] = fake.messages_in(world.channel)
    assert head.thread_id is not None
    votes = fake.messages_in(world.guild.channels[head.thread_id])
    assert len(votes) == 3

    assert edits_per_message(fake, head.thread_id, votes) == [0, 0, 0]
    item = await only_item(running_bot, world)
    states = await voting.vote_message_states(running_bot.db, item.id, [])
    assert [m.content for m in votes] == [render_vote_message(state) for state in states]
    everyone = len(world.voters)
    assert f"· {everyone} har inte röstat" in votes[0].content, votes[0].content

    await fake.add_reaction(world.voters[0], votes[1], EMOJI_BY_CHOICE[Choice.BIFALL])
    await settled(running_bot, fake)
    assert edits_per_message(fake, head.thread_id, votes) == [0, 1, 0]
    assert f"✅ 1 bifall · ❌ 0 avslag · ➖ 0 avstår · {everyone - 1} har inte röstat" in (
        votes[1].content
    ), votes[1].content


async def test_member_without_chair_role_is_refused_and_nothing_is_stored(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    interaction = await world.fake.run_command(
        world.members[0],
        world.channel,
        "motion post",
        {"meeting": meeting_number},
        attachments=[(SEED.name, SEED.read_bytes())],
    )
    reply = await interaction.response()
    assert reply.ephemeral
    assert "behörighet" in reply.content
    assert await stored_counts(running_bot) == (0, 0)
    assert fake_discord.calls("GET", "/attachments/") == []


async def test_member_cannot_press_publish_on_the_chairs_preview(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    preview = await post_seed(world, meeting_number)
    click = await world.fake.click_button(world.members[0], preview, button(preview, "publish"))
    reply = await click.response()
    assert reply.ephemeral and "behörighet" in reply.content
    assert await stored_counts(running_bot) == (1, 0)
    assert fake_discord.messages_in(world.channel) == []


async def test_redigera_modal_round_trip_changes_what_is_published(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    preview = await post_seed(world, meeting_number)
    click = await world.fake.click_button(world.chair, preview, button(preview, "edit"))
    modal = await click.response()
    assert modal.is_modal
    submitted = await world.fake.submit_modal(
        world.chair,
        modal,
        None,
        _modal_values(modal.data, "Motion om ny rubrik", "1. att göra A\n2. att göra B"),
    )
    edited = await submitted.response()
    assert edited.embeds and "Motion om ny rubrik" in edited.embeds[0]["title"]
    assert "2. att göra B" in edited.embeds[0]["description"]

    await publish(world, preview)
    [posted] = fake_discord.messages_in(world.channel)
    assert posted.thread_id is not None
    votes = fake_discord.messages_in(world.guild.channels[posted.thread_id])
    assert len(votes) == 2
    assert "att göra B" in votes[1].content
    item = await only_item(running_bot, world)
    assert item.title == "Motion om ny rubrik"


def _modal_values(modal: dict[str, object], title: str, yrkanden: str) -> dict[str, str]:
    """Map the modal's inputs (title first, then yrkanden) to the values typed."""
    ids: list[str] = []

    def walk(components: object) -> None:
        for component in components or []:  # type: ignore[attr-defined]
            if component.get("type") == 4:
                ids.append(component["custom_id"])
            walk(component.get("components"))
            walk([component["component"]] if "component" in component else [])

    walk(modal.get("components"))
    values = {ids[0]: title, ids[1]: yrkanden}
    values.update({extra: "" for extra in ids[2:]})
    return values


async def test_preview_buttons_work_after_a_restart(
    running_bot: YrkaBot,
    world: World,
    bot_runner: BotRunner,
    fake_discord: FakeDiscord,
    meeting_number: int,
) -> None:
    preview = await post_seed(world, meeting_number)
    await bot_runner.restart()
    await publish(world, preview)
    [posted] = fake_discord.messages_in(world.channel)
    assert posted.thread_id is not None
    assert len(fake_discord.messages_in(world.guild.channels[posted.thread_id])) == SEED_YRKANDEN
    assert bot_runner.bot is not None
    assert (await only_item(bot_runner.bot, world)).status is ItemStatus.OPEN


async def test_avbryt_throws_the_draft_away_and_posts_nothing(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    preview = await post_seed(world, meeting_number)
    click = await world.fake.click_button(world.chair, preview, button(preview, "cancel"))
    reply = await click.response()
    assert "avbrutet" in reply.content
    assert fake_discord.messages_in(world.channel) == []
    assert await stored_counts(running_bot) == (1, 0)


async def test_thirty_megabyte_attachment_is_refused_without_downloading(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    interaction = await world.fake.run_command(
        world.chair,
        world.channel,
        "motion post",
        {"meeting": meeting_number},
        attachments=[("stor.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024))],
    )
    reply = await interaction.response()
    assert reply.ephemeral and "för stor" in reply.content and "10 MB" in reply.content
    assert fake_discord.calls("GET", "/attachments/") == []
    assert await stored_counts(running_bot) == (0, 0)


@pytest.mark.parametrize(
    ("filename", "data", "phrase"),
    [
        ("motion.xlsx", b"PK\x03\x04", "filtypen"),
        ("tom.txt", b"   \n\n ", "tomt"),
        ("trasig.pdf", b"%PDF-1.4 inte en riktig pdf", "trasig"),
    ],
    ids=["unsupported_type", "empty_text", "broken_pdf"],
)
async def test_unreadable_upload_gets_a_clear_sentence_and_stores_nothing(
    running_bot: YrkaBot,
    world: World,
    meeting_number: int,
    filename: str,
    data: bytes,
    phrase: str,
) -> None:
    interaction = await world.fake.run_command(
        world.chair, world.channel, "motion post", {"meeting": meeting_number}, [(filename, data)]
    )
    reply = await interaction.response()
    if not reply.content:  # deferred first: the sentence comes as a follow-up
        [reply_message] = await interaction.followups(1)
        text = reply_message.content
    else:
        text = reply.content
    assert phrase in text
    assert await stored_counts(running_bot) == (0, 0)


@pytest.mark.parametrize(
    ("meeting", "deadline_in", "phrase"),
    [(99, timedelta(days=10), "Hittade inget möte"), (1, timedelta(hours=-1), "har passerat")],
    ids=["unknown_meeting", "deadline_passed"],
)
async def test_bad_meeting_is_refused(
    running_bot: YrkaBot, world: World, meeting: int, deadline_in: timedelta, phrase: str
) -> None:
    await add_meeting(running_bot, world, deadline_in=deadline_in)
    interaction = await world.fake.run_command(
        world.chair, world.channel, "motion post", {"meeting": meeting, "text": "att göra något"}
    )
    reply = await interaction.response()
    assert reply.ephemeral and phrase in reply.content
    assert await stored_counts(running_bot) == (0, 0)


async def test_post_without_file_or_text_opens_a_modal_and_pasted_text_is_previewed(
    running_bot: YrkaBot, world: World, meeting_number: int
) -> None:
    interaction = await world.fake.run_command(
        world.chair, world.channel, "motion post", {"meeting": meeting_number}
    )
    modal = await interaction.response()
    assert modal.is_modal
    text = "Bakgrund om bussar.\n\nJag yrkar\n\natt fler bussar ska köras\n\natt priset sänks"
    submitted = await world.fake.submit_modal(
        world.chair, modal, None, _modal_values(modal.data, "Motion om bussar", text)
    )
    [preview] = await submitted.followups(1, timeout=10)
    description = preview.embeds[0]["description"]
    assert "Motion om bussar" in preview.embeds[0]["title"]
    assert "1. att fler bussar ska köras" in description


async def test_motion_list_and_autocomplete_show_number_and_title(
    running_bot: YrkaBot, world: World, fake_discord: FakeDiscord, meeting_number: int
) -> None:
    await publish(world, await post_seed(world, meeting_number))
    listing = await world.fake.run_command(world.members[0], world.channel, "motion list")
    reply = await listing.response()
    assert reply.ephemeral
    assert "**1.** Medlemskap i Klimatkommunerna" in reply.embeds[0]["description"]
    assert "röstning pågår" in reply.embeds[0]["description"]
    choices = await world.fake.autocomplete(
        world.chair, world.channel, "motion post", "meeting", {"meeting": ""}
    )
    assert choices[0]["value"] == meeting_number
    assert "Regionfullmäktige" in choices[0]["name"]
    motions = await world.fake.autocomplete(
        world.chair, world.channel, "motion close", "motion", {"motion": "klimat"}
    )
    assert [choice["value"] for choice in motions] == [1]


async def test_setup_is_needed_before_posting(world: World, bot_runner: BotRunner) -> None:
    await bot_runner.start()
    interaction = await world.fake.run_command(
        world.chair, world.channel, "motion post", {"meeting": 1, "text": "att a"}
    )
    reply = await interaction.response()
    assert "/setup group" in reply.content
    await setup_group(world)


PROSE_MOTION = (
    "Motion om bussar\n\nBussarna på linje 4 är för få och för fulla. Jag yrkar därför att "
    "regionen sätter in fler bussar på linje 4 från och med hösten.\n\nAnna Berg (V)"
)
LOW_CONFIDENCE = "Kontrollera att-satserna: de hittades i löptext"


async def test_preview_warns_when_the_att_satser_were_found_in_running_text(
    running_bot: YrkaBot, world: World, meeting_number: int
) -> None:
    interaction = await world.fake.run_command(
        world.chair,
        world.channel,
        "motion post",
        {"meeting": meeting_number},
        attachments=[("bussar.txt", PROSE_MOTION.encode())],
    )
    await interaction.response()
    [preview] = await interaction.followups(1, timeout=10)
    description = preview.embeds[0]["description"]
    assert LOW_CONFIDENCE in description
    assert "1. att regionen sätter in fler bussar på linje 4 från och med hösten." in description

    # Once the chair has typed the att-satser, the warning is gone.
    click = await world.fake.click_button(world.chair, preview, button(preview, "edit"))
    modal = await click.response()
    submitted = await world.fake.submit_modal(
        world.chair,
        modal,
        None,
        _modal_values(modal.data, "Motion om bussar", "att fler bussar sätts in på linje 4"),
    )
    edited = await submitted.response()
    assert LOW_CONFIDENCE not in edited.embeds[0]["description"]


async def test_preview_of_a_recognised_block_has_no_warning(
    running_bot: YrkaBot, world: World, meeting_number: int
) -> None:
    preview = await post_seed(world, meeting_number)
    assert LOW_CONFIDENCE not in preview.embeds[0]["description"]
