//! Build script of the desktop app: generates the Tauri context and the access-control
//! manifest. Every app command is declared here, so the webview can call one only when
//! the capabilities file grants it explicitly.

/// The app's commands; each needs an `allow-<name>` grant in `src-tauri/capabilities/`.
const COMMANDS: &[&str] = &[
    "workspace_info",
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
    "backup_export",
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
