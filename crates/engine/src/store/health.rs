//! Is the database whole? A quick structural check when a database opens
//! (`PRAGMA quick_check`), a full `PRAGMA integrity_check` on demand, and the
//! recovery choice shown when a check fails: restore the latest automatic backup.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use super::backup::{self, BackupInfo};
pub use super::integrity::{integrity_check, is_corruption, quick_check};
use crate::error::{Error, Result};

/// The setting holding the day of the last start-up check (`"2026-11-23"`).
pub const LAST_QUICK_CHECK: &str = "health.last_quick_check";

/// The start-up check: on a database that already has a schema and was not checked
/// `today`, runs `PRAGMA quick_check` and refuses a damaged file with
/// [`Error::Damaged`]. Returns the day to record as checked, if a check ran.
///
/// Once a day, not on every open: the CLI opens the database for every command and a
/// quick check reads every page: 0.2-0.3 s on a database of 100,000 people (48 MB).
pub fn check_on_open(conn: &Connection, database: &Path, today: NaiveDate) -> Result<Option<NaiveDate>> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == 0 {
        return Ok(None); // a new, empty file: nothing to check
    }
    let last: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [LAST_QUICK_CHECK], |r| r.get(0))
        .optional()
        .unwrap_or(None);
    if last.and_then(|v| serde_json::from_str::<NaiveDate>(&v).ok()) == Some(today) {
        return Ok(None);
    }
    let problems = match quick_check(conn) {
        Ok(p) => p,
        Err(Error::Database(e)) if is_corruption(&e) => vec![e.to_string()],
        Err(e) => return Err(e),
    };
    if let Some(first) = problems.first() {
        let more = if problems.len() > 1 {
            format!(" and {} more problems", problems.len() - 1)
        } else {
            String::new()
        };
        return Err(damaged(database, format!("{first}{more}")));
    }
    Ok(Some(today))
}

/// The daily check of a file another connection has open ([`super::Store::open_unchecked`]):
/// [`check_on_open`] through a connection of its own, which reads one snapshot while the
/// other goes on reading and writing. Returns the day to record as checked (with
/// [`LAST_QUICK_CHECK`]), if a check ran; a damaged file is [`Error::Damaged`].
pub fn daily_check(database: &Path, today: NaiveDate) -> Result<Option<NaiveDate>> {
    let conn = Connection::open_with_flags(
        database,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    let checked = conn.execute_batch("BEGIN DEFERRED").map_err(Error::from).and_then(|()| {
        let checked = check_on_open(&conn, database, today);
        // Only read: ending the transaction either way changes nothing.
        let _ = conn.execute_batch("ROLLBACK");
        checked
    });
    checked.map_err(|e| match e {
        Error::Database(e) if is_corruption(&e) => damaged(database, e.to_string()),
        e => e,
    })
}

/// What the user can do about a damaged database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recovery {
    pub database: PathBuf,
    /// The newest backup, the one to restore.
    pub latest_backup: Option<BackupInfo>,
    /// The exact command that restores it.
    pub restore_command: String,
}

/// The recovery choice for the database at `database`: its newest backup and the
/// command that restores it. The app shows the same choice as the CLI's error.
pub fn recovery(database: &Path) -> Recovery {
    Recovery {
        database: database.to_path_buf(),
        latest_backup: backup::latest(database).ok().flatten(),
        restore_command: format!("intrograph --db \"{}\" db restore --latest", database.display()),
    }
}

/// The error for a damaged database, naming the file and how to recover.
pub fn damaged(database: &Path, problem: impl Into<String>) -> Error {
    let r = recovery(database);
    Error::Damaged {
        path: database.to_path_buf(),
        problem: problem.into(),
        latest_backup: r.latest_backup.map(|b| b.path),
        restore_command: r.restore_command,
    }
}

/// The result of a full check of a database file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub database: PathBuf,
    pub ok: bool,
    pub problems: Vec<String>,
    pub schema_version: Option<i64>,
    pub recovery: Option<Recovery>,
}

/// Runs `PRAGMA integrity_check` on the file at `database` without migrating or
/// changing it; a damaged file gives a report with its recovery choice, not an error.
pub fn check_file(database: &Path) -> Result<Report> {
    if !database.is_file() {
        return Err(Error::not_found("database file", database.display().to_string()));
    }
    let checked = (|| -> rusqlite::Result<(Vec<String>, i64)> {
        let conn = Connection::open_with_flags(
            database,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(super::BUSY_TIMEOUT)?;
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let problems = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok((problems, version))
    })();
    let (problems, schema_version) = match checked {
        Ok((p, v)) => (p, Some(v)),
        Err(e) if is_corruption(&e) => (vec![e.to_string()], None),
        Err(e) => return Err(e.into()),
    };
    let ok = problems.is_empty();
    Ok(Report {
        database: database.to_path_buf(),
        ok,
        problems,
        schema_version,
        recovery: (!ok).then(|| recovery(database)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::people::{self, PersonInput};
    use crate::store::Store;

    /// A database with enough people to span many pages, closed (WAL checkpointed).
    fn filled(dir: &Path) -> PathBuf {
        let db = dir.join("net.db");
        let mut store = Store::open(&db).unwrap();
        store
            .write(|tx| {
                for i in 0..2000 {
                    let notes = format!("notes for person {i} ").repeat(5);
                    people::add(
                        tx,
                        &PersonInput { full_name: format!("Person {i}"), notes, ..Default::default() },
                    )?;
                }
                Ok(())
            })
            .unwrap();
        drop(store);
        db
    }

    /// Overwrites pages in the middle of the file with garbage.
    fn corrupt(db: &Path) {
        let mut bytes = std::fs::read(db).unwrap();
        assert!(
            !PathBuf::from(format!("{}-wal", db.display())).exists(),
            "closed, so all pages are in the file"
        );
        assert!(bytes.len() > 100_000, "{} bytes", bytes.len());
        let start = bytes.len() / 2;
        for b in &mut bytes[start..start + 16_384] {
            *b = 0xA5;
        }
        std::fs::write(db, bytes).unwrap();
    }

    #[test]
    fn a_damaged_database_is_refused_with_the_file_and_the_restore_command() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path());
        {
            let mut store = Store::open(&db).unwrap();
            backup::automatic(&store).unwrap();
            // Last checked yesterday: today's first open checks.
            let yesterday = chrono::Local::now().date_naive().pred_opt().unwrap();
            store.write(|tx| crate::store::settings::set(tx, LAST_QUICK_CHECK, &yesterday)).unwrap();
        }
        corrupt(&db);
        let e = Store::open(&db).err().expect("a damaged file is refused");
        assert_eq!(e.code(), "Damaged");
        let message = e.to_string();
        assert!(message.contains(&db.display().to_string()), "{message}");
        assert!(
            message.contains(&format!("intrograph --db \"{}\" db restore --latest", db.display())),
            "{message}"
        );
        assert!(message.contains("backups"), "names the backup to restore: {message}");
        let report = check_file(&db).unwrap();
        assert!(!report.ok && !report.problems.is_empty());
        assert!(report.recovery.unwrap().latest_backup.is_some());
    }

    #[test]
    fn the_start_up_check_runs_at_most_once_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path());
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let mut store = Store::open(&db).unwrap();
        store.write(|tx| crate::store::settings::set(tx, LAST_QUICK_CHECK, &day(1))).unwrap();
        assert_eq!(check_on_open(store.conn(), &db, day(1)).unwrap(), None);
        assert_eq!(check_on_open(store.conn(), &db, day(2)).unwrap(), Some(day(2)));
        // A new, empty file has nothing to check.
        let fresh = Connection::open(dir.path().join("new.db")).unwrap();
        assert_eq!(check_on_open(&fresh, &dir.path().join("new.db"), day(2)).unwrap(), None);
    }

    #[test]
    fn the_daily_check_runs_apart_from_a_store_opened_without_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path());
        let today = chrono::Local::now().date_naive();
        let yesterday = today.pred_opt().unwrap();
        {
            let mut store = Store::open(&db).unwrap();
            backup::automatic(&store).unwrap();
            store.write(|tx| crate::store::settings::set(tx, LAST_QUICK_CHECK, &yesterday)).unwrap();
        }
        // A whole file: checked while a store has it open, once a day.
        let mut store = Store::open_unchecked(&db).unwrap();
        assert_eq!(daily_check(&db, today).unwrap(), Some(today));
        store.write(|tx| crate::store::settings::set(tx, LAST_QUICK_CHECK, &today)).unwrap();
        assert_eq!(daily_check(&db, today).unwrap(), None);
        drop(store);

        // A damaged one opens without the check, and the check apart refuses it, naming
        // the backup to restore, as the check on opening does.
        // (The day forgotten, so that the next check runs; closed, so every page is in the file.)
        Store::open(&db)
            .unwrap()
            .conn()
            .execute("DELETE FROM settings WHERE key = ?1", [LAST_QUICK_CHECK])
            .unwrap();
        corrupt(&db);
        let opened = Store::open_unchecked(&db).expect("opens without reading every page");
        let e = daily_check(&db, today).expect_err("a damaged file fails the check");
        assert_eq!(e.code(), "Damaged");
        assert!(e.to_string().contains("backups"), "{e}");
        assert_eq!(Store::open(&db).err().map(|e| e.code()), Some("Damaged"));
        drop(opened);
    }

    #[test]
    fn a_whole_database_passes_the_full_check() {
        let dir = tempfile::tempdir().unwrap();
        let db = filled(dir.path());
        let report = check_file(&db).unwrap();
        assert!(report.ok, "{:?}", report.problems);
        assert_eq!(report.schema_version, Some(crate::store::migrations::latest_version()));
        assert_eq!(report.recovery, None);
    }
}
