"""Voting and comment use cases against a real SQLite file: the record and its audit chain."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.access import Actor
from bot.domain.audit import verify_chain
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.models import (
    EMOJI_BY_CHOICE,
    Choice,
    Counts,
    ItemStatus,
    VoteSource,
)
from bot.domain.voting import Refusal, Verdict
from bot.services import voting
from db import audit, comments, groups, items, votes
from db.connection import Database
from tests.support import records
from tests.support.records import (
    CHAIR_ROLE,
    CHANNEL,
    DEADLINE,
    GUILD,
    MEMBER_ROLE,
    NOW,
    SECRETARY_ROLE,
    THREAD,
    VOTE_MESSAGES,
    member,
)

B, A, S = Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR
YES, NO, ABSTAIN = EMOJI_BY_CHOICE[B], EMOJI_BY_CHOICE[A], EMOJI_BY_CHOICE[S]
BOT = 1

db = records.voting_world  # a group, a meeting (deadline in two days), an open item, 2 att-satser


def outsider(user_id: int) -> Actor:
    return Actor(user_id=user_id)


async def react(
    db: Database, actor: Actor, emoji: str, *, added: bool = True, at: datetime = NOW
) -> voting.ReactionOutcome:
    return await voting.record_reaction(
        db, message_id=VOTE_MESSAGES[0], actor=actor, emoji=emoji, added=added, now=at
    )


async def first_yrkande_id(db: Database) -> int:
    async with db.read() as conn:
        found = await items.yrkande_by_message(conn, VOTE_MESSAGES[0])
    assert found is not None
    return found[0].id


async def test_votes_switch_and_withdraw_end_in_the_expected_tally(db: Database) -> None:
    outcomes = [
        await react(db, member(10), YES),
        await react(db, member(11), NO),
        await react(db, member(12), ABSTAIN),
        await react(db, member(11), YES),  # switch
        await react(db, member(11), NO, added=False),  # the bot's clean-up of the switch
        await react(db, member(12), ABSTAIN, added=False),  # withdraw
    ]
    assert [o.verdict for o in outcomes] == [
        Verdict.RECORD,
        Verdict.RECORD,
        Verdict.RECORD,
        Verdict.RECORD,
        Verdict.IGNORE,
        Verdict.WITHDRAW,
    ]
    assert outcomes[3].remove_emoji == NO
    yrkande_id = await first_yrkande_id(db)
    counts = await voting.tally(db, yrkande_id, eligible=[10, 11, 12, 13])
    assert counts == Counts(bifall=2, avslag=0, avstar=0, not_voted=2)


@pytest.mark.parametrize(
    ("label", "actor", "emoji", "status", "at", "refusal"),
    [
        ("non-member", outsider(50), YES, ItemStatus.OPEN, NOW, Refusal.NOT_MEMBER),
        ("foreign emoji", member(10), "\N{THUMBS UP SIGN}", ItemStatus.OPEN, NOW,
         Refusal.FOREIGN_EMOJI),
        ("closed item", member(10), YES, ItemStatus.CLOSED, NOW, Refusal.CLOSED),
        ("after the deadline, closing job not yet run", member(10), YES, ItemStatus.OPEN,
         DEADLINE, Refusal.DEADLINE_PASSED),
    ],
)  # fmt: skip
async def test_refused_reaction_is_removed_and_records_nothing(
    db: Database,
    label: str,
    actor: Actor,
    emoji: str,
    status: ItemStatus,
    at: datetime,
    refusal: Refusal,
) -> None:
    yrkande_id = await first_yrkande_id(db)
    if status is not ItemStatus.OPEN:
        async with db.transaction() as conn:
            found = await items.yrkande_by_message(conn, VOTE_MESSAGES[0])
            assert found is not None
            await items.set_status(conn, found[1].id, status, now=NOW, actor_id=2)
    outcome = await react(db, actor, emoji, at=at)
    assert (outcome.verdict, outcome.refusal, outcome.remove_emoji) == (
        Verdict.REFUSE,
        refusal,
        emoji,
    ), label
    async with db.read() as conn:
        assert await votes.events_for(conn, yrkande_id) == []
        assert await audit.entries(conn, GUILD) == []


async def test_reaction_on_unknown_message_is_ignored(db: Database) -> None:
    outcome = await voting.record_reaction(
        db, message_id=12345, actor=member(10), emoji="\N{THUMBS UP SIGN}", added=True, now=NOW
    )
    assert outcome.verdict is Verdict.IGNORE and outcome.remove_emoji is None


async def test_every_vote_is_audited_with_its_payload_in_a_valid_chain(db: Database) -> None:
    await react(db, member(10), YES)
    await react(db, member(10), YES, added=False)
    yrkande_id = await first_yrkande_id(db)
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
    assert [(e.action, e.payload) for e in entries] == [
        ("vote", {"yrkande_id": yrkande_id, "member_id": 10, "choice": "bifall", "source": "reaction"}),
        ("vote", {"yrkande_id": yrkande_id, "member_id": 10, "choice": None, "source": "reaction"}),
    ]  # fmt: skip
    assert verify_chain(entries).ok


async def test_reconcile_records_offline_changes_with_source_reconcile(db: Database) -> None:
    await react(db, member(10), YES)
    await react(db, member(11), NO)
    yrkande_id = await first_yrkande_id(db)
    plan = await voting.reconcile_yrkande(
        db,
        yrkande_id=yrkande_id,
        reactions={YES: {BOT, 10, 12}, NO: {BOT}, ABSTAIN: {BOT, 13}, "\N{THUMBS UP SIGN}": {14}},
        may_vote={10, 11, 12, 13},
        bot_id=BOT,
        now=NOW + timedelta(hours=1),
    )
    assert plan.record == {11: None, 12: B, 13: S}
    assert plan.remove == [("\N{THUMBS UP SIGN}", 14)]
    async with db.read() as conn:
        events = await votes.events_for(conn, yrkande_id)
    assert [(e.member_id, e.choice, e.source) for e in events[2:]] == [
        (11, None, VoteSource.RECONCILE),
        (12, B, VoteSource.RECONCILE),
        (13, S, VoteSource.RECONCILE),
    ]
    assert await voting.current_votes_of(db, yrkande_id) == {10: B, 12: B, 13: S}


async def test_reconcile_after_the_deadline_changes_nothing(db: Database) -> None:
    yrkande_id = await first_yrkande_id(db)
    plan = await voting.reconcile_yrkande(
        db, yrkande_id=yrkande_id, reactions={YES: {10}}, may_vote={10}, bot_id=BOT, now=DEADLINE
    )
    assert plan.record == {} and plan.remove == []
    assert await voting.current_votes_of(db, yrkande_id) == {}


async def test_departed_member_keeps_recorded_vote_through_reconcile(db: Database) -> None:
    await voting.remember_members(db, GUILD, [(10, "Anna", True), (11, "Bo", True)], NOW)
    await react(db, member(10), YES)
    assert await voting.member_left(db, guild_id=GUILD, member_id=10, name="Anna", now=NOW)
    assert not await voting.member_left(db, guild_id=GUILD, member_id=10, name="Anna", now=NOW)
    yrkande_id = await first_yrkande_id(db)
    await voting.reconcile_yrkande(
        db, yrkande_id=yrkande_id, reactions={}, may_vote={11}, bot_id=BOT, now=NOW
    )
    assert await voting.current_votes_of(db, yrkande_id) == {10: B}
    report = await voting.item_status(
        db,
        guild_id=GUILD,
        motion_number=1,
        actor=Actor(user_id=2, role_ids=frozenset({SECRETARY_ROLE})),
        eligible=[11],
    )
    assert report.yrkanden[0].departed_voter_ids == [10]
    assert report.yrkanden[0].counts == Counts(bifall=1, not_voted=1)


async def test_comments_keep_edits_and_mark_deletions(db: Database) -> None:
    stored = await voting.store_comment(
        db,
        thread_id=THREAD,
        message_id=7001,
        author_id=10,
        author_name="Anna",
        content="Bra förslag",
        attachments=["kalkyl.pdf"],
        now=NOW,
    )
    elsewhere = await voting.store_comment(
        db,
        thread_id=4242,
        message_id=7002,
        author_id=10,
        author_name="Anna",
        content="off topic",
        attachments=[],
        now=NOW,
    )
    assert (stored, elsewhere) == (True, False)
    assert await voting.edit_comment(
        db, thread_id=THREAD, message_id=7001, content="Mycket bra förslag", now=NOW
    )
    assert await voting.delete_comment(db, thread_id=THREAD, message_id=7001, now=NOW)
    async with db.read() as conn:
        (item,) = await items.for_group(conn, GUILD)
        rows = (await comments.for_items(conn, [item.id]))[item.id]
        history = await comments.revisions(conn, 7001)
        actions = [e.action for e in await audit.entries(conn, GUILD)]
    assert [(r["content"], r["attachments_json"], r["deleted_at"] is not None) for r in rows] == [
        ("Mycket bra förslag", '["kalkyl.pdf"]', True)
    ]
    assert history == ["Bra förslag"]
    assert actions == ["comment.added", "comment.edited", "comment.deleted"]


@pytest.mark.parametrize(
    ("label", "roles", "names_shown"),
    [
        ("voting member sees numbers only", {MEMBER_ROLE}, False),
        ("secretary sees names", {SECRETARY_ROLE}, True),
        ("chair sees names", {CHAIR_ROLE}, True),
    ],
)
async def test_status_shows_names_only_to_chair_and_secretary(
    db: Database, label: str, roles: set[int], names_shown: bool
) -> None:
    await voting.remember_members(db, GUILD, [(10, "Anna", True), (11, "Bo", True)], NOW)
    await react(db, member(10), NO)
    report = await voting.item_status(
        db,
        guild_id=GUILD,
        motion_number=1,
        actor=Actor(user_id=3, role_ids=frozenset(roles)),
        eligible=[10, 11],
    )
    assert report.show_names is names_shown, label
    assert (report.names.get(11) == "Bo") is names_shown
    assert report.yrkanden[0].non_voter_ids == [11]
    assert report.yrkanden[0].counts == Counts(avslag=1, not_voted=1)
    assert report.deadline_at == DEADLINE


@pytest.mark.parametrize(
    ("label", "actor", "number", "error"),
    [
        ("outsider", outsider(3), 1, NotAllowed),
        ("unknown number", member(3), 99, NotFound),
    ],
)
async def test_status_refusals(
    db: Database, label: str, actor: Actor, number: int, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await voting.item_status(db, guild_id=GUILD, motion_number=number, actor=actor, eligible=[])


async def test_vote_message_states_follow_live_tally_setting(db: Database) -> None:
    await react(db, member(10), YES)
    async with db.read() as conn:
        found = await items.yrkande_by_message(conn, VOTE_MESSAGES[0])
    assert found is not None
    item_id = found[1].id
    states = await voting.vote_message_states(db, item_id, eligible=[10, 11])
    assert [s.counts for s in states] == [
        Counts(bifall=1, not_voted=1),
        Counts(not_voted=2),
    ]
    assert states[0].channel_ids == (THREAD, CHANNEL)
    async with db.transaction() as conn:
        group = await groups.get(conn, GUILD)
        assert group is not None
        rules = group.rules.model_copy(update={"show_live_tally": False})
        await groups.save(conn, group.model_copy(update={"rules": rules}), NOW)
    hidden = await voting.vote_message_states(db, item_id, eligible=[10, 11])
    assert [(s.counts, s.voted) for s in hidden] == [(None, 1), (None, 0)]


# ------------------------------------------------------------ batches (record_reactions)


def event(
    actor: Actor,
    emoji: str,
    *,
    added: bool = True,
    message_id: int = VOTE_MESSAGES[0],
    at: datetime = NOW,
) -> voting.ReactionInput:
    return voting.ReactionInput(message_id=message_id, actor=actor, emoji=emoji, added=added, at=at)


async def history(db: Database, message_id: int) -> list[tuple[int, Choice | None]]:
    async with db.read() as conn:
        found = await items.yrkande_by_message(conn, message_id)
        assert found is not None
        return [(e.member_id, e.choice) for e in await votes.events_for(conn, found[0].id)]


async def test_quick_reactions_of_one_member_in_one_batch_end_in_one_live_vote(
    db: Database,
) -> None:
    outcomes = await voting.record_reactions(
        db,
        [
            event(member(10), YES),
            event(member(10), NO),  # switch: ✅ must go
            event(member(10), YES, added=False),  # the bot's clean-up of the switch: nothing
            event(member(10), ABSTAIN),  # switch again: ❌ must go
        ],
    )
    assert [(o.verdict, o.choice, o.remove_emoji) for o in outcomes] == [
        (Verdict.RECORD, B, None),
        (Verdict.RECORD, A, YES),
        (Verdict.IGNORE, None, None),
        (Verdict.RECORD, S, NO),
    ]
    assert await voting.current_votes_of(db, await first_yrkande_id(db)) == {10: S}
    assert await history(db, VOTE_MESSAGES[0]) == [(10, B), (10, A), (10, S)]


async def test_batch_judges_each_event_by_itself(db: Database) -> None:
    outcomes = await voting.record_reactions(
        db,
        [
            event(member(10), YES),
            event(outsider(20), YES),
            event(member(11), "\N{THUMBS UP SIGN}"),
            event(member(12), NO, message_id=12345),  # not a vote message
            event(member(13), NO, message_id=VOTE_MESSAGES[1]),
            event(member(14), YES, at=DEADLINE),  # received at the deadline
            event(member(10), YES, added=False),  # withdraws the first vote
        ],
    )
    assert [(o.verdict, o.refusal) for o in outcomes] == [
        (Verdict.RECORD, None),
        (Verdict.REFUSE, Refusal.NOT_MEMBER),
        (Verdict.REFUSE, Refusal.FOREIGN_EMOJI),
        (Verdict.IGNORE, None),
        (Verdict.RECORD, None),
        (Verdict.REFUSE, Refusal.DEADLINE_PASSED),
        (Verdict.WITHDRAW, None),
    ]
    assert outcomes[3].item_id is None and outcomes[4].yrkande_id != outcomes[0].yrkande_id
    assert await history(db, VOTE_MESSAGES[0]) == [(10, B), (10, None)]
    assert await history(db, VOTE_MESSAGES[1]) == [(13, A)]


async def test_batch_votes_are_audited_in_order_in_a_valid_chain(db: Database) -> None:
    await react(db, member(10), YES)  # an entry before the batch: the batch chains onto it
    await voting.record_reactions(
        db, [event(member(m), e) for m, e in ((11, NO), (12, ABSTAIN), (10, NO), (13, YES))]
    )
    async with db.read() as conn:
        entries = await audit.entries(conn, GUILD)
    votes_audited = [
        (e.payload["member_id"], e.payload["choice"], e.payload["source"])
        for e in entries
        if e.action == "vote"
    ]
    assert votes_audited == [
        (10, "bifall", "reaction"),
        (11, "avslag", "reaction"),
        (12, "avstar", "reaction"),
        (10, "avslag", "reaction"),
        (13, "bifall", "reaction"),
    ]
    assert verify_chain(entries).ok


async def test_empty_batch_and_batch_of_unknown_messages_record_nothing(db: Database) -> None:
    assert await voting.record_reactions(db, []) == []
    outcomes = await voting.record_reactions(db, [event(member(10), YES, message_id=1)] * 3)
    assert [o.verdict for o in outcomes] == [Verdict.IGNORE] * 3
    async with db.read() as conn:
        assert [e for e in await audit.entries(conn, GUILD) if e.action == "vote"] == []


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
async def test_one_batch_records_exactly_what_one_by_one_records(
    tmp_path: Path, db: Database, seed: int
) -> None:
    rng = random.Random(seed)
    actors = [member(10), member(11), member(12), member(13), outsider(14)]
    events = [
        event(
            rng.choice(actors),
            rng.choice([YES, NO, ABSTAIN, "\N{THUMBS UP SIGN}"]),
            added=rng.random() < 0.6,
            message_id=rng.choice(VOTE_MESSAGES),
        )
        for _ in range(120)
    ]
    copy_path = tmp_path / "copy.sqlite3"
    async with db.read() as conn:
        await conn.execute("VACUUM INTO ?", (str(copy_path),))

    one_by_one = [(await voting.record_reactions(db, [e]))[0] for e in events]
    copy = await Database.open(copy_path)
    try:
        batched = await voting.record_reactions(copy, events)
        assert [await history(copy, m) for m in VOTE_MESSAGES] == [
            await history(db, m) for m in VOTE_MESSAGES
        ]
        async with copy.read() as conn:
            assert verify_chain(await audit.entries(conn, GUILD)).ok
    finally:
        await copy.close()
    assert batched == one_by_one
    assert any(o.verdict is Verdict.RECORD and o.remove_emoji for o in batched), "no switch drawn"


async def test_a_leftover_found_gone_and_put_back_while_away_is_a_new_act(db: Database) -> None:
    # ✅ then ➖ (recorded); the bot's removal of the old ✅ never happened.
    await react(db, member(10), YES)
    await react(db, member(10), ABSTAIN)
    yrkande_id = await first_yrkande_id(db)

    async def reconcile(held: dict[str, set[int]]) -> voting.ReconcilePlan:
        return await voting.reconcile_yrkande(
            db,
            yrkande_id=yrkande_id,
            reactions=held,
            may_vote={10},
            bot_id=BOT,
            now=NOW + timedelta(hours=1),
        )

    # While the bot was away the member took the leftover ✅ off: the read finds it gone ...
    assert (await reconcile({YES: {BOT}, ABSTAIN: {BOT, 10}})).record == {}
    # ... so when it is back after the next absence, the member put it there: a new act.
    plan = await reconcile({YES: {BOT, 10}, ABSTAIN: {BOT, 10}})
    assert plan.record == {10: B}
    assert plan.remove == [(ABSTAIN, 10)]
    assert await voting.current_votes_of(db, yrkande_id) == {10: B}
