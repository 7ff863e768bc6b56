//! The IntroGraph desktop shell: a thin layer of Tauri commands over the application layer
//! (`intrograph-app-core`).
//!
//! The shell opens the workspace once at start-up, keeps it in managed state and registers
//! the commands the window may call (listed once, in `command_list.rs`). Each command parses
//! its input, calls one function of the application layer and returns its result; errors
//! cross the boundary as one serialized shape, [`CommandError`].

use tauri::{Emitter, Manager};

#[macro_use]
mod command_list;
mod commands;

pub use intrograph_app_core::{CommandError, Workspace};

/// The handler of every command `app_commands!` lists.
macro_rules! register_commands {
    ($($module:ident::$name:ident,)*) => {
        tauri::generate_handler![$(commands::$module::$name),*]
    };
}

/// The event telling the window to ask for the workspace again (it was found damaged).
pub const WORKSPACE_CHANGED: &str = "workspace-changed";

/// The event telling the window another program changed the open file (the command line,
/// a second window, a sync, a restore); its payload is an `OutsideChange`.
pub const WORKSPACE_UPDATED: &str = "workspace-updated";

/// The event telling the window where the team sync stands; its payload is a `TeamStatusView`.
pub const TEAM_STATUS: &str = "team-status";

/// How often the open file is looked at for other programs' commits.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Opens the workspace and runs the app until its window closes.
///
/// The database is `INTROGRAPH_DB` when set, else the file named in the settings, else the
/// platform's default. If it cannot be opened the window still opens and shows why.
pub fn run() {
    let workspace = Workspace::open_default();
    workspace.warm_network_in_background();
    let checked = workspace.clone();
    let team = intrograph_app_core::team::TeamSync::for_workspace(&workspace).ok();
    let syncing = team.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(workspace)
        .manage(commands::team::Team(team))
        .setup(move |app| {
            // A file found damaged after the window opened: the window asks again.
            let window = app.handle().clone();
            checked.check_in_background(move || {
                if let Err(err) = window.emit(WORKSPACE_CHANGED, ()) {
                    eprintln!("IntroGraph: could not tell the window the database is damaged: {err}");
                }
            });
            // Another program's commit: the workspace catches up, then the window reloads
            // what it shows. Watched for as long as the app runs.
            let window = app.handle().clone();
            let watcher = checked.watch(WATCH_EVERY, move |change| {
                if let Err(err) = window.emit(WORKSPACE_UPDATED, change) {
                    eprintln!("IntroGraph: could not tell the window the database changed: {err}");
                }
            });
            app.manage(watcher);
            // The team sync: every minute and shortly after each edit, on its own
            // connection; the pulled rows reach the window through the watcher above.
            if let Some(team) = syncing {
                let window = app.handle().clone();
                let sync_loop = team.run(
                    intrograph_app_core::team::EVERY,
                    intrograph_app_core::team::QUIET,
                    move |status| {
                        if let Err(err) = window.emit(TEAM_STATUS, status) {
                            eprintln!("IntroGraph: could not tell the window the team status: {err}");
                        }
                    },
                );
                app.manage(sync_loop);
            }
            Ok(())
        })
        .invoke_handler(app_commands!(register_commands))
        .run(tauri::generate_context!())
        .expect("the IntroGraph window could not be started");
}

/// The TypeScript side of the IPC types lives in `ui/src/lib/bindings.ts`, generated from the
/// Rust types. This test fails when the committed file is stale; run it with
/// `UPDATE_BINDINGS=1` to rewrite the file.
#[cfg(test)]
mod bindings {
    use ts_rs::Config;

    /// The names of the commands `app_commands!` lists, as a TypeScript union: `backend.ts`
    /// can call only these.
    macro_rules! command_names {
        ($($module:ident::$name:ident,)*) => {
            [$(stringify!($name)),*]
        };
    }

    fn command_union() -> String {
        let names: Vec<String> = app_commands!(command_names).iter().map(|n| format!("\"{n}\"")).collect();
        format!("type Command = {};", names.join(" | "))
    }

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/bindings.ts");

    fn generated() -> String {
        // JSON numbers reach the window as JS numbers; schema versions and counts fit.
        let cfg = Config::new().with_large_int("number");
        let mut decls = intrograph_app_core::views::declarations(&cfg);
        decls.push(command_union());
        let mut text = String::from(
            "// Generated from the Rust types of crates/app-core/ and src-tauri/ by `UPDATE_BINDINGS=1 cargo test -p intrograph-app bindings`.\n// Do not edit by hand.\n",
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
