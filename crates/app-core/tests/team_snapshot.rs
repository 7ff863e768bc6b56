//! A new rep's blank workspace, open in the app's window, joining from Settings once the
//! team has a snapshot: the content arrives through SQLite while the window keeps its file
//! open (the copy goes through the WAL, the window's connection never closes), the window
//! is told the whole content was replaced, and reads the team's people.

use intrograph_app_core::team::{SyncState, TeamSync};
use intrograph_app_core::views::OutsideChange;
use intrograph_app_core::Workspace;
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::Store;
use intrograph_team::testing::Cluster;
use intrograph_team::MemorySecrets;

#[test]
fn a_blank_workspace_open_in_the_window_joins_from_the_snapshot_and_the_window_reads_it() {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    let admin = cluster.admin_url();
    intrograph_team::init(&admin).unwrap();
    let dana = intrograph_team::add_rep(&admin, "Dana Whitfield", "dana@example.com", true).unwrap();
    let ada = intrograph_team::add_rep(&admin, "Ada Lovelace", "ada@example.com", false).unwrap();

    // Dana's desktop (command line) with the team's people, and the admin's snapshot.
    let d_dir = tempfile::tempdir().unwrap();
    let mut desk = Store::open(d_dir.path().join("dana.db")).unwrap();
    let d_secrets = MemorySecrets::default();
    desk.write(|tx| {
        for i in 0..200 {
            people::add(tx, &PersonInput { full_name: format!("Contact {i:03}"), ..Default::default() })?;
        }
        Ok(())
    })
    .unwrap();
    intrograph_team::join(&mut desk, &dana.url, &d_secrets).unwrap();
    let work = tempfile::tempdir().unwrap();
    intrograph_team::snapshot::make(&admin, work.path()).unwrap();

    // Ada's app: the window has the blank workspace open while she joins.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ada.db");
    let workspace = Workspace::open(&path);
    assert_eq!(people::count(workspace.store().unwrap().conn()).unwrap(), 0);
    while workspace.check_for_changes().is_some() {}
    let sync = TeamSync::new(&path, Box::new(MemorySecrets::default()));
    let joined = sync.join(&ada.url).unwrap();
    assert_eq!(joined.state, SyncState::Synced);
    assert!(intrograph_team::snapshot::last_start_timing().is_some(), "the join started from the snapshot");
    assert!(
        matches!(workspace.check_for_changes(), Some(OutsideChange::Replaced { .. })),
        "the window is told the whole content was replaced"
    );
    let store = workspace.store().unwrap();
    assert_eq!(people::count(store.conn()).unwrap(), 200 + 2, "the team's 200, Dana and Ada");
    let mode: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(store);

    // Ada's own edit in the window goes up, and reaches Dana.
    workspace
        .store()
        .unwrap()
        .write(|tx| people::add(tx, &PersonInput { full_name: "Priya Shah".into(), ..Default::default() }))
        .unwrap();
    let after = sync.sync_now().unwrap();
    assert_eq!((after.state, after.waiting), (SyncState::Synced, 0));
    intrograph_team::sync(&mut desk, &d_secrets).unwrap();
    assert!(!people::find_by_name(desk.conn(), "Priya Shah").unwrap().is_empty());
    assert!(!people::find_by_name(desk.conn(), "Ada Lovelace").unwrap().is_empty(), "Ada's rep's person too");
}
