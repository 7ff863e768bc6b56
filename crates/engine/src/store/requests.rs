//! Introduction requests: create, move through the stages, follow up, thank the source.
//! The rules (legal moves, follow-up delays, the ask template) live in `pipeline`.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::message::{self, AskContext};
use crate::model::request::{check_path, RequestTouch};
use crate::model::{
    stage, Clock, FollowUpRules, FollowUps, IntroRequest, Move, NewRequest, RequestFilter, SourceOwed, Stage,
    StageChange,
};
use crate::model::{OpportunityId, Outcome, PersonId, RepId, RequestId, StageChangeId, TouchId};
use crate::store::Store;

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

pub(crate) use super::rows::n;

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

/// Reads a JSON setting; `None` when unset.
pub(crate) fn setting<T: serde::de::DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|e| Error::input(format!("setting {key}"), format!("unreadable value: {e}")))
    })
    .transpose()
}

pub(crate) fn put_setting<T: serde::Serialize>(conn: &Connection, key: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string(value).expect("settings serialise");
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, text])?;
    Ok(())
}

/// The suggested follow-up delays (the defaults unless configured).
pub fn follow_up_rules(store: &Store) -> Result<FollowUpRules> {
    Ok(setting(store.conn(), FollowUpRules::SETTING)?.unwrap_or_default())
}

/// Configures the follow-up delays; stages left out keep their default.
pub fn set_follow_up_rules(store: &mut Store, rules: &FollowUpRules) -> Result<()> {
    rules.check()?;
    store.write(|tx| put_setting(tx, FollowUpRules::SETTING, rules))
}

/// The ask template (the default unless configured).
pub fn ask_template(store: &Store) -> Result<String> {
    Ok(setting(store.conn(), message::SETTING)?.unwrap_or_else(|| message::DEFAULT_TEMPLATE.to_string()))
}

/// Configures the ask template; it is checked first (placeholders, braces).
pub fn set_ask_template(store: &mut Store, template: &str) -> Result<()> {
    message::check_template(template)?;
    store.write(|tx| put_setting(tx, message::SETTING, &template))
}

/// Drafts the ask for a request that is not stored yet.
pub fn draft_message(
    store: &Store,
    rep: RepId,
    source: PersonId,
    target: PersonId,
    reason: &str,
    offer: &str,
) -> Result<String> {
    let conn = store.conn();
    let (_, _, rep_name) = rep_person(conn, rep)?;
    let source_name = person_name(conn, source, "referral source")?;
    let target_name = person_name(conn, target, "target")?;
    let template = ask_template(store)?;
    message::render(
        &template,
        &AskContext {
            source_name: &source_name,
            target_name: &target_name,
            reason,
            offer,
            rep_name: &rep_name,
        },
    )
}

fn insert_history(
    conn: &Connection,
    request: RequestId,
    from: Option<Stage>,
    to: Stage,
    at: DateTime<Utc>,
    note: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO request_history (id, request_id, from_stage, to_stage, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![StageChangeId::new().0, request.0, from, to, at, note])?;
    Ok(())
}

/// What every request write reads from the settings: the follow-up delays and the ask
/// template. Writing many requests in one transaction reads them once ([`write_rules`]).
#[derive(Clone, Debug, PartialEq)]
pub struct WriteRules {
    pub follow_ups: FollowUpRules,
    pub template: String,
}

/// The follow-up delays and ask template as configured (or their defaults).
pub fn write_rules(conn: &Connection) -> Result<WriteRules> {
    Ok(WriteRules {
        follow_ups: setting(conn, FollowUpRules::SETTING)?.unwrap_or_default(),
        template: setting(conn, message::SETTING)?.unwrap_or_else(|| message::DEFAULT_TEMPLATE.to_string()),
    })
}

/// Creates a request in `draft`, with its first history entry and a suggested follow-up.
pub fn create(store: &mut Store, new: NewRequest, clock: &Clock) -> Result<IntroRequest> {
    let rules = write_rules(store.conn())?;
    let id = store.write(|tx| create_in(tx, &new, clock, &rules))?;
    get(store, id)
}

/// [`create`] inside a transaction the caller holds (many requests in one `Store::write`).
pub fn create_in(tx: &Connection, new: &NewRequest, clock: &Clock, rules: &WriteRules) -> Result<RequestId> {
    let rep = new.rep_id.ok_or_else(|| Error::invalid("rep", "a request needs the rep who asks"))?;
    let target = new.target_id.ok_or_else(|| Error::invalid("target", "a request needs a target"))?;
    let source = new.source_id.or_else(|| new.path.get(1).copied()).ok_or_else(|| {
        Error::invalid("source", "a request needs a referral source (or a path through one)")
    })?;
    if new.reason.trim().is_empty() {
        return Err(Error::invalid("reason", "say why the rep wants to meet the target"));
    }
    let id = RequestId::new();
    let (rep_person_id, active, rep_name) = rep_person(tx, rep)?;
    if !active {
        return Err(Error::Conflict(format!("rep {rep_name} is inactive and cannot ask for introductions")));
    }
    let target_name = person_name(tx, target, "target")?;
    let source_name = person_name(tx, source, "referral source")?;
    let path = check_path(rep_person_id, source, target, &new.path)?;
    for p in &path {
        person_name(tx, *p, "person on the path")?;
    }
    let message = match new.message.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => m.to_string(),
        None => message::render(
            &rules.template,
            &AskContext {
                source_name: &source_name,
                target_name: &target_name,
                reason: &new.reason,
                offer: &new.offer,
                rep_name: &rep_name,
            },
        )?,
    };
    let now = clock.now;
    tx.prepare_cached(
        "INSERT INTO intro_requests (id, rep_id, target_id, source_id, path, reason, offer, message, stage,
             reached, next_follow_up, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        id.0,
        rep.0,
        target.0,
        source.0,
        serde_json::to_string(&path).expect("ids serialise"),
        new.reason.trim(),
        new.offer.trim(),
        message,
        Stage::Draft,
        Stage::Draft.bit(),
        rules.follow_ups.suggested(Stage::Draft, clock.today()),
        now,
    ])?;
    insert_history(tx, id, None, Stage::Draft, now, "created")?;
    Ok(id)
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

/// Moves a request to another stage: only legal moves, `won` with a deal value, `lost` with
/// a reason. Appends to the history, suggests the next follow-up, and keeps the linked
/// opportunity in step (created at `opportunity`, closed at `won` / `lost`).
pub fn move_to(store: &mut Store, id: RequestId, mv: &Move, clock: &Clock) -> Result<IntroRequest> {
    let rules = follow_up_rules(store)?;
    store.write(|tx| move_in(tx, id, mv, clock, &rules))?;
    get(store, id)
}

/// [`move_to`] inside a transaction the caller holds (many moves in one `Store::write`).
pub fn move_in(
    tx: &Connection,
    id: RequestId,
    mv: &Move,
    clock: &Clock,
    rules: &FollowUpRules,
) -> Result<()> {
    mv.check()?;
    // What the move needs; the whole request (names and all) only to open an opportunity.
    let (current_stage, current_stalled_from, current_deal_value, meeting): (
        Stage,
        Option<Stage>,
        Option<f64>,
        Option<DateTime<Utc>>,
    ) = tx
        .prepare_cached(
            "SELECT stage, stalled_from, deal_value, meeting_at FROM intro_requests WHERE id = ?1",
        )?
        .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("introduction request", id.to_string()))?;
    stage::check_move(current_stage, current_stalled_from, mv.to)?;
    let to = mv.to;
    let now = clock.now;
    let today = clock.today();
    let stalled_from = (to == Stage::Stalled).then_some(current_stage);
    let deal_value = mv.deal_value.or(current_deal_value);
    let lost_reason = if to == Stage::Lost { mv.lost_reason.as_deref().map(str::trim) } else { None };
    tx.prepare_cached(
        "UPDATE intro_requests SET stage = ?2, stalled_from = ?3, reached = reached | ?4, next_follow_up = ?5,
             deal_value = ?6, lost_reason = COALESCE(?7, lost_reason),
             asked_at = CASE WHEN ?2 = 'asked' THEN COALESCE(asked_at, ?8) ELSE asked_at END,
             meeting_at = CASE WHEN ?2 = 'meeting' THEN COALESCE(meeting_at, ?8) ELSE meeting_at END,
             closed_at = CASE WHEN ?2 IN ('won', 'lost', 'declined') THEN ?8 ELSE closed_at END,
             updated_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        to,
        stalled_from,
        to.bit(),
        rules.suggested(to, today),
        deal_value,
        lost_reason,
        now
    ])?;
    insert_history(tx, id, Some(current_stage), to, now, mv.note.trim())?;
    match to {
        Stage::Opportunity => {
            // `meeting_at` is only ever set by a move to `meeting`, so it is as read above.
            let current = get_in(tx, id)?;
            open_opportunity(
                tx,
                &current,
                deal_value,
                today,
                meeting.map(|m| clock.local_date(m).min(today)),
                now,
            )?;
        }
        Stage::Won | Stage::Lost => {
            close_opportunity(tx, id, to == Stage::Won, deal_value, lost_reason, today, now)?;
        }
        _ => {}
    }
    Ok(())
}

fn check_open(current: &IntroRequest, what: &str) -> Result<()> {
    if current.stage.is_final() {
        return Err(Error::Conflict(format!(
            "the request is {}: {what} is only for open requests",
            current.stage
        )));
    }
    Ok(())
}

/// Sets (or clears) the next follow-up date of an open request.
pub fn set_follow_up(
    store: &mut Store,
    id: RequestId,
    on: Option<NaiveDate>,
    clock: &Clock,
) -> Result<IntroRequest> {
    store.write(|tx| {
        let current = get_in(tx, id)?;
        check_open(&current, "a follow-up date")?;
        tx.prepare_cached("UPDATE intro_requests SET next_follow_up = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, on, clock.now])?;
        Ok(())
    })?;
    get(store, id)
}

/// Logs a touch made for a request and sets the next follow-up (given, or suggested for
/// the stage). The person defaults to the source before the introduction, the target after.
pub fn log_touch(store: &mut Store, id: RequestId, touch: &RequestTouch, clock: &Clock) -> Result<TouchId> {
    let rules = follow_up_rules(store)?;
    let touch_id = TouchId::new();
    store.write(|tx| {
        let current = get_in(tx, id)?;
        let introduced = current.stage.after_introduction()
            || current.stalled_from.is_some_and(Stage::after_introduction)
            || current.stage == Stage::Won
            || current.stage == Stage::Lost;
        let person =
            touch.person_id.unwrap_or(if introduced { current.target_id } else { current.source_id });
        person_name(tx, person, "person touched")?;
        let date = touch.date.unwrap_or_else(|| clock.today());
        tx.prepare_cached(
            "INSERT INTO touches (id, person_id, rep_id, kind, date, notes, created_at, request_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            touch_id.0,
            person.0,
            current.rep_id.0,
            touch.kind.as_str(),
            date,
            touch.notes.trim(),
            clock.now,
            id.0
        ])?;
        let next = if current.stage.is_final() {
            None
        } else {
            touch.next_follow_up.or_else(|| rules.suggested(current.stage, clock.today()))
        };
        tx.prepare_cached("UPDATE intro_requests SET next_follow_up = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, next, clock.now])?;
        Ok(())
    })?;
    Ok(touch_id)
}

/// Records that the source was thanked (on `on`).
pub fn mark_thanked(store: &mut Store, id: RequestId, on: NaiveDate, clock: &Clock) -> Result<IntroRequest> {
    mark(store, id, "thanked_on", on, clock)
}

/// Records that the source was told how it went (on `on`).
pub fn mark_told(store: &mut Store, id: RequestId, on: NaiveDate, clock: &Clock) -> Result<IntroRequest> {
    mark(store, id, "told_on", on, clock)
}

fn mark(
    store: &mut Store,
    id: RequestId,
    column: &'static str,
    on: NaiveDate,
    clock: &Clock,
) -> Result<IntroRequest> {
    store.write(|tx| {
        let current = get_in(tx, id)?;
        if current.stage == Stage::Draft {
            return Err(Error::Conflict(format!(
                "the request is still a draft: {} has not been asked yet",
                current.source_name
            )));
        }
        // `column` is one of two constants, never user input.
        tx.prepare_cached(&format!(
            "UPDATE intro_requests SET {column} = ?2, updated_at = ?3 WHERE id = ?1"
        ))?
        .execute(params![id.0, on, clock.now])?;
        Ok(())
    })?;
    get(store, id)
}

/// Open requests whose follow-up is due `today` or overdue, oldest first.
pub fn follow_ups(store: &Store, today: NaiveDate, rep: Option<RepId>) -> Result<FollowUps> {
    let sql = format!(
        "{SELECT} WHERE r.next_follow_up IS NOT NULL AND r.next_follow_up <= ?1
           AND r.stage NOT IN ('declined', 'won', 'lost') AND (?2 IS NULL OR r.rep_id = ?2)
         ORDER BY r.next_follow_up, r.created_at"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let all: Vec<IntroRequest> =
        stmt.query_map(params![today, rep.map(|r| r.0)], request_row)?.collect::<rusqlite::Result<_>>()?;
    let (due, overdue) = all.into_iter().partition(|r| r.next_follow_up == Some(today));
    Ok(FollowUps { today: Some(today), due, overdue })
}

/// A bounded list and how many there are in all: what a screen shows of a list that can
/// run to tens of thousands at a million requests.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Listed {
    /// At most the limit asked for, in the list's order.
    pub requests: Vec<IntroRequest>,
    /// Every request the list holds.
    pub total: u64,
}

/// The requests meeting `condition` (on `intro_requests r`, with `values` for its `?1`,
/// `?2`, ...): the first `limit` in `order`, and how many there are in all (every request
/// has its rep and people, so the joins of [`SELECT`] drop none).
fn listed(store: &Store, condition: &str, order: &str, values: &[&dyn ToSql], limit: u64) -> Result<Listed> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut with_limit = values.to_vec();
    with_limit.push(&limit);
    let mut stmt = store.conn().prepare_cached(&format!(
        "{SELECT} WHERE {condition} ORDER BY {order} LIMIT ?{}",
        with_limit.len()
    ))?;
    let requests = stmt.query_map(with_limit.as_slice(), request_row)?.collect::<rusqlite::Result<_>>()?;
    let total: i64 = store
        .conn()
        .prepare_cached(&format!("SELECT COUNT(*) FROM intro_requests r WHERE {condition}"))?
        .query_row(values, |r| r.get(0))?;
    Ok(Listed { requests, total: total as u64 })
}

/// A rep's follow-ups due `today` and overdue, each list cut at `limit` (oldest first, as
/// [`follow_ups`] orders them), with their full counts.
pub fn follow_ups_listed(
    store: &Store,
    today: NaiveDate,
    rep: RepId,
    limit: u64,
) -> Result<(Listed, Listed)> {
    const OPEN: &str = "r.stage NOT IN ('declined', 'won', 'lost') AND r.rep_id = ?2";
    let values: [&dyn ToSql; 2] = [&today, &rep.0];
    let order = "r.next_follow_up, r.created_at";
    let due = listed(store, &format!("r.next_follow_up = ?1 AND {OPEN}"), order, &values, limit)?;
    let overdue = listed(
        store,
        &format!("r.next_follow_up IS NOT NULL AND r.next_follow_up < ?1 AND {OPEN}"),
        order,
        &values,
        limit,
    )?;
    Ok((due, overdue))
}

/// A rep's requests at `stage`s asked or accepted (the source has not made the
/// introduction yet), newest first, cut at `limit`, with their full count.
pub fn waiting_listed(store: &Store, rep: RepId, limit: u64) -> Result<Listed> {
    let condition = "r.rep_id = ?1 AND r.stage IN ('asked', 'accepted')";
    listed(store, condition, "r.created_at DESC, r.id DESC", &[&rep.0], limit)
}

/// Every request, newest first, cut at `limit`, with the full count.
pub fn recent_listed(store: &Store, limit: u64) -> Result<Listed> {
    listed(store, "1", "r.created_at DESC, r.id DESC", &[], limit)
}

/// The requests `person` is the target or the referral source of, newest first, cut at
/// `limit`, with their full count: a person page's list (a hub of the network can be
/// either in thousands).
pub fn involving(store: &Store, person: PersonId, limit: u64) -> Result<Listed> {
    let condition = "(r.target_id = ?1 OR r.source_id = ?1)";
    listed(store, condition, "r.created_at DESC, r.id DESC", &[&person.0], limit)
}

/// Whether `rep` has a request still open toward `target`.
pub fn open_toward(store: &Store, rep: RepId, target: PersonId) -> Result<bool> {
    Ok(store
        .conn()
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM intro_requests
             WHERE target_id = ?2 AND rep_id = ?1 AND stage NOT IN ('declined', 'won', 'lost'))",
        )?
        .query_row(params![rep.0, target.0], |r| r.get(0))?)
}

/// Requests whose source made the introduction (introduced or later) and is still owed
/// thanks, or (once the request is won or lost) the outcome.
pub fn sources_owed(store: &Store, rep: Option<RepId>) -> Result<Vec<SourceOwed>> {
    let sql = format!(
        "{SELECT} WHERE (r.reached & ?1) <> 0 AND (?2 IS NULL OR r.rep_id = ?2)
           AND (r.thanked_on IS NULL OR (r.stage IN ('won', 'lost') AND r.told_on IS NULL))
         ORDER BY r.created_at"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params![Stage::Introduced.bit(), rep.map(|r| r.0)], request_row)?;
    let mut out = Vec::new();
    for r in rows {
        let request = r?;
        let not_thanked = request.thanked_on.is_none();
        let not_told = matches!(request.stage, Stage::Won | Stage::Lost) && request.told_on.is_none();
        out.push(SourceOwed { request, not_thanked, not_told });
    }
    Ok(out)
}

/// One referral source's history, counted from the `reached` masks.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SourceTally {
    pub source_id: PersonId,
    pub source_name: String,
    /// Requests that reached `asked`.
    pub asked: u32,
    pub introduced: u32,
    pub declined: u32,
    pub won: u32,
    /// Lost after the introduction.
    pub lost: u32,
    pub revenue: f64,
}

/// Every referral source's tally, over all requests.
pub fn source_tallies(store: &Store) -> Result<Vec<SourceTally>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT t.source_id, p.full_name, t.asked, t.introduced, t.declined, t.won, t.lost, t.revenue
         FROM (SELECT source_id,
                 SUM((reached & ?1) <> 0) AS asked, SUM((reached & ?2) <> 0) AS introduced,
                 SUM((reached & ?3) <> 0) AS declined, SUM(stage = 'won') AS won, SUM(stage = 'lost') AS lost,
                 TOTAL(CASE WHEN stage = 'won' THEN deal_value END) AS revenue
               FROM intro_requests GROUP BY source_id) t
         JOIN people p ON p.id = t.source_id
         ORDER BY t.source_id",
    )?;
    let rows =
        stmt.query_map(params![Stage::Asked.bit(), Stage::Introduced.bit(), Stage::Declined.bit()], |r| {
            Ok(SourceTally {
                source_id: PersonId(r.get(0)?),
                source_name: r.get(1)?,
                asked: r.get(2)?,
                introduced: r.get(3)?,
                declined: r.get(4)?,
                won: r.get(5)?,
                lost: r.get(6)?,
                revenue: r.get(7)?,
            })
        })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `(introduced, declined, won, lost)` over every request `source` was the source of,
/// counted as [`source_tallies`] counts them; `None` when there is none.
pub fn source_outcomes(conn: &Connection, source: PersonId) -> Result<Option<(u32, u32, u32, u32)>> {
    let row = conn
        .prepare_cached(
            "SELECT COUNT(*), SUM((reached & ?2) <> 0), SUM((reached & ?3) <> 0),
                    SUM(stage = 'won'), SUM(stage = 'lost')
             FROM intro_requests WHERE source_id = ?1",
        )?
        .query_row(params![source.0, Stage::Introduced.bit(), Stage::Declined.bit()], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, Option<u32>>(1)?,
                r.get::<_, Option<u32>>(2)?,
                r.get::<_, Option<u32>>(3)?,
                r.get::<_, Option<u32>>(4)?,
            ))
        })?;
    Ok(match row {
        (0, ..) => None,
        (_, i, d, w, l) => Some((i.unwrap_or(0), d.unwrap_or(0), w.unwrap_or(0), l.unwrap_or(0))),
    })
}

/// How a metrics query groups requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKey {
    None,
    Rep,
    Source,
}

/// `(group, reached mask, count)` for requests created in `[start, end)`, optionally for one
/// rep. Grouped by nothing or by rep, whole UTC days come from the `request_daily` summary
/// and only the partial days at the ends from the requests; by source, the all-time
/// `request_sources` totals less the requests created outside the period, or one scan of
/// the period's requests when those are fewer.
pub fn reached_counts(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
    by: GroupKey,
) -> Result<Vec<(Option<Uuid>, i64, u64)>> {
    let mut out = Vec::new();
    if by == GroupKey::Source {
        return source_counts(store, start, end, rep);
    }
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let first_full = if midnight(start.date_naive()) == start {
        start.date_naive()
    } else {
        start.date_naive() + chrono::Days::new(1)
    };
    let last_full_end = end.date_naive();
    if first_full >= last_full_end {
        scan_counts(store, start, end, rep, by, &mut out)?;
        return Ok(out);
    }
    scan_counts(store, start, midnight(first_full), rep, by, &mut out)?;
    scan_counts(store, midnight(last_full_end), end, rep, by, &mut out)?;
    let key = if by == GroupKey::Rep { "rep_id" } else { "NULL" };
    // `key` is one of two constants. Summed here rather than by SQL's GROUP BY, which
    // sorts every row first (several times slower over a year of days).
    let sql = format!(
        "SELECT {key}, reached, n FROM request_daily
         WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR rep_id = ?3)"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            first_full.format("%Y-%m-%d").to_string(),
            last_full_end.format("%Y-%m-%d").to_string(),
            rep.map(|r| r.0)
        ],
        |r| Ok((r.get(0)?, r.get(1)?, n(r, 2)?)),
    )?;
    let mut sums: HashMap<(Option<Uuid>, i64), u64> = HashMap::new();
    for row in rows {
        let (k, mask, count) = row?;
        *sums.entry((k, mask)).or_default() += count;
    }
    out.extend(sums.into_iter().map(|((k, mask), count)| (k, mask, count)));
    Ok(out)
}

/// Requests in `request_daily` on UTC days outside `[start, end)`'s days, and in all.
fn daily_outside_and_total(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<(u64, u64)> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT TOTAL(CASE WHEN day < ?1 OR day > ?2 THEN n END), TOTAL(n) FROM request_daily
         WHERE ?3 IS NULL OR rep_id = ?3",
    )?;
    let (outside, total): (f64, f64) = stmt.query_row(
        params![
            start.date_naive().format("%Y-%m-%d").to_string(),
            end.date_naive().format("%Y-%m-%d").to_string(),
            rep.map(|r| r.0)
        ],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((outside as u64, total as u64))
}

fn source_counts(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<Vec<(Option<Uuid>, i64, u64)>> {
    let mut out = Vec::new();
    let (outside, total) = daily_outside_and_total(store, start, end, rep)?;
    if start >= end || outside * 2 >= total {
        scan_counts(store, start, end, rep, GroupKey::Source, &mut out)?;
        return Ok(out);
    }
    let mut counts: HashMap<(Uuid, i64), i64> = HashMap::new();
    let mut stmt = store.conn().prepare_cached(
        "SELECT source_id, reached, n FROM request_sources WHERE ?1 IS NULL OR rep_id = ?1",
    )?;
    let rows = stmt.query_map(params![rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (source, mask, n): (Uuid, i64, i64) = row?;
        *counts.entry((source, mask)).or_default() += n;
    }
    let before = "SELECT source_id, reached, COUNT(*) FROM intro_requests INDEXED BY intro_requests_created
         WHERE created_at < ?1 AND (?2 IS NULL OR rep_id = ?2) GROUP BY 1, 2";
    let after = "SELECT source_id, reached, COUNT(*) FROM intro_requests INDEXED BY intro_requests_created
         WHERE created_at >= ?1 AND (?2 IS NULL OR rep_id = ?2) GROUP BY 1, 2";
    for (sql, bound) in [(before, start), (after, end)] {
        let mut stmt = store.conn().prepare_cached(sql)?;
        let rows =
            stmt.query_map(params![bound, rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            let (source, mask, n): (Uuid, i64, i64) = row?;
            *counts.entry((source, mask)).or_default() -= n;
        }
    }
    out.extend(
        counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((source, mask), n)| (Some(source), mask, u64::try_from(n).unwrap_or(0))),
    );
    Ok(out)
}

fn scan_counts(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
    by: GroupKey,
    out: &mut Vec<(Option<Uuid>, i64, u64)>,
) -> Result<()> {
    if start >= end {
        return Ok(());
    }
    let key = match by {
        GroupKey::None => "NULL",
        GroupKey::Rep => "rep_id",
        GroupKey::Source => "source_id",
    };
    // `key` is one of three constants.
    let sql = format!(
        "SELECT {key}, reached, COUNT(*) FROM intro_requests INDEXED BY intro_requests_created
         WHERE created_at >= ?1 AND created_at < ?2 AND (?3 IS NULL OR rep_id = ?3)
         GROUP BY 1, 2"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows =
        stmt.query_map(params![start, end, rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?, n(r, 2)?)))?;
    for row in rows {
        out.push(row?);
    }
    Ok(())
}

/// A referral source's results over some requests.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceResult {
    pub source_id: PersonId,
    pub name: String,
    /// Requests that reached `introduced`.
    pub introduced: u64,
    pub won: u64,
    pub revenue: f64,
}

/// Per source, over requests created in `[start, end)`: introductions made, wins, revenue
/// (counts from [`reached_counts`] by source, revenue from the won requests' index).
pub fn source_results(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<Vec<SourceResult>> {
    let unnamed = source_results_unnamed(store, start, end, rep)?;
    let names = people_names(store, unnamed.iter().map(|r| r.source_id.0))?;
    Ok(unnamed
        .into_iter()
        .map(|r| SourceResult { name: names.get(&r.source_id.0).cloned().unwrap_or_default(), ..r })
        .collect())
}

/// [`source_results`] with empty names (a caller that needs only some names looks them up).
pub(crate) fn source_results_unnamed(
    store: &Store,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    rep: Option<RepId>,
) -> Result<Vec<SourceResult>> {
    let mut tally: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for (source, mask, n) in reached_counts(store, start, end, rep, GroupKey::Source)? {
        let Some(source) = source else { continue };
        let t = tally.entry(source).or_default();
        if mask & Stage::Introduced.bit() != 0 {
            t.0 += n;
        }
        // `won` is final: a request that reached it is still there.
        if mask & Stage::Won.bit() != 0 {
            t.1 += n;
        }
    }
    tally.retain(|_, (introduced, won)| *introduced > 0 || *won > 0);
    let mut revenue: HashMap<Uuid, f64> = HashMap::new();
    let mut stmt = store.conn().prepare_cached(
        "SELECT source_id, TOTAL(deal_value) FROM intro_requests INDEXED BY intro_requests_won
         WHERE stage = 'won' AND created_at >= ?1 AND created_at < ?2 AND (?3 IS NULL OR rep_id = ?3)
         GROUP BY source_id",
    )?;
    for row in stmt.query_map(params![start, end, rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (source, value) = row?;
        revenue.insert(source, value);
    }
    Ok(tally
        .into_iter()
        .map(|(source, (introduced, won))| SourceResult {
            source_id: PersonId(source),
            name: String::new(),
            introduced,
            won,
            revenue: revenue.get(&source).copied().unwrap_or(0.0),
        })
        .collect())
}

/// The full names of these people (those that exist).
pub fn people_names(store: &Store, ids: impl IntoIterator<Item = Uuid>) -> Result<HashMap<Uuid, String>> {
    let mut stmt = store.conn().prepare_cached("SELECT full_name FROM people WHERE id = ?1")?;
    let mut out = HashMap::new();
    for id in ids {
        if let Some(name) = stmt.query_row([id], |r| r.get(0)).optional()? {
            out.insert(id, name);
        }
    }
    Ok(out)
}

/// Asks per rep: history entries into `asked` at an instant in `[start, end)`. Whole UTC
/// days come from the `request_asks_daily` summary, the partial days at the ends from the
/// history.
pub fn asks_by_rep(store: &Store, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<(RepId, u64)>> {
    let mut counts: HashMap<Uuid, u64> = HashMap::new();
    let mut scan = |from: DateTime<Utc>, to: DateTime<Utc>| -> Result<()> {
        if from >= to {
            return Ok(());
        }
        let mut stmt = store.conn().prepare_cached(
            "SELECT r.rep_id, COUNT(*) FROM request_history h JOIN intro_requests r ON r.id = h.request_id
             WHERE h.to_stage = 'asked' AND h.at >= ?1 AND h.at < ?2 GROUP BY r.rep_id",
        )?;
        for row in stmt.query_map(params![from, to], |r| Ok((r.get(0)?, n(r, 1)?)))? {
            let (rep, k): (Uuid, u64) = row?;
            *counts.entry(rep).or_default() += k;
        }
        Ok(())
    };
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let first_full = if midnight(start.date_naive()) == start {
        start.date_naive()
    } else {
        start.date_naive() + chrono::Days::new(1)
    };
    let last_full_end = end.date_naive();
    if first_full >= last_full_end {
        scan(start, end)?;
    } else {
        scan(start, midnight(first_full))?;
        scan(midnight(last_full_end), end)?;
        let mut stmt = store.conn().prepare_cached(
            "SELECT rep_id, SUM(n) FROM request_asks_daily WHERE day >= ?1 AND day < ?2 GROUP BY rep_id",
        )?;
        let rows = stmt.query_map(
            params![first_full.format("%Y-%m-%d").to_string(), last_full_end.format("%Y-%m-%d").to_string()],
            |r| Ok((r.get(0)?, n(r, 1)?)),
        )?;
        for row in rows {
            let (rep, k): (Uuid, u64) = row?;
            *counts.entry(rep).or_default() += k;
        }
    }
    Ok(counts.into_iter().filter(|(_, k)| *k > 0).map(|(rep, k)| (RepId(rep), k)).collect())
}

/// Per rep, as of `today`: open requests with an overdue follow-up, and requests whose
/// source introduced them and has not been thanked (from the `request_follow_ups` summary
/// and a partial index).
pub fn owed_by_rep(store: &Store, today: NaiveDate) -> Result<Vec<(RepId, u64, u64)>> {
    let mut owed: HashMap<Uuid, (u64, u64)> = HashMap::new();
    let mut stmt = store.conn().prepare_cached("SELECT rep_id, n FROM request_follow_ups WHERE day < ?1")?;
    for row in stmt.query_map(params![today], |r| Ok((r.get(0)?, n(r, 1)?)))? {
        let (rep, k): (Uuid, u64) = row?;
        owed.entry(rep).or_default().0 += k;
    }
    // 16 is `Stage::Introduced.bit()`, spelt out to match the partial index.
    let mut stmt = store.conn().prepare_cached(
        "SELECT rep_id, COUNT(*) FROM intro_requests INDEXED BY intro_requests_unthanked
         WHERE (reached & 16) <> 0 AND thanked_on IS NULL GROUP BY rep_id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, n(r, 1)?)))? {
        let (rep, k): (Uuid, u64) = row?;
        owed.entry(rep).or_default().1 = k;
    }
    Ok(owed.into_iter().map(|(rep, (a, b))| (RepId(rep), a, b)).collect())
}
/// Opens the referral opportunity of a request reaching the `opportunity` stage (once).
fn open_opportunity(
    tx: &Connection,
    request: &IntroRequest,
    value: Option<f64>,
    today: NaiveDate,
    first_meeting: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO opportunities (id, rep_id, person_id, title, lead_source, request_id, value, opened_on,
             first_meeting_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'referral', ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT(request_id) DO NOTHING",
    )?
    .execute(params![
        OpportunityId::new().0,
        request.rep_id.0,
        request.target_id.0,
        format!("{} (introduced by {})", request.target_name, request.source_name),
        request.id.0,
        value,
        today,
        first_meeting,
        now
    ])?;
    Ok(())
}

/// Closes the referral opportunity of a request reaching `won` or `lost`, if it has one.
fn close_opportunity(
    tx: &Connection,
    request: RequestId,
    won: bool,
    value: Option<f64>,
    reason: Option<&str>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE opportunities SET outcome = ?2, closed_on = MAX(opened_on, ?3), value = COALESCE(?4, value),
             lost_reason = ?5, updated_at = ?6
         WHERE request_id = ?1 AND outcome = 'open'",
    )?
    .execute(params![
        request.0,
        if won { Outcome::Won } else { Outcome::Lost },
        today,
        value,
        reason,
        now
    ])?;
    Ok(())
}
