//! Touches: logged interactions between a rep and a person. A touch by a rep also
//! moves the last contact of the rep's relationship with that person forward.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row, Transaction};

use super::{now, people, relationships, reps};
use crate::error::{Error, Result};
use crate::model::{Direction, PersonId, RepId, Touch, TouchId, TouchKind};

/// A new touch.
#[derive(Clone, Debug, PartialEq)]
pub struct TouchInput {
    pub person_id: PersonId,
    pub kind: TouchKind,
    pub date: NaiveDate,
    pub notes: String,
    pub rep_id: Option<RepId>,
}

const COLUMNS: &str = "id, person_id, rep_id, kind, date, notes, created_at, direction";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Touch> {
    let kind: String = row.get(3)?;
    let kind = kind.parse::<TouchKind>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.to_string().into())
    })?;
    Ok(Touch {
        id: TouchId(row.get(0)?),
        person_id: PersonId(row.get(1)?),
        rep_id: row.get::<_, Option<uuid::Uuid>>(2)?.map(RepId),
        kind,
        date: row.get(4)?,
        notes: row.get(5)?,
        created_at: row.get(6)?,
        direction: match row.get_ref(7)?.as_str_or_null()? {
            Some("sent") => Some(Direction::Sent),
            Some("received") => Some(Direction::Received),
            _ => None,
        },
    })
}

/// Logs a touch. With a rep, the rep↔person relationship's last contact moves to
/// the touch's date if that is later.
pub fn log(tx: &Transaction<'_>, input: &TouchInput) -> Result<Touch> {
    people::get(tx, input.person_id)?;
    let rep = input.rep_id.map(|id| reps::get(tx, id)).transpose()?;
    if rep.as_ref().is_some_and(|r| r.person_id == input.person_id) {
        return Err(Error::invalid("touch", "a rep cannot log a touch with themselves"));
    }
    let id = TouchId::new();
    tx.prepare_cached(
        "INSERT INTO touches (id, person_id, rep_id, kind, date, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id.0,
        input.person_id.0,
        input.rep_id.map(|r| r.0),
        input.kind.as_str(),
        input.date,
        input.notes,
        now()
    ])?;
    if let Some(rep) = rep {
        if let Some(rel) = relationships::between(tx, rep.person_id, input.person_id)? {
            if rel.last_contact.is_none_or(|d| d < input.date) {
                relationships::edit(
                    tx,
                    rel.id,
                    &relationships::RelationshipPatch {
                        last_contact: Some(Some(input.date)),
                        ..Default::default()
                    },
                )?;
            }
        }
    }
    Ok(tx
        .prepare_cached(&format!("SELECT {COLUMNS} FROM touches WHERE id = ?1"))?
        .query_row([id.0], from_row)?)
}

/// A person's touches, newest first.
pub fn list_for_person(conn: &Connection, person: PersonId) -> Result<Vec<Touch>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM touches WHERE person_id = ?1 ORDER BY date DESC, created_at DESC, id DESC"
    ))?;
    let rows = st.query_map([person.0], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many touches a person has had.
pub fn count_for_person(conn: &Connection, person: PersonId) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM touches WHERE person_id = ?1")?
        .query_row([person.0], |r| r.get::<_, i64>(0))? as u64)
}

pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM touches")?.query_row([], |r| r.get::<_, i64>(0))? as u64)
}
