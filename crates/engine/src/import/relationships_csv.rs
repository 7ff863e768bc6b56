//! Relationships CSV: one relationship per row.
//!
//! Columns: `person_a`, `person_b` (required: an id, an email or the exact name of a
//! person already stored or added earlier in the same import), `kind` (default
//! `other`), `strength` 1–5 (default 2), `verified` (`yes`/`no` or a date),
//! `last_contact`, `since` (YYYY-MM-DD), `notes`. A pair that already has a
//! relationship is updated from the filled cells, never duplicated.
//!
//! Large files take a bulk path: each distinct person cell is resolved once (an
//! in-memory map from the cell to the person), and a new pair is added by one cached
//! statement with no read-back; only a pair that was already there is read and
//! updated. Into an empty relationships table (a first import of a team's network)
//! the table's indexes are set aside while the rows load and built once at the end
//! ([`network::set_indexes_aside`]), the pairs being kept apart in memory and added
//! through one statement prepared for the load ([`relationships::NewRows`]); otherwise
//! each insert leaves an existing pair alone ([`relationships::add_if_new`]). A reading
//! thread parses and checks the rows ahead while this one, which holds the transaction,
//! resolves their people and writes them (`read_all`).

use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Transaction;
use rustc_hash::{FxHashMap, FxHashSet};
use uuid::Uuid;

use super::{at_row, csv_error, csv_reader, parse_date, Columns, ImportOptions, ImportReport};
use crate::error::{Error, Result};
use crate::model::{PersonId, RelationshipId, RelationshipKind, Strength};
use crate::store::relationships::{self, RelationshipInput, RelationshipPatch};
use crate::store::{network, people};

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
    id: RelationshipId,
    a: PersonId,
    b: PersonId,
    /// `a` and `b` as [`Resolved`] numbers them.
    a_number: u32,
    b_number: u32,
    kind: Option<RelationshipKind>,
    strength: Option<Strength>,
    verified: Option<Verified>,
    last_contact: Option<NaiveDate>,
    since: Option<NaiveDate>,
    notes: Option<String>,
    notes_cleaned: bool,
}

/// Applies a relationships CSV inside `tx`. `name` names the file in messages.
pub fn apply(
    tx: &Transaction<'_>,
    name: &str,
    reader: impl Read + Send,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut csv = csv_reader(reader);
    let cols = Columns::read(&mut csv, name, KNOWN, &["person_a", "person_b"], &mut report.notes)?;
    let source = options.source.clone().unwrap_or_else(|| format!("csv:{name}"));
    network::with_bulk_cache(tx, || {
        read_all(tx, name, &mut csv, &cols, &source, &mut report)?;
        Ok(report)
    })
}

fn read_all<R: Read + Send>(
    tx: &Transaction<'_>,
    name: &str,
    csv: &mut csv::Reader<R>,
    cols: &Columns,
    source: &str,
    report: &mut ImportReport,
) -> Result<()> {
    let mut resolved = Resolved::default();
    // Into an empty table, the rows load with the table's indexes set aside, which are
    // then built once; the first pair the file repeats brings them back early (its
    // update reads the stored pair through the index).
    let mut fresh = if network::has_relationships(tx)? {
        None
    } else {
        let aside = network::set_indexes_aside(tx)?;
        Some(FreshLoad { aside, pairs: FxHashSet::default(), rows: relationships::NewRows::prepare(tx)? })
    };
    // Two steps on two threads: a reader parses and checks the cells of the rows ahead
    // (CSV, numbers, dates, notes), while this thread, which holds the transaction,
    // resolves their people and writes them. Rows arrive in file order, so the first
    // failing row (whichever step finds it) stops the import with the same message as
    // when one thread did both.
    std::thread::scope(|scope| {
        let (rows, parsed) = std::sync::mpsc::sync_channel::<Vec<Result<Parsed>>>(PARSED_BATCHES_AHEAD);
        let reader = scope.spawn(move || parse_rows(name, csv, cols, &rows));
        let written = (|| {
            for batch in parsed {
                for row in batch {
                    write_row(tx, name, row?, source, &mut resolved, &mut fresh, report)?;
                }
            }
            Ok(())
        })();
        match reader.join() {
            Ok(()) => written,
            Err(_) => Err(Error::Internal(format!("{name}: reading the file's rows failed unexpectedly"))),
        }
    })?;
    if let Some(f) = fresh {
        network::restore_indexes(tx, f.aside)?;
    }
    Ok(())
}

/// Rows per message from the reading thread, and messages it may run ahead.
const PARSED_BATCH: usize = 1024;
const PARSED_BATCHES_AHEAD: usize = 8;

/// A row as the file gives it: its cells parsed and checked, its people still cells.
struct Parsed {
    line: u64,
    /// The `person_a` and `person_b` cells (`None` when empty).
    a: Option<Cell>,
    b: Option<Cell>,
    /// The id the relationship gets if the row adds one.
    id: RelationshipId,
    /// The other cells, or the first one that is wrong.
    cells: Result<Cells>,
}

/// A cell naming a person: an id (looked up as an id only, as [`people::find_exact`]
/// does), or an email or a name.
enum Cell {
    Id(Uuid),
    Text(Box<str>),
}

impl Cell {
    fn read(text: &str) -> Self {
        match Uuid::parse_str(text.trim()) {
            Ok(id) => Cell::Id(id),
            Err(_) => Cell::Text(text.into()),
        }
    }
}

struct Cells {
    kind: Option<RelationshipKind>,
    strength: Option<Strength>,
    verified: Option<Verified>,
    last_contact: Option<NaiveDate>,
    since: Option<NaiveDate>,
    notes: Option<String>,
    /// Control characters were removed from the notes.
    notes_cleaned: bool,
}

/// The reading thread: sends the file's rows in batches until the end, the first
/// unreadable row (sent as an error) or the writer hanging up.
fn parse_rows<R: Read>(
    name: &str,
    csv: &mut csv::Reader<R>,
    cols: &Columns,
    rows: &std::sync::mpsc::SyncSender<Vec<Result<Parsed>>>,
) {
    let mut record = csv::StringRecord::new();
    let mut batch = Vec::with_capacity(PARSED_BATCH);
    loop {
        let row = match csv.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                Ok(parse_row(cols, &record, &Location { name, line }))
            }
            Ok(false) => break,
            Err(e) => Err(csv_error(name, e)),
        };
        let failed = row.is_err();
        batch.push(row);
        let full = failed || batch.len() == PARSED_BATCH;
        // Stop after a failing row (the writer stops there) or once the writer hung up.
        if full
            && (rows.send(std::mem::replace(&mut batch, Vec::with_capacity(PARSED_BATCH))).is_err() || failed)
        {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = rows.send(batch);
    }
}

fn parse_row(cols: &Columns, r: &csv::StringRecord, location: &Location<'_>) -> Parsed {
    Parsed {
        line: location.line,
        a: cols.get(r, "person_a").map(Cell::read),
        b: cols.get(r, "person_b").map(Cell::read),
        id: RelationshipId::new(),
        cells: parse_cells(cols, r, location),
    }
}

/// Resolves a parsed row's people and adds or updates its relationship.
fn write_row(
    tx: &Transaction<'_>,
    name: &str,
    parsed: Parsed,
    source: &str,
    resolved: &mut Resolved,
    fresh: &mut Option<FreshLoad<'_>>,
    report: &mut ImportReport,
) -> Result<()> {
    let location = Location { name, line: parsed.line };
    let row = read_row(tx, parsed, &location, resolved)?;
    if row.notes_cleaned {
        report
            .notes
            .push(format!("{location}: removed control characters (terminal escapes, NUL, ...) from notes"));
    }
    report.rows += 1;
    let new_pair = fresh.as_mut().map(|f| f.pairs.insert(pair_key(row.a_number, row.b_number)));
    let outcome = match (new_pair, fresh.as_mut()) {
        (Some(true), Some(f)) => f.rows.add(&new_row(&row, source)).map(|()| None),
        _ => {
            if let Some(f) = fresh.take() {
                network::restore_indexes(tx, f.aside)?;
            }
            apply_row(tx, &row, source)
        }
    };
    match outcome.map_err(|e| at_row(&location.to_string(), e))? {
        Some(true) => report.updated += 1,
        Some(false) => report.unchanged += 1,
        None => report.added += 1,
    }
    Ok(())
}

/// A load into an empty relationships table: its indexes are aside, so the pairs
/// added so far are kept here (by the numbers [`Resolved`] gives people).
struct FreshLoad<'t> {
    aside: network::IndexesAside,
    pairs: FxHashSet<u64>,
    rows: relationships::NewRows<'t>,
}

fn pair_key(a: u32, b: u32) -> u64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(lo) << 32) | u64::from(hi)
}

/// Where a row is, written out only for a message (`people.csv, line 7`).
struct Location<'a> {
    name: &'a str,
    line: u64,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, line {}", self.name, self.line)
    }
}

/// The people the file's cells named so far: a relationships import names each
/// person many times, and nothing it does changes who a cell names. Each person also
/// gets a small number, for [`FreshLoad`]'s pair set.
#[derive(Default)]
struct Resolved {
    by_cell: FxHashMap<Box<str>, (PersonId, u32)>,
    numbers: FxHashMap<PersonId, u32>,
}

impl Resolved {
    fn remember(&mut self, cell: &str, id: PersonId) -> (PersonId, u32) {
        let resolved = self.number(id);
        self.by_cell.insert(cell.into(), resolved);
        resolved
    }

    /// The person's number, given on first sight.
    fn number(&mut self, id: PersonId) -> (PersonId, u32) {
        let next = self.numbers.len() as u32;
        (id, *self.numbers.entry(id).or_insert(next))
    }
}

fn person(
    tx: &Transaction<'_>,
    cell: Option<&Cell>,
    column: &str,
    location: &Location<'_>,
    resolved: &mut Resolved,
) -> Result<(PersonId, u32)> {
    let no_one = |q: &str| {
        Error::input(
            location.to_string(),
            format!("column `{column}`: no person matches {q:?}; use an id, an email or the exact name of a stored person"),
        )
    };
    let q = match cell {
        None => {
            return Err(Error::input(
                location.to_string(),
                format!("column `{column}` is empty; name a person"),
            ))
        }
        Some(Cell::Id(uuid)) => {
            let id = PersonId(*uuid);
            if let Some(number) = resolved.numbers.get(&id) {
                return Ok((id, *number));
            }
            return if people::exists(tx, id)? {
                Ok(resolved.number(id))
            } else {
                Err(no_one(&uuid.to_string()))
            };
        }
        Some(Cell::Text(q)) => q,
    };
    if let Some(id) = resolved.by_cell.get(q) {
        return Ok(*id);
    }
    match people::find_exact(tx, q) {
        Ok(Some(id)) => Ok(resolved.remember(q, id)),
        Ok(None) => Err(no_one(q)),
        Err(Error::Ambiguous { candidates, .. }) => Err(Error::input(
            location.to_string(),
            format!(
                "column `{column}`: {q:?} matches several people: {}; use an id or an email",
                candidates.join("; ")
            ),
        )),
        Err(e) => Err(e),
    }
}

/// A parsed row with its people resolved. Its checks run in the order one thread ran
/// them: the people first, then the other cells.
fn read_row(
    tx: &Transaction<'_>,
    parsed: Parsed,
    location: &Location<'_>,
    resolved: &mut Resolved,
) -> Result<Row> {
    let (a, a_number) = person(tx, parsed.a.as_ref(), "person_a", location, resolved)?;
    let (b, b_number) = person(tx, parsed.b.as_ref(), "person_b", location, resolved)?;
    if a == b {
        return Err(Error::input(
            location.to_string(),
            format!(
                "`person_a` and `person_b` are the same person ({}); a person cannot have a relationship with themselves",
                people::get(tx, a)?.full_name
            ),
        ));
    }
    let cells = parsed.cells?;
    Ok(Row {
        id: parsed.id,
        a,
        b,
        a_number,
        b_number,
        kind: cells.kind,
        strength: cells.strength,
        verified: cells.verified,
        last_contact: cells.last_contact,
        since: cells.since,
        notes: cells.notes,
        notes_cleaned: cells.notes_cleaned,
    })
}

/// The cells other than the people, checked; the first wrong one fails.
fn parse_cells(cols: &Columns, r: &csv::StringRecord, location: &Location<'_>) -> Result<Cells> {
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
            _ => match network::parse_date(v.as_bytes())
                .ok_or(())
                .or_else(|_| NaiveDate::parse_from_str(v, "%Y-%m-%d"))
            {
                Ok(d) => Verified::On(d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()),
                Err(_) => {
                    return Err(Error::input(
                        location.to_string(),
                        format!("column `verified`: {v:?} is not yes, no or a date (YYYY-MM-DD)"),
                    ))
                }
            },
        }),
    };
    let last_contact = cols.get(r, "last_contact").map(|v| date(location, "last_contact", v)).transpose()?;
    let since = cols.get(r, "since").map(|v| date(location, "since", v)).transpose()?;
    let (notes, notes_cleaned) = match cols.get(r, "notes") {
        None => (None, false),
        Some(notes) => {
            let (clean, removed) = super::text::strip_controls(notes, true);
            if removed {
                (Some(clean.trim().to_string()), true)
            } else {
                (Some(clean), false)
            }
        }
    };
    Ok(Cells { kind, strength, verified, last_contact, since, notes, notes_cleaned })
}

/// A date cell; the message names the row only when the cell is wrong.
fn date(location: &Location<'_>, column: &str, value: &str) -> Result<NaiveDate> {
    match network::parse_date(value.as_bytes()) {
        Some(d) => Ok(d),
        None => parse_date(&location.to_string(), column, value),
    }
}

fn column_error(location: &Location<'_>, column: &str, e: Error) -> Error {
    let reason = match e {
        Error::Invalid { reason, .. } => reason,
        e => e.to_string(),
    };
    Error::input(location.to_string(), format!("column `{column}`: {reason}"))
}

/// `None` when added, `Some(changed)` when the pair existed.
fn apply_row(tx: &Transaction<'_>, row: &Row, source: &str) -> Result<Option<bool>> {
    if relationships::add_if_new(tx, &new_relationship(row, source)?)?.is_some() {
        return Ok(None);
    }
    let existing = relationships::require_between(tx, row.a, row.b)?;
    let patch = RelationshipPatch {
        kind: row.kind.filter(|k| *k != existing.kind),
        strength: row.strength.filter(|s| *s != existing.strength),
        last_contact: row.last_contact.filter(|d| Some(*d) != existing.last_contact).map(Some),
        since: row.since.filter(|d| Some(*d) != existing.since).map(Some),
        notes: row.notes.clone().filter(|n| *n != existing.notes),
        // An import never changes who sees a tie: a new one is shared, an existing one keeps its visibility.
        visibility: None,
        verified_at: match row.verified {
            Some(Verified::Yes) if !existing.verified() => Some(Some(crate::store::now())),
            Some(Verified::No) if existing.verified() => Some(None),
            // A date (as exported) that is the stored verification's day changes nothing.
            Some(Verified::On(t)) if existing.verified_at.map(|v| v.date_naive()) != Some(t.date_naive()) => {
                Some(Some(t))
            }
            _ => None,
        },
    };
    if patch.is_empty() {
        return Ok(Some(false));
    }
    relationships::edit(tx, existing.id, &patch)?;
    Ok(Some(true))
}

/// The relationship a row adds in a fresh load (see [`new_relationship`]).
fn new_row<'r>(row: &'r Row, source: &'r str) -> relationships::NewRow<'r> {
    relationships::NewRow {
        id: row.id,
        a: row.a,
        b: row.b,
        kind: row.kind.unwrap_or(RelationshipKind::Other),
        strength: row
            .strength
            .unwrap_or_else(|| Strength::new(DEFAULT_STRENGTH).expect("the default strength is 1-5")),
        verified_at: verified_at(row),
        last_contact: row.last_contact,
        since: row.since,
        notes: row.notes.as_deref().unwrap_or(""),
        source,
    }
}

fn verified_at(row: &Row) -> Option<DateTime<Utc>> {
    match row.verified {
        Some(Verified::Yes) => Some(crate::store::now()),
        Some(Verified::On(t)) => Some(t),
        Some(Verified::No) | None => None,
    }
}

/// The relationship a row adds when its pair has none: empty cells take the defaults.
fn new_relationship(row: &Row, source: &str) -> Result<RelationshipInput> {
    let mut input = RelationshipInput::new(
        row.a,
        row.b,
        row.kind.unwrap_or(RelationshipKind::Other),
        row.strength.unwrap_or(Strength::new(DEFAULT_STRENGTH)?),
    );
    input.verified_at = verified_at(row);
    input.last_contact = row.last_contact;
    input.since = row.since;
    input.notes = row.notes.clone().unwrap_or_default();
    input.source = source.to_string();
    Ok(input)
}
