"""Use cases of /setup: the group's roles, channel, language and rules."""

from __future__ import annotations

from datetime import datetime

from bot.domain.access import Actor, require_setup
from bot.domain.errors import NotConfigured
from bot.domain.models import GroupRules, Language, Majority, TieBreak, WhoVotes
from bot.domain.records import Group
from bot.services.audited import audited
from db import groups
from db.connection import Database


async def get_group(db: Database, guild_id: int) -> Group | None:
    """The group of a server, or None before /setup."""
    async with db.read() as conn:
        return await groups.get(conn, guild_id)


async def require_group(db: Database, guild_id: int) -> Group:
    """The configured group of a server, or a polite NotConfigured."""
    group = await get_group(db, guild_id)
    if group is None or not group.configured:
        raise NotConfigured()
    return group


async def require_may_setup(db: Database, guild_id: int, actor: Actor) -> None:
    """Refuse early (NotAllowed) someone who may not run /setup group."""
    require_setup(actor, await get_group(db, guild_id))


async def setup_group(
    db: Database,
    *,
    guild_id: int,
    guild_name: str,
    actor: Actor,
    member_role_id: int,
    chair_role_id: int,
    channel_id: int,
    secretary_role_id: int | None,
    language: Language | None,
    now: datetime,
    substitute_role_id: int | None = None,
) -> Group:
    """Set the group's roles, channel and language (keeps its rules)."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        current = await groups.get(conn, guild_id)
        require_setup(actor, current)
        base = current or Group(guild_id=guild_id)
        group = base.model_copy(
            update={
                "name": guild_name,
                "member_role_id": member_role_id,
                "chair_role_id": chair_role_id,
                "channel_id": channel_id,
                "secretary_role_id": secretary_role_id,
                "substitute_role_id": substitute_role_id,
                "language": language or base.language,
            }
        )
        await groups.save(conn, group, now)
        await change.record(
            "setup.group",
            {
                "member_role_id": member_role_id,
                "chair_role_id": chair_role_id,
                "secretary_role_id": secretary_role_id,
                "substitute_role_id": substitute_role_id,
                "channel_id": channel_id,
                "language": group.language.value,
            },
        )
    return group


async def setup_rules(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    quorum_percent: int | None,
    majority: Majority | None,
    tie_break: TieBreak | None,
    show_live_tally: bool | None,
    now: datetime,
    who_votes: WhoVotes | None = None,
) -> Group:
    """Change any of the group's decision rules; options left out keep their value."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        current = await groups.get(conn, guild_id)
        require_setup(actor, current)
        if current is None:
            raise NotConfigured()
        changes = {
            name: value
            for name, value in {
                "quorum_percent": quorum_percent,
                "majority": majority,
                "tie_break": tie_break,
                "show_live_tally": show_live_tally,
                "who_votes": who_votes,
            }.items()
            if value is not None
        }
        rules = GroupRules.model_validate({**current.rules.model_dump(), **changes})
        group = current.model_copy(update={"rules": rules})
        await groups.save(conn, group, now)
        await change.record("setup.rules", rules.model_dump(mode="json"))
    return group


async def group_count(db: Database) -> int:
    """How many groups the bot serves."""
    async with db.read() as conn:
        return await groups.count(conn)
