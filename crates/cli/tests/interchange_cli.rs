//! `intrograph import`, `mapping`, `person merge`, `export`, `backup` and `restore`
//! through the real binary.

mod common;

use common::Db;

fn fixture(name: &str) -> String {
    format!("{}/../engine/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn with_rep() -> Db {
    let db = Db::new();
    db.ok(&["rep", "add", "Sam Rivera", "--email", "sam@ourco.com"]);
    db
}

#[test]
fn linkedin_import_previews_then_applies_once() {
    let db = with_rep();
    let before = db.dump();
    let preview = db.ok(&["import", "linkedin", &fixture("Connections.csv"), "--dry-run"]);
    assert!(preview.contains("dry run, nothing written"), "{preview}");
    assert!(preview.contains("add     Tomás Ó Briain  (Connections.csv, line 6)"), "{preview}");
    assert!(preview.contains("skipped Connections.csv, line 7: no first or last name"), "{preview}");
    assert_eq!(db.dump(), before);
    let r = db.json(&["import", "linkedin", &fixture("Connections.csv")]);
    assert_eq!((r["added"].as_u64(), r["relationships_added"].as_u64()), (Some(4), Some(4)));
    let again = db.json(&["import", "linkedin", &fixture("Connections.csv")]);
    assert_eq!((again["added"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(5)));
    let rels = db.json(&["rel", "list"]);
    assert_eq!(rels.as_array().unwrap().len(), 4);
}

#[test]
fn vcard_and_csv_imports_with_encoding_and_saved_mapping() {
    let db = with_rep();
    let out = db.ok(&["import", "vcard", &fixture("contacts.vcf")]);
    assert!(
        out.contains("5 records; 4 added") && out.contains("1 merged") && out.contains("card 4 (line 101)"),
        "{out}"
    );
    let out = db.ok(&["import", "csv", &fixture("outlook.csv")]);
    assert!(out.contains("(windows-1252)") && out.contains("Outlook"), "{out}");
    let e = db.fails(&["import", "csv", &fixture("outlook.csv"), "--encoding", "utf-8"]);
    assert!(e.contains("not valid UTF-8"), "{e}");
    let e = db.fails(&["import", "csv", &fixture("crm-export.csv")]);
    assert!(e.contains("mapping save"), "{e}");
    db.ok(&[
        "mapping",
        "save",
        "crm",
        "--column",
        "Who=name",
        "--column",
        "Mail=email",
        "--column",
        "Firm=organisation",
    ]);
    assert!(db.ok(&["mapping", "list"]).contains("crm: Firm=organisation, Mail=email, Who=name"));
    let r = db.json(&["import", "csv", &fixture("crm-export.csv"), "--mapping", "crm"]);
    assert_eq!(r["added"].as_u64(), Some(2));
    let e = db.fails(&["mapping", "save", "bad", "--column", "Who=shoe_size"]);
    assert!(e.contains("not a field"), "{e}");
}

#[test]
fn people_and_relationships_csv_still_import() {
    let db = Db::new();
    let out = db.ok(&["import", "people", &fixture("people.csv")]);
    assert!(out.contains("people: 5 rows; 5 added"), "{out}");
    let out = db.ok(&["import", "relationships", &fixture("relationships.csv"), "--dry-run"]);
    assert!(out.starts_with("dry run, nothing written."), "{out}");
}

#[test]
fn person_merge_folds_a_duplicate_in() {
    let db = with_rep();
    db.ok(&["person", "add", "Ann Lee", "--email", "ann@acme.com", "--org", "Acme"]);
    db.ok(&["person", "add", "Ann Lee", "--email", "ann.lee@gmail.com", "--tag", "golf"]);
    db.ok(&["rel", "add", "sam@ourco.com", "ann.lee@gmail.com", "--kind", "friend"]);
    let out = db.ok(&["person", "merge", "ann@acme.com", "ann.lee@gmail.com"]);
    assert!(out.contains("merged Ann Lee into Ann Lee") && out.contains("1 moved"), "{out}");
    let ann = db.json(&["person", "show", "ann@acme.com"]);
    let text = ann.to_string();
    assert!(text.contains("ann.lee@gmail.com") && text.contains("golf"), "{text}");
    assert_eq!(db.json(&["rel", "list"]).as_array().unwrap().len(), 1);
    let e = db.fails(&["person", "merge", "ann@acme.com", "ann@acme.com"]);
    assert!(e.contains("themselves"), "{e}");
}

#[test]
fn exports_are_formula_safe_csv() {
    let db = with_rep();
    db.ok(&["import", "csv", &fixture("hubspot.csv")]);
    db.ok(&["import", "linkedin", &fixture("Connections.csv")]);
    let out = db.ok(&["export", "people"]);
    assert!(out.starts_with("id,name,title,organisation,email"), "{out}");
    assert!(out.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"CEO\"\")\""), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rels.csv");
    db.ok(&["export", "relationships", "--out", file.to_str().unwrap()]);
    let rels = std::fs::read_to_string(&file).unwrap();
    assert_eq!(rels.lines().count(), 5);
    assert!(rels.lines().next().unwrap().contains("introduction_weight"));
    assert!(db.ok(&["export", "requests"]).starts_with("id,created_at,rep"));
    assert!(db.ok(&["export", "metrics", "--by", "rep"]).starts_with("group,id,from,to,reached_draft"));
    assert!(db.ok(&["export", "metrics", "--table", "sources"]).contains(",referral,"));
    assert!(db.fails(&["export", "metrics", "--table", "moon"]).contains("funnel, sources"));
}

#[test]
fn json_backup_restores_into_an_empty_database_only() {
    let db = with_rep();
    db.ok(&["import", "vcard", &fixture("contacts.vcf")]);
    db.ok(&["import", "linkedin", &fixture("Connections.csv")]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    let f = file.to_str().unwrap();
    assert!(db.ok(&["backup", "json", f]).contains("backed up"));
    let fresh = Db::new();
    assert!(fresh.ok(&["restore", "json", f]).contains("restored"));
    assert_eq!(fresh.dump(), db.dump());
    let again = dir.path().join("again.json");
    fresh.ok(&["backup", "json", again.to_str().unwrap()]);
    assert_eq!(std::fs::read(&file).unwrap(), std::fs::read(&again).unwrap());
    let e = db.fails(&["restore", "json", f]);
    assert!(e.contains("not empty") && e.contains("--replace"), "{e}");
    db.ok(&["restore", "json", f, "--replace"]);
}

#[test]
fn help_names_every_import_format() {
    let db = Db::new();
    let help = db.ok(&["import", "--help"]);
    for word in ["linkedin", "vcard", "csv", "people", "relationships"] {
        assert!(help.contains(word), "{help}");
    }
    assert!(db.ok(&["import", "csv", "--help"]).contains("--mapping"));
}

#[test]
fn broken_quoting_fails_with_line_and_column_and_reports_read_in_words() {
    let db = with_rep();
    let before = db.dump();
    for (kind, file) in
        [("csv", "readers/broken-quote.csv"), ("linkedin", "readers/Connections-broken-quote.csv")]
    {
        let e = db.fails(&["import", kind, &fixture(file)]);
        assert!(e.contains("line 2, column 1") && e.contains("never closed"), "{e}");
    }
    assert_eq!(db.dump(), before, "nothing stored, Bob not lost in Ann's cell");
    let out = db.ok(&["import", "vcard", &fixture("readers/org-units.vcf")]);
    assert!(out.contains(": 1 record; 1 added"), "{out}");
}

#[test]
fn export_then_import_people_changes_nothing() {
    let db = with_rep();
    db.ok(&["import", "vcard", &fixture("contacts.vcf")]);
    db.ok(&["import", "csv", &fixture("hubspot.csv")]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.csv");
    let out = out.to_str().unwrap();
    db.ok(&["export", "people", "--out", out]);
    let before = db.dump();
    let r = db.ok(&["import", "people", out]);
    assert!(r.contains("0 added, 0 updated"), "{r}");
    assert_eq!(db.dump(), before);
}
