//! The JSON backup restores losslessly: export → restore → export is byte-identical and
//! every row of every table compares equal.

use crate::import_common;
use crate::pipeline_common;

use import_common::{import_file, workspace};
use intrograph_engine::import::{Format, ImportOptions};
use intrograph_engine::pipeline::request::NewRequest;
use intrograph_engine::pipeline::Move;
use intrograph_engine::store::{json_backup, people, relationships, reps, requests, Store};
use rusqlite::types::Value;

/// A workspace with a bit of everything: imports, a request moved along, touches, settings.
fn rich() -> Store {
    let mut store = workspace();
    for (format, file) in
        [(Format::Linkedin, "Connections.csv"), (Format::Vcard, "contacts.vcf"), (Format::Csv, "outlook.csv")]
    {
        import_file(&mut store, format, file, &ImportOptions::default()).unwrap();
    }
    let conn = store.conn();
    let rep = reps::current_rep(conn).unwrap();
    let priya = people::find_by_email(conn, "priya.raman@northwind.io").unwrap().unwrap();
    let tomas = people::find_by_linkedin(conn, "linkedin.com/in/tomas-obriain-4a1b2c").unwrap().unwrap();
    store
        .write(|tx| {
            let mut r = relationships::RelationshipInput::new(
                priya,
                tomas,
                intrograph_engine::model::RelationshipKind::FormerColleague,
                intrograph_engine::model::Strength::new(4)?,
            );
            r.notes = "worked together at Northwind, 2016–2019".into();
            relationships::add(tx, &r)?;
            Ok(())
        })
        .unwrap();
    let c = pipeline_common::clock("2026-02-02T09:00:00Z");
    let req = requests::create(
        &mut store,
        NewRequest {
            rep_id: Some(rep.id),
            target_id: Some(tomas),
            source_id: None,
            path: vec![rep.person_id, priya, tomas],
            reason: "Kerrigan Doyle is reviewing its CRM".into(),
            offer: "a benchmark of similar firms".into(),
            message: None,
        },
        &c,
    )
    .unwrap();
    let mv: Move = serde_json::from_value(serde_json::json!({ "to": "asked", "note": "" })).unwrap();
    requests::move_to(&mut store, req.id, &mv, &pipeline_common::clock("2026-02-03T10:30:00.123Z")).unwrap();
    pipeline_common::touch(&mut store, priya, Some(rep.id), "2026-02-04");
    store
}

fn backup(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    json_backup::write(store, &mut out).unwrap();
    out
}

/// Every table's rows but the team sync's bookkeeping (`sync_*`: this desktop's own, never
/// in a backup).
fn all_rows(store: &Store) -> Vec<(String, Vec<Vec<Value>>)> {
    let conn = store.conn();
    let mut st = conn
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sync\\_%' ESCAPE '\\' ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    tables
        .into_iter()
        .map(|t| {
            let mut st = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
            let n = st.column_count();
            let mut rows: Vec<Vec<Value>> = st
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
            (t, rows)
        })
        .collect()
}

#[test]
fn backup_restore_backup_is_byte_identical_and_every_row_equal() {
    let store = rich();
    let first = backup(&store);
    let mut copy = Store::open_in_memory().unwrap();
    let summary = json_backup::restore(&mut copy, "b.json", &first[..], false).unwrap();
    assert!(summary.rows() > 20, "{summary:?}");
    let second = backup(&copy);
    assert_eq!(String::from_utf8(first).unwrap(), String::from_utf8(second).unwrap());
    let (a, b) = (all_rows(&store), all_rows(&copy));
    assert!(a.iter().any(|(t, rows)| t == "request_daily" && !rows.is_empty()));
    assert_eq!(a, b);
    // The restored database still enforces its rules (triggers are back).
    let e = copy.write(|tx| Ok(tx.execute("UPDATE request_history SET note = 'x'", [])?)).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    // The name-search index, derived data, is rebuilt: search finds the same people.
    for q in ["mül", "priya", "northwind", "sahelpay.com"] {
        let names = |s: &Store| {
            let mut v: Vec<String> =
                intrograph_engine::store::people::search(s.conn(), q, intrograph_engine::store::Page::ALL)
                    .unwrap()
                    .into_iter()
                    .map(|p| p.full_name)
                    .collect();
            v.sort();
            v
        };
        let found = names(&store);
        assert!(!found.is_empty(), "{q}");
        assert_eq!(found, names(&copy), "{q}");
    }
}

#[test]
fn a_non_empty_database_is_refused_unless_replaced() {
    let store = rich();
    let data = backup(&store);
    let mut other = workspace();
    let e = json_backup::restore(&mut other, "b.json", &data[..], false).unwrap_err();
    assert!(e.to_string().contains("not empty") && e.to_string().contains("--replace"), "{e}");
    json_backup::restore(&mut other, "b.json", &data[..], true).unwrap();
    assert_eq!(backup(&other), data);
}

#[test]
fn a_broken_backup_changes_nothing() {
    let store = rich();
    let text = String::from_utf8(backup(&store)).unwrap();
    let mut empty = Store::open_in_memory().unwrap();
    let before = backup(&empty);
    // Drop the people: every reference to them breaks.
    let broken: String = {
        let start = text.find("{\"name\":\"people\"").unwrap();
        let end = start + text[start..].find("]}").unwrap();
        format!("{}{{\"name\":\"people\",\"columns\":[\"id\"],\"rows\":[{}", &text[..start], &text[end..])
    };
    assert!(json_backup::restore(&mut empty, "b.json", broken.as_bytes(), false).is_err());
    assert!(json_backup::restore(&mut empty, "b.json", &b"{\"format\":\"x\"}"[..], false).is_err());
    assert_eq!(backup(&empty), before);
}
