//! What the window receives from the metrics use cases.

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(_cfg: &ts_rs::Config) -> Vec<String> {
    vec![]
}
