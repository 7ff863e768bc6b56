//! What the likely-duplicates finder (`crate::duplicates`) reads, and the pairs the rep
//! dismissed (migration 0017): a dismissed pair is never proposed again.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, Transaction};

use super::{now, people, relationships};
use crate::error::{Error, Result};
use crate::model::{OrganisationId, PersonId};

/// The facts of one person the finder compares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonFacts {
    pub id: PersonId,
    pub full_name: String,
    /// `model::name_key` of the name, as stored.
    pub name_key: String,
    pub linkedin_url: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// Every organisation they work or worked at, current first.
    pub organisations: Vec<(OrganisationId, String)>,
    pub rep: bool,
}

/// Every person's facts, in id order, read in one snapshot (four scans, no per-person query).
pub fn facts(conn: &Connection) -> Result<Vec<PersonFacts>> {
    super::rows::in_snapshot(conn, |conn| {
        let mut out: Vec<PersonFacts> = Vec::new();
        {
            let mut st = conn.prepare_cached(
                "SELECT p.id, p.full_name, p.name_key, p.linkedin_url,
                        EXISTS (SELECT 1 FROM reps r WHERE r.person_id = p.id)
                 FROM people p ORDER BY p.id",
            )?;
            let rows = st.query_map([], |r| {
                Ok(PersonFacts {
                    id: PersonId(r.get(0)?),
                    full_name: r.get(1)?,
                    name_key: r.get(2)?,
                    linkedin_url: r.get(3)?,
                    rep: r.get(4)?,
                    ..Default::default()
                })
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        let at: HashMap<PersonId, usize> = out.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        {
            let mut st = conn
                .prepare_cached("SELECT person_id, email FROM person_emails ORDER BY person_id, position")?;
            let rows = st.query_map([], |r| Ok((PersonId(r.get(0)?), r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, email) = row?;
                if let Some(&i) = at.get(&id) {
                    out[i].emails.push(email);
                }
            }
        }
        {
            let mut st = conn
                .prepare_cached("SELECT person_id, phone FROM person_phones ORDER BY person_id, position")?;
            let rows = st.query_map([], |r| Ok((PersonId(r.get(0)?), r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, phone) = row?;
                if let Some(&i) = at.get(&id) {
                    out[i].phones.push(phone);
                }
            }
        }
        {
            let mut st = conn.prepare_cached(
                "SELECT e.person_id, o.id, o.name FROM employments e JOIN organisations o ON o.id = e.organisation_id
                 ORDER BY e.person_id, e.current DESC, o.name",
            )?;
            let rows = st.query_map([], |r| {
                Ok((PersonId(r.get(0)?), OrganisationId(r.get(1)?), r.get::<_, String>(2)?))
            })?;
            for row in rows {
                let (id, org, name) = row?;
                if let Some(&i) = at.get(&id) {
                    if !out[i].organisations.iter().any(|(o, _)| *o == org) {
                        out[i].organisations.push((org, name));
                    }
                }
            }
        }
        Ok(out)
    })
}

/// Every dismissed pair, each as `(smaller id, larger id)`.
pub fn dismissed(conn: &Connection) -> Result<HashSet<(PersonId, PersonId)>> {
    let mut st = conn.prepare_cached("SELECT person_a, person_b FROM duplicate_dismissals")?;
    let rows = st.query_map([], |r| Ok((PersonId(r.get(0)?), PersonId(r.get(1)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that `a` and `b` are not the same person. Returns `false` when the pair was
/// already dismissed. Refuses one person twice and people who do not exist.
pub fn dismiss(tx: &Transaction<'_>, a: PersonId, b: PersonId) -> Result<bool> {
    if a == b {
        return Err(Error::invalid("dismiss", "give two different people"));
    }
    people::get(tx, a)?;
    people::get(tx, b)?;
    let (x, y) = relationships::ordered(a, b);
    let added = tx
        .prepare_cached(
            "INSERT INTO duplicate_dismissals (person_a, person_b, dismissed_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (person_a, person_b) DO NOTHING",
        )?
        .execute(params![x.0, y.0, now()])?;
    Ok(added > 0)
}

/// How many pairs are dismissed.
pub fn dismissed_count(conn: &Connection) -> Result<u64> {
    let n: i64 =
        conn.prepare_cached("SELECT count(*) FROM duplicate_dismissals")?.query_row([], |r| r.get(0))?;
    Ok(n as u64)
}

/// A merge of `absorb` into `keep` (inside its transaction): a dismissal between the two
/// has no meaning any more and goes; every other dismissal of `absorb` moves to `keep`
/// (`keep` is still not that other person), kept once.
pub(crate) fn follow_merge(tx: &Transaction<'_>, keep: PersonId, absorb: PersonId) -> Result<()> {
    let (x, y) = relationships::ordered(keep, absorb);
    tx.prepare_cached("DELETE FROM duplicate_dismissals WHERE person_a = ?1 AND person_b = ?2")?
        .execute(params![x.0, y.0])?;
    let others: Vec<(PersonId, String)> = {
        let mut st = tx.prepare_cached(
            "SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END, dismissed_at
             FROM duplicate_dismissals WHERE person_a = ?1 OR person_b = ?1",
        )?;
        let rows = st.query_map([absorb.0], |r| Ok((PersonId(r.get(0)?), r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    tx.prepare_cached("DELETE FROM duplicate_dismissals WHERE person_a = ?1 OR person_b = ?1")?
        .execute([absorb.0])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO duplicate_dismissals (person_a, person_b, dismissed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (person_a, person_b) DO NOTHING",
    )?;
    for (other, at) in others {
        if other == keep {
            continue;
        }
        let (x, y) = relationships::ordered(keep, other);
        insert.execute(params![x.0, y.0, at])?;
    }
    Ok(())
}
