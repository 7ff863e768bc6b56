//! vCard files as real address books write them, byte for byte (`tests/fixtures/readers/`):
//! what each import keeps, and what its report says.

use crate::import_common;

use import_common::*;
use intrograph_engine::import::{Format, ImportOptions, ImportReport};
use intrograph_engine::model::Person;
use intrograph_engine::store::{organisations, people, Page, Store};

fn import(store: &mut Store, name: &str) -> ImportReport {
    import_file(store, Format::Vcard, &format!("readers/{name}"), &ImportOptions::default()).unwrap()
}

fn everyone(store: &Store) -> Vec<Person> {
    let mut all = people::list(store.conn(), Page::ALL).unwrap();
    all.retain(|p| p.full_name != "Sam Rivera");
    all
}

fn has_note(r: &ImportReport, words: &[&str]) -> bool {
    r.notes.iter().any(|n| words.iter().all(|w| n.contains(w)))
}

#[test]
fn folds_that_split_a_character_are_mended_before_decoding() {
    let mut store = workspace();
    let r = import(&mut store, "folded-by-bytes.vcf");
    assert_eq!((r.added, r.skipped), (1, 0), "{r:#?}");
    assert_eq!(r.encoding.as_deref(), Some("UTF-8"), "valid UTF-8 once unfolded: never a legacy guess");
    let p = &everyone(&store)[0];
    assert_eq!(p.full_name, "Αλέξανδρος Παπαδόπουλος");
    assert_eq!(p.notes, "Συνάντηση στην Αθήνα για το έργο");
    assert!(!r.notes.iter().any(|n| n.contains("read as")), "{:?}", r.notes);
}

#[test]
fn utf16_without_a_bom_is_detected_in_both_byte_orders() {
    for (file, encoding) in [("utf16be-no-bom.vcf", "UTF-16BE"), ("utf16le-no-bom.vcf", "UTF-16LE")] {
        let mut store = workspace();
        let r = import(&mut store, file);
        assert_eq!(r.encoding.as_deref(), Some(encoding));
        assert!(has_note(&r, &[file, "read as", encoding, "NUL"]), "{:?}", r.notes);
        assert_eq!(everyone(&store)[0].full_name, "Zoë Çelik");
    }
    // Told the wrong encoding, the message says what to try.
    let mut store = workspace();
    let e = import_file(
        &mut store,
        Format::Vcard,
        "readers/utf16be-no-bom.vcf",
        &ImportOptions { encoding: Some("utf-8".into()), ..Default::default() },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("--encoding utf-16be"), "{e}");
}

#[test]
fn a_soft_line_break_before_a_line_of_spaces_ends_the_value() {
    let mut store = workspace();
    let r = import(&mut store, "qp-soft-break-blank.vcf");
    assert_eq!((r.rows, r.added, r.skipped), (2, 2, 0), "{r:#?}");
    let all = everyone(&store);
    let ann = all.iter().find(|p| p.full_name == "Ann Lee").unwrap();
    assert_eq!(ann.notes, "Met at the fair\r\nasked about pricing");
    let bob = all.iter().find(|p| p.full_name == "Bob Stone").unwrap();
    assert_eq!(bob.notes, "Second");
}

#[test]
fn an_unindented_base64_photo_is_skipped_and_the_card_kept() {
    let mut store = workspace();
    let r = import(&mut store, "base64-unindented.vcf");
    assert_eq!((r.added, r.skipped), (1, 0), "{r:#?}");
    let cat = &everyone(&store)[0];
    assert_eq!(cat.full_name, "Cat Diaz");
    assert_eq!(cat.phones, vec!["+1 555 0199"]);
    assert_eq!(cat.emails, vec!["cat@diaz.example"]);
}

#[test]
fn a_bare_property_name_is_ignored_with_a_note() {
    let mut store = workspace();
    let r = import(&mut store, "bare-property.vcf");
    assert_eq!((r.added, r.skipped), (1, 0), "{r:#?}");
    assert!(has_note(&r, &["bare-property.vcf, line 3", "\"FN\"", "no colon"]), "{:?}", r.notes);
    assert_eq!(everyone(&store)[0].full_name, "Eve Ng");
}

#[test]
fn a_company_card_is_an_organisation_and_an_email_only_card_a_person() {
    let mut store = workspace();
    let r = import(&mut store, "no-name-cards.vcf");
    assert_eq!((r.rows, r.added, r.skipped), (2, 2, 0), "{r:#?}");
    assert!(has_note(&r, &["card 1 (line 1)", "company card", "Globex Corporation"]), "{:?}", r.notes);
    assert!(has_note(&r, &["card 2 (line 8)", "no name", "orphan@mail.example"]), "{:?}", r.notes);
    let all = everyone(&store);
    assert_eq!(all.len(), 1, "the company is not a person");
    assert_eq!(all[0].full_name, "orphan@mail.example");
    assert!(organisations::find_by_name(store.conn(), "Globex Corporation").unwrap().is_some());
    // Again: nothing new.
    let again = import(&mut store, "no-name-cards.vcf");
    assert_eq!((again.added, again.unchanged), (0, 2), "{again:#?}");
}

#[test]
fn quoted_printable_without_a_charset_is_guessed_and_the_guess_reported() {
    let mut store = workspace();
    let r = import(&mut store, "qp-no-charset.vcf");
    let names: Vec<String> = everyone(&store).into_iter().map(|p| p.full_name).collect();
    assert!(names.contains(&"Jan Iksiński".to_string()), "{names:?}");
    assert!(names.contains(&"José Muñoz".to_string()), "{names:?}");
    assert!(has_note(&r, &["card 1", "without a CHARSET", "windows-1250"]), "{:?}", r.notes);
    assert!(has_note(&r, &["card 2", "without a CHARSET", "windows-1252"]), "{:?}", r.notes);
}

#[test]
fn an_org_with_units_keeps_the_department() {
    let mut store = workspace();
    import(&mut store, "org-units.vcf");
    let ida = &everyone(&store)[0];
    assert_eq!(ida.title, "Manager");
    assert_eq!(ida.notes, "Department: Accounting, Payroll");
    let pos = organisations::positions(store.conn(), ida.id).unwrap();
    assert_eq!(pos[0].organisation_name, "IBM");
}

#[test]
fn cards_with_different_uids_are_different_people_and_a_merge_reports_what_it_replaced() {
    let mut store = workspace();
    let r = import(&mut store, "two-uids.vcf");
    assert_eq!((r.rows, r.added, r.merged), (3, 2, 1), "{r:#?}");
    let all = everyone(&store);
    assert_eq!(all.len(), 2, "two UIDs, two people");
    let titles: Vec<&str> = all.iter().map(|p| p.title.as_str()).collect();
    assert!(titles.contains(&"Office Manager") && titles.contains(&"VP Sales"), "{titles:?}");
    // The third card repeats the first UID: its title replaces the first card's, said so.
    assert!(has_note(&r, &["card 3", "\"Head of Sales\" replaced by \"VP Sales\""]), "{:?}", r.notes);
    let before = snapshot(&store);
    let again = import(&mut store, "two-uids.vcf");
    assert_eq!((again.added, again.skipped), (0, 0), "{again:#?}");
    assert_eq!(everyone(&store).len(), 2);
    let _ = before;
}

#[test]
fn different_uids_with_one_email_are_one_person() {
    let mut store = workspace();
    let text = "BEGIN:VCARD\r\nUID:a\r\nFN:Pat Kim\r\nEMAIL:pat@kim.example\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nUID:b\r\nFN:Pat Kim\r\nEMAIL:pat@kim.example\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n";
    let r = intrograph_engine::import::contacts_from_reader(
        &mut store,
        Format::Vcard,
        "pat.vcf",
        text.as_bytes(),
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((r.added, r.merged), (1, 1), "{r:#?}");
    assert_eq!(everyone(&store)[0].phones, vec!["+1 555 0100"]);
}
