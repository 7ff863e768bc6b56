//! Times the lists of the Today screen and the Introductions board on an existing
//! database, for its current rep: follow-ups due and overdue, requests waiting on a
//! source (the first 50 of each, with the counts) and the board's 500 most recent.
//!
//! `cargo run --release -p intrograph-bench --example today_timing -- DB`

use intrograph_engine::store::{reps, requests, Store};
use std::time::Instant;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = std::env::args().nth(1).unwrap();
    let store = Store::open(&db)?;
    let rep = reps::current_rep(store.conn())?;
    let today = chrono::Local::now().date_naive();
    for _ in 0..2 {
        let t = Instant::now();
        let (due, overdue) = requests::follow_ups_listed(&store, today, rep.id, 50)?;
        eprintln!(
            "follow-ups {}/{} {}/{} in {:?}",
            due.requests.len(),
            due.total,
            overdue.requests.len(),
            overdue.total,
            t.elapsed()
        );
        let t = Instant::now();
        let w = requests::waiting_listed(&store, rep.id, 50)?;
        eprintln!("waiting {}/{} in {:?}", w.requests.len(), w.total, t.elapsed());
        let t = Instant::now();
        let b = requests::recent_listed(&store, 500)?;
        eprintln!("board {}/{} in {:?}", b.requests.len(), b.total, t.elapsed());
    }
    Ok(())
}
