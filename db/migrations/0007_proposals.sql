-- The group's own yrkanden (issue 15): what members table on an item, the chair's locked
-- beslutsgång, and avvikande meningar registered after closing.

-- A yrkande tabled in the group. `number` is its order of tabling within the item and never
-- changes (a withdrawn one keeps its number; it is only marked). `yrkande_number` is the
-- att-sats it refers to (NULL: the whole item, or the only/last att-sats as the rules say).
CREATE TABLE proposals (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    number         INTEGER NOT NULL CHECK (number > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('change', 'addition', 'referral', 'reject', 'own')),
    yrkande_number INTEGER CHECK (yrkande_number IS NULL OR yrkande_number > 0),
    text           TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    author_id      INTEGER NOT NULL,
    tabled_at      TEXT NOT NULL,
    card_message_id INTEGER,
    withdrawn_at   TEXT,
    withdrawn_by   INTEGER,
    CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL)),
    UNIQUE (item_id, number)
) STRICT;

-- The beslutsgång the chair locked: the questions in order (bot.domain.alternatives.Question
-- as JSON). One row per item; its presence means nothing more can be tabled or withdrawn.
CREATE TABLE proposal_locks (
    item_id          INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    order_json       TEXT NOT NULL CHECK (json_valid(order_json)),
    chair_ordered    INTEGER NOT NULL DEFAULT 0 CHECK (chair_ordered IN (0, 1)),
    locked_by        INTEGER NOT NULL,
    locked_at        TEXT NOT NULL,
    order_message_id INTEGER
) STRICT;

-- Avvikande mening: a member who voted against the group's line on a closed item, in their
-- own words. One per member and item; registering again replaces the text.
CREATE TABLE dissents (
    item_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL,
    text      TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    at        TEXT NOT NULL,
    PRIMARY KEY (item_id, member_id)
) STRICT;
