"""Start-up reconciliation: REST calls and time until the record matches the reactions again.

Run as `python -m bench.bench_reconcile`.
Seeded through the repositories and on the fake Discord before the bot starts: one group,
100 voting members, 50 open motions x 3 att-satser = 150 vote messages, each carrying the
bot's three reactions. Per (member, message), from random.Random(SEED): 80 % voted before the
bot went down (vote in the db, reaction on the message), 8 % reacted while it was down
(reaction only), 4 % withdrew while it was down (vote in the db, no reaction), 4 % switched
while it was down (db says one emoji, the message shows another), 4 % never voted; an outsider
without the voting role also reacted on every 10th message. The real bot then starts in-process;
timed: start -> ready, start -> the reconciler's `reconciled` event. REST calls made by the bot
from start until reconciled are counted by kind (`fake.requests`), and the record is checked
against the reactions exactly. Target: <= 1 reactions read per emoji per message.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.bench_votes import EMOJIS, member_names
from bot.clock import FixedClock
from bot.domain.models import CHOICE_BY_EMOJI, DocumentKind, ItemStatus, Language, VoteSource
from bot.runtime.votes import VoteTimings
from bot.services import voting
from db import items, votes
from db.connection import Database
from tests.support.e2e import START, BotRunner, World, build_world, seed_group_and_meeting
from tests.support.fakediscord import FakeDiscord, FakeMessage

SEED = 8
MOTIONS = 50
CLAUSES = 3
_SNOWFLAKE = re.compile(r"/\d{6,}")
_REACTIONS = re.compile(r"/reactions/[^/]+")


def kind_of(method: str, path: str) -> str:
    """A REST call's route with ids and emoji replaced, e.g. GET /channels/{id}/messages/{id}."""
    path = _REACTIONS.sub("/reactions/{emoji}", path)
    return f"{method} {_SNOWFLAKE.sub('/{id}', path)}"


async def seed(
    fake: FakeDiscord, world: World, db_path: Path
) -> tuple[list[FakeMessage], dict[int, int]]:
    """Fill the database and the fake; returns the vote messages and message id -> yrkande id."""
    rng = random.Random(SEED)
    voters = [member.id for member in world.voters]
    db = await Database.open(db_path)
    messages: list[FakeMessage] = []
    yrkande_of: dict[int, int] = {}
    try:
        async with db.transaction() as conn:
            meeting = await seed_group_and_meeting(conn, world, now=START, title="Fullmäktige")
            for number in range(1, MOTIONS + 1):
                item = await items.create_item(
                    conn,
                    guild_id=world.guild.id,
                    meeting_id=meeting.id,
                    kind=DocumentKind.MOTION,
                    title=f"Motion {number}",
                    body="Bakgrund …",
                    signatories=["Anna Andersson"],
                    language=Language.SV,
                    source_name="motion.txt",
                    yrkanden=[f"att göra {clause}" for clause in range(1, CLAUSES + 1)],
                    status=ItemStatus.OPEN,
                    created_by=world.chair.id,
                    now=START,
                )
                head = await fake.send_message(fake.bot_user, world.channel, f"Motion {number}")
                await items.set_messages(
                    conn, item.id, channel_id=world.channel.id, message_id=head.id, thread_id=None
                )
                for yrkande in item.yrkanden:
                    message = await fake.send_message(
                        fake.bot_user, world.channel, f"Att-sats {yrkande.number}"
                    )
                    await items.set_vote_message(conn, yrkande.id, message.id)
                    messages.append(message)
                    yrkande_of[message.id] = yrkande.id
                    for emoji in EMOJIS:
                        await fake.react_as(fake.bot_user.id, message, emoji, dispatch=False)
                    for member_id in voters:
                        roll = rng.random()
                        recorded: str | None = rng.choice(EMOJIS)
                        shown: str | None = None
                        if roll < 0.80:
                            shown = recorded
                        elif roll < 0.88:
                            recorded, shown = None, recorded  # reacted while the bot was down
                        elif roll < 0.92:
                            pass  # withdrew while the bot was down
                        elif roll < 0.96:
                            shown = rng.choice([e for e in EMOJIS if e != recorded])
                        else:
                            recorded = None
                        if recorded is not None:
                            await votes.append(
                                conn,
                                yrkande_id=yrkande.id,
                                member_id=member_id,
                                choice=CHOICE_BY_EMOJI[recorded],
                                at=START,
                                source=VoteSource.REACTION,
                            )
                        if shown is not None:
                            await fake.react_as(member_id, message, shown, dispatch=False)
                    if len(messages) % 10 == 0:
                        await fake.react_as(world.outsider.id, message, EMOJIS[0], dispatch=False)
    finally:
        await db.close()
    return messages, yrkande_of


async def run(scratch: Path) -> dict[str, Any]:
    """Seed, start the bot, wait for reconciliation, count and check."""
    # Unlimited: counts requests per emoji; bench_scale measures reconciliation under the limits.
    fake = FakeDiscord(unlimited=True)
    await fake.start()
    db_path = scratch / "reconcile.sqlite3"
    runner = BotRunner(
        fake, db_path, FixedClock(START + timedelta(days=1)), VoteTimings()
    )  # production's timings
    try:
        world = await build_world(fake, member_names())
        messages, yrkande_of = await seed(fake, world, db_path)
        requests_before = len(fake.requests)
        started = time.perf_counter()
        bot = await runner.start()
        ready_s = time.perf_counter() - started
        await asyncio.wait_for(bot.votes.reconciler.reconciled.wait(), 100)
        reconciled_s = time.perf_counter() - started
        calls = fake.requests[requests_before:]
        reads = Counter(r.path for r in calls if r.method == "GET" and "/reactions/" in r.path)
        voters = {member.id for member in world.voters}
        mismatches = 0
        for message in messages:
            shown = {
                user: CHOICE_BY_EMOJI[emoji]
                for emoji, users in fake.reactions_on(message).items()
                for user in users
                if user in voters
            }
            stored = await voting.current_votes_of(bot.db, yrkande_of[message.id])
            mismatches += stored != shown or any(
                len([e for e, users in fake.reactions_on(message).items() if user in users]) > 1
                for user in voters
            )
        return {
            "ready_s": ready_s,
            "reconciled_s": reconciled_s,
            "kinds": Counter(kind_of(r.method, r.path) for r in calls),
            "total": len(calls),
            "max_reads_per_emoji": max(reads.values(), default=0),
            "messages": len(messages),
            "mismatches": mismatches,
        }
    finally:
        await runner.stop()
        await fake.stop()


def print_table(result: dict[str, Any]) -> bool:
    """REST calls by kind and the timings; True when the record and the read count are right."""
    print(
        f"start-up reconciliation: {MOTIONS} open motions, {result['messages']} vote messages,"
        f" 100 members; cores: {os.cpu_count()}"
    )
    print(
        f"start -> ready {result['ready_s'] * 1000:.0f} ms;"
        f" start -> reconciled {result['reconciled_s'] * 1000:.0f} ms"
    )
    print(f"{'REST calls from start until reconciled':<60} {'count':>6}")
    for kind, count in sorted(result["kinds"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{kind:<60} {count:>6}")
    print(f"{'total':<60} {result['total']:>6}")
    met = result["max_reads_per_emoji"] <= 1
    print(
        f"reactions reads per emoji per message: max {result['max_reads_per_emoji']}"
        f" (target <= 1) {'met' if met else 'MISSED'}"
    )
    ok = result["mismatches"] == 0
    print(
        f"record vs reactions after reconciliation: {'OK' if ok else 'MISMATCH'}"
        f" ({result['messages'] - result['mismatches']}/{result['messages']} messages exact)"
    )
    # Both are counts, the same on any machine; the times above are only reported.
    return ok and met


async def _main() -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        return print_table(await run(Path(scratch)))


def main(argv: list[str] | None = None) -> int:
    """Seed, start, measure and print the table; 1 if the record or the read count is wrong."""
    logging.basicConfig(level=logging.ERROR)
    return 0 if asyncio.run(_main()) else 1


if __name__ == "__main__":
    sys.exit(main())
