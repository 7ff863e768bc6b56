//! The graph saved beside its database: read back, it is the graph built from the
//! tables (same people, ties, employments and answers); any change to what the graph
//! is built from is listed for the next load to apply (tests/graph_catch_up.rs); a
//! damaged or foreign file is never trusted.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use intrograph_engine::graph::{snapshot, Network};
use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::model::{
    Employment, EmploymentId, NetworkData, OrganisationId, OrganisationSummary, PersonId, PersonSummary,
    Relationship, RelationshipId, RelationshipKind, Strength,
};
use intrograph_engine::paths::{self, PathOptions};
use intrograph_engine::store::{graph_snapshot, json_backup, organisations, people, relationships, Store};
use intrograph_engine::suggest;
use intrograph_engine::weight::WeightParams;
use uuid::Uuid;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A network with every kind and strength, verified times with sub-second parts,
/// missing and present dates, past and current employments.
fn network_data(people: u128, per_person: u128) -> NetworkData {
    let id = |i: u128| PersonId(Uuid::from_u128(0x1000 + i * 7919 % 100_003));
    let mut data = NetworkData::default();
    for i in 0..people {
        data.people.push(PersonSummary { id: id(i), full_name: format!("Person {i} Ünïcode") });
    }
    for o in 0..5u128 {
        data.organisations.push(OrganisationSummary {
            id: OrganisationId(Uuid::from_u128(0x9000 + o)),
            name: format!("Org {o}"),
        });
    }
    for i in 0..people {
        for j in 0..(i % 3) {
            data.employments.push(Employment {
                id: EmploymentId(Uuid::from_u128(0x5_0000 + i * 10 + j)),
                person_id: id(i),
                organisation_id: OrganisationId(Uuid::from_u128(0x9000 + (i + j) % 5)),
                title: if j == 0 { "VP Sales".into() } else { String::new() },
                start: (j == 1).then(|| NaiveDate::from_ymd_opt(2019, 1 + (i % 12) as u32, 1).unwrap()),
                end: None,
                current: j == 0,
            });
        }
    }
    let t = Utc.with_ymd_and_hms(2025, 6, 1, 9, 30, 0).unwrap();
    let mut n = 0u128;
    for i in 0..people {
        for step in 1..=per_person {
            let j = (i + step * step + 1) % people;
            if j <= i {
                continue;
            }
            n += 1;
            data.relationships.push(Relationship {
                id: RelationshipId(Uuid::from_u128(0x7_0000 + n)),
                a: id(i),
                b: id(j),
                kind: RelationshipKind::ALL[(n % 11) as usize],
                strength: Strength::new(1 + (n % 5) as u8).unwrap(),
                verified_at: (n % 3 == 0).then(|| t + chrono::Duration::nanoseconds((n * 1_000_003) as i64)),
                last_contact: (n % 4 != 0).then(|| today() - chrono::Duration::days((n % 900) as i64)),
                since: (n % 5 == 0).then(|| NaiveDate::from_ymd_opt(2015, 3, 14).unwrap()),
                notes: String::new(),
                source: String::new(),
                created_at: chrono::DateTime::UNIX_EPOCH,
                updated_at: chrono::DateTime::UNIX_EPOCH,
                owner_rep_id: None,
                visibility: Default::default(),
            });
        }
    }
    data
}

/// Everything a network answers, in a comparable form.
fn assert_same(a: &Network, b: &Network, people: &[PersonId]) {
    let ties = |n: &Network| n.ties().map(|t| (t.a.id, t.b.id, t.tie.clone())).collect::<Vec<_>>();
    assert_eq!(ties(a), ties(b), "the same ties in the same edge order");
    assert_eq!(a.person_count(), b.person_count());
    for &p in people {
        assert_eq!(a.person_name(p), b.person_name(p));
        assert_eq!(a.employments(p), b.employments(p));
    }
    for o in 0..5u128 {
        let org = OrganisationId(Uuid::from_u128(0x9000 + o));
        assert_eq!(a.current_employees(org), b.current_employees(org));
        assert_eq!(a.organisation_name(org), b.organisation_name(org));
    }
    let options = PathOptions { k: 10, max_hops: 4, ..PathOptions::default() };
    let mut found = 0;
    for (i, &from) in people.iter().enumerate().step_by(7) {
        let to = people[(i * 31 + 5) % people.len()];
        if from == to {
            continue;
        }
        let want = paths::paths_to_person(a, from, to, &options).unwrap();
        found += want.len();
        assert_eq!(want, paths::paths_to_person(b, from, to, &options).unwrap(), "paths {from} → {to}");
    }
    assert!(found > 0 || people.len() < 10, "the queries found paths to compare");
}

#[test]
fn a_saved_graph_reads_back_as_the_graph_it_was() {
    let data = network_data(400, 12);
    let built = Network::build(&data, WeightParams::default(), today()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("net.db-graph");
    let token = Uuid::new_v4();
    snapshot::write(&built, token, &file).unwrap();
    let read = snapshot::read(&file, token, WeightParams::default(), today()).unwrap();
    let people: Vec<PersonId> = data.people.iter().map(|p| p.id).collect();
    assert_same(&built, &read, &people);

    // Weights are recomputed on reading: other constants and another day give the
    // graph built with them.
    let params = WeightParams { unverified_factor: 0.5, ..WeightParams::default() };
    let later = today() + chrono::Duration::days(400);
    let reweighed = snapshot::read(&file, token, params.clone(), later).unwrap();
    assert_same(&Network::build(&data, params, later).unwrap(), &reweighed, &people);
}

#[test]
fn a_foreign_damaged_or_cut_file_is_refused() {
    let data = network_data(60, 4);
    let built = Network::build(&data, WeightParams::default(), today()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g");
    let token = Uuid::new_v4();
    snapshot::write(&built, token, &file).unwrap();
    let read = |path: &Path, token| snapshot::read(path, token, WeightParams::default(), today());

    let err = read(&file, Uuid::new_v4()).unwrap_err().to_string();
    assert!(err.contains("another state"), "{err}");

    let bytes = std::fs::read(&file).unwrap();
    for at in [30, bytes.len() / 2, bytes.len() - 5] {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x40;
        std::fs::write(&file, &flipped).unwrap();
        let err = read(&file, token).unwrap_err().to_string();
        assert!(err.contains("damaged"), "byte {at}: {err}");
    }
    std::fs::write(&file, &bytes[..bytes.len() / 3]).unwrap();
    assert!(read(&file, token).is_err());
    std::fs::write(&file, b"not a graph").unwrap();
    assert!(read(&file, token).unwrap_err().to_string().contains("not a saved graph"));
    assert!(read(&dir.path().join("missing"), token).is_err());
}

#[test]
fn an_edited_network_is_not_saved() {
    let data = network_data(30, 3);
    let mut net = Network::build(&data, WeightParams::default(), today()).unwrap();
    net.remove_person(data.people[0].id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    assert!(snapshot::write(&net, Uuid::new_v4(), &dir.path().join("g")).is_err());
}

fn imported_store(dir: &Path) -> Store {
    let mut store = Store::open(dir.join("team.db")).unwrap();
    import::people(&mut store, &fixture("people.csv"), &ImportOptions::default()).unwrap();
    import::relationships(&mut store, &fixture("relationships.csv"), &ImportOptions::default()).unwrap();
    store
}

#[test]
fn loading_saves_the_graph_and_reads_it_until_the_network_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = imported_store(dir.path());
    let file = snapshot::path_for(store.path().unwrap());
    assert_eq!(file, dir.path().join("team.db-graph"));
    assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), None);

    let first = suggest::load_network(&store, today()).unwrap();
    let token = graph_snapshot::ready_token(store.conn()).unwrap().expect("the load saved the graph");
    assert!(file.exists());
    let everyone: Vec<PersonId> = people::list(store.conn(), intrograph_engine::store::Page::ALL)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    // The second load reads the file: the same graph, and the same token.
    let second = suggest::load_network(&store, today()).unwrap();
    assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), Some(token));
    assert_same(&first, &second, &everyone);

    // A damaged file is rebuilt from the tables, and saved again under a new token.
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let rebuilt = suggest::load_network(&store, today()).unwrap();
    assert_same(&first, &rebuilt, &everyone);
    let token2 = graph_snapshot::ready_token(store.conn()).unwrap().expect("saved again");
    assert_ne!(token2, token);

    // A new relationship: listed, and the next load reads the file and adds it.
    let (a, b) = (everyone[0], everyone[everyone.len() - 1]);
    if relationships::between(store.conn(), a, b).unwrap().is_none() {
        store
            .write(|tx| {
                relationships::add(
                    tx,
                    &relationships::RelationshipInput::new(
                        a,
                        b,
                        RelationshipKind::Friend,
                        Strength::new(5).unwrap(),
                    ),
                )
            })
            .unwrap();
        let changes = graph_snapshot::changes(store.conn(), token2).unwrap().expect("still the saved graph");
        assert_eq!(changes.relationships.len(), 1);
        let after = suggest::load_network(&store, today()).unwrap();
        assert!(after.tie_between(a, b).is_some());
        assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), Some(token2), "not rebuilt");
    }
}

#[test]
fn every_change_the_graph_is_built_from_is_listed_and_no_other_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = imported_store(dir.path());
    let ann = people::find_by_name(store.conn(), "Ann Lee").unwrap()[0];
    let bob = people::find_by_name(store.conn(), "Bob Stone").unwrap()[0];
    let rel = relationships::between(store.conn(), ann, bob).unwrap().unwrap().id;
    let org = organisations::list(store.conn(), intrograph_engine::store::Page::ALL).unwrap()[0].id;

    type Change = Box<dyn Fn(&rusqlite::Connection)>;
    let sql = |s: &'static str| -> Change {
        Box::new(move |c| {
            c.execute_batch(s).unwrap();
        })
    };
    let listed: Vec<(&str, Change)> = vec![
        ("a new person", sql("INSERT INTO people (id, full_name, name_key, created_at, updated_at) VALUES (randomblob(16), 'Zed', 'zed', 'x', 'x')")),
        ("a renamed person", Box::new(move |c| { c.execute("UPDATE people SET full_name = 'Ann B' WHERE id = ?1", [ann.0]).unwrap(); })),
        ("a renamed organisation", Box::new(move |c| { c.execute("UPDATE organisations SET name = 'Acme 2' WHERE id = ?1", [org.0]).unwrap(); })),
        ("an employment ended", sql("UPDATE employments SET current = 0")),
        ("a stronger relationship", Box::new(move |c| { c.execute("UPDATE relationships SET strength = 1 WHERE id = ?1", [rel.0]).unwrap(); })),
        ("a verified relationship", sql("UPDATE relationships SET verified_at = '2026-01-01 00:00:00.000+00:00'")),
        ("a removed relationship", Box::new(move |c| { c.execute("DELETE FROM relationships WHERE id = ?1", [rel.0]).unwrap(); })),
        ("a removed employment", sql("DELETE FROM employments")),
        ("a removed person", Box::new(move |c| { c.execute("DELETE FROM people WHERE id = ?1", [bob.0]).unwrap(); })),
    ];
    let entries = |c: &rusqlite::Connection| {
        c.query_row("SELECT count(*) FROM graph_changes", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    for (what, change) in &listed {
        suggest::load_network(&store, today()).unwrap();
        let token = graph_snapshot::ready_token(store.conn()).unwrap();
        assert!(token.is_some(), "saved before {what}");
        let before = entries(store.conn());
        change(store.conn());
        assert!(entries(store.conn()) > before, "{what} is listed");
        assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), token, "{what} keeps the saved graph");
    }

    suggest::load_network(&store, today()).unwrap();
    let token = graph_snapshot::ready_token(store.conn()).unwrap();
    assert!(token.is_some());
    let before = entries(store.conn());
    store
        .conn()
        .execute("UPDATE people SET notes = 'call in May', title = 'CRO' WHERE id = ?1", [ann.0])
        .unwrap();
    store.conn().execute_batch("UPDATE relationships SET notes = 'met twice'").unwrap();
    assert_eq!(
        graph_snapshot::ready_token(store.conn()).unwrap(),
        token,
        "notes and titles are not in the graph"
    );
    assert_eq!(entries(store.conn()), before, "nor listed");

    // A JSON restore writes rows with the triggers off: it forgets the saved graph itself.
    let backup = dir.path().join("backup.json");
    json_backup::write_file(&store, &backup).unwrap();
    json_backup::restore_file(&mut store, &backup, true).unwrap();
    assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), None);
}

#[test]
fn a_change_while_the_graph_is_being_saved_is_listed_for_the_next_load() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported_store(dir.path());
    let token = graph_snapshot::begin(store.conn()).unwrap();
    store.conn().execute_batch("UPDATE relationships SET strength = 2").unwrap();
    assert!(graph_snapshot::mark_ready(store.conn(), token).unwrap());
    let changes = graph_snapshot::changes(store.conn(), token).unwrap().unwrap();
    assert_eq!(changes.relationships.len(), 4);
    // A later save starts over, with nothing listed.
    let token = graph_snapshot::begin(store.conn()).unwrap();
    assert!(graph_snapshot::mark_ready(store.conn(), token).unwrap());
    assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), Some(token));
    assert!(graph_snapshot::changes(store.conn(), token).unwrap().unwrap().is_empty());
}

#[test]
fn a_bulk_load_of_relationships_forgets_the_saved_graph_once_and_keeps_the_triggers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("team.db")).unwrap();
    import::people(&mut store, &fixture("people.csv"), &ImportOptions::default()).unwrap();
    suggest::load_network(&store, today()).unwrap();
    assert!(graph_snapshot::ready_token(store.conn()).unwrap().is_some());
    // Into an empty table: the bulk path, with its triggers set aside while rows load.
    import::relationships(&mut store, &fixture("relationships.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), None);
    let triggers: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'relationships'
             AND name LIKE 'graph%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 3, "the triggers are back after the load");
    let loaded = suggest::load_network(&store, today()).unwrap();
    assert_eq!(loaded.relationship_count(), 4);
    assert!(graph_snapshot::ready_token(store.conn()).unwrap().is_some());
    let token = graph_snapshot::ready_token(store.conn()).unwrap().unwrap();
    store.conn().execute_batch("UPDATE relationships SET strength = 1").unwrap();
    let changes = graph_snapshot::changes(store.conn(), token).unwrap().expect("the graph stays saved");
    assert_eq!(changes.relationships.len(), 4, "the restored triggers list changes");
}

#[test]
fn a_network_built_from_relationships_in_two_parts_is_the_one_built_from_them_joined() {
    // Small, and large enough (over 200,000 relationships) to resolve on several threads.
    for (size, per_person) in [(400, 12), (20_000, 12)] {
        let joined = network_data(size, per_person);
        let people: Vec<PersonId> = joined.people.iter().map(|p| p.id).collect();
        let built = Network::build(&joined, WeightParams::default(), today()).unwrap();
        let total = joined.relationships.len();
        for at in [0, 1, total / 3, total - 1, total] {
            let mut first = joined.clone();
            let later = first.relationships.split_off(at);
            let parts = Network::build_in_parts(&first, &later, WeightParams::default(), today()).unwrap();
            assert_same(&built, &parts, &people);
        }
    }

    // A bad relationship in the later part fails the build as it does joined: the
    // first one in order is named.
    let mut joined = network_data(400, 12);
    let n = joined.relationships.len();
    let stranger = PersonId(Uuid::from_u128(0xdead));
    joined.relationships[n - 5].b = stranger;
    joined.relationships[n - 2].a = stranger;
    let whole = Network::build(&joined, WeightParams::default(), today()).unwrap_err().to_string();
    assert!(whole.contains(&joined.relationships[n - 5].id.to_string()), "{whole}");
    let later = joined.relationships.split_off(n / 2);
    let parts = Network::build_in_parts(&joined, &later, WeightParams::default(), today()).unwrap_err();
    assert_eq!(parts.to_string(), whole);
}
