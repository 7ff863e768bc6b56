//! The cost of an open workspace noticing other programs' commits
//! (`intrograph_app_core::Workspace::check_for_changes`, run every second by the app):
//!
//! - one look when nothing changed (the app's idle cost), and the process's CPU time over
//!   `IDLE` seconds with the watcher running;
//! - from another connection's commit (a new relationship and a renamed person, as
//!   `intrograph rel add` / `person edit` write them) to the cached graph holding it: the
//!   look itself, and the whole wait with the watcher polling every second.
//!
//! `cargo run --release -p intrograph-bench --example watch_timing -- DB PEOPLE [IDLE]`
//! makes DB (PEOPLE people, 10 relationships each, written in SQL) unless it exists.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use intrograph_app_core::views::OutsideChange;
use intrograph_app_core::Workspace;
use intrograph_engine::model::{PersonId, RelationshipKind, Strength};
use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::relationships::{self, RelationshipInput};
use intrograph_engine::store::Store;

type AnyResult<T> = Result<T, Box<dyn std::error::Error>>;

fn make(db: &Path, people: usize) -> AnyResult<()> {
    let store = Store::open(db)?;
    let started = Instant::now();
    store.conn().execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {people})
         INSERT INTO people (id, full_name, name_key, created_at, updated_at)
         SELECT randomblob(16), 'Person ' || i, 'person ' || i, '2026-01-01 00:00:00.000+00:00',
                '2026-01-01 00:00:00.000+00:00' FROM n;
         WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 10),
         pairs AS (SELECT p.id AS x, (SELECT id FROM people WHERE rowid = 1 + abs(random()) % {people} + 0 * p.rowid * k.j) AS y
                   FROM people p, k)
         INSERT OR IGNORE INTO relationships
           (id, person_a, person_b, kind, strength, created_at, updated_at)
         SELECT randomblob(16), min(x, y), max(x, y), 'colleague', 1 + abs(random()) % 5,
                '2026-01-01 00:00:00.000+00:00', '2026-01-01 00:00:00.000+00:00'
         FROM pairs WHERE x <> y;
         COMMIT;"
    ))?;
    eprintln!("made {} in {:.1} s", db.display(), started.elapsed().as_secs_f64());
    Ok(())
}

/// This process's CPU time (user + system), from /proc/self/stat.
fn cpu_time() -> AnyResult<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    let after = &stat[stat.rfind(')').ok_or("stat")? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    Ok(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut xs: Vec<f64>) {
    xs.sort_by(f64::total_cmp);
    let median = xs[xs.len() / 2];
    let max = xs[xs.len() - 1];
    println!("{name}: median {median:.2} ms, max {max:.2} ms ({} runs)", xs.len());
}

fn main() -> AnyResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let db = Path::new(args.get(1).ok_or("usage: watch_timing DB PEOPLE [IDLE]")?);
    let size: usize = args.get(2).ok_or("usage: watch_timing DB PEOPLE [IDLE]")?.parse()?;
    let idle: u64 = args.get(3).map_or(Ok(30), |s| s.parse())?;
    if !db.exists() {
        make(db, size)?;
    }
    let workspace = Workspace::open(db);
    let started = Instant::now();
    let (count, ties) = workspace.with_network(|_, n| Ok((n.person_count(), n.relationship_count())))?;
    println!(
        "graph of {count} people, {ties} relationships loaded in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let mut other = Store::open_unchecked(db)?;
    let ids: Vec<PersonId> = {
        let mut st = other.conn().prepare("SELECT id FROM people ORDER BY rowid LIMIT 200")?;
        let rows = st.query_map([], |r| r.get::<_, uuid::Uuid>(0))?;
        rows.map(|r| r.map(PersonId)).collect::<Result<_, _>>()?
    };
    let someone = |i: usize| -> AnyResult<PersonId> { Ok(ids[i % ids.len()]) };

    // Idle: one look with nothing changed.
    assert_eq!(workspace.check_for_changes(), None);
    let looks = 20_000;
    let t = Instant::now();
    for _ in 0..looks {
        assert_eq!(workspace.check_for_changes(), None);
    }
    println!("idle look: {:.1} µs each ({looks} looks)", t.elapsed().as_secs_f64() * 1e6 / looks as f64);

    // Idle: the process with the watcher running every second, nothing else.
    let (told, heard) = mpsc::channel();
    let watcher = workspace.watch(Duration::from_secs(1), move |change| {
        let _ = told.send((Instant::now(), change));
    });
    let cpu = cpu_time()?;
    std::thread::sleep(Duration::from_secs(idle));
    let used = cpu_time()? - cpu;
    println!(
        "idle watcher: {:.0} ms CPU over {idle} s ({:.3} % of one core; /proc resolution 10 ms)",
        ms(used),
        100.0 * used.as_secs_f64() / idle as f64
    );

    // A commit by another connection until the cached graph holds it, with the watcher.
    let mut waited = Vec::new();
    for run in 0..20 {
        let a = someone(1 + run * 7)?;
        // Commits fall anywhere between two looks, as a user's do.
        std::thread::sleep(Duration::from_millis((run as u64 * 370) % 1000));
        let committed = Instant::now();
        // A new person and a strong tie to them, as `intrograph person add` and `rel add` write.
        let b = other.write(|tx| {
            let b =
                people::add(tx, &PersonInput { full_name: format!("Watched {run}"), ..Default::default() })?
                    .id;
            relationships::add(
                tx,
                &RelationshipInput::new(a, b, RelationshipKind::Friend, Strength::new(5).expect("1..5")),
            )?;
            Ok(b)
        })?;
        let (at, change) = heard.recv_timeout(Duration::from_secs(10))?;
        assert_eq!(change, OutsideChange::Updated);
        assert!(workspace.cached_network(|n| n.tie_between(a, b).is_some()) == Some(true));
        waited.push(ms(at - committed));
    }
    summary("commit → graph refreshed, watcher every 1 s", waited);
    watcher.stop();

    // The look that finds a commit and catches the graph up, alone.
    let mut look = Vec::new();
    for run in 0..20 {
        let p = someone(100 + run)?;
        other.write(|tx| {
            people::edit(
                tx,
                p,
                &PersonPatch { full_name: Some(format!("Renamed {run}")), ..Default::default() },
            )
        })?;
        let t = Instant::now();
        assert_eq!(workspace.check_for_changes(), Some(OutsideChange::Updated));
        look.push(ms(t.elapsed()));
    }
    summary("look that catches the graph up (one rename)", look);

    // A burst: 1,000 new people with a tie each in one commit (an import of a small file).
    other.write(|tx| {
        for i in 0..1000 {
            let b =
                people::add(tx, &PersonInput { full_name: format!("Burst {i}"), ..Default::default() })?.id;
            relationships::add(
                tx,
                &RelationshipInput::new(
                    ids[i % ids.len()],
                    b,
                    RelationshipKind::Client,
                    Strength::new(3).expect("1..5"),
                ),
            )?;
        }
        Ok(())
    })?;
    let t = Instant::now();
    assert_eq!(workspace.check_for_changes(), Some(OutsideChange::Updated));
    println!(
        "look that catches the graph up (1,000 people and ties in one commit): {:.2} ms",
        ms(t.elapsed())
    );
    Ok(())
}
