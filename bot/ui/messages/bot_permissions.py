"""Catalogue entries for what Yrka itself may do in the group's channel (cogs/bot_permissions.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Discord's own names for the permissions, as its settings show them.
    "perm.view_channel": ("Visa kanaler", "View Channels"),
    "perm.send_messages": ("Skicka meddelanden", "Send Messages"),
    "perm.send_messages_in_threads": ("Skicka meddelanden i trådar", "Send Messages in Threads"),
    "perm.create_public_threads": ("Skapa offentliga trådar", "Create Public Threads"),
    "perm.manage_threads": ("Hantera trådar", "Manage Threads"),
    "perm.embed_links": ("Bädda in länkar", "Embed Links"),
    "perm.attach_files": ("Bifoga filer", "Attach Files"),
    "perm.read_message_history": ("Läs meddelandehistorik", "Read Message History"),
    "perm.add_reactions": ("Lägg till reaktioner", "Add Reactions"),
    "perm.manage_messages": ("Hantera meddelanden", "Manage Messages"),
    "perm.where": (
        "Ge rollen {role} dem under Serverinställningar → Roller, eller i kanalens inställningar → Behörigheter (trådarna ärver kanalens behörigheter).",
        "Grant them to the role {role} under Server Settings → Roles, or in the channel's settings → Permissions (its threads inherit the channel's permissions).",
    ),
    "perm.setup_refused": (
        "Yrka får inte göra allt den behöver i {channel} och trådarna under den. Saknas: {missing}. {where} Försök sedan igen; inget är ändrat.",
        "Yrka may not do everything it needs in {channel} and the threads under it. Missing: {missing}. {where} Then try again; nothing was changed.",
    ),
    "perm.lost": (
        "{chair} Yrka har förlorat behörigheter i {channel}: {missing}. Publicering, röster och rösträkning fungerar inte som de ska förrän de är tillbaka. {where}",
        "{chair} Yrka has lost permissions in {channel}: {missing}. Publishing, votes and tallies will not work as they should until they are back. {where}",
    ),
    "perm.refused": (
        "{chair} Discord lät inte Yrka {action} i {channel} (saknad behörighet). Yrka behöver: {missing}. {where}",
        "{chair} Discord did not let Yrka {action} in {channel} (missing permission). Yrka needs: {missing}. {where}",
    ),
    "perm.action.publish": ("publicera ett ärende", "publish a motion"),
    "perm.action.remove_reaction": ("ta bort en ersatt reaktion", "remove a replaced reaction"),
    "perm.action.edit_tally": ("uppdatera rösträkningen", "update the tally"),
    "perm.action.unarchive": ("öppna en arkiverad tråd", "unarchive a thread"),
    "perm.publish_refused": (
        "Discord lät inte Yrka publicera i {channel}. Saknas: {missing}. {where} Tryck sedan på Publicera igen: publiceringen fortsätter där den stannade.",
        "Discord did not let Yrka publish in {channel}. Missing: {missing}. {where} Then press Publish again: publishing continues where it stopped.",
    ),
    "perm.show_ok": (
        "Yrka får göra allt den behöver i {channel} och trådarna under den.",
        "Yrka may do everything it needs in {channel} and the threads under it.",
    ),
    "perm.show_missing": (
        "⚠️ Yrka saknar behörigheter i {channel}: {missing}. {where}",
        "⚠️ Yrka lacks permissions in {channel}: {missing}. {where}",
    ),
    "perm.show_no_channel": (
        "⚠️ Yrka hittar inte gruppens kanal: välj en ny med /setup group.",
        "⚠️ Yrka cannot find the group's channel: choose a new one with /setup group.",
    ),
}
