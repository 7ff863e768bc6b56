//! The desktop app stays locked down: its Tauri configuration, capabilities and command
//! declarations are read from the repository and checked (see SECURITY.md).
//!
//! - an object-form CSP with `default-src 'self'` and no `unsafe-eval` / `unsafe-inline`
//!   script sources (in the build and the dev CSP);
//! - `withGlobalTauri` false (no `window.__TAURI__` for injected script to reach);
//! - exactly one capabilities file, for the main window, local content only;
//! - the commands are listed once, in `src-tauri/src/command_list.rs` (which `build.rs`
//!   declares and `lib.rs` registers); every listed command is granted, nothing else is
//!   granted, and `ui/src/lib/backend.ts` calls exactly the listed commands.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Permissions granted beyond the app's own commands. Empty: add one only with a reason
/// in SECURITY.md.
const EXTRA_PERMISSIONS: &[&str] = &[
    // The import's progress bar listens to the `import-progress` event.
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    // Native open and save dialogs: they return a path the user picked, which the app's own
    // commands then check; the window gets no file system access of its own.
    "dialog:allow-open",
    "dialog:allow-save",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn config() -> Value {
    serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json is JSON")
}

/// The commands listed in `src-tauri/src/command_list.rs` (`module::name,` lines).
fn declared_commands() -> BTreeSet<String> {
    let list = read("src-tauri/src/command_list.rs");
    let from = list.find("$then! {").expect("the list starts") + "$then! {".len();
    let body = &list[from..from + list[from..].find('}').expect("the list ends")];
    body.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|path| path.rsplit("::").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_csp_is_an_object_that_allows_only_the_app_itself() {
    let config = config();
    let security = &config["app"]["security"];
    for key in ["csp", "devCsp"] {
        let csp = security[key].as_object().unwrap_or_else(|| panic!("{key} is an object, not a string"));
        assert_eq!(csp["default-src"], "'self'", "{key}");
        let script = csp.get("script-src").and_then(Value::as_str).unwrap_or("'self'");
        for banned in ["unsafe-eval", "unsafe-inline", "unsafe-hashes", "data:", "http:", "https:", "*"] {
            assert!(!script.contains(banned), "{key} script-src allows {banned}: {script}");
        }
        assert_eq!(csp.get("object-src").and_then(Value::as_str), Some("'none'"), "{key}");
        for (directive, value) in csp {
            assert!(
                !value.as_str().unwrap_or_default().contains("unsafe-eval"),
                "{key} {directive} allows eval"
            );
        }
    }
    // Inline styles are allowed only while developing (Vite injects them).
    let build_csp = security["csp"].as_object().unwrap();
    assert!(build_csp.values().all(|v| !v.as_str().unwrap_or_default().contains("unsafe-inline")));
    assert_ne!(security["dangerousDisableAssetCspModification"], true);
    assert!(security.get("dangerousRemoteDomainIpcAccess").is_none());
}

#[test]
fn no_global_tauri_object() {
    assert_eq!(config()["app"]["withGlobalTauri"], false);
}

#[test]
fn one_capabilities_file_grants_exactly_the_app_commands() {
    let dir = repo().join("src-tauri/capabilities");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "toml"))
        .collect();
    assert_eq!(files.len(), 1, "exactly one capabilities file: {files:?}");
    let cap: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert_ne!(cap["local"], false, "only the app's own content may call commands");
    assert!(cap.get("remote").is_none(), "no remote URL may call commands");

    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("permissions are plain identifiers").to_string())
        .collect();
    let commands = declared_commands();
    assert!(!commands.is_empty());
    let expected: BTreeSet<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(EXTRA_PERMISSIONS.iter().map(|p| p.to_string()))
        .collect();
    assert_eq!(granted, expected, "grants must be exactly the declared commands (and EXTRA_PERMISSIONS)");
}

#[test]
fn the_window_calls_exactly_the_listed_commands() {
    // backend.ts is the only place that calls the backend, through `call("name", ...)`; the
    // generated `Command` union makes an unlisted name a type error, and this catches a
    // listed command the window never calls.
    let backend = read("ui/src/lib/backend.ts");
    let called: BTreeSet<String> = backend
        .match_indices("call")
        .filter_map(|(at, _)| {
            let rest = &backend[at + 4..];
            let rest =
                rest.strip_prefix('<').map_or(Some(rest), |r| r.find(">(").map(|end| &r[end + 1..]))?;
            let name = rest.strip_prefix("(\"")?;
            Some(name[..name.find('"')?].to_string())
        })
        .collect();
    assert_eq!(called, declared_commands(), "ui/src/lib/backend.ts and src-tauri/src/command_list.rs differ");
    let bindings = read("ui/src/lib/bindings.ts");
    assert!(bindings.contains("export type Command = "), "bindings.ts declares the Command union");
}

/// Every `.rs` file under `dir` (relative to the repository), with its text.
fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![repo().join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out
}

#[test]
fn the_shells_run_no_sql() {
    // The desktop commands and the command line call the application layer; SQL lives in the
    // engine's store, and keeping the cached graph in step is the application layer's job.
    let banned = [
        "rusqlite",
        ".execute(",
        ".prepare(",
        ".prepare_cached(",
        ".query_row(",
        "\"SELECT ",
        "\"INSERT ",
        "\"UPDATE ",
        "\"DELETE ",
        "update_network(",
        "forget_network(",
    ];
    let mut found = Vec::new();
    for dir in ["src-tauri/src", "crates/cli/src"] {
        for (path, text) in sources(dir) {
            for (n, line) in text.lines().enumerate() {
                if let Some(b) = banned.iter().find(|b| line.contains(*b)) {
                    found.push(format!("{}:{}: {b}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "the shells must call the application layer instead:\n{}", found.join("\n"));
}

#[test]
fn the_window_receives_one_casing() {
    // Every property of every generated type is snake_case, like the engine's own types and
    // the command line's --json.
    let bindings = read("ui/src/lib/bindings.ts");
    let mut camel = BTreeSet::new();
    for decl in bindings.lines().filter(|l| l.starts_with("export type ")) {
        let Some(body) = decl.split_once("= {").map(|(_, b)| b) else { continue };
        for part in body.split([',', '{', '}']) {
            let Some((key, _)) = part.split_once(':') else { continue };
            let key = key.trim().trim_end_matches('?').trim_matches('"');
            if key.chars().any(|c| c.is_ascii_uppercase()) {
                camel.insert(format!("{key} in {}", decl.split_whitespace().nth(2).unwrap_or("?")));
            }
        }
    }
    assert!(camel.is_empty(), "camelCase fields reach the window: {camel:?}");
}

/// The Debian package ships the command-line tool the app's first screen mentions, on the
/// PATH, with its manual page; the package script builds both before packing.
#[test]
fn the_debian_package_ships_the_command_line_tool() {
    let files = &config()["bundle"]["linux"]["deb"]["files"];
    assert_eq!(files["/usr/bin/intrograph"], "target/release/intrograph", "{files}");
    assert_eq!(files["/usr/share/man/man1/intrograph.1.gz"], "target/release/intrograph.1.gz", "{files}");
    let script = read("scripts/package-deb.sh");
    let cli =
        script.find("cargo build --release --locked -p intrograph-cli").expect("the script builds the CLI");
    let page = script.find("scripts/man-page.sh").expect("and its manual page");
    let bundle = script.find("tauri\" build").expect("then the package");
    assert!(cli < bundle && page < bundle, "the CLI and its page are built before the package");
}
