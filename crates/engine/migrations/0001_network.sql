-- IntroGraph schema, version 1: the network.
-- Ids are 16-byte UUID blobs; dates are ISO-8601 text (YYYY-MM-DD);
-- timestamps are ISO-8601 text in UTC. Never edit a shipped migration: add a new file.

CREATE TABLE organisations (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key    TEXT NOT NULL,
    domain      TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX organisations_name_key ON organisations(name_key);

CREATE TABLE people (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    full_name    TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    name_key     TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    linkedin_url TEXT,
    notes        TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX people_name_key ON people(name_key);
CREATE INDEX people_linkedin_url ON people(linkedin_url) WHERE linkedin_url IS NOT NULL;

-- Emails are stored lower-cased; position keeps the user's order.
CREATE TABLE person_emails (
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    email     TEXT NOT NULL CHECK (length(email) > 0),
    position  INTEGER NOT NULL,
    PRIMARY KEY (person_id, email)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_emails_email ON person_emails(email);

CREATE TABLE person_phones (
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    phone     TEXT NOT NULL CHECK (length(phone) > 0),
    position  INTEGER NOT NULL,
    PRIMARY KEY (person_id, phone)
) STRICT, WITHOUT ROWID;

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE person_tags (
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_tags_tag ON person_tags(tag_id);

-- A person at an organisation; current = works there now (end may be unknown for past jobs).
CREATE TABLE employments (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    person_id       BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    organisation_id BLOB NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title           TEXT NOT NULL DEFAULT '',
    start_date      TEXT,
    end_date        TEXT,
    current         INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
    CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date),
    CHECK (current = 0 OR end_date IS NULL)
) STRICT;
CREATE INDEX employments_person ON employments(person_id);
CREATE INDEX employments_organisation ON employments(organisation_id);

-- An undirected tie, stored once with person_a < person_b (byte order of the ids).
CREATE TABLE relationships (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    person_a     BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    person_b     BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    strength     INTEGER NOT NULL CHECK (strength BETWEEN 1 AND 5),
    verified_at  TEXT,
    last_contact TEXT,
    since        TEXT,
    notes        TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (person_a < person_b)
) STRICT;
CREATE UNIQUE INDEX relationships_pair ON relationships(person_a, person_b);
CREATE INDEX relationships_person_b ON relationships(person_b);

-- Every rep is a person in the network.
CREATE TABLE reps (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    person_id  BLOB NOT NULL UNIQUE REFERENCES people(id) ON DELETE RESTRICT,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE touches (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    person_id  BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    rep_id     BLOB REFERENCES reps(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'event', 'message')),
    date       TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX touches_person_date ON touches(person_id, date);

-- Workspace settings: current rep, weight constants, ... (values are JSON text).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
