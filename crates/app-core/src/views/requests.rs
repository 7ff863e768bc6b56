//! What the window receives from the requests use cases (and the inputs it sends).

use intrograph_engine::model::PersonId;
use intrograph_engine::pipeline::{IntroRequest, Move, Stage, StageChange};
use serde::{Deserialize, Serialize};

/// A request with its history and where it can go next.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestDetail {
    pub request: IntroRequest,
    pub history: Vec<StageChange>,
    pub next_stages: Vec<Stage>,
}

/// A new request, from the path the rep chose.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AskInput {
    /// The rep first, the target last; the second person is the referral source.
    pub path: Vec<PersonId>,
    pub reason: String,
    pub offer: String,
    pub message: String,
}

/// A stage change asked for.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MoveInput {
    pub to: Stage,
    pub note: String,
    pub deal_value: Option<f64>,
    pub lost_reason: Option<String>,
}

impl From<MoveInput> for Move {
    /// A blank lost reason is no reason (a move to lost then asks for one).
    fn from(input: MoveInput) -> Self {
        Move {
            to: input.to,
            note: input.note,
            deal_value: input.deal_value,
            lost_reason: input.lost_reason.filter(|r| !r.trim().is_empty()),
        }
    }
}

/// What the source has been told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SourceNote {
    Thanked,
    Told,
}

/// Someone on the team already asking for the same introduction: an open request of
/// another rep to the same target or through the same source. The ask can still go ahead.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamAskWarning {
    pub request_id: intrograph_engine::model::RequestId,
    pub rep_name: String,
    pub target_name: String,
    pub source_name: String,
    pub stage: Stage,
    /// When that request was created.
    pub since: chrono::DateTime<chrono::Utc>,
    /// The same target (else the same source only).
    pub same_target: bool,
    /// E.g. "Dana Whitfield already has an open request to Priya Shah through Omar Haddad (asked, since 2026-11-02)".
    pub message: String,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        RequestDetail::decl(cfg),
        AskInput::decl(cfg),
        MoveInput::decl(cfg),
        SourceNote::decl(cfg),
        TeamAskWarning::decl(cfg),
    ]
}
