//! Finding introductions and the Today screen on the sample team, as the window uses them.

mod find_on_the_sample {

    use intrograph_app_core::find::{self, FindOptions};
    use intrograph_app_core::sample;
    use intrograph_app_core::Workspace;
    use intrograph_engine::model::Target;
    use intrograph_engine::store::people;
    use intrograph_engine::suggest::Suggestions;

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

mod today_on_the_sample {

    use intrograph_app_core::sample;
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
