//! `intrograph team`: the shared team workspace on PostgreSQL (crates/team). Admin
//! commands take the admin's URL and need no workspace; join, sync, status and leave work
//! on the workspace file through a connection of their own.

use std::path::Path;

use clap::Subcommand;
use intrograph_engine::store::Store;
use intrograph_engine::Result;
use intrograph_team as team;

use intrograph_app_core::conflicts;

use crate::output::{self, Format};

#[derive(Subcommand)]
pub enum TeamCmd {
    /// Create (or bring up to date) the team schema in a PostgreSQL database. Idempotent.
    #[command(
        after_long_help = "Example:\n  intrograph team init 'postgresql://admin:PASSWORD@db.example.com/intrograph?sslmode=verify-full'"
    )]
    Init {
        /// The admin's connection URL (a login that may create roles and schemas).
        admin_url: String,
    },
    /// Give a rep their own login with a generated password; prints the URL to hand over.
    #[command(
        after_long_help = "Example:\n  intrograph team add-rep \"$ADMIN_URL\" 'Dana Reyes' --email dana@example.com --leader"
    )]
    AddRep {
        /// The admin's connection URL.
        admin_url: String,
        /// The rep's full name.
        name: String,
        /// The rep's email (their login is made from it).
        #[arg(long)]
        email: String,
        /// Make the rep a leader: they may read every rep's Referral I.Q. results.
        #[arg(long)]
        leader: bool,
    },
    /// Take a rep's access away: their login is disabled and their open sessions ended.
    RemoveRep {
        /// The admin's connection URL.
        admin_url: String,
        /// The rep's email.
        #[arg(long)]
        email: String,
    },
    /// Store a snapshot of the team's data that new reps' empty workspaces start from,
    /// instead of pulling every row one by one (much faster for a large team). Replaces the
    /// previous snapshot; run it again now and then (nightly, say), so that new desktops have
    /// few changes to catch up on. It leaves out each rep's Referral I.Q. results.
    #[command(after_long_help = "Example:
  intrograph team snapshot \"$ADMIN_URL\" --work-dir /var/tmp")]
    Snapshot {
        /// The admin's connection URL.
        admin_url: String,
        /// A folder with room for one workspace file of the team's size, used while the
        /// snapshot is made (default: the system's temporary folder).
        #[arg(long)]
        work_dir: Option<std::path::PathBuf>,
    },
    /// Link this workspace to a team: pushes what it has and pulls the team's data.
    #[command(
        after_long_help = "Example:\n  intrograph team join 'postgresql://ig_dana:…@db.example.com/intrograph?sslmode=require'"
    )]
    Join {
        /// The URL the admin handed over (its password goes to the desktop's secret store).
        url: String,
    },
    /// Push local changes and pull the team's, now.
    Sync,
    /// The team server, the last sync, changes waiting, rows pulled and conflicts.
    Status,
    /// Set a conflict's overwritten value back (the next sync sends it to everyone) and take
    /// the conflict off the list. Refused, changing nothing, if the value changed since.
    #[command(
        after_long_help = "Example (the numbers are in `intrograph team status`):\n  intrograph team use-overwritten 7"
    )]
    UseOverwritten {
        /// The conflict's number.
        id: i64,
    },
    /// Take conflicts off the list once read; the data stays as it is.
    #[command(after_long_help = "Examples:\n  intrograph team dismiss 7 8\n  intrograph team dismiss --all")]
    Dismiss {
        /// The conflicts' numbers.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<i64>,
        /// Every conflict on the list.
        #[arg(long)]
        all: bool,
    },
    /// Unlink this workspace from its team (local data stays; the password is forgotten).
    Leave,
}

fn print_text_or_json<T: serde::Serialize>(format: Format, value: &T, text: impl FnOnce()) {
    if format == Format::Json {
        output::json(value);
    } else {
        text();
    }
}

pub fn run(cmd: TeamCmd, path: &Path, format: Format) -> Result<()> {
    match cmd {
        TeamCmd::Init { admin_url } => {
            let r = team::init(&admin_url)?;
            print_text_or_json(format, &r, || {
                if r.from_version == r.to_version {
                    println!("The team schema is up to date (version {}).", r.to_version);
                } else {
                    println!("Team schema brought from version {} to {}.", r.from_version, r.to_version);
                }
            });
        }
        TeamCmd::AddRep { admin_url, name, email, leader } => {
            let r = team::add_rep(&admin_url, &name, &email, leader)?;
            print_text_or_json(format, &r, || {
                println!(
                    "Added {name} <{}> as {}{}.",
                    r.email,
                    r.login,
                    if r.leader { " (leader)" } else { "" }
                );
                println!("Hand this URL to them (it holds their password; send it privately):");
                println!("{}", r.url);
            });
        }
        TeamCmd::RemoveRep { admin_url, email } => {
            team::remove_rep(&admin_url, &email)?;
            print_text_or_json(format, &serde_json::json!({ "removed": email }), || {
                println!("Removed {email}: their login is disabled and their sessions ended.")
            });
        }
        TeamCmd::Snapshot { admin_url, work_dir } => {
            let dir = work_dir.unwrap_or_else(std::env::temp_dir);
            let r = team::snapshot::make(&admin_url, &dir)?;
            print_text_or_json(format, &r, || {
                println!(
                    "Stored snapshot {} of the team's data: {} rows, up to change {}, {:.1} MB in {} parts \
                     ({:.0} s to make, {:.0} s to store); {} older snapshot(s) replaced.",
                    r.id,
                    r.rows,
                    r.mark,
                    r.bytes as f64 / 1e6,
                    r.parts,
                    r.pull_secs,
                    r.upload_secs,
                    r.replaced
                )
            });
        }
        TeamCmd::Join { url } => {
            let mut store = Store::open(path)?;
            let secrets = team::default_secrets();
            let r = team::join(&mut store, &url, secrets.as_ref())?;
            print_text_or_json(format, &r, || {
                if let Some(s) = team::snapshot::last_start_timing() {
                    println!(
                        "Started from the team's snapshot ({:.1} MB, {:.0} s), then caught up.",
                        s.bytes as f64 / 1e6,
                        s.download_secs + s.ready_secs + s.copy_secs
                    );
                }
                println!(
                    "Joined the team: pushed {}, pulled {}, {} conflicts.",
                    r.pushed, r.pulled, r.conflicts
                )
            });
        }
        TeamCmd::Sync => {
            let mut store = Store::open(path)?;
            let secrets = team::default_secrets();
            let r = team::sync(&mut store, secrets.as_ref())?;
            print_text_or_json(format, &r, || {
                println!("Synced: pushed {}, pulled {}, {} conflicts.", r.pushed, r.pulled, r.conflicts)
            });
        }
        TeamCmd::Status => {
            let store = Store::open(path)?;
            let s = team::status(&store)?;
            print_text_or_json(format, &s, || print_status(&store, &s));
        }
        TeamCmd::UseOverwritten { id } => {
            let mut store = Store::open(path)?;
            let c = conflicts::use_overwritten(&mut store, id)?;
            print_text_or_json(format, &c, || {
                println!(
                    "Set the {} of {} back to {:?}; the next sync sends it to the team.",
                    c.field_label.to_lowercase(),
                    c.record,
                    c.overwritten_text
                )
            });
        }
        TeamCmd::Dismiss { ids, all } => {
            let mut store = Store::open(path)?;
            let n = conflicts::dismiss(&mut store, (!all).then_some(ids.as_slice()))?;
            print_text_or_json(format, &serde_json::json!({ "dismissed": n }), || {
                println!("Dismissed {n} conflict{}.", if n == 1 { "" } else { "s" })
            });
        }
        TeamCmd::Leave => {
            let mut store = Store::open(path)?;
            let secrets = team::default_secrets();
            team::leave(&mut store, secrets.as_ref())?;
            print_text_or_json(format, &serde_json::json!({ "left": true }), || {
                println!("Left the team. Your local data stays in this workspace.")
            });
        }
    }
    Ok(())
}

fn print_status(store: &Store, s: &team::TeamStatus) {
    if !s.joined {
        println!("Not in a team. Join one with `intrograph team join <URL>`.");
        return;
    }
    println!("Server:    {}", s.server.as_deref().unwrap_or("?"));
    println!("Login:     {}{}", s.login.as_deref().unwrap_or("?"), if s.leader { " (leader)" } else { "" });
    match s.last_sync {
        Some(t) => println!("Last sync: {}", t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S")),
        None => println!("Last sync: never"),
    }
    if let Some(e) = &s.last_error {
        println!("Last error: {e}");
    }
    println!("Waiting:   {} changes", s.waiting);
    println!("Pulled:    {} rows in all", s.pulled);
    println!("Conflicts: {}", s.conflicts.len());
    for c in s.conflicts.iter().rev() {
        match conflicts::describe(store, c) {
            Ok(v) => println!(
                "  #{} {} {}, {}: kept {:?}, overwritten {:?} (by {}, {}){}",
                v.id,
                v.record_kind,
                v.record,
                v.field_label.to_lowercase(),
                v.kept_text,
                v.overwritten_text,
                v.by,
                v.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                if v.restorable { "" } else { " [set it where it is shown]" }
            ),
            Err(e) => println!("  #{} {} {} {}: {e}", c.id, c.table, c.row_id, c.field),
        }
    }
    if !s.conflicts.is_empty() {
        println!("Set one back with `intrograph team use-overwritten N`; dismiss with `intrograph team dismiss N` or `--all`.");
    }
}
