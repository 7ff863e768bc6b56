//! Imports of contact data into the store. Every import applies in one
//! transaction: a malformed row fails the whole file with its line, and nothing
//! is written. Re-importing the same file adds nothing.
//!
//! The CSV headers are documented in `docs/import-formats.md`.

pub mod people_csv;
pub mod relationships_csv;

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::Store;

/// How an import runs. Build it with `ImportOptions { dry_run: true, ..Default::default() }`:
/// more options (a progress callback) will be added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Work out the report, then roll everything back: a preview.
    pub dry_run: bool,
    /// Recorded as each new record's source; default `csv:<file name>`.
    pub source: Option<String>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Remarks that did not stop the import, e.g. ignored unknown columns.
    pub notes: Vec<String>,
    pub dry_run: bool,
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
    run(store, options, |tx| people_csv::apply(tx, name, reader, options))
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
    reader: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport> {
    run(store, options, |tx| relationships_csv::apply(tx, name, reader, options))
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
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        if !unknown.is_empty() {
            notes.push(format!("ignored unknown column(s): {}", unknown.join(", ")));
        }
        Ok(Self { index })
    }

    /// The trimmed cell of `field` in `record`, `None` when the column is absent or the cell empty.
    pub(crate) fn get<'r>(&self, record: &'r csv::StringRecord, field: &str) -> Option<&'r str> {
        let i = *self.index.get(field)?;
        record.get(i).map(str::trim).filter(|s| !s.is_empty())
    }
}

fn header_key(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn csv_reader<R: Read>(reader: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(reader)
}

/// A CSV parse error as an input error with its line.
pub(crate) fn csv_error(name: &str, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    let reason = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
            "this row has {len} fields but the header has {expected_len}; check for a missing comma or an unclosed quote"
        ),
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8; save the file as UTF-8".to_string(),
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
