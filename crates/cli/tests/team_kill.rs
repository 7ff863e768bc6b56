//! A team sync cut off at any point resumes with nothing lost and nothing doubled: the real
//! `intrograph team sync` is killed with SIGKILL at random (seeded) moments, and the
//! server is restarted in mid-sync. After every kill `intrograph db check` passes; at the
//! end a second rep's desktop holds exactly the people the first one added, and the
//! server's log holds each of them once. And an empty desktop's first pull of many
//! committed parts is killed again and again: each desktop ends with the same content as
//! one whose pull was never cut.
//!
//! Runs against a throwaway PostgreSQL cluster and the desktop's secret store (the test
//! command runs it inside scripts/with-keyring.sh). Set `INTROGRAPH_CRASH_SEED` to replay.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::Db;
use intrograph_engine::model::{RelationshipKind, Strength};
use intrograph_engine::store::people::{self, PersonInput};
use intrograph_engine::store::relationships::RelationshipInput;
use intrograph_engine::store::Store;
use intrograph_team::sync::first_pull_hooks::PART_ROWS_ENV;
use intrograph_team::testing::Cluster;

/// Kills that must land inside a running sync (rounds go on until they have).
const KILLS: u64 = 22;
const MAX_ROUNDS: u64 = 200;
const PER_ROUND: usize = 150;
/// The rows of a committed part of a first pull, in the test that kills one.
const PART_ROWS: &str = "100";
/// Kills that must land inside a running first pull.
const FIRST_PULL_KILLS: u64 = 12;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The seed of a test's random moments: `INTROGRAPH_CRASH_SEED`, else the clock; printed,
/// to replay a failure.
fn crash_seed() -> u64 {
    let seed =
        std::env::var("INTROGRAPH_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
        });
    eprintln!("INTROGRAPH_CRASH_SEED={seed}");
    seed
}

/// A throwaway cluster with the team schema, and its admin's URL.
fn team_server() -> (Cluster, String) {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    let admin = cluster.admin_url();
    intrograph_team::init(&admin).unwrap();
    (cluster, admin)
}

fn add_people(db: &Db, round: u64, n: usize) {
    let mut store = Store::open(&db.path).unwrap();
    store
        .write(|tx| {
            for i in 0..n {
                people::add(
                    tx,
                    &PersonInput {
                        full_name: format!("Person {round}-{i}"),
                        emails: vec![format!("p{round}.{i}@example.com")],
                        ..Default::default()
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
}

fn sync_cmd(db: &Db) -> Command {
    team_cmd(db, &["sync"])
}

fn team_cmd(db: &Db, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_intrograph"));
    c.arg("--db").arg(&db.path).arg("team").args(args).env_remove("INTROGRAPH_DB");
    c.env("INTROGRAPH_CONFIG", db.path.with_extension("config.json"));
    c.stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

fn db_check(db: &Db) {
    let out = db.run(&["db", "check"]);
    assert!(
        out.status.success(),
        "db check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn killed_syncs_and_a_server_restart_lose_and_double_nothing() {
    let seed = crash_seed();
    let mut rng = Rng(seed);
    let (cluster, admin) = team_server();
    let ada = intrograph_team::add_rep(&admin, "Ada Lind", "ada@example.com", false).unwrap();
    let ben = intrograph_team::add_rep(&admin, "Ben Cole", "ben@example.com", false).unwrap();
    let a = Db::new();
    let b = Db::new();
    a.ok(&["team", "join", &ada.url]);
    b.ok(&["team", "join", &ben.url]);

    // How long an uncut sync of one round takes, to spread the kills over it.
    add_people(&a, 0, PER_ROUND);
    let t = std::time::Instant::now();
    a.ok(&["team", "sync"]);
    let span = (t.elapsed().as_millis() as u64).max(20);
    let mut added = PER_ROUND;
    let mut killed = 0;
    let mut round = 0;
    while killed < KILLS && round < MAX_ROUNDS {
        round += 1;
        add_people(&a, round, PER_ROUND);
        added += PER_ROUND;
        let mut child = sync_cmd(&a).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.next() % (span * 2)));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        db_check(&a);
        // Ben syncs too now and then, so pulls are cut as well as pushes.
        if round % 4 == 0 {
            let mut child = sync_cmd(&b).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(rng.next() % span));
            child.kill().ok();
            child.wait().unwrap();
            db_check(&b);
        }
    }
    eprintln!("{killed} of {round} syncs were killed while running");
    assert!(killed >= 20, "only {killed} kills landed inside a sync; the seed was {seed}");

    // A server restart in the middle of a sync: that sync fails or finishes, nothing more.
    add_people(&a, 999, PER_ROUND * 4);
    added += PER_ROUND * 4;
    let child = sync_cmd(&a).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(span / 2));
    cluster.restart().unwrap();
    let out = child.wait_with_output().unwrap();
    eprintln!("the sync cut by the restart: {} {}", out.status, String::from_utf8_lossy(&out.stderr).trim());
    db_check(&a);

    // Then uncut syncs: everything arrives once.
    a.ok(&["team", "sync"]);
    b.ok(&["team", "sync"]);
    let status = a.json(&["team", "status"]);
    assert_eq!(status["waiting"], 0, "{status}");
    let a_store = Store::open(&a.path).unwrap();
    let b_store = Store::open(&b.path).unwrap();
    let count = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM people WHERE full_name LIKE 'Person %'", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&a_store), added as i64, "A lost people");
    assert_eq!(count(&b_store), added as i64, "B did not get every person exactly once");
    let emails: i64 = b_store
        .conn()
        .query_row("SELECT count(*) FROM person_emails WHERE email LIKE 'p%@example.com'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(emails, added as i64, "B's people have their emails once");
    let on_server = cluster
        .psql("team", "SELECT count(*) || ' ' || count(DISTINCT row_id) FROM team.changes WHERE tbl = 'people' AND fields ? 'full_name' AND fields->>'full_name' LIKE 'Person %'")
        .unwrap();
    assert_eq!(on_server, format!("{added} {added}"), "the server's log holds each person once");
    db_check(&a);
    db_check(&b);
}

/// The JSON backup's tables a desktop shares with the team (its settings, tags and
/// bookkeeping are its own), to compare two desktops of the same rep.
fn shared_content(db: &Db) -> serde_json::Value {
    let store = Store::open(&db.path).unwrap();
    let mut out = Vec::new();
    intrograph_engine::store::json_backup::write(&store, &mut out).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let tables = v["tables"].as_array_mut().unwrap();
    tables.retain(|t| !matches!(t["name"].as_str(), Some("settings" | "tags" | "person_tags")));
    v["tables"].take()
}

#[test]
fn a_first_pull_of_many_parts_killed_again_and_again_ends_with_every_row_once() {
    let seed = crash_seed();
    let mut rng = Rng(seed);
    let (_cluster, admin) = team_server();
    let ada = intrograph_team::add_rep(&admin, "Ada Lind", "ada@example.com", false).unwrap();
    let cara = intrograph_team::add_rep(&admin, "Cara Voss", "cara@example.com", false).unwrap();

    // Ada's network: people with emails, ties between them, all on the server.
    let a = Db::new();
    add_people(&a, 0, 1500);
    {
        let mut store = Store::open(&a.path).unwrap();
        let ids: Vec<intrograph_engine::model::PersonId> = store
            .conn()
            .prepare("SELECT id FROM people ORDER BY rowid")
            .unwrap()
            .query_map([], |r| r.get(0).map(intrograph_engine::model::PersonId))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        store
            .write(|tx| {
                for w in ids.windows(2) {
                    intrograph_engine::store::relationships::add(
                        tx,
                        &RelationshipInput::new(w[0], w[1], RelationshipKind::Colleague, Strength::new(3)?),
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }
    a.ok(&["team", "join", &ada.url]);

    // Cara's first desktop pulls it all uncut: the yardstick, and how long a pull takes.
    let uncut = Db::new();
    let t = std::time::Instant::now();
    let out = team_cmd(&uncut, &["join", &cara.url]).env(PART_ROWS_ENV, PART_ROWS).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let span = (t.elapsed().as_millis() as u64).max(50);

    // Her other desktops' first pulls, in parts of 100 rows, each killed at random moments
    // until a run finishes on its own; then the next empty desktop, until 12 kills have
    // landed inside a running pull.
    let (mut killed, mut runs, mut between_parts, mut desktops) = (0, 0, 0, 0);
    while killed < FIRST_PULL_KILLS {
        desktops += 1;
        let c = Db::new();
        loop {
            runs += 1;
            assert!(runs < 300, "the first pulls never finished; the seed was {seed}");
            let joined = c.json(&["team", "status"])["joined"] == true;
            let args: &[&str] = if joined { &["sync"] } else { &["join", &cara.url] };
            let mut child = team_cmd(&c, args).env(PART_ROWS_ENV, PART_ROWS).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(rng.next() % (span / 2)));
            if let Some(status) = child.try_wait().unwrap() {
                let out = child.wait_with_output().unwrap();
                assert!(status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                if joined {
                    break;
                }
                continue;
            }
            killed += 1;
            child.kill().ok(); // SIGKILL
            child.wait().unwrap();
            db_check(&c);
            let mark: i64 = Store::open(&c.path)
                .unwrap()
                .conn()
                .query_row("SELECT count(*) FROM settings WHERE key = 'team_first_pull'", [], |r| r.get(0))
                .unwrap();
            between_parts += mark;
        }
        let status = c.json(&["team", "status"]);
        assert_eq!(status["waiting"], 0, "{status}");
        let store = Store::open(&c.path).unwrap();
        let doubled: i64 = store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) - count(DISTINCT lower(email)) FROM person_emails)
                      + (SELECT count(*) - count(DISTINCT full_name) FROM people)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(doubled, 0, "nothing doubled");
        drop(store);
        db_check(&c);
        assert_eq!(shared_content(&c), shared_content(&uncut), "the killed pull ended as the uncut one did");
    }
    eprintln!(
        "{killed} of {runs} runs on {desktops} desktops were killed inside a first pull, {between_parts} \
         of them after some parts (an uncut pull took {span} ms)"
    );
    assert!(between_parts >= 3, "only {between_parts} kills landed between parts; the seed was {seed}");
}

/// Kills that must land inside a running join from the team's snapshot.
const SNAPSHOT_KILLS: u64 = 10;

#[test]
fn a_join_from_the_teams_snapshot_killed_again_and_again_ends_as_an_uncut_one() {
    let seed = crash_seed();
    let mut rng = Rng(seed);
    let (_cluster, admin) = team_server();
    let ada = intrograph_team::add_rep(&admin, "Ada Lind", "ada@example.com", true).unwrap();
    let a = Db::new();
    add_people(&a, 0, 1500);
    a.ok(&["team", "join", &ada.url]);
    let work = tempfile::tempdir().unwrap();
    let out = a.run(&["team", "snapshot", &admin, "--work-dir", &work.path().display().to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Changes after the snapshot, for the joins to catch up on.
    add_people(&a, 1, 50);
    a.ok(&["team", "sync"]);

    // An uncut join of a new rep: the yardstick, and how long it takes.
    let first = intrograph_team::add_rep(&admin, "Rep Zero", "rep0@example.com", false).unwrap();
    let uncut = Db::new();
    let t = std::time::Instant::now();
    let out = team_cmd(&uncut, &["join", &first.url]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let span = (t.elapsed().as_millis() as u64).max(50);

    // New reps' empty desktops, each join killed at random moments until one finishes.
    let (mut killed, mut runs, mut taken_not_joined) = (0, 0, 0);
    let mut desks = Vec::new();
    while killed < SNAPSHOT_KILLS {
        let n = desks.len() + 1;
        let rep =
            intrograph_team::add_rep(&admin, &format!("Rep {n}"), &format!("rep{n}@example.com"), false)
                .unwrap();
        let c = Db::new();
        loop {
            runs += 1;
            assert!(runs < 200, "the joins never finished; the seed was {seed}");
            let joined = c.json(&["team", "status"])["joined"] == true;
            let args: &[&str] = if joined { &["sync"] } else { &["join", &rep.url] };
            let mut child = team_cmd(&c, args).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(rng.next() % span));
            if let Some(status) = child.try_wait().unwrap() {
                let out = child.wait_with_output().unwrap();
                assert!(status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                if joined {
                    break;
                }
                continue;
            }
            killed += 1;
            child.kill().ok(); // SIGKILL
            child.wait().unwrap();
            db_check(&c);
            let store = Store::open(&c.path).unwrap();
            let taken: i64 = store
                .conn()
                .query_row("SELECT count(*) FROM settings WHERE key = 'team_snapshot_taken'", [], |r| {
                    r.get(0)
                })
                .unwrap();
            taken_not_joined += taken;
        }
        desks.push(c);
    }
    // Every desktop syncs once more; all hold the same content, each row once.
    for d in std::iter::once(&uncut).chain(&desks) {
        d.ok(&["team", "sync"]);
    }
    for d in std::iter::once(&uncut).chain(&desks) {
        d.ok(&["team", "sync"]);
    }
    let yardstick = shared_content(&uncut);
    for d in &desks {
        db_check(d);
        let status = d.json(&["team", "status"]);
        assert_eq!(status["waiting"], 0, "{status}");
        assert_eq!(shared_content(d), yardstick, "a killed join ended as the uncut one did");
    }
    let people_here: i64 = Store::open(&uncut.path)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        people_here,
        1500 + 50 + 1 + 1 + desks.len() as i64,
        "the team's people, Ada and every rep, once"
    );
    eprintln!(
        "{killed} of {runs} joins from the snapshot were killed on {} desktops, {taken_not_joined} of them \
         once the snapshot was taken and before the join was done (an uncut join took {span} ms)",
        desks.len()
    );
}
