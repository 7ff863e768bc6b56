//! Import and export: CSV files in (inspected, mapped, previewed, then applied with progress),
//! people, relationships and requests out as formula-safe CSV, and whole-workspace backups.
//!
//! Each import format is one entry of [`FORMATS`]; a new importer in the engine becomes one
//! more entry here and one more arm in [`run_import`].

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use intrograph_engine::import::{self, ImportOptions, ImportReport};
use intrograph_engine::pipeline::{Clock, RequestFilter};
use intrograph_engine::store::{bundle, network, people, requests, Page, Store};
use intrograph_engine::{csv_safe, suggest, weight, Error};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State};

use super::metrics::ExportResult;
use crate::error::CommandError;
use crate::workspace::Workspace;

/// The files the window can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ImportFormat {
    PeopleCsv,
    RelationshipsCsv,
}

/// A column an import understands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportField {
    pub field: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// Header spellings recognised without mapping (compared ignoring case, spaces, `-`, `_`).
    #[serde(skip)]
    #[cfg_attr(test, ts(skip))]
    pub spellings: &'static [&'static str],
}

/// An import format as the window offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportFormatInfo {
    pub format: ImportFormat,
    pub label: &'static str,
    pub description: &'static str,
    /// File name endings, without the dot.
    pub extensions: Vec<&'static str>,
    /// The columns, for mapping a file's headers.
    pub fields: Vec<ImportField>,
}

const fn field(
    field: &'static str,
    label: &'static str,
    required: bool,
    spellings: &'static [&'static str],
) -> ImportField {
    ImportField { field, label, required, spellings }
}

const PEOPLE_FIELDS: &[ImportField] = &[
    field("name", "Full name", true, &["name", "full_name", "full name"]),
    field("emails", "Email (; between several)", false, &["email", "emails", "e-mail"]),
    field("phones", "Phone (; between several)", false, &["phone", "phones"]),
    field("organisation", "Organisation", false, &["organisation", "organization", "company"]),
    field("title", "Job title", false, &["title", "job_title", "position"]),
    field("linkedin_url", "LinkedIn URL", false, &["linkedin_url", "linkedin", "url"]),
    field("tags", "Tags (; between several)", false, &["tags", "tag"]),
    field("notes", "Notes", false, &["notes", "note"]),
    field("id", "IntroGraph id", false, &["id"]),
];

const RELATIONSHIP_FIELDS: &[ImportField] = &[
    field("person_a", "Person A (id, email or exact name)", true, &["person_a", "a", "from"]),
    field("person_b", "Person B (id, email or exact name)", true, &["person_b", "b", "to"]),
    field("kind", "Kind", false, &["kind", "type", "relationship"]),
    field("strength", "Strength 1-5", false, &["strength"]),
    field("verified", "Verified (yes/no or a date)", false, &["verified"]),
    field("last_contact", "Last contact (YYYY-MM-DD)", false, &["last_contact"]),
    field("since", "Since (YYYY-MM-DD)", false, &["since"]),
    field("notes", "Notes", false, &["notes", "note"]),
];

/// Every import format, in the order the window lists them.
pub fn formats() -> Vec<ImportFormatInfo> {
    vec![
        ImportFormatInfo {
            format: ImportFormat::PeopleCsv,
            label: "People (CSV)",
            description: "One person per row: name, emails, phones, organisation, title, LinkedIn URL, tags, notes. \
                          People already stored are matched by email, LinkedIn URL or name and updated, never duplicated.",
            extensions: vec!["csv"],
            fields: PEOPLE_FIELDS.to_vec(),
        },
        ImportFormatInfo {
            format: ImportFormat::RelationshipsCsv,
            label: "Relationships (CSV)",
            description: "One relationship per row between two people already stored (or added by an earlier import): \
                          kind, strength, verified, last contact.",
            extensions: vec!["csv"],
            fields: RELATIONSHIP_FIELDS.to_vec(),
        },
    ]
}

fn fields_of(format: ImportFormat) -> &'static [ImportField] {
    match format {
        ImportFormat::PeopleCsv => PEOPLE_FIELDS,
        ImportFormat::RelationshipsCsv => RELATIONSHIP_FIELDS,
    }
}

fn header_key(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A file looked at before importing: its headers, the suggested mapping and a sample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FileInspection {
    pub path: String,
    pub format: ImportFormat,
    pub headers: Vec<String>,
    /// For each header, the field it fills (`None`: ignored).
    pub mapping: Vec<Option<String>>,
    /// The first data rows.
    pub sample: Vec<Vec<String>>,
    /// Data rows in the file.
    pub rows: u64,
}

/// What to import and how its columns map.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportPlan {
    pub path: String,
    pub format: ImportFormat,
    /// One entry per header; absent keeps the file's own headers.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub mapping: Option<Vec<Option<String>>>,
}

/// What an import did or, in a preview, would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportOutcome {
    pub file: String,
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    /// Rows that matched a stored record and changed nothing.
    pub unchanged: u64,
    /// Remarks that did not stop the import (columns ignored, ...).
    pub notes: Vec<String>,
    pub preview: bool,
}

impl ImportOutcome {
    fn of(file: String, r: ImportReport) -> Self {
        Self {
            file,
            rows: r.rows,
            added: r.added,
            updated: r.updated,
            unchanged: r.unchanged,
            notes: r.notes,
            preview: r.dry_run,
        }
    }
}

/// How far a long import has read, sent to the window as the `import-progress` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportProgress {
    pub done: u64,
    pub total: u64,
}

/// The event name of [`ImportProgress`].
pub const PROGRESS_EVENT: &str = "import-progress";

/// A reader that reports the bytes read so far, at most once per percent.
struct Progress<R, F> {
    inner: R,
    done: u64,
    total: u64,
    last: u64,
    report: F,
}

impl<R: Read, F: FnMut(ImportProgress)> Read for Progress<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        let pct = (self.done * 100).checked_div(self.total).unwrap_or(100);
        if pct > self.last || n == 0 {
            self.last = pct;
            (self.report)(ImportProgress { done: self.done.min(self.total), total: self.total });
        }
        Ok(n)
    }
}

/// A path the user typed for a file to read: whole, and there.
fn existing_file(path: &str) -> Result<PathBuf, CommandError> {
    let p = PathBuf::from(path.trim());
    if path.trim().is_empty() {
        return Err(Error::invalid("file", "no file chosen; give the path of the file to import").into());
    }
    if !p.is_absolute() {
        return Err(Error::invalid(
            "file",
            format!("{} is not a full path; give the whole path, from /", p.display()),
        )
        .into());
    }
    if !p.is_file() {
        return Err(Error::invalid("file", format!("{} is not a file that exists", p.display())).into());
    }
    Ok(p)
}

/// A path the user chose to write to: whole, in a folder that exists, ending in `.ext`
/// (added when missing).
pub fn chosen_path(path: &str, ext: &str) -> Result<PathBuf, CommandError> {
    let text = path.trim();
    if text.is_empty() {
        return Err(Error::invalid("file", "no file chosen; give the path to write to").into());
    }
    let mut p = PathBuf::from(text);
    if !p.is_absolute() {
        return Err(Error::invalid(
            "file",
            format!("{text} is not a full path; give the whole path, from /"),
        )
        .into());
    }
    if p.is_dir() {
        return Err(Error::invalid("file", format!("{text} is a folder; add a file name")).into());
    }
    if p.extension().is_none_or(|e| !e.eq_ignore_ascii_case(ext)) {
        p.as_mut_os_string().push(format!(".{ext}"));
    }
    if !p.parent().is_some_and(Path::is_dir) {
        return Err(Error::invalid("file", format!("the folder of {} does not exist", p.display())).into());
    }
    Ok(p)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn csv_problem(name: &str, e: &csv::Error) -> CommandError {
    let at = e.position().map(|p| format!("{name}, line {}", p.line())).unwrap_or_else(|| name.to_string());
    Error::input(at, e.to_string()).into()
}

/// Reads the headers, suggests a mapping and samples the first rows.
pub fn inspect(format: ImportFormat, path: &str) -> Result<FileInspection, CommandError> {
    let p = existing_file(path)?;
    let name = file_name(&p);
    let file = std::fs::File::open(&p).map_err(|source| Error::Io { path: p.clone(), source })?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_problem(&name, &e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let fields = fields_of(format);
    let mut taken = Vec::new();
    let mapping = headers
        .iter()
        .map(|h| {
            let key = header_key(h);
            let f = fields.iter().find(|f| f.spellings.iter().any(|s| header_key(s) == key))?;
            (!taken.contains(&f.field)).then(|| {
                taken.push(f.field);
                f.field.to_string()
            })
        })
        .collect();
    let mut sample = Vec::new();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.map_err(|e| csv_problem(&name, &e))?;
        if sample.len() < 5 {
            sample.push(record.iter().map(String::from).collect());
        }
        rows += 1;
    }
    Ok(FileInspection { path: p.display().to_string(), format, headers, mapping, sample, rows })
}

/// The file with its header row replaced by the mapped field names (unmapped columns get an
/// empty header, which the importers ignore).
fn remapped(
    format: ImportFormat,
    name: &str,
    path: &Path,
    mapping: &[Option<String>],
) -> Result<Vec<u8>, CommandError> {
    let fields = fields_of(format);
    let mut seen = HashMap::new();
    for (i, m) in mapping.iter().enumerate() {
        if let Some(f) = m {
            if !fields.iter().any(|k| k.field == f) {
                return Err(Error::invalid(
                    "column mapping",
                    format!("{f:?} is not a column of this format"),
                )
                .into());
            }
            if let Some(first) = seen.insert(f.as_str(), i) {
                return Err(Error::invalid(
                    "column mapping",
                    format!("columns {} and {} both fill {f}; choose one", first + 1, i + 1),
                )
                .into());
            }
        }
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let width = reader.headers().map_err(|e| csv_problem(name, &e))?.len();
    if width != mapping.len() {
        return Err(Error::invalid(
            "column mapping",
            format!(
                "the file has {width} columns but the mapping has {}; inspect the file again",
                mapping.len()
            ),
        )
        .into());
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = mapping.iter().map(|m| m.as_deref().unwrap_or("")).collect();
    let written = |e: csv::Error| CommandError::from(Error::input(name.to_string(), e.to_string()));
    out.write_record(&header).map_err(written)?;
    for record in reader.records() {
        out.write_record(&record.map_err(|e| csv_problem(name, &e))?).map_err(written)?;
    }
    out.into_inner().map_err(|e| CommandError::from(Error::input(name.to_string(), e.to_string())))
}

/// Previews (`preview`) or applies an import, reporting progress through `progress`.
pub fn run_import(
    store: &mut Store,
    plan: &ImportPlan,
    preview: bool,
    progress: impl FnMut(ImportProgress),
) -> Result<ImportOutcome, CommandError> {
    let path = existing_file(&plan.path)?;
    let name = file_name(&path);
    let options = ImportOptions { dry_run: preview, ..Default::default() };
    let (data, total): (Box<dyn Read>, u64) = match &plan.mapping {
        Some(mapping) => {
            let bytes = remapped(plan.format, &name, &path, mapping)?;
            let total = bytes.len() as u64;
            (Box::new(std::io::Cursor::new(bytes)), total)
        }
        None => {
            let file =
                std::fs::File::open(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
            let total = file.metadata().map(|m| m.len()).unwrap_or(0);
            (Box::new(file), total)
        }
    };
    let reader = Progress { inner: data, done: 0, total, last: 0, report: progress };
    let report = match plan.format {
        ImportFormat::PeopleCsv => import::people_from_reader(store, &name, reader, &options)?,
        ImportFormat::RelationshipsCsv => import::relationships_from_reader(store, &name, reader, &options)?,
    };
    Ok(ImportOutcome::of(name, report))
}

/// What can be exported as CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ExportKind {
    People,
    Relationships,
    Requests,
}

fn join(list: &[String]) -> String {
    list.join("; ")
}

/// Writes people, relationships (with their introduction weights) or requests to `path`.
pub fn export_csv(
    store: &Store,
    kind: ExportKind,
    path: &Path,
    clock: &Clock,
) -> Result<ExportResult, CommandError> {
    let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match kind {
        ExportKind::People => {
            let data = network::load(store)?;
            let orgs: HashMap<_, _> = data.organisations.iter().map(|o| (o.id, o.name.as_str())).collect();
            let current: HashMap<_, _> = data
                .employments
                .iter()
                .filter(|e| e.current)
                .map(|e| (e.person_id, orgs.get(&e.organisation_id)))
                .collect();
            let rows = people::list(store.conn(), Page::ALL)?
                .into_iter()
                .map(|p| {
                    vec![
                        p.id.to_string(),
                        p.full_name,
                        join(&p.emails),
                        join(&p.phones),
                        current.get(&p.id).copied().flatten().map(|s| s.to_string()).unwrap_or_default(),
                        p.title,
                        p.linkedin_url.unwrap_or_default(),
                        join(&p.tags),
                        p.notes,
                        p.source,
                    ]
                })
                .collect();
            (
                vec![
                    "id",
                    "name",
                    "emails",
                    "phones",
                    "organisation",
                    "title",
                    "linkedin_url",
                    "tags",
                    "notes",
                    "source",
                ],
                rows,
            )
        }
        ExportKind::Relationships => {
            let data = network::load(store)?;
            let names: HashMap<_, _> = data.people.iter().map(|p| (p.id, p.full_name.as_str())).collect();
            let params = suggest::weight_params(store.conn())?;
            let today = clock.today();
            let name = |id| names.get(&id).map(|s| s.to_string()).unwrap_or_default();
            let rows = data
                .relationships
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.a.to_string(),
                        name(r.a),
                        r.b.to_string(),
                        name(r.b),
                        r.kind.as_str().to_string(),
                        r.strength.get().to_string(),
                        r.verified_at.map(|v| v.date_naive().to_string()).unwrap_or_else(|| "no".into()),
                        r.last_contact.map(|d| d.to_string()).unwrap_or_default(),
                        r.since.map(|d| d.to_string()).unwrap_or_default(),
                        format!("{:.4}", weight::introduction_weight(r, &params, today)),
                        r.notes.clone(),
                        r.source.clone(),
                    ]
                })
                .collect();
            (
                vec![
                    "id",
                    "person_a",
                    "person_a_name",
                    "person_b",
                    "person_b_name",
                    "kind",
                    "strength",
                    "verified",
                    "last_contact",
                    "since",
                    "introduction_weight",
                    "notes",
                    "source",
                ],
                rows,
            )
        }
        ExportKind::Requests => {
            let rows = requests::list(store, &RequestFilter::default())?
                .into_iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.rep_name,
                        r.target_name,
                        r.source_name,
                        r.stage.as_str().to_string(),
                        clock.local_date(r.created_at).to_string(),
                        r.next_follow_up.map(|d| d.to_string()).unwrap_or_default(),
                        r.deal_value.map(|v| format!("{v:.2}")).unwrap_or_default(),
                        r.thanked_on.map(|d| d.to_string()).unwrap_or_default(),
                        r.reason,
                    ]
                })
                .collect();
            (
                vec![
                    "id",
                    "rep",
                    "target",
                    "referral_source",
                    "stage",
                    "created",
                    "next_follow_up",
                    "deal_value",
                    "thanked_on",
                    "reason",
                ],
                rows,
            )
        }
    };
    csv_safe::write_table_file(path, &header, &rows)?;
    Ok(ExportResult { path: path.display().to_string(), rows: rows.len() as u64 })
}

/// A backup written or restored, per table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BackupTable {
    pub table: String,
    pub records: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BackupOutcome {
    pub path: String,
    pub tables: Vec<BackupTable>,
    /// Records present on both sides with different content, and which side was kept.
    pub conflicts: Vec<String>,
}

/// Writes the whole workspace to a bundle file.
pub fn backup(store: &Store, path: &Path, clock: &Clock) -> Result<BackupOutcome, CommandError> {
    let b = bundle::export_to_file(store, path, clock.now)?;
    let tables = b
        .tables
        .iter()
        .map(|(t, rows)| BackupTable {
            table: t.clone(),
            records: rows.len() as u64,
            added: 0,
            updated: 0,
            unchanged: 0,
        })
        .collect();
    Ok(BackupOutcome { path: path.display().to_string(), tables, conflicts: Vec::new() })
}

/// Merges a bundle file into the workspace by id (newer records win; conflicts are listed).
pub fn restore(store: &mut Store, path: &str) -> Result<BackupOutcome, CommandError> {
    let p = existing_file(path)?;
    let r = bundle::import_file(store, &p)?;
    let mut names: Vec<&String> = r.added.keys().chain(r.updated.keys()).chain(r.unchanged.keys()).collect();
    names.sort();
    names.dedup();
    let get = |m: &BTreeMap<String, u64>, t: &str| m.get(t).copied().unwrap_or(0);
    let tables = names
        .into_iter()
        .map(|t| {
            let (added, updated, unchanged) = (get(&r.added, t), get(&r.updated, t), get(&r.unchanged, t));
            BackupTable { table: t.clone(), records: added + updated + unchanged, added, updated, unchanged }
        })
        .collect();
    let conflicts = r.conflicts.iter().map(|c| format!("{} {}: {}", c.table, c.id, c.reason)).collect();
    Ok(BackupOutcome { path: p.display().to_string(), tables, conflicts })
}

fn stopped(e: impl std::fmt::Display) -> CommandError {
    CommandError::new(CommandError::INTERNAL, format!("the work stopped unexpectedly: {e}"))
}

#[tauri::command]
pub async fn import_formats() -> Result<Vec<ImportFormatInfo>, CommandError> {
    Ok(formats())
}

#[tauri::command]
pub async fn import_inspect(format: ImportFormat, path: String) -> Result<FileInspection, CommandError> {
    tauri::async_runtime::spawn_blocking(move || inspect(format, &path)).await.map_err(stopped)?
}

#[tauri::command]
pub async fn import_preview(app: AppHandle, plan: ImportPlan) -> Result<ImportOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let workspace = app.state::<Workspace>();
        let mut store = workspace.store()?;
        run_import(&mut store, &plan, true, |_| {})
    })
    .await
    .map_err(stopped)?
}

#[tauri::command]
pub async fn import_apply(app: AppHandle, plan: ImportPlan) -> Result<ImportOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let workspace = app.state::<Workspace>();
        let mut store = workspace.store()?;
        run_import(&mut store, &plan, false, |p| {
            let _ = app.emit(PROGRESS_EVENT, p);
        })
    })
    .await
    .map_err(stopped)?
}

#[tauri::command]
pub async fn export_csv_file(
    workspace: State<'_, Workspace>,
    kind: ExportKind,
    path: String,
) -> Result<ExportResult, CommandError> {
    let path = chosen_path(&path, "csv")?;
    export_csv(&*workspace.store()?, kind, &path, &Clock::system())
}

#[tauri::command]
pub async fn backup_export(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<BackupOutcome, CommandError> {
    let path = chosen_path(&path, "json")?;
    backup(&*workspace.store()?, &path, &Clock::system())
}

#[tauri::command]
pub async fn backup_restore(app: AppHandle, path: String) -> Result<BackupOutcome, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let workspace = app.state::<Workspace>();
        let mut store = workspace.store()?;
        restore(&mut store, &path)
    })
    .await
    .map_err(stopped)?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::settings::tests::two_reps;

    fn write(dir: &Path, name: &str, text: &str) -> String {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    const SHEET: &str = "Full Name,E-mail Address,Employer,Shoe size\n\
                         Ada Lovelace,ada@example.com,Analytical Engines,38\n\
                         Katherine Johnson,kj@nasa.example,NASA,39\n";

    #[test]
    fn inspecting_suggests_a_mapping_and_counts_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path =
            write(dir.path(), "people.csv", "\u{feff}name,email,company,shoe\nAda,a@x.example,Acme,38\n");
        let i = inspect(ImportFormat::PeopleCsv, &path).unwrap();
        assert_eq!(i.headers, ["name", "email", "company", "shoe"]);
        assert_eq!(
            i.mapping,
            [Some("name".into()), Some("emails".into()), Some("organisation".into()), None]
        );
        assert_eq!(i.rows, 1);
        assert_eq!(i.sample[0][0], "Ada");

        let err = inspect(ImportFormat::PeopleCsv, "people.csv").unwrap_err();
        assert!(err.message.contains("not a full path"), "{err}");
        let err =
            inspect(ImportFormat::PeopleCsv, &dir.path().join("none.csv").display().to_string()).unwrap_err();
        assert!(err.message.contains("not a file that exists"), "{err}");
    }

    #[test]
    fn a_mapped_people_csv_previews_changes_nothing_then_applies_with_progress() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _, _) = two_reps();
        let path = write(dir.path(), "sheet.csv", SHEET);
        let plan = ImportPlan {
            path,
            format: ImportFormat::PeopleCsv,
            mapping: Some(vec![
                Some("name".into()),
                Some("emails".into()),
                Some("organisation".into()),
                None,
            ]),
        };
        let before = people::count(store.conn()).unwrap();
        let preview = run_import(&mut store, &plan, true, |_| {}).unwrap();
        assert!(preview.preview);
        assert_eq!((preview.rows, preview.added, preview.updated), (2, 1, 1), "{preview:?}");
        assert_eq!(people::count(store.conn()).unwrap(), before, "a preview changes nothing");

        let mut seen = Vec::new();
        let done = run_import(&mut store, &plan, false, |p| seen.push(p)).unwrap();
        assert!(!done.preview);
        assert_eq!((done.added, done.updated), (1, 1));
        assert_eq!(people::count(store.conn()).unwrap(), before + 1);
        let last = seen.last().unwrap();
        assert!(last.total > 0 && last.done == last.total, "{seen:?}");

        let again = run_import(&mut store, &plan, false, |_| {}).unwrap();
        assert_eq!(again.added, 0, "re-importing adds nothing");
    }

    #[test]
    fn errors_name_the_line_and_a_bad_mapping_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _, _) = two_reps();
        let path = write(dir.path(), "bad.csv", "name,email\nAda,ada@example.com\n,nobody@example.com\n");
        let plan = ImportPlan { path: path.clone(), format: ImportFormat::PeopleCsv, mapping: None };
        let err = run_import(&mut store, &plan, true, |_| {}).unwrap_err();
        assert!(err.message.contains("bad.csv, line 3"), "{err}");

        let twice = ImportPlan {
            path,
            format: ImportFormat::PeopleCsv,
            mapping: Some(vec![Some("name".into()), Some("name".into())]),
        };
        let err = run_import(&mut store, &twice, true, |_| {}).unwrap_err();
        assert!(err.message.contains("columns 1 and 2 both fill name"), "{err}");
    }

    #[test]
    fn exports_are_formula_safe_and_relationships_carry_weights() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _, _) = two_reps();
        let people_csv = write(dir.path(), "p.csv", "name,email\n=cmd|calc,evil@example.com\n");
        run_import(
            &mut store,
            &ImportPlan { path: people_csv, format: ImportFormat::PeopleCsv, mapping: None },
            false,
            |_| {},
        )
        .unwrap();
        let rels = write(
            dir.path(),
            "r.csv",
            "person_a,person_b,kind,strength,verified\nAda Lovelace,Grace Hopper,colleague,4,yes\n",
        );
        run_import(
            &mut store,
            &ImportPlan { path: rels, format: ImportFormat::RelationshipsCsv, mapping: None },
            false,
            |_| {},
        )
        .unwrap();

        let out = dir.path().join("people.csv");
        let r = export_csv(&store, ExportKind::People, &out, &Clock::system()).unwrap();
        assert_eq!(r.rows, 3);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(",'=cmd|calc,evil@example.com,"), "{text}");

        let out = dir.path().join("rels.csv");
        export_csv(&store, ExportKind::Relationships, &out, &Clock::system()).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.lines().next().unwrap().contains("introduction_weight"));
        assert!(text.contains(",Ada Lovelace,") && text.contains(",colleague,4,"), "{text}");

        let out = dir.path().join("requests.csv");
        assert_eq!(export_csv(&store, ExportKind::Requests, &out, &Clock::system()).unwrap().rows, 0);
    }

    #[test]
    fn chosen_paths_get_their_extension_and_must_be_in_a_folder_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let p = chosen_path(&dir.path().join("funnel").display().to_string(), "csv").unwrap();
        assert_eq!(p, dir.path().join("funnel.csv"));
        assert!(chosen_path("/no/such/folder/x.csv", "csv").unwrap_err().message.contains("does not exist"));
        assert!(chosen_path("x.csv", "csv").unwrap_err().message.contains("not a full path"));
    }

    #[test]
    fn a_backup_restores_into_another_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _, _) = two_reps();
        let path = dir.path().join("backup.json");
        let out = backup(&store, &path, &Clock::system()).unwrap();
        assert!(out.tables.iter().any(|t| t.table == "people" && t.records == 2), "{out:?}");

        let mut other = Store::open_in_memory().unwrap();
        let restored = restore(&mut other, &path.display().to_string()).unwrap();
        let people_row = restored.tables.iter().find(|t| t.table == "people").unwrap();
        assert_eq!(people_row.added, 2);
        assert_eq!(people::count(other.conn()).unwrap(), 2);
    }
}
