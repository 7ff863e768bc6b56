//! Opportunities: deals with a lead source. Referral opportunities are opened and closed
//! by their introduction request's stage; the others are added and closed by hand.

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::opportunity::{check_value, Close};
use crate::model::{Clock, LeadSource, Move, NewOpportunity, Opportunity, Outcome, Stage};
use crate::model::{OpportunityId, PersonId, RepId, RequestId};
use crate::store::requests;
use crate::store::rows::n;
use crate::store::Store;

impl ToSql for LeadSource {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for LeadSource {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str()?.parse().map_err(|e: Error| FromSqlError::Other(Box::new(e)))
    }
}

impl ToSql for Outcome {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Outcome {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str()?.parse().map_err(|e: Error| FromSqlError::Other(Box::new(e)))
    }
}

const SELECT: &str = "SELECT id, rep_id, person_id, title, lead_source, request_id, value, opened_on,
        first_meeting_on, closed_on, outcome, lost_reason, created_at, updated_at
    FROM opportunities";

fn row(r: &Row<'_>) -> rusqlite::Result<Opportunity> {
    Ok(Opportunity {
        id: OpportunityId(r.get(0)?),
        rep_id: RepId(r.get(1)?),
        person_id: r.get::<_, Option<Uuid>>(2)?.map(PersonId),
        title: r.get(3)?,
        lead_source: r.get(4)?,
        request_id: r.get::<_, Option<Uuid>>(5)?.map(RequestId),
        value: r.get(6)?,
        opened_on: r.get(7)?,
        first_meeting_on: r.get(8)?,
        closed_on: r.get(9)?,
        outcome: r.get(10)?,
        lost_reason: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

fn get_in(conn: &Connection, id: OpportunityId) -> Result<Opportunity> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.0], row)
        .optional()?
        .ok_or_else(|| Error::not_found("opportunity", id.to_string()))
}

pub fn get(store: &Store, id: OpportunityId) -> Result<Opportunity> {
    get_in(store.conn(), id)
}

/// Finds an opportunity by id or a unique prefix of it (at least 6 hex digits).
pub fn resolve(store: &Store, text: &str) -> Result<OpportunityId> {
    let t = text.trim();
    if let Ok(u) = Uuid::parse_str(t) {
        return Ok(OpportunityId(u));
    }
    let hex: String = t.chars().filter(|c| *c != '-').collect();
    if hex.len() < 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::invalid(
            "opportunity",
            format!("{t:?} is not an opportunity id (give at least 6 hex digits)"),
        ));
    }
    let mut stmt =
        store.conn().prepare_cached("SELECT id FROM opportunities WHERE hex(id) LIKE ?1 LIMIT 6")?;
    let ids: Vec<Uuid> = stmt
        .query_map([format!("{}%", hex.to_ascii_uppercase())], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [one] => Ok(OpportunityId(*one)),
        [] => Err(Error::not_found("opportunity", t)),
        many => Err(Error::Ambiguous {
            what: "opportunity",
            query: t.to_string(),
            candidates: many.iter().map(|u| u.to_string()).collect(),
        }),
    }
}

/// Adds a non-referral opportunity.
pub fn add(store: &mut Store, new: &NewOpportunity, clock: &Clock) -> Result<Opportunity> {
    new.check()?;
    let id = OpportunityId::new();
    store.write(|tx| {
        let (_, active, name) = requests::rep_person(tx, new.rep_id)?;
        if !active {
            return Err(Error::Conflict(format!("rep {name} is inactive")));
        }
        if let Some(p) = new.person_id {
            requests::person_name(tx, p, "contact")?;
        }
        tx.prepare_cached(
            "INSERT INTO opportunities (id, rep_id, person_id, title, lead_source, value, opened_on,
                 first_meeting_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?
        .execute(params![
            id.0,
            new.rep_id.0,
            new.person_id.map(|p| p.0),
            new.title.trim(),
            new.lead_source,
            new.value,
            new.opened_on,
            new.first_meeting_on,
            clock.now
        ])?;
        Ok(())
    })?;
    get(store, id)
}

/// Corrects a non-referral opportunity: its rep, contact, title, lead source, value and
/// dates, checked as when it was added (a closed one keeps its outcome; its close date may
/// not fall before the new opening date). A referral opportunity follows its request.
pub fn update(
    store: &mut Store,
    id: OpportunityId,
    changed: &NewOpportunity,
    clock: &Clock,
) -> Result<Opportunity> {
    changed.check()?;
    store.write(|tx| {
        let opp = get_in(tx, id)?;
        if opp.lead_source == LeadSource::Referral {
            return Err(Error::Conflict(format!(
                "the opportunity {:?} comes from an introduction request; change it through the request",
                opp.title
            )));
        }
        if changed.rep_id != opp.rep_id {
            let (_, active, name) = requests::rep_person(tx, changed.rep_id)?;
            if !active {
                return Err(Error::Conflict(format!("rep {name} is inactive")));
            }
        }
        if let Some(p) = changed.person_id {
            requests::person_name(tx, p, "contact")?;
        }
        if let Some(closed) = opp.closed_on.filter(|c| *c < changed.opened_on) {
            return Err(Error::invalid(
                "opened on",
                format!("{} is after the close date {closed}", changed.opened_on),
            ));
        }
        if opp.outcome == Outcome::Won && changed.value.is_none() {
            return Err(Error::invalid("value", "a won opportunity keeps its value"));
        }
        tx.prepare_cached(
            "UPDATE opportunities SET rep_id = ?2, person_id = ?3, title = ?4, lead_source = ?5, value = ?6,
                 opened_on = ?7, first_meeting_on = ?8, updated_at = ?9
             WHERE id = ?1",
        )?
        .execute(params![
            id.0,
            changed.rep_id.0,
            changed.person_id.map(|p| p.0),
            changed.title.trim(),
            changed.lead_source,
            changed.value,
            changed.opened_on,
            changed.first_meeting_on,
            clock.now
        ])?;
        Ok(())
    })?;
    get(store, id)
}

/// Removes a non-referral opportunity (one recorded by mistake). A referral opportunity
/// belongs to its request's history and stays.
pub fn remove(store: &mut Store, id: OpportunityId) -> Result<Opportunity> {
    store.write(|tx| {
        let opp = get_in(tx, id)?;
        if opp.lead_source == LeadSource::Referral {
            return Err(Error::Conflict(format!(
                "the opportunity {:?} comes from an introduction request and stays with its history; \
                 close it as lost instead",
                opp.title
            )));
        }
        tx.prepare_cached("DELETE FROM opportunities WHERE id = ?1")?.execute([id.0])?;
        Ok(opp)
    })
}

/// Opportunities, newest first, optionally for one rep and one lead source.
pub fn list(store: &Store, rep: Option<RepId>, source: Option<LeadSource>) -> Result<Vec<Opportunity>> {
    let mut stmt = store.conn().prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR rep_id = ?1) AND (?2 IS NULL OR lead_source = ?2)
         ORDER BY opened_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map(params![rep.map(|r| r.0), source], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Closes an open opportunity. A referral opportunity moves its request to won / lost too.
pub fn close(store: &mut Store, id: OpportunityId, close: &Close, clock: &Clock) -> Result<Opportunity> {
    check_value(close.value)?;
    let rules = requests::follow_up_rules(store)?;
    store.write(|tx| {
        let opp = get_in(tx, id)?;
        if opp.outcome != Outcome::Open {
            return Err(Error::Conflict(format!("the opportunity {:?} is already {}", opp.title, opp.outcome)));
        }
        let value = close.value.or(opp.value);
        let reason = close.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
        match close.outcome {
            Outcome::Open => return Err(Error::invalid("outcome", "close an opportunity as won or lost")),
            Outcome::Won if value.is_none() => {
                return Err(Error::invalid("value", "closing an opportunity as won needs its value"))
            }
            Outcome::Lost if reason.is_none() => {
                return Err(Error::invalid("reason", "closing an opportunity as lost needs the reason"))
            }
            _ => {}
        }
        if close.on < opp.opened_on {
            return Err(Error::invalid("closed on", format!("{} is before the opening date {}", close.on, opp.opened_on)));
        }
        if let Some(request) = opp.request_id {
            let mv = Move {
                to: if close.outcome == Outcome::Won { Stage::Won } else { Stage::Lost },
                note: "opportunity closed".into(),
                deal_value: value,
                lost_reason: reason.map(str::to_string),
            };
            requests::move_in(tx, request, &mv, clock, &rules)?;
        }
        // For a referral this sets the date the user gave (the request move used today).
        tx.prepare_cached(
            "UPDATE opportunities SET outcome = ?2, closed_on = ?3, value = ?4, lost_reason = ?5, updated_at = ?6
             WHERE id = ?1",
        )?
        .execute(params![id.0, close.outcome, close.on, value, reason, clock.now])?;
        Ok(())
    })?;
    get(store, id)
}

/// Per lead source: opportunities opened, won, lost, and the total value won.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutcomeCounts {
    pub lead_source: LeadSource,
    pub opened: u64,
    pub won: u64,
    pub lost: u64,
    pub value_won: f64,
}

/// Outcome counts per lead source, for opportunities opened on local dates `from..=to`.
pub fn outcome_counts(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    rep: Option<RepId>,
) -> Result<Vec<OutcomeCounts>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT lead_source, COUNT(*), SUM(outcome = 'won'), SUM(outcome = 'lost'),
                TOTAL(CASE WHEN outcome = 'won' THEN value END)
         FROM opportunities WHERE opened_on >= ?1 AND opened_on <= ?2 AND (?3 IS NULL OR rep_id = ?3)
         GROUP BY lead_source",
    )?;
    let rows = stmt.query_map(params![from, to, rep.map(|r| r.0)], |r| {
        Ok(OutcomeCounts {
            lead_source: r.get(0)?,
            opened: n(r, 1)?,
            won: n(r, 2)?,
            lost: n(r, 3)?,
            value_won: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Days from opening to close of every closed opportunity opened in `from..=to`.
pub fn cycle_days(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    rep: Option<RepId>,
) -> Result<Vec<(LeadSource, i64)>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT lead_source, CAST(julianday(closed_on) - julianday(opened_on) AS INTEGER)
         FROM opportunities
         WHERE closed_on IS NOT NULL AND opened_on >= ?1 AND opened_on <= ?2 AND (?3 IS NULL OR rep_id = ?3)",
    )?;
    let rows = stmt.query_map(params![from, to, rep.map(|r| r.0)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Per lead source, over opportunities opened in `from..=to` that have a first meeting:
/// `(source, opportunities, touches before the first meeting)`. A referral counts the touches
/// logged for its request; any other source counts the rep's touches with the contact.
pub fn touches_before_meeting(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    rep: Option<RepId>,
) -> Result<Vec<(LeadSource, u64, u64)>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT o.lead_source, COUNT(*), SUM(CASE
                WHEN o.request_id IS NOT NULL THEN
                    (SELECT COUNT(*) FROM touches t WHERE t.request_id = o.request_id AND t.date < o.first_meeting_on)
                ELSE
                    (SELECT COUNT(*) FROM touches t WHERE t.person_id = o.person_id
                        AND (t.rep_id IS NULL OR t.rep_id = o.rep_id) AND t.date < o.first_meeting_on)
                END)
         FROM opportunities o
         WHERE o.first_meeting_on IS NOT NULL AND o.opened_on >= ?1 AND o.opened_on <= ?2
           AND (?3 IS NULL OR o.rep_id = ?3)
         GROUP BY o.lead_source",
    )?;
    let rows =
        stmt.query_map(params![from, to, rep.map(|r| r.0)], |r| Ok((r.get(0)?, n(r, 1)?, n(r, 2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
