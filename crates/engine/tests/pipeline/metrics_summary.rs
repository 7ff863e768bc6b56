//! The funnel read through the daily summary (whole UTC days) plus the partial days at the
//! ends equals a count over every request, for many periods and time zones, and stays right
//! as requests move and are deleted.

use crate::pipeline_common;

use std::collections::BTreeSet;

use chrono::{Duration, FixedOffset};
use intrograph_engine::model::RepId;
use intrograph_engine::pipeline::metrics::{self, By, Filter};
use intrograph_engine::pipeline::{Clock, Move, NewRequest, Period, Stage};
use intrograph_engine::store::{requests, Store};
use pipeline_common::*;

/// A small deterministic generator (no dependency, same sequence every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn brute(store: &Store, f: &Filter) -> Vec<(Option<RepId>, Vec<u64>)> {
    let (start, end) = f.period.instants(f.offset);
    let mut out: Vec<(Option<RepId>, Vec<u64>)> = Vec::new();
    let all = requests::list(store, &Default::default()).unwrap();
    let mut counts = vec![0u64; 10];
    for r in all.iter().filter(|r| r.created_at >= start && r.created_at < end) {
        if f.rep.is_some_and(|x| x != r.rep_id) {
            continue;
        }
        let reached: BTreeSet<Stage> = requests::history(store, r.id).unwrap().iter().map(|h| h.to).collect();
        for (i, s) in Stage::ALL.iter().enumerate() {
            counts[i] += u64::from(reached.contains(s));
        }
    }
    out.push((None, counts));
    out
}

fn from_funnel(store: &Store, f: &Filter) -> Vec<(Option<RepId>, Vec<u64>)> {
    let row = metrics::funnel(store, f, By::All).unwrap().rows[0].counts;
    vec![(None, Stage::ALL.iter().map(|s| row.get(*s)).collect())]
}

#[test]
fn summary_and_partial_days_equal_a_full_count() {
    let mut store = Store::open_in_memory().unwrap();
    let reps: Vec<RepId> = (0..3).map(|i| rep(&mut store, &format!("Rep {i}")).0).collect();
    let people: Vec<_> = (0..6).map(|i| person(&mut store, &format!("Person {i}"))).collect();
    let mut rng = Lcg(7);
    let base = at("2026-01-01T00:00:00Z");
    let mut ids = Vec::new();
    for _ in 0..150 {
        let created = base + Duration::minutes(rng.next(60 * 24 * 200) as i64);
        let source = people[rng.next(6) as usize];
        let mut target = people[rng.next(6) as usize];
        if target == source {
            target = people[(people.iter().position(|p| *p == source).unwrap() + 1) % 6];
        }
        let new = NewRequest {
            rep_id: Some(reps[rng.next(3) as usize]),
            target_id: Some(target),
            source_id: Some(source),
            reason: "r".into(),
            ..Default::default()
        };
        let r = requests::create(&mut store, new, &Clock::at_utc(created)).unwrap();
        let route = [
            Stage::Asked,
            Stage::Accepted,
            Stage::Introduced,
            Stage::Meeting,
            Stage::Opportunity,
            Stage::Won,
        ];
        for s in route.iter().take(rng.next(7) as usize) {
            let mv = Move { deal_value: Some(1.0), ..Move::to(*s) };
            requests::move_to(&mut store, r.id, &mv, &Clock::at_utc(created)).unwrap();
        }
        ids.push(r.id);
    }
    // Some removed, to exercise the delete trigger.
    store
        .write(|tx| {
            for id in ids.iter().step_by(10) {
                tx.execute("DELETE FROM intro_requests WHERE id = ?1", [id.0])?;
            }
            Ok(())
        })
        .unwrap();

    for case in 0..60 {
        let from = day("2025-12-25") + chrono::Days::new(rng.next(200));
        let to = from + chrono::Days::new(rng.next(120));
        let minutes = [-600, -420, 0, 60, 120, 330, 345, 540, 840][rng.next(9) as usize];
        let f = Filter {
            period: Period::new(from, to).unwrap(),
            offset: FixedOffset::east_opt(minutes * 60).unwrap(),
            rep: (rng.next(2) == 0).then(|| reps[rng.next(3) as usize]),
        };
        assert_eq!(from_funnel(&store, &f), brute(&store, &f), "case {case}: {f:?}");
        // By rep, the rows add up to the whole.
        let by_rep = metrics::funnel(&store, &f, By::Rep).unwrap();
        let total: u64 = by_rep.rows.iter().map(|r| r.counts.created).sum();
        assert_eq!(total, brute(&store, &f)[0].1[0], "case {case}");
    }
    let daily: i64 =
        store.conn().query_row("SELECT COALESCE(SUM(n), 0) FROM request_daily", [], |r| r.get(0)).unwrap();
    assert_eq!(daily, count(&store, "intro_requests"));
    let zero: i64 =
        store.conn().query_row("SELECT COUNT(*) FROM request_daily WHERE n <= 0", [], |r| r.get(0)).unwrap();
    assert_eq!(zero, 0);
}
