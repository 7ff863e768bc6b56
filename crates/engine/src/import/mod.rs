//! Imports of contact data into the store.
//!
//! One pipeline serves every contact format (LinkedIn `Connections.csv`, vCard, generic
//! CSV with a column mapping): the file is decoded ([`text`]), parsed into [`Contact`]s
//! that carry their line or card number, each contact is matched and merged
//! ([`contact::upsert`]), and everything applies in one `Store::write` transaction, or, in
//! a dry run, in one that is rolled back: the preview is the very same work. A malformed
//! file fails as a whole with its line and nothing is written; a record that cannot be
//! imported (no name, an ambiguous match) is skipped and reported with its reason.
//! Re-importing the same file adds nothing.
//!
//! The people and relationships CSV imports ([`people`], [`relationships`]) are strict:
//! a bad row fails the file. Formats are documented in `docs/import-formats.md`.

pub mod contact;
pub mod exchanges;
pub mod generic_csv;
pub mod ics;
pub mod linkedin;
pub mod mail;
pub mod messages;
pub mod people_csv;
pub mod relationships_csv;
pub mod text;
pub mod vcard;

pub use contact::Contact;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{PersonId, RelationshipKind, Strength};
use crate::store::relationships::{self, RelationshipInput, RelationshipPatch};
use crate::store::{mappings, reps, Store};

/// How an import runs. Build it with `ImportOptions { dry_run: true, ..Default::default() }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Work out the report, then roll everything back: a preview.
    pub dry_run: bool,
    /// Recorded as each new record's source; default `<format>:<file name>`.
    pub source: Option<String>,
    /// The file's character encoding (`utf-8`, `windows-1252`, `utf-16le`, ...); `None` detects it.
    pub encoding: Option<String>,
    /// A saved column mapping for a generic CSV (see [`generic_csv`]); `None` recognises the headers.
    pub mapping: Option<String>,
    /// A column mapping given inline (the app's mapping step), used before `mapping`.
    pub columns: Option<generic_csv::Mapping>,
}

/// How far an import has got, reported as it streams.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Bytes of the file read so far.
    pub bytes_read: u64,
    /// The file's size, when known.
    pub bytes_total: Option<u64>,
    /// Records (rows or cards) handled so far.
    pub records: u64,
}

/// The contact formats of the one import pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// LinkedIn's `Connections.csv` (see [`linkedin`]).
    Linkedin,
    /// vCard 2.1, 3.0 or 4.0 (see [`vcard`]).
    Vcard,
    /// Any contacts CSV, read through a column mapping (see [`generic_csv`]).
    Csv,
}

impl Format {
    fn prefix(self) -> &'static str {
        match self {
            Self::Linkedin => "linkedin",
            Self::Vcard => "vcard",
            Self::Csv => "csv",
        }
    }
}

/// A record that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Skip {
    /// `Connections.csv, line 9` or `contacts.vcf, card 2 (line 14)`.
    pub location: String,
    pub reason: String,
}

/// What happened to one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A new person.
    Added,
    /// A stored person gained or changed details.
    Updated,
    /// A duplicate of an earlier record of the same file, merged into that person.
    Merged,
}

/// One change an import makes (or would make), for the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub location: String,
    pub action: Action,
    pub person: String,
}

/// At most this many [`Change`]s are listed in a report (the counts are always complete).
pub const MAX_LISTED_CHANGES: usize = 1000;

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// Data rows (or cards) read.
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    /// Records that repeated an earlier record of the same file.
    pub merged: u64,
    pub unchanged: u64,
    pub skipped: u64,
    /// Every skipped record, with its line or card number and the reason.
    pub skips: Vec<Skip>,
    /// The first [`MAX_LISTED_CHANGES`] additions, updates and merges.
    pub changes: Vec<Change>,
    /// Relationships added (a LinkedIn import links the rep to each connection).
    pub relationships_added: u64,
    /// The character encoding the file was read in.
    pub encoding: Option<String>,
    /// Remarks that did not stop the import, e.g. ignored unknown columns.
    pub notes: Vec<String>,
    pub dry_run: bool,
    /// The people this import added or changed (for the likely duplicates among them);
    /// not part of the report's JSON.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub people: Touched,
}

/// The people an import added or changed, by id. Two reports compare by what they say, so
/// these never make them differ: a preview's new people have ids of their own, rolled back.
#[derive(Clone, Debug, Default)]
pub struct Touched(pub Vec<PersonId>);

impl PartialEq for Touched {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Touched {}

/// `1 record`, `2 records`: a count with its noun.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a` or `an` before `word` (by its first letter: `an Outlook export`, `a HubSpot export`).
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// What a parser hands to the pipeline.
// One item at a time is made and handed on at once: its size does not add up.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Contact(Contact),
    Skip(Skip),
    Note(String),
}

/// Imports a contacts file in `format` (see the module documentation). `progress` is
/// called as records stream in.
pub fn contacts(
    store: &mut Store,
    format: Format,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let file = open(path)?;
    let total = file.metadata().ok().map(|m| m.len());
    contacts_from_reader(store, format, &file_name(path), file, total, options, progress)
}

/// Imports contacts read from `reader`; `name` is used in messages, `total` (the size in
/// bytes, if known) in progress reports.
pub fn contacts_from_reader(
    store: &mut Store,
    format: Format,
    name: &str,
    reader: impl Read,
    total: Option<u64>,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let mapping = match (&options.columns, &options.mapping, format) {
        (Some(columns), _, Format::Csv) => Some(columns.clone()),
        (None, Some(m), Format::Csv) => Some(mappings::get(store.conn(), m)?),
        (Some(_), _, _) | (_, Some(_), _) => {
            return Err(Error::invalid("mapping", "a column mapping applies to a generic CSV import only"))
        }
        (None, None, _) => None,
    };
    let rep = match format {
        Format::Linkedin => Some(match reps::current_rep(store.conn()) {
            Ok(r) => r.person_id,
            Err(Error::NotFound { .. }) => {
                return Err(Error::Conflict(
                    "LinkedIn connections are the current rep's: add yourself first with `intrograph rep add \"Your Name\"`".into(),
                ))
            }
            Err(e) => return Err(e),
        }),
        _ => None,
    };
    let (counted, bytes) = text::Counted::new(reader);
    // A vCard folded by bytes may split a character across a fold: mended before decoding.
    let counted: Box<dyn Read> = match format {
        Format::Vcard => Box::new(vcard::Refold::new(counted)),
        _ => Box::new(counted),
    };
    let (decoded, decoding) = text::decode_reporting(counted, name, options.encoding.as_deref())?;
    let source = options.source.clone().unwrap_or_else(|| format!("{}:{name}", format.prefix()));
    run(store, options, |tx| {
        crate::store::people::load_in_bulk(tx, || {
            let mut report = ImportReport {
                encoding: Some(decoding.encoding.name().to_string()),
                notes: decoding.note.iter().map(|n| format!("{name}: {n}")).collect(),
                ..Default::default()
            };
            let mut seen: HashSet<PersonId> = HashSet::new();
            let mut sink = |item: Item| -> Result<()> {
                match item {
                    Item::Note(n) => report.notes.push(n),
                    Item::Skip(s) => {
                        report.rows += 1;
                        report.skipped += 1;
                        report.skips.push(s);
                    }
                    Item::Contact(c) => {
                        report.rows += 1;
                        apply_contact(tx, &c, &source, rep, &mut seen, &mut report)?;
                    }
                }
                progress(Progress { bytes_read: bytes.get(), bytes_total: total, records: report.rows });
                Ok(())
            };
            match format {
                Format::Linkedin => linkedin::read(decoded, name, &mut sink)?,
                Format::Vcard => vcard::read(decoded, name, &mut sink)?,
                Format::Csv => generic_csv::read(decoded, name, mapping.as_ref(), &mut sink)?,
            }
            Ok(report)
        })
    })
}

fn apply_contact(
    tx: &rusqlite::Transaction<'_>,
    c: &Contact,
    source: &str,
    rep: Option<PersonId>,
    seen: &mut HashSet<PersonId>,
    report: &mut ImportReport,
) -> Result<()> {
    let mut c = c.clone();
    let stripped = c.strip_controls();
    if !stripped.is_empty() {
        report.notes.push(format!(
            "{}: removed control characters (terminal escapes, NUL, ...) from {}",
            c.location,
            stripped.join(", ")
        ));
    }
    let (emails, bad) = contact::sort_emails(&c.emails);
    c.emails = emails;
    c.rejected.extend(bad.into_iter().map(|b| ("Email", b)));
    let (phones, bad): (Vec<String>, Vec<String>) =
        std::mem::take(&mut c.phones).into_iter().partition(|p| contact::looks_like_phone(p));
    c.phones = phones;
    c.rejected.extend(bad.into_iter().map(|b| ("Phone", b)));
    if !c.rejected.is_empty() {
        let mut notes: Vec<String> = c.notes.iter().cloned().collect();
        for (label, text) in &c.rejected {
            let what = if *label == "Email" { "an email address" } else { "a phone number" };
            report.notes.push(format!("{}: kept {text:?} in the notes: it is not {what}", c.location));
            notes.push(format!("{label}: {text}"));
        }
        c.notes = Some(notes.join("\n"));
    }
    if c.organisation_only {
        return apply_organisation(tx, &c, report);
    }
    if c.name.trim().is_empty() {
        match c.emails.first() {
            Some(email) => {
                report
                    .notes
                    .push(format!("{}: the record has no name; named {email:?} after its email", c.location));
                c.name = email.clone();
            }
            None => {
                report.skipped += 1;
                report.skips.push(Skip {
                    location: c.location.clone(),
                    reason: "the record has no name and no email address".into(),
                });
                return Ok(());
            }
        }
    }
    let mut replaced = Vec::new();
    let outcome = match contact::upsert_reporting(tx, &c, source, &mut replaced) {
        Ok(o) => o,
        Err(Error::Ambiguous { candidates, .. }) => {
            report.skipped += 1;
            report.skips.push(Skip {
                location: c.location.clone(),
                reason: format!(
                    "{:?} matches several people: {}; add an email to tell them apart, or merge them",
                    c.name,
                    candidates.join("; ")
                ),
            });
            return Ok(());
        }
        Err(e) => return Err(at_row(&c.location, e)),
    };
    let person = outcome.person();
    let action = match outcome {
        contact::Upsert::Added(_) => Some(Action::Added),
        contact::Upsert::Updated(_) if seen.contains(&person) => Some(Action::Merged),
        contact::Upsert::Updated(_) => Some(Action::Updated),
        contact::Upsert::Unchanged(_) => None,
    };
    seen.insert(person);
    for r in replaced {
        report.notes.push(format!("{}: {r} (merged into {})", c.location, c.name));
    }
    if action.is_some() {
        report.people.0.push(person);
    }
    match action {
        Some(Action::Added) => report.added += 1,
        Some(Action::Updated) => report.updated += 1,
        Some(Action::Merged) => report.merged += 1,
        None => report.unchanged += 1,
    }
    if let Some(action) = action {
        if report.changes.len() < MAX_LISTED_CHANGES {
            report.changes.push(Change { location: c.location.clone(), action, person: c.name.clone() });
        }
    }
    if let Some(rep) = rep.filter(|r| *r != person) {
        match relationships::between(tx, rep, person)? {
            None => {
                let mut input = RelationshipInput::new(
                    rep,
                    person,
                    RelationshipKind::LinkedinConnection,
                    Strength::new(1)?,
                );
                input.since = c.connected_on;
                input.source = source.to_string();
                let added = relationships::add(tx, &input)?;
                // The default strength of a connection is no choice of the rep's.
                crate::store::exchanges::set_strength_not_by_hand(tx, added.id, added.strength)?;
                report.relationships_added += 1;
            }
            Some(r) if r.since.is_none() && c.connected_on.is_some() => {
                let patch = RelationshipPatch { since: Some(c.connected_on), ..Default::default() };
                relationships::edit(tx, r.id, &patch)?;
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// A company card: the organisation is added (or found), no person.
fn apply_organisation(tx: &rusqlite::Transaction<'_>, c: &Contact, report: &mut ImportReport) -> Result<()> {
    let Some(name) = c.organisation.as_deref().filter(|o| !o.trim().is_empty()) else {
        report.skipped += 1;
        report
            .skips
            .push(Skip { location: c.location.clone(), reason: "the company card has no ORG".into() });
        return Ok(());
    };
    let existed = crate::store::organisations::find_by_name(tx, name)?.is_some();
    crate::store::organisations::find_or_add(tx, name).map_err(|e| at_row(&c.location, e))?;
    if existed {
        report.unchanged += 1;
    } else {
        report.added += 1;
        if report.changes.len() < MAX_LISTED_CHANGES {
            report.changes.push(Change {
                location: c.location.clone(),
                action: Action::Added,
                person: format!("{name} (organisation)"),
            });
        }
    }
    report.notes.push(format!(
        "{}: a company card; stored as the organisation {name:?}, not as a person",
        c.location
    ));
    Ok(())
}

/// Imports a people CSV file (see [`people_csv`]).
pub fn people(store: &mut Store, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
    let file = open(path)?;
    people_from_reader(store, &file_name(path), file, options)
}

/// Imports people CSV text read from `reader`; `name` is used in messages (`people.csv, line 3`).
pub fn people_from_reader(
    store: &mut Store,
    name: &str,
    reader: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let (decoded, decoding) = text::decode_reporting(reader, name, options.encoding.as_deref())?;
    let mut report = run(store, options, |tx| {
        crate::store::people::load_in_bulk(tx, || people_csv::apply(tx, name, decoded, options))
    })?;
    report.encoding = Some(decoding.encoding.name().to_string());
    report.notes.splice(0..0, decoding.note.map(|n| format!("{name}: {n}")));
    Ok(report)
}

/// Imports a relationships CSV file (see [`relationships_csv`]).
pub fn relationships(store: &mut Store, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
    let file = open(path)?;
    relationships_from_reader(store, &file_name(path), file, options)
}

/// Imports relationships CSV text read from `reader`.
pub fn relationships_from_reader(
    store: &mut Store,
    name: &str,
    reader: impl Read + Send,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let (decoded, decoding) = text::decode_reporting(reader, name, options.encoding.as_deref())?;
    // Each row's people are looked up in the store inside the import's transaction,
    // so its references hold without SQLite checking them again.
    let mut report = store.with_references_trusted(|store| {
        run(store, options, |tx| relationships_csv::apply(tx, name, decoded, options))
    })?;
    report.encoding = Some(decoding.encoding.name().to_string());
    report.notes.splice(0..0, decoding.note.map(|n| format!("{name}: {n}")));
    Ok(report)
}

fn run(
    store: &mut Store,
    options: &ImportOptions,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<ImportReport>,
) -> Result<ImportReport> {
    if options.dry_run {
        let mut report = store.preview(f)?;
        report.dry_run = true;
        Ok(report)
    } else {
        store.write(f)
    }
}

fn open(path: &Path) -> Result<File> {
    if path.is_dir() {
        return Err(Error::input(
            path.display().to_string(),
            "this is a folder, not a file; choose the file to import inside it",
        ));
    }
    File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

// ---------------------------------------------------------------- shared CSV reading

/// The columns of a file: which known field sits at which index.
pub(crate) struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    /// Reads the header row. `known` lists each field with its accepted spellings
    /// (compared ignoring case, spaces, `-` and `_`). Unknown columns become a note.
    pub(crate) fn read<R: Read>(
        reader: &mut csv::Reader<R>,
        name: &str,
        known: &[(&'static str, &[&str])],
        required: &[&'static str],
        notes: &mut Vec<String>,
    ) -> Result<Self> {
        let headers = reader.headers().map_err(|e| csv_error(name, e))?.clone();
        let mut index = HashMap::new();
        let mut unknown = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let key = header_key(h);
            match known.iter().find(|(_, spellings)| spellings.iter().any(|s| header_key(s) == key)) {
                Some((field, _)) => {
                    if index.insert(*field, i).is_some() {
                        return Err(Error::input(
                            format!("{name}, line 1"),
                            format!("column {h:?} repeats the {field} column"),
                        ));
                    }
                }
                None if key.is_empty() => {}
                None => unknown.push(format!("{h:?}")),
            }
        }
        for field in required {
            if !index.contains_key(field) {
                return Err(Error::input(
                    format!("{name}, line 1"),
                    format!(
                        "missing required column `{field}`; the header row has: {}",
                        headers.iter().map(text::visible).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        if !unknown.is_empty() {
            notes.push(format!("ignored unknown column(s): {}", unknown.join(", ")));
        }
        Ok(Self { index })
    }

    /// The column number (1 = the first) of `field`, if the file has it.
    pub(crate) fn column(&self, field: &str) -> Option<usize> {
        self.index.get(field).map(|i| i + 1)
    }

    /// The trimmed cell of `field` in `record`, without the export's formula guard
    /// ([`crate::export::unguard`]), `None` when the column is absent or the cell empty.
    pub(crate) fn get<'r>(&self, record: &'r csv::StringRecord, field: &str) -> Option<&'r str> {
        let i = *self.index.get(field)?;
        record.get(i).map(str::trim).map(crate::export::unguard).filter(|s| !s.is_empty())
    }
}

pub(crate) fn header_key(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn csv_reader<R: Read>(reader: R) -> csv::Reader<text::LineCap<R>> {
    csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text::LineCap::new(
        reader,
        text::MAX_LINE_BYTES,
        1,
    ))
}

/// A CSV parse error as an input error with its line.
pub(crate) fn csv_error(name: &str, e: csv::Error) -> Error {
    if let csv::ErrorKind::Io(io) = e.kind() {
        if let Some(t) = io.get_ref().and_then(|t| t.downcast_ref::<text::CsvTrouble>()) {
            let location = match t.column {
                Some(c) => format!("{name}, line {}, column {c}", t.line),
                None => format!("{name}, line {}", t.line),
            };
            return Error::input(location, t.reason.clone());
        }
    }
    let line = e.position().map(|p| p.line());
    let reason = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
            "this row has {} but the header has {}; check for a missing comma or an unclosed quote",
            plural(*len, "field", "fields"),
            plural(*expected_len, "field", "fields")
        ),
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8; save the file as UTF-8".to_string(),
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    };
    match line {
        Some(l) => Error::input(format!("{name}, line {l}"), reason),
        None => Error::input(name.to_string(), reason),
    }
}

/// Splits a multi-value cell (`a; b; c`).
pub(crate) fn split_list(cell: Option<&str>) -> Vec<String> {
    cell.map(|c| c.split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default()
}

/// An engine error raised while applying a row, restated with the row's location.
pub(crate) fn at_row(location: &str, e: Error) -> Error {
    match e {
        Error::Invalid { field, reason } => Error::input(location, format!("{field}: {reason}")),
        Error::Ambiguous { .. } | Error::NotFound { .. } | Error::Conflict(_) => {
            Error::input(location, e.to_string())
        }
        other => other,
    }
}

pub(crate) fn parse_date(location: &str, column: &str, value: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        Error::input(location, format!("column `{column}`: {value:?} is not a date; use YYYY-MM-DD"))
    })
}

// ---------------------------------------------------------------- the rep's own exchanges

/// The files of the rep's own exchanges (see [`exchanges`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExchangeFormat {
    /// An mbox file, a folder of them, or a Maildir (see [`mail`]).
    Mail,
    /// An iCalendar `.ics` export (see [`ics`]).
    Calendar,
    /// LinkedIn's `messages.csv` (see [`messages`]).
    LinkedinMessages,
}

impl ExchangeFormat {
    fn prefix(self) -> &'static str {
        match self {
            Self::Mail => "mail",
            Self::Calendar => "calendar",
            Self::LinkedinMessages => "linkedin-messages",
        }
    }
}

/// Imports the rep's mail, calendar or LinkedIn messages at `path` as touches, one
/// transaction per file (a preview rolls each back). A file that cannot be read at all is
/// a line of the report and the others still import; when `path` is that one file, its
/// error is returned.
pub fn exchanges(
    store: &mut Store,
    format: ExchangeFormat,
    path: &Path,
    options: &exchanges::ExchangeOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<exchanges::ExchangeReport> {
    let me = exchanges::my_addresses(store.conn(), options)?;
    let rep_name = {
        let rep = exchanges::current_rep(store.conn(), "Mail, calendar and messages")?;
        crate::store::people::get(store.conn(), rep.person_id)?.full_name
    };
    let sources = match format {
        ExchangeFormat::Mail => mail::sources(path)?,
        _ => vec![mail::Source::Mbox(open(path).map(|_| path.to_path_buf())?)],
    };
    let sizes: Vec<u64> = sources.iter().map(size_of).collect();
    let mut bytes = exchanges::Bytes { before: 0, total: Some(sizes.iter().sum()) };
    let mut total = exchanges::ExchangeReport { dry_run: options.dry_run, ..Default::default() };
    let mut tally = exchanges::Tally::default();
    let single = sources.len() == 1;
    let now = options
        .today
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc())
        .unwrap_or_else(chrono::Utc::now);
    for (source, size) in sources.iter().zip(sizes) {
        let name = match source.path().strip_prefix(path) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
            _ => file_name(source.path()),
        };
        let label = format!("{}:{}", format.prefix(), file_name(path));
        let records = std::cell::Cell::new(total.read);
        let result = {
            let tally = &mut tally;
            let bytes = &bytes;
            let records = &records;
            let work = |tx: &rusqlite::Transaction<'_>| -> Result<exchanges::ExchangeReport> {
                let mut applier = exchanges::Applier::new(tx, options, label.clone())?;
                match source {
                    mail::Source::Maildir(dir) => {
                        let read_so_far = std::cell::Cell::new(0u64);
                        let mut sink = |got: exchanges::Read| -> Result<()> {
                            applier.apply(got, tally)?;
                            records.set(records.get() + 1);
                            progress(bytes.progress(read_so_far.get(), records.get()));
                            Ok(())
                        };
                        mail::read_maildir(dir, &name, &mut sink, &mut |n| {
                            read_so_far.set(read_so_far.get() + n)
                        })?;
                    }
                    mail::Source::Mbox(file) => {
                        let f = open(file)?;
                        let (counted, read) = text::Counted::new(f);
                        let mut sink = |got: exchanges::Read| -> Result<()> {
                            applier.apply(got, tally)?;
                            records.set(records.get() + 1);
                            progress(bytes.progress(read.get(), records.get()));
                            Ok(())
                        };
                        match format {
                            ExchangeFormat::Mail => mail::read_mbox(counted, &name, &mut sink)?,
                            ExchangeFormat::Calendar => ics::read(counted, &name, now, &mut sink)?,
                            ExchangeFormat::LinkedinMessages => {
                                let (decoded, _) = text::decode(counted, None)?;
                                messages::read(decoded, &name, &rep_name, &mut sink)?
                            }
                        }
                    }
                }
                applier.finish()
            };
            if options.dry_run {
                store.preview(work)
            } else {
                store.write(work)
            }
        };
        bytes.before += size;
        match result {
            Ok(part) => {
                total.files.push(exchanges::FileOutcome { file: name, read: part.read, failed: None });
                exchanges::add_up(&mut total, part);
            }
            Err(e @ (Error::Input { .. } | Error::Io { .. })) if !single => {
                total.files.push(exchanges::FileOutcome { file: name, read: 0, failed: Some(e.to_string()) });
            }
            Err(e) => return Err(e),
        }
        progress(bytes.progress(0, total.read));
    }
    tally.into_report(&mut total, &me);
    Ok(total)
}

fn size_of(source: &mail::Source) -> u64 {
    match source {
        mail::Source::Mbox(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        mail::Source::Maildir(d) => ["cur", "new"]
            .iter()
            .filter_map(|s| std::fs::read_dir(d.join(s)).ok())
            .flat_map(|e| e.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()))
            .sum(),
    }
}
