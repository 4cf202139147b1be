"""Catalogue entries for exports."""

MESSAGES: dict[str, tuple[str, str]] = {}
