//! Suggested strengths from the rep's touches, people likely to know each other, and who
//! is due a contact.
//!
//! A suggestion reads the rep's touches with one contact over the last 12 months (emails
//! each way, LinkedIn messages, meetings, other touches logged by hand) and the last
//! contact, and says why: "41 emails both ways and 5 meetings in the last 12 months; last
//! contact 9 days ago → strong (4)". The rules ([`suggest`]):
//!
//! | strength | needs |
//! | --- | --- |
//! | 5 very strong | ≥ 80 written exchanges both ways and ≥ 10 meetings, last contact ≤ 30 days |
//! | 4 strong | ≥ 20 written both ways or ≥ 4 meetings, last contact ≤ 60 days |
//! | 3 good | ≥ 6 written both ways or ≥ 2 meetings, last contact ≤ 120 days |
//! | 2 casual | any exchange both ways, or a meeting, in the 12 months |
//! | 1 distant | one way only, or nothing in the 12 months |
//!
//! ("Both ways": the rep wrote and the contact wrote back; a call or meeting logged by
//! hand counts as a meeting.) Accepting all never replaces a strength the rep set by
//! hand: those are listed with `by_hand` and accepted only one by one.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::import::plural;
use crate::model::{PersonId, RelationshipId, Strength};
use crate::paths::relative_date;
use crate::store::exchanges::{self, ContactCounts};
use crate::store::{people, relationships, reps};

/// How far back the counts of a suggestion look.
pub const WINDOW_DAYS: u64 = 365;

/// A strength suggested for the relationship between the rep and a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suggestion {
    pub relationship_id: RelationshipId,
    pub person_id: PersonId,
    pub name: String,
    pub current: u8,
    pub suggested: u8,
    /// The rep chose the current strength: accepting all leaves it.
    pub by_hand: bool,
    pub last_contact: Option<NaiveDate>,
    pub reason: String,
}

/// The strength the counts suggest, and why.
pub fn suggest(c: &ContactCounts, today: NaiveDate) -> (Strength, String) {
    let written = c.sent + c.received;
    let both_ways = (c.sent > 0 && c.received > 0) || c.other > 0;
    let meetings = c.meetings + c.other;
    let days = c.last.map(|l| (today - l).num_days()).unwrap_or(i64::MAX);
    let value = if both_ways && written >= 80 && meetings >= 10 && days <= 30 {
        5
    } else if ((both_ways && written >= 20) || meetings >= 4) && days <= 60 {
        4
    } else if ((both_ways && written >= 6) || meetings >= 2) && days <= 120 {
        3
    } else if (both_ways && written > 0) || meetings >= 1 {
        2
    } else {
        1
    };
    let strength = Strength::new(value).expect("1 to 5");
    let mut parts = Vec::new();
    if written > 0 {
        let way = match (c.sent, c.received) {
            (0, _) => ", all received",
            (_, 0) => ", all sent by you",
            _ => " both ways",
        };
        let emails = written - c.messages;
        let what = match (emails, c.messages) {
            (_, 0) => plural(u64::from(emails), "email", "emails"),
            (0, m) => plural(u64::from(m), "LinkedIn message", "LinkedIn messages"),
            (e, m) => format!(
                "{} and {}",
                plural(u64::from(e), "email", "emails"),
                plural(u64::from(m), "LinkedIn message", "LinkedIn messages")
            ),
        };
        parts.push(format!("{what}{way}"));
    }
    if c.meetings > 0 {
        parts.push(plural(u64::from(c.meetings), "meeting", "meetings"));
    }
    if c.other > 0 {
        parts.push(plural(u64::from(c.other), "other touch", "other touches"));
    }
    let seen = if parts.is_empty() {
        "No touches in the last 12 months".to_string()
    } else {
        let last = parts.pop().expect("one part");
        let list = if parts.is_empty() { last } else { format!("{} and {last}", parts.join(", ")) };
        format!("{list} in the last 12 months")
    };
    let last = match c.last {
        Some(l) => format!("last contact {}", relative_date(l, today)),
        None => "no contact on record".to_string(),
    };
    let reason = format!("{seen}; {last} → {} ({value})", strength.label());
    (strength, reason)
}

fn counts_of(conn: &Connection, today: NaiveDate) -> Result<(PersonId, Vec<ContactCounts>)> {
    let rep = reps::current_rep(conn)?;
    let since = today - chrono::Days::new(WINDOW_DAYS);
    Ok((rep.person_id, exchanges::contact_counts(conn, rep.id, since)?))
}

/// Every relationship of the current rep whose touches suggest another strength than it
/// has, most touched first.
pub fn suggestions(conn: &Connection, today: NaiveDate) -> Result<Vec<Suggestion>> {
    let (me, counts) = counts_of(conn, today)?;
    let mut out = Vec::new();
    for c in counts {
        let Some(r) = relationships::between(conn, me, c.person)? else { continue };
        let (strength, reason) = suggest(&c, today);
        if strength == r.strength {
            continue;
        }
        out.push((
            c.sent + c.received + c.meetings + c.other,
            Suggestion {
                relationship_id: r.id,
                person_id: c.person,
                name: people::get(conn, c.person)?.full_name,
                current: r.strength.get(),
                suggested: strength.get(),
                by_hand: exchanges::strength_by_hand(conn, r.id)?,
                last_contact: r.last_contact,
                reason,
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// What accepting did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Accepted {
    pub accepted: u64,
    /// Strengths set by hand that accepting all left as they are.
    pub kept_by_hand: u64,
}

/// Accepts the suggestions for `only` (one by one: a strength set by hand is replaced,
/// since the rep picked it), or, with `None`, all of them except strengths set by hand.
pub fn accept(tx: &Transaction<'_>, today: NaiveDate, only: Option<&[RelationshipId]>) -> Result<Accepted> {
    let all = suggestions(tx, today)?;
    let mut done = Accepted::default();
    if let Some(ids) = only {
        for id in ids {
            let Some(s) = all.iter().find(|s| s.relationship_id == *id) else {
                let r = relationships::get(tx, *id)?;
                return Err(Error::Conflict(format!(
                    "no suggestion for this relationship: its strength {} already matches its touches",
                    r.strength.get()
                )));
            };
            exchanges::set_strength_not_by_hand(tx, s.relationship_id, Strength::new(s.suggested)?)?;
            done.accepted += 1;
        }
        return Ok(done);
    }
    for s in all {
        if s.by_hand {
            done.kept_by_hand += 1;
            continue;
        }
        exchanges::set_strength_not_by_hand(tx, s.relationship_id, Strength::new(s.suggested)?)?;
        done.accepted += 1;
    }
    Ok(done)
}

/// Two people seen together in the rep's mail and calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LikelyTie {
    pub a: PersonId,
    pub a_name: String,
    pub b: PersonId,
    pub b_name: String,
    /// "Likely know each other: together on 3 email threads and 1 meeting between ..."
    pub seen: String,
    /// Their relationship, if any (an unverified weak one is added by the import).
    pub relationship_id: Option<RelationshipId>,
    pub verified: bool,
}

/// People seen together often enough to likely know each other, most seen first.
pub fn likely_ties(conn: &Connection, limit: usize) -> Result<Vec<LikelyTie>> {
    let rep = reps::current_rep(conn)?;
    let pairs = exchanges::together(
        conn,
        rep.person_id,
        crate::import::exchanges::TOGETHER_AT_LEAST,
        crate::import::exchanges::TOGETHER_AT_MOST_PEOPLE,
    )?;
    let mut out = Vec::new();
    for t in pairs {
        if out.len() >= limit {
            break;
        }
        let r = relationships::between(conn, t.a, t.b)?;
        // A pair the rep dismissed is listed again only if they tied the two up since.
        if r.is_none() && exchanges::tie_dismissed(conn, t.a, t.b)? {
            continue;
        }
        out.push(LikelyTie {
            a: t.a,
            a_name: people::get(conn, t.a)?.full_name,
            b: t.b,
            b_name: people::get(conn, t.b)?.full_name,
            seen: crate::import::exchanges::together_reason(&t),
            relationship_id: r.as_ref().map(|r| r.id),
            verified: r.is_some_and(|r| r.verified()),
        });
    }
    Ok(out)
}

/// The rep says `a` and `b` do not know each other: their tie (a likely one an import
/// proposed, or any other) is removed, and no later import of mail, calendar or messages
/// proposes the pair again. Returns the tie removed, if there was one.
pub fn dismiss_likely_tie(
    tx: &Transaction<'_>,
    a: PersonId,
    b: PersonId,
) -> Result<Option<crate::model::Relationship>> {
    people::get(tx, a)?;
    people::get(tx, b)?;
    let removed = match relationships::between(tx, a, b)? {
        Some(r) => Some(relationships::remove(tx, r.id)?),
        None => None,
    };
    exchanges::dismiss_tie(tx, a, b)?;
    Ok(removed)
}

/// A person due a contact under their keep-in-touch cadence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Due {
    pub person_id: PersonId,
    pub name: String,
    pub every_days: u32,
    pub last_contact: Option<NaiveDate>,
    /// When the next contact is due (`None`: never in touch, due now).
    pub due_on: Option<NaiveDate>,
    /// Days past the due date (0 or less: due within the coming week).
    pub days_overdue: i64,
}

/// Everyone due a contact by a week from `today`, the most overdue first.
pub fn due(conn: &Connection, today: NaiveDate) -> Result<Vec<Due>> {
    let by = today + chrono::Days::new(7);
    let mut out: Vec<Due> = exchanges::due_by(conn, by)?
        .into_iter()
        .map(|c| {
            let due_on = c.last.map(|l| l + chrono::Days::new(u64::from(c.days)));
            Due {
                person_id: c.person,
                name: c.name,
                every_days: c.days,
                last_contact: c.last,
                due_on,
                days_overdue: due_on.map(|d| (today - d).num_days()).unwrap_or(i64::from(c.days)),
            }
        })
        .collect();
    out.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.name.cmp(&b.name)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(sent: u32, received: u32, meetings: u32, last: Option<NaiveDate>) -> ContactCounts {
        ContactCounts {
            person: PersonId(uuid::Uuid::nil()),
            sent,
            received,
            messages: 0,
            meetings,
            other: 0,
            last,
        }
    }

    #[test]
    fn the_reasons_say_what_was_seen() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let nine_days = NaiveDate::from_ymd_opt(2026, 6, 21);
        let (s, why) = suggest(&counts(23, 18, 5, nine_days), today);
        assert_eq!(s.get(), 4);
        assert_eq!(
            why,
            "41 emails both ways and 5 meetings in the last 12 months; last contact 9 days ago → strong (4)"
        );
        let (s, why) = suggest(&counts(0, 3, 0, nine_days), today);
        assert_eq!(s.get(), 1);
        assert!(why.starts_with("3 emails, all received in the last 12 months"), "{why}");
        let (s, _) = suggest(&counts(90, 90, 12, nine_days), today);
        assert_eq!(s.get(), 5);
        let (s, _) = suggest(&counts(90, 90, 12, NaiveDate::from_ymd_opt(2026, 1, 1)), today);
        assert_eq!(s.get(), 2, "old contact is no longer strong");
        let (s, why) = suggest(&counts(0, 0, 0, None), today);
        assert_eq!(
            (s.get(), why.as_str()),
            (1, "No touches in the last 12 months; no contact on record → distant (1)")
        );
    }
}
