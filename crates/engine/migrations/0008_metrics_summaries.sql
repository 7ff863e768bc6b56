-- IntroGraph schema, version 8: what keeps the Metrics screen fast over a million
-- introduction requests (every figure stays as it was; see store::requests and
-- store::opportunities for the queries that read these).

-- Requests per referral source, rep and reached mask over all time, kept by triggers on
-- every write. The funnel by source over a period is these totals less the requests
-- created outside the period (store::requests::reached_counts), or a scan of the period's
-- requests when those are fewer.
CREATE TABLE request_sources (
    source_id BLOB NOT NULL,
    rep_id    BLOB NOT NULL,
    reached   INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (source_id, rep_id, reached)
) STRICT, WITHOUT ROWID;

INSERT INTO request_sources (source_id, rep_id, reached, n)
SELECT source_id, rep_id, reached, COUNT(*) FROM intro_requests GROUP BY 1, 2, 3;

CREATE TRIGGER intro_requests_sources_insert AFTER INSERT ON intro_requests
BEGIN
    INSERT INTO request_sources (source_id, rep_id, reached, n)
    VALUES (NEW.source_id, NEW.rep_id, NEW.reached, 1)
    ON CONFLICT (source_id, rep_id, reached) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER intro_requests_sources_delete AFTER DELETE ON intro_requests
BEGIN
    UPDATE request_sources SET n = n - 1
    WHERE source_id = OLD.source_id AND rep_id = OLD.rep_id AND reached = OLD.reached;
    DELETE FROM request_sources
    WHERE source_id = OLD.source_id AND rep_id = OLD.rep_id AND reached = OLD.reached AND n <= 0;
END;

CREATE TRIGGER intro_requests_sources_update AFTER UPDATE OF source_id, rep_id, reached ON intro_requests
WHEN OLD.source_id IS NOT NEW.source_id OR OLD.rep_id IS NOT NEW.rep_id OR OLD.reached IS NOT NEW.reached
BEGIN
    UPDATE request_sources SET n = n - 1
    WHERE source_id = OLD.source_id AND rep_id = OLD.rep_id AND reached = OLD.reached;
    DELETE FROM request_sources
    WHERE source_id = OLD.source_id AND rep_id = OLD.rep_id AND reached = OLD.reached AND n <= 0;
    INSERT INTO request_sources (source_id, rep_id, reached, n)
    VALUES (NEW.source_id, NEW.rep_id, NEW.reached, 1)
    ON CONFLICT (source_id, rep_id, reached) DO UPDATE SET n = n + 1;
END;

-- Revenue by source over a period reads only the won requests.
CREATE INDEX intro_requests_won ON intro_requests(created_at, source_id, rep_id, deal_value) WHERE stage = 'won';

-- Asks (history entries into `asked`) per UTC day and rep, kept by triggers; activity
-- reads whole days here and the partial days at a period's ends from the history.
CREATE TABLE request_asks_daily (
    day    TEXT NOT NULL,
    rep_id BLOB NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, rep_id)
) STRICT, WITHOUT ROWID;

INSERT INTO request_asks_daily (day, rep_id, n)
SELECT substr(h.at, 1, 10), r.rep_id, COUNT(*)
FROM request_history h JOIN intro_requests r ON r.id = h.request_id
WHERE h.to_stage = 'asked'
GROUP BY 1, 2;

CREATE TRIGGER request_history_asks_insert AFTER INSERT ON request_history
WHEN NEW.to_stage = 'asked'
BEGIN
    INSERT INTO request_asks_daily (day, rep_id, n)
    SELECT substr(NEW.at, 1, 10), rep_id, 1 FROM intro_requests WHERE id = NEW.request_id
    ON CONFLICT (day, rep_id) DO UPDATE SET n = n + 1;
END;

-- A request's history goes with it (ON DELETE CASCADE): take its asks out first.
CREATE TRIGGER intro_requests_asks_delete BEFORE DELETE ON intro_requests
BEGIN
    UPDATE request_asks_daily SET n = n - (
        SELECT COUNT(*) FROM request_history h
        WHERE h.request_id = OLD.id AND h.to_stage = 'asked' AND substr(h.at, 1, 10) = request_asks_daily.day)
    WHERE rep_id = OLD.rep_id
      AND day IN (SELECT substr(at, 1, 10) FROM request_history WHERE request_id = OLD.id AND to_stage = 'asked');
    DELETE FROM request_asks_daily WHERE rep_id = OLD.rep_id AND n <= 0;
END;

CREATE TRIGGER intro_requests_asks_rep AFTER UPDATE OF rep_id ON intro_requests
WHEN OLD.rep_id IS NOT NEW.rep_id
BEGIN
    UPDATE request_asks_daily SET n = n - (
        SELECT COUNT(*) FROM request_history h
        WHERE h.request_id = OLD.id AND h.to_stage = 'asked' AND substr(h.at, 1, 10) = request_asks_daily.day)
    WHERE rep_id = OLD.rep_id
      AND day IN (SELECT substr(at, 1, 10) FROM request_history WHERE request_id = OLD.id AND to_stage = 'asked');
    DELETE FROM request_asks_daily WHERE rep_id = OLD.rep_id AND n <= 0;
    INSERT INTO request_asks_daily (day, rep_id, n)
    SELECT substr(at, 1, 10), NEW.rep_id, COUNT(*) FROM request_history
    WHERE request_id = NEW.id AND to_stage = 'asked' GROUP BY 1
    ON CONFLICT (day, rep_id) DO UPDATE SET n = n + excluded.n;
END;

-- Open requests (not declined, won or lost) per follow-up date and rep, kept by triggers:
-- activity's overdue follow-ups read a few thousand rows instead of every open request.
CREATE TABLE request_follow_ups (
    day    TEXT NOT NULL,
    rep_id BLOB NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, rep_id)
) STRICT, WITHOUT ROWID;

INSERT INTO request_follow_ups (day, rep_id, n)
SELECT next_follow_up, rep_id, COUNT(*) FROM intro_requests
WHERE next_follow_up IS NOT NULL AND stage NOT IN ('declined', 'won', 'lost')
GROUP BY 1, 2;

CREATE TRIGGER intro_requests_follow_ups_insert AFTER INSERT ON intro_requests
WHEN NEW.next_follow_up IS NOT NULL AND NEW.stage NOT IN ('declined', 'won', 'lost')
BEGIN
    INSERT INTO request_follow_ups (day, rep_id, n) VALUES (NEW.next_follow_up, NEW.rep_id, 1)
    ON CONFLICT (day, rep_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER intro_requests_follow_ups_delete AFTER DELETE ON intro_requests
WHEN OLD.next_follow_up IS NOT NULL AND OLD.stage NOT IN ('declined', 'won', 'lost')
BEGIN
    UPDATE request_follow_ups SET n = n - 1 WHERE day = OLD.next_follow_up AND rep_id = OLD.rep_id;
    DELETE FROM request_follow_ups WHERE day = OLD.next_follow_up AND rep_id = OLD.rep_id AND n <= 0;
END;

CREATE TRIGGER intro_requests_follow_ups_update AFTER UPDATE OF next_follow_up, stage, rep_id ON intro_requests
WHEN OLD.next_follow_up IS NOT NEW.next_follow_up OR OLD.stage IS NOT NEW.stage OR OLD.rep_id IS NOT NEW.rep_id
BEGIN
    UPDATE request_follow_ups SET n = n - 1
    WHERE day = OLD.next_follow_up AND rep_id = OLD.rep_id AND OLD.stage NOT IN ('declined', 'won', 'lost');
    DELETE FROM request_follow_ups WHERE day = OLD.next_follow_up AND rep_id = OLD.rep_id AND n <= 0;
    INSERT INTO request_follow_ups (day, rep_id, n)
    SELECT NEW.next_follow_up, NEW.rep_id, 1
    WHERE NEW.next_follow_up IS NOT NULL AND NEW.stage NOT IN ('declined', 'won', 'lost')
    ON CONFLICT (day, rep_id) DO UPDATE SET n = n + 1;
END;

-- Unthanked sources per rep (activity) from one partial index.
-- 16 is the `introduced` bit of `reached` (pipeline::Stage::bit).
CREATE INDEX intro_requests_unthanked ON intro_requests(rep_id) WHERE (reached & 16) <> 0 AND thanked_on IS NULL;

-- The lead-source comparison reads opportunities from one covering index.
CREATE INDEX opportunities_metrics ON opportunities(opened_on, lead_source, outcome, value, closed_on,
    first_meeting_on, rep_id, request_id, person_id);
