-- IntroGraph schema: pairs of people the rep said do not know each other.
--
-- A mail, calendar or LinkedIn-messages import proposes an unverified weak tie between two
-- people seen together often (import::exchanges); when the rep removes such a tie, or
-- dismisses the pair from the "likely know each other" list, the pair is listed here and no
-- later import proposes it again. Stored once, with person_a < person_b (byte order of the
-- ids), like relationships. A merge moves the dismissal to the person kept (store::merge);
-- removing a person removes theirs.
CREATE TABLE dismissed_ties (
    person_a     BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    person_b     BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) STRICT, WITHOUT ROWID;
CREATE INDEX dismissed_ties_person_b ON dismissed_ties(person_b);
