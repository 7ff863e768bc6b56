//! What the window receives from the find use cases (and the search it sends).

use intrograph_engine::model::{PersonId, Target};
use intrograph_engine::paths::PathOptions;
use serde::{Deserialize, Serialize};

/// A person or organisation offered by the target typeahead.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TargetOption {
    pub target: Target,
    pub name: String,
    /// A title or an employer for a person, "Organisation" for an organisation.
    pub detail: String,
}

/// The path search the user asked for.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindOptions {
    pub max_hops: u8,
    pub k: usize,
    /// Best path through each different first person to ask (the default) or the plain top k.
    pub diverse: bool,
    pub verified_only: bool,
    pub exclude: Vec<PersonId>,
}

impl From<&FindOptions> for PathOptions {
    fn from(options: &FindOptions) -> Self {
        PathOptions {
            k: options.k,
            max_hops: options.max_hops,
            exclude: options.exclude.iter().copied().collect(),
            verified_only: options.verified_only,
            diverse: options.diverse,
            ..PathOptions::default()
        }
    }
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![TargetOption::decl(cfg), FindOptions::decl(cfg)]
}
