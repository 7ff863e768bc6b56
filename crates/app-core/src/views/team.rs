//! What the window receives from the team workspace use case: the status the Settings >
//! Team section and the status bar show, and every rep's "as of" time.

use chrono::{DateTime, Utc};
use intrograph_engine::model::RepId;
use serde::{Deserialize, Serialize};

/// Where the sync stands, as the status bar says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SyncState {
    /// The workspace is in no team: nothing to say.
    NotJoined,
    /// A sync is running now.
    Syncing,
    /// Everything pushed at the last sync ("Synced 14:02").
    Synced,
    /// Local changes not pushed yet ("3 changes waiting").
    Waiting,
    /// The server could not be reached ("Offline — will sync when the team server is back").
    Offline,
    /// The server refused the sign-in: a wrong password or a revoked rep ("Sign-in refused").
    Refused,
    /// Any other failure; `error` says what.
    Failed,
}

/// A field changed on two desktops while both were offline: the later write was kept.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictView {
    /// Its number in this desktop's list (to use the overwritten value, or dismiss it).
    pub id: i64,
    pub table: String,
    pub row_id: String,
    pub field: String,
    /// What kind of record, e.g. "Person", "Relationship".
    pub record_kind: String,
    /// Which one, e.g. "Priya Natarajan", "Omar Haddad ↔ Priya Natarajan".
    pub record: String,
    /// The field as a person reads it, e.g. "Title".
    pub field_label: String,
    /// The value kept (JSON text).
    pub kept: String,
    /// The value overwritten (JSON text), and who wrote it (a rep's name or login, or
    /// "this desktop").
    pub overwritten: String,
    /// Both values as text ("(empty)" for none, lists joined).
    pub kept_text: String,
    pub overwritten_text: String,
    pub overwritten_by: String,
    /// Who wrote the overwritten value, in words ("Dana Reyes", "you, on this desktop").
    pub by: String,
    /// Whether "use the overwritten value" can set it back from the list.
    pub restorable: bool,
    pub at: DateTime<Utc>,
}

/// How fresh a rep's data is on this desktop.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepAsOf {
    pub rep_id: RepId,
    pub name: String,
    /// This desktop's own rep: their data is live here.
    pub me: bool,
    /// Their last push the team server saw (`None`: never, or this desktop's rep).
    pub as_of: Option<DateTime<Utc>>,
}

/// The team workspace as the window shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamStatusView {
    pub joined: bool,
    /// The server's URL without the password.
    pub server: Option<String>,
    pub login: Option<String>,
    pub leader: bool,
    pub last_sync: Option<DateTime<Utc>>,
    /// Local changes not pushed yet.
    pub waiting: u64,
    /// Rows pulled, in all.
    pub pulled: u64,
    pub conflicts: Vec<ConflictView>,
    pub state: SyncState,
    /// What the status bar says, e.g. "Synced 14:02" or "3 changes waiting".
    pub bar: String,
    /// The last failure in words, while it lasts.
    pub error: Option<String>,
    /// Every rep's "as of" time, by name (empty outside a team).
    pub reps_as_of: Vec<RepAsOf>,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![SyncState::decl(cfg), ConflictView::decl(cfg), RepAsOf::decl(cfg), TeamStatusView::decl(cfg)]
}
