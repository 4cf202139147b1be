"""The bot within Discord's rate limits (issue 20): bursts of votes on the rate-limited fake.

Every e2e test runs with the fake's rate limits on; these two put the pacing itself under
load. A burst of 30 members on the 12 vote messages of one item (one thread, so one edit
bucket of 5 per 5 s and one reaction bucket of 1 per 0.25 s for all of them), with switches
that make the bot remove reactions: no 429, the record exact (no vote lost or duplicated),
and, when the burst is over, every vote message showing what the record says and every
member holding exactly the reaction of their vote. And votes on 60 items at once (60
threads whose tally edits fall due together): the global limit holds.
"""

from __future__ import annotations

import random
import time

import pytest

from bot.app import YrkaBot
from bot.domain.models import CHOICE_BY_EMOJI, EMOJI_BY_CHOICE, Choice
from bot.services import voting
from bot.ui.votes import render_vote_message
from db import votes
from tests.support.e2e import (
    BotRunner,
    Published,
    World,
    build_world,
    eventually,
    publish_item,
    settled,
    setup_group,
)
from tests.support.fakediscord import FakeDiscord, FakeMessage

pytestmark = pytest.mark.e2e

EMOJIS = list(EMOJI_BY_CHOICE.values())
THIRTY = tuple(f"Ledamot {n:02d}" for n in range(1, 29))  # + chair and secretary: 30 voters
CLAUSES = 12


async def view_is_consistent(bot: YrkaBot, world: World, published: Published) -> list[str]:
    """What differs between the record and Discord: texts, and reactions members hold."""
    voters = {member.id for member in world.voters}
    problems = []
    states = await voting.vote_message_states(bot.db, published.item_id, sorted(voters))
    for state, message in zip(states, published.vote_messages, strict=True):
        if message.content != render_vote_message(state):
            problems.append(f"vote message {state.yrkande.number} shows an old tally")
        recorded = await voting.current_votes_of(bot.db, state.yrkande.id)
        held: dict[int, list[Choice]] = {}
        for emoji, users in world.fake.reactions_on(message).items():
            for user_id in users:
                if user_id in voters:
                    held.setdefault(user_id, []).append(CHOICE_BY_EMOJI[emoji])
        if held != {member: [choice] for member, choice in recorded.items()}:
            problems.append(f"vote message {state.yrkande.number}: reactions {held} != {recorded}")
    return problems


async def test_a_burst_of_30_members_on_12_vote_messages_draws_no_429_and_ends_consistent(
    fake_discord: FakeDiscord, bot_runner: BotRunner
) -> None:
    fake = fake_discord
    limits = fake.rate_limits
    assert limits is not None
    world = await build_world(fake, THIRTY)
    assert len(world.voters) == 30
    bot = await bot_runner.start()
    await setup_group(world)
    published = await publish_item(
        bot, world, tuple(f"att {n}" for n in range(1, CLAUSES + 1)), rendered=False
    )
    await settled(bot, fake)
    edits_before = len(fake.calls("PATCH", r"/messages/\d+$"))

    # Everyone reacts on every vote message, in a random order. Nobody waits for the bot.
    rng = random.Random(20)
    acts = [
        (member.id, message, rng.choice(EMOJIS))
        for member in world.voters
        for message in published.vote_messages
    ]
    rng.shuffle(acts)
    started = time.monotonic()
    for member_id, message, emoji in acts:
        await fake.react_as(member_id, message, emoji)
    # While the thread's tally edits are under way (5 go at once, the other 7 wait for the
    # edit bucket), a third of the members switch on one message each: the edits still
    # waiting must show the switches, and the messages already edited get edited again.
    await eventually(
        lambda: len(fake.calls("PATCH", r"/messages/\d+$")) >= edits_before + 5,
        "the first five tally edits (the thread's edit bucket spent)",
    )
    last: dict[tuple[int, int], str] = {(m, msg.id): emoji for m, msg, emoji in acts}
    switches = []
    for n, member in enumerate(world.voters[::3]):
        message = published.vote_messages[n % CLAUSES]
        emoji = next(e for e in EMOJIS if e != last[(member.id, message.id)])
        switches.append((member.id, message, emoji))
    for member_id, message, emoji in switches:
        await fake.react_as(member_id, message, emoji)
    acts += switches
    # Discord's buckets bound how soon: 12 edits in one thread take two windows of 5 s, the
    # removals of 10 switched-from reactions 10 x 0.25 s (settled waits while the bot works).
    await settled(bot, fake)
    consistent_after = time.monotonic() - started

    assert limits.limited == 0, dict(limits.limited_by_route)
    assert await view_is_consistent(bot, world, published) == []
    async with bot.db.read() as conn:
        for yrkande_id, message in zip(published.yrkande_ids, published.vote_messages, strict=True):
            events = await votes.events_for(conn, yrkande_id)
            expected = [(m, CHOICE_BY_EMOJI[e]) for m, msg, e in acts if msg.id == message.id]
            # Exactly one event per act, in the order of the acts: none lost, none twice.
            assert [(e.member_id, e.choice) for e in events] == expected
    # Coalesced per thread: each vote message edited at most twice for the whole burst (once
    # for the first wave; again only if switched after its edit had gone).
    edits = len(fake.calls("PATCH", r"/messages/\d+$")) - edits_before
    assert edits <= CLAUSES + len(switches), edits
    assert consistent_after < 30


async def test_votes_on_sixty_items_at_once_keep_to_the_global_limit(
    fake_discord: FakeDiscord, bot_runner: BotRunner
) -> None:
    fake = fake_discord
    limits = fake.rate_limits
    assert limits is not None
    world = await build_world(fake)
    bot = await bot_runner.start()
    await setup_group(world)
    items = [await publish_item(bot, world, ("att göra",), rendered=False) for _ in range(60)]
    await settled(bot, fake)
    messages: list[FakeMessage] = [item.vote_messages[0] for item in items]

    # One vote on each of 60 items: 60 threads' tally edits fall due in the same moment.
    for n, message in enumerate(messages):
        await fake.react_as(world.voters[n % len(world.voters)].id, message, EMOJIS[0])
    await settled(bot, fake)

    assert limits.global_limited == 0
    assert limits.max_global_in_window() <= 50
    assert all("1 bifall" in message.content for message in messages)
