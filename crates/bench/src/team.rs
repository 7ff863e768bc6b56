//! `intrograph-bench --team`: the team workspace against a local PostgreSQL server (a
//! throwaway cluster under the data folder, see intrograph_team::testing).
//!
//! Per size: the seed rep's workspace (the generated network: people, organisations,
//! relationships) joins and pushes it all; an empty laptop joins and makes its first pull
//! (the current-state rows copied out); then 1,000 edits on the seed laptop are pushed and
//! pulled by the other (an incremental sync, each half timed). Once, on a team database of
//! its own: 50 simulated reps, each with offline additions, sync concurrently for a few
//! rounds; every rep must end with every rep's people, and the server's log must hold
//! each person once. Writes `<out>/team.md` and `<out>/team.json`.

use std::path::Path;
use std::time::Instant;

use intrograph_engine::store::people::{self, PersonInput, PersonPatch};
use intrograph_engine::store::Store;
use intrograph_team::testing::Cluster;
use intrograph_team::MemorySecrets;
use serde::{Deserialize, Serialize};

use crate::stats::Machine;
use crate::AnyResult;

/// Simulated reps syncing at once.
const REPS: usize = 50;
/// People each simulated rep adds offline, per round.
const REP_PEOPLE: usize = 20;
const REP_ROUNDS: usize = 3;
/// Set: the team databases and both laptops of each size are left in place (and the
/// cluster running), to profile by hand.
pub const KEEP_ENV: &str = "INTROGRAPH_BENCH_KEEP_TEAM";
/// Edits in the incremental sync.
const EDITS: usize = 1000;

#[derive(Debug, Default, Serialize)]
pub struct TeamSize {
    pub people: usize,
    pub rows: u64,
    pub seed_join_push_secs: f64,
    pub first_pull_secs: f64,
    pub first_pull_rows: u64,
    pub first_pull_rows_per_sec: f64,
    /// Where the first pull's time went (reader thread: read, parse; writer: apply,
    /// commit, waiting for rows).
    pub first_pull_timing: Option<intrograph_team::sync::FirstPullTiming>,
    /// The peak resident memory of the process that made the first pull (and nothing
    /// else), in MB.
    pub first_pull_peak_rss_mb: f64,
    /// SQLite's own floor for the first pull: the rows it wrote, copied by SQLite alone
    /// into an empty workspace (see [`bare_load`]), in seconds, and those rows.
    pub bare_load_secs: f64,
    pub bare_load_rows: u64,
    pub incremental_push_secs: f64,
    pub incremental_pull_secs: f64,
    pub incremental_changes: u64,
    /// Where the incremental push and pull spent their time.
    pub incremental_push_timing: Option<intrograph_team::sync::SyncTiming>,
    pub incremental_pull_timing: Option<intrograph_team::sync::SyncTiming>,
    pub laptop_db_mb: f64,
    /// The admin's `team snapshot`: seconds in all, the first pull into its file, storing
    /// it; its size.
    pub snapshot_make_secs: f64,
    pub snapshot_pull_secs: f64,
    pub snapshot_upload_secs: f64,
    pub snapshot_mb: f64,
    /// Another empty laptop's join once the snapshot is stored: its whole first pull (in a
    /// process of its own), and how the start from the snapshot went.
    pub snapshot_first_pull_secs: f64,
    pub snapshot_first_pull_peak_rss_mb: f64,
    pub snapshot_start: Option<intrograph_team::snapshot::StartTiming>,
    /// Rows the join pulled after the snapshot (the tables it does not hold, the changes since).
    pub snapshot_first_pull_rows: u64,
}

#[derive(Debug, Default, Serialize)]
pub struct Concurrent {
    pub reps: usize,
    pub rounds: usize,
    pub people_added: usize,
    pub round_secs: Vec<f64>,
    pub every_rep_has_everyone: bool,
    pub server_changes_for_added_people: i64,
    pub server_distinct_added_people: i64,
}

#[derive(Debug, Default, Serialize)]
pub struct TeamRun {
    pub date: String,
    pub command: String,
    pub machine: Option<Machine>,
    pub sizes: Vec<TeamSize>,
    pub concurrent: Option<Concurrent>,
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// The environment variable that gives the child process of [`first_pull_in_child`] the
/// rep's URL (kept out of the command line, which any user of the machine can read).
pub const FIRST_PULL_URL_ENV: &str = "INTROGRAPH_BENCH_TEAM_URL";

/// What the child process of [`first_pull_in_child`] reports.
#[derive(Debug, Serialize, Deserialize)]
pub struct FirstPullChild {
    pub pulled: u64,
    pub secs: f64,
    pub timing: Option<intrograph_team::sync::FirstPullTiming>,
    /// The process's peak resident memory (`VmHWM`), in kB.
    pub peak_rss_kb: u64,
    /// How the join started from the team's snapshot, if it did.
    #[serde(default)]
    pub start: Option<intrograph_team::snapshot::StartTiming>,
}

/// In the child process (`--first-pull DB`): the empty laptop at `db` joins the team at
/// the URL in [`FIRST_PULL_URL_ENV`], and nothing else runs in the process, so its peak
/// memory is the first pull's own, as a desktop's `intrograph team join` would use.
pub fn first_pull_child(db: &Path) -> AnyResult<FirstPullChild> {
    let url = std::env::var(FIRST_PULL_URL_ENV).map_err(|_| format!("{FIRST_PULL_URL_ENV} is not set"))?;
    let mut laptop = Store::open(db)?;
    let t = Instant::now();
    let r = intrograph_team::join(&mut laptop, &url, &MemorySecrets::default())?;
    let secs = secs(t);
    let status = std::fs::read_to_string("/proc/self/status")?;
    let peak_rss_kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok(FirstPullChild {
        pulled: r.pulled,
        secs,
        timing: intrograph_team::sync::last_first_pull_timing(),
        peak_rss_kb,
        start: intrograph_team::snapshot::last_start_timing(),
    })
}

/// Runs the first pull of the empty laptop at `db` in a process of its own (this program,
/// `--first-pull`), so that its memory figure is not mixed with the seed laptop's or a
/// smaller size's.
fn first_pull_in_child(db: &Path, url: &str) -> AnyResult<FirstPullChild> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .arg("--first-pull")
        .arg(db)
        .env(FIRST_PULL_URL_ENV, url)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err("the first pull's process failed (see above)".into());
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// One size: `seed_db` is a workspace holding the generated network.
pub fn size(cluster: &Cluster, seed_db: &Path, people: usize, work: &Path) -> AnyResult<TeamSize> {
    let db = format!("team_{people}");
    cluster.psql("postgres", &format!("CREATE DATABASE {db}"))?;
    let admin = cluster.url_for("admin", "admin", &db);
    intrograph_team::init(&admin)?;
    let seed_rep = intrograph_team::add_rep(&admin, "Seed Lead", "lead@bench.example", true)?;
    let laptop_rep = intrograph_team::add_rep(&admin, "New Laptop", "laptop@bench.example", false)?;
    let newer_rep = intrograph_team::add_rep(&admin, "Newer Laptop", "newer@bench.example", false)?;
    let mut fig = TeamSize { people, ..Default::default() };

    let seed_path = work.join(format!("seed-{people}.db"));
    crate::remove_database(&seed_path)?;
    std::fs::copy(seed_db, &seed_path)?;
    let mut seed = Store::open(&seed_path)?;
    let seed_secrets = MemorySecrets::default();
    eprintln!("[team {people}] the seed laptop joins and pushes its network");
    let t = Instant::now();
    let r = intrograph_team::join(&mut seed, &seed_rep.url, &seed_secrets)?;
    fig.seed_join_push_secs = secs(t);
    fig.rows = r.pushed;
    eprintln!("[team {people}] pushed {} changes in {:.1}s", r.pushed, fig.seed_join_push_secs);

    let laptop_path = work.join(format!("laptop-{people}.db"));
    crate::remove_database(&laptop_path)?;
    eprintln!("[team {people}] an empty laptop joins: its first pull (in a process of its own)");
    let child = first_pull_in_child(&laptop_path, &laptop_rep.url)?;
    fig.first_pull_secs = child.secs;
    fig.first_pull_peak_rss_mb = child.peak_rss_kb as f64 / 1024.0;
    fig.first_pull_rows = child.pulled;
    fig.first_pull_rows_per_sec = child.pulled as f64 / fig.first_pull_secs;
    fig.first_pull_timing = child.timing;
    eprintln!(
        "[team {people}] first pull: {} rows in {:.1}s, peak memory of its process {:.0} MB",
        child.pulled, fig.first_pull_secs, fig.first_pull_peak_rss_mb
    );
    if let Some(t) = &fig.first_pull_timing {
        eprintln!("[team {people}] first pull: {t:?}");
    }
    eprintln!("[team {people}] SQLite's bare load of the pulled rows");
    let (bare_secs, bare_rows) = bare_load(&laptop_path, work)?;
    fig.bare_load_secs = bare_secs;
    fig.bare_load_rows = bare_rows;
    eprintln!(
        "[team {people}] bare load: {bare_rows} rows in {bare_secs:.1}s (first pull / bare = {:.2})",
        fig.first_pull_secs / bare_secs
    );
    let mut laptop = Store::open(&laptop_path)?;
    // The joined laptop's password was kept by the child's secret store; here it is given
    // as a headless machine gives it.
    let laptop_secrets = intrograph_team::EnvPassword(laptop_rep.password.clone());

    // 1,000 edits on the seed laptop, pushed, then pulled by the other laptop.
    let ids: Vec<intrograph_engine::model::PersonId> = seed
        .conn()
        .prepare("SELECT id FROM people ORDER BY id LIMIT ?1")?
        .query_map([EDITS as i64], |r| r.get(0).map(intrograph_engine::model::PersonId))?
        .collect::<Result<_, _>>()?;
    seed.write(|tx| {
        for (i, id) in ids.iter().enumerate() {
            let patch = PersonPatch { title: Some(format!("Edited title {i}")), ..Default::default() };
            people::edit(tx, *id, &patch)?;
        }
        Ok(())
    })?;
    let t = Instant::now();
    let r = intrograph_team::sync(&mut seed, &seed_secrets)?;
    fig.incremental_push_secs = secs(t);
    fig.incremental_changes = r.pushed;
    fig.incremental_push_timing = intrograph_team::sync::last_sync_timing();
    let t = Instant::now();
    let r = intrograph_team::sync(&mut laptop, &laptop_secrets)?;
    fig.incremental_pull_secs = secs(t);
    fig.incremental_pull_timing = intrograph_team::sync::last_sync_timing();
    if r.pulled < EDITS as u64 {
        return Err(format!("the laptop pulled {} of the {EDITS} edits", r.pulled).into());
    }
    let edited: i64 = laptop.conn().query_row(
        "SELECT count(*) FROM people WHERE title LIKE 'Edited title %'",
        [],
        |r| r.get(0),
    )?;
    if edited != ids.len() as i64 {
        return Err(format!("the laptop has {edited} of the {} edits", ids.len()).into());
    }
    laptop.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    fig.laptop_db_mb = std::fs::metadata(&laptop_path)?.len() as f64 / 1e6;
    eprintln!(
        "[team {people}] incremental: {} changes pushed in {:.2}s, pulled in {:.2}s",
        fig.incremental_changes, fig.incremental_push_secs, fig.incremental_pull_secs
    );
    eprintln!("[team {people}] incremental push: {:?}", fig.incremental_push_timing);
    eprintln!("[team {people}] incremental pull: {:?}", fig.incremental_pull_timing);
    drop((seed, laptop));
    // The row-by-row laptop makes room (disk) for the snapshot and the laptop started from it.
    if std::env::var_os(KEEP_ENV).is_none() {
        crate::remove_database(&laptop_path)?;
    }
    eprintln!("[team {people}] the admin stores a snapshot for new desktops");
    let t = Instant::now();
    let made = intrograph_team::snapshot::make(&admin, work)?;
    fig.snapshot_make_secs = secs(t);
    fig.snapshot_pull_secs = made.pull_secs;
    fig.snapshot_upload_secs = made.upload_secs;
    fig.snapshot_mb = made.bytes as f64 / 1e6;
    eprintln!("[team {people}] snapshot: {made:?}");
    let newer_path = work.join(format!("newer-{people}.db"));
    crate::remove_database(&newer_path)?;
    eprintln!("[team {people}] another empty laptop joins, from the snapshot (in a process of its own)");
    let child = first_pull_in_child(&newer_path, &newer_rep.url)?;
    fig.snapshot_first_pull_secs = child.secs;
    fig.snapshot_first_pull_peak_rss_mb = child.peak_rss_kb as f64 / 1024.0;
    fig.snapshot_first_pull_rows = child.pulled;
    fig.snapshot_start = child.start;
    eprintln!("[team {people}] first pull from the snapshot: {:.1}s, {:?}", child.secs, child.start);
    if child.start.is_none() {
        return Err("the laptop joining after the snapshot did not start from it".into());
    }
    // Nothing lost: the laptop has every person and tie the server has.
    let newer = Store::open_unchecked(&newer_path)?;
    for (table, local) in [("people", "people"), ("relationships", "relationships")] {
        let server: i64 = cluster
            .psql(&db, &format!("SELECT count(*) FROM team.rows WHERE tbl = '{table}' AND NOT deleted"))?
            .parse()?;
        let here: i64 = newer.conn().query_row(&format!("SELECT count(*) FROM {local}"), [], |r| r.get(0))?;
        if here != server {
            return Err(format!(
                "the laptop started from the snapshot has {here} {table}; the server {server}"
            )
            .into());
        }
    }
    drop(newer);
    crate::remove_database(&newer_path)?;
    if std::env::var_os(KEEP_ENV).is_some() {
        eprintln!(
            "[team {people}] kept for profiling ({KEEP_ENV}): {}, {}, database {db} of the cluster in {}",
            seed_path.display(),
            laptop_path.display(),
            work.display()
        );
        return Ok(fig);
    }
    for p in [&seed_path, &laptop_path] {
        crate::remove_database(p)?;
    }
    cluster.psql("postgres", &format!("DROP DATABASE {db}"))?;
    Ok(fig)
}

/// SQLite's own floor for a first pull: the rows the pull wrote into `pulled` (the shared
/// tables, a person's emails and phones, tags, the sync base), copied by SQLite alone into
/// an empty workspace, one `INSERT … SELECT` per table from the attached file (row by row:
/// the `WHERE` keeps SQLite from copying raw records), in one transaction, with the same
/// indexes and triggers set aside and built again as the pull's. No server, no network, no
/// parsing, no merge: what writing these rows costs SQLite on this machine. Returns the
/// seconds and the rows copied.
fn bare_load(pulled: &Path, work: &Path) -> AnyResult<(f64, u64)> {
    use intrograph_engine::store::sync;
    let bare_path = work.join("bare.db");
    crate::remove_database(&bare_path)?;
    let mut bare = Store::open(&bare_path)?;
    bare.conn().pragma_update(None, "foreign_keys", false)?;
    bare.conn().execute("ATTACH DATABASE ?1 AS pulled", [pulled.display().to_string()])?;
    let mut tables: Vec<&str> = sync::SHARED.iter().map(|s| s.table).collect();
    tables.extend(["person_emails", "person_phones", "tags", "person_tags", "sync_base"]);
    let t = Instant::now();
    let rows = bare.write(|tx| {
        let fresh = sync::Fresh::scan(tx, 0, None)?;
        sync::set_aside_for_load(tx, &fresh)?;
        let mut rows = 0u64;
        for table in &tables {
            rows += tx
                .execute(&format!("INSERT INTO main.{table} SELECT * FROM pulled.{table} WHERE 1"), [])?
                as u64;
        }
        sync::restore_after_load(tx, &chrono::Utc::now().to_rfc3339())?;
        Ok(rows)
    })?;
    let took = secs(t);
    drop(bare);
    crate::remove_database(&bare_path)?;
    Ok((took, rows))
}

/// 50 reps syncing concurrently, each pushing and pulling.
pub fn concurrent(cluster: &Cluster, work: &Path) -> AnyResult<Concurrent> {
    cluster.psql("postgres", "CREATE DATABASE team_concurrent")?;
    let admin = cluster.url_for("admin", "admin", "team_concurrent");
    intrograph_team::init(&admin)?;
    let dir = work.join("concurrent");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut desks = Vec::new();
    for i in 0..REPS {
        let rep =
            intrograph_team::add_rep(&admin, &format!("Rep {i}"), &format!("rep{i}@bench.example"), false)?;
        let mut store = Store::open(dir.join(format!("rep{i}.db")))?;
        let secrets = MemorySecrets::default();
        intrograph_team::join(&mut store, &rep.url, &secrets)?;
        desks.push((store, secrets));
    }
    let mut out = Concurrent { reps: REPS, rounds: REP_ROUNDS, ..Default::default() };
    for round in 0..REP_ROUNDS {
        for (i, (store, _)) in desks.iter_mut().enumerate() {
            store.write(|tx| {
                for j in 0..REP_PEOPLE {
                    people::add(
                        tx,
                        &PersonInput {
                            full_name: format!("Added {round}-{i}-{j}"),
                            emails: vec![format!("a{round}.{i}.{j}@bench.example")],
                            ..Default::default()
                        },
                    )?;
                }
                Ok(())
            })?;
        }
        out.people_added += REPS * REP_PEOPLE;
        let t = Instant::now();
        let failures: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = desks
                .iter_mut()
                .map(|(store, secrets)| s.spawn(move || intrograph_team::sync(store, secrets).map(|_| ())))
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().ok().and_then(|r| r.err()).map(|e| e.to_string()))
                .collect()
        });
        if !failures.is_empty() {
            return Err(
                format!("{} of {REPS} concurrent syncs failed: {}", failures.len(), failures[0]).into()
            );
        }
        out.round_secs.push(secs(t));
        eprintln!("[team concurrent] round {round}: {REPS} reps synced at once in {:.2}s", secs(t));
    }
    // A last pass so every rep has seen every other rep's last round.
    for (store, secrets) in desks.iter_mut() {
        intrograph_team::sync(store, secrets)?;
    }
    out.every_rep_has_everyone = desks.iter().all(|(store, _)| {
        store
            .conn()
            .query_row("SELECT count(*) FROM people WHERE full_name LIKE 'Added %'", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n == out.people_added as i64)
            .unwrap_or(false)
    });
    let counts = cluster.psql(
        "team_concurrent",
        "SELECT count(*) || ' ' || count(DISTINCT row_id) FROM team.changes WHERE tbl = 'people' AND fields->>'full_name' LIKE 'Added %'",
    )?;
    let mut parts = counts.split(' ').map(|p| p.parse::<i64>().unwrap_or(-1));
    out.server_changes_for_added_people = parts.next().unwrap_or(-1);
    out.server_distinct_added_people = parts.next().unwrap_or(-1);
    if !out.every_rep_has_everyone || out.server_changes_for_added_people != out.people_added as i64 {
        return Err(format!("the concurrent sync lost or doubled something: {out:?}").into());
    }
    drop(desks);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(out)
}

pub fn markdown(run: &TeamRun) -> String {
    let mut md = String::from("# IntroGraph team sync benchmark\n\n");
    md.push_str(&format!("Run {} with `{}`.\n\n", run.date, run.command));
    if let Some(m) = &run.machine {
        md.push_str(&format!(
            "Machine: {} ({} cores), {:.1} GB memory, {}, {}. Server: PostgreSQL from Debian, a local throwaway cluster (fsync off).\n\n",
            m.cpu, m.cores, m.memory_gb, m.os, m.rustc
        ));
    }
    md.push_str(
        "## Targets\n\n| figure | target | measured | at people | verdict |\n|---|---|---|---|---|\n",
    );
    if let Some(last) = run.sizes.last() {
        let verdict = |ok: bool| if ok { "pass" } else { "**MISS**" };
        md.push_str(&format!(
            "| first pull of an empty laptop (from the team's snapshot) | ≤ 120 s (at 1M people, 10M relationships) | {:.1} s | {} | {} |\n",
            last.snapshot_first_pull_secs,
            last.people,
            if last.people >= 1_000_000 { verdict(last.snapshot_first_pull_secs <= 120.0) } else { "not yet measured at 1M" }
        ));
        md.push_str(&format!(
            "| first pull of an empty laptop, row by row (no snapshot stored) | reported | {:.1} s | {} | - |\n",
            last.first_pull_secs, last.people
        ));
        let inc = last.incremental_push_secs.max(last.incremental_pull_secs);
        md.push_str(&format!(
            "| incremental sync of 1,000 changes (slower half) | ≤ 1 s | {inc:.2} s | {} | {} |\n",
            last.people,
            verdict(inc <= 1.0)
        ));
    }
    if let Some(c) = &run.concurrent {
        md.push_str(&format!(
            "| {} reps syncing concurrently, nothing lost | nothing lost or doubled | {} people added, every rep has all: {}, server log {} changes for {} people | team | {} |\n",
            c.reps,
            c.people_added,
            c.every_rep_has_everyone,
            c.server_changes_for_added_people,
            c.server_distinct_added_people,
            if c.every_rep_has_everyone && c.server_changes_for_added_people == c.people_added as i64 { "pass" } else { "**MISS**" }
        ));
    }
    md.push_str("\n## Figures by size\n\n| | ");
    md.push_str(&run.sizes.iter().map(|s| s.people.to_string()).collect::<Vec<_>>().join(" | "));
    md.push_str(" |\n|---|");
    md.push_str(&"---|".repeat(run.sizes.len()));
    md.push('\n');
    let row = |name: &str, f: &dyn Fn(&TeamSize) -> String| {
        format!("| {name} | {} |\n", run.sizes.iter().map(f).collect::<Vec<_>>().join(" | "))
    };
    md.push_str(&row("rows pushed by the seed laptop on joining", &|s| s.rows.to_string()));
    md.push_str(&row("seed laptop's join (push everything), s", &|s| {
        format!("{:.1}", s.seed_join_push_secs)
    }));
    md.push_str(&row("empty laptop's first pull, s", &|s| format!("{:.1}", s.first_pull_secs)));
    md.push_str(&row("first pull, rows", &|s| s.first_pull_rows.to_string()));
    md.push_str(&row("admin's `team snapshot`, s (first pull into its file + storing it)", &|s| {
        format!("{:.1} ({:.1} + {:.1})", s.snapshot_make_secs, s.snapshot_pull_secs, s.snapshot_upload_secs)
    }));
    md.push_str(&row("snapshot file, MB", &|s| format!("{:.0}", s.snapshot_mb)));
    md.push_str(&row("**empty laptop's first pull from the snapshot, s**", &|s| {
        format!("{:.1}", s.snapshot_first_pull_secs)
    }));
    let start = |f: fn(&intrograph_team::snapshot::StartTiming) -> f64| {
        move |s: &TeamSize| s.snapshot_start.as_ref().map_or("-".to_string(), |t| format!("{:.1}", f(t)))
    };
    md.push_str(&row("from the snapshot: downloaded and checked (SHA-256), s", &start(|t| t.download_secs)));
    md.push_str(&row("from the snapshot: made the desktop's own, s", &start(|t| t.ready_secs)));
    md.push_str(&row("from the snapshot: taken as the workspace's content, s", &start(|t| t.copy_secs)));
    md.push_str(&row("from the snapshot: the rest (sign-in, rep, I.Q. results, changes since), s", &|s| {
        s.snapshot_start.as_ref().map_or("-".to_string(), |t| {
            format!("{:.1}", s.snapshot_first_pull_secs - t.download_secs - t.ready_secs - t.copy_secs)
        })
    }));
    md.push_str(&row("from the snapshot: rows pulled after it", &|s| s.snapshot_first_pull_rows.to_string()));
    md.push_str(&row("from the snapshot: peak memory of its process, MB", &|s| {
        format!("{:.0}", s.snapshot_first_pull_peak_rss_mb)
    }));
    md.push_str(&row("first pull, rows/s", &|s| format!("{:.0}", s.first_pull_rows_per_sec)));
    md.push_str(&row(
        "SQLite's bare load of the same rows (copied into an empty workspace by SQLite alone), s",
        &|s| format!("{:.1}", s.bare_load_secs),
    ));
    md.push_str(&row("bare load, rows (rows and their sync base)", &|s| s.bare_load_rows.to_string()));
    md.push_str(&row("first pull / bare load", &|s| {
        if s.bare_load_secs > 0.0 {
            format!("{:.2}×", s.first_pull_secs / s.bare_load_secs)
        } else {
            "—".into()
        }
    }));
    md.push_str(&row("first pull, peak memory of its process, MB", &|s| {
        format!("{:.0}", s.first_pull_peak_rss_mb)
    }));
    let timing = |f: fn(&intrograph_team::sync::FirstPullTiming) -> f64| {
        move |s: &TeamSize| s.first_pull_timing.as_ref().map_or("-".to_string(), |t| format!("{:.1}", f(t)))
    };
    md.push_str(&row(
        "first pull: reader, COPY read (and waiting for the writer), s",
        &timing(|t| t.read_secs),
    ));
    md.push_str(&row("first pull: reader, lines parsed, s", &timing(|t| t.parse_secs)));
    md.push_str(&row("first pull: writer, rows applied to SQLite, s", &timing(|t| t.apply_secs)));
    md.push_str(&row(
        "first pull: writer, references checked and resume mark, s",
        &timing(|t| t.commit_secs),
    ));
    md.push_str(&row(
        "first pull: writer, SQLite's commits (WAL written, checkpoints), s",
        &timing(|t| t.sqlite_commit_secs),
    ));
    md.push_str(&row(
        "first pull: writer, indexes set aside built again and name search rebuilt (last part), s",
        &timing(|t| t.rebuild_secs),
    ));
    md.push_str(&row("first pull: writer waiting for rows, s", &timing(|t| t.wait_secs)));
    md.push_str(&row("first pull: committed parts", &|s| {
        s.first_pull_timing.as_ref().map_or("-".to_string(), |t| t.parts.to_string())
    }));
    md.push_str(&row("incremental: push of 1,000 edits, s", &|s| format!("{:.2}", s.incremental_push_secs)));
    md.push_str(&row("incremental: pull of 1,000 edits, s", &|s| format!("{:.2}", s.incremental_pull_secs)));
    type Part = fn(&intrograph_team::sync::SyncTiming) -> f64;
    let parts: [(&str, Part); 6] = [
        ("signing in", |t| t.connect_secs),
        ("staging", |t| t.stage_secs),
        ("sending (the server merging)", |t| t.send_secs),
        ("confirming", |t| t.confirm_secs),
        ("pulling", |t| t.pull_secs),
        ("finishing", |t| t.finish_secs),
    ];
    for (side, pick) in [
        ("push", (|s: &TeamSize| s.incremental_push_timing) as fn(&TeamSize) -> _),
        ("pull", |s: &TeamSize| s.incremental_pull_timing),
    ] {
        for (name, part) in parts {
            md.push_str(&row(&format!("incremental {side}'s sync: {name}, s"), &|s| {
                pick(s).map_or("-".to_string(), |t| format!("{:.2}", part(&t)))
            }));
        }
    }
    md.push_str(&row("laptop database after the pull, MB", &|s| format!("{:.0}", s.laptop_db_mb)));
    if let Some(c) = &run.concurrent {
        md.push_str(&format!(
            "\n## {} reps syncing concurrently\n\nEach round every rep adds {} people offline, then all {} sync at once (threads, one connection each), pushing their own and pulling everyone's. Rounds: {}. Seconds per round: {}.\n",
            c.reps,
            REP_PEOPLE,
            c.reps,
            c.rounds,
            c.round_secs.iter().map(|s| format!("{s:.2}")).collect::<Vec<_>>().join(", ")
        ));
    }
    md
}

pub fn write(run: &TeamRun, out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("team.json"), serde_json::to_string_pretty(run).expect("plain data"))?;
    std::fs::write(out.join("team.md"), markdown(run))
}
