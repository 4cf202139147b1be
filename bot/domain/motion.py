"""The pure motion parser: text of a motion, interpellation or yrkande -> MotionDraft.

The cutting rules are those of tests/data/motions/README.md: yrkanden in document
order, list markers removed, a clause runs to the end of its paragraph or list item,
a joining `,` `;` `samt` `och` at its end is dropped, a yrkande inside prose starts at
the `att` after the verb. Everything here is line based and linear in the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from bot.domain.models import DocumentKind, Language

MAX_TEXT_CHARS = 2 * 1024 * 1024
MAX_YRKANDEN = 200
MAX_QUESTIONS = 100
MAX_SIGNATORIES = 50
MAX_TITLE_CHARS = 200


class MotionDraft(BaseModel):
    """What the parser found in a document, for the chair to check before posting."""

    kind: DocumentKind = DocumentKind.UNKNOWN
    title: str = ""
    body: str = ""
    signatories: list[str] = Field(default_factory=list)
    language: Language = Language.SV
    yrkanden: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(
    map(
        ord,
        "\t\u00a0\u2007\u202f\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a",
    ),
    " ",
)
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
_HEADINGS = (
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
_MERGED_HEADING = re.compile(
    r"^(" + "|".join(re.escape(h) for h in _HEADINGS) + r")[:.]? (?=[A-ZÅÄÖÉÜ])",
    re.IGNORECASE,
)

_MARKER = re.compile(
    r"^(?:(?P<dash>[-–—](?=\s*\S)|[•*·▪◦●○■□➢►✓](?=\s*\S))"
    r"|(?P<num>\d{1,3}[.)](?=\s)|\(\d{1,3}\)(?=\s))"
    r"|(?P<alpha>[a-zåäö][.)](?=\s)|\([a-zåäö]\)(?=\s)))\s*"
)
_ATT_START = re.compile(r"^att(?=\s|:|$)", re.IGNORECASE)
_JOINER_WORDS = ("samt", "och", "and", "or", "eller")
_TERMINATORS = ".!?:;"
# An intro line ends with a decision verb (+ att/to) and maybe a colon.
_DECISION_VERB = (
    r"(?:beslutar|besluta|beslutas|besluta följande|beslutar följande|yrkar|yrka|yrkas|föreslår|"
    r"föreslå|föreslås|hemställer|hemställa|hemställs|resolves|resolve|resolved|moves|move|"
    r"proposes|propose|recommends|agrees|agree|följande|följande tillägg|följande ändring|"
    r"följande lydelse|nedanstående)"
)
_INTRO_END = re.compile(
    r"\b" + _DECISION_VERB + r"(?:\s+(?:jag|vi|därför|härmed|undertecknade?|följande)){0,3}"
    r"(?:\s+(?:att|to|that))?\s*:?\s*$",
    re.IGNORECASE,
)
_TRIGGER_WORD = re.compile(
    r"\b(?:beslutar|besluta|beslutas|yrkar|yrka|yrkas|yrkande|yrkanden|föreslår|föreslå|föreslås|"
    r"hemställer|hemställa|hemställs|tillägg|tilläggsyrkande|ändring|ändringsyrkande|lydelse|"
    r"resolves|resolve|resolved|moves|move|proposes|propose|recommends|calls on|agrees)\b",
    re.IGNORECASE,
)
_HEADING_INTRO = re.compile(
    r"^(?:förslag till beslut|förslag till yrkande|beslutsförslag|yrkanden?|mitt yrkande|"
    r"vårt yrkande|våra yrkanden|yrkande(?:n)? från \S+|proposals?|resolutions?|"
    r"recommendations?|the council resolves|council resolves|resolved)\s*[:.]?$",
    re.IGNORECASE,
)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _starts_lowercase_word(line: str) -> bool:
    return bool(line) and line[0].islower()


def _marker_kind(line: str) -> str:
    match = _MARKER.match(line)
    if not match:
        return ""
    return next(name for name, value in match.groupdict().items() if value)


def _ends_with_word(line: str, words: tuple[str, ...]) -> bool:
    lowered = line.lower()
    return any(lowered.endswith(" " + word) or lowered == word for word in words)


def _att_line_starts_clause(previous: str) -> bool:
    """Whether a line starting with `att` after `previous` opens a new clause rather than wrapping."""
    previous = previous.rstrip()
    if not previous or previous[-1] in _TERMINATORS + ",":
        return True
    return (
        _ends_with_word(previous, _JOINER_WORDS)
        or bool(_INTRO_END.search(previous))
        or bool(_HEADING_INTRO.match(previous))
    )


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
            if gap == 1 and _starts_lowercase_word(line) and not _ATT_START.match(line):
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
    counts = Counter(line for line in lines if line and len(line) <= 80)
    repeated = {
        line
        for line, count in counts.items()
        if count >= 3
        and not _MARKER.match(line)
        and not _ATT_START.match(line)
        and len(line.split()) > 1
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
        if group is not None and line and not _MARKER.match(line):
            previous = group[-1]
            if re.search(r"\w-$", previous) and line[0].isalpha() and not previous.endswith(" -"):
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
            wraps = previous[-1] not in _TERMINATORS and _starts_lowercase_word(line)
            if _ATT_START.match(line):
                wraps = not _att_line_starts_clause(previous)
            if wraps and not (len(group) == 1 and _MERGED_HEADING.match(previous + " X")):
                group.append(" " + line)
                continue
        groups.append([line])
    return ["".join(group) for group in groups]


def normalise_text(text: str) -> str:
    """Repair PDF and word-processor artefacts; lines are kept, paragraphs are split by one blank line."""
    text = text[:MAX_TEXT_CHARS]
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_ZERO_WIDTH).translate(_SPACES)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub(" ", text)
    raw_lines = text.split("\n")
    raw_lines = _collapse_double_spacing(raw_lines)
    lines: list[str] = []
    for raw in raw_lines:
        line = _WHITESPACE_RUN.sub(" ", raw).strip()
        if line and _PAGE_FURNITURE.match(line):
            continue
        heading = _MERGED_HEADING.match(line)
        if heading:
            lines.append(heading.group(1))
            line = line[heading.end() :]
        lines.append(line)
    lines = _drop_repeated_furniture(lines)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(_join_wrapped_lines(p)) for p in paragraphs if p)


# ---------------------------------------------------------------- items


@dataclass
class _Item:
    """One logical unit: a list item, an att-clause or a run of lines of a paragraph."""

    lines: list[str]
    marker: str  # "", "dash", "num" or "alpha"
    blank_before: bool
    line_index: int
    children: list[_Item] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return " ".join(self.lines)

    @property
    def text(self) -> str:
        raw = self.raw
        if self.marker:
            match = _MARKER.match(raw)
            if match:
                raw = raw[match.end() :]
        return raw.strip()

    @property
    def starts_with_att(self) -> bool:
        return bool(_ATT_START.match(self.text))


def _split_items(lines: list[str], start: int) -> list[_Item]:
    """Cut normalised lines into items: a new one at a blank line, a list marker or an att-clause."""
    items: list[_Item] = []
    current: _Item | None = None
    blank = True
    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            current = None
            blank = True
            continue
        marker = _marker_kind(line)
        new_item = current is None or bool(marker)
        if current is not None and not marker:
            previous = current.lines[-1]
            if _ATT_START.match(line):
                new_item = _att_line_starts_clause(previous)
            elif not _starts_lowercase_word(line) and (
                previous[-1] in ".!?:" or _stands_alone(line)
            ):
                new_item = True
        if new_item or current is None:
            current = _Item([line], marker, blank, index)
            items.append(current)
        else:
            current.lines.append(line)
        blank = False
    return items


def _stands_alone(line: str) -> bool:
    """A line that never continues the one before: a heading, a place and date, a signature."""
    if _HEADING_INTRO.match(line) or _MERGED_HEADING.match(line + " X"):
        return True
    if len(line) <= 80 and _DATE.search(line) and len(line.split()) <= 4:
        return True
    return bool(_NAME_WITH_PARTY.match(line) or (_ON_BEHALF.match(line) and len(line) <= 60))


# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
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


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (abbreviations such as t.ex. do not end one)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        word_start = text.rfind(" ", start, match.start()) + 1
        word = text[word_start : match.start()].lower().rstrip(".")
        if match.group().startswith(".") and (
            word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------- yrkanden

_JOINER_TAIL = re.compile(
    r"(?:\s*[,;]\s*(?:samt|och|and|or|eller)?|\s+(?:samt|och|and))\s*$", re.IGNORECASE
)
_SPLIT_JOINED_CLAUSES = re.compile(
    r";\s*(?:samt\s+|och\s+|and\s+)?(?=att\s)|,\s*samt\s+(?=att\s)", re.IGNORECASE
)
_PROSE_VERB_SV = re.compile(
    r"\b(?:yrkar|yrka|hemställer|hemställa|föreslår|föreslå|besluta|beslutar|beslutas)\b",
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


def _clean_clause(text: str) -> str:
    """Drop a joining `,` `;` `samt` `och` at the end; keep a final full stop."""
    previous = None
    while previous != text:
        previous = text
        text = _JOINER_TAIL.sub("", text).rstrip()
    return text


def _is_intro(item: _Item) -> bool:
    """An item that announces the decision clauses that follow it."""
    if item.marker:
        return False
    text = item.text
    if _HEADING_INTRO.match(text):
        return True
    sentences = _sentences(text)
    last = text[sentences[-1][0] :] if sentences else text
    if _PAST_DECISION.search(last) and not last.rstrip().endswith(":"):
        return False
    if _INTRO_END.search(last):
        return True
    return (
        last.rstrip().endswith(":")
        and bool(_TRIGGER_WORD.search(last))
        and not _PAST_DECISION.search(last)
    )


def _prose_yrkanden(text: str, language: Language) -> list[str]:
    """Yrkanden inside prose: from the `att` after the verb to the end of the sentence."""
    found: list[str] = []
    for start, end in _sentences(text):
        sentence = text[start:end]
        if sentence.rstrip().endswith("?") or _PAST_DECISION.search(sentence):
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
            found.extend(
                part
                for part in (_clean_clause(c) for c in _SPLIT_JOINED_CLAUSES.split(clause))
                if part
            )
    return found


def _prose_clause_sv(sentence: str) -> str | None:
    verbs = list(_PROSE_VERB_SV.finditer(sentence))
    if not verbs:
        return None
    first = verbs[0]
    strong = first.group().lower().startswith(("yrka", "hemställ"))
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


def _clause_texts(item: _Item) -> list[str]:
    """The yrkanden of one clause item (semicolon-joined att-satser are split)."""
    text = item.text
    for child in item.children:
        text += " " + child.raw
    parts = _SPLIT_JOINED_CLAUSES.split(text) if not item.children else [text]
    return [cleaned for cleaned in (_clean_clause(part) for part in parts) if cleaned]


def _questions_in(text: str) -> list[str]:
    """The question sentences of an item ("Min fråga är: Kommer du …?" gives the question itself)."""
    questions = []
    for start, end in _sentences(text):
        sentence = text[start:end].strip()
        if not sentence.endswith("?"):
            continue
        lead_in = re.match(r"^[^?]{0,200}?:\s+(?=[A-ZÅÄÖÉ])", sentence)
        questions.append(sentence[lead_in.end() :] if lead_in else sentence)
    return questions


def _ends_with_joiner(item: _Item) -> bool:
    text = (item.children[-1] if item.children else item).raw.rstrip()
    return bool(text) and (text[-1] in ",;" or _ends_with_word(text, _JOINER_WORDS))


def _continues_section(item: _Item, previous: _Item, section_marker: str) -> bool:
    """Whether `item` is the next clause of the yrkande list that `previous` belongs to."""
    if item.marker:
        return item.marker == section_marker or not item.blank_before or _ends_with_joiner(previous)
    if not item.starts_with_att:
        return False
    if _ends_with_joiner(previous) or not item.blank_before or item.text.startswith("att"):
        return True
    # "Att ..." after a blank line continues only a list of "Att ..." clauses, not a lowercase one.
    return previous.starts_with_att and previous.text.startswith("Att")


def _attach_sub_lists(items: list[_Item]) -> list[_Item]:
    """A clause ending with ':' owns the following list items of another marker kind."""
    merged: list[_Item] = []
    for item in items:
        parent = merged[-1] if merged else None
        if (
            parent is not None
            and item.marker
            and (parent.starts_with_att or parent.marker)
            and item.marker != parent.marker
            and (parent.children or parent.raw.rstrip().endswith(":"))
        ):
            parent.children.append(item)
            continue
        merged.append(item)
    return merged


@dataclass
class _Found:
    yrkanden: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    last_line: int = -1


def _find_clauses(items: list[_Item], language: Language) -> _Found:
    """Walk the items: intros open a list of clauses; prose may hold a yrkande of its own."""
    found = _Found()
    items = _attach_sub_lists(items)
    expecting = False  # just after an intro
    intro_colon = False
    section: _Item | None = None  # the last clause of an open list
    section_marker = ""
    for item in items:
        if len(found.yrkanden) >= MAX_YRKANDEN:
            break
        text = item.text
        if text.endswith("?"):
            found.questions.extend(_questions_in(text))
            section = None
            continue
        is_clause = bool(item.marker) or item.starts_with_att
        if (expecting and is_clause) or (
            section is not None and _continues_section(item, section, section_marker)
        ):
            if section is None:
                section_marker = item.marker
            found.yrkanden.extend(_clause_texts(item))
            found.last_line = item.line_index + len(item.lines)
            section, expecting = item, False
            continue
        if expecting and _is_intro(item):
            continue
        if expecting and intro_colon and len(text) <= 1000 and not _prose_yrkanden(text, language):
            found.yrkanden.append(_clean_clause(text))
            found.last_line = item.line_index + len(item.lines)
            section, expecting = item, False
            continue
        section, expecting = None, False
        if _is_intro(item):
            expecting, intro_colon = (
                True,
                item.text.endswith(":") or bool(_HEADING_INTRO.match(item.text)),
            )
            continue
        prose = _prose_yrkanden(text, language)
        if prose:
            found.yrkanden.extend(prose)
            found.last_line = item.line_index + len(item.lines)
            if _ends_with_joiner(item):
                section, section_marker = item, ""
    del found.yrkanden[MAX_YRKANDEN:]
    return found


# ---------------------------------------------------------------- kind, title, language

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
_DATE = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}\s?\d{2,4}|\d{1,2}(?:\s+|\.\s?)(?:januari|februari|mars|april|maj|juni|juli|"
    r"augusti|september|oktober|november|december|january|february|march|may|june|july|august|"
    r"october|jan|feb|mar|apr|jun|jul|aug|sep|okt|oct|nov|dec)\.?\s+\d{4})\b",
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

_SV_WORDS = frozenset(
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
_EN_WORDS = frozenset(
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
        sv += word in _SV_WORDS
        en += word in _EN_WORDS
    sv += len(re.findall(r"[åäö]", text[:20000].lower())) // 10
    return Language.EN if en > sv * 1.2 and en >= 3 else Language.SV


def _header_kind(lines: list[str]) -> DocumentKind | None:
    for line in [line for line in lines if line][:3]:
        for pattern, kind in _KIND_LABELS:
            if pattern.match(line):
                return kind
    return None


def _find_title(lines: list[str]) -> tuple[str, int]:
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
            or (_DATE.search(line) and len(line) < 40)
            or (_PARTY_BANNER.match(line) and len(line.split()) <= 5)
        ):
            continue
        item = _Item([line], _marker_kind(line), True, index)
        if item.marker or item.starts_with_att or _is_intro(item) or len(line) > MAX_TITLE_CHARS:
            return "", index
        title = _TITLE_PREFIX.sub("", line).strip() or line
        return title.rstrip(" .:;,").strip(), index + 1
    return "", 0


# ---------------------------------------------------------------- signatories

_NAME_WORD = r"(?:[A-ZÅÄÖÉÜØÆ][\w'’-]*\.?|af|von|van|de|der|la|le|di|da|bin|al)"
_NAME_WITH_PARTY = re.compile(
    r"(?<![\w])((?:" + _NAME_WORD + r"\s+){1,4}[A-ZÅÄÖÉÜØÆ][\w'’-]*)\s*(\([A-ZÅÄÖa-zåäö!]{1,20}\))"
)
_PLAIN_NAME = re.compile(
    r"^(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms)\.?\s+)?"
    + r"[A-ZÅÄÖÉÜØÆ][\w'’-]+(?:\s+"
    + _NAME_WORD
    + r"){1,3}$"
)
_ON_BEHALF = re.compile(r"^(?:för|for|on behalf of|från)\s+(.{2,80})$", re.IGNORECASE)
_PROPOSED_BY = re.compile(
    r"\b(?:(?:proposed|moved|submitted|signed|seconded)\s+by|proposer|seconder|mover)\s*:?\s+"
    r"([A-ZÅÄÖ][^,;.\n]{1,60}?)(?=\s*(?:,|;|\.|\band\b|$))",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_NAMES = frozenset({"Vänsterpartiet", "Motion", "Bakgrund", "Yrkande", "Interpellation"})


def _names_in_line(line: str) -> list[str]:
    with_party = [f"{m.group(1).strip()} {m.group(2)}" for m in _NAME_WITH_PARTY.finditer(line)]
    if with_party:
        return with_party
    parts = [part.strip() for part in re.split(r",\s*|\s+(?:och|and|&)\s+", line) if part.strip()]
    # "Anna Berg, Vänsterpartiet" or "Anna Berg, gruppledare": the name is the first part.
    if parts and _PLAIN_NAME.match(parts[0]) and not all(_PLAIN_NAME.match(part) for part in parts):
        parts = parts[:1]
    if parts and all(_PLAIN_NAME.match(part) for part in parts):
        names = [part for part in parts if part not in _NOT_NAMES]
        if not any(
            word.lower() in _SV_WORDS | _EN_WORDS for name in names for word in name.split()
        ):
            return names
    return []


def _find_signatories(lines: list[str], start: int, text: str) -> list[str]:
    """Names at the end of the document ("Name (V)", plain names, or 'För <group>' alone)."""
    names: list[str] = []
    groups: list[str] = []
    tail: list[str] = []
    for line in reversed(lines[start:]):
        if not line:
            continue
        if len(tail) >= 12 or len(line) > 160 or _MARKER.match(line) or line.endswith("?"):
            break
        tail.append(line)
    for line in reversed(tail):
        line = line.strip()
        dates = list(_DATE.finditer(line))
        if dates:
            line = line[dates[-1].end() :].strip(" ,.")
        if not line:
            continue
        behalf = _ON_BEHALF.match(line)
        if behalf and not _NAME_WITH_PARTY.search(line):
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


# ---------------------------------------------------------------- the parser


def parse_motion(text: str) -> MotionDraft:
    """Find kind, title, signatories, language and every yrkande (or question) in a document's text."""
    normalised = normalise_text(text)
    lines = normalised.split("\n")
    language = detect_language(normalised)
    title, body_start = _find_title(lines)
    items = _split_items(lines, body_start)
    found = _find_clauses(items, language)
    kind = _header_kind(lines)
    questions = found.questions[:MAX_QUESTIONS]
    yrkanden = found.yrkanden
    if kind is DocumentKind.INTERPELLATION:
        yrkanden = []
    elif kind is None:
        if yrkanden:
            kind = DocumentKind.MOTION
        elif questions:
            kind = DocumentKind.INTERPELLATION
        else:
            kind = DocumentKind.UNKNOWN
    if kind is not DocumentKind.INTERPELLATION:
        questions = []
    signature_start = max(found.last_line, body_start)
    return MotionDraft(
        kind=kind,
        title=title,
        body=normalised,
        signatories=_find_signatories(lines, signature_start, normalised),
        language=language,
        yrkanden=yrkanden,
        questions=questions,
    )
