//! The objects the window receives, in one place and one casing: snake_case, the casing of
//! the engine's own types (which the window also receives as they are, and which the
//! command line's `--json` prints). One submodule per area of use cases.
//!
//! The TypeScript side is generated from these types into `ui/src/lib/bindings.ts` (the
//! app's `bindings` test, feature `ts`).

pub mod customers;
pub mod duplicates;
pub mod explorer;
pub mod find;
pub mod interchange;
pub mod iq;
pub mod mail;
pub mod metrics;
pub mod people;
pub mod requests;
pub mod sample;
pub mod settings;
pub mod team;
pub mod today;
pub mod undo;

use serde::Serialize;

use crate::workspace::Workspace;

/// An error as the window receives it: `{ "code": "NotFound", "message": "person not found: Ada" }`.
///
/// `code` is stable and machine-readable ([`intrograph_engine::Error::code`]); `message` is
/// written for the user and says what was wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    /// The workspace database cannot be used (could not be opened, still opening, being replaced).
    pub const WORKSPACE_UNAVAILABLE: &'static str = "WorkspaceUnavailable";
    /// A command failed in a way that leaves the program unable to go on safely.
    pub const INTERNAL: &'static str = "Internal";

    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }
}

impl From<intrograph_engine::Error> for CommandError {
    fn from(err: intrograph_engine::Error) -> Self {
        Self::new(err.code(), err.to_string())
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for CommandError {}

/// What the status bar shows about the open workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkspaceInfo {
    /// The database file.
    pub database: String,
    /// The schema version recorded in the file.
    pub schema_version: i64,
    /// The program's version.
    pub app_version: String,
    /// The workspace's currency for deal values (ISO 4217).
    pub currency: String,
}

impl WorkspaceInfo {
    /// The open workspace's file and schema version (waits for the opening).
    pub fn of(workspace: &Workspace) -> intrograph_engine::Result<Self> {
        let store = workspace.store()?;
        let database = store.path().or(workspace.database()).map(|p| p.display().to_string());
        Ok(Self {
            database: database.unwrap_or_else(|| ":memory:".into()),
            schema_version: store.schema_version()?,
            app_version: env!("CARGO_PKG_VERSION").into(),
            currency: crate::settings::currency_of(&store)?,
        })
    }
}

/// What another program did to the open file, as the window hears it (the app's
/// `workspace-updated` event; see `Workspace::check_for_changes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OutsideChange {
    /// Another program committed changes: the cached graph is up to date again; what the
    /// window shows is to be read again.
    Updated,
    /// The file's whole content was replaced (a restore) or another file took its place:
    /// the workspace reopened it.
    Replaced { message: String },
    /// The file was deleted or moved away: the workspace closed it.
    Closed { message: String },
}

/// Every TypeScript declaration the window needs: the engine's types it receives as they
/// are, this module's, and each area's.
#[cfg(feature = "ts")]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use intrograph_engine::pipeline::{iq, metrics};
    use intrograph_engine::{export, import, model, paths, pipeline, store, suggest};
    use ts_rs::TS;
    let mut decls = vec![
        CommandError::decl(cfg),
        WorkspaceInfo::decl(cfg),
        OutsideChange::decl(cfg),
        // The engine's types, as the window receives them.
        model::PersonId::decl(cfg),
        model::OrganisationId::decl(cfg),
        model::RelationshipId::decl(cfg),
        model::EmploymentId::decl(cfg),
        model::TouchId::decl(cfg),
        model::RepId::decl(cfg),
        model::RequestId::decl(cfg),
        model::OpportunityId::decl(cfg),
        model::StageChangeId::decl(cfg),
        model::Person::decl(cfg),
        model::Employment::decl(cfg),
        model::RelationshipKind::decl(cfg),
        model::Visibility::decl(cfg),
        model::Strength::decl(cfg),
        model::Relationship::decl(cfg),
        model::TouchKind::decl(cfg),
        model::Touch::decl(cfg),
        model::Direction::decl(cfg),
        model::OrganisationSummary::decl(cfg),
        model::Target::decl(cfg),
        paths::PathPerson::decl(cfg),
        paths::OverlapCertainty::decl(cfg),
        paths::SharedEmployer::decl(cfg),
        paths::Colleague::decl(cfg),
        paths::HopExplanation::decl(cfg),
        paths::IntroPath::decl(cfg),
        paths::TargetGroup::decl(cfg),
        suggest::Suggestions::decl(cfg),
        pipeline::Stage::decl(cfg),
        pipeline::IntroRequest::decl(cfg),
        pipeline::StageChange::decl(cfg),
        store::browse::PeopleSort::decl(cfg),
        store::browse::PersonRow::decl(cfg),
        store::browse::PeoplePage::decl(cfg),
        store::targets::TargetEntry::decl(cfg),
        store::requests::Listed::decl(cfg),
        model::AssessmentId::decl(cfg),
        iq::Question::decl(cfg),
        iq::Band::decl(cfg),
        iq::Assessment::decl(cfg),
        iq::TrendPoint::decl(cfg),
        iq::QuarterAverage::decl(cfg),
        iq::QuestionResult::decl(cfg),
        iq::MissingRep::decl(cfg),
        iq::TeamView::decl(cfg),
        pipeline::Quarter::decl(cfg),
        pipeline::Period::decl(cfg),
        pipeline::LeadSource::decl(cfg),
        metrics::StageCounts::decl(cfg),
        metrics::Conversion::decl(cfg),
        metrics::FunnelRow::decl(cfg),
        metrics::SourceComparison::decl(cfg),
        metrics::Activity::decl(cfg),
        metrics::TopSource::decl(cfg),
        metrics::By::decl(cfg),
        export::MetricsTable::decl(cfg),
        import::Progress::decl(cfg),
        import::Skip::decl(cfg),
        import::Action::decl(cfg),
        import::Change::decl(cfg),
        import::ImportReport::decl(cfg),
    ];
    let areas: [fn(&ts_rs::Config) -> Vec<String>; 15] = [
        self::duplicates::declarations,
        self::explorer::declarations,
        self::find::declarations,
        self::today::declarations,
        self::requests::declarations,
        self::people::declarations,
        self::sample::declarations,
        self::interchange::declarations,
        self::mail::declarations,
        self::metrics::declarations,
        self::iq::declarations,
        self::settings::declarations,
        self::customers::declarations,
        self::undo::declarations,
        self::team::declarations,
    ];
    for area in areas {
        decls.extend(area(cfg));
    }
    decls
}

#[cfg(test)]
mod tests {
    use super::*;
    use intrograph_engine::Error;

    #[test]
    fn engine_errors_serialize_to_code_and_message() {
        let cases = [
            (
                Error::not_found("person", "Ada Lovelace"),
                r#"{"code":"NotFound","message":"person not found: Ada Lovelace"}"#,
            ),
            (
                Error::invalid("strength", "must be between 1 and 5, got 9"),
                r#"{"code":"Invalid","message":"invalid strength: must be between 1 and 5, got 9"}"#,
            ),
            (
                Error::input("people.csv, line 14", "missing column Email Address"),
                r#"{"code":"InvalidInput","message":"people.csv, line 14: missing column Email Address"}"#,
            ),
            (
                Error::Conflict("Ada and Grace are already related".into()),
                r#"{"code":"Conflict","message":"Ada and Grace are already related"}"#,
            ),
        ];
        for (err, json) in cases {
            let shown = serde_json::to_string(&CommandError::from(err)).unwrap();
            assert_eq!(shown, json);
        }
    }

    #[test]
    fn workspace_info_names_the_file_and_its_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.db");
        let info = WorkspaceInfo::of(&Workspace::open(&path)).unwrap();
        assert_eq!(info.database, path.display().to_string());
        assert!(info.schema_version >= 1, "{info:?}");
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["schema_version"], info.schema_version);
        assert_eq!(json["database"], info.database);
    }

    #[test]
    fn a_database_that_cannot_be_opened_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "these are notes, not a database\n".repeat(100)).unwrap();
        let err = CommandError::from(WorkspaceInfo::of(&Workspace::open(&path)).unwrap_err());
        assert_eq!(err.code, CommandError::WORKSPACE_UNAVAILABLE);
        assert!(err.message.contains(&path.display().to_string()), "{}", err.message);
    }
}
