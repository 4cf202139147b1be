"""What Yrka itself must be allowed to do in the group's channel and its threads (pure).

Discord's permission algorithm (topics/permissions, "Permission Overwrites") lives here as
one function over plain numbers, for `python -m bot check`, which reads the server over REST
without the gateway's cache. The running bot asks discord.py (`permissions_for`) instead.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class BotPermission(StrEnum):
    """A permission Yrka needs in its channel; the value is discord.py's attribute name."""

    VIEW_CHANNEL = "view_channel"
    SEND_MESSAGES = "send_messages"
    SEND_MESSAGES_IN_THREADS = "send_messages_in_threads"
    CREATE_PUBLIC_THREADS = "create_public_threads"
    MANAGE_THREADS = "manage_threads"  # to unarchive an open motion's thread
    EMBED_LINKS = "embed_links"
    ATTACH_FILES = "attach_files"
    READ_MESSAGE_HISTORY = "read_message_history"
    ADD_REACTIONS = "add_reactions"
    MANAGE_MESSAGES = "manage_messages"  # to remove a member's replaced or refused reaction


BIT: Mapping[BotPermission, int] = {
    BotPermission.VIEW_CHANNEL: 1 << 10,
    BotPermission.SEND_MESSAGES: 1 << 11,
    BotPermission.SEND_MESSAGES_IN_THREADS: 1 << 38,
    BotPermission.CREATE_PUBLIC_THREADS: 1 << 35,
    BotPermission.MANAGE_THREADS: 1 << 34,
    BotPermission.EMBED_LINKS: 1 << 14,
    BotPermission.ATTACH_FILES: 1 << 15,
    BotPermission.READ_MESSAGE_HISTORY: 1 << 16,
    BotPermission.ADD_REACTIONS: 1 << 6,
    BotPermission.MANAGE_MESSAGES: 1 << 13,
}
NEEDED: tuple[BotPermission, ...] = tuple(BotPermission)
ADMINISTRATOR = 1 << 3
ALL = (1 << 53) - 1
_SEND_TTS_MESSAGES = 1 << 12
_MENTION_EVERYONE = 1 << 17
_NEEDS_SENDING = (
    _SEND_TTS_MESSAGES
    | _MENTION_EVERYONE
    | BIT[BotPermission.EMBED_LINKS]
    | BIT[BotPermission.ATTACH_FILES]
)

# What a failed action needed, to name when Discord refuses it but the cache saw no gap.
ACTION_NEEDS: Mapping[str, tuple[BotPermission, ...]] = {
    "publish": NEEDED,
    "remove_reaction": (BotPermission.MANAGE_MESSAGES, BotPermission.READ_MESSAGE_HISTORY),
    "edit_tally": (BotPermission.VIEW_CHANNEL, BotPermission.SEND_MESSAGES_IN_THREADS),
    "unarchive": (BotPermission.MANAGE_THREADS, BotPermission.SEND_MESSAGES_IN_THREADS),
}


@dataclass(frozen=True)
class Overwrite:
    """A channel's permission overwrite for a role (`member=False`) or a member."""

    target_id: int
    member: bool
    allow: int
    deny: int


def channel_permissions(
    *,
    guild_id: int,
    owner_id: int,
    user_id: int,
    role_ids: Collection[int],
    role_permissions: Mapping[int, int],
    overwrites: Sequence[Overwrite],
) -> int:
    """A member's permissions in a text channel (and so in its threads), as Discord computes them.

    `role_permissions` holds every role of the guild, @everyone (the guild's id) included.
    """
    if user_id == owner_id:
        return ALL
    value = role_permissions.get(guild_id, 0)
    for role_id in role_ids:
        value |= role_permissions.get(role_id, 0)
    if value & ADMINISTRATOR:
        return ALL
    for overwrite in overwrites:
        if not overwrite.member and overwrite.target_id == guild_id:
            value = (value & ~overwrite.deny) | overwrite.allow
    allow = deny = 0
    for overwrite in overwrites:
        if not overwrite.member and overwrite.target_id in role_ids:
            allow |= overwrite.allow
            deny |= overwrite.deny
    value = (value & ~deny) | allow
    for overwrite in overwrites:
        if overwrite.member and overwrite.target_id == user_id:
            value = (value & ~overwrite.deny) | overwrite.allow
    # Implicit: nothing in a channel one cannot see; no embeds or files where one cannot send.
    if not value & BIT[BotPermission.VIEW_CHANNEL]:
        return 0
    if not value & BIT[BotPermission.SEND_MESSAGES]:
        value &= ~_NEEDS_SENDING
    return value


def missing_permissions(granted: int) -> tuple[BotPermission, ...]:
    """The needed permissions not in `granted`, in the order of NEEDED."""
    return tuple(p for p in NEEDED if not granted & BIT[p])


def may_post(missing: Iterable[BotPermission]) -> bool:
    """Whether the bot can still post a plain message in the channel."""
    gone = set(missing)
    return BotPermission.VIEW_CHANNEL not in gone and BotPermission.SEND_MESSAGES not in gone


def notice_due(already_told: Collection[str], missing: Iterable[BotPermission]) -> bool:
    """Whether the chair must be told: something is missing that they were not yet told about."""
    return bool({p.value for p in missing} - set(already_told))
