"""End to end: start-up reconciliation costs what changed, not what exists, and stays exact.

Each open item's vote messages are read in one request (they carry their reaction counts);
user lists are read only for an item whose counts differ from what the record says.
"""

from __future__ import annotations

import pytest

from bot.app import YrkaBot
from bot.domain.models import CHOICE_BY_EMOJI, EMOJI_BY_CHOICE, Choice
from bot.services import voting
from tests.support.e2e import (
    BotRunner,
    Published,
    World,
    eventually,
    publish_item,
    setup_group,
    within,
)
from tests.support.fakediscord import FakeDiscord, FakeMessage

pytestmark = pytest.mark.e2e

B, A, S = Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR
YES, NO, ABSTAIN = EMOJI_BY_CHOICE[B], EMOJI_BY_CHOICE[A], EMOJI_BY_CHOICE[S]
ITEMS = 4
CLAUSES = 3

# Every REST request a reconciliation makes, by kind.
READS = {
    "thread reads": ("GET", r"^/channels/\d+/messages$"),
    "message reads": ("GET", r"^/channels/\d+/messages/\d+$"),
    "user list reads": ("GET", r"/reactions/[^/]+$"),
    "edits": ("PATCH", r"^/channels/\d+/messages/\d+$"),
    "removals": ("DELETE", r"/reactions/[^/]+/\d+$"),
}


def calls_since(fake: FakeDiscord, before: dict[str, int]) -> dict[str, int]:
    return {kind: len(fake.calls(*pattern)) - before[kind] for kind, pattern in READS.items()}


def calls_now(fake: FakeDiscord) -> dict[str, int]:
    return {kind: len(fake.calls(*pattern)) for kind, pattern in READS.items()}


def shown_votes(fake: FakeDiscord, message: FakeMessage, voters: set[int]) -> dict[int, Choice]:
    """Member -> the vote their reaction on the message shows (each voter holds at most one)."""
    shown: dict[int, Choice] = {}
    for emoji, users in fake.reactions_on(message).items():
        for user_id in users:
            if user_id in voters:
                assert user_id not in shown, f"{user_id} holds two vote reactions"
                shown[user_id] = CHOICE_BY_EMOJI[emoji]
    return shown


async def published_with_votes(bot: YrkaBot, world: World) -> list[Published]:
    """ITEMS open items of CLAUSES att-satser, every member's vote live on each message."""
    await setup_group(world)
    items = [
        await publish_item(bot, world, tuple(f"att {n}" for n in range(CLAUSES)))
        for _ in range(ITEMS)
    ]
    emojis = [YES, NO, ABSTAIN]
    for item in items:
        for index, message in enumerate(item.vote_messages):
            for n, member in enumerate(world.members):
                await world.fake.add_reaction(member, message, emojis[(n + index) % 3])

    async def all_recorded() -> bool:
        for item in items:
            for yrkande_id in item.yrkande_ids:
                votes = await voting.current_votes_of(bot.db, yrkande_id)
                if len(votes) != len(world.members):
                    return False
        return True

    await eventually(all_recorded, "every live vote recorded")
    return items


async def restart_reconciled(bot_runner: BotRunner) -> tuple[YrkaBot, dict[str, int]]:
    """Restart; the reconciliation's REST calls from start until it is done."""
    await bot_runner.stop()
    before = calls_now(bot_runner.fake)
    bot = await bot_runner.start()
    reconciled = bot.votes.reconciler.reconciled.wait()
    await within(reconciled, 10, "reconciled", progress=lambda: bot_runner.fake.activity)
    await bot.votes.drained()
    return bot, calls_since(bot_runner.fake, before)


async def test_an_unchanged_restart_reads_each_open_item_once(
    world: World, bot_runner: BotRunner
) -> None:
    bot = await bot_runner.start()
    items = await published_with_votes(bot, world)
    # The first restart renders the tallies (the messages still say "…"); the second finds
    # everything as the record says.
    await restart_reconciled(bot_runner)
    bot, calls = await restart_reconciled(bot_runner)
    assert calls == {
        "thread reads": ITEMS,
        "message reads": 0,
        "user list reads": 0,
        "edits": 0,
        "removals": 0,
    }
    per_item = sum(calls.values()) / ITEMS
    assert per_item <= 1.2, f"{per_item} REST calls per open item"
    voters = {member.id for member in world.voters}
    for item in items:
        for yrkande_id, message in zip(item.yrkande_ids, item.vote_messages, strict=True):
            assert await voting.current_votes_of(bot.db, yrkande_id) == shown_votes(
                world.fake, message, voters
            )


async def test_offline_switches_withdrawals_and_outsiders_are_reconciled_exactly(
    world: World, bot_runner: BotRunner
) -> None:
    fake = world.fake
    bot = await bot_runner.start()
    items = await published_with_votes(bot, world)
    await restart_reconciled(bot_runner)
    await bot_runner.stop()
    anna, bertil, cecilia, david = world.members[:4]
    first, second, third = items[0], items[1], items[2]
    # The first item: a switch, a withdrawal and an outsider's reaction while the bot is down.
    held = fake.reactions_on(first.vote_messages[0])
    anna_emoji = next(e for e, users in held.items() if anna.id in users)
    other = next(e for e in (YES, NO, ABSTAIN) if e != anna_emoji)
    await fake.remove_reaction(anna, first.vote_messages[0], anna_emoji, dispatch=False)
    await fake.add_reaction(anna, first.vote_messages[0], other, dispatch=False)
    bertil_emoji = next(
        e for e, users in fake.reactions_on(first.vote_messages[1]).items() if bertil.id in users
    )
    await fake.remove_reaction(bertil, first.vote_messages[1], bertil_emoji, dispatch=False)
    await fake.add_reaction(world.outsider, first.vote_messages[2], YES, dispatch=False)
    # The second item: changes that cancel on every emoji of one message (Cecilia takes
    # hers off, David switches to it from his), next to a visible change on another message.
    message = second.vote_messages[0]
    on = fake.reactions_on(message)
    cecilia_emoji = next(e for e, users in on.items() if cecilia.id in users)
    david_emoji = next(e for e, users in on.items() if david.id in users)
    assert cecilia_emoji != david_emoji
    await fake.remove_reaction(cecilia, message, cecilia_emoji, dispatch=False)
    await fake.remove_reaction(david, message, david_emoji, dispatch=False)
    await fake.add_reaction(david, message, cecilia_emoji, dispatch=False)
    await fake.add_reaction(world.outsider, message, david_emoji, dispatch=False)  # evens it
    await fake.add_reaction(world.outsider, second.vote_messages[1], NO, dispatch=False)

    before = calls_now(fake)
    bot = await bot_runner.start()
    reconciled = bot.votes.reconciler.reconciled.wait()
    await within(reconciled, 10, "reconciled", progress=lambda: fake.activity)
    await bot.votes.drained()
    calls = calls_since(fake, before)

    voters = {member.id for member in world.voters}

    async def exact() -> bool:
        await bot.votes.drained()
        for item in items:
            for yrkande_id, vote_message in zip(item.yrkande_ids, item.vote_messages, strict=True):
                shown = shown_votes(fake, vote_message, voters)
                if await voting.current_votes_of(bot.db, yrkande_id) != shown:
                    return False
                holders = fake.reactions_on(vote_message).values()
                if any(world.outsider.id in users for users in holders):
                    return False
        return True

    await eventually(exact, "the record is what the reactions say, outsiders removed")
    first_votes = await voting.current_votes_of(bot.db, first.yrkande_ids[0])
    assert first_votes[anna.id] == CHOICE_BY_EMOJI[other]
    assert bertil.id not in await voting.current_votes_of(bot.db, first.yrkande_ids[1])
    second_votes = await voting.current_votes_of(bot.db, second.yrkande_ids[0])
    assert cecilia.id not in second_votes
    assert second_votes[david.id] == CHOICE_BY_EMOJI[cecilia_emoji]
    # Only the two changed items had their user lists read, one request per emoji and message
    # (fewer than 100 users each); the unchanged ones cost one read each.
    assert calls["thread reads"] == ITEMS
    assert calls["user list reads"] == 2 * CLAUSES * 3
    assert calls["message reads"] == 0
    third_reads = [
        c
        for c in fake.calls("GET", r"/reactions/[^/]+$")
        if any(str(m.id) in c.path for m in third.vote_messages)
    ]
    assert not third_reads, "an unchanged item's user lists are not read"
