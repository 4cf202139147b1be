"""The one family of errors that are safe to show to a person.

A UserError carries a message-catalogue key and its parameters, never a finished
sentence, so the same error can be shown in Swedish or English. The single error
handler (cogs) and the command line render it with `bot.ui.messages.t`.
"""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Something the person can fix; shown politely, nothing is changed."""

    key: str = "error.generic_user"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotAllowed(UserError):
    """The person lacks the role the action needs."""

    key = "error.not_allowed"


class NotConfigured(UserError):
    """The group has not run /setup group yet."""

    key = "error.not_configured"


class NotFound(UserError):
    """A per-group number (meeting, motion, yrkande) that does not exist."""

    key = "error.not_found"


class InvalidInput(UserError):
    """An option value that cannot be used (a date in the past, a bad time)."""

    key = "error.invalid_input"


class DocumentError(UserError):
    """A file or text that cannot be read as a motion."""

    key = "error.document"


class VotingClosed(UserError):
    """A vote or change on a yrkande that is not open."""

    key = "error.voting_closed"
