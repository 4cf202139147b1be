"""RemovalCrossings: which withdrawals may be the bot's own removal crossing a put-back."""

from __future__ import annotations

from datetime import UTC, datetime

import discord
import pytest

from bot.domain.access import Actor
from bot.domain.voting import Verdict
from bot.runtime.crossing import RemovalCrossings
from bot.runtime.ingest import Received
from bot.runtime.view import Removal
from bot.services.voting import ReactionInput, ReactionOutcome

YES, NO = "✅", "❌"
MESSAGE, MEMBER = 10, 7


def event(emoji: str, added: bool, member: int = MEMBER) -> Received:
    reaction = ReactionInput(
        message_id=MESSAGE,
        actor=Actor(user_id=member, role_ids=frozenset()),
        emoji=emoji,
        added=added,
        at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    return Received(reaction, 1, discord.PartialEmoji(name=emoji))


RECORD = ReactionOutcome(verdict=Verdict.RECORD)
WITHDRAW = ReactionOutcome(verdict=Verdict.WITHDRAW)
IGNORE = ReactionOutcome(verdict=Verdict.IGNORE)


# (seconds after the removal was sent the put-back is recorded, then the withdrawal)
@pytest.mark.parametrize(
    ("label", "sent", "steps", "crossed"),
    [
        ("put back just after the removal left, then withdrawn by it", True,
         [(1.0, YES, True, RECORD), (1.1, YES, False, WITHDRAW)], True),
        ("no removal of the bot: a member's own withdrawal", False,
         [(1.0, YES, True, RECORD), (1.1, YES, False, WITHDRAW)], False),
        ("put back long after the removal", True,
         [(9.0, YES, True, RECORD), (9.1, YES, False, WITHDRAW)], False),
        ("withdrawn long after it was put back", True,
         [(1.0, YES, True, RECORD), (7.0, YES, False, WITHDRAW)], False),
        ("another emoji than the one removed", True,
         [(1.0, NO, True, RECORD), (1.1, NO, False, WITHDRAW)], False),
        ("the leftover's own removal event withdraws nothing", True,
         [(0.5, YES, False, IGNORE)], False),
    ],
)  # fmt: skip
def test_a_withdrawal_crossed_only_right_after_the_bots_removal_of_that_reaction(
    label: str,
    sent: bool,
    steps: list[tuple[float, str, bool, ReactionOutcome]],
    crossed: bool,
) -> None:
    now = [100.0]
    crossings = RemovalCrossings(window=5.0, clock=lambda: now[0])
    if sent:
        crossings.sent(Removal(1, MESSAGE, YES, MEMBER, 3))
    results = []
    for after, emoji, added, outcome in steps:
        now[0] = 100.0 + after
        results.append(crossings.crossed(event(emoji, added), outcome))
    assert results[-1] is crossed, label
    assert not any(results[:-1]), label
