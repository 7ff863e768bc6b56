-- A saved copy of the relationship graph (a file beside the database) is trusted
-- only while this table holds its token, marked ready. Any change to what the graph
-- is built from deletes the row, so the next load rebuilds the graph from the
-- tables. A migration that rewrites these tables without firing the triggers must
-- also run `DELETE FROM graph_snapshot`.

CREATE TABLE graph_snapshot (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    token BLOB NOT NULL CHECK (length(token) = 16),
    ready INTEGER NOT NULL DEFAULT 0 CHECK (ready IN (0, 1))
) STRICT;

CREATE TRIGGER graph_snapshot_people_insert AFTER INSERT ON people
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_people_update AFTER UPDATE OF id, full_name ON people
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_people_delete AFTER DELETE ON people
BEGIN DELETE FROM graph_snapshot; END;

CREATE TRIGGER graph_snapshot_organisations_insert AFTER INSERT ON organisations
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_organisations_update AFTER UPDATE OF id, name ON organisations
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_organisations_delete AFTER DELETE ON organisations
BEGIN DELETE FROM graph_snapshot; END;

CREATE TRIGGER graph_snapshot_employments_insert AFTER INSERT ON employments
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_employments_update AFTER UPDATE ON employments
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_employments_delete AFTER DELETE ON employments
BEGIN DELETE FROM graph_snapshot; END;

CREATE TRIGGER graph_snapshot_relationships_insert AFTER INSERT ON relationships
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_relationships_update
AFTER UPDATE OF id, person_a, person_b, kind, strength, verified_at, last_contact, since ON relationships
BEGIN DELETE FROM graph_snapshot; END;
CREATE TRIGGER graph_snapshot_relationships_delete AFTER DELETE ON relationships
BEGIN DELETE FROM graph_snapshot; END;
