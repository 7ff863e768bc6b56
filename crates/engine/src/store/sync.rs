//! The local half of the team sync (crates/team does the network half): which tables are
//! shared, the triggers that record local changes in an outbox, staging them as numbered
//! changes, and applying pulled changes by the merge rules.
//!
//! Rows are read and written generically, by column name ([`read_row`]), so a column added
//! to a shared table syncs without code changes; a new shared table is one line in
//! [`SHARED`] (its capture triggers are made by [`ensure_capture`]).
//!
//! Merge rules (applied here for pulled changes, and the same on the server for its
//! current-state rows):
//! - per field, the write with the later hybrid logical clock wins; a value it overwrites
//!   is kept in `sync_conflicts`;
//! - a request's stage never moves backwards through a merge (its stage fields move as a
//!   group; the furthest stage wins, a tie goes to the later clock); request history rows
//!   are inserted only, so the history is the union;
//! - a person merge travels as a merge record ([`MERGE`]), applied with
//!   [`merge::merge_people`](super::merge::merge_people) on every desktop;
//! - a deletion is a tombstone: a deleted row stays deleted;
//! - a private relationship never leaves the desktop; one turned private is sent as a
//!   deletion.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::json_backup::{from_json, quote, to_json};
use super::merge;
use crate::error::{Error, Result};
use crate::model::PersonId;

/// A shared table: its name and the column naming the rep who owns a row (`None`: every
/// rep may edit it). Parents before children.
#[derive(Clone, Copy, Debug)]
pub struct Shared {
    pub table: &'static str,
    pub owner: Option<&'static str>,
}

/// Every shared table (one line each).
pub const SHARED: &[Shared] = &[
    Shared { table: "people", owner: None },
    Shared { table: "organisations", owner: None },
    Shared { table: "reps", owner: Some("id") },
    Shared { table: "employments", owner: None },
    Shared { table: "relationships", owner: Some("owner_rep_id") },
    Shared { table: "intro_requests", owner: Some("rep_id") },
    Shared { table: "request_history", owner: None },
    Shared { table: "opportunities", owner: Some("rep_id") },
    Shared { table: "touches", owner: Some("rep_id") },
    Shared { table: "goals", owner: Some("rep_id") },
    Shared { table: "assessments", owner: Some("rep_id") },
];

/// Columns that point at this desktop's own tables and never leave it: a touch read from the
/// rep's mail names its exchange (`exchanges`, who wrote to whom), which is not shared.
const LOCAL_COLUMNS: &[(&str, &str)] = &[("touches", "exchange_id")];

/// A person's lists, synced as fields of the person: (field, table, value column).
const PERSON_LISTS: &[(&str, &str, &str)] =
    &[("_emails", "person_emails", "email"), ("_phones", "person_phones", "phone")];
const PERSON_TAGS: &str = "_tags";

/// The fields of a request that move together: its stage and what the stage requires.
pub const STAGE_GROUP: &[&str] = &["stage", "stalled_from", "lost_reason", "deal_value", "closed_at"];

/// The op of a merge record: `row_id` is the absorbed person, `fields.into` the kept one.
pub const MERGE: &str = "merge";

fn shared(table: &str) -> Option<&'static Shared> {
    SHARED.iter().find(|s| s.table == table)
}

/// The stage's place in a request's progress (a stalled request counts where it stalled).
pub fn stage_rank(stage: Option<&str>, stalled_from: Option<&str>) -> i32 {
    match stage {
        Some("draft") => 0,
        Some("asked") => 1,
        Some("accepted" | "declined") => 2,
        Some("introduced") => 3,
        Some("meeting") => 4,
        Some("opportunity") => 5,
        Some("won" | "lost") => 6,
        Some("stalled") => stage_rank(stalled_from, None),
        _ => -1,
    }
}

// ------------------------------------------------------------------ state

/// The sync's local state (one row).
#[derive(Clone, Debug, Default)]
pub struct State {
    pub capture: i64,
    pub client_id: Uuid,
    pub server: Option<String>,
    pub login: Option<String>,
    pub secret_key: Option<String>,
    pub rep_id: Option<Uuid>,
    pub leader: bool,
    pub next_change_no: i64,
    pub last_seq: i64,
    pub hlc: String,
    pub pulled: i64,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
    pub reps_as_of: String,
}

pub fn state(conn: &Connection) -> Result<State> {
    Ok(conn.query_row(
        "SELECT capture, client_id, server, login, secret_key, rep_id, leader, next_change_no, last_seq, hlc,
                pulled, last_sync, last_error, reps_as_of FROM sync_state WHERE id = 1",
        [],
        |r| {
            Ok(State {
                capture: r.get(0)?,
                client_id: r.get(1)?,
                server: r.get(2)?,
                login: r.get(3)?,
                secret_key: r.get(4)?,
                rep_id: r.get(5)?,
                leader: r.get(6)?,
                next_change_no: r.get(7)?,
                last_seq: r.get(8)?,
                hlc: r.get(9)?,
                pulled: r.get(10)?,
                last_sync: r.get(11)?,
                last_error: r.get(12)?,
                reps_as_of: r.get(13)?,
            })
        },
    )?)
}

/// Records the team this workspace joined and starts capturing changes.
pub fn set_joined(
    tx: &Transaction<'_>,
    server: &str,
    login: &str,
    secret_key: &str,
    rep_id: Uuid,
    leader: bool,
) -> Result<()> {
    tx.execute(
        "UPDATE sync_state SET capture = 1, server = ?1, login = ?2, secret_key = ?3, rep_id = ?4, leader = ?5,
         last_error = NULL WHERE id = 1",
        params![server, login, secret_key, rep_id, leader],
    )?;
    ensure_capture(tx)
}

/// Forgets the team: capture stops, the bookkeeping is emptied, the data stays. A new
/// client id makes a later join a new desktop to the server.
pub fn set_left(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "UPDATE sync_state SET capture = 0, client_id = randomblob(16), server = NULL, login = NULL,
             secret_key = NULL, rep_id = NULL, leader = 0, next_change_no = 1, last_seq = 0, pulled = 0,
             last_sync = NULL, last_error = NULL, reps_as_of = '[]' WHERE id = 1;
         DELETE FROM sync_outbox; DELETE FROM sync_merges; DELETE FROM sync_pending; DELETE FROM sync_base;
         DELETE FROM sync_contested; DELETE FROM sync_conflicts; DROP TABLE IF EXISTS sync_base_v17;",
    )?;
    Ok(())
}

pub fn record_sync(tx: &Transaction<'_>, at: &str, reps_as_of: &str) -> Result<()> {
    tx.execute(
        "UPDATE sync_state SET last_sync = ?1, last_error = NULL, reps_as_of = ?2 WHERE id = 1",
        params![at, reps_as_of],
    )?;
    Ok(())
}

pub fn record_error(tx: &Transaction<'_>, error: &str) -> Result<()> {
    tx.execute("UPDATE sync_state SET last_error = ?1 WHERE id = 1", [error])?;
    Ok(())
}

/// Local changes not confirmed by the server: staged changes plus rows waiting in the outbox.
pub fn waiting(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM sync_pending) + (SELECT count(*) FROM sync_outbox) + (SELECT count(*) FROM sync_merges)",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// A value overwritten by a later write elsewhere.
#[derive(Clone, Debug)]
pub struct ConflictRow {
    /// Its number in this desktop's list.
    pub id: i64,
    pub table: String,
    pub row_id: Uuid,
    pub field: String,
    pub kept: Json,
    pub overwritten: Json,
    pub overwritten_by: String,
    pub at: String,
}

pub fn conflicts(conn: &Connection) -> Result<Vec<ConflictRow>> {
    let mut st = conn.prepare(
        "SELECT id, tbl, row_id, field, kept, overwritten, overwritten_by, at FROM sync_conflicts ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ConflictRow {
            id: r.get(0)?,
            table: r.get(1)?,
            row_id: r.get(2)?,
            field: r.get(3)?,
            kept: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or(Json::Null),
            overwritten: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or(Json::Null),
            overwritten_by: r.get(6)?,
            at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One conflict of this desktop's list, by its number.
pub fn conflict(conn: &Connection, id: i64) -> Result<ConflictRow> {
    conflicts(conn)?.into_iter().find(|c| c.id == id).ok_or_else(|| {
        Error::not_found("team conflict", format!("{id} (it may have been dismissed already)"))
    })
}

/// Takes conflicts off this desktop's list (they were read, or settled); `None`: all of
/// them. Returns how many went. Nothing of the data changes.
pub fn dismiss_conflicts(tx: &Transaction<'_>, ids: Option<&[i64]>) -> Result<u64> {
    let n = match ids {
        None => tx.execute("DELETE FROM sync_conflicts", [])?,
        Some(ids) => {
            let mut st = tx.prepare_cached("DELETE FROM sync_conflicts WHERE id = ?1")?;
            let mut n = 0;
            for id in ids {
                n += st.execute([id])?;
            }
            n
        }
    };
    Ok(n as u64)
}

// ------------------------------------------------------------------ capture

/// The primary-key column of a shared table.
fn key_column(conn: &Connection, table: &str) -> Result<String> {
    conn.prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk = 1")?
        .query_row([table], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::Internal(format!("the shared table {table} has no single-column key")))
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let rows = st.query_map([table], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Now, in Unix milliseconds, in SQLite.
const NOW_MS: &str = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/// Creates the capture triggers of every shared table (and of a person's lists) that are
/// missing. Run when joining and before each sync.
pub fn ensure_capture(tx: &Transaction<'_>) -> Result<()> {
    let on = "WHEN (SELECT capture FROM sync_state WHERE id = 1) = 1";
    let mut sql = String::new();
    // Records (table, id) with the time; a row changed again keeps the later time.
    let rec = |t: &str, id: &str| {
        format!(
            "INSERT INTO sync_outbox (tbl, row_id, at_ms) VALUES ('{t}', {id}, {NOW_MS})
             ON CONFLICT (tbl, row_id) DO UPDATE SET at_ms = max(at_ms, excluded.at_ms);"
        )
    };
    for s in SHARED {
        let t = s.table;
        let k = quote(&key_column(tx, t)?);
        let (new, old) = (format!("NEW.{k}"), format!("OLD.{k}"));
        sql.push_str(&format!(
            "CREATE TRIGGER IF NOT EXISTS sync_{t}_insert AFTER INSERT ON {t} {on} BEGIN {} END;
             CREATE TRIGGER IF NOT EXISTS sync_{t}_update AFTER UPDATE ON {t} {on} BEGIN {} {} END;
             CREATE TRIGGER IF NOT EXISTS sync_{t}_delete AFTER DELETE ON {t} {on} BEGIN {} END;\n",
            rec(t, &new),
            rec(t, &new),
            rec(t, &old),
            rec(t, &old)
        ));
    }
    for t in ["person_emails", "person_phones", "person_tags"] {
        sql.push_str(&format!(
            "CREATE TRIGGER IF NOT EXISTS sync_{t}_insert AFTER INSERT ON {t} {on} BEGIN {} END;
             CREATE TRIGGER IF NOT EXISTS sync_{t}_update AFTER UPDATE ON {t} {on} BEGIN {} {} END;
             CREATE TRIGGER IF NOT EXISTS sync_{t}_delete AFTER DELETE ON {t} {on} BEGIN {} END;\n",
            rec("people", "NEW.person_id"),
            rec("people", "NEW.person_id"),
            rec("people", "OLD.person_id"),
            rec("people", "OLD.person_id")
        ));
    }
    sql.push_str(&format!(
        "CREATE TRIGGER IF NOT EXISTS sync_tags_update AFTER UPDATE OF name ON tags {on}
         BEGIN INSERT INTO sync_outbox (tbl, row_id, at_ms) SELECT 'people', person_id, {NOW_MS} FROM person_tags WHERE tag_id = NEW.id AND true
         ON CONFLICT (tbl, row_id) DO UPDATE SET at_ms = max(at_ms, excluded.at_ms); END;"
    ));
    tx.execute_batch(&sql)?;
    Ok(())
}

/// Puts every shared row in the outbox (joining: the rep's whole workspace goes up).
pub fn enqueue_all(tx: &Transaction<'_>) -> Result<()> {
    for s in SHARED {
        let k = quote(&key_column(tx, s.table)?);
        tx.execute(
            &format!("INSERT OR IGNORE INTO sync_outbox (tbl, row_id, at_ms) SELECT ?1, {k}, {NOW_MS} FROM {} WHERE true", s.table),
            [s.table],
        )?;
    }
    Ok(())
}

/// Switches capture: 1 records local changes, 2 (while applying pulled ones) does not.
fn set_capture(tx: &Transaction<'_>, capture: i64) -> Result<()> {
    tx.execute("UPDATE sync_state SET capture = ?1 WHERE id = 1", [capture])?;
    Ok(())
}

// ------------------------------------------------------------------ rows as JSON

/// A row as field -> value (blobs as `{"blob": hex}`, like the JSON backup); a person also
/// carries `_emails`, `_phones` and `_tags` lists.
pub fn read_row(conn: &Connection, table: &str, id: Uuid) -> Result<Option<Map<String, Json>>> {
    read_row_by(conn, table, &key_column(conn, table)?, id)
}

fn read_row_by(conn: &Connection, table: &str, key: &str, id: Uuid) -> Result<Option<Map<String, Json>>> {
    let mut st = conn.prepare_cached(&format!("SELECT * FROM {} WHERE {} = ?1", quote(table), quote(key)))?;
    let names: Vec<String> = st.column_names().into_iter().map(String::from).collect();
    // Text another program stored that is not UTF-8 is named (table, row, column) instead
    // of failing the whole sync with SQLite's bare decoding error; nothing is sent.
    let row = st
        .query_row([id], |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                if let rusqlite::types::ValueRef::Text(bytes) = r.get_ref(i)? {
                    if std::str::from_utf8(bytes).is_err() {
                        return Ok(Err(n.clone()));
                    }
                }
                m.insert(n.clone(), to_json(r.get::<_, Value>(i)?));
            }
            Ok(Ok(m))
        })
        .optional()?;
    let mut row = match row {
        None => return Ok(None),
        Some(Ok(row)) => row,
        Some(Err(column)) => {
            return Err(Error::Conflict(format!(
                "{table} row {id}: its {column} holds text that is not valid UTF-8 (written by another program?); \
                 correct that value in IntroGraph and sync again; nothing was sent, and your local work is kept"
            )))
        }
    };
    for (_, column) in LOCAL_COLUMNS.iter().filter(|(t, _)| *t == table) {
        row.remove(*column);
    }
    if table == "people" {
        for (field, t, col) in PERSON_LISTS {
            let mut st = conn.prepare_cached(&format!(
                "SELECT {col} FROM {t} WHERE person_id = ?1 ORDER BY position, {col}"
            ))?;
            let list: Vec<String> = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            row.insert(field.to_string(), Json::from(list));
        }
        let mut st = conn.prepare_cached(
            "SELECT t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = ?1 ORDER BY t.name COLLATE NOCASE",
        )?;
        let tags: Vec<String> = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        row.insert(PERSON_TAGS.to_string(), Json::from(tags));
    }
    Ok(Some(row))
}

fn json_uuid(v: Option<&Json>) -> Option<Uuid> {
    let hex = v?.as_object()?.get("blob")?.as_str()?;
    Uuid::parse_str(hex).ok()
}

pub fn uuid_json(id: Uuid) -> Json {
    serde_json::json!({ "blob": id.simple().to_string() })
}

/// Each shared table's key and columns, read once per pull (they do not change inside
/// its transaction).
#[derive(Debug, Default)]
struct Meta {
    tables: std::collections::HashMap<String, TableMeta>,
}

/// A table's key, its columns, and each column's position but the key's.
#[derive(Debug)]
struct TableMeta {
    key: String,
    columns: Vec<String>,
    position: rustc_hash::FxHashMap<String, usize>,
}

impl Meta {
    fn of(&mut self, conn: &Connection, table: &str) -> Result<(&str, &[String])> {
        let t = self.table(conn, table)?;
        Ok((t.key.as_str(), t.columns.as_slice()))
    }

    fn table(&mut self, conn: &Connection, table: &str) -> Result<&TableMeta> {
        if !self.tables.contains_key(table) {
            let (key, columns) = (key_column(conn, table)?, columns(conn, table)?);
            let position =
                columns.iter().enumerate().filter(|(_, c)| **c != key).map(|(i, c)| (c.clone(), i)).collect();
            self.tables.insert(table.to_string(), TableMeta { key, columns, position });
        }
        Ok(&self.tables[table])
    }
}

/// How [`write_row`] writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Write {
    Update,
    Insert,
    /// Insert, unless a row with the same key (or another unique value) is there.
    InsertIfNew,
}

/// Writes `fields` into the row `id` of `table`. Fields the local schema lacks (a newer
/// program's columns) are left out. Returns whether the row was written.
fn write_row(
    tx: &Transaction<'_>,
    meta: &mut Meta,
    table: &str,
    id: Uuid,
    fields: &Map<String, Json>,
    how: Write,
) -> Result<bool> {
    let (key, cols) = meta.of(tx, table)?;
    let at = || format!("pulled {table} row {id}");
    let mut names = Vec::new();
    let mut values = Vec::new();
    for c in cols {
        if c == key {
            continue;
        }
        if let Some(v) = fields.get(c) {
            names.push(c.clone());
            values.push(from_json(v, &at)?);
        }
    }
    if how == Write::Update {
        if !names.is_empty() {
            let set: Vec<String> =
                names.iter().enumerate().map(|(i, n)| format!("{} = ?{}", quote(n), i + 2)).collect();
            let mut all = vec![Value::Blob(id.as_bytes().to_vec())];
            all.extend(values);
            tx.prepare_cached(&format!(
                "UPDATE {} SET {} WHERE {} = ?1",
                quote(table),
                set.join(", "),
                quote(key)
            ))?
            .execute(rusqlite::params_from_iter(all))?;
        }
    } else {
        let mut all = vec![Value::Blob(id.as_bytes().to_vec())];
        all.extend(values);
        let mut cols_sql = vec![quote(key)];
        cols_sql.extend(names.iter().map(|n| quote(n)));
        let marks: Vec<String> = (1..=cols_sql.len()).map(|i| format!("?{i}")).collect();
        let tail = if how == Write::InsertIfNew { " ON CONFLICT DO NOTHING" } else { "" };
        let n = tx
            .prepare_cached(&format!(
                "INSERT INTO {} ({}) VALUES ({}){tail}",
                quote(table),
                cols_sql.join(", "),
                marks.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(all))?;
        if n == 0 {
            return Ok(false);
        }
    }
    if table == "people" {
        for (field, t, col) in PERSON_LISTS {
            if let Some(Json::Array(list)) = fields.get(*field) {
                tx.prepare_cached(&format!("DELETE FROM {t} WHERE person_id = ?1"))?.execute([id])?;
                for (i, v) in list.iter().filter_map(Json::as_str).enumerate() {
                    tx.prepare_cached(&format!(
                        "INSERT OR IGNORE INTO {t} (person_id, {col}, position) VALUES (?1, ?2, ?3)"
                    ))?
                    .execute(params![id, v, i as i64])?;
                }
            }
        }
        if let Some(Json::Array(tags)) = fields.get(PERSON_TAGS) {
            tx.prepare_cached("DELETE FROM person_tags WHERE person_id = ?1")?.execute([id])?;
            for name in tags.iter().filter_map(Json::as_str) {
                tx.prepare_cached("INSERT OR IGNORE INTO tags (name) VALUES (?1)")?.execute([name])?;
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO person_tags (person_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2",
                )?
                .execute(params![id, name])?;
            }
        }
    }
    Ok(true)
}

// ------------------------------------------------------------------ base values

/// Per row, what was last agreed with the team (pushed or pulled), kept lean: for each
/// field a hash of its name and of its value (a local value whose hash differs is a local
/// change), the row's clock with only the fields whose clock differs listed by name, the
/// rep owning the row (for its tombstone), and whether it is deleted.
#[derive(Clone, Debug, Default)]
struct Base {
    /// (hash of the field's name, hash of its value), sorted by name hash.
    entries: Vec<(u32, u64)>,
    /// The clock of every field in `entries` not listed in `clocks` ('' for none yet).
    clock: String,
    /// Fields whose clock is not `clock`.
    clocks: Map<String, Json>,
    owner: Option<Uuid>,
    deleted: bool,
    known: bool,
}

/// FNV-1a, 64 bits: stable across versions and platforms (the hashes are stored).
fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn name_hash(field: &str) -> u32 {
    let h = fnv64(field.as_bytes());
    (h ^ (h >> 32)) as u32
}

fn value_hash(v: &Json) -> u64 {
    match v {
        // The common cases without an allocation; the rest by their JSON text.
        Json::String(s) => fnv64(s.as_bytes()) ^ 0x5bd1_e995,
        Json::Null => 0x9e37_79b9_7f4a_7c15,
        other => fnv64(other.to_string().as_bytes()),
    }
}

impl Base {
    fn find(&self, field: &str) -> std::result::Result<usize, usize> {
        let n = name_hash(field);
        self.entries.binary_search_by_key(&n, |e| e.0)
    }

    fn has(&self, field: &str) -> bool {
        self.find(field).is_ok()
    }

    /// Is `v` the value agreed with the team for `field`?
    fn value_is(&self, field: &str, v: &Json) -> bool {
        self.find(field).is_ok_and(|i| self.entries[i].1 == value_hash(v))
    }

    fn clock_of(&self, field: &str) -> Option<&str> {
        if let Some(c) = self.clocks.get(field).and_then(Json::as_str) {
            return Some(c);
        }
        (self.has(field) && !self.clock.is_empty()).then_some(self.clock.as_str())
    }

    /// `field` is agreed at `v`, written at `clock`.
    fn set(&mut self, field: &str, v: &Json, clock: &str) {
        let e = (name_hash(field), value_hash(v));
        match self.find(field) {
            Ok(i) => self.entries[i] = e,
            Err(i) => self.entries.insert(i, e),
        }
        if self.clock.is_empty() {
            self.clock = clock.to_string();
        }
        if clock == self.clock {
            self.clocks.remove(field);
        } else {
            self.clocks.insert(field.to_string(), Json::from(clock));
        }
    }

    fn entries_blob(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 12);
        for (n, v) in &self.entries {
            out.extend_from_slice(&n.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    fn entries_from(blob: &[u8]) -> Vec<(u32, u64)> {
        blob.chunks_exact(12)
            .map(|c| {
                let n = u32::from_le_bytes(c[0..4].try_into().expect("4 bytes"));
                let v = u64::from_le_bytes(c[4..12].try_into().expect("8 bytes"));
                (n, v)
            })
            .collect()
    }
}

fn load_base(conn: &Connection, table: &str, id: Uuid) -> Result<Base> {
    type Row = (Vec<u8>, String, Option<String>, Option<Uuid>, bool);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT hashes, clock, clocks, owner, deleted FROM sync_base WHERE tbl = ?1 AND row_id = ?2",
        )?
        .query_row(params![table, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?;
    Ok(match row {
        Some((h, clock, clocks, owner, deleted)) => Base {
            entries: Base::entries_from(&h),
            clock,
            clocks: clocks.and_then(|c| serde_json::from_str(&c).ok()).unwrap_or_default(),
            owner,
            deleted,
            known: true,
        },
        None => Base::default(),
    })
}

fn save_base(tx: &Transaction<'_>, table: &str, id: Uuid, base: &Base) -> Result<()> {
    let clocks = (!base.clocks.is_empty()).then(|| Json::Object(base.clocks.clone()).to_string());
    tx.prepare_cached(
        "INSERT INTO sync_base (tbl, row_id, hashes, clock, clocks, owner, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (tbl, row_id) DO UPDATE SET hashes = excluded.hashes, clock = excluded.clock,
             clocks = excluded.clocks, owner = excluded.owner, deleted = excluded.deleted",
    )?
    .execute(params![table, id, base.entries_blob(), base.clock, clocks, base.owner, base.deleted])?;
    Ok(())
}

/// Converts the base values kept by earlier versions (values and clocks of every field,
/// migration 0018 set them aside in `sync_base_v17`) into the lean form, once, in the
/// caller's transaction. Pending changes are untouched: the outbox and staged changes are
/// compared with the same values as before.
pub fn convert_old_base(tx: &Transaction<'_>) -> Result<u64> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_base_v17')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    let me = state(tx)?.rep_id;
    let old: Vec<(String, Uuid, String, String, bool)> = {
        let mut st = tx.prepare("SELECT tbl, row_id, fields, clocks, deleted FROM sync_base_v17")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut n = 0;
    for (table, id, fields, clocks, deleted) in old {
        let fields: Map<String, Json> = serde_json::from_str(&fields).unwrap_or_default();
        let clocks: Map<String, Json> = serde_json::from_str(&clocks).unwrap_or_default();
        let mut base = Base { deleted, known: true, ..Default::default() };
        for (f, v) in &fields {
            let c = clocks.get(f).and_then(Json::as_str).unwrap_or("");
            base.set(f, v, c);
        }
        base.owner = match me {
            Some(me) => owner_of(tx, &table, &fields, me)?,
            None => None,
        };
        save_base(tx, &table, id, &base)?;
        n += 1;
    }
    tx.execute_batch("DROP TABLE sync_base_v17")?;
    Ok(n)
}

// ------------------------------------------------------------------ clocks

/// Hybrid logical clocks as text that sorts in time order:
/// `<milliseconds, 13 digits>-<counter, 6 digits>-<client id>`.
pub fn next_hlc(last: &str, now_ms: i64, client: Uuid) -> String {
    let (ms, counter) = parse_hlc(last);
    let (ms, counter) = if now_ms > ms { (now_ms, 0) } else { (ms, counter + 1) };
    format!("{ms:013}-{counter:06}-{}", client.simple())
}

fn parse_hlc(h: &str) -> (i64, i64) {
    let mut parts = h.split('-');
    let ms = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let c = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (ms, c)
}

fn observe_hlc(tx: &Transaction<'_>, seen: &str) -> Result<()> {
    tx.prepare_cached("UPDATE sync_state SET hlc = ?1 WHERE id = 1 AND hlc < ?1")?.execute([seen])?;
    Ok(())
}

// ------------------------------------------------------------------ staging (push side)

/// A change ready to go to the server.
#[derive(Clone, Debug)]
pub struct Pending {
    pub change_no: i64,
    pub table: String,
    pub row_id: Uuid,
    pub op: String,
    pub hlc: String,
    pub owner_rep: Option<Uuid>,
    pub fields: Map<String, Json>,
    /// Per field of an upsert, the clock of the value the edit replaced ('' when the field
    /// had none agreed): a desktop whose own write that was can tell an edit made after
    /// seeing it from one made without it. `None`: not known (a merge, a tombstone, or a
    /// change staged by an earlier version).
    pub bases: Option<Map<String, Json>>,
}

/// The shared form of a local row: a tie's missing owner is this desktop's rep; its
/// visibility stays local. `None`: the row must not leave the desktop.
fn outgoing(table: &str, mut row: Map<String, Json>, me: Uuid) -> Option<Map<String, Json>> {
    if table == "relationships" {
        if row.get("visibility").and_then(Json::as_str) == Some("private") {
            return None;
        }
        row.remove("visibility");
        if row.get("owner_rep_id").is_none_or(Json::is_null) {
            row.insert("owner_rep_id".into(), uuid_json(me));
        }
    }
    Some(row)
}

fn owner_of(conn: &Connection, table: &str, row: &Map<String, Json>, me: Uuid) -> Result<Option<Uuid>> {
    if table == "request_history" {
        let Some(req) = json_uuid(row.get("request_id")) else { return Ok(Some(me)) };
        let rep: Option<Uuid> = conn
            .prepare_cached("SELECT rep_id FROM intro_requests WHERE id = ?1")?
            .query_row([req], |r| r.get(0))
            .optional()?;
        return Ok(Some(rep.unwrap_or(me)));
    }
    Ok(shared(table).and_then(|s| s.owner).map(|col| json_uuid(row.get(col)).unwrap_or(me)))
}

/// Turns the outbox (at most `limit` rows) and the recorded merges into numbered pending
/// changes, in one transaction; the base values take the staged values and clocks.
/// Returns how many changes were staged.
pub fn stage(tx: &Transaction<'_>, now_ms: i64, limit: usize) -> Result<u64> {
    convert_old_base(tx)?;
    let st = state(tx)?;
    let me = st.rep_id.ok_or_else(|| Error::Conflict("this workspace has not joined a team".into()))?;
    let mut hlc = st.hlc.clone();
    let mut no = st.next_change_no;
    let mut staged = 0u64;
    let push = |tx: &Transaction<'_>, p: Pending| -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO sync_pending (change_no, tbl, row_id, op, hlc, owner_rep, fields, bases)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            p.change_no,
            p.table,
            p.row_id,
            p.op,
            p.hlc,
            p.owner_rep,
            Json::Object(p.fields).to_string(),
            p.bases.map(|b| Json::Object(b).to_string())
        ])?;
        Ok(())
    };
    // Merges first: on another desktop the merge moves references before the rest arrives.
    let merges: Vec<(i64, Uuid, Uuid)> = {
        let mut s = tx.prepare("SELECT seq, absorb, keep FROM sync_merges ORDER BY seq")?;
        let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (seq, absorb, keep) in merges {
        hlc = next_hlc(&hlc, now_ms, st.client_id);
        let mut f = Map::new();
        f.insert("into".into(), uuid_json(keep));
        push(
            tx,
            Pending {
                change_no: no,
                table: "people".into(),
                row_id: absorb,
                op: MERGE.into(),
                hlc: hlc.clone(),
                owner_rep: None,
                fields: f,
                bases: None,
            },
        )?;
        no += 1;
        staged += 1;
        let mut base = load_base(tx, "people", absorb)?;
        base.deleted = true;
        save_base(tx, "people", absorb, &base)?;
        tx.execute("DELETE FROM sync_merges WHERE seq = ?1", [seq])?;
    }
    let order: BTreeMap<&str, usize> = SHARED.iter().enumerate().map(|(i, s)| (s.table, i)).collect();
    let mut items: Vec<(String, Uuid, i64)> = {
        let mut s = tx.prepare("SELECT tbl, row_id, at_ms FROM sync_outbox ORDER BY at_ms LIMIT ?1")?;
        let rows = s.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Each change's clock from when it was made (in time order), then parents first.
    let mut clocks = BTreeMap::new();
    for (t, id, at) in &items {
        hlc = next_hlc(&hlc, (*at).min(now_ms), st.client_id);
        clocks.insert((t.clone(), *id), hlc.clone());
    }
    items.sort_by_key(|(t, _, _)| order.get(t.as_str()).copied().unwrap_or(usize::MAX));
    for (table, id, _) in items {
        let clock = clocks.get(&(table.clone(), id)).cloned().unwrap_or_else(|| hlc.clone());
        tx.prepare_cached("DELETE FROM sync_outbox WHERE tbl = ?1 AND row_id = ?2")?
            .execute(params![table, id])?;
        if shared(&table).is_none() {
            continue;
        }
        let mut base = load_base(tx, &table, id)?;
        if base.deleted {
            continue;
        }
        let contested = take_contested(tx, &table, id)?;
        let row = read_row(tx, &table, id)?.and_then(|r| outgoing(&table, r, me));
        let Some(row) = row else {
            // Deleted, or turned private: a tombstone, if the team knows the row.
            if base.known {
                let owner = match base.owner {
                    Some(o) => Some(o),
                    None => owner_of(tx, &table, &Map::new(), me)?,
                };
                push(
                    tx,
                    Pending {
                        change_no: no,
                        table: table.clone(),
                        row_id: id,
                        op: "delete".into(),
                        hlc: clock.clone(),
                        owner_rep: owner,
                        fields: Map::new(),
                        bases: None,
                    },
                )?;
                no += 1;
                staged += 1;
                if read_row(tx, &table, id)?.is_some() {
                    // A tie turned private stays here, unknown to the team, under a new id.
                    keep_private_tie(tx, &table, id)?;
                } else {
                    base.deleted = true;
                    save_base(tx, &table, id, &base)?;
                }
            }
            continue;
        };
        let mut changed: Map<String, Json> =
            row.iter().filter(|(k, v)| !base.value_is(k, v)).map(|(k, v)| (k.clone(), v.clone())).collect();
        if changed.is_empty() {
            continue;
        }
        if table == "intro_requests" && STAGE_GROUP.iter().any(|f| changed.contains_key(*f)) {
            for f in STAGE_GROUP {
                if let Some(v) = row.get(*f) {
                    changed.insert(f.to_string(), v.clone());
                }
            }
        }
        let owner = owner_of(tx, &table, &row, me)?;
        if owner.is_some_and(|o| o != me) {
            // Another rep's row (the server would refuse the change): it stays as the team
            // has it, and the next pull brings their version back.
            continue;
        }
        let mut bases = Map::new();
        for (k, v) in &changed {
            let over = contested.get(k).cloned().or_else(|| base.clock_of(k).map(str::to_owned));
            bases.insert(k.clone(), Json::from(over.unwrap_or_default()));
            base.set(k, v, &clock);
        }
        base.owner = owner;
        base.known = true;
        save_base(tx, &table, id, &base)?;
        push(
            tx,
            Pending {
                change_no: no,
                table,
                row_id: id,
                op: "upsert".into(),
                hlc: clock,
                owner_rep: owner,
                fields: changed,
                bases: Some(bases),
            },
        )?;
        no += 1;
        staged += 1;
    }
    tx.execute("UPDATE sync_state SET next_change_no = ?1, hlc = ?2 WHERE id = 1", params![no, hlc])?;
    Ok(staged)
}

/// The clocks local edits of this row were made over, where a pull moved their fields'
/// base on before they were sent (see `sync_contested`); cleared, as the row is staged now.
fn take_contested(tx: &Transaction<'_>, table: &str, id: Uuid) -> Result<BTreeMap<String, String>> {
    let found: BTreeMap<String, String> = {
        let mut st =
            tx.prepare_cached("SELECT field, over FROM sync_contested WHERE tbl = ?1 AND row_id = ?2")?;
        let rows = st.query_map(params![table, id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if !found.is_empty() {
        tx.prepare_cached("DELETE FROM sync_contested WHERE tbl = ?1 AND row_id = ?2")?
            .execute(params![table, id])?;
    }
    Ok(found)
}

/// A shared tie turned private was just sent as a deletion, a final tombstone for its id.
/// The tie stays on this desktop under a new id the team never saw (its old id stays
/// deleted), so sharing it again sends it as a new tie, with all its fields, instead of
/// an edit of a deleted one; and a later full pull never removes it here.
fn keep_private_tie(tx: &Transaction<'_>, table: &str, id: Uuid) -> Result<()> {
    let capture: i64 = tx.query_row("SELECT capture FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
    let mut base = load_base(tx, table, id)?;
    base.deleted = true;
    base.known = true;
    save_base(tx, table, id, &base)?;
    let fresh = Uuid::now_v7();
    set_capture(tx, 2)?;
    let key = key_column(tx, table)?;
    tx.execute(
        &format!("UPDATE {} SET {} = ?1 WHERE {} = ?2", quote(table), quote(&key), quote(&key)),
        params![fresh, id],
    )?;
    set_capture(tx, capture)?;
    Ok(())
}

/// The staged changes, oldest first (at most `limit`).
pub fn pending(conn: &Connection, limit: usize) -> Result<Vec<Pending>> {
    let mut st = conn.prepare_cached(
        "SELECT change_no, tbl, row_id, op, hlc, owner_rep, fields, bases FROM sync_pending ORDER BY change_no LIMIT ?1",
    )?;
    let rows = st.query_map([limit as i64], |r| {
        Ok(Pending {
            change_no: r.get(0)?,
            table: r.get(1)?,
            row_id: r.get(2)?,
            op: r.get(3)?,
            hlc: r.get(4)?,
            owner_rep: r.get(5)?,
            fields: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
            bases: r.get::<_, Option<String>>(7)?.and_then(|b| serde_json::from_str(&b).ok()),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The server has every change up to `change_no`.
pub fn confirm(tx: &Transaction<'_>, change_no: i64) -> Result<()> {
    tx.execute("DELETE FROM sync_pending WHERE change_no <= ?1", [change_no])?;
    Ok(())
}

// ------------------------------------------------------------------ applying (pull side)

/// A pulled change, or a pulled current-state row (then each field has its own clock).
#[derive(Clone, Debug)]
pub struct Incoming {
    /// (Borrowed where the same name comes with every row, as in a first pull, so that a
    /// row costs no allocation for it.)
    pub table: Cow<'static, str>,
    pub row_id: Uuid,
    /// `upsert`, `delete` or [`MERGE`].
    pub op: Cow<'static, str>,
    pub fields: Map<String, Json>,
    /// The clock of every field in `fields` that `clocks` does not list ('' when it lists
    /// them all).
    pub clock: String,
    /// The clocks of the fields written at another clock than `clock`.
    pub clocks: Map<String, Json>,
    pub author: Cow<'static, str>,
    /// A pulled change's clocks of the values it replaced, per field (see
    /// [`Pending::bases`]); `None` when not known (a server or desktop of an earlier
    /// version, a current-state row).
    pub bases: Option<Map<String, Json>>,
}

impl Incoming {
    /// The clock `field` was written at (none for a field the row does not have).
    pub fn clock_of(&self, field: &str) -> Option<&str> {
        if self.clocks.contains_key(field) || self.fields.contains_key(field) {
            self.own_clock(field)
        } else {
            None
        }
    }

    /// The clock of `field`, one of the row's fields: listed, or the row's.
    fn own_clock(&self, field: &str) -> Option<&str> {
        match self.clocks.get(field) {
            Some(c) => c.as_str(),
            None => (!self.clock.is_empty()).then_some(self.clock.as_str()),
        }
    }

    /// The latest clock of the row's fields ('' when none).
    fn latest_clock(&self) -> &str {
        let listed = self.clocks.values().filter_map(Json::as_str);
        listed.fold(self.clock.as_str(), |a, b| a.max(b))
    }
}

/// Applies pulled changes in one transaction, together with the new pull mark `last_seq`:
/// cut off at any point, nothing of the batch is applied and it is pulled again.
/// Returns (rows applied, conflicts recorded).
pub fn apply(tx: &Transaction<'_>, batch: &[Incoming], last_seq: i64, at: &str) -> Result<(u64, u64)> {
    let mut applying = Applying::begin(tx, at)?;
    applying.rows(tx, batch)?;
    applying.finish(tx, last_seq)
}

/// Pulled rows applied in parts, all in the caller's one transaction (a first pull streams
/// millions of rows through it): [`Applying::begin`], [`Applying::rows`] as often as
/// needed, then [`Applying::finish`] with the pull mark.
pub struct Applying {
    me: Option<Uuid>,
    client: Uuid,
    at: String,
    rows: u64,
    conflicts: u64,
    max_hlc: String,
    touched: Touched,
    meta: Meta,
}

/// What pulled changes wrote, so only rows that can point at a missing one are checked
/// afterwards (see [`drop_orphans`]).
#[derive(Debug, Default)]
struct Touched {
    /// Per shared table, the rows written (by key): only their references are checked, so a pull costs what it wrote, not the tables' size.
    written: std::collections::BTreeMap<&'static str, Vec<Uuid>>,
    /// Tables only new rows were added to by a first pull's fast path, each with its
    /// largest rowid before them: only the rows past it are checked, so a part's check
    /// costs the part's rows, not the table's.
    appended: std::collections::BTreeMap<&'static str, i64>,
}

impl Touched {
    /// Before the fast path adds a row to `table`: the table's largest rowid, the first
    /// time in this transaction. (A person's lists need no check: they point at the person
    /// just added.)
    fn appending(&mut self, tx: &Transaction<'_>, table: &'static str) -> Result<()> {
        if let std::collections::btree_map::Entry::Vacant(e) = self.appended.entry(table) {
            let last: i64 =
                tx.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM {}", quote(table)), [], |r| {
                    r.get(0)
                })?;
            e.insert(last);
        }
        Ok(())
    }

    /// A row written by a pull. (A person's lists are written with the person, and point
    /// at it and at the tags written with them: they need no check of their own.)
    fn wrote(&mut self, table: &str, id: Uuid) {
        if let Some(shared) = shared(table) {
            self.written.entry(shared.table).or_default().push(id);
        }
    }
}

impl Applying {
    pub fn begin(tx: &Transaction<'_>, at: &str) -> Result<Self> {
        convert_old_base(tx)?;
        let st = state(tx)?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        set_capture(tx, 2)?;
        Ok(Self {
            me: st.rep_id,
            client: st.client_id,
            at: at.to_string(),
            rows: 0,
            conflicts: 0,
            max_hlc: String::new(),
            touched: Touched::default(),
            meta: Meta::default(),
        })
    }

    pub fn rows(&mut self, tx: &Transaction<'_>, batch: &[Incoming]) -> Result<()> {
        for inc in batch {
            let c = inc.latest_clock();
            if c > self.max_hlc.as_str() {
                self.max_hlc = c.to_string();
            }
            if !apply_new(tx, &mut self.meta, inc, self.me, &mut self.touched)? {
                self.conflicts +=
                    apply_one(tx, &mut self.meta, inc, self.me, self.client, &self.at, &mut self.touched)?;
            }
        }
        self.rows += batch.len() as u64;
        Ok(())
    }

    /// Like [`Applying::rows`], for a first pull: a row [`Fresh`] knows to be new to this
    /// desktop is written by the fast path ([`NewRows`]), the rest merged as usual.
    /// The rows come in the chunks they were read in.
    pub fn rows_fresh(
        &mut self,
        tx: &Transaction<'_>,
        chunks: &[Vec<Incoming>],
        fresh: &Fresh,
    ) -> Result<()> {
        let mut new_rows = NewRows::prepare(tx)?;
        for inc in chunks.iter().flatten() {
            let c = inc.latest_clock();
            if c > self.max_hlc.as_str() {
                self.max_hlc = c.to_string();
            }
            if inc.op == "upsert" && fresh.is_new(&inc.table, inc.row_id) {
                if let Some(s) = shared(&inc.table) {
                    self.touched.appending(tx, s.table)?;
                }
                if new_rows.insert(tx, &mut self.meta, inc, self.me)? {
                    continue;
                }
            }
            if !apply_new(tx, &mut self.meta, inc, self.me, &mut self.touched)? {
                self.conflicts +=
                    apply_one(tx, &mut self.meta, inc, self.me, self.client, &self.at, &mut self.touched)?;
            }
        }
        self.rows += chunks.iter().map(|c| c.len() as u64).sum::<u64>();
        Ok(())
    }

    /// Settles references to deleted rows, records the mark; returns (rows, conflicts).
    pub fn finish(self, tx: &Transaction<'_>, last_seq: i64) -> Result<(u64, u64)> {
        self.settle(tx, Some(last_seq))
    }

    /// Like [`Applying::finish`] without moving the pull mark: one committed part of an
    /// empty desktop's first pull (the caller keeps its own resume mark in the same
    /// transaction).
    pub fn finish_part(self, tx: &Transaction<'_>) -> Result<(u64, u64)> {
        self.settle(tx, None)
    }

    fn settle(mut self, tx: &Transaction<'_>, last_seq: Option<i64>) -> Result<(u64, u64)> {
        self.conflicts += drop_orphans(tx, &self.at, &self.touched)?;
        if !self.max_hlc.is_empty() {
            observe_hlc(tx, &self.max_hlc)?;
        }
        tx.execute(
            "UPDATE sync_state SET last_seq = max(last_seq, coalesce(?1, 0)), pulled = pulled + ?2 WHERE id = 1",
            params![last_seq, self.rows as i64],
        )?;
        set_capture(tx, 1)?;
        Ok((self.rows, self.conflicts))
    }
}

// ------------------------------------------------------------------ a first pull's new rows

/// Local rows (or base values) at most this many per table, past the first pull's resume
/// position, are kept in memory by [`Fresh`]; a table holding more goes through the merge.
const FRESH_KNOWN_MAX: usize = 20_000;

/// Which pulled rows of a first pull are new to this desktop, decided once when the pull
/// (or its resumption) begins instead of by a look-up per row. Per shared table, the ids
/// this desktop already has past the pull's position (rows and base values: an empty
/// laptop's own rep and person, rows added here while a cut-off pull waited); every other
/// id the pull sends is new, since the pull sends each row once, in id order, after its
/// position. A table with more rows here than [`FRESH_KNOWN_MAX`] is not treated as new.
#[derive(Debug, Default)]
pub struct Fresh {
    known: std::collections::HashMap<&'static str, Option<rustc_hash::FxHashSet<Uuid>>>,
}

impl Fresh {
    /// Scans the shared tables from the pull's position: `tables_done` tables wholly
    /// applied, and in the next one the rows up to `after` (in id order).
    pub fn scan(conn: &Connection, tables_done: usize, after: Option<Uuid>) -> Result<Self> {
        let mut known = std::collections::HashMap::new();
        for (i, s) in SHARED.iter().enumerate().skip(tables_done) {
            let from = if i == tables_done { after } else { None };
            let key = quote(&key_column(conn, s.table)?);
            let limit = FRESH_KNOWN_MAX as i64 + 1;
            let mut ids = rustc_hash::FxHashSet::default();
            let mut too_many = false;
            for sql in [
                format!("SELECT {key} FROM {} WHERE ?1 IS NULL OR {key} > ?1 LIMIT ?2", quote(s.table)),
                "SELECT row_id FROM sync_base WHERE tbl = ?3 AND (?1 IS NULL OR row_id > ?1) LIMIT ?2".into(),
            ] {
                let mut st = conn.prepare(&sql)?;
                let mut rows = if sql.contains("?3") {
                    st.query(params![from, limit, s.table])?
                } else {
                    st.query(params![from, limit])?
                };
                while let Some(r) = rows.next()? {
                    ids.insert(r.get::<_, Uuid>(0)?);
                }
                too_many |= ids.len() > FRESH_KNOWN_MAX;
            }
            known.insert(s.table, (!too_many).then_some(ids));
        }
        Ok(Self { known })
    }

    /// Whether the row `id` of `table` is new to this desktop.
    pub fn is_new(&self, table: &str, id: Uuid) -> bool {
        matches!(self.known.get(table), Some(Some(ids)) if !ids.contains(&id))
    }
}

/// The settings key of the schema a first pull set aside (see [`set_aside_for_load`]):
/// the stored definitions of what to create again, and whether the name-search index is
/// to be rebuilt.
pub const LOAD_ASIDE: &str = "sync_load_aside";

/// Local rows, at most, in each of the big tables for a first pull to set their indexes
/// aside (an empty laptop has its own rep's person).
const ASIDE_KNOWN_MAX: usize = 100;

/// The big tables a first pull loads with their secondary indexes and per-row triggers set
/// aside.
const ASIDE_TABLES: &str =
    "'people', 'employments', 'relationships', 'person_emails', 'person_phones', 'person_tags'";

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Aside {
    definitions: Vec<String>,
}

/// Whether a first pull's indexes and triggers are set aside (a pull under way, or one
/// cut off: [`restore_after_load`] makes the workspace whole).
pub fn load_aside(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM settings WHERE key = ?1)")?
        .query_row([LOAD_ASIDE], |r| r.get(0))?)
}

/// For a first pull into an (almost) empty desktop: sets the big tables' secondary indexes
/// aside, with their name-search and saved-graph triggers (the saved graph is forgotten),
/// inside `tx`. The capture triggers stay: an edit made here while a cut-off pull waits
/// must still go up with the next push. Their definitions are recorded under
/// [`LOAD_ASIDE`] in the same transaction. Loading rows with no index to keep and then
/// building each index once, in order, is several times faster. The pull's parts commit
/// separately, so the record stays until [`restore_after_load`] (the pull's last part,
/// opening the workspace, or the next sync) creates them again. Does nothing (false) when
/// they are aside already or the tables hold more than a few rows here.
pub fn set_aside_for_load(tx: &Transaction<'_>, fresh: &Fresh) -> Result<bool> {
    let few = ["people", "employments", "relationships"]
        .iter()
        .all(|t| matches!(fresh.known.get(t), Some(Some(ids)) if ids.len() <= ASIDE_KNOWN_MAX));
    if !few || load_aside(tx)? {
        return Ok(false);
    }
    super::graph_snapshot::forget(tx)?;
    let definitions = super::set_schema_aside(
        tx,
        &format!(
            "tbl_name IN ({ASIDE_TABLES}) AND (type = 'index' OR (type = 'trigger' AND (
                 name LIKE 'people\\_search\\_%' ESCAPE '\\' OR name LIKE 'graph\\_snapshot\\_%' ESCAPE '\\')))"
        ),
    )?;
    super::settings::set(tx, LOAD_ASIDE, &Aside { definitions })?;
    Ok(true)
}

/// Creates again what [`set_aside_for_load`] set aside (each only if missing), rebuilds the
/// name-search index, and drops the record, inside `tx`. A relationship pulled twice for
/// the same pair of people (two reps recorded the same tie) is left out as the merge would
/// have left it out: the first one here stays, the other is removed and listed among the
/// conflicts. Returns the conflicts recorded; nothing to do (0) when nothing is aside.
pub fn restore_after_load(tx: &Transaction<'_>, at: &str) -> Result<u64> {
    let Some(aside) = super::settings::get::<Aside>(tx, LOAD_ASIDE)? else { return Ok(0) };
    let mut conflicts = 0;
    // Indexes first (sorted so by their type), then triggers, as they were set aside.
    for sql in &aside.definitions {
        let sql = if_not_exists(sql);
        if let Err(e) = tx.execute_batch(&sql) {
            let pair = sql.contains("UNIQUE") && sql.contains(" relationships");
            if !pair {
                return Err(e.into());
            }
            conflicts += drop_repeated_pairs(tx, at)?;
            tx.execute_batch(&sql)?;
        }
    }
    super::people::rebuild_search_index(tx)?;
    super::settings::remove(tx, LOAD_ASIDE)?;
    Ok(conflicts)
}

/// `CREATE [UNIQUE] INDEX name` / `CREATE TRIGGER name` as `... IF NOT EXISTS name`.
fn if_not_exists(sql: &str) -> String {
    for head in ["CREATE UNIQUE INDEX ", "CREATE INDEX ", "CREATE TRIGGER "] {
        if let Some(rest) = sql.strip_prefix(head) {
            if rest.starts_with("IF NOT EXISTS") {
                return sql.to_string();
            }
            return format!("{head}IF NOT EXISTS {rest}");
        }
    }
    sql.to_string()
}

/// Relationships with the pair of an earlier one (by rowid): removed, each listed as a
/// conflict, their base values kept (the team keeps them), as a refused insert is.
fn drop_repeated_pairs(tx: &Transaction<'_>, at: &str) -> Result<u64> {
    let repeated: Vec<(i64, Uuid)> = {
        let mut st = tx.prepare(
            "SELECT r.rowid, r.id FROM relationships r
             JOIN (SELECT person_a, person_b, min(rowid) AS first FROM relationships
                   GROUP BY person_a, person_b HAVING count(*) > 1) d
               ON d.person_a = r.person_a AND d.person_b = r.person_b AND r.rowid > d.first",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (rowid, id) in &repeated {
        tx.execute("DELETE FROM relationships WHERE rowid = ?1", [rowid])?;
        record_conflict(
            tx,
            "relationships",
            *id,
            "(row)",
            &Json::from("not applied"),
            &Json::from("UNIQUE constraint failed: relationships.person_a, relationships.person_b"),
            "team",
            at,
        )?;
    }
    Ok(repeated.len() as u64)
}

/// The fast path of a first pull's new rows: per table and set of fields one prepared
/// INSERT, bound from the pulled values; the row's base value by a statement of its own;
/// a person's lists inserted (nothing to replace). Statements live for one call of
/// [`Applying::rows_fresh`], in its transaction.
struct NewRows<'t> {
    tx: &'t Transaction<'t>,
    inserts: std::collections::HashMap<(&'static str, u64), rusqlite::Statement<'t>>,
    base: rusqlite::Statement<'t>,
    lists: Vec<rusqlite::Statement<'t>>,
    tag: rusqlite::Statement<'t>,
    person_tag: rusqlite::Statement<'t>,
}

impl<'t> NewRows<'t> {
    fn prepare(tx: &'t Transaction<'t>) -> Result<Self> {
        let lists = PERSON_LISTS
            .iter()
            .map(|(_, t, col)| {
                tx.prepare(&format!(
                    "INSERT OR IGNORE INTO {t} (person_id, {col}, position) VALUES (?1, ?2, ?3)"
                ))
            })
            .collect::<rusqlite::Result<_>>()?;
        Ok(Self {
            tx,
            inserts: std::collections::HashMap::new(),
            base: tx.prepare(
                "INSERT INTO sync_base (tbl, row_id, hashes, clock, clocks, owner, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
            )?,
            lists,
            tag: tx.prepare("INSERT OR IGNORE INTO tags (name) VALUES (?1)")?,
            person_tag: tx.prepare(
                "INSERT OR IGNORE INTO person_tags (person_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2",
            )?,
        })
    }

    /// Inserts `inc`, a row new to this desktop, with its base value. Returns false,
    /// having changed nothing, when the row is refused (a value the local schema does not
    /// take, a pair recorded twice): the merge then decides and says why.
    fn insert<'t2>(
        &mut self,
        tx: &Transaction<'_>,
        meta: &mut Meta,
        inc: &'t2 Incoming,
        me: Option<Uuid>,
    ) -> Result<bool> {
        let Some(shared) = shared(&inc.table) else { return Ok(false) };
        let table = shared.table;
        let TableMeta { key, columns: cols, position } = meta.table(tx, table)?;
        if cols.len() > 64 {
            return Ok(false);
        }
        let ties = table == "relationships";
        // As [`incoming_local`] makes it, without a copy: a tie owned by this desktop's rep
        // has no owner here; its visibility is this desktop's own.
        static NULL: Json = Json::Null;
        let local_value = |f: &str, v: &'t2 Json| -> Option<&'t2 Json> {
            if ties && f == "visibility" {
                return None;
            }
            if ties && f == "owner_rep_id" && me.is_some() && json_uuid(Some(v)) == me {
                return Some(&NULL);
            }
            Some(v)
        };
        // Each field's column, by one look-up per field: the columns written (`mask`) and
        // their values.
        let mut values: [Option<&'t2 Json>; 64] = [None; 64];
        let mut mask = 0u64;
        for (f, v) in &inc.fields {
            if let Some(&i) = position.get(f.as_str()) {
                if !(ties && f == "visibility") {
                    mask |= 1 << i;
                    values[i] = Some(v);
                }
            }
        }
        let st = match self.inserts.entry((table, mask)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut names = vec![quote(key)];
                names.extend(
                    cols.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, c)| quote(c)),
                );
                let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                e.insert(self.tx.prepare(&format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    quote(table),
                    names.join(", "),
                    marks.join(", ")
                ))?)
            }
        };
        let at = || format!("pulled {table} row {}", inc.row_id);
        st.raw_bind_parameter(1, inc.row_id)?;
        let mut n = 1;
        for (i, c) in cols.iter().enumerate() {
            if mask & (1 << i) == 0 {
                continue;
            }
            n += 1;
            let v = values[i].and_then(|v| local_value(c, v)).unwrap_or(&NULL);
            // Text and numbers bound as they are (no copy); a blob from its hex.
            let bound = match v {
                Json::Null => st.raw_bind_parameter(n, rusqlite::types::Null).map(|_| true),
                Json::String(text) => st.raw_bind_parameter(n, text.as_str()).map(|_| true),
                Json::Number(x) if !x.is_f64() && x.as_i64().is_some() => {
                    st.raw_bind_parameter(n, x.as_i64()).map(|_| true)
                }
                other => match from_json(other, &at) {
                    Ok(value) => st.raw_bind_parameter(n, value).map(|_| true),
                    Err(_) => Ok(false),
                },
            };
            if !bound? {
                st.clear_bindings();
                return Ok(false);
            }
        }
        let inserted = st.raw_execute();
        st.clear_bindings();
        if inserted.is_err() {
            return Ok(false); // the statement's own changes are undone by SQLite
        }
        if table == "people" && !self.person_lists(inc)? {
            // A list value the local schema refuses: the row goes back to the merge.
            tx.prepare_cached("DELETE FROM people WHERE id = ?1")?.execute([inc.row_id])?;
            return Ok(false);
        }
        let mut base = Base { known: true, ..Default::default() };
        for (f, v) in &inc.fields {
            if let (Some(c), Some(v)) = (inc.own_clock(f), local_value(f, v)) {
                base.set(f, v, c);
            }
        }
        if let Some(col) = shared.owner {
            base.owner = json_uuid(inc.fields.get(col));
        }
        let clocks = (!base.clocks.is_empty()).then(|| Json::Object(base.clocks.clone()).to_string());
        self.base.execute(params![table, inc.row_id, base.entries_blob(), base.clock, clocks, base.owner])?;
        Ok(true)
    }

    /// A new person's emails, phones and tags; false when one is refused.
    fn person_lists(&mut self, inc: &Incoming) -> Result<bool> {
        for ((field, _, _), st) in PERSON_LISTS.iter().zip(self.lists.iter_mut()) {
            if let Some(Json::Array(list)) = inc.fields.get(*field) {
                for (i, v) in list.iter().filter_map(Json::as_str).enumerate() {
                    if st.execute(params![inc.row_id, v, i as i64]).is_err() {
                        return Ok(false);
                    }
                }
            }
        }
        if let Some(Json::Array(tags)) = inc.fields.get(PERSON_TAGS) {
            for name in tags.iter().filter_map(Json::as_str) {
                if self.tag.execute([name]).is_err()
                    || self.person_tag.execute(params![inc.row_id, name]).is_err()
                {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }
}

/// Fields the program keeps for a row, never listed as conflicts.
const BOOKKEEPING: &[&str] = &["updated_at", "name_key"];

/// Keeps a value that lost: `kept` stayed, `overwritten` (by `by`) did not.
#[allow(clippy::too_many_arguments)]
fn record_conflict(
    tx: &Transaction<'_>,
    table: &str,
    id: Uuid,
    field: &str,
    kept: &Json,
    overwritten: &Json,
    by: &str,
    at: &str,
) -> Result<u64> {
    if BOOKKEEPING.contains(&field) {
        // Kept by the program, not written by a person (when the row last changed, a
        // name's search key): the later value wins as any field's, and nobody lost anything.
        return Ok(0);
    }
    tx.prepare_cached(
        "INSERT INTO sync_conflicts (tbl, row_id, field, kept, overwritten, overwritten_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![table, id, field, kept.to_string(), overwritten.to_string(), by, at])?;
    Ok(1)
}

/// Local form of a pulled row: a tie owned by this desktop's rep has no owner here.
fn incoming_local(table: &str, fields: &mut Map<String, Json>, me: Option<Uuid>) {
    if table == "relationships" {
        if let (Some(me), Some(owner)) = (me, json_uuid(fields.get("owner_rep_id"))) {
            if owner == me {
                fields.insert("owner_rep_id".into(), Json::Null);
            }
        }
        fields.remove("visibility");
    }
}

/// A pulled row this desktop has never seen (no base, no local row), as in an empty
/// desktop's first pull: inserted with its base, without reading anything first. Returns
/// false, having changed nothing, for every other case (then [`apply_one`] merges it).
fn apply_new(
    tx: &Transaction<'_>,
    meta: &mut Meta,
    inc: &Incoming,
    me: Option<Uuid>,
    touched: &mut Touched,
) -> Result<bool> {
    if inc.op != "upsert" || shared(&inc.table).is_none() {
        return Ok(false);
    }
    let table: &str = &inc.table;
    if has_base(tx, table, inc.row_id)? {
        return Ok(false);
    }
    let mut fields = inc.fields.clone();
    incoming_local(table, &mut fields, me);
    tx.prepare_cached("SAVEPOINT sync_new")?.execute([])?;
    match write_row(tx, meta, table, inc.row_id, &fields, Write::InsertIfNew) {
        Ok(true) => {
            touched.wrote(table, inc.row_id);
            tx.prepare_cached("RELEASE sync_new")?.execute([])?
        }
        Ok(false) | Err(_) => {
            // There already, or refused: the general merge decides and says why.
            tx.execute_batch("ROLLBACK TO sync_new; RELEASE sync_new")?;
            return Ok(false);
        }
    };
    let mut base = Base { known: true, ..Default::default() };
    for (f, v) in &fields {
        if let Some(c) = inc.clock_of(f) {
            base.set(f, v, c);
        }
    }
    if let Some(col) = shared(table).and_then(|s| s.owner) {
        base.owner = json_uuid(inc.fields.get(col));
    }
    save_base(tx, table, inc.row_id, &base)?;
    Ok(true)
}

fn apply_one(
    tx: &Transaction<'_>,
    meta: &mut Meta,
    inc: &Incoming,
    me: Option<Uuid>,
    client: Uuid,
    at: &str,
    touched: &mut Touched,
) -> Result<u64> {
    let table: &str = &inc.table;
    if shared(table).is_none() {
        return Ok(0); // a table this program does not share
    }
    let id = inc.row_id;
    let mut base = load_base(tx, table, id)?;
    if inc.op == MERGE {
        if let Some(keep) = json_uuid(inc.fields.get("into")) {
            let both = tx.query_row(
                "SELECT (SELECT count(*) FROM people WHERE id = ?1) + (SELECT count(*) FROM people WHERE id = ?2)",
                params![keep, id],
                |r| r.get::<_, i64>(0),
            )?;
            if both == 2 {
                // Captured: what the merge changes here (references this desktop alone
                // had, fields filled in) goes up with the next push; the merge itself
                // is not recorded again.
                set_capture(tx, 1)?;
                merge::merge_people(tx, PersonId(keep), PersonId(id))?;
                tx.execute("DELETE FROM sync_merges WHERE absorb = ?1", [id])?;
                set_capture(tx, 2)?;
            }
        }
        base.deleted = true;
        save_base(tx, table, id, &base)?;
        return Ok(0);
    }
    let key = meta.of(tx, table)?.0.to_string();
    let local = read_row_by(tx, table, &key, id)?;
    if inc.op == "delete" {
        if base.deleted && local.is_none() {
            return Ok(0);
        }
        if local.is_some() {
            tx.execute_batch("SAVEPOINT sync_delete")?;
            match tx.execute(&format!("DELETE FROM {} WHERE {} = ?1", quote(table), quote(&key)), [id]) {
                Ok(_) => tx.execute_batch("RELEASE sync_delete")?,
                Err(e) => {
                    // A row that must stay (a person with requests): kept, and said so.
                    tx.execute_batch("ROLLBACK TO sync_delete; RELEASE sync_delete")?;
                    record_conflict(
                        tx,
                        table,
                        id,
                        "(deleted)",
                        &Json::from("kept"),
                        &Json::from(e.to_string()),
                        &inc.author,
                        at,
                    )?;
                    return Ok(1);
                }
            }
        }
        base.deleted = true;
        base.known = true;
        save_base(tx, table, id, &base)?;
        return Ok(0);
    }
    if base.deleted {
        return Ok(0); // a deleted row stays deleted
    }
    let mut incoming = inc.fields.clone();
    incoming_local(table, &mut incoming, me);
    let mut conflicts = 0;
    let mut write = Map::new();
    let local_fields = local.clone().unwrap_or_default();
    let mut local_cmp = local_fields.clone();
    incoming_local(table, &mut local_cmp, me);
    // A request's stage moves only forward: the incoming stage fields lose as a group
    // when the local stage is further on.
    let mut skip_stage = false;
    if table == "intro_requests" && incoming.contains_key("stage") && local.is_some() {
        let rank = |m: &Map<String, Json>| {
            stage_rank(m.get("stage").and_then(Json::as_str), m.get("stalled_from").and_then(Json::as_str))
        };
        let (mine, theirs) = (rank(&local_fields), rank(&incoming));
        if theirs < mine {
            skip_stage = true;
            conflicts += record_conflict(
                tx,
                table,
                id,
                "stage",
                &local_fields["stage"],
                &incoming["stage"],
                &inc.author,
                at,
            )?;
            // Sent again with a later clock, so every desktop and the server move forward too.
            tx.prepare_cached(&format!(
                "INSERT INTO sync_outbox (tbl, row_id, at_ms) VALUES (?1, ?2, {NOW_MS})
                 ON CONFLICT (tbl, row_id) DO UPDATE SET at_ms = excluded.at_ms"
            ))?
            .execute(params![table, id])?;
            for f in STAGE_GROUP {
                if let (Some(v), Some(c)) = (incoming.get(*f), inc.clock_of(f)) {
                    base.set(f, v, c);
                }
            }
        }
    }
    for (f, v) in &incoming {
        if skip_stage && STAGE_GROUP.contains(&f.as_str()) {
            continue;
        }
        let Some(h) = inc.clock_of(f) else { continue };
        let bh = base.clock_of(f).map(str::to_owned);
        let bh = bh.as_deref();
        let lv = local_cmp.get(f);
        if bh.is_some_and(|bh| h <= bh) {
            // Older than what this desktop has: the later write (ours) stays.
            if bh != Some(h) && !base.value_is(f, v) && lv != Some(v) {
                conflicts +=
                    record_conflict(tx, table, id, f, lv.unwrap_or(&Json::Null), v, &inc.author, at)?;
            }
            continue;
        }
        // Changed here since last agreed (a field this schema lacks cannot be).
        let changed_here = lv.is_some_and(|lv| !base.value_is(f, lv));
        base.set(f, v, h);
        if local.is_some() && changed_here && lv != Some(v) {
            // Changed here and not sent yet: the local edit goes up later, with a later clock,
            // saying it was made over the clock agreed before this write came.
            conflicts += record_conflict(tx, table, id, f, lv.unwrap_or(&Json::Null), v, &inc.author, at)?;
            tx.prepare_cached(
                "INSERT INTO sync_contested (tbl, row_id, field, over) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tbl, row_id, field) DO NOTHING",
            )?
            .execute(params![table, id, f, bh.unwrap_or("")])?;
            continue;
        }
        if local.is_some() && lv != Some(v) && bh.is_some_and(|bh| bh.ends_with(&client.simple().to_string()))
        {
            // Our own earlier write is overwritten by a later one: a conflict unless its
            // writer had seen ours (it says what it replaced: our write, or a later one).
            let seen = inc.bases.as_ref().and_then(|b| b.get(f.as_str())).and_then(Json::as_str);
            let knew_ours = seen.is_some_and(|s| bh.is_some_and(|bh| s >= bh));
            if !knew_ours {
                conflicts +=
                    record_conflict(tx, table, id, f, v, lv.unwrap_or(&Json::Null), "this desktop", at)?;
            }
        }
        if lv != Some(v) || local.is_none() {
            write.insert(f.clone(), v.clone());
        }
    }
    base.known = true;
    if let Some(col) = shared(table).and_then(|s| s.owner) {
        if let Some(o) = json_uuid(inc.fields.get(col)) {
            base.owner = Some(o);
        }
    }
    if local.is_none() {
        // A new row here: every field the team sent for it.
        write = incoming.clone();
        if skip_stage {
            write.retain(|f, _| !STAGE_GROUP.contains(&f.as_str()));
        }
    }
    if !write.is_empty() {
        tx.execute_batch("SAVEPOINT sync_row")?;
        let how = if local.is_some() { Write::Update } else { Write::Insert };
        touched.wrote(table, id);
        match write_row(tx, meta, table, id, &write, how) {
            Ok(_) => tx.execute_batch("RELEASE sync_row")?,
            Err(e) => {
                // A row that breaks a local rule (a newer program's value, a pair recorded
                // twice): left out here, and said so; the team keeps it.
                tx.execute_batch("ROLLBACK TO sync_row; RELEASE sync_row")?;
                conflicts += record_conflict(
                    tx,
                    table,
                    id,
                    "(row)",
                    &Json::from("not applied"),
                    &Json::from(e.to_string()),
                    &inc.author,
                    at,
                )?;
            }
        }
    }
    save_base(tx, table, id, &base)?;
    Ok(conflicts)
}

/// Which rows of a table [`orphans`] checks.
enum Scope<'a> {
    /// The rows past this rowid (added by a first pull's fast path).
    After(i64),
    /// The rows whose `column` holds one of `ids` (written by a pull).
    Rows { column: &'a str, ids: &'a [Uuid] },
}

/// The rows of `table` in `scope` whose reference (any of its foreign keys, all of whose
/// columns are set) finds no row: what `pragma_foreign_key_check` would say of them,
/// without reading the rest of the table.
fn orphans(tx: &Transaction<'_>, table: &str, scope: &Scope<'_>) -> Result<Vec<i64>> {
    // (id, parent table, child column, parent column or none for the parent's key)
    let keys: Vec<(i64, String, String, Option<String>)> = {
        let mut st = tx.prepare_cached(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
        )?;
        let rows = st.query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut found = std::collections::BTreeSet::new();
    let mut i = 0;
    while i < keys.len() {
        let id = keys[i].0;
        let parent = keys[i].1.clone();
        let cols: Vec<&(i64, String, String, Option<String>)> =
            keys[i..].iter().take_while(|k| k.0 == id).collect();
        i += cols.len();
        let parent_key: Vec<String> = if cols.iter().all(|c| c.3.is_some()) {
            cols.iter().map(|c| c.3.clone().unwrap_or_default()).collect()
        } else {
            let mut st =
                tx.prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
            let names = st.query_map([&parent], |r| r.get(0))?;
            names.collect::<rusqlite::Result<_>>()?
        };
        if parent_key.len() != cols.len() {
            return Err(Error::Internal(format!(
                "the reference from {table} to {parent} does not match its key"
            )));
        }
        let set: Vec<String> = cols.iter().map(|c| format!("c.{} IS NOT NULL", quote(&c.2))).collect();
        let same: Vec<String> = cols
            .iter()
            .zip(&parent_key)
            .map(|(c, p)| format!("p.{} = c.{}", quote(p), quote(&c.2)))
            .collect();
        let which = match scope {
            Scope::After(_) => "c.rowid > ?1".to_string(),
            Scope::Rows { column, .. } => format!("c.{} = ?1", quote(column)),
        };
        let sql = format!(
            "SELECT c.rowid FROM {} c WHERE {which} AND {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
            quote(table),
            set.join(" AND "),
            quote(&parent),
            same.join(" AND ")
        );
        let mut st = tx.prepare_cached(&sql)?;
        match scope {
            Scope::After(after) => {
                for r in st.query_map([after], |r| r.get::<_, i64>(0))? {
                    found.insert(r?);
                }
            }
            Scope::Rows { ids, .. } => {
                for id in *ids {
                    for r in st.query_map([id], |r| r.get::<_, i64>(0))? {
                        found.insert(r?);
                    }
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// Rows left pointing at a row deleted elsewhere (a tie to a person another rep removed)
/// go too, like the local cascade would have removed them.
///
/// Only the rows the pull wrote can point at nothing: every foreign key of the schema has an
/// `ON DELETE` action (test `every_reference_says_what_a_deletion_does`), so a pulled
/// deletion (or merge) cascades, sets null, or is refused at once (and the row kept and
/// listed), even with the pull's foreign keys deferred; and removing an orphan cascades in
/// the same way. So the check costs what the pull wrote, never the tables' size. Anything
/// missed would still fail the pull's commit, whole, on the deferred foreign keys.
fn drop_orphans(tx: &Transaction<'_>, at: &str, touched: &Touched) -> Result<u64> {
    let mut found = std::collections::BTreeSet::new();
    for (t, ids) in &touched.written {
        let column = key_column(tx, t)?;
        let scope = Scope::Rows { column: &column, ids };
        found.extend(orphans(tx, t, &scope)?.into_iter().map(|rowid| (*t, rowid)));
    }
    for (t, after) in &touched.appended {
        found.extend(orphans(tx, t, &Scope::After(*after))?.into_iter().map(|rowid| (*t, rowid)));
    }
    let n = found.len() as u64;
    for (table, rowid) in found {
        let id: Option<Uuid> = key_column(tx, table).ok().and_then(|k| {
            tx.query_row(
                &format!("SELECT {} FROM {} WHERE rowid = ?1", quote(&k), quote(table)),
                [rowid],
                |r| r.get(0),
            )
            .ok()
        });
        tx.execute(&format!("DELETE FROM {} WHERE rowid = ?1", quote(table)), [rowid])?;
        if let Some(id) = id {
            record_conflict(
                tx,
                table,
                id,
                "(row)",
                &Json::from("removed"),
                &Json::from("it referred to a row deleted by another rep"),
                "sync",
                at,
            )?;
        }
    }
    Ok(n)
}

// ------------------------------------------------------------------ an older file

/// The workspace file is older than what the team already has from it: a backup was
/// restored, or another copy of the file was put in its place. Its sync marks are stale:
/// its change numbers were already used (the server would keep the first change of each
/// number and drop this file's new ones), its pull mark is behind, and its own later
/// changes, which a pull skips as "already here", are not here.
///
/// The bookkeeping starts over, in the caller's transaction: a new client id (new change
/// numbers), no pull mark (the next pull copies the team's current rows), no outbox, no
/// staged changes. Each local shared row becomes its own base value with no clock, so the
/// pull that follows takes the team's value of every field (the team's later edits, this
/// desktop's own included, come back; nothing of the restored file goes up as a new edit),
/// and a row the team deleted goes. Person merges waiting to go up stay. Rows the team
/// never had are found by [`enqueue_unknown`] after that pull.
pub fn start_over(tx: &Transaction<'_>) -> Result<()> {
    let st = state(tx)?;
    let me = st.rep_id.ok_or_else(|| Error::Conflict("this workspace has not joined a team".into()))?;
    tx.execute_batch(
        "UPDATE sync_state SET client_id = randomblob(16), next_change_no = 1, last_seq = 0 WHERE id = 1;
         DELETE FROM sync_outbox; DELETE FROM sync_pending; DELETE FROM sync_base; DELETE FROM sync_contested;",
    )?;
    for s in SHARED {
        let key = quote(&key_column(tx, s.table)?);
        let ids: Vec<Uuid> = {
            let mut st = tx.prepare(&format!("SELECT {key} FROM {}", quote(s.table)))?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in ids {
            let Some(row) = read_row(tx, s.table, id)?.and_then(|r| outgoing(s.table, r, me)) else {
                continue; // a private tie: never the team's
            };
            let mut fields = row;
            incoming_local(s.table, &mut fields, Some(me));
            // Every field agreed at its local value, with no clock: any clock the team sends wins.
            let mut base = Base { known: true, ..Default::default() };
            for (f, v) in &fields {
                base.set(f, v, "");
            }
            base.owner = owner_of(tx, s.table, &fields, me)?;
            save_base(tx, s.table, id, &base)?;
        }
    }
    Ok(())
}

/// After [`start_over`] and the full pull that follows it (run in that pull's transaction):
/// rows the team did not send (their base still has no clock) are rows the team never had;
/// they go to the outbox, to go up as new rows. After any other pull there are none.
/// Returns how many.
pub fn enqueue_unknown(tx: &Transaction<'_>) -> Result<u64> {
    let n = tx.execute(
        &format!(
            "INSERT OR IGNORE INTO sync_outbox (tbl, row_id, at_ms)
             SELECT tbl, row_id, {NOW_MS} FROM sync_base WHERE clock = '' AND clocks IS NULL AND deleted = 0"
        ),
        [],
    )?;
    tx.execute("DELETE FROM sync_base WHERE clock = '' AND clocks IS NULL AND deleted = 0", [])?;
    Ok(n as u64)
}

// ------------------------------------------------------------------ starting from a snapshot

/// Tables that hold no one's data: a workspace with rows only here is blank.
const BOOKKEEPING_TABLES: &[&str] = &["settings", "sync_state"];

/// Whether the workspace holds no data at all: every table but its settings and sync
/// state is empty (search indexes, being derived from the tables, are not counted). A
/// workspace with anything else in it (a person, a private tie, an undo entry, a saved
/// graph) is not blank: only a blank one may take a team snapshot's content
/// ([`super::backup::replace_blank`]), since nothing in it can be lost.
pub fn is_blank(conn: &Connection) -> Result<bool> {
    let tables: Vec<String> = {
        let mut st = conn.prepare(
            "SELECT name FROM sqlite_master m
             WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
               AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
               AND NOT EXISTS (SELECT 1 FROM sqlite_master v
                               WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
                                 AND m.name LIKE v.name || '\\_%' ESCAPE '\\')",
        )?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for t in tables {
        if BOOKKEEPING_TABLES.contains(&t.as_str()) {
            continue;
        }
        let any: bool =
            conn.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {})", quote(&t)), [], |r| r.get(0))?;
        if any {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Readies a team snapshot's file (a first pull into a workspace of its own) to become a
/// desktop's workspace, inside `tx` (of that file): a new client id, so the desktop's
/// changes are numbered as its own and never taken for another's; no team, no pull mark
/// and nothing waiting or listed; and `settings` (the desktop's own, read from its blank
/// workspace) in place of the file's. The rows and their base values stay as pulled.
pub fn ready_snapshot(tx: &Transaction<'_>, settings: &[(String, String)]) -> Result<()> {
    tx.execute_batch(
        "UPDATE sync_state SET capture = 0, client_id = randomblob(16), server = NULL, login = NULL,
             secret_key = NULL, rep_id = NULL, leader = 0, next_change_no = 1, last_seq = 0,
             last_sync = NULL, last_error = NULL, reps_as_of = '[]' WHERE id = 1;
         DELETE FROM sync_outbox; DELETE FROM sync_merges; DELETE FROM sync_pending;
         DELETE FROM sync_contested; DELETE FROM sync_conflicts; DELETE FROM settings;",
    )?;
    let mut insert = tx.prepare("INSERT INTO settings (key, value) VALUES (?1, ?2)")?;
    for (k, v) in settings {
        insert.execute(params![k, v])?;
    }
    Ok(())
}

/// After a workspace took a team snapshot (made by no rep): the ties the team has as owned
/// by this desktop's rep `me` are made as a pull here would have made them, owned by "this
/// desktop's rep" (an empty owner), their base values with them, so that nothing reads as
/// changed here. Returns how many.
pub fn adopt_own_ties(tx: &Transaction<'_>, me: Uuid) -> Result<u64> {
    let ids: Vec<Uuid> = {
        let mut st = tx.prepare("SELECT id FROM relationships WHERE owner_rep_id = ?1")?;
        let rows = st.query_map([me], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in &ids {
        let mut base = load_base(tx, "relationships", *id)?;
        if let Some(clock) = base.clock_of("owner_rep_id").map(str::to_string) {
            base.set("owner_rep_id", &Json::Null, &clock);
            save_base(tx, "relationships", *id, &base)?;
        }
    }
    let n = tx.execute("UPDATE relationships SET owner_rep_id = NULL WHERE owner_rep_id = ?1", [me])?;
    Ok(n as u64)
}

/// Whether the row `id` of `table` has a base value: the team has it (pulled or pushed).
pub fn has_base(conn: &Connection, table: &str, id: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_base WHERE tbl = ?1 AND row_id = ?2)")?
        .query_row(params![table, id], |r| r.get(0))?)
}

/// Every setting of the workspace, as stored (key, JSON text).
pub fn all_settings(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts the given rows in the outbox, to go up with the next push (rows made while the
/// workspace was not yet capturing, like the rep a join makes).
pub fn enqueue(tx: &Transaction<'_>, rows: &[(&str, Uuid)]) -> Result<()> {
    for (table, id) in rows {
        tx.execute(
            &format!("INSERT OR IGNORE INTO sync_outbox (tbl, row_id, at_ms) VALUES (?1, ?2, {NOW_MS})"),
            params![table, id],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod blank_tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_new_workspace_is_blank_and_one_with_a_person_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("ws.db")).unwrap();
        assert!(is_blank(store.conn()).unwrap());
        store
            .write(|tx| {
                crate::store::people::add(
                    tx,
                    &crate::store::people::PersonInput { full_name: "Ann".into(), ..Default::default() },
                )
            })
            .unwrap();
        assert!(!is_blank(store.conn()).unwrap());
    }
}
