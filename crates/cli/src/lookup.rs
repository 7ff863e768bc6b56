//! Resolving what a user typed into records, with the CLI's one convenience:
//! `me` means the current rep.

use intrograph_engine::model::{Person, Target};
use intrograph_engine::store::{self, people, reps, Store};
use intrograph_engine::Result;

fn is_me(query: &str) -> bool {
    query.trim().eq_ignore_ascii_case("me")
}

/// A person by id, email or name; `me` is the current rep.
pub fn person(store: &Store, query: &str) -> Result<Person> {
    if is_me(query) {
        let rep = reps::current_rep(store.conn())?;
        return people::get(store.conn(), rep.person_id);
    }
    people::resolve_person(store.conn(), query)
}

/// A person or an organisation; `me` is the current rep.
pub fn target(store: &Store, query: &str) -> Result<Target> {
    if is_me(query) {
        return Ok(Target::Person(person(store, query)?.id));
    }
    store::resolve_target(store.conn(), query)
}
