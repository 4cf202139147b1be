"""Use cases of motion intake: store a parsed draft, let the chair fix it, publish it.

Publishing is split in three so no database lock is held while Discord is awaited:
`begin_publish` turns the draft into an item (status draft) in one transaction, the cog
posts the messages and records each id as it goes (`record_item_messages`,
`record_vote_message`), and `finish_publish` opens the item. A publish that failed
half-way is resumed by pressing Publicera again: only what is missing is posted.
"""

from __future__ import annotations

import re
from datetime import datetime

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.domain.access import Action, Actor, require
from bot.domain.errors import InvalidInput, NotFound, UserError
from bot.domain.models import Confidence, DocumentKind, ItemStatus
from bot.domain.motion import MAX_TITLE_CHARS, MAX_YRKANDEN, MotionDraft
from bot.domain.records import Group, Item, Meeting
from bot.services.attendance import fix_electorate
from bot.services.audited import AuditedChange, audited
from db import agenda, groups, items, meetings
from db.connection import Database

DRAFT_PENDING = "pending"
DRAFT_PUBLISHED = "published"
DRAFT_CANCELLED = "cancelled"

# A list marker the chair may type in front of a yrkande in the edit modal: "1.", "2)", "-", "•".
_TYPED_MARKER = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-–—•*])\s+")
_WHITESPACE = re.compile(r"\s+")


class DeadlinePassed(UserError):
    """The meeting's voting deadline has passed; nothing more can be posted to it."""

    key = "intake.deadline_passed"


class DraftNotPending(UserError):
    """The draft was already published or cancelled (a second click, an old preview)."""

    key = "intake.draft_not_pending"


class NothingToVoteOn(UserError):
    """A motion without any yrkande cannot be published for a vote."""

    key = "intake.no_yrkanden"


class StoredDraft(BaseModel):
    """A parsed document waiting for the chair, as the preview shows it."""

    model_config = ConfigDict(frozen=True)

    id: int
    guild_id: int
    meeting: Meeting
    author_id: int
    source_name: str
    draft: MotionDraft
    status: str
    item_id: int | None
    target_item_id: int | None = None


class PublishTarget(BaseModel):
    """What the cog needs to post an item: the item, its meeting and the group's channel."""

    model_config = ConfigDict(frozen=True)

    item: Item
    meeting: Meeting
    group: Group


def _require_open_meeting(meeting: Meeting | None, number: int, now: datetime) -> Meeting:
    if meeting is None:
        raise NotFound(what_key="what.meeting", number=number)
    if meeting.deadline_at <= now:
        raise DeadlinePassed(number=meeting.number, title=meeting.title)
    return meeting


def _require_author_or_chair(actor: Actor, group: Group | None, author_id: int) -> None:
    """The draft's author or anyone with the chair role may use its buttons."""
    if group is None or not group.configured or actor.user_id != author_id:
        require(Action.CHAIR, actor, group)


async def check_can_post(
    db: Database, *, guild_id: int, actor: Actor, meeting_number: int, now: datetime
) -> tuple[Group, Meeting]:
    """The cheap check before anything is downloaded: chair role, meeting exists and is open."""
    async with db.read() as conn:
        group = require(Action.CHAIR, actor, await groups.get(conn, guild_id))
        meeting = await meetings.by_number(conn, guild_id, meeting_number)
    return group, _require_open_meeting(meeting, meeting_number, now)


def _stored(row: aiosqlite.Row, meeting: Meeting) -> StoredDraft:
    return StoredDraft(
        id=row["id"],
        guild_id=row["guild_id"],
        meeting=meeting,
        author_id=row["author_id"],
        source_name=row["source_name"],
        draft=MotionDraft.model_validate_json(row["draft_json"]),
        status=row["status"],
        item_id=row["item_id"],
        target_item_id=row["target_item_id"],
    )


async def create_draft(
    db: Database,
    *,
    guild_id: int,
    actor: Actor,
    meeting_number: int,
    draft: MotionDraft,
    source_name: str,
    now: datetime,
    agenda_item: int | None = None,
) -> StoredDraft:
    """Store a parsed document as a pending draft of the meeting; the chair checks it next.

    With `agenda_item` (an ärende's number in the imported kallelse) the draft is the
    proposal of that existing item: publishing fills it instead of creating a new one.
    """
    source_name = source_name[:200]
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        group = await groups.get(conn, guild_id)
        require(Action.CHAIR, actor, group)
        meeting = _require_open_meeting(
            await meetings.by_number(conn, guild_id, meeting_number), meeting_number, now
        )
        target = None
        if agenda_item is not None:
            target = await _fillable_item(conn, meeting, agenda_item)
        draft_id = await items.create_draft(
            conn,
            guild_id=guild_id,
            meeting_id=meeting.id,
            author_id=actor.user_id,
            source_name=source_name,
            draft_json=draft.model_dump_json(),
            now=now,
        )
        if target is not None:
            await items.set_draft_target(conn, draft_id, target.id)
        await change.record(
            "draft.create",
            {
                "draft_id": draft_id,
                "meeting": meeting.number,
                "source_name": source_name,
                "kind": draft.kind.value,
                "title": draft.title,
                "yrkanden": len(draft.yrkanden),
                "agenda_item": agenda_item,
            },
        )
    return StoredDraft(
        id=draft_id,
        guild_id=guild_id,
        meeting=meeting,
        author_id=actor.user_id,
        source_name=source_name,
        draft=draft,
        status=DRAFT_PENDING,
        item_id=None,
        target_item_id=None if target is None else target.id,
    )


async def _fillable_item(conn: aiosqlite.Connection, meeting: Meeting, number: int) -> Item:
    """The meeting's imported ärende `number`, open and still without att-satser."""
    item_id = await agenda.item_for_agenda_number(conn, meeting.id, str(number))
    item = None if item_id is None else await items.by_id(conn, item_id)
    if item is None:
        raise InvalidInput("agenda.no_such_agenda_item", meeting=meeting.number, number=number)
    if item.yrkanden:
        raise InvalidInput("agenda.item_has_proposal", number=number)
    if item.status is not ItemStatus.OPEN:
        raise InvalidInput("agenda.item_not_open", number=number)
    return item


async def _load_draft(conn: aiosqlite.Connection, draft_id: int, guild_id: int) -> StoredDraft:
    row = await items.get_draft(conn, draft_id)
    if row is None or row["guild_id"] != guild_id:
        raise NotFound(what_key="what.draft", number=draft_id)
    meeting = await meetings.by_id(conn, row["meeting_id"])
    assert meeting is not None  # drafts cascade with their meeting
    return _stored(row, meeting)


async def get_draft(db: Database, *, draft_id: int, guild_id: int) -> StoredDraft:
    """A stored draft of the group, or NotFound."""
    async with db.read() as conn:
        return await _load_draft(conn, draft_id, guild_id)


async def _pending_draft(
    conn: aiosqlite.Connection, draft_id: int, guild_id: int, actor: Actor
) -> StoredDraft:
    """The draft, if still pending and `actor` is its author or a chair."""
    stored = await _load_draft(conn, draft_id, guild_id)
    _require_author_or_chair(actor, await groups.get(conn, guild_id), stored.author_id)
    if stored.status != DRAFT_PENDING:
        raise DraftNotPending()
    return stored


async def authorise_draft(
    db: Database, *, draft_id: int, guild_id: int, actor: Actor
) -> StoredDraft:
    """The pending draft, if `actor` is its author or a chair (before opening the edit modal)."""
    async with db.read() as conn:
        return await _pending_draft(conn, draft_id, guild_id, actor)


def yrkanden_from_lines(text: str) -> list[str]:
    """The chair's typed yrkanden: one per non-empty line, a leading list marker removed."""
    found = []
    for line in text.splitlines():
        cleaned = _WHITESPACE.sub(" ", _TYPED_MARKER.sub("", line, count=1)).strip()
        if cleaned:
            found.append(cleaned)
    return found


async def edit_draft(
    db: Database,
    *,
    draft_id: int,
    guild_id: int,
    actor: Actor,
    title: str,
    yrkanden_text: str,
    now: datetime,
) -> StoredDraft:
    """Replace a pending draft's title and yrkanden with what the chair typed."""
    title = _WHITESPACE.sub(" ", title).strip()
    if not title:
        raise InvalidInput("intake.title_required")
    if len(title) > MAX_TITLE_CHARS:
        raise InvalidInput("intake.title_too_long", limit=MAX_TITLE_CHARS)
    yrkanden = yrkanden_from_lines(yrkanden_text)
    if len(yrkanden) > MAX_YRKANDEN:
        raise InvalidInput("intake.too_many_yrkanden", limit=MAX_YRKANDEN)
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        stored = await _pending_draft(conn, draft_id, guild_id, actor)
        # The chair typed the att-satser: they no longer need a second look.
        draft = stored.draft.model_copy(
            update={"title": title, "yrkanden": yrkanden, "confidence": Confidence.HIGH}
        )
        if draft.kind is DocumentKind.INTERPELLATION and yrkanden:
            # The chair typed att-satser: it is something to vote on after all.
            draft = draft.model_copy(update={"kind": DocumentKind.MOTION})
        elif draft.kind is DocumentKind.UNKNOWN and yrkanden:
            draft = draft.model_copy(update={"kind": DocumentKind.MOTION})
        await items.update_draft(conn, draft_id, draft.model_dump_json(), now)
        await change.record(
            "draft.edit", {"draft_id": draft_id, "title": title, "yrkanden": yrkanden}
        )
    return stored.model_copy(update={"draft": draft})


async def cancel_draft(
    db: Database, *, draft_id: int, guild_id: int, actor: Actor, now: datetime
) -> StoredDraft:
    """Throw a pending draft away; nothing is posted."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        stored = await _pending_draft(conn, draft_id, guild_id, actor)
        await items.finish_draft(conn, draft_id, DRAFT_CANCELLED, None, now)
        await change.record("draft.cancel", {"draft_id": draft_id})
    return stored.model_copy(update={"status": DRAFT_CANCELLED})


async def begin_publish(
    db: Database, *, draft_id: int, guild_id: int, actor: Actor, now: datetime
) -> PublishTarget:
    """Turn a pending draft into an item (status draft) or resume a half-finished publish."""
    async with audited(db, guild_id=guild_id, actor=actor, now=now) as change:
        conn = change.conn
        stored = await _load_draft(conn, draft_id, guild_id)
        group = await groups.get(conn, guild_id)
        _require_author_or_chair(actor, group, stored.author_id)
        assert group is not None
        if stored.status == DRAFT_PUBLISHED and stored.item_id is not None:
            item = await items.by_id(conn, stored.item_id)
            if item is None or item.status is not ItemStatus.DRAFT:
                raise DraftNotPending()
            return PublishTarget(item=item, meeting=stored.meeting, group=group)
        if stored.status != DRAFT_PENDING:
            raise DraftNotPending()
        meeting = _require_open_meeting(stored.meeting, stored.meeting.number, now)
        draft = stored.draft
        if stored.target_item_id is not None:
            item = await _fill(change, stored)
            return PublishTarget(item=item, meeting=meeting, group=group)
        if not draft.title.strip():
            raise InvalidInput("intake.title_required")
        is_interpellation = draft.kind is DocumentKind.INTERPELLATION
        if not is_interpellation and not draft.yrkanden:
            raise NothingToVoteOn()
        item = await items.create_item(
            conn,
            guild_id=guild_id,
            meeting_id=meeting.id,
            kind=draft.kind,
            title=draft.title,
            body=draft.body,
            signatories=draft.signatories,
            language=draft.language,
            source_name=stored.source_name,
            yrkanden=[] if is_interpellation else draft.yrkanden,
            status=ItemStatus.DRAFT,
            created_by=actor.user_id,
            now=now,
        )
        await items.finish_draft(conn, draft_id, DRAFT_PUBLISHED, item.id, now)
        await change.record(
            "item.create",
            {
                "draft_id": draft_id,
                "item": item.number,
                "meeting": meeting.number,
                "kind": item.kind.value,
                "title": item.title,
                "signatories": item.signatories,
                "yrkanden": [yrkande.text for yrkande in item.yrkanden],
            },
        )
    return PublishTarget(item=item, meeting=meeting, group=group)


async def _fill(change: AuditedChange, stored: StoredDraft) -> Item:
    """Give an imported ärende the draft's att-satser; it is re-posted like a half-published item."""
    conn, now = change.conn, change.at
    assert stored.target_item_id is not None
    item = await items.by_id(conn, stored.target_item_id)
    number = item.agenda_number if item is not None else "?"
    if item is None or item.status is not ItemStatus.OPEN:
        raise InvalidInput("agenda.item_not_open", number=number)
    if item.yrkanden:
        raise InvalidInput("agenda.item_has_proposal", number=number)
    if not stored.draft.yrkanden:
        raise NothingToVoteOn()
    await items.add_yrkanden(conn, item.id, stored.draft.yrkanden)
    # Draft until every vote message is posted; finish_publish opens it again.
    await items.set_status(conn, item.id, ItemStatus.DRAFT, now=now, actor_id=change.actor_id)
    await items.finish_draft(conn, stored.id, DRAFT_PUBLISHED, item.id, now)
    await change.record(
        "item.fill",
        {
            "draft_id": stored.id,
            "item": item.number,
            "agenda_item": item.agenda_number,
            "yrkanden": stored.draft.yrkanden,
        },
        guild_id=item.guild_id,
    )
    filled = await items.by_id(conn, item.id)
    assert filled is not None
    return filled


async def record_item_messages(
    db: Database, *, item_id: int, channel_id: int, message_id: int, thread_id: int | None
) -> None:
    """Remember where the item's embed and discussion thread were posted."""
    async with db.transaction() as conn:
        await items.set_messages(
            conn, item_id, channel_id=channel_id, message_id=message_id, thread_id=thread_id
        )


async def record_vote_message(db: Database, *, yrkande_id: int, message_id: int) -> None:
    """Remember a yrkande's vote message."""
    async with db.transaction() as conn:
        await items.set_vote_message(conn, yrkande_id, message_id)


async def finish_publish(db: Database, *, item_id: int, actor: Actor, now: datetime) -> Item:
    """Open the item for voting once every message is posted (an interpellation is closed)."""
    async with audited(db, guild_id=None, actor=actor, now=now) as change:
        conn = change.conn
        item = await items.by_id(conn, item_id)
        if item is None:
            raise NotFound(what_key="what.motion", number=item_id)
        if item.status is not ItemStatus.DRAFT:
            return item
        missing = [y.number for y in item.yrkanden if y.vote_message_id is None]
        if item.message_id is None or missing:
            raise RuntimeError(f"item {item_id} is not fully posted (missing {missing})")
        status = ItemStatus.CLOSED if item.kind is DocumentKind.INTERPELLATION else ItemStatus.OPEN
        await items.set_status(conn, item_id, status, now=now, actor_id=actor.user_id)
        voters: list[int] = []
        group = await groups.get(conn, item.guild_id)
        if status is ItemStatus.OPEN and group is not None:
            # Who votes is fixed now; later attendance changes only affect items opened later.
            voters = sorted(await fix_electorate(conn, group, item))
        await change.record(
            "item.publish",
            {
                "item": item.number,
                "status": status.value,
                "channel_id": item.channel_id,
                "message_id": item.message_id,
                "thread_id": item.thread_id,
                "vote_message_ids": [y.vote_message_id for y in item.yrkanden],
                "voters": voters,
            },
            guild_id=item.guild_id,
        )
        published = await items.by_id(conn, item_id)
    assert published is not None
    return published


async def items_of(
    db: Database, *, guild_id: int, actor: Actor, meeting_number: int | None = None
) -> tuple[list[Item], dict[int, Meeting]]:
    """The group's items (newest first), optionally of one meeting, with meetings by id."""
    async with db.read() as conn:
        group = await groups.get(conn, guild_id)
        require(Action.VIEW, actor, group)
        meeting_id = None
        if meeting_number is not None:
            meeting = await meetings.by_number(conn, guild_id, meeting_number)
            if meeting is None:
                raise NotFound(what_key="what.meeting", number=meeting_number)
            meeting_id = meeting.id
        found = await items.for_group(conn, guild_id, meeting_id)
        all_meetings = await meetings.list_for_group(conn, guild_id)
    return found, {meeting.id: meeting for meeting in all_meetings}
