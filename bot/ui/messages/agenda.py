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
}
