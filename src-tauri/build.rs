//! Build script of the desktop app: generates the Tauri context and the access-control
//! manifest. Every app command is declared here, so the webview can call one only when
//! the capabilities file grants it explicitly.

/// The app's commands; each needs an `allow-<name>` grant in `src-tauri/capabilities/`.
const COMMANDS: &[&str] = &[
    "workspace_info",
    "search_targets",
    "find_paths",
    "draft_ask",
    "list_people",
    "get_person",
    "save_person_form",
    "merge_people",
    "edit_relationship",
    "add_relationship",
    "log_touch",
    "neighbourhood",
    "list_requests",
    "request_detail",
    "create_request",
    "move_intro_request",
    "set_request_follow_up",
    "note_source",
    "today",
    "mark_target",
    "workspace_contents",
    "load_sample",
    "clear_sample",
    "start_workspace",
    "iq_overview",
    "iq_take",
    "iq_team",
    "metrics_report",
    "metrics_export",
    "settings_overview",
    "settings_choose_database",
    "settings_add_rep",
    "settings_set_rep_active",
    "settings_use_rep",
    "settings_set_goal",
    "settings_save_weights",
    "settings_reset_weights",
    "settings_save_follow_up_days",
    "import_formats",
    "import_inspect",
    "import_preview",
    "import_apply",
    "export_csv_file",
    "import_saved_mapping",
    "backup_list",
    "backup_create",
    "backup_json",
    "recover_from_backup",
    "backup_restore",
];

fn main() {
    // The capabilities live in src-tauri/ while tauri.conf.json sits at the repository root.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}
