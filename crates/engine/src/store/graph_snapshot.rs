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
use crate::model::{OrganisationId, PersonId, RelationshipId};

/// The token of a graph file that matches the tables, if there is one.
pub fn ready_token(conn: &Connection) -> Result<Option<Uuid>> {
    Ok(conn
        .prepare_cached("SELECT token FROM graph_snapshot WHERE id = 1 AND ready = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Stores a fresh token, not ready yet, before the tables are read for a new file,
/// and empties the list of changes. The token goes first: should the second
/// statement fail, the old file is already untrusted, and entries left over are
/// applied to the new one harmlessly.
pub fn begin(conn: &Connection) -> Result<Uuid> {
    let token = Uuid::new_v4();
    conn.prepare_cached("INSERT OR REPLACE INTO graph_snapshot (id, token, ready) VALUES (1, ?1, 0)")?
        .execute([token])?;
    conn.prepare_cached("DELETE FROM graph_changes")?.execute([])?;
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
    conn.prepare_cached("DELETE FROM graph_changes")?.execute([])?;
    Ok(())
}

/// What changed since the file of a token was saved: each id once, in the order of
/// its first change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub people: Vec<PersonId>,
    pub organisations: Vec<OrganisationId>,
    /// People whose employments changed.
    pub employments_of: Vec<PersonId>,
    pub relationships: Vec<RelationshipId>,
    /// Each relationship's ends before an update or a delete, as listed (a
    /// relationship edited twice has two entries): where the saved graph may hold it.
    pub old_ends: Vec<(RelationshipId, PersonId, PersonId)>,
}

impl Changes {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
            && self.organisations.is_empty()
            && self.employments_of.is_empty()
            && self.relationships.is_empty()
    }
}

/// The changes listed since the file of `token` was saved, or `None` when `token` is
/// not the ready one (the file is then not to be used). Read it in the same read
/// transaction as the rows the changes are applied from.
pub fn changes(conn: &Connection, token: Uuid) -> Result<Option<Changes>> {
    Ok(changes_after(conn, token, 0)?.map(|(changes, _)| changes))
}

/// Where the list of changes stands: the ready token and the number of its last entry
/// (0 when none), or `None` when no saved graph is trusted. A reader that applied the
/// changes up to here reads only the later ones next time ([`changes_after`]).
pub fn position(conn: &Connection) -> Result<Option<(Uuid, i64)>> {
    super::rows::in_snapshot(conn, |conn| {
        let Some(token) = ready_token(conn)? else { return Ok(None) };
        let last: i64 = conn
            .prepare_cached("SELECT coalesce(max(seq), 0) FROM graph_changes")?
            .query_row([], |r| r.get(0))?;
        Ok(Some((token, last)))
    })
}

/// The changes listed after entry `after` since the file of `token` was saved, with the
/// number of the last entry read (`after` when none), or `None` when `token` is not the
/// ready one. Read it in the same read transaction as the rows the changes are applied
/// from.
pub fn changes_after(conn: &Connection, token: Uuid, after: i64) -> Result<Option<(Changes, i64)>> {
    if ready_token(conn)? != Some(token) {
        return Ok(None);
    }
    fn first_time<T: Copy + Eq + std::hash::Hash>(
        seen: &mut std::collections::HashSet<T>,
        list: &mut Vec<T>,
        x: T,
    ) {
        if seen.insert(x) {
            list.push(x);
        }
    }
    let mut out = Changes::default();
    let (mut people, mut orgs, mut employments, mut rels) = Default::default();
    let mut last = after;
    let mut st = conn.prepare_cached(
        "SELECT kind, id, old_a, old_b, seq FROM graph_changes WHERE seq > ?1 ORDER BY seq",
    )?;
    let mut rows = st.query([after])?;
    while let Some(r) = rows.next()? {
        let kind: i64 = r.get(0)?;
        let id: Uuid = r.get(1)?;
        last = r.get(4)?;
        match kind {
            0 => first_time(&mut people, &mut out.people, PersonId(id)),
            1 => first_time(&mut orgs, &mut out.organisations, OrganisationId(id)),
            2 => first_time(&mut employments, &mut out.employments_of, PersonId(id)),
            _ => {
                let id = RelationshipId(id);
                first_time(&mut rels, &mut out.relationships, id);
                if let (Some(a), Some(b)) = (r.get::<_, Option<Uuid>>(2)?, r.get::<_, Option<Uuid>>(3)?) {
                    out.old_ends.push((id, PersonId(a), PersonId(b)));
                }
            }
        }
    }
    Ok(Some((out, last)))
}
