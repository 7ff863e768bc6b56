//! The Today screen's, the board's and a person's page's lists: the first N with the full
//! count, each served by an index (migrations 0010 and 0011); and what sources are owed.
use chrono::NaiveDate;

use rusqlite::params;
use rusqlite::types::ToSql;

use crate::error::Result;
use crate::model::{FollowUps, IntroRequest, SourceOwed, Stage};
use crate::model::{PersonId, RepId};
use crate::store::Store;

use super::{request_row, SELECT};

/// Open requests whose follow-up is due `today` or overdue, oldest first.
pub fn follow_ups(store: &Store, today: NaiveDate, rep: Option<RepId>) -> Result<FollowUps> {
    let sql = format!(
        "{SELECT} WHERE r.next_follow_up IS NOT NULL AND r.next_follow_up <= ?1
           AND r.stage NOT IN ('declined', 'won', 'lost') AND (?2 IS NULL OR r.rep_id = ?2)
         ORDER BY r.next_follow_up, r.created_at"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let all: Vec<IntroRequest> =
        stmt.query_map(params![today, rep.map(|r| r.0)], request_row)?.collect::<rusqlite::Result<_>>()?;
    let (due, overdue) = all.into_iter().partition(|r| r.next_follow_up == Some(today));
    Ok(FollowUps { today: Some(today), due, overdue })
}

/// A bounded list and how many there are in all: what a screen shows of a list that can
/// run to tens of thousands at a million requests.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Listed {
    /// At most the limit asked for, in the list's order.
    pub requests: Vec<IntroRequest>,
    /// Every request the list holds.
    pub total: u64,
}

/// The requests meeting `condition` (on `intro_requests r`, with `values` for its `?1`,
/// `?2`, ...): the first `limit` in `order`, and how many there are in all (every request
/// has its rep and people, so the joins of [`SELECT`] drop none).
fn listed(store: &Store, condition: &str, order: &str, values: &[&dyn ToSql], limit: u64) -> Result<Listed> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut with_limit = values.to_vec();
    with_limit.push(&limit);
    let mut stmt = store.conn().prepare_cached(&format!(
        "{SELECT} WHERE {condition} ORDER BY {order} LIMIT ?{}",
        with_limit.len()
    ))?;
    let requests = stmt.query_map(with_limit.as_slice(), request_row)?.collect::<rusqlite::Result<_>>()?;
    let total: i64 = store
        .conn()
        .prepare_cached(&format!("SELECT COUNT(*) FROM intro_requests r WHERE {condition}"))?
        .query_row(values, |r| r.get(0))?;
    Ok(Listed { requests, total: total as u64 })
}

/// A rep's follow-ups due `today` and overdue, each list cut at `limit` (oldest first, as
/// [`follow_ups`] orders them), with their full counts.
pub fn follow_ups_listed(
    store: &Store,
    today: NaiveDate,
    rep: RepId,
    limit: u64,
) -> Result<(Listed, Listed)> {
    const OPEN: &str = "r.stage NOT IN ('declined', 'won', 'lost') AND r.rep_id = ?2";
    let values: [&dyn ToSql; 2] = [&today, &rep.0];
    let order = "r.next_follow_up, r.created_at";
    let due = listed(store, &format!("r.next_follow_up = ?1 AND {OPEN}"), order, &values, limit)?;
    let overdue = listed(
        store,
        &format!("r.next_follow_up IS NOT NULL AND r.next_follow_up < ?1 AND {OPEN}"),
        order,
        &values,
        limit,
    )?;
    Ok((due, overdue))
}

/// A rep's requests at `stage`s asked or accepted (the source has not made the
/// introduction yet), newest first, cut at `limit`, with their full count.
pub fn waiting_listed(store: &Store, rep: RepId, limit: u64) -> Result<Listed> {
    let condition = "r.rep_id = ?1 AND r.stage IN ('asked', 'accepted')";
    listed(store, condition, "r.created_at DESC, r.id DESC", &[&rep.0], limit)
}

/// Every request, newest first, cut at `limit`, with the full count.
pub fn recent_listed(store: &Store, limit: u64) -> Result<Listed> {
    listed(store, "1", "r.created_at DESC, r.id DESC", &[], limit)
}

/// The requests `person` is the target or the referral source of, newest first, cut at
/// `limit`, with their full count: a person page's list (a hub of the network can be
/// either in thousands).
pub fn involving(store: &Store, person: PersonId, limit: u64) -> Result<Listed> {
    let condition = "(r.target_id = ?1 OR r.source_id = ?1)";
    listed(store, condition, "r.created_at DESC, r.id DESC", &[&person.0], limit)
}

/// Whether `rep` has a request still open toward `target`.
pub fn open_toward(store: &Store, rep: RepId, target: PersonId) -> Result<bool> {
    Ok(store
        .conn()
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM intro_requests
             WHERE target_id = ?2 AND rep_id = ?1 AND stage NOT IN ('declined', 'won', 'lost'))",
        )?
        .query_row(params![rep.0, target.0], |r| r.get(0))?)
}

/// Open requests of reps other than `rep` toward `target` or through `source`, oldest
/// first: before asking, the rep learns that a colleague already asked (the target and
/// source indexes, at most 20 of each).
pub fn open_by_others(
    store: &Store,
    rep: RepId,
    target: PersonId,
    source: Option<PersonId>,
) -> Result<Vec<IntroRequest>> {
    const OPEN: &str = "r.stage NOT IN ('declined', 'won', 'lost') AND r.rep_id <> ?1";
    let mut out: Vec<IntroRequest> = Vec::new();
    let by_target = format!("{SELECT} WHERE r.target_id = ?2 AND {OPEN} ORDER BY r.created_at LIMIT 20");
    let by_source = format!("{SELECT} WHERE r.source_id = ?2 AND {OPEN} ORDER BY r.created_at LIMIT 20");
    let queries = [(by_target, Some(target)), (by_source, source)];
    for (sql, person) in queries {
        let Some(person) = person else { continue };
        let mut stmt = store.conn().prepare_cached(&sql)?;
        for r in stmt.query_map(params![rep.0, person.0], request_row)? {
            let r = r?;
            if !out.iter().any(|o| o.id == r.id) {
                out.push(r);
            }
        }
    }
    out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.0.cmp(&b.id.0)));
    Ok(out)
}

/// Requests whose source made the introduction (introduced or later) and is still owed
/// thanks, or (once the request is won or lost) the outcome.
pub fn sources_owed(store: &Store, rep: Option<RepId>) -> Result<Vec<SourceOwed>> {
    let sql = format!(
        "{SELECT} WHERE (r.reached & ?1) <> 0 AND (?2 IS NULL OR r.rep_id = ?2)
           AND (r.thanked_on IS NULL OR (r.stage IN ('won', 'lost') AND r.told_on IS NULL))
         ORDER BY r.created_at"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params![Stage::Introduced.bit(), rep.map(|r| r.0)], request_row)?;
    let mut out = Vec::new();
    for r in rows {
        let request = r?;
        let not_thanked = request.thanked_on.is_none();
        let not_told = matches!(request.stage, Stage::Won | Stage::Lost) && request.told_on.is_none();
        out.push(SourceOwed { request, not_thanked, not_told });
    }
    Ok(out)
}
