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
    let conflicts = intrograph_team::status(&b.store).unwrap().conflicts;
    assert!(
        conflicts.is_empty(),
        "changes pulled again after the resumption are no conflicts: {conflicts:?}"
    );
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

/// Names of the indexes and triggers of the workspace, and whether the first pull's record
/// of what it set aside is there.
fn schema_names(store: &intrograph_engine::store::Store) -> (Vec<String>, bool) {
    let conn = store.conn();
    let names = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    let aside: Option<serde_json::Value> = settings::get(conn, "sync_load_aside").unwrap();
    (names, aside.is_some())
}

fn found(store: &intrograph_engine::store::Store, text: &str) -> usize {
    people::search(store.conn(), text, intrograph_engine::store::Page::ALL).unwrap().len()
}

#[test]
fn a_first_pull_cut_off_with_its_indexes_aside_leaves_a_workspace_that_opens_whole() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let mut a = Desk::new();
    let mut ids = Vec::new();
    for i in 0..90 {
        ids.push(a.add_person(&format!("Walker {i:03}"), &format!("w{i}@example.com")));
    }
    for w in ids.windows(2) {
        a.tie(w[0], w[1], false);
    }
    a.join(&dana.url);
    let (complete, _) = schema_names(&a.store);
    for name in ["relationships_pair", "people_name_key", "people_search_person_added", "person_emails_email"]
    {
        assert!(complete.iter().any(|n| n == name), "{name} is part of a workspace");
    }

    // An empty desktop's first pull, cut off after its first part: the big tables'
    // indexes are aside, and said so.
    let mut b = Desk::new();
    PART_ROWS.set(40);
    CUT_AFTER_PARTS.set(1);
    let cut = intrograph_team::join(&mut b.store, &eli.url, &b.secrets);
    CUT_AFTER_PARTS.set(0);
    assert!(cut.is_err(), "the first pull was cut off: {cut:?}");
    let (names, aside) = schema_names(&b.store);
    assert!(aside, "the indexes set aside are recorded with the part");
    assert!(!names.iter().any(|n| n == "people_name_key"), "the load runs without the people's indexes");
    let here = people::count(b.store.conn()).unwrap();
    assert!(here > 1, "the first part stayed: {here} people");
    // An edit made meanwhile, on the connection that was pulling, is still recorded for
    // the team.
    let offline = b.add_person("Olga Offline", "olga@example.com");
    let waiting: i64 = b
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM sync_outbox WHERE tbl = 'people' AND row_id = ?1",
            [offline.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(waiting, 1, "the capture triggers stayed in place");

    // Opened again (the app started, `intrograph db check`), the workspace is whole: every
    // index and trigger back, the people pulled so far found by the name search.
    let path = b.dir.path().join("ws.db");
    b.store = intrograph_engine::store::Store::open(&path).unwrap();
    let (names, aside) = schema_names(&b.store);
    assert!(!aside, "nothing is aside any more");
    assert_eq!(names, complete, "every index and trigger is back");
    let walkers: i64 = b
        .store
        .conn()
        .query_row("SELECT count(*) FROM people WHERE full_name LIKE 'Walker %'", [], |r| r.get(0))
        .unwrap();
    assert!(walkers > 0);
    assert_eq!(found(&b.store, "Walker"), walkers as usize, "everyone pulled so far is searchable");
    let ok: String = b.store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");

    // The next sync goes on (setting them aside again for the rest) and ends whole.
    b.sync();
    PART_ROWS.set(0);
    let (names, aside) = schema_names(&b.store);
    assert!(!aside);
    assert_eq!(names, complete);
    assert_eq!(found(&b.store, "Walker"), 90);
    a.sync(); // A takes B's rep, and the person added while the pull stood cut off
    assert!(people::exists(a.store.conn(), offline).unwrap());
    assert!(a.shared_content() == b.shared_content(), "both desktops hold the same content");
    let ok: String = b.store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_tie_two_reps_recorded_for_the_same_pair_is_pulled_once_into_an_empty_desktop() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let fay = add_rep(&cluster, "Fay Lin", "fay@example.com", false);
    let mut a = Desk::new();
    let p = a.add_person("Pat Quinn", "pat@example.com");
    let q = a.add_person("Quincy Rowe", "quincy@example.com");
    a.join(&dana.url);
    let mut c = Desk::new();
    c.join(&eli.url);
    // Both record the same tie offline, each under its own id; the team keeps both rows.
    let first = a.tie(p, q, false);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let second = c.tie(p, q, false);
    a.sync();
    c.sync();

    let mut b = Desk::new();
    let r = b.join(&fay.url);
    let ties: Vec<uuid::Uuid> = b
        .store
        .conn()
        .prepare("SELECT id FROM relationships")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ties, vec![first.0], "the first of the two stays, as on the desktop that pulled both");
    assert!(r.conflicts >= 1, "the other is listed among the conflicts");
    let st = intrograph_team::status(&b.store).unwrap();
    assert!(
        st.conflicts.iter().any(|c| c.row_id == second.0 && c.field == "(row)"),
        "the tie left out is named: {:?}",
        st.conflicts
    );
    let (names, aside) = schema_names(&b.store);
    assert!(!aside);
    assert!(names.iter().any(|n| n == "relationships_pair"), "the pair index is back");
}

#[test]
fn a_tie_to_a_person_deleted_elsewhere_is_left_out_of_a_first_pull_in_parts_and_said_so() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let fay = add_rep(&cluster, "Fay Lin", "fay@example.com", false);
    let mut a = Desk::new();
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(a.add_person(&format!("Member {i:03}"), &format!("m{i}@example.com")));
    }
    for w in ids.windows(2) {
        a.tie(w[0], w[1], false);
    }
    a.join(&dana.url);
    let mut c = Desk::new();
    c.join(&eli.url);
    // Offline at once: Dana removes a person, Eli records a tie to them.
    let gone = ids[7];
    a.store.write(|tx| people::remove(tx, gone)).unwrap();
    let late_tie = c.tie(gone, ids[30], false);
    a.sync();
    c.sync();

    // An empty desktop pulls it all in parts of 15 rows: the tie to nobody is left out
    // with a conflict naming it; every part holds its references.
    let mut b = Desk::new();
    PART_ROWS.set(15);
    let r = b.join(&fay.url);
    PART_ROWS.set(0);
    assert!(r.conflicts >= 1);
    let st = intrograph_team::status(&b.store).unwrap();
    assert!(
        st.conflicts.iter().any(|c| c.row_id == late_tie.0 && c.field == "(row)"),
        "the tie left out is named: {:?}",
        st.conflicts
    );
    let fk: i64 =
        b.store.conn().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0);
    assert!(!people::exists(b.store.conn(), gone).unwrap());
    let ties: i64 = b.store.conn().query_row("SELECT count(*) FROM relationships", [], |r| r.get(0)).unwrap();
    let on_a: i64 = a.store.conn().query_row("SELECT count(*) FROM relationships", [], |r| r.get(0)).unwrap();
    assert_eq!(ties, on_a, "every other tie arrived");
    assert!(ties > 30);
}

#[test]
fn text_with_tabs_newlines_backslashes_and_copy_markers_arrives_unchanged_in_a_first_pull() {
    // The first pull reads the server's rows in COPY's text format, where tabs separate
    // columns, and backslashes, tabs and newlines inside values are escaped.
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let mut a = Desk::new();
    let notes = "line one\nline\ttwo\r\nback\\slash \\N \\t \"quoted\" 'single' émigré 東京 🤝\u{1}";
    let title = "Head\tof \\ Sales";
    let id = a.add_person("Zoë \"Zee\" O'Brien\\Smith", "zoe@example.com");
    a.edit_person(id, Some(title), Some(notes));
    a.join(&dana.url);
    let mut b = Desk::new();
    b.join(&eli.url);
    let (at_a, at_b) = (people::get(a.store.conn(), id).unwrap(), people::get(b.store.conn(), id).unwrap());
    assert!(
        ["\t", "\n", "\r", "\\N", "\\t", "東京"].iter().all(|m| at_a.notes.contains(m)),
        "{:?}",
        at_a.notes
    );
    assert_eq!(at_b.notes, at_a.notes);
    assert_eq!(at_b.full_name, at_a.full_name);
    assert!(at_b.full_name.contains("\\Smith"), "{}", at_b.full_name);
    assert_eq!(at_b.title, at_a.title);
    a.sync(); // A gets B's rep
    assert_eq!(a.shared_content(), b.shared_content(), "both desktops hold the same content");
}
