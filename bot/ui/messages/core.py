"""Catalogue entries for errors, setup and the command surface."""

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "error.generic_user": (
        "Det gick inte att göra det du bad om.",
        "That could not be done.",
    ),
    "error.unexpected": (
        "Något gick fel hos Yrka. Inget har ändrats. Ange felkod {error_id} om du kontaktar den som driver boten.",
        "Something went wrong in Yrka. Nothing was changed. Quote error id {error_id} if you contact whoever runs the bot.",
    ),
    "error.not_allowed": (
        "Du har inte behörighet för det här. Det kräver rollen {role}.",
        "You are not allowed to do this. It needs the role {role}.",
    ),
    "error.not_configured": (
        "Gruppen är inte inställd ännu. Be någon med behörigheten Hantera server att köra /setup group.",
        "The group is not set up yet. Ask someone with Manage Server to run /setup group.",
    ),
    "error.not_found": (
        "Hittade ingen {what} med nummer {number}.",
        "Found no {what} with number {number}.",
    ),
    "error.invalid_input": (
        "Värdet kunde inte användas: {detail}",
        "That value could not be used: {detail}",
    ),
    "error.document": (
        "Dokumentet kunde inte läsas.",
        "The document could not be read.",
    ),
    "error.voting_closed": (
        "Röstningen är inte öppen.",
        "Voting is not open.",
    ),
    "error.guild_only": (
        "Kommandot fungerar bara på en server, inte i direktmeddelanden.",
        "This command only works in a server, not in direct messages.",
    ),
    # role names used in error.not_allowed
    "role.chair": ("ordförande (ordföranderollen)", "chair (the chair role)"),
    "role.secretary": ("sekreterare eller ordförande", "secretary or chair"),
    "role.manage_server": (
        "Hantera server eller ordföranderollen",
        "Manage Server or the chair role",
    ),
    "role.member": ("röstberättigad ledamot", "voting member"),
    # startup (command line, not Discord)
    "startup.missing_token": (
        "Ingen DISCORD_TOKEN är satt: skapa en bot i Discord Developer Portal och lägg dess token i .env (se .env.example).",
        "No DISCORD_TOKEN is set: create a bot in the Discord Developer Portal and put its token in .env (see .env.example).",
    ),
    "startup.bad_token": (
        "Discord avvisade DISCORD_TOKEN: kopiera en ny token under Bot i Developer Portal och lägg den i .env.",
        "Discord rejected DISCORD_TOKEN: copy a fresh token under Bot in the Developer Portal into .env.",
    ),
    "startup.missing_intents": (
        "Discord tillåter inte de privilegierade intents boten behöver: slå på Server Members Intent och Message Content Intent under Bot i Developer Portal.",
        "Discord does not allow the privileged intents the bot needs: turn on Server Members Intent and Message Content Intent under Bot in the Developer Portal.",
    ),
}
