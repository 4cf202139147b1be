"""Catalogue entries for exports: the minutes (protokoll) and the data files."""

MESSAGES: dict[str, tuple[str, str]] = {
    # heading and attendance
    "export.title": ("Protokoll – Gruppmöte, {group}", "Minutes – Group meeting, {group}"),
    "export.number": ("Nr {number}/{year}", "No. {number}/{year}"),
    "export.date_time": ("Datum och tid: {when}", "Date and time: {when}"),
    "export.place": ("Plats: Discord", "Place: Discord"),
    "export.deadline": ("Röstningen stängde: {when}", "Voting closed: {when}"),
    "export.present": ("Närvarande", "Present"),
    "export.voting_members": ("Röstande ledamöter: {names}", "Voting members: {names}"),
    "export.other_members": (
        "Övriga, utan rösträtt: {names}",
        "Others, without a vote: {names}",
    ),
    "export.left_members": ("Har lämnat gruppen: {names}", "Have left the group: {names}"),
    "export.none": ("inga", "none"),
    "export.and": ("och", "and"),
    "export.yes": ("ja", "yes"),
    "export.no": ("nej", "no"),
    "export.member_left": ("har lämnat gruppen", "has left the group"),
    "export.members_table.name": ("Namn", "Name"),
    "export.members_table.voting": ("Rösträtt", "Vote"),
    "export.members_table.note": ("Anmärkning", "Note"),
    # fixed paragraphs
    "export.paragraph": ("§ {number}", "§ {number}"),
    "export.opening": ("Mötets öppnande", "Opening of the meeting"),
    "export.opening_text": (
        "Gruppen beredde ärendena på Discord inför sammanträdet {starts}. Röstningen stängde {deadline}.",
        "The group prepared the items on Discord before the council meeting on {starts}. Voting closed {deadline}.",
    ),
    "export.adjusters": ("Val av justerare", "Election of minute-checker"),
    "export.adjusters_text": (
        "Att jämte ordföranden justera protokollet valdes ______________________.",
        "Elected to check the minutes together with the chair: ______________________.",
    ),
    "export.closing": ("Mötets avslutande", "Closing of the meeting"),
    "export.closing_text": (
        "Ordföranden förklarade mötet avslutat.",
        "The chair declared the meeting closed.",
    ),
    # items
    "export.item_heading": ("{kind} {number}: {title}", "{kind} {number}: {title}"),
    "export.kind.motion": ("Motion", "Motion"),
    "export.kind.interpellation": ("Interpellation", "Interpellation"),
    "export.kind.yrkande": ("Yrkande", "Proposal"),
    "export.kind.unknown": ("Ärende", "Item"),
    "export.signatories": ("Undertecknare: {names}", "Signatories: {names}"),
    "export.att_sats": ("Att-sats {number}", "Clause {number}"),
    "export.status.draft": ("ej öppnad", "not opened"),
    "export.status.open": ("röstningen pågår", "voting open"),
    "export.status.closed": ("avslutad", "closed"),
    "export.status.cancelled": ("struken", "withdrawn"),
    "export.votes_line": (
        "Röstning: {bifall} bifall, {avslag} avslag, {avstar} avstår, {not_voted} ej röstat",
        "Vote: {bifall} for, {avslag} against, {avstar} abstaining, {not_voted} not voted",
    ),
    "export.position_line": ("Gruppens linje: {position}", "Group position: {position}"),
    "export.position_note": ("Ordförandens anteckning: {note}", "Chair's note: {note}"),
    "export.overridden": (
        "Ordföranden ändrade linjen från röstningens utfall ({derived}) till {position}.",
        "The chair changed the position from the outcome of the vote ({derived}) to {position}.",
    ),
    "export.overridden_by": (
        "Ordföranden ({who}) ändrade linjen från röstningens utfall ({derived}) till {position}.",
        "The chair ({who}) changed the position from the outcome of the vote ({derived}) to {position}.",
    ),
    "export.position.bifall": ("Bifall", "Approve"),
    "export.position.avslag": ("Avslag", "Reject"),
    "export.position.avstar": ("Avstår", "Abstain"),
    "export.position.aterremiss": ("Återremiss", "Refer back"),
    "export.position.bordlaggning": ("Bordläggning", "Postpone"),
    "export.position.eget_yrkande": ("Eget yrkande", "Own proposal"),
    "export.position.fri_rost": ("Fri röst", "Free vote"),
    "export.position.undecided": ("Ej avgjord", "Undecided"),
    "export.position.none": ("ingen", "none"),
    "export.choice.bifall": ("Bifall", "For"),
    "export.choice.avslag": ("Avslag", "Against"),
    "export.choice.avstar": ("Avstår", "Abstain"),
    "export.source.reaction": ("reaktion", "reaction"),
    "export.source.reconcile": ("avstämning", "reconciliation"),
    "export.source.system": ("systemet", "system"),
    # the decision sentence
    "export.decision": ("Beslut: {text}", "Decision: {text}"),
    "export.decision.moves": ("Gruppen yrkar {clauses}.", "The group moves {clauses}."),
    "export.clauses.one": ("att-sats {numbers}", "clause {numbers}"),
    "export.clauses.many": ("att-satserna {numbers}", "clauses {numbers}"),
    "export.decision.clause.bifall": ("bifall till {clauses}", "approval of {clauses}"),
    "export.decision.clause.avslag": ("avslag på {clauses}", "rejection of {clauses}"),
    "export.decision.clause.aterremiss": ("återremiss av {clauses}", "referral back of {clauses}"),
    "export.decision.clause.bordlaggning": (
        "bordläggning av {clauses}",
        "postponement of {clauses}",
    ),
    "export.decision.clause.eget_yrkande": (
        "ett eget yrkande i stället för {clauses}",
        "its own proposal instead of {clauses}",
    ),
    "export.decision.avstar": (
        "Gruppen avstår från {clauses}.",
        "The group abstains on {clauses}.",
    ),
    "export.decision.fri_rost": ("Fri röst på {clauses}.", "Free vote on {clauses}."),
    "export.decision.undecided": (
        "Ingen linje är beslutad för {clauses}.",
        "No position is decided for {clauses}.",
    ),
    "export.decision.none": ("Inget att besluta.", "Nothing to decide."),
    # decision table (docx, pdf)
    "export.table.clause": ("Att-sats", "Clause"),
    "export.table.bifall": ("Bifall", "For"),
    "export.table.avslag": ("Avslag", "Against"),
    "export.table.avstar": ("Avstår", "Abstain"),
    "export.table.not_voted": ("Ej röstat", "Not voted"),
    "export.table.decision": ("Beslut", "Decision"),
    # comments
    "export.comments": ("Kommentarer", "Comments"),
    "export.comment_edited": ("(redigerad)", "(edited)"),
    "export.comment_deleted": ("[kommentaren är borttagen]", "[comment deleted]"),
    "export.attachments": ("Bilagor: {names}", "Attachments: {names}"),
    # signatures and footer
    "export.signature.recorded": ("Vid protokollet", "Recorded by"),
    "export.signature.checked": ("Justeras", "Checked"),
    "export.role.secretary": ("sekreterare", "secretary"),
    "export.role.chair": ("ordförande", "chair"),
    "export.role.adjuster": ("justerare", "minute-checker"),
    "export.audit": ("Röstloggens kontrollsumma: {hash}", "Vote log checksum: {hash}"),
    "export.generated": ("Skapat av Yrka {when}", "Generated by Yrka {when}"),
    "export.page": ("Sida {page}", "Page {page}"),
    "export.file_prefix": ("protokoll", "minutes"),
    # csv headers
    "export.csv.paragraph": ("§", "§"),
    "export.csv.item": ("Ärende nr", "Item no."),
    "export.csv.title": ("Rubrik", "Title"),
    "export.csv.yrkande": ("Att-sats nr", "Clause no."),
    "export.csv.text": ("Text", "Text"),
    "export.csv.bifall": ("Bifall", "For"),
    "export.csv.avslag": ("Avslag", "Against"),
    "export.csv.avstar": ("Avstår", "Abstain"),
    "export.csv.not_voted": ("Ej röstat", "Not voted"),
    "export.csv.position": ("Gruppens linje", "Group position"),
    "export.csv.derived": ("Röstningens utfall", "Outcome of the vote"),
    "export.csv.overridden": ("Ändrad av ordföranden", "Changed by the chair"),
    "export.csv.note": ("Anteckning", "Note"),
    "export.csv.member_id": ("Ledamot-id", "Member id"),
    "export.csv.name": ("Namn", "Name"),
    "export.csv.choice": ("Röst", "Vote"),
    "export.csv.time": ("Tid (Stockholm)", "Time (Stockholm)"),
    "export.csv.source": ("Källa", "Source"),
    # /export in Discord
    "export.done": (
        "Export av möte {number}: {names}",
        "Export of meeting {number}: {names}",
    ),
    "export.too_large": (
        "Filen {name} blev {size_mb} MB, större än Discord tillåter ({limit_mb} MB). "
        "Välj ett annat format eller kör exporten på servern: python -m bot export.",
        "The file {name} came to {size_mb} MB, more than Discord allows ({limit_mb} MB). "
        "Choose another format or run the export on the server: python -m bot export.",
    ),
    "export.meeting_choice": ("{number}: {title} ({date})", "{number}: {title} ({date})"),
    # python -m bot export (command line)
    "export.cli.db_missing": (
        "Databasen {path} finns inte. Ange rätt sökväg i YRKA_DB_PATH (se .env.example).",
        "The database {path} does not exist. Set the right path in YRKA_DB_PATH (see .env.example).",
    ),
    "export.cli.db_unreadable": (
        "Databasen {path} kunde inte läsas: {reason}",
        "The database {path} could not be read: {reason}",
    ),
    "export.cli.unknown_guild": (
        "Servern {guild} har ingen grupp i databasen. Kontrollera --guild (serverns id).",
        "Server {guild} has no group in the database. Check --guild (the server's id).",
    ),
    "export.cli.out_is_file": (
        "{path} är en fil, men formatet ger flera filer. Ange en mapp med --out.",
        "{path} is a file, but the format gives several files. Give a folder with --out.",
    ),
    "export.cli.write_failed": (
        "Kunde inte skriva {path}: {reason}",
        "Could not write {path}: {reason}",
    ),
    "export.cli.written": ("Skrev {path} ({size} byte)", "Wrote {path} ({size} bytes)"),
    # /audit verify
    "audit.intact": (
        "Granskningsloggen är obruten: {entries} poster har kontrollerats.\n"
        "Kontrollsumma (senaste posten): `{hash}`\n"
        "Samma kontrollsumma står i protokollen som exporteras nu.",
        "The audit log is unbroken: {entries} entries were checked.\n"
        "Checksum (latest entry): `{hash}`\n"
        "Minutes exported now carry the same checksum.",
    ),
    "audit.broken": (
        "Granskningsloggen är BRUTEN vid post {seq} av {entries}: posten har ändrats, "
        "flyttats eller tagits bort.\n"
        "Sista godkända kontrollsumma: `{hash}`\n"
        "Kontakta den som driver boten.",
        "The audit log is BROKEN at entry {seq} of {entries}: the entry was changed, "
        "moved or removed.\n"
        "Last checksum that verified: `{hash}`\n"
        "Contact whoever runs the bot.",
    ),
    "audit.empty": (
        "Granskningsloggen är tom: inget har registrerats ännu.",
        "The audit log is empty: nothing has been recorded yet.",
    ),
}
