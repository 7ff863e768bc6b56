//! The team schema on the server (schema `team`), brought up to date by ordered migrations
//! recorded in `team.schema_version`; reps as PostgreSQL logins; row-level security.
//!
//! - `team.changes`: the append-only change log. `server_seq` orders it; `(client_id,
//!   client_change_no)` is unique, so a push sent twice is stored once. `author` is the
//!   login that pushed (`current_user`, forced by the policy), `author_rep` its rep.
//!   Pushes take one advisory lock, so sequence order is commit order and a pull that has
//!   read up to `server_seq` N never misses a change numbered below N.
//! - `team.rows`: every row's current state (fields, clocks, tombstone), kept by
//!   a statement-level trigger on `team.changes` (migration 2) with the same merge rules as
//!   the desktops: rows never seen are inserted in one statement, the rest merged in log
//!   order; an empty desktop's first pull copies it out instead of replaying the whole log.
//!   Its clocks are lean (migration 3): `clock` for every field, `clocks` only the fields
//!   written later.
//! - `team.reps`: one login per rep, its rep and person ids (claimed on first join), leader
//!   or not, active or revoked, and the time of its last push ("as of").
//! - Row-level security: every rep reads every row except other reps' Referral I.Q.
//!   results (`assessments`: only their author and leaders). A rep may write shared rows
//!   (people, organisations, employments, person merges) and only their own rows of the
//!   owned tables (reps, relationships, requests with their history, opportunities,
//!   touches, goals, I.Q. results): the row's owner column must be their rep, and a row
//!   owned by another rep on the server cannot be changed.
//!   The change log is append-only for reps (INSERT and SELECT only).

use postgres::Client;
use serde::Serialize;

use crate::connect::{percent_encode, ServerUrl};
use crate::{NewRep, TeamError};

/// The team schema version this program brings a database to.
pub const SERVER_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The group role every rep's login belongs to.
pub const REP_ROLE: &str = "intrograph_rep";
/// The group role of leaders (also reps).
pub const LEADER_ROLE: &str = "intrograph_leader";

/// Every migration of the team schema, oldest first: `MIGRATIONS[i]` brings it to `i + 1`.
/// Never edit a shipped one; append.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE team.reps (
    login        text PRIMARY KEY,
    email        text NOT NULL UNIQUE,
    name         text NOT NULL,
    rep_id       uuid UNIQUE,
    person_id    uuid,
    leader       boolean NOT NULL DEFAULT false,
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_push_at timestamptz
);

CREATE TABLE team.changes (
    server_seq       bigserial PRIMARY KEY,
    client_id        uuid NOT NULL,
    client_change_no bigint NOT NULL,
    author           text NOT NULL DEFAULT current_user,
    author_rep       uuid,
    tbl              text NOT NULL,
    row_id           uuid NOT NULL,
    hlc              text NOT NULL COLLATE "C",
    op               text NOT NULL CHECK (op IN ('upsert', 'delete', 'merge')),
    owner_rep        uuid,
    fields           jsonb NOT NULL DEFAULT '{}',
    at               timestamptz NOT NULL DEFAULT now(),
    UNIQUE (client_id, client_change_no)
);
CREATE INDEX changes_row ON team.changes (tbl, row_id);

CREATE TABLE team.rows (
    tbl       text NOT NULL,
    row_id    uuid NOT NULL,
    fields    jsonb NOT NULL DEFAULT '{}',
    clocks    jsonb NOT NULL DEFAULT '{}',
    deleted   boolean NOT NULL DEFAULT false,
    owner_rep uuid,
    last_seq  bigint NOT NULL,
    PRIMARY KEY (tbl, row_id)
);

-- Tables whose rows belong to one rep, and the field naming that rep.
CREATE TABLE team.owned_tables (tbl text PRIMARY KEY, owner_field text);
INSERT INTO team.owned_tables VALUES
    ('reps', 'id'), ('relationships', 'owner_rep_id'), ('intro_requests', 'rep_id'),
    ('request_history', NULL), ('opportunities', 'rep_id'), ('touches', 'rep_id'),
    ('goals', 'rep_id'), ('assessments', 'rep_id');

CREATE FUNCTION team.my_rep() RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = team, pg_temp
AS $$ SELECT rep_id FROM team.reps WHERE login = session_user AND active $$;

CREATE FUNCTION team.is_leader() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = team, pg_temp
AS $$ SELECT coalesce((SELECT leader FROM team.reps WHERE login = session_user AND active), false) $$;

-- A blob field ({"blob": hex}) as a uuid.
CREATE FUNCTION team.field_uuid(f jsonb) RETURNS uuid LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN jsonb_typeof(f -> 'blob') = 'string' AND length(f ->> 'blob') = 32
              THEN (f ->> 'blob')::uuid END $$;

-- May the current rep write this change? Shared tables: yes. Owned tables: the change's
-- owner is the rep, its owner field (if sent) names the rep, and the row is not another
-- rep's on the server.
CREATE FUNCTION team.may_write(p_tbl text, p_row uuid, p_owner uuid, p_fields jsonb, p_op text)
RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    me uuid := team.my_rep();
    o team.owned_tables;
    current_owner uuid;
BEGIN
    IF me IS NULL THEN RETURN false; END IF;
    IF p_op = 'merge' THEN RETURN p_tbl = 'people'; END IF;
    SELECT * INTO o FROM team.owned_tables WHERE tbl = p_tbl;
    IF NOT FOUND THEN RETURN p_owner IS NULL; END IF;
    IF p_owner IS DISTINCT FROM me THEN RETURN false; END IF;
    IF o.owner_field IS NOT NULL AND p_fields ? o.owner_field
       AND team.field_uuid(p_fields -> o.owner_field) IS DISTINCT FROM me THEN
        RETURN false;
    END IF;
    SELECT owner_rep INTO current_owner FROM team.rows WHERE tbl = p_tbl AND row_id = p_row;
    IF current_owner IS NOT NULL AND current_owner <> me THEN RETURN false; END IF;
    IF p_tbl = 'request_history' AND p_fields ? 'request_id' THEN
        SELECT owner_rep INTO current_owner FROM team.rows
        WHERE tbl = 'intro_requests' AND row_id = team.field_uuid(p_fields -> 'request_id');
        IF current_owner IS NOT NULL AND current_owner <> me THEN RETURN false; END IF;
    END IF;
    RETURN true;
END $$;

CREATE FUNCTION team.stage_rank(stage text, stalled_from text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE stage WHEN 'draft' THEN 0 WHEN 'asked' THEN 1 WHEN 'accepted' THEN 2 WHEN 'declined' THEN 2
        WHEN 'introduced' THEN 3 WHEN 'meeting' THEN 4 WHEN 'opportunity' THEN 5 WHEN 'won' THEN 6
        WHEN 'lost' THEN 6 WHEN 'stalled' THEN team.stage_rank(stalled_from, NULL) ELSE -1 END $$;

-- Keeps team.rows: per field the later clock wins; a request's stage never moves back;
-- a tombstone is final; a merge deletes the absorbed person.
CREATE FUNCTION team.apply_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = team, pg_temp AS $$
DECLARE
    cur team.rows;
    k text;
    v jsonb;
    f jsonb;
    c jsonb;
    skip_stage boolean := false;
    stage_group text[] := ARRAY['stage', 'stalled_from', 'lost_reason', 'deal_value', 'closed_at'];
BEGIN
    IF NEW.op = 'merge' THEN
        INSERT INTO team.rows (tbl, row_id, deleted, last_seq) VALUES ('people', NEW.row_id, true, NEW.server_seq)
        ON CONFLICT (tbl, row_id) DO UPDATE SET deleted = true, last_seq = EXCLUDED.last_seq;
        RETURN NEW;
    END IF;
    SELECT * INTO cur FROM team.rows WHERE tbl = NEW.tbl AND row_id = NEW.row_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO team.rows (tbl, row_id, fields, clocks, deleted, owner_rep, last_seq)
        VALUES (NEW.tbl, NEW.row_id,
                CASE WHEN NEW.op = 'delete' THEN '{}'::jsonb ELSE NEW.fields END,
                CASE WHEN NEW.op = 'delete' THEN '{}'::jsonb
                     ELSE coalesce((SELECT jsonb_object_agg(key, to_jsonb(NEW.hlc)) FROM jsonb_object_keys(NEW.fields) key), '{}') END,
                NEW.op = 'delete', NEW.owner_rep, NEW.server_seq);
        RETURN NEW;
    END IF;
    IF cur.deleted THEN RETURN NEW; END IF;
    IF NEW.op = 'delete' THEN
        UPDATE team.rows SET deleted = true, last_seq = NEW.server_seq WHERE tbl = NEW.tbl AND row_id = NEW.row_id;
        RETURN NEW;
    END IF;
    IF NEW.tbl = 'intro_requests' AND NEW.fields ? 'stage' AND cur.fields ? 'stage'
       AND team.stage_rank(NEW.fields ->> 'stage', NEW.fields ->> 'stalled_from')
           < team.stage_rank(cur.fields ->> 'stage', cur.fields ->> 'stalled_from') THEN
        skip_stage := true;
    END IF;
    f := cur.fields;
    c := cur.clocks;
    FOR k, v IN SELECT * FROM jsonb_each(NEW.fields) LOOP
        CONTINUE WHEN skip_stage AND k = ANY (stage_group);
        IF NOT (c ? k) OR NEW.hlc > (c ->> k) COLLATE "C" THEN
            f := jsonb_set(f, ARRAY[k], v);
            c := jsonb_set(c, ARRAY[k], to_jsonb(NEW.hlc));
        END IF;
    END LOOP;
    UPDATE team.rows SET fields = f, clocks = c, owner_rep = coalesce(cur.owner_rep, NEW.owner_rep),
        last_seq = NEW.server_seq
    WHERE tbl = NEW.tbl AND row_id = NEW.row_id;
    RETURN NEW;
END $$;
CREATE TRIGGER changes_apply AFTER INSERT ON team.changes FOR EACH ROW EXECUTE FUNCTION team.apply_change();

-- Inside these SECURITY DEFINER functions current_user is the schema's owner: the rep
-- is session_user (a rep's login never switches roles).
-- The first join of a login records its rep and person ids; later joins get them back.
CREATE FUNCTION team.claim_rep(p_rep uuid, p_person uuid)
RETURNS TABLE (rep_id uuid, person_id uuid, leader boolean, email text, name text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
BEGIN
    UPDATE team.reps r SET rep_id = p_rep, person_id = p_person
    WHERE r.login = session_user AND r.active AND r.rep_id IS NULL;
    RETURN QUERY SELECT r.rep_id, r.person_id, r.leader, r.email, r.name FROM team.reps r
                 WHERE r.login = session_user AND r.active;
END $$;

CREATE FUNCTION team.pushed() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = team, pg_temp
AS $$ UPDATE team.reps SET last_push_at = now() WHERE login = session_user $$;

ALTER TABLE team.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.changes FORCE ROW LEVEL SECURITY;
ALTER TABLE team.rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.rows FORCE ROW LEVEL SECURITY;

CREATE POLICY changes_read ON team.changes FOR SELECT
    USING (tbl <> 'assessments' OR owner_rep = team.my_rep() OR team.is_leader());
CREATE POLICY changes_write ON team.changes FOR INSERT
    WITH CHECK (author = current_user AND author_rep IS NOT DISTINCT FROM team.my_rep()
                AND team.may_write(tbl, row_id, owner_rep, fields, op));
CREATE POLICY rows_read ON team.rows FOR SELECT
    USING (tbl <> 'assessments' OR owner_rep = team.my_rep() OR team.is_leader());
-- The trigger (run as the schema's owner) keeps team.rows.
CREATE POLICY rows_owner ON team.rows FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY changes_owner ON team.changes FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
"#,
    r#"
-- team.rows kept per statement instead of per row: a push of thousands of changes inserts
-- every row the team has never seen in one statement (a joining desktop's whole workspace),
-- and merges the rest one by one in server_seq order, by the same rules as before.
DROP TRIGGER changes_apply ON team.changes;

CREATE FUNCTION team.apply_one(ch team.changes) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = team, pg_temp AS $$
DECLARE
    cur team.rows;
    k text;
    v jsonb;
    f jsonb;
    c jsonb;
    skip_stage boolean := false;
    stage_group text[] := ARRAY['stage', 'stalled_from', 'lost_reason', 'deal_value', 'closed_at'];
BEGIN
    IF ch.op = 'merge' THEN
        INSERT INTO team.rows (tbl, row_id, deleted, last_seq) VALUES ('people', ch.row_id, true, ch.server_seq)
        ON CONFLICT (tbl, row_id) DO UPDATE SET deleted = true, last_seq = EXCLUDED.last_seq;
        RETURN;
    END IF;
    SELECT * INTO cur FROM team.rows WHERE tbl = ch.tbl AND row_id = ch.row_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO team.rows (tbl, row_id, fields, clocks, deleted, owner_rep, last_seq)
        VALUES (ch.tbl, ch.row_id,
                CASE WHEN ch.op = 'delete' THEN '{}'::jsonb ELSE ch.fields END,
                CASE WHEN ch.op = 'delete' THEN '{}'::jsonb
                     ELSE coalesce((SELECT jsonb_object_agg(key, to_jsonb(ch.hlc)) FROM jsonb_object_keys(ch.fields) key), '{}') END,
                ch.op = 'delete', ch.owner_rep, ch.server_seq);
        RETURN;
    END IF;
    IF cur.deleted THEN RETURN; END IF;
    IF ch.op = 'delete' THEN
        UPDATE team.rows SET deleted = true, last_seq = ch.server_seq WHERE tbl = ch.tbl AND row_id = ch.row_id;
        RETURN;
    END IF;
    IF ch.tbl = 'intro_requests' AND ch.fields ? 'stage' AND cur.fields ? 'stage'
       AND team.stage_rank(ch.fields ->> 'stage', ch.fields ->> 'stalled_from')
           < team.stage_rank(cur.fields ->> 'stage', cur.fields ->> 'stalled_from') THEN
        skip_stage := true;
    END IF;
    f := cur.fields;
    c := cur.clocks;
    FOR k, v IN SELECT * FROM jsonb_each(ch.fields) LOOP
        CONTINUE WHEN skip_stage AND k = ANY (stage_group);
        IF NOT (c ? k) OR ch.hlc > (c ->> k) COLLATE "C" THEN
            f := jsonb_set(f, ARRAY[k], v);
            c := jsonb_set(c, ARRAY[k], to_jsonb(ch.hlc));
        END IF;
    END LOOP;
    UPDATE team.rows SET fields = f, clocks = c, owner_rep = coalesce(cur.owner_rep, ch.owner_rep),
        last_seq = ch.server_seq
    WHERE tbl = ch.tbl AND row_id = ch.row_id;
END $$;

CREATE FUNCTION team.apply_changes() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = team, pg_temp AS $$
DECLARE
    ch team.changes;
    inserted bigint[];
BEGIN
    -- Each row the team has never seen takes its first change as it is.
    WITH firsts AS (
        SELECT DISTINCT ON (n.tbl, n.row_id) n.* FROM new_changes n
        WHERE n.op <> 'merge'
          AND NOT EXISTS (SELECT 1 FROM team.rows r WHERE r.tbl = n.tbl AND r.row_id = n.row_id)
        ORDER BY n.tbl, n.row_id, n.server_seq
    ), ins AS (
        INSERT INTO team.rows (tbl, row_id, fields, clocks, deleted, owner_rep, last_seq)
        SELECT tbl, row_id,
               CASE WHEN op = 'delete' THEN '{}'::jsonb ELSE fields END,
               CASE WHEN op = 'delete' THEN '{}'::jsonb
                    ELSE coalesce((SELECT jsonb_object_agg(key, to_jsonb(hlc)) FROM jsonb_object_keys(fields) key), '{}') END,
               op = 'delete', owner_rep, server_seq
        FROM firsts
        ON CONFLICT (tbl, row_id) DO NOTHING
        RETURNING last_seq
    )
    SELECT coalesce(array_agg(last_seq), '{}') INTO inserted FROM ins;
    -- The rest in log order.
    FOR ch IN SELECT * FROM new_changes n WHERE NOT (n.server_seq = ANY (inserted)) ORDER BY n.server_seq LOOP
        PERFORM team.apply_one(ch);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER changes_apply AFTER INSERT ON team.changes REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION team.apply_changes();
DROP FUNCTION team.apply_change();
"#,
    r#"
-- A row's clocks kept lean: `clock` is the clock of every field not listed in `clocks`, so
-- a row written in one change lists no clock at all (the clocks were two thirds of the
-- bytes of a relationship's row, copied out by every first pull). `clock` = '' (rows of
-- earlier versions that are not converted below, tombstones) means every field is listed.
ALTER TABLE team.rows ADD COLUMN clock text COLLATE "C" NOT NULL DEFAULT '';

-- Rows whose fields all carry one clock take the lean form; the others keep theirs.
UPDATE team.rows r SET clock = one.c, clocks = '{}'
FROM (SELECT r2.tbl, r2.row_id, min(e.value) AS c
      FROM team.rows r2, jsonb_each_text(r2.clocks) e
      GROUP BY r2.tbl, r2.row_id
      HAVING count(DISTINCT e.value) = 1) one
WHERE r.tbl = one.tbl AND r.row_id = one.row_id;

CREATE OR REPLACE FUNCTION team.apply_one(ch team.changes) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = team, pg_temp AS $$
DECLARE
    cur team.rows;
    k text;
    v jsonb;
    f jsonb;
    c jsonb;
    was text;
    skip_stage boolean := false;
    stage_group text[] := ARRAY['stage', 'stalled_from', 'lost_reason', 'deal_value', 'closed_at'];
BEGIN
    IF ch.op = 'merge' THEN
        INSERT INTO team.rows (tbl, row_id, deleted, last_seq) VALUES ('people', ch.row_id, true, ch.server_seq)
        ON CONFLICT (tbl, row_id) DO UPDATE SET deleted = true, last_seq = EXCLUDED.last_seq;
        RETURN;
    END IF;
    SELECT * INTO cur FROM team.rows WHERE tbl = ch.tbl AND row_id = ch.row_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO team.rows (tbl, row_id, fields, clock, deleted, owner_rep, last_seq)
        VALUES (ch.tbl, ch.row_id,
                CASE WHEN ch.op = 'delete' THEN '{}'::jsonb ELSE ch.fields END,
                CASE WHEN ch.op = 'delete' THEN '' ELSE ch.hlc END,
                ch.op = 'delete', ch.owner_rep, ch.server_seq);
        RETURN;
    END IF;
    IF cur.deleted THEN RETURN; END IF;
    IF ch.op = 'delete' THEN
        UPDATE team.rows SET deleted = true, last_seq = ch.server_seq WHERE tbl = ch.tbl AND row_id = ch.row_id;
        RETURN;
    END IF;
    IF ch.tbl = 'intro_requests' AND ch.fields ? 'stage' AND cur.fields ? 'stage'
       AND team.stage_rank(ch.fields ->> 'stage', ch.fields ->> 'stalled_from')
           < team.stage_rank(cur.fields ->> 'stage', cur.fields ->> 'stalled_from') THEN
        skip_stage := true;
    END IF;
    f := cur.fields;
    c := cur.clocks;
    FOR k, v IN SELECT * FROM jsonb_each(ch.fields) LOOP
        CONTINUE WHEN skip_stage AND k = ANY (stage_group);
        -- The field's clock: listed, or the row's (for a field the row has).
        was := coalesce(c ->> k, CASE WHEN f ? k AND cur.clock <> '' THEN cur.clock END);
        IF was IS NULL OR ch.hlc > was COLLATE "C" THEN
            f := jsonb_set(f, ARRAY[k], v);
            IF cur.clock <> '' AND ch.hlc = cur.clock THEN
                c := c - k;
            ELSE
                c := jsonb_set(c, ARRAY[k], to_jsonb(ch.hlc));
            END IF;
        END IF;
    END LOOP;
    UPDATE team.rows SET fields = f, clocks = c, owner_rep = coalesce(cur.owner_rep, ch.owner_rep),
        last_seq = ch.server_seq
    WHERE tbl = ch.tbl AND row_id = ch.row_id;
END $$;

CREATE OR REPLACE FUNCTION team.apply_changes() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = team, pg_temp AS $$
DECLARE
    ch team.changes;
    inserted bigint[];
BEGIN
    -- Each row the team has never seen takes its first change as it is, every field at the
    -- change's clock.
    WITH firsts AS (
        SELECT DISTINCT ON (n.tbl, n.row_id) n.* FROM new_changes n
        WHERE n.op <> 'merge'
          AND NOT EXISTS (SELECT 1 FROM team.rows r WHERE r.tbl = n.tbl AND r.row_id = n.row_id)
        ORDER BY n.tbl, n.row_id, n.server_seq
    ), ins AS (
        INSERT INTO team.rows (tbl, row_id, fields, clock, deleted, owner_rep, last_seq)
        SELECT tbl, row_id,
               CASE WHEN op = 'delete' THEN '{}'::jsonb ELSE fields END,
               CASE WHEN op = 'delete' THEN '' ELSE hlc END,
               op = 'delete', owner_rep, server_seq
        FROM firsts
        ON CONFLICT (tbl, row_id) DO NOTHING
        RETURNING last_seq
    )
    SELECT coalesce(array_agg(last_seq), '{}') INTO inserted FROM ins;
    -- The rest in log order.
    FOR ch IN SELECT * FROM new_changes n WHERE NOT (n.server_seq = ANY (inserted)) ORDER BY n.server_seq LOOP
        PERFORM team.apply_one(ch);
    END LOOP;
    RETURN NULL;
END $$;
"#,
    r#"
-- What each change replaced: per field, the clock of the value its writer's desktop had
-- agreed when the edit was made ('' for none). The server's merge does not read it; a
-- desktop whose own earlier write a change overwrites lists a conflict only when the
-- change's writer had not seen that write. NULL: sent by a desktop of an earlier version.
ALTER TABLE team.changes ADD COLUMN bases jsonb;
"#,
    r#"
-- Snapshots a new, empty desktop starts from instead of pulling the team's rows one by one:
-- a whole workspace file, made by `intrograph team snapshot` (the admin) from a first pull
-- of every row all reps may read, up to the change `mark`; the desktop then pulls the
-- tables it does not hold (`tables` are the ones it holds, in the program's order) and the
-- changes made since `mark`. Stored in parts; `complete` once every part is in. Only the
-- admin writes them; every rep reads them.
CREATE TABLE team.snapshots (
    id          bigserial PRIMARY KEY,
    mark        bigint NOT NULL,
    tables      text[] NOT NULL,
    file_schema bigint NOT NULL,
    bytes       bigint NOT NULL,
    parts       integer NOT NULL,
    sha256      text NOT NULL,
    made_at     timestamptz NOT NULL DEFAULT now(),
    made_by     text NOT NULL DEFAULT current_user,
    complete    boolean NOT NULL DEFAULT false
);
CREATE TABLE team.snapshot_parts (
    snapshot_id bigint NOT NULL REFERENCES team.snapshots ON DELETE CASCADE,
    n           integer NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (snapshot_id, n)
);
-- The file's pages do not compress: stored as they are, read without decompressing.
ALTER TABLE team.snapshot_parts ALTER COLUMN data SET STORAGE EXTERNAL;
GRANT SELECT ON team.snapshots, team.snapshot_parts TO intrograph_rep;
"#,
];

/// The first team schema version with snapshots for new desktops (`team.snapshots`).
pub const SNAPSHOTS_VERSION: i64 = 5;

/// What `init` did.
#[derive(Clone, Debug, Serialize)]
pub struct InitReport {
    pub from_version: i64,
    pub to_version: i64,
}

fn sql_err(url: &ServerUrl) -> impl Fn(postgres::Error) -> TeamError + '_ {
    move |e| url.classify(e)
}

/// The team schema version of the connected database (0: none).
pub fn schema_version(client: &mut Client) -> Result<i64, postgres::Error> {
    let exists: bool = client.query_one("SELECT to_regclass('team.schema_version') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client.query_one("SELECT coalesce(max(version), 0)::bigint FROM team.schema_version", &[])?.get(0))
}

/// The first team schema version whose changes say what they replaced (`team.changes.bases`).
pub const BASES_VERSION: i64 = 4;

/// Refuses a database whose team schema is missing or newer than this program; returns its
/// version.
pub fn check_version(client: &mut Client, url: &ServerUrl) -> Result<i64, TeamError> {
    let v = schema_version(client).map_err(sql_err(url))?;
    if v == 0 {
        return Err(TeamError::NotInitialised);
    }
    if v > SERVER_SCHEMA_VERSION {
        return Err(TeamError::SchemaTooNew { server: v, program: SERVER_SCHEMA_VERSION });
    }
    Ok(v)
}

/// Brings the team schema to `to` (at most [`SERVER_SCHEMA_VERSION`]).
pub fn init(admin_url: &str, to: i64) -> Result<InitReport, TeamError> {
    let url = ServerUrl::parse(admin_url)?;
    let mut client = url.connect()?;
    let err = sql_err(&url);
    let mut tx = client.transaction().map_err(&err)?;
    // One init at a time.
    tx.execute("SELECT pg_advisory_xact_lock(1717)", &[]).map_err(&err)?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS team;
         CREATE TABLE IF NOT EXISTS team.schema_version (version bigint NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
         DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REP_ROLE}') THEN CREATE ROLE {REP_ROLE} NOLOGIN; END IF;
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{LEADER_ROLE}') THEN CREATE ROLE {LEADER_ROLE} NOLOGIN IN ROLE {REP_ROLE}; END IF;
         END $$;"
    ))
    .map_err(&err)?;
    let from: i64 = tx
        .query_one("SELECT coalesce(max(version), 0)::bigint FROM team.schema_version", &[])
        .map_err(&err)?
        .get(0);
    if from > SERVER_SCHEMA_VERSION {
        return Err(TeamError::SchemaTooNew { server: from, program: SERVER_SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().take(to as usize).skip(from as usize) {
        tx.batch_execute(sql).map_err(&err)?;
        tx.execute("INSERT INTO team.schema_version (version) VALUES ($1)", &[&(i as i64 + 1)])
            .map_err(&err)?;
    }
    let db: String = tx.query_one("SELECT current_database()", &[]).map_err(&err)?.get(0);
    tx.batch_execute(&format!(
        "REVOKE ALL ON SCHEMA team FROM PUBLIC;
         GRANT CONNECT ON DATABASE {db} TO {REP_ROLE};
         GRANT USAGE ON SCHEMA team TO {REP_ROLE};
         GRANT SELECT ON team.changes, team.rows, team.schema_version TO {REP_ROLE};
         GRANT SELECT (login, email, name, rep_id, person_id, leader, active, last_push_at) ON team.reps TO {REP_ROLE};
         GRANT INSERT ON team.changes TO {REP_ROLE};
         GRANT USAGE ON SEQUENCE team.changes_server_seq_seq TO {REP_ROLE};
         GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA team TO {REP_ROLE};",
        db = quote_ident(&db)
    ))
    .map_err(&err)?;
    tx.commit().map_err(&err)?;
    Ok(InitReport { from_version: from, to_version: from.max(to) })
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A login name from an email: `ig_` and its letters and digits.
fn login_for(email: &str) -> String {
    let mut s: String =
        email.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    s.truncate(50);
    format!("ig_{s}")
}

/// 256 random bits as hex (two v4 UUIDs from the operating system's generator).
fn generate_password() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

fn valid_email(email: &str) -> bool {
    let e = email.trim();
    matches!(e.split_once('@'), Some((a, b)) if !a.is_empty() && b.contains('.') && !b.starts_with('.') && !b.ends_with('.'))
        && !e.contains(char::is_whitespace)
}

pub fn add_rep(admin_url: &str, name: &str, email: &str, leader: bool) -> Result<NewRep, TeamError> {
    let name = name.trim();
    let email = email.trim().to_lowercase();
    if name.is_empty() {
        return Err(TeamError::Url("the rep's name is empty".into()));
    }
    if !valid_email(&email) {
        return Err(TeamError::Url(format!("{email:?} is not an email address")));
    }
    let url = ServerUrl::parse(admin_url)?;
    let mut client = url.connect()?;
    check_version(&mut client, &url)?;
    let err = sql_err(&url);
    let login = login_for(&email);
    let password = generate_password();
    let mut tx = client.transaction().map_err(&err)?;
    let existing = tx
        .query_opt("SELECT active FROM team.reps WHERE email = $1", &[&email])
        .map_err(&err)?
        .map(|r| r.get::<_, bool>(0));
    if existing == Some(true) {
        return Err(TeamError::Conflict(format!(
            "{email} is already a rep of this team; remove them first with `intrograph team remove-rep` to issue a new password"
        )));
    }
    let role_exists: bool = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", &[&login])
        .map_err(&err)?
        .get(0);
    let ident = quote_ident(&login);
    if role_exists {
        tx.batch_execute(&format!("ALTER ROLE {ident} LOGIN PASSWORD '{password}'")).map_err(&err)?;
    } else {
        tx.batch_execute(&format!("CREATE ROLE {ident} LOGIN PASSWORD '{password}'")).map_err(&err)?;
    }
    tx.batch_execute(&format!("GRANT {REP_ROLE} TO {ident}")).map_err(&err)?;
    if leader {
        tx.batch_execute(&format!("GRANT {LEADER_ROLE} TO {ident}")).map_err(&err)?;
    } else {
        tx.batch_execute(&format!("REVOKE {LEADER_ROLE} FROM {ident}")).map_err(&err)?;
    }
    tx.execute(
        "INSERT INTO team.reps (login, email, name, leader, active) VALUES ($1, $2, $3, $4, true)
         ON CONFLICT (login) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, leader = EXCLUDED.leader, active = true",
        &[&login, &email, &name, &leader],
    )
    .map_err(&err)?;
    tx.commit().map_err(&err)?;
    Ok(NewRep { url: rep_url(&url, &login, &password), email, login, password, leader })
}

/// The URL a rep joins with: the admin URL's server, database and TLS options, with the
/// rep's login and password.
fn rep_url(admin: &ServerUrl, login: &str, password: &str) -> String {
    let raw = &admin.raw;
    let (scheme, rest) = raw.split_once("://").unwrap_or(("postgresql", raw));
    let host_and_rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{}:{}@{host_and_rest}", percent_encode(login), percent_encode(password))
}

pub fn remove_rep(admin_url: &str, email: &str) -> Result<(), TeamError> {
    let email = email.trim().to_lowercase();
    let url = ServerUrl::parse(admin_url)?;
    let mut client = url.connect()?;
    check_version(&mut client, &url)?;
    let err = sql_err(&url);
    let mut tx = client.transaction().map_err(&err)?;
    let login: Option<String> = tx
        .query_opt("UPDATE team.reps SET active = false WHERE email = $1 RETURNING login", &[&email])
        .map_err(&err)?
        .map(|r| r.get(0));
    let Some(login) = login else {
        return Err(TeamError::Conflict(format!("{email} is not a rep of this team")));
    };
    tx.batch_execute(&format!("ALTER ROLE {} NOLOGIN", quote_ident(&login))).map_err(&err)?;
    tx.commit().map_err(&err)?;
    client
        .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", &[&login])
        .map_err(&err)?;
    Ok(())
}
