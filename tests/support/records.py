"""The record without Discord, for db and service tests: a real SQLite file per test and the
voting world the service tests share, seeded through the repositories.

- `db` (a fixture, in tests/conftest.py): a fresh, migrated database in the test's own
  file, closed after the test.
- `voting_world` (a fixture): `db` with `seed_open_item` done. A module whose tests start
  from it names it its `db`: `db = records.voting_world`.
- `seed_open_item(db)`: the group GUILD, a meeting (deadline DEADLINE, two days after NOW)
  and an open item with two att-satser; their vote messages are VOTE_MESSAGES in THREAD.
- `seed_locked_item(db, *tabled)`: proposals tabled on that item (`seed_tabled`) and its
  beslutsgång locked in the default order, as the chair's /proposal lock leaves it.
- `open_question_votes(db, item_id)`, `react_on(db, message_id, user, emoji)`: a locked
  item's question votes opened, and a member's reaction recorded, without Discord.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.access import Actor
from bot.domain.alternatives import ProposalKind, default_order
from bot.domain.counting import Electorate
from bot.domain.models import DocumentKind, ItemStatus, Language
from bot.domain.options import NUMBER_EMOJI
from bot.domain.records import Group
from bot.services import questions, voting
from db import groups, items, meetings, proposals
from db.connection import Database

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
DEADLINE = NOW + timedelta(days=2)
GUILD = 100
MEMBER_ROLE, CHAIR_ROLE, SECRETARY_ROLE = 11, 12, 13
CHAIR_ID = 2  # created the meeting and the item, locks the beslutsgång
CHANNEL, THREAD = 500, 501
VOTE_MESSAGES = (900, 901)
VOTERS = frozenset(range(10, 19))  # nine members
ELECTORATE = Electorate(eligible=VOTERS)
ONE, TWO, THREE = NUMBER_EMOJI[:3]
# A tabled proposal: (kind, the att-sats it concerns, its text, its author's member id).
Tabled = tuple[ProposalKind, int | None, str, int]
# Two rivals to att-sats 1 ("att bygga spårväg"): three alternatives in all (question a1).
ALTERNATIVES: tuple[Tabled, ...] = (
    (ProposalKind.CHANGE, 1, "att bygga spårväg till 2030", 21),
    (ProposalKind.OWN, 1, "att bygga spårväg till 2040", 22),
)


def member(user_id: int) -> Actor:
    """A member holding the group's voting role."""
    return Actor(user_id=user_id, role_ids=frozenset({MEMBER_ROLE}))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh, migrated database in the test's own file, closed after the test."""
    database = await Database.open(tmp_path / "yrka.sqlite3")
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def voting_world(db: Database) -> Database:
    """`db` with a group, a meeting (deadline in two days) and an open item with two
    att-satser, their vote messages posted (`seed_open_item`)."""
    await seed_open_item(db)
    return db


async def seed_open_item(db: Database) -> None:
    """The group GUILD, a meeting and an open item with two att-satser whose vote messages
    are VOTE_MESSAGES in THREAD (the item's head message in CHANNEL)."""
    async with db.transaction() as conn:
        await groups.save(
            conn,
            Group(
                guild_id=GUILD,
                name="V i regionen",
                member_role_id=MEMBER_ROLE,
                chair_role_id=CHAIR_ROLE,
                secretary_role_id=SECRETARY_ROLE,
                channel_id=CHANNEL,
            ),
            NOW,
        )
        meeting = await meetings.create(
            conn,
            guild_id=GUILD,
            title="Regionfullmäktige",
            starts_at=DEADLINE + timedelta(days=1),
            deadline_at=DEADLINE,
            created_by=CHAIR_ID,
            now=NOW,
        )
        item = await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om kollektivtrafik",
            body="...",
            signatories=["A"],
            language=Language.SV,
            source_name="m.txt",
            yrkanden=["att bygga spårväg", "att sänka taxan"],
            status=ItemStatus.OPEN,
            created_by=CHAIR_ID,
            now=NOW,
        )
        await items.set_messages(
            conn, item.id, channel_id=CHANNEL, message_id=800, thread_id=THREAD
        )
        for yrkande, message_id in zip(item.yrkanden, VOTE_MESSAGES, strict=True):
            await items.set_vote_message(conn, yrkande.id, message_id)


async def seed_tabled(db: Database, *tabled: Tabled) -> int:
    """Table `tabled` on the voting world's item (not locked); returns the item id."""
    async with db.transaction() as conn:
        item = await items.by_thread(conn, THREAD)
        assert item is not None, "seed_open_item first"
        for kind, clause, text, author in tabled:
            await proposals.table(
                conn,
                item_id=item.id,
                kind=kind,
                yrkande_number=clause,
                text=text,
                author_id=author,
                now=NOW,
            )
    return item.id


async def seed_locked_item(db: Database, *tabled: Tabled) -> int:
    """Table `tabled` on the voting world's item and lock the default order (what the
    chair's /proposal lock without an order or a second-round time stores); returns the
    item id."""
    item_id = await seed_tabled(db, *tabled)
    async with db.transaction() as conn:
        item = await items.by_id(conn, item_id)
        assert item is not None
        order = default_order(
            [y.text for y in item.yrkanden], await proposals.active(conn, item_id)
        )
        await proposals.lock(
            conn,
            item_id=item_id,
            questions=order,
            chair_ordered=False,
            locked_by=CHAIR_ID,
            now=NOW,
        )
    return item_id


async def open_question_votes(db: Database, item_id: int, at: datetime = NOW) -> dict[str, int]:
    """Open a locked item's question votes and give each row a vote message id (7000 + the
    row's id); returns "question key/round" -> message id."""
    rows = await questions.open_questions(db, item_id, at)
    posted = {}
    for row in rows:
        message_id = 7000 + row.id
        await questions.record_vote_message(db, yrkande_id=row.id, message_id=message_id)
        posted[f"{row.question_key}/{row.round}"] = message_id
    return posted


async def react_on(
    db: Database, message_id: int, user: int, emoji: str, added: bool = True, at: datetime = NOW
) -> voting.ReactionOutcome:
    """A member's reaction on a vote message, recorded as the vote writer records it."""
    return await voting.record_reaction(
        db, message_id=message_id, actor=member(user), emoji=emoji, added=added, now=at
    )
