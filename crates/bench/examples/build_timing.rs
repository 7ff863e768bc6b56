//! Times the graph build from the tables alone on an existing database:
//! `store::network::load_for_graph_in_parts` and `Network::build_in_parts`, RUNS times.
//!
//! `cargo run --release -p intrograph-bench --example build_timing -- DB [RUNS]`

use std::time::Instant;

use chrono::NaiveDate;
use intrograph_engine::graph::Network;
use intrograph_engine::store::{self, Store};
use intrograph_engine::suggest;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let db = args.get(1).ok_or("usage: build_timing DB [RUNS]")?;
    let runs: usize = args.get(2).map_or(Ok(3), |s| s.parse())?;
    let store = Store::open(db)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date");
    for _ in 0..runs {
        let start = Instant::now();
        let (data, later) = store::network::load_for_graph_in_parts(&store)?;
        let read = start.elapsed();
        let network = Network::build_in_parts(&data, &later, suggest::weight_params(store.conn())?, today)?;
        let total = start.elapsed();
        eprintln!(
            "read {:.2} s, build {:.2} s, total {:.2} s ({} relationships)",
            read.as_secs_f64(),
            (total - read).as_secs_f64(),
            total.as_secs_f64(),
            network.relationship_count()
        );
    }
    Ok(())
}
