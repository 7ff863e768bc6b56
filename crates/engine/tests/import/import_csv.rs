//! CSV imports: the happy path, idempotent re-import, and every malformed case
//! failing with its line while leaving the database unchanged.

use std::path::PathBuf;

use intrograph_engine::import::{self, ImportOptions, ImportReport};
use intrograph_engine::model::RelationshipKind;
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::{network, organisations, relationships, Page, Store};
use intrograph_engine::Error;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

fn seeded() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    import::people(&mut store, &fixture("people.csv"), &opts()).unwrap();
    import::relationships(&mut store, &fixture("relationships.csv"), &opts()).unwrap();
    store
}

/// Everything stored, as one comparable value.
fn snapshot(store: &Store) -> String {
    let mut data = network::load(store).unwrap();
    data.people.sort_by_key(|p| p.id);
    data.organisations.sort_by_key(|o| o.id);
    data.employments.sort_by_key(|e| e.id);
    data.relationships.sort_by_key(|r| r.id);
    let people = people::list(store.conn(), Page::ALL).unwrap();
    format!("{data:?}\n{people:?}")
}

#[test]
fn people_and_relationships_import_and_read_back() {
    let mut store = Store::open_in_memory().unwrap();
    let report = import::people(&mut store, &fixture("people.csv"), &opts()).unwrap();
    assert_eq!((report.rows, report.added, report.updated, report.unchanged), (5, 5, 0, 0));
    assert_eq!(report.notes, vec!["ignored unknown column(s): \"Favourite Colour\"".to_string()]);

    let ann = people::resolve_person(store.conn(), "ann lee").unwrap();
    assert_eq!(ann.emails, vec!["ann@acme.com", "ann.lee@gmail.com"]);
    assert_eq!(ann.phones, vec!["+1 555 0100"]);
    assert_eq!(ann.tags, vec!["board", "client"]);
    assert_eq!(ann.title, "VP Sales");
    assert_eq!(ann.notes, "Met at SaaStr, 2023");
    assert_eq!(ann.source, "csv:people.csv");
    assert_eq!(ann.linkedin_url.as_deref(), Some("https://www.linkedin.com/in/ann-lee"));
    assert_eq!(organisations::positions(store.conn(), ann.id).unwrap()[0].organisation_name, "Acme Corp");
    assert_eq!(people::resolve_person(store.conn(), "carla").unwrap().notes, "Says \"hi\"");

    let report = import::relationships(&mut store, &fixture("relationships.csv"), &opts()).unwrap();
    assert_eq!((report.rows, report.added, report.updated, report.unchanged), (4, 4, 0, 0));
    assert!(report.notes.is_empty());
    let rita = people::resolve_person(store.conn(), "rita@us.example").unwrap();
    let bob = people::resolve_person(store.conn(), "bob").unwrap();
    let r = relationships::between(store.conn(), rita.id, ann.id).unwrap().unwrap();
    assert_eq!((r.kind, r.strength.get(), r.verified()), (RelationshipKind::Client, 4, true));
    assert_eq!(r.last_contact.unwrap().to_string(), "2024-05-01");
    assert_eq!(r.since.unwrap().to_string(), "2021-03-01");
    assert_eq!(r.notes, "renewal champion");
    let r = relationships::between(store.conn(), ann.id, bob.id).unwrap().unwrap();
    assert_eq!(r.kind, RelationshipKind::FormerColleague);
    assert_eq!(r.verified_at.unwrap().to_rfc3339(), "2024-01-15T00:00:00+00:00");
    let dev = people::resolve_person(store.conn(), "dev patel").unwrap();
    let carla = people::resolve_person(store.conn(), "carla diaz").unwrap();
    let r = relationships::between(store.conn(), dev.id, carla.id).unwrap().unwrap();
    assert_eq!((r.kind, r.strength.get(), r.verified()), (RelationshipKind::Other, 2, false));
}

#[test]
fn re_importing_the_same_files_adds_nothing() {
    let mut store = seeded();
    let before = snapshot(&store);
    let p = import::people(&mut store, &fixture("people.csv"), &opts()).unwrap();
    assert_eq!((p.added, p.updated, p.unchanged), (0, 0, 5));
    let r = import::relationships(&mut store, &fixture("relationships.csv"), &opts()).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 4));
    assert_eq!(snapshot(&store), before);
}

#[test]
fn matching_rows_update_rather_than_duplicate() {
    let mut store = seeded();
    let csv = "name,email,linkedin,organisation,title,tags\n\
               Ann Lee-Smith,ANN@acme.com,,,,vip\n\
               Carla D.,,https://linkedin.com/in/carla-diaz/,,,\n\
               Bob Stone,,,Initech,Chief Technology Officer,\n\
               Dev Patel,dev@new.example,,Hooli,,\n";
    let report = import::people_from_reader(&mut store, "update.csv", csv.as_bytes(), &opts()).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 4, 0));
    assert_eq!(people::count(store.conn()).unwrap(), 5);
    let ann = people::resolve_person(store.conn(), "ann@acme.com").unwrap();
    assert_eq!(ann.full_name, "Ann Lee-Smith");
    assert_eq!(ann.tags, vec!["board", "client", "vip"]);
    assert_eq!(ann.emails, vec!["ann@acme.com", "ann.lee@gmail.com"]);
    assert_eq!(people::resolve_person(store.conn(), "carla d").unwrap().title, "CFO");
    let bob = people::resolve_person(store.conn(), "bob stone").unwrap();
    assert_eq!(
        organisations::positions(store.conn(), bob.id).unwrap()[0].employment.title,
        "Chief Technology Officer"
    );
    let dev = people::resolve_person(store.conn(), "dev patel").unwrap();
    assert_eq!(dev.emails, vec!["dev@new.example"]);
    assert_eq!(organisations::positions(store.conn(), dev.id).unwrap()[0].organisation_name, "Hooli");
}

#[test]
fn ids_are_kept_and_matched() {
    let mut store = Store::open_in_memory().unwrap();
    let id = "0190a6b2-0000-7000-8000-000000000001";
    let csv = format!("id,name\n{id},Zoe Quinn\n{id},Zoe Quinn-Adams\n");
    let report = import::people_from_reader(&mut store, "ids.csv", csv.as_bytes(), &opts()).unwrap();
    assert_eq!((report.added, report.updated), (1, 1));
    assert_eq!(people::resolve_person(store.conn(), id).unwrap().full_name, "Zoe Quinn-Adams");
}

#[test]
fn people_in_the_same_import_and_existing_pairs() {
    let mut store = seeded();
    // Two rows for one pair: the second updates the first; names resolve exactly.
    let csv = "person_a,person_b,strength,verified\nBob Stone,Dev Patel,2,\nDev Patel,Bob Stone,4,no\nann lee,rita rep,5,\n";
    let r = import::relationships_from_reader(&mut store, "r.csv", csv.as_bytes(), &opts()).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (1, 2, 0));
    let bob = people::resolve_person(store.conn(), "bob stone").unwrap();
    let dev = people::resolve_person(store.conn(), "dev patel").unwrap();
    assert_eq!(relationships::between(store.conn(), bob.id, dev.id).unwrap().unwrap().strength.get(), 4);
    assert_eq!(relationships::count(store.conn()).unwrap(), 5);
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let report =
        import::people(&mut store, &fixture("people.csv"), &ImportOptions { dry_run: true, ..opts() })
            .unwrap();
    assert_eq!(
        report,
        ImportReport {
            rows: 5,
            added: 5,
            dry_run: true,
            notes: report.notes.clone(),
            encoding: Some("UTF-8".into()),
            ..Default::default()
        }
    );
    assert_eq!(people::count(store.conn()).unwrap(), 0);
}

/// Imports `text` into a seeded store and expects it to fail at `location` with every
/// `words` in the message, and the store to be unchanged.
fn fails(kind: &str, text: &str, location: &str, words: &[&str]) {
    let mut store = seeded();
    let before = snapshot(&store);
    let result = match kind {
        "people" => import::people_from_reader(&mut store, "bad.csv", text.as_bytes(), &opts()),
        _ => import::relationships_from_reader(&mut store, "bad.csv", text.as_bytes(), &opts()),
    };
    match result {
        Err(Error::Input { location: l, reason }) => {
            assert_eq!(l, location, "{reason}");
            for w in words {
                assert!(reason.contains(w), "{reason:?} should mention {w:?}");
            }
        }
        other => panic!("{text:?}: expected an input error at {location}, got {other:?}"),
    }
    assert_eq!(snapshot(&store), before, "a failed import changed the database");
}

#[test]
fn malformed_people_rows_fail_with_their_line_and_change_nothing() {
    // Valid rows first: they must be rolled back too.
    let head = "name,email,organisation\nNew Person,new@x.example,NewCo\n";
    fails("people", &format!("{head}Other One,,\n,nobody@x.example,\n"), "bad.csv, line 4", &["`name`"]);
    fails(
        "people",
        &format!("{head}Bad Mail,not-an-email,\n"),
        "bad.csv, line 3",
        &["email", "not-an-email"],
    );
    fails("people", &format!("{head}Short Row\n"), "bad.csv, line 3", &["1 field but", "3 fields"]);
    fails(
        "people",
        &format!("{head}\"Unclosed,a@b.example,X\nNext,c@d.example,Y\n"),
        "bad.csv, line 3, column 1",
        &["quote", "never closed"],
    );
    fails(
        "people",
        "email,organisation\na@b.example,X\n",
        "bad.csv, line 1",
        &["missing required column `name`"],
    );
    fails("people", "id,name\nnot-a-uuid,Ann\n", "bad.csv, line 2", &["`id`", "not-a-uuid"]);
    fails("people", "name,Name\nAnn,Ann\n", "bad.csv, line 1", &["repeats"]);
}

#[test]
fn malformed_relationship_rows_fail_with_their_line_and_change_nothing() {
    let head =
        "person_a,person_b,kind,strength,verified,last_contact,since\nBob Stone,Dev Patel,friend,3,,,\n";
    let case = |row: &str| format!("{head}{row}\n");
    fails(
        "rel",
        &case("Ann Lee,Bob Stone,friend,9,,,"),
        "bad.csv, line 3",
        &["`strength`", "9", "out of range"],
    );
    fails("rel", &case("Ann Lee,Bob Stone,friend,strong,,,"), "bad.csv, line 3", &["`strength`", "strong"]);
    fails("rel", &case("Ann Lee,Bob Stone,nemesis,3,,,"), "bad.csv, line 3", &["`kind`", "nemesis"]);
    fails("rel", &case("Ann Lee,Bob Stone,friend,3,maybe,,"), "bad.csv, line 3", &["`verified`", "maybe"]);
    fails(
        "rel",
        &case("Ann Lee,Bob Stone,friend,3,,2024-13-01,"),
        "bad.csv, line 3",
        &["`last_contact`", "2024-13-01"],
    );
    fails(
        "rel",
        &case("Ann Lee,Bob Stone,friend,3,,,yesterday"),
        "bad.csv, line 3",
        &["`since`", "yesterday"],
    );
    fails(
        "rel",
        &case("Ann Lee,Nobody Known,friend,3,,,"),
        "bad.csv, line 3",
        &["`person_b`", "Nobody Known"],
    );
    fails("rel", &case("ann@acme.com,Ann Lee,friend,3,,,"), "bad.csv, line 3", &["same person", "Ann Lee"]);
    fails("rel", &case(",Ann Lee,friend,3,,,"), "bad.csv, line 3", &["`person_a`", "empty"]);
    fails("rel", "person_a,kind\nAnn Lee,friend\n", "bad.csv, line 1", &["`person_b`"]);
}

#[test]
fn an_ambiguous_name_in_a_relationships_file_fails() {
    let mut store = seeded();
    store.write(|tx| people::add(tx, &PersonInput::named("Ann Lee"))).unwrap();
    let before = snapshot(&store);
    let err = import::relationships_from_reader(
        &mut store,
        "amb.csv",
        "person_a,person_b\nBob Stone,Dev Patel\nann lee,Bob Stone\n".as_bytes(),
        &opts(),
    )
    .unwrap_err();
    match err {
        Error::Input { location, reason } => {
            assert_eq!(location, "amb.csv, line 3");
            assert!(reason.contains("several people") && reason.contains("ann@acme.com"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_windows_1252_people_file_is_detected_not_garbled() {
    let mut store = Store::open_in_memory().unwrap();
    let bytes = b"name,organisation,notes\nFran\xe7ois Lef\xe8vre,Soci\xe9t\xe9 G\xe9n\xe9rale,caf\xe9 cr\xe8me \x96 always\n";
    let r = import::people_from_reader(&mut store, "p.csv", &bytes[..], &opts()).unwrap();
    assert_eq!(r.encoding.as_deref(), Some("windows-1252"));
    let p = people::resolve_person(store.conn(), "Lefèvre").unwrap();
    assert_eq!((p.full_name.as_str(), p.notes.as_str()), ("François Lefèvre", "café crème – always"));
}
