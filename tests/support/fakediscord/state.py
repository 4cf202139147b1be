"""The fake Discord's world: users, guilds, roles, channels, messages, and their API payloads."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_CHANNELS = 1 << 4
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1

EVERYONE_DEFAULT = (
    ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)
BOT_DEFAULT = EVERYONE_DEFAULT | MANAGE_MESSAGES | MANAGE_THREADS

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_CATEGORY = 4
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
THREAD_TYPES = (10, PUBLIC_THREAD, PRIVATE_THREAD)

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7


class ThreadArchived(Exception):
    """A person tried something Discord refuses in an archived thread (API error 50083)."""


def iso(moment: datetime) -> str:
    """Discord's timestamp spelling."""
    return moment.isoformat()


class SnowflakeFactory:
    """Increasing snowflakes whose timestamps follow the wall clock."""

    def __init__(self) -> None:
        self._last = 0
        self._counter = itertools.count()

    def next(self) -> int:
        """A fresh snowflake, strictly larger than every earlier one."""
        stamp = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(self._last + 1, stamp + (next(self._counter) & 0xFFF))
        return self._last

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """A fresh snowflake whose guild events `shard_count` shards route to `shard_id`."""
        snowflake = self.next()
        while (snowflake >> 22) % shard_count != shard_id:
            snowflake += 1 << 22  # one millisecond later
        self._last = snowflake
        return snowflake


@dataclass
class FakeUser:
    """A Discord account: a person or the bot."""

    id: int
    name: str
    bot: bool = False
    locale: str = "sv-SE"

    @property
    def mention(self) -> str:
        """The mention markup for this user."""
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        """The user object Discord sends."""
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class FakeRole:
    """A guild role; the @everyone role has the guild's id."""

    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False
    bot_id: int | None = None  # a bot's own managed role (Discord's `tags.bot_id`)

    @property
    def mention(self) -> str:
        """The mention markup for this role."""
        return f"<@&{self.id}>"

    def payload(self) -> dict[str, Any]:
        """The role object Discord sends."""
        tags = {"bot_id": str(self.bot_id)} if self.bot_id is not None else {}
        return {
            "id": str(self.id),
            "tags": tags,
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class FakeMember:
    """A user's membership of one guild."""

    user: FakeUser
    guild_id: int
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    extra_permissions: int = 0
    joined_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def id(self) -> int:
        """The member's user id."""
        return self.user.id

    @property
    def name(self) -> str:
        """The member's user name."""
        return self.user.name

    @property
    def mention(self) -> str:
        """The mention markup for this member."""
        return self.user.mention

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        """The guild member object Discord sends."""
        data: dict[str, Any] = {
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(role_id) for role_id in self.role_ids],
            "joined_at": iso(self.joined_at),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data


@dataclass
class FakeChannel:
    """A guild text channel, a thread, or a DM channel."""

    id: int
    type: int
    name: str
    guild_id: int | None = None
    position: int = 0
    parent_id: int | None = None
    owner_id: int | None = None
    recipients: list[FakeUser] = field(default_factory=list)
    topic: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Thread metadata (ignored for other channels).
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440  # minutes without messages before Discord archives it
    archive_timestamp: datetime | None = None  # when `archived` last changed
    # Permission overwrites (permissions.Overwrite) of a guild channel; threads inherit them.
    overwrites: list[Any] = field(default_factory=list)

    @property
    def is_thread(self) -> bool:
        """Whether this channel is a thread."""
        return self.type in THREAD_TYPES

    @property
    def mention(self) -> str:
        """The mention markup for this channel."""
        return f"<#{self.id}>"

    def payload(self) -> dict[str, Any]:
        """The channel object Discord sends."""
        if self.type == DM:
            return {
                "id": str(self.id),
                "type": DM,
                "last_message_id": None,
                "flags": 0,
                "recipients": [user.payload() for user in self.recipients],
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        if self.is_thread:
            data.update(
                owner_id=str(self.owner_id),
                message_count=0,
                member_count=1,
                total_message_sent=0,
                thread_metadata={
                    "archived": self.archived,
                    "auto_archive_duration": self.auto_archive_duration,
                    "archive_timestamp": iso(self.archive_timestamp or self.created_at),
                    "locked": self.locked,
                    "invitable": True,
                    "create_timestamp": iso(self.created_at),
                },
            )
        else:
            data.update(
                position=self.position,
                permission_overwrites=[overwrite.payload() for overwrite in self.overwrites],
                nsfw=False,
                topic=self.topic,
            )
        return data


@dataclass
class StoredFile:
    """A file uploaded to the fake (by the bot or a person), bytes kept for inspection."""

    id: int
    filename: str
    data: bytes
    content_type: str
    url: str
    description: str | None = None

    def payload(self) -> dict[str, Any]:
        """The attachment object Discord sends."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }
        if self.description is not None:
            data["description"] = self.description
        return data


@dataclass
class FakeMessage:
    """A message as the fake stores it; `reactions` maps emoji to user ids in order."""

    id: int
    channel_id: int
    guild_id: int | None
    author: FakeUser
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[StoredFile] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    edited_at: datetime | None = None
    reactions: dict[str, list[int]] = field(default_factory=dict)
    reference_id: int | None = None
    thread_id: int | None = None
    webhook_id: int | None = None
    interaction_metadata: dict[str, Any] | None = None
    deleted: bool = False
    edits: int = 0

    @property
    def ephemeral(self) -> bool:
        """Whether only the invoking person sees this message."""
        return bool(self.flags & EPHEMERAL)

    @property
    def files(self) -> list[StoredFile]:
        """The message's attachments (bytes included)."""
        return self.attachments

    def custom_ids(self) -> list[str]:
        """Every component custom_id on the message, in order."""
        found: list[str] = []

        def walk(components: list[dict[str, Any]]) -> None:
            for component in components:
                if "custom_id" in component:
                    found.append(component["custom_id"])
                walk(component.get("components", []))
                if isinstance(component.get("accessory"), dict):
                    walk([component["accessory"]])

        walk(self.components)
        return found

    def find_component(self, custom_id: str) -> dict[str, Any] | None:
        """The component with this custom_id, or None."""

        def walk(components: list[dict[str, Any]]) -> dict[str, Any] | None:
            for component in components:
                if component.get("custom_id") == custom_id:
                    return component
                nested = walk(component.get("components", []))
                if nested is not None:
                    return nested
            return None

        return walk(self.components)

    def payload(self, bot_id: int, member: FakeMember | None = None) -> dict[str, Any]:
        """The message object Discord sends (to the bot, whose id decides `me`)."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "type": self.type,
            "content": self.content,
            "author": self.author.payload(),
            "attachments": [stored.payload() for stored in self.attachments],
            "embeds": self.embeds,
            "components": self.components,
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": iso(self.created_at),
            "edited_timestamp": iso(self.edited_at) if self.edited_at else None,
            "flags": self.flags,
            "reactions": [
                {
                    "emoji": emoji_payload(emoji),
                    "count": len(users),
                    "count_details": {"burst": 0, "normal": len(users)},
                    "me": bot_id in users,
                    "me_burst": False,
                    "burst_colors": [],
                }
                for emoji, users in self.reactions.items()
                if users
            ],
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if member is not None:
            data["member"] = member.payload(with_user=False)
        if self.reference_id is not None:
            data["message_reference"] = {
                "type": 0,
                "message_id": str(self.reference_id),
                "channel_id": str(self.channel_id),
            }
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(self.webhook_id)
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        return data


def emoji_payload(emoji: str) -> dict[str, Any]:
    """The emoji object for a unicode emoji or a custom `name:id` emoji."""
    name, sep, emoji_id = emoji.partition(":")
    if sep and emoji_id.isdigit():
        return {"id": emoji_id, "name": name, "animated": False}
    return {"id": None, "name": emoji}


def normalise_emoji(emoji: str) -> str:
    """The storage key of an emoji: unicode as is, custom as `name:id` (no `<:` `>`)."""
    emoji = emoji.strip()
    if emoji.startswith("<") and emoji.endswith(">"):
        emoji = emoji.strip("<>").removeprefix("a:").lstrip(":")
    return emoji


@dataclass
class FakeGuild:
    """A guild with its roles, channels (threads included) and members."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    locale: str = "sv-SE"
    joined_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def everyone(self) -> FakeRole:
        """The @everyone role."""
        return self.roles[self.id]

    def role_named(self, name: str) -> FakeRole:
        """The role with this name (KeyError if none)."""
        for role in self.roles.values():
            if role.name == name:
                return role
        raise KeyError(name)

    def channel_named(self, name: str) -> FakeChannel:
        """The channel or thread with this name (KeyError if none)."""
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise KeyError(name)

    def permissions_of(self, member: FakeMember) -> int:
        """Guild-level permissions of a member (in a channel: FakeDiscord.permissions_in)."""
        from .permissions import EXTRA_ROLE, compute_permissions

        roles = {role.id: role.permissions for role in self.roles.values()}
        roles[EXTRA_ROLE] = member.extra_permissions
        return compute_permissions(
            guild_id=self.id,
            owner_id=self.owner_id,
            member_id=member.id,
            member_role_ids=[*member.role_ids, EXTRA_ROLE],
            role_permissions=roles,
            in_channel=False,
        )

    def create_payload(self, *, include_all_members: bool) -> dict[str, Any]:
        """The GUILD_CREATE payload; without the members intent only the bot is listed."""
        channels = [c.payload() for c in self.channels.values() if not c.is_thread]
        # Discord lists only active threads here; archived ones must be fetched.
        threads = [c.payload() for c in self.channels.values() if c.is_thread and not c.archived]
        members = [m.payload() for m in self.members.values() if include_all_members or m.user.bot]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": self.locale,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "features": [],
            "roles": [role.payload() for role in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": iso(self.joined_at),
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "voice_states": [],
            "members": members,
            "channels": channels,
            "threads": threads,
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
        }


@dataclass
class FakeCommand:
    """An application command the bot synced (global when guild_id is None)."""

    id: int
    application_id: int
    guild_id: int | None
    data: dict[str, Any]

    @property
    def name(self) -> str:
        """The command's name."""
        return str(self.data["name"])

    @property
    def type(self) -> int:
        """1 chat input, 2 user, 3 message."""
        return int(self.data.get("type", 1))

    def payload(self) -> dict[str, Any]:
        """The application command object Discord answers with."""
        data = dict(self.data)
        data.setdefault("type", 1)
        data.setdefault("description", "")
        data.setdefault("options", [])
        data.setdefault("default_member_permissions", None)
        data.setdefault("nsfw", False)
        data.update(
            id=str(self.id),
            application_id=str(self.application_id),
            version=str(self.id),
        )
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data
