-- Team workspace: the local bookkeeping of the sync with the team's PostgreSQL database
-- (crates/team). Capture triggers on the shared tables are created by store::sync from its
-- table list (one line per shared table), so a new shared table needs no migration of its own.

-- The one row of sync state. joined = 0: no team, the triggers record nothing.
-- capture: 0 off (not joined), 1 record local changes, 2 applying pulled changes (not recorded).
CREATE TABLE sync_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    capture        INTEGER NOT NULL DEFAULT 0 CHECK (capture IN (0, 1, 2)),
    client_id      BLOB NOT NULL CHECK (length(client_id) = 16),
    server         TEXT,            -- the URL without its password
    login          TEXT,
    secret_key     TEXT,            -- the key of the password in the desktop's secret store
    rep_id         BLOB,
    leader         INTEGER NOT NULL DEFAULT 0,
    next_change_no INTEGER NOT NULL DEFAULT 1,
    last_seq       INTEGER NOT NULL DEFAULT 0,   -- the last server_seq pulled
    hlc            TEXT NOT NULL DEFAULT '',     -- the last hybrid logical clock seen or made
    pulled         INTEGER NOT NULL DEFAULT 0,   -- rows pulled, in all
    last_sync      TEXT,
    last_error     TEXT,
    reps_as_of     TEXT NOT NULL DEFAULT '[]'    -- [[rep id, time of their last push]]
) STRICT;
INSERT INTO sync_state (id, client_id) VALUES (1, randomblob(16));

-- Rows changed locally since they were last staged: table and row id (a person's emails,
-- phones and tags count as the person), and when (Unix milliseconds) it last changed: the
-- physical part of the change's clock, so the later edit wins whichever desktop syncs first.
CREATE TABLE sync_outbox (
    tbl    TEXT NOT NULL,
    row_id BLOB NOT NULL,
    at_ms  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;

-- Person merges made locally, to travel as merge records.
CREATE TABLE sync_merges (
    seq     INTEGER PRIMARY KEY,
    absorb  BLOB NOT NULL,
    keep    BLOB NOT NULL
) STRICT;

-- Changes staged with their change number, not yet confirmed by the server: sent again
-- (idempotently) until they are.
CREATE TABLE sync_pending (
    change_no INTEGER PRIMARY KEY,
    tbl       TEXT NOT NULL,
    row_id    BLOB NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('upsert', 'delete', 'merge')),
    hlc       TEXT NOT NULL,
    owner_rep BLOB,
    fields    TEXT NOT NULL          -- JSON object: column -> value
) STRICT;

-- Per row, the values and clocks last agreed with the team (pushed or pulled): a local
-- value differing from its base is a local change; a pulled value with an older clock
-- than its base lost to a later write.
CREATE TABLE sync_base (
    tbl     TEXT NOT NULL,
    row_id  BLOB NOT NULL,
    fields  TEXT NOT NULL DEFAULT '{}',
    clocks  TEXT NOT NULL DEFAULT '{}',
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;

-- Values overwritten by a later write on another desktop.
CREATE TABLE sync_conflicts (
    id             INTEGER PRIMARY KEY,
    tbl            TEXT NOT NULL,
    row_id         BLOB NOT NULL,
    field          TEXT NOT NULL,
    kept           TEXT NOT NULL,
    overwritten    TEXT NOT NULL,
    overwritten_by TEXT NOT NULL,
    at             TEXT NOT NULL
) STRICT;
