//! What the window receives from the settings use cases.

use intrograph_engine::model::{PersonId, RepId};
use intrograph_engine::pipeline::Stage;
use intrograph_engine::weight::WeightParams;
use serde::{Deserialize, Serialize};

/// A rep as the settings, metrics and Referral I.Q. screens list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepEntry {
    pub rep_id: RepId,
    pub person_id: PersonId,
    pub name: String,
    pub active: bool,
    /// The rep's goal of introduction requests asked per week, when set.
    pub asks_per_week: Option<u32>,
    /// The rep whose network the app works from.
    pub current: bool,
}

/// The constants of the introduction weight, as the settings form edits them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeightConstants {
    /// Factor for strength 1 (distant) to 5 (very strong).
    pub strength_factors: [f64; 5],
    pub unverified_factor: f64,
    pub recency_half_life_days: f64,
    pub recency_floor: f64,
    pub unknown_contact_factor: f64,
}

impl From<WeightParams> for WeightConstants {
    fn from(p: WeightParams) -> Self {
        Self {
            strength_factors: p.strength_factors,
            unverified_factor: p.unverified_factor,
            recency_half_life_days: p.recency_half_life_days,
            recency_floor: p.recency_floor,
            unknown_contact_factor: p.unknown_contact_factor,
        }
    }
}

impl From<WeightConstants> for WeightParams {
    fn from(c: WeightConstants) -> Self {
        Self {
            strength_factors: c.strength_factors,
            unverified_factor: c.unverified_factor,
            recency_half_life_days: c.recency_half_life_days,
            recency_floor: c.recency_floor,
            unknown_contact_factor: c.unknown_contact_factor,
        }
    }
}

/// Days until the suggested follow-up after a request reaches `stage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUpDays {
    pub stage: Stage,
    pub days: u32,
    #[serde(default)]
    pub default_days: u32,
}

/// Everything the Settings screen shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingsOverview {
    /// The database open now.
    pub database: Option<String>,
    /// The settings file that names the database for the next start.
    pub config_file: Option<String>,
    /// The database the settings file names, if any.
    pub configured_database: Option<String>,
    /// `INTROGRAPH_DB` is set and wins over the settings file.
    pub database_from_env: bool,
    pub reps: Vec<RepEntry>,
    pub weights: WeightConstants,
    pub default_weights: WeightConstants,
    /// The weights differ from the defaults.
    pub weights_customised: bool,
    pub follow_up_days: Vec<FollowUpDays>,
    /// The workspace's currency for deal values (ISO 4217).
    pub currency: String,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        RepEntry::decl(cfg),
        WeightConstants::decl(cfg),
        FollowUpDays::decl(cfg),
        SettingsOverview::decl(cfg),
    ]
}
