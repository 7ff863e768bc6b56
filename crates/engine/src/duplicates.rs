//! Likely duplicates: two records that are probably the same person, with the evidence.
//!
//! Imports match people by email, LinkedIn URL or name plus organisation; the same person
//! with a personal and a work address, or as "Bob" and "Robert", stays two records. The
//! finder proposes such pairs; the rep merges them (`store::merge`) or dismisses them
//! (`store::duplicates::dismiss`), and a dismissed pair is never proposed again.
//!
//! **Blocking, not all pairs.** Only people who share a key are compared: a normalised
//! phone number, a LinkedIn profile slug, an email address or its name part, an
//! organisation and a surname, an organisation and a given name (nicknames folded), or a
//! whole name (nicknames folded). A key shared by more than [`MAX_BLOCK`] people (a
//! switchboard, a team inbox, a very common name) says nothing and is skipped; the
//! organisation blocks are compared pairwise up to [`MAX_NAME_BLOCK`] people. The work is
//! linear in the people plus the pairs inside blocks (figures in `docs/benchmarks.md`).
//!
//! **Score.** Each piece of evidence has a weight in (0, 1); the score is
//! `1 − Π(1 − weight)`, lowered by counter-evidence (different LinkedIn profiles, a
//! relationship between the two). It ranks pairs; it is not a probability, and the window
//! shows it as a [`Likelihood`]. Pairs under [`THRESHOLD`] are not proposed: the same name
//! at different organisations needs shared relationships to be listed.

pub mod nicknames;

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use strsim::jaro_winkler;

use crate::error::Result;
use crate::graph::Network;
use crate::model::PersonId;
use crate::store::duplicates::{self as stored, PersonFacts};

/// A phone, slug, email or name shared by more people than this is not evidence.
pub const MAX_BLOCK: usize = 25;
/// People of one organisation with one surname (or given name) compared pairwise, at most.
pub const MAX_NAME_BLOCK: usize = 400;
/// The lowest score proposed.
pub const THRESHOLD: f64 = 0.5;
/// Names of shared acquaintances spelled out in an evidence line.
const SHARED_NAMED: usize = 3;

/// Email names too generic to mean one person.
const GENERIC_EMAIL_NAMES: &[&str] = &[
    "info",
    "contact",
    "sales",
    "admin",
    "office",
    "hello",
    "support",
    "team",
    "mail",
    "enquiries",
    "noreply",
    "no-reply",
    "jobs",
    "careers",
    "billing",
    "accounts",
    "marketing",
    "help",
    "service",
];

/// What points to (or against) two records being one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EvidenceKind {
    SamePhone,
    SameLinkedin,
    SameEmail,
    SameEmailName,
    /// The same name, or a nickname, an initial or a near spelling of it, at one organisation.
    SimilarNameSameOrganisation,
    /// The same name (nicknames folded) with no organisation in common.
    SameNameElsewhere,
    SharedRelationships,
    /// Counter-evidence: both have a LinkedIn profile, and they differ.
    DifferentLinkedin,
    /// Counter-evidence: a relationship between the two is on record.
    KnowEachOther,
}

/// One line of evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// The line as shown: "same phone: +1 415 555 0100 and (415) 555-0100".
    pub detail: String,
    /// True for counter-evidence, which lowers the score.
    pub against: bool,
}

/// How likely a pair is one person, in words (the score ranks, it is no probability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Likelihood {
    Possible,
    Likely,
    VeryLikely,
}

impl Likelihood {
    pub fn of(score: f64) -> Self {
        if score >= 0.9 {
            Self::VeryLikely
        } else if score >= 0.7 {
            Self::Likely
        } else {
            Self::Possible
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::VeryLikely => "very likely",
            Self::Likely => "likely",
            Self::Possible => "possible",
        }
    }
}

/// One side of a pair, with what the rep needs to decide.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuplicateSide {
    pub id: PersonId,
    pub name: String,
    pub organisations: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub linkedin_url: Option<String>,
    /// Relationships on record.
    pub relationships: u32,
    pub rep: bool,
}

/// Two records that are probably one person. `keep` is the one a merge should keep (a rep,
/// else the one with more relationships, else the older record); `other` folds into it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LikelyDuplicate {
    pub keep: DuplicateSide,
    pub other: DuplicateSide,
    /// In [0, 1]; ranks pairs (see the module documentation).
    pub score: f64,
    pub likelihood: Likelihood,
    /// Evidence first, counter-evidence last.
    pub evidence: Vec<Evidence>,
}

/// A phone number as compared: its digits (an extension cut off), the last ten when
/// there are more (so `+44 20 7946 0958`, `0044 20 7946 0958` and `020 7946 0958`
/// agree); `None` for fewer than seven digits.
pub fn normalise_phone(raw: &str) -> Option<String> {
    let lower = raw.to_lowercase();
    let main = lower.split(['x', ';', ',']).next().unwrap_or("");
    let main = main.split("ext").next().unwrap_or("");
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return None;
    }
    Some(digits[digits.len().saturating_sub(10)..].to_string())
}

/// The profile slug of a LinkedIn URL (`bob-smith-1a2b` in `https://uk.linkedin.com/in/Bob-Smith-1a2b/en?x`),
/// lower case and percent-decoded; `None` for other URLs.
pub fn linkedin_slug(url: &str) -> Option<String> {
    let lower = url.trim().to_lowercase();
    let host_end = lower.find("linkedin.com/")?;
    let path = &lower[host_end + "linkedin.com/".len()..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut parts = path.split('/').filter(|p| !p.is_empty());
    if parts.next()? != "in" {
        return None;
    }
    let slug = percent_decode(parts.next()?);
    (!slug.is_empty()).then_some(slug)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_lowercase()
}

/// The name part of an email as compared: before `@` and any `+tag`, dots removed;
/// `None` when short or generic (`info@`, `sales@`).
fn email_name(email: &str) -> Option<String> {
    let local = email.split('@').next()?.split('+').next()?.to_lowercase();
    if GENERIC_EMAIL_NAMES.contains(&local.as_str()) {
        return None;
    }
    let name: String = local.chars().filter(|c| *c != '.').collect();
    (name.chars().count() >= 5 && name.chars().any(char::is_alphabetic)).then_some(name)
}

/// A name's first and last words (`name_key` form); `None` for a one-word name.
fn name_parts(name_key: &str) -> Option<(&str, &str)> {
    let mut words = name_key.split_whitespace();
    let first = words.next()?;
    let last = words.last()?;
    Some((first, last))
}

/// How two names compare.
#[derive(Clone, Copy, Debug, PartialEq)]
enum NameMatch {
    Same,
    Nickname,
    Initial,
    Similar,
}

fn compare_names(a: &str, b: &str) -> Option<NameMatch> {
    let ((af, al), (bf, bl)) = (name_parts(a)?, name_parts(b)?);
    let same_last = al == bl;
    if af == bf && same_last {
        return Some(NameMatch::Same);
    }
    if same_last && nicknames::equivalent(af, bf) {
        return Some(NameMatch::Nickname);
    }
    let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x) && y.chars().count() > 1;
    if same_last && (initial(af, bf) || initial(bf, af)) {
        return Some(NameMatch::Initial);
    }
    let last_close = same_last || jaro_winkler(al, bl) >= 0.88;
    let first_close = af == bf || nicknames::equivalent(af, bf) || jaro_winkler(af, bf) >= 0.88;
    (last_close && first_close).then_some(NameMatch::Similar)
}

/// The keys a given name is blocked under: itself and each nickname group.
fn first_keys(first: &str) -> Vec<String> {
    let mut keys = vec![first.to_string()];
    keys.extend(nicknames::groups(first).iter().map(|g| format!("#{g}")));
    keys
}

/// Evidence gathered for one pair before scoring.
#[derive(Default)]
struct Pending {
    evidence: Vec<(Evidence, f64)>,
    name_done: bool,
    phone_done: bool,
}

impl Pending {
    fn add(&mut self, kind: EvidenceKind, detail: String, weight: f64) {
        if !self.evidence.iter().any(|(e, _)| e.kind == kind) {
            self.evidence.push((Evidence { kind, detail, against: false }, weight));
        }
    }
}

/// A pair of positions in the facts, smaller first.
type Pair = (u32, u32);

fn pair(i: u32, j: u32) -> Pair {
    (i.min(j), i.max(j))
}

/// Every pair inside each block of at most `max` members.
fn block_pairs<'a>(blocks: &'a HashMap<String, Vec<u32>>, max: usize) -> impl Iterator<Item = Pair> + 'a {
    blocks
        .values()
        .filter(move |m| m.len() >= 2 && m.len() <= max)
        .flat_map(|m| (0..m.len()).flat_map(move |x| ((x + 1)..m.len()).map(move |y| pair(m[x], m[y]))))
}

fn push_once(map: &mut HashMap<String, Vec<u32>>, key: String, i: u32) {
    let members = map.entry(key).or_default();
    if members.last() != Some(&i) {
        members.push(i);
    }
}

/// The candidate pairs of `facts` (positions, smaller first) with the evidence their
/// facts give (phones, profiles, emails, names; not relationships), each pair once.
fn candidates(facts: &[PersonFacts]) -> HashMap<Pair, Pending> {
    let mut phones: HashMap<String, Vec<u32>> = HashMap::new();
    let mut slugs: HashMap<String, Vec<u32>> = HashMap::new();
    let mut emails: HashMap<String, Vec<u32>> = HashMap::new();
    let mut email_names: HashMap<String, Vec<u32>> = HashMap::new();
    let mut org_last: HashMap<String, Vec<u32>> = HashMap::new();
    let mut org_first: HashMap<String, Vec<u32>> = HashMap::new();
    let mut names: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, p) in facts.iter().enumerate() {
        let i = i as u32;
        for phone in &p.phones {
            if let Some(key) = normalise_phone(phone) {
                push_once(&mut phones, key, i);
            }
        }
        if let Some(slug) = p.linkedin_url.as_deref().and_then(linkedin_slug) {
            push_once(&mut slugs, slug, i);
        }
        for email in &p.emails {
            push_once(&mut emails, email.to_lowercase(), i);
            if let Some(name) = email_name(email) {
                push_once(&mut email_names, name, i);
            }
        }
        if let Some((first, last)) = name_parts(&p.name_key) {
            for (org, _) in &p.organisations {
                push_once(&mut org_last, format!("{org}\u{1f}{last}"), i);
                for key in first_keys(first) {
                    push_once(&mut org_first, format!("{org}\u{1f}{key}"), i);
                }
            }
            for key in first_keys(first) {
                push_once(&mut names, format!("{key}\u{1f}{last}"), i);
            }
        }
    }

    let mut found: HashMap<Pair, Pending> = HashMap::new();
    for (i, j) in block_pairs(&phones, MAX_BLOCK) {
        let pending = found.entry((i, j)).or_default();
        if pending.phone_done {
            continue;
        }
        pending.phone_done = true;
        let (a, b) = (&facts[i as usize], &facts[j as usize]);
        let shown = shared_phone(a, b).unwrap_or_default();
        pending.add(EvidenceKind::SamePhone, format!("same phone: {shown}"), 0.85);
    }
    for (i, j) in block_pairs(&slugs, MAX_BLOCK) {
        let slug = facts[i as usize].linkedin_url.as_deref().and_then(linkedin_slug).unwrap_or_default();
        found.entry((i, j)).or_default().add(
            EvidenceKind::SameLinkedin,
            format!("same LinkedIn profile: in/{slug}"),
            0.95,
        );
    }
    for (i, j) in block_pairs(&emails, MAX_BLOCK) {
        let (a, b) = (&facts[i as usize], &facts[j as usize]);
        let email = a.emails.iter().find(|e| b.emails.iter().any(|f| f.eq_ignore_ascii_case(e)));
        found.entry((i, j)).or_default().add(
            EvidenceKind::SameEmail,
            format!("same email: {}", email.map_or("", String::as_str)),
            0.95,
        );
    }
    for (i, j) in block_pairs(&email_names, MAX_BLOCK) {
        let (a, b) = (&facts[i as usize], &facts[j as usize]);
        let Some((ea, eb)) = a.emails.iter().find_map(|ea| {
            let n = email_name(ea)?;
            b.emails.iter().find(|eb| email_name(eb).as_ref() == Some(&n) && *eb != ea).map(|eb| (ea, eb))
        }) else {
            continue;
        };
        found.entry((i, j)).or_default().add(
            EvidenceKind::SameEmailName,
            format!("same name in their email addresses: {ea} and {eb}"),
            0.45,
        );
    }
    for (i, j) in block_pairs(&org_last, MAX_NAME_BLOCK).chain(block_pairs(&org_first, MAX_NAME_BLOCK)) {
        let (a, b) = (&facts[i as usize], &facts[j as usize]);
        if found.get(&(i, j)).is_some_and(|p| p.name_done) {
            continue;
        }
        let Some(how) = compare_names(&a.name_key, &b.name_key) else { continue };
        let org = a
            .organisations
            .iter()
            .find(|(o, _)| b.organisations.iter().any(|(x, _)| x == o))
            .map_or("", |(_, n)| n.as_str());
        let (detail, weight) = name_evidence(how, a, b, org);
        let pending = found.entry((i, j)).or_default();
        pending.name_done = true;
        pending.add(EvidenceKind::SimilarNameSameOrganisation, detail, weight);
    }
    for (i, j) in block_pairs(&names, MAX_BLOCK) {
        if found.get(&(i, j)).is_some_and(|p| p.name_done) {
            continue;
        }
        let (a, b) = (&facts[i as usize], &facts[j as usize]);
        let how = match compare_names(&a.name_key, &b.name_key) {
            Some(how @ (NameMatch::Same | NameMatch::Nickname)) => how,
            _ => continue,
        };
        let detail = match how {
            NameMatch::Same => "the same name, no organisation in common".to_string(),
            _ => format!("{} and {}: a nickname, no organisation in common", a.full_name, b.full_name),
        };
        let pending = found.entry((i, j)).or_default();
        pending.name_done = true;
        pending.add(EvidenceKind::SameNameElsewhere, detail, if how == NameMatch::Same { 0.35 } else { 0.3 });
    }
    found
}

fn shared_phone(a: &PersonFacts, b: &PersonFacts) -> Option<String> {
    for pa in &a.phones {
        let Some(ka) = normalise_phone(pa) else { continue };
        if let Some(pb) = b.phones.iter().find(|pb| normalise_phone(pb).as_ref() == Some(&ka)) {
            return Some(if pa == pb { pa.clone() } else { format!("{pa} and {pb}") });
        }
    }
    None
}

fn name_evidence(how: NameMatch, a: &PersonFacts, b: &PersonFacts, org: &str) -> (String, f64) {
    let first = |p: &PersonFacts| p.full_name.split_whitespace().next().unwrap_or("").to_string();
    match how {
        NameMatch::Same => (format!("the same name, both at {org}"), 0.85),
        NameMatch::Nickname => {
            let (fa, fb) = (first(a), first(b));
            let ka = name_parts(&a.name_key).map_or("", |p| p.0);
            let (short, long) = if nicknames::formal(ka) == Some(ka) { (fb, fa) } else { (fa, fb) };
            (format!("{short} is short for {long}, both at {org}"), 0.8)
        }
        NameMatch::Initial => {
            (format!("{} and {}: an initial, both at {org}", a.full_name, b.full_name), 0.6)
        }
        NameMatch::Similar => {
            (format!("similar names ({} and {}), both at {org}", a.full_name, b.full_name), 0.55)
        }
    }
}

fn side(p: &PersonFacts, relationships: u32) -> DuplicateSide {
    DuplicateSide {
        id: p.id,
        name: p.full_name.clone(),
        organisations: p.organisations.iter().map(|(_, n)| n.clone()).collect(),
        emails: p.emails.clone(),
        phones: p.phones.clone(),
        linkedin_url: p.linkedin_url.clone(),
        relationships,
        rep: p.rep,
    }
}

/// "Ann Lee, Carl Diaz and 3 more".
fn named_list(names: &[String], total: usize) -> String {
    let mut text = names.join(", ");
    if total > names.len() {
        text.push_str(&format!(" and {} more", total - names.len()));
    } else if let Some(at) = text.rfind(", ") {
        text.replace_range(at..at + 2, " and ");
    }
    text
}

/// Scores the candidate pairs of `facts` with what `network` knows (shared
/// relationships, a relationship between the two) and keeps those at or above
/// [`THRESHOLD`], best first. `involving`: only pairs with at least one of these people.
/// `dismissed` pairs, and two reps (a merge refuses them), are never proposed.
pub fn score(
    facts: &[PersonFacts],
    network: &Network,
    dismissed: &HashSet<(PersonId, PersonId)>,
    involving: Option<&HashSet<PersonId>>,
) -> Vec<LikelyDuplicate> {
    let mut out = Vec::new();
    for ((i, j), pending) in candidates(facts) {
        let (a, b) = (&facts[i as usize], &facts[j as usize]);
        if involving.is_some_and(|set| !set.contains(&a.id) && !set.contains(&b.id)) {
            continue;
        }
        if (a.rep && b.rep) || dismissed.contains(&crate::store::relationships::ordered(a.id, b.id)) {
            continue;
        }
        let mut evidence = pending.evidence;
        let na = network.neighbours(a.id);
        let nb = network.neighbours(b.id);
        let set: HashSet<PersonId> = na.iter().copied().collect();
        let shared: Vec<PersonId> =
            nb.iter().copied().filter(|p| set.contains(p) && *p != a.id && *p != b.id).collect();
        if !shared.is_empty() {
            let mut names: Vec<String> =
                shared.iter().filter_map(|p| network.person_name(*p).map(str::to_string)).collect();
            names.sort();
            names.truncate(SHARED_NAMED);
            let weight = (1.0 - 0.85f64.powi(shared.len() as i32)).min(0.6);
            evidence.push((
                Evidence {
                    kind: EvidenceKind::SharedRelationships,
                    detail: format!("both know {}", named_list(&names, shared.len())),
                    against: false,
                },
                weight,
            ));
        }
        let mut score = 1.0 - evidence.iter().map(|(_, w)| 1.0 - w).product::<f64>();
        let slugs = (
            a.linkedin_url.as_deref().and_then(linkedin_slug),
            b.linkedin_url.as_deref().and_then(linkedin_slug),
        );
        if let (Some(sa), Some(sb)) = &slugs {
            if sa != sb {
                score *= 0.3;
                evidence.push((
                    Evidence {
                        kind: EvidenceKind::DifferentLinkedin,
                        detail: format!("different LinkedIn profiles: in/{sa} and in/{sb}"),
                        against: true,
                    },
                    0.0,
                ));
            }
        }
        if let Some(tie) = network.tie_between(a.id, b.id) {
            score *= 0.5;
            evidence.push((
                Evidence {
                    kind: EvidenceKind::KnowEachOther,
                    detail: format!(
                        "a relationship between the two is on record ({}): two people, or a mistaken tie",
                        tie.kind.label()
                    ),
                    against: true,
                },
                0.0,
            ));
        }
        if score < THRESHOLD {
            continue;
        }
        let (ra, rb) = (na.len() as u32, nb.len() as u32);
        // Facts are in id order (ids are time-ordered): `a` is the older record.
        let a_first = a.rep || (!b.rep && ra >= rb);
        let (keep, other) = if a_first { (side(a, ra), side(b, rb)) } else { (side(b, rb), side(a, ra)) };
        out.push(LikelyDuplicate {
            keep,
            other,
            score,
            likelihood: Likelihood::of(score),
            evidence: evidence.into_iter().map(|(e, _)| e).collect(),
        });
    }
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.keep.name.cmp(&y.keep.name))
            .then_with(|| x.other.name.cmp(&y.other.name))
            .then_with(|| x.keep.id.cmp(&y.keep.id))
            .then_with(|| x.other.id.cmp(&y.other.id))
    });
    out
}

/// The likely duplicates of the workspace (see [`score`]), read from `conn`.
pub fn find(
    conn: &Connection,
    network: &Network,
    involving: Option<&HashSet<PersonId>>,
) -> Result<Vec<LikelyDuplicate>> {
    let facts = stored::facts(conn)?;
    let dismissed = stored::dismissed(conn)?;
    Ok(score(&facts, network, &dismissed, involving))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_compare_by_their_last_ten_digits() {
        assert_eq!(normalise_phone("+44 20 7946 0958"), normalise_phone("020 7946 0958"));
        assert_eq!(normalise_phone("0044 (20) 7946-0958"), normalise_phone("020 7946 0958"));
        assert_eq!(normalise_phone("+1 415 555 0100"), normalise_phone("(415) 555-0100"));
        assert_eq!(normalise_phone("415.555.0100 ext 12"), normalise_phone("415-555-0100"));
        assert_eq!(normalise_phone("415-555-0100 x7"), Some("4155550100".into()));
        assert_ne!(normalise_phone("+1 415 555 0100"), normalise_phone("+1 415 555 0101"));
        assert_eq!(normalise_phone("12345"), None);
        assert_eq!(normalise_phone(""), None);
    }

    #[test]
    fn linkedin_slugs_ignore_the_url_variant() {
        let want = Some("bob-smith-1a2b".to_string());
        for url in [
            "https://www.linkedin.com/in/bob-smith-1a2b",
            "http://uk.linkedin.com/in/Bob-Smith-1a2b/",
            "linkedin.com/in/bob-smith-1a2b/en?trk=x",
            "https://m.linkedin.com/in/bob%2Dsmith%2D1a2b#top",
        ] {
            assert_eq!(linkedin_slug(url), want, "{url}");
        }
        assert_eq!(linkedin_slug("https://www.linkedin.com/company/acme"), None);
        assert_eq!(linkedin_slug("https://example.com/in/bob"), None);
        assert_eq!(linkedin_slug("https://www.linkedin.com/in/"), None);
    }

    #[test]
    fn names_compare_with_nicknames_initials_and_spelling() {
        assert_eq!(compare_names("bob smith", "robert smith"), Some(NameMatch::Nickname));
        assert_eq!(compare_names("robert j smith", "robert smith"), Some(NameMatch::Same));
        assert_eq!(compare_names("r smith", "robert smith"), Some(NameMatch::Initial));
        assert_eq!(compare_names("jon smyth", "john smith"), Some(NameMatch::Similar));
        assert_eq!(compare_names("bob smith", "bob jones"), None);
        assert_eq!(compare_names("alice smith", "robert smith"), None);
        assert_eq!(compare_names("madonna", "madonna"), None, "one-word names are too weak");
    }

    #[test]
    fn email_names_skip_generic_and_short_ones() {
        assert_eq!(email_name("bob.smith+news@gmail.com"), Some("bobsmith".into()));
        assert_eq!(email_name("info@acme.com"), None);
        assert_eq!(email_name("bo@acme.com"), None);
    }

    #[test]
    fn evidence_lists_read_well() {
        assert_eq!(named_list(&["Ann".into()], 1), "Ann");
        assert_eq!(named_list(&["Ann".into(), "Bo".into()], 2), "Ann and Bo");
        assert_eq!(named_list(&["Ann".into(), "Bo".into(), "Cy".into()], 5), "Ann, Bo, Cy and 2 more");
    }
}
