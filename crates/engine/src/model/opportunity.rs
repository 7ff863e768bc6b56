//! Opportunities (deals) and where they came from, so referral results can be compared
//! with every other lead source.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{OpportunityId, PersonId, RepId, RequestId};

/// Where a deal came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LeadSource {
    /// A personal introduction: linked to its request.
    Referral,
    ColdCall,
    Inbound,
    Event,
    ExistingCustomer,
    Other,
}

impl LeadSource {
    pub const ALL: [LeadSource; 6] =
        [Self::Referral, Self::ColdCall, Self::Inbound, Self::Event, Self::ExistingCustomer, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Referral => "referral",
            Self::ColdCall => "cold_call",
            Self::Inbound => "inbound",
            Self::Event => "event",
            Self::ExistingCustomer => "existing_customer",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for LeadSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LeadSource {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let key: String = s
            .trim()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
            .collect();
        let key = match key.as_str() {
            "cold" => "cold_call",
            "customer" | "existing" => "existing_customer",
            k => k,
        };
        Self::ALL.into_iter().find(|k| k.as_str() == key).ok_or_else(|| {
            Error::invalid(
                "lead source",
                format!(
                    "{s:?} is not a lead source; use one of: {}",
                    Self::ALL.map(|k| k.as_str()).join(", ")
                ),
            )
        })
    }
}

/// How a deal ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Outcome {
    Open,
    Won,
    Lost,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Lost => "lost",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(Self::Open),
            "won" => Ok(Self::Won),
            "lost" => Ok(Self::Lost),
            _ => Err(Error::invalid("outcome", format!("{s:?} is not an outcome; use open, won or lost"))),
        }
    }
}

/// A deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Opportunity {
    pub id: OpportunityId,
    pub rep_id: RepId,
    /// The prospect's contact, if known.
    pub person_id: Option<PersonId>,
    pub title: String,
    pub lead_source: LeadSource,
    /// The introduction request it came from (referrals only).
    pub request_id: Option<RequestId>,
    pub value: Option<f64>,
    pub opened_on: NaiveDate,
    pub first_meeting_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub outcome: Outcome,
    pub lost_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a new opportunity is made from. Referral opportunities are created by moving their
/// request to the `opportunity` stage, never by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewOpportunity {
    pub rep_id: RepId,
    pub person_id: Option<PersonId>,
    pub title: String,
    pub lead_source: LeadSource,
    pub value: Option<f64>,
    pub opened_on: NaiveDate,
    pub first_meeting_on: Option<NaiveDate>,
}

impl NewOpportunity {
    pub fn check(&self) -> Result<()> {
        if self.title.trim().is_empty() {
            return Err(Error::invalid("title", "an opportunity needs a title"));
        }
        if self.lead_source == LeadSource::Referral {
            return Err(Error::invalid(
                "lead source",
                "referral opportunities come from their introduction request: move the request to opportunity",
            ));
        }
        check_value(self.value)?;
        if let Some(m) = self.first_meeting_on.filter(|m| *m < self.opened_on) {
            return Err(Error::invalid(
                "first meeting",
                format!("{m} is before the opening date {}", self.opened_on),
            ));
        }
        Ok(())
    }
}

/// Checks an opportunity's value ([`super::money::check_amount`]).
pub fn check_value(value: Option<f64>) -> Result<()> {
    super::money::check_optional_amount("value", value)
}

/// How an opportunity is closed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Close {
    pub outcome: Outcome,
    pub on: NaiveDate,
    /// Required when won (or already set).
    pub value: Option<f64>,
    /// Required when lost.
    pub reason: Option<String>,
}
