-- What a vote message offers is data (issue 13): each yrkande's vote message has an option
-- set, stored by name (bot.domain.options): 'standard' (✅ bifall, ❌ avslag, ➖ avstår) or
-- 'numbered:<digits>' (e.g. 'numbered:123' = 1️⃣ 2️⃣ 3️⃣ for the alternatives of a
-- beslutsgång, 'numbered:24' a second round between 2 and 4; and ➖ avstår).
ALTER TABLE yrkanden ADD COLUMN option_set TEXT NOT NULL DEFAULT 'standard'
    CHECK (option_set = 'standard' OR (option_set GLOB 'numbered:[1-9][1-9]*'
           AND option_set NOT GLOB 'numbered:*[^1-9]*' AND length(option_set) <= 18));

-- A vote is an option's key: 'bifall'/'avslag'/'avstar', or an alternative's number '1'…'9'.
-- SQLite cannot change a CHECK in place: the append-only tables are rebuilt with every row
-- (and seq) kept, then their index and triggers are made again.
CREATE TABLE vote_events_new (
    seq        INTEGER PRIMARY KEY,
    yrkande_id INTEGER NOT NULL REFERENCES yrkanden (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL,
    choice     TEXT CHECK (choice IS NULL OR choice IN
               ('bifall', 'avslag', 'avstar', '1', '2', '3', '4', '5', '6', '7', '8', '9')),
    at         TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('reaction', 'reconcile', 'system'))
) STRICT;
INSERT INTO vote_events_new (seq, yrkande_id, member_id, choice, at, source)
    SELECT seq, yrkande_id, member_id, choice, at, source FROM vote_events ORDER BY seq;
DROP TABLE vote_events;
ALTER TABLE vote_events_new RENAME TO vote_events;
CREATE INDEX vote_events_by_member ON vote_events (yrkande_id, member_id, seq);
CREATE TRIGGER vote_events_no_update BEFORE UPDATE ON vote_events
BEGIN SELECT RAISE(ABORT, 'vote_events is append-only'); END;
CREATE TRIGGER vote_events_no_delete BEFORE DELETE ON vote_events
BEGIN SELECT RAISE(ABORT, 'vote_events is append-only'); END;

CREATE TABLE reaction_removals_new (
    id         INTEGER PRIMARY KEY,
    yrkande_id INTEGER NOT NULL REFERENCES yrkanden (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL,
    choice     TEXT NOT NULL CHECK (choice IN
               ('bifall', 'avslag', 'avstar', '1', '2', '3', '4', '5', '6', '7', '8', '9')),
    after_seq  INTEGER NOT NULL,
    at         TEXT NOT NULL
) STRICT;
INSERT INTO reaction_removals_new (id, yrkande_id, member_id, choice, after_seq, at)
    SELECT id, yrkande_id, member_id, choice, after_seq, at FROM reaction_removals ORDER BY id;
DROP TABLE reaction_removals;
ALTER TABLE reaction_removals_new RENAME TO reaction_removals;
CREATE INDEX reaction_removals_by_member ON reaction_removals (yrkande_id, member_id, after_seq);
