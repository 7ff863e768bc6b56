//! Undo: the last merges, removals, stage moves and imports, kept by the engine
//! ([`intrograph_engine::store::undo`]) and taken back here, where the cached graph is
//! kept in step.
//!
//! Each undoable use case runs through [`recorded`]; both shells show the history
//! ([`history`]) and undo an entry ([`undo`]): the app with its "Undo" notice and History
//! list, the command line with `intrograph undo [--list] [ID]`.

use intrograph_engine::store::undo::{self as engine_undo, Action, ActionKind};
use intrograph_engine::store::Store;
use intrograph_engine::Result;

use crate::Workspace;

/// Runs `action` on the workspace's store as one undoable action of `kind`, described by
/// `describe` once it succeeded; returns its value and its history entry (none when it
/// changed nothing).
pub fn recorded<T>(
    workspace: &Workspace,
    kind: ActionKind,
    describe: impl FnOnce(&T, &Store) -> String,
    action: impl FnOnce(&mut Store) -> Result<T>,
) -> Result<(T, Option<Action>)> {
    let mut store = workspace.store()?;
    engine_undo::record(&mut store, kind, describe, action)
}

/// The undo history, newest first (the last [`engine_undo::KEEP`] actions).
pub fn history(workspace: &Workspace) -> Result<Vec<Action>> {
    engine_undo::list(workspace.store()?.conn())
}

/// Undoes the action `id`, or the newest one not undone yet. Refused, changing nothing,
/// when a later change is in the way; the message says which. The cached graph is dropped
/// (the next path search rebuilds it from the restored tables).
pub fn undo(workspace: &Workspace, id: Option<i64>) -> Result<Action> {
    let undone = engine_undo::undo(&mut *workspace.store()?, id)?;
    workspace.forget_network();
    Ok(undone)
}
