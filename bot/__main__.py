"""`python -m bot [run|parse|agenda|export]`: start the bot, check a document or a kallelse, or export minutes."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

import discord

from bot.domain.models import ExportFormat
from bot.settings import Settings
from bot.ui.messages import t

log = logging.getLogger("bot")


def build_parser() -> argparse.ArgumentParser:
    """The command line: run (default), parse, agenda and export."""
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Yrka, a council group's votes."
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the bot (the default)")
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
    if args.command == "export":
        from bot.cli_export import run_export

        return asyncio.run(
            run_export(
                settings, guild_id=args.guild, meeting=args.meeting, fmt=args.format, out=args.out
            )
        )
    return run_bot(settings)


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
            await bot.start(settings.discord_token.get_secret_value())
    except discord.LoginFailure:
        print(t("startup.bad_token"), file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(t("startup.missing_intents"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
