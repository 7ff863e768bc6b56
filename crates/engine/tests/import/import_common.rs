//! Shared helpers of the import and export tests.
#![allow(dead_code)]

use std::path::PathBuf;

use intrograph_engine::import::{self, Format, ImportOptions, ImportReport};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{network, people, reps, Page, Store};
use intrograph_engine::Result;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// An empty workspace with a current rep, Sam Rivera.
pub fn workspace() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            reps::add_new(
                tx,
                &PersonInput { emails: vec!["sam@ourco.com".into()], ..PersonInput::named("Sam Rivera") },
            )
        })
        .unwrap();
    store
}

pub fn import_file(
    store: &mut Store,
    format: Format,
    name: &str,
    options: &ImportOptions,
) -> Result<ImportReport> {
    import::contacts(store, format, &fixture(name), options, &mut |_| {})
}

pub fn dry() -> ImportOptions {
    ImportOptions { dry_run: true, ..ImportOptions::default() }
}

/// Everything stored, as one comparable value.
pub fn snapshot(store: &Store) -> String {
    let mut data = network::load(store).unwrap();
    data.people.sort_by_key(|p| p.id);
    data.organisations.sort_by_key(|o| o.id);
    data.employments.sort_by_key(|e| e.id);
    data.relationships.sort_by_key(|r| r.id);
    let people = people::list(store.conn(), Page::ALL).unwrap();
    format!("{data:?}\n{people:?}")
}

/// The report without the fields a dry run sets differently.
pub fn counts(r: &ImportReport) -> ImportReport {
    ImportReport { dry_run: false, ..r.clone() }
}
