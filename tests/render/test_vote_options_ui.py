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
