"""Stage 3, prose: yrkanden written inside a sentence, read only when no block exists.

"Jag yrkar därför att kommunen bygger en skola." gives "att kommunen bygger en skola.";
"… yrkar vi avslag till förslaget" gives "avslag till förslaget". Questions are collected
here too (an interpellation's questions are not yrkanden).
"""

from __future__ import annotations

import re

from bot.domain.models import Language
from bot.domain.motion.blocks import clauses_of
from bot.domain.motion.items import Item
from bot.domain.motion.sentences import sentences

_PROSE_VERB_SV = re.compile(
    r"\b(?:yrkar|yrka|hemställer|hemställa|anhåller om|begär|föreslår|föreslå|besluta|beslutar|beslutas)\b",
    re.IGNORECASE,
)
_PROSE_FIRST_PERSON = re.compile(
    r"\b(?:jag|vi|undertecknade?|därför|härmed|partiet|gruppen|fullmäktigegruppen)\b", re.IGNORECASE
)
_PROSE_YRKAR_NOUN = re.compile(
    r"\byrkar\s+(?:\w+\s+){0,2}?(?=(?:bifall|avslag|återremiss|bordläggning)\b)", re.IGNORECASE
)
_PROSE_EN = re.compile(
    r"\b(?:resolves|resolve|agrees|moves|move|proposes|calls on [^.;:]{1,80}?)\s+(?:to|that)\s+(?=\S)",
    re.IGNORECASE,
)
_ATT_WORD = re.compile(r"\batt\b", re.IGNORECASE)
_PAST_DECISION = re.compile(
    r"\b(?:beslutade|beslutat|beslöt|har beslutats|resolved on|agreed on)\b", re.IGNORECASE
)


def prose_yrkanden(text: str, language: Language) -> list[str]:
    """Yrkanden inside prose: from the `att` after the verb to the end of the sentence."""
    found: list[str] = []
    for start, end in sentences(text):
        sentence = text[start:end]
        if sentence.rstrip().endswith(("?", ":")) or _PAST_DECISION.search(sentence):
            continue
        clause = (
            _prose_clause_sv(sentence) if language is Language.SV else _prose_clause_en(sentence)
        )
        if clause is None:
            clause = (
                _prose_clause_en(sentence)
                if language is Language.SV
                else _prose_clause_sv(sentence)
            )
        if clause:
            found.extend(clauses_of(clause))
    return found


def _prose_clause_sv(sentence: str) -> str | None:
    verbs = list(_PROSE_VERB_SV.finditer(sentence))
    if not verbs:
        return None
    first = verbs[0]
    strong = first.group().lower().startswith(("yrka", "hemställ", "begär", "anhåller"))
    if not strong and not _PROSE_FIRST_PERSON.search(sentence[: first.end() + 30]):
        return None
    for verb in reversed(verbs):
        att = _ATT_WORD.search(sentence, verb.end(), verb.end() + 80)
        if att and len(sentence[verb.end() : att.start()].split()) <= 4:
            clause = sentence[att.start() :].strip()
            return clause if len(clause.split()) >= 3 else None
    noun = _PROSE_YRKAR_NOUN.search(sentence)
    if noun:
        return sentence[noun.end() :].strip() or None
    return None


def _prose_clause_en(sentence: str) -> str | None:
    match = _PROSE_EN.search(sentence)
    if not match:
        return None
    clause = sentence[match.end() :].strip()
    return clause if len(clause.split()) >= 3 else None


def questions_in(text: str) -> list[str]:
    """The question sentences of an item ("Min fråga är: Kommer du …?" gives the question itself)."""
    questions = []
    for start, end in sentences(text):
        sentence = text[start:end].strip()
        if not sentence.endswith("?"):
            continue
        lead_in = re.match(r"^[^?]{0,200}?:\s+(?=[A-ZÅÄÖÉ])", sentence)
        questions.append(sentence[lead_in.end() :] if lead_in else sentence)
    return questions


def read_prose(
    items: list[Item], language: Language, *, with_yrkanden: bool = True
) -> tuple[list[str], list[str]]:
    """Yrkanden inside the prose of the items (unless told not to), and the questions they ask."""
    yrkanden: list[str] = []
    questions: list[str] = []
    for item in items:
        text = item.text
        if text.endswith("?"):
            questions.extend(questions_in(text))
            continue
        if with_yrkanden:
            yrkanden.extend(prose_yrkanden(text, language))
    return yrkanden, questions
