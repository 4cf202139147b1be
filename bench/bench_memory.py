"""Resident memory of the bot process after start-up, with 1 group and with 100 groups.

Run as `python -m bench.bench_memory`.
The fake Discord runs in this process; the real bot runs in its own process
(`python -m tests.support.bot_process`, as `python -m bot run` but pointed at the fake). Each guild
has roles Ledamot/Ordförande/Sekreterare, a channel, a chair, a secretary and 10 members, and is
set up in the database (groups.save) before the bot starts. After "READY" the bench waits until
the bot has made no REST call for 1 s (start-up reconciliation done), then reads VmRSS and
VmHWM from /proc/<pid>/status; `stored` counts the voting members the bot wrote to the db at
start-up (every guild arrived). A process that only imports the bot is the baseline.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.domain.records import Group
from db import groups
from db.connection import Database
from tests.support.bot_process import start_bot_process
from tests.support.e2e import START
from tests.support.fakediscord import FakeDiscord

ROOT = Path(__file__).resolve().parents[1]
MEMBERS_PER_GROUP = 12


def proc_status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process, in MiB."""
    found: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


def baseline_mb() -> dict[str, float]:
    """RSS of a Python process that imports the bot and its cogs but connects nowhere."""
    code = (
        "import importlib, bot.app, tests.support.bot_process\n"
        "for name in bot.app.EXTENSIONS: importlib.import_module(name)\n"
        "print(open('/proc/self/status').read())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    found = {}
    for line in out.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


async def _populate(fake: FakeDiscord, group_count: int, db_path: Path) -> int:
    db = await Database.open(db_path)
    members = 0
    try:
        for index in range(group_count):
            guild = fake.guild if index == 0 else await fake.add_guild(f"Grupp {index + 1}")
            member_role = await fake.add_role("Ledamot", guild=guild)
            chair_role = await fake.add_role("Ordförande", guild=guild)
            secretary_role = await fake.add_role("Sekreterare", guild=guild)
            channel = await fake.add_text_channel("gruppen", guild=guild)
            await fake.add_member(f"Ordförande {index}", [member_role, chair_role], guild=guild)
            await fake.add_member(
                f"Sekreterare {index}", [member_role, secretary_role], guild=guild
            )
            for number in range(MEMBERS_PER_GROUP - 2):
                await fake.add_member(f"Ledamot {index}-{number}", [member_role], guild=guild)
            members += MEMBERS_PER_GROUP
            async with db.transaction() as conn:
                await groups.save(
                    conn,
                    Group(
                        guild_id=guild.id,
                        name=guild.name,
                        member_role_id=member_role.id,
                        chair_role_id=chair_role.id,
                        secretary_role_id=secretary_role.id,
                        channel_id=channel.id,
                    ),
                    START,
                )
    finally:
        await db.close()
    return members


def _remembered_members(db_path: Path) -> int:
    """Voting members the bot stored at start-up: proof that every guild arrived."""
    with sqlite3.connect(db_path) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM members WHERE is_voting = 1").fetchone()
    return int(count)


async def _quiet(fake: FakeDiscord, quiet_s: float = 1.0, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    seen, since = len(fake.requests), time.monotonic()
    while time.monotonic() - since < quiet_s and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        if len(fake.requests) != seen:
            seen, since = len(fake.requests), time.monotonic()


async def measure(group_count: int, scratch: Path) -> dict[str, Any]:
    """Start the bot process with `group_count` set-up groups and read its memory."""
    fake = FakeDiscord()
    await fake.start()
    try:
        db_path = scratch / f"memory-{group_count}.sqlite3"
        members = await _populate(fake, group_count, db_path)
        started = time.perf_counter()
        process = await start_bot_process(fake, db_path, log_level="ERROR", ready_timeout=60)
        try:
            ready_s = time.perf_counter() - started
            await _quiet(fake)
            memory = proc_status_mb(process.pid)
            remembered = await asyncio.to_thread(_remembered_members, db_path)
        finally:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        return {
            "groups": group_count,
            "members": members,
            "ready_s": ready_s,
            "remembered": remembered,
            "rss_mb": memory["VmRSS"],
            "peak_mb": memory["VmHWM"],
        }
    finally:
        await fake.stop()


def print_table(baseline: dict[str, float], rows: list[dict[str, Any]]) -> None:
    """One row per group count and the cost per extra group."""
    print(f"memory of the bot process after start-up; cores: {os.cpu_count()}")
    print(f"{'groups':>6} {'members':>8} {'stored':>7} {'ready s':>8} {'RSS MB':>8} {'peak MB':>8}")
    print(
        f"{'import':>6} {'-':>8} {'-':>7} {'-':>8}"
        f" {baseline['VmRSS']:>8.1f} {baseline['VmHWM']:>8.1f}"
    )
    for row in rows:
        print(
            f"{row['groups']:>6} {row['members']:>8} {row['remembered']:>7} {row['ready_s']:>8.2f}"
            f" {row['rss_mb']:>8.1f} {row['peak_mb']:>8.1f}"
        )
    first, last = rows[0], rows[-1]
    extra = (last["rss_mb"] - first["rss_mb"]) / max(1, last["groups"] - first["groups"])
    print(f"per extra group ({MEMBERS_PER_GROUP} members): {extra * 1024:.0f} KB RSS (no target)")


async def _main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        rows = [await measure(count, Path(scratch)) for count in (1, 100)]
    print_table(baseline_mb(), rows)


def main(argv: list[str] | None = None) -> int:
    """Measure 1 and 100 groups and print the table."""
    asyncio.run(_main())
    return 0


if __name__ == "__main__":
    sys.exit(main())
