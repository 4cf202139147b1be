"""What the file-reading commands (`parse`, `agenda`) share: the `--lang` option and reading
the file they are given, with a message in the chosen language when it cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.domain.models import Language
from bot.ui.messages import t

LANGUAGES = (Language.SV, Language.EN)


def lang_option(arg: str, rest: list[str]) -> Language | None:
    """The language of `--lang sv|en` (its value taken from `rest`) or `--lang=sv|en`; None
    when `arg` is neither (an unknown language is not an option either: usage error)."""
    if arg == "--lang" and rest and rest[0] in LANGUAGES:
        return Language(rest.pop(0))
    value = arg.removeprefix("--lang=")
    if arg.startswith("--lang=") and value in LANGUAGES:
        return Language(value)
    return None


def read_input(path: Path, lang: Language) -> bytes | None:
    """The file's bytes; None (after saying so on stderr) when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        print(t("intake.cli.file_not_found", lang, path=str(path)), file=sys.stderr)
        return None
