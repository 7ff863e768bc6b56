//! Introduction requests: create, move through the stages, follow up, thank the source.
//! The rules (legal moves, follow-up delays, the ask template) are plain data in `model`.
//!
//! - [`lifecycle`]: creating, moving, following up, touches, thanks;
//! - [`listed`]: the bounded lists of the Today screen, the board and a person's page;
//! - [`summaries`]: the counts the metrics and track records read.
//!
//! Their functions are re-exported here (`store::requests::create`, ...).

mod lifecycle;
mod listed;
mod summaries;

pub use lifecycle::{
    create, create_in, draft_message, log_touch, mark_thanked, mark_told, move_in, move_to, set_follow_up,
    write_rules, WriteRules,
};
pub use listed::{
    follow_ups, follow_ups_listed, involving, open_by_others, open_toward, recent_listed, sources_owed,
    waiting_listed, Listed,
};
pub(crate) use summaries::source_results_unnamed;
pub use summaries::{
    ask_to_won, asks_by_rep, owed_by_rep, people_names, reached_counts, source_outcomes, source_results,
    source_tallies, GroupKey, SourceResult, SourceTally,
};

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::message;
use crate::model::{FollowUpRules, IntroRequest, RequestFilter, Stage, StageChange};
use crate::model::{PersonId, RepId, RequestId, StageChangeId};
use crate::store::{settings, Store};

impl ToSql for Stage {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Stage {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str()?.parse().map_err(|e: Error| FromSqlError::Other(Box::new(e)))
    }
}

const SELECT: &str = "SELECT r.id, r.rep_id, r.target_id, r.source_id, r.path, r.reason, r.offer, r.message,
        r.stage, r.stalled_from, r.next_follow_up, r.deal_value, r.lost_reason, r.thanked_on, r.told_on,
        r.created_at, r.updated_at, rp.full_name, tp.full_name, sp.full_name,
        (SELECT COUNT(*) FROM touches t WHERE t.request_id = r.id)
    FROM intro_requests r
    JOIN reps re ON re.id = r.rep_id
    JOIN people rp ON rp.id = re.person_id
    JOIN people tp ON tp.id = r.target_id
    JOIN people sp ON sp.id = r.source_id";

fn request_row(row: &Row<'_>) -> rusqlite::Result<IntroRequest> {
    let path_text: String = row.get(4)?;
    let path: Vec<PersonId> = serde_json::from_str(&path_text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(IntroRequest {
        id: RequestId(row.get(0)?),
        rep_id: RepId(row.get(1)?),
        target_id: PersonId(row.get(2)?),
        source_id: PersonId(row.get(3)?),
        path,
        reason: row.get(5)?,
        offer: row.get(6)?,
        message: row.get(7)?,
        stage: row.get(8)?,
        stalled_from: row.get(9)?,
        next_follow_up: row.get(10)?,
        deal_value: row.get(11)?,
        lost_reason: row.get(12)?,
        thanked_on: row.get(13)?,
        told_on: row.get(14)?,
        created_at: row.get(15)?,
        updated_at: row.get(16)?,
        rep_name: row.get(17)?,
        target_name: row.get(18)?,
        source_name: row.get(19)?,
        touches: row.get(20)?,
    })
}

/// A rep as a request needs it: their person, whether active, their name.
pub(crate) fn rep_person(conn: &Connection, rep: RepId) -> Result<(PersonId, bool, String)> {
    conn.prepare_cached(
        "SELECT re.person_id, re.active, p.full_name FROM reps re JOIN people p ON p.id = re.person_id WHERE re.id = ?1",
    )?
    .query_row([rep.0], |r| Ok((PersonId(r.get(0)?), r.get(1)?, r.get(2)?)))
    .optional()?
    .ok_or_else(|| Error::not_found("rep", rep.to_string()))
}

pub(crate) fn person_name(conn: &Connection, id: PersonId, role: &'static str) -> Result<String> {
    conn.prepare_cached("SELECT full_name FROM people WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(role, id.to_string()))
}

/// The suggested follow-up delays (the defaults unless configured).
pub fn follow_up_rules(store: &Store) -> Result<FollowUpRules> {
    Ok(settings::get(store.conn(), FollowUpRules::SETTING)?.unwrap_or_default())
}

/// Configures the follow-up delays; stages left out keep their default.
pub fn set_follow_up_rules(store: &mut Store, rules: &FollowUpRules) -> Result<()> {
    rules.check()?;
    store.write(|tx| settings::set(tx, FollowUpRules::SETTING, rules))
}

/// The ask template (the default unless configured).
pub fn ask_template(store: &Store) -> Result<String> {
    Ok(settings::get(store.conn(), message::SETTING)?
        .unwrap_or_else(|| message::DEFAULT_TEMPLATE.to_string()))
}

/// Configures the ask template; it is checked first (placeholders, braces).
pub fn set_ask_template(store: &mut Store, template: &str) -> Result<()> {
    message::check_template(template)?;
    store.write(|tx| settings::set(tx, message::SETTING, &template))
}

/// One request.
pub fn get(store: &Store, id: RequestId) -> Result<IntroRequest> {
    get_in(store.conn(), id)
}

fn get_in(conn: &Connection, id: RequestId) -> Result<IntroRequest> {
    conn.prepare_cached(&format!("{SELECT} WHERE r.id = ?1"))?
        .query_row([id.0], request_row)
        .optional()?
        .ok_or_else(|| Error::not_found("introduction request", id.to_string()))
}

/// Finds a request by its id or a unique prefix of it (at least 6 hex digits, dashes optional).
pub fn resolve(store: &Store, text: &str) -> Result<RequestId> {
    let t = text.trim();
    if let Ok(u) = Uuid::parse_str(t) {
        return Ok(RequestId(u));
    }
    let hex: String = t.chars().filter(|c| *c != '-').collect();
    if hex.len() < 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::invalid(
            "request",
            format!("{t:?} is not a request id (give at least 6 hex digits)"),
        ));
    }
    let mut stmt =
        store.conn().prepare_cached("SELECT id FROM intro_requests WHERE hex(id) LIKE ?1 LIMIT 6")?;
    let ids: Vec<Uuid> = stmt
        .query_map([format!("{}%", hex.to_ascii_uppercase())], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [one] => Ok(RequestId(*one)),
        [] => Err(Error::not_found("introduction request", t)),
        many => Err(Error::Ambiguous {
            what: "introduction request",
            query: t.to_string(),
            candidates: many.iter().map(|u| u.to_string()).collect(),
        }),
    }
}

/// Requests, newest first.
pub fn list(store: &Store, filter: &RequestFilter) -> Result<Vec<IntroRequest>> {
    // Only the filters given are written into the condition: `(?1 IS NULL OR
    // r.target_id = ?1)` would keep SQLite from using the index on the column, and
    // listing one person's requests read all of them (4.4 s at a million).
    let (rep, source, target) =
        (filter.rep_id.map(|r| r.0), filter.source_id.map(|p| p.0), filter.target_id.map(|p| p.0));
    let given: [(&str, Option<&dyn ToSql>); 4] = [
        ("r.rep_id", rep.as_ref().map(|v| v as &dyn ToSql)),
        ("r.stage", filter.stage.as_ref().map(|v| v as &dyn ToSql)),
        ("r.source_id", source.as_ref().map(|v| v as &dyn ToSql)),
        ("r.target_id", target.as_ref().map(|v| v as &dyn ToSql)),
    ];
    let mut conditions = vec!["1".to_string()];
    let mut values: Vec<&dyn ToSql> = Vec::new();
    for (column, value) in given {
        if let Some(value) = value {
            values.push(value);
            conditions.push(format!("{column} = ?{}", values.len()));
        }
    }
    let sql = format!("{SELECT} WHERE {} ORDER BY r.created_at DESC, r.id DESC", conditions.join(" AND "));
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(values.as_slice(), request_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A request's stage history, oldest first.
pub fn history(store: &Store, id: RequestId) -> Result<Vec<StageChange>> {
    get(store, id)?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT id, request_id, from_stage, to_stage, at, note FROM request_history
         WHERE request_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(StageChange {
            id: StageChangeId(r.get(0)?),
            request_id: RequestId(r.get(1)?),
            from: r.get(2)?,
            to: r.get(3)?,
            at: r.get(4)?,
            note: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
