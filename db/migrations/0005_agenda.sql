-- Imported kallelser: the ärenden as read, the chair's choices, how far publishing got.

-- One kallelse the chair imported for a meeting. `status` publishing means some of it is
-- posted: a restart (or Publicera valda again) resumes from the database, posting only
-- what is missing. The progress and summary messages are remembered so they are edited,
-- never posted twice.
CREATE TABLE agenda_imports (
    id                  INTEGER PRIMARY KEY,
    guild_id            INTEGER NOT NULL REFERENCES groups (guild_id) ON DELETE CASCADE,
    meeting_id          INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    author_id           INTEGER NOT NULL,
    source_name         TEXT NOT NULL DEFAULT '',
    body                TEXT NOT NULL DEFAULT '',
    date                TEXT,
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'publishing', 'published', 'cancelled')),
    progress_channel_id INTEGER,
    progress_message_id INTEGER,
    summary_message_id  INTEGER,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

-- One ärende of an imported kallelse, in agenda order (`position`). `number` is the agenda
-- number as printed (NULL for unnumbered formalia). A published decision item points at
-- its Yrka item; informational, formal and left-out ärenden have none.
CREATE TABLE agenda_entries (
    id            INTEGER PRIMARY KEY,
    import_id     INTEGER NOT NULL REFERENCES agenda_imports (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position > 0),
    number        TEXT CHECK (number IS NULL OR length(number) BETWEEN 1 AND 10),
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    kind          TEXT NOT NULL CHECK (kind IN ('arende', 'motion', 'svar_pa_motion',
                  'medborgarforslag', 'interpellation', 'fraga', 'val', 'anmalan', 'ovrigt')),
    formal        INTEGER NOT NULL DEFAULT 0 CHECK (formal IN (0, 1)),
    dnr           TEXT,
    proposal_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(proposal_json)),
    included      INTEGER NOT NULL DEFAULT 1 CHECK (included IN (0, 1)),
    item_id       INTEGER UNIQUE REFERENCES items (id) ON DELETE SET NULL,
    UNIQUE (import_id, position)
) STRICT;
CREATE INDEX agenda_entries_by_item ON agenda_entries (item_id);

-- Who speaks for the group on an item in the chamber (/motion speaker).
ALTER TABLE items ADD COLUMN speaker_id INTEGER;

-- /motion post agenda_item: the draft fills an existing (imported) item instead of a new one.
ALTER TABLE drafts ADD COLUMN target_item_id INTEGER REFERENCES items (id) ON DELETE SET NULL;
