//! Importing and exporting files, and backups (moving here from the shells).

use std::path::Path;

use intrograph_engine::{Error, Result};

/// Checks a path the user gave for a file to write: a full path, not a folder, in a folder
/// that exists. `field` names it in errors; `example` is the file name suggested when the
/// path is a folder.
pub fn check_path_to_write(field: &str, path: &Path, example: &str) -> Result<()> {
    let shown = path.display();
    if !path.is_absolute() {
        return Err(Error::invalid(
            field,
            format!("{shown} is not a full path; give the whole path, from /"),
        ));
    }
    if path.is_dir() {
        return Err(Error::invalid(
            field,
            format!("{shown} is a folder; name a file in it, e.g. {}", path.join(example).display()),
        ));
    }
    if !path.parent().is_some_and(Path::is_dir) {
        return Err(Error::invalid(field, format!("the folder of {shown} does not exist")));
    }
    Ok(())
}
