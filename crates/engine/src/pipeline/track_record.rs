//! A referral source's track record, and the factor it gives path ranking.
//!
//! From every request a person was the source of we count: *introduced* (reached
//! `introduced`), *declined* (reached `declined`), *won* and *lost* (closed after the
//! introduction). Requests still in progress count for nothing. Two smoothed rates
//! (Laplace-style priors, so a little history moves the factor only a little):
//!
//! ```text
//! introduction rate = (introduced + 2) / (introduced + declined + 4)   prior 1/2, weight 4
//! win rate          = (won + 1)        / (won + lost + 4)              prior 1/4, weight 4
//! factor            = clamp(1 + (introduction rate − 1/2) + (win rate − 1/4), 0.5, 1.5)
//! ```
//!
//! No history gives exactly 1.0 (neutral). One introduction that was made moves the
//! factor to 1.10; one decline to 0.90; ten introductions and five wins reach the 1.5 cap;
//! ten declines give 0.64. Path ranking multiplies a path's score by its source's factor once.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::PersonId;
use crate::store::{requests, Store};

pub const MIN_FACTOR: f64 = 0.5;
pub const MAX_FACTOR: f64 = 1.5;

/// A source's counts and the factor they give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackRecord {
    pub source_id: PersonId,
    pub source_name: String,
    pub asked: u32,
    pub introduced: u32,
    pub declined: u32,
    pub won: u32,
    pub lost: u32,
    pub revenue: f64,
    pub factor: f64,
}

/// The ranking factor from a source's counts (see the module documentation).
pub fn factor(introduced: u32, declined: u32, won: u32, lost: u32) -> f64 {
    let (i, d, w, l) = (f64::from(introduced), f64::from(declined), f64::from(won), f64::from(lost));
    let intro_rate = (i + 2.0) / (i + d + 4.0);
    let win_rate = (w + 1.0) / (w + l + 4.0);
    (1.0 + (intro_rate - 0.5) + (win_rate - 0.25)).clamp(MIN_FACTOR, MAX_FACTOR)
}

/// Every source's track record, best factor first.
pub fn track_records(store: &Store) -> Result<Vec<TrackRecord>> {
    let mut out: Vec<TrackRecord> = requests::source_tallies(store)?
        .into_iter()
        .map(|t| TrackRecord {
            factor: factor(t.introduced, t.declined, t.won, t.lost),
            source_id: t.source_id,
            source_name: t.source_name,
            asked: t.asked,
            introduced: t.introduced,
            declined: t.declined,
            won: t.won,
            lost: t.lost,
            revenue: t.revenue,
        })
        .collect();
    out.sort_by(|a, b| b.factor.total_cmp(&a.factor).then_with(|| a.source_id.cmp(&b.source_id)));
    Ok(out)
}

/// The factor of every person who has been a referral source; anyone absent is neutral (1.0).
pub fn source_factors(store: &Store) -> Result<HashMap<PersonId, f64>> {
    Ok(track_records(store)?.into_iter().map(|t| (t.source_id, t.factor)).collect())
}

/// [`source_factors`] for the given people only, each counted from their own requests
/// (an index look-up each), in one read transaction: what a path search from one rep
/// needs, since a path's source is always one of the rep's ties. At a million requests
/// the whole table takes seconds to tally; a rep's few hundred ties take milliseconds.
pub fn factors_of(store: &Store, people: &[PersonId]) -> Result<HashMap<PersonId, f64>> {
    crate::store::rows::in_snapshot(store.conn(), |conn| {
        let mut out = HashMap::with_capacity(people.len());
        for &person in people {
            if let Some((introduced, declined, won, lost)) = requests::source_outcomes(conn, person)? {
                out.insert(person, factor(introduced, declined, won, lost));
            }
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_factor_is_neutral_without_history_and_bounded() {
        let cases = [
            ((0, 0, 0, 0), 1.0),
            ((1, 0, 0, 0), 1.1),
            ((0, 1, 0, 0), 0.9),
            ((1, 0, 1, 0), 1.1 + 0.15),
            ((10, 0, 5, 0), 1.5),
            ((0, 10, 0, 0), 1.0 + (2.0 / 14.0 - 0.5)),
            ((0, 100, 0, 0), 0.5 + 2.0 / 104.0),
        ];
        for ((i, d, w, l), want) in cases {
            let got = factor(i, d, w, l);
            assert!((got - want).abs() < 1e-9, "({i},{d},{w},{l}): {got} != {want}");
            assert!((MIN_FACTOR..=MAX_FACTOR).contains(&got));
        }
        assert!(factor(0, 1000, 0, 1000) >= MIN_FACTOR);
    }
}
