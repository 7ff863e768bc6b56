//! A workspace's first people import builds the name-search index once at the end, with
//! its triggers set aside meanwhile: searches then find exactly what the rule finds, the
//! triggers are back for every later write, and a failed or previewed import leaves
//! everything as it was.

use crate::search_common;

use std::io::Cursor;

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::store::{people, Page, Store};

fn search_triggers(store: &Store) -> Vec<(String, String)> {
    let mut st = store
        .conn()
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'people_search%' ORDER BY name")
        .unwrap();
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// People sharing first and last names and employers, each with an email, a tenth of the rows repeating
/// an earlier row's email.
fn people_csv(rows: usize) -> String {
    let first = ["Ann", "Bob", "Carla", "Dev", "Erik", "Maria", "Zoë", "O'Brien"];
    let last = ["Lee", "Stone", "Diaz", "Patel", "Marin", "Ng"];
    let orgs = ["Acme Corp", "Initech", "Globex", "Marine Arista", "Ng & Co"];
    let mut csv = String::from("name,email,organisation,title\n");
    for i in 0..rows {
        let (f, l, o) = (first[i % first.len()], last[(i / 3) % last.len()], orgs[(i / 5) % orgs.len()]);
        // Every tenth row repeats the email of the row nine before: that person is
        // updated (renamed, moved), within the same import.
        let n = if i % 10 == 9 { i - 9 } else { i };
        let email = format!("p{n}@mail.test");
        csv.push_str(&format!("\"{f} {l} {i}\",{email},{o},AE\n"));
    }
    csv
}

fn import_text(
    store: &mut Store,
    text: &str,
    dry_run: bool,
) -> Result<import::ImportReport, intrograph_engine::Error> {
    let options = ImportOptions { dry_run, ..ImportOptions::default() };
    import::people_from_reader(store, "people.csv", Cursor::new(text.to_string()), &options)
}

#[test]
fn a_first_import_is_searchable_as_the_rule_says_and_keeps_the_triggers() {
    let mut store = Store::open_in_memory().unwrap();
    let triggers = search_triggers(&store);
    assert!(triggers.len() >= 8, "the index's triggers: {triggers:?}");
    let report = import_text(&mut store, &people_csv(300), false).unwrap();
    assert!(report.added > 200 && report.updated > 0, "{report:?}");
    assert_eq!(search_triggers(&store), triggers, "the triggers are back as they were");
    for text in ["a", "ma", "mari", "erik", "zoë", "o'b", "acme", "arista", "lee3", "@mail", "nobody"] {
        let ids = |v: Vec<intrograph_engine::model::Person>| v.into_iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(
            ids(people::search(store.conn(), text, Page::ALL).unwrap()),
            ids(search_common::by_rule(&store, text)),
            "search {text:?}"
        );
    }
    // A second import runs with the triggers: new people are found at once.
    import_text(&mut store, "name,email\nXavier Quill,xq@mail.test\n", false).unwrap();
    assert_eq!(people::search(store.conn(), "quill", Page::ALL).unwrap().len(), 1);
    assert_eq!(search_triggers(&store), triggers);
}

#[test]
fn a_failed_or_previewed_first_import_leaves_no_people_and_every_trigger() {
    let mut store = Store::open_in_memory().unwrap();
    let triggers = search_triggers(&store);
    let preview = import_text(&mut store, &people_csv(50), true).unwrap();
    assert!(preview.dry_run && preview.added > 0);
    assert_eq!(people::count(store.conn()).unwrap(), 0);
    assert_eq!(search_triggers(&store), triggers);

    let broken = format!("{}\"\",nobody@mail.test,,\n", people_csv(50));
    let err = import_text(&mut store, &broken, false).unwrap_err();
    assert!(err.to_string().contains("line 52"), "{err}");
    assert_eq!(people::count(store.conn()).unwrap(), 0);
    assert_eq!(search_triggers(&store), triggers);

    // The same file, whole, then loads and is searchable.
    import_text(&mut store, &people_csv(50), false).unwrap();
    assert_eq!(
        people::search(store.conn(), "ann", Page::ALL).unwrap().len(),
        search_common::by_rule(&store, "ann").len()
    );
}
