//! The team as the pipeline sees it: reps with their names, activity goals, and the
//! customers each rep holds.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Clock;
use crate::model::{PersonId, RepId};
use crate::store::{requests, Store};

/// A rep with their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub rep_id: RepId,
    pub person_id: PersonId,
    pub name: String,
    pub active: bool,
}

/// Every rep, by name.
pub fn members(store: &Store) -> Result<Vec<Member>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT re.id, re.person_id, p.full_name, re.active FROM reps re CROSS JOIN people p ON p.id = re.person_id
         ORDER BY p.name_key, re.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Member {
            rep_id: RepId(r.get(0)?),
            person_id: PersonId(r.get(1)?),
            name: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One rep.
pub fn member(store: &Store, rep: RepId) -> Result<Member> {
    let (person_id, active, name) = requests::rep_person(store.conn(), rep)?;
    Ok(Member { rep_id: rep, person_id, name, active })
}

/// A rep's weekly goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub rep_id: RepId,
    pub rep_name: String,
    /// Introduction requests asked per week.
    pub asks_per_week: u32,
}

/// Sets a rep's goal of asks per week.
pub fn set_goal(store: &mut Store, rep: RepId, asks_per_week: u32, clock: &Clock) -> Result<Goal> {
    if asks_per_week > 1000 {
        return Err(Error::invalid(
            "asks per week",
            format!("{asks_per_week} is not a realistic weekly goal"),
        ));
    }
    store.write(|tx| {
        requests::rep_person(tx, rep)?;
        tx.prepare_cached(
            "INSERT INTO goals (rep_id, asks_per_week, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(rep_id) DO UPDATE SET asks_per_week = excluded.asks_per_week, updated_at = excluded.updated_at",
        )?
        .execute(params![rep.0, asks_per_week, clock.now])?;
        Ok(())
    })?;
    goal(store, rep)?.ok_or_else(|| Error::not_found("goal", rep.to_string()))
}

/// A rep's goal, if set.
pub fn goal(store: &Store, rep: RepId) -> Result<Option<Goal>> {
    requests::rep_person(store.conn(), rep)?;
    Ok(goals(store)?.into_iter().find(|g| g.rep_id == rep))
}

/// Every goal, by rep name.
pub fn goals(store: &Store) -> Result<Vec<Goal>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT g.rep_id, p.full_name, g.asks_per_week FROM goals g
         CROSS JOIN reps re ON re.id = g.rep_id CROSS JOIN people p ON p.id = re.person_id ORDER BY p.name_key, g.rep_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Goal { rep_id: RepId(r.get(0)?), rep_name: r.get(1)?, asks_per_week: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A rep's client, with the latest contact anyone had with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub person_id: PersonId,
    pub name: String,
    pub rep_id: RepId,
    pub rep_name: String,
    pub rep_active: bool,
    pub last_touch: Option<NaiveDate>,
}

/// Every `client` relationship held by a rep.
pub fn clients(store: &Store) -> Result<Vec<Client>> {
    let mut stmt = store.conn().prepare_cached(
        "WITH c AS (
             SELECT re.id AS rep_id, re.active AS active, rp.full_name AS rep_name, r.last_contact AS last_contact,
                    CASE WHEN r.person_a = re.person_id THEN r.person_b ELSE r.person_a END AS client_id
             FROM relationships r
             JOIN reps re ON re.person_id = r.person_a OR re.person_id = r.person_b
             JOIN people rp ON rp.id = re.person_id
             WHERE r.kind = 'client')
         SELECT c.client_id, p.full_name, c.rep_id, c.rep_name, c.active,
                NULLIF(MAX(COALESCE((SELECT MAX(t.date) FROM touches t WHERE t.person_id = c.client_id), ''),
                           COALESCE(c.last_contact, '')), '')
         FROM c JOIN people p ON p.id = c.client_id
         WHERE NOT EXISTS (SELECT 1 FROM reps x WHERE x.person_id = c.client_id)",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Client {
            person_id: PersonId(r.get(0)?),
            name: r.get(1)?,
            rep_id: RepId(r.get(2)?),
            rep_name: r.get(3)?,
            rep_active: r.get(4)?,
            last_touch: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The rep's teammates in a team workspace: every other active rep whose relationships
/// reached this desktop (a tie pulled from the team, or read from their bundle, names
/// them as its owner). Outside a team no tie has an owner, so nobody is a teammate and
/// paths are what they always were. `rep_person` is the asking rep's person.
pub fn teammates_with_ties(conn: &rusqlite::Connection, rep_person: PersonId) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT re.id, re.person_id, p.full_name, re.active FROM reps re CROSS JOIN people p ON p.id = re.person_id
         WHERE re.active = 1 AND re.person_id <> ?1
           AND EXISTS (SELECT 1 FROM relationships r WHERE r.owner_rep_id = re.id)
         ORDER BY p.name_key, re.id",
    )?;
    let rows = stmt.query_map([rep_person.0], |r| {
        Ok(Member {
            rep_id: RepId(r.get(0)?),
            person_id: PersonId(r.get(1)?),
            name: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every rep with their person and name, by rep id (colleagues named on paths).
pub fn members_by_rep(conn: &rusqlite::Connection) -> Result<std::collections::HashMap<RepId, Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT re.id, re.person_id, p.full_name, re.active FROM reps re CROSS JOIN people p ON p.id = re.person_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Member {
            rep_id: RepId(r.get(0)?),
            person_id: PersonId(r.get(1)?),
            name: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    rows.map(|m| m.map(|m| (m.rep_id, m)).map_err(Into::into)).collect()
}
