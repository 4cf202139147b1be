"""`python -m bot [run|check|health|parse|agenda|export]`: start the bot, check that it can run
here, tell whether it is healthy, check a document or a kallelse, or export minutes."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from typing import Any

import discord

from bot.domain.models import ExportFormat
from bot.settings import Settings
from bot.ui.messages import t
from bot.unreachable import UNREACHABLE, describe_unreachable

log = logging.getLogger("bot")


def build_parser() -> argparse.ArgumentParser:
    """The command line: run (default), check, health, parse, agenda and export."""
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Yrka, a council group's votes."
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the bot (the default)")
    check = sub.add_parser(
        "check", help="without starting the bot: token, privileged intents, permissions"
    )
    check.add_argument("--lang", choices=["sv", "en"], default="sv")
    health = sub.add_parser("health", help="exit 0 if the running bot is in touch with Discord")
    health.add_argument("--max-age", type=float, default=HEALTH_MAX_AGE, help="seconds")
    parse = sub.add_parser("parse", help="show what Yrka finds in a motion document")
    parse.add_argument("file", nargs="?")
    parse.add_argument("--eval", metavar="DIR", help="score a folder in the corpus label format")
    parse.add_argument("--json", action="store_true", help="print the parsed draft as JSON")
    parse.add_argument("--lang", choices=["sv", "en"], default="sv")
    agenda = sub.add_parser("agenda", help="show the ärenden Yrka finds in a kallelse")
    agenda.add_argument("file")
    agenda.add_argument("--json", action="store_true", help="print the agenda as JSON")
    agenda.add_argument("--lang", choices=["sv", "en"], default="sv")
    export = sub.add_parser("export", help="export a meeting's minutes or data from the database")
    export.add_argument("--guild", type=int, required=True)
    export.add_argument("--meeting", type=int, required=True)
    export.add_argument("--format", choices=[fmt.value for fmt in ExportFormat], required=True)
    export.add_argument("--out", required=True, help="a folder, or a file name for one file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a subcommand; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "parse":
        from bot.cli_parse import main as parse_main

        rest = [args.file] if args.file else []
        rest += ["--lang", args.lang] + (["--json"] if args.json else [])
        rest += ["--eval", args.eval] if args.eval else []
        return parse_main(rest)
    if args.command == "agenda":
        from bot.cli_agenda import main as agenda_main

        rest = [args.file, "--lang", args.lang] + (["--json"] if args.json else [])
        return agenda_main(rest)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command == "health":
        return health(settings, args.max_age)
    if args.command == "check":
        from bot.cli_check import run_check
        from bot.domain.models import Language

        return asyncio.run(run_check(settings, Language(args.lang)))
    if args.command == "export":
        from bot.cli_export import run_export

        return asyncio.run(
            run_export(
                settings, guild_id=args.guild, meeting=args.meeting, fmt=args.format, out=args.out
            )
        )
    return run_bot(settings)


HEALTH_MAX_AGE = 150.0  # five missed touches (bot.app.HEALTH_INTERVAL)


def health(settings: Settings, max_age: float = HEALTH_MAX_AGE) -> int:
    """For a container's HEALTHCHECK: 0 while the bot's health file is fresh, else 1."""
    path = settings.health_path
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        print(t("health.missing", path=str(path)))
        return 1
    fresh = age <= max_age
    print(t("health.ok" if fresh else "health.stale", age=round(age)))
    return 0 if fresh else 1


def run_bot(settings: Settings) -> int:
    """Start the bot until Ctrl-C or SIGTERM; a clear sentence and non-zero exit on start-up problems."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(t("startup.missing_token"), file=sys.stderr)
        return 2
    try:
        return asyncio.run(serve(settings))
    except KeyboardInterrupt:
        return 0


async def serve(settings: Settings, *, handle_signals: bool = True, bot: Any = None) -> int:
    """Run the bot; turn the start-up failures a chair can fix into one sentence each."""
    from bot.app import YrkaBot

    assert settings.discord_token is not None
    quiet_reconnects()
    bot = bot or YrkaBot(settings)
    if handle_signals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            # Close the gateway and the database cleanly instead of dying mid-transaction.
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
    try:
        # Leaving `async with` awaits the bot's one shutdown task (YrkaBot.close), also when
        # the signal began it, so the database is closed before asyncio.run returns.
        async with bot:
            await start_with_retry(bot, settings)
    except discord.LoginFailure:
        print(t("startup.bad_token"), file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(t("startup.missing_intents"), file=sys.stderr)
        return 1
    return 0


# discord.py's own reconnects of a running gateway log the network error with a traceback.
_RECONNECT_MESSAGES = ("Attempting a reconnect", "Failed to connect for shard_id")


class _OneLineReconnect(logging.Filter):
    """A lost gateway connection is not a bug: discord.py's traceback becomes one warning line
    saying what failed (discord.py then reconnects with its own backoff)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        message = record.msg
        if (
            error is not None
            and isinstance(message, str)
            and message.startswith(_RECONNECT_MESSAGES)
        ):
            original = record.getMessage()
            record.msg = "gateway connection lost (%s); %s"
            record.args = (describe_unreachable(error), original)
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_reconnects() -> None:
    """Install the one-line reconnect filter on discord.py's loggers that reconnect (once)."""
    for name in ("discord.shard", "discord.client"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _OneLineReconnect) for f in logger.filters):
            logger.addFilter(_OneLineReconnect())


async def start_with_retry(bot: Any, settings: Settings) -> None:
    """Log in and connect the gateway, retrying with backoff while Discord cannot be reached.

    A process manager should not have to restart the bot because the network came up after it
    or Discord had a bad minute: each failed try is one warning line, then a longer wait (up
    to YRKA_RETRY_MAX). A close() (SIGTERM) during the wait ends it. Once the gateway runs,
    discord.py reconnects by itself."""
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()
    await bot.prepare()  # the database and cogs: a fault there is not Discord's
    delay = settings.retry_initial
    logged_in = False
    while not bot.is_closed():
        try:
            if not logged_in:
                await bot.login(token)  # GET /users/@me, the application, the command sync
                logged_in = True
            await bot.connect()  # GET /gateway/bot, then the shards
            return
        except Exception as error:
            if bot.shard_count is not None:
                raise  # the shards were launched: the gateway's own end (e.g. intents off)
            if bot.is_closed():
                return  # closed during a try (SIGTERM): whatever it broke does not matter
            if not isinstance(error, UNREACHABLE):
                raise  # a rejected token, a bug: not Discord being unreachable
            log.warning(
                "cannot reach Discord at start-up (%s); retrying in %.0f s",
                describe_unreachable(error),
                delay,
            )
        if not logged_in:
            # A fresh HTTP session for the next try (discord.py opens one per login).
            await bot.http.close()
            bot.http.connector = discord.utils.MISSING
        if await bot.closed_within(delay):
            return
        delay = min(delay * 2, settings.retry_max)


if __name__ == "__main__":
    sys.exit(main())
