"""/report: how the group's lines fared per meeting, and who voted before the deadline.

Meetings count when their voting has closed (deadline passed) and they start inside the
window. Items in draft and withdrawn items are left out. A member's participation is, of the
att-satser they could vote on (the electorate frozen at closing, else the item's electorate,
`voters_of`), how many they had a vote on before the deadline.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from bot.domain.access import Action, Actor, require
from bot.domain.counting import counted_until
from bot.domain.errors import InvalidInput
from bot.domain.models import ItemStatus
from bot.domain.outcomes import (
    GroupReport,
    judge_item,
    participation,
    report_window,
    score_meeting,
)
from bot.domain.tally import latest_votes
from bot.export import ExportFile
from bot.services.attendance import voters_of
from db import groups, items, meetings, outcomes, positions, votes
from db.connection import Database

ERROR_NO_MEETINGS = "report.error.no_meetings"


async def group_report(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    since: str | None,
    until: str | None,
    now: datetime,
) -> GroupReport:
    """The group's report for meetings starting between `since` and `until` (YYYY-MM-DD)."""
    start, end = report_window(since, until)
    async with db.read() as conn:
        group = require(Action.SECRETARY, actor, await groups.get(conn, guild_id))
        held = [
            meeting
            for meeting in await meetings.list_for_group(conn, guild_id)
            if meeting.deadline_at <= now
            and (start is None or meeting.starts_at >= start)
            and (end is None or meeting.starts_at < end)
        ]
        if not held:
            raise InvalidInput(ERROR_NO_MEETINGS)
        names = await groups.member_names(conn, guild_id)
        voting_now = await groups.voting_member_ids(conn, guild_id)
        scores = []
        clauses: list[tuple[list[int], list[int]]] = []
        for meeting in held:
            agenda = [
                item
                for item in await items.for_meeting(conn, meeting.id)
                if item.status in (ItemStatus.OPEN, ItemStatus.CLOSED)
            ]
            item_ids = [item.id for item in agenda]
            yrkande_ids = [y.id for item in agenda for y in item.yrkanden]
            in_force = await positions.for_yrkanden(conn, yrkande_ids)
            events = await votes.events_for_many(conn, yrkande_ids)
            decided = await outcomes.for_items(conn, item_ids)
            reserved = await outcomes.reservations_for(conn, item_ids)
            verdicts = []
            for item in agenda:
                lines = {
                    y.number: in_force[y.id].position if y.id in in_force else None
                    for y in item.yrkanden
                }
                verdicts.append(judge_item(lines, decided[item.id]).verdict)
                until_at = counted_until(item, meeting)
                for y in item.yrkanden:
                    record = in_force.get(y.id)
                    frozen = record is not None and record.derived_position is not None
                    eligible = (
                        list(record.eligible)
                        if frozen and record
                        else sorted(await voters_of(conn, item, voting_now))
                    )
                    voted = list(latest_votes(events[y.id], until=until_at))
                    clauses.append((eligible, voted))
            scores.append(
                score_meeting(
                    meeting.number, meeting.title, meeting.starts_at, verdicts, len(reserved)
                )
            )
    return GroupReport(
        group_name=group.name or str(group.guild_id),
        language=group.language,
        since=start,
        until=end,
        meetings=scores,
        members=participation(clauses, {mid: name for mid, (name, _) in names.items()}),
    )


async def render_charts(report: GroupReport) -> list[ExportFile]:
    """The report's PNG charts, drawn in a worker thread so the event loop stays responsive."""
    from bot.export.charts import chart_files  # matplotlib loads only when a report is asked

    return await asyncio.to_thread(chart_files, report)
