//! No panic on any contacts file (LinkedIn, generic CSV, vCard); every accepted record is
//! in the report with its line; a failed import names the file and stores nothing; no
//! report or message shows a control character from the file.

use intrograph_engine::import::{self, Format, ImportOptions, MAX_LISTED_CHANGES};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{people, reps, Store};
use intrograph_engine::Error;

const LINKEDIN: &[&str] = &[
    "Notes:\r\n\"When exporting your connection data, you may notice missing emails.\"\r\n\r\n\
     First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
     Ann,Lee,https://www.linkedin.com/in/ann-lee,ann@acme.com,Acme,VP Sales,24 Sep 2014\r\n\
     ,,,,,,\r\n\
     Raj,Patel,https://www.linkedin.com/in/rajpatel,,Globex,CFO,\"1/8/18, 6:14 PM\"\r\n",
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
     \"Tomás\",\"Ó Briain\",,,\"Acme, Inc.\",\"Head of \"\"Growth\"\"\",2023-01-03\n",
];

const CSV: &[&str] = &[
    "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value,Phone 1 - Value,Organization 1 - Name,Labels,Notes\n\
     Ana,Souza,ana@souza.net,ana.souza@transvia.com.br,+55 11 5555 0100,Transvia,* myContacts ::: Clients,\"Met in \"\"SP\"\"\"\n\
     ,,orphan@mail.example,,ask Jenny,,,\n",
    "Name;E-mail Address;Company\r\nJürgen Müller;j@hanse.example;\"Hanse; AG\"\r\n",
    "Primary Email\tDisplay Name\tMobile Number\nbob@x.example\tBob Stone\t+1 555 0101\n",
];

const VCARD: &[&str] = &[
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\r\nller;J=C3=BCrgen;;;\r\n\
     TEL;WORK;VOICE:+49 40 1234567\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\nSkZJRgABAQ==\r\n\r\nEND:VCARD\r\n",
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:abc\r\nFN:Siobhán O'Connor\r\nitem1.EMAIL;type=INTERNET:s@bw.ie\r\n\
     item1.X-ABLabel:work\r\nORG:Brightwave;Sales\r\nNOTE:first\\, line\\nsecond\r\nEND:VCARD\r\n\
     BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Globex\r\nORG:Globex;\r\nX-ABShowAs:COMPANY\r\nEND:VCARD\r\n",
    "BEGIN:VCARD\nVERSION:4.0\nFN:Ann\n  Lee\nEMAIL:ann@acme.com\nFN\nEND:VCARD\nBEGIN:VCARD\nEMAIL:x@y.z\nEND:VCARD\n",
];

fn run(format: Format, name: &str, bytes: &[u8]) {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            reps::add_new(
                tx,
                &PersonInput { emails: vec!["sam@ourco.com".into()], ..PersonInput::named("Sam Rivera") },
            )
        })
        .unwrap();
    let result = import::contacts_from_reader(
        &mut store,
        format,
        name,
        bytes,
        None,
        &ImportOptions::default(),
        &mut |_| {},
    );
    let stored = people::count(store.conn()).unwrap() - 1;
    match result {
        Ok(r) => {
            assert_eq!(r.rows, r.added + r.updated + r.merged + r.unchanged + r.skipped, "{r:#?}");
            assert!(stored <= r.added, "{stored} people stored, {} added", r.added);
            let listed = (r.added + r.updated + r.merged).min(MAX_LISTED_CHANGES as u64);
            assert_eq!(r.changes.len() as u64, listed, "{r:#?}");
            for location in r.changes.iter().map(|c| &c.location).chain(r.skips.iter().map(|s| &s.location)) {
                assert!(location.starts_with(name) && location.contains("line "), "{location}");
            }
            assert_eq!(r.skips.len() as u64, r.skipped);
            let shown = r
                .notes
                .iter()
                .chain(r.skips.iter().map(|s| &s.reason))
                .chain(r.changes.iter().map(|c| &c.person));
            for text in shown {
                assert!(
                    !text.contains(['\u{1b}', '\u{7}', '\u{0}', '\u{9b}']),
                    "a control character shown: {text:?}"
                );
            }
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(
                !shown.contains(['\u{1b}', '\u{7}', '\u{0}', '\u{9b}']),
                "a control character shown: {shown:?}"
            );
            if let Error::Input { location, .. } = &e {
                assert!(location.starts_with(name) || location == "input", "the error names the file: {e}");
            }
            assert_eq!(stored, 0, "a failed import stored nothing: {e}");
        }
    }
}

target!(linkedin, LINKEDIN, |b: &[u8]| run(Format::Linkedin, "Connections.csv", b));
target!(generic_csv, CSV, |b: &[u8]| run(Format::Csv, "contacts.csv", b));
target!(vcard, VCARD, |b: &[u8]| run(Format::Vcard, "contacts.vcf", b));
