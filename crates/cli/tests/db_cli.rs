//! `intrograph db`: backups, restore, integrity check, and the start-up check's message.

mod common;

use common::Db;

fn backups_dir(db: &Db) -> std::path::PathBuf {
    db.path.parent().unwrap().join("backups")
}

#[test]
fn opening_the_workspace_takes_one_automatic_backup_a_day() {
    let db = Db::new();
    db.ok(&["person", "add", "Ann Lee"]);
    db.ok(&["person", "add", "Bob Stone"]);
    let list = db.json(&["db", "backups"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "automatic");
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert!(list[0]["path"].as_str().unwrap().ends_with(&format!("net-{today}.db")));
    assert!(db.ok(&["db", "backups"]).contains("automatic"));
}

#[test]
fn backup_then_restore_brings_the_data_back() {
    let db = Db::new();
    db.ok(&["person", "add", "Ann Lee"]);
    let copy = db.path.with_file_name("copy.db");
    let out = db.ok(&["db", "backup", copy.to_str().unwrap()]);
    assert!(out.contains("copy.db"), "{out}");
    db.ok(&["person", "add", "Bob Stone"]);

    let out = db.ok(&["db", "restore", copy.to_str().unwrap()]);
    assert!(out.contains("restored") && out.contains("kept at"), "{out}");
    let people = db.json(&["person", "list"]);
    let names: Vec<&str> =
        people.as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ann Lee"]);
}

#[test]
fn restore_latest_uses_the_newest_backup() {
    let db = Db::new();
    db.ok(&["person", "add", "Ann Lee"]);
    db.ok(&["db", "backup"]);
    db.ok(&["person", "add", "Bob Stone"]);
    let report = db.json(&["db", "restore", "--latest"]);
    assert!(report["restored"].as_str().unwrap().contains("backups"));
    assert_eq!(db.json(&["person", "list"]).as_array().unwrap().len(), 1);
    let kinds: Vec<String> =
        db.json(&["db", "backups"]).as_array().unwrap().iter().map(|b| b["kind"].to_string()).collect();
    assert!(kinds.contains(&"\"before_restore\"".to_string()), "{kinds:?}");
}

#[test]
fn restore_needs_a_file_or_latest_and_refuses_a_bad_file() {
    let db = Db::new();
    db.ok(&["person", "add", "Ann Lee"]);
    let err = db.fails(&["db", "restore"]);
    assert!(err.contains("--latest"), "{err}");
    let bad = db.path.with_file_name("bad.db");
    std::fs::write(&bad, "name,email\nAnn,ann@x.com\n").unwrap();
    let err = db.fails(&["db", "restore", bad.to_str().unwrap()]);
    assert!(err.contains("bad.db"), "{err}");
    assert_eq!(db.json(&["person", "list"]).as_array().unwrap().len(), 1, "nothing changed");
}

#[test]
fn check_passes_on_a_whole_database_and_fails_on_a_damaged_one() {
    let db = Db::new();
    db.ok(&["person", "add", "Ann Lee"]);
    assert!(db.ok(&["db", "check"]).contains("passed the integrity check"));
    assert_eq!(db.json(&["db", "check"])["ok"], true);
    db.ok(&["db", "backup"]);

    std::fs::write(&db.path, "garbage ".repeat(1000)).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.path.display()));
    }
    let err = db.fails(&["db", "check"]);
    assert!(err.contains("damaged") && err.contains("db restore --latest"), "{err}");
    // Every other command refuses the file with the same way out.
    let err = db.fails(&["person", "list"]);
    assert!(err.contains(&db.path.display().to_string()), "{err}");
    assert!(err.contains(&format!("intrograph --db \"{}\" db restore --latest", db.path.display())), "{err}");
    // ... which works.
    db.ok(&["db", "restore", "--latest"]);
    assert_eq!(db.json(&["person", "list"]).as_array().unwrap().len(), 1);
    assert!(std::fs::read_dir(backups_dir(&db)).unwrap().count() >= 1);
}
