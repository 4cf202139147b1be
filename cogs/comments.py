"""Motion-thread comments: every member's message in a motion's thread is stored, with its
edits (the earlier text kept) and deletions (marked; the text stays in the record)."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.app import YrkaBot
from bot.clock import Clock
from bot.services import voting as voting_service
from db.connection import Database

log = logging.getLogger(__name__)


class CommentsCog(commands.Cog):
    """Thread messages become stored comments, in the order they happened per thread."""

    def __init__(self, db: Database, clock: Clock, *, message_content: bool) -> None:
        self._db = db
        self._clock = clock
        self._message_content = message_content
        self._locks: dict[int, asyncio.Lock] = {}

    async def cog_load(self) -> None:
        if not self._message_content:
            log.warning(
                "the Message Content intent is off: thread comments are stored without text"
            )

    def _lock(self, thread_id: int) -> asyncio.Lock:
        # Serialised per thread so an edit or deletion never overtakes the message itself;
        # asyncio.Lock wakes waiters FIFO.
        return self._locks.setdefault(thread_id, asyncio.Lock())

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Store every member's message in a motion's thread."""
        if message.guild is None or message.author.bot:
            return
        if not isinstance(message.channel, discord.Thread):
            return
        author = message.author
        async with self._lock(message.channel.id):
            await voting_service.store_comment(
                self._db,
                thread_id=message.channel.id,
                message_id=message.id,
                author_id=author.id,
                author_name=author.display_name,
                content=message.content,
                attachments=[attachment.filename for attachment in message.attachments],
                now=self._clock.now(),
            )

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Keep the earlier text of an edited comment."""
        content = payload.data.get("content")
        author = payload.data.get("author") or {}
        if payload.guild_id is None or content is None or author.get("bot"):
            return
        async with self._lock(payload.channel_id):
            await voting_service.edit_comment(
                self._db,
                thread_id=payload.channel_id,
                message_id=payload.message_id,
                content=content,
                now=self._clock.now(),
            )

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """Mark a deleted comment as deleted; its text stays in the record."""
        if payload.guild_id is None:
            return
        async with self._lock(payload.channel_id):
            await voting_service.delete_comment(
                self._db,
                thread_id=payload.channel_id,
                message_id=payload.message_id,
                now=self._clock.now(),
            )

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Mark each of several deleted comments."""
        if payload.guild_id is None:
            return
        async with self._lock(payload.channel_id):
            for message_id in sorted(payload.message_ids):
                await voting_service.delete_comment(
                    self._db,
                    thread_id=payload.channel_id,
                    message_id=message_id,
                    now=self._clock.now(),
                )


async def setup(bot: commands.Bot) -> None:
    """Load the cog."""
    assert isinstance(bot, YrkaBot)
    await bot.add_cog(CommentsCog(bot.db, bot.clock, message_content=bot.intents.message_content))
