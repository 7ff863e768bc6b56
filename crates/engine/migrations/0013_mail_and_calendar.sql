-- IntroGraph schema, version 13: touches read from the rep's own mail, calendar and
-- LinkedIn messages (import::exchanges). Only who, when and which way is kept: never a
-- body, an attachment or (unless asked) a subject.

-- One message, meeting occurrence or LinkedIn message, once: `key` is its Message-ID,
-- calendar UID and occurrence, or conversation and time, so importing again adds nothing.
CREATE TABLE exchanges (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    key          TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('email', 'meeting', 'message')),
    date         TEXT NOT NULL,
    -- The thread it belongs to (Gmail's thread id, the first References id, or itself).
    thread       TEXT NOT NULL,
    -- Everyone on it but the rep, people or not (how crowded it was).
    participants INTEGER NOT NULL CHECK (participants >= 0),
    subject      TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX exchanges_thread ON exchanges(thread);

-- The people (other than the rep) seen on an exchange: evidence that two of them know
-- each other when they keep turning up together.
CREATE TABLE exchange_people (
    exchange_id BLOB NOT NULL REFERENCES exchanges(id) ON DELETE CASCADE,
    person_id   BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (exchange_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX exchange_people_person ON exchange_people(person_id);

-- A touch read from an exchange: its direction (a meeting has none) and where it came from.
ALTER TABLE touches ADD COLUMN direction TEXT CHECK (direction IN ('sent', 'received'));
ALTER TABLE touches ADD COLUMN exchange_id BLOB REFERENCES exchanges(id) ON DELETE CASCADE;
CREATE UNIQUE INDEX touches_exchange ON touches(exchange_id, person_id) WHERE exchange_id IS NOT NULL;
CREATE INDEX touches_rep_date ON touches(rep_id, date) WHERE rep_id IS NOT NULL;

-- Whether the rep chose a relationship's strength (typed, edited, imported from their own
-- relationships file): a suggestion never replaces it silently. Defaults of an import
-- (a LinkedIn connection's strength 1) and accepted suggestions are not by hand.
ALTER TABLE relationships ADD COLUMN strength_by_hand INTEGER NOT NULL DEFAULT 1
    CHECK (strength_by_hand IN (0, 1));
UPDATE relationships SET strength_by_hand = 0 WHERE source LIKE 'linkedin:%' AND strength = 1;

-- Keep in touch: how often the rep means to be in contact with a person, in days.
ALTER TABLE people ADD COLUMN keep_in_touch_days INTEGER CHECK (keep_in_touch_days BETWEEN 1 AND 3650);
CREATE INDEX people_keep_in_touch ON people(keep_in_touch_days) WHERE keep_in_touch_days IS NOT NULL;
