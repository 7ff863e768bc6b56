//! The network's use cases: a person's page, edits that keep the cached graph current,
//! merges and the neighbourhood picture, over the sample team.

use std::collections::BTreeSet;

use intrograph_app_core::views::people::{PersonForm, RelationshipEdit, TouchForm};
use intrograph_app_core::{people, sample, Workspace};
use intrograph_engine::model::{PersonId, RelationshipKind, Target, TouchKind};
use intrograph_engine::paths::PathOptions;
use intrograph_engine::store::{people as stored_people, relationships};
use intrograph_engine::suggest::{self, Suggestions};

fn named(workspace: &Workspace, name: &str) -> PersonId {
    stored_people::find_by_name(workspace.store().unwrap().conn(), name).unwrap()[0]
}

#[test]
fn a_person_page_shows_relationships_touches_and_requests() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let aisha = people::page(&workspace, named(&workspace, "Aisha Khan")).unwrap();
    assert_eq!(aisha.jobs[0].organisation, "Acme Health");
    assert!(aisha.related.iter().any(|t| t.other.name == sample::REP_NAME));
    assert_eq!(aisha.touches.len(), 1);
    assert_eq!(aisha.requests.len(), 1, "Aisha is the source of one sample request");
    assert_eq!(aisha.requests_total, 1);
    assert!(!aisha.is_target && !aisha.is_me);
}

#[test]
fn editing_a_relationship_in_place_updates_the_cached_network() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let (tom, priya) = (named(&workspace, "Tom Becker"), named(&workspace, sample::TWO_HOP_TARGET));
    let options =
        PathOptions { max_hops: 2, k: 5, diverse: false, verified_only: true, ..PathOptions::default() };
    let via_tom = |w: &Workspace| {
        let found = w
            .with_network(|store, network| {
                let rep = intrograph_app_core::workspace::me(store)?;
                let with_records =
                    suggest::with_track_records(store, network, rep.person_id, options.clone())?;
                suggest::suggest(store.conn(), network, rep.person_id, Target::Person(priya), &with_records)
            })
            .unwrap();
        let Suggestions::Person { paths, .. } = found else { unreachable!() };
        paths.iter().any(|p| p.people.iter().any(|x| x.id == tom))
    };
    assert!(!via_tom(&workspace), "Tom's ties to the rep and to Priya are unverified");
    let me = named(&workspace, sample::REP_NAME);
    for other in [me, priya] {
        let rel = relationships::between(workspace.store().unwrap().conn(), tom, other).unwrap().unwrap();
        let edited = people::edit_relationship(
            &workspace,
            rel.id,
            RelationshipEdit { verified: Some(true), strength: Some(4), ..RelationshipEdit::default() },
        )
        .unwrap();
        assert!(edited.verified());
    }
    assert!(workspace.network_is_cached());
    assert!(via_tom(&workspace));
    let err = people::edit_relationship(
        &workspace,
        relationships::between(workspace.store().unwrap().conn(), tom, me).unwrap().unwrap().id,
        RelationshipEdit { strength: Some(9), ..RelationshipEdit::default() },
    )
    .unwrap_err();
    assert!(err.to_string().contains("strength"), "{err}");
}

#[test]
fn people_are_added_merged_and_shown_as_a_neighbourhood() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let dupe = people::save_form(
        &workspace,
        None,
        PersonForm {
            full_name: "Dan Cho".into(),
            emails: vec!["dan@home.example".into()],
            ..PersonForm::default()
        },
    )
    .unwrap();
    let marcus = named(&workspace, "Marcus Webb");
    people::add_relationship(&workspace, dupe.id, marcus, RelationshipKind::Friend, 3).unwrap();
    people::log_touch(
        &workspace,
        dupe.id,
        TouchForm { kind: TouchKind::Email, date: "2026-01-02".parse().unwrap(), notes: String::new() },
    )
    .unwrap();
    let daniel = named(&workspace, "Daniel Cho");
    let merged = people::merge(&workspace, daniel, dupe.id).unwrap().person;
    assert!(merged.emails.contains(&"dan@home.example".to_string()));
    let page = people::page(&workspace, daniel).unwrap();
    assert!(page.related.iter().any(|t| t.other.id == marcus));
    assert_eq!(page.touches.len(), 2);

    let picture = people::neighbourhood(&workspace, daniel).unwrap();
    assert_eq!(picture.nodes.iter().filter(|n| n.ring == 0).count(), 1);
    assert!(picture.nodes.iter().any(|n| n.id == marcus && n.ring == 1));
    let ids: BTreeSet<_> = picture.nodes.iter().map(|n| n.id).collect();
    assert!(picture.edges.iter().all(|e| ids.contains(&e.a) && ids.contains(&e.b)));
}

#[test]
fn command_line_edits_refuse_nothing_to_change_and_keep_the_cached_network() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let err = people::edit(&workspace, "Tom Becker", &people::PersonChanges::default()).unwrap_err();
    assert!(err.to_string().contains("nothing to change"), "{err}");
    let (tom, me) = (named(&workspace, "Tom Becker"), named(&workspace, sample::REP_NAME));
    let patch = relationships::RelationshipPatch::default();
    assert!(people::change_relationship(&workspace, tom, me, &patch).is_err());

    workspace.with_network(|_, _| Ok(())).unwrap();
    let verified = people::set_verified(&workspace, tom, me, true).unwrap();
    assert!(verified.relationship.verified());
    assert_eq!((verified.a_name.is_empty(), verified.b_name.is_empty()), (false, false));
    people::unrelate(&workspace, tom, me).unwrap();
    assert!(workspace.network_is_cached(), "edits apply to the cached graph");
    let left = workspace.with_network(|_, network| Ok(network.tie_between(tom, me).is_none())).unwrap();
    assert!(left, "the removed relationship left the cached graph");
    let status = people::status(&workspace).unwrap();
    assert_eq!(status.current_rep.map(|r| r.full_name), Some(sample::REP_NAME.to_string()));
}

#[test]
fn a_database_in_a_folder_that_does_not_exist_is_refused_and_the_folder_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("no-such-folder").join("team.db");
    let err = intrograph_app_core::Workspace::open_checked(&typo).err().expect("refused").to_string();
    assert!(err.contains("does not exist"), "{err}");
    assert!(!typo.parent().unwrap().exists(), "the folder was not created");
}
