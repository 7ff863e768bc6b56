//! The network in one read: everything the relationship graph is built from,
//! and the counts behind a status line.

use rusqlite::Connection;
use serde::Serialize;

use super::{organisations, people, relationships, Store};
use crate::error::Result;
use crate::model::{
    Employment, EmploymentId, NetworkData, OrganisationId, OrganisationSummary, PersonId, PersonSummary,
};

/// Reads every person, organisation, employment and relationship in one read
/// transaction (a consistent snapshot), streaming rows through prepared statements,
/// in storage order (callers must not rely on any order).
pub fn load(store: &Store) -> Result<NetworkData> {
    load_from(store.conn())
}

/// [`load`] on a connection (inside a caller's transaction, for instance).
pub fn load_from(conn: &Connection) -> Result<NetworkData> {
    // A deferred transaction gives one snapshot across the four reads; inside an
    // existing transaction (autocommit off) the caller's snapshot is used instead.
    let own_tx = conn.is_autocommit();
    if own_tx {
        conn.execute_batch("BEGIN DEFERRED")?;
    }
    let data = read_all(conn);
    if own_tx {
        conn.execute_batch(if data.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    }
    data
}

fn count_of(conn: &Connection, table: &str) -> Result<usize> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(n as usize)
}

fn read_all(conn: &Connection) -> Result<NetworkData> {
    let mut data = NetworkData::default();

    data.people.reserve(count_of(conn, "people")?);
    let mut st = conn.prepare_cached("SELECT id, full_name FROM people")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.people.push(PersonSummary { id: PersonId(r.get(0)?), full_name: r.get(1)? });
    }

    data.organisations.reserve(count_of(conn, "organisations")?);
    let mut st = conn.prepare_cached("SELECT id, name FROM organisations")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.organisations.push(OrganisationSummary { id: OrganisationId(r.get(0)?), name: r.get(1)? });
    }

    data.employments.reserve(count_of(conn, "employments")?);
    let mut st = conn.prepare_cached(
        "SELECT id, person_id, organisation_id, title, start_date, end_date, current FROM employments",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.employments.push(Employment {
            id: EmploymentId(r.get(0)?),
            person_id: PersonId(r.get(1)?),
            organisation_id: OrganisationId(r.get(2)?),
            title: r.get(3)?,
            start: r.get(4)?,
            end: r.get(5)?,
            current: r.get(6)?,
        });
    }

    data.relationships.reserve(count_of(conn, "relationships")?);
    let mut st = conn.prepare_cached(&format!("SELECT {} FROM relationships", relationships::COLUMNS))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.relationships.push(relationships::from_row(r)?);
    }
    Ok(data)
}

/// Sizes of the network, for a status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub people: u64,
    pub organisations: u64,
    pub relationships: u64,
    pub verified_relationships: u64,
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    Ok(Counts {
        people: people::count(conn)?,
        organisations: organisations::count(conn)?,
        relationships: relationships::count(conn)?,
        verified_relationships: relationships::count_verified(conn)?,
    })
}
