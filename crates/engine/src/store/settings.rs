//! Workspace settings: typed JSON values by key (the current rep, weight constants, goals, ...).

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};

/// The key holding the current rep's id.
pub const CURRENT_REP: &str = "current_rep";

/// The value stored under `key`, if any.
pub fn get<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            Error::invalid(format!("setting {key}"), format!("stored value {t:?} is unreadable: {e}"))
        })
    })
    .transpose()
}

/// Stores `value` under `key`, replacing what was there.
pub fn set<T: Serialize + ?Sized>(tx: &Transaction<'_>, key: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string(value)
        .map_err(|e| Error::invalid(format!("setting {key}"), format!("cannot be stored: {e}")))?;
    tx.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, text])?;
    Ok(())
}

/// Removes `key`; true when it was there.
pub fn remove(tx: &Transaction<'_>, key: &str) -> Result<bool> {
    Ok(tx.prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([key])? > 0)
}
