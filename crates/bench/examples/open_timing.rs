//! Times the app's first open of a network in a fresh process: `suggest::load_network`
//! (the saved graph, brought up to date), once, with its CPU time.
//!
//! `cargo run --release -p intrograph-bench --example open_timing -- DB`

use std::time::Instant;

use chrono::NaiveDate;
use intrograph_engine::store::Store;
use intrograph_engine::suggest;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = std::env::args().nth(1).ok_or("usage: open_timing DB")?;
    let store = Store::open(&db)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date");
    let start = Instant::now();
    let network = suggest::load_network(&store, today)?;
    eprintln!("open {:.2} s ({} relationships)", start.elapsed().as_secs_f64(), network.relationship_count());
    Ok(())
}
