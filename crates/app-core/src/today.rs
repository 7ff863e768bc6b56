//! Today: what the rep should do now. Follow-ups due and overdue, requests waiting on a
//! source, the best ask toward each target, and a missing Referral I.Q.; and marking
//! targets.

use intrograph_engine::model::Target;
use intrograph_engine::paths::PathOptions;
use intrograph_engine::pipeline::Quarter;
use intrograph_engine::store::targets::{self, TargetEntry};
use intrograph_engine::store::{assessments, requests};
use intrograph_engine::suggest::Suggestions;
use intrograph_engine::Result;

use crate::find::{ranked_paths, TrackRecords};
use crate::views::today::{SuggestedAsk, TodayView};
use crate::workspace::{me, path_person, Workspace};

/// How many requests each list of the Today screen shows; the screen says how many more
/// there are (a rep with a long history can have tens of thousands open).
pub const LISTED: u64 = 50;

/// The Today screen of the current rep.
pub fn today_view(workspace: &Workspace) -> Result<TodayView> {
    let today = workspace.today();
    workspace.with_network(|store, network| {
        let rep = me(store)?;
        let (due, overdue) = requests::follow_ups_listed(store, today, rep.id, LISTED)?;
        let waiting = requests::waiting_listed(store, rep.id, LISTED)?;
        let entries = targets::list(store.conn(), rep.id)?;
        let toward: Vec<Target> = entries.iter().map(|e| e.target).collect();
        let options = PathOptions { k: 1, per_target: 1, ..PathOptions::default() };
        let found = ranked_paths(store, network, rep.person_id, &toward, options, TrackRecords::Applied)?;
        let mut asks = Vec::new();
        for (entry, found) in entries.into_iter().zip(found) {
            let path = match found {
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
            keep_in_touch: crate::mail::keep_in_touch(store, today)?,
        })
    })
}

/// Marks `target` as one of the current rep's targets (or unmarks it); returns the targets.
pub fn mark_target(workspace: &Workspace, target: Target, on: bool) -> Result<Vec<TargetEntry>> {
    let mut store = workspace.store()?;
    let rep = me(&store)?;
    store.write(|tx| {
        if on {
            targets::add(tx, rep.id, target).map(drop)
        } else {
            targets::remove(tx, rep.id, target).map(drop)
        }
    })?;
    targets::list(store.conn(), rep.id)
}
