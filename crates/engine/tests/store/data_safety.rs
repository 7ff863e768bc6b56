//! What the store refuses rather than keep something twisted: files it cannot use, a
//! database from a newer program, impossible dates and amounts, ties nobody recorded.

use chrono::NaiveDate;
use intrograph_engine::model::money;
use intrograph_engine::model::{RelationshipKind, Strength};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::relationships::{self, RelationshipInput};
use intrograph_engine::store::Store;

fn person(store: &mut Store, name: &str) -> intrograph_engine::model::PersonId {
    store
        .write(|tx| people::add(tx, &PersonInput { full_name: name.into(), ..Default::default() }))
        .unwrap()
        .id
}

#[test]
fn a_database_from_a_newer_program_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let e = Store::open(&path).err().expect("refused").to_string();
    assert!(
        e.contains("newer IntroGraph") && e.contains("99") && e.contains(&path.display().to_string()),
        "{e}"
    );
    assert!(!e.contains("rusqlite_migration"), "{e}");
}

#[test]
fn a_folder_given_as_the_database_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let e = Store::open(dir.path()).err().expect("refused").to_string();
    assert!(e.contains("is a folder"), "{e}");
}

#[test]
fn amounts_out_of_bounds_are_refused_and_written_one_way() {
    for bad in [1.7e308, f64::INFINITY, -5.0] {
        let e = money::check_amount("deal value", bad).unwrap_err().to_string();
        assert!(e.contains("deal value"), "{e}");
    }
    assert_eq!(money::format_amount(1_250_000.0), "1250000");
}

#[test]
fn relationship_dates_that_cannot_be_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, b) = (person(&mut store, "Ann"), person(&mut store, "Bob"));
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    for (last, says) in [(day("2999-01-01"), "in the future"), (day("0024-01-01"), "before 1900")] {
        let input = RelationshipInput {
            last_contact: Some(last),
            ..RelationshipInput::new(a, b, RelationshipKind::Friend, Strength::new(3).unwrap())
        };
        let e = store.write(|tx| relationships::add(tx, &input)).unwrap_err().to_string();
        assert!(e.contains("last contact") && e.contains(says), "{e}");
    }
    assert!(relationships::between(store.conn(), a, b).unwrap().is_none(), "nothing was stored");
}

#[test]
fn a_path_typed_by_hand_names_the_hops_nobody_recorded() {
    let mut store = Store::open_in_memory().unwrap();
    let (me, ann, bob) = (person(&mut store, "Me"), person(&mut store, "Ann"), person(&mut store, "Bob"));
    let input = RelationshipInput::new(me, ann, RelationshipKind::Friend, Strength::new(3).unwrap());
    store.write(|tx| relationships::add(tx, &input)).unwrap();
    assert_eq!(relationships::missing_ties(store.conn(), &[me, ann, bob]).unwrap(), vec![(ann, bob)]);
    assert!(relationships::missing_ties(store.conn(), &[me, ann]).unwrap().is_empty());
}

#[test]
fn a_path_that_cannot_be_is_explained_with_names_not_ids() {
    use intrograph_engine::model::{Clock, NewRequest};
    use intrograph_engine::store::{reps, requests};
    let mut store = Store::open_in_memory().unwrap();
    let (me, ann, bob) =
        (person(&mut store, "Sam Rep"), person(&mut store, "Ann Lee"), person(&mut store, "Bob Stone"));
    let rep = store.write(|tx| reps::add(tx, me)).unwrap();
    let new = NewRequest {
        rep_id: Some(rep.id),
        target_id: Some(bob),
        source_id: Some(ann),
        path: vec![me, ann, bob, ann, bob],
        reason: "r".into(),
        ..Default::default()
    };
    let e = requests::create(&mut store, new, &Clock::system()).unwrap_err().to_string();
    assert!(e.contains("Ann Lee") || e.contains("Bob Stone"), "{e}");
    assert!(!e.contains(&ann.to_string()) && !e.contains(&bob.to_string()), "{e}");
}

#[test]
fn names_typed_with_terminal_escapes_are_stored_without_them() {
    let mut store = Store::open_in_memory().unwrap();
    let input = PersonInput {
        full_name: "Ann\u{1b}]0;pwned\u{7} Lee\u{1b}[2J".into(),
        title: "VP\u{0}Sales".into(),
        notes: "line one\nline two\u{1b}[31m".into(),
        organisation: Some("Acme\u{1b}[2J Corp".into()),
        ..Default::default()
    };
    let p = store.write(|tx| people::add(tx, &input)).unwrap();
    assert_eq!(p.full_name, "Ann Lee");
    assert_eq!(p.title, "VPSales");
    assert_eq!(p.notes, "line one\nline two");
    let orgs =
        intrograph_engine::store::organisations::list(store.conn(), intrograph_engine::store::Page::ALL)
            .unwrap();
    assert!(orgs.iter().all(|o| !o.name.contains('\u{1b}')), "{orgs:?}");
}

#[test]
fn two_programs_opening_a_new_file_at_the_same_moment_both_open_it() {
    // The app and the command line starting together on a file that does not exist yet:
    // one switches the new file to WAL while the other already has it open, and SQLite
    // answers that switch "busy" at once, without waiting. Neither may fail with "locked".
    let dir = tempfile::tempdir().unwrap();
    for round in 0..100 {
        let path = dir.path().join(format!("new-{round}.db"));
        let start = std::sync::Barrier::new(2);
        let opened: Vec<Result<(), String>> = std::thread::scope(|s| {
            let open = || {
                start.wait();
                Store::open(&path).map(drop).map_err(|e| e.to_string())
            };
            let a = s.spawn(open);
            let b = s.spawn(open);
            vec![a.join().unwrap(), b.join().unwrap()]
        });
        for result in opened {
            assert_eq!(result, Ok(()), "round {round}");
        }
        let mode: String = Store::open(&path)
            .unwrap()
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
