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

/// A date typed on the command line: exactly `YYYY-MM-DD` with a four-digit year
/// (`24-01-01` is refused, not read as the year 24).
pub fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(format!("{t:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31"));
    }
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| format!("{t} is not a day of the calendar"))
}

/// A whole number typed on the command line, said plainly when it is not one or too large
/// (`--days 99999999999`, `--k -1`), instead of the parser's `not in 0..=4294967295`.
fn whole<T: TryFrom<u64>>(text: &str) -> Result<T, String> {
    let t = text.trim();
    let n: u64 = t.parse().map_err(|_| format!("{t:?} is not a whole number of 0 or more"))?;
    T::try_from(n).map_err(|_| format!("{t} is far too large here"))
}

/// A count (`--days`, `--asks-per-week`).
pub fn count(text: &str) -> Result<u32, String> {
    whole(text)
}

/// A number of rows or paths (`--k`, `--limit`).
pub fn size(text: &str) -> Result<usize, String> {
    whole(text)
}

/// A number of hops (`--max-hops`; the path search says which are allowed).
pub fn hops(text: &str) -> Result<u8, String> {
    whole(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_have_four_digit_years_and_real_days() {
        assert_eq!(super::date("2026-03-31").unwrap().to_string(), "2026-03-31");
        for bad in ["24-01-01", "2026-3-31", "2026-02-30", "31/03/2026", "2026-03-31T00:00"] {
            assert!(super::date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_out_of_range_are_said_plainly() {
        assert_eq!(super::count("14").unwrap(), 14);
        assert!(super::count("99999999999").unwrap_err().contains("far too large"));
        assert!(super::hops("-1").unwrap_err().contains("not a whole number"));
    }
}
