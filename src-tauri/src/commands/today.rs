//! Today: what the rep should do now. Follow-ups due and overdue, requests waiting on a
//! source, the best ask toward each target, and a missing Referral I.Q.

use chrono::NaiveDate;
use intrograph_engine::model::Target;
use intrograph_engine::paths::{IntroPath, PathOptions, PathPerson};
use intrograph_engine::pipeline::{IntroRequest, Quarter};
use intrograph_engine::store::targets::{self, TargetEntry};
use intrograph_engine::store::{assessments, requests};
use intrograph_engine::suggest::{self, Suggestions};
use serde::Serialize;
use tauri::State;

use super::{blocking, me, path_person};
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// A target with the best ask toward it (none when no path is within reach).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SuggestedAsk {
    pub target: TargetEntry,
    pub path: Option<IntroPath>,
    /// An open request toward this target already exists.
    pub requested: bool,
}

/// The Today screen.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TodayView {
    pub today: NaiveDate,
    pub rep: PathPerson,
    /// The oldest overdue follow-ups, at most [`LISTED`]; `overdue_total` counts them all.
    pub overdue: Vec<IntroRequest>,
    pub overdue_total: u64,
    /// Follow-ups due today, at most [`LISTED`]; `due_total` counts them all.
    pub due: Vec<IntroRequest>,
    pub due_total: u64,
    /// Asked or accepted: the source has not made the introduction yet. The newest, at
    /// most [`LISTED`]; `waiting_total` counts them all.
    pub waiting: Vec<IntroRequest>,
    pub waiting_total: u64,
    pub asks: Vec<SuggestedAsk>,
    /// The quarter whose Referral I.Q. the rep has not taken yet.
    pub iq_missing: Option<String>,
}

/// How many requests each list of the Today screen shows; the screen says how many more
/// there are (a rep with a long history can have tens of thousands open).
pub const LISTED: u64 = 50;

pub fn view(workspace: &Workspace) -> Result<TodayView, CommandError> {
    let today = workspace.today();
    Ok(workspace.with_network(|store, network| {
        let rep = me(store)?;
        let (due, overdue) = requests::follow_ups_listed(store, today, rep.id, LISTED)?;
        let waiting = requests::waiting_listed(store, rep.id, LISTED)?;
        let options = suggest::with_track_records(
            store,
            network,
            rep.person_id,
            PathOptions { k: 1, per_target: 1, ..PathOptions::default() },
        )?;
        let mut asks = Vec::new();
        for entry in targets::list(store.conn(), rep.id)? {
            let path = match suggest::suggest(store.conn(), network, rep.person_id, entry.target, &options)? {
                Suggestions::Person { mut paths, .. } => paths.drain(..).next(),
                Suggestions::Organisation { mut groups, .. } => {
                    groups.drain(..).next().and_then(|g| g.paths.into_iter().next())
                }
            };
            let requested = match entry.target {
                Target::Person(p) => requests::open_toward(store, rep.id, p)?,
                Target::Organisation(_) => match &path {
                    Some(p) => requests::open_toward(store, rep.id, p.target().id)?,
                    None => false,
                },
            };
            asks.push(SuggestedAsk { target: entry, path, requested });
        }
        let quarter = Quarter::of(today);
        let taken = assessments::for_rep(store, rep.id)?.iter().any(|a| a.quarter == quarter);
        Ok(TodayView {
            today,
            rep: path_person(store, rep.person_id)?,
            overdue: overdue.requests,
            overdue_total: overdue.total,
            due: due.requests,
            due_total: due.total,
            waiting: waiting.requests,
            waiting_total: waiting.total,
            asks,
            iq_missing: (!taken).then(|| quarter.to_string()),
        })
    })?)
}

pub fn set_target(workspace: &Workspace, target: Target, on: bool) -> Result<Vec<TargetEntry>, CommandError> {
    let mut store = workspace.store()?;
    let rep = me(&store)?;
    store.write(|tx| {
        if on {
            targets::add(tx, rep.id, target).map(drop)
        } else {
            targets::remove(tx, rep.id, target).map(drop)
        }
    })?;
    Ok(targets::list(store.conn(), rep.id)?)
}

#[tauri::command]
pub async fn today(workspace: State<'_, Workspace>) -> Result<TodayView, CommandError> {
    blocking(workspace, view).await
}

#[tauri::command]
pub async fn mark_target(
    workspace: State<'_, Workspace>,
    target: Target,
    on: bool,
) -> Result<Vec<TargetEntry>, CommandError> {
    blocking(workspace, move |w| set_target(w, target, on)).await
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::today`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![SuggestedAsk::decl(cfg), TodayView::decl(cfg)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::sample;
    use intrograph_engine::store::people;

    #[test]
    fn today_lists_overdue_follow_ups_waiting_requests_and_asks_toward_targets() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let view = view(&workspace).unwrap();
        assert_eq!(view.rep.name, sample::REP_NAME);
        assert_eq!(
            view.overdue.iter().map(|r| r.target_name.as_str()).collect::<Vec<_>>(),
            vec!["Marcus Webb"]
        );
        assert!(view.waiting.iter().any(|r| r.target_name == "Marcus Webb"));
        let priya = view.asks.iter().find(|a| a.target.name == sample::TWO_HOP_TARGET).unwrap();
        assert!(!priya.requested);
        assert_eq!(priya.path.as_ref().unwrap().people.len(), 3);
        assert!(view.asks.iter().find(|a| a.target.name == "Marcus Webb").unwrap().requested);
        assert!(view.iq_missing.is_some());
    }

    #[test]
    fn targets_are_marked_and_unmarked() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let elena = people::find_by_name(workspace.store().unwrap().conn(), "Elena Petrova").unwrap()[0];
        let listed = set_target(&workspace, Target::Person(elena), true).unwrap();
        assert!(listed.iter().any(|e| e.name == "Elena Petrova"));
        let listed = set_target(&workspace, Target::Person(elena), false).unwrap();
        assert!(listed.iter().all(|e| e.name != "Elena Petrova"));
    }

    #[test]
    fn without_a_rep_today_says_how_to_start() {
        let err = view(&Workspace::in_memory()).unwrap_err();
        assert_eq!(err.code, "NotFound");
    }
}
