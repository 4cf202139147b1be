"""Catalogue entries for personval (/election, Swedish /val): commands, messages, errors."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the command surface
    "cmd.election.name": ("val", "election"),
    "cmd.election.desc": (
        "Personval med sluten omröstning",
        "Elections of people by secret ballot",
    ),
    "cmd.election.create.name": ("skapa", "create"),
    "cmd.election.create.desc": ("Skapa ett personval (ordförande)", "Create an election (chair)"),
    "cmd.election.nominate.name": ("nominera", "nominate"),
    "cmd.election.nominate.desc": (
        "Nominera någon, eller dig själv, till ett val",
        "Nominate someone, or yourself, to an election",
    ),
    "cmd.election.open.name": ("öppna", "open"),
    "cmd.election.open.desc": (
        "Stäng nomineringen och öppna röstningen (ordförande)",
        "Close nominations and open voting (chair)",
    ),
    "cmd.election.status.name": ("status", "status"),
    "cmd.election.status.desc": ("Hur många som har röstat", "How many have voted"),
    "cmd.election.close.name": ("stäng", "close"),
    "cmd.election.close.desc": (
        "Stäng röstningen och räkna rösterna (ordförande)",
        "Close voting and count the ballots (chair)",
    ),
    "opt.election.name": ("val", "election"),
    "opt.election.desc": ("Valets nummer", "The election's number"),
    "opt.election_title.desc": (
        "Vad valet gäller, till exempel Gruppledare",
        "What is elected, e.g. Group leader",
    ),
    "opt.seats.name": ("platser", "seats"),
    "opt.seats.desc": ("Hur många som ska väljas", "How many are to be elected"),
    "opt.election_deadline.desc": (
        "Röstningen stänger, ÅÅÅÅ-MM-DD TT:MM (annars stänger ordföranden)",
        "Voting closes, YYYY-MM-DD HH:MM (otherwise the chair closes it)",
    ),
    "opt.election_majority.desc": (
        "Flest röster, eller mer än hälften med ny omgång",
        "Most votes, or more than half with a new round",
    ),
    "choice.election_majority.plurality": ("flest röster", "most votes"),
    "choice.election_majority.absolute": ("mer än hälften", "more than half"),
    "opt.nominee.name": ("person", "member"),
    "opt.nominee.desc": ("Den som nomineras", "The person nominated"),
    "opt.next_deadline.name": ("ny_omgång_stänger", "next_deadline"),
    "opt.next_deadline.desc": (
        "Om en ny omgång behövs: när den stänger, ÅÅÅÅ-MM-DD TT:MM",
        "If a new round is needed: when it closes, YYYY-MM-DD HH:MM",
    ),
    "what.election": ("val", "election"),
    # the election message in the group's channel
    "election.heading": ("**Val {number}: {title}**", "**Election {number}: {title}**"),
    "election.info": (
        "{seats} att välja · {majority} · möte {meeting}",
        "{seats} to elect · {majority} · meeting {meeting}",
    ),
    "election.majority.plurality": ("flest röster vinner", "most votes win"),
    "election.majority.absolute": (
        "mer än hälften av de giltiga rösterna krävs, annars ny omgång",
        "more than half of the valid ballots needed, else a new round",
    ),
    "election.deadline": ("Röstningen stänger {deadline}.", "Voting closes {deadline}."),
    "election.no_deadline": (
        "Röstningen stänger när ordföranden stänger den.",
        "Voting closes when the chair closes it.",
    ),
    "election.nominees": ("Nominerade:", "Nominees:"),
    "election.no_nominees": ("Inga nominerade ännu.", "No nominees yet."),
    "election.how_to_nominate": (
        "Nominera med /val nominera val:{number}.",
        "Nominate with /election nominate election:{number}.",
    ),
    "election.nominee.pending": ("väntar på svar", "waiting for an answer"),
    "election.nominee.accepted": ("accepterar", "accepts"),
    "election.nominee.declined": ("avböjer", "declines"),
    "election.nominations_closed": (
        "Nomineringen är stängd.",
        "Nominations are closed.",
    ),
    "election.done": ("Valet är avslutat.", "The election is over."),
    "election.created": (
        "Val {number}: {title} är skapat. Nu kan gruppen nominera med /val nominera val:{number}; öppna röstningen med /val öppna val:{number}.",
        "Election {number}: {title} is created. The group can now nominate with /election nominate election:{number}; open voting with /election open election:{number}.",
    ),
    # nominations
    "election.nomination.ask": (
        "{nominee}: {by} har nominerat dig till val {number}: {title}. Accepterar du nomineringen?",
        "{nominee}: {by} has nominated you to election {number}: {title}. Do you accept the nomination?",
    ),
    "election.nomination.accepted": (
        "{nominee} har accepterat nomineringen till val {number}: {title}.",
        "{nominee} has accepted the nomination to election {number}: {title}.",
    ),
    "election.nomination.declined": (
        "{nominee} har avböjt nomineringen till val {number}: {title}.",
        "{nominee} has declined the nomination to election {number}: {title}.",
    ),
    "election.button.accept": ("Accepterar", "Accept"),
    "election.button.decline": ("Avböjer", "Decline"),
    # the round message with the Rösta button
    "election.round_heading": (
        "**Val {number}: {title} – röstning, omgång {round}**",
        "**Election {number}: {title} – voting, round {round}**",
    ),
    "election.round.candidates": ("Kandidater: {names}", "Candidates: {names}"),
    "election.round.how_to": (
        "Tryck på Rösta och välj högst {seats}, eller Blankt. Omröstningen är sluten: ingen, inte heller ordföranden, kan se vad du röstar.",
        "Press Vote and choose at most {seats}, or Blank. The ballot is secret: nobody, the chair included, can see what you vote.",
    ),
    "election.round.plurality_note": (
        "I den här omgången vinner flest röster.",
        "In this round the most votes win.",
    ),
    "election.round.voted": (
        "Lagda röster: {voted} av {eligible}.",
        "Ballots cast: {voted} of {eligible}.",
    ),
    "election.round.closed": (
        "Röstningen i den här omgången är stängd. Lagda röster: {voted}.",
        "Voting in this round is closed. Ballots cast: {voted}.",
    ),
    "election.button.vote": ("Rösta", "Vote"),
    # the ballot (ephemeral)
    "election.ballot.form": (
        "Val {number}: {title}, omgång {round}. Välj högst {seats} kandidater, eller Blankt. Din röst är slutgiltig först när du trycker på Lägg rösten.",
        "Election {number}: {title}, round {round}. Choose at most {seats} candidates, or Blank. Your ballot is final only when you press Cast ballot.",
    ),
    "election.ballot.placeholder": ("Välj kandidater", "Choose candidates"),
    "election.ballot.blank": ("Blankt", "Blank"),
    "election.ballot.blank_description": (
        "Räknas som lagd röst men inte för någon",
        "Counted as cast but for nobody",
    ),
    "election.ballot.chosen": (
        "Du har valt: {names}. Tryck på Lägg rösten. Sedan kan rösten inte ändras, precis som en valsedel i urnan.",
        "You have chosen: {names}. Press Cast ballot. After that it cannot be changed, just like a ballot in the box.",
    ),
    "election.ballot.chosen_blank": (
        "Du har valt att rösta blankt. Tryck på Lägg rösten. Sedan kan rösten inte ändras.",
        "You have chosen to vote blank. Press Cast ballot. After that it cannot be changed.",
    ),
    "election.button.cast": ("Lägg rösten", "Cast ballot"),
    "election.ballot.cast": (
        "Din röst i val {number} är lagd. Din kvittokod: **{receipt}**\nSpara koden, den visas bara nu. Alla kvittokoder står i resultatet, så att du kan se att din röst räknades. Koden säger inget om vad du röstade.",
        "Your ballot in election {number} is cast. Your receipt code: **{receipt}**\nKeep the code, it is shown only now. All receipt codes are listed in the result, so you can check that your ballot was counted. The code says nothing about what you voted.",
    ),
    # /election status
    "election.status.nominating": (
        "Nominering pågår: {accepted} har accepterat.",
        "Nominations are open: {accepted} have accepted.",
    ),
    "election.status.open": (
        "Röstning pågår, omgång {round}. Lagda röster: {voted} av {eligible}.",
        "Voting is open, round {round}. Ballots cast: {voted} of {eligible}.",
    ),
    "election.status.closed": ("Valet är avslutat.", "The election is over."),
    "election.status.who": ("Har röstat: {names}", "Have voted: {names}"),
    "election.status.nobody": ("ingen ännu", "nobody yet"),
    # the result
    "election.result_heading": (
        "**Val {number}: {title} – resultat, omgång {round}**",
        "**Election {number}: {title} – result, round {round}**",
    ),
    "election.result.elected": ("Valda: {names}", "Elected: {names}"),
    "election.result.none_elected": (
        "Ingen valdes i den här omgången.",
        "Nobody was elected in this round.",
    ),
    "election.result.votes": ("Röster: {counts}, blanka {blank}", "Votes: {counts}, blank {blank}"),
    "election.result.cast": (
        "Lagda röster: {cast} av {eligible} röstberättigade, varav {valid} giltiga.",
        "Ballots cast: {cast} of {eligible} eligible, {valid} of them valid.",
    ),
    "election.result.threshold": (
        "Mer än hälften av de giltiga rösterna krävdes: minst {threshold}.",
        "More than half of the valid ballots was needed: at least {threshold}.",
    ),
    "election.result.lottery": (
        "Lika röstetal: lottning mellan {tied} om {places} plats(er) föll på {winners}. Frö: `{seed}` (kontroll: sortera kandidaterna efter sha256(frö:id)).",
        "Tie: lots drawn between {tied} for {places} seat(s) fell on {winners}. Seed: `{seed}` (check: order the candidates by sha256(seed:id)).",
    ),
    "election.result.unfilled": (
        "{count} plats(er) kunde inte tillsättas.",
        "{count} seat(s) could not be filled.",
    ),
    "election.result.next_round": (
        "{count} plats(er) återstår. En ny omgång öppnas nu bland {names}; där vinner flest röster.",
        "{count} seat(s) remain. A new round opens now among {names}; there the most votes win.",
    ),
    "election.result.hash": (
        "Kontrollsumma för röstlängden (sha256): `{digest}`",
        "Checksum of the ballot list (sha256): `{digest}`",
    ),
    "election.result.receipts": (
        "Kvittokoder ({count}): {codes}",
        "Receipt codes ({count}): {codes}",
    ),
    "election.result.file_name": (
        "val-{number}-omgang-{round}.txt",
        "election-{number}-round-{round}.txt",
    ),
    "election.closed_reply": (
        "Röstningen i val {number} är stängd och resultatet publicerat.",
        "Voting in election {number} is closed and the result posted.",
    ),
    "election.opened_reply": (
        "Röstningen i val {number} är öppen med {count} kandidater.",
        "Voting in election {number} is open with {count} candidates.",
    ),
    "election.nominated_reply": (
        "{nominee} är nominerad till val {number}.",
        "{nominee} is nominated to election {number}.",
    ),
    # minutes
    "election.minutes.heading": ("Val av {title}", "Election of {title}"),
    "election.minutes.elected": (
        "Till {title} valdes {names}.",
        "Elected to {title}: {names}.",
    ),
    "election.minutes.none": ("Ingen valdes.", "Nobody was elected."),
    "election.minutes.round": ("Omgång {round}: ", "Round {round}: "),
    "election.minutes.votes": (
        "Röster: {counts}, blanka {blank} ({cast} av {eligible} röstade).",
        "Votes: {counts}, blank {blank} ({cast} of {eligible} voted).",
    ),
    "election.minutes.lottery": (
        "Lottning mellan {tied} föll på {winners}.",
        "Lots drawn between {tied} fell on {winners}.",
    ),
    "election.minutes.open": ("Valet pågår.", "The election is under way."),
    "election.minutes.receipts": ("Kvittokoder: {codes}", "Receipt codes: {codes}"),
    "election.csv.paragraph": ("paragraf", "paragraph"),
    "election.csv.election": ("val", "election"),
    "election.csv.title": ("rubrik", "title"),
    "election.csv.round": ("omgång", "round"),
    "election.csv.candidate": ("kandidat", "candidate"),
    "election.csv.votes": ("röster", "votes"),
    "election.csv.elected": ("vald", "elected"),
    "election.csv.by_lot": ("genom lottning", "by lot"),
    "election.csv.receipt": ("kvittokod", "receipt"),
    "election.and": ("och", "and"),
    # errors
    "election.error.generic": ("Det gick inte i valet.", "That did not work in the election."),
    "election.error.title": (
        "Ange vad valet gäller, högst {limit} tecken.",
        "Say what is elected, at most {limit} characters.",
    ),
    "election.error.seats": (
        "Antalet platser måste vara mellan 1 och {limit}.",
        "The number of seats must be between 1 and {limit}.",
    ),
    "election.error.no_candidates": (
        "Ingen har accepterat en nominering ännu, så röstningen kan inte öppnas.",
        "Nobody has accepted a nomination yet, so voting cannot open.",
    ),
    "election.error.too_many_candidates": (
        "Högst {limit} kandidater får plats på valsedeln.",
        "At most {limit} candidates fit on the ballot.",
    ),
    "election.error.blank_and_names": (
        "Välj antingen kandidater eller Blankt, inte båda. Ingen röst är lagd.",
        "Choose either candidates or Blank, not both. No ballot was cast.",
    ),
    "election.error.empty_ballot": (
        "Välj minst en kandidat, eller Blankt. Ingen röst är lagd.",
        "Choose at least one candidate, or Blank. No ballot was cast.",
    ),
    "election.error.bad_ballot": (
        "Valsedeln kunde inte läsas. Tryck på Rösta igen. Ingen röst är lagd.",
        "The ballot could not be read. Press Vote again. No ballot was cast.",
    ),
    "election.error.too_many_names": (
        "Du får välja högst {seats} kandidater. Ingen röst är lagd.",
        "You may choose at most {seats} candidates. No ballot was cast.",
    ),
    "election.error.unknown_round": (
        "Den här röstningen finns inte längre.",
        "This vote no longer exists.",
    ),
    "election.error.round_closed": (
        "Röstningen i val {number} är inte öppen. Ingen röst är lagd.",
        "Voting in election {number} is not open. No ballot was cast.",
    ),
    "election.error.already_voted": (
        "Du har redan röstat i val {number}. En lagd röst är slutgiltig, precis som en valsedel i urnan.",
        "You have already voted in election {number}. A cast ballot is final, just like a ballot in the box.",
    ),
    "election.error.not_eligible": (
        "Bara röstberättigade kan rösta i valet. Vilka som röstar bestämdes när valet "
        "öppnades, efter gruppens regel och mötets närvaro.",
        "Only those entitled to vote can vote in the election. Who votes was fixed when the "
        "election opened, by the group's rule and the meeting's attendance.",
    ),
    "election.error.nominations_closed": (
        "Nomineringen till val {number} är stängd.",
        "Nominations to election {number} are closed.",
    ),
    "election.error.nominee_bot": ("En bot kan inte nomineras.", "A bot cannot be nominated."),
    "election.error.already_candidate": (
        "{name} har redan accepterat nomineringen till val {number}.",
        "{name} has already accepted the nomination to election {number}.",
    ),
    "election.error.unknown_nomination": (
        "Den här nomineringen finns inte längre.",
        "This nomination no longer exists.",
    ),
    "election.error.not_your_nomination": (
        "Bara den som är nominerad kan svara på nomineringen.",
        "Only the person nominated can answer the nomination.",
    ),
    "election.error.already_open": (
        "Röstningen i val {number} är redan öppnad.",
        "Voting in election {number} has already opened.",
    ),
    "election.error.deadline_passed": (
        "Val {number} har en sista röstningstid som redan passerat; skapa valet igen med en ny tid.",
        "Election {number} has a voting deadline that has passed; create the election again with a new time.",
    ),
    "election.error.not_open": (
        "Röstningen i val {number} är inte öppen.",
        "Voting in election {number} is not open.",
    ),
}
