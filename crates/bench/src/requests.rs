//! Introduction requests for the metrics figures: created and moved through their
//! stages by the engine's own pipeline functions (each with its history and
//! follow-ups), spread over the past year, then the funnel, every figure of the
//! Metrics screen is timed.

use std::time::Instant;

use chrono::{Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use intrograph_engine::model::PersonId;
use intrograph_engine::pipeline::metrics::{self, By, Filter};
use intrograph_engine::pipeline::{Clock, Move, NewRequest, Period, Stage};
use intrograph_engine::store::{reps, requests, Store};

use crate::{ms, today, AnyResult, MetricsFigures};

/// Requests created (and moved) per transaction.
const BATCH: usize = 10_000;

/// Tops the store up to `n` requests (a reused database may hold them already) from 20
/// reps through the people they know, a draw whose target is the rep being skipped;
/// moves each along a random legal course; then times the metrics over the year.
pub fn metrics(
    store: &mut Store,
    ids: &[PersonId],
    adj: &[Vec<u32>],
    n: usize,
    seed: u64,
) -> AnyResult<MetricsFigures> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x4e9);
    let rep_nodes: Vec<u32> = {
        let mut by_degree: Vec<u32> = (0..adj.len() as u32).collect();
        by_degree.sort_by_key(|&v| std::cmp::Reverse(adj[v as usize].len()));
        by_degree.into_iter().skip(50).take(20).collect()
    };
    let rep_ids = store.write(|tx| {
        rep_nodes
            .iter()
            .map(|&v| match reps::for_person(tx, ids[v as usize])? {
                Some(r) => Ok((v, r.id)),
                None => reps::add(tx, ids[v as usize]).map(|r| (v, r.id)),
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    let start = Instant::now();
    let year_start = Utc.from_utc_datetime(&(today() - Duration::days(365)).and_time(NaiveTime::MIN));
    let rules = requests::write_rules(store.conn())?;
    let stored: i64 = store.conn().query_row("SELECT count(*) FROM intro_requests", [], |r| r.get(0))?;
    let n = n.saturating_sub(stored as usize);
    // A large page cache while generating (the store's own is restored below before the
    // metrics are timed).
    let cache_size: i64 = store.conn().pragma_query_value(None, "cache_size", |r| r.get(0))?;
    store.conn().pragma_update(None, "cache_size", -1_048_576)?;
    let mut done = 0;
    while done < n {
        let batch = BATCH.min(n - done);
        done += store.write(|tx| {
            let mut made = 0;
            while made < batch {
                let (rep_node, rep) = rep_ids[rng.usize(..rep_ids.len())];
                let row = &adj[rep_node as usize];
                let source = row[rng.usize(..row.len())];
                let second = &adj[source as usize];
                let target = second[rng.usize(..second.len())];
                if target == rep_node {
                    continue;
                }
                let mut at = year_start + Duration::minutes(rng.i64(0..365 * 24 * 60 - 60 * 24 * 30));
                let new = NewRequest {
                    rep_id: Some(rep),
                    target_id: Some(ids[target as usize]),
                    source_id: Some(ids[source as usize]),
                    path: Vec::new(),
                    reason: "expanding into their region".into(),
                    offer: "a short call".into(),
                    message: None,
                };
                let request = requests::create_in(tx, &new, &Clock::at_utc(at), &rules)?;
                // Each step happens with a falling chance, a few days after the last.
                let mut stage = Stage::Draft;
                while !stage.next().is_empty() && rng.f64() < 0.7 {
                    let next = stage.next()[rng.usize(..stage.next().len())];
                    if next == Stage::Stalled {
                        break;
                    }
                    let mut mv = Move::to(next);
                    if next == Stage::Won {
                        mv.deal_value = Some(f64::from(rng.u32(5..200)) * 1000.0);
                    }
                    if next == Stage::Lost {
                        mv.lost_reason = Some("no budget".into());
                    }
                    at += Duration::hours(rng.i64(1..24 * 10));
                    requests::move_in(tx, request, &mv, &Clock::at_utc(at), &rules.follow_ups)?;
                    stage = next;
                }
                made += 1;
            }
            Ok(made)
        })?;
        if done % 100_000 == 0 || done == n {
            eprintln!("  {done} requests in {:.0}s", start.elapsed().as_secs_f64());
        }
    }
    let generate_secs = start.elapsed().as_secs_f64();
    store.conn().pragma_update(None, "cache_size", cache_size)?;
    let filter = Filter {
        period: Period::new(today() - Duration::days(365), today())?,
        offset: FixedOffset::east_opt(0).expect("UTC"),
        rep: None,
    };
    let time = |f: &mut dyn FnMut() -> AnyResult<()>| -> AnyResult<f64> {
        f()?; // warm the page cache once
        let t = Instant::now();
        f()?;
        Ok(ms(t.elapsed()))
    };
    // Every request in the store falls in the year (a reused database may hold earlier runs' too).
    let in_period = metrics::funnel(store, &filter, By::All)?.rows.first().map_or(0, |r| r.counts.created);
    let today = today();
    Ok(MetricsFigures {
        requests: in_period as usize,
        generate_secs,
        funnel_ms: time(&mut || metrics::funnel(store, &filter, By::All).map(drop).map_err(Into::into))?,
        funnel_by_rep_ms: time(&mut || {
            metrics::funnel(store, &filter, By::Rep).map(drop).map_err(Into::into)
        })?,
        funnel_by_source_ms: time(&mut || {
            metrics::funnel(store, &filter, By::Source).map(drop).map_err(Into::into)
        })?,
        funnel_by_quarter_ms: time(&mut || {
            metrics::funnel(store, &filter, By::Quarter).map(drop).map_err(Into::into)
        })?,
        lead_sources_ms: time(&mut || metrics::lead_sources(store, &filter).map(drop).map_err(Into::into))?,
        activity_ms: time(&mut || metrics::activity(store, &filter, today).map(drop).map_err(Into::into))?,
        top_sources_ms: time(&mut || metrics::top_sources(store, &filter, 10).map(drop).map_err(Into::into))?,
    })
}
