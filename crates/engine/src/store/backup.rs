//! Backups of the database through SQLite's online backup API: a consistent copy
//! taken while the app and the CLI keep working, written to a temporary file and
//! renamed into place, so a backup file is always whole.
//!
//! Automatic backups live in a `backups/` folder beside the database, one per day
//! (taken when the workspace opens), the newest [`KEEP`] kept. A restore checks the
//! backup's integrity and schema first, keeps the current database as a backup, and
//! replaces the live content in one transaction.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{integrity as health, migrations, use_wal, Store, BUSY_TIMEOUT};
use crate::error::{Error, Result};

/// How many automatic backups are kept.
pub const KEEP: usize = 7;

/// The folder, beside the database, that holds its backups.
pub const FOLDER: &str = "backups";

/// The setting a restore changes (a fresh id) once the live file holds the backup's
/// content: an open workspace that sees it change knows the whole content was replaced
/// underneath it, not edited (see `intrograph_app_core::Workspace::check_for_changes`).
pub const EPOCH: &str = "database.epoch";

/// The file's [`EPOCH`], if a restore ever wrote one.
pub fn epoch(conn: &Connection) -> Result<Option<uuid::Uuid>> {
    super::settings::get(conn, EPOCH)
}

/// One backup file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When the file was written.
    pub taken_at: DateTime<Utc>,
    pub bytes: u64,
    pub kind: BackupKind,
}

/// Why a backup was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Taken when the workspace opened; rotated (the newest [`KEEP`] stay).
    Automatic,
    /// Taken with `intrograph db backup`.
    Manual,
    /// The database as it was just before a restore replaced it.
    BeforeRestore,
}

impl BackupKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Automatic => "automatic",
            Self::Manual => "manual",
            Self::BeforeRestore => "before restore",
        }
    }
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// The backup that is now the live database.
    pub restored: PathBuf,
    pub database: PathBuf,
    /// Where the database as it was before the restore was kept, if it could be read.
    pub previous_kept_at: Option<PathBuf>,
    pub schema_version: i64,
}

/// Writes a consistent copy of `store` to `path`, through a temporary file renamed into
/// place. A file already at `path` is replaced only when it is itself a database (an older
/// backup); the database itself, a folder, or any other file (notes, a spreadsheet) is
/// refused and left as it was.
pub fn backup_to(store: &Store, path: &Path) -> Result<BackupInfo> {
    check_backup_target(store, path)?;
    copy_database(store.conn(), path)?;
    info(path, BackupKind::Manual)
}

/// Refuses a place to write a backup that would destroy something: the database itself
/// (or one of its own files), a folder, or an existing file that is not a SQLite database.
fn check_backup_target(store: &Store, path: &Path) -> Result<()> {
    let refuse = |reason: String| Err(Error::invalid("backup file", reason));
    if path.is_dir() {
        return refuse(format!("{} is a folder; name a file in it", path.display()));
    }
    if let (Some(database), Ok(target)) = (store.path(), std::fs::canonicalize(path)) {
        let live = std::fs::canonicalize(database).unwrap_or_else(|_| database.to_path_buf());
        let own = [live.clone(), sibling(&live, "-wal"), sibling(&live, "-shm"), sibling(&live, "-graph")];
        if own.contains(&target) {
            return refuse(format!(
                "{} is the database itself (or one of its files); a backup must go to another file",
                path.display()
            ));
        }
    }
    if path.exists() && !is_sqlite_file(path) {
        return refuse(format!(
            "{} already exists and is not a database; IntroGraph will not overwrite it: choose a new file name",
            path.display()
        ));
    }
    Ok(())
}

/// `path` with `suffix` added to its file name (`team.db` → `team.db-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the file at `path` starts with SQLite's header (an empty file counts: nothing
/// would be lost).
fn is_sqlite_file(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut f) => match f.read(&mut header) {
            Ok(0) => true,
            Ok(n) => n == 16 && &header == b"SQLite format 3\0",
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// The folder holding the backups of the database at `database`.
pub fn folder(database: &Path) -> PathBuf {
    database.parent().unwrap_or_else(|| Path::new(".")).join(FOLDER)
}

/// Takes today's automatic backup of `store`, if there is none yet, and removes the
/// oldest automatic backups beyond [`KEEP`]. Returns the new backup, or `None` when
/// today's exists already or the store is in memory. The CLI and the app call this
/// when they open a workspace.
pub fn automatic(store: &Store) -> Result<Option<BackupInfo>> {
    automatic_on(store, Local::now().date_naive(), KEEP)
}

/// [`automatic`] for a given day and number of backups to keep.
pub fn automatic_on(store: &Store, today: NaiveDate, keep: usize) -> Result<Option<BackupInfo>> {
    let Some(database) = store.path() else { return Ok(None) };
    let dir = folder(database);
    let path = dir.join(format!("{}-{}.db", stem(database), today.format("%Y-%m-%d")));
    if path.exists() {
        return Ok(None);
    }
    create_dir(&dir)?;
    copy_database(store.conn(), &path)?;
    let made = info(&path, BackupKind::Automatic)?;
    let mut automatic: Vec<BackupInfo> =
        list(database)?.into_iter().filter(|b| b.kind == BackupKind::Automatic).collect();
    // Newest first: drop everything past `keep`, by the date in the name.
    automatic.sort_by(|a, b| b.path.cmp(&a.path));
    for old in automatic.iter().skip(keep.max(1)) {
        std::fs::remove_file(&old.path).map_err(|source| Error::Io { path: old.path.clone(), source })?;
    }
    Ok(Some(made))
}

/// A file name for a backup taken by hand now, in the backups folder.
pub fn manual_path(database: &Path) -> PathBuf {
    folder(database).join(format!("{}-{}.db", stem(database), Local::now().format("%Y-%m-%dT%H%M%S")))
}

/// The backups of the database at `database`, newest first.
pub fn list(database: &Path) -> Result<Vec<BackupInfo>> {
    let dir = folder(database);
    let prefix = format!("{}-", stem(database));
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path: dir, source }),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io { path: dir.clone(), source })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".db")) else { continue };
        let kind = if NaiveDate::parse_from_str(rest, "%Y-%m-%d").is_ok() {
            BackupKind::Automatic
        } else if rest.starts_with("before-restore-") {
            BackupKind::BeforeRestore
        } else {
            BackupKind::Manual
        };
        found.push(info(&entry.path(), kind)?);
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.path.cmp(&a.path)));
    Ok(found)
}

/// The newest automatic or manual backup of the database at `database` (the one
/// `db restore --latest` restores; copies kept by a restore are not candidates).
pub fn latest(database: &Path) -> Result<Option<BackupInfo>> {
    Ok(list(database)?.into_iter().find(|b| b.kind != BackupKind::BeforeRestore))
}

/// Checks that `path` is a whole IntroGraph database this version can open: integrity
/// ok, a schema version no newer than this program's. Returns its schema version.
pub fn verify(path: &Path) -> Result<i64> {
    let damaged = |problem: String| Error::Input { location: path.display().to_string(), reason: problem };
    if !path.is_file() {
        return Err(Error::not_found("backup file", path.display().to_string()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let problems = health::integrity_check(&conn)
        .map_err(|e| damaged(format!("not a readable IntroGraph database ({e})")))?;
    if !problems.is_empty() {
        return Err(damaged(format!("the backup is damaged: {}", problems.join("; "))));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let has_people: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'people')",
        [],
        |r| r.get(0),
    )?;
    if version < 1 || !has_people {
        return Err(damaged("not an IntroGraph database (no IntroGraph schema in it)".into()));
    }
    if version > migrations::latest_version() {
        return Err(damaged(format!(
            "made by a newer IntroGraph (schema version {version}, this one knows up to {}); update IntroGraph first",
            migrations::latest_version()
        )));
    }
    Ok(version)
}

/// Makes the backup at `backup` the live database at `target`. The backup is verified
/// first; the current database is kept as a backup (`<name>-before-restore-<time>.db`)
/// when it can be read. A readable database is replaced through the backup API in one
/// transaction (other connections see the old or the new content, never a mix); a file
/// too damaged to open is moved aside (`<file>.damaged-<time>`) and a fresh copy renamed
/// into its place. Either way the live file is never half-written.
pub fn restore_from(backup: &Path, target: &Path) -> Result<RestoreReport> {
    verify(backup)?;
    let stamp = Local::now().format("%Y-%m-%dT%H%M%S%.3f").to_string();
    let mut previous_kept_at = None;
    let live = target.exists().then(|| open_raw(target)).transpose();
    let readable = match live {
        Ok(Some(conn)) if health::quick_check(&conn).map(|p| p.is_empty()).unwrap_or(false) => Some(conn),
        Ok(_) | Err(_) => None,
    };
    match readable {
        Some(mut conn) => {
            let dir = folder(target);
            create_dir(&dir)?;
            let kept = dir.join(format!("{}-before-restore-{stamp}.db", stem(target)));
            copy_database(&conn, &kept)?;
            previous_kept_at = Some(kept);
            let source = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            run_backup(&source, &mut conn)?;
        }
        None => {
            if target.exists() {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let from = PathBuf::from(format!("{}{suffix}", target.display()));
                    if from.exists() {
                        let to = PathBuf::from(format!("{}{suffix}.damaged-{stamp}", target.display()));
                        std::fs::rename(&from, &to)
                            .map_err(|source| Error::Io { path: from.clone(), source })?;
                        if suffix.is_empty() {
                            previous_kept_at = Some(to);
                        }
                    }
                }
            }
            let source = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            copy_database(&source, target)?;
        }
    }
    // Bring the restored content up to the current schema and check it once more.
    let mut store = Store::open(target)?;
    // Tell the programs that have the file open that its content was replaced.
    store.write(|tx| super::settings::set(tx, EPOCH, &uuid::Uuid::new_v4()))?;
    let problems = health::integrity_check(store.conn())?;
    if !problems.is_empty() {
        return Err(Error::Conflict(format!(
            "{} failed its integrity check after the restore: {}",
            target.display(),
            problems.join("; ")
        )));
    }
    Ok(RestoreReport {
        restored: backup.to_path_buf(),
        database: target.to_path_buf(),
        previous_kept_at,
        schema_version: store.schema_version()?,
    })
}

/// Makes the content of the SQLite file at `from` (a team snapshot, readied by
/// [`super::sync::ready_snapshot`], its WAL checkpointed and closed) the content of
/// `store`'s workspace, which must be blank ([`super::sync::is_blank`]): refused, changing
/// nothing, when it is not, however little it holds. Another program sees the blank
/// workspace or the whole snapshot, never a mix, and a crash at any point leaves one or the
/// other.
///
/// When no other connection has the file open, the file at `from` (in the same folder)
/// takes the workspace's name: written once, made durable, renamed into place, and
/// `store` reopened on it. The blank file keeps an exclusive lock from the check to the
/// rename, and is then made unreadable, so a program that opened it meanwhile fails
/// instead of writing to a file no longer in use. Otherwise (the app's window has it open)
/// the content is copied in through the backup API in one transaction: the copy's first
/// page takes the write lock, then another connection checks the workspace is blank. The
/// caller removes whatever is left at `from`.
pub fn replace_blank(store: &mut Store, from: &Path) -> Result<()> {
    let Some(target) = store.path.clone() else {
        return Err(Error::Internal("an in-memory workspace cannot take a team snapshot".into()));
    };
    let not_blank = || {
        Error::Conflict(
            "the workspace is not empty any more (something was added while the team's snapshot was \
             downloading); nothing was replaced"
                .into(),
        )
    };
    #[cfg(unix)]
    {
        let conn = &mut store.conn;
        // Leaving WAL mode works only for the file's one connection (busy, or still "wal", else).
        let mode = conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        let alone = match mode {
            Ok(mode) => mode.eq_ignore_ascii_case("delete"),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => false,
            Err(e) => return Err(e.into()),
        };
        if alone {
            return replace_alone(store, from, &target, not_blank);
        }
    }
    let source = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let conn = &mut store.conn;
    // Other connections have it open: the copy's first page takes the write lock (held
    // until the copy is done), then the check, on a connection of its own.
    let started = Instant::now();
    let backup = Backup::new(&source, conn)?;
    step_waiting(&backup, 1, started)?;
    let check = open_raw(&target)?;
    if !super::sync::is_blank(&check)? {
        return Err(not_blank()); // the backup, dropped unfinished, writes nothing
    }
    drop(check);
    while step_waiting(&backup, -1, started)? != StepResult::Done {}
    Ok(())
}

/// [`replace_blank`] for the file's one connection (now in rollback-journal mode).
#[cfg(unix)]
fn replace_alone(store: &mut Store, from: &Path, target: &Path, not_blank: impl Fn() -> Error) -> Result<()> {
    use std::os::unix::fs::FileExt;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path: path.clone(), source }
    };
    let conn = &mut store.conn;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    // The exclusive lock, kept from here on (exclusive locking mode): no other program reads
    // or writes the blank file any more.
    let checked = conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;").map_err(Error::from).and_then(|()| {
        if super::sync::is_blank(conn)? {
            Ok(())
        } else {
            Err(not_blank())
        }
    });
    let moved = checked.and_then(|()| {
        std::fs::File::open(from).and_then(|f| f.sync_all()).map_err(io(from))?;
        let blank = std::fs::OpenOptions::new().write(true).open(target).map_err(io(target))?;
        std::fs::rename(from, target).map_err(io(target))?;
        // From here the workspace is the snapshot. The name's change made durable; the blank
        // file made unreadable for a program waiting on it (best effort: it is no one's now).
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        let _ = blank.write_all_at(b"replaced by a team snapshot\0", 0).and_then(|()| blank.sync_data());
        Ok(())
    });
    match moved {
        Ok(()) => {
            *store = Store::open_unchecked(target)?;
            Ok(())
        }
        Err(e) => {
            // Nothing moved: the blank workspace back in normal locking and WAL mode.
            let conn = &mut store.conn;
            conn.pragma_update(None, "locking_mode", "NORMAL")?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
            use_wal(conn)?;
            Err(e)
        }
    }
}

/// Restores the newest backup of the database at `database` (see [`latest`] and
/// [`restore_from`]): the recovery the start-up check offers, for the CLI and the app.
pub fn restore_latest(database: &Path) -> Result<RestoreReport> {
    let newest = latest(database)?
        .ok_or_else(|| Error::not_found("backup", format!("none in {}", folder(database).display())))?;
    restore_from(&newest.path, database)
}

// ---------------------------------------------------------------- internals

fn stem(database: &Path) -> String {
    database.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "intrograph".into())
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })
}

fn open_raw(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

fn info(path: &Path, kind: BackupKind) -> Result<BackupInfo> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    Ok(BackupInfo { path: path.to_path_buf(), taken_at: modified.into(), bytes: meta.len(), kind })
}

/// How long a partial copy (`<backup>.partial-<pid>-<id>`, and its journal) may go
/// unwritten before a later backup removes it: a copy in progress writes all the time, so
/// one idle this long was left by a program that stopped mid-copy (at a million people
/// such a copy is gigabytes).
pub const ABANDONED_AFTER: Duration = Duration::from_secs(60 * 60);

/// Removes the partial copies in `dir` idle for [`ABANDONED_AFTER`]; best effort.
fn remove_abandoned_copies(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().contains(".db.partial-") {
            continue;
        }
        let idle = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if idle.is_some_and(|idle| idle >= ABANDONED_AFTER) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Copies the main database of `source` to `path` via a temporary file in the same folder
/// (removing partial copies that earlier backups abandoned there).
fn copy_database(source: &Connection, path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_dir(dir)?;
        remove_abandoned_copies(dir);
    }
    crate::files::replace_atomically(path, |tmp| {
        let mut dst = Connection::open(tmp)?;
        run_backup(source, &mut dst)?;
        // A self-contained file: no WAL beside it.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    })
}

/// Runs the online backup from `source` into `dest` in one step, waiting while busy.
fn run_backup(source: &Connection, dest: &mut Connection) -> Result<()> {
    let started = Instant::now();
    let backup = Backup::new(source, dest)?;
    while step_waiting(&backup, -1, started)? != StepResult::Done {}
    Ok(())
}

/// One step of `backup` (`pages` pages, -1 for all that are left): while the database is
/// busy or locked it is tried again, until [`BUSY_TIMEOUT`] after `started`.
fn step_waiting(backup: &Backup<'_, '_>, pages: std::os::raw::c_int, started: Instant) -> Result<StepResult> {
    loop {
        match backup.step(pages)? {
            StepResult::Busy | StepResult::Locked if started.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(Error::Conflict(
                    "the database stayed busy for too long; close the other program using it and try again"
                        .into(),
                ))
            }
            other => return Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::people::{self, PersonInput};

    fn add(store: &mut Store, name: &str) {
        store
            .write(|tx| people::add(tx, &PersonInput { full_name: name.into(), ..PersonInput::default() }))
            .unwrap();
    }

    fn names(path: &Path) -> Vec<String> {
        let store = Store::open(path).unwrap();
        let mut v: Vec<String> = people::list(store.conn(), crate::store::Page::ALL)
            .unwrap()
            .into_iter()
            .map(|p| p.full_name)
            .collect();
        v.sort();
        v
    }

    fn workspace() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("net.db");
        (dir, db)
    }

    #[test]
    fn a_backup_never_overwrites_the_database_a_folder_or_an_unrelated_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("team.db");
        let store = Store::open(&db).unwrap();
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "my notes").unwrap();
        for (target, says) in [
            (db.clone(), "the database itself"),
            (dir.path().join("team.db-wal"), "the database itself"),
            (dir.path().to_path_buf(), "is a folder"),
            (notes.clone(), "is not a database"),
        ] {
            let e = backup_to(&store, &target).unwrap_err().to_string();
            assert!(e.contains(says), "{}: {e}", target.display());
        }
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes", "the unrelated file is untouched");
        let copy = dir.path().join("copy.db");
        backup_to(&store, &copy).unwrap();
        backup_to(&store, &copy).expect("an older backup is replaced");
    }

    #[test]
    fn a_backup_removes_partial_copies_abandoned_by_earlier_ones() {
        let (_dir, db) = workspace();
        let mut store = Store::open(&db).unwrap();
        add(&mut store, "Ann Lee");
        let folder = folder(&db);
        create_dir(&folder).unwrap();
        let partial = |name: &str, idle: Duration| {
            let path = folder.join(name);
            let file = std::fs::File::create(&path).unwrap();
            file.set_modified(SystemTime::now() - idle).unwrap();
            path
        };
        let abandoned =
            partial("net-2026-11-30.db.partial-4242-0b1d", ABANDONED_AFTER + Duration::from_secs(60));
        let its_journal =
            partial("net-2026-11-30.db.partial-4242-0b1d-journal", ABANDONED_AFTER + Duration::from_secs(60));
        let in_progress = partial("net-2026-12-01T101010.db.partial-4343-9f2e", Duration::from_secs(5));
        let unrelated = partial("notes.txt", ABANDONED_AFTER * 2);
        automatic_on(&store, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(), KEEP).unwrap().unwrap();
        assert!(!abandoned.exists() && !its_journal.exists(), "an abandoned copy is removed");
        assert!(in_progress.exists(), "a copy another program is writing is left alone");
        assert!(unrelated.exists(), "only partial copies are removed");
        assert_eq!(list(&db).unwrap().len(), 1, "partial copies are never listed as backups");
    }

    #[test]
    fn a_backup_is_a_whole_copy_and_leaves_no_temporary_file() {
        let (dir, db) = workspace();
        let mut store = Store::open(&db).unwrap();
        add(&mut store, "Ann Lee");
        let copy = dir.path().join("copy.db");
        let made = backup_to(&store, &copy).unwrap();
        assert_eq!(made.kind, BackupKind::Manual);
        assert!(made.bytes > 0);
        // Written while the store is open and in WAL mode; the copy stands alone.
        assert!(!PathBuf::from(format!("{}-wal", copy.display())).exists());
        assert_eq!(verify(&copy).unwrap(), migrations::latest_version());
        assert_eq!(names(&copy), ["Ann Lee"]);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".partial-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn automatic_backups_are_daily_and_rotated() {
        let (_dir, db) = workspace();
        let mut store = Store::open(&db).unwrap();
        add(&mut store, "Ann Lee");
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let first = automatic_on(&store, day(1), 3).unwrap().expect("first backup of the day");
        assert_eq!(first.path, folder(&db).join("net-2026-11-01.db"));
        assert_eq!(automatic_on(&store, day(1), 3).unwrap(), None, "one per day");
        for d in 2..=5 {
            assert!(automatic_on(&store, day(d), 3).unwrap().is_some());
        }
        let mut kept: Vec<String> = list(&db)
            .unwrap()
            .iter()
            .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        kept.sort();
        assert_eq!(kept, ["net-2026-11-03.db", "net-2026-11-04.db", "net-2026-11-05.db"]);
        // Manual backups are never rotated away.
        backup_to(&store, &manual_path(&db)).unwrap();
        automatic_on(&store, day(6), 3).unwrap();
        let all = list(&db).unwrap();
        assert_eq!(all.iter().filter(|b| b.kind == BackupKind::Manual).count(), 1);
        assert_eq!(all.iter().filter(|b| b.kind == BackupKind::Automatic).count(), 3);
    }

    #[test]
    fn restore_replaces_the_content_and_keeps_the_previous_database() {
        let (dir, db) = workspace();
        let mut store = Store::open(&db).unwrap();
        add(&mut store, "Ann Lee");
        let copy = dir.path().join("copy.db");
        backup_to(&store, &copy).unwrap();
        add(&mut store, "Bob Stone");
        // The store stays open, as the app would be: the restore goes through SQLite.
        let report = restore_from(&copy, &db).unwrap();
        assert_eq!(names(&db), ["Ann Lee"]);
        assert_eq!(people::count(store.conn()).unwrap(), 1, "an open connection sees the restored content");
        let kept = report.previous_kept_at.expect("the previous database is kept");
        assert_eq!(names(&kept), ["Ann Lee", "Bob Stone"]);
        assert_eq!(latest(&db).unwrap().map(|b| b.kind), None, "only the before-restore copy exists");
        assert_eq!(list(&db).unwrap()[0].kind, BackupKind::BeforeRestore);
    }

    #[test]
    fn restore_over_a_file_too_damaged_to_open_moves_it_aside() {
        let (dir, db) = workspace();
        let mut store = Store::open(&db).unwrap();
        add(&mut store, "Ann Lee");
        let copy = dir.path().join("copy.db");
        backup_to(&store, &copy).unwrap();
        drop(store);
        std::fs::write(&db, b"this is no database".repeat(500)).unwrap();
        assert!(matches!(Store::open(&db), Err(Error::Damaged { .. })));
        let report = restore_from(&copy, &db).unwrap();
        assert_eq!(names(&db), ["Ann Lee"]);
        let moved = report.previous_kept_at.unwrap();
        assert!(moved.to_string_lossy().contains(".damaged-"));
        assert_eq!(std::fs::read(&moved).unwrap(), b"this is no database".repeat(500));
    }

    #[test]
    fn a_bad_backup_is_refused_and_the_database_is_untouched() {
        let (dir, db) = workspace();
        let mut store = Store::open(&db).unwrap();
        add(&mut store, "Ann Lee");
        drop(store);
        let before = names(&db);

        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, b"not sqlite at all").unwrap();
        let e = restore_from(&garbage, &db).unwrap_err().to_string();
        assert!(e.contains("garbage.db") && e.contains("not a readable IntroGraph database"), "{e}");

        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;")
            .unwrap();
        let e = restore_from(&foreign, &db).unwrap_err().to_string();
        assert!(e.contains("not an IntroGraph database"), "{e}");

        let newer = dir.path().join("newer.db");
        backup_to(&Store::open(&db).unwrap(), &newer).unwrap();
        Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let e = restore_from(&newer, &db).unwrap_err().to_string();
        assert!(e.contains("newer IntroGraph"), "{e}");

        let e = restore_from(&dir.path().join("missing.db"), &db).unwrap_err();
        assert!(matches!(e, Error::NotFound { .. }), "{e}");
        assert_eq!(names(&db), before);
    }

    /// A workspace with "Person 0" … "Person {n-1}".
    fn with_numbered_people(path: &Path, n: usize) -> Store {
        let names: Vec<String> = (0..n).map(|i| format!("Person {i}")).collect();
        with_people(path, &names.iter().map(String::as_str).collect::<Vec<_>>())
    }

    fn with_people(path: &Path, names: &[&str]) -> Store {
        let mut store = Store::open(path).unwrap();
        for n in names {
            store
                .write(|tx| people::add(tx, &PersonInput { full_name: (*n).into(), ..Default::default() }))
                .unwrap();
        }
        store
    }

    #[test]
    fn a_blank_workspace_alone_on_its_file_takes_the_files_place_and_the_old_one_is_unreadable() {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        drop(with_numbered_people(&dir.path().join("from.db"), 300));
        let mut blank = Store::open(dir.path().join("ws.db")).unwrap();
        // A program holding the blank file (not through SQLite, which would not be "alone").
        let mut held = std::fs::File::open(dir.path().join("ws.db")).unwrap();
        replace_blank(&mut blank, &dir.path().join("from.db")).unwrap();
        assert!(!dir.path().join("from.db").exists(), "the file took the workspace's name");
        let mut head = [0u8; 27];
        held.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"replaced by a team snapshot", "the blank file no longer reads as a database");
        assert_eq!(people::count(blank.conn()).unwrap(), 300);
        let mode: String = blank.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        // Other connections may open it and write as usual.
        let other = open_raw(&dir.path().join("ws.db")).unwrap();
        other.execute("UPDATE people SET title = 'CFO' WHERE full_name = 'Person 1'", []).unwrap();
        assert!(health::integrity_check(blank.conn()).unwrap().is_empty());
    }

    #[test]
    fn a_workspace_with_anything_in_it_refuses_another_files_content_and_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        drop(with_people(&dir.path().join("from.db"), &["Ann", "Bo"]));
        let mut mine = with_people(&dir.path().join("ws.db"), &["Mine"]);
        let e = replace_blank(&mut mine, &dir.path().join("from.db")).unwrap_err();
        assert!(e.to_string().contains("not empty"), "{e}");
        let names: Vec<String> = people::list(mine.conn(), crate::store::Page::first(10))
            .unwrap()
            .into_iter()
            .map(|p| p.full_name)
            .collect();
        assert_eq!(names, ["Mine"]);
        let mode: String = mine.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        // The same with another connection open (the copy through the WAL).
        let other = open_raw(&dir.path().join("ws.db")).unwrap();
        let e = replace_blank(&mut mine, &dir.path().join("from.db")).unwrap_err();
        assert!(e.to_string().contains("not empty"), "{e}");
        let n: i64 = other.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn with_another_connection_open_the_copy_holds_the_write_lock_from_its_first_page() {
        let dir = tempfile::tempdir().unwrap();
        drop(with_numbered_people(&dir.path().join("from.db"), 300));
        let mut blank = Store::open(dir.path().join("ws.db")).unwrap();
        let other = open_raw(&dir.path().join("ws.db")).unwrap();
        other.busy_timeout(Duration::from_millis(50)).unwrap();
        // What replace_blank counts on: after the first step, no other connection can commit.
        {
            let source = Connection::open(dir.path().join("from.db")).unwrap();
            let backup = Backup::new(&source, &mut blank.conn).unwrap();
            assert_eq!(backup.step(1).unwrap(), StepResult::More);
            assert!(other.execute_batch("BEGIN IMMEDIATE").is_err(), "the copy holds the write lock");
        }
        let _ = other.execute_batch("ROLLBACK");
        // The blank workspace (the unfinished copy wrote nothing) then takes it whole.
        assert_eq!(people::count(blank.conn()).unwrap(), 0);
        replace_blank(&mut blank, &dir.path().join("from.db")).unwrap();
        assert_eq!(people::count(blank.conn()).unwrap(), 300);
        let n: i64 = other.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 300, "the other connection sees the new content");
        let mode: String = blank.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
}
