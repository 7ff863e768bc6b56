//! Exchanges read from the rep's own mail, calendar and LinkedIn messages, the touches
//! they give, and what is worked out from them: each contact's counts (for the suggested
//! strength), people seen together (co-occurrence) and keep-in-touch cadences.
//!
//! An exchange is stored once under its key (Message-ID, calendar UID and occurrence,
//! LinkedIn conversation and time): importing the same file again adds nothing. Only
//! who, when and which way is kept.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use super::{now, rows};
use crate::error::{Error, Result};
use crate::model::{Direction, PersonId, RelationshipId, RepId, Strength, TouchKind};

/// A new exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeInput<'a> {
    pub key: &'a str,
    pub kind: TouchKind,
    pub date: NaiveDate,
    pub thread: &'a str,
    /// Everyone on it but the rep, people or not.
    pub participants: u32,
    pub subject: Option<&'a str>,
}

/// Whether an exchange with this key is stored.
pub fn exists(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM exchanges WHERE key = ?1")?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Stores an exchange; `None` when one with the same key already is (nothing is written).
pub fn insert(tx: &Transaction<'_>, input: &ExchangeInput<'_>) -> Result<Option<Uuid>> {
    let id = Uuid::now_v7();
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO exchanges (id, key, kind, date, thread, participants, subject, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            input.key,
            input.kind.as_str(),
            input.date,
            input.thread,
            input.participants,
            input.subject,
            now()
        ])?;
    Ok((n == 1).then_some(id))
}

/// The id of the exchange stored under `key`.
pub fn find(conn: &Connection, key: &str) -> Result<Option<Uuid>> {
    Ok(conn
        .prepare_cached("SELECT id FROM exchanges WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Records that `person` was on the exchange.
pub fn add_person(tx: &Transaction<'_>, exchange: Uuid, person: PersonId) -> Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO exchange_people (exchange_id, person_id) VALUES (?1, ?2)")?
        .execute(params![exchange, person.0])?;
    Ok(())
}

/// Adds the touch an exchange gives between `rep` and `person`; false when it is there.
pub fn add_touch(
    tx: &Transaction<'_>,
    exchange: Uuid,
    person: PersonId,
    rep: RepId,
    kind: TouchKind,
    direction: Option<Direction>,
    date: NaiveDate,
) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO touches (id, person_id, rep_id, kind, date, notes, created_at, direction, exchange_id)
             VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8)",
        )?
        .execute(params![
            Uuid::now_v7(),
            person.0,
            rep.0,
            kind.as_str(),
            date,
            now(),
            direction.map(Direction::as_str),
            exchange
        ])?;
    Ok(n == 1)
}

/// How many exchanges are stored.
pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM exchanges")?.query_row([], |r| r.get::<_, i64>(0))? as u64)
}

/// A rep's touches with one person, counted over a window, and the latest of all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactCounts {
    pub person: PersonId,
    /// Emails and LinkedIn messages the rep sent.
    pub sent: u32,
    /// Emails and LinkedIn messages the rep received.
    pub received: u32,
    /// Of `sent` and `received`, the LinkedIn messages.
    pub messages: u32,
    pub meetings: u32,
    /// Calls, events and touches logged by hand without a direction.
    pub other: u32,
    /// The latest touch, however old.
    pub last: Option<NaiveDate>,
}

/// Every person the rep has touches with: counts of touches on or after `since`, and the
/// latest touch. One grouped scan of the rep's touches.
pub fn contact_counts(conn: &Connection, rep: RepId, since: NaiveDate) -> Result<Vec<ContactCounts>> {
    let mut st = conn.prepare_cached(
        "SELECT person_id,
                sum(date >= ?2 AND kind IN ('email', 'message') AND direction = 'sent'),
                sum(date >= ?2 AND kind IN ('email', 'message') AND direction = 'received'),
                sum(date >= ?2 AND kind = 'meeting'),
                sum(date >= ?2 AND kind = 'message' AND direction IS NOT NULL),
                sum(date >= ?2 AND NOT (kind = 'meeting' OR (kind IN ('email', 'message') AND direction IS NOT NULL))),
                max(date)
         FROM touches WHERE rep_id = ?1 GROUP BY person_id ORDER BY person_id",
    )?;
    let rows = st.query_map(params![rep.0, since], |r| {
        Ok(ContactCounts {
            person: PersonId(r.get(0)?),
            sent: r.get::<_, i64>(1)? as u32,
            received: r.get::<_, i64>(2)? as u32,
            meetings: r.get::<_, i64>(3)? as u32,
            messages: r.get::<_, i64>(4)? as u32,
            other: r.get::<_, i64>(5)? as u32,
            last: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest touch with a person (by any rep), if any.
pub fn last_touch(conn: &Connection, person: PersonId) -> Result<Option<NaiveDate>> {
    Ok(conn
        .prepare_cached("SELECT max(date) FROM touches WHERE person_id = ?1")?
        .query_row([person.0], |r| r.get(0))?)
}

/// A person's touches counted by month (`YYYY-MM`, oldest first) from `since`.
pub fn touches_by_month(conn: &Connection, person: PersonId, since: NaiveDate) -> Result<Vec<(String, u32)>> {
    let mut st = conn.prepare_cached(
        "SELECT substr(date, 1, 7) AS month, count(*) FROM touches
         WHERE person_id = ?1 AND date >= ?2 GROUP BY month ORDER BY month",
    )?;
    let rows = st.query_map(params![person.0, since], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u32)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Two people (neither of them `rep`) seen together on exchanges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Together {
    pub a: PersonId,
    pub b: PersonId,
    /// Distinct email or message threads both were on.
    pub threads: u32,
    pub meetings: u32,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Pairs of people seen together on at least `min` distinct threads or meetings, counting
/// only exchanges with at most `max_participants` people on them (a company-wide mail is
/// no evidence that two of its readers know each other). Most seen first.
pub fn together(
    conn: &Connection,
    rep_person: PersonId,
    min: u32,
    max_participants: u32,
) -> Result<Vec<Together>> {
    rows::in_snapshot(conn, |conn| {
        let mut st = conn.prepare_cached(
            "SELECT x.person_id, y.person_id,
                    count(DISTINCT CASE WHEN e.kind != 'meeting' THEN e.thread END),
                    count(DISTINCT CASE WHEN e.kind = 'meeting' THEN e.id END),
                    min(e.date), max(e.date)
             FROM exchanges e
             JOIN exchange_people x ON x.exchange_id = e.id
             JOIN exchange_people y ON y.exchange_id = e.id AND x.person_id < y.person_id
             WHERE e.participants <= ?2 AND x.person_id != ?1 AND y.person_id != ?1
             GROUP BY x.person_id, y.person_id
             HAVING count(DISTINCT CASE WHEN e.kind != 'meeting' THEN e.thread END)
                  + count(DISTINCT CASE WHEN e.kind = 'meeting' THEN e.id END) >= ?3
             ORDER BY 3 + 4 DESC, x.person_id, y.person_id",
        )?;
        let rows = st.query_map(params![rep_person.0, max_participants, min], |r| {
            Ok(Together {
                a: PersonId(r.get(0)?),
                b: PersonId(r.get(1)?),
                threads: r.get::<_, i64>(2)? as u32,
                meetings: r.get::<_, i64>(3)? as u32,
                first: r.get(4)?,
                last: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

// ---------------------------------------------------------------- dismissed ties

/// Remembers that the rep said `a` and `b` do not know each other (migration 0019): no
/// import proposes the pair again. Dismissing a pair twice keeps the first time.
pub fn dismiss_tie(tx: &Transaction<'_>, a: PersonId, b: PersonId) -> Result<()> {
    if a == b {
        return Err(Error::invalid("people", "a tie needs two different people"));
    }
    let (x, y) = super::relationships::ordered(a, b);
    tx.prepare_cached(
        "INSERT INTO dismissed_ties (person_a, person_b, dismissed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (person_a, person_b) DO NOTHING",
    )?
    .execute(params![x.0, y.0, now()])?;
    Ok(())
}

/// Whether the rep dismissed the pair `a`, `b`.
pub fn tie_dismissed(conn: &Connection, a: PersonId, b: PersonId) -> Result<bool> {
    let (x, y) = super::relationships::ordered(a, b);
    Ok(conn
        .prepare_cached("SELECT 1 FROM dismissed_ties WHERE person_a = ?1 AND person_b = ?2")?
        .query_row(params![x.0, y.0], |_| Ok(()))
        .optional()?
        .is_some())
}

/// How many pairs the rep dismissed.
pub fn dismissed_ties_count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.prepare_cached("SELECT count(*) FROM dismissed_ties")?.query_row([], |r| r.get(0))?;
    Ok(n as u64)
}

/// A merge of `absorb` into `keep` (inside its transaction): a dismissal between the two
/// goes; every other dismissal of `absorb` moves to `keep`, kept once.
pub(crate) fn follow_merge(tx: &Transaction<'_>, keep: PersonId, absorb: PersonId) -> Result<()> {
    let (x, y) = super::relationships::ordered(keep, absorb);
    tx.prepare_cached("DELETE FROM dismissed_ties WHERE person_a = ?1 AND person_b = ?2")?
        .execute(params![x.0, y.0])?;
    let others: Vec<(PersonId, String)> = {
        let mut st = tx.prepare_cached(
            "SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END, dismissed_at
             FROM dismissed_ties WHERE person_a = ?1 OR person_b = ?1",
        )?;
        let rows = st.query_map([absorb.0], |r| Ok((PersonId(r.get(0)?), r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    tx.prepare_cached("DELETE FROM dismissed_ties WHERE person_a = ?1 OR person_b = ?1")?
        .execute([absorb.0])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO dismissed_ties (person_a, person_b, dismissed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (person_a, person_b) DO NOTHING",
    )?;
    for (other, at) in others {
        if other == keep {
            continue;
        }
        let (x, y) = super::relationships::ordered(keep, other);
        insert.execute(params![x.0, y.0, at])?;
    }
    Ok(())
}

// ---------------------------------------------------------------- strengths

/// Whether the rep chose this relationship's strength by hand.
pub fn strength_by_hand(conn: &Connection, id: RelationshipId) -> Result<bool> {
    conn.prepare_cached("SELECT strength_by_hand FROM relationships WHERE id = ?1")?
        .query_row([id.0], |r| r.get::<_, bool>(0))
        .optional()?
        .ok_or_else(|| Error::not_found("relationship", id.to_string()))
}

/// Sets a strength that the rep did not type: an import's default, or an accepted
/// suggestion. A later suggestion may replace it.
pub fn set_strength_not_by_hand(tx: &Transaction<'_>, id: RelationshipId, strength: Strength) -> Result<()> {
    let n = tx
        .prepare_cached(
            "UPDATE relationships SET strength = ?2, strength_by_hand = 0,
                    updated_at = CASE WHEN strength != ?2 THEN ?3 ELSE updated_at END
             WHERE id = ?1",
        )?
        .execute(params![id.0, strength.get(), now()])?;
    if n == 0 {
        return Err(Error::not_found("relationship", id.to_string()));
    }
    Ok(())
}

// ---------------------------------------------------------------- keeping in touch

/// Sets (or, with `None`, clears) how often the rep means to be in touch with a person.
pub fn set_cadence(tx: &Transaction<'_>, person: PersonId, days: Option<u32>) -> Result<()> {
    if let Some(d) = days {
        if !(1..=3650).contains(&d) {
            return Err(Error::invalid("cadence", format!("{d} days is not a cadence; give 1 to 3650 days")));
        }
    }
    let n = tx
        .prepare_cached("UPDATE people SET keep_in_touch_days = ?2 WHERE id = ?1")?
        .execute(params![person.0, days])?;
    if n == 0 {
        return Err(Error::not_found("person", person.0.to_string()));
    }
    Ok(())
}

/// A person's keep-in-touch cadence in days, if set.
pub fn cadence(conn: &Connection, person: PersonId) -> Result<Option<u32>> {
    Ok(conn
        .prepare_cached("SELECT keep_in_touch_days FROM people WHERE id = ?1")?
        .query_row([person.0], |r| r.get::<_, Option<u32>>(0))
        .optional()?
        .flatten())
}

/// A person with a cadence, and their latest touch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cadenced {
    pub person: PersonId,
    pub name: String,
    pub days: u32,
    pub last: Option<NaiveDate>,
}

/// Every person with a cadence whose next contact falls on or before `by`: never touched,
/// or last touched `days` or more before `by`.
pub fn due_by(conn: &Connection, by: NaiveDate) -> Result<Vec<Cadenced>> {
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.full_name, p.keep_in_touch_days, (SELECT max(t.date) FROM touches t WHERE t.person_id = p.id)
         FROM people p WHERE p.keep_in_touch_days IS NOT NULL ORDER BY p.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Cadenced { person: PersonId(r.get(0)?), name: r.get(1)?, days: r.get(2)?, last: r.get(3)? })
    })?;
    let mut due = Vec::new();
    for row in rows {
        let c = row?;
        let next = c.last.map(|l| l + chrono::Days::new(u64::from(c.days)));
        if next.is_none_or(|n| n <= by) {
            due.push(c);
        }
    }
    Ok(due)
}
