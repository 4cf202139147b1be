"""The message catalogue: every key in both languages with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.domain.errors import NotAllowed
from bot.ui.messages import CATALOGUE, error_text, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_entry_has_both_languages_with_same_placeholders(key: str) -> None:
    sv, en = CATALOGUE[key]
    assert sv.strip() and en.strip()
    assert _fields(sv) == _fields(en)


def test_swedish_is_the_default() -> None:
    assert t("error.voting_closed") == "Röstningen är inte öppen."
    assert t("error.voting_closed", "en") == "Voting is closed."[:0] + "Voting is not open."


def test_role_names_in_refusals_are_translated() -> None:
    error = NotAllowed(role_key="role.chair")
    assert "ordförande" in error_text(error, "sv")
    assert "chair" in error_text(error, "en")
