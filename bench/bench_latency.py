"""Latency of /motion status: interaction created -> the bot's first response, and -> its answer.

Run as `python -m bench.bench_latency`.
The real YrkaBot runs in-process against the fake Discord; 100 members with the voting role;
one motion with 5 att-satser published through /motion post + Publicera; every member has
voted on every att-sats (500 reactions, committed before timing starts). The chair then runs
/motion status 1,000 times, one after another. A FakeDiscord subclass stamps perf_counter when
it sends INTERACTION_CREATE and when each REST request for that interaction arrives: the
callback (the first response, a thinking defer) and the webhook follow-up with the answer.
/motion status reconciles first (a GET of each vote message and one reactions read per emoji),
so the answer is reported as well. Target: p99 of the first response < 100 ms.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web

from bench.bench_votes import (
    build_workload,
    member_names,
    publish_motions,
    send_burst,
    vote_messages_of,
    wait_for_vote_events,
)
from bot.clock import FixedClock
from bot.runtime.votes import VoteTimings
from tests.support.e2e import START, BotRunner, build_world
from tests.support.fakediscord import FakeDiscord

CALLS = 1_000
P99_TARGET_MS = 100.0
_CALLBACK = re.compile(r"/interactions/(\d+)/")
_WEBHOOK = re.compile(r"/webhooks/\d+/fake-interaction-token-(\d+)")


class TimedFakeDiscord(FakeDiscord):
    """The fake Discord, stamping when interactions go out and their REST calls come in."""

    def __init__(self, *, unlimited: bool = False) -> None:
        super().__init__(unlimited=unlimited)
        self.created_at: dict[int, float] = {}
        self.first_response_at: dict[int, float] = {}
        self.answer_at: dict[int, float] = {}
        self.calls_of: dict[int, int] = {}

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Stamp INTERACTION_CREATE just before it is sent."""
        if event == "INTERACTION_CREATE":
            self.created_at[int(data["id"])] = time.perf_counter()
        await super().dispatch(event, data)

    async def _dispatch_request(self, request: web.Request) -> web.StreamResponse:
        arrived = time.perf_counter()
        path = request.rel_url.raw_path
        if callback := _CALLBACK.search(path):
            self.first_response_at.setdefault(int(callback.group(1)), arrived)
        elif webhook := _WEBHOOK.search(path):
            self.answer_at.setdefault(int(webhook.group(1)), arrived)
        return await super()._dispatch_request(request)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `values`."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def run(scratch: Path, calls: int = CALLS) -> dict[str, Any]:
    """Publish one motion, let everyone vote, then time `calls` sequential /motion status."""
    # Unlimited: the bot's own latency, not Discord's buckets (22 reads per status).
    fake = TimedFakeDiscord(unlimited=True)
    await fake.start()
    runner = BotRunner(
        fake, scratch / "latency.sqlite3", FixedClock(START), VoteTimings()
    )  # production's timings
    try:
        world = await build_world(fake, member_names())
        bot = await runner.start()
        await publish_motions(world, motions=1)
        messages = await vote_messages_of(bot, fake, 5)
        first_votes, _ = build_workload(
            len(world.voters), len(messages), switches=0, withdrawals=0, revote_pairs=0
        )
        await send_burst(fake, world, messages, first_votes)
        await wait_for_vote_events(runner.db_path, len(first_votes))
        requests_before = len(fake.requests)
        ids = []
        started = time.perf_counter()
        for _ in range(calls):
            interaction = await fake.run_command(
                world.chair, world.channel, "motion status", {"motion": 1}
            )
            await interaction.followups(1, timeout=10)
            ids.append(interaction.id)
        total = time.perf_counter() - started
        first = [(fake.first_response_at[i] - fake.created_at[i]) * 1000 for i in ids]
        answer = [(fake.answer_at[i] - fake.created_at[i]) * 1000 for i in ids]
        return {
            "first": first,
            "answer": answer,
            "total_s": total,
            "rest_per_call": (len(fake.requests) - requests_before) / calls,
        }
    finally:
        await runner.stop()
        await fake.stop()


def print_table(result: dict[str, Any]) -> bool:
    """p50/p90/p99/max of both latencies; True when the first-response p99 meets the target."""
    calls = len(result["first"])
    print(f"/motion status latency: {calls} sequential calls; cores: {os.cpu_count()}")
    print(f"{'ms from INTERACTION_CREATE to':<34} {'p50':>6} {'p90':>6} {'p99':>6} {'max':>6}")
    for name, values in (
        ("first response (defer)", result["first"]),
        ("answer (follow-up after reconcile)", result["answer"]),
    ):
        print(
            f"{name:<34} {statistics.median(values):>6.1f} {percentile(values, 0.9):>6.1f}"
            f" {percentile(values, 0.99):>6.1f} {max(values):>6.1f}"
        )
    print(
        f"REST requests per call: {result['rest_per_call']:.1f};"
        f" wall time {result['total_s']:.1f} s (incl. the fake's 10 ms settle per command)"
    )
    p99 = percentile(result["first"], 0.99)
    met = p99 < P99_TARGET_MS
    print(
        f"first response p99 {p99:.1f} ms (target < {P99_TARGET_MS:.0f} ms) {'met' if met else 'MISSED'}"
        " (reported, not enforced: an absolute time depends on the machine)"
    )
    return True


async def _main() -> bool:
    with tempfile.TemporaryDirectory() as scratch:
        return print_table(await run(Path(scratch)))


def main(argv: list[str] | None = None) -> int:
    """Run the calls and print the table."""
    logging.basicConfig(level=logging.ERROR)
    return 0 if asyncio.run(_main()) else 1


if __name__ == "__main__":
    sys.exit(main())
