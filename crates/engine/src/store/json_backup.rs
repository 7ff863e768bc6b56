//! A full JSON backup: every row of every table, restorable losslessly into an empty
//! database of the same schema version.
//!
//! The file is
//! `{"format":"intrograph-backup","version":1,"schema_version":N,"tables":[{"name":...,
//! "columns":[...],"rows":[[...],...]},...]}`, tables by name and rows by primary key, one
//! row per line, so the same database always gives the same bytes. Values keep their
//! SQLite type: NULL is `null`, an integer a JSON integer, a real a JSON number with a
//! fraction or exponent, text a string, a blob `{"blob":"<hex>"}` (ids are 16-byte blobs).
//!
//! A restore runs in one transaction: triggers are set aside while rows go in (the
//! tables they maintain are restored as they were) and put back after; foreign keys are
//! checked at commit. It refuses a database that holds anything, unless asked to replace
//! its content.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use super::{graph_snapshot, Store};
use crate::error::{Error, Result};

pub const FORMAT: &str = "intrograph-backup";
pub const VERSION: u32 = 1;

/// What a backup holds, or what a restore wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    pub schema_version: i64,
    /// `(table, rows)`, by table name.
    pub tables: Vec<(String, u64)>,
}

impl BackupSummary {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Backup {
    format: String,
    version: u32,
    schema_version: i64,
    tables: Vec<TableDump>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableDump {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<Json>>,
}

/// The user tables, by name: ordinary tables only. Indexes kept by SQLite itself
/// (the name-search index, a virtual table, and its shadow tables) are derived data:
/// they are rebuilt after a restore, never dumped; so are the saved graph's token and
/// its list of changes, and the undo history (a restore empties it: the actions it
/// recorded were made to other content).
fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('graph_snapshot', 'graph_changes', 'undo_history')
         AND name NOT LIKE 'sync\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A table's columns, and the ORDER BY that lists its rows in a stable order.
fn columns(conn: &Connection, table: &str) -> Result<(Vec<String>, String)> {
    let mut st = conn.prepare_cached("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?;
    let rows = st.query_map([table], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let cols: Vec<(String, i64)> = rows.collect::<rusqlite::Result<_>>()?;
    let mut pk: Vec<&(String, i64)> = cols.iter().filter(|(_, k)| *k > 0).collect();
    pk.sort_by_key(|(_, k)| *k);
    let order = if pk.is_empty() {
        "rowid".to_string()
    } else {
        pk.iter().map(|(c, _)| quote(c)).collect::<Vec<_>>().join(", ")
    };
    Ok((cols.into_iter().map(|(c, _)| c).collect(), order))
}

/// An identifier quoted for SQL (names come from the schema, never from input).
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(crate) fn to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => serde_json::Number::from_f64(f).map(Json::Number).unwrap_or(Json::Null),
        Value::Text(s) => Json::String(s),
        Value::Blob(b) => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let mut hex = String::with_capacity(b.len() * 2);
            for x in b {
                hex.push(HEX[(x >> 4) as usize] as char);
                hex.push(HEX[(x & 15) as usize] as char);
            }
            json!({ "blob": hex })
        }
    }
}

pub(crate) fn from_json(v: &Json, at: &dyn Fn() -> String) -> Result<Value> {
    let bad = |what: &str| Error::input(at(), format!("{what} is not a value a backup holds"));
    Ok(match v {
        Json::Null => Value::Null,
        Json::String(s) => Value::Text(s.clone()),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if !n.is_f64() => Value::Integer(i),
            (_, Some(f)) => Value::Real(f),
            _ => return Err(bad(&n.to_string())),
        },
        Json::Object(o) => match (o.len(), o.get("blob").and_then(Json::as_str)) {
            (1, Some(hex)) => Value::Blob(unhex(hex).ok_or_else(|| bad("a blob with bad hex"))?),
            _ => return Err(bad("an object")),
        },
        Json::Bool(_) => return Err(bad("true or false")),
        Json::Array(_) => return Err(bad("a list")),
    })
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Writes the backup of every table to `out`, streaming row by row.
pub fn write(store: &Store, out: &mut dyn Write) -> Result<BackupSummary> {
    let conn = store.conn();
    let io = |e: std::io::Error| Error::Io { path: "backup output".into(), source: e };
    let schema_version = store.schema_version()?;
    let mut summary = BackupSummary { schema_version, tables: Vec::new() };
    write!(
        out,
        "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"schema_version\":{schema_version},\"tables\":["
    )
    .map_err(io)?;
    for (i, table) in tables(conn)?.iter().enumerate() {
        let (cols, order) = columns(conn, table)?;
        let names = serde_json::to_string(&cols).expect("strings serialise");
        let sep = if i == 0 { "\n" } else { ",\n" };
        write!(out, "{sep}{{\"name\":{},\"columns\":{names},\"rows\":[", json!(table)).map_err(io)?;
        let select = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT {select} FROM {} ORDER BY {order}", quote(table));
        let mut st = conn.prepare(&sql)?;
        let mut rows = st.query([])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            let values: Vec<Json> = (0..cols.len())
                .map(|c| r.get::<_, Value>(c).map(to_json))
                .collect::<rusqlite::Result<_>>()?;
            let sep = if n == 0 { "\n" } else { ",\n" };
            write!(out, "{sep}{}", Json::Array(values)).map_err(io)?;
            n += 1;
        }
        write!(out, "]}}").map_err(io)?;
        summary.tables.push((table.clone(), n));
    }
    writeln!(out, "\n]}}").map_err(io)?;
    out.flush().map_err(io)?;
    Ok(summary)
}

/// Writes the backup to a file (created or replaced), whole or not at all: a failed
/// backup leaves the file that was there untouched.
pub fn write_file(store: &Store, path: &Path) -> Result<BackupSummary> {
    crate::files::write_atomically(path, |out| write(store, out))
}

/// Restores a backup read from `reader` (named `name` in messages). Refuses a database
/// that holds any row unless `replace`, which deletes everything first, in the same
/// transaction.
pub fn restore(store: &mut Store, name: &str, reader: impl Read, replace: bool) -> Result<BackupSummary> {
    let backup: Backup = serde_json::from_reader(std::io::BufReader::new(reader))
        .map_err(|e| Error::input(format!("{name}, line {}", e.line()), format!("not a backup file: {e}")))?;
    if backup.format != FORMAT || backup.version != VERSION {
        return Err(Error::input(
            name,
            format!(
                "format {:?} version {} is not an {FORMAT} version {VERSION} file",
                backup.format, backup.version
            ),
        ));
    }
    let schema_version = store.schema_version()?;
    if backup.schema_version != schema_version {
        return Err(Error::input(
            name,
            format!(
                "the backup has schema version {}, this database {schema_version}; restore it with the IntroGraph version that made it",
                backup.schema_version
            ),
        ));
    }
    store.write(|tx| {
        let existing = tables(tx)?;
        if !replace {
            let mut held = Vec::new();
            for t in &existing {
                let n: i64 = tx.query_row(&format!("SELECT COUNT(*) FROM {}", quote(t)), [], |r| r.get(0))?;
                if n > 0 {
                    held.push(format!("{n} {t}"));
                }
            }
            if !held.is_empty() {
                return Err(Error::Conflict(format!(
                    "the database is not empty ({}); restore into a new database file, or replace its content with --replace",
                    held.join(", ")
                )));
            }
        }
        let triggers: Vec<(String, String)> = {
            let mut st = tx.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (t, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER {}", quote(t)))?;
        }
        // The triggers that invalidate a saved graph are off while rows go in.
        graph_snapshot::forget(tx)?;
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        if replace {
            for t in &existing {
                tx.execute(&format!("DELETE FROM {}", quote(t)), [])?;
            }
        }
        tx.execute("DELETE FROM undo_history", [])?;
        let mut summary = BackupSummary { schema_version, tables: Vec::new() };
        for dump in &backup.tables {
            if !existing.contains(&dump.name) {
                return Err(Error::input(name, format!("table {:?} does not exist in this database", dump.name)));
            }
            let (cols, _) = columns(tx, &dump.name)?;
            if let Some(c) = dump.columns.iter().find(|c| !cols.contains(c)) {
                return Err(Error::input(name, format!("table {}: no column {c:?} in this database", dump.name)));
            }
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                quote(&dump.name),
                dump.columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", "),
                vec!["?"; dump.columns.len()].join(", ")
            );
            let mut st = tx.prepare(&sql)?;
            for (i, row) in dump.rows.iter().enumerate() {
                let at = || format!("{name}, table {}, row {}", dump.name, i + 1);
                if row.len() != dump.columns.len() {
                    return Err(Error::input(at(), format!("{} values for {} columns", row.len(), dump.columns.len())));
                }
                let values = row.iter().map(|v| from_json(v, &at)).collect::<Result<Vec<_>>>()?;
                st.execute(params_from_iter(values))
                    .map_err(|e| Error::input(at(), format!("cannot be stored: {e}")))?;
            }
            summary.tables.push((dump.name.clone(), dump.rows.len() as u64));
        }
        for (_, sql) in &triggers {
            tx.execute_batch(sql)?;
        }
        super::people::rebuild_search_index(tx)?;
        Ok(summary)
    })
    .map_err(|e| match e {
        Error::Database(d) if d.to_string().contains("FOREIGN KEY") => {
            Error::input(name, "rows refer to records missing from the backup (a foreign key does not hold)")
        }
        e => e,
    })
}

/// Restores a backup file (see [`restore`]).
pub fn restore_file(store: &mut Store, path: &Path, replace: bool) -> Result<BackupSummary> {
    let file = File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    restore(store, &name, file, replace)
}
