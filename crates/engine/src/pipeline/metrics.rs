//! Metrics for sales leaders. Every definition is in `docs/metrics.md`; in short:
//!
//! - requests are counted in the period they were **created** in (a cohort), quarters and
//!   periods being local dates at the filter's UTC offset;
//! - a stage count is the number of those requests that **reached** the stage at any time;
//! - a conversion is `reached(to) / reached(from)`;
//! - opportunities are counted in the period they were **opened** in;
//! - every ratio with a zero denominator is `None`, never NaN.

use std::collections::{BTreeMap, HashMap};

use chrono::{FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{PersonId, RepId};
use crate::pipeline::{LeadSource, Period, Quarter, Stage};
use crate::store::requests::{self, GroupKey};
use crate::store::{opportunities, team, Store};

/// What the metrics cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Filter {
    pub period: Period,
    /// The user's UTC offset, for day and quarter boundaries.
    #[serde(with = "offset_seconds")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub offset: FixedOffset,
    pub rep: Option<RepId>,
}

mod offset_seconds {
    use chrono::FixedOffset;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(o: &FixedOffset, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(o)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FixedOffset, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// `num / den`, or `None` when `den` is zero.
pub fn ratio(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}

/// The median of `values` (`None` when empty); the mean of the middle two for an even count.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] as f64 } else { (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0 })
}

/// How many requests reached each stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageCounts {
    /// Requests created.
    pub created: u64,
    pub asked: u64,
    pub accepted: u64,
    pub declined: u64,
    pub introduced: u64,
    pub meeting: u64,
    pub opportunity: u64,
    pub won: u64,
    pub lost: u64,
    pub stalled: u64,
}

impl StageCounts {
    fn add_mask(&mut self, mask: i64, n: u64) {
        let has = |s: Stage| u64::from(mask & s.bit() != 0) * n;
        self.created += n;
        self.asked += has(Stage::Asked);
        self.accepted += has(Stage::Accepted);
        self.declined += has(Stage::Declined);
        self.introduced += has(Stage::Introduced);
        self.meeting += has(Stage::Meeting);
        self.opportunity += has(Stage::Opportunity);
        self.won += has(Stage::Won);
        self.lost += has(Stage::Lost);
        self.stalled += has(Stage::Stalled);
    }

    pub fn get(&self, stage: Stage) -> u64 {
        match stage {
            Stage::Draft => self.created,
            Stage::Asked => self.asked,
            Stage::Accepted => self.accepted,
            Stage::Declined => self.declined,
            Stage::Introduced => self.introduced,
            Stage::Meeting => self.meeting,
            Stage::Opportunity => self.opportunity,
            Stage::Won => self.won,
            Stage::Lost => self.lost,
            Stage::Stalled => self.stalled,
        }
    }

    /// Conversion along the funnel, step by step, then asked → won overall.
    pub fn conversions(&self) -> Vec<Conversion> {
        let mut out: Vec<Conversion> = Stage::FUNNEL
            .windows(2)
            .map(|w| Conversion {
                from: w[0],
                to: w[1],
                rate: ratio(self.get(w[1]) as f64, self.get(w[0]) as f64),
            })
            .collect();
        out.push(Conversion {
            from: Stage::Asked,
            to: Stage::Won,
            rate: ratio(self.won as f64, self.asked as f64),
        });
        out
    }
}

/// `reached(to) / reached(from)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conversion {
    pub from: Stage,
    pub to: Stage,
    pub rate: Option<f64>,
}

/// How a funnel is broken down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum By {
    All,
    Rep,
    Source,
    Quarter,
}

impl std::str::FromStr for By {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "all" | "none" => Ok(Self::All),
            "rep" => Ok(Self::Rep),
            "source" | "referral_source" => Ok(Self::Source),
            "quarter" => Ok(Self::Quarter),
            _ => Err(crate::Error::invalid("by", format!("{s:?}: use all, rep, source or quarter"))),
        }
    }
}

/// One line of a funnel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelRow {
    /// What the row is for: "all", a rep's or source's name, or a quarter (`2026-Q1`).
    pub label: String,
    /// The rep's or source's id, when grouped by one.
    pub id: Option<String>,
    pub counts: StageCounts,
    pub conversions: Vec<Conversion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Funnel {
    pub filter: Filter,
    pub by: By,
    pub rows: Vec<FunnelRow>,
}

fn row(label: String, id: Option<String>, counts: StageCounts) -> FunnelRow {
    FunnelRow { label, id, conversions: counts.conversions(), counts }
}

/// The funnel for requests created in the period, whole or broken down.
pub fn funnel(store: &Store, filter: &Filter, by: By) -> Result<Funnel> {
    let mut rows = Vec::new();
    match by {
        By::Quarter => {
            for q in filter.period.quarters() {
                let part = filter.period.clip(q).expect("a quarter of the period overlaps it");
                let (start, end) = part.instants(filter.offset);
                let mut counts = StageCounts::default();
                for (_, mask, n) in requests::reached_counts(store, start, end, filter.rep, GroupKey::None)? {
                    counts.add_mask(mask, n);
                }
                rows.push(row(q.to_string(), None, counts));
            }
        }
        By::All | By::Rep | By::Source => {
            let key = match by {
                By::Rep => GroupKey::Rep,
                By::Source => GroupKey::Source,
                _ => GroupKey::None,
            };
            let (start, end) = filter.period.instants(filter.offset);
            let mut groups: BTreeMap<Option<uuid::Uuid>, StageCounts> = BTreeMap::new();
            for (k, mask, n) in requests::reached_counts(store, start, end, filter.rep, key)? {
                groups.entry(k).or_default().add_mask(mask, n);
            }
            if by == By::All {
                rows.push(row("all".into(), None, groups.remove(&None).unwrap_or_default()));
            } else {
                let names = names(store, by, groups.keys().flatten().copied())?;
                for (k, counts) in groups {
                    let id = k.expect("grouped rows have a key");
                    let label = names.get(&id).cloned().unwrap_or_else(|| id.to_string());
                    rows.push(row(label, Some(id.to_string()), counts));
                }
                rows.sort_by(|a, b| {
                    b.counts.created.cmp(&a.counts.created).then_with(|| a.label.cmp(&b.label))
                });
            }
        }
    }
    Ok(Funnel { filter: *filter, by, rows })
}

/// Labels for the grouped rows: each rep's name (looked up one by one: a team has few
/// reps, and listing them all joins every person), or each referral source's.
fn names(
    store: &Store,
    by: By,
    keys: impl Iterator<Item = uuid::Uuid>,
) -> Result<HashMap<uuid::Uuid, String>> {
    Ok(match by {
        By::Rep => {
            let mut names = HashMap::new();
            for k in keys {
                match team::member(store, RepId(k)) {
                    Ok(m) => {
                        names.insert(k, m.name);
                    }
                    Err(crate::Error::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            names
        }
        _ => requests::people_names(store, keys)?,
    })
}

/// Referral against the other lead sources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceComparison {
    pub lead_source: LeadSource,
    /// Opportunities opened in the period.
    pub opportunities: u64,
    pub won: u64,
    pub lost: u64,
    /// won / (won + lost).
    pub win_rate: Option<f64>,
    /// Median days from opening to close, over closed (won or lost) opportunities.
    pub median_days_to_close: Option<f64>,
    /// Average value of the won ones.
    pub average_deal_value: Option<f64>,
    /// Average touches before the first meeting, over opportunities that had one.
    pub touches_before_first_meeting: Option<f64>,
}

/// One row per lead source (all six, in a fixed order, empty ones included).
pub fn lead_sources(store: &Store, filter: &Filter) -> Result<Vec<SourceComparison>> {
    let Period { from, to } = filter.period;
    let counts = opportunities::outcome_counts(store, from, to, filter.rep)?;
    let mut days: HashMap<LeadSource, Vec<i64>> = HashMap::new();
    for (s, d) in opportunities::cycle_days(store, from, to, filter.rep)? {
        days.entry(s).or_default().push(d);
    }
    let touches = opportunities::touches_before_meeting(store, from, to, filter.rep)?;
    Ok(LeadSource::ALL
        .into_iter()
        .map(|s| {
            let (opened, won, lost, value) = counts
                .iter()
                .find(|c| c.lead_source == s)
                .map(|c| (c.opened, c.won, c.lost, c.value_won))
                .unwrap_or_default();
            let (met, t) = touches.iter().find(|c| c.0 == s).map(|c| (c.1, c.2)).unwrap_or_default();
            SourceComparison {
                lead_source: s,
                opportunities: opened,
                won,
                lost,
                win_rate: ratio(won as f64, (won + lost) as f64),
                median_days_to_close: median(days.get_mut(&s).map(Vec::as_mut_slice).unwrap_or_default()),
                average_deal_value: ratio(value, won as f64),
                touches_before_first_meeting: ratio(t as f64, met as f64),
            }
        })
        .collect())
}

/// A rep's activity against their goal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Activity {
    pub rep_id: RepId,
    pub rep_name: String,
    pub active: bool,
    /// Requests moved to `asked` in the period.
    pub asks: u64,
    /// The period's length in weeks (days / 7).
    pub weeks: f64,
    pub asks_per_week: Option<f64>,
    /// Goal: asks per week.
    pub goal: Option<u32>,
    /// asks per week / goal.
    pub goal_ratio: Option<f64>,
    pub goal_met: Option<bool>,
    /// Open requests whose follow-up date is before `today`.
    pub overdue_follow_ups: u64,
    /// Requests introduced (or further) whose source has not been thanked.
    pub unthanked_sources: u64,
}

/// Activity per rep (every active rep, and inactive ones with asks in the period).
pub fn activity(store: &Store, filter: &Filter, today: NaiveDate) -> Result<Vec<Activity>> {
    let (start, end) = filter.period.instants(filter.offset);
    let asks: HashMap<RepId, u64> = requests::asks_by_rep(store, start, end)?.into_iter().collect();
    let owed: HashMap<RepId, (u64, u64)> =
        requests::owed_by_rep(store, today)?.into_iter().map(|(r, a, b)| (r, (a, b))).collect();
    let goals: HashMap<RepId, u32> =
        team::goals(store)?.into_iter().map(|g| (g.rep_id, g.asks_per_week)).collect();
    let weeks = filter.period.days() as f64 / 7.0;
    let mut out = Vec::new();
    for m in team::members(store)? {
        if filter.rep.is_some_and(|r| r != m.rep_id) {
            continue;
        }
        let n = asks.get(&m.rep_id).copied().unwrap_or(0);
        if !m.active && n == 0 {
            continue;
        }
        let per_week = ratio(n as f64, weeks);
        let goal = goals.get(&m.rep_id).copied();
        let goal_ratio = per_week.zip(goal).and_then(|(p, g)| ratio(p, f64::from(g)));
        let (overdue, unthanked) = owed.get(&m.rep_id).copied().unwrap_or_default();
        out.push(Activity {
            rep_id: m.rep_id,
            rep_name: m.name,
            active: m.active,
            asks: n,
            weeks,
            asks_per_week: per_week,
            goal,
            goal_ratio,
            goal_met: per_week.zip(goal).map(|(p, g)| p >= f64::from(g)),
            overdue_follow_ups: overdue,
            unthanked_sources: unthanked,
        });
    }
    Ok(out)
}

/// A referral source's results in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TopSource {
    pub source_id: PersonId,
    pub name: String,
    /// Requests created in the period that the source introduced (reached `introduced`).
    pub introductions: u64,
    pub wins: u64,
    /// Total deal value won.
    pub revenue: f64,
}

/// The best referral sources of the period: most introductions, then wins, then revenue,
/// then name. Names are looked up only for the sources that can make the cut.
pub fn top_sources(store: &Store, filter: &Filter, limit: usize) -> Result<Vec<TopSource>> {
    let (start, end) = filter.period.instants(filter.offset);
    let mut results = requests::source_results_unnamed(store, start, end, filter.rep)?;
    let rank = |a: &requests::SourceResult, b: &requests::SourceResult| {
        b.introduced.cmp(&a.introduced).then(b.won.cmp(&a.won)).then(b.revenue.total_cmp(&a.revenue))
    };
    results.sort_by(rank);
    if limit < results.len() {
        // Everything ranked level with the last place kept can still make the cut by name.
        let last = results[limit.saturating_sub(1)].clone();
        let keep = if limit == 0 { 0 } else { results.partition_point(|r| rank(r, &last).is_le()) };
        results.truncate(keep);
    }
    let names = requests::people_names(store, results.iter().map(|r| r.source_id.0))?;
    let mut out: Vec<TopSource> = results
        .into_iter()
        .map(|r| TopSource {
            source_id: r.source_id,
            name: names.get(&r.source_id.0).cloned().unwrap_or_default(),
            introductions: r.introduced,
            wins: r.won,
            revenue: r.revenue,
        })
        .collect();
    out.sort_by(|a, b| {
        b.introductions
            .cmp(&a.introductions)
            .then(b.wins.cmp(&a.wins))
            .then(b.revenue.total_cmp(&a.revenue))
            .then_with(|| a.name.cmp(&b.name))
            .then(a.source_id.cmp(&b.source_id))
    });
    out.truncate(limit);
    Ok(out)
}

/// How a [`trend`] buckets its period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TrendStep {
    Week,
    Quarter,
}

/// A period longer than this many days is shown by quarter, a shorter one by week.
pub const WEEKLY_TREND_MAX_DAYS: i64 = 184;

/// One bucket of a [`trend`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendBucket {
    /// The bucket's first day (a week) or its quarter (`2026-Q1`).
    pub label: String,
    /// The bucket's days inside the filter's period, both included.
    pub period: Period,
    /// Requests created in the bucket.
    pub created: u64,
    /// Of those, the ones won so far.
    pub won: u64,
    /// won / created (`None` when none was created).
    pub conversion: Option<f64>,
    /// Requests moved to `asked` in the bucket, whenever they were created.
    pub asks: u64,
}

/// Requests created, won and asked over the period, week by week (quarter by quarter when
/// the period is longer than [`WEEKLY_TREND_MAX_DAYS`]).
pub fn trend(store: &Store, filter: &Filter) -> Result<(TrendStep, Vec<TrendBucket>)> {
    let step =
        if filter.period.days() > WEEKLY_TREND_MAX_DAYS { TrendStep::Quarter } else { TrendStep::Week };
    let parts: Vec<(String, Period)> = match step {
        TrendStep::Quarter => filter
            .period
            .quarters()
            .into_iter()
            .filter_map(|q| filter.period.clip(q).map(|p| (q.to_string(), p)))
            .collect(),
        TrendStep::Week => {
            let mut out = Vec::new();
            let mut from = filter.period.from;
            while from <= filter.period.to {
                let to = (from + chrono::Days::new(6)).min(filter.period.to);
                out.push((from.to_string(), Period { from, to }));
                from = to + chrono::Days::new(1);
            }
            out
        }
    };
    let mut points = Vec::with_capacity(parts.len());
    for (label, part) in parts {
        let (start, end) = part.instants(filter.offset);
        let mut counts = StageCounts::default();
        for (_, mask, n) in requests::reached_counts(store, start, end, filter.rep, GroupKey::None)? {
            counts.add_mask(mask, n);
        }
        let asks = requests::asks_by_rep(store, start, end)?
            .into_iter()
            .filter(|(r, _)| filter.rep.is_none_or(|want| want == *r))
            .map(|(_, n)| n)
            .sum();
        points.push(TrendBucket {
            label,
            period: part,
            created: counts.created,
            won: counts.won,
            conversion: ratio(counts.won as f64, counts.created as f64),
            asks,
        });
    }
    Ok((step, points))
}

/// Whole days from the first ask to the win, one per request won in the period (in the
/// filter's offset), shortest first. A request won without an ask is not counted.
pub fn ask_to_won_days(store: &Store, filter: &Filter) -> Result<Vec<i64>> {
    let (start, end) = filter.period.instants(filter.offset);
    let mut days: Vec<i64> = requests::ask_to_won(store, start, end, filter.rep)?
        .into_iter()
        .map(|(asked, won)| (won - asked).num_days().max(0))
        .collect();
    days.sort_unstable();
    Ok(days)
}

/// The current quarter's period (for defaults).
pub fn this_quarter(today: NaiveDate) -> Period {
    Quarter::of(today).period()
}
