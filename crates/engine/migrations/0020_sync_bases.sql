-- Team workspace: what each local edit was made over. A change sent to the team says, per
-- field, the clock of the value it replaced (`bases`), so that the desktop whose earlier
-- write it replaces can tell a colleague's edit made after seeing that write (no conflict)
-- from one made without it (a conflict, listed on both desktops).
ALTER TABLE sync_pending ADD COLUMN bases TEXT;   -- JSON {field: clock replaced, '' for none}; NULL: not known

-- A local edit not sent yet, of a field a pull brought a later write of (listed as a
-- conflict here): the clock the edit was made over, since the pull moved the field's base
-- on to the write it brought. Read and cleared when the row is staged.
CREATE TABLE sync_contested (
    tbl    TEXT NOT NULL,
    row_id BLOB NOT NULL,
    field  TEXT NOT NULL,
    over   TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, field)
) STRICT, WITHOUT ROWID;
