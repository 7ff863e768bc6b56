-- IntroGraph schema, version 2: the pipeline.
-- Introduction requests and their stage history, opportunities with a lead source,
-- Referral I.Q. assessments and activity goals. Ids are 16-byte UUID blobs; dates are
-- ISO-8601 text (YYYY-MM-DD); timestamps are ISO-8601 text in UTC.

-- An ask for a personal introduction: the rep asks the referral source (the first person
-- after the rep on the chosen path) to introduce them to the target.
-- `path` is the chosen path as a JSON array of person ids (rep first, target last);
-- `reached` has bit n set once the request has been at stage n (see pipeline::Stage::bit),
-- so the funnel is one grouped scan; `stalled_from` is the stage a stalled request resumes to.
CREATE TABLE intro_requests (
    id             BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    rep_id         BLOB NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
    target_id      BLOB NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
    source_id      BLOB NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
    path           TEXT NOT NULL DEFAULT '[]',
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    offer          TEXT NOT NULL DEFAULT '',
    message        TEXT NOT NULL DEFAULT '',
    stage          TEXT NOT NULL CHECK (stage IN ('draft', 'asked', 'accepted', 'declined',
                       'introduced', 'meeting', 'opportunity', 'won', 'lost', 'stalled')),
    stalled_from   TEXT,
    reached        INTEGER NOT NULL DEFAULT 1,
    next_follow_up TEXT,
    deal_value     REAL CHECK (deal_value IS NULL OR deal_value >= 0),
    lost_reason    TEXT,
    thanked_on     TEXT,
    told_on        TEXT,
    asked_at       TEXT,
    meeting_at     TEXT,
    closed_at      TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (source_id <> target_id),
    CHECK (stage <> 'won' OR deal_value IS NOT NULL),
    CHECK (stage <> 'lost' OR length(trim(lost_reason)) > 0),
    CHECK ((stage = 'stalled') = (stalled_from IS NOT NULL))
) STRICT;
CREATE INDEX intro_requests_created ON intro_requests(created_at, reached, rep_id, source_id);
CREATE INDEX intro_requests_rep ON intro_requests(rep_id, created_at);
CREATE INDEX intro_requests_source ON intro_requests(source_id);
CREATE INDEX intro_requests_target ON intro_requests(target_id);
CREATE INDEX intro_requests_follow_up ON intro_requests(next_follow_up) WHERE next_follow_up IS NOT NULL;

-- A person in a request keeps it: say so instead of a bare foreign-key failure.
CREATE TRIGGER people_in_requests_stay BEFORE DELETE ON people
WHEN EXISTS (SELECT 1 FROM intro_requests WHERE target_id = OLD.id OR source_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'this person is the target or referral source of an introduction request, whose history must stay; keep them, or merge them into another person');
END;

-- Requests per UTC creation day, rep and reached mask, kept by triggers on every write, so
-- the funnel over a long period reads a few thousand rows instead of every request
-- (store::requests::reached_counts reads the partial days at a period's ends from the
-- requests themselves).
CREATE TABLE request_daily (
    day     TEXT NOT NULL,
    rep_id  BLOB NOT NULL,
    reached INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, rep_id, reached)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER intro_requests_daily_insert AFTER INSERT ON intro_requests
BEGIN
    INSERT INTO request_daily (day, rep_id, reached, n)
    VALUES (substr(NEW.created_at, 1, 10), NEW.rep_id, NEW.reached, 1)
    ON CONFLICT (day, rep_id, reached) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER intro_requests_daily_delete AFTER DELETE ON intro_requests
BEGIN
    UPDATE request_daily SET n = n - 1
    WHERE day = substr(OLD.created_at, 1, 10) AND rep_id = OLD.rep_id AND reached = OLD.reached;
    DELETE FROM request_daily
    WHERE day = substr(OLD.created_at, 1, 10) AND rep_id = OLD.rep_id AND reached = OLD.reached AND n <= 0;
END;

CREATE TRIGGER intro_requests_daily_update AFTER UPDATE OF created_at, rep_id, reached ON intro_requests
WHEN OLD.created_at IS NOT NEW.created_at OR OLD.rep_id IS NOT NEW.rep_id OR OLD.reached IS NOT NEW.reached
BEGIN
    UPDATE request_daily SET n = n - 1
    WHERE day = substr(OLD.created_at, 1, 10) AND rep_id = OLD.rep_id AND reached = OLD.reached;
    DELETE FROM request_daily
    WHERE day = substr(OLD.created_at, 1, 10) AND rep_id = OLD.rep_id AND reached = OLD.reached AND n <= 0;
    INSERT INTO request_daily (day, rep_id, reached, n)
    VALUES (substr(NEW.created_at, 1, 10), NEW.rep_id, NEW.reached, 1)
    ON CONFLICT (day, rep_id, reached) DO UPDATE SET n = n + 1;
END;

-- Append-only: rows are only ever inserted (triggers below refuse updates and deletes,
-- except when the request itself is removed).
CREATE TABLE request_history (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    request_id  BLOB NOT NULL REFERENCES intro_requests(id) ON DELETE CASCADE,
    from_stage  TEXT,
    to_stage    TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX request_history_request ON request_history(request_id, at);
CREATE INDEX request_history_stage_at ON request_history(to_stage, at);

CREATE TRIGGER request_history_no_update BEFORE UPDATE ON request_history
BEGIN
    SELECT RAISE(ABORT, 'request history is append-only');
END;

-- Touches made for a request (asking the source, following up, reaching the target).
ALTER TABLE touches ADD COLUMN request_id BLOB REFERENCES intro_requests(id) ON DELETE SET NULL;
CREATE INDEX touches_request ON touches(request_id, date) WHERE request_id IS NOT NULL;

-- A deal. Referral opportunities link to their request (one per request).
CREATE TABLE opportunities (
    id               BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    rep_id           BLOB NOT NULL REFERENCES reps(id) ON DELETE RESTRICT,
    person_id        BLOB REFERENCES people(id) ON DELETE SET NULL,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    lead_source      TEXT NOT NULL CHECK (lead_source IN ('referral', 'cold_call', 'inbound',
                         'event', 'existing_customer', 'other')),
    request_id       BLOB UNIQUE REFERENCES intro_requests(id) ON DELETE SET NULL,
    value            REAL CHECK (value IS NULL OR value >= 0),
    opened_on        TEXT NOT NULL,
    first_meeting_on TEXT,
    closed_on        TEXT,
    outcome          TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost')),
    lost_reason      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK ((outcome = 'open') = (closed_on IS NULL)),
    CHECK (outcome <> 'won' OR value IS NOT NULL),
    CHECK (outcome <> 'lost' OR length(trim(lost_reason)) > 0),
    CHECK (closed_on IS NULL OR opened_on <= closed_on),
    CHECK (lead_source = 'referral' OR request_id IS NULL)
) STRICT;
CREATE INDEX opportunities_opened ON opportunities(opened_on, lead_source, outcome);
CREATE INDEX opportunities_rep ON opportunities(rep_id, opened_on);

-- One Referral I.Q. assessment per rep per calendar quarter ('2026-Q3');
-- answers is 14 characters of 'y' / 'n', question 1 first.
CREATE TABLE assessments (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    rep_id     BLOB NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    quarter    TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    answers    TEXT NOT NULL CHECK (length(answers) = 14 AND answers NOT GLOB '*[^yn]*'),
    score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 14),
    taken_at   TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (rep_id, quarter)
) STRICT;

-- Activity goals per rep.
CREATE TABLE goals (
    rep_id         BLOB PRIMARY KEY NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    asks_per_week  INTEGER NOT NULL CHECK (asks_per_week >= 0),
    updated_at     TEXT NOT NULL
) STRICT;
