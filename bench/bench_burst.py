"""A burst of votes within Discord's rate limits (issue 20 item 2).

Run as `python -m bench.bench_burst` (or `python -m bench burst`). One group of 30 voting
members; one item with 12 att-satser (12 vote messages in ONE thread: one edit bucket of 5
per 5 s and one reaction bucket of 1 per 0.25 s for all of them). Every member reacts on
every vote message in a random order (360 votes), and on a share of them (SWITCH_SHARE)
switches to another emoji afterwards, so the bot must take the old reaction off. Nobody
waits for the bot. The fake keeps Discord's rate limits; the bot runs with production's
timings (tally edits start 5 s after a commit).

Measured from the first reaction: REST calls by route until the bot is settled (and per
100 votes), 429s drawn (per route and global), seconds until every vote is committed, and
seconds until the view is consistent (every vote message shows the record's tally and every
member holds exactly the reaction of their recorded vote). The record is checked exactly
against the acts (one event per act, in order): exit 1 if it differs, if the view is not
consistent, or if any 429 was drawn.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bot.clock import FixedClock
from bot.domain.models import CHOICE_BY_EMOJI, EMOJI_BY_CHOICE, Choice
from bot.runtime.votes import VoteTimings
from bot.services import voting
from bot.ui.votes import render_vote_message
from db import votes
from tests.support.e2e import (
    START,
    BotRunner,
    Published,
    World,
    build_world,
    publish_item,
    settled,
    setup_group,
)
from tests.support.fakediscord import FakeDiscord

SEED = 20
MEMBERS = tuple(f"Ledamot {n:02d}" for n in range(1, 29))  # + chair and secretary: 30
CLAUSES = 12
SWITCH_SHARE = 0.25
EMOJIS = list(EMOJI_BY_CHOICE.values())


async def inconsistencies(bot: Any, world: World, published: Published) -> int:
    """Vote messages whose text or reactions differ from the record."""
    voters = {member.id for member in world.voters}
    wrong = 0
    states = await voting.vote_message_states(bot.db, published.item_id, sorted(voters))
    for state, message in zip(states, published.vote_messages, strict=True):
        recorded = await voting.current_votes_of(bot.db, state.yrkande.id)
        held: dict[int, list[Choice]] = {}
        for emoji, users in world.fake.reactions_on(message).items():
            for user_id in users:
                if user_id in voters:
                    held.setdefault(user_id, []).append(CHOICE_BY_EMOJI[emoji])
        shown = message.content == render_vote_message(state)
        wrong += not shown or held != {m: [c] for m, c in recorded.items()}
    return wrong


async def run(scratch: Path) -> dict[str, Any]:
    fake = FakeDiscord()  # Discord's rate limits on
    limits = fake.rate_limits
    assert limits is not None
    await fake.start()
    runner = BotRunner(fake, scratch / "burst.sqlite3", FixedClock(START), VoteTimings())
    try:
        world = await build_world(fake, MEMBERS)
        bot = await runner.start()
        await setup_group(world)
        clauses = tuple(f"att {n}" for n in range(1, CLAUSES + 1))
        published = await publish_item(bot, world, clauses)
        await settled(bot, fake)

        rng = random.Random(SEED)
        acts = [
            (member.id, message, rng.choice(EMOJIS))
            for member in world.voters
            for message in published.vote_messages
        ]
        rng.shuffle(acts)
        switches = [
            (member_id, message, rng.choice([e for e in EMOJIS if e != emoji]))
            for member_id, message, emoji in acts
            if rng.random() < SWITCH_SHARE
        ]
        acts += switches
        routes_before = Counter(limits.requests_by_route)
        limited_before = limits.limited
        global_before = limits.global_limited
        requests_before = len(fake.requests)

        started = time.perf_counter()
        for member_id, message, emoji in acts:
            await fake.react_as(member_id, message, emoji)
        sent_s = time.perf_counter() - started
        await bot.votes.ingest.recorded_so_far()
        recorded_s = time.perf_counter() - started
        consistent_s: float | None = None
        while consistent_s is None and time.perf_counter() - started < 300:
            if await inconsistencies(bot, world, published) == 0:
                consistent_s = time.perf_counter() - started
            else:
                await asyncio.sleep(0.05)
        await settled(bot, fake)
        settled_s = time.perf_counter() - started
        routes = Counter(limits.requests_by_route)
        routes.subtract(routes_before)
        wrong = await inconsistencies(bot, world, published)
        exact = True
        async with bot.db.read() as conn:
            for yrkande_id, message in zip(
                published.yrkande_ids, published.vote_messages, strict=True
            ):
                events = await votes.events_for(conn, yrkande_id)
                expected = [(m, CHOICE_BY_EMOJI[e]) for m, msg, e in acts if msg.id == message.id]
                exact = exact and [(e.member_id, e.choice) for e in events] == expected
        return {
            "votes": len(acts),
            "switches": len(switches),
            "routes": +routes,
            "calls": len(fake.requests) - requests_before,
            "limited": limits.limited - limited_before,
            "global_limited": limits.global_limited - global_before,
            "max_global": limits.max_global_in_window(),
            "sent_s": sent_s,
            "recorded_s": recorded_s,
            "consistent_s": consistent_s,
            "settled_s": settled_s,
            "wrong": wrong,
            "exact": exact,
            "tally_edits": bot.votes.view.tally_edits,
            "paced_wait_s": bot.pacer.waited,
        }
    finally:
        with contextlib.suppress(Exception):
            await runner.stop()
        await fake.stop()


def print_table(r: dict[str, Any]) -> bool:
    print(
        f"{len(MEMBERS) + 2} members x {CLAUSES} vote messages in one thread: {r['votes']} votes"
        f" ({r['switches']} of them switches); rate-limited fake; production timings;"
        f" cores: {os.cpu_count()}"
    )
    print(f"{'REST calls from the first reaction until settled':<52} {'calls':>7}")
    for route, count in sorted(r["routes"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{route:<52} {count:>7}")
    print(f"{'total':<52} {r['calls']:>7}")
    consistent = r["consistent_s"]
    rows = [
        ("REST calls per 100 votes", f"{100 * r['calls'] / r['votes']:.1f}", ""),
        ("429s drawn (all / global)", f"{r['limited']} / {r['global_limited']}", "0"),
        ("most requests in any 1 s", f"{r['max_global']}", "<= 50"),
        ("burst sent by the members", f"{r['sent_s']:.2f} s", ""),
        ("every vote committed", f"{r['recorded_s']:.2f} s", ""),
        (
            "view consistent (tallies and reactions)",
            f"{consistent:.1f} s" if consistent is not None else "never",
            "",
        ),
        ("bot settled (nothing left to do)", f"{r['settled_s']:.1f} s", ""),
        ("tally edits (12 vote messages)", f"{r['tally_edits']}", ""),
    ]
    print()
    print(f"{'figure':<52} {'measured':>12} {'target':>8}")
    for name, measured, target in rows:
        print(f"{name:<52} {measured:>12} {target:>8}")
    ok = r["exact"] and r["wrong"] == 0 and r["limited"] == 0
    view = "consistent" if r["wrong"] == 0 else f"{r['wrong']} vote messages WRONG"
    print(
        f"\nrecord: {'exact' if r['exact'] else 'WRONG'}; view: {view};"
        f" 429s: {'none' if r['limited'] == 0 else 'DRAWN'}"
    )
    return ok


async def _main() -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        return print_table(await run(Path(scratch)))


def main(argv: list[str] | None = None) -> int:
    """Run the burst and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_burst")
    parser.parse_known_args(argv)  # `python -m bench` hands every bench the same options
    logging.basicConfig(level=logging.ERROR)
    return 0 if asyncio.run(_main()) else 1


if __name__ == "__main__":
    sys.exit(main())
