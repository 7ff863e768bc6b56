//! The `intrograph` binary on a temporary database: network commands, JSON shapes,
//! exit codes, and a failed command leaving the database unchanged.

mod common;

use std::path::PathBuf;

use common::Db;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn add_list_show_search_edit_remove() {
    let db = Db::new();
    let out = db.ok(&[
        "person",
        "add",
        "Ann Lee",
        "--email",
        "Ann@Acme.com",
        "--org",
        "Acme Corp",
        "--title",
        "VP Sales",
        "--tag",
        "client",
    ]);
    assert!(out.starts_with("added Ann Lee (id "), "{out}");
    db.ok(&["person", "add", "Bob Stone", "--email", "bob@initech.com"]);

    let list = db.ok(&["person", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].starts_with("NAME") && lines[1].starts_with("Ann Lee") && lines[2].starts_with("Bob Stone"),
        "{list}"
    );
    assert!(lines[1].contains("Acme Corp") && lines[1].contains("ann@acme.com"), "{list}");

    let show = db.ok(&["person", "show", "ann"]);
    assert!(show.contains("VP Sales at Acme Corp (current)") && show.contains("client"), "{show}");

    assert!(db.ok(&["person", "search", "initech"]).contains("Bob Stone"));
    assert!(!db.ok(&["person", "search", "initech"]).contains("Ann Lee"));

    db.ok(&[
        "person",
        "edit",
        "bob@initech.com",
        "--title",
        "CTO",
        "--add-email",
        "bob@home.example",
        "--org",
        "Initech",
    ]);
    let bob = db.json(&["person", "show", "bob stone"]);
    assert_eq!(bob["person"]["title"], "CTO");
    assert_eq!(bob["person"]["emails"], serde_json::json!(["bob@initech.com", "bob@home.example"]));
    assert_eq!(bob["positions"][0]["organisation_name"], "Initech");

    db.ok(&["rel", "add", "ann", "bob", "--kind", "former_colleague", "--strength", "4"]);
    db.ok(&["rel", "verify", "ann", "bob"]);
    db.ok(&["rel", "edit", "bob", "ann", "--last-contact", "2024-05-01"]);
    let rels = db.json(&["rel", "list", "ann"]);
    assert_eq!(rels.as_array().unwrap().len(), 1);
    assert_eq!(rels[0]["kind"], "former_colleague");
    assert_eq!(rels[0]["strength"], 4);
    assert_eq!(rels[0]["last_contact"], "2024-05-01");
    assert!(rels[0]["verified_at"].is_string());

    let out = db.ok(&["person", "remove", "Bob Stone"]);
    assert!(out.contains("removed Bob Stone"), "{out}");
    assert_eq!(db.json(&["rel", "list"]).as_array().unwrap().len(), 0);
    assert_eq!(db.json(&["person", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn json_shapes() {
    let db = Db::new();
    let added = db.json(&["person", "add", "Ann Lee", "--email", "ann@acme.com", "--org", "Acme"]);
    for key in [
        "id",
        "full_name",
        "title",
        "emails",
        "phones",
        "linkedin_url",
        "tags",
        "notes",
        "source",
        "created_at",
        "updated_at",
    ] {
        assert!(added.get(key).is_some(), "person JSON lacks {key}: {added}");
    }
    let show = db.json(&["person", "show", "ann@acme.com"]);
    for key in ["person", "positions", "relationships", "touches", "rep"] {
        assert!(show.get(key).is_some(), "show JSON lacks {key}: {show}");
    }
    assert_eq!(show["positions"][0]["current"], true);

    let org = db.json(&["org", "show", "acme"]);
    assert_eq!(org["organisation"]["name"], "Acme");
    assert_eq!(org["current"][0]["full_name"], "Ann Lee");

    db.ok(&["rep", "add", "Rita Rep", "--email", "rita@us.example"]);
    let reps = db.json(&["rep", "list"]);
    assert_eq!(reps[0]["full_name"], "Rita Rep");
    assert_eq!(reps[0]["current"], true);
    assert_eq!(reps[0]["active"], true);

    db.ok(&["touch", "log", "ann", "--kind", "call", "--date", "2024-06-01", "--notes", "intro chat"]);
    let touches = db.json(&["touch", "list", "ann"]);
    assert_eq!(touches[0]["kind"], "call");
    assert_eq!(touches[0]["date"], "2024-06-01");
    assert!(touches[0]["rep_id"].is_string(), "logged by the current rep");

    let status = db.json(&["status"]);
    assert_eq!(status["counts"]["people"], 2);
    assert_eq!(status["counts"]["organisations"], 1);
    assert_eq!(status["current_rep"]["full_name"], "Rita Rep");

    let err = db.run(&["--json", "person", "show", "nobody"]);
    assert!(!err.status.success());
    let e: serde_json::Value = serde_json::from_slice(&err.stderr).unwrap();
    assert_eq!(e["code"], "NotFound");
}

#[test]
fn import_commands_report_and_re_import_adds_nothing() {
    let db = Db::new();
    let out = db.ok(&["import", "people", &fixture("people.csv")]);
    assert!(out.contains("5 added") && out.contains("Favourite Colour"), "{out}");
    let report = db.json(&["import", "relationships", &fixture("relationships.csv")]);
    assert_eq!(report["added"], 4);
    let before = db.dump();
    let again = db.json(&["import", "people", &fixture("people.csv")]);
    assert_eq!((again["added"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(5)));
    assert_eq!(db.dump(), before);

    let dry = db.ok(&["import", "people", "--dry-run", &fixture("people.csv")]);
    assert!(dry.contains("dry run"), "{dry}");
}

#[test]
fn failures_exit_non_zero_with_a_message_and_change_nothing() {
    let db = Db::new();
    db.ok(&["import", "people", &fixture("people.csv")]);
    db.ok(&["import", "relationships", &fixture("relationships.csv")]);
    db.ok(&["rep", "add", "rita@us.example"]);
    let before = db.dump();

    let err = db.fails(&["rel", "add", "Ann Lee", "Bob Stone", "--kind", "friend"]);
    assert!(err.starts_with("error: ") && err.contains("already have a relationship"), "{err}");
    let err = db.fails(&["rel", "add", "Ann Lee", "ann@acme.com"]);
    assert!(err.contains("themselves"), "{err}");
    let err = db.fails(&["rel", "add", "Ann Lee", "Dev Patel", "--strength", "0"]);
    assert!(err.contains("out of range"), "{err}");
    let err = db.fails(&["person", "show", "Nobody Here"]);
    assert!(err.starts_with("error: person not found"), "{err}");
    db.ok(&["person", "add", "Ann Leeds"]);
    let before_amb = db.dump();
    let err = db.fails(&["person", "edit", "ann le", "--title", "X"]);
    assert!(err.contains("matches 2 person records") && err.contains("Acme Corp"), "{err}");
    assert_eq!(db.dump(), before_amb);
    db.ok(&["person", "remove", "Ann Leeds"]);
    assert_eq!(db.dump(), before);

    let err = db.fails(&["person", "remove", "Rita Rep"]);
    assert!(err.contains("is a rep"), "{err}");

    // A malformed import names the file and line and writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,email\nZed New,zed@x.example\nYan,not-an-email\n").unwrap();
    let err = db.fails(&["import", "people", bad.to_str().unwrap()]);
    assert!(err.contains("bad.csv, line 3") && err.contains("not-an-email"), "{err}");
    let err = db.fails(&["import", "people", dir.path().join("missing.csv").to_str().unwrap()]);
    assert!(err.contains("missing.csv"), "{err}");
    assert_eq!(db.dump(), before);
}

#[test]
fn help_is_everywhere() {
    let db = Db::new();
    for cmd in [
        vec!["person", "add", "--help"],
        vec!["rel", "add", "--help"],
        vec!["import", "people", "--help"],
        vec!["rep", "--help"],
        vec!["touch", "log", "--help"],
    ] {
        let out = db.ok(&cmd);
        assert!(out.contains("Usage:"), "{cmd:?}: {out}");
    }
    assert!(db.ok(&["rel", "add", "--help"]).contains("Examples:"));
}

#[test]
fn removing_or_merging_needs_a_whole_name_an_email_or_an_id() {
    let db = Db::new();
    db.ok(&["person", "add", "Dana Whitfield", "--email", "dana@northwind.example"]);
    db.ok(&["person", "add", "Dana W", "--email", "dw@home.example"]);
    let before = db.dump();
    let err = db.fails(&["person", "remove", "tfiel"]);
    assert!(err.contains("only by part of the name") && err.contains("Dana Whitfield"), "{err}");
    let err = db.fails(&["person", "merge", "Dana Whitfield", "Dana"]);
    assert!(err.contains("Dana"), "{err}");
    assert_eq!(db.dump(), before, "nothing changed");
    // Run from a script (no terminal), the whole name is enough; --yes is accepted too.
    db.ok(&["person", "merge", "Dana Whitfield", "dw@home.example", "--yes"]);
    db.ok(&["person", "remove", "dana@northwind.example"]);
    assert!(db.ok(&["person", "list"]).lines().count() <= 1);
}

#[test]
fn every_error_is_json_under_json_even_a_bad_argument() {
    let db = Db::new();
    let err = db.fails(&["--json", "person", "add"]);
    let v: serde_json::Value = serde_json::from_str(err.trim()).expect("JSON on stderr");
    assert_eq!(v["code"], "Usage", "{v}");
    assert!(v["message"].as_str().unwrap().contains("<NAME>"), "{v}");
}

#[test]
fn a_date_with_a_two_digit_year_is_refused_not_read_as_the_year_24() {
    let db = Db::new();
    db.ok(&["person", "add", "Ann Lee"]);
    db.ok(&["person", "add", "Bob Stone"]);
    let err = db.fails(&["rel", "add", "Ann Lee", "Bob Stone", "--last-contact", "24-01-01"]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn duplicates_are_listed_merged_and_dismissed() {
    let db = Db::new();
    db.ok(&["person", "add", "Bob Smith", "--org", "Acme", "--email", "bob@acme.com"]);
    db.ok(&["person", "add", "Robert Smith", "--org", "Acme", "--email", "robert@gmail.com"]);
    db.ok(&["person", "add", "Bill Jones", "--org", "Globex"]);
    db.ok(&["person", "add", "William Jones", "--org", "Globex"]);
    let out = db.ok(&["duplicates"]);
    assert!(out.contains("Bob is short for Robert, both at Acme"), "{out}");
    assert!(out.contains("2 of 2 likely duplicates listed; 0 dismissed"), "{out}");

    let list = db.json(&["duplicates", "--limit", "1"]);
    assert_eq!(list["total"], 2);
    assert_eq!(list["pairs"].as_array().unwrap().len(), 1);
    let pair = &list["pairs"][0];
    assert_eq!(pair["evidence"][0]["kind"], "similar_name_same_organisation");
    assert!(["likely", "very_likely"].contains(&pair["likelihood"].as_str().unwrap()));

    // A refused dismissal changes nothing.
    let before = db.dump();
    let err = db.fails(&["duplicates", "dismiss", "Bob Smith", "Bob Smith"]);
    assert!(err.contains("two different people"), "{err}");
    assert!(db.fails(&["duplicates", "dismiss", "Bob", "Robert Smith"]).contains("Bob"));
    assert_eq!(db.dump(), before);

    let out = db.ok(&["duplicates", "dismiss", "Bill Jones", "William Jones"]);
    assert_eq!(
        out.trim(),
        "Bill Jones and William Jones are two people; the pair will not be proposed again"
    );
    let out = db.ok(&["duplicates", "dismiss", "William Jones", "Bill Jones"]);
    assert!(out.contains("already dismissed"), "{out}");
    let left = db.json(&["duplicates"]);
    let pair = &left["pairs"][0];
    assert_eq!((pair["keep"]["name"].as_str(), left["total"].as_u64()), (Some("Bob Smith"), Some(1)));
    let keep = pair["keep"]["id"].as_str().unwrap().to_string();
    let other = pair["other"]["id"].as_str().unwrap().to_string();
    db.ok(&["person", "merge", &keep, &other, "--yes"]);
    let after = db.json(&["duplicates"]);
    assert_eq!(after["total"], 0);
    assert_eq!(after["dismissed"], 1);
    assert_eq!(db.ok(&["duplicates"]).trim(), "no likely duplicates (1 dismissed)");
}
