"""Soak: random members' reactions racing the bot, with SIGKILLs and slow REST; exact at the end.

Run as `make soak` or `python -m bench.bench_soak [--events 10000 --kills 5 --latency 0.05]`.
The real bot runs in its own process (tests/support/bot_process.py) against the fake Discord in this
process, every REST answer delayed `--latency` seconds as real Discord's are. Three open
motions with four att-satser each (12 vote messages, one channel per motion); 30 voting
members and 4 people without the voting role act at random (from random.Random(--seed)):
first votes, switches, withdrawals, taking a reaction off and putting it back, foreign and
custom emoji; no person acts faster than `MIN_GAP` seconds. The bot is SIGKILLed `--kills`
times, evenly spread, each once its start-up reconciliation is done, after a pause of
`--kill-quiet` s in the acting and once the bot says it has recorded every event it received
(SIGUSR1 -> "CAUGHT UP": events a killed bot received but had not recorded are unseen to it,
and nothing outside could tell which; tests/e2e/test_crash_safety.py kills mid-burst);
people keep acting while it is down and while it restarts (their events are lost then, as
on Discord without a connection).

At the end, after the bot has settled, every (person, vote message) pair is checked:
- drift: the record (current vote) differs from the reactions the person holds (one vote
  emoji, or none), or a refused reaction (foreign/custom emoji, no voting role) is still on;
- lost last act: the record differs from the vote the person's own acts mean, in order
  (add E -> E; taking off the reaction of the intended vote -> none), except where the bot
  said privately that the vote could not be read (several new reactions without order).
Both after the run, after /motion status (which reconciles) and after /motion close
(checked against the frozen tallies). The audit chain is verified. Exit 1 on any drift or
lost last act.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import contextvars
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.domain.audit import verify_chain
from bot.domain.models import (
    CHOICE_BY_EMOJI,
    EMOJI_BY_CHOICE,
    Choice,
    DocumentKind,
    ItemStatus,
    Language,
)
from bot.domain.tally import current_votes
from db import audit, items, positions, votes
from db.connection import Database
from tests.support.bot_process import start_bot_process
from tests.support.e2e import World, build_world, seed_group_and_meeting
from tests.support.fakediscord import FakeDiscord, FakeMember, FakeMessage

VOTE_EMOJI = tuple(EMOJI_BY_CHOICE.values())
FOREIGN = "\N{THUMBS UP SIGN}"
CUSTOM = "<:yrka:112233445566778899>"  # a server's custom emoji, as Discord sends it
MOTIONS = 3
CLAUSES = 4
EXTRA_VOTERS = 22  # on top of the world's chair, secretary and six members: 30 voters
MIN_GAP = 0.25  # seconds between two acts of one person
UNREADABLE = "kunde inte läsas"
CROSSED = "satte tillbaka"  # the bot's removal crossed the member's put-back (told privately)


@dataclass
class Person:
    member: FakeMember
    votes: bool  # holds the voting role
    ready_at: float = 0.0  # monotonic time of the next act allowed
    # Per vote message id: the vote this person's own acts mean (None = no vote).
    intended: dict[int, Choice | None] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)  # vote messages with a void vote
    # Per vote message id: (event number, emoji, added, sent to the bot), for --verbose.
    log: dict[int, list[tuple[int, str, bool, bool]]] = field(default_factory=dict)


PERSON_ACTING: contextvars.ContextVar[bool] = contextvars.ContextVar("acting", default=False)


class Timeline:
    """What happened to each (person, vote message) and to the bot, by event number and
    time, so that every lost last act can be told apart (--verbose prints it)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.events = 0  # the current event number
        self.pairs: dict[tuple[int, int], list[tuple[int, float, str]]] = {}
        self.life: list[tuple[int, float, str]] = []  # kills, restarts, reconciliations

    def now(self) -> tuple[int, float]:
        return self.events, time.monotonic() - self.started

    def pair(self, message_id: int, user_id: int, text: str) -> None:
        self.pairs.setdefault((message_id, user_id), []).append((*self.now(), text))

    def bot(self, text: str) -> None:
        self.life.append((*self.now(), text))

    def watch_bot_removals(self, fake: FakeDiscord) -> None:
        """Note every reaction the bot's own requests take off (not the people's acts)."""
        drop = fake._drop_reaction

        async def dropped(
            message: FakeMessage, user_id: int, emoji: str, *, dispatch: bool
        ) -> bool:
            changed = await drop(message, user_id, emoji, dispatch=dispatch)
            if not PERSON_ACTING.get() and user_id != fake.bot_user.id:
                self.pair(
                    message.id, user_id, f"BOT removes {emoji}" + ("" if changed else " (not on)")
                )
            return changed

        fake._drop_reaction = dropped  # type: ignore[method-assign]

    def print_pair(self, message_id: int, user_id: int) -> None:
        rows = self.pairs.get((message_id, user_id), [])
        if not rows:
            return
        first = rows[0][1]
        life = [row for row in self.life if row[1] >= first - 5]
        for event, at, text in sorted(rows + life, key=lambda row: row[1]):
            print(f"      #{event:<5} {at:8.3f}s  {text}")


@dataclass
class Figures:
    events: int = 0
    dispatched: int = 0
    while_down: int = 0
    kills: int = 0
    unreadable: int = 0


async def seed(fake: FakeDiscord, world: World, db_path: Path) -> dict[int, tuple[int, int]]:
    """Three open motions; returns vote message id -> (yrkande id, motion number)."""
    now = datetime.now(UTC)
    found: dict[int, tuple[int, int]] = {}
    db = await Database.open(db_path)
    try:
        async with db.transaction() as conn:
            meeting = await seed_group_and_meeting(conn, world, now=now, title="Fullmäktige")
        for motion in range(1, MOTIONS + 1):
            channel = await fake.add_text_channel(f"motion-{motion}")
            messages = []
            for number in range(1, CLAUSES + 1):
                message = await fake.send_message(fake.bot_user, channel, f"Att-sats {number}")
                for emoji in VOTE_EMOJI:
                    await fake.add_reaction(fake.bot_user, message, emoji, dispatch=False)
                messages.append(message)
            async with db.transaction() as conn:
                item = await items.create_item(
                    conn,
                    guild_id=world.guild.id,
                    meeting_id=meeting.id,
                    kind=DocumentKind.MOTION,
                    title=f"Motion {motion}",
                    body="Bakgrund …",
                    signatories=["Anna"],
                    language=Language.SV,
                    source_name="motion.txt",
                    yrkanden=[f"att göra sak {n}" for n in range(1, CLAUSES + 1)],
                    status=ItemStatus.OPEN,
                    created_by=world.chair.id,
                    now=now,
                )
                await items.set_messages(
                    conn, item.id, channel_id=channel.id, message_id=messages[0].id, thread_id=None
                )
                for yrkande, message in zip(item.yrkanden, messages, strict=True):
                    await items.set_vote_message(conn, yrkande.id, message.id)
                    found[message.id] = (yrkande.id, item.number)
    finally:
        await db.close()
    return found


def holds(fake: FakeDiscord, message: FakeMessage, user_id: int) -> list[str]:
    """The emoji a person holds on a message now (custom ones as the fake stores them)."""
    return [emoji for emoji, users in message.reactions.items() if user_id in users]


def next_act(rng: random.Random, person: Person, held: list[str]) -> list[tuple[str, bool]]:
    """One or two acts (emoji, added) a person does next on a message, given what they hold."""
    votes_held = [e for e in held if e in VOTE_EMOJI]
    others = [e for e in held if e not in VOTE_EMOJI]
    roll = rng.random()
    if others and roll < 0.3:
        return [(rng.choice(others), False)]
    if roll < 0.05:
        return [(FOREIGN, True)]
    if roll < 0.08:
        return [(CUSTOM, True)]
    if not votes_held:
        return [(rng.choice(VOTE_EMOJI), True)]
    current = votes_held[-1]
    free = [e for e in VOTE_EMOJI if e not in held]
    if roll < 0.45 and free:  # switch
        return [(rng.choice(free), True)]
    if roll < 0.65:  # withdraw
        return [(rng.choice(votes_held), False)]
    if roll < 0.80:  # take it off and put it back
        return [(current, False), (current, True)]
    return [(rng.choice(free), True)] if free else [(current, False)]


def vote_emoji_held(message: FakeMessage, user_id: int) -> frozenset[str]:
    return frozenset(
        e for e, users in message.reactions.items() if user_id in users and e in VOTE_EMOJI
    )


class Unseen:
    """Acts the bot cannot see in order (made while it was down or restarting): only what they
    changed in the end is knowable, so that is what they mean for the person's vote."""

    def __init__(self) -> None:
        self.before: dict[tuple[int, int], frozenset[str]] = {}  # (person, message): held then
        # Taken when the bot connects again, dropped once it says it has reconciled: if it
        # is killed before, what it received meanwhile was never recorded (unseen too).
        self.checkpoint: (
            tuple[
                dict[tuple[int, int], frozenset[str]],
                dict[int, dict[int, Choice | None]],
                dict[int, set[int]],
                dict[tuple[int, int], frozenset[str]],
            ]
            | None
        ) = None

    def connect(self, people: dict[int, Person], messages: dict[int, FakeMessage]) -> None:
        """The bot is connected again: keep a checkpoint, then settle the unseen acts."""
        held = {
            (uid, mid): vote_emoji_held(message, uid)
            for uid in people
            for mid, message in messages.items()
        }
        self.checkpoint = (
            dict(self.before),
            {uid: dict(p.intended) for uid, p in people.items()},
            {uid: set(p.unreadable) for uid, p in people.items()},
            held,
        )
        self.settle(people, messages)

    def reconciled(self) -> None:
        """The bot has reconciled: the acts since it connected are seen, in order."""
        self.checkpoint = None

    def killed(self, people: dict[int, Person]) -> None:
        """Killed before it reconciled: back to the checkpoint; every act since is unseen."""
        if self.checkpoint is None:
            return
        before, intended, unreadable, held = self.checkpoint
        self.checkpoint = None
        for uid, person in people.items():
            person.intended = intended[uid]
            person.unreadable = unreadable[uid]
        touched = set(self.before) | {
            (uid, mid)
            for uid, person in people.items()
            for mid, acts in person.log.items()
            if acts and acts[-1][0] >= self.connected_at
        }
        self.before = {pair: before.get(pair, held[pair]) for pair in touched | set(before)}

    connected_at = 0  # event number when the bot last connected

    def touch(self, person: Person, message: FakeMessage) -> None:
        """Before an unseen act: remember what the person held when the bot lost sight."""
        self.before.setdefault(
            (person.member.id, message.id), vote_emoji_held(message, person.member.id)
        )

    def settle(self, people: dict[int, Person], messages: dict[int, FakeMessage]) -> int:
        """The bot sees again: the new reactions of each touched pair decide; returns how
        many pairs had several new ones (no order: unreadable, the vote is void)."""
        unreadable = 0
        for (user_id, message_id), before in self.before.items():
            person = people[user_id]
            if not person.votes:
                continue
            now = vote_emoji_held(messages[message_id], user_id)
            new = now - before
            if len(new) == 1:
                person.intended[message_id] = CHOICE_BY_EMOJI[next(iter(new))]
            elif len(new) > 1:
                person.intended[message_id] = None
                person.unreadable.add(message_id)
                unreadable += 1
            elif EMOJI_BY_CHOICE.get(person.intended.get(message_id)) not in now:  # type: ignore[arg-type]
                person.intended[message_id] = None
        self.before.clear()
        return unreadable


def intend(person: Person, message_id: int, emoji: str, added: bool) -> None:
    """What the person's own act seen by the bot means for their vote (the judge's rule)."""
    choice = CHOICE_BY_EMOJI.get(emoji)
    if choice is None or not person.votes:
        return
    if added:
        person.intended[message_id] = choice
    elif person.intended.get(message_id) == choice:
        person.intended[message_id] = None


async def act(
    fake: FakeDiscord,
    person: Person,
    message: FakeMessage,
    emoji: str,
    added: bool,
    timeline: Timeline,
) -> bool:
    """One reaction change on the fake, dispatched to the bot if it is connected."""
    connected = any(session.ready for session in fake.sessions)
    PERSON_ACTING.set(True)
    changed = False
    try:
        with contextlib.suppress(ConnectionError):
            changed = await fake.react_as(person.member.id, message, emoji, added=added)
    finally:
        PERSON_ACTING.set(False)
    timeline.pair(
        message.id,
        person.member.id,
        f"person {'adds' if added else 'removes'} {emoji}"
        + ("" if changed else " (no change)")
        + ("" if connected else " [bot not connected]"),
    )
    return connected


async def kill(process: asyncio.subprocess.Process, fake: FakeDiscord | None = None) -> None:
    """SIGKILL: no shutdown code of the bot runs. With `fake`, return once the fake has seen
    the connection go: until then it would still count acts as sent to a dead bot."""
    if process.returncode is None:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    while fake is not None and any(session.ready for session in fake.sessions):
        await asyncio.sleep(0.01)


async def quiet(fake: FakeDiscord, seconds: float, timeout: float = 600.0) -> None:
    """Wait until the bot has made no request for `seconds` (its removals and edits are done)."""
    deadline = time.monotonic() + timeout
    seen, since = len(fake.requests), time.monotonic()
    while time.monotonic() - since < seconds:
        await asyncio.sleep(0.1)
        if len(fake.requests) != seen:
            seen, since = len(fake.requests), time.monotonic()
        if time.monotonic() > deadline:
            raise TimeoutError("the bot never went quiet")


def unreadable_told(fake: FakeDiscord, person: Person) -> int:
    """How many times the bot told this person their vote could not be read."""
    return sum(UNREADABLE in m.content for m in fake.messages_in(fake.dm_channel(person.member)))


async def check(
    fake: FakeDiscord,
    db_path: Path,
    people: list[Person],
    messages: dict[int, FakeMessage],
    refs: dict[int, tuple[int, int]],
    timeline: Timeline,
    verbose: bool = False,
) -> tuple[int, int, int, dict[int, dict[int, Choice]]]:
    """(drift, lost last acts, crossed removals told, record per message).

    A pair whose record differs from the person's last act is not lost when Discord gave no
    order and the bot said so privately: the bot's removal of the intended reaction landed
    after the person put it back, and the person was told their vote could not be read."""
    db = await Database.open(db_path)
    try:
        async with db.read() as conn:
            events = await votes.events_for_many(conn, [y for y, _ in refs.values()])
            removals = {y: await votes.removals_for(conn, y) for y, _ in refs.values()}
    finally:
        await db.close()
    drift = lost = crossed = 0
    records: dict[int, dict[int, Choice]] = {}
    for message_id, message in messages.items():
        record = current_votes(events[refs[message_id][0]])
        records[message_id] = record
        for person in people:
            uid = person.member.id
            held = holds(fake, message, uid)
            held_votes = [CHOICE_BY_EMOJI[e] for e in held if e in VOTE_EMOJI]
            shown = held_votes[0] if len(held_votes) == 1 else None
            refused_left = (not person.votes and bool(held)) or any(
                e not in VOTE_EMOJI for e in held
            )
            if refused_left or len(held_votes) > 1 or record.get(uid) != shown:
                drift += 1
                if verbose:
                    print(f"drift {uid} on {message_id}: holds {held}, record {record.get(uid)}")
                    print("   acts", person.log.get(message_id))
            if not person.votes:
                continue
            if record.get(uid) != person.intended.get(message_id):
                if crossed_and_told(fake, person, message_id, refs, timeline):
                    crossed += 1
                    if verbose:
                        print(f"crossed {uid} on {message_id}: told privately")
                        timeline.print_pair(message_id, uid)
                    continue
                lost += 1
                if verbose:
                    print(
                        f"lost {uid} on {message_id}: record {record.get(uid)}, "
                        f"intended {person.intended.get(message_id)}, holds {held}"
                    )
                    print("   acts", person.log.get(message_id))
                    yid = refs[message_id][0]
                    print(
                        "   record",
                        [
                            (e.seq, e.choice, e.source.value)
                            for e in events[yid]
                            if e.member_id == uid
                        ],
                    )
                    print(
                        "   removals",
                        [(r.after_seq, r.choice) for r in removals[yid] if r.member_id == uid],
                    )
                    timeline.print_pair(message_id, uid)
    return drift, lost, crossed, records


def crossed_and_told(
    fake: FakeDiscord,
    person: Person,
    message_id: int,
    refs: dict[int, tuple[int, int]],
    timeline: Timeline,
) -> bool:
    """Whether the bot's removal of the person's intended reaction landed after they last put
    it on (their put-back crossed the bot's clean-up) and they were told so privately."""
    intended = person.intended.get(message_id)
    if intended is None:
        return False
    emoji = EMOJI_BY_CHOICE[intended]
    rows = timeline.pairs.get((message_id, person.member.id), [])
    put_on = [at for _, at, text in rows if text == f"person adds {emoji}"]
    if not put_on or not any(
        text == f"BOT removes {emoji}" and at >= put_on[-1] for _, at, text in rows
    ):
        return False
    yrkande_id, motion = refs[message_id]
    clause = sorted(y for y, m in refs.values() if m == motion).index(yrkande_id) + 1
    return any(
        f"ärende {motion}, att-sats {clause}," in m.content and CROSSED in m.content
        for m in fake.messages_in(fake.dm_channel(person.member))
    )


async def main_async(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    # Unlimited: 10,000 reactions and their removals would take hours under the buckets; it measures drift.
    fake = FakeDiscord(unlimited=True)
    await fake.start()
    figures = Figures()
    timeline = Timeline()
    timeline.watch_bot_removals(fake)
    process: asyncio.subprocess.Process | None = None
    try:
        world = await build_world(fake)
        extra = [
            await fake.add_member(f"Ledamot {n}", [world.member_role]) for n in range(EXTRA_VOTERS)
        ]
        guests = [await fake.add_member(f"Gäst {n}", []) for n in range(2)]
        people = [Person(m, True) for m in (*world.voters, *extra)]
        people += [Person(m, False) for m in (world.outsider, world.admin, *guests)]
        tmp = Path(tempfile.mkdtemp(prefix="yrka-soak-"))
        if args.verbose:
            print(f"database: {tmp}")
        db_path = tmp / "yrka.sqlite3"
        refs = await seed(fake, world, db_path)
        messages = {mid: fake.messages[mid] for mid in refs}
        fake.latency = args.latency
        reconciled_seen = asyncio.Event()
        caught_up = asyncio.Event()

        async def watch(proc: asyncio.subprocess.Process) -> None:
            assert proc.stdout is not None
            while line := await proc.stdout.readline():
                if line.strip() == b"CAUGHT UP":
                    caught_up.set()
                if line.strip() == b"RECONCILED":
                    reconciled_seen.set()
                    timeline.bot("bot says RECONCILED")

        down_until = -1  # events until the restart begins
        restarting: asyncio.Task[asyncio.subprocess.Process] | None = None
        process = await start_bot_process(fake, db_path, ready_timeout=60, log_level=args.bot_log)
        watchers = [asyncio.create_task(watch(process))]
        await asyncio.wait_for(reconciled_seen.wait(), 120)
        kill_at = sorted(args.events * (k + 1) // (args.kills + 1) for k in range(args.kills))
        started = time.monotonic()
        unseen = Unseen()
        by_id = {p.member.id: p for p in people}

        while figures.events < args.events:
            if reconciled_seen.is_set() and unseen.checkpoint is not None:
                unseen.reconciled()
            # A kill waits for the start-up reconciliation to be done: what a killed one had
            # already reconciled cannot be told from outside, so the oracle would be guessing.
            if (
                kill_at
                and figures.events >= kill_at[0]
                and restarting is None
                and process
                and reconciled_seen.is_set()
            ):
                # Events the bot received but had not recorded die with it, unseen to it, and
                # nothing outside can tell which: the people pause for a moment first.
                await asyncio.sleep(args.kill_quiet)
                # ... and the bot says it has recorded every event it received.
                caught_up.clear()
                process.send_signal(signal.SIGUSR1)
                await asyncio.wait_for(caught_up.wait(), 120)
                timeline.bot("bot says CAUGHT UP")
                kill_at.pop(0)
                await kill(process, fake)
                timeline.bot("bot KILLED")
                reconciled_seen.clear()
                unseen.killed(by_id)
                process = None
                figures.kills += 1
                if args.verbose:
                    print(
                        f"killed at event {figures.events}, reconciled: {unseen.checkpoint is None}"
                    )
                down_until = figures.events + args.down_events
            if process is None and restarting is None and figures.events >= down_until:
                timeline.bot("bot restart begins")
                restarting = asyncio.create_task(
                    start_bot_process(fake, db_path, ready_timeout=60, log_level=args.bot_log)
                )
            if restarting is not None and restarting.done():
                process = restarting.result()
                restarting = None
                watchers.append(asyncio.create_task(watch(process)))
                timeline.bot("bot process started (connected)")
                if args.verbose:
                    print(f"restarted at event {figures.events}")
            now = time.monotonic()
            free = [p for p in people if p.ready_at <= now and (p.votes or rng.random() < 0.1)]
            if not free:
                await asyncio.sleep(0.005)
                continue
            person = rng.choice(free)
            message = messages[rng.choice(list(messages))]
            for emoji, added in next_act(rng, person, holds(fake, message, person.member.id)):
                if figures.events >= args.events:
                    break
                connected = any(session.ready for session in fake.sessions)
                if connected and unseen.before:
                    unseen.connected_at = figures.events
                    unseen.connect(by_id, messages)
                if not connected:
                    unseen.touch(person, message)
                timeline.events = figures.events
                dispatched = await act(fake, person, message, emoji, added, timeline)
                if dispatched:
                    intend(person, message.id, emoji, added)
                    person.unreadable.discard(message.id)
                person.log.setdefault(message.id, []).append(
                    (figures.events, emoji, added, dispatched)
                )
                figures.events += 1
                figures.dispatched += dispatched
                figures.while_down += not dispatched
                await asyncio.sleep(args.gap)
            person.ready_at = time.monotonic() + MIN_GAP
        if restarting is not None:
            process = await restarting
            watchers.append(asyncio.create_task(watch(process)))
        if process is None:
            process = await start_bot_process(
                fake, db_path, ready_timeout=60, log_level=args.bot_log
            )
            watchers.append(asyncio.create_task(watch(process)))
        unseen.settle(by_id, messages)
        acting = time.monotonic() - started
        # The last start's reconciliation first: its removals come after it.
        await asyncio.wait_for(reconciled_seen.wait(), 600)
        await quiet(fake, 3.0)

        results = [
            (
                "after the run",
                *(await check(fake, db_path, people, messages, refs, timeline, args.verbose))[:3],
            )
        ]
        for number in range(1, MOTIONS + 1):
            reply = await fake.run_command(
                world.chair, world.channel, "motion status", {"motion": number}
            )
            await reply.followups(1, timeout=60)
        await quiet(fake, 2.0)
        results.append(
            (
                "after /motion status",
                *(await check(fake, db_path, people, messages, refs, timeline))[:3],
            )
        )
        for number in range(1, MOTIONS + 1):
            reply = await fake.run_command(
                world.chair, world.channel, "motion close", {"motion": number}
            )
            await reply.followups(1, timeout=60)
        await quiet(fake, 2.0)
        drift, lost, crossed, records = await check(fake, db_path, people, messages, refs, timeline)
        frozen_drift = await frozen_mismatches(db_path, refs, records)
        results.append(("after /motion close", drift + frozen_drift, lost, crossed))
        told = sum(unreadable_told(fake, person) for person in people)
        chain_ok, entries = await audit_ok(db_path, world)
    finally:
        if process is not None:
            await kill(process)
        await fake.stop()

    print(
        f"soak on {os.cpu_count()} cores: {args.events} events ({figures.dispatched} sent "
        f"to the bot, {figures.while_down} while it was down or restarting), "
        f"{figures.kills} SIGKILLs, REST latency {args.latency * 1000:.0f} ms, "
        f"seed {args.seed}, {acting:.0f} s of acting"
    )
    print(f"{'when':<22} {'drift':>6} {'lost last acts':>15} {'crossed, told':>14}")
    for when, drift, lost, crossed in results:
        print(f"{when:<22} {drift:>6} {lost:>15} {crossed:>14}")
    print(
        f"pairs whose vote is void (several new reactions made unseen, no order): "
        f"{sum(len(p.unreadable) for p in people)}; "
        f"members told so privately: {told}"
    )
    print(f"audit chain: {'intact' if chain_ok else 'BROKEN'} ({entries} entries)")
    failed = any(drift or lost for _, drift, lost, _ in results) or not chain_ok
    print("result: " + ("FAILED" if failed else "ok: 0 drift, 0 lost last acts"))
    return 1 if failed else 0


async def frozen_mismatches(
    db_path: Path, refs: dict[int, tuple[int, int]], records: dict[int, dict[int, Choice]]
) -> int:
    """Vote messages whose frozen tally (at close) differs from the record's counts."""
    db = await Database.open(db_path)
    try:
        async with db.read() as conn:
            frozen = await positions.for_yrkanden(conn, [y for y, _ in refs.values()])
    finally:
        await db.close()
    bad = 0
    for message_id, (yrkande_id, _) in refs.items():
        record = list(records[message_id].values())
        row = frozen[yrkande_id]
        counts = (
            record.count(Choice.BIFALL),
            record.count(Choice.AVSLAG),
            record.count(Choice.AVSTAR),
        )
        bad += (row.bifall, row.avslag, row.avstar) != counts
    return bad


async def audit_ok(db_path: Path, world: World) -> tuple[bool, int]:
    db = await Database.open(db_path)
    try:
        async with db.read() as conn:
            entries = await audit.entries(conn, world.guild.id)
    finally:
        await db.close()
    result = verify_chain(entries)
    return result.ok, result.entries


def main() -> int:
    """Parse the options and run the soak."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--gap", type=float, default=0.004, help="seconds between any two acts")
    parser.add_argument("--verbose", action="store_true", help="print every mismatch")
    parser.add_argument(
        "--kill-quiet", type=float, default=0.3, help="seconds nobody acts before a kill"
    )
    parser.add_argument("--bot-log", default="WARNING", help="the bot process's log level")
    parser.add_argument("--down-events", type=int, default=150, help="acts while the bot is down")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
