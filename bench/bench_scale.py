"""Many groups on one bot: start-up, reconciliation and live votes on the rate-limited fake.

Run as `python -m bench.bench_scale [--groups N]` (or `python -m bench scale --groups N`);
without `--groups`, `BENCH_SCALE_GROUPS` (so `BENCH_SCALE_GROUPS=2500 make bench` runs the
country: ~16 min on 2 cores), else 150 (what `make bench` runs, about two minutes).
N party groups (servers), each set up with 15 voting members (chair, secretary, 13
ledamöter) and 5 open motions x 3 att-satser (15 vote messages in 5 threads, the bot's own
three reactions on each), seeded straight into the fake's state and through the db/
repositories (no slash commands). Per (member, vote message), from random.Random(SEED):
80 % voted before the bot went down (vote recorded, reaction on), the rest never voted;
in CHANGED_SHARE of the groups one member also reacted on one message while the bot was
down (reconciliation has something to find). The fake enforces Discord's rate limits
(tests/fakediscord/ratelimits.py: 50 requests/s globally, per-route buckets).

The real YrkaBot then starts in-process. Measured: start -> ready (every GUILD_CREATE in),
start -> reconciled (the reconciler's event), REST calls by route and 429s from start until
reconciled, RSS of the process before the bot started and after it reconciled (the fake and
its N guilds live in the same process: the bot's share is the difference), the SQLite file
size, and the latency from a reaction (the fake sends the gateway event) to its vote
committed (the ingest's follow-up after the commit), for PROBES reactions sent at a steady
pace while reconciliation runs. Finally the record is checked against the reactions.

Exit 1 only when the record is wrong or reconciliation made more than 1.2 REST calls per
open motion; times and memory are reported against the issue's targets, with the figure
for 2,500 groups extrapolated when fewer were run (and said so).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.bench_votes import EMOJIS
from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.domain.models import CHOICE_BY_EMOJI, DocumentKind, ItemStatus, Language, VoteSource
from bot.services import voting
from bot.ui.votes import render_vote_message
from db import items, votes
from db.connection import Database
from tests.support.e2e import START, BotRunner, World, build_world, seed_group_and_meeting
from tests.support.fakediscord import FakeDiscord, FakeMessage
from tests.support.fakediscord.ratelimits import RateLimits
from tests.support.fakediscord.state import PUBLIC_THREAD

SEED = 20
DEFAULT_GROUPS = 150  # what runs in about two minutes on the 2-core development machine
GROUPS_ENV = "BENCH_SCALE_GROUPS"  # the group count `make bench` runs instead (2500: the country)
COUNTRY = 2_500  # ~290 kommuner + 21 regioner x ~8 parties
MOTIONS = 5
CLAUSES = 3
PLAIN_MEMBERS = 13  # + chair + secretary = 15 voting members
VOTED_SHARE = 0.80
CHANGED_SHARE = 0.10
PROBES = 100
PROBE_PACE_S = 0.05
MAX_CALLS_PER_MOTION = 1.2
# The targets (for 2,500 groups).
READY_TARGET_S = 60.0
RECONCILED_TARGET_S = 600.0
RSS_TARGET_MB = 1024.0
P99_TARGET_MS = 1000.0
# What a reconciliation requests: thread reads, single message reads, user lists, tally
# edits, removals of reactions.
RECONCILE_REQUESTS = [
    ("GET", re.compile(r"^/channels/\d+/messages$")),
    ("GET", re.compile(r"^/channels/\d+/messages/\d+$")),
    ("GET", re.compile(r"^/channels/\d+/messages/\d+/reactions/[^/]+$")),
    ("PATCH", re.compile(r"^/channels/\d+/messages/\d+$")),
    ("DELETE", re.compile(r"^/channels/\d+/messages/\d+/reactions/[^/]+/\d+$")),
]


def _cpu_s() -> float:
    """CPU seconds this process (the fake and the bot, every thread) has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    """The process's resident set size now, in MiB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Seeded:
    """What was seeded: vote messages with their yrkande, and the probe targets."""

    def __init__(self) -> None:
        self.messages: list[tuple[FakeMessage, int]] = []  # (vote message, yrkande id)
        self.probes: list[tuple[World, FakeMessage]] = []  # a message the probe member left
        self.worlds: list[World] = []
        self.changed = 0
        self.item_ids: list[int] = []
        self.threads: list[int] = []
        self.changed_threads: set[int] = set()
        self.voters_of_item: dict[int, list[int]] = {}


async def seed_group(
    fake: FakeDiscord, conn: Any, number: int, rng: random.Random, seeded: Seeded
) -> None:
    """One group on the fake and in the database, as if it had been at work for a while."""
    guild = await fake.add_guild(f"Grupp {number:04d}")
    names = tuple(f"Ledamot {n:02d}" for n in range(1, PLAIN_MEMBERS + 1))
    world = await build_world(fake, names, guild=guild)
    seeded.worlds.append(world)
    voters = [member.id for member in world.voters]
    probe_member = world.members[-1]  # never votes in the seed: the probe's reactions are new
    meeting = await seed_group_and_meeting(conn, world, now=START, title="Fullmäktige")
    changed_message = rng.randrange(MOTIONS * CLAUSES) if rng.random() < CHANGED_SHARE else None
    index = 0
    for motion in range(1, MOTIONS + 1):
        item = await items.create_item(
            conn,
            guild_id=guild.id,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title=f"Motion {motion}",
            body="Bakgrund …",
            signatories=["Anna Andersson"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=[f"att göra {clause}" for clause in range(1, CLAUSES + 1)],
            status=ItemStatus.OPEN,
            created_by=world.chair.id,
            now=START,
        )
        seeded.item_ids.append(item.id)
        seeded.voters_of_item[item.id] = sorted(voters)
        head = await fake.send_message(fake.bot_user, world.channel, f"Motion {motion}")
        thread = await fake._create_thread(
            fake.channel(world.channel.id), head.id, {"name": f"Motion {motion}"}, PUBLIC_THREAD
        )
        head.thread_id = thread.id
        seeded.threads.append(thread.id)
        await items.set_messages(
            conn, item.id, channel_id=world.channel.id, message_id=head.id, thread_id=thread.id
        )
        for yrkande in item.yrkanden:
            message = await fake.send_message(fake.bot_user, thread, f"Att-sats {yrkande.number}")
            await items.set_vote_message(conn, yrkande.id, message.id)
            seeded.messages.append((message, yrkande.id))
            seeded.probes.append((world, message))
            for emoji in EMOJIS:
                await fake.react_as(fake.bot_user.id, message, emoji, dispatch=False)
            for member_id in voters:
                if member_id == probe_member.id or rng.random() >= VOTED_SHARE:
                    continue
                emoji = rng.choice(EMOJIS)
                await votes.append(
                    conn,
                    yrkande_id=yrkande.id,
                    member_id=member_id,
                    choice=CHOICE_BY_EMOJI[emoji],
                    at=START,
                    source=VoteSource.REACTION,
                )
                await fake.react_as(member_id, message, emoji, dispatch=False)
            if index == changed_message:
                # Someone reacted while the bot was down: reconciliation must find it.
                await fake.react_as(world.secretary.id, message, EMOJIS[0], dispatch=False)
                seeded.changed += 1
                seeded.changed_threads.add(thread.id)
            index += 1


async def seed(fake: FakeDiscord, db_path: Path, groups: int) -> Seeded:
    rng = random.Random(SEED)
    seeded = Seeded()
    db = await Database.open(db_path)
    try:
        for number in range(1, groups + 1):
            async with db.transaction() as conn:
                await seed_group(fake, conn, number, rng, seeded)
        # The vote messages show what the record says, as a bot at work has left them.
        for item_id in seeded.item_ids:
            voters = seeded.voters_of_item[item_id]
            for state in await voting.vote_message_states(db, item_id, voters):
                assert state.yrkande.vote_message_id is not None
                fake.messages[state.yrkande.vote_message_id].content = render_vote_message(state)
    finally:
        await db.close()
    return seeded


def shown_votes(fake: FakeDiscord, message: FakeMessage, voters: set[int]) -> dict[int, Any]:
    """Member -> the vote their reaction shows; a member holding two shows a list."""
    shown: dict[int, Any] = {}
    for emoji, users in fake.reactions_on(message).items():
        for user_id in users:
            if user_id in voters:
                shown[user_id] = (
                    [shown[user_id], emoji] if user_id in shown else (CHOICE_BY_EMOJI[emoji])
                )
    return shown


async def probe(
    fake: FakeDiscord, seeded: Seeded, sent: dict[tuple[int, int], float], stop: asyncio.Event
) -> int:
    """The probe member of a random group reacts on a random message, at a steady pace."""
    rng = random.Random(SEED + 1)
    targets = rng.sample(seeded.probes, min(PROBES, len(seeded.probes)))
    count = 0
    for world, message in targets:
        if stop.is_set():
            break
        member = world.members[-1]
        sent[(message.id, member.id)] = time.perf_counter()
        await fake.react_as(member.id, message, EMOJIS[1], dispatch=True)
        count += 1
        await asyncio.sleep(PROBE_PACE_S)
    return count


async def run(scratch: Path, groups: int) -> dict[str, Any]:
    limits = RateLimits()
    fake = FakeDiscord(rate_limits=limits)
    await fake.start()
    db_path = scratch / "scale.sqlite3"
    runner = BotRunner(fake, db_path, FixedClock(START + timedelta(days=1)))
    stack = contextlib.AsyncExitStack()
    try:
        seed_started = time.perf_counter()
        seeded = await seed(fake, db_path, groups)
        seed_s = time.perf_counter() - seed_started
        rss_before = rss_mb()
        requests_before = len(fake.requests)
        routes_before = Counter(limits.requests_by_route)
        limited_before = Counter(limits.limited_by_route)
        global_before = limits.global_limited
        sent: dict[tuple[int, int], float] = {}
        committed: dict[tuple[int, int], float] = {}

        started = time.perf_counter()
        cpu_before = _cpu_s()
        bot = YrkaBot(runner.settings(), clock=runner.clock)
        await stack.enter_async_context(fake.running(bot, ready_timeout=600))
        ready_s = time.perf_counter() - started

        # The vote's commit: the ingest hands each recorded event to its follow-up.
        ingest: Any = bot.votes.ingest
        follow_up = ingest._follow_up

        def timed(item: Any, outcome: Any) -> None:
            key = (item.reaction.message_id, item.reaction.actor.user_id)
            if key in sent and key not in committed:
                committed[key] = time.perf_counter()
            follow_up(item, outcome)

        ingest._follow_up = timed
        stop = asyncio.Event()
        probing = asyncio.create_task(probe(fake, seeded, sent, stop))
        await asyncio.wait_for(bot.votes.reconciler.reconciled.wait(), 3_600)
        reconciled_s = time.perf_counter() - started
        cpu_s = _cpu_s() - cpu_before
        reconciled_at = len(fake.requests)
        routes = Counter(limits.requests_by_route)
        routes.subtract(routes_before)
        limited = Counter(limits.limited_by_route)
        limited.subtract(limited_before)
        global_limited = limits.global_limited - global_before
        rss_after = rss_mb()
        stop.set()
        probes_sent = await probing
        # A probed message's tally edit is the probe's, not the reconciliation's.
        probed = {str(message_id) for message_id, _ in sent}
        reconcile_requests = [
            request
            for request in fake.requests[requests_before:reconciled_at]
            if any(
                request.method == method and pattern.search(request.path)
                for method, pattern in RECONCILE_REQUESTS
            )
            and not (request.method == "PATCH" and request.path.rsplit("/", 1)[1] in probed)
        ]
        reconcile_calls = len(reconcile_requests)
        # A probe's reaction is a change too: its item's counts differ from the record's.
        touched = seeded.changed_threads | {fake.messages[int(mid)].channel_id for mid in probed}
        unchanged = {f"/channels/{thread}/" for thread in seeded.threads} - {
            f"/channels/{thread}/" for thread in touched
        }
        unchanged_calls = sum(
            1
            for request in reconcile_requests
            if request.path[: request.path.find("/", 10) + 1] in unchanged
        )
        while_reconciling = sum(1 for at in sent.values() if at - started < reconciled_s)
        await bot.votes.drained()
        latencies = sorted(
            (committed[key] - at) * 1000 for key, at in sent.items() if key in committed
        )

        mismatches = 0
        voters_of = {w.guild.id: {m.id for m in w.voters} for w in seeded.worlds}
        for message, yrkande_id in seeded.messages:
            shown = shown_votes(fake, message, voters_of[message.guild_id or 0])
            stored = await voting.current_votes_of(bot.db, yrkande_id)
            mismatches += stored != shown
        db_bytes = sum(
            path.stat().st_size
            for path in (db_path, db_path.with_name(db_path.name + "-wal"))
            if path.exists()
        )
        return {
            "groups": groups,
            "seed_s": seed_s,
            "ready_s": ready_s,
            "reconciled_s": reconciled_s,
            "routes": +routes,
            "limited": +limited,
            "global_limited": global_limited,
            "max_global": limits.max_global_in_window(),
            "rss_before": rss_before,
            "rss_after": rss_after,
            "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "latencies": latencies,
            "probes": probes_sent,
            "probes_while_reconciling": while_reconciling,
            "mismatches": mismatches,
            "reconcile_calls": reconcile_calls,
            "unchanged_calls": unchanged_calls,
            "unchanged_motions": len(seeded.threads) - len(touched),
            "touched": len(touched),
            "limited_after": limits.global_limited - global_before - global_limited,
            "messages": len(seeded.messages),
            "changed": seeded.changed,
            "db_mb": db_bytes / 2**20,
            "cpu_s": cpu_s,
            "reconcile_rate": bot.votes.timings.reconcile_rate,
            "load": os.getloadavg(),
        }
    finally:
        await stack.aclose()
        await fake.stop()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(share * len(values)))]


def print_table(r: dict[str, Any]) -> bool:
    groups, motions = r["groups"], r["groups"] * MOTIONS
    scale = COUNTRY / groups
    print(
        f"{groups} groups x 15 members x {MOTIONS} open motions x {CLAUSES} att-satser"
        f" ({r['messages']} vote messages, {r['changed']} changed while the bot was down);"
        f" rate-limited fake; cores: {os.cpu_count()}; load average at the end"
        f" {' / '.join(f'{x:.1f}' for x in r['load'])}; seeding took {r['seed_s']:.1f} s"
    )
    print(f"{'REST calls from start until reconciled, by route':<52} {'calls':>7} {'429s':>6}")
    for route, count in sorted(r["routes"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{route:<52} {count:>7} {r['limited'].get(route, 0):>6}")
    total = sum(r["routes"].values())
    print(f"{'total':<52} {total:>7} {sum(r['limited'].values()):>6}")
    per_motion = r["reconcile_calls"] / motions
    per_unchanged = r["unchanged_calls"] / max(1, r["unchanged_motions"])
    bot_mb = r["rss_after"] - r["rss_before"]
    lat = r["latencies"]
    p50, p99 = percentile(lat, 0.50), percentile(lat, 0.99)
    # Start-up's reads keep to its budget: the time they need at least.
    floor_requests = r["routes"].get("GET history", 0) + r["routes"].get("GET reaction-users", 0)
    floor_s = floor_requests / max(1, r["reconcile_rate"])
    rows = [
        ("start -> ready", f"{r['ready_s']:.1f} s", f"{r['ready_s'] * scale:.0f} s", "< 60 s"),
        (
            "start -> reconciled",
            f"{r['reconciled_s']:.1f} s",
            f"{r['reconciled_s'] * scale:.0f} s",
            "< 600 s",
        ),
        (
            f"  request floor: {floor_requests} reads at start-up's {r['reconcile_rate']}/s",
            f"{floor_s:.1f} s",
            f"{floor_s * scale:.0f} s",
            "",
        ),
        (
            "  CPU (fake + bot, one process) until reconciled",
            f"{r['cpu_s']:.1f} s ({r['cpu_s'] / r['reconciled_s']:.0%} of a core)",
            "",
            "",
        ),
        (
            "reconciliation calls per unchanged open motion",
            f"{per_unchanged:.2f}",
            f"{per_unchanged:.2f}",
            f"<= {MAX_CALLS_PER_MOTION}",
        ),
        (
            f"reconciliation calls per open motion ({r['touched']} changed or probed)",
            f"{per_motion:.2f}",
            "",
            "",
        ),
        (
            "429s until reconciled (global / all); global after it",
            f"{r['global_limited']} / {sum(r['limited'].values())}; {r['limited_after']}",
            "",
            "",
        ),
        ("most requests in any 1 s", f"{r['max_global']}", "", "<= 50"),
        (
            "RSS before bot / after reconciled",
            f"{r['rss_before']:.0f} / {r['rss_after']:.0f} MB",
            "",
            "",
        ),
        (
            "bot's RSS, total / per group",
            f"{bot_mb:.0f} MB / {bot_mb / groups * 1024:.0f} KB",
            f"{bot_mb * scale:.0f} MB",
            "< 1024 MB",
        ),
        (
            f"reaction -> committed vote, p50 / p99 ({len(lat)} probes,"
            f" {r['probes_while_reconciling']} during reconciliation)",
            f"{p50:.0f} / {p99:.0f} ms",
            "",
            "p99 < 1000 ms",
        ),
        (
            "SQLite file + WAL",
            f"{r['db_mb']:.1f} MB",
            f"{r['db_mb'] * scale:.0f} MB",
            "",
        ),
    ]
    print()
    label = f"at {COUNTRY} (x{scale:.1f}, extrapolated)" if groups != COUNTRY else "at 2500"
    print(f"{'figure':<62} {'measured':>18} {label:>28} {'target':>12}")
    for name, measured, country, target in rows:
        print(f"{name:<62} {measured:>18} {country:>28} {target:>12}")
    ok = r["mismatches"] == 0
    print(
        f"\nrecord vs reactions: {'OK' if ok else 'MISMATCH'}"
        f" ({r['messages'] - r['mismatches']}/{r['messages']} vote messages exact)"
    )
    met = per_unchanged <= MAX_CALLS_PER_MOTION
    print(
        f"reconciliation: {per_unchanged:.2f} REST calls per unchanged open motion"
        f" (target <= {MAX_CALLS_PER_MOTION}) {'met' if met else 'MISSED'}"
    )
    return ok and met


async def _main(groups: int) -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        return print_table(await run(Path(scratch), groups))


def main(argv: list[str] | None = None) -> int:
    """Seed N groups, start the bot, measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale")
    parser.add_argument(
        "--groups", type=int, default=int(os.environ.get(GROUPS_ENV, DEFAULT_GROUPS))
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    return 0 if asyncio.run(_main(args.groups)) else 1


if __name__ == "__main__":
    sys.exit(main())
