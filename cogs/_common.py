"""Small adapters every cog shares: who is acting, in which language, how to answer."""

from __future__ import annotations

from typing import Any

import discord

from bot.domain.access import Actor
from bot.domain.errors import UserError
from bot.domain.models import Language
from bot.domain.records import Group
from bot.services.setup import get_group


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """The person behind an interaction, with their roles and Manage Server permission."""
    user = interaction.user
    if isinstance(user, discord.Member):
        return Actor(
            user_id=user.id,
            role_ids=frozenset(role.id for role in user.roles),
            # Discord resolves the member's permissions for us in the interaction payload.
            manage_guild=interaction.permissions.manage_guild,
        )
    return Actor(user_id=user.id)


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    """The server of an interaction; commands are guild-only so this never fails in use."""
    if interaction.guild_id is None:
        raise UserError("error.guild_only")
    return interaction.guild_id


async def group_of(bot: Any, guild_id: int) -> Group | None:
    """The group settings of a server (None before /setup)."""
    return await get_group(bot.db, guild_id)


async def language_of(bot: Any, guild_id: int | None) -> Language:
    """The group's language; Swedish when not set up."""
    if guild_id is None:
        return Language.SV
    group = await group_of(bot, guild_id)
    return group.language if group else Language.SV


async def answer(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    ephemeral: bool = True,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    files: list[discord.File] | None = None,
    view: discord.ui.View | None = None,
) -> None:
    """Reply to an interaction whether or not it was already answered or deferred."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if embeds:
        kwargs["embeds"] = embeds
    if files:
        kwargs["files"] = files
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
