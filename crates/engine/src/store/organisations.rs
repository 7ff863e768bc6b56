//! Organisations and employment (a person at an organisation, now or before).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;
use uuid::Uuid;

use super::{now, Page};
use crate::error::{Error, Result};
use crate::model::{name_key, Employment, EmploymentId, Organisation, OrganisationId, PersonId};

/// A new organisation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrganisationInput {
    pub name: String,
    pub domain: Option<String>,
    pub notes: String,
}

impl OrganisationInput {
    pub fn named(name: impl Into<String>) -> Self {
        Self { name: name.into(), ..Self::default() }
    }
}

/// A change to an organisation: `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrganisationPatch {
    pub name: Option<String>,
    /// `Some(None)` clears it.
    pub domain: Option<Option<String>>,
    pub notes: Option<String>,
}

/// A new employment.
#[derive(Clone, Debug, PartialEq)]
pub struct EmploymentInput {
    pub person_id: PersonId,
    pub organisation_id: OrganisationId,
    pub title: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Works there now (then `end` must be empty).
    pub current: bool,
}

/// An employment with the organisation's name, for display.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Position {
    #[serde(flatten)]
    pub employment: Employment,
    pub organisation_name: String,
}

/// An employment with the person's name, for an organisation's staff list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Employee {
    #[serde(flatten)]
    pub employment: Employment,
    pub full_name: String,
}

const COLUMNS: &str = "id, name, domain, notes, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: OrganisationId(row.get(0)?),
        name: row.get(1)?,
        domain: row.get(2)?,
        notes: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

fn clean_name(name: &str) -> Result<String> {
    let name = crate::model::text::strip_controls(name, false).0;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::invalid("organisation name", "an organisation needs a name"));
    }
    Ok(name)
}

fn clean_domain(domain: Option<&str>) -> Option<String> {
    let d = domain?.trim().to_lowercase();
    let d = d.strip_prefix("https://").or_else(|| d.strip_prefix("http://")).unwrap_or(&d);
    let d = d.strip_prefix("www.").unwrap_or(d).trim_end_matches('/');
    (!d.is_empty()).then(|| d.to_string())
}

// ---------------------------------------------------------------- organisations

/// Adds an organisation. A second organisation with the same normalised name is refused.
pub fn add(tx: &Transaction<'_>, input: &OrganisationInput) -> Result<Organisation> {
    let name = clean_name(&input.name)?;
    if let Some(existing) = find_by_name(tx, &name)? {
        let existing = get(tx, existing)?;
        return Err(Error::Conflict(format!(
            "an organisation named {:?} already exists (id {})",
            existing.name, existing.id
        )));
    }
    let id = OrganisationId::new();
    let at = now();
    tx.prepare_cached(
        "INSERT INTO organisations (id, name, name_key, domain, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        id.0,
        name,
        name_key(&name),
        clean_domain(input.domain.as_deref()),
        input.notes,
        at
    ])?;
    get(tx, id)
}

/// The organisation with this normalised name, created if there is none.
pub fn find_or_add(tx: &Transaction<'_>, name: &str) -> Result<Organisation> {
    match find_by_name(tx, name)? {
        Some(id) => get(tx, id),
        None => add(tx, &OrganisationInput::named(name)),
    }
}

pub fn edit(tx: &Transaction<'_>, id: OrganisationId, patch: &OrganisationPatch) -> Result<Organisation> {
    let before = get(tx, id)?;
    let mut after = before.clone();
    if let Some(n) = &patch.name {
        after.name = clean_name(n)?;
        if name_key(&after.name) != name_key(&before.name) {
            if let Some(other) = find_by_name(tx, &after.name)? {
                return Err(Error::Conflict(format!(
                    "an organisation named {:?} already exists (id {other})",
                    after.name
                )));
            }
        }
    }
    if let Some(d) = &patch.domain {
        after.domain = clean_domain(d.as_deref());
    }
    if let Some(n) = &patch.notes {
        after.notes = n.clone();
    }
    if after == before {
        return Ok(before);
    }
    tx.prepare_cached(
        "UPDATE organisations SET name = ?2, name_key = ?3, domain = ?4, notes = ?5, updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![id.0, after.name, name_key(&after.name), after.domain, after.notes, now()])?;
    get(tx, id)
}

/// Removes an organisation and every employment there (the people stay).
pub fn remove(tx: &Transaction<'_>, id: OrganisationId) -> Result<Organisation> {
    let org = get(tx, id)?;
    tx.prepare_cached("DELETE FROM organisations WHERE id = ?1")?.execute([id.0])?;
    Ok(org)
}

pub fn get(conn: &Connection, id: OrganisationId) -> Result<Organisation> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM organisations WHERE id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("organisation", id.to_string()))
}

/// Organisations sorted by name, one page at a time.
pub fn list(conn: &Connection, page: Page) -> Result<Vec<Organisation>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM organisations ORDER BY name_key, id LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = st.query_map(params![page.sql_limit(), page.sql_offset()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Organisations whose name or domain contains `text` (case-insensitive).
pub fn search(conn: &Connection, text: &str, page: Page) -> Result<Vec<Organisation>> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return list(conn, page);
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM organisations
         WHERE instr(name_key, ?1) > 0 OR instr(coalesce(domain, ''), ?2) > 0
         ORDER BY name_key, id LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = st.query_map(params![name_key(text), lower, page.sql_limit(), page.sql_offset()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM organisations")?.query_row([], |r| r.get::<_, i64>(0))?
        as u64)
}

/// The organisation with this normalised name, if any.
pub fn find_by_name(conn: &Connection, name: &str) -> Result<Option<OrganisationId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM organisations WHERE name_key = ?1 ORDER BY id LIMIT 1")?
        .query_row([name_key(name)], |r| r.get(0).map(OrganisationId))
        .optional()?)
}

/// The organisation a (lower-cased) email domain belongs to, for someone met only by
/// address: the one whose domain it is, a subdomain counting (`eu.acme.com` is Acme's
/// `acme.com`, the longest match winning); else the one where most of the people the
/// workspace has with addresses at that domain work now, when one leads alone. `None` when
/// neither tells (two organisations with the domain, a tie between colleagues' employers,
/// nobody at the domain). Free-mail domains are the caller's to leave out.
pub fn for_email_domain(conn: &Connection, domain: &str) -> Result<Option<OrganisationId>> {
    let domain = domain.trim().trim_end_matches('.').to_lowercase();
    if domain.is_empty() || !domain.contains('.') {
        return Ok(None);
    }
    let owners: Vec<(OrganisationId, i64)> = {
        let mut st = conn.prepare_cached(
            "SELECT id, length(domain) FROM organisations
             WHERE domain IS NOT NULL AND (lower(domain) = ?1 OR substr(?1, -length(domain) - 1) = '.' || lower(domain))
             ORDER BY length(domain) DESC, id",
        )?;
        let rows = st.query_map([&domain], |r| Ok((OrganisationId(r.get(0)?), r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if let Some(&(first, len)) = owners.first() {
        let same_length = owners.iter().filter(|(_, l)| *l == len).count();
        return Ok((same_length == 1).then_some(first));
    }
    let employers: Vec<(OrganisationId, i64)> = {
        let mut st = conn.prepare_cached(
            "SELECT e.organisation_id, count(DISTINCT pe.person_id)
             FROM person_emails pe
             JOIN employments e ON e.person_id = pe.person_id AND e.current = 1
             WHERE lower(substr(pe.email, -length(?1) - 1)) = '@' || ?1
             GROUP BY e.organisation_id
             ORDER BY 2 DESC, e.organisation_id
             LIMIT 2",
        )?;
        let rows = st.query_map([&domain], |r| Ok((OrganisationId(r.get(0)?), r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    Ok(match employers.as_slice() {
        [(only, _)] => Some(*only),
        [(first, n), (_, m)] if n > m => Some(*first),
        _ => None,
    })
}

fn describe(o: &Organisation) -> String {
    match &o.domain {
        Some(d) => format!("{} ({d}; id {})", o.name, o.id),
        None => format!("{} (id {})", o.name, o.id),
    }
}

const MAX_CANDIDATES: i64 = 10;

/// Finds the one organisation a user means: an id, an exact name (normalised), a domain,
/// else a unique name prefix, else a unique substring.
pub fn resolve_organisation(conn: &Connection, query: &str) -> Result<Organisation> {
    resolve_ranked(conn, query).map(|(o, _)| o)
}

/// [`resolve_organisation`], also saying how good the match was.
pub fn resolve_ranked(conn: &Connection, query: &str) -> Result<(Organisation, crate::model::MatchQuality)> {
    use crate::model::MatchQuality::{Exact, Partial};
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::invalid("organisation", "empty name; give a name, a domain or an id"));
    }
    if let Ok(uuid) = Uuid::parse_str(q) {
        return get(conn, OrganisationId(uuid)).map(|o| (o, Exact));
    }
    let key = name_key(q);
    let query_orgs = |sql: &str, arg: &str| -> Result<Vec<Organisation>> {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map(params![arg, MAX_CANDIDATES + 1], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let exact = query_orgs(
        &format!("SELECT {COLUMNS} FROM organisations WHERE name_key = ?1 ORDER BY id LIMIT ?2"),
        &key,
    )?;
    let (found, quality) = if !exact.is_empty() {
        (exact, Exact)
    } else {
        let by_domain = match clean_domain(Some(q)) {
            Some(d) => query_orgs(
                &format!("SELECT {COLUMNS} FROM organisations WHERE domain = ?1 ORDER BY id LIMIT ?2"),
                &d,
            )?,
            None => Vec::new(),
        };
        if !by_domain.is_empty() {
            (by_domain, Exact)
        } else {
            let prefix = query_orgs(
                &format!(
                    "SELECT {COLUMNS} FROM organisations WHERE substr(name_key, 1, length(?1)) = ?1
                     ORDER BY name_key, id LIMIT ?2"
                ),
                &key,
            )?;
            if !prefix.is_empty() {
                (prefix, Partial)
            } else {
                let sub = query_orgs(
                    &format!(
                        "SELECT {COLUMNS} FROM organisations WHERE instr(name_key, ?1) > 0
                         ORDER BY name_key, id LIMIT ?2"
                    ),
                    &key,
                )?;
                (sub, Partial)
            }
        }
    };
    let mut found = found;
    match found.len() {
        0 => Err(Error::not_found(
            "organisation",
            format!("{q:?}; no id, name or domain matches (list them with `intrograph org search`)"),
        )),
        1 => Ok((found.remove(0), quality)),
        n => {
            let mut candidates: Vec<String> =
                found.iter().take(MAX_CANDIDATES as usize).map(describe).collect();
            if n > MAX_CANDIDATES as usize {
                candidates.push("and more".to_string());
            }
            Err(Error::Ambiguous { what: "organisation", query: q.to_string(), candidates })
        }
    }
}

// ---------------------------------------------------------------- employment

/// An employment's columns, of `employments em`, in [`employment_from_row`]'s order.
pub(super) const EMPLOYMENT_COLUMNS: &str =
    "em.id, em.person_id, em.organisation_id, em.title, em.start_date, em.end_date, em.current";

pub(super) fn employment_from_row(row: &Row<'_>) -> rusqlite::Result<Employment> {
    Ok(Employment {
        id: EmploymentId(row.get(0)?),
        person_id: PersonId(row.get(1)?),
        organisation_id: OrganisationId(row.get(2)?),
        title: row.get(3)?,
        start: row.get(4)?,
        end: row.get(5)?,
        current: row.get(6)?,
    })
}

fn check_dates(start: Option<NaiveDate>, end: Option<NaiveDate>, current: bool) -> Result<()> {
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return Err(Error::invalid("employment dates", format!("start {s} is after end {e}")));
        }
    }
    if current && end.is_some() {
        return Err(Error::invalid("employment", "a current position has no end date"));
    }
    Ok(())
}

/// A person's record exists: the same answer as reading it (`people::get`), without reading
/// it (nor depending on the module that does).
fn check_person(conn: &Connection, id: PersonId) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM people WHERE id = ?1")?
        .query_row([id.0], |_| Ok(()))
        .optional()?
        .ok_or_else(|| Error::not_found("person", id.to_string()))
}

/// Records that a person works (or worked) at an organisation.
pub fn add_employment(tx: &Transaction<'_>, input: &EmploymentInput) -> Result<Employment> {
    check_dates(input.start, input.end, input.current)?;
    check_person(tx, input.person_id)?;
    get(tx, input.organisation_id)?;
    let id = EmploymentId::new();
    tx.prepare_cached(
        "INSERT INTO employments (id, person_id, organisation_id, title, start_date, end_date, current)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id.0,
        input.person_id.0,
        input.organisation_id.0,
        input.title.trim(),
        input.start,
        input.end,
        input.current
    ])?;
    get_employment(tx, id)
}

/// Marks a position as past, ending on `end` (unknown when `None`).
pub fn end_employment(tx: &Transaction<'_>, id: EmploymentId, end: Option<NaiveDate>) -> Result<Employment> {
    let e = get_employment(tx, id)?;
    check_dates(e.start, end, false)?;
    tx.prepare_cached("UPDATE employments SET current = 0, end_date = ?2 WHERE id = ?1")?
        .execute(params![id.0, end])?;
    get_employment(tx, id)
}

/// Changes the title of a position.
pub fn set_employment_title(tx: &Transaction<'_>, id: EmploymentId, title: &str) -> Result<Employment> {
    tx.prepare_cached("UPDATE employments SET title = ?2 WHERE id = ?1")?
        .execute(params![id.0, title.trim()])?;
    get_employment(tx, id)
}

pub fn remove_employment(tx: &Transaction<'_>, id: EmploymentId) -> Result<Employment> {
    let e = get_employment(tx, id)?;
    tx.prepare_cached("DELETE FROM employments WHERE id = ?1")?.execute([id.0])?;
    Ok(e)
}

pub fn get_employment(conn: &Connection, id: EmploymentId) -> Result<Employment> {
    conn.prepare_cached(&format!("SELECT {EMPLOYMENT_COLUMNS} FROM employments em WHERE em.id = ?1"))?
        .query_row([id.0], employment_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("employment", id.to_string()))
}

/// A person's positions, current first, then most recent.
pub fn positions(conn: &Connection, person: PersonId) -> Result<Vec<Position>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EMPLOYMENT_COLUMNS}, o.name FROM employments em JOIN organisations o ON o.id = em.organisation_id
         WHERE em.person_id = ?1
         ORDER BY em.current DESC, coalesce(em.end_date, em.start_date) DESC, o.name_key"
    ))?;
    let rows = st.query_map([person.0], |r| {
        Ok(Position { employment: employment_from_row(r)?, organisation_name: r.get(7)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The people working at an organisation now (`current = true`) or before (`false`), by name.
pub fn employees(conn: &Connection, org: OrganisationId, current: bool) -> Result<Vec<Employee>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EMPLOYMENT_COLUMNS}, p.full_name FROM employments em JOIN people p ON p.id = em.person_id
         WHERE em.organisation_id = ?1 AND em.current = ?2
         ORDER BY p.name_key, p.id"
    ))?;
    let rows = st.query_map(params![org.0, current], |r| {
        Ok(Employee { employment: employment_from_row(r)?, full_name: r.get(7)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
