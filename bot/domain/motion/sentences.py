"""Sentence spans that respect Swedish and English abbreviations (t.ex., bl.a., Cllr.)."""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "t.ex",
        "bl.a",
        "m.m",
        "s.k",
        "dvs",
        "d.v.s",
        "kr",
        "ca",
        "nr",
        "resp",
        "etc",
        "jfr",
        "fr.o.m",
        "t.o.m",
        "mm",
        "st",
        "e.g",
        "i.e",
        "cllr",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "tkr",
        "mnkr",
        "mkr",
        "milj",
        "sek",
        "kl",
        "tel",
        "o.s.v",
        "osv",
        "m.fl",
        "p.g.a",
        "pga",
        "enl",
        "ang",
        "avs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dec",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”»)]?(?=\s+[\"'“”«(]?[A-ZÅÄÖÉÜ0-9]|\s*$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (abbreviations such as t.ex. do not end one)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        word_start = text.rfind(" ", start, match.start()) + 1
        word = text[word_start : match.start()].lower().rstrip(".")
        if match.group().startswith(".") and (
            word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans
