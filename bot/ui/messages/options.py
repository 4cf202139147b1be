"""Catalogue entries for what a vote message offers (bot.domain.options): option names."""

MESSAGES: dict[str, tuple[str, str]] = {
    "option.bifall": ("bifall", "bifall (yes)"),
    "option.avslag": ("avslag", "avslag (no)"),
    "option.avstar": ("avstår", "avstår (abstain)"),
    "option.alternative": ("alternativ {number}", "alternative {number}"),
    # the options of a message as one phrase: "✅ bifall, ❌ avslag eller ➖ avstår"
    "options.or_list": ("{first} eller {last}", "{first} or {last}"),
}
