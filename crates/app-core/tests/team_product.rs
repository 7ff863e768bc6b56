//! The team inside the product: a colleague's shared ties route an ask ("ask your
//! colleague …"), and asking warns when a colleague already has an open request to the
//! same target or through the same source, naming who and since when.

mod common;

use common::{id, team, REP, SOURCE, TARGET};
use intrograph_app_core::find::{self, FindOptions};
use intrograph_app_core::requests::{self, AskByName};
use intrograph_app_core::settings;
use intrograph_app_core::views::requests::AskInput;
use intrograph_app_core::Workspace;
use intrograph_engine::model::{RelationshipKind, RepId, Strength, Target};
use intrograph_engine::store::relationships::{self, RelationshipInput};
use intrograph_engine::store::{self, reps};
use intrograph_engine::suggest::Suggestions;

const COLLEAGUE: &str = "Dana Whitfield";

/// The common team, with a colleague Dana (a second rep) whose own verified, strong tie to
/// the target reached this desktop from the team workspace.
fn with_colleague() -> (Workspace, RepId) {
    let workspace = team();
    let dana_rep = {
        let mut store = workspace.store().unwrap();
        settings::add_rep_to(&mut store, COLLEAGUE, Some("dana@example.com")).unwrap();
        let dana = reps::resolve_rep(store.conn(), COLLEAGUE).unwrap();
        let target = intrograph_engine::store::people::find_by_name(store.conn(), TARGET).unwrap()[0];
        store
            .write(|tx| {
                let mut input = RelationshipInput::new(
                    dana.person_id,
                    target,
                    RelationshipKind::Client,
                    Strength::new(4)?,
                );
                input.verified_at = Some(store::now());
                input.last_contact = Some(chrono::Local::now().date_naive());
                let r = relationships::add(tx, &input)?;
                tx.execute("UPDATE relationships SET owner_rep_id = ?1 WHERE id = ?2", (dana.id.0, r.id.0))?;
                Ok(())
            })
            .unwrap();
        dana.id
    };
    workspace.forget_network();
    (workspace, dana_rep)
}

/// Dana's own tie to Daniel, so she can ask him.
fn dana_knows_daniel(workspace: &Workspace) {
    let (dana, daniel) = (id(workspace, COLLEAGUE), id(workspace, SOURCE));
    let mut store = workspace.store().unwrap();
    store
        .write(|tx| {
            relationships::add(
                tx,
                &RelationshipInput::new(dana, daniel, RelationshipKind::Friend, Strength::new(3)?),
            )
            .map(drop)
        })
        .unwrap();
}

#[test]
fn find_offers_the_colleagues_tie_in_their_words() {
    let (workspace, _) = with_colleague();
    let options = FindOptions { max_hops: 3, k: 5, diverse: true, verified_only: false, exclude: vec![] };
    let Suggestions::Person { paths, .. } =
        find::find_paths(&workspace, Target::Person(id(&workspace, TARGET)), &options).unwrap()
    else {
        panic!("a person target")
    };
    let via_dana = paths.iter().find(|p| p.people[1].name == COLLEAGUE).expect("a path through Dana");
    assert_eq!(
        via_dana.ask_colleague.as_deref(),
        Some("ask your colleague Dana Whitfield, who knows Priya Raman well (verified)")
    );
    assert!(via_dana.hops[0].teammate);
    assert_eq!(via_dana.hops[1].recorded_by.as_ref().map(|c| c.name.as_str()), Some(COLLEAGUE));
    // Maya's own path through Daniel names no colleague.
    let via_daniel = paths.iter().find(|p| p.people[1].name == SOURCE).expect("Maya's own path");
    assert!(via_daniel.ask_colleague.is_none());

    // The ask goes to Dana, over the implicit tie between teammates.
    let created = requests::create_request(
        &workspace,
        AskInput {
            path: via_dana.people.iter().map(|p| p.id).collect(),
            reason: "their logistics overhaul".into(),
            offer: String::new(),
            message: "Dana, could you introduce me to Priya?".into(),
        },
    )
    .unwrap();
    assert_eq!(created.request.source_name, COLLEAGUE);
}

#[test]
fn asking_warns_of_a_colleagues_open_request_and_still_creates_the_ask() {
    let (workspace, _) = with_colleague();
    dana_knows_daniel(&workspace);
    // Dana asks Daniel for an introduction to Priya.
    let dana_ask = AskByName {
        target: TARGET.into(),
        via: None,
        path: Some(vec![COLLEAGUE.into(), SOURCE.into(), TARGET.into()]),
        reason: "their logistics overhaul".into(),
        offer: String::new(),
        message: None,
        max_hops: 3,
        rep: Some(COLLEAGUE.into()),
    };
    let first = requests::create_request_by_name(&workspace, &dana_ask).unwrap();
    assert!(first.team_warnings.is_empty(), "nobody else asked yet");

    // Maya asks for the same target: warned, naming Dana and the day, and the request is created.
    let maya_ask =
        AskByName { rep: None, path: None, via: Some(common::OTHER_SOURCE.into()), ..dana_ask.clone() };
    let second = requests::create_request_by_name(&workspace, &maya_ask).unwrap();
    assert_eq!(second.team_warnings.len(), 1, "{:?}", second.team_warnings);
    let w = &second.team_warnings[0];
    let today = chrono::Utc::now().date_naive();
    assert!(w.same_target);
    assert!(
        w.message.starts_with(&format!("{COLLEAGUE} already has an open request to {TARGET}"))
            && w.message.ends_with(&format!("(draft, since {today})")),
        "{}",
        w.message
    );
    assert_eq!(second.detail.request.rep_name, REP);
    assert_eq!(second.detail.request.source_name, common::OTHER_SOURCE);

    // The window asks before creating: the path through Daniel warns of Dana's request too.
    let path = second.detail.request.path.clone();
    let warned = requests::team_asks_for_path(&workspace, &path).unwrap();
    assert_eq!(warned.len(), 1);
    assert_eq!(warned[0].request_id, first.detail.request.id);
}

#[test]
fn the_same_source_for_another_target_is_warned_of_too() {
    let (workspace, _) = with_colleague();
    let dana_ask = AskByName {
        target: TARGET.into(),
        via: Some(SOURCE.into()),
        path: Some(vec![COLLEAGUE.into(), SOURCE.into(), TARGET.into()]),
        reason: "their logistics overhaul".into(),
        offer: String::new(),
        message: None,
        max_hops: 3,
        rep: Some(COLLEAGUE.into()),
    };
    dana_knows_daniel(&workspace);
    requests::create_request_by_name(&workspace, &dana_ask).unwrap();
    // Maya's path through Daniel to someone else: Tom.
    let maya = id(&workspace, REP);
    let path = vec![maya, id(&workspace, SOURCE), id(&workspace, common::OTHER_SOURCE)];
    let warned = requests::team_asks_for_path(&workspace, &path).unwrap();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(!warned[0].same_target);
    assert!(
        warned[0]
            .message
            .starts_with(&format!("{COLLEAGUE} is already asking {SOURCE} for an introduction, to {TARGET}")),
        "{}",
        warned[0].message
    );
}
