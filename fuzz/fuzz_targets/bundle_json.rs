#![no_main]
//! Any bytes as a bundle: parsed, checked and merged, or refused; never panics.

use intrograph_engine::store::bundle::{self, Bundle};
use intrograph_engine::store::Store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = serde_json::from_slice::<Bundle>(data) else { return };
    if bundle::check(&parsed).is_ok() {
        let _ = bundle::import(&mut Store::open_in_memory().unwrap(), &parsed);
    }
});
