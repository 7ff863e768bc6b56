//! The graph's read of a large network on two connections: the same rows in the
//! same order as one read, and a single read when another program holds the write
//! lock.

use std::fmt::Write as _;
use std::path::Path;

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::model::{RelationshipKind, Strength};
use intrograph_engine::store::relationships::{self, RelationshipPatch};
use intrograph_engine::store::{network, Store};
use rusqlite::Connection;

/// 300 people at four organisations and about 1,500 relationships, imported through
/// the real import path; then some relationships are removed and some edited, so
/// rowids have gaps and rows differ from how they were added.
fn team_store(dir: &Path) -> Store {
    let mut people = String::from("Name,Email,Organisation,Title\n");
    for i in 0..300 {
        writeln!(people, "Person {i},p{i}@team.example,Org {},Rep", i % 4).unwrap();
    }
    let mut rels = String::from("person_a,person_b,kind,strength,verified,last_contact,since\n");
    for i in 0..300u32 {
        for step in 1..=5u32 {
            let j = (i + step * step + 7) % 300;
            if i < j {
                let verified = if (i + j) % 3 == 0 { "yes" } else { "" };
                let last =
                    if j % 2 == 0 { format!("2025-0{}-1{}", 1 + j % 9, j % 10) } else { String::new() };
                writeln!(
                    rels,
                    "p{i}@team.example,p{j}@team.example,friend,{},{verified},{last},",
                    1 + (i + j) % 5
                )
                .unwrap();
            }
        }
    }
    std::fs::write(dir.join("people.csv"), people).unwrap();
    std::fs::write(dir.join("relationships.csv"), rels).unwrap();
    let mut store = Store::open(dir.join("team.db")).unwrap();
    import::people(&mut store, &dir.join("people.csv"), &ImportOptions::default()).unwrap();
    import::relationships(&mut store, &dir.join("relationships.csv"), &ImportOptions::default()).unwrap();

    let all = network::load(&store).unwrap().relationships;
    assert!(all.len() > 500, "{} relationships", all.len());
    store
        .write(|tx| {
            for (n, rel) in all.iter().enumerate() {
                match n % 7 {
                    0 => {
                        relationships::remove(tx, rel.id)?;
                    }
                    3 => {
                        let patch = RelationshipPatch {
                            kind: Some(RelationshipKind::Client),
                            strength: Some(Strength::new(5).unwrap()),
                            ..RelationshipPatch::default()
                        };
                        relationships::edit(tx, rel.id, &patch)?;
                    }
                    _ => {}
                }
            }
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn a_split_read_gives_the_rows_of_a_single_read_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = team_store(dir.path());
    let (single, was_split) = network::load_for_graph_split(&store, usize::MAX).unwrap();
    assert!(!was_split);
    let (split, was_split) = network::load_for_graph_split(&store, 0).unwrap();
    assert!(was_split, "a file store on more than one core reads on two connections");
    assert_eq!(split.relationships.len(), single.relationships.len());
    assert_eq!(split, single);
    // Both are the relationships as stored, less what only the full load reads.
    let full = network::load(&store).unwrap();
    let ids =
        |d: &intrograph_engine::model::NetworkData| d.relationships.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(&split), ids(&full));
    assert_eq!(split.people, full.people);
    assert_eq!(split.employments, full.employments);
    // The split read left no transaction open: the store still writes.
    let mut store = store;
    store.write(|tx| relationships::remove(tx, split.relationships[1].id).map(|_| ())).unwrap();
    assert_eq!(network::load_for_graph(&store).unwrap().relationships.len(), single.relationships.len() - 1);
}

#[test]
fn while_another_program_writes_the_read_is_a_single_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = team_store(dir.path());
    let (expected, _) = network::load_for_graph_split(&store, usize::MAX).unwrap();

    let writer = Connection::open(dir.path().join("team.db")).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE; DELETE FROM relationships WHERE rowid % 2 = 0").unwrap();
    // The writer's change is not committed: the load neither waits for it nor sees it.
    let (data, was_split) = network::load_for_graph_split(&store, 0).unwrap();
    assert!(!was_split);
    assert_eq!(data, expected);
    writer.execute_batch("ROLLBACK").unwrap();

    // Inside the store's own transaction, the read is the transaction's.
    store.conn().execute_batch("BEGIN; DELETE FROM relationships WHERE rowid % 2 = 0").unwrap();
    let (inside, was_split) = network::load_for_graph_split(&store, 0).unwrap();
    assert!(!was_split);
    assert!(inside.relationships.len() < expected.relationships.len());
    store.conn().execute_batch("ROLLBACK").unwrap();
    assert_eq!(network::load_for_graph_split(&store, 0).unwrap(), (expected, true));
}

#[test]
fn the_parts_of_the_graph_read_joined_are_the_graph_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = team_store(dir.path());
    let (joined, _) = network::load_for_graph_split(&store, usize::MAX).unwrap();
    let (mut data, later) = network::load_for_graph_in_parts(&store).unwrap();
    // Below the size at which the read is split, the second part is empty.
    assert!(later.is_empty());
    data.relationships.extend(later);
    assert_eq!(data, joined);
}
