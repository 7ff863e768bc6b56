//! The search rule evaluated person by person, without any index: what every name-search
//! test compares `people::search` with.

use intrograph_engine::model::{name_key, Person};
use intrograph_engine::store::{organisations, people, Page, Store};

/// Everyone `text` matches (their name, an email, or an organisation contains it),
/// ordered by name key, then id.
pub fn by_rule(store: &Store, text: &str) -> Vec<Person> {
    let key = name_key(text);
    let lower = text.trim().to_lowercase();
    let mut found: Vec<Person> = people::list(store.conn(), Page::ALL)
        .unwrap()
        .into_iter()
        .filter(|p| {
            name_key(&p.full_name).contains(&key)
                || p.emails.iter().any(|e| e.contains(&lower))
                || organisations::positions(store.conn(), p.id)
                    .unwrap()
                    .iter()
                    .any(|pos| name_key(&pos.organisation_name).contains(&key))
        })
        .collect();
    found.sort_by(|a, b| name_key(&a.full_name).cmp(&name_key(&b.full_name)).then(a.id.cmp(&b.id)));
    found
}
