"""The fake Discord itself, driven by the real discord.py client and a small stand-in bot."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import discord
import pytest
from discord import app_commands

from tests.support.fakediscord import (
    CommandNotSynced,
    ComponentNotFound,
    FakeDiscord,
    FakeMember,
    ManualClock,
)
from tests.support.fakediscord.selects import ImpossibleSelection

pytestmark = pytest.mark.e2e

CHECK = "\N{WHITE HEAVY CHECK MARK}"
CROSS = "\N{CROSS MARK}"
BANNED = "\N{PILE OF POO}"


class VoteView(discord.ui.View):
    """A button that rewrites its own message when clicked."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Bifall", custom_id="vote:bifall")
    async def bifall(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        """Count the click in the message text."""
        await interaction.response.edit_message(content=f"bifall från {interaction.user.name}")


class PickView(discord.ui.View):
    """A select menu that answers with the picked values."""

    @discord.ui.select(
        custom_id="pick", max_values=3, options=[discord.SelectOption(label=x) for x in "abc"]
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[Any]) -> None:
        """Echo the choice, then follow up later."""
        await interaction.response.defer()
        await interaction.followup.send("valt: " + ",".join(select.values), ephemeral=True)


class ReasonModal(discord.ui.Modal, title="Motivering"):
    """A one-field modal."""

    # A text input goes in a Label (one in an action row with its own label is deprecated).
    reason_label: discord.ui.Label[Any] = discord.ui.Label(
        text="Varför?", component=discord.ui.TextInput(custom_id="reason")
    )

    @property
    def reason(self) -> discord.ui.TextInput[Any]:
        """The text input inside the label."""
        component = self.reason_label.component
        assert isinstance(component, discord.ui.TextInput)
        return component

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Echo the field back."""
        await interaction.response.send_message(f"motivering: {self.reason.value}", ephemeral=True)


class StandInBot(discord.Client):
    """A minimal bot with a command tree, recording what it sees."""

    def __init__(self, fake: FakeDiscord, intents: discord.Intents | None = None) -> None:
        super().__init__(intents=intents or discord.Intents.default() | _privileged())
        self.fake = fake
        self.tree = app_commands.CommandTree(self)
        self.events: list[tuple[str, Any]] = []
        self.gate = asyncio.Event()
        self.errors: list[Exception] = []
        self._define_commands()

    async def setup_hook(self) -> None:
        """Sync the commands to the fake's default guild, as a real bot would."""
        self.tree.copy_global_to(guild=discord.Object(self.fake.guild.id))
        await self.tree.sync(guild=discord.Object(self.fake.guild.id))
        await self.tree.sync()

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """Record, and take back reactions nobody may use."""
        self.events.append(("reaction_add", payload))
        if str(payload.emoji) == BANNED:
            channel = self.get_channel(payload.channel_id)
            assert isinstance(channel, discord.TextChannel)
            message = channel.get_partial_message(payload.message_id)
            await message.remove_reaction(payload.emoji, discord.Object(payload.user_id))

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        """Record."""
        self.events.append(("reaction_remove", payload))

    async def on_message(self, message: discord.Message) -> None:
        """Record."""
        self.events.append(("message", message))

    async def on_member_remove(self, member: discord.Member) -> None:
        """Record."""
        self.events.append(("member_remove", member))

    def _define_commands(self) -> None:
        tree = self.tree

        @tree.command(name="ping", description="Options of every kind")
        async def ping(
            interaction: discord.Interaction,
            text: str,
            count: int,
            flag: bool,
            role: discord.Role,
            channel: discord.TextChannel,
            who: discord.Member,
        ) -> None:
            await interaction.response.send_message(
                f"{text}|{count}|{flag}|{role.name}|{channel.name}|{who.name}", ephemeral=True
            )

        motion = app_commands.Group(name="motion", description="Motions")

        @motion.command(name="post", description="Post a motion document")
        async def post(interaction: discord.Interaction, document: discord.Attachment) -> None:
            data = await document.read()
            await interaction.response.defer(thinking=True)
            # The answer replaces "thinking…" (a follow-up there is deprecated).
            await interaction.edit_original_response(
                content=f"läste {len(data)} byte",
                attachments=[discord.File(__import__("io").BytesIO(data.upper()), "echo.txt")],
            )

        tree.add_command(motion)

        @tree.command(name="ask", description="Open a modal")
        async def ask(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(ReasonModal())

        @tree.command(name="vote", description="Post a button")
        async def vote(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("rösta här", view=VoteView())

        @tree.command(name="twice", description="Answer the same interaction twice at once")
        async def twice(interaction: discord.Interaction) -> None:
            results = await asyncio.gather(
                interaction.response.send_message("ett"),
                interaction.response.send_message("två"),
                return_exceptions=True,
            )
            self.errors.extend(r for r in results if isinstance(r, Exception))

        @tree.command(name="slow", description="Answer only when the test says so")
        async def slow(interaction: discord.Interaction) -> None:
            await self.gate.wait()
            try:
                await interaction.response.send_message("för sent")
            except discord.HTTPException as error:
                self.errors.append(error)

        @tree.command(name="thread", description="Post and open a thread on it")
        async def thread(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("tråden startar", ephemeral=True)
            assert isinstance(interaction.channel, discord.TextChannel)
            message = await interaction.channel.send("Motion 1")
            created = await message.create_thread(name="Motion 1 – diskussion")
            await created.send("första inlägget")

        @tree.command(name="history", description="Read the channel's last three messages")
        async def history(interaction: discord.Interaction) -> None:
            assert isinstance(interaction.channel, discord.TextChannel)
            texts = [m.content async for m in interaction.channel.history(limit=3)]
            await interaction.response.send_message(",".join(texts))

        @tree.command(name="dm", description="Send the invoker a DM")
        async def dm(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            await interaction.user.send("hej i DM")
            await interaction.edit_original_response(content="skickat")

        @tree.command(name="whoami", description="Works in DMs too")
        async def whoami(interaction: discord.Interaction) -> None:
            where = "DM" if interaction.guild is None else interaction.guild.name
            await interaction.response.send_message(f"{interaction.user.name} i {where}")

        @tree.command(name="pick", description="Post a select menu")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("välj", view=PickView())

        @tree.command(name="later", description="Follow up when the test says so")
        async def later(interaction: discord.Interaction) -> None:
            await interaction.response.defer()
            await self.gate.wait()
            try:
                await interaction.followup.send("efter 15 minuter")
            except discord.HTTPException as error:
                self.errors.append(error)

        @tree.command(name="choose", description="Autocompleted option")
        async def choose(interaction: discord.Interaction, motion: str) -> None:
            await interaction.response.send_message(motion)

        @choose.autocomplete("motion")
        async def choose_autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            names = ["Motion om skolmat", "Motion om cykelbanor", "Interpellation om bad"]
            return [
                app_commands.Choice(name=n, value=n) for n in names if current.lower() in n.lower()
            ]


def _privileged() -> discord.Intents:
    intents = discord.Intents.none()
    intents.members = True
    intents.message_content = True
    return intents


async def _people(fake: FakeDiscord) -> tuple[FakeMember, FakeMember]:
    chair_role = await fake.add_role("Ordförande", permissions=1 << 5)
    anna = await fake.add_member("Anna", roles=[chair_role])
    bo = await fake.add_member("Bo")
    return anna, bo


async def test_login_ready_and_guild_create_fill_the_cache(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        guild = bot.get_guild(fake_discord.guild.id)
        assert guild is not None
        assert bot.user is not None and bot.user.id == fake_discord.bot_user.id
        assert {role.name for role in guild.roles} >= {"@everyone", "Ordförande", "Yrka"}
        assert guild.member_count == len(guild.members) == 4
        assert guild.chunked
        member = guild.get_member(anna.id)
        assert member is not None and [r.name for r in member.roles[1:]] == ["Ordförande"]
        assert guild.get_channel(channel.id) is not None
        assert fake_discord.gateway_queries[0]["compress"] == "zlib-stream"
        assert fake_discord.calls("PUT", r"/guilds/\d+/commands$")


async def test_wrong_token_fails_login_with_login_failure(fake_discord: FakeDiscord) -> None:
    bot = StandInBot(fake_discord)
    with pytest.raises(discord.LoginFailure):
        await bot.start("not-the-token")
    await bot.close()


async def test_gateway_closes_4004_when_identify_token_is_wrong(fake_discord: FakeDiscord) -> None:
    bot = StandInBot(fake_discord)
    await bot.login(fake_discord.token)
    fake_discord.token = "rotated-token"
    with pytest.raises(discord.ConnectionClosed) as closed:
        await bot.connect()
    assert closed.value.code == 4004
    await bot.close()


async def test_missing_privileged_intent_raises_privileged_intents_required(
    fake_discord: FakeDiscord,
) -> None:
    fake_discord.allowed_privileged_intents = 0
    bot = StandInBot(fake_discord)
    with pytest.raises(discord.PrivilegedIntentsRequired):
        await bot.start(fake_discord.token)
    await bot.close()


async def test_synced_commands_are_stored_and_unsynced_ones_cannot_be_run(
    fake_discord: FakeDiscord,
) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        synced = fake_discord.guild_commands[fake_discord.guild.id]
        assert {"ping", "motion", "ask", "vote"} <= set(synced)
        fetched = await bot.tree.fetch_commands(guild=discord.Object(fake_discord.guild.id))
        assert {c.name for c in fetched} == set(synced)
        with pytest.raises(CommandNotSynced):
            await fake_discord.run_command(anna, channel, "never-synced")
        with pytest.raises(CommandNotSynced):
            await fake_discord.run_command(anna, channel, "motion delete")


async def test_slash_command_with_options_answers_ephemerally(fake_discord: FakeDiscord) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    role = fake_discord.guild.role_named("Ordförande")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        interaction = await fake_discord.run_command(
            anna,
            channel,
            "ping",
            {"text": "hej", "count": 3, "flag": True, "role": role, "channel": channel, "who": bo},
        )
        reply = await interaction.response()
    assert reply.content == "hej|3|True|Ordförande|motioner|Bo"
    assert reply.ephemeral
    assert fake_discord.messages_in(channel) == []


async def test_defer_then_followup_carries_a_file(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        interaction = await fake_discord.run_command(
            anna, channel, "motion post", attachments=[("motion.txt", b"att regionen")]
        )
        reply = await interaction.response()
        [followup] = await interaction.followups(1)
    assert reply.type == 5
    assert followup.content == "läste 12 byte"
    assert [(f.filename, f.data) for f in followup.files] == [("echo.txt", b"ATT REGIONEN")]
    assert followup is interaction.original_message  # the answer replaced "thinking…"
    assert fake_discord.messages_in(channel) == [followup]


async def test_modal_round_trip(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        asking = await fake_discord.run_command(anna, channel, "ask")
        modal = await asking.response()
        assert modal.is_modal and modal.title == "Motivering"
        submitted = await fake_discord.submit_modal(anna, modal, None, {"reason": "bra förslag"})
        reply = await submitted.response()
        with pytest.raises(ComponentNotFound):
            await fake_discord.submit_modal(anna, modal, None, {"no-such-field": "x"})
    assert reply.content == "motivering: bra förslag"
    assert reply.ephemeral


async def test_button_click_updates_the_message(fake_discord: FakeDiscord) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        posted = await (await fake_discord.run_command(anna, channel, "vote")).response()
        assert posted.message is not None
        assert posted.message.custom_ids() == ["vote:bifall"]
        click = await fake_discord.click_button(bo, posted.message, "vote:bifall")
        update = await click.response()
        with pytest.raises(ComponentNotFound):
            await fake_discord.click_button(bo, posted.message, "vote:avslag")
    assert update.type == 7
    assert posted.message.content == "bifall från Bo"
    assert posted.message.edits == 1


async def test_reactions_reach_raw_events_and_bot_removes_banned_ones(
    fake_discord: FakeDiscord,
) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        message = await fake_discord.send_message(anna, channel, "Motion 1")
        await fake_discord.add_reaction(bo, message, CHECK)
        await fake_discord.add_reaction(anna, message, BANNED)
        await fake_discord.remove_reaction(bo, message, CHECK)
        await fake_discord.add_reaction(anna, message, CROSS, dispatch=False)
        await _until(lambda: fake_discord.calls("DELETE", "/reactions/"))
        await _until(lambda: len(bot.events) >= 5)
    seen = [(kind, p.user_id, str(p.emoji)) for kind, p in bot.events if kind.startswith("reac")]
    assert seen[:2] == [("reaction_add", bo.id, CHECK), ("reaction_add", anna.id, BANNED)]
    assert sorted(seen[2:]) == sorted(
        [("reaction_remove", bo.id, CHECK), ("reaction_remove", anna.id, BANNED)]
    )
    assert fake_discord.reactions_on(message) == {CROSS: [anna.id]}
    [delete] = fake_discord.calls("DELETE", "/reactions/")
    assert delete.path.endswith(f"/reactions/{BANNED}/{anna.id}")


async def test_history_is_newest_first(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        for text in ["a", "b", "c", "d"]:
            await fake_discord.send_message(anna, channel, text)
        reply = await (await fake_discord.run_command(anna, channel, "history")).response()
    assert reply.content == "d,c,b"


async def test_bot_creates_a_thread_on_its_message(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        await (await fake_discord.run_command(anna, channel, "thread")).response()
        first_post = await fake_discord.wait_for(lambda m: m.content == "första inlägget")
        [starter] = fake_discord.messages_in(channel)
        assert isinstance(bot.get_channel(starter.id), discord.Thread)
    thread = fake_discord.guild.channels[first_post.channel_id]
    assert thread.is_thread and thread.parent_id == channel.id and thread.id == starter.id
    assert thread.name == "Motion 1 – diskussion"


async def test_second_initial_response_fails_with_40060(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        interaction = await fake_discord.run_command(anna, channel, "twice")
        assert await interaction.rejection() == (400, 40060)
        await _until(lambda: bot.errors)
    [error] = bot.errors
    assert isinstance(error, discord.HTTPException) and error.code == 40060
    assert len(fake_discord.messages_in(channel)) == 1


async def test_initial_response_after_three_seconds_fails_with_10062(
    fake_discord: FakeDiscord,
) -> None:
    clock = ManualClock()
    fake_discord.clock = clock
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        interaction = await fake_discord.run_command(anna, channel, "slow")
        clock.advance(3.01)
        bot.gate.set()
        assert await interaction.rejection() == (404, 10062)
        await _until(lambda: bot.errors)
    [error] = bot.errors
    assert isinstance(error, discord.NotFound) and error.code == 10062


async def test_unknown_route_is_recorded_and_fails_the_check(fake_discord: FakeDiscord) -> None:
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        with pytest.raises(discord.NotFound):
            await bot.http.get_bans(fake_discord.guild.id, limit=10)
    assert fake_discord.unknown_routes == [f"GET /api/v10/guilds/{fake_discord.guild.id}/bans"]
    with pytest.raises(AssertionError, match="bans"):
        fake_discord.assert_no_unknown_routes()
    fake_discord.unknown_routes.clear()


async def test_dm_message_edit_and_member_removal(fake_discord: FakeDiscord) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        reply = await fake_discord.run_command(anna, channel, "dm")
        edited = await reply.original_edited()
        assert edited.content == "skickat" and edited.ephemeral
        [dm] = fake_discord.messages_in(fake_discord.dm_channel(anna))
        assert dm.content == "hej i DM"
        await fake_discord.remove_member(bo)
        await _until(lambda: any(kind == "member_remove" for kind, _ in bot.events))
        guild = bot.get_guild(fake_discord.guild.id)
        assert guild is not None and guild.get_member(bo.id) is None


async def test_autocomplete_returns_the_bots_choices(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        choices = await fake_discord.autocomplete(
            anna, channel, "choose", "motion", {"motion": "motion om"}
        )
    assert [c["name"] for c in choices] == ["Motion om skolmat", "Motion om cykelbanor"]


async def test_message_content_is_hidden_without_the_intent(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord, intents=discord.Intents.default())
    async with fake_discord.running(bot):
        await fake_discord.send_message(anna, channel, "hemligt")
        await fake_discord.send_message(anna, channel, f"{fake_discord.bot_user.mention} hej")
        await _until(lambda: len(bot.events) >= 2)
    assert [m.content for _, m in bot.events] == ["", f"{fake_discord.bot_user.mention} hej"]


async def test_slash_command_in_a_dm_uses_the_global_command(fake_discord: FakeDiscord) -> None:
    anna, _ = await _people(fake_discord)
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        dm = fake_discord.dm_channel(anna)
        reply = await (await fake_discord.run_command(anna, dm, "whoami")).response()
    assert reply.content == "Anna i DM"
    assert fake_discord.messages_in(dm) == [reply.message]


async def test_select_menu_then_ephemeral_followup(fake_discord: FakeDiscord) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        posted = await (await fake_discord.run_command(anna, channel, "pick")).response()
        assert posted.message is not None
        picked = await fake_discord.choose(bo, posted.message, "pick", ["b", "c"])
        deferred = await picked.response()
        [followup] = await picked.followups(1)
    assert deferred.type == 6
    assert followup.content == "valt: b,c" and followup.ephemeral
    assert fake_discord.messages_in(channel) == [posted.message]


async def test_a_select_takes_only_what_a_person_could_pick(fake_discord: FakeDiscord) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        posted = await (await fake_discord.run_command(anna, channel, "pick")).response()
        assert posted.message is not None
        for impossible in (["d"], ["a", "a"], [], ["a", "b", "c", "a"]):
            with pytest.raises(ImpossibleSelection):
                await fake_discord.choose(bo, posted.message, "pick", impossible)
    assert len(fake_discord.interactions) == 1, "no impossible pick reached the bot"


async def test_followup_after_fifteen_minutes_fails_with_invalid_token(
    fake_discord: FakeDiscord,
) -> None:
    clock = ManualClock()
    fake_discord.clock = clock
    anna, _ = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        interaction = await fake_discord.run_command(anna, channel, "later")
        await interaction.response()
        clock.advance(15 * 60 + 1)
        bot.gate.set()
        await _until(lambda: bot.errors)
    [error] = bot.errors
    assert isinstance(error, discord.HTTPException) and error.code == 50027
    assert interaction.followup_messages == []


async def test_rest_reads_reaction_users_members_and_channels(fake_discord: FakeDiscord) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    message = await fake_discord.send_message(anna, channel, "Motion 1")
    for person in (bo, anna, fake_discord.owner):
        await fake_discord.add_reaction(person, message, CHECK, dispatch=False)
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        fetched_channel = await bot.fetch_channel(channel.id)
        assert isinstance(fetched_channel, discord.TextChannel)
        fetched = await fetched_channel.fetch_message(message.id)
        [reaction] = fetched.reactions
        voters = [user.id async for user in reaction.users(limit=None)]
        guild = bot.get_guild(fake_discord.guild.id)
        assert guild is not None
        members = [member.id async for member in guild.fetch_members(limit=None)]
        fetched_bo = await guild.fetch_member(bo.id)
        with pytest.raises(discord.NotFound):
            await fetched_channel.fetch_message(1)
    assert str(reaction.emoji) == CHECK and reaction.count == 3
    assert sorted(voters) == sorted([bo.id, anna.id, fake_discord.owner.id])
    assert sorted(members) == sorted(fake_discord.guild.members)
    assert fetched_bo.name == "Bo"


async def test_on_request_acts_before_the_answer_and_latency_delays_it(
    fake_discord: FakeDiscord,
) -> None:
    anna, bo = await _people(fake_discord)
    channel = await fake_discord.add_text_channel("motioner")
    message = await fake_discord.send_message(anna, channel, "Motion 1")
    await fake_discord.add_reaction(anna, message, CHECK, dispatch=False)
    bot = StandInBot(fake_discord)
    async with fake_discord.running(bot):
        fetched_channel = await bot.fetch_channel(channel.id)
        assert isinstance(fetched_channel, discord.TextChannel)
        fetched = await fetched_channel.fetch_message(message.id)
        [reaction] = fetched.reactions
        # Bo reacts at the moment the bot asks who reacted: the answer already has him,
        # and his event reached the bot before the answer did.
        hook = fake_discord.on_request(
            "GET",
            rf"/messages/{message.id}/reactions/{CHECK}$",
            lambda: fake_discord.add_reaction(bo, message, CHECK),
        )
        voters = [user.id async for user in reaction.users(limit=10)]
        seen_before_answer = [p.user_id for kind, p in bot.events if kind == "reaction_add"]
        again = [user.id async for user in reaction.users(limit=10)]
        fake_discord.latency = 0.2
        started = time.monotonic()
        await fetched_channel.fetch_message(message.id)
        slow = time.monotonic() - started
    assert hook.fired == 1  # once, not on the second read
    assert sorted(voters) == sorted(again) == sorted([anna.id, bo.id])
    assert seen_before_answer == [bo.id]
    assert slow >= 0.2


async def _until(condition: Any, timeout: float = 5.0) -> None:
    """Wait for a condition on the bot's side (its events run as separate tasks)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)
