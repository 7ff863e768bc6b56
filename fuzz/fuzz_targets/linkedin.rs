#![no_main]
//! Any bytes as a Connections.csv (LinkedIn contacts import); the checks are in `contacts.rs`.

use intrograph_engine::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "contacts.rs"]
mod contacts;

fuzz_target!(|data: &[u8]| contacts::check(Format::Linkedin, "Connections.csv", data));
