//! Giving a rep (and their person) another id, with every row that names them following.
//!
//! A rep who used IntroGraph alone on a second desktop has a rep and a person of their own
//! there, with ids the team does not know: the team knows the ids their first desktop
//! claimed. Before such a workspace joins, [`rekey_rep`] moves it onto the team's ids, in
//! the caller's one transaction, so that nothing the rep recorded is lost and nothing is
//! sent to the team as a second copy of the rep.
//!
//! What follows the rep id: every column with a foreign key to `reps`, every other column
//! named `rep_id` or `*_rep_id` (a tie's `owner_rep_id`, the metrics summaries, which their
//! triggers already moved with the requests) and the current rep setting. What follows the
//! person id: every column with a foreign key to `people` (a relationship and a dismissed
//! duplicate pair stay stored with their smaller id first), and the people ids in a
//! request's chosen path. The saved graph hears of it through its change list (the
//! triggers on people and relationships).

use rusqlite::{params, Transaction};

use super::settings;
use crate::error::{Error, Result};
use crate::model::{PersonId, RepId};

/// Tables stored with `person_a < person_b`.
const ORDERED_PAIRS: &[&str] = &["relationships", "duplicate_dismissals"];

/// Columns that point at `target` through a foreign key: (table, column).
fn references(tx: &Transaction<'_>, target: &str) -> Result<Vec<(String, String)>> {
    let mut st = tx.prepare(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = ?1 ORDER BY m.name, f.\"from\"",
    )?;
    let rows = st.query_map([target], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every ordinary table's columns named `rep_id` or ending in `_rep_id`.
fn rep_named_columns(tx: &Transaction<'_>) -> Result<Vec<(String, String)>> {
    let mut st = tx.prepare(
        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
           AND (c.name = 'rep_id' OR c.name LIKE '%\\_rep\\_id' ESCAPE '\\')
         ORDER BY m.name, c.name",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn exists(tx: &Transaction<'_>, table: &str, id: &uuid::Uuid) -> Result<bool> {
    Ok(tx
        .query_row(&format!("SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE id = ?1)"), [id], |r| r.get(0))?)
}

/// Gives the rep `old` the id `new`, and (if `new_person` is given and differs) the rep's
/// person the id `new_person`; every row naming either follows. Run inside
/// [`Store::write`](super::Store::write): a refusal or failure changes nothing. When this
/// workspace already holds a person with the id `new_person` (the team's record of the rep,
/// brought by a bundle), the rep's own person is merged into it
/// ([`merge_people`](super::merge::merge_people): nothing either had is lost).
pub fn rekey_rep(tx: &Transaction<'_>, old: RepId, new: RepId, new_person: Option<PersonId>) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let old_person: PersonId = super::reps::get(tx, old)?.person_id;
    if exists(tx, "reps", &new.0)? {
        return Err(Error::Conflict(format!(
            "this workspace already has a rep with the id {new}; the rep {old} cannot take it"
        )));
    }
    let new_person = new_person.filter(|p| *p != old_person);
    // The team's record of the rep may already be here as a contact (from a colleague's
    // bundle): the rep's own record then merges into it, once the rep has its new id.
    let (new_person, merge_into) = match new_person {
        Some(p) if exists(tx, "people", &p.0)? => (None, Some(p)),
        other => (other, None),
    };
    // Parents and children change one after the other: checked at the commit.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;

    tx.execute("UPDATE reps SET id = ?1 WHERE id = ?2", params![new.0, old.0])?;
    let mut columns = references(tx, "reps")?;
    for c in rep_named_columns(tx)? {
        if c.0 != "reps" && !columns.contains(&c) {
            columns.push(c);
        }
    }
    for (table, column) in &columns {
        // Names come from the schema itself, never from input.
        tx.execute(
            &format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2"),
            params![new.0, old.0],
        )?;
    }
    if settings::get::<RepId>(tx, settings::CURRENT_REP)? == Some(old) {
        settings::set(tx, settings::CURRENT_REP, &new)?;
    }

    if let Some(p) = merge_into {
        super::merge::merge_people(tx, p, old_person)?;
    }
    if let Some(p) = new_person {
        let (o, n) = (old_person.0, p.0);
        tx.execute("UPDATE people SET id = ?1 WHERE id = ?2", params![n, o])?;
        for (table, column) in references(tx, "people")? {
            if ORDERED_PAIRS.contains(&table.as_str()) {
                continue;
            }
            tx.execute(
                &format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2"),
                params![n, o],
            )?;
        }
        for table in ORDERED_PAIRS {
            // The pair stays stored smaller id first (min and max compare blobs bytewise).
            tx.execute(
                &format!(
                    "UPDATE \"{table}\" SET person_a = min(?1, person_b), person_b = max(?1, person_b) WHERE person_a = ?2"
                ),
                params![n, o],
            )?;
            tx.execute(
                &format!(
                    "UPDATE \"{table}\" SET person_a = min(person_a, ?1), person_b = max(person_a, ?1) WHERE person_b = ?2"
                ),
                params![n, o],
            )?;
        }
        tx.execute(
            "UPDATE intro_requests SET path = replace(path, ?2, ?1) WHERE instr(path, ?2) > 0",
            params![n.to_string(), o.to_string()],
        )?;
    }

    let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if broken > 0 {
        return Err(Error::Internal(format!(
            "giving rep {old} the id {new} left {broken} rows referring to a missing row"
        )));
    }
    Ok(())
}
