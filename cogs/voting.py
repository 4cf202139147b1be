"""Voting by reaction: the gateway's reaction and thread events, handed to the vote engine.

The listeners only queue (bot/runtime/ingest.py); the writer records, the vote view
corrects Discord after the commit (bot/runtime/view.py), and the reconciler catches up at
every (re)connect (bot/runtime/reconciler.py).
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.app import YrkaBot
from bot.runtime.ingest import VoteIngest
from bot.runtime.reconciler import Reconciler
from bot.runtime.view import VoteView


class VotingCog(commands.Cog):
    """Reactions on vote messages become recorded votes."""

    def __init__(
        self, client: discord.Client, ingest: VoteIngest, view: VoteView, reconciler: Reconciler
    ) -> None:
        self._client = client
        self._ingest = ingest
        self._view = view
        self._reconciler = reconciler

    def _bot_id(self) -> int:
        return self._client.user.id if self._client.user else 0

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """A reaction was added anywhere; only vote messages matter."""
        self._receive(payload, added=True)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        """A reaction was removed anywhere; removing one's live vote withdraws it."""
        self._receive(payload, added=False)

    def _receive(self, payload: discord.RawReactionActionEvent, added: bool) -> None:
        # Cheap: no I/O here, the writer records.
        if payload.guild_id is None or payload.user_id == self._bot_id():
            return
        member = payload.member
        if member is None:
            guild = self._client.get_guild(payload.guild_id)
            member = guild.get_member(payload.user_id) if guild else None
        self._ingest.receive(
            message_id=payload.message_id,
            channel_id=payload.channel_id,
            emoji=payload.emoji,
            member=member,
            user_id=payload.user_id,
            added=added,
        )

    @commands.Cog.listener()
    async def on_connect(self) -> None:
        """A shard's new gateway session (READY, not a resume): mark where its events begin."""
        self._ingest.mark_connected()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """After every shard connected: remember members and reconcile every open vote message."""
        self._reconciler.start_everything()

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        """One shard reconnected with a new session later on: reconcile again."""
        if self._client.is_ready():
            self._reconciler.start_everything()

    @commands.Cog.listener()
    async def on_raw_thread_update(self, payload: discord.RawThreadUpdateEvent) -> None:
        """An open item's thread was archived (Discord's inactivity timer): unarchive it."""
        metadata = payload.data.get("thread_metadata") or {}
        if metadata.get("archived"):
            await self._view.thread_archived(payload.thread_id, payload.thread)


async def setup(bot: commands.Bot) -> None:
    """Load the cog with the bot's vote engine."""
    assert isinstance(bot, YrkaBot)
    votes = bot.votes
    await bot.add_cog(VotingCog(bot, votes.ingest, votes.view, votes.reconciler))
