//! The team sync's conflicts in words: which record a conflict is about (a person's name,
//! the two people of a tie), a field's name as a person reads it, and a stored value as
//! text. The application layer's conflicts list is built from these.

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value as Json;
use uuid::Uuid;

use crate::store::sync;
use crate::Result;

fn person_name(conn: &Connection, id: Uuid) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT full_name FROM people WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn organisation_name(conn: &Connection, id: Uuid) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM organisations WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Two ids of one row, by column (`None` when the row is gone).
fn pair(
    conn: &Connection,
    table: &str,
    a: &str,
    b: &str,
    key: &str,
    id: Uuid,
) -> Result<Option<(Uuid, Uuid)>> {
    Ok(conn
        .prepare(&format!("SELECT {a}, {b} FROM {table} WHERE {key} = ?1"))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn one(conn: &Connection, table: &str, col: &str, key: &str, id: Uuid) -> Result<Option<Uuid>> {
    Ok(conn
        .prepare(&format!("SELECT {col} FROM {table} WHERE {key} = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// What kind of record a conflict is about, and which one, in words.
pub fn record_label(conn: &Connection, table: &str, id: Uuid) -> Result<(&'static str, String)> {
    let name =
        |p: Uuid| -> Result<String> { Ok(person_name(conn, p)?.unwrap_or_else(|| "someone removed".into())) };
    let gone = || "(no longer on this desktop)".to_string();
    Ok(match table {
        "people" => ("Person", person_name(conn, id)?.unwrap_or_else(gone)),
        "organisations" => ("Organisation", organisation_name(conn, id)?.unwrap_or_else(gone)),
        "employments" => (
            "Employment",
            match pair(conn, "employments", "person_id", "organisation_id", "id", id)? {
                Some((p, o)) => format!(
                    "{} at {}",
                    name(p)?,
                    organisation_name(conn, o)?.unwrap_or_else(|| "an organisation removed".into())
                ),
                None => gone(),
            },
        ),
        "relationships" => (
            "Relationship",
            match pair(conn, "relationships", "person_a", "person_b", "id", id)? {
                Some((a, b)) => format!("{} ↔ {}", name(a)?, name(b)?),
                None => gone(),
            },
        ),
        "intro_requests" => (
            "Introduction request",
            match pair(conn, "intro_requests", "target_id", "source_id", "id", id)? {
                Some((t, s)) => format!("{} via {}", name(t)?, name(s)?),
                None => gone(),
            },
        ),
        "opportunities" => (
            "Opportunity",
            conn.prepare("SELECT title FROM opportunities WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .unwrap_or_else(gone),
        ),
        "touches" => (
            "Touch",
            match one(conn, "touches", "person_id", "id", id)? {
                Some(p) => format!("with {}", name(p)?),
                None => gone(),
            },
        ),
        "reps" | "goals" | "assessments" => {
            let kind = match table {
                "reps" => "Rep",
                "goals" => "Goal",
                _ => "Referral I.Q. result",
            };
            let (col, key) = if table == "goals" { ("rep_id", "rep_id") } else { ("rep_id", "id") };
            let rep = if table == "reps" { Some(id) } else { one(conn, table, col, key, id)? };
            let who = match rep {
                Some(r) => match one(conn, "reps", "person_id", "id", r)? {
                    Some(p) => name(p)?,
                    None => "a rep removed".into(),
                },
                None => gone(),
            };
            (kind, who)
        }
        "request_history" => (
            "Request history",
            match one(conn, "request_history", "request_id", "id", id)? {
                Some(req) => match pair(conn, "intro_requests", "target_id", "source_id", "id", req)? {
                    Some((t, s)) => format!("{} via {}", name(t)?, name(s)?),
                    None => gone(),
                },
                None => gone(),
            },
        ),
        other => ("Record", format!("{other} {id}")),
    })
}

/// A field's name as a person reads it.
pub fn field_label(field: &str) -> String {
    let known = match field {
        "full_name" | "name" => "Name",
        "title" => "Title",
        "notes" => "Notes",
        "linkedin_url" => "LinkedIn",
        "source" => "Source",
        "_emails" => "Emails",
        "_phones" => "Phones",
        "_tags" => "Tags",
        "domain" => "Domain",
        "kind" => "Kind",
        "strength" => "Strength",
        "last_contact" => "Last contact",
        "since" => "Known since",
        "verified_at" => "Verified",
        "stage" => "Stage",
        "deal_value" => "Deal value",
        "(deleted)" => "Removal",
        "(row)" => "Whole record",
        _ => "",
    };
    if !known.is_empty() {
        return known.into();
    }
    let words = field.trim_start_matches('_').trim_end_matches("_id").replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => field.into(),
    }
}

/// A stored value as text: strings as they are, lists joined, a reference by its name.
pub fn value_text(conn: &Connection, v: &Json) -> String {
    match v {
        Json::Null => "(empty)".into(),
        Json::String(s) if s.is_empty() => "(empty)".into(),
        Json::String(s) => s.clone(),
        Json::Array(items) if items.is_empty() => "(none)".into(),
        Json::Array(items) => items.iter().map(|i| value_text(conn, i)).collect::<Vec<_>>().join(", "),
        Json::Object(o) => match o.get("blob").and_then(Json::as_str).and_then(|h| Uuid::try_parse(h).ok()) {
            Some(id) => person_name(conn, id)
                .ok()
                .flatten()
                .or_else(|| organisation_name(conn, id).ok().flatten())
                .unwrap_or_else(|| "(a record not on this desktop)".into()),
            None => v.to_string(),
        },
        other => other.to_string(),
    }
}

/// A shared table's records in words ("person", "introduction request").
pub fn kind_name(table: &str) -> &'static str {
    match table {
        "people" => "person",
        "organisations" => "organisation",
        "employments" => "employment",
        "relationships" => "relationship",
        "intro_requests" => "introduction request",
        "opportunities" => "opportunity",
        "touches" => "touch",
        "reps" => "rep",
        "goals" => "goal",
        "assessments" => "Referral I.Q. result",
        "request_history" => "request history",
        _ => "record",
    }
}

/// The field's value here now, as the sync reads it (to tell whether it moved on since).
pub fn current_value(conn: &Connection, table: &str, id: Uuid, field: &str) -> Result<Option<Json>> {
    Ok(sync::read_row(conn, table, id)?.map(|row| row.get(field).cloned().unwrap_or(Json::Null)))
}
