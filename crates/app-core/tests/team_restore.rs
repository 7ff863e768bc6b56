//! A joined workspace whose file is restored from an older backup, or replaced by another
//! copy, while the app's sync has it open: the sync follows the file, nothing of the older
//! file goes up as a new edit, the team's later changes (this desktop's own included) come
//! back, and later edits still reach the team. Against a real throwaway PostgreSQL server.

use std::path::Path;

use intrograph_app_core::team::{SyncState, TeamSync};
use intrograph_app_core::{interchange, Workspace};
use intrograph_engine::model::PersonId;
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::{backup, Store};
use intrograph_team::testing::Cluster;
use intrograph_team::MemorySecrets;

struct Team {
    _cluster: Cluster,
    ada_url: String,
    dana_url: String,
}

fn team() -> Team {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    intrograph_team::init(&cluster.admin_url()).unwrap();
    let ada =
        intrograph_team::add_rep(&cluster.admin_url(), "Ada Lovelace", "ada@example.com", false).unwrap();
    let dana =
        intrograph_team::add_rep(&cluster.admin_url(), "Dana Whitfield", "dana@example.com", false).unwrap();
    Team { _cluster: cluster, ada_url: ada.url, dana_url: dana.url }
}

fn add_person(store: &mut Store, name: &str, title: &str) -> PersonId {
    store
        .write(|tx| {
            people::add(
                tx,
                &PersonInput { full_name: name.into(), title: title.into(), ..Default::default() },
            )
        })
        .unwrap()
        .id
}

fn edit(store: &mut Store, id: PersonId, title: Option<&str>, notes: Option<&str>) {
    let patch =
        PersonPatch { title: title.map(String::from), notes: notes.map(String::from), ..Default::default() };
    store.write(|tx| people::edit(tx, id, &patch)).unwrap();
}

fn person(path: &Path, id: PersonId) -> intrograph_engine::model::Person {
    people::get(Store::open(path).unwrap().conn(), id).unwrap()
}

/// Ada's desktop joined, with Priya edited after a backup was taken; Dana's desktop edits
/// Priya and adds Omar after. Returns (backup file, Priya, Omar, Dana's store, Dana's secrets).
fn older_backup_and_later_changes(
    t: &Team,
    path: &Path,
    sync: &TeamSync,
) -> (std::path::PathBuf, PersonId, PersonId, tempfile::TempDir, Store, MemorySecrets) {
    let mut cli = Store::open(path).unwrap();
    let priya = add_person(&mut cli, "Priya Shah", "VP Sales");
    assert_eq!(sync.sync_now().unwrap().state, SyncState::Synced);
    // Lena is added, the backup taken, and Lena removed before any sync: the team never has her.
    let lena = add_person(&mut cli, "Lena Park", "Buyer");
    let older = path.with_file_name("older.db");
    backup::backup_to(&cli, &older).unwrap();
    cli.write(|tx| people::remove(tx, lena)).unwrap();
    // After the backup: Ada's own edit goes up.
    edit(&mut cli, priya, Some("Chief Revenue Officer"), None);
    assert_eq!(sync.sync_now().unwrap().waiting, 0);
    // Dana, on her desktop: a note on Priya and a new person.
    let dana_dir = tempfile::tempdir().unwrap();
    let mut dana = Store::open(dana_dir.path().join("dana.db")).unwrap();
    let dana_secrets = MemorySecrets::default();
    intrograph_team::join(&mut dana, &t.dana_url, &dana_secrets).unwrap();
    edit(&mut dana, priya, None, Some("met at the Lisbon summit"));
    let omar = add_person(&mut dana, "Omar Haddad", "CTO");
    intrograph_team::sync(&mut dana, &dana_secrets).unwrap();
    (older, priya, omar, dana_dir, dana, dana_secrets)
}

/// After the older file came back: the sync follows it; Ada's file has the team's later
/// changes, the team kept them, and an edit made now reaches Dana.
fn the_team_wins_and_later_edits_go_up(
    path: &Path,
    sync: &TeamSync,
    priya: PersonId,
    omar: PersonId,
    dana: &mut Store,
    dana_secrets: &MemorySecrets,
) {
    assert_eq!(person(path, priya).title, "VP Sales", "the older file is in place");
    let view = sync.sync_now().unwrap();
    assert_eq!(view.state, SyncState::Synced, "{view:?}");
    assert_eq!(view.waiting, 0);
    let p = person(path, priya);
    assert_eq!(p.title, "Chief Revenue Officer", "this desktop's own later edit came back from the team");
    assert_eq!(p.notes, "met at the Lisbon summit", "the colleague's later edit arrived");
    assert_eq!(person(path, omar).full_name, "Omar Haddad");
    intrograph_team::sync(dana, dana_secrets).unwrap();
    let at_dana = people::get(dana.conn(), priya).unwrap();
    assert_eq!(at_dana.title, "Chief Revenue Officer", "the older file's title did not go up as an edit");
    assert_eq!(at_dana.notes, "met at the Lisbon summit");
    let lena = people::find_by_name(dana.conn(), "Lena Park").unwrap();
    assert_eq!(lena.len(), 1, "a person only the older file had went up as new");

    // An edit made now is a new change, and the team takes it.
    let mut cli = Store::open(path).unwrap();
    edit(&mut cli, priya, Some("Chief Executive"), None);
    let added = add_person(&mut cli, "Sam Okafor", "Buyer");
    assert_eq!(sync.sync_now().unwrap().waiting, 0);
    intrograph_team::sync(dana, dana_secrets).unwrap();
    assert_eq!(people::get(dana.conn(), priya).unwrap().title, "Chief Executive");
    assert_eq!(people::get(dana.conn(), added).unwrap().full_name, "Sam Okafor");
}

#[test]
fn a_backup_restored_in_the_app_while_joined_follows_the_team() {
    let t = team();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ada.db");
    let workspace = Workspace::open(&path);
    let sync = TeamSync::new(&path, Box::new(MemorySecrets::default()));
    sync.join(&t.ada_url).unwrap();
    let (older, priya, omar, _d, mut dana, dana_secrets) = older_backup_and_later_changes(&t, &path, &sync);
    interchange::restore(&workspace, older.to_str().unwrap()).unwrap();
    the_team_wins_and_later_edits_go_up(&path, &sync, priya, omar, &mut dana, &dana_secrets);
}

#[test]
fn a_file_put_in_the_workspaces_place_while_joined_is_followed() {
    let t = team();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ada.db");
    let sync = TeamSync::new(&path, Box::new(MemorySecrets::default()));
    sync.join(&t.ada_url).unwrap();
    let (older, priya, omar, _d, mut dana, dana_secrets) = older_backup_and_later_changes(&t, &path, &sync);
    // Another program puts the older copy in the file's place (a new file, renamed over it).
    let copy = path.with_file_name("incoming.db");
    std::fs::copy(&older, &copy).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::rename(&copy, &path).unwrap();
    the_team_wins_and_later_edits_go_up(&path, &sync, priya, omar, &mut dana, &dana_secrets);
}
