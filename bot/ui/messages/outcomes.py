"""Catalogue entries for after fullmäktige: outcomes, reservations, the summary and /report."""

MESSAGES: dict[str, tuple[str, str]] = {
    # /outcome set (/utfall sätt)
    "cmd.outcome.name": ("utfall", "outcome"),
    "cmd.outcome.desc": ("Vad fullmäktige beslutade", "What the council decided"),
    "cmd.outcome.set.name": ("sätt", "set"),
    "cmd.outcome.set.desc": (
        "Registrera fullmäktiges beslut i ett ärende (sekreterare eller ordförande)",
        "Record the council's decision on an item (secretary or chair)",
    ),
    "opt.result.name": ("beslut", "result"),
    "opt.result.desc": ("Vad fullmäktige beslutade", "What the council decided"),
    "opt.outcome_yrkande.desc": (
        "Att-satsens nummer; utelämna för hela ärendet",
        "The att-sats number; leave out for the whole item",
    ),
    "opt.votes_for.name": ("ja_röster", "votes_for"),
    "opt.votes_for.desc": ("Röster för, vid votering", "Votes for, if counted"),
    "opt.votes_against.name": ("nej_röster", "votes_against"),
    "opt.votes_against.desc": ("Röster emot, vid votering", "Votes against, if counted"),
    "opt.abstained.name": ("avstod", "abstained"),
    "opt.abstained.desc": ("Antal som avstod, vid votering", "Number who abstained, if counted"),
    "opt.outcome_note.name": ("anteckning", "note"),
    "opt.outcome_note.desc": (
        "Till exempel vem som yrkade vad",
        "For example who moved what",
    ),
    "choice.result.bifall": ("bifall", "approved"),
    "choice.result.avslag": ("avslag", "rejected"),
    "choice.result.aterremiss": ("återremiss", "referred back"),
    "choice.result.bordlagd": ("bordlagt", "postponed"),
    "choice.result.besvarad": ("anses besvarad", "considered answered"),
    "choice.result.andrat": ("bifall i ändrad form", "approved as amended"),
    "outcome.votes": ("{votes_for}–{votes_against}", "{votes_for}–{votes_against}"),
    "outcome.abstained": ("{abstained} avstod", "{abstained} abstained"),
    "outcome.saved.item": (
        "Utfallet är registrerat för ärende {item} ({title}): {result}.",
        "The outcome is recorded for item {item} ({title}): {result}.",
    ),
    "outcome.saved.clause": (
        "Utfallet är registrerat för ärende {item} ({title}), att-sats {number}: {result}.",
        "The outcome is recorded for item {item} ({title}), clause {number}: {result}.",
    ),
    "outcome.note": ("Anteckning: {note}", "Note: {note}"),
    "outcome.no_position": ("ingen", "none"),
    "outcome.clause_line": (
        "Att-sats {number}: gruppens linje {position}, fullmäktige {result}: {verdict}",
        "Clause {number}: the group's line {position}, the council {result}: {verdict}",
    ),
    "outcome.verdict.won": ("Gruppen vann.", "The group won."),
    "outcome.verdict.partly": ("Gruppen vann delvis.", "The group partly won."),
    "outcome.verdict.lost": ("Gruppen förlorade.", "The group lost."),
    "outcome.verdict.no_line": (
        "Gruppen hade ingen linje att jämföra med.",
        "The group had no line to compare with.",
    ),
    "outcome.reserve_hint": (
        "Vill gruppen reservera sig? Tryck på Reservera gruppen.",
        "Does the group want to enter a reservation? Press Reserve the group.",
    ),
    "outcome.button.reserve": ("Reservera gruppen", "Reserve the group"),
    "verdict.won": ("vann", "won"),
    "verdict.partly": ("delvis", "partly"),
    "verdict.lost": ("förlorade", "lost"),
    "verdict.no_line": ("ingen linje", "no line"),
    "outcome.what.votes_for": ("ja-röster", "votes for"),
    "outcome.what.votes_against": ("nej-röster", "votes against"),
    "outcome.what.abstained": ("avstod", "abstained"),
    "outcome.error.not_started": (
        "Sammanträdet (möte {number}) börjar {when}. Utfallet kan registreras när det har börjat.",
        "The council meeting (meeting {number}) starts {when}. "
        "The outcome can be recorded once it has started.",
    ),
    "outcome.error.cancelled": (
        "Ärende {number} är struket och har inget utfall.",
        "Item {number} is withdrawn and has no outcome.",
    ),
    "outcome.error.note_too_long": (
        "Anteckningen får vara högst {limit} tecken.",
        "The note may be at most {limit} characters.",
    ),
    "outcome.error.bad_votes": (
        "Antalet {what} måste vara mellan 0 och {limit}.",
        "The number of {what} must be between 0 and {limit}.",
    ),
    # reservations
    "reservation.template.own": (
        "{group} reserverar sig till förmån för eget yrkande.",
        "{group} enters a reservation in favour of its own proposal.",
    ),
    "reservation.template.against": (
        "{group} reserverar sig mot beslutet.",
        "{group} enters a reservation against the decision.",
    ),
    "reservation.modal.title": ("Reservation, ärende {number}", "Reservation, item {number}"),
    "reservation.modal.label": ("Reservationens text", "Text of the reservation"),
    "reservation.modal.description": (
        "Så som den lämnas in före justeringen",
        "As it is handed in before the minutes are checked",
    ),
    "reservation.saved": (
        "Reservationen för ärende {number} är sparad:\n{text}\n"
        "Den kommer med i protokollet och i /export format: reservationer.",
        "The reservation on item {number} is saved:\n{text}\n"
        "It is part of the minutes and of /export format: reservations.",
    ),
    "reservation.error.not_lost": (
        "Gruppen har inte förlorat på ärende {number}, så det finns inget att reservera sig mot. "
        "Registrera först utfallet med /utfall sätt.",
        "The group has not lost on item {number}, so there is nothing to reserve against. "
        "Record the outcome with /outcome set first.",
    ),
    "reservation.error.empty": (
        "Reservationen är tom. Skriv texten och försök igen.",
        "The reservation is empty. Write the text and try again.",
    ),
    "reservation.error.too_long": (
        "Reservationen får vara högst {limit} tecken.",
        "The reservation may be at most {limit} characters.",
    ),
}
MESSAGES.update(
    {
        # the minutes (every format) per §
        "export.outcome": ("Fullmäktiges beslut: {result}", "The council's decision: {result}"),
        "export.verdict": (
            "Gruppens linje i fullmäktige: {verdict}",
            "The group's line in the council: {verdict}",
        ),
        "export.reservation": ("Reservation", "Reservation"),
        "export.csv.result": ("Fullmäktiges beslut", "Council decision"),
        "export.csv.verdict": ("Gruppens linje i fullmäktige", "Group's line in the council"),
        "export.csv.reservation": ("Reservation", "Reservation"),
    }
)
MESSAGES.update(
    {
        # /export format: reservations | summary
        "choice.format.reservations": (
            "reservationer att skriva under (Word)",
            "reservations to sign (Word)",
        ),
        "choice.format.summary": (
            "så gick det i fullmäktige (Markdown och Word)",
            "how it went in the council (Markdown and Word)",
        ),
        "export.file_prefix.reservations": ("reservationer", "reservations"),
        "export.file_prefix.summary": ("sa-gick-det", "how-it-went"),
        "reservation.error.none": (
            "Gruppen har inga reservationer i möte {number}. Reservera gruppen med knappen under "
            "/utfall sätt när gruppen har förlorat.",
            "The group has no reservations in meeting {number}. Reserve the group with the button "
            "under /outcome set where the group lost.",
        ),
        # the reservation pages
        "reservation.page.title": ("Reservation", "Reservation"),
        "reservation.page.meeting": (
            "Fullmäktige {day} {year}: {title}",
            "Council meeting {day} {year}: {title}",
        ),
        "reservation.page.item": ("Ärende: {item}", "Item: {item}"),
        "reservation.page.for_group": ("För {group}", "For {group}"),
        "reservation.page.place_date": ("Ort och datum", "Place and date"),
        "reservation.page.signature": ("Underskrift", "Signature"),
        "reservation.page.name": ("Namnförtydligande", "Name in block letters"),
        # the summary
        "summary.day": ("{day} {month}", "{day} {month}"),
        "summary.title": ("Så gick det i fullmäktige {day}", "How it went in the council on {day}"),
        "summary.subtitle": ("{group} · {title}", "{group} · {title}"),
        "summary.tally": (
            "Gruppens linje vann i {won} av {total} ärenden, vann delvis i {partly} och förlorade i {lost}.",
            "The group's line won on {won} of {total} items, partly won on {partly} and lost on {lost}.",
        ),
        "summary.nothing_recorded": (
            "Inga beslut från fullmäktige är registrerade ännu.",
            "No decisions of the council are recorded yet.",
        ),
        "summary.moved": ("{group} yrkade {clauses}.", "{group} moved {clauses}."),
        "summary.abstained": ("{group} avstod från {clauses}.", "{group} abstained on {clauses}."),
        "summary.free_vote": ("Fri röst för {clauses}.", "Free vote on {clauses}."),
        "summary.no_line": ("{group} hade ingen gemensam linje.", "{group} had no common line."),
        "summary.decided": ("Fullmäktige beslutade: {result}.", "The council decided: {result}."),
        "summary.decided_clause": (
            "Att-sats {number}: {result}.",
            "Clause {number}: {result}.",
        ),
        "summary.not_recorded": (
            "Fullmäktiges beslut är inte registrerat ännu.",
            "The council's decision is not recorded yet.",
        ),
        "summary.verdict": ("Resultat för gruppen: {verdict}", "Result for the group: {verdict}"),
        "summary.reserved": ("{group} reserverade sig:", "{group} entered a reservation:"),
        "summary.month.1": ("januari", "January"),
        "summary.month.2": ("februari", "February"),
        "summary.month.3": ("mars", "March"),
        "summary.month.4": ("april", "April"),
        "summary.month.5": ("maj", "May"),
        "summary.month.6": ("juni", "June"),
        "summary.month.7": ("juli", "July"),
        "summary.month.8": ("augusti", "August"),
        "summary.month.9": ("september", "September"),
        "summary.month.10": ("oktober", "October"),
        "summary.month.11": ("november", "November"),
        "summary.month.12": ("december", "December"),
    }
)
MESSAGES.update(
    {
        # /report (/rapport)
        "cmd.report.name": ("rapport", "report"),
        "cmd.report.desc": (
            "Hur gruppens linjer gick och vem som röstade i tid (sekreterare eller ordförande)",
            "How the group's lines fared and who voted in time (secretary or chair)",
        ),
        "opt.report_from.name": ("från", "from"),
        "opt.report_from.desc": ("Första dag, ÅÅÅÅ-MM-DD", "First day, YYYY-MM-DD"),
        "opt.report_to.name": ("till", "to"),
        "opt.report_to.desc": ("Sista dag, ÅÅÅÅ-MM-DD", "Last day, YYYY-MM-DD"),
        "report.error.bad_date": (
            "”{text}” är inget datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-08.",
            "“{text}” is not a date. Write it as YYYY-MM-DD, for example 2026-12-08.",
        ),
        "report.error.order": (
            "Från-datumet ({since}) kommer efter till-datumet ({until}).",
            "The from date ({since}) comes after the to date ({until}).",
        ),
        "report.error.no_meetings": (
            "Det finns inga sammanträden med stängd röstning i den perioden.",
            "There are no meetings with closed voting in that period.",
        ),
        "report.span": ("{first} – {last}", "{first} – {last}"),
        "report.heading": ("**Rapport för {group}, {span}**", "**Report for {group}, {span}**"),
        "report.totals": (
            "Sammanträden: {meetings}. Ärenden med registrerat beslut: {recorded} av {items}; "
            "vann {won}, delvis {partly}, förlorade {lost}. Reservationer: {reserved}.",
            "Meetings: {meetings}. Items with a recorded decision: {recorded} of {items}; "
            "won {won}, partly {partly}, lost {lost}. Reservations: {reserved}.",
        ),
        "report.member": ("{name} {percent} %", "{name} {percent} %"),
        "report.participation": (
            "Röstade före sista röstdag: i snitt {average} %. Lägst: {lowest}.",
            "Voted before the deadline: {average} % on average. Lowest: {lowest}.",
        ),
        "report.charts": (
            "Diagram: {names} ({width}×{height} pixlar).",
            "Charts: {names} ({width}×{height} pixels).",
        ),
        "report.meeting_line": (
            "Möte {number} ({date}, {title}): vann {won} · delvis {partly} · förlorade {lost} "
            "· reservationer {reserved} · utan beslut {open}",
            "Meeting {number} ({date}, {title}): won {won} · partly {partly} · lost {lost} "
            "· reservations {reserved} · no decision {open}",
        ),
        "report.chart.series.won": ("vann", "won"),
        "report.chart.series.partly": ("delvis", "partly"),
        "report.chart.series.lost": ("förlorade", "lost"),
        "report.chart.series.reserved": ("reservationer", "reservations"),
        "report.chart.meeting_label": ("Möte {number}\n{date}", "Meeting {number}\n{date}"),
        "report.chart.items": ("Ärenden", "Items"),
        "report.chart.lines_title": (
            "Så gick gruppens linjer i fullmäktige – {group}",
            "How the group's lines fared in the council – {group}",
        ),
        "report.chart.percent": (
            "Andel att-satser med röst före sista röstdag (%)",
            "Share of clauses voted on before the deadline (%)",
        ),
        "report.chart.participation_title": (
            "Deltagande per ledamot (snitt {average} %)",
            "Participation per member (average {average} %)",
        ),
        "report.chart.lowest": (
            "– de {shown} lägsta av {total}",
            "– the lowest {shown} of {total}",
        ),
        "report.file.lines": ("linjer-per-mote", "lines-per-meeting"),
        "report.file.participation": ("deltagande", "participation"),
    }
)
