//! One imported contact, whatever the format, and how it merges into the store.
//!
//! A contact matches a stored person by id, then any email, then LinkedIn URL, then
//! normalised name and organisation (or the same name with no known employer). An id that
//! misses falls through to the email and the LinkedIn URL; a strict id (a people CSV's,
//! from an export) never to a name, and a vCard UID's id (see [`id_for_uid`]) never to
//! the name of another card's person, but also to a phone number: different UIDs are
//! different people unless an email or phone matches. A look-up with two answers (two
//! people with one email) is an [`Error::Ambiguous`] naming both. A matched person is
//! updated: lists are merged, filled fields replace stored values (each replaced value
//! is reported), a new employer becomes a current position. Otherwise a person is added.

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::text::strip_controls;
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
    /// The id names one person (a people CSV's `id`): when it misses, the name is not tried.
    pub strict_id: bool,
    /// Text that was not what its column or property promised (an "email" that is not an
    /// address, a "phone" that is not a number): `(label, text)`, kept in the notes.
    pub rejected: Vec<(&'static str, String)>,
    /// The record stands for an organisation, not a person (an address book's company card).
    pub organisation_only: bool,
}

impl Contact {
    /// Removes control characters from every text field ([`strip_controls`]); returns the
    /// names of the fields that had some.
    pub fn strip_controls(&mut self) -> Vec<&'static str> {
        let mut fields = Vec::new();
        let mut one = |field: &'static str, value: &mut String, multi_line: bool| {
            let (clean, removed) = strip_controls(value, multi_line);
            if removed {
                if !fields.contains(&field) {
                    fields.push(field);
                }
                // What surrounded the removed characters is trimmed, as cells are.
                *value = clean.trim().to_string();
            } else {
                *value = clean;
            }
        };
        one("name", &mut self.name, false);
        for e in &mut self.emails {
            one("email", e, false);
        }
        for p in &mut self.phones {
            one("phone", p, false);
        }
        for (field, value) in [
            ("organisation", &mut self.organisation),
            ("title", &mut self.title),
            ("linkedin_url", &mut self.linkedin_url),
        ] {
            if let Some(v) = value.as_mut() {
                one(field, v, false);
            }
        }
        for t in &mut self.tags {
            one("tags", t, false);
        }
        if let Some(n) = self.notes.as_mut() {
            one("notes", n, true);
        }
        for (_, r) in &mut self.rejected {
            one("notes", r, true);
        }
        // A value that was nothing but control characters is no value: it never erases.
        for value in [&mut self.organisation, &mut self.title, &mut self.linkedin_url, &mut self.notes] {
            if value.as_deref() == Some("") {
                *value = None;
            }
        }
        self.emails.retain(|e| !e.is_empty());
        self.phones.retain(|p| !p.is_empty());
        self.tags.retain(|t| !t.is_empty());
        self.rejected.retain(|(_, r)| !r.is_empty());
        fields
    }
}

/// A phone number: digits (at least three) with the usual punctuation, `+`, and an
/// extension (`x12`, `ext. 12`); anything else ("ask Jenny for her number") is not one.
pub fn looks_like_phone(s: &str) -> bool {
    let lower = s.trim().to_lowercase();
    let number = match lower.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => {
            let (number, ext) = lower.split_at(i);
            let ext = ext.trim_start_matches("extension").trim_start_matches("ext").trim_start_matches('x');
            let ext = ext.trim_start_matches(['.', ':', ' ']);
            if ext.is_empty() || !ext.chars().all(|c| c.is_ascii_digit()) {
                return false;
            }
            number
        }
        None => &lower,
    };
    number.chars().filter(char::is_ascii_digit).count() >= 3
        && number.chars().all(|c| c.is_ascii_digit() || " +-().,/\u{a0}".contains(c))
}

/// The person id a vCard `UID` stands for: the same UID always gives the same id, so a
/// card imported again finds its person, and two cards with different UIDs are never
/// taken for one person by their names. These ids are UUID version 8 ("custom"), which
/// tells them apart from the version 7 ids the app makes.
pub fn id_for_uid(uid: &str) -> PersonId {
    let fnv = |basis: u64| {
        uid.trim().bytes().fold(basis, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&fnv(0xcbf2_9ce4_8422_2325).to_be_bytes());
    bytes[8..].copy_from_slice(&fnv(0x6c62_272e_07bb_0142).to_be_bytes());
    PersonId(uuid::Builder::from_custom_bytes(bytes).into_uuid())
}

fn from_uid(id: PersonId) -> bool {
    id.0.get_version_num() == 8
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
    }
    let mut by_email: Vec<PersonId> = Vec::new();
    for e in &c.emails {
        for id in people::find_all_by_email(tx, e)? {
            if !by_email.contains(&id) {
                by_email.push(id);
            }
        }
    }
    if let Some(found) = one_of(tx, by_email, &c.emails.join(", "))? {
        return Ok(Some(found));
    }
    if c.id.is_some_and(from_uid) {
        let mut by_phone: Vec<PersonId> = Vec::new();
        for p in &c.phones {
            for id in people::find_all_by_phone(tx, p)? {
                if !by_phone.contains(&id) {
                    by_phone.push(id);
                }
            }
        }
        if let Some(found) = one_of(tx, by_phone, &c.phones.join(", "))? {
            return Ok(Some(found));
        }
    }
    if let Some(url) = &c.linkedin_url {
        if let Some(found) = one_of(tx, people::find_all_by_linkedin(tx, url)?, url)? {
            return Ok(Some(found));
        }
    }
    if c.strict_id && c.id.is_some() {
        return Ok(None);
    }
    let mut same_name = people::find_by_name(tx, &c.name)?;
    if c.id.is_some_and(from_uid) {
        // Another card's person (another UID) is not this one, whatever the name.
        same_name.retain(|id| !from_uid(*id));
    }
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
    one_of(tx, candidates, &c.name)
}

/// The one person of `ids`; none is `None`, several an [`Error::Ambiguous`] naming each.
fn one_of(tx: &Transaction<'_>, ids: Vec<PersonId>, query: &str) -> Result<Option<PersonId>> {
    match ids.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(Error::Ambiguous {
            what: "person",
            query: query.to_string(),
            candidates: many.iter().map(|id| people::describe(tx, *id)).collect::<Result<_>>()?,
        }),
    }
}

/// Adds the contact as a person, or merges it into the person it matches.
pub fn upsert(tx: &Transaction<'_>, c: &Contact, source: &str) -> Result<Upsert> {
    upsert_reporting(tx, c, source, &mut Vec::new())
}

/// [`upsert`], adding to `replaced` a line for each stored value the contact replaced
/// (`title "Manager" replaced by "Director"`), so a merge never drops a value unsaid.
pub fn upsert_reporting(
    tx: &Transaction<'_>,
    c: &Contact,
    source: &str,
    replaced: &mut Vec<String>,
) -> Result<Upsert> {
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
    let mut replace = |field: &str, old: &str, new: &str| {
        if !old.trim().is_empty() {
            replaced.push(format!("{field} {old:?} replaced by {new:?}"));
        }
    };
    if c.name.split_whitespace().collect::<Vec<_>>().join(" ") != before.full_name {
        replace("name", &before.full_name, &c.name);
        patch.full_name = Some(c.name.clone());
    }
    if let Some(t) = c.title.as_ref().filter(|t| **t != before.title) {
        replace("title", &before.title, t);
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
            replace("LinkedIn URL", before.linkedin_url.as_deref().unwrap_or_default(), url);
            patch.linkedin_url = Some(Some(url.clone()));
        }
    }
    if let Some(n) = c.notes.as_ref().filter(|n| **n != before.notes) {
        replace("notes", &before.notes, n);
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
                    if p.employment.title != before.title && !p.employment.title.is_empty() {
                        replaced.push(format!(
                            "title at {} {:?} replaced by {title:?}",
                            p.organisation_name, p.employment.title
                        ));
                    }
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
