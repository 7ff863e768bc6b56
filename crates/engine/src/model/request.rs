//! Introduction requests: the types, the follow-up rules and the checks that need no database.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::stage::Stage;
use crate::error::{Error, Result};
use crate::model::{PersonId, RepId, RequestId, StageChangeId, TouchKind};

/// An ask for a personal introduction, from the rep through a referral source to a target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IntroRequest {
    pub id: RequestId,
    pub rep_id: RepId,
    pub target_id: PersonId,
    /// The person the rep asks for the introduction.
    pub source_id: PersonId,
    /// The chosen path, rep first and target last.
    pub path: Vec<PersonId>,
    /// Why the rep wants to meet the target.
    pub reason: String,
    /// What the rep brings the target.
    pub offer: String,
    /// The ask, as sent to the source.
    pub message: String,
    pub stage: Stage,
    /// For a stalled request: the stage it resumes to.
    pub stalled_from: Option<Stage>,
    pub next_follow_up: Option<NaiveDate>,
    pub deal_value: Option<f64>,
    pub lost_reason: Option<String>,
    /// When the source was thanked (`None` = not yet).
    pub thanked_on: Option<NaiveDate>,
    /// When the source was told how it went (`None` = not yet).
    pub told_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub rep_name: String,
    pub target_name: String,
    pub source_name: String,
    /// Touches logged for this request.
    pub touches: u32,
}

/// One entry of a request's append-only stage history. The first entry has no `from`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageChange {
    pub id: StageChangeId,
    pub request_id: RequestId,
    pub from: Option<Stage>,
    pub to: Stage,
    pub at: DateTime<Utc>,
    pub note: String,
}

/// What a new request is made from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewRequest {
    pub rep_id: Option<RepId>,
    pub target_id: Option<PersonId>,
    /// The person to ask; defaults to the second person on the path.
    pub source_id: Option<PersonId>,
    /// The chosen path (rep's person first, target last); empty = rep → source → target.
    pub path: Vec<PersonId>,
    pub reason: String,
    pub offer: String,
    /// The ask; `None` drafts one from the ask template.
    pub message: Option<String>,
}

/// A stage change asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub to: Stage,
    pub note: String,
    /// Required to move to `won`.
    pub deal_value: Option<f64>,
    /// Required to move to `lost`.
    pub lost_reason: Option<String>,
}

impl Move {
    pub fn to(to: Stage) -> Self {
        Self { to, note: String::new(), deal_value: None, lost_reason: None }
    }

    /// Checks what the target stage needs (a value for `won`, a reason for `lost`).
    pub fn check(&self) -> Result<()> {
        super::money::check_optional_amount("deal value", self.deal_value)?;
        match self.to {
            Stage::Won if self.deal_value.is_none() => {
                Err(Error::invalid("deal value", "moving a request to won needs the deal value"))
            }
            Stage::Lost if self.lost_reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
                Err(Error::invalid("reason", "moving a request to lost needs the reason it was lost"))
            }
            _ => Ok(()),
        }
    }
}

/// A touch logged for a request (asking, following up, reaching the target).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestTouch {
    pub kind: TouchKind,
    /// Who was touched; defaults to the source before the introduction, the target after.
    pub person_id: Option<PersonId>,
    pub date: Option<NaiveDate>,
    pub notes: String,
    /// The next follow-up; `None` = today + the stage's suggested delay.
    pub next_follow_up: Option<NaiveDate>,
}

/// Days until the suggested next follow-up, per stage. Stored in the settings under
/// [`FollowUpRules::SETTING`]; final stages never get a follow-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRules {
    pub days: BTreeMap<Stage, u32>,
}

impl FollowUpRules {
    pub const SETTING: &'static str = "pipeline.follow_up_days";

    /// The suggested next follow-up after reaching `stage` on `today`.
    pub fn suggested(&self, stage: Stage, today: NaiveDate) -> Option<NaiveDate> {
        if stage.is_final() {
            return None;
        }
        let days = self.days.get(&stage).copied().or_else(|| Self::default().days.get(&stage).copied())?;
        today.checked_add_days(chrono::Days::new(u64::from(days)))
    }

    pub fn check(&self) -> Result<()> {
        for (stage, days) in &self.days {
            if stage.is_final() {
                return Err(Error::invalid(
                    "follow-up days",
                    format!("{stage} is final and has no follow-up"),
                ));
            }
            if *days > 365 {
                return Err(Error::invalid(
                    "follow-up days",
                    format!("{days} days for {stage} is more than a year"),
                ));
            }
        }
        Ok(())
    }
}

impl Default for FollowUpRules {
    /// Draft: send the ask tomorrow. Asked: nudge the source after 3 days. Accepted: check
    /// the introduction went out after 3. Introduced: reach the target within 2. Meeting: next
    /// step within 5. Opportunity: weekly. Stalled: try again in two weeks.
    fn default() -> Self {
        let days = [
            (Stage::Draft, 1),
            (Stage::Asked, 3),
            (Stage::Accepted, 3),
            (Stage::Introduced, 2),
            (Stage::Meeting, 5),
            (Stage::Opportunity, 7),
            (Stage::Stalled, 14),
        ];
        Self { days: days.into_iter().collect() }
    }
}

/// Requests whose next follow-up falls today (`due`) or earlier (`overdue`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUps {
    pub today: Option<NaiveDate>,
    pub due: Vec<IntroRequest>,
    pub overdue: Vec<IntroRequest>,
}

/// An introduced or won request whose source is still owed thanks or the outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceOwed {
    pub request: IntroRequest,
    pub not_thanked: bool,
    /// Closed (won or lost) and the source has not been told.
    pub not_told: bool,
}

/// Filters for listing requests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestFilter {
    pub rep_id: Option<RepId>,
    pub stage: Option<Stage>,
    pub source_id: Option<PersonId>,
    pub target_id: Option<PersonId>,
}

/// Builds the path to store: checks it runs rep → ... → target through `source`,
/// without repeats; an empty path becomes rep → source → target.
pub fn check_path(
    rep_person: PersonId,
    source: PersonId,
    target: PersonId,
    path: &[PersonId],
) -> Result<Vec<PersonId>> {
    if target == rep_person {
        return Err(Error::invalid("target", "the rep cannot ask for an introduction to themselves"));
    }
    if source == rep_person {
        return Err(Error::invalid("source", "the referral source must be someone other than the rep"));
    }
    if source == target {
        return Err(Error::invalid("source", "the referral source cannot be the target"));
    }
    if path.is_empty() {
        return Ok(vec![rep_person, source, target]);
    }
    let show = |p: &[PersonId]| p.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(" → ");
    if path.len() < 3 || path[0] != rep_person || path[path.len() - 1] != target || path[1] != source {
        return Err(Error::invalid(
            "path",
            format!("{} must start at the rep, then the source, and end at the target", show(path)),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = path.iter().find(|p| !seen.insert(**p)) {
        return Err(Error::invalid("path", format!("{dup} appears twice in the path")));
    }
    Ok(path.to_vec())
}
