//! The four failures a rep meets, each with a clear message and local work untouched:
//! a wrong password, an unreachable server, a revoked rep, a too-new server schema.

use intrograph_team::{Secrets, TeamError};

use crate::support::*;

/// A joined desktop with one unsent local change.
fn joined_with_local_work(
    cluster: &intrograph_team::testing::Cluster,
    email: &str,
) -> (Desk, serde_json::Value) {
    let rep = add_rep(cluster, "Ada Lind", email, false);
    let mut d = Desk::new();
    d.join(&rep.url);
    d.add_person("Unsent Person", "unsent@example.com");
    let before = d.content();
    (d, before)
}

fn sync_err(d: &mut Desk) -> TeamError {
    intrograph_team::sync(&mut d.store, &d.secrets).expect_err("sync should fail")
}

fn untouched(d: &Desk, before: &serde_json::Value) {
    assert_eq!(&d.content(), before, "local data changed");
    let st = intrograph_team::status(&d.store).unwrap();
    assert!(st.joined);
    assert!(st.waiting > 0, "the local change is still waiting to go up");
    assert!(st.last_error.is_some(), "status shows the failure");
}

#[test]
fn a_wrong_password_is_refused_clearly() {
    let cluster = team_cluster();
    let rep = add_rep(&cluster, "Ada Lind", "ada@example.com", false);
    let mut fresh = Desk::new();
    fresh.add_person("Local Only", "local@example.com");
    let before = fresh.content();
    let wrong = rep.url.replace(&rep.password, "not-the-password");
    let e = intrograph_team::join(&mut fresh.store, &wrong, &fresh.secrets).unwrap_err();
    assert!(matches!(e, TeamError::WrongPassword { .. }), "{e:?}");
    assert!(e.to_string().contains("refused the sign-in"), "{e}");
    assert_eq!(fresh.content(), before);
    assert!(!intrograph_team::status(&fresh.store).unwrap().joined);

    // A password changed behind a joined desktop's back.
    let (mut d, before) = joined_with_local_work(&cluster, "ben@example.com");
    let key = intrograph_engine::store::sync::state(d.store.conn()).unwrap().secret_key.unwrap();
    d.secrets.set(&key, "stale-password").unwrap();
    let e = sync_err(&mut d);
    assert!(matches!(e, TeamError::WrongPassword { .. }), "{e:?}");
    untouched(&d, &before);
}

#[test]
fn an_unreachable_server_leaves_local_work_waiting() {
    let cluster = team_cluster();
    let (mut d, before) = joined_with_local_work(&cluster, "ada@example.com");
    cluster.stop_server().unwrap();
    let e = sync_err(&mut d);
    assert!(matches!(e, TeamError::Unreachable { .. }), "{e:?}");
    assert!(e.to_string().contains("cannot be reached"), "{e}");
    untouched(&d, &before);
    cluster.start_server().unwrap();
    let r = d.sync();
    assert!(r.pushed > 0, "the waiting change went up once the server was back");
    assert_eq!(intrograph_team::status(&d.store).unwrap().waiting, 0);
}

#[test]
fn a_revoked_rep_is_told_so() {
    let cluster = team_cluster();
    let (mut d, before) = joined_with_local_work(&cluster, "ada@example.com");
    intrograph_team::remove_rep(&cluster.admin_url(), "ada@example.com").unwrap();
    let e = sync_err(&mut d);
    assert!(matches!(e, TeamError::Revoked { .. }), "{e:?}");
    assert!(e.to_string().contains("revoked"), "{e}");
    untouched(&d, &before);
}

#[test]
fn a_newer_server_schema_is_refused_naming_both_versions() {
    let cluster = team_cluster();
    let (mut d, before) = joined_with_local_work(&cluster, "ada@example.com");
    cluster.psql("team", "INSERT INTO team.schema_version (version) VALUES (99)").unwrap();
    let e = sync_err(&mut d);
    assert!(matches!(e, TeamError::SchemaTooNew { server: 99, .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("99") && text.contains(&intrograph_team::SERVER_SCHEMA_VERSION.to_string()),
        "{text}"
    );
    untouched(&d, &before);
    let e = intrograph_team::init(&cluster.admin_url()).unwrap_err();
    assert!(matches!(e, TeamError::SchemaTooNew { server: 99, .. }), "{e:?}");
    // Nothing was written to the team schema by the refused init.
    assert_eq!(cluster.psql("team", "SELECT max(version) FROM team.schema_version").unwrap(), "99");
}

#[test]
fn init_is_idempotent() {
    let cluster = team_cluster();
    let again = intrograph_team::init(&cluster.admin_url()).unwrap();
    assert_eq!(again.from_version, again.to_version);
    assert_eq!(
        cluster.psql("team", "SELECT count(*) FROM team.schema_version").unwrap(),
        intrograph_team::SERVER_SCHEMA_VERSION.to_string()
    );
}
