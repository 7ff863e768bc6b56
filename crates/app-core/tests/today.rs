//! The Today screen and the targets the rep marks.

mod common;

use common::{id, team, ORGANISATION, SOURCE, STRANGER, TARGET};
use intrograph_app_core::views::requests::AskInput;
use intrograph_app_core::{requests, today, Workspace};
use intrograph_engine::model::Target;
use intrograph_engine::store::organisations;

#[test]
fn without_a_rep_today_says_how_to_start() {
    let err = today::today_view(&Workspace::in_memory()).unwrap_err();
    assert_eq!(err.code(), "NotFound");
}

#[test]
fn today_suggests_the_best_ask_toward_each_target_and_knows_what_was_asked() {
    let workspace = team();
    let (rep, daniel, priya, grace) = (
        id(&workspace, common::REP),
        id(&workspace, SOURCE),
        id(&workspace, TARGET),
        id(&workspace, STRANGER),
    );
    let northwind = organisations::find_by_name(workspace.store().unwrap().conn(), ORGANISATION)
        .unwrap()
        .expect("the target's employer");
    for target in [Target::Person(priya), Target::Person(grace), Target::Organisation(northwind)] {
        today::mark_target(&workspace, target, true).unwrap();
    }
    let view = today::today_view(&workspace).unwrap();
    assert_eq!(view.rep.name, common::REP);
    assert_eq!(view.asks.len(), 3);
    let ask = |name: &str| view.asks.iter().find(|a| a.target.name == name).unwrap();
    assert_eq!(ask(TARGET).path.as_ref().unwrap().people[1].name, SOURCE);
    assert!(ask(STRANGER).path.is_none());
    assert!(!ask(ORGANISATION).requested);
    assert!(view.iq_missing.is_some());

    requests::create_request(
        &workspace,
        AskInput {
            path: vec![rep, daniel, priya],
            reason: "r".into(),
            offer: String::new(),
            message: "Hi".into(),
        },
    )
    .unwrap();
    let view = today::today_view(&workspace).unwrap();
    let ask = |name: &str| view.asks.iter().find(|a| a.target.name == name).unwrap();
    assert!(ask(TARGET).requested);
    assert!(ask(ORGANISATION).requested, "the organisation's best ask is toward Priya");
    assert!(!ask(STRANGER).requested);

    let listed = today::mark_target(&workspace, Target::Person(grace), false).unwrap();
    assert!(listed.iter().all(|e| e.name != STRANGER));
    assert_eq!(listed.len(), 2);
}
