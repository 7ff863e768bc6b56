//! Joining, syncing both ways, leaving.

use intrograph_engine::store::people;

use crate::support::*;

#[test]
fn a_person_added_on_one_desktop_reaches_the_other() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", false);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", true);
    let mut a = Desk::new();
    let mut b = Desk::new();
    a.add_person("Priya Natarajan", "priya@example.com");
    a.join(&dana.url);
    b.join(&eli.url);
    assert!(b.person_named("Priya Natarajan").is_some(), "B pulled A's person on joining");
    assert!(b.person_named("Dana Reyes").is_some(), "B pulled A's rep person");
    let id = b.add_person("Sam Okafor", "sam@example.com");
    b.sync();
    a.sync();
    let sam = people::get(a.store.conn(), id).expect("A has B's person after a sync");
    assert_eq!(sam.full_name, "Sam Okafor");
    assert_eq!(sam.emails, vec!["sam@example.com".to_string()]);
    let st = intrograph_team::status(&a.store).unwrap();
    assert!(st.joined);
    assert_eq!(st.waiting, 0);
    assert!(st.last_sync.is_some());
    assert_eq!(a.content(), b.content(), "both desktops hold the same content");
}

#[test]
fn joining_maps_the_local_rep_by_email_and_leaving_keeps_the_data() {
    use intrograph_engine::store::{people::PersonInput, reps};
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", false);
    let mut d = Desk::new();
    // Two local reps; Dana is not the current one, but her email matches the login's.
    let other = d
        .store
        .write(|tx| {
            reps::add_new(tx, &PersonInput { full_name: "Someone Else".into(), ..Default::default() })
        })
        .unwrap();
    let mine = d
        .store
        .write(|tx| {
            reps::add_new(
                tx,
                &PersonInput {
                    full_name: "Dana R.".into(),
                    emails: vec!["dana@example.com".into()],
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(reps::current_rep(d.store.conn()).unwrap().id, other.id);
    d.join(&dana.url);
    assert_eq!(d.me(), mine.id, "the local rep with the login's email is this desktop's rep on the team");
    assert_eq!(reps::current_rep(d.store.conn()).unwrap().id, mine.id);
    let before = d.content();
    intrograph_team::leave(&mut d.store, &d.secrets).unwrap();
    assert!(!intrograph_team::status(&d.store).unwrap().joined);
    assert_eq!(d.content(), before, "leaving keeps the local data");
    let e = intrograph_team::sync(&mut d.store, &d.secrets).unwrap_err();
    assert!(matches!(e, intrograph_team::TeamError::NotJoined), "{e:?}");
    // Edits after leaving are not recorded for a team.
    d.add_person("After Leaving", "after@example.com");
    assert_eq!(intrograph_engine::store::sync::waiting(d.store.conn()).unwrap(), 0);
}

#[test]
fn an_admin_who_is_not_a_superuser_can_set_up_and_run_a_team() {
    let cluster = intrograph_team::testing::Cluster::start().unwrap();
    cluster
        .psql(
            "postgres",
            "CREATE ROLE team_admin LOGIN CREATEROLE PASSWORD 'secret'; GRANT pg_signal_backend TO team_admin",
        )
        .unwrap();
    cluster.psql("postgres", "CREATE DATABASE team_owned OWNER team_admin").unwrap();
    let admin = cluster.url_for("team_admin", "secret", "team_owned");
    intrograph_team::init(&admin).unwrap();
    intrograph_team::init(&admin).unwrap();
    let rep = intrograph_team::add_rep(&admin, "Dana Reyes", "dana@example.com", true).unwrap();
    let mut a = Desk::new();
    a.add_person("Priya Natarajan", "priya@example.com");
    a.join(&rep.url);
    a.iq("yyyyyyyyyyyyyy");
    a.sync();
    let mut b = Desk::new();
    let rep2 = intrograph_team::add_rep(&admin, "Eli Moss", "eli@example.com", false).unwrap();
    b.join(&rep2.url);
    assert!(b.person_named("Priya Natarajan").is_some());
    intrograph_team::remove_rep(&admin, "eli@example.com").unwrap();
    let e = intrograph_team::sync(&mut b.store, &b.secrets).unwrap_err();
    assert!(matches!(e, intrograph_team::TeamError::Revoked { .. }), "{e:?}");
}

#[test]
fn a_shared_tie_turned_private_leaves_the_team() {
    let cluster = team_cluster();
    let ra = add_rep(&cluster, "Ada Lind", "ada@example.com", false);
    let rb = add_rep(&cluster, "Ben Cole", "ben@example.com", false);
    let mut a = Desk::new();
    a.join(&ra.url);
    let p = a.add_person("Priya Natarajan", "priya@example.com");
    let q = a.add_person("Omar Haddad", "omar@example.com");
    let tie = a.tie(p, q, false);
    a.sync();
    let mut b = Desk::new();
    b.join(&rb.url);
    assert!(intrograph_engine::store::relationships::get(b.store.conn(), tie).is_ok());
    a.store
        .write(|tx| {
            use intrograph_engine::store::relationships::{self, RelationshipPatch};
            let patch = RelationshipPatch {
                visibility: Some(intrograph_engine::model::Visibility::Private),
                ..Default::default()
            };
            relationships::edit(tx, tie, &patch)
        })
        .unwrap();
    a.sync();
    b.sync();
    assert!(
        intrograph_engine::store::relationships::get(b.store.conn(), tie).is_err(),
        "the colleague still has it"
    );
    let kept = intrograph_engine::store::relationships::between(a.store.conn(), p, q).unwrap();
    let kept = kept.expect("the owner lost it");
    assert_eq!(kept.visibility, intrograph_engine::model::Visibility::Private);
    assert_ne!(kept.id, tie, "kept here under an id the team never saw");
}
