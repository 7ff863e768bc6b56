//! Times `people::search` alone on an existing database, with the prefixes the
//! bench types (the first 1..5 characters of random generated names).
//!
//! `cargo run --release -p intrograph-bench --example search_timing -- DB PEOPLE_CSV [SEARCHES] [SEED] [PAGES]`
//!
//! Prints p50/p99/max and the slowest texts to stderr, and each text with the ids
//! it found to stdout (to compare two versions' results). PAGES > 1 also reads the
//! following pages of each text.

use std::time::{Duration, Instant};

use intrograph_engine::store::{people, Page, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let db = args.get(1).ok_or("usage: search_timing DB PEOPLE_CSV [SEARCHES] [SEED] [PAGES]")?;
    let csv_path = args.get(2).ok_or("usage: search_timing DB PEOPLE_CSV [SEARCHES] [SEED] [PAGES]")?;
    let n: usize = args.get(3).map_or(Ok(200), |s| s.parse())?;
    let seed: u64 = args.get(4).map_or(Ok(42), |s| s.parse())?;
    let pages: u64 = args.get(5).map_or(Ok(1), |s| s.parse())?;

    let mut names = Vec::new();
    let mut rd = csv::Reader::from_path(csv_path)?;
    let col = rd.headers()?.iter().position(|h| h == "name").ok_or("no name column")?;
    for rec in rd.records() {
        names.push(rec?[col].to_string());
    }
    let opened = Instant::now();
    let store = Store::open(db)?;
    eprintln!("opened in {:.1} s", opened.elapsed().as_secs_f64());

    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5ea);
    let mut times: Vec<(Duration, String)> = Vec::new();
    for _ in 0..n {
        let name = &names[rng.usize(..names.len())];
        for len in 1..=5 {
            let prefix: String = name.chars().take(len).collect();
            for p in 0..pages {
                let page = Page { offset: p * 20, limit: 20 };
                let start = Instant::now();
                let found = people::search(store.conn(), &prefix, page)?;
                let d = start.elapsed();
                if p == 0 {
                    times.push((d, prefix.clone()));
                }
                let ids: Vec<String> = found.iter().map(|q| q.id.to_string()).collect();
                println!("{prefix:?}\t{p}\t{}", ids.join(","));
            }
        }
    }
    let mut sorted: Vec<Duration> = times.iter().map(|t| t.0).collect();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e3;
    eprintln!(
        "searches: {}  p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        sorted.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    let slow: Vec<String> =
        times.iter().take(8).map(|(d, p)| format!("{p:?} {:.1} ms", d.as_secs_f64() * 1e3)).collect();
    eprintln!("slowest: {slow:?}");
    Ok(())
}
