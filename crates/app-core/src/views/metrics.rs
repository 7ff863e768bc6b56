//! What the window receives from the metrics use cases.

use chrono::NaiveDate;
use intrograph_engine::model::RepId;
use intrograph_engine::pipeline::metrics::{
    Activity, FunnelRow, SourceComparison, TopSource, TrendBucket, TrendStep,
};
use intrograph_engine::pipeline::Period;
use serde::{Deserialize, Serialize};

use super::settings::RepEntry;

/// What the metrics cover: a period of local dates (this quarter by default) and one rep or all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetricsQuery {
    #[cfg_attr(feature = "ts", ts(optional))]
    pub from: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub to: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rep: Option<RepId>,
}

/// Every table of the Metrics screen for one query.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Whether the trend goes week by week or quarter by quarter.
    pub trend_step: TrendStep,
    /// Requests created, won and asked over the period, bucket by bucket.
    pub trend: Vec<TrendBucket>,
    /// Whole days from the first ask to the win of each request won in the period, shortest first.
    pub ask_to_won_days: Vec<i64>,
    /// The workspace's currency (ISO 4217), for deal values.
    pub currency: String,
}

/// The image format a chart is saved in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ChartFormat {
    Png,
    Svg,
}

impl ChartFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

/// A chart written to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedChart {
    pub path: String,
    pub bytes: u64,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        MetricsQuery::decl(cfg),
        TrendStep::decl(cfg),
        TrendBucket::decl(cfg),
        MetricsReport::decl(cfg),
        ChartFormat::decl(cfg),
        SavedChart::decl(cfg),
    ]
}
