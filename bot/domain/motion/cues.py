"""Stage 2a, cues: the line that opens a decision block ("… yrkar vi att:", "Förslag till beslut").

A cue is recognised by its shape, never by a name: a proposing verb near the end of the
line followed only by the addressee and small words, a line that ends in ':' or ';' and
holds a proposing verb or a proposal noun, or a heading such as "Förslag till beslut".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.motion.patterns import JOINER_WORDS, TERMINATORS, ends_with_word
from bot.domain.motion.sentences import sentences

# Verbs by which a proposer puts a proposal: Swedish, Danish/Norwegian, English.
_PROPOSE_VERB = (
    r"(?:yrkar|yrka|yrkas|yrkade|föreslår|föreslå|föreslås|hemställer|hemställa|hemställs|"
    r"anhåller|begär|begära|foreslår|foreslås|foreslå|forslår|forslå|"
    r"resolves|resolve|proposes|propose|moves|move|recommends|recommend|requests|request|"
    r"commits|commit|calls (?:up)?on(?: [^.;:]{1,80}?)?|agrees|agree)"
)
_PROPOSE = re.compile(r"\b" + _PROPOSE_VERB + r"\b", re.IGNORECASE)
# Small words that may stand between the verb and the end of an intro line.
_TAIL_WORD = re.compile(
    r"^(?:vi|jag|därför|härmed|således|alltså|att|på|om|följande|nedanstående|måtte|må|ville|"
    r"besluta|beslutar|beslutas|beslutte|vedtage|to|that|the|this|council|doing|following|"
    r"[\w-]*(?:fullmäktige|fullmäktig|styrelsen|styrelse|nämnden|nämnd|riksdagen|regionen|"
    r"kommunen|partiet|gruppen|mötet|stämman|council|cabinet)|(?-i:[A-ZÅÄÖÆØ][\w'’-]*))$",
    re.IGNORECASE,
)
_MAX_TAIL_WORDS = 7
# Nouns that name a proposal: a colon after them announces a list of proposals.
_PROPOSAL_NOUN = re.compile(
    r"\b(?:förslag|förslagen|förslaget|yrkande|yrkanden|yrkandet|att-satser|att-sats|"
    r"forslag|proposals?|resolutions?|recommendations?)\b",
    re.IGNORECASE,
)
# A decision already taken, or someone reported as proposing: not a cue of one's own.
_PAST = re.compile(
    r"\b(?:beslutade|beslutat|beslöt|har beslutats|beslutet|resolved on|agreed on|was agreed|"
    r"föreslog|föreslagit|föreslagits|yrkade|yrkat)\b",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"^(?:[\w-]+s\s+)?(?:förslag till (?:beslut|yrkande|riksdagsbeslut)|forslag til (?:vedtak|beslutning)|"
    r"beslutsförslag|yrkanden?|ändringsyrkanden?|tilläggsyrkanden?|att-satser|att-sats|"
    r"(?:mitt|vårt|våra|vores) (?:yrkanden?|förslag|forslag)|proposals?|resolutions?|"
    r"recommendations?|the council resolves|council resolves|resolved)\s*[:.]?$",
    re.IGNORECASE,
)
_YRKANDE_HEADING = re.compile(r"yrkanden?\s*[:.]?$", re.IGNORECASE)
# Headings after which a plain paragraph (no marker, no att) is the proposal itself.
_CLAUSE_HEADING = re.compile(
    r"(?:förslag till (?:beslut|riksdagsbeslut)|forslag til (?:vedtak|beslutning)|beslutsförslag|"
    r"att-satser|att-sats|resolved|council resolves)\s*[:.]?$",
    re.IGNORECASE,
)
# An intro whose last words are "besluta(r)", "att" or "att <addressee>": the clause follows.
_EXPECTS_CLAUSE = re.compile(
    r"(?:\bbesluta|\bbeslutar|\bbeslutas|\bföljande|\batt|\batt [A-ZÅÄÖ][\w-]*|\bföreslår [\w-]*fullmäktige|"
    r"\bto|\bthat)\s*:?$",
    re.IGNORECASE,
)
DECIDE_END = re.compile(r"\b(?:besluta|beslutar|beslutas)(?:\s+att)?\s*:?$", re.IGNORECASE)
# An intro that ends in "att:" whatever its verb ("Partiet vill därför att:").
_OPEN_ATT = re.compile(r"\batt\s*:$", re.IGNORECASE)
# A short heading that names a motion ("2019-06-14 Budgetmotion"): a list right below it
# holds that motion's proposals.
_MOTION_HEADING = re.compile(r"^(?:[\w./-]+\s+){0,5}[\w-]*motion(?:\s+[\w-]+){0,4}$", re.IGNORECASE)
# An English resolution that opens its paragraph with its own formula.
_RESOLUTION = re.compile(
    r"^(?:(?:this|the)\s+)?council\b[^.;:]{0,40}?\b(?:further\s+|also\s+|therefore\s+)?"
    r"(?:resolves|agrees|requests|calls (?:up)?on [^.;:]{1,80}?)\s+(?:to|that)\s+(?=\S)",
    re.IGNORECASE,
)
# "… yrkar vi på att: <clause>" on one line.
_INLINE = re.compile(r"\b" + _PROPOSE_VERB + r"\b[^.:;]{0,60}?\batt\s*:\s+(?=\S)", re.IGNORECASE)


# A cheap first look: no cue without one of these stems.
_ANY_CUE_WORD = re.compile(
    r"yrka|förslag|föresl|forsl|foresl|hemst|anhåll|begär|beslut|att-sats|resol|propos|move|"
    r"recommend|request|commit|call|agree|att\s*:",
    re.IGNORECASE,
)


_LIST_CUE_WORD = re.compile(_ANY_CUE_WORD.pattern + "|motion", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """What opened a block: its text, whether it is only a noun, and what may follow it."""

    text: str
    weak: bool = False  # a proposal noun but no verb: its items must look like clauses
    expects_clause: bool = False  # a plain paragraph after it is the clause
    inline: str = ""  # the clause on the cue's own line, after "att:"


def is_heading(line: str) -> bool:
    """A heading that opens a decision block ("Förslag till beslut", "Yrkanden:")."""
    return bool(_HEADING.match(line.strip()))


def _last_sentence(text: str) -> str:
    spans = sentences(text)
    return text[spans[-1][0] :].strip() if spans else text.strip()


def _tail_is_small(tail: str) -> bool:
    words = re.findall(r"[\w'’-]+", tail)
    return len(words) <= _MAX_TAIL_WORDS and all(_TAIL_WORD.match(word) for word in words)


def find_cue(text: str) -> Cue | None:
    """The cue in a paragraph's last sentence, or None when the paragraph opens no block."""
    text = text.strip()
    if not text or text.endswith("?") or len(text) > 1500 or not _ANY_CUE_WORD.search(text):
        return None
    if _HEADING.match(text):
        if _CLAUSE_HEADING.search(text):
            return Cue(text, expects_clause=True)
        # "Yrkanden" may also be a document's label above its title: a paragraph after it
        # counts only when it reads as a clause.
        return Cue(text, weak=True, expects_clause=bool(_YRKANDE_HEADING.search(text)))
    resolution = _RESOLUTION.match(text)
    if resolution:
        # "This Council (further) resolves to …": each such paragraph is one resolution.
        spans = sentences(text)
        end = spans[0][1] if spans else len(text)
        clause = text[resolution.end() : end].strip()
        if len(clause.split()) >= 3 and not clause.endswith(":"):
            return Cue(text[: resolution.end()].strip(), inline=clause)
    last = _last_sentence(text)
    if _PAST.search(last):
        return None
    inline = _INLINE.search(last)
    if inline:
        return Cue(last[: inline.end()].strip(), inline=last[inline.end() :].strip())
    if _OPEN_ATT.search(last) or (_PROPOSAL_NOUN.search(last) and DECIDE_END.search(last)):
        # "… vill därför att:", "Förslaget är att kommunfullmäktige beslutar".
        return Cue(last, expects_clause=True)
    verbs = list(_PROPOSE.finditer(last))
    ends_open = last[-1] in ":;," if last else False
    if verbs:
        verb = verbs[-1]
        tail = last[verb.end() :].rstrip(" :;,.")
        if _tail_is_small(tail) and (ends_open or last[-1] not in ".!"):
            return Cue(last, expects_clause=bool(_EXPECTS_CLAUSE.search(last)))
        if last[-1] in ":;":
            return Cue(last, expects_clause=False)
        return None
    if last[-1:] == ":" and _PROPOSAL_NOUN.search(last):
        return Cue(last, weak=True)
    return None


def find_list_cue(text: str) -> Cue | None:
    """A paragraph that opens the list right below it although it does not end like an intro:
    "… så föreslår vi att det vidtas åtgärder." or "Vi lägger idag tre yrkanden." """
    text = text.strip()
    if not text or text.endswith("?") or len(text) > 600 or not _LIST_CUE_WORD.search(text):
        return None
    if _PAST.search(text):
        return None
    if _PROPOSE.search(text) or _MOTION_HEADING.match(text):
        return Cue(text)
    if _PROPOSAL_NOUN.search(text):
        return Cue(text, weak=True)
    return None


def att_line_starts_clause(previous: str) -> bool:
    """Whether a line starting with `att` after `previous` opens a new clause rather than wrapping."""
    previous = previous.rstrip()
    if not previous or previous[-1] in TERMINATORS + ",":
        return True
    return (
        ends_with_word(previous, JOINER_WORDS)
        or bool(DECIDE_END.search(previous))
        or find_cue(previous) is not None
    )
