//! Printing: text for people, JSON for programs, CSV for spreadsheets.

use serde::Serialize;

use intrograph_engine::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    println!("{}", serde_json::to_string_pretty(value).expect("output serialises"));
}

/// Prints an error on stderr: `{ "code", "message" }` in JSON mode, `error: ...` otherwise.
pub fn print_error(e: &Error, format: Format) {
    if format == Format::Json {
        eprintln!("{}", serde_json::json!({ "code": e.code(), "message": e.to_string() }));
    } else {
        eprintln!("error: {e}");
    }
}

/// A simple table: aligned text, or CSV with formula-safe cells.
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Self {
        Self { headers, rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self, format: Format) {
        match format {
            Format::Csv => {
                let line =
                    |cells: Vec<String>| cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",");
                println!("{}", line(self.headers.iter().map(|h| h.to_string()).collect()));
                for r in &self.rows {
                    println!("{}", line(r.clone()));
                }
            }
            _ => {
                let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
                for r in &self.rows {
                    for (i, c) in r.iter().enumerate() {
                        if let Some(w) = widths.get_mut(i) {
                            *w = (*w).max(c.chars().count());
                        }
                    }
                }
                let fmt_row = |cells: &[String]| {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| format!("{:<w$}", c, w = widths.get(i).copied().unwrap_or(0)))
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_string()
                };
                println!("{}", fmt_row(&self.headers.iter().map(|h| h.to_string()).collect::<Vec<_>>()));
                for r in &self.rows {
                    println!("{}", fmt_row(r));
                }
            }
        }
    }
}

/// One CSV cell: quoted when needed, and neutralised against formula injection
/// (the engine's, shared with its exports).
pub use intrograph_engine::export::csv_cell;
