//! A shared tie turned private leaves the team; shared again, it comes back.

use intrograph_engine::model::Visibility;
use intrograph_engine::store::relationships::{self, RelationshipPatch};

use crate::support::*;

#[test]
fn a_tie_turned_private_then_shared_again_comes_back_to_the_team() {
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
    assert!(relationships::get(b.store.conn(), tie).is_ok());
    let set = |a: &mut Desk, patch: RelationshipPatch| {
        let id = relationships::between(a.store.conn(), p, q).unwrap().unwrap().id;
        a.store.write(|tx| relationships::edit(tx, id, &patch)).unwrap();
    };
    set(&mut a, RelationshipPatch { visibility: Some(Visibility::Private), ..Default::default() });
    a.sync();
    b.sync();
    assert!(relationships::between(b.store.conn(), p, q).unwrap().is_none(), "private: gone from the team");
    // Edited while private, then shared again.
    set(
        &mut a,
        RelationshipPatch {
            notes: Some("met at the Lisbon summit".into()),
            strength: Some(intrograph_engine::model::Strength::new(5).unwrap()),
            ..Default::default()
        },
    );
    set(&mut a, RelationshipPatch { visibility: Some(Visibility::Team), ..Default::default() });
    a.sync();
    b.sync();
    let back =
        relationships::between(b.store.conn(), p, q).unwrap().expect("the colleague has the tie again");
    let mine = relationships::between(a.store.conn(), p, q).unwrap().unwrap();
    assert_eq!(back.id, mine.id);
    assert_ne!(back.id, tie, "a new id: the old one's deletion stays final");
    assert_eq!(back.notes, "met at the Lisbon summit");
    assert_eq!(back.strength.get(), 5);
    assert_eq!(back.kind, mine.kind);
    assert_eq!(a.shared_content(), b.shared_content(), "both desktops hold the same tie");
}
