//! The path search against a brute-force enumeration of every simple path, on
//! many random small networks.
//!
//! The brute force shares nothing with the search but the weight function and
//! the documented scoring: it lists all simple paths from the rep, scores each
//! as the product of its weights from the rep outwards times the first
//! intermediary's factor, sorts them by (score desc, hops asc, ids asc), and
//! then applies the plain, diverse or organisation rule literally.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, TimeZone, Utc};
use intrograph_engine::graph::Network;
use intrograph_engine::model::{
    Employment, EmploymentId, NetworkData, OrganisationId, OrganisationSummary, PersonId, PersonSummary,
    Relationship, RelationshipId, RelationshipKind, Strength,
};
use intrograph_engine::paths::{paths_to_organisation, paths_to_person, IntroPath, PathOptions};
use intrograph_engine::weight::{introduction_weight, weight_of, WeightParams};
use proptest::prelude::*;
use uuid::Uuid;

const TODAY: (i32, u32, u32) = (2026, 6, 30);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

/// Ids whose order differs from the index order, so the id tie-break is tested.
fn person_id(i: usize) -> PersonId {
    PersonId(Uuid::from_u128(((i as u128 * 7919) % 1009) + 1))
}

fn org_id(i: usize) -> OrganisationId {
    OrganisationId(Uuid::from_u128(0xABC0 + i as u128))
}

#[derive(Clone, Debug)]
struct EdgeSpec {
    a: usize,
    b: usize,
    strength: u8,
    verified: bool,
    contact: u8,
}

#[derive(Clone, Debug)]
struct Case {
    n: usize,
    edges: Vec<EdgeSpec>,
    /// (person, organisation 0..2, current)
    jobs: Vec<(usize, usize, bool)>,
    target: usize,
    excluded: Vec<bool>,
    factors: Vec<Option<f64>>,
    k: usize,
    per_target: usize,
    max_hops: u8,
    diverse: bool,
    verified_only: bool,
    /// Teammates of the rep: an implicit strong, verified tie from the rep to each.
    teammates: Vec<bool>,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..=12).prop_flat_map(|n| {
        let edge = (0..n, 0..n, 1u8..=5, any::<bool>(), 0u8..5)
            .prop_map(|(a, b, strength, verified, contact)| EdgeSpec { a, b, strength, verified, contact });
        let factor = prop_oneof![
            3 => Just(None),
            2 => Just(Some(1.5)),
            1 => Just(Some(0.5)),
            2 => (0.5f64..=1.5).prop_map(Some),
        ];
        let k = prop_oneof![2 => Just(1usize), 1 => 2usize..=5];
        (
            prop::collection::vec(edge, 0..(n * 4)),
            prop::collection::vec((0..n, 0usize..2, any::<bool>()), 0..n * 2),
            1..n,
            prop::collection::vec(prop::bool::weighted(0.15), n),
            prop::collection::vec(factor, n),
            k,
            1usize..=3,
            1u8..=4,
            any::<bool>(),
            prop::bool::weighted(0.25),
            prop::collection::vec(prop::bool::weighted(0.2), n),
        )
            .prop_map(
                move |(
                    edges,
                    jobs,
                    target,
                    excluded,
                    factors,
                    k,
                    per_target,
                    max_hops,
                    diverse,
                    verified_only,
                    teammates,
                )| {
                    Case {
                        n,
                        edges,
                        jobs,
                        target,
                        excluded,
                        factors,
                        k,
                        per_target,
                        max_hops,
                        diverse,
                        verified_only,
                        teammates,
                    }
                },
            )
    })
}

fn network_data(c: &Case) -> NetworkData {
    let t = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let contacts = [
        None,
        Some(today()),
        Some(today() - chrono::Days::new(30)),
        Some(today() - chrono::Days::new(400)),
        Some(today() + chrono::Days::new(5)),
    ];
    let mut seen = BTreeSet::new();
    let mut relationships = Vec::new();
    for (i, e) in c.edges.iter().enumerate() {
        let pair = (e.a.min(e.b), e.a.max(e.b));
        if e.a == e.b || !seen.insert(pair) {
            continue;
        }
        relationships.push(Relationship {
            id: RelationshipId(Uuid::from_u128(0x10_0000 + i as u128)),
            a: person_id(pair.0),
            b: person_id(pair.1),
            kind: RelationshipKind::Friend,
            strength: Strength::new(e.strength).unwrap(),
            verified_at: e.verified.then_some(t),
            last_contact: contacts[e.contact as usize],
            since: None,
            notes: String::new(),
            source: "test".into(),
            created_at: t,
            updated_at: t,
            owner_rep_id: None,
            visibility: Default::default(),
        });
    }
    NetworkData {
        people: (0..c.n).map(|i| PersonSummary { id: person_id(i), full_name: format!("P{i}") }).collect(),
        organisations: (0..2)
            .map(|i| OrganisationSummary { id: org_id(i), name: format!("Org{i}") })
            .collect(),
        employments: c
            .jobs
            .iter()
            .enumerate()
            .map(|(i, (p, o, current))| Employment {
                id: EmploymentId(Uuid::from_u128(0x20_0000 + i as u128)),
                person_id: person_id(*p),
                organisation_id: org_id(*o),
                title: String::new(),
                start: None,
                end: None,
                current: *current,
            })
            .collect(),
        relationships,
    }
}

fn options(c: &Case) -> PathOptions {
    PathOptions {
        k: c.k,
        max_hops: c.max_hops,
        // The rep (0) and the target are never excluded here.
        exclude: (1..c.n).filter(|&i| c.excluded[i] && i != c.target).map(person_id).collect(),
        verified_only: c.verified_only,
        diverse: c.diverse,
        per_target: c.per_target,
        teammates: (1..c.n).filter(|&i| c.teammates[i]).map(person_id).collect(),
        source_factors: (0..c.n).filter_map(|i| c.factors[i].map(|f| (person_id(i), f))).collect(),
    }
}

type Ranked = (f64, Vec<PersonId>);

/// Every simple path from `rep` to `target`, ranked. `targets` are every target of the
/// query (the teammate ties never lead to one).
fn brute_all(
    data: &NetworkData,
    rep: PersonId,
    target: PersonId,
    targets: &BTreeSet<PersonId>,
    o: &PathOptions,
) -> Vec<Ranked> {
    let params = WeightParams::default();
    let mut weight: HashMap<(PersonId, PersonId), f64> = HashMap::new();
    for r in &data.relationships {
        if o.verified_only && r.verified_at.is_none() {
            continue;
        }
        let w = introduction_weight(r, &params, today());
        weight.insert((r.a, r.b), w);
        weight.insert((r.b, r.a), w);
    }
    // A teammate: the better of the recorded tie and a strong, verified one in contact today.
    let team = weight_of(Strength::new(4).unwrap(), true, Some(today()), &params, today());
    for t in o.teammates.iter().filter(|t| **t != rep && !targets.contains(t)) {
        let w = weight.get(&(rep, *t)).copied().unwrap_or(0.0).max(team);
        weight.insert((rep, *t), w);
    }
    let people: Vec<PersonId> = data.people.iter().map(|p| p.id).filter(|p| !o.exclude.contains(p)).collect();
    let mut out = Vec::new();
    let mut path = vec![rep];
    fn walk(
        path: &mut Vec<PersonId>,
        people: &[PersonId],
        weight: &HashMap<(PersonId, PersonId), f64>,
        target: PersonId,
        max_hops: usize,
        o: &PathOptions,
        out: &mut Vec<Ranked>,
    ) {
        let last = *path.last().unwrap();
        if last == target {
            let ws: Vec<f64> = path.windows(2).map(|p| weight[&(p[0], p[1])]).collect();
            let factor =
                if path.len() > 2 { o.source_factors.get(&path[1]).copied().unwrap_or(1.0) } else { 1.0 };
            out.push((ws.iter().product::<f64>() * factor, path.clone()));
            return;
        }
        if path.len() > max_hops {
            return;
        }
        for &p in people {
            if !path.contains(&p) && weight.contains_key(&(last, p)) {
                path.push(p);
                walk(path, people, weight, target, max_hops, o, out);
                path.pop();
            }
        }
    }
    walk(&mut path, &people, &weight, target, o.max_hops as usize, o, &mut out);
    out.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.len().cmp(&y.1.len())).then(x.1.cmp(&y.1)));
    out
}

fn brute_person(
    data: &NetworkData,
    rep: PersonId,
    target: PersonId,
    o: &PathOptions,
    k: usize,
) -> Vec<Ranked> {
    brute_person_among(data, rep, target, &BTreeSet::from([target]), o, k)
}

fn brute_person_among(
    data: &NetworkData,
    rep: PersonId,
    target: PersonId,
    targets: &BTreeSet<PersonId>,
    o: &PathOptions,
    k: usize,
) -> Vec<Ranked> {
    let all = brute_all(data, rep, target, targets, o);
    if !o.diverse {
        return all.into_iter().take(k).collect();
    }
    let mut firsts = BTreeSet::new();
    all.into_iter().filter(|(_, p)| firsts.insert(p[1])).take(k).collect()
}

fn brute_organisation(
    data: &NetworkData,
    rep: PersonId,
    org: OrganisationId,
    o: &PathOptions,
) -> Vec<Vec<Ranked>> {
    let employees: BTreeSet<PersonId> = data
        .employments
        .iter()
        .filter(|e| {
            e.organisation_id == org && e.current && e.person_id != rep && !o.exclude.contains(&e.person_id)
        })
        .map(|e| e.person_id)
        .collect();
    let all_employees: BTreeSet<PersonId> = data
        .employments
        .iter()
        .filter(|e| e.organisation_id == org && e.current && e.person_id != rep)
        .map(|e| e.person_id)
        .collect();
    let mut groups: Vec<Vec<Ranked>> = employees
        .into_iter()
        .map(|e| brute_person_among(data, rep, e, &all_employees, o, o.per_target))
        .filter(|g| !g.is_empty())
        .collect();
    groups.sort_by(|x, y| {
        let (a, b) = (&x[0], &y[0]);
        b.0.total_cmp(&a.0).then(a.1.len().cmp(&b.1.len())).then(a.1.cmp(&b.1))
    });
    groups.truncate(o.k);
    groups
}

fn ranked(paths: &[IntroPath]) -> Vec<Ranked> {
    paths.iter().map(|p| (p.score, p.people.iter().map(|q| q.id).collect())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn person_paths_equal_brute_force(c in case()) {
        let data = network_data(&c);
        let network = Network::build(&data, WeightParams::default(), today()).unwrap();
        let o = options(&c);
        let (rep, target) = (person_id(0), person_id(c.target));
        let got = paths_to_person(&network, rep, target, &o).unwrap();
        let want = brute_person(&data, rep, target, &o, o.k);
        prop_assert_eq!(ranked(&got), want);
        for p in &got {
            prop_assert!(p.hops.len() <= o.max_hops as usize);
            prop_assert!(p.people.iter().all(|q| !o.exclude.contains(&q.id)));
            prop_assert!(!o.verified_only || p.hops.iter().all(|h| h.verified));
        }
    }

    #[test]
    fn organisation_paths_equal_brute_force(c in case(), org in 0usize..2) {
        let data = network_data(&c);
        let network = Network::build(&data, WeightParams::default(), today()).unwrap();
        let o = options(&c);
        let rep = person_id(0);
        let got = paths_to_organisation(&network, rep, org_id(org), &o).unwrap();
        let want = brute_organisation(&data, rep, org_id(org), &o);
        let got: Vec<Vec<Ranked>> = got
            .iter()
            .map(|g| {
                assert!(g.paths.iter().all(|p| p.target().id == g.person.id));
                ranked(&g.paths)
            })
            .collect();
        prop_assert_eq!(got, want);
    }
}
