//! Saved column mappings for generic CSV imports, by name.
//!
//! Each mapping is one settings row, `import_mapping:<name>`, holding the mapping as JSON.

use rusqlite::{Connection, Transaction};

use super::settings;
use crate::error::{Error, Result};
use crate::model::Mapping;

const PREFIX: &str = "import_mapping:";

/// Saves (or replaces) a mapping under its name.
pub fn save(tx: &Transaction<'_>, mapping: &Mapping) -> Result<()> {
    let name = mapping.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("mapping name", "a mapping needs a name"));
    }
    if mapping.columns.is_empty() {
        return Err(Error::invalid("mapping", "a mapping needs at least one column (\"Header=field\")"));
    }
    settings::set(tx, &format!("{PREFIX}{name}"), mapping)
}

/// The mapping saved under `name`.
pub fn get(conn: &Connection, name: &str) -> Result<Mapping> {
    settings::get(conn, &format!("{PREFIX}{}", name.trim()))?.ok_or_else(|| {
        Error::not_found("column mapping", format!("{name:?}; list them with `intrograph mapping list`"))
    })
}

/// Every saved mapping, by name.
pub fn list(conn: &Connection) -> Result<Vec<Mapping>> {
    let mut st =
        conn.prepare_cached("SELECT value FROM settings WHERE key >= ?1 AND key < ?2 ORDER BY key")?;
    let rows =
        st.query_map([PREFIX.to_string(), format!("{}\u{10FFFF}", PREFIX)], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for json in rows {
        let json = json?;
        out.push(
            serde_json::from_str(&json)
                .map_err(|e| Error::invalid("saved column mapping", format!("{e}: {json}")))?,
        );
    }
    Ok(out)
}

/// Removes a saved mapping; `false` when there was none.
pub fn remove(tx: &Transaction<'_>, name: &str) -> Result<bool> {
    settings::remove(tx, &format!("{PREFIX}{}", name.trim()))
}
