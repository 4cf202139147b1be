-- Who votes at a meeting (issue 17): the group's ersättare role and eligibility rule,
-- each meeting's attendance, and the electorate each item was opened with.

ALTER TABLE groups ADD COLUMN substitute_role_id INTEGER;
ALTER TABLE groups ADD COLUMN who_votes TEXT NOT NULL DEFAULT 'members'
    CHECK (who_votes IN ('members', 'members_and_substitutes', 'serving'));

-- Whether the member was last seen holding the substitute (ersättare) role.
ALTER TABLE members ADD COLUMN is_substitute INTEGER NOT NULL DEFAULT 0
    CHECK (is_substitute IN (0, 1));

-- A meeting's attendance: a row per member who reported förhinder or serves istf a ledamot.
-- No row: present (a ledamot sits, an ersättare is present without serving).
CREATE TABLE attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL,
    absent     INTEGER NOT NULL DEFAULT 0 CHECK (absent IN (0, 1)),
    reason     TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    instead_of INTEGER,          -- set: this ersättare serves in place of that ledamot
    updated_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id),
    CHECK (absent = 1 OR instead_of IS NOT NULL),
    CHECK (absent = 0 OR instead_of IS NULL),
    CHECK (instead_of IS NULL OR instead_of <> member_id)
) STRICT;
CREATE UNIQUE INDEX attendance_one_substitute_per_seat
    ON attendance (meeting_id, instead_of) WHERE instead_of IS NOT NULL;

-- The rule an item's voting opened under; NULL for items opened before this migration,
-- which keep the old rule (holding the voting role when voting).
ALTER TABLE items ADD COLUMN who_votes TEXT
    CHECK (who_votes IS NULL OR who_votes IN ('members', 'members_and_substitutes', 'serving'));

-- The electorate of an item, fixed when its voting opened, with each voter's role then.
CREATE TABLE item_voters (
    item_id    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('ledamot', 'tjanstgorande_ersattare', 'ersattare')),
    instead_of INTEGER,
    PRIMARY KEY (item_id, member_id)
) STRICT;
