-- After fullmäktige: what the council decided per item or att-sats, and the group's
-- reservations. yrkande_number 0 means the whole item (NULL would defeat UNIQUE).
CREATE TABLE outcomes (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    yrkande_number INTEGER NOT NULL DEFAULT 0 CHECK (yrkande_number >= 0),
    result         TEXT NOT NULL CHECK (result IN
                   ('bifall', 'avslag', 'aterremiss', 'bordlagd', 'besvarad', 'andrat')),
    votes_for      INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),
    votes_against  INTEGER CHECK (votes_against IS NULL OR votes_against >= 0),
    abstained      INTEGER CHECK (abstained IS NULL OR abstained >= 0),
    note           TEXT,
    set_by         INTEGER NOT NULL,
    set_at         TEXT NOT NULL,
    UNIQUE (item_id, yrkande_number)
) STRICT;

-- The group's written reservation on an item, as it is handed in before justering.
CREATE TABLE reservations (
    item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    text    TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    set_by  INTEGER NOT NULL,
    set_at  TEXT NOT NULL
) STRICT;
