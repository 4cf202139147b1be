"""Permissions in the fake: Discord's documented algorithm, channel overwrites, and the rules
of which REST call needs what (so the fake answers 403 exactly where Discord would).

Discord's "Permission Overwrites" algorithm (topics/permissions): the guild owner has
everything; otherwise @everyone's permissions OR the member's roles'; ADMINISTRATOR means
everything. In a channel: @everyone's overwrite (deny, then allow), then all of the member's
role overwrites together (deny, then allow), then the member's own overwrite. Implicit: without
VIEW_CHANNEL nothing else in the channel; without SEND_MESSAGES (in a thread:
SEND_MESSAGES_IN_THREADS) no embeds, files, TTS or @everyone. Threads have no overwrites of
their own: they inherit their parent channel's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .state import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    ATTACH_FILES,
    EMBED_LINKS,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
    FakeChannel,
    FakeMember,
    FakeRole,
)

if TYPE_CHECKING:
    from .server import FakeDiscord

SEND_TTS_MESSAGES = 1 << 12
MENTION_EVERYONE = 1 << 17
CREATE_PRIVATE_THREADS = 1 << 36

ROLE_OVERWRITE = 0
MEMBER_OVERWRITE = 1

# Discord's error codes for a refused permission.
MISSING_ACCESS = 50001  # the channel cannot be seen at all
MISSING_PERMISSIONS = 50013
EXTRA_ROLE = 0  # the fake's `extra_permissions`: a role only that member holds (no snowflake is 0)


@dataclass(frozen=True)
class Overwrite:
    """A channel permission overwrite for a role (type 0) or a member (type 1)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        """The overwrite object Discord sends."""
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def compute_permissions(
    *,
    guild_id: int,
    owner_id: int,
    member_id: int,
    member_role_ids: Iterable[int],
    role_permissions: Mapping[int, int],
    overwrites: Sequence[Overwrite] = (),
    in_thread: bool = False,
    in_channel: bool = True,
) -> int:
    """A member's permissions, guild-wide (`in_channel=False`) or in a channel or thread."""
    if member_id == owner_id:
        return ALL_PERMISSIONS
    roles = set(member_role_ids)
    base = role_permissions.get(guild_id, 0)
    for role_id in roles:
        base |= role_permissions.get(role_id, 0)
    if base & ADMINISTRATOR:
        return ALL_PERMISSIONS
    if not in_channel:
        return base
    value = base
    for overwrite in overwrites:
        if overwrite.type == ROLE_OVERWRITE and overwrite.id == guild_id:
            value = (value & ~overwrite.deny) | overwrite.allow
    allow = deny = 0
    for overwrite in overwrites:
        if overwrite.type == ROLE_OVERWRITE and overwrite.id in roles:
            allow |= overwrite.allow
            deny |= overwrite.deny
    value = (value & ~deny) | allow
    for overwrite in overwrites:
        if overwrite.type == MEMBER_OVERWRITE and overwrite.id == member_id:
            value = (value & ~overwrite.deny) | overwrite.allow
    if not value & VIEW_CHANNEL:
        return 0
    if not value & (SEND_MESSAGES_IN_THREADS if in_thread else SEND_MESSAGES):
        value &= ~(SEND_TTS_MESSAGES | MENTION_EVERYONE | EMBED_LINKS | ATTACH_FILES)
    return value


class PermissionRefused(Exception):
    """The bot lacks a permission for the current request (turned into a 403 by the server)."""

    def __init__(self, code: int, missing: int) -> None:
        super().__init__(f"missing permission bits {missing:#x}")
        self.code = code
        self.missing = missing


class PermissionsMixin:
    """FakeDiscord's part about permissions: overwrites, role edits, per-channel checks."""

    def permissions_in(self: FakeDiscord, user: Any, channel: FakeChannel) -> int:
        """A member's (or the bot's) permissions in a guild channel or thread."""
        if channel.guild_id is None:
            return ALL_PERMISSIONS
        guild = self.guilds[channel.guild_id]
        account_id = user.id
        member = guild.members.get(account_id)
        if member is None:
            return 0
        parent = channel
        if channel.is_thread and channel.parent_id is not None:
            parent = guild.channels[channel.parent_id]
        roles = {role.id: role.permissions for role in guild.roles.values()}
        roles[EXTRA_ROLE] = member.extra_permissions
        return compute_permissions(
            guild_id=guild.id,
            owner_id=guild.owner_id,
            member_id=member.id,
            member_role_ids=[*member.role_ids, EXTRA_ROLE],
            role_permissions=roles,
            overwrites=parent.overwrites,
            in_thread=channel.is_thread,
        )

    def bot_permissions_in_channel(self: FakeDiscord, channel: FakeChannel) -> int:
        """The bot's permissions in a channel or thread (everything in DMs)."""
        return self.permissions_in(self.bot_user, channel)

    def require_bot(self: FakeDiscord, channel: FakeChannel, needed: int) -> None:
        """Refuse the current request as Discord would when the bot lacks `needed` here.

        Without VIEW_CHANNEL Discord answers 403 Missing Access (50001), otherwise 403
        Missing Permissions (50013)."""
        if channel.guild_id is None:
            return
        held = self.bot_permissions_in_channel(channel)
        if not held & VIEW_CHANNEL:
            raise PermissionRefused(MISSING_ACCESS, VIEW_CHANNEL)
        if held & needed != needed:
            raise PermissionRefused(MISSING_PERMISSIONS, needed & ~held)

    def bot_role(self: FakeDiscord, guild: Any = None) -> FakeRole:
        """The bot's managed role in a guild (the fake's default guild when None)."""
        guild = guild or self.guild
        return next(role for role in guild.roles.values() if role.managed)

    async def set_overwrite(
        self: FakeDiscord,
        channel: FakeChannel,
        target: FakeRole | FakeMember | Any,
        *,
        allow: int = 0,
        deny: int = 0,
        dispatch: bool = True,
    ) -> None:
        """Set (allow=deny=0: remove) a channel's overwrite for a role or member (CHANNEL_UPDATE).

        With dispatch=False the change is silent, as if the bot missed the event."""
        if channel.is_thread or channel.guild_id is None:
            raise ValueError("Discord has overwrites on guild channels only; threads inherit them")
        kind = ROLE_OVERWRITE if isinstance(target, FakeRole) else MEMBER_OVERWRITE
        kept = [o for o in channel.overwrites if not (o.id == target.id and o.type == kind)]
        if allow or deny:
            kept.append(Overwrite(target.id, kind, allow, deny))
        # Discord lists the @everyone overwrite first.
        channel.overwrites = sorted(kept, key=lambda o: (o.id != channel.guild_id, o.type))
        if dispatch:
            await self.dispatch("CHANNEL_UPDATE", channel.payload())
            await self._after_person_acted()

    async def set_role_permissions(
        self: FakeDiscord, role: FakeRole, permissions: int, *, dispatch: bool = True
    ) -> None:
        """Change a role's guild permissions (GUILD_ROLE_UPDATE unless dispatch=False)."""
        role.permissions = permissions
        if dispatch:
            await self.dispatch(
                "GUILD_ROLE_UPDATE", {"guild_id": str(role.guild_id), "role": role.payload()}
            )
            await self._after_person_acted()
