//! The graph's narrow read of the network: the same people, organisations,
//! employments and relationships as the full load, each relationship with only what
//! the graph keeps, and the same graph built from it.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate};
use intrograph_engine::graph::Network;
use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::store::{network, Store};
use intrograph_engine::suggest;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn the_narrow_read_is_the_full_read_without_notes_source_and_times() {
    let mut store = Store::open_in_memory().unwrap();
    import::people(&mut store, &fixture("people.csv"), &ImportOptions::default()).unwrap();
    import::relationships(&mut store, &fixture("relationships.csv"), &ImportOptions::default()).unwrap();
    let full = network::load(&store).unwrap();
    let narrow = network::load_for_graph(&store).unwrap();
    assert_eq!(narrow.people, full.people);
    assert_eq!(narrow.organisations, full.organisations);
    assert_eq!(narrow.employments, full.employments);
    assert_eq!(narrow.relationships.len(), 4);
    assert!(full.relationships.iter().any(|r| !r.notes.is_empty()), "the fixture has notes");
    for (n, f) in narrow.relationships.iter().zip(&full.relationships) {
        let mut expected = f.clone();
        expected.notes = String::new();
        expected.source = String::new();
        expected.created_at = DateTime::UNIX_EPOCH;
        expected.updated_at = DateTime::UNIX_EPOCH;
        assert_eq!(*n, expected);
    }

    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let params = suggest::weight_params(store.conn()).unwrap();
    let from_full = Network::build(&full, params.clone(), today).unwrap();
    let loaded = suggest::load_network(&store, today).unwrap();
    let ties = |n: &Network| {
        let mut t: Vec<_> = n.ties().map(|t| (t.a.id, t.b.id, t.tie.clone())).collect();
        t.sort_by_key(|(a, b, _)| (*a, *b));
        t
    };
    assert_eq!(ties(&loaded), ties(&from_full));
}
