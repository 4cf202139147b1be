"""`python -m bot parse <file> [--json] [--lang sv|en]`: show what Yrka finds in a motion file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.cli_args import lang_option, read_input
from bot.corpus_eval import exact_line, miss_diff, score_folder
from bot.domain.errors import DocumentError
from bot.domain.models import Language
from bot.domain.motion import MotionDraft
from bot.intake import read_and_parse
from bot.ui.messages import error_text, t


def main(argv: list[str]) -> int:
    """Run the parse command; 0 on success, 1 on an unreadable file, 2 on wrong usage."""
    args = list(argv)
    if args and args[0] == "parse":
        args = args[1:]
    as_json = False
    lang = Language.SV
    paths: list[str] = []
    eval_dir = ""
    while args:
        arg = args.pop(0)
        if arg == "--eval" and args:
            eval_dir = args.pop(0)
        elif arg == "--json":
            as_json = True
        elif (chosen := lang_option(arg, args)) is not None:
            lang = chosen
        elif arg.startswith("-") and arg != "-":
            paths = []
            break
        else:
            paths.append(arg)
    if eval_dir and not paths:
        return evaluate(Path(eval_dir), lang)
    if len(paths) != 1:
        print(t("intake.cli.usage", lang), file=sys.stderr)
        return 2
    path = Path(paths[0])
    data = read_input(path, lang)
    if data is None:
        return 1
    try:
        draft = read_and_parse(path.name, data)
    except DocumentError as error:
        print(error_text(error, lang), file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(draft.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(render_draft(draft, lang))
    return 0


def evaluate(folder: Path, lang: Language) -> int:
    """Score a labelled folder: each miss with a short diff, then `exact: H/N (P%)`."""
    if not folder.is_dir():
        print(t("intake.cli.file_not_found", lang, path=str(folder)), file=sys.stderr)
        return 1
    results = score_folder(folder)
    for result in results:
        if result.hit:
            continue
        print(
            t(
                "intake.cli.eval_miss",
                lang,
                name=result.name,
                expected=len(result.expected),
                got=len(result.got),
                shape=result.shape,
            )
        )
        for line in miss_diff(result):
            print(line)
    print(exact_line(results))
    return 0


def render_draft(draft: MotionDraft, lang: Language) -> str:
    """The draft as readable lines: kind, title, signatories, language, numbered yrkanden."""
    none = t("intake.cli.none_found", lang)
    lines = [
        t("intake.cli.kind", lang, kind=t(f"intake.kind.{draft.kind}", lang)),
        t("intake.cli.title", lang, title=draft.title or none),
        t("intake.cli.signatories", lang, names=", ".join(draft.signatories) or none),
        t("intake.cli.language", lang, language=t(f"intake.language.{draft.language}", lang)),
        t("intake.cli.yrkanden", lang, count=len(draft.yrkanden)),
    ]
    lines.extend(f"  {number}. {text}" for number, text in enumerate(draft.yrkanden, start=1))
    if draft.questions:
        lines.append(t("intake.cli.questions", lang, count=len(draft.questions)))
        lines.extend(f"  {number}. {text}" for number, text in enumerate(draft.questions, start=1))
    return "\n".join(lines)
