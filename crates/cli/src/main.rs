//! `intrograph`: the command-line face of IntroGraph.
//! Thin: parse, call the application layer (`intrograph-app-core`), print. Each area of
//! commands lives in its own module.

mod db;
mod duplicates;
mod interchange;
mod lookup;
mod mail;
mod network;
mod output;
mod paths;
mod pipeline;
mod team;
mod undo;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use intrograph_app_core::workspace::{StoreGuard, Workspace};

use crate::output::Format;

#[derive(Parser)]
#[command(
    name = "intrograph",
    version,
    about = "IntroGraph: find who can introduce you, and track every introduction to a closed deal",
    long_about = None,
    propagate_version = true
)]
struct Cli {
    /// Database file (default: the app's database; INTROGRAPH_DB or the settings file may choose another).
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true, conflicts_with = "csv")]
    json: bool,

    /// Print tables as CSV (where a table comes out).
    #[arg(long, global = true)]
    csv: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Network(network::Command),
    #[command(flatten)]
    Paths(paths::Command),
    #[command(flatten)]
    Pipeline(pipeline::Command),
    /// Backups, restores and integrity checks of the database file.
    #[command(subcommand)]
    Db(db::DbCmd),
    #[command(flatten)]
    Interchange(interchange::Command),
    #[command(flatten)]
    Mail(mail::Command),
    /// Undoes the last merge, removal, stage move or import (or the one given); --list shows the history.
    Undo(undo::UndoArgs),
    /// Likely duplicates: pairs of records that are probably one person, with the
    /// evidence; merge them or dismiss them.
    Duplicates(duplicates::DuplicatesArgs),
    /// The shared team workspace on PostgreSQL: set up (admin), join, sync, status, leave.
    #[command(subcommand)]
    Team(team::TeamCmd),
}

/// What every command gets: the open workspace and the chosen output format.
pub struct Ctx {
    pub workspace: Workspace,
    pub format: Format,
}

impl Ctx {
    /// The workspace's store, for the length of one statement (it is locked meanwhile).
    pub fn store(&self) -> intrograph_engine::Result<StoreGuard<'_>> {
        self.workspace.store()
    }
}

fn main() -> ExitCode {
    quiet_on_closed_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
    let format = if cli.json {
        Format::Json
    } else if cli.csv {
        Format::Csv
    } else {
        Format::Text
    };
    match run(cli, format) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::print_error(&e, format);
            ExitCode::FAILURE
        }
    }
}

/// Reports what was wrong with the command line: as `{ "code": "Usage", "message" }` on
/// stderr when `--json` was asked for (a program reading the output gets JSON for every
/// error), else as clap writes it, with its usage line. `--help` and `--version` print as
/// usual.
fn argument_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let wants_json = std::env::args_os().skip(1).take_while(|a| a != "--").any(|a| a == "--json");
    if !wants_json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let message = e.render().to_string();
    let message = message.trim().strip_prefix("error: ").unwrap_or(message.trim());
    let message = message.split("\n\nUsage:").next().unwrap_or(message).trim();
    eprintln!("{}", serde_json::json!({ "code": "Usage", "message": message }));
    ExitCode::from(2)
}

/// When the reader of stdout goes away (`intrograph person list | head`), stop quietly with
/// the shell's status for a closed pipe instead of reporting a panic. Every command writes
/// its output only after its work is done, so nothing is left half-applied.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

fn run(cli: Cli, format: Format) -> Result<(), intrograph_engine::Error> {
    let path = intrograph_engine::location::resolve_database(cli.db.as_deref())?;
    let command = match cli.command {
        Command::Db(c) => return db::run(c, &path, format),
        Command::Team(c) => return team::run(c, &path, format),
        c => c,
    };
    let workspace = Workspace::open_checked(&path)?;
    // Today's automatic backup; a failure is reported but does not stop the command.
    if let Err(e) = workspace.daily_backup() {
        eprintln!("warning: the automatic backup failed: {e}");
    }
    let mut ctx = Ctx { workspace, format };
    match command {
        Command::Network(c) => network::run(c, &mut ctx),
        Command::Paths(c) => paths::run(c, &mut ctx),
        Command::Pipeline(c) => pipeline::run(c, &mut ctx),
        Command::Db(_) | Command::Team(_) => unreachable!("handled before the store opens"),
        Command::Interchange(c) => interchange::run(c, &mut ctx),
        Command::Mail(c) => mail::run(c, &mut ctx),
        Command::Undo(a) => undo::run(a, &mut ctx),
        Command::Duplicates(c) => duplicates::run(c, &mut ctx),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every argument of every command says what it is for in `--help`.
    #[test]
    fn every_argument_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") || arg.is_hide_set() {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "intrograph", &mut missing);
        assert!(missing.is_empty(), "arguments without a description:\n{}", missing.join("\n"));
    }
}
