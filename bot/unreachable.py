"""When Discord cannot be reached: which errors mean that, and one line saying why.

Shared by `python -m bot run` (retry with backoff) and `python -m bot check` (say so, exit 2).
"""

from __future__ import annotations

import aiohttp
import discord

# What a start-up without network or during a Discord outage raises; anything else is a bug
# (or a fault the user must fix: a rejected token, intents switched off).
UNREACHABLE: tuple[type[BaseException], ...] = (
    OSError,  # aiohttp's ClientConnectorError (refused, DNS) is one too
    aiohttp.ClientError,
    TimeoutError,
    discord.DiscordServerError,  # 5xx
    discord.GatewayNotFound,  # GET /gateway/bot failed (a 5xx there)
)


def describe_unreachable(error: BaseException) -> str:
    """One line on why Discord could not be reached (no traceback: it is not a bug)."""
    if isinstance(error, discord.GatewayNotFound) and error.__cause__ is not None:
        return f"{error} ({describe_unreachable(error.__cause__)})"
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status} {error.response.reason or ''}".strip()
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
