"""A fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests with the real discord.py client."""

from .people import (
    CommandNotAvailable,
    CommandNotSynced,
    ComponentNotFound,
    FakeInteraction,
    InteractionReply,
)
from .server import FakeDiscord, ManualClock, RecordedRequest, RequestHook
from .state import (
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeMessage,
    FakeRole,
    FakeUser,
    StoredFile,
    ThreadArchived,
)

__all__ = [
    "CommandNotAvailable",
    "CommandNotSynced",
    "ComponentNotFound",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeMessage",
    "FakeRole",
    "FakeUser",
    "InteractionReply",
    "ManualClock",
    "RecordedRequest",
    "RequestHook",
    "StoredFile",
    "ThreadArchived",
]
