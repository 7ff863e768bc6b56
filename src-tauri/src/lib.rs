//! The IntroGraph desktop shell: a thin layer of Tauri commands over the engine.
//!
//! The shell opens the workspace database once at start-up, keeps it in managed state and
//! registers the commands the window may call. Commands take the lock, call the engine and
//! map the result; they hold no logic of their own. Engine errors cross the boundary as one
//! serialized shape, [`CommandError`].

use tauri::Emitter;

mod commands;
mod error;
mod workspace;

pub use commands::WorkspaceInfo;
pub use error::CommandError;
pub use workspace::Workspace;

/// The event telling the window to ask for the workspace again (it was found damaged).
pub const WORKSPACE_CHANGED: &str = "workspace-changed";

/// Opens the workspace and runs the app until its window closes.
///
/// The database is `INTROGRAPH_DB` when set, else the file named in the settings, else the
/// platform's default. If it cannot be opened the window still opens and shows why.
pub fn run() {
    let workspace = Workspace::open_default();
    workspace.warm_network_in_background();
    let checked = workspace.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(workspace)
        .setup(move |app| {
            // A file found damaged after the window opened: the window asks again.
            let window = app.handle().clone();
            checked.check_in_background(move || {
                if let Err(err) = window.emit(WORKSPACE_CHANGED, ()) {
                    eprintln!("IntroGraph: could not tell the window the database is damaged: {err}");
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::workspace_info,
            commands::find::search_targets,
            commands::find::find_paths,
            commands::find::draft_ask,
            commands::network::list_people,
            commands::network::get_person,
            commands::network::save_person_form,
            commands::network::merge_people,
            commands::network::edit_relationship,
            commands::network::add_relationship,
            commands::network::log_touch,
            commands::network::neighbourhood,
            commands::requests::list_requests,
            commands::requests::request_detail,
            commands::requests::create_request,
            commands::requests::move_intro_request,
            commands::requests::set_request_follow_up,
            commands::requests::note_source,
            commands::today::today,
            commands::today::mark_target,
            commands::sample::workspace_contents,
            commands::sample::load_sample,
            commands::sample::clear_sample,
            commands::sample::start_workspace,
            commands::iq::iq_overview,
            commands::iq::iq_take,
            commands::iq::iq_team,
            commands::metrics::metrics_report,
            commands::metrics::metrics_export,
            commands::settings::settings_overview,
            commands::settings::settings_choose_database,
            commands::settings::settings_add_rep,
            commands::settings::settings_set_rep_active,
            commands::settings::settings_use_rep,
            commands::settings::settings_set_goal,
            commands::settings::settings_save_weights,
            commands::settings::settings_reset_weights,
            commands::settings::settings_save_follow_up_days,
            commands::interchange::import_formats,
            commands::interchange::import_inspect,
            commands::interchange::import_preview,
            commands::interchange::import_apply,
            commands::interchange::export_csv_file,
            commands::interchange::import_saved_mapping,
            commands::interchange::backup_list,
            commands::interchange::backup_create,
            commands::interchange::backup_restore,
            commands::interchange::backup_json,
            commands::interchange::recover_from_backup,
        ])
        .run(tauri::generate_context!())
        .expect("the IntroGraph window could not be started");
}

/// The TypeScript side of the IPC types lives in `ui/src/lib/bindings.ts`, generated from the
/// Rust types. This test fails when the committed file is stale; run it with
/// `UPDATE_BINDINGS=1` to rewrite the file.
#[cfg(test)]
mod bindings {
    use ts_rs::{Config, TS};

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/bindings.ts");

    fn generated() -> String {
        // JSON numbers reach the window as JS numbers; schema versions and counts fit.
        let cfg = Config::new().with_large_int("number");
        use super::commands::{find, network, requests, sample, today};
        use intrograph_engine::pipeline::{iq, metrics};
        use intrograph_engine::{model, paths, pipeline, store, suggest};
        let decls = [
            super::CommandError::decl(&cfg),
            super::WorkspaceInfo::decl(&cfg),
            // The engine's types, as the window receives them.
            model::PersonId::decl(&cfg),
            model::OrganisationId::decl(&cfg),
            model::RelationshipId::decl(&cfg),
            model::EmploymentId::decl(&cfg),
            model::TouchId::decl(&cfg),
            model::RepId::decl(&cfg),
            model::RequestId::decl(&cfg),
            model::StageChangeId::decl(&cfg),
            model::Person::decl(&cfg),
            model::Employment::decl(&cfg),
            model::RelationshipKind::decl(&cfg),
            model::Strength::decl(&cfg),
            model::Relationship::decl(&cfg),
            model::TouchKind::decl(&cfg),
            model::Touch::decl(&cfg),
            model::OrganisationSummary::decl(&cfg),
            model::Target::decl(&cfg),
            paths::PathPerson::decl(&cfg),
            paths::OverlapCertainty::decl(&cfg),
            paths::SharedEmployer::decl(&cfg),
            paths::HopExplanation::decl(&cfg),
            paths::IntroPath::decl(&cfg),
            paths::TargetGroup::decl(&cfg),
            suggest::Suggestions::decl(&cfg),
            pipeline::Stage::decl(&cfg),
            pipeline::IntroRequest::decl(&cfg),
            pipeline::StageChange::decl(&cfg),
            store::browse::PeopleSort::decl(&cfg),
            store::browse::PersonRow::decl(&cfg),
            store::browse::PeoplePage::decl(&cfg),
            store::targets::TargetEntry::decl(&cfg),
            // The shell's own.
            find::TargetOption::decl(&cfg),
            find::FindOptions::decl(&cfg),
            network::Tie::decl(&cfg),
            network::Job::decl(&cfg),
            network::PersonDetail::decl(&cfg),
            network::PersonForm::decl(&cfg),
            network::TieEdit::decl(&cfg),
            network::TouchForm::decl(&cfg),
            network::GraphNode::decl(&cfg),
            network::GraphEdge::decl(&cfg),
            network::Neighbourhood::decl(&cfg),
            store::requests::Listed::decl(&cfg),
            requests::RequestDetail::decl(&cfg),
            requests::AskInput::decl(&cfg),
            requests::MoveInput::decl(&cfg),
            requests::SourceNote::decl(&cfg),
            today::SuggestedAsk::decl(&cfg),
            today::TodayView::decl(&cfg),
            sample::WorkspaceContents::decl(&cfg),
            // Engine types (feature `ts`) sent by the metrics, Referral I.Q. and settings commands.
            model::AssessmentId::decl(&cfg),
            iq::Question::decl(&cfg),
            iq::Band::decl(&cfg),
            iq::Assessment::decl(&cfg),
            iq::TrendPoint::decl(&cfg),
            iq::QuarterAverage::decl(&cfg),
            iq::QuestionResult::decl(&cfg),
            iq::MissingRep::decl(&cfg),
            iq::TeamView::decl(&cfg),
            pipeline::Quarter::decl(&cfg),
            pipeline::Period::decl(&cfg),
            pipeline::LeadSource::decl(&cfg),
            metrics::StageCounts::decl(&cfg),
            metrics::Conversion::decl(&cfg),
            metrics::FunnelRow::decl(&cfg),
            metrics::SourceComparison::decl(&cfg),
            metrics::Activity::decl(&cfg),
            metrics::TopSource::decl(&cfg),
            // The app's own command types.
            crate::commands::settings::RepEntry::decl(&cfg),
            crate::commands::settings::WeightConstants::decl(&cfg),
            crate::commands::settings::FollowUpDays::decl(&cfg),
            crate::commands::settings::SettingsOverview::decl(&cfg),
            crate::commands::iq::IqResult::decl(&cfg),
            crate::commands::iq::IqOverview::decl(&cfg),
            crate::commands::metrics::MetricsQuery::decl(&cfg),
            crate::commands::metrics::MetricsReport::decl(&cfg),
            crate::commands::metrics::MetricsTable::decl(&cfg),
            crate::commands::interchange::ImportFormat::decl(&cfg),
            crate::commands::interchange::ImportField::decl(&cfg),
            crate::commands::interchange::ImportFormatInfo::decl(&cfg),
            crate::commands::interchange::FileInspection::decl(&cfg),
            crate::commands::interchange::ImportPlan::decl(&cfg),
            crate::commands::interchange::ImportOutcome::decl(&cfg),
            crate::commands::interchange::ExportKind::decl(&cfg),
            crate::commands::interchange::ExportResult::decl(&cfg),
            crate::commands::interchange::BackupFile::decl(&cfg),
            crate::commands::interchange::Backups::decl(&cfg),
            crate::commands::interchange::RestoreOutcome::decl(&cfg),
            intrograph_engine::import::Progress::decl(&cfg),
            intrograph_engine::import::Skip::decl(&cfg),
            intrograph_engine::import::Action::decl(&cfg),
            intrograph_engine::import::Change::decl(&cfg),
            intrograph_engine::import::ImportReport::decl(&cfg),
        ];
        let mut text = String::from(
            "// Generated from the Rust types of src-tauri/ by `UPDATE_BINDINGS=1 cargo test -p intrograph-app bindings`.\n// Do not edit by hand.\n",
        );
        for decl in decls {
            text.push_str("\nexport ");
            text.push_str(&decl);
            text.push('\n');
        }
        text
    }

    #[test]
    fn typescript_bindings_match_the_rust_types() {
        let text = generated();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(PATH, &text).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            committed == text,
            "{PATH} is stale; regenerate it with UPDATE_BINDINGS=1 cargo test -p intrograph-app bindings\n\nexpected:\n{text}"
        );
    }
}
