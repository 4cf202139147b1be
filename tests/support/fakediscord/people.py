"""Acting as people: interaction records, what the bot answered, and option/modal payloads."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .patience import POLL, Patience
from .state import (
    EPHEMERAL,
    FakeChannel,
    FakeCommand,
    FakeGuild,
    FakeMember,
    FakeMessage,
    FakeRole,
    FakeUser,
    StoredFile,
)

# Interaction types.
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Interaction callback types.
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

# Application command option types.
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
NUMBER = 10
ATTACHMENT = 11


class CommandNotSynced(AssertionError):
    """The helper was asked to invoke a command the bot never synced (Discord would not show it)."""


class CommandNotAvailable(AssertionError):
    """The member lacks the command's default_member_permissions (Discord would hide it)."""


class ComponentNotFound(AssertionError):
    """The message has no (enabled) component with that custom_id."""


@dataclass
class InteractionReply:
    """The bot's initial response to one interaction, as it crossed the wire."""

    type: int
    data: dict[str, Any]
    files: list[StoredFile] = field(default_factory=list)
    message: FakeMessage | None = None

    @property
    def content(self) -> str:
        """The message text (empty for non-message responses)."""
        return str(self.data.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """The embeds sent."""
        return list(self.data.get("embeds") or [])

    @property
    def components(self) -> list[dict[str, Any]]:
        """The components sent (message components or modal rows)."""
        return list(self.data.get("components") or [])

    @property
    def flags(self) -> int:
        """The message flags sent."""
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        """Whether the response is visible only to the invoking person."""
        return bool(self.flags & EPHEMERAL)

    @property
    def is_modal(self) -> bool:
        """Whether the bot answered with a modal."""
        return self.type == MODAL

    @property
    def custom_id(self) -> str:
        """The modal's custom_id."""
        return str(self.data.get("custom_id", ""))

    @property
    def title(self) -> str:
        """The modal's title."""
        return str(self.data.get("title", ""))

    @property
    def choices(self) -> list[dict[str, Any]]:
        """The autocomplete choices."""
        return list(self.data.get("choices") or [])


class FakeInteraction:
    """One interaction a person started; await `response()` and `followups(n)` for the bot's answers."""

    def __init__(
        self,
        *,
        id: int,
        token: str,
        type: int,
        user: FakeUser,
        channel: FakeChannel,
        guild_id: int | None,
        created_at: float,
        payload: dict[str, Any],
        label: str,
        settle: Callable[[], Awaitable[None]],
        source_message: FakeMessage | None = None,
    ) -> None:
        self.id = id
        self.token = token
        self.type = type
        self.user = user
        self.channel = channel
        self.guild_id = guild_id
        self.created_at = created_at
        self.payload = payload
        self.label = label
        self._settle = settle
        self.source_message = source_message
        self.initial: InteractionReply | None = None
        self.original_message: FakeMessage | None = None
        self.followup_messages: list[FakeMessage] = []
        self.original_edits: list[dict[str, Any]] = []
        self.rejected_responses: list[tuple[int, int]] = []
        self._changed = asyncio.Event()

    def __repr__(self) -> str:
        return f"<FakeInteraction {self.label} id={self.id}>"

    def notify(self) -> None:
        """Wake everyone waiting on this interaction."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait until `condition()`; fail after `timeout` s of this process's time (patience.py)."""
        patience = Patience(timeout)
        while not condition():
            if not patience.tick():
                raise AssertionError(f"{self!r}: no {what} ({patience.story()})")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), POLL)
        await self._settle()

    async def response(self, timeout: float = 5.0) -> InteractionReply:
        """The bot's initial response (waits for it)."""
        await self._wait_until(lambda: self.initial is not None, timeout, "initial response")
        assert self.initial is not None
        return self.initial

    def answers(self) -> list[FakeMessage]:
        """The bot's answer messages after the initial response: the follow-ups, preceded by
        the original response once a thinking defer was replaced by editing it (which is how
        the bot answers a defer: a follow-up there is deprecated)."""
        found = list(self.followup_messages)
        original = self.original_message
        thinking = self.initial is not None and self.initial.type == DEFERRED_CHANNEL_MESSAGE
        if thinking and self.original_edits and original is not None and original not in found:
            found.insert(0, original)
        return found

    async def followups(self, count: int = 1, timeout: float = 5.0) -> list[FakeMessage]:
        """The first `count` answers after the initial response (see `answers`; waits)."""
        await self._wait_until(
            lambda: len(self.answers()) >= count, timeout, f"{count} follow-up(s)"
        )
        return self.answers()[:count]

    async def answered(self, timeout: float = 5.0) -> FakeMessage:
        """The message that answers a deferred interaction, whichever way the bot sent it:
        the first follow-up, or the original response once edited."""
        await self._wait_until(
            lambda: bool(self.followup_messages or self.original_edits),
            timeout,
            "answer after the defer",
        )
        message = self.followup_messages[0] if self.followup_messages else self.original_message
        assert message is not None
        return message

    async def rejection(self, timeout: float = 5.0) -> tuple[int, int]:
        """The first (HTTP status, Discord error code) the fake answered an initial response with."""
        await self._wait_until(lambda: bool(self.rejected_responses), timeout, "rejected response")
        return self.rejected_responses[0]

    async def original_edited(self, count: int = 1, timeout: float = 5.0) -> FakeMessage:
        """The original response message after at least `count` edits of @original."""
        await self._wait_until(
            lambda: len(self.original_edits) >= count and self.original_message is not None,
            timeout,
            f"{count} edit(s) of the original response",
        )
        assert self.original_message is not None
        return self.original_message


def user_of(user: FakeUser | FakeMember) -> FakeUser:
    """The account behind a user or member."""
    return user.user if isinstance(user, FakeMember) else user


@dataclass
class Resolved:
    """The `resolved` block of an interaction, filled while options are converted."""

    users: dict[str, Any] = field(default_factory=dict)
    members: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, Any] = field(default_factory=dict)
    channels: dict[str, Any] = field(default_factory=dict)
    attachments: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """Only the non-empty parts, as Discord sends them."""
        parts = {
            "users": self.users,
            "members": self.members,
            "roles": self.roles,
            "channels": self.channels,
            "attachments": self.attachments,
        }
        return {key: value for key, value in parts.items() if value}


class OptionBuilder:
    """Turns `{"name": value}` into Discord's nested option list with resolved data."""

    def __init__(
        self,
        guild: FakeGuild | None,
        store_attachment: Callable[[str, bytes], StoredFile],
    ) -> None:
        self.guild = guild
        self.store_attachment = store_attachment
        self.resolved = Resolved()

    def build(
        self,
        command: FakeCommand,
        words: list[str],
        values: Mapping[str, Any],
        attachments: Iterable[tuple[str, bytes]],
        focused: str | None = None,
    ) -> list[dict[str, Any]]:
        """The `data.options` for invoking `command` with the subcommand path `words`."""
        schema: list[dict[str, Any]] = list(command.data.get("options") or [])
        path: list[dict[str, Any]] = []
        for word in words:
            match = next(
                (
                    o
                    for o in schema
                    if o["name"] == word and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
                ),
                None,
            )
            if match is None:
                raise CommandNotSynced(f"/{command.name}: no subcommand or group {word!r}")
            path.append(match)
            schema = list(match.get("options") or [])
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema):
            raise CommandNotSynced(f"/{command.name} {' '.join(words)} needs a subcommand")
        leaves = self._leaves(command.name, schema, values, list(attachments), focused)
        for parent in reversed(path):
            leaves = [{"type": parent["type"], "name": parent["name"], "options": leaves}]
        return leaves

    def _leaves(
        self,
        command_name: str,
        schema: list[dict[str, Any]],
        values: Mapping[str, Any],
        attachments: list[tuple[str, bytes]],
        focused: str | None,
    ) -> list[dict[str, Any]]:
        known = {o["name"] for o in schema}
        unknown = set(values) - known
        if unknown:
            raise CommandNotSynced(f"/{command_name} has no option(s) {sorted(unknown)}")
        options: list[dict[str, Any]] = []
        for declared in schema:
            name, kind = declared["name"], declared["type"]
            if name in values:
                value = values[name]
            elif kind == ATTACHMENT and attachments:
                value = attachments.pop(0)
            elif declared.get("required") and name != focused:
                raise ValueError(f"/{command_name}: required option {name!r} missing")
            else:
                continue
            if name == focused:
                options.append({"type": kind, "name": name, "value": str(value), "focused": True})
            else:
                options.append({"type": kind, "name": name, "value": self._convert(kind, value)})
        if attachments:
            raise ValueError(f"/{command_name}: no attachment option left for {attachments}")
        return options

    def _convert(self, kind: int, value: Any) -> Any:
        if kind == STRING:
            return str(value)
        if kind == INTEGER:
            return int(value)
        if kind == NUMBER:
            return float(value)
        if kind == BOOLEAN:
            return bool(value)
        if kind == ATTACHMENT:
            stored = value if isinstance(value, StoredFile) else self.store_attachment(*value)
            self.resolved.attachments[str(stored.id)] = stored.payload()
            return str(stored.id)
        if isinstance(value, FakeRole) and kind in (ROLE, MENTIONABLE):
            self.resolved.roles[str(value.id)] = value.payload()
            return str(value.id)
        if isinstance(value, FakeMember | FakeUser) and kind in (USER, MENTIONABLE):
            return self._resolve_user(value)
        if isinstance(value, FakeChannel) and kind == CHANNEL:
            self.resolved.channels[str(value.id)] = self.channel_resolved(value)
            return str(value.id)
        raise TypeError(f"option type {kind} cannot take {value!r}")

    def _resolve_user(self, value: FakeMember | FakeUser) -> str:
        user = user_of(value)
        self.resolved.users[str(user.id)] = user.payload()
        member = value if isinstance(value, FakeMember) else None
        if member is None and self.guild is not None:
            member = self.guild.members.get(user.id)
        if member is not None and self.guild is not None:
            data = member.payload(with_user=False)
            data["permissions"] = str(self.guild.permissions_of(member))
            self.resolved.members[str(user.id)] = data
        return str(user.id)

    def channel_resolved(self, channel: FakeChannel) -> dict[str, Any]:
        """A channel as it appears in `resolved.channels` (with the invoker's permissions)."""
        data = channel.payload()
        data["permissions"] = str((1 << 51) - 1)
        return data


def modal_submit_components(
    modal: dict[str, Any], values: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The `data.components` of a modal submit, mirroring the modal's own layout."""
    used: set[str] = set()

    def answer(component: dict[str, Any]) -> dict[str, Any]:
        custom_id = component.get("custom_id", "")
        used.add(custom_id)
        value = values.get(custom_id, component.get("value") or "")
        out: dict[str, Any] = {"type": component["type"], "custom_id": custom_id}
        if "id" in component:
            out["id"] = component["id"]
        if component["type"] == 4:
            out["value"] = str(value)
        else:
            out["values"] = list(value) if isinstance(value, list | tuple) else [str(value)]
        return out

    rows: list[dict[str, Any]] = []
    for component in modal.get("components") or []:
        if component["type"] == 1:
            rows.append({"type": 1, "components": [answer(c) for c in component["components"]]})
        elif component["type"] == 18:
            row = {"type": 18, "component": answer(component["component"])}
            if "id" in component:
                row["id"] = component["id"]
            rows.append(row)
    unknown = set(values) - used
    if unknown:
        raise ComponentNotFound(
            f"modal {modal.get('custom_id')!r} has no field(s) {sorted(unknown)}"
        )
    return rows
