//! Finding an introduction: typed names, the typeahead, ranked paths.

mod common;

use common::{id, team, ORGANISATION, OTHER_SOURCE, REP, SOURCE, STRANGER, TARGET};
use intrograph_app_core::find::{self, FindOptions, PathQuery, TrackRecords};
use intrograph_app_core::Workspace;
use intrograph_engine::model::Target;
use intrograph_engine::paths::PathOptions;
use intrograph_engine::suggest::Suggestions;

fn options() -> FindOptions {
    FindOptions { max_hops: 3, k: 5, diverse: true, verified_only: false, exclude: Vec::new() }
}

fn query(target: &str) -> PathQuery {
    PathQuery {
        target: target.into(),
        from: None,
        exclude: Vec::new(),
        options: PathOptions { k: 5, max_hops: 3, diverse: true, per_target: 3, ..PathOptions::default() },
        track_records: TrackRecords::Applied,
        as_of: None,
    }
}

#[test]
fn me_is_the_current_rep_and_other_text_names_people_and_organisations() {
    let workspace = team();
    let rep = id(&workspace, REP);
    let store = workspace.store().unwrap();
    assert_eq!(find::resolve_person(&store, " ME ").unwrap().full_name, REP);
    assert_eq!(find::resolve_person(&store, TARGET).unwrap().full_name, TARGET);
    assert!(matches!(find::resolve_target(&store, "me").unwrap(), Target::Person(_)));
    assert!(matches!(find::resolve_target(&store, ORGANISATION).unwrap(), Target::Organisation(_)));
    assert_eq!(find::resolve_rep(&store, None).unwrap().person_id, rep);
    assert!(find::resolve_rep_filter(&store, None).unwrap().is_none());
    assert_eq!(find::resolve_person(&store, "Nobody Known").unwrap_err().code(), "NotFound");
}

#[test]
fn the_typeahead_offers_people_and_organisations_but_not_the_rep() {
    let workspace = team();
    let found = find::search_targets(&workspace, "north").unwrap();
    assert!(found.iter().any(|o| matches!(o.target, Target::Organisation(_)) && o.name == ORGANISATION));
    assert!(find::search_targets(&workspace, REP).unwrap().iter().all(|o| o.name != REP));
    assert!(find::search_targets(&workspace, "  ").unwrap().is_empty());
    let priya = find::search_targets(&workspace, "Priya").unwrap();
    assert_eq!(priya[0].detail, format!("Director at {ORGANISATION}"));
}

#[test]
fn an_out_of_range_option_is_reported_by_name() {
    let workspace = team();
    let target = id(&workspace, TARGET);
    let err = find::find_paths(&workspace, Target::Person(target), &FindOptions { max_hops: 9, ..options() })
        .unwrap_err();
    assert_eq!(err.code(), "Invalid");
    assert!(err.to_string().contains("max hops"), "{err}");
}

#[test]
fn paths_run_from_the_rep_through_the_best_source_and_cache_the_network() {
    let workspace = team();
    assert!(!workspace.network_is_cached());
    let found = find::find_paths(&workspace, Target::Person(id(&workspace, TARGET)), &options()).unwrap();
    assert!(workspace.network_is_cached());
    let Suggestions::Person { rep, paths, .. } = found else { panic!("a person target") };
    assert_eq!(rep.name, REP);
    assert_eq!(paths.len(), 2, "one through each source");
    assert_eq!(paths[0].people[1].name, SOURCE);
}

#[test]
fn a_search_typed_by_name_answers_as_the_window_does() {
    let workspace = team();
    let typed = find::find_paths_by_name(&workspace, &query(TARGET)).unwrap();
    let window = find::find_paths(&workspace, Target::Person(id(&workspace, TARGET)), &options()).unwrap();
    assert_eq!(typed, window);

    let without_daniel = find::find_paths_by_name(
        &workspace,
        &PathQuery { exclude: vec![SOURCE.into()], track_records: TrackRecords::Ignored, ..query(TARGET) },
    )
    .unwrap();
    let Suggestions::Person { paths, .. } = without_daniel else { panic!("a person target") };
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0].people[1].name, OTHER_SOURCE);

    let tomorrow = workspace.today().succ_opt();
    let later = find::find_paths_by_name(&workspace, &PathQuery { as_of: tomorrow, ..query(ORGANISATION) });
    assert!(matches!(later.unwrap(), Suggestions::Organisation { ref groups, .. } if groups.len() == 1));

    let refused =
        find::find_paths_by_name(&workspace, &PathQuery { exclude: vec!["nobody".into()], ..query(TARGET) });
    assert_eq!(refused.unwrap_err().code(), "NotFound");
}

#[test]
fn the_best_path_goes_through_the_source_asked_for_or_straight_to_them() {
    let workspace = team();
    let (rep, tom, priya, grace) =
        (id(&workspace, REP), id(&workspace, OTHER_SOURCE), id(&workspace, TARGET), id(&workspace, STRANGER));
    assert_eq!(
        find::best_path(&workspace, rep, priya, None, 3).unwrap(),
        vec![rep, id(&workspace, SOURCE), priya]
    );
    assert_eq!(find::best_path(&workspace, rep, priya, Some(tom), 3).unwrap(), vec![rep, tom, priya]);
    assert_eq!(find::best_path(&workspace, rep, grace, Some(tom), 3).unwrap(), vec![rep, tom, grace]);
    let err = find::best_path(&workspace, rep, grace, None, 3).unwrap_err();
    assert!(err.to_string().contains("--via"), "{err}");
}

#[test]
fn the_ask_is_drafted_from_the_template() {
    let workspace = team();
    let (daniel, priya) = (id(&workspace, SOURCE), id(&workspace, TARGET));
    let text = find::draft_ask(&workspace, daniel, priya, "warehouse automation", "").unwrap();
    assert!(text.contains("Daniel"), "{text}");
    assert!(text.contains("warehouse automation"), "{text}");
}

#[test]
fn every_relationship_is_weighed_heaviest_first() {
    let workspace = team();
    let weights = find::relationship_weights(&workspace, None).unwrap();
    assert_eq!(weights.as_of, workspace.today());
    assert_eq!(weights.relationships.len(), 4);
    assert!(weights.relationships.windows(2).all(|w| w[0].tie.weight >= w[1].tie.weight));
}

#[test]
fn without_a_rep_there_is_no_one_to_find_paths_from() {
    let workspace = Workspace::in_memory();
    let err = find::find_paths_by_name(&workspace, &query("me")).unwrap_err();
    assert_eq!(err.code(), "NotFound");
}
