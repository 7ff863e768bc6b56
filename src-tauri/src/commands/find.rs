//! Find an introduction: pick a target, see ranked paths, draft the ask.

use intrograph_engine::model::{PersonId, Target};
use intrograph_engine::paths::PathOptions;
use intrograph_engine::store::{organisations, people, requests, Page};
use intrograph_engine::suggest::{self, Suggestions};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{blocking, me};
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// A person or organisation offered by the target typeahead.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TargetOption {
    pub target: Target,
    pub name: String,
    /// A title or an employer for a person, "Organisation" for an organisation.
    pub detail: String,
}

/// The path search the user asked for.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FindOptions {
    pub max_hops: u8,
    pub k: usize,
    /// Best path through each different first person to ask (the default) or the plain top k.
    pub diverse: bool,
    pub verified_only: bool,
    pub exclude: Vec<PersonId>,
}

/// People and organisations whose name matches `query`, people first.
pub fn target_options(workspace: &Workspace, query: &str) -> Result<Vec<TargetOption>, CommandError> {
    let store = workspace.store()?;
    let conn = store.conn();
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let rep_person = me(&store).ok().map(|r| r.person_id);
    for p in people::search(conn, query, Page::first(8))? {
        if Some(p.id) == rep_person {
            continue;
        }
        let org = organisations::positions(conn, p.id)?
            .into_iter()
            .find(|pos| pos.employment.current)
            .map(|pos| pos.organisation_name);
        let detail = match (p.title.is_empty(), org) {
            (false, Some(org)) => format!("{} at {org}", p.title),
            (true, Some(org)) => org,
            (false, None) => p.title.clone(),
            (true, None) => String::new(),
        };
        out.push(TargetOption { target: Target::Person(p.id), name: p.full_name, detail });
    }
    for o in organisations::search(conn, query, Page::first(5))? {
        out.push(TargetOption {
            target: Target::Organisation(o.id),
            name: o.name,
            detail: "Organisation".into(),
        });
    }
    Ok(out)
}

/// Ranked paths from the current rep to `target`, with the sources' track records applied.
pub fn paths(
    workspace: &Workspace,
    target: Target,
    options: &FindOptions,
) -> Result<Suggestions, CommandError> {
    Ok(workspace.with_network(|store, network| {
        let rep = me(store)?;
        let base = PathOptions {
            k: options.k,
            max_hops: options.max_hops,
            exclude: options.exclude.iter().copied().collect(),
            verified_only: options.verified_only,
            diverse: options.diverse,
            ..PathOptions::default()
        };
        let with_records = suggest::with_track_records(store, network, rep.person_id, base)?;
        Ok(suggest::suggest(store.conn(), network, rep.person_id, target, &with_records)?)
    })?)
}

#[tauri::command]
pub async fn search_targets(
    workspace: State<'_, Workspace>,
    query: String,
) -> Result<Vec<TargetOption>, CommandError> {
    blocking(workspace, move |w| target_options(w, &query)).await
}

#[tauri::command]
pub async fn find_paths(
    workspace: State<'_, Workspace>,
    target: Target,
    options: FindOptions,
) -> Result<Suggestions, CommandError> {
    blocking(workspace, move |w| paths(w, target, &options)).await
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
    blocking(workspace, move |w| {
        let store = w.store()?;
        let rep = me(&store)?;
        Ok(requests::draft_message(&store, rep.id, source, target, &reason, &offer)?)
    })
    .await
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::find`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![TargetOption::decl(cfg), FindOptions::decl(cfg)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::sample;

    fn options() -> FindOptions {
        FindOptions { max_hops: 3, k: 5, diverse: true, verified_only: false, exclude: Vec::new() }
    }

    #[test]
    fn the_typeahead_offers_people_and_organisations_but_not_the_rep() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let found = target_options(&workspace, "north").unwrap();
        assert!(found
            .iter()
            .any(|o| matches!(o.target, Target::Organisation(_)) && o.name == "Northwind Logistics"));
        let rep_name = sample::REP_NAME;
        assert!(target_options(&workspace, rep_name).unwrap().iter().all(|o| o.name != rep_name));
        assert!(target_options(&workspace, "  ").unwrap().is_empty());
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
        let ahead = paths(&workspace, Target::Person(target), &options()).unwrap();
        workspace.forget_network();
        assert_eq!(paths(&workspace, Target::Person(target), &options()).unwrap(), ahead);

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
        let found = paths(&workspace, Target::Person(target), &options()).unwrap();
        assert!(workspace.network_is_cached());
        let Suggestions::Person { rep, paths, .. } = found else { panic!("a person target") };
        assert_eq!(rep.name, sample::REP_NAME);
        assert!(!paths.is_empty());
        assert_eq!(paths[0].people.len(), 3, "{:?}", paths[0].people);
        assert_eq!(paths[0].people[0].id, rep.id);
    }

    #[test]
    fn an_out_of_range_option_is_reported_by_name() {
        let workspace = Workspace::in_memory();
        sample::load(&workspace).unwrap();
        let target =
            people::find_by_name(workspace.store().unwrap().conn(), sample::TWO_HOP_TARGET).unwrap()[0];
        let err =
            paths(&workspace, Target::Person(target), &FindOptions { max_hops: 9, ..options() }).unwrap_err();
        assert_eq!(err.code, "Invalid");
        assert!(err.message.contains("max hops"), "{}", err.message);
    }
}
