//! What the metrics and the track records read: counts per stage, rep or source, from the
//! summaries kept by triggers (`request_daily`, `request_sources`, `request_asks_daily`,
//! `request_follow_ups`) or a scan when that is cheaper.
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::error::Result;
use crate::model::Stage;
use crate::model::{PersonId, RepId};
use crate::store::Store;

use crate::store::rows::n;

/// One referral source's history, counted from the `reached` masks.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SourceTally {
    pub source_id: PersonId,
    pub source_name: String,
    /// Requests that reached `asked`.
    pub asked: u32,
    pub introduced: u32,
    pub declined: u32,
    pub won: u32,
    /// Lost after the introduction.
    pub lost: u32,
    pub revenue: f64,
}

/// Every referral source's tally, over all requests.
pub fn source_tallies(store: &Store) -> Result<Vec<SourceTally>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT t.source_id, p.full_name, t.asked, t.introduced, t.declined, t.won, t.lost, t.revenue
         FROM (SELECT source_id,
                 SUM((reached & ?1) <> 0) AS asked, SUM((reached & ?2) <> 0) AS introduced,
                 SUM((reached & ?3) <> 0) AS declined, SUM(stage = 'won') AS won, SUM(stage = 'lost') AS lost,
                 TOTAL(CASE WHEN stage = 'won' THEN deal_value END) AS revenue
               FROM intro_requests GROUP BY source_id) t
         JOIN people p ON p.id = t.source_id
         ORDER BY t.source_id",
    )?;
    let rows =
        stmt.query_map(params![Stage::Asked.bit(), Stage::Introduced.bit(), Stage::Declined.bit()], |r| {
            Ok(SourceTally {
                source_id: PersonId(r.get(0)?),
                source_name: r.get(1)?,
                asked: r.get(2)?,
                introduced: r.get(3)?,
                declined: r.get(4)?,
                won: r.get(5)?,
                lost: r.get(6)?,
                revenue: r.get(7)?,
            })
        })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `(introduced, declined, won, lost)` over every request `source` was the source of,
/// counted as [`source_tallies`] counts them; `None` when there is none.
pub fn source_outcomes(conn: &Connection, source: PersonId) -> Result<Option<(u32, u32, u32, u32)>> {
    let row = conn
        .prepare_cached(
            "SELECT COUNT(*), SUM((reached & ?2) <> 0), SUM((reached & ?3) <> 0),
                    SUM(stage = 'won'), SUM(stage = 'lost')
             FROM intro_requests WHERE source_id = ?1",
        )?
        .query_row(params![source.0, Stage::Introduced.bit(), Stage::Declined.bit()], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, Option<u32>>(1)?,
                r.get::<_, Option<u32>>(2)?,
                r.get::<_, Option<u32>>(3)?,
                r.get::<_, Option<u32>>(4)?,
            ))
        })?;
    Ok(match row {
        (0, ..) => None,
        (_, i, d, w, l) => Some((i.unwrap_or(0), d.unwrap_or(0), w.unwrap_or(0), l.unwrap_or(0))),
    })
}

/// How a metrics query groups requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKey {
    None,
    Rep,
    Source,
}

/// `(group, reached mask, count)` for requests created in `[start, end)`, optionally for one
/// rep. Grouped by nothing or by rep, whole UTC days come from the `request_daily` summary
/// and only the partial days at the ends from the requests; by source, the all-time
/// `request_sources` totals less the requests created outside the period, or one scan of
/// the period's requests when those are fewer.
pub fn reached_counts(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
    by: GroupKey,
) -> Result<Vec<(Option<Uuid>, i64, u64)>> {
    let mut out = Vec::new();
    if by == GroupKey::Source {
        return source_counts(store, start, end, rep);
    }
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let first_full = if midnight(start.date_naive()) == start {
        start.date_naive()
    } else {
        start.date_naive() + chrono::Days::new(1)
    };
    let last_full_end = end.date_naive();
    if first_full >= last_full_end {
        scan_counts(store, start, end, rep, by, &mut out)?;
        return Ok(out);
    }
    scan_counts(store, start, midnight(first_full), rep, by, &mut out)?;
    scan_counts(store, midnight(last_full_end), end, rep, by, &mut out)?;
    let key = if by == GroupKey::Rep { "rep_id" } else { "NULL" };
    // `key` is one of two constants. Summed here rather than by SQL's GROUP BY, which
    // sorts every row first (several times slower over a year of days).
    let sql = format!(
        "SELECT {key}, reached, n FROM request_daily
         WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR rep_id = ?3)"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            first_full.format("%Y-%m-%d").to_string(),
            last_full_end.format("%Y-%m-%d").to_string(),
            rep.map(|r| r.0)
        ],
        |r| Ok((r.get(0)?, r.get(1)?, n(r, 2)?)),
    )?;
    let mut sums: HashMap<(Option<Uuid>, i64), u64> = HashMap::new();
    for row in rows {
        let (k, mask, count) = row?;
        *sums.entry((k, mask)).or_default() += count;
    }
    out.extend(sums.into_iter().map(|((k, mask), count)| (k, mask, count)));
    Ok(out)
}

/// Requests in `request_daily` on UTC days outside `[start, end)`'s days, and in all.
fn daily_outside_and_total(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<(u64, u64)> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT TOTAL(CASE WHEN day < ?1 OR day > ?2 THEN n END), TOTAL(n) FROM request_daily
         WHERE ?3 IS NULL OR rep_id = ?3",
    )?;
    let (outside, total): (f64, f64) = stmt.query_row(
        params![
            start.date_naive().format("%Y-%m-%d").to_string(),
            end.date_naive().format("%Y-%m-%d").to_string(),
            rep.map(|r| r.0)
        ],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((outside as u64, total as u64))
}

fn source_counts(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<Vec<(Option<Uuid>, i64, u64)>> {
    let mut out = Vec::new();
    let (outside, total) = daily_outside_and_total(store, start, end, rep)?;
    if start >= end || outside * 2 >= total {
        scan_counts(store, start, end, rep, GroupKey::Source, &mut out)?;
        return Ok(out);
    }
    let mut counts: HashMap<(Uuid, i64), i64> = HashMap::new();
    let mut stmt = store.conn().prepare_cached(
        "SELECT source_id, reached, n FROM request_sources WHERE ?1 IS NULL OR rep_id = ?1",
    )?;
    let rows = stmt.query_map(params![rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (source, mask, n): (Uuid, i64, i64) = row?;
        *counts.entry((source, mask)).or_default() += n;
    }
    let before = "SELECT source_id, reached, COUNT(*) FROM intro_requests INDEXED BY intro_requests_created
         WHERE created_at < ?1 AND (?2 IS NULL OR rep_id = ?2) GROUP BY 1, 2";
    let after = "SELECT source_id, reached, COUNT(*) FROM intro_requests INDEXED BY intro_requests_created
         WHERE created_at >= ?1 AND (?2 IS NULL OR rep_id = ?2) GROUP BY 1, 2";
    for (sql, bound) in [(before, start), (after, end)] {
        let mut stmt = store.conn().prepare_cached(sql)?;
        let rows =
            stmt.query_map(params![bound, rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            let (source, mask, n): (Uuid, i64, i64) = row?;
            *counts.entry((source, mask)).or_default() -= n;
        }
    }
    out.extend(
        counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((source, mask), n)| (Some(source), mask, u64::try_from(n).unwrap_or(0))),
    );
    Ok(out)
}

fn scan_counts(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
    by: GroupKey,
    out: &mut Vec<(Option<Uuid>, i64, u64)>,
) -> Result<()> {
    if start >= end {
        return Ok(());
    }
    let key = match by {
        GroupKey::None => "NULL",
        GroupKey::Rep => "rep_id",
        GroupKey::Source => "source_id",
    };
    // `key` is one of three constants.
    let sql = format!(
        "SELECT {key}, reached, COUNT(*) FROM intro_requests INDEXED BY intro_requests_created
         WHERE created_at >= ?1 AND created_at < ?2 AND (?3 IS NULL OR rep_id = ?3)
         GROUP BY 1, 2"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows =
        stmt.query_map(params![start, end, rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?, n(r, 2)?)))?;
    for row in rows {
        out.push(row?);
    }
    Ok(())
}

/// A referral source's results over some requests.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceResult {
    pub source_id: PersonId,
    pub name: String,
    /// Requests that reached `introduced`.
    pub introduced: u64,
    pub won: u64,
    pub revenue: f64,
}

/// Per source, over requests created in `[start, end)`: introductions made, wins, revenue
/// (counts from [`reached_counts`] by source, revenue from the won requests' index).
pub fn source_results(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<Vec<SourceResult>> {
    let unnamed = source_results_unnamed(store, start, end, rep)?;
    let names = people_names(store, unnamed.iter().map(|r| r.source_id.0))?;
    Ok(unnamed
        .into_iter()
        .map(|r| SourceResult { name: names.get(&r.source_id.0).cloned().unwrap_or_default(), ..r })
        .collect())
}

/// [`source_results`] with empty names (a caller that needs only some names looks them up).
pub(crate) fn source_results_unnamed(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<Vec<SourceResult>> {
    let mut tally: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for (source, mask, n) in reached_counts(store, start, end, rep, GroupKey::Source)? {
        let Some(source) = source else { continue };
        let t = tally.entry(source).or_default();
        if mask & Stage::Introduced.bit() != 0 {
            t.0 += n;
        }
        // `won` is final: a request that reached it is still there.
        if mask & Stage::Won.bit() != 0 {
            t.1 += n;
        }
    }
    tally.retain(|_, (introduced, won)| *introduced > 0 || *won > 0);
    let mut revenue: HashMap<Uuid, f64> = HashMap::new();
    let mut stmt = store.conn().prepare_cached(
        "SELECT source_id, TOTAL(deal_value) FROM intro_requests INDEXED BY intro_requests_won
         WHERE stage = 'won' AND created_at >= ?1 AND created_at < ?2 AND (?3 IS NULL OR rep_id = ?3)
         GROUP BY source_id",
    )?;
    for row in stmt.query_map(params![start, end, rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (source, value) = row?;
        revenue.insert(source, value);
    }
    Ok(tally
        .into_iter()
        .map(|(source, (introduced, won))| SourceResult {
            source_id: PersonId(source),
            name: String::new(),
            introduced,
            won,
            revenue: revenue.get(&source).copied().unwrap_or(0.0),
        })
        .collect())
}

/// The full names of these people (those that exist).
pub fn people_names(store: &Store, ids: impl IntoIterator<Item = Uuid>) -> Result<HashMap<Uuid, String>> {
    let mut stmt = store.conn().prepare_cached("SELECT full_name FROM people WHERE id = ?1")?;
    let mut out = HashMap::new();
    for id in ids {
        if let Some(name) = stmt.query_row([id], |r| r.get(0)).optional()? {
            out.insert(id, name);
        }
    }
    Ok(out)
}

/// Asks per rep: history entries into `asked` at an instant in `[start, end)`. Whole UTC
/// days come from the `request_asks_daily` summary, the partial days at the ends from the
/// history.
pub fn asks_by_rep(store: &Store, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<(RepId, u64)>> {
    let mut counts: HashMap<Uuid, u64> = HashMap::new();
    let mut scan = |from: DateTime<Utc>, to: DateTime<Utc>| -> Result<()> {
        if from >= to {
            return Ok(());
        }
        let mut stmt = store.conn().prepare_cached(
            "SELECT r.rep_id, COUNT(*) FROM request_history h JOIN intro_requests r ON r.id = h.request_id
             WHERE h.to_stage = 'asked' AND h.at >= ?1 AND h.at < ?2 GROUP BY r.rep_id",
        )?;
        for row in stmt.query_map(params![from, to], |r| Ok((r.get(0)?, n(r, 1)?)))? {
            let (rep, k): (Uuid, u64) = row?;
            *counts.entry(rep).or_default() += k;
        }
        Ok(())
    };
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let first_full = if midnight(start.date_naive()) == start {
        start.date_naive()
    } else {
        start.date_naive() + chrono::Days::new(1)
    };
    let last_full_end = end.date_naive();
    if first_full >= last_full_end {
        scan(start, end)?;
    } else {
        scan(start, midnight(first_full))?;
        scan(midnight(last_full_end), end)?;
        let mut stmt = store.conn().prepare_cached(
            "SELECT rep_id, SUM(n) FROM request_asks_daily WHERE day >= ?1 AND day < ?2 GROUP BY rep_id",
        )?;
        let rows = stmt.query_map(
            params![first_full.format("%Y-%m-%d").to_string(), last_full_end.format("%Y-%m-%d").to_string()],
            |r| Ok((r.get(0)?, n(r, 1)?)),
        )?;
        for row in rows {
            let (rep, k): (Uuid, u64) = row?;
            *counts.entry(rep).or_default() += k;
        }
    }
    Ok(counts.into_iter().filter(|(_, k)| *k > 0).map(|(rep, k)| (RepId(rep), k)).collect())
}

/// Per rep, as of `today`: open requests with an overdue follow-up, and requests whose
/// source introduced them and has not been thanked (from the `request_follow_ups` summary
/// and a partial index).
pub fn owed_by_rep(store: &Store, today: NaiveDate) -> Result<Vec<(RepId, u64, u64)>> {
    let mut owed: HashMap<Uuid, (u64, u64)> = HashMap::new();
    let mut stmt = store.conn().prepare_cached("SELECT rep_id, n FROM request_follow_ups WHERE day < ?1")?;
    for row in stmt.query_map(params![today], |r| Ok((r.get(0)?, n(r, 1)?)))? {
        let (rep, k): (Uuid, u64) = row?;
        owed.entry(rep).or_default().0 += k;
    }
    // 16 is `Stage::Introduced.bit()`, spelt out to match the partial index.
    let mut stmt = store.conn().prepare_cached(
        "SELECT rep_id, COUNT(*) FROM intro_requests INDEXED BY intro_requests_unthanked
         WHERE (reached & 16) <> 0 AND thanked_on IS NULL GROUP BY rep_id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, n(r, 1)?)))? {
        let (rep, k): (Uuid, u64) = row?;
        owed.entry(rep).or_default().1 = k;
    }
    Ok(owed.into_iter().map(|(rep, (a, b))| (RepId(rep), a, b)).collect())
}

/// For each request won at an instant in `[start, end)` (optionally one rep's), when it was
/// first asked and when it was won. Requests won without ever being asked are left out.
pub fn ask_to_won(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT (SELECT MIN(a.at) FROM request_history a
                 WHERE a.request_id = w.request_id AND a.to_stage = 'asked'), w.at
         FROM request_history w JOIN intro_requests r ON r.id = w.request_id
         WHERE w.to_stage = 'won' AND w.at >= ?1 AND w.at < ?2 AND (?3 IS NULL OR r.rep_id = ?3)",
    )?;
    let rows = stmt.query_map(params![start, end, rep.map(|r| r.0)], |r| {
        Ok((r.get::<_, Option<DateTime<Utc>>>(0)?, r.get::<_, DateTime<Utc>>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        if let (Some(asked), won) = row? {
            out.push((asked, won));
        }
    }
    Ok(out)
}
