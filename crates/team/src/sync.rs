//! Join, sync (push, then pull), leave and status.
//!
//! Invariants:
//! - no network I/O inside a SQLite write transaction: local changes are staged (numbered)
//!   in one local transaction, sent in one server transaction, and confirmed in another
//!   local one; a push cut off anywhere is sent again with the same numbers, and the
//!   server stores each `(client_id, change_no)` once;
//! - a pull applies each batch together with its `server_seq` mark in one SQLite
//!   transaction: cut off anywhere, the batch is pulled again, never applied twice;
//! - an empty desktop's first pull commits in parts, each with its resume mark (the
//!   setting `team_first_pull`); cut off anywhere, it goes on after the last committed row,
//!   then pulls the log from its earliest snapshot's mark;
//! - a failure leaves the local data as it was, and is recorded for `status`.

use std::io::{BufRead, BufReader};

use chrono::{DateTime, Utc};
use intrograph_engine::model::RepId;
use intrograph_engine::store::{people, reps, settings, sync as local, Store};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::connect::ServerUrl;
use crate::server::{check_version, BASES_VERSION};
use crate::{Conflict, Secrets, SyncReport, TeamError, TeamStatus};

/// Changes sent per server transaction.
const PUSH_BATCH: usize = 2000;
/// Rows staged per local transaction.
const STAGE_BATCH: usize = 5000;
/// Changes pulled per local transaction.
const PULL_BATCH: i64 = 5000;

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

fn secret_key(login: &str, server: &str) -> String {
    format!("{login}@{server}")
}

/// The rep's row on the server.
struct ServerRep {
    rep_id: Option<Uuid>,
    person_id: Option<Uuid>,
    leader: bool,
    email: String,
    name: String,
}

fn server_rep(client: &mut postgres::Client, url: &ServerUrl) -> Result<ServerRep, TeamError> {
    let row = client
        .query_opt(
            "SELECT rep_id, person_id, leader, email, name FROM team.reps WHERE login = current_user AND active",
            &[],
        )
        .map_err(|e| url.classify(e))?
        .ok_or_else(|| TeamError::Revoked { login: url.login().unwrap_or_default().to_string() })?;
    Ok(ServerRep {
        rep_id: row.get(0),
        person_id: row.get(1),
        leader: row.get(2),
        email: row.get(3),
        name: row.get(4),
    })
}

pub fn join(store: &mut Store, url_text: &str, secrets: &dyn Secrets) -> Result<SyncReport, TeamError> {
    let url = ServerUrl::parse(url_text)?;
    let login = url.login().ok_or_else(|| TeamError::Url("the URL names no login".into()))?.to_string();
    let password = url.password().ok_or_else(|| TeamError::Url("the URL has no password".into()))?;
    let st = local::state(store.conn())?;
    if st.capture != 0 {
        return Err(TeamError::Conflict(format!(
            "this workspace is already in the team at {}; leave it first with `intrograph team leave`",
            st.server.unwrap_or_default()
        )));
    }
    let mut client = url.connect()?;
    let version = check_version(&mut client, &url)?;
    let rep = server_rep(&mut client, &url)?;
    // A blank workspace (a new rep's, or a rep's new laptop) starts from the team's snapshot,
    // when there is one: the rest of the first pull (the tables it does not hold, the changes
    // since) follows.
    crate::snapshot::forget_last_start();
    crate::snapshot::start_from(store, &mut client, &url, version)?;
    // A workspace holding a snapshot's content (just taken, or taken by a join cut off
    // before it was done): its rows are the team's, and its first pull goes on from the
    // snapshot's position.
    let started = crate::snapshot::taken(store)?;
    // This desktop's rep ("me"): the local rep whose person has the login's email, else the
    // current rep, else a new one made from the name and email the admin gave. (A snapshot's
    // content has no current rep of this desktop: its reps are colleagues.)
    let conn = store.conn();
    let by_email = people::find_all_by_email(conn, &rep.email)?
        .into_iter()
        .find_map(|p| reps::for_person(conn, p).ok().flatten());
    let local_me = match by_email {
        Some(r) if !started => Some(r),
        // In a snapshot's content, only the login's own rep (the team's, or one this desktop
        // made in a join cut off before it was done): the others are colleagues.
        Some(r) if rep.rep_id == Some(r.id.0) || !local::has_base(conn, "reps", r.id.0)? => Some(r),
        Some(_) => None,
        None if !started => reps::current_rep(conn).ok(),
        None => None,
    };
    let (rep_id, person_id) = match (rep.rep_id, &local_me) {
        (Some(server_rep), Some(me)) if me.id.0 != server_rep => {
            // The rep's second desktop: its own rep (and person) take the team's ids first.
            second_desktop(store, &rep, me, server_rep)?
        }
        (Some(server_rep), _) => (server_rep, rep.person_id.unwrap_or_else(Uuid::now_v7)),
        (None, Some(me)) => (me.id.0, me.person_id.0),
        (None, None) => {
            let (name, email) = (rep.name.clone(), rep.email.clone());
            let made = store.write(|tx| {
                let input =
                    people::PersonInput { full_name: name, emails: vec![email], ..Default::default() };
                reps::add_new(tx, &input)
            })?;
            (made.id.0, made.person_id.0)
        }
    };
    let claimed = client
        .query_one("SELECT rep_id, person_id FROM team.claim_rep($1, $2)", &[&rep_id, &person_id])
        .map_err(|e| url.classify(e))?;
    let rep_id: Uuid = claimed.get(0);
    drop(client);
    let key = secret_key(&login, &url.server());
    secrets.set(&key, &password)?;
    let server = url.redacted_without_password();
    store.write(|tx| {
        local::set_joined(tx, &server, &login, &key, rep_id, rep.leader)?;
        if started {
            // The snapshot's rows are the team's already (their first pull goes on from the
            // snapshot's mark); this desktop's rep and person go up (unchanged ones send
            // nothing).
            settings::remove(tx, crate::snapshot::TAKEN_KEY)?;
            // A rep's new desktop: their ties are this desktop's rep's.
            local::adopt_own_ties(tx, rep_id)?;
            return local::enqueue(tx, &[("people", person_id), ("reps", rep_id)]);
        }
        // A first pull cut off in another team's workspace does not go on here.
        settings::remove(tx, FIRST_PULL_KEY)?;
        local::enqueue_all(tx)
    })?;
    let report = sync(store, secrets)?;
    if reps::get(store.conn(), RepId(rep_id)).is_ok() {
        store.write(|tx| settings::set(tx, settings::CURRENT_REP, &RepId(rep_id)))?;
    }
    Ok(report)
}

/// Normalised for comparing: lower case, letters and digits, one space between words.
fn name_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A workspace whose rep the team knows under another id (the login was claimed from the
/// rep's first desktop): if it is the same person (an email of theirs, or the same name),
/// its rep and the rep's person take the team's ids, in one local transaction, before
/// anything is pushed. A different person's workspace is refused and left as it was.
fn second_desktop(
    store: &mut Store,
    rep: &ServerRep,
    me: &intrograph_engine::model::Rep,
    server_rep: Uuid,
) -> Result<(Uuid, Uuid), TeamError> {
    let person = people::get(store.conn(), me.person_id)?;
    let same_email = person.emails.iter().any(|e| e.trim().eq_ignore_ascii_case(rep.email.trim()));
    let same_name = name_key(&person.full_name) == name_key(&rep.name);
    if !same_email && !same_name {
        let emails = if person.emails.is_empty() { "no email".to_string() } else { person.emails.join(", ") };
        return Err(TeamError::Conflict(format!(
            "this team login belongs to {} <{}>, but this workspace's rep is {} ({emails}): \
             a different person's workspace, so nothing was changed; join from your own workspace or a new, empty one",
            rep.name, rep.email, person.full_name
        )));
    }
    let team_person = rep.person_id.unwrap_or(me.person_id.0);
    store.write(|tx| {
        intrograph_engine::store::rekey::rekey_rep(
            tx,
            me.id,
            RepId(server_rep),
            Some(intrograph_engine::model::PersonId(team_person)),
        )
    })?;
    Ok((server_rep, team_person))
}

pub fn sync(store: &mut Store, secrets: &dyn Secrets) -> Result<SyncReport, TeamError> {
    let result = sync_inner(store, secrets);
    if let Err(e) = &result {
        if !matches!(e, TeamError::NotJoined | TeamError::Local(_)) {
            let text = e.to_string();
            let _ = store.write(|tx| local::record_error(tx, &text));
        }
    }
    result
}

fn connect_joined(store: &Store, secrets: &dyn Secrets) -> Result<(ServerUrl, local::State), TeamError> {
    let st = local::state(store.conn())?;
    if st.capture == 0 {
        return Err(TeamError::NotJoined);
    }
    let server = st.server.clone().ok_or(TeamError::NotJoined)?;
    let login = st.login.clone().ok_or(TeamError::NotJoined)?;
    let key = st.secret_key.clone().ok_or(TeamError::NotJoined)?;
    let password = secrets.get(&key)?.ok_or_else(|| {
        TeamError::Secrets(format!(
            "no password for {login} in the desktop's secret store; join the team again with the URL your admin gave"
        ))
    })?;
    let mut url = ServerUrl::parse(&server)?;
    url.set_login(&login);
    url.set_password(&password);
    Ok((url, st))
}

/// Where a sync's time went (the last one this process ran), for the benchmark.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SyncTiming {
    /// Signing in: the connection, the schema version, the rep, the older-file check.
    pub connect_secs: f64,
    /// Local: the outbox staged into numbered changes (rows read, compared with their base).
    pub stage_secs: f64,
    /// The server: the staged changes inserted and merged into its rows, and committed.
    pub send_secs: f64,
    /// Local: the sent changes confirmed (their base values kept).
    pub confirm_secs: f64,
    /// The pull of the team's changes (read and applied).
    pub pull_secs: f64,
    /// The reps' "as of" times read and the sync recorded.
    pub finish_secs: f64,
}

static LAST_SYNC: std::sync::Mutex<Option<SyncTiming>> = std::sync::Mutex::new(None);

/// Where the last sync of this process spent its time.
pub fn last_sync_timing() -> Option<SyncTiming> {
    *LAST_SYNC.lock().unwrap_or_else(|e| e.into_inner())
}

fn since(t: &mut std::time::Instant) -> f64 {
    let s = t.elapsed().as_secs_f64();
    *t = std::time::Instant::now();
    s
}

fn sync_inner(store: &mut Store, secrets: &dyn Secrets) -> Result<SyncReport, TeamError> {
    let mut timing = SyncTiming::default();
    let mut t = std::time::Instant::now();
    let (url, mut st) = connect_joined(store, secrets)?;
    let mut client = url.connect()?;
    let version = check_version(&mut client, &url)?;
    let rep = server_rep(&mut client, &url)?;
    let older_file = is_older_file(&mut client, &url, &st)?;
    if older_file {
        store.write(|tx| {
            local::start_over(tx)?;
            // A first pull the older file had under way is no longer its to resume.
            settings::remove(tx, FIRST_PULL_KEY)
        })?;
        st = local::state(store.conn())?;
    }
    timing.connect_secs = since(&mut t);
    let to = Server { client_id: st.client_id, rep: rep.rep_id, version };
    let mut pushed = push(store, &mut client, &url, &to, &mut timing)?;
    t = std::time::Instant::now();
    let (pulled, conflicts) = pull(store, &mut client, &url, &to)?;
    timing.pull_secs = since(&mut t);
    if older_file {
        // What the team never had, found by the full pull, goes up now.
        pushed += push(store, &mut client, &url, &to, &mut timing)?;
        t = std::time::Instant::now();
    }
    let as_of: Vec<(Uuid, DateTime<Utc>)> = client
        .query("SELECT rep_id, last_push_at FROM team.reps WHERE rep_id IS NOT NULL AND last_push_at IS NOT NULL", &[])
        .map_err(|e| url.classify(e))?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let at = Utc::now();
    let as_of_json = serde_json::to_string(&as_of).unwrap_or_else(|_| "[]".into());
    store.write(|tx| {
        let leader_changed = rep.leader;
        tx.execute("UPDATE sync_state SET leader = ?1 WHERE id = 1", [leader_changed])
            .map_err(intrograph_engine::Error::from)?;
        // The team login's rep becomes this desktop's current rep once its row is here, when
        // none is chosen (or the chosen one is gone): a join whose pull was cut off before the
        // rep's row arrived could not choose it; the sync that completes the pull does.
        if let Some(team_rep) = st.rep_id.map(RepId) {
            let chosen = settings::get::<RepId>(tx, settings::CURRENT_REP)?;
            let chosen_here = chosen.is_some_and(|c| reps::get(tx, c).is_ok());
            if !chosen_here && reps::get(tx, team_rep).is_ok() {
                settings::set(tx, settings::CURRENT_REP, &team_rep)?;
            }
        }
        local::record_sync(tx, &at.to_rfc3339(), &as_of_json)
    })?;
    timing.finish_secs = since(&mut t);
    *LAST_SYNC.lock().unwrap_or_else(|e| e.into_inner()) = Some(timing);
    Ok(SyncReport { pushed, pulled, conflicts, at })
}

/// Whether the server already has changes from this workspace's client id numbered past
/// the ones this file has made: the file is older than itself (a restored backup, another
/// copy put in its place). Its marks then start over ([`local::start_over`]).
fn is_older_file(
    client: &mut postgres::Client,
    url: &ServerUrl,
    st: &local::State,
) -> Result<bool, TeamError> {
    let sent: Option<i64> = client
        .query_one("SELECT max(client_change_no) FROM team.changes WHERE client_id = $1", &[&st.client_id])
        .map_err(|e| url.classify(e))?
        .get(0);
    Ok(sent.is_some_and(|n| n >= st.next_change_no))
}

/// Who this desktop is to the server, and the server's team schema version.
struct Server {
    client_id: Uuid,
    rep: Option<Uuid>,
    version: i64,
}

/// Stages the outbox and sends every staged change; returns how many were sent.
fn push(
    store: &mut Store,
    client: &mut postgres::Client,
    url: &ServerUrl,
    to: &Server,
    timing: &mut SyncTiming,
) -> Result<u64, TeamError> {
    let err = |e| url.classify(e);
    let mut sent = 0u64;
    let mut t = std::time::Instant::now();
    loop {
        // Staged changes left by an earlier, cut-off push go first, with their numbers.
        let batch = local::pending(store.conn(), PUSH_BATCH)?;
        if batch.is_empty() {
            let staged = store.write(|tx| {
                local::ensure_capture(tx)?;
                local::stage(tx, now_ms(), STAGE_BATCH)
            })?;
            let waiting = local::waiting(store.conn())?;
            timing.stage_secs += since(&mut t);
            if staged == 0 && waiting == 0 {
                return Ok(sent);
            }
            continue;
        }
        timing.stage_secs += since(&mut t);
        let nos: Vec<i64> = batch.iter().map(|p| p.change_no).collect();
        let tbls: Vec<&str> = batch.iter().map(|p| p.table.as_str()).collect();
        let ids: Vec<Uuid> = batch.iter().map(|p| p.row_id).collect();
        let hlcs: Vec<&str> = batch.iter().map(|p| p.hlc.as_str()).collect();
        let ops: Vec<&str> = batch.iter().map(|p| p.op.as_str()).collect();
        let owners: Vec<Option<Uuid>> = batch.iter().map(|p| p.owner_rep).collect();
        let fields: Vec<Json> = batch.iter().map(|p| Json::Object(p.fields.clone())).collect();
        let bases: Vec<Option<Json>> = batch.iter().map(|p| p.bases.clone().map(Json::Object)).collect();
        let mut tx = client.transaction().map_err(err)?;
        // Sequence order is commit order (see server.rs).
        tx.execute("SELECT pg_advisory_xact_lock(1718)", &[]).map_err(err)?;
        if to.version >= BASES_VERSION {
            tx.execute(
                "INSERT INTO team.changes (client_id, client_change_no, author_rep, tbl, row_id, hlc, op, owner_rep, fields, bases)
                 SELECT $1, n, $2, t, r, h, o, w, f, b
                 FROM unnest($3::bigint[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::jsonb[], $10::jsonb[])
                      AS u(n, t, r, h, o, w, f, b)
                 ORDER BY n
                 ON CONFLICT (client_id, client_change_no) DO NOTHING",
                &[&to.client_id, &to.rep, &nos, &tbls, &ids, &hlcs, &ops, &owners, &fields, &bases],
            )
        } else {
            // A server of an earlier version: the changes without what they replaced.
            tx.execute(
                "INSERT INTO team.changes (client_id, client_change_no, author_rep, tbl, row_id, hlc, op, owner_rep, fields)
                 SELECT $1, n, $2, t, r, h, o, w, f
                 FROM unnest($3::bigint[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::jsonb[]) AS u(n, t, r, h, o, w, f)
                 ORDER BY n
                 ON CONFLICT (client_id, client_change_no) DO NOTHING",
                &[&to.client_id, &to.rep, &nos, &tbls, &ids, &hlcs, &ops, &owners, &fields],
            )
        }
        .map_err(|e| refused_or(e, url))?;
        tx.execute("SELECT team.pushed()", &[]).map_err(err)?;
        tx.commit().map_err(err)?;
        timing.send_secs += since(&mut t);
        let last = *nos.last().unwrap_or(&0);
        store.write(|tx| local::confirm(tx, last))?;
        timing.confirm_secs += since(&mut t);
        sent += batch.len() as u64;
    }
}

/// A change the server's rules refuse is named as such.
fn refused_or(e: postgres::Error, url: &ServerUrl) -> TeamError {
    if e.as_db_error().is_some_and(|d| d.code().code() == "42501") {
        return TeamError::Server(format!(
            "the team server refused a change this rep may not make (row-level security): {}",
            e.as_db_error().map(|d| d.message()).unwrap_or_default()
        ));
    }
    url.classify(e)
}

/// Pulls the team's changes; returns (rows applied, conflicts).
fn pull(
    store: &mut Store,
    client: &mut postgres::Client,
    url: &ServerUrl,
    from: &Server,
) -> Result<(u64, u64), TeamError> {
    let (mut pulled, mut conflicts) = (0, 0);
    if local::state(store.conn())?.last_seq == 0 {
        // Then the changes made since its snapshot (or since the earliest snapshot of a
        // first pull that was cut off and went on).
        (pulled, conflicts) = first_pull(store, client, url, local::SHARED.len())?;
    } else if local::load_aside(store.conn())? {
        // Indexes a first pull set aside and did not build again (it was cut off, and
        // the workspace has not been opened since): built now.
        let at = Utc::now().to_rfc3339();
        conflicts += store.write(|tx| local::restore_after_load(tx, &at))?;
    }
    let st = local::state(store.conn())?;
    let err = |e| url.classify(e);
    let mut last = st.last_seq;
    loop {
        // (A server of an earlier version has no `bases`: none is read.) A change's author
        // goes by the rep's name (a conflict says whose value it was), else by the login.
        let bases = if from.version >= BASES_VERSION { "c.bases" } else { "NULL::jsonb" };
        let rows = client
            .query(
                &format!(
                    "SELECT c.server_seq, c.client_id, coalesce(nullif(r.name, ''), c.author), c.tbl, c.row_id,
                            c.hlc, c.op, c.fields, {bases}
                     FROM team.changes c LEFT JOIN team.reps r ON r.login = c.author
                     WHERE c.server_seq > $1 ORDER BY c.server_seq LIMIT $2"
                ),
                &[&last, &PULL_BATCH],
            )
            .map_err(err)?;
        if rows.is_empty() {
            return Ok((pulled, conflicts));
        }
        let mut batch = Vec::with_capacity(rows.len());
        for r in &rows {
            last = r.get(0);
            if r.get::<_, Uuid>(1) == from.client_id {
                continue; // our own change: already here
            }
            let fields: Json = r.get(7);
            let fields = match fields {
                Json::Object(m) => m,
                _ => Map::new(),
            };
            batch.push(local::Incoming {
                table: r.get::<_, String>(3).into(),
                row_id: r.get(4),
                op: r.get::<_, String>(6).into(),
                fields,
                // Every field of a change at the change's clock.
                clock: r.get(5),
                clocks: Map::new(),
                author: r.get::<_, String>(2).into(),
                bases: match r.get::<_, Option<Json>>(8) {
                    Some(Json::Object(b)) => Some(b),
                    _ => None,
                },
            });
        }
        let at = Utc::now().to_rfc3339();
        let (n, c) = store.write(|tx| local::apply(tx, &batch, last, &at))?;
        pulled += n;
        conflicts += c;
    }
}

/// The settings key of a first pull under way: its resume mark.
pub(crate) const FIRST_PULL_KEY: &str = "team_first_pull";

/// Where a cut-off first pull stands, committed with each of its parts.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct FirstPullMark {
    /// The `server_seq` mark of the earliest snapshot a committed part came from: once the
    /// first pull is done, the pull goes on from here, so rows changed on the server while
    /// the pull was cut off are brought up to date (applying a change again is a no-op).
    pub(crate) mark: i64,
    /// Shared tables (in [`local::SHARED`] order) wholly applied.
    pub(crate) tables_done: usize,
    /// In the next table, the rows up to this id (in id order) are applied.
    pub(crate) after: Option<Uuid>,
}

/// Where a first pull's time went (the last one this process ran), for the benchmark.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FirstPullTiming {
    /// The reader thread: COPY lines read from the server (and its wait for the writer).
    pub read_secs: f64,
    /// The reader thread: lines parsed into rows.
    pub parse_secs: f64,
    /// The writer: rows applied to SQLite (rows, lists and base values).
    pub apply_secs: f64,
    /// The writer: references settled and resume mark written, per part.
    pub commit_secs: f64,
    /// The writer: SQLite's own commit of each part (the WAL written, and copied into the
    /// database file by the checkpoint that follows a commit past 1,000 pages).
    #[serde(default)]
    pub sqlite_commit_secs: f64,
    /// The writer waiting for rows from the reader.
    pub wait_secs: f64,
    /// The writer, in the last part: the indexes set aside for the load built again and
    /// the name-search index rebuilt (0 when nothing was set aside).
    pub rebuild_secs: f64,
    /// Committed parts.
    pub parts: u64,
}

static LAST_FIRST_PULL: std::sync::Mutex<Option<FirstPullTiming>> = std::sync::Mutex::new(None);

/// Where the last first pull of this process spent its time.
pub fn last_first_pull_timing() -> Option<FirstPullTiming> {
    *LAST_FIRST_PULL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Rows sent from the reader to the writer at a time.
const CHUNK: usize = 1000;
/// Chunks waiting between reader and writer at most. (200, so that the reader could read
/// most of the next part while the writer applied one, measured no faster at 100k people on
/// 2 cores: the reader, the server and the writer then compete for them.)
const CHANNEL_CHUNKS: usize = 16;
/// The rows of a committed part of a first pull. The rows of a part are held in memory
/// until it is written, so a part's size bounds the pull's memory whatever the team's size;
/// the references checked at each commit are those of the rows the part added, so a part
/// costs the same late in a pull as early.
const FIRST_PULL_PART: usize = 50_000;

/// Test hooks, per thread (the thread that runs the sync): the rows of a committed part of
/// a first pull (0: as usual), and a first pull cut off after so many committed parts
/// (0: never), as a killed program or a lost connection would.
#[doc(hidden)]
pub mod first_pull_hooks {
    use std::cell::Cell;
    thread_local! {
        pub static PART_ROWS: Cell<usize> = const { Cell::new(0) };
        pub static CUT_AFTER_PARTS: Cell<usize> = const { Cell::new(0) };
    }

    /// The environment variable that sets the rows of a part for a whole process, for
    /// tests that kill a real `intrograph` in the middle of a first pull of many parts
    /// without a team of hundreds of thousands of rows.
    pub const PART_ROWS_ENV: &str = "INTROGRAPH_TEST_FIRST_PULL_PART_ROWS";
}

/// The rows of a committed part of a first pull: [`FIRST_PULL_PART`], unless a test set
/// it ([`first_pull_hooks`]).
fn part_rows() -> usize {
    match first_pull_hooks::PART_ROWS.get() {
        0 => std::env::var(first_pull_hooks::PART_ROWS_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(FIRST_PULL_PART),
        n => n,
    }
}

/// What the reader thread sends.
enum FromReader {
    /// The snapshot's `server_seq` mark (sent first).
    Mark(i64),
    /// Rows of shared table number `.0`, in id order.
    Rows(usize, Vec<local::Incoming>),
}

/// An empty desktop's first pull: every current row, copied out of `team.rows` in one
/// snapshot, table by table in id order, read and parsed on a reader thread while this one
/// applies them in committed parts. Each part's transaction starts once all of its rows are
/// here, so no SQLite write transaction waits on the network, and each commits with its
/// resume mark: a first pull cut off anywhere goes on after the last committed row, and
/// then pulls the changes made since the earliest snapshot it used.
pub(crate) fn first_pull(
    store: &mut Store,
    client: &mut postgres::Client,
    url: &ServerUrl,
    tables: usize,
) -> Result<(u64, u64), TeamError> {
    let resume: Option<FirstPullMark> = settings::get(store.conn(), FIRST_PULL_KEY)?;
    let mut timing = FirstPullTiming::default();
    let (mut pulled, mut conflicts) = (0u64, 0u64);
    let result = std::thread::scope(|scope| -> Result<i64, TeamError> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Result<FromReader, TeamError>>(CHANNEL_CHUNKS);
        // Written parts go back to the reader, to be freed there: by the thread that made
        // them (the allocator's own arena, no lock) and off the writer's path.
        let (give_back, written) = std::sync::mpsc::channel::<Vec<Vec<local::Incoming>>>();
        let from = resume.clone();
        let part_rows = part_rows();
        let chunk = part_rows.min(CHUNK);
        let reader = scope.spawn(move || {
            let mut t = (0.0, 0.0);
            if let Err(e) = read_snapshot(client, url, from.as_ref(), tables, chunk, &send, &written, &mut t)
            {
                let _ = send.send(Err(e));
            }
            t
        });
        // Which rows are new to this desktop (all but a few on an empty laptop): decided
        // once here, from where the pull stands.
        let fresh = match &resume {
            Some(r) => local::Fresh::scan(store.conn(), r.tables_done, r.after)?,
            None => local::Fresh::scan(store.conn(), 0, None)?,
        };
        let fresh = &fresh;
        let mut mark = None;
        let mut position = resume.clone();
        let mut part: Vec<Vec<local::Incoming>> = Vec::new();
        let mut wait = std::time::Instant::now();
        let mut write_part = |part: &mut Vec<Vec<local::Incoming>>,
                              position: &FirstPullMark,
                              timing: &mut FirstPullTiming|
         -> Result<(), TeamError> {
            let at = Utc::now().to_rfc3339();
            let mut closed = None;
            let (n, c) = store.write(|tx| {
                let t = std::time::Instant::now();
                let mut applying = local::Applying::begin(tx, &at)?;
                local::set_aside_for_load(tx, fresh)?;
                applying.rows_fresh(tx, part, fresh)?;
                timing.apply_secs += t.elapsed().as_secs_f64();
                let t = std::time::Instant::now();
                let done = applying.finish_part(tx)?;
                settings::set(tx, FIRST_PULL_KEY, position)?;
                timing.commit_secs += t.elapsed().as_secs_f64();
                closed = Some(std::time::Instant::now());
                Ok(done)
            })?;
            timing.sqlite_commit_secs += closed.map_or(0.0, |c| c.elapsed().as_secs_f64());
            pulled += n;
            conflicts += c;
            timing.parts += 1;
            if let Err(back) = give_back.send(std::mem::take(part)) {
                drop(back.0); // the reader is done: freed here
            }
            Ok(())
        };
        for message in receive.iter() {
            timing.wait_secs += wait.elapsed().as_secs_f64();
            match message? {
                FromReader::Mark(m) => {
                    let earliest = resume.as_ref().map_or(m, |r| r.mark.min(m));
                    mark = Some(earliest);
                    if position.is_none() {
                        position = Some(FirstPullMark { mark: earliest, tables_done: 0, after: None });
                    }
                }
                FromReader::Rows(table, rows) => {
                    let p = position
                        .as_mut()
                        .ok_or_else(|| TeamError::Server("the snapshot sent rows before its mark".into()))?;
                    if table > p.tables_done {
                        p.tables_done = table;
                        p.after = None;
                    }
                    p.after = rows.last().map(|r| r.row_id).or(p.after);
                    part.push(rows);
                    if part.iter().map(Vec::len).sum::<usize>() >= part_rows {
                        write_part(&mut part, p, &mut timing)?;
                        if timing.parts as usize == first_pull_hooks::CUT_AFTER_PARTS.get() {
                            return Err(TeamError::Unreachable {
                                server: url.server(),
                                reason: "the first pull was cut off (test)".into(),
                            });
                        }
                    }
                }
            }
            wait = std::time::Instant::now();
        }
        let (read, parse) =
            reader.join().map_err(|_| TeamError::Server("the first pull's reader failed".into()))?;
        timing.read_secs = read;
        timing.parse_secs = parse;
        let mark = mark.ok_or_else(|| TeamError::Server("the team server sent no snapshot".into()))?;
        // The last part, with the pull mark; the resume mark goes.
        let at = Utc::now().to_rfc3339();
        let t = std::time::Instant::now();
        let mut rebuild_secs = 0.0;
        let mut closed = None;
        let (n, c) = store.write(|tx| {
            let mut applying = local::Applying::begin(tx, &at)?;
            local::set_aside_for_load(tx, fresh)?;
            applying.rows_fresh(tx, &part, fresh)?;
            // The indexes set aside are built once, now that every row is here.
            let r = std::time::Instant::now();
            let repeated = local::restore_after_load(tx, &at)?;
            rebuild_secs = r.elapsed().as_secs_f64();
            let (n, c) = applying.finish(tx, mark)?;
            let done = (n, c + repeated);
            settings::remove(tx, FIRST_PULL_KEY)?;
            // After a fresh start (an older file), rows the team did not send are rows it never
            // had: they go up, decided in the same transaction as the pull mark.
            local::enqueue_unknown(tx)?;
            closed = Some(std::time::Instant::now());
            Ok(done)
        })?;
        let last_commit = closed.map_or(0.0, |c| c.elapsed().as_secs_f64());
        timing.sqlite_commit_secs += last_commit;
        timing.apply_secs += t.elapsed().as_secs_f64() - rebuild_secs - last_commit;
        timing.rebuild_secs = rebuild_secs;
        timing.parts += 1;
        pulled += n;
        conflicts += c;
        Ok(mark)
    });
    *LAST_FIRST_PULL.lock().unwrap_or_else(|e| e.into_inner()) = Some(timing);
    result?;
    Ok((pulled, conflicts))
}

/// A read-only transaction that sees one snapshot of the team database throughout.
pub(crate) fn read_view(client: &mut postgres::Client) -> Result<postgres::Transaction<'_>, postgres::Error> {
    client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
}

/// The reader thread of a first pull: one read-only snapshot, its mark, then each shared
/// table's rows (after `from`'s position; the first `tables` of them) in id order,
/// `chunk_rows` at a time. Adds (read, parse) seconds to `t`.
#[allow(clippy::too_many_arguments)]
fn read_snapshot(
    client: &mut postgres::Client,
    url: &ServerUrl,
    from: Option<&FirstPullMark>,
    tables: usize,
    chunk_rows: usize,
    send: &std::sync::mpsc::SyncSender<Result<FromReader, TeamError>>,
    written: &std::sync::mpsc::Receiver<Vec<Vec<local::Incoming>>>,
    t: &mut (f64, f64),
) -> Result<(), TeamError> {
    let err = |e| url.classify(e);
    // A COPY stream's error is the server's, inside an I/O error.
    let lost = |e: std::io::Error| match e.into_inner().map(|inner| inner.downcast::<postgres::Error>()) {
        Some(Ok(pg)) => url.classify(*pg),
        Some(Err(other)) => TeamError::Unreachable { server: url.server(), reason: other.to_string() },
        None => TeamError::Unreachable { server: url.server(), reason: "the connection was lost".into() },
    };
    // The writer has stopped (it failed and says why): nothing more to send.
    let gone = || TeamError::Server("the first pull stopped".into());
    let mut tx = read_view(client).map_err(err)?;
    let mark: i64 = tx
        .query_one("SELECT coalesce(max(server_seq), 0)::bigint FROM team.changes", &[])
        .map_err(err)?
        .get(0);
    send.send(Ok(FromReader::Mark(mark))).map_err(|_| gone())?;
    // Id order from the key's index, not a sort (which would spill millions of rows to the
    // server's disk).
    tx.batch_execute("SET LOCAL enable_sort = off").map_err(err)?;
    // A server not yet brought to schema 3 lists every field's clock.
    let version: i64 = tx
        .query_one("SELECT coalesce(max(version), 0)::bigint FROM team.schema_version", &[])
        .map_err(err)?
        .get(0);
    let clock = if version >= 3 { "clock" } else { "''" };
    let start = from.map_or(0, |f| f.tables_done);
    // Parents first; in id order, so a cut-off pull can go on after its last row.
    for (i, s) in local::SHARED.iter().enumerate().take(tables).skip(start) {
        let after = match from {
            Some(FirstPullMark { tables_done, after: Some(id), .. }) if *tables_done == i => {
                format!(" AND row_id > '{id}'")
            }
            _ => String::new(),
        };
        let reader = tx
            .copy_out(&format!(
                "COPY (SELECT row_id, fields, {clock}, clocks, deleted
                       FROM team.rows WHERE tbl = '{}'{after} ORDER BY row_id) TO STDOUT",
                s.table
            ))
            .map_err(err)?;
        let mut lines = BufReader::with_capacity(1 << 20, reader);
        let mut line = String::new();
        let mut chunk = Vec::with_capacity(chunk_rows);
        loop {
            line.clear();
            let r = std::time::Instant::now();
            let n = lines.read_line(&mut line).map_err(lost)?;
            t.0 += r.elapsed().as_secs_f64();
            if n == 0 {
                break;
            }
            let p = std::time::Instant::now();
            chunk.push(snapshot_row(s.table, line.trim_end_matches('\n'))?);
            t.1 += p.elapsed().as_secs_f64();
            if chunk.len() == chunk_rows {
                // The parts the writer is done with are freed here (see `first_pull`).
                while let Ok(part) = written.try_recv() {
                    drop(part);
                }
                let r = std::time::Instant::now();
                send.send(Ok(FromReader::Rows(i, std::mem::take(&mut chunk)))).map_err(|_| gone())?;
                t.0 += r.elapsed().as_secs_f64();
                chunk.reserve(chunk_rows);
            }
        }
        if !chunk.is_empty() {
            send.send(Ok(FromReader::Rows(i, chunk))).map_err(|_| gone())?;
        }
    }
    tx.commit().map_err(err)?;
    Ok(())
}

/// One line of the copied current-state rows of `table`: its columns `row_id`, `fields`,
/// `clock`, `clocks` and `deleted` in COPY's text format (tab-separated; a tab inside a value is
/// escaped, so every tab is a separator). The columns are sent as they are stored: wrapped
/// in one JSON object by the server, each row cost it a third more (10 µs instead of 7 at
/// 118,738 rows), and the parse here more.
fn snapshot_row(table: &'static str, line: &str) -> Result<local::Incoming, intrograph_engine::Error> {
    let unexpected = |what: String| {
        intrograph_engine::Error::Internal(format!(
            "a row of {table} copied from the team server is not as expected: {what}"
        ))
    };
    let mut columns = line.split('\t');
    let mut next =
        |name: &str| columns.next().map(unescaped).ok_or_else(|| unexpected(format!("no {name} column")));
    let (row_id, fields, clock, clocks, deleted) =
        (next("row_id")?, next("fields")?, next("clock")?, next("clocks")?, next("deleted")?);
    let row_id = Uuid::parse_str(&row_id).map_err(|e| unexpected(format!("row_id {row_id:?}: {e}")))?;
    let map = |name: &str, text: &str| {
        serde_json::from_str::<Map<String, Json>>(text).map_err(|e| unexpected(format!("{name}: {e}")))
    };
    let deleted = match &*deleted {
        "t" => true,
        "f" => false,
        other => return Err(unexpected(format!("deleted {other:?}"))),
    };
    Ok(local::Incoming {
        table: table.into(),
        row_id,
        op: if deleted { "delete".into() } else { "upsert".into() },
        fields: map("fields", &fields)?,
        clock: clock.into_owned(),
        clocks: if &*clocks == "{}" { Map::new() } else { map("clocks", &clocks)? },
        author: "team".into(),
        bases: None,
    })
}

/// One column of a COPY text-format line, its escapes undone (borrowed when it has none).
fn unescaped(column: &str) -> std::borrow::Cow<'_, str> {
    if column.contains('\\') {
        std::borrow::Cow::Owned(copy_unescape(column))
    } else {
        column.into()
    }
}

/// Undoes COPY's text-format escapes.
fn copy_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

pub fn leave(store: &mut Store, secrets: &dyn Secrets) -> Result<(), TeamError> {
    let st = local::state(store.conn())?;
    if st.capture == 0 {
        return Err(TeamError::NotJoined);
    }
    if let Some(key) = &st.secret_key {
        secrets.delete(key)?;
    }
    store.write(local::set_left)?;
    Ok(())
}

pub fn status(store: &Store) -> Result<TeamStatus, TeamError> {
    let conn = store.conn();
    let st = local::state(conn)?;
    if st.capture == 0 {
        return Ok(TeamStatus::default());
    }
    let parse_time = |s: &str| DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc));
    let conflicts = local::conflicts(conn)?
        .into_iter()
        .map(|c| Conflict {
            id: c.id,
            at: parse_time(&c.at).unwrap_or_default(),
            table: c.table,
            row_id: c.row_id,
            field: c.field,
            kept: c.kept,
            overwritten: c.overwritten,
            overwritten_by: c.overwritten_by,
        })
        .collect();
    let reps_as_of: Vec<(Uuid, DateTime<Utc>)> = serde_json::from_str(&st.reps_as_of).unwrap_or_default();
    Ok(TeamStatus {
        joined: true,
        server: st.server,
        login: st.login,
        rep_id: st.rep_id.map(RepId),
        leader: st.leader,
        last_sync: st.last_sync.as_deref().and_then(parse_time),
        last_error: st.last_error,
        waiting: local::waiting(conn)?,
        pulled: st.pulled as u64,
        conflicts,
        reps_as_of: reps_as_of.into_iter().map(|(r, t)| (RepId(r), t)).collect(),
    })
}
