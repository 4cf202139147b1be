"""Texts of the command line for running Yrka as a service: `python -m bot check` and `health`
(bot/cli_check.py, bot/__main__.py). Printed, not posted in Discord; `--lang en` for English."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "check.token_ok": (
        "Discord godtar DISCORD_TOKEN (boten {name}).",
        "Discord accepts DISCORD_TOKEN (bot {name}).",
    ),
    "check.token_rejected": (
        "Discord avvisade DISCORD_TOKEN: kopiera en ny token under Bot i Developer Portal och lägg den i .env.",
        "Discord rejected DISCORD_TOKEN: copy a fresh token under Bot in the Developer Portal into .env.",
    ),
    "check.unreachable": (
        "Kan inte nå Discord ({error}). Kontrollera nätet och försök igen.",
        "Cannot reach Discord ({error}). Check the network and try again.",
    ),
    "check.intent_members.on": (
        "Server Members Intent är påslagen.",
        "Server Members Intent is on.",
    ),
    "check.intent_members.off": (
        "Server Members Intent är avstängd: slå på den under Bot i Developer Portal.",
        "Server Members Intent is off: turn it on under Bot in the Developer Portal.",
    ),
    "check.intent_content.on": (
        "Message Content Intent är påslagen.",
        "Message Content Intent is on.",
    ),
    "check.intent_content.off": (
        "Message Content Intent är avstängd: slå på den under Bot i Developer Portal.",
        "Message Content Intent is off: turn it on under Bot in the Developer Portal.",
    ),
    "check.no_groups": (
        "Ingen grupp är inställd ännu i {path}: kör /setup group på servern.",
        "No group is set up yet in {path}: run /setup group in the server.",
    ),
    "check.group": (
        "gruppen på {guild} (kanal {channel})",
        "the group in {guild} (channel {channel})",
    ),
    "check.group_ok": (
        "Boten får göra allt den behöver för {group}.",
        "The bot may do everything it needs for {group}.",
    ),
    "check.group_missing": (
        "Boten saknar behörigheter för {group}: {missing}.",
        "The bot lacks permissions for {group}: {missing}.",
    ),
    "check.group_unreadable": (
        "Boten kan inte läsa {group}: {error}.",
        "The bot cannot read {group}: {error}.",
    ),
    "health.ok": (
        "frisk: kontakt med Discord för {age} s sedan",
        "healthy: in touch with Discord {age} s ago",
    ),
    "health.stale": (
        "inte frisk: ingen kontakt med Discord på {age} s",
        "unhealthy: no contact with Discord for {age} s",
    ),
    "health.missing": (
        "inte frisk: {path} finns inte (har boten startat?)",
        "unhealthy: {path} does not exist (has the bot started?)",
    ),
}
