"""The adapters behind /meeting absent|present|substitute|attendance (commands in cogs.meeting)."""

from __future__ import annotations

import io
from typing import Any

import discord

from bot.services import attendance as attendance_service
from bot.ui import attendance as attendance_ui
from cogs._common import actor_of, answer, guild_id_of


async def absent(
    bot: Any,
    interaction: discord.Interaction[Any],
    meeting_number: int,
    member: discord.Member | None,
    reason: str | None,
) -> None:
    """/meeting absent: a member reports förhinder (the chair or secretary for anyone)."""
    change = await attendance_service.report_absence(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        meeting_number=meeting_number,
        member_id=member.id if member else None,
        reason=reason,
        now=bot.clock.now(),
    )
    await answer(interaction, attendance_ui.absent_text(change))


async def present(
    bot: Any,
    interaction: discord.Interaction[Any],
    meeting_number: int,
    member: discord.Member | None,
) -> None:
    """/meeting present: undo a reported förhinder."""
    change = await attendance_service.report_presence(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        meeting_number=meeting_number,
        member_id=member.id if member else None,
        now=bot.clock.now(),
    )
    await answer(interaction, attendance_ui.change_text(change, "attendance.present_saved"))


async def substitute(
    bot: Any,
    interaction: discord.Interaction[Any],
    meeting_number: int,
    substitute: discord.Member,
    instead_of: discord.Member,
) -> None:
    """/meeting substitute: the chair lets an ersättare serve istf a ledamot."""
    change = await attendance_service.appoint(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        meeting_number=meeting_number,
        substitute_id=substitute.id,
        instead_of=instead_of.id,
        now=bot.clock.now(),
    )
    await answer(interaction, attendance_ui.change_text(change, "attendance.substitute_saved"))


async def overview(bot: Any, interaction: discord.Interaction[Any], meeting_number: int) -> None:
    """/meeting attendance: the overview, with suggested substitutes for absent ledamöter."""
    report = await attendance_service.attendance_report(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        meeting_number=meeting_number,
    )
    rendered = attendance_ui.report_message(report)
    files = []
    if rendered.full_text:
        data = io.BytesIO(rendered.full_text.encode("utf-8"))
        files = [discord.File(data, filename=f"attendance-{meeting_number}.md")]
    await answer(interaction, rendered.content, files=files)
