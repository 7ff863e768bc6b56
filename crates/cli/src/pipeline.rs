//! `intrograph` commands: pipeline (owned by one area; see ARCHITECTURE.md).

use clap::Subcommand;

use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Placeholder until this area's commands land.
    #[command(hide = true, name = "__pipeline")]
    Placeholder,
}

pub fn run(cmd: Command, _ctx: &mut Ctx) -> Result<(), intrograph_engine::Error> {
    match cmd {
        Command::Placeholder => Ok(()),
    }
}
