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
        "Användning: python -m bot parse <fil> [--json] [--lang sv|en]",
        "Usage: python -m bot parse <file> [--json] [--lang sv|en]",
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
}
