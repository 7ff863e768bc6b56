//! The funnel by source, the top sources and activity (asks, overdue follow-ups, unthanked
//! sources) read through the metrics summaries equal a count over every request and its
//! history, for periods covering most requests (totals less the rest) and few (a scan),
//! several time zones and reps, after moves, merges of sources and deletions.

use crate::pipeline_common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, FixedOffset};
use intrograph_engine::model::{PersonId, RepId};
use intrograph_engine::pipeline::metrics::{self, By, Filter};
use intrograph_engine::pipeline::{Clock, Move, NewRequest, Period, Stage};
use intrograph_engine::store::{requests, Store};
use pipeline_common::*;

/// A small deterministic generator (same sequence every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Per source: (created, introduced, won, revenue) over the filter, from every request.
type SourceRow = (u64, u64, u64, u64);

fn brute_sources(store: &Store, f: &Filter) -> BTreeMap<PersonId, SourceRow> {
    let (start, end) = f.period.instants(f.offset);
    let mut out: BTreeMap<PersonId, SourceRow> = BTreeMap::new();
    for r in requests::list(store, &Default::default()).unwrap() {
        if r.created_at < start || r.created_at >= end || f.rep.is_some_and(|x| x != r.rep_id) {
            continue;
        }
        let reached: BTreeSet<Stage> = requests::history(store, r.id).unwrap().iter().map(|h| h.to).collect();
        let e = out.entry(r.source_id).or_default();
        e.0 += 1;
        e.1 += u64::from(reached.contains(&Stage::Introduced));
        if r.stage == Stage::Won {
            e.2 += 1;
            e.3 += r.deal_value.unwrap() as u64;
        }
    }
    out
}

fn brute_asks(store: &Store, f: &Filter) -> BTreeMap<RepId, u64> {
    let (start, end) = f.period.instants(f.offset);
    let mut out = BTreeMap::new();
    for r in requests::list(store, &Default::default()).unwrap() {
        for h in requests::history(store, r.id).unwrap() {
            if h.to == Stage::Asked && h.at >= start && h.at < end {
                *out.entry(r.rep_id).or_default() += 1;
            }
        }
    }
    out
}

#[test]
fn sources_and_activity_through_the_summaries_equal_a_full_count() {
    let mut store = Store::open_in_memory().unwrap();
    let reps: Vec<RepId> = (0..3).map(|i| rep(&mut store, &format!("Rep {i}")).0).collect();
    let people: Vec<PersonId> = (0..8).map(|i| person(&mut store, &format!("Person {i}"))).collect();
    let mut rng = Lcg(11);
    let base = at("2026-01-01T00:00:00Z");
    let mut ids = Vec::new();
    for _ in 0..160 {
        let created = base + Duration::minutes(rng.next(60 * 24 * 200) as i64);
        let source = people[rng.next(8) as usize];
        let target =
            people[(people.iter().position(|p| *p == source).unwrap() + 1 + rng.next(7) as usize) % 8];
        let new = NewRequest {
            rep_id: Some(reps[rng.next(3) as usize]),
            target_id: Some(target),
            source_id: Some(source),
            reason: "r".into(),
            ..Default::default()
        };
        let r = requests::create(&mut store, new, &Clock::at_utc(created)).unwrap();
        let mut at = created;
        let mut stage = Stage::Draft;
        while !stage.next().is_empty() && rng.next(10) < 7 {
            let next = stage.next()[rng.next(stage.next().len() as u64) as usize];
            let mut mv = Move::to(next);
            if next == Stage::Won {
                mv.deal_value = Some((1 + rng.next(50)) as f64 * 1000.0);
            }
            if next == Stage::Lost {
                mv.lost_reason = Some("no budget".into());
            }
            at += Duration::hours(1 + rng.next(24 * 10) as i64);
            requests::move_to(&mut store, r.id, &mv, &Clock::at_utc(at)).unwrap();
            stage = next;
        }
        if rng.next(5) == 0 && !stage.is_final() {
            let on = (rng.next(3) > 0).then(|| at.date_naive() + chrono::Days::new(rng.next(60)));
            requests::set_follow_up(&mut store, r.id, on, &Clock::at_utc(at)).unwrap();
        }
        if rng.next(4) == 0 && stage != Stage::Draft {
            requests::mark_thanked(&mut store, r.id, at.date_naive(), &Clock::at_utc(at)).unwrap();
        }
        ids.push(r.id);
    }
    // Some removed, and one source's requests handed to another (the update trigger).
    store
        .write(|tx| {
            for id in ids.iter().step_by(9) {
                tx.execute("DELETE FROM intro_requests WHERE id = ?1", [id.0])?;
            }
            tx.execute(
                "UPDATE intro_requests SET source_id = ?1 WHERE source_id = ?2 AND target_id <> ?1",
                [people[0].0, people[1].0],
            )?;
            Ok(())
        })
        .unwrap();

    for case in 0..40 {
        // Half the periods cover nearly every request, half a few weeks.
        let (from, days) = if case % 2 == 0 {
            (day("2025-12-20") + chrono::Days::new(rng.next(10)), 200 + rng.next(30))
        } else {
            (day("2025-12-25") + chrono::Days::new(rng.next(200)), rng.next(40))
        };
        let minutes = [-600, -420, 0, 60, 330, 345, 840][rng.next(7) as usize];
        let f = Filter {
            period: Period::new(from, from + chrono::Days::new(days)).unwrap(),
            offset: FixedOffset::east_opt(minutes * 60).unwrap(),
            rep: (rng.next(2) == 0).then(|| reps[rng.next(3) as usize]),
        };
        let want = brute_sources(&store, &f);

        let by_source: BTreeMap<PersonId, (u64, u64)> = metrics::funnel(&store, &f, By::Source)
            .unwrap()
            .rows
            .iter()
            .map(|r| {
                (PersonId(r.id.as_ref().unwrap().parse().unwrap()), (r.counts.created, r.counts.introduced))
            })
            .collect();
        let want_funnel: BTreeMap<PersonId, (u64, u64)> =
            want.iter().map(|(k, v)| (*k, (v.0, v.1))).collect();
        assert_eq!(by_source, want_funnel, "case {case}: {f:?}");

        let top: BTreeMap<PersonId, (u64, u64, u64)> = metrics::top_sources(&store, &f, usize::MAX)
            .unwrap()
            .into_iter()
            .map(|t| (t.source_id, (t.introductions, t.wins, t.revenue as u64)))
            .collect();
        let want_top: BTreeMap<PersonId, (u64, u64, u64)> =
            want.iter().filter(|(_, v)| v.1 > 0 || v.2 > 0).map(|(k, v)| (*k, (v.1, v.2, v.3))).collect();
        assert_eq!(top, want_top, "case {case}: {f:?}");

        let all_top = metrics::top_sources(&store, &f, usize::MAX).unwrap();
        for limit in [0, 1, 2, 3, 5] {
            let top = metrics::top_sources(&store, &f, limit).unwrap();
            assert_eq!(top, all_top[..limit.min(all_top.len())], "case {case}: top {limit}");
        }

        let today = from + chrono::Days::new(days);
        let activity = metrics::activity(&store, &f, today).unwrap();
        let asks = brute_asks(&store, &f);
        let all = requests::list(&store, &Default::default()).unwrap();
        for a in &activity {
            assert_eq!(
                a.asks,
                asks.get(&a.rep_id).copied().unwrap_or(0),
                "case {case}: asks of {}",
                a.rep_name
            );
            let mine = all.iter().filter(|r| r.rep_id == a.rep_id);
            let overdue = mine
                .clone()
                .filter(|r| !r.stage.is_final() && r.next_follow_up.is_some_and(|d| d < today))
                .count() as u64;
            assert_eq!(a.overdue_follow_ups, overdue, "case {case}: overdue of {}", a.rep_name);
            let unthanked = mine
                .filter(|r| r.thanked_on.is_none())
                .filter(|r| {
                    requests::history(&store, r.id).unwrap().iter().any(|h| h.to == Stage::Introduced)
                })
                .count() as u64;
            assert_eq!(a.unthanked_sources, unthanked, "case {case}: unthanked of {}", a.rep_name);
        }
    }
    let empty: i64 = store
        .conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM request_sources WHERE n <= 0) + (SELECT COUNT(*) FROM request_asks_daily WHERE n <= 0) + (SELECT COUNT(*) FROM request_follow_ups WHERE n <= 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(empty, 0);
    let open: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM intro_requests
             WHERE next_follow_up IS NOT NULL AND stage NOT IN ('declined', 'won', 'lost')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let follow_ups: i64 = store
        .conn()
        .query_row("SELECT COALESCE(SUM(n), 0) FROM request_follow_ups", [], |r| r.get(0))
        .unwrap();
    assert_eq!(follow_ups, open);
    let sources: i64 =
        store.conn().query_row("SELECT COALESCE(SUM(n), 0) FROM request_sources", [], |r| r.get(0)).unwrap();
    assert_eq!(sources, count(&store, "intro_requests"));
}

#[test]
fn the_unthanked_partial_index_uses_the_introduced_bit() {
    assert_eq!(Stage::Introduced.bit(), 16);
}
