"""Acting out a personval on the fake Discord: nominate, answer, vote with button + select.

Shared by the election e2e tests and the crash test; everything goes through what a
person does in Discord (slash commands, buttons, the select menu).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.domain.election import canonical_ballots
from tests.support.e2e import World
from tests.support.fakediscord import FakeMember, FakeMessage
from tests.support.fakediscord.people import UPDATE_MESSAGE

RECEIPT = re.compile(r"\*\*([A-Z2-9]{4}-[A-Z2-9]{4})\*\*")
NINE = ("Anna", "Bertil", "Cecilia", "David", "Eva", "Fredrik", "Gun")


@dataclass
class Ballot:
    """What one member does: the select values (candidate indices or "blank")."""

    voter: FakeMember
    values: list[str]


async def create_meeting(world: World) -> None:
    """Meeting 1, via /meeting create."""
    ix = await world.fake.run_command(
        world.chair, world.channel, "meeting create", {"title": "Gruppmöte", "date": "2026-12-20"}
    )
    assert "är skapat" in (await ix.response()).content


async def create_election(world: World, **options: object) -> str:
    """/election create on meeting 1; returns the chair's answer."""
    ix = await world.fake.run_command(
        world.chair, world.channel, "election create", {"meeting": 1, **options}
    )
    (reply,) = await ix.followups(1)
    return reply.content


async def nominate(world: World, by: FakeMember, nominee: FakeMember, accept: bool) -> None:
    """`by` nominates `nominee`, who answers with the button."""
    ix = await world.fake.run_command(
        by, world.channel, "election nominate", {"election": 1, "member": nominee}
    )
    ask = await ix.response()
    assert ask.message is not None and not ask.ephemeral
    assert f"<@{nominee.id}>" in ask.content
    button = next(
        c for c in ask.message.custom_ids() if c.endswith(":accept" if accept else ":decline")
    )
    answered = await world.fake.click_button(nominee, ask.message, button)
    reply = await answered.response()
    assert reply.type == UPDATE_MESSAGE
    assert ("accepterat" if accept else "avböjt") in ask.message.content


async def round_message(world: World, round_number: int) -> FakeMessage:
    """The message with the Rösta button of a round."""
    return await world.fake.wait_for(
        lambda m: (
            f"omgång {round_number}**" in m.content
            and any(c.startswith("yrka:vote:") for c in m.custom_ids())
        )
    )


def vote_button(message: FakeMessage) -> str:
    """The Rösta button's custom id."""
    return next(c for c in message.custom_ids() if c.startswith("yrka:vote:"))


async def open_ballot(world: World, voter: FakeMember, message: FakeMessage) -> FakeMessage:
    """Rösta: the ephemeral ballot (select menu) only the voter sees."""
    ix = await world.fake.click_button(voter, message, vote_button(message))
    reply = await ix.response()
    assert reply.ephemeral, reply.content
    assert reply.message is not None and reply.components, reply.content
    return reply.message


async def choose(world: World, voter: FakeMember, ballot: FakeMessage, values: list[str]) -> str:
    """Pick in the select; returns the text the voter sees."""
    select = next(c for c in ballot.custom_ids() if c.endswith(":pick"))
    ix = await world.fake.choose(voter, ballot, select, values)
    reply = await ix.response()
    return reply.content if reply.type != UPDATE_MESSAGE else ballot.content


async def press_cast(world: World, voter: FakeMember, ballot: FakeMessage) -> str:
    """Lägg rösten; returns the receipt code shown (once)."""
    cast = next(c for c in ballot.custom_ids() if ":cast:" in c)
    ix = await world.fake.click_button(voter, ballot, cast)
    reply = await ix.response()
    assert reply.type == UPDATE_MESSAGE, reply.content
    found = RECEIPT.search(ballot.content)
    assert found is not None, ballot.content
    assert ballot.custom_ids() == [], "the ballot is gone once cast"
    return found[1]


async def vote(world: World, ballot: Ballot, message: FakeMessage) -> str:
    """The whole path: Rösta, select, Lägg rösten; returns the receipt."""
    form = await open_ballot(world, ballot.voter, message)
    await choose(world, ballot.voter, form, ballot.values)
    return await press_cast(world, ballot.voter, form)


MEMBER_COLUMNS = {
    "member_id",
    "actor_id",
    "author_id",
    "user_id",
    "created_by",
    "closed_by",
    "nominated_by",
    "set_by",
}


def assert_nothing_links_voters_to_ballots(
    db_path: Path, cast_in_order: Sequence[Sequence[int]], receipts_in_order: Sequence[str]
) -> None:
    """Open the SQLite file after an election and try to pair a voter with a ballot.

    `cast_in_order` are one round's ballots (candidate indices) in the order they were
    cast, `receipts_in_order` the receipts in the same order: what an attacker would
    like to recover. Checks the schema, joins by id, by time and by row order, and the
    raw bytes of the file and its WAL for any earlier state of the ballot box.
    """
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        columns = {
            table: {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            for table in tables
        }
        # Schema: what was voted sits in one table with no member, time or per-ballot key.
        assert columns["ballot_boxes"] == {"round_id", "ballots_json", "receipts_json"}
        assert columns["election_voters"] == {"round_id", "member_id"}
        for table, names in columns.items():
            if table != "ballot_boxes":
                assert not any("ballot" in name or "receipt" in name for name in names), table
        assert not columns["ballot_boxes"] & MEMBER_COLUMNS
        # Join by id: every voter of a round meets the same whole box, nothing of their own.
        joined = conn.execute(
            "SELECT v.round_id, v.member_id, b.ballots_json, b.receipts_json "
            "FROM election_voters v JOIN ballot_boxes b USING (round_id)"
        ).fetchall()
        per_round: dict[int, set[tuple[str, str]]] = {}
        for round_id, _member, ballots, receipts in joined:
            per_round.setdefault(round_id, set()).add((ballots, receipts))
        assert all(len(boxes) == 1 for boxes in per_round.values())
        # Row order: one box row per round; the voters table has no rowid to order by.
        boxes = conn.execute("SELECT count(*), count(DISTINCT round_id) FROM ballot_boxes")
        count, distinct = boxes.fetchone()
        assert count == distinct
        try:
            conn.execute("SELECT rowid FROM election_voters")
        except sqlite3.OperationalError:
            pass
        else:
            raise AssertionError("election_voters has a rowid that numbers voters by arrival")
        # The box's lists are sorted by content: their order says nothing of arrival.
        for ballots, receipts in {box for boxes in per_round.values() for box in boxes}:
            assert json.loads(ballots) == canonical_ballots(json.loads(ballots))
            assert json.loads(receipts) == sorted(json.loads(receipts))
        # Time: no time beside a ballot; the ballot audit entries hold no content.
        assert not any(name.endswith("_at") for name in columns["ballot_boxes"])
        assert not any(name.endswith("_at") for name in columns["election_voters"])
        payloads = conn.execute(
            "SELECT payload_json FROM audit_log WHERE action = 'election.ballot'"
        ).fetchall()
        assert payloads and all(set(json.loads(p)) == {"election", "round"} for (p,) in payloads)
    finally:
        conn.close()
    # The raw file and its WAL keep no earlier state of the box: the sequence of states
    # would give each ballot's place in the order of arrival.
    raw = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    final = json.dumps(canonical_ballots(cast_in_order), separators=(",", ":")).encode()
    assert final in raw
    for k in range(1, len(cast_in_order)):
        earlier = json.dumps(canonical_ballots(cast_in_order[:k]), separators=(",", ":"))
        assert earlier.encode() not in raw, f"the box after {k} ballots is still in the file"
        assert json.dumps(sorted(receipts_in_order[:k])).encode() not in raw
