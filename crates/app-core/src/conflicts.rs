//! The team sync's conflicts as a rep reads and settles them: which record (a person's
//! name, the two people of a tie), which field, both values as text, and who wrote the one
//! overwritten; "use the overwritten value" (written back as a new edit, which the next sync
//! sends with a later clock) and "dismiss". Both shells call this.

use intrograph_engine::model::{OrganisationId, PersonId, RelationshipId, RelationshipKind, Strength};
use intrograph_engine::store::conflicts::{current_value, field_label, kind_name, record_label, value_text};
use intrograph_engine::store::organisations::{self, OrganisationPatch};
use intrograph_engine::store::people::{self, PersonPatch};
use intrograph_engine::store::relationships::{self, RelationshipPatch};
use intrograph_engine::store::{sync, Store};
use intrograph_engine::{Error, Result};
use serde_json::Value as Json;

pub use crate::views::team::ConflictView;

/// Who wrote a value this desktop wrote itself (as `sync_conflicts` records it).
const THIS_DESKTOP: &str = "this desktop";

/// A conflict as the Team section and `team status` show it.
pub fn describe(store: &Store, c: &intrograph_team::Conflict) -> Result<ConflictView> {
    let conn = store.conn();
    let (kind, record) = record_label(conn, &c.table, c.row_id)?;
    Ok(ConflictView {
        id: c.id,
        table: c.table.clone(),
        row_id: c.row_id.to_string(),
        field: c.field.clone(),
        record_kind: kind.to_string(),
        record,
        field_label: field_label(&c.field),
        kept: c.kept.to_string(),
        overwritten: c.overwritten.to_string(),
        kept_text: value_text(conn, &c.kept),
        overwritten_text: value_text(conn, &c.overwritten),
        overwritten_by: c.overwritten_by.clone(),
        by: by_text(&c.overwritten_by),
        restorable: restorable(&c.table, &c.field).is_ok(),
        at: c.at,
    })
}

/// "you, on this desktop", the team (a first pull), or the rep's name (or login).
fn by_text(by: &str) -> String {
    match by {
        THIS_DESKTOP => "you, on this desktop".into(),
        "team" => "the team".into(),
        other => other.into(),
    }
}

/// Whether "use the overwritten value" can write this field back (through the record's own
/// edit, with its rules), and why not.
fn restorable(table: &str, field: &str) -> std::result::Result<(), String> {
    let ok = match table {
        "people" => {
            matches!(
                field,
                "full_name" | "title" | "notes" | "linkedin_url" | "source" | "_emails" | "_phones" | "_tags"
            )
        }
        "organisations" => matches!(field, "name" | "domain" | "notes"),
        "relationships" => matches!(field, "kind" | "strength" | "notes" | "last_contact" | "since"),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the {} of a {} cannot be set back from the conflicts list; change it where it is shown",
            field_label(field).to_lowercase(),
            kind_name(table).to_lowercase()
        ))
    }
}

fn text(field: &str, v: &Json) -> Result<String> {
    match v {
        Json::String(s) => Ok(s.clone()),
        Json::Null => Ok(String::new()),
        other => Err(Error::invalid(field, format!("expected text, found {other}"))),
    }
}

fn optional_text(field: &str, v: &Json) -> Result<Option<String>> {
    Ok(Some(text(field, v)?).filter(|s| !s.trim().is_empty()))
}

fn list(field: &str, v: &Json) -> Result<Vec<String>> {
    match v {
        Json::Array(items) => items.iter().map(|i| text(field, i)).collect(),
        Json::Null => Ok(Vec::new()),
        other => Err(Error::invalid(field, format!("expected a list, found {other}"))),
    }
}

fn date(field: &str, v: &Json) -> Result<Option<chrono::NaiveDate>> {
    match optional_text(field, v)? {
        None => Ok(None),
        Some(s) => chrono::NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d")
            .map(Some)
            .map_err(|e| Error::invalid(field, format!("{s:?} is not a date: {e}"))),
    }
}

/// Writes a conflict's overwritten value back through the record's own edit, and takes the
/// conflict off the list, in one transaction. The next sync sends it as a new edit (a later
/// clock, saying it was made over the kept value), so every desktop ends with it. Refused,
/// changing nothing, when the record is gone, when the field cannot be set back here, or
/// when its value has changed since the conflict (it is no longer the one kept).
pub fn use_overwritten(store: &mut Store, id: i64) -> Result<ConflictView> {
    let c = sync::conflict(store.conn(), id)?;
    let view = describe(
        store,
        &intrograph_team::Conflict {
            id: c.id,
            table: c.table.clone(),
            row_id: c.row_id,
            field: c.field.clone(),
            kept: c.kept.clone(),
            overwritten: c.overwritten.clone(),
            overwritten_by: c.overwritten_by.clone(),
            at: chrono::DateTime::parse_from_rfc3339(&c.at).map(|t| t.to_utc()).unwrap_or_default(),
        },
    )?;
    restorable(&c.table, &c.field).map_err(Error::Conflict)?;
    let what = format!("{} of {}", view.field_label.to_lowercase(), view.record);
    let now = match current_value(store.conn(), &c.table, c.row_id, &c.field)? {
        None => {
            return Err(Error::Conflict(format!(
                "the {} is no longer on this desktop; nothing was changed",
                kind_name(&c.table)
            )))
        }
        Some(v) => v,
    };
    if now == c.overwritten {
        // Already back (set by hand, or by another desktop): only the list entry goes.
        store.write(|tx| sync::dismiss_conflicts(tx, Some(&[id])))?;
        return Ok(view);
    }
    if now != c.kept {
        return Err(Error::Conflict(format!(
            "the {what} has changed since this conflict (it is now {:?}, not {:?}); nothing was changed: \
             set it where it is shown, or dismiss the conflict",
            value_text(store.conn(), &now),
            view.kept_text
        )));
    }
    let f = c.field.as_str();
    let v = &c.overwritten;
    store.write(|tx| {
        match c.table.as_str() {
            "people" => {
                let mut p = PersonPatch::default();
                match f {
                    "full_name" => p.full_name = Some(text(f, v)?),
                    "title" => p.title = Some(text(f, v)?),
                    "notes" => p.notes = Some(text(f, v)?),
                    "source" => p.source = Some(text(f, v)?),
                    "linkedin_url" => p.linkedin_url = Some(optional_text(f, v)?),
                    "_emails" => p.emails = Some(list(f, v)?),
                    "_phones" => p.phones = Some(list(f, v)?),
                    _ => p.tags = Some(list(f, v)?),
                }
                people::edit(tx, PersonId(c.row_id), &p)?;
            }
            "organisations" => {
                let mut p = OrganisationPatch::default();
                match f {
                    "name" => p.name = Some(text(f, v)?),
                    "domain" => p.domain = Some(optional_text(f, v)?),
                    _ => p.notes = Some(text(f, v)?),
                }
                organisations::edit(tx, OrganisationId(c.row_id), &p)?;
            }
            _ => {
                let mut p = RelationshipPatch::default();
                match f {
                    "kind" => p.kind = Some(text(f, v)?.parse::<RelationshipKind>()?),
                    "strength" => {
                        let s = v.as_u64().and_then(|s| u8::try_from(s).ok()).ok_or_else(|| {
                            Error::invalid(f, format!("expected a strength from 1 to 5, found {v}"))
                        })?;
                        p.strength = Some(Strength::new(s)?);
                    }
                    "notes" => p.notes = Some(text(f, v)?),
                    "last_contact" => p.last_contact = Some(date(f, v)?),
                    _ => p.since = Some(date(f, v)?),
                }
                relationships::edit(tx, RelationshipId(c.row_id), &p)?;
            }
        }
        sync::dismiss_conflicts(tx, Some(&[id]))
    })?;
    Ok(view)
}

/// Takes conflicts off the list (`None`: all); the data stays as it is.
pub fn dismiss(store: &mut Store, ids: Option<&[i64]>) -> Result<u64> {
    if let Some(ids) = ids {
        for id in ids {
            sync::conflict(store.conn(), *id)?;
        }
    }
    store.write(|tx| sync::dismiss_conflicts(tx, ids))
}
