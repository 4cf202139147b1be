"""The motion reader: the text of a motion, yrkande or officials' paper -> MotionDraft.

A pipeline of small pure stages, one module each:
normalise (`normalise.py`) → cues and decision blocks (`cues.py`, `items.py`, `blocks.py`)
→ prose yrkanden only when no block exists (`prose.py`) → classify (`classify.py`) →
signatures (`signatures.py`); `parser.py` strings them together. The cutting rules are
those of tests/data/corpus/README.md.
"""

from bot.domain.motion.blocks import DecisionBlock, clean_clause, find_decision_blocks
from bot.domain.motion.classify import MAX_TITLE_CHARS, detect_language, yrkande_kind
from bot.domain.motion.draft import MAX_QUESTIONS, MAX_YRKANDEN, MotionDraft, YrkandeDetail
from bot.domain.motion.normalise import MAX_TEXT_CHARS, normalise_text
from bot.domain.motion.parser import parse_motion
from bot.domain.motion.signatures import MAX_SIGNATORIES

__all__ = [
    "MAX_QUESTIONS",
    "MAX_SIGNATORIES",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
    "MAX_YRKANDEN",
    "DecisionBlock",
    "MotionDraft",
    "YrkandeDetail",
    "clean_clause",
    "detect_language",
    "find_decision_blocks",
    "normalise_text",
    "parse_motion",
    "yrkande_kind",
]
