-- Team workspace: a lean base. Migration 0016 kept, per synced row, every field's value and
-- clock as JSON (about as large as the data itself, twice). The sync needs less: for each
-- field a hash of its value (a local value with another hash is a local change), one clock
-- for the row with only the fields whose clock differs listed, and the row's owner (for its
-- tombstone). The old rows are set aside here and converted by the program
-- (store::sync::convert_old_base, run before the next staging or pull), since the hashes
-- are computed in Rust; the outbox and the staged changes are untouched.
ALTER TABLE sync_base RENAME TO sync_base_v17;

CREATE TABLE sync_base (
    tbl     TEXT NOT NULL,
    row_id  BLOB NOT NULL,
    hashes  BLOB NOT NULL DEFAULT x'',   -- per field: 4-byte hash of its name, 8-byte hash of its value
    clock   TEXT NOT NULL DEFAULT '',    -- the clock of every field not in clocks
    clocks  TEXT,                        -- JSON {field: clock} of fields with another clock, or NULL
    owner   BLOB,                        -- the rep owning the row on the server
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;

-- Staging takes the outbox in time order a batch at a time; without this index every batch
-- sorted the whole outbox (a big workspace's join puts every row in it).
CREATE INDEX sync_outbox_at ON sync_outbox (at_ms);
