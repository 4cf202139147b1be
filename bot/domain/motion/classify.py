"""Stage 6, classify: the document's kind and genre, its title and language, each yrkande's kind."""

from __future__ import annotations

import re

from bot.domain.models import DocumentGenre, DocumentKind, Language, YrkandeKind
from bot.domain.motion.cues import find_cue
from bot.domain.motion.patterns import ATT_START, DATE, MARKER

MAX_TITLE_CHARS = 200

_KIND_LABELS: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    (
        re.compile(
            r"^(?:interpellation|enkel fråga|skriftlig fråga|fråga|frågor|written question|question)\b",
            re.IGNORECASE,
        ),
        DocumentKind.INTERPELLATION,
    ),
    (
        re.compile(
            r"^(?:tilläggsyrkande|ändringsyrkande|återremissyrkande|yrkande|motförslag|eget yrkande|"
            r"alternativt förslag|amendment)\b",
            re.IGNORECASE,
        ),
        DocumentKind.YRKANDE,
    ),
    (
        re.compile(r"^(?:motion|medborgarförslag|notice of motion)\b", re.IGNORECASE),
        DocumentKind.MOTION,
    ),
)
_LABEL_ONLY = re.compile(
    r"^(?:motion|interpellation|enkel fråga|skriftlig fråga|fråga|medborgarförslag|notice of motion|"
    r"written question|question|tilläggsyrkande|ändringsyrkande|yrkande)"
    r"(?:\s+(?:till|to|från|from|i|in|av|by|for|för|inför|at)\b[^:]*)?\s*$",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(
    r"^(?:motion|interpellation|enkel fråga|skriftlig fråga|fråga|medborgarförslag|notice of motion|"
    r"written question|question)\b[^:]{0,80}:\s*",
    re.IGNORECASE,
)
_PARTY_BANNER = re.compile(
    r"^(?:vänsterpartiet|socialdemokraterna|miljöpartiet|centerpartiet|liberalerna|moderaterna|"
    r"kristdemokraterna|sverigedemokraterna|labour group|the labour group|liberal democrats|green party)\b",
    re.IGNORECASE,
)
_META_LINE = re.compile(
    r"^(?:(?:dnr|diarienummer|datum|date|ref|reference)\b|ärende\s*(?:nr\.?\s*)?\d+\s*$)",
    re.IGNORECASE,
)

SV_WORDS = frozenset(
    [
        "och",
        "att",
        "som",
        "för",
        "är",
        "på",
        "med",
        "till",
        "av",
        "den",
        "det",
        "en",
        "ett",
        "har",
        "inte",
        "vi",
        "jag",
        "de",
        "om",
        "ska",
        "kan",
        "eller",
        "samt",
        "kommunen",
        "regionen",
        "fullmäktige",
        "yrkar",
        "beslutar",
    ]
)
EN_WORDS = frozenset(
    [
        "the",
        "and",
        "to",
        "of",
        "that",
        "is",
        "for",
        "in",
        "with",
        "be",
        "this",
        "will",
        "are",
        "on",
        "by",
        "as",
        "it",
        "council",
        "we",
        "not",
        "an",
        "our",
        "resolves",
        "notes",
        "believes",
    ]
)


def detect_language(text: str) -> Language:
    """Swedish or English, by counting common words (Swedish when unsure)."""
    sv = en = 0
    for word in re.findall(r"[a-zåäöé]+", text[:20000].lower()):
        sv += word in SV_WORDS
        en += word in EN_WORDS
    sv += len(re.findall(r"[åäö]", text[:20000].lower())) // 10
    return Language.EN if en > sv * 1.2 and en >= 3 else Language.SV


def header_kind(lines: list[str]) -> DocumentKind | None:
    """The kind a label in the first lines gives ("Interpellation", "Tilläggsyrkande", "Motion")."""
    for line in [line for line in lines if line][:3]:
        for pattern, kind in _KIND_LABELS:
            if pattern.match(line):
                return kind
    return None


def find_title(lines: list[str]) -> tuple[str, int]:
    """The title and the index of the first line after the header block."""
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > 4:
            break
        if (
            _LABEL_ONLY.match(line)
            or _META_LINE.match(line)
            or (DATE.search(line) and len(line) < 40)
            or (_PARTY_BANNER.match(line) and len(line.split()) <= 5)
        ):
            continue
        if (
            MARKER.match(line)
            or ATT_START.match(line)
            or find_cue(line)
            or len(line) > MAX_TITLE_CHARS
        ):
            return "", index
        title = _TITLE_PREFIX.sub("", line).strip() or line
        return title.rstrip(" .:;,").strip(), index + 1
    return "", 0


# The genre says what the document is, and so why it may hold nothing to decide.
_GENRE_LABELS: tuple[tuple[re.Pattern[str], DocumentGenre], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), genre)
    for pattern, genre in (
        (
            r"\b(?:interpellation|interpellasjon|interpellationssvar)\b",
            DocumentGenre.INTERPELLATION,
        ),
        (
            r"^(?:enkel fråga|skriftlig fråga|fråga|frågor|written question|question)\b",
            DocumentGenre.FRAGA,
        ),
        (r"^tilläggsyrkande", DocumentGenre.TILLAGGSYRKANDE),
        (r"^(?:ändringsyrkande|amendment)", DocumentGenre.ANDRINGSYRKANDE),
        (r"^(?:medborgarförslag|e-förslag|medborgarforslag)", DocumentGenre.MEDBORGARFORSLAG),
        (
            r"^(?:tjänsteskrivelse|tjänsteutlåtande|utlåtande|beslutsunderlag|missiv)\b",
            DocumentGenre.TJANSTESKRIVELSE,
        ),
        (
            r"^(?:protokollsutdrag|protokoll|sammanträdesprotokoll|utdrag ur protokoll)\b",
            DocumentGenre.PROTOKOLL,
        ),
        (r"^reservation\b", DocumentGenre.RESERVATION),
        (r"\bpressmeddelande\b|^press release\b", DocumentGenre.PRESS),
        (
            r"^(?:återremissyrkande|yrkande|motförslag|eget yrkande|alternativt förslag)\b",
            DocumentGenre.YRKANDE,
        ),
        (r"\b(?:motion|medlemsforslag|notice of motion)\b", DocumentGenre.MOTION),
    )
)


def header_genre(lines: list[str]) -> DocumentGenre | None:
    """The genre a label in the first lines gives, or None."""
    for line in [line for line in lines if line][:6]:
        if len(line) > 200:
            continue
        for pattern, genre in _GENRE_LABELS:
            if pattern.search(line):
                return genre
    return None


_KIND_WORDS: tuple[tuple[str, YrkandeKind], ...] = (
    (r"återremiss|återremittera|återremitteras|återremitteras|refer back", YrkandeKind.ATERREMISS),
    (r"bordläggning|bordlägga|bordläggs", YrkandeKind.BORDLAGGNING),
    (r"avslag|avslå|avslår|avslås|avslagen|avstyrka|avstyrks|reject|rejects", YrkandeKind.AVSLAG),
    (r"bifall|bifalla|bifaller|bifalls|bifalles|tillstyrka|tillstyrks", YrkandeKind.BIFALL),
    (r"tillägg|tillägga|tilläggsyrkande", YrkandeKind.TILLAGG),
    (r"ändring|ändra|ändras|ändringsyrkande|amend|amends", YrkandeKind.ANDRING),
)
# The kind word near the start ("avslag till förslaget", "att ärendet återremitteras") or as
# the verb that ends the clause ("Motion … om förskolan avslås.").
_YRKANDE_KINDS: tuple[tuple[re.Pattern[str], YrkandeKind], ...] = tuple(
    (
        re.compile(
            r"^(?:att\s+|to\s+)?(?:\S+\s+){0,4}?(?:" + words + r")\b"
            r"|\b(?:" + words + r")\.?$",
            re.IGNORECASE,
        ),
        kind,
    )
    for words, kind in _KIND_WORDS
)


def yrkande_kind(text: str, genre: DocumentGenre = DocumentGenre.MOTION) -> YrkandeKind:
    """Bifall, avslag, återremiss, bordläggning, ändring, tillägg, or material (a proposal of its own)."""
    for pattern, kind in _YRKANDE_KINDS:
        if pattern.search(text):
            return kind
    if genre is DocumentGenre.ANDRINGSYRKANDE:
        return YrkandeKind.ANDRING
    if genre is DocumentGenre.TILLAGGSYRKANDE:
        return YrkandeKind.TILLAGG
    return YrkandeKind.MATERIAL
