//! People and relationships CSV: export → import changes nothing in the same workspace,
//! and reproduces it in a fresh one, whatever the text (formula look-alikes, a leading
//! `'`, quotes, commas, line breaks, emoji, control characters). And matching: an id that
//! misses falls through to the email; an email two people hold names both.

use crate::import_common;

use chrono::NaiveDate;
use import_common::*;
use intrograph_engine::export;
use intrograph_engine::import::{self, Format, ImportOptions, ImportReport};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{json_backup, people, Store};
use intrograph_engine::Error;
use proptest::prelude::*;

const TODAY: (i32, u32, u32) = (2026, 6, 1);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

fn dump(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    json_backup::write(store, &mut out).unwrap();
    out
}

fn export_people(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    export::people_csv(store, &mut out).unwrap();
    out
}

fn export_relationships(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    export::relationships_csv(store, today(), &mut out).unwrap();
    out
}

fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The exported people as the import reads them back (id to notes; not the source or times).
fn people_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    rows(bytes).into_iter().map(|r| r[..9].to_vec()).collect()
}

/// The exported relationships without their own id and source (a fresh import makes new
/// ones), in a stable order.
fn relationship_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = rows(bytes).into_iter().map(|r| r[1..12].to_vec()).collect();
    all.sort();
    all
}

fn people_in(store: &mut Store, bytes: &[u8]) -> ImportReport {
    import::people_from_reader(store, "p.csv", bytes, &ImportOptions::default()).unwrap()
}

fn relationships_in(store: &mut Store, bytes: &[u8]) -> ImportReport {
    import::relationships_from_reader(store, "r.csv", bytes, &ImportOptions::default()).unwrap()
}

/// Export, import into the same workspace (nothing changes), and into a fresh one (the
/// exports come out the same).
fn assert_round_trip(store: &mut Store) {
    let (p1, r1, d1) = (export_people(store), export_relationships(store), dump(store));
    let again = people_in(store, &p1);
    assert_eq!((again.added, again.updated), (0, 0), "{again:#?}\n{}", String::from_utf8_lossy(&p1));
    let again = relationships_in(store, &r1);
    assert_eq!((again.added, again.updated), (0, 0), "{again:#?}\n{}", String::from_utf8_lossy(&r1));
    assert!(dump(store) == d1, "the same workspace changed");
    assert_eq!(export_people(store), p1);

    let mut fresh = Store::open_in_memory().unwrap();
    people_in(&mut fresh, &p1);
    relationships_in(&mut fresh, &r1);
    assert_eq!(people_cells(&export_people(&fresh)), people_cells(&p1));
    assert_eq!(relationship_cells(&export_relationships(&fresh)), relationship_cells(&r1));
}

const HOSTILE: &[&str] = &[
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil\")",
    "'",
    "''",
    "'=",
    "+1 555 0100",
    "-2",
    "@SUM(A1)",
    "\"",
    "\"\"",
    ",",
    "Zoë",
    "😀",
    "e\u{301}",
    "\u{202e}",
    " ",
    "x",
    "Ann",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J",
    "\u{0}",
    "\u{85}",
];

/// Hostile text; `multi_line` adds line breaks and tabs.
fn text(multi_line: bool) -> impl Strategy<Value = String> {
    let mut pieces: Vec<&'static str> = HOSTILE.to_vec();
    if multi_line {
        pieces.extend(["\n", "\t", "\r\n", ";"]);
    }
    proptest::collection::vec(proptest::sample::select(pieces), 0..6).prop_map(|p| p.concat())
}

#[derive(Clone, Debug)]
struct GenPerson {
    name: String,
    title: String,
    org: Option<&'static str>,
    emails: Vec<String>,
    phones: Vec<String>,
    linkedin: Option<String>,
    tags: Vec<String>,
    notes: String,
}

fn person(i: usize) -> impl Strategy<Value = GenPerson> {
    (
        text(false),
        text(false),
        proptest::option::of(proptest::sample::select(vec![
            "Acme",
            "=Evil Corp",
            "'Quoted Co",
            "Zoë & Çelik, Ltd.",
            "😀 Emoji Inc",
            "+Plus GmbH",
        ])),
        proptest::collection::vec(proptest::sample::select(vec!["", "'", "=", "+", "o'neil", "-x"]), 0..3),
        proptest::collection::vec(text(false), 0..3),
        any::<bool>(),
        proptest::collection::vec(text(false), 0..3),
        text(true),
    )
        .prop_map(move |(name, title, org, emails, phones, linkedin, tags, notes)| GenPerson {
            name: format!("P{i} {name}"),
            title,
            org,
            emails: emails.iter().enumerate().map(|(k, e)| format!("{e}p{i}.{k}@x.example")).collect(),
            phones,
            linkedin: linkedin.then(|| format!("https://www.linkedin.com/in/p{i}")),
            tags,
            notes,
        })
}

#[derive(Clone, Debug)]
struct GenTie {
    a: usize,
    b: usize,
    kind: &'static str,
    strength: u8,
    verified: Option<u32>,
    since: Option<u32>,
    notes: String,
}

fn workspace_spec() -> impl Strategy<Value = (Vec<GenPerson>, Vec<GenTie>)> {
    (1usize..6).prop_flat_map(|n| {
        let people: Vec<_> = (0..n).map(person).collect();
        let tie = (
            0..n,
            0..n,
            proptest::sample::select(vec!["colleague", "client", "friend", "other", "linkedin_connection"]),
            1u8..=5,
            proptest::option::of(1u32..28),
            proptest::option::of(1u32..28),
            text(true),
        )
            .prop_map(|(a, b, kind, strength, verified, since, notes)| GenTie {
                a,
                b,
                kind,
                strength,
                verified,
                since,
                notes,
            });
        (people, proptest::collection::vec(tie, 0..6))
    })
}

/// A workspace holding the generated people and ties, as the imports keep them (built
/// through the people and relationships imports of files written as the export writes).
fn build(spec: &(Vec<GenPerson>, Vec<GenTie>)) -> Store {
    let (people_spec, ties) = spec;
    let mut store = Store::open_in_memory().unwrap();
    let mut csv = export::csv_line(&[
        "name",
        "title",
        "organisation",
        "email",
        "phone",
        "linkedin_url",
        "tags",
        "notes",
    ]);
    for p in people_spec {
        csv.push_str(&export::csv_line(&[
            p.name.clone(),
            p.title.clone(),
            p.org.unwrap_or_default().to_string(),
            p.emails.join("; "),
            p.phones.join("; "),
            p.linkedin.clone().unwrap_or_default(),
            p.tags.join("; "),
            p.notes.clone(),
        ]));
    }
    people_in(&mut store, csv.as_bytes());
    let mut csv =
        export::csv_line(&["person_a", "person_b", "kind", "strength", "verified", "since", "notes"]);
    let key = |p: &GenPerson| p.emails.first().cloned().unwrap_or_else(|| format!("{:?}", p.name));
    let mut any = false;
    for t in ties {
        let (a, b) = (&people_spec[t.a], &people_spec[t.b]);
        // Only people named by an email (a name may be shared, or cleaned on the way in).
        if t.a == t.b || a.emails.is_empty() || b.emails.is_empty() {
            continue;
        }
        let day = |d: Option<u32>| d.map(|d| format!("2024-03-{d:02}")).unwrap_or_default();
        csv.push_str(&export::csv_line(&[
            key(a),
            key(b),
            t.kind.to_string(),
            t.strength.to_string(),
            day(t.verified),
            day(t.since),
            t.notes.clone(),
        ]));
        any = true;
    }
    if any {
        relationships_in(&mut store, csv.as_bytes());
    }
    store
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn export_then_import_changes_nothing_and_reproduces_the_workspace(spec in workspace_spec()) {
        let mut store = build(&spec);
        assert_round_trip(&mut store);
    }
}

#[test]
fn guarded_cells_come_back_exactly() {
    let mut store = workspace();
    store
        .write(|tx| {
            for (name, phone, notes) in [
                ("=cmd|' /C calc'!A0", "+1 555 0100", "=SUM(A1:A9)"),
                ("'Quoted Name", "'+44 literal", "'leading quote"),
                ("+Plus -Minus", "-5", "@mention, \"quoted\"\nsecond line"),
                ("@At Sign", "''", "'"),
            ] {
                people::add(
                    tx,
                    &PersonInput {
                        phones: vec![phone.into(), "+1 555 0199".into()],
                        notes: notes.into(),
                        title: "=Title".into(),
                        organisation: Some("'Org".into()),
                        ..PersonInput::named(name)
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    assert_round_trip(&mut store);
    let mut fresh = Store::open_in_memory().unwrap();
    people_in(&mut fresh, &export_people(&store));
    let ids: Vec<_> = people::list(fresh.conn(), intrograph_engine::store::Page::ALL).unwrap();
    let q = ids.iter().find(|p| p.full_name == "'Quoted Name").expect("a leading ' survives");
    assert_eq!(q.phones, vec!["'+44 literal", "+1 555 0199"]);
    assert_eq!(q.notes, "'leading quote");
    assert!(ids.iter().any(|p| p.full_name == "=cmd|' /C calc'!A0" && p.phones[0] == "+1 555 0100"));
}

#[test]
fn an_id_that_misses_falls_through_to_the_email() {
    let mut store = workspace();
    let ann = store
        .write(|tx| {
            people::add(
                tx,
                &PersonInput { emails: vec!["ann@acme.com".into()], ..PersonInput::named("Ann Lee") },
            )
        })
        .unwrap();
    let csv = "id,name,email,title\n01a2087d-856f-7147-a2bb-24540ea9fb97,Ann Lee,ANN@acme.com,VP Sales\n";
    let r = people_in(&mut store, csv.as_bytes());
    assert_eq!((r.added, r.updated), (0, 1), "{r:#?}");
    assert_eq!(people::find_all_by_email(store.conn(), "ann@acme.com").unwrap(), vec![ann.id]);
    assert_eq!(people::get(store.conn(), ann.id).unwrap().title, "VP Sales");
    // An id that misses is not matched by the name: two people of one name keep their ids.
    let csv = "id,name\n01a2087d-856f-7147-a2bb-24540ea9fb98,Ann Lee\n";
    let r = people_in(&mut store, csv.as_bytes());
    assert_eq!(r.added, 1, "{r:#?}");
}

#[test]
fn an_email_two_people_hold_is_an_error_naming_both() {
    let mut store = workspace();
    store
        .write(|tx| {
            people::add(
                tx,
                &PersonInput { emails: vec!["shared@x.example".into()], ..PersonInput::named("Ann Lee") },
            )?;
            people::add(
                tx,
                &PersonInput { emails: vec!["shared@x.example".into()], ..PersonInput::named("Bob Stone") },
            )
        })
        .unwrap();
    let before = snapshot(&store);
    let e = import::people_from_reader(
        &mut store,
        "p.csv",
        &b"name,email\nSomeone,shared@x.example\n"[..],
        &ImportOptions::default(),
    )
    .unwrap_err();
    let Error::Input { location, reason } = e else { panic!("{e:?}") };
    assert_eq!(location, "p.csv, line 2");
    assert!(reason.contains("Ann Lee") && reason.contains("Bob Stone"), "{reason}");
    let e = import::relationships_from_reader(
        &mut store,
        "r.csv",
        &b"person_a,person_b\nshared@x.example,sam@ourco.com\n"[..],
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("Ann Lee") && e.contains("Bob Stone"), "{e}");
    assert_eq!(snapshot(&store), before);
    // A contacts import skips the record and names both.
    let r = import::contacts_from_reader(
        &mut store,
        Format::Csv,
        "c.csv",
        &b"Name,Email\nSomeone,shared@x.example\n"[..],
        None,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(r.skipped, 1);
    assert!(
        r.skips[0].reason.contains("Ann Lee") && r.skips[0].reason.contains("Bob Stone"),
        "{:?}",
        r.skips
    );
}

#[test]
fn real_imports_export_and_import_back_unchanged() {
    let mut store = workspace();
    for (format, file) in
        [(Format::Linkedin, "Connections.csv"), (Format::Vcard, "contacts.vcf"), (Format::Csv, "hubspot.csv")]
    {
        import_file(&mut store, format, file, &ImportOptions::default()).unwrap();
    }
    let before = people::list(store.conn(), intrograph_engine::store::Page::ALL).unwrap();
    let p1 = export_people(&store);
    people_in(&mut store, &p1);
    let after = people::list(store.conn(), intrograph_engine::store::Page::ALL).unwrap();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    assert_round_trip(&mut store);
}
