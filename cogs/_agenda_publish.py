"""Publishing an imported kallelse's chosen ärenden (/meeting import's Publicera valda; not a cog).

`publish_agenda` posts every chosen ärende with one progress message it edits: the items'
embeds and threads one by one in agenda order in the group's channel (cogs/_publishing.py
`post_head`), and each item's vote messages in its thread while the next embeds are posted
(`post_votes`, up to `PIPELINE` threads at once). A thread is a channel with its own buckets,
so the group's channel (five messages, five threads and five edits per five seconds) sets the
pace, not the sum of every thread's. Every write waits for its bucket in the bot's `Pacer`,
so 40 items never come as a burst that draws 429s. Its state is the database, so a restart
resumes it; a second click or the start-up resume waits for a run in progress.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import discord

from bot.domain.access import Actor
from bot.domain.errors import UserError
from bot.domain.models import ItemStatus
from bot.domain.records import Item
from bot.runtime.pacing import Pacer
from bot.services import agenda as agenda_service
from bot.services import intake as intake_service
from bot.ui import agenda as agenda_ui
from cogs._publishing import group_channel, pacer_for, post_head, post_votes

log = logging.getLogger(__name__)


# Imports being published in this process: a second click or the start-up resume waits.
_RUNNING: dict[int, asyncio.Lock] = {}
# Items of an agenda whose threads are filled at once (their embeds are posted one by one).
PIPELINE = 3


def _succeeded(tasks: list[asyncio.Task[Item]]) -> list[asyncio.Task[Item]]:
    return [t for t in tasks if t.done() and not t.cancelled() and t.exception() is None]


def _raise_first_failure(tasks: list[asyncio.Task[Item]]) -> None:
    """Raise the first error of the finished tasks (in agenda order), if one failed."""
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]


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
    channel = await group_channel(bot, group.channel_id)
    if not isinstance(channel, discord.TextChannel):
        raise UserError("intake.cannot_post", channel=f"<#{group.channel_id}>")
    total = len(plan.steps)
    done = plan.done
    progress = await _progress_message(bot, plan, channel, done, total, pacer)
    # The progress message is edited this often (and once at the end): each edit takes a slot
    # of the channel's edit bucket that an item's embed would otherwise have.
    every = float(getattr(getattr(bot, "settings", None), "publish_progress_interval", 5.0))
    last_edit = time.monotonic()
    shown = done

    async def show_progress() -> None:
        nonlocal last_edit, shown
        count = done + len(_succeeded(filling))
        if count > shown and (time.monotonic() - last_edit >= every or count == total):
            async with pacer.slot("edit", channel.id):
                await _edit_progress(progress, agenda_ui.progress_text(count, total, lang))
            last_edit, shown = time.monotonic(), count

    # Threads being filled with vote messages while the next items' embeds are posted.
    filling: list[asyncio.Task[Item]] = []
    room = asyncio.Semaphore(PIPELINE)
    try:
        try:
            for step in plan.steps:
                if step.item.status is not ItemStatus.DRAFT:
                    continue
                await room.acquire()
                _raise_first_failure(filling)
                target = intake_service.PublishTarget(item=step.item, meeting=meeting, group=group)
                try:
                    head = await post_head(bot, target, pacer)
                except BaseException:
                    room.release()
                    raise
                task = asyncio.create_task(post_votes(bot, head, actor, pacer))
                task.add_done_callback(lambda _: room.release())
                filling.append(task)
                await show_progress()
            for task in filling:
                await asyncio.wait([task])
                await show_progress()
            _raise_first_failure(filling)
        except asyncio.CancelledError:
            # The bot is closing: what the threads still being filled posted is recorded, and
            # the next run resumes them. (After a failure they finish: nothing is left half.)
            for task in filling:
                task.cancel()
            raise
        finally:
            await asyncio.gather(*filling, return_exceptions=True)
            done += len(_succeeded(filling))
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
