//! Name search through the trigram index returns exactly what the search rule
//! says (name, an email, or an organisation contains the text), after any mix of
//! additions, edits, employment changes, organisation renames and removals.

use crate::search_common;

use std::collections::HashSet;

use intrograph_engine::model::{name_key, PersonId};
use intrograph_engine::store::browse::{self, PeopleSort};
use intrograph_engine::store::organisations::{self, EmploymentInput, OrganisationPatch};
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::{Page, Store};
use proptest::prelude::*;

/// The rule, evaluated person by person without any index.
fn expected(store: &Store, text: &str) -> Vec<String> {
    search_common::by_rule(store, text).into_iter().map(|p| p.full_name).collect()
}

fn searched(store: &Store, text: &str) -> Vec<String> {
    people::search(store.conn(), text, Page::ALL).unwrap().into_iter().map(|p| p.full_name).collect()
}

const NAMES: &[&str] = &["Ann Lee", "Anna Leeds", "Bob O'Brien", "Hannah Stone", "Ximena Ruiz", "Zoë Åberg"];
const ORGS: &[&str] = &["Acme Corp", "Initech", "Globex Labs", "Anneal Metals"];
const QUERIES: &[&str] = &[
    "a", "an", "ann", "anna", "lee", "obri", "o'bri", "acm", "labs", "nne", "zoë", "åbe", "@ex", "xample.c",
    "zzz", "tech",
];

/// Titles: the people list (not the name search) matches them too.
const TITLES: &[&str] = &["", "VP Sales", "Annealing Engineer", "CTO", "Head of Partnerships"];
/// Texts for the people list: the name search's, titles' and the empty text.
const LIST_QUERIES: &[&str] =
    &["", "sales", "eer", "ann", "ea", "cto", "ship", "lee", "p1@exa", "Åbe", "zzz"];

#[derive(Clone, Debug)]
enum Op {
    Add(usize, usize, bool),
    Rename(usize, usize),
    SetEmail(usize, usize),
    Employ(usize, usize),
    EndOrRemoveJob(usize, bool),
    RenameOrg(usize, usize),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..NAMES.len(), 0..ORGS.len(), any::<bool>()).prop_map(|(n, o, e)| Op::Add(n, o, e)),
        1 => (0..20usize, 0..NAMES.len()).prop_map(|(p, n)| Op::Rename(p, n)),
        1 => (0..20usize, 0..5usize).prop_map(|(p, e)| Op::SetEmail(p, e)),
        1 => (0..20usize, 0..ORGS.len()).prop_map(|(p, o)| Op::Employ(p, o)),
        1 => (0..20usize, any::<bool>()).prop_map(|(p, r)| Op::EndOrRemoveJob(p, r)),
        1 => (0..ORGS.len(), 0..ORGS.len()).prop_map(|(o, n)| Op::RenameOrg(o, n)),
        1 => (0..20usize).prop_map(Op::Remove),
    ]
}

fn apply(store: &mut Store, op: &Op) {
    let ids: Vec<_> = people::list(store.conn(), Page::ALL).unwrap().into_iter().map(|p| p.id).collect();
    let pick = |i: usize| (!ids.is_empty()).then(|| ids[i % ids.len()]);
    store
        .write(|tx| {
            match *op {
                Op::Add(n, o, email) => {
                    let mut input = PersonInput::named(NAMES[n]);
                    input.organisation = Some(ORGS[o].into());
                    input.title = TITLES[(n + o) % TITLES.len()].into();
                    if email {
                        input.emails = vec![format!("p{}@example.com", ids.len())];
                    }
                    people::add(tx, &input)?;
                }
                Op::Rename(p, n) => {
                    if let Some(id) = pick(p) {
                        people::edit(
                            tx,
                            id,
                            &PersonPatch { full_name: Some(NAMES[n].into()), ..Default::default() },
                        )?;
                    }
                }
                Op::SetEmail(p, e) => {
                    if let Some(id) = pick(p) {
                        let emails = if e == 0 { vec![] } else { vec![format!("who{e}@anneal.example")] };
                        people::edit(tx, id, &PersonPatch { emails: Some(emails), ..Default::default() })?;
                    }
                }
                Op::Employ(p, o) => {
                    if let Some(id) = pick(p) {
                        let org = organisations::find_or_add(tx, ORGS[o])?;
                        organisations::add_employment(
                            tx,
                            &EmploymentInput {
                                person_id: id,
                                organisation_id: org.id,
                                title: String::new(),
                                start: None,
                                end: None,
                                current: false,
                            },
                        )?;
                    }
                }
                Op::EndOrRemoveJob(p, remove) => {
                    if let Some(id) = pick(p) {
                        if let Some(pos) = organisations::positions(tx, id)?.first() {
                            if remove {
                                organisations::remove_employment(tx, pos.employment.id)?;
                            } else if pos.employment.current {
                                organisations::end_employment(tx, pos.employment.id, None)?;
                            }
                        }
                    }
                }
                Op::RenameOrg(o, n) => {
                    let name = format!("{} {}", ORGS[n], o);
                    // Renaming onto a name already taken is refused (tested elsewhere).
                    let taken = organisations::find_by_name(tx, &name)?.is_some();
                    if let (Some(org), false) = (organisations::find_by_name(tx, ORGS[o])?, taken) {
                        organisations::edit(
                            tx,
                            org,
                            &OrganisationPatch { name: Some(name), ..Default::default() },
                        )?;
                    }
                }
                Op::Remove(p) => {
                    if let Some(id) = pick(p) {
                        people::remove(tx, id)?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn indexed_search_matches_the_rule(ops in prop::collection::vec(op(), 1..25)) {
        let mut store = Store::open_in_memory().unwrap();
        for op in &ops {
            apply(&mut store, op);
        }
        for q in QUERIES {
            prop_assert_eq!(searched(&store, q), expected(&store, q), "query {:?}", q);
        }
    }
}

/// The people list's rule: the name search's, or the title holds the text.
fn listed_by_rule(store: &Store, text: &str) -> Vec<PersonId> {
    let lower = text.trim().to_lowercase();
    let by_name: HashSet<PersonId> = search_common::by_rule(store, text).into_iter().map(|p| p.id).collect();
    let mut all = people::list(store.conn(), Page::ALL).unwrap();
    all.retain(|p| by_name.contains(&p.id) || p.title.to_lowercase().contains(&lower));
    all.sort_by(|a, b| name_key(&a.full_name).cmp(&name_key(&b.full_name)).then(a.id.cmp(&b.id)));
    all.into_iter().map(|p| p.id).collect()
}

fn listed(store: &Store, text: &str, sort: PeopleSort, page: Page) -> (u32, Vec<PersonId>) {
    let page = browse::people(store.conn(), text, sort, page).unwrap();
    (page.total, page.rows.into_iter().map(|r| r.id).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// The Network screen's list reads typed text through the name-search index and the
    /// titles' index; it lists exactly whom the rule names, in every sort, page by page.
    #[test]
    fn the_people_list_matches_its_rule(ops in prop::collection::vec(op(), 1..25)) {
        let mut store = Store::open_in_memory().unwrap();
        for op in &ops {
            apply(&mut store, op);
        }
        for q in LIST_QUERIES {
            let want = listed_by_rule(&store, q);
            let (total, by_name) = listed(&store, q, PeopleSort::Name, Page::ALL);
            prop_assert_eq!(total as usize, want.len(), "query {:?}", q);
            prop_assert_eq!(&by_name, &want, "query {:?}", q);
            let (_, desc) = listed(&store, q, PeopleSort::NameDesc, Page::ALL);
            prop_assert_eq!(desc, want.iter().rev().copied().collect::<Vec<_>>(), "query {:?}", q);
            // No one has a relationship here: the most connected are in name order.
            prop_assert_eq!(listed(&store, q, PeopleSort::MostConnected, Page::ALL), (total, want.clone()));
            let mut newest: Vec<_> = people::list(store.conn(), Page::ALL)
                .unwrap()
                .into_iter()
                .filter(|p| want.contains(&p.id))
                .map(|p| (p.created_at, p.id))
                .collect();
            newest.sort_by(|a, b| b.cmp(a));
            let newest: Vec<PersonId> = newest.into_iter().map(|(_, id)| id).collect();
            prop_assert_eq!(listed(&store, q, PeopleSort::RecentlyAdded, Page::ALL), (total, newest), "query {:?}", q);
            // Pages of two cut the same list.
            let mut paged = Vec::new();
            for offset in (0..want.len() as u64 + 2).step_by(2) {
                paged.extend(listed(&store, q, PeopleSort::Name, Page { offset, limit: 2 }).1);
            }
            prop_assert_eq!(paged, want, "query {:?} in pages", q);
        }
    }
}

#[test]
fn search_finds_substrings_and_pages_in_name_order() {
    let mut store = Store::open_in_memory().unwrap();
    for op in [Op::Add(0, 0, true), Op::Add(1, 3, false), Op::Add(3, 2, true), Op::Add(2, 1, false)] {
        apply(&mut store, &op);
    }
    assert_eq!(searched(&store, "anne"), vec!["Anna Leeds"], "through the organisation");
    assert_eq!(searched(&store, "ann"), vec!["Ann Lee", "Anna Leeds", "Hannah Stone"]);
    assert_eq!(searched(&store, "O'Brien"), vec!["Bob O'Brien"]);
    assert_eq!(searched(&store, "p2@exam"), vec!["Hannah Stone"]);
    let second = people::search(store.conn(), "ann", Page { offset: 1, limit: 1 }).unwrap();
    assert_eq!(second.into_iter().map(|p| p.full_name).collect::<Vec<_>>(), vec!["Anna Leeds"]);
    assert!(searched(&store, "\"").is_empty(), "a quote is searched as text");
}
