"""The member registry: names and the voting role of everyone in a configured group,
kept for the minutes and for when Discord's member list is unavailable."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

import discord

from bot.clock import Clock
from bot.domain.records import Group
from bot.runtime.electorate import eligible_member_ids
from bot.services import voting as voting_service
from bot.services.setup import get_group
from db.connection import Database

log = logging.getLogger(__name__)

Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]


def substitute_ids(guild: discord.Guild, group: Group) -> list[int]:
    """Members (not bots) holding the group's substitute (ersättare) role, if it has one."""
    role = guild.get_role(group.substitute_role_id) if group.substitute_role_id else None
    return sorted(member.id for member in role.members if not member.bot) if role else []


def guild_roster(guild: discord.Guild, group: Group) -> list[tuple[int, str, bool]]:
    """(member_id, display name, holds the voting role) of every member (not bots)."""
    voters = set(eligible_member_ids(guild, group))
    return [(m.id, m.display_name, m.id in voters) for m in guild.members if not m.bot]


class MemberRegistry:
    """Stores who is in the group, as Discord says; the adapters call it on member events."""

    def __init__(self, db: Database, clock: Clock, spawn: Spawn | None = None) -> None:
        self._db = db
        self._clock = clock
        self._spawn: Spawn = spawn or asyncio.create_task

    async def remember_guild(self, guild: discord.Guild) -> None:
        """Store every member's name and voting role (after start-up)."""
        group = await get_group(self._db, guild.id)
        if group is None or not group.configured:
            return
        await voting_service.remember_members(
            self._db,
            guild.id,
            guild_roster(guild, group),
            self._clock.now(),
            substitutes=substitute_ids(guild, group),
        )

    async def remember(self, member: discord.Member) -> None:
        """Store one member's name and whether they hold the voting role."""
        if member.bot:
            return
        group = await get_group(self._db, member.guild.id)
        if group is None or not group.configured:
            return
        role_ids = {role.id for role in member.roles}
        await voting_service.remember_members(
            self._db,
            member.guild.id,
            [(member.id, member.display_name, group.member_role_id in role_ids)],
            self._clock.now(),
            substitutes=[member.id] if group.substitute_role_id in role_ids else [],
        )

    async def left(self, guild_id: int, user: discord.abc.User) -> bool:
        """A member left: their recorded votes stay, marked as having left; False if known."""
        return await voting_service.member_left(
            self._db,
            guild_id=guild_id,
            member_id=user.id,
            name=user.display_name,
            now=self._clock.now(),
        )

    async def queue_guild(self, guild: discord.Guild, group: Group) -> asyncio.Task[None]:
        """Start storing every member's name and roles (after /setup group), see `queue_members`."""
        return await self.queue_members(
            guild.id, guild_roster(guild, group), substitute_ids(guild, group)
        )

    async def queue_members(
        self, guild_id: int, rows: list[tuple[int, str, bool]], substitutes: list[int]
    ) -> asyncio.Task[None]:
        """Start storing members and return at once, the store's transaction already waiting
        its turn on the database.

        The database's one lock is fair (first come, first served), so every read or write
        begun after this returns comes after the store: an item's voting opening (its
        electorate is fixed from the stored roster), an election opening, attendance, a
        test's read. What was already waiting came first before too, when the store ran
        before the answer; and a vote is never judged from the roster (but by the item's
        fixed electorate, or the roles in its reaction event). So a big server's members no
        longer hold up /setup group's answer, and nothing after the answer sees the group
        without them."""
        task = self._spawn(self._store(guild_id, rows, substitutes, self._clock.now()))
        # One turn of the loop: the task runs up to the database lock (taking it or queueing).
        await asyncio.sleep(0)
        return task

    async def _store(
        self,
        guild_id: int,
        rows: list[tuple[int, str, bool]],
        substitutes: list[int],
        now: datetime,
    ) -> None:
        try:
            await voting_service.remember_members(
                self._db, guild_id, rows, now, substitutes=substitutes
            )
        except Exception:
            log.exception("storing the %d members of guild %s failed", len(rows), guild_id)
