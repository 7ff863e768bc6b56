-- IntroGraph schema, version 9: the saved graph is brought up to date instead of
-- rebuilt after a change. The triggers of version 6 deleted the saved graph's token
-- on any change to what the graph is built from, so the next load rebuilt the whole
-- graph from the tables (about 10 s at a million people). They now list what changed
-- here while a saved graph exists; a load reads the file and applies the listed
-- people, organisations, employments and relationships as they are now
-- (store::graph_snapshot::changes, suggest::load_network). Past 10,000 entries the
-- saved graph is forgotten instead: a rebuild then costs less than the patches.

CREATE TABLE graph_changes (
    seq  INTEGER PRIMARY KEY,
    -- 0 a person, 1 an organisation, 2 a person's employments, 3 a relationship.
    kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),
    id   BLOB NOT NULL,
    -- A relationship's ends before an update or a delete (where the saved graph
    -- has it); null otherwise.
    old_a BLOB,
    old_b BLOB
) STRICT;

CREATE TRIGGER graph_changes_overflow AFTER INSERT ON graph_changes WHEN NEW.seq > 10000
BEGIN DELETE FROM graph_snapshot; DELETE FROM graph_changes; END;

DROP TRIGGER graph_snapshot_people_insert;
DROP TRIGGER graph_snapshot_people_update;
DROP TRIGGER graph_snapshot_people_delete;
DROP TRIGGER graph_snapshot_organisations_insert;
DROP TRIGGER graph_snapshot_organisations_update;
DROP TRIGGER graph_snapshot_organisations_delete;
DROP TRIGGER graph_snapshot_employments_insert;
DROP TRIGGER graph_snapshot_employments_update;
DROP TRIGGER graph_snapshot_employments_delete;
DROP TRIGGER graph_snapshot_relationships_insert;
DROP TRIGGER graph_snapshot_relationships_update;
DROP TRIGGER graph_snapshot_relationships_delete;

CREATE TRIGGER graph_snapshot_people_insert AFTER INSERT ON people
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (0, NEW.id); END;
CREATE TRIGGER graph_snapshot_people_update AFTER UPDATE OF id, full_name ON people
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (0, OLD.id), (0, NEW.id); END;
CREATE TRIGGER graph_snapshot_people_delete AFTER DELETE ON people
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (0, OLD.id); END;

CREATE TRIGGER graph_snapshot_organisations_insert AFTER INSERT ON organisations
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (1, NEW.id); END;
CREATE TRIGGER graph_snapshot_organisations_update AFTER UPDATE OF id, name ON organisations
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (1, OLD.id), (1, NEW.id); END;
CREATE TRIGGER graph_snapshot_organisations_delete AFTER DELETE ON organisations
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (1, OLD.id); END;

CREATE TRIGGER graph_snapshot_employments_insert AFTER INSERT ON employments
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (2, NEW.person_id); END;
CREATE TRIGGER graph_snapshot_employments_update AFTER UPDATE ON employments
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (2, OLD.person_id), (2, NEW.person_id); END;
CREATE TRIGGER graph_snapshot_employments_delete AFTER DELETE ON employments
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (2, OLD.person_id); END;

CREATE TRIGGER graph_snapshot_relationships_insert AFTER INSERT ON relationships
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id) VALUES (3, NEW.id); END;
CREATE TRIGGER graph_snapshot_relationships_update
AFTER UPDATE OF id, person_a, person_b, kind, strength, verified_at, last_contact, since ON relationships
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN
    INSERT INTO graph_changes (kind, id, old_a, old_b) VALUES (3, OLD.id, OLD.person_a, OLD.person_b);
    INSERT INTO graph_changes (kind, id) VALUES (3, NEW.id);
END;
CREATE TRIGGER graph_snapshot_relationships_delete AFTER DELETE ON relationships
WHEN EXISTS (SELECT 1 FROM graph_snapshot)
BEGIN INSERT INTO graph_changes (kind, id, old_a, old_b) VALUES (3, OLD.id, OLD.person_a, OLD.person_b); END;
