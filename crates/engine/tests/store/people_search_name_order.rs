//! Name search through the index keyed in name order (migration 0007) pages through
//! exactly the people the search rule picks, in name order then id, with more people
//! than the first-names window holds: names share long beginnings (many people per
//! bucket of the index), some begin with characters outside a..z, and people are
//! renamed, lose emails and jobs, and are removed after they were added.

use crate::search_common;

use intrograph_engine::model::PersonId;
use intrograph_engine::store::organisations::{self, OrganisationPatch};
use intrograph_engine::store::people::{self, PersonInput, PersonPatch, SEARCH_WINDOW};
use intrograph_engine::store::{json_backup, Page, Store};
use proptest::prelude::*;
use uuid::Uuid;

const FIRST: &[&str] = &[
    "Ann",
    "Anna",
    "Annabel",
    "Anne-Marie",
    "Yuki",
    "Yusuf",
    "Yara",
    "Uma",
    "Umar",
    "Zoë",
    "Élodie",
    "Ömer",
    "Åsa",
    "O'Neil",
    "R2",
    "42",
    "Ann Lee",
    "Bo",
    "Ximena",
    "Mia",
];
const LAST: &[&str] = &["Lee", "Leeds", "Yu", "Müller", "Stone", "Ng", "Okafor", "Ruiz", "Åberg", "9lives"];
const ORGS: &[&str] = &["Acme Corp", "Yuzu Labs", "Initech", "Ümlaut", "Annex"];
const TEXTS: &[&str] = &[
    "a", "an", "ann", "anna", "y", "yu", "yuk", "yara", "uma", "um", "lee", "le", "ö", "öm", "é", "élo", "2",
    "42", "9l", "o'n", "on", "zoë", "yuz", "labs", "@ex", "e.c", "ng", "ümla", "x", "mia ng", "q",
];

#[derive(Clone, Debug)]
struct Someone {
    first: usize,
    last: usize,
    email: bool,
    org: Option<usize>,
}

fn someone() -> impl Strategy<Value = Someone> {
    (0..FIRST.len(), 0..LAST.len(), any::<bool>(), prop::option::of(0..ORGS.len()))
        .prop_map(|(first, last, email, org)| Someone { first, last, email, org })
}

#[derive(Clone, Debug)]
enum Change {
    Rename(usize, usize, usize),
    DropEmails(usize),
    Remove(usize),
    RenameOrg(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (any::<usize>(), 0..FIRST.len(), 0..LAST.len()).prop_map(|(p, f, l)| Change::Rename(p, f, l)),
        1 => any::<usize>().prop_map(Change::DropEmails),
        2 => any::<usize>().prop_map(Change::Remove),
        1 => (0..ORGS.len()).prop_map(Change::RenameOrg),
    ]
}

/// The rule, person by person, ordered by name key then id: the ids of every match.
fn expected(store: &Store, text: &str) -> Vec<PersonId> {
    search_common::by_rule(store, text).into_iter().map(|p| p.id).collect()
}

fn searched(store: &Store, text: &str, page: Page) -> Vec<PersonId> {
    people::search(store.conn(), text, page).unwrap().into_iter().map(|p| p.id).collect()
}

fn build(people_in: &[Someone], changes: &[Change]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            for (i, s) in people_in.iter().enumerate() {
                let mut input = PersonInput::named(format!("{} {}", FIRST[s.first], LAST[s.last]));
                // Ids in an order unrelated to the order people were added in.
                input.id = Some(PersonId(Uuid::from_u128(
                    (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835),
                )));
                if s.email {
                    let local: String =
                        FIRST[s.first].to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
                    input.emails = vec![format!("{local}.{i}@example.com")];
                }
                input.organisation = s.org.map(|o| ORGS[o].to_string());
                people::add(tx, &input)?;
            }
            Ok(())
        })
        .unwrap();
    for c in changes {
        let ids: Vec<PersonId> =
            people::list(store.conn(), Page::ALL).unwrap().into_iter().map(|p| p.id).collect();
        store
            .write(|tx| {
                match *c {
                    Change::Rename(p, f, l) => {
                        let name = format!("{} {}", FIRST[f], LAST[l]);
                        let patch = PersonPatch { full_name: Some(name), ..Default::default() };
                        people::edit(tx, ids[p % ids.len()], &patch)?;
                    }
                    Change::DropEmails(p) => {
                        let patch = PersonPatch { emails: Some(Vec::new()), ..Default::default() };
                        people::edit(tx, ids[p % ids.len()], &patch)?;
                    }
                    Change::Remove(p) => {
                        people::remove(tx, ids[p % ids.len()])?;
                    }
                    Change::RenameOrg(o) => {
                        if let Some(org) = organisations::find_by_name(tx, ORGS[o])? {
                            let patch = OrganisationPatch {
                                name: Some(format!("Aa {}", ORGS[o])),
                                ..Default::default()
                            };
                            organisations::edit(tx, org, &patch)?;
                        }
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    store
}

const PAGES: &[Page] = &[
    Page { offset: 0, limit: 20 },
    Page { offset: 0, limit: 1 },
    Page { offset: 3, limit: 5 },
    Page { offset: 20, limit: 20 },
    Page { offset: 290, limit: 20 },
    Page { offset: 0, limit: 0 },
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10))]
    #[test]
    fn pages_agree_with_the_rule(
        people_in in prop::collection::vec(someone(), SEARCH_WINDOW as usize + 1..SEARCH_WINDOW as usize + 120),
        changes in prop::collection::vec(change(), 0..30),
    ) {
        let store = build(&people_in, &changes);
        for text in TEXTS {
            let all = expected(&store, text);
            prop_assert_eq!(&searched(&store, text, Page::ALL), &all, "{:?}, every match", text);
            for page in PAGES {
                let want: Vec<PersonId> =
                    all.iter().skip(page.offset as usize).take(page.limit as usize).copied().collect();
                prop_assert_eq!(searched(&store, text, *page), want, "{:?} {:?}", text, page);
            }
        }
    }
}

#[test]
fn a_restored_backup_searches_like_the_original() {
    let people_in: Vec<Someone> = (0..400)
        .map(|i| Someone {
            first: (i * 7) % FIRST.len(),
            last: (i * 3) % LAST.len(),
            email: i % 2 == 0,
            org: Some(i % ORGS.len()),
        })
        .collect();
    let store = build(&people_in, &[Change::Rename(5, 4, 2), Change::Remove(9)]);
    let mut backup = Vec::new();
    json_backup::write(&store, &mut backup).unwrap();
    let mut restored = Store::open_in_memory().unwrap();
    json_backup::restore(&mut restored, "backup.json", &backup[..], false).unwrap();
    for text in TEXTS {
        assert_eq!(searched(&restored, text, Page::ALL), expected(&restored, text), "{text:?}");
        assert_eq!(
            searched(&restored, text, Page::first(20)),
            searched(&store, text, Page::first(20)),
            "{text:?}"
        );
    }
}
