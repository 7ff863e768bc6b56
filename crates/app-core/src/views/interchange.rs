//! What the window receives from the interchange use cases (imports, exports, backups),
//! and the import plan it sends.

use intrograph_engine::import::ImportReport;
use intrograph_engine::store::backup;
use serde::{Deserialize, Serialize};

/// The files that can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ImportFormat {
    /// LinkedIn's `Connections.csv`.
    Linkedin,
    /// vCard 2.1, 3.0 or 4.0 (a phone's or mail app's address book).
    Vcard,
    /// Any contacts CSV (Google Contacts, Outlook, HubSpot, Salesforce, a spreadsheet).
    Csv,
    /// IntroGraph's people CSV (documented headers).
    PeopleCsv,
    /// IntroGraph's relationships CSV (documented headers).
    RelationshipsCsv,
}

/// A field a CSV column can fill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportField {
    pub field: String,
    pub label: String,
    pub required: bool,
}

/// An import format as the window offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportFormatInfo {
    pub format: ImportFormat,
    pub label: String,
    pub description: String,
    /// File name endings, without the dot.
    pub extensions: Vec<String>,
    /// The fields its columns can be mapped to; empty when the format needs no mapping.
    pub fields: Vec<ImportField>,
}

/// A file looked at before importing: its encoding, and for a contacts CSV its headers,
/// the suggested mapping and a sample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileInspection {
    pub path: String,
    pub format: ImportFormat,
    pub bytes: u64,
    /// The character encoding detected (or chosen).
    pub encoding: String,
    pub headers: Vec<String>,
    /// For each header, the field it fills (`None`: ignored).
    pub mapping: Vec<Option<String>>,
    /// The application whose export the headers look like, if recognised.
    pub recognised: Option<String>,
    /// The first data rows.
    pub sample: Vec<Vec<String>>,
    /// Saved column mappings, by name.
    pub saved_mappings: Vec<String>,
}

/// What to import and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPlan {
    pub path: String,
    pub format: Option<ImportFormat>,
    /// `utf-8`, `windows-1252`, ...; absent detects it.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub encoding: Option<String>,
    /// For a contacts CSV: the field of each header, in the file's order.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub mapping: Option<Vec<Option<String>>>,
    /// For a contacts CSV: the headers the mapping belongs to.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub headers: Option<Vec<String>>,
    /// For a contacts CSV without an inline mapping: the saved mapping to read it through
    /// (absent: the headers are recognised).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub saved_mapping: Option<String>,
    /// Save the mapping under this name once the import succeeds.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub save_mapping_as: Option<String>,
}

/// What an import did or, in a preview, would do.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportOutcome {
    pub file: String,
    pub preview: bool,
    pub report: ImportReport,
    /// The mapping saved, when one was asked for.
    pub saved_mapping: Option<String>,
    /// Likely duplicates among the people the import added or changed (the first few;
    /// none in a preview).
    pub likely_duplicates: Vec<intrograph_engine::duplicates::LikelyDuplicate>,
    pub likely_duplicates_total: u32,
}

/// What the window can export as CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ExportKind {
    People,
    Relationships,
    Requests,
}

/// A file written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportResult {
    pub path: String,
    pub rows: u64,
}

/// One backup file of the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupFile {
    pub path: String,
    /// RFC 3339.
    pub taken_at: String,
    pub bytes: u64,
    /// `automatic`, `manual` or `before restore`.
    pub kind: String,
}

impl From<backup::BackupInfo> for BackupFile {
    fn from(b: backup::BackupInfo) -> Self {
        Self {
            path: b.path.display().to_string(),
            taken_at: b.taken_at.to_rfc3339(),
            bytes: b.bytes,
            kind: b.kind.label().to_string(),
        }
    }
}

/// The database's backups, newest first, and where they are kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backups {
    pub folder: String,
    pub backups: Vec<BackupFile>,
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreOutcome {
    pub restored: String,
    pub previous_kept_at: Option<String>,
    pub schema_version: i64,
}

impl From<backup::RestoreReport> for RestoreOutcome {
    fn from(r: backup::RestoreReport) -> Self {
        Self {
            restored: r.restored.display().to_string(),
            previous_kept_at: r.previous_kept_at.map(|p| p.display().to_string()),
            schema_version: r.schema_version,
        }
    }
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        ImportFormat::decl(cfg),
        ImportField::decl(cfg),
        ImportFormatInfo::decl(cfg),
        FileInspection::decl(cfg),
        ImportPlan::decl(cfg),
        ImportOutcome::decl(cfg),
        ExportKind::decl(cfg),
        ExportResult::decl(cfg),
        BackupFile::decl(cfg),
        Backups::decl(cfg),
        RestoreOutcome::decl(cfg),
    ]
}
