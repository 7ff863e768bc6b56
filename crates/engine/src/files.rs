//! Writing a file whole or not at all: every file the engine, the app or the command line
//! writes (exports, backups, bundles, the settings file, the saved graph) goes through a
//! temporary file in the same folder, synced to disk, then renamed over the target, so a
//! reader sees the old file or the new one, never half of one. A failed write leaves the
//! old file as it was and removes the temporary file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What every temporary file's name holds after the target's name: `<target>.partial-…`.
pub const PARTIAL: &str = ".partial-";

/// A fresh temporary path beside `path`: `<path>.partial-<process>-<uuid>`, in the same
/// folder (a rename within one file system is atomic), unique to this writer.
pub fn temporary_beside(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!("{PARTIAL}{}-{}", std::process::id(), uuid::Uuid::new_v4()));
    PathBuf::from(name)
}

/// Replaces the file at `path` with what `fill` writes at the temporary path it is given
/// (for writers that need a path, e.g. a database copy): the temporary file is synced,
/// renamed over `path`, and the rename made durable. On any failure the temporary file
/// is removed and `path` is left untouched.
pub fn replace_atomically<T>(path: &Path, fill: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let tmp = temporary_beside(path);
    let result = (|| {
        let value = fill(&tmp)?;
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|source| Error::Io { path: tmp.clone(), source })?;
        std::fs::rename(&tmp, path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Makes the rename durable; not every platform can open a folder.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes the file at `path` through `write` (given a buffered writer), whole or not at
/// all (see [`replace_atomically`]). Returns what `write` returned.
pub fn write_atomically<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    replace_atomically(path, |tmp| {
        let io = |source| Error::Io { path: tmp.to_path_buf(), source };
        let mut out = BufWriter::new(File::create(tmp).map_err(io)?);
        let value = write(&mut out)?;
        out.into_inner().map_err(|e| io(e.into_error()))?;
        Ok(value)
    })
}

/// Writes `bytes` to `path`, whole or not at all.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, |out| {
        out.write_all(bytes).map_err(|source| Error::Io { path: path.to_path_buf(), source })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.csv");
        std::fs::write(&path, "old\n").unwrap();
        let n = write_atomically(&path, |out| {
            out.write_all(b"new\n").unwrap();
            Ok(7)
        })
        .unwrap();
        assert_eq!(n, 7);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(entries(dir.path()), ["people.csv"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_untouched_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.json");
        std::fs::write(&path, "the old backup\n").unwrap();
        let err = write_atomically(&path, |out| -> Result<()> {
            out.write_all(&vec![b'x'; 100_000]).unwrap();
            Err(Error::Internal("the disk filled up".into()))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk filled up"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old backup\n");
        assert_eq!(entries(dir.path()), ["backup.json"]);

        // A path-based writer that fails after creating its file leaves nothing either.
        let err = replace_atomically(&path, |tmp| -> Result<()> {
            std::fs::write(tmp, "half").unwrap();
            Err(Error::Internal("the copy failed".into()))
        })
        .unwrap_err();
        assert!(err.to_string().contains("copy failed"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old backup\n");
        assert_eq!(entries(dir.path()), ["backup.json"]);
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.csv");
        let err = write_bytes_atomically(&path, b"x").unwrap_err();
        assert_eq!(err.code(), "Io", "{err}");
        assert!(entries(dir.path()).is_empty());
    }
}
