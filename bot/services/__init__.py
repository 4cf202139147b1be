"""Use cases: each takes the database, the actor and `now`, applies the domain rules and
persists the result in one transaction. One module per feature (setup, intake, voting,
meetings, exports) so the features can grow without one huge file.
"""
