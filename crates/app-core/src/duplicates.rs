//! Likely duplicates: the list with its evidence, dismissing a pair, and the likely
//! duplicates among the people an import added or changed (`intrograph_engine::duplicates`).
//! Merging a pair is [`crate::people::merge`].

use std::collections::HashSet;

use intrograph_engine::duplicates::{self, LikelyDuplicate};
use intrograph_engine::model::PersonId;
use intrograph_engine::store::{duplicates as stored, people};
use intrograph_engine::Result;

use crate::views::duplicates::{Dismissed, DuplicatesView};
use crate::workspace::Workspace;

/// Most pairs one list may hold.
pub const MAX_LISTED: u32 = 500;

/// The likely duplicates, best first: the first `limit` (at most [`MAX_LISTED`]) with the count.
pub fn list(workspace: &Workspace, limit: u32) -> Result<DuplicatesView> {
    let (mut pairs, dismissed) = workspace.with_network(|store, network| {
        let pairs = duplicates::find(store.conn(), network, None)?;
        Ok((pairs, stored::dismissed_count(store.conn())?))
    })?;
    let total = pairs.len() as u32;
    pairs.truncate(limit.min(MAX_LISTED) as usize);
    Ok(DuplicatesView { pairs, total, dismissed: dismissed as u32 })
}

/// Records that `a` and `b` are two people: the pair is never proposed again.
pub fn dismiss(workspace: &Workspace, a: PersonId, b: PersonId) -> Result<Dismissed> {
    let mut store = workspace.store()?;
    let newly = store.write(|tx| stored::dismiss(tx, a, b))?;
    Ok(Dismissed { a_name: people::name(store.conn(), a)?, b_name: people::name(store.conn(), b)?, newly })
}

/// [`dismiss`], the two people given as the user typed them (an id, an email or a whole name).
pub fn dismiss_named(workspace: &Workspace, a: &str, b: &str) -> Result<Dismissed> {
    let (a, b) = {
        let store = workspace.store()?;
        (people::resolve_exactly(store.conn(), a)?.id, people::resolve_exactly(store.conn(), b)?.id)
    };
    dismiss(workspace, a, b)
}

/// The likely duplicates with at least one of `people` in them, best first.
pub fn among(workspace: &Workspace, people: &[PersonId]) -> Result<Vec<LikelyDuplicate>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let set: HashSet<PersonId> = people.iter().copied().collect();
    workspace.with_network(|store, network| duplicates::find(store.conn(), network, Some(&set)))
}

/// The import report's line about `found`, `None` when there are none.
pub fn import_note(found: &[LikelyDuplicate]) -> Option<String> {
    let first = found.first()?;
    let n = found.len();
    Some(format!(
        "{} among the people this import added or changed, such as {} and {} ({}); review them under Network, Possible duplicates, or with `intrograph duplicates`",
        intrograph_engine::import::plural(n as u64, "likely duplicate", "likely duplicates"),
        first.keep.name,
        first.other.name,
        first.evidence.first().map_or("", |e| e.detail.as_str()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use intrograph_engine::store::people::PersonInput;

    fn add(w: &Workspace, name: &str, org: &str) -> PersonId {
        let input =
            PersonInput { full_name: name.into(), organisation: Some(org.into()), ..Default::default() };
        crate::people::add(w, &input).unwrap().id
    }

    #[test]
    fn the_list_counts_pairs_and_dismissals_and_a_merge_empties_it() {
        let w = Workspace::in_memory();
        let bob = add(&w, "Bob Smith", "Acme");
        let robert = add(&w, "Robert Smith", "Acme");
        let bill = add(&w, "Bill Jones", "Globex");
        let william = add(&w, "William Jones", "Globex");
        let view = list(&w, 1).unwrap();
        assert_eq!((view.pairs.len(), view.total, view.dismissed), (1, 2, 0));

        let d = dismiss_named(&w, "Bill Jones", "William Jones").unwrap();
        assert!(d.newly);
        assert_eq!((d.a_name.as_str(), d.b_name.as_str()), ("Bill Jones", "William Jones"));
        assert!(!dismiss(&w, william, bill).unwrap().newly);
        let view = list(&w, 50).unwrap();
        assert_eq!((view.total, view.dismissed), (1, 1));
        let pair = &view.pairs[0];
        assert_eq!(HashSet::from([pair.keep.id, pair.other.id]), HashSet::from([bob, robert]));

        crate::people::merge(&w, pair.keep.id, pair.other.id).unwrap();
        let view = list(&w, 50).unwrap();
        assert_eq!((view.total, view.dismissed), (0, 1));
    }

    #[test]
    fn among_lists_only_pairs_with_the_people_given_and_the_note_names_one() {
        let w = Workspace::in_memory();
        add(&w, "Bob Smith", "Acme");
        add(&w, "Robert Smith", "Acme");
        add(&w, "Bill Jones", "Globex");
        let william = add(&w, "William Jones", "Globex");
        let found = among(&w, &[william]).unwrap();
        assert_eq!(found.len(), 1);
        let note = import_note(&found).unwrap();
        assert!(
            note.starts_with("1 likely duplicate among the people this import added or changed, such as "),
            "{note}"
        );
        assert!(note.contains("Bill is short for William, both at Globex"), "{note}");
        assert!(among(&w, &[]).unwrap().is_empty());
        assert_eq!(import_note(&[]), None);
    }
}
