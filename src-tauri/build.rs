//! Build script of the desktop app: generates the Tauri context and the access-control
//! manifest. Every app command is declared here, so the webview can call one only when
//! the capabilities file grants it explicitly.

// The app's commands, listed once in src/command_list.rs.
include!("src/command_list.rs");

/// The names of the commands `app_commands!` lists.
macro_rules! command_names {
    ($($module:ident::$name:ident,)*) => {
        &[$(stringify!($name)),*]
    };
}

/// The app's commands; each needs an `allow-<name>` grant in `src-tauri/capabilities/`.
const COMMANDS: &[&str] = app_commands!(command_names);

fn main() {
    // The capabilities live in src-tauri/ while tauri.conf.json sits at the repository root.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/command_list.rs");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}
