//! Importing and exporting files, backups and bundles: every use case both shells offer
//! for moving data in and out of a workspace.
//!
//! Every import goes through the engine's one pipeline ([`intrograph_engine::import`]): a
//! preview is the same work rolled back, an import is one transaction; [`import`] reports
//! its progress to a callback (the command line draws a bar, the app sends an event) and
//! returns its report. Every file written goes through the engine's one atomic writer
//! ([`intrograph_engine::files`]). The functions over a database *path* (listing,
//! restoring, checking) work on a damaged file that cannot be opened normally.

use intrograph_engine::store::undo::{self, ActionKind};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use intrograph_engine::export::{self, MetricsTable};
use intrograph_engine::files;
use intrograph_engine::import::generic_csv::{self, Field, Mapping};
use intrograph_engine::import::{self, text, Format, ImportOptions, Progress};
use intrograph_engine::pipeline::metrics::{self, By, Filter};
use intrograph_engine::pipeline::{Clock, Period};
use intrograph_engine::store::{backup, bundle, health, json_backup, mappings, now};
use intrograph_engine::{Error, Result};
use serde::Serialize;

use crate::views::interchange::{
    BackupFile, Backups, ExportKind, ExportResult, FileInspection, ImportField, ImportFormat,
    ImportFormatInfo, ImportOutcome, ImportPlan, RestoreOutcome,
};
use crate::Workspace;

// ---------------------------------------------------------------------------------------
// Paths the user gives.

/// Checks a path the user gave for a file to write: a full path, not a folder, in a folder
/// that exists. `field` names it in errors; `example` is the file name suggested when the
/// path is a folder.
pub fn check_path_to_write(field: &str, path: &Path, example: &str) -> Result<()> {
    let shown = path.display();
    if !path.is_absolute() {
        return Err(Error::invalid(
            field,
            format!("{shown} is not a full path; give the whole path, from /"),
        ));
    }
    if path.is_dir() {
        return Err(Error::invalid(
            field,
            format!("{shown} is a folder; name a file in it, e.g. {}", path.join(example).display()),
        ));
    }
    if !path.parent().is_some_and(Path::is_dir) {
        return Err(Error::invalid(field, format!("the folder of {shown} does not exist")));
    }
    Ok(())
}

/// A path the user chose to write to: whole, in a folder that exists, ending in `.ext`
/// (added when missing).
pub fn chosen_path(path: &str, ext: &str) -> Result<PathBuf> {
    let text = path.trim();
    if text.is_empty() {
        return Err(Error::invalid("file", "no file chosen; give the path to write to"));
    }
    let mut p = PathBuf::from(text);
    check_path_to_write("file", &p, &format!("intrograph.{ext}"))?;
    if p.extension().is_none_or(|e| !e.eq_ignore_ascii_case(ext)) {
        p.as_mut_os_string().push(format!(".{ext}"));
    }
    Ok(p)
}

/// A path the user gave for a file to read: whole, and there.
fn existing_file(path: &str) -> Result<PathBuf> {
    let text = path.trim();
    if text.is_empty() {
        return Err(Error::invalid("file", "no file chosen; give the path of the file to import"));
    }
    let p = PathBuf::from(text);
    if !p.is_absolute() {
        return Err(Error::invalid(
            "file",
            format!("{text} is not a full path; give the whole path, from /"),
        ));
    }
    if !p.is_file() {
        return Err(Error::invalid("file", format!("{text} is not a file that exists")));
    }
    Ok(p)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Writes `header` and `rows` as formula-safe CSV to `path`, whole or not at all.
pub fn write_csv_file(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<u64> {
    files::write_atomically(path, |out| {
        let io = io_error(path);
        out.write_all(export::csv_line(header).as_bytes()).map_err(&io)?;
        for row in rows {
            out.write_all(export::csv_line(row).as_bytes()).map_err(&io)?;
        }
        Ok(rows.len() as u64)
    })
}

// ---------------------------------------------------------------------------------------
// Imports.

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

/// Reads a file's encoding and, for a contacts CSV, its headers and first rows.
pub fn inspect(workspace: &Workspace, format: ImportFormat, path: &str) -> Result<FileInspection> {
    let p = existing_file(path)?;
    let name = file_name(&p);
    let file = std::fs::File::open(&p).map_err(io_error(&p))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let (decoded, encoding) = text::decode(file, None)?;
    let saved_mappings = mappings::list(workspace.store()?.conn())?.into_iter().map(|m| m.name).collect();
    let mut inspection = FileInspection {
        path: p.display().to_string(),
        format,
        bytes,
        encoding: encoding.name().to_string(),
        headers: Vec::new(),
        mapping: Vec::new(),
        recognised: None,
        sample: Vec::new(),
        saved_mappings,
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
pub fn saved_mapping(workspace: &Workspace, name: &str, headers: &[String]) -> Result<Vec<Option<String>>> {
    let m = mappings::get(workspace.store()?.conn(), name)?;
    let (fields, _) = generic_csv::recognise(headers, Some(&m));
    Ok(field_names(fields))
}

/// Saves (or replaces) a column mapping from `Header=field` pairs.
pub fn save_mapping(workspace: &Workspace, name: &str, columns: &[String]) -> Result<Mapping> {
    let mapping = Mapping::parse(name, columns)?;
    workspace.store()?.write(|tx| mappings::save(tx, &mapping))?;
    Ok(mapping)
}

/// Every saved column mapping, by name.
pub fn saved_mappings(workspace: &Workspace) -> Result<Vec<Mapping>> {
    mappings::list(workspace.store()?.conn())
}

/// The field each column fills, as the window names them (`None`: the column is ignored).
fn field_names(fields: Vec<Option<Field>>) -> Vec<Option<String>> {
    fields.into_iter().map(|f| f.filter(|f| *f != Field::Ignore).map(|f| f.as_str().to_string())).collect()
}

/// The inline mapping of a plan, checked against the file's headers.
fn plan_mapping(plan: &ImportPlan) -> Result<Option<Mapping>> {
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
        ));
    }
    let mut columns = BTreeMap::new();
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
        ));
    }
    let name = plan.save_mapping_as.clone().unwrap_or_default().trim().to_string();
    Ok(Some(Mapping { name, columns }))
}

/// Previews (`preview`: the same work, rolled back) or applies the import `plan`,
/// reporting how far it has read through `progress`. An applied import drops the cached
/// relationship graph (it is rebuilt on next use) and saves the plan's mapping when it
/// asks to.
pub fn import(
    workspace: &Workspace,
    plan: &ImportPlan,
    preview: bool,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<ImportOutcome> {
    let path = existing_file(&plan.path)?;
    let name = file_name(&path);
    let format = plan.format.ok_or_else(|| Error::invalid("format", "choose what kind of file this is"))?;
    let columns = if format == ImportFormat::Csv { plan_mapping(plan)? } else { None };
    let options = ImportOptions {
        dry_run: preview,
        encoding: plan.encoding.clone().filter(|e| !e.trim().is_empty()),
        mapping: plan.saved_mapping.clone().filter(|m| !m.trim().is_empty()),
        columns: columns.clone(),
        ..Default::default()
    };
    let file = std::fs::File::open(&path).map_err(io_error(&path))?;
    let total = file.metadata().ok().map(|m| m.len());
    let mut guard = workspace.store()?;
    let store = &mut *guard;
    let contacts = match format {
        ImportFormat::Linkedin => Some(Format::Linkedin),
        ImportFormat::Vcard => Some(Format::Vcard),
        ImportFormat::Csv => Some(Format::Csv),
        ImportFormat::PeopleCsv | ImportFormat::RelationshipsCsv => None,
    };
    let run = |store: &mut intrograph_engine::store::Store| match (contacts, format) {
        (Some(contacts), _) => {
            import::contacts_from_reader(store, contacts, &name, file, total, &options, progress)
        }
        (None, ImportFormat::PeopleCsv) => {
            import::people_from_reader(store, &name, Counting::new(file, total, progress), &options)
        }
        (None, _) => {
            import::relationships_from_reader(store, &name, Counting::new(file, total, progress), &options)
        }
    };
    // An applied import is undoable (the history keeps it, see `crate::undo`); a preview
    // changes nothing.
    let report = if preview {
        run(store)?
    } else {
        undo::record(store, ActionKind::Import, |_, _| format!("Imported {name}"), run)?.0
    };
    let mut saved_mapping = None;
    if let (false, Some(m)) = (preview, columns.filter(|m| !m.name.is_empty())) {
        store.write(|tx| mappings::save(tx, &m))?;
        saved_mapping = Some(m.name);
    }
    drop(guard);
    let mut report = report;
    let mut likely_duplicates = Vec::new();
    if !preview {
        workspace.forget_network();
        match crate::duplicates::among(workspace, &report.people.0) {
            Ok(found) => likely_duplicates = found,
            Err(e) => report.notes.push(format!("could not look for likely duplicates: {e}")),
        }
        report.notes.extend(crate::duplicates::import_note(&likely_duplicates));
    }
    let likely_duplicates_total = likely_duplicates.len() as u32;
    likely_duplicates.truncate(LISTED_DUPLICATES);
    Ok(ImportOutcome {
        file: name,
        preview,
        report,
        saved_mapping,
        likely_duplicates,
        likely_duplicates_total,
    })
}

/// Likely duplicates an import report lists (it counts them all).
pub const LISTED_DUPLICATES: usize = 20;

/// A reader reporting the bytes read, for the importers that do not report records.
struct Counting<'a, R> {
    inner: R,
    read: u64,
    total: Option<u64>,
    last_percent: u64,
    progress: &'a mut (dyn FnMut(Progress) + Send),
}

impl<'a, R> Counting<'a, R> {
    fn new(inner: R, total: Option<u64>, progress: &'a mut (dyn FnMut(Progress) + Send)) -> Self {
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

// ---------------------------------------------------------------------------------------
// Exports.

/// A table that can be exported as CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportTable {
    /// Every person, with current organisation, emails, phones and tags.
    People,
    /// Every relationship, with its introduction weight as of today.
    Relationships,
    /// Every introduction request.
    Requests,
    /// A metrics table over a period (default: this quarter), broken down `by`.
    Metrics { from: Option<NaiveDate>, to: Option<NaiveDate>, by: By, table: MetricsTable },
}

impl From<ExportKind> for ExportTable {
    fn from(kind: ExportKind) -> Self {
        match kind {
            ExportKind::People => Self::People,
            ExportKind::Relationships => Self::Relationships,
            ExportKind::Requests => Self::Requests,
        }
    }
}

/// Writes `table` as formula-safe CSV to `out`; returns the rows written.
pub fn export_csv(workspace: &Workspace, table: ExportTable, out: &mut dyn Write) -> Result<u64> {
    let clock = Clock::system();
    let today = clock.today();
    let store = workspace.store()?;
    match table {
        ExportTable::People => export::people_csv(&store, out),
        ExportTable::Relationships => export::relationships_csv(&store, today, out),
        ExportTable::Requests => export::requests_csv(&store, out),
        ExportTable::Metrics { from, to, by, table } => {
            let q = metrics::this_quarter(today);
            let period = Period::new(from.unwrap_or(q.from), to.unwrap_or(q.to))?;
            let filter = Filter { period, offset: clock.offset, rep: None };
            export::metrics_table_csv(&store, table, &filter, by, today, out)
        }
    }
}

/// Writes `table` as CSV to the file at `path`, whole or not at all.
pub fn export_csv_file(workspace: &Workspace, table: ExportTable, path: &Path) -> Result<ExportResult> {
    let rows = files::write_atomically(path, |out| export_csv(workspace, table, out))?;
    Ok(ExportResult { path: path.display().to_string(), rows })
}

/// Writes people, relationships or requests as CSV to the path the user chose (a full
/// path; `.csv` is added when missing).
pub fn export_csv_to(workspace: &Workspace, kind: ExportKind, path: &str) -> Result<ExportResult> {
    export_csv_file(workspace, kind.into(), &chosen_path(path, "csv")?)
}

// ---------------------------------------------------------------------------------------
// Backups of the database file.

fn database_of(workspace: &Workspace) -> Result<PathBuf> {
    workspace
        .database()
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::invalid("database", "this workspace has no database file to back up"))
}

/// The backups of the database at `database`, in the backups folder beside it (the file
/// itself is not opened: this works on a damaged database).
pub fn backups_of(database: &Path) -> Result<Vec<backup::BackupInfo>> {
    backup::list(database)
}

/// The workspace's backups, newest first, and where they are kept.
pub fn backups(workspace: &Workspace) -> Result<Backups> {
    let database = database_of(workspace)?;
    let mut list: Vec<BackupFile> = backups_of(&database)?.into_iter().map(BackupFile::from).collect();
    list.sort_by(|a, b| b.taken_at.cmp(&a.taken_at));
    Ok(Backups { folder: backup::folder(&database).display().to_string(), backups: list })
}

/// Writes a consistent copy of the workspace's database to `to` (replaced if it exists),
/// by default a new file in the backups folder.
pub fn create_backup(workspace: &Workspace, to: Option<&Path>) -> Result<backup::BackupInfo> {
    let path = match to {
        Some(path) => path.to_path_buf(),
        None => backup::manual_path(&database_of(workspace)?),
    };
    backup::backup_to(&*workspace.store()?, &path)
}

/// Backs the database up now, next to the automatic backups; returns the backups.
pub fn backup_now(workspace: &Workspace) -> Result<Backups> {
    create_backup(workspace, None)?;
    backups(workspace)
}

/// Replaces the workspace's database with a backup file (checked first; the database as
/// it was is kept as a backup of its own), then reopens it.
pub fn restore(workspace: &Workspace, path: &str) -> Result<RestoreOutcome> {
    let from = existing_file(path)?;
    let database = database_of(workspace)?;
    backup::verify(&from)?;
    Ok(workspace.replace_database(|| backup::restore_from(&from, &database))?.into())
}

/// Replaces a damaged database with its latest backup and opens it.
pub fn recover(workspace: &Workspace) -> Result<RestoreOutcome> {
    Ok(workspace.restore_latest_backup()?.into())
}

/// Replaces the database file at `database`, which no program should have open, with the
/// backup `from` (checked first), or with the latest backup when `from` is `None`; the
/// file as it was is kept as a backup. Works on a damaged file.
pub fn restore_database(database: &Path, from: Option<&Path>) -> Result<backup::RestoreReport> {
    match from {
        Some(file) => backup::restore_from(file, database),
        None => backup::restore_latest(database),
    }
}

/// A full integrity check of the database file at `database` (without migrating or
/// changing it): the report, and `Err(Damaged)` with the way out when it failed.
pub fn check_database(database: &Path) -> Result<(health::Report, Result<()>)> {
    let report = health::check_file(database)?;
    let verdict = match report.ok {
        true => Ok(()),
        false => Err(health::damaged(database, report.problems.join("; "))),
    };
    Ok((report, verdict))
}

// ---------------------------------------------------------------------------------------
// JSON backups.

/// Writes every record of the workspace to a JSON file at `path` that restores
/// losslessly, whole or not at all.
pub fn json_backup(workspace: &Workspace, path: &Path) -> Result<json_backup::BackupSummary> {
    json_backup::write_file(&*workspace.store()?, path)
}

/// Writes the JSON backup to the path the user chose (a full path; `.json` is added when
/// missing).
pub fn json_backup_to(workspace: &Workspace, path: &str) -> Result<ExportResult> {
    let path = chosen_path(path, "json")?;
    let summary = json_backup(workspace, &path)?;
    Ok(ExportResult { path: path.display().to_string(), rows: summary.rows() })
}

/// Restores a JSON backup into the workspace. Refuses a workspace that holds anything
/// unless `replace`, which deletes everything first, in the same transaction.
pub fn json_restore(workspace: &Workspace, path: &Path, replace: bool) -> Result<json_backup::BackupSummary> {
    let summary = json_backup::restore_file(&mut *workspace.store()?, path, replace)?;
    workspace.forget_network();
    Ok(summary)
}

// ---------------------------------------------------------------------------------------
// Bundles.

/// A bundle written: the file and how many records of each table it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleExported {
    pub file: PathBuf,
    pub records: BTreeMap<String, usize>,
}

impl BundleExported {
    /// Every record written.
    pub fn total(&self) -> usize {
        self.records.values().sum()
    }
}

/// Writes the whole workspace to a bundle file, whole or not at all.
pub fn export_bundle(workspace: &Workspace, path: &Path) -> Result<BundleExported> {
    let written = bundle::export_to_file(&*workspace.store()?, path, now())?;
    let records = written.tables.iter().map(|(table, rows)| (table.clone(), rows.len())).collect();
    Ok(BundleExported { file: path.to_path_buf(), records })
}

/// Merges a bundle file into the workspace (by id; the later modification wins a
/// conflict); the cached relationship graph is dropped.
///
/// Undoable: the history keeps it ([`crate::undo`]).
pub fn import_bundle(workspace: &Workspace, path: &Path) -> Result<bundle::ImportReport> {
    let (report, _) = crate::undo::recorded(
        workspace,
        ActionKind::Import,
        |_, _| format!("Imported the bundle {}", file_name(path)),
        |store| bundle::import_file(store, path),
    )?;
    workspace.forget_network();
    Ok(report)
}

/// What importing the bundle file would do, worked out in full and rolled back.
pub fn preview_bundle(workspace: &Workspace, path: &Path) -> Result<bundle::ImportReport> {
    bundle::preview_file(&mut *workspace.store()?, path)
}

/// [`export_bundle`] to a path the user chose (`.igbundle` added when it has no extension).
pub fn export_bundle_to(workspace: &Workspace, path: &str) -> Result<ExportResult> {
    let text = path.trim();
    if text.is_empty() {
        return Err(Error::invalid("file", "no file chosen; give the path to write to"));
    }
    let mut path = PathBuf::from(text);
    check_path_to_write("file", &path, &format!("intrograph.{BUNDLE_EXTENSION}"))?;
    if path.extension().is_none() {
        path.as_mut_os_string().push(format!(".{BUNDLE_EXTENSION}"));
    }
    let written = export_bundle(workspace, &path)?;
    Ok(ExportResult { path: path.display().to_string(), rows: written.total() as u64 })
}

/// [`preview_bundle`] of a file the user chose.
pub fn preview_bundle_at(workspace: &Workspace, path: &str) -> Result<bundle::ImportReport> {
    preview_bundle(workspace, &existing_file(path)?)
}

/// [`import_bundle`] of a file the user chose.
pub fn import_bundle_at(workspace: &Workspace, path: &str) -> Result<bundle::ImportReport> {
    import_bundle(workspace, &existing_file(path)?)
}

/// The extension a bundle file gets when the user gives none.
pub const BUNDLE_EXTENSION: &str = "igbundle";
