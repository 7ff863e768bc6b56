//! Resolving what a user typed into a person (`me` means the current rep): the
//! application layer's, under the name the command line's modules use.

pub use intrograph_app_core::find::resolve_person as person;
