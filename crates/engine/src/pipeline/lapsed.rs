//! Lapsed customers: relationships the team already has and is not using.
//!
//! A customer is a person with a `client` relationship to a rep. They are *lapsed* when
//! nobody has touched them for `days` (default [`DEFAULT_DAYS`]): their latest touch (by any
//! rep) and the relationship's last contact date are both older, or there is none. They are
//! *orphaned* when the rep who owns the relationship is inactive. Either way they belong on a
//! re-engagement list, and they are the first people to ask for introductions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{PersonId, RepId};
use crate::store::{team, Store};

pub const DEFAULT_DAYS: u32 = 180;

/// Why a customer is on the re-engagement list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LapsedCustomer {
    pub person_id: PersonId,
    pub name: String,
    /// The rep whose client they are.
    pub rep_id: RepId,
    pub rep_name: String,
    pub rep_active: bool,
    /// The latest touch or last contact, if any.
    pub last_touch: Option<NaiveDate>,
    /// Days since `last_touch` (`None` = never touched).
    pub days_since: Option<i64>,
    /// No touch for the given number of days.
    pub lapsed: bool,
    /// The owning rep is inactive.
    pub orphaned: bool,
}

/// Customers lapsed as of `today`, or orphaned by an inactive rep; longest silent first.
/// With `rep`, only that rep's customers (orphans belong to nobody active, so they are
/// listed for every rep).
pub fn lapsed_customers(
    store: &Store,
    today: NaiveDate,
    days: u32,
    rep: Option<RepId>,
) -> Result<Vec<LapsedCustomer>> {
    if days == 0 {
        return Err(Error::invalid("days", "give a number of days of at least 1"));
    }
    let mut out: Vec<LapsedCustomer> = team::clients(store)?
        .into_iter()
        .filter_map(|c| {
            let days_since = c.last_touch.map(|d| (today - d).num_days());
            let lapsed = days_since.is_none_or(|n| n >= i64::from(days));
            let orphaned = !c.rep_active;
            let mine = rep.is_none_or(|r| r == c.rep_id || orphaned);
            (mine && (lapsed || orphaned)).then_some(LapsedCustomer {
                person_id: c.person_id,
                name: c.name,
                rep_id: c.rep_id,
                rep_name: c.rep_name,
                rep_active: c.rep_active,
                last_touch: c.last_touch,
                days_since,
                lapsed,
                orphaned,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.last_touch
            .cmp(&b.last_touch)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
    Ok(out)
}

/// Lapsed and orphaned customers as suggested referral sources (each person once).
pub fn suggested_sources(
    store: &Store,
    today: NaiveDate,
    days: u32,
    rep: Option<RepId>,
) -> Result<Vec<PersonId>> {
    let mut seen = std::collections::HashSet::new();
    Ok(lapsed_customers(store, today, days, rep)?
        .into_iter()
        .map(|c| c.person_id)
        .filter(|p| seen.insert(*p))
        .collect())
}
