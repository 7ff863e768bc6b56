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
            Some(_) => {
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

/// LinkedIn's dates: `24 Sep 2014`; older exports used `09/24/14`; ISO dates are accepted too.
pub fn parse_connected_on(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
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
    }
}
