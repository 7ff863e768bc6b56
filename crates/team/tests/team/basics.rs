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
