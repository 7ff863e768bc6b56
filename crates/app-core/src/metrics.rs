//! Metrics for leaders: the funnel, referral against other lead sources, by rep and by
//! quarter, top referral sources and activity against goals; any table exported as CSV
//! (the engine's [`export::metrics_table_csv`]); and the opportunities the lead sources
//! are counted from.

use std::io::Write;

use chrono::{FixedOffset, NaiveDate};
use intrograph_engine::export::{self, MetricsTable};
use intrograph_engine::model::PersonId;
use intrograph_engine::pipeline::metrics::{self, Activity, By, Filter, Funnel, SourceComparison, TopSource};
use intrograph_engine::pipeline::opportunity::Close;
use intrograph_engine::pipeline::{Clock, LeadSource, NewOpportunity, Opportunity, Period};
use intrograph_engine::store::{opportunities, Store};
use intrograph_engine::{Error, Result};

use crate::settings::{rep_entries, rep_named, rep_or_current};
pub use crate::views::metrics::{ChartFormat, MetricsQuery, MetricsReport, SavedChart};
use crate::Workspace;

/// The period from `from` to `to`, each defaulting to this quarter's bounds as of `today`.
fn period(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Result<Period> {
    let default = metrics::this_quarter(today);
    Period::new(from.unwrap_or(default.from), to.unwrap_or(default.to))
}

/// The engine's filter for the window's query, as of `clock`.
pub fn filter(query: &MetricsQuery, clock: &Clock) -> Result<Filter> {
    Ok(Filter { period: period(query.from, query.to, clock.today())?, offset: clock.offset, rep: query.rep })
}

/// Each rep's activity in the filter's period, only the filter's rep when it names one.
fn activity_of(store: &Store, f: &Filter, today: NaiveDate) -> Result<Vec<Activity>> {
    Ok(metrics::activity(store, f, today)?
        .into_iter()
        .filter(|a| f.rep.is_none_or(|r| r == a.rep_id))
        .collect())
}

/// Every table for `query`, as of `clock`.
pub fn report_at(store: &Store, query: &MetricsQuery, clock: &Clock) -> Result<MetricsReport> {
    let f = filter(query, clock)?;
    let mut all = metrics::funnel(store, &f, By::All)?.rows;
    let funnel = all.pop().expect("a whole funnel has one row");
    let (trend_step, trend) = metrics::trend(store, &f)?;
    Ok(MetricsReport {
        period: f.period,
        rep: f.rep,
        reps: rep_entries(store)?,
        funnel,
        by_rep: metrics::funnel(store, &f, By::Rep)?.rows,
        by_quarter: metrics::funnel(store, &f, By::Quarter)?.rows,
        lead_sources: metrics::lead_sources(store, &f)?,
        top_sources: metrics::top_sources(store, &f, 10)?,
        activity: activity_of(store, &f, clock.today())?,
        trend_step,
        trend,
        ask_to_won_days: metrics::ask_to_won_days(store, &f)?,
        currency: crate::settings::currency_of(store)?,
    })
}

/// Every table of the Metrics screen for `query`.
pub fn report(workspace: &Workspace, query: &MetricsQuery) -> Result<MetricsReport> {
    report_at(&*workspace.store()?, query, &Clock::system())
}

/// Writes one metrics table for `query` (as of `clock`) as formula-safe CSV to `out`; `by`
/// breaks the funnel down. Returns the rows written.
pub fn export_csv_at(
    store: &Store,
    query: &MetricsQuery,
    table: MetricsTable,
    by: By,
    clock: &Clock,
    out: &mut dyn Write,
) -> Result<u64> {
    export::metrics_table_csv(store, table, &filter(query, clock)?, by, clock.today(), out)
}

/// Writes one metrics table for `query` as formula-safe CSV to `out` (see [`export_csv_at`]).
pub fn export_csv(
    workspace: &Workspace,
    query: &MetricsQuery,
    table: MetricsTable,
    by: By,
    out: &mut dyn Write,
) -> Result<u64> {
    export_csv_at(&*workspace.store()?, query, table, by, &Clock::system(), out)
}

/// Writes one metrics table (`by` breaks the funnel down) to the file the user chose (a full
/// path; `.csv` is added when missing), whole or not at all.
pub fn export_csv_to(
    workspace: &Workspace,
    query: &MetricsQuery,
    table: MetricsTable,
    by: By,
    path: &str,
) -> Result<crate::views::interchange::ExportResult> {
    let path = crate::interchange::chosen_path(path, "csv")?;
    let rows = intrograph_engine::files::write_atomically(&path, |out| {
        export_csv(workspace, query, table, by, out)
    })?;
    Ok(crate::views::interchange::ExportResult { path: path.display().to_string(), rows })
}

/// The largest chart image accepted: charts the window draws are tens of kilobytes.
pub const MAX_CHART_BYTES: usize = 16 * 1024 * 1024;

/// Writes a chart the window drew (`data`: the PNG or SVG file's bytes) to the file the user
/// chose (the format's extension is added when missing), whole or not at all. Anything but a
/// PNG image or an SVG document is refused and nothing is written.
pub fn save_chart(path: &str, format: ChartFormat, data: &[u8]) -> Result<SavedChart> {
    const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if data.len() > MAX_CHART_BYTES {
        return Err(Error::invalid("chart", format!("{} bytes is more than a chart can be", data.len())));
    }
    let ok = match format {
        ChartFormat::Png => data.starts_with(PNG_SIGNATURE),
        ChartFormat::Svg => std::str::from_utf8(data).is_ok_and(|t| {
            let t = t.trim_start();
            (t.starts_with("<svg") || t.starts_with("<?xml")) && t.trim_end().ends_with("</svg>")
        }),
    };
    if !ok {
        return Err(Error::invalid(
            "chart",
            format!(
                "the data is not {} image",
                match format {
                    ChartFormat::Png => "a PNG",
                    ChartFormat::Svg => "an SVG",
                }
            ),
        ));
    }
    let path = crate::interchange::chosen_path(path, format.extension())?;
    intrograph_engine::files::write_atomically(&path, |out| {
        out.write_all(data).map_err(|source| Error::Io { path: path.clone(), source })
    })?;
    Ok(SavedChart { path: path.display().to_string(), bytes: data.len() as u64 })
}

// ---------------------------------------------------------------------------------------
// The command line's tables.

/// What a command line metrics table covers: a period (this quarter by default), one rep
/// (by name or id) or all, and the UTC offset of days and quarters (this computer's by
/// default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub rep: Option<String>,
    pub utc_offset: Option<FixedOffset>,
}

/// A table with the filter it was computed for (its period and offset head the table).
#[derive(Clone, Debug, PartialEq)]
pub struct Scoped<T> {
    pub filter: Filter,
    /// Today in the filter's offset.
    pub today: NaiveDate,
    pub rows: T,
}

fn scoped<T>(
    workspace: &Workspace,
    scope: &Scope,
    table: impl FnOnce(&Store, &Filter, NaiveDate) -> Result<T>,
) -> Result<Scoped<T>> {
    let store = workspace.store()?;
    let clock = Clock::system();
    let offset = scope.utc_offset.unwrap_or(clock.offset);
    let today = clock.now.with_timezone(&offset).date_naive();
    let rep = rep_named(&store, scope.rep.as_deref())?.map(|r| r.id);
    let filter = Filter { period: period(scope.from, scope.to, today)?, offset, rep };
    let rows = table(&store, &filter, today)?;
    Ok(Scoped { filter, today, rows })
}

/// The funnel of requests created in the scope's period, broken down `by`.
pub fn funnel(workspace: &Workspace, scope: &Scope, by: By) -> Result<Scoped<Funnel>> {
    scoped(workspace, scope, |store, f, _| metrics::funnel(store, f, by))
}

/// Referral against the other lead sources.
pub fn lead_sources(workspace: &Workspace, scope: &Scope) -> Result<Scoped<Vec<SourceComparison>>> {
    scoped(workspace, scope, |store, f, _| metrics::lead_sources(store, f))
}

/// Each rep's asks against their goal, overdue follow-ups as of `today` (default: today
/// in the scope's offset), unthanked sources.
pub fn activity(
    workspace: &Workspace,
    scope: &Scope,
    today: Option<NaiveDate>,
) -> Result<Scoped<Vec<Activity>>> {
    scoped(workspace, scope, |store, f, now| metrics::activity(store, f, today.unwrap_or(now)))
}

/// The `limit` referral sources with the most introductions, wins and revenue.
pub fn top_sources(workspace: &Workspace, scope: &Scope, limit: usize) -> Result<Scoped<Vec<TopSource>>> {
    scoped(workspace, scope, |store, f, _| metrics::top_sources(store, f, limit))
}

// ---------------------------------------------------------------------------------------
// Opportunities (deals) with their lead source.

/// A new opportunity from a lead source other than referral.
#[derive(Clone, Debug, PartialEq)]
pub struct OpportunityInput {
    pub title: String,
    pub lead_source: LeadSource,
    /// The prospect's contact.
    pub contact: Option<PersonId>,
    pub value: Option<f64>,
    /// When it was opened (default: today).
    pub opened_on: Option<NaiveDate>,
    pub first_meeting_on: Option<NaiveDate>,
    /// The rep (by name or id; default: the current rep).
    pub rep: Option<String>,
}

/// Adds an opportunity from another lead source (referral opportunities come from their request).
pub fn add_opportunity(workspace: &Workspace, input: OpportunityInput) -> Result<Opportunity> {
    let clock = Clock::system();
    let mut store = workspace.store()?;
    let rep = rep_or_current(&store, input.rep.as_deref())?;
    let new = NewOpportunity {
        rep_id: rep.id,
        person_id: input.contact,
        title: input.title,
        lead_source: input.lead_source,
        value: input.value,
        opened_on: input.opened_on.unwrap_or_else(|| clock.today()),
        first_meeting_on: input.first_meeting_on,
    };
    opportunities::add(&mut store, &new, &clock)
}

/// Opportunities, newest first: of one rep (by name or id) or all, from one lead source or all.
pub fn opportunities(
    workspace: &Workspace,
    rep: Option<&str>,
    source: Option<LeadSource>,
) -> Result<Vec<Opportunity>> {
    let store = workspace.store()?;
    let rep = rep_named(&store, rep)?.map(|r| r.id);
    opportunities::list(&store, rep, source)
}

/// Closes the opportunity `id` (or a unique prefix of at least 6 hex digits) as won or
/// lost; `close.on` defaults to today.
pub fn close_opportunity(
    workspace: &Workspace,
    id: &str,
    outcome: intrograph_engine::pipeline::Outcome,
    on: Option<NaiveDate>,
    value: Option<f64>,
    reason: Option<String>,
) -> Result<Opportunity> {
    let clock = Clock::system();
    let mut store = workspace.store()?;
    let id = opportunities::resolve(&store, id)?;
    let close = Close { outcome, on: on.unwrap_or_else(|| clock.today()), value, reason };
    opportunities::close(&mut store, id, &close, &clock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::tests::two_reps;
    use chrono::{TimeZone, Utc};
    use intrograph_engine::model::RepId;
    use intrograph_engine::pipeline::{Move, NewRequest, Outcome, Stage};
    use intrograph_engine::store::people::PersonInput;
    use intrograph_engine::store::{people, requests};

    fn clock() -> Clock {
        Clock::at_utc(Utc.with_ymd_and_hms(2026, 5, 12, 9, 0, 0).unwrap())
    }

    /// Ada asks Joan for an introduction to Tim, and wins a deal of 12 000.
    fn won_request(store: &mut Store, ada: RepId) {
        let (joan, tim) = store
            .write(|tx| {
                let joan = people::add(tx, &PersonInput::named("=Joan Clarke"))?;
                let tim = people::add(tx, &PersonInput::named("Tim Berners-Lee"))?;
                Ok((joan.id, tim.id))
            })
            .unwrap();
        let new = NewRequest {
            rep_id: Some(ada),
            target_id: Some(tim),
            source_id: Some(joan),
            reason: "their team is hiring".into(),
            ..Default::default()
        };
        let req = requests::create(store, new, &clock()).unwrap();
        for stage in [Stage::Asked, Stage::Accepted, Stage::Introduced, Stage::Meeting, Stage::Opportunity] {
            requests::move_to(store, req.id, &Move::to(stage), &clock()).unwrap();
        }
        let mut win = Move::to(Stage::Won);
        win.deal_value = Some(12_000.0);
        requests::move_to(store, req.id, &win, &clock()).unwrap();
    }

    #[test]
    fn a_won_request_shows_in_the_funnel_by_rep_and_quarter_and_in_top_sources() {
        let (workspace, ada, grace) = two_reps();
        let mut store = workspace.store().unwrap();
        won_request(&mut store, ada);
        let r = report_at(&store, &MetricsQuery::default(), &clock()).unwrap();
        assert_eq!(r.period.from.to_string(), "2026-04-01");
        assert_eq!((r.funnel.counts.created, r.funnel.counts.won), (1, 1));
        assert_eq!(r.by_rep.len(), 1);
        assert_eq!(r.by_rep[0].label, "Ada Lovelace");
        assert_eq!(r.by_quarter[0].label, "2026-Q2");
        assert_eq!(r.top_sources[0].name, "=Joan Clarke");
        assert_eq!(r.reps.len(), 2);
        assert_eq!(r.trend_step, metrics::TrendStep::Week);
        assert_eq!(r.trend.len(), 13, "a quarter, week by week");
        assert_eq!(
            r.trend.iter().map(|p| (p.created, p.won, p.asks)).fold((0, 0, 0), |a, b| (
                a.0 + b.0,
                a.1 + b.1,
                a.2 + b.2
            )),
            (1, 1, 1)
        );
        assert_eq!(r.ask_to_won_days, vec![0], "asked and won the same morning");
        assert_eq!(r.currency, "USD");

        let only_grace = MetricsQuery { rep: Some(grace), ..Default::default() };
        let r = report_at(&store, &only_grace, &clock()).unwrap();
        assert_eq!(r.funnel.counts.created, 0);
        assert!(r.activity.iter().all(|a| a.rep_id == grace));
    }

    #[test]
    fn charts_are_saved_whole_and_only_as_images() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("trend");
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>";
        let saved = save_chart(base.to_str().unwrap(), ChartFormat::Svg, svg).unwrap();
        assert!(saved.path.ends_with("trend.svg"), "{}", saved.path);
        assert_eq!(std::fs::read(&saved.path).unwrap(), svg);
        let png = b"\x89PNG\r\n\x1a\n rest of the image";
        let saved = save_chart(base.to_str().unwrap(), ChartFormat::Png, png).unwrap();
        assert_eq!(saved.bytes, png.len() as u64);
        for (format, bad) in [(ChartFormat::Png, &svg[..]), (ChartFormat::Svg, &b"#!/bin/sh"[..])] {
            let target = dir.path().join("bad");
            let err = save_chart(target.to_str().unwrap(), format, bad).unwrap_err();
            assert!(err.to_string().contains("is not a"), "{err}");
            assert!(!target.with_extension(format.extension()).exists(), "nothing written");
        }
    }

    #[test]
    fn the_report_is_in_snake_case() {
        let (workspace, _, _) = two_reps();
        let r = report_at(&workspace.store().unwrap(), &MetricsQuery::default(), &clock()).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        for field in ["by_rep", "by_quarter", "lead_sources", "top_sources"] {
            assert!(json.get(field).is_some(), "{field} in {json}");
        }
        assert!(json["reps"][0].get("rep_id").is_some(), "{json}");
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        let (workspace, _, _) = two_reps();
        let q = MetricsQuery {
            from: NaiveDate::from_ymd_opt(2026, 6, 1),
            to: NaiveDate::from_ymd_opt(2026, 1, 1),
            rep: None,
        };
        let err = report_at(&workspace.store().unwrap(), &q, &clock()).unwrap_err();
        assert_eq!(err.code(), "Invalid");
        assert!(err.to_string().contains("2026-01-01"), "{err}");
    }

    #[test]
    fn tables_export_as_formula_safe_csv() {
        let (workspace, ada, grace) = two_reps();
        let mut store = workspace.store().unwrap();
        won_request(&mut store, ada);
        let csv = |query: &MetricsQuery, table, by| {
            let mut out = Vec::new();
            let rows = export_csv_at(&store, query, table, by, &clock(), &mut out).unwrap();
            (rows, String::from_utf8(out).unwrap())
        };
        let all = MetricsQuery::default();
        let (rows, text) = csv(&all, MetricsTable::TopSources, By::All);
        assert_eq!(rows, 1);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("from,to,source_id,source,introductions,wins,revenue"));
        let row = lines.next().unwrap();
        assert!(row.starts_with("2026-04-01,2026-06-30,"), "{text}");
        assert!(row.ends_with(",'=Joan Clarke,1,1,12000"), "{text}");

        let (_, text) = csv(&all, MetricsTable::Funnel, By::All);
        assert!(text.starts_with("group,id,from,to,reached_draft,"), "{text}");
        assert!(text.contains("\nall,,2026-04-01,2026-06-30,1,1,1,"), "{text}");

        let (rows, text) = csv(&all, MetricsTable::Funnel, By::Rep);
        assert_eq!(rows, 1);
        assert!(text.contains("\nAda Lovelace,"), "{text}");

        let only_grace = MetricsQuery { rep: Some(grace), ..Default::default() };
        let (rows, text) = csv(&only_grace, MetricsTable::Activity, By::All);
        assert_eq!(rows, 1, "only the chosen rep's activity: {text}");
        assert!(text.contains(",Grace Hopper,"), "{text}");
    }

    #[test]
    fn opportunities_are_added_listed_and_closed() {
        let (workspace, ada, grace) = two_reps();
        let input = OpportunityInput {
            title: "Analytical engine".into(),
            lead_source: LeadSource::ColdCall,
            contact: None,
            value: Some(5_000.0),
            opened_on: NaiveDate::from_ymd_opt(2026, 5, 1),
            first_meeting_on: None,
            rep: None,
        };
        let o = add_opportunity(&workspace, input.clone()).unwrap();
        assert_eq!(o.rep_id, ada);
        let theirs =
            add_opportunity(&workspace, OpportunityInput { rep: Some("Grace Hopper".into()), ..input })
                .unwrap();
        assert_eq!(theirs.rep_id, grace);
        assert_eq!(opportunities(&workspace, None, None).unwrap().len(), 2);
        let ada_only = opportunities(&workspace, Some("Ada Lovelace"), Some(LeadSource::ColdCall)).unwrap();
        assert_eq!(ada_only.iter().map(|o| o.id).collect::<Vec<_>>(), [o.id]);
        assert!(opportunities(&workspace, None, Some(LeadSource::Event)).unwrap().is_empty());

        let closed =
            close_opportunity(&workspace, &o.id.to_string(), Outcome::Won, None, Some(6_000.0), None)
                .unwrap();
        assert_eq!(closed.outcome, Outcome::Won);
        assert_eq!(closed.closed_on, Some(Clock::system().today()));
        assert!(
            close_opportunity(&workspace, &theirs.id.to_string(), Outcome::Lost, None, None, None).is_err()
        );
    }
}
