//! What the window receives for lapsed customers and opportunities from every lead source.

use chrono::NaiveDate;
use intrograph_engine::model::{OpportunityId, PersonId, RepId};
use intrograph_engine::pipeline::lapsed::LapsedCustomer;
use intrograph_engine::pipeline::{LeadSource, Opportunity, Outcome};
use serde::{Deserialize, Serialize};

use crate::views::settings::RepEntry;

/// A customer to re-engage, with the reasons in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LapsedLine {
    pub customer: LapsedCustomer,
    /// Why they are on the list: "no touch for 212 days", "never touched", "rep Ana Diaz is inactive".
    pub reasons: Vec<String>,
    /// The open re-engagement opportunity already planned for them, if any.
    pub planned: Option<OpportunityId>,
}

/// The lapsed and orphaned customers of the whole team.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LapsedView {
    /// Days without a touch after which a customer counts as lapsed.
    pub days: u32,
    pub today: NaiveDate,
    pub customers: Vec<LapsedLine>,
}

/// An opportunity with the names the window shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpportunityLine {
    pub opportunity: Opportunity,
    pub rep_name: String,
    pub contact_name: Option<String>,
}

/// The Opportunities screen: every opportunity (newest first), the reps who may own one and
/// the lead sources one may be recorded from by hand.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpportunitiesView {
    pub opportunities: Vec<OpportunityLine>,
    pub reps: Vec<RepEntry>,
    /// Every lead source but referral (referral opportunities come from their request).
    pub sources: Vec<LeadSource>,
}

/// A new opportunity, or the corrections to one, as the window's form gives it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpportunityForm {
    pub title: String,
    pub lead_source: LeadSource,
    pub contact: Option<PersonId>,
    pub value: Option<f64>,
    /// Default: today.
    pub opened_on: Option<NaiveDate>,
    pub first_meeting_on: Option<NaiveDate>,
    /// Default: the current rep.
    pub rep_id: Option<RepId>,
}

/// How to close an opportunity.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CloseForm {
    pub outcome: Outcome,
    /// Default: today.
    pub on: Option<NaiveDate>,
    /// Needed for won, unless the opportunity has one.
    pub value: Option<f64>,
    /// Needed for lost.
    pub reason: Option<String>,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        LapsedCustomer::decl(cfg),
        LapsedLine::decl(cfg),
        LapsedView::decl(cfg),
        Opportunity::decl(cfg),
        Outcome::decl(cfg),
        OpportunityLine::decl(cfg),
        OpportunitiesView::decl(cfg),
        OpportunityForm::decl(cfg),
        CloseForm::decl(cfg),
    ]
}
