//! The report: `latest.json` (everything measured) and `latest.md` (figures
//! against the targets, then the details per size).

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::{MetricsFigures, Run, SizeFigures};

/// A figure against its target.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    pub what: String,
    pub target: String,
    pub value: Option<f64>,
    pub unit: String,
    /// "pass", "miss", "reported" (a figure without a target) or "not measured".
    pub verdict: String,
    /// The size the figure was measured at.
    pub people: Option<usize>,
}

fn check(
    what: &str,
    target: &str,
    unit: &str,
    value: Option<(f64, usize)>,
    pass: impl Fn(f64) -> bool,
) -> Check {
    Check {
        what: what.into(),
        target: target.into(),
        value: value.map(|v| v.0),
        unit: unit.into(),
        verdict: match value {
            Some((v, _)) if pass(v) => "pass".into(),
            Some(_) => "miss".into(),
            None => "not measured".into(),
        },
        people: value.map(|v| v.1),
    }
}

/// A figure that is reported at the largest size, not held to a target.
fn reported(what: &str, unit: &str, value: Option<(f64, usize)>) -> Check {
    Check {
        what: what.into(),
        target: "reported, no target".into(),
        value: value.map(|v| v.0),
        unit: unit.into(),
        verdict: if value.is_some() { "reported".into() } else { "not measured".into() },
        people: value.map(|v| v.1),
    }
}

/// The targets of issue 6, checked at the largest size measured.
pub fn checks(run: &Run) -> Vec<Check> {
    let largest = |f: &dyn Fn(&SizeFigures) -> Option<f64>| {
        run.sizes.iter().rev().find_map(|s| f(s).map(|v| (v, s.people)))
    };
    vec![
        check(
            "top-10 paths ≤ 4 hops, p99",
            "≤ 5 ms",
            "ms",
            largest(&|s| s.paths.iter().find(|p| p.max_hops == 4).map(|p| p.latency.p99_ms)),
            |v| v <= 5.0,
        ),
        check(
            "graph ready on opening an unchanged network (saved graph)",
            "≤ 3 s",
            "s",
            largest(&|s| (s.build.open_ms > 0.0).then_some(s.build.open_ms / 1e3)),
            |v| v <= 3.0,
        ),
        check(
            "graph ready on opening after another program's changes (saved graph + changes)",
            "≤ 3 s",
            "s",
            largest(&|s| s.build.catch_up.as_ref().map(|c| c.open_ms / 1e3)),
            |v| v <= 3.0,
        ),
        reported(
            "graph build from the tables (only after a bulk import, or past 10,000 changes)",
            "s",
            largest(&|s| Some(s.build.total_ms / 1e3)),
        ),
        check(
            "import of relationships, against SQLite's bare load of the same rows",
            "≤ 1.2× the bare load",
            "×",
            largest(&|s| {
                s.import
                    .as_ref()
                    .filter(|i| i.bare_load_secs > 0.0)
                    .map(|i| i.relationship_secs / i.bare_load_secs)
            }),
            |v| v <= 1.2,
        ),
        check("name search, p99", "≤ 20 ms", "ms", largest(&|s| Some(s.search.p99_ms)), |v| v <= 20.0),
        check(
            "metrics (slowest figure of the Metrics screen)",
            "≤ 100 ms",
            "ms",
            largest(&|s| s.metrics.as_ref().map(MetricsFigures::slowest_ms)),
            |v| v <= 100.0,
        ),
        check(
            "app cold start",
            "≤ 1 s",
            "s",
            run.app.as_ref().and_then(|a| a.cold_start_ms).map(|v| (v / 1e3, 0)),
            |v| v <= 1.0,
        ),
    ]
}

fn people(n: usize) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

fn num(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// The targets table: each figure at the largest size measured, pass or miss.
pub fn targets_table(run: &Run) -> String {
    let mut m = String::from("| figure | target | measured | at people | verdict |\n|---|---|---|---|---|\n");
    for c in checks(run) {
        let value = c.value.map_or("—".to_string(), |v| format!("{} {}", num(v), c.unit));
        let at = c.people.map_or("—".into(), |p| if p == 0 { "app".into() } else { people(p) });
        let verdict = match c.verdict.as_str() {
            "pass" => "pass".to_string(),
            "miss" => "**MISS**".to_string(),
            v => v.to_string(),
        };
        let _ = writeln!(m, "| {} | {} | {} | {} | {} |", c.what, c.target, value, at, verdict);
    }
    m
}

const README_START: &str = "<!-- bench:start -->";
const README_END: &str = "<!-- bench:end -->";

/// `readme` with the text between the bench markers replaced by `figures`;
/// `None` when the markers are missing.
pub fn replace_marked(readme: &str, figures: &str) -> Option<String> {
    let start = readme.find(README_START)? + README_START.len();
    let end = start + readme[start..].find(README_END)?;
    Some(format!("{}\n{}{}", &readme[..start], figures, &readme[end..]))
}

/// Rewrites the figures between the README's bench markers.
pub fn refresh_readme(run: &Run, path: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let mc = &run.machine;
    let figures = format!(
        "Latest run ({}, {} with {} cores, sizes {}):\n\n{}\n",
        run.date,
        mc.cpu,
        mc.cores,
        run.sizes.iter().map(|s| people(s.people)).collect::<Vec<_>>().join(", "),
        targets_table(run)
    );
    let new = replace_marked(&text, &figures).ok_or_else(|| {
        std::io::Error::other(format!("{}: no {README_START} … {README_END} markers", path.display()))
    })?;
    std::fs::write(path, new)
}

/// The Markdown report.
pub fn markdown(run: &Run) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# IntroGraph benchmark report\n");
    let _ = writeln!(m, "Run {} with `{}`.\n", run.date, run.command);
    let mc = &run.machine;
    let _ = writeln!(
        m,
        "Machine: {} ({} cores), {:.1} GB memory, {}, {}.\n",
        mc.cpu, mc.cores, mc.memory_gb, mc.os, mc.rustc
    );
    let _ = writeln!(
        m,
        "Networks: Holme–Kim, seed {}, {} relationships per new person, triad probability {}.\n",
        run.seed, run.per_person, run.triad
    );
    let _ = writeln!(m, "## Targets\n");
    m.push_str(&targets_table(run));
    let nx_mismatch: Vec<&SizeFigures> =
        run.sizes.iter().filter(|s| s.networkx.as_ref().is_some_and(|n| n.mismatched > 0)).collect();
    if !nx_mismatch.is_empty() {
        let _ = writeln!(m, "\n> **FAILURE: IntroGraph and NetworkX disagree on top-k paths** — see below.");
    }

    let _ = writeln!(m, "\n## Figures by size\n");
    let header: Vec<String> = run.sizes.iter().map(|s| people(s.people)).collect();
    let _ = writeln!(m, "| | {} |\n|---|{}", header.join(" | "), "---|".repeat(header.len()));
    let row = |m: &mut String, label: &str, f: &dyn Fn(&SizeFigures) -> String| {
        let cells: Vec<String> = run.sizes.iter().map(f).collect();
        let _ = writeln!(m, "| {label} | {} |", cells.join(" | "));
    };
    row(&mut m, "people", &|s| s.people.to_string());
    row(&mut m, "relationships", &|s| s.relationships.to_string());
    row(&mut m, "organisations", &|s| s.organisations.to_string());
    fn imp(s: &SizeFigures, f: fn(&crate::ImportFigures) -> String) -> String {
        s.import.as_ref().map_or("—".into(), f)
    }
    row(&mut m, "import people (rows/s)", &|s| imp(s, |i| num(i.people_per_sec)));
    row(&mut m, "import relationships (rows/s)", &|s| imp(s, |i| num(i.relationships_per_sec)));
    row(&mut m, "import relationships, CPU time (s)", &|s| imp(s, |i| num(i.relationship_cpu_secs)));
    row(&mut m, "SQLite's bare load of the same rows (s)", &|s| imp(s, |i| num(i.bare_load_secs)));
    row(&mut m, "SQLite's bare load, CPU time (s)", &|s| imp(s, |i| num(i.bare_load_cpu_secs)));
    row(&mut m, "import relationships / bare load", &|s| {
        imp(s, |i| {
            if i.bare_load_secs > 0.0 {
                format!("{:.2}×", i.relationship_secs / i.bare_load_secs)
            } else {
                "—".into()
            }
        })
    });
    row(&mut m, "database size (MB)", &|s| imp(s, |i| num(crate::mb(i.db_bytes))));
    row(&mut m, "load from store (ms)", &|s| num(s.build.load_ms));
    row(&mut m, "build graph (ms)", &|s| num(s.build.build_ms));
    row(&mut m, "load + build, CPU time (ms)", &|s| num(s.build.cpu_ms));
    row(&mut m, "graph memory, RSS (MB)", &|s| num(s.build.network_rss_mb));
    row(&mut m, "peak RSS growth during load + build (MB)", &|s| num(s.build.peak_rss_delta_mb));
    row(&mut m, "save the built graph (ms)", &|s| num(s.build.save_ms));
    row(&mut m, "saved graph file (MB)", &|s| num(s.build.saved_mb));
    row(&mut m, "open: graph from the saved file (ms)", &|s| num(s.build.open_ms));
    row(&mut m, "open, CPU time (ms)", &|s| num(s.build.open_cpu_ms));
    row(&mut m, "open after another program's changes: changes listed", &|s| {
        s.build.catch_up.as_ref().map_or("—".into(), |c| {
            format!(
                "{} ({} people + {} relationships added, {} edited, {} renamed)",
                c.listed, c.people_added, c.relationships_added, c.relationships_edited, c.people_renamed
            )
        })
    });
    row(&mut m, "open after those changes: saved graph + changes (ms)", &|s| {
        s.build
            .catch_up
            .as_ref()
            .map_or("—".into(), |c| format!("{} (CPU {})", num(c.open_ms), num(c.open_cpu_ms)))
    });
    for hops in [3u8, 4] {
        let find = move |s: &SizeFigures| s.paths.iter().find(|p| p.max_hops == hops).cloned();
        row(&mut m, &format!("top-10 ≤ {hops} hops p50 / p99 / max (ms)"), &|s| {
            find(s).map_or("—".into(), |p| {
                format!("{} / {} / {}", num(p.latency.p50_ms), num(p.latency.p99_ms), num(p.latency.max_ms))
            })
        });
        row(&mut m, &format!("queries with a path ≤ {hops} hops"), &|s| {
            find(s).map_or("—".into(), |p| format!("{:.0}%", p.found_share * 100.0))
        });
    }
    row(&mut m, "top-10 ≤ 4 hops, one per first person, p50 / p99 (ms)", &|s| {
        s.paths_diverse
            .as_ref()
            .map_or("—".into(), |p| format!("{} / {}", num(p.latency.p50_ms), num(p.latency.p99_ms)))
    });
    row(&mut m, "organisation target ≤ 3 hops p50 / p99 / max (ms)", &|s| {
        let l = &s.organisation_targets;
        format!("{} / {} / {}", num(l.p50_ms), num(l.p99_ms), num(l.max_ms))
    });
    row(&mut m, "Find with the sources' track records, top-10 ≤ 4 hops, p50 / p99 (ms)", &|s| {
        s.find.map_or("—".into(), |f| format!("{} / {}", num(f.p50_ms), num(f.p99_ms)))
    });
    row(&mut m, "search-as-you-type p50 / p99 (ms)", &|s| {
        format!("{} / {}", num(s.search.p50_ms), num(s.search.p99_ms))
    });
    row(&mut m, "likely duplicates over everyone, median of 3 (ms; pairs proposed)", &|s| {
        s.duplicates.as_ref().map_or("—".into(), |d| format!("{} ({} pairs)", num(d.median_ms), d.pairs))
    });
    row(&mut m, "introduction requests for the metrics", &|s| {
        s.metrics
            .as_ref()
            .map_or("—".into(), |x| format!("{} ({:.0} s to generate)", x.requests, x.generate_secs))
    });
    row(&mut m, "Metrics screen: funnel / by rep / by quarter (ms)", &|s| {
        s.metrics.as_ref().map_or("—".into(), |x| {
            format!("{} / {} / {}", num(x.funnel_ms), num(x.funnel_by_rep_ms), num(x.funnel_by_quarter_ms))
        })
    });
    row(&mut m, "Metrics screen: lead sources / activity / top sources (ms)", &|s| {
        s.metrics.as_ref().map_or("—".into(), |x| {
            format!("{} / {} / {}", num(x.lead_sources_ms), num(x.activity_ms), num(x.top_sources_ms))
        })
    });
    row(&mut m, "Metrics screen, all six together (ms)", &|s| {
        s.metrics.as_ref().map_or("—".into(), |x| num(x.screen_ms()))
    });
    row(&mut m, "command line: funnel by referral source, every source (ms)", &|s| {
        s.metrics.as_ref().map_or("—".into(), |x| num(x.funnel_by_source_ms))
    });

    let _ = writeln!(m, "\n## NetworkX comparison\n");
    let _ = writeln!(
        m,
        "The same top-10 queries (plain ranking, ≤ 3 and ≤ 4 hops) on the same weighted graph, answered by \
         `networkx.all_simple_paths(G, s, t, cutoff=H)` scored by the product of weights; scores must agree \
         within 1e-9, equal-score ties compared as sets.\n"
    );
    let _ = writeln!(
        m,
        "| people | networkx | queries | agree | mismatch | timed out (cap) | NetworkX p50 (ms) | IntroGraph p50 (ms) | time ratio |\n|---|---|---|---|---|---|---|---|---|"
    );
    for s in &run.sizes {
        match &s.networkx {
            Some(n) if n.compared > 0 => {
                let _ = writeln!(
                    m,
                    "| {} | {} | {} | {} | {} | {} ({} s) | {} | {} | {}× |",
                    people(s.people),
                    n.networkx_version,
                    n.compared,
                    n.agreed,
                    if n.mismatched > 0 { format!("**{}**", n.mismatched) } else { "0".into() },
                    n.timed_out,
                    n.timeout_secs,
                    num(n.networkx_p50_ms),
                    num(n.intrograph_p50_ms),
                    num(n.time_ratio)
                );
            }
            Some(n) => {
                let _ = writeln!(m, "| {} | {} | | | | | | | |", people(s.people), n.status);
            }
            None => {
                let _ = writeln!(m, "| {} | not run at this size | | | | | | | |", people(s.people));
            }
        }
    }
    for s in &run.sizes {
        if let Some(n) = s.networkx.as_ref().filter(|n| !n.mismatches.is_empty()) {
            let _ = writeln!(m, "\n**Mismatches at {} people:**\n", people(s.people));
            for x in n.mismatches.iter().take(20) {
                let _ = writeln!(m, "- {x}");
            }
        }
    }
    if let Some(app) = &run.app {
        let _ = writeln!(m, "\n## Desktop app\n");
        let _ = writeln!(
            m,
            "Cold start to the first screen: {}; idle memory: {}. {}",
            app.cold_start_ms.map_or("—".into(), |v| format!("{} ms", num(v))),
            app.idle_rss_mb.map_or("—".into(), |v| format!("{} MB RSS", num(v))),
            app.status
        );
    }
    m
}

/// Writes `latest.json` and `latest.md` into `out`.
pub fn write(run: &Run, out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    #[derive(Serialize)]
    struct Json<'a> {
        #[serde(flatten)]
        run: &'a Run,
        targets: Vec<Check>,
    }
    let json =
        serde_json::to_string_pretty(&Json { run, targets: checks(run) }).map_err(std::io::Error::other)?;
    std::fs::write(out.join("latest.json"), json + "\n")?;
    std::fs::write(out.join("latest.md"), markdown(run))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_figures_replace_only_the_marked_text() {
        let readme = "# X\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\nafter\n";
        let new = replace_marked(readme, "new table\n").unwrap();
        assert_eq!(new, "# X\n\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\n\nafter\n");
        assert_eq!(replace_marked(&new, "new table\n").unwrap(), new, "idempotent");
        assert_eq!(replace_marked("no markers", "t"), None);
    }

    #[test]
    fn sizes_print_short() {
        assert_eq!(people(10_000), "10k");
        assert_eq!(people(1_000_000), "1M");
        assert_eq!(people(2500), "2500");
    }
}
