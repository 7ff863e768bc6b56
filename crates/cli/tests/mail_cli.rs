//! `intrograph import mail|calendar|linkedin-messages`, `suggestions` and `cadence` through
//! the real binary.

mod common;

use common::Db;

fn fixture(name: &str) -> String {
    format!("{}/../engine/tests/fixtures/mail/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn with_people() -> Db {
    let db = Db::new();
    db.ok(&["rep", "add", "Sam Rivera", "--email", "sam@ourco.com"]);
    db.ok(&["person", "add", "Priya Raman", "--email", "priya@acme.com"]);
    db.ok(&["person", "add", "Jon Bell", "--email", "jon@acme.com"]);
    db
}

#[test]
fn mail_previews_offers_correspondents_then_imports_once() {
    let db = with_people();
    let before = db.dump();
    let preview = db.ok(&["import", "mail", &fixture("gmail-takeout.mbox"), "--dry-run"]);
    assert!(preview.contains("dry run, nothing written"), "{preview}");
    assert!(preview.contains("Zoë Müller zoe@beta.io: 1 sent, 2 received"), "{preview}");
    assert!(preview.contains("sam.rivera@gmail.com (seen 1 times)"), "{preview}");
    assert!(
        preview.contains("skipped gmail-takeout.mbox, message 10 (line 127): no Date header"),
        "{preview}"
    );
    assert_eq!(db.dump(), before);
    let r = db.json(&["import", "mail", &fixture("gmail-takeout.mbox"), "--add", "zoe@beta.io"]);
    assert_eq!((r["people_added"].as_u64(), r["touches_added"].as_u64()), (Some(1), Some(8)), "{r}");
    let again = db.json(&["import", "mail", &fixture("gmail-takeout.mbox")]);
    assert_eq!((again["imported"].as_u64(), again["touches_added"].as_u64()), (Some(0), Some(0)));
    let e = db.fails(&["import", "calendar", &fixture("messages.csv")]);
    assert!(e.contains("not an iCalendar file"), "{e}");
}

#[test]
fn suggestions_are_listed_and_accepted_and_cadences_listed_when_due() {
    let db = with_people();
    db.ok(&["import", "mail", &fixture("thunderbird.mbox")]);
    db.ok(&["import", "calendar", &fixture("outlook.ics")]);
    db.ok(&["rel", "edit", "me", "Jon Bell", "--strength", "4"]);
    let list = db.json(&["suggestions", "list"]);
    let strengths = list["strengths"].as_array().unwrap();
    let jon = strengths.iter().find(|s| s["name"] == "Jon Bell").expect("Jon listed");
    assert_eq!(jon["by_hand"], true);
    assert!(
        list["likely"].as_array().unwrap().iter().any(|l| l["seen"].as_str().unwrap().contains("1 meeting")),
        "{list}"
    );
    let out = db.ok(&["suggestions", "accept", "--all"]);
    assert!(out.contains("kept 1 strength you set by hand"), "{out}");
    let out = db.ok(&["suggestions", "accept", "Jon Bell"]);
    assert!(out.contains("accepted 1 suggestion"), "{out}");
    db.ok(&["cadence", "set", "Priya Raman", "30"]);
    let due = db.json(&["cadence", "due"]);
    assert_eq!(due["due"][0]["name"], "Priya Raman", "{due}");
    let e = db.fails(&["cadence", "set", "Priya Raman", "0"]);
    assert!(e.contains("1 to 3650"), "{e}");
}

#[test]
fn a_mail_import_is_undone_and_a_dismissed_likely_tie_stays_out() {
    let db = with_people();
    let before = db.dump();
    db.ok(&[
        "import",
        "mail",
        &fixture("gmail-takeout.mbox"),
        "--add",
        "zoe@beta.io",
        "--me",
        "sam.rivera@gmail.com",
    ]);
    let history = db.json(&["undo", "--list"]);
    assert_eq!(history[0]["summary"], "Imported mail from gmail-takeout.mbox", "{history}");
    assert_eq!(history[0]["kind"], "import");
    db.ok(&["undo"]);
    assert_eq!(db.dump(), before, "the undo takes back touches, people and the rep's address");

    db.ok(&["import", "mail", &fixture("gmail-takeout.mbox")]);
    let r = db.json(&["import", "mail", &fixture("thunderbird.mbox")]);
    assert_eq!(r["ties_added"], 1, "{r}");
    let out = db.ok(&["suggestions", "dismiss", "Priya Raman", "jon@acme.com"]);
    assert!(out.contains("Priya Raman and Jon Bell do not know each other: their tie is removed"), "{out}");
    let again = db.ok(&["import", "mail", &fixture("thunderbird.mbox")]);
    assert!(again.contains("kept out: 1 likely tie, you removed it before"), "{again}");
    let list = db.json(&["suggestions", "list"]);
    assert!(list["likely"].as_array().unwrap().is_empty(), "{list}");
    let e = db.fails(&["suggestions", "dismiss", "Jon Bell", "jon@acme.com"]);
    assert!(e.contains("Jon Bell is one person"), "{e}");
}
