"""The words and marks the reader looks for, spelled once for every stage."""

from __future__ import annotations

import re

# A list marker at the start of a line: dash or bullet, number, letter, or a letter-spaced
# "a t t :" (a word processor's spacing that reads as the intro's "att:").
MARKER = re.compile(
    r"^(?:(?P<dash>[-–—](?=\s*\S)|[•*·▪◦●○■□➢►✓](?=\s*\S))"
    r"|(?P<num>\d{1,3}[.)](?=\s)|\(\d{1,3}\)(?=\s))"
    r"|(?P<alpha>[a-zåäö][.)](?=\s)|\([a-zåäö]\)(?=\s))"
    r"|(?P<spaced>(?i:a\s+t\s+t\s*:)(?=\s)))\s*"
)
# A number standing alone on its line: a list number the PDF separated from its item.
STRANDED_NUMBER = re.compile(r"^\d{1,3}[.)]?$")
# "att" that opens a clause (Danish and Norwegian "at" too, only capitalised or after a marker).
ATT_START = re.compile(r"^(?:[Aa]tt|ATT|At(?=\s+[A-ZÆØÅ]))(?=\s|:|$)")
JOINER_WORDS = ("samt", "och", "and", "or", "eller")
TERMINATORS = ".!?:;"

HEADINGS = (
    "förslag till beslut",
    "förslag till yrkande",
    "beslutsförslag",
    "bakgrund",
    "motivering",
    "yrkanden",
    "yrkande",
    "background",
    "proposal",
)
# A heading glued to the paragraph after it by a PDF ("Bakgrund Regionen äger …").
MERGED_HEADING = re.compile(
    r"^(" + "|".join(re.escape(h) for h in HEADINGS) + r")[:.]? (?=[A-ZÅÄÖÉÜ])",
    re.IGNORECASE,
)

DATE = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}\s?\d{2,4}|\d{1,2}(?:\s+|\.\s?)(?:januari|februari|mars|april|maj|juni|juli|"
    r"augusti|september|oktober|november|december|january|february|march|may|june|july|august|"
    r"october|jan|feb|mar|apr|jun|jul|aug|sep|okt|oct|nov|dec)\.?\s+\d{4})\b",
    re.IGNORECASE,
)
NAME_WORD = r"(?:[A-ZÅÄÖÉÜØÆ][\w'’-]*\.?|af|von|van|de|der|la|le|di|da|bin|al)"
NAME_WITH_PARTY = re.compile(
    r"(?<![\w])((?:" + NAME_WORD + r"\s+){1,4}[A-ZÅÄÖÉÜØÆ][\w'’-]*)\s*(\([A-ZÅÄÖa-zåäö!]{1,20}\))"
)
ON_BEHALF = re.compile(r"^(?:för|for|on behalf of|från)\s+(.{2,80})$", re.IGNORECASE)


def marker_kind(line: str) -> str:
    """'dash', 'num', 'alpha', 'spaced' or '' for a line's list marker."""
    match = MARKER.match(line)
    if not match:
        return ""
    return next(name for name, value in match.groupdict().items() if value)


def strip_marker(line: str) -> str:
    """The line without its list marker."""
    match = MARKER.match(line)
    return line[match.end() :].strip() if match else line.strip()


def ends_with_word(line: str, words: tuple[str, ...]) -> bool:
    """Whether the line's last word is one of `words`."""
    lowered = line.lower()
    return any(lowered.endswith(" " + word) or lowered == word for word in words)


def starts_lowercase_word(line: str) -> bool:
    """Whether the line begins with a lower-case letter (a wrapped sentence goes on)."""
    return bool(line) and line[0].islower()
