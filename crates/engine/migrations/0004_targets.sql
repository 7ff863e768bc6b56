-- IntroGraph schema, version 4: each rep's target list (people and organisations to reach).
CREATE TABLE targets (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    rep_id          BLOB NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    person_id       BLOB REFERENCES people(id) ON DELETE CASCADE,
    organisation_id BLOB REFERENCES organisations(id) ON DELETE CASCADE,
    added_at        TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX targets_rep_person ON targets(rep_id, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX targets_rep_organisation ON targets(rep_id, organisation_id) WHERE organisation_id IS NOT NULL;
