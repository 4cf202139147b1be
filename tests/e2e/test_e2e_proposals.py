"""The group's own yrkanden end to end over the fake Discord (issue 15, parts 1 and 2).

The chair publishes a motion with two att-satser. A member tables an ändringsyrkande on
att-sats 2 through the "Nytt yrkande" button and its modal; another tables a
tilläggsyrkande with /proposal add; a third tables återremiss and withdraws it. The bot
is restarted (the button still works). Refusals (someone else's yrkande, a bad order, an
outsider) change nothing. The chair locks: the propositionsordning is posted in the
thread, and nothing can be tabled or withdrawn after that. Every change is audited.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from bot.app import YrkaBot
from bot.domain.alternatives import QuestionKind
from db import audit, items, proposals
from tests.e2e.test_e2e_outcomes import post_and_publish
from tests.e2e.test_permissions_matrix import dump
from tests.support.e2e import BotRunner, World, settled, setup_group
from tests.support.fakediscord import FakeInteraction, FakeMessage

pytestmark = pytest.mark.e2e

MOTION = (
    "Motion om nattbussar\n\nVi yrkar\n\natt regionen inför nattbussar\n\n"
    "att nattbussarna går varje timme"
)
CHANGE = "att nattbussarna går varannan timme"
ADDITION = "att regionen utvärderar nattbussarna efter ett år"
REFERRAL = "Ärendet behöver en kostnadsberäkning."
YES, NO = "\N{WHITE HEAVY CHECK MARK}", "\N{CROSS MARK}"


async def ephemeral_text(interaction: FakeInteraction) -> str:
    """What the person alone saw: the reply, or the answer after a thinking defer."""
    reply = await interaction.response(timeout=10)
    if reply.type == 5:  # deferred: the answer comes as a follow-up or an edit
        message = await interaction.answered(timeout=10)
        assert message.ephemeral
        return message.content
    assert reply.ephemeral, reply.content
    return reply.content


async def command(world: World, who: Any, line: str, options: dict[str, Any]) -> str:
    interaction = await world.fake.run_command(who, world.channel, line, options)
    return await ephemeral_text(interaction)


def thread_messages(world: World, head: FakeMessage) -> list[FakeMessage]:
    assert head.thread_id is not None
    return world.fake.messages_in(world.guild.channels[head.thread_id])


async def test_members_table_withdraw_and_the_chair_locks_the_beslutsgang(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot: YrkaBot = await bot_runner.start()
    await setup_group(world)
    created = await fake.run_command(
        world.chair,
        world.channel,
        "meeting create",
        {"title": "Regionfullmäktige 8 december", "date": "2026-12-08"},
    )
    assert "är skapat" in (await created.response()).content
    await post_and_publish(world, MOTION)
    head = fake.messages_in(world.channel)[-1]
    assert "yrka:propose:1" in head.custom_ids(), "the motion message offers Nytt yrkande"
    anna, bertil, cecilia = world.members[:3]

    # 1. Anna: the button, the modal, an ändringsyrkande on att-sats 2.
    click = await fake.click_button(anna, head, "yrka:propose:1")
    modal = await click.response()
    assert modal.is_modal, modal
    submitted = await fake.submit_modal(
        anna, click, None, {"kind": "change", "yrkande": "2", "text": CHANGE}
    )
    assert "Ditt yrkande 1 i ärende 1 är lagt" in await ephemeral_text(submitted)

    # An outsider gets no modal; a mistyped att-sats is refused; neither changes anything.
    await settled(bot, fake)
    before = await dump(bot)
    outsider = await fake.click_button(world.outsider, head, "yrka:propose:1")
    refused = await outsider.response()
    assert not refused.is_modal and refused.ephemeral and "behörighet" in refused.content
    again = await fake.click_button(bertil, head, "yrka:propose:1")
    typo = await fake.submit_modal(
        bertil, again, None, {"kind": "own", "yrkande": "två", "text": "att något"}
    )
    assert "Att-satsen anges med ett nummer" in await ephemeral_text(typo)
    await settled(bot, fake)
    assert await dump(bot) == before

    # 2. Bertil: /proposal add, a tilläggsyrkande on att-sats 1.
    said = await command(
        world,
        bertil,
        "proposal add",
        {"motion": 1, "kind": "addition", "text": ADDITION, "yrkande": 1},
    )
    assert "Ditt yrkande 2 i ärende 1 är lagt" in said

    # 3. Cecilia tables återremiss; Bertil may not withdraw it (nothing changes); she does.
    said = await command(
        world, cecilia, "proposal add", {"motion": 1, "kind": "referral", "text": REFERRAL}
    )
    assert "Ditt yrkande 3" in said
    await settled(bot, fake)
    before = await dump(bot)
    said = await command(world, bertil, "proposal withdraw", {"motion": 1, "proposal": 3})
    assert "att du lade yrkandet, eller ordföranderollen" in said
    said = await command(
        world, world.outsider, "proposal add", {"motion": 1, "kind": "own", "text": "att x"}
    )
    assert "behörighet" in said
    await settled(bot, fake)
    assert await dump(bot) == before, "a refusal changed the database"
    said = await command(world, cecilia, "proposal withdraw", {"motion": 1, "proposal": 3})
    assert "Yrkande 3 i ärende 1 är återkallat" in said

    # The cards in the thread: three posted, the withdrawn one struck.
    await settled(bot, fake)
    cards = [m for m in thread_messages(world, head) if "📝" in m.content or "~~" in m.content]
    texts = [m.content for m in cards]
    assert any(
        "Yrkande 1" in c and "ändringsyrkande till att-sats 2" in c and CHANGE in c for c in texts
    ), texts
    assert any("Yrkande 2" in c and "tilläggsyrkande till att-sats 1" in c for c in texts), texts
    assert any("~~Yrkande 3~~ är återkallat" in c for c in texts), texts

    # 4. A restart: the button on the old motion message still opens the modal.
    bot = await bot_runner.restart()
    again = await fake.click_button(world.members[3], head, "yrka:propose:1")
    assert (await again.response()).is_modal

    # 5. The list before locking: withdrawn struck, the default order's keys.
    listing = await command(world, world.members[4], "proposal list", {"motion": 1})
    assert "ändringsyrkande till att-sats 2" in listing
    assert "~~återremissyrkande av" in listing
    assert "a1 p2 a2" in listing, listing

    # 6. A bad order is refused (an addition before its att-sats) and changes nothing.
    await settled(bot, fake)
    before = await dump(bot)
    said = await command(world, world.chair, "proposal lock", {"motion": 1, "order": "p2 a1 a2"})
    assert "Ett tilläggsyrkande avgörs efter sin att-sats" in said
    said = await command(world, anna, "proposal lock", {"motion": 1})
    assert "behörighet" in said
    await settled(bot, fake)
    assert await dump(bot) == before

    # 7. The chair locks with the procedure's order.
    known = {m.id for m in thread_messages(world, head)}
    said = await command(world, world.chair, "proposal lock", {"motion": 1})
    assert "Beslutsgången i ärende 1 är låst" in said
    await settled(bot, fake)
    order = next(m for m in thread_messages(world, head) if "Propositionsordning" in m.content)
    rounds = [m for m in thread_messages(world, head) if m.id not in known | {order.id}]
    assert len(rounds) == 2  # the addition's and the alternatives' (att-sats 1 keeps its own)
    # Each question's vote message went out as the view renders it: no edit before a vote.
    assert [m.edits for m in rounds] == [0, 0]
    assert "1. Att-sats 1: att regionen inför nattbussar" in order.content, order.content
    assert "2. Tilläggsyrkande 2" in order.content
    assert "3. Att-sats 2, alternativ:" in order.content
    assert "1️⃣ Ursprunglig att-sats: att nattbussarna går varje timme" in order.content
    assert f"2️⃣ ändringsyrkande 1 (<@{anna.id}>): {CHANGE}" in order.content
    assert "Återremiss (" not in order.content, "a withdrawn yrkande is not in the order"

    # 8. After the lock nothing can be tabled or withdrawn, with a sentence saying why.
    before = await dump(bot)
    locked = "Beslutsgången i ärende 1 är låst"
    said = await command(
        world, bertil, "proposal add", {"motion": 1, "kind": "own", "text": "att y"}
    )
    assert locked in said
    said = await command(world, anna, "proposal withdraw", {"motion": 1, "proposal": 1})
    assert locked in said
    late = await fake.click_button(anna, head, "yrka:propose:1")
    late_reply = await late.response()
    assert not late_reply.is_modal and locked in late_reply.content
    await settled(bot, fake)
    assert await dump(bot) == before

    # The record: the lock's questions, the proposals, the audit chain.
    async with bot.db.read() as conn:
        item = await items.by_number(conn, world.guild.id, 1)
        assert item is not None
        lock = await proposals.lock_of(conn, item.id)
        tabled = await proposals.for_item(conn, item.id)
        chain = await audit.entries(conn, world.guild.id)
    assert lock is not None and lock.order_message_id == order.id
    assert [q.key for q in lock.questions] == ["a1", "p2", "a2"]
    assert lock.questions[2].kind is QuestionKind.ALTERNATIVES
    assert [(p.number, p.active) for p in tabled] == [(1, True), (2, True), (3, False)]
    assert tabled[0].author_id == anna.id and tabled[0].yrkande_number == 2
    actions = [e.action for e in chain if e.action.startswith("proposal.")]
    assert actions == [
        "proposal.table",
        "proposal.table",
        "proposal.table",
        "proposal.withdraw",
        "proposal.lock",
    ]


async def test_after_closing_the_brief_and_minutes_carry_the_beslutsgang_and_dissent(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot: YrkaBot = await bot_runner.start()
    await setup_group(world)
    created = await fake.run_command(
        world.chair,
        world.channel,
        "meeting create",
        {"title": "Regionfullmäktige 8 december", "date": "2026-12-08"},
    )
    assert "är skapat" in (await created.response()).content
    vote_messages = await post_and_publish(world, MOTION)
    anna, bertil = world.members[:2]
    said = await command(
        world, anna, "proposal add", {"motion": 1, "kind": "change", "text": CHANGE, "yrkande": 2}
    )
    assert "är lagt" in said
    assert "är låst" in await command(world, world.chair, "proposal lock", {"motion": 1})
    # Att-sats 1 has no rivals: its ✅❌➖ vote decides it. Bertil votes against.
    first = next(m for m in vote_messages if "inför nattbussar" in m.content)
    for voter in world.voters:
        await fake.add_reaction(voter, first, NO if voter is bertil else YES)
    await settled(bot, fake)

    # Before closing a dissent is refused; after, Bertil's is registered, Anna's refused.
    said = await command(world, bertil, "proposal dissent", {"motion": 1, "text": "Nej."})
    assert "först när ärende 1 är stängt" in said
    closing = await fake.run_command(world.chair, world.channel, "motion close", {"motion": 1})
    assert "är stängd" in (await closing.followups(1, timeout=15))[0].content
    await settled(bot, fake)
    before = await dump(bot)
    said = await command(world, anna, "proposal dissent", {"motion": 1, "text": "Jag med."})
    assert "att du röstade emot gruppens linje i ärendet" in said
    await settled(bot, fake)
    assert await dump(bot) == before
    dissent = "Nattbussar är för dyra för regionen."
    said = await command(world, bertil, "proposal dissent", {"motion": 1, "text": dissent})
    assert "Din avvikande mening i ärende 1 är registrerad" in said

    # The brief prints what the speaker tables.
    briefed = await fake.run_command(
        world.secretary, world.channel, "meeting brief", {"meeting": 1}
    )
    await briefed.answered(timeout=15)
    await settled(bot, fake)
    brief = next(m for m in fake.messages_in(world.channel) if "Gruppens linje" in m.content)
    assert "Talaren yrkar i fullmäktige" in brief.content, brief.content
    assert "Gruppen yrkar bifall till att-sats 1: att regionen inför nattbussar" in brief.content

    # The DOCX minutes: Yrkanden i gruppen, Beslutsgång, Beslut, Avvikande mening.
    exported = await fake.run_command(
        world.secretary, world.channel, "export", {"meeting": 1, "format": "docx"}
    )
    message = await exported.answered(timeout=30)
    [docx] = [f.data for f in message.files if f.filename.endswith(".docx")]
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    for expected in (
        "Yrkanden i gruppen",
        f"Yrkande 1: ändringsyrkande till att-sats 2 av {anna.name}: {CHANGE}",
        "Beslutsgång",
        "1. Att-sats 1: att regionen inför nattbussar",
        f"bifall {len(world.voters) - 1}, avslag 1, avstår 0, ej röstat 0",
        "2. Att-sats 2, alternativen:",
        f"2️⃣ ändringsyrkande 1 ({anna.name}): {CHANGE}",
        "Gruppen yrkar bifall till att-sats 1: att regionen inför nattbussar",
        "Avvikande mening",
        f"{bertil.name}: {dissent}",
    ):
        assert expected in text, expected
    async with bot.db.read() as conn:
        actions = [e.action for e in await audit.entries(conn, world.guild.id)]
    assert actions.count("proposal.dissent") == 1
