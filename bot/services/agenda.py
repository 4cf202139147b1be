"""Use cases of the agenda import: store a read kallelse, let the chair choose, publish it.

Publishing a whole agenda is long work, so it is split like single-motion publishing:
`begin_publish` creates every Yrka item (status draft, numbered in agenda order) in one
transaction and marks the import `publishing`; the publisher posts what is missing and
records each id as it goes (the intake service's `record_*` and `finish_publish`); and
`finish_import` marks it `published`. A crash or restart anywhere in between resumes
from the database: the plan is rebuilt, items already open are skipped, a half-posted
item continues where it stopped, and the progress and summary messages are edited rather
than posted again.
"""

from __future__ import annotations

import re
from datetime import datetime

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.domain.access import Action, Actor, require
from bot.domain.agenda import (
    INFORMATIONAL_KINDS,
    MAX_AGENDA_TITLE_CHARS,
    Agenda,
    AgendaKind,
    classify,
)
from bot.domain.errors import InvalidInput, NotFound, UserError
from bot.domain.models import DocumentKind, ItemStatus, Language
from bot.domain.motion import MAX_YRKANDEN
from bot.domain.records import AgendaEntry, AgendaImport, Group, Item, Meeting
from bot.services.audited import audited
from bot.services.intake import DeadlinePassed, yrkanden_from_lines
from db import agenda, groups, items, meetings
from db.connection import Database

IMPORT_PENDING = "pending"
IMPORT_PUBLISHING = "publishing"
IMPORT_PUBLISHED = "published"
IMPORT_CANCELLED = "cancelled"

# A preview page holds at most this many ärenden (a select menu has 25 options).
PAGE_SIZE = 25
_WHITESPACE = re.compile(r"\s+")


class NoArenden(UserError):
    """The file holds no numbered list of ärenden."""

    key = "agenda.no_arenden"


class ImportNotPending(UserError):
    """The import was already published or cancelled (a second click, an old preview)."""

    key = "agenda.not_pending"


class NothingSelected(UserError):
    """Publicera valda with every ärende left out."""

    key = "agenda.nothing_selected"


class ImportView(BaseModel):
    """An import as the preview shows it: the meeting and every ärende with its choice."""

    model_config = ConfigDict(frozen=True)

    imported: AgendaImport
    meeting: Meeting
    entries: list[AgendaEntry]

    @property
    def pages(self) -> int:
        """How many preview pages the ärenden fill."""
        return max(1, -(-len(self.entries) // PAGE_SIZE))

    def page(self, number: int) -> list[AgendaEntry]:
        """The ärenden of preview page `number` (0-based, clamped)."""
        number = min(max(number, 0), self.pages - 1)
        return self.entries[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]


class PublishStep(BaseModel):
    """One decision ärende and the Yrka item it is published as."""

    model_config = ConfigDict(frozen=True)

    entry: AgendaEntry
    item: Item


class PublishPlan(BaseModel):
    """Everything the publisher needs, rebuilt from the database on every (re)start."""

    model_config = ConfigDict(frozen=True)

    imported: AgendaImport
    meeting: Meeting
    group: Group
    steps: list[PublishStep]
    informational: list[AgendaEntry]

    @property
    def done(self) -> int:
        """Decision items already published (open or closed)."""
        return sum(1 for step in self.steps if step.item.status is not ItemStatus.DRAFT)


def is_decision(entry: AgendaEntry) -> bool:
    """Whether the group takes a position on the ärende (an item with a thread, maybe votes)."""
    return not entry.informational


def _require_open_meeting(meeting: Meeting | None, number: int, now: datetime) -> Meeting:
    if meeting is None:
        raise NotFound(what_key="what.meeting", number=number)
    if meeting.deadline_at <= now:
        raise DeadlinePassed(number=meeting.number, title=meeting.title)
    return meeting


async def _load(
    conn: aiosqlite.Connection, import_id: int, guild_id: int, actor: Actor
) -> tuple[ImportView, Group]:
    """The import of this group, if `actor` is its author or a chair."""
    imported = await agenda.get_import(conn, import_id)
    if imported is None or imported.guild_id != guild_id:
        raise NotFound(what_key="what.agenda", number=import_id)
    group = await groups.get(conn, guild_id)
    if group is None or not group.configured or actor.user_id != imported.author_id:
        require(Action.CHAIR, actor, group)
    assert group is not None
    meeting = await meetings.by_id(conn, imported.meeting_id)
    assert meeting is not None  # imports cascade with their meeting
    view = ImportView(
        imported=imported, meeting=meeting, entries=await agenda.entries(conn, import_id)
    )
    return view, group


async def create_import(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    read: Agenda,
    source_name: str,
    now: datetime,
) -> ImportView:
    """Store a read kallelse as a pending import of the meeting; the chair checks it next."""
    if not read.items:
        raise NoArenden()
    source_name = source_name[:200]
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        meeting = _require_open_meeting(
            await meetings.by_number(conn, guild_id, meeting_number), meeting_number, now
        )
        import_id = await agenda.create_import(
            conn,
            guild_id=guild_id,
            meeting_id=meeting.id,
            author_id=actor.user_id,
            source_name=source_name,
            body=read.body,
            date=read.date,
            items=read.items,
            now=now,
        )
        await change.record(
            "agenda.import",
            {
                "import_id": import_id,
                "meeting": meeting.number,
                "source_name": source_name,
                "arenden": len(read.items),
                "with_proposal": sum(1 for item in read.items if item.proposal),
            },
        )
        view, _ = await _load(conn, import_id, group.guild_id, actor)
    return view


async def get_import(db: Database, *, import_id: int, guild_id: int, actor: Actor) -> ImportView:
    """An import for its author or a chair."""
    async with db.read() as conn:
        view, _ = await _load(conn, import_id, guild_id, actor)
    return view


def _pending(view: ImportView) -> None:
    if view.imported.status != IMPORT_PENDING:
        raise ImportNotPending()


async def choose_on_page(
    db: Database,
    *,
    import_id: int,
    guild_id: int,
    actor: Actor,
    page: int,
    chosen: set[int],
    now: datetime,
) -> ImportView:
    """The chair's ticks on one preview page: the ärenden (positions) to publish from it."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        view, _ = await _load(conn, import_id, guild_id, actor)
        _pending(view)
        on_page = {entry.position for entry in view.page(page)}
        await agenda.set_included(conn, import_id, on_page & chosen, True)
        await agenda.set_included(conn, import_id, on_page - chosen, False)
        await change.record(
            "agenda.choose",
            {
                "import_id": import_id,
                "left_out": sorted(
                    entry.label() for entry in view.page(page) if entry.position not in chosen
                ),
            },
        )
        view, _ = await _load(conn, import_id, guild_id, actor)
    return view


def find_entry(view: ImportView, reference: str) -> AgendaEntry:
    """The ärende the chair means: its printed number, or "(n)" / n for its position."""
    wanted = reference.strip().strip("()").strip()
    for entry in view.entries:
        if entry.number is not None and entry.number == wanted:
            return entry
    if wanted.isdigit():
        for entry in view.entries:
            if entry.number is None and entry.position == int(wanted):
                return entry
    raise InvalidInput("agenda.no_such_arende", reference=reference[:20])


async def edit_entry(
    db: Database,
    *,
    import_id: int,
    guild_id: int,
    actor: Actor,
    reference: str,
    title: str,
    proposal_text: str,
    now: datetime,
) -> ImportView:
    """Correct a mis-read ärende: title and proposal (one att-sats per line).

    An empty title or proposal keeps what was read; a proposal of "-" removes it.
    """
    title = _WHITESPACE.sub(" ", title).strip()
    if len(title) > MAX_AGENDA_TITLE_CHARS:
        raise InvalidInput("intake.title_too_long", limit=MAX_AGENDA_TITLE_CHARS)
    clear = proposal_text.strip() == "-"
    typed = [] if clear else yrkanden_from_lines(proposal_text)
    if len(typed) > MAX_YRKANDEN:
        raise InvalidInput("intake.too_many_yrkanden", limit=MAX_YRKANDEN)
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        view, _ = await _load(conn, import_id, guild_id, actor)
        _pending(view)
        entry = find_entry(view, reference)
        title = title or entry.title
        proposal = typed if (typed or clear) else entry.proposal
        kind, formal = classify(title, proposal=proposal)
        if not formal and kind is AgendaKind.ARENDE:
            kind = entry.kind  # a title without a kind word keeps the kind read before
        if proposal and (formal or kind in INFORMATIONAL_KINDS):
            # The chair typed att-satser: the group votes on it after all.
            kind, formal = AgendaKind.ARENDE, False
        await agenda.update_entry(
            conn,
            import_id,
            entry.position,
            title=title,
            kind=kind,
            formal=formal,
            proposal=proposal,
        )
        await change.record(
            "agenda.edit",
            {
                "import_id": import_id,
                "arende": entry.label(),
                "title": title,
                "proposal": proposal,
            },
        )
        view, _ = await _load(conn, import_id, guild_id, actor)
    return view


async def cancel_import(
    db: Database, *, import_id: int, guild_id: int, actor: Actor, now: datetime
) -> None:
    """Throw a pending import away; nothing is posted."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        view, _ = await _load(conn, import_id, guild_id, actor)
        _pending(view)
        await agenda.set_status(conn, import_id, IMPORT_CANCELLED, now)
        await change.record("agenda.cancel", {"import_id": import_id})


def _item_body(entry: AgendaEntry, meeting: Meeting, source_name: str) -> str:
    lines = [entry.title]
    if entry.dnr:
        lines.append(f"Dnr {entry.dnr}")
    if entry.proposal:
        lines += ["", *entry.proposal]
    return "\n".join(lines)


async def begin_publish(
    db: Database, *, import_id: int, guild_id: int, actor: Actor, now: datetime
) -> PublishPlan:
    """Create the items of every chosen decision ärende (or resume) and mark the import publishing."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        view, group = await _load(conn, import_id, guild_id, actor)
        status = view.imported.status
        if status == IMPORT_PENDING:
            meeting = _require_open_meeting(view.meeting, view.meeting.number, now)
            chosen = [entry for entry in view.entries if entry.included]
            if not chosen:
                raise NothingSelected()
            for entry in chosen:
                if not is_decision(entry) or entry.item_id is not None:
                    continue
                item = await items.create_item(
                    conn,
                    guild_id=guild_id,
                    meeting_id=meeting.id,
                    kind=DocumentKind.MOTION,
                    title=entry.title,
                    body=_item_body(entry, meeting, view.imported.source_name),
                    signatories=[],
                    language=Language.SV,
                    source_name=view.imported.source_name,
                    yrkanden=entry.proposal,
                    status=ItemStatus.DRAFT,
                    created_by=actor.user_id,
                    now=now,
                )
                await agenda.link_item(conn, entry.id, item.id)
            await agenda.set_status(conn, import_id, IMPORT_PUBLISHING, now)
            await change.record(
                "agenda.publish",
                {
                    "import_id": import_id,
                    "meeting": meeting.number,
                    "decision_items": sum(1 for e in chosen if is_decision(e)),
                    "informational": sum(1 for e in chosen if not is_decision(e)),
                    "left_out": [e.label() for e in view.entries if not e.included],
                },
            )
        elif status != IMPORT_PUBLISHING:
            raise ImportNotPending()
        plan = await _plan(conn, import_id, group)
    return plan


async def _plan(conn: aiosqlite.Connection, import_id: int, group: Group) -> PublishPlan:
    imported = await agenda.get_import(conn, import_id)
    assert imported is not None
    meeting = await meetings.by_id(conn, imported.meeting_id)
    assert meeting is not None
    steps: list[PublishStep] = []
    informational: list[AgendaEntry] = []
    for entry in await agenda.entries(conn, import_id):
        if not entry.included:
            continue
        if entry.item_id is not None:
            item = await items.by_id(conn, entry.item_id)
            if item is not None and item.status is not ItemStatus.CANCELLED:
                steps.append(PublishStep(entry=entry, item=item))
        elif not is_decision(entry):
            informational.append(entry)
    return PublishPlan(
        imported=imported, meeting=meeting, group=group, steps=steps, informational=informational
    )


async def resume_plan(db: Database, *, import_id: int) -> PublishPlan | None:
    """The plan of an import that is publishing (for the start-up resume), else None."""
    async with db.read() as conn:
        imported = await agenda.get_import(conn, import_id)
        if imported is None or imported.status != IMPORT_PUBLISHING:
            return None
        group = await groups.get(conn, imported.guild_id)
        if group is None:
            return None
        return await _plan(conn, import_id, group)


async def publishing_imports(db: Database) -> list[int]:
    """Ids of imports whose publishing was interrupted."""
    async with db.read() as conn:
        return [imported.id for imported in await agenda.publishing_imports(conn)]


async def record_progress_message(
    db: Database, *, import_id: int, channel_id: int, message_id: int
) -> None:
    """Remember the progress message as soon as it is posted."""
    async with db.transaction() as conn:
        await agenda.set_progress_message(conn, import_id, channel_id, message_id)


async def record_summary_message(db: Database, *, import_id: int, message_id: int) -> None:
    """Remember the summary message of the informational ärenden as soon as it is posted."""
    async with db.transaction() as conn:
        await agenda.set_summary_message(conn, import_id, message_id)


async def finish_import(db: Database, *, import_id: int, actor_id: int, now: datetime) -> None:
    """Everything is posted: the import is published."""
    async with audited(db, guild_id=None, actor=actor_id, now=now) as change:
        conn = change.conn
        imported = await agenda.get_import(conn, import_id)
        if imported is None or imported.status != IMPORT_PUBLISHING:
            return
        await agenda.set_status(conn, import_id, IMPORT_PUBLISHED, now)
        await change.record(
            "agenda.published", {"import_id": import_id}, guild_id=imported.guild_id
        )


async def set_speaker(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    item_number: int,
    member_id: int,
    member_name: str,
    member_is_voting: bool,
    now: datetime,
) -> Item:
    """Record who speaks for the group on an item (the chair divides the work)."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        item = await items.by_number(conn, guild_id, item_number)
        if item is None:
            raise NotFound(what_key="what.motion", number=item_number)
        await groups.upsert_members(
            conn, guild_id, [(member_id, member_name, member_is_voting)], now
        )
        await items.set_speaker(conn, item.id, member_id)
        await change.record(
            "item.speaker", {"item": item.number, "speaker_id": member_id, "name": member_name}
        )
        updated = await items.by_id(conn, item.id)
    assert updated is not None
    return updated
