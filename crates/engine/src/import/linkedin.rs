//! LinkedIn's connections export, `Connections.csv`.
//!
//! The file starts with a "Notes:" preamble and a blank line before the header
//! `First Name,Last Name,URL,Email Address,Company,Position,Connected On`; it may carry
//! a UTF-8 byte-order mark and CRLF line ends; emails are usually missing (members share
//! them by choice); a member who hides their profile comes with empty names, and is
//! skipped with that reason. `Connected On` reads like `24 Sep 2014`.
//!
//! Each connection becomes a person with their current position, linked to the rep by a
//! weak, unverified "LinkedIn connection" relationship dated from `Connected On`.

use std::io::{BufReader, Cursor, Read};

use chrono::NaiveDate;

use super::text::{read_line_capped, LineCap, MAX_LINE_BYTES};
use super::{csv_error, header_key, Contact, Item, Skip};
use crate::error::{Error, Result};

/// The header's columns, in our names, with the spellings LinkedIn has used.
const KNOWN: &[(&str, &[&str])] = &[
    ("first", &["First Name"]),
    ("last", &["Last Name"]),
    ("url", &["URL", "Profile URL"]),
    ("email", &["Email Address", "Email"]),
    ("company", &["Company"]),
    ("position", &["Position"]),
    ("connected_on", &["Connected On"]),
];

/// How many lines of preamble are searched for the header.
const MAX_PREAMBLE_LINES: u64 = 50;

/// Reads `Connections.csv` text, handing each connection to `sink`.
pub fn read(reader: impl Read, name: &str, sink: &mut dyn FnMut(Item) -> Result<()>) -> Result<()> {
    let mut reader = BufReader::new(reader);
    let mut line = Vec::new();
    let mut number = 0u64;
    // Skip the preamble up to the header line.
    let header = loop {
        number += 1;
        match read_line_capped(&mut reader, &mut line, MAX_LINE_BYTES)
            .map_err(|e| csv_error(name, e.into()))?
        {
            None => {
                return Err(Error::input(
                    name,
                    "no header row `First Name,Last Name,URL,...` found; is this LinkedIn's Connections.csv?",
                ))
            }
            Some(true) => {
                return Err(Error::input(
                    format!("{name}, line {number}"),
                    format!("line {number} is longer than 1 MiB; is this LinkedIn's Connections.csv?"),
                ))
            }
            Some(false) => {
                let text = String::from_utf8_lossy(&line);
                let first = text.split(',').next().unwrap_or_default().trim_matches('"');
                if header_key(first) == "firstname" {
                    break text.into_owned();
                }
            }
        }
        if number >= MAX_PREAMBLE_LINES {
            return Err(Error::input(
                name,
                format!("no header row `First Name,Last Name,URL,...` in the first {MAX_PREAMBLE_LINES} lines; is this LinkedIn's Connections.csv?"),
            ));
        }
    };
    // The header is parsed on its own; the body's line numbers start after it.
    let offset = number;
    let headers = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(Cursor::new(header))
        .records()
        .next()
        .transpose()
        .map_err(|e| csv_error(name, e))?
        .unwrap_or_default();
    let body = LineCap::new(reader, MAX_LINE_BYTES, number + 1);
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let index = |field: &str| -> Option<usize> {
        let spellings = KNOWN.iter().find(|(f, _)| *f == field).map(|(_, s)| *s).unwrap_or_default();
        headers.iter().position(|h| spellings.iter().any(|s| header_key(s) == header_key(h)))
    };
    let cols: Vec<Option<usize>> = KNOWN.iter().map(|(f, _)| index(f)).collect();
    if cols[0].is_none() || cols[1].is_none() {
        return Err(Error::input(
            format!("{name}, line {number}"),
            "the header needs First Name and Last Name",
        ));
    }
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(shift(csv_error(name, e), offset)),
        }
        let line = record.position().map_or(0, |p| p.line()) + offset;
        let location = format!("{name}, line {line}");
        mend_split_date(&mut record, headers.len(), cols[6]);
        super::generic_csv::check_row(&record, headers.len(), &location)?;
        for (i, what) in [(0, "First Name"), (1, "Last Name"), (2, "URL"), (3, "Email Address")] {
            if let Some(c) = cols[i] {
                super::generic_csv::one_line(record.get(c).unwrap_or_default(), &location, c, what)?;
            }
        }
        let get = |i: usize| cols[i].and_then(|c| record.get(c)).map(str::trim).filter(|s| !s.is_empty());
        let full = [get(0), get(1)].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if full.is_empty() {
            sink(Item::Skip(Skip {
                location,
                reason:
                    "no first or last name (LinkedIn leaves them empty for members who limit what they share)"
                        .into(),
            }))?;
            continue;
        }
        let connected_on = match get(6) {
            None => None,
            Some(d) => match parse_connected_on(d) {
                Some(d) => Some(d),
                None => {
                    sink(Item::Note(format!("{location}: `Connected On` {d:?} is not a date; left empty")))?;
                    None
                }
            },
        };
        let url = get(2).map(String::from);
        let linkedin_url = url.filter(|u| u.to_lowercase().contains("linkedin.com/"));
        sink(Item::Contact(Contact {
            location,
            name: full,
            emails: get(3).map(|e| vec![e.to_string()]).unwrap_or_default(),
            organisation: get(4).map(String::from),
            title: get(5).map(String::from),
            linkedin_url,
            connected_on,
            ..Contact::default()
        }))?;
    }
    Ok(())
}

/// LinkedIn's dates: `24 Sep 2014`; older exports used `09/24/14` or `1/8/18, 6:14 PM`
/// (month first, a time after the comma, which is dropped); ISO dates (`2014-09-24`) are
/// accepted too. A year is four digits, or two after slashes: `24-01-01` is no date.
pub fn parse_connected_on(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let date = match s.split_once(',') {
        Some((date, time)) if date.contains('/') && looks_like_time(time) => date.trim(),
        _ => s,
    };
    let year_digits = |text: &str, sep: char, at_start: bool| {
        let parts: Vec<&str> = text.split(sep).collect();
        let year = if at_start { parts.first() } else { parts.last() };
        year.map_or(0, |y| y.trim().len())
    };
    if date.contains('/') {
        return match year_digits(date, '/', false) {
            2 => NaiveDate::parse_from_str(date, "%m/%d/%y").ok(),
            4 => NaiveDate::parse_from_str(date, "%m/%d/%Y").ok(),
            _ => None,
        };
    }
    if date.contains('-') {
        return (year_digits(date, '-', true) == 4)
            .then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())?;
    }
    if year_digits(date, ' ', false) != 4 {
        return None;
    }
    ["%d %b %Y", "%d %B %Y"].iter().find_map(|f| NaiveDate::parse_from_str(date, f).ok())
}

/// Older exports write `Connected On` as `1/8/18, 6:14 PM` without quotes, so the time
/// lands in a cell of its own past the last column: put it back (the date is read, the
/// time dropped).
fn mend_split_date(record: &mut csv::StringRecord, header_len: usize, connected_on: Option<usize>) {
    let Some(c) = connected_on else { return };
    if record.len() != header_len + 1 || c + 1 != header_len {
        return;
    }
    let (date, time) = (record.get(c).unwrap_or_default(), record.get(c + 1).unwrap_or_default());
    if !date.contains('/') || !looks_like_time(time) {
        return;
    }
    let joined = format!("{date},{time}");
    let mut mended: csv::StringRecord = record.iter().take(c).collect();
    mended.push_field(&joined);
    mended.set_position(record.position().cloned());
    *record = mended;
}

/// `6:14 PM`, `18:14`, `6:14:02 pm`.
fn looks_like_time(s: &str) -> bool {
    let s = s.trim().to_ascii_uppercase();
    let s = s.trim_end_matches("AM").trim_end_matches("PM").trim();
    !s.is_empty() && s.contains(':') && s.chars().all(|c| c.is_ascii_digit() || c == ':')
}

/// A CSV error's line moved past the preamble.
fn shift(e: Error, offset: u64) -> Error {
    match e {
        Error::Input { location, reason } => {
            let location = match location.rsplit_once(", line ") {
                Some((file, n)) => match n.parse::<u64>() {
                    Ok(n) => format!("{file}, line {}", n + offset),
                    Err(_) => location,
                },
                None => location,
            };
            Error::Input { location, reason }
        }
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_on_dates() {
        assert_eq!(parse_connected_on("24 Sep 2014"), NaiveDate::from_ymd_opt(2014, 9, 24));
        assert_eq!(parse_connected_on("03 Jan 2023"), NaiveDate::from_ymd_opt(2023, 1, 3));
        assert_eq!(parse_connected_on("09/24/14"), NaiveDate::from_ymd_opt(2014, 9, 24));
        assert_eq!(parse_connected_on("soon"), None);
        assert_eq!(parse_connected_on("1/8/18, 6:14 PM"), NaiveDate::from_ymd_opt(2018, 1, 8));
        assert_eq!(parse_connected_on("12/31/2019, 23:59"), NaiveDate::from_ymd_opt(2019, 12, 31));
        assert_eq!(parse_connected_on("2014-09-24"), NaiveDate::from_ymd_opt(2014, 9, 24));
        assert_eq!(parse_connected_on("24-01-01"), None);
        assert_eq!(parse_connected_on("24 Sep 14"), None);
        assert_eq!(parse_connected_on("1/8/18, soon"), None);
    }
}
