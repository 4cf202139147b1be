"""Stage 1, normalise: repair PDF and word-processor artefacts so later stages see clean lines.

Lines are kept; paragraphs are separated by exactly one blank line; hard wraps inside a
sentence are joined, page furniture (page numbers, running headers) is dropped.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter

from bot.domain.motion.cues import att_line_starts_clause, find_cue
from bot.domain.motion.patterns import (
    ATT_START,
    MARKER,
    MERGED_HEADING,
    TERMINATORS,
    starts_lowercase_word,
)

MAX_TEXT_CHARS = 2 * 1024 * 1024

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(
    map(
        ord,
        "\t\u00a0\u2007\u202f\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a",
    ),
    " ",
)
_ZERO_WIDTH_RUN = re.compile("[" + "".join(map(chr, _ZERO_WIDTH)) + "]+")
_SPACE_RUN = re.compile("[" + "".join(map(chr, _SPACES)) + "]")
_HYPHEN_END = re.compile(r"\w-$")
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WHITESPACE_RUN = re.compile(r"\s+")

_PAGE_FURNITURE = re.compile(
    r"^(?:(?:sida|page|s\.)\s*\d{1,4}(?:\s*(?:av|of|/|\()\s*\d{1,4}\)?)?"
    r"|\d{1,4}\s*\(\s*\d{1,4}\s*\)"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[-–—]?\s*\d{1,3}\s*[-–—]?)$",
    re.IGNORECASE,
)
# Words after a line-break hyphen that show a real compound ellipsis: "gång- och cykelbana".
_ELLIPSIS_WORDS = frozenset(
    {"och", "eller", "samt", "respektive", "resp", "som", "till", "and", "or", "nor", "&"}
)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _collapse_double_spacing(lines: list[str]) -> list[str]:
    """PDF extraction sometimes puts a blank line after every line; paragraphs then show as 2+ blanks."""
    gaps: Counter[int] = Counter()
    wrap_like = 0
    last_text = -1
    for index, line in enumerate(lines):
        if _is_blank(line):
            continue
        if last_text >= 0:
            gap = index - last_text - 1
            gaps[min(gap, 2)] += 1
            if gap == 1 and starts_lowercase_word(line) and not ATT_START.match(line):
                wrap_like += 1
        last_text = index
    single = gaps[1]
    if single < 3 or wrap_like * 2 < single or gaps[0] * 2 > single:
        return lines
    collapsed: list[str] = []
    blank_run = 0
    for line in lines:
        if _is_blank(line):
            blank_run += 1
            continue
        if collapsed and blank_run >= 2:
            collapsed.append("")
        blank_run = 0
        collapsed.append(line)
    return collapsed


def _drop_repeated_furniture(lines: list[str]) -> list[str]:
    """Remove running headers/footers: short identical lines repeated on three or more pages."""
    # A line that the next one continues in lower case is text that happens to repeat
    # ("Riksdagen tillkännager … vad som" / "anförs i motionen om …"), not a header.
    continued = {line for line, after in itertools.pairwise(lines) if starts_lowercase_word(after)}
    counts = Counter(line for line in lines if line and len(line) <= 80 and line not in continued)
    repeated = {
        line
        for line, count in counts.items()
        if count >= 3
        and not MARKER.match(line)
        and not ATT_START.match(line)
        and len(line.split()) > 1
        # A line that opens a decision block is the text repeating itself (one block per
        # motion on a registry page), not a running header.
        and find_cue(line) is None
    }
    if not repeated:
        return lines
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        if line in repeated:
            if line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return kept


def _join_wrapped_lines(lines: list[str]) -> list[str]:
    """Join hard line wraps inside sentences and words split by a line-break hyphen."""
    # Each output line is kept as pieces and joined once at the end, so joining stays linear.
    groups: list[list[str]] = []
    for line in lines:
        group = groups[-1] if groups else None
        if group is not None and line and not MARKER.match(line):
            previous = group[-1]
            if _HYPHEN_END.search(previous) and line[0].isalpha() and not previous.endswith(" -"):
                first_word = line.split(" ", 1)[0].lower()
                before_hyphen = previous[-2]
                if first_word in _ELLIPSIS_WORDS or not line[0].islower():
                    group.append(" " + line)
                elif before_hyphen.isupper() or before_hyphen.isdigit():
                    group.append(line)
                else:
                    group[-1] = previous[:-1]
                    group.append(line)
                continue
            wraps = previous[-1] not in TERMINATORS and starts_lowercase_word(line)
            if ATT_START.match(line):
                wraps = not att_line_starts_clause(previous)
            if wraps and not (len(group) == 1 and MERGED_HEADING.match(previous + " X")):
                group.append(" " + line)
                continue
        groups.append([line])
    return ["".join(group) for group in groups]


def normalise_text(text: str) -> str:
    """Repair PDF and word-processor artefacts; lines are kept, paragraphs are split by one blank line."""
    text = text[:MAX_TEXT_CHARS]
    text = unicodedata.normalize("NFC", text)
    # A character-class regex is much faster than str.translate on non-ASCII text.
    text = _ZERO_WIDTH_RUN.sub("", text)
    text = _SPACE_RUN.sub(" ", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub(" ", text)
    raw_lines = text.split("\n")
    raw_lines = _collapse_double_spacing(raw_lines)
    lines: list[str] = []
    for raw in raw_lines:
        line = _WHITESPACE_RUN.sub(" ", raw).strip()
        # A table's cell borders ("| att A görs |") are never part of the text, and a row
        # is a unit of its own: it never wraps into the next.
        row = line.startswith("|") or line.endswith("|")
        line = line.strip("|").strip()
        if line and _PAGE_FURNITURE.match(line):
            continue
        heading = MERGED_HEADING.match(line)
        if heading:
            lines.append(heading.group(1))
            line = line[heading.end() :]
        lines.append(line)
        if row and line:
            lines.append("")
    lines = _drop_repeated_furniture(lines)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(_join_wrapped_lines(p)) for p in paragraphs if p)
