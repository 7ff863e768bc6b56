//! Introduction requests through their stages, from the window and from typed text.

mod common;

use common::{id, team, OTHER_SOURCE, REP, SOURCE, TARGET};
use intrograph_app_core::find::{self, FindOptions};
use intrograph_app_core::requests::{self, AskByName, RequestQuery, TouchByName};
use intrograph_app_core::views::requests::{AskInput, MoveInput, SourceNote};
use intrograph_engine::model::{PersonId, Target, TouchKind};
use intrograph_engine::pipeline::Stage;
use intrograph_engine::suggest::Suggestions;

fn ask_by_name() -> AskByName {
    AskByName {
        target: TARGET.into(),
        via: None,
        path: None,
        reason: "automation".into(),
        offer: String::new(),
        message: None,
        max_hops: 3,
        rep: None,
    }
}

#[test]
fn an_ask_from_a_found_path_moves_through_to_won_with_its_history() {
    let workspace = team();
    let target = id(&workspace, TARGET);
    let options = FindOptions { max_hops: 3, k: 3, diverse: true, verified_only: false, exclude: vec![] };
    let Suggestions::Person { paths, .. } =
        find::find_paths(&workspace, Target::Person(target), &options).unwrap()
    else {
        panic!("a person target")
    };
    let path: Vec<PersonId> = paths[0].people.iter().map(|p| p.id).collect();
    let created = requests::create_request(
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
        requests::move_request(
            &workspace,
            id,
            MoveInput { to, note: String::new(), deal_value: None, lost_reason: None },
        )
        .unwrap();
    }
    let no_value = MoveInput { to: Stage::Won, note: String::new(), deal_value: None, lost_reason: None };
    let err = requests::move_request(&workspace, id, no_value).unwrap_err();
    assert!(err.to_string().contains("deal value"), "{err}");
    let won = requests::move_request(
        &workspace,
        id,
        MoveInput { to: Stage::Won, note: "signed".into(), deal_value: Some(48_000.0), lost_reason: None },
    )
    .unwrap();
    assert_eq!((won.request.stage, won.request.deal_value), (Stage::Won, Some(48_000.0)));
    assert_eq!(won.history.len(), 7);
    assert_eq!(won.history.last().unwrap().note, "signed");
    assert!(won.next_stages.is_empty());
}

#[test]
fn a_request_typed_by_name_follows_the_best_path_or_the_source_named() {
    let workspace = team();
    let best = requests::create_request_by_name(&workspace, &ask_by_name()).unwrap();
    assert_eq!(best.path_names, vec![REP, SOURCE, TARGET]);
    assert_eq!(best.detail.request.stage, Stage::Draft);
    assert!(best.detail.request.message.contains("automation"), "drafted from the template");

    let via_tom = requests::create_request_by_name(
        &workspace,
        &AskByName { via: Some(OTHER_SOURCE.into()), ..ask_by_name() },
    )
    .unwrap();
    assert_eq!(via_tom.path_names, vec![REP, OTHER_SOURCE, TARGET]);

    let given = requests::create_request_by_name(
        &workspace,
        &AskByName {
            path: Some(vec!["me".into(), format!(" {OTHER_SOURCE}"), TARGET.into()]),
            message: Some("Could you introduce us?".into()),
            ..ask_by_name()
        },
    )
    .unwrap();
    assert_eq!(given.path_names, vec![REP, OTHER_SOURCE, TARGET]);
    assert_eq!(given.detail.request.message, "Could you introduce us?");

    let without_dashes = best.detail.request.id.to_string().replace('-', "");
    let shown = requests::show_request(&workspace, without_dashes.as_str()).unwrap();
    assert_eq!(shown, best);

    let through_tom = requests::list_requests(
        &workspace,
        &RequestQuery { source: Some(OTHER_SOURCE.into()), ..RequestQuery::default() },
    )
    .unwrap();
    assert_eq!(through_tom.len(), 2);
    let drafts = requests::list_requests(
        &workspace,
        &RequestQuery { stage: Some(Stage::Draft), ..RequestQuery::default() },
    )
    .unwrap();
    assert_eq!(drafts.len(), 3);
    assert_eq!(requests::list_board(&workspace).unwrap().total, 3);
}

#[test]
fn follow_ups_touches_and_the_source_owed_thanks_and_the_outcome() {
    let workspace = team();
    let created = requests::create_request_by_name(&workspace, &ask_by_name()).unwrap();
    let key = created.detail.request.id.to_string();
    let key = key.as_str();
    let tomorrow = workspace.today().succ_opt().unwrap();
    let set = requests::set_follow_up(&workspace, key, Some(workspace.today())).unwrap();
    assert_eq!(set.request.next_follow_up, Some(workspace.today()));
    let due = requests::follow_ups_due(&workspace, None, None).unwrap();
    assert_eq!(due.due.len() + due.overdue.len(), 1);
    assert!(requests::follow_ups_due(&workspace, Some(REP), Some(workspace.today().pred_opt().unwrap()))
        .unwrap()
        .due
        .is_empty());

    let touched = requests::log_request_touch(
        &workspace,
        key,
        &TouchByName {
            kind: TouchKind::Call,
            with: Some(SOURCE.into()),
            date: None,
            notes: "called".into(),
            next_follow_up: Some(tomorrow),
        },
    )
    .unwrap();
    assert_eq!(touched.request.touches, 1);
    assert_eq!(touched.request.next_follow_up, Some(tomorrow));
    assert!(requests::set_follow_up(&workspace, key, None).unwrap().request.next_follow_up.is_none());

    for to in [Stage::Asked, Stage::Accepted, Stage::Introduced] {
        requests::move_request(
            &workspace,
            key,
            MoveInput { to, note: String::new(), deal_value: None, lost_reason: None },
        )
        .unwrap();
    }
    assert_eq!(requests::sources_owed(&workspace, None).unwrap().len(), 1);
    let lost_without_reason =
        MoveInput { to: Stage::Lost, note: String::new(), deal_value: None, lost_reason: Some("  ".into()) };
    assert!(
        requests::move_request(&workspace, key, lost_without_reason).is_err(),
        "a blank reason is no reason"
    );
    let thanked = requests::note_source(&workspace, key, SourceNote::Thanked, None).unwrap();
    assert_eq!(thanked.request.thanked_on, Some(workspace.today()));
    assert!(requests::sources_owed(&workspace, Some(REP)).unwrap().is_empty());
    let told = requests::note_source(&workspace, key, SourceNote::Told, Some(tomorrow)).unwrap();
    assert_eq!(told.request.told_on, Some(tomorrow));
    assert_eq!(requests::get_request(&workspace, key).unwrap().told_on, Some(tomorrow));
}

#[test]
fn the_ask_template_is_read_and_replaced_from_a_file() {
    let workspace = team();
    let template = requests::ask_template(&workspace).unwrap();
    assert!(template.placeholders.contains(&"reason"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ask.txt");
    std::fs::write(&file, "Hi {source_first_name}, about {reason}").unwrap();
    requests::set_ask_template_from_file(&workspace, &file).unwrap();
    assert_eq!(
        requests::ask_template(&workspace).unwrap().template,
        "Hi {source_first_name}, about {reason}"
    );
    let err = requests::set_ask_template_from_file(&workspace, &dir.path().join("missing.txt")).unwrap_err();
    assert!(err.to_string().contains("missing.txt"), "{err}");
}

#[test]
fn no_customer_lapses_in_a_team_without_clients() {
    let workspace = team();
    assert!(requests::lapsed_customers(&workspace, 90, None, None).unwrap().is_empty());
    assert_eq!(
        requests::lapsed_customers(&workspace, 90, Some("nobody"), None).unwrap_err().code(),
        "NotFound"
    );
}
