//! Today: what the rep should do now, and the targets they mark.

use intrograph_app_core::views::today::TodayView;
use intrograph_app_core::{today, CommandError, Workspace};
use intrograph_engine::model::Target;
use intrograph_engine::store::targets::TargetEntry;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn today(workspace: State<'_, Workspace>) -> Result<TodayView, CommandError> {
    blocking(workspace, |w| Ok(today::today_view(w)?)).await
}

#[tauri::command]
pub async fn mark_target(
    workspace: State<'_, Workspace>,
    target: Target,
    on: bool,
) -> Result<Vec<TargetEntry>, CommandError> {
    blocking(workspace, move |w| Ok(today::mark_target(w, target, on)?)).await
}

/// The TypeScript declarations of the views this module defines: none (they are in
/// `intrograph_app_core::views::today`).
#[cfg(test)]
pub fn declarations(_cfg: &ts_rs::Config) -> Vec<String> {
    vec![]
}

#[cfg(test)]
mod tests {
    use crate::commands::sample;
    use intrograph_app_core::{today, Workspace};
    use intrograph_engine::model::Target;
    use intrograph_engine::store::people;

    #[test]
    fn today_lists_overdue_follow_ups_waiting_requests_and_asks_toward_targets() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let view = today::today_view(&workspace).unwrap();
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
        let listed = today::mark_target(&workspace, Target::Person(elena), true).unwrap();
        assert!(listed.iter().any(|e| e.name == "Elena Petrova"));
        let listed = today::mark_target(&workspace, Target::Person(elena), false).unwrap();
        assert!(listed.iter().all(|e| e.name != "Elena Petrova"));
    }
}
