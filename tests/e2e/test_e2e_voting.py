"""End to end: members vote by reaction, the bot keeps the record and the view in step."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import YrkaBot
from bot.domain.models import (
    EMOJI_BY_CHOICE,
    Choice,
    ItemStatus,
    VoteSource,
)
from bot.runtime.votes import VoteTimings
from bot.services import voting
from db import comments, groups, items, votes
from tests.support.e2e import (
    START,
    BotRunner,
    Published,
    World,
    eventually,
    publish_item,
    settled,
    setup_group,
    within,
)
from tests.support.fakediscord import FakeDiscord, FakeMessage
from tests.support.fakediscord.state import MANAGE_MESSAGES, ThreadArchived

pytestmark = pytest.mark.e2e

B, A, S = Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR
YES, NO, ABSTAIN = EMOJI_BY_CHOICE[B], EMOJI_BY_CHOICE[A], EMOJI_BY_CHOICE[S]
THUMBS = "\N{THUMBS UP SIGN}"


def edits_of(fake: FakeDiscord, message: FakeMessage) -> int:
    return len(fake.calls("PATCH", rf"/messages/{message.id}$"))


@pytest.fixture
async def published(running_bot: YrkaBot, world: World) -> Published:
    return await publish_item(running_bot, world, ("att införa nattbussar", "att sänka taxan"))


async def test_members_vote_switch_withdraw_and_invalid_reactions_are_removed(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, db = world.fake, running_bot.db
    message, yrkande_id = published.vote_messages[0], published.yrkande_ids[0]
    anna, bertil, cecilia = world.members[:3]
    assert "0 bifall" in message.content and "8 har inte röstat" in message.content

    await fake.add_reaction(anna, message, YES)
    await fake.add_reaction(bertil, message, NO)
    await fake.add_reaction(cecilia, message, ABSTAIN)
    await fake.add_reaction(bertil, message, YES)  # switch: the bot removes ❌
    await fake.add_reaction(world.outsider, message, YES)  # no voting role
    await fake.add_reaction(anna, message, THUMBS)  # not a vote emoji

    async def settled() -> bool:
        reactions = fake.reactions_on(message)
        return (
            bertil.id not in reactions.get(NO, [])
            and world.outsider.id not in reactions.get(YES, [])
            and THUMBS not in reactions
        )

    await eventually(settled, "the bot removes the replaced and the invalid reactions")
    await fake.remove_reaction(cecilia, message, ABSTAIN)  # withdraw

    async def stored() -> dict[int, Choice]:
        return await voting.current_votes_of(db, yrkande_id)

    async def withdrawn() -> bool:
        return await stored() == {anna.id: B, bertil.id: B}

    await eventually(withdrawn, "two bifall, Cecilia withdrawn")
    await eventually(
        lambda: asyncio.sleep(0, "2 bifall · ❌ 0 avslag · ➖ 0 avstår · 6 har" in message.content),
        "the tally shows the switch and the withdrawal",
    )
    reactions = fake.reactions_on(message)
    assert sorted(reactions[YES]) == sorted([fake.bot_user.id, anna.id, bertil.id])
    assert reactions[NO] == [fake.bot_user.id] and reactions[ABSTAIN] == [fake.bot_user.id]
    async with db.read() as conn:
        history = [(e.member_id, e.choice) for e in await votes.events_for(conn, yrkande_id)]
    assert history == [
        (anna.id, B),
        (bertil.id, A),
        (cecilia.id, S),
        (bertil.id, B),
        (cecilia.id, None),
    ]
    # The outsider is told why, privately.
    notice = fake.messages_in(fake.dm_channel(world.outsider))
    assert notice and "röstberättigade" in notice[-1].content


async def test_reaction_on_closed_yrkande_is_removed_and_not_counted(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, db = world.fake, running_bot.db
    message = published.vote_messages[1]
    async with db.transaction() as conn:
        await items.set_status(
            conn, published.item_id, ItemStatus.CLOSED, now=START, actor_id=world.chair.id
        )
    await running_bot.votes.refresh_item(published.item_id)
    assert "stängd" in message.content
    await fake.add_reaction(world.members[0], message, YES)

    async def removed() -> bool:
        return world.members[0].id not in fake.reactions_on(message).get(YES, [])

    await eventually(removed, "the bot removes a reaction on a closed yrkande")
    assert await voting.current_votes_of(db, published.yrkande_ids[1]) == {}


async def test_burst_of_twenty_reactions_gives_one_edit_per_interval_and_exact_counts(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot_runner.timings = VoteTimings(tally_interval=1.0)  # a burst fits well inside it
    running_bot = await bot_runner.start()
    await setup_group(world)
    published = await publish_item(running_bot, world, ("att införa nattbussar",))
    extra = [await fake.add_member(f"Ledamot {n}", [world.member_role]) for n in range(12)]
    voters = [*world.voters, *extra]  # 20 with the voting role
    assert len(voters) == 20
    message = published.vote_messages[0]
    before = edits_of(fake, message)
    choices = [YES] * 11 + [NO] * 6 + [ABSTAIN] * 3
    await asyncio.gather(
        *(fake.add_reaction(v, message, e) for v, e in zip(voters, choices, strict=True))
    )

    async def all_recorded() -> bool:
        return len(await voting.current_votes_of(running_bot.db, published.yrkande_ids[0])) == 20

    await eventually(all_recorded, "20 votes recorded")
    await settled(running_bot, fake)  # includes the pending tally edit
    assert "11 bifall · ❌ 6 avslag · ➖ 3 avstår · 0 har" in message.content
    assert edits_of(fake, message) - before == 1, "one edit for the whole burst"


async def test_thread_comments_are_stored_with_edits_and_deletions(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, db = world.fake, running_bot.db
    thread = fake.channel(published.thread_id)
    first = await fake.send_message(
        world.members[0], thread, "Bra, men dyrt", attachments=[("kalkyl.pdf", b"%PDF")]
    )
    second = await fake.send_message(world.members[1], thread, "Håller med")
    await fake.send_message(world.members[1], world.channel, "Inte i tråden")

    async def both_stored() -> bool:
        async with db.read() as conn:
            return await comments.count_for_item(conn, published.item_id) == 2

    # A person edits seconds later; discord.py updates its cached message in place, so an
    # edit in the same instant as the post would reach on_message already edited.
    await eventually(both_stored, "both thread messages stored")
    await fake.edit_message(first, "Bra, men kostnaden behöver beräknas")
    await fake.delete_message(second)

    async def stored() -> bool:
        async with db.read() as conn:
            rows = (await comments.for_items(conn, [published.item_id]))[published.item_id]
        return len(rows) == 2 and rows[1]["deleted_at"] is not None and rows[0]["edited_at"]

    await eventually(stored, "two comments, one edited, one deleted")
    async with db.read() as conn:
        rows = (await comments.for_items(conn, [published.item_id]))[published.item_id]
        history = await comments.revisions(conn, first.id)
        count = await comments.count_for_item(conn, published.item_id)
    assert [(r["author_name"], r["content"], r["attachments_json"]) for r in rows] == [
        ("Anna", "Bra, men kostnaden behöver beräknas", '["kalkyl.pdf"]'),
        ("Bertil", "Håller med", "[]"),
    ]
    assert history == ["Bra, men dyrt"]
    assert count == 1


async def test_restart_records_reactions_changed_while_offline(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot = await bot_runner.start()
    await setup_group(world)
    published = await publish_item(bot, world, ("att införa nattbussar",))
    message = published.vote_messages[0]
    anna, bertil, cecilia, david = world.members[:4]
    for member, emoji in ((anna, YES), (bertil, NO)):
        await fake.add_reaction(member, message, emoji)

    async def two_votes() -> bool:
        return len(await voting.current_votes_of(bot.db, published.yrkande_ids[0])) == 2

    await eventually(two_votes, "two live votes before the restart")
    await bot_runner.stop()

    await fake.add_reaction(cecilia, message, ABSTAIN, dispatch=False)
    await fake.add_reaction(david, message, YES, dispatch=False)
    await fake.remove_reaction(bertil, message, NO, dispatch=False)
    await fake.add_reaction(world.outsider, message, NO, dispatch=False)

    bot = await bot_runner.start()
    await within(
        bot.votes.reconciler.reconciled.wait(), 5, "reconciled", progress=lambda: fake.activity
    )
    stored = await voting.current_votes_of(bot.db, published.yrkande_ids[0])
    reactions = fake.reactions_on(message)
    from_reactions = {
        user_id: choice
        for choice, emoji in EMOJI_BY_CHOICE.items()
        for user_id in reactions.get(emoji, [])
        if user_id != fake.bot_user.id
    }
    assert stored == from_reactions == {anna.id: B, cecilia.id: S, david.id: B}
    async with bot.db.read() as conn:
        events = await votes.events_for(conn, published.yrkande_ids[0])
    assert [(e.member_id, e.choice, e.source) for e in events[2:]] == sorted(
        [
            (bertil.id, None, VoteSource.RECONCILE),
            (cecilia.id, S, VoteSource.RECONCILE),
            (david.id, B, VoteSource.RECONCILE),
        ],
        key=lambda row: row[0],
    )
    await settled(bot, fake)  # the re-render goes with the thread's next tally edits
    assert "2 bifall · ❌ 0 avslag · ➖ 1 avstår" in message.content


async def test_member_who_left_keeps_the_recorded_vote(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, db = world.fake, running_bot.db
    message = published.vote_messages[0]
    leaver = world.members[5]
    await fake.add_reaction(leaver, message, NO)

    async def voted() -> bool:
        return await voting.current_votes_of(db, published.yrkande_ids[0]) == {leaver.id: A}

    await eventually(voted, "the vote is recorded")
    await fake.remove_member(leaver)

    async def marked() -> bool:
        async with db.read() as conn:
            return (await groups.member_names(conn, world.guild.id)).get(leaver.id, ("", False))[1]

    await eventually(marked, "the member is marked as having left")
    await running_bot.votes.reconciler.reconcile_item(published.item_id)
    assert await voting.current_votes_of(db, published.yrkande_ids[0]) == {leaver.id: A}
    await eventually(
        lambda: asyncio.sleep(0, "1 avslag · ➖ 0 avstår · 7 har inte röstat" in message.content),
        "the tally counts the vote and no longer waits for the member",
    )


@pytest.mark.parametrize(
    ("label", "who", "names_shown"),
    [
        ("secretary sees who has not voted", "secretary", True),
        ("member sees numbers", "member", False),
    ],
)
async def test_motion_status_reconciles_first_and_shows_names_only_to_secretary(
    running_bot: YrkaBot,
    world: World,
    published: Published,
    label: str,
    who: str,
    names_shown: bool,
) -> None:
    fake = world.fake
    message = published.vote_messages[0]
    anna, bertil = world.members[:2]
    await fake.add_reaction(anna, message, YES)
    # A reaction the bot never heard about: /motion status reconciles before counting.
    await fake.add_reaction(bertil, message, NO, dispatch=False)
    await fake.send_message(anna, fake.channel(published.thread_id), "Jag är för")
    person = world.secretary if who == "secretary" else world.members[2]
    interaction = await fake.run_command(person, world.channel, "motion status", {"motion": 1})
    (reply,) = await interaction.followups(1)
    assert reply.ephemeral, label
    text = reply.embeds[0]["description"]
    assert "✅ 1 bifall · ❌ 1 avslag · ➖ 0 avstår · 6 har inte röstat" in text
    assert "Kommentarer i tråden: 1" in text
    assert "Röstningen är öppen till lör 28 nov 2026 kl. 13:00" in text
    assert ("Har inte röstat: " in text and "Cecilia" in text) is names_shown, label
    assert await voting.current_votes_of(running_bot.db, published.yrkande_ids[0]) == {
        anna.id: B,
        bertil.id: A,
    }


async def test_motion_status_refuses_outsider_and_unknown_number(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake = world.fake
    refused = await fake.run_command(world.outsider, world.channel, "motion status", {"motion": 1})
    reply = await refused.response()
    assert reply.ephemeral and "behörighet" in reply.content
    unknown = await fake.run_command(
        world.members[0], world.channel, "motion status", {"motion": 9}
    )
    reply = await unknown.response()
    assert reply.ephemeral and "Hittade inget ärende med nummer 9" in reply.content


async def test_after_drained_every_reaction_is_recorded_and_switches_are_cleaned_up(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, ingest = world.fake, running_bot.votes.ingest
    message, yrkande_id = published.vote_messages[0], published.yrkande_ids[0]
    voters = world.voters
    choices = [YES, NO, ABSTAIN] * len(voters)
    # Everyone votes, then half switch, sent without the fake's settle; once the bot has
    # received them all, drained() alone must make the record and the view exact.
    received = ingest.received
    for voter, emoji in zip(voters, choices, strict=False):
        await fake.react_as(voter.id, message, emoji, dispatch=True)
    switchers = [v for v, e in zip(voters, choices, strict=False) if e != ABSTAIN][::2]
    for voter in switchers:
        await fake.react_as(voter.id, message, ABSTAIN, dispatch=True)
    sent = len(voters) + len(switchers)

    async with asyncio.timeout(5):
        while ingest.received - received < sent:
            await asyncio.sleep(0)  # no longer than needed: drained() must do the waiting
    await running_bot.votes.drained()

    expected = {
        v.id: S if v in switchers else {YES: B, NO: A, ABSTAIN: S}[e]
        for v, e in zip(voters, choices, strict=False)
    }
    # The view first: reading the record would wait for the writer's transaction anyway.
    held: dict[int, list[str]] = {}
    for emoji, users in fake.reactions_on(message).items():
        for user_id in users:
            held.setdefault(user_id, []).append(emoji)
    assert {v.id: held.get(v.id) for v in voters} == {
        member_id: [EMOJI_BY_CHOICE[choice]] for member_id, choice in expected.items()
    }
    assert await voting.current_votes_of(running_bot.db, yrkande_id) == expected


async def close_item(bot: YrkaBot, world: World, item_id: int) -> None:
    """Close an item in the record and show it on its vote messages."""
    async with bot.db.transaction() as conn:
        await items.set_status(conn, item_id, ItemStatus.CLOSED, now=START, actor_id=world.chair.id)
    await bot.votes.refresh_item(item_id)


async def test_open_motions_thread_archived_by_discord_is_unarchived_and_votes_count(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, db = world.fake, running_bot.db
    thread = fake.guild.channels[published.thread_id]
    await fake.archive_thread(thread)  # a week without messages

    async def unarchived() -> bool:
        return not thread.archived

    await eventually(unarchived, "the bot unarchives the open motion's thread")
    assert [call.json for call in fake.calls("PATCH", rf"^/channels/{thread.id}$")] == [
        {"archived": False}
    ]
    anna = world.members[0]
    await fake.add_reaction(anna, published.vote_messages[0], YES)

    async def recorded() -> bool:
        return await voting.current_votes_of(db, published.yrkande_ids[0]) == {anna.id: B}

    await eventually(recorded, "a reaction in the unarchived thread is a recorded vote")


async def test_closed_motions_archived_thread_stays_archived_and_refuses_reactions(
    running_bot: YrkaBot, world: World
) -> None:
    fake = world.fake
    closed = await publish_item(running_bot, world, ("att stänga",))
    still_open = await publish_item(running_bot, world, ("att öppna",))
    await close_item(running_bot, world, closed.item_id)
    closed_thread = fake.guild.channels[closed.thread_id]
    open_thread = fake.guild.channels[still_open.thread_id]
    await fake.archive_thread(closed_thread)
    await fake.archive_thread(open_thread)

    async def open_one_unarchived() -> bool:
        return not open_thread.archived

    # The open thread's update came second: once it is handled, the first one was too.
    await eventually(open_one_unarchived, "the open motion's thread is unarchived")
    await settled(running_bot, fake)
    assert closed_thread.archived
    assert fake.calls("PATCH", rf"^/channels/{closed_thread.id}$") == []
    with pytest.raises(ThreadArchived):
        await fake.add_reaction(world.members[0], closed.vote_messages[0], YES)
    assert await voting.current_votes_of(running_bot.db, closed.yrkande_ids[0]) == {}


async def test_start_up_unarchives_open_motions_threads_archived_while_offline(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot = await bot_runner.start()
    await setup_group(world)
    closed = await publish_item(bot, world, ("att stänga",))
    still_open = await publish_item(bot, world, ("att öppna",))
    await close_item(bot, world, closed.item_id)
    await bot_runner.stop()
    closed_thread = fake.guild.channels[closed.thread_id]
    open_thread = fake.guild.channels[still_open.thread_id]
    await fake.archive_thread(closed_thread)  # nobody connected: no event reaches the bot
    await fake.archive_thread(open_thread)

    bot = await bot_runner.start()
    await within(
        bot.votes.reconciler.reconciled.wait(), 5, "reconciled", progress=lambda: fake.activity
    )
    assert not open_thread.archived
    assert closed_thread.archived
    # Archived threads are not in GUILD_CREATE: the bot fetched the open one to see its state.
    assert fake.calls("GET", rf"^/channels/{open_thread.id}$")
    assert fake.calls("PATCH", rf"^/channels/{closed_thread.id}$") == []
    bertil = world.members[1]
    await fake.add_reaction(bertil, still_open.vote_messages[0], NO)

    async def recorded() -> bool:
        return await voting.current_votes_of(bot.db, still_open.yrkande_ids[0]) == {bertil.id: A}

    await eventually(recorded, "a reaction after the restart is a recorded vote")


# ---------------------------------------------------------------- background paths


async def test_role_change_moves_member_out_of_the_electorate_and_the_tally_follows(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake = world.fake
    message = published.vote_messages[0]
    assert "8 har inte röstat" in message.content
    leaver = world.members[5]
    await fake.set_roles(leaver, [])  # the voting role is taken away
    await settled(running_bot, fake)
    async with running_bot.db.read() as conn:
        still_voting = await groups.voting_member_ids(conn, world.guild.id)
    assert leaver.id not in still_voting, "the stored voting role follows the member update"
    assert "7 har inte röstat" in message.content, "the vote message is re-rendered"


async def test_refusal_notices_are_sent_at_most_once_per_interval(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake = world.fake
    message = published.vote_messages[0]
    for emoji in (YES, NO, ABSTAIN):  # an outsider tries three times in a row
        await fake.add_reaction(world.outsider, message, emoji)
    await settled(running_bot, fake)
    notices = fake.messages_in(fake.dm_channel(world.outsider))
    assert len(notices) == 1 and "röstberättigade" in notices[0].content
    assert fake.reactions_on(message)[YES] == [fake.bot_user.id], "every refusal is removed"


async def test_bulk_deleted_thread_comments_are_marked_deleted(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, db = world.fake, running_bot.db
    thread = fake.guild.channels[published.thread_id]
    posted = [
        await fake.send_message(member, thread, f"Inlägg {n}")
        for n, member in enumerate(world.members[:3])
    ]
    await settled(running_bot, fake)
    await fake.delete_messages(thread, posted[:2])
    await settled(running_bot, fake)
    async with db.read() as conn:
        rows = (await comments.for_items(conn, [published.item_id]))[published.item_id]
        count = await comments.count_for_item(conn, published.item_id)
    deleted = {row["content"]: row["deleted_at"] is not None for row in rows}
    assert deleted == {"Inlägg 0": True, "Inlägg 1": True, "Inlägg 2": False}
    assert count == 1


async def test_reaction_the_bot_may_not_remove_stays_uncounted_and_voting_goes_on(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake, db = world.fake, running_bot.db
    role = fake.bot_role()
    await fake.set_role_permissions(role, role.permissions & ~MANAGE_MESSAGES)
    message, yrkande_id = published.vote_messages[0], published.yrkande_ids[0]
    anna, bertil = world.members[:2]
    await fake.add_reaction(world.outsider, message, YES)  # refused, and cannot be removed
    await fake.add_reaction(anna, message, YES)
    await fake.add_reaction(anna, message, NO)  # a switch whose old reaction cannot go
    await settled(running_bot, fake)
    reactions = fake.reactions_on(message)
    assert world.outsider.id in reactions[YES] and anna.id in reactions[YES]
    assert fake.calls("DELETE", rf"/messages/{message.id}/reactions/"), "the bot tried"
    assert await voting.current_votes_of(db, yrkande_id) == {anna.id: A}

    # /motion status reconciles first: the reactions it cannot remove must not stop it.
    status = await fake.run_command(world.secretary, world.channel, "motion status", {"motion": 1})
    (reply,) = await status.followups(1)
    assert (
        "✅ 0 bifall · ❌ 1 avslag · ➖ 0 avstår · 7 har inte röstat"
        in reply.embeds[0]["description"]
    )
    await fake.add_reaction(bertil, message, YES)
    await settled(running_bot, fake)
    assert await voting.current_votes_of(db, yrkande_id) == {anna.id: A, bertil.id: B}


async def test_reopen_unarchives_the_thread_closing_let_archive(
    running_bot: YrkaBot, world: World, published: Published
) -> None:
    fake = world.fake
    thread = fake.guild.channels[published.thread_id]
    close = await fake.run_command(world.chair, world.channel, "motion close", {"motion": 1})
    await close.followups(1)
    await fake.archive_thread(thread)  # a quiet week after closing
    await settled(running_bot, fake)
    assert thread.archived, "a closed motion's thread may stay archived"
    reopen = await fake.run_command(world.chair, world.channel, "motion reopen", {"motion": 1})
    (reply,) = await reopen.followups(1)
    assert "öppen igen" in reply.content
    assert not thread.archived, "reopening makes the thread usable for votes again"
    anna = world.members[0]
    await fake.add_reaction(anna, published.vote_messages[0], YES)
    await settled(running_bot, fake)
    assert await voting.current_votes_of(running_bot.db, published.yrkande_ids[0]) == {anna.id: B}
