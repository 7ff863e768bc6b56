//! The stages of an introduction request and the only legal moves between them.
//!
//! ```text
//! draft → asked → accepted → introduced → meeting → opportunity → won
//!           │        │            │          │           │
//!           └────────┴→ declined  └──────────┴───────────┴→ lost
//! ```
//!
//! Any stage from `asked` to `opportunity` can become `stalled` (nothing is moving).
//! A stalled request resumes to the stage it stalled from, or is closed: `declined`
//! if it stalled before the introduction, `lost` if it stalled after. `draft` is the
//! rep's own (not sent yet), so it cannot stall; `declined`, `won` and `lost` are final.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Where an introduction request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Stage {
    Draft,
    Asked,
    Accepted,
    Declined,
    Introduced,
    Meeting,
    Opportunity,
    Won,
    Lost,
    Stalled,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Self::Draft,
        Self::Asked,
        Self::Accepted,
        Self::Declined,
        Self::Introduced,
        Self::Meeting,
        Self::Opportunity,
        Self::Won,
        Self::Lost,
        Self::Stalled,
    ];

    /// The main line of the funnel, in order.
    pub const FUNNEL: [Stage; 7] = [
        Self::Draft,
        Self::Asked,
        Self::Accepted,
        Self::Introduced,
        Self::Meeting,
        Self::Opportunity,
        Self::Won,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Asked => "asked",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Introduced => "introduced",
            Self::Meeting => "meeting",
            Self::Opportunity => "opportunity",
            Self::Won => "won",
            Self::Lost => "lost",
            Self::Stalled => "stalled",
        }
    }

    /// The bit of this stage in a request's `reached` mask.
    pub fn bit(self) -> i64 {
        1 << (self as i64)
    }

    /// No further move is possible.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Declined | Self::Won | Self::Lost)
    }

    /// The stages that may become `stalled`.
    pub fn can_stall(self) -> bool {
        matches!(self, Self::Asked | Self::Accepted | Self::Introduced | Self::Meeting | Self::Opportunity)
    }

    /// Whether the introduction has happened by this stage (for closing a stalled request).
    pub fn after_introduction(self) -> bool {
        matches!(self, Self::Introduced | Self::Meeting | Self::Opportunity)
    }

    /// The legal moves out of a stage that is not `stalled` (the transition table).
    pub fn next(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            Draft => &[Asked],
            Asked => &[Accepted, Declined, Stalled],
            Accepted => &[Introduced, Declined, Stalled],
            Introduced => &[Meeting, Lost, Stalled],
            Meeting => &[Opportunity, Lost, Stalled],
            Opportunity => &[Won, Lost, Stalled],
            Declined | Won | Lost => &[],
            // A stalled request's moves depend on where it stalled: see `legal_moves`.
            Stalled => &[],
        }
    }
}

/// Every stage a request at `from` may move to. `stalled_from` is the stage a stalled
/// request stalled from (ignored for other stages).
pub fn legal_moves(from: Stage, stalled_from: Option<Stage>) -> Vec<Stage> {
    if from != Stage::Stalled {
        return from.next().to_vec();
    }
    match stalled_from {
        Some(s) if s.can_stall() => {
            let close = if s.after_introduction() { Stage::Lost } else { Stage::Declined };
            vec![s, close]
        }
        _ => Vec::new(),
    }
}

/// Checks one move; the error names both stages and what is allowed instead.
pub fn check_move(from: Stage, stalled_from: Option<Stage>, to: Stage) -> Result<(), Error> {
    let moves = legal_moves(from, stalled_from);
    if moves.contains(&to) {
        return Ok(());
    }
    let allowed = if moves.is_empty() {
        format!("{from} is final")
    } else {
        format!(
            "from {from} a request can move to: {}",
            moves.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )
    };
    Err(Error::Conflict(format!("cannot move a request from {from} to {to}: {allowed}")))
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stage {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let key = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|st| st.as_str() == key).ok_or_else(|| {
            Error::invalid(
                "stage",
                format!("{s:?} is not a stage; use one of: {}", Self::ALL.map(|k| k.as_str()).join(", ")),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_round_trip_and_bits_are_distinct() {
        let mut bits = 0;
        for s in Stage::ALL {
            assert_eq!(s.as_str().parse::<Stage>().unwrap(), s);
            assert_eq!(bits & s.bit(), 0);
            bits |= s.bit();
        }
        assert!("closed".parse::<Stage>().unwrap_err().to_string().contains("\"closed\""));
    }
}
