//! Workspace bundles: export, import merged by uuid, idempotence, conflicts by last
//! modification, and malformed bundles that change nothing.

use crate::pipeline_common;

use intrograph_engine::model::{PersonId, RepId};
use intrograph_engine::pipeline::iq::{self, Answers};
use intrograph_engine::pipeline::{Move, NewRequest, Stage};
use intrograph_engine::store::bundle::{self, Kept};
use intrograph_engine::store::{requests, team, Store};
use pipeline_common::*;
use rusqlite::params;

struct Workspace {
    store: Store,
    rep: RepId,
    dana: PersonId,
    omar: PersonId,
}

fn workspace() -> Workspace {
    let mut store = Store::open_in_memory().unwrap();
    let (rep, me) = rep(&mut store, "Sam Rivera");
    let dana = person(&mut store, "Dana Whitfield");
    let omar = person(&mut store, "Omar Haddad");
    relate(&mut store, me, dana, "client");
    relate(&mut store, dana, omar, "colleague");
    touch(&mut store, dana, Some(rep), "2026-01-05");
    store
        .write(|tx| {
            let org = uuid::Uuid::now_v7();
            tx.execute(
                "INSERT INTO organisations (id, name, name_key, created_at, updated_at) VALUES (?1, 'Northwind', 'northwind', ?2, ?2)",
                params![org, at("2026-01-01T00:00:00Z")],
            )?;
            tx.execute(
                "INSERT INTO employments (id, person_id, organisation_id, title) VALUES (?1, ?2, ?3, 'CFO')",
                params![uuid::Uuid::now_v7(), omar.0, org],
            )?;
            tx.execute("INSERT INTO person_emails (person_id, email, position) VALUES (?1, 'dana@example.com', 0)", [dana.0])?;
            tx.execute("INSERT INTO tags (name) VALUES ('vip')", [])?;
            tx.execute("INSERT INTO person_tags (person_id, tag_id) SELECT ?1, id FROM tags WHERE name = 'vip'", [dana.0])?;
            Ok(())
        })
        .unwrap();
    let c = clock("2026-02-02T09:00:00Z");
    let new = NewRequest {
        rep_id: Some(rep),
        target_id: Some(omar),
        source_id: Some(dana),
        reason: "warehouses".into(),
        ..Default::default()
    };
    let r = requests::create(&mut store, new, &c).unwrap();
    for s in [Stage::Asked, Stage::Accepted, Stage::Introduced, Stage::Meeting, Stage::Opportunity] {
        requests::move_to(&mut store, r.id, &Move::to(s), &c).unwrap();
    }
    iq::take(&mut store, rep, Answers::parse("yyyyyyynnnnnnn").unwrap(), &c).unwrap();
    team::set_goal(&mut store, rep, 3, &c).unwrap();
    Workspace { store, rep, dana, omar }
}

fn round_trip_file(store: &Store, dir: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    bundle::export_to_file(store, &path, at("2026-03-01T00:00:00Z")).unwrap();
    path
}

#[test]
fn a_bundle_carries_the_workspace_and_a_second_import_changes_nothing() {
    let a = workspace();
    let dir = tempfile::tempdir().unwrap();
    let file = round_trip_file(&a.store, &dir, "a.json");

    let mut b = Store::open_in_memory().unwrap();
    let report = bundle::import_file(&mut b, &file).unwrap();
    assert!(report.conflicts.is_empty());
    for (table, n) in [
        ("people", 3),
        ("organisations", 1),
        ("employments", 1),
        ("relationships", 2),
        ("touches", 1),
        ("reps", 1),
        ("intro_requests", 1),
        ("request_history", 6),
        ("opportunities", 1),
        ("assessments", 1),
        ("goals", 1),
    ] {
        assert_eq!(report.added.get(table), Some(&n), "{table}: {report:?}");
    }
    // Everything arrived as it was: the two exports are the same.
    let ea = bundle::export(&a.store, at("2026-03-01T00:00:00Z")).unwrap();
    let eb = bundle::export(&b, at("2026-03-01T00:00:00Z")).unwrap();
    assert_eq!(ea, eb);
    assert_eq!(
        requests::get(&b, requests::list(&a.store, &Default::default()).unwrap()[0].id).unwrap().stage,
        Stage::Opportunity
    );

    let before = snapshot(&b);
    let again = bundle::import_file(&mut b, &file).unwrap();
    assert_eq!((again.total_added(), again.total_updated(), again.conflicts.len()), (0, 0, 0), "{again:?}");
    assert_eq!(again.unchanged.values().sum::<u64>(), 19);
    assert_eq!(snapshot(&b), before);
    assert_eq!(bundle::export(&b, at("2026-03-01T00:00:00Z")).unwrap(), eb);
    let _ = (a.rep, a.omar);
}

fn set_name(store: &mut Store, id: PersonId, name: &str, when: &str) {
    store
        .write(|tx| {
            tx.execute(
                "UPDATE people SET full_name = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.0, name, at(when)],
            )?;
            Ok(())
        })
        .unwrap();
}

fn name_of(store: &Store, id: PersonId) -> String {
    store.conn().query_row("SELECT full_name FROM people WHERE id = ?1", [id.0], |r| r.get(0)).unwrap()
}

#[test]
fn conflicts_are_resolved_by_last_modification_and_reported() {
    let mut a = workspace();
    let dir = tempfile::tempdir().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    bundle::import_file(&mut b, &round_trip_file(&a.store, &dir, "a0.json")).unwrap();

    // Dana renamed later in A; Omar renamed later in B.
    set_name(&mut a.store, a.dana, "Dana W. Whitfield", "2026-02-10T00:00:00Z");
    set_name(&mut b, a.dana, "Dana (old)", "2026-02-05T00:00:00Z");
    set_name(&mut a.store, a.omar, "Omar (old)", "2026-02-05T00:00:00Z");
    set_name(&mut b, a.omar, "Omar H. Haddad", "2026-02-10T00:00:00Z");
    // The same relationship made separately in B, with another id: a natural-key conflict.
    let extra = person(&mut a.store, "Lee Chen");
    let file = round_trip_file(&a.store, &dir, "a1.json");

    let report = bundle::import_file(&mut b, &file).unwrap();
    assert_eq!(name_of(&b, a.dana), "Dana W. Whitfield");
    assert_eq!(name_of(&b, a.omar), "Omar H. Haddad");
    assert_eq!(name_of(&b, extra), "Lee Chen");
    let people: Vec<(&str, Kept)> = report
        .conflicts
        .iter()
        .filter(|c| c.table == "people")
        .map(|c| (if c.id == a.dana.to_string() { "dana" } else { "omar" }, c.kept))
        .collect();
    assert_eq!(people, vec![("dana", Kept::Incoming), ("omar", Kept::Local)]);
    assert_eq!(report.added.get("people"), Some(&1));
    assert_eq!(report.updated.get("people"), Some(&1));
    let omar = report.conflicts.iter().find(|c| c.id == a.omar.to_string()).unwrap();
    assert_eq!(omar.local_updated_at.as_deref().map(|s| &s[..10]), Some("2026-02-10"));

    // Re-importing the same file now changes nothing; the kept-local conflict is reported again.
    let before = snapshot(&b);
    let again = bundle::import_file(&mut b, &file).unwrap();
    assert_eq!((again.total_added(), again.total_updated()), (0, 0));
    assert_eq!(again.conflicts.len(), 1);
    assert_eq!(snapshot(&b), before);
}

#[test]
fn the_same_relationship_under_another_id_is_merged_not_duplicated() {
    let a = workspace();
    let dir = tempfile::tempdir().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    bundle::import_file(&mut b, &round_trip_file(&a.store, &dir, "a0.json")).unwrap();
    // B deletes and re-creates the Dana–Omar tie (new id, stronger, modified later).
    b.write(|tx| {
        let (x, y) = if a.dana < a.omar { (a.dana, a.omar) } else { (a.omar, a.dana) };
        tx.execute("DELETE FROM relationships WHERE person_a = ?1 AND person_b = ?2", params![x.0, y.0])?;
        tx.execute(
            "INSERT INTO relationships (id, person_a, person_b, kind, strength, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'friend', 5, ?4, ?4)",
            params![uuid::Uuid::now_v7(), x.0, y.0, at("2026-02-20T00:00:00Z")],
        )?;
        Ok(())
    })
    .unwrap();
    let report = bundle::import_file(&mut b, &round_trip_file(&a.store, &dir, "a1.json")).unwrap();
    let c: Vec<_> = report.conflicts.iter().filter(|c| c.table == "relationships").collect();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kept, Kept::Local);
    assert!(c[0].reason.contains("person_a and person_b"), "{}", c[0].reason);
    assert_eq!(count(&b, "relationships"), 2);
}

#[test]
fn malformed_bundles_fail_clearly_and_change_nothing() {
    let a = workspace();
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(round_trip_file(&a.store, &dir, "good.json")).unwrap();
    let mut b = workspace();
    let before = snapshot(&b.store);
    let mut json: serde_json::Value = serde_json::from_str(&good).unwrap();
    let mutate = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json.clone();
        f(&mut v);
        serde_json::to_string_pretty(&v).unwrap()
    };
    let stranger = uuid::Uuid::now_v7().to_string();
    let cases: Vec<(String, &str)> = vec![
        ("{ \"format\": \"intrograph-bundle\", \n \"version\": ".to_string(), "line 2"),
        (mutate(&|v| v["format"] = "zip".into()), "is not \"intrograph-bundle\""),
        (mutate(&|v| v["version"] = 9.into()), "version 9"),
        (mutate(&|v| v["tables"]["secrets"] = serde_json::json!([])), "tables.secrets"),
        (mutate(&|v| v["tables"]["people"][1]["full_name"] = 7.into()), "people[1].full_name: expected text"),
        (
            mutate(&|v| v["tables"]["people"][0]["shoe_size"] = 44.into()),
            "people[0].shoe_size: unknown field",
        ),
        (mutate(&|v| v["tables"]["reps"][0]["id"] = "not-a-uuid".into()), "reps[0].id: expected a uuid"),
        (mutate(&|v| v["tables"]["goals"][0]["updated_at"] = "yesterday".into()), "goals[0].updated_at"),
        (mutate(&|v| v["tables"]["people"][2]["emails"] = 3.into()), "people[2].emails"),
        // A new request whose target is nobody: refused by the database, named by record.
        (
            mutate(&|v| {
                let mut r = v["tables"]["intro_requests"][0].clone();
                r["id"] = uuid::Uuid::now_v7().to_string().into();
                r["target_id"] = stranger.clone().into();
                v["tables"]["intro_requests"].as_array_mut().unwrap().push(r);
            }),
            "intro_requests[1]",
        ),
        // A strength out of range breaks a CHECK.
        (
            mutate(&|v| {
                let mut r = v["tables"]["relationships"][0].clone();
                r["id"] = uuid::Uuid::now_v7().to_string().into();
                r["person_a"] = stranger.clone().into();
                r["strength"] = 9.into();
                v["tables"]["relationships"].as_array_mut().unwrap().push(r);
            }),
            "relationships[2]",
        ),
    ];
    json["format"] = "intrograph-bundle".into();
    for (i, (text, expect)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&path, text).unwrap();
        let err = bundle::import_file(&mut b.store, &path).unwrap_err().to_string();
        assert!(err.contains(expect) && err.contains(&format!("bad{i}.json")), "case {i}: {err}");
        assert_eq!(snapshot(&b.store), before, "case {i}");
    }
    let missing = bundle::import_file(&mut b.store, &dir.path().join("nope.json")).unwrap_err().to_string();
    assert!(missing.contains("nope.json"), "{missing}");
    let _ = (b.rep, b.dana);
}

#[test]
fn a_bundle_from_another_workspace_merges_people_by_email_and_moves_their_references() {
    // Another workspace knows Dana under its own id, with a second address, and is her rep's
    // colleague: the same person, not a second Dana.
    let from = workspace();
    let mut into = Store::open_in_memory().unwrap();
    let local_dana = person(&mut into, "Dana Whitfield");
    into.write(|tx| {
        tx.execute(
            "INSERT INTO person_emails (person_id, email, position) VALUES (?1, 'dana@home.example', 0)",
            [local_dana.0],
        )?;
        tx.execute(
            "INSERT INTO person_emails (person_id, email, position) VALUES (?1, 'dana@example.com', 1)",
            [local_dana.0],
        )?;
        Ok(())
    })
    .unwrap();
    let b = bundle::export(&from.store, at("2026-03-01T00:00:00Z")).unwrap();
    let report = bundle::import(&mut into, &b).unwrap();
    let danas: i64 = into
        .conn()
        .query_row("SELECT count(*) FROM people WHERE full_name = 'Dana Whitfield'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(danas, 1, "one Dana: {report:?}");
    let emails: Vec<String> = into
        .conn()
        .prepare("SELECT email FROM person_emails WHERE person_id = ?1 ORDER BY email")
        .unwrap()
        .query_map([local_dana.0], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(emails, ["dana@example.com", "dana@home.example"], "both addresses kept");
    // Her relationships and the request through her now name the local Dana.
    let ties: i64 = into
        .conn()
        .query_row(
            "SELECT count(*) FROM relationships WHERE person_a = ?1 OR person_b = ?1",
            [local_dana.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ties, 2);
    let sourced: i64 = into
        .conn()
        .query_row("SELECT count(*) FROM intro_requests WHERE source_id = ?1", [local_dana.0], |r| r.get(0))
        .unwrap();
    assert_eq!(sourced, 1);
    assert!(report.conflicts.iter().any(|c| c.reason.contains("same email under another id")), "{report:?}");
    // Importing again changes nothing.
    let again = bundle::import(&mut into, &b).unwrap();
    assert_eq!(again.total_added(), 0, "{again:?}");
    assert_eq!(again.total_updated(), 0, "{again:?}");
}

#[test]
fn a_bundle_person_whose_emails_belong_to_two_local_people_is_refused_naming_both() {
    let from = workspace();
    let mut into = Store::open_in_memory().unwrap();
    let one = person(&mut into, "Dana W");
    let two = person(&mut into, "D. Whitfield");
    into.write(|tx| {
        tx.execute(
            "INSERT INTO person_emails (person_id, email, position) VALUES (?1, 'dana@example.com', 0)",
            [one.0],
        )?;
        tx.execute(
            "INSERT INTO person_emails (person_id, email, position) VALUES (?1, 'dana@example.com', 0)",
            [two.0],
        )?;
        Ok(())
    })
    .unwrap();
    let b = bundle::export(&from.store, at("2026-03-01T00:00:00Z")).unwrap();
    let e = bundle::import(&mut into, &b).unwrap_err().to_string();
    assert!(e.contains("Dana W") && e.contains("D. Whitfield"), "{e}");
    let people: i64 = into.conn().query_row("SELECT count(*) FROM people", [], |r| r.get(0)).unwrap();
    assert_eq!(people, 2, "nothing was imported");
}
