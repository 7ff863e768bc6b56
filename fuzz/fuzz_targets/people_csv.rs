#![no_main]
//! Any bytes as a people CSV: an import succeeds or fails cleanly, never panics.

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::store::Store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut store = Store::open_in_memory().unwrap();
    let _ = import::people_from_reader(&mut store, "fuzz.csv", data, &ImportOptions::default());
});
