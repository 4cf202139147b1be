"""Elections in the minutes and the data export: a § per election, counts and receipt codes.

Never a per-member choice: a round is its counts, the draw, the hash of the ballot list
and the receipt codes (which prove a ballot was counted, not what it said). Pure: the
sentences come from the catalogue through the `say(key, **params)` the caller passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from bot.domain.election import ElectionMajority, ElectionStatus

Say = Callable[..., str]


class CandidateVotes(BaseModel):
    """A candidate's votes in one round."""

    name: str
    votes: int
    elected: bool
    by_lot: bool = False


class ElectionRoundMinutes(BaseModel):
    """One counted round."""

    number: int
    seats: int
    majority: ElectionMajority
    candidates: list[CandidateVotes]
    blank: int
    cast: int
    valid: int
    eligible: int
    threshold: int | None
    lottery_tied: list[str] = []
    lottery_winners: list[str] = []
    lottery_seed: str | None = None
    ballots_hash: str
    receipts: list[str]


class ElectionMinutes(BaseModel):
    """One election as the minutes show it."""

    paragraph: int
    number: int
    title: str
    seats: int
    majority: ElectionMajority
    status: ElectionStatus
    elected: list[str]
    rounds: list[ElectionRoundMinutes]


def join(names: Sequence[str], say: Say) -> str:
    """ "A", "A och B", "A, B och C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {say('election.and')} {names[-1]}"


def election_heading(election: ElectionMinutes, say: Say) -> str:
    """§ n Val av <title>."""
    title = say("election.minutes.heading", title=election.title)
    return f"{say('export.paragraph', number=election.paragraph)} {title}"


def election_lines(election: ElectionMinutes, say: Say) -> list[str]:
    """Who was elected, then per round: votes, blanks, turnout, the draw, the receipts."""
    if election.status is not ElectionStatus.CLOSED:
        lines = [say("election.minutes.open")]
    elif election.elected:
        lines = [
            say("election.minutes.elected", title=election.title, names=join(election.elected, say))
        ]
    else:
        lines = [say("election.minutes.none")]
    several = len(election.rounds) > 1
    for round_ in election.rounds:
        prefix = say("election.minutes.round", round=round_.number) if several else ""
        counts = ", ".join(f"{c.name} {c.votes}" for c in round_.candidates)
        lines.append(
            prefix
            + say(
                "election.minutes.votes",
                counts=counts,
                blank=round_.blank,
                cast=round_.cast,
                eligible=round_.eligible,
            )
        )
        if round_.lottery_tied:
            lines.append(
                say(
                    "election.minutes.lottery",
                    tied=join(round_.lottery_tied, say),
                    winners=join(round_.lottery_winners, say),
                )
            )
        lines.append(say("election.minutes.receipts", codes=", ".join(round_.receipts) or "–"))
    return lines


ELECTION_COLUMNS = (
    "paragraph",
    "election",
    "title",
    "round",
    "candidate",
    "votes",
    "elected",
    "by_lot",
)
RECEIPT_COLUMNS = ("election", "round", "receipt")


def election_rows(elections: Sequence[ElectionMinutes], say: Say) -> list[tuple[Any, ...]]:
    """One row per candidate and round, and one for the round's blank ballots."""
    yes, no = say("export.yes"), say("export.no")
    rows: list[tuple[Any, ...]] = []
    for election in elections:
        for round_ in election.rounds:
            base = (election.paragraph, election.number, election.title, round_.number)
            rows += [
                (*base, c.name, c.votes, yes if c.elected else no, yes if c.by_lot else no)
                for c in round_.candidates
            ]
            rows.append((*base, say("election.ballot.blank"), round_.blank, "", ""))
    return rows


def receipt_rows(elections: Sequence[ElectionMinutes]) -> list[tuple[Any, ...]]:
    """Every receipt code of every round, sorted (the order says nothing)."""
    return [
        (election.number, round_.number, receipt)
        for election in elections
        for round_ in election.rounds
        for receipt in round_.receipts
    ]
