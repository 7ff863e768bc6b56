//! What the window receives from the today use cases.

use chrono::NaiveDate;
use intrograph_engine::paths::{IntroPath, PathPerson};
use intrograph_engine::pipeline::IntroRequest;
use intrograph_engine::store::targets::TargetEntry;
use serde::Serialize;

/// A target with the best ask toward it (none when no path is within reach).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestedAsk {
    pub target: TargetEntry,
    pub path: Option<IntroPath>,
    /// An open request toward this target already exists.
    pub requested: bool,
}

/// The Today screen.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TodayView {
    pub today: NaiveDate,
    pub rep: PathPerson,
    /// The oldest overdue follow-ups, at most [`crate::today::LISTED`]; `overdue_total`
    /// counts them all.
    pub overdue: Vec<IntroRequest>,
    pub overdue_total: u64,
    /// Follow-ups due today, at most [`crate::today::LISTED`]; `due_total` counts them all.
    pub due: Vec<IntroRequest>,
    pub due_total: u64,
    /// Asked or accepted: the source has not made the introduction yet. The newest, at
    /// most [`crate::today::LISTED`]; `waiting_total` counts them all.
    pub waiting: Vec<IntroRequest>,
    pub waiting_total: u64,
    pub asks: Vec<SuggestedAsk>,
    /// The quarter whose Referral I.Q. the rep has not taken yet.
    pub iq_missing: Option<String>,
    /// People due a contact under their keep-in-touch cadence, overdue first.
    pub keep_in_touch: crate::views::mail::KeepInTouch,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![SuggestedAsk::decl(cfg), TodayView::decl(cfg)]
}
