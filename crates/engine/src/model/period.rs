//! Periods and calendar quarters in the user's time zone.
//!
//! A period is a range of local dates, both ends included; it covers the UTC instants
//! from `from` 00:00 local up to (not including) the day after `to`, 00:00 local. A quarter
//! is a calendar quarter of local dates: a request created at 2026-03-31 23:30 UTC falls in
//! Q2 for a user at UTC+02:00 and in Q1 in London.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A calendar quarter, written `2026-Q3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(type = "string"))]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    pub fn new(year: i32, q: u8) -> Result<Self> {
        if !(1..=4).contains(&q) || !(1000..=9999).contains(&year) {
            return Err(Error::invalid("quarter", format!("{year}-Q{q} is not a quarter")));
        }
        Ok(Self { year, q })
    }

    /// The quarter a local date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self { year: date.year(), q: ((date.month0() / 3) + 1) as u8 }
    }

    /// The quarter an instant falls in, seen at `offset`.
    pub fn of_instant(at: DateTime<Utc>, offset: FixedOffset) -> Self {
        Self::of(at.with_timezone(&offset).date_naive())
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.q) * 3 - 2, 1).expect("valid quarter start")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a day before the next quarter")
    }

    pub fn next(self) -> Self {
        if self.q == 4 {
            Self { year: self.year + 1, q: 1 }
        } else {
            Self { year: self.year, q: self.q + 1 }
        }
    }

    pub fn prev(self) -> Self {
        if self.q == 1 {
            Self { year: self.year - 1, q: 4 }
        } else {
            Self { year: self.year, q: self.q - 1 }
        }
    }

    pub fn period(self) -> Period {
        Period { from: self.first_day(), to: self.last_day() }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

impl FromStr for Quarter {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::invalid("quarter", format!("{s:?} is not a quarter; write it like 2026-Q3"));
        let t = s.trim().to_ascii_uppercase();
        let (y, q) = t.split_once("-Q").or_else(|| t.split_once('Q')).ok_or_else(bad)?;
        let year: i32 = y.trim_end_matches('-').parse().map_err(|_| bad())?;
        let q: u8 = q.parse().map_err(|_| bad())?;
        Self::new(year, q).map_err(|_| bad())
    }
}

impl Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quarter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A range of local dates, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self> {
        if to < from {
            return Err(Error::invalid("period", format!("--to {to} is before --from {from}")));
        }
        Ok(Self { from, to })
    }

    /// Days in the period (at least 1).
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The UTC instants `[start, end)` the period covers at `offset`.
    pub fn instants(self, offset: FixedOffset) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |d: NaiveDate| {
            offset
                .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
                .single()
                .expect("a fixed offset has one local midnight")
                .with_timezone(&Utc)
        };
        let end_day = self.to.succ_opt().unwrap_or(self.to);
        (start(self.from), start(end_day))
    }

    /// The quarters the period touches, in order.
    pub fn quarters(self) -> Vec<Quarter> {
        let mut out = Vec::new();
        let mut q = Quarter::of(self.from);
        let last = Quarter::of(self.to);
        while q <= last {
            out.push(q);
            q = q.next();
        }
        out
    }

    /// The part of the period inside `q`.
    pub fn clip(self, q: Quarter) -> Option<Period> {
        let from = self.from.max(q.first_day());
        let to = self.to.min(q.last_day());
        (from <= to).then_some(Period { from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn quarters_parse_print_and_step() {
        let q: Quarter = "2026-q4".parse().unwrap();
        assert_eq!(q.to_string(), "2026-Q4");
        assert_eq!(q.next().to_string(), "2027-Q1");
        assert_eq!(q.next().prev(), q);
        assert_eq!(q.first_day(), d("2026-10-01"));
        assert_eq!(q.last_day(), d("2026-12-31"));
        assert_eq!(Quarter::of(d("2026-03-31")).to_string(), "2026-Q1");
        assert_eq!(Quarter::of(d("2026-04-01")).to_string(), "2026-Q2");
        for bad in ["2026-Q5", "2026", "Q1", "26-Q1x"] {
            assert!(bad.parse::<Quarter>().unwrap_err().to_string().contains("2026-Q3"), "{bad}");
        }
    }

    #[test]
    fn a_period_covers_local_midnights() {
        let p = Period::new(d("2026-01-01"), d("2026-03-31")).unwrap();
        let plus2 = FixedOffset::east_opt(2 * 3600).unwrap();
        let (a, b) = p.instants(plus2);
        assert_eq!(a.to_rfc3339(), "2025-12-31T22:00:00+00:00");
        assert_eq!(b.to_rfc3339(), "2026-03-31T22:00:00+00:00");
        assert_eq!(p.days(), 90);
        assert!(Period::new(d("2026-02-01"), d("2026-01-01")).is_err());
        assert_eq!(Period::new(d("2026-02-15"), d("2026-07-01")).unwrap().quarters().len(), 3);
    }

    #[test]
    fn the_same_instant_is_in_different_quarters_across_time_zones() {
        let at: DateTime<Utc> = "2026-03-31T23:30:00Z".parse().unwrap();
        let utc = FixedOffset::east_opt(0).unwrap();
        let paris = FixedOffset::east_opt(2 * 3600).unwrap();
        let la = FixedOffset::west_opt(7 * 3600).unwrap();
        assert_eq!(Quarter::of_instant(at, utc).to_string(), "2026-Q1");
        assert_eq!(Quarter::of_instant(at, paris).to_string(), "2026-Q2");
        let early: DateTime<Utc> = "2026-04-01T03:00:00Z".parse().unwrap();
        assert_eq!(Quarter::of_instant(early, la).to_string(), "2026-Q1");
    }
}
