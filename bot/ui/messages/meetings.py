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
}
