//! The network: the people list, a person's page, edits, merges and the neighbourhood graph.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use intrograph_engine::model::{
    Employment, Person, PersonId, PersonSummary, Relationship, RelationshipId, RelationshipKind, Strength,
    Target, Touch, TouchKind,
};
use intrograph_engine::paths::PathPerson;
use intrograph_engine::pipeline::IntroRequest;
use intrograph_engine::store::browse::{self, PeoplePage, PeopleSort};
use intrograph_engine::store::people::{PersonInput, PersonPatch};
use intrograph_engine::store::relationships::{RelationshipInput, RelationshipPatch};
use intrograph_engine::store::touches::TouchInput;
use intrograph_engine::store::{
    self, merge, organisations, people, relationships, requests, targets, touches, Page,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{blocking, me, path_person};
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// Most rows one page of the people list may ask for.
pub const MAX_PAGE: u32 = 500;

/// A relationship seen from one of its ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Tie {
    pub relationship: Relationship,
    pub other: PathPerson,
}

/// An employment with the organisation's name.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Job {
    pub employment: Employment,
    pub organisation: String,
}

/// Everything a person's page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PersonDetail {
    pub person: Person,
    pub jobs: Vec<Job>,
    pub ties: Vec<Tie>,
    pub touches: Vec<Touch>,
    /// The most recent requests naming the person as target or referral source (at most
    /// [`PERSON_REQUESTS`]), newest first.
    pub requests: Vec<IntroRequest>,
    /// How many requests name the person in all.
    pub requests_total: u64,
    pub is_me: bool,
    pub is_target: bool,
}

/// The person form.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TieEdit {
    pub strength: Option<u8>,
    pub verified: Option<bool>,
    /// Set the last contact; `clear_last_contact` empties it.
    pub last_contact: Option<NaiveDate>,
    #[serde(default)]
    pub clear_last_contact: bool,
}

/// A touch to log.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TouchForm {
    pub kind: TouchKind,
    pub date: NaiveDate,
    pub notes: String,
}

/// A person in the neighbourhood graph: 0 the centre, 1 their contacts, 2 contacts of those.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GraphNode {
    pub id: PersonId,
    pub name: String,
    pub ring: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GraphEdge {
    pub a: PersonId,
    pub b: PersonId,
    pub strength: Strength,
    pub verified: bool,
    pub kind: RelationshipKind,
}

/// A person's neighbourhood, capped so it stays readable.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Neighbourhood {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Contacts left out to keep the picture readable.
    pub hidden: u32,
}

/// The requests a person page lists: a hub of the network can be the target or source
/// of thousands.
pub const PERSON_REQUESTS: u64 = 100;

pub fn person_detail(workspace: &Workspace, id: PersonId) -> Result<PersonDetail, CommandError> {
    let store = workspace.store()?;
    let conn = store.conn();
    let person = people::get(conn, id)?;
    let jobs = organisations::positions(conn, id)?
        .into_iter()
        .map(|p| Job { employment: p.employment, organisation: p.organisation_name })
        .collect();
    let mut ties = Vec::new();
    for relationship in relationships::list_for_person(conn, id)? {
        let other = relationship.other(id).expect("listed for this person");
        ties.push(Tie { other: path_person(&store, other)?, relationship });
    }
    ties.sort_by(|a, b| {
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
        person,
        jobs,
        ties,
    })
}

fn clean(list: Vec<String>) -> Vec<String> {
    list.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

pub fn save_person(
    workspace: &Workspace,
    id: Option<PersonId>,
    form: PersonForm,
) -> Result<Person, CommandError> {
    let linkedin_url = form.linkedin_url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    let person = {
        let mut store = workspace.store()?;
        match id {
            None => store.write(|tx| {
                people::add(
                    tx,
                    &PersonInput {
                        full_name: form.full_name,
                        title: form.title.trim().into(),
                        emails: clean(form.emails),
                        phones: clean(form.phones),
                        linkedin_url,
                        tags: clean(form.tags),
                        notes: form.notes,
                        source: "manual".into(),
                        organisation: form
                            .organisation
                            .map(|o| o.trim().to_string())
                            .filter(|o| !o.is_empty()),
                        ..PersonInput::default()
                    },
                )
            })?,
            Some(id) => store.write(|tx| {
                people::edit(
                    tx,
                    id,
                    &PersonPatch {
                        full_name: Some(form.full_name),
                        title: Some(form.title.trim().into()),
                        emails: Some(clean(form.emails)),
                        phones: Some(clean(form.phones)),
                        linkedin_url: Some(linkedin_url),
                        tags: Some(clean(form.tags)),
                        notes: Some(form.notes),
                        source: None,
                    },
                )
            })?,
        }
    };
    if id.is_none() {
        // A new person may come with a new organisation: rebuild on next use.
        workspace.forget_network();
    } else {
        workspace.update_network(|n| {
            n.upsert_person(PersonSummary { id: person.id, full_name: person.full_name.clone() });
            Ok(())
        });
    }
    Ok(person)
}

pub fn edit_tie(
    workspace: &Workspace,
    id: RelationshipId,
    edit: TieEdit,
) -> Result<Relationship, CommandError> {
    let patch = RelationshipPatch {
        strength: edit.strength.map(Strength::new).transpose()?,
        verified_at: edit.verified.map(|v| v.then(store::now)),
        last_contact: if edit.clear_last_contact { Some(None) } else { edit.last_contact.map(Some) },
        ..RelationshipPatch::default()
    };
    let rel = workspace.store()?.write(|tx| relationships::edit(tx, id, &patch))?;
    workspace.update_network(|n| n.upsert_relationship(&rel));
    Ok(rel)
}

pub fn add_tie(
    workspace: &Workspace,
    a: PersonId,
    b: PersonId,
    kind: RelationshipKind,
    strength: u8,
) -> Result<Relationship, CommandError> {
    let input = RelationshipInput {
        source: "manual".into(),
        ..RelationshipInput::new(a, b, kind, Strength::new(strength)?)
    };
    let rel = workspace.store()?.write(|tx| relationships::add(tx, &input))?;
    workspace.update_network(|n| n.upsert_relationship(&rel));
    Ok(rel)
}

pub fn log_touch_with(
    workspace: &Workspace,
    person: PersonId,
    form: TouchForm,
) -> Result<Touch, CommandError> {
    let touch = {
        let mut store = workspace.store()?;
        let rep = me(&store).ok().filter(|r| r.person_id != person).map(|r| r.id);
        let touch = store.write(|tx| {
            touches::log(
                tx,
                &TouchInput {
                    person_id: person,
                    kind: form.kind,
                    date: form.date,
                    notes: form.notes,
                    rep_id: rep,
                },
            )
        })?;
        if let Ok(rep) = me(&store) {
            if let Some(rel) = relationships::between(store.conn(), rep.person_id, person)? {
                workspace.update_network(|n| n.upsert_relationship(&rel));
            }
        }
        touch
    };
    Ok(touch)
}

pub fn merge(workspace: &Workspace, keep: PersonId, other: PersonId) -> Result<Person, CommandError> {
    let mut store = workspace.store()?;
    store.write(|tx| merge::merge_people(tx, keep, other))?;
    let person = people::get(store.conn(), keep)?;
    drop(store);
    workspace.forget_network();
    Ok(person)
}

const RING_ONE: usize = 16;
const RING_TWO: usize = 24;

pub fn neighbourhood_of(workspace: &Workspace, id: PersonId) -> Result<Neighbourhood, CommandError> {
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

#[tauri::command]
pub async fn list_people(
    workspace: State<'_, Workspace>,
    query: String,
    sort: PeopleSort,
    offset: u32,
    limit: u32,
) -> Result<PeoplePage, CommandError> {
    blocking(workspace, move |w| {
        let page = Page { offset: u64::from(offset), limit: u64::from(limit.min(MAX_PAGE)) };
        Ok(browse::people(w.store()?.conn(), &query, sort, page)?)
    })
    .await
}

#[tauri::command]
pub async fn get_person(workspace: State<'_, Workspace>, id: PersonId) -> Result<PersonDetail, CommandError> {
    blocking(workspace, move |w| person_detail(w, id)).await
}

#[tauri::command]
pub async fn save_person_form(
    workspace: State<'_, Workspace>,
    id: Option<PersonId>,
    form: PersonForm,
) -> Result<Person, CommandError> {
    blocking(workspace, move |w| save_person(w, id, form)).await
}

#[tauri::command]
pub async fn merge_people(
    workspace: State<'_, Workspace>,
    keep: PersonId,
    other: PersonId,
) -> Result<Person, CommandError> {
    blocking(workspace, move |w| merge(w, keep, other)).await
}

#[tauri::command]
pub async fn edit_relationship(
    workspace: State<'_, Workspace>,
    id: RelationshipId,
    edit: TieEdit,
) -> Result<Relationship, CommandError> {
    blocking(workspace, move |w| edit_tie(w, id, edit)).await
}

#[tauri::command]
pub async fn add_relationship(
    workspace: State<'_, Workspace>,
    a: PersonId,
    b: PersonId,
    kind: RelationshipKind,
    strength: u8,
) -> Result<Relationship, CommandError> {
    blocking(workspace, move |w| add_tie(w, a, b, kind, strength)).await
}

#[tauri::command]
pub async fn log_touch(
    workspace: State<'_, Workspace>,
    person: PersonId,
    touch: TouchForm,
) -> Result<Touch, CommandError> {
    blocking(workspace, move |w| log_touch_with(w, person, touch)).await
}

#[tauri::command]
pub async fn neighbourhood(
    workspace: State<'_, Workspace>,
    id: PersonId,
) -> Result<Neighbourhood, CommandError> {
    blocking(workspace, move |w| neighbourhood_of(w, id)).await
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::network`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![
        Tie::decl(cfg),
        Job::decl(cfg),
        PersonDetail::decl(cfg),
        PersonForm::decl(cfg),
        TieEdit::decl(cfg),
        TouchForm::decl(cfg),
        GraphNode::decl(cfg),
        GraphEdge::decl(cfg),
        Neighbourhood::decl(cfg),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::sample;
    use intrograph_app_core::find;

    fn named(workspace: &Workspace, name: &str) -> PersonId {
        people::find_by_name(workspace.store().unwrap().conn(), name).unwrap()[0]
    }

    #[test]
    fn a_person_page_shows_ties_touches_and_requests() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let aisha = person_detail(&workspace, named(&workspace, "Aisha Khan")).unwrap();
        assert_eq!(aisha.jobs[0].organisation, "Acme Health");
        assert!(aisha.ties.iter().any(|t| t.other.name == sample::REP_NAME));
        assert_eq!(aisha.touches.len(), 1);
        assert_eq!(aisha.requests.len(), 1, "Aisha is the source of one sample request");
        assert_eq!(aisha.requests_total, 1);
        assert!(!aisha.is_target && !aisha.is_me);
    }

    #[test]
    fn editing_a_tie_in_place_updates_the_cached_network() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let (tom, priya) = (named(&workspace, "Tom Becker"), named(&workspace, sample::TWO_HOP_TARGET));
        let options =
            find::FindOptions { max_hops: 2, k: 5, diverse: false, verified_only: true, exclude: vec![] };
        let via_tom = |w: &Workspace| {
            let found = find::find_paths(w, Target::Person(priya), &options).unwrap();
            let intrograph_engine::suggest::Suggestions::Person { paths, .. } = found else { unreachable!() };
            paths.iter().any(|p| p.people.iter().any(|x| x.id == tom))
        };
        assert!(!via_tom(&workspace), "Tom's ties to the rep and to Priya are unverified");
        let me = named(&workspace, sample::REP_NAME);
        for other in [me, priya] {
            let rel = relationships::between(workspace.store().unwrap().conn(), tom, other).unwrap().unwrap();
            let edited = edit_tie(
                &workspace,
                rel.id,
                TieEdit { verified: Some(true), strength: Some(4), ..TieEdit::default() },
            )
            .unwrap();
            assert!(edited.verified());
        }
        assert!(workspace.network_is_cached());
        assert!(via_tom(&workspace));
        let err = edit_tie(
            &workspace,
            relationships::between(workspace.store().unwrap().conn(), tom, me).unwrap().unwrap().id,
            TieEdit { strength: Some(9), ..TieEdit::default() },
        )
        .unwrap_err();
        assert!(err.message.contains("strength"), "{}", err.message);
    }

    #[test]
    fn people_are_added_merged_and_shown_as_a_neighbourhood() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let dupe = save_person(
            &workspace,
            None,
            PersonForm {
                full_name: "Dan Cho".into(),
                emails: vec!["dan@home.example".into()],
                ..PersonForm::default()
            },
        )
        .unwrap();
        let marcus = named(&workspace, "Marcus Webb");
        add_tie(&workspace, dupe.id, marcus, RelationshipKind::Friend, 3).unwrap();
        log_touch_with(
            &workspace,
            dupe.id,
            TouchForm { kind: TouchKind::Email, date: "2026-01-02".parse().unwrap(), notes: String::new() },
        )
        .unwrap();
        let daniel = named(&workspace, "Daniel Cho");
        let merged = merge(&workspace, daniel, dupe.id).unwrap();
        assert!(merged.emails.contains(&"dan@home.example".to_string()));
        let page = person_detail(&workspace, daniel).unwrap();
        assert!(page.ties.iter().any(|t| t.other.id == marcus));
        assert_eq!(page.touches.len(), 2);

        let picture = neighbourhood_of(&workspace, daniel).unwrap();
        assert_eq!(picture.nodes.iter().filter(|n| n.ring == 0).count(), 1);
        assert!(picture.nodes.iter().any(|n| n.id == marcus && n.ring == 1));
        let ids: BTreeSet<_> = picture.nodes.iter().map(|n| n.id).collect();
        assert!(picture.edges.iter().all(|e| ids.contains(&e.a) && ids.contains(&e.b)));
    }
}
