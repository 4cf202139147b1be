"""Export a big meeting straight from the database: build-from-db and render time per format.

Run as `python -m bench.bench_export_db` or `python bench/bench_export_db.py`.
The parent seeds one SQLite file through the real repositories (40 items x 3 yrkanden,
60 members who all vote by name with some switches and withdrawals, 500 comments, the
chair's overrides); each format is then measured in a fresh child process: the time to
open the database and build the MeetingRecord, the time to render the files (cold, so
lazy imports and font registration are included), and the process's max RSS.
Targets: build + render under 2 s and max RSS under 200 MB per format.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `bench` and `bot` importable
    sys.path.insert(0, str(ROOT))

from bot.domain.models import (  # noqa: E402
    Choice,
    CouncilResult,
    DocumentKind,
    ExportFormat,
    GroupRules,
    ItemStatus,
    Language,
    Position,
    VoteSource,
)
from bot.domain.records import Group, Outcome, Reservation  # noqa: E402
from bot.domain.rules import decide  # noqa: E402
from bot.domain.tally import count_votes, current_votes  # noqa: E402
from db import (  # noqa: E402
    audit,
    comments,
    groups,
    items,
    meetings,
    outcomes,
    positions,
    votes,
)
from db.connection import Database  # noqa: E402

TIME_TARGET_S = 2.0
MEMORY_TARGET_MB = 200.0
GUILD_ID = 123_456_789_012_345_678
CHAIR_ID = 100_000
STARTS_AT = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
SEEDED_AT = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
_FIRST_NAMES = ("Åsa", "Björn", "Märta", "Örjan", "Elif", "Johan", "Sofia", "Ahmed", "Lena", "Pär")
_LAST_NAMES = ("Öberg", "Ström", "Lindqvist", "Nilsson", "Çelik", "Åkesson", "Bäck", "Holm")
_CHOICES = (Choice.BIFALL, Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR, None)


async def seed_big_meeting(
    db: Database,
    *,
    items_count: int = 40,
    yrkanden_per_item: int = 3,
    members: int = 60,
    comment_count: int = 500,
) -> int:
    """Fill `db` with one group's big meeting through the repositories; returns its number."""
    now = SEEDED_AT
    member_ids = [CHAIR_ID + index for index in range(members)]
    names = {
        member_id: f"{_FIRST_NAMES[i % len(_FIRST_NAMES)]} {_LAST_NAMES[i % len(_LAST_NAMES)]} {i}"
        for i, member_id in enumerate(member_ids)
    }
    async with db.transaction() as conn:
        await groups.save(
            conn,
            Group(
                guild_id=GUILD_ID,
                name="Vänsterpartiet i Region Östergötland",
                member_role_id=1,
                chair_role_id=2,
                secretary_role_id=3,
                channel_id=4,
            ),
            now,
        )
        await groups.upsert_members(
            conn,
            GUILD_ID,
            [(mid, names[mid], i % 10 != 9) for i, mid in enumerate(member_ids)],
            now,
        )
        meeting = await meetings.create(
            conn,
            guild_id=GUILD_ID,
            title="Regionfullmäktige 8 december",
            starts_at=STARTS_AT,
            deadline_at=STARTS_AT - timedelta(days=1),
            created_by=CHAIR_ID,
            now=now,
        )
        created = []
        for item_index in range(items_count):
            item = await items.create_item(
                conn,
                guild_id=GUILD_ID,
                meeting_id=meeting.id,
                kind=DocumentKind.MOTION,
                title=f"Motion om förbättrad kollektivtrafik i länsdel {item_index + 1}",
                body="Bakgrund: Många invånare har långt till närmaste hållplats. " * 20,
                signatories=[names[mid] for mid in member_ids[item_index % members :][:3]],
                language=Language.SV,
                source_name=f"motion-{item_index + 1}.docx",
                yrkanden=[
                    f"att regionfullmäktige beslutar att utreda åtgärd {number} för ärende "
                    f"{item_index + 1} så att länets invånare får bättre kollektivtrafik."
                    for number in range(1, yrkanden_per_item + 1)
                ],
                status=ItemStatus.OPEN,
                created_by=CHAIR_ID,
                now=now,
            )
            created.append(item)
            for yrkande in item.yrkanden:
                for member_index, member_id in enumerate(member_ids):
                    choice = _CHOICES[(member_index + item_index + yrkande.number) % 5]
                    at = now + timedelta(minutes=member_index)
                    if member_index % 10 == 9:
                        continue  # not a voting member
                    if member_index % 13 == 0:  # changes their mind first
                        await votes.append(
                            conn,
                            yrkande_id=yrkande.id,
                            member_id=member_id,
                            choice=Choice.AVSLAG,
                            at=at - timedelta(seconds=30),
                            source=VoteSource.REACTION,
                        )
                    await votes.append(
                        conn,
                        yrkande_id=yrkande.id,
                        member_id=member_id,
                        choice=choice,
                        at=at,
                        source=VoteSource.REACTION,
                    )
        closed_at = now + timedelta(days=1)
        eligible = await groups.voting_member_ids(conn, GUILD_ID)
        for item_index, item in enumerate(created):
            await items.set_status(
                conn, item.id, ItemStatus.CLOSED, now=closed_at, actor_id=CHAIR_ID
            )
            for yrkande in item.yrkanden:
                events = await votes.events_for(conn, yrkande.id)
                counts = count_votes(current_votes(events, until=closed_at), eligible)
                decision = decide(
                    counts,
                    eligible=len(eligible),
                    rules=GroupRules(),
                    chair_vote=None,
                    lottery_seed=f"{item.number}-{yrkande.number}",
                )
                await positions.record_decision(conn, yrkande.id, decision, eligible, closed_at)
                if (item_index + yrkande.number) % 7 == 0:
                    await positions.set_override(
                        conn,
                        yrkande.id,
                        Position.ATERREMISS,
                        "Mer underlag behövs om kostnaderna.",
                        CHAIR_ID,
                        closed_at,
                    )
            await audit.append(
                conn,
                guild_id=GUILD_ID,
                at=closed_at,
                actor_id=CHAIR_ID,
                action="motion.close",
                payload={"item": item.number},
            )
            # After fullmäktige: every item decided, every fourth one reserved against.
            decided_at = closed_at + timedelta(days=2)
            await outcomes.set_outcome(
                conn,
                Outcome(
                    item_id=item.id,
                    yrkande_number=None,
                    result=CouncilResult.AVSLAG if item_index % 2 else CouncilResult.BIFALL,
                    votes_for=30 + item_index % 7,
                    votes_against=40 - item_index % 5,
                    set_by=CHAIR_ID,
                    set_at=decided_at,
                ),
            )
            if item_index % 4 == 1:
                await outcomes.set_reservation(
                    conn,
                    Reservation(
                        item_id=item.id,
                        text="V-gruppen reserverar sig till förmån för eget yrkande.",
                        set_by=CHAIR_ID,
                        set_at=decided_at,
                    ),
                )
        for comment_index in range(comment_count):
            author = member_ids[comment_index % members]
            await comments.add(
                conn,
                message_id=10_000_000 + comment_index,
                item_id=created[comment_index % items_count].id,
                author_id=author,
                author_name=names[author],
                content=f"Kommentar {comment_index}: jag tycker att vi bör yrka bifall, "
                "men åtgärden är dyr.",
                attachments=["underlag.pdf"] if comment_index % 50 == 0 else [],
                at=now + timedelta(minutes=comment_index),
            )
            if comment_index % 37 == 0:
                await comments.mark_deleted(
                    conn, 10_000_000 + comment_index, now + timedelta(hours=20)
                )
        # Members who left keep their votes; the minutes list them apart.
        for index in range(28, members, 29):
            await groups.mark_left(conn, GUILD_ID, member_ids[index], closed_at)
    return meeting.number


async def _measure(db_path: Path, meeting_number: int, fmt: ExportFormat) -> dict[str, object]:
    from bot.services.exports import load_meeting_record, render_record

    started = time.perf_counter()
    db = await Database.open(db_path)
    try:
        record = await load_meeting_record(
            db, guild_id=GUILD_ID, meeting_number=meeting_number, now=SEEDED_AT
        )
    finally:
        await db.close()
    built = time.perf_counter()
    files = await render_record(record, fmt)
    rendered = time.perf_counter()
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    rss_unit = 1 if sys.platform == "darwin" else 1024
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * rss_unit
    return {
        "format": fmt.value,
        "build_s": built - started,
        "render_s": rendered - built,
        "max_rss_mb": max_rss / 2**20,
        "bytes": sum(len(file.data) for file in files),
        "votes": sum(len(y.votes) for item in record.items for y in item.yrkanden),
    }


def run_all(db_path: Path, meeting_number: int) -> list[dict[str, object]]:
    """Each format measured in its own subprocess so peaks do not add up."""
    results = []
    for fmt in ExportFormat:
        completed = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                fmt.value,
                "--db",
                str(db_path),
                "--meeting",
                str(meeting_number),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        results.append(json.loads(completed.stdout))
    return results


def print_table(results: list[dict[str, object]], seed_seconds: float) -> bool:
    """One row per format; targets are reported (met/MISSED), never a failure."""
    print(f"seeded the meeting through the repositories in {seed_seconds:.2f} s")
    print(f"cores: {os.cpu_count()}")
    print(
        f"{'format':<6} {'build s':>8} {'render s':>9} {'total s':>8} {'max RSS MB':>11}"
        f" {'size KB':>8} {'votes':>6}  target"
    )
    for row in results:
        build, render = float(str(row["build_s"])), float(str(row["render_s"]))
        rss = float(str(row["max_rss_mb"]))
        ok = build + render < TIME_TARGET_S and rss < MEMORY_TARGET_MB
        print(
            f"{row['format']!s:<6} {build:>8.3f} {render:>9.3f} {build + render:>8.3f}"
            f" {rss:>11.1f} {int(str(row['bytes'])) / 1024:>8.0f} {row['votes']!s:>6}"
            f"  {'met' if ok else 'MISSED'}"
        )
    print(
        f"targets: build + render < {TIME_TARGET_S} s and max RSS < {MEMORY_TARGET_MB:.0f} MB "
        "per format (each in a fresh process)"
    )
    print("the targets are reported, not enforced (a slower machine is not a failure)")
    return True


async def _seed(db_path: Path) -> int:
    db = await Database.open(db_path)
    try:
        return await seed_big_meeting(db)
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> int:
    """Parent: seed a database and measure every format in a child. Child: one format."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=[fmt.value for fmt in ExportFormat])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--meeting", type=int, default=1)
    args = parser.parse_args(argv)
    if args.child:
        result = asyncio.run(_measure(args.db, args.meeting, ExportFormat(args.child)))
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        meeting_number = asyncio.run(_seed(db_path))
        seed_seconds = time.perf_counter() - started
        ok = print_table(run_all(db_path, meeting_number), seed_seconds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
