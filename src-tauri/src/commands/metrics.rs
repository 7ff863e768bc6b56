//! Metrics for leaders: the funnel, referral against other lead sources, by rep and by
//! quarter, top referral sources and activity against goals; any table exported as CSV.

use std::path::Path;

use chrono::NaiveDate;
use intrograph_engine::model::RepId;
use intrograph_engine::pipeline::metrics::{
    self, Activity, By, Filter, FunnelRow, SourceComparison, TopSource,
};
use intrograph_engine::pipeline::{Clock, Period, Stage};
use intrograph_engine::store::Store;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::blocking;
use super::interchange::{write_csv_file, ExportResult};
use super::settings::{rep_entries, RepEntry};
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// What the metrics cover: a period of local dates (this quarter by default) and one rep or all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MetricsQuery {
    #[cfg_attr(test, ts(optional))]
    pub from: Option<NaiveDate>,
    #[cfg_attr(test, ts(optional))]
    pub to: Option<NaiveDate>,
    #[cfg_attr(test, ts(optional))]
    pub rep: Option<RepId>,
}

/// Every table of the Metrics screen for one query.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MetricsReport {
    pub period: Period,
    pub rep: Option<RepId>,
    /// Every rep, for the filter.
    pub reps: Vec<RepEntry>,
    /// The whole funnel of requests created in the period.
    pub funnel: FunnelRow,
    pub by_rep: Vec<FunnelRow>,
    pub by_quarter: Vec<FunnelRow>,
    pub lead_sources: Vec<SourceComparison>,
    pub top_sources: Vec<TopSource>,
    pub activity: Vec<Activity>,
}

/// The tables that can be exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum MetricsTable {
    Funnel,
    ByRep,
    ByQuarter,
    LeadSources,
    TopSources,
    Activity,
}

fn filter(query: &MetricsQuery, clock: &Clock) -> Result<Filter, CommandError> {
    let default = metrics::this_quarter(clock.today());
    let period = Period::new(query.from.unwrap_or(default.from), query.to.unwrap_or(default.to))?;
    Ok(Filter { period, offset: clock.offset, rep: query.rep })
}

/// Computes every table for `query`.
pub fn report(store: &Store, query: &MetricsQuery, clock: &Clock) -> Result<MetricsReport, CommandError> {
    let f = filter(query, clock)?;
    let mut all = metrics::funnel(store, &f, By::All)?.rows;
    let funnel = all.pop().expect("a whole funnel has one row");
    Ok(MetricsReport {
        period: f.period,
        rep: f.rep,
        reps: rep_entries(store)?,
        funnel,
        by_rep: metrics::funnel(store, &f, By::Rep)?.rows,
        by_quarter: metrics::funnel(store, &f, By::Quarter)?.rows,
        lead_sources: metrics::lead_sources(store, &f)?,
        top_sources: metrics::top_sources(store, &f, 10)?,
        activity: metrics::activity(store, &f, clock.today())?
            .into_iter()
            .filter(|a| f.rep.is_none_or(|r| r == a.rep_id))
            .collect(),
    })
}

/// The funnel stages in the order a request travels them.
const FUNNEL: [Stage; 7] = [
    Stage::Draft,
    Stage::Asked,
    Stage::Accepted,
    Stage::Introduced,
    Stage::Meeting,
    Stage::Opportunity,
    Stage::Won,
];

fn num(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}")).unwrap_or_default()
}

fn funnel_rows(rows: &[FunnelRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            let mut cells = vec![r.label.clone()];
            cells.push(r.counts.created.to_string());
            cells.extend(FUNNEL[1..].iter().map(|s| r.counts.get(*s).to_string()));
            cells.extend([r.counts.declined, r.counts.lost, r.counts.stalled].map(|n| n.to_string()));
            let won = r.conversions.iter().find(|c| c.to == Stage::Won).and_then(|c| c.rate);
            let overall = metrics::ratio(r.counts.won as f64, r.counts.created as f64);
            cells.push(num(won, 3));
            cells.push(num(overall, 3));
            cells
        })
        .collect()
}

const FUNNEL_HEADER: [&str; 13] = [
    "group",
    "created",
    "asked",
    "accepted",
    "introduced",
    "meeting",
    "opportunity",
    "won",
    "declined",
    "lost",
    "stalled",
    "opportunity_to_won",
    "created_to_won",
];

/// The header and rows of one table, as written to CSV.
pub fn table(report: &MetricsReport, which: MetricsTable) -> (Vec<&'static str>, Vec<Vec<String>>) {
    match which {
        MetricsTable::Funnel => (FUNNEL_HEADER.to_vec(), funnel_rows(std::slice::from_ref(&report.funnel))),
        MetricsTable::ByRep => (FUNNEL_HEADER.to_vec(), funnel_rows(&report.by_rep)),
        MetricsTable::ByQuarter => (FUNNEL_HEADER.to_vec(), funnel_rows(&report.by_quarter)),
        MetricsTable::LeadSources => (
            vec![
                "lead_source",
                "opportunities",
                "won",
                "lost",
                "win_rate",
                "median_days_to_close",
                "average_deal_value",
                "touches_before_first_meeting",
            ],
            report
                .lead_sources
                .iter()
                .map(|s| {
                    vec![
                        s.lead_source.as_str().to_string(),
                        s.opportunities.to_string(),
                        s.won.to_string(),
                        s.lost.to_string(),
                        num(s.win_rate, 3),
                        num(s.median_days_to_close, 1),
                        num(s.average_deal_value, 2),
                        num(s.touches_before_first_meeting, 1),
                    ]
                })
                .collect(),
        ),
        MetricsTable::TopSources => (
            vec!["referral_source", "introductions", "wins", "revenue"],
            report
                .top_sources
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        s.introductions.to_string(),
                        s.wins.to_string(),
                        format!("{:.2}", s.revenue),
                    ]
                })
                .collect(),
        ),
        MetricsTable::Activity => (
            vec![
                "rep",
                "active",
                "asks",
                "asks_per_week",
                "goal",
                "goal_met",
                "overdue_follow_ups",
                "unthanked_sources",
            ],
            report
                .activity
                .iter()
                .map(|a| {
                    vec![
                        a.rep_name.clone(),
                        a.active.to_string(),
                        a.asks.to_string(),
                        num(a.asks_per_week, 2),
                        a.goal.map(|g| g.to_string()).unwrap_or_default(),
                        a.goal_met.map(|m| m.to_string()).unwrap_or_default(),
                        a.overdue_follow_ups.to_string(),
                        a.unthanked_sources.to_string(),
                    ]
                })
                .collect(),
        ),
    }
}

/// Writes one table of the report for `query` to `path` as formula-safe CSV.
pub fn export(
    store: &Store,
    query: &MetricsQuery,
    which: MetricsTable,
    path: &Path,
    clock: &Clock,
) -> Result<ExportResult, CommandError> {
    let r = report(store, query, clock)?;
    let (header, rows) = table(&r, which);
    let rows = write_csv_file(path, &header, &rows)?;
    Ok(ExportResult { path: path.display().to_string(), rows })
}

#[tauri::command]
pub async fn metrics_report(
    workspace: State<'_, Workspace>,
    query: MetricsQuery,
) -> Result<MetricsReport, CommandError> {
    blocking(workspace, move |workspace| report(&*workspace.store()?, &query, &Clock::system())).await
}

#[tauri::command]
pub async fn metrics_export(
    workspace: State<'_, Workspace>,
    query: MetricsQuery,
    table: MetricsTable,
    path: String,
) -> Result<ExportResult, CommandError> {
    blocking(workspace, move |workspace| {
        let path = super::interchange::chosen_path(&path, "csv")?;
        export(&*workspace.store()?, &query, table, &path, &Clock::system())
    })
    .await
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::metrics`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![MetricsQuery::decl(cfg), MetricsReport::decl(cfg), MetricsTable::decl(cfg)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::settings::tests::two_reps;
    use chrono::{TimeZone, Utc};
    use intrograph_engine::pipeline::{Move, NewRequest};
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
        let (mut store, ada, grace) = two_reps();
        won_request(&mut store, ada);
        let r = report(&store, &MetricsQuery::default(), &clock()).unwrap();
        assert_eq!(r.period.from.to_string(), "2026-04-01");
        assert_eq!((r.funnel.counts.created, r.funnel.counts.won), (1, 1));
        assert_eq!(r.by_rep.len(), 1);
        assert_eq!(r.by_rep[0].label, "Ada Lovelace");
        assert_eq!(r.by_quarter[0].label, "2026-Q2");
        assert_eq!(r.top_sources[0].name, "=Joan Clarke");
        assert_eq!(r.reps.len(), 2);

        let only_grace = MetricsQuery { rep: Some(grace), ..Default::default() };
        let r = report(&store, &only_grace, &clock()).unwrap();
        assert_eq!(r.funnel.counts.created, 0);
        assert!(r.activity.iter().all(|a| a.rep_id == grace));
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        let (store, _, _) = two_reps();
        let q = MetricsQuery {
            from: NaiveDate::from_ymd_opt(2026, 6, 1),
            to: NaiveDate::from_ymd_opt(2026, 1, 1),
            rep: None,
        };
        let err = report(&store, &q, &clock()).unwrap_err();
        assert_eq!(err.code, "Invalid");
        assert!(err.message.contains("2026-01-01"), "{err}");
    }

    #[test]
    fn tables_export_as_formula_safe_csv() {
        let (mut store, ada, _) = two_reps();
        won_request(&mut store, ada);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sources.csv");
        let out =
            export(&store, &MetricsQuery::default(), MetricsTable::TopSources, &path, &clock()).unwrap();
        assert_eq!(out.rows, 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "referral_source,introductions,wins,revenue\n'=Joan Clarke,1,1,12000.00\n");

        let path = dir.path().join("funnel.csv");
        export(&store, &MetricsQuery::default(), MetricsTable::Funnel, &path, &clock()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("group,created,asked,"), "{text}");
        assert!(text.contains("\nall,1,1,1,1,1,1,1,0,0,0,1.000,1.000\n"), "{text}");
    }
}
