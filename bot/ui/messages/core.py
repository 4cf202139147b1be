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
        "Du har inte behörighet för det här. Det kräver {role}.",
        "You are not allowed to do this. It needs {role}.",
    ),
    "error.not_configured": (
        "Gruppen är inte inställd ännu. Be någon med behörigheten Hantera server att köra /setup group.",
        "The group is not set up yet. Ask someone with Manage Server to run /setup group.",
    ),
    "error.not_found": (
        "Hittade inget {what} med nummer {number}. Kontrollera numret i /motion list eller /meeting list.",
        "Found no {what} with number {number}. Check the number in /motion list or /meeting list.",
    ),
    "what.meeting": ("möte", "meeting"),
    "what.motion": ("ärende", "motion"),
    "what.yrkande": ("yrkande", "yrkande"),
    "what.draft": ("utkast", "draft"),
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
    # /setup
    "setup.group_saved": (
        "Klart! Gruppen är inställd: röstberättigade har {member_role}, ordförande har {chair_role}, sekreterare {secretary_role}, ersättare {substitute_role}, ärenden publiceras i {channel}. Språk: {language}.",
        "Done! The group is set up: voters have {member_role}, the chair has {chair_role}, secretary {secretary_role}, substitutes {substitute_role}, motions are published in {channel}. Language: {language}.",
    ),
    "setup.rules_saved": (
        "Reglerna är sparade. {rules}",
        "The rules are saved. {rules}",
    ),
    "setup.rules_summary": (
        "Beslutsförhet: {quorum} % av de röstberättigade. Majoritet: {majority}. Lika röstetal: {tie_break}. Löpande rösträkning: {live}. Röstar: {who_votes}.",
        "Quorum: {quorum} % of the voting members. Majority: {majority}. Tie: {tie_break}. Live tally: {live}. Who votes: {who_votes}.",
    ),
    "setup.show_title": ("Inställningar för {name}", "Settings for {name}"),
    "setup.show_roles": (
        "Röstberättigade: {member_role}\nOrdförande: {chair_role}\nSekreterare: {secretary_role}\nErsättare: {substitute_role}\nKanal: {channel}\nSpråk: {language}",
        "Voters: {member_role}\nChair: {chair_role}\nSecretary: {secretary_role}\nSubstitutes: {substitute_role}\nChannel: {channel}\nLanguage: {language}",
    ),
    "setup.not_set": ("inte vald", "not chosen"),
    "setup.yes": ("på", "on"),
    "setup.no": ("av", "off"),
    "setup.intent_ok": (
        "Boten kan läsa kommentarer i trådarna.",
        "The bot can read comments in the threads.",
    ),
    "setup.intent_missing": (
        "Boten kan inte läsa kommentarer: slå på Message Content Intent under Bot i Discord Developer Portal.",
        "The bot cannot read comments: turn on Message Content Intent under Bot in the Discord Developer Portal.",
    ),
    "setup.channel_not_text": (
        "Välj en vanlig textkanal där boten kan skapa trådar.",
        "Choose an ordinary text channel where the bot can create threads.",
    ),
    "language.sv": ("svenska", "Swedish"),
    "language.en": ("engelska", "English"),
}
