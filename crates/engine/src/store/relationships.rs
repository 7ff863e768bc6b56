//! Relationships: undirected ties between two people, stored once with
//! `person_a < person_b` (byte order of the ids, which is uuid order).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{now, people, rows};
use crate::error::{Error, Result};
use crate::model::{PersonId, Relationship, RelationshipId, RelationshipKind, RepId, Strength, Visibility};

/// A new relationship.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipInput {
    pub a: PersonId,
    pub b: PersonId,
    pub kind: RelationshipKind,
    pub strength: Strength,
    /// When the rep confirmed these two know each other (`None`: unverified).
    pub verified_at: Option<DateTime<Utc>>,
    pub last_contact: Option<NaiveDate>,
    pub since: Option<NaiveDate>,
    pub notes: String,
    pub source: String,
    /// Shared with the team (the default) or kept on this desktop. A tie added here is
    /// always this desktop's own (no owner).
    pub visibility: Visibility,
}

impl RelationshipInput {
    /// An unverified tie with no dates or notes.
    pub fn new(a: PersonId, b: PersonId, kind: RelationshipKind, strength: Strength) -> Self {
        Self {
            a,
            b,
            kind,
            strength,
            verified_at: None,
            last_contact: None,
            since: None,
            notes: String::new(),
            source: String::new(),
            visibility: Visibility::Team,
        }
    }
}

/// A change to a relationship: `None` leaves a field as it is; `Some(None)` clears a date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelationshipPatch {
    pub kind: Option<RelationshipKind>,
    pub strength: Option<Strength>,
    pub last_contact: Option<Option<NaiveDate>>,
    pub since: Option<Option<NaiveDate>>,
    pub notes: Option<String>,
    /// `Some(Some(t))` verifies at `t`, `Some(None)` unverifies.
    pub verified_at: Option<Option<DateTime<Utc>>>,
    /// Shares the tie with the team or makes it private.
    pub visibility: Option<Visibility>,
}

impl RelationshipPatch {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

pub(super) const COLUMNS: &str =
    "id, person_a, person_b, kind, strength, verified_at, last_contact, since, notes, source, created_at, updated_at, \
     owner_rep_id, visibility";

/// Parses the stored kind name quickly (the network load reads millions of them).
pub(super) fn kind_from_sql(s: &str) -> Option<RelationshipKind> {
    RelationshipKind::ALL.into_iter().find(|k| k.as_str() == s)
}

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Relationship> {
    let kind_text = row.get_ref(3)?.as_str()?;
    let kind = kind_from_sql(kind_text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("unknown relationship kind {kind_text:?}").into(),
        )
    })?;
    let strength: u8 = row.get(4)?;
    let strength = Strength::new(strength).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Integer, e.to_string().into())
    })?;
    Ok(Relationship {
        id: RelationshipId(row.get(0)?),
        a: PersonId(row.get(1)?),
        b: PersonId(row.get(2)?),
        kind,
        strength,
        verified_at: row.get(5)?,
        last_contact: row.get(6)?,
        since: row.get(7)?,
        notes: row.get(8)?,
        source: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        owner_rep_id: row.get::<_, Option<uuid::Uuid>>(12)?.map(RepId),
        visibility: visibility_from_sql(row, 13)?,
    })
}

/// Reads a stored visibility (`team` or `private`).
pub(super) fn visibility_from_sql(row: &Row<'_>, i: usize) -> rusqlite::Result<Visibility> {
    match row.get_ref(i)?.as_str()? {
        "team" => Ok(Visibility::Team),
        "private" => Ok(Visibility::Private),
        other => Err(rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown visibility {other:?}").into(),
        )),
    }
}

/// The stored order of a pair.
pub fn ordered(a: PersonId, b: PersonId) -> (PersonId, PersonId) {
    if a.0.as_bytes() <= b.0.as_bytes() {
        (a, b)
    } else {
        (b, a)
    }
}

/// The consecutive pairs of `path` that have no relationship on record: a path typed by
/// hand (`request create --via`, `--path`) may name people who do not know each other, and
/// a request must not claim they do.
pub fn missing_ties(conn: &Connection, path: &[PersonId]) -> Result<Vec<(PersonId, PersonId)>> {
    let mut missing = Vec::new();
    for pair in path.windows(2) {
        if between(conn, pair[0], pair[1])?.is_none() {
            missing.push((pair[0], pair[1]));
        }
    }
    Ok(missing)
}

/// Checks a relationship's dates: a last contact or a start that has not happened yet
/// (more than a day ahead, to allow for time zones) or lies before 1900 is a typing
/// mistake (`2999-01-01`, or `24-01-01` read as the year 24), never a fact to rank by.
pub fn check_dates(last_contact: Option<NaiveDate>, since: Option<NaiveDate>) -> Result<()> {
    let latest = chrono::Local::now().date_naive() + chrono::Days::new(1);
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
    for (field, date) in [("last contact", last_contact), ("since", since)] {
        match date {
            Some(d) if d > latest => {
                return Err(Error::invalid(
                    field,
                    format!("{d} is in the future; give a date that has passed"),
                ))
            }
            Some(d) if d < earliest => {
                return Err(Error::invalid(
                    field,
                    format!("{d} is before 1900; give the full year, e.g. 2024-01-01"),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Adds a relationship. Refuses a tie of a person with themselves, an unknown person,
/// a pair that already has a relationship, and dates that cannot be ([`check_dates`]).
pub fn add(tx: &Transaction<'_>, input: &RelationshipInput) -> Result<Relationship> {
    check_dates(input.last_contact, input.since)?;
    if input.a == input.b {
        let name = people::get(tx, input.a)?.full_name;
        return Err(Error::invalid(
            "relationship",
            format!("{name} cannot have a relationship with themselves"),
        ));
    }
    let pa = people::get(tx, input.a)?;
    let pb = people::get(tx, input.b)?;
    if let Some(existing) = between(tx, input.a, input.b)? {
        return Err(Error::Conflict(format!(
            "{} and {} already have a relationship ({}, strength {}); edit it instead",
            pa.full_name,
            pb.full_name,
            existing.kind.label(),
            existing.strength.get()
        )));
    }
    let (a, b) = ordered(input.a, input.b);
    let id = RelationshipId::new();
    let at = now();
    tx.prepare_cached(
        "INSERT INTO relationships (id, person_a, person_b, kind, strength, verified_at, last_contact, since,
                                    notes, source, created_at, updated_at, visibility)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
    )?
    .execute(params![
        id.0,
        a.0,
        b.0,
        input.kind.as_str(),
        input.strength.get(),
        input.verified_at,
        input.last_contact,
        input.since,
        crate::model::text::strip_controls(&input.notes, true).0,
        input.source,
        at,
        input.visibility.as_str()
    ])?;
    get(tx, id)
}

pub fn get(conn: &Connection, id: RelationshipId) -> Result<Relationship> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM relationships WHERE id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("relationship", id.to_string()))
}

/// The relationship between two people, if they have one (in either order).
pub fn between(conn: &Connection, a: PersonId, b: PersonId) -> Result<Option<Relationship>> {
    let (a, b) = ordered(a, b);
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM relationships WHERE person_a = ?1 AND person_b = ?2"
        ))?
        .query_row([a.0, b.0], from_row)
        .optional()?)
}

/// The relationship between two people, or a clear error naming them.
pub fn require_between(conn: &Connection, a: PersonId, b: PersonId) -> Result<Relationship> {
    match between(conn, a, b)? {
        Some(r) => Ok(r),
        None => {
            let (na, nb) = (people::get(conn, a)?.full_name, people::get(conn, b)?.full_name);
            Err(Error::not_found("relationship", format!("between {na} and {nb}")))
        }
    }
}

/// A person's relationships, strongest first.
pub fn list_for_person(conn: &Connection, person: PersonId) -> Result<Vec<Relationship>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM relationships WHERE person_a = ?1
         UNION ALL
         SELECT {COLUMNS} FROM relationships WHERE person_b = ?1
         ORDER BY strength DESC, id"
    ))?;
    let rows = st.query_map([person.0], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Calls `f` with every relationship, in id order, without holding them all in memory.
pub fn for_each(conn: &Connection, mut f: impl FnMut(Relationship) -> Result<()>) -> Result<()> {
    let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM relationships ORDER BY id"))?;
    let mut rows = st.query([])?;
    while let Some(row) = rows.next()? {
        f(from_row(row)?)?;
    }
    Ok(())
}

/// Every relationship, in id order.
pub fn list_all(conn: &Connection) -> Result<Vec<Relationship>> {
    let mut all = Vec::new();
    for_each(conn, |r| {
        all.push(r);
        Ok(())
    })?;
    Ok(all)
}

/// Changes the fields set in `patch`; bumps `updated_at` when anything changes.
pub fn edit(tx: &Transaction<'_>, id: RelationshipId, patch: &RelationshipPatch) -> Result<Relationship> {
    let before = get(tx, id)?;
    let mut after = before.clone();
    if let Some(k) = patch.kind {
        after.kind = k;
    }
    if let Some(s) = patch.strength {
        after.strength = s;
    }
    if let Some(d) = patch.last_contact {
        after.last_contact = d;
    }
    if let Some(d) = patch.since {
        after.since = d;
    }
    if let Some(n) = &patch.notes {
        after.notes = crate::model::text::strip_controls(n, true).0;
    }
    if let Some(v) = patch.verified_at {
        after.verified_at = v;
    }
    if let Some(v) = patch.visibility {
        after.visibility = v;
    }
    if after.last_contact != before.last_contact || after.since != before.since {
        check_dates(
            (after.last_contact != before.last_contact).then_some(after.last_contact).flatten(),
            (after.since != before.since).then_some(after.since).flatten(),
        )?;
    }
    if after == before {
        return Ok(before);
    }
    tx.prepare_cached(
        "UPDATE relationships SET kind = ?2, strength = ?3, verified_at = ?4, last_contact = ?5, since = ?6,
         notes = ?7, updated_at = ?8, strength_by_hand = CASE WHEN ?9 THEN 1 ELSE strength_by_hand END,
         visibility = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        after.kind.as_str(),
        after.strength.get(),
        after.verified_at,
        after.last_contact,
        after.since,
        after.notes,
        now(),
        // A strength given in an edit is the rep's choice: a suggestion never replaces it silently.
        after.strength != before.strength,
        after.visibility.as_str()
    ])?;
    get(tx, id)
}

/// Records that the rep confirmed these two really know each other (now).
/// An already verified relationship keeps its original date.
pub fn verify(tx: &Transaction<'_>, id: RelationshipId) -> Result<Relationship> {
    let r = get(tx, id)?;
    if r.verified() {
        return Ok(r);
    }
    edit(tx, id, &RelationshipPatch { verified_at: Some(Some(now())), ..Default::default() })
}

/// Marks a relationship as unconfirmed again.
pub fn unverify(tx: &Transaction<'_>, id: RelationshipId) -> Result<Relationship> {
    edit(tx, id, &RelationshipPatch { verified_at: Some(None), ..Default::default() })
}

pub fn remove(tx: &Transaction<'_>, id: RelationshipId) -> Result<Relationship> {
    let r = get(tx, id)?;
    tx.prepare_cached("DELETE FROM relationships WHERE id = ?1")?.execute([id.0])?;
    Ok(r)
}

pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM relationships")?.query_row([], |r| r.get::<_, i64>(0))?
        as u64)
}

pub fn count_verified(conn: &Connection) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM relationships WHERE verified_at IS NOT NULL")?
        .query_row([], |r| r.get::<_, i64>(0))? as u64)
}

/// The insert of the bulk path (one statement text, so it stays prepared).
macro_rules! insert_sql {
    () => {
        "INSERT INTO relationships (id, person_a, person_b, kind, strength, verified_at, last_contact, since,
                                    notes, source, created_at, updated_at, visibility)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)"
    };
}

/// Adds a relationship unless the pair already has one, in one statement with no
/// read-back: the bulk path of an import. `None` when the pair was already there
/// (stored before, or earlier in the same transaction). The caller has resolved both
/// people and checked they differ; an unknown person still fails on the foreign key.
pub fn add_if_new(tx: &Transaction<'_>, input: &RelationshipInput) -> Result<Option<RelationshipId>> {
    insert(tx, input, concat!(insert_sql!(), " ON CONFLICT (person_a, person_b) DO NOTHING"))
}

/// A relationship the caller knows to be new, borrowed from the caller's row (see
/// [`NewRows`]).
pub struct NewRow<'a> {
    pub id: RelationshipId,
    pub a: PersonId,
    pub b: PersonId,
    pub kind: RelationshipKind,
    pub strength: Strength,
    pub verified_at: Option<DateTime<Utc>>,
    pub last_contact: Option<NaiveDate>,
    pub since: Option<NaiveDate>,
    pub notes: &'a str,
    pub source: &'a str,
}

/// Adds relationships the caller knows to be new, for a bulk load that has set the pair
/// index aside ([`super::network::set_indexes_aside`]): the caller keeps the pairs apart
/// itself, and rebuilding the index re-checks them. One statement, prepared once for the
/// whole load, and one timestamp for every row it adds.
pub struct NewRows<'t> {
    insert: rusqlite::Statement<'t>,
    now: String,
}

impl<'t> NewRows<'t> {
    pub fn prepare(tx: &'t Transaction<'_>) -> Result<Self> {
        Ok(Self { insert: tx.prepare(insert_sql!())?, now: rows::now_text() })
    }

    pub fn add(&mut self, row: &NewRow<'_>) -> Result<()> {
        let (a, b) = ordered(row.a, row.b);
        self.insert.execute(params![
            row.id.0,
            a.0,
            b.0,
            row.kind.as_str(),
            row.strength.get(),
            row.verified_at.map(rows::timestamp_text),
            row.last_contact.map(rows::date_text),
            row.since.map(rows::date_text),
            row.notes,
            row.source,
            self.now,
            // A bulk load (the relationships CSV) shares its ties with the team, as `add` does by default.
            crate::model::Visibility::default().as_str()
        ])?;
        Ok(())
    }
}

fn insert(tx: &Transaction<'_>, input: &RelationshipInput, sql: &str) -> Result<Option<RelationshipId>> {
    let (a, b) = ordered(input.a, input.b);
    let id = RelationshipId::new();
    let added = tx.prepare_cached(sql)?.execute(params![
        id.0,
        a.0,
        b.0,
        input.kind.as_str(),
        input.strength.get(),
        input.verified_at.map(rows::timestamp_text),
        input.last_contact.map(rows::date_text),
        input.since.map(rows::date_text),
        input.notes,
        input.source,
        rows::now_text(),
        input.visibility.as_str()
    ])?;
    Ok((added == 1).then_some(id))
}
