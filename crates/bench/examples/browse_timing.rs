//! Times the Network screen's people list (`store::browse::people`) on an existing
//! database: each sort with no text, then typed texts, first page and a later one.
//!
//! `cargo run --release -p intrograph-bench --example browse_timing -- DB [TEXT...]`

use std::time::Instant;

use intrograph_engine::store::browse::{self, PeopleSort};
use intrograph_engine::store::{Page, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let db = args.get(1).ok_or("usage: browse_timing DB [TEXT...]")?;
    let store = Store::open(db)?;
    let texts: Vec<&str> = if args.len() > 2 {
        args[2..].iter().map(String::as_str).collect()
    } else {
        vec!["", "A", "Ann", "Rosa Cl", "acme"]
    };
    for text in texts {
        for sort in
            [PeopleSort::Name, PeopleSort::NameDesc, PeopleSort::MostConnected, PeopleSort::RecentlyAdded]
        {
            for offset in [0u64, 5000] {
                let start = Instant::now();
                let page = browse::people(store.conn(), text, sort, Page { offset, limit: 100 })?;
                eprintln!(
                    "{text:>10?} {sort:?} offset {offset}: {} of {} in {:.0} ms",
                    page.rows.len(),
                    page.total,
                    start.elapsed().as_secs_f64() * 1e3
                );
            }
        }
    }
    Ok(())
}
