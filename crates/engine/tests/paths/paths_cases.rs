//! Introduction paths on small hand-built networks: the hop cap, exclusions,
//! verified-only, diverse against plain ranking, organisation targets,
//! explanations, incremental edits and errors.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use intrograph_engine::graph::Network;
use intrograph_engine::model::{
    Employment, EmploymentId, NetworkData, OrganisationId, OrganisationSummary, PersonId, PersonSummary,
    Relationship, RelationshipId, RelationshipKind, Strength,
};
use intrograph_engine::paths::{
    paths_to_organisation, paths_to_person, IntroPath, OverlapCertainty, PathOptions,
};
use intrograph_engine::weight::WeightParams;
use intrograph_engine::Error;
use uuid::Uuid;

fn today() -> NaiveDate {
    date(2026, 6, 30)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0).unwrap()
}

/// A network assembled by name.
#[derive(Default)]
struct Fixture {
    data: NetworkData,
    next: u128,
}

impl Fixture {
    fn uuid(&mut self) -> Uuid {
        self.next += 1;
        Uuid::from_u128(self.next)
    }

    fn people(&mut self, names: &[&str]) -> Vec<PersonId> {
        names.iter().map(|n| self.person(n)).collect()
    }

    fn person(&mut self, name: &str) -> PersonId {
        let id = PersonId(self.uuid());
        self.data.people.push(PersonSummary { id, full_name: name.to_string() });
        id
    }

    fn org(&mut self, name: &str) -> OrganisationId {
        let id = OrganisationId(self.uuid());
        self.data.organisations.push(OrganisationSummary { id, name: name.to_string() });
        id
    }

    fn job(
        &mut self,
        person: PersonId,
        org: OrganisationId,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        current: bool,
    ) {
        let id = EmploymentId(self.uuid());
        self.data.employments.push(Employment {
            id,
            person_id: person,
            organisation_id: org,
            title: String::new(),
            start,
            end,
            current,
        });
    }

    /// A verified tie in contact today.
    fn tie(&mut self, a: PersonId, b: PersonId, strength: u8) -> RelationshipId {
        self.tie_with(a, b, strength, true, Some(today()), None)
    }

    fn tie_with(
        &mut self,
        a: PersonId,
        b: PersonId,
        strength: u8,
        verified: bool,
        last_contact: Option<NaiveDate>,
        since: Option<NaiveDate>,
    ) -> RelationshipId {
        let id = RelationshipId(self.uuid());
        self.data.relationships.push(relationship(id, a, b, strength, verified, last_contact, since));
        id
    }

    fn network(&self) -> Network {
        Network::build(&self.data, WeightParams::default(), today()).unwrap()
    }
}

fn relationship(
    id: RelationshipId,
    a: PersonId,
    b: PersonId,
    strength: u8,
    verified: bool,
    last_contact: Option<NaiveDate>,
    since: Option<NaiveDate>,
) -> Relationship {
    Relationship {
        id,
        a,
        b,
        kind: RelationshipKind::Colleague,
        strength: Strength::new(strength).unwrap(),
        verified_at: verified.then(stamp),
        last_contact,
        since,
        notes: String::new(),
        source: "test".into(),
        created_at: stamp(),
        updated_at: stamp(),
        owner_rep_id: None,
        visibility: Default::default(),
    }
}

fn names(p: &IntroPath) -> Vec<&str> {
    p.people.iter().map(|q| q.name.as_str()).collect()
}

fn plain(k: usize, max_hops: u8) -> PathOptions {
    PathOptions { k, max_hops, diverse: false, ..PathOptions::default() }
}

/// One question to the chain Me - Ann - Bob - Cat - Tom (every tie of strength 5).
struct HopCase {
    name: &'static str,
    target: &'static str,
    max_hops: u8,
    /// The one path found, or `None` when the target is beyond the cap.
    path: Option<&'static [&'static str]>,
    /// Its score, where the case checks it.
    score: Option<f64>,
}

const HOP_CASES: &[HopCase] = &[
    HopCase { name: "4 hops away, cap 3", target: "Tom", max_hops: 3, path: None, score: None },
    HopCase {
        name: "4 hops away, cap 4",
        target: "Tom",
        max_hops: 4,
        path: Some(&["Me", "Ann", "Bob", "Cat", "Tom"]),
        score: None,
    },
    HopCase {
        name: "3 hops away, cap 3",
        target: "Cat",
        max_hops: 3,
        path: Some(&["Me", "Ann", "Bob", "Cat"]),
        score: None,
    },
    HopCase { name: "3 hops away, cap 2", target: "Cat", max_hops: 2, path: None, score: None },
    HopCase {
        name: "a direct tie, cap 1",
        target: "Ann",
        max_hops: 1,
        path: Some(&["Me", "Ann"]),
        score: Some(1.0),
    },
];

#[test]
fn hop_cap_is_respected() {
    let mut f = Fixture::default();
    let [me, a, b, c, t] = f.people(&["Me", "Ann", "Bob", "Cat", "Tom"])[..] else { unreachable!() };
    f.tie(me, a, 5);
    f.tie(a, b, 5);
    f.tie(b, c, 5);
    f.tie(c, t, 5);
    let net = f.network();
    let people = [("Ann", a), ("Bob", b), ("Cat", c), ("Tom", t)];
    for case in HOP_CASES {
        let target = people.iter().find(|(n, _)| *n == case.target).expect("a person of the chain").1;
        let found = paths_to_person(&net, me, target, &plain(5, case.max_hops)).unwrap();
        let Some(path) = case.path else {
            assert!(found.is_empty(), "{}: {} paths found", case.name, found.len());
            continue;
        };
        assert_eq!(found.len(), 1, "{}", case.name);
        assert_eq!(names(&found[0]), path, "{}", case.name);
        assert_eq!(found[0].hops.len(), path.len() - 1, "{}", case.name);
        if let Some(score) = case.score {
            assert_eq!(found[0].score, score, "{}", case.name);
        }
    }
}

#[test]
fn paths_are_ranked_by_product_then_hops_then_ids() {
    let mut f = Fixture::default();
    let [me, a, b, c, t] = f.people(&["Me", "Ann", "Bob", "Cat", "Tom"])[..] else { unreachable!() };
    f.tie(me, a, 5); // 1.0
    f.tie(a, t, 4); // 0.8  → Me-Ann-Tom 0.8
    f.tie(me, b, 4); // 0.8
    f.tie(b, t, 5); // 1.0  → Me-Bob-Tom 0.8 (ties with Ann; Ann's id is smaller)
    f.tie(a, c, 5); // 1.0
    f.tie(c, t, 4); // 0.8  → Me-Ann-Cat-Tom 0.8 (same score, more hops)
    f.tie(me, t, 2); // 0.4 direct
    let net = f.network();
    let found = paths_to_person(&net, me, t, &plain(10, 3)).unwrap();
    let got: Vec<Vec<&str>> = found.iter().map(names).collect();
    // Three paths score exactly 0.8: two hops before three, then Ann's id before Bob's.
    assert_eq!(
        got,
        [
            vec!["Me", "Ann", "Tom"],
            vec!["Me", "Bob", "Tom"],
            vec!["Me", "Ann", "Cat", "Tom"],
            vec!["Me", "Tom"]
        ]
    );
    assert_eq!(found.iter().map(|p| p.score).collect::<Vec<_>>(), [0.8, 0.8, 0.8, 0.4]);
}

#[test]
fn excluded_people_never_appear() {
    let mut f = Fixture::default();
    let [me, a, b, t] = f.people(&["Me", "Ann", "Bob", "Tom"])[..] else { unreachable!() };
    f.tie(me, a, 5);
    f.tie(a, t, 5);
    f.tie(me, b, 2);
    f.tie(b, t, 2);
    let net = f.network();
    let o = PathOptions { exclude: BTreeSet::from([a]), ..plain(5, 3) };
    let found = paths_to_person(&net, me, t, &o).unwrap();
    assert_eq!(found.iter().map(names).collect::<Vec<_>>(), [["Me", "Bob", "Tom"]]);

    let o = PathOptions { exclude: BTreeSet::from([a, b]), ..plain(5, 3) };
    assert!(paths_to_person(&net, me, t, &o).unwrap().is_empty(), "no path is an empty answer");

    let o = PathOptions { exclude: BTreeSet::from([t]), ..plain(5, 3) };
    let e = paths_to_person(&net, me, t, &o).unwrap_err();
    assert!(matches!(e, Error::Invalid { .. }) && e.to_string().contains("excluded"), "{e}");
    let o = PathOptions { exclude: BTreeSet::from([me]), ..plain(5, 3) };
    let e = paths_to_person(&net, me, t, &o).unwrap_err();
    assert!(matches!(e, Error::Invalid { .. }) && e.to_string().contains("rep"), "{e}");
}

#[test]
fn verified_only_skips_unverified_ties_which_are_otherwise_marked() {
    let mut f = Fixture::default();
    let [me, a, b, c, t] = f.people(&["Me", "Ann", "Bob", "Cat", "Tom"])[..] else { unreachable!() };
    f.tie(me, a, 5);
    f.tie_with(a, t, 5, false, Some(today()), None);
    f.tie(me, b, 3);
    f.tie(b, c, 3);
    f.tie(c, t, 3);
    let net = f.network();
    let all = paths_to_person(&net, me, t, &plain(5, 3)).unwrap();
    assert_eq!(
        all.iter().map(names).collect::<Vec<_>>(),
        [vec!["Me", "Ann", "Tom"], vec!["Me", "Bob", "Cat", "Tom"]]
    );
    let hop = &all[0].hops[1];
    assert!(!hop.verified && hop.confirm_they_know_each_other);
    assert_eq!(hop.weight, 0.5, "an unverified tie is ranked down");
    assert!(hop.sentence.contains("unverified") && hop.sentence.ends_with("confirm they know each other"));
    assert!(all[1].hops.iter().all(|h| h.verified && !h.confirm_they_know_each_other));

    let o = PathOptions { verified_only: true, ..plain(5, 3) };
    let verified = paths_to_person(&net, me, t, &o).unwrap();
    assert_eq!(verified.iter().map(names).collect::<Vec<_>>(), [["Me", "Bob", "Cat", "Tom"]]);
}

#[test]
fn diverse_mode_gives_different_people_to_ask() {
    let mut f = Fixture::default();
    let [me, a, x, y, b, t] = f.people(&["Me", "Ann", "Xia", "Yan", "Bob", "Tom"])[..] else {
        unreachable!()
    };
    f.tie(me, a, 5);
    f.tie(a, t, 5); // 1.0
    f.tie(a, x, 5);
    f.tie(x, t, 5); // 1.0, 3 hops
    f.tie(a, y, 5);
    f.tie(y, t, 4); // 0.8
    f.tie(me, b, 2);
    f.tie(b, t, 2); // 0.16
    f.tie(me, t, 1); // direct 0.2
    let net = f.network();
    let plain_found = paths_to_person(&net, me, t, &plain(3, 3)).unwrap();
    assert_eq!(
        plain_found.iter().map(names).collect::<Vec<_>>(),
        [vec!["Me", "Ann", "Tom"], vec!["Me", "Ann", "Xia", "Tom"], vec!["Me", "Ann", "Yan", "Tom"]]
    );
    let diverse = PathOptions { k: 3, ..PathOptions::default() };
    assert!(diverse.diverse, "diverse is the default");
    let found = paths_to_person(&net, me, t, &diverse).unwrap();
    assert_eq!(
        found.iter().map(names).collect::<Vec<_>>(),
        [vec!["Me", "Ann", "Tom"], vec!["Me", "Tom"], vec!["Me", "Bob", "Tom"]]
    );
    assert_eq!(found[0].first_intermediary().map(|p| p.name.as_str()), Some("Ann"));
    assert_eq!(found[1].first_intermediary(), None, "a direct tie counts as its own");
}

#[test]
fn a_good_track_record_can_lift_a_weaker_first_tie() {
    let mut f = Fixture::default();
    let [me, x, y, t] = f.people(&["Me", "Xia", "Yan", "Tom"])[..] else { unreachable!() };
    f.tie(me, x, 5); // 1.0
    f.tie(x, t, 2); // 0.4 → 0.4
    f.tie_with(me, y, 3, false, Some(today()), None); // 0.3
    f.tie(y, t, 5); // 1.0 → 0.3 × 1.5 = 0.45
    let net = f.network();
    let o = PathOptions { source_factors: [(y, 1.5)].into(), ..plain(1, 3) };
    let found = paths_to_person(&net, me, t, &o).unwrap();
    assert_eq!(names(&found[0]), ["Me", "Yan", "Tom"]);
    assert!((found[0].score - 0.45).abs() < 1e-12);
    assert_eq!(found[0].source_factor, Some(1.5));
    assert_eq!(found[0].hops[1].source_factor, Some(1.5));
    assert!(found[0].hops[1].sentence.contains("track record ×1.50"), "{}", found[0].hops[1].sentence);
    assert_eq!(found[0].hops[0].source_factor, None);

    let o = PathOptions { source_factors: [(x, 0.5)].into(), ..plain(2, 3) };
    let found = paths_to_person(&net, me, t, &o).unwrap();
    assert_eq!(found.iter().map(names).collect::<Vec<_>>(), [["Me", "Yan", "Tom"], ["Me", "Xia", "Tom"]]);
    assert!((found[1].score - 0.2).abs() < 1e-12);
}

#[test]
fn organisation_targets_group_current_employees() {
    let mut f = Fixture::default();
    let [me, a, b, t1, t2, t3, past] = f.people(&["Me", "Ann", "Bob", "Tia", "Ugo", "Val", "Pam"])[..] else {
        unreachable!()
    };
    let acme = f.org("Acme");
    let empty = f.org("Empty Ltd");
    f.job(t1, acme, Some(date(2020, 1, 1)), None, true);
    f.job(t2, acme, None, None, true);
    f.job(t3, acme, None, None, true); // unreachable
    f.job(past, acme, Some(date(2010, 1, 1)), Some(date(2015, 1, 1)), false);
    f.job(me, acme, None, None, true); // the rep works there too
    f.job(past, empty, None, None, false);
    f.tie(me, a, 5);
    f.tie(me, b, 4);
    f.tie(a, past, 5); // strongest, but a past employee
    f.tie(a, t1, 3); // 0.6
    f.tie(b, t1, 5); // 0.8
    f.tie(b, t2, 4); // 0.64
    f.tie(past, t2, 5); // Me-Ann-Pam-Ugo 1.0
    let net = f.network();
    let o = PathOptions { k: 5, per_target: 2, diverse: false, ..PathOptions::default() };
    let groups = paths_to_organisation(&net, me, acme, &o).unwrap();
    let got: Vec<(&str, Vec<Vec<&str>>)> =
        groups.iter().map(|g| (g.person.name.as_str(), g.paths.iter().map(names).collect())).collect();
    assert_eq!(
        got,
        [
            ("Ugo", vec![vec!["Me", "Ann", "Pam", "Ugo"], vec!["Me", "Bob", "Ugo"]]),
            ("Tia", vec![vec!["Me", "Bob", "Tia"], vec!["Me", "Ann", "Tia"]]),
        ]
    );
    let o1 = PathOptions { k: 1, ..o.clone() };
    assert_eq!(paths_to_organisation(&net, me, acme, &o1).unwrap().len(), 1);
    let o_ex = PathOptions { exclude: BTreeSet::from([t2]), ..o.clone() };
    let groups = paths_to_organisation(&net, me, acme, &o_ex).unwrap();
    assert_eq!(groups.iter().map(|g| g.person.name.as_str()).collect::<Vec<_>>(), ["Tia"]);
    assert!(paths_to_organisation(&net, me, empty, &o).unwrap().is_empty(), "no current employee");
    let e = paths_to_organisation(&net, me, OrganisationId(Uuid::from_u128(999_999)), &o).unwrap_err();
    assert!(matches!(e, Error::NotFound { what: "organisation", .. }), "{e}");
}

#[test]
fn explanations_name_shared_employers_and_relative_dates() {
    let mut f = Fixture::default();
    let [me, a, b, c, d, t] = f.people(&["Me", "Ann", "Bob", "Cat", "Dan", "Tom"])[..] else {
        unreachable!()
    };
    let acme = f.org("Acme");
    let initech = f.org("Initech");
    let hooli = f.org("Hooli");
    // Ann and Tom overlapped at Acme 2018–2021.
    f.job(a, acme, Some(date(2016, 3, 1)), Some(date(2021, 5, 1)), false);
    f.job(t, acme, Some(date(2018, 2, 1)), Some(date(2023, 1, 1)), false);
    // Me and Ann at Initech without overlap.
    f.job(me, initech, Some(date(2010, 1, 1)), Some(date(2012, 1, 1)), false);
    f.job(a, initech, Some(date(2013, 1, 1)), None, false);
    // Me and Bob both at Hooli now.
    f.job(me, hooli, Some(date(2022, 1, 1)), None, true);
    f.job(b, hooli, None, None, true);
    // Bob and Cat at Hooli, Cat's dates unknown.
    f.job(c, hooli, None, None, false);
    f.tie_with(me, a, 5, true, Some(today() - chrono::Days::new(10)), None);
    f.tie_with(a, t, 4, true, Some(today() - chrono::Days::new(21)), Some(date(2019, 4, 1)));
    f.tie_with(me, b, 2, true, None, None);
    f.tie_with(b, c, 2, false, Some(date(2020, 1, 1)), None);
    f.tie_with(c, t, 1, true, Some(today()), None);
    f.tie(me, d, 1);
    let net = f.network();

    let found = paths_to_person(&net, me, t, &plain(5, 3)).unwrap();
    let via_ann = &found[0];
    assert_eq!(names(via_ann), ["Me", "Ann", "Tom"]);
    let hop = &via_ann.hops[1];
    assert_eq!(
        hop.sentence,
        "strong, verified colleague since 2019; last contact 3 weeks ago; both at Acme 2018–2021"
    );
    let shared = &hop.shared_employers[0];
    assert_eq!(shared.organisation.name, "Acme");
    assert_eq!((shared.from, shared.to), (Some(date(2018, 2, 1)), Some(date(2021, 5, 1))));
    assert_eq!(shared.certainty, OverlapCertainty::Dates);
    assert!(!shared.current && shared.unknown_dates.is_empty());
    assert!((hop.weight - 0.8 * (0.3 + 0.7 * 0.5f64.powf(21.0 / 365.0))).abs() < 1e-12);
    assert_eq!(hop.verified_at, Some(stamp()));
    // Initech does not count: Me left before Ann joined.
    let first = &via_ann.hops[0];
    assert!(first.shared_employers.is_empty(), "{:?}", first.shared_employers);
    assert_eq!(first.sentence, "very strong, verified colleague; last contact 10 days ago");

    let via_bob = found.iter().find(|p| p.people[1].name == "Bob").unwrap();
    assert_eq!(names(via_bob), ["Me", "Bob", "Cat", "Tom"]);
    let h0 = &via_bob.hops[0];
    assert_eq!(h0.shared_employers[0].certainty, OverlapCertainty::BothCurrent);
    assert_eq!(h0.shared_employers[0].unknown_dates, ["start date unknown for Bob"]);
    assert_eq!(h0.sentence, "casual, verified colleague; no recorded contact; both at Hooli since 2022");
    let h1 = &via_bob.hops[1];
    assert_eq!(h1.shared_employers[0].certainty, OverlapCertainty::Unconfirmed);
    assert_eq!(
        h1.shared_employers[0].unknown_dates,
        ["start date unknown for Bob", "start date unknown for Cat", "end date unknown for Cat"]
    );
    assert_eq!(
        h1.sentence,
        "casual, unverified colleague; last contact 6 years ago; \
         both at Hooli (dates incomplete; may not have overlapped); confirm they know each other"
    );
    assert_eq!(via_bob.hops[2].sentence, "distant, verified colleague; last contact today");

    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json[0]["hops"][1]["shared_employers"][0]["certainty"], "dates");
    assert_eq!(json[0]["people"][2]["name"], "Tom");
}

#[test]
fn errors_are_clear() {
    let mut f = Fixture::default();
    let [me, a] = f.people(&["Me", "Ann"])[..] else { unreachable!() };
    f.tie(me, a, 3);
    let net = f.network();
    let o = PathOptions::default();
    let e = paths_to_person(&net, me, me, &o).unwrap_err();
    assert!(matches!(e, Error::Invalid { .. }) && e.to_string().contains("own target"), "{e}");
    let stranger = PersonId(Uuid::from_u128(424242));
    let e = paths_to_person(&net, me, stranger, &o).unwrap_err();
    assert!(
        matches!(e, Error::NotFound { what: "person", .. }) && e.to_string().contains(&stranger.to_string())
    );
    let e = paths_to_person(&net, stranger, a, &o).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    for hops in [0u8, 5] {
        let e = paths_to_person(&net, me, a, &PathOptions { max_hops: hops, ..o.clone() }).unwrap_err();
        assert_eq!(e.to_string(), format!("invalid max hops: {hops} is out of range; use 1 to 4"));
    }
    let e = paths_to_person(&net, me, a, &PathOptions { k: 0, ..o.clone() }).unwrap_err();
    assert!(e.to_string().contains("invalid k"), "{e}");
    let e = paths_to_person(&net, me, a, &PathOptions { source_factors: [(a, 1.6)].into(), ..o.clone() })
        .unwrap_err();
    assert!(e.to_string().contains("1.6") && e.to_string().contains(&a.to_string()), "{e}");

    // Building and editing.
    let mut dup = f.data.clone();
    dup.relationships.push(relationship(RelationshipId(Uuid::from_u128(77)), a, me, 1, false, None, None));
    let e = Network::build(&dup, WeightParams::default(), today()).unwrap_err();
    assert!(matches!(e, Error::Conflict(_)) && e.to_string().contains("Ann"), "{e}");
    let mut looped = f.data.clone();
    looped.relationships.push(relationship(RelationshipId(Uuid::from_u128(78)), a, a, 1, false, None, None));
    let e = Network::build(&looped, WeightParams::default(), today()).unwrap_err();
    assert!(e.to_string().contains("same person"), "{e}");
    let bad = WeightParams { unverified_factor: 0.0, ..WeightParams::default() };
    assert!(Network::build(&f.data, bad, today()).is_err());

    let mut net = f.network();
    let e = net
        .upsert_relationship(&relationship(RelationshipId(Uuid::from_u128(79)), me, a, 2, true, None, None))
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e}");
    let e = net
        .upsert_relationship(&relationship(
            RelationshipId(Uuid::from_u128(80)),
            me,
            stranger,
            2,
            true,
            None,
            None,
        ))
        .unwrap_err();
    assert!(e.to_string().contains("not in the network"), "{e}");
    assert!(matches!(
        net.remove_relationship(RelationshipId(Uuid::from_u128(81))),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(net.remove_person(stranger), Err(Error::NotFound { .. })));
}

/// A deterministic pseudo-random sequence for the edit test.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn answers(net: &Network, data: &NetworkData, rep: PersonId, orgs: &[OrganisationId]) -> Vec<String> {
    let mut out = Vec::new();
    for p in &data.people {
        if p.id == rep {
            continue;
        }
        for diverse in [false, true] {
            let o = PathOptions { k: 3, max_hops: 3, diverse, ..PathOptions::default() };
            let found = paths_to_person(net, rep, p.id, &o).unwrap();
            out.push(serde_json::to_string(&found).unwrap());
        }
    }
    for org in orgs {
        let found = paths_to_organisation(net, rep, *org, &PathOptions::default()).unwrap();
        out.push(serde_json::to_string(&found).unwrap());
    }
    out
}

#[test]
fn single_edits_give_the_same_answers_as_a_fresh_build() {
    let mut f = Fixture::default();
    let mut ids: Vec<PersonId> = (0..40).map(|i| f.person(&format!("P{i}"))).collect();
    let orgs = [f.org("Acme"), f.org("Hooli")];
    let mut rng = Lcg(7);
    for _ in 0..80 {
        let (a, b) = (rng.next(40), rng.next(40));
        let exists = f
            .data
            .relationships
            .iter()
            .any(|r| (r.a, r.b) == (ids[a], ids[b]) || (r.b, r.a) == (ids[a], ids[b]));
        if a != b && !exists {
            f.tie_with(ids[a], ids[b], 1 + rng.next(5) as u8, rng.next(2) == 0, None, None);
        }
    }
    let rep = ids[0];
    let mut net = f.network();
    let mut data = f.data.clone();
    let mut next_id = 1_000_000u128;
    // Enough edits to fold the overlay back into the snapshot several times.
    for step in 0..2500 {
        next_id += 1;
        match rng.next(10) {
            0 => {
                let p = PersonSummary {
                    id: PersonId(Uuid::from_u128(next_id)),
                    full_name: format!("N{next_id}"),
                };
                net.upsert_person(p.clone());
                data.people.push(p.clone());
                ids.push(p.id);
            }
            1 if ids.len() > 5 => {
                let i = 1 + rng.next(ids.len() - 1);
                let gone = ids.swap_remove(i);
                net.remove_person(gone).unwrap();
                data.people.retain(|p| p.id != gone);
                data.relationships.retain(|r| r.a != gone && r.b != gone);
                data.employments.retain(|e| e.person_id != gone);
            }
            2 if !data.relationships.is_empty() => {
                let i = rng.next(data.relationships.len());
                let r = data.relationships.swap_remove(i);
                net.remove_relationship(r.id).unwrap();
            }
            3 => {
                let p = ids[rng.next(ids.len())];
                let jobs: Vec<Employment> = (0..rng.next(3))
                    .map(|j| Employment {
                        id: EmploymentId(Uuid::from_u128(next_id * 10 + j as u128)),
                        person_id: p,
                        organisation_id: orgs[rng.next(2)],
                        title: String::new(),
                        start: Some(date(2015 + rng.next(8) as i32, 1, 1)),
                        end: None,
                        current: rng.next(2) == 0,
                    })
                    .collect();
                net.set_employments(p, jobs.clone()).unwrap();
                data.employments.retain(|e| e.person_id != p);
                data.employments.extend(jobs);
            }
            4 => {
                let name = format!("P{}", rng.next(40));
                let p = ids[rng.next(ids.len())];
                net.upsert_person(PersonSummary { id: p, full_name: name.clone() });
                data.people.iter_mut().find(|q| q.id == p).unwrap().full_name = name;
            }
            _ => {
                let (a, b) = (ids[rng.next(ids.len())], ids[rng.next(ids.len())]);
                if a == b {
                    continue;
                }
                let strength = 1 + rng.next(5) as u8;
                let verified = rng.next(2) == 0;
                let contact = Some(today() - chrono::Days::new(rng.next(1000) as u64));
                match data.relationships.iter_mut().find(|r| (r.a, r.b) == (a, b) || (r.a, r.b) == (b, a)) {
                    Some(r) => {
                        *r = relationship(r.id, r.a, r.b, strength, verified, contact, None);
                        net.upsert_relationship(r).unwrap();
                    }
                    None => {
                        let r = relationship(
                            RelationshipId(Uuid::from_u128(next_id)),
                            a,
                            b,
                            strength,
                            verified,
                            contact,
                            None,
                        );
                        net.upsert_relationship(&r).unwrap();
                        data.relationships.push(r);
                    }
                }
            }
        }
        if step % 500 == 499 {
            let fresh = Network::build(&data, WeightParams::default(), today()).unwrap();
            assert_eq!(net.person_count(), fresh.person_count());
            assert_eq!(net.relationship_count(), fresh.relationship_count());
            assert_eq!(
                answers(&net, &data, rep, &orgs),
                answers(&fresh, &data, rep, &orgs),
                "after {step} edits"
            );
        }
    }
}

#[test]
fn reweighing_matches_a_build_with_the_new_constants() {
    let mut f = Fixture::default();
    let [me, a, t] = f.people(&["Me", "Ann", "Tom"])[..] else { unreachable!() };
    f.tie_with(me, a, 4, false, Some(date(2025, 1, 1)), None);
    f.tie_with(a, t, 3, true, None, None);
    let mut net = f.network();
    let params = WeightParams { unverified_factor: 0.9, ..WeightParams::default() };
    net.reweigh(params.clone(), date(2027, 1, 1)).unwrap();
    let fresh = Network::build(&f.data, params, date(2027, 1, 1)).unwrap();
    let o = PathOptions::default();
    assert_eq!(paths_to_person(&net, me, t, &o).unwrap(), paths_to_person(&fresh, me, t, &o).unwrap());
    assert_eq!(net.tie_between(me, a).unwrap().weight, fresh.tie_between(a, me).unwrap().weight);
    assert_eq!(net.ties().count(), 2);
}

#[test]
fn the_network_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Network>();
    let mut f = Fixture::default();
    let [me, a, t] = f.people(&["Me", "Ann", "Tom"])[..] else { unreachable!() };
    f.tie(me, a, 5);
    f.tie(a, t, 4);
    let net = f.network();
    let answers: Vec<Vec<IntroPath>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| paths_to_person(&net, me, t, &PathOptions::default()).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|a| a == &answers[0] && a.len() == 1));
    let dump: Vec<_> = net.ties().collect();
    assert_eq!(dump.len(), 2);
    assert!(dump.iter().any(|r| r.a.full_name == "Ann" && r.b.full_name == "Tom" && r.tie.weight == 0.8));
}
