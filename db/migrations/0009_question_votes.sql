-- Votes on the questions of a locked beslutsgång (issue 15): each FORMAL (återremiss),
-- ALTERNATIVES (an att-sats with rivals, number emoji) and ADDITION (tilläggsyrkande) question
-- gets vote messages of its own, one per round. They are rows of `yrkanden` so the one
-- ingest path (judge, removals, tally edits, reconciliation, audit) carries them; an item's
-- att-satser are the rows without a question. `option_set` says what each offers.
ALTER TABLE yrkanden ADD COLUMN question_key TEXT
    CHECK (question_key IS NULL OR length(question_key) BETWEEN 2 AND 20);
ALTER TABLE yrkanden ADD COLUMN round INTEGER NOT NULL DEFAULT 1 CHECK (round BETWEEN 1 AND 2);
-- A vote message's own deadline (a round that closes before the item; an att-sats whose vote
-- moved to its alternatives at the lock). NULL: the item's meeting deadline.
ALTER TABLE yrkanden ADD COLUMN closes_at TEXT;
CREATE UNIQUE INDEX yrkanden_one_round_per_question
    ON yrkanden (item_id, question_key, round) WHERE question_key IS NOT NULL;

-- How a round ended (bot.domain.alternatives.RoundResult as JSON), stored when it closed.
CREATE TABLE round_results (
    yrkande_id  INTEGER PRIMARY KEY REFERENCES yrkanden (id) ON DELETE CASCADE,
    result_json TEXT NOT NULL CHECK (json_valid(result_json)),
    decided_at  TEXT NOT NULL
) STRICT;
