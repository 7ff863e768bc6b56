//! The network: the people list, a person's page, edits, merges and the neighbourhood graph
//! (`intrograph_app_core::people`).

use intrograph_app_core::people;
use intrograph_app_core::views::people::{
    Neighbourhood, PersonDetail, PersonForm, RelationshipEdit, TouchForm,
};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::model::{Person, PersonId, Relationship, RelationshipId, RelationshipKind, Touch};
use intrograph_engine::store::browse::{PeoplePage, PeopleSort};
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn list_people(
    workspace: State<'_, Workspace>,
    query: String,
    sort: PeopleSort,
    offset: u32,
    limit: u32,
) -> Result<PeoplePage, CommandError> {
    blocking(workspace, move |w| Ok(people::browse(w, &query, sort, offset, limit)?)).await
}

#[tauri::command]
pub async fn get_person(workspace: State<'_, Workspace>, id: PersonId) -> Result<PersonDetail, CommandError> {
    blocking(workspace, move |w| Ok(people::page(w, id)?)).await
}

#[tauri::command]
pub async fn save_person_form(
    workspace: State<'_, Workspace>,
    id: Option<PersonId>,
    form: PersonForm,
) -> Result<Person, CommandError> {
    blocking(workspace, move |w| Ok(people::save_form(w, id, form)?)).await
}

#[tauri::command]
pub async fn merge_people(
    workspace: State<'_, Workspace>,
    keep: PersonId,
    other: PersonId,
) -> Result<Person, CommandError> {
    blocking(workspace, move |w| Ok(people::merge(w, keep, other)?.person)).await
}

#[tauri::command]
pub async fn edit_relationship(
    workspace: State<'_, Workspace>,
    id: RelationshipId,
    edit: RelationshipEdit,
) -> Result<Relationship, CommandError> {
    blocking(workspace, move |w| Ok(people::edit_relationship(w, id, edit)?)).await
}

#[tauri::command]
pub async fn add_relationship(
    workspace: State<'_, Workspace>,
    a: PersonId,
    b: PersonId,
    kind: RelationshipKind,
    strength: u8,
) -> Result<Relationship, CommandError> {
    blocking(workspace, move |w| Ok(people::add_relationship(w, a, b, kind, strength)?)).await
}

#[tauri::command]
pub async fn log_touch(
    workspace: State<'_, Workspace>,
    person: PersonId,
    touch: TouchForm,
) -> Result<Touch, CommandError> {
    blocking(workspace, move |w| Ok(people::log_touch(w, person, touch)?)).await
}

#[tauri::command]
pub async fn neighbourhood(
    workspace: State<'_, Workspace>,
    id: PersonId,
) -> Result<Neighbourhood, CommandError> {
    blocking(workspace, move |w| Ok(people::neighbourhood(w, id)?)).await
}
