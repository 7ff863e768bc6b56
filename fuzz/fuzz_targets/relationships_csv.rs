#![no_main]
//! Any bytes as a relationships CSV (between people who exist): never panics.

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::Store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            for (name, email) in [("Ann Lee", "ann@acme.com"), ("Bob Stone", "bob@globex.com")] {
                people::add(
                    tx,
                    &PersonInput { full_name: name.into(), emails: vec![email.into()], ..Default::default() },
                )?;
            }
            Ok(())
        })
        .unwrap();
    let _ = import::relationships_from_reader(&mut store, "ties.csv", data, &ImportOptions::default());
});
