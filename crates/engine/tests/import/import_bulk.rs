//! The relationships import's bulk path: a first import into an empty relationships
//! table sets the table's indexes aside and builds them at the end; every outcome must
//! be the same as row by row, the schema must come back whole, and a failure must
//! leave nothing behind (indexes included).

use std::path::PathBuf;

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::model::RelationshipKind;
use intrograph_engine::store::{people, relationships, Store};
use intrograph_engine::Error;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn people_only() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    import::people(&mut store, &fixture("people.csv"), &ImportOptions::default()).unwrap();
    store
}

/// The relationships table's indexes, as stored.
fn indexes(store: &Store) -> Vec<(String, Option<String>)> {
    let mut st = store
        .conn()
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'relationships' ORDER BY name")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn import(store: &mut Store, csv: &str) -> Result<import::ImportReport, Error> {
    import::relationships_from_reader(store, "ties.csv", csv.as_bytes(), &ImportOptions::default())
}

#[test]
fn a_first_import_keeps_the_schema_and_uses_the_indexes_again() {
    let mut store = people_only();
    let before = indexes(&store);
    assert!(before.iter().any(|(n, _)| n == "relationships_pair"), "{before:?}");
    let report =
        import(&mut store, "person_a,person_b,strength\nAnn Lee,Bob Stone,3\nBob Stone,Carla Diaz,\n")
            .unwrap();
    assert_eq!((report.rows, report.added, report.updated, report.unchanged), (2, 2, 0, 0));
    assert_eq!(indexes(&store), before);
    // The unique pair index is back: a second import of the pair updates it, never duplicates.
    let report = import(&mut store, "person_a,person_b,strength\nbob@initech.com,Ann Lee,5\n").unwrap();
    assert_eq!((report.added, report.updated), (0, 1));
    assert_eq!(relationships::count(store.conn()).unwrap(), 2);
    let plan = store
        .conn()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM relationships WHERE person_a = x'00' AND person_b = x'01'",
            [],
            |r| r.get::<_, String>(3),
        )
        .unwrap();
    assert!(plan.contains("relationships_pair"), "{plan}");
}

#[test]
fn a_pair_repeated_in_a_first_import_is_updated_as_row_by_row() {
    let mut store = people_only();
    let csv = "person_a,person_b,kind,strength,verified\n\
               Ann Lee,Bob Stone,friend,2,\n\
               Carla Diaz,Dev Patel,,,\n\
               Bob Stone,Ann Lee,,4,no\n\
               Ann Lee,bob@initech.com,,4,\n\
               Dev Patel,Rita Rep,client,,\n";
    let report = import(&mut store, csv).unwrap();
    assert_eq!((report.rows, report.added, report.updated, report.unchanged), (5, 3, 1, 1));
    let ann = people::resolve_person(store.conn(), "ann lee").unwrap();
    let bob = people::resolve_person(store.conn(), "bob stone").unwrap();
    let r = relationships::between(store.conn(), ann.id, bob.id).unwrap().unwrap();
    assert_eq!((r.kind, r.strength.get(), r.verified()), (RelationshipKind::Friend, 4, false));
    assert_eq!(relationships::count(store.conn()).unwrap(), 3);
    assert_eq!(indexes(&store), indexes(&people_only()));
}

#[test]
fn a_failed_first_import_leaves_no_rows_and_every_index() {
    let mut store = people_only();
    let before = indexes(&store);
    let err = import(&mut store, "person_a,person_b\nAnn Lee,Bob Stone\nAnn Lee,Nobody Known\n").unwrap_err();
    match err {
        Error::Input { location, reason } => {
            assert_eq!(location, "ties.csv, line 3");
            assert!(reason.contains("Nobody Known"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(relationships::count(store.conn()).unwrap(), 0);
    assert_eq!(indexes(&store), before);
    // A dry run of a first import rolls back the same way.
    let report = import::relationships_from_reader(
        &mut store,
        "ties.csv",
        "person_a,person_b\nAnn Lee,Bob Stone\n".as_bytes(),
        &ImportOptions { dry_run: true, ..Default::default() },
    )
    .unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(relationships::count(store.conn()).unwrap(), 0);
    assert_eq!(indexes(&store), before);
}

#[test]
fn the_page_cache_is_put_back_after_an_import() {
    let mut store = people_only();
    let cache = |s: &Store| s.conn().query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0)).unwrap();
    let before = cache(&store);
    import(&mut store, "person_a,person_b\nAnn Lee,Bob Stone\n").unwrap();
    assert_eq!(cache(&store), before);
    import(&mut store, "person_a,person_b\nAnn Lee,Nobody Known\n").unwrap_err();
    assert_eq!(cache(&store), before);
}

#[test]
fn foreign_keys_are_checked_again_after_an_import_whatever_its_outcome() {
    let mut store = people_only();
    let enforced =
        |s: &Store| s.conn().query_row("PRAGMA foreign_keys", [], |r| r.get::<_, bool>(0)).unwrap();
    assert!(enforced(&store));
    import(&mut store, "person_a,person_b\nAnn Lee,Bob Stone\n").unwrap();
    assert!(enforced(&store), "after an import");
    import(&mut store, "person_a,person_b\nAnn Lee,Nobody Known\n").unwrap_err();
    assert!(enforced(&store), "after a failed import");
    // Every stored relationship names stored people.
    let dangling: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check('relationships')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dangling, 0);
    // And a write naming nobody is refused again.
    let err = store
        .conn()
        .execute(
            "INSERT INTO relationships (id, person_a, person_b, kind, strength, created_at, updated_at)
             VALUES (randomblob(16), x'00000000000000000000000000000001', x'00000000000000000000000000000002', 'friend', 3, 'x', 'x')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

/// A store with `n` people named `P0` … `P{n-1}`.
fn many_people(n: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let csv: String =
        std::iter::once("Name\n".to_string()).chain((0..n).map(|i| format!("P{i}\n"))).collect();
    import::people_from_reader(&mut store, "people.csv", csv.as_bytes(), &ImportOptions::default()).unwrap();
    store
}

/// `count` distinct pairs of the `n` people, as CSV rows (`P0,P1`, `P0,P2`, …).
fn pairs(n: usize, count: usize) -> Vec<String> {
    (0..n).flat_map(|a| (a + 1..n).map(move |b| format!("P{a},P{b},friend,3"))).take(count).collect()
}

fn failure(result: Result<import::ImportReport, Error>) -> (String, String) {
    match result.unwrap_err() {
        Error::Input { location, reason } => (location, reason),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rows_read_ahead_fail_at_the_first_wrong_row_in_file_order() {
    // Far more rows than the reading thread sends at a time, so failures land beyond
    // several batches, with good and bad rows read ahead of the writer.
    let mut store = many_people(90);
    let mut rows = pairs(90, 3000);
    // Line 2,502 names nobody and has a wrong strength: the people are checked first.
    rows[2500] = "P1,Nobody Known,friend,9".into();
    // A later row that cannot even be read as CSV changes nothing: the earlier row fails first.
    rows[2700] = "P1,P2,friend,3,extra".into();
    let csv = format!("person_a,person_b,kind,strength\n{}\n", rows.join("\n"));
    let (location, reason) = failure(import(&mut store, &csv));
    assert_eq!(location, "ties.csv, line 2502");
    assert!(reason.contains("Nobody Known"), "{reason}");
    assert_eq!(relationships::count(store.conn()).unwrap(), 0);

    // The strength is wrong and the people are right: the strength fails, at its row.
    rows[2500] = "P1,P2,friend,9".into();
    let csv = format!("person_a,person_b,kind,strength\n{}\n", rows.join("\n"));
    let (location, reason) = failure(import(&mut store, &csv));
    assert_eq!(location, "ties.csv, line 2502");
    assert!(reason.contains("strength"), "{reason}");

    // Only the unreadable row is left: it fails at its own line.
    rows[2500] = "P88,P89,friend,3".into();
    let csv = format!("person_a,person_b,kind,strength\n{}\n", rows.join("\n"));
    let (location, _) = failure(import(&mut store, &csv));
    assert!(location.contains("2702"), "{location}");
    assert_eq!(relationships::count(store.conn()).unwrap(), 0);

    // Put right, every row is added, in the file's order of lines.
    rows[2700] = "P87,P89,friend,3".into();
    let csv = format!("person_a,person_b,kind,strength\n{}\n", rows.join("\n"));
    let report = import(&mut store, &csv).unwrap();
    assert_eq!((report.rows, report.added), (3000, 3000));
    assert_eq!(relationships::count(store.conn()).unwrap(), 3000);
}
