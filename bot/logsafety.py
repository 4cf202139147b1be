"""Keep secret ballots out of the log, whatever the log level.

At DEBUG, discord.py prints every gateway event and HTTP body (a select interaction
carries the member and the candidates chosen) and aiosqlite prints every statement with
its parameters (the voter row and the ballot box row of one ballot, one after the other).
A filter on those loggers replaces any record that touches a ballot by one fixed line, so
no log line, alone or beside its neighbours, pairs a voter with a ballot.
"""

from __future__ import annotations

import logging

# What a record about a ballot always contains: the custom ids of the ballot's select and
# button (bot/ui: "yrka:ballot:…") or the two election tables (db/migrations/0004).
BALLOT_MARKERS = ("yrka:ballot", "ballot_boxes", "election_voters")
REDACTED = "[redacted: a secret ballot passed here]"
# Loggers that print payloads or SQL parameters.
PAYLOAD_LOGGERS = (
    "aiosqlite",
    "discord.client",
    "discord.gateway",
    "discord.http",
    "discord.state",
    "discord.ui.view",
    "discord.webhook.async_",
)


class BallotRedaction(logging.Filter):
    """Replace a record that mentions a ballot by a fixed line (it is kept, not dropped)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a broken record is the logging module's business, not ours
            return True
        if any(marker in text for marker in BALLOT_MARKERS):
            record.msg, record.args = REDACTED, ()
            record.exc_info = record.exc_text = None
        return True


_FILTER = BallotRedaction()


def install_ballot_redaction() -> None:
    """Put the filter on every payload-printing logger (idempotent)."""
    for name in PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
