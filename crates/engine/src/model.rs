//! Domain types shared by every part of the engine.
//!
//! These are plain data: no I/O, no SQL. The store reads and writes them; the
//! graph and path search read them. Serde derives exist so the CLI (`--json`)
//! and the desktop boundary can emit them without a parallel set of DTOs.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Error;

pub mod assessment;
pub mod clock;
pub mod mapping;
pub mod message;
pub mod money;
pub mod opportunity;
pub mod period;
pub mod request;
pub mod stage;
pub mod text;

pub use assessment::{Answers, Assessment, Band};
pub use clock::Clock;
pub use mapping::{Field, Mapping};
pub use opportunity::{LeadSource, NewOpportunity, Opportunity, Outcome};
pub use period::{Period, Quarter};
pub use request::{
    FollowUpRules, FollowUps, IntroRequest, Move, NewRequest, RequestFilter, SourceOwed, StageChange,
};
pub use stage::Stage;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered id (UUID v7), so inserts stay local in the B-tree.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// Identifies a [`Person`].
    PersonId
);
id_type!(
    /// Identifies an [`Organisation`].
    OrganisationId
);
id_type!(
    /// Identifies a [`Relationship`].
    RelationshipId
);
id_type!(
    /// Identifies an [`Employment`].
    EmploymentId
);
id_type!(
    /// Identifies a [`Touch`].
    TouchId
);
id_type!(
    /// Identifies a [`Rep`].
    RepId
);
id_type!(
    /// Identifies an introduction request (`pipeline::IntroRequest`).
    RequestId
);
id_type!(
    /// Identifies an opportunity (`pipeline::Opportunity`).
    OpportunityId
);
id_type!(
    /// Identifies a Referral I.Q. assessment (`pipeline::iq::Assessment`).
    AssessmentId
);
id_type!(
    /// Identifies one entry of a request's stage history.
    StageChangeId
);

/// A contact. The rep is a person too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub id: PersonId,
    pub full_name: String,
    pub title: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub linkedin_url: Option<String>,
    pub tags: Vec<String>,
    pub notes: String,
    /// Where the record came from ("manual", "linkedin", "vcard", "csv:<file>", ...).
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub domain: Option<String>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A person working, or having worked, at an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Employment {
    pub id: EmploymentId,
    pub person_id: PersonId,
    pub organisation_id: OrganisationId,
    pub title: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Works there now. A past position may have an unknown end date.
    pub current: bool,
}

/// What kind of tie a relationship is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RelationshipKind {
    Colleague,
    FormerColleague,
    Client,
    Partner,
    Friend,
    Family,
    Investor,
    Board,
    Classmate,
    LinkedinConnection,
    Other,
}

impl RelationshipKind {
    pub const ALL: [RelationshipKind; 11] = [
        Self::Colleague,
        Self::FormerColleague,
        Self::Client,
        Self::Partner,
        Self::Friend,
        Self::Family,
        Self::Investor,
        Self::Board,
        Self::Classmate,
        Self::LinkedinConnection,
        Self::Other,
    ];

    /// The stored and typed name (`former_colleague`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Colleague => "colleague",
            Self::FormerColleague => "former_colleague",
            Self::Client => "client",
            Self::Partner => "partner",
            Self::Friend => "friend",
            Self::Family => "family",
            Self::Investor => "investor",
            Self::Board => "board",
            Self::Classmate => "classmate",
            Self::LinkedinConnection => "linkedin_connection",
            Self::Other => "other",
        }
    }

    /// The words used in explanations ("former colleague").
    pub fn label(self) -> &'static str {
        match self {
            Self::FormerColleague => "former colleague",
            Self::LinkedinConnection => "LinkedIn connection",
            Self::Board => "board member",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for RelationshipKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for RelationshipKind {
    type Err = Error;
    /// Accepts the stored name, the label, and common spellings
    /// (`former colleague`, `Former-Colleague`, `linkedin`).
    fn from_str(s: &str) -> Result<Self, Error> {
        let key: String = s
            .trim()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
            .collect();
        let kind = match key.as_str() {
            "linkedin" | "linkedin_connection" => Self::LinkedinConnection,
            "board" | "board_member" => Self::Board,
            "ex_colleague" | "former_colleague" => Self::FormerColleague,
            "customer" | "client" => Self::Client,
            other => match Self::ALL.iter().find(|k| k.as_str() == other) {
                Some(k) => *k,
                None => {
                    return Err(Error::invalid(
                        "relationship kind",
                        format!(
                            "{s:?} is not a kind; use one of: {}",
                            Self::ALL.map(|k| k.as_str()).join(", ")
                        ),
                    ))
                }
            },
        };
        Ok(kind)
    }
}

/// How well two people know each other: 1 distant, 2 casual, 3 good, 4 strong, 5 very strong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Strength(u8);

impl Strength {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    pub fn new(value: u8) -> Result<Self, Error> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(Error::invalid(
                "strength",
                format!(
                    "{value} is out of range; use {} (distant) to {} (very strong)",
                    Self::MIN,
                    Self::MAX
                ),
            ))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Words for explanations.
    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "distant",
            2 => "casual",
            3 => "good",
            4 => "strong",
            _ => "very strong",
        }
    }
}

impl TryFrom<u8> for Strength {
    type Error = Error;
    fn try_from(value: u8) -> Result<Self, Error> {
        Self::new(value)
    }
}

impl From<Strength> for u8 {
    fn from(s: Strength) -> u8 {
        s.0
    }
}

impl FromStr for Strength {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let n: i64 = s
            .trim()
            .parse()
            .map_err(|_| Error::invalid("strength", format!("{s:?} is not a number from 1 to 5")))?;
        u8::try_from(n)
            .map_err(|_| Error::invalid("strength", format!("{n} is out of range; use 1 to 5")))
            .and_then(Self::new)
    }
}

/// An undirected tie between two people. Stored with `a < b`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Relationship {
    pub id: RelationshipId,
    pub a: PersonId,
    pub b: PersonId,
    pub kind: RelationshipKind,
    pub strength: Strength,
    /// When the rep confirmed these two really know each other; `None` = unverified.
    pub verified_at: Option<DateTime<Utc>>,
    pub last_contact: Option<NaiveDate>,
    /// When the relationship began, if known.
    pub since: Option<NaiveDate>,
    pub notes: String,
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The rep who recorded the tie: `None` = this desktop's own rep; a colleague's rep
    /// for a tie pulled from the team workspace.
    #[serde(default)]
    pub owner_rep_id: Option<RepId>,
    /// Whether the tie is shared with the team (the default) or stays on this desktop.
    #[serde(default)]
    pub visibility: Visibility,
}

/// Who may see a relationship in a team workspace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Visibility {
    /// Synced to the team workspace: colleagues find introductions through it.
    #[default]
    Team,
    /// Never leaves this desktop (nor a bundle); only its own JSON backups keep it.
    Private,
}

impl Visibility {
    pub const ALL: [Visibility; 2] = [Self::Team, Self::Private];

    /// The stored and typed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Team => "team",
            Self::Private => "private",
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "team" => Ok(Self::Team),
            "private" => Ok(Self::Private),
            other => Err(Error::invalid("visibility", format!("{other:?} is not team or private"))),
        }
    }
}

impl Relationship {
    pub fn verified(&self) -> bool {
        self.verified_at.is_some()
    }

    /// Recorded on this desktop (not pulled from a colleague).
    pub fn is_own(&self) -> bool {
        self.owner_rep_id.is_none()
    }

    /// The other end of the tie, if `p` is one end.
    pub fn other(&self, p: PersonId) -> Option<PersonId> {
        if p == self.a {
            Some(self.b)
        } else if p == self.b {
            Some(self.a)
        } else {
            None
        }
    }
}

/// The kind of a logged interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TouchKind {
    Call,
    Email,
    Meeting,
    Event,
    Message,
}

impl TouchKind {
    pub const ALL: [TouchKind; 5] = [Self::Call, Self::Email, Self::Meeting, Self::Event, Self::Message];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Email => "email",
            Self::Meeting => "meeting",
            Self::Event => "event",
            Self::Message => "message",
        }
    }
}

impl fmt::Display for TouchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TouchKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let key = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|k| k.as_str() == key).ok_or_else(|| {
            Error::invalid(
                "touch kind",
                format!("{s:?} is not a kind; use one of: {}", Self::ALL.map(|k| k.as_str()).join(", ")),
            )
        })
    }
}

/// Which way an email or message went, seen from the rep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Direction {
    /// The rep wrote it.
    Sent,
    /// The rep received it.
    Received,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Received => "received",
        }
    }
}

/// A logged interaction between a rep and a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Touch {
    pub id: TouchId,
    pub person_id: PersonId,
    pub rep_id: Option<RepId>,
    pub kind: TouchKind,
    pub date: NaiveDate,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    /// Which way an email or message read from the rep's mail went (`None`: logged by
    /// hand, or a meeting).
    pub direction: Option<Direction>,
}

/// A sales rep in the workspace. Every rep is also a person in the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rep {
    pub id: RepId,
    pub person_id: PersonId,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A person as the graph needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonSummary {
    pub id: PersonId,
    pub full_name: String,
}

/// An organisation as the graph needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrganisationSummary {
    pub id: OrganisationId,
    pub name: String,
}

/// Everything the relationship graph is built from, read from the store in one go
/// (`store::network::load`) or assembled by tests and benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkData {
    pub people: Vec<PersonSummary>,
    pub organisations: Vec<OrganisationSummary>,
    pub employments: Vec<Employment>,
    pub relationships: Vec<Relationship>,
}

/// What an introduction aims at: one person, or any current employee of an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Target {
    Person(PersonId),
    Organisation(OrganisationId),
}

/// Lower-case, accent-folded-enough, whitespace-collapsed key for matching names.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            } else if c == '\'' || c == '-' || c == '.' || c == ',' {
                // punctuation inside names is ignored for matching
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// How well a query matched: exact (id, email, whole name) or partial (prefix, substring).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    Partial,
    Exact,
}

/// `old` followed by the items of `new` it lacks (a person's emails, phones or tags when two
/// records are merged).
pub(crate) fn union(old: &[String], new: &[String], case_insensitive: bool) -> Vec<String> {
    let key = |s: &str| if case_insensitive { s.to_lowercase() } else { s.to_string() };
    let mut out = old.to_vec();
    for n in new {
        if !out.iter().any(|o| key(o) == key(n)) {
            out.push(n.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_kind_round_trips_and_accepts_spellings() {
        for k in RelationshipKind::ALL {
            assert_eq!(k.as_str().parse::<RelationshipKind>().unwrap(), k);
            assert_eq!(k.label().parse::<RelationshipKind>().unwrap(), k);
        }
        assert_eq!(
            "Former Colleague".parse::<RelationshipKind>().unwrap(),
            RelationshipKind::FormerColleague
        );
        assert_eq!("LinkedIn".parse::<RelationshipKind>().unwrap(), RelationshipKind::LinkedinConnection);
        let err = "nemesis".parse::<RelationshipKind>().unwrap_err().to_string();
        assert!(err.contains("nemesis") && err.contains("colleague"), "{err}");
    }

    #[test]
    fn strength_range_is_enforced() {
        assert!(Strength::new(0).is_err());
        assert!(Strength::new(6).is_err());
        assert_eq!(Strength::new(3).unwrap().get(), 3);
        assert!("300".parse::<Strength>().unwrap_err().to_string().contains("out of range"));
        assert!("strong".parse::<Strength>().unwrap_err().to_string().contains("not a number"));
        assert!(serde_json::from_str::<Strength>("9").is_err());
    }

    #[test]
    fn name_key_normalises_case_space_and_punctuation() {
        assert_eq!(name_key("  Mary-Jane   O'Brien "), "maryjane obrien");
        assert_eq!(name_key("ÉMILE Zola"), "émile zola");
    }
}
