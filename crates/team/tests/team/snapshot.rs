//! A new rep's empty desktop starting from the team's snapshot: the same content as the
//! team's, its own identity, no one else's I.Q. results; a workspace with anything in it,
//! or a damaged snapshot, changes nothing and pulls row by row.

use intrograph_engine::model::Stage;
use intrograph_engine::store::{assessments, people, reps, sync as local};
use intrograph_team::snapshot;

use crate::support::*;

fn check_file(d: &Desk) {
    let ok: String = d.store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 =
        d.store.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "every reference holds");
    let mode: String = d.store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal", "the workspace is back in WAL mode");
}

#[test]
fn a_new_reps_empty_desktop_starts_from_the_snapshot_catches_up_and_syncs_as_its_own() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let fay = add_rep(&cluster, "Fay Ortiz", "fay@example.com", true);
    let gus = add_rep(&cluster, "Gus Hale", "gus@example.com", false);
    let mut a = Desk::new();
    let mut ids = Vec::new();
    for i in 0..80 {
        ids.push(a.add_person(&format!("Person {i:03}"), &format!("p{i}@example.com")));
    }
    a.join(&dana.url);
    for w in ids.windows(2).step_by(3) {
        a.tie(w[0], w[1], false);
    }
    let req = a.request(ids[1], ids[2]);
    a.move_request(req, Stage::Asked);
    a.iq("yynynyynynyyny");
    a.sync();

    let work = tempfile::tempdir().unwrap();
    let made = snapshot::make(&cluster.admin_url(), work.path()).expect("snapshot");
    assert!(made.rows > 80 && made.bytes > 0 && made.parts >= 1, "{made:?}");
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0, "the working folder is removed");

    // After the snapshot: an edit, a removal, a new person and a stage move on A.
    a.edit_person(ids[0], Some("Head of Partnerships"), None);
    a.store.write(|tx| people::remove(tx, ids[5])).unwrap();
    let late = a.add_person("Late Arrival", "late@example.com");
    a.move_request(req, Stage::Accepted);
    a.sync();

    // Fay (a leader, new to the team) joins from a blank desktop.
    let mut f = Desk::new();
    f.join(&fay.url);
    let started = snapshot::last_start_timing().expect("Fay's join started from the snapshot");
    assert_eq!(started.bytes, made.bytes);
    check_file(&f);
    assert_eq!(people::get(f.store.conn(), ids[0]).unwrap().title, "Head of Partnerships");
    assert!(
        !people::exists(f.store.conn(), ids[5]).unwrap(),
        "the person removed after the snapshot is gone"
    );
    assert!(people::exists(f.store.conn(), late).unwrap());
    let me = f.me();
    assert_eq!(reps::get(f.store.conn(), me).unwrap().id, me, "Fay's own rep is here, and current");
    // Dana's I.Q. came with the rest of the first pull (Fay leads).
    assert_eq!(assessments::for_rep(&f.store, a.me()).unwrap().len(), 1);
    // A desktop of its own: another client id than the snapshot's maker and than Gus's.
    let mut g = Desk::new();
    g.join(&gus.url);
    assert!(snapshot::last_start_timing().is_some(), "Gus started from the snapshot too");
    check_file(&g);
    let (fc, gc) =
        (local::state(f.store.conn()).unwrap().client_id, local::state(g.store.conn()).unwrap().client_id);
    assert_ne!(fc, gc);
    assert!(
        assessments::for_rep(&g.store, a.me()).unwrap().is_empty(),
        "the snapshot holds no I.Q. results: Gus (not a leader) has none of Dana's"
    );
    assert!(
        intrograph_team::status(&f.store).unwrap().conflicts.is_empty(),
        "catching up lists no conflicts"
    );

    // Both new desktops edit; everything reaches everyone, and the contents agree.
    f.edit_person(ids[10], Some("CFO"), None);
    f.sync();
    g.edit_person(ids[11], Some("CTO"), None);
    g.sync();
    a.sync();
    f.sync();
    assert_eq!(people::get(a.store.conn(), ids[10]).unwrap().title, "CFO");
    assert_eq!(people::get(f.store.conn(), ids[11]).unwrap().title, "CTO");
    assert_eq!(a.shared_content(), f.shared_content(), "Dana's and Fay's desktops hold the same content");
    assert_eq!(people::count(g.store.conn()).unwrap(), people::count(a.store.conn()).unwrap());
}

#[test]
fn a_workspace_with_anything_in_it_pulls_row_by_row_and_a_damaged_snapshot_changes_nothing() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let gus = add_rep(&cluster, "Gus Hale", "gus@example.com", false);
    let mut a = Desk::new();
    for i in 0..30 {
        a.add_person(&format!("Person {i:03}"), &format!("p{i}@example.com"));
    }
    a.join(&dana.url);
    let work = tempfile::tempdir().unwrap();
    snapshot::make(&cluster.admin_url(), work.path()).expect("snapshot");

    // Eli's workspace has a contact of his own: not blank, so no snapshot; his contact stays
    // and goes up.
    let mut e = Desk::new();
    let own = e.add_person("Eli's Own Contact", "own@example.com");
    e.join(&eli.url);
    assert!(snapshot::last_start_timing().is_none(), "a workspace with a person in it is not replaced");
    assert!(people::exists(e.store.conn(), own).unwrap());
    assert_eq!(
        people::count(e.store.conn()).unwrap(),
        30 + 2 + 1,
        "the team's 30, Dana, Eli and his contact"
    );
    a.sync();
    assert!(people::exists(a.store.conn(), own).unwrap(), "Eli's contact reached Dana");

    // A snapshot damaged on the server: a blank desktop's join says so and changes nothing.
    let mut admin = sql(&cluster.admin_url());
    admin
        .batch_execute("UPDATE team.snapshot_parts SET data = set_byte(data, 5000, 255 - get_byte(data, 5000)) WHERE n = 0")
        .unwrap();
    let mut g = Desk::new();
    let err = intrograph_team::join(&mut g.store, &gus.url, &g.secrets).expect_err("a damaged snapshot");
    assert!(err.to_string().contains("arrived damaged"), "{err}");
    assert!(local::is_blank(g.store.conn()).unwrap(), "the workspace is as it was: blank");
    assert!(!intrograph_team::status(&g.store).unwrap().joined);
    let leftovers: Vec<_> = std::fs::read_dir(g.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("team-snapshot"))
        .collect();
    assert!(leftovers.is_empty(), "the downloaded file is removed");

    // A new snapshot replaces the damaged one, and the join goes through.
    let r = snapshot::make(&cluster.admin_url(), work.path()).expect("snapshot again");
    assert_eq!(r.replaced, 1);
    g.join(&gus.url);
    assert!(snapshot::last_start_timing().is_some());
    check_file(&g);
    a.sync();
    assert_eq!(people::count(g.store.conn()).unwrap(), people::count(a.store.conn()).unwrap());
}

#[test]
fn a_start_from_the_snapshot_cut_off_while_downloading_or_once_taken_goes_on_with_nothing_lost() {
    use snapshot::start_hooks::{CUT_AFTER_PARTS, CUT_AFTER_TAKING};
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let mut a = Desk::new();
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(a.add_person(&format!("Person {i:03}"), &format!("p{i}@example.com")));
    }
    a.join(&dana.url);
    // The team's current rep in Dana's file is Dana: a join that took the snapshot must
    // not take her for this desktop's rep.
    let work = tempfile::tempdir().unwrap();
    snapshot::make(&cluster.admin_url(), work.path()).expect("snapshot");
    a.edit_person(ids[0], Some("COO"), None);
    a.sync();

    let mut e = Desk::new();
    // A download cut off: nothing changed, nothing left beside the workspace.
    CUT_AFTER_PARTS.set(1);
    let cut = intrograph_team::join(&mut e.store, &eli.url, &e.secrets);
    CUT_AFTER_PARTS.set(0);
    assert!(cut.is_err());
    assert!(intrograph_engine::store::sync::is_blank(e.store.conn()).unwrap());
    // A download a killed program left behind is removed by the next start.
    let abandoned = e.dir.path().join(".ws.db.team-snapshot-0000");
    std::fs::write(&abandoned, b"half a file").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&abandoned).unwrap().set_modified(hour_ago).unwrap();
    // One being written (another join's, under way) is left alone.
    let under_way = e.dir.path().join(".ws.db.team-snapshot-0001");
    std::fs::write(&under_way, b"being written").unwrap();

    // Cut off once the workspace took the snapshot's content (before the join was done).
    CUT_AFTER_TAKING.set(true);
    let cut = intrograph_team::join(&mut e.store, &eli.url, &e.secrets);
    CUT_AFTER_TAKING.set(false);
    assert!(cut.is_err());
    assert!(!abandoned.exists(), "the abandoned download is gone");
    assert!(under_way.exists(), "a download being written is not touched");
    assert!(!intrograph_team::status(&e.store).unwrap().joined);
    assert_eq!(people::count(e.store.conn()).unwrap(), 41, "the snapshot's content is here: 40 and Dana");

    // Joining again goes on from there: Eli gets a rep of his own, which reaches Dana.
    e.join(&eli.url);
    check_file(&e);
    let me = e.me();
    assert_ne!(me, a.me(), "Eli's desktop did not take Dana's rep");
    assert_eq!(reps::get(e.store.conn(), me).unwrap().id, me);
    assert_eq!(
        people::get(e.store.conn(), ids[0]).unwrap().title,
        "COO",
        "the change made after the snapshot"
    );
    a.sync();
    assert!(reps::get(a.store.conn(), me).is_ok(), "Eli's rep reached Dana");
    e.sync();
    assert_eq!(a.shared_content(), e.shared_content());
    let fk: i64 = e.store.conn().query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "nothing waits to go up");
}

#[test]
fn a_reps_new_laptop_starts_from_the_snapshot_with_their_ties_and_iq_as_their_own() {
    use intrograph_engine::store::relationships::{self, RelationshipPatch};
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", false);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let mut a = Desk::new();
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(a.add_person(&format!("Person {i:03}"), &format!("p{i}@example.com")));
    }
    a.join(&dana.url);
    let mut ties = Vec::new();
    for w in ids.windows(2).step_by(3) {
        ties.push(a.tie(w[0], w[1], false));
    }
    a.iq("yynynyynynyyny");
    a.sync();
    // Eli's tie too, so that the snapshot has ties of two owners.
    let mut e = Desk::new();
    e.join(&eli.url);
    e.tie(ids[0], ids[29], false);
    e.sync();
    let work = tempfile::tempdir().unwrap();
    snapshot::make(&cluster.admin_url(), work.path()).expect("snapshot");
    a.sync();

    // Dana's new, blank laptop joins with her URL.
    let mut n = Desk::new();
    n.join(&dana.url);
    assert!(snapshot::last_start_timing().is_some(), "the new laptop started from the snapshot");
    check_file(&n);
    assert_eq!(n.me(), a.me(), "the same rep");
    let mine: i64 = n
        .store
        .conn()
        .query_row("SELECT count(*) FROM relationships WHERE owner_rep_id IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mine, ties.len() as i64, "Dana's ties are this desktop's rep's, Eli's are his");
    assert_eq!(assessments::for_rep(&n.store, n.me()).unwrap().len(), 1, "her own I.Q. results came");
    let st = intrograph_team::status(&n.store).unwrap();
    assert_eq!(st.waiting, 0, "nothing reads as changed here");
    assert!(st.conflicts.is_empty());
    assert_eq!(a.shared_content(), n.shared_content(), "both of Dana's desktops hold the same content");

    // An edit of her tie on the new laptop reaches the old one, with no conflict on either.
    n.store
        .write(|tx| {
            relationships::edit(
                tx,
                ties[0],
                &RelationshipPatch { notes: Some("met at SaaStr".into()), ..Default::default() },
            )
        })
        .unwrap();
    n.sync();
    a.sync();
    assert_eq!(relationships::get(a.store.conn(), ties[0]).unwrap().notes, "met at SaaStr");
    assert!(intrograph_team::status(&a.store).unwrap().conflicts.is_empty());
    assert!(intrograph_team::status(&n.store).unwrap().conflicts.is_empty());
    e.sync();
    assert_eq!(relationships::get(e.store.conn(), ties[0]).unwrap().notes, "met at SaaStr");
}
