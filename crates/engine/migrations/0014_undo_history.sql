-- IntroGraph schema: the undo history (store::undo).
--
-- Each undoable action (a merge, a removal, a stage move, an import) keeps the SQLite
-- session changeset of what it changed in the base tables; undoing applies its inverse.
-- The tables kept by triggers (searches, metrics summaries, the saved graph's list of
-- changes) are never recorded: the triggers keep them right while the inverse is applied.
CREATE TABLE undo_history (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('merge', 'delete', 'stage_move', 'import')),
    summary   TEXT NOT NULL,
    changes   INTEGER NOT NULL,
    changeset BLOB NOT NULL,
    undone_at TEXT
) STRICT;

-- Undoing a move into `asked` takes its history entry out: take its ask out of the daily
-- counts too. When the request itself is being removed it is already gone here, and its
-- BEFORE DELETE trigger (migration 0008) has counted its asks out.
CREATE TRIGGER request_history_asks_delete AFTER DELETE ON request_history
WHEN OLD.to_stage = 'asked'
BEGIN
    UPDATE request_asks_daily SET n = n - 1
    WHERE day = substr(OLD.at, 1, 10)
      AND rep_id = (SELECT rep_id FROM intro_requests WHERE id = OLD.request_id);
    DELETE FROM request_asks_daily
    WHERE day = substr(OLD.at, 1, 10)
      AND rep_id = (SELECT rep_id FROM intro_requests WHERE id = OLD.request_id)
      AND n <= 0;
END;
