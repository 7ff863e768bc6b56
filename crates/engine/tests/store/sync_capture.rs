//! The local half of the team sync (store::sync): capture by triggers, staging, applying
//! pulled changes without capturing them, and rows read by column name.

use intrograph_engine::model::{RelationshipKind, Strength, Visibility};
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::relationships::{self, RelationshipInput};
use intrograph_engine::store::sync::{self, Incoming};
use intrograph_engine::store::Store;
use serde_json::{json, Map, Value as Json};
use uuid::Uuid;

fn person(store: &mut Store, name: &str) -> intrograph_engine::model::PersonId {
    store
        .write(|tx| {
            people::add(
                tx,
                &PersonInput {
                    full_name: name.into(),
                    emails: vec![format!("{name}@x.com")],
                    ..Default::default()
                },
            )
        })
        .unwrap()
        .id
}

fn joined() -> (Store, Uuid) {
    let mut store = Store::open_in_memory().unwrap();
    let me = Uuid::now_v7();
    store.write(|tx| sync::set_joined(tx, "postgresql://h/db", "ig_me", "key", me, false)).unwrap();
    (store, me)
}

fn outbox(store: &Store) -> Vec<(String, Uuid)> {
    let mut st = store.conn().prepare("SELECT tbl, row_id FROM sync_outbox ORDER BY tbl, row_id").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn stage_all(store: &mut Store) -> Vec<sync::Pending> {
    store.write(|tx| sync::stage(tx, i64::MAX / 4, 10_000)).unwrap();
    sync::pending(store.conn(), 10_000).unwrap()
}

#[test]
fn nothing_is_captured_before_joining() {
    let mut store = Store::open_in_memory().unwrap();
    store.write(sync::ensure_capture).unwrap();
    person(&mut store, "Ann");
    assert!(outbox(&store).is_empty());
    assert_eq!(sync::waiting(store.conn()).unwrap(), 0);
}

#[test]
fn a_person_and_their_emails_are_one_change() {
    let (mut store, _) = joined();
    let ann = person(&mut store, "Ann");
    assert_eq!(outbox(&store), vec![("people".to_string(), ann.0)]);
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1);
    assert_eq!(staged[0].fields["full_name"], json!("Ann"));
    assert_eq!(staged[0].fields["_emails"], json!(["ann@x.com"]));
    // Only what changed goes up next time.
    store.write(|tx| sync::confirm(tx, staged[0].change_no)).unwrap();
    store
        .write(|tx| people::edit(tx, ann, &PersonPatch { title: Some("CTO".into()), ..Default::default() }))
        .unwrap();
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1);
    let fields: Vec<&String> = staged[0].fields.keys().collect();
    assert!(
        fields.contains(&&"title".to_string()) && !fields.contains(&&"full_name".to_string()),
        "{fields:?}"
    );
}

#[test]
fn a_private_tie_never_goes_up_and_one_turned_private_goes_as_a_tombstone() {
    let (mut store, me) = joined();
    let a = person(&mut store, "Ann");
    let b = person(&mut store, "Bob");
    let c = person(&mut store, "Cy");
    let mut private = RelationshipInput::new(a, b, RelationshipKind::Friend, Strength::new(3).unwrap());
    private.visibility = Visibility::Private;
    let hidden = store.write(|tx| relationships::add(tx, &private)).unwrap().id;
    let shared = RelationshipInput::new(a, c, RelationshipKind::Client, Strength::new(4).unwrap());
    let shared = store.write(|tx| relationships::add(tx, &shared)).unwrap().id;
    let staged = stage_all(&mut store);
    assert!(staged.iter().all(|p| p.row_id != hidden.0), "a private tie was staged");
    let tie = staged.iter().find(|p| p.row_id == shared.0).expect("the shared tie is staged");
    assert_eq!(tie.owner_rep, Some(me), "a tie recorded here is this rep's");
    assert!(!tie.fields.contains_key("visibility"), "visibility stays local");
    store.write(|tx| sync::confirm(tx, i64::MAX)).unwrap();
    store
        .conn()
        .execute("UPDATE relationships SET visibility = 'private' WHERE id = ?1", [shared.0])
        .unwrap();
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1);
    assert_eq!((staged[0].row_id, staged[0].op.as_str()), (shared.0, "delete"));
    let kept = relationships::between(store.conn(), a, c).unwrap().expect("the tie stays on this desktop");
    assert_eq!(kept.visibility, Visibility::Private);
    assert_ne!(kept.id, shared, "under an id the team never saw: the old one's deletion stays final");
    // Shared again: a new tie for the team, with every field.
    store.write(|tx| sync::confirm(tx, i64::MAX)).unwrap();
    store.conn().execute("UPDATE relationships SET visibility = 'team' WHERE id = ?1", [kept.id.0]).unwrap();
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1, "{staged:?}");
    assert_eq!((staged[0].row_id, staged[0].op.as_str()), (kept.id.0, "upsert"));
    assert!(staged[0].fields.contains_key("kind") && staged[0].fields.contains_key("strength"));
}

fn incoming(table: &'static str, id: Uuid, fields: Json, hlc: &str) -> Incoming {
    let fields: Map<String, Json> = fields.as_object().unwrap().clone();
    let clocks = fields.keys().map(|k| (k.clone(), json!(hlc))).collect();
    Incoming {
        table: table.into(),
        row_id: id,
        op: "upsert".into(),
        fields,
        // Every field listed, as a server before schema 3 sends rows.
        clock: String::new(),
        clocks,
        author: "ig_other".into(),
        bases: None,
    }
}

#[test]
fn pulled_rows_are_applied_without_being_captured_and_new_columns_travel_by_name() {
    let (mut store, _) = joined();
    // A column added by a later migration (here by hand) is read and written by name.
    store.conn().execute_batch("ALTER TABLE people ADD COLUMN follow_up_days INTEGER").unwrap();
    let id = Uuid::now_v7();
    let row = json!({
        "full_name": "Dana Reyes", "name_key": "dana reyes", "title": "", "linkedin_url": null, "notes": "",
        "source": "", "created_at": "2026-12-01 10:00:00.000+00:00", "updated_at": "2026-12-01 10:00:00.000+00:00",
        "follow_up_days": 30, "_emails": ["dana@x.com"], "_phones": [], "_tags": ["vip"],
        "a_column_from_a_newer_program": "ignored"
    });
    store
        .write(|tx| sync::apply(tx, &[incoming("people", id, row, "0000000000001-000000-x")], 7, "now"))
        .unwrap();
    assert!(outbox(&store).is_empty(), "a pulled change was captured");
    let p = people::get(store.conn(), intrograph_engine::model::PersonId(id)).unwrap();
    assert_eq!(p.full_name, "Dana Reyes");
    assert_eq!(p.emails, vec!["dana@x.com".to_string()]);
    assert_eq!(p.tags, vec!["vip".to_string()]);
    let days: i64 = store
        .conn()
        .query_row("SELECT follow_up_days FROM people WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(days, 30);
    assert_eq!(sync::state(store.conn()).unwrap().last_seq, 7);
    // A local edit of the new column goes up by name too.
    store.conn().execute("UPDATE people SET follow_up_days = 14 WHERE id = ?1", [id]).unwrap();
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1);
    assert_eq!(staged[0].fields.get("follow_up_days"), Some(&json!(14)));
    // An older pulled value loses to the later local write, and is kept as a conflict.
    store
        .write(|tx| {
            sync::apply(
                tx,
                &[incoming("people", id, json!({"follow_up_days": 60}), "0000000000002-000000-y")],
                8,
                "now",
            )
        })
        .unwrap();
    let days: i64 = store
        .conn()
        .query_row("SELECT follow_up_days FROM people WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(days, 14, "the later write stays");
    let conflicts = sync::conflicts(store.conn()).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!((conflicts[0].kept.clone(), conflicts[0].overwritten.clone()), (json!(14), json!(60)));
}

#[test]
fn text_another_program_stored_that_is_not_utf8_is_named_and_nothing_is_staged() {
    let (mut store, _) = joined();
    let ann = person(&mut store, "Ann");
    // Another program writes bytes that are not UTF-8 into a text column.
    store
        .conn()
        .execute("UPDATE people SET title = CAST(x'4865ff6164' AS TEXT) WHERE id = ?1", [ann.0])
        .unwrap();
    let e = store.write(|tx| sync::stage(tx, i64::MAX / 4, 10_000)).unwrap_err().to_string();
    assert!(
        e.contains(&format!("people row {}", ann.0)) && e.contains("title") && e.contains("not valid UTF-8"),
        "{e}"
    );
    assert!(sync::pending(store.conn(), 10).unwrap().is_empty(), "nothing staged");
    assert_eq!(outbox(&store), vec![("people".to_string(), ann.0)], "the change still waits");
    // Corrected, it goes.
    store.conn().execute("UPDATE people SET title = 'Head' WHERE id = ?1", [ann.0]).unwrap();
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1);
    assert_eq!(staged[0].fields["title"], json!("Head"));
}

/// A pull checks only the references of the rows it wrote (store::sync::drop_orphans): a
/// pulled deletion never leaves a row pointing at nothing because every foreign key says
/// what a deletion does (cascade, set null, or refuse at once). A new reference without an
/// `ON DELETE` action would break that; this names it.
#[test]
fn every_reference_says_what_a_deletion_does() {
    let store = Store::open_in_memory().unwrap();
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut references = 0;
    let mut without = Vec::new();
    for t in &tables {
        let mut st =
            conn.prepare("SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list(?1)").unwrap();
        let keys: Vec<(String, String, String)> = st
            .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (parent, column, on_delete) in keys {
            references += 1;
            if !["CASCADE", "SET NULL", "RESTRICT"].contains(&on_delete.as_str()) {
                without.push(format!("{t}.{column} -> {parent} ({on_delete})"));
            }
        }
    }
    assert!(references > 20, "the schema's references were read: {references}");
    assert!(without.is_empty(), "references without an ON DELETE action: {without:?}");
}

fn with_bases(mut inc: Incoming, bases: Json) -> Incoming {
    inc.bases = Some(bases.as_object().unwrap().clone());
    inc
}

fn title_conflicts(store: &Store) -> usize {
    sync::conflicts(store.conn()).unwrap().iter().filter(|c| c.field == "title").count()
}

/// Each staged edit says what it replaced (the clock of the value agreed when it was made),
/// also when a pull moved the field on before the edit was sent; a pulled edit of a field
/// this desktop wrote last is a conflict only when its writer had not seen that write.
#[test]
fn what_an_edit_replaced_travels_with_it_and_decides_whether_an_overwrite_is_a_conflict() {
    let (mut store, _) = joined();
    let id = Uuid::now_v7();
    let pulled = "0000000000001-000000-y";
    let row = json!({
        "full_name": "Dana Reyes", "name_key": "dana reyes", "title": "CFO", "linkedin_url": null, "notes": "",
        "source": "", "created_at": "2026-12-01 10:00:00.000+00:00", "updated_at": "2026-12-01 10:00:00.000+00:00",
        "_emails": [], "_phones": [], "_tags": []
    });
    store.write(|tx| sync::apply(tx, &[incoming("people", id, row, pulled)], 1, "now")).unwrap();
    let dana = intrograph_engine::model::PersonId(id);
    let set_title = |store: &mut Store, t: &str| {
        store
            .write(|tx| people::edit(tx, dana, &PersonPatch { title: Some(t.into()), ..Default::default() }))
            .unwrap();
    };

    // An edit of the pulled title says it replaced the pulled write.
    set_title(&mut store, "VP Finance");
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1);
    let bases = staged[0].bases.as_ref().expect("an upsert says what it replaced");
    assert_eq!(bases.get("title"), Some(&json!(pulled)));
    let mine = staged[0].hlc.clone();
    store.write(|tx| sync::confirm(tx, staged[0].change_no)).unwrap();

    // A colleague who had pulled ours edits it after us: no conflict.
    let later = "9999999999990-000000-y";
    let seen_ours = with_bases(
        incoming("people", id, json!({"title": "Finance Director"}), later),
        json!({"title": mine}),
    );
    store.write(|tx| sync::apply(tx, &[seen_ours], 2, "now")).unwrap();
    assert_eq!(people::get(store.conn(), dana).unwrap().title, "Finance Director");
    assert_eq!(title_conflicts(&store), 0, "an edit made after seeing ours is no conflict");

    // Edited here, not sent yet, when a later write of the same field is pulled: listed here,
    // and the edit, sent later, says it was made over what was agreed before that write.
    set_title(&mut store, "Treasurer");
    let contested = "9999999999991-000000-y";
    store
        .write(|tx| {
            sync::apply(tx, &[incoming("people", id, json!({"title": "Controller"}), contested)], 3, "now")
        })
        .unwrap();
    assert_eq!(title_conflicts(&store), 1, "the unsent edit and the pulled write are listed");
    let staged = stage_all(&mut store);
    assert_eq!(staged.len(), 1);
    assert_eq!(staged[0].fields.get("title"), Some(&json!("Treasurer")));
    assert_eq!(
        staged[0].bases.as_ref().and_then(|b| b.get("title")),
        Some(&json!(later)),
        "made over the value agreed before the pulled write, not over the pulled write"
    );
    let left: i64 = store.conn().query_row("SELECT count(*) FROM sync_contested", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0, "cleared once staged");
    let mine = staged[0].hlc.clone();
    assert!(mine.as_str() > contested, "the local edit goes up later than the write it overwrites");
    store.write(|tx| sync::confirm(tx, staged[0].change_no)).unwrap();

    // A colleague's later edit made without seeing ours (it replaced an older write): a conflict.
    let (unseen, newer) = ("9999999999999-000001-y", "9999999999999-000002-y");
    let not_seen = with_bases(
        incoming("people", id, json!({"title": "Head of FP&A"}), unseen),
        json!({"title": contested}),
    );
    store.write(|tx| sync::apply(tx, &[not_seen], 4, "now")).unwrap();
    assert_eq!(people::get(store.conn(), dana).unwrap().title, "Head of FP&A");
    let listed = sync::conflicts(store.conn()).unwrap();
    let last = listed.last().unwrap();
    assert_eq!(title_conflicts(&store), 2, "{listed:?}");
    assert_eq!((last.kept.clone(), last.overwritten.clone()), (json!("Head of FP&A"), json!("Treasurer")));
    assert_eq!(last.overwritten_by, "this desktop");

    // A change that does not say what it replaced (an earlier version's) is listed, as before.
    set_title(&mut store, "CFO again");
    let staged = stage_all(&mut store);
    store.write(|tx| sync::confirm(tx, staged[0].change_no)).unwrap();
    assert!(staged[0].hlc.as_str() < newer, "{staged:?}");
    store
        .write(|tx| {
            sync::apply(tx, &[incoming("people", id, json!({"title": "Group CFO"}), newer)], 5, "now")
        })
        .unwrap();
    assert_eq!(title_conflicts(&store), 3);
}
