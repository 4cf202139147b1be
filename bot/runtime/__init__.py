"""The bot's working parts: plain classes YrkaBot builds once and hands to cogs.

Cogs are thin adapters for commands and gateway events; what runs beside them (the vote
engine, the scheduler, publishing, the electorate, the member registry) lives here, each
with its collaborators and timing knobs passed to its constructor. These may talk to
Discord (REST through the client) and call services; they never import a cog.
"""
