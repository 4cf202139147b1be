"""Stage 2b, items: cut normalised lines into paragraphs, list items and att-clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.motion.cues import att_line_starts_clause, is_heading
from bot.domain.motion.patterns import (
    ATT_START,
    DATE,
    MERGED_HEADING,
    NAME_WITH_PARTY,
    ON_BEHALF,
    STRANDED_NUMBER,
    marker_kind,
    starts_lowercase_word,
    strip_marker,
)


@dataclass
class Item:
    """One logical unit: a list item, an att-clause or a run of lines of a paragraph."""

    lines: list[str]
    marker: str  # "", "dash", "num", "alpha", "spaced" or "stranded" (a number alone)
    blank_before: bool
    line_index: int
    children: list[Item] = field(default_factory=list)

    @property
    def raw(self) -> str:
        """The item's lines joined, marker included."""
        return " ".join(self.lines)

    @property
    def text(self) -> str:
        """The item without its list marker."""
        if self.marker in ("", "stranded"):
            return self.raw.strip()
        return strip_marker(self.raw)

    @property
    def full_text(self) -> str:
        """The item with its continuation lines and sub-items."""
        return " ".join([self.text, *(child.raw for child in self.children)]).strip()

    @property
    def starts_with_att(self) -> bool:
        """Whether the item is an att-clause (after any marker)."""
        return bool(ATT_START.match(self.text))

    @property
    def end_line(self) -> int:
        """The index of the line after the item (and its children)."""
        last = self.children[-1] if self.children else self
        return last.line_index + len(last.lines)


# A sentence with a footnote number glued to its full stop ("… en hotbild.1").
_FOOTNOTE_END = re.compile(r"[a-zåäö][.!?]\d{1,2}$")


def stands_alone(line: str) -> bool:
    """A line that never continues the one before: a heading, a place and date, a signature."""
    if is_heading(line) or MERGED_HEADING.match(line + " X"):
        return True
    if len(line) <= 80 and DATE.search(line) and len(line.split()) <= 4:
        return True
    return bool(NAME_WITH_PARTY.match(line) or (ON_BEHALF.match(line) and len(line) <= 60))


def split_items(lines: list[str], start: int = 0) -> list[Item]:
    """Cut normalised lines into items: a new one at a blank line, a list marker or an att-clause."""
    items: list[Item] = []
    current: Item | None = None
    blank = True
    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            current = None
            blank = True
            continue
        marker = "stranded" if STRANDED_NUMBER.match(line) else marker_kind(line)
        new_item = current is None or bool(marker)
        if current is not None and not marker:
            previous = current.lines[-1]
            if current.marker == "stranded" or is_heading(previous):
                new_item = True
            elif ATT_START.match(line):
                new_item = att_line_starts_clause(previous)
            elif not starts_lowercase_word(line) and (
                previous[-1] in ".!?:;" or _FOOTNOTE_END.search(previous) or stands_alone(line)
            ):
                new_item = True
        if new_item or current is None:
            current = Item([line], marker, blank, index)
            items.append(current)
        else:
            current.lines.append(line)
        blank = False
    return items
