"""Posting items to Discord, shared by /motion post and /meeting import (not a cog).

`post_item` posts whatever of one item is not yet posted (embed, thread, vote messages)
and records every id as it goes, so a second run resumes instead of posting twice.
`publish_agenda` does that for every chosen ärende of an imported kallelse, in agenda
order, with one progress message it edits. Every write waits for its channel's bucket in
the bot's `Pacer` (bot/runtime/pacing.py), shared with the vote view, so 40 items never
come as a burst that draws 429s. Its state is the database, so a restart resumes it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Final, Literal

import discord

from bot.domain.access import Actor
from bot.domain.errors import UserError
from bot.domain.models import ItemStatus, Language
from bot.domain.records import Item
from bot.runtime.pacing import Pacer
from bot.services import agenda as agenda_service
from bot.services import intake as intake_service
from bot.ui import agenda as agenda_ui
from bot.ui import intake as intake_ui
from bot.ui.votes import vote_message_text
from cogs._proposals import proposal_view

log = logging.getLogger(__name__)

# Threads on motions stay open a week; a group's voting rarely runs longer.
THREAD_ARCHIVE_MINUTES: Final[Literal[10080]] = 10080


def pacer_for(bot: Any) -> Pacer:
    """The bot's one pacer (bot/runtime/pacing.py): publishing shares the channels' buckets
    with the vote view (its reactions and tally edits)."""
    pacer = getattr(bot, "pacer", None)
    return pacer if isinstance(pacer, Pacer) else Pacer()


async def _channel(bot: Any, channel_id: int) -> Any:
    return bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)


async def post_item(
    bot: Any,
    target: intake_service.PublishTarget,
    actor: Actor,
    pacer: Pacer | None = None,
    *,
    refresh_embed: bool = False,
) -> Item:
    """Post whatever of the item is not yet posted, record every id, then open it."""
    pacer = pacer or pacer_for(bot)
    item, meeting, group = target.item, target.meeting, target.group
    lang = group.language
    assert group.channel_id is not None
    channel_ref = f"<#{group.channel_id}>"
    try:
        channel = await _channel(bot, group.channel_id)
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
            refresh_embed = True
        if refresh_embed:
            async with pacer.slot("edit", channel.id):
                await partial.edit(
                    embed=intake_ui.motion_embed(item, meeting, lang, thread_id=thread_id)
                )
        thread_channel = channel.get_thread(thread_id) or await bot.fetch_channel(thread_id)
        assert isinstance(thread_channel, discord.Thread)
        await _post_vote_messages(bot, item, thread_channel, lang, resuming, pacer)
    except discord.Forbidden as error:
        # What was posted is recorded: after the fix, Publicera continues from there.
        log.warning("publishing item %s was refused: %s", item.id, error)
        raise await _publish_refused(bot, group, channel_ref) from error
    except discord.HTTPException as error:
        log.warning("publishing item %s failed: %s", item.id, error)
        raise UserError("intake.cannot_post", channel=channel_ref) from error
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
    bot: Any, item: Item, thread: discord.Thread, lang: Language, resuming: bool, pacer: Pacer
) -> None:
    total = len(item.yrkanden)
    for yrkande in item.yrkanden:
        if yrkande.vote_message_id is not None:
            if resuming:  # its reactions may be missing after a failure; adding is idempotent
                message = thread.get_partial_message(yrkande.vote_message_id)
                for emoji in yrkande.options.emojis:
                    async with pacer.slot("reaction", thread.id):
                        await message.add_reaction(emoji)
            continue
        content = vote_message_text(
            item_number=item.number,
            item_title=item.title,
            yrkande_number=yrkande.number,
            yrkande_total=total,
            text=yrkande.text,
            status=ItemStatus.OPEN,
            counts=None,
            voted=0,
            position=None,
            lang=lang,
            options=yrkande.options,
        )
        async with pacer.slot("create", thread.id):
            sent = await thread.send(content)
        await intake_service.record_vote_message(bot.db, yrkande_id=yrkande.id, message_id=sent.id)
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


# ---------------------------------------------------------------- a whole agenda

# Imports being published in this process: a second click or the start-up resume waits.
_RUNNING: dict[int, asyncio.Lock] = {}


async def publish_agenda(
    bot: Any, plan: agenda_service.PublishPlan, actor: Actor, pacer: Pacer | None = None
) -> agenda_service.PublishPlan:
    """Publish every chosen ärende in agenda order; resumable, paced, one progress message."""
    lock = _RUNNING.setdefault(plan.imported.id, asyncio.Lock())
    async with lock:
        # Another run may have finished (part of) it while this one waited: start from the db.
        fresh = await agenda_service.resume_plan(bot.db, import_id=plan.imported.id)
        if fresh is None:
            return plan
        return await _publish(bot, fresh, actor, pacer or pacer_for(bot))


async def _publish(
    bot: Any, plan: agenda_service.PublishPlan, actor: Actor, pacer: Pacer
) -> agenda_service.PublishPlan:
    group, meeting = plan.group, plan.meeting
    lang = group.language
    assert group.channel_id is not None
    channel = await _channel(bot, group.channel_id)
    if not isinstance(channel, discord.TextChannel):
        raise UserError("intake.cannot_post", channel=f"<#{group.channel_id}>")
    total = len(plan.steps)
    done = plan.done
    progress = await _progress_message(bot, plan, channel, done, total, pacer)
    # The progress message is edited at most this often (and once at the end).
    every = float(getattr(getattr(bot, "settings", None), "publish_progress_interval", 2.0))
    last_edit = time.monotonic()
    try:
        for step in plan.steps:
            if step.item.status is not ItemStatus.DRAFT:
                continue
            target = intake_service.PublishTarget(item=step.item, meeting=meeting, group=group)
            await post_item(bot, target, actor, pacer)
            done += 1
            # Progress is left out while the channel's edit bucket is spent (the items' own
            # edits need it); the count at the end is always shown.
            due = time.monotonic() - last_edit >= every and pacer.has_room("edit", channel.id)
            if due or done == total:
                async with pacer.slot("edit", channel.id):
                    await _edit_progress(progress, agenda_ui.progress_text(done, total, lang))
                last_edit = time.monotonic()
        if plan.informational and plan.imported.summary_message_id is None:
            async with pacer.slot("create", channel.id):
                summary = await channel.send(
                    agenda_ui.summary_text(plan.informational, meeting, lang),
                    allowed_mentions=discord.AllowedMentions.none(),
                )
            await agenda_service.record_summary_message(
                bot.db, import_id=plan.imported.id, message_id=summary.id
            )
    except (UserError, discord.HTTPException) as error:
        log.warning(
            "publishing agenda %s stopped at %s of %s: %s", plan.imported.id, done, total, error
        )
        # A 403 arrives as the chair's UserError (what is missing, where to grant it): the
        # progress message says it, as no interaction waits for this background run.
        reason = error if isinstance(error, UserError) else None
        async with pacer.slot("edit", channel.id):
            await _edit_progress(
                progress, agenda_ui.progress_failed_text(done, total, lang, reason)
            )
        raise
    await agenda_service.finish_import(
        bot.db, import_id=plan.imported.id, actor_id=actor.user_id, now=bot.clock.now()
    )
    async with pacer.slot("edit", channel.id):
        await _edit_progress(
            progress, agenda_ui.progress_done_text(total, len(plan.informational), meeting, lang)
        )
    finished = await agenda_service.resume_plan(bot.db, import_id=plan.imported.id)
    return finished or plan


async def _progress_message(
    bot: Any,
    plan: agenda_service.PublishPlan,
    channel: discord.TextChannel,
    done: int,
    total: int,
    pacer: Pacer,
) -> discord.PartialMessage:
    """The one progress message: posted once (and recorded), found again on a resume."""
    text = agenda_ui.progress_text(done, total, plan.group.language)
    if plan.imported.progress_message_id is not None:
        message = channel.get_partial_message(plan.imported.progress_message_id)
        async with pacer.slot("edit", channel.id):
            await _edit_progress(message, text)
        return message
    async with pacer.slot("create", channel.id):
        sent = await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
    await agenda_service.record_progress_message(
        bot.db, import_id=plan.imported.id, channel_id=channel.id, message_id=sent.id
    )
    return channel.get_partial_message(sent.id)


async def _edit_progress(message: discord.PartialMessage, text: str) -> None:
    try:
        await message.edit(content=text)
    except discord.HTTPException:
        log.info("could not edit the progress message %s", message.id)
