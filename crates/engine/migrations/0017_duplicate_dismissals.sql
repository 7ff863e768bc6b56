-- IntroGraph schema: pairs of people the rep said are not the same person.
--
-- The likely-duplicates finder (crate::duplicates) never proposes a pair listed here.
-- Stored once, with person_a < person_b (byte order of the ids), like relationships. A
-- merge of one of the two into a third person moves the dismissal to the person kept
-- (store::merge), so it survives merges of other pairs; removing a person removes theirs.
CREATE TABLE duplicate_dismissals (
    person_a     BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    person_b     BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) STRICT, WITHOUT ROWID;
CREATE INDEX duplicate_dismissals_person_b ON duplicate_dismissals(person_b);
