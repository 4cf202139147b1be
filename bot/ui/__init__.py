"""Presentation: the message catalogue, Discord limits and renderers (no I/O)."""
