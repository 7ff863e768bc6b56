//! Referral I.Q. assessments: one per rep per quarter.

use chrono::{DateTime, Utc};
use rusqlite::{params, Row};

use crate::error::{Error, Result};
use crate::model::{Answers, Assessment, Band, Quarter};
use crate::model::{AssessmentId, RepId};
use crate::store::Store;

const SELECT: &str =
    "SELECT a.id, a.rep_id, p.full_name, a.quarter, a.answers, a.score, a.taken_at, a.updated_at
    FROM assessments a JOIN reps re ON re.id = a.rep_id JOIN people p ON p.id = re.person_id";

fn row(r: &Row<'_>) -> rusqlite::Result<Assessment> {
    let quarter: String = r.get(3)?;
    let quarter: Quarter = quarter.parse().map_err(|e: Error| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let score: u8 = r.get(5)?;
    Ok(Assessment {
        id: AssessmentId(r.get(0)?),
        rep_id: RepId(r.get(1)?),
        rep_name: r.get(2)?,
        quarter,
        answers: r.get(4)?,
        score,
        band: Band::of(score),
        taken_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

/// Stores `rep`'s assessment for `quarter`, replacing that quarter's answers if any
/// (the record keeps its id; `taken_at` becomes the retake's time).
pub fn upsert(
    store: &mut Store,
    rep: RepId,
    quarter: Quarter,
    answers: Answers,
    at: DateTime<Utc>,
) -> Result<Assessment> {
    store.write(|tx| {
        tx.prepare_cached(
            "INSERT INTO assessments (id, rep_id, quarter, answers, score, taken_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT(rep_id, quarter) DO UPDATE SET answers = excluded.answers, score = excluded.score,
                 taken_at = excluded.taken_at, updated_at = excluded.updated_at",
        )?
        .execute(params![
            AssessmentId::new().0,
            rep.0,
            quarter.to_string(),
            answers.to_string(),
            answers.score(),
            at
        ])?;
        Ok(())
    })?;
    let mut stmt =
        store.conn().prepare_cached(&format!("{SELECT} WHERE a.rep_id = ?1 AND a.quarter = ?2"))?;
    Ok(stmt.query_row(params![rep.0, quarter.to_string()], row)?)
}

/// A rep's assessments, oldest quarter first.
pub fn for_rep(store: &Store, rep: RepId) -> Result<Vec<Assessment>> {
    let mut stmt =
        store.conn().prepare_cached(&format!("{SELECT} WHERE a.rep_id = ?1 ORDER BY a.quarter"))?;
    let rows = stmt.query_map([rep.0], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every assessment, by quarter then rep name.
pub fn all(store: &Store) -> Result<Vec<Assessment>> {
    let mut stmt =
        store.conn().prepare_cached(&format!("{SELECT} ORDER BY a.quarter, p.name_key, a.rep_id"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
