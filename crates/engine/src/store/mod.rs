//! The SQLite store: the only module that runs SQL.
//!
//! Invariants:
//! - the schema is brought up to date when a database is opened, atomically
//!   (see [`migrations`]); a shipped migration is never edited;
//! - every multi-row write happens in one transaction, so a failed command
//!   changes nothing;
//! - SQL is always parameterised;
//! - an existing database file passes `PRAGMA quick_check` before it is used (at most
//!   once per day, see [`health`]); a damaged one is refused with an error that names
//!   the file and the command restoring its latest backup ([`backup`]). The app opens
//!   with [`Store::open_unchecked`] and runs the same check on a connection of its own
//!   while the window works, then stops using a file that fails it.

pub mod assessments;
pub mod backup;
pub mod browse;
pub mod bundle;
pub mod conflicts;
pub mod duplicates;
pub mod exchanges;
pub mod graph_snapshot;
pub mod health;
pub mod integrity;
pub mod json_backup;
pub mod mappings;
pub mod merge;
pub mod migrations;
pub mod network;
pub mod opportunities;
pub mod organisations;
pub mod people;
pub mod rekey;
pub mod relationships;
pub mod removal;
pub mod reps;
pub mod requests;
pub mod rows;
pub mod settings;
pub mod sync;
pub mod targets;
pub mod team;
pub mod touches;
pub mod undo;

pub use organisations::resolve_organisation;
pub use people::resolve_person;
pub use reps::current_rep;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};

use crate::error::{Error, Result};
use crate::model::Target;

/// How long a writer waits for another writer (the app and the CLI may share a file).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Prepared statements kept per connection (see [`Store::open`]).
const STATEMENT_CACHE: usize = 128;

/// The page cache of a database file's connection, in KiB (SQLite's default is 2 MiB;
/// it grows only as pages are used). A name search at a million people touches a few
/// thousand pages scattered over the index and the people table; with the default
/// cache most of them were read again from the OS on every keystroke (p99 24 ms at 1M
/// people, 15.7 ms with this cache).
const READ_CACHE_KIB: i64 = 64 * 1024;

/// An open IntroGraph database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// While an undoable action runs ([`undo::record`]): the changeset of each transaction
    /// it committed, oldest first.
    recording: Option<Vec<Vec<u8>>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the latest
    /// schema. An existing file is first checked, once a day ([`health::check_on_open`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path.as_ref(), true)
    }

    /// [`Store::open`] without the daily check: for a program that runs it apart
    /// ([`health::daily_check`] on a connection of its own) and stops using the store if it
    /// fails. The app does: reading every page of a large file takes seconds (17 s for 5 GB),
    /// and its window need not wait for them.
    pub fn open_unchecked(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path.as_ref(), false)
    }

    fn open_with(path: &Path, check: bool) -> Result<Self> {
        if path.is_dir() {
            return Err(Error::invalid(
                "database",
                format!(
                    "{} is a folder, not a database file; name a file in it, e.g. {}",
                    path.display(),
                    path.join("intrograph.db").display()
                ),
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| opening_error(path, e))?;
        Self::init(conn, Some(path.to_path_buf()), check).map_err(|e| match e {
            Error::Database(e)
            | Error::Migration(rusqlite_migration::Error::RusqliteError { err: e, .. }) => {
                opening_error(path, e)
            }
            e => e,
        })
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?, None, false)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>, check: bool) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Imports and edits cycle through more distinct statements than rusqlite's
        // default cache (16) holds; re-preparing them was a fifth of an import's time.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        if path.is_some() {
            // WAL lets the app read while the CLI writes; NORMAL sync is durable in WAL mode
            // up to the last checkpointed transaction and never corrupts.
            use_wal(&conn)?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "cache_size", -READ_CACHE_KIB)?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > migrations::latest_version() {
            let file =
                path.as_deref().map_or_else(|| "the database".to_string(), |p| p.display().to_string());
            return Err(Error::Conflict(format!(
                "{file} was made by a newer IntroGraph (schema version {version}; this one knows up to {}); \
                 update IntroGraph to open it",
                migrations::latest_version()
            )));
        }
        let checked = match &path {
            Some(path) if check => health::check_on_open(&conn, path, chrono::Local::now().date_naive())?,
            _ => None,
        };
        migrate(&mut conn)?;
        let mut store = Self { conn, path, recording: None };
        store.restore_after_cut_load()?;
        if let Some(day) = checked {
            store.write(|tx| settings::set(tx, health::LAST_QUICK_CHECK, &day))?;
        }
        Ok(store)
    }

    /// A team first pull cut off with the big tables' indexes set aside
    /// ([`sync::set_aside_for_load`]): they are created again now, so the workspace works
    /// as usual. When another program holds the write lock (that pull going on), it is left
    /// to that pull, which creates them in its last part.
    fn restore_after_cut_load(&mut self) -> Result<()> {
        if self.path.is_none() || !sync::load_aside(&self.conn)? {
            return Ok(());
        }
        self.conn.busy_timeout(Duration::ZERO)?;
        let at = chrono::Utc::now().to_rfc3339();
        let restored = self.write(|tx| sync::restore_after_load(tx, &at));
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        match restored {
            Ok(_) => Ok(()),
            Err(Error::Database(e)) if is_busy(&e) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The file this store lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is committed, or none of it.
    ///
    /// While an undoable action is recorded ([`undo::record`]), a SQLite session watches
    /// the base tables during the transaction and its changeset is kept for the action.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let Some(recording) = self.recording.as_mut() else {
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            return Ok(value);
        };
        let mut session = undo::session(&self.conn)?;
        // The session borrows the connection too, so the transaction is begun on a shared
        // borrow; `&mut self` still guarantees none is open.
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        let mut changes = Vec::new();
        session.changeset_strm(&mut changes)?;
        drop(session);
        tx.commit()?;
        if !changes.is_empty() {
            recording.push(changes);
        }
        Ok(value)
    }

    /// Runs `f` (its own writes) with SQLite's foreign-key checks off, and turns them
    /// back on afterwards, whatever `f` returns. Only for a writer whose every
    /// reference was read from the store inside the same transaction, so that the
    /// keys hold by construction: the relationships import, where the two index
    /// lookups per row were a large part of the cost.
    pub(crate) fn with_references_trusted<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let out = f(self);
        self.conn.pragma_update(None, "foreign_keys", true)?;
        out
    }

    /// Runs `f` in a transaction that is always rolled back: a dry run that shows
    /// what a write would do (an import preview) without changing anything.
    pub fn preview<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.rollback()?;
        Ok(value)
    }

    /// The schema version recorded in the file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// Drops, inside `tx`, the indexes and triggers that `which` picks from `sqlite_schema`
/// (a condition on `type`, `name` and `tbl_name`; those SQLite keeps itself, with no
/// stored definition, are never picked), for a bulk load to run without them. Returns
/// their stored definitions for [`restore_schema`]; rolling the transaction back brings
/// them back too.
pub(crate) fn set_schema_aside(tx: &Transaction<'_>, which: &str) -> Result<Vec<String>> {
    let set_aside: Vec<(String, String, String)> = tx
        .prepare_cached(&format!(
            "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND ({which}) ORDER BY type, name"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, _) in &set_aside {
        let kind = if kind == "index" { "INDEX" } else { "TRIGGER" };
        tx.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(set_aside.into_iter().map(|(_, _, sql)| sql).collect())
}

/// Creates again what [`set_schema_aside`] dropped, from the definitions it returned.
pub(crate) fn restore_schema(tx: &Transaction<'_>, definitions: Vec<String>) -> Result<()> {
    for sql in definitions {
        tx.execute_batch(&sql)?;
    }
    Ok(())
}

/// Puts the file in WAL mode. A file is switched once, when it is new (or was made by
/// another program); the switch needs the file to itself, and SQLite answers "busy" at
/// once, without waiting, when another connection has it open at that moment (the app
/// and the command line opening a new file together). So it is tried again until
/// [`BUSY_TIMEOUT`], as every other lock is waited for.
pub(crate) fn use_wal(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        let error = match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
        {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        if !is_busy(&error) || started.elapsed() > BUSY_TIMEOUT {
            return Err(error.into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Brings the schema up to date. Two programs may open an old or new file at the same
/// moment: the one that loses the race waits, then finds the schema current.
fn migrate(conn: &mut Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        let error = match migrations::migrations().to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(e) => e,
        };
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == migrations::latest_version() {
            return Ok(()); // another program migrated it first
        }
        let busy = matches!(
            &error,
            rusqlite_migration::Error::RusqliteError { err, .. } if is_busy(err)
        );
        if !busy || started.elapsed() > BUSY_TIMEOUT {
            return Err(error.into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// What went wrong opening the file at `path`, said of the file: damage, a file the
/// program may not write, a file another program holds locked, or not a database at all.
fn opening_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let shown = path.display();
    if health::is_corruption(&e) {
        return health::damaged(path, e.to_string());
    }
    let reason = match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => format!(
            "the database {shown} is read-only: IntroGraph needs to write to it (and to its folder); \
             check the permissions of the file and its folder"
        ),
        Some(ErrorCode::PermissionDenied) => {
            format!(
                "the database {shown} cannot be opened: permission denied; check the permissions of the file"
            )
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "the database {shown} is locked by another program that did not let go within {} s; \
             close it (another IntroGraph, a database browser) and try again",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::CannotOpen) => format!("the database {shown} cannot be opened: {e}"),
        _ => return e.into(),
    };
    Error::Unavailable(reason)
}

pub use crate::model::clock::now;

/// A window into a sorted list: skip `offset` rows, return at most `limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub offset: u64,
    pub limit: u64,
}

impl Page {
    /// Everything.
    pub const ALL: Page = Page { offset: 0, limit: i64::MAX as u64 };

    pub fn first(limit: u64) -> Self {
        Self { offset: 0, limit }
    }

    fn sql_limit(self) -> i64 {
        i64::try_from(self.limit).unwrap_or(i64::MAX)
    }

    fn sql_offset(self) -> i64 {
        i64::try_from(self.offset).unwrap_or(i64::MAX)
    }
}

impl Default for Page {
    fn default() -> Self {
        Self::first(50)
    }
}

/// Resolves a query typed by a user to a person or an organisation (an id, an email,
/// a name or domain). A query that names both a person and an organisation is ambiguous.
pub fn resolve_target(conn: &Connection, query: &str) -> Result<Target> {
    use people::MatchQuality::Exact;
    let person = people::resolve_ranked(conn, query);
    let org = organisations::resolve_ranked(conn, query);
    match (person, org) {
        (Ok((p, _)), Err(Error::NotFound { .. })) => Ok(Target::Person(p.id)),
        (Err(Error::NotFound { .. }), Ok((o, _))) => Ok(Target::Organisation(o.id)),
        // An exact match of one kind beats a partial match of the other.
        (Ok((p, Exact)), Ok((_, q))) if q != Exact => Ok(Target::Person(p.id)),
        (Ok((_, q)), Ok((o, Exact))) if q != Exact => Ok(Target::Organisation(o.id)),
        (Ok((p, _)), Ok((o, _))) => Err(Error::Ambiguous {
            what: "person or organisation",
            query: query.to_string(),
            candidates: vec![
                format!("person {}", people::describe(conn, p.id)?),
                format!("organisation {} (id {})", o.name, o.id),
            ],
        }),
        (Err(Error::NotFound { .. }), Err(Error::NotFound { .. })) => Err(Error::not_found(
            "person or organisation",
            format!("{:?}; search with `intrograph person search` or `intrograph org search`", query.trim()),
        )),
        (Err(Error::NotFound { .. }), Err(e)) | (Err(e), _) | (_, Err(e)) => Err(e),
    }
}
