//! The password lives in the desktop's secret store (Secret Service; the test command runs
//! inside a private D-Bus session with an unlocked GNOME Keyring, scripts/with-keyring.sh),
//! never in the workspace file.

use intrograph_team::{DesktopSecrets, Secrets};

use crate::support::*;

#[test]
fn the_desktop_secret_store_keeps_the_password_and_the_workspace_does_not() {
    let store = DesktopSecrets;
    let key = format!("test-{}", uuid::Uuid::new_v4());
    store.set(&key, "hunter2").unwrap_or_else(|e| {
        panic!("{e}\nthe team tests need a Secret Service: run them through scripts/with-keyring.sh (scripts/test.sh does)")
    });
    assert_eq!(store.get(&key).unwrap().as_deref(), Some("hunter2"));
    store.delete(&key).unwrap();
    assert_eq!(store.get(&key).unwrap(), None);

    let cluster = team_cluster();
    let rep = add_rep(&cluster, "Ada Lind", "ada@example.com", false);
    let mut d = Desk::new();
    intrograph_team::join(&mut d.store, &rep.url, &DesktopSecrets)
        .expect("join with the desktop's secret store");
    d.add_person("Someone", "someone@example.com");
    intrograph_team::sync(&mut d.store, &DesktopSecrets)
        .expect("sync reads the password from the secret store");
    let st = intrograph_engine::store::sync::state(d.store.conn()).unwrap();
    assert_eq!(
        DesktopSecrets.get(st.secret_key.as_deref().unwrap()).unwrap().as_deref(),
        Some(rep.password.as_str())
    );
    // Not in the workspace file, its WAL, nor its settings.
    d.store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    for file in std::fs::read_dir(d.dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(rep.password.len()).any(|w| w == rep.password.as_bytes()),
            "the password is in a workspace file"
        );
    }
    intrograph_team::leave(&mut d.store, &DesktopSecrets).unwrap();
    assert_eq!(
        DesktopSecrets.get(st.secret_key.as_deref().unwrap()).unwrap(),
        None,
        "leaving forgets the password"
    );
}
