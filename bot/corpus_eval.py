"""Score the motion reader on a folder in the corpus label format (tests/data/corpus/README.md).

Each `NNN.txt` has a `NNN.json` with the gold `yrkanden` and optional `accept` lists. A
prediction is right when it equals one of them after collapsing whitespace; a word split by
a line-break hyphen ("kom-munal") also matches the whole word, as the corpus README says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bot.domain.motion import parse_motion

_WHITESPACE = re.compile(r"\s+")
_SOFT_HYPHEN = re.compile(r"(?<=[a-zåäö])-(?=[a-zåäö])")


def _norm(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def same_list(predicted: list[str], gold: list[str]) -> bool:
    """Whether two lists of yrkanden match under the corpus normalisation."""
    if len(predicted) != len(gold):
        return False
    for mine, theirs in zip(predicted, gold, strict=True):
        a, b = _norm(mine), _norm(theirs)
        if a != b and _SOFT_HYPHEN.sub("", a) != _SOFT_HYPHEN.sub("", b):
            return False
    return True


@dataclass(frozen=True)
class Scored:
    """One document's result."""

    name: str
    shape: str
    hit: bool
    expected: list[str]
    got: list[str]


def score_folder(folder: Path) -> list[Scored]:
    """Parse every labelled document in `folder` and compare with its gold lists."""
    results = []
    for label_path in sorted(folder.glob("*.json")):
        text_path = label_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        label = json.loads(label_path.read_text(encoding="utf-8"))
        if "yrkanden" not in label:
            continue
        got = parse_motion(text_path.read_text(encoding="utf-8")).yrkanden
        golds = [label["yrkanden"], *label.get("accept", [])]
        results.append(
            Scored(
                name=label_path.stem,
                shape=str(label.get("shape", "")),
                hit=any(same_list(got, gold) for gold in golds),
                expected=list(label["yrkanden"]),
                got=got,
            )
        )
    return results


def _short(text: str, limit: int = 110) -> str:
    text = _norm(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def miss_diff(result: Scored) -> list[str]:
    """A short diff of a miss: the positions where expected and found differ."""
    lines = []
    for index in range(max(len(result.expected), len(result.got))):
        want = result.expected[index] if index < len(result.expected) else None
        have = result.got[index] if index < len(result.got) else None
        if want is not None and have is not None and same_list([have], [want]):
            continue
        if want is not None:
            lines.append(f"  - {index + 1}. {_short(want)}")
        if have is not None:
            lines.append(f"  + {index + 1}. {_short(have)}")
    return lines


def exact_line(results: list[Scored]) -> str:
    """`exact: H/N (P%)`."""
    hits = sum(result.hit for result in results)
    total = len(results)
    percent = 100.0 * hits / total if total else 0.0
    return f"exact: {hits}/{total} ({percent:.1f}%)"
