#![no_main]
//! Any bytes as an mbox, an `.ics` and a LinkedIn `messages.csv`: the readers hand on what
//! they can, or fail cleanly, never panic.

use intrograph_engine::import::{ics, mail, messages};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mail::read_mbox(data, "fuzz.mbox", &mut |_| Ok(()));
    let _ = ics::read(data, "fuzz.ics", chrono::Utc::now(), &mut |_| Ok(()));
    let _ = messages::read(data, "fuzz.csv", "Sam Rivera", &mut |_| Ok(()));
});
