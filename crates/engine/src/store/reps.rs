//! Reps: the sales reps of the workspace. Every rep is a person in the network;
//! the current rep (whose network the app and the CLI work from) is a setting.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{now, people, settings};
use crate::error::{Error, Result};
use crate::model::{PersonId, Rep, RepId};

const COLUMNS: &str = "id, person_id, active, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Rep> {
    Ok(Rep {
        id: RepId(row.get(0)?),
        person_id: PersonId(row.get(1)?),
        active: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
    })
}

/// Makes an existing person a rep. The first rep of a workspace becomes the current rep.
pub fn add(tx: &Transaction<'_>, person: PersonId) -> Result<Rep> {
    let p = people::get(tx, person)?;
    if let Some(rep) = for_person(tx, person)? {
        return Err(Error::Conflict(format!("{} is already a rep (id {})", p.full_name, rep.id)));
    }
    let id = RepId::new();
    let at = now();
    tx.prepare_cached(
        "INSERT INTO reps (id, person_id, active, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3)",
    )?
    .execute(params![id.0, person.0, at])?;
    if settings::get::<RepId>(tx, settings::CURRENT_REP)?.is_none() {
        settings::set(tx, settings::CURRENT_REP, &id)?;
    }
    get(tx, id)
}

/// Creates a person and makes them a rep.
pub fn add_new(tx: &Transaction<'_>, person: &people::PersonInput) -> Result<Rep> {
    let p = people::add(tx, person)?;
    add(tx, p.id)
}

pub fn get(conn: &Connection, id: RepId) -> Result<Rep> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM reps WHERE id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("rep", id.to_string()))
}

/// The rep record of a person, if they are one.
pub fn for_person(conn: &Connection, person: PersonId) -> Result<Option<Rep>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM reps WHERE person_id = ?1"))?
        .query_row([person.0], from_row)
        .optional()?)
}

/// Every rep, active first, then by name.
pub fn list(conn: &Connection) -> Result<Vec<Rep>> {
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.person_id, r.active, r.created_at, r.updated_at FROM reps r
         JOIN people p ON p.id = r.person_id ORDER BY r.active DESC, p.name_key, r.id",
    )?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a rep by rep id, or by anything [`people::resolve_person`] accepts.
pub fn resolve_rep(conn: &Connection, query: &str) -> Result<Rep> {
    if let Ok(id) = query.trim().parse::<RepId>() {
        if let Some(rep) = conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM reps WHERE id = ?1"))?
            .query_row([id.0], from_row)
            .optional()?
        {
            return Ok(rep);
        }
    }
    let person = people::resolve_person(conn, query)?;
    for_person(conn, person.id)?.ok_or_else(|| {
        Error::not_found(
            "rep",
            format!(
                "{} is not a rep; make them one with `intrograph rep add {:?}`",
                person.full_name, person.full_name
            ),
        )
    })
}

/// Makes a rep active or inactive. An inactive rep keeps their history; their
/// clients show up as orphaned.
pub fn set_active(tx: &Transaction<'_>, id: RepId, active: bool) -> Result<Rep> {
    let rep = get(tx, id)?;
    if rep.active != active {
        tx.prepare_cached("UPDATE reps SET active = ?2, updated_at = ?3 WHERE id = ?1")?.execute(params![
            id.0,
            active,
            now()
        ])?;
    }
    get(tx, id)
}

/// Chooses the rep whose network the app and the CLI work from.
pub fn set_current_rep(tx: &Transaction<'_>, id: RepId) -> Result<Rep> {
    let rep = get(tx, id)?;
    if !rep.active {
        let name = people::get(tx, rep.person_id)?.full_name;
        return Err(Error::Conflict(format!(
            "{name} is an inactive rep; activate them first with `intrograph rep activate`"
        )));
    }
    settings::set(tx, settings::CURRENT_REP, &id)?;
    Ok(rep)
}

/// The current rep: the one chosen with [`set_current_rep`], else the only rep there is.
pub fn current_rep(conn: &Connection) -> Result<Rep> {
    if let Some(id) = settings::get::<RepId>(conn, settings::CURRENT_REP)? {
        if let Some(rep) = conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM reps WHERE id = ?1"))?
            .query_row([id.0], from_row)
            .optional()?
        {
            return Ok(rep);
        }
    }
    let mut all = list(conn)?;
    match all.len() {
        0 => Err(Error::not_found(
            "current rep",
            "there are no reps yet; add yourself with `intrograph rep add`",
        )),
        1 => Ok(all.remove(0)),
        _ => Err(Error::not_found("current rep", "none is chosen; choose one with `intrograph rep use`")),
    }
}

pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM reps")?.query_row([], |r| r.get::<_, i64>(0))? as u64)
}
