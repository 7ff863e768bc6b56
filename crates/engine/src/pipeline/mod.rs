//! The pipeline: everything after a path is found. Introduction requests and their stages,
//! follow-ups, the ask message, referral sources' track records, opportunities and lead
//! sources, lapsed customers, leader metrics and the quarterly Referral I.Q.
//!
//! This module holds the rules; the SQL lives in `store::{requests, opportunities,
//! assessments, team, bundle}`.

pub mod iq;
pub mod lapsed;
pub mod metrics;
pub mod track_record;

// The pipeline's plain data and its rules that need no database live in the model, where the
// store can use them; their old paths stay.
pub use crate::model::clock::Clock;
pub use crate::model::opportunity::{LeadSource, NewOpportunity, Opportunity, Outcome};
pub use crate::model::period::{Period, Quarter};
pub use crate::model::request::{
    FollowUpRules, FollowUps, IntroRequest, Move, NewRequest, RequestFilter, SourceOwed, StageChange,
};
pub use crate::model::stage::Stage;
pub use crate::model::{message, opportunity, period, request, stage};
