"""Votes as an append-only record of events, and the current tally derived from it.

A member's vote is never updated in place: each reaction (or a reconcile after a
restart, or a system correction) appends a VoteEvent. The live vote of a member is
the last event recorded for them in recording order (`seq`), the one order of events
everywhere; an event with `choice=None` withdraws the vote. Time (`at`, when the bot
received the reaction) only cuts at the deadline: events at or after it do not count.
An event received while a reconciliation held the writer has an earlier `at` than that
reconciliation's findings but is recorded after them, and is newer (docs/design/reconciliation.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, field_validator

from bot.domain.models import Choice, Counts, VoteSource
from bot.domain.options import OptionKey, as_key


class VoteEvent(BaseModel):
    """One recorded change of a member's vote; `choice=None` withdraws it."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    choice: OptionKey | None  # an option of the message's set (bot.domain.options)
    at: datetime
    source: VoteSource
    seq: int

    @field_validator("choice")
    @classmethod
    def _standard_as_choice(cls, value: OptionKey | None) -> OptionKey | None:
        return None if value is None else as_key(value)

    @field_validator("at")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("VoteEvent.at must be timezone-aware")
        return value.astimezone(UTC)


class ReactionRemoval(BaseModel):
    """A vote reaction the bot saw taken off without it being a withdrawal (its own clean-up
    or a member taking off a leftover), placed after vote event `after_seq`."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    choice: OptionKey
    after_seq: int
    id: int = 0  # its place among removals recorded after the same vote event

    @field_validator("choice")
    @classmethod
    def _standard_as_choice(cls, value: OptionKey) -> OptionKey:
        return as_key(value)


class ReactionSighting(BaseModel):
    """A vote reaction a reconciliation found on and did not count (several new ones with no
    order, or one older than a live vote): known from then on, so a later read takes it for a
    leftover, not a new act. Placed after vote event `after_seq` and after the removals up
    to id `after_removal`."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    choice: OptionKey
    after_seq: int
    after_removal: int

    @field_validator("choice")
    @classmethod
    def _standard_as_choice(cls, value: OptionKey) -> OptionKey:
        return as_key(value)


def latest_votes(
    events: Iterable[VoteEvent], *, until: datetime | None = None
) -> dict[int, VoteEvent]:
    """Each member's live vote as the event that set it: the latest in recording order
    (`seq`), among events before `until` (the deadline); a withdrawal leaves no vote."""
    live: dict[int, VoteEvent] = {}
    for event in sorted(events, key=lambda event: event.seq):
        if until is not None and event.at >= until:
            # Not `break`: `at` is not monotonic in `seq`, a later event may be before it.
            continue
        if event.choice is None:
            live.pop(event.member_id, None)
        else:
            live[event.member_id] = event
    return live


def current_votes(
    events: Iterable[VoteEvent], *, until: datetime | None = None
) -> dict[int, OptionKey]:
    """The live vote per member; events at or after `until` (the deadline) are ignored."""
    return {
        member_id: event.choice
        for member_id, event in latest_votes(events, until=until).items()
        if event.choice is not None
    }


def count_votes(current: Mapping[int, OptionKey], eligible: Collection[int]) -> Counts:
    """Votes per choice of the standard set; every recorded vote counts, also that of a
    member who has left."""
    per_choice: dict[OptionKey, int] = dict.fromkeys(Choice, 0)
    for choice in current.values():
        per_choice[choice] += 1
    return Counts(
        bifall=per_choice[Choice.BIFALL],
        avslag=per_choice[Choice.AVSLAG],
        avstar=per_choice[Choice.AVSTAR],
        not_voted=len(non_voters(current, eligible)),
    )


def non_voters(current: Mapping[int, OptionKey], eligible: Collection[int]) -> list[int]:
    """Eligible members without a live vote, sorted by id."""
    return sorted(member_id for member_id in set(eligible) if member_id not in current)
