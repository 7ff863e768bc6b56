//! Two records of one person made one, and whole sets of records (a sample workspace)
//! removed cleanly. Both run inside the caller's transaction.

use std::collections::BTreeSet;

use rusqlite::{params, Transaction};
use uuid::Uuid;

use super::people::{self, PersonPatch};
use super::relationships::{self, ordered};
use super::{now, reps};
use crate::error::{Error, Result};
use crate::model::{Person, PersonId};

/// Merges `other` into `keep`: every relationship, touch, employment, request, opportunity
/// and target of `other` moves to `keep`; emails, phones and tags are joined; notes are
/// appended; then `other` is removed. When both knew the same person, the one relationship
/// kept has the stronger strength, the earlier verification and the later last contact.
pub fn merge_people(tx: &Transaction<'_>, keep: PersonId, other: PersonId) -> Result<Person> {
    if keep == other {
        return Err(Error::invalid("merge", "a person cannot be merged with themselves"));
    }
    let kept = people::get(tx, keep)?;
    let gone = people::get(tx, other)?;
    let (keep_rep, other_rep) = (reps::for_person(tx, keep)?, reps::for_person(tx, other)?);
    if keep_rep.is_some() && other_rep.is_some() {
        return Err(Error::Conflict(format!(
            "{} and {} are both reps; deactivate one instead of merging",
            kept.full_name, gone.full_name
        )));
    }
    let both: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM intro_requests WHERE (source_id = ?1 AND target_id = ?2) OR (source_id = ?2 AND target_id = ?1)",
        )?
        .query_row(params![keep.0, other.0], |r| r.get(0))?;
    if both > 0 {
        return Err(Error::Conflict(format!(
            "{} introduces {} in a request; merging them would make the source their own target",
            kept.full_name, gone.full_name
        )));
    }

    for rel in relationships::list_for_person(tx, other)? {
        let end = rel.other(other).expect("listed for this person");
        if end == keep {
            relationships::remove(tx, rel.id)?;
            continue;
        }
        match relationships::between(tx, keep, end)? {
            Some(existing) => {
                let strength = existing.strength.max(rel.strength);
                let verified_at = match (existing.verified_at, rel.verified_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let last_contact = existing.last_contact.max(rel.last_contact);
                let since = match (existing.since, rel.since) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let notes = join_text(&existing.notes, &rel.notes);
                relationships::remove(tx, rel.id)?;
                tx.prepare_cached(
                    "UPDATE relationships SET strength = ?2, verified_at = ?3, last_contact = ?4, since = ?5,
                        notes = ?6, updated_at = ?7 WHERE id = ?1",
                )?
                .execute(params![
                    existing.id.0,
                    strength.get(),
                    verified_at,
                    last_contact,
                    since,
                    notes,
                    now()
                ])?;
            }
            None => {
                let (a, b) = ordered(keep, end);
                tx.prepare_cached(
                    "UPDATE relationships SET person_a = ?2, person_b = ?3, updated_at = ?4 WHERE id = ?1",
                )?
                .execute(params![rel.id.0, a.0, b.0, now()])?;
            }
        }
    }

    for sql in [
        "UPDATE touches SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE employments SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE intro_requests SET target_id = ?1 WHERE target_id = ?2",
        "UPDATE intro_requests SET source_id = ?1 WHERE source_id = ?2",
        "UPDATE opportunities SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE OR IGNORE targets SET person_id = ?1 WHERE person_id = ?2",
        "DELETE FROM targets WHERE person_id = ?2",
        "UPDATE reps SET person_id = ?1 WHERE person_id = ?2",
    ] {
        tx.prepare_cached(sql)?.execute(params![keep.0, other.0])?;
    }
    // Paths are JSON arrays of ids; the merged person takes the other's place on them.
    tx.prepare_cached("UPDATE intro_requests SET path = replace(path, ?2, ?1) WHERE instr(path, ?2) > 0")?
        .execute(params![format!("\"{keep}\""), format!("\"{other}\"")])?;

    let union = |a: &[String], b: &[String]| {
        let mut out = a.to_vec();
        for x in b {
            if !out.iter().any(|y| y.eq_ignore_ascii_case(x)) {
                out.push(x.clone());
            }
        }
        out
    };
    tx.prepare_cached("DELETE FROM people WHERE id = ?1")?.execute([other.0])?;
    let patch = PersonPatch {
        title: kept.title.is_empty().then(|| gone.title.clone()),
        emails: Some(union(&kept.emails, &gone.emails)),
        phones: Some(union(&kept.phones, &gone.phones)),
        tags: Some(union(&kept.tags, &gone.tags)),
        linkedin_url: kept.linkedin_url.is_none().then(|| gone.linkedin_url.clone()),
        notes: Some(join_text(&kept.notes, &gone.notes)),
        ..PersonPatch::default()
    };
    people::edit(tx, keep, &patch)
}

fn join_text(a: &str, b: &str) -> String {
    match (a.trim().is_empty(), b.trim().is_empty()) {
        (_, true) => a.to_string(),
        (true, false) => b.to_string(),
        (false, false) if a.contains(b.trim()) => a.to_string(),
        (false, false) => format!("{}\n\n{}", a.trim_end(), b.trim()),
    }
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
    use crate::model::{RelationshipKind, Strength, TouchKind};
    use crate::pipeline::{Clock, NewRequest};
    use crate::store::people::PersonInput;
    use crate::store::relationships::RelationshipInput;
    use crate::store::touches::{self, TouchInput};
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
    fn merging_keeps_every_relationship_touch_and_request_of_both() {
        let mut store = Store::open_in_memory().unwrap();
        let (rep, me, ann, ann2, bob, cy) = store
            .write(|tx| {
                let me = person(tx, "Rita Rep", "rita@us.test", "manual")?;
                let rep = reps::add(tx, me)?.id;
                let ann = person(tx, "Ann Lee", "ann@acme.test", "manual")?;
                let ann2 = person(tx, "Ann Lee", "ann.lee@home.test", "csv")?;
                let bob = person(tx, "Bob Stone", "bob@acme.test", "manual")?;
                let cy = person(tx, "Cy Young", "cy@globex.test", "manual")?;
                tie(tx, me, ann, 3)?;
                tie(tx, me, ann2, 5)?;
                tie(tx, ann2, bob, 2)?;
                tie(tx, ann, ann2, 1)?;
                tie(tx, bob, cy, 4)?;
                touches::log(
                    tx,
                    &TouchInput {
                        person_id: ann2,
                        kind: TouchKind::Call,
                        date: "2026-01-05".parse().unwrap(),
                        notes: String::new(),
                        rep_id: None,
                    },
                )?;
                Ok((rep, me, ann, ann2, bob, cy))
            })
            .unwrap();
        let clock = Clock::at_utc("2026-02-01T10:00:00Z".parse().unwrap());
        let request = requests::create(
            &mut store,
            NewRequest {
                rep_id: Some(rep),
                target_id: Some(cy),
                path: vec![me, bob, cy],
                reason: "they run procurement".into(),
                ..NewRequest::default()
            },
            &clock,
        )
        .unwrap();
        let via_ann2 = requests::create(
            &mut store,
            NewRequest {
                rep_id: Some(rep),
                target_id: Some(bob),
                path: vec![me, ann2, bob],
                reason: "a second opinion".into(),
                ..NewRequest::default()
            },
            &clock,
        )
        .unwrap();

        let merged = store.write(|tx| merge_people(tx, ann, ann2)).unwrap();
        assert_eq!(merged.emails, vec!["ann@acme.test", "ann.lee@home.test"]);
        assert!(!people::exists(store.conn(), ann2).unwrap());
        let rels = relationships::list_for_person(store.conn(), ann).unwrap();
        let mut ends: Vec<_> = rels.iter().map(|r| (r.other(ann).unwrap(), r.strength.get())).collect();
        ends.sort();
        let mut expected = vec![(me, 5), (bob, 2)];
        expected.sort();
        assert_eq!(ends, expected, "the stronger tie to the rep is kept, the tie to Bob moves over");
        assert_eq!(touches::list_for_person(store.conn(), ann).unwrap().len(), 1);
        let moved = requests::get(&store, via_ann2.id).unwrap();
        assert_eq!((moved.source_id, moved.path.clone()), (ann, vec![me, ann, bob]));
        assert_eq!(requests::get(&store, request.id).unwrap().path, vec![me, bob, cy]);
    }

    #[test]
    fn merging_two_reps_or_a_person_with_themselves_is_refused_and_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, b) = store
            .write(|tx| {
                let a = person(tx, "Rita Rep", "rita@us.test", "")?;
                let b = person(tx, "Sam Rep", "sam@us.test", "")?;
                reps::add(tx, a)?;
                reps::add(tx, b)?;
                Ok((a, b))
            })
            .unwrap();
        assert_eq!(store.write(|tx| merge_people(tx, a, b)).unwrap_err().code(), "Conflict");
        assert_eq!(store.write(|tx| merge_people(tx, a, a)).unwrap_err().code(), "Invalid");
        assert!(people::exists(store.conn(), b).unwrap());
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
