//! Find an introduction: pick a target, see ranked paths, draft the ask.

use intrograph_app_core::views::find::{FindOptions, TargetOption};
use intrograph_app_core::{find, CommandError, Workspace};
use intrograph_engine::model::{PersonId, Target};
use intrograph_engine::suggest::Suggestions;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn search_targets(
    workspace: State<'_, Workspace>,
    query: String,
) -> Result<Vec<TargetOption>, CommandError> {
    blocking(workspace, move |w| Ok(find::search_targets(w, &query)?)).await
}

#[tauri::command]
pub async fn find_paths(
    workspace: State<'_, Workspace>,
    target: Target,
    options: FindOptions,
) -> Result<Suggestions, CommandError> {
    blocking(workspace, move |w| Ok(find::find_paths(w, target, &options)?)).await
}

/// The ask message for `source` to introduce the rep to `target`, from the ask template.
#[tauri::command]
pub async fn draft_ask(
    workspace: State<'_, Workspace>,
    source: PersonId,
    target: PersonId,
    reason: String,
    offer: String,
) -> Result<String, CommandError> {
    blocking(workspace, move |w| Ok(find::draft_ask(w, source, target, &reason, &offer)?)).await
}

/// The TypeScript declarations of the views this module defines: none (they are in
/// `intrograph_app_core::views::find`).
#[cfg(test)]
pub fn declarations(_cfg: &ts_rs::Config) -> Vec<String> {
    vec![]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::sample;
    use intrograph_engine::store::people;

    fn options() -> FindOptions {
        FindOptions { max_hops: 3, k: 5, diverse: true, verified_only: false, exclude: Vec::new() }
    }

    #[test]
    fn the_typeahead_offers_people_and_organisations_but_not_the_rep() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let found = find::search_targets(&workspace, "north").unwrap();
        assert!(found
            .iter()
            .any(|o| matches!(o.target, Target::Organisation(_)) && o.name == "Northwind Logistics"));
        let rep_name = sample::REP_NAME;
        assert!(find::search_targets(&workspace, rep_name).unwrap().iter().all(|o| o.name != rep_name));
        assert!(find::search_targets(&workspace, "  ").unwrap().is_empty());
    }

    #[test]
    fn the_graph_of_a_database_file_is_loaded_ahead_and_answers_as_one_loaded_on_use() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(&dir.path().join("w.db"));
        sample::load(&workspace).unwrap();
        workspace.forget_network();
        workspace.warm_network_in_background().join().unwrap();
        assert!(workspace.network_is_cached(), "loaded ahead");
        let target =
            people::find_by_name(workspace.store().unwrap().conn(), sample::TWO_HOP_TARGET).unwrap()[0];
        let ahead = find::find_paths(&workspace, Target::Person(target), &options()).unwrap();
        workspace.forget_network();
        assert_eq!(find::find_paths(&workspace, Target::Person(target), &options()).unwrap(), ahead);

        // A workspace without a file has nothing to load ahead.
        let memory = Workspace::in_memory();
        memory.warm_network_in_background().join().unwrap();
        assert!(!memory.network_is_cached());
    }

    #[test]
    fn paths_to_a_sample_target_run_from_the_rep_and_cache_the_network() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let target =
            people::find_by_name(workspace.store().unwrap().conn(), sample::TWO_HOP_TARGET).unwrap()[0];
        assert!(!workspace.network_is_cached());
        let found = find::find_paths(&workspace, Target::Person(target), &options()).unwrap();
        assert!(workspace.network_is_cached());
        let Suggestions::Person { rep, paths, .. } = found else { panic!("a person target") };
        assert_eq!(rep.name, sample::REP_NAME);
        assert!(!paths.is_empty());
        assert_eq!(paths[0].people.len(), 3, "{:?}", paths[0].people);
        assert_eq!(paths[0].people[0].id, rep.id);
    }
}
