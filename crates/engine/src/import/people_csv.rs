//! People CSV: one person per row.
//!
//! Columns (header names ignore case, spaces, `-` and `_`): `name` (required),
//! `email`/`emails`, `phone`/`phones`, `organisation`, `title`, `linkedin_url`,
//! `tags`, `notes`, `id`. Multi-value cells are `;`-separated.
//!
//! A row matches a stored person by id, then any email, then LinkedIn URL, then
//! normalised name and organisation (or the same name with no known employer);
//! a matched person is updated (lists merged,
//! filled cells replace stored values), otherwise a person is added.

use std::io::Read;

use rusqlite::Transaction;

use super::contact::{upsert, Contact, Upsert};
use super::{at_row, csv_error, csv_reader, split_list, Columns, ImportOptions, ImportReport};
use crate::error::{Error, Result};
use crate::model::PersonId;
use crate::store::people;

const KNOWN: &[(&str, &[&str])] = &[
    ("name", &["name", "full_name", "full name"]),
    ("emails", &["email", "emails", "e-mail"]),
    ("phones", &["phone", "phones"]),
    ("organisation", &["organisation", "organization", "company"]),
    ("title", &["title", "job_title", "position"]),
    ("linkedin_url", &["linkedin_url", "linkedin", "url"]),
    ("tags", &["tags", "tag"]),
    ("notes", &["notes", "note"]),
    ("id", &["id"]),
];

/// Applies a people CSV inside `tx`. `name` names the file in messages.
pub fn apply(
    tx: &Transaction<'_>,
    name: &str,
    reader: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut csv = csv_reader(reader);
    let cols = Columns::read(&mut csv, name, KNOWN, &["name"], &mut report.notes)?;
    let source = options.source.clone().unwrap_or_else(|| format!("csv:{name}"));
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(name, e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let location = format!("{name}, line {line}");
        let mut row = read_row(&cols, &record, &location)?;
        let stripped = row.strip_controls();
        if !stripped.is_empty() {
            report.notes.push(format!(
                "{location}: removed control characters (terminal escapes, NUL, ...) from {}",
                stripped.join(", ")
            ));
        }
        report.rows += 1;
        match upsert(tx, &row, &source).map_err(|e| at_row(&location, e))? {
            Upsert::Added(id) => {
                report.added += 1;
                report.people.0.push(id);
            }
            Upsert::Updated(id) => {
                report.updated += 1;
                report.people.0.push(id);
            }
            Upsert::Unchanged(_) => report.unchanged += 1,
        }
    }
    Ok(report)
}

fn read_row(cols: &Columns, r: &csv::StringRecord, location: &str) -> Result<Contact> {
    for field in ["name", "emails", "phones", "id"] {
        if let (Some(cell), Some(column)) = (cols.get(r, field), cols.column(field)) {
            super::generic_csv::one_line(cell, location, column - 1, field)?;
        }
    }
    let name = cols
        .get(r, "name")
        .ok_or_else(|| Error::input(location, "column `name` is empty; every person needs a name"))?
        .to_string();
    let id = match cols.get(r, "id") {
        Some(s) => Some(
            s.parse::<PersonId>()
                .map_err(|_| Error::input(location, format!("column `id`: {s:?} is not a uuid")))?,
        ),
        None => None,
    };
    let emails = people::clean_emails(&split_list(cols.get(r, "emails")))
        .map_err(|e| at_row(location, e))
        .map_err(|e| match e {
            Error::Input { location, reason } => {
                Error::Input { location, reason: format!("column `email`: {reason}") }
            }
            e => e,
        })?;
    Ok(Contact {
        location: location.to_string(),
        id,
        name,
        emails,
        phones: split_list(cols.get(r, "phones")),
        organisation: cols.get(r, "organisation").map(String::from),
        title: cols.get(r, "title").map(String::from),
        linkedin_url: cols.get(r, "linkedin_url").map(String::from),
        tags: split_list(cols.get(r, "tags")),
        notes: cols.get(r, "notes").map(String::from),
        strict_id: true,
        ..Contact::default()
    })
}
