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

use super::{at_row, csv_error, csv_reader, split_list, Columns, ImportOptions, ImportReport};
use crate::error::{Error, Result};
use crate::model::{name_key, PersonId};
use crate::store::organisations::{self, EmploymentInput};
use crate::store::people::{self, PersonInput, PersonPatch};

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

/// One row, read and checked.
struct Row {
    id: Option<PersonId>,
    name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    organisation: Option<String>,
    title: Option<String>,
    linkedin_url: Option<String>,
    tags: Vec<String>,
    notes: Option<String>,
}

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
        let row = read_row(&cols, &record, &location)?;
        report.rows += 1;
        match apply_row(tx, &row, &source).map_err(|e| at_row(&location, e))? {
            Outcome::Added => report.added += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
        }
    }
    Ok(report)
}

fn read_row(cols: &Columns, r: &csv::StringRecord, location: &str) -> Result<Row> {
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
    Ok(Row {
        id,
        name,
        emails,
        phones: split_list(cols.get(r, "phones")),
        organisation: cols.get(r, "organisation").map(String::from),
        title: cols.get(r, "title").map(String::from),
        linkedin_url: cols.get(r, "linkedin_url").map(String::from),
        tags: split_list(cols.get(r, "tags")),
        notes: cols.get(r, "notes").map(String::from),
    })
}

enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// The stored person a row stands for, if any.
fn find(tx: &Transaction<'_>, row: &Row) -> Result<Option<PersonId>> {
    if let Some(id) = row.id {
        if people::exists(tx, id)? {
            return Ok(Some(id));
        }
        return Ok(None);
    }
    for e in &row.emails {
        if let Some(id) = people::find_by_email(tx, e)? {
            return Ok(Some(id));
        }
    }
    if let Some(url) = &row.linkedin_url {
        if let Some(id) = people::find_by_linkedin(tx, url)? {
            return Ok(Some(id));
        }
    }
    let same_name = people::find_by_name(tx, &row.name)?;
    let candidates: Vec<PersonId> = match &row.organisation {
        Some(org) => {
            let org_key = name_key(org);
            // Same name at that organisation; failing that, same name with no known employer.
            let (mut at_org, mut unemployed) = (Vec::new(), Vec::new());
            for id in same_name {
                let positions = organisations::positions(tx, id)?;
                if positions.iter().any(|p| name_key(&p.organisation_name) == org_key) {
                    at_org.push(id);
                } else if positions.is_empty() {
                    unemployed.push(id);
                }
            }
            if at_org.is_empty() {
                unemployed
            } else {
                at_org
            }
        }
        None => same_name,
    };
    match candidates.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(Error::Ambiguous {
            what: "person",
            query: row.name.clone(),
            candidates: many.iter().map(|id| people::describe(tx, *id)).collect::<Result<_>>()?,
        }),
    }
}

fn apply_row(tx: &Transaction<'_>, row: &Row, source: &str) -> Result<Outcome> {
    let Some(id) = find(tx, row)? else {
        people::add(
            tx,
            &PersonInput {
                id: row.id,
                full_name: row.name.clone(),
                title: row.title.clone().unwrap_or_default(),
                emails: row.emails.clone(),
                phones: row.phones.clone(),
                linkedin_url: row.linkedin_url.clone(),
                tags: row.tags.clone(),
                notes: row.notes.clone().unwrap_or_default(),
                source: source.to_string(),
                organisation: row.organisation.clone(),
            },
        )?;
        return Ok(Outcome::Added);
    };

    let before = people::get(tx, id)?;
    let mut patch = PersonPatch::default();
    if row.name.split_whitespace().collect::<Vec<_>>().join(" ") != before.full_name {
        patch.full_name = Some(row.name.clone());
    }
    if let Some(t) = row.title.as_ref().filter(|t| **t != before.title) {
        patch.title = Some(t.clone());
    }
    let merged = union(&before.emails, &row.emails, false);
    if merged != before.emails {
        patch.emails = Some(merged);
    }
    let merged = union(&before.phones, &row.phones, false);
    if merged != before.phones {
        patch.phones = Some(merged);
    }
    let merged = union(&before.tags, &row.tags, true);
    if merged.len() != before.tags.len() {
        patch.tags = Some(merged);
    }
    if let Some(url) = &row.linkedin_url {
        if people::canonical_url(url) != before.linkedin_url {
            patch.linkedin_url = Some(Some(url.clone()));
        }
    }
    if let Some(n) = row.notes.as_ref().filter(|n| **n != before.notes) {
        patch.notes = Some(n.clone());
    }
    let mut changed = !patch.is_empty();
    if !patch.is_empty() {
        people::edit(tx, id, &patch)?;
    }

    if let Some(org) = &row.organisation {
        let org_key = name_key(org);
        let positions = organisations::positions(tx, id)?;
        let title = row.title.clone().unwrap_or_default();
        match positions.iter().find(|p| p.employment.current && name_key(&p.organisation_name) == org_key) {
            Some(p) => {
                if row.title.is_some() && p.employment.title != title {
                    organisations::set_employment_title(tx, p.employment.id, &title)?;
                    changed = true;
                }
            }
            None => {
                let org = organisations::find_or_add(tx, org)?;
                organisations::add_employment(
                    tx,
                    &EmploymentInput {
                        person_id: id,
                        organisation_id: org.id,
                        title,
                        start: None,
                        end: None,
                        current: true,
                    },
                )?;
                changed = true;
            }
        }
    }
    Ok(if changed { Outcome::Updated } else { Outcome::Unchanged })
}

/// `old` followed by the items of `new` it lacks.
fn union(old: &[String], new: &[String], case_insensitive: bool) -> Vec<String> {
    let key = |s: &str| if case_insensitive { s.to_lowercase() } else { s.to_string() };
    let mut out = old.to_vec();
    for n in new {
        if !out.iter().any(|o| key(o) == key(n)) {
            out.push(n.clone());
        }
    }
    out
}
