//! The desktop app's cold start and idle memory: the release binary is started on a fresh
//! database (under the current X display) a few times; each start is timed from the spawn
//! to the first screen asking the shell for its data (the app prints a line then when
//! `INTROGRAPH_STARTUP_PROBE` is set), and the memory of the app with its web processes is
//! read after it has sat idle.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::AppFigures;

/// The line the app prints when its first screen asks for data.
const READY: &str = "intrograph: first screen ready";
const STARTS: usize = 5;
const IDLE: Duration = Duration::from_secs(3);
const GIVE_UP: Duration = Duration::from_secs(60);

/// The process and every process below it.
fn tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
            // The parent is the second field after the command name, which is in parentheses.
            let Some(after) = stat.rfind(')').map(|i| &stat[i + 2..]) else { continue };
            if let Some(ppid) = after.split(' ').nth(1).and_then(|p| p.parse().ok()) {
                parents.push((pid, ppid));
            }
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// One start: (time to the first screen, RSS of the app and its web processes when idle).
fn start_once(binary: &Path) -> Result<(Duration, u64), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env("INTROGRAPH_DB", dir.path().join("cold.db"))
        .env("INTROGRAPH_CONFIG", dir.path().join("config.json"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("INTROGRAPH_STARTUP_PROBE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains(READY) {
                let _ = tx.send(());
            }
        }
    });
    let ready = rx.recv_timeout(GIVE_UP).map(|_| started.elapsed());
    let result = match ready {
        Ok(took) => {
            std::thread::sleep(IDLE);
            let rss: u64 = tree(child.id()).into_iter().map(rss_kb).sum();
            Ok((took, rss))
        }
        Err(_) => Err(format!("the first screen did not ask for its data within {GIVE_UP:?}")),
    };
    let everyone = tree(child.id());
    let _ = child.kill();
    for pid in everyone.into_iter().skip(1) {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    }
    let _ = child.wait();
    result
}

/// Starts the app [`STARTS`] times; the median start and the median idle memory.
pub fn measure(binary: &Path) -> AppFigures {
    if std::env::var_os("DISPLAY").is_none() {
        return AppFigures {
            status: "not measured: no X display (run under xvfb-run)".into(),
            ..Default::default()
        };
    }
    if !binary.is_file() {
        return AppFigures {
            status: format!("not measured: {} is not built", binary.display()),
            ..Default::default()
        };
    }
    let mut starts = Vec::new();
    let mut rss = Vec::new();
    for i in 0..STARTS {
        match start_once(binary) {
            Ok((took, kb)) => {
                eprintln!(
                    "app start {}: {:.0} ms, {:.0} MB idle",
                    i + 1,
                    took.as_secs_f64() * 1e3,
                    kb as f64 / 1024.0
                );
                starts.push(took.as_secs_f64() * 1e3);
                rss.push(kb as f64 / 1024.0);
            }
            Err(e) => return AppFigures { status: format!("not measured: {e}"), ..Default::default() },
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let max = starts.iter().cloned().fold(0.0, f64::max);
    AppFigures {
        status: format!(
            "Median of {STARTS} starts of the release build on a fresh database, from spawn to the first screen asking for its data (slowest {max:.0} ms); memory is the app with its web processes after {} s idle.",
            IDLE.as_secs()
        ),
        cold_start_ms: Some(median(&mut starts)),
        idle_rss_mb: Some(median(&mut rss)),
    }
}
