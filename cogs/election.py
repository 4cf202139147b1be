"""/election create|nominate|open|status|close (Swedish /val): personval by secret ballot.

The buttons and the ballot select live in cogs._election_components; the messages in
the group's channel and closing are shared with the scheduler in cogs._elections.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import YrkaBot
from bot.domain.election import ElectionMajority, ElectionState
from bot.services import elections as election_service
from bot.services.setup import require_group
from bot.ui import elections as election_ui
from bot.ui.limits import AUTOCOMPLETE_CHOICES, AUTOCOMPLETE_NAME, fit
from bot.ui.messages import t
from bot.ui.translator import cmd
from cogs import _elections as shared
from cogs._common import actor_of, answer, guild_id_of, meeting_choices, options
from cogs._election_components import COMPONENTS, NominationButton
from cogs._elections import ElectionDueWork

MAJORITY_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.election_majority.{rule.value}"), value=rule.value)
    for rule in ElectionMajority
]


def _lang(state: ElectionState) -> str:
    return state.group.language.value


class ElectionCog(commands.Cog):
    """Personval by secret ballot: nominate, vote with a button and a select, count."""

    election = app_commands.Group(
        name=cmd("cmd.election.name"), description=cmd("cmd.election.desc"), guild_only=True
    )

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    @election.command(
        name=cmd("cmd.election.create.name"), description=cmd("cmd.election.create.desc")
    )
    @options(
        meeting="opt.meeting",
        title=("opt.title", "opt.election_title"),
        seats="opt.seats",
        deadline=("opt.deadline", "opt.election_deadline"),
        majority=("opt.majority", "opt.election_majority"),
    )
    @app_commands.choices(majority=MAJORITY_CHOICES)
    async def create(
        self,
        interaction: discord.Interaction[Any],
        meeting: app_commands.Range[int, 1, 1_000_000],
        title: app_commands.Range[str, 1, 200],
        seats: app_commands.Range[int, 1, 25],
        deadline: app_commands.Range[str, 1, 30] | None = None,
        majority: app_commands.Choice[str] | None = None,
    ) -> None:
        """Create an election (chair): the message in the group's channel collects nominees."""
        state = await election_service.create_election(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            meeting_number=meeting,
            title=title,
            seats=seats,
            majority=ElectionMajority(majority.value if majority else "plurality"),
            deadline=deadline,
            now=self.bot.clock.now(),
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        await shared.post_election_message(self.bot, state)
        lang = _lang(state)
        number, safe_title = state.election.number, election_ui.safe(state.election.title)
        await answer(interaction, t("election.created", lang, number=number, title=safe_title))

    @election.command(
        name=cmd("cmd.election.nominate.name"), description=cmd("cmd.election.nominate.desc")
    )
    @options(election="opt.election", member="opt.nominee")
    async def nominate(
        self,
        interaction: discord.Interaction[Any],
        election: app_commands.Range[int, 1, 1_000_000],
        member: discord.Member,
    ) -> None:
        """Nominate someone (or yourself); they answer with a button."""
        state, nomination = await election_service.nominate(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            election_number=election,
            nominee_id=member.id,
            nominee_name=member.display_name,
            nominee_is_bot=member.bot,
            now=self.bot.clock.now(),
        )
        lang = _lang(state)
        view = discord.ui.View(timeout=None)
        for choice in ("accept", "decline"):
            view.add_item(NominationButton(nomination.id, choice, lang))
        by = getattr(interaction.user, "display_name", str(interaction.user))
        await interaction.response.send_message(
            election_ui.nomination_ask(state, member.mention, by),
            view=view,
            allowed_mentions=discord.AllowedMentions(users=[member], everyone=False, roles=False),
        )
        await shared.refresh_election_message(self.bot, state)

    @election.command(name=cmd("cmd.election.open.name"), description=cmd("cmd.election.open.desc"))
    @options(election="opt.election")
    async def open(
        self,
        interaction: discord.Interaction[Any],
        election: app_commands.Range[int, 1, 1_000_000],
    ) -> None:
        """Freeze the candidates and open voting (chair)."""
        state = await election_service.open_election(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            election_number=election,
            now=self.bot.clock.now(),
        )
        assert state.current is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        await shared.post_round_message(self.bot, state, state.current)
        await shared.refresh_election_message(self.bot, state)
        shared.wake_scheduler(self.bot)
        count = len(state.current.candidates)
        await answer(
            interaction, t("election.opened_reply", _lang(state), number=election, count=count)
        )

    @election.command(
        name=cmd("cmd.election.status.name"), description=cmd("cmd.election.status.desc")
    )
    @options(election="opt.election")
    async def status(
        self,
        interaction: discord.Interaction[Any],
        election: app_commands.Range[int, 1, 1_000_000],
    ) -> None:
        """How many have voted; the chair and the secretary also see who."""
        view = await election_service.election_status(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            election_number=election,
        )
        guild = interaction.guild
        names = {m.id: m.display_name for m in guild.members} if guild else {}
        eligible = await shared.eligible_count(self.bot, view.state)
        rendered = election_ui.status_text(view, eligible, names)
        await answer(interaction, rendered.content)

    @election.command(
        name=cmd("cmd.election.close.name"), description=cmd("cmd.election.close.desc")
    )
    @options(election="opt.election", next_deadline="opt.next_deadline")
    async def close(
        self,
        interaction: discord.Interaction[Any],
        election: app_commands.Range[int, 1, 1_000_000],
        next_deadline: app_commands.Range[str, 1, 30] | None = None,
    ) -> None:
        """Close voting now, count, publish the result (chair)."""
        group = await require_group(self.bot.db, guild_id_of(interaction))
        closed = await election_service.close_election(
            self.bot.db,
            guild_id=group.guild_id,
            actor=actor_of(interaction),
            election_number=election,
            eligible=shared.role_holder_count(self.bot, group),
            next_deadline=next_deadline,
            now=self.bot.clock.now(),
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        await shared.publish_closed_round(self.bot, closed)
        shared.wake_scheduler(self.bot)
        await answer(interaction, t("election.closed_reply", group.language, number=election))

    @create.autocomplete("meeting")
    async def meeting_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        """The group's meetings, newest first."""
        return await meeting_choices(self.bot, interaction.guild_id, current)

    @nominate.autocomplete("election")
    @open.autocomplete("election")
    @status.autocomplete("election")
    @close.autocomplete("election")
    async def election_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        """The group's elections, newest first, filtered by number or title."""
        if interaction.guild_id is None:
            return []
        typed = str(current).strip().casefold()
        found = await election_service.elections_of_group(self.bot.db, interaction.guild_id)
        return [
            app_commands.Choice(
                name=fit(f"{e.number}: {e.title}", AUTOCOMPLETE_NAME), value=e.number
            )
            for e in found
            if not typed or typed in str(e.number) or typed in e.title.casefold()
        ][:AUTOCOMPLETE_CHOICES]


async def setup(bot: commands.Bot) -> None:
    """Load the cog and the components that survive restarts."""
    assert isinstance(bot, YrkaBot)
    bot.add_dynamic_items(*COMPONENTS)
    # Round deadlines are the scheduler's too: it closes them on its own runs.
    bot.scheduler.add_due_work("elections", ElectionDueWork(bot))
    await bot.add_cog(ElectionCog(bot))
