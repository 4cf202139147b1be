"""The pure agenda reader: the text of a kallelse / föredragningslista -> Agenda.

An agenda is a numbered list of ärenden. Councils print it in many shapes ("12. Titel",
"12 Titel" + "Dnr …", "1. 12." with the title on the next line, "§ 250 Ärende/1"), often
twice: a short list first and then one section per ärende with the board's "Förslag till
beslut". The reader finds every numbered heading, keeps the longest run of consecutive
numbers (1, 2, 3 …) as the agenda, and recognises a second run with the same numbers and
titles as the sections that hold the proposals. Numbered lists inside an ärende (the
clauses of a proposal, the questions of a frågestund) do not continue the run and are not
ärenden. The proposal itself is read by the motion parser's decision-block reader.
Everything here is line based and linear in the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field

from bot.domain.motion import find_decision_blocks

MAX_AGENDA_CHARS = 2 * 1024 * 1024
MAX_AGENDA_ITEMS = 300
MAX_AGENDA_TITLE_CHARS = 300
MAX_PROPOSAL_LINES = 80


class AgendaKind(StrEnum):
    """What sort of ärende an agenda item is; decides how it is published."""

    ARENDE = "arende"
    MOTION = "motion"
    SVAR_PA_MOTION = "svar_pa_motion"
    MEDBORGARFORSLAG = "medborgarforslag"
    INTERPELLATION = "interpellation"
    FRAGA = "fraga"
    VAL = "val"
    ANMALAN = "anmalan"
    OVRIGT = "ovrigt"


# Items that are only reported at the meeting: one summary message, no vote.
INFORMATIONAL_KINDS = frozenset(
    {AgendaKind.ANMALAN, AgendaKind.INTERPELLATION, AgendaKind.FRAGA, AgendaKind.OVRIGT}
)


class AgendaItem(BaseModel):
    """One ärende of the agenda, in the words of the document."""

    number: str | None = None
    title: str
    kind: AgendaKind = AgendaKind.ARENDE
    dnr: str | None = None
    proposal: list[str] = Field(default_factory=list)
    formal: bool = False

    @property
    def informational(self) -> bool:
        """Reported at the meeting without a decision of the group: no vote."""
        return self.formal or self.kind in INFORMATIONAL_KINDS


class Agenda(BaseModel):
    """The council body, the meeting date (ISO) and the ärenden in agenda order."""

    body: str = ""
    date: str | None = None
    items: list[AgendaItem] = Field(default_factory=list)


# ---------------------------------------------------------------- lines

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
_SPACE_CHARS = (
    "\t\u00a0\u2007\u202f\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a"
)
_SPACES = dict.fromkeys(map(ord, _SPACE_CHARS), " ")
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_RUN = re.compile(r"\s+")
_PAGE_FURNITURE = re.compile(
    r"^(?:(?:sida|page|s\.)\s*\d{1,4}(?:\s*(?:av|of|/|\()\s*\d{1,4}\)?)?"
    r"|\d{1,4}\s*\(\s*\d{1,4}\s*\)|\d{1,4}\s*/\s*\d{1,4}|[-–—]\s*\d{1,3}\s*[-–—]|\d{1,4})$",
    re.IGNORECASE,
)


def _looks_like_page_header(line: str) -> bool:
    """A short line with a full date and no sentence: "Kallelse – Kommunfullmäktige 2026-12-14"."""
    return 3 <= len(line.split()) <= 6 and not line.endswith(".") and bool(_DATE.search(line))


def _lines(text: str) -> list[str]:
    """Clean lines: one space between words; page numbers and running headers left out."""
    text = unicodedata.normalize("NFC", text[:MAX_AGENDA_CHARS])
    text = _CONTROL.sub(" ", _LINE_BREAKS.sub("\n", text.translate(_ZERO_WIDTH).translate(_SPACES)))
    lines = [_RUN.sub(" ", raw).strip() for raw in text.split("\n")]
    counts = Counter(line for line in lines if 0 < len(line) <= 100)
    seen: set[str] = set()
    kept = []
    for line in lines:
        if line and _PAGE_FURNITURE.match(line):
            continue
        # A running header repeats on every page and carries a date or a page number.
        if (
            counts[line] >= (2 if _looks_like_page_header(line) else 3)
            and len(line.split()) >= 2
            and re.search(r"\d", line)
            and not _NUMBERED.match(line)
        ):
            if line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return kept


# ---------------------------------------------------------------- headings

# "12. Titel", "12 Titel", "12) Titel", "Ärende 12: Titel", "§ 12 Titel"; a title follows.
_NUMBERED = re.compile(
    r"^(?P<prefix>(?:ärende|punkt|p\.|§)\s*(?:nr\.?\s*)?)?(?P<n>\d{1,3})"
    r"(?:\s*[.):]|(?=\s)|(?<=\d)(?=$))\s*"
    r"(?:(?P<n2>\d{1,3})\.(?:\s+|$))?(?P<title>.*)$",
    re.IGNORECASE,
)
# "§ 250 Ärende/1" (Helsingfors) or "Ärende 12" alone: the title is on the next line.
_ARENDE_SLASH = re.compile(r"(?:§\s*\d{1,4}\s+)?ärende\s*/\s*(?P<n>\d{1,3})\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^[•·▪◦●○■□➢►*–-]\s*(?P<title>\S.*)$")
_DOT_LEADER = re.compile(r"\s*(?:\.\s?){3,}\s*\d{0,4}\s*$")
_LINK_LABELS = re.compile(
    r"\s*\((?:pdf|html|pdf-dokument|pdf-fil|docx?|word|xlsx?|\d+\s*(?:kb|mb))\)", re.IGNORECASE
)
_TIME_NOTE = re.compile(r"\s*\((?:kl\.?|klockan)\s*\d{1,2}[.:]\d{2}\)", re.IGNORECASE)
_DNR_IN_TITLE = re.compile(
    r"\s*[,(–-]?\s*\(?(?:dnr|diarienr|diarienummer)\.?:?\s*(?P<dnr>[^()]{3,40}?)\)?\s*$",
    re.IGNORECASE,
)
# A diarienummer glued to the title by the page: "… kommunallagenLS 0806-0619".
_GLUED_DNR = re.compile(r"(?<=[a-zåäö)\]])(?P<dnr>[A-ZÅÄÖ]{2,5} ?\d{2,4}[-/]\d{2,5}(?:[-/]\d+)?)$")
_DNR_LINE = re.compile(
    r"^(?:dnr|diarienr|diarienummer|ärendenummer|ärendenr)\.?:?\s+(?P<dnr>\S.{1,60})$",
    re.IGNORECASE,
)
_CLOCK_LINE = re.compile(r"^(?:kl\.?|klockan)\s*\d{1,2}[.:]\d{2}\b", re.IGNORECASE)
_SENTENCE_VERB = re.compile(
    r"\([A-ZÅÄÖ]{1,4}\)\s+(?:frågar|yrkar|föreslår|har|anser|vill|begär)\b|\bfrågar\b"
)


def _clean_title(title: str) -> tuple[str, str | None]:
    """The title without link labels, clock times, dot leaders; and a diarienummer found in it."""
    title = _LINK_LABELS.sub("", title)
    title = _TIME_NOTE.sub("", title)
    title = _DOT_LEADER.sub("", title).strip()
    dnr = None
    match = _DNR_IN_TITLE.search(title)
    if match and match.start() > 0:
        dnr, title = match.group("dnr").strip(" .,"), title[: match.start()]
    else:
        glued = _GLUED_DNR.search(title)
        if glued:
            dnr, title = glued.group("dnr"), title[: glued.start()]
    return title.strip(" :–-"), dnr


def _looks_like_title(title: str) -> bool:
    """A heading, not a sentence: no closing full stop on a long line, no reported speech."""
    if not title or len(title) > MAX_AGENDA_TITLE_CHARS:
        return False
    if not (title[0].isupper() or title[0].isdigit() or title[0] in "§\"'”«"):
        return False
    return not title.lower().startswith("att ")


def _is_sentence(title: str) -> bool:
    """A numbered sentence (a question put, a clause), not the title of an ärende."""
    return bool(_SENTENCE_VERB.search(title)) or (title.endswith(".") and len(title.split()) > 8)


@dataclass
class _Heading:
    line: int  # index of the numbered line
    number: int
    title: str  # cleaned, may be '' when the title is on the next line
    title_line: int  # index of the last line that belongs to the title
    dnr: str | None


# A proposal block opens with one of these (a heading line of its own) ...
_PROPOSAL_LABEL = re.compile(
    r"^(?:[\wåäöÅÄÖ-]+s\s+)?(?:förslag till beslut|beslutsförslag|förslag till kommunfullmäktige|"
    r"förslag till regionfullmäktige|förslag till fullmäktige|förslag till yrkande)\s*:?$"
    r"|^(?:kommun|region|landstings|stads)?styrelsens(?: arbetsutskotts)? förslag\s*:?$"
    r"|^(?:[\wåäöÅÄÖ-]+nämndens|utskottets|beredningens|valberedningens) förslag\s*:?$",
    re.IGNORECASE,
)
# ... or is a sentence in which the board proposes what fullmäktige should decide.
_PROPOSAL_SENTENCE = re.compile(
    r"\b(?:föreslår|föreslås|tillstyrker)\b[^.]{0,120}?\bbesluta(?:r|s)?\b", re.IGNORECASE
)
# Headings that end a proposal block.
_STOP_HEADING = re.compile(
    r"^(?:beskrivning av ärendet|ärendebeskrivning|sammanfattning(?: av ärendet)?|ärendet|"
    r"bakgrund|beslutsunderlag|underlag|handlingar|bilagor?(?:\s+\d+)?|beslutet skickas till|"
    r"beslut skickas till|expedieras(?: till)?|expediering|ekonomiska konsekvenser|yttrande|"
    r"reservation|reservationer|föredragande|överläggning|yrkanden|proposition|"
    r"beslutsgång|motivering|ärendets beredning|beredning|protokollsanteckning|"
    r"beskrivning|inledning|barnkonsekvensanalys|skäl för beslut|särskilt yttrande)\b.{0,40}$",
    re.IGNORECASE,
)
# "1 Kommunfullmäktige väljer …" in a proposal: a number without a dot is a list marker there.
_BARE_NUMBER = re.compile(r"^(\d{1,2}) (?=[A-ZÅÄÖa-zåäö])")
_DECIDES_ATT = re.compile(
    r"^(?P<intro>.{0,120}?\b(?:beslutar|besluta|beslutas)(?:\s+(?:följande|för egen del))?)"
    r"\s+(?P<rest>att\s.+)$",
    re.IGNORECASE,
)


_PREFIXED_HEADING = re.compile(
    r"^(?:ärende|punkt|§)\s*(?:nr\.?\s*)?\d{1,4}(?:\s*[.:])?(?:\s|$)", re.IGNORECASE
)


def _ends_proposal(line: str) -> bool:
    """A heading after which the proposal cannot go on: a section heading or the next ärende."""
    return bool(
        _STOP_HEADING.match(line) or _ARENDE_SLASH.search(line) or _PREFIXED_HEADING.match(line)
    )


def _proposal_regions(lines: Sequence[str]) -> set[int]:
    """Lines inside a proposal block: their numbers are clause markers, not ärenden."""
    inside: set[int] = set()
    index = 0
    while index < len(lines):
        if _PROPOSAL_LABEL.match(lines[index]):
            end = index + 1
            clause = 1  # the number the next numbered clause of the proposal must have
            while (
                end < len(lines)
                and end - index <= MAX_PROPOSAL_LINES
                and not _ends_proposal(lines[end])
            ):
                after_blank = lines[end - 1] == "" and end - 1 > index
                if lines[end] == "" and end + 1 < len(lines) and lines[end + 1] == "":
                    break
                numbered = _NUMBERED.match(lines[end])
                if numbered:
                    # Clauses count 1, 2, 3 without a gap; anything else is the next ärende.
                    if after_blank or numbered.group("n2") or int(numbered.group("n")) != clause:
                        break
                    clause += 1
                inside.add(end)
                end += 1
            index = end
        else:
            index += 1
    return inside


def _find_headings(lines: Sequence[str], skip: set[int]) -> list[_Heading]:
    """Every numbered line that could be an ärende heading, with its cleaned title."""
    found: list[_Heading] = []
    for index, line in enumerate(lines):
        if not line or index in skip:
            continue
        slash = _ARENDE_SLASH.search(line)
        numbered = None if slash else _NUMBERED.match(line)
        if slash:
            number, title_text = int(slash.group("n")), ""
        elif numbered:
            number = int(numbered.group("n2") or numbered.group("n"))
            title_text = numbered.group("title").strip()
            if not title_text and not (
                numbered.group("n2") or numbered.group("prefix") or re.match(r"^\d{1,3}[.)]$", line)
            ):
                continue
            # "12 Titel" without a dot: the number must stand apart from a date or a sum.
            if (
                title_text
                and not numbered.group("n2")
                and not numbered.group("prefix")
                and not re.match(r"^\d{1,3}[.):]", line)
                and re.match(r"^\d{1,3}(?!\d)\s*(?:[-/:,]|kr\b|st\b|%|\d{3}\b)", line)
            ):
                continue
        else:
            continue
        title_line = index
        if not title_text:
            nxt = _next_text(lines, index)
            if nxt is None or (_NUMBERED.match(lines[nxt]) and not _looks_like_title(lines[nxt])):
                continue
            title_text, title_line = lines[nxt], nxt
        # A title wrapped onto the next line: that line continues in lower case, or the
        # title stops on a word that cannot end one ("… trygghetsboende i" / "Norrby").
        follow = title_line + 1
        while (
            follow < len(lines)
            and follow - title_line <= 3
            and _continues_title(title_text, lines[follow])
        ):
            title_text = f"{title_text} {lines[follow]}"
            title_line = follow
            follow += 1
        title, dnr = _clean_title(title_text)
        if not _looks_like_title(title) or _is_sentence(title) or not 0 < number <= 999:
            continue
        found.append(_Heading(index, number, title, title_line, dnr))
    return found


_OPEN_END = re.compile(
    r"(?:\s(?:i|och|av|för|om|till|på|med|vid|från|efter|inom|mellan|samt|under|över|"
    r"avseende|gällande|angående|rörande|enligt|syfte)|[–,-])$",
    re.IGNORECASE,
)
# "… oegentligheter - RJL" / "2017/953": an abbreviation that a diarienummer follows.
_OPEN_ABBREVIATION = re.compile(r"\s[A-ZÅÄÖ]{2,5}$")


_DECISION_END = re.compile(r"\b(?:beslutar|besluta|beslutas|föreslår|yrkar)\s*:?$", re.IGNORECASE)


def _continues_title(title: str, line: str) -> bool:
    """Whether `line` is the rest of a title that wrapped."""
    if not line or title.endswith(".") or len(title) + len(line) >= MAX_AGENDA_TITLE_CHARS:
        return False
    if _DNR_LINE.match(line) or _PROPOSAL_LABEL.match(line) or _ends_proposal(line):
        return False
    if line.lower().startswith("att ") and (_DECISION_END.search(title) or title.endswith(":")):
        return False
    if title.count("(") > title.count(")"):
        return True  # "… (kl" / "09.33)": an open parenthesis goes on
    heading = _NUMBERED.match(line) or _ARENDE_SLASH.search(line) or _SECTION_HEADING.match(line)
    if line[0].islower():
        return True
    if title.endswith(":"):
        return not heading and not _BULLET.match(line)
    if _OPEN_ABBREVIATION.search(title) and line[0].isdigit():
        return not heading
    return bool(_OPEN_END.search(title)) and not heading


def _next_text(lines: Sequence[str], index: int) -> int | None:
    for nxt in range(index + 1, min(index + 4, len(lines))):
        if lines[nxt]:
            return nxt
    return None


# ---------------------------------------------------------------- the run of numbers


def _runs(headings: Sequence[_Heading]) -> list[list[_Heading]]:
    """Runs of consecutive numbers (n, n+1, …) in document order; one missing number allowed.

    A heading continues the run of the latest heading numbered one (or two) less that no
    other heading has continued yet, so a list that restarts at 1 inside an ärende keeps its
    own numbers instead of lending them to the agenda.
    """
    open_ends: dict[int, list[int]] = {}  # number -> headings with that number not yet continued
    previous: list[int | None] = [None] * len(headings)
    extended: set[int] = set()
    for index, heading in enumerate(headings):
        for step in (1, 2):
            candidates = open_ends.get(heading.number - step)
            if candidates:
                # The latest open run continues: an inner list keeps its own numbers, and
                # the agenda resumes once the inner list has gone past its number.
                before = candidates.pop()
                previous[index] = before
                extended.add(before)
                break
        open_ends.setdefault(heading.number, []).append(index)
    runs = []
    for end in range(len(headings)):
        if end in extended:
            continue
        run = []
        cursor: int | None = end
        while cursor is not None:
            run.append(cursor)
            cursor = previous[cursor]
        runs.append([headings[i] for i in reversed(run)])
    return runs


def _score(run: Sequence[_Heading]) -> float:
    return len(run) + (0.5 if run and run[0].number == 1 else 0.0)


def _choose_runs(
    headings: Sequence[_Heading],
) -> tuple[list[_Heading], list[_Heading]]:
    """The agenda run, and a later run that repeats it with one section per ärende (or [])."""
    runs = [run for run in _runs(headings) if run]
    if not runs:
        return [], []
    top = max(_score(run) for run in runs)
    # The earliest run that is at least half as strong as the strongest: a long list of
    # questions or clauses after a short agenda does not win, a real agenda after a short
    # numbered instruction does.
    candidates = [run for run in runs if _score(run) >= top / 2 and (len(run) >= 2 or top < 2)]
    main = min(candidates, key=lambda run: run[0].line)
    last_line = main[-1].title_line
    later = [h for h in headings if h.line > last_line]
    sections: list[_Heading] = []
    if later and len(main) >= 2:
        titles = {h.number: _key(h.title) for h in main}
        for run in _runs(later):
            same = sum(1 for h in run if _similar(titles.get(h.number), _key(h.title)))
            if same >= max(2, len(main) // 2) and same > len(sections):
                sections = [h for h in run if h.number in titles]
    return main, sections


def _key(title: str) -> str:
    return re.sub(r"[^\wåäö]+", " ", title.lower()).strip()


def _similar(a: str | None, b: str) -> bool:
    if not a or not b:
        return False
    short = min(len(a), len(b), 30)
    return a[:short] == b[:short]


# ---------------------------------------------------------------- kinds

_FORMAL = re.compile(
    r"(?:^|\b)(?:(?:sammanträdets|mötets|fullmäktiges)\s+(?:öppnande|avslutande)|öppnande|"
    r"(?:namn)?upprop|val av (?:protokoll)?juster\w*|juster\w*|justeringsdatum|"
    r"tid (?:och plats )?för justering|tillkännagivande av tid|kungörelse|annonsering|"
    r"godkännande av (?:dagordning|föredragningslista|kallelse)|fastställande av "
    r"(?:dagordning|föredragningslista)|dagordning|föredragningslistan?|"
    r"laglighet och beslutsförhet|beslutsförhet|avslutning|sammanträdets avslutande)\b",
    re.IGNORECASE,
)
_KIND_RULES: tuple[tuple[re.Pattern[str], AgendaKind], ...] = (
    (re.compile(r"^(?:övrigt|övriga frågor|övriga ärenden)\b", re.I), AgendaKind.OVRIGT),
    (re.compile(r"^handlingar till", re.I), AgendaKind.OVRIGT),
    (
        re.compile(
            r"^(?:inkomna|anmälan av (?:nya|inkomna)|nya motioner|anmälningar|anmälningsärenden|"
            r"meddelanden|delgivning)",
            re.I,
        ),
        AgendaKind.ANMALAN,
    ),
    (re.compile(r"interpellation", re.I), AgendaKind.INTERPELLATION),
    (re.compile(r"frågestund|\bfrågor\b|\bfråga\b|enkla frågor", re.I), AgendaKind.FRAGA),
    (re.compile(r"medborgarförslag|e-förslag", re.I), AgendaKind.MEDBORGARFORSLAG),
    (
        re.compile(
            r"svar på motion|besvarande av motion|motionssvar|besvarad motion|motion\b.{0,200}"
            r"(?:besvarad|besvarande|– svar|- svar)",
            re.I,
        ),
        AgendaKind.SVAR_PA_MOTION,
    ),
    (re.compile(r"\bmotion(?:en)?\b|väckta motionen", re.I), AgendaKind.MOTION),
    (re.compile(r"^anmälan\b", re.I), AgendaKind.ANMALAN),
    (
        re.compile(
            r"^val\b|^val av\b|\bval (?:av|till)\b|valärenden|fyllnadsval|avsägelse|"
            r"entledigande|befrielse från uppdrag|\bsammansättning\b|nyvalda|ersättare i",
            re.I,
        ),
        AgendaKind.VAL,
    ),
    (
        re.compile(r"^anmälan\b|^redovisning av (?:obesvarade|ej besvarade)|^information\b", re.I),
        AgendaKind.ANMALAN,
    ),
)
_SECTION_KINDS: tuple[tuple[re.Pattern[str], AgendaKind], ...] = (
    (re.compile(r"anmälningsärenden|anmälningar|meddelanden|delgivning", re.I), AgendaKind.ANMALAN),
    (re.compile(r"valärenden|^val\b", re.I), AgendaKind.VAL),
    (re.compile(r"interpellation", re.I), AgendaKind.INTERPELLATION),
    (re.compile(r"frågor", re.I), AgendaKind.FRAGA),
)
# Section headings of an agenda that are not ärenden themselves.
_SECTION_HEADING = re.compile(
    r"^(?:anmälningsärenden|anmälningar|meddelanden|delgivningar|informationsärenden|"
    r"beslutsärenden|valärenden|motioner|nya motioner|interpellationer|frågor|enkla frågor|"
    r"inledning|inledande formalia|mötet inleds|ärenden|övriga ärenden)(?:\s*\(.{1,30}\))?$",
    re.IGNORECASE,
)
_TRAILING_ITEM = re.compile(r"^(?:övrigt|övriga frågor)$", re.IGNORECASE)


def classify(
    title: str, section: str = "", proposal: Sequence[str] = ()
) -> tuple[AgendaKind, bool]:
    """The kind of an ärende from its title (and section); whether it is a formal opening item."""
    if _FORMAL.search(title) and not re.search(r"\bmotion|interpellation|fråg", title, re.I):
        return AgendaKind.OVRIGT, True
    for pattern, kind in _KIND_RULES:
        if pattern.search(title):
            if kind is AgendaKind.MOTION and any("motion" in p.lower() for p in proposal):
                return AgendaKind.SVAR_PA_MOTION, False
            return kind, False
    for pattern, kind in _SECTION_KINDS:
        if section and pattern.search(section):
            return kind, False
    return AgendaKind.ARENDE, False


# ---------------------------------------------------------------- proposals


def read_proposal(lines: Sequence[str]) -> list[str]:
    """The att-satser of the board's proposal in an ärende's text, or [] when it has none.

    The proposal is cut out (from its label to the next heading) and read by the motion
    reader's decision-block reader, so an agenda's clauses follow the motion rules.
    """
    for start, label_is_heading in _proposal_starts(lines):
        block = _proposal_block(lines, start, label_is_heading)
        if not block:
            continue
        found = find_decision_blocks("\n".join(block))
        clauses = [c for c in (found[0].items if found else ()) if len(c.split()) >= 2]
        if clauses:
            return clauses
    return []


def _proposal_starts(lines: Sequence[str]) -> list[tuple[int, bool]]:
    starts = []
    for index, line in enumerate(lines):
        if _PROPOSAL_LABEL.match(line):
            starts.append((index, True))
        elif _PROPOSAL_SENTENCE.search(line):
            starts.append((index, False))
    return starts


def _proposal_block(lines: Sequence[str], start: int, label_is_heading: bool) -> list[str]:
    """The proposal as the block reader expects it: a heading, then the clauses, one per line."""
    block = ["Förslag till beslut"]
    if label_is_heading:
        body = lines[start + 1 :]
    else:
        sentence = lines[start]
        match = _PROPOSAL_SENTENCE.search(sentence)
        assert match is not None
        body = [sentence[match.start() :], *lines[start + 1 :]]
    seen_text = False
    for count, line in enumerate(body):
        if count >= MAX_PROPOSAL_LINES or _ends_proposal(line):
            break
        if not line:
            if seen_text and block[-1] == "":
                break
            block.append("")
            continue
        if (
            re.fullmatch(r"\d[\d–/:.,-]{0,12}", line)
            and block[-1]
            and block[-1][-1] not in ".:;!?"
            and len(block) > 1
        ):
            # "… enligt bilaga" / "1." : a PDF wrapped the end of a clause, not a list marker.
            block[-1] = f"{block[-1]} {line}"
            continue
        seen_text = True
        marked = _BARE_NUMBER.sub(r"\1. ", line)
        decides = _DECIDES_ATT.match(line) if marked == line else None
        line = marked
        if decides:
            block.extend([decides.group("intro"), decides.group("rest")])
        else:
            block.append(line)
    return block if seen_text else []


# ---------------------------------------------------------------- body and date

_BODY = re.compile(
    r"\b(?P<body>(?:kommun|region|landstings|stads)fullmäktige)(?:\s+i\s+(?P<place>[A-ZÅÄÖ][\wåäö-]+(?:\s+[a-zåäö]+\s+län)?))?",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?P<place>[A-ZÅÄÖ][\wåäö-]+)\s+(?:kommun|stad)\b|\bRegion\s+(?P<region>[A-ZÅÄÖ][\wåäö]+(?:\s+län)?)"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augusti", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DATE = re.compile(
    r"\b(?P<iso>(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2}))\b"
    r"|\b(?P<d2>\d{1,2})\s+(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
    r"\s+(?P<y2>(?:19|20)\d{2})\b"
    r"|\b(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)


def find_date(text: str) -> str | None:
    """The first full date of the text as YYYY-MM-DD."""
    for match in _DATE.finditer(text[:20000]):
        if match.group("iso"):
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        elif match.group("month"):
            year, month, day = int(match["y2"]), _MONTHS[match["month"].lower()], int(match["d2"])
        else:
            year, month, day = int(match["y3"]), int(match["m3"]), int(match["d3"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_body(text: str) -> str:
    """The council body the agenda is for ("Kommunfullmäktige i Tyresö"), as far as the text says."""
    head = text[:20000]
    match = _BODY.search(head)
    if match is None:
        return ""
    body = match.group("body")
    body = body[0].upper() + body[1:].lower()
    place = match.group("place")
    if not place:
        found = _PLACE.search(head)
        if found:
            place = found.group("place") or f"Region {found.group('region')}"
    return f"{body} i {place}" if place else body


# ---------------------------------------------------------------- the reader


@dataclass
class _Span:
    heading: _Heading
    body: list[str] = field(default_factory=list)


def read_agenda(text: str) -> Agenda:
    """Find the ärenden of a kallelse or föredragningslista, in agenda order."""
    lines = _lines(text)
    headings = _find_headings(lines, _proposal_regions(lines))
    main, sections = _choose_runs(headings)
    items: list[AgendaItem] = []
    if main:
        items.extend(_formal_bullets(lines, main[0].line))
        spans = _bodies(lines, main, sections)
        trailing: list[AgendaItem] = []
        if not sections:
            trailing, cut = _trailing_items(lines, main[-1].title_line + 1)
            if cut is not None:
                spans[-1].body = lines[main[-1].title_line + 1 : cut]
        sections_by_line = _sections_before(lines, [h.line for h in main])
        for span in spans:
            heading = span.heading
            proposal = read_proposal(span.body)
            kind, formal = classify(heading.title, sections_by_line.get(heading.line, ""), proposal)
            if formal:
                proposal = []
            items.append(
                AgendaItem(
                    number=str(heading.number),
                    title=heading.title,
                    kind=kind,
                    dnr=heading.dnr or _dnr_in(span.body),
                    proposal=proposal,
                    formal=formal,
                )
            )
        items.extend(trailing)
    normalised = "\n".join(lines)
    return Agenda(
        body=find_body(normalised), date=find_date(normalised), items=items[:MAX_AGENDA_ITEMS]
    )


def _bodies(lines: Sequence[str], main: list[_Heading], sections: list[_Heading]) -> list[_Span]:
    """Each ärende with the lines of its own section (the repeated run) or of the list itself."""
    spans = [_Span(h) for h in main]
    source = sections or main
    by_number = {span.heading.number: span for span in spans}
    for position, heading in enumerate(source):
        end = source[position + 1].line if position + 1 < len(source) else len(lines)
        span = by_number.get(heading.number)
        if span is not None:
            span.body = list(lines[heading.title_line + 1 : end])
            if sections and heading.dnr and span.heading.dnr is None:
                span.heading.dnr = heading.dnr
    return spans


def _dnr_in(body: Sequence[str]) -> str | None:
    for line in body[:12]:
        match = _DNR_LINE.match(line)
        if match:
            return match.group("dnr").strip(" .,")
    return None


def _sections_before(lines: Sequence[str], heading_lines: Sequence[int]) -> dict[int, str]:
    """The section heading ("Valärenden", "Anmälningsärenden") each ärende stands under."""
    wanted = set(heading_lines)
    current = ""
    found: dict[int, str] = {}
    for index, line in enumerate(lines):
        if index in wanted:
            found[index] = current
        elif _SECTION_HEADING.match(line):
            current = line
    return found


def _formal_bullets(lines: Sequence[str], first_line: int) -> list[AgendaItem]:
    """Unnumbered opening items in bullets just before the numbered list (Mötets öppnande …)."""
    group: list[str] = []
    best: list[str] = []
    for line in lines[:first_line]:
        bullet = _BULLET.match(line)
        if bullet and len(bullet.group("title")) <= 120:
            group.append(bullet.group("title"))
            continue
        if line:
            if group and any(_FORMAL.search(title) for title in group):
                best = group
            group = []
    if group and any(_FORMAL.search(title) for title in group):
        best = group
    items = []
    for title in best:
        clean, _ = _clean_title(title)
        kind, formal = classify(clean)
        items.append(AgendaItem(number=None, title=clean, kind=kind, formal=formal))
    return items


def _trailing_items(lines: Sequence[str], start: int) -> tuple[list[AgendaItem], int | None]:
    """Unnumbered ärenden after the numbered list: lines under "Anmälningsärenden", "Övrigt"."""
    items: list[AgendaItem] = []
    cut: int | None = None
    section: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            continue
        if _TRAILING_ITEM.match(line):
            cut = index if cut is None else cut
            items.append(AgendaItem(number=None, title=line, kind=AgendaKind.OVRIGT))
            section = None
            continue
        if _SECTION_HEADING.match(line) and re.search(
            r"anmäl|meddeland|delgiv|informations", line, re.I
        ):
            cut = index if cut is None else cut
            section = line
            continue
        if section is None:
            continue
        if items and items[-1].number is None and _continues_title(items[-1].title, line):
            # A title the PDF wrapped ("… - RJL" / "2017/953(pdf-dokument)").
            joined, dnr = _clean_title(f"{items[-1].title} {line}")
            items[-1] = items[-1].model_copy(update={"title": joined, "dnr": items[-1].dnr or dnr})
            continue
        title, dnr = _clean_title(line)
        if (
            not _looks_like_title(title)
            or len(title) > 200
            or (title.endswith(".") and len(title.split()) > 8)
        ):
            section = None
            continue
        kind, formal = classify(title, section)
        items.append(AgendaItem(number=None, title=title, kind=kind, dnr=dnr, formal=formal))
    return items, cut
