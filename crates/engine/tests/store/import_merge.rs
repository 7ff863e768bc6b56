//! Merging two people by hand keeps every relationship, touch, employment, tag and
//! request of both.

use crate::pipeline_common;

use intrograph_engine::model::RelationshipKind;
use intrograph_engine::pipeline::request::NewRequest;
use intrograph_engine::store::merge::merge_people;
use intrograph_engine::store::people::{self, PersonPatch};
use intrograph_engine::store::{organisations, relationships, requests, touches};
use pipeline_common::*;

#[test]
fn a_merge_keeps_everything_of_both() {
    let mut store = intrograph_engine::store::Store::open_in_memory().unwrap();
    let (rep, me) = rep(&mut store, "Sam Rivera");
    let keep = person(&mut store, "Ann Lee");
    let absorb = person(&mut store, "Ann Lee");
    let x = person(&mut store, "Xavier Ruiz");
    let y = person(&mut store, "Yusuf Demir");
    store
        .write(|tx| {
            people::edit(
                tx,
                keep,
                &PersonPatch { emails: Some(vec!["ann@acme.com".into()]), ..Default::default() },
            )?;
            people::edit(
                tx,
                absorb,
                &PersonPatch {
                    emails: Some(vec!["ann.lee@gmail.com".into(), "ann@acme.com".into()]),
                    phones: Some(vec!["+1 555 0101".into()]),
                    tags: Some(vec!["golf".into()]),
                    title: Some("VP Sales".into()),
                    notes: Some("met at SaaStr".into()),
                    ..Default::default()
                },
            )?;
            let acme = organisations::find_or_add(tx, "Acme")?;
            for p in [keep, absorb] {
                organisations::add_employment(
                    tx,
                    &organisations::EmploymentInput {
                        person_id: p,
                        organisation_id: acme.id,
                        title: if p == keep { String::new() } else { "VP Sales".into() },
                        start: None,
                        end: None,
                        current: true,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    relate(&mut store, keep, x, "other");
    relate(&mut store, absorb, x, "colleague");
    relate(&mut store, absorb, y, "client");
    relate(&mut store, absorb, keep, "other");
    relate(&mut store, me, absorb, "friend");
    store
        .write(|tx| {
            let r = relationships::between(tx, absorb, x)?.unwrap();
            relationships::verify(tx, r.id)?;
            Ok(())
        })
        .unwrap();
    touch(&mut store, absorb, Some(rep), "2026-01-05");
    touch(&mut store, keep, Some(rep), "2026-01-06");
    let c = clock("2026-02-02T09:00:00Z");
    let req = requests::create(
        &mut store,
        NewRequest {
            rep_id: Some(rep),
            target_id: Some(y),
            source_id: None,
            path: vec![me, absorb, y],
            reason: "Yusuf runs procurement".into(),
            offer: String::new(),
            message: Some("Could you introduce me?".into()),
        },
        &c,
    )
    .unwrap();

    let report = store.write(|tx| merge_people(tx, keep, absorb)).unwrap();
    assert_eq!(report.relationships_combined, 1, "{report:#?}");
    assert_eq!(report.relationships_moved, 2);
    assert_eq!(report.relationships_dropped, 1);
    assert_eq!((report.touches_moved, report.requests_updated, report.employments_combined), (1, 1, 1));

    let conn = store.conn();
    assert!(!people::exists(conn, absorb).unwrap());
    let ann = people::get(conn, keep).unwrap();
    assert_eq!(ann.emails, vec!["ann@acme.com", "ann.lee@gmail.com"]);
    assert_eq!((ann.phones.len(), ann.tags.clone()), (1, vec!["golf".to_string()]));
    assert_eq!((ann.title.as_str(), ann.notes.as_str()), ("VP Sales", "met at SaaStr"));
    let positions = organisations::positions(conn, keep).unwrap();
    assert_eq!(positions.len(), 1);
    assert_eq!(positions[0].employment.title, "VP Sales");

    let with_x = relationships::between(conn, keep, x).unwrap().unwrap();
    assert_eq!(with_x.kind, RelationshipKind::Colleague, "the more specific kind wins");
    assert!(with_x.verified(), "verified if either was");
    assert!(relationships::between(conn, keep, y).unwrap().is_some());
    assert!(relationships::between(conn, me, keep).unwrap().is_some());
    assert_eq!(touches::count_for_person(conn, keep).unwrap(), 2);

    let r = requests::get(&store, req.id).unwrap();
    assert_eq!((r.source_id, r.path.clone()), (keep, vec![me, keep, y]));
}

#[test]
fn a_refused_merge_changes_nothing() {
    let mut store = intrograph_engine::store::Store::open_in_memory().unwrap();
    let (rep, me) = rep(&mut store, "Sam Rivera");
    let (_, other_rep) = pipeline_common::rep(&mut store, "Rita Moreno");
    let a = person(&mut store, "Ann Lee");
    let before = snapshot(&store);
    let e = store.write(|tx| merge_people(tx, me, other_rep)).unwrap_err();
    assert!(e.to_string().contains("both reps"), "{e}");
    assert!(store.write(|tx| merge_people(tx, a, a)).is_err());
    assert_eq!(snapshot(&store), before);
    let _ = rep;
}

#[test]
fn a_merge_keeps_one_target_list_entry_when_both_were_on_it() {
    use intrograph_engine::model::Target;
    use intrograph_engine::store::targets;
    let mut store = intrograph_engine::store::Store::open_in_memory().unwrap();
    let (rep, _) = rep(&mut store, "Sam Rivera");
    let keep = person(&mut store, "Ann Lee");
    let absorb = person(&mut store, "Ann Lee");
    let only_absorb = person(&mut store, "Ann Lee");
    store
        .write(|tx| {
            targets::add(tx, rep, Target::Person(keep))?;
            targets::add(tx, rep, Target::Person(absorb))?;
            targets::add(tx, rep, Target::Person(only_absorb))?;
            Ok(())
        })
        .unwrap();
    store.write(|tx| merge_people(tx, keep, absorb)).unwrap();
    let listed: Vec<Target> =
        targets::list(store.conn(), rep).unwrap().into_iter().map(|t| t.target).collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.contains(&Target::Person(keep)) && listed.contains(&Target::Person(only_absorb)));
    // A target only the absorbed record held moves to the kept one.
    let (k2, a2) = (person(&mut store, "Bo Li"), only_absorb);
    store.write(|tx| merge_people(tx, k2, a2)).unwrap();
    assert!(targets::contains(store.conn(), rep, Target::Person(k2)).unwrap());
}
