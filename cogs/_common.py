"""Small adapters every cog shares: who is acting, in which language, how to answer."""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Self, TypeVar

import discord
from discord import app_commands

from bot.app import awaits_answer, replace_thinking, report_error
from bot.domain.access import Actor
from bot.domain.errors import UserError
from bot.domain.models import Language
from bot.domain.records import Group, Meeting
from bot.services import meetings as meetings_service
from bot.services.setup import get_group
from bot.ui.limits import AUTOCOMPLETE_CHOICES, AUTOCOMPLETE_NAME, fit
from bot.ui.messages import t
from bot.ui.timefmt import format_date
from bot.ui.translator import cmd

F = TypeVar("F", bound=Callable[..., Any])


def options(**keys: str | tuple[str, str]) -> Callable[[F], F]:
    """Name and describe options from the catalogue: `member="opt.member"` uses the entries
    opt.member.name and opt.member.desc (English base name, Swedish localisation);
    `title=("opt.title", "opt.election_title")` a name and a description of different keys."""
    names = {p: k if isinstance(k, str) else k[0] for p, k in keys.items()}
    descriptions = {p: k if isinstance(k, str) else k[1] for p, k in keys.items()}

    def decorate(func: F) -> F:
        described = app_commands.describe(**{p: cmd(f"{k}.desc") for p, k in descriptions.items()})(
            func
        )
        return app_commands.rename(**{p: cmd(f"{k}.name") for p, k in names.items()})(described)

    return decorate


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """The person behind an interaction, with their roles and Manage Server permission."""
    user = interaction.user
    if isinstance(user, discord.Member):
        return Actor(
            user_id=user.id,
            role_ids=frozenset(role.id for role in user.roles),
            # Discord resolves the member's permissions for us in the interaction payload.
            manage_guild=interaction.permissions.manage_guild,
        )
    return Actor(user_id=user.id)


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    """The server of an interaction; commands are guild-only so this never fails in use."""
    if interaction.guild_id is None:
        raise UserError("error.guild_only")
    return interaction.guild_id


async def group_of(bot: Any, guild_id: int) -> Group | None:
    """The group settings of a server (None before /setup)."""
    return await get_group(bot.db, guild_id)


async def language_of(bot: Any, guild_id: int | None) -> Language:
    """The group's language; Swedish when not set up."""
    if guild_id is None:
        return Language.SV
    group = await group_of(bot, guild_id)
    return group.language if group else Language.SV


async def answer(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    ephemeral: bool = True,
    embed: discord.Embed | None = None,
    embeds: list[discord.Embed] | None = None,
    files: list[discord.File] | None = None,
    view: discord.ui.View | None = None,
) -> None:
    """Reply to an interaction whether or not it was already answered or deferred."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral}
    if content is not None:
        kwargs["content"] = content
    if embed is not None:
        kwargs["embed"] = embed
    if embeds:
        kwargs["embeds"] = embeds
    if files:
        kwargs["files"] = files
    if view is not None:
        kwargs["view"] = view
    if not interaction.response.is_done():
        await interaction.response.send_message(**kwargs)
    elif awaits_answer(interaction):
        await replace_thinking(interaction, **kwargs)
    else:
        await interaction.followup.send(**kwargs)


def text_file(name: str, text: str) -> discord.File:
    """A UTF-8 text attachment (the full text of an answer that had to be cut)."""
    return discord.File(io.BytesIO(text.encode("utf-8")), filename=name)


def meeting_choice_name(meeting: Meeting, lang: Language) -> str:
    """ "7: Regionfullmäktige 8 december (2026-12-08)", cut to Discord's choice-name limit."""
    text = t(
        "export.meeting_choice",
        lang,
        number=meeting.number,
        title=meeting.title,
        date=format_date(meeting.starts_at, lang),
    )
    return fit(text, AUTOCOMPLETE_NAME)


def matching_meetings(meetings: list[Meeting], typed: str) -> list[Meeting]:
    """Meetings whose number or title contains what the person typed (all when empty)."""
    needle = typed.strip().casefold()
    found = [
        meeting
        for meeting in meetings
        if not needle or needle in str(meeting.number) or needle in meeting.title.casefold()
    ]
    return found[:AUTOCOMPLETE_CHOICES]


async def meeting_choices(
    bot: Any, guild_id: int | None, typed: str
) -> list[app_commands.Choice[int]]:
    """Autocomplete for a meeting number: the group's meetings, newest first, filtered."""
    if guild_id is None:
        return []
    found = await meetings_service.meeting_choices(bot.db, guild_id=guild_id)
    lang = await language_of(bot, guild_id)
    return [
        app_commands.Choice(name=meeting_choice_name(meeting, lang), value=meeting.number)
        for meeting in matching_meetings(found, str(typed))
    ]


def is_group_member(member: discord.Member, group: Group) -> bool:
    """Whether a server member is one of the group: voting role, secretary or chair."""
    roles = {role.id for role in member.roles}
    wanted = {group.member_role_id, group.secretary_role_id, group.chair_role_id} - {None}
    return not member.bot and bool(roles & wanted)


async def guarded(interaction: discord.Interaction[Any], work: Awaitable[Any]) -> None:
    """Run a component's work; any error is answered by the bot's one error path."""
    try:
        await work
    except Exception as error:
        await report_error(interaction, error)


class Modal(discord.ui.Modal):
    """A modal whose errors are answered by the bot's one error path."""

    # Modal.on_error really takes two arguments; mypy compares it with View.on_error.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report_error(interaction, error)


class ItemNumberButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"(?!)",  # the base itself is never registered: each subclass names its prefix
):
    """A button keyed by an item's per-group number (custom id "yrka:<prefix>:<number>"), so
    it keeps working after a restart once its class is registered with add_dynamic_items.

    A subclass names its prefix in the class line (`class X(ItemNumberButton, prefix="…")`),
    its label key, style and emoji as class attributes, and what a click does in `clicked`;
    an error there is answered by the bot's one error path."""

    prefix: ClassVar[str]
    label_key: ClassVar[str]
    style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary
    emoji: ClassVar[str | None] = None

    def __init_subclass__(cls, *, prefix: str) -> None:
        super().__init_subclass__(template=rf"yrka:{re.escape(prefix)}:(?P<item>\d+)")
        cls.prefix = prefix

    def __init__(self, item_number: int, lang: Language = Language.SV) -> None:
        super().__init__(
            discord.ui.Button(
                label=t(self.label_key, lang),
                style=self.style,
                emoji=self.emoji,
                custom_id=f"yrka:{self.prefix}:{item_number}",
            )
        )
        self.item_number = item_number

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["item"]))

    @classmethod
    def in_view(cls, item_number: int, lang: Language) -> discord.ui.View:
        """A view (no timeout) holding just this button for the item."""
        view = discord.ui.View(timeout=None)
        view.add_item(cls(item_number, lang))
        return view

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, self.clicked(interaction))

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        """What a click does (the subclass's part)."""
        raise NotImplementedError
