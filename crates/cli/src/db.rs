//! `intrograph db`: backups, restores and integrity checks of the database file.
//! These commands work on the file itself, so they also run on a damaged database.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use intrograph_app_core::interchange;
use intrograph_app_core::Workspace;
use intrograph_engine::store::backup;
use intrograph_engine::Result;

use crate::output::{self, Format, Table};

#[derive(Subcommand)]
pub enum DbCmd {
    /// Write a consistent copy of the database (default: a new file in the backups folder).
    #[command(
        after_long_help = "Examples:\n  intrograph db backup\n  intrograph db backup ~/safe/network-copy.db"
    )]
    Backup {
        /// Where to write the copy (replaced if it exists).
        file: Option<PathBuf>,
    },
    /// List the backups in the folder beside the database, newest first.
    Backups,
    /// Replace the database with a backup (checked first; the current file is kept as a backup).
    #[command(
        after_long_help = "Examples:\n  intrograph db restore --latest\n  intrograph db restore backups/intrograph-2026-11-20.db\n\nAn open app window notices the restore and reopens the file."
    )]
    Restore(RestoreArgs),
    /// Run a full integrity check of the database file (exit status 1 when damaged).
    Check,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct RestoreArgs {
    /// The backup file to restore.
    file: Option<PathBuf>,
    /// Restore the newest backup in the backups folder.
    #[arg(long)]
    latest: bool,
}

pub fn run(cmd: DbCmd, database: &Path, format: Format) -> Result<()> {
    match cmd {
        DbCmd::Backup { file } => {
            let made = interchange::create_backup(&Workspace::open_checked(database)?, file.as_deref())?;
            match format {
                Format::Json => output::json(&made),
                _ => println!(
                    "backed up {} to {} ({} bytes)",
                    database.display(),
                    made.path.display(),
                    made.bytes
                ),
            }
        }
        DbCmd::Backups => {
            let list = interchange::backups_of(database)?;
            match format {
                Format::Json => output::json(&list),
                _ if list.is_empty() && format == Format::Text => {
                    println!("no backups in {}", backup::folder(database).display())
                }
                _ => {
                    let mut table = Table::new(vec!["taken", "kind", "bytes", "file"]);
                    for b in &list {
                        table.row(vec![
                            b.taken_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S").to_string(),
                            b.kind.label().into(),
                            b.bytes.to_string(),
                            b.path.display().to_string(),
                        ]);
                    }
                    table.print(format);
                }
            }
        }
        DbCmd::Restore(args) => {
            let report = interchange::restore_database(database, args.file.as_deref())?;
            match format {
                Format::Json => output::json(&report),
                _ => {
                    println!("restored {} from {}", report.database.display(), report.restored.display());
                    if let Some(kept) = &report.previous_kept_at {
                        println!("the database as it was is kept at {}", kept.display());
                    }
                }
            }
        }
        DbCmd::Check => {
            let (report, verdict) = interchange::check_database(database)?;
            if format == Format::Json {
                output::json(&report);
            }
            verdict?;
            if format != Format::Json {
                println!(
                    "{} passed the integrity check (schema version {})",
                    database.display(),
                    report.schema_version.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
