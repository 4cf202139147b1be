"""Personval by secret ballot: ballots, counting, lottning. Pure: no clock, no randomness.

Swedish rules (see docs/design/elections.md):
- The most votes win. A candidate needs at least one vote to be elected.
- A blank ballot is cast but valid for nobody: it counts among the ballots cast and not
  among the valid ballots (the denominator of an absolute majority).
- `absolute`: a candidate needs more than half of the valid ballots. If seats remain, a
  new round opens among the candidates not yet elected, for the remaining seats; that
  round (and any later one) is decided by the most votes, so an election always ends.
- A tie at the margin (more candidates with the same count than places left) is settled
  by lottning, never by the chair: the tied candidates are ordered by
  sha256(f"{seed}:{candidate_id}") and the first ones take the places. The seed is made
  from the hash of the closed, sorted ballot list and the audit head, so anyone holding
  the audit log can recompute the draw.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import InvalidInput, UserError
from bot.domain.records import Group
from bot.domain.schedule import (
    ERROR_BAD_DEADLINE,
    ERROR_DEADLINE_PASSED,
    local_text,
    stockholm_to_utc,
)

TITLE_MAX = 200
SEATS_MAX = 25  # a select menu offers at most 25 options (and max_values is at most 25)
CANDIDATES_MAX = 24  # 25 select options minus "Blankt"
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely
RECEIPT_LENGTH = 8


class ElectionStatus(StrEnum):
    NOMINATING = "nominating"  # candidates are being nominated; no ballots yet
    OPEN = "open"  # candidates frozen, ballots accepted
    CLOSED = "closed"  # counted; the result is final


class ElectionMajority(StrEnum):
    PLURALITY = "plurality"  # the most votes win
    ABSOLUTE = "absolute"  # more than half of the valid ballots, else a new round


class NominationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ElectionError(UserError):
    """A polite refusal about an election (wrong state, bad ballot, second ballot...)."""

    key = "election.error.generic"


def parse_deadline(text: str, *, now: datetime) -> datetime:
    """A "YYYY-MM-DD HH:MM" Stockholm time in the future, as UTC."""
    try:
        local = datetime.strptime(" ".join(text.split()), "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(ERROR_BAD_DEADLINE, value=text.strip()) from None
    at = stockholm_to_utc(local.date(), local.time())
    if at <= now:
        raise InvalidInput(ERROR_DEADLINE_PASSED, deadline=local_text(at))
    return at


def check_title(title: str) -> str:
    """The title stripped; refused when empty or too long."""
    cleaned = " ".join(title.split())
    if not 1 <= len(cleaned) <= TITLE_MAX:
        raise ElectionError("election.error.title", limit=TITLE_MAX)
    return cleaned


def check_seats(seats: int) -> int:
    """Seats between 1 and SEATS_MAX."""
    if not 1 <= seats <= SEATS_MAX:
        raise ElectionError("election.error.seats", limit=SEATS_MAX)
    return seats


def check_candidates(candidates: Sequence[int], seats: int) -> None:
    """Opening needs at least one candidate and at most what a select menu can offer."""
    if not candidates:
        raise ElectionError("election.error.no_candidates")
    if len(candidates) > CANDIDATES_MAX:
        raise ElectionError("election.error.too_many_candidates", limit=CANDIDATES_MAX)


def ballot_from_choice(
    chosen: Iterable[int], blank: bool, candidates: Sequence[int], seats: int
) -> tuple[int, ...]:
    """A ballot as the sorted tuple of candidate indices (empty = blank), or a refusal.

    Indices into the round's frozen candidate list, not member ids: the ballot box
    stays small and holds nothing that names a voter.
    """
    picked = list(chosen)
    if blank:
        if picked:
            raise ElectionError("election.error.blank_and_names")
        return ()
    if not picked:
        raise ElectionError("election.error.empty_ballot")
    if len(set(picked)) != len(picked) or any(not 0 <= i < len(candidates) for i in picked):
        raise ElectionError("election.error.bad_ballot")
    if len(picked) > seats:
        raise ElectionError("election.error.too_many_names", seats=seats)
    return tuple(sorted(picked))


def canonical_ballots(ballots: Iterable[Sequence[int]]) -> list[list[int]]:
    """The ballot list in its one order: each ballot sorted, the list sorted.

    Sorted by content, the list says nothing about who cast which ballot or when.
    """
    return sorted(sorted(ballot) for ballot in ballots)


def ballots_hash(ballots: Iterable[Sequence[int]]) -> str:
    """sha256 hex of the canonical JSON of the sorted ballot list."""
    text = json.dumps(canonical_ballots(ballots), separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def lottery_seed(
    guild_id: int, election_number: int, round_number: int, ballot_hash: str, audit_head: str
) -> str:
    """The public seed of a round's draw: the closed ballot list's hash and the audit head."""
    return f"val:{guild_id}:{election_number}:{round_number}:{ballot_hash}:{audit_head}"


def draw_order(seed: str, tied: Sequence[int]) -> list[int]:
    """The tied candidates in lottery order: by sha256(f"{seed}:{candidate_id}")."""
    return sorted(
        tied,
        key=lambda cid: (hashlib.sha256(f"{seed}:{cid}".encode()).hexdigest(), cid),
    )


class Lottning(BaseModel):
    """A recorded draw: anyone can recompute `order` from `seed` and `tied`."""

    model_config = ConfigDict(frozen=True)

    seed: str
    tied: list[int]
    places: int
    order: list[int]
    winners: list[int]


class CandidateResult(BaseModel):
    """One candidate's votes in a round and whether they were elected (and how)."""

    model_config = ConfigDict(frozen=True)

    candidate_id: int
    votes: int
    elected: bool
    by_lot: bool = False


class RoundResult(BaseModel):
    """The count of one round: per candidate, blanks, cast vs eligible, who was elected."""

    model_config = ConfigDict(frozen=True)

    majority: ElectionMajority
    seats: int
    candidates: list[CandidateResult]  # most votes first, then nomination order
    cast: int
    blank: int
    eligible: int
    threshold: int | None  # votes needed under `absolute` (more than half of the valid)
    elected: list[int]
    lottery: Lottning | None
    ballots_hash: str
    next_round_candidates: list[int]  # non-empty: a new round opens among these

    @property
    def valid(self) -> int:
        """Ballots naming at least one candidate; blank ballots are not valid for anyone."""
        return self.cast - self.blank

    @property
    def unfilled(self) -> int:
        """Seats left empty after this round."""
        return self.seats - len(self.elected)


def count_round(
    *,
    candidates: Sequence[int],
    seats: int,
    majority: ElectionMajority,
    ballots: Sequence[Sequence[int]],
    eligible: int,
    seed: str,
) -> RoundResult:
    """Count a closed round. `ballots` hold indices into `candidates` (empty = blank)."""
    votes = [0] * len(candidates)
    for ballot in ballots:
        for index in set(ballot):
            votes[index] += 1
    cast = len(ballots)
    blank = sum(1 for ballot in ballots if not ballot)
    valid = cast - blank
    order = sorted(range(len(candidates)), key=lambda i: (-votes[i], i))
    threshold = valid // 2 + 1 if majority is ElectionMajority.ABSOLUTE else None
    need = max(threshold or 1, 1)
    qualified = [i for i in order if votes[i] >= need]
    lottery: Lottning | None = None
    by_lot: set[int] = set()
    margin = votes[qualified[seats - 1]] if len(qualified) > seats else None
    sure = [i for i in qualified if margin is None or votes[i] > margin]
    tied = [i for i in qualified if votes[i] == margin]
    places = seats - len(sure)
    if len(tied) <= places:
        elected_idx = sure + tied
    else:
        tied_ids = [candidates[i] for i in tied]
        drawn = draw_order(seed, tied_ids)
        winners = drawn[:places]
        lottery = Lottning(seed=seed, tied=tied_ids, places=places, order=drawn, winners=winners)
        winner_idx = [i for i in tied if candidates[i] in winners]
        elected_idx = sure + winner_idx
        by_lot = set(winner_idx)
    elected_set = set(elected_idx)
    elected = [candidates[i] for i in order if i in elected_set]
    next_round: list[int] = []
    if majority is ElectionMajority.ABSOLUTE and len(elected) < seats:
        next_round = [candidates[i] for i in range(len(candidates)) if i not in elected_set]
    return RoundResult(
        majority=majority,
        seats=seats,
        candidates=[
            CandidateResult(
                candidate_id=candidates[i],
                votes=votes[i],
                elected=i in elected_set,
                by_lot=i in by_lot,
            )
            for i in order
        ],
        cast=cast,
        blank=blank,
        eligible=eligible,
        threshold=threshold,
        elected=elected,
        lottery=lottery,
        ballots_hash=ballots_hash(ballots),
        next_round_candidates=next_round,
    )


def receipt_from_bytes(raw: bytes) -> str:
    """A receipt code like "K7QF-M2XD" from RECEIPT_LENGTH random bytes (the caller's)."""
    if len(raw) < RECEIPT_LENGTH:
        raise ValueError("need RECEIPT_LENGTH random bytes")
    letters = "".join(RECEIPT_ALPHABET[b % len(RECEIPT_ALPHABET)] for b in raw[:RECEIPT_LENGTH])
    return f"{letters[:4]}-{letters[4:]}"


class Election(BaseModel):
    """A personval: numbered per group, attached to a meeting."""

    model_config = ConfigDict(frozen=True)

    id: int
    guild_id: int
    meeting_id: int
    number: int
    title: str
    seats: int
    majority: ElectionMajority
    deadline_at: datetime | None
    status: ElectionStatus
    channel_id: int | None
    message_id: int | None
    created_by: int
    created_at: datetime


class Nomination(BaseModel):
    """A person nominated to an election, and their answer."""

    model_config = ConfigDict(frozen=True)

    id: int
    election_id: int
    member_id: int
    display_name: str
    nominated_by: int
    status: NominationStatus


class ElectionRound(BaseModel):
    """One round of voting: its frozen candidates, seats, rule and (once closed) result."""

    model_config = ConfigDict(frozen=True)

    id: int
    election_id: int
    number: int
    seats: int
    majority: ElectionMajority
    candidates: list[int]
    deadline_at: datetime | None
    status: ElectionStatus
    message_id: int | None
    opened_at: datetime
    closed_at: datetime | None
    result: RoundResult | None


class ElectionState(BaseModel):
    """An election with its nominations and rounds, and how many have voted in the last."""

    model_config = ConfigDict(frozen=True)

    group: Group
    election: Election
    meeting_number: int
    nominations: list[Nomination]
    rounds: list[ElectionRound]
    voted: int  # ballots cast in the current (last) round

    @property
    def current(self) -> ElectionRound | None:
        """The last round (open, or the one that ended the election)."""
        return self.rounds[-1] if self.rounds else None

    @property
    def names(self) -> dict[int, str]:
        """Candidates' display names as given at nomination."""
        return {n.member_id: n.display_name for n in self.nominations}


class StatusView(BaseModel):
    """/election status: the state, and the names of who has voted for chair/secretary."""

    model_config = ConfigDict(frozen=True)

    state: ElectionState
    voter_ids: list[int] | None  # None: the person may see the count only


class CastReceipt(BaseModel):
    """What the voter is shown once: the receipt code."""

    model_config = ConfigDict(frozen=True)

    state: ElectionState
    receipt: str


class ClosedRound(BaseModel):
    """A round just counted, its receipt codes, and the new round if one opened."""

    model_config = ConfigDict(frozen=True)

    state: ElectionState  # after closing (includes the new round, if any)
    round: ElectionRound  # the closed round, with its result
    result: RoundResult
    receipts: list[str]
    audit_head: str  # the head the lottery seed was made from
    next_round: ElectionRound | None
