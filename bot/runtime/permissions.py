"""Yrka's own permissions in the group's channel and the threads under it (the watch).

Checked when the chair runs /setup group (refused with the list of what is missing), at
start-up and whenever roles, the bot's roles or the channel's overwrites change (the chair is
told once, in the channel if the bot can still post there, else in the log), and whenever
Discord answers 403 to publishing, a reaction removal or a tally edit. discord.py computes
the permissions from its cache (`permissions_for`); threads inherit their channel's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import discord

from bot.domain.bot_permissions import (
    ACTION_NEEDS,
    BotPermission,
    may_post,
    missing_permissions,
)
from bot.domain.models import Language
from bot.domain.records import Group
from bot.services import bot_permissions as service
from bot.services.setup import get_group
from bot.ui.messages import t
from db.connection import Database

log = logging.getLogger(__name__)


def missing_in(channel: discord.abc.GuildChannel) -> tuple[BotPermission, ...]:
    """What the bot lacks in a channel (and so in its threads), from discord.py's cache."""
    return missing_permissions(channel.permissions_for(channel.guild.me).value)


def permission_names(missing: Iterable[BotPermission], lang: Language | str) -> str:
    """Discord's names of the permissions, comma-separated, in the group's language."""
    return ", ".join(t(f"perm.{permission.value}", lang) for permission in missing)


def where_to_grant(guild: discord.Guild, lang: Language | str) -> str:
    """Where the chair grants them: the bot's role, in the server or the channel settings."""
    role = guild.self_role
    return t("perm.where", lang, role=role.mention if role else guild.me.mention)


def status_line(guild: discord.Guild, group: Group) -> str:
    """/setup show: whether the bot has every permission it needs in the group's channel."""
    lang = group.language
    channel = guild.get_channel(group.channel_id) if group.channel_id else None
    if channel is None:
        return t("perm.show_no_channel", lang)
    missing = missing_in(channel)
    if not missing:
        return t("perm.show_ok", lang, channel=channel.mention)
    return t(
        "perm.show_missing",
        lang,
        channel=channel.mention,
        missing=permission_names(missing, lang),
        where=where_to_grant(guild, lang),
    )


class PermissionWatch:
    """Watches what the bot may do in each group's channel and tells the chair once."""

    def __init__(self, client: discord.Client, db: Database) -> None:
        self._client = client
        self._db = db

    async def check_guild(self, guild: discord.Guild) -> None:
        """Tell the chair once if the bot lacks something in the group's channel."""
        group = await get_group(self._db, guild.id)
        if group is None or not group.configured or group.channel_id is None:
            return
        channel = guild.get_channel(group.channel_id)
        if channel is None:
            log.warning(
                "guild %s (%s): the group's channel %s is gone",
                guild.id,
                guild.name,
                group.channel_id,
            )
            return
        missing = missing_in(channel)
        if await service.note_missing(self._db, guild.id, missing):
            await self._tell(guild, group, channel, missing, "perm.lost", may_post(missing))

    # ------------------------------------------------------------ when Discord says no

    async def report_refusal(self, channel_id: int, action: str, error: Exception) -> None:
        """Discord answered 403 to `action` in a channel or thread: tell the chair once."""
        log.warning("Discord refused to %s in channel %s: %s", action, channel_id, error)
        channel = self._client.get_channel(channel_id)
        guild = getattr(channel, "guild", None)
        if guild is None:
            return
        group = await get_group(self._db, guild.id)
        if group is None or not group.configured or group.channel_id is None:
            return
        group_channel = guild.get_channel(group.channel_id)
        seen = missing_in(group_channel) if group_channel is not None else ()
        # The cache may not show the gap (an event missed, a thread-level rule): name what
        # the action needs instead.
        missing, key = (seen, "perm.lost") if seen else (ACTION_NEEDS[action], "perm.refused")
        if await service.note_missing(self._db, guild.id, missing):
            target = group_channel if group_channel is not None else channel
            await self._tell(guild, group, target, missing, key, may_post(seen), action)

    async def publish_refused(self, guild: discord.Guild, group: Group) -> tuple[str, str]:
        """Publishing got a 403: (missing, where) for the chair's reply, in the group's language.

        The reply is the report, so the channel is not told again about the same gap."""
        lang = group.language
        channel = guild.get_channel(group.channel_id) if group.channel_id else None
        missing = (missing_in(channel) if channel is not None else ()) or ACTION_NEEDS["publish"]
        await service.note_missing(self._db, guild.id, missing)
        return permission_names(missing, lang), where_to_grant(guild, lang)

    async def _tell(
        self,
        guild: discord.Guild,
        group: Group,
        channel: Any,
        missing: tuple[BotPermission, ...],
        key: str,
        can_post: bool,
        action: str = "publish",
    ) -> None:
        lang = group.language
        text = t(
            key,
            lang,
            chair=f"<@&{group.chair_role_id}>" if group.chair_role_id else "",
            channel=getattr(channel, "mention", f"<#{group.channel_id}>"),
            missing=permission_names(missing, lang),
            where=where_to_grant(guild, lang),
            action=t(f"perm.action.{action}", lang),
        ).strip()
        if can_post and isinstance(channel, discord.TextChannel):
            mentions = discord.AllowedMentions.none()
            if group.chair_role_id:
                mentions = discord.AllowedMentions(
                    everyone=False, users=False, roles=[discord.Object(id=group.chair_role_id)]
                )
            try:
                await channel.send(text, allowed_mentions=mentions)
                return
            except discord.HTTPException as error:
                log.warning("could not tell the chair in channel %s: %s", channel.id, error)
        log.warning(
            "guild %s (%s): Yrka lacks %s in channel %s and cannot say so there",
            guild.id,
            guild.name,
            ", ".join(p.value for p in missing),
            group.channel_id,
        )
