-- The whole model of Yrka. Times are ISO 8601 UTC text with offset; ids of Discord
-- objects (snowflakes) are INTEGER. Never edit after release: add 0002_*.sql instead.

CREATE TABLE groups (
    guild_id          INTEGER PRIMARY KEY,
    name              TEXT NOT NULL DEFAULT '',
    member_role_id    INTEGER,
    chair_role_id     INTEGER,
    secretary_role_id INTEGER,
    channel_id        INTEGER,
    language          TEXT NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
    quorum_percent    INTEGER NOT NULL DEFAULT 50 CHECK (quorum_percent BETWEEN 0 AND 100),
    majority          TEXT NOT NULL DEFAULT 'simple'
                      CHECK (majority IN ('simple', 'absolute', 'two_thirds')),
    tie_break         TEXT NOT NULL DEFAULT 'chair'
                      CHECK (tie_break IN ('chair', 'lottery', 'free_vote')),
    show_live_tally   INTEGER NOT NULL DEFAULT 1 CHECK (show_live_tally IN (0, 1)),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

-- Members the bot has seen: names for the minutes, whether they hold the voting role,
-- and when they left (their recorded votes stay).
CREATE TABLE members (
    guild_id     INTEGER NOT NULL REFERENCES groups (guild_id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    is_voting    INTEGER NOT NULL DEFAULT 0 CHECK (is_voting IN (0, 1)),
    left_at      TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, member_id)
) STRICT;

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL REFERENCES groups (guild_id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number > 0),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at   TEXT NOT NULL,
    deadline_at TEXT NOT NULL,
    created_by  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (deadline_at <= starts_at),
    UNIQUE (guild_id, number)
) STRICT;

-- A document the chair uploaded or pasted, parsed but not yet published.
-- Preview buttons carry its id, so they keep working after a restart.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL REFERENCES groups (guild_id) ON DELETE CASCADE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL,
    source_name TEXT NOT NULL DEFAULT '',
    draft_json  TEXT NOT NULL CHECK (json_valid(draft_json)),
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'published', 'cancelled')),
    item_id     INTEGER REFERENCES items (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- An agenda item: a motion, interpellation or yrkande, numbered per group.
CREATE TABLE items (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL REFERENCES groups (guild_id) ON DELETE CASCADE,
    meeting_id       INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    number           INTEGER NOT NULL CHECK (number > 0),
    kind             TEXT NOT NULL
                     CHECK (kind IN ('motion', 'interpellation', 'yrkande', 'unknown')),
    title            TEXT NOT NULL CHECK (length(title) >= 1),
    body             TEXT NOT NULL,
    signatories_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(signatories_json)),
    language         TEXT NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
    source_name      TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('draft', 'open', 'closed', 'cancelled')),
    channel_id       INTEGER,
    message_id       INTEGER UNIQUE,
    thread_id        INTEGER UNIQUE,
    created_by       INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    closed_at        TEXT,
    closed_by        INTEGER,          -- NULL with closed_at set: closed by the deadline
    UNIQUE (guild_id, number)
) STRICT;
CREATE INDEX items_by_meeting ON items (meeting_id, number);

-- One att-sats: the unit the group votes on.
CREATE TABLE yrkanden (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL CHECK (number > 0),
    text            TEXT NOT NULL CHECK (length(text) >= 1),
    vote_message_id INTEGER UNIQUE,
    UNIQUE (item_id, number)
) STRICT;

-- Append-only record of every vote: choice NULL means the member withdrew their vote.
-- The current vote and the tally are derived from it (bot.domain.tally).
CREATE TABLE vote_events (
    seq        INTEGER PRIMARY KEY,
    yrkande_id INTEGER NOT NULL REFERENCES yrkanden (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL,
    choice     TEXT CHECK (choice IS NULL OR choice IN ('bifall', 'avslag', 'avstar')),
    at         TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('reaction', 'reconcile', 'system'))
) STRICT;
CREATE INDEX vote_events_by_member ON vote_events (yrkande_id, member_id, seq);

CREATE TRIGGER vote_events_no_update BEFORE UPDATE ON vote_events
BEGIN SELECT RAISE(ABORT, 'vote_events is append-only'); END;
CREATE TRIGGER vote_events_no_delete BEFORE DELETE ON vote_events
BEGIN SELECT RAISE(ABORT, 'vote_events is append-only'); END;

-- The group's position per yrkande: what the rules derived at closing, and what is in
-- force (the chair's override, if any). The tally at closing is kept beside it.
CREATE TABLE positions (
    yrkande_id       INTEGER PRIMARY KEY REFERENCES yrkanden (id) ON DELETE CASCADE,
    derived_position TEXT CHECK (derived_position IS NULL OR derived_position IN
                     ('bifall', 'avslag', 'avstar', 'aterremiss', 'bordlaggning',
                      'eget_yrkande', 'fri_rost', 'undecided')),
    position         TEXT NOT NULL CHECK (position IN
                     ('bifall', 'avslag', 'avstar', 'aterremiss', 'bordlaggning',
                      'eget_yrkande', 'fri_rost', 'undecided')),
    overridden       INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),
    note             TEXT,
    set_by           INTEGER,
    reason           TEXT NOT NULL DEFAULT '',
    bifall           INTEGER NOT NULL DEFAULT 0 CHECK (bifall >= 0),
    avslag           INTEGER NOT NULL DEFAULT 0 CHECK (avslag >= 0),
    avstar           INTEGER NOT NULL DEFAULT 0 CHECK (avstar >= 0),
    not_voted        INTEGER NOT NULL DEFAULT 0 CHECK (not_voted >= 0),
    eligible_json    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(eligible_json)),
    quorum_met       INTEGER NOT NULL DEFAULT 0 CHECK (quorum_met IN (0, 1)),
    lottery_json     TEXT CHECK (lottery_json IS NULL OR json_valid(lottery_json)),
    decided_at       TEXT NOT NULL
) STRICT;

-- Reminders already sent, so a restart never pings twice.
CREATE TABLE reminders_sent (
    item_id      INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    reminder_key TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (item_id, reminder_key)
) STRICT;

-- Messages in a motion's discussion thread; edits keep the earlier text, deletions are marked.
CREATE TABLE comments (
    message_id       INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    author_id        INTEGER NOT NULL,
    author_name      TEXT NOT NULL,
    content          TEXT NOT NULL,
    attachments_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments_json)),
    created_at       TEXT NOT NULL,
    edited_at        TEXT,
    deleted_at       TEXT
) STRICT;
CREATE INDEX comments_by_item ON comments (item_id, created_at);

CREATE TABLE comment_revisions (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES comments (message_id) ON DELETE CASCADE,
    content     TEXT NOT NULL,
    replaced_at TEXT NOT NULL
) STRICT;

-- Hash-chained audit log per group: each entry stores the hash of the previous one.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    action       TEXT NOT NULL,
    payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
    prev_hash    TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash         TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX audit_by_guild ON audit_log (guild_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Small key-value state of the bot itself (e.g. the hash of the last command sync).
CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
