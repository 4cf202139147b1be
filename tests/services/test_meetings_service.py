"""Meetings service against a real SQLite file: planning, closing, reopening, positions,
briefs, reminders and the scheduler's due work; plus the meeting renderers' limits."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.access import Actor
from bot.domain.audit import verify_chain
from bot.domain.counting import Electorate
from bot.domain.errors import InvalidInput, NotAllowed, NotFound, UserError, VotingClosed
from bot.domain.models import (
    Choice,
    DocumentKind,
    GroupRules,
    ItemStatus,
    Language,
    Majority,
    Position,
    TieBreak,
    VoteSource,
)
from bot.domain.records import Group, Item, Meeting
from bot.domain.schedule import due_reminder
from bot.services import meetings as service
from bot.ui import meetings as ui
from bot.ui.limits import MESSAGE_CONTENT
from bot.ui.messages import error_text
from db import audit, groups, items, positions, votes
from db.connection import Database

GUILD = 1000
MEMBER_ROLE = 11
CHAIR_ROLE = 12
SECRETARY_ROLE = 13
CHAIR = 1
MEMBERS = (1, 2, 3, 4, 5)
STRANGER = 99
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

chair = Actor(user_id=CHAIR, role_ids=frozenset({MEMBER_ROLE, CHAIR_ROLE}))
member = Actor(user_id=2, role_ids=frozenset({MEMBER_ROLE}))
ELECTORATE = Electorate(eligible=frozenset(MEMBERS), chairs=frozenset({CHAIR}))


async def make_group(db: Database, rules: GroupRules | None = None) -> Group:
    group = Group(
        guild_id=GUILD,
        name="V-gruppen",
        member_role_id=MEMBER_ROLE,
        chair_role_id=CHAIR_ROLE,
        secretary_role_id=SECRETARY_ROLE,
        channel_id=500,
        rules=rules or GroupRules(),
    )
    async with db.transaction() as conn:
        await groups.save(conn, group, NOW)
    return group


async def make_meeting(db: Database) -> Meeting:
    # Starts 2026-03-10 09:00 Stockholm (08:00 UTC); deadline a day before.
    return await service.create_meeting(
        db,
        guild_id=GUILD,
        actor=chair,
        title="Regionfullmäktige 10 mars",
        date="2026-03-10",
        time=None,
        deadline=None,
        now=NOW,
    )


async def make_item(db: Database, meeting: Meeting, yrkanden: int = 2) -> Item:
    async with db.transaction() as conn:
        item = await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om gratis kollektivtrafik",
            body="Bakgrund.",
            signatories=["Ada"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=[f"att-sats {n}" for n in range(1, yrkanden + 1)],
            status=ItemStatus.OPEN,
            created_by=CHAIR,
            now=NOW,
        )
        await items.set_messages(
            conn, item.id, channel_id=500, message_id=600 + item.id, thread_id=700 + item.id
        )
    found = await service.item_by_id(db, item.id)
    assert found is not None
    return found


async def vote(
    db: Database, item: Item, yrkande: int, member_id: int, choice: Choice | None, at: datetime
) -> None:
    async with db.transaction() as conn:
        await votes.append(
            conn,
            yrkande_id=item.yrkanden[yrkande - 1].id,
            member_id=member_id,
            choice=choice,
            at=at,
            source=VoteSource.REACTION,
        )


async def audit_actions(db: Database) -> list[str]:
    async with db.read() as conn:
        return [entry.action for entry in await audit.entries(conn, GUILD)]


async def positions_of(db: Database, item: Item) -> dict[int, Position]:
    found = await service.positions_of(db, item)
    return {y.number: found[y.id].position for y in item.yrkanden if y.id in found}


# ---------------------------------------------------------------- meetings


async def test_chair_creates_meeting_with_default_deadline_and_audit(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    assert meeting.number == 1
    assert meeting.starts_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert meeting.deadline_at == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    assert await audit_actions(db) == ["meeting.create"]


@pytest.mark.parametrize(
    ("actor", "title", "date", "deadline", "error"),
    [
        (member, "Möte", "2026-03-10", None, NotAllowed),
        (chair, "   ", "2026-03-10", None, InvalidInput),
        (chair, "x" * 201, "2026-03-10", None, InvalidInput),
        (chair, "Möte", "2026-02-30", None, InvalidInput),
        (chair, "Möte", "2026-03-01", None, InvalidInput),
        (chair, "Möte", "2026-03-10", "2026-03-11 10:00", InvalidInput),
    ],
    ids=["non-chair", "blank title", "long title", "impossible date", "past", "late deadline"],
)
async def test_bad_meeting_is_refused_and_nothing_is_stored(
    db: Database,
    actor: Actor,
    title: str,
    date: str,
    deadline: str | None,
    error: type[UserError],
) -> None:
    await make_group(db)
    with pytest.raises(error) as raised:
        await service.create_meeting(
            db,
            guild_id=GUILD,
            actor=actor,
            title=title,
            date=date,
            time=None,
            deadline=deadline,
            now=NOW,
        )
    assert error_text(raised.value, "sv") and error_text(raised.value, "en")
    assert await service.upcoming_meetings(db, guild_id=GUILD, actor=chair, now=NOW) == []
    assert await audit_actions(db) == []


async def test_upcoming_meetings_list_items_and_skip_started(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting)
    overviews = await service.upcoming_meetings(db, guild_id=GUILD, actor=chair, now=NOW)
    assert [(o.meeting.number, [i.number for i in o.items]) for o in overviews] == [
        (1, [item.number])
    ]
    assert (
        await service.upcoming_meetings(db, guild_id=GUILD, actor=chair, now=meeting.starts_at)
        == []
    )


# ---------------------------------------------------------------- closing


async def test_deadline_close_counts_only_votes_before_the_deadline(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting)
    before = meeting.deadline_at - timedelta(minutes=1)
    for member_id, choice in [(1, Choice.BIFALL), (2, Choice.BIFALL), (3, Choice.AVSLAG)]:
        await vote(db, item, 1, member_id, choice, before)
    await vote(db, item, 2, 1, Choice.AVSLAG, before)
    await vote(db, item, 2, 2, Choice.AVSLAG, before)
    await vote(db, item, 2, 3, Choice.AVSLAG, before)
    # After the deadline: would flip yrkande 1 to a tie and yrkande 2 nowhere; must not count.
    await vote(db, item, 1, 4, Choice.AVSLAG, meeting.deadline_at)
    await vote(db, item, 1, 2, None, meeting.deadline_at + timedelta(hours=1))

    later = meeting.deadline_at + timedelta(hours=5)  # the bot was down at the deadline
    due = await service.due_closings(db, now=later)
    assert [d.item_id for d in due] == [item.id]
    closed = await service.close_at_deadline(db, item_id=item.id, electorate=ELECTORATE, now=later)
    assert closed is not None and closed.by_deadline
    assert closed.counted_until == meeting.deadline_at
    assert [r.decision.counts.bifall for r in closed.results] == [2, 0]
    assert await positions_of(db, item) == {1: Position.BIFALL, 2: Position.AVSLAG}
    assert closed.item.status is ItemStatus.CLOSED
    # Running the due work again does nothing.
    assert (
        await service.close_at_deadline(db, item_id=item.id, electorate=ELECTORATE, now=later)
        is None
    )
    assert await service.due_closings(db, now=later) == []
    assert await audit_actions(db) == ["meeting.create", "item.close"]


async def test_both_closes_are_audited_with_who_closed_when_in_the_groups_chain(
    db: Database,
) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    by_chair, by_deadline = await make_item(db, meeting), await make_item(db, meeting)
    await vote(db, by_chair, 1, 2, Choice.BIFALL, NOW)
    closed_at = NOW + timedelta(hours=1)
    await service.close_item(
        db,
        guild_id=GUILD,
        item_number=by_chair.number,
        actor=chair,
        electorate=ELECTORATE,
        now=closed_at,
    )
    later = meeting.deadline_at + timedelta(minutes=1)
    await service.close_at_deadline(db, item_id=by_deadline.id, electorate=ELECTORATE, now=later)
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
    assert verify_chain(entries).ok
    closes = [e for e in entries if e.action == "item.close"]
    assert [(e.actor_id, e.at, e.payload["item"], e.payload["by_deadline"]) for e in closes] == [
        (CHAIR, closed_at, by_chair.number, False),
        (None, later, by_deadline.number, True),
    ]
    assert closes[0].payload["yrkanden"][0]["bifall"] == 1


async def test_deadline_not_yet_passed_closes_nothing(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting)
    early = meeting.deadline_at - timedelta(seconds=1)
    assert await service.due_closings(db, now=early) == []
    assert (
        await service.close_at_deadline(db, item_id=item.id, electorate=ELECTORATE, now=early)
        is None
    )


@pytest.mark.parametrize(
    ("rules", "ballots", "position"),
    [
        (GroupRules(), {1: Choice.BIFALL, 2: Choice.BIFALL, 3: Choice.AVSLAG}, Position.BIFALL),
        (GroupRules(), {1: Choice.BIFALL, 2: Choice.AVSLAG, 3: Choice.AVSTAR}, Position.BIFALL),
        (GroupRules(), {1: Choice.AVSTAR, 2: Choice.AVSLAG, 3: Choice.BIFALL}, Position.UNDECIDED),
        (GroupRules(), {2: Choice.BIFALL}, Position.UNDECIDED),  # 1 of 5: no quorum
        (
            GroupRules(tie_break=TieBreak.FREE_VOTE),
            {2: Choice.BIFALL, 3: Choice.AVSLAG, 4: Choice.AVSTAR},
            Position.FRI_ROST,
        ),
        (
            GroupRules(majority=Majority.TWO_THIRDS),
            {1: Choice.BIFALL, 2: Choice.BIFALL, 3: Choice.AVSLAG},
            Position.BIFALL,
        ),
        (
            GroupRules(majority=Majority.TWO_THIRDS),
            {1: Choice.BIFALL, 2: Choice.AVSLAG, 3: Choice.AVSLAG},
            Position.AVSLAG,
        ),
    ],
    ids=[
        "simple",
        "chair casts the tie",
        "chair abstained",
        "no quorum",
        "free vote",
        "two thirds met",
        "two thirds missed",
    ],
)
async def test_chair_close_applies_the_group_rules(
    db: Database, rules: GroupRules, ballots: dict[int, Choice], position: Position
) -> None:
    await make_group(db, rules)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting, yrkanden=1)
    for member_id, choice in ballots.items():
        await vote(db, item, 1, member_id, choice, NOW + timedelta(minutes=member_id))
    closed = await service.close_item(
        db,
        guild_id=GUILD,
        item_number=item.number,
        actor=chair,
        electorate=ELECTORATE,
        now=NOW + timedelta(hours=1),
    )
    assert closed.results[0].decision.position is position
    assert await positions_of(db, item) == {1: position}


async def test_lottery_draw_is_recorded_and_checkable(db: Database) -> None:
    await make_group(db, GroupRules(tie_break=TieBreak.LOTTERY))
    meeting = await make_meeting(db)
    item = await make_item(db, meeting, yrkanden=1)
    await vote(db, item, 1, 2, Choice.BIFALL, NOW)
    await vote(db, item, 1, 3, Choice.AVSLAG, NOW)
    await vote(db, item, 1, 4, Choice.AVSTAR, NOW)
    async with db.read() as conn:
        head = await audit.head_hash(conn, GUILD)
    closed = await service.close_item(
        db,
        guild_id=GUILD,
        item_number=item.number,
        actor=chair,
        electorate=ELECTORATE,
        now=NOW + timedelta(hours=1),
    )
    seed = f"{GUILD}:{item.number}:1:{head}"
    assert closed.results[0].lottery_seed == seed
    async with db.read() as conn:
        record = (await positions.for_yrkanden(conn, [item.yrkanden[0].id]))[item.yrkanden[0].id]
        log = await audit.entries(conn, GUILD)
    assert record.lottery_json is not None
    draw = json.loads(record.lottery_json)
    assert draw["seed"] == seed
    assert draw["digest"] == hashlib.sha256(seed.encode()).hexdigest()
    expected = "bifall" if int(draw["digest"][:2], 16) % 2 == 0 else "avslag"
    assert draw["outcome"] == expected == record.position.value
    assert log[-1].payload["yrkanden"][0]["lottery"]["seed"] == seed


@pytest.mark.parametrize(
    ("actor", "number", "error"),
    [(member, 1, NotAllowed), (chair, 42, NotFound)],
    ids=["non-chair", "unknown number"],
)
async def test_refused_close_changes_nothing(
    db: Database, actor: Actor, number: int, error: type[UserError]
) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting)
    await vote(db, item, 1, 2, Choice.BIFALL, NOW)
    with pytest.raises(error):
        await service.close_item(
            db, guild_id=GUILD, item_number=number, actor=actor, electorate=ELECTORATE, now=NOW
        )
    still = await service.item_by_id(db, item.id)
    assert still is not None and still.status is ItemStatus.OPEN
    assert await positions_of(db, item) == {}
    assert await audit_actions(db) == ["meeting.create"]


async def test_closing_twice_is_refused(db: Database) -> None:
    await make_group(db)
    item = await make_item(db, await make_meeting(db))
    await service.close_item(
        db, guild_id=GUILD, item_number=item.number, actor=chair, electorate=ELECTORATE, now=NOW
    )
    with pytest.raises(VotingClosed):
        await service.close_item(
            db,
            guild_id=GUILD,
            item_number=item.number,
            actor=chair,
            electorate=ELECTORATE,
            now=NOW,
        )


# ---------------------------------------------------------------- reopening


async def test_reopen_before_deadline_clears_derived_position_keeps_override(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting)
    await vote(db, item, 1, 2, Choice.BIFALL, NOW)
    await vote(db, item, 1, 3, Choice.BIFALL, NOW)
    await vote(db, item, 1, 4, Choice.BIFALL, NOW)
    await service.close_item(
        db, guild_id=GUILD, item_number=item.number, actor=chair, electorate=ELECTORATE, now=NOW
    )
    await service.set_position(
        db,
        guild_id=GUILD,
        actor=chair,
        item_number=item.number,
        yrkande_number=2,
        position=Position.BORDLAGGNING,
        note=None,
        now=NOW,
    )
    reopened, _ = await service.reopen_item(
        db, guild_id=GUILD, item_number=item.number, actor=chair, now=NOW + timedelta(hours=1)
    )
    assert reopened.status is ItemStatus.OPEN
    assert await positions_of(db, item) == {2: Position.BORDLAGGNING}
    assert (await audit_actions(db))[-1] == "item.reopen"


@pytest.mark.parametrize(
    ("close_first", "actor", "when", "error"),
    [
        (True, member, timedelta(hours=1), NotAllowed),
        (False, chair, timedelta(hours=1), InvalidInput),
        (True, chair, timedelta(days=7, hours=20), InvalidInput),  # after the deadline
        (True, chair, timedelta(days=8, hours=1), InvalidInput),  # the meeting has started
    ],
    ids=["non-chair", "not closed", "after deadline", "meeting started"],
)
async def test_refused_reopen_changes_nothing(
    db: Database, close_first: bool, actor: Actor, when: timedelta, error: type[UserError]
) -> None:
    await make_group(db)
    item = await make_item(db, await make_meeting(db))
    await vote(db, item, 1, 2, Choice.BIFALL, NOW)
    if close_first:
        await service.close_item(
            db,
            guild_id=GUILD,
            item_number=item.number,
            actor=chair,
            electorate=ELECTORATE,
            now=NOW,
        )
    before = (await positions_of(db, item), await audit_actions(db))
    with pytest.raises(error):
        await service.reopen_item(
            db, guild_id=GUILD, item_number=item.number, actor=actor, now=NOW + when
        )
    assert (await positions_of(db, item), await audit_actions(db)) == before


# ---------------------------------------------------------------- positions


async def test_override_to_aterremiss_keeps_tally_and_audits_who_and_why(db: Database) -> None:
    await make_group(db)
    item = await make_item(db, await make_meeting(db))
    for member_id in (2, 3, 4):
        await vote(db, item, 1, member_id, Choice.BIFALL, NOW)
    await service.close_item(
        db, guild_id=GUILD, item_number=item.number, actor=chair, electorate=ELECTORATE, now=NOW
    )
    _, record = await service.set_position(
        db,
        guild_id=GUILD,
        actor=chair,
        item_number=item.number,
        yrkande_number=1,
        position=Position.ATERREMISS,
        note="  Kostnaden är inte utredd. ",
        now=NOW,
    )
    assert record.position is Position.ATERREMISS
    assert record.derived_position is Position.BIFALL
    assert (record.bifall, record.overridden, record.note) == (3, True, "Kostnaden är inte utredd.")
    async with db.read() as conn:
        entry = (await audit.entries(conn, GUILD))[-1]
    assert entry.action == "position.set" and entry.actor_id == CHAIR
    assert entry.payload["note"] == "Kostnaden är inte utredd."
    assert entry.payload["previous"] == "bifall"
    assert entry.payload["tally"]["bifall"] == 3


@pytest.mark.parametrize(
    ("actor", "yrkande", "position", "note", "error"),
    [
        (member, 1, Position.AVSLAG, None, NotAllowed),
        (chair, 1, Position.ATERREMISS, None, InvalidInput),
        (chair, 1, Position.EGET_YRKANDE, "   ", InvalidInput),
        (chair, 1, Position.UNDECIDED, None, InvalidInput),
        (chair, 1, Position.AVSLAG, "x" * 1001, InvalidInput),
        (chair, 9, Position.AVSLAG, None, NotFound),
    ],
    ids=[
        "non-chair",
        "aterremiss without note",
        "blank note",
        "undecided",
        "long note",
        "unknown yrkande",
    ],
)
async def test_refused_position_changes_nothing(
    db: Database,
    actor: Actor,
    yrkande: int,
    position: Position,
    note: str | None,
    error: type[UserError],
) -> None:
    await make_group(db)
    item = await make_item(db, await make_meeting(db))
    with pytest.raises(error) as raised:
        await service.set_position(
            db,
            guild_id=GUILD,
            actor=actor,
            item_number=item.number,
            yrkande_number=yrkande,
            position=position,
            note=note,
            now=NOW,
        )
    assert "{" not in error_text(raised.value, "sv")
    assert await positions_of(db, item) == {}
    assert await audit_actions(db) == ["meeting.create"]


# ---------------------------------------------------------------- reminders and wake-ups


async def test_reminder_mentions_only_non_voters_once_even_after_restart(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting)
    # 1 and 2 voted on everything, 3 on one yrkande only, 4 and 5 not at all.
    for member_id in (1, 2):
        await vote(db, item, 1, member_id, Choice.BIFALL, NOW)
        await vote(db, item, 2, member_id, Choice.AVSTAR, NOW)
    await vote(db, item, 1, 3, Choice.AVSLAG, NOW)

    too_early = meeting.deadline_at - timedelta(hours=25)
    assert await service.due_reminder_items(db, now=too_early) == []
    assert await service.next_wakeup_at(db, now=too_early) == meeting.deadline_at - timedelta(
        hours=24
    )

    at = meeting.deadline_at - timedelta(hours=23)
    assert await service.due_reminder_items(db, now=at) == [(GUILD, item.id)]
    claimed = await service.claim_reminder(db, item_id=item.id, electorate=ELECTORATE, now=at)
    assert claimed is not None
    assert (claimed.reminder.key, claimed.mention_ids, claimed.channel_id) == (
        "24h",
        [3, 4, 5],
        700 + item.id,
    )
    assert await service.claim_reminder(db, item_id=item.id, electorate=ELECTORATE, now=at) is None

    await db.close()
    reopened = await Database.open(db.path)
    try:
        assert await service.due_reminder_items(reopened, now=at + timedelta(minutes=5)) == []
        assert await service.next_wakeup_at(reopened, now=at) == meeting.deadline_at - timedelta(
            hours=2
        )
    finally:
        await reopened.close()


async def test_the_schedulers_work_list_matches_the_items_themselves(db: Database) -> None:
    """due_closings and due_reminder_items read a lean list (no whole items: 2,500 groups
    hold ~12,500 open ones); it must say what the items themselves say."""
    await make_group(db)
    early = await make_meeting(db)  # deadline 2026-03-09
    late = await service.create_meeting(
        db,
        guild_id=GUILD,
        actor=chair,
        title="KF",
        date="2026-03-20",
        time=None,
        deadline=None,
        now=NOW,
    )
    made = [await make_item(db, meeting) for meeting in (late, early, late, early, late)]
    await service.close_item(
        db,
        guild_id=GUILD,
        item_number=made[2].number,
        actor=chair,
        electorate=ELECTORATE,
        now=NOW,
    )
    async with db.transaction() as conn:
        draft = await items.create_item(
            conn,
            guild_id=GUILD,
            meeting_id=late.id,
            kind=DocumentKind.MOTION,
            title="Utkast",
            body="B.",
            signatories=[],
            language=Language.SV,
            source_name="u.txt",
            yrkanden=["att x"],
            status=ItemStatus.DRAFT,
            created_by=CHAIR,
            now=NOW,
        )
        await items.mark_reminders_sent(conn, made[4].id, ["24h"], NOW)
    assert draft.status is ItemStatus.DRAFT

    async def from_whole_items(now: datetime) -> tuple[list[int], list[int]]:
        closing, reminding = [], []
        for meeting in sorted((early, late), key=lambda m: m.deadline_at):
            async with db.read() as conn:
                found = await items.for_meeting(conn, meeting.id)
                for item in found:
                    if item.status is not ItemStatus.OPEN:
                        continue
                    sent = await items.reminders_sent(conn, item.id)
                    if meeting.deadline_at <= now:
                        closing.append(item.id)
                    elif due_reminder(meeting.deadline_at, now, sent) is not None:
                        reminding.append(item.id)
        return closing, reminding

    for now in [
        late.deadline_at - timedelta(hours=1),  # early's closed, late's 2h reminder due
        late.deadline_at - timedelta(hours=20),  # late's 24h reminder (not made[4]'s: sent)
        early.deadline_at - timedelta(hours=3),  # early's 24h reminder
        early.deadline_at - timedelta(days=3),  # nothing
    ]:
        closing, reminding = await from_whole_items(now)
        due = await service.due_closings(db, now=now)
        assert [d.item_id for d in due] == closing, now
        assert all(d.guild_id == GUILD for d in due)
        assert await service.due_reminder_items(db, now=now) == [(GUILD, i) for i in reminding]
    # Some of each, so the comparison means something.
    assert [d.item_id for d in await service.due_closings(db, now=late.deadline_at)] == [
        made[1].id,
        made[3].id,
        made[0].id,
        made[4].id,
    ]
    assert await service.due_reminder_items(db, now=late.deadline_at - timedelta(hours=20)) == [
        (GUILD, made[0].id)
    ]


async def test_no_one_is_pinged_when_everyone_voted(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting, yrkanden=1)
    for member_id in MEMBERS:
        await vote(db, item, 1, member_id, Choice.BIFALL, NOW)
    at = meeting.deadline_at - timedelta(hours=1)
    claimed = await service.claim_reminder(db, item_id=item.id, electorate=ELECTORATE, now=at)
    assert claimed is not None and claimed.reminder.covers == ["24h", "2h"]
    assert claimed.mention_ids == []
    assert ui.reminder_messages(claimed, Language.SV) == []


async def test_no_reminder_or_wakeup_after_everything_closed(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    item = await make_item(db, meeting)
    await service.close_item(
        db, guild_id=GUILD, item_number=item.number, actor=chair, electorate=ELECTORATE, now=NOW
    )
    assert await service.next_wakeup_at(db, now=NOW) is None
    at = meeting.deadline_at - timedelta(hours=1)
    assert await service.due_reminder_items(db, now=at) == []


# ---------------------------------------------------------------- brief


async def test_brief_shows_positions_open_items_and_who_is_not_heard_from(db: Database) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    closed_item = await make_item(db, meeting)
    open_item = await make_item(db, meeting, yrkanden=1)
    for member_id in (1, 2, 3):
        await vote(db, closed_item, 1, member_id, Choice.BIFALL, NOW)
        await vote(db, closed_item, 2, member_id, Choice.AVSLAG, NOW)
    await vote(db, open_item, 1, 4, Choice.AVSLAG, NOW)
    await service.close_item(
        db,
        guild_id=GUILD,
        item_number=closed_item.number,
        actor=chair,
        electorate=ELECTORATE,
        now=NOW,
    )
    await service.set_position(
        db,
        guild_id=GUILD,
        actor=chair,
        item_number=closed_item.number,
        yrkande_number=2,
        position=Position.ATERREMISS,
        note="Behöver utredas",
        now=NOW,
    )
    brief = await service.meeting_brief(
        db, guild_id=GUILD, actor=chair, meeting_number=meeting.number, electorate=ELECTORATE
    )
    assert [s.item.number for s in brief.items] == [closed_item.number, open_item.number]
    assert brief.items[0].not_heard_from == [4, 5]
    assert brief.items[1].not_heard_from == [1, 2, 3, 5]
    assert brief.items[1].yrkanden[0].counts.avslag == 1
    names = {4: "Dag *Fet*", 5: "Eva"}
    text = ui.brief_text(brief, names, Language.SV)
    assert text.startswith("# Gruppens linje inför Regionfullmäktige 10 mars")
    assert f"§ {closed_item.number} Motion om gratis kollektivtrafik" in text
    assert "Att-sats 1: **bifall**" in text
    assert "Att-sats 2: **återremiss**" in text and "Motivering: Behöver utredas" in text
    assert "omröstningen gav avslag" in text
    assert "Röstningen pågår fortfarande." in text
    assert "Inte hörda: Dag \\*Fet\\*, Eva" in text
    assert "<@1>, <@2>, <@3>, Eva" in text


async def test_brief_is_for_secretary_or_chair_and_known_meetings(db: Database) -> None:
    await make_group(db)
    await make_meeting(db)
    with pytest.raises(NotAllowed):
        await service.meeting_brief(
            db, guild_id=GUILD, actor=member, meeting_number=1, electorate=ELECTORATE
        )
    secretary = Actor(user_id=7, role_ids=frozenset({SECRETARY_ROLE}))
    with pytest.raises(NotFound):
        await service.meeting_brief(
            db, guild_id=GUILD, actor=secretary, meeting_number=5, electorate=ELECTORATE
        )


# ---------------------------------------------------------------- renderers and limits


@pytest.mark.parametrize("lang", list(Language))
async def test_renderers_fit_discord_limits_with_huge_inputs(db: Database, lang: Language) -> None:
    await make_group(db)
    meeting = await make_meeting(db)
    huge = [await make_item(db, meeting, yrkanden=30) for _ in range(8)]
    many = Electorate(eligible=frozenset(range(1, 400)), chairs=frozenset({CHAIR}))
    brief = await service.meeting_brief(
        db, guild_id=GUILD, actor=chair, meeting_number=1, electorate=many
    )
    rendered = ui.brief_message(brief, {}, lang)
    assert len(rendered.content) <= MESSAGE_CONTENT
    assert rendered.full_text is not None and len(rendered.full_text) > MESSAGE_CONTENT
    listing = ui.meeting_list_text(
        await service.upcoming_meetings(db, guild_id=GUILD, actor=chair, now=NOW), lang
    )
    assert len(listing.content) <= MESSAGE_CONTENT
    closed = await service.close_item(
        db, guild_id=GUILD, item_number=huge[0].number, actor=chair, electorate=many, now=NOW
    )
    assert len(ui.closed_summary(closed, lang).content) <= MESSAGE_CONTENT
    claimed = await service.claim_reminder(
        db, item_id=huge[1].id, electorate=many, now=meeting.deadline_at - timedelta(hours=1)
    )
    assert claimed is not None
    messages = ui.reminder_messages(claimed, lang)
    assert all(len(message) <= MESSAGE_CONTENT for message in messages)
    mentioned = [int(part[2:-1]) for m in messages for part in m.split() if part.startswith("<@")]
    assert mentioned == sorted(many.eligible)
