//! Referral sources: track records feeding path ranking, and lapsed customers as the
//! re-engagement list and suggested sources.

use crate::pipeline_common;

use intrograph_engine::model::{PersonId, RepId};
use intrograph_engine::pipeline::lapsed::{lapsed_customers, suggested_sources, DEFAULT_DAYS};
use intrograph_engine::pipeline::track_record::{self, source_factors};
use intrograph_engine::pipeline::{Move, Stage};
use intrograph_engine::store::{requests, Store};
use pipeline_common::*;

/// A request of `rep` to a new target through `source`, moved through `stages` (a deal
/// value and a lost reason given where a move needs them).
fn request_through(store: &mut Store, rep: RepId, source: PersonId, stages: &[Stage]) {
    let c = clock("2026-02-02T09:00:00Z");
    let target = person(store, "Some Target");
    let r = create_request(store, rep, target, source, &c);
    for s in stages {
        let mv = Move { deal_value: Some(1000.0), lost_reason: Some("x".into()), ..Move::to(*s) };
        requests::move_to(store, r.id, &mv, &c).unwrap();
    }
}

#[test]
fn track_records_count_outcomes_and_give_smoothed_factors() {
    let mut store = Store::open_in_memory().unwrap();
    let (rep, _) = rep(&mut store, "Sam Rivera");
    let good = person(&mut store, "Good Source");
    let poor = person(&mut store, "Poor Source");
    let fresh = person(&mut store, "Fresh Source");
    let mut run = |source: PersonId, stages: &[Stage]| request_through(&mut store, rep, source, stages);
    use Stage::*;
    run(good, &[Asked, Accepted, Introduced, Meeting, Opportunity, Won]);
    run(good, &[Asked, Accepted, Introduced]);
    run(poor, &[Asked, Declined]);
    run(poor, &[Asked, Accepted, Declined]);
    run(fresh, &[Asked]);

    let records = track_record::track_records(&store).unwrap();
    let g = records.iter().find(|t| t.source_id == good).unwrap();
    assert_eq!((g.asked, g.introduced, g.declined, g.won, g.lost, g.revenue), (2, 2, 0, 1, 0, 1000.0));
    // intro (2+2)/(2+0+4) = 2/3, win (1+1)/(1+0+4) = 0.4 → 1 + 1/6 + 0.15
    assert!((g.factor - (1.0 + 1.0 / 6.0 + 0.15)).abs() < 1e-9, "{}", g.factor);

    let f = source_factors(&store).unwrap();
    assert!((f[&poor] - (1.0 + (2.0 / 6.0 - 0.5))).abs() < 1e-9, "{}", f[&poor]);
    assert_eq!(f[&fresh], 1.0, "an ask still in progress says nothing yet");
    assert!(!f.contains_key(&PersonId::new()));
    assert!(f.values().all(|v| (0.5..=1.5).contains(v)));
    assert_eq!(records[0].source_id, good, "best first");
}

#[test]
fn lapsed_and_orphaned_customers() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, ann_p) = rep(&mut store, "Ann Archer");
    let (gone, gone_p) = rep(&mut store, "Gus Gone");
    let recent = person(&mut store, "Recent Client");
    let quiet = person(&mut store, "Quiet Client");
    let never = person(&mut store, "Never Touched");
    let orphan = person(&mut store, "Orphan Client");
    let friend = person(&mut store, "Just A Friend");
    for c in [recent, quiet, never] {
        relate(&mut store, ann_p, c, "client");
    }
    relate(&mut store, gone_p, orphan, "client");
    relate(&mut store, ann_p, friend, "friend");
    deactivate(&mut store, gone);
    touch(&mut store, recent, Some(ann), "2026-05-01");
    touch(&mut store, quiet, Some(ann), "2025-06-01");
    touch(&mut store, orphan, None, "2026-05-20");
    touch(&mut store, friend, None, "2020-01-01");

    let today = day("2026-06-01");
    let list = lapsed_customers(&store, today, DEFAULT_DAYS, None).unwrap();
    let view: Vec<(&str, bool, bool, Option<i64>)> =
        list.iter().map(|c| (c.name.as_str(), c.lapsed, c.orphaned, c.days_since)).collect();
    assert_eq!(
        view,
        vec![
            ("Never Touched", true, false, None),
            ("Quiet Client", true, false, Some(365)),
            ("Orphan Client", false, true, Some(12)),
        ]
    );
    // Exactly N days counts as lapsed; one day fewer does not.
    let at_31 = lapsed_customers(&store, today, 31, Some(ann)).unwrap();
    assert!(at_31.iter().any(|c| c.name == "Recent Client"), "2026-05-01 is 31 days before 2026-06-01");
    let at_32 = lapsed_customers(&store, today, 32, Some(ann)).unwrap();
    assert!(!at_32.iter().any(|c| c.name == "Recent Client"));
    // Orphans show for every rep; a rep's own only for them.
    let for_gone = lapsed_customers(&store, today, DEFAULT_DAYS, Some(gone)).unwrap();
    assert_eq!(for_gone.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Orphan Client"]);
    assert_eq!(suggested_sources(&store, today, DEFAULT_DAYS, None).unwrap(), vec![never, quiet, orphan]);
    assert!(lapsed_customers(&store, today, 0, None).unwrap_err().to_string().contains("days"));
}

#[test]
fn a_reps_paths_count_the_track_records_of_the_reps_ties_as_the_whole_tally_does() {
    use intrograph_engine::paths::{self, PathOptions};
    use intrograph_engine::suggest;
    let mut store = Store::open_in_memory().unwrap();
    let (rep, me) = rep(&mut store, "Sam Rivera");
    let good = person(&mut store, "Good Source");
    let poor = person(&mut store, "Poor Source");
    let quiet = person(&mut store, "Quiet Tie");
    let elsewhere = person(&mut store, "Another Rep's Source");
    let target = person(&mut store, "The Prospect");
    for source in [good, poor, quiet] {
        relate(&mut store, me, source, "colleague");
        relate(&mut store, source, target, "colleague");
    }
    relate(&mut store, elsewhere, target, "friend");
    let mut run = |source: PersonId, stages: &[Stage]| request_through(&mut store, rep, source, stages);
    use Stage::*;
    run(good, &[Asked, Accepted, Introduced, Meeting, Opportunity, Won]);
    run(good, &[Asked, Accepted, Introduced, Meeting, Opportunity, Won]);
    run(good, &[Asked, Accepted, Introduced, Meeting, Opportunity, Lost]);
    run(poor, &[Asked, Declined]);
    run(poor, &[Asked, Accepted, Introduced, Meeting, Opportunity, Lost]);
    run(elsewhere, &[Asked, Accepted, Introduced, Meeting, Opportunity, Won]);
    run(elsewhere, &[Asked, Accepted, Introduced]);

    let network = suggest::load_network(&store, day("2026-02-02")).unwrap();
    let mine = suggest::with_track_records(&store, &network, me, PathOptions::default()).unwrap();
    let whole = source_factors(&store).unwrap();
    let mut counted: Vec<PersonId> = mine.source_factors.keys().copied().collect();
    counted.sort();
    let mut want = vec![good, poor];
    want.sort();
    assert_eq!(counted, want, "the rep's ties with requests, not the other source");
    for p in [good, poor] {
        assert_eq!(mine.source_factors[&p], whole[&p]);
    }
    assert!(mine.source_factors[&good] > 1.0 && mine.source_factors[&poor] < 1.0);
    // The same paths as with every source's factor.
    let everyone = PathOptions { source_factors: whole, ..PathOptions::default() };
    let found = paths::paths_to_person(&network, me, target, &mine).unwrap();
    assert_eq!(found, paths::paths_to_person(&network, me, target, &everyone).unwrap());
    assert_eq!(found[0].first_intermediary().map(|p| p.id), Some(good), "the good record ranks first");
    // Factors already given are kept.
    let given = PathOptions { source_factors: [(poor, 1.5)].into(), ..PathOptions::default() };
    assert_eq!(suggest::with_track_records(&store, &network, me, given).unwrap().source_factors[&poor], 1.5);
}
