"""Who may vote: read from Discord's member list now, or the last-seen voters from the db.

`Electorates.for_item` is THE place that says who may vote on one item: vote messages'
"not yet voted", reconciliation, reminders, closing and briefs all ask it. Today every item
of a group has the group's electorate (holders of the voting role); per-item electorates
(attendance, jäv) change this one method.
"""

from __future__ import annotations

import discord

from bot.domain.counting import Electorate
from bot.domain.records import Group
from bot.services import meetings as meeting_service
from bot.services import voting as voting_service
from bot.services.setup import get_group
from db.connection import Database


def eligible_member_ids(guild: discord.Guild, group: Group | None) -> list[int]:
    """Members (not bots) holding the group's voting role, sorted; needs the members intent."""
    if group is None or group.member_role_id is None:
        return []
    role = guild.get_role(group.member_role_id)
    if role is None:
        return []
    return sorted(member.id for member in role.members if not member.bot)


def guild_electorate(guild: discord.Guild, group: Group) -> Electorate:
    """Members holding the voting role and the chair role, from Discord's member list now."""
    chair_role = guild.get_role(group.chair_role_id) if group.chair_role_id else None
    return Electorate(
        eligible=frozenset(eligible_member_ids(guild, group)),
        chairs=frozenset(m.id for m in (chair_role.members if chair_role else []) if not m.bot),
    )


class Electorates:
    """Answers "who may vote" for a group or one item."""

    def __init__(self, client: discord.Client, db: Database) -> None:
        self._client = client
        self._db = db

    async def for_group(self, group: Group) -> Electorate:
        """Who may vote now; the last-seen voters from the database when the server is away."""
        guild = self._client.get_guild(group.guild_id)
        if guild is not None and not guild.unavailable:
            return guild_electorate(guild, group)
        last_seen = await meeting_service.last_seen_voters(self._db, group.guild_id)
        return Electorate(eligible=frozenset(last_seen))

    async def for_item(self, item_id: int) -> Electorate | None:
        """Who may vote on this item (None if the item or its group is gone)."""
        guild_id = await voting_service.guild_of_item(self._db, item_id)
        if guild_id is None:
            return None
        group = await get_group(self._db, guild_id)
        if group is None:
            return Electorate(eligible=frozenset())
        return await self.for_group(group)
