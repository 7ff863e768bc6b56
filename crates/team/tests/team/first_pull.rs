//! An empty desktop's first pull: committed in parts, each with its resume mark; a pull
//! cut off after some parts goes on where it stopped, with nothing lost or doubled.

use intrograph_engine::store::{people, settings};
use intrograph_team::sync::first_pull_hooks::{CUT_AFTER_PARTS, PART_ROWS};

use crate::support::*;

#[test]
fn a_first_pull_cut_off_after_some_parts_goes_on_with_nothing_lost_or_doubled() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let mut a = Desk::new();
    let mut ids = Vec::new();
    for i in 0..120 {
        ids.push(a.add_person(&format!("Person {i:03}"), &format!("p{i}@example.com")));
    }
    for w in ids.windows(2).step_by(3) {
        a.tie(w[0], w[1], false);
    }
    a.join(&dana.url);

    // Parts of 25 rows; the pull is cut off once 2 parts are committed.
    let mut b = Desk::new();
    PART_ROWS.set(25);
    CUT_AFTER_PARTS.set(2);
    let cut = intrograph_team::join(&mut b.store, &eli.url, &b.secrets);
    CUT_AFTER_PARTS.set(0);
    assert!(cut.is_err(), "the first pull was cut off: {cut:?}");
    let here = people::count(b.store.conn()).unwrap();
    assert!((50..122).contains(&here), "the 2 committed parts stayed: {here} people");
    let st = intrograph_team::status(&b.store).unwrap();
    assert!(st.joined);
    let mark: Option<serde_json::Value> = settings::get(b.store.conn(), "team_first_pull").unwrap();
    assert!(mark.is_some(), "the resume mark was committed with the parts");
    let fk: i64 =
        b.store.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "every committed part holds its references");

    // Meanwhile on A: a person B already has is edited, another removed, one added.
    let first = ids[0];
    assert!(people::exists(b.store.conn(), first).unwrap(), "B has the first person already");
    a.edit_person(first, Some("Head of Partnerships"), None);
    a.store.write(|tx| people::remove(tx, ids[3])).unwrap();
    let late = a.add_person("Late Arrival", "late@example.com");
    a.sync();

    // The next sync goes on from the mark.
    let r = b.sync();
    assert!(r.pulled > 0);
    let mark: Option<serde_json::Value> = settings::get(b.store.conn(), "team_first_pull").unwrap();
    assert!(mark.is_none(), "the resume mark goes once the first pull is done");
    assert_eq!(people::get(b.store.conn(), first).unwrap().title, "Head of Partnerships");
    assert!(!people::exists(b.store.conn(), ids[3]).unwrap(), "the person removed on A is gone");
    assert!(people::exists(b.store.conn(), late).unwrap());
    assert_eq!(people::count(b.store.conn()).unwrap(), people::count(a.store.conn()).unwrap());
    assert_eq!(a.shared_content(), b.shared_content(), "both desktops hold the same content");
    PART_ROWS.set(0);
}

#[test]
fn a_reps_second_desktop_whose_join_was_cut_off_gets_its_rep_chosen_by_the_next_sync() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let mut a = Desk::new();
    for i in 0..60 {
        a.add_person(&format!("Person {i:03}"), &format!("p{i}@example.com"));
    }
    a.join(&dana.url);
    Desk::new().join(&eli.url);
    a.sync();

    // Dana's second, empty desktop: its join is cut off before the reps' rows arrive.
    let mut b = Desk::new();
    PART_ROWS.set(20);
    CUT_AFTER_PARTS.set(1);
    let cut = intrograph_team::join(&mut b.store, &dana.url, &b.secrets);
    CUT_AFTER_PARTS.set(0);
    PART_ROWS.set(0);
    assert!(cut.is_err(), "the first pull was cut off: {cut:?}");
    let chosen: Option<serde_json::Value> = settings::get(b.store.conn(), settings::CURRENT_REP).unwrap();
    assert!(chosen.is_none(), "no rep could be chosen yet");

    b.sync();
    let current = intrograph_engine::store::reps::current_rep(b.store.conn()).unwrap();
    let team_rep = intrograph_engine::store::sync::state(b.store.conn()).unwrap().rep_id;
    assert_eq!(Some(current.id.0), team_rep, "the team login's rep is this desktop's current rep");
    assert_eq!(a.shared_content(), b.shared_content(), "both desktops hold the same content");
}
