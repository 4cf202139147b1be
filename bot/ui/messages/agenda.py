"""Catalogue entries for the agenda import: reading a kallelse, the preview, publishing."""

MESSAGES: dict[str, tuple[str, str]] = {
    # python -m bot agenda
    "agenda.cli.usage": (
        "Användning: python -m bot agenda FIL [--json] [--lang sv|en]",
        "Usage: python -m bot agenda FILE [--json] [--lang sv|en]",
    ),
    "agenda.cli.body": ("Organ: {body}", "Body: {body}"),
    "agenda.cli.date": ("Datum: {date}", "Date: {date}"),
    "agenda.cli.items": ("Ärenden ({count}):", "Items ({count}):"),
    "agenda.cli.unknown": ("(okänt)", "(unknown)"),
    "agenda.cli.unnumbered": ("–", "–"),
    # the kinds of ärenden
    "agenda.kind.arende": ("ärende", "item"),
    "agenda.kind.motion": ("motion", "motion"),
    "agenda.kind.svar_pa_motion": ("svar på motion", "answer to a motion"),
    "agenda.kind.medborgarforslag": ("medborgarförslag", "citizens' proposal"),
    "agenda.kind.interpellation": ("interpellation", "interpellation"),
    "agenda.kind.fraga": ("fråga", "question"),
    "agenda.kind.val": ("val", "election"),
    "agenda.kind.anmalan": ("anmälan", "report"),
    "agenda.kind.ovrigt": ("övrigt", "other"),
    "agenda.kind.formal": ("formalia", "formalities"),
    # /meeting import, /motion speaker (command names live here to keep commands.py untouched)
    "cmd.meeting.import.name": ("importera", "import"),
    "cmd.meeting.import.desc": (
        "Läs in kallelsen och publicera ärendena",
        "Read the kallelse and publish its items",
    ),
    "opt.kallelse.desc": (
        "Kallelsen eller föredragningslistan: pdf, docx, odt eller txt",
        "The kallelse or agenda: pdf, docx, odt or txt",
    ),
    "cmd.motion.speaker.name": ("talare", "speaker"),
    "cmd.motion.speaker.desc": (
        "Vem som talar för gruppen i ärendet",
        "Who speaks for the group on the item",
    ),
    "opt.member.name": ("ledamot", "member"),
    "opt.member.desc": ("Den som talar för gruppen", "Who speaks for the group"),
    "opt.agenda_item.name": ("kf_ärende", "agenda_item"),
    "opt.agenda_item.desc": (
        "Fyll ett importerat ärende (dess nummer i kallelsen) i stället för att skapa ett nytt",
        "Fill an imported item (its number in the kallelse) instead of creating one",
    ),
    # errors
    "what.agenda": ("kallelse", "kallelse"),
    "agenda.no_arenden": (
        "Yrka hittade ingen numrerad lista med ärenden i filen. Är det kallelsen eller föredragningslistan?",
        "Yrka found no numbered list of items in the file. Is it the kallelse or the agenda?",
    ),
    "agenda.not_pending": (
        "Kallelsen är redan publicerad eller struken.",
        "The kallelse has already been published or discarded.",
    ),
    "agenda.nothing_selected": (
        "Inga ärenden är valda. Bocka i minst ett ärende i listan.",
        "No items are chosen. Tick at least one item in the list.",
    ),
    "agenda.no_such_arende": (
        "Kallelsen har inget ärende {reference}. Skriv numret som det står i listan.",
        "The kallelse has no item {reference}. Type the number as the list shows it.",
    ),
    "agenda.no_such_agenda_item": (
        "Möte {meeting} har inget importerat ärende med nummer {number} i kallelsen.",
        "Meeting {meeting} has no imported item numbered {number} in the kallelse.",
    ),
    "agenda.item_has_proposal": (
        "KF-ärende {number} har redan att-satser att rösta om.",
        "Agenda item {number} already has att-satser to vote on.",
    ),
    "agenda.item_not_open": (
        "KF-ärende {number} är inte öppet längre.",
        "Agenda item {number} is no longer open.",
    ),
    "agenda.speaker_not_member": (
        "{name} hör inte till gruppen (saknar rösträtt, sekreterar- och ordföranderoll).",
        "{name} is not one of the group (no voting, secretary or chair role).",
    ),
    # the preview
    "agenda.preview.title": (
        "Kallelse till möte {meeting}: {title}",
        "Kallelse for meeting {meeting}: {title}",
    ),
    "agenda.preview.left_out": ("utelämnas", "left out"),
    "agenda.preview.informational": ("för kännedom", "for information"),
    "agenda.preview.vote_one": ("1 att-sats att rösta om", "1 att-sats to vote on"),
    "agenda.preview.votes": ("{count} att-satser att rösta om", "{count} att-satser to vote on"),
    "agenda.preview.no_proposal": ("inget förslag ännu: tråd", "no proposal yet: thread"),
    "agenda.preview.plan": ("Publicera valda", "Publish chosen"),
    "agenda.preview.plan_text": (
        "{votes} ärenden med omröstning, {threads} utan förslag (tråd, förslaget läggs till med /motion post kf_ärende), {info} för kännedom i ett sammandrag; {left_out} utelämnas.",
        "{votes} items with votes, {threads} without a proposal (thread; add it with /motion post agenda_item), {info} for information in one summary; {left_out} left out.",
    ),
    "agenda.preview.footer": (
        "Sida {page} av {pages} · {source} · {body} {date} · import {id}",
        "Page {page} of {pages} · {source} · {body} {date} · import {id}",
    ),
    "agenda.preview.pick": ("Ärenden att publicera på sidan", "Items to publish on this page"),
    "agenda.button.previous": ("Föregående", "Previous"),
    "agenda.button.next": ("Nästa", "Next"),
    "agenda.button.edit": ("Rätta ett ärende", "Correct an item"),
    "agenda.button.publish": ("Publicera valda", "Publish chosen"),
    "agenda.button.cancel": ("Avbryt", "Cancel"),
    "agenda.modal.title": ("Rätta ett ärende", "Correct an item"),
    "agenda.modal.number_label": (
        "Ärendets nummer i kallelsen",
        "The item's number in the kallelse",
    ),
    "agenda.modal.title_label": ("Ny rubrik (tomt: behåll)", "New title (empty: keep)"),
    "agenda.modal.proposal_label": (
        "Förslag, en att-sats per rad (tomt: behåll, - : inget)",
        "Proposal, one att-sats per line (empty: keep, - : none)",
    ),
    "agenda.cancelled": (
        "Importen är struken; inget publicerades.",
        "The import is discarded; nothing was posted.",
    ),
    "agenda.publishing": (
        "Publicerar i {channel}; förloppet syns där. Avbryts det kan du trycka Publicera valda igen.",
        "Publishing in {channel}; the progress shows there. If it stops you can press Publish chosen again.",
    ),
    # publishing
    "agenda.progress": (
        "Publicerar {done} av {total} ärenden från kallelsen …",
        "Publishing {done} of {total} items from the kallelse …",
    ),
    "agenda.progress_failed": (
        "Publiceringen stannade efter {done} av {total} ärenden. Ordföranden kan trycka Publicera valda igen; inget publiceras två gånger.",
        "Publishing stopped after {done} of {total} items. The chair can press Publish chosen again; nothing is posted twice.",
    ),
    "agenda.progress_done": (
        "Kallelsen till möte {meeting} ({title}) är publicerad: {total} ärenden att ta ställning till, {info} för kännedom.",
        "The kallelse for meeting {meeting} ({title}) is published: {total} items to take a position on, {info} for information.",
    ),
    "agenda.summary.title": (
        "**För kännedom, ingen omröstning** (möte {meeting}: {title})",
        "**For information, no vote** (meeting {meeting}: {title})",
    ),
    # beside Yrka's numbers
    "agenda.number": ("KF-ärende {number}", "Agenda item {number}"),
    "agenda.item_heading": (
        "Ärende {number} (KF-ärende {agenda}): {title}",
        "Item {number} (agenda item {agenda}): {title}",
    ),
    "agenda.item_heading_plain": ("Ärende {number}: {title}", "Item {number}: {title}"),
    "agenda.outcome.reported": ("Ärendet anmäldes.", "The item was reported."),
    "agenda.outcome.not_handled": ("Ingen gruppbehandling.", "Not handled by the group."),
    "agenda.outcome.no_proposal": (
        "Inget förslag att rösta om lades fram.",
        "No proposal to vote on was put forward.",
    ),
    "agenda.speaker": ("Talare: {name}", "Speaker: {name}"),
    "agenda.speaker_set": (
        "{name} talar för gruppen i ärende {number}.",
        "{name} speaks for the group on item {number}.",
    ),
    # the minutes (bot/domain/minutes.py)
    "export.agenda_item_heading": (
        "KF-ärende {agenda} · Ärende {number}: {title}",
        "Agenda item {agenda} · Item {number}: {title}",
    ),
    "export.agenda_only_heading": ("KF-ärende {agenda}: {title}", "Agenda item {agenda}: {title}"),
    "export.speaker": ("Talare: {name}", "Speaker: {name}"),
    "export.outcome.reported": ("Ärendet anmäldes.", "The item was reported."),
    "export.outcome.not_handled": ("Ingen gruppbehandling.", "Not handled by the group."),
    "agenda.brief_item": (
        "Ärende {number} · KF-ärende {agenda}: {title}",
        "Item {number} · agenda item {agenda}: {title}",
    ),
    "agenda.list_line": (
        "**{number}.** KF-ärende {agenda} · {title} · möte {meeting} · {status}",
        "**{number}.** agenda item {agenda} · {title} · meeting {meeting} · {status}",
    ),
}
