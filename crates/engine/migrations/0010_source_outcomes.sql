-- IntroGraph schema, version 10: a referral source's outcomes from the index alone.
-- A path search counts the track record of every tie of the rep
-- (pipeline::track_record::factors_of, store::requests::source_outcomes): by source, the
-- reached stages and the current stage of each of its requests. With the stage and the
-- reached mask in the index beside the source, each source is one index range, never a
-- look-up of each request's row (a rep with thousands of ties, at a million requests,
-- took most of a second). The index leads with the source, so it also serves every
-- query the plain source index served.

CREATE INDEX intro_requests_source_outcomes ON intro_requests(source_id, reached, stage);
DROP INDEX intro_requests_source;
