"""Posting items to Discord, shared by /motion post and /meeting import (not a cog).

`post_item` posts whatever of one item is not yet posted (embed, thread, vote messages)
and records every id as it goes, so a second run resumes instead of posting twice. It is
`post_head` (the embed in the group's channel and the thread) then `post_votes` (the vote
messages in the thread, then the item opens): /meeting import's publisher
(cogs/_agenda_publish.py) fills one item's thread while it posts the next items' embeds.
Every write waits for its channel's bucket in the bot's `Pacer` (bot/runtime/pacing.py),
shared with the vote view, so many items never come as a burst that draws 429s.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Final, Literal

import discord

from bot.domain.access import Actor
from bot.domain.errors import UserError
from bot.domain.models import ItemStatus
from bot.domain.records import Item
from bot.runtime.pacing import Pacer
from bot.services import intake as intake_service
from bot.services import voting as voting_service
from bot.ui import intake as intake_ui
from bot.ui.votes import render_vote_message
from cogs._proposals import proposal_view

log = logging.getLogger(__name__)

# Threads on motions stay open a week; a group's voting rarely runs longer.
THREAD_ARCHIVE_MINUTES: Final[Literal[10080]] = 10080


def pacer_for(bot: Any) -> Pacer:
    """The bot's one pacer (bot/runtime/pacing.py): publishing shares the channels' buckets
    with the vote view (its reactions and tally edits)."""
    pacer = getattr(bot, "pacer", None)
    return pacer if isinstance(pacer, Pacer) else Pacer()


async def group_channel(bot: Any, channel_id: int) -> Any:
    return bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)


async def post_item(
    bot: Any,
    target: intake_service.PublishTarget,
    actor: Actor,
    pacer: Pacer | None = None,
) -> Item:
    """Post whatever of the item is not yet posted, record every id, then open it."""
    pacer = pacer or pacer_for(bot)
    head = await post_head(bot, target, pacer)
    return await post_votes(bot, head, actor, pacer)


@dataclass(frozen=True)
class Head:
    """An item whose embed and thread are posted (and recorded); its vote messages may not be."""

    target: intake_service.PublishTarget
    item: Item
    thread: discord.Thread
    resuming: bool


@asynccontextmanager
async def _posting(bot: Any, target: intake_service.PublishTarget) -> AsyncIterator[str]:
    """Discord's refusals while posting an item, as the chair's UserError (what was posted is
    recorded: after the fix, Publicera continues from there)."""
    group = target.group
    channel_ref = f"<#{group.channel_id}>"
    try:
        yield channel_ref
    except discord.Forbidden as error:
        log.warning("publishing item %s was refused: %s", target.item.id, error)
        raise await _publish_refused(bot, group, channel_ref) from error
    except discord.HTTPException as error:
        log.warning("publishing item %s failed: %s", target.item.id, error)
        raise UserError("intake.cannot_post", channel=channel_ref) from error


async def post_head(bot: Any, target: intake_service.PublishTarget, pacer: Pacer) -> Head:
    """The item's embed in the group's channel and its thread, each recorded at once."""
    item, meeting, group = target.item, target.meeting, target.group
    lang = group.language
    assert group.channel_id is not None
    async with _posting(bot, target) as channel_ref:
        channel = await group_channel(bot, group.channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise UserError("intake.cannot_post", channel=channel_ref)
        resuming = item.message_id is not None
        if item.message_id is None:
            async with pacer.slot("create", channel.id):
                message = await channel.send(
                    embed=intake_ui.motion_embed(item, meeting, lang),
                    files=intake_ui.motion_files(item),
                    view=proposal_view(item.number, lang),
                )
            # Recorded at once, so a failure below resumes instead of posting it twice.
            await intake_service.record_item_messages(
                bot.db,
                item_id=item.id,
                channel_id=channel.id,
                message_id=message.id,
                thread_id=None,
            )
            item = item.model_copy(update={"channel_id": channel.id, "message_id": message.id})
        assert item.message_id is not None
        thread_id = item.thread_id
        partial = channel.get_partial_message(item.message_id)
        if thread_id is None:
            async with pacer.slot("thread", channel.id):
                thread = await partial.create_thread(
                    name=intake_ui.thread_name(item), auto_archive_duration=THREAD_ARCHIVE_MINUTES
                )
            thread_id = thread.id
            await intake_service.record_item_messages(
                bot.db,
                item_id=item.id,
                channel_id=channel.id,
                message_id=item.message_id,
                thread_id=thread_id,
            )
            item = item.model_copy(update={"thread_id": thread_id})
        # The embed links the thread. A thread recorded by an earlier run (a resume, or an
        # imported ärende being filled) gets the edit too: that run may have stopped before it.
        async with pacer.slot("edit", channel.id):
            await partial.edit(
                embed=intake_ui.motion_embed(item, meeting, lang, thread_id=thread_id)
            )
        thread_channel = channel.get_thread(thread_id) or await bot.fetch_channel(thread_id)
        assert isinstance(thread_channel, discord.Thread)
    return Head(target=target, item=item, thread=thread_channel, resuming=resuming)


async def post_votes(bot: Any, head: Head, actor: Actor, pacer: Pacer) -> Item:
    """The item's vote messages in its thread (each recorded at once), then open it."""
    item = head.item
    async with _posting(bot, head.target):
        await _post_vote_messages(bot, item, head.thread, head.resuming, pacer)
    published = await intake_service.finish_publish(
        bot.db, item_id=item.id, actor=actor, now=bot.clock.now()
    )
    await _after_publish(bot, published)
    return published


async def _publish_refused(bot: Any, group: Any, channel_ref: str) -> UserError:
    """The chair's answer to a 403 while publishing: what is missing and where to grant it."""
    guild = bot.get_guild(group.guild_id)
    if guild is None:
        return UserError("intake.cannot_post", channel=channel_ref)
    missing, where = await bot.permissions.publish_refused(guild, group)
    return UserError("perm.publish_refused", channel=channel_ref, missing=missing, where=where)


async def _post_vote_messages(
    bot: Any, item: Item, thread: discord.Thread, resuming: bool, pacer: Pacer
) -> None:
    # Each text as the vote view renders it once the item is open (its live tally over the
    # electorate opening fixes), so opening costs no edit of the thread's five per five
    # seconds unless something changed meanwhile (the view compares with what was posted).
    texts = {
        state.yrkande.id: render_vote_message(state)
        for state in await voting_service.vote_message_states(bot.db, item.id, [], opening=True)
    }
    for yrkande in item.yrkanden:
        if yrkande.vote_message_id is not None:
            if resuming:  # its reactions may be missing after a failure; adding is idempotent
                message = thread.get_partial_message(yrkande.vote_message_id)
                for emoji in yrkande.options.emojis:
                    async with pacer.slot("reaction", thread.id):
                        await message.add_reaction(emoji)
            continue
        content = texts[yrkande.id]
        async with pacer.slot("create", thread.id):
            sent = await thread.send(content)
        await intake_service.record_vote_message(bot.db, yrkande_id=yrkande.id, message_id=sent.id)
        bot.votes.view.posted(sent.id, thread.id, content)
        for emoji in yrkande.options.emojis:
            async with pacer.slot("reaction", thread.id):
                await sent.add_reaction(emoji)


async def _after_publish(bot: Any, item: Item) -> None:
    """Render the live tally (the vote view) and let the scheduler see the new deadline."""
    if item.status is ItemStatus.OPEN and item.yrkanden:
        try:
            await bot.votes.view.refresh_item(item.id)
        except discord.HTTPException:
            log.warning("could not refresh the vote messages of item %s", item.id)
    bot.scheduler.wake()
