//! What the window receives for the undo history and team bundles.

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use intrograph_engine::store::bundle::{Conflict, ImportReport, Kept};
    use intrograph_engine::store::undo::{Action, ActionKind};
    use ts_rs::TS;
    vec![
        Action::decl(cfg),
        ActionKind::decl(cfg),
        ImportReport::decl(cfg),
        Conflict::decl(cfg),
        Kept::decl(cfg),
    ]
}
