-- Vote reactions a reconciliation found on a vote message and did not count: several new
-- ones of a member with no order between them (none counts, the member is told), or one
-- older than the member's live vote. They are to be removed; until their removal is
-- recorded the record knows they are on, so a later read (after a crash before the
-- removal) takes them for leftovers, not for new acts. Placed in the one order of vote
-- events by `after_seq`, and among the reaction removals recorded after that vote event
-- by `after_removal` (the last reaction_removals.id when it was found).
CREATE TABLE reaction_sightings (
    id            INTEGER PRIMARY KEY,
    yrkande_id    INTEGER NOT NULL REFERENCES yrkanden (id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL,
    choice        TEXT NOT NULL CHECK (choice IN
                  ('bifall', 'avslag', 'avstar', '1', '2', '3', '4', '5', '6', '7', '8', '9')),
    after_seq     INTEGER NOT NULL,
    after_removal INTEGER NOT NULL,
    at            TEXT NOT NULL
) STRICT;
CREATE INDEX reaction_sightings_by_yrkande ON reaction_sightings (yrkande_id, id);
