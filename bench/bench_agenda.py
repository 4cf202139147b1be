"""Agenda import: reading a 60-ärende kallelse PDF, and publishing 40 ärenden.

Run as `python -m bench.bench_agenda`.

1. Read: a generated 60-ärende kallelse (tests/support/kallelser.py: a list of ärenden, then one
   section per ärende with Dnr and the board's Förslag till beslut) set as an A4 PDF with
   reportlab. Timed: pypdf text extraction + the agenda reader (median of 5 runs), and the
   peak Python memory of one read (tracemalloc). Checked exactly: 60 ärenden found.
2. Publish: the real bot in this process against the fake Discord with Discord's rate
   limits switched on (tests/support/fakediscord/ratelimits.py: 5 messages/edits/threads per 5 s
   per channel, a reaction per 0.25 s, 50 requests/s globally) and 20 ms REST latency. The
   chair imports a 40-ärende kallelse and presses Publicera valda; timed from the click to
   the progress message saying it is done. Reported: REST calls by route, 429s, wall time,
   seconds the pacer waited. Run at production pace (1.0) and with pacing off (0), where
   only discord.py's own header-based limiter stands between the bot and a 429. Checked
   exactly: every decision ärende posted once with one vote message per att-sats.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bot.clock import FixedClock
from bot.domain.agenda import read_agenda
from bot.intake import read_document
from bot.runtime.pacing import PaceLimits
from cogs import _agenda_flow
from tests.support import kallelser
from tests.support.e2e import START, BotRunner, build_world, setup_group
from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.ratelimits import RateLimits

READ_RUNS = 5
READ_TARGET_S = 2.0
READ_MEMORY_TARGET_MB = 100.0
LATENCY_S = 0.02


def bench_read() -> tuple[dict[str, Any], bool]:
    """Time and peak memory of reading a 60-ärende kallelse PDF."""
    kallelse = kallelser.build(60, shape="list", seed=60)
    pdf = kallelser.to_pdf(kallelse)
    times = []
    found = 0
    for _ in range(READ_RUNS):
        started = time.perf_counter()
        text = read_document("kallelse.pdf", pdf)
        agenda = read_agenda(text)
        times.append(time.perf_counter() - started)
        found = len(agenda.items)
    tracemalloc.start()
    read_agenda(read_document("kallelse.pdf", pdf))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    for _ in range(READ_RUNS):
        read_agenda(text)
    reader_only = (time.perf_counter() - started) / READ_RUNS
    with_proposal = sum(1 for item in agenda.items if item.proposal)
    figures = {
        "pdf_kb": len(pdf) / 1024,
        "chars": len(text),
        "arenden": found,
        "with_proposal": with_proposal,
        "median_s": statistics.median(times),
        "reader_only_s": reader_only,
        "peak_mb": peak / (1024 * 1024),
    }
    return figures, found == 60


async def bench_publish(pace: float) -> tuple[dict[str, Any], bool]:
    """Import a 40-ärende kallelse and publish it against the rate-limited fake."""
    # Unlimited while the group is set up and the kallelse imported (not measured); Discord's
    # limits are switched on for the publish.
    fake = FakeDiscord(unlimited=True)
    await fake.start()
    fake.latency = LATENCY_S
    kallelse = kallelser.build(40, shape="list", seed=40)
    with tempfile.TemporaryDirectory() as scratch:
        runner = BotRunner(
            fake, Path(scratch) / "yrka.sqlite3", FixedClock(START), pacing=PaceLimits(scale=pace)
        )
        try:
            world = await build_world(fake)
            await runner.start()
            await setup_group(world)
            created = await fake.run_command(
                world.chair,
                world.channel,
                "meeting create",
                {"title": "Kommunfullmäktige", "date": "2026-12-14"},
            )
            await created.response()
            imported = await fake.run_command(
                world.chair,
                world.channel,
                "meeting import",
                {"meeting": 1},
                [("kallelse.pdf", kallelser.to_pdf(kallelse))],
            )
            await imported.response(timeout=30)
            [preview] = await imported.followups(1, timeout=60)
            [publish_id] = [c for c in preview.custom_ids() if ":publish:" in c]
            limits = RateLimits()
            fake.rate_limits = limits
            before = len(fake.requests)
            started = time.perf_counter()
            click = await fake.click_button(world.chair, preview, publish_id)
            await click.response(timeout=30)
            await fake.wait_for(
                lambda m: m.channel_id == world.channel.id and "är publicerad" in m.content,
                timeout=280,
            )
            await _agenda_flow.wait_for_publishing()
            wall = time.perf_counter() - started
            calls = fake.requests[before:]
            decisions = [
                e
                for e in kallelse.items
                if not e["formal"] and e["kind"] not in ("anmalan", "interpellation", "fraga")
            ]
            embeds = [m for m in fake.messages_in(world.channel) if m.embeds and m.thread_id]
            votes_ok = len(embeds) == len(decisions) and all(
                len(fake.messages_in(world.guild.channels[m.thread_id])) == len(e["proposal"])
                for m, e in zip(embeds, decisions, strict=True)
            )
            figures = {
                "pace": pace,
                "items": len(decisions),
                "att_satser": sum(len(e["proposal"]) for e in decisions),
                "rest_calls": len(calls) - 2,  # without the click's response and follow-up
                "by_route": dict(sorted(limits.requests_by_route.items())),
                "429s": limits.limited,
                "max_per_s": limits.max_global_in_window(),
                "wall_s": wall,
            }
            return figures, votes_ok
        finally:
            await runner.stop()
            await fake.stop()


def main() -> int:
    """Run both parts and print their figures; exit 1 on a wrong count."""
    logging.basicConfig(level=logging.WARNING)
    ok = True
    read, read_ok = bench_read()
    ok &= read_ok
    print("Reading a 60-ärende kallelse PDF (pypdf + agenda reader)")
    print(
        f"  {read['pdf_kb']:.0f} kB PDF, {read['chars']} characters; found {read['arenden']} "
        f"ärenden, {read['with_proposal']} with a proposal"
    )
    print(
        f"  median {read['median_s'] * 1000:.0f} ms of {READ_RUNS} (reader alone "
        f"{read['reader_only_s'] * 1000:.0f} ms); peak Python memory {read['peak_mb']:.1f} MiB "
        f"(targets < {READ_TARGET_S:.0f} s, < {READ_MEMORY_TARGET_MB:.0f} MiB: "
        f"{'met' if read['median_s'] < READ_TARGET_S and read['peak_mb'] < READ_MEMORY_TARGET_MB else 'MISSED'})"
    )
    for pace in (1.0, 0.0):
        figures, good = asyncio.run(bench_publish(pace))
        ok &= good
        print(
            f"\nPublishing 40 ärenden, pace {pace} (rate limits on, {LATENCY_S * 1000:.0f} ms latency)"
        )
        print(
            f"  {figures['items']} decision items, {figures['att_satser']} att-satser; "
            f"{figures['rest_calls']} REST calls; 429s: {figures['429s']}; busiest second "
            f"{figures['max_per_s']} requests; wall {figures['wall_s']:.1f} s; "
            f"{'all posted once' if good else 'WRONG COUNT'}"
        )
        print("  by route: " + ", ".join(f"{k} {v}" for k, v in figures["by_route"].items()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
