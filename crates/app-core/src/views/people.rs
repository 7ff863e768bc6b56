//! What the window (and the command line's `--json`) receives from the people use cases:
//! the people list, a person's page, the forms that edit them, the neighbourhood picture;
//! and the command line's records of people, organisations, relationships and reps.

use chrono::NaiveDate;
use intrograph_engine::model::{
    Employment, Organisation, Person, PersonId, Relationship, RelationshipKind, Rep, Strength, Touch,
    TouchKind, Visibility,
};
use intrograph_engine::paths::PathPerson;
use intrograph_engine::pipeline::IntroRequest;
use intrograph_engine::store::network::Counts;
use intrograph_engine::store::organisations::{Employee, Position};
use serde::{Deserialize, Serialize};

/// A relationship seen from one of its ends: the relationship and the person at the other end.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RelatedPerson {
    pub relationship: Relationship,
    pub other: PathPerson,
}

/// An employment with the organisation's name.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Job {
    pub employment: Employment,
    pub organisation: String,
}

/// Everything a person's page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonDetail {
    pub person: Person,
    pub jobs: Vec<Job>,
    /// Every relationship of the person, strongest first (the page shows a hundred at a time).
    pub related: Vec<RelatedPerson>,
    pub touches: Vec<Touch>,
    /// The most recent requests naming the person as target or referral source (at most
    /// `people::PERSON_REQUESTS`, a hundred), newest first.
    pub requests: Vec<IntroRequest>,
    /// How many requests name the person in all.
    pub requests_total: u64,
    pub is_me: bool,
    pub is_target: bool,
    /// How often the rep means to be in touch, in days (`None`: no cadence).
    pub keep_in_touch_days: Option<u32>,
    /// Touches in each of the last 12 months, oldest first (the page's small chart).
    pub touch_months: Vec<crate::views::mail::MonthTouches>,
}

/// The person form.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonForm {
    pub full_name: String,
    pub title: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub linkedin_url: Option<String>,
    pub tags: Vec<String>,
    pub notes: String,
    /// A current employer, by name (new people only).
    pub organisation: Option<String>,
}

/// An in-place edit of a relationship; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RelationshipEdit {
    pub strength: Option<u8>,
    pub verified: Option<bool>,
    /// Set the last contact; `clear_last_contact` empties it.
    pub last_contact: Option<NaiveDate>,
    #[serde(default)]
    pub clear_last_contact: bool,
    /// Share the tie with the team or keep it private.
    #[serde(default)]
    pub visibility: Option<Visibility>,
}

/// A touch to log.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TouchForm {
    pub kind: TouchKind,
    pub date: NaiveDate,
    pub notes: String,
}

/// A person in the neighbourhood graph: 0 the centre, 1 their contacts, 2 contacts of those.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GraphNode {
    pub id: PersonId,
    pub name: String,
    pub ring: u8,
}

/// A relationship drawn in the neighbourhood graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GraphEdge {
    pub a: PersonId,
    pub b: PersonId,
    pub strength: Strength,
    pub verified: bool,
    pub kind: RelationshipKind,
}

/// A person's neighbourhood, capped so it stays readable.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Neighbourhood {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Contacts left out to keep the picture readable.
    pub hidden: u32,
}

/// What a merge of two people kept and did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Merged {
    /// The person who stayed, as they are after the merge.
    pub person: Person,
    pub report: intrograph_engine::store::merge::MergeReport,
}

/// A person in a list of the command line, with their current employer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonLine {
    pub person: Person,
    /// The current organisation's name, empty when there is none.
    pub organisation: String,
}

/// A person's record as the command line shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonRecord {
    pub person: Person,
    pub positions: Vec<Position>,
    pub relationships: Vec<NamedRelationship>,
    pub touches: Vec<Touch>,
    /// The person's rep record, when they are a rep.
    pub rep: Option<Rep>,
}

/// A relationship with the names of both ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NamedRelationship {
    #[serde(flatten)]
    pub relationship: Relationship,
    pub a_name: String,
    pub b_name: String,
}

/// An organisation with its current and past people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrganisationRecord {
    pub organisation: Organisation,
    pub current: Vec<Employee>,
    pub past: Vec<Employee>,
}

/// A rep with their name, and whether they are the current rep.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepView {
    #[serde(flatten)]
    pub rep: Rep,
    pub full_name: String,
    pub current: bool,
}

/// A rep just added, and whether their person was created for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepAdded {
    pub rep: RepView,
    pub new_person: bool,
}

/// The workspace's sizes and current rep, for a status line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Status {
    /// The database file; `None` in memory.
    pub database: Option<String>,
    pub schema_version: i64,
    pub counts: Counts,
    pub current_rep: Option<RepView>,
}

/// The TypeScript declarations of this module's views (see [`super::declarations`]).
#[cfg(feature = "ts")]
pub(crate) fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        RelatedPerson::decl(cfg),
        Job::decl(cfg),
        PersonDetail::decl(cfg),
        PersonForm::decl(cfg),
        RelationshipEdit::decl(cfg),
        TouchForm::decl(cfg),
        GraphNode::decl(cfg),
        GraphEdge::decl(cfg),
        Neighbourhood::decl(cfg),
    ]
}
