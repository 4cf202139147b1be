"""Run the real bot in its own process against a fake Discord (for crash tests and benches).

    python -m tests.support.bot_process --api http://127.0.0.1:PORT/api/v10 --gateway ws://127.0.0.1:PORT/gw

Settings come from the environment exactly as for `python -m bot run` (DISCORD_TOKEN,
YRKA_DB_PATH, YRKA_GUILD_READY_TIMEOUT); only discord.py's two base URLs are pointed at
the fake. Prints "READY" on stdout once the bot is ready.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import discord
import yarl

from bot.__main__ import serve
from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.settings import Settings
from tests.support.fakediscord.patience import process_cpu, within

if TYPE_CHECKING:
    from tests.support.fakediscord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]


class _AnnouncingBot(YrkaBot):
    async def on_ready(self) -> None:
        await super().on_ready()
        print("READY", flush=True)
        self.loop.create_task(self._announce_reconciled())
        # SIGUSR1: say "CAUGHT UP" once every reaction event received so far is recorded (the
        # soak kills only then: what a killed bot received but had not recorded is unknowable).
        self.loop.add_signal_handler(
            signal.SIGUSR1, lambda: self.loop.create_task(self._announce_caught_up())
        )

    async def _announce_caught_up(self) -> None:
        await self.votes.ingest.recorded_so_far()
        await self.votes.ingest.released()
        print("CAUGHT UP", flush=True)

    async def _announce_reconciled(self) -> None:
        # After READY: the start-up reconciliation is done (for the soak's bookkeeping).
        await self.votes.reconciler.reconciled.wait()
        print("RECONCILED", flush=True)


async def _run(settings: Settings, clock_at: datetime | None = None) -> int:
    # The same start-up path as `python -m bot run`, signal handling included. With
    # `clock_at` the bot's clock is a FixedClock standing at that moment (a test that
    # drives deadlines hands its moment over to the process it may kill).
    clock = None if clock_at is None else FixedClock(clock_at)
    return await serve(settings, bot=_AnnouncingBot(settings, clock=clock))


async def start_bot_process(
    fake: FakeDiscord,
    db_path: Path,
    *,
    log_level: str = "WARNING",
    cwd: Path = ROOT,
    ready_timeout: float = 30.0,
    clock_at: datetime | None = None,
) -> asyncio.subprocess.Process:
    """Start `python -m tests.support.bot_process` against `fake`; returns once it printed READY.

    `clock_at`: the bot runs on a FixedClock standing at that moment (default: real time).
    """
    env = os.environ | {
        "DISCORD_TOKEN": fake.token,
        "YRKA_DB_PATH": str(db_path),
        "YRKA_GUILD_READY_TIMEOUT": "0.05",
        "LOG_LEVEL": log_level,
        "PYTHONPATH": str(ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.bot_process",
        "--api",
        f"{fake.base_url}/api/v10",
        "--gateway",
        fake.gateway_url,
        *([] if clock_at is None else ["--clock-at", clock_at.isoformat()]),
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    # However slowly a loaded machine lets it start: it fails only when neither the process
    # works nor the fake hears anything for `ready_timeout` s (patience.py).
    line = await within(
        process.stdout.readline(),
        ready_timeout,
        "the bot process to print READY",
        progress=at_work(process, fake),
    )
    if line.strip() != b"READY":
        process.kill()
        await process.wait()
        raise AssertionError(f"the bot process said {line!r} instead of READY")
    return process


def at_work(process: asyncio.subprocess.Process, fake: FakeDiscord) -> Callable[[], object]:
    """Progress of a bot process, for a wait (`eventually(..., progress=at_work(p, fake))`):
    the CPU time it used and what the fake heard and sent."""
    return lambda: (process_cpu(process.pid), fake.activity)


def main() -> int:
    """Point discord.py at the fake and run the bot until killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--gateway", required=True)
    parser.add_argument(
        "--cli",
        nargs=argparse.REMAINDER,
        help="run `python -m bot <these arguments>` instead (the Dockerfile's entry point)",
    )
    parser.add_argument("--clock-at", help="run on a FixedClock standing at this ISO moment")
    args = parser.parse_args()
    discord.http.Route.BASE = args.api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(args.gateway)
    if args.cli is not None:
        from bot.__main__ import main as bot_main

        return bot_main(args.cli)
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr)
    clock_at = None if args.clock_at is None else datetime.fromisoformat(args.clock_at)
    return asyncio.run(_run(settings, clock_at))


if __name__ == "__main__":
    sys.exit(main())
