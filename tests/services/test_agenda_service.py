"""The agenda import service: store, choose, correct, publish (resumably), fill, speaker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.domain.access import Actor
from bot.domain.agenda import Agenda, AgendaItem, AgendaKind, read_agenda
from bot.domain.errors import InvalidInput, NotAllowed, NotFound, UserError
from bot.domain.models import ItemStatus, Language
from bot.domain.motion import parse_motion
from bot.domain.records import Group
from bot.services import agenda as service
from bot.services import exports
from bot.services import intake as intake_service
from bot.ui import agenda as ui
from bot.ui.limits import EMBED_DESCRIPTION, EMBED_TOTAL, MESSAGE_CONTENT
from bot.ui.messages import t
from db import agenda as agenda_db
from db import groups, items, meetings
from db.connection import Database
from tests.support import kallelser

GUILD = 1000
CHAIR_ROLE = 11
MEMBER_ROLE = 12
CHAIR = Actor(user_id=501, role_ids=frozenset({CHAIR_ROLE, MEMBER_ROLE}))
MEMBER = Actor(user_id=601, role_ids=frozenset({MEMBER_ROLE}))
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(db: Database) -> Database:
    """A group and a meeting in 23 days."""
    async with db.transaction() as conn:
        await groups.save(
            conn,
            Group(
                guild_id=GUILD,
                name="V i kommunen",
                member_role_id=MEMBER_ROLE,
                chair_role_id=CHAIR_ROLE,
                channel_id=777,
            ),
            NOW,
        )
        await meetings.create(
            conn,
            guild_id=GUILD,
            title="Kommunfullmäktige 14 december",
            starts_at=NOW + timedelta(days=24),
            deadline_at=NOW + timedelta(days=23),
            created_by=CHAIR.user_id,
            now=NOW,
        )
    return db


def _kallelse(count: int = 40) -> Agenda:
    return read_agenda(kallelser.build(count, shape="list", seed=count).text)


async def _import(db: Database, read: Agenda | None = None) -> service.ImportView:
    return await service.create_import(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        meeting_number=1,
        read=read or _kallelse(),
        source_name="kallelse.pdf",
        now=NOW,
    )


async def _rows(db: Database) -> dict[str, list[Any]]:
    async with db.read() as conn:
        found = {}
        for table in ("agenda_imports", "agenda_entries", "items", "yrkanden", "drafts"):
            async with conn.execute(f"SELECT * FROM {table}") as cur:
                found[table] = [tuple(row) for row in await cur.fetchall()]
    return found


async def test_import_stores_every_arende_in_order_and_pages_by_25(db: Database) -> None:
    view = await _import(db)
    assert len(view.entries) == 40
    assert [e.position for e in view.entries] == list(range(1, 41))
    assert view.pages == 2 and len(view.page(0)) == 25 and len(view.page(1)) == 15
    assert view.page(7) == view.page(1)  # an old page number is clamped
    assert all(e.included for e in view.entries)


async def test_a_file_without_arenden_is_refused_politely(db: Database) -> None:
    with pytest.raises(service.NoArenden):
        await _import(db, Agenda(body="", date=None, items=[]))
    assert (await _rows(db))["agenda_imports"] == []


async def test_only_the_chair_may_import(db: Database) -> None:
    with pytest.raises(NotAllowed):
        await service.create_import(
            db,
            guild_id=GUILD,
            actor=MEMBER,
            meeting_number=1,
            read=_kallelse(),
            source_name="k.pdf",
            now=NOW,
        )
    with pytest.raises(NotFound):
        await service.create_import(
            db,
            guild_id=GUILD,
            actor=CHAIR,
            meeting_number=9,
            read=_kallelse(),
            source_name="k.pdf",
            now=NOW,
        )
    assert (await _rows(db))["agenda_imports"] == []


async def test_choosing_on_a_page_only_changes_that_page(db: Database) -> None:
    view = await _import(db)
    view = await service.choose_on_page(
        db,
        import_id=view.imported.id,
        guild_id=GUILD,
        actor=CHAIR,
        page=1,
        chosen={26, 27, 28},
        now=NOW,
    )
    left_out = [e.position for e in view.entries if not e.included]
    assert left_out == list(range(29, 41))


async def test_correcting_an_arende_by_its_number(db: Database) -> None:
    view = await _import(db)
    view = await service.edit_entry(
        db,
        import_id=view.imported.id,
        guild_id=GUILD,
        actor=CHAIR,
        reference="4",
        title="Budget 2027 (rättad)",
        proposal_text="1. att anta budgeten\n2. att fastställa skatten",
        now=NOW,
    )
    entry = service.find_entry(view, "4")
    assert entry.title == "Budget 2027 (rättad)"
    assert entry.proposal == ["att anta budgeten", "att fastställa skatten"]
    assert entry.kind is AgendaKind.ARENDE and not entry.formal  # was an anmälan: now a vote
    kept = await service.edit_entry(
        db,
        import_id=view.imported.id,
        guild_id=GUILD,
        actor=CHAIR,
        reference="4",
        title="",
        proposal_text="-",
        now=NOW,
    )
    entry = service.find_entry(kept, "4")
    assert entry.title == "Budget 2027 (rättad)" and entry.proposal == []


@pytest.mark.parametrize("reference", ["99", "x", ""])
async def test_correcting_an_arende_that_does_not_exist_changes_nothing(
    db: Database, reference: str
) -> None:
    view = await _import(db)
    before = await _rows(db)
    with pytest.raises(InvalidInput):
        await service.edit_entry(
            db,
            import_id=view.imported.id,
            guild_id=GUILD,
            actor=CHAIR,
            reference=reference,
            title="Ny",
            proposal_text="",
            now=NOW,
        )
    assert await _rows(db) == before


async def test_publish_creates_items_in_agenda_order_once(db: Database) -> None:
    view = await _import(db)
    plan = await service.begin_publish(
        db, import_id=view.imported.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    decisions = [e for e in view.entries if not e.informational]
    assert [step.entry.position for step in plan.steps] == [e.position for e in decisions]
    assert [step.item.number for step in plan.steps] == list(range(1, len(decisions) + 1))
    assert all(step.item.status is ItemStatus.DRAFT for step in plan.steps)
    assert [s.item.agenda_number for s in plan.steps] == [e.number for e in decisions]
    assert [len(s.item.yrkanden) for s in plan.steps] == [len(e.proposal) for e in decisions]
    assert {e.kind for e in plan.informational} <= {
        AgendaKind.ANMALAN,
        AgendaKind.INTERPELLATION,
        AgendaKind.FRAGA,
        AgendaKind.OVRIGT,
    }
    again = await service.begin_publish(
        db, import_id=view.imported.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    assert [s.item.id for s in again.steps] == [s.item.id for s in plan.steps]
    with pytest.raises(service.ImportNotPending):
        await service.choose_on_page(
            db,
            import_id=view.imported.id,
            guild_id=GUILD,
            actor=CHAIR,
            page=0,
            chosen=set(),
            now=NOW,
        )


async def test_publish_with_nothing_chosen_is_refused(db: Database) -> None:
    view = await _import(db)
    for page in range(view.pages):
        await service.choose_on_page(
            db,
            import_id=view.imported.id,
            guild_id=GUILD,
            actor=CHAIR,
            page=page,
            chosen=set(),
            now=NOW,
        )
    with pytest.raises(service.NothingSelected):
        await service.begin_publish(
            db, import_id=view.imported.id, guild_id=GUILD, actor=CHAIR, now=NOW
        )
    assert (await _rows(db))["items"] == []


async def test_a_member_cannot_publish_or_cancel(db: Database) -> None:
    view = await _import(db)
    for call in (service.begin_publish, service.cancel_import):
        with pytest.raises(NotAllowed):
            await call(db, import_id=view.imported.id, guild_id=GUILD, actor=MEMBER, now=NOW)
    with pytest.raises(NotFound):
        await service.begin_publish(
            db, import_id=view.imported.id, guild_id=7, actor=CHAIR, now=NOW
        )


async def test_fill_an_imported_item_without_proposal_from_motion_post(db: Database) -> None:
    read = read_agenda("1. Upprop\n2. Motion från Erik Sund (L) om läxhjälp\n3. Budget 2027\n")
    view = await _import(db, read)
    plan = await service.begin_publish(
        db, import_id=view.imported.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    motion_item = plan.steps[0].item
    assert motion_item.agenda_number == "2" and motion_item.yrkanden == []
    async with db.transaction() as conn:  # as if posted: thread and no vote messages
        await items.set_messages(conn, motion_item.id, channel_id=777, message_id=9, thread_id=10)
        await items.set_status(conn, motion_item.id, ItemStatus.OPEN, now=NOW, actor_id=1)
    draft = parse_motion("Tjänsteskrivelse\n\nFörslag till beslut\n\natt avslå motionen.")
    stored = await intake_service.create_draft(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        meeting_number=1,
        draft=draft,
        source_name="ts.pdf",
        now=NOW,
        agenda_item=2,
    )
    target = await intake_service.begin_publish(
        db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    assert target.item.id == motion_item.id and target.item.status is ItemStatus.DRAFT
    assert [y.text for y in target.item.yrkanden] == ["att avslå motionen."]
    with pytest.raises(InvalidInput):  # it has att-satser now
        await intake_service.create_draft(
            db,
            guild_id=GUILD,
            actor=CHAIR,
            meeting_number=1,
            draft=draft,
            source_name="ts.pdf",
            now=NOW,
            agenda_item=2,
        )
    with pytest.raises(InvalidInput):  # no such KF number
        await intake_service.create_draft(
            db,
            guild_id=GUILD,
            actor=CHAIR,
            meeting_number=1,
            draft=draft,
            source_name="ts.pdf",
            now=NOW,
            agenda_item=77,
        )


async def test_speaker_is_recorded_and_shown_in_the_minutes(db: Database) -> None:
    view = await _import(db)
    plan = await service.begin_publish(
        db, import_id=view.imported.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    with pytest.raises(NotAllowed):
        await service.set_speaker(
            db,
            guild_id=GUILD,
            actor=MEMBER,
            item_number=1,
            member_id=601,
            member_name="Anna",
            member_is_voting=True,
            now=NOW,
        )
    item = await service.set_speaker(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        item_number=1,
        member_id=601,
        member_name="Anna",
        member_is_voting=True,
        now=NOW,
    )
    assert item.speaker_id == 601
    async with db.transaction() as conn:
        for step in plan.steps:
            await items.set_status(conn, step.item.id, ItemStatus.OPEN, now=NOW, actor_id=1)
        group = await groups.get(conn, GUILD)
        meeting = await meetings.by_number(conn, GUILD, 1)
        assert group is not None and meeting is not None
        record = await exports.build_meeting_record(conn, group, meeting, now=NOW)
    assert len(record.items) == 40
    assert [i.agenda_number for i in record.items] == [e.label() for e in view.entries]
    assert record.items[plan.steps[0].entry.position - 1].speaker == "Anna"
    outcomes = {i.outcome for i in record.items if i.number is None}
    assert outcomes == {"reported", "not_handled"}


async def test_a_second_import_of_the_same_meeting_replaces_the_first_in_the_minutes(
    db: Database,
) -> None:
    first = await _import(db, read_agenda("1. Upprop\n2. Budget\n"))
    await service.cancel_import(
        db, import_id=first.imported.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    second = await _import(db, read_agenda("1. Upprop\n2. Budget 2027\n3. Taxa\n"))
    await service.begin_publish(
        db, import_id=second.imported.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    async with db.read() as conn:
        meeting = await meetings.by_number(conn, GUILD, 1)
        assert meeting is not None
        entries = await agenda_db.published_entries(conn, meeting.id)
    assert [e.title for e in entries] == ["Upprop", "Budget 2027", "Taxa"]


# ---------------------------------------------------------------- renderers


def _huge_entries() -> list[Any]:
    long = "Mycket lång rubrik " * 40
    read = Agenda(
        items=[
            AgendaItem(number=str(n), title=long[:300], kind=AgendaKind.ANMALAN)
            for n in range(1, 61)
        ]
    )
    from bot.domain.records import AgendaEntry

    return [
        AgendaEntry(
            id=n,
            import_id=1,
            position=n,
            number=item.number,
            title=item.title,
            kind=item.kind,
            formal=False,
            dnr=None,
            proposal=["att " + "x" * 3000],
            included=True,
            item_id=None,
        )
        for n, item in enumerate(read.items, start=1)
    ]


@pytest.mark.parametrize("lang", [Language.SV, Language.EN])
async def test_preview_and_summary_fit_discords_limits_with_huge_input(
    db: Database, lang: Language
) -> None:
    view = await _import(db)
    entries = _huge_entries()
    embed = ui.preview_embed(
        entries=entries,
        page=0,
        pages=3,
        meeting=view.meeting,
        source_name="x" * 500,
        body="b" * 500,
        date="2026-12-14",
        import_id=1,
        lang=lang,
    )
    assert len(embed.description or "") <= EMBED_DESCRIPTION
    assert len(embed) <= EMBED_TOTAL
    options = ui.select_options(entries, lang)
    assert len(options) == 25
    assert all(len(o.label) <= 100 and len(o.description or "") <= 100 for o in options)
    assert len(ui.summary_text(entries, view.meeting, lang)) <= MESSAGE_CONTENT
    assert isinstance(embed, discord.Embed)


def test_progress_texts() -> None:
    assert ui.progress_text(12, 40, Language.SV) == "Publicerar 12 av 40 ärenden från kallelsen …"
    assert "12 of 40" in ui.progress_text(12, 40, Language.EN)
    assert "Publicera valda igen" in t("agenda.progress_failed", Language.SV, done=3, total=9)


@pytest.mark.parametrize(
    ("lang", "named"), [(Language.SV, "Saknas: X"), (Language.EN, "Missing: X")]
)
def test_a_stopped_publish_says_what_the_chair_must_fix(lang: Language, named: str) -> None:
    refused = UserError("perm.publish_refused", channel="#gruppen", missing="X", where="Y")
    text = ui.progress_failed_text(3, 9, lang, refused)
    assert named in text and "3" in text and "9" in text
    assert ui.progress_failed_text(3, 9, lang) == t("agenda.progress_failed", lang, done=3, total=9)
