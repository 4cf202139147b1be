"""Catalogue entries for intake: reading motion files and the `parse` command line."""

MESSAGES: dict[str, tuple[str, str]] = {
    # errors when a document cannot be read
    "intake.too_large": (
        "Filen är för stor. Största tillåtna storlek är {limit_mb} MB.",
        "The file is too large. The largest size allowed is {limit_mb} MB.",
    ),
    "intake.unsupported_type": (
        "Den filtypen kan Yrka inte läsa. Skicka en av dessa: {accepted}.",
        "Yrka cannot read that type of file. Send one of these: {accepted}.",
    ),
    "intake.encrypted_pdf": (
        "PDF:en är lösenordsskyddad. Spara en kopia utan lösenord eller klistra in texten i stället.",
        "The PDF is password protected. Save a copy without a password or paste the text instead.",
    ),
    "intake.broken": (
        "Filen {filename} går inte att öppna; den verkar vara trasig. Spara om den eller klistra in texten i stället.",
        "The file {filename} cannot be opened; it seems to be damaged. Save it again or paste the text instead.",
    ),
    "intake.empty": (
        "Dokumentet är tomt: det finns ingen text att läsa.",
        "The document is empty: there is no text to read.",
    ),
    "intake.scanned_pdf": (
        "PDF:en har ingen text; klistra in texten i stället.",
        "The PDF has no text; paste the text instead.",
    ),
    "intake.decompression_bomb": (
        "Filen packas upp till mer än {limit_mb} MB och läses därför inte. Spara om den eller klistra in texten i stället.",
        "The file unpacks to more than {limit_mb} MB and is therefore not read. Save it again or paste the text instead.",
    ),
    "intake.too_many_pages": (
        "PDF:en har fler än {limit} sidor. Skicka bara motionen, eller klistra in texten i stället.",
        "The PDF has more than {limit} pages. Send only the motion, or paste the text instead.",
    ),
    "intake.not_text": (
        "Filen {filename} innehåller inte läsbar text. Kontrollera att det är rätt fil.",
        "The file {filename} does not contain readable text. Check that it is the right file.",
    ),
    "intake.timeout": (
        "Det tog för lång tid att läsa dokumentet (mer än {seconds} sekunder). Klistra in texten i stället.",
        "Reading the document took too long (more than {seconds} seconds). Paste the text instead.",
    ),
    # the command line: python -m bot parse <file> [--json] [--lang sv|en]
    "intake.cli.usage": (
        "Användning: python -m bot parse <fil> [--json] [--lang sv|en]  |  python -m bot parse --eval <mapp>",
        "Usage: python -m bot parse <file> [--json] [--lang sv|en]  |  python -m bot parse --eval <folder>",
    ),
    "intake.cli.eval_miss": (
        "MISS {name}: väntade {expected}, fick {got} ({shape})",
        "MISS {name}: expected {expected}, got {got} ({shape})",
    ),
    "intake.cli.file_not_found": (
        "Hittade ingen fil {path}.",
        "Found no file {path}.",
    ),
    "intake.cli.kind": ("Typ: {kind}", "Kind: {kind}"),
    "intake.cli.title": ("Rubrik: {title}", "Title: {title}"),
    "intake.cli.signatories": ("Undertecknare: {names}", "Signatories: {names}"),
    "intake.cli.language": ("Språk: {language}", "Language: {language}"),
    "intake.cli.yrkanden": ("Yrkanden ({count}):", "Yrkanden ({count}):"),
    "intake.cli.questions": ("Frågor ({count}):", "Questions ({count}):"),
    "intake.cli.none_found": ("(inga hittades)", "(none found)"),
    "intake.kind.motion": ("motion", "motion"),
    "intake.kind.interpellation": ("interpellation eller fråga", "interpellation or question"),
    "intake.kind.yrkande": ("yrkande", "yrkande (amendment)"),
    "intake.kind.unknown": ("okänd", "unknown"),
    "intake.language.sv": ("svenska", "Swedish"),
    "intake.language.en": ("engelska", "English"),
    # /motion post: the chair's preview, edit, publish (cogs/motion.py, bot/ui/intake.py)
    "intake.deadline_passed": (
        "Sista röstdag för möte {number} ({title}) har passerat, så inga fler ärenden kan läggas upp till det.",
        "The voting deadline of meeting {number} ({title}) has passed, so no more items can be posted to it.",
    ),
    "intake.draft_not_pending": (
        "Utkastet är redan publicerat eller avbrutet. Lägg upp motionen igen med /motion post om något ska ändras.",
        "The draft is already published or cancelled. Post the motion again with /motion post to change anything.",
    ),
    "intake.no_yrkanden": (
        "Inga att-satser hittades, så det finns inget att rösta om. Tryck på Redigera och skriv in dem, en per rad.",
        "No att-satser were found, so there is nothing to vote on. Press Edit and type them, one per line.",
    ),
    "intake.title_required": ("rubriken får inte vara tom.", "the title must not be empty."),
    "intake.title_too_long": (
        "rubriken får vara högst {limit} tecken.",
        "the title may be at most {limit} characters.",
    ),
    "intake.too_many_yrkanden": (
        "högst {limit} att-satser går att rösta om i ett ärende.",
        "at most {limit} att-satser can be voted on in one item.",
    ),
    "intake.too_long_to_edit": (
        "Att-satserna är för långa för att redigeras här. Rätta dokumentet och lägg upp det igen med /motion post.",
        "The att-satser are too long to edit here. Fix the document and post it again with /motion post.",
    ),
    "intake.cannot_post": (
        "Yrka kan inte skriva i gruppens kanal {channel}. Ge boten rätt att skicka meddelanden, skapa trådar och lägga till reaktioner där, och tryck sedan på Publicera igen.",
        "Yrka cannot write in the group's channel {channel}. Let the bot send messages, create threads and add reactions there, then press Publish again.",
    ),
    "intake.meeting_label": ("{number}. {title} ({when})", "{number}. {title} ({when})"),
    "intake.no_title": ("(ingen rubrik)", "(no title)"),
    "intake.preview.title": ("Förhandsgranskning: {title}", "Preview: {title}"),
    "intake.preview.kind": ("**Typ:** {kind}", "**Kind:** {kind}"),
    "intake.preview.meeting": ("**Sammanträde:** {meeting}", "**Council meeting:** {meeting}"),
    "intake.preview.signatories": ("**Undertecknare:** {names}", "**Signatories:** {names}"),
    "intake.preview.none": ("inga hittades", "none found"),
    "intake.preview.yrkanden": ("**Att-satser ({count}):**", "**Att-satser ({count}):**"),
    "intake.preview.questions": ("**Frågor ({count}):**", "**Questions ({count}):**"),
    "intake.preview.interpellation": (
        "Det här är en interpellation eller fråga. Den publiceras för kännedom, utan röstning.",
        "This is an interpellation or question. It is published for information, without a vote.",
    ),
    "intake.preview.low_confidence": (
        "⚠️ Kontrollera att-satserna: de hittades i löptext.",
        "⚠️ Check the att-satser: they were found in running text.",
    ),
    "intake.preview.no_yrkanden": (
        "Inga att-satser hittades. Tryck på Redigera och skriv in dem, en per rad.",
        "No att-satser were found. Press Edit and type them, one per line.",
    ),
    "intake.preview.hint": (
        "Stämmer det? Tryck på Publicera, rätta med Redigera eller släng utkastet med Avbryt.",
        "Is this right? Press Publish, fix it with Edit or throw the draft away with Cancel.",
    ),
    "intake.preview.footer": ("Utkast {draft} · {source}", "Draft {draft} · {source}"),
    "intake.button.publish": ("Publicera", "Publish"),
    "intake.button.edit": ("Redigera", "Edit"),
    "intake.button.cancel": ("Avbryt", "Cancel"),
    "intake.modal.post_title": ("Lägg upp en motion", "Post a motion"),
    "intake.modal.edit_title": ("Redigera utkastet", "Edit the draft"),
    "intake.modal.title_label": ("Rubrik", "Title"),
    "intake.modal.text_label": ("Motionens text", "The motion's text"),
    "intake.modal.yrkanden_label": ("Att-satser, en per rad", "Att-satser, one per line"),
    "intake.modal.yrkanden_more_label": (
        "Fler att-satser, en per rad",
        "More att-satser, one per line",
    ),
    "intake.published": (
        "Publicerat som ärende {number}: {link}",
        "Published as item {number}: {link}",
    ),
    "intake.cancelled": (
        "Utkastet är avbrutet. Inget publicerades.",
        "The draft is cancelled. Nothing was published.",
    ),
    "intake.pasted_name": ("inklistrad text", "pasted text"),
    "intake.embed.signatories": ("Undertecknare", "Signatories"),
    "intake.embed.meeting": ("Sammanträde", "Council meeting"),
    "intake.embed.decision": ("Gruppens beslut", "The group's decision"),
    "intake.embed.voting": (
        "{count} att-satser att rösta om, senast {deadline}.",
        "{count} att-satser to vote on, by {deadline}.",
    ),
    "intake.embed.for_information": (
        "För kännedom, ingen röstning.",
        "For information, no vote.",
    ),
    "intake.embed.thread": (
        "Diskussion och röstning: {thread}",
        "Discussion and voting: {thread}",
    ),
    "intake.embed.full_text_attached": (
        "Hela texten finns i den bifogade filen.",
        "The full text is in the attached file.",
    ),
    "intake.embed.footer": ("Ärende {number} · {kind}", "Item {number} · {kind}"),
    "intake.status.draft": ("publiceras", "being published"),
    "intake.status.open": ("röstning pågår", "voting open"),
    "intake.status.closed": ("stängd", "closed"),
    "intake.status.cancelled": ("struken", "withdrawn"),
    "intake.list.title": ("Gruppens ärenden", "The group's items"),
    "intake.list.line": (
        "**{number}.** {title} · möte {meeting} · {status}",
        "**{number}.** {title} · meeting {meeting} · {status}",
    ),
    "intake.list.empty": ("Inga ärenden ännu.", "No items yet."),
    "intake.list.more": ("… och {count} till", "… and {count} more"),
}
