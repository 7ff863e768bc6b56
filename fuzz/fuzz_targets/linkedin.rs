#![no_main]
//! Any bytes as a Connections.csv (Linkedin contacts import): the import succeeds or fails cleanly,
//! never panics; every record read is counted in the report, and a failed import stores nothing.

use intrograph_engine::import::{self, Format, ImportOptions};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{people, reps, Store};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut store = Store::open_in_memory().unwrap();
    store.write(|tx| reps::add_new(tx, &PersonInput::named("Sam Rivera"))).unwrap();
    let result = import::contacts_from_reader(
        &mut store,
        Format::Linkedin,
        "Connections.csv",
        data,
        None,
        &ImportOptions::default(),
        &mut |_| {},
    );
    let stored = people::count(store.conn()).unwrap() - 1;
    match result {
        Ok(r) => {
            assert_eq!(r.rows, r.added + r.updated + r.merged + r.unchanged + r.skipped);
            assert!(stored <= r.added);
            for s in &r.skips {
                assert!(s.location.starts_with("Connections.csv") && s.location.contains("line "));
            }
            for c in &r.changes {
                assert!(c.location.starts_with("Connections.csv") && c.location.contains("line "));
            }
        }
        Err(_) => assert_eq!(stored, 0),
    }
});
