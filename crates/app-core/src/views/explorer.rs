//! The network explorer's views: people and relationships loaded a neighbourhood at a time.

use intrograph_engine::model::{PersonId, RelationshipId, RelationshipKind};
use serde::Serialize;

/// A person on the explorer's canvas.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExplorerNode {
    pub id: PersonId,
    pub name: String,
    /// Their current organisation, empty when none.
    pub organisation: String,
    /// Relationships on record (how many more an expansion may show).
    pub degree: u32,
}

/// A relationship on the explorer's canvas.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExplorerEdge {
    pub id: RelationshipId,
    pub a: PersonId,
    pub b: PersonId,
    /// 1 (distant) to 5 (very strong).
    pub strength: u8,
    pub verified: bool,
    pub kind: RelationshipKind,
    /// The introduction weight in (0, 1].
    pub weight: f64,
}

/// One expansion: a person, their strongest contacts, and the relationships among
/// everyone new and everyone already shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Expansion {
    pub centre: ExplorerNode,
    /// The contacts loaded (the strongest first), the centre not included.
    pub nodes: Vec<ExplorerNode>,
    pub edges: Vec<ExplorerEdge>,
    /// Contacts not loaded (past the limit).
    pub hidden: u32,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![ExplorerNode::decl(cfg), ExplorerEdge::decl(cfg), Expansion::decl(cfg)]
}
