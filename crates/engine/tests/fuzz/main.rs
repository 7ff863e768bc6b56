//! Hostile and huge inputs: every reader and restore fails cleanly, never panics.
//!
//! One test binary; each module was a binary of its own.

// First: its `target!` macro is in scope only after it.
#[macro_use]
mod support;

mod fuzz_bundle;
mod fuzz_contacts;
mod fuzz_huge_inputs;
mod fuzz_mail;
mod fuzz_people_csv;
mod fuzz_relationships_csv;
mod fuzz_settings;
