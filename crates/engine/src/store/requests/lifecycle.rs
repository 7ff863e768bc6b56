//! A request's life: created as a draft (with its ask message), moved through the stages
//! (opening and closing its referral opportunity), followed up, touched, its source thanked
//! and told.
use chrono::{DateTime, NaiveDate, Utc};

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::message::{self, AskContext};
use crate::model::request::{check_path, RequestTouch};
use crate::model::{stage, Clock, FollowUpRules, IntroRequest, Move, NewRequest, Stage};
use crate::model::{OpportunityId, Outcome, PersonId, RepId, RequestId, StageChangeId, TouchId};
use crate::store::Store;

use super::{ask_template, follow_up_rules, get, get_in, person_name, rep_person};
use crate::store::settings;

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
        follow_ups: settings::get(conn, FollowUpRules::SETTING)?.unwrap_or_default(),
        template: settings::get(conn, message::SETTING)?
            .unwrap_or_else(|| message::DEFAULT_TEMPLATE.to_string()),
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
    let path = check_path(rep_person_id, source, target, &new.path).map_err(|e| named(tx, e))?;
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
        let asked = current.created_at.with_timezone(&clock.offset).date_naive();
        let what = if column == "thanked_on" { "thanked" } else { "told how it went" };
        if on < asked {
            return Err(Error::invalid(
                "date",
                format!(
                    "{on} is before the request was made ({asked}): {} cannot have been {what} then",
                    current.source_name
                ),
            ));
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

/// `err` with every person id in its text replaced by the person's name: messages name
/// people, not UUIDs.
fn named(conn: &Connection, err: Error) -> Error {
    let Error::Invalid { field, reason } = err else { return err };
    let mut reason = reason;
    let ids: Vec<String> = reason
        .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .filter(|w| w.len() == 36 && uuid::Uuid::parse_str(w).is_ok())
        .map(str::to_string)
        .collect();
    for id in ids {
        let Ok(uuid) = uuid::Uuid::parse_str(&id) else { continue };
        if let Ok(name) = crate::store::people::name(conn, PersonId(uuid)) {
            reason = reason.replace(&id, &name);
        }
    }
    Error::Invalid { field, reason }
}
