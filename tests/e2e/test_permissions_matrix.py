"""Every command x every kind of person: who is allowed, and a refusal changes nothing.

One real bot on the fake Discord serves the whole module (a group set up, meeting 1 with an
open motion 1 and a closed motion 2). Each case runs one command as one person and asserts
either the command's own answer, or a polite ephemeral refusal naming the role it needs,
with every row of every table of the database unchanged.

The rules as the cogs implement them (bot/domain/access.py):
- /setup group|rules: Manage Server or the chair role; /setup show: anyone on the server.
- chair role: /meeting create|import, /motion post|close|reopen|speaker, /position set.
- secretary or chair: /meeting brief, /export, /audit verify, /outcome set, /report.
- voting role, substitute role, secretary or chair: /motion status, /meeting list,
  /motion list (the group's agenda is the group's business), /election nominate|status.
- chair role: /election create|open|close.
- the group: /proposal add|list; the yrkande's author or the chair: /proposal withdraw;
  the chair: /proposal lock|runoff; a member who voted against the group's line: /proposal dissent.
- /meeting absent|present for oneself: ledamot or ersättare (and the chair, secretary);
  /meeting substitute: the chair; /meeting attendance: secretary or chair.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.domain.access import Actor
from bot.domain.alternatives import ProposalKind
from bot.domain.election import ElectionMajority
from bot.domain.errors import NotAllowed
from bot.domain.models import Choice, DocumentKind, ItemStatus, Language, Position, VoteSource
from bot.services import elections as election_service
from bot.ui.messages import error_text
from db import items, meetings, positions, proposals, votes
from tests.support.e2e import START, BotRunner, World, build_world, settled, setup_group
from tests.support.fakediscord import FakeDiscord, FakeInteraction, FakeMember, FakeRole
from tests.support.fakediscord.people import DEFERRED_CHANNEL_MESSAGE

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

PEOPLE = ("member", "non_member", "chair", "secretary", "manage_server", "substitute")
EVERYONE = frozenset(PEOPLE)
SETUP = frozenset({"chair", "manage_server"})
CHAIR = frozenset({"chair"})
SECRETARY = frozenset({"chair", "secretary"})
GROUP = frozenset({"member", "chair", "secretary", "substitute"})


@dataclass(frozen=True)
class Case:
    """One command line with options, who may run it, and what its success says."""

    command: str
    options: dict[str, Any]
    allowed: frozenset[str]
    success: str  # a phrase of the command's own answer (content, embed or custom id)
    refusal_role_key: str  # the role the refusal names
    # What must be true before the case, made true by the same person: (command, options,
    # a phrase of its answer). Each case makes its own state, so none depends on another
    # case having run before it in the same arena.
    given: tuple[str, dict[str, Any], str] | None = None
    variant: str = ""  # tells apart two cases of one command in the test ids


def role_options(world: World, substitute_role: FakeRole) -> dict[str, Any]:
    """/setup group with the roles the group already has, so an allowed run changes nothing."""
    return {
        "member_role": world.member_role,
        "chair_role": world.chair_role,
        "channel": world.channel,
        "secretary_role": world.secretary_role,
        "substitute_role": substitute_role,
    }


SAME_ROLES: dict[str, Any] = {"<the group's own roles and channel>": True}
NOMINEE: dict[str, Any] = {"<election 1, a member of the group>": True}
SPEAKER: dict[str, Any] = {"motion": 1, "member": "<a member of the group>"}
KALLELSE = (
    "Kallelse\n\n1. Upprop\n2. Budget 2027\n\nKommunstyrelsens förslag till beslut\n"
    "Kommunfullmäktige beslutar att anta budgeten för 2027.\n"
).encode()

CASES = [
    Case("setup group", SAME_ROLES, SETUP, "Klart!", "role.manage_server"),
    Case("setup rules", {"quorum_percent": 50}, SETUP, "Reglerna är sparade", "role.manage_server"),
    Case("setup show", {}, EVERYONE, "Inställningar för", "role.member"),
    Case(
        "meeting create",
        {"title": "Extra sammanträde", "date": "2026-12-20"},
        CHAIR,
        "är skapat",
        "role.chair",
    ),
    Case(
        "meeting list",
        {},
        GROUP,
        "Regionfullmäktige 8 december",
        "role.member",
    ),
    Case("meeting brief", {"meeting": 1}, SECRETARY, "är publicerad i", "role.secretary"),
    # Each allowed person reports their own förhinder, then withdraws it.
    Case("meeting absent", {"meeting": 1}, GROUP, "är anmäld frånvarande", "role.member"),
    Case(
        "meeting present",
        {"meeting": 1},
        GROUP,
        "inte längre anmäld",
        "role.member",
        given=("meeting absent", {"meeting": 1}, "är anmäld frånvarande"),
    ),
    Case(
        "meeting substitute",
        {"meeting": 1, "substitute": "<the ersättare>", "instead_of": "<a ledamot>"},
        CHAIR,
        "tjänstgör i stället för",
        "role.chair",
    ),
    Case("meeting attendance", {"meeting": 1}, SECRETARY, "Närvaro vid möte 1", "role.secretary"),
    Case(
        "meeting import",
        {"meeting": 1, "file": ("kallelse.txt", KALLELSE)},
        CHAIR,
        "yrka:agenda:",
        "role.chair",
    ),
    Case("motion speaker", SPEAKER, CHAIR, "talar för gruppen i ärende 1", "role.chair"),
    Case(
        "motion post",
        {"meeting": 1, "text": "Motion om cykelvägar\n\nVi yrkar att regionen bygger cykelvägar."},
        CHAIR,
        "yrka:draft:",
        "role.chair",
    ),
    Case(
        "motion list",
        {},
        GROUP,
        "Gruppens ärenden",
        "role.member",
    ),
    Case("motion status", {"motion": 1}, GROUP, "har inte röstat", "role.member"),
    Case("motion close", {"motion": 1}, CHAIR, "Röstningen om ärende 1 är stängd", "role.chair"),
    Case(
        "motion reopen", {"motion": 2}, CHAIR, "Röstningen om ärende 2 är öppen igen", "role.chair"
    ),
    Case(
        "position set",
        {"motion": 1, "yrkande": 1, "position": "bifall"},
        CHAIR,
        "Gruppens linje för ärende 1",
        "role.chair",
    ),
    Case(
        "export", {"meeting": 1, "format": "csv"}, SECRETARY, "Export av möte 1", "role.secretary"
    ),
    Case("audit verify", {}, SECRETARY, "Granskningsloggen är obruten", "role.secretary"),
    Case("report", {}, SECRETARY, "Rapport för", "role.secretary"),
    Case(
        "outcome set",
        {"motion": 3, "result": "avslag"},
        SECRETARY,
        "Utfallet är registrerat för ärende 3",
        "role.secretary",
    ),
    Case(
        "election create",
        {"meeting": 1, "title": "Talesperson", "seats": 1},
        CHAIR,
        "är skapat",
        "role.chair",
    ),
    Case("election nominate", NOMINEE, GROUP, "har nominerat dig till val 1", "role.member"),
    # Election 3, so election 1 stays open for nominations whichever case runs first.
    Case("election open", {"election": 3}, CHAIR, "Röstningen i val 3 är öppen", "role.chair"),
    Case("election status", {"election": 1}, GROUP, "Val 1: Gruppledare", "role.member"),
    Case("election close", {"election": 2}, CHAIR, "Röstningen i val 2 är stängd", "role.chair"),
    # Motion 4 is open with yrkande 1 tabled by another member.
    Case(
        "proposal add",
        {"motion": 4, "kind": "change", "text": "att regionen utreder saken snabbt", "yrkande": 1},
        GROUP,
        "i ärende 4 är lagt",
        "role.member",
    ),
    Case("proposal list", {"motion": 4}, GROUP, "Yrkanden i ärende 4", "role.member"),
    Case(
        "proposal withdraw",
        {"motion": 4, "proposal": 1},
        CHAIR,
        "Yrkande 1 i ärende 4 är återkallat",
        "role.proposal_author",
    ),
    # Motion 5 is its own, so locking it never stops the cases of motion 4 (any order).
    Case("proposal lock", {"motion": 5}, CHAIR, "Beslutsgången i ärende 5 är låst", "role.chair"),
    # Motion 6: three alternatives on its att-sats, so the chair may set the second round's
    # deadline (round 1 closes 2026-12-01 23:00, the item 2026-12-07 09:00, Stockholm time).
    Case(
        "proposal lock",
        {"motion": 6, "runoff": "2026-12-05 18:00"},
        CHAIR,
        "En andra omgång, om den behövs, stänger",
        "role.chair",
        variant=" runoff",
    ),
    # Motion 7: the same, locked first by the chair (given), then the second round's time set.
    Case(
        "proposal runoff",
        {"motion": 7, "closes": "2026-12-05 18:00"},
        CHAIR,
        "Andra omgången i ärende 7 stänger",
        "role.chair",
        given=("proposal lock", {"motion": 7}, "är låst"),
    ),
    # On motion 3 (closed, the group's line bifall) the member voted avslag.
    Case(
        "proposal dissent",
        {"motion": 3, "text": "Jag anser att taxan ska vara kvar."},
        frozenset({"member"}),
        "Din avvikande mening i ärende 3 är registrerad",
        "role.dissenter",
    ),
]


def matrix() -> list[Any]:
    """Every case x every person, with the expected verdict in the test id."""
    params = []
    for case in CASES:
        for person in PEOPLE:
            allowed = person in case.allowed
            verdict = "allowed" if allowed else "refused"
            params.append(
                pytest.param(
                    case, person, allowed, id=f"{case.command}{case.variant}-{person}-{verdict}"
                )
            )
    return params


@dataclass
class Arena:
    """The module's running bot, its world and the people of the matrix."""

    bot: YrkaBot
    world: World
    people: dict[str, FakeMember]
    substitute_role: FakeRole


async def seed_items(bot: YrkaBot, world: World) -> None:
    """Motion 1 (open) and motion 2 (open, then closed by the chair) on meeting 1; meeting 2,
    already held, with motion 3 (closed, the group's line bifall; the member voted avslag)
    for /outcome and /proposal dissent; motion 4 (open, two att-satser, yrkande 1 tabled by
    another member) for /proposal; motion 5 (open) for /proposal lock; motion 6 (open, two
    rivals to its att-sats) for /proposal lock with the second round's deadline; motion 7
    (the same) for /proposal runoff."""
    async with bot.db.transaction() as conn:
        meeting = await meetings.by_number(conn, world.guild.id, 1)
        assert meeting is not None
        for title in ("Motion om nattbussar", "Motion om skolmat"):
            await items.create_item(
                conn,
                guild_id=world.guild.id,
                meeting_id=meeting.id,
                kind=DocumentKind.MOTION,
                title=title,
                body="Bakgrund.",
                signatories=["Anna"],
                language=Language.SV,
                source_name="motion.txt",
                yrkanden=["att regionen utreder saken"],
                status=ItemStatus.OPEN,
                created_by=world.chair.id,
                now=START,
            )
        held = await meetings.create(
            conn,
            guild_id=world.guild.id,
            title="Regionfullmäktige 24 november",
            starts_at=START - timedelta(days=2),
            deadline_at=START - timedelta(days=3),
            created_by=world.chair.id,
            now=START - timedelta(days=10),
        )
        decided = await items.create_item(
            conn,
            guild_id=world.guild.id,
            meeting_id=held.id,
            kind=DocumentKind.MOTION,
            title="Motion om kollektivtrafik",
            body="Bakgrund.",
            signatories=["Anna"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=["att regionen sänker taxan"],
            status=ItemStatus.CLOSED,
            created_by=world.chair.id,
            now=START - timedelta(days=10),
        )
        await positions.set_override(
            conn,
            decided.yrkanden[0].id,
            Position.BIFALL,
            None,
            world.chair.id,
            START - timedelta(days=3),
        )
        await votes.append(
            conn,
            yrkande_id=decided.yrkanden[0].id,
            member_id=world.members[0].id,
            choice=Choice.AVSLAG,
            at=START - timedelta(days=4),
            source=VoteSource.REACTION,
        )
        open_motion = await items.create_item(
            conn,
            guild_id=world.guild.id,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om cykelvägar",
            body="Bakgrund.",
            signatories=["Anna"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=["att regionen utreder saken", "att regionen bygger cykelvägar"],
            status=ItemStatus.OPEN,
            created_by=world.chair.id,
            now=START,
        )
        await items.create_item(
            conn,
            guild_id=world.guild.id,
            meeting_id=meeting.id,
            kind=DocumentKind.MOTION,
            title="Motion om gångvägar",
            body="Bakgrund.",
            signatories=["Anna"],
            language=Language.SV,
            source_name="motion.txt",
            yrkanden=["att regionen bygger gångvägar"],
            status=ItemStatus.OPEN,
            created_by=world.chair.id,
            now=START,
        )
        await proposals.table(
            conn,
            item_id=open_motion.id,
            kind=ProposalKind.REJECT,
            yrkande_number=2,
            text="avslag till att-sats 2",
            author_id=world.members[1].id,
            now=START,
        )
        for title in ("Motion om spårväg", "Motion om linbana"):
            rivals = await items.create_item(
                conn,
                guild_id=world.guild.id,
                meeting_id=meeting.id,
                kind=DocumentKind.MOTION,
                title=title,
                body="Bakgrund.",
                signatories=["Anna"],
                language=Language.SV,
                source_name="motion.txt",
                yrkanden=["att regionen bygger den"],
                status=ItemStatus.OPEN,
                created_by=world.chair.id,
                now=START,
            )
            for kind, text in [
                (ProposalKind.CHANGE, "att regionen bygger den till 2030"),
                (ProposalKind.OWN, "att regionen bygger den till 2040"),
            ]:
                await proposals.table(
                    conn,
                    item_id=rivals.id,
                    kind=kind,
                    yrkande_number=1,
                    text=text,
                    author_id=world.members[1].id,
                    now=START,
                )
    closing = await world.fake.run_command(
        world.chair, world.channel, "motion close", {"motion": 2}
    )
    (closed,) = await closing.followups(1)
    assert "är stängd" in closed.content, closed.content


async def seed_elections(bot: YrkaBot, world: World) -> None:
    """Elections 1 and 3 (nominations open, Anna has accepted) and 2 (voting open)."""
    chair = Actor(
        user_id=world.chair.id, role_ids=frozenset({world.chair_role.id, world.member_role.id})
    )
    for number, title in ((1, "Gruppledare"), (2, "Ombud"), (3, "Kassör")):
        await election_service.create_election(
            bot.db,
            guild_id=world.guild.id,
            actor=chair,
            meeting_number=1,
            title=title,
            seats=1,
            majority=ElectionMajority.PLURALITY,
            deadline=None,
            now=START,
        )
        nominee = world.members[0]
        _, nomination = await election_service.nominate(
            bot.db,
            guild_id=world.guild.id,
            actor=chair,
            election_number=number,
            nominee_id=nominee.id,
            nominee_name=nominee.name,
            nominee_is_bot=False,
            now=START,
        )
        await election_service.answer_nomination(
            bot.db,
            guild_id=world.guild.id,
            actor=Actor(user_id=nominee.id),
            nomination_id=nomination.id,
            accept=True,
            now=START,
        )
    await election_service.open_election(
        bot.db, guild_id=world.guild.id, actor=chair, election_number=2, now=START
    )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def arena(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Arena]:
    """One bot for the whole matrix: the group set up, meeting 1, motions 1 (open) and 2 (closed)."""
    fake = FakeDiscord()
    await fake.start()
    db_path: Path = tmp_path_factory.mktemp("matrix") / "yrka.sqlite3"
    runner = BotRunner(fake, db_path, FixedClock(START))
    try:
        world = await build_world(fake)
        substitute_role = await fake.add_role("Ersättare")
        substitute = await fake.add_member("Ersättaren", [substitute_role])
        # The ersättare /meeting substitute appoints: never absent, whatever case ran before
        # (the matrix's own ersättare reports förhinder in the /meeting absent case).
        spare = await fake.add_member("Reserven", [substitute_role])
        bot = await runner.start()
        await setup_group(world)
        with_substitutes = await fake.run_command(
            world.chair, world.channel, "setup group", role_options(world, substitute_role)
        )
        assert "Klart!" in (await with_substitutes.response()).content
        created = await fake.run_command(
            world.chair,
            world.channel,
            "meeting create",
            {"title": "Regionfullmäktige 8 december", "date": "2026-12-08"},
        )
        assert "är skapat" in (await created.response()).content
        await seed_items(bot, world)
        await seed_elections(bot, world)
        people = {
            "member": world.members[0],
            "non_member": world.outsider,
            "chair": world.chair,
            "secretary": world.secretary,
            "manage_server": world.admin,
            "substitute": substitute,
            "spare_substitute": spare,
        }
        yield Arena(bot=bot, world=world, people=people, substitute_role=substitute_role)
    finally:
        await runner.stop()
        await fake.stop()
    assert not fake.unknown_routes, f"routes the fake does not know: {fake.unknown_routes}"


async def dump(bot: YrkaBot) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    async with bot.db.read() as conn:
        async with conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ) as cursor:
            tables = [row[0] for row in await cursor.fetchall()]
        rows: dict[str, list[tuple[Any, ...]]] = {}
        for table in tables:
            async with conn.execute(f'SELECT * FROM "{table}"') as cursor:
                rows[table] = sorted((tuple(row) for row in await cursor.fetchall()), key=repr)
    return rows


async def quiet_dump(bot: YrkaBot, fake: FakeDiscord) -> dict[str, list[tuple[Any, ...]]]:
    """A dump once the previous case's follow-up work (if any) has finished."""
    await settled(bot, fake)
    return await dump(bot)


@dataclass
class Answer:
    """What the person saw in the end: the text of all parts, and whether only they saw it."""

    text: str
    ephemeral: bool


async def final_answer(interaction: FakeInteraction) -> Answer:
    """The initial response, or what answered a thinking defer (follow-up or edit)."""
    reply = await interaction.response()
    if reply.type == DEFERRED_CHANNEL_MESSAGE:
        message = await interaction.answered()
        parts = [message.content, *message.custom_ids()]
        parts += [f"{e.get('title', '')}\n{e.get('description', '')}" for e in message.embeds]
        return Answer("\n".join(parts), reply.ephemeral and message.ephemeral)
    parts = [reply.content, reply.custom_id if reply.is_modal else ""]
    parts += [f"{e.get('title', '')}\n{e.get('description', '')}" for e in reply.embeds]
    parts += [
        str(component.get("custom_id", ""))
        for row in reply.components
        for component in row.get("components", [])
    ]
    return Answer("\n".join(parts), reply.ephemeral)


@pytest.mark.parametrize(("case", "person", "allowed"), matrix())
async def test_command_is_allowed_or_politely_refused_without_changing_anything(
    arena: Arena, case: Case, person: str, allowed: bool
) -> None:
    options = (
        role_options(arena.world, arena.substitute_role)
        if case.options is SAME_ROLES
        else {
            name: {
                "<the ersättare>": arena.people["spare_substitute"],
                "<a ledamot>": arena.people["member"],
            }.get(value, value)
            if isinstance(value, str)
            else value
            for name, value in case.options.items()
        }
    )
    if case.options is NOMINEE:
        options = {"election": 1, "member": arena.world.members[1]}
    if case.options is SPEAKER:
        options = {"motion": 1, "member": arena.world.members[1]}
    if case.given is not None and allowed:
        command, given_options, phrase = case.given
        made = await arena.world.fake.run_command(
            arena.people[person], arena.world.channel, command, given_options
        )
        assert phrase in (await final_answer(made)).text, f"given {command} failed"
    before = await quiet_dump(arena.bot, arena.world.fake)
    interaction = await arena.world.fake.run_command(
        arena.people[person], arena.world.channel, case.command, options
    )
    answer = await final_answer(interaction)
    refusal = error_text(NotAllowed(role_key=case.refusal_role_key))
    if allowed:
        assert case.success in answer.text, answer.text
        assert "behörighet" not in answer.text, answer.text
        return
    assert answer.ephemeral, "a refusal is shown to the person only"
    assert answer.text.strip() == refusal, answer.text
    assert "Traceback" not in answer.text and "felkod" not in answer.text
    await settled(arena.bot, arena.world.fake)
    assert await dump(arena.bot) == before, "a refusal changed the database"


async def test_matrix_covers_every_synced_command_and_subcommand(arena: Arena) -> None:
    fake = arena.world.fake
    synced = {**fake.global_commands, **fake.guild_commands.get(arena.world.guild.id, {})}
    lines: set[str] = set()
    for name, command in synced.items():
        options = command.data.get("options") or []
        subcommands = [f"{name} {o['name']}" for o in options if o.get("type") == 1]
        lines.update(subcommands or [name])
    assert lines == {case.command for case in CASES}
