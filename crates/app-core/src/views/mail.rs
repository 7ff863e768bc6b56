//! What the window receives from the mail-and-calendar use cases (touches read from the
//! rep's own exports, suggested strengths, people likely to know each other, keeping in
//! touch), and the plan it sends.

use intrograph_engine::import::exchanges::ExchangeReport;
use intrograph_engine::import::ExchangeFormat;
use intrograph_engine::strength::{Due, LikelyTie, Suggestion};
use serde::{Deserialize, Serialize};

/// What to import from the rep's own mail, calendar or LinkedIn messages, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExchangePlan {
    /// An mbox file, a folder (Maildir, or mbox files), an `.ics` or `messages.csv`.
    pub path: String,
    pub format: Option<ExchangeFormat>,
    /// More addresses of the rep's (added to the rep's record).
    #[serde(default)]
    pub me: Vec<String>,
    /// Correspondents to add as people (addresses or LinkedIn profiles from the preview).
    #[serde(default)]
    pub add: Vec<String>,
    /// Keep subjects too.
    #[serde(default)]
    pub subjects: bool,
    /// Add every frequent correspondent the preview lists (besides `add`).
    #[serde(default)]
    pub add_all: bool,
}

/// What an import of exchanges did or, in a preview, would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExchangeOutcome {
    pub path: String,
    pub preview: bool,
    pub report: ExchangeReport,
}

/// An import format of the rep's own exchanges, as the window offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExchangeFormatInfo {
    pub format: ExchangeFormat,
    pub label: String,
    pub description: String,
    /// File name endings, without the dot (empty: a folder also does).
    pub extensions: Vec<String>,
    pub folder: bool,
}

/// The suggestions screen: strengths the touches suggest, and people likely to know each
/// other.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestionsView {
    pub strengths: Vec<Suggestion>,
    /// How many of `strengths` the rep set by hand (accepting all leaves them).
    pub by_hand: u64,
    pub likely: Vec<LikelyTie>,
}

/// People due a contact (Today).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeepInTouch {
    /// The most overdue first, at most [`crate::today::LISTED`].
    pub due: Vec<Due>,
    pub total: u64,
}

/// Touches of one month, for a person's chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthTouches {
    /// `2026-03`.
    pub month: String,
    pub touches: u32,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use intrograph_engine::import::exchanges::{Candidate, FileOutcome, OwnAddress};
    use intrograph_engine::strength::Accepted;
    use ts_rs::TS;
    vec![
        ExchangeFormat::decl(cfg),
        ExchangePlan::decl(cfg),
        ExchangeOutcome::decl(cfg),
        ExchangeFormatInfo::decl(cfg),
        ExchangeReport::decl(cfg),
        Candidate::decl(cfg),
        OwnAddress::decl(cfg),
        FileOutcome::decl(cfg),
        SuggestionsView::decl(cfg),
        Suggestion::decl(cfg),
        LikelyTie::decl(cfg),
        Accepted::decl(cfg),
        Due::decl(cfg),
        KeepInTouch::decl(cfg),
        MonthTouches::decl(cfg),
    ]
}
