"""The one message catalogue: every sentence the bot says, in Swedish and English.

Keys are stable ids (`area.what`); each feature keeps its entries in a sibling module
(found by name, never listed here) so parallel work does not collide, and they are
merged into CATALOGUE. A test checks that every key has both languages with the same
placeholders.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from bot.domain.errors import UserError
from bot.domain.models import Language

Entry = tuple[str, str]  # (Swedish, English)


def _merge(*modules: Any) -> dict[str, Entry]:
    merged: dict[str, Entry] = {}
    for module in modules:
        for key, entry in module.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key defined twice: {key}")
            merged[key] = entry
    return merged


def _feature_modules() -> list[Any]:
    # Every sibling module is a feature's entries: found, not listed, so parallel features
    # never edit the same line here.
    names = sorted(info.name for info in pkgutil.iter_modules(__path__))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


CATALOGUE: dict[str, Entry] = _merge(*_feature_modules())


def t(key: str, lang: Language | str = Language.SV, /, **params: Any) -> str:
    """The sentence for `key` in `lang`, with `params` filled in."""
    sv, en = CATALOGUE[key]
    template = en if Language(lang) is Language.EN else sv
    return template.format(**params) if params else template


def error_text(error: UserError, lang: Language | str = Language.SV) -> str:
    """The polite sentence for a UserError; a `<name>_key` param is itself translated."""
    params = {}
    for name, value in error.params.items():
        if name.endswith("_key") and isinstance(value, str):
            params[name.removesuffix("_key")] = t(value, lang)
        else:
            params[name] = value
    return t(error.key, lang, **params)
