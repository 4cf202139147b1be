"""The chair imports the whole kallelse: preview, choose, publish, vote, close, brief, minutes.

Over the fake Discord with the real bot: a generated 40-ärende kallelse PDF (the board's
Förslag till beslut under most ärenden) is imported, the chair pages the preview, leaves
two ärenden out, corrects one, publishes; the progress message is edited, members vote,
the deadline closes everything, and /meeting brief and the DOCX minutes list every ärende
in agenda order with its number, position and speaker. A second story kills the publishing
half-way and restarts the bot: it resumes without posting anything twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from docx import Document

from bot.app import YrkaBot
from bot.domain.models import EMOJI_BY_CHOICE, Choice
from bot.runtime.pacing import Kind, Pacer
from bot.services import voting
from bot.ui.votes import render_vote_message
from cogs import _agenda_flow
from db import agenda as agenda_db
from db import items
from tests.support import kallelser
from tests.support.e2e import BotRunner, World, eventually, settled, setup_group, within
from tests.support.fakediscord import FakeMessage

pytestmark = pytest.mark.e2e

YES, NO = EMOJI_BY_CHOICE[Choice.BIFALL], EMOJI_BY_CHOICE[Choice.AVSLAG]
LEFT_OUT = ("12", "30")  # the two ärenden the chair unticks (one on each page)


def _fast(bot: YrkaBot) -> None:
    """Progress edited every 2 s instead of 5 (the pacing is Discord's: the fake keeps
    Discord's rate limits)."""
    bot.settings.publish_progress_interval = 2.0


async def _meeting(world: World) -> None:
    await setup_group(world)
    created = await world.fake.run_command(
        world.chair,
        world.channel,
        "meeting create",
        {"title": "Kommunfullmäktige 14 december", "date": "2026-12-14"},
    )
    assert "är skapat" in (await created.response()).content


async def _import(world: World, kallelse: kallelser.Kallelse) -> FakeMessage:
    """/meeting import with the PDF; returns the ephemeral preview message."""
    interaction = await world.fake.run_command(
        world.chair,
        world.channel,
        "meeting import",
        {"meeting": 1},
        [("kallelse-kf-2026-12-14.pdf", kallelser.to_pdf(kallelse))],
    )
    await interaction.response(timeout=15)
    [preview] = await interaction.followups(1, timeout=30)
    return preview


def _id(message: FakeMessage, suffix: str) -> str:
    [found] = [cid for cid in message.custom_ids() if re.search(suffix, cid)]
    return found


def _options(message: FakeMessage) -> list[dict[str, Any]]:
    select = message.find_component(_id(message, r":pick:\d+$"))
    assert select is not None
    return list(select["options"])


async def _choose_all_but(world: World, preview: FakeMessage, numbers: set[str]) -> None:
    options = _options(preview)
    keep = [o["value"] for o in options if o["label"].split(".", 1)[0] not in numbers]
    chosen = await world.fake.choose(world.chair, preview, _id(preview, r":pick:\d+$"), keep)
    await chosen.response()


def _item_embeds(world: World) -> list[FakeMessage]:
    return [m for m in world.fake.messages_in(world.channel) if m.embeds and m.thread_id]


async def _wait_published(world: World) -> FakeMessage:
    """The progress message once it says done; waited for while the bot keeps posting (with
    Discord's buckets, 5 messages per 5 s per channel, 40 ärenden take most of a minute)."""

    def done() -> FakeMessage | None:
        return next(
            (
                m
                for m in world.fake.messages_in(world.channel)
                if "är publicerad" in (m.content or "")
            ),
            None,
        )

    await eventually(done, "the agenda is published", progress=lambda: len(world.fake.requests))
    found = done()
    assert found is not None
    return found


def _progress_contents(world: World, message_id: int) -> list[str]:
    """Every content the progress message had: as posted, then each edit."""
    posted = [
        r.json.get("content", "")
        for r in world.fake.calls("PATCH", rf"/messages/{message_id}$")
        if isinstance(r.json, dict)
    ]
    return posted


async def test_chair_imports_a_kallelse_and_the_group_takes_a_position_on_every_arende(
    world: World, bot_runner: BotRunner
) -> None:
    bot = await bot_runner.start()
    _fast(bot)
    await _meeting(world)
    kallelse = kallelser.build(40, shape="list", seed=40)
    expected = kallelse.items

    preview = await _import(world, kallelse)
    embed = preview.embeds[0]
    assert "Sida 1 av 2" in embed["footer"]["text"]
    assert len(_options(preview)) == 25
    assert "☑ **1.** Upprop · formalia · för kännedom" in embed["description"]
    # Page 1: leave KF-ärende 12 out.
    await _choose_all_but(world, preview, {LEFT_OUT[0]})
    preview = world.fake.messages[preview.id]
    assert "☐ **12.**" in preview.embeds[0]["description"]
    # Page 2 (Nästa), leave KF-ärende 30 out.
    paged = await world.fake.click_button(world.chair, preview, _id(preview, ":next:0$"))
    await paged.response()
    preview = world.fake.messages[preview.id]
    assert "Sida 2 av 2" in preview.embeds[0]["footer"]["text"]
    assert len(_options(preview)) == 15
    await _choose_all_but(world, preview, {LEFT_OUT[1]})
    preview = world.fake.messages[preview.id]
    # Rätta: KF-ärende 33 gets a clearer title (the proposal stays as read).
    edit = await world.fake.click_button(world.chair, preview, _id(preview, ":edit:1$"))
    modal = await edit.response()
    assert modal.is_modal
    corrected = "Rättad rubrik för ärende 33"
    saved = await world.fake.submit_modal(
        world.chair,
        modal,
        None,
        {"agenda-number": "33", "agenda-title": corrected, "agenda-proposal": ""},
    )
    await saved.response()
    preview = world.fake.messages[preview.id]
    assert corrected in preview.embeds[0]["description"]

    publish = await world.fake.click_button(world.chair, preview, _id(preview, ":publish:1$"))
    started = await publish.response()
    assert "Publicerar i" in started.content
    done = await _wait_published(world)
    await _agenda_flow.wait_for_publishing()

    # One progress message, edited as it went ("Publicerar 12 av 31 …"), then done. Each edit
    # takes a slot of the channel's edit bucket (5 per 5 s) that the items' embeds need too:
    # about one per bucket window while the 31 items are posted (8 when nothing is slow).
    progress = [m for m in world.fake.messages_in(world.channel) if "Publicera" in m.content]
    assert progress == [] and done.content.startswith("Kallelsen till möte 1")
    edits = _progress_contents(world, done.id)
    found = re.findall(r"Publicerar (\d+) av (\d+)", " ".join(edits))
    counted, [total] = [int(n) for n, _ in found], {int(of) for _, of in found}
    assert len(counted) >= 6 and counted == sorted(set(counted)) and counted[-1] == total

    decisions = [e for e in expected if e["number"] not in LEFT_OUT and not _informational(e)]
    embeds = _item_embeds(world)
    assert len(embeds) == len(decisions) == total
    # Pipelined: the first item's thread still got its vote reactions after the second item's
    # thread was started in the channel (the threads do not wait for each other).
    calls = world.fake.requests
    second_started = next(
        n for n, r in enumerate(calls) if r.path.endswith(f"/messages/{embeds[1].id}/threads")
    )
    first_reacted = [
        n
        for n, r in enumerate(calls)
        if r.method == "PUT" and r.path.startswith(f"/channels/{embeds[0].thread_id}/")
    ]
    assert first_reacted and second_started < max(first_reacted)
    # In agenda order, each once, numbered by Yrka 1, 2, 3 … with the KF number beside it.
    titles = [m.embeds[0]["title"] for m in embeds]
    wanted = [corrected if e["number"] == "33" else e["title"] for e in decisions]
    assert [t.split(". ", 1)[1] for t in titles] == [w[:250] for w in wanted]
    assert all(
        f"KF-ärende {e['number']}" in m.embeds[0]["footer"]["text"]
        for m, e in zip(embeds, decisions, strict=True)
    )
    # One vote message per att-sats in each thread; none where the kallelse had no proposal.
    for message, entry in zip(embeds, decisions, strict=True):
        thread = world.guild.channels[message.thread_id]  # type: ignore[index]
        votes = world.fake.messages_in(thread)
        assert len(votes) == len(entry["proposal"]), entry["title"]
        for vote in votes:
            assert set(world.fake.reactions_on(vote)) == {YES, NO, EMOJI_BY_CHOICE[Choice.AVSTAR]}
    # The informational ärenden in one summary message.
    [summary] = [m for m in world.fake.messages_in(world.channel) if "För kännedom" in m.content]
    for entry in expected:
        if _informational(entry) and entry["number"] not in LEFT_OUT:
            assert entry["title"] in summary.content

    # /motion list: Yrka's number and the KF number side by side.
    listed = await world.fake.run_command(world.chair, world.channel, "motion list", {})
    text = (await listed.response()).embeds[0]["description"]
    assert f"**1.** KF-ärende {decisions[0]['number']} ·" in text

    # Members vote on the first two decision items; speakers are named.
    first, second = embeds[0], embeds[1]
    for message, emoji in ((first, YES), (second, NO)):
        thread = world.guild.channels[message.thread_id]  # type: ignore[index]
        for vote in world.fake.messages_in(thread):
            for voter in world.voters:
                await world.fake.add_reaction(voter, vote, emoji)
    for number, member in ((1, world.members[0]), (2, world.members[1])):
        spoke = await world.fake.run_command(
            world.chair, world.channel, "motion speaker", {"motion": number, "member": member}
        )
        assert "talar för gruppen" in (await spoke.response()).content
    await world.fake.settle()

    # The deadline passes: everything closes.
    bot_runner.clock.advance(timedelta(days=20))
    await settled(bot, world.fake)  # the scheduler's loop closes everything

    brief = await world.fake.run_command(
        world.chair, world.channel, "meeting brief", {"meeting": 1}
    )
    await brief.response(timeout=15)
    await brief.followups(1, timeout=30)
    [posted] = [m for m in world.fake.messages_in(world.channel) if "Gruppens linje" in m.content]
    full = posted.files[0].data.decode("utf-8") if posted.files else posted.content
    _assert_agenda_order(full, expected, corrected)
    assert "Talare: Anna" in full and "Talare: Bertil" in full
    assert "bifall" in full and "avslag" in full
    assert "Ärendet anmäldes." in full and "Ingen gruppbehandling." in full

    export = await world.fake.run_command(
        world.secretary, world.channel, "export", {"meeting": 1, "format": "docx"}
    )
    [message] = await export.followups(1, timeout=60)
    document = Document(io.BytesIO(message.files[0].data))
    body = "\n".join(p.text for p in document.paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    arenden = [h for h in headings if "KF-ärende" in h]
    assert len(arenden) == len(expected)  # one § per ärende, with or without a vote
    _assert_agenda_order("\n".join(arenden), expected, corrected)
    assert "Talare: Anna" in body and "Talare: Bertil" in body
    assert "Gruppens linje: Bifall" in body and "Gruppens linje: Avslag" in body
    assert "Ärendet anmäldes." in body and "Ingen gruppbehandling." in body
    world.fake.assert_no_unknown_routes()


def _informational(entry: dict[str, Any]) -> bool:
    return entry["formal"] or entry["kind"] in ("anmalan", "interpellation", "fraga", "ovrigt")


def _assert_agenda_order(text: str, expected: list[dict[str, Any]], corrected: str) -> None:
    """Every ärende appears as 'KF-ärende N', in agenda order."""
    positions = []
    for entry in expected:
        found = text.find(f"KF-ärende {entry['number']}: ")
        if found < 0:
            found = text.find(f"KF-ärende {entry['number']} ")
        assert found >= 0, f"KF-ärende {entry['number']} missing"
        positions.append(found)
    assert positions == sorted(positions)
    assert corrected in text


async def test_a_restart_in_the_middle_of_publishing_resumes_without_duplicates(
    world: World, bot_runner: BotRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await bot_runner.start()
    _fast(bot)
    await _meeting(world)
    kallelse = kallelser.build(20, shape="tyreso", seed=7)
    preview = await _import(world, kallelse)

    # The bot dies at its 25th write: after some items are fully posted, mid-way through one.
    writes = 0
    stopped = asyncio.Event()
    original_slot = Pacer.slot

    @contextlib.asynccontextmanager
    async def dying_slot(self: Pacer, kind: Kind, channel_id: int) -> AsyncIterator[None]:
        nonlocal writes
        writes += 1
        if writes >= 25:
            stopped.set()
            await asyncio.Event().wait()  # never returns: the process is about to be killed
        async with original_slot(self, kind, channel_id):
            yield

    monkeypatch.setattr(Pacer, "slot", dying_slot)
    publish = await world.fake.click_button(world.chair, preview, _id(preview, ":publish:0$"))
    await publish.response()
    await within(stopped.wait(), 10, "the 25th write", progress=lambda: world.fake.activity)
    for task in list(_agenda_flow._TASKS):
        task.cancel()
    await _agenda_flow.wait_for_publishing()
    before = len(_item_embeds(world))
    assert 0 < before < 20
    monkeypatch.setattr(Pacer, "slot", original_slot)

    bot = await bot_runner.restart()
    _fast(bot)
    await _wait_published(world)
    await _agenda_flow.wait_for_publishing()

    decisions = [e for e in kallelse.items if not _informational(e)]
    embeds = _item_embeds(world)
    titles = [m.embeds[0]["title"].split(". ", 1)[1] for m in embeds]
    assert titles == [e["title"] for e in decisions]  # each once, in agenda order
    for message, entry in zip(embeds, decisions, strict=True):
        thread = world.guild.channels[message.thread_id]  # type: ignore[index]
        assert len(world.fake.messages_in(thread)) == len(entry["proposal"])
    texts = [m.content for m in world.fake.messages_in(world.channel)]
    assert sum("Kallelsen till möte 1" in text or "Publicerar" in text for text in texts) == 1
    assert sum("För kännedom" in text for text in texts) == 1
    async with bot.db.read() as conn:
        [imported] = [i for i in [await agenda_db.get_import(conn, 1)] if i]
    assert imported.status == "published"


async def test_a_restart_after_a_thread_is_recorded_links_it_in_the_embed_on_resume(
    world: World, bot_runner: BotRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot dies after recording an item's thread but before the embed edit that links it:
    the resumed run edits the embed, so every item says where to vote. And every vote message
    ends showing what the record says, those posted before the restart too (the resumed run
    does not take them as showing its own render)."""
    bot = await bot_runner.start()
    _fast(bot)
    await _meeting(world)
    kallelse = kallelser.build(10, shape="arende", seed=5)
    preview = await _import(world, kallelse)

    # The second edit in the group's channel is the second item's embed, linking its thread;
    # the bot dies there once the first item's first vote message is posted and recorded
    # (the bot's reactions on it come after the record).
    stopped, voted = asyncio.Event(), asyncio.Event()
    edits = 0
    original_slot = Pacer.slot

    @contextlib.asynccontextmanager
    async def dying_slot(self: Pacer, kind: Kind, channel_id: int) -> AsyncIterator[None]:
        nonlocal edits
        if kind == "reaction" and channel_id != world.channel.id:
            voted.set()
        if kind == "edit" and channel_id == world.channel.id:
            edits += 1
            if edits == 2:
                await voted.wait()
                stopped.set()
                await asyncio.Event().wait()  # never returns: the process is about to be killed
        async with original_slot(self, kind, channel_id):
            yield

    monkeypatch.setattr(Pacer, "slot", dying_slot)
    publish = await world.fake.click_button(world.chair, preview, _id(preview, ":publish:0$"))
    await publish.response()
    await within(stopped.wait(), 10, "the second embed edit", progress=lambda: world.fake.activity)
    for task in list(_agenda_flow._TASKS):
        task.cancel()
    await _agenda_flow.wait_for_publishing()
    [linked, gap] = _item_embeds(world)
    assert f"<#{linked.thread_id}>" in str(linked.embeds[0])
    assert gap.thread_id is not None
    async with bot.db.read() as conn:
        [thread_id] = await conn.execute_fetchall(
            "SELECT thread_id FROM items WHERE message_id = ?", (gap.id,)
        )
    assert thread_id[0] == gap.thread_id  # recorded before the bot died
    assert f"<#{gap.thread_id}>" not in str(gap.embeds[0])
    assert world.fake.messages_in(world.guild.channels[linked.thread_id])  # a vote message
    monkeypatch.setattr(Pacer, "slot", original_slot)

    # While the bot is down one more member gets the voting role: the vote messages posted
    # before the restart count one voter fewer than the electorate the resumed run fixes.
    await bot_runner.stop()
    await world.fake.set_roles(world.outsider, [world.member_role])
    bot = await bot_runner.start()
    _fast(bot)
    await _wait_published(world)
    await _agenda_flow.wait_for_publishing()
    decisions = [e for e in kallelse.items if not _informational(e)]
    embeds = _item_embeds(world)
    assert len(embeds) == len(decisions)
    for message in embeds:
        assert f"<#{message.thread_id}>" in message.embeds[0]["fields"][-1]["value"], (
            message.embeds[0]
        )
    # Every vote message shows what the record says, those posted before the restart too.
    await settled(bot, world.fake)
    async with bot.db.read() as conn:
        published = await items.for_group(conn, world.guild.id)
    for item in published:
        for state in await voting.vote_message_states(bot.db, item.id, []):
            assert state.yrkande.vote_message_id is not None
            shown = world.fake.messages[state.yrkande.vote_message_id].content
            assert shown == render_vote_message(state)


async def test_motion_post_fills_an_imported_arende_that_had_no_proposal(
    world: World, bot_runner: BotRunner
) -> None:
    bot = await bot_runner.start()
    _fast(bot)
    await _meeting(world)
    text = "Kallelse\n\n1. Upprop\n2. Motion från Erik Sund (L) om läxhjälp på biblioteken\n"
    interaction = await world.fake.run_command(
        world.chair, world.channel, "meeting import", {"meeting": 1}, [("k.txt", text.encode())]
    )
    await interaction.response()
    [preview] = await interaction.followups(1)
    publish = await world.fake.click_button(world.chair, preview, _id(preview, ":publish:0$"))
    await publish.response()
    await _wait_published(world)
    await _agenda_flow.wait_for_publishing()
    [item] = _item_embeds(world)
    thread = world.guild.channels[item.thread_id]  # type: ignore[index]
    assert world.fake.messages_in(thread) == []
    assert "0 att-satser" in str(item.embeds[0])

    post = await world.fake.run_command(
        world.chair,
        world.channel,
        "motion post",
        {
            "meeting": 1,
            "agenda_item": 2,
            "text": "Tjänsteskrivelse\n\nFörslag till beslut\n\natt motionen avslås.",
        },
    )
    await post.response()
    [draft] = await post.followups(1)
    click = await world.fake.click_button(world.chair, draft, _id(draft, ":publish$"))
    done = await click.original_edited(timeout=15)
    assert "ärende 1" in done.content
    [vote] = world.fake.messages_in(thread)
    assert "att motionen avslås." in vote.content
    assert _item_embeds(world) == [world.fake.messages[item.id]]  # no second item posted
    assert "1 att-satser" in str(world.fake.messages[item.id].embeds[0])


async def test_a_second_click_on_publicera_valda_while_publishing_posts_nothing_twice(
    world: World, bot_runner: BotRunner
) -> None:
    bot = await bot_runner.start()
    _fast(bot)
    await _meeting(world)
    kallelse = kallelser.build(12, shape="arende", seed=5)
    preview = await _import(world, kallelse)
    first = await world.fake.click_button(world.chair, preview, _id(preview, ":publish:0$"))
    await first.response()
    preview = world.fake.messages[preview.id]
    second = await world.fake.click_button(world.chair, preview, _id(preview, ":publish:0$"))
    assert "Publicerar i" in (await second.response()).content
    await _wait_published(world)
    await _agenda_flow.wait_for_publishing()
    decisions = [e for e in kallelse.items if not _informational(e)]
    titles = [m.embeds[0]["title"].split(". ", 1)[1] for m in _item_embeds(world)]
    assert titles == [e["title"] for e in decisions]
    texts = [m.content for m in world.fake.messages_in(world.channel)]
    assert sum("Kallelsen till möte 1" in text for text in texts) == 1
    assert sum("För kännedom" in text for text in texts) == 1
