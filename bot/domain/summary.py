"""After fullmäktige, for the group's readers: the summary and the reservations to hand in.

"Så gick det i fullmäktige 8 december" says per ärende what the group moved, what the
council decided, how the group's line fared and where it reserved itself; it is built
from the same MeetingRecord as the minutes. Text only here (Markdown); the Word layouts
are in bot.export.outcomes.
"""

from __future__ import annotations

from bot.domain.errors import UserError
from bot.domain.minutes import (
    ItemRecord,
    MeetingRecord,
    MinutesText,
    Translate,
    escape_markdown,
    to_stockholm,
)
from bot.domain.models import ItemStatus, Position, Verdict

# The order in which moved positions are phrased, as in the minutes' decision sentence.
_MOVED = (
    Position.BIFALL,
    Position.AVSLAG,
    Position.ATERREMISS,
    Position.BORDLAGGNING,
    Position.EGET_YRKANDE,
)


class SummaryText(MinutesText):
    """The sentences of the summary and of the reservation pages, in the record's language."""

    def day(self) -> str:
        """8 december (the meeting's day in Stockholm)."""
        local = to_stockholm(self.record.starts_at)
        return self("summary.day", day=local.day, month=self(f"summary.month.{local.month}"))

    def summary_title(self) -> str:
        """Så gick det i fullmäktige 8 december."""
        return self("summary.title", day=self.day())

    def summary_subtitle(self) -> str:
        """The group and the meeting's own title."""
        return self(
            "summary.subtitle", group=self.record.group_name, title=self.record.meeting_title
        )

    def tally_line(self) -> str:
        """How many ärenden the group's line won, partly won and lost."""
        verdicts = [item.verdict for item in self.record.items if item.verdict is not None]
        if not verdicts:
            return self("summary.nothing_recorded")
        return self(
            "summary.tally",
            won=verdicts.count(Verdict.WON),
            partly=verdicts.count(Verdict.PARTLY),
            lost=verdicts.count(Verdict.LOST),
            total=len(verdicts),
        )

    def item_title(self, item: ItemRecord) -> str:
        """Motion 12: Title (no § number: readers of a newsletter do not need it)."""
        kind = self(f"export.kind.{item.kind.value}")
        return self("export.item_heading", kind=kind, number=item.number, title=item.title)

    def moved(self, item: ItemRecord) -> list[str]:
        """What the group moved, in the past tense; empty for an item with no att-satser."""
        by_position: dict[Position | None, list[int]] = {}
        for y in item.yrkanden:
            if y.status is not ItemStatus.CANCELLED:
                position = None if y.position is Position.UNDECIDED else y.position
                by_position.setdefault(position, []).append(y.number)
        if not by_position:
            return []
        group = self.record.group_name
        moved = [
            self(f"export.decision.clause.{position.value}", clauses=self.clauses(numbers))
            for position in _MOVED
            if (numbers := by_position.get(position))
        ]
        sentences = [self("summary.moved", group=group, clauses=self.join(moved))] if moved else []
        if numbers := by_position.get(Position.AVSTAR):
            sentences.append(self("summary.abstained", group=group, clauses=self.clauses(numbers)))
        if numbers := by_position.get(Position.FRI_ROST):
            sentences.append(self("summary.free_vote", clauses=self.clauses(numbers)))
        if not sentences:
            sentences.append(self("summary.no_line", group=group))
        return sentences

    def decided(self, item: ItemRecord) -> list[str]:
        """What the council decided: on the whole item, and on att-satser decided on their own."""
        lines = []
        if item.council is not None:
            lines.append(self("summary.decided", result=self.result(item.council)))
        for y in item.yrkanden:
            if y.council is not None:
                lines.append(
                    self("summary.decided_clause", number=y.number, result=self.result(y.council))
                )
        if not lines:
            return [self("summary.not_recorded")]
        notes = [
            o.note for o in [item.council, *(y.council for y in item.yrkanden)] if o and o.note
        ]
        return lines + [self("outcome.note", note=note) for note in notes]

    def fared(self, item: ItemRecord) -> str:
        """Resultat för gruppen: vann (empty when nothing is recorded)."""
        if item.verdict is None:
            return ""
        return self("summary.verdict", verdict=self(f"verdict.{item.verdict.value}"))

    def reserved(self) -> str:
        """V-gruppen reserverade sig:"""
        return self("summary.reserved", group=self.record.group_name)

    # ---------------------------------------------------------------- reservation pages

    def reservation_meeting_line(self) -> str:
        """Fullmäktige 8 december 2026: Regionfullmäktige 8 december."""
        year = to_stockholm(self.record.starts_at).year
        return self(
            "reservation.page.meeting", day=self.day(), year=year, title=self.record.meeting_title
        )

    def reservation_item_line(self, item: ItemRecord) -> str:
        """Ärende: Motion 12: Title."""
        return self("reservation.page.item", item=self.item_title(item))

    def reservation_signature_lines(self) -> list[str]:
        """For the group; place and date, signature and name in block letters, to fill in."""
        blank = "______________________________"
        return [
            self("reservation.page.for_group", group=self.record.group_name),
            f"{self('reservation.page.place_date')}: {blank}",
            f"{self('reservation.page.signature')}: {blank}",
            f"{self('reservation.page.name')}: {blank}",
        ]


def voted_items(record: MeetingRecord) -> list[ItemRecord]:
    """The items the group handled in Yrka (ärenden of a kallelse never taken up are left out)."""
    return [item for item in record.items if item.number is not None]


def reserved_items(record: MeetingRecord) -> list[ItemRecord]:
    """The items with a reservation, or a polite refusal when the meeting has none."""
    found = [item for item in record.items if item.reservation]
    if not found:
        raise UserError("reservation.error.none", number=record.meeting_number)
    return found


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in escape_markdown(text).split("\n")]


def render_summary_markdown(record: MeetingRecord, translate: Translate) -> bytes:
    """ "Så gick det i fullmäktige …" as Markdown (UTF-8), ready for a newsletter."""
    say = SummaryText(record, translate)
    md = escape_markdown
    out = [f"# {md(say.summary_title())}", "", f"*{md(say.summary_subtitle())}*", ""]
    out += [md(say.tally_line()), ""]
    for item in voted_items(record):
        out += [f"## {md(say.item_title(item))}", ""]
        out += [f"{md(line)}  " for line in [*say.moved(item), *say.decided(item)]]
        if fared := say.fared(item):
            out.append(f"**{md(fared)}**")
        out.append("")
        if item.reservation:
            out += [md(say.reserved()), "", *_quote(item.reservation), ""]
    out += ["---", "", md(say.generated_line()), ""]
    return "\n".join(out).encode("utf-8")
