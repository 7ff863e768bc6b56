//! What the window receives from the sample use cases.

use serde::Serialize;

/// Whether the workspace holds anything, and whether that is the sample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkspaceContents {
    pub people: u32,
    pub sample_people: u32,
    pub has_rep: bool,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![WorkspaceContents::decl(cfg)]
}
