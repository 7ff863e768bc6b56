//! People: contacts, including the reps themselves.
//!
//! Reads take a `&Connection` (a `&Transaction` works too); writes take the
//! `&Transaction` of [`Store::write`](super::Store::write), so several of them
//! compose into one all-or-nothing change.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use uuid::Uuid;

use super::{now, organisations, Page};
use crate::error::{Error, Result};
use crate::model::text::strip_controls;
use crate::model::{name_key, Person, PersonId};

/// A new person.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonInput {
    /// Use this id instead of a fresh one (imports that carry ids).
    pub id: Option<PersonId>,
    pub full_name: String,
    pub title: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub linkedin_url: Option<String>,
    pub tags: Vec<String>,
    pub notes: String,
    pub source: String,
    /// Current employer, by name: created if no organisation has that normalised name.
    pub organisation: Option<String>,
}

impl PersonInput {
    pub fn named(full_name: impl Into<String>) -> Self {
        Self { full_name: full_name.into(), ..Self::default() }
    }
}

/// A change to a person: `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonPatch {
    pub full_name: Option<String>,
    pub title: Option<String>,
    /// Replaces the whole list.
    pub emails: Option<Vec<String>>,
    /// Replaces the whole list.
    pub phones: Option<Vec<String>>,
    /// `Some(None)` clears it.
    pub linkedin_url: Option<Option<String>>,
    /// Replaces the whole list.
    pub tags: Option<Vec<String>>,
    pub notes: Option<String>,
    pub source: Option<String>,
}

impl PersonPatch {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

const COLUMNS: &str = "id, full_name, title, linkedin_url, notes, source, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: PersonId(row.get(0)?),
        full_name: row.get(1)?,
        title: row.get(2)?,
        emails: Vec::new(),
        phones: Vec::new(),
        linkedin_url: row.get(3)?,
        tags: Vec::new(),
        notes: row.get(4)?,
        source: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
    })
}

/// Reads the list-valued fields of a person.
fn fill(conn: &Connection, p: &mut Person) -> Result<()> {
    let id = p.id.0;
    let mut st =
        conn.prepare_cached("SELECT email FROM person_emails WHERE person_id = ?1 ORDER BY position")?;
    p.emails = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut st =
        conn.prepare_cached("SELECT phone FROM person_phones WHERE person_id = ?1 ORDER BY position")?;
    p.phones = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut st = conn.prepare_cached(
        "SELECT t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id
         WHERE pt.person_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    p.tags = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(())
}

fn collect_people(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Person>> {
    let mut st = conn.prepare_cached(sql)?;
    let mut people = st.query_map(params, from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for p in &mut people {
        fill(conn, p)?;
    }
    Ok(people)
}

// ---------------------------------------------------------------- normalising input

/// One line of text as stored: no control characters, no terminal escapes
/// ([`strip_controls`]); whoever typed or imported it, a name never drives a terminal.
fn line(text: &str) -> String {
    strip_controls(text, false).0
}

/// Notes as stored: line breaks and tabs kept, other control characters removed.
fn notes(text: &str) -> String {
    strip_controls(text, true).0
}

fn clean_name(name: &str) -> Result<String> {
    let name = line(name);
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::invalid("name", "a person needs a name"));
    }
    Ok(name)
}

/// Trimmed, lower-cased, deduplicated emails; each must look like an address.
pub fn clean_emails(emails: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for e in emails {
        let e = line(e).trim().to_lowercase();
        if e.is_empty() {
            continue;
        }
        let valid = e.split_once('@').is_some_and(|(user, host)| !user.is_empty() && !host.is_empty())
            && !e.contains(char::is_whitespace);
        if !valid {
            return Err(Error::invalid("email", format!("{e:?} is not an email address")));
        }
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

fn clean_list(items: &[String], case_insensitive: bool) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in items {
        let item = line(item);
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let key = if case_insensitive { item.to_lowercase() } else { item.to_string() };
        if seen.insert(key) {
            out.push(item.to_string());
        }
    }
    out
}

/// The stored form of a LinkedIn (or other profile) URL: `https://`, no `www.` doubt,
/// lower case, no query or trailing slash, so the same profile always compares equal.
pub fn canonical_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let lower = url.to_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest).trim_end_matches('/');
    if rest.starts_with("linkedin.com") {
        Some(format!("https://www.{rest}"))
    } else {
        Some(format!("https://{rest}"))
    }
}

// ---------------------------------------------------------------- writes

fn write_emails(tx: &Transaction<'_>, id: PersonId, emails: &[String]) -> Result<()> {
    tx.prepare_cached("DELETE FROM person_emails WHERE person_id = ?1")?.execute([id.0])?;
    let mut st =
        tx.prepare_cached("INSERT INTO person_emails (person_id, email, position) VALUES (?1, ?2, ?3)")?;
    for (i, e) in emails.iter().enumerate() {
        st.execute(params![id.0, e, i as i64])?;
    }
    Ok(())
}

fn write_phones(tx: &Transaction<'_>, id: PersonId, phones: &[String]) -> Result<()> {
    tx.prepare_cached("DELETE FROM person_phones WHERE person_id = ?1")?.execute([id.0])?;
    let mut st =
        tx.prepare_cached("INSERT INTO person_phones (person_id, phone, position) VALUES (?1, ?2, ?3)")?;
    for (i, p) in phones.iter().enumerate() {
        st.execute(params![id.0, p, i as i64])?;
    }
    Ok(())
}

fn write_tags(tx: &Transaction<'_>, id: PersonId, tags: &[String]) -> Result<()> {
    tx.prepare_cached("DELETE FROM person_tags WHERE person_id = ?1")?.execute([id.0])?;
    let mut new_tag =
        tx.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?;
    let mut link = tx.prepare_cached(
        "INSERT OR IGNORE INTO person_tags (person_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2",
    )?;
    for t in tags {
        new_tag.execute([t])?;
        link.execute(params![id.0, t])?;
    }
    Ok(())
}

/// Adds a person (and, with `organisation`, a current employment there).
pub fn add(tx: &Transaction<'_>, input: &PersonInput) -> Result<Person> {
    let full_name = clean_name(&input.full_name)?;
    let emails = clean_emails(&input.emails)?;
    let phones = clean_list(&input.phones, false);
    let tags = clean_list(&input.tags, true);
    let linkedin_url = input.linkedin_url.as_deref().and_then(canonical_url);
    let id = input.id.unwrap_or_default();
    if exists(tx, id)? {
        return Err(Error::Conflict(format!("a person with id {id} already exists")));
    }
    let at = now();
    tx.prepare_cached(
        "INSERT INTO people (id, full_name, name_key, title, linkedin_url, notes, source, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        id.0,
        full_name,
        name_key(&full_name),
        line(&input.title).trim(),
        linkedin_url,
        notes(&input.notes),
        input.source,
        at
    ])?;
    write_emails(tx, id, &emails)?;
    write_phones(tx, id, &phones)?;
    write_tags(tx, id, &tags)?;
    if let Some(org) = input.organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        let org = organisations::find_or_add(tx, org)?;
        organisations::add_employment(
            tx,
            &organisations::EmploymentInput {
                person_id: id,
                organisation_id: org.id,
                title: input.title.trim().to_string(),
                start: None,
                end: None,
                current: true,
            },
        )?;
    }
    get(tx, id)
}

/// Changes the fields set in `patch`; bumps `updated_at` when anything changes.
pub fn edit(tx: &Transaction<'_>, id: PersonId, patch: &PersonPatch) -> Result<Person> {
    let before = get(tx, id)?;
    let mut after = before.clone();
    if let Some(n) = &patch.full_name {
        after.full_name = clean_name(n)?;
    }
    if let Some(t) = &patch.title {
        after.title = line(t).trim().to_string();
    }
    if let Some(e) = &patch.emails {
        after.emails = clean_emails(e)?;
    }
    if let Some(p) = &patch.phones {
        after.phones = clean_list(p, false);
    }
    if let Some(u) = &patch.linkedin_url {
        after.linkedin_url = u.as_deref().and_then(canonical_url);
    }
    if let Some(t) = &patch.tags {
        after.tags = clean_list(t, true);
        after.tags.sort_by_key(|t| t.to_lowercase());
    }
    if let Some(n) = &patch.notes {
        after.notes = notes(n);
    }
    if let Some(s) = &patch.source {
        after.source = s.clone();
    }
    if after == before {
        return Ok(before);
    }
    tx.prepare_cached(
        "UPDATE people SET full_name = ?2, name_key = ?3, title = ?4, linkedin_url = ?5, notes = ?6,
         source = ?7, updated_at = ?8 WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        after.full_name,
        name_key(&after.full_name),
        after.title,
        after.linkedin_url,
        after.notes,
        after.source,
        now()
    ])?;
    if after.emails != before.emails {
        write_emails(tx, id, &after.emails)?;
    }
    if after.phones != before.phones {
        write_phones(tx, id, &after.phones)?;
    }
    if after.tags != before.tags {
        write_tags(tx, id, &after.tags)?;
    }
    get(tx, id)
}

/// Removes a person with their relationships, touches and employments.
/// Refuses when the person is a rep: deactivate the rep instead.
pub fn remove(tx: &Transaction<'_>, id: PersonId) -> Result<Person> {
    let person = get(tx, id)?;
    let is_rep: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM reps WHERE person_id = ?1)")?
        .query_row([id.0], |r| r.get(0))?;
    if is_rep {
        return Err(Error::Conflict(format!(
            "{} is a rep and cannot be removed; deactivate the rep instead with `intrograph rep deactivate`",
            person.full_name
        )));
    }
    tx.prepare_cached("DELETE FROM people WHERE id = ?1")?.execute([id.0])?;
    Ok(person)
}

// ---------------------------------------------------------------- reads

pub fn exists(conn: &Connection, id: PersonId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1)")?
        .query_row([id.0], |r| r.get(0))?)
}

/// The person with this id.
pub fn get(conn: &Connection, id: PersonId) -> Result<Person> {
    let mut p = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM people WHERE id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("person", id.to_string()))?;
    fill(conn, &mut p)?;
    Ok(p)
}

/// The full name of the person with this id (one indexed look-up, where [`get`] also
/// reads emails, phones and tags).
pub fn name(conn: &Connection, id: PersonId) -> Result<String> {
    conn.prepare_cached("SELECT full_name FROM people WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("person", id.to_string()))
}

/// People sorted by name, one page at a time.
pub fn list(conn: &Connection, page: Page) -> Result<Vec<Person>> {
    collect_people(
        conn,
        &format!("SELECT {COLUMNS} FROM people ORDER BY name_key, id LIMIT ?1 OFFSET ?2"),
        params![page.sql_limit(), page.sql_offset()],
    )
}

pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM people")?.query_row([], |r| r.get::<_, i64>(0))? as u64)
}

/// Rebuilds the name-search index from the people table (after a restore, which
/// writes rows with the index's triggers off), in key order, which the index takes
/// fastest.
pub fn rebuild_search_index(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO people_search (people_search) VALUES ('delete-all');
         INSERT INTO people_search (rowid, doc)
             SELECT search_rowid, doc FROM people_search_doc ORDER BY search_rowid;",
    )?;
    Ok(())
}

/// Runs `load`, a bulk load of people inside `tx`. Into an empty people table (a
/// workspace's first import), the name-search index's triggers are set aside while it
/// runs and the index is built once at the end, in key order ([`rebuild_search_index`]):
/// kept by its triggers, the index wrote each added person's document in a statement
/// transaction of its own, which FTS5 flushes to disk as a segment of one document and
/// then merges, most of a large import's time. Otherwise `load` runs with the triggers.
/// A failed load leaves the triggers to the transaction's rollback.
pub fn load_in_bulk<T>(tx: &Transaction<'_>, load: impl FnOnce() -> Result<T>) -> Result<T> {
    if tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM people)")?.query_row([], |r| r.get::<_, bool>(0))? {
        return load();
    }
    let triggers =
        super::set_schema_aside(tx, "type = 'trigger' AND name LIKE 'people\\_search\\_%' ESCAPE '\\'")?;
    let loaded = load()?;
    rebuild_search_index(tx)?;
    super::restore_schema(tx, triggers)?;
    Ok(loaded)
}

/// People whose name, an email, or a current or past organisation contains `text`
/// (case-insensitive), sorted by name.
///
/// For one- and two-letter text, a page that fills among the [`SEARCH_WINDOW`] people first
/// in name order is the answer (such text matches most people early). Otherwise the
/// trigram index `people_search` gives the candidates: people whose text holds every
/// trigram of `text`, or, for text shorter than a trigram, a trigram beginning with
/// it (migration 0005 makes every occurrence begin one; the index's vocabulary lists
/// those trigrams). The index keys each person by a code of the first six characters
/// of their name (migration 0007), so it lists the candidates in name order, bucket
/// by bucket (a bucket: the people whose names share a code). The search checks them
/// with the exact rule in that order until it has the page's last match, then orders
/// that match's bucket by walking the names from the bucket's lowest possible one.
/// Its work grows with the page and that bucket, not with the number of candidates.
pub fn search(conn: &Connection, text: &str, page: Page) -> Result<Vec<Person>> {
    super::rows::in_snapshot(conn, |conn| search_in(conn, text, page))
}

fn search_in(conn: &Connection, text: &str, page: Page) -> Result<Vec<Person>> {
    let key = name_key(text);
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return list(conn, page);
    }
    if key.is_empty() {
        // Text with no letters or digits (`@`, `.`): every name holds the empty key.
        return collect_people(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM people p WHERE {RULE} ORDER BY p.name_key, p.id LIMIT ?3 OFFSET ?4"
            ),
            params![key, lower, page.sql_limit(), page.sql_offset()],
        );
    }
    if page.limit == 0 {
        return Ok(Vec::new());
    }
    if key.chars().nth(2).is_none() && page.offset.saturating_add(page.limit) <= SEARCH_WINDOW {
        let found = collect_people(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM (SELECT * FROM people ORDER BY name_key, id LIMIT ?5) p WHERE {RULE}
                 ORDER BY p.name_key, p.id LIMIT ?3 OFFSET ?4"
            ),
            params![key, lower, page.sql_limit(), page.sql_offset(), SEARCH_WINDOW as i64],
        )?;
        // The first matches in name order all lie in the window when the page fills
        // there, or when the window holds everyone.
        if found.len() as u64 == page.limit || count(conn)? <= SEARCH_WINDOW {
            return Ok(found);
        }
    }
    let Some(fts) = candidates(conn, &key, &lower)? else { return Ok(Vec::new()) };
    let wanted = page.offset.saturating_add(page.limit);

    // Matches in key order until `wanted` of them: all of them lie in buckets up to
    // the one holding the last.
    let mut verify = conn.prepare_cached(&format!("SELECT 1 FROM people p WHERE p.rowid = ?3 AND {RULE}"))?;
    let mut in_order =
        conn.prepare_cached("SELECT rowid FROM people_search WHERE people_search MATCH ?1 ORDER BY rowid")?;
    let mut chosen: Vec<i64> = Vec::new();
    let (mut last_code, mut in_last) = (-1i64, 0usize);
    let mut rows = in_order.query([&fts])?;
    while let Some(row) = rows.next()? {
        let search_rowid: i64 = row.get(0)?;
        let (code, person) = (search_rowid >> SEARCH_CODE_SHIFT, search_rowid & SEARCH_PERSON_MASK);
        if !verify.exists(params![key, lower, person])? {
            continue;
        }
        if code != last_code {
            (last_code, in_last) = (code, 0);
        }
        in_last += 1;
        chosen.push(person);
        if chosen.len() as u64 >= wanted {
            break;
        }
    }
    drop(rows);
    if chosen.len() as u64 >= wanted {
        // The last bucket may hold more matches, earlier in name order than the ones
        // met so far: take its first ones in name order, walking the names from the
        // bucket's lowest possible one.
        chosen.truncate(chosen.len() - in_last);
        let mut members = conn.prepare_cached(
            "SELECT rowid FROM people_search WHERE people_search MATCH ?1 AND rowid >= ?2 AND rowid < ?3",
        )?;
        let bucket = (last_code << SEARCH_CODE_SHIFT, (last_code + 1) << SEARCH_CODE_SHIFT);
        let in_bucket = members
            .query_map(params![fts, bucket.0, bucket.1], |r| r.get::<_, i64>(0))?
            .map(|r| r.map(|search_rowid| search_rowid & SEARCH_PERSON_MASK))
            .collect::<rusqlite::Result<HashSet<i64>>>()?;
        let need = (wanted - chosen.len() as u64) as usize;
        let mut names = conn.prepare_cached(
            "SELECT rowid, name_key FROM people INDEXED BY people_name_key WHERE name_key >= ?1 ORDER BY name_key",
        )?;
        let mut rows = names.query([bucket_floor(last_code)])?;
        let mut taken: Vec<(String, i64)> = Vec::new();
        while let Some(row) = rows.next()? {
            let person: i64 = row.get(0)?;
            let name: String = row.get(1)?;
            if taken.len() >= need && taken.last().is_some_and(|t| t.0 != name) {
                // Past the name the page ends on: people of the same name are ordered by id.
                break;
            }
            if in_bucket.contains(&person) && verify.exists(params![key, lower, person])? {
                taken.push((name, person));
            }
        }
        drop(rows);
        let mut sort_key = conn.prepare_cached("SELECT id FROM people WHERE rowid = ?1")?;
        let mut keyed = Vec::with_capacity(taken.len());
        for (name, person) in taken {
            keyed.push((name, sort_key.query_row([person], |r| r.get::<_, Uuid>(0))?, person));
        }
        keyed.sort_unstable();
        chosen.extend(keyed.into_iter().take(need).map(|k| k.2));
    }
    // Every person of the answer is now in `chosen`, with at most the page's offset
    // before it: read them, order them by name and cut the page.
    let mut read =
        conn.prepare_cached(&format!("SELECT {COLUMNS}, name_key FROM people WHERE rowid = ?1"))?;
    let mut people = Vec::with_capacity(chosen.len());
    for person in chosen {
        let (p, name_key) = read.query_row([person], |r| Ok((from_row(r)?, r.get::<_, String>(8)?)))?;
        people.push((name_key, p));
    }
    people.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.0.as_bytes().cmp(b.1.id.0.as_bytes())));
    let mut page_of: Vec<Person> = people
        .into_iter()
        .map(|(_, p)| p)
        .skip(page.offset.min(usize::MAX as u64) as usize)
        .take(page.limit.min(usize::MAX as u64) as usize)
        .collect();
    for p in &mut page_of {
        fill(conn, p)?;
    }
    Ok(page_of)
}

/// The search rule on a person `p`: `?1` is the text's name key, `?2` its lower case.
pub(crate) const RULE: &str = "(instr(p.name_key, ?1) > 0
    OR EXISTS (SELECT 1 FROM person_emails e WHERE e.person_id = p.id AND instr(e.email, ?2) > 0)
    OR EXISTS (SELECT 1 FROM employments em JOIN organisations o ON o.id = em.organisation_id
               WHERE em.person_id = p.id AND instr(o.name_key, ?1) > 0))";

/// How many people, first in name order, a search checks before it turns to the
/// index (see [`search`]).
pub const SEARCH_WINDOW: u64 = 300;

/// A key of the name-search index is `code << SEARCH_CODE_SHIFT | person rowid`
/// (migration 0007).
const SEARCH_CODE_SHIFT: u32 = 33;
pub(crate) const SEARCH_PERSON_MASK: i64 = (1 << SEARCH_CODE_SHIFT) - 1;

/// The name code of migration 0007 for `name_key` (six base-31 digits).
#[cfg(test)]
fn name_code(name_key: &str) -> i64 {
    let mut chars = name_key.chars();
    let mut code = 0i64;
    let mut exact = true;
    for _ in 0..6 {
        let digit = match chars.next().filter(|_| exact) {
            None => 0,
            Some(c) if (c as u32) < 32 => 1,
            Some(' ') => 2,
            Some(c) if (c as u32) < 97 => 3,
            Some(c) if (c as u32) <= 122 => c as i64 - 93,
            Some(_) => 30,
        };
        exact = exact && (digit == 2 || (4..=29).contains(&digit));
        code = code * 31 + digit;
    }
    code
}

/// A name key no greater than any name whose code is `code`: the characters the
/// code spells out exactly, then the lowest character of a digit that stands for many.
fn bucket_floor(code: i64) -> String {
    let mut floor = String::new();
    for i in (0..6).rev() {
        match (code / 31i64.pow(i)) % 31 {
            2 => floor.push(' '),
            d @ 4..=29 => floor.push(char::from(b'a' + (d - 4) as u8)),
            3 => {
                floor.push('!');
                break;
            }
            30 => {
                floor.push('{');
                break;
            }
            _ => break,
        }
    }
    floor
}

/// The full-text query finding every person whose text may contain `key` or `lower`;
/// `None` when it surely finds nobody. Text of three characters or more is the conjunction
/// of its trigrams (the index keeps no positions, so this is a superset of the
/// substring matches); shorter text is any trigram beginning with it. A text holding a
/// NUL character finds nobody (no stored text holds one, and FTS5 would read the query
/// only up to it: "unterminated string").
pub(crate) fn candidates(conn: &Connection, key: &str, lower: &str) -> Result<Option<String>> {
    if key.contains('\0') || lower.contains('\0') {
        return Ok(None);
    }
    let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let mut starting = conn.prepare_cached(
        "SELECT term FROM people_search_terms WHERE term >= ?1 AND term < ?1 || char(1114111)",
    )?;
    let texts: &[&str] = if key == lower { &[key] } else { &[key, lower] };
    let mut parts = Vec::new();
    for text in texts.iter().filter(|t| !t.is_empty()) {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() >= 3 {
            let mut grams: Vec<String> = chars.windows(3).map(|w| w.iter().collect()).collect();
            grams.sort();
            grams.dedup();
            parts.push(format!("({})", grams.iter().map(|g| quote(g)).collect::<Vec<_>>().join(" AND ")));
        } else {
            let rows = starting.query_map([text], |r| r.get::<_, String>(0))?;
            let terms: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
            if !terms.is_empty() {
                parts.push(format!("({})", terms.iter().map(|t| quote(t)).collect::<Vec<_>>().join(" OR ")));
            }
        }
    }
    Ok((!parts.is_empty()).then(|| parts.join(" OR ")))
}

/// The person holding this email, if any (emails are compared lower-cased).
pub fn find_by_email(conn: &Connection, email: &str) -> Result<Option<PersonId>> {
    Ok(conn
        .prepare_cached("SELECT person_id FROM person_emails WHERE email = ?1 LIMIT 1")?
        .query_row([email.trim().to_lowercase()], |r| r.get(0).map(PersonId))
        .optional()?)
}

/// Every person holding this email (compared lower-cased), in id order: an import that
/// finds two refuses to guess between them.
pub fn find_all_by_email(conn: &Connection, email: &str) -> Result<Vec<PersonId>> {
    let mut st = conn
        .prepare_cached("SELECT DISTINCT person_id FROM person_emails WHERE email = ?1 ORDER BY person_id")?;
    let ids = st.query_map([email.trim().to_lowercase()], |r| r.get(0).map(PersonId))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Every person holding this phone number (compared as written, trimmed), in id order.
pub fn find_all_by_phone(conn: &Connection, phone: &str) -> Result<Vec<PersonId>> {
    let mut st = conn
        .prepare_cached("SELECT DISTINCT person_id FROM person_phones WHERE phone = ?1 ORDER BY person_id")?;
    let ids = st.query_map([phone.trim()], |r| r.get(0).map(PersonId))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Every person with this profile URL (compared in canonical form), in id order.
pub fn find_all_by_linkedin(conn: &Connection, url: &str) -> Result<Vec<PersonId>> {
    let Some(url) = canonical_url(url) else { return Ok(Vec::new()) };
    let mut st = conn.prepare_cached("SELECT id FROM people WHERE linkedin_url = ?1 ORDER BY id")?;
    let ids = st.query_map([url], |r| r.get(0).map(PersonId))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The person with this profile URL, if any (compared in canonical form).
pub fn find_by_linkedin(conn: &Connection, url: &str) -> Result<Option<PersonId>> {
    let Some(url) = canonical_url(url) else { return Ok(None) };
    Ok(conn
        .prepare_cached("SELECT id FROM people WHERE linkedin_url = ?1 ORDER BY id LIMIT 1")?
        .query_row([url], |r| r.get(0).map(PersonId))
        .optional()?)
}

/// Ids of people whose normalised name is exactly `name_key(name)`.
pub fn find_by_name(conn: &Connection, name: &str) -> Result<Vec<PersonId>> {
    let mut st = conn.prepare_cached("SELECT id FROM people WHERE name_key = ?1 ORDER BY id")?;
    let ids = st.query_map([name_key(name)], |r| r.get(0).map(PersonId))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// One line describing a person for pick lists and ambiguity messages:
/// `Ann Lee (VP Sales at Acme; ann@acme.com; id 0190…)`.
pub fn describe(conn: &Connection, id: PersonId) -> Result<String> {
    let (name, title, org, email): (String, String, Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT p.full_name, p.title,
                (SELECT o.name FROM employments em JOIN organisations o ON o.id = em.organisation_id
                 WHERE em.person_id = p.id AND em.current = 1 ORDER BY em.start_date DESC LIMIT 1),
                (SELECT email FROM person_emails WHERE person_id = p.id ORDER BY position LIMIT 1)
             FROM people p WHERE p.id = ?1",
        )?
        .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("person", id.to_string()))?;
    let mut parts = Vec::new();
    match (title.is_empty(), org) {
        (false, Some(o)) => parts.push(format!("{title} at {o}")),
        (true, Some(o)) => parts.push(o),
        (false, None) => parts.push(title),
        (true, None) => {}
    }
    if let Some(e) = email {
        parts.push(e);
    }
    parts.push(format!("id {id}"));
    Ok(format!("{name} ({})", parts.join("; ")))
}

// ---------------------------------------------------------------- resolution

/// How many candidates an ambiguity message lists at most.
const MAX_CANDIDATES: usize = 10;

pub use crate::model::MatchQuality;

/// Finds the one person a user means: an id, an exact email, an exact name (ignoring
/// case, spacing and punctuation), else a unique name prefix, else a unique substring.
/// Several matches give [`Error::Ambiguous`] listing each candidate; none, [`Error::NotFound`].
pub fn resolve_person(conn: &Connection, query: &str) -> Result<Person> {
    resolve_ranked(conn, query).map(|(p, _)| p)
}

/// [`resolve_person`] for a change that cannot be taken back by retyping (removing,
/// merging): only an id, an email or a whole name is accepted, never part of a name
/// (`tfiel` once removed Dana Whitfield).
pub fn resolve_exactly(conn: &Connection, query: &str) -> Result<Person> {
    match resolve_ranked(conn, query)? {
        (p, MatchQuality::Exact) => Ok(p),
        (p, _) => Err(Error::invalid(
            "person",
            format!(
                "{:?} matches {} only by part of the name; give the whole name, an email or the id",
                query.trim(),
                p.full_name
            ),
        )),
    }
}

/// [`resolve_person`], also saying how good the match was.
pub fn resolve_ranked(conn: &Connection, query: &str) -> Result<(Person, MatchQuality)> {
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::invalid("person", "empty name; give a name, an email or an id"));
    }
    if let Ok(uuid) = Uuid::parse_str(q) {
        return get(conn, PersonId(uuid)).map(|p| (p, MatchQuality::Exact));
    }
    if q.contains('@') {
        match find_all_by_email(conn, q)?.as_slice() {
            [] => {}
            [id] => return get(conn, *id).map(|p| (p, MatchQuality::Exact)),
            many => return Err(ambiguous(conn, q, many)?),
        }
    }
    let key = name_key(q);
    let exact = find_by_name(conn, q)?;
    let (ids, quality) = if !exact.is_empty() {
        (exact, MatchQuality::Exact)
    } else {
        let limit = (MAX_CANDIDATES + 1) as i64;
        let mut st = conn.prepare_cached(
            "SELECT id FROM people WHERE substr(name_key, 1, length(?1)) = ?1 ORDER BY name_key, id LIMIT ?2",
        )?;
        let prefix: Vec<PersonId> = st
            .query_map(params![key, limit], |r| r.get(0).map(PersonId))?
            .collect::<rusqlite::Result<_>>()?;
        if !prefix.is_empty() {
            (prefix, MatchQuality::Partial)
        } else {
            let mut st = conn.prepare_cached(
                "SELECT id FROM people WHERE instr(name_key, ?1) > 0 ORDER BY name_key, id LIMIT ?2",
            )?;
            let ids = st
                .query_map(params![key, limit], |r| r.get(0).map(PersonId))?
                .collect::<rusqlite::Result<_>>()?;
            (ids, MatchQuality::Partial)
        }
    };
    match ids.as_slice() {
        [] => Err(Error::not_found(
            "person",
            format!("{q:?}; no id, email or name matches (list people with `intrograph person search`)"),
        )),
        [one] => get(conn, *one).map(|p| (p, quality)),
        many => Err(ambiguous(conn, q, many)?),
    }
}

fn ambiguous(conn: &Connection, query: &str, ids: &[PersonId]) -> Result<Error> {
    let mut candidates =
        ids.iter().take(MAX_CANDIDATES).map(|id| describe(conn, *id)).collect::<Result<Vec<_>>>()?;
    if ids.len() > MAX_CANDIDATES {
        candidates.push("and more".to_string());
    }
    Ok(Error::Ambiguous { what: "person", query: query.to_string(), candidates })
}

/// Finds a person for an import row: an id, an exact email or an exact normalised name
/// (never a prefix). `Ok(None)` when nothing matches; several people of that name are ambiguous.
pub fn find_exact(conn: &Connection, query: &str) -> Result<Option<PersonId>> {
    let q = query.trim();
    if let Ok(uuid) = Uuid::parse_str(q) {
        let id = PersonId(uuid);
        return Ok(exists(conn, id)?.then_some(id));
    }
    if q.contains('@') {
        match find_all_by_email(conn, q)?.as_slice() {
            [] => {}
            [one] => return Ok(Some(*one)),
            many => return Err(ambiguous(conn, q, many)?),
        }
    }
    match find_by_name(conn, q)?.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(ambiguous(conn, q, many)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_canonical() {
        for u in [
            "https://www.linkedin.com/in/ann-lee/",
            "http://linkedin.com/in/Ann-Lee",
            "www.linkedin.com/in/ann-lee?trk=x",
            " https://www.LinkedIn.com/in/ann-lee ",
        ] {
            assert_eq!(canonical_url(u).as_deref(), Some("https://www.linkedin.com/in/ann-lee"), "{u}");
        }
        assert_eq!(canonical_url("  "), None);
    }

    #[test]
    fn emails_are_cleaned_and_checked() {
        let e = clean_emails(&[" Ann@Acme.COM ".into(), "ann@acme.com".into(), "".into()]).unwrap();
        assert_eq!(e, vec!["ann@acme.com"]);
        assert!(clean_emails(&["not-an-email".into()]).unwrap_err().to_string().contains("not-an-email"));
    }

    #[test]
    fn index_keys_follow_name_order() {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        let names = [
            "Ann",
            "Ann Lee",
            "Anna",
            "Annabel Zed",
            "Anne-Marie",
            "Yuki Lee",
            "Yusuf",
            "Zoë",
            "Zoe",
            "Élodie",
            "Ömer",
            "42 Ltd",
            "R2",
            "Bo",
            "B",
            "A!b",
            "A{b",
            "ab\u{7f}c",
            "Ünal",
            "Mia Ng",
            "Mia Ngata",
        ];
        store
            .write(|tx| {
                for n in names {
                    add(tx, &PersonInput::named(n))?;
                }
                Ok(())
            })
            .unwrap();
        let conn = store.conn();
        let mut st = conn
            .prepare("SELECT p.name_key, d.search_rowid FROM people p JOIN people_search_doc d ON d.person_rowid = p.rowid ORDER BY p.name_key")
            .unwrap();
        let keyed: Vec<(String, i64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(keyed.len(), names.len());
        let mut indexed: Vec<i64> = conn
            .prepare("SELECT rowid FROM people_search")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        indexed.sort();
        let mut expected: Vec<i64> = keyed.iter().map(|k| k.1).collect();
        expected.sort();
        assert_eq!(indexed, expected, "the index holds one document per person, under its key");
        for (i, (key, search_rowid)) in keyed.iter().enumerate() {
            let code = search_rowid >> SEARCH_CODE_SHIFT;
            assert_eq!(code, name_code(key), "{key:?}");
            assert!(bucket_floor(code).as_str() <= key.as_str(), "{key:?} below its bucket's floor");
            if i > 0 {
                assert!(keyed[i - 1].1 >> SEARCH_CODE_SHIFT <= code, "{:?} after {key:?}", keyed[i - 1].0);
            }
        }
    }
}
