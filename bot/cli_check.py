"""`python -m bot check`: can the bot run here? Asked without starting it (no gateway session,
no command sync).

Asks Discord over REST whether the token is accepted and the privileged intents are enabled,
then, for every configured group in the database, whether the bot has each permission it
needs in the group's channel: the same rule as `/setup group` (bot.domain.bot_permissions:
`missing_permissions` over Discord's permission algorithm, `channel_permissions`, here fed
from REST instead of the gateway's cache). Prints one line per check; exit 0 when all pass,
1 when one fails, 2 when Discord cannot be reached or no token is set.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.app import bot_intents
from bot.domain.bot_permissions import Overwrite, channel_permissions, missing_permissions
from bot.domain.models import Language
from bot.domain.records import Group
from bot.runtime.permissions import permission_names
from bot.settings import Settings
from bot.ui.messages import t
from bot.unreachable import UNREACHABLE, describe_unreachable
from db import groups
from db.connection import Database

# The Developer Portal's switches: the plain flag past 100 servers, _LIMITED below.
MEMBERS_INTENT_FLAGS = ("gateway_guild_members", "gateway_guild_members_limited")
CONTENT_INTENT_FLAGS = ("gateway_message_content", "gateway_message_content_limited")


def _line(ok: bool, text: str) -> str:
    return f"{'OK  ' if ok else 'FAIL'} {text}"


async def configured_groups(settings: Settings) -> list[Group] | None:
    """The configured groups, or None when there is no database yet (none is created)."""
    if not settings.db_path.exists():
        return None
    db = await Database.open(settings.db_path)
    try:
        async with db.read() as conn:
            return await groups.all_configured(conn)
    finally:
        await db.close()


def _overwrites(channel: dict[str, Any]) -> list[Overwrite]:
    return [
        Overwrite(int(o["id"]), int(o["type"]) == 1, int(o["allow"]), int(o["deny"]))
        for o in channel.get("permission_overwrites") or []
    ]


def _bot_role(guild: dict[str, Any], bot_id: int) -> str | None:
    """The name of the role Discord made for the bot when it joined (to say where to grant)."""
    for role in guild.get("roles", []):
        if str((role.get("tags") or {}).get("bot_id")) == str(bot_id):
            return f"@{role['name']}"
    return None


async def group_permissions(client: discord.Client, group: Group) -> tuple[int, str]:
    """The bot's permissions in the group's channel (from the guild, its member and the
    channel), and the role to grant missing ones to."""
    assert group.channel_id is not None and client.user is not None
    guild = await client.http.get_guild(group.guild_id)
    member = await client.http.get_member(group.guild_id, client.user.id)
    channel = await client.http.get_channel(group.channel_id)
    role = _bot_role(dict(guild), client.user.id) or f"@{client.user.name}"
    granted = channel_permissions(
        guild_id=group.guild_id,
        owner_id=int(guild["owner_id"]),
        user_id=client.user.id,
        role_ids={int(role_id) for role_id in member.get("roles", [])},
        role_permissions={int(r["id"]): int(r["permissions"]) for r in guild.get("roles", [])},
        overwrites=_overwrites(dict(channel)),
    )
    return granted, role


async def run_check(settings: Settings, lang: Language = Language.SV) -> int:
    """Run every check, printing one line each; the process exit code."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(t("startup.missing_token", lang))
        return 2
    client = discord.Client(intents=bot_intents())
    try:
        try:
            await client.login(settings.discord_token.get_secret_value())
        except discord.LoginFailure:
            print(_line(False, t("check.token_rejected", lang)))
            return 1
        except UNREACHABLE as error:
            print(_line(False, t("check.unreachable", lang, error=describe_unreachable(error))))
            return 2
        print(_line(True, t("check.token_ok", lang, name=str(client.user))))
        return await _intents_and_groups(client, settings, lang)
    finally:
        await client.close()


async def _intents_and_groups(client: discord.Client, settings: Settings, lang: Language) -> int:
    flags = (await client.application_info()).flags
    ok = True
    for names, key in (
        (MEMBERS_INTENT_FLAGS, "check.intent_members"),
        (CONTENT_INTENT_FLAGS, "check.intent_content"),
    ):
        enabled = any(getattr(flags, name) for name in names)
        ok &= enabled
        print(_line(enabled, t(f"{key}.{'on' if enabled else 'off'}", lang)))
    found = await configured_groups(settings)
    if not found:
        print(_line(True, t("check.no_groups", lang, path=str(settings.db_path))))
        return 0 if ok else 1
    for group in found:
        where = t("check.group", lang, guild=group.name or group.guild_id, channel=group.channel_id)
        try:
            granted, role = await group_permissions(client, group)
        except discord.HTTPException as error:
            ok = False
            print(_line(False, t("check.group_unreadable", lang, group=where, error=str(error))))
            continue
        missing = missing_permissions(granted)
        ok &= not missing
        if not missing:
            print(_line(True, t("check.group_ok", lang, group=where)))
            continue
        listed = permission_names(missing, lang)
        print(_line(False, t("check.group_missing", lang, group=where, missing=listed)))
        print(f"     {t('perm.where', lang, role=role)}")
    return 0 if ok else 1
