//! Relationships CSV: one relationship per row.
//!
//! Columns: `person_a`, `person_b` (required: an id, an email or the exact name of a
//! person already stored or added earlier in the same import), `kind` (default
//! `other`), `strength` 1–5 (default 2), `verified` (`yes`/`no` or a date),
//! `last_contact`, `since` (YYYY-MM-DD), `notes`. A pair that already has a
//! relationship is updated from the filled cells, never duplicated.

use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Transaction;

use super::{at_row, csv_error, csv_reader, parse_date, Columns, ImportOptions, ImportReport};
use crate::error::{Error, Result};
use crate::model::{PersonId, RelationshipKind, Strength};
use crate::store::people;
use crate::store::relationships::{self, RelationshipInput, RelationshipPatch};

const KNOWN: &[(&str, &[&str])] = &[
    ("person_a", &["person_a", "a", "from"]),
    ("person_b", &["person_b", "b", "to"]),
    ("kind", &["kind", "type", "relationship"]),
    ("strength", &["strength"]),
    ("verified", &["verified"]),
    ("last_contact", &["last_contact"]),
    ("since", &["since"]),
    ("notes", &["notes", "note"]),
];

/// The strength of a new relationship whose row leaves it empty.
pub const DEFAULT_STRENGTH: u8 = 2;

/// What the `verified` cell says.
enum Verified {
    Yes,
    No,
    On(DateTime<Utc>),
}

struct Row {
    a: PersonId,
    b: PersonId,
    kind: Option<RelationshipKind>,
    strength: Option<Strength>,
    verified: Option<Verified>,
    last_contact: Option<NaiveDate>,
    since: Option<NaiveDate>,
    notes: Option<String>,
}

/// Applies a relationships CSV inside `tx`. `name` names the file in messages.
pub fn apply(
    tx: &Transaction<'_>,
    name: &str,
    reader: impl Read,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut csv = csv_reader(reader);
    let cols = Columns::read(&mut csv, name, KNOWN, &["person_a", "person_b"], &mut report.notes)?;
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
        let row = read_row(tx, &cols, &record, &location)?;
        report.rows += 1;
        match apply_row(tx, &row, &source).map_err(|e| at_row(&location, e))? {
            Some(true) => report.updated += 1,
            Some(false) => report.unchanged += 1,
            None => report.added += 1,
        }
    }
    Ok(report)
}

fn person(
    tx: &Transaction<'_>,
    cols: &Columns,
    r: &csv::StringRecord,
    column: &str,
    location: &str,
) -> Result<PersonId> {
    let q = cols
        .get(r, column)
        .ok_or_else(|| Error::input(location, format!("column `{column}` is empty; name a person")))?;
    match people::find_exact(tx, q) {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(Error::input(
            location,
            format!("column `{column}`: no person matches {q:?}; use an id, an email or the exact name of a stored person"),
        )),
        Err(Error::Ambiguous { candidates, .. }) => Err(Error::input(
            location,
            format!("column `{column}`: {q:?} matches several people: {}; use an id or an email", candidates.join("; ")),
        )),
        Err(e) => Err(e),
    }
}

fn read_row(tx: &Transaction<'_>, cols: &Columns, r: &csv::StringRecord, location: &str) -> Result<Row> {
    let a = person(tx, cols, r, "person_a", location)?;
    let b = person(tx, cols, r, "person_b", location)?;
    if a == b {
        return Err(Error::input(
            location,
            format!(
                "`person_a` and `person_b` are the same person ({}); a person cannot have a relationship with themselves",
                people::get(tx, a)?.full_name
            ),
        ));
    }
    let kind = cols
        .get(r, "kind")
        .map(|k| k.parse::<RelationshipKind>())
        .transpose()
        .map_err(|e| column_error(location, "kind", e))?;
    let strength = cols
        .get(r, "strength")
        .map(|s| s.parse::<Strength>())
        .transpose()
        .map_err(|e| column_error(location, "strength", e))?;
    let verified = match cols.get(r, "verified") {
        None => None,
        Some(v) => Some(match v.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Verified::Yes,
            "no" | "n" | "false" | "0" => Verified::No,
            _ => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(d) => Verified::On(d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()),
                Err(_) => {
                    return Err(Error::input(
                        location,
                        format!("column `verified`: {v:?} is not yes, no or a date (YYYY-MM-DD)"),
                    ))
                }
            },
        }),
    };
    let last_contact =
        cols.get(r, "last_contact").map(|v| parse_date(location, "last_contact", v)).transpose()?;
    let since = cols.get(r, "since").map(|v| parse_date(location, "since", v)).transpose()?;
    Ok(Row {
        a,
        b,
        kind,
        strength,
        verified,
        last_contact,
        since,
        notes: cols.get(r, "notes").map(String::from),
    })
}

fn column_error(location: &str, column: &str, e: Error) -> Error {
    let reason = match e {
        Error::Invalid { reason, .. } => reason,
        e => e.to_string(),
    };
    Error::input(location, format!("column `{column}`: {reason}"))
}

/// `None` when added, `Some(changed)` when the pair existed.
fn apply_row(tx: &Transaction<'_>, row: &Row, source: &str) -> Result<Option<bool>> {
    let Some(existing) = relationships::between(tx, row.a, row.b)? else {
        let mut input = RelationshipInput::new(
            row.a,
            row.b,
            row.kind.unwrap_or(RelationshipKind::Other),
            row.strength.unwrap_or(Strength::new(DEFAULT_STRENGTH)?),
        );
        input.verified_at = match row.verified {
            Some(Verified::Yes) => Some(crate::store::now()),
            Some(Verified::On(t)) => Some(t),
            Some(Verified::No) | None => None,
        };
        input.last_contact = row.last_contact;
        input.since = row.since;
        input.notes = row.notes.clone().unwrap_or_default();
        input.source = source.to_string();
        relationships::add(tx, &input)?;
        return Ok(None);
    };
    let patch = RelationshipPatch {
        kind: row.kind.filter(|k| *k != existing.kind),
        strength: row.strength.filter(|s| *s != existing.strength),
        last_contact: row.last_contact.filter(|d| Some(*d) != existing.last_contact).map(Some),
        since: row.since.filter(|d| Some(*d) != existing.since).map(Some),
        notes: row.notes.clone().filter(|n| *n != existing.notes),
        verified_at: match row.verified {
            Some(Verified::Yes) if !existing.verified() => Some(Some(crate::store::now())),
            Some(Verified::No) if existing.verified() => Some(None),
            Some(Verified::On(t)) if existing.verified_at != Some(t) => Some(Some(t)),
            _ => None,
        },
    };
    if patch.is_empty() {
        return Ok(Some(false));
    }
    relationships::edit(tx, existing.id, &patch)?;
    Ok(Some(true))
}
