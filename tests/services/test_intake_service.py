"""Motion intake service and renderers: drafts, edits, publishing, refusals, limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import pytest

from bot.domain.access import Actor
from bot.domain.errors import InvalidInput, NotAllowed, NotConfigured, NotFound, UserError
from bot.domain.models import DocumentKind, ItemStatus, Language
from bot.domain.motion import MotionDraft, parse_motion
from bot.domain.records import Group, Item, Meeting
from bot.services import intake, voting
from bot.ui import intake as ui
from bot.ui.limits import (
    AUTOCOMPLETE_NAME,
    EMBED_DESCRIPTION,
    EMBED_FIELD_VALUE,
    EMBED_TITLE,
    EMBED_TOTAL,
    MODAL_INPUT,
    THREAD_NAME,
)
from bot.ui.votes import render_vote_message
from db import audit, groups, items, meetings
from db.connection import Database

GUILD = 1000
CHAIR_ROLE = 11
MEMBER_ROLE = 12
CHAIR = Actor(user_id=501, role_ids=frozenset({CHAIR_ROLE, MEMBER_ROLE}))
OTHER_CHAIR = Actor(user_id=502, role_ids=frozenset({CHAIR_ROLE}))
MEMBER = Actor(user_id=601, role_ids=frozenset({MEMBER_ROLE}))
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SEED = Path(__file__).parents[1] / "data" / "motions" / "01-klimatkommunerna.txt"


@pytest.fixture
async def db(db: Database) -> Database:
    """A group, a meeting ahead and one whose deadline has passed."""
    async with db.transaction() as conn:
        await groups.save(
            conn,
            Group(
                guild_id=GUILD,
                name="V i regionen",
                member_role_id=MEMBER_ROLE,
                chair_role_id=CHAIR_ROLE,
                channel_id=777,
            ),
            NOW,
        )
        await meetings.create(
            conn,
            guild_id=GUILD,
            title="Regionfullmäktige 8 december",
            starts_at=NOW + timedelta(days=18),
            deadline_at=NOW + timedelta(days=17),
            created_by=CHAIR.user_id,
            now=NOW,
        )
        await meetings.create(
            conn,
            guild_id=GUILD,
            title="Regionfullmäktige 20 november",
            starts_at=NOW + timedelta(hours=2),
            deadline_at=NOW - timedelta(hours=1),
            created_by=CHAIR.user_id,
            now=NOW - timedelta(days=10),
        )
    return db


def seed_draft() -> MotionDraft:
    return parse_motion(SEED.read_text(encoding="utf-8"))


async def counts(db: Database) -> tuple[int, int, int]:
    async with db.read() as conn:
        found = []
        for table in ("drafts", "items", "audit_log"):
            async with conn.execute(f"SELECT count(*) FROM {table}") as cur:
                row = await cur.fetchone()
            assert row is not None
            found.append(int(row[0]))
    return found[0], found[1], found[2]


async def post_everything(db: Database, target: intake.PublishTarget) -> Item:
    """What the cog does against Discord, with made-up message ids."""
    item = target.item
    await intake.record_item_messages(
        db, item_id=item.id, channel_id=777, message_id=9000 + item.id, thread_id=8000 + item.id
    )
    for yrkande in item.yrkanden:
        await intake.record_vote_message(db, yrkande_id=yrkande.id, message_id=7000 + yrkande.id)
    return await intake.finish_publish(db, item_id=item.id, actor=CHAIR, now=NOW)


async def test_seed_motion_goes_from_draft_to_open_item_with_every_message_stored(
    db: Database,
) -> None:
    stored = await intake.create_draft(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        meeting_number=1,
        draft=seed_draft(),
        source_name="01-klimatkommunerna.txt",
        now=NOW,
    )
    target = await intake.begin_publish(
        db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    assert target.item.status is ItemStatus.DRAFT
    assert target.group.channel_id == 777
    item = await post_everything(db, target)
    assert item.status is ItemStatus.OPEN
    assert item.number == 1
    assert [y.text for y in item.yrkanden] == seed_draft().yrkanden
    assert all(y.vote_message_id for y in item.yrkanden)
    assert (item.message_id, item.thread_id) == (9000 + item.id, 8000 + item.id)
    async with db.read() as conn:
        actions = [entry.action for entry in await audit.entries(conn, GUILD)]
        row = await items.get_draft(conn, stored.id)
    assert actions == ["draft.create", "item.create", "item.publish"]
    assert row is not None and (row["status"], row["item_id"]) == ("published", item.id)


async def test_interpellation_is_published_closed_without_yrkanden(db: Database) -> None:
    draft = MotionDraft(
        kind=DocumentKind.INTERPELLATION,
        title="Interpellation om väntetider",
        body="Interpellation om väntetider\n\nHur länge ska vi vänta?",
        questions=["Hur länge ska vi vänta?"],
        yrkanden=["att detta ignoreras"],
    )
    stored = await intake.create_draft(
        db, guild_id=GUILD, actor=CHAIR, meeting_number=1, draft=draft, source_name="", now=NOW
    )
    target = await intake.begin_publish(
        db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    assert target.item.yrkanden == []
    item = await post_everything(db, target)
    assert item.status is ItemStatus.CLOSED


@pytest.mark.parametrize(
    ("actor", "meeting_number", "error"),
    [
        (MEMBER, 1, NotAllowed),
        (Actor(user_id=9), 1, NotAllowed),
        (CHAIR, 99, NotFound),
        (CHAIR, 2, intake.DeadlinePassed),
    ],
    ids=["member_without_chair_role", "no_roles", "unknown_meeting", "deadline_passed"],
)
async def test_refused_draft_stores_nothing(
    db: Database, actor: Actor, meeting_number: int, error: type[UserError]
) -> None:
    with pytest.raises(error):
        await intake.check_can_post(
            db, guild_id=GUILD, actor=actor, meeting_number=meeting_number, now=NOW
        )
    with pytest.raises(error):
        await intake.create_draft(
            db,
            guild_id=GUILD,
            actor=actor,
            meeting_number=meeting_number,
            draft=seed_draft(),
            source_name="x.txt",
            now=NOW,
        )
    assert await counts(db) == (0, 0, 0)


async def test_unconfigured_server_is_told_to_run_setup(db: Database) -> None:
    with pytest.raises(NotConfigured):
        await intake.check_can_post(db, guild_id=4242, actor=CHAIR, meeting_number=1, now=NOW)


async def _draft(db: Database, draft: MotionDraft | None = None) -> intake.StoredDraft:
    return await intake.create_draft(
        db,
        guild_id=GUILD,
        actor=CHAIR,
        meeting_number=1,
        draft=draft or seed_draft(),
        source_name="s.txt",
        now=NOW,
    )


async def test_edit_replaces_title_and_yrkanden_and_strips_typed_numbers(db: Database) -> None:
    stored = await _draft(db, MotionDraft(title="Utan att-satser", body="text"))
    edited = await intake.edit_draft(
        db,
        draft_id=stored.id,
        guild_id=GUILD,
        actor=CHAIR,
        title="  Motion om   bussar ",
        yrkanden_text="1. att fler bussar körs\n\n2) att   priset sänks\n- att utreda nattrafik\n",
        now=NOW,
    )
    assert edited.draft.title == "Motion om bussar"
    assert edited.draft.yrkanden == [
        "att fler bussar körs",
        "att priset sänks",
        "att utreda nattrafik",
    ]
    assert edited.draft.kind is DocumentKind.MOTION
    reloaded = await intake.get_draft(db, draft_id=stored.id, guild_id=GUILD)
    assert reloaded.draft == edited.draft


@pytest.mark.parametrize(
    ("title", "lines", "key"),
    [
        ("   ", "att a", "intake.title_required"),
        ("x" * 201, "att a", "intake.title_too_long"),
        ("Titel", "\n".join(f"att {n}" for n in range(201)), "intake.too_many_yrkanden"),
    ],
)
async def test_bad_edit_is_refused_and_changes_nothing(
    db: Database, title: str, lines: str, key: str
) -> None:
    stored = await _draft(db)
    with pytest.raises(InvalidInput) as caught:
        await intake.edit_draft(
            db,
            draft_id=stored.id,
            guild_id=GUILD,
            actor=CHAIR,
            title=title,
            yrkanden_text=lines,
            now=NOW,
        )
    assert caught.value.key == key
    assert (await intake.get_draft(db, draft_id=stored.id, guild_id=GUILD)).draft == stored.draft


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [(CHAIR, True), (OTHER_CHAIR, True), (MEMBER, False)],
    ids=["author", "another_chair", "member"],
)
async def test_only_author_or_chair_may_use_the_draft_buttons(
    db: Database, actor: Actor, allowed: bool
) -> None:
    stored = await _draft(db)
    if allowed:
        await intake.authorise_draft(db, draft_id=stored.id, guild_id=GUILD, actor=actor)
        await intake.cancel_draft(db, draft_id=stored.id, guild_id=GUILD, actor=actor, now=NOW)
        return
    for attempt in (
        intake.authorise_draft(db, draft_id=stored.id, guild_id=GUILD, actor=actor),
        intake.cancel_draft(db, draft_id=stored.id, guild_id=GUILD, actor=actor, now=NOW),
        intake.begin_publish(db, draft_id=stored.id, guild_id=GUILD, actor=actor, now=NOW),
    ):
        with pytest.raises(NotAllowed):
            await attempt
    assert await counts(db) == (1, 0, 1)


async def test_author_who_lost_the_chair_role_may_still_use_own_draft(db: Database) -> None:
    stored = await _draft(db)
    former_chair = Actor(user_id=CHAIR.user_id, role_ids=frozenset({MEMBER_ROLE}))
    await intake.cancel_draft(db, draft_id=stored.id, guild_id=GUILD, actor=former_chair, now=NOW)


async def test_second_publish_click_after_success_is_refused(db: Database) -> None:
    stored = await _draft(db)
    target = await intake.begin_publish(
        db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW
    )
    await post_everything(db, target)
    with pytest.raises(intake.DraftNotPending):
        await intake.begin_publish(db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW)
    with pytest.raises(intake.DraftNotPending):
        await intake.cancel_draft(db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW)


async def test_half_finished_publish_resumes_with_the_same_item(db: Database) -> None:
    stored = await _draft(db)
    first = await intake.begin_publish(db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW)
    await intake.record_item_messages(
        db, item_id=first.item.id, channel_id=777, message_id=1, thread_id=2
    )
    with pytest.raises(RuntimeError):
        await intake.finish_publish(db, item_id=first.item.id, actor=CHAIR, now=NOW)
    again = await intake.begin_publish(db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW)
    assert again.item.id == first.item.id
    assert again.item.message_id == 1
    assert (await counts(db))[1] == 1


async def _texts(db: Database, item_id: int, *, opening: bool = False) -> list[str]:
    states = await voting.vote_message_states(db, item_id, [], opening=opening)
    return [render_vote_message(state) for state in states]


async def test_vote_messages_are_posted_as_they_show_once_the_item_opens(db: Database) -> None:
    """What the publisher posts (`opening`: every att-sats of the draft item, the live tally
    over the electorate opening would fix) is what the vote view renders once it is open, so
    opening needs no edit; a voter added before the opening makes them differ (an edit)."""
    await voting.remember_members(db, GUILD, [(10, "Anna", True), (11, "Bo", False)], NOW)
    drafts = [await _draft(db), await _draft(db)]
    first, second = [
        await intake.begin_publish(db, draft_id=d.id, guild_id=GUILD, actor=CHAIR, now=NOW)
        for d in drafts
    ]
    posted = await _texts(db, first.item.id, opening=True)
    assert len(posted) == len(first.item.yrkanden) > 0
    assert all("· 1 har inte röstat" in text for text in posted), posted
    opened = await post_everything(db, first)
    assert await _texts(db, opened.id) == posted

    posted = await _texts(db, second.item.id, opening=True)
    await voting.remember_members(db, GUILD, [(11, "Bo", True)], NOW)  # given the role
    opened = await post_everything(db, second)
    after = await _texts(db, opened.id)
    assert after != posted
    assert all("· 2 har inte röstat" in text for text in after), after


async def test_motion_without_yrkanden_cannot_be_published(db: Database) -> None:
    stored = await _draft(db, MotionDraft(kind=DocumentKind.UNKNOWN, title="T", body="b"))
    with pytest.raises(intake.NothingToVoteOn):
        await intake.begin_publish(db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW)
    assert (await counts(db))[1] == 0


async def test_publish_after_the_deadline_is_refused(db: Database) -> None:
    stored = await _draft(db)
    later = NOW + timedelta(days=17, seconds=1)
    with pytest.raises(intake.DeadlinePassed):
        await intake.begin_publish(db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=later)


async def test_draft_of_another_server_is_not_found(db: Database) -> None:
    stored = await _draft(db)
    with pytest.raises(NotFound):
        await intake.get_draft(db, draft_id=stored.id, guild_id=GUILD + 1)


async def test_items_of_lists_by_meeting_and_refuses_unknown_meeting(db: Database) -> None:
    stored = await _draft(db)
    await post_everything(
        db,
        await intake.begin_publish(db, draft_id=stored.id, guild_id=GUILD, actor=CHAIR, now=NOW),
    )
    found, by_id = await intake.items_of(db, guild_id=GUILD, actor=CHAIR, meeting_number=1)
    assert [item.number for item in found] == [1]
    assert by_id[found[0].meeting_id].number == 1
    assert (await intake.items_of(db, guild_id=GUILD, actor=CHAIR, meeting_number=2))[0] == []
    with pytest.raises(NotFound):
        await intake.items_of(db, guild_id=GUILD, actor=CHAIR, meeting_number=5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("att a\natt b", ["att a", "att b"]),
        ("1. att a\n 12) att b", ["att a", "att b"]),
        ("• att a\n\n\n* att b", ["att a", "att b"]),
        ("2030 ska vara klimatneutralt", ["2030 ska vara klimatneutralt"]),
        ("", []),
    ],
)
def test_typed_yrkanden_one_per_line(text: str, expected: list[str]) -> None:
    assert intake.yrkanden_from_lines(text) == expected


# ---------------------------------------------------------------- renderers and limits

MEETING = Meeting(
    id=1,
    guild_id=GUILD,
    number=3,
    title="Regionfullmäktige " * 30,
    starts_at=NOW + timedelta(days=18),
    deadline_at=NOW + timedelta(days=17),
)
HUGE = MotionDraft(
    kind=DocumentKind.MOTION,
    title="Motion om *allt* " * 100,
    body="Bakgrund. " * 50_000,
    signatories=[f"Namn Namnsson{n} (V)" for n in range(50)],
    yrkanden=[f"att _{n}_ " + "mycket " * 500 for n in range(200)],
    questions=[],
)


def _item(draft: MotionDraft, kind: DocumentKind = DocumentKind.MOTION) -> Item:
    from bot.domain.records import Yrkande

    return Item(
        id=1,
        guild_id=GUILD,
        meeting_id=1,
        number=12345,
        kind=kind,
        title=draft.title,
        body=draft.body,
        signatories=draft.signatories,
        language=Language.SV,
        source_name="x.pdf",
        status=ItemStatus.OPEN,
        channel_id=None,
        message_id=None,
        thread_id=None,
        created_by=1,
        created_at=NOW,
        closed_at=None,
        yrkanden=[
            Yrkande(id=n, item_id=1, number=n, text=text)
            for n, text in enumerate(draft.yrkanden, 1)
        ],
    )


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= EMBED_TITLE
    assert len(embed.description or "") <= EMBED_DESCRIPTION
    assert all(len(field.value or "") <= EMBED_FIELD_VALUE for field in embed.fields)
    assert len(embed) <= EMBED_TOTAL


@pytest.mark.parametrize("lang", list(Language))
def test_huge_draft_preview_is_cut_and_the_full_list_attached(lang: Language) -> None:
    embed, files = ui.preview_message(
        draft_id=7, draft=HUGE, meeting=MEETING, source_name="x" * 500, lang=lang
    )
    assert_within_limits(embed)
    assert (embed.description or "").endswith("…")
    assert [file.filename for file in files] == ["utkast-7.txt"]
    attached = files[0].fp.read().decode("utf-8")
    assert HUGE.yrkanden[-1] in attached


def test_seed_preview_numbers_every_yrkande_and_attaches_nothing() -> None:
    draft = seed_draft()
    embed, files = ui.preview_message(
        draft_id=1, draft=draft, meeting=MEETING, source_name="a.txt", lang=Language.SV
    )
    assert files == []
    for number in range(1, len(draft.yrkanden) + 1):
        assert f"\n{number}. " in (embed.description or "")


def test_preview_without_yrkanden_says_so() -> None:
    embed, _ = ui.preview_message(
        draft_id=1,
        draft=MotionDraft(title="T", body="b"),
        meeting=MEETING,
        source_name="",
        lang=Language.EN,
    )
    assert "No att-satser were found" in (embed.description or "")


@pytest.mark.parametrize("kind", [DocumentKind.MOTION, DocumentKind.INTERPELLATION])
def test_huge_motion_embed_fits_and_attaches_the_full_text(kind: DocumentKind) -> None:
    item = _item(HUGE, kind)
    embed = ui.motion_embed(item, MEETING, Language.SV, thread_id=123456789012345678)
    assert_within_limits(embed)
    files = ui.motion_files(item)
    assert [file.filename for file in files] == ["arende-12345.txt"]
    assert len(ui.thread_name(item)) <= THREAD_NAME
    assert len(ui.choice_name(item.number, item.title)) <= AUTOCOMPLETE_NAME


def test_short_motion_embed_has_no_attachment() -> None:
    item = _item(MotionDraft(title="Kort", body="Kort\n\nEn rad bakgrund.", yrkanden=["att a"]))
    assert ui.motion_files(item) == []
    embed = ui.motion_embed(item, MEETING, Language.SV, thread_id=5)
    assert embed.description == "En rad bakgrund."
    assert "<#5>" in embed.fields[-1].value  # type: ignore[operator]


@pytest.mark.parametrize(
    ("yrkanden", "chunk_count"),
    [
        (["att a", "att b"], 1),
        (["att " + "x" * 1995] * 4, 2),
        (["att " + "x" * 3996] * 4, 4),
        (["att " + "x" * 3996] * 5, None),
        (["att " + "x" * 4000], None),
        ([], 1),
    ],
)
def test_yrkanden_are_split_over_modal_inputs_within_the_limit(
    yrkanden: list[str], chunk_count: int | None
) -> None:
    chunks = ui.yrkanden_edit_chunks(yrkanden)
    if chunk_count is None:
        assert chunks is None
        return
    assert chunks is not None and len(chunks) == chunk_count
    assert all(len(chunk) <= MODAL_INPUT for chunk in chunks)
    assert intake.yrkanden_from_lines("\n".join(chunks)) == yrkanden


def test_item_list_is_cut_to_the_embed_limit() -> None:
    many = [_item(MotionDraft(title="Motion " * 40, body="b")) for _ in range(500)]
    text = ui.item_list_text(many, {1: MEETING}, Language.SV)
    assert len(text) <= EMBED_DESCRIPTION
    assert text.endswith("till")
    assert ui.item_list_text([], {}, Language.EN) == "No items yet."
