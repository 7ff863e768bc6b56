//! The introduction weight of a relationship: how likely it is that one end can
//! make a real, personal introduction to the other.
//!
//! One function, [`introduction_weight`], and one struct of constants,
//! [`WeightParams`]. `docs/ranking.md` explains the model to users.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Relationship, Strength};

/// Every constant of the introduction weight, in one place.
///
/// All factors lie in (0, 1], so every weight does too, and a path's score (the
/// product of its weights) can only fall as it grows longer. The app's settings
/// may edit these; [`WeightParams::validate`] checks an edited set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WeightParams {
    /// Factor for strength 1 (distant) to 5 (very strong), index 0 to 4.
    pub strength_factors: [f64; 5],
    /// Factor for a tie the rep has not confirmed ("confirm they know each other").
    pub unverified_factor: f64,
    /// Days after which the recency bonus above the floor halves.
    pub recency_half_life_days: f64,
    /// Recency factor of a very old last contact: recency never falls below it.
    pub recency_floor: f64,
    /// Recency factor when the last contact date is unknown.
    pub unknown_contact_factor: f64,
}

impl Default for WeightParams {
    fn default() -> Self {
        Self {
            strength_factors: [0.2, 0.4, 0.6, 0.8, 1.0],
            unverified_factor: 0.5,
            recency_half_life_days: 365.0,
            recency_floor: 0.3,
            unknown_contact_factor: 0.5,
        }
    }
}

impl WeightParams {
    /// Checks that every factor lies in (0, 1] and the half-life is a positive
    /// number of days; the error names the field and the offending value.
    pub fn validate(&self) -> Result<()> {
        let factor = |field: &str, v: f64| {
            if v.is_finite() && v > 0.0 && v <= 1.0 {
                Ok(())
            } else {
                Err(Error::invalid(field, format!("{v} is not a factor in (0, 1]")))
            }
        };
        for (i, f) in self.strength_factors.iter().enumerate() {
            factor(&format!("weight.strength_factors[{}] (strength {})", i, i + 1), *f)?;
        }
        factor("weight.unverified_factor", self.unverified_factor)?;
        factor("weight.recency_floor", self.recency_floor)?;
        factor("weight.unknown_contact_factor", self.unknown_contact_factor)?;
        let h = self.recency_half_life_days;
        if !(h.is_finite() && h > 0.0) {
            return Err(Error::invalid(
                "weight.recency_half_life_days",
                format!("{h} is not a positive number of days"),
            ));
        }
        Ok(())
    }

    /// The recency factor of a last contact on `last_contact`, seen from `today`.
    ///
    /// - unknown date: `unknown_contact_factor`;
    /// - today or a future date (a planned meeting, a clock skew): 1;
    /// - `d` days ago: `floor + (1 - floor) * 0.5^(d / half_life)`, which falls
    ///   from 1 towards `floor` and never below it.
    pub fn recency_factor(&self, last_contact: Option<NaiveDate>, today: NaiveDate) -> f64 {
        match last_contact {
            None => self.unknown_contact_factor,
            Some(date) => {
                let days = (today - date).num_days();
                if days <= 0 {
                    1.0
                } else {
                    let decay = 0.5f64.powf(days as f64 / self.recency_half_life_days);
                    self.recency_floor + (1.0 - self.recency_floor) * decay
                }
            }
        }
    }
}

/// The introduction weight of a relationship, in (0, 1]:
///
/// `strength_factors[strength - 1] × (1 if verified else unverified_factor) × recency`
///
/// where recency is [`WeightParams::recency_factor`] of the last contact date.
/// With the default constants a very strong, verified tie in contact today
/// weighs 1; a barely-known, unverified LinkedIn connection with no recorded
/// contact weighs 0.2 × 0.5 × 0.5 = 0.05.
///
/// `params` must be valid ([`WeightParams::validate`]); the result is clamped to
/// (0, 1] so rounding can never produce 0 or a value above 1.
pub fn introduction_weight(rel: &Relationship, params: &WeightParams, today: NaiveDate) -> f64 {
    weight_of(rel.strength, rel.verified(), rel.last_contact, params, today)
}

/// [`introduction_weight`] from the three facts it depends on.
pub fn weight_of(
    strength: Strength,
    verified: bool,
    last_contact: Option<NaiveDate>,
    params: &WeightParams,
    today: NaiveDate,
) -> f64 {
    let strength = params.strength_factors[usize::from(strength.get() - 1)];
    let verified = if verified { 1.0 } else { params.unverified_factor };
    let recency = params.recency_factor(last_contact, today);
    (strength * verified * recency).clamp(f64::MIN_POSITIVE, 1.0)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::{PersonId, RelationshipId, RelationshipKind, Strength};

    fn rel(strength: u8, verified: bool, last_contact: Option<NaiveDate>) -> Relationship {
        let t = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        Relationship {
            id: RelationshipId::new(),
            a: PersonId::new(),
            b: PersonId::new(),
            kind: RelationshipKind::Colleague,
            strength: Strength::new(strength).unwrap(),
            verified_at: verified.then_some(t),
            last_contact,
            since: None,
            notes: String::new(),
            source: "test".into(),
            created_at: t,
            updated_at: t,
            owner_rep_id: None,
            visibility: Default::default(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn table_of_cases_with_default_constants() {
        let today = d(2026, 6, 30);
        let p = WeightParams::default();
        // (strength, verified, last contact, expected weight)
        let cases: &[(u8, bool, Option<NaiveDate>, f64)] = &[
            (5, true, Some(today), 1.0),
            (5, true, Some(d(2026, 7, 1)), 1.0), // tomorrow: future counts as now
            (5, true, Some(d(2030, 1, 1)), 1.0), // far future
            (5, true, Some(d(2026, 6, 29)), 0.3 + 0.7 * 0.5f64.powf(1.0 / 365.0)), // yesterday
            (5, true, Some(d(2025, 6, 30)), 0.3 + 0.7 * 0.5), // exactly one half-life
            (5, true, Some(d(2024, 6, 30)), 0.3 + 0.7 * 0.25), // two half-lives
            (5, true, Some(d(1990, 1, 1)), 0.3 + 0.7 * 0.5f64.powf(13329.0 / 365.0)),
            (5, true, None, 0.5),
            (5, false, None, 0.25),
            (4, true, Some(today), 0.8),
            (3, false, Some(today), 0.3),
            (2, true, None, 0.2),
            (1, true, Some(today), 0.2),
            (1, false, None, 0.05),
            (1, false, Some(d(1900, 1, 1)), 0.2 * 0.5 * (0.3 + 0.7 * 0.5f64.powf(46201.0 / 365.0))),
        ];
        for (i, (s, v, lc, want)) in cases.iter().enumerate() {
            let got = introduction_weight(&rel(*s, *v, *lc), &p, today);
            assert!(
                (got - want).abs() < 1e-12,
                "case {i}: strength {s} verified {v} {lc:?}: {got} != {want}"
            );
        }
    }

    #[test]
    fn weight_never_rises_with_age_and_stays_above_floor() {
        let today = d(2026, 6, 30);
        let p = WeightParams::default();
        let mut last = f64::INFINITY;
        for days in [0i64, 1, 7, 30, 365, 3650, 36500] {
            let w =
                introduction_weight(&rel(5, true, Some(today - chrono::Days::new(days as u64))), &p, today);
            assert!(w <= last && w >= p.recency_floor, "{days} days: {w}");
            last = w;
        }
    }

    #[test]
    fn every_output_is_in_unit_interval_for_odd_but_valid_params() {
        let today = d(2026, 6, 30);
        let params = [
            WeightParams::default(),
            WeightParams {
                strength_factors: [1e-300, 1e-300, 1e-300, 1e-300, 1e-300],
                unverified_factor: 1e-300,
                recency_half_life_days: 1e-9,
                recency_floor: 1e-300,
                unknown_contact_factor: 1e-300,
            },
            WeightParams {
                strength_factors: [1.0; 5],
                unverified_factor: 1.0,
                recency_half_life_days: 1e300,
                recency_floor: 1.0,
                unknown_contact_factor: 1.0,
            },
        ];
        let dates = [None, Some(today), Some(d(1, 1, 1)), Some(d(9999, 12, 31)), Some(d(2026, 6, 29))];
        for p in &params {
            p.validate().unwrap();
            for s in 1..=5 {
                for v in [false, true] {
                    for lc in dates {
                        let w = introduction_weight(&rel(s, v, lc), p, today);
                        assert!(w > 0.0 && w <= 1.0, "{p:?} {s} {v} {lc:?}: {w}");
                    }
                }
            }
        }
    }

    #[test]
    fn validation_names_the_bad_field() {
        let mut p = WeightParams::default();
        p.strength_factors[2] = 0.0;
        let e = p.validate().unwrap_err().to_string();
        assert!(e.contains("strength 3") && e.contains('0'), "{e}");
        let p = WeightParams { unverified_factor: 1.5, ..WeightParams::default() };
        assert!(p.validate().unwrap_err().to_string().contains("unverified_factor"));
        let p = WeightParams { recency_floor: f64::NAN, ..WeightParams::default() };
        assert!(p.validate().unwrap_err().to_string().contains("recency_floor"));
        let p = WeightParams { recency_half_life_days: 0.0, ..WeightParams::default() };
        assert!(p.validate().unwrap_err().to_string().contains("half_life"));
        let p = WeightParams { unknown_contact_factor: -0.1, ..WeightParams::default() };
        assert!(p.validate().is_err());
    }

    #[test]
    fn params_round_trip_through_json_and_fill_missing_fields() {
        let p = WeightParams { unverified_factor: 0.4, ..WeightParams::default() };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<WeightParams>(&json).unwrap(), p);
        let partial: WeightParams = serde_json::from_str(r#"{"recency_floor": 0.1}"#).unwrap();
        assert_eq!(partial, WeightParams { recency_floor: 0.1, ..WeightParams::default() });
    }
}
