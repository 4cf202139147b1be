"""What the database hands back: groups, meetings, items, yrkanden and drafts."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.agenda import INFORMATIONAL_KINDS, AgendaKind
from bot.domain.models import (
    CouncilResult,
    DocumentKind,
    GroupRules,
    ItemStatus,
    Language,
    Position,
)
from bot.domain.options import STANDARD_NAME, OptionSet, option_set


class Group(BaseModel):
    """A party group = one Discord server, with its roles, channel and rules."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    name: str = ""
    member_role_id: int | None = None
    chair_role_id: int | None = None
    secretary_role_id: int | None = None
    substitute_role_id: int | None = None  # ersättare; optional
    channel_id: int | None = None
    language: Language = Language.SV
    rules: GroupRules = GroupRules()

    @property
    def configured(self) -> bool:
        """True once /setup group has named the roles and the channel."""
        return None not in (self.member_role_id, self.chair_role_id, self.channel_id)


class Meeting(BaseModel):
    """A council meeting (fullmäktige) the group prepares for."""

    model_config = ConfigDict(frozen=True)

    id: int
    guild_id: int
    number: int
    title: str
    starts_at: datetime
    deadline_at: datetime


class Yrkande(BaseModel):
    """One att-sats of an item, the unit the group votes on."""

    model_config = ConfigDict(frozen=True)

    id: int
    item_id: int
    number: int
    text: str
    vote_message_id: int | None = None
    option_set: str = STANDARD_NAME  # what its vote message offers (bot.domain.options)
    # A vote message of a beslutsgång question (bot.domain.alternatives.Question.key) and its
    # round; None for an att-sats's own ✅❌➖ vote.
    question_key: str | None = None
    round: int = 1
    closes_at: datetime | None = None  # its own deadline; None: the item's

    @property
    def options(self) -> OptionSet:
        """The reactions its vote message offers."""
        return option_set(self.option_set)


class Item(BaseModel):
    """An agenda item (motion, interpellation, yrkande) with its yrkanden."""

    model_config = ConfigDict(frozen=True)

    id: int
    guild_id: int
    meeting_id: int
    number: int
    kind: DocumentKind
    title: str
    body: str
    signatories: list[str]
    language: Language
    source_name: str
    status: ItemStatus
    channel_id: int | None
    message_id: int | None
    thread_id: int | None
    created_by: int
    created_at: datetime
    closed_at: datetime | None
    yrkanden: list[Yrkande] = []  # the att-satser
    # Vote messages of the locked beslutsgång's questions (issue 15), in the order opened.
    question_votes: list[Yrkande] = []
    # The council's own number for the ärende when the item came from an imported kallelse.
    agenda_number: str | None = None
    speaker_id: int | None = None


class PositionRecord(BaseModel):
    """The group's position on one yrkande, with the tally it was decided on."""

    model_config = ConfigDict(frozen=True)

    yrkande_id: int
    position: Position
    derived_position: Position | None
    overridden: bool
    note: str | None
    set_by: int | None
    reason: str
    bifall: int
    avslag: int
    avstar: int
    not_voted: int
    eligible: list[int]
    quorum_met: bool
    lottery_json: str | None
    decided_at: datetime


class Outcome(BaseModel):
    """What the council decided on an item (`yrkande_number` None) or on one of its att-satser."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    yrkande_number: int | None
    result: CouncilResult
    votes_for: int | None = None
    votes_against: int | None = None
    abstained: int | None = None
    note: str | None = None
    set_by: int
    set_at: datetime


class Reservation(BaseModel):
    """The group's written reservation against the council's decision on one item."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    text: str
    set_by: int
    set_at: datetime


class AgendaImport(BaseModel):
    """A kallelse the chair imported for a meeting, and how far its publishing got."""

    model_config = ConfigDict(frozen=True)

    id: int
    guild_id: int
    meeting_id: int
    author_id: int
    source_name: str
    body: str
    date: str | None
    status: str
    progress_channel_id: int | None
    progress_message_id: int | None
    summary_message_id: int | None


class AgendaEntry(BaseModel):
    """One ärende of an imported kallelse, with the chair's choice and its Yrka item."""

    model_config = ConfigDict(frozen=True)

    id: int
    import_id: int
    position: int
    number: str | None
    title: str
    kind: AgendaKind
    formal: bool
    dnr: str | None
    proposal: list[str]
    included: bool
    item_id: int | None

    @property
    def informational(self) -> bool:
        """Reported at the meeting (anmälan, interpellation, fråga, formalia): no vote."""
        return self.formal or self.kind in INFORMATIONAL_KINDS

    @property
    def outcome(self) -> str:
        """For the minutes, when the ärende has no vote: "reported" or "not_handled"."""
        reported = self.included and self.informational and not self.formal
        return "reported" if reported and self.kind is not AgendaKind.OVRIGT else "not_handled"

    def label(self) -> str:
        """The number as printed, or the position in brackets for an unnumbered ärende."""
        return self.number if self.number is not None else f"({self.position})"
