//! Removing a whole set of records by where they came from (the sample workspace), with
//! everything that refers to them, inside the caller's transaction; and counting what is
//! left of the sample.

use std::collections::BTreeSet;

use rusqlite::{Connection, Transaction};
use uuid::Uuid;

use super::reps;
use crate::error::Result;

/// The `source` of every record of the sample workspace.
pub const SAMPLE_SOURCE: &str = "sample";

/// How many of the sample's people are left. The source is written out so that the
/// partial index of them (migration 0011) serves the count: a bound value would make
/// SQLite read every person.
const COUNT_SAMPLE: &str = "SELECT count(*) FROM people WHERE source = 'sample'";

/// How many people of the sample workspace ([`SAMPLE_SOURCE`]) the store holds.
pub fn count_sample(conn: &Connection) -> Result<u64> {
    let count: i64 = conn.prepare_cached(COUNT_SAMPLE)?.query_row([], |r| r.get(0))?;
    Ok(count as u64)
}

/// What [`remove_by_source`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub people: u64,
    pub organisations: u64,
    pub requests: u64,
}

/// Removes every person whose `source` is exactly `source`, with their relationships,
/// touches, employments, targets, rep records, the requests and opportunities involving
/// them, and the organisations left without anyone.
pub fn remove_by_source(tx: &Transaction<'_>, source: &str) -> Result<Removed> {
    let ids: Vec<Uuid> = tx
        .prepare_cached("SELECT id FROM people WHERE source = ?1")?
        .query_map([source], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut orgs = BTreeSet::new();
    let mut requests = 0;
    for id in &ids {
        let mut st = tx.prepare_cached("SELECT organisation_id FROM employments WHERE person_id = ?1")?;
        for org in st.query_map([id], |r| r.get::<_, Uuid>(0))? {
            orgs.insert(org?);
        }
        let rep_ids = "SELECT id FROM reps WHERE person_id = ?1";
        tx.prepare_cached(&format!(
            "DELETE FROM opportunities WHERE person_id = ?1 OR rep_id IN ({rep_ids})
               OR request_id IN (SELECT id FROM intro_requests WHERE source_id = ?1 OR target_id = ?1)"
        ))?
        .execute([id])?;
        requests += tx
            .prepare_cached(&format!(
                "DELETE FROM intro_requests WHERE source_id = ?1 OR target_id = ?1 OR rep_id IN ({rep_ids})"
            ))?
            .execute([id])? as u64;
        tx.prepare_cached("DELETE FROM reps WHERE person_id = ?1")?.execute([id])?;
    }
    let mut removed = Removed { requests, ..Removed::default() };
    for id in &ids {
        removed.people += tx.prepare_cached("DELETE FROM people WHERE id = ?1")?.execute([id])? as u64;
    }
    for org in orgs {
        removed.organisations += tx
            .prepare_cached(
                "DELETE FROM organisations WHERE id = ?1
                 AND NOT EXISTS (SELECT 1 FROM employments WHERE organisation_id = ?1)",
            )?
            .execute([org])? as u64;
    }
    let current: Option<String> = tx
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([super::settings::CURRENT_REP], |r| r.get(0))
        .ok();
    if let Some(current) = current {
        let rep: Option<crate::model::RepId> = serde_json::from_str(&current).ok();
        if let Some(rep) = rep {
            if reps::get(tx, rep).is_err() {
                super::settings::remove(tx, super::settings::CURRENT_REP)?;
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_count_names_the_sample_source_and_reads_its_index() {
        assert!(COUNT_SAMPLE.contains(&format!("'{SAMPLE_SOURCE}'")));
        let store = crate::store::Store::open_in_memory().unwrap();
        let plan: String =
            store.conn().query_row(&format!("EXPLAIN QUERY PLAN {COUNT_SAMPLE}"), [], |r| r.get(3)).unwrap();
        assert!(plan.contains("people_sample"), "{plan}");
        assert_eq!(count_sample(store.conn()).unwrap(), 0);
    }
    use crate::model::PersonId;
    use crate::model::{Clock, NewRequest};
    use crate::model::{RelationshipKind, Strength};
    use crate::store::people::PersonInput;
    use crate::store::relationships::RelationshipInput;
    use crate::store::{people, relationships};
    use crate::store::{requests, Store};

    fn person(tx: &Transaction<'_>, name: &str, email: &str, source: &str) -> Result<PersonId> {
        let mut input = PersonInput::named(name);
        input.emails = vec![email.into()];
        input.source = source.into();
        Ok(people::add(tx, &input)?.id)
    }

    fn tie(tx: &Transaction<'_>, a: PersonId, b: PersonId, strength: u8) -> Result<()> {
        let input = RelationshipInput::new(a, b, RelationshipKind::Colleague, Strength::new(strength)?);
        relationships::add(tx, &input).map(drop)
    }

    #[test]
    fn removing_by_source_clears_the_sample_and_keeps_everything_else() {
        let mut store = Store::open_in_memory().unwrap();
        let (rep, me, kept) = store
            .write(|tx| {
                let me = person(tx, "Sample Rep", "rep@sample.test", "sample")?;
                let rep = reps::add(tx, me)?.id;
                let kept = person(tx, "Real Person", "real@us.test", "manual")?;
                let mut input = PersonInput::named("Sample Target");
                input.source = "sample".into();
                input.organisation = Some("Sample Org".into());
                let t = people::add(tx, &input)?.id;
                tie(tx, me, kept, 3)?;
                tie(tx, kept, t, 3)?;
                Ok((rep, me, kept))
            })
            .unwrap();
        let target = people::find_by_name(store.conn(), "Sample Target").unwrap()[0];
        let clock = Clock::at_utc("2026-02-01T10:00:00Z".parse().unwrap());
        requests::create(
            &mut store,
            NewRequest {
                rep_id: Some(rep),
                target_id: Some(target),
                path: vec![me, kept, target],
                reason: "sample".into(),
                ..NewRequest::default()
            },
            &clock,
        )
        .unwrap();
        let removed = store.write(|tx| remove_by_source(tx, "sample")).unwrap();
        assert_eq!(removed, Removed { people: 2, organisations: 1, requests: 1 });
        assert!(people::exists(store.conn(), kept).unwrap());
        assert_eq!(people::count(store.conn()).unwrap(), 1);
        assert_eq!(relationships::count(store.conn()).unwrap(), 0);
        assert_eq!(reps::count(store.conn()).unwrap(), 0);
    }
}
