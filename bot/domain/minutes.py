"""The meeting record the secretary exports, and its pure text renderers (md, csv, json).

The lead builds a MeetingRecord from the database; everything here only reads it.
The domain may not import the message catalogue, so every renderer takes the
catalogue's `t` as `translate` and the caller (bot.export) passes it in.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from bot.domain.attendance import MeetingRole
from bot.domain.beslutsgang_minutes import (
    BESLUTSGANG_COLUMNS,
    BeslutsgangMinutes,
    DissentMinutes,
    beslutsgang_lines,
    beslutsgang_rows,
    decision_lines,
    dissent_lines,
    proposal_lines,
)
from bot.domain.election_minutes import (
    ELECTION_COLUMNS,
    RECEIPT_COLUMNS,
    ElectionMinutes,
    election_heading,
    election_lines,
    election_rows,
    receipt_rows,
)
from bot.domain.models import (
    Choice,
    CouncilResult,
    Counts,
    DocumentKind,
    ItemStatus,
    Language,
    Position,
    Verdict,
    VoteSource,
)

SCHEMA_VERSION = 2  # 2: outcomes, verdicts and reservations per §
STOCKHOLM = ZoneInfo("Europe/Stockholm")
OPENING_PARAGRAPH = 1
ADJUSTERS_PARAGRAPH = 2
FIRST_ITEM_PARAGRAPH = 3
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
# Tables show a clause's start; the full text stands above the table (a cell cannot span pages).
TABLE_EXCERPT_CHARS = 160

# Positions the group moves in the council ("Gruppen yrkar …"), in the order they are phrased.
MOVED_POSITIONS = (
    Position.BIFALL,
    Position.AVSLAG,
    Position.ATERREMISS,
    Position.BORDLAGGNING,
    Position.EGET_YRKANDE,
)


class Translate(Protocol):
    """The catalogue lookup `bot.ui.messages.t`, passed in so the domain stays pure."""

    def __call__(self, key: str, lang: Language, /, **params: Any) -> str: ...


class MemberRecord(BaseModel):
    """A member of the group as the minutes list them."""

    member_id: int
    name: str
    voting: bool
    left: bool = False
    # What the member was at the meeting (None: no seat); for a serving ersättare, the
    # ledamot they served in place of.
    role: MeetingRole | None = None
    instead_of: int | None = None


class NamedVote(BaseModel):
    """A member's current vote on one yrkande."""

    member_id: int
    name: str
    choice: Choice
    at: datetime
    source: VoteSource


class OutcomeRecord(BaseModel):
    """What the council decided, with the counts when they were given."""

    result: CouncilResult
    votes_for: int | None = None
    votes_against: int | None = None
    abstained: int | None = None
    note: str | None = None


class YrkandeRecord(BaseModel):
    """One att-sats: its text, tally, named votes, the group's position and how it fared."""

    number: int
    text: str
    counts: Counts
    votes: list[NamedVote]
    position: Position | None
    derived_position: Position | None
    position_note: str | None
    overridden: bool
    position_set_by: str | None
    status: ItemStatus
    council: OutcomeRecord | None = None  # the council's decision on this att-sats itself
    verdict: Verdict | None = None  # against its own outcome, or else the whole item's


class CommentRecord(BaseModel):
    """A comment in the item's thread."""

    author: str
    text: str
    at: datetime
    edited: bool
    deleted: bool
    attachments: list[str]


class ItemRecord(BaseModel):
    """One § of the minutes: a motion (or other document) and its att-satser.

    An ärende of an imported kallelse that never became a Yrka item (reported, formal or
    left out) has no `number` and says its `outcome` instead of a decision.
    """

    paragraph: int
    number: int | None
    kind: DocumentKind
    title: str
    signatories: list[str]
    body_excerpt: str
    yrkanden: list[YrkandeRecord]
    comments: list[CommentRecord]
    # Left out of the JSON when unset, so records of meetings without a kallelse stay as they were.
    agenda_number: str | None = Field(default=None, exclude_if=lambda value: value is None)
    speaker: str | None = Field(default=None, exclude_if=lambda value: value is None)
    # "reported" or "not_handled" for an ärende without a vote.
    outcome: str | None = Field(default=None, exclude_if=lambda value: value is None)
    council: OutcomeRecord | None = None  # the council's decision on the whole item
    verdict: Verdict | None = None  # the att-satser combined (None: nothing recorded)
    reservation: str | None = None  # the group's reservation, as it is handed in
    # The group's own yrkanden and beslutsgång (issue 15); left out when none were tabled.
    beslutsgang: BeslutsgangMinutes | None = Field(
        default=None, exclude_if=lambda value: value is None
    )
    dissents: list[DissentMinutes] = Field(default=[], exclude_if=lambda value: not value)


class MeetingRecord(BaseModel):
    """Everything the minutes of one group meeting show, in one serialisable record."""

    schema_version: int = SCHEMA_VERSION
    group_name: str
    guild_id: int
    language: Language
    meeting_number: int
    meeting_title: str
    starts_at: datetime
    deadline_at: datetime
    generated_at: datetime
    members: list[MemberRecord]
    items: list[ItemRecord]
    audit_head_hash: str
    elections: list[ElectionMinutes] = []  # a § each, after the items


def closing_paragraph(record: MeetingRecord) -> int:
    """The number of the last §, Mötets avslutande."""
    return FIRST_ITEM_PARAGRAPH + len(record.items) + len(record.elections)


def to_stockholm(moment: datetime) -> datetime:
    """The moment in Swedish local time; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM)


def format_minute(moment: datetime) -> str:
    """Stockholm time to the minute, e.g. 2026-12-08 18:00."""
    return to_stockholm(moment).strftime("%Y-%m-%d %H:%M")


def format_second(moment: datetime) -> str:
    """Stockholm time to the second, for the vote log."""
    return to_stockholm(moment).strftime("%Y-%m-%d %H:%M:%S")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without control characters that XML (docx, pdf markup) cannot hold."""
    return _XML_INVALID.sub("", text)


def excerpt(text: str, limit: int) -> str:
    """The text on one line, cut at a word with "…" when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if flat[limit - 1] != " " and " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return f"{cut.rstrip()}…"


class MinutesText:
    """Every sentence of the minutes in the record's language; shared by all layouts."""

    def __init__(self, record: MeetingRecord, translate: Translate) -> None:
        self.record = record
        self.lang = record.language
        self._translate = translate

    def __call__(self, key: str, **params: Any) -> str:
        """The catalogue entry `key` in the record's language."""
        return self._translate(key, self.lang, **params)

    def join(self, parts: Sequence[str]) -> str:
        """`a, b och c` (or `and`) for a list of phrases."""
        if len(parts) <= 1:
            return "".join(parts)
        return f"{', '.join(parts[:-1])} {self('export.and')} {parts[-1]}"

    def names(self, names: Sequence[str]) -> str:
        """A comma-separated list of names, or `inga` when empty."""
        return ", ".join(names) if names else self("export.none")

    def title(self) -> str:
        """Protokoll – Gruppmöte, <group>."""
        return self("export.title", group=self.record.group_name)

    def number_line(self) -> str:
        """Nr <n>/<year> and the meeting's title."""
        year = to_stockholm(self.record.starts_at).year
        number = self("export.number", number=self.record.meeting_number, year=year)
        return f"{number} · {self.record.meeting_title}"

    def when_line(self) -> str:
        """Datum och tid … Plats: Discord."""
        when = self("export.date_time", when=format_minute(self.record.starts_at))
        return f"{when} · {self('export.place')}"

    def deadline_line(self) -> str:
        """When voting closed."""
        return self("export.deadline", when=format_minute(self.record.deadline_at))

    def attendance_known(self) -> bool:
        """Whether the record says more than who votes: ersättare or reported absence."""
        return any(
            m.role not in (None, MeetingRole.LEDAMOT) for m in self.record.members if not m.left
        )

    def attendance_lines(self) -> list[str]:
        """Närvarande: ledamöter …; tjänstgörande ersättare … (istf …); ersättare …; Frånvarande."""
        members = [m for m in self.record.members if not m.left]
        by_id = {m.member_id: m.name for m in self.record.members}

        def named(role: MeetingRole) -> list[MemberRecord]:
            return [m for m in members if m.role is role]

        serving = [
            self(
                "export.istf",
                name=m.name,
                instead_of=by_id.get(m.instead_of, str(m.instead_of)) if m.instead_of else "",
            )
            for m in named(MeetingRole.TJANSTGORANDE_ERSATTARE)
        ]
        lines = [
            self(
                "export.attendance_present",
                ledamoter=self.names([m.name for m in named(MeetingRole.LEDAMOT)]),
                serving=self.names(serving),
                ersattare=self.names([m.name for m in named(MeetingRole.ERSATTARE)]),
            )
        ]
        absent = [self("export.absent_entry", name=m.name) for m in named(MeetingRole.FRANVARANDE)]
        if absent:
            lines.append(self("export.attendance_absent", names=", ".join(absent)))
        others = [m.name for m in members if m.role is None]
        if others:
            lines.append(self("export.other_members", names=self.names(others)))
        left = [m.name for m in self.record.members if m.left]
        if left:
            lines.append(self("export.left_members", names=self.names(left)))
        return lines

    def member_lines(self) -> list[str]:
        """Voting members, non-voting members and members who have left (or the attendance)."""
        if self.attendance_known():
            return self.attendance_lines()
        members = self.record.members
        present = [m.name for m in members if m.voting and not m.left]
        others = [m.name for m in members if not m.voting and not m.left]
        left = [m.name for m in members if m.left]
        lines = [self("export.voting_members", names=self.names(present))]
        if others:
            lines.append(self("export.other_members", names=self.names(others)))
        if left:
            lines.append(self("export.left_members", names=self.names(left)))
        return lines

    def member_status(self, member: MemberRecord) -> str:
        """A member's note in the attendance table: left the group, or the role at the meeting."""
        if member.left:
            return self("export.member_left")
        return self.role_name(member)

    def role_name(self, member: MemberRecord) -> str:
        """ledamot / tjänstgörande ersättare (istf …) / ersättare / frånvarande; empty without a seat."""
        if member.role is None:
            return ""
        name = self(f"export.role.{member.role.value}")
        if member.role is MeetingRole.TJANSTGORANDE_ERSATTARE and member.instead_of is not None:
            by_id = {m.member_id: m.name for m in self.record.members}
            return self("export.istf", name=name, instead_of=by_id.get(member.instead_of, ""))
        return name

    def yes_no(self, value: bool) -> str:
        """ja / nej."""
        return self("export.yes") if value else self("export.no")

    def paragraph(self, number: int, title: str) -> str:
        """§ n Title."""
        return f"{self('export.paragraph', number=number)} {title}"

    def opening_heading(self) -> str:
        """§ 1 Mötets öppnande."""
        return self.paragraph(OPENING_PARAGRAPH, self("export.opening"))

    def opening_text(self) -> str:
        """How the meeting was held."""
        return self(
            "export.opening_text",
            starts=format_minute(self.record.starts_at),
            deadline=format_minute(self.record.deadline_at),
        )

    def adjusters_heading(self) -> str:
        """§ 2 Val av justerare."""
        return self.paragraph(ADJUSTERS_PARAGRAPH, self("export.adjusters"))

    def closing_heading(self) -> str:
        """§ n Mötets avslutande."""
        return self.paragraph(closing_paragraph(self.record), self("export.closing"))

    def item_heading(self, item: ItemRecord) -> str:
        """§ 3 Motion 12: Title; § 5 KF-ärende 12 · Ärende 3: Title for an imported ärende."""
        if item.agenda_number is not None and item.number is not None:
            title = self(
                "export.agenda_item_heading",
                agenda=item.agenda_number,
                number=item.number,
                title=item.title,
            )
        elif item.number is None:
            agenda = item.agenda_number or "–"
            title = self("export.agenda_only_heading", agenda=agenda, title=item.title)
        else:
            kind = self(f"export.kind.{item.kind.value}")
            title = self("export.item_heading", kind=kind, number=item.number, title=item.title)
        return self.paragraph(item.paragraph, title)

    def speaker_line(self, item: ItemRecord) -> str:
        """Talare: Anna Berg (empty when nobody is named)."""
        return self("export.speaker", name=item.speaker) if item.speaker else ""

    def election_heading(self, election: ElectionMinutes) -> str:
        """§ n Val av <title>."""
        return election_heading(election, self)

    def election_lines(self, election: ElectionMinutes) -> list[str]:
        """Who was elected, the votes per round, the draw and the receipt codes."""
        return election_lines(election, self)

    def signatories(self, item: ItemRecord) -> str:
        """Undertecknare: …"""
        return self("export.signatories", names=self.names(item.signatories))

    def att_sats(self, yrkande: YrkandeRecord) -> str:
        """Att-sats n (with the status when it is not simply closed)."""
        label = self("export.att_sats", number=yrkande.number)
        if yrkande.status is ItemStatus.CLOSED:
            return label
        return f"{label} ({self(f'export.status.{yrkande.status.value}')})"

    def counts(self, counts: Counts) -> str:
        """Röstning: 6 bifall, 2 avslag, 1 avstår, 3 ej röstat."""
        return self(
            "export.votes_line",
            bifall=counts.bifall,
            avslag=counts.avslag,
            avstar=counts.avstar,
            not_voted=counts.not_voted,
        )

    def position_name(self, position: Position | None) -> str:
        """The position's name, or empty when there is none."""
        return self(f"export.position.{position.value}") if position else ""

    def choice_name(self, choice: Choice | None) -> str:
        """The choice's name, or empty when the member has not voted."""
        return self(f"export.choice.{choice.value}") if choice else ""

    def position_line(self, yrkande: YrkandeRecord) -> str:
        """Gruppens linje: Bifall."""
        name = self.position_name(yrkande.position) or self("export.position.none")
        return self("export.position_line", position=name)

    def result(self, outcome: OutcomeRecord) -> str:
        """avslag (12–39, 2 avstod): the council's result with the counts when given."""
        name = self(f"choice.result.{outcome.result.value}")
        counts = []
        if outcome.votes_for is not None or outcome.votes_against is not None:
            counts.append(
                self(
                    "outcome.votes",
                    votes_for="?" if outcome.votes_for is None else outcome.votes_for,
                    votes_against="?" if outcome.votes_against is None else outcome.votes_against,
                )
            )
        if outcome.abstained is not None:
            counts.append(self("outcome.abstained", abstained=outcome.abstained))
        return f"{name} ({', '.join(counts)})" if counts else name

    def outcome_lines(self, outcome: OutcomeRecord | None, verdict: Verdict | None) -> list[str]:
        """Fullmäktiges beslut: …; Gruppens linje: vann; the note (nothing when not recorded)."""
        if outcome is None:
            return []
        lines = [self("export.outcome", result=self.result(outcome))]
        if verdict is not None:
            lines.append(self("export.verdict", verdict=self(f"verdict.{verdict.value}")))
        if outcome.note:
            lines.append(self("outcome.note", note=outcome.note))
        return lines

    def item_outcome_lines(self, item: ItemRecord) -> list[str]:
        """The whole item's outcome, or only the combined verdict when att-satser have their own."""
        if item.council is not None:
            return self.outcome_lines(item.council, item.verdict)
        if item.verdict is not None:
            return [self("export.verdict", verdict=self(f"verdict.{item.verdict.value}"))]
        return []

    def reservation_heading(self) -> str:
        """Reservation."""
        return self("export.reservation")

    def notes(self, yrkande: YrkandeRecord) -> list[str]:
        """The chair's note and, when the chair overrode the vote, a line saying so."""
        lines = []
        if yrkande.position_note:
            lines.append(self("export.position_note", note=yrkande.position_note))
        if yrkande.overridden:
            params = {
                "position": self.position_name(yrkande.position) or self("export.position.none"),
                "derived": self.position_name(yrkande.derived_position)
                or self("export.position.none"),
            }
            if yrkande.position_set_by:
                lines.append(self("export.overridden_by", who=yrkande.position_set_by, **params))
            else:
                lines.append(self("export.overridden", **params))
        return lines

    def clauses(self, numbers: Sequence[int]) -> str:
        """att-sats 1, or att-satserna 1, 2 och 3."""
        joined = self.join([str(number) for number in numbers])
        key = "export.clauses.one" if len(numbers) == 1 else "export.clauses.many"
        return self(key, numbers=joined)

    def decision(self, item: ItemRecord) -> str:
        """Beslut: Gruppen yrkar bifall till att-sats 1 och avslag på att-sats 2."""
        if item.outcome is not None and not item.yrkanden:
            return self(f"export.outcome.{item.outcome}")
        numbers_by_position: dict[Position | None, list[int]] = {}
        for y in item.yrkanden:
            if y.status is not ItemStatus.CANCELLED:
                position = None if y.position is Position.UNDECIDED else y.position
                numbers_by_position.setdefault(position, []).append(y.number)
        if not numbers_by_position:
            return self("export.decision", text=self("export.decision.none"))
        moved = [
            self(f"export.decision.clause.{position.value}", clauses=self.clauses(numbers))
            for position, numbers in numbers_by_position.items()
            if position in MOVED_POSITIONS
        ]
        sentences = [self("export.decision.moves", clauses=self.join(moved))] if moved else []
        for position, key in (
            (Position.AVSTAR, "export.decision.avstar"),
            (Position.FRI_ROST, "export.decision.fri_rost"),
            (None, "export.decision.undecided"),
        ):
            if numbers := numbers_by_position.get(position):
                sentences.append(self(key, clauses=self.clauses(numbers)))
        return self("export.decision", text=" ".join(sentences))

    def decision_table(self, item: ItemRecord) -> list[list[str]]:
        """Header and one row per att-sats: clause, the four counts and the position."""
        header = [
            self(f"export.table.{column}")
            for column in ("clause", "bifall", "avslag", "avstar", "not_voted", "decision")
        ]
        rows = [
            [
                f"{y.number}. {excerpt(y.text, TABLE_EXCERPT_CHARS)}",
                str(y.counts.bifall),
                str(y.counts.avslag),
                str(y.counts.avstar),
                str(y.counts.not_voted),
                self.position_name(y.position) or self("export.position.none"),
            ]
            for y in item.yrkanden
        ]
        return [header, *rows]

    def proposal_sections(self, item: ItemRecord) -> list[tuple[str, list[str]]]:
        """Yrkanden i gruppen, Beslutsgång, Beslut (the line as tabled), Avvikande mening."""
        sections: list[tuple[str, list[str]]] = []
        if item.beslutsgang is not None:
            found = item.beslutsgang
            sections.append(
                (self("proposal.minutes.heading_proposals"), proposal_lines(found, self))
            )
            sections.append(
                (self("proposal.minutes.heading_beslutsgang"), beslutsgang_lines(found, self))
            )
            if decided := decision_lines(found, self):
                sections.append((self("proposal.minutes.heading_decision"), decided))
        if item.dissents:
            sections.append(
                (self("proposal.minutes.heading_dissents"), dissent_lines(item.dissents, self))
            )
        return sections

    def comment_line(self, comment: CommentRecord) -> str:
        """Author, time and text of one comment (the text hidden when deleted)."""
        text = self("export.comment_deleted") if comment.deleted else comment.text
        if comment.edited and not comment.deleted:
            text = f"{text} {self('export.comment_edited')}"
        return f"{comment.author} ({format_minute(comment.at)}): {text}"

    def attachments(self, comment: CommentRecord) -> str:
        """Bilagor: a.pdf, b.docx (empty when none or deleted)."""
        if comment.deleted or not comment.attachments:
            return ""
        return self("export.attachments", names=", ".join(comment.attachments))

    def signature_lines(self) -> list[str]:
        """Vid protokollet ____ (sekreterare); Justeras ____ (ordförande) ____ (justerare)."""
        blank = "______________________"
        return [
            f"{self('export.signature.recorded')}: {blank} ({self('export.role.secretary')})",
            f"{self('export.signature.checked')}: {blank} ({self('export.role.chair')})"
            f"   {blank} ({self('export.role.adjuster')})",
        ]

    def audit_line(self) -> str:
        """The audit chain's head hash, which ties the minutes to the vote log."""
        return self("export.audit", hash=self.record.audit_head_hash)

    def generated_line(self) -> str:
        """When the export was made."""
        return self("export.generated", when=format_minute(self.record.generated_at))


# --- Markdown -----------------------------------------------------------------------------

_MARKDOWN_INLINE = set("\\`*_[]<>|~")
_MARKDOWN_LINE_START = ("#", "+", "-", "=", ">")
_MARKDOWN_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)


def _escape_line_start(line: str) -> str:
    body = line.lstrip(" ")
    if body.startswith(_MARKDOWN_LINE_START):
        return f"{line[: len(line) - len(body)]}\\{body}"
    return line


def escape_markdown(text: str) -> str:
    """Member text made inert in Markdown: inline markup and block starts escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    escaped = "".join(f"\\{char}" if char in _MARKDOWN_INLINE else char for char in text)
    lines = [_escape_line_start(line) for line in escaped.split("\n")]
    return _MARKDOWN_ORDERED.sub(r"\1\\\2", "\n".join(lines))


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in escape_markdown(text).split("\n")]


def render_markdown(record: MeetingRecord, translate: Translate) -> bytes:
    """The minutes as a Markdown document (UTF-8)."""
    say = MinutesText(record, translate)
    md = escape_markdown
    out: list[str] = [f"# {md(say.title())}", "", f"**{md(say.number_line())}**", ""]
    out += [md(say.when_line()), "", md(say.deadline_line()), ""]
    out += [f"## {md(say('export.present'))}", ""]
    out += [f"- {md(line)}" for line in say.member_lines()]
    out += ["", f"## {md(say.opening_heading())}", "", md(say.opening_text()), ""]
    out += [f"## {md(say.adjusters_heading())}", "", md(say("export.adjusters_text")), ""]
    for item in record.items:
        out += [f"## {md(say.item_heading(item))}", ""]
        if item.speaker:
            out += [md(say.speaker_line(item)), ""]
        if item.signatories:
            out += [md(say.signatories(item)), ""]
        if item.body_excerpt:
            out += [*_quote(item.body_excerpt), ""]
        for yrkande in item.yrkanden:
            out += [f"### {md(say.att_sats(yrkande))}", "", *_quote(yrkande.text), ""]
            out += [f"- {md(say.counts(yrkande.counts))}", f"- {md(say.position_line(yrkande))}"]
            out += [f"- {md(note)}" for note in say.notes(yrkande)]
            out += [f"- {md(line)}" for line in say.outcome_lines(yrkande.council, yrkande.verdict)]
            out.append("")
        out += [f"**{md(say.decision(item))}**", ""]
        if outcome_lines := say.item_outcome_lines(item):
            out += [*(f"{md(line)}  " for line in outcome_lines), ""]
        for heading, section in say.proposal_sections(item):
            out += [f"### {md(heading)}", "", *(f"{md(line)}  " for line in section), ""]
        if item.reservation:
            out += [f"**{md(say.reservation_heading())}**", "", *_quote(item.reservation), ""]
        if item.comments:
            out += [f"### {md(say('export.comments'))}", ""]
            for comment in item.comments:
                out.append(f"- {md(say.comment_line(comment))}".replace("\n", "  \n  "))
                if attachments := say.attachments(comment):
                    out.append(f"  {md(attachments)}")
            out.append("")
    for election in record.elections:
        out += [f"## {md(say.election_heading(election))}", ""]
        out += [md(line) + "  " for line in say.election_lines(election)] + [""]
    out += [f"## {md(say.closing_heading())}", "", md(say("export.closing_text")), ""]
    out += [f"{md(line)}  " for line in say.signature_lines()]
    out += ["", "---", "", md(say.audit_line()), "", md(say.generated_line()), ""]
    return "\n".join(out).encode("utf-8")


# --- JSON ---------------------------------------------------------------------------------


def render_json(record: MeetingRecord) -> bytes:
    """The whole record as indented UTF-8 JSON that validates back into an equal record."""
    return (record.model_dump_json(indent=2) + "\n").encode("utf-8")


# --- CSV ----------------------------------------------------------------------------------


def neutralise_cell(value: object) -> str:
    """A cell as text, prefixed with ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_PREFIXES) else text


# Excel splits CSV on the list separator of the computer's locale: ";" in Sweden, "," in
# English-speaking locales. The group's language is the best guess at the secretary's Excel.
CSV_DELIMITER = {Language.SV: ";", Language.EN: ","}


def _csv_bytes(
    language: Language, header: Iterable[str], rows: Iterable[Iterable[object]]
) -> bytes:
    buffer = io.StringIO(newline="")
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER[language], lineterminator="\r\n")
    writer.writerow([neutralise_cell(cell) for cell in header])
    writer.writerows([neutralise_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


POSITIONS_COLUMNS = (
    "paragraph",
    "item",
    "title",
    "yrkande",
    "text",
    "bifall",
    "avslag",
    "avstar",
    "not_voted",
    "position",
    "derived",
    "overridden",
    "note",
    "result",
    "verdict",
    "reservation",
)
VOTES_COLUMNS = (
    "paragraph",
    "item",
    "yrkande",
    "member_id",
    "name",
    "choice",
    "time",
    "source",
    "role",
)


def render_positions_csv(record: MeetingRecord, translate: Translate) -> bytes:
    """One row per yrkande: counts and the group's position (UTF-8 with BOM)."""
    say = MinutesText(record, translate)
    rows = (
        (
            item.paragraph,
            item.number,
            item.title,
            y.number,
            y.text,
            y.counts.bifall,
            y.counts.avslag,
            y.counts.avstar,
            y.counts.not_voted,
            say.position_name(y.position),
            say.position_name(y.derived_position),
            say.yes_no(y.overridden),
            y.position_note or "",
            say.result(outcome) if (outcome := y.council or item.council) else "",
            say(f"verdict.{y.verdict.value}") if y.verdict else "",
            item.reservation or "",
        )
        for item in record.items
        for y in item.yrkanden
    )
    return _csv_bytes(
        record.language, (say(f"export.csv.{column}") for column in POSITIONS_COLUMNS), rows
    )


def _vote_rows(record: MeetingRecord, say: MinutesText) -> Iterable[tuple[object, ...]]:
    members = [(m.member_id, m.name) for m in record.members]
    roles = {m.member_id: say.role_name(m) for m in record.members}
    known = {member_id for member_id, _ in members}
    for item in record.items:
        for y in item.yrkanden:
            votes = {vote.member_id: vote for vote in y.votes}
            # Votes from someone missing in the member list are still part of the record.
            strangers = [(v.member_id, v.name) for v in y.votes if v.member_id not in known]
            for member_id, name in members + strangers:
                vote = votes.get(member_id)
                yield (
                    item.paragraph,
                    item.number,
                    y.number,
                    member_id,
                    name,
                    say.choice_name(vote.choice) if vote else "",
                    format_second(vote.at) if vote else "",
                    say(f"export.source.{vote.source.value}") if vote else "",
                    roles.get(member_id, ""),
                )


def render_votes_csv(record: MeetingRecord, translate: Translate) -> bytes:
    """One row per member and yrkande: the current choice (or empty), time and source."""
    say = MinutesText(record, translate)
    header = (say(f"export.csv.{column}") for column in VOTES_COLUMNS)
    return _csv_bytes(record.language, header, _vote_rows(record, say))


def render_elections_csv(record: MeetingRecord, translate: Translate) -> bytes:
    """One row per candidate and round (and its blank ballots): counts, never choices."""
    say = MinutesText(record, translate)
    header = (say(f"election.csv.{column}") for column in ELECTION_COLUMNS)
    return _csv_bytes(record.language, header, election_rows(record.elections, say))


def render_receipts_csv(record: MeetingRecord, translate: Translate) -> bytes:
    """Every receipt code of every election round: each member can find theirs."""
    say = MinutesText(record, translate)
    header = (say(f"election.csv.{column}") for column in RECEIPT_COLUMNS)
    return _csv_bytes(record.language, header, receipt_rows(record.elections))


def render_beslutsgang_csv(record: MeetingRecord, translate: Translate) -> bytes:
    """One row per option and round of each locked beslutsgång (the group's own yrkanden)."""
    say = MinutesText(record, translate)
    header = (say(f"proposal.csv.{column}") for column in BESLUTSGANG_COLUMNS)
    found = [
        (item.paragraph, item.number, item.beslutsgang)
        for item in record.items
        if item.beslutsgang is not None
    ]
    return _csv_bytes(record.language, header, beslutsgang_rows(found, say))


def has_beslutsgang(record: MeetingRecord) -> bool:
    """Whether any § has a locked beslutsgång (then the CSV export adds its file)."""
    return any(item.beslutsgang is not None and item.beslutsgang.locked for item in record.items)
