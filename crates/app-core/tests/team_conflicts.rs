//! The team's conflicts as a rep reads and settles them, against a real throwaway
//! PostgreSQL server: the record and field in words, the colleague by name, the overwritten
//! value set back (it reaches the colleague with the next syncs and lists nothing new),
//! a set-back refused when the value moved on since, and dismissing.

use intrograph_app_core::conflicts;
use intrograph_app_core::team::TeamSync;
use intrograph_engine::model::PersonId;
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::Store;
use intrograph_team::testing::Cluster;
use intrograph_team::MemorySecrets;

fn set_title(store: &mut Store, id: PersonId, title: &str) {
    store
        .write(|tx| people::edit(tx, id, &PersonPatch { title: Some(title.into()), ..Default::default() }))
        .unwrap();
}

fn title(store: &Store, id: PersonId) -> String {
    people::get(store.conn(), id).unwrap().title
}

#[test]
fn a_conflict_reads_in_words_and_its_overwritten_value_can_be_set_back_once() {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    intrograph_team::init(&cluster.admin_url()).unwrap();
    let ada =
        intrograph_team::add_rep(&cluster.admin_url(), "Ada Lovelace", "ada@example.com", false).unwrap();
    let dana =
        intrograph_team::add_rep(&cluster.admin_url(), "Dana Whitfield", "dana@example.com", false).unwrap();

    // Ada's desktop (the app's sync) and Dana's (a command-line workspace).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ada.db");
    let app = TeamSync::new(&path, Box::new(MemorySecrets::default()));
    app.join(&ada.url).unwrap();
    let mut a = Store::open(&path).unwrap();
    let priya = a
        .write(|tx| {
            people::add(
                tx,
                &PersonInput {
                    full_name: "Priya Natarajan".into(),
                    title: "CFO".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap()
        .id;
    app.sync_now().unwrap();
    let d_dir = tempfile::tempdir().unwrap();
    let mut d = Store::open(d_dir.path().join("dana.db")).unwrap();
    let d_secrets = MemorySecrets::default();
    intrograph_team::join(&mut d, &dana.url, &d_secrets).unwrap();

    // Both change the title offline; Dana's edit is the later one and wins.
    set_title(&mut a, priya, "VP Finance");
    std::thread::sleep(std::time::Duration::from_millis(20));
    set_title(&mut d, priya, "Chief Financial Officer");
    intrograph_team::sync(&mut d, &d_secrets).unwrap();
    let view = app.sync_now().unwrap();
    assert_eq!(title(&a, priya), "Chief Financial Officer");
    let fields: Vec<&str> = view.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["title"], "only the title is listed (not when the row last changed)");
    let c = view.conflicts[0].clone();
    assert_eq!(
        (c.record_kind.as_str(), c.record.as_str(), c.field_label.as_str()),
        ("Person", "Priya Natarajan", "Title")
    );
    assert_eq!(
        (c.kept_text.as_str(), c.overwritten_text.as_str()),
        ("Chief Financial Officer", "VP Finance")
    );
    assert_eq!(c.by, "you, on this desktop");
    assert!(c.restorable);
    // Dana's desktop names Ada (the author of the value it overwrote) by name.
    intrograph_team::sync(&mut d, &d_secrets).unwrap();
    let on_d = intrograph_team::status(&d).unwrap().conflicts;
    let dc = on_d.iter().find(|x| x.field == "title").expect("listed on Dana's desktop too");
    assert_eq!(conflicts::describe(&d, dc).unwrap().by, "Ada Lovelace");

    // Ada sets her value back: written as a new edit, off the list, and it reaches Dana
    // without a new conflict there (Ada's edit was made over Dana's value).
    let before_d = on_d.len();
    let after = app.use_overwritten(c.id).unwrap();
    assert_eq!(title(&a, priya), "VP Finance");
    assert!(after.conflicts.iter().all(|x| x.id != c.id), "taken off the list");
    app.sync_now().unwrap();
    intrograph_team::sync(&mut d, &d_secrets).unwrap();
    assert_eq!(title(&d, priya), "VP Finance");
    assert_eq!(
        intrograph_team::status(&d).unwrap().conflicts.len(),
        before_d,
        "nothing new listed on Dana's"
    );

    // A set-back refused when the value moved on since: nothing changes.
    let dc = intrograph_team::status(&d).unwrap().conflicts.into_iter().find(|x| x.field == "title").unwrap();
    set_title(&mut d, priya, "Treasurer");
    let refused = conflicts::use_overwritten(&mut d, dc.id).unwrap_err().to_string();
    assert!(refused.contains("has changed since"), "{refused}");
    assert_eq!(title(&d, priya), "Treasurer");
    assert!(conflicts::use_overwritten(&mut d, 9_999).unwrap_err().to_string().contains("not found"));

    // Dismissing: one, then all; the data stays.
    assert_eq!(conflicts::dismiss(&mut d, Some(&[dc.id])).unwrap(), 1);
    assert!(conflicts::dismiss(&mut d, Some(&[dc.id])).is_err(), "already gone: said so");
    conflicts::dismiss(&mut d, None).unwrap();
    assert!(intrograph_team::status(&d).unwrap().conflicts.is_empty());
    assert_eq!(title(&d, priya), "Treasurer");
}

#[test]
fn fields_and_values_read_as_words() {
    use intrograph_engine::store::conflicts::{field_label, value_text};
    let store = Store::open_in_memory().unwrap();
    assert_eq!(field_label("full_name"), "Name");
    assert_eq!(field_label("_emails"), "Emails");
    assert_eq!(field_label("next_follow_up"), "Next follow up");
    assert_eq!(field_label("organisation_id"), "Organisation");
    let v = |j: serde_json::Value| value_text(store.conn(), &j);
    assert_eq!(v(serde_json::json!(null)), "(empty)");
    assert_eq!(v(serde_json::json!("")), "(empty)");
    assert_eq!(v(serde_json::json!(["a@x.com", "b@x.com"])), "a@x.com, b@x.com");
    assert_eq!(v(serde_json::json!(4)), "4");
    assert_eq!(
        v(serde_json::json!({"blob": "0190d1a2b3c4d5e6f708192a3b4c5d6e"})),
        "(a record not on this desktop)"
    );
}
