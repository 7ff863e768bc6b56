-- IntroGraph schema, version 11: the Today screen at a million requests.
--
-- A rep's open follow-ups, by date: the Today screen lists the first due and overdue
-- and counts them all (store::requests::follow_ups_listed). Through the follow-up index
-- of every rep that took most of a second for one rep with 38,000 overdue among
-- 780,000; this one holds only open requests, by rep.
CREATE INDEX intro_requests_open_follow_ups ON intro_requests(rep_id, next_follow_up, created_at)
WHERE next_follow_up IS NOT NULL AND stage NOT IN ('declined', 'won', 'lost');

-- A rep's requests waiting on a source (asked or accepted), newest first: the Today
-- screen lists the first and counts them all (store::requests::waiting_listed), which
-- read each of the rep's requests (50,000 at a million: 0.1 s).
CREATE INDEX intro_requests_waiting ON intro_requests(rep_id, created_at)
WHERE stage IN ('asked', 'accepted');

-- The sample team's people (source 'sample'): the window asks how many there are on
-- every visit of the Today screen, which read every person (half a second at a million).
CREATE INDEX people_sample ON people(source) WHERE source = 'sample';
