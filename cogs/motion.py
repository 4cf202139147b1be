"""/motion post|list|status|close|reopen: the one cog of the /motion command group.

Posting runs the intake flow (cogs/_intake.py: preview buttons and modals); publishing is
the bot's Publisher; status, close and reopen use the vote engine, the electorate and the
scheduler the bot hands over. No other cog is looked up or imported.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import YrkaBot
from bot.domain.access import Action, require
from bot.domain.errors import UserError
from bot.domain.models import ItemStatus
from bot.services import agenda as agenda_service
from bot.services import intake as intake_service
from bot.services import meetings as meeting_service
from bot.services import voting as voting_service
from bot.services.setup import require_group
from bot.ui import intake as intake_ui
from bot.ui import meetings as meeting_ui
from bot.ui.limits import AUTOCOMPLETE_CHOICES
from bot.ui.messages import t
from bot.ui.status import status_text
from bot.ui.timefmt import format_local
from bot.ui.translator import cmd
from cogs._common import (
    actor_of,
    answer,
    guild_id_of,
    is_group_member,
    language_of,
    meeting_choices,
    options,
    text_file,
)
from cogs._intake import DraftButton
from cogs._intake_flow import IntakeFlow

log = logging.getLogger(__name__)


class MotionCog(commands.Cog):
    """Motions: post and publish, list, and the vote's status, closing and reopening."""

    motion = app_commands.Group(
        name=cmd("cmd.motion.name"), description=cmd("cmd.motion.desc"), guild_only=True
    )

    def __init__(self, bot: YrkaBot) -> None:
        self.bot = bot

    @motion.command(name=cmd("cmd.motion.post.name"), description=cmd("cmd.motion.post.desc"))
    @options(meeting="opt.meeting", file="opt.file", text="opt.text", agenda_item="opt.agenda_item")
    async def post(
        self,
        interaction: discord.Interaction[Any],
        meeting: int,
        file: discord.Attachment | None = None,
        text: str | None = None,
        agenda_item: app_commands.Range[int, 1, 999] | None = None,
    ) -> None:
        """Read a motion from a file, text or a modal and show the chair a preview."""
        await IntakeFlow(self.bot).post(interaction, meeting, file, text, agenda_item)

    # ------------------------------------------------------------ /motion list and friends

    @motion.command(name=cmd("cmd.motion.list.name"), description=cmd("cmd.motion.list.desc"))
    @options(meeting="opt.meeting")
    async def list_items(
        self, interaction: discord.Interaction[Any], meeting: int | None = None
    ) -> None:
        """The group's items: number, title, meeting and status."""
        guild_id = guild_id_of(interaction)
        found, meetings_by_id = await intake_service.items_of(
            self.bot.db, guild_id=guild_id, actor=actor_of(interaction), meeting_number=meeting
        )
        lang = await language_of(self.bot, guild_id)
        embed = discord.Embed(
            title=t("intake.list.title", lang),
            description=intake_ui.item_list_text(found, meetings_by_id, lang),
        )
        await answer(interaction, embed=embed)

    @motion.command(name=cmd("cmd.motion.status.name"), description=cmd("cmd.motion.status.desc"))
    @options(motion="opt.motion")
    async def status(self, interaction: discord.Interaction[Any], motion: int) -> None:
        """How the vote on an item stands: reconciled first, answered privately."""
        guild_id, actor = guild_id_of(interaction), actor_of(interaction)
        group, item = await voting_service.find_item(
            self.bot.db, guild_id=guild_id, motion_number=motion
        )
        voting_service.require_status_access(actor, group)
        await interaction.response.defer(ephemeral=True, thinking=True)
        if item.status is ItemStatus.OPEN:
            await self.bot.votes.reconciler.reconcile_item(item.id)
        electorates = self.bot.electorates
        electorate = await electorates.for_item(item.id) or await electorates.for_group(group)
        report = await voting_service.item_status(
            self.bot.db,
            guild_id=guild_id,
            motion_number=motion,
            actor=actor,
            eligible=sorted(electorate.eligible),
        )
        guild = interaction.guild
        missing = {mid for row in report.yrkanden for mid in row.non_voter_ids}
        missing |= {mid for question in report.questions for mid in question.non_voter_ids}
        live_names = {
            mid: member.display_name
            for mid in missing
            if guild is not None and (member := guild.get_member(mid)) is not None
        }
        text = status_text(report, live_names)
        await answer(interaction, embed=discord.Embed(description=text))

    @motion.command(name=cmd("cmd.motion.close.name"), description=cmd("cmd.motion.close.desc"))
    @options(motion="opt.motion")
    async def close(self, interaction: discord.Interaction[Any], motion: int) -> None:
        """The chair closes voting on an item now and sees each yrkande's position."""
        guild_id, actor = guild_id_of(interaction), actor_of(interaction)
        group = await require_group(self.bot.db, guild_id)
        require(Action.CHAIR, actor, group)
        await interaction.response.defer(ephemeral=True, thinking=True)
        _, item = await voting_service.find_item(
            self.bot.db, guild_id=guild_id, motion_number=motion
        )
        open_item = item.id if item.status is ItemStatus.OPEN else None
        electorates = self.bot.electorates
        electorate = await electorates.for_item(item.id) or await electorates.for_group(group)
        # Reconciled and every reaction received so far recorded: the close freezes what
        # the bot has seen.
        async with self.bot.votes.settled(open_item):
            closed = await meeting_service.close_item(
                self.bot.db,
                guild_id=guild_id,
                item_number=motion,
                actor=actor,
                electorate=electorate,
                now=self.bot.clock.now(),
            )
        await self._refresh(closed.item.id)
        self.bot.scheduler.wake()
        rendered = meeting_ui.closed_summary(closed, group.language)
        files = [text_file(f"motion-{motion}.md", rendered.full_text)] if rendered.full_text else []
        await answer(interaction, rendered.content, files=files)

    @motion.command(name=cmd("cmd.motion.reopen.name"), description=cmd("cmd.motion.reopen.desc"))
    @options(motion="opt.motion")
    async def reopen(self, interaction: discord.Interaction[Any], motion: int) -> None:
        """The chair reopens voting before the deadline; derived positions are cleared."""
        guild_id, actor = guild_id_of(interaction), actor_of(interaction)
        group = await require_group(self.bot.db, guild_id)
        require(Action.CHAIR, actor, group)
        await interaction.response.defer(ephemeral=True, thinking=True)
        item, meeting = await meeting_service.reopen_item(
            self.bot.db,
            guild_id=guild_id,
            item_number=motion,
            actor=actor,
            now=self.bot.clock.now(),
        )
        # The thread may have archived since closing; votes need it open again.
        await self.bot.votes.view.keep_threads_open()
        await self._refresh(item.id)
        self.bot.scheduler.wake()
        lang = group.language
        deadline = format_local(meeting.deadline_at, lang)
        await answer(interaction, t("motion.reopened", lang, number=item.number, deadline=deadline))

    async def _refresh(self, item_id: int) -> None:
        try:
            await self.bot.votes.view.refresh_item(item_id)
        except discord.HTTPException:
            log.warning("could not refresh the vote messages of item %s", item_id, exc_info=True)

    @motion.command(name=cmd("cmd.motion.speaker.name"), description=cmd("cmd.motion.speaker.desc"))
    @options(motion="opt.motion", member="opt.member")
    async def speaker(
        self, interaction: discord.Interaction[Any], motion: int, member: discord.Member
    ) -> None:
        """Record who speaks for the group on an item (chair)."""
        guild_id = guild_id_of(interaction)
        group = await require_group(self.bot.db, guild_id)
        if not is_group_member(member, group):
            raise UserError("agenda.speaker_not_member", name=member.display_name)
        item = await agenda_service.set_speaker(
            self.bot.db,
            guild_id=guild_id,
            actor=actor_of(interaction),
            item_number=motion,
            member_id=member.id,
            member_name=member.display_name,
            member_is_voting=group.member_role_id in {role.id for role in member.roles},
            now=self.bot.clock.now(),
        )
        name = discord.utils.escape_markdown(member.display_name)
        text = t("agenda.speaker_set", group.language, name=name, number=item.number)
        await answer(interaction, text)

    # ------------------------------------------------------------ autocomplete

    @post.autocomplete("meeting")
    @list_items.autocomplete("meeting")
    async def meeting_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        """Meetings whose number or title contains what was typed, newest first."""
        return await meeting_choices(self.bot, interaction.guild_id, current)

    @status.autocomplete("motion")
    @speaker.autocomplete("motion")
    @close.autocomplete("motion")
    @reopen.autocomplete("motion")
    async def motion_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        """Items whose number or title contains what was typed, newest first."""
        if interaction.guild_id is None:
            return []
        try:
            found, _ = await intake_service.items_of(
                self.bot.db, guild_id=interaction.guild_id, actor=actor_of(interaction)
            )
        except UserError:
            return []  # not set up yet, or not one of the group: nothing to offer
        needle = current.strip().lower()
        return [
            app_commands.Choice(name=intake_ui.choice_name(i.number, i.title), value=i.number)
            for i in found
            if needle in f"{i.number} {i.title}".lower()
        ][:AUTOCOMPLETE_CHOICES]


async def setup(bot: commands.Bot) -> None:
    """Load the cog and register the preview buttons so old previews keep working."""
    assert isinstance(bot, YrkaBot)
    bot.add_dynamic_items(DraftButton)
    await bot.add_cog(MotionCog(bot))


async def teardown(bot: commands.Bot) -> None:
    """Unregister the preview buttons when the extension is unloaded."""
    bot.remove_dynamic_items(DraftButton)
