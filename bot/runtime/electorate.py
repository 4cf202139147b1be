"""Who may vote: on one item (its electorate, fixed when its voting opened), or in a group now.

`Electorates.for_item` is THE place the bot's working parts ask who may vote on one item:
vote messages' "not yet voted", reconciliation, reminders and the deadline close. It
answers with the item's electorate as issue 17 fixes it (`bot.domain.attendance.electorate`
over the group's rule and the meeting's attendance, stored when voting opened, read back
by `bot.services.attendance.voters_of`); holders of the voting role now (`for_group`) only
serve items opened before electorates were stored.
"""

from __future__ import annotations

import discord

from bot.domain.counting import Electorate
from bot.domain.records import Group
from bot.services import attendance as attendance_service
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
        """Who may vote on this item: its fixed electorate without members who left since
        (None if the item is gone)."""
        guild_id = await voting_service.guild_of_item(self._db, item_id)
        if guild_id is None:
            return None
        group = await get_group(self._db, guild_id)
        if group is None:
            return Electorate(eligible=frozenset())
        now = await self.for_group(group)
        eligible = await attendance_service.item_electorate(self._db, item_id, now.eligible)
        if eligible is None:
            return None
        return Electorate(eligible=eligible, chairs=now.chairs)
