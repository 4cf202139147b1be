"""Catalogue entries for the group's own yrkanden and votes between alternatives."""

MESSAGES: dict[str, tuple[str, str]] = {
    "reason.alt_majority": (
        "Ett alternativ fick mer än hälften av de avgivna rösterna.",
        "One alternative received more than half of the votes cast.",
    ),
    "reason.alt_runoff": (
        "Inget alternativ fick mer än hälften av rösterna; de två med flest röster går till en andra omgång.",
        "No alternative received more than half of the votes; the two with the most votes go to a second round.",
    ),
    "reason.alt_no_time": (
        "Ej avgjort – ingen tid kvar för en andra omgång. Ordföranden beslutar.",
        "Not decided – no time left for a second round. The chair decides.",
    ),
    "reason.alt_falls_referral": (
        "Faller: gruppen yrkar återremiss.",
        "Falls: the group moves to refer the matter back.",
    ),
    "reason.alt_falls_main": (
        "Faller: tilläggsyrkandet kan bara bifallas om huvudyrkandet bifalls.",
        "Falls: an addition can be supported only when its main clause is.",
    ),
}
