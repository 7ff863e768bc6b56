//! Paths through colleagues' ties in a team workspace: a teammate is one implicit
//! strong, verified tie from the rep; a path over a colleague's tie names them ("ask your
//! colleague Dana Whitfield, who knows Priya Shah well (verified)"); the hop limit counts
//! that hop; without colleagues' ties (no team) nothing changes.

use crate::pipeline_common::{person, rep};

use chrono::NaiveDate;
use intrograph_engine::model::{PersonId, RelationshipKind, RepId, Strength, Target};
use intrograph_engine::paths::{teammate_weight, PathOptions};
use intrograph_engine::store::relationships::{self, RelationshipInput};
use intrograph_engine::store::Store;
use intrograph_engine::suggest::{self, Suggestions};
use intrograph_engine::weight::WeightParams;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

struct Team {
    store: Store,
    me: PersonId,
    dana_rep: RepId,
    dana: PersonId,
    priya: PersonId,
}

fn tie(store: &mut Store, a: PersonId, b: PersonId, strength: u8, verified: bool, owner: Option<RepId>) {
    let mut input =
        RelationshipInput::new(a, b, RelationshipKind::FormerColleague, Strength::new(strength).unwrap());
    input.verified_at = verified.then(|| "2026-05-01T00:00:00Z".parse().unwrap());
    input.last_contact = Some(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    store
        .write(|tx| {
            let r = relationships::add(tx, &input)?;
            if let Some(o) = owner {
                tx.execute(
                    "UPDATE relationships SET owner_rep_id = ?1 WHERE id = ?2",
                    rusqlite::params![o.0, r.id.0],
                )?;
            }
            Ok(())
        })
        .unwrap();
}

/// Sam (this desktop's rep) knows Omar, who barely knows Priya; Dana, a colleague, knows
/// Priya well: a tie Dana recorded on her desktop, pulled from the team (`shared`), or
/// none at all when this workspace is not in a team.
fn team(shared: bool) -> Team {
    let mut store = Store::open_in_memory().unwrap();
    let (_, me) = rep(&mut store, "Sam Rivera");
    let (dana_rep, dana) = rep(&mut store, "Dana Whitfield");
    let omar = person(&mut store, "Omar Haddad");
    let priya = person(&mut store, "Priya Shah");
    tie(&mut store, me, omar, 5, true, None);
    tie(&mut store, omar, priya, 1, false, None);
    if shared {
        tie(&mut store, dana, priya, 4, true, Some(dana_rep));
    }
    Team { store, me, dana_rep, dana, priya }
}

fn paths(t: &Team, options: PathOptions) -> Vec<intrograph_engine::paths::IntroPath> {
    let network = suggest::build_network(&t.store, WeightParams::default(), today()).unwrap();
    let options = suggest::with_teammates(t.store.conn(), t.me, options).unwrap();
    match suggest::suggest(t.store.conn(), &network, t.me, Target::Person(t.priya), &options).unwrap() {
        Suggestions::Person { paths, .. } => paths,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_path_through_a_colleagues_tie_says_to_ask_the_colleague() {
    let t = team(true);
    let found = paths(&t, PathOptions::default());
    let best = &found[0];
    let names: Vec<&str> = best.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Sam Rivera", "Dana Whitfield", "Priya Shah"], "{found:#?}");
    assert_eq!(
        best.ask_colleague.as_deref(),
        Some("ask your colleague Dana Whitfield, who knows Priya Shah well (verified)")
    );
    assert!(best.hops[0].teammate && !best.hops[1].teammate);
    assert_eq!(best.hops[0].sentence, "your colleague on the team");
    let recorded = best.hops[1].recorded_by.as_ref().expect("Dana's tie names her");
    assert_eq!((recorded.rep_id, recorded.person_id), (t.dana_rep, t.dana));
    assert!(
        best.hops[1].sentence.ends_with("recorded by your colleague Dana Whitfield"),
        "{}",
        best.hops[1].sentence
    );
    // The teammate hop weighs a strong, verified tie in contact today; the score is the product.
    let network = suggest::build_network(&t.store, WeightParams::default(), today()).unwrap();
    let w = teammate_weight(&network);
    assert!((w - 0.8).abs() < 1e-12, "{w}");
    assert!((best.score - w * best.hops[1].weight).abs() < 1e-12);
    // Sam's own path through Omar is still there, below, and names nobody.
    let own = found.iter().find(|p| p.people[1].name == "Omar Haddad").expect("the path through Omar");
    assert!(own.ask_colleague.is_none() && own.hops.iter().all(|h| h.recorded_by.is_none() && !h.teammate));
}

#[test]
fn the_hop_limit_counts_the_hop_to_the_colleague() {
    let t = team(true);
    let one = paths(&t, PathOptions { max_hops: 1, ..Default::default() });
    assert!(one.is_empty(), "{one:#?}");
    let two = paths(&t, PathOptions { max_hops: 2, verified_only: true, ..Default::default() });
    assert_eq!(two.len(), 1, "only the verified path through Dana: {two:#?}");
    assert_eq!(two[0].people[1].id, t.dana);
}

#[test]
fn without_a_team_there_is_no_path_through_another_rep() {
    let t = team(false);
    let found = paths(&t, PathOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].people[1].name, "Omar Haddad");
    assert!(found[0].ask_colleague.is_none());
}

#[test]
fn a_stronger_recorded_tie_to_the_colleague_is_used_instead_of_the_implicit_one() {
    let mut t = team(true);
    let (me, dana) = (t.me, t.dana);
    tie(&mut t.store, me, dana, 5, true, None);
    let found = paths(&t, PathOptions::default());
    let best = &found[0];
    assert_eq!(best.people[1].id, t.dana);
    assert!(!best.hops[0].teammate, "the recorded very strong tie (weight ~1) beats 0.8");
    assert!(best.hops[0].weight > 0.8);
    assert!(best.ask_colleague.is_some());
}

#[test]
fn a_colleague_who_is_the_target_is_not_reached_through_the_implicit_tie() {
    let t = team(true);
    let network = suggest::build_network(&t.store, WeightParams::default(), today()).unwrap();
    let options = suggest::with_teammates(t.store.conn(), t.me, PathOptions::default()).unwrap();
    let found =
        match suggest::suggest(t.store.conn(), &network, t.me, Target::Person(t.dana), &options).unwrap() {
            Suggestions::Person { paths, .. } => paths,
            other => panic!("{other:?}"),
        };
    assert!(found.iter().all(|p| !p.hops[0].teammate), "{found:#?}");
}
