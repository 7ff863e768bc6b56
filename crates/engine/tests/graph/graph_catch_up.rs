//! A saved graph brought up to date: after any mix of changes to people,
//! organisations, employments and relationships, made by any writer, the next load
//! reads the file, applies what changed, and answers exactly as a graph built from
//! the tables would.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use intrograph_engine::graph::Network;
use intrograph_engine::model::{OrganisationId, PersonId, RelationshipKind};
use intrograph_engine::paths::{self, PathOptions};
use intrograph_engine::store::{graph_snapshot, Store};
use intrograph_engine::suggest;
use intrograph_engine::weight::WeightParams;
use proptest::prelude::*;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

const NOW: &str = "2026-10-01 12:00:00.000+00:00";

fn person(i: u32) -> Uuid {
    // Spread over the id space so that byte order differs from creation order.
    Uuid::from_u128(u128::from(i.wrapping_mul(2_654_435_761)) << 64 | u128::from(i))
}

fn organisation(i: u32) -> Uuid {
    Uuid::from_u128(0xA000_0000 + u128::from(i))
}

/// Every id a test has created, to compare the two graphs over.
#[derive(Default)]
struct Ids {
    people: BTreeSet<Uuid>,
    organisations: BTreeSet<Uuid>,
    next: u32,
}

impl Ids {
    fn fresh(&mut self) -> u32 {
        self.next += 1;
        self.next
    }
}

fn add_person(c: &Connection, ids: &mut Ids) {
    let i = ids.fresh();
    let name = format!("Person {i}");
    c.execute(
        "INSERT INTO people (id, full_name, name_key, created_at, updated_at) VALUES (?1, ?2, lower(?2), ?3, ?3)",
        params![person(i), name, NOW],
    )
    .unwrap();
    ids.people.insert(person(i));
}

fn add_organisation(c: &Connection, ids: &mut Ids) {
    let i = ids.fresh();
    c.execute(
        "INSERT INTO organisations (id, name, name_key, created_at, updated_at) VALUES (?1, ?2, lower(?2), ?3, ?3)",
        params![organisation(i), format!("Org {i}"), NOW],
    )
    .unwrap();
    ids.organisations.insert(organisation(i));
}

/// The `pick`-th row of `sql` (a list of ids), if there are any.
fn nth(c: &Connection, sql: &str, pick: u32) -> Option<Uuid> {
    let n: i64 = c.query_row(&format!("SELECT count(*) FROM ({sql})"), [], |r| r.get(0)).unwrap();
    if n == 0 {
        return None;
    }
    c.query_row(&format!("{sql} ORDER BY 1 LIMIT 1 OFFSET ?1"), [i64::from(pick) % n], |r| r.get(0))
        .optional()
        .unwrap()
}

fn ordered(a: Uuid, b: Uuid) -> (Uuid, Uuid) {
    if a.as_bytes() < b.as_bytes() {
        (a, b)
    } else {
        (b, a)
    }
}

fn add_relationship(c: &Connection, ids: &mut Ids, x: u32, y: u32) {
    let (Some(p), Some(q)) = (nth(c, "SELECT id FROM people", x), nth(c, "SELECT id FROM people", y)) else {
        return;
    };
    if p == q {
        return;
    }
    let (a, b) = ordered(p, q);
    let kind = RelationshipKind::ALL[(x as usize) % RelationshipKind::ALL.len()].as_str();
    let verified = (y % 3 == 0).then_some("2026-03-04 05:06:07.890+00:00");
    let last_contact = (x % 2 == 0).then_some("2025-12-24");
    c.execute(
        "INSERT OR IGNORE INTO relationships
         (id, person_a, person_b, kind, strength, verified_at, last_contact, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            Uuid::from_u128(0xB000_0000 + u128::from(ids.fresh())),
            a,
            b,
            kind,
            1 + y % 5,
            verified,
            last_contact,
            NOW
        ],
    )
    .unwrap();
}

/// One change, chosen by `op` from `x` and `y`, written in SQL as another program
/// would (every trigger fires as it would for the app's own writes).
fn change(c: &Connection, ids: &mut Ids, op: u8, x: u32, y: u32) {
    let rel = || nth(c, "SELECT id FROM relationships", x);
    let someone = |pick: u32| nth(c, "SELECT id FROM people", pick);
    match op {
        0 => add_person(c, ids),
        1 => {
            if let Some(p) = someone(x) {
                c.execute(
                    "UPDATE people SET full_name = ?2 WHERE id = ?1",
                    params![p, format!("Renamed {y}")],
                )
                .unwrap();
            }
        }
        2 => {
            if let Some(p) = someone(x) {
                c.execute("DELETE FROM people WHERE id = ?1", [p]).unwrap();
            }
        }
        3 | 4 => add_relationship(c, ids, x, y),
        5 => {
            if let Some(r) = rel() {
                let kind = RelationshipKind::ALL[(y as usize) % RelationshipKind::ALL.len()].as_str();
                c.execute(
                    "UPDATE relationships SET strength = ?2, kind = ?3 WHERE id = ?1",
                    params![r, 1 + y % 5, kind],
                )
                .unwrap();
            }
        }
        6 => {
            if let Some(r) = rel() {
                let verified = (y % 2 == 0).then_some(NOW);
                c.execute(
                    "UPDATE relationships SET verified_at = ?2, since = '2020-02-02' WHERE id = ?1",
                    params![r, verified],
                )
                .unwrap();
            }
        }
        7 => {
            // Moves a relationship to another pair of people, where that is allowed.
            if let (Some(r), Some(p)) = (rel(), someone(y)) {
                let (a, _b): (Uuid, Uuid) = c
                    .query_row("SELECT person_a, person_b FROM relationships WHERE id = ?1", [r], |row| {
                        Ok((row.get(0)?, row.get(1)?))
                    })
                    .unwrap();
                if p != a {
                    let (na, nb) = ordered(a, p);
                    c.execute(
                        "UPDATE OR IGNORE relationships SET person_a = ?2, person_b = ?3 WHERE id = ?1",
                        params![r, na, nb],
                    )
                    .unwrap();
                }
            }
        }
        8 => {
            if let Some(r) = rel() {
                c.execute("DELETE FROM relationships WHERE id = ?1", [r]).unwrap();
            }
        }
        9 => {
            if let (Some(p), Some(o)) = (someone(x), nth(c, "SELECT id FROM organisations", y)) {
                c.execute(
                    "INSERT INTO employments (id, person_id, organisation_id, title, current) VALUES (?1, ?2, ?3, 'AE', ?4)",
                    params![Uuid::from_u128(0xE000_0000 + u128::from(ids.fresh())), p, o, y % 2],
                )
                .unwrap();
            }
        }
        10 => {
            if let Some(e) = nth(c, "SELECT id FROM employments", x) {
                if y % 2 == 0 {
                    c.execute("UPDATE employments SET current = 0, title = 'was AE' WHERE id = ?1", [e])
                        .unwrap();
                } else {
                    c.execute("DELETE FROM employments WHERE id = ?1", [e]).unwrap();
                }
            }
        }
        11 => add_organisation(c, ids),
        12 => {
            if let Some(o) = nth(c, "SELECT id FROM organisations", x) {
                c.execute(
                    "UPDATE organisations SET name = ?2 WHERE id = ?1",
                    params![o, format!("Org renamed {y}")],
                )
                .unwrap();
            }
        }
        _ => {
            if let Some(o) = nth(c, "SELECT id FROM organisations", x) {
                c.execute("DELETE FROM organisations WHERE id = ?1", [o]).unwrap();
            }
        }
    }
}

fn seeded(dir: &std::path::Path) -> (Store, Ids) {
    let store = Store::open(dir.join("team.db")).unwrap();
    let mut ids = Ids::default();
    let c = store.conn();
    for _ in 0..12 {
        add_person(c, &mut ids);
    }
    for _ in 0..3 {
        add_organisation(c, &mut ids);
    }
    for i in 0..24u32 {
        add_relationship(c, &mut ids, i, i * 7 + 3);
        change(c, &mut ids, 9, i, i * 5);
    }
    (store, ids)
}

/// Everything the two networks answer, compared without regard to node or edge
/// numbering (a caught-up graph numbers its new edges after the saved ones).
fn assert_equivalent(caught_up: &Network, built: &Network, ids: &Ids) {
    let ties = |n: &Network| {
        let mut t: Vec<_> =
            n.ties().map(|t| (t.tie.id, ordered(t.a.id.0, t.b.id.0), t.tie.clone())).collect();
        t.sort_by_key(|x| x.0);
        t
    };
    assert_eq!(ties(caught_up), ties(built), "the same ties");
    assert_eq!(caught_up.person_count(), built.person_count());
    let people: Vec<PersonId> = ids.people.iter().map(|&p| PersonId(p)).collect();
    for &p in &people {
        assert_eq!(caught_up.contains_person(p), built.contains_person(p), "{p} in both or neither");
        assert_eq!(caught_up.person_name(p), built.person_name(p));
        assert_eq!(caught_up.employments(p), built.employments(p), "employments of {p}");
    }
    for &o in &ids.organisations {
        let o = OrganisationId(o);
        assert_eq!(caught_up.organisation_name(o), built.organisation_name(o));
        assert_eq!(caught_up.current_employees(o), built.current_employees(o), "employees of {o}");
    }
    let present: Vec<PersonId> = people.iter().copied().filter(|&p| built.contains_person(p)).collect();
    for diverse in [false, true] {
        let options = PathOptions { k: 10, max_hops: 4, diverse, ..PathOptions::default() };
        for &from in &present {
            for &to in &present {
                if from != to {
                    assert_eq!(
                        paths::paths_to_person(caught_up, from, to, &options).unwrap(),
                        paths::paths_to_person(built, from, to, &options).unwrap(),
                        "paths {from} → {to}"
                    );
                }
            }
            for &o in &ids.organisations {
                let o = OrganisationId(o);
                let answer = |n: &Network| {
                    paths::paths_to_organisation(n, from, o, &options).map_err(|e| e.to_string())
                };
                assert_eq!(answer(caught_up), answer(built), "paths {from} → organisation {o}");
            }
        }
    }
}

/// `loaded` answers as a graph built from `store`'s tables now.
fn assert_as_built_from_tables(loaded: &Network, store: &Store, ids: &Ids) {
    let built = suggest::build_network(store, WeightParams::default(), today()).unwrap();
    assert_equivalent(loaded, &built, ids);
}

fn saved_token(store: &Store) -> Uuid {
    graph_snapshot::ready_token(store.conn()).unwrap().expect("a saved graph")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Rounds of changes with a load after each: every load reads the saved file
    /// (the same token throughout) and equals a build from the tables.
    #[test]
    fn a_caught_up_graph_answers_as_a_rebuilt_one(
        rounds in prop::collection::vec(prop::collection::vec((0u8..14, any::<u32>(), any::<u32>()), 0..12), 1..5)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (store, mut ids) = seeded(dir.path());
        suggest::load_network(&store, today()).unwrap();
        let token = saved_token(&store);
        for round in rounds {
            for (op, x, y) in round {
                change(store.conn(), &mut ids, op, x, y);
            }
            let loaded = suggest::load_network(&store, today()).unwrap();
            prop_assert_eq!(saved_token(&store), token, "read from the file, not rebuilt");
            assert_as_built_from_tables(&loaded, &store, &ids);
        }
    }
}

#[test]
fn changes_list_what_the_graph_is_built_from_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut ids) = seeded(dir.path());
    suggest::load_network(&store, today()).unwrap();
    let token = saved_token(&store);
    let c = store.conn();
    let listed = || graph_snapshot::changes(c, token).unwrap().expect("the token is ready");
    assert!(listed().is_empty());

    c.execute_batch("UPDATE people SET notes = 'call in May', title = 'CRO', source = 'x'").unwrap();
    c.execute_batch("UPDATE relationships SET notes = 'met twice', source = 'y', updated_at = 'z'").unwrap();
    c.execute_batch("UPDATE organisations SET notes = 'n', domain = 'acme.test'").unwrap();
    assert!(listed().is_empty(), "notes, titles and sources are not in the graph");

    let p = nth(c, "SELECT id FROM people", 0).unwrap();
    c.execute("UPDATE people SET full_name = 'Ann B' WHERE id = ?1", [p]).unwrap();
    assert_eq!(listed().people, vec![PersonId(p)]);
    let r = nth(c, "SELECT id FROM relationships", 0).unwrap();
    let (a, b): (Uuid, Uuid) = c
        .query_row("SELECT person_a, person_b FROM relationships WHERE id = ?1", [r], |x| {
            Ok((x.get(0)?, x.get(1)?))
        })
        .unwrap();
    c.execute("DELETE FROM relationships WHERE id = ?1", [r]).unwrap();
    let l = listed();
    assert_eq!(l.relationships.len(), 1);
    assert_eq!(l.old_ends, vec![(l.relationships[0], PersonId(a), PersonId(b))]);
    change(c, &mut ids, 13, 0, 0); // an organisation removed: its employments go too
    let l = listed();
    assert_eq!(l.organisations.len(), 1);
    assert!(!l.employments_of.is_empty(), "the cascade lists each employee");

    // A new save starts an empty list under a new token; the old token gets none.
    let token2 = graph_snapshot::begin(c).unwrap();
    assert_eq!(graph_snapshot::changes(c, token).unwrap(), None);
    assert!(graph_snapshot::mark_ready(c, token2).unwrap());
    assert_eq!(graph_snapshot::changes(c, token2).unwrap(), Some(graph_snapshot::Changes::default()));
}

#[test]
fn a_change_while_the_graph_is_being_saved_is_applied_at_the_next_load() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut ids) = seeded(dir.path());
    let c = store.conn();
    // The save of suggest::load_network, with changes between its steps.
    let token = graph_snapshot::begin(c).unwrap();
    change(c, &mut ids, 5, 1, 2);
    let network = suggest::build_network(&store, WeightParams::default(), today()).unwrap();
    change(c, &mut ids, 8, 2, 0);
    change(c, &mut ids, 2, 3, 0);
    change(c, &mut ids, 0, 0, 0);
    assert!(suggest::save_network(&store, &network, token).unwrap());
    let loaded = suggest::load_network(&store, today()).unwrap();
    assert_eq!(saved_token(&store), token);
    assert_as_built_from_tables(&loaded, &store, &ids);
}

#[test]
fn past_ten_thousand_changes_the_saved_graph_is_forgotten_and_the_next_load_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = seeded(dir.path());
    suggest::load_network(&store, today()).unwrap();
    let c = store.conn();
    let count = || c.query_row("SELECT count(*) FROM graph_changes", [], |r| r.get::<_, i64>(0)).unwrap();
    c.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
         INSERT INTO people (id, full_name, name_key, created_at, updated_at)
         SELECT randomblob(16), 'Bulk ' || i, 'bulk ' || i, 'x', 'x' FROM n",
    )
    .unwrap();
    assert_eq!(count(), 9999);
    assert!(graph_snapshot::ready_token(c).unwrap().is_some());
    c.execute_batch("UPDATE people SET full_name = 'Bulk renamed' WHERE full_name = 'Bulk 1'").unwrap();
    assert_eq!(graph_snapshot::ready_token(c).unwrap(), None, "the 10,001st entry forgets the saved graph");
    assert!(count() <= 1, "and empties the list");
    c.execute_batch("UPDATE people SET full_name = 'Bulk again' WHERE full_name = 'Bulk 2'").unwrap();
    assert!(count() <= 1, "nothing is listed without a saved graph");

    let loaded = suggest::load_network(&store, today()).unwrap();
    assert_eq!(loaded.person_count(), 12 + 9999);
    let token = saved_token(&store);
    assert_eq!(graph_snapshot::changes(c, token).unwrap(), Some(graph_snapshot::Changes::default()));
    assert_as_built_from_tables(&loaded, &store, &ids);
}

#[test]
fn a_change_the_graph_refuses_means_a_build_from_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = seeded(dir.path());
    suggest::load_network(&store, today()).unwrap();
    let token = saved_token(&store);
    let c = store.conn();
    // A relationship listed with ends the saved graph never had, and its present row
    // linking two people the file already links under another id: only possible if the
    // list was tampered with, and then the file is not trusted.
    let (r, a, b): (Uuid, Uuid, Uuid) = c
        .query_row("SELECT id, person_a, person_b FROM relationships LIMIT 1", [], |x| {
            Ok((x.get(0)?, x.get(1)?, x.get(2)?))
        })
        .unwrap();
    c.execute_batch("DROP TRIGGER graph_snapshot_relationships_update").unwrap();
    let other = Uuid::from_u128(0xDEAD);
    c.execute("UPDATE relationships SET id = ?2 WHERE id = ?1", params![r, other]).unwrap();
    c.execute("INSERT INTO graph_changes (kind, id) VALUES (3, ?1)", [other]).unwrap();
    let loaded = suggest::load_network(&store, today()).unwrap();
    assert_ne!(saved_token(&store), token, "rebuilt and saved again");
    let tie = loaded.tie_between(PersonId(a), PersonId(b)).expect("the relationship");
    assert_eq!(tie.id.0, other);
    assert_as_built_from_tables(&loaded, &store, &ids);
}

/// An open workspace follows the list from the entry it reached: each catch-up reads only
/// the later entries, and after each the graph answers as one built from the tables.
#[test]
fn a_graph_caught_up_entry_by_entry_answers_as_a_rebuilt_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut ids) = seeded(dir.path());
    let mut network = suggest::load_network(&store, today()).unwrap();
    let (token, mut after) = graph_snapshot::position(store.conn()).unwrap().expect("a saved graph");
    assert_eq!(after, 0, "a fresh save starts an empty list");
    for (i, op) in [0u8, 3, 1, 5, 6, 7, 9, 10, 11, 12, 13, 8, 2, 4].into_iter().enumerate() {
        let i = i as u32;
        change(store.conn(), &mut ids, op, i * 3 + 1, i * 5 + 2);
        let (changes, last) = graph_snapshot::changes_after(store.conn(), token, after).unwrap().unwrap();
        assert!(last >= after);
        let listed_before = graph_snapshot::changes_after(store.conn(), token, 0).unwrap().unwrap().0;
        assert!(changes.people.len() <= listed_before.people.len(), "only the later entries");
        after =
            suggest::catch_up_after(store.conn(), &mut network, token, after).unwrap().expect("same token");
        assert_eq!(after, last);
        assert_as_built_from_tables(&network, &store, &ids);
    }
    graph_snapshot::begin(store.conn()).unwrap();
    assert_eq!(
        suggest::catch_up_after(store.conn(), &mut network, token, after).unwrap(),
        None,
        "a new token"
    );
}
