"""Catalogue entries for voting."""

MESSAGES: dict[str, tuple[str, str]] = {}
