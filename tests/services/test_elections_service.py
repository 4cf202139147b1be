"""Personval use cases on a real SQLite file: nominations, one final ballot, counting, secrecy."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.access import Actor
from bot.domain.audit import verify_chain
from bot.domain.election import (
    ElectionError,
    ElectionMajority,
    ElectionStatus,
    canonical_ballots,
    draw_order,
    lottery_seed,
)
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.models import WhoVotes
from bot.domain.records import Group
from bot.services import attendance as attendance_service
from bot.services import elections as service
from db import audit, groups, meetings
from db import elections as election_db
from db.connection import Database

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
GUILD, MEMBER_ROLE, CHAIR_ROLE, SECRETARY_ROLE, CHANNEL = 500, 1, 2, 3, 4
CHAIR = Actor(user_id=900, role_ids=frozenset({MEMBER_ROLE, CHAIR_ROLE}))
SECRETARY = Actor(user_id=901, role_ids=frozenset({MEMBER_ROLE, SECRETARY_ROLE}))
VOTERS = [CHAIR, SECRETARY] + [
    Actor(user_id=1000 + n, role_ids=frozenset({MEMBER_ROLE})) for n in range(7)
]
OUTSIDER = Actor(user_id=77)
SUBSTITUTE_ROLE = 5
ULLA = Actor(user_id=2000, role_ids=frozenset({SUBSTITUTE_ROLE}))  # ersättare
VERA = Actor(user_id=2001, role_ids=frozenset({SUBSTITUTE_ROLE}))  # ersättare
NOMINEES = [1000, 1001, 1002, 1003]  # Anna, Bertil, Cecilia, David (David declines)


def counter_bytes() -> Iterator[bytes]:
    n = 0
    while True:
        n += 1
        yield n.to_bytes(8, "big")


@pytest.fixture
async def db(db: Database) -> Database:
    """A group with its roster (nine ledamöter, two ersättare) and a meeting."""
    async with db.transaction() as conn:
        await groups.save(
            conn,
            Group(
                guild_id=GUILD,
                member_role_id=MEMBER_ROLE,
                chair_role_id=CHAIR_ROLE,
                secretary_role_id=SECRETARY_ROLE,
                channel_id=CHANNEL,
                substitute_role_id=SUBSTITUTE_ROLE,
            ),
            NOW,
        )
        # The roster as the bot remembers it from Discord: nine ledamöter, two ersättare.
        seen = [(v.user_id, f"L{v.user_id}", True) for v in VOTERS]
        seen += [(s.user_id, f"E{s.user_id}", False) for s in (ULLA, VERA)]
        await groups.upsert_members(
            conn, GUILD, seen, NOW, substitutes=[ULLA.user_id, VERA.user_id]
        )
        await meetings.create(
            conn,
            guild_id=GUILD,
            title="Gruppmöte",
            starts_at=NOW + timedelta(days=5),
            deadline_at=NOW + timedelta(days=4),
            created_by=CHAIR.user_id,
            now=NOW,
        )
    return db


async def open_election(
    db: Database, *, seats: int = 2, majority: ElectionMajority = ElectionMajority.PLURALITY
) -> int:
    """Election with Anna, Bertil, Cecilia accepting and David declining; returns round 1's id."""
    state = await service.create_election(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        meeting_number=1,
        title="Gruppledare",
        seats=seats,
        majority=majority,
        deadline="2026-11-27 18:00",
        now=NOW,
    )
    number = state.election.number
    for nominee in NOMINEES:
        _, nomination = await service.nominate(
            db,
            guild_id=GUILD,
            actor=VOTERS[3],
            election_number=number,
            nominee_id=nominee,
            nominee_name=f"N{nominee}",
            nominee_is_bot=False,
            now=NOW,
        )
        await service.answer_nomination(
            db,
            guild_id=GUILD,
            actor=Actor(user_id=nominee),
            nomination_id=nomination.id,
            accept=nominee != 1003,
            now=NOW,
        )
    opened = await service.open_election(
        db, guild_id=GUILD, actor=CHAIR, election_number=number, now=NOW
    )
    assert opened.current is not None
    assert opened.current.candidates == [1000, 1001, 1002]
    return opened.current.id


async def cast(db: Database, round_id: int, voter: Actor, chosen: list[int], blank: bool = False):
    return await service.cast_ballot(
        db,
        guild_id=GUILD,
        actor=voter,
        round_id=round_id,
        chosen=chosen,
        blank=blank,
        now=NOW + timedelta(minutes=1),
    )


async def test_a_second_ballot_is_refused_and_changes_nothing(db: Database) -> None:
    round_id = await open_election(db)
    first = await cast(db, round_id, VOTERS[0], [0, 1])
    assert first.state.voted == 1
    with pytest.raises(ElectionError) as refused:
        await cast(db, round_id, VOTERS[0], [2])
    assert refused.value.key == "election.error.already_voted"
    async with db.read() as conn:
        assert await election_db.ballots(conn, round_id) == [[0, 1]]
        assert await election_db.receipts(conn, round_id) == [first.receipt]


async def test_only_eligible_members_may_vote_and_bad_ballots_change_nothing(db: Database) -> None:
    round_id = await open_election(db)
    with pytest.raises(NotAllowed):
        await cast(db, round_id, OUTSIDER, [0])
    with pytest.raises(ElectionError):
        await cast(db, round_id, VOTERS[1], [0, 1, 2])  # three names, two seats
    with pytest.raises(ElectionError):
        await cast(db, round_id, VOTERS[1], [0], blank=True)
    async with db.read() as conn:
        assert await election_db.ballots(conn, round_id) == []
        assert await election_db.voters(conn, round_id) == []


async def test_only_the_nominee_answers_and_a_declined_nominee_is_no_candidate(
    db: Database,
) -> None:
    state = await service.create_election(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        meeting_number=1,
        title="Talesperson",
        seats=1,
        majority=ElectionMajority.PLURALITY,
        deadline=None,
        now=NOW,
    )
    _, nomination = await service.nominate(
        db,
        guild_id=GUILD,
        actor=VOTERS[2],
        election_number=state.election.number,
        nominee_id=1004,
        nominee_name="Eva",
        nominee_is_bot=False,
        now=NOW,
    )
    with pytest.raises(ElectionError) as refused:
        await service.answer_nomination(
            db, guild_id=GUILD, actor=CHAIR, nomination_id=nomination.id, accept=True, now=NOW
        )
    assert refused.value.key == "election.error.not_your_nomination"
    with pytest.raises(ElectionError) as empty:
        await service.open_election(
            db, guild_id=GUILD, actor=CHAIR, election_number=state.election.number, now=NOW
        )
    assert empty.value.key == "election.error.no_candidates"
    with pytest.raises(NotAllowed):
        await service.open_election(
            db, guild_id=GUILD, actor=VOTERS[2], election_number=state.election.number, now=NOW
        )
    with pytest.raises(NotFound):
        await service.open_election(db, guild_id=GUILD, actor=CHAIR, election_number=9, now=NOW)


async def test_absolute_majority_opens_a_second_round_among_the_rest(db: Database) -> None:
    round_id = await open_election(db, majority=ElectionMajority.ABSOLUTE)
    # Anna 6, Bertil 3, Cecilia 3, two blank: 7 valid, more than half is 4.
    choices = [[0, 1], [0, 1], [0, 1], [0, 2], [0, 2], [0], [2], [], []]
    for voter, chosen in zip(VOTERS, choices, strict=True):
        await cast(db, round_id, voter, chosen, blank=not chosen)
    closed = await service.close_election(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        election_number=1,
        eligible=9,
        next_deadline=None,
        now=NOW + timedelta(hours=1),
    )
    assert closed.result.elected == [1000]
    assert (closed.result.cast, closed.result.blank, closed.result.valid) == (9, 2, 7)
    assert closed.next_round is not None
    assert closed.next_round.candidates == [1001, 1002] and closed.next_round.seats == 1
    assert closed.next_round.majority is ElectionMajority.PLURALITY
    # The remaining time is inherited: the same deadline.
    assert closed.next_round.deadline_at == closed.round.deadline_at
    assert closed.state.election.status is ElectionStatus.OPEN
    assert len(closed.receipts) == 9
    # Everyone may vote again in the new round.
    await cast(db, closed.next_round.id, VOTERS[0], [1])
    second = await service.close_election(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        election_number=1,
        eligible=9,
        next_deadline=None,
        now=NOW + timedelta(hours=2),
    )
    assert second.result.elected == [1002] and second.next_round is None
    assert second.state.election.status is ElectionStatus.CLOSED


async def test_a_tie_is_drawn_from_the_ballot_hash_and_audit_head_and_recorded(
    db: Database,
) -> None:
    round_id = await open_election(db, seats=1)
    for voter, chosen in zip(VOTERS[:4], [[0], [0], [1], [1]], strict=True):
        await cast(db, round_id, voter, chosen)
    closed = await service.close_election(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        election_number=1,
        eligible=9,
        next_deadline=None,
        now=NOW + timedelta(hours=1),
    )
    draw = closed.result.lottery
    assert draw is not None and draw.tied == [1000, 1001]
    # Anyone with the audit log can re-check: the close entry holds hash, head and draw.
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
    assert verify_chain(entries).ok
    entry = next(e for e in entries if e.action == "election.close")
    seed = lottery_seed(GUILD, 1, 1, entry.payload["ballots_hash"], entry.payload["audit_head"])
    assert entry.payload["audit_head"] == entries[entries.index(entry) - 1].hash
    assert draw.seed == seed == entry.payload["lottery"]["seed"]
    assert draw_order(seed, [1000, 1001]) == draw.order
    assert closed.result.elected == draw.winners


async def test_close_at_deadline_only_after_it(db: Database) -> None:
    round_id = await open_election(db, seats=1)
    await cast(db, round_id, VOTERS[0], [2])
    deadline = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    assert await service.due_rounds(db, now=deadline - timedelta(seconds=1)) == []
    assert await service.next_deadline_at(db) == deadline
    assert await service.due_rounds(db, now=deadline) == [(GUILD, round_id)]
    closed = await service.close_at_deadline(db, round_id=round_id, eligible=9, now=deadline)
    assert closed is not None and closed.result.elected == [1002]
    assert await service.close_at_deadline(db, round_id=round_id, eligible=9, now=deadline) is None
    with pytest.raises(ElectionError):
        await cast(db, round_id, VOTERS[1], [0])


async def test_status_shows_names_of_voters_only_to_chair_and_secretary(db: Database) -> None:
    round_id = await open_election(db)
    await cast(db, round_id, VOTERS[4], [0])
    for actor, sees_names in ((CHAIR, True), (SECRETARY, True), (VOTERS[5], False)):
        view = await service.election_status(db, guild_id=GUILD, actor=actor, election_number=1)
        assert view.state.voted == 1
        assert view.voter_ids == ([VOTERS[4].user_id] if sees_names else None)
    with pytest.raises(NotAllowed):
        await service.election_status(db, guild_id=GUILD, actor=OUTSIDER, election_number=1)


def raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


async def test_the_file_keeps_no_trace_of_the_order_ballots_arrived_in(
    db: Database, tmp_path: Path
) -> None:
    """No earlier state of the ballot box survives in the file or its WAL: the sequence of
    states would pair each voter (in the order they are stored) with a ballot."""
    round_id = await open_election(db)
    sequence = [[2], [0, 1], [1], [0, 2], [], [1, 2], [0], [0, 1], [2]]
    receipts = []
    for voter, chosen in zip(VOTERS, sequence, strict=True):
        receipts.append((await cast(db, round_id, voter, chosen, blank=not chosen)).receipt)
    raw = raw_bytes(tmp_path / "yrka.sqlite3")
    final = json.dumps(canonical_ballots(sequence), separators=(",", ":")).encode()
    assert final in raw
    for k in range(1, len(sequence)):
        earlier = json.dumps(canonical_ballots(sequence[:k]), separators=(",", ":")).encode()
        assert earlier not in raw, f"the box as it was after {k} ballots is still in the file"
        earlier_receipts = json.dumps(sorted(receipts[:k])).encode()
        assert earlier_receipts not in raw


async def test_the_schema_has_nothing_that_links_a_voter_to_a_ballot(
    db: Database, tmp_path: Path
) -> None:
    round_id = await open_election(db)
    for voter, chosen in zip(VOTERS[:3], [[0], [1], [2]], strict=True):
        await cast(db, round_id, voter, chosen)
    conn = sqlite3.connect(tmp_path / "yrka.sqlite3")
    try:
        box_columns = {row[1] for row in conn.execute("PRAGMA table_info(ballot_boxes)")}
        voter_columns = {row[1] for row in conn.execute("PRAGMA table_info(election_voters)")}
        assert box_columns == {"round_id", "ballots_json", "receipts_json"}
        assert voter_columns == {"round_id", "member_id"}
        # One box row per round: nothing per ballot to order, number or time.
        assert conn.execute("SELECT count(*) FROM ballot_boxes").fetchone() == (1,)
        # The voters table has no rowid to number them by arrival.
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("SELECT rowid FROM election_voters")
        # No other table holds ballot content.
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            if table != "ballot_boxes":
                assert not columns & {"ballots_json", "choice_json", "ballot"}, table
        # The audit entries of ballots say only that a ballot was cast.
        payloads = [
            json.loads(row[0])
            for row in conn.execute(
                "SELECT payload_json FROM audit_log WHERE action = ?",
                (service.BALLOT_AUDIT_ACTION,),
            )
        ]
        assert payloads == [{"election": 1, "round": 1}] * 3
    finally:
        conn.close()


# ---------------------------------------------------------------- who may cast a ballot

ABSENT = VOTERS[8]  # a ledamot (no nominee) who reports förhinder


async def _rule_and_attendance(db: Database, rule: WhoVotes) -> None:
    """The group votes under `rule`; at meeting 1, ABSENT is ill and Ulla serves istf."""
    async with db.transaction() as conn:
        group = await groups.get(conn, GUILD)
        assert group is not None
        rules = group.rules.model_copy(update={"who_votes": rule})
        await groups.save(conn, group.model_copy(update={"rules": rules}), NOW)
    await attendance_service.report_absence(
        db,
        guild_id=GUILD,
        actor=ABSENT,
        meeting_number=1,
        member_id=None,
        reason="sjuk",
        now=NOW,
    )
    await attendance_service.appoint(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        meeting_number=1,
        substitute_id=ULLA.user_id,
        instead_of=ABSENT.user_id,
        now=NOW,
    )


async def _may_cast(db: Database, round_id: int, voter: Actor) -> bool:
    try:
        await cast(db, round_id, voter, [], blank=True)
    except ElectionError as refused:
        assert refused.key == "election.error.not_eligible"
        return False
    except NotAllowed:  # not even in the group
        return False
    return True


@pytest.mark.parametrize(
    ("rule", "ulla", "vera", "absent", "eligible"),
    [
        # serving: the ersättare istf the absent ledamot casts a ballot, the absent one and
        # the ersättare not serving do not; 8 present ledamöter + Ulla = 9.
        (WhoVotes.SERVING, True, False, False, 9),
        # members_and_substitutes: every ersättare, and the absent ledamot (seat only): 11.
        (WhoVotes.MEMBERS_AND_SUBSTITUTES, True, True, True, 11),
        # members: ledamöter only, present or not; no ersättare even when appointed: 9.
        (WhoVotes.MEMBERS, False, False, True, 9),
    ],
)
async def test_who_may_cast_a_ballot_is_issue_17s_rule_fixed_when_the_election_opens(
    db: Database, rule: WhoVotes, ulla: bool, vera: bool, absent: bool, eligible: int
) -> None:
    await _rule_and_attendance(db, rule)
    round_id = await open_election(db)
    [election] = await service.elections_of_group(db, GUILD)
    # The attendance changes after opening: the open election keeps its electorate.
    await attendance_service.report_presence(
        db, guild_id=GUILD, actor=ABSENT, meeting_number=1, member_id=None, now=NOW
    )
    assert len(await service.electorate_of(db, election.id) or ()) == eligible
    assert await _may_cast(db, round_id, ULLA) is ulla
    assert await _may_cast(db, round_id, VERA) is vera
    assert await _may_cast(db, round_id, ABSENT) is absent
    assert await _may_cast(db, round_id, VOTERS[0]) is True
    assert await _may_cast(db, round_id, OUTSIDER) is False
    closed = await service.close_election(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        election_number=election.number,
        eligible=99,  # the voting role now: only for elections opened before 0011
        next_deadline=None,
        now=NOW + timedelta(minutes=2),
    )
    assert closed.result.eligible == eligible


async def test_an_election_opened_before_electorates_were_stored_keeps_the_voting_role(
    db: Database,
) -> None:
    round_id = await open_election(db)
    [election] = await service.elections_of_group(db, GUILD)
    async with db.transaction() as conn:  # as a database migrated from 0007 has it
        await conn.execute("UPDATE elections SET who_votes = NULL")
        await conn.execute("DELETE FROM election_electorate")
    assert await service.electorate_of(db, election.id) is None
    assert await _may_cast(db, round_id, VOTERS[1]) is True
    assert await _may_cast(db, round_id, ULLA) is False  # no voting role
