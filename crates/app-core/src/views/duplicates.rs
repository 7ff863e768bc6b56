//! The likely duplicates' views: the list, a dismissal, and the import report's line.

use intrograph_engine::duplicates::LikelyDuplicate;
use serde::Serialize;

/// The "Possible duplicates" list: the best pairs first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuplicatesView {
    /// The first pairs, best first.
    pub pairs: Vec<LikelyDuplicate>,
    /// Every pair proposed (`pairs` may list fewer).
    pub total: u32,
    /// Pairs dismissed so far (never proposed again).
    pub dismissed: u32,
}

/// A pair dismissed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dismissed {
    pub a_name: String,
    pub b_name: String,
    /// False when the pair had been dismissed before.
    pub newly: bool,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use intrograph_engine::duplicates as d;
    use ts_rs::TS;
    vec![
        d::EvidenceKind::decl(cfg),
        d::Evidence::decl(cfg),
        d::Likelihood::decl(cfg),
        d::DuplicateSide::decl(cfg),
        d::LikelyDuplicate::decl(cfg),
        DuplicatesView::decl(cfg),
        Dismissed::decl(cfg),
    ]
}
