//! LinkedIn `Connections.csv` through the import pipeline.

use crate::import_common;

use chrono::NaiveDate;
use import_common::*;
use intrograph_engine::import::{Action, Format, ImportOptions};
use intrograph_engine::model::RelationshipKind;
use intrograph_engine::store::{organisations, people, relationships, reps};

#[test]
fn connections_become_people_positions_and_weak_unverified_ties() {
    let mut store = workspace();
    let report =
        import_file(&mut store, Format::Linkedin, "Connections.csv", &ImportOptions::default()).unwrap();
    assert_eq!(report.rows, 6);
    assert_eq!((report.added, report.merged, report.skipped), (4, 0, 1), "{report:#?}");
    assert_eq!(report.unchanged, 1, "the repeated Priya row (trailing slash) matches by LinkedIn URL");
    assert_eq!(report.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(report.skips[0].location, "Connections.csv, line 7");
    assert!(report.skips[0].reason.contains("no first or last name"));
    assert_eq!(report.relationships_added, 4);

    let conn = store.conn();
    let tomas =
        people::find_by_linkedin(conn, "https://linkedin.com/in/tomas-obriain-4a1b2c").unwrap().unwrap();
    let p = people::get(conn, tomas).unwrap();
    assert_eq!(p.full_name, "Tomás Ó Briain");
    assert!(p.emails.is_empty());
    let pos = organisations::positions(conn, tomas).unwrap();
    assert_eq!(pos[0].organisation_name, "Kerrigan, Doyle & Partners");
    assert_eq!(pos[0].employment.title, "Managing Partner");
    assert!(pos[0].employment.current);

    let mei = people::find_by_linkedin(conn, "linkedin.com/in/meichen88").unwrap().unwrap();
    assert_eq!(
        organisations::positions(conn, mei).unwrap()[0].employment.title,
        "Head of \"Strategic\" Accounts"
    );

    let rep = reps::current_rep(conn).unwrap().person_id;
    let tie = relationships::between(conn, rep, tomas).unwrap().unwrap();
    assert_eq!(tie.kind, RelationshipKind::LinkedinConnection);
    assert_eq!(tie.strength.get(), 1);
    assert!(!tie.verified());
    assert_eq!(tie.since, NaiveDate::from_ymd_opt(2023, 1, 3));
    assert_eq!(tie.source, "linkedin:Connections.csv");
}

#[test]
fn reimporting_adds_nothing() {
    let mut store = workspace();
    import_file(&mut store, Format::Linkedin, "Connections.csv", &ImportOptions::default()).unwrap();
    let before = snapshot(&store);
    let again =
        import_file(&mut store, Format::Linkedin, "Connections.csv", &ImportOptions::default()).unwrap();
    assert_eq!(
        (again.added, again.updated, again.merged, again.relationships_added),
        (0, 0, 0, 0),
        "{again:#?}"
    );
    assert_eq!(again.unchanged, 5);
    assert_eq!(snapshot(&store), before);
}

#[test]
fn the_preview_matches_the_import_and_changes_nothing() {
    let mut store = workspace();
    let before = snapshot(&store);
    let preview = import_file(&mut store, Format::Linkedin, "Connections.csv", &dry()).unwrap();
    assert!(preview.dry_run);
    assert_eq!(snapshot(&store), before);
    let applied =
        import_file(&mut store, Format::Linkedin, "Connections.csv", &ImportOptions::default()).unwrap();
    assert_eq!(counts(&preview), applied);
    assert_eq!(applied.changes[0].action, Action::Added);
    assert_eq!(applied.changes[0].location, "Connections.csv, line 5");
}

#[test]
fn an_existing_person_is_updated_not_duplicated() {
    let mut store = workspace();
    store
        .write(|tx| {
            people::add(
                tx,
                &people::PersonInput {
                    emails: vec!["Priya.Raman@northwind.io".into()],
                    ..people::PersonInput::named("Priya Raman")
                },
            )
        })
        .unwrap();
    let r = import_file(&mut store, Format::Linkedin, "Connections.csv", &ImportOptions::default()).unwrap();
    assert_eq!((r.added, r.updated), (3, 1), "{r:#?}");
    assert_eq!(people::count(store.conn()).unwrap(), 5);
}

#[test]
fn without_a_rep_nothing_is_written() {
    let mut store = intrograph_engine::store::Store::open_in_memory().unwrap();
    let e =
        import_file(&mut store, Format::Linkedin, "Connections.csv", &ImportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("rep add"), "{e}");
    assert_eq!(people::count(store.conn()).unwrap(), 0);
}

#[test]
fn a_file_that_is_not_a_linkedin_export_fails_cleanly() {
    let mut store = workspace();
    let e = import_file(&mut store, Format::Linkedin, "people.csv", &ImportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("First Name"), "{e}");
}

#[test]
fn progress_is_reported_up_to_the_file_size() {
    let mut store = workspace();
    let mut seen = Vec::new();
    let path = fixture("Connections.csv");
    intrograph_engine::import::contacts(
        &mut store,
        Format::Linkedin,
        &path,
        &ImportOptions::default(),
        &mut |p| seen.push(p),
    )
    .unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert_eq!(seen.len(), 6);
    assert_eq!(seen.last().unwrap().records, 6);
    assert_eq!(seen.last().unwrap().bytes_total, Some(size));
    assert!(seen.windows(2).all(|w| w[0].bytes_read <= w[1].bytes_read));
}

#[test]
fn a_failure_after_good_rows_changes_nothing() {
    let mut store = workspace();
    let before = snapshot(&store);
    let mut text = std::fs::read_to_string(fixture("Connections.csv")).unwrap();
    text.push_str(&format!("Huge,Field,,,,\"{}\",01 Jan 2020\r\n", "z".repeat(3 << 20)));
    let e = intrograph_engine::import::contacts_from_reader(
        &mut store,
        Format::Linkedin,
        "Connections.csv",
        text.as_bytes(),
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("line 11 is longer than 1 MiB"), "{e}");
    assert_eq!(snapshot(&store), before);
}
