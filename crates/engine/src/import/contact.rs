//! One imported contact, whatever the format, and how it merges into the store.
//!
//! A contact matches a stored person by id, then any email, then LinkedIn URL, then
//! normalised name and organisation (or the same name with no known employer). A matched
//! person is updated: lists are merged, filled fields replace stored values, a new
//! employer becomes a current position. Otherwise a person is added.

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::error::{Error, Result};
use crate::model::{name_key, union, PersonId};
use crate::store::organisations::{self, EmploymentInput};
use crate::store::people::{self, PersonInput, PersonPatch};

/// A contact read from a file, with where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    /// `Connections.csv, line 7` or `phone.vcf, card 3 (line 41)`.
    pub location: String,
    pub id: Option<PersonId>,
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub organisation: Option<String>,
    pub title: Option<String>,
    pub linkedin_url: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// When the rep connected with them (LinkedIn's `Connected On`).
    pub connected_on: Option<NaiveDate>,
}

/// What merging a contact did to the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upsert {
    Added(PersonId),
    Updated(PersonId),
    Unchanged(PersonId),
}

impl Upsert {
    pub fn person(self) -> PersonId {
        match self {
            Self::Added(p) | Self::Updated(p) | Self::Unchanged(p) => p,
        }
    }
}

/// The stored person a contact stands for, if any. Several equally good candidates
/// are an [`Error::Ambiguous`].
pub fn find(tx: &Transaction<'_>, c: &Contact) -> Result<Option<PersonId>> {
    if let Some(id) = c.id {
        if people::exists(tx, id)? {
            return Ok(Some(id));
        }
        return Ok(None);
    }
    for e in &c.emails {
        if let Some(id) = people::find_by_email(tx, e)? {
            return Ok(Some(id));
        }
    }
    if let Some(url) = &c.linkedin_url {
        if let Some(id) = people::find_by_linkedin(tx, url)? {
            return Ok(Some(id));
        }
    }
    let same_name = people::find_by_name(tx, &c.name)?;
    let candidates: Vec<PersonId> = match &c.organisation {
        Some(org) => {
            let org_key = name_key(org);
            // Same name at that organisation; failing that, same name with no known employer.
            let (mut at_org, mut unemployed) = (Vec::new(), Vec::new());
            for id in same_name {
                let positions = organisations::positions(tx, id)?;
                if positions.iter().any(|p| name_key(&p.organisation_name) == org_key) {
                    at_org.push(id);
                } else if positions.is_empty() {
                    unemployed.push(id);
                }
            }
            if at_org.is_empty() {
                unemployed
            } else {
                at_org
            }
        }
        None => same_name,
    };
    match candidates.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(Error::Ambiguous {
            what: "person",
            query: c.name.clone(),
            candidates: many.iter().map(|id| people::describe(tx, *id)).collect::<Result<_>>()?,
        }),
    }
}

/// Adds the contact as a person, or merges it into the person it matches.
pub fn upsert(tx: &Transaction<'_>, c: &Contact, source: &str) -> Result<Upsert> {
    let Some(id) = find(tx, c)? else {
        let person = people::add(
            tx,
            &PersonInput {
                id: c.id,
                full_name: c.name.clone(),
                title: c.title.clone().unwrap_or_default(),
                emails: c.emails.clone(),
                phones: c.phones.clone(),
                linkedin_url: c.linkedin_url.clone(),
                tags: c.tags.clone(),
                notes: c.notes.clone().unwrap_or_default(),
                source: source.to_string(),
                organisation: c.organisation.clone(),
            },
        )?;
        return Ok(Upsert::Added(person.id));
    };

    let before = people::get(tx, id)?;
    let mut patch = PersonPatch::default();
    if c.name.split_whitespace().collect::<Vec<_>>().join(" ") != before.full_name {
        patch.full_name = Some(c.name.clone());
    }
    if let Some(t) = c.title.as_ref().filter(|t| **t != before.title) {
        patch.title = Some(t.clone());
    }
    let merged = union(&before.emails, &people::clean_emails(&c.emails)?, false);
    if merged != before.emails {
        patch.emails = Some(merged);
    }
    let merged = union(&before.phones, &c.phones, false);
    if merged != before.phones {
        patch.phones = Some(merged);
    }
    let merged = union(&before.tags, &c.tags, true);
    if merged.len() != before.tags.len() {
        patch.tags = Some(merged);
    }
    if let Some(url) = &c.linkedin_url {
        if people::canonical_url(url) != before.linkedin_url {
            patch.linkedin_url = Some(Some(url.clone()));
        }
    }
    if let Some(n) = c.notes.as_ref().filter(|n| **n != before.notes) {
        patch.notes = Some(n.clone());
    }
    let mut changed = !patch.is_empty();
    if !patch.is_empty() {
        people::edit(tx, id, &patch)?;
    }

    if let Some(org) = &c.organisation {
        let org_key = name_key(org);
        let positions = organisations::positions(tx, id)?;
        let title = c.title.clone().unwrap_or_default();
        match positions.iter().find(|p| p.employment.current && name_key(&p.organisation_name) == org_key) {
            Some(p) => {
                if c.title.is_some() && p.employment.title != title {
                    organisations::set_employment_title(tx, p.employment.id, &title)?;
                    changed = true;
                }
            }
            None => {
                let org = organisations::find_or_add(tx, org)?;
                organisations::add_employment(
                    tx,
                    &EmploymentInput {
                        person_id: id,
                        organisation_id: org.id,
                        title,
                        start: None,
                        end: None,
                        current: true,
                    },
                )?;
                changed = true;
            }
        }
    }
    Ok(if changed { Upsert::Updated(id) } else { Upsert::Unchanged(id) })
}

/// Splits `emails` into the valid ones (cleaned) and the rejected ones.
pub fn sort_emails(emails: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for e in emails {
        match people::clean_emails(std::slice::from_ref(e)) {
            Ok(mut v) => good.append(&mut v),
            Err(_) => bad.push(e.trim().to_string()),
        }
    }
    good.dedup();
    (union(&[], &good, false), bad)
}
