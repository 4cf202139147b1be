"""Removals that may have crossed a member's act: where Discord gives no order.

The bot takes an old reaction E of a member off (a switch's leftover, a reconciliation's
finding) once the record says E is not their vote. If the member takes E off and puts it
back just then, Discord may apply the bot's removal to the new E; the bot then receives
"E removed, E added, E removed" either way (its removal first and the member's last act a
withdrawal, or its removal last and the member's last act the new E), and the removal
withdraws the vote. Record and reactions agree, but which act was last cannot be known: as
with several reactions made while the bot was away, the member is told privately that
their vote could not be read. Counted as crossed: the member's E recorded as their vote
within `window` s after the bot sent a removal of their E, and withdrawn by a removal
within `window` s after that.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.domain.voting import Verdict, emoji_key
from bot.runtime.ingest import Received
from bot.runtime.view import Removal
from bot.services.voting import ReactionOutcome

Key = tuple[int, int, str]  # (vote message, member, emoji key)


class RemovalCrossings:
    """Notes the bot's removals as they are sent and tells which withdrawals may be theirs."""

    def __init__(self, window: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window
        self._clock = clock
        self._sent: dict[Key, float] = {}  # removal sent at
        self._suspect: dict[Key, float] = {}  # the same reaction recorded as the vote at

    def _forget_old(self, now: float) -> None:
        for table in (self._sent, self._suspect):
            for key in [key for key, at in table.items() if now - at > self._window]:
                del table[key]

    def sent(self, removal: Removal) -> None:
        """The bot is sending this removal now."""
        now = self._clock()
        self._forget_old(now)
        self._sent[(removal.message_id, removal.user_id, emoji_key(str(removal.emoji)))] = now

    def crossed(self, item: Received, outcome: ReactionOutcome) -> bool:
        """After an event was recorded: True when it withdrew a vote whose reaction the
        bot's own removal may have taken (no order to tell: the member is told)."""
        reaction = item.reaction
        key = (reaction.message_id, reaction.actor.user_id, emoji_key(reaction.emoji))
        now = self._clock()
        if outcome.verdict is Verdict.RECORD:
            sent = self._sent.get(key)
            if sent is not None and now - sent <= self._window:
                self._suspect[key] = now
            return False
        if outcome.verdict is Verdict.WITHDRAW and not reaction.added:
            recorded = self._suspect.pop(key, None)
            return recorded is not None and now - recorded <= self._window
        return False
