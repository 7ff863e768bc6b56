//! A relationship's owner and visibility (migration 0015): new ties are this desktop's own
//! and shared with the team; `private` is set and cleared by an edit, survives a person
//! merge, stays out of bundles and travels in JSON backups; older databases and bundles
//! read as shared.

use crate::pipeline_common::*;

use intrograph_engine::model::{RelationshipKind, RepId, Strength, Visibility};
use intrograph_engine::store::relationships::{self, RelationshipInput, RelationshipPatch};
use intrograph_engine::store::{bundle, json_backup, merge, migrations, Store};
use rusqlite::{params, Connection};

fn tie(
    store: &mut Store,
    a: intrograph_engine::model::PersonId,
    b: intrograph_engine::model::PersonId,
    visibility: Visibility,
) -> intrograph_engine::model::Relationship {
    let mut input = RelationshipInput::new(a, b, RelationshipKind::Friend, Strength::new(4).unwrap());
    input.visibility = visibility;
    store.write(|tx| relationships::add(tx, &input)).unwrap()
}

#[test]
fn a_new_tie_is_this_desktops_own_and_shared_unless_made_private() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, me) = rep(&mut store, "Sam Rivera");
    let dana = person(&mut store, "Dana Whitfield");
    let omar = person(&mut store, "Omar Haddad");
    let shared = tie(&mut store, me, dana, Visibility::Team);
    assert_eq!((shared.owner_rep_id, shared.visibility), (None, Visibility::Team));
    assert!(shared.is_own());
    let private = tie(&mut store, me, omar, Visibility::Private);
    assert_eq!(private.visibility, Visibility::Private);

    let patch = RelationshipPatch { visibility: Some(Visibility::Private), ..Default::default() };
    let edited = store.write(|tx| relationships::edit(tx, shared.id, &patch)).unwrap();
    assert_eq!(edited.visibility, Visibility::Private);
    assert!(edited.updated_at >= shared.updated_at);
    let patch = RelationshipPatch { visibility: Some(Visibility::Team), ..Default::default() };
    let back = store.write(|tx| relationships::edit(tx, shared.id, &patch)).unwrap();
    assert_eq!(back.visibility, Visibility::Team);
    // Other edits leave the visibility alone.
    let patch = RelationshipPatch { strength: Some(Strength::new(5).unwrap()), ..Default::default() };
    let other = store.write(|tx| relationships::edit(tx, private.id, &patch)).unwrap();
    assert_eq!(other.visibility, Visibility::Private);
}

#[test]
fn a_database_of_the_previous_version_reads_its_ties_as_shared_and_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v12.db");
    let (a, b, rel) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    {
        let conn = Connection::open(&path).unwrap();
        let before = migrations::SCRIPTS.iter().position(|s| s.contains("owner_rep_id")).unwrap();
        for (i, script) in migrations::SCRIPTS[..before].iter().enumerate() {
            conn.execute_batch(script).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        }
        let t = "2025-03-01T10:00:00.000Z";
        for (id, name) in [(a, "Ann Lee"), (b, "Bob Stone")] {
            conn.execute(
                "INSERT INTO people (id, full_name, name_key, created_at, updated_at) VALUES (?1, ?2, lower(?2), ?3, ?3)",
                params![id, name, t],
            )
            .unwrap();
        }
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        conn.execute(
            "INSERT INTO relationships (id, person_a, person_b, kind, strength, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'friend', 3, ?4, ?4)",
            params![rel, lo, hi, t],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let r = relationships::get(store.conn(), intrograph_engine::model::RelationshipId(rel)).unwrap();
    assert_eq!((r.owner_rep_id, r.visibility), (None, Visibility::Team));
}

#[test]
fn a_merge_keeps_a_tie_private_when_either_side_was() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, me) = rep(&mut store, "Sam Rivera");
    let ann = person(&mut store, "Ann Lee");
    let ann2 = person(&mut store, "Ann Lee (gmail)");
    tie(&mut store, me, ann, Visibility::Team);
    tie(&mut store, me, ann2, Visibility::Private);
    store.write(|tx| merge::merge_people(tx, ann, ann2)).unwrap();
    let kept = relationships::between(store.conn(), me, ann).unwrap().unwrap();
    assert_eq!(kept.visibility, Visibility::Private);
}

#[test]
fn bundles_leave_private_ties_out_and_name_the_owner() {
    let mut store = Store::open_in_memory().unwrap();
    let (rep_id, me) = rep(&mut store, "Sam Rivera");
    let dana = person(&mut store, "Dana Whitfield");
    let omar = person(&mut store, "Omar Haddad");
    let shared = tie(&mut store, me, dana, Visibility::Team);
    let private = tie(&mut store, me, omar, Visibility::Private);
    let b = bundle::export(&store, at("2026-02-01T00:00:00Z")).unwrap();
    let rels = &b.tables["relationships"];
    assert_eq!(rels.len(), 1, "the private tie stays out: {rels:?}");
    assert_eq!(rels[0]["id"], serde_json::json!(shared.id.to_string()));
    assert_eq!(rels[0]["owner_rep_id"], serde_json::json!(rep_id.to_string()));
    assert_eq!(rels[0]["visibility"], serde_json::json!("team"));

    // Back into the same workspace: nothing changes, the tie is still its own.
    let report = bundle::import(&mut store, &b).unwrap();
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(relationships::get(store.conn(), shared.id).unwrap().owner_rep_id, None);
    assert_eq!(relationships::get(store.conn(), private.id).unwrap().visibility, Visibility::Private);

    // Into a colleague's workspace: the tie is Sam's there.
    let mut other = Store::open_in_memory().unwrap();
    rep(&mut other, "Lee Park");
    bundle::import(&mut other, &b).unwrap();
    let there = relationships::get(other.conn(), shared.id).unwrap();
    assert_eq!((there.owner_rep_id, there.visibility), (Some(rep_id), Visibility::Team));
    assert!(!there.is_own());
    let _: RepId = rep_id;
}

#[test]
fn an_older_bundle_without_owner_or_visibility_imports_as_shared() {
    let mut source = Store::open_in_memory().unwrap();
    let (_, me) = rep(&mut source, "Sam Rivera");
    let dana = person(&mut source, "Dana Whitfield");
    let t = tie(&mut source, me, dana, Visibility::Team);
    let mut b = bundle::export(&source, at("2026-02-01T00:00:00Z")).unwrap();
    for rec in b.tables.get_mut("relationships").unwrap() {
        rec.remove("owner_rep_id");
        rec.remove("visibility");
    }
    let mut target = Store::open_in_memory().unwrap();
    bundle::import(&mut target, &b).unwrap();
    let r = relationships::get(target.conn(), t.id).unwrap();
    assert_eq!(r.visibility, Visibility::Team);

    // A visibility that is neither is refused with where and why, and changes nothing.
    b.tables.get_mut("relationships").unwrap()[0].insert("visibility".into(), serde_json::json!("secret"));
    let mut empty = Store::open_in_memory().unwrap();
    let err = bundle::import(&mut empty, &b).unwrap_err().to_string();
    assert!(err.contains("relationships[0].visibility") && err.contains("secret"), "{err}");
    assert_eq!(count(&empty, "people"), 0);
}

#[test]
fn a_json_backup_carries_owner_and_visibility() {
    let mut store = Store::open_in_memory().unwrap();
    let (rep_id, me) = rep(&mut store, "Sam Rivera");
    let dana = person(&mut store, "Dana Whitfield");
    let t = tie(&mut store, me, dana, Visibility::Private);
    store
        .write(|tx| {
            tx.execute(
                "UPDATE relationships SET owner_rep_id = ?1 WHERE id = ?2",
                params![rep_id.0, t.id.0],
            )?;
            Ok(())
        })
        .unwrap();
    let mut out = Vec::new();
    json_backup::write(&store, &mut out).unwrap();
    let mut restored = Store::open_in_memory().unwrap();
    json_backup::restore(&mut restored, "backup.json", &out[..], false).unwrap();
    let r = relationships::get(restored.conn(), t.id).unwrap();
    assert_eq!((r.owner_rep_id, r.visibility), (Some(rep_id), Visibility::Private));
}
