"""Swedish localisations of command names, descriptions and choices from the catalogue."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.ui.messages import CATALOGUE, t


def cmd(key: str) -> app_commands.locale_str:
    """A command string whose base (English) text and translations come from the catalogue."""
    return app_commands.locale_str(t(key, "en"), key=key)


class CatalogueTranslator(app_commands.Translator):
    """Answers discord.py's translation requests for Swedish from the catalogue."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        if locale is not discord.Locale.swedish or key not in CATALOGUE:
            return None
        return CATALOGUE[key][0]
