"""Catalogue entries for meetings: positions, choices, rules, reasons and schedule errors."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the group's position on a yrkande, one per Position value
    "position.bifall": ("bifall", "approve"),
    "position.avslag": ("avslag", "reject"),
    "position.avstar": ("avstår", "abstain"),
    "position.aterremiss": ("återremiss", "refer back (återremiss)"),
    "position.bordlaggning": ("bordläggning", "postpone (bordläggning)"),
    "position.eget_yrkande": ("eget yrkande", "own proposal"),
    "position.fri_rost": ("fri röst", "free vote"),
    "position.undecided": (
        "ej avgjort – ordföranden beslutar",
        "undecided – the chair decides",
    ),
    # a member's vote, one per Choice value
    "choice.bifall": ("bifall", "yes"),
    "choice.avslag": ("avslag", "no"),
    "choice.avstar": ("avstår", "abstain"),
    # group rules, one per Majority and TieBreak value
    "majority.simple": (
        "enkel majoritet av de avgivna rösterna",
        "simple majority of the votes cast",
    ),
    "majority.absolute": (
        "absolut majoritet (mer än hälften av de deltagande)",
        "absolute majority (more than half of those taking part)",
    ),
    "majority.two_thirds": (
        "två tredjedelars majoritet för bifall",
        "two-thirds majority to approve",
    ),
    "tie_break.chair": ("ordförandens utslagsröst", "the chair's casting vote"),
    "tie_break.lottery": ("lottning", "drawing lots"),
    "tie_break.free_vote": ("fri röst", "free vote"),
    "rules.summary": (
        "Beslutsförhet: minst {quorum} % av de röstberättigade deltar. Majoritet: {majority}. Vid lika röstetal: {tie_break}.",
        "Quorum: at least {quorum} % of the voting members take part. Majority: {majority}. On a tie: {tie_break}.",
    ),
    # why a decision came out as it did (Decision.reason)
    "reason.majority": (
        "Majoriteten av rösterna avgjorde.",
        "The majority of the votes decided.",
    ),
    "reason.no_quorum": (
        "För få deltog för att gruppen ska vara beslutsför. Ordföranden beslutar.",
        "Too few took part for a quorum. The chair decides.",
    ),
    "reason.no_votes": (
        "Ingen röstade. Ordföranden beslutar.",
        "Nobody voted. The chair decides.",
    ),
    "reason.all_abstained": (
        "Alla som deltog avstod, så gruppen avstår.",
        "Everyone who took part abstained, so the group abstains.",
    ),
    "reason.no_absolute_majority": (
        "Inget förslag fick mer än hälften av rösterna. Ordföranden beslutar.",
        "No proposal got more than half of the votes. The chair decides.",
    ),
    "reason.two_thirds": (
        "Bifall fick minst två tredjedelar av de avgivna rösterna.",
        "Approval got at least two thirds of the votes cast.",
    ),
    "reason.no_two_thirds": (
        "Bifall fick inte två tredjedelar av de avgivna rösterna, så det blir avslag.",
        "Approval did not get two thirds of the votes cast, so it is rejected.",
    ),
    "reason.tie_chair": (
        "Lika röstetal. Ordförandens utslagsröst avgjorde.",
        "A tie. The chair's casting vote decided.",
    ),
    "reason.tie_lottery": (
        "Lika röstetal. Lottning avgjorde.",
        "A tie. Drawing lots decided.",
    ),
    "reason.tie_free_vote": (
        "Lika röstetal. Gruppen har ingen gemensam linje: fri röst.",
        "A tie. The group takes no common line: free vote.",
    ),
    "reason.tie_unsettled": (
        "Lika röstetal och ordföranden har inte röstat bifall eller avslag. Ordföranden beslutar.",
        "A tie, and the chair has not voted yes or no. The chair decides.",
    ),
    # how a decision is shown
    "decision.participation": (
        "{participated} av {eligible} röstberättigade deltog ({percent} %).",
        "{participated} of {eligible} voting members took part ({percent} %).",
    ),
    "decision.counts": (
        "{bifall} bifall, {avslag} avslag, {avstar} avstår, {not_voted} har inte röstat",
        "{bifall} yes, {avslag} no, {avstar} abstain, {not_voted} have not voted",
    ),
    "decision.lottery": (
        "Lottning: sha256({seed}) = {digest}; första byten {parity} ger {outcome}.",
        "Drawing lots: sha256({seed}) = {digest}; the first byte is {parity}, which gives {outcome}.",
    ),
    "decision.parity_even": ("jämn", "even"),
    "decision.parity_odd": ("udda", "odd"),
    # reminders before the vote closes
    "reminder.vote_closes": (
        "Påminnelse: röstningen stänger {deadline}. Du har inte röstat på allt ännu.",
        "Reminder: voting closes {deadline}. You have not voted on everything yet.",
    ),
    # refusals when a meeting is planned (params are as typed, or "YYYY-MM-DD HH:MM" Stockholm time)
    "schedule.error.bad_date": (
        "Datumet ”{value}” går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-08.",
        "The date “{value}” cannot be read. Write it as YYYY-MM-DD, for example 2026-12-08.",
    ),
    "schedule.error.bad_time": (
        "Klockslaget ”{value}” går inte att läsa. Skriv det som TT:MM, till exempel 09:00.",
        "The time “{value}” cannot be read. Write it as HH:MM, for example 09:00.",
    ),
    "schedule.error.bad_deadline": (
        "Sista röstningstiden ”{value}” går inte att läsa. Skriv den som ÅÅÅÅ-MM-DD TT:MM, till exempel 2026-12-07 18:00.",
        "The voting deadline “{value}” cannot be read. Write it as YYYY-MM-DD HH:MM, for example 2026-12-07 18:00.",
    ),
    "schedule.error.nonexistent_time": (
        "Klockan {time} den {date} finns inte, eftersom klockan ställs fram till sommartid den natten. Välj en annan tid.",
        "The time {time} on {date} does not exist, because the clocks go forward to summer time that night. Choose another time.",
    ),
    "schedule.error.meeting_in_past": (
        "Mötestiden {starts} har redan passerat. Välj en tid i framtiden.",
        "The meeting time {starts} has already passed. Choose a time in the future.",
    ),
    "schedule.error.deadline_after_start": (
        "Sista röstningstiden {deadline} ligger efter mötets start {starts}. Välj en tid före mötet.",
        "The voting deadline {deadline} is after the meeting starts at {starts}. Choose a time before the meeting.",
    ),
    "schedule.error.deadline_passed": (
        "Sista röstningstiden {deadline} har redan passerat. Välj en tid i framtiden.",
        "The voting deadline {deadline} has already passed. Choose a time in the future.",
    ),
    "schedule.error.default_deadline_passed": (
        "Mötet {starts} börjar om mindre än ett dygn, så den vanliga sista röstningstiden ({deadline}, ett dygn före) har redan passerat. Ange en egen sista röstningstid.",
        "The meeting at {starts} starts in less than a day, so the usual voting deadline ({deadline}, a day before) has already passed. Give your own voting deadline.",
    ),
    # /meeting create and list
    "meeting.error.title": (
        "Rubriken måste ha text och får vara högst {limit} tecken.",
        "The title must have text and may be at most {limit} characters.",
    ),
    "meeting.created": (
        "Möte {number} är skapat: **{title}**, {starts}. Röstningen stänger {deadline}.",
        "Meeting {number} is created: **{title}**, {starts}. Voting closes {deadline}.",
    ),
    "meeting.list.title": ("Kommande sammanträden", "Upcoming meetings"),
    "meeting.list.none": (
        "Inga kommande sammanträden. Ordföranden kan lägga till ett med /meeting create.",
        "No upcoming meetings. The chair can add one with /meeting create.",
    ),
    "meeting.list.entry": (
        "**Möte {number}: {title}**\n{starts} · röstningen stänger {deadline}",
        "**Meeting {number}: {title}**\n{starts} · voting closes {deadline}",
    ),
    "meeting.list.item": (
        "– Ärende {number}: {title} ({status})",
        "– Item {number}: {title} ({status})",
    ),
    "meeting.list.no_items": ("– inga ärenden ännu", "– no items yet"),
    "meeting.status.draft": ("utkast", "draft"),
    "meeting.status.open": ("röstning pågår", "voting open"),
    "meeting.status.closed": ("stängd", "closed"),
    "meeting.status.cancelled": ("struken", "cancelled"),
    "meeting.full_text_attached": (
        "Texten är för lång för ett meddelande; hela texten finns i den bifogade filen.",
        "The text is too long for one message; the full text is in the attached file.",
    ),
    # /meeting brief
    "brief.title": ("Gruppens linje inför {meeting}", "The group's line for {meeting}"),
    "brief.when": (
        "Sammanträdet börjar {starts}. Röstningen stänger {deadline}.",
        "The meeting starts {starts}. Voting closes {deadline}.",
    ),
    "brief.no_items": ("Inga ärenden på dagordningen ännu.", "No items on the agenda yet."),
    "brief.item": ("§ {number} {title}", "§ {number} {title}"),
    "brief.item_open": (
        "Röstningen pågår fortfarande.",
        "Voting is still open.",
    ),
    "brief.item_cancelled": ("Ärendet är struket.", "The item is cancelled."),
    "brief.yrkande": ("Att-sats {number}: **{position}**", "Clause {number}: **{position}**"),
    "brief.yrkande_open": ("Att-sats {number}: röstning pågår", "Clause {number}: voting open"),
    "brief.counts": (
        "{bifall} bifall, {avslag} avslag, {avstar} avstår, {not_voted} har inte röstat",
        "{bifall} yes, {avslag} no, {avstar} abstain, {not_voted} have not voted",
    ),
    "brief.override": (
        "Ordförandens beslut; omröstningen gav {derived}.",
        "Set by the chair; the vote gave {derived}.",
    ),
    "brief.override_no_vote": (
        "Ordförandens beslut.",
        "Set by the chair.",
    ),
    "brief.note": ("Motivering: {note}", "Reason: {note}"),
    "brief.undecided_count": (
        "Ej avgjort: {count} att-satser där ordföranden behöver besluta.",
        "Undecided: {count} clauses where the chair must decide.",
    ),
    "brief.open_count": (
        "Fortfarande öppet: {count} ärenden.",
        "Still open: {count} items.",
    ),
    "brief.not_heard": ("Inte hörda: {names}", "Not heard from: {names}"),
    "brief.all_heard": ("Alla röstberättigade har röstat.", "Every voting member has voted."),
    "brief.posted": (
        "Gruppens linje inför möte {number} är publicerad i {channel}.",
        "The group's line for meeting {number} is posted in {channel}.",
    ),
    "brief.file_name": ("gruppens-linje-mote-{number}.md", "group-line-meeting-{number}.md"),
    "brief.error.no_channel": (
        "Yrka kan inte skriva i gruppens kanal. Kontrollera kanalen med /setup show och botens behörigheter.",
        "Yrka cannot write in the group's channel. Check the channel with /setup show and the bot's permissions.",
    ),
    # /motion close and reopen
    "motion.closed": (
        "Röstningen om ärende {number} är stängd.\n{summary}",
        "Voting on item {number} is closed.\n{summary}",
    ),
    "motion.closed_line": (
        "Att-sats {number}: **{position}** ({counts})",
        "Clause {number}: **{position}** ({counts})",
    ),
    "motion.reopened": (
        "Röstningen om ärende {number} är öppen igen. Den stänger {deadline}.",
        "Voting on item {number} is open again. It closes {deadline}.",
    ),
    "motion.error.not_closed": (
        "Ärende {number} är inte stängt, så det finns inget att öppna igen.",
        "Item {number} is not closed, so there is nothing to reopen.",
    ),
    "motion.error.reopen_meeting_started": (
        "Sammanträdet för ärende {number} har redan börjat, så röstningen kan inte öppnas igen.",
        "The meeting of item {number} has already started, so voting cannot be reopened.",
    ),
    "motion.error.reopen_deadline_passed": (
        "Sista röstningstiden för ärende {number} har passerat; röster efter den räknas inte, så röstningen kan inte öppnas igen. Sätt gruppens linje med /position set i stället.",
        "The voting deadline of item {number} has passed; votes after it do not count, so voting cannot be reopened. Set the group's line with /position set instead.",
    ),
    # /position set
    "position.saved": (
        "Gruppens linje för ärende {item}, att-sats {number} är nu **{position}**.",
        "The group's line on item {item}, clause {number} is now **{position}**.",
    ),
    "position.error.note_required": (
        "Ställningen {position} kräver en motivering eller gruppens egen formulering. Fyll i alternativet note.",
        "The position {position} needs a reason or the group's own wording. Fill in the note option.",
    ),
    "position.error.note_too_long": (
        "Motiveringen får vara högst {limit} tecken.",
        "The note may be at most {limit} characters.",
    ),
    "position.error.undecided": (
        "Välj en linje för gruppen; ”ej avgjort” kan inte sättas för hand.",
        "Choose a line for the group; “undecided” cannot be set by hand.",
    ),
    "position.error.item_cancelled": (
        "Ärende {number} är struket och har ingen linje.",
        "Item {number} is cancelled and has no line.",
    ),
    # reminders
    "reminder.heading": ("Ärende {item}: {title}", "Item {item}: {title}"),
}
