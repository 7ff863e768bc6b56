//! `intrograph bundle ...`

use std::path::PathBuf;

use clap::Subcommand;
use intrograph_app_core::interchange;
use intrograph_engine::Error;

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Writes the whole workspace to a bundle file.
    Export {
        /// The bundle file to write.
        file: PathBuf,
    },
    /// Merges a bundle file into this workspace (by uuid; the later modification wins a conflict).
    Import {
        /// The bundle file to merge in.
        file: PathBuf,
    },
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<(), Error> {
    match cmd {
        Command::Export { file } => {
            let exported = interchange::export_bundle(&ctx.workspace, &file)?;
            if ctx.format == Format::Json {
                output::json(&exported);
            } else {
                println!(
                    "Exported {} to {}.",
                    intrograph_engine::import::plural(exported.total() as u64, "record", "records"),
                    file.display()
                );
            }
        }
        Command::Import { file } => {
            let report = interchange::import_bundle(&ctx.workspace, &file)?;
            if ctx.format == Format::Json {
                output::json(&report);
                return Ok(());
            }
            println!(
                "Imported {}: {} added, {} updated, {} unchanged, {} conflicts.",
                file.display(),
                report.total_added(),
                report.total_updated(),
                report.unchanged.values().sum::<u64>(),
                report.conflicts.len()
            );
            if !report.conflicts.is_empty() {
                let mut t =
                    Table::new(vec!["table", "id", "kept", "local modified", "incoming modified", "why"]);
                for c in &report.conflicts {
                    t.row(vec![
                        c.table.clone(),
                        c.id.clone(),
                        format!("{:?}", c.kept).to_lowercase(),
                        c.local_updated_at.clone().unwrap_or_default(),
                        c.incoming_updated_at.clone().unwrap_or_default(),
                        c.reason.clone(),
                    ]);
                }
                println!();
                t.print(ctx.format);
            }
        }
    }
    Ok(())
}
