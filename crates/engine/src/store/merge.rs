//! Merging two records of the same person by hand: `absorb` folds into `keep` and is
//! removed, and nothing either of them had is lost.
//!
//! - emails, phones and tags: the union, `keep`'s first;
//! - name stays `keep`'s; an empty title, LinkedIn URL or notes of `keep` is filled from
//!   `absorb` (differing notes are joined);
//! - employments move; one at the same organisation with the same current state and a
//!   compatible title is combined with `keep`'s;
//! - relationships move; where both had a relationship with the same person they are
//!   combined (the stronger strength, the more specific kind, verified if either was, the
//!   earliest `since`, the latest `last_contact`, both notes); a relationship between the
//!   two themselves has no meaning once they are one person and is dropped (counted);
//! - touches, opportunities, introduction requests (target, referral source and the path)
//!   and a rep record move; a request from one to the other, or two reps, is refused;
//! - dismissed likely-duplicate pairs of `absorb` move to `keep` (one between the two goes);
//! - any other table that refers to people (added by later migrations) is re-pointed.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::people::{self, PersonPatch};
use super::relationships::{self, RelationshipPatch};
use super::{now, organisations};
use crate::error::{Error, Result};
use crate::model::{PersonId, RelationshipKind, Visibility};

/// What a merge moved and combined.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeReport {
    pub kept: String,
    pub absorbed: String,
    pub emails_added: u64,
    pub phones_added: u64,
    pub tags_added: u64,
    pub employments_moved: u64,
    pub employments_combined: u64,
    pub relationships_moved: u64,
    pub relationships_combined: u64,
    /// The relationship between the two, which a merge cannot keep (0 or 1).
    pub relationships_dropped: u64,
    pub touches_moved: u64,
    pub requests_updated: u64,
    pub opportunities_moved: u64,
    pub rep_moved: bool,
}

/// Folds `absorb` into `keep` (see the module documentation). Run it inside
/// [`Store::write`](super::Store::write): a refusal changes nothing.
pub fn merge_people(tx: &Transaction<'_>, keep: PersonId, absorb: PersonId) -> Result<MergeReport> {
    if keep == absorb {
        return Err(Error::invalid("merge", "a person cannot be merged with themselves"));
    }
    let k = people::get(tx, keep)?;
    let a = people::get(tx, absorb)?;
    let mut report =
        MergeReport { kept: k.full_name.clone(), absorbed: a.full_name.clone(), ..Default::default() };

    // A request between the two cannot survive: its referral source would be its target.
    let between: Option<Vec<u8>> = tx
        .prepare_cached(
            "SELECT id FROM intro_requests WHERE (source_id = ?1 AND target_id = ?2) OR (source_id = ?2 AND target_id = ?1) LIMIT 1",
        )?
        .query_row(params![keep.0, absorb.0], |r| r.get(0))
        .optional()?;
    if let Some(id) = between {
        let id = uuid::Uuid::from_slice(&id).map(|u| u.to_string()).unwrap_or_default();
        return Err(Error::Conflict(format!(
            "{} and {} are the referral source and target of introduction request {id}; they cannot be one person",
            k.full_name, a.full_name
        )));
    }

    // Reps.
    let rep_of = |p: PersonId| -> Result<bool> {
        Ok(tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM reps WHERE person_id = ?1)")?
            .query_row([p.0], |r| r.get(0))?)
    };
    if rep_of(absorb)? {
        if rep_of(keep)? {
            return Err(Error::Conflict(format!(
                "{} and {} are both reps; a merge would lose one rep's history",
                k.full_name, a.full_name
            )));
        }
        tx.prepare_cached("UPDATE reps SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2")?
            .execute(params![keep.0, absorb.0, now()])?;
        report.rep_moved = true;
    }

    // Person fields and lists.
    let mut patch = PersonPatch::default();
    let emails = crate::model::union(&k.emails, &a.emails, false);
    report.emails_added = (emails.len() - k.emails.len()) as u64;
    if report.emails_added > 0 {
        patch.emails = Some(emails);
    }
    let phones = crate::model::union(&k.phones, &a.phones, false);
    report.phones_added = (phones.len() - k.phones.len()) as u64;
    if report.phones_added > 0 {
        patch.phones = Some(phones);
    }
    let tags = crate::model::union(&k.tags, &a.tags, true);
    report.tags_added = (tags.len() - k.tags.len()) as u64;
    if report.tags_added > 0 {
        patch.tags = Some(tags);
    }
    if k.title.is_empty() && !a.title.is_empty() {
        patch.title = Some(a.title.clone());
    }
    if k.linkedin_url.is_none() && a.linkedin_url.is_some() {
        patch.linkedin_url = Some(a.linkedin_url.clone());
    }
    if !a.notes.is_empty() && a.notes != k.notes {
        patch.notes =
            Some(if k.notes.is_empty() { a.notes.clone() } else { format!("{}\n{}", k.notes, a.notes) });
    }
    // Emails are not unique across people, but the absorbed copies go with the record.
    if !patch.is_empty() {
        people::edit(tx, keep, &patch)?;
    }

    // Employments.
    let kept_positions = organisations::positions(tx, keep)?;
    for p in organisations::positions(tx, absorb)? {
        let e = &p.employment;
        let twin = kept_positions.iter().find(|k| {
            k.employment.organisation_id == e.organisation_id
                && k.employment.current == e.current
                && (k.employment.title == e.title || k.employment.title.is_empty() || e.title.is_empty())
        });
        match twin {
            Some(t) => {
                if t.employment.title.is_empty() && !e.title.is_empty() {
                    organisations::set_employment_title(tx, t.employment.id, &e.title)?;
                }
                tx.prepare_cached(
                    "UPDATE employments SET start_date = COALESCE(start_date, ?2), end_date = COALESCE(end_date, ?3) WHERE id = ?1 AND current = 0",
                )?
                .execute(params![t.employment.id.0, e.start, e.end])?;
                tx.prepare_cached("DELETE FROM employments WHERE id = ?1")?.execute([e.id.0])?;
                report.employments_combined += 1;
            }
            None => {
                tx.prepare_cached("UPDATE employments SET person_id = ?1 WHERE id = ?2")?
                    .execute(params![keep.0, e.id.0])?;
                report.employments_moved += 1;
            }
        }
    }

    // Relationships.
    for r in relationships::list_for_person(tx, absorb)? {
        let other = r.other(absorb).expect("a relationship of absorb");
        if other == keep {
            relationships::remove(tx, r.id)?;
            report.relationships_dropped += 1;
            continue;
        }
        match relationships::between(tx, keep, other)? {
            Some(existing) => {
                let kind = if matches!(
                    existing.kind,
                    RelationshipKind::Other | RelationshipKind::LinkedinConnection
                ) && !matches!(
                    r.kind,
                    RelationshipKind::Other | RelationshipKind::LinkedinConnection
                ) {
                    Some(r.kind)
                } else {
                    None
                };
                let verified_at = match (existing.verified_at, r.verified_at) {
                    (None, Some(t)) => Some(Some(t)),
                    (Some(e), Some(t)) if t < e => Some(Some(t)),
                    _ => None,
                };
                let patch = RelationshipPatch {
                    kind,
                    strength: (r.strength > existing.strength).then_some(r.strength),
                    last_contact: match (existing.last_contact, r.last_contact) {
                        (e, Some(d)) if e.is_none_or(|e| d > e) => Some(Some(d)),
                        _ => None,
                    },
                    since: match (existing.since, r.since) {
                        (e, Some(d)) if e.is_none_or(|e| d < e) => Some(Some(d)),
                        _ => None,
                    },
                    notes: (!r.notes.is_empty() && r.notes != existing.notes).then(|| {
                        if existing.notes.is_empty() {
                            r.notes.clone()
                        } else {
                            format!("{}\n{}", existing.notes, r.notes)
                        }
                    }),
                    verified_at,
                    // A tie either side kept private stays private: merging never shares it.
                    visibility: (r.visibility == Visibility::Private
                        && existing.visibility == Visibility::Team)
                        .then_some(Visibility::Private),
                };
                relationships::remove(tx, r.id)?;
                if !patch.is_empty() {
                    relationships::edit(tx, existing.id, &patch)?;
                }
                report.relationships_combined += 1;
            }
            None => {
                let (x, y) = relationships::ordered(keep, other);
                tx.prepare_cached(
                    "UPDATE relationships SET person_a = ?1, person_b = ?2, updated_at = ?3 WHERE id = ?4",
                )?
                .execute(params![x.0, y.0, now(), r.id.0])?;
                report.relationships_moved += 1;
            }
        }
    }

    // Touches and opportunities.
    // An exchange both were on keeps one touch and one mention (the kept person's).
    tx.prepare_cached(
        "DELETE FROM touches WHERE person_id = ?2 AND exchange_id IN
         (SELECT exchange_id FROM touches WHERE person_id = ?1 AND exchange_id IS NOT NULL)",
    )?
    .execute(params![keep.0, absorb.0])?;
    tx.prepare_cached("UPDATE OR IGNORE exchange_people SET person_id = ?1 WHERE person_id = ?2")?
        .execute(params![keep.0, absorb.0])?;
    tx.prepare_cached("DELETE FROM exchange_people WHERE person_id = ?1")?.execute(params![absorb.0])?;
    tx.prepare_cached(
        "UPDATE people SET keep_in_touch_days = (SELECT keep_in_touch_days FROM people WHERE id = ?2)
         WHERE id = ?1 AND keep_in_touch_days IS NULL",
    )?
    .execute(params![keep.0, absorb.0])?;
    report.touches_moved = tx
        .prepare_cached("UPDATE touches SET person_id = ?1 WHERE person_id = ?2")?
        .execute(params![keep.0, absorb.0])? as u64;
    report.opportunities_moved = tx
        .prepare_cached("UPDATE opportunities SET person_id = ?1 WHERE person_id = ?2")?
        .execute(params![keep.0, absorb.0])? as u64;

    // Introduction requests: target, referral source and the chosen path.
    let absorb_text = absorb.0.to_string();
    let keep_text = keep.0.to_string();
    let affected: Vec<(Vec<u8>, String)> = {
        let mut st = tx.prepare_cached(
            "SELECT id, path FROM intro_requests WHERE target_id = ?1 OR source_id = ?1 OR instr(path, ?2) > 0",
        )?;
        let rows = st.query_map(params![absorb.0, absorb_text], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, path) in affected {
        let mut ids: Vec<String> = serde_json::from_str(&path).unwrap_or_default();
        for p in &mut ids {
            if *p == absorb_text {
                p.clone_from(&keep_text);
            }
        }
        ids.dedup();
        let path = serde_json::to_string(&ids).expect("a list of strings serialises");
        tx.prepare_cached(
            "UPDATE intro_requests SET target_id = CASE WHEN target_id = ?2 THEN ?1 ELSE target_id END,
                 source_id = CASE WHEN source_id = ?2 THEN ?1 ELSE source_id END, path = ?3, updated_at = ?4
             WHERE id = ?5",
        )?
        .execute(params![keep.0, absorb.0, path, now(), id])?;
        report.requests_updated += 1;
    }

    // A rep's target list holding both keeps one entry (the generic move below would
    // break the list's uniqueness).
    tx.prepare_cached(
        "DELETE FROM targets WHERE person_id = ?2 AND rep_id IN (SELECT rep_id FROM targets WHERE person_id = ?1)",
    )?
    .execute(params![keep.0, absorb.0])?;

    // Tables added later that refer to people.
    for (table, column) in other_references(tx)? {
        // Names come from the schema itself, never from input.
        let sql = format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2");
        tx.execute(&sql, params![keep.0, absorb.0]).map_err(|e| {
            Error::Conflict(format!(
                "cannot move {}'s rows of {table}.{column} to {}: {e}",
                a.full_name, k.full_name
            ))
        })?;
    }

    super::duplicates::follow_merge(tx, keep, absorb)?;
    super::exchanges::follow_merge(tx, keep, absorb)?;
    people::remove(tx, absorb)?;
    tx.prepare_cached("UPDATE people SET updated_at = ?2 WHERE id = ?1")?.execute(params![keep.0, now()])?;
    // A workspace in a team records the merge, to travel as a merge record (store::sync).
    tx.prepare_cached(
        "INSERT INTO sync_merges (absorb, keep) SELECT ?1, ?2 FROM sync_state WHERE capture = 1",
    )?
    .execute(params![absorb.0, keep.0])?;
    Ok(report)
}

/// Foreign keys to `people` outside the tables handled above.
fn other_references(tx: &Transaction<'_>) -> Result<Vec<(String, String)>> {
    const HANDLED: &[&str] = &[
        "person_emails",
        "person_phones",
        "person_tags",
        "employments",
        "relationships",
        "reps",
        "touches",
        "intro_requests",
        "opportunities",
        "duplicate_dismissals",
        "dismissed_ties",
    ];
    let mut st = tx.prepare_cached(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = 'people' ORDER BY m.name, f.\"from\"",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (t, c) = row?;
        if !HANDLED.contains(&t.as_str()) {
            out.push((t, c));
        }
    }
    Ok(out)
}
