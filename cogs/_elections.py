"""Shared part of personval for the election cog and the scheduler: the electorate, the
election and round messages, and publishing a closed round. Not a cog.

Nothing here logs a ballot: the functions see election states, counts and receipt lists.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import datetime
from typing import Any

import discord

from bot.domain.election import ClosedRound, ElectionRound, ElectionState, ElectionStatus
from bot.domain.records import Group
from bot.services import elections as election_service
from bot.services.setup import require_group
from bot.ui import elections as election_ui
from bot.ui.messages import t

log = logging.getLogger(__name__)

VOTE_BUTTON_ID = "yrka:vote:{round_id}"

# Ballot counts are edited into a round's message after each ballot; one edit at a time
# per message keeps the last edit the newest count.
_edit_locks: dict[int, asyncio.Lock] = {}


async def eligible_count(bot: Any, state: ElectionState) -> int:
    """How many may cast a ballot: the election's electorate (issue 17's rule, fixed when it
    opened; `bot.services.elections.electorate_of`), or for an election opened before
    electorates were stored, the members (not bots) holding the voting role now."""
    found = await election_service.electorate_of(bot.db, state.election.id)
    if found is not None:
        return len(found)
    return role_holder_count(bot, state.group)


def role_holder_count(bot: Any, group: Group) -> int:
    """Members (not bots) holding the voting role now (elections opened before 0011)."""
    guild = bot.get_guild(group.guild_id)
    role = guild.get_role(group.member_role_id) if guild and group.member_role_id else None
    if role is None:
        return 0
    return sum(1 for member in role.members if not member.bot)


def vote_view(round_: ElectionRound, lang: str) -> discord.ui.View:
    """The Rösta button of an open round (keyed by the round id, so it survives restarts)."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=t("election.button.vote", lang),
            style=discord.ButtonStyle.primary,
            custom_id=VOTE_BUTTON_ID.format(round_id=round_.id),
        )
    )
    return view


def _channel_id(state: ElectionState) -> int:
    channel_id = state.election.channel_id or state.group.channel_id
    assert channel_id is not None
    return channel_id


def _channel(bot: Any, state: ElectionState) -> Any:
    return bot.get_partial_messageable(_channel_id(state), guild_id=state.group.guild_id)


def wake_scheduler(bot: Any) -> None:
    """Tell the scheduler that deadlines changed (an event: no cog reaches into another)."""
    bot.dispatch("yrka_deadlines_changed")


async def post_election_message(bot: Any, state: ElectionState) -> None:
    """Post a new election's message in the group's channel and remember it."""
    message = await _channel(bot, state).send(
        election_ui.election_message(state), allowed_mentions=discord.AllowedMentions.none()
    )
    await election_service.set_election_message(bot.db, state.election.id, message.id)


async def refresh_election_message(bot: Any, state: ElectionState) -> None:
    """Re-render the election's message (nominees and their answers) from the record, in the
    background: nobody waits for the channel's edit bucket, and edits asked for while one
    waits are that one (bot.pacer.latest)."""
    if state.election.message_id is None:
        return
    election_id, message_id = state.election.id, state.election.message_id

    async def edit() -> None:
        latest = await election_service.election_state(bot.db, election_id)
        if latest is None:
            return
        text = election_ui.election_message(latest)
        try:
            await _channel(bot, latest).get_partial_message(message_id).edit(content=text)
        except discord.HTTPException:
            log.warning("could not update the message of election %s", election_id)

    bot.pacer.latest("edit", _channel_id(state), ("election", election_id), edit)


async def post_round_message(bot: Any, state: ElectionState, round_: ElectionRound) -> None:
    """Post a newly opened round's message with the Rösta button and remember it."""
    text = election_ui.round_message(
        state, round_, voted=0, eligible=await eligible_count(bot, state)
    )
    message = await _channel(bot, state).send(
        text,
        view=vote_view(round_, state.group.language.value),
        allowed_mentions=discord.AllowedMentions.none(),
    )
    await election_service.set_round_message(bot.db, round_.id, message.id)


async def refresh_round_message(bot: Any, election_id: int, round_id: int) -> None:
    """Re-render a round's message (ballots cast so far, or closed: no button) in the
    background; edits asked for while one waits are that one (bot.pacer.latest)."""
    state = await election_service.election_state(bot.db, election_id)
    if state is None:
        return

    async def edit() -> None:
        lock = _edit_locks.setdefault(round_id, asyncio.Lock())
        async with lock:
            state = await election_service.election_state(bot.db, election_id)
            round_ = next((r for r in state.rounds if r.id == round_id), None) if state else None
            if state is None or round_ is None or round_.message_id is None:
                return
            voted = state.voted if state.current and state.current.id == round_id else 0
            text = election_ui.round_message(
                state, round_, voted=voted, eligible=await eligible_count(bot, state)
            )
            is_open = round_.status is ElectionStatus.OPEN
            view = vote_view(round_, state.group.language.value) if is_open else None
            try:
                await (
                    _channel(bot, state)
                    .get_partial_message(round_.message_id)
                    .edit(content=text, view=view)
                )
            except discord.HTTPException:
                log.warning("could not update the message of election round %s", round_id)

    bot.pacer.latest("edit", _channel_id(state), ("round", round_id), edit)


async def publish_closed_round(bot: Any, closed: ClosedRound) -> None:
    """After closing: update the round's message, post the result, open the next round."""
    state = closed.state
    await refresh_round_message(bot, state.election.id, closed.round.id)
    rendered = election_ui.result_message(closed)
    files = []
    if rendered.full_text is not None:
        data = io.BytesIO(rendered.full_text.encode("utf-8"))
        files = [discord.File(data, filename=election_ui.result_file_name(closed))]
    await _channel(bot, state).send(
        rendered.content, files=files, allowed_mentions=discord.AllowedMentions.none()
    )
    if closed.next_round is not None:
        await post_round_message(bot, state, closed.next_round)
    await refresh_election_message(bot, state)


async def close_due_rounds(bot: Any, now: datetime) -> list[ClosedRound]:
    """Close every round whose deadline passed (the scheduler calls this on each run)."""
    closed_rounds = []
    for guild_id, round_id in await election_service.due_rounds(bot.db, now=now):
        try:
            group = await require_group(bot.db, guild_id)
            closed = await election_service.close_at_deadline(
                bot.db, round_id=round_id, eligible=role_holder_count(bot, group), now=now
            )
            if closed is None:
                continue
            log.info("closed election round %s at its deadline", round_id)
            await publish_closed_round(bot, closed)
            closed_rounds.append(closed)
        except Exception:
            # One broken election must not keep the others open past their deadline.
            log.exception("could not close election round %s at its deadline", round_id)
    return closed_rounds


class ElectionDueWork:
    """The election rounds' deadlines, handed to the bot's scheduler (see cogs/election.py)."""

    def __init__(self, bot: Any) -> None:
        self._bot = bot

    async def run_due(self, now: datetime) -> list[Any]:
        """Close every round whose deadline passed."""
        return list(await close_due_rounds(self._bot, now))

    async def next_at(self, now: datetime) -> datetime | None:
        """The next round deadline."""
        found: datetime | None = await election_service.next_deadline_at(self._bot.db)
        return found
