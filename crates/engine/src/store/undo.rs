//! Undo: the last few merges, removals, stage moves and imports can be taken back.
//!
//! While an undoable action runs ([`record`]), every transaction it commits through
//! [`Store::write`] is watched by a SQLite session (the `session` extension) attached to the
//! base tables; the changesets are combined into one and kept in `undo_history` (migration
//! 0014) with what the action was. [`undo`] applies the inverse of an action's changeset in
//! one transaction:
//!
//! - The tables kept by triggers (the name search, the metrics summaries, the saved graph's
//!   token and list of changes) are never recorded ([`is_recorded`]): applying the inverse to
//!   the base tables fires their triggers, which put them right, exactly as the action's own
//!   writes did.
//! - Foreign keys are off while it applies: the changeset already holds every row the action
//!   changed, cascades included, so a cascade would only change rows twice. Afterwards the
//!   tables referring to a table the undo removed rows from are checked
//!   (`PRAGMA foreign_key_check`): a later record pointing at something the undo would take
//!   away (a touch logged on an imported person) refuses the undo.
//! - A later change to any row the action changed is a conflict: the undo is refused whole,
//!   with a message naming what changed, and nothing is written.
//!
//! The history keeps the newest [`KEEP`] actions; a JSON restore empties it.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::session::{invert_strm, Changegroup, ChangesetIter, ConflictAction, ConflictType, Session};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};

/// How many actions the history keeps (the newest).
pub const KEEP: i64 = 20;

/// How many bytes of changesets the history keeps at most, newest first (the newest action
/// is always kept). An import of 20,000 LinkedIn contacts records about 10 MB.
pub const KEEP_BYTES: i64 = 256 * 1024 * 1024;

/// Tables whose rows are derived from the others by triggers, and the history itself.
const DERIVED: &[&str] = &[
    "undo_history",
    "graph_snapshot",
    "graph_changes",
    "request_daily",
    "request_sources",
    "request_asks_daily",
    "request_follow_ups",
];

/// Whether changes to `table` are recorded for undo: the base tables only (not the
/// trigger-kept tables, the name-search index and its shadow tables, the team sync's
/// bookkeeping, or SQLite's own).
pub fn is_recorded(table: &str) -> bool {
    !DERIVED.contains(&table)
        && !table.starts_with("people_search")
        && !table.starts_with("sqlite_")
        // The team sync's bookkeeping: an undo is a new change to send, not a rewind of it.
        && !table.starts_with("sync_")
}

/// What kind of action an entry undoes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "UndoKind"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Merge,
    Delete,
    StageMove,
    Import,
}

impl ActionKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Merge => "merge",
            Self::Delete => "delete",
            Self::StageMove => "stage_move",
            Self::Import => "import",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "merge" => Self::Merge,
            "delete" => Self::Delete,
            "stage_move" => Self::StageMove,
            "import" => Self::Import,
            other => {
                return Err(Error::Conflict(format!("unknown kind of action {other:?} in the undo history")))
            }
        })
    }
}

/// An action in the undo history.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "UndoEntry"))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The entry's number (increasing).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When it was done (UTC, RFC 3339).
    pub at: String,
    pub kind: ActionKind,
    /// What was done, in words ("Merged Bob Smith into Robert Smith").
    pub summary: String,
    /// How many rows of the base tables it changed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub changes: i64,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A session recording the base tables of `conn` (see [`Store::write`]).
pub(crate) fn session(conn: &Connection) -> Result<Session<'_>> {
    let mut session = Session::new(conn)?;
    session.table_filter(Some(is_recorded));
    session.attach(None::<&str>)?;
    Ok(session)
}

/// Runs `action` on the store, recording what it changes; when it succeeds and changed
/// something, keeps it in the history as `kind` with the summary `describe` gives, and
/// returns the entry. A failed action changes nothing and records nothing.
pub fn record<T>(
    store: &mut Store,
    kind: ActionKind,
    describe: impl FnOnce(&T, &Store) -> String,
    action: impl FnOnce(&mut Store) -> Result<T>,
) -> Result<(T, Option<Action>)> {
    if store.recording.is_some() {
        return Err(Error::Conflict("an undoable action is already being recorded".into()));
    }
    store.recording = Some(Vec::new());
    let out = action(store);
    let parts = store.recording.take().unwrap_or_default();
    let value = out?;
    if parts.is_empty() {
        return Ok((value, None));
    }
    let mut group = Changegroup::new()?;
    for part in &parts {
        group.add_stream(&mut part.as_slice())?;
    }
    let mut changeset = Vec::new();
    group.output_strm(&mut changeset)?;
    let changes = count_changes(&changeset)?;
    if changes == 0 {
        return Ok((value, None));
    }
    let summary = describe(&value, store);
    let at = timestamp(crate::model::clock::now());
    let id = store.write(|tx| {
        tx.execute(
            "INSERT INTO undo_history (at, kind, summary, changes, changeset) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![at, kind.as_str(), summary, changes, changeset],
        )?;
        let id = tx.last_insert_rowid();
        prune(tx, KEEP, KEEP_BYTES)?;
        Ok(id)
    })?;
    Ok((value, Some(Action { id, at, kind, summary, changes, undone_at: None })))
}

/// Keeps the newest `keep` actions, and of those only as many, newest first, as fit in
/// `keep_bytes` of changesets (the newest is kept whatever its size).
fn prune(conn: &Connection, keep: i64, keep_bytes: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM undo_history WHERE id NOT IN (SELECT id FROM undo_history ORDER BY id DESC LIMIT ?1)",
        [keep],
    )?;
    conn.execute(
        "DELETE FROM undo_history WHERE id IN (
             SELECT id FROM (
                 SELECT id, SUM(length(changeset)) OVER (ORDER BY id DESC) AS upto,
                        row_number() OVER (ORDER BY id DESC) AS n
                 FROM undo_history)
             WHERE upto > ?1 AND n > 1)",
        [keep_bytes],
    )?;
    Ok(())
}

fn count_changes(changeset: &[u8]) -> Result<i64> {
    let mut input: &[u8] = changeset;
    let reader: &mut dyn std::io::Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    let mut n = 0;
    while iter.next()?.is_some() {
        n += 1;
    }
    Ok(n)
}

fn action_of(
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<(i64, String, String, String, i64, Option<String>)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
}

fn to_action(row: (i64, String, String, String, i64, Option<String>)) -> Result<Action> {
    let (id, at, kind, summary, changes, undone_at) = row;
    Ok(Action { id, at, kind: ActionKind::parse(&kind)?, summary, changes, undone_at })
}

const SELECT: &str = "SELECT id, at, kind, summary, changes, undone_at FROM undo_history";

/// The history, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Action>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} ORDER BY id DESC"))?;
    let rows = st.query_map([], action_of)?;
    rows.map(|r| to_action(r?)).collect()
}

/// One entry of the history.
pub fn get(conn: &Connection, id: i64) -> Result<Action> {
    let row =
        conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?.query_row([id], action_of).optional()?;
    match row {
        Some(row) => to_action(row),
        None => Err(Error::not_found(
            "action",
            format!("{id} (the history keeps the last {KEEP} actions; `intrograph undo --list` shows them)"),
        )),
    }
}

/// The newest action not undone yet.
pub fn latest(conn: &Connection) -> Result<Option<Action>> {
    let row = conn
        .prepare_cached(&format!("{SELECT} WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"))?
        .query_row([], action_of)
        .optional()?;
    row.map(to_action).transpose()
}

/// A conflict met while applying an inverse: what kind, and in which table.
#[derive(Debug)]
struct Met {
    kind: ConflictType,
    table: String,
}

fn table_words(table: &str) -> String {
    match table {
        "people" => "a person".into(),
        "person_emails" => "an email address".into(),
        "person_phones" => "a phone number".into(),
        "person_tags" | "tags" => "a tag".into(),
        "employments" => "a position".into(),
        "organisations" => "an organisation".into(),
        "relationships" => "a relationship".into(),
        "touches" => "a touch".into(),
        "intro_requests" => "an introduction request".into(),
        "request_history" => "a request's history".into(),
        "opportunities" => "an opportunity".into(),
        "reps" => "a rep".into(),
        "targets" => "a target".into(),
        other => format!("the {other} table"),
    }
}

fn conflict_message(action: &Action, met: &Met) -> String {
    let what = table_words(&met.table);
    let why = match met.kind {
        ConflictType::SQLITE_CHANGESET_DATA => format!("{what} it changed was changed again since"),
        ConflictType::SQLITE_CHANGESET_NOTFOUND => format!("{what} it changed was removed since"),
        ConflictType::SQLITE_CHANGESET_CONFLICT => format!("{what} it removed was added back since"),
        ConflictType::SQLITE_CHANGESET_CONSTRAINT => {
            format!("putting back {what} would break a rule of the workspace (a later change is in the way)")
        }
        _ => format!("{what} refers to it since"),
    };
    format!("cannot undo \"{}\": {why}; undo the later actions first, or correct it by hand", action.summary)
}

/// Tables with a foreign key to one of `parents`.
fn children_of(conn: &Connection, parents: &BTreeSet<String>) -> Result<BTreeSet<String>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = ?1",
    )?;
    let mut out = BTreeSet::new();
    for parent in parents {
        for name in st.query_map([parent], |r| r.get::<_, String>(0))? {
            out.insert(name?);
        }
    }
    Ok(out)
}

/// Tables the changeset deletes rows from.
fn tables_deleting(changeset: &[u8]) -> Result<BTreeSet<String>> {
    let mut input: &[u8] = changeset;
    let reader: &mut dyn std::io::Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader)?;
    let mut out = BTreeSet::new();
    while let Some(item) = iter.next()? {
        let op = item.op()?;
        if op.code() == rusqlite::hooks::Action::SQLITE_DELETE {
            out.insert(op.table_name().to_string());
        }
    }
    Ok(out)
}

/// Undoes the action `id` (default: the newest not undone yet), restoring exactly the rows
/// it changed; refuses, changing nothing, when a later change conflicts. Returns the entry,
/// now marked undone.
pub fn undo(store: &mut Store, id: Option<i64>) -> Result<Action> {
    let action = match id {
        Some(id) => get(store.conn(), id)?,
        None => latest(store.conn())?.ok_or_else(|| Error::Conflict("there is nothing to undo".into()))?,
    };
    if let Some(at) = &action.undone_at {
        return Err(Error::Conflict(format!("\"{}\" was already undone ({at})", action.summary)));
    }
    let changeset: Vec<u8> =
        store
            .conn()
            .query_row("SELECT changeset FROM undo_history WHERE id = ?1", [action.id], |r| r.get(0))?;
    let mut inverse = Vec::new();
    invert_strm(&mut changeset.as_slice(), &mut inverse)?;
    let removing = tables_deleting(&inverse)?;
    let at = timestamp(crate::model::clock::now());
    let met: Arc<Mutex<Option<Met>>> = Arc::default();
    let undone = store.with_references_trusted(|store| {
        store.write(|tx| {
            let seen = Arc::clone(&met);
            let applied =
                tx.apply_strm(&mut inverse.as_slice(), None::<fn(&str) -> bool>, move |kind, item| {
                    if let Ok(mut slot) = seen.lock() {
                        if slot.is_none() {
                            let table = item.op().map(|op| op.table_name().to_string()).unwrap_or_default();
                            *slot = Some(Met { kind, table });
                        }
                    }
                    ConflictAction::SQLITE_CHANGESET_ABORT
                });
            let first = met.lock().ok().and_then(|mut m| m.take());
            match (applied, first) {
                (_, Some(m)) => return Err(Error::Conflict(conflict_message(&action, &m))),
                (Err(e), None) => return Err(e.into()),
                (Ok(()), None) => {}
            }
            for child in children_of(tx, &removing)? {
                let dangling: Option<String> = tx
                    .prepare("SELECT \"table\" FROM pragma_foreign_key_check(?1) LIMIT 1")?
                    .query_row([&child], |r| r.get(0))
                    .optional()?;
                if let Some(parent) = dangling {
                    let m = Met { kind: ConflictType::SQLITE_CHANGESET_FOREIGN_KEY, table: child.clone() };
                    return Err(Error::Conflict(format!(
                        "{} (it would take away {} that {} added since refers to)",
                        conflict_message(&action, &m),
                        table_words(&parent),
                        table_words(&child)
                    )));
                }
            }
            tx.execute(
                "UPDATE undo_history SET undone_at = ?2 WHERE id = ?1",
                rusqlite::params![action.id, at],
            )?;
            Ok(())
        })
    });
    undone?;
    Ok(Action { undone_at: Some(at), ..action })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_keeps_the_newest_within_the_count_and_the_bytes() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        for size in [10, 40, 30, 20, 500] {
            conn.execute(
                "INSERT INTO undo_history (at, kind, summary, changes, changeset) VALUES ('t', 'import', 's', 1, ?1)",
                [vec![0u8; size]],
            )
            .unwrap();
        }
        let sizes = |c: &Connection| -> Vec<i64> {
            c.prepare("SELECT length(changeset) FROM undo_history ORDER BY id DESC")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        prune(conn, 4, 1000).unwrap();
        assert_eq!(sizes(conn), vec![500, 20, 30, 40], "the oldest beyond the count goes");
        prune(conn, 4, 560).unwrap();
        assert_eq!(sizes(conn), vec![500, 20, 30], "then the oldest beyond the bytes");
        prune(conn, 4, 100).unwrap();
        assert_eq!(sizes(conn), vec![500], "the newest stays whatever its size");
    }
}
