"""Catalogue entries for tabling yrkanden in the group (/proposal, Swedish /yrkande)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the command surface
    "cmd.proposal.name": ("yrkande", "proposal"),
    "cmd.proposal.desc": ("Gruppens egna yrkanden", "The group's own yrkanden"),
    "cmd.proposal.add.name": ("lägg", "add"),
    "cmd.proposal.add.desc": (
        "Lägg ett yrkande i ett öppet ärende",
        "Table a yrkande on an open motion",
    ),
    "cmd.proposal.withdraw.name": ("återkalla", "withdraw"),
    "cmd.proposal.withdraw.desc": (
        "Återkalla ett yrkande (förslagsställaren eller ordföranden)",
        "Withdraw a yrkande (its author or the chair)",
    ),
    "cmd.proposal.list.name": ("lista", "list"),
    "cmd.proposal.list.desc": ("Visa yrkandena i ett ärende", "Show the yrkanden on a motion"),
    "cmd.proposal.lock.name": ("lås", "lock"),
    "cmd.proposal.lock.desc": (
        "Lås yrkandena och propositionsordningen och öppna röstningen (ordförande)",
        "Lock the yrkanden and the order of decision and open the votes (chair)",
    ),
    "cmd.proposal.runoff.name": ("andra_omgången", "runoff"),
    "cmd.proposal.runoff.desc": (
        "Sätt eller flytta när andra omgången stänger (ordförande)",
        "Set or move when the second round closes (chair)",
    ),
    "opt.runoff_closes.name": ("stänger", "closes"),
    "opt.runoff_closes.desc": (
        "När andra omgången stänger: ÅÅÅÅ-MM-DD TT:MM (svensk tid)",
        "When the second round closes: YYYY-MM-DD HH:MM (Swedish time)",
    ),
    "cmd.proposal.dissent.name": ("avvikande", "dissent"),
    "cmd.proposal.dissent.desc": (
        "Anmäl avvikande mening i ett stängt ärende",
        "Register a dissenting opinion on a closed motion",
    ),
    "opt.proposal_kind.name": ("typ", "kind"),
    "opt.proposal_kind.desc": ("Vilket slags yrkande", "What kind of yrkande"),
    "opt.proposal_text.name": ("text", "text"),
    "opt.proposal_text.desc": (
        "Yrkandets ordalydelse, som talaren läser upp i fullmäktige",
        "The yrkande's wording, as the speaker will table it in the council",
    ),
    "opt.proposal_yrkande.name": ("attsats", "yrkande"),
    "opt.proposal_yrkande.desc": (
        "Den att-sats yrkandet gäller (numret)",
        "The att-sats the yrkande refers to (its number)",
    ),
    "opt.proposal.name": ("nummer", "proposal"),
    "opt.proposal.desc": (
        "Yrkandets nummer i ärendet (se /proposal list)",
        "The yrkande's number on the motion (see /proposal list)",
    ),
    "opt.proposal_order.name": ("ordning", "order"),
    "opt.proposal_order.desc": (
        'Egen propositionsordning, t.ex. "p3 a1 p2 a2": p = yrkande, a = att-sats',
        'Own order of decision, e.g. "p3 a1 p2 a2": p = yrkande, a = att-sats',
    ),
    "opt.proposal_runoff.name": ("andra_omgången", "runoff"),
    "opt.proposal_runoff.desc": (
        "När en andra omgång stänger, om den behövs (ÅÅÅÅ-MM-DD TT:MM). Annars halva tiden kvar",
        "When a second round closes, if needed (YYYY-MM-DD HH:MM). Otherwise half the time left",
    ),
    "opt.dissent_text.name": ("text", "text"),
    "opt.dissent_text.desc": (
        "Din avvikande mening, kort",
        "Your dissenting opinion, briefly",
    ),
    "choice.proposal_kind.change": ("ändringsyrkande", "change (ändringsyrkande)"),
    "choice.proposal_kind.addition": ("tilläggsyrkande", "addition (tilläggsyrkande)"),
    "choice.proposal_kind.referral": ("återremiss", "referral (återremiss)"),
    "choice.proposal_kind.reject": ("avslag", "reject (avslag)"),
    "choice.proposal_kind.own": ("eget yrkande", "own proposal (eget yrkande)"),
    # kinds as words in sentences
    "proposal.kind.original": ("ursprungliga att-satsen", "original att-sats"),
    "proposal.kind.change": ("ändringsyrkande", "ändringsyrkande (change)"),
    "proposal.kind.addition": ("tilläggsyrkande", "tilläggsyrkande (addition)"),
    "proposal.kind.referral": ("återremissyrkande", "återremiss (referral)"),
    "proposal.kind.reject": ("avslagsyrkande", "avslag (rejection)"),
    "proposal.kind.own": ("eget yrkande", "own proposal"),
    "what.proposal": ("yrkande", "yrkande"),
    "role.proposal_author": (
        "att du lade yrkandet, eller ordföranderollen",
        "that you tabled the yrkande, or the chair role",
    ),
    "role.dissenter": (
        "att du röstade emot gruppens linje i ärendet",
        "that you voted against the group's line on the motion",
    ),
    # errors (nothing is changed)
    "proposal.error.not_open": (
        "Ärende {number} är inte öppet, så inga yrkanden kan läggas eller återkallas.",
        "Motion {number} is not open, so no yrkanden can be tabled or withdrawn.",
    ),
    "proposal.error.locked": (
        "Beslutsgången i ärende {number} är låst: ordföranden har fastställt yrkandena och "
        "propositionsordningen, så inget kan läggas till eller återkallas nu.",
        "The order of decision on motion {number} is locked: the chair has fixed the yrkanden "
        "and their order, so nothing can be tabled or withdrawn now.",
    ),
    "proposal.error.withdrawn": (
        "Yrkande {number} är redan återkallat.",
        "Yrkande {number} is already withdrawn.",
    ),
    "proposal.error.empty": ("Yrkandet behöver en text.", "The yrkande needs a text."),
    "proposal.error.too_long": (
        "Yrkandet får vara högst {limit} tecken.",
        "A yrkande may be at most {limit} characters.",
    ),
    "proposal.error.kind": (
        "Välj ett slags yrkande: ändring, tillägg, återremiss, avslag eller eget.",
        "Choose a kind of yrkande: change, addition, referral, reject or own.",
    ),
    "proposal.error.needs_att_sats": (
        "Ärendet har {count} att-satser: ange vilken yrkandet gäller (yrkande:).",
        "The motion has {count} att-satser: say which one the yrkande refers to (yrkande:).",
    ),
    "proposal.error.no_such_att_sats": (
        "Ärendet har ingen att-sats {yrkande}; det har {count}.",
        "The motion has no att-sats {yrkande}; it has {count}.",
    ),
    "proposal.error.referral_is_whole_item": (
        "Återremiss gäller hela ärendet: ange ingen att-sats.",
        "Referral applies to the whole motion: give no att-sats.",
    ),
    "proposal.error.too_many": (
        "Att-sats {yrkande} har redan så många alternativ som ryms (1️⃣–9️⃣).",
        "Att-sats {yrkande} already has as many alternatives as fit (1️⃣–9️⃣).",
    ),
    "proposal.error.order_not_a_permutation": (
        "Ordningen ska nämna varje fråga exakt en gång: {keys}.",
        "The order must name every question exactly once: {keys}.",
    ),
    "proposal.error.order_formal_not_first": (
        "Återremiss avgörs före sakfrågorna: sätt den först. Frågorna: {keys}.",
        "Referral is decided before the material questions: put it first. The questions: {keys}.",
    ),
    "proposal.error.order_addition_before_main": (
        "Ett tilläggsyrkande avgörs efter sin att-sats. Frågorna: {keys}.",
        "An addition is decided after its att-sats. The questions: {keys}.",
    ),
    "proposal.error.runoff_unreadable": (
        "Tiden för andra omgången ”{value}” går inte att läsa. Skriv den som ÅÅÅÅ-MM-DD TT:MM, "
        "till exempel 2026-12-07 18:00.",
        "The second round's time “{value}” cannot be read. Write it as YYYY-MM-DD HH:MM, "
        "for example 2026-12-07 18:00.",
    ),
    "proposal.error.runoff_not_needed": (
        "Ingen fråga i ärendet har tre eller fler alternativ, så det blir ingen andra omgång. "
        "Lås utan andra_omgången.",
        "No question on the motion has three or more alternatives, so there is no second "
        "round. Lock without runoff.",
    ),
    "proposal.error.runoff_no_time": (
        "Det finns inte tid för en andra omgång före sista röstningstiden {deadline}. "
        "Lås utan andra_omgången.",
        "There is no time for a second round before the voting deadline {deadline}. "
        "Lock without runoff.",
    ),
    "proposal.error.runoff_passed": (
        "Tiden för andra omgången {value} har redan passerat. Välj en tid i framtiden.",
        "The second round's time {value} has already passed. Choose a time in the future.",
    ),
    "proposal.error.runoff_outside": (
        "Andra omgången kan inte stänga {value}: första omgången stänger {first}, så välj en "
        "tid från {earliest} till ärendets sista röstningstid {deadline}.",
        "The second round cannot close at {value}: the first round closes at {first}, so "
        "choose a time from {earliest} to the motion's voting deadline {deadline}.",
    ),
    "proposal.error.runoff_window": (
        "Andra omgången kan inte stänga {value}: välj en tid från {earliest} till ärendets "
        "sista röstningstid {deadline}.",
        "The second round cannot close at {value}: choose a time from {earliest} to the "
        "motion's voting deadline {deadline}.",
    ),
    "proposal.error.not_locked": (
        "Beslutsgången i ärende {number} är inte låst ännu: ge tiden när du låser den "
        "(/yrkande lås … andra_omgången).",
        "The order of decision on motion {number} is not locked yet: give the time when you "
        "lock it (/proposal lock … runoff).",
    ),
    "proposal.error.runoff_over": (
        "Det finns ingen andra omgång kvar att sätta tiden för i ärende {number}.",
        "There is no second round left to set the time of on motion {number}.",
    ),
    "proposal.runoff_set": (
        "Andra omgången i ärende {item} stänger {at}.",
        "The second round on motion {item} closes at {at}.",
    ),
    "proposal.error.not_closed": (
        "Avvikande mening kan anmälas först när ärende {number} är stängt.",
        "A dissenting opinion can be registered once motion {number} is closed.",
    ),
    "proposal.error.dissent_empty": (
        "Skriv din avvikande mening.",
        "Write your dissenting opinion.",
    ),
    "proposal.error.dissent_too_long": (
        "Den avvikande meningen får vara högst {limit} tecken.",
        "A dissenting opinion may be at most {limit} characters.",
    ),
    # what the bot says
    "proposal.card": (
        "📝 **Yrkande {number}** i ärende {item} – {kind}{target} av {author}:\n{text}\n"
        "_Inte till röstning ännu: ordföranden låser beslutsgången med /yrkande lås._",
        "📝 **Yrkande {number}** on motion {item} – {kind}{target} by {author}:\n{text}\n"
        "_Not yet to vote: the chair locks the order of decision with /proposal lock._",
    ),
    "proposal.target": (" till att-sats {yrkande}", " to att-sats {yrkande}"),
    "proposal.tabled": (
        "Ditt yrkande {number} i ärende {item} är lagt och visas i ärendets tråd.",
        "Your yrkande {number} on motion {item} is tabled and shown in the motion's thread.",
    ),
    "proposal.withdrawn": (
        "Yrkande {number} i ärende {item} är återkallat.",
        "Yrkande {number} on motion {item} is withdrawn.",
    ),
    "proposal.withdrawn_card": (
        "~~Yrkande {number}~~ är återkallat av {by}.",
        "~~Yrkande {number}~~ was withdrawn by {by}.",
    ),
    "proposal.list_heading": (
        "**Yrkanden i ärende {item}: {title}**",
        "**Yrkanden on motion {item}: {title}**",
    ),
    "proposal.list_none": (
        "Inga yrkanden är lagda. Lägg ett med /yrkande lägg eller knappen Nytt yrkande.",
        "No yrkanden are tabled. Table one with /proposal add or the New yrkande button.",
    ),
    "proposal.list_line": (
        "{number}. {kind}{target} av {author}: {text}",
        "{number}. {kind}{target} by {author}: {text}",
    ),
    "proposal.list_withdrawn": (
        "{number}. ~~{kind} av {author}~~ (återkallat)",
        "{number}. ~~{kind} by {author}~~ (withdrawn)",
    ),
    "proposal.list_open": (
        "Beslutsgången är inte låst. Frågorna i ordning just nu: {keys}.",
        "The order of decision is not locked. The questions in order now: {keys}.",
    ),
    "proposal.list_locked": (
        "Beslutsgången är låst.",
        "The order of decision is locked.",
    ),
    "proposal.order_heading": (
        "**Propositionsordning för ärende {item}: {title}**",
        "**Order of decision for motion {item}: {title}**",
    ),
    "proposal.order_runoff": (
        "Blir det en andra omgång stänger den {at} (ordförandens tid).",
        "If a second round is needed, it closes at {at} (the chair's time).",
    ),
    "proposal.order_chair": (
        "_Ordföranden har fastställt ordningen._",
        "_The chair set the order._",
    ),
    "proposal.order_formal": (
        "{step}. Återremiss (yrkande {proposal}, {author}): {text} – ✅❌➖, avgörs först",
        "{step}. Referral (yrkande {proposal}, {author}): {text} – ✅❌➖, decided first",
    ),
    "proposal.order_plain": (
        "{step}. Att-sats {yrkande}: {text} – ✅❌➖",
        "{step}. Att-sats {yrkande}: {text} – ✅❌➖",
    ),
    "proposal.order_alternatives": (
        "{step}. Att-sats {yrkande}, alternativ:",
        "{step}. Att-sats {yrkande}, alternatives:",
    ),
    "proposal.order_alternative": (
        "   {emoji} {label}: {text}",
        "   {emoji} {label}: {text}",
    ),
    "proposal.order_addition": (
        "{step}. Tilläggsyrkande {proposal} ({author}) efter att-sats {yrkande}: {text} – ✅❌➖",
        "{step}. Addition {proposal} ({author}) after att-sats {yrkande}: {text} – ✅❌➖",
    ),
    "proposal.order_footer": (
        "Inga fler yrkanden kan läggas eller återkallas i ärendet.",
        "No more yrkanden can be tabled or withdrawn on the motion.",
    ),
    "proposal.locked": (
        "Beslutsgången i ärende {item} är låst och propositionsordningen är publicerad i tråden.",
        "The order of decision on motion {item} is locked and published in the thread.",
    ),
    "proposal.locked_runoff": (
        " En andra omgång, om den behövs, stänger {at}.",
        " A second round, if needed, closes at {at}.",
    ),
    "proposal.label_original": ("Ursprunglig att-sats", "Original att-sats"),
    "proposal.label_proposal": ("{kind} {proposal} ({author})", "{kind} {proposal} ({author})"),
    "proposal.dissent_saved": (
        "Din avvikande mening i ärende {item} är registrerad och förs in i protokollet.",
        "Your dissenting opinion on motion {item} is registered and goes into the minutes.",
    ),
    "proposal.dissent_replaced": (
        "Din avvikande mening i ärende {item} är ändrad.",
        "Your dissenting opinion on motion {item} is changed.",
    ),
    # the button and modal on the motion message
    "proposal.button.new": ("Nytt yrkande", "New yrkande"),
    "proposal.modal.title": ("Nytt yrkande i ärende {item}", "New yrkande on motion {item}"),
    "proposal.modal.kind": ("Slags yrkande", "Kind of yrkande"),
    "proposal.modal.yrkande": ("Att-sats (nummer, valfritt)", "Att-sats (number, optional)"),
    "proposal.modal.yrkande_desc": (
        "Lämna tomt för återremiss eller när ärendet har en att-sats",
        "Leave empty for referral or when the motion has one att-sats",
    ),
    "proposal.modal.text": ("Yrkandets text", "The yrkande's text"),
    "proposal.modal.text_desc": (
        'Skriv det som talaren ska yrka i fullmäktige, t.ex. "att …"',
        'Write what the speaker will move in the council, e.g. "att …"',
    ),
    "proposal.error.bad_number": (
        "Att-satsen anges med ett nummer, t.ex. 2.",
        "Give the att-sats as a number, e.g. 2.",
    ),
    # the minutes, the brief and the data export
    "proposal.minutes.heading_proposals": ("Yrkanden i gruppen", "Yrkanden in the group"),
    "proposal.minutes.heading_beslutsgang": ("Beslutsgång", "Order of decision"),
    "proposal.minutes.heading_decision": ("Beslut", "Decision"),
    "proposal.minutes.heading_dissents": ("Avvikande mening", "Dissenting opinions"),
    "proposal.minutes.original": ("den ursprungliga att-satsen", "the original att-sats"),
    "proposal.minutes.tabled": (
        "Yrkande {number}: {kind}{target} av {author}: {text}",
        "Yrkande {number}: {kind}{target} by {author}: {text}",
    ),
    "proposal.minutes.withdrawn": (
        "Yrkande {number}: {kind}{target} av {author} (återkallat): {text}",
        "Yrkande {number}: {kind}{target} by {author} (withdrawn): {text}",
    ),
    "proposal.minutes.abstained": ("avstår {count}", "abstain {count}"),
    "proposal.minutes.not_voted": ("ej röstat {count}", "not voted {count}"),
    "proposal.minutes.q_formal": (
        "{step}. Återremiss (yrkande {proposal}, {author}): {text}",
        "{step}. Referral (yrkande {proposal}, {author}): {text}",
    ),
    "proposal.minutes.q_addition": (
        "{step}. Tilläggsyrkande {proposal} ({author}) till att-sats {yrkande}: {text}",
        "{step}. Addition {proposal} ({author}) to att-sats {yrkande}: {text}",
    ),
    "proposal.minutes.q_alternatives": (
        "{step}. Att-sats {yrkande}, alternativen:",
        "{step}. Att-sats {yrkande}, the alternatives:",
    ),
    "proposal.minutes.q_plain": (
        "{step}. Att-sats {yrkande}: {text}",
        "{step}. Att-sats {yrkande}: {text}",
    ),
    "proposal.minutes.round": ("Omgång {round}", "Round {round}"),
    "proposal.minutes.votes": ("Röster", "Votes"),
    "proposal.minutes.pending": ("Ej avgjort ännu.", "Not decided yet."),
    "proposal.minutes.undecided": (
        "Ej avgjort – ordföranden beslutar.",
        "Not decided – the chair decides.",
    ),
    "proposal.minutes.position": ("Gruppens linje: {position}.", "The group's line: {position}."),
    "proposal.minutes.not_locked": (
        "Beslutsgången är inte låst.",
        "The order of decision is not locked.",
    ),
    "proposal.minutes.dissent": ("{name}: {text}", "{name}: {text}"),
    "proposal.line.alternative": (
        "Gruppen yrkar bifall till {label}: {text}",
        "The group moves to approve {label}: {text}",
    ),
    "proposal.line.reject": (
        "Gruppen yrkar avslag på att-sats {yrkande} ({label}).",
        "The group moves to reject att-sats {yrkande} ({label}).",
    ),
    "proposal.line.referral": (
        "Gruppen yrkar återremiss (yrkande {proposal}, {author}): {text}",
        "The group moves to refer the matter back (yrkande {proposal}, {author}): {text}",
    ),
    "proposal.csv.paragraph": ("paragraf", "paragraph"),
    "proposal.csv.item": ("ärende", "item"),
    "proposal.csv.step": ("steg", "step"),
    "proposal.csv.question": ("fråga", "question"),
    "proposal.csv.kind": ("slag", "kind"),
    "proposal.csv.yrkande": ("att-sats", "att-sats"),
    "proposal.csv.alternative": ("alternativ", "alternative"),
    "proposal.csv.label": ("benämning", "label"),
    "proposal.csv.text": ("text", "text"),
    "proposal.csv.round": ("omgång", "round"),
    "proposal.csv.votes": ("röster", "votes"),
    "proposal.csv.result": ("resultat", "result"),
    "proposal.minutes.kind.formal": ("återremiss", "referral"),
    "proposal.minutes.kind.plain": ("att-sats", "att-sats"),
    "proposal.minutes.kind.alternatives": ("alternativ", "alternatives"),
    "proposal.minutes.kind.addition": ("tilläggsyrkande", "addition"),
    "proposal.line.plain_bifall": (
        "Gruppen yrkar bifall till att-sats {yrkande}: {text}",
        "The group moves to approve att-sats {yrkande}: {text}",
    ),
    "proposal.line.plain_avslag": (
        "Gruppen yrkar avslag på att-sats {yrkande}: {text}",
        "The group moves to reject att-sats {yrkande}: {text}",
    ),
    "brief.speaker_tables": (
        "Talaren yrkar i fullmäktige (gruppens beslutsgång):",
        "The speaker moves in the council (the group's order of decision):",
    ),
    "brief.beslutsgang_pending": (
        "Beslutsgången är låst; gruppen har inte avgjort frågorna ännu.",
        "The order of decision is locked; the group has not decided the questions yet.",
    ),
    "proposal.minutes.choice.bifall": ("bifall", "for"),
    "proposal.minutes.choice.avslag": ("avslag", "against"),
    "proposal.minutes.choice.avstar": ("avstår", "abstain"),
}
