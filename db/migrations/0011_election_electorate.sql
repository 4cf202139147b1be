-- Who may cast a ballot in an election: issue 17's rule (the group's who_votes over the
-- roster and the meeting's attendance), fixed when the election opens, as for an item's
-- vote. Every round of the election keeps it (seats change between ärenden, not during one).
-- Nothing here says who voted or what: that stays in election_voters and ballot_boxes.

-- The rule the election opened under; NULL for elections still taking nominations and
-- for those opened before this migration (which keep the old rule: the voting role).
ALTER TABLE elections ADD COLUMN who_votes TEXT
    CHECK (who_votes IS NULL OR who_votes IN ('members', 'members_and_substitutes', 'serving'));

CREATE TABLE election_electorate (
    election_id INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL,
    PRIMARY KEY (election_id, member_id)
) STRICT, WITHOUT ROWID;
