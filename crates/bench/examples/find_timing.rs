//! Times what the app's Find does besides the path search on an existing database:
//! the referral sources' track records, then `suggest::suggest` to a person.
//!
//! `cargo run --release -p intrograph-bench --example find_timing -- DB`

use std::time::Instant;

use chrono::NaiveDate;
use intrograph_engine::model::Target;
use intrograph_engine::paths::PathOptions;
use intrograph_engine::store::{people, reps, Page, Store};
use intrograph_engine::suggest;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = std::env::args().nth(1).ok_or("usage: find_timing DB")?;
    let store = Store::open(&db)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date");
    let start = Instant::now();
    let network = suggest::load_network(&store, today)?;
    eprintln!("load {:.2} s", start.elapsed().as_secs_f64());
    let rep = reps::current_rep(store.conn())?.person_id;
    let target = people::search(store.conn(), "Rosa Nagy", Page { offset: 0, limit: 1 })?[0].id;
    for _ in 0..3 {
        let start = Instant::now();
        let base = PathOptions { k: 5, max_hops: 3, diverse: true, ..Default::default() };
        let options = suggest::with_track_records(&store, &network, rep, base)?;
        let records = start.elapsed();
        let found = suggest::suggest(store.conn(), &network, rep, Target::Person(target), &options)?;
        eprintln!(
            "track records {:.1} ms ({} sources), suggest {:.1} ms, {} found",
            records.as_secs_f64() * 1e3,
            options.source_factors.len(),
            (start.elapsed() - records).as_secs_f64() * 1e3,
            if found.is_empty() { "none" } else { "some" }
        );
    }
    Ok(())
}
