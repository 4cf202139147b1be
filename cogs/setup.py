"""/setup group|rules|show: the group's roles, channel, language and rules."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import YrkaBot
from bot.domain.errors import UserError
from bot.domain.models import Language, Majority, TieBreak, WhoVotes
from bot.domain.records import Group
from bot.runtime.permissions import missing_in, permission_names, status_line, where_to_grant
from bot.services import bot_permissions as permissions_service
from bot.services import setup as setup_service
from bot.ui.messages import t
from bot.ui.translator import cmd
from cogs._common import actor_of, answer, guild_id_of, language_of, options

LANGUAGE_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.language.{lang.value}"), value=lang.value)
    for lang in Language
]
MAJORITY_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.majority.{rule.value}"), value=rule.value)
    for rule in Majority
]
TIE_BREAK_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.tie_break.{rule.value}"), value=rule.value)
    for rule in TieBreak
]
WHO_VOTES_CHOICES = [
    app_commands.Choice(name=cmd(f"choice.who_votes.{rule.value}"), value=rule.value)
    for rule in WhoVotes
]


def rules_summary(group: Group) -> str:
    """The group's rules in one sentence of its language."""
    lang = group.language
    rules = group.rules
    return t(
        "setup.rules_summary",
        lang,
        quorum=rules.quorum_percent,
        majority=t(f"choice.majority.{rules.majority.value}", lang),
        tie_break=t(f"choice.tie_break.{rules.tie_break.value}", lang),
        live=t("setup.yes" if rules.show_live_tally else "setup.no", lang),
        who_votes=t(f"who_votes.{rules.who_votes.value}", lang),
    )


def _role(role_id: int | None, lang: Language) -> str:
    return f"<@&{role_id}>" if role_id else t("setup.not_set", lang)


def roles_summary(group: Group, key: str) -> str:
    """Roles, channel and language, rendered as mentions (mentions never ping: allowed_mentions)."""
    lang = group.language
    return t(
        key,
        lang,
        member_role=_role(group.member_role_id, lang),
        chair_role=_role(group.chair_role_id, lang),
        secretary_role=_role(group.secretary_role_id, lang),
        substitute_role=_role(group.substitute_role_id, lang),
        channel=f"<#{group.channel_id}>" if group.channel_id else t("setup.not_set", lang),
        language=t(f"language.{lang.value}", lang),
    )


class SetupCog(commands.Cog):
    """The chair's (or a server admin's) set-up of the group."""

    setup = app_commands.Group(
        name=cmd("cmd.setup.name"), description=cmd("cmd.setup.desc"), guild_only=True
    )

    def __init__(self, bot: YrkaBot) -> None:
        self.bot = bot

    @setup.command(name=cmd("cmd.setup.group.name"), description=cmd("cmd.setup.group.desc"))
    @options(
        member_role="opt.member_role",
        chair_role="opt.chair_role",
        channel="opt.channel",
        secretary_role="opt.secretary_role",
        language="opt.language",
        substitute_role="opt.substitute_role",
    )
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def setup_group(
        self,
        interaction: discord.Interaction[Any],
        member_role: discord.Role,
        chair_role: discord.Role,
        channel: discord.TextChannel,
        secretary_role: discord.Role | None = None,
        language: app_commands.Choice[str] | None = None,
        substitute_role: discord.Role | None = None,
    ) -> None:
        """Choose the group's roles and channel."""
        guild_id = guild_id_of(interaction)
        await setup_service.require_may_setup(self.bot.db, guild_id, actor_of(interaction))
        await self._require_bot_permissions(interaction, channel)
        group = await setup_service.setup_group(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            guild_name=interaction.guild.name if interaction.guild else "",
            actor=actor_of(interaction),
            member_role_id=member_role.id,
            chair_role_id=chair_role.id,
            channel_id=channel.id,
            secretary_role_id=secretary_role.id if secretary_role else None,
            language=Language(language.value) if language else None,
            now=self.bot.clock.now(),
            substitute_role_id=substitute_role.id if substitute_role else None,
        )
        # Everything is in place now: a later loss is news again.
        await permissions_service.note_missing(self.bot.db, group.guild_id, ())
        if interaction.guild is not None:
            # Names and roles (the roster, the minutes), from now on kept current by member
            # events: stored after the answer, so a big server keeps Discord's 3 s, but queued
            # on the database first, so nothing later sees the group without its members.
            await self.bot.members.queue_guild(interaction.guild, group)
        await answer(interaction, roles_summary(group, "setup.group_saved"))

    async def _require_bot_permissions(
        self, interaction: discord.Interaction[Any], channel: discord.TextChannel
    ) -> None:
        """Refuse a channel where the bot may not do everything, listing what is missing."""
        guild = interaction.guild
        cached = guild.get_channel(channel.id) if guild is not None else None
        if guild is None or cached is None:
            return
        missing = missing_in(cached)
        if missing:
            lang = await language_of(self.bot, guild.id)
            raise UserError(
                "perm.setup_refused",
                channel=cached.mention,
                missing=permission_names(missing, lang),
                where=where_to_grant(guild, lang),
            )

    @setup.command(name=cmd("cmd.setup.rules.name"), description=cmd("cmd.setup.rules.desc"))
    @options(
        quorum_percent="opt.quorum_percent",
        majority="opt.majority",
        tie_break="opt.tie_break",
        show_live_tally="opt.show_live_tally",
        who_votes="opt.who_votes",
    )
    @app_commands.choices(
        majority=MAJORITY_CHOICES, tie_break=TIE_BREAK_CHOICES, who_votes=WHO_VOTES_CHOICES
    )
    async def setup_rules(
        self,
        interaction: discord.Interaction[Any],
        quorum_percent: app_commands.Range[int, 0, 100] | None = None,
        majority: app_commands.Choice[str] | None = None,
        tie_break: app_commands.Choice[str] | None = None,
        show_live_tally: bool | None = None,
        who_votes: app_commands.Choice[str] | None = None,
    ) -> None:
        """Set quorum, majority, tie-break and live tally."""
        group = await setup_service.setup_rules(
            self.bot.db,
            guild_id=guild_id_of(interaction),
            actor=actor_of(interaction),
            quorum_percent=quorum_percent,
            majority=Majority(majority.value) if majority else None,
            tie_break=TieBreak(tie_break.value) if tie_break else None,
            show_live_tally=show_live_tally,
            now=self.bot.clock.now(),
            who_votes=WhoVotes(who_votes.value) if who_votes else None,
        )
        await answer(
            interaction, t("setup.rules_saved", group.language, rules=rules_summary(group))
        )

    @setup.command(name=cmd("cmd.setup.show.name"), description=cmd("cmd.setup.show.desc"))
    async def setup_show(self, interaction: discord.Interaction[Any]) -> None:
        """Show the group's settings and whether comments can be read."""
        group = await setup_service.require_group(self.bot.db, guild_id_of(interaction))
        lang = group.language
        intent_key = (
            "setup.intent_ok" if self.bot.intents.message_content else "setup.intent_missing"
        )
        embed = discord.Embed(
            title=t("setup.show_title", lang, name=group.name or str(group.guild_id)),
            description="\n\n".join(
                [
                    roles_summary(group, "setup.show_roles"),
                    rules_summary(group),
                    t(intent_key, lang),
                    *([status_line(interaction.guild, group)] if interaction.guild else []),
                ]
            ),
        )
        await answer(interaction, embed=embed)


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    assert isinstance(bot, YrkaBot)
    await bot.add_cog(SetupCog(bot))
