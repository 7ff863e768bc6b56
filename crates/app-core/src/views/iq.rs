//! What the window receives from the Referral I.Q. use cases.

use intrograph_engine::pipeline::iq::{Assessment, Question, TrendPoint};
use intrograph_engine::pipeline::Quarter;
use serde::Serialize;

use super::settings::RepEntry;

/// A scored assessment with what to work on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IqResult {
    pub assessment: Assessment,
    /// The answers, question 1 first.
    pub answers: Vec<bool>,
    /// The band in words ("Practitioner (10-12): a working referral habit").
    pub band_label: String,
    /// The questions answered "no", with their advice.
    pub advice: Vec<Question>,
}

/// What the Referral I.Q. screen opens with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IqOverview {
    /// This quarter, in the user's time zone.
    pub quarter: Quarter,
    pub questions: Vec<Question>,
    /// The rep taking the assessment; `None` with `no_rep` saying why.
    pub rep: Option<RepEntry>,
    pub no_rep: Option<String>,
    /// This quarter's assessment, if taken.
    pub current: Option<IqResult>,
    /// Every assessment of the rep, oldest first.
    pub history: Vec<TrendPoint>,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![IqResult::decl(cfg), IqOverview::decl(cfg)]
}
