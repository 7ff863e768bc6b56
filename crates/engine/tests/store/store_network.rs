//! Relationships, touches, the network load and schema upgrades.

use chrono::NaiveDate;
use intrograph_engine::model::{PersonId, RelationshipKind, Strength, TouchKind};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::relationships::{self, RelationshipInput, RelationshipPatch};
use intrograph_engine::store::touches::{self, TouchInput};
use intrograph_engine::store::{migrations, network, organisations, reps, Store};
use intrograph_engine::Error;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn three(store: &mut Store) -> (PersonId, PersonId, PersonId) {
    store
        .write(|tx| {
            let mut ann = PersonInput::named("Ann Lee");
            ann.organisation = Some("Acme".into());
            Ok((
                people::add(tx, &ann)?.id,
                people::add(tx, &PersonInput::named("Bob Stone"))?.id,
                people::add(tx, &PersonInput::named("Carla Diaz"))?.id,
            ))
        })
        .unwrap()
}

fn tie(a: PersonId, b: PersonId) -> RelationshipInput {
    RelationshipInput::new(a, b, RelationshipKind::Colleague, Strength::new(4).unwrap())
}

#[test]
fn relationship_round_trip_edit_verify_and_remove() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, bob, _) = three(&mut store);
    let mut input = tie(bob, ann);
    input.since = Some(date("2019-05-01"));
    input.notes = "same team at Initech".into();
    let r = store.write(|tx| relationships::add(tx, &input)).unwrap();
    assert!(r.a.0.as_bytes() < r.b.0.as_bytes(), "stored with a < b");
    assert_eq!(
        (r.kind, r.strength.get(), r.since),
        (RelationshipKind::Colleague, 4, Some(date("2019-05-01")))
    );
    assert!(!r.verified());
    assert_eq!(relationships::get(store.conn(), r.id).unwrap(), r);
    assert_eq!(relationships::between(store.conn(), ann, bob).unwrap(), Some(r.clone()));
    assert_eq!(relationships::between(store.conn(), bob, ann).unwrap(), Some(r.clone()));
    assert_eq!(relationships::list_for_person(store.conn(), ann).unwrap(), vec![r.clone()]);
    assert_eq!(relationships::list_all(store.conn()).unwrap(), vec![r.clone()]);

    let patch = RelationshipPatch {
        kind: Some(RelationshipKind::Friend),
        strength: Some(Strength::new(5).unwrap()),
        last_contact: Some(Some(date("2024-02-01"))),
        since: Some(None),
        notes: Some("golf".into()),
        verified_at: None,
        visibility: None,
    };
    let e = store.write(|tx| relationships::edit(tx, r.id, &patch)).unwrap();
    assert_eq!(
        (e.kind, e.strength.get(), e.last_contact, e.since),
        (RelationshipKind::Friend, 5, Some(date("2024-02-01")), None)
    );
    assert_eq!(e.notes, "golf");

    let v = store.write(|tx| relationships::verify(tx, r.id)).unwrap();
    assert!(v.verified());
    let again = store.write(|tx| relationships::verify(tx, r.id)).unwrap();
    assert_eq!(again.verified_at, v.verified_at, "verifying twice keeps the first date");
    assert_eq!(relationships::count_verified(store.conn()).unwrap(), 1);
    assert!(!store.write(|tx| relationships::unverify(tx, r.id)).unwrap().verified());

    store.write(|tx| relationships::remove(tx, r.id)).unwrap();
    assert_eq!(relationships::count(store.conn()).unwrap(), 0);
    assert!(matches!(relationships::get(store.conn(), r.id), Err(Error::NotFound { .. })));
}

#[test]
fn relationship_constraints() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, bob, _) = three(&mut store);
    let self_tie = store.write(|tx| relationships::add(tx, &tie(ann, ann))).unwrap_err();
    assert!(matches!(&self_tie, Error::Invalid { reason, .. } if reason.contains("Ann Lee")), "{self_tie}");

    let unknown = store.write(|tx| relationships::add(tx, &tie(ann, PersonId::new()))).unwrap_err();
    assert!(matches!(unknown, Error::NotFound { what: "person", .. }));

    store.write(|tx| relationships::add(tx, &tie(ann, bob))).unwrap();
    let dup = store.write(|tx| relationships::add(tx, &tie(bob, ann))).unwrap_err().to_string();
    assert!(dup.contains("Ann Lee") && dup.contains("Bob Stone") && dup.contains("colleague"), "{dup}");
    assert_eq!(relationships::count(store.conn()).unwrap(), 1);

    assert!(Strength::new(0).is_err() && Strength::new(6).is_err());
    // The schema refuses an out-of-range strength even from raw SQL.
    let raw = store.conn().execute("UPDATE relationships SET strength = 9", []);
    assert!(raw.is_err());
}

#[test]
fn removing_a_person_cascades_to_relationships_touches_and_employment() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, bob, carla) = three(&mut store);
    store
        .write(|tx| {
            relationships::add(tx, &tie(ann, bob))?;
            relationships::add(tx, &tie(bob, carla))?;
            touches::log(
                tx,
                &TouchInput {
                    person_id: ann,
                    kind: TouchKind::Call,
                    date: date("2024-01-01"),
                    notes: String::new(),
                    rep_id: None,
                },
            )
        })
        .unwrap();
    store.write(|tx| people::remove(tx, ann)).unwrap();
    assert_eq!(relationships::count(store.conn()).unwrap(), 1);
    assert_eq!(touches::count(store.conn()).unwrap(), 0);
    let employments: i64 =
        store.conn().query_row("SELECT count(*) FROM employments", [], |r| r.get(0)).unwrap();
    assert_eq!(employments, 0);
    assert_eq!(organisations::count(store.conn()).unwrap(), 1, "the organisation stays");
    assert!(matches!(people::get(store.conn(), ann), Err(Error::NotFound { .. })));
}

#[test]
fn a_touch_by_a_rep_moves_last_contact_forward_only() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, bob, _) = three(&mut store);
    let rep = store.write(|tx| reps::add(tx, ann)).unwrap();
    let rel = store.write(|tx| relationships::add(tx, &tie(ann, bob))).unwrap();
    let touch = |d: &str| TouchInput {
        person_id: bob,
        kind: TouchKind::Meeting,
        date: date(d),
        notes: "coffee".into(),
        rep_id: Some(rep.id),
    };
    let t = store.write(|tx| touches::log(tx, &touch("2024-03-01"))).unwrap();
    assert_eq!((t.kind, t.rep_id, t.notes.as_str()), (TouchKind::Meeting, Some(rep.id), "coffee"));
    assert_eq!(relationships::get(store.conn(), rel.id).unwrap().last_contact, Some(date("2024-03-01")));
    store.write(|tx| touches::log(tx, &touch("2023-01-01"))).unwrap();
    assert_eq!(relationships::get(store.conn(), rel.id).unwrap().last_contact, Some(date("2024-03-01")));
    store.write(|tx| touches::log(tx, &touch("2024-06-30"))).unwrap();
    assert_eq!(relationships::get(store.conn(), rel.id).unwrap().last_contact, Some(date("2024-06-30")));

    let list = touches::list_for_person(store.conn(), bob).unwrap();
    assert_eq!(
        list.iter().map(|t| t.date).collect::<Vec<_>>(),
        vec![date("2024-06-30"), date("2024-03-01"), date("2023-01-01")]
    );
    assert_eq!(touches::count_for_person(store.conn(), bob).unwrap(), 3);
    let own = store.write(|tx| touches::log(tx, &TouchInput { person_id: ann, ..touch("2024-01-01") }));
    assert!(matches!(own, Err(Error::Invalid { .. })));
}

#[test]
fn network_load_reads_everything_and_counts_match() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, bob, carla) = three(&mut store);
    let r1 = store.write(|tx| relationships::add(tx, &tie(ann, bob))).unwrap();
    let r2 = store.write(|tx| relationships::add(tx, &tie(carla, bob))).unwrap();
    let r2 = store.write(|tx| relationships::verify(tx, r2.id)).unwrap();
    let data = network::load(&store).unwrap();
    let mut names: Vec<_> = data.people.iter().map(|p| p.full_name.as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["Ann Lee", "Bob Stone", "Carla Diaz"]);
    assert_eq!(data.organisations.len(), 1);
    assert_eq!(data.employments.len(), 1);
    assert_eq!(data.employments[0].person_id, ann);
    let mut rels = data.relationships.clone();
    rels.sort_by_key(|r| r.id);
    assert_eq!(rels, vec![r1, r2]);

    let counts = network::counts(store.conn()).unwrap();
    assert_eq!(
        (counts.people, counts.organisations, counts.relationships, counts.verified_relationships),
        (3, 1, 2, 1)
    );
}

/// A database written at schema version 1, with a row in every table, opens,
/// upgrades to the latest version and keeps every row. It stays meaningful as
/// migrations are added: the data is written at version 1 and checked after all of them.
#[test]
fn a_version_1_database_upgrades_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v1 = rusqlite_migration::Migrations::new(
            migrations::SCRIPTS[..1].iter().map(|s| rusqlite_migration::M::up(s)).collect(),
        );
        v1.to_latest(&mut conn).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 1);
        conn.execute_batch(
            "INSERT INTO organisations VALUES (x'00000000000000000000000000000010', 'Acme', 'acme', 'acme.com', '', '2024-01-01 00:00:00+00:00', '2024-01-01 00:00:00+00:00');
             INSERT INTO people VALUES (x'00000000000000000000000000000001', 'Ann Lee', 'ann lee', 'CFO', NULL, 'n', 'manual', '2024-01-01 00:00:00+00:00', '2024-01-01 00:00:00+00:00');
             INSERT INTO people VALUES (x'00000000000000000000000000000002', 'Bob Stone', 'bob stone', '', 'https://www.linkedin.com/in/bob', '', 'csv', '2024-01-01 00:00:00+00:00', '2024-01-01 00:00:00+00:00');
             INSERT INTO person_emails VALUES (x'00000000000000000000000000000001', 'ann@acme.com', 0);
             INSERT INTO person_phones VALUES (x'00000000000000000000000000000001', '+1 555', 0);
             INSERT INTO tags (id, name) VALUES (1, 'client');
             INSERT INTO person_tags VALUES (x'00000000000000000000000000000001', 1);
             INSERT INTO employments VALUES (x'00000000000000000000000000000020', x'00000000000000000000000000000001', x'00000000000000000000000000000010', 'CFO', '2020-01-01', NULL, 1);
             INSERT INTO relationships VALUES (x'00000000000000000000000000000030', x'00000000000000000000000000000001', x'00000000000000000000000000000002', 'colleague', 4, '2024-02-01 10:00:00+00:00', '2024-03-01', '2019-01-01', 'n', 's', '2024-01-01 00:00:00+00:00', '2024-01-01 00:00:00+00:00');
             INSERT INTO reps VALUES (x'00000000000000000000000000000040', x'00000000000000000000000000000002', 1, '2024-01-01 00:00:00+00:00', '2024-01-01 00:00:00+00:00');
             INSERT INTO touches VALUES (x'00000000000000000000000000000050', x'00000000000000000000000000000001', x'00000000000000000000000000000040', 'call', '2024-03-01', '', '2024-03-01 00:00:00+00:00');
             INSERT INTO settings VALUES ('current_rep', '\"00000000-0000-0000-0000-000000000040\"');",
        )
        .unwrap();
    }
    let tables = [
        "organisations",
        "people",
        "person_emails",
        "person_phones",
        "tags",
        "person_tags",
        "employments",
        "relationships",
        "reps",
        "touches",
        "settings",
    ];
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest_version());
    for t in tables {
        let n: i64 = store.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
        assert!(n >= 1, "{t} lost its rows");
    }
    // And the rows still read back through the store.
    let ann = people::resolve_person(store.conn(), "ann@acme.com").unwrap();
    assert_eq!(
        (ann.full_name.as_str(), ann.tags.as_slice(), ann.phones.as_slice()),
        ("Ann Lee", &["client".to_string()][..], &["+1 555".to_string()][..])
    );
    let bob = people::resolve_person(store.conn(), "bob stone").unwrap();
    let rel = relationships::between(store.conn(), ann.id, bob.id).unwrap().unwrap();
    assert!(rel.verified() && rel.strength.get() == 4 && rel.last_contact == Some(date("2024-03-01")));
    assert_eq!(reps::current_rep(store.conn()).unwrap().person_id, bob.id);
    assert_eq!(touches::list_for_person(store.conn(), ann.id).unwrap().len(), 1);
    assert_eq!(organisations::positions(store.conn(), ann.id).unwrap()[0].organisation_name, "Acme");
}
