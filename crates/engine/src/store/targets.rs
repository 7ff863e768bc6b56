//! Each rep's target list: the people and organisations the rep wants a hot call with.
//! The app suggests asks toward them every day.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{now, organisations, people, reps};
use crate::error::Result;
use crate::model::{OrganisationId, PersonId, RepId, Target};

/// One entry of a rep's target list, with the name to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TargetEntry {
    pub target: Target,
    pub name: String,
    pub added_at: DateTime<Utc>,
}

fn ends(target: Target) -> (Option<Uuid>, Option<Uuid>) {
    match target {
        Target::Person(p) => (Some(p.0), None),
        Target::Organisation(o) => (None, Some(o.0)),
    }
}

/// Puts `target` on the rep's list. Adding a target already listed changes nothing.
pub fn add(tx: &Transaction<'_>, rep: RepId, target: Target) -> Result<TargetEntry> {
    reps::get(tx, rep)?;
    match target {
        Target::Person(p) => drop(people::get(tx, p)?),
        Target::Organisation(o) => drop(organisations::get(tx, o)?),
    }
    let (person, org) = ends(target);
    tx.prepare_cached(
        "INSERT INTO targets (id, rep_id, person_id, organisation_id, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![Uuid::now_v7(), rep.0, person, org, now()])?;
    Ok(list(tx, rep)?.into_iter().find(|e| e.target == target).expect("the target was just listed"))
}

/// Takes `target` off the rep's list; false when it was not there.
pub fn remove(tx: &Transaction<'_>, rep: RepId, target: Target) -> Result<bool> {
    let (person, org) = ends(target);
    let n = tx
        .prepare_cached(
            "DELETE FROM targets WHERE rep_id = ?1 AND person_id IS ?2 AND organisation_id IS ?3",
        )?
        .execute(params![rep.0, person, org])?;
    Ok(n > 0)
}

/// Whether `target` is on the rep's list.
pub fn contains(conn: &Connection, rep: RepId, target: Target) -> Result<bool> {
    let (person, org) = ends(target);
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM targets WHERE rep_id = ?1 AND person_id IS ?2 AND organisation_id IS ?3",
        )?
        .query_row(params![rep.0, person, org], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The rep's targets, oldest first.
pub fn list(conn: &Connection, rep: RepId) -> Result<Vec<TargetEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT t.person_id, t.organisation_id, coalesce(p.full_name, o.name), t.added_at
         FROM targets t
         LEFT JOIN people p ON p.id = t.person_id
         LEFT JOIN organisations o ON o.id = t.organisation_id
         WHERE t.rep_id = ?1 ORDER BY t.added_at, t.id",
    )?;
    let rows = st.query_map([rep.0], |r| {
        let person: Option<Uuid> = r.get(0)?;
        let org: Option<Uuid> = r.get(1)?;
        let target = match (person, org) {
            (Some(p), _) => Target::Person(PersonId(p)),
            (None, o) => Target::Organisation(OrganisationId(o.unwrap_or_default())),
        };
        Ok(TargetEntry { target, name: r.get(2)?, added_at: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::organisations::OrganisationInput;
    use crate::store::people::PersonInput;
    use crate::store::Store;

    #[test]
    fn a_rep_lists_adds_once_and_removes_targets() {
        let mut store = Store::open_in_memory().unwrap();
        let (rep, ada, acme) = store
            .write(|tx| {
                let rep = reps::add_new(tx, &PersonInput::named("Rita Rep"))?;
                let ada = people::add(tx, &PersonInput::named("Ada Lovelace"))?;
                let acme = organisations::add(tx, &OrganisationInput::named("Acme"))?;
                Ok((rep.id, ada.id, acme.id))
            })
            .unwrap();
        store
            .write(|tx| {
                add(tx, rep, Target::Person(ada))?;
                add(tx, rep, Target::Person(ada))?;
                add(tx, rep, Target::Organisation(acme))
            })
            .unwrap();
        let listed = list(store.conn(), rep).unwrap();
        assert_eq!(
            listed.iter().map(|e| (e.target, e.name.as_str())).collect::<Vec<_>>(),
            vec![(Target::Person(ada), "Ada Lovelace"), (Target::Organisation(acme), "Acme")]
        );
        assert!(contains(store.conn(), rep, Target::Organisation(acme)).unwrap());
        assert!(store.write(|tx| remove(tx, rep, Target::Person(ada))).unwrap());
        assert!(!store.write(|tx| remove(tx, rep, Target::Person(ada))).unwrap());
        assert_eq!(list(store.conn(), rep).unwrap().len(), 1);
    }

    #[test]
    fn an_unknown_target_is_refused_and_nothing_is_stored() {
        let mut store = Store::open_in_memory().unwrap();
        let rep = store.write(|tx| Ok(reps::add_new(tx, &PersonInput::named("Rita Rep"))?.id)).unwrap();
        let err = store.write(|tx| add(tx, rep, Target::Person(PersonId::new()))).unwrap_err();
        assert_eq!(err.code(), "NotFound");
        assert!(list(store.conn(), rep).unwrap().is_empty());
    }
}
