"""Reusable, deterministic meeting records for benches and tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.minutes import (
    CommentRecord,
    ItemRecord,
    MeetingRecord,
    MemberRecord,
    NamedVote,
    OutcomeRecord,
    YrkandeRecord,
)
from bot.domain.models import (
    Choice,
    CouncilResult,
    Counts,
    DocumentKind,
    ItemStatus,
    Language,
    Position,
    Verdict,
    VoteSource,
)

_FIRST_NAMES = ("Åsa", "Björn", "Märta", "Örjan", "Elif", "Johan", "Sofia", "Ahmed", "Lena", "Pär")
_LAST_NAMES = ("Öberg", "Ström", "Lindqvist", "Nilsson", "Çelik", "Åkesson", "Bäck", "Holm")
_CHOICES = (Choice.BIFALL, Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR, None)
_POSITIONS = (Position.BIFALL, Position.AVSLAG, Position.ATERREMISS, Position.FRI_ROST)


def _derived(counts: Counts) -> Position:
    if counts.bifall > counts.avslag:
        return Position.BIFALL
    if counts.avslag > counts.bifall:
        return Position.AVSLAG
    return Position.UNDECIDED


def big_meeting_record(
    items: int = 40,
    yrkanden_per_item: int = 3,
    members: int = 60,
    comments: int = 500,
    language: Language = Language.SV,
    starts_at: datetime = datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
) -> MeetingRecord:
    """A meeting of the given size with named votes from every member on every yrkande."""
    member_records = [
        MemberRecord(
            member_id=100_000 + index,
            name=f"{_FIRST_NAMES[index % len(_FIRST_NAMES)]} {_LAST_NAMES[index % len(_LAST_NAMES)]} {index}",
            voting=index % 10 != 9,
            left=index % 29 == 28,
        )
        for index in range(members)
    ]
    item_records = []
    for item_index in range(items):
        yrkanden = []
        for number in range(1, yrkanden_per_item + 1):
            votes = []
            for member_index, member in enumerate(member_records):
                choice = _CHOICES[(member_index + item_index + number) % len(_CHOICES)]
                if choice is None or not member.voting:
                    continue
                votes.append(
                    NamedVote(
                        member_id=member.member_id,
                        name=member.name,
                        choice=choice,
                        at=starts_at + timedelta(minutes=member_index + number),
                        source=VoteSource.REACTION,
                    )
                )
            eligible = sum(1 for m in member_records if m.voting and not m.left)
            counts = Counts(
                bifall=sum(v.choice is Choice.BIFALL for v in votes),
                avslag=sum(v.choice is Choice.AVSLAG for v in votes),
                avstar=sum(v.choice is Choice.AVSTAR for v in votes),
                not_voted=max(eligible - len(votes), 0),
            )
            derived = _derived(counts)
            overridden = (item_index + number) % 7 == 0
            position = (
                _POSITIONS[(item_index + number) % len(_POSITIONS)] if overridden else derived
            )
            yrkanden.append(
                YrkandeRecord(
                    number=number,
                    text=f"att regionfullmäktige beslutar att utreda åtgärd {number} för ärende {item_index + 1} "
                    "så att länets invånare får bättre kollektivtrafik, vård och skola.",
                    counts=counts,
                    votes=votes,
                    position=position,
                    derived_position=derived,
                    position_note="Mer underlag behövs om kostnaderna." if overridden else None,
                    overridden=overridden,
                    position_set_by="Ordförande Öberg" if overridden else None,
                    status=ItemStatus.CLOSED,
                )
            )
        item_records.append(
            ItemRecord(
                paragraph=3 + item_index,
                number=item_index + 1,
                kind=DocumentKind.MOTION,
                title=f"Motion om förbättrad kollektivtrafik i länsdel {item_index + 1}",
                signatories=[m.name for m in member_records[item_index % members :][:3]],
                body_excerpt="Bakgrund: Många invånare har långt till närmaste hållplats. " * 5,
                yrkanden=yrkanden,
                comments=[],
                # After fullmäktige: every item decided, every fourth one reserved against.
                council=OutcomeRecord(
                    result=CouncilResult.AVSLAG if item_index % 2 else CouncilResult.BIFALL,
                    votes_for=30 + item_index % 7,
                    votes_against=40 - item_index % 5,
                    abstained=item_index % 3,
                ),
                verdict=Verdict.LOST if item_index % 2 else Verdict.WON,
                reservation=(
                    "V-gruppen reserverar sig till förmån för eget yrkande. " * 4
                    if item_index % 4 == 1
                    else None
                ),
            )
        )
    for comment_index in range(comments):
        author = member_records[comment_index % members]
        item_records[comment_index % items].comments.append(
            CommentRecord(
                author=author.name,
                text=f"Kommentar {comment_index}: jag tycker att vi bör yrka bifall, men åtgärden är dyr.",
                at=starts_at + timedelta(minutes=comment_index),
                edited=comment_index % 11 == 0,
                deleted=comment_index % 37 == 0,
                attachments=["underlag.pdf"] if comment_index % 50 == 0 else [],
            )
        )
    return MeetingRecord(
        group_name="Vänsterpartiet i Region Östergötland",
        guild_id=123_456_789_012_345_678,
        language=language,
        meeting_number=7,
        meeting_title="Regionfullmäktige 8 december",
        starts_at=starts_at,
        deadline_at=starts_at + timedelta(days=6),
        generated_at=starts_at + timedelta(days=6, hours=1),
        members=member_records,
        items=item_records,
        audit_head_hash="ab" * 32,
    )
