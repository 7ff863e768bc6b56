//! The network's use cases: the people list, a person's page, the person form, merges,
//! relationships, touches, the neighbourhood picture; and the command line's records of
//! people, organisations, relationships, touches and reps, and the status line.
//!
//! Every edit keeps the workspace's cached relationship graph in step: an edit it can apply
//! is applied ([`Workspace::update_network`]); a wider one drops it to be rebuilt on next
//! use ([`Workspace::forget_network`]).

use intrograph_engine::store::undo::ActionKind;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use intrograph_engine::model::{
    Organisation, OrganisationSummary, Person, PersonId, PersonSummary, Relationship, RelationshipId,
    RelationshipKind, Strength, Target, Touch, TouchKind, Visibility,
};
use intrograph_engine::store::browse::{self, PeoplePage, PeopleSort};
use intrograph_engine::store::organisations::{EmploymentInput, OrganisationInput, OrganisationPatch};
use intrograph_engine::store::people::{PersonInput, PersonPatch};
use intrograph_engine::store::relationships::{RelationshipInput, RelationshipPatch};
use intrograph_engine::store::touches::TouchInput;
use intrograph_engine::store::{
    self, merge, network, organisations, people, relationships, reps, requests, targets, touches, Page, Store,
};
use intrograph_engine::{Error, Result};

use crate::views::people::{
    GraphEdge, GraphNode, Job, Merged, NamedRelationship, Neighbourhood, OrganisationRecord, PersonDetail,
    PersonForm, PersonLine, PersonRecord, RelatedPerson, RelationshipEdit, RepAdded, RepView, Status,
    TouchForm,
};
use crate::workspace::{me, path_person, Workspace};

/// Most rows one page of the people list may ask for.
pub const MAX_PAGE: u32 = 500;

/// The requests a person page lists: a hub of the network can be the target or source
/// of thousands.
pub const PERSON_REQUESTS: u64 = 100;

/// The source of what a user enters by hand.
const MANUAL: &str = "manual";

fn nothing_to_change() -> Error {
    Error::invalid("edit", "nothing to change; give at least one option (see --help)")
}

// ---------------------------------------------------------------- the people list

/// One page of the Network screen's list: people whose name or title holds `query`, in
/// `sort` order (at most [`MAX_PAGE`] rows).
pub fn browse(
    workspace: &Workspace,
    query: &str,
    sort: PeopleSort,
    offset: u32,
    limit: u32,
) -> Result<PeoplePage> {
    let page = Page { offset: u64::from(offset), limit: u64::from(limit.min(MAX_PAGE)) };
    browse::people(workspace.store()?.conn(), query, sort, page)
}

fn lines(store: &Store, list: Vec<Person>) -> Result<Vec<PersonLine>> {
    list.into_iter()
        .map(|person| Ok(PersonLine { organisation: current_organisation(store, person.id)?, person }))
        .collect()
}

/// The name of a person's current organisation, empty when there is none.
fn current_organisation(store: &Store, id: PersonId) -> Result<String> {
    Ok(organisations::positions(store.conn(), id)?
        .into_iter()
        .find(|p| p.employment.current)
        .map(|p| p.organisation_name)
        .unwrap_or_default())
}

/// People by name, one page, each with their current employer.
pub fn list(workspace: &Workspace, page: Page) -> Result<Vec<PersonLine>> {
    let store = workspace.store()?;
    let list = people::list(store.conn(), page)?;
    lines(&store, list)
}

/// People whose name, email or organisation contains `text`, one page, each with their
/// current employer.
pub fn search(workspace: &Workspace, text: &str, page: Page) -> Result<Vec<PersonLine>> {
    let store = workspace.store()?;
    let list = people::search(store.conn(), text, page)?;
    lines(&store, list)
}

// ---------------------------------------------------------------- a person's page

/// Everything a person's page shows: details, jobs, every relationship (strongest first,
/// then by name), touches, the most recent requests involving them.
pub fn page(workspace: &Workspace, id: PersonId) -> Result<PersonDetail> {
    let store = workspace.store()?;
    let conn = store.conn();
    let person = people::get(conn, id)?;
    let jobs = organisations::positions(conn, id)?
        .into_iter()
        .map(|p| Job { employment: p.employment, organisation: p.organisation_name })
        .collect();
    let mut related = Vec::new();
    for relationship in relationships::list_for_person(conn, id)? {
        let other = relationship.other(id).expect("listed for this person");
        related.push(RelatedPerson { other: path_person(&store, other)?, relationship });
    }
    related.sort_by(|a, b| {
        b.relationship.strength.cmp(&a.relationship.strength).then(a.other.name.cmp(&b.other.name))
    });
    let involved = requests::involving(&store, id, PERSON_REQUESTS)?;
    let rep = me(&store).ok();
    let is_target = match &rep {
        Some(rep) => targets::contains(conn, rep.id, Target::Person(id))?,
        None => false,
    };
    Ok(PersonDetail {
        touches: touches::list_for_person(conn, id)?,
        requests: involved.requests,
        requests_total: involved.total,
        is_me: rep.is_some_and(|r| r.person_id == id),
        is_target,
        keep_in_touch_days: intrograph_engine::store::exchanges::cadence(conn, id)?,
        touch_months: crate::mail::touch_months(&store, id, workspace.today())?,
        person,
        jobs,
        related,
    })
}

/// A person's record as the command line shows it: positions, relationships with both
/// names, touches and rep record. `query` is an id, an email or a name.
pub fn record(workspace: &Workspace, query: &str) -> Result<PersonRecord> {
    let store = workspace.store()?;
    let conn = store.conn();
    let person = crate::find::resolve_person(&store, query)?;
    let relationships = relationships::list_for_person(conn, person.id)?
        .into_iter()
        .map(|r| named(&store, r))
        .collect::<Result<Vec<_>>>()?;
    Ok(PersonRecord {
        positions: organisations::positions(conn, person.id)?,
        touches: touches::list_for_person(conn, person.id)?,
        rep: reps::for_person(conn, person.id)?,
        relationships,
        person,
    })
}

// ---------------------------------------------------------------- adding and editing people

fn clean(list: Vec<String>) -> Vec<String> {
    list.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Adds a person (with a current employer when `input` names one).
pub fn add(workspace: &Workspace, input: &PersonInput) -> Result<Person> {
    let person = workspace.store()?.write(|tx| people::add(tx, input))?;
    // A new person may come with a new organisation: rebuild on next use.
    workspace.forget_network();
    Ok(person)
}

/// Saves the person form: a new person when `id` is `None`, else the person's details
/// (lists are trimmed and blank entries dropped).
pub fn save_form(workspace: &Workspace, id: Option<PersonId>, form: PersonForm) -> Result<Person> {
    let linkedin_url = form.linkedin_url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    let Some(id) = id else {
        return add(
            workspace,
            &PersonInput {
                full_name: form.full_name,
                title: form.title.trim().into(),
                emails: clean(form.emails),
                phones: clean(form.phones),
                linkedin_url,
                tags: clean(form.tags),
                notes: form.notes,
                source: MANUAL.into(),
                organisation: form.organisation.map(|o| o.trim().to_string()).filter(|o| !o.is_empty()),
                ..PersonInput::default()
            },
        );
    };
    let patch = PersonPatch {
        full_name: Some(form.full_name),
        title: Some(form.title.trim().into()),
        emails: Some(clean(form.emails)),
        phones: Some(clean(form.phones)),
        linkedin_url: Some(linkedin_url),
        tags: Some(clean(form.tags)),
        notes: Some(form.notes),
        source: None,
    };
    let person = workspace.store()?.write(|tx| people::edit(tx, id, &patch))?;
    workspace.update_network(|n| {
        n.upsert_person(PersonSummary { id: person.id, full_name: person.full_name.clone() });
        Ok(())
    });
    Ok(person)
}

/// A change to a person from the command line; what is left empty stays as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonChanges {
    pub name: Option<String>,
    pub title: Option<String>,
    /// Replace the emails with these.
    pub emails: Vec<String>,
    /// Add these emails to the ones kept.
    pub add_emails: Vec<String>,
    /// Replace the phones with these.
    pub phones: Vec<String>,
    /// The LinkedIn URL; blank clears it.
    pub linkedin: Option<String>,
    /// Replace the tags with these.
    pub tags: Vec<String>,
    /// Add these tags to the ones kept.
    pub add_tags: Vec<String>,
    pub notes: Option<String>,
    /// Record a current position at this organisation (with `title`).
    pub organisation: Option<String>,
}

/// The list a change leaves: `replace` (or the `existing` one when empty) followed by `add`;
/// `None` when neither is given.
fn changed_list(existing: &[String], replace: &[String], add: &[String]) -> Option<Vec<String>> {
    if replace.is_empty() && add.is_empty() {
        return None;
    }
    let base = if replace.is_empty() { existing } else { replace };
    Some(base.iter().chain(add).cloned().collect())
}

/// Changes a person's details (`query` is an id, an email or a name). Naming an
/// organisation records a current position there, or retitles the current one. Refused
/// when nothing would change.
pub fn edit(workspace: &Workspace, query: &str, changes: &PersonChanges) -> Result<Person> {
    let mut store = workspace.store()?;
    let p = crate::find::resolve_person(&store, query)?;
    let patch = PersonPatch {
        full_name: changes.name.clone(),
        title: changes.title.clone(),
        notes: changes.notes.clone(),
        linkedin_url: changes.linkedin.clone().map(|u| Some(u).filter(|u| !u.trim().is_empty())),
        emails: changed_list(&p.emails, &changes.emails, &changes.add_emails),
        phones: (!changes.phones.is_empty()).then(|| changes.phones.clone()),
        tags: changed_list(&p.tags, &changes.tags, &changes.add_tags),
        source: None,
    };
    if patch.is_empty() && changes.organisation.is_none() {
        return Err(nothing_to_change());
    }
    let edited = store.write(|tx| {
        let edited = people::edit(tx, p.id, &patch)?;
        if let Some(org_name) = &changes.organisation {
            let org = organisations::find_or_add(tx, org_name)?;
            let positions = organisations::positions(tx, p.id)?;
            match positions.iter().find(|x| x.employment.current && x.employment.organisation_id == org.id) {
                Some(pos) => {
                    if let Some(t) = &changes.title {
                        organisations::set_employment_title(tx, pos.employment.id, t)?;
                    }
                }
                None => {
                    organisations::add_employment(
                        tx,
                        &EmploymentInput {
                            person_id: p.id,
                            organisation_id: org.id,
                            title: changes.title.clone().unwrap_or_else(|| edited.title.clone()),
                            start: None,
                            end: None,
                            current: true,
                        },
                    )?;
                }
            }
        }
        Ok(edited)
    })?;
    drop(store);
    if changes.organisation.is_some() {
        // A new position, perhaps at a new organisation: rebuild on next use.
        workspace.forget_network();
    } else {
        workspace.update_network(|n| {
            n.upsert_person(PersonSummary { id: edited.id, full_name: edited.full_name.clone() });
            Ok(())
        });
    }
    Ok(edited)
}

/// Removes a person with their relationships and touches (a rep cannot be removed).
///
/// Undoable: the history keeps it ([`crate::undo`]).
pub fn remove(workspace: &Workspace, id: PersonId) -> Result<Person> {
    let (removed, _) = crate::undo::recorded(
        workspace,
        ActionKind::Delete,
        |p: &Person, _| format!("Deleted {}", p.full_name),
        |store| store.write(|tx| people::remove(tx, id)),
    )?;
    workspace.update_network(|n| n.remove_person(removed.id));
    Ok(removed)
}

/// Folds `other` into `keep`, keeping every relationship, touch, employment, tag and
/// request of both.
///
/// Undoable: the history keeps it ([`crate::undo`]).
pub fn merge(workspace: &Workspace, keep: PersonId, other: PersonId) -> Result<Merged> {
    let absorbed = people::name(workspace.store()?.conn(), other)?;
    let (report, _) = crate::undo::recorded(
        workspace,
        ActionKind::Merge,
        |_, store| {
            let kept = people::name(store.conn(), keep).unwrap_or_default();
            format!("Merged {absorbed} into {kept}")
        },
        |store| store.write(|tx| merge::merge_people(tx, keep, other)),
    )?;
    let person = people::get(workspace.store()?.conn(), keep)?;
    workspace.forget_network();
    Ok(Merged { person, report })
}

/// The person a change that cannot be undone by retyping (a removal, a merge) is about:
/// an id, an email or the whole name, never part of it ([`people::resolve_exactly`]).
/// `me` is the current rep.
pub fn exactly(workspace: &Workspace, query: &str) -> Result<Person> {
    let store = workspace.store()?;
    if query.trim().eq_ignore_ascii_case("me") {
        return crate::find::resolve_person(&store, query);
    }
    people::resolve_exactly(store.conn(), query)
}

/// [`merge`], the two people given as the user typed them (an id, an email or a whole name).
pub fn merge_named(workspace: &Workspace, keep: &str, absorb: &str) -> Result<Merged> {
    let (keep, absorb) = {
        let store = workspace.store()?;
        (people::resolve_exactly(store.conn(), keep)?.id, people::resolve_exactly(store.conn(), absorb)?.id)
    };
    merge(workspace, keep, absorb)
}

// ---------------------------------------------------------------- relationships

fn named(store: &Store, relationship: Relationship) -> Result<NamedRelationship> {
    Ok(NamedRelationship {
        a_name: people::name(store.conn(), relationship.a)?,
        b_name: people::name(store.conn(), relationship.b)?,
        relationship,
    })
}

/// Adds a relationship and applies it to the cached graph.
fn insert_relationship(workspace: &Workspace, input: &RelationshipInput) -> Result<Relationship> {
    let rel = workspace.store()?.write(|tx| relationships::add(tx, input))?;
    workspace.update_network(|n| n.upsert_relationship(&rel));
    Ok(rel)
}

/// Changes a relationship in place and applies it to the cached graph.
fn patch_relationship(
    workspace: &Workspace,
    id: RelationshipId,
    patch: &RelationshipPatch,
) -> Result<Relationship> {
    let rel = workspace.store()?.write(|tx| relationships::edit(tx, id, patch))?;
    workspace.update_network(|n| n.upsert_relationship(&rel));
    Ok(rel)
}

/// Adds a relationship entered by hand between `a` and `b` (the window's dialog).
pub fn add_relationship(
    workspace: &Workspace,
    a: PersonId,
    b: PersonId,
    kind: RelationshipKind,
    strength: u8,
) -> Result<Relationship> {
    let input = RelationshipInput {
        source: MANUAL.into(),
        ..RelationshipInput::new(a, b, kind, Strength::new(strength)?)
    };
    insert_relationship(workspace, &input)
}

/// A relationship to add from the command line.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRelationship {
    pub a: PersonId,
    pub b: PersonId,
    pub kind: RelationshipKind,
    pub strength: Strength,
    /// The user confirmed they know each other.
    pub verified: bool,
    pub last_contact: Option<NaiveDate>,
    pub since: Option<NaiveDate>,
    pub notes: String,
    /// Shared with the team (the default) or kept on this desktop.
    pub visibility: Visibility,
}

/// Adds a relationship entered by hand, with every fact the command line takes.
pub fn relate(workspace: &Workspace, new: NewRelationship) -> Result<NamedRelationship> {
    let mut input = RelationshipInput::new(new.a, new.b, new.kind, new.strength);
    input.verified_at = new.verified.then(store::now);
    input.last_contact = new.last_contact;
    input.since = new.since;
    input.notes = new.notes;
    input.visibility = new.visibility;
    input.source = MANUAL.into();
    let rel = insert_relationship(workspace, &input)?;
    named(&*workspace.store()?, rel)
}

/// Edits a relationship in place from the window: strength, verified, last contact.
pub fn edit_relationship(
    workspace: &Workspace,
    id: RelationshipId,
    edit: RelationshipEdit,
) -> Result<Relationship> {
    let patch = RelationshipPatch {
        strength: edit.strength.map(Strength::new).transpose()?,
        verified_at: edit.verified.map(|v| v.then(store::now)),
        last_contact: if edit.clear_last_contact { Some(None) } else { edit.last_contact.map(Some) },
        visibility: edit.visibility,
        ..RelationshipPatch::default()
    };
    patch_relationship(workspace, id, &patch)
}

/// Changes the relationship between `a` and `b` (the command line's edit); refused when
/// `patch` changes nothing.
pub fn change_relationship(
    workspace: &Workspace,
    a: PersonId,
    b: PersonId,
    patch: &RelationshipPatch,
) -> Result<NamedRelationship> {
    let existing = relationships::require_between(workspace.store()?.conn(), a, b)?;
    if patch.is_empty() {
        return Err(nothing_to_change());
    }
    let rel = patch_relationship(workspace, existing.id, patch)?;
    named(&*workspace.store()?, rel)
}

/// Records that the user confirmed (or no longer confirms) that `a` and `b` know each other.
pub fn set_verified(
    workspace: &Workspace,
    a: PersonId,
    b: PersonId,
    verified: bool,
) -> Result<NamedRelationship> {
    let mut store = workspace.store()?;
    let existing = relationships::require_between(store.conn(), a, b)?;
    let rel = store.write(|tx| {
        if verified {
            relationships::verify(tx, existing.id)
        } else {
            relationships::unverify(tx, existing.id)
        }
    })?;
    workspace.update_network(|n| n.upsert_relationship(&rel));
    named(&store, rel)
}

/// Removes the relationship between `a` and `b`. Between two people other than the rep, the
/// rep's word that they do not know each other is remembered: no import of mail, calendar
/// or messages proposes the tie again.
pub fn unrelate(workspace: &Workspace, a: PersonId, b: PersonId) -> Result<NamedRelationship> {
    let mut store = workspace.store()?;
    let existing = relationships::require_between(store.conn(), a, b)?;
    let me = crate::workspace::me(&store).ok().map(|r| r.person_id);
    let rel = store.write(|tx| {
        let rel = relationships::remove(tx, existing.id)?;
        if me != Some(a) && me != Some(b) {
            intrograph_engine::store::exchanges::dismiss_tie(tx, a, b)?;
        }
        Ok(rel)
    })?;
    workspace.update_network(|n| n.remove_relationship(rel.id));
    named(&store, rel)
}

/// The relationships of `person`, or every relationship, with both names.
pub fn relationships(workspace: &Workspace, person: Option<PersonId>) -> Result<Vec<NamedRelationship>> {
    let store = workspace.store()?;
    let list = match person {
        Some(id) => relationships::list_for_person(store.conn(), id)?,
        None => relationships::list_all(store.conn())?,
    };
    list.into_iter().map(|r| named(&store, r)).collect()
}

// ---------------------------------------------------------------- touches

/// Logs a touch; the relationship between its rep and the person (whose last contact it
/// may move) is applied to the cached graph.
fn insert_touch(workspace: &Workspace, input: &TouchInput) -> Result<Touch> {
    let mut store = workspace.store()?;
    let touch = store.write(|tx| touches::log(tx, input))?;
    if let Some(rep) = input.rep_id {
        let rep = reps::get(store.conn(), rep)?;
        if let Some(rel) = relationships::between(store.conn(), rep.person_id, input.person_id)? {
            workspace.update_network(|n| n.upsert_relationship(&rel));
        }
    }
    Ok(touch)
}

/// Logs a touch with `person` from the window, by the current rep (unless the person is
/// the rep).
pub fn log_touch(workspace: &Workspace, person: PersonId, form: TouchForm) -> Result<Touch> {
    let rep = me(&*workspace.store()?).ok().filter(|r| r.person_id != person).map(|r| r.id);
    insert_touch(
        workspace,
        &TouchInput { person_id: person, kind: form.kind, date: form.date, notes: form.notes, rep_id: rep },
    )
}

/// Logs a touch with `person` from the command line: by the rep named `rep` (else the
/// current rep, if there is one), on `date` (else today).
pub fn record_touch(
    workspace: &Workspace,
    person: PersonId,
    kind: TouchKind,
    date: Option<NaiveDate>,
    notes: String,
    rep: Option<&str>,
) -> Result<Touch> {
    let rep = {
        let store = workspace.store()?;
        match rep {
            Some(q) => Some(reps::resolve_rep(store.conn(), q)?),
            None => reps::current_rep(store.conn()).ok(),
        }
    };
    let input = TouchInput {
        person_id: person,
        kind,
        date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
        notes,
        rep_id: rep.map(|r| r.id),
    };
    insert_touch(workspace, &input)
}

/// A person's touches, newest first.
pub fn touches(workspace: &Workspace, person: PersonId) -> Result<Vec<Touch>> {
    touches::list_for_person(workspace.store()?.conn(), person)
}

// ---------------------------------------------------------------- the neighbourhood

/// Contacts shown around the centre; the rest are counted as hidden.
const RING_ONE: usize = 16;
/// Contacts of those shown further out.
const RING_TWO: usize = 24;

/// A person's neighbourhood, capped so it stays readable: their strongest contacts
/// (verified first among equals), a few of those contacts' contacts, and every relationship
/// among the people shown.
pub fn neighbourhood(workspace: &Workspace, id: PersonId) -> Result<Neighbourhood> {
    let store = workspace.store()?;
    let conn = store.conn();
    let centre = people::get(conn, id)?;
    let mut nodes = BTreeMap::new();
    nodes.insert(id, GraphNode { id, name: centre.full_name, ring: 0 });
    let mut edges = BTreeMap::new();
    let mut first = relationships::list_for_person(conn, id)?;
    first.sort_by(|a, b| b.strength.cmp(&a.strength).then(b.verified().cmp(&a.verified())));
    let hidden = first.len().saturating_sub(RING_ONE) as u32;
    first.truncate(RING_ONE);
    let edge = |r: &Relationship| GraphEdge {
        a: r.a,
        b: r.b,
        strength: r.strength,
        verified: r.verified(),
        kind: r.kind,
    };
    for r in &first {
        let other = r.other(id).expect("listed for this person");
        nodes.insert(other, GraphNode { id: other, name: path_person(&store, other)?.name, ring: 1 });
        edges.insert(r.id, edge(r));
    }
    let ring_one: BTreeSet<PersonId> = nodes.keys().copied().collect();
    let mut second = 0;
    for r in &first {
        let other = r.other(id).expect("listed for this person");
        for r2 in relationships::list_for_person(conn, other)? {
            let far = r2.other(other).expect("listed for this person");
            if ring_one.contains(&far) {
                edges.insert(r2.id, edge(&r2));
            } else if second < RING_TWO && !nodes.contains_key(&far) {
                second += 1;
                nodes.insert(far, GraphNode { id: far, name: path_person(&store, far)?.name, ring: 2 });
                edges.insert(r2.id, edge(&r2));
            } else if nodes.contains_key(&far) {
                edges.insert(r2.id, edge(&r2));
            }
        }
    }
    Ok(Neighbourhood { nodes: nodes.into_values().collect(), edges: edges.into_values().collect(), hidden })
}

// ---------------------------------------------------------------- organisations

/// Adds an organisation.
pub fn add_organisation(workspace: &Workspace, input: &OrganisationInput) -> Result<Organisation> {
    workspace.store()?.write(|tx| organisations::add(tx, input))
}

/// Organisations by name, one page.
pub fn organisations(workspace: &Workspace, page: Page) -> Result<Vec<Organisation>> {
    organisations::list(workspace.store()?.conn(), page)
}

/// Organisations whose name or domain contains `text`, one page.
pub fn search_organisations(workspace: &Workspace, text: &str, page: Page) -> Result<Vec<Organisation>> {
    organisations::search(workspace.store()?.conn(), text, page)
}

/// An organisation (by id, domain or name) with its current and past people.
pub fn organisation(workspace: &Workspace, query: &str) -> Result<OrganisationRecord> {
    let store = workspace.store()?;
    let conn = store.conn();
    let organisation = organisations::resolve_organisation(conn, query)?;
    Ok(OrganisationRecord {
        current: organisations::employees(conn, organisation.id, true)?,
        past: organisations::employees(conn, organisation.id, false)?,
        organisation,
    })
}

/// Changes an organisation's details; refused when `patch` changes nothing.
pub fn edit_organisation(
    workspace: &Workspace,
    query: &str,
    patch: &OrganisationPatch,
) -> Result<Organisation> {
    let mut store = workspace.store()?;
    let o = organisations::resolve_organisation(store.conn(), query)?;
    if *patch == OrganisationPatch::default() {
        return Err(nothing_to_change());
    }
    let o = store.write(|tx| organisations::edit(tx, o.id, patch))?;
    workspace.update_network(|n| {
        n.upsert_organisation(OrganisationSummary { id: o.id, name: o.name.clone() });
        Ok(())
    });
    Ok(o)
}

/// Removes an organisation and its employment records (the people stay).
pub fn remove_organisation(workspace: &Workspace, query: &str) -> Result<Organisation> {
    let mut store = workspace.store()?;
    let o = organisations::resolve_organisation(store.conn(), query)?;
    let removed = store.write(|tx| organisations::remove(tx, o.id))?;
    drop(store);
    workspace.forget_network();
    Ok(removed)
}

// ---------------------------------------------------------------- reps and the status line

fn rep_view(store: &Store, rep: intrograph_engine::model::Rep) -> Result<RepView> {
    let full_name = people::get(store.conn(), rep.person_id)?.full_name;
    let current = reps::current_rep(store.conn()).is_ok_and(|c| c.id == rep.id);
    Ok(RepView { rep, full_name, current })
}

/// A new person's details, for a rep added by a name nobody has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewRepPerson {
    pub emails: Vec<String>,
    pub organisation: Option<String>,
    pub title: String,
}

/// Makes the person `query` names (an id, an email or a name) a rep, creating a person
/// with that name when nobody matches. The first rep becomes the current rep.
pub fn add_rep(workspace: &Workspace, query: &str, new: NewRepPerson) -> Result<RepAdded> {
    let mut store = workspace.store()?;
    let existing = match people::resolve_person(store.conn(), query) {
        Ok(p) => Some(p),
        Err(Error::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let rep = store.write(|tx| match &existing {
        Some(p) => reps::add(tx, p.id),
        None => reps::add_new(
            tx,
            &PersonInput {
                full_name: query.to_string(),
                emails: new.emails,
                organisation: new.organisation,
                title: new.title,
                source: MANUAL.into(),
                ..PersonInput::default()
            },
        ),
    })?;
    let rep = rep_view(&store, rep)?;
    drop(store);
    if existing.is_none() {
        workspace.forget_network();
    }
    Ok(RepAdded { rep, new_person: existing.is_none() })
}

/// Every rep, with their names and the current rep marked.
pub fn reps(workspace: &Workspace) -> Result<Vec<RepView>> {
    let store = workspace.store()?;
    reps::list(store.conn())?.into_iter().map(|r| rep_view(&store, r)).collect()
}

/// Works as the rep `query` names from now on.
pub fn use_rep(workspace: &Workspace, query: &str) -> Result<RepView> {
    let mut store = workspace.store()?;
    let rep = reps::resolve_rep(store.conn(), query)?;
    let rep = store.write(|tx| reps::set_current_rep(tx, rep.id))?;
    rep_view(&store, rep)
}

/// Makes the rep `query` names active or inactive (their history stays).
pub fn set_rep_active(workspace: &Workspace, query: &str, active: bool) -> Result<RepView> {
    let mut store = workspace.store()?;
    let rep = reps::resolve_rep(store.conn(), query)?;
    let rep = store.write(|tx| reps::set_active(tx, rep.id, active))?;
    rep_view(&store, rep)
}

/// The workspace's file, schema version, sizes and current rep.
pub fn status(workspace: &Workspace) -> Result<Status> {
    let store = workspace.store()?;
    let conn = store.conn();
    let counts = network::counts(conn)?;
    let current_rep = match reps::current_rep(conn) {
        Ok(r) => {
            Some(RepView { full_name: people::get(conn, r.person_id)?.full_name, current: true, rep: r })
        }
        Err(Error::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    Ok(Status {
        database: store.path().map(|p| p.display().to_string()),
        schema_version: store.schema_version()?,
        counts,
        current_rep,
    })
}
