"""Permissions: Discord's algorithm in the fake and in bot.domain, checked against discord.py,
and the fake's 403s (50001 / 50013) where Discord gives them."""

from __future__ import annotations

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.bot_permissions import BIT, NEEDED, Overwrite, channel_permissions
from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.permissions import (
    MEMBER_OVERWRITE,
    ROLE_OVERWRITE,
    compute_permissions,
)
from tests.support.fakediscord.permissions import Overwrite as FakeOverwrite
from tests.support.fakediscord.state import (
    ADD_REACTIONS,
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    ATTACH_FILES,
    CREATE_PUBLIC_THREADS,
    EMBED_LINKS,
    MANAGE_MESSAGES,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
)

GUILD, OWNER, ME, ROLE_A, ROLE_B = 1, 2, 3, 10, 11
BASE = VIEW_CHANNEL | SEND_MESSAGES | ADD_REACTIONS | EMBED_LINKS | SEND_MESSAGES_IN_THREADS


def fake_perms(overwrites: list[FakeOverwrite], roles: dict[int, int], **kw: object) -> int:
    return compute_permissions(
        guild_id=GUILD,
        owner_id=OWNER,
        member_id=ME,
        member_role_ids=[ROLE_A],
        role_permissions=roles,
        overwrites=overwrites,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("overwrites", "has", "lacks"),
    [
        ([], BASE, MANAGE_MESSAGES),
        # @everyone's overwrite denies; the member's role allows it back.
        (
            [FakeOverwrite(GUILD, ROLE_OVERWRITE, deny=ADD_REACTIONS)],
            SEND_MESSAGES,
            ADD_REACTIONS,
        ),
        (
            [
                FakeOverwrite(GUILD, ROLE_OVERWRITE, deny=ADD_REACTIONS),
                FakeOverwrite(ROLE_A, ROLE_OVERWRITE, allow=ADD_REACTIONS),
            ],
            ADD_REACTIONS,
            0,
        ),
        # A role's allow beats another role's deny of the same member? Both roles of the
        # member are combined: deny then allow, so the allow wins.
        (
            [
                FakeOverwrite(ROLE_A, ROLE_OVERWRITE, deny=SEND_MESSAGES),
                FakeOverwrite(ROLE_B, ROLE_OVERWRITE, allow=SEND_MESSAGES),
            ],
            BASE,
            0,
        ),
        # The member's own overwrite comes last.
        (
            [
                FakeOverwrite(ROLE_A, ROLE_OVERWRITE, allow=MANAGE_MESSAGES),
                FakeOverwrite(ME, MEMBER_OVERWRITE, deny=MANAGE_MESSAGES),
            ],
            BASE,
            MANAGE_MESSAGES,
        ),
        # Cannot see the channel: nothing at all.
        ([FakeOverwrite(GUILD, ROLE_OVERWRITE, deny=VIEW_CHANNEL)], 0, BASE),
        # Cannot send: no embeds or files either.
        (
            [FakeOverwrite(ROLE_A, ROLE_OVERWRITE, deny=SEND_MESSAGES)],
            VIEW_CHANNEL | ADD_REACTIONS,
            EMBED_LINKS | ATTACH_FILES,
        ),
    ],
)
def test_channel_permissions_follow_discords_overwrite_order(
    overwrites: list[FakeOverwrite], has: int, lacks: int
) -> None:
    roles = {GUILD: BASE, ROLE_A: 0, ROLE_B: 0}
    if any(o.id == ROLE_B for o in overwrites):
        # ROLE_B is one of the member's roles in this case.
        value = compute_permissions(
            guild_id=GUILD,
            owner_id=OWNER,
            member_id=ME,
            member_role_ids=[ROLE_A, ROLE_B],
            role_permissions=roles,
            overwrites=overwrites,
        )
    else:
        value = fake_perms(overwrites, roles)
    assert value & has == has
    assert value & lacks == 0


def test_owner_and_administrator_have_everything_whatever_the_overwrites() -> None:
    deny_all = [FakeOverwrite(GUILD, ROLE_OVERWRITE, deny=ALL_PERMISSIONS)]
    assert fake_perms(deny_all, {GUILD: BASE, ROLE_A: ADMINISTRATOR}) == ALL_PERMISSIONS
    assert (
        compute_permissions(
            guild_id=GUILD,
            owner_id=ME,
            member_id=ME,
            member_role_ids=[],
            role_permissions={GUILD: 0},
            overwrites=deny_all,
        )
        == ALL_PERMISSIONS
    )


def test_in_a_thread_sending_there_decides_embeds_and_files() -> None:
    no_thread_sending = [FakeOverwrite(GUILD, ROLE_OVERWRITE, deny=SEND_MESSAGES_IN_THREADS)]
    roles = {GUILD: BASE | ATTACH_FILES, ROLE_A: 0}
    assert fake_perms(no_thread_sending, roles) & ATTACH_FILES  # in the channel itself
    assert not fake_perms(no_thread_sending, roles, in_thread=True) & ATTACH_FILES


bits = st.sampled_from([BIT[p] for p in NEEDED] + [ADMINISTRATOR]).map(int)
masks = st.lists(bits, max_size=4).map(lambda xs: sum(set(xs)))
role_ids = st.sampled_from([GUILD, ROLE_A, ROLE_B, 12])


@settings(max_examples=300, deadline=None)
@given(
    everyone=masks,
    role_values=st.dictionaries(st.sampled_from([ROLE_A, ROLE_B, 12]), masks),
    held=st.sets(st.sampled_from([ROLE_A, ROLE_B, 12])),
    overwrites=st.lists(
        st.tuples(st.one_of(role_ids, st.just(ME), st.just(4)), st.booleans(), masks, masks),
        max_size=5,
        unique_by=lambda o: (o[0], o[1]),
    ),
)
def test_the_bots_pure_function_agrees_with_the_fakes(
    everyone: int,
    role_values: dict[int, int],
    held: set[int],
    overwrites: list[tuple[int, bool, int, int]],
) -> None:
    roles = {GUILD: everyone, **role_values}
    ours = channel_permissions(
        guild_id=GUILD,
        owner_id=OWNER,
        user_id=ME,
        role_ids=held,
        role_permissions=roles,
        overwrites=[Overwrite(t, member, allow, deny) for t, member, allow, deny in overwrites],
    )
    theirs = compute_permissions(
        guild_id=GUILD,
        owner_id=OWNER,
        member_id=ME,
        member_role_ids=held,
        role_permissions=roles,
        overwrites=[
            FakeOverwrite(t, MEMBER_OVERWRITE if member else ROLE_OVERWRITE, allow, deny)
            for t, member, allow, deny in overwrites
        ],
    )
    needed = sum(BIT[p] for p in NEEDED)
    assert ours & needed == theirs & needed


def _intents() -> discord.Intents:
    intents = discord.Intents.default()
    intents.members = True
    return intents


SCENARIOS = [
    ("bot role", 0, MANAGE_MESSAGES),
    ("everyone", 0, CREATE_PUBLIC_THREADS | ADD_REACTIONS),
    ("everyone", 0, VIEW_CHANNEL),
    ("bot member", MANAGE_MESSAGES, SEND_MESSAGES),
    ("everyone+bot role", EMBED_LINKS, EMBED_LINKS | ATTACH_FILES),
]


async def test_the_fakes_permissions_match_discord_pys_permissions_for(
    fake_discord: FakeDiscord,
) -> None:
    fake = fake_discord
    client = discord.Client(intents=_intents())
    channel = await fake.add_text_channel("gruppen")
    bot_member = fake.guild.members[fake.bot_user.id]
    needed = sum(BIT[p] for p in NEEDED)
    async with fake.running(client):
        for target, allow, deny in SCENARIOS:
            for overwrite in list(channel.overwrites):
                await fake.set_overwrite(
                    channel,
                    bot_member
                    if overwrite.type == MEMBER_OVERWRITE
                    else fake.guild.roles[overwrite.id],
                )
            if target == "bot member":
                await fake.set_overwrite(channel, bot_member, allow=allow, deny=deny)
            else:
                if "everyone" in target:
                    await fake.set_overwrite(channel, fake.guild.everyone, deny=deny)
                if "bot role" in target:
                    await fake.set_overwrite(channel, fake.bot_role(), allow=allow, deny=deny)
            cached = client.get_channel(channel.id)
            assert isinstance(cached, discord.TextChannel)
            theirs = cached.permissions_for(cached.guild.me).value
            ours = fake.bot_permissions_in_channel(channel)
            assert ours & needed == theirs & needed, (target, allow, deny)


async def test_the_fake_answers_403_where_discord_does(fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    anna = await fake.add_member("Anna")
    channel = await fake.add_text_channel("gruppen")
    client = discord.Client(intents=_intents())
    async with fake.running(client):
        cached = client.get_channel(channel.id)
        assert isinstance(cached, discord.TextChannel)
        message = await cached.send("röst")
        await message.add_reaction("✅")
        theirs = await fake.send_message(anna, channel, "hej")
        await fake.add_reaction(anna, fake.messages[message.id], "✅")

        await fake.set_overwrite(channel, fake.bot_role(), deny=MANAGE_MESSAGES)
        with pytest.raises(discord.Forbidden) as refused:
            await message.remove_reaction("✅", discord.Object(id=anna.id))
        assert refused.value.code == 50013
        with pytest.raises(discord.Forbidden):
            await cached.get_partial_message(theirs.id).delete()
        await message.remove_reaction("✅", client.user)  # its own: no permission needed

        await fake.set_overwrite(channel, fake.bot_role(), deny=CREATE_PUBLIC_THREADS)
        with pytest.raises(discord.Forbidden) as refused:
            await message.create_thread(name="tråd")
        assert refused.value.code == 50013

        await fake.set_overwrite(channel, fake.bot_role(), deny=ADD_REACTIONS)
        await message.add_reaction("✅")  # Anna's ✅ is there: joining it is allowed
        with pytest.raises(discord.Forbidden):
            await message.add_reaction("❌")  # a new emoji needs ADD_REACTIONS

        await fake.set_overwrite(channel, fake.bot_role(), deny=EMBED_LINKS)
        sent = await cached.send("text", embed=discord.Embed(title="dropped"))
        assert sent.content == "text" and fake.messages[sent.id].embeds == []

        await fake.set_overwrite(channel, fake.bot_role())
        thread = await message.create_thread(name="tråd")
        await fake.set_overwrite(channel, fake.bot_role(), deny=SEND_MESSAGES_IN_THREADS)
        await cached.send("in the channel still fine")
        with pytest.raises(discord.Forbidden):
            await thread.send("in the thread: 50013")

        await fake.set_overwrite(channel, fake.guild.everyone, deny=VIEW_CHANNEL)
        with pytest.raises(discord.Forbidden) as refused:
            await cached.fetch_message(message.id)
        assert refused.value.code == 50001
