//! The bounded lists a screen shows of a rep's requests (the Today screen, the board):
//! the first requests of the full list, in its order, with the full count.

use crate::pipeline_common;

use intrograph_engine::pipeline::{Move, RequestFilter, Stage};
use intrograph_engine::store::{requests, Store};
use pipeline_common::*;

#[test]
fn bounded_lists_are_the_first_of_the_full_lists_with_their_counts() {
    let mut store = Store::open_in_memory().unwrap();
    let (other, _) = rep(&mut store, "Ann Archer");
    let (rep, _) = rep(&mut store, "Sam Rivera");
    let source = person(&mut store, "Source");
    let today = day("2026-03-10");
    let mut targets = Vec::new();
    for i in 0..24u32 {
        let target = person(&mut store, &format!("Target {i}"));
        targets.push(target);
        let c = clock(&format!("2026-02-{:02}T09:00:00Z", 1 + i % 28));
        let r = create_request(&mut store, if i % 6 == 5 { other } else { rep }, target, source, &c);
        let course: &[Stage] = match i % 4 {
            0 => &[Stage::Asked],
            1 => &[Stage::Asked, Stage::Accepted],
            2 => &[Stage::Asked, Stage::Declined],
            _ => &[],
        };
        for s in course {
            requests::move_to(&mut store, r.id, &Move::to(*s), &c).unwrap();
        }
        if i % 4 != 2 {
            let on = if i % 3 == 0 { today } else { day(&format!("2026-03-{:02}", 1 + i % 9)) };
            requests::set_follow_up(&mut store, r.id, Some(on), &c).unwrap();
        }
    }
    let full = requests::follow_ups(&store, today, Some(rep)).unwrap();
    let mine =
        requests::list(&store, &RequestFilter { rep_id: Some(rep), ..RequestFilter::default() }).unwrap();
    let waiting: Vec<_> =
        mine.iter().filter(|r| matches!(r.stage, Stage::Asked | Stage::Accepted)).cloned().collect();
    let everyone = requests::list(&store, &RequestFilter::default()).unwrap();
    assert!(full.overdue.len() > 3 && full.due.len() > 1 && waiting.len() > 3, "the fixture has long lists");
    for limit in [0u64, 1, 3, 1000] {
        let n = limit as usize;
        let (due, overdue) = requests::follow_ups_listed(&store, today, rep, limit).unwrap();
        assert_eq!(overdue.requests, full.overdue[..n.min(full.overdue.len())]);
        assert_eq!(overdue.total, full.overdue.len() as u64);
        assert_eq!(due.requests, full.due[..n.min(full.due.len())]);
        assert_eq!(due.total, full.due.len() as u64);
        let w = requests::waiting_listed(&store, rep, limit).unwrap();
        assert_eq!(w.requests, waiting[..n.min(waiting.len())]);
        assert_eq!(w.total, waiting.len() as u64);
        let recent = requests::recent_listed(&store, limit).unwrap();
        assert_eq!(recent.requests, everyone[..n.min(everyone.len())]);
        assert_eq!(recent.total, everyone.len() as u64);
    }
    for (i, &t) in targets.iter().enumerate() {
        let open = mine.iter().any(|r| r.target_id == t && !r.stage.is_final());
        assert_eq!(requests::open_toward(&store, rep, t).unwrap(), open, "target {i}");
    }
}

/// A person page's list: the requests a person is the target or the referral source of,
/// newest first, cut with its full count; and the filtered lists, each the full list
/// filtered, read through the indexes.
#[test]
fn a_persons_requests_are_those_naming_them_newest_first() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, _) = rep(&mut store, "Ann Archer");
    let (sam, _) = rep(&mut store, "Sam Rivera");
    let hub = person(&mut store, "Hub");
    let others: Vec<_> = (0..5).map(|i| person(&mut store, &format!("Other {i}"))).collect();
    for i in 0..30usize {
        // The hub is the target, the source or neither, in turn.
        let (target, source) = match i % 3 {
            0 => (hub, others[i % 5]),
            1 => (others[i % 5], hub),
            _ => (others[i % 5], others[(i + 1) % 5]),
        };
        let c = clock(&format!("2026-02-{:02}T09:{:02}:00Z", 1 + i % 27, i));
        let r = create_request(&mut store, if i % 4 == 0 { ann } else { sam }, target, source, &c);
        if i % 2 == 0 {
            requests::move_to(&mut store, r.id, &Move::to(Stage::Asked), &c).unwrap();
        }
    }
    let everyone = requests::list(&store, &RequestFilter::default()).unwrap();
    let naming: Vec<_> =
        everyone.iter().filter(|r| r.target_id == hub || r.source_id == hub).cloned().collect();
    assert_eq!(naming.len(), 20);
    for limit in [0u64, 1, 7, 1000] {
        let listed = requests::involving(&store, hub, limit).unwrap();
        assert_eq!(listed.requests, naming[..(limit as usize).min(naming.len())]);
        assert_eq!(listed.total, 20);
    }
    let of_other = everyone.iter().filter(|r| r.target_id == others[0] || r.source_id == others[0]).count();
    assert!(of_other > 0);
    assert_eq!(requests::involving(&store, others[0], 100).unwrap().total, of_other as u64);

    // Every combination of filters gives the full list filtered.
    for rep_id in [None, Some(ann), Some(sam)] {
        for stage in [None, Some(Stage::Draft), Some(Stage::Asked)] {
            for source_id in [None, Some(hub), Some(others[1])] {
                for target_id in [None, Some(hub), Some(others[2])] {
                    let filter = RequestFilter { rep_id, stage, source_id, target_id };
                    let want: Vec<_> = everyone
                        .iter()
                        .filter(|r| rep_id.is_none_or(|v| r.rep_id == v))
                        .filter(|r| stage.is_none_or(|v| r.stage == v))
                        .filter(|r| source_id.is_none_or(|v| r.source_id == v))
                        .filter(|r| target_id.is_none_or(|v| r.target_id == v))
                        .cloned()
                        .collect();
                    assert_eq!(requests::list(&store, &filter).unwrap(), want, "{filter:?}");
                }
            }
        }
    }

    // Both lists are read through the people's indexes, not by reading every request.
    let plan = |condition: &str| -> String {
        store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN SELECT * FROM intro_requests r WHERE {condition}"))
            .unwrap()
            .query_map([hub.0], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
            .join("; ")
    };
    assert!(
        plan("r.target_id = ?1").contains("USING INDEX intro_requests_target"),
        "{}",
        plan("r.target_id = ?1")
    );
    let either = plan("(r.target_id = ?1 OR r.source_id = ?1)");
    assert!(either.contains("intro_requests_target") && either.contains("intro_requests_source"), "{either}");
}
