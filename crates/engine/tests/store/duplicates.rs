//! Likely duplicates: the finder's evidence, its pairs, and dismissals kept across merges.

use std::collections::HashSet;

use chrono::NaiveDate;
use intrograph_engine::duplicates::{self, EvidenceKind, Likelihood, LikelyDuplicate};
use intrograph_engine::model::{PersonId, RelationshipKind, Strength};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::relationships::{self, RelationshipInput};
use intrograph_engine::store::{duplicates as stored, merge, reps, Store};
use intrograph_engine::suggest;

fn add(
    store: &mut Store,
    name: &str,
    org: &str,
    emails: &[&str],
    phones: &[&str],
    linkedin: &str,
) -> PersonId {
    let input = PersonInput {
        full_name: name.into(),
        emails: emails.iter().map(|e| e.to_string()).collect(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        linkedin_url: (!linkedin.is_empty()).then(|| linkedin.into()),
        organisation: (!org.is_empty()).then(|| org.into()),
        ..PersonInput::default()
    };
    store.write(|tx| people::add(tx, &input)).unwrap().id
}

fn relate(store: &mut Store, a: PersonId, b: PersonId) {
    let input = RelationshipInput::new(a, b, RelationshipKind::Friend, Strength::new(3).unwrap());
    store.write(|tx| relationships::add(tx, &input)).unwrap();
}

fn found(store: &Store) -> Vec<LikelyDuplicate> {
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let params = suggest::weight_params(store.conn()).unwrap();
    let network = suggest::build_network(store, params, today).unwrap();
    duplicates::find(store.conn(), &network, None).unwrap()
}

fn pair_of(list: &[LikelyDuplicate], a: PersonId, b: PersonId) -> Option<&LikelyDuplicate> {
    list.iter().find(|d| (d.keep.id == a && d.other.id == b) || (d.keep.id == b && d.other.id == a))
}

fn kinds(d: &LikelyDuplicate) -> Vec<EvidenceKind> {
    d.evidence.iter().map(|e| e.kind).collect()
}

#[test]
fn nicknames_at_one_organisation_are_proposed_with_the_evidence() {
    let mut store = Store::open_in_memory().unwrap();
    let bob = add(&mut store, "Bob Smith", "Acme", &["bob@acme.com"], &[], "");
    let robert = add(&mut store, "Robert Smith", "Acme", &["robert.smith@gmail.com"], &[], "");
    let alice = add(&mut store, "Alice Smith", "Acme", &[], &[], "");
    let bill = add(&mut store, "Bill Jones", "Globex", &[], &[], "");
    let william = add(&mut store, "William Jones", "Globex", &[], &[], "");
    let list = found(&store);
    let d = pair_of(&list, bob, robert).expect("Bob and Robert Smith at Acme");
    assert_eq!(kinds(d), vec![EvidenceKind::SimilarNameSameOrganisation]);
    assert_eq!(d.evidence[0].detail, "Bob is short for Robert, both at Acme");
    assert_eq!(d.likelihood, Likelihood::Likely);
    assert!(pair_of(&list, bill, william).is_some());
    assert!(pair_of(&list, alice, bob).is_none() && pair_of(&list, alice, robert).is_none());
    assert_eq!(list.len(), 2, "{list:#?}");
}

#[test]
fn phones_and_profiles_match_across_their_written_forms() {
    let mut store = Store::open_in_memory().unwrap();
    let a = add(&mut store, "Dana Whitfield", "Acme", &[], &["+44 20 7946 0958"], "");
    let b = add(&mut store, "D. Whitfield-Jones", "", &[], &["020 7946 0958"], "");
    let c = add(&mut store, "Priya Natarajan", "", &[], &[], "https://www.linkedin.com/in/priya-n");
    let d = add(&mut store, "Priya N.", "Initech", &[], &[], "https://uk.linkedin.com/in/Priya-N/en");
    let list = found(&store);
    let phone = pair_of(&list, a, b).expect("same phone");
    assert_eq!(kinds(phone), vec![EvidenceKind::SamePhone]);
    assert_eq!(phone.evidence[0].detail, "same phone: +44 20 7946 0958 and 020 7946 0958");
    let slug = pair_of(&list, c, d).expect("same LinkedIn slug");
    assert_eq!(kinds(slug), vec![EvidenceKind::SameLinkedin]);
    assert_eq!(slug.likelihood, Likelihood::VeryLikely);
}

#[test]
fn a_common_name_elsewhere_needs_shared_relationships() {
    let mut store = Store::open_in_memory().unwrap();
    let a = add(&mut store, "Sam Carter", "Acme", &["sam@acme.com"], &[], "");
    let b = add(&mut store, "Samuel Carter", "", &["samcarter@gmail.com"], &[], "");
    assert!(found(&store).is_empty(), "a nickname alone, at no common organisation, is too weak");
    let friends: Vec<PersonId> =
        ["Ann Lee", "Carl Diaz", "Eve Moss"].iter().map(|n| add(&mut store, n, "", &[], &[], "")).collect();
    for f in &friends {
        relate(&mut store, a, *f);
        relate(&mut store, b, *f);
    }
    let list = found(&store);
    let d = pair_of(&list, a, b).expect("shared relationships make it likely");
    assert_eq!(kinds(d), vec![EvidenceKind::SameNameElsewhere, EvidenceKind::SharedRelationships]);
    assert_eq!(d.evidence[1].detail, "both know Ann Lee, Carl Diaz and Eve Moss");
    assert_eq!(list.len(), 1, "no other pair, and this one once: {list:#?}");
}

#[test]
fn counter_evidence_lowers_a_pair() {
    let mut store = Store::open_in_memory().unwrap();
    let a = add(&mut store, "Jon Smyth", "Acme", &[], &[], "linkedin.com/in/jon-smyth");
    let b = add(&mut store, "John Smith", "Acme", &[], &[], "linkedin.com/in/john-smith-42");
    let c = add(&mut store, "Kate Hill", "Acme", &[], &[], "");
    let d = add(&mut store, "Katherine Hill", "Acme", &[], &[], "");
    relate(&mut store, c, d);
    let list = found(&store);
    assert!(pair_of(&list, a, b).is_none(), "different profiles: two people");
    assert!(pair_of(&list, c, d).is_none(), "colleagues who know each other: {list:#?}");
}

#[test]
fn each_pair_is_proposed_once_whatever_its_evidence() {
    let mut store = Store::open_in_memory().unwrap();
    let a = add(
        &mut store,
        "Liz Park",
        "Acme",
        &["liz.park@acme.com"],
        &["555 010 0200"],
        "linkedin.com/in/lizpark",
    );
    let b = add(
        &mut store,
        "Elizabeth Park",
        "Acme",
        &["lizpark@gmail.com"],
        &["(555) 010-0200"],
        "https://linkedin.com/in/LizPark/",
    );
    let list = found(&store);
    assert_eq!(list.len(), 1, "{list:#?}");
    let d = &list[0];
    let mut k = kinds(d);
    k.sort_by_key(|k| format!("{k:?}"));
    let mut want = vec![
        EvidenceKind::SamePhone,
        EvidenceKind::SameLinkedin,
        EvidenceKind::SameEmailName,
        EvidenceKind::SimilarNameSameOrganisation,
    ];
    want.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(k, want);
    assert!(d.score > 0.99 && d.score <= 1.0);
    assert_eq!(HashSet::from([d.keep.id, d.other.id]), HashSet::from([a, b]));
}

#[test]
fn two_reps_are_never_proposed_and_a_rep_is_the_one_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let a = add(&mut store, "Tom Reed", "Acme", &[], &[], "");
    let b = add(&mut store, "Thomas Reed", "Acme", &[], &[], "");
    store.write(|tx| reps::add(tx, b)).unwrap();
    let list = found(&store);
    assert_eq!(list[0].keep.id, b, "the rep's record is kept");
    assert!(list[0].keep.rep);
    store.write(|tx| reps::add(tx, a)).unwrap();
    assert!(found(&store).is_empty());
}

#[test]
fn a_dismissed_pair_is_never_proposed_again_even_after_other_merges() {
    let mut store = Store::open_in_memory().unwrap();
    let bob = add(&mut store, "Bob Smith", "Acme", &[], &[], "");
    let robert = add(&mut store, "Robert Smith", "Acme", &[], &[], "");
    let rob = add(&mut store, "Rob Smith", "Acme", &["rob@acme.com"], &[], "");
    assert_eq!(found(&store).len(), 3);

    assert!(store.write(|tx| stored::dismiss(tx, robert, bob)).unwrap());
    assert!(!store.write(|tx| stored::dismiss(tx, bob, robert)).unwrap(), "already dismissed");
    let list = found(&store);
    assert!(pair_of(&list, bob, robert).is_none());
    assert_eq!(list.len(), 2);

    // Rob is Robert: after that merge, Bob and the merged Robert are still not one person.
    store.write(|tx| merge::merge_people(tx, robert, rob)).unwrap();
    assert!(found(&store).is_empty(), "the dismissal moved to the person kept");
    assert_eq!(stored::dismissed_count(store.conn()).unwrap(), 1);

    // Merging the dismissed pair itself anyway leaves no dismissal behind.
    store.write(|tx| merge::merge_people(tx, bob, robert)).unwrap();
    assert_eq!(stored::dismissed_count(store.conn()).unwrap(), 0);
}

#[test]
fn a_dismissal_goes_with_a_removed_person_and_bad_input_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let a = add(&mut store, "Bob Smith", "Acme", &[], &[], "");
    let b = add(&mut store, "Robert Smith", "Acme", &[], &[], "");
    let e = store.write(|tx| stored::dismiss(tx, a, a)).unwrap_err();
    assert!(e.to_string().contains("two different people"), "{e}");
    let nobody = PersonId(uuid::Uuid::nil());
    assert!(store.write(|tx| stored::dismiss(tx, a, nobody)).is_err());
    assert_eq!(stored::dismissed_count(store.conn()).unwrap(), 0);
    store.write(|tx| stored::dismiss(tx, a, b)).unwrap();
    store.write(|tx| people::remove(tx, b)).unwrap();
    assert_eq!(stored::dismissed_count(store.conn()).unwrap(), 0);
}

#[test]
fn only_pairs_involving_the_people_asked_for() {
    let mut store = Store::open_in_memory().unwrap();
    let a = add(&mut store, "Bob Smith", "Acme", &[], &[], "");
    let b = add(&mut store, "Robert Smith", "Acme", &[], &[], "");
    let c = add(&mut store, "Bill Jones", "Globex", &[], &[], "");
    let d = add(&mut store, "William Jones", "Globex", &[], &[], "");
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let network =
        suggest::build_network(&store, suggest::weight_params(store.conn()).unwrap(), today).unwrap();
    let only = HashSet::from([d]);
    let list = duplicates::find(store.conn(), &network, Some(&only)).unwrap();
    assert_eq!(list.len(), 1);
    assert!(pair_of(&list, c, d).is_some() && pair_of(&list, a, b).is_none());
}
