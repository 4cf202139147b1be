"""Stage 2, decision blocks: find each block by its cue, split it into items, end it.

`find_decision_blocks(text)` is the reusable entry point (the motion parser and the agenda
reader both use it): it normalises the text, finds every cue ("… yrkar vi att:",
"Förslag till beslut", "resolves to;") and reads the clauses that follow it:

- a list with markers (dash, bullet, number, letter), one clause per item of the first
  item's marker kind; other markers and unmarked lines without a blank line before them
  belong to the item above (sub-lists, continuation lines);
- att-lines ("att …", "Att …"), with or without blank lines between them;
- numbers stranded on their own lines by a PDF ("1.", "2.") followed by as many clauses;
- after a cue that leaves its sentence open ("… besluta:", "… att:", "Förslag till
  beslut"), a plain paragraph.

The block ends at the first thing that is none of these: a signature, a date and place,
the next heading or paragraph of prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.motion.cues import DECIDE_END, Cue, find_cue, find_list_cue
from bot.domain.motion.items import Item, split_items, stands_alone
from bot.domain.motion.normalise import normalise_text
from bot.domain.motion.patterns import JOINER_WORDS, TERMINATORS, ends_with_word

MAX_BLOCK_ITEMS = 200

_JOINER_TAIL = re.compile(
    r"(?:\s*[,;]\s*(?:samt|och|and|or|eller)?|\s+(?:samt|och|and))\s*$", re.IGNORECASE
)
_SPLIT_JOINED_CLAUSES = re.compile(
    r";\s*(?:samt\s+|och\s+|and\s+)?(?=att\s)|,\s*samt\s+(?=att\s)", re.IGNORECASE
)
_CLOSING_QUOTE = re.compile(r"[”\"»’]\.?$")
_OPENING = {"”": "“„", '"': "", "»": "«", "’": "‘"}
_FOOTNOTE = re.compile(r"(?<=[a-zåäö][.])\d{1,2}$")
_TABLE_PIPE = re.compile(r"\s*\|+$")
# "Kommunfullmäktige beslutar att …", "… föreslår fullmäktige besluta att …".
_DECIDES_ATT = re.compile(r"\b(?:beslutar|besluta|beslutas)\s+(?P<att>att\b)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_LEADING_ATT = re.compile(r"^(?:att|at)\b\s*:?", re.IGNORECASE)


@dataclass(frozen=True)
class DecisionBlock:
    """A cue and the clauses it announces, as spans of the normalised text."""

    cue: str
    items: tuple[str, ...]
    start_line: int  # the cue's line in the normalised text
    end_line: int  # the line after the block's last item


def _quote_unmatched(text: str, closing: str) -> bool:
    """Whether the last `closing` quote has no partner (Swedish ”…” uses one mark for both)."""
    closers = text.count(closing) - sum(text.count(mark) for mark in _OPENING[closing])
    return closers % 2 == 1


def clean_clause(text: str) -> str:
    """Drop what a member never votes on: a joining `,` `;` `samt`, an unmatched closing quote,
    a glued footnote number, a table pipe. Returns "" when no letter is left."""
    text = text.strip()
    previous = None
    while previous != text:
        previous = text
        text = _TABLE_PIPE.sub("", text)
        text = _JOINER_TAIL.sub("", text).rstrip()
        text = _FOOTNOTE.sub("", text)
        quote = _CLOSING_QUOTE.search(text)
        if quote and _quote_unmatched(text, quote.group()[0]):
            text = text[: quote.start()].rstrip()
    # A clause needs a letter beyond its opening "att": "att ," or ",samt" is nothing to vote on.
    return text if _LETTER.search(_LEADING_ATT.sub("", text)) else ""


def clauses_of(text: str, *, split_joined: bool = True) -> list[str]:
    """The clauses in one item's text: `att A; att B` is two, each cleaned."""
    parts = _SPLIT_JOINED_CLAUSES.split(text) if split_joined else [text]
    return [cleaned for cleaned in (clean_clause(part) for part in parts) if cleaned]


def _ends_open(text: str) -> bool:
    """A clause that the next line or paragraph goes on with (no full stop, or a joiner)."""
    text = text.rstrip()
    return bool(text) and (text[-1] not in TERMINATORS or ends_with_word(text, JOINER_WORDS))


def _is_clause_start(item: Item, mode: str, first: Item | None) -> bool:
    if mode != "att":
        return item.marker == mode
    if not item.starts_with_att or item.marker:
        return False
    # "Att …" after a blank line goes on only a list of "Att …" clauses, not an "att …" one:
    # it is more often the motivation starting a sentence with "Att".
    return (
        first is None
        or not item.blank_before
        or item.text.startswith("att")
        or first.text.startswith("Att")
    )


def _belongs_to(item: Item, current: Item, mode: str) -> bool:
    """Whether `item` continues the clause `current` (continuation line, sub-list, hard wrap)."""
    if item.marker == "stranded" or stands_alone(item.raw) or find_cue(item.raw):
        return False
    if item.marker and item.marker != mode:
        return not item.blank_before or current.full_text.endswith(":")
    if item.marker:
        return False
    if not item.blank_before:
        return mode != "att" or item.raw[:1].islower()
    # A hard wrap that a word processor separated by a blank line ("… erbjuder" / "starkt …").
    return item.raw[:1].islower() and _ends_open(current.full_text) and not item.starts_with_att


def _read_list(items: list[Item], start: int, mode: str) -> tuple[list[Item], int]:
    """The clause items of a list that begins at `start`, and the index after it."""
    clauses: list[Item] = []
    index = start
    while index < len(items) and len(clauses) < MAX_BLOCK_ITEMS:
        item = items[index]
        if _is_clause_start(item, mode, clauses[0] if clauses else None):
            clauses.append(Item(list(item.lines), item.marker, item.blank_before, item.line_index))
        elif clauses and _belongs_to(item, clauses[-1], mode):
            clauses[-1].children.append(item)
        else:
            break
        index += 1
    return clauses, index


def _read_stranded(items: list[Item], start: int) -> tuple[list[Item], int]:
    """Numbers the PDF put on their own lines, then as many unmarked clauses."""
    index = start
    count = 0
    while index < len(items) and items[index].marker == "stranded":
        count += 1
        index += 1
    clauses: list[Item] = []
    while index < len(items) and len(clauses) < count:
        item = items[index]
        if item.marker or stands_alone(item.raw) or item.text.endswith("?"):
            break
        clauses.append(item)
        index += 1
    return clauses, index


def _looks_like_clause(item: Item) -> bool:
    text = item.full_text
    return item.starts_with_att or (len(text.split()) >= 4 and text[-1:] in ".!")


def _read_decides(items: list[Item], start: int) -> tuple[list[Item], int]:
    """Under a proposal heading: "Kommunfullmäktige beslutar att …" on one line, or
    "… beslutar att" with the clauses below it."""
    first = items[start]
    match = _DECIDES_ATT.search(first.text)
    rest = first.text[match.start("att") :] if match else ""
    if _LEADING_ATT.sub("", rest).strip():
        clause = Item([rest], "", first.blank_before, first.line_index, list(first.children))
        return [clause], start + 1
    return read_block(items, start + 1, Cue(first.text, expects_clause=True))


def read_block(items: list[Item], start: int, cue: Cue) -> tuple[list[Item], int]:
    """The clause items after a cue at `start - 1`, and the index after the block."""
    if start >= len(items):
        return [], start
    first = items[start]
    if first.marker == "stranded":
        clauses, end = _read_stranded(items, start)
    elif first.marker:
        clauses, end = _read_list(items, start, first.marker)
    elif first.starts_with_att:
        clauses, end = _read_list(items, start, "att")
    elif cue.expects_clause and (_DECIDES_ATT.search(first.text) or DECIDE_END.search(first.text)):
        return _read_decides(items, start)
    elif (
        cue.expects_clause
        and not stands_alone(first.raw)
        and not find_cue(first.raw)
        and not first.text.endswith("?")
        and (len(first.text.split()) >= 3 or first.text.endswith("."))
    ):
        clauses, end = [first], start + 1
    else:
        return [], start
    if cue.weak and not all(_looks_like_clause(clause) for clause in clauses):
        return [], start
    return clauses, end


def _clause_texts(clause: Item) -> list[str]:
    return clauses_of(clause.full_text, split_joined=not clause.children)


def _paragraph_of(items: list[Item], index: int) -> str:
    """The text of the paragraph that item `index` ends (its unmarked items since a blank)."""
    first = index
    while first > 0 and not items[first].blank_before and not items[first - 1].marker:
        first -= 1
    return " ".join(item.raw for item in items[first : index + 1])


def _list_follows(items: list[Item], index: int) -> bool:
    """Whether a list with markers (two items or more) starts right after item `index`."""
    following = items[index + 1 : index + 3]
    return (
        len(following) == 2
        and following[0].marker not in ("", "stranded")
        and following[0].marker == following[1].marker
    )


def read_blocks(items: list[Item]) -> list[DecisionBlock]:
    """Every decision block among the items, in document order."""
    blocks: list[DecisionBlock] = []
    index = 0
    found = 0
    while index < len(items) and found < MAX_BLOCK_ITEMS:
        item = items[index]
        cue = None if item.marker else find_cue(item.raw)
        if cue is None and not item.marker and _list_follows(items, index):
            cue = find_list_cue(_paragraph_of(items, index))
        if cue is None:
            index += 1
            continue
        if cue.inline:
            texts = clauses_of(cue.inline)
            if texts:
                blocks.append(DecisionBlock(cue.text, tuple(texts), item.line_index, item.end_line))
                found += len(texts)
            index += 1
            continue
        clauses, end = read_block(items, index + 1, cue)
        texts = [text for clause in clauses for text in _clause_texts(clause)]
        if texts:
            blocks.append(
                DecisionBlock(cue.text, tuple(texts), item.line_index, clauses[-1].end_line)
            )
            found += len(texts)
            index = end
        else:
            index += 1
    return blocks


def find_decision_blocks(text: str) -> list[DecisionBlock]:
    """Normalise `text`, then find every decision block (cue + clauses) in document order."""
    return read_blocks(split_items(normalise_text(text).split("\n")))
