//! No panic on any mailbox, calendar or LinkedIn messages file: the readers hand on what they
//! can and say where and why for the rest; a whole import stores nothing when it fails.

use chrono::{NaiveDate, TimeZone, Utc};
use intrograph_engine::import::exchanges::{ExchangeOptions, Read};
use intrograph_engine::import::{self, ics, mail, messages, ExchangeFormat};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{exchanges, reps, touches, Store};
use intrograph_engine::Error;

const MBOX: &[&str] = &[
    "From a@b Mon Mar 02 09:15:00 2026\nMessage-ID: <1@acme.com>\nDate: Mon, 2 Mar 2026 10:00:00 +0100\nFrom: =?UTF-8?B?Wm/DqyBNw7xsbGVy?= <zoe@beta.io>\nTo: Sam <sam@ourco.com>, \"Bell, Jon\" <jon@acme.com>\nCc: undisclosed-recipients:;\nSubject: =?ISO-8859-1?Q?Caf=E9?=\n\nbody\n>From quoted\n\nFrom b@c Tue Mar 03 09:15:00 2026\nMessage-ID: <2@ourco.com>\nIn-Reply-To: <1@acme.com>\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nFrom: sam@ourco.com\nTo: zoe@beta.io\nList-Id: <x>\n\nbody\n",
    "From - Tue Apr 07 09:30:00 2026\r\nMessage-ID: <tb@ourco.com>\r\nDate: Tue, 7 Apr 2026 11:30:00 +0200\r\nFrom: Sam <sam@ourco.com>\r\nTo: Lee <lee@gamma.org>\r\n\r\nHi\r\n",
];

const ICS: &[&str] = &[
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART;TZID=Europe/Paris:20260302T093000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Europe/Paris:20260309T093000\r\nORGANIZER;CN=Sam:mailto:sam@ourco.com\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Priya:mailto:priya@acme.com\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:u1\r\nRECURRENCE-ID;TZID=Europe/Paris:20260316T093000\r\nDTSTART:20260317T083000Z\r\nATTENDEE;PARTSTAT=DECLINED:mailto:sam@ourco.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=\"W. Europe Standard Time\":20260115T100000\nRRULE:FREQ=MONTHLY;UNTIL=20260615T080000Z\nORGANIZER:mailto:lee@gamma.org\nEND:VEVENT\nEND:VCALENDAR\n",
];

const MESSAGES: &[&str] = &[
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n2-a,,Priya Raman,https://www.linkedin.com/in/priya,Sam Rivera,https://www.linkedin.com/in/sam,2026-05-20 14:22:10 UTC,,\"Hi, Sam\",INBOX\n",
];

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap()
}

fn check(result: intrograph_engine::Result<()>, name: &str, got: &[String]) {
    if let Err(Error::Input { location, .. }) = &result {
        assert!(location.contains(name), "the error names the file: {location}");
    }
    for where_ in got {
        assert!(where_.contains(name), "every reported location names the file: {where_}");
    }
}

fn run_mbox(bytes: &[u8]) {
    let mut seen = Vec::new();
    let r = mail::read_mbox(bytes, "fuzz.mbox", &mut |got| {
        if let Read::Unreadable(s) = &got {
            seen.push(s.location.clone());
        }
        if let Read::Exchange(x) = &got {
            seen.push(x.location.clone());
            assert!(!x.key.is_empty());
        }
        Ok(())
    });
    check(r, "fuzz.mbox", &seen);
}

fn run_ics(bytes: &[u8]) {
    let mut seen = Vec::new();
    let r = ics::read(bytes, "fuzz.ics", now(), &mut |got| {
        match &got {
            Read::Unreadable(s) => seen.push(s.location.clone()),
            Read::Exchange(x) => {
                assert!(
                    x.date <= NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
                    "no meeting from the future: {x:?}"
                );
                seen.push(x.location.clone());
            }
            _ => {}
        }
        Ok(())
    });
    check(r, "fuzz.ics", &seen);
}

fn run_messages(bytes: &[u8]) {
    let mut seen = Vec::new();
    let r = messages::read(bytes, "fuzz.csv", "Sam Rivera", &mut |got| {
        if let Read::Unreadable(s) = &got {
            seen.push(s.location.clone());
        }
        Ok(())
    });
    check(r, "fuzz.csv", &seen);
}

/// The whole import: it succeeds, or fails having stored nothing.
fn run_import(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.mbox");
    std::fs::write(&path, bytes).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            reps::add_new(
                tx,
                &PersonInput { emails: vec!["sam@ourco.com".into()], ..PersonInput::named("Sam") },
            )
        })
        .unwrap();
    let options = ExchangeOptions {
        today: NaiveDate::from_ymd_opt(2026, 6, 30),
        add: vec!["zoe@beta.io".into(), "lee@gamma.org".into()],
        ..Default::default()
    };
    match import::exchanges(&mut store, ExchangeFormat::Mail, &path, &options, &mut |_| {}) {
        Ok(r) => assert_eq!(touches::count(store.conn()).unwrap(), r.touches_added),
        Err(_) => {
            assert_eq!(touches::count(store.conn()).unwrap(), 0);
            assert_eq!(exchanges::count(store.conn()).unwrap(), 0);
        }
    }
}

target!(mbox, MBOX, run_mbox);
target!(ics_calendar, ICS, run_ics);
target!(linkedin_messages, MESSAGES, run_messages);
target!(mail_import, MBOX, run_import);
