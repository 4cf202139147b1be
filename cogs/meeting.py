"""/meeting create|list|brief: plan the council meetings and post the group's line before each."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import YrkaBot
from bot.domain.access import Action, require
from bot.domain.errors import UserError
from bot.domain.models import Language
from bot.domain.records import Group
from bot.domain.reports import MeetingBrief
from bot.services import meetings as meeting_service
from bot.services.setup import require_group
from bot.ui import meetings as meeting_ui
from bot.ui.messages import t
from bot.ui.timefmt import format_local
from bot.ui.translator import cmd
from cogs import _agenda, _agenda_flow
from cogs import _attendance as attendance_adapter
from cogs._common import actor_of, answer, guild_id_of, meeting_choices, options, text_file

log = logging.getLogger(__name__)


class MeetingCog(commands.Cog):
    """Council meetings: plan them, list them, and post the group's line before each."""

    meeting = app_commands.Group(
        name=cmd("cmd.meeting.name"), description=cmd("cmd.meeting.desc"), guild_only=True
    )

    def __init__(self, bot: YrkaBot) -> None:
        self.bot = bot
        self._resumed = False

    @meeting.command(
        name=cmd("cmd.meeting.create.name"), description=cmd("cmd.meeting.create.desc")
    )
    @options(title="opt.title", date="opt.date", time="opt.time", deadline="opt.deadline")
    async def meeting_create(
        self,
        interaction: discord.Interaction[Any],
        title: app_commands.Range[str, 1, 200],
        date: app_commands.Range[str, 1, 20],
        time: app_commands.Range[str, 1, 10] | None = None,
        deadline: app_commands.Range[str, 1, 30] | None = None,
    ) -> None:
        """Add a council meeting (chair)."""
        guild_id = guild_id_of(interaction)
        meeting = await meeting_service.create_meeting(
            self.bot.db,
            guild_id=guild_id,
            actor=actor_of(interaction),
            title=title,
            date=date,
            time=time,
            deadline=deadline,
            now=self.bot.clock.now(),
        )
        self.bot.scheduler.wake()
        lang = (await require_group(self.bot.db, guild_id)).language
        text = t(
            "meeting.created",
            lang,
            number=meeting.number,
            title=meeting_ui.safe(meeting.title),
            starts=format_local(meeting.starts_at, lang),
            deadline=format_local(meeting.deadline_at, lang),
        )
        await answer(interaction, text)

    @meeting.command(name=cmd("cmd.meeting.list.name"), description=cmd("cmd.meeting.list.desc"))
    async def meeting_list(self, interaction: discord.Interaction[Any]) -> None:
        """Show the upcoming meetings with their items."""
        guild_id = guild_id_of(interaction)
        overviews = await meeting_service.upcoming_meetings(
            self.bot.db, guild_id=guild_id, actor=actor_of(interaction), now=self.bot.clock.now()
        )
        lang = (await require_group(self.bot.db, guild_id)).language
        rendered = meeting_ui.meeting_list_text(overviews, lang)
        files = [text_file("meetings.md", rendered.full_text)] if rendered.full_text else []
        await answer(interaction, rendered.content, files=files)

    @meeting.command(name=cmd("cmd.meeting.brief.name"), description=cmd("cmd.meeting.brief.desc"))
    @options(meeting_number="opt.meeting")
    async def meeting_brief(
        self,
        interaction: discord.Interaction[Any],
        meeting_number: app_commands.Range[int, 1, 1_000_000],
    ) -> None:
        """Post the group's line for a meeting to the group's channel."""
        guild_id = guild_id_of(interaction)
        actor = actor_of(interaction)
        group = await require_group(self.bot.db, guild_id)
        require(Action.SECRETARY, actor, group)
        await interaction.response.defer(ephemeral=True, thinking=True)
        brief = await meeting_service.meeting_brief(
            self.bot.db,
            guild_id=guild_id,
            actor=actor,
            meeting_number=meeting_number,
            electorate=await self.bot.electorates.for_group(group),
        )
        names = (
            {m.id: m.display_name for m in interaction.guild.members} if interaction.guild else {}
        )
        await post_brief(self.bot, group, brief, names)
        await answer(
            interaction,
            t(
                "brief.posted",
                group.language,
                number=meeting_number,
                channel=f"<#{group.channel_id}>",
            ),
        )

    @meeting.command(
        name=cmd("cmd.meeting.import.name"), description=cmd("cmd.meeting.import.desc")
    )
    @options(meeting_number="opt.meeting", file=("opt.file", "opt.kallelse"))
    async def meeting_import(
        self,
        interaction: discord.Interaction[Any],
        meeting_number: app_commands.Range[int, 1, 1_000_000],
        file: discord.Attachment,
    ) -> None:
        """Read the kallelse and let the chair choose what to publish (chair)."""
        await _agenda_flow.import_kallelse(self.bot, interaction, meeting_number, file)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Go on with a kallelse whose publishing a crash or restart cut short (once)."""
        if not self._resumed:
            self._resumed = True
            await _agenda_flow.resume_interrupted(self.bot)

    @meeting.command(
        name=cmd("cmd.meeting.absent.name"), description=cmd("cmd.meeting.absent.desc")
    )
    @options(meeting_number="opt.meeting", member="opt.attendee", reason="opt.reason")
    async def meeting_absent(
        self,
        interaction: discord.Interaction[Any],
        meeting_number: app_commands.Range[int, 1, 1_000_000],
        member: discord.Member | None = None,
        reason: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        """Report förhinder: a member for themself, the chair or secretary for anyone."""
        await attendance_adapter.absent(self.bot, interaction, meeting_number, member, reason)

    @meeting.command(
        name=cmd("cmd.meeting.present.name"), description=cmd("cmd.meeting.present.desc")
    )
    @options(meeting_number="opt.meeting", member="opt.attendee")
    async def meeting_present(
        self,
        interaction: discord.Interaction[Any],
        meeting_number: app_commands.Range[int, 1, 1_000_000],
        member: discord.Member | None = None,
    ) -> None:
        """Withdraw a reported förhinder; the ersättare serving in their place stops serving."""
        await attendance_adapter.present(self.bot, interaction, meeting_number, member)

    @meeting.command(
        name=cmd("cmd.meeting.substitute.name"), description=cmd("cmd.meeting.substitute.desc")
    )
    @options(meeting_number="opt.meeting", substitute="opt.substitute", instead_of="opt.instead_of")
    async def meeting_substitute(
        self,
        interaction: discord.Interaction[Any],
        meeting_number: app_commands.Range[int, 1, 1_000_000],
        substitute: discord.Member,
        instead_of: discord.Member,
    ) -> None:
        """The chair lets an ersättare serve in place of a ledamot (tjänstgörande ersättare)."""
        await attendance_adapter.substitute(
            self.bot, interaction, meeting_number, substitute, instead_of
        )

    @meeting.command(
        name=cmd("cmd.meeting.attendance.name"), description=cmd("cmd.meeting.attendance.desc")
    )
    @options(meeting_number="opt.meeting")
    async def meeting_attendance(
        self,
        interaction: discord.Interaction[Any],
        meeting_number: app_commands.Range[int, 1, 1_000_000],
    ) -> None:
        """Present, absent with reason, serving ersättare istf whom, and suggested substitutes."""
        await attendance_adapter.overview(self.bot, interaction, meeting_number)

    @meeting_import.autocomplete("meeting_number")
    @meeting_brief.autocomplete("meeting_number")
    @meeting_absent.autocomplete("meeting_number")
    @meeting_present.autocomplete("meeting_number")
    @meeting_substitute.autocomplete("meeting_number")
    @meeting_attendance.autocomplete("meeting_number")
    async def meeting_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        """The group's meetings, newest first, filtered by number or title."""
        return await meeting_choices(self.bot, interaction.guild_id, current)


async def post_brief(bot: Any, group: Group, brief: MeetingBrief, names: dict[int, str]) -> None:
    """Send the brief to the group's channel; the full text is attached when it had to be cut."""
    lang: Language = group.language
    rendered = meeting_ui.brief_message(brief, names, lang)
    files = []
    if rendered.full_text is not None:
        name = t("brief.file_name", lang, number=brief.meeting.number)
        files = [text_file(name, rendered.full_text)]
    assert group.channel_id is not None
    channel = bot.get_partial_messageable(group.channel_id, guild_id=group.guild_id)
    try:
        await channel.send(
            rendered.content, files=files, allowed_mentions=discord.AllowedMentions.none()
        )
    except (discord.Forbidden, discord.NotFound) as exc:
        raise UserError("brief.error.no_channel") from exc


async def setup(bot: commands.Bot) -> None:
    """Load the cog and register the import preview's components so old previews keep working."""
    assert isinstance(bot, YrkaBot)
    bot.add_dynamic_items(_agenda.AgendaButton, _agenda.AgendaSelect)
    await bot.add_cog(MeetingCog(bot))


async def teardown(bot: commands.Bot) -> None:
    """Unregister the import preview's components when the extension is unloaded."""
    bot.remove_dynamic_items(_agenda.AgendaButton, _agenda.AgendaSelect)
