//! The token that says whether the graph file saved beside the database still
//! matches the tables (see [`crate::graph::snapshot`]).
//!
//! `graph_snapshot` holds at most one row. Saving a graph first stores a fresh
//! token, not ready ([`begin`]), then reads the tables, writes the file under that
//! token and marks the token ready ([`mark_ready`]) only if the row is still there.
//! Triggers delete the row on any change to people, organisations, employments or
//! relationships, so a change at any moment after [`begin`] leaves the file
//! untrusted, whichever connection or process made it.

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::error::Result;

/// The token of a graph file that matches the tables, if there is one.
pub fn ready_token(conn: &Connection) -> Result<Option<Uuid>> {
    Ok(conn
        .prepare_cached("SELECT token FROM graph_snapshot WHERE id = 1 AND ready = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Stores a fresh token, not ready yet, before the tables are read for a new file
/// (one statement: atomic on its own).
pub fn begin(conn: &Connection) -> Result<Uuid> {
    let token = Uuid::new_v4();
    conn.prepare_cached("INSERT OR REPLACE INTO graph_snapshot (id, token, ready) VALUES (1, ?1, 0)")?
        .execute([token])?;
    Ok(token)
}

/// Marks `token` ready once its file is written. False when the tables changed
/// since [`begin`] (or another save began): the file is then never trusted.
pub fn mark_ready(conn: &Connection, token: Uuid) -> Result<bool> {
    let n = conn
        .prepare_cached("UPDATE graph_snapshot SET ready = 1 WHERE id = 1 AND token = ?1")?
        .execute(params![token])?;
    Ok(n == 1)
}

/// Forgets any saved graph (for writers that bypass the triggers).
pub fn forget(conn: &Connection) -> Result<()> {
    conn.prepare_cached("DELETE FROM graph_snapshot")?.execute([])?;
    Ok(())
}
