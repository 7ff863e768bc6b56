//! Import and export: contact files in (LinkedIn, vCard, any CSV through a column mapping,
//! the people and relationships CSVs), inspected, previewed, then applied with progress;
//! people, relationships and requests out as formula-safe CSV; the database backed up,
//! its backups listed and restored; a full JSON backup written.
//!
//! Every import goes through the engine's one pipeline ([`intrograph_engine::import`]): a
//! preview is the same work rolled back, an import is one transaction.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use intrograph_engine::import::generic_csv::{self, Field, Mapping};
use intrograph_engine::import::{self, text, Format, ImportOptions, ImportReport, Progress};
use intrograph_engine::store::{backup, json_backup, mappings, Store};
use intrograph_engine::{export, Error};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, State};

use super::blocking;
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// The files the window can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportField {
    pub field: String,
    pub label: String,
    pub required: bool,
}

/// An import format as the window offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportFormatInfo {
    pub format: ImportFormat,
    pub label: String,
    pub description: String,
    /// File name endings, without the dot.
    pub extensions: Vec<String>,
    /// The fields its columns can be mapped to; empty when the format needs no mapping.
    pub fields: Vec<ImportField>,
}

fn field_label(f: Field) -> &'static str {
    match f {
        Field::Name => "Full name",
        Field::FirstName => "First name",
        Field::MiddleName => "Middle name",
        Field::LastName => "Last name",
        Field::Email => "Email",
        Field::Phone => "Phone",
        Field::Organisation => "Organisation",
        Field::Title => "Job title",
        Field::LinkedinUrl => "LinkedIn URL",
        Field::Website => "Website",
        Field::Tags => "Tags",
        Field::Notes => "Notes",
        Field::Ignore => "Ignore",
    }
}

/// Every import format, in the order the window lists them.
pub fn formats() -> Vec<ImportFormatInfo> {
    let info = |format, label: &str, description: &str, extensions: &[&str]| ImportFormatInfo {
        format,
        label: label.into(),
        description: description.into(),
        extensions: extensions.iter().map(|e| e.to_string()).collect(),
        fields: Vec::new(),
    };
    let mut csv = info(
        ImportFormat::Csv,
        "Contacts CSV",
        "An export of Google Contacts, Outlook, HubSpot or Salesforce, or any spreadsheet of contacts: \
         you choose what each column holds.",
        &["csv"],
    );
    csv.fields = Field::ALL
        .into_iter()
        .filter(|f| *f != Field::Ignore)
        .map(|f| ImportField { field: f.as_str().into(), label: field_label(f).into(), required: false })
        .collect();
    vec![
        info(
            ImportFormat::Linkedin,
            "LinkedIn connections",
            "Connections.csv from LinkedIn's \"Get a copy of your data\": each connection becomes a person \
             at their company, linked to you as an unverified, weak tie until you say otherwise.",
            &["csv"],
        ),
        info(
            ImportFormat::Vcard,
            "Address book (vCard)",
            "A .vcf file from a phone, Apple Contacts, Outlook or Google: names, emails, phones, \
             organisation, title, notes and categories as tags.",
            &["vcf", "vcard"],
        ),
        csv,
        info(
            ImportFormat::PeopleCsv,
            "People (IntroGraph CSV)",
            "One person per row with IntroGraph's headers (name, emails, organisation, title, ...).",
            &["csv"],
        ),
        info(
            ImportFormat::RelationshipsCsv,
            "Relationships (IntroGraph CSV)",
            "One relationship per row between two people already stored: kind, strength, verified, last contact.",
            &["csv"],
        ),
    ]
}

/// A file looked at before importing: its encoding, and for a contacts CSV its headers,
/// the suggested mapping and a sample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportPlan {
    pub path: String,
    pub format: Option<ImportFormat>,
    /// `utf-8`, `windows-1252`, ...; absent detects it.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub encoding: Option<String>,
    /// For a contacts CSV: the field of each header, in the file's order.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub mapping: Option<Vec<Option<String>>>,
    /// For a contacts CSV: the headers the mapping belongs to.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub headers: Option<Vec<String>>,
    /// Save the mapping under this name once the import succeeds.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub save_mapping_as: Option<String>,
}

/// What an import did or, in a preview, would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportOutcome {
    pub file: String,
    pub preview: bool,
    pub report: ImportReport,
    /// The mapping saved, when one was asked for.
    pub saved_mapping: Option<String>,
}

/// How far a long import has read, sent to the window as the [`PROGRESS_EVENT`] event.
pub const PROGRESS_EVENT: &str = "import-progress";

/// A path the user gave for a file to read: whole, and there.
fn existing_file(path: &str) -> Result<PathBuf, CommandError> {
    let text = path.trim();
    if text.is_empty() {
        return Err(Error::invalid("file", "no file chosen; give the path of the file to import").into());
    }
    let p = PathBuf::from(text);
    if !p.is_absolute() {
        return Err(Error::invalid(
            "file",
            format!("{text} is not a full path; give the whole path, from /"),
        )
        .into());
    }
    if !p.is_file() {
        return Err(Error::invalid("file", format!("{text} is not a file that exists")).into());
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
    super::check_path_to_write("file", &p, &format!("intrograph.{ext}"))?;
    if p.extension().is_none_or(|e| !e.eq_ignore_ascii_case(ext)) {
        p.as_mut_os_string().push(format!(".{ext}"));
    }
    Ok(p)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> CommandError + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }.into()
}

/// Writes a file through a temporary sibling renamed into place, so a failed export never
/// leaves half a file where the user looks.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<u64, CommandError>,
) -> Result<u64, CommandError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let result = (|| {
        let file = std::fs::File::create(&tmp).map_err(io_error(&tmp))?;
        let mut out = BufWriter::new(file);
        let n = write(&mut out)?;
        let file = out.into_inner().map_err(|e| io_error(&tmp)(e.into_error()))?;
        file.sync_all().map_err(io_error(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io_error(path))?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Reads a file's encoding and, for a contacts CSV, its headers and first rows.
pub fn inspect(store: &Store, format: ImportFormat, path: &str) -> Result<FileInspection, CommandError> {
    let p = existing_file(path)?;
    let name = file_name(&p);
    let file = std::fs::File::open(&p).map_err(io_error(&p))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let (decoded, encoding) = text::decode(file, None)?;
    let mut inspection = FileInspection {
        path: p.display().to_string(),
        format,
        bytes,
        encoding: encoding.name().to_string(),
        headers: Vec::new(),
        mapping: Vec::new(),
        recognised: None,
        sample: Vec::new(),
        saved_mappings: mappings::list(store.conn())?.into_iter().map(|m| m.name).collect(),
    };
    if format != ImportFormat::Csv {
        return Ok(inspection);
    }
    let (headers, sample) = generic_csv::sample(decoded, &name, 5)?;
    let (fields, recognised) = generic_csv::recognise(&headers, None);
    inspection.mapping = field_names(fields);
    inspection.recognised = recognised.map(str::to_string);
    inspection.headers = headers;
    inspection.sample = sample;
    Ok(inspection)
}

/// The saved mapping named `name`, as the field of each of `headers`.
pub fn saved_mapping(
    store: &Store,
    name: &str,
    headers: &[String],
) -> Result<Vec<Option<String>>, CommandError> {
    let m = mappings::get(store.conn(), name)?;
    let (fields, _) = generic_csv::recognise(headers, Some(&m));
    Ok(field_names(fields))
}

/// The field each column fills, as the window names them (`None`: the column is ignored).
fn field_names(fields: Vec<Option<Field>>) -> Vec<Option<String>> {
    fields.into_iter().map(|f| f.filter(|f| *f != Field::Ignore).map(|f| f.as_str().to_string())).collect()
}

/// The inline mapping of a plan, checked against the file's headers.
fn plan_mapping(plan: &ImportPlan) -> Result<Option<Mapping>, CommandError> {
    let (Some(mapping), Some(headers)) = (&plan.mapping, &plan.headers) else {
        return Ok(None);
    };
    if mapping.len() != headers.len() {
        return Err(Error::invalid(
            "column mapping",
            format!(
                "the file has {} columns but the mapping has {}; read the file again",
                headers.len(),
                mapping.len()
            ),
        )
        .into());
    }
    let mut columns = std::collections::BTreeMap::new();
    for (header, field) in headers.iter().zip(mapping) {
        let field = match field {
            Some(f) => f.parse::<Field>()?,
            None => Field::Ignore,
        };
        if header.trim().is_empty() {
            continue;
        }
        columns.insert(header.clone(), field);
    }
    if !columns.values().any(|f| matches!(f, Field::Name | Field::FirstName | Field::LastName)) {
        return Err(Error::invalid(
            "column mapping",
            "no column holds a name; choose the column with the full name, or the first and last names",
        )
        .into());
    }
    let name = plan.save_mapping_as.clone().unwrap_or_default().trim().to_string();
    Ok(Some(Mapping { name, columns }))
}

/// Previews (`preview`) or applies an import, reporting progress through `progress`.
pub fn run_import(
    store: &mut Store,
    plan: &ImportPlan,
    preview: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportOutcome, CommandError> {
    let path = existing_file(&plan.path)?;
    let name = file_name(&path);
    let format = plan.format.ok_or_else(|| Error::invalid("format", "choose what kind of file this is"))?;
    let columns = if format == ImportFormat::Csv { plan_mapping(plan)? } else { None };
    let options = ImportOptions {
        dry_run: preview,
        encoding: plan.encoding.clone().filter(|e| !e.trim().is_empty()),
        columns: columns.clone(),
        ..Default::default()
    };
    let file = std::fs::File::open(&path).map_err(io_error(&path))?;
    let total = file.metadata().ok().map(|m| m.len());
    let report = match format {
        ImportFormat::Linkedin => {
            import::contacts_from_reader(store, Format::Linkedin, &name, file, total, &options, progress)?
        }
        ImportFormat::Vcard => {
            import::contacts_from_reader(store, Format::Vcard, &name, file, total, &options, progress)?
        }
        ImportFormat::Csv => {
            import::contacts_from_reader(store, Format::Csv, &name, file, total, &options, progress)?
        }
        ImportFormat::PeopleCsv => {
            import::people_from_reader(store, &name, Counting::new(file, total, progress), &options)?
        }
        ImportFormat::RelationshipsCsv => {
            import::relationships_from_reader(store, &name, Counting::new(file, total, progress), &options)?
        }
    };
    let mut saved_mapping = None;
    if let (false, Some(m)) = (preview, columns.filter(|m| !m.name.is_empty())) {
        store.write(|tx| mappings::save(tx, &m))?;
        saved_mapping = Some(m.name);
    }
    Ok(ImportOutcome { file: name, preview, report, saved_mapping })
}

/// A reader reporting the bytes read, for the importers that do not report records.
struct Counting<'a, R> {
    inner: R,
    read: u64,
    total: Option<u64>,
    last_percent: u64,
    progress: &'a mut dyn FnMut(Progress),
}

impl<'a, R> Counting<'a, R> {
    fn new(inner: R, total: Option<u64>, progress: &'a mut dyn FnMut(Progress)) -> Self {
        Self { inner, read: 0, total, last_percent: 0, progress }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let percent = self.total.and_then(|t| (self.read * 100).checked_div(t)).unwrap_or(0);
        if percent > self.last_percent || n == 0 {
            self.last_percent = percent;
            (self.progress)(Progress { bytes_read: self.read, bytes_total: self.total, records: 0 });
        }
        Ok(n)
    }
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

/// A file written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExportResult {
    pub path: String,
    pub rows: u64,
}

/// Writes people, relationships (with their introduction weights) or requests to `path`.
pub fn export_csv(
    store: &Store,
    kind: ExportKind,
    path: &Path,
    today: chrono::NaiveDate,
) -> Result<ExportResult, CommandError> {
    let rows = write_atomically(path, |out| {
        Ok(match kind {
            ExportKind::People => export::people_csv(store, out)?,
            ExportKind::Relationships => export::relationships_csv(store, today, out)?,
            ExportKind::Requests => export::requests_csv(store, out)?,
        })
    })?;
    Ok(ExportResult { path: path.display().to_string(), rows })
}

/// One backup file of the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Backups {
    pub folder: String,
    pub backups: Vec<BackupFile>,
}

fn database_of(workspace: &Workspace) -> Result<PathBuf, CommandError> {
    workspace
        .database()
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::invalid("database", "this workspace has no database file to back up").into())
}

pub fn backups(workspace: &Workspace) -> Result<Backups, CommandError> {
    let database = database_of(workspace)?;
    let mut list: Vec<BackupFile> = backup::list(&database)?.into_iter().map(BackupFile::from).collect();
    list.sort_by(|a, b| b.taken_at.cmp(&a.taken_at));
    Ok(Backups { folder: backup::folder(&database).display().to_string(), backups: list })
}

/// Backs the database up now, next to the automatic backups.
pub fn backup_now(workspace: &Workspace) -> Result<Backups, CommandError> {
    let database = database_of(workspace)?;
    {
        let store = workspace.store()?;
        backup::backup_to(&store, &backup::manual_path(&database))?;
    }
    backups(workspace)
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
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

/// Replaces the database with a backup file (checked first; the database as it was is kept
/// as a backup of its own), then reopens it.
pub fn restore(workspace: &Workspace, path: &str) -> Result<RestoreOutcome, CommandError> {
    let from = existing_file(path)?;
    let database = database_of(workspace)?;
    backup::verify(&from)?;
    Ok(workspace.replace_database(|| Ok(backup::restore_from(&from, &database)?))?.into())
}

/// Replaces a damaged database with its latest backup and opens it.
pub fn recover(workspace: &Workspace) -> Result<RestoreOutcome, CommandError> {
    Ok(workspace.restore_latest_backup()?.into())
}

/// Writes every record of the workspace to a JSON file that restores losslessly.
pub fn json_backup_to(store: &Store, path: &Path) -> Result<ExportResult, CommandError> {
    let rows = write_atomically(path, |out| Ok(json_backup::write(store, out)?.rows()))?;
    Ok(ExportResult { path: path.display().to_string(), rows })
}

#[tauri::command]
pub async fn import_formats() -> Result<Vec<ImportFormatInfo>, CommandError> {
    Ok(formats())
}

#[tauri::command]
pub async fn import_inspect(
    workspace: State<'_, Workspace>,
    format: ImportFormat,
    path: String,
) -> Result<FileInspection, CommandError> {
    blocking(workspace, move |ws| inspect(&*ws.store()?, format, &path)).await
}

#[tauri::command]
pub async fn import_saved_mapping(
    workspace: State<'_, Workspace>,
    name: String,
    headers: Vec<String>,
) -> Result<Vec<Option<String>>, CommandError> {
    blocking(workspace, move |ws| saved_mapping(&*ws.store()?, &name, &headers)).await
}

fn import_with_progress(
    app: AppHandle,
    workspace: &Workspace,
    plan: &ImportPlan,
    preview: bool,
) -> Result<ImportOutcome, CommandError> {
    let mut last: Option<std::time::Instant> = None;
    let mut progress = |p: Progress| {
        // At most about twenty updates a second reach the window, and always the last.
        let finished = p.bytes_total.is_some_and(|t| p.bytes_read >= t);
        if finished || last.is_none_or(|l| l.elapsed().as_millis() >= 50) {
            last = Some(std::time::Instant::now());
            let _ = app.emit(PROGRESS_EVENT, p);
        }
    };
    let outcome = run_import(&mut *workspace.store()?, plan, preview, &mut progress)?;
    if !preview {
        workspace.forget_network();
    }
    Ok(outcome)
}

#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    workspace: State<'_, Workspace>,
    plan: ImportPlan,
) -> Result<ImportOutcome, CommandError> {
    blocking(workspace, move |ws| import_with_progress(app, ws, &plan, true)).await
}

#[tauri::command]
pub async fn import_apply(
    app: AppHandle,
    workspace: State<'_, Workspace>,
    plan: ImportPlan,
) -> Result<ImportOutcome, CommandError> {
    blocking(workspace, move |ws| import_with_progress(app, ws, &plan, false)).await
}

#[tauri::command]
pub async fn export_csv_file(
    workspace: State<'_, Workspace>,
    kind: ExportKind,
    path: String,
) -> Result<ExportResult, CommandError> {
    blocking(workspace, move |ws| {
        let path = chosen_path(&path, "csv")?;
        export_csv(&*ws.store()?, kind, &path, ws.today())
    })
    .await
}

#[tauri::command]
pub async fn backup_list(workspace: State<'_, Workspace>) -> Result<Backups, CommandError> {
    blocking(workspace, backups).await
}

#[tauri::command]
pub async fn backup_create(workspace: State<'_, Workspace>) -> Result<Backups, CommandError> {
    blocking(workspace, backup_now).await
}

#[tauri::command]
pub async fn backup_restore(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<RestoreOutcome, CommandError> {
    blocking(workspace, move |ws| restore(ws, &path)).await
}

#[tauri::command]
pub async fn recover_from_backup(workspace: State<'_, Workspace>) -> Result<RestoreOutcome, CommandError> {
    blocking(workspace, recover).await
}

#[tauri::command]
pub async fn backup_json(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<ExportResult, CommandError> {
    blocking(workspace, move |ws| {
        let path = chosen_path(&path, "json")?;
        json_backup_to(&*ws.store()?, &path)
    })
    .await
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::interchange`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use intrograph_engine::store::people;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    fn write(dir: &Path, name: &str, text: &str) -> String {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    fn workspace_with_rep(dir: &Path) -> Workspace {
        let ws = Workspace::open(&dir.join("w.db"));
        super::super::sample::start(&ws, "Sam Rivera").unwrap();
        ws
    }

    const LINKEDIN: &str = "Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nPriya,Raman,https://www.linkedin.com/in/priyaraman,priya@northwind.io,Northwind Analytics,\"VP Sales, EMEA\",24 Sep 2014\r\nTomás,Ó Briain,https://www.linkedin.com/in/tomas,,\"Kerrigan, Doyle & Partners\",Managing Partner,03 Jan 2023\r\n";

    #[test]
    fn a_linkedin_preview_stores_nothing_and_the_import_adds_people_and_ties() {
        let d = dir();
        let ws = workspace_with_rep(d.path());
        let path = write(d.path(), "Connections.csv", LINKEDIN);
        let plan = ImportPlan { path, format: Some(ImportFormat::Linkedin), ..Default::default() };
        let mut seen = Vec::new();
        let preview = run_import(&mut ws.store().unwrap(), &plan, true, &mut |p| seen.push(p)).unwrap();
        assert_eq!((preview.report.added, preview.report.relationships_added), (2, 2));
        assert_eq!(people::count(ws.store().unwrap().conn()).unwrap(), 1, "a preview stores nothing");
        assert!(!seen.is_empty(), "progress is reported");
        let done = run_import(&mut ws.store().unwrap(), &plan, false, &mut |_| {}).unwrap();
        assert_eq!(done.report.added, 2);
        assert_eq!(people::count(ws.store().unwrap().conn()).unwrap(), 3);
        let again = run_import(&mut ws.store().unwrap(), &plan, false, &mut |_| {}).unwrap();
        assert_eq!((again.report.added, again.report.unchanged), (0, 2), "re-importing adds nothing");
    }

    #[test]
    fn a_contacts_csv_is_inspected_mapped_and_its_mapping_saved() {
        let d = dir();
        let ws = workspace_with_rep(d.path());
        let path = write(
            d.path(),
            "crm.csv",
            "Who,Mail,Employer,Score\nAda Lovelace,ada@example.com,Analytical,9\n",
        );
        let inspection = inspect(&ws.store().unwrap(), ImportFormat::Csv, &path).unwrap();
        assert_eq!(inspection.headers, ["Who", "Mail", "Employer", "Score"]);
        assert_eq!(inspection.sample[0][0], "Ada Lovelace");
        let mapping = vec![Some("name".into()), Some("email".into()), Some("organisation".into()), None];
        let plan = ImportPlan {
            path: path.clone(),
            format: Some(ImportFormat::Csv),
            mapping: Some(mapping.clone()),
            headers: Some(inspection.headers.clone()),
            save_mapping_as: Some("My CRM".into()),
            ..Default::default()
        };
        let outcome = run_import(&mut ws.store().unwrap(), &plan, false, &mut |_| {}).unwrap();
        assert_eq!((outcome.report.added, outcome.saved_mapping.as_deref()), (1, Some("My CRM")));
        let ada = people::find_by_name(ws.store().unwrap().conn(), "Ada Lovelace").unwrap();
        assert_eq!(people::get(ws.store().unwrap().conn(), ada[0]).unwrap().emails, ["ada@example.com"]);
        let again = inspect(&ws.store().unwrap(), ImportFormat::Csv, &path).unwrap();
        assert_eq!(again.saved_mappings, ["My CRM"]);
        assert_eq!(saved_mapping(&ws.store().unwrap(), "My CRM", &again.headers).unwrap(), mapping);
    }

    #[test]
    fn a_mapping_without_a_name_column_or_a_missing_file_is_refused_and_nothing_changes() {
        let d = dir();
        let ws = workspace_with_rep(d.path());
        let path = write(d.path(), "crm.csv", "Mail\nada@example.com\n");
        let plan = ImportPlan {
            path,
            format: Some(ImportFormat::Csv),
            mapping: Some(vec![Some("email".into())]),
            headers: Some(vec!["Mail".into()]),
            ..Default::default()
        };
        let e = run_import(&mut ws.store().unwrap(), &plan, false, &mut |_| {}).unwrap_err();
        assert!(e.message.contains("no column holds a name"), "{e}");
        let e = inspect(&ws.store().unwrap(), ImportFormat::Csv, "relative.csv").unwrap_err();
        assert!(e.message.contains("not a full path"), "{e}");
        assert_eq!(people::count(ws.store().unwrap().conn()).unwrap(), 1);
    }

    #[test]
    fn exports_are_formula_safe_and_written_whole() {
        let d = dir();
        let ws = workspace_with_rep(d.path());
        let path = write(d.path(), "p.csv", "name,emails\n\"=HYPERLINK(\"\"http://x\"\")\",h@example.com\n");
        let plan = ImportPlan { path, format: Some(ImportFormat::PeopleCsv), ..Default::default() };
        run_import(&mut ws.store().unwrap(), &plan, false, &mut |_| {}).unwrap();
        let out = chosen_path(&d.path().join("people").display().to_string(), "csv").unwrap();
        let r = export_csv(&ws.store().unwrap(), ExportKind::People, &out, ws.today()).unwrap();
        assert_eq!(r.rows, 2);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(!d.path().join("people.csv.part").exists());
    }

    #[test]
    fn a_damaged_database_is_refused_at_start_and_recovered_from_its_latest_backup() {
        let d = dir();
        let path = d.path().join("w.db");
        {
            let ws = workspace_with_rep(d.path());
            backup_now(&ws).unwrap();
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(d.path().join(format!("w.db{suffix}")));
        }
        std::fs::write(&path, "not a database any more\n".repeat(100)).unwrap();
        let ws = Workspace::open(&path);
        let e = ws.store().err().expect("a damaged file is refused");
        assert_eq!(e.code(), "Damaged", "{e}");
        let done = recover(&ws).unwrap();
        assert!(done.previous_kept_at.is_some(), "the damaged file is kept");
        assert_eq!(people::count(ws.store().unwrap().conn()).unwrap(), 1, "the rep is back");
    }

    #[test]
    fn a_backup_is_listed_and_restoring_it_brings_the_data_back() {
        let d = dir();
        let ws = workspace_with_rep(d.path());
        let listed = backup_now(&ws).unwrap();
        assert_eq!(listed.backups.len(), 1);
        let path = write(d.path(), "p.csv", "name\nLate Addition\n");
        let plan = ImportPlan { path, format: Some(ImportFormat::PeopleCsv), ..Default::default() };
        run_import(&mut ws.store().unwrap(), &plan, false, &mut |_| {}).unwrap();
        assert_eq!(people::count(ws.store().unwrap().conn()).unwrap(), 2);
        let restored = restore(&ws, &listed.backups[0].path).unwrap();
        assert!(restored.previous_kept_at.is_some());
        assert_eq!(
            people::count(ws.store().unwrap().conn()).unwrap(),
            1,
            "the store was reopened on the backup"
        );
        let e = restore(&ws, &write(d.path(), "junk.db", "not a database")).unwrap_err();
        assert!(!e.message.is_empty());
        assert_eq!(people::count(ws.store().unwrap().conn()).unwrap(), 1, "a bad backup changes nothing");
    }
}
