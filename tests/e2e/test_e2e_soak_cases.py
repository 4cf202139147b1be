"""End to end: each cause of a lost last act that `make soak` found, pinned on the fake.

The soak (bench/bench_soak.py --verbose) prints every lost pair's timeline; each cause it
showed in the product is one test here.
"""

from __future__ import annotations

import pytest

from bot.domain.models import Choice
from tests.e2e.test_e2e_vote_races import (
    ABSTAIN,
    NO,
    YES,
    acts,
    record_and_reactions_agree,
    removal_of,
    restarted,
    started,
    status_then_close_agree,
)
from tests.support.e2e import BotRunner, World, eventually
from tests.support.fakediscord.state import MANAGE_MESSAGES

pytestmark = pytest.mark.e2e

B = Choice.BIFALL


async def test_reactions_found_and_not_counted_stay_known_when_their_removal_never_came(
    world: World, bot_runner: BotRunner
) -> None:
    """Soak cause 1: two new reactions made while down void the vote and are to be removed;
    the bot dies (here: may not remove) before that; the member votes again live; at the next
    start the two must be leftovers, not new acts that void the live vote again."""
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    yrkande_id = published.yrkande_ids[0]
    await fake.add_reaction(member, message, YES)
    await record_and_reactions_agree(bot, fake, message, yrkande_id, {member.id: B})
    await bot_runner.stop()
    await fake.add_reaction(member, message, ABSTAIN, dispatch=False)
    await fake.add_reaction(member, message, NO, dispatch=False)
    role = fake.bot_role()
    allowed = role.permissions
    await fake.set_role_permissions(role, allowed & ~MANAGE_MESSAGES)  # removals will fail
    bot = await restarted(bot_runner)
    await eventually(lambda: fake.messages_in(fake.dm_channel(member)), "the member is told")
    await bot.idle()
    # The member votes ✅ again, live: take it off and put it back (❌ ➖ are still on).
    await fake.remove_reaction(member, message, YES)
    await fake.add_reaction(member, message, YES)
    await bot.idle()
    await bot_runner.stop()
    await fake.set_role_permissions(role, allowed)
    bot = await restarted(bot_runner)
    await record_and_reactions_agree(bot, fake, message, yrkande_id, {member.id: B})


async def test_a_put_back_crossing_the_bots_removal_is_void_and_the_member_is_told(
    world: World, bot_runner: BotRunner
) -> None:
    """Soak cause 2: M switches ✅ -> ❌; the bot's removal of the old ✅ is on its way when
    M takes ✅ off and puts it back, and lands on the new ✅. The bot receives "✅ off, ✅ on,
    ✅ off" whichever came first, so M's last act cannot be known: record and reactions
    agree (no vote) and M is told privately to vote again."""
    fake = world.fake
    bot, published = await started(bot_runner, world)
    message, member = published.vote_messages[0], world.members[0]
    yrkande_id = published.yrkande_ids[0]
    await fake.add_reaction(member, message, YES)
    await record_and_reactions_agree(bot, fake, message, yrkande_id, {member.id: B})
    hook = fake.on_request(
        "DELETE",
        removal_of(message, YES, member),
        acts(
            bot_runner,
            lambda: fake.remove_reaction(member, message, YES),
            lambda: fake.add_reaction(member, message, YES),
        ),
    )
    await fake.add_reaction(member, message, NO)  # the switch: the bot takes ✅ off
    await eventually(lambda: hook.fired == 1, "the bot's removal of ✅ arrives")
    await record_and_reactions_agree(bot, fake, message, yrkande_id, {})
    await eventually(lambda: fake.messages_in(fake.dm_channel(member)), "the member is told")
    told = fake.messages_in(fake.dm_channel(member))[-1].content
    assert "kunde inte läsas" in told and "att-sats 1" in told
    await status_then_close_agree(bot, world, published, {})
