"""The vote message and the private notices say what THIS message offers (its option set)."""

from __future__ import annotations

from bot.domain.models import ItemStatus, Language
from bot.domain.options import STANDARD, numbered
from bot.ui.votes import options_line, options_or_list, vote_message_text


def _text(options, lang=Language.SV):  # type: ignore[no-untyped-def]
    return vote_message_text(
        item_number=3,
        item_title="Motion",
        yrkande_number=1,
        yrkande_total=2,
        text="att bygga",
        status=ItemStatus.OPEN,
        counts=None,
        voted=0,
        position=None,
        lang=lang,
        options=options,
    )


def test_standard_message_offers_yes_no_abstain_as_before() -> None:
    assert "Rösta med en reaktion: ✅ bifall · ❌ avslag · ➖ avstår" in _text(STANDARD)
    assert "Vote with a reaction: ✅ bifall (yes) · ❌ avslag (no) · ➖ avstår (abstain)" in _text(
        STANDARD, Language.EN
    )
    assert options_or_list(STANDARD, Language.SV) == "✅ bifall, ❌ avslag eller ➖ avstår"


def test_numbered_message_offers_its_numbers_and_abstain() -> None:
    text = _text(numbered(3))
    assert (
        "1\ufe0f\u20e3 alternativ 1 · 2\ufe0f\u20e3 alternativ 2 · 3\ufe0f\u20e3 alternativ 3 · ➖ avstår"
        in text
    )
    assert "✅" not in text
    assert options_line(numbered(2), Language.EN) == (
        "1\ufe0f\u20e3 alternative 1 · 2\ufe0f\u20e3 alternative 2 · ➖ avstår (abstain)"
    )
    assert options_or_list(numbered(2), Language.SV) == (
        "1\ufe0f\u20e3 alternativ 1, 2\ufe0f\u20e3 alternativ 2 eller ➖ avstår"
    )


def test_nine_long_alternatives_fit_one_message_with_how_to_vote_and_counts() -> None:
    from bot.domain.alternatives import Alternative, ProposalKind, Question, QuestionKind, Round
    from bot.ui.limits import MESSAGE_CONTENT
    from bot.ui.votes import question_message_text

    alternatives = tuple(
        Alternative(
            number=n,
            kind=ProposalKind.ORIGINAL if n == 1 else ProposalKind.CHANGE,
            text="att " + "mycket lång text " * 200,
            author_id=None if n == 1 else 1000 + n,
        )
        for n in range(1, 10)
    )
    question = Question(kind=QuestionKind.ALTERNATIVES, yrkande_number=1, alternatives=alternatives)
    text = question_message_text(
        item_number=1,
        item_title="Motion " * 100,
        question=question,
        shown=Round(number=1, alternatives=tuple(range(1, 10)), votes={n: n for n in range(1, 10)}),
        options=numbered(9),
        text="x",
        author_id=None,
        index=1,
        total=1,
        status=ItemStatus.OPEN,
        show_counts=True,
        voted=45,
        lang=Language.SV,
    )
    assert len(text) <= MESSAGE_CONTENT
    assert "9\ufe0f\u20e3 Ändringsyrkande av <@1009>" in text
    assert "Rösta med en reaktion: 1\ufe0f\u20e3 alternativ 1" in text
    assert "9\ufe0f\u20e3 9 · ➖ 0 avstår" in text


def test_an_english_group_sees_the_second_round_in_english() -> None:
    from bot.domain.alternatives import (
        Alternative,
        AlternativesOutcome,
        ProposalKind,
        Question,
        QuestionKind,
        Round,
    )
    from bot.domain.options import numbered_of
    from bot.ui.votes import question_message_text

    question = Question(
        kind=QuestionKind.ALTERNATIVES,
        yrkande_number=2,
        alternatives=(
            Alternative(number=1, kind=ProposalKind.ORIGINAL, text="att a"),
            Alternative(number=2, kind=ProposalKind.CHANGE, text="att b", author_id=7),
            Alternative(number=3, kind=ProposalKind.OWN, text="att c", author_id=8),
        ),
    )
    closed = Round(
        number=2,
        alternatives=(1, 3),
        votes={1: 2, 3: 5},
        outcome=AlternativesOutcome(
            votes={1: 2, 3: 5}, abstained=0, eligible=9, quorum_met=True, reason="r", winner=3
        ),
    )
    text = question_message_text(
        item_number=4,
        item_title="Night buses",
        question=question,
        shown=closed,
        options=numbered_of([1, 3]),
        text="att a",
        author_id=None,
        index=2,
        total=3,
        status=ItemStatus.OPEN,
        show_counts=True,
        voted=7,
        lang=Language.EN,
    )
    assert "Clause 2: second round" in text
    assert "2\ufe0f\u20e3" not in text  # alternative 2 is not in this round
    assert "3\ufe0f\u20e3 Own proposal by <@8>: att c" in text
    assert "Voting is closed. Winner: 3\ufe0f\u20e3 alternative 3." in text
    assert "Vote with a reaction" not in text  # closed: no how-to
