//! The engine's layering, checked on its own sources.
//!
//! Layers depend one way: `model` (with `error`) ← `store` ← `pipeline`, `import`, `graph`,
//! `paths`, `suggest`, `export` (and the application shells above them). This test reads
//! every file under `src/`, collects the modules each one refers to (`use crate::…`,
//! `use super::…`, `use child::…`, groups like `use crate::{a, b::c}` included, and inline
//! `crate::a::b` or `super::a` paths), follows `pub use` re-exports to the module that
//! defines the item, and fails when
//! - a module under `store` refers to an upper module,
//! - `model` refers to anything but itself and `error`,
//! - modules refer to each other in a cycle (a module and its own submodules count as one:
//!   a parent declares and re-exports its children, and they use what it shares).
//!
//! `cargo test -p intrograph-engine --lib layering -- --nocapture` prints the cycles found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules the store must never refer to (nor their submodules).
const ABOVE_STORE: &[&str] = &["pipeline", "import", "suggest", "paths", "export", "graph"];

/// The modules `model` may refer to besides its own.
const BELOW_MODEL: &[&str] = &["error"];

type Module = String;

/// One source file: its module path (`store::requests`; `crate` for `lib.rs`) and text.
struct Source {
    module: Module,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .filter(|path| path.file_name().is_some_and(|n| n != "layering.rs"))
        .map(|path| {
            let rel = path.strip_prefix(&root).expect("under src").with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            let module = if parts.is_empty() { "crate".to_string() } else { parts.join("::") };
            let text = std::fs::read_to_string(&path).expect("readable source");
            Source { module, code: strip(&text) }
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code without comments, string and character literals (each replaced by a space).
fn strip(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let at = |i: usize, k: usize| c.get(i + k).copied();
        let rest = |k: usize| at(i, k);
        if c[i] == '/' && rest(1) == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && rest(1) == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i, 1) == Some('*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i, 1) == Some('/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if (c[i] == 'r' || c[i] == 'b')
            && !ident_char(i.checked_sub(1).map(|p| c[p]))
            && raw_start(&c, i).is_some()
        {
            let (hashes, open) = raw_start(&c, i).expect("raw string");
            i = open + 1;
            while i < c.len() {
                if c[i] == '"' && (0..hashes).all(|h| c.get(i + 1 + h) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push(' ');
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else if c[i] == '\'' && (rest(2) == Some('\'') || rest(1) == Some('\\')) {
            // A character literal ('x', '\n', '\u{..}'); otherwise a lifetime.
            i += 1;
            while i < c.len() && c[i] != '\'' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// At `r"`, `r#"`, `br"`...: the number of `#` and the index of the opening quote.
fn raw_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if c[j] == 'b' {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((hashes, j))
}

fn ident_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The paths a `use` tree names, each as its segments (`crate::{a, b::{c, d}}` gives
/// `crate::a`, `crate::b::c`, `crate::b::d`); `self` in a group names the group's prefix.
fn use_paths(tree: &str) -> Vec<Vec<String>> {
    let tokens = tokens(tree);
    let mut out = Vec::new();
    let mut pos = 0;
    parse_tree(&tokens, &mut pos, Vec::new(), &mut out);
    out
}

fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_whitespace() {
            i += 1;
        } else if ident_char(Some(c[i])) {
            let start = i;
            while i < c.len() && ident_char(Some(c[i])) {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else {
            out.push(c[i].to_string());
            i += 1;
        }
    }
    out
}

fn parse_tree(t: &[String], pos: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    loop {
        match t.get(*pos).map(String::as_str) {
            Some("::") => *pos += 1,
            Some("{") => {
                *pos += 1;
                loop {
                    parse_tree(t, pos, path.clone(), out);
                    match t.get(*pos).map(String::as_str) {
                        Some(",") => *pos += 1,
                        Some("}") => {
                            *pos += 1;
                            return;
                        }
                        _ => return,
                    }
                    if t.get(*pos).map(String::as_str) == Some("}") {
                        *pos += 1;
                        return;
                    }
                }
            }
            Some("*") => {
                *pos += 1;
                out.push(path);
                return;
            }
            Some("self") if !path.is_empty() => {
                *pos += 1;
            }
            Some("as") => {
                *pos += 2;
            }
            Some(w) if ident_char(w.chars().next()) => {
                path.push(w.to_string());
                *pos += 1;
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

/// A module's references: paths (from the crate root, unresolved) and its `pub use`
/// re-exports (name → path).
#[derive(Default)]
struct Refs {
    paths: Vec<Vec<String>>,
    reexports: BTreeMap<String, Vec<String>>,
}

/// `path` made absolute from the crate root, read in `module` (children: `children`).
fn absolute(module: &str, path: &[String], modules: &BTreeSet<Module>) -> Option<Vec<String>> {
    let here: Vec<String> =
        if module == "crate" { Vec::new() } else { module.split("::").map(String::from).collect() };
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "self" => Some(here.iter().chain(&path[1..]).cloned().collect()),
        "super" => {
            let mut base = here.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            Some(base.into_iter().chain(rest.iter().cloned()).collect())
        }
        child => {
            let mut candidate = here.clone();
            candidate.push(child.to_string());
            modules
                .contains(&candidate.join("::"))
                .then(|| here.into_iter().chain(path.iter().cloned()).collect())
        }
    }
}

fn references(source: &Source, modules: &BTreeSet<Module>) -> Refs {
    let mut refs = Refs::default();
    let words = tokens(&source.code);
    // The module each token is in: the file's, or an inline `mod name { ... }` in it.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut within_module = Vec::with_capacity(words.len());
    for (k, w) in words.iter().enumerate() {
        match w.as_str() {
            "{" => {
                depth += 1;
                if k >= 2 && words[k - 2] == "mod" {
                    inline.push((words[k - 1].clone(), depth));
                }
            }
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            _ => {}
        }
        let mut module = if source.module == "crate" { Vec::new() } else { vec![source.module.clone()] };
        module.extend(inline.iter().map(|(n, _)| n.clone()));
        within_module.push(if module.is_empty() { "crate".to_string() } else { module.join("::") });
    }
    // `use` declarations.
    let mut i = 0;
    while i < words.len() {
        if words[i] == "use"
            && (i == 0 || matches!(words[i - 1].as_str(), ";" | "{" | "}" | "]" | "pub" | ")"))
        {
            let public = i > 0 && (words[i - 1] == "pub" || words[i - 1] == ")");
            let end = (i..words.len()).find(|&k| words[k] == ";").unwrap_or(words.len());
            let tree = words[i + 1..end].join(" ");
            let names = use_names(&words[i + 1..end]);
            for (n, path) in use_paths(&tree).into_iter().enumerate() {
                if let Some(abs) = absolute(&within_module[i], &path, modules) {
                    if public {
                        if let Some(name) = names.get(n).cloned().flatten() {
                            refs.reexports.insert(name, abs.clone());
                        }
                    }
                    refs.paths.push(abs);
                }
            }
            i = end;
        }
        i += 1;
    }
    // Inline paths: `crate::a::b`, `super::a`.
    for (k, w) in words.iter().enumerate() {
        let use_start = (k > 0 && words[k - 1] == "use") || (k > 1 && words[k - 1] == "::");
        if (w == "crate" || w == "super") && words.get(k + 1).is_some_and(|n| n == "::") && !use_start {
            let mut path = vec![w.clone()];
            let mut j = k + 1;
            while words.get(j).is_some_and(|n| n == "::")
                && words.get(j + 1).is_some_and(|n| ident_char(n.chars().next()))
            {
                path.push(words[j + 1].clone());
                j += 2;
            }
            if let Some(abs) = absolute(&within_module[k], &path, modules) {
                refs.paths.push(abs);
            }
        }
    }
    refs
}

/// For each path of a `use` tree (in [`use_paths`] order), the name it brings in (its
/// last segment or its `as` name), `None` for a glob.
fn use_names(t: &[String]) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < t.len() {
        let w = t[k].as_str();
        if ident_char(w.chars().next()) && w != "as" && t.get(k + 1).is_none_or(|n| n != "::") {
            if t.get(k + 1).is_some_and(|n| n == "as") {
                out.push(t.get(k + 2).cloned());
                k += 3;
                continue;
            }
            out.push(Some(w.to_string()));
        } else if w == "*" {
            out.push(None);
        }
        k += 1;
    }
    out
}

/// The module that defines what `path` names: its longest prefix that is a module, then
/// through that module's `pub use` re-exports.
fn resolve(
    path: &[String],
    modules: &BTreeSet<Module>,
    refs: &BTreeMap<Module, Refs>,
    depth: usize,
) -> Module {
    let mut module = "crate".to_string();
    let mut used = 0;
    for n in 1..=path.len() {
        let candidate = path[..n].join("::");
        if modules.contains(&candidate) {
            module = candidate;
            used = n;
        }
    }
    if depth < 8 {
        if let Some(name) = path.get(used) {
            if let Some(target) = refs.get(&module).and_then(|r| r.reexports.get(name)) {
                let mut next = target.clone();
                next.extend(path[used + 1..].iter().cloned());
                return resolve(&next, modules, refs, depth + 1);
            }
        }
    }
    module
}

fn within(module: &str, area: &str) -> bool {
    module == area || module.starts_with(&format!("{area}::"))
}

/// One module refers to the other, or to one of its submodules (and the other way).
fn related(a: &str, b: &str) -> bool {
    a == "crate" || b == "crate" || within(a, b) || within(b, a)
}

/// The module graph: for each module, the modules it refers to (its own ancestors and
/// descendants left out).
fn dependencies() -> BTreeMap<Module, BTreeSet<Module>> {
    let sources = sources();
    let modules: BTreeSet<Module> = sources.iter().map(|s| s.module.clone()).collect();
    let refs: BTreeMap<Module, Refs> =
        sources.iter().map(|s| (s.module.clone(), references(s, &modules))).collect();
    let mut graph = BTreeMap::new();
    for (module, r) in &refs {
        let deps: BTreeSet<Module> = r
            .paths
            .iter()
            .map(|p| resolve(p, &modules, &refs, 0))
            .filter(|dep| !related(module, dep))
            .collect();
        graph.insert(module.clone(), deps);
    }
    graph
}

/// Strongly connected groups of more than one module (Tarjan), each sorted.
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.out.push(group);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

#[test]
fn no_module_import_cycles() {
    let graph = dependencies();
    let found = cycles(&graph);
    println!("{} module import cycle(s)", found.len());
    for group in &found {
        let edges: Vec<String> = group
            .iter()
            .flat_map(|a| graph[a].iter().filter(|b| group.contains(b)).map(move |b| format!("{a} -> {b}")))
            .collect();
        println!("  {{{}}}: {}", group.join(", "), edges.join("; "));
    }
    assert!(found.is_empty(), "module import cycles: {found:?}");
}

#[test]
fn store_uses_no_upper_layer() {
    let graph = dependencies();
    let wrong: Vec<String> = graph
        .iter()
        .filter(|(m, _)| within(m, "store"))
        .flat_map(|(m, deps)| {
            deps.iter()
                .filter(|d| ABOVE_STORE.iter().any(|a| within(d, a)))
                .map(move |d| format!("{m} -> {d}"))
        })
        .collect();
    for w in &wrong {
        println!("  {w}");
    }
    assert!(wrong.is_empty(), "the store refers to upper layers: {wrong:?}");
}

#[test]
fn model_uses_only_itself_and_error() {
    let graph = dependencies();
    let wrong: Vec<String> = graph
        .iter()
        .filter(|(m, _)| within(m, "model"))
        .flat_map(|(m, deps)| {
            deps.iter()
                .filter(|d| !within(d, "model") && !BELOW_MODEL.contains(&d.as_str()))
                .map(move |d| format!("{m} -> {d}"))
        })
        .collect();
    assert!(wrong.is_empty(), "the model refers to other modules: {wrong:?}");
}

#[test]
fn the_parser_reads_groups_super_and_reexports() {
    let paths = use_paths("crate::{a, b::{self, c as d}, e::*}");
    let text: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(text, ["crate::a", "crate::b", "crate::b::c", "crate::e"]);
    assert_eq!(
        use_names(&tokens("crate::{a, b::{self, c as d}, e::*}")),
        [Some("a".into()), Some("self".into()), Some("d".into()), None]
    );
    let modules: BTreeSet<Module> =
        ["store", "store::people", "store::requests", "pipeline", "pipeline::stage"]
            .into_iter()
            .map(String::from)
            .collect();
    let source = Source {
        module: "store::requests".into(),
        code: strip(
            "use super::people; // crate::pipeline\nuse crate::pipeline::{Stage, stage::x};\nfn f() { let s = \"crate::import\"; super::super::pipeline::g(); }",
        ),
    };
    let refs = references(&source, &modules);
    let text: Vec<String> = refs.paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(text, ["store::people", "pipeline::Stage", "pipeline::stage::x", "pipeline::g"]);
    let mut all = BTreeMap::new();
    let mut pipeline = Refs::default();
    pipeline.reexports.insert("Stage".into(), vec!["pipeline".into(), "stage".into(), "Stage".into()]);
    all.insert("pipeline".to_string(), pipeline);
    assert_eq!(resolve(&refs.paths[1], &modules, &all, 0), "pipeline::stage");
    assert_eq!(resolve(&refs.paths[3], &modules, &all, 0), "pipeline");
    let graph: BTreeMap<Module, BTreeSet<Module>> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .map(|(x, y)| (x.to_string(), BTreeSet::from([y.to_string()])))
        .collect();
    assert_eq!(cycles(&graph), [["a", "b", "c"]]);
}
