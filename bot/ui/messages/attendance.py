"""Catalogue entries for attendance: förhinder, tjänstgörande ersättare, who votes."""

MESSAGES: dict[str, tuple[str, str]] = {
    # who votes, one per WhoVotes value (rules summary, overview)
    "who_votes.members": ("ledamöterna", "the members"),
    "who_votes.members_and_substitutes": ("ledamöter och ersättare", "members and substitutes"),
    "who_votes.serving": (
        "tjänstgörande: närvarande ledamöter och ersättare i de frånvarandes ställe",
        "serving: members present and substitutes in place of the absent",
    ),
    # answers to /meeting absent|present|substitute
    "attendance.absent_saved": (
        "{member} är anmäld frånvarande till möte {number} ({title}).",
        "{member} is reported absent from meeting {number} ({title}).",
    ),
    "attendance.present_saved": (
        "{member} är inte längre anmäld frånvarande till möte {number} ({title}).",
        "{member} is no longer reported absent from meeting {number} ({title}).",
    ),
    "attendance.substitute_saved": (
        "{substitute} tjänstgör i stället för {member} vid möte {number} ({title}).",
        "{substitute} serves in place of {member} at meeting {number} ({title}).",
    ),
    "attendance.released": (
        "{substitute} tjänstgör inte längre i stället för {member}.",
        "{substitute} no longer serves in place of {member}.",
    ),
    "attendance.rule_ignores": (
        "Gruppen låter {rule} rösta oavsett närvaro, så detta ändrar inte vilka som röstar; det noteras i protokollet.",
        "The group lets {rule} vote whatever the attendance, so this does not change who votes; it is noted in the minutes.",
    ),
    "attendance.applies_later": (
        "Ändringen gäller ärenden som öppnas för röstning härefter. Redan öppna ärenden ({numbers}) behåller den röstlängd de fick när röstningen öppnades.",
        "The change applies to items opened for voting from now on. Items already open ({numbers}) keep the electorate they got when voting opened.",
    ),
    "attendance.applies_next": (
        "Ändringen gäller ärenden som öppnas för röstning härefter.",
        "The change applies to items opened for voting from now on.",
    ),
    # /meeting attendance
    "attendance.title": (
        "Närvaro vid möte {number}: {title}",
        "Attendance at meeting {number}: {title}",
    ),
    "attendance.rule": ("Röstar: {rule}.", "Who votes: {rule}."),
    "attendance.present": ("Närvarande ledamöter: {names}", "Members present: {names}"),
    "attendance.serving": ("Tjänstgörande ersättare: {names}", "Serving substitutes: {names}"),
    "attendance.not_serving": (
        "Ersättare som inte tjänstgör: {names}",
        "Substitutes not serving: {names}",
    ),
    "attendance.absent": ("Frånvarande: {names}", "Absent: {names}"),
    "attendance.istf": ("{name} (istf {instead_of})", "{name} (in place of {instead_of})"),
    "attendance.absent_entry": ("{name} ({details})", "{name} ({details})"),
    "attendance.no_reason": ("ingen anledning angiven", "no reason given"),
    "attendance.replaced_by": ("ersätts av {name}", "replaced by {name}"),
    "attendance.suggestion": (
        "förslag: {name} – /möte ersättare",
        "suggestion: {name} – /meeting substitute",
    ),
    "attendance.no_free_substitute": ("ingen ledig ersättare", "no substitute free"),
    "attendance.voters": (
        "Ärenden som öppnas nu får {count} röstberättigade.",
        "Items opened now get {count} voters.",
    ),
    "attendance.none": ("inga", "none"),
    # the brief
    "attendance.brief_serving": (
        "Tjänstgör: ledamöter {ledamoter}; tjänstgörande ersättare {serving}",
        "Serving: members {ledamoter}; substitutes {serving}",
    ),
    "attendance.brief_absent": ("Frånvarande: {names}", "Absent: {names}"),
    # errors
    "attendance.error.not_in_group": (
        "<@{member}> är varken ledamot eller ersättare i gruppen.",
        "<@{member}> is neither a member nor a substitute of the group.",
    ),
    "attendance.error.not_substitute": (
        "<@{member}> har inte ersättarrollen.",
        "<@{member}> does not hold the substitute role.",
    ),
    "attendance.error.not_ledamot": (
        "<@{member}> är inte ledamot, så ingen kan tjänstgöra i hens ställe.",
        "<@{member}> is not a member, so nobody can serve in their place.",
    ),
    "attendance.error.substitute_absent": (
        "<@{member}> har anmält förhinder och kan inte tjänstgöra.",
        "<@{member}> has reported absence and cannot serve.",
    ),
    "attendance.error.already_serving": (
        "<@{member}> tjänstgör redan i stället för <@{instead_of}>.",
        "<@{member}> already serves in place of <@{instead_of}>.",
    ),
    "attendance.error.not_absent": (
        "<@{member}> har inte anmält förhinder till mötet.",
        "<@{member}> has not reported absence from the meeting.",
    ),
    "attendance.error.reason_too_long": (
        "Anledningen får vara högst {limit} tecken.",
        "The reason may be at most {limit} characters.",
    ),
    "attendance.error.no_substitute_role": (
        "Gruppen har ingen ersättarroll: välj en med /installera grupp ersättarroll.",
        "The group has no substitute role: choose one with /setup group substitute_role.",
    ),
    # the minutes
    "export.attendance_present": (
        "Närvarande: ledamöter {ledamoter}; tjänstgörande ersättare {serving}; ersättare {ersattare}",
        "Present: members {ledamoter}; serving substitutes {serving}; substitutes {ersattare}",
    ),
    "export.attendance_absent": ("Frånvarande: {names}", "Absent: {names}"),
    "export.absent_entry": ("{name} (anmält förhinder)", "{name} (reported absence)"),
    "export.istf": ("{name} (istf {instead_of})", "{name} (in place of {instead_of})"),
    "export.role.ledamot": ("ledamot", "member"),
    "export.role.tjanstgorande_ersattare": ("tjänstgörande ersättare", "serving substitute"),
    "export.role.ersattare": ("ersättare", "substitute"),
    "export.role.franvarande": ("frånvarande (anmält förhinder)", "absent (reported)"),
    "export.csv.role": ("Roll vid mötet", "Role at the meeting"),
}
