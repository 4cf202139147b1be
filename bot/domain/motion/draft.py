"""The parser's result: what the chair checks before posting."""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field

from bot.domain.models import Confidence, DocumentGenre, DocumentKind, Language, YrkandeKind
from bot.domain.motion.classify import yrkande_kind

MAX_YRKANDEN = 200
MAX_QUESTIONS = 100


class YrkandeDetail(BaseModel):
    """One yrkande with what it asks for."""

    text: str
    kind: YrkandeKind


class MotionDraft(BaseModel):
    """What the parser found in a document, for the chair to check before posting."""

    kind: DocumentKind = DocumentKind.UNKNOWN
    genre: DocumentGenre = DocumentGenre.OTHER
    title: str = ""
    body: str = ""
    signatories: list[str] = Field(default_factory=list)
    language: Language = Language.SV
    yrkanden: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    # high: the yrkanden came from a recognised decision block; low: from prose or a guess.
    confidence: Confidence = Confidence.HIGH
    # The line that opened the (first) decision block, "" when there was none.
    cue: str = ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def yrkanden_detail(self) -> list[YrkandeDetail]:
        """Each yrkande with its kind (derived from its text, so an edit keeps it true)."""
        return [
            YrkandeDetail(text=text, kind=yrkande_kind(text, self.genre)) for text in self.yrkanden
        ]
