//! What every reader (vCard, generic CSV, LinkedIn, people CSV, relationships CSV) does
//! with text that is not clean: a damaged byte, a guessed encoding, an empty file or a
//! folder, an oversized cell, terminal control sequences; and the report's wording.

use crate::import_common;

use import_common::*;
use intrograph_engine::import::{self, Format, ImportOptions, ImportReport};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{people, Page, Store};
use intrograph_engine::{Error, Result};

#[derive(Clone, Copy, Debug)]
enum Reader {
    Vcard,
    Csv,
    Linkedin,
    People,
    Relationships,
}

const ALL: [Reader; 5] =
    [Reader::Vcard, Reader::Csv, Reader::Linkedin, Reader::People, Reader::Relationships];

impl Reader {
    /// A file of this format whose one record carries `text` (a name, or a relationship's notes).
    fn file(self, text: &str) -> Vec<u8> {
        match self {
            Self::Vcard => format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{text}\r\nEMAIL:zoe@x.example\r\nEND:VCARD\r\n"),
            Self::Csv => format!("Name,Email\r\n\"{text}\",zoe@x.example\r\n"),
            Self::Linkedin => format!(
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\"{text}\",,,zoe@x.example,,,\r\n"
            ),
            Self::People => format!("name,email\n\"{text}\",zoe@x.example\n"),
            Self::Relationships => format!("person_a,person_b,notes\nann@acme.com,bob@initech.example,\"{text}\"\n"),
        }
        .into_bytes()
    }

    fn name(self) -> &'static str {
        match self {
            Self::Vcard => "t.vcf",
            Self::Relationships => "rels.csv",
            _ => "t.csv",
        }
    }

    fn import(self, store: &mut Store, bytes: &[u8], options: &ImportOptions) -> Result<ImportReport> {
        let name = self.name();
        let format = match self {
            Self::Vcard => Format::Vcard,
            Self::Csv => Format::Csv,
            Self::Linkedin => Format::Linkedin,
            Self::People => return import::people_from_reader(store, name, bytes, options),
            Self::Relationships => return import::relationships_from_reader(store, name, bytes, options),
        };
        import::contacts_from_reader(store, format, name, bytes, None, options, &mut |_| {})
    }

    fn import_path(self, store: &mut Store, path: &std::path::Path) -> Result<ImportReport> {
        let o = ImportOptions::default();
        match self {
            Self::Vcard => import::contacts(store, Format::Vcard, path, &o, &mut |_| {}),
            Self::Csv => import::contacts(store, Format::Csv, path, &o, &mut |_| {}),
            Self::Linkedin => import::contacts(store, Format::Linkedin, path, &o, &mut |_| {}),
            Self::People => import::people(store, path, &o),
            Self::Relationships => import::relationships(store, path, &o),
        }
    }
}

/// A workspace with a rep and the two people the relationships file links.
fn store() -> Store {
    let mut store = workspace();
    store
        .write(|tx| {
            people::add(
                tx,
                &PersonInput { emails: vec!["ann@acme.com".into()], ..PersonInput::named("Ann Lee") },
            )?;
            people::add(
                tx,
                &PersonInput {
                    emails: vec!["bob@initech.example".into()],
                    ..PersonInput::named("Bob Stone")
                },
            )
        })
        .unwrap();
    store
}

/// The stored text of the record: the name of the person added, or the relationship's notes.
fn stored(store: &Store, reader: Reader) -> String {
    match reader {
        Reader::Relationships => {
            intrograph_engine::store::relationships::list_all(store.conn()).unwrap()[0].notes.clone()
        }
        _ => {
            let id = people::find_by_email(store.conn(), "zoe@x.example").unwrap().unwrap();
            people::get(store.conn(), id).unwrap().full_name
        }
    }
}

#[test]
fn a_utf8_file_with_one_bad_byte_stops_at_its_offset_in_every_reader() {
    for reader in ALL {
        let mut store = store();
        let before = snapshot(&store);
        let mut bytes = reader.file("Zoë Çelik");
        let at = bytes.windows(2).position(|w| w == "Ç".as_bytes()).unwrap();
        bytes.insert(at, 0xFF);
        let e = reader.import(&mut store, &bytes, &ImportOptions::default()).unwrap_err().to_string();
        assert!(e.contains(&format!("byte {at} is not valid UTF-8")), "{reader:?}: {e}");
        assert!(e.contains(reader.name()), "{reader:?}: {e}");
        assert_eq!(snapshot(&store), before, "{reader:?}: nothing stored");
    }
}

#[test]
fn a_guessed_encoding_is_said_in_the_report_of_every_reader() {
    for reader in ALL {
        let mut store = store();
        let text = reader.file("Zoë Çelik");
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(std::str::from_utf8(&text).unwrap());
        let r = reader.import(&mut store, &latin, &ImportOptions::default()).unwrap();
        assert_eq!(r.encoding.as_deref(), Some("windows-1252"), "{reader:?}");
        assert!(
            r.notes.iter().any(|n| n.contains("read as windows-1252") && n.contains("--encoding")),
            "{reader:?}: {:?}",
            r.notes
        );
        assert_eq!(stored(&store, reader), "Zoë Çelik", "{reader:?}");
        // Valid UTF-8 is not a guess: no note.
        let mut store = self::store();
        let r = reader.import(&mut store, &text, &ImportOptions::default()).unwrap();
        assert!(!r.notes.iter().any(|n| n.contains("read as")), "{reader:?}: {:?}", r.notes);
    }
}

#[test]
fn utf16_without_a_bom_is_read_by_every_reader() {
    for reader in ALL {
        let mut store = store();
        let text = String::from_utf8(reader.file("Zoë Çelik")).unwrap();
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let r = reader.import(&mut store, &le, &ImportOptions::default()).unwrap();
        assert_eq!(r.encoding.as_deref(), Some("UTF-16LE"), "{reader:?}");
        assert_eq!(stored(&store, reader), "Zoë Çelik", "{reader:?}");
    }
}

#[test]
fn an_empty_file_or_a_folder_gets_a_message_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    for reader in ALL {
        let mut store = store();
        let e = reader.import_path(&mut store, &empty).unwrap_err().to_string();
        assert!(e.contains("empty.csv") && e.contains("the file is empty"), "{reader:?}: {e}");
        let e = reader.import_path(&mut store, dir.path()).unwrap_err().to_string();
        assert!(e.contains("is a folder, not a file"), "{reader:?}: {e}");
    }
}

#[test]
fn a_cell_over_the_cap_is_refused_with_its_line_and_column_and_a_vcard_value_skips_its_card() {
    let big = "x\n".repeat(600 * 1024);
    for reader in ALL {
        let mut store = store();
        let before = snapshot(&store);
        let result = reader.import(&mut store, &reader.file(&big), &ImportOptions::default());
        match reader {
            Reader::Vcard => {
                // vCard has no raw line breaks in values: a 1.2 MB one-line name instead.
                let long = "x".repeat(1_200_000);
                let r = reader.import(&mut store, &reader.file(&long), &ImportOptions::default()).unwrap();
                assert_eq!(r.skipped, 1);
                assert!(r.skips[0].reason.contains("longer than 1 MiB"), "{:?}", r.skips);
                let _ = result;
            }
            _ => {
                let e = result.unwrap_err();
                let Error::Input { location, reason } = &e else { panic!("{reader:?}: {e:?}") };
                let column = if matches!(reader, Reader::Relationships) { 3 } else { 1 };
                assert_eq!(location, &format!("{}, line 2, column {column}", reader.name()), "{reader:?}");
                assert!(reason.contains("longer than 1 MiB"), "{reader:?}: {reason}");
                assert_eq!(snapshot(&store), before, "{reader:?}");
            }
        }
    }
}

#[test]
fn terminal_control_sequences_are_stripped_and_reported_in_every_reader() {
    for reader in ALL {
        let mut store = store();
        let hostile = "Zoë\u{1b}]0;pwned\u{7} Çelik\u{1b}[2J\u{0}\u{9b}31m";
        let r = reader.import(&mut store, &reader.file(hostile), &ImportOptions::default()).unwrap();
        assert_eq!(stored(&store, reader), "Zoë Çelik", "{reader:?}");
        assert!(
            r.notes.iter().any(|n| n.contains(reader.name())
                && n.contains("line")
                && n.contains("removed control characters")),
            "{reader:?}: {:?}",
            r.notes
        );
    }
    // Nothing a report shows carries them either, not even an unknown column's header.
    let mut shown_store = self::store();
    let csv = "Name,Email,\u{1b}]0;pwned\u{7}Evil\u{1b}[2J\r\nZoë,zoe@x.example,x\r\n";
    for reader in [Reader::Csv, Reader::People] {
        let r = reader.import(&mut shown_store, csv.as_bytes(), &ImportOptions::default()).unwrap();
        let shown: Vec<&String> = r
            .notes
            .iter()
            .chain(r.skips.iter().map(|s| &s.reason))
            .chain(r.changes.iter().map(|c| &c.person))
            .collect();
        assert!(shown.iter().any(|n| n.contains("Evil")), "{reader:?}: {shown:?}");
        assert!(shown.iter().all(|n| !n.contains(['\u{1b}', '\u{7}'])), "{reader:?}: {shown:?}");
    }
    // Tabs and line breaks stay in notes.
    let mut store = store();
    Reader::Relationships
        .import(&mut store, &Reader::Relationships.file("first\n\tsecond"), &ImportOptions::default())
        .unwrap();
    assert_eq!(stored(&store, Reader::Relationships), "first\n\tsecond");
    let _ = people::list(store.conn(), Page::ALL).unwrap();
}

#[test]
fn report_wording_counts_and_articles() {
    assert_eq!(import::plural(1, "record", "records"), "1 record");
    assert_eq!(import::plural(0, "record", "records"), "0 records");
    assert_eq!(import::plural(2, "relationship", "relationships"), "2 relationships");
    assert_eq!(import::article("Outlook"), "an");
    assert_eq!(import::article("HubSpot"), "a");
    assert_eq!(import::article("Google Contacts"), "a");
}
