//! Introduction requests: create from a chosen path, move through the stages, follow up,
//! thank the source and tell them how it went.

use chrono::NaiveDate;
use intrograph_engine::model::{PersonId, RequestId};
use intrograph_engine::pipeline::{stage, Clock, IntroRequest, Move, NewRequest, Stage, StageChange};
use intrograph_engine::store::requests;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{blocking, me};
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// A request with its history and where it can go next.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RequestDetail {
    pub request: IntroRequest,
    pub history: Vec<StageChange>,
    pub next_stages: Vec<Stage>,
}

/// A new request, from the path the rep chose.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AskInput {
    /// The rep first, the target last; the second person is the referral source.
    pub path: Vec<PersonId>,
    pub reason: String,
    pub offer: String,
    pub message: String,
}

/// A stage change asked for in the window.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MoveInput {
    pub to: Stage,
    pub note: String,
    pub deal_value: Option<f64>,
    pub lost_reason: Option<String>,
}

/// What the source has been told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SourceNote {
    Thanked,
    Told,
}

pub fn detail(workspace: &Workspace, id: RequestId) -> Result<RequestDetail, CommandError> {
    let store = workspace.store()?;
    let request = requests::get(&store, id)?;
    let history = requests::history(&store, id)?;
    let next_stages = stage::legal_moves(request.stage, request.stalled_from);
    Ok(RequestDetail { request, history, next_stages })
}

pub fn create(workspace: &Workspace, input: AskInput) -> Result<RequestDetail, CommandError> {
    let id = {
        let mut store = workspace.store()?;
        let rep = me(&store)?;
        let target = input.path.last().copied();
        let request = requests::create(
            &mut store,
            NewRequest {
                rep_id: Some(rep.id),
                target_id: target,
                source_id: input.path.get(1).copied(),
                path: input.path,
                reason: input.reason,
                offer: input.offer,
                message: Some(input.message),
            },
            &Clock::system(),
        )?;
        request.id
    };
    detail(workspace, id)
}

pub fn move_request(
    workspace: &Workspace,
    id: RequestId,
    input: MoveInput,
) -> Result<RequestDetail, CommandError> {
    {
        let mut store = workspace.store()?;
        let mv = Move {
            to: input.to,
            note: input.note,
            deal_value: input.deal_value,
            lost_reason: input.lost_reason.filter(|r| !r.trim().is_empty()),
        };
        requests::move_to(&mut store, id, &mv, &Clock::system())?;
    }
    detail(workspace, id)
}

#[tauri::command]
pub async fn list_requests(workspace: State<'_, Workspace>) -> Result<requests::Listed, CommandError> {
    blocking(workspace, |w| Ok(requests::recent_listed(&*w.store()?, BOARD)?)).await
}

/// How many requests the board shows, the most recent first; it says how many there are
/// in all (a team's history can reach a million).
pub const BOARD: u64 = 500;

#[tauri::command]
pub async fn request_detail(
    workspace: State<'_, Workspace>,
    id: RequestId,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| detail(w, id)).await
}

#[tauri::command]
pub async fn create_request(
    workspace: State<'_, Workspace>,
    input: AskInput,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| create(w, input)).await
}

#[tauri::command]
pub async fn move_intro_request(
    workspace: State<'_, Workspace>,
    id: RequestId,
    input: MoveInput,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| move_request(w, id, input)).await
}

#[tauri::command]
pub async fn set_request_follow_up(
    workspace: State<'_, Workspace>,
    id: RequestId,
    on: Option<NaiveDate>,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| {
        requests::set_follow_up(&mut *w.store()?, id, on, &Clock::system())?;
        detail(w, id)
    })
    .await
}

#[tauri::command]
pub async fn note_source(
    workspace: State<'_, Workspace>,
    id: RequestId,
    note: SourceNote,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| {
        {
            let mut store = w.store()?;
            let clock = Clock::system();
            match note {
                SourceNote::Thanked => requests::mark_thanked(&mut store, id, clock.today(), &clock)?,
                SourceNote::Told => requests::mark_told(&mut store, id, clock.today(), &clock)?,
            };
        }
        detail(w, id)
    })
    .await
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::requests`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![RequestDetail::decl(cfg), AskInput::decl(cfg), MoveInput::decl(cfg), SourceNote::decl(cfg)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{find, sample};
    use intrograph_engine::model::Target;
    use intrograph_engine::store::people;
    use intrograph_engine::suggest::Suggestions;

    #[test]
    fn an_ask_from_a_found_path_moves_through_to_won_with_its_history() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let target =
            people::find_by_name(workspace.store().unwrap().conn(), sample::TWO_HOP_TARGET).unwrap()[0];
        let options =
            find::FindOptions { max_hops: 3, k: 3, diverse: true, verified_only: false, exclude: vec![] };
        let Suggestions::Person { paths, .. } =
            find::paths(&workspace, Target::Person(target), &options).unwrap()
        else {
            panic!("a person target")
        };
        let path: Vec<PersonId> = paths[0].people.iter().map(|p| p.id).collect();
        let created = create(
            &workspace,
            AskInput {
                path: path.clone(),
                reason: "automation".into(),
                offer: String::new(),
                message: "Hi".into(),
            },
        )
        .unwrap();
        assert_eq!(created.request.stage, Stage::Draft);
        assert_eq!(created.request.path, path);
        assert_eq!(created.request.message, "Hi");
        assert!(created.next_stages.contains(&Stage::Asked));

        let id = created.request.id;
        for to in [Stage::Asked, Stage::Accepted, Stage::Introduced, Stage::Meeting, Stage::Opportunity] {
            move_request(
                &workspace,
                id,
                MoveInput { to, note: String::new(), deal_value: None, lost_reason: None },
            )
            .unwrap();
        }
        let no_value = MoveInput { to: Stage::Won, note: String::new(), deal_value: None, lost_reason: None };
        let err = move_request(&workspace, id, no_value).unwrap_err();
        assert!(err.message.contains("deal value"), "{}", err.message);
        let won = move_request(
            &workspace,
            id,
            MoveInput {
                to: Stage::Won,
                note: "signed".into(),
                deal_value: Some(48_000.0),
                lost_reason: None,
            },
        )
        .unwrap();
        assert_eq!((won.request.stage, won.request.deal_value), (Stage::Won, Some(48_000.0)));
        assert_eq!(won.history.len(), 7);
        assert_eq!(won.history.last().unwrap().note, "signed");
        assert!(won.next_stages.is_empty());
    }
}
