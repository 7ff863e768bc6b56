//! Shared harness for the CLI tests: the real `intrograph` binary on a temporary database.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub struct Db {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("net.db");
        Self { _dir: dir, path }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_intrograph"))
            .arg("--db")
            .arg(&self.path)
            .args(args)
            .env_remove("INTROGRAPH_DB")
            .env("INTROGRAPH_CONFIG", self.path.with_extension("config.json"))
            .output()
            .unwrap()
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Runs and expects failure; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }

    /// People, relationships, reps and organisations as JSON, read through the CLI,
    /// to compare before and after a failed command.
    pub fn dump(&self) -> String {
        [&["person", "list", "--limit", "1000"][..], &["rel", "list"], &["rep", "list"], &["org", "list"]]
            .iter()
            .map(|args| self.ok(&[&["--json"][..], args].concat()))
            .collect()
    }
}
