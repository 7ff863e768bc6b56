//! The IntroGraph desktop shell: a thin layer of Tauri commands over the engine.
//!
//! The shell opens the workspace database once at start-up, keeps it in managed state and
//! registers the commands the window may call. Commands take the lock, call the engine and
//! map the result; they hold no logic of their own. Engine errors cross the boundary as one
//! serialized shape, [`CommandError`].

mod commands;
mod error;
mod workspace;

pub use commands::WorkspaceInfo;
pub use error::CommandError;
pub use workspace::Workspace;

/// Opens the workspace and runs the app until its window closes.
///
/// The database is `INTROGRAPH_DB` when set, else the file named in the settings, else the
/// platform's default. If it cannot be opened the window still opens and shows why.
pub fn run() {
    let workspace = Workspace::open_default();
    tauri::Builder::default()
        .manage(workspace)
        .invoke_handler(tauri::generate_handler![commands::workspace_info])
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
        let decls = [super::CommandError::decl(&cfg), super::WorkspaceInfo::decl(&cfg)];
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
