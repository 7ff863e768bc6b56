//! One file, many programs: an open workspace notices what another program (the command
//! line, a second window, a sync, a restore) commits to its file and brings itself up to
//! date: its cached graph equals a fresh load after every kind of change the graph keeps;
//! a file restored or replaced underneath is reopened, a deleted one closed.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use intrograph_app_core::views::OutsideChange;
use intrograph_app_core::Workspace;
use intrograph_engine::graph::Network;
use intrograph_engine::model::{OrganisationId, PersonId, RelationshipKind, Strength};
use intrograph_engine::paths::{self, PathOptions};
use intrograph_engine::store::organisations::{self, EmploymentInput, OrganisationInput, OrganisationPatch};
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::relationships::{self, RelationshipInput, RelationshipPatch};
use intrograph_engine::store::{backup, merge, Store};
use intrograph_engine::suggest;

/// Another program's connection to the file.
struct Other {
    store: Store,
    people: Vec<PersonId>,
    organisations: Vec<OrganisationId>,
}

impl Other {
    fn open(path: &Path) -> Self {
        Self { store: Store::open_unchecked(path).unwrap(), people: Vec::new(), organisations: Vec::new() }
    }

    fn person(&mut self, name: &str) -> PersonId {
        let id = self
            .store
            .write(|tx| people::add(tx, &PersonInput { full_name: name.into(), ..Default::default() }))
            .unwrap()
            .id;
        self.people.push(id);
        id
    }

    fn tie(&mut self, a: PersonId, b: PersonId, strength: u8, verified: bool) {
        let mut input =
            RelationshipInput::new(a, b, RelationshipKind::Colleague, Strength::new(strength).unwrap());
        if verified {
            input.verified_at = Some(Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap());
            input.last_contact = Some(chrono::Local::now().date_naive());
        }
        self.store.write(|tx| relationships::add(tx, &input)).unwrap();
    }

    fn organisation(&mut self, name: &str) -> OrganisationId {
        let id = self.store.write(|tx| organisations::add(tx, &OrganisationInput::named(name))).unwrap().id;
        self.organisations.push(id);
        id
    }
}

/// The workspace on `path`, once its store is open (it opens on a thread of its own; a
/// look while it opens finds nothing to look at).
fn opened(path: &Path) -> Workspace {
    let workspace = Workspace::open(path);
    drop(workspace.store().expect("the workspace opens"));
    workspace
}

/// A file with me, Bob and Dana: the only path to Dana goes through Bob, weakly.
fn seeded(dir: &Path) -> (PathBuf, Other, [PersonId; 3]) {
    let path = dir.join("team.db");
    let mut other = Other::open(&path);
    let me = other.person("Me Myself");
    let bob = other.person("Bob Weak");
    let dana = other.person("Dana Target");
    other.tie(me, bob, 1, false);
    other.tie(bob, dana, 1, false);
    (path, other, [me, bob, dana])
}

/// Everything the two graphs answer, whatever their node and edge numbering.
fn assert_same(
    cached: &Network,
    fresh: &Network,
    people: &[PersonId],
    organisations: &[OrganisationId],
    step: &str,
) {
    let ties = |n: &Network| {
        let mut t: Vec<_> = n
            .ties()
            .map(|t| {
                let (a, b) = if t.a.id.0.as_bytes() < t.b.id.0.as_bytes() {
                    (t.a.id, t.b.id)
                } else {
                    (t.b.id, t.a.id)
                };
                (t.tie.id, a, b, serde_json::to_string(&t.tie).unwrap())
            })
            .collect();
        t.sort_by_key(|x| x.0);
        t
    };
    assert_eq!(ties(cached), ties(fresh), "{step}: the same ties");
    assert_eq!(cached.person_count(), fresh.person_count(), "{step}: the same people");
    for &p in people {
        assert_eq!(cached.contains_person(p), fresh.contains_person(p), "{step}: {p}");
        assert_eq!(cached.person_name(p), fresh.person_name(p), "{step}: name of {p}");
        assert_eq!(cached.employments(p), fresh.employments(p), "{step}: employments of {p}");
    }
    for &o in organisations {
        assert_eq!(cached.organisation_name(o), fresh.organisation_name(o), "{step}: {o}");
        assert_eq!(cached.current_employees(o), fresh.current_employees(o), "{step}: employees of {o}");
    }
    let present: Vec<PersonId> = people.iter().copied().filter(|&p| fresh.contains_person(p)).collect();
    let options = PathOptions { k: 5, max_hops: 4, ..PathOptions::default() };
    for &from in &present {
        for &to in &present {
            if from != to {
                assert_eq!(
                    paths::paths_to_person(cached, from, to, &options).unwrap(),
                    paths::paths_to_person(fresh, from, to, &options).unwrap(),
                    "{step}: paths {from} → {to}"
                );
            }
        }
    }
}

/// The workspace noticed `step` and its graph is what a fresh load gives.
fn assert_caught_up(workspace: &Workspace, other: &Other, step: &str) {
    assert_eq!(workspace.check_for_changes(), Some(OutsideChange::Updated), "{step}: noticed");
    assert_eq!(workspace.check_for_changes(), None, "{step}: once");
    let fresh = suggest::load_network(
        &Store::open_unchecked(other.store.path().unwrap()).unwrap(),
        workspace.today(),
    )
    .unwrap();
    workspace
        .cached_network(|cached| assert_same(cached, &fresh, &other.people, &other.organisations, step))
        .unwrap_or_else(|| panic!("{step}: the graph stays cached (caught up, not dropped)"));
}

#[test]
fn every_change_another_program_commits_reaches_the_cached_graph() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut other, [me, bob, dana]) = seeded(dir.path());
    let workspace = opened(&path);
    assert_eq!(workspace.with_network(|_, n| Ok(n.neighbours(dana))).unwrap(), vec![bob]);
    assert_eq!(workspace.check_for_changes(), None, "nothing changed since it opened");
    assert_eq!(workspace.check_for_changes(), None, "nothing changed");

    // The scenario: the command line adds Carol, strong and verified, to me and Dana.
    let carol = other.person("Carol Strong");
    other.tie(me, carol, 5, true);
    other.tie(carol, dana, 5, true);
    assert_caught_up(&workspace, &other, "Carol added");
    let best =
        workspace.with_network(|_, n| paths::paths_to_person(n, me, dana, &PathOptions::default())).unwrap();
    assert_eq!(best[0].people[1].id, carol, "the next search ranks Carol first: {best:?}");

    // Names.
    other
        .store
        .write(|tx| {
            people::edit(
                tx,
                bob,
                &PersonPatch { full_name: Some("Robert Weak".into()), ..Default::default() },
            )
        })
        .unwrap();
    assert_caught_up(&workspace, &other, "a person renamed");

    // Organisations and employments.
    let acme = other.organisation("Acme");
    assert_caught_up(&workspace, &other, "an organisation added");
    let job = other
        .store
        .write(|tx| {
            organisations::add_employment(
                tx,
                &EmploymentInput {
                    person_id: dana,
                    organisation_id: acme,
                    title: "CFO".into(),
                    start: None,
                    end: None,
                    current: true,
                },
            )
        })
        .unwrap();
    assert_caught_up(&workspace, &other, "an employment added");
    other
        .store
        .write(|tx| {
            organisations::edit(
                tx,
                acme,
                &OrganisationPatch { name: Some("Acme Ltd".into()), ..Default::default() },
            )
        })
        .unwrap();
    assert_caught_up(&workspace, &other, "an organisation renamed");
    other
        .store
        .write(|tx| organisations::end_employment(tx, job.id, Some(chrono::Local::now().date_naive())))
        .unwrap();
    assert_caught_up(&workspace, &other, "an employment ended");
    let globex = other.organisation("Globex");
    other
        .store
        .write(|tx| {
            organisations::add_employment(
                tx,
                &EmploymentInput {
                    person_id: carol,
                    organisation_id: globex,
                    title: "VP".into(),
                    start: None,
                    end: None,
                    current: true,
                },
            )
        })
        .unwrap();
    other.store.write(|tx| organisations::remove(tx, globex)).unwrap();
    assert_caught_up(&workspace, &other, "an organisation with employees removed");

    // Relationships: updated, moved by a merge, removed.
    let tie = relationships::require_between(other.store.conn(), me, bob).unwrap();
    other
        .store
        .write(|tx| {
            relationships::edit(
                tx,
                tie.id,
                &RelationshipPatch { strength: Some(Strength::new(4).unwrap()), ..Default::default() },
            )
        })
        .unwrap();
    assert_caught_up(&workspace, &other, "a relationship updated");
    let twin = other.person("Dana T.");
    other.tie(twin, bob, 3, false);
    other.tie(twin, carol, 2, false);
    assert_caught_up(&workspace, &other, "a duplicate and its ties added");
    other.store.write(|tx| merge::merge_people(tx, dana, twin)).unwrap();
    assert_caught_up(&workspace, &other, "two people merged");
    let tie = relationships::require_between(other.store.conn(), carol, dana).unwrap();
    other.store.write(|tx| relationships::remove(tx, tie.id)).unwrap();
    assert_caught_up(&workspace, &other, "a relationship removed");
    let eve = other.person("Eve Gone");
    other.tie(eve, me, 3, false);
    other.store.write(|tx| people::remove(tx, eve)).unwrap();
    assert_caught_up(&workspace, &other, "a person and their ties removed");

    // Several commits between two looks, in one transaction or many.
    let frank = other.person("Frank");
    other.tie(frank, dana, 5, true);
    other
        .store
        .write(|tx| {
            people::edit(
                tx,
                frank,
                &PersonPatch { full_name: Some("Frank Late".into()), ..Default::default() },
            )
        })
        .unwrap();
    assert_caught_up(&workspace, &other, "several commits at once");
}

#[test]
fn the_workspace_s_own_edits_are_not_noticed_as_another_program_s() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _other, [me, _bob, dana]) = seeded(dir.path());
    let workspace = opened(&path);
    workspace.with_network(|_, _| Ok(())).unwrap();
    assert_eq!(workspace.check_for_changes(), None);
    let tie = {
        let mut store = workspace.store().unwrap();
        store
            .write(|tx| {
                relationships::add(
                    tx,
                    &RelationshipInput::new(me, dana, RelationshipKind::Friend, Strength::new(5).unwrap()),
                )
            })
            .unwrap()
    };
    workspace.update_network(|n| n.upsert_relationship(&tie));
    assert_eq!(workspace.check_for_changes(), None, "our own write patched the graph already");
    assert!(workspace.cached_network(|n| n.tie_between(me, dana).is_some()).unwrap());
}

#[test]
fn a_graph_not_cached_yet_is_loaded_fresh_and_a_forgotten_list_drops_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut other, [me, _bob, dana]) = seeded(dir.path());
    let workspace = opened(&path);
    assert_eq!(workspace.check_for_changes(), None);
    other.tie(me, dana, 5, true);
    assert_eq!(workspace.check_for_changes(), Some(OutsideChange::Updated), "the window reloads");
    assert!(workspace.with_network(|_, n| Ok(n.tie_between(me, dana).is_some())).unwrap());

    // A writer that bypasses the triggers forgets the saved graph: the cache is dropped
    // and loaded again, never left behind.
    other.store.write(|tx| intrograph_engine::store::graph_snapshot::forget(tx)).unwrap();
    let carol = other.person("Carol");
    assert_eq!(workspace.check_for_changes(), Some(OutsideChange::Updated));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !workspace.network_is_cached() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(workspace.with_network(|_, n| Ok(n.contains_person(carol))).unwrap());
}

#[test]
fn a_restore_by_another_program_reopens_the_workspace_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut other, [me, _bob, dana]) = seeded(dir.path());
    let saved = backup::backup_to(&other.store, &backup::manual_path(&path)).unwrap();
    let workspace = opened(&path);
    workspace.with_network(|_, _| Ok(())).unwrap();
    assert_eq!(workspace.check_for_changes(), None);
    other.tie(me, dana, 5, true);
    assert_eq!(workspace.check_for_changes(), Some(OutsideChange::Updated));
    assert!(workspace.with_network(|_, n| Ok(n.tie_between(me, dana).is_some())).unwrap());

    // `intrograph db restore`: the backup's content goes into the live file.
    drop(other);
    backup::restore_from(&saved.path, &path).unwrap();
    match workspace.check_for_changes() {
        Some(OutsideChange::Replaced { message }) => assert!(message.contains("restored"), "{message}"),
        change => panic!("a restore is told as such: {change:?}"),
    }
    assert!(!workspace.network_is_cached(), "no half-old graph");
    assert!(
        workspace.with_network(|_, n| Ok(n.tie_between(me, dana).is_none())).unwrap(),
        "the restored content, not the old graph"
    );
    assert_eq!(workspace.check_for_changes(), None);

    // A restore made inside the app is not told back to it.
    backup::backup_to(&workspace.store().unwrap(), &backup::manual_path(&path)).unwrap();
    workspace.restore_latest_backup().unwrap();
    assert_eq!(workspace.check_for_changes(), None);
    assert_eq!(workspace.check_for_changes(), None);
}

#[test]
fn a_file_deleted_underneath_is_closed_and_one_renamed_into_its_place_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let (path, other, _) = seeded(dir.path());
    let copy = dir.path().join("copy.db");
    backup::backup_to(&other.store, &copy).unwrap();
    drop(other);
    let workspace = opened(&path);
    assert_eq!(workspace.check_for_changes(), None);

    std::fs::rename(&copy, &path).unwrap();
    match workspace.check_for_changes() {
        Some(OutsideChange::Replaced { message }) => assert!(message.contains("replaced"), "{message}"),
        change => panic!("{change:?}"),
    }
    assert!(workspace.store().is_ok(), "the new file is open");
    assert_eq!(workspace.check_for_changes(), None);

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    match workspace.check_for_changes() {
        Some(OutsideChange::Closed { message }) => assert!(message.contains("deleted"), "{message}"),
        change => panic!("{change:?}"),
    }
    let err = workspace.store().err().expect("closed");
    assert!(err.to_string().contains("deleted"), "{err}");
    assert_eq!(workspace.check_for_changes(), None, "told once");
}

#[test]
fn two_windows_on_one_file_both_stay_live_through_their_watchers() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _other, [me, _bob, dana]) = seeded(dir.path());
    drop(_other);
    let first = opened(&path);
    let second = opened(&path);
    first.with_network(|_, _| Ok(())).unwrap();
    let (told, heard) = mpsc::channel();
    let watcher = first.watch(Duration::from_millis(50), move |change| {
        let _ = told.send(change);
    });
    std::thread::sleep(Duration::from_millis(120)); // the first look records
    let tie = {
        let mut store = second.store().unwrap();
        store
            .write(|tx| {
                relationships::add(
                    tx,
                    &RelationshipInput::new(me, dana, RelationshipKind::Friend, Strength::new(5).unwrap()),
                )
            })
            .unwrap()
    };
    let started = Instant::now();
    assert_eq!(heard.recv_timeout(Duration::from_secs(2)).unwrap(), OutsideChange::Updated);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(first.cached_network(|n| n.tie_between(me, dana).map(|t| t.id)).flatten() == Some(tie.id));
    watcher.stop();
}

#[test]
fn the_graph_the_workspace_loads_and_saves_ahead_is_not_noticed_as_another_program_s() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _other, _) = seeded(dir.path());
    let _ = std::fs::remove_file(path.with_file_name("team.db-graph"));
    let workspace = opened(&path);
    assert_eq!(workspace.check_for_changes(), None);
    // Building the graph saves it beside the database, through a connection of its own.
    workspace.warm_network_in_background().join().unwrap();
    assert!(workspace.network_is_cached());
    assert_eq!(workspace.check_for_changes(), None, "the window is not told of the workspace's own save");
}
