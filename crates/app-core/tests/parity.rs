//! What the window can now do that only the command line could: lapsed customers and their
//! re-engagement, opportunities from other lead sources, team bundles, deleting a person,
//! and undoing a merge, a deletion, a stage move or an import with the cached graph kept
//! in step.

use intrograph_app_core::views::customers::{CloseForm, OpportunityForm};
use intrograph_app_core::views::requests::MoveInput;
use intrograph_app_core::{customers, interchange, people, requests, sample, undo, Workspace};
use intrograph_engine::model::{PersonId, Target};
use intrograph_engine::paths::PathOptions;
use intrograph_engine::pipeline::{LeadSource, Outcome, Stage};
use intrograph_engine::store::json_backup;
use intrograph_engine::store::people as stored_people;
use intrograph_engine::store::undo::ActionKind;
use intrograph_engine::suggest::{self, Suggestions};

fn named(workspace: &Workspace, name: &str) -> PersonId {
    stored_people::find_by_name(workspace.store().unwrap().conn(), name).unwrap()[0]
}

fn backup(workspace: &Workspace) -> String {
    let mut out = Vec::new();
    json_backup::write(&workspace.store().unwrap(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The people on the paths the cached graph finds to `target`, in order.
fn paths_to(workspace: &Workspace, target: PersonId) -> Vec<Vec<String>> {
    let found = workspace
        .with_network(|store, network| {
            let rep = intrograph_app_core::workspace::me(store)?;
            let options = PathOptions { max_hops: 3, k: 5, ..PathOptions::default() };
            suggest::suggest(store.conn(), network, rep.person_id, Target::Person(target), &options)
        })
        .unwrap();
    let Suggestions::Person { paths, .. } = found else { unreachable!() };
    paths.iter().map(|p| p.people.iter().map(|x| x.name.clone()).collect()).collect()
}

#[test]
fn a_merge_undone_restores_the_workspace_and_the_cached_graph() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let priya = named(&workspace, sample::TWO_HOP_TARGET);
    let before = backup(&workspace);
    let paths_before = paths_to(&workspace, priya);
    assert!(!paths_before.is_empty());
    let (keep, other) = (named(&workspace, "Tom Becker"), named(&workspace, "Daniel Cho"));
    people::merge(&workspace, keep, other).unwrap();
    assert_ne!(paths_to(&workspace, priya), paths_before, "the merge changed the paths");
    let history = undo::history(&workspace).unwrap();
    assert_eq!(history[0].kind, ActionKind::Merge);
    assert_eq!(history[0].summary, "Merged Daniel Cho into Tom Becker");
    let undone = undo::undo(&workspace, None).unwrap();
    assert_eq!(undone.id, history[0].id);
    assert_eq!(backup(&workspace), before);
    assert_eq!(paths_to(&workspace, priya), paths_before, "the cached graph is back in step");
}

#[test]
fn deleting_a_person_in_a_request_is_refused_with_the_reason_and_a_free_one_is_undoable() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let aisha = named(&workspace, "Aisha Khan");
    let before = backup(&workspace);
    let refused = people::remove(&workspace, aisha).unwrap_err().to_string();
    assert!(refused.contains("introduction request"), "{refused}");
    assert!(undo::history(&workspace).unwrap().is_empty(), "a refused deletion records nothing");
    let me = named(&workspace, sample::REP_NAME);
    let rep = people::remove(&workspace, me).unwrap_err().to_string();
    assert!(rep.contains("rep"), "{rep}");
    assert_eq!(backup(&workspace), before);

    let ravi = named(&workspace, "Ravi Menon");
    let gone = people::remove(&workspace, ravi).unwrap();
    assert_eq!(undo::history(&workspace).unwrap()[0].summary, format!("Deleted {}", gone.full_name));
    undo::undo(&workspace, None).unwrap();
    assert_eq!(backup(&workspace), before);
    assert_eq!(people::page(&workspace, ravi).unwrap().person.full_name, "Ravi Menon");
}

#[test]
fn a_stage_move_and_a_bundle_import_are_undone_exactly() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let board = requests::list_board(&workspace).unwrap();
    let draft = board.requests.iter().find(|r| r.stage == Stage::Draft).expect("the sample has a draft");
    let before = backup(&workspace);
    let input = MoveInput { to: Stage::Asked, note: String::new(), deal_value: None, lost_reason: None };
    requests::move_request(&workspace, draft.id, input).unwrap();
    let entry = &undo::history(&workspace).unwrap()[0];
    assert_eq!(entry.kind, ActionKind::StageMove);
    assert!(entry.summary.contains("from draft to asked"), "{}", entry.summary);
    undo::undo(&workspace, None).unwrap();
    assert_eq!(backup(&workspace), before);

    // A teammate's bundle: previewed (nothing changes), merged in, undone.
    let dir = tempfile::tempdir().unwrap();
    let other = Workspace::in_memory();
    sample::load(&other).unwrap();
    people::add(&other, &stored_people::PersonInput::named("Zoe Park")).unwrap();
    let file = dir.path().join("team.json");
    interchange::export_bundle(&other, &file).unwrap();
    let preview = interchange::preview_bundle(&workspace, &file).unwrap();
    assert!(preview.total_added() >= 1, "{preview:?}");
    assert_eq!(backup(&workspace), before, "a preview stores nothing");
    let imported = interchange::import_bundle(&workspace, &file).unwrap();
    assert_eq!(imported.added, preview.added, "the preview said what the import did");
    assert_eq!(undo::history(&workspace).unwrap()[0].summary, "Imported the bundle team.json");
    undo::undo(&workspace, None).unwrap();
    assert_eq!(backup(&workspace), before);
}

#[test]
fn lapsed_customers_have_their_reasons_and_a_re_engagement_is_planned_once() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let view = customers::lapsed(&workspace, Some(30)).unwrap();
    let ravi = view.customers.iter().find(|l| l.customer.name == "Ravi Menon").expect("Ravi is lapsed");
    assert!(
        ravi.reasons.iter().any(|r| r.starts_with("no touch for ") || r == "never touched"),
        "{:?}",
        ravi.reasons
    );
    assert_eq!(ravi.planned, None);
    let planned = customers::plan_reengagement(&workspace, ravi.customer.person_id).unwrap();
    assert_eq!(planned.lead_source, LeadSource::ExistingCustomer);
    assert_eq!(planned.title, "Re-engage Ravi Menon");
    assert_eq!(planned.person_id, Some(ravi.customer.person_id));
    let again = customers::plan_reengagement(&workspace, ravi.customer.person_id).unwrap_err().to_string();
    assert!(again.contains("already planned"), "{again}");
    let view = customers::lapsed(&workspace, Some(30)).unwrap();
    let ravi = view.customers.iter().find(|l| l.customer.name == "Ravi Menon").unwrap();
    assert_eq!(ravi.planned, Some(planned.id));
}

#[test]
fn opportunities_from_other_sources_are_added_corrected_closed_and_removed_with_the_cli_checks() {
    let workspace = Workspace::in_memory();
    sample::load(&workspace).unwrap();
    let form = |value: Option<f64>| OpportunityForm {
        title: "Globex event lead".into(),
        lead_source: LeadSource::Event,
        contact: None,
        value,
        opened_on: None,
        first_meeting_on: None,
        rep_id: None,
    };
    let bad = customers::save_opportunity(&workspace, None, form(Some(-5.0))).unwrap_err().to_string();
    assert!(bad.contains("not an amount"), "{bad}");
    let referral = customers::save_opportunity(
        &workspace,
        None,
        OpportunityForm { lead_source: LeadSource::Referral, ..form(None) },
    )
    .unwrap_err()
    .to_string();
    assert!(referral.contains("introduction request"), "{referral}");

    let added = customers::save_opportunity(&workspace, None, form(Some(9000.0))).unwrap();
    assert_eq!(added.rep_name, sample::REP_NAME);
    let id = added.opportunity.id;
    let fixed = customers::save_opportunity(
        &workspace,
        Some(id),
        OpportunityForm { lead_source: LeadSource::Inbound, ..form(Some(12000.0)) },
    )
    .unwrap();
    assert_eq!(
        (fixed.opportunity.lead_source, fixed.opportunity.value),
        (LeadSource::Inbound, Some(12000.0))
    );
    let lost = customers::close_opportunity(
        &workspace,
        id,
        CloseForm { outcome: Outcome::Lost, on: None, value: None, reason: None },
    )
    .unwrap_err()
    .to_string();
    assert!(lost.contains("needs the reason"), "{lost}");
    let won = customers::close_opportunity(
        &workspace,
        id,
        CloseForm { outcome: Outcome::Won, on: None, value: None, reason: None },
    )
    .unwrap();
    assert_eq!((won.opportunity.outcome, won.opportunity.value), (Outcome::Won, Some(12000.0)));
    let listed = customers::opportunities_view(&workspace, Some(LeadSource::Inbound)).unwrap();
    assert!(listed.opportunities.iter().any(|l| l.opportunity.id == id));
    assert!(!listed.sources.contains(&LeadSource::Referral));
    customers::remove_opportunity(&workspace, id).unwrap();
    let listed = customers::opportunities_view(&workspace, None).unwrap();
    assert!(listed.opportunities.iter().all(|l| l.opportunity.id != id));
    if let Some(referral) =
        listed.opportunities.iter().find(|l| l.opportunity.lead_source == LeadSource::Referral)
    {
        let kept =
            customers::remove_opportunity(&workspace, referral.opportunity.id).unwrap_err().to_string();
        assert!(kept.contains("introduction request"), "{kept}");
    }
}

/// The engine's mail fixtures.
fn mail_fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/fixtures/mail")
        .join(name)
        .canonicalize()
        .unwrap()
        .display()
        .to_string()
}

/// Sam Rivera's workspace (the rep of the mail fixtures), with Priya and Jon at Acme.
fn sams_workspace() -> Workspace {
    use intrograph_engine::store::organisations::{self, OrganisationInput};
    use intrograph_engine::store::reps;
    let workspace = Workspace::in_memory();
    workspace
        .store()
        .unwrap()
        .write(|tx| {
            let sam = stored_people::PersonInput {
                emails: vec!["sam@ourco.com".into()],
                ..stored_people::PersonInput::named("Sam Rivera")
            };
            reps::add_new(tx, &sam)?;
            let mut beta = OrganisationInput::named("Beta Analytics");
            beta.domain = Some("beta.io".into());
            organisations::add(tx, &beta)?;
            for (name, email) in [("Priya Raman", "priya@acme.com"), ("Jon Bell", "jon@acme.com")] {
                let input = stored_people::PersonInput {
                    emails: vec![email.into()],
                    organisation: Some("Acme".into()),
                    ..stored_people::PersonInput::named(name)
                };
                stored_people::add(tx, &input)?;
            }
            Ok(())
        })
        .unwrap();
    workspace
}

#[test]
fn mail_calendar_and_messages_imports_are_undone_exactly() {
    use intrograph_app_core::mail;
    use intrograph_app_core::views::mail::ExchangePlan;
    use intrograph_engine::import::ExchangeFormat;
    let workspace = sams_workspace();
    let plan = |name: &str, format| ExchangePlan {
        path: mail_fixture(name),
        format: Some(format),
        me: vec!["sam.rivera@gmail.com".into()],
        add: vec!["zoe@beta.io".into()],
        subjects: false,
        add_all: false,
    };
    let before = backup(&workspace);
    // A preview records nothing.
    mail::import(&workspace, &plan("gmail-takeout.mbox", ExchangeFormat::Mail), true, &mut |_| {}).unwrap();
    assert!(undo::history(&workspace).unwrap().is_empty());
    assert_eq!(backup(&workspace), before);

    // Mail: touches, relationships, a person added (at Beta Analytics, from her domain) and
    // the rep's other address; all of it goes with the undo.
    let done =
        mail::import(&workspace, &plan("gmail-takeout.mbox", ExchangeFormat::Mail), false, &mut |_| {})
            .unwrap();
    assert!(done.report.touches_added > 0 && done.report.people_added == 1, "{:#?}", done.report);
    assert_eq!(done.report.people_given_organisation, 1);
    let entry = &undo::history(&workspace).unwrap()[0];
    assert_eq!(entry.kind, ActionKind::Import);
    assert_eq!(entry.summary, "Imported mail from gmail-takeout.mbox");
    assert_ne!(backup(&workspace), before);
    undo::undo(&workspace, None).unwrap();
    assert_eq!(backup(&workspace), before);

    // A folder (one transaction per mailbox) and a calendar, each undone on its own, newest first.
    mail::import(&workspace, &plan("Maildir", ExchangeFormat::Mail), false, &mut |_| {}).unwrap();
    let after_maildir = backup(&workspace);
    mail::import(&workspace, &plan("google.ics", ExchangeFormat::Calendar), false, &mut |_| {}).unwrap();
    assert_eq!(undo::history(&workspace).unwrap()[0].summary, "Imported the calendar from google.ics");
    undo::undo(&workspace, None).unwrap();
    assert_eq!(backup(&workspace), after_maildir);
    undo::undo(&workspace, None).unwrap();
    assert_eq!(backup(&workspace), before);

    // LinkedIn messages too.
    mail::import(&workspace, &plan("messages.csv", ExchangeFormat::LinkedinMessages), false, &mut |_| {})
        .unwrap();
    assert_eq!(undo::history(&workspace).unwrap()[0].summary, "Imported LinkedIn messages from messages.csv");
    undo::undo(&workspace, None).unwrap();
    assert_eq!(backup(&workspace), before);
}

#[test]
fn a_likely_tie_removed_in_the_window_or_by_name_stays_out_of_later_imports() {
    use intrograph_app_core::mail;
    use intrograph_app_core::views::mail::ExchangePlan;
    use intrograph_engine::import::ExchangeFormat;
    let workspace = sams_workspace();
    let import = |name: &str| {
        let plan = ExchangePlan {
            path: mail_fixture(name),
            format: Some(ExchangeFormat::Mail),
            me: vec![],
            add: vec![],
            subjects: false,
            add_all: false,
        };
        mail::import(&workspace, &plan, false, &mut |_| {}).unwrap().report
    };
    import("gmail-takeout.mbox");
    assert_eq!(import("thunderbird.mbox").ties_added, 1);
    let (priya, jon) = (named(&workspace, "Priya Raman"), named(&workspace, "Jon Bell"));
    assert_eq!(mail::suggestions(&workspace).unwrap().likely.len(), 1);
    assert!(mail::dismiss_likely_tie(&workspace, priya, jon).unwrap(), "the tie was removed");
    assert!(mail::suggestions(&workspace).unwrap().likely.is_empty());
    let again = import("thunderbird.mbox");
    assert_eq!((again.ties_added, again.ties_kept_out), (0, 1));

    // Removing the tie by name (`intrograph rel remove`) is the same word.
    let workspace = sams_workspace();
    let import = |name: &str| {
        let plan = ExchangePlan {
            path: mail_fixture(name),
            format: Some(ExchangeFormat::Mail),
            me: vec![],
            add: vec![],
            subjects: false,
            add_all: false,
        };
        mail::import(&workspace, &plan, false, &mut |_| {}).unwrap().report
    };
    import("gmail-takeout.mbox");
    import("thunderbird.mbox");
    let (priya, jon) = (named(&workspace, "Priya Raman"), named(&workspace, "Jon Bell"));
    people::unrelate(&workspace, jon, priya).unwrap();
    let again = import("thunderbird.mbox");
    assert_eq!((again.ties_added, again.ties_kept_out), (0, 1));
    // The rep's own relationships are not such a word: a touch brings them back.
    let sam = named(&workspace, "Sam Rivera");
    people::unrelate(&workspace, sam, priya).unwrap();
    import("gmail-takeout.mbox");
    import("Maildir");
    let store = workspace.store().unwrap();
    assert!(!intrograph_engine::store::exchanges::tie_dismissed(store.conn(), sam, priya).unwrap());
}
