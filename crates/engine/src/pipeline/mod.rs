//! The pipeline: everything after a path is found. Introduction requests and their stages,
//! follow-ups, the ask message, referral sources' track records, opportunities and lead
//! sources, lapsed customers, leader metrics and the quarterly Referral I.Q.
//!
//! This module holds the rules; the SQL lives in `store::{requests, opportunities,
//! assessments, team, bundle}`.

pub mod iq;
pub mod lapsed;
pub mod message;
pub mod metrics;
pub mod opportunity;
pub mod period;
pub mod request;
pub mod stage;
pub mod track_record;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub use opportunity::{LeadSource, NewOpportunity, Opportunity, Outcome};
pub use period::{Period, Quarter};
pub use request::{
    FollowUpRules, FollowUps, IntroRequest, Move, NewRequest, RequestFilter, SourceOwed, StageChange,
};
pub use stage::Stage;

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
        Self { now: crate::store::now(), offset: *local.offset() }
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
