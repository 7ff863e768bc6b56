//! A small SQL fixture for the pipeline tests: people, reps, relationships and touches
//! written straight into the v1 tables, and a fixed clock.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use intrograph_engine::model::{PersonId, RepId};
use intrograph_engine::pipeline::{Clock, IntroRequest, NewRequest};
use intrograph_engine::store::{requests, Store};
use rusqlite::params;

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn clock(s: &str) -> Clock {
    Clock::at_utc(at(s))
}

pub fn clock_in(s: &str, offset_hours: i32) -> Clock {
    Clock { now: at(s), offset: FixedOffset::east_opt(offset_hours * 3600).unwrap() }
}

pub fn person(store: &mut Store, name: &str) -> PersonId {
    let id = PersonId::new();
    let now = at("2026-01-01T00:00:00Z");
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO people (id, full_name, name_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id.0, name, name.to_lowercase(), now],
            )?;
            Ok(())
        })
        .unwrap();
    id
}

pub fn rep(store: &mut Store, name: &str) -> (RepId, PersonId) {
    let p = person(store, name);
    let id = RepId::new();
    let now = at("2026-01-01T00:00:00Z");
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO reps (id, person_id, active, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3)",
                params![id.0, p.0, now],
            )?;
            Ok(())
        })
        .unwrap();
    (id, p)
}

/// A draft request by `rep` toward `target` through `source` (the path rep → source →
/// target), created at `c`.
pub fn create_request(
    store: &mut Store,
    rep: RepId,
    target: PersonId,
    source: PersonId,
    c: &Clock,
) -> IntroRequest {
    let new = NewRequest {
        rep_id: Some(rep),
        target_id: Some(target),
        source_id: Some(source),
        reason: "r".into(),
        ..Default::default()
    };
    requests::create(store, new, c).unwrap()
}

pub fn deactivate(store: &mut Store, rep: RepId) {
    store
        .write(|tx| {
            tx.execute("UPDATE reps SET active = 0 WHERE id = ?1", [rep.0])?;
            Ok(())
        })
        .unwrap();
}

pub fn relate(store: &mut Store, a: PersonId, b: PersonId, kind: &str) {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    let now = at("2026-01-01T00:00:00Z");
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO relationships (id, person_a, person_b, kind, strength, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 3, ?5, ?5)",
                params![uuid::Uuid::now_v7(), a.0, b.0, kind, now],
            )?;
            Ok(())
        })
        .unwrap();
}

pub fn touch(store: &mut Store, person: PersonId, rep: Option<RepId>, date: &str) {
    let now = at("2026-01-01T00:00:00Z");
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO touches (id, person_id, rep_id, kind, date, created_at) VALUES (?1, ?2, ?3, 'call', ?4, ?5)",
                params![uuid::Uuid::now_v7(), person.0, rep.map(|r| r.0), day(date), now],
            )?;
            Ok(())
        })
        .unwrap();
}

/// A row count, to prove a failed command changed nothing.
pub fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Every table's row count plus the requests' content, to compare before and after.
pub fn snapshot(store: &Store) -> String {
    let mut out = String::new();
    for t in [
        "people",
        "reps",
        "touches",
        "relationships",
        "intro_requests",
        "request_history",
        "opportunities",
        "assessments",
        "goals",
        "settings",
        "organisations",
        "employments",
    ] {
        out.push_str(&format!("{t}={} ", count(store, t)));
    }
    let mut stmt = store
        .conn()
        .prepare("SELECT stage, reached, next_follow_up, deal_value, thanked_on, told_on, updated_at FROM intro_requests ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "{}|{}|{:?}|{:?}|{:?}|{:?}|{}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<f64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?
            ))
        })
        .unwrap();
    for r in rows {
        out.push_str(&r.unwrap());
        out.push('\n');
    }
    out
}
