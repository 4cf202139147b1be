"""Catalogue entries for voting, vote messages, comments and status."""

MESSAGES: dict[str, tuple[str, str]] = {
    "vote.heading": (
        "**Ärende {item}: {title}**\nAtt-sats {number} av {total}",
        "**Item {item}: {title}**\nClause {number} of {total}",
    ),
    "vote.how_to": (
        "Rösta med en reaktion: {options}",
        "Vote with a reaction: {options}",
    ),
    "vote.counts": (
        "✅ {bifall} bifall · ❌ {avslag} avslag · ➖ {avstar} avstår · {not_voted} har inte röstat",
        "✅ {bifall} bifall · ❌ {avslag} avslag · ➖ {avstar} avstår · {not_voted} not voted",
    ),
    "vote.voted_so_far": ("{voted} har röstat hittills.", "{voted} have voted so far."),
    "vote.closed": ("Röstningen är stängd.", "Voting is closed."),
    "vote.closed_position": (
        "Röstningen är stängd. Gruppens linje: **{position}**",
        "Voting is closed. The group's line: **{position}**",
    ),
    # a reaction the bot removed, told the member privately (rate-limited)
    "vote.refused.not_member": (
        "Din reaktion på ärende {item} togs bort: bara röstberättigade kan rösta, och vilka som röstar i ärendet bestämdes när röstningen öppnades (gruppens regel och anmäld närvaro).",
        "Your reaction on item {item} was removed: only voting members can vote, and who votes on this item was fixed when voting opened (the group's rule and the reported attendance).",
    ),
    "vote.refused.foreign_emoji": (
        "Din reaktion på ärende {item} togs bort: rösta med {options}.",
        "Your reaction on item {item} was removed: vote with {options}.",
    ),
    "vote.refused.not_open": (
        "Din reaktion på ärende {item} togs bort: röstningen har inte öppnat än.",
        "Your reaction on item {item} was removed: voting has not opened yet.",
    ),
    "vote.refused.closed": (
        "Din reaktion på ärende {item} togs bort: röstningen är stängd.",
        "Your reaction on item {item} was removed: voting is closed.",
    ),
    "vote.refused.deadline_passed": (
        "Din reaktion på ärende {item} togs bort: sista tiden för att rösta har passerat.",
        "Your reaction on item {item} was removed: the voting deadline has passed.",
    ),
    # two new reactions made while the bot was away: no order, so no vote (told privately)
    "vote.unreadable": (
        "Din röst på ärende {item}, att-sats {clause}, kunde inte läsas: du hade lagt flera röstreaktioner medan "
        "boten var borta, och ordningen går inte att se. Reaktionerna togs bort; rösta igen "
        "med {options}.",
        "Your vote on item {item}, clause {clause}, could not be read: you added several vote reactions while "
        "the bot was away, and their order cannot be seen. They were removed; please vote "
        "again with {options}.",
    ),
    # the bot's removal of an old reaction and the member's putting the same one back crossed
    "vote.removal_crossed": (
        "Din röst på ärende {item}, att-sats {clause}, kunde inte läsas: du satte tillbaka en "
        "röstreaktion just när boten tog bort din tidigare likadana, och Discord visar inte "
        "vilket som kom först. Reaktionen är borta och räknas inte; rösta igen med {options}.",
        "Your vote on item {item}, clause {clause}, could not be read: you put a vote reaction "
        "back just as the bot removed your earlier one of the same kind, and Discord does not "
        "show which came first. It is gone and does not count; please vote again with "
        "{options}.",
    ),
    # /motion status
    "status.heading": (
        "**Ärende {item}: {title}**",
        "**Item {item}: {title}**",
    ),
    "status.deadline_open": (
        "Röstningen är öppen till {deadline}.",
        "Voting is open until {deadline}.",
    ),
    "status.deadline_closed": (
        "Röstningen är stängd (sista tid var {deadline}).",
        "Voting is closed (the deadline was {deadline}).",
    ),
    "status.comments": (
        "Kommentarer i tråden: {count}",
        "Comments in the thread: {count}",
    ),
    "status.yrkande": ("**Att-sats {number}:** {text}", "**Clause {number}:** {text}"),
    "status.non_voters_named": (
        "Har inte röstat: {names}",
        "Have not voted: {names}",
    ),
    "status.everyone_voted": ("Alla har röstat.", "Everyone has voted."),
    "status.departed_voters": (
        "Röster från {count} som har lämnat servern räknas med: {names}",
        "Votes of {count} who have left the server still count: {names}",
    ),
    "status.departed_voters_count": (
        "Röster från {count} som har lämnat servern räknas med.",
        "Votes of {count} who have left the server still count.",
    ),
    "status.no_yrkanden": (
        "Ärendet har inga att-satser att rösta om.",
        "The item has no clauses to vote on.",
    ),
    "status.member_left": ("(har lämnat)", "(has left)"),
    "status.unknown_member": ("okänd medlem {id}", "unknown member {id}"),
}
