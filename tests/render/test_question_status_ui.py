"""/motion status and the chair's close reply render a locked beslutsgång within Discord's
limits (embed description 4,096; message 2,000) however long the alternatives, in both
languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.alternatives import (
    Alternative,
    AlternativesOutcome,
    ProposalKind,
    Question,
    QuestionKind,
    QuestionOutcome,
    Resolution,
    Round,
)
from bot.domain.models import ItemStatus, Language
from bot.domain.reports import QuestionStatus
from bot.ui.limits import EMBED_DESCRIPTION, MESSAGE_CONTENT
from bot.ui.questions import closed_question_lines, question_status_lines

AT = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
LONG = "att " + "mycket lång text " * 200


def _question(clause: int) -> Question:
    return Question(
        kind=QuestionKind.ALTERNATIVES,
        yrkande_number=clause,
        alternatives=tuple(
            Alternative(
                number=n,
                kind=ProposalKind.ORIGINAL if n == 1 else ProposalKind.OWN,
                text=LONG,
                author_id=None if n == 1 else 10**17 + n,
            )
            for n in range(1, 10)
        ),
    )


def _outcome(clause: int) -> QuestionOutcome:
    votes = {n: 2 for n in range(1, 10)} | {1: 5, 2: 4}
    first = Round(
        number=1,
        alternatives=tuple(range(1, 10)),
        votes=votes,
        closes_at=AT,
        outcome=AlternativesOutcome(
            votes=votes, abstained=1, eligible=40, quorum_met=True, reason="", runoff=(1, 2)
        ),
    )
    second = Round(number=2, alternatives=(1, 2), votes={1: 10, 2: 12}, closes_at=AT)
    return QuestionOutcome(question=_question(clause), rounds=(first, second))


@pytest.mark.parametrize("lang", list(Language))
def test_many_long_questions_stay_within_the_status_embed(lang: Language) -> None:
    from bot.domain.reports import ItemStatusReport
    from bot.ui.status import status_text

    questions = [
        QuestionStatus(outcome=_outcome(n), index=n, total=9, non_voter_ids=list(range(200)))
        for n in range(1, 10)
    ]
    report = ItemStatusReport(
        item_id=1,
        item_number=4,
        title="Motion " * 100,
        status=ItemStatus.OPEN,
        deadline_at=AT,
        comments=3,
        yrkanden=[],
        show_names=True,
        names={},
        lang=lang,
        questions=questions,
    )
    text = status_text(report, {})
    assert len(text) <= EMBED_DESCRIPTION
    lines = question_status_lines(questions[:1], lang, str)
    [second] = [line for line in lines if line.startswith("2️⃣")]
    assert len(second) < 200, "each alternative's text is cut"


@pytest.mark.parametrize("lang", list(Language))
def test_the_close_reply_fits_one_message_with_the_full_text_attached(lang: Language) -> None:
    from datetime import timedelta

    from bot.domain.counting import ClosedItem
    from bot.domain.records import Item, Meeting
    from bot.ui.meetings import closed_summary

    decided = [
        _outcome(n).model_copy(update={"resolution": Resolution.DECIDED, "winner": 2})
        for n in range(1, 10)
    ]
    lines = closed_question_lines(decided, lang)
    assert len(lines) == 9 * 4  # heading, winner, two rounds
    meeting = Meeting(
        id=1,
        guild_id=1,
        number=1,
        title="Fullmäktige",
        starts_at=AT + timedelta(days=1),
        deadline_at=AT,
        created_by=1,
        created_at=AT,
    )
    item = Item.model_validate(
        {
            "id": 1,
            "guild_id": 1,
            "meeting_id": 1,
            "number": 4,
            "kind": "motion",
            "title": "Motion",
            "body": "",
            "signatories": [],
            "language": "sv",
            "source_name": "m.txt",
            "status": "closed",
            "created_by": 1,
            "created_at": AT,
            "channel_id": None,
            "message_id": None,
            "thread_id": None,
            "closed_at": AT,
        }
    )
    closed = ClosedItem(
        item=item,
        meeting=meeting,
        results=[],
        counted_until=AT,
        by_deadline=False,
        questions=decided,
    )
    rendered = closed_summary(closed, lang)
    assert len(rendered.content) <= MESSAGE_CONTENT
    assert rendered.full_text is not None and "2️⃣" in rendered.full_text
