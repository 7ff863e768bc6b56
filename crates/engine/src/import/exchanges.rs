//! The rep's own exchanges (mail, calendar, LinkedIn messages) as touches.
//!
//! Readers ([`super::mail`], [`super::ics`], [`super::messages`]) stream a file and hand
//! each message, meeting occurrence or LinkedIn message to [`Applier`] as an [`Exchange`]:
//! who sent it, who received it, when, and a key that identifies it. Nothing else is read
//! into the store: no body, no attachment, and a subject only when asked.
//!
//! The applier decides, with the rep's own addresses:
//! - which way it went (the rep sent it, or received it) and who it touches: the
//!   recipients of what the rep sent, the sender of what the rep received, everyone at a
//!   meeting;
//! - what is skipped, and counts it: bulk mail and mailing lists (the reader sees the
//!   headers), no-reply and role addresses, invitations the rep declined, messages from
//!   the rep to themselves;
//! - who is a person (by email address, or LinkedIn profile for messages). Addresses that
//!   are nobody yet are counted; the frequent ones ([`is_candidate`]) are offered in the
//!   preview, and added as people when the rep chooses them (`ExchangeOptions::add`).
//!
//! Each exchange is stored once under its key with the people on it, and gives one touch
//! per person it touches; the rep's relationship with that person takes its last contact
//! from the latest touch, and is created (unverified, weak) when missing. Two people who
//! keep turning up together become an unverified weak tie ("likely know each other"),
//! unless the rep removed or dismissed that tie before (`dismissed_ties`, migration 0019).
//! A person added from an address works at the organisation that domain belongs to, when
//! the workspace knows one (its domain, or where colleagues with that domain work).
//!
//! One file is one transaction (a preview: the same work rolled back). A message that
//! cannot be read is a line of the report, with where and why; the rest imports.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use super::{plural, Progress, Skip};
use crate::error::{Error, Result};
use crate::model::OrganisationId;
use crate::model::{Direction, PersonId, RelationshipKind, RepId, Strength, TouchKind};
use crate::store::exchanges::{self as stored, ExchangeInput};
use crate::store::organisations::{self, EmploymentInput};
use crate::store::people::{self, PersonInput, PersonPatch};
use crate::store::relationships::{self, RelationshipInput, RelationshipPatch};
use crate::store::reps;

/// The address that stands for the rep's own LinkedIn profile when the rep's record has
/// none (the messages reader recognises the rep by name).
pub const ME: &str = "linkedin:me";

/// Someone on an exchange: a lower-cased email address, or a LinkedIn profile URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Party {
    pub address: String,
    /// The display name, when the file gives one.
    pub name: Option<String>,
    /// A calendar attendee who declined.
    pub declined: bool,
}

impl Party {
    pub fn new(address: &str, name: Option<&str>) -> Self {
        let name = name.map(|n| n.trim().trim_matches(['"', '\'']).trim()).filter(|n| !n.is_empty());
        Self { address: address.trim().to_lowercase(), name: name.map(str::to_string), declined: false }
    }
}

/// One message, meeting occurrence or LinkedIn message, as a reader hands it on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// `Inbox.mbox, message 12 (line 340)`.
    pub location: String,
    /// Identifies it across imports (Message-ID, UID and occurrence, ...).
    pub key: String,
    /// [`TouchKind::Email`], [`TouchKind::Meeting`] or [`TouchKind::Message`].
    pub kind: TouchKind,
    pub date: NaiveDate,
    /// The sender, or a meeting's organiser.
    pub from: Option<Party>,
    /// The recipients (to and cc), or a meeting's attendees.
    pub to: Vec<Party>,
    /// The thread (Gmail's thread id, the first of References); `None`: its own.
    pub thread: Option<String>,
    pub subject: Option<String>,
    /// The mailbox it was delivered to (`Delivered-To`, `X-Original-To`): one of the rep's
    /// addresses.
    pub delivered_to: Vec<String>,
    /// The mail client filed it as sent (Gmail's `Sent` label).
    pub marked_sent: bool,
}

/// What a reader hands on.
#[allow(clippy::large_enum_variant)]
pub enum Read {
    Exchange(Exchange),
    /// A list or bulk message (`List-Id`, `List-Unsubscribe`, `Precedence: bulk`).
    Bulk,
    /// A cancelled meeting.
    Cancelled,
    /// A message or event that cannot be used, and why.
    Unreadable(Skip),
    Note(String),
}

/// How an exchange import runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExchangeOptions {
    /// Work out the report, then roll back: the preview.
    pub dry_run: bool,
    /// More addresses of the rep's (added to the rep's person record on import).
    pub me: Vec<String>,
    /// Addresses (or LinkedIn profiles) to add as people when met.
    pub add: Vec<String>,
    /// Keep subjects too (off by default).
    pub subjects: bool,
    /// The day it is (default: today on this computer); later exchanges are refused.
    pub today: Option<NaiveDate>,
}

/// A correspondent who is not a person yet, with what was seen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Candidate {
    pub address: String,
    /// The display name seen most often, if any.
    pub name: Option<String>,
    pub sent: u32,
    pub received: u32,
    pub meetings: u32,
}

/// An address that looks like the rep's own, and how often it was seen as such.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OwnAddress {
    pub address: String,
    pub seen: u32,
}

/// One file of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileOutcome {
    pub file: String,
    /// Messages, events or rows read.
    pub read: u64,
    /// Why nothing of this file was imported, when so.
    pub failed: Option<String>,
}

/// At most this many unreadable messages and candidates are listed (counts are complete).
pub const MAX_LISTED: usize = 500;

/// What an exchange import did (or, previewed, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExchangeReport {
    pub dry_run: bool,
    pub files: Vec<FileOutcome>,
    /// Messages, events (occurrences) and rows read.
    pub read: u64,
    /// Exchanges stored for the first time.
    pub imported: u64,
    /// Exchanges stored by an earlier import.
    pub already_imported: u64,
    /// Exchanges with nobody known on them (their addresses are counted as candidates).
    pub nobody_known: u64,
    pub emails_sent: u64,
    pub emails_received: u64,
    pub meetings: u64,
    pub messages: u64,
    /// Touches added (each exchange gives one per person it touches).
    pub touches_added: u64,
    pub people_added: u64,
    /// Relationships of the rep created (unverified, weak) for people with touches.
    pub relationships_added: u64,
    /// Relationships of the rep whose last contact moved forward.
    pub last_contacts_moved: u64,
    /// Unverified weak ties added between people seen together.
    pub ties_added: u64,
    /// Pairs seen together often enough, kept out: the rep removed or dismissed their tie
    /// before.
    pub ties_kept_out: u64,
    /// People added who were given an organisation from their address's domain.
    pub people_given_organisation: u64,
    pub skipped_bulk: u64,
    pub skipped_role: u64,
    pub skipped_declined: u64,
    pub skipped_cancelled: u64,
    pub skipped_to_self: u64,
    pub skipped_unreadable: u64,
    /// The unreadable messages and events, with where and why.
    pub skips: Vec<Skip>,
    /// Frequent correspondents who are not people yet, most seen first.
    pub candidates: Vec<Candidate>,
    /// Addresses that look like the rep's but are not on the rep's record.
    pub own_addresses: Vec<OwnAddress>,
    pub notes: Vec<String>,
}

/// A correspondent is offered as a person when the rep wrote to them at least once or met
/// them, and they were on at least three exchanges in all: the rep answering is what tells
/// a relationship from cold inbound mail and newsletters that slip through, and three
/// exchanges leave out one-off threads (a single question and its answer).
pub fn is_candidate(c: &Candidate) -> bool {
    (c.sent >= 1 || c.meetings >= 1) && c.sent + c.received + c.meetings >= 3
}

/// No-reply and role addresses: nobody in particular reads or writes them.
pub fn is_role_address(address: &str) -> bool {
    let Some((local, _domain)) = address.rsplit_once('@') else { return false };
    let local = local.split('+').next().unwrap_or(local).to_ascii_lowercase();
    let squashed: String = local.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    const CONTAINS: &[&str] =
        &["noreply", "donotreply", "mailerdaemon", "notification", "bounce", "unsubscribe"];
    const EXACT: &[&str] = &[
        "info",
        "support",
        "sales",
        "billing",
        "admin",
        "administrator",
        "newsletter",
        "news",
        "marketing",
        "hello",
        "team",
        "help",
        "contact",
        "office",
        "jobs",
        "careers",
        "postmaster",
        "webmaster",
        "hostmaster",
        "abuse",
        "security",
        "privacy",
        "legal",
        "invoice",
        "invoices",
        "accounts",
        "accounting",
        "orders",
        "service",
        "customerservice",
        "feedback",
        "alerts",
        "alert",
        "updates",
        "digest",
        "calendar",
        "notifications",
        "mailer",
        "root",
        "daemon",
        "automated",
        "auto",
        "robot",
        "system",
    ];
    CONTAINS.iter().any(|w| squashed.contains(w)) || EXACT.contains(&squashed.as_str())
}

#[derive(Default)]
struct Seen {
    names: HashMap<String, u32>,
    sent: u32,
    received: u32,
    meetings: u32,
}

/// Aggregates across the files of one import: candidates and the rep's other addresses.
#[derive(Default)]
pub struct Tally {
    unknown: HashMap<String, Seen>,
    own: HashMap<String, u32>,
}

/// Applies exchanges to one file's transaction.
pub struct Applier<'t, 'c> {
    tx: &'t Transaction<'c>,
    rep: RepId,
    rep_person: PersonId,
    me: HashSet<String>,
    add: HashSet<String>,
    subjects: bool,
    today: NaiveDate,
    source: String,
    /// Address -> the person with it (`None`: nobody), looked up once.
    known: HashMap<String, Option<PersonId>>,
    /// Email domain -> the organisation it belongs to (`None`: none known), looked up once.
    domains: HashMap<String, Option<OrganisationId>>,
    /// The latest touch of this file per person.
    latest: HashMap<PersonId, NaiveDate>,
    pub report: ExchangeReport,
}

/// The rep whose exchanges these are, or the error telling how to add one.
pub fn current_rep(conn: &rusqlite::Connection, what: &str) -> Result<crate::model::Rep> {
    match reps::current_rep(conn) {
        Ok(r) => Ok(r),
        Err(Error::NotFound { .. }) => Err(Error::Conflict(format!(
            "{what} is the current rep's: add yourself first with `intrograph rep add \"Your Name\" --email you@example.com`"
        ))),
        Err(e) => Err(e),
    }
}

impl<'t, 'c> Applier<'t, 'c> {
    /// Starts a file: the rep's addresses are the rep's record's, and `options.me` (added
    /// to the record).
    pub fn new(tx: &'t Transaction<'c>, options: &ExchangeOptions, source: String) -> Result<Self> {
        let rep = current_rep(tx, "Mail, calendar and messages")?;
        let person = people::get(tx, rep.person_id)?;
        let mut me: HashSet<String> = person.emails.iter().map(|e| e.to_lowercase()).collect();
        if let Some(url) = &person.linkedin_url {
            me.insert(url.clone());
        }
        me.insert(ME.to_string());
        let extra: Vec<String> = options
            .me
            .iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty() && !me.contains(e))
            .collect();
        if !extra.is_empty() {
            let mut emails = person.emails.clone();
            emails.extend(extra.iter().cloned());
            people::edit(tx, person.id, &PersonPatch { emails: Some(emails), ..Default::default() })
                .map_err(|e| Error::invalid("your addresses", e.to_string()))?;
            me.extend(extra);
        }
        Ok(Self {
            tx,
            rep: rep.id,
            rep_person: rep.person_id,
            me,
            add: options.add.iter().map(|a| normal_address(a)).collect(),
            subjects: options.subjects,
            today: options.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            source,
            known: HashMap::new(),
            domains: HashMap::new(),
            latest: HashMap::new(),
            report: ExchangeReport { dry_run: options.dry_run, ..Default::default() },
        })
    }

    fn is_me(&self, address: &str) -> bool {
        self.me.contains(address)
    }

    /// The person with this address, adding them when the rep chose to.
    fn person(&mut self, party: &Party) -> Result<Option<PersonId>> {
        if let Some(p) = self.known.get(&party.address) {
            return Ok(*p);
        }
        let found = if party.address.contains('@') {
            people::find_all_by_email(self.tx, &party.address)?.first().copied()
        } else {
            people::find_by_linkedin(self.tx, &party.address)?
        };
        let found = match found {
            Some(p) => Some(p),
            None if self.add.contains(&party.address) => {
                let mut input =
                    PersonInput::named(party.name.clone().unwrap_or_else(|| party.address.clone()));
                if party.address.contains('@') {
                    input.emails = vec![party.address.clone()];
                } else {
                    input.linkedin_url = Some(party.address.clone());
                }
                input.source = self.source.clone();
                let p = people::add(self.tx, &input)?;
                self.report.people_added += 1;
                if let Some(org) = self.organisation_of(&party.address)? {
                    organisations::add_employment(
                        self.tx,
                        &EmploymentInput {
                            person_id: p.id,
                            organisation_id: org,
                            title: String::new(),
                            start: None,
                            end: None,
                            current: true,
                        },
                    )?;
                    self.report.people_given_organisation += 1;
                }
                Some(p.id)
            }
            None => None,
        };
        self.known.insert(party.address.clone(), found);
        Ok(found)
    }

    /// The organisation an address's domain belongs to, if the workspace knows one; never
    /// for free mail (gmail.com, outlook.com, ...), where colleagues share nothing.
    fn organisation_of(&mut self, address: &str) -> Result<Option<OrganisationId>> {
        let Some((_, domain)) = address.rsplit_once('@') else { return Ok(None) };
        if is_free_mail_domain(domain) {
            return Ok(None);
        }
        if let Some(org) = self.domains.get(domain) {
            return Ok(*org);
        }
        let org = organisations::for_email_domain(self.tx, domain)?;
        self.domains.insert(domain.to_string(), org);
        Ok(org)
    }

    /// Handles one thing a reader read.
    pub fn apply(&mut self, read: Read, tally: &mut Tally) -> Result<()> {
        match read {
            Read::Note(n) => self.report.notes.push(n),
            Read::Bulk => {
                self.report.read += 1;
                self.report.skipped_bulk += 1;
            }
            Read::Cancelled => {
                self.report.read += 1;
                self.report.skipped_cancelled += 1;
            }
            Read::Unreadable(skip) => {
                self.report.read += 1;
                self.unreadable(skip);
            }
            Read::Exchange(x) => {
                self.report.read += 1;
                self.exchange(x, tally)?;
            }
        }
        Ok(())
    }

    fn unreadable(&mut self, skip: Skip) {
        self.report.skipped_unreadable += 1;
        if self.report.skips.len() < MAX_LISTED {
            self.report.skips.push(skip);
        }
    }

    fn exchange(&mut self, x: Exchange, tally: &mut Tally) -> Result<()> {
        if x.date > self.today + chrono::Days::new(1) {
            self.unreadable(Skip {
                location: x.location,
                reason: format!(
                    "dated {} (in the future); a wrong clock or a forged date, not a contact",
                    x.date
                ),
            });
            return Ok(());
        }
        if x.date.year() < 1970 {
            self.unreadable(Skip { location: x.location, reason: format!("dated {}, before 1970", x.date) });
            return Ok(());
        }
        for d in &x.delivered_to {
            if !self.is_me(d) && !is_role_address(d) {
                *tally.own.entry(d.clone()).or_default() += 1;
            }
        }
        let from_me = x.from.as_ref().is_some_and(|f| self.is_me(&f.address));
        if x.marked_sent && !from_me {
            if let Some(f) = &x.from {
                *tally.own.entry(f.address.clone()).or_default() += 1;
            }
        }
        // Who else was on it, once each, the rep left out.
        let mut others: Vec<&Party> = Vec::new();
        let mut addresses = HashSet::new();
        for p in x.from.iter().chain(x.to.iter()) {
            if !p.address.is_empty() && !self.is_me(&p.address) && addresses.insert(p.address.as_str()) {
                others.push(p);
            }
        }
        let direction = match x.kind {
            TouchKind::Meeting => None,
            _ if from_me => Some(Direction::Sent),
            _ => Some(Direction::Received),
        };
        if x.kind == TouchKind::Meeting
            && x.to.iter().chain(x.from.iter()).any(|p| p.declined && self.is_me(&p.address))
        {
            self.report.skipped_declined += 1;
            return Ok(());
        }
        // Whom it touches: the recipients of what the rep sent, the sender of what the rep
        // received, everyone at a meeting.
        let touched: Vec<&Party> = match direction {
            Some(Direction::Sent) => {
                others.iter().copied().filter(|p| x.to.iter().any(|t| t.address == p.address)).collect()
            }
            Some(Direction::Received) => x.from.iter().filter(|p| !self.is_me(&p.address)).collect(),
            None => others.clone(),
        };
        if touched.is_empty() {
            match direction {
                Some(Direction::Sent) | None if others.is_empty() => self.report.skipped_to_self += 1,
                _ => self.report.skipped_role += 1,
            }
            return Ok(());
        }
        let touched: Vec<&Party> = touched.into_iter().filter(|p| !is_role_address(&p.address)).collect();
        if touched.is_empty() {
            self.report.skipped_role += 1;
            return Ok(());
        }
        let others: Vec<&Party> = others.into_iter().filter(|p| !is_role_address(&p.address)).collect();
        let mut touched_people = Vec::new();
        for p in &touched {
            match self.person(p)? {
                Some(id) if id != self.rep_person => touched_people.push(id),
                Some(_) => {}
                None => {
                    let seen = tally.unknown.entry(p.address.clone()).or_default();
                    match direction {
                        Some(Direction::Sent) => seen.sent += 1,
                        Some(Direction::Received) => seen.received += 1,
                        None => seen.meetings += 1,
                    }
                    if let Some(n) = &p.name {
                        *seen.names.entry(n.clone()).or_default() += 1;
                    }
                }
            }
        }
        let mut on_it = Vec::new();
        for p in &others {
            if let Some(id) = self.person(p)? {
                if id != self.rep_person && !on_it.contains(&id) {
                    on_it.push(id);
                }
            }
        }
        if touched_people.is_empty() {
            self.report.nobody_known += 1;
            return Ok(());
        }
        let thread = x.thread.clone().unwrap_or_else(|| x.key.clone());
        let subject = if self.subjects { x.subject.as_deref() } else { None };
        let input = ExchangeInput {
            key: &x.key,
            kind: x.kind,
            date: x.date,
            thread: &thread,
            participants: others.len() as u32,
            subject,
        };
        let id = match stored::insert(self.tx, &input)? {
            Some(id) => {
                self.report.imported += 1;
                id
            }
            None => {
                self.report.already_imported += 1;
                match stored::find(self.tx, &x.key)? {
                    Some(id) => id,
                    None => return Ok(()),
                }
            }
        };
        for p in &on_it {
            stored::add_person(self.tx, id, *p)?;
        }
        for p in touched_people {
            if stored::add_touch(self.tx, id, p, self.rep, x.kind, direction, x.date)? {
                self.report.touches_added += 1;
                match (x.kind, direction) {
                    (TouchKind::Meeting, _) => self.report.meetings += 1,
                    (TouchKind::Message, _) => self.report.messages += 1,
                    (_, Some(Direction::Sent)) => self.report.emails_sent += 1,
                    _ => self.report.emails_received += 1,
                }
                let latest = self.latest.entry(p).or_insert(x.date);
                *latest = (*latest).max(x.date);
            }
        }
        Ok(())
    }

    /// Ends the file: the rep's relationships take their last contact from the latest
    /// touch (created, unverified and weak, when missing).
    pub fn finish(mut self) -> Result<ExchangeReport> {
        let mut latest: Vec<(PersonId, NaiveDate)> = self.latest.drain().collect();
        latest.sort();
        for (person, date) in latest {
            match relationships::between(self.tx, self.rep_person, person)? {
                None => {
                    let mut input = RelationshipInput::new(
                        self.rep_person,
                        person,
                        RelationshipKind::Other,
                        Strength::new(1)?,
                    );
                    input.last_contact = Some(date);
                    input.source = self.source.clone();
                    let r = relationships::add(self.tx, &input)?;
                    stored::set_strength_not_by_hand(self.tx, r.id, r.strength)?;
                    self.report.relationships_added += 1;
                }
                Some(r) if r.last_contact.is_none_or(|d| d < date) => {
                    let patch = RelationshipPatch { last_contact: Some(Some(date)), ..Default::default() };
                    relationships::edit(self.tx, r.id, &patch)?;
                    self.report.last_contacts_moved += 1;
                }
                Some(_) => {}
            }
        }
        let (added, kept_out) = add_likely_ties(self.tx, self.rep_person, &self.source)?;
        self.report.ties_added += added;
        self.report.ties_kept_out = kept_out;
        Ok(self.report)
    }
}

/// Distinct threads or meetings two people must share to be "likely to know each other".
pub const TOGETHER_AT_LEAST: u32 = 3;
/// Exchanges with more people than this are no evidence that two of them know each other.
pub const TOGETHER_AT_MOST_PEOPLE: u32 = 8;

/// What was seen of two people together, in words.
pub fn together_reason(t: &stored::Together) -> String {
    let mut seen = Vec::new();
    if t.threads > 0 {
        seen.push(plural(u64::from(t.threads), "email thread", "email threads"));
    }
    if t.meetings > 0 {
        seen.push(plural(u64::from(t.meetings), "meeting", "meetings"));
    }
    format!("Likely know each other: together on {} between {} and {}", seen.join(" and "), t.first, t.last)
}

/// Adds an unverified weak tie for each pair seen together often enough that has none and
/// that the rep did not dismiss; returns how many were added and how many kept out.
fn add_likely_ties(tx: &Transaction<'_>, rep_person: PersonId, source: &str) -> Result<(u64, u64)> {
    let (mut added, mut kept_out) = (0, 0);
    for t in stored::together(tx, rep_person, TOGETHER_AT_LEAST, TOGETHER_AT_MOST_PEOPLE)? {
        if relationships::between(tx, t.a, t.b)?.is_some() {
            continue;
        }
        if stored::tie_dismissed(tx, t.a, t.b)? {
            kept_out += 1;
            continue;
        }
        let mut input = RelationshipInput::new(t.a, t.b, RelationshipKind::Other, Strength::new(1)?);
        input.last_contact = Some(t.last);
        input.notes = together_reason(&t);
        input.source = format!("{source} (seen together)");
        let r = relationships::add(tx, &input)?;
        stored::set_strength_not_by_hand(tx, r.id, r.strength)?;
        added += 1;
    }
    Ok((added, kept_out))
}

/// Free-mail domains: an address there says nothing of where someone works.
pub fn is_free_mail_domain(domain: &str) -> bool {
    const FREE: &[&str] = &[
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "qq.com",
        "163.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "libero.it",
        "t-online.de",
        "btinternet.com",
        "comcast.net",
    ];
    let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    // yahoo.co.uk, hotmail.fr, outlook.de, ...
    let (provider, rest) = d.split_once('.').unwrap_or((&d, ""));
    FREE.contains(&d.as_str())
        || ["yahoo", "hotmail", "outlook", "live", "gmx", "yandex", "aol"].contains(&provider)
            && !rest.is_empty()
            && rest.split('.').all(|label| (2..=3).contains(&label.len()))
}

/// A lower-cased address, `mailto:` and angle brackets removed; a LinkedIn URL made canonical.
pub fn normal_address(a: &str) -> String {
    let a = a.trim().trim_start_matches('<').trim_end_matches('>');
    let a = a.strip_prefix("mailto:").or_else(|| a.strip_prefix("MAILTO:")).unwrap_or(a);
    if a.contains("linkedin.com/") {
        people::canonical_url(a).unwrap_or_else(|| a.to_lowercase())
    } else {
        a.trim().to_lowercase()
    }
}

impl Tally {
    /// Adds the candidates and the rep's other addresses to `report`.
    pub fn into_report(self, report: &mut ExchangeReport, me: &HashSet<String>) {
        let mut candidates: Vec<Candidate> = self
            .unknown
            .into_iter()
            .map(|(address, s)| {
                let name =
                    s.names.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(n, _)| n);
                Candidate { address, name, sent: s.sent, received: s.received, meetings: s.meetings }
            })
            .filter(is_candidate)
            .collect();
        candidates.sort_by(|a, b| {
            (b.sent + b.received + b.meetings)
                .cmp(&(a.sent + a.received + a.meetings))
                .then(a.address.cmp(&b.address))
        });
        candidates.truncate(MAX_LISTED);
        report.candidates = candidates;
        let mut own: Vec<OwnAddress> = self
            .own
            .into_iter()
            .filter(|(a, _)| !me.contains(a))
            .map(|(address, seen)| OwnAddress { address, seen })
            .collect();
        own.sort_by(|a, b| b.seen.cmp(&a.seen).then(a.address.cmp(&b.address)));
        own.truncate(20);
        report.own_addresses = own;
    }
}

/// The rep's addresses as the record has them and as `options` adds.
pub fn my_addresses(conn: &rusqlite::Connection, options: &ExchangeOptions) -> Result<HashSet<String>> {
    let rep = current_rep(conn, "Mail, calendar and messages")?;
    let person = people::get(conn, rep.person_id)?;
    let mut me: HashSet<String> = person.emails.iter().map(|e| e.to_lowercase()).collect();
    me.extend(options.me.iter().map(|e| normal_address(e)));
    Ok(me)
}

/// Adds one file's report to the whole import's.
pub fn add_up(total: &mut ExchangeReport, part: ExchangeReport) {
    total.read += part.read;
    total.imported += part.imported;
    total.already_imported += part.already_imported;
    total.nobody_known += part.nobody_known;
    total.emails_sent += part.emails_sent;
    total.emails_received += part.emails_received;
    total.meetings += part.meetings;
    total.messages += part.messages;
    total.touches_added += part.touches_added;
    total.people_added += part.people_added;
    total.relationships_added += part.relationships_added;
    total.last_contacts_moved += part.last_contacts_moved;
    total.ties_added += part.ties_added;
    // Each file counts every pair kept out so far; the last file's count is the whole.
    total.ties_kept_out = total.ties_kept_out.max(part.ties_kept_out);
    total.people_given_organisation += part.people_given_organisation;
    total.skipped_bulk += part.skipped_bulk;
    total.skipped_role += part.skipped_role;
    total.skipped_declined += part.skipped_declined;
    total.skipped_cancelled += part.skipped_cancelled;
    total.skipped_to_self += part.skipped_to_self;
    total.skipped_unreadable += part.skipped_unreadable;
    for s in part.skips {
        if total.skips.len() < MAX_LISTED {
            total.skips.push(s);
        }
    }
    total.notes.extend(part.notes);
}

/// A progress callback's view of several files read one after the other.
pub struct Bytes {
    pub before: u64,
    pub total: Option<u64>,
}

impl Bytes {
    pub fn progress(&self, read: u64, records: u64) -> Progress {
        Progress { bytes_read: self.before + read, bytes_total: self.total, records }
    }
}
