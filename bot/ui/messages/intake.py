"""Catalogue entries for intake."""

MESSAGES: dict[str, tuple[str, str]] = {}
