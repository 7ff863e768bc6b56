//! Contacts CSVs (generic and LinkedIn) as mail programs and old exports write them, byte
//! for byte (`tests/fixtures/readers/`): what each import keeps, and what its report says.

use crate::import_common;

use import_common::*;
use intrograph_engine::import::{Format, ImportOptions, ImportReport};
use intrograph_engine::model::Person;
use intrograph_engine::store::{organisations, people, relationships, Page, Store};
use intrograph_engine::Error;

fn import(store: &mut Store, format: Format, name: &str) -> intrograph_engine::Result<ImportReport> {
    import_file(store, format, &format!("readers/{name}"), &ImportOptions::default())
}

fn everyone(store: &Store) -> Vec<Person> {
    let mut all = people::list(store.conn(), Page::ALL).unwrap();
    all.retain(|p| p.full_name != "Sam Rivera");
    all
}

fn by_email(store: &Store, email: &str) -> Person {
    let id = people::find_by_email(store.conn(), email).unwrap().unwrap_or_else(|| panic!("{email}"));
    people::get(store.conn(), id).unwrap()
}

fn has_note(r: &ImportReport, words: &[&str]) -> bool {
    r.notes.iter().any(|n| words.iter().all(|w| n.contains(w)))
}

#[test]
fn thunderbird_headers_are_recognised_and_an_email_only_row_is_named_after_its_email() {
    let mut store = workspace();
    let r = import(&mut store, Format::Csv, "thunderbird.csv").unwrap();
    assert_eq!((r.rows, r.added, r.skipped), (2, 2, 0), "{r:#?}");
    assert!(
        has_note(&r, &["an", "Thunderbird export"]) || has_note(&r, &["a Thunderbird export"]),
        "{:?}",
        r.notes
    );
    let ann = by_email(&store, "ann@acme.com");
    assert_eq!(ann.full_name, "Ann Lee");
    assert_eq!(ann.emails, vec!["ann@acme.com", "ann.lee@gmail.com"]);
    assert_eq!(ann.phones, vec!["+1 555 0100", "+1 555 0101"]);
    assert_eq!(ann.title, "VP Sales");
    assert_eq!(ann.linkedin_url.as_deref(), Some("https://www.linkedin.com/in/ann-lee"));
    assert_eq!(organisations::positions(store.conn(), ann.id).unwrap()[0].organisation_name, "Acme Corp");
    let orphan = by_email(&store, "orphan@mail.example");
    assert_eq!(orphan.full_name, "orphan@mail.example");
    assert!(has_note(&r, &["thunderbird.csv, line 3", "no name", "orphan@mail.example"]), "{:?}", r.notes);
}

#[test]
fn roundcube_and_outlook_email_columns_and_a_file_of_emails_only() {
    let mut store = workspace();
    import(&mut store, Format::Csv, "roundcube.csv").unwrap();
    let bob = by_email(&store, "bob@initech.example");
    assert_eq!(bob.emails, vec!["bob@home.example", "bob@initech.example", "bob@other.example"]);
    assert_eq!(bob.phones, vec!["+44 20 7946 0000"]);

    let r = import(&mut store, Format::Csv, "outlook-emails-only.csv").unwrap();
    assert_eq!(r.added, 1, "{r:#?}");
    assert!(has_note(&r, &["an Outlook export"]), "{:?}", r.notes);
    let cat = by_email(&store, "cat@diaz.example");
    assert_eq!(cat.full_name, "cat@diaz.example");
    assert_eq!(cat.emails, vec!["cat@diaz.example", "cat.diaz@gmail.com", "cat@old.example"]);
}

#[test]
fn every_numbered_google_group_is_read() {
    let mut store = workspace();
    let r = import(&mut store, Format::Csv, "google-many-groups.csv").unwrap();
    assert!(!r.notes.iter().any(|n| n.contains("ignored column") && n.contains("Value")), "{:?}", r.notes);
    let dan = by_email(&store, "dan6@ng.example");
    assert_eq!(dan.emails.len(), 6);
    assert_eq!(dan.phones, (1..=5).map(|i| format!("+1 555 010{i}")).collect::<Vec<_>>());
}

#[test]
fn semicolon_and_tab_delimiters_are_detected() {
    let mut store = workspace();
    let r = import(&mut store, Format::Csv, "semicolon.csv").unwrap();
    assert_eq!(r.added, 2, "{r:#?}");
    let j = by_email(&store, "j.mueller@hanse.example");
    assert_eq!(j.full_name, "Jürgen Müller");
    assert_eq!(j.notes, "Kunde seit 2019, sehr zufrieden");
    import(&mut store, Format::Csv, "tabs.tsv").unwrap();
    let ida = by_email(&store, "ida@bauer.example");
    assert_eq!(
        organisations::positions(store.conn(), ida.id).unwrap()[0].organisation_name,
        "Bauer, Bauer & Co"
    );
}

#[test]
fn a_csv_without_a_header_row_is_refused_pointing_to_a_mapping() {
    let mut store = workspace();
    let e = import(&mut store, Format::Csv, "no-header.csv").unwrap_err();
    let Error::Input { location, reason } = e else { panic!("{e:?}") };
    assert_eq!(location, "no-header.csv, line 1");
    assert!(reason.contains("no header row") && reason.contains("\"ann@acme.com\""), "{reason}");
    assert!(reason.contains("mapping save") && reason.contains("--mapping"), "{reason}");
    assert!(everyone(&store).is_empty());
}

#[test]
fn text_that_is_not_a_phone_or_an_email_is_kept_as_a_note() {
    let mut store = workspace();
    let r = import(&mut store, Format::Csv, "not-phones-or-emails.csv").unwrap();
    assert_eq!(r.added, 2, "{r:#?}");
    let lisa = everyone(&store).into_iter().find(|p| p.full_name == "Lisa Park").unwrap();
    assert!(lisa.phones.is_empty() && lisa.emails.is_empty(), "{lisa:?}");
    assert_eq!(lisa.notes, "Phone: ask Jenny for Lisa's number\nEmail: semicolon;@points.net");
    assert!(
        has_note(&r, &["line 2", "\"ask Jenny for Lisa's number\"", "not a phone number"]),
        "{:?}",
        r.notes
    );
    assert!(has_note(&r, &["line 2", "\"semicolon;@points.net\"", "not an email address"]), "{:?}", r.notes);
    let mo = by_email(&store, "mo@ali.example");
    assert_eq!(mo.phones, vec!["+1 (555) 010-0199 ext. 12"]);
}

#[test]
fn an_unclosed_quote_fails_with_its_line_and_column_and_never_merges_rows() {
    for (format, file, location) in [
        (Format::Csv, "broken-quote.csv", "broken-quote.csv, line 2, column 1"),
        (Format::Linkedin, "Connections-broken-quote.csv", "Connections-broken-quote.csv, line 2, column 1"),
    ] {
        let mut store = workspace();
        let before = snapshot(&store);
        let e = import(&mut store, format, file).unwrap_err();
        let Error::Input { location: l, reason } = e else { panic!("{e:?}") };
        assert_eq!(l, location, "{reason}");
        assert!(reason.contains("never closed"), "{reason}");
        assert_eq!(snapshot(&store), before, "nothing stored");
    }
}

#[test]
fn a_quote_closed_too_late_fails_instead_of_merging_rows() {
    let mut store = workspace();
    let text = "Name,Email,Company\n\"Ann Lee,ann@acme.com,Acme\nBob,bob@x.com,\"X\"\nCat,cat@y.com,Y\n";
    let e = intrograph_engine::import::contacts_from_reader(
        &mut store,
        Format::Csv,
        "late.csv",
        text.as_bytes(),
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap_err();
    let Error::Input { location, reason } = e else { panic!("{e:?}") };
    assert_eq!(location, "late.csv, line 2, column 1");
    assert!(reason.contains("runs over several lines"), "{reason}");
}

#[test]
fn old_linkedin_dates_are_read_and_short_years_are_not_dates() {
    let mut store = workspace();
    let r = import(&mut store, Format::Linkedin, "Connections-old.csv").unwrap();
    assert_eq!(r.added, 3, "{r:#?}");
    let since = |name: &str| {
        let p = everyone(&store).into_iter().find(|p| p.full_name == name).unwrap();
        let rep = people::find_by_email(store.conn(), "sam@ourco.com").unwrap().unwrap();
        relationships::between(store.conn(), rep, p.id).unwrap().unwrap().since
    };
    assert_eq!(since("Raj Patel"), chrono::NaiveDate::from_ymd_opt(2018, 1, 8));
    assert_eq!(since("Mia Wong"), chrono::NaiveDate::from_ymd_opt(2019, 12, 31));
    assert_eq!(since("Leo Kraus"), None);
    assert!(has_note(&r, &["Connections-old.csv, line 7", "\"24-01-01\" is not a date"]), "{:?}", r.notes);
}

#[test]
fn a_name_over_several_lines_is_rows_run_together_and_fails_in_every_csv_reader() {
    let mut store = workspace();
    let before = snapshot(&store);
    let e = intrograph_engine::import::contacts_from_reader(
        &mut store,
        Format::Csv,
        "two.csv",
        &b"Email,Name\nann@acme.com,\"Ann Lee\nbob@x.com,Bob\"\n"[..],
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap_err();
    let Error::Input { location, reason } = e else { panic!("{e:?}") };
    assert_eq!(location, "two.csv, line 2, column 2");
    assert!(reason.contains("runs over several lines"), "{reason}");
    let e = intrograph_engine::import::people_from_reader(
        &mut store,
        "p.csv",
        &b"name\n\"Ann Lee\nBob Stone\"\n"[..],
        &ImportOptions::default(),
    )
    .unwrap_err();
    let Error::Input { location, .. } = e else { panic!("{e:?}") };
    assert_eq!(location, "p.csv, line 2, column 1");
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_second_organisation_or_title_is_kept_in_the_notes() {
    let mut store = workspace();
    let text =
        "Name,Organization 1 - Name,Organization 1 - Title,Organization 2 - Name,Organization 2 - Title\n\
                Ann Lee,Acme,VP Sales,Board of Globex,Advisor\n";
    intrograph_engine::import::contacts_from_reader(
        &mut store,
        Format::Csv,
        "g.csv",
        text.as_bytes(),
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let ann = everyone(&store).into_iter().find(|p| p.full_name == "Ann Lee").unwrap();
    assert_eq!(ann.title, "VP Sales");
    assert_eq!(organisations::positions(store.conn(), ann.id).unwrap()[0].organisation_name, "Acme");
    assert_eq!(ann.notes, "Organisation: Board of Globex\nTitle: Advisor");
}
