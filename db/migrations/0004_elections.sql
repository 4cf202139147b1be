-- Personval by secret ballot (bot/domain/election.py). The record keeps WHO has voted
-- (election_voters) apart from WHAT was voted (ballot_boxes), with nothing that links
-- them: see docs/architecture.md, "Elections: secrecy by construction".

CREATE TABLE elections (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL REFERENCES groups (guild_id) ON DELETE CASCADE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number > 0),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    seats       INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 25),
    majority    TEXT NOT NULL CHECK (majority IN ('plurality', 'absolute')),
    deadline_at TEXT,
    status      TEXT NOT NULL DEFAULT 'nominating'
                CHECK (status IN ('nominating', 'open', 'closed')),
    channel_id  INTEGER,
    message_id  INTEGER,
    created_by  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (guild_id, number)
) STRICT;
CREATE INDEX elections_by_meeting ON elections (meeting_id, number);

CREATE TABLE nominations (
    id           INTEGER PRIMARY KEY,
    election_id  INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    nominated_by INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'accepted', 'declined')),
    created_at   TEXT NOT NULL,
    answered_at  TEXT,
    UNIQUE (election_id, member_id)
) STRICT;

-- A round of voting: candidates frozen at opening (member ids in nomination order).
CREATE TABLE election_rounds (
    id              INTEGER PRIMARY KEY,
    election_id     INTEGER NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL CHECK (number > 0),
    seats           INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 25),
    majority        TEXT NOT NULL CHECK (majority IN ('plurality', 'absolute')),
    candidates_json TEXT NOT NULL CHECK (json_valid(candidates_json)),
    deadline_at     TEXT,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    message_id      INTEGER,
    opened_at       TEXT NOT NULL,
    closed_at       TEXT,
    closed_by       INTEGER,          -- NULL with closed_at set: closed by the deadline
    result_json     TEXT CHECK (result_json IS NULL OR json_valid(result_json)),
    UNIQUE (election_id, number)
) STRICT;

-- WHO has voted in a round: to refuse a second ballot and to count ballots cast.
-- No time, no ballot reference; WITHOUT ROWID so no rowid numbers the voters.
CREATE TABLE election_voters (
    round_id  INTEGER NOT NULL REFERENCES election_rounds (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL,
    PRIMARY KEY (round_id, member_id)
) STRICT, WITHOUT ROWID;

-- WHAT was voted: the round's whole ballot box as ONE row, the ballots (sorted lists of
-- candidate indices, [] = blank) and the receipt codes each kept as a list sorted by
-- content. A row per ballot would keep insertion order in the page (cells are laid
-- down in the order they arrive, whatever the key), so the box is rewritten whole,
-- sorted, and the connection runs with secure_delete so no earlier version survives.
CREATE TABLE ballot_boxes (
    round_id      INTEGER PRIMARY KEY REFERENCES election_rounds (id) ON DELETE CASCADE,
    ballots_json  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ballots_json)),
    receipts_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(receipts_json))
) STRICT;

CREATE TRIGGER election_voters_no_update BEFORE UPDATE ON election_voters
BEGIN SELECT RAISE(ABORT, 'election_voters is append-only'); END;
CREATE TRIGGER election_voters_no_delete BEFORE DELETE ON election_voters
BEGIN SELECT RAISE(ABORT, 'election_voters is append-only'); END;
CREATE TRIGGER ballot_boxes_no_delete BEFORE DELETE ON ballot_boxes
BEGIN SELECT RAISE(ABORT, 'ballot_boxes keep every ballot'); END;

-- A box changes only while its round is open, by exactly one ballot and one receipt,
-- and never holds more or fewer ballots than the round has voters.
CREATE TRIGGER ballot_boxes_one_ballot_at_a_time BEFORE UPDATE ON ballot_boxes
BEGIN
    SELECT RAISE(ABORT, 'the round is not open')
    WHERE (SELECT status FROM election_rounds WHERE id = OLD.round_id) IS NOT 'open';
    SELECT RAISE(ABORT, 'a ballot box takes one ballot at a time')
    WHERE NEW.round_id IS NOT OLD.round_id
       OR json_array_length(NEW.ballots_json) != json_array_length(OLD.ballots_json) + 1
       OR json_array_length(NEW.receipts_json) != json_array_length(OLD.receipts_json) + 1
       OR json_array_length(NEW.ballots_json)
          != (SELECT count(*) FROM election_voters WHERE round_id = NEW.round_id);
END;
