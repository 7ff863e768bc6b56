//! A generic CSV import's column mapping: which field each header feeds. Saved by name
//! (`store::mappings`), read by `import::generic_csv`, which also parses them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The full name.
    Name,
    FirstName,
    MiddleName,
    LastName,
    Email,
    Phone,
    Organisation,
    Title,
    LinkedinUrl,
    /// A web address: a LinkedIn profile becomes the LinkedIn URL, others go to the notes.
    Website,
    /// Tags, separated by `;`, `,` or Google's ` ::: `.
    Tags,
    Notes,
    /// Read and dropped.
    Ignore,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Self::Name,
        Self::FirstName,
        Self::MiddleName,
        Self::LastName,
        Self::Email,
        Self::Phone,
        Self::Organisation,
        Self::Title,
        Self::LinkedinUrl,
        Self::Website,
        Self::Tags,
        Self::Notes,
        Self::Ignore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::FirstName => "first_name",
            Self::MiddleName => "middle_name",
            Self::LastName => "last_name",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Organisation => "organisation",
            Self::Title => "title",
            Self::LinkedinUrl => "linkedin_url",
            Self::Website => "website",
            Self::Tags => "tags",
            Self::Notes => "notes",
            Self::Ignore => "ignore",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named column mapping: which field each header feeds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub name: String,
    /// Header (as written in the file) → field.
    pub columns: BTreeMap<String, Field>,
}
