"""Shared vocabulary of the domain: enums spelled once for db, custom ids and exports."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Language(StrEnum):
    SV = "sv"
    EN = "en"


class Choice(StrEnum):
    """A member's vote on one yrkande; the reaction emoji maps onto it."""

    BIFALL = "bifall"
    AVSLAG = "avslag"
    AVSTAR = "avstar"


class Majority(StrEnum):
    SIMPLE = "simple"
    ABSOLUTE = "absolute"
    TWO_THIRDS = "two_thirds"


class TieBreak(StrEnum):
    CHAIR = "chair"
    LOTTERY = "lottery"
    FREE_VOTE = "free_vote"


class WhoVotes(StrEnum):
    """Who takes part in the group's decisions (set with /setup rules)."""

    MEMBERS = "members"  # every ledamot (holder of the voting role)
    MEMBERS_AND_SUBSTITUTES = "members_and_substitutes"  # every ledamot and every ersättare
    SERVING = "serving"  # ledamöter present and the ersättare serving for the absent ones


class Position(StrEnum):
    """The group's line on one yrkande; `undecided` means the chair must decide."""

    BIFALL = "bifall"
    AVSLAG = "avslag"
    AVSTAR = "avstar"
    ATERREMISS = "aterremiss"
    BORDLAGGNING = "bordlaggning"
    EGET_YRKANDE = "eget_yrkande"
    FRI_ROST = "fri_rost"
    UNDECIDED = "undecided"


# Positions the chair must explain: the motivering or the group's own wording.
POSITIONS_NEEDING_NOTE = frozenset({Position.ATERREMISS, Position.EGET_YRKANDE})


class VoteSource(StrEnum):
    REACTION = "reaction"
    RECONCILE = "reconcile"
    SYSTEM = "system"


class ItemStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class DocumentKind(StrEnum):
    MOTION = "motion"
    INTERPELLATION = "interpellation"
    YRKANDE = "yrkande"
    UNKNOWN = "unknown"


class DocumentGenre(StrEnum):
    """What a parsed document is, and so why it may hold nothing to decide."""

    MOTION = "motion"
    MEDBORGARFORSLAG = "medborgarforslag"
    YRKANDE = "yrkande"
    TILLAGGSYRKANDE = "tillaggsyrkande"
    ANDRINGSYRKANDE = "andringsyrkande"
    TJANSTESKRIVELSE = "tjansteskrivelse"
    INTERPELLATION = "interpellation"
    FRAGA = "fraga"
    PROTOKOLL = "protokoll"
    RESERVATION = "reservation"
    PRESS = "press"
    OTHER = "other"


class YrkandeKind(StrEnum):
    """What one yrkande asks for: a proposal of its own (material) or a formal one."""

    MATERIAL = "material"
    BIFALL = "bifall"
    AVSLAG = "avslag"
    ATERREMISS = "aterremiss"
    BORDLAGGNING = "bordlaggning"
    ANDRING = "andring"
    TILLAGG = "tillagg"


class Confidence(StrEnum):
    """High when the yrkanden came from a recognised decision block, low from prose or a guess."""

    HIGH = "high"
    LOW = "low"


EMOJI_BY_CHOICE: dict[Choice, str] = {
    Choice.BIFALL: "\N{WHITE HEAVY CHECK MARK}",
    Choice.AVSLAG: "\N{CROSS MARK}",
    Choice.AVSTAR: "\N{HEAVY MINUS SIGN}",
}
CHOICE_BY_EMOJI: dict[str, Choice] = {emoji: choice for choice, emoji in EMOJI_BY_CHOICE.items()}


class GroupRules(BaseModel):
    """How the group turns votes into a position (set with /setup rules)."""

    model_config = ConfigDict(frozen=True)

    quorum_percent: int = Field(default=50, ge=0, le=100)
    majority: Majority = Majority.SIMPLE
    tie_break: TieBreak = TieBreak.CHAIR
    show_live_tally: bool = True
    who_votes: WhoVotes = WhoVotes.MEMBERS


class Counts(BaseModel):
    """How one yrkande stands: votes per choice and eligible members who have not voted."""

    model_config = ConfigDict(frozen=True)

    bifall: int = 0
    avslag: int = 0
    avstar: int = 0
    not_voted: int = 0

    @property
    def cast(self) -> int:
        """Votes cast in the sense of the rules: avstår is not a cast vote."""
        return self.bifall + self.avslag

    @property
    def participated(self) -> int:
        """Members who took part at all, abstentions included."""
        return self.bifall + self.avslag + self.avstar


class ExportFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    CSV = "csv"
    JSON = "json"
    MD = "md"
    RESERVATIONS = "reservations"  # the group's reservations, one page each to sign (docx)
    SUMMARY = "summary"  # "Så gick det i fullmäktige …" for the group's readers (md and docx)


class CouncilResult(StrEnum):
    """What the council (fullmäktige) decided on an item or one att-sats."""

    BIFALL = "bifall"  # approved
    AVSLAG = "avslag"  # rejected
    ATERREMISS = "aterremiss"  # sent back for more preparation
    BORDLAGD = "bordlagd"  # postponed to a later meeting
    BESVARAD = "besvarad"  # considered answered
    ANDRAT = "andrat"  # decided in an amended form


class Verdict(StrEnum):
    """How the group's line fared against the council's decision."""

    WON = "won"  # vann
    PARTLY = "partly"  # delvis
    LOST = "lost"  # förlorade
    NO_LINE = "no_line"  # the group had no line to compare (avstår, fri röst, undecided)
