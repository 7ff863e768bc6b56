//! Where the database lives: `--db` flag, then `INTROGRAPH_DB`, then the
//! `database` entry of the settings file, then the platform's app data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Environment variable naming the database file.
pub const DB_ENV: &str = "INTROGRAPH_DB";
/// Environment variable naming the settings file (tests point it elsewhere).
pub const CONFIG_ENV: &str = "INTROGRAPH_CONFIG";

/// The per-user settings file (`config.json` in the platform's config folder).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AppConfig {
    /// The database file to use instead of the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<PathBuf>,
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("app", "IntroGraph", "IntroGraph")
}

/// The settings file's path.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CONFIG_ENV) {
        return Some(PathBuf::from(p));
    }
    project_dirs().map(|d| d.config_dir().join("config.json"))
}

/// The database used when nothing else is chosen.
pub fn default_database() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().join("intrograph.db"))
        .unwrap_or_else(|| PathBuf::from("intrograph.db"))
}

/// Reads the settings file; a missing file is the default settings.
pub fn load_config(path: &Path) -> Result<AppConfig> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| Error::input(path.display().to_string(), format!("not a valid settings file: {e}"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AppConfig::default()),
        Err(source) => Err(Error::Io { path: path.to_path_buf(), source }),
    }
}

/// Writes the settings file atomically (temp file, then rename).
pub fn save_config(path: &Path, config: &AppConfig) -> Result<()> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let text = serde_json::to_string_pretty(config).expect("settings serialise");
    crate::files::write_bytes_atomically(path, text.as_bytes())
}

/// Resolves the database path: `flag`, then `INTROGRAPH_DB`, then the settings file, then the default.
pub fn resolve_database(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(cfg) = config_path() {
        if let Some(db) = load_config(&cfg)?.database {
            return Ok(db);
        }
    }
    Ok(default_database())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_and_config_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let flag = dir.path().join("x.db");
        assert_eq!(resolve_database(Some(&flag)).unwrap(), flag);

        let cfg_path = dir.path().join("cfg/config.json");
        assert_eq!(load_config(&cfg_path).unwrap(), AppConfig::default());
        let cfg = AppConfig { database: Some(dir.path().join("team.db")) };
        save_config(&cfg_path, &cfg).unwrap();
        assert_eq!(load_config(&cfg_path).unwrap(), cfg);

        std::fs::write(&cfg_path, "{ not json").unwrap();
        let err = load_config(&cfg_path).unwrap_err().to_string();
        assert!(err.contains("config.json") && err.contains("not a valid settings file"), "{err}");
    }
}
