//! The moment a command runs and the user's time zone.

use chrono::{DateTime, FixedOffset, NaiveDate, SubsecRound, Utc};

/// Now, to the millisecond: the precision of every stored timestamp.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

/// The moment a command runs and the user's time zone: "today", quarters and periods
/// are local dates, stored timestamps are UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Clock {
    /// Now, in the system's current UTC offset.
    pub fn system() -> Self {
        let local = chrono::Local::now();
        Self { now: now(), offset: *local.offset() }
    }

    /// A fixed moment in UTC (tests).
    pub fn at_utc(now: DateTime<Utc>) -> Self {
        Self { now, offset: FixedOffset::east_opt(0).expect("zero offset") }
    }

    /// The local date.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.offset).date_naive()
    }

    /// The local date of a stored timestamp.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset).date_naive()
    }
}
