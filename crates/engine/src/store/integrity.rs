//! Is the file whole? SQLite's own checks (`PRAGMA quick_check`, `PRAGMA integrity_check`)
//! and its word for a damaged file. Used by the start-up check (`health`) and by the backups
//! (`backup`), which verify a copy before trusting it.

use rusqlite::{Connection, ErrorCode};

use crate::error::Result;

/// Problems reported by `PRAGMA quick_check` (structure, without index contents);
/// empty when the database is whole.
pub fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    pragma_check(conn, "quick_check")
}

/// Problems reported by `PRAGMA integrity_check` (everything, indexes included);
/// empty when the database is whole.
pub fn integrity_check(conn: &Connection) -> Result<Vec<String>> {
    pragma_check(conn, "integrity_check")
}

fn pragma_check(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let line = row?;
        if line != "ok" {
            problems.push(line);
        }
    }
    Ok(problems)
}

/// True when `e` is SQLite saying the file is corrupt or not a database.
pub fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
}
