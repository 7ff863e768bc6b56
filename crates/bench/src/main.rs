//! `intrograph-bench`: IntroGraph at team scale. Generates a Holme–Kim network per
//! size, stores it through the CSV import, then times the graph build, path
//! queries, organisation targets, search-as-you-type and pipeline metrics, runs
//! the same path queries through NetworkX and checks both agree, and writes a
//! Markdown and JSON report. See `docs/benchmarks.md`.

mod app;
mod generate;
mod report;
mod requests;
mod stats;
mod team;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::Parser;
use intrograph_engine::graph::{snapshot, Network};
use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::model::{OrganisationId, PersonId};
use intrograph_engine::paths::{self, PathOptions};
use intrograph_engine::store::{self, people, Page, Store};
use intrograph_engine::suggest;
use serde::{Deserialize, Serialize};

use crate::generate::Shape;
use crate::stats::{Latency, Machine};

#[derive(Parser, Debug)]
#[command(about = "IntroGraph benchmarks at team scale, side by side with NetworkX")]
struct Args {
    /// People per network, comma-separated (k and M suffixes allowed).
    #[arg(long, value_delimiter = ',', default_value = "10k,100k", value_parser = parse_size)]
    sizes: Vec<usize>,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Relationships each new person brings (about the relationships per person).
    #[arg(long, default_value_t = 10)]
    per_person: usize,
    /// Chance a relationship closes a triangle (Holme–Kim triad formation).
    #[arg(long, default_value_t = 0.5)]
    triad: f64,
    /// Path queries per hop limit.
    #[arg(long, default_value_t = 1000)]
    queries: usize,
    /// Organisation-target queries.
    #[arg(long, default_value_t = 200)]
    org_queries: usize,
    /// Names typed for search-as-you-type (five prefixes each).
    #[arg(long, default_value_t = 200)]
    searches: usize,
    /// Where generated data and databases are cached.
    #[arg(long, default_value = "target/bench-data")]
    data: PathBuf,
    /// Keep an existing database for a size instead of importing again (no import figures).
    #[arg(long)]
    reuse_db: bool,
    /// Like `--reuse-db`, for these sizes only (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_size)]
    reuse_db_sizes: Vec<usize>,
    /// Stop each size after its import (to profile or time the import alone).
    #[arg(long)]
    import_only: bool,
    /// Python with networkx installed; empty skips the comparison.
    #[arg(long, default_value = "target/bench-venv/bin/python")]
    python: String,
    #[arg(long, default_value = "bench/networkx_paths.py")]
    nx_script: PathBuf,
    /// Largest size NetworkX runs at.
    #[arg(long, default_value = "100k", value_parser = parse_size)]
    nx_max_size: usize,
    /// Queries per hop limit NetworkX runs.
    #[arg(long, default_value_t = 40)]
    nx_queries: usize,
    /// Per-query time cap for NetworkX, seconds.
    #[arg(long, default_value_t = 5.0)]
    nx_timeout: f64,
    /// Introduction requests for the metrics figures at every size (0 skips them); by
    /// default as many as the size has people (1M at 1M people). A reused database is
    /// topped up to this count.
    #[arg(long)]
    requests: Option<usize>,
    /// Report files: `<out>/latest.md` and `<out>/latest.json`.
    #[arg(long, default_value = "bench/report")]
    out: PathBuf,
    /// Refresh the figures between the bench markers of this README.
    #[arg(long)]
    readme: Option<PathBuf>,
    /// The desktop app's release binary: its cold start and idle memory are measured too
    /// (needs an X display).
    #[arg(long)]
    app: Option<PathBuf>,
    /// Measure only the app, keeping the network figures of the existing report.
    #[arg(long, requires = "app")]
    app_only: bool,
    /// Open this database's network once, as the app does, and print the timing as JSON
    /// (the bench runs itself so to time an open in a fresh process).
    #[arg(long, hide = true)]
    time_open: Option<PathBuf>,
    /// Make the first pull of the empty laptop at this database, joining the team at the
    /// URL in the environment, and print its figures as JSON (the team bench runs itself
    /// so, to measure the pull's memory alone).
    #[arg(long, hide = true)]
    first_pull: Option<PathBuf>,
    /// Measure the team sync instead, against a throwaway local PostgreSQL cluster: first
    /// pull of an empty laptop and an incremental sync of 1,000 changes per size, and 50
    /// reps syncing concurrently. Writes `<out>/team.md` and `<out>/team.json`.
    #[arg(long)]
    team: bool,
}

fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim().to_lowercase();
    let (num, mul) = match s.strip_suffix('m') {
        Some(n) => (n, 1_000_000.0),
        None => match s.strip_suffix('k') {
            Some(n) => (n, 1_000.0),
            None => (s.as_str(), 1.0),
        },
    };
    let v: f64 = num.parse().map_err(|_| format!("{s:?} is not a size; use e.g. 10k, 100k, 1M"))?;
    if v * mul < 100.0 {
        return Err(format!("{s}: use at least 100 people"));
    }
    Ok((v * mul) as usize)
}

/// The fixed "today" of every run, so weights (recency) are reproducible.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).expect("a valid date")
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ImportFigures {
    pub people_rows: u64,
    pub people_secs: f64,
    pub people_per_sec: f64,
    pub relationship_rows: u64,
    pub relationship_secs: f64,
    pub relationships_per_sec: f64,
    /// CPU time the relationship import used (wall time includes waiting for a shared CPU).
    pub relationship_cpu_secs: f64,
    /// SQLite's own bare load of the same rows: the rows the import stored, inserted by one
    /// prepared statement in one transaction into the same database as it was before the
    /// relationship import (same schema and settings; indexes set aside and rebuilt, as the
    /// import does on an empty table), no parsing or matching. The import's target is a ratio to this, since SQLite bounds it on 2 cores.
    #[serde(default)]
    pub bare_load_secs: f64,
    #[serde(default)]
    pub bare_load_cpu_secs: f64,
    pub db_bytes: u64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BuildFigures {
    pub load_ms: f64,
    pub build_ms: f64,
    pub total_ms: f64,
    /// CPU time of load + build (wall time includes waiting for a shared CPU).
    pub cpu_ms: f64,
    /// RSS growth while the rows were loaded and the graph built.
    pub peak_rss_delta_mb: f64,
    /// RSS growth kept once the loaded rows are dropped: the graph itself.
    pub network_rss_mb: f64,
    /// Saving the built graph beside the database (`graph::snapshot`).
    #[serde(default)]
    pub save_ms: f64,
    #[serde(default)]
    pub saved_mb: f64,
    /// Opening the network while it is unchanged: `suggest::load_network` reading the
    /// saved graph in a fresh process, as the app starts (the median of three; wall
    /// and CPU time).
    #[serde(default)]
    pub open_ms: f64,
    #[serde(default)]
    pub open_cpu_ms: f64,
    /// Opening the network after another program changed it (see [`catch_up`]):
    /// `suggest::load_network` reading the saved graph and applying the changes.
    #[serde(default)]
    pub catch_up: Option<CatchUpFigures>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CatchUpFigures {
    /// Entries in the list of changes the load applied.
    pub listed: u64,
    pub people_added: usize,
    pub relationships_added: usize,
    pub relationships_edited: usize,
    pub people_renamed: usize,
    /// Writing the changes through the engine, on a connection of its own.
    pub write_ms: f64,
    pub open_ms: f64,
    pub open_cpu_ms: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PathFigures {
    pub max_hops: u8,
    pub k: usize,
    pub latency: Latency,
    /// Share of queries with at least one path.
    pub found_share: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NetworkxFigures {
    pub status: String,
    pub networkx_version: String,
    pub compared: usize,
    pub agreed: usize,
    pub mismatched: usize,
    pub timed_out: usize,
    pub timeout_secs: f64,
    /// NetworkX time over IntroGraph time, summed over queries both finished.
    pub time_ratio: f64,
    pub networkx_p50_ms: f64,
    pub intrograph_p50_ms: f64,
    pub mismatches: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MetricsFigures {
    pub requests: usize,
    pub generate_secs: f64,
    pub funnel_ms: f64,
    pub funnel_by_rep_ms: f64,
    #[serde(default)]
    pub funnel_by_source_ms: f64,
    #[serde(default)]
    pub funnel_by_quarter_ms: f64,
    pub lead_sources_ms: f64,
    #[serde(default)]
    pub activity_ms: f64,
    #[serde(default)]
    pub top_sources_ms: f64,
}

impl MetricsFigures {
    /// The figures the desktop app's Metrics screen shows: the funnel, by rep and by
    /// quarter, lead sources, top sources and activity. The funnel by referral source
    /// is the command line's full table (`intrograph metrics funnel --by source`, one
    /// row per source), reported apart.
    fn screen(&self) -> [f64; 6] {
        [
            self.funnel_ms,
            self.funnel_by_rep_ms,
            self.funnel_by_quarter_ms,
            self.lead_sources_ms,
            self.activity_ms,
            self.top_sources_ms,
        ]
    }

    /// The slowest of the Metrics screen's figures.
    pub fn slowest_ms(&self) -> f64 {
        self.screen().into_iter().fold(0.0, f64::max)
    }

    /// All of the Metrics screen's figures, one after the other (what opening it costs).
    pub fn screen_ms(&self) -> f64 {
        self.screen().into_iter().sum()
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SizeFigures {
    pub people: usize,
    pub relationships: usize,
    pub organisations: usize,
    pub import: Option<ImportFigures>,
    pub build: BuildFigures,
    pub paths: Vec<PathFigures>,
    pub paths_diverse: Option<PathFigures>,
    pub organisation_targets: Latency,
    pub search: Latency,
    pub metrics: Option<MetricsFigures>,
    /// The app's Find over the stored requests: the track records of the rep's ties,
    /// then the top-10 paths within 4 hops (`suggest::with_track_records` and
    /// `suggest::suggest`), for the metrics' reps and random targets.
    #[serde(default)]
    pub find: Option<Latency>,
    pub networkx: Option<NetworkxFigures>,
    /// The likely-duplicates finder over every person (`duplicates::find`, the app's
    /// "Possible duplicates" list), on the graph read back.
    #[serde(default)]
    pub duplicates: Option<DuplicatesFigures>,
}

/// One run of the likely-duplicates finder: the three timings and the pairs it proposed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DuplicatesFigures {
    pub runs_ms: Vec<f64>,
    pub median_ms: f64,
    pub pairs: usize,
}

/// Times [`intrograph_engine::duplicates::find`] three times over the whole workspace.
fn duplicates_figures(store: &Store, network: &Network) -> AnyResult<DuplicatesFigures> {
    let mut runs_ms = Vec::new();
    let mut pairs = 0;
    for _ in 0..3 {
        let (found, d) = time(|| intrograph_engine::duplicates::find(store.conn(), network, None));
        pairs = found?.len();
        runs_ms.push(ms(d));
    }
    let mut sorted = runs_ms.clone();
    sorted.sort_by(f64::total_cmp);
    Ok(DuplicatesFigures { median_ms: sorted[1], runs_ms, pairs })
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AppFigures {
    pub status: String,
    pub cold_start_ms: Option<f64>,
    pub idle_rss_mb: Option<f64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Run {
    pub date: String,
    pub command: String,
    pub machine: Machine,
    pub seed: u64,
    pub per_person: usize,
    pub triad: f64,
    pub sizes: Vec<SizeFigures>,
    pub app: Option<AppFigures>,
}

fn main() {
    let args = Args::parse();
    if let Some(db) = &args.time_open {
        match open_once(db) {
            Ok(timing) => println!("{}", serde_json::to_string(&timing).expect("plain numbers")),
            Err(e) => {
                eprintln!("intrograph-bench: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    if let Some(db) = &args.first_pull {
        match team::first_pull_child(db) {
            Ok(figures) => println!("{}", serde_json::to_string(&figures).expect("plain numbers")),
            Err(e) => {
                eprintln!("intrograph-bench: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let result = if args.team { run_team(&args) } else { run(&args) };
    if let Err(e) = result {
        eprintln!("intrograph-bench: {e}");
        std::process::exit(1);
    }
}

type AnyResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn run(args: &Args) -> AnyResult<()> {
    let mut run = Run {
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        machine: Machine::describe(),
        seed: args.seed,
        per_person: args.per_person,
        triad: args.triad,
        sizes: Vec::new(),
        app: None,
    };
    eprintln!("machine: {:?}", run.machine);
    if args.app_only {
        let previous = std::fs::read_to_string(args.out.join("latest.json")).map_err(|e| {
            format!("--app-only keeps the figures of {}: {e}", args.out.join("latest.json").display())
        })?;
        let previous: Run = serde_json::from_str(&previous)?;
        run.sizes = previous.sizes;
        run.command = format!("{} (network figures from {})", run.command, previous.date);
    }
    for &size in args.sizes.iter().filter(|_| !args.app_only) {
        let figures = bench_size(args, size)?;
        run.sizes.push(figures);
        // Write after every size so a long run leaves its figures behind.
        report::write(&run, &args.out)?;
    }
    if let Some(binary) = &args.app {
        run.app = Some(app::measure(binary));
        report::write(&run, &args.out)?;
    }
    if let Some(readme) = &args.readme {
        report::refresh_readme(&run, readme)?;
    }
    eprintln!("report: {}", args.out.join("latest.md").display());
    Ok(())
}

/// `--team`: see [`team`].
fn run_team(args: &Args) -> AnyResult<()> {
    let mut run = team::TeamRun {
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        machine: Some(Machine::describe()),
        ..Default::default()
    };
    let work = args.data.join("team");
    std::fs::create_dir_all(&work)?;
    let cluster = intrograph_team::testing::Cluster::start_in(&work.join("pg"))?;
    for &size in &args.sizes {
        let shape = Shape { people: size, m: args.per_person, triad: args.triad, seed: args.seed };
        let dir = args.data.join(format!("{size}-s{}-m{}-t{}", args.seed, args.per_person, args.triad));
        if !dir.join("relationships.csv").exists() {
            eprintln!("[team {size}] generating");
            generate::write_csv(&shape, &dir, today())?;
        }
        let seed_db = work.join(format!("network-{size}.db"));
        if !seed_db.exists() {
            import_csv(&dir, &seed_db, size)?;
        }
        run.sizes.push(team::size(&cluster, &seed_db, size, &work)?);
        team::write(&run, &args.out)?;
    }
    if std::env::var_os(team::KEEP_ENV).is_some() {
        eprintln!("cluster kept running: {}", cluster.admin_url());
        std::mem::forget(cluster);
        return Ok(());
    }
    run.concurrent = Some(team::concurrent(&cluster, &work)?);
    team::write(&run, &args.out)?;
    eprintln!("report: {}", args.out.join("team.md").display());
    Ok(())
}

/// The first open after another program changed the network: a second store on the
/// same file (another program) adds 100 people, each with a current employer and 5
/// relationships, edits the strength of 1,000 relationships and renames 200 people,
/// through the engine as the command line would; then `suggest::load_network` opens
/// the network as the app does, in a fresh process (the median of three), reading the
/// saved graph and applying the listed changes. Everything is put back afterwards (which is listed in turn, so the next
/// run's build from the tables starts a fresh list).
fn catch_up(
    db: &Path,
    store: &Store,
    network: &Network,
    ids: &[PersonId],
    seed: u64,
) -> AnyResult<CatchUpFigures> {
    use intrograph_engine::model::{RelationshipKind, Strength};
    use intrograph_engine::store::{people, relationships};
    let mut rng = fastrand::Rng::with_seed(seed ^ 0xC47C);
    let mut other = Store::open(db)?;
    let ties: Vec<_> =
        network.ties().step_by((network.relationship_count() / 1000).max(1)).take(1000).collect();
    let renamed: Vec<PersonId> = (0..200)
        .map(|_| ids[rng.usize(..ids.len())])
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: Vec<String> =
        renamed.iter().map(|&p| network.person_name(p).unwrap_or_default().to_string()).collect();
    let mut f = CatchUpFigures::default();
    let (added, write) = time(|| {
        other.write(|tx| {
            let mut added = Vec::new();
            for i in 0..100 {
                let mut input = people::PersonInput::named(format!("Catch-up Newcomer {i}"));
                input.organisation = Some("Catch-up Test Co".into());
                let p = people::add(tx, &input)?.id;
                for _ in 0..5 {
                    let q = ids[rng.usize(..ids.len())];
                    let kind = RelationshipKind::ALL[rng.usize(..RelationshipKind::ALL.len())];
                    let input =
                        relationships::RelationshipInput::new(p, q, kind, Strength::new(rng.u8(1..=5))?);
                    relationships::add(tx, &input)?;
                }
                added.push(p);
            }
            for t in &ties {
                let strength = Strength::new(t.tie.strength.get() % 5 + 1)?;
                let patch =
                    relationships::RelationshipPatch { strength: Some(strength), ..Default::default() };
                relationships::edit(tx, t.tie.id, &patch)?;
            }
            for (&p, name) in renamed.iter().zip(&names) {
                let patch =
                    people::PersonPatch { full_name: Some(format!("{name} Jr")), ..Default::default() };
                people::edit(tx, p, &patch)?;
            }
            Ok(added)
        })
    });
    let added = added?;
    f.write_ms = ms(write);
    f.people_added = added.len();
    f.relationships_added = added.len() * 5;
    f.relationships_edited = ties.len();
    f.people_renamed = renamed.len();
    f.listed =
        store.conn().query_row("SELECT count(*) FROM graph_changes", [], |r| r.get::<_, i64>(0))? as u64;
    let token = store::graph_snapshot::ready_token(store.conn())?;
    let opened = open_in_fresh_processes(db)?;
    f.open_cpu_ms = opened.cpu_ms;
    f.open_ms = opened.open_ms;
    let caught_up = suggest::load_network(store, today())?;
    if token.is_none() || store::graph_snapshot::ready_token(store.conn())? != token {
        return Err("the open after the changes rebuilt the graph instead of reading the saved one".into());
    }
    let expected = network.relationship_count() + f.relationships_added;
    if caught_up.relationship_count() != expected
        || opened.relationships != expected
        || caught_up.person_name(renamed[0]) != Some(&format!("{} Jr", names[0]))
    {
        return Err("the graph brought up to date misses changes".into());
    }
    drop(caught_up);
    // Put everything back.
    other.write(|tx| {
        for &p in &added {
            people::remove(tx, p)?;
        }
        for t in &ties {
            let patch =
                relationships::RelationshipPatch { strength: Some(t.tie.strength), ..Default::default() };
            relationships::edit(tx, t.tie.id, &patch)?;
        }
        for (&p, name) in renamed.iter().zip(&names) {
            people::edit(
                tx,
                p,
                &people::PersonPatch { full_name: Some(name.clone()), ..Default::default() },
            )?;
        }
        Ok(())
    })?;
    eprintln!("catch-up after changes: {f:?}");
    Ok(f)
}

/// `count` Finds as the app runs them: each of the workspace's reps in turn, to the
/// targets of the path queries.
fn find_queries(
    store: &Store,
    network: &Network,
    ids: &[PersonId],
    pairs: &[(u32, u32)],
    count: usize,
) -> AnyResult<Latency> {
    use intrograph_engine::model::Target;
    let reps: Vec<PersonId> = store
        .conn()
        .prepare("SELECT person_id FROM reps WHERE active = 1 ORDER BY person_id")?
        .query_map([], |r| r.get::<_, uuid::Uuid>(0).map(PersonId))?
        .collect::<Result<_, _>>()?;
    if reps.is_empty() {
        return Ok(Latency::default());
    }
    let mut times = Vec::with_capacity(count);
    for (i, &(_, t)) in pairs.iter().cycle().take(count).enumerate() {
        let rep = reps[i % reps.len()];
        if ids[t as usize] == rep {
            continue;
        }
        let options = PathOptions { k: 10, max_hops: 4, diverse: true, ..Default::default() };
        let (found, d) = time(|| -> AnyResult<_> {
            let options = suggest::with_track_records(store, network, rep, options)?;
            Ok(suggest::suggest(store.conn(), network, rep, Target::Person(ids[t as usize]), &options)?)
        });
        found?;
        times.push(d);
    }
    Ok(Latency::of(&times))
}

/// One open of a network, in a process of its own.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct OpenTiming {
    open_ms: f64,
    cpu_ms: f64,
    relationships: usize,
}

/// `suggest::load_network` once (the store is opened first, untimed).
fn open_once(db: &Path) -> AnyResult<OpenTiming> {
    let store = Store::open(db)?;
    let cpu0 = stats::cpu_secs();
    let (network, open) = time(|| suggest::load_network(&store, today()));
    let cpu_ms = (stats::cpu_secs() - cpu0) * 1e3;
    Ok(OpenTiming { open_ms: ms(open), cpu_ms, relationships: network?.relationship_count() })
}

/// The median of three opens of `db`'s network, each in a fresh process as the app's
/// start is: memory the process never had costs page faults that a long-running process
/// reusing freed memory does not pay.
fn open_in_fresh_processes(db: &Path) -> AnyResult<OpenTiming> {
    let mut runs = Vec::new();
    for _ in 0..3 {
        let out = Command::new(std::env::current_exe()?).arg("--time-open").arg(db).output()?;
        if !out.status.success() {
            return Err(format!("timing an open failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        runs.push(serde_json::from_slice::<OpenTiming>(&out.stdout)?);
    }
    runs.sort_by(|a, b| a.open_ms.total_cmp(&b.open_ms));
    Ok(runs[1])
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let v = f();
    (v, start.elapsed())
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn bench_size(args: &Args, size: usize) -> AnyResult<SizeFigures> {
    let shape = Shape { people: size, m: args.per_person, triad: args.triad, seed: args.seed };
    let dir = args.data.join(format!("{size}-s{}-m{}-t{}", args.seed, args.per_person, args.triad));
    let people = if dir.join("relationships.csv").exists() {
        eprintln!("[{size}] using generated data in {}", dir.display());
        generate::read_people(&dir)?
    } else {
        eprintln!("[{size}] generating");
        let (p, d) = time(|| generate::write_csv(&shape, &dir, today()));
        eprintln!("[{size}] generated in {:.1}s", secs(d));
        p?
    };
    let index: HashMap<PersonId, u32> =
        people.ids.iter().enumerate().map(|(i, id)| (*id, i as u32)).collect();

    let db = dir.join("intrograph.db");
    let mut figures = SizeFigures { people: size, ..Default::default() };
    let reuse = args.reuse_db || args.reuse_db_sizes.contains(&size);
    if !(reuse && db.exists()) {
        figures.import = Some(import_csv(&dir, &db, size)?);
    }
    if args.import_only {
        return Ok(figures);
    }
    let mut store = Store::open(&db)?;

    // Graph build: load from the store, then build, with the memory each takes.
    let (rss0, _) = stats::rss();
    let cpu0 = stats::cpu_secs();
    let (data, load) = time(|| store::network::load_for_graph_in_parts(&store));
    let (data, later) = data?;
    let params = suggest::weight_params(store.conn())?;
    let (network, build) = time(|| Network::build_in_parts(&data, &later, params, today()));
    let network = network?;
    let cpu_ms = (stats::cpu_secs() - cpu0) * 1e3;
    let (rss1, _) = stats::rss();
    let orgs_with_people = organisation_targets(&data);
    figures.organisations = data.organisations.len();
    drop((data, later));
    let (rss2, _) = stats::rss();
    figures.relationships = network.relationship_count();
    figures.build = BuildFigures {
        load_ms: ms(load),
        build_ms: ms(build),
        total_ms: ms(load + build),
        cpu_ms,
        peak_rss_delta_mb: mb(rss1.saturating_sub(rss0)),
        network_rss_mb: mb(rss2.saturating_sub(rss0)),
        ..BuildFigures::default()
    };

    // Saved beside the database, then read back as the app and the CLI open an
    // unchanged network; the queries below run on the graph read back.
    let file = snapshot::path_for(&db);
    let (saved, save) = time(|| -> AnyResult<()> {
        let token = store::graph_snapshot::begin(store.conn())?;
        if !suggest::save_network(&store, &network, token)? {
            return Err("the network changed while its graph was saved".into());
        }
        Ok(())
    });
    saved?;
    figures.build.save_ms = ms(save);
    figures.build.saved_mb = mb(std::fs::metadata(&file)?.len());
    drop(network);
    let opened = open_in_fresh_processes(&db)?;
    figures.build.open_cpu_ms = opened.cpu_ms;
    figures.build.open_ms = opened.open_ms;
    let network = suggest::load_network(&store, today())?;
    if network.relationship_count() != figures.relationships || opened.relationships != figures.relationships
    {
        return Err("the saved graph read back differs from the graph built".into());
    }
    figures.build.catch_up = Some(catch_up(&db, &store, &network, &people.ids, args.seed)?);
    eprintln!("[{size}] build {:?}", figures.build);

    // Edges by node index, for the query mix and for NetworkX.
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); size];
    let mut edges: Vec<(u32, u32, f64)> = Vec::with_capacity(figures.relationships);
    for t in network.ties() {
        let (a, b) = (index[&t.a.id], index[&t.b.id]);
        adj[a as usize].push(b);
        adj[b as usize].push(a);
        edges.push((a, b, t.tie.weight));
    }
    let pairs = query_pairs(&adj, args.queries, args.seed);

    let nx_dir = dir.join("networkx");
    let run_nx = !args.python.is_empty() && size <= args.nx_max_size && args.nx_queries > 0;
    let mut nx_queries = Vec::new();
    for hops in [3u8, 4] {
        let options = PathOptions { k: 10, max_hops: hops, diverse: false, ..Default::default() };
        let (f, recorded) =
            path_queries(&network, &adj, &people.ids, &index, &pairs, &options, args.nx_queries)?;
        eprintln!("[{size}] paths ≤{hops}: {:?}", f.latency);
        figures.paths.push(f);
        if run_nx {
            nx_queries.extend(recorded);
        }
    }
    let diverse = PathOptions { k: 10, max_hops: 4, diverse: true, ..Default::default() };
    let (f, _) = path_queries(&network, &adj, &people.ids, &index, &pairs, &diverse, 0)?;
    figures.paths_diverse = Some(f);

    figures.organisation_targets =
        organisation_queries(&network, &people.ids, &orgs_with_people, &adj, args.org_queries, args.seed)?;
    eprintln!("[{size}] organisations: {:?}", figures.organisation_targets);
    figures.search = search_as_you_type(&store, &people.names, args.searches, args.seed)?;
    eprintln!("[{size}] search: {:?}", figures.search);
    figures.duplicates = Some(duplicates_figures(&store, &network)?);
    eprintln!("[{size}] likely duplicates: {:?}", figures.duplicates);

    let request_count = args.requests.unwrap_or(size);
    if request_count > 0 {
        figures.metrics = Some(requests::metrics(&mut store, &people.ids, &adj, request_count, args.seed)?);
        eprintln!("[{size}] metrics: {:?}", figures.metrics);
        figures.find = Some(find_queries(&store, &network, &people.ids, &pairs, args.org_queries)?);
        eprintln!("[{size}] find with track records: {:?}", figures.find);
    }

    if run_nx {
        figures.networkx = Some(networkx(args, &nx_dir, &edges, &nx_queries));
        eprintln!(
            "[{size}] networkx: {:?}",
            figures.networkx.as_ref().map(|n| (&n.status, n.agreed, n.mismatched))
        );
    }
    Ok(figures)
}

fn import_csv(dir: &Path, db: &Path, size: usize) -> AnyResult<ImportFigures> {
    remove_database(db)?;
    let mut store = Store::open(db)?;
    let options = ImportOptions::default();
    eprintln!("[{size}] importing people");
    let (p, pd) = time(|| import::people(&mut store, &dir.join("people.csv"), &options));
    let p = p?;
    eprintln!("[{size}] people: {} rows in {:.1}s; importing relationships", p.rows, secs(pd));
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let bare_db = PathBuf::from(format!("{}-bare", db.display()));
    remove_database(&bare_db)?;
    std::fs::copy(db, &bare_db)?;
    let cpu0 = stats::cpu_secs();
    let (r, rd) = time(|| import::relationships(&mut store, &dir.join("relationships.csv"), &options));
    let relationship_cpu_secs = stats::cpu_secs() - cpu0;
    let r = r?;
    eprintln!("[{size}] relationships: {} rows in {:.1}s", r.rows, secs(rd));
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let (bare_load_secs, bare_load_cpu_secs) = bare_load(&store, &bare_db)?;
    eprintln!(
        "[{size}] SQLite's bare load of the same rows: {bare_load_secs:.1}s (import / bare = {:.2})",
        secs(rd) / bare_load_secs
    );
    remove_database(&bare_db)?;
    drop(store);
    let db_bytes = std::fs::metadata(db)?.len();
    Ok(ImportFigures {
        people_rows: p.rows,
        people_secs: secs(pd),
        people_per_sec: p.rows as f64 / secs(pd),
        relationship_rows: r.rows,
        relationship_secs: secs(rd),
        relationships_per_sec: r.rows as f64 / secs(rd),
        relationship_cpu_secs,
        bare_load_secs,
        bare_load_cpu_secs,
        db_bytes,
    })
}

/// Times SQLite's bare load of the relationship rows `imported` holds into `bare_db` (a copy
/// of the database taken just before the relationship import): the same rows, read back
/// whole, inserted in rowid order by one prepared statement in one transaction, through a
/// store opened like the import's (same connection settings), with the table's indexes set
/// aside during the load and built once at the end: SQLite's fastest load of those rows into
/// that table, the way the import itself loads an empty table. Returns wall and CPU seconds.
fn bare_load(imported: &Store, bare_db: &Path) -> AnyResult<(f64, f64)> {
    use rusqlite::types::Value;
    let conn = imported.conn();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('relationships') ORDER BY cid")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut read =
        conn.prepare(&format!("SELECT {} FROM relationships ORDER BY rowid", columns.join(", ")))?;
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut cursor = read.query([])?;
    while let Some(row) = cursor.next()? {
        rows.push((0..columns.len()).map(|i| row.get::<_, Value>(i)).collect::<Result<_, _>>()?);
    }
    drop(cursor);
    let sql = format!(
        "INSERT INTO relationships ({}) VALUES ({})",
        columns.join(", "),
        vec!["?"; columns.len()].join(", ")
    );
    let mut bare = Store::open(bare_db)?;
    // The import trusts its own references (foreign-key checks off while it writes); so does
    // the bare load.
    bare.conn().pragma_update(None, "foreign_keys", false)?;
    let cpu0 = stats::cpu_secs();
    let (loaded, took) = time(|| {
        bare.write(|tx| {
            let aside = intrograph_engine::store::network::set_indexes_aside(tx)?;
            {
                let mut insert = tx.prepare(&sql)?;
                for row in &rows {
                    insert.execute(rusqlite::params_from_iter(row.iter()))?;
                }
            }
            intrograph_engine::store::network::restore_indexes(tx, aside)
        })
    });
    loaded?;
    Ok((secs(took), stats::cpu_secs() - cpu0))
}

/// Removes a database file and its companions (WAL, shared memory, saved graph).
fn remove_database(db: &Path) -> AnyResult<()> {
    for suffix in ["", "-wal", "-shm", "-graph"] {
        let f = PathBuf::from(format!("{}{suffix}", db.display()));
        if f.exists() {
            std::fs::remove_file(&f)?;
        }
    }
    Ok(())
}

/// Organisations with at least one current employee.
fn organisation_targets(data: &intrograph_engine::model::NetworkData) -> Vec<OrganisationId> {
    let mut orgs: Vec<OrganisationId> =
        data.employments.iter().filter(|e| e.current).map(|e| e.organisation_id).collect();
    orgs.sort();
    orgs.dedup();
    orgs
}

/// Rep/target pairs: half reached by a random walk of 2–4 steps from the rep (so
/// usually reachable), half anyone. Reps are people with at least one relationship.
fn query_pairs(adj: &[Vec<u32>], n: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5151);
    let connected: Vec<u32> = (0..adj.len() as u32).filter(|&v| !adj[v as usize].is_empty()).collect();
    let reps: Vec<u32> = (0..20).map(|_| connected[rng.usize(..connected.len())]).collect();
    let mut pairs = Vec::with_capacity(n);
    while pairs.len() < n {
        let rep = reps[pairs.len() % reps.len()];
        let target = if pairs.len() % 2 == 0 {
            let mut v = rep;
            for _ in 0..rng.usize(2..=4) {
                let row = &adj[v as usize];
                v = row[rng.usize(..row.len())];
            }
            v
        } else {
            rng.u32(..adj.len() as u32)
        };
        if target != rep {
            pairs.push((rep, target));
        }
    }
    pairs
}

/// A query and IntroGraph's answer, for the NetworkX check.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordedQuery {
    pub source: u32,
    pub target: u32,
    pub max_hops: u8,
    pub k: usize,
    pub secs: f64,
    /// (score, node indexes from the rep to the target), best first.
    pub paths: Vec<(f64, Vec<u32>)>,
}

fn path_queries(
    network: &Network,
    adj: &[Vec<u32>],
    ids: &[PersonId],
    index: &HashMap<PersonId, u32>,
    pairs: &[(u32, u32)],
    options: &PathOptions,
    record: usize,
) -> AnyResult<(PathFigures, Vec<RecordedQuery>)> {
    let mut times = Vec::with_capacity(pairs.len());
    let mut found = 0usize;
    let mut recorded = Vec::new();
    let mut slowest: Vec<(Duration, u32, u32, usize)> = Vec::new();
    for (i, &(s, t)) in pairs.iter().enumerate() {
        let (res, d) = time(|| paths::paths_to_person(network, ids[s as usize], ids[t as usize], options));
        let res = res?;
        times.push(d);
        slowest.push((d, s, t, res.len()));
        found += usize::from(!res.is_empty());
        if i < record {
            recorded.push(RecordedQuery {
                source: s,
                target: t,
                max_hops: options.max_hops,
                k: options.k,
                secs: secs(d),
                paths: res
                    .iter()
                    .map(|p| (p.score, p.people.iter().map(|q| index[&q.id]).collect()))
                    .collect(),
            });
        }
    }
    // Where the tail comes from: the slowest queries, with both ends' ties and how many
    // paths each found.
    slowest.sort_by_key(|q| std::cmp::Reverse(q.0));
    let degree = |n: u32| adj[n as usize].len();
    let tail: Vec<String> = slowest
        .iter()
        .take(8)
        .map(|&(d, s, t, n)| format!("{:.1} ms ({} → {} ties, {n} paths)", ms(d), degree(s), degree(t)))
        .collect();
    eprintln!("slowest paths ≤{} (diverse {}): {tail:?}", options.max_hops, options.diverse);
    let figures = PathFigures {
        max_hops: options.max_hops,
        k: options.k,
        latency: Latency::of(&times),
        found_share: found as f64 / pairs.len().max(1) as f64,
    };
    Ok((figures, recorded))
}

fn organisation_queries(
    network: &Network,
    ids: &[PersonId],
    orgs: &[OrganisationId],
    adj: &[Vec<u32>],
    n: usize,
    seed: u64,
) -> AnyResult<Latency> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x0a9);
    let options = PathOptions { k: 10, max_hops: 3, per_target: 3, ..Default::default() };
    let mut times = Vec::with_capacity(n);
    if orgs.is_empty() {
        return Ok(Latency::default());
    }
    while times.len() < n {
        let rep = rng.usize(..ids.len());
        if adj[rep].is_empty() {
            continue;
        }
        let org = orgs[rng.usize(..orgs.len())];
        let (res, d) = time(|| paths::paths_to_organisation(network, ids[rep], org, &options));
        res?;
        times.push(d);
    }
    Ok(Latency::of(&times))
}

/// Typing the first one to five letters of a name, one keystroke at a time: one search per keystroke.
fn search_as_you_type(store: &Store, names: &[String], n: usize, seed: u64) -> AnyResult<Latency> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5ea);
    let mut times = Vec::with_capacity(n * 5);
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for _ in 0..n {
        let name = &names[rng.usize(..names.len())];
        for len in 1..=5 {
            let prefix: String = name.chars().take(len).collect();
            let (res, d) = time(|| people::search(store.conn(), &prefix, Page::first(20)));
            res?;
            times.push(d);
            slowest.push((d, prefix));
        }
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    slowest.truncate(8);
    eprintln!(
        "slowest searches: {:?}",
        slowest.iter().map(|(d, p)| format!("{p:?} {:.1} ms", ms(*d))).collect::<Vec<_>>()
    );
    Ok(Latency::of(&times))
}

/// What the NetworkX script writes.
#[derive(Debug, Deserialize)]
struct NxOutput {
    networkx_version: String,
    results: Vec<NxResult>,
}

#[derive(Debug, Deserialize)]
struct NxResult {
    status: String,
    secs: f64,
    #[serde(default)]
    detail: String,
}

fn networkx(
    args: &Args,
    dir: &Path,
    edges: &[(u32, u32, f64)],
    queries: &[RecordedQuery],
) -> NetworkxFigures {
    match networkx_inner(args, dir, edges, queries) {
        Ok(f) => f,
        Err(e) => NetworkxFigures { status: format!("not run: {e}"), ..Default::default() },
    }
}

fn networkx_inner(
    args: &Args,
    dir: &Path,
    edges: &[(u32, u32, f64)],
    queries: &[RecordedQuery],
) -> AnyResult<NetworkxFigures> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(dir.join("edges.txt"))?);
    for (a, b, wt) in edges {
        // `{:?}` prints the shortest text that reads back as the same f64.
        writeln!(w, "{a} {b} {wt:?}")?;
    }
    w.flush()?;
    drop(w);
    std::fs::write(dir.join("queries.json"), serde_json::to_vec(queries)?)?;
    let out = dir.join("networkx.json");
    let status = Command::new(&args.python)
        .arg(&args.nx_script)
        .arg("--edges")
        .arg(dir.join("edges.txt"))
        .arg("--queries")
        .arg(dir.join("queries.json"))
        .arg("--out")
        .arg(&out)
        .arg("--timeout")
        .arg(args.nx_timeout.to_string())
        .status()
        .map_err(|e| format!("{}: {e}", args.python))?;
    if !status.success() {
        return Err(format!("{} exited with {status}", args.nx_script.display()).into());
    }
    let nx: NxOutput = serde_json::from_slice(&std::fs::read(&out)?)?;
    let mut f = NetworkxFigures {
        networkx_version: nx.networkx_version,
        compared: nx.results.len(),
        timeout_secs: args.nx_timeout,
        ..Default::default()
    };
    let (mut nx_sum, mut ig_sum) = (0.0, 0.0);
    let (mut nx_ms, mut ig_ms) = (Vec::new(), Vec::new());
    for (q, r) in queries.iter().zip(&nx.results) {
        match r.status.as_str() {
            "agree" => f.agreed += 1,
            "timeout" => f.timed_out += 1,
            _ => {
                f.mismatched += 1;
                f.mismatches
                    .push(format!("{} → {} (≤{} hops): {}", q.source, q.target, q.max_hops, r.detail));
            }
        }
        if r.status != "timeout" {
            nx_sum += r.secs;
            ig_sum += q.secs;
            nx_ms.push(r.secs * 1e3);
            ig_ms.push(q.secs * 1e3);
        }
    }
    nx_ms.sort_by(f64::total_cmp);
    ig_ms.sort_by(f64::total_cmp);
    f.networkx_p50_ms = stats::percentile(&nx_ms, 50.0);
    f.intrograph_p50_ms = stats::percentile(&ig_ms, 50.0);
    f.time_ratio = if ig_sum > 0.0 { nx_sum / ig_sum } else { 0.0 };
    f.status = if f.mismatched > 0 { "MISMATCH".into() } else { "agree".into() };
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("10k"), Ok(10_000));
        assert_eq!(parse_size("1M"), Ok(1_000_000));
        assert_eq!(parse_size("2500"), Ok(2500));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5").is_err());
    }

    #[test]
    fn query_pairs_are_seeded_and_never_self() {
        let edges = generate::holme_kim(&Shape { people: 500, m: 3, triad: 0.5, seed: 1 });
        let mut adj = vec![Vec::new(); 500];
        for (a, b) in edges {
            adj[a as usize].push(b);
            adj[b as usize].push(a);
        }
        let p = query_pairs(&adj, 100, 9);
        assert_eq!(p.len(), 100);
        assert!(p.iter().all(|(s, t)| s != t));
        assert_eq!(p, query_pairs(&adj, 100, 9));
    }
}
