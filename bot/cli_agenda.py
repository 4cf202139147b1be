"""`python -m bot agenda <file> [--json] [--lang sv|en]`: show the ärenden Yrka finds in a kallelse."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.cli_args import lang_option, read_input
from bot.domain.agenda import Agenda, read_agenda
from bot.domain.errors import DocumentError
from bot.domain.models import Language
from bot.intake import read_document
from bot.ui.messages import error_text, t


def main(argv: list[str]) -> int:
    """Run the agenda command; 0 on success, 1 on an unreadable file, 2 on wrong usage."""
    args = list(argv[1:] if argv[:1] == ["agenda"] else argv)
    as_json = "--json" in args
    lang = Language.SV
    paths: list[str] = []
    rest = [arg for arg in args if arg != "--json"]
    while rest:
        arg = rest.pop(0)
        chosen = lang_option(arg, rest)
        if chosen is not None:
            lang = chosen
        elif arg.startswith("-") and arg != "-":
            paths = []
            break
        else:
            paths.append(arg)
    if len(paths) != 1:
        print(t("agenda.cli.usage", lang), file=sys.stderr)
        return 2
    path = Path(paths[0])
    data = read_input(path, lang)
    if data is None:
        return 1
    try:
        agenda = read_agenda(read_document(path.name, data))
    except DocumentError as error:
        print(error_text(error, lang), file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(agenda_json(agenda), ensure_ascii=False, indent=2))
    else:
        print(render_agenda(agenda, lang))
    return 0


def agenda_json(agenda: Agenda) -> dict[str, object]:
    """The agenda as the JSON the command prints: body, date and the ärenden in order."""
    return {
        "body": agenda.body,
        "date": agenda.date,
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "kind": item.kind.value,
                "formal": item.formal,
                "dnr": item.dnr,
                "proposal": item.proposal,
            }
            for item in agenda.items
        ],
    }


def render_agenda(agenda: Agenda, lang: Language) -> str:
    """The agenda as readable lines: body, date, then each ärende with kind and proposal."""
    unknown = t("agenda.cli.unknown", lang)
    lines = [
        t("agenda.cli.body", lang, body=agenda.body or unknown),
        t("agenda.cli.date", lang, date=agenda.date or unknown),
        t("agenda.cli.items", lang, count=len(agenda.items)),
    ]
    for item in agenda.items:
        kind = t("agenda.kind.formal" if item.formal else f"agenda.kind.{item.kind}", lang)
        number = item.number or t("agenda.cli.unnumbered", lang)
        dnr = f" [{item.dnr}]" if item.dnr else ""
        lines.append(f"{number:>4}  {item.title} ({kind}){dnr}")
        lines.extend(f"        – {clause}" for clause in item.proposal)
    return "\n".join(lines)
