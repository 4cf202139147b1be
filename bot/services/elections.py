"""Use cases of personval: create, nominate, answer, open, cast a ballot, status, close.

Every change is one transaction with its audit entry. A ballot's transaction records
that the member voted and puts the ballot in the round's box (bot/domain/election.py,
db/elections.py); its audit entry says only that a ballot was cast in election N. After
the commit the WAL is emptied, so the file keeps no page history that could pair a voter
with a ballot. Nothing here logs, and no exception raised here carries a ballot.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection, Sequence
from datetime import datetime

import aiosqlite

from bot.domain.access import Action, Actor, is_allowed, require
from bot.domain.attendance import electorate, may_vote, voters_now
from bot.domain.election import (
    RECEIPT_LENGTH,
    CastReceipt,
    ClosedRound,
    Election,
    ElectionError,
    ElectionMajority,
    ElectionRound,
    ElectionState,
    ElectionStatus,
    Nomination,
    NominationStatus,
    StatusView,
    ballot_from_choice,
    ballots_hash,
    check_candidates,
    check_seats,
    check_title,
    count_round,
    lottery_seed,
    parse_deadline,
    receipt_from_bytes,
)
from bot.domain.election_minutes import CandidateVotes, ElectionMinutes, ElectionRoundMinutes
from bot.domain.errors import NotFound
from bot.domain.records import Group
from bot.services.audited import AuditedChange, audited
from db import attendance as attendance_db
from db import audit, elections, groups, meetings
from db.connection import Database

BALLOT_AUDIT_ACTION = "election.ballot"


def is_eligible(actor: Actor, group: Group, fixed: Collection[int] | None) -> bool:
    """Who may cast a ballot: as for votes on items (issue 17's rule, `may_vote`): a member
    of the electorate fixed when the election opened; elections opened before electorates
    were stored keep the old rule (holding the voting role)."""
    return may_vote(
        actor.user_id, fixed=fixed, holds_voting_role=is_allowed(Action.VOTE, actor, group)
    )


async def _electorate_now(
    conn: aiosqlite.Connection, group: Group, meeting_id: int
) -> frozenset[int]:
    """Issue 17's rule over the roster and the meeting's attendance, as of now."""
    roster = await groups.roster(conn, group.guild_id)
    return electorate(group.rules.who_votes, roster, await attendance_db.load(conn, meeting_id))


async def _fixed(conn: aiosqlite.Connection, election: Election) -> frozenset[int] | None:
    """The election's fixed electorate without members who left since (None: not fixed)."""
    fixed = await elections.fixed_electorate(conn, election.id)
    if fixed is None:
        return None
    return voters_now(fixed, await groups.departed_ids(conn, election.guild_id))


async def electorate_of(db: Database, election_id: int) -> frozenset[int] | None:
    """Who may cast a ballot in the election: fixed at opening (without members who left),
    or, while nominations are open, who would if it opened now. None for an election opened
    before electorates were stored: the caller counts the holders of the voting role."""
    async with db.read() as conn:
        election = await elections.by_id(conn, election_id)
        group = await groups.get(conn, election.guild_id) if election else None
        if election is None or group is None:
            return frozenset()
        if election.status is ElectionStatus.NOMINATING:
            return await _electorate_now(conn, group, election.meeting_id)
        return await _fixed(conn, election)


# ---------------------------------------------------------------- helpers


async def _group(conn: aiosqlite.Connection, action: Action, actor: Actor, guild_id: int) -> Group:
    return require(action, actor, await groups.get(conn, guild_id))


async def _election(conn: aiosqlite.Connection, guild_id: int, number: int) -> Election:
    found = await elections.by_number(conn, guild_id, number)
    if found is None:
        raise NotFound(what_key="what.election", number=number)
    return found


async def _state(conn: aiosqlite.Connection, group: Group, election: Election) -> ElectionState:
    rounds = await elections.rounds(conn, election.id)
    voted = len(await elections.voters(conn, rounds[-1].id)) if rounds else 0
    meeting = await meetings.by_id(conn, election.meeting_id)
    assert meeting is not None, "elections.meeting_id is a foreign key"
    return ElectionState(
        group=group,
        election=election,
        meeting_number=meeting.number,
        nominations=await elections.nominations(conn, election.id),
        rounds=rounds,
        voted=voted,
    )


async def _round_of(
    conn: aiosqlite.Connection, guild_id: int, round_id: int
) -> tuple[Election, ElectionRound]:
    found = await elections.round_by_id(conn, round_id)
    election = await elections.by_id(conn, found.election_id) if found else None
    if found is None or election is None or election.guild_id != guild_id:
        raise ElectionError("election.error.unknown_round")
    return election, found


def _require_open(election: Election, round_: ElectionRound, now: datetime) -> None:
    if round_.status is not ElectionStatus.OPEN or (
        round_.deadline_at is not None and round_.deadline_at <= now
    ):
        raise ElectionError("election.error.round_closed", number=election.number)


# ---------------------------------------------------------------- use cases


async def create_election(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    title: str,
    seats: int,
    majority: ElectionMajority,
    deadline: str | None,
    now: datetime,
) -> ElectionState:
    """The chair creates an election on a meeting; nominations open."""
    clean_title = check_title(title)
    check_seats(seats)
    deadline_at = parse_deadline(deadline, now=now) if deadline and deadline.strip() else None
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await _group(conn, Action.CHAIR, actor, guild_id)
        meeting = await meetings.by_number(conn, guild_id, meeting_number)
        if meeting is None:
            raise NotFound(what_key="what.meeting", number=meeting_number)
        election = await elections.create(
            conn,
            guild_id=guild_id,
            meeting_id=meeting.id,
            title=clean_title,
            seats=seats,
            majority=majority,
            deadline_at=deadline_at,
            channel_id=group.channel_id,
            created_by=actor.user_id,
            now=now,
        )
        await change.record(
            "election.create",
            {
                "election": election.number,
                "meeting": meeting.number,
                "title": clean_title,
                "seats": seats,
                "majority": majority.value,
                "deadline_at": deadline_at.isoformat() if deadline_at else None,
            },
        )
        return await _state(conn, group, election)


async def set_election_message(db: Database, election_id: int, message_id: int) -> None:
    """Remember the election's message in the group's channel."""
    async with db.transaction() as conn:
        await elections.set_message(conn, election_id, message_id)


async def set_round_message(db: Database, round_id: int, message_id: int) -> None:
    """Remember a round's message (the one with the Rösta button)."""
    async with db.transaction() as conn:
        await elections.set_round_message(conn, round_id, message_id)


async def nominate(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    election_number: int,
    nominee_id: int,
    nominee_name: str,
    nominee_is_bot: bool,
    now: datetime,
) -> tuple[ElectionState, Nomination]:
    """Any member of the group nominates someone (themself too); the nominee must answer."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await _group(conn, Action.VIEW, actor, guild_id)
        election = await _election(conn, guild_id, election_number)
        if election.status is not ElectionStatus.NOMINATING:
            raise ElectionError("election.error.nominations_closed", number=election.number)
        if nominee_is_bot:
            raise ElectionError("election.error.nominee_bot")
        existing = await elections.nomination_of(conn, election.id, nominee_id)
        if existing is not None and existing.status is NominationStatus.ACCEPTED:
            raise ElectionError(
                "election.error.already_candidate", name=nominee_name, number=election.number
            )
        nomination = await elections.nominate(
            conn,
            election_id=election.id,
            member_id=nominee_id,
            display_name=nominee_name,
            nominated_by=actor.user_id,
            now=now,
        )
        await change.record(
            "election.nominate", {"election": election.number, "nominee": nominee_id}
        )
        return await _state(conn, group, election), nomination


async def answer_nomination(
    db: Database, *, guild_id: int, actor: Actor, nomination_id: int, accept: bool, now: datetime
) -> tuple[ElectionState, Nomination]:
    """The nominee (and only they) accepts or declines, while nominations are open."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await groups.get(conn, guild_id)
        nomination = await elections.nomination_by_id(conn, nomination_id)
        election = await elections.by_id(conn, nomination.election_id) if nomination else None
        if group is None or nomination is None or election is None or election.guild_id != guild_id:
            raise ElectionError("election.error.unknown_nomination")
        if actor.user_id != nomination.member_id:
            raise ElectionError("election.error.not_your_nomination")
        if election.status is not ElectionStatus.NOMINATING:
            raise ElectionError("election.error.nominations_closed", number=election.number)
        status = NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED
        if nomination.status is not status:
            await elections.answer_nomination(conn, nomination.id, status, now)
            await change.record(
                "election.nomination_answer", {"election": election.number, "answer": status.value}
            )
        answered = nomination.model_copy(update={"status": status})
        return await _state(conn, group, election), answered


async def open_election(
    db: Database, *, guild_id: int, actor: Actor, election_number: int, now: datetime
) -> ElectionState:
    """The chair freezes the accepted candidates and opens round 1."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await _group(conn, Action.CHAIR, actor, guild_id)
        election = await _election(conn, guild_id, election_number)
        if election.status is not ElectionStatus.NOMINATING:
            raise ElectionError("election.error.already_open", number=election.number)
        if election.deadline_at is not None and election.deadline_at <= now:
            raise ElectionError("election.error.deadline_passed", number=election.number)
        candidates = [
            n.member_id
            for n in await elections.nominations(conn, election.id)
            if n.status is NominationStatus.ACCEPTED
        ]
        check_candidates(candidates, election.seats)
        round_ = await elections.open_round(
            conn,
            election_id=election.id,
            number=1,
            seats=election.seats,
            majority=election.majority,
            candidates=candidates,
            deadline_at=election.deadline_at,
            now=now,
        )
        await elections.set_status(conn, election.id, ElectionStatus.OPEN)
        voters = await _electorate_now(conn, group, election.meeting_id)
        await elections.fix_electorate(conn, election.id, group.rules.who_votes, voters)
        await change.record(
            "election.open",
            {
                "election": election.number,
                "round": 1,
                "candidates": candidates,
                "voters": sorted(voters),
            },
        )
        opened = election.model_copy(update={"status": ElectionStatus.OPEN})
        state = await _state(conn, group, opened)
    assert state.current is not None and state.current.id == round_.id
    return state


async def ballot_form(
    db: Database, *, guild_id: int, actor: Actor, round_id: int, now: datetime
) -> ElectionState:
    """Checks before showing the ballot: eligible, the round open, no ballot cast yet."""
    async with db.read() as conn:
        group = require(Action.VIEW, actor, await groups.get(conn, guild_id))
        election, round_ = await _round_of(conn, guild_id, round_id)
        _require_eligible(actor, group, await _fixed(conn, election))
        _require_open(election, round_, now)
        if actor.user_id in await elections.voters(conn, round_.id):
            raise ElectionError("election.error.already_voted", number=election.number)
        state = await _state(conn, group, election)
    if state.current is None or state.current.id != round_id:
        raise ElectionError("election.error.round_closed", number=election.number)
    return state


def check_ballot(round_: ElectionRound, chosen: Sequence[int], blank: bool) -> None:
    """Refuse a ballot that could not be cast (before the voter presses Lägg rösten)."""
    ballot_from_choice(chosen, blank, round_.candidates, round_.seats)


def _require_eligible(actor: Actor, group: Group, fixed: Collection[int] | None) -> None:
    if not is_eligible(actor, group, fixed):
        raise ElectionError("election.error.not_eligible")


async def cast_ballot(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    round_id: int,
    chosen: Sequence[int],
    blank: bool,
    now: datetime,
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> CastReceipt:
    """Record one final ballot of an eligible member; a second one is refused politely."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = require(Action.VIEW, actor, await groups.get(conn, guild_id))
        election, round_ = await _round_of(conn, guild_id, round_id)
        _require_eligible(actor, group, await _fixed(conn, election))
        _require_open(election, round_, now)
        ballot = ballot_from_choice(chosen, blank, round_.candidates, round_.seats)
        taken = set(await elections.receipts(conn, round_.id))
        receipt = receipt_from_bytes(random_bytes(RECEIPT_LENGTH))
        while receipt in taken:
            receipt = receipt_from_bytes(random_bytes(RECEIPT_LENGTH))
        if not await elections.cast_ballot(
            conn, round_.id, member_id=actor.user_id, ballot=ballot, receipt=receipt
        ):
            raise ElectionError("election.error.already_voted", number=election.number)
        await change.record(
            BALLOT_AUDIT_ACTION, {"election": election.number, "round": round_.number}
        )
        state = await _state(conn, group, election)
    await db.truncate_wal()
    return CastReceipt(state=state, receipt=receipt)


async def election_status(
    db: Database, *, guild_id: int, actor: Actor, election_number: int
) -> StatusView:
    """The group sees the count; the chair and the secretary also see who has voted."""
    async with db.read() as conn:
        group = require(Action.VIEW, actor, await groups.get(conn, guild_id))
        election = await _election(conn, guild_id, election_number)
        state = await _state(conn, group, election)
        voter_ids = None
        if is_allowed(Action.SECRETARY, actor, group) and state.current is not None:
            voter_ids = await elections.voters(conn, state.current.id)
    return StatusView(state=state, voter_ids=voter_ids)


async def election_state(db: Database, election_id: int) -> ElectionState | None:
    """The current state of an election by row id (to render its messages)."""
    async with db.read() as conn:
        election = await elections.by_id(conn, election_id)
        group = await groups.get(conn, election.guild_id) if election else None
        if election is None or group is None:
            return None
        return await _state(conn, group, election)


async def close_election(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    election_number: int,
    eligible: int,
    next_deadline: str | None,
    now: datetime,
) -> ClosedRound:
    """The chair closes the open round now: count, record, and open a new round if needed."""
    next_at = (
        parse_deadline(next_deadline, now=now) if next_deadline and next_deadline.strip() else None
    )
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await _group(conn, Action.CHAIR, actor, guild_id)
        election = await _election(conn, guild_id, election_number)
        rounds = await elections.rounds(conn, election.id)
        if election.status is not ElectionStatus.OPEN or not rounds:
            raise ElectionError("election.error.not_open", number=election.number)
        closed = await _close(change, group, election, rounds[-1], eligible, next_at)
    await db.truncate_wal()
    return closed


async def close_at_deadline(
    db: Database, *, round_id: int, eligible: int, now: datetime
) -> ClosedRound | None:
    """The scheduler closes a round whose deadline passed (None if already closed)."""
    async with audited(db, guild_id=None, actor=None, now=now) as change:
        conn = change.conn
        round_ = await elections.round_by_id(conn, round_id)
        election = await elections.by_id(conn, round_.election_id) if round_ else None
        group = await groups.get(conn, election.guild_id) if election else None
        if round_ is None or election is None or group is None:
            return None
        if round_.status is not ElectionStatus.OPEN or round_.deadline_at is None:
            return None
        if round_.deadline_at > now:
            return None
        closed = await _close(change, group, election, round_, eligible, None)
    await db.truncate_wal()
    return closed


async def _close(
    change: AuditedChange,
    group: Group,
    election: Election,
    round_: ElectionRound,
    eligible: int,
    next_deadline_at: datetime | None,
) -> ClosedRound:
    conn, actor_id, now = change.conn, change.actor_id, change.at
    fixed = await _fixed(conn, election)
    if fixed is not None:  # `eligible` (the voting role now) serves only older elections
        eligible = len(fixed)
    ballots = await elections.ballots(conn, round_.id)
    receipts = await elections.receipts(conn, round_.id)
    head = await audit.head_hash(conn, group.guild_id)
    digest = ballots_hash(ballots)
    result = count_round(
        candidates=round_.candidates,
        seats=round_.seats,
        majority=round_.majority,
        ballots=ballots,
        eligible=max(eligible, len(ballots)),
        seed=lottery_seed(group.guild_id, election.number, round_.number, digest, head),
    )
    await elections.close_round(conn, round_.id, result=result, closed_by=actor_id, now=now)
    await change.record(
        "election.close",
        {
            "election": election.number,
            "round": round_.number,
            "ballots_hash": digest,
            "audit_head": head,
            "cast": result.cast,
            "blank": result.blank,
            "eligible": result.eligible,
            "votes": {str(c.candidate_id): c.votes for c in result.candidates},
            "elected": result.elected,
            "lottery": result.lottery.model_dump(mode="json") if result.lottery else None,
        },
        guild_id=group.guild_id,
    )
    next_round = None
    if result.next_round_candidates:
        deadline_at = next_deadline_at
        if deadline_at is None and round_.deadline_at is not None and round_.deadline_at > now:
            deadline_at = round_.deadline_at  # the remaining time is inherited
        next_round = await elections.open_round(
            conn,
            election_id=election.id,
            number=round_.number + 1,
            seats=result.unfilled,
            majority=ElectionMajority.PLURALITY,
            candidates=result.next_round_candidates,
            deadline_at=deadline_at,
            now=now,
        )
        await change.record(
            "election.open",
            {
                "election": election.number,
                "round": next_round.number,
                "candidates": result.next_round_candidates,
            },
            guild_id=group.guild_id,
        )
    else:
        await elections.set_status(conn, election.id, ElectionStatus.CLOSED)
        election = election.model_copy(update={"status": ElectionStatus.CLOSED})
    closed_round = await elections.round_by_id(conn, round_.id)
    assert closed_round is not None
    return ClosedRound(
        state=await _state(conn, group, election),
        round=closed_round,
        result=result,
        receipts=receipts,
        audit_head=head,
        next_round=next_round,
    )


async def due_rounds(db: Database, *, now: datetime) -> list[tuple[int, int]]:
    """(guild_id, round_id) of open rounds past their deadline."""
    async with db.read() as conn:
        return await elections.due_rounds(conn, now)


async def next_deadline_at(db: Database) -> datetime | None:
    """The earliest deadline of an open round (for the scheduler's wake-up)."""
    async with db.read() as conn:
        return await elections.next_deadline(conn)


async def elections_of_group(db: Database, guild_id: int) -> list[Election]:
    """A group's elections, newest first (for autocomplete)."""
    async with db.read() as conn:
        return await elections.for_group(conn, guild_id)


async def election_minutes(
    conn: aiosqlite.Connection, meeting_id: int, *, first_paragraph: int
) -> list[ElectionMinutes]:
    """A meeting's elections for the minutes and the data export (inside a read)."""
    found = []
    for offset, election in enumerate(await elections.for_meeting(conn, meeting_id)):
        names = {
            n.member_id: n.display_name for n in await elections.nominations(conn, election.id)
        }
        rounds, elected = [], []
        for round_ in await elections.rounds(conn, election.id):
            result = round_.result
            if result is None:
                continue
            elected += [names.get(i, str(i)) for i in result.elected]
            draw = result.lottery
            rounds.append(
                ElectionRoundMinutes(
                    number=round_.number,
                    seats=round_.seats,
                    majority=round_.majority,
                    candidates=[
                        CandidateVotes(
                            name=names.get(c.candidate_id, str(c.candidate_id)),
                            votes=c.votes,
                            elected=c.elected,
                            by_lot=c.by_lot,
                        )
                        for c in result.candidates
                    ],
                    blank=result.blank,
                    cast=result.cast,
                    valid=result.valid,
                    eligible=result.eligible,
                    threshold=result.threshold,
                    lottery_tied=[names.get(i, str(i)) for i in draw.tied] if draw else [],
                    lottery_winners=[names.get(i, str(i)) for i in draw.winners] if draw else [],
                    lottery_seed=draw.seed if draw else None,
                    ballots_hash=result.ballots_hash,
                    receipts=await elections.receipts(conn, round_.id),
                )
            )
        found.append(
            ElectionMinutes(
                paragraph=first_paragraph + offset,
                number=election.number,
                title=election.title,
                seats=election.seats,
                majority=election.majority,
                status=election.status,
                elected=elected,
                rounds=rounds,
            )
        )
    return found
