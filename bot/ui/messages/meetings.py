"""Catalogue entries for meetings."""

MESSAGES: dict[str, tuple[str, str]] = {}
