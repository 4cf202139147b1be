"""Shared test support: the fake Discord, world builders and seeders, the bot runner,
the bot in its own process. Tests and benches import it on purpose."""
