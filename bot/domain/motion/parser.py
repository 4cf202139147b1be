"""The motion reader as one pipeline: normalise → blocks → prose fallback → classify → sign."""

from __future__ import annotations

from bot.domain.models import Confidence, DocumentGenre, DocumentKind
from bot.domain.motion.blocks import read_blocks
from bot.domain.motion.classify import detect_language, find_title, header_genre, header_kind
from bot.domain.motion.draft import MAX_QUESTIONS, MAX_YRKANDEN, MotionDraft
from bot.domain.motion.items import split_items
from bot.domain.motion.normalise import normalise_text
from bot.domain.motion.prose import read_prose
from bot.domain.motion.signatures import find_signatories

# Genres whose documents put nothing to the group's vote unless they hold a decision block.
_NOTHING_TO_DECIDE = frozenset(
    {
        DocumentGenre.INTERPELLATION,
        DocumentGenre.FRAGA,
        DocumentGenre.PROTOKOLL,
        DocumentGenre.RESERVATION,
    }
)
_GENRE_KIND = {
    DocumentGenre.YRKANDE: DocumentKind.YRKANDE,
    DocumentGenre.TILLAGGSYRKANDE: DocumentKind.YRKANDE,
    DocumentGenre.ANDRINGSYRKANDE: DocumentKind.YRKANDE,
    DocumentGenre.INTERPELLATION: DocumentKind.INTERPELLATION,
    DocumentGenre.FRAGA: DocumentKind.INTERPELLATION,
}


def _once(clauses: list[str]) -> list[str]:
    """Each clause once: a protocol repeats the committee's proposal as the board's."""
    seen: set[str] = set()
    kept = []
    for clause in clauses:
        key = " ".join(clause.split())
        if key not in seen:
            seen.add(key)
            kept.append(clause)
    return kept


def parse_motion(text: str) -> MotionDraft:
    """Find kind, title, signatories, language and every yrkande (or question) in a document's text."""
    normalised = normalise_text(text)
    lines = normalised.split("\n")
    language = detect_language(normalised)
    title, body_start = find_title(lines)
    items = split_items(lines)
    blocks = read_blocks(items)
    label_kind = header_kind(lines)
    genre = header_genre(lines)
    prose, questions = read_prose(items, language, with_yrkanden=not blocks)
    if blocks:
        yrkanden = _once([clause for block in blocks for clause in block.items])
        confidence, cue = Confidence.HIGH, blocks[0].cue
        last_line = blocks[-1].end_line
    elif genre in _NOTHING_TO_DECIDE or label_kind is DocumentKind.INTERPELLATION:
        yrkanden, confidence, cue, last_line = [], Confidence.HIGH, "", -1
    else:
        yrkanden, confidence, cue, last_line = prose, Confidence.LOW, "", -1
    del yrkanden[MAX_YRKANDEN:]
    if genre is None:
        if yrkanden:
            genre = DocumentGenre.MOTION
        elif questions:
            genre = DocumentGenre.INTERPELLATION
        else:
            genre = DocumentGenre.OTHER
    kind = label_kind or _GENRE_KIND.get(genre)
    if kind is None or (kind is DocumentKind.INTERPELLATION and yrkanden):
        kind = DocumentKind.MOTION if yrkanden else DocumentKind.UNKNOWN
    if not yrkanden and questions and kind is DocumentKind.UNKNOWN:
        kind = DocumentKind.INTERPELLATION
    if kind is not DocumentKind.INTERPELLATION:
        questions = []
    return MotionDraft(
        kind=kind,
        genre=genre,
        title=title,
        body=normalised,
        signatories=find_signatories(lines, max(last_line, body_start), normalised),
        language=language,
        yrkanden=yrkanden,
        questions=questions[:MAX_QUESTIONS],
        confidence=confidence,
        cue=cue,
    )
