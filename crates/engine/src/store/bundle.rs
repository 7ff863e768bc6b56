//! Workspace bundles: a rep exports their workspace to one JSON file; another workspace
//! imports it, merged by uuid.
//!
//! The file is `{"format": "intrograph-bundle", "version": 1, "exported_at": ..., "tables":
//! {"people": [{...}, ...], ...}}`; each record holds the table's columns by name (ids as
//! uuid strings, dates and timestamps as stored); a person also carries `emails`, `phones`
//! and `tags`.
//!
//! Merge rules, record by record, all in one transaction (a bad bundle changes nothing):
//! - a record whose id (or natural key: the two people of a relationship, a rep's person, a
//!   rep's quarter for an assessment) is absent is **added**;
//! - an identical record is **unchanged**, so importing the same bundle twice changes nothing;
//! - a record that differs is a **conflict**, resolved by last modification: the one with the
//!   later `updated_at` wins (the local one on a tie) and every conflict is reported;
//! - records without `updated_at` follow their owner (an employment its person) or, being
//!   append-only (touches, stage history), keep the local version.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::Visibility;
use crate::store::Store;

pub const FORMAT: &str = "intrograph-bundle";
pub const VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Id,
    Text,
    Int,
    Real,
}

/// A column: name, kind, whether it may be null.
type Col = (&'static str, Kind, bool);

struct Table {
    name: &'static str,
    /// The primary key column.
    key: &'static str,
    /// A unique natural key that may hold a different id in another workspace.
    natural: &'static [&'static str],
    columns: &'static [Col],
    /// The column compared to resolve conflicts; `None` = follow `owner` or keep local.
    updated: Option<&'static str>,
    /// `(column, table)`: the record follows its owner's resolution.
    owner: Option<(&'static str, &'static str)>,
}

use Kind::*;

const TABLES: &[Table] = &[
    Table {
        name: "organisations",
        key: "id",
        natural: &[],
        columns: &[
            ("id", Id, false),
            ("name", Text, false),
            ("name_key", Text, false),
            ("domain", Text, true),
            ("notes", Text, false),
            ("created_at", Text, false),
            ("updated_at", Text, false),
        ],
        updated: Some("updated_at"),
        owner: None,
    },
    Table {
        name: "people",
        key: "id",
        natural: &[],
        columns: &[
            ("id", Id, false),
            ("full_name", Text, false),
            ("name_key", Text, false),
            ("title", Text, false),
            ("linkedin_url", Text, true),
            ("notes", Text, false),
            ("source", Text, false),
            ("created_at", Text, false),
            ("updated_at", Text, false),
        ],
        updated: Some("updated_at"),
        owner: None,
    },
    Table {
        name: "employments",
        key: "id",
        natural: &[],
        columns: &[
            ("id", Id, false),
            ("person_id", Id, false),
            ("organisation_id", Id, false),
            ("title", Text, false),
            ("start_date", Text, true),
            ("end_date", Text, true),
            ("current", Int, false),
        ],
        updated: None,
        owner: Some(("person_id", "people")),
    },
    Table {
        name: "relationships",
        key: "id",
        natural: &["person_a", "person_b"],
        columns: &[
            ("id", Id, false),
            ("person_a", Id, false),
            ("person_b", Id, false),
            ("kind", Text, false),
            ("strength", Int, false),
            ("verified_at", Text, true),
            ("last_contact", Text, true),
            ("since", Text, true),
            ("notes", Text, false),
            ("source", Text, false),
            ("created_at", Text, false),
            ("updated_at", Text, false),
            // Older bundles lack these two: no owner is the exporting rep, no visibility `team`.
            ("owner_rep_id", Id, true),
            ("visibility", Text, true),
        ],
        updated: Some("updated_at"),
        owner: None,
    },
    Table {
        name: "reps",
        key: "id",
        natural: &["person_id"],
        columns: &[
            ("id", Id, false),
            ("person_id", Id, false),
            ("active", Int, false),
            ("created_at", Text, false),
            ("updated_at", Text, false),
        ],
        updated: Some("updated_at"),
        owner: None,
    },
    Table {
        name: "intro_requests",
        key: "id",
        natural: &[],
        columns: &[
            ("id", Id, false),
            ("rep_id", Id, false),
            ("target_id", Id, false),
            ("source_id", Id, false),
            ("path", Text, false),
            ("reason", Text, false),
            ("offer", Text, false),
            ("message", Text, false),
            ("stage", Text, false),
            ("stalled_from", Text, true),
            ("reached", Int, false),
            ("next_follow_up", Text, true),
            ("deal_value", Real, true),
            ("lost_reason", Text, true),
            ("thanked_on", Text, true),
            ("told_on", Text, true),
            ("asked_at", Text, true),
            ("meeting_at", Text, true),
            ("closed_at", Text, true),
            ("created_at", Text, false),
            ("updated_at", Text, false),
        ],
        updated: Some("updated_at"),
        owner: None,
    },
    Table {
        name: "request_history",
        key: "id",
        natural: &[],
        columns: &[
            ("id", Id, false),
            ("request_id", Id, false),
            ("from_stage", Text, true),
            ("to_stage", Text, false),
            ("at", Text, false),
            ("note", Text, false),
        ],
        updated: None,
        owner: None,
    },
    Table {
        name: "touches",
        key: "id",
        natural: &[],
        columns: &[
            ("id", Id, false),
            ("person_id", Id, false),
            ("rep_id", Id, true),
            ("kind", Text, false),
            ("date", Text, false),
            ("notes", Text, false),
            ("created_at", Text, false),
            ("request_id", Id, true),
        ],
        updated: None,
        owner: None,
    },
    Table {
        name: "opportunities",
        key: "id",
        natural: &[],
        columns: &[
            ("id", Id, false),
            ("rep_id", Id, false),
            ("person_id", Id, true),
            ("title", Text, false),
            ("lead_source", Text, false),
            ("request_id", Id, true),
            ("value", Real, true),
            ("opened_on", Text, false),
            ("first_meeting_on", Text, true),
            ("closed_on", Text, true),
            ("outcome", Text, false),
            ("lost_reason", Text, true),
            ("created_at", Text, false),
            ("updated_at", Text, false),
        ],
        updated: Some("updated_at"),
        owner: None,
    },
    Table {
        name: "assessments",
        key: "id",
        natural: &["rep_id", "quarter"],
        columns: &[
            ("id", Id, false),
            ("rep_id", Id, false),
            ("quarter", Text, false),
            ("answers", Text, false),
            ("score", Int, false),
            ("taken_at", Text, false),
            ("updated_at", Text, false),
        ],
        updated: Some("updated_at"),
        owner: None,
    },
    Table {
        name: "goals",
        key: "rep_id",
        natural: &[],
        columns: &[("rep_id", Id, false), ("asks_per_week", Int, false), ("updated_at", Text, false)],
        updated: Some("updated_at"),
        owner: None,
    },
];

/// A person's contact lists, carried on the person record.
const PERSON_LISTS: [&str; 3] = ["emails", "phones", "tags"];

/// A bundle file's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub tables: BTreeMap<String, Vec<Map<String, Json>>>,
}

/// Which side won a conflict.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BundleKept"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    Local,
    Incoming,
}

/// A record present on both sides with different content.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BundleConflict"))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub table: String,
    /// The incoming record's key.
    pub id: String,
    pub local_updated_at: Option<String>,
    pub incoming_updated_at: Option<String>,
    pub kept: Kept,
    pub reason: String,
}

/// What an import did, per table.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BundleReport"))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub added: BTreeMap<String, u64>,
    pub updated: BTreeMap<String, u64>,
    pub unchanged: BTreeMap<String, u64>,
    pub conflicts: Vec<Conflict>,
}

impl ImportReport {
    pub fn total_added(&self) -> u64 {
        self.added.values().sum()
    }

    pub fn total_updated(&self) -> u64 {
        self.updated.values().sum()
    }
}

fn to_json(v: Value, kind: Kind) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => serde_json::Number::from_f64(f).map(Json::Number).unwrap_or(Json::Null),
        Value::Text(s) => Json::String(s),
        Value::Blob(b) if kind == Id && b.len() == 16 => {
            Json::String(Uuid::from_slice(&b).expect("16 bytes").to_string())
        }
        Value::Blob(b) => Json::String(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

fn table_rows(conn: &Connection, t: &Table, filter: &str, args: &[Value]) -> Result<Vec<Map<String, Json>>> {
    let cols: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
    // Table and column names come from the constant table list, never from input.
    let sql = format!("SELECT {} FROM {} {filter} ORDER BY {}", cols.join(", "), t.name, t.key);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut m = Map::new();
        for (i, (name, kind, _)) in t.columns.iter().enumerate() {
            m.insert((*name).to_string(), to_json(r.get::<_, Value>(i)?, *kind));
        }
        if t.name == "people" {
            let id: Value = r.get(0)?;
            for list in PERSON_LISTS {
                m.insert(list.to_string(), Json::from(person_list(conn, list, &id)?));
            }
        }
        out.push(m);
    }
    Ok(out)
}

fn person_list(conn: &Connection, list: &str, id: &Value) -> Result<Vec<String>> {
    let sql = match list {
        "emails" => "SELECT email FROM person_emails WHERE person_id = ?1 ORDER BY position, email",
        "phones" => "SELECT phone FROM person_phones WHERE person_id = ?1 ORDER BY position, phone",
        _ => "SELECT t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = ?1 ORDER BY t.name",
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The whole workspace as a bundle. A bundle goes to colleagues, so private relationships
/// stay out of it, and a relationship recorded here names its owner: the current rep.
pub fn export(store: &Store, now: DateTime<Utc>) -> Result<Bundle> {
    let conn = store.conn();
    let me = crate::store::reps::current_rep(conn).ok().map(|r| Json::String(r.id.to_string()));
    let mut tables = BTreeMap::new();
    for t in TABLES {
        let rows = if t.name == "relationships" {
            let mut rows = table_rows(conn, t, "WHERE visibility = 'team'", &[])?;
            if let Some(me) = &me {
                for rec in &mut rows {
                    if rec.get("owner_rep_id").is_none_or(Json::is_null) {
                        rec.insert("owner_rep_id".into(), me.clone());
                    }
                }
            }
            rows
        } else {
            table_rows(conn, t, "", &[])?
        };
        tables.insert(t.name.to_string(), rows);
    }
    Ok(Bundle { format: FORMAT.into(), version: VERSION, exported_at: now, tables })
}

/// A relationship as this workspace stores it: no visibility is `team`, and a tie owned by
/// this workspace's current rep is its own (no owner).
fn relationship_here(mut rec: Map<String, Json>, me: Option<&str>) -> Map<String, Json> {
    if rec.get("visibility").is_none_or(Json::is_null) {
        rec.insert("visibility".into(), Json::String(Visibility::Team.as_str().into()));
    }
    if me.is_some() && rec.get("owner_rep_id").and_then(Json::as_str) == me {
        rec.insert("owner_rep_id".into(), Json::Null);
    }
    rec
}

/// Writes the workspace's bundle to `path` (through a temporary file, then a rename).
pub fn export_to_file(store: &Store, path: &Path, now: DateTime<Utc>) -> Result<Bundle> {
    let bundle = export(store, now)?;
    crate::files::write_bytes_atomically(
        path,
        &serde_json::to_vec_pretty(&bundle).expect("bundles serialise"),
    )?;
    Ok(bundle)
}

/// Bundles larger than this are refused before reading (a bundle is read whole, so this
/// bounds the memory an import takes).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads and checks a bundle file; nothing is stored.
pub fn read_file(path: &Path) -> Result<Bundle> {
    let size =
        std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::input(
            path.display().to_string(),
            format!(
                "the file is {} MB; bundles over {} MB are refused",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text =
        std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let bundle: Bundle = serde_json::from_str(&text).map_err(|e| {
        Error::input(
            format!("{}, line {}, column {}", path.display(), e.line(), e.column()),
            format!("not a bundle: {e}"),
        )
    })?;
    check(&bundle).map_err(|e| match e {
        Error::Input { location, reason } => Error::input(format!("{}: {location}", path.display()), reason),
        other => other,
    })?;
    Ok(bundle)
}

/// Imports a bundle file (see the module documentation for the merge rules).
pub fn import_file(store: &mut Store, path: &Path) -> Result<ImportReport> {
    let bundle = read_file(path)?;
    import(store, &bundle).map_err(|e| match e {
        Error::Input { location, reason } => Error::input(format!("{}: {location}", path.display()), reason),
        other => other,
    })
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Checks the shape of every record: known tables and fields, required fields, types.
pub fn check(bundle: &Bundle) -> Result<()> {
    if bundle.format != FORMAT {
        return Err(Error::input("format", format!("{:?} is not {FORMAT:?}", bundle.format)));
    }
    if bundle.version != VERSION {
        return Err(Error::input(
            "version",
            format!("version {} is not supported (this is version {VERSION})", bundle.version),
        ));
    }
    for (name, records) in &bundle.tables {
        let t = TABLES.iter().find(|t| t.name == name).ok_or_else(|| {
            Error::input(
                format!("tables.{name}"),
                format!(
                    "unknown table; a bundle holds: {}",
                    TABLES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        for (i, rec) in records.iter().enumerate() {
            let at = |field: &str| format!("{name}[{i}].{field}");
            for field in rec.keys() {
                let known = t.columns.iter().any(|c| c.0 == field)
                    || (t.name == "people" && PERSON_LISTS.contains(&field.as_str()));
                if !known {
                    return Err(Error::input(at(field), "unknown field"));
                }
            }
            for (col, kind, nullable) in t.columns {
                let v = rec.get(*col).unwrap_or(&Json::Null);
                let ok = match (v, kind) {
                    (Json::Null, _) => *nullable,
                    (Json::String(s), Id) => Uuid::parse_str(s).is_ok(),
                    (Json::String(_), Text) => true,
                    (Json::Number(n), Int) => n.is_i64(),
                    (Json::Number(_), Real) => true,
                    _ => false,
                };
                if !ok {
                    let want = match kind {
                        Id => "a uuid",
                        Text => "text",
                        Int => "an integer",
                        Real => "a number",
                    };
                    let found = if v.is_null() { "nothing".to_string() } else { v.to_string() };
                    return Err(Error::input(at(col), format!("expected {want}, found {found}")));
                }
            }
            if t.name == "relationships" {
                if let Some(v) = rec.get("visibility").and_then(Json::as_str) {
                    v.parse::<Visibility>().map_err(|_| {
                        Error::input(at("visibility"), format!("{v:?} is not \"team\" or \"private\""))
                    })?;
                }
            }
            if let Some(u) = t.updated {
                let s = rec.get(u).and_then(Json::as_str).unwrap_or_default();
                if parse_time(s).is_none() {
                    return Err(Error::input(at(u), format!("{s:?} is not a timestamp")));
                }
            }
            if t.name == "people" {
                for list in PERSON_LISTS {
                    match rec.get(list) {
                        None => {}
                        Some(Json::Array(items)) if items.iter().all(Json::is_string) => {}
                        Some(_) => return Err(Error::input(at(list), "expected a list of text")),
                    }
                }
            }
        }
    }
    Ok(())
}

fn to_sql(v: &Json, kind: Kind) -> Value {
    match (v, kind) {
        (Json::Null, _) => Value::Null,
        (Json::String(s), Id) => Value::Blob(Uuid::parse_str(s).expect("checked").as_bytes().to_vec()),
        (Json::String(s), _) => Value::Text(s.clone()),
        (Json::Number(n), Int) => Value::Integer(n.as_i64().expect("checked")),
        (Json::Number(n), _) => Value::Real(n.as_f64().expect("a number")),
        (other, _) => Value::Text(other.to_string()),
    }
}

/// A record normalised for comparison: every column (nulls explicit) and, for people, the lists.
fn normalise(t: &Table, rec: &Map<String, Json>, skip_key: bool) -> Map<String, Json> {
    let mut m = Map::new();
    for (col, kind, _) in t.columns {
        if skip_key && *col == t.key {
            continue;
        }
        let v = rec.get(*col).cloned().unwrap_or(Json::Null);
        // Reals compare by value (1 and 1.0 are the same amount).
        let v = match (kind, &v) {
            (Real, Json::Number(n)) => {
                serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0)).map(Json::Number).unwrap_or(v)
            }
            _ => v,
        };
        m.insert((*col).to_string(), v);
    }
    if t.name == "people" {
        for list in PERSON_LISTS {
            let mut items: Vec<Json> = rec.get(list).and_then(Json::as_array).cloned().unwrap_or_default();
            if list == "tags" {
                items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            m.insert(list.to_string(), Json::Array(items));
        }
    }
    m
}

/// The columns that name a record of another table, and that table: when an incoming
/// record is found locally under another id (a person by email, a rep by its person, a
/// relationship by its two people), every later record naming it is moved to the local id.
const REFERENCES: &[(&str, &str)] = &[
    ("person_id", "people"),
    ("person_a", "people"),
    ("person_b", "people"),
    ("target_id", "people"),
    ("source_id", "people"),
    ("rep_id", "reps"),
    ("owner_rep_id", "reps"),
    ("request_id", "intro_requests"),
    ("organisation_id", "organisations"),
];

/// Incoming ids found locally under another id, by table.
type IdMap = BTreeMap<&'static str, BTreeMap<String, String>>;

/// `rec` with every reference moved to the local ids of `map` (a request's path too), and a
/// relationship's two people in the stored order.
fn remap(t: &Table, rec: &Map<String, Json>, map: &IdMap) -> Map<String, Json> {
    let mut rec = rec.clone();
    for (col, table) in REFERENCES {
        let Some(ids) = map.get(table) else { continue };
        if let Some(local) = rec.get(*col).and_then(Json::as_str).and_then(|id| ids.get(id)) {
            rec.insert((*col).to_string(), Json::String(local.clone()));
        }
    }
    if let (Some(ids), Some(Json::String(path))) = (map.get("people"), rec.get_mut("path")) {
        for (incoming, local) in ids {
            *path = path.replace(incoming.as_str(), local);
        }
    }
    if t.name == "relationships" {
        if let (Some(a), Some(b)) = (rec["person_a"].as_str(), rec["person_b"].as_str()) {
            let (a, b) = (parse_id(a), parse_id(b));
            if b.as_bytes() < a.as_bytes() {
                let (pa, pb) = (rec["person_a"].clone(), rec["person_b"].clone());
                rec.insert("person_a".into(), pb);
                rec.insert("person_b".into(), pa);
            }
        }
    }
    rec
}

fn parse_id(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_default()
}

/// The local person holding one of an incoming person's emails, when that person is not
/// known by id: the same contact exported from another workspace. Two local people
/// holding its emails is an error naming both (merge them first).
fn person_by_email(conn: &Connection, rec: &Map<String, Json>) -> Result<Option<Map<String, Json>>> {
    let emails: Vec<String> = rec
        .get("emails")
        .and_then(Json::as_array)
        .map(|a| a.iter().filter_map(Json::as_str).map(|e| e.trim().to_lowercase()).collect())
        .unwrap_or_default();
    let mut found: Vec<(crate::model::PersonId, String, String)> = Vec::new();
    for email in &emails {
        for id in crate::store::people::find_all_by_email(conn, email)? {
            if !found.iter().any(|(f, _, _)| *f == id) {
                found.push((id, crate::store::people::name(conn, id)?, email.clone()));
            }
        }
    }
    match found.as_slice() {
        [] => Ok(None),
        [(id, _, _)] => {
            let table = TABLES.iter().find(|t| t.name == "people").expect("people table");
            Ok(table_rows(conn, table, "WHERE id = ?1", &[Value::Blob(id.0.as_bytes().to_vec())])?.pop())
        }
        [..] => Err(Error::Conflict(format!(
            "{} ({}) has emails of {} different people here: {}; merge them first, then import again",
            rec.get("full_name").and_then(Json::as_str).unwrap_or("a person"),
            rec.get("id").and_then(Json::as_str).unwrap_or_default(),
            found.len(),
            found.iter().map(|(_, name, email)| format!("{name} <{email}>")).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Finds the local version of an incoming record: by key, else by natural key.
fn local_of(conn: &Connection, t: &Table, rec: &Map<String, Json>) -> Result<Option<Map<String, Json>>> {
    let key_kind = t.columns.iter().find(|c| c.0 == t.key).expect("key column").1;
    let key = to_sql(&rec[t.key], key_kind);
    if let Some(m) = table_rows(conn, t, &format!("WHERE {} = ?1", t.key), &[key])?.pop() {
        return Ok(Some(m));
    }
    if t.natural.is_empty() {
        return Ok(None);
    }
    let filter: Vec<String> =
        t.natural.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect();
    let args: Vec<Value> = t
        .natural
        .iter()
        .map(|c| to_sql(&rec[*c], t.columns.iter().find(|x| x.0 == *c).expect("natural column").1))
        .collect();
    Ok(table_rows(conn, t, &format!("WHERE {}", filter.join(" AND ")), &args)?.pop())
}

fn write_record(
    conn: &Connection,
    t: &Table,
    rec: &Map<String, Json>,
    replace_key: Option<&Json>,
) -> Result<()> {
    let cols: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
    let mut values: Vec<Value> =
        t.columns.iter().map(|(c, k, _)| to_sql(rec.get(*c).unwrap_or(&Json::Null), *k)).collect();
    match replace_key {
        None => {
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
            let sql = format!("INSERT INTO {} ({}) VALUES ({})", t.name, cols.join(", "), marks.join(", "));
            conn.prepare_cached(&sql)?.execute(params_from_iter(values.iter()))?;
        }
        Some(local_key) => {
            // Update the local row (keeping its key) with the incoming fields.
            let key_kind = t.columns.iter().find(|c| c.0 == t.key).expect("key column").1;
            let sets: Vec<String> = cols
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != t.key)
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect();
            let key_pos = cols.iter().position(|c| *c == t.key).expect("key column");
            values[key_pos] = to_sql(local_key, key_kind);
            let sql = format!("UPDATE {} SET {} WHERE {} = ?{}", t.name, sets.join(", "), t.key, key_pos + 1);
            conn.prepare_cached(&sql)?.execute(params_from_iter(values.iter()))?;
        }
    }
    if t.name == "people" {
        let id = to_sql(&rec["id"], Id);
        let id = match replace_key {
            Some(k) => to_sql(k, Id),
            None => id,
        };
        conn.prepare_cached("DELETE FROM person_emails WHERE person_id = ?1")?.execute([&id])?;
        conn.prepare_cached("DELETE FROM person_phones WHERE person_id = ?1")?.execute([&id])?;
        conn.prepare_cached("DELETE FROM person_tags WHERE person_id = ?1")?.execute([&id])?;
        let list = |name: &str| -> Vec<String> {
            rec.get(name)
                .and_then(Json::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        for (i, e) in list("emails").iter().enumerate() {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO person_emails (person_id, email, position) VALUES (?1, ?2, ?3)",
            )?
            .execute(rusqlite::params![id, e, i as i64])?;
        }
        for (i, p) in list("phones").iter().enumerate() {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO person_phones (person_id, phone, position) VALUES (?1, ?2, ?3)",
            )?
            .execute(rusqlite::params![id, p, i as i64])?;
        }
        for tag in list("tags") {
            conn.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT(name) DO NOTHING")?
                .execute([&tag])?;
            conn.prepare_cached(
                "INSERT OR IGNORE INTO person_tags (person_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2",
            )?
            .execute(rusqlite::params![id, tag])?;
        }
    }
    Ok(())
}

/// Merges a bundle into the store in one transaction (see the module documentation).
pub fn import(store: &mut Store, bundle: &Bundle) -> Result<ImportReport> {
    import_or_preview(store, bundle, false)
}

/// What [`import`] would do, worked out in full inside a transaction that is rolled back:
/// nothing is stored.
pub fn preview(store: &mut Store, bundle: &Bundle) -> Result<ImportReport> {
    import_or_preview(store, bundle, true)
}

/// [`preview`] of a bundle file.
pub fn preview_file(store: &mut Store, path: &Path) -> Result<ImportReport> {
    let bundle = read_file(path)?;
    preview(store, &bundle).map_err(|e| match e {
        Error::Input { location, reason } => Error::input(format!("{}: {location}", path.display()), reason),
        other => other,
    })
}

fn import_or_preview(store: &mut Store, bundle: &Bundle, dry_run: bool) -> Result<ImportReport> {
    check(bundle)?;
    let work = |tx: &rusqlite::Transaction<'_>| {
        let mut report = ImportReport::default();
        // Owners whose incoming version won, so their dependants follow.
        let mut took: BTreeMap<&str, std::collections::HashSet<String>> = BTreeMap::new();
        let mut moved: IdMap = BTreeMap::new();
        let me = crate::store::reps::current_rep(tx).ok().map(|r| r.id.to_string());
        for t in TABLES {
            let Some(records) = bundle.tables.get(t.name) else { continue };
            for (i, rec) in records.iter().enumerate() {
                let rec = remap(t, rec, &moved);
                let rec =
                    &if t.name == "relationships" { relationship_here(rec, me.as_deref()) } else { rec };
                let id = rec[t.key].as_str().unwrap_or_default().to_string();
                let located = |e: Error| match e {
                    Error::Database(d) => {
                        Error::input(format!("{}[{i}] ({id})", t.name), format!("cannot be stored: {d}"))
                    }
                    other => other,
                };
                let mut local = local_of(tx, t, rec).map_err(located)?;
                if local.is_none() && t.name == "people" {
                    local = person_by_email(tx, rec).map_err(located)?;
                }
                // A tie owned by the current rep compares as its own (no owner), on both sides.
                let local = match local {
                    Some(l) if t.name == "relationships" => Some(relationship_here(l, me.as_deref())),
                    other => other,
                };
                let Some(local) = local else {
                    write_record(tx, t, rec, None).map_err(located)?;
                    *report.added.entry(t.name.to_string()).or_default() += 1;
                    took.entry(t.name).or_default().insert(id);
                    continue;
                };
                let same_key = local[t.key] == rec[t.key];
                if !same_key {
                    if let Some(local_id) = local[t.key].as_str() {
                        moved.entry(t.name).or_default().insert(id.clone(), local_id.to_string());
                    }
                }
                if normalise(t, &local, !same_key) == normalise(t, rec, !same_key) {
                    *report.unchanged.entry(t.name.to_string()).or_default() += 1;
                    continue;
                }
                let local_time = t.updated.and_then(|u| local[u].as_str()).map(str::to_string);
                let incoming_time = t.updated.and_then(|u| rec[u].as_str()).map(str::to_string);
                let (kept, reason) = match (t.updated, t.owner) {
                    (Some(_), _) => {
                        let l = local_time.as_deref().and_then(parse_time);
                        let n = incoming_time.as_deref().and_then(parse_time);
                        if n > l {
                            (Kept::Incoming, "the incoming record was modified later".to_string())
                        } else {
                            (
                                Kept::Local,
                                "the local record was modified later or at the same time".to_string(),
                            )
                        }
                    }
                    (None, Some((col, owner))) => {
                        let owner_id = rec[col].as_str().unwrap_or_default();
                        if took.get(owner).is_some_and(|s| s.contains(owner_id)) {
                            (Kept::Incoming, format!("follows its {owner} record, taken from the bundle"))
                        } else {
                            (Kept::Local, format!("follows its {owner} record, kept locally"))
                        }
                    }
                    (None, None) => (Kept::Local, "append-only records are never rewritten".to_string()),
                };
                let reason = if same_key {
                    reason
                } else if t.natural.is_empty() {
                    format!("same email under another id; {reason}")
                } else {
                    format!("same {} under another id; {reason}", t.natural.join(" and "))
                };
                if kept == Kept::Incoming {
                    let mut rec = rec.clone();
                    if t.name == "relationships" && local.get("visibility") == Some(&Json::from("private")) {
                        // A tie kept private here stays private, whoever updated it later.
                        rec.insert("visibility".into(), Json::from("private"));
                    }
                    if !same_key && t.name == "people" {
                        // The same person found by email: keep every email, phone and tag
                        // of both (the local record may hold a second address).
                        for list in PERSON_LISTS {
                            let mut items: Vec<Json> =
                                local.get(list).and_then(Json::as_array).cloned().unwrap_or_default();
                            for item in rec.get(list).and_then(Json::as_array).cloned().unwrap_or_default() {
                                if !items.contains(&item) {
                                    items.push(item);
                                }
                            }
                            rec.insert(list.to_string(), Json::Array(items));
                        }
                    }
                    write_record(tx, t, &rec, Some(&local[t.key])).map_err(located)?;
                    *report.updated.entry(t.name.to_string()).or_default() += 1;
                    let taken = took.entry(t.name).or_default();
                    taken.insert(id.clone());
                    if let Some(local_id) = local[t.key].as_str() {
                        taken.insert(local_id.to_string());
                    }
                }
                report.conflicts.push(Conflict {
                    table: t.name.to_string(),
                    id,
                    local_updated_at: local_time,
                    incoming_updated_at: incoming_time,
                    kept,
                    reason,
                });
            }
        }
        Ok(report)
    };
    if dry_run {
        store.preview(work)
    } else {
        store.write(work)
    }
}

/// Whether a record with this id exists in `table` (tests and previews).
pub fn contains(store: &Store, table: &str, id: Uuid) -> Result<bool> {
    let t =
        TABLES.iter().find(|t| t.name == table).ok_or_else(|| Error::invalid("table", table.to_string()))?;
    let sql = format!("SELECT 1 FROM {} WHERE {} = ?1", t.name, t.key);
    Ok(store.conn().prepare_cached(&sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
}
