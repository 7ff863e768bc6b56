//! Snapshots of the team's shared data that a new, empty desktop starts from.
//!
//! An empty desktop's first pull copies every row the team has, one by one, into SQLite:
//! at a million people and ten million ties that is minutes of work on a laptop. A
//! snapshot does that work once: the admin's `intrograph team snapshot` runs the same
//! first pull into a workspace file of its own (every table all reps may read: all but
//! the Referral I.Q. results, which row-level security keeps to each rep and the leaders)
//! and stores the file in the team database (`team.snapshots`, in parts). A new rep's
//! blank workspace then downloads it, checks it byte for byte (SHA-256), makes it its own
//! (a new client id, its own settings) and takes it as its content in one transaction
//! ([`intrograph_engine::store::backup::replace_blank`]). The first pull then goes on as
//! a cut-off one would: the tables the snapshot does not hold, then every change made
//! since the snapshot's mark, by the usual merge rules.
//!
//! Nothing depends on a snapshot being there or fresh: without one (or with one from a
//! program whose tables differ, or a workspace that is not blank) the pull is row by row.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use intrograph_engine::store::{backup, migrations, settings, sync as local, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::connect::ServerUrl;
use crate::server::{check_version, SNAPSHOTS_VERSION};
use crate::sync::{first_pull, read_view, FirstPullMark, FIRST_PULL_KEY};
use crate::TeamError;

/// The bytes of one stored part of a snapshot file.
const PART_BYTES: usize = 16 << 20;

/// The shared tables a snapshot holds: all but the last, the Referral I.Q. results.
fn held_tables() -> &'static [local::Shared] {
    let n = local::SHARED.len() - 1;
    debug_assert_eq!(local::SHARED[n].table, "assessments", "a snapshot leaves out only the I.Q. results");
    &local::SHARED[..n]
}

/// What `team snapshot` made.
#[derive(Clone, Debug, Serialize)]
pub struct SnapshotReport {
    pub id: i64,
    /// The last change of the team's log the snapshot holds.
    pub mark: i64,
    pub rows: u64,
    pub bytes: u64,
    pub parts: i32,
    /// Older snapshots it replaced (removed).
    pub replaced: u64,
    /// The first pull into the snapshot's file.
    pub pull_secs: f64,
    /// The file stored in the team database.
    pub upload_secs: f64,
}

/// Removes a folder (or a file and its SQLite companions) when dropped.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for p in &self.0 {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> TeamError + '_ {
    move |source| TeamError::Local(intrograph_engine::Error::Io { path: path.to_path_buf(), source })
}

/// Makes a snapshot of the team's data for new desktops (the admin, with the admin's URL),
/// working in a folder of its own under `work_dir` (removed afterwards; it needs room for
/// one workspace of the team's size), and replaces the older ones once it is stored whole.
pub fn make(admin_url: &str, work_dir: &Path) -> Result<SnapshotReport, TeamError> {
    let url = ServerUrl::parse(admin_url)?;
    let mut client = url.connect()?;
    let version = check_version(&mut client, &url)?;
    if version < SNAPSHOTS_VERSION {
        return Err(TeamError::Conflict(format!(
            "the team database has schema version {version}; snapshots need version {SNAPSHOTS_VERSION}: \
             update every desktop's IntroGraph, then run `intrograph team init <ADMIN_URL>`; nothing was changed"
        )));
    }
    let dir = work_dir.join(format!(".intrograph-snapshot-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
    let _cleanup = Cleanup(vec![dir.clone()]);
    let file = dir.join("snapshot.db");
    let held = held_tables();
    let t = Instant::now();
    let (rows, mark, file_schema) = {
        let mut store = Store::open_unchecked(&file)?;
        let (rows, _) = first_pull(&mut store, &mut client, &url, held.len())?;
        let mark = local::state(store.conn())?.last_seq;
        let file_schema = store.schema_version()?;
        // The whole file in the database file itself, none of it in the WAL.
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .map_err(intrograph_engine::Error::from)?;
        (rows, mark, file_schema)
    };
    let pull_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let err = |e| url.classify(e);
    let bytes = std::fs::metadata(&file).map_err(io_error(&file))?.len();
    let tables: Vec<String> = held.iter().map(|s| s.table.to_string()).collect();
    let mut tx = client.transaction().map_err(err)?;
    // One snapshot stored at a time.
    tx.execute("SELECT pg_advisory_xact_lock(1718)", &[]).map_err(err)?;
    let id: i64 = tx
        .query_one(
            "INSERT INTO team.snapshots (mark, tables, file_schema, bytes, parts, sha256)
             VALUES ($1, $2, $3, $4, 0, '') RETURNING id",
            &[&mark, &tables, &file_schema, &(bytes as i64)],
        )
        .map_err(err)?
        .get(0);
    let mut reader = std::fs::File::open(&file).map_err(io_error(&file))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; PART_BYTES];
    let insert = tx
        .prepare("INSERT INTO team.snapshot_parts (snapshot_id, n, data) VALUES ($1, $2, $3)")
        .map_err(err)?;
    let mut parts = 0i32;
    loop {
        let mut filled = 0;
        while filled < PART_BYTES {
            let n = reader.read(&mut buf[filled..]).map_err(io_error(&file))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled == 0 {
            break;
        }
        hasher.update(&buf[..filled]);
        tx.execute(&insert, &[&id, &parts, &&buf[..filled]]).map_err(err)?;
        parts += 1;
    }
    let sha = hex(&hasher.finalize());
    tx.execute(
        "UPDATE team.snapshots SET parts = $2, sha256 = $3, complete = true WHERE id = $1",
        &[&id, &parts, &sha],
    )
    .map_err(err)?;
    let replaced = tx.execute("DELETE FROM team.snapshots WHERE id <> $1", &[&id]).map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(SnapshotReport {
        id,
        mark,
        rows,
        bytes,
        parts,
        replaced,
        pull_secs,
        upload_secs: t.elapsed().as_secs_f64(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The setting that says a workspace holds a snapshot's content (the snapshot's id) until
/// the join that took it is done.
pub(crate) const TAKEN_KEY: &str = "team_snapshot_taken";

/// Whether the workspace holds a team snapshot's content that its join has not finished
/// with (see [`TAKEN_KEY`]).
pub(crate) fn taken(store: &Store) -> Result<bool, TeamError> {
    Ok(settings::get::<i64>(store.conn(), TAKEN_KEY)?.is_some())
}

/// Removes downloads of snapshots that a killed program left beside the workspace: those
/// not written to for [`ABANDONED_AFTER`] (a download under way, or one being made this
/// desktop's, is written to all the time).
fn remove_abandoned(dir: &Path, stem: &str) {
    let prefix = format!(".{stem}.team-snapshot-");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let idle = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= ABANDONED_AFTER);
        if idle && e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// How long a snapshot's download is left alone before it counts as abandoned.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Test hooks, per thread: a start from a snapshot cut off, as a killed program or a lost
/// connection would, after so many parts downloaded (0: never), or right after the
/// workspace took the snapshot's content.
#[doc(hidden)]
pub mod start_hooks {
    use std::cell::Cell;
    thread_local! {
        pub static CUT_AFTER_PARTS: Cell<i32> = const { Cell::new(0) };
        pub static CUT_AFTER_TAKING: Cell<bool> = const { Cell::new(false) };
    }
}

fn cut_off(url: &ServerUrl, what: &str) -> TeamError {
    TeamError::Unreachable {
        server: url.server(),
        reason: format!("the start from the snapshot was cut off {what} (test)"),
    }
}

/// How a blank workspace started from the team's snapshot (the last start of this
/// process), for the benchmark.
#[derive(Clone, Copy, Debug, Default, Serialize, serde::Deserialize)]
pub struct StartTiming {
    pub bytes: u64,
    /// The file downloaded and checked.
    pub download_secs: f64,
    /// The file made this desktop's own (a new client id, its settings).
    pub ready_secs: f64,
    /// The file taken as the workspace's content.
    pub copy_secs: f64,
}

thread_local! {
    static LAST_START: std::cell::Cell<Option<StartTiming>> = const { std::cell::Cell::new(None) };
}

/// How the last join of this thread started from a snapshot (`None`: it did not).
pub fn last_start_timing() -> Option<StartTiming> {
    LAST_START.get()
}

/// Forgets the last start (a join that does not start from a snapshot begins with this).
pub(crate) fn forget_last_start() {
    LAST_START.set(None);
}

/// Starts `store`'s workspace from the team's newest snapshot, when the workspace is blank
/// and the snapshot is one this program can take (returns `None`, having changed nothing,
/// otherwise). The first pull then goes on from the snapshot's position: see the module
/// documentation. A download cut off or damaged changes nothing here.
pub(crate) fn start_from(
    store: &mut Store,
    client: &mut postgres::Client,
    url: &ServerUrl,
    version: i64,
) -> Result<Option<StartTiming>, TeamError> {
    if version < SNAPSHOTS_VERSION || !local::is_blank(store.conn())? {
        return Ok(None);
    }
    let Some(path) = store.path().map(Path::to_path_buf) else { return Ok(None) };
    let err = |e| url.classify(e);
    let t = Instant::now();
    // One read-only view: a newer snapshot stored meanwhile does not take this one's parts away.
    let mut tx = read_view(client).map_err(err)?;
    let Some(row) = tx
        .query_opt(
            "SELECT id, mark, tables, file_schema, bytes, parts, sha256 FROM team.snapshots
             WHERE complete ORDER BY id DESC LIMIT 1",
            &[],
        )
        .map_err(err)?
    else {
        return Ok(None);
    };
    let (id, mark, tables, file_schema): (i64, i64, Vec<String>, i64) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let (bytes, parts, sha): (i64, i32, String) = (row.get(4), row.get(5), row.get(6));
    // A snapshot made by a program whose shared tables differ, or of a newer file schema,
    // is not taken: the pull goes row by row.
    let same_tables =
        tables.len() < local::SHARED.len() && tables.iter().zip(local::SHARED).all(|(t, s)| t == s.table);
    if !same_tables || file_schema > migrations::latest_version() {
        return Ok(None);
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let stem = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_abandoned(&dir, &stem);
    let file = dir.join(format!(".{stem}.team-snapshot-{}", Uuid::now_v7()));
    let companions =
        ["", "-wal", "-shm", "-journal"].map(|s| PathBuf::from(format!("{}{s}", file.display())));
    let _cleanup = Cleanup(companions.to_vec());
    {
        let out = std::fs::File::create(&file).map_err(io_error(&file))?;
        let mut out = BufWriter::with_capacity(1 << 20, out);
        let mut hasher = Sha256::new();
        let part = tx
            .prepare("SELECT data FROM team.snapshot_parts WHERE snapshot_id = $1 AND n = $2")
            .map_err(err)?;
        // The next parts are fetched (the server reading them) while this thread checks and
        // writes the last one.
        let written = std::thread::scope(|scope| -> Result<(), TeamError> {
            let (send, receive) = std::sync::mpsc::sync_channel::<Result<postgres::Row, TeamError>>(2);
            let tx = &mut tx;
            scope.spawn(move || {
                for n in 0..parts {
                    let row = tx.query_opt(&part, &[&id, &n]).map_err(err).and_then(|row| {
                        row.ok_or_else(|| {
                            TeamError::Server(format!(
                                "the team's snapshot {id} lacks part {n} of {parts}; nothing was changed"
                            ))
                        })
                    });
                    let failed = row.is_err();
                    if send.send(row).is_err() || failed {
                        return; // the writer stopped (and says why), or this failed
                    }
                }
            });
            for (n, row) in (0..parts).zip(receive.iter()) {
                let row = row?;
                let data: &[u8] = row.get(0);
                hasher.update(data);
                out.write_all(data).map_err(io_error(&file))?;
                if n + 1 == start_hooks::CUT_AFTER_PARTS.get() {
                    return Err(cut_off(url, "while downloading"));
                }
            }
            Ok(())
        });
        written?;
        out.flush().map_err(io_error(&file))?;
        let got = hex(&hasher.finalize());
        let size = std::fs::metadata(&file).map_err(io_error(&file))?.len();
        if got != sha || size != bytes as u64 {
            return Err(TeamError::Server(format!(
                "the team's snapshot {id} arrived damaged ({size} bytes, SHA-256 {got}; expected {bytes}, {sha}); \
                 nothing was changed here; the admin can make a new one with `intrograph team snapshot`"
            )));
        }
    }
    tx.commit().map_err(err)?;
    let download_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    {
        // The snapshot becomes this desktop's: its settings, a new client id, the first
        // pull's position (every held table done, as of the snapshot's mark); an older
        // file's schema is brought up to date on opening.
        let own = local::all_settings(store.conn())?;
        if !file.exists() {
            return Err(TeamError::Server(format!(
                "the downloaded snapshot {} was removed before it was taken; nothing was changed",
                file.display()
            )));
        }
        let mut taken = Store::open_unchecked(&file)?;
        taken.write(|tx| {
            local::ready_snapshot(tx, &own)?;
            settings::set(
                tx,
                FIRST_PULL_KEY,
                &FirstPullMark { mark, tables_done: tables.len(), after: None },
            )?;
            settings::set(tx, TAKEN_KEY, &id)?;
            settings::set(tx, backup::EPOCH, &Uuid::new_v4())
        })?;
        taken
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .map_err(intrograph_engine::Error::from)?;
    }
    let ready_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    backup::replace_blank(store, &file)?;
    if start_hooks::CUT_AFTER_TAKING.get() {
        return Err(cut_off(url, "once taken"));
    }
    let timing =
        StartTiming { bytes: bytes as u64, download_secs, ready_secs, copy_secs: t.elapsed().as_secs_f64() };
    LAST_START.set(Some(timing));
    Ok(Some(timing))
}
