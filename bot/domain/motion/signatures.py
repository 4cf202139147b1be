"""Stage 5, signatures: the names at the end of the document."""

from __future__ import annotations

import re

from bot.domain.motion.classify import EN_WORDS, SV_WORDS
from bot.domain.motion.patterns import DATE, MARKER, NAME_WITH_PARTY, NAME_WORD, ON_BEHALF

MAX_SIGNATORIES = 50

_PLAIN_NAME = re.compile(
    r"^(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms)\.?\s+)?"
    + r"[A-ZÅÄÖÉÜØÆ][\w'’-]+(?:\s+"
    + NAME_WORD
    + r"){1,3}$"
)
_PROPOSED_BY = re.compile(
    r"\b(?:(?:proposed|moved|submitted|signed|seconded)\s+by|proposer|seconder|mover)\s*:?\s+"
    r"([A-ZÅÄÖ][^,;.\n]{1,60}?)(?=\s*(?:,|;|\.|\band\b|$))",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_NAMES = frozenset({"Vänsterpartiet", "Motion", "Bakgrund", "Yrkande", "Interpellation"})


def _names_in_line(line: str) -> list[str]:
    with_party = [f"{m.group(1).strip()} {m.group(2)}" for m in NAME_WITH_PARTY.finditer(line)]
    if with_party:
        return with_party
    parts = [part.strip() for part in re.split(r",\s*|\s+(?:och|and|&)\s+", line) if part.strip()]
    # "Anna Berg, Vänsterpartiet" or "Anna Berg, gruppledare": the name is the first part.
    if parts and _PLAIN_NAME.match(parts[0]) and not all(_PLAIN_NAME.match(part) for part in parts):
        parts = parts[:1]
    if parts and all(_PLAIN_NAME.match(part) for part in parts):
        names = [part for part in parts if part not in _NOT_NAMES]
        if not any(word.lower() in SV_WORDS | EN_WORDS for name in names for word in name.split()):
            return names
    return []


def find_signatories(lines: list[str], start: int, text: str) -> list[str]:
    """Names at the end of the document ("Name (V)", plain names, or 'För <group>' alone)."""
    names: list[str] = []
    groups: list[str] = []
    tail: list[str] = []
    for line in reversed(lines[start:]):
        if not line:
            continue
        if len(tail) >= 12 or len(line) > 160 or MARKER.match(line) or line.endswith("?"):
            break
        tail.append(line)
    for line in reversed(tail):
        line = line.strip()
        dates = list(DATE.finditer(line))
        if dates:
            line = line[dates[-1].end() :].strip(" ,.")
        if not line:
            continue
        behalf = ON_BEHALF.match(line)
        if behalf and not NAME_WITH_PARTY.search(line):
            groups.append(behalf.group(1).strip(" .,"))
            continue
        found = _names_in_line(line)
        if not found and (line.endswith(".") and len(line.split()) > 4):
            names, groups = [], []
            continue
        names.extend(name for name in found if name not in names)
    if not names:
        for match in _PROPOSED_BY.finditer(text[:5000]):
            names.append(match.group(1).strip())
    return (names or groups)[:MAX_SIGNATORIES]
