//! Two writers at once: two `intrograph` processes adding people one command at a time,
//! and the engine (as the app would) writing from a thread of this process, all on one
//! new database file. Afterwards every write is there and the file is whole.

mod common;

use std::process::Command;
use std::sync::{Arc, Barrier};

use common::Db;
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::{health, Page, Store};

const CLI_WRITES: usize = 30;
const ENGINE_WRITES: usize = 150;

fn cli_writer(path: std::path::PathBuf, config: std::path::PathBuf, who: &'static str, start: Arc<Barrier>) {
    start.wait();
    for i in 0..CLI_WRITES {
        let out = Command::new(env!("CARGO_BIN_EXE_intrograph"))
            .arg("--db")
            .arg(&path)
            .args(["person", "add", &format!("{who} {i}"), "--email", &format!("{i}@{who}.example")])
            .env_remove("INTROGRAPH_DB")
            .env("INTROGRAPH_CONFIG", &config)
            .output()
            .unwrap();
        assert!(out.status.success(), "{who} {i}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn two_cli_processes_and_the_engine_write_at_once_without_losing_a_write() {
    let db = Db::new();
    let config = db.path.with_extension("config.json");
    // All three start together on a file that does not exist yet: creating and migrating
    // it is part of the race.
    let start = Arc::new(Barrier::new(3));
    let writers: Vec<_> = ["cli-one", "cli-two"]
        .into_iter()
        .map(|who| {
            let (path, config, start) = (db.path.clone(), config.clone(), start.clone());
            std::thread::spawn(move || cli_writer(path, config, who, start))
        })
        .collect();
    let engine = {
        let (path, start) = (db.path.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            let mut store = Store::open(&path).unwrap();
            for i in 0..ENGINE_WRITES {
                store
                    .write(|tx| {
                        people::add(
                            tx,
                            &PersonInput {
                                full_name: format!("app {i}"),
                                emails: vec![format!("{i}@app.example")],
                                ..PersonInput::default()
                            },
                        )
                    })
                    .unwrap();
            }
        })
    };
    for w in writers {
        w.join().unwrap();
    }
    engine.join().unwrap();

    let store = Store::open(&db.path).unwrap();
    assert_eq!(health::integrity_check(store.conn()).unwrap(), Vec::<String>::new());
    let names: std::collections::HashSet<String> =
        people::list(store.conn(), Page::ALL).unwrap().into_iter().map(|p| p.full_name).collect();
    assert_eq!(names.len(), 2 * CLI_WRITES + ENGINE_WRITES);
    for who in ["cli-one", "cli-two"] {
        for i in 0..CLI_WRITES {
            assert!(names.contains(&format!("{who} {i}")), "{who} {i} is missing");
        }
    }
    for i in 0..ENGINE_WRITES {
        assert!(names.contains(&format!("app {i}")), "app {i} is missing");
    }
    assert!(db.ok(&["db", "check"]).contains("passed"));
}
