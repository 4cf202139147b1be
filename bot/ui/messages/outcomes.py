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
