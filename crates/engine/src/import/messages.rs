//! LinkedIn's `messages.csv`, from the same data export as `Connections.csv`.
//!
//! Header (newer exports add `ATTACHMENTS` and `IS MESSAGE DRAFT`): `CONVERSATION ID,
//! CONVERSATION TITLE, FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS, DATE, SUBJECT,
//! CONTENT, FOLDER`. `DATE` reads like `2023-05-04 14:22:10 UTC`. People are matched by
//! their LinkedIn profile URL. The rep is the profile on the rep's record, or the sender
//! whose name is the rep's (their profile is then learnt for the rest of the file).
//! `CONTENT` is never kept; drafts and spam are skipped.

use std::collections::HashSet;
use std::io::Read;

use chrono::{DateTime, Local, NaiveDateTime, Utc};

use super::exchanges::{normal_address, Exchange, Party, Read as Got, ME};
use super::{csv_error, csv_reader, header_key, Columns, Skip};
use crate::error::Result;
use crate::model::TouchKind;

const KNOWN: &[(&str, &[&str])] = &[
    ("conversation", &["CONVERSATION ID"]),
    ("title", &["CONVERSATION TITLE"]),
    ("from", &["FROM"]),
    ("from_url", &["SENDER PROFILE URL"]),
    ("to", &["TO"]),
    ("to_urls", &["RECIPIENT PROFILE URLS"]),
    ("date", &["DATE"]),
    ("subject", &["SUBJECT"]),
    ("content", &["CONTENT"]),
    ("folder", &["FOLDER"]),
    ("attachments", &["ATTACHMENTS"]),
    ("draft", &["IS MESSAGE DRAFT"]),
];

/// The address of a profile: [`ME`] when it is the rep's.
fn address(mine: &HashSet<String>, url: &str) -> String {
    if mine.contains(url) {
        ME.to_string()
    } else {
        url.to_string()
    }
}

/// `2023-05-04 14:22:10 UTC` (or without the zone, or ISO 8601).
fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let bare = s.trim_end_matches("UTC").trim();
    NaiveDateTime::parse_from_str(bare, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|n| n.and_utc())
        .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc)))
}

/// Reads `messages.csv`, handing on each message. `rep_name` finds the rep among senders.
pub fn read(
    reader: impl Read,
    name: &str,
    rep_name: &str,
    sink: &mut dyn FnMut(Got) -> Result<()>,
) -> Result<()> {
    let mut csv = csv_reader(reader);
    let mut notes = Vec::new();
    let cols = Columns::read(&mut csv, name, KNOWN, &["from", "date"], &mut notes)?;
    for n in notes {
        sink(Got::Note(format!("{name}: {n}")))?;
    }
    let rep_key = header_key(rep_name);
    let mut mine: HashSet<String> = HashSet::new();
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // A broken row ends the file's reading where it is; what came before stays.
                let e = csv_error(name, e);
                sink(Got::Unreadable(Skip { location: name.to_string(), reason: e.to_string() }))?;
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let location = format!("{name}, line {line}");
        if cols
            .get(&record, "draft")
            .is_some_and(|d| d.eq_ignore_ascii_case("yes") || d.eq_ignore_ascii_case("true"))
        {
            continue;
        }
        if cols.get(&record, "folder").is_some_and(|f| f.eq_ignore_ascii_case("spam")) {
            sink(Got::Bulk)?;
            continue;
        }
        let Some(date) = cols.get(&record, "date").and_then(parse_date) else {
            let shown = cols.get(&record, "date").unwrap_or("").chars().take(40).collect::<String>();
            sink(Got::Unreadable(Skip {
                location,
                reason: format!("DATE {shown:?} is not a date and time"),
            }))?;
            continue;
        };
        let from_name = cols.get(&record, "from").unwrap_or("").to_string();
        let from_url =
            cols.get(&record, "from_url").map(normal_address).filter(|u| u.contains("linkedin.com/"));
        let from_is_rep = !rep_key.is_empty() && header_key(&from_name) == rep_key;
        if let (true, Some(u)) = (from_is_rep, &from_url) {
            mine.insert(u.clone());
        }
        let from = match (&from_url, from_is_rep) {
            (_, true) => Party::new(ME, Some(&from_name)),
            (Some(u), false) => Party::new(&address(&mine, u), Some(&from_name)),
            (None, false) => {
                // LinkedIn's own messages (InMail offers, notices) come without a profile.
                sink(Got::Bulk)?;
                continue;
            }
        };
        let names: Vec<&str> =
            cols.get(&record, "to").map(|t| t.split(',').map(str::trim).collect()).unwrap_or_default();
        let urls: Vec<String> = cols
            .get(&record, "to_urls")
            .map(|t| {
                t.split([',', ' ']).map(normal_address).filter(|u| u.contains("linkedin.com/")).collect()
            })
            .unwrap_or_default();
        let mut to = Vec::new();
        for (i, u) in urls.iter().enumerate() {
            let n = names.get(i).copied().filter(|_| names.len() == urls.len());
            let is_rep = n.is_some_and(|n| !rep_key.is_empty() && header_key(n) == rep_key);
            if is_rep {
                mine.insert(u.clone());
            }
            to.push(Party::new(&if is_rep { ME.to_string() } else { address(&mine, u) }, n));
        }
        let conversation = cols.get(&record, "conversation").unwrap_or("");
        let key = format!(
            "li:{conversation}|{}|{}",
            date.format("%Y%m%dT%H%M%SZ"),
            from_url.clone().unwrap_or_default()
        );
        sink(Got::Exchange(Exchange {
            location,
            key,
            kind: TouchKind::Message,
            date: date.with_timezone(&Local).date_naive(),
            from: Some(from),
            to,
            thread: (!conversation.is_empty()).then(|| format!("li:{conversation}")),
            subject: cols.get(&record, "subject").map(|s| s.chars().take(300).collect()),
            delivered_to: Vec::new(),
            marked_sent: false,
        }))?;
    }
    Ok(())
}
