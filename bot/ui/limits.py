"""Discord's limits, in one place, and the one way to fit text inside them."""

from __future__ import annotations

MESSAGE_CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
CUSTOM_ID = 100
COMMAND_DESCRIPTION = 100
MODAL_INPUT = 4000
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
BUTTON_LABEL = 80
THREAD_NAME = 100
AUTOCOMPLETE_CHOICES = 25
AUTOCOMPLETE_NAME = 100
FIRST_RESPONSE_SECONDS = 3.0
INTERACTION_TOKEN_MINUTES = 15

ELLIPSIS = "…"


def fit(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with … when it was cut."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    return text[: limit - 1].rstrip() + ELLIPSIS


def was_cut(text: str, limit: int) -> bool:
    """True when `fit(text, limit)` would have to cut (attach the full text as a file)."""
    return len(text) > limit
