//! Offline conflicts: desktops edit the same things while offline, then sync in either
//! order; all end with the same content (their JSON backups compared).

use intrograph_engine::model::Stage;
use intrograph_engine::store::{merge, people, requests};

use crate::support::*;

/// Rep Ada on two desktops (a1, a2), rep Ben on one (b).
fn scenario(ada_first: bool) {
    let cluster = team_cluster();
    let ada = add_rep(&cluster, "Ada Lind", "ada@example.com", false);
    let ben = add_rep(&cluster, "Ben Cole", "ben@example.com", false);
    let mut a1 = Desk::new();
    a1.join(&ada.url);
    let priya = a1.add_person("Priya Natarajan", "priya@example.com");
    let omar = a1.add_person("Omar Haddad", "omar@example.com");
    let omar2 = a1.add_person("Omar H.", "omar.h@example.com");
    let tom = a1.add_person("Tom Weber", "tom@example.com");
    let req = a1.request(priya, omar);
    a1.move_request(req, Stage::Asked);
    a1.sync();
    let mut a2 = Desk::new();
    a2.join(&ada.url);
    let mut b = Desk::new();
    b.join(&ben.url);
    assert_eq!(a2.me(), a1.me(), "Ada's second desktop is Ada");
    assert!(requests::get(&a2.store, req).is_ok(), "Ada's second desktop has her request");

    // Offline, in this order of time:
    // a field: Ada sets Priya's title, then Ben sets it (Ben's is the later write);
    a1.edit_person(priya, Some("VP Sales"), None);
    std::thread::sleep(std::time::Duration::from_millis(20));
    b.edit_person(priya, Some("Chief Revenue Officer"), None);
    // a stage: on one desktop the request goes on to introduced, on the other it is declined;
    a1.move_request(req, Stage::Accepted);
    a1.move_request(req, Stage::Introduced);
    a2.move_request(req, Stage::Declined);
    // a merge: Ben merges "Omar H." into Omar, while Ada edits "Omar H.";
    b.store.write(|tx| merge::merge_people(tx, omar, omar2)).unwrap();
    a1.edit_person(omar2, None, Some("met at the summit"));
    // a delete: Ada removes Tom while Ben edits him.
    b.edit_person(tom, None, Some("call in January"));
    a1.store.write(|tx| people::remove(tx, tom)).unwrap();

    // Back online, in one order or the other, until nobody has anything left to send.
    let order: Vec<usize> = if ada_first { vec![0, 1, 2] } else { vec![2, 1, 0] };
    let mut desks = [a1, a2, b];
    let mut quiet = false;
    for _round in 0..8 {
        let mut moved = 0;
        for &i in &order {
            let r = desks[i].sync();
            moved += r.pushed + r.pulled;
        }
        if moved == 0 {
            quiet = true;
            break;
        }
    }
    assert!(quiet, "the desktops kept sending each other changes");
    let [a1, a2, b] = desks;
    for d in [&a1, &a2, &b] {
        assert_eq!(intrograph_team::status(&d.store).unwrap().waiting, 0);
        assert_eq!(
            people::get(d.store.conn(), priya).unwrap().title,
            "Chief Revenue Officer",
            "the later write wins"
        );
        let r = requests::get(&d.store, req).unwrap();
        assert_eq!(r.stage, Stage::Introduced, "a stage never moves back through a merge");
        let history: Vec<Stage> = requests::history(&d.store, req).unwrap().iter().map(|h| h.to).collect();
        for s in [Stage::Asked, Stage::Accepted, Stage::Introduced, Stage::Declined] {
            assert!(history.contains(&s), "the history is the union of both desktops': {history:?}");
        }
        assert!(people::get(d.store.conn(), omar2).is_err(), "the absorbed person is gone everywhere");
        assert!(people::get(d.store.conn(), omar).is_ok());
        assert!(people::get(d.store.conn(), tom).is_err(), "a deletion travels as a tombstone");
    }
    // The overwritten title is kept in a conflicts list.
    let kept: Vec<_> = [&a1, &b]
        .iter()
        .flat_map(|d| intrograph_team::status(&d.store).unwrap().conflicts)
        .filter(|c| c.field == "title")
        .collect();
    assert!(
        kept.iter().any(
            |c| c.overwritten == serde_json::json!("VP Sales") || c.kept == serde_json::json!("VP Sales")
        ),
        "the overwritten title is listed: {kept:?}"
    );
    let (ca1, ca2, cb) = (a1.shared_content(), a2.shared_content(), b.shared_content());
    assert_eq!(ca1, ca2, "Ada's two desktops differ");
    assert_eq!(ca1, cb, "Ada's and Ben's desktops differ");
}

#[test]
fn offline_conflicts_converge_when_ada_syncs_first() {
    scenario(true);
}

#[test]
fn offline_conflicts_converge_when_ben_syncs_first() {
    scenario(false);
}

/// A colleague's new tie to a person removed here while offline: the pull that brings it
/// writes it, finds (among the rows it wrote) that it points at nobody, leaves it out and
/// lists it; the workspace passes its reference check.
#[test]
fn a_pulled_tie_to_a_person_removed_here_is_left_out_and_listed() {
    let cluster = team_cluster();
    let ada = add_rep(&cluster, "Ada Lind", "ada@example.com", false);
    let ben = add_rep(&cluster, "Ben Cole", "ben@example.com", false);
    let mut a = Desk::new();
    a.join(&ada.url);
    let priya = a.add_person("Priya Natarajan", "priya@example.com");
    let omar = a.add_person("Omar Haddad", "omar@example.com");
    a.sync();
    let mut b = Desk::new();
    b.join(&ben.url);
    assert!(people::get(b.store.conn(), priya).is_ok());

    // Offline: Ben removes Priya; Ada records that Omar knows her, and syncs.
    b.store.write(|tx| people::remove(tx, priya)).unwrap();
    let tie = a.tie(omar, priya, false);
    a.sync();
    let r = b.sync();
    assert!(r.pulled >= 1, "Ben pulled Ada's tie: {r:?}");

    let listed = intrograph_team::status(&b.store).unwrap().conflicts;
    assert!(
        listed.iter().any(|c| c.field == "(row)" && c.kept == serde_json::json!("removed")),
        "the tie left out is listed: {listed:?}"
    );
    let ties: i64 = b.store.conn().query_row("SELECT count(*) FROM relationships", [], |r| r.get(0)).unwrap();
    assert_eq!(ties, 0, "the tie to the removed person is not kept");
    let broken: i64 =
        b.store.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0, "no row points at nobody");
    let _ = tie;
}

/// A colleague's edit of a field this desktop wrote last, made after pulling that write, is
/// the field's next version, not a conflict. An edit made without having seen it is listed
/// on both desktops.
#[test]
fn an_edit_made_after_seeing_ours_is_no_conflict_and_one_made_without_it_is_listed() {
    let cluster = team_cluster();
    let (mut a, mut b, priya) = ada_and_ben(&cluster);
    let title = |d: &Desk| people::get(d.store.conn(), priya).unwrap().title;
    assert_eq!(title(&b), "VP Sales");

    // Ben has Ada's title and changes it; Ada pulls his.
    b.edit_person(priya, Some("Chief Revenue Officer"), None);
    b.sync();
    a.sync();
    assert_eq!(title(&a), "Chief Revenue Officer");
    assert!(
        conflicts_of(&a, "title").is_empty(),
        "Ben had seen Ada's title: {:?}",
        conflicts_of(&a, "title")
    );
    assert!(conflicts_of(&b, "title").is_empty(), "{:?}", conflicts_of(&b, "title"));

    // Ada changes it again and syncs; Ben, not having pulled that, changes it later.
    a.edit_person(priya, Some("CRO, EMEA"), None);
    a.sync();
    std::thread::sleep(std::time::Duration::from_millis(20));
    b.edit_person(priya, Some("President"), None);
    b.sync();
    a.sync();
    assert_eq!((title(&a), title(&b)), ("President".to_string(), "President".to_string()));
    for (d, who) in [(&a, "Ada"), (&b, "Ben")] {
        let listed = conflicts_of(d, "title");
        assert_eq!(listed.len(), 1, "{who}'s desktop lists the overwritten title once: {listed:?}");
        assert_eq!(
            (listed[0].kept.clone(), listed[0].overwritten.clone()),
            (serde_json::json!("President"), serde_json::json!("CRO, EMEA")),
            "{who}"
        );
    }
    assert_eq!(a.shared_content(), b.shared_content());
}
