//! CSV written for spreadsheets: every cell is neutralised against formula injection.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some also a leading tab
//! or carriage return) as a formula, so a contact named `=HYPERLINK(...)` could act when an
//! export is opened. [`safe_cell`] prefixes such a cell with `'`, which spreadsheets show as
//! text; [`write_table`] writes a header and rows with every cell made safe.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// `cell`, prefixed with `'` when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Writes `header` and `rows` as CSV to `out`, every cell through [`safe_cell`].
pub fn write_table<W: Write>(out: W, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| Error::invalid("csv", e.to_string());
    w.write_record(header.iter().map(|h| safe_cell(h).into_owned())).map_err(io)?;
    for row in rows {
        w.write_record(row.iter().map(|c| safe_cell(c).into_owned())).map_err(io)?;
    }
    w.flush().map_err(|e| Error::invalid("csv", e.to_string()))
}

/// Writes the table to the file at `path` (replacing it); the error names the file.
pub fn write_table_file(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let file =
        std::fs::File::create(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    write_table(std::io::BufWriter::new(file), header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_prefixed() {
        for bad in ["=1+2", "+44 20 7946 0000", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(safe_cell(bad), format!("'{bad}"), "{bad:?}");
        }
        for fine in ["Ada Lovelace", "", "1=1", "a-b", " =x", "'quoted"] {
            assert_eq!(safe_cell(fine), fine, "{fine:?}");
        }
    }

    #[test]
    fn a_table_is_quoted_csv_with_safe_cells() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["=HYPERLINK(\"http://x\")".to_string(), "Acme, Inc.".to_string()],
            vec!["Grace".to_string(), "-3".to_string()],
        ];
        write_table(&mut out, &["name", "organisation"], &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "name,organisation\n\"'=HYPERLINK(\"\"http://x\"\")\",\"Acme, Inc.\"\nGrace,'-3\n");
    }

    #[test]
    fn a_file_that_cannot_be_written_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.csv");
        let err = write_table_file(&path, &["a"], &[]).unwrap_err();
        assert!(err.to_string().contains("out.csv"), "{err}");
    }
}
