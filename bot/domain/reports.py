"""What the services hand to adapters and renderers: reports read from the record.

Plain data (no I/O): the services build them, `bot/ui` renders them, cogs pass them on.
They live in the domain so that `bot/ui` never imports a service.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from bot.domain.alternatives import Question, QuestionOutcome, Round
from bot.domain.attendance import AttendanceOverview
from bot.domain.beslutsgang_minutes import BeslutsgangMinutes
from bot.domain.counting import ItemStanding
from bot.domain.models import Counts, ItemStatus, Language, Position
from bot.domain.records import AgendaEntry, Group, Item, Meeting, Yrkande
from bot.domain.schedule import Reminder

# ---------------------------------------------------------------- meetings


class MeetingOverview(BaseModel):
    """A meeting with its items, for /meeting list."""

    model_config = ConfigDict(frozen=True)

    meeting: Meeting
    items: list[Item]


class MeetingBrief(BaseModel):
    """The data of "Gruppens linje inför <meeting>"."""

    model_config = ConfigDict(frozen=True)

    group: Group
    meeting: Meeting
    items: list[ItemStanding]
    # The imported kallelse's ärenden in agenda order ([] when none was imported).
    agenda: list[AgendaEntry] = []
    # Who serves at the meeting; None when the group has no ersättare and nobody is away.
    attendance: AttendanceOverview | None = None
    # Per item id, the group's own yrkanden and locked beslutsgång (issue 15), when any.
    beslutsgang: dict[int, BeslutsgangMinutes] = {}


class DueClosing(BaseModel):
    """An open item whose meeting's voting deadline has passed."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    item_id: int
    deadline_at: datetime


class ReminderToSend(BaseModel):
    """A claimed reminder: where to send it and exactly whom to mention."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    item: Item
    meeting: Meeting
    reminder: Reminder
    channel_id: int | None
    mention_ids: list[int]


# ---------------------------------------------------------------- votes


class VoteMessageState(BaseModel):
    """Everything a vote message shows, read from the database."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    item_id: int
    item_number: int
    item_title: str
    yrkande: Yrkande
    yrkande_total: int
    status: ItemStatus
    counts: Counts | None  # None while open without a live tally
    voted: int
    position: Position | None
    lang: Language
    channel_ids: tuple[int, ...]  # where the vote message may be: the thread, then the channel
    # A beslutsgång question's round (issue 15): the question, this round's counts or result,
    # the tabled proposal's author (FORMAL, ADDITION) and the question's place in the order.
    question: Question | None = None
    round: Round | None = None
    author_id: int | None = None
    question_index: int = 0
    question_total: int = 0
    show_counts: bool = True
    followed: bool = False  # a second round of this question was opened after this one


class YrkandeStatus(BaseModel):
    """How one yrkande stands for /motion status."""

    model_config = ConfigDict(frozen=True)

    number: int
    text: str
    counts: Counts
    non_voter_ids: list[int]
    departed_voter_ids: list[int]  # recorded votes of members who have left
    moved: bool = False  # decided between alternatives: its own ✅❌➖ message takes no votes


class QuestionStatus(BaseModel):
    """How one question of a locked beslutsgång stands for /motion status: its rounds (live
    counts of the open one, with its deadline), and once decided its result."""

    model_config = ConfigDict(frozen=True)

    outcome: QuestionOutcome
    index: int  # 1-based place in the locked order
    total: int
    author_id: int | None = None  # FORMAL and ADDITION: who tabled the yrkande
    non_voter_ids: list[int] = []  # in the question's current (last) round


class ItemStatusReport(BaseModel):
    """The answer to /motion status: per yrkande counts, deadline, comments, non-voters."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    item_number: int
    title: str
    status: ItemStatus
    deadline_at: datetime
    comments: int
    yrkanden: list[YrkandeStatus]
    show_names: bool
    names: dict[int, str]  # display names the bot has stored (only filled when show_names)
    lang: Language
    questions: list[QuestionStatus] = []  # the locked beslutsgång, in its order
