//! Undo: a merge, a removal, a stage move or an import, undone, leaves the workspace exactly
//! as it was (its JSON backup, which holds the trigger-kept summaries too, byte for byte; the
//! name search finds the same people); a later change in the way refuses the undo and
//! changes nothing.

use crate::import_common;
use crate::pipeline_common::*;

use intrograph_engine::import::{self, Format, ImportOptions};
use intrograph_engine::model::{PersonId, RepId};
use intrograph_engine::pipeline::request::{Move, NewRequest};
use intrograph_engine::pipeline::Stage;
use intrograph_engine::store::people::{self, PersonPatch};
use intrograph_engine::store::undo::{self, ActionKind};
use intrograph_engine::store::{json_backup, merge, organisations, requests, Page, Store};

/// The JSON backup of the store, as text.
fn backup(store: &Store) -> String {
    let mut out = Vec::new();
    json_backup::write(store, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// What the name search finds for each query, in order.
fn searches(store: &Store) -> Vec<Vec<String>> {
    ["ann", "ann.lee@gmail.com", "acme", "xavier", "bob"]
        .iter()
        .map(|q| {
            people::search(store.conn(), q, Page::ALL).unwrap().into_iter().map(|p| p.full_name).collect()
        })
        .collect()
}

struct Fixture {
    store: Store,
    rep: RepId,
    keep: PersonId,
    absorb: PersonId,
    x: PersonId,
    request: intrograph_engine::model::RequestId,
}

/// Two Ann Lees (one with emails, a phone, a tag and a position), their ties, touches, a
/// request through the second one.
fn fixture() -> Fixture {
    let mut store = Store::open_in_memory().unwrap();
    let (rep, me) = rep(&mut store, "Sam Rivera");
    let keep = person(&mut store, "Ann Lee");
    let absorb = person(&mut store, "Ann Lee");
    let x = person(&mut store, "Xavier Ruiz");
    let y = person(&mut store, "Yusuf Demir");
    store
        .write(|tx| {
            people::edit(
                tx,
                keep,
                &PersonPatch { emails: Some(vec!["ann@acme.com".into()]), ..Default::default() },
            )?;
            people::edit(
                tx,
                absorb,
                &PersonPatch {
                    emails: Some(vec!["ann.lee@gmail.com".into(), "ann@acme.com".into()]),
                    phones: Some(vec!["+1 555 0101".into()]),
                    tags: Some(vec!["golf".into()]),
                    title: Some("VP Sales".into()),
                    ..Default::default()
                },
            )?;
            let acme = organisations::find_or_add(tx, "Acme")?;
            organisations::add_employment(
                tx,
                &organisations::EmploymentInput {
                    person_id: absorb,
                    organisation_id: acme.id,
                    title: "VP Sales".into(),
                    start: None,
                    end: None,
                    current: true,
                },
            )?;
            Ok(())
        })
        .unwrap();
    relate(&mut store, keep, x, "other");
    relate(&mut store, absorb, x, "colleague");
    relate(&mut store, absorb, y, "client");
    relate(&mut store, me, absorb, "friend");
    touch(&mut store, absorb, Some(rep), "2026-01-05");
    touch(&mut store, x, Some(rep), "2026-01-06");
    let request = requests::create(
        &mut store,
        NewRequest {
            rep_id: Some(rep),
            target_id: Some(y),
            source_id: None,
            path: vec![me, absorb, y],
            reason: "Yusuf runs procurement".into(),
            offer: String::new(),
            message: Some("Could you introduce me?".into()),
        },
        &clock("2026-02-02T09:00:00Z"),
    )
    .unwrap()
    .id;
    Fixture { store, rep, keep, absorb, x, request }
}

/// Does `action`, checks it changed the backup and was recorded as `kind`, undoes it and
/// checks the backup and the searches are back as they were.
fn undone_exactly(
    f: &mut Fixture,
    kind: ActionKind,
    action: impl FnOnce(&mut Store) -> intrograph_engine::Result<()>,
) {
    let before = backup(&f.store);
    let found_before = searches(&f.store);
    let ((), recorded) = undo::record(&mut f.store, kind, |_, _| format!("{kind:?}"), action).unwrap();
    let recorded = recorded.expect("the action changed something and was recorded");
    assert_eq!(recorded.kind, kind);
    assert!(recorded.changes > 0);
    assert_ne!(backup(&f.store), before, "the action changed the workspace");
    let undone = undo::undo(&mut f.store, None).unwrap();
    assert_eq!(undone.id, recorded.id);
    assert!(undone.undone_at.is_some());
    assert_eq!(backup(&f.store), before, "undoing {kind:?} restores every row, summaries included");
    assert_eq!(searches(&f.store), found_before, "the name search is back as it was");
    assert!(intrograph_engine::store::integrity::integrity_check(f.store.conn()).unwrap().is_empty());
    let fk: i64 =
        f.store.conn().query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0);
}

#[test]
fn an_undone_merge_restores_exactly_what_was_there() {
    let mut f = fixture();
    let (keep, absorb) = (f.keep, f.absorb);
    undone_exactly(&mut f, ActionKind::Merge, |s| {
        s.write(|tx| merge::merge_people(tx, keep, absorb)).map(drop)
    });
    assert!(people::exists(f.store.conn(), absorb).unwrap());
}

#[test]
fn an_undone_removal_restores_the_person_with_their_ties_touches_and_position() {
    let mut f = fixture();
    let x = f.x;
    undone_exactly(&mut f, ActionKind::Delete, |s| s.write(|tx| people::remove(tx, x)).map(drop));
    assert_eq!(people::get(f.store.conn(), x).unwrap().full_name, "Xavier Ruiz");
}

#[test]
fn undone_stage_moves_restore_the_request_its_history_and_the_metrics_summaries() {
    let mut f = fixture();
    let (id, c) = (f.request, clock("2026-02-03T09:00:00Z"));
    // Into `asked`: the daily asks summary counts it, and the undo counts it out again.
    undone_exactly(&mut f, ActionKind::StageMove, |s| {
        requests::move_to(s, id, &Move::to(Stage::Asked), &c).map(drop)
    });
    requests::move_to(&mut f.store, id, &Move::to(Stage::Asked), &c).unwrap();
    requests::move_to(&mut f.store, id, &Move::to(Stage::Accepted), &c).unwrap();
    requests::move_to(&mut f.store, id, &Move::to(Stage::Introduced), &c).unwrap();
    let lost = Move { lost_reason: Some("no budget".into()), ..Move::to(Stage::Lost) };
    undone_exactly(&mut f, ActionKind::StageMove, |s| requests::move_to(s, id, &lost, &c).map(drop));
    assert_eq!(requests::get(&f.store, id).unwrap().stage, Stage::Introduced);
}

#[test]
fn an_undone_import_takes_out_every_person_organisation_and_tie_it_added() {
    let mut f = fixture();
    let path = import_common::fixture("Connections.csv");
    undone_exactly(&mut f, ActionKind::Import, |s| {
        import::contacts(s, Format::Linkedin, &path, &ImportOptions::default(), &mut |_| {}).map(drop)
    });
    let cards = import_common::fixture("contacts.vcf");
    undone_exactly(&mut f, ActionKind::Import, |s| {
        import::contacts(s, Format::Vcard, &cards, &ImportOptions::default(), &mut |_| {}).map(drop)
    });
    // The relationships CSV (its bulk load trusts its references and sets triggers aside).
    let dir = tempfile::tempdir().unwrap();
    let ties = dir.path().join("ties.csv");
    std::fs::write(&ties, "person_a,person_b,kind,strength\nXavier Ruiz,Yusuf Demir,colleague,3\nSam Rivera,Yusuf Demir,client,4\n")
        .unwrap();
    undone_exactly(&mut f, ActionKind::Import, |s| {
        import::relationships(s, &ties, &ImportOptions::default()).map(drop)
    });
    // A team bundle: another workspace's rep, people, organisations and ties.
    let mut other = import_common::workspace();
    import::contacts(
        &mut other,
        Format::Csv,
        &import_common::fixture("google-contacts.csv"),
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let bundle = intrograph_engine::store::bundle::export(&other, at("2026-03-01T00:00:00Z")).unwrap();
    undone_exactly(&mut f, ActionKind::Import, |s| {
        intrograph_engine::store::bundle::import(s, &bundle).map(drop)
    });
}

#[test]
fn a_later_change_to_the_same_person_refuses_the_undo_and_changes_nothing() {
    let mut f = fixture();
    let (keep, absorb) = (f.keep, f.absorb);
    undo::record(
        &mut f.store,
        ActionKind::Merge,
        |_, _| "Merged the Ann Lees".into(),
        |s| s.write(|tx| merge::merge_people(tx, keep, absorb)),
    )
    .unwrap();
    f.store
        .write(|tx| people::edit(tx, keep, &PersonPatch { title: Some("CRO".into()), ..Default::default() }))
        .unwrap();
    let before = backup(&f.store);
    let e = undo::undo(&mut f.store, None).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("Merged the Ann Lees") && text.contains("changed again since"), "{text}");
    assert_eq!(backup(&f.store), before, "a refused undo changes nothing");
    assert!(undo::list(f.store.conn()).unwrap()[0].undone_at.is_none());
}

#[test]
fn a_touch_logged_later_on_an_imported_person_refuses_undoing_the_import() {
    let mut f = fixture();
    let path = import_common::fixture("Connections.csv");
    undo::record(
        &mut f.store,
        ActionKind::Import,
        |_, _| "Imported Connections.csv".into(),
        |s| import::contacts(s, Format::Linkedin, &path, &ImportOptions::default(), &mut |_| {}),
    )
    .unwrap();
    let newcomer = people::list(f.store.conn(), Page::ALL)
        .unwrap()
        .into_iter()
        .find(|p| !["Sam Rivera", "Ann Lee", "Xavier Ruiz", "Yusuf Demir"].contains(&p.full_name.as_str()))
        .expect("the import added someone");
    touch(&mut f.store, newcomer.id, Some(f.rep), "2026-03-01");
    let before = backup(&f.store);
    let e = undo::undo(&mut f.store, None).unwrap_err().to_string();
    assert!(e.contains("Imported Connections.csv") && e.contains("a touch"), "{e}");
    assert_eq!(backup(&f.store), before);
}

#[test]
fn the_history_keeps_the_newest_actions_and_undoes_each_once() {
    let mut f = fixture();
    let e = undo::undo(&mut f.store, None).unwrap_err().to_string();
    assert!(e.contains("nothing to undo"), "{e}");
    for i in 0..(undo::KEEP + 3) {
        let x = f.x;
        undo::record(
            &mut f.store,
            ActionKind::Delete,
            |_, _| format!("edit {i}"),
            |s| {
                s.write(|tx| {
                    people::edit(tx, x, &PersonPatch { notes: Some(format!("n{i}")), ..Default::default() })
                })
            },
        )
        .unwrap();
    }
    let list = undo::list(f.store.conn()).unwrap();
    assert_eq!(list.len() as i64, undo::KEEP);
    assert_eq!(list[0].summary, format!("edit {}", undo::KEEP + 2), "newest first");
    let oldest_kept = list.last().unwrap().id;
    assert!(undo::get(f.store.conn(), oldest_kept - 1).is_err(), "older ones are gone");
    undo::undo(&mut f.store, Some(list[0].id)).unwrap();
    let again = undo::undo(&mut f.store, Some(list[0].id)).unwrap_err().to_string();
    assert!(again.contains("already undone"), "{again}");
    // A failed action records nothing.
    let count = undo::list(f.store.conn()).unwrap().len();
    let r = undo::record(
        &mut f.store,
        ActionKind::Merge,
        |_, _| "x".into(),
        |s| s.write(|tx| merge::merge_people(tx, f.keep, f.keep)),
    );
    assert!(r.is_err());
    assert_eq!(undo::list(f.store.conn()).unwrap().len(), count);
}
