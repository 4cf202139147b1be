"""Catalogue entries for the vote messages of a locked beslutsgång (issue 15)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "question.moved": (
        "Den här att-satsen avgörs nu mellan alternativ: rösta i alternativomröstningen i tråden.",
        "This clause is now decided between alternatives: vote in the alternatives vote in the thread.",
    ),
    "vote.heading_item": ("**Ärende {item}: {title}**", "**Item {item}: {title}**"),
    # /motion status and the chair's /motion close reply
    "status.round_open": ("Omgång {number}, stänger {at}", "Round {number}, closes {at}"),
    "status.round_with_item": (
        "Omgång {number}, stänger med ärendet",
        "Round {number}, closes with the motion",
    ),
    "status.round_closed": ("Omgång {number}, stängd", "Round {number}, closed"),
    "status.moved": (
        "Avgörs mellan alternativ i beslutsgången nedan.",
        "Decided between alternatives in the order of decision below.",
    ),
    "motion.closed_alternatives": (
        "Att-sats {number}, mellan alternativ:",
        "Clause {number}, between alternatives:",
    ),
    "motion.closed_alternative_won": ("**{emoji} {label}** vann.", "**{emoji} {label}** won."),
    "motion.closed_undecided": (
        "**Ej avgjort – ordföranden beslutar.** Sätt gruppens linje med /ställningstagande sätt.",
        "**Not decided – the chair decides.** Set the group's position with /position set.",
    ),
    "motion.closed_formal": (
        "Återremiss (yrkande {proposal}):",
        "Referral back (proposal {proposal}):",
    ),
    "motion.closed_addition": (
        "Tilläggsyrkande till att-sats {clause} (yrkande {proposal}):",
        "Addition to clause {clause} (proposal {proposal}):",
    ),
    "question.step": (
        "Beslutsgång, fråga {index} av {total}",
        "Order of decision, question {index} of {total}",
    ),
    "question.formal": (
        "**Återremiss** (yrkande {proposal}, <@{author}>) – avgörs först. Bifall = gruppen yrkar återremiss.",
        "**Referral back** (proposal {proposal}, <@{author}>) – decided first. Yes = the group moves to refer back.",
    ),
    "question.addition": (
        "**Tilläggsyrkande** till att-sats {clause} (yrkande {proposal}, <@{author}>) – avgörs efter att-sats {clause}.",
        "**Addition** to clause {clause} (proposal {proposal}, <@{author}>) – decided after clause {clause}.",
    ),
    "question.alternatives": (
        "**Att-sats {clause}: välj ett alternativ**",
        "**Clause {clause}: choose one alternative**",
    ),
    "question.runoff": (
        "**Att-sats {clause}: andra omgången** – de två alternativ som fick flest röster.",
        "**Clause {clause}: second round** – the two alternatives with the most votes.",
    ),
    "question.alt.original": ("Ursprungliga att-satsen", "The original clause"),
    "question.alt.change": ("Ändringsyrkande av <@{author}>", "Amendment by <@{author}>"),
    "question.alt.reject": ("Avslag, yrkat av <@{author}>", "Rejection, moved by <@{author}>"),
    "question.alt.own": ("Eget yrkande av <@{author}>", "Own proposal by <@{author}>"),
    "question.closes": ("Omgången stänger {at}.", "This round closes {at}."),
    "question.votes": (
        "{votes} · ➖ {abstained} avstår · {not_voted} har inte röstat",
        "{votes} · ➖ {abstained} abstain · {not_voted} not voted",
    ),
    "question.won": (
        "Röstningen är stängd. Vinnare: {emoji} alternativ {number}.",
        "Voting is closed. Winner: {emoji} alternative {number}.",
    ),
    "question.to_runoff": (
        "Ingen fick mer än hälften av rösterna: {first} och {second} går till en andra omgång (nytt meddelande nedan).",
        "No alternative had more than half of the votes: {first} and {second} go to a second round (new message below).",
    ),
    "question.no_time": (
        "Ej avgjort – ingen tid kvar för en andra omgång. Ordföranden beslutar.",
        "Not decided – no time left for a second round. The chair decides.",
    ),
    "question.undecided": (
        "Röstningen är stängd: {position}.",
        "Voting is closed: {position}.",
    ),
}
