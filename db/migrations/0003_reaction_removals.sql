-- Vote reactions the bot saw taken off without that being a withdrawal: its own clean-ups
-- (the old reaction of a switch, a leftover) or a member taking off a leftover. After one,
-- the record knows the reaction is gone, so if it is there again the member added it anew.
-- `after_seq` places the removal in the one order of vote events: after vote_events.seq
-- `after_seq` and before the next one.
CREATE TABLE reaction_removals (
    id         INTEGER PRIMARY KEY,
    yrkande_id INTEGER NOT NULL REFERENCES yrkanden (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL,
    choice     TEXT NOT NULL CHECK (choice IN ('bifall', 'avslag', 'avstar')),
    after_seq  INTEGER NOT NULL,
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX reaction_removals_by_member ON reaction_removals (yrkande_id, member_id, after_seq);
