//! The team sync inside the app, against a real throwaway PostgreSQL server: joining from
//! Settings, a colleague's person arriving in the open workspace (its watcher sees the
//! sync's commits as another program's and says so), the background loop pushing an edit
//! without being asked, and the status bar's states.

use std::sync::mpsc;
use std::time::Duration;

use intrograph_app_core::team::{SyncState, TeamSync};
use intrograph_app_core::views::OutsideChange;
use intrograph_app_core::Workspace;
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::Store;
use intrograph_team::testing::Cluster;
use intrograph_team::MemorySecrets;

/// Long enough for any sync on a loaded machine; a liveness bound, never a measurement.
const PATIENCE: Duration = Duration::from_secs(60);

fn add_person(store: &mut Store, name: &str, email: &str) {
    store
        .write(|tx| {
            people::add(
                tx,
                &PersonInput { full_name: name.into(), emails: vec![email.into()], ..Default::default() },
            )
        })
        .unwrap();
}

fn named(store: &Store, name: &str) -> bool {
    !people::find_by_name(store.conn(), name).unwrap().is_empty()
}

#[test]
fn a_colleagues_person_reaches_the_open_window_and_an_edit_goes_up_on_its_own() {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    intrograph_team::init(&cluster.admin_url()).unwrap();
    let ada =
        intrograph_team::add_rep(&cluster.admin_url(), "Ada Lovelace", "ada@example.com", true).unwrap();
    let dana =
        intrograph_team::add_rep(&cluster.admin_url(), "Dana Whitfield", "dana@example.com", false).unwrap();

    // The app's workspace, and its sync on a connection of its own.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ada.db");
    let workspace = Workspace::open(&path);
    let sync = TeamSync::new(&path, Box::new(MemorySecrets::default()));
    assert_eq!(sync.status().unwrap().state, SyncState::NotJoined);
    let joined = sync.join(&ada.url).unwrap();
    assert!(joined.joined && joined.leader);
    assert_eq!(joined.state, SyncState::Synced);
    assert!(joined.bar.starts_with("Synced "), "{}", joined.bar);
    assert!(!joined.server.as_deref().unwrap_or_default().contains(&ada.password), "no password shown");
    while workspace.check_for_changes().is_some() {}

    // Dana, on a second desktop (a command-line workspace), adds a person and syncs.
    let dana_dir = tempfile::tempdir().unwrap();
    let mut desk = Store::open(dana_dir.path().join("dana.db")).unwrap();
    let dana_secrets = MemorySecrets::default();
    intrograph_team::join(&mut desk, &dana.url, &dana_secrets).unwrap();
    add_person(&mut desk, "Priya Shah", "priya@example.com");
    intrograph_team::sync(&mut desk, &dana_secrets).unwrap();

    // Ada syncs: the open workspace's watcher sees the pulled rows as another program's.
    let after = sync.sync_now().unwrap();
    assert!(after.pulled > joined.pulled, "{after:?}");
    assert_eq!(workspace.check_for_changes(), Some(OutsideChange::Updated));
    assert!(named(&workspace.store().unwrap(), "Priya Shah"));
    let dana_as_of = after.reps_as_of.iter().find(|r| r.name == "Dana Whitfield").expect("Dana listed");
    assert!(dana_as_of.as_of.is_some() && !dana_as_of.me);
    assert!(after.reps_as_of.iter().any(|r| r.me && r.name == "Ada Lovelace"));

    // The background loop: an edit in the window goes up once the file is quiet.
    let (tx, rx) = mpsc::channel();
    let sync_loop = sync.run(Duration::from_secs(3600), Duration::from_millis(300), move |view| {
        let _ = tx.send(view);
    });
    // The loop's first sync comes shortly after it starts; after it, only an edit can start one.
    let first = loop {
        let view = rx.recv_timeout(PATIENCE).expect("the loop syncs shortly after starting");
        if view.state != SyncState::Syncing {
            break view;
        }
    };
    assert_eq!(first.state, SyncState::Synced);
    add_person(&mut workspace.store().unwrap(), "Omar Haddad", "omar@example.com");
    let pushed = loop {
        let view = rx.recv_timeout(PATIENCE).expect("the loop syncs after the edit");
        if view.state == SyncState::Synced && view.waiting == 0 {
            break view;
        }
    };
    assert!(pushed.last_sync > after.last_sync);
    intrograph_team::sync(&mut desk, &dana_secrets).unwrap();
    assert!(named(&desk, "Omar Haddad"));
    sync_loop.stop();

    // The server away: the status bar says offline, the local edit waits.
    cluster.stop_server().unwrap();
    add_person(&mut workspace.store().unwrap(), "Grace Liu", "grace@example.com");
    let offline = sync.sync_now().unwrap();
    assert_eq!(offline.state, SyncState::Offline);
    assert_eq!(offline.bar, "Offline — will sync when the team server is back");
    assert!(offline.waiting > 0);
    assert!(named(&workspace.store().unwrap(), "Grace Liu"), "local work untouched");
    cluster.start_server().unwrap();
    let back = sync.sync_now().unwrap();
    assert_eq!((back.state, back.waiting), (SyncState::Synced, 0));

    // Leaving keeps the local data.
    let left = sync.leave().unwrap();
    assert!(!left.joined && left.reps_as_of.is_empty());
    assert!(named(&workspace.store().unwrap(), "Priya Shah"));
}

#[test]
fn a_refused_sign_in_says_so() {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    intrograph_team::init(&cluster.admin_url()).unwrap();
    let ada =
        intrograph_team::add_rep(&cluster.admin_url(), "Ada Lovelace", "ada@example.com", false).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ada.db");
    let sync = TeamSync::new(&path, Box::new(MemorySecrets::default()));
    sync.join(&ada.url).unwrap();
    intrograph_team::remove_rep(&cluster.admin_url(), "ada@example.com").unwrap();
    let refused = sync.sync_now().unwrap();
    assert_eq!((refused.state, refused.bar.as_str()), (SyncState::Refused, "Sign-in refused"));
    assert!(refused.error.is_some(), "the reason is kept for Settings");
}
