//! `intrograph undo`: the last merges, removals, stage moves and imports, taken back.

use clap::Args;
use intrograph_app_core::undo;
use intrograph_engine::Error;

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Args)]
pub struct UndoArgs {
    /// Lists the history (the last 20 actions, newest first) instead of undoing.
    #[arg(long, conflicts_with = "id")]
    list: bool,
    /// The action to undo, by its number in `--list` (default: the newest not undone yet).
    id: Option<i64>,
}

pub fn run(args: UndoArgs, ctx: &mut Ctx) -> Result<(), Error> {
    if args.list {
        let history = undo::history(&ctx.workspace)?;
        if ctx.format == Format::Json {
            output::json(&history);
            return Ok(());
        }
        if history.is_empty() && ctx.format == Format::Text {
            println!("Nothing to undo: merges, removals, stage moves and imports are listed here once made.");
            return Ok(());
        }
        let mut t = Table::new(vec!["#", "when", "what", "rows", "undone"]);
        for a in &history {
            t.row(vec![
                a.id.to_string(),
                a.at.clone(),
                a.summary.clone(),
                a.changes.to_string(),
                a.undone_at.clone().unwrap_or_default(),
            ]);
        }
        t.print(ctx.format);
        return Ok(());
    }
    let undone = undo::undo(&ctx.workspace, args.id)?;
    if ctx.format == Format::Json {
        output::json(&undone);
    } else {
        println!("Undone: {} ({} rows restored).", undone.summary, undone.changes);
    }
    Ok(())
}
