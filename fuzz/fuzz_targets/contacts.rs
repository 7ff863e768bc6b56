//! Shared by the contacts targets: any bytes as a contacts file of one format. The import
//! succeeds or fails cleanly, never panics; every record read is counted in the report and
//! located by its line, and a failed import stores nothing.

use intrograph_engine::import::{self, Format, ImportOptions};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::{people, reps, Store};

pub fn check(format: Format, file: &str, data: &[u8]) {
    let mut store = Store::open_in_memory().unwrap();
    store.write(|tx| reps::add_new(tx, &PersonInput::named("Sam Rivera"))).unwrap();
    let result = import::contacts_from_reader(
        &mut store,
        format,
        file,
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
                assert!(s.location.starts_with(file) && s.location.contains("line "));
            }
            for c in &r.changes {
                assert!(c.location.starts_with(file) && c.location.contains("line "));
            }
        }
        Err(_) => assert_eq!(stored, 0),
    }
}
