//! The rep's own mail: mbox files (Gmail Takeout, Thunderbird, Apple Mail) and Maildir
//! folders, read for their headers only.
//!
//! An mbox is streamed line by line through a fixed buffer: a message starts at a line
//! `From ` that opens the file, reads like a separator (`From sender Thu Jan  4 10:00:00
//! 2024`: a time and a four-digit year), or follows a blank line and names a sender
//! (`From a@b ...`, `From - ...`). A body line starting `From ` is quoted `>From ` by the
//! writers; one that is not ("From here on, ...") is no separator either. Bodies are
//! skipped. Lines end in LF or
//! CRLF. Only the header block of each message is kept in memory (at most
//! [`MAX_HEADER_BYTES`]), and handed to `mailparse` (RFC 5322 headers, MIME encoded words,
//! address lists, dates). Bodies and attachments are read past, never kept.
//!
//! A folder is a Maildir (it has `cur` or `new`), or holds mbox files (Thunderbird's
//! profile folders, Apple Mail's `.mbox` bundles), searched in name order; each file (each
//! Maildir) is one transaction.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate};
use mailparse::{MailAddr, MailHeader, MailHeaderMap};

use super::exchanges::{normal_address, Exchange, Party, Read as Got};
use super::Skip;
use crate::error::{Error, Result};
use crate::model::TouchKind;

/// A message's headers longer than this are not read (the message is skipped, reported).
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// The first bytes of a body line that are looked at (to find the next `From ` line).
const BODY_PEEK: usize = 256;

/// One thing to read: an mbox file or a Maildir folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Mbox(PathBuf),
    Maildir(PathBuf),
}

impl Source {
    pub fn path(&self) -> &Path {
        match self {
            Self::Mbox(p) | Self::Maildir(p) => p,
        }
    }
}

/// The mbox files and Maildirs at `path`, in name order; a file is taken as an mbox.
pub fn sources(path: &Path) -> Result<Vec<Source>> {
    if !path.exists() {
        return Err(Error::input(path.display().to_string(), "no such file or folder"));
    }
    if !path.is_dir() {
        return Ok(vec![Source::Mbox(path.to_path_buf())]);
    }
    let mut found = Vec::new();
    collect(path, &mut found, 0)?;
    if found.is_empty() {
        return Err(Error::input(
            path.display().to_string(),
            "no mbox file and no Maildir (cur, new) in this folder; choose an mbox export or a Maildir",
        ));
    }
    Ok(found)
}

fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() || dir.join("new").is_dir()
}

fn collect(dir: &Path, found: &mut Vec<Source>, depth: u32) -> Result<()> {
    if is_maildir(dir) {
        found.push(Source::Maildir(dir.to_path_buf()));
    }
    if depth > 8 {
        return Ok(());
    }
    let io = |source| Error::Io { path: dir.to_path_buf(), source };
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(io)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_dir() {
            if !matches!(name.as_str(), "cur" | "new" | "tmp") {
                collect(&p, found, depth + 1)?;
            }
        } else if starts_like_mbox(&p) {
            found.push(Source::Mbox(p));
        }
    }
    Ok(())
}

/// Whether a file opens with an mbox `From ` line.
fn starts_like_mbox(p: &Path) -> bool {
    let mut head = [0u8; 5];
    File::open(p).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"From "
}

/// Reads one line into `buf`, keeping at most `max` bytes of it (the rest is read past).
/// Returns the line's whole length (with its end), or `None` at the end of input.
fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Option<usize>> {
    buf.clear();
    let mut total = 0;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((total > 0).then_some(total));
        }
        let (used, end) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&available[..used.min(room)]);
        total += used;
        r.consume(used);
        if end {
            return Ok(Some(total));
        }
    }
}

fn trim_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `From sender@example.com Thu Jan  4 10:00:00 2024` (or `From - Thu ...` in Thunderbird):
/// an address or `-`, then a date with a time and a four-digit year.
fn looks_like_separator(line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(trim_end(line));
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() >= 5
        && words
            .iter()
            .any(|w| w.matches(':').count() >= 1 && w.chars().all(|c| c.is_ascii_digit() || c == ':'))
        && words.iter().any(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
}

/// `From sender@example.com ...` or `From - ...`: the word after `From` is an address or `-`.
fn names_a_sender(line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(trim_end(line));
    text.split_whitespace().nth(1).is_some_and(|w| w == "-" || w.contains('@'))
}

/// Streams an mbox, handing each message on. `name` is used in locations.
pub fn read_mbox(reader: impl Read, name: &str, sink: &mut dyn FnMut(Got) -> Result<()>) -> Result<()> {
    let mut r = BufReader::with_capacity(1 << 20, reader);
    let mut line = Vec::with_capacity(256);
    let mut headers: Vec<u8> = Vec::with_capacity(8192);
    let mut number = 0u64; // line number
    let mut message = 0u64;
    let mut message_line = 0u64;
    let mut in_headers = false;
    let mut too_long = false;
    let mut after_blank = true;
    loop {
        let cap = if in_headers {
            MAX_HEADER_BYTES.saturating_sub(headers.len()).max(BODY_PEEK) + 2
        } else {
            BODY_PEEK
        };
        let Some(len) = read_line(&mut r, &mut line, cap).map_err(|e| {
            Error::input(format!("{name}, line {}", number + 1), format!("the file cannot be read: {e}"))
        })?
        else {
            break;
        };
        number += 1;
        let is_from = line.starts_with(b"From ")
            && (number == 1 || looks_like_separator(&line) || (after_blank && names_a_sender(&line)));
        if number == 1 && !line.starts_with(b"From ") {
            return Err(Error::input(
                format!("{name}, line 1"),
                "this is not an mbox file: it should start with a `From ` line; choose an mbox export or a Maildir folder",
            ));
        }
        if is_from {
            if in_headers {
                sink(cut_short(
                    name,
                    message,
                    message_line,
                    "the next message starts before this one's headers end",
                ))?;
            }
            message += 1;
            message_line = number;
            headers.clear();
            in_headers = true;
            too_long = false;
            after_blank = false;
            continue;
        }
        if in_headers {
            if trim_end(&line).is_empty() {
                in_headers = false;
                after_blank = true;
                let location = format!("{name}, message {message} (line {message_line})");
                if too_long {
                    sink(Got::Unreadable(Skip {
                        location,
                        reason: format!(
                            "its headers are longer than {} MiB; not read",
                            MAX_HEADER_BYTES >> 20
                        ),
                    }))?;
                } else {
                    sink(read_headers(&headers, location, None))?;
                }
                continue;
            }
            if len > line.len() || headers.len() + line.len() > MAX_HEADER_BYTES {
                too_long = true;
            } else {
                headers.extend_from_slice(trim_end(&line));
                headers.extend_from_slice(b"\r\n");
            }
            continue;
        }
        after_blank = trim_end(&line).is_empty();
    }
    if in_headers && message > 0 {
        sink(cut_short(name, message, message_line, "the file ends inside its headers: it was cut short"))?;
    }
    Ok(())
}

fn cut_short(name: &str, message: u64, line: u64, why: &str) -> Got {
    Got::Unreadable(Skip {
        location: format!("{name}, message {message} (line {line})"),
        reason: why.to_string(),
    })
}

/// Reads a Maildir's messages (`cur` and `new`), headers only, in name order.
pub fn read_maildir(
    dir: &Path,
    name: &str,
    sink: &mut dyn FnMut(Got) -> Result<()>,
    bytes: &mut dyn FnMut(u64),
) -> Result<()> {
    let mut files = Vec::new();
    for sub in ["cur", "new"] {
        let d = dir.join(sub);
        if let Ok(entries) = std::fs::read_dir(&d) {
            files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()));
        }
    }
    files.sort();
    let mut headers = Vec::new();
    let mut line = Vec::new();
    for path in files {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let location = format!("{name}/{file_name}");
        let file = File::open(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        bytes(file.metadata().map(|m| m.len()).unwrap_or(0));
        let mut r = BufReader::new(file);
        headers.clear();
        let mut ended = false;
        let mut too_long = false;
        loop {
            match read_line(&mut r, &mut line, MAX_HEADER_BYTES) {
                Ok(Some(len)) => {
                    if trim_end(&line).is_empty() {
                        ended = true;
                        break;
                    }
                    if len > line.len() || headers.len() + line.len() > MAX_HEADER_BYTES {
                        too_long = true;
                        break;
                    }
                    headers.extend_from_slice(trim_end(&line));
                    headers.extend_from_slice(b"\r\n");
                }
                Ok(None) => break,
                Err(e) => {
                    sink(Got::Unreadable(Skip {
                        location: location.clone(),
                        reason: format!("cannot be read: {e}"),
                    }))?;
                    too_long = true;
                    break;
                }
            }
        }
        let unique = file_name.split(':').next().unwrap_or(&file_name).to_string();
        let got = if too_long {
            Got::Unreadable(Skip {
                location,
                reason: format!("its headers are longer than {} MiB; not read", MAX_HEADER_BYTES >> 20),
            })
        } else if !ended && headers.is_empty() {
            Got::Unreadable(Skip { location, reason: "the file is empty".into() })
        } else {
            read_headers(&headers, location, Some(unique))
        };
        sink(got)?;
    }
    Ok(())
}

fn value(headers: &[MailHeader<'_>], key: &str) -> Option<String> {
    headers.get_first_value(key).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn parties(headers: &[MailHeader<'_>], key: &str, out: &mut Vec<Party>) {
    for h in headers.get_all_headers(key) {
        let Ok(list) = mailparse::addrparse_header(h) else { continue };
        for a in list.iter() {
            match a {
                MailAddr::Single(s) => push_party(out, &s.addr, s.display_name.as_deref()),
                MailAddr::Group(g) => {
                    for s in &g.addrs {
                        push_party(out, &s.addr, s.display_name.as_deref());
                    }
                }
            }
        }
    }
}

fn push_party(out: &mut Vec<Party>, addr: &str, name: Option<&str>) {
    let address = normal_address(addr);
    if address.contains('@')
        && !address.contains(char::is_whitespace)
        && !address.chars().any(char::is_control)
    {
        let name = name.map(|n| crate::model::text::strip_controls(n, false).0);
        out.push(Party::new(&address, name.as_deref()));
    }
}

/// A message id without its angle brackets, lower-cased.
fn message_id(s: &str) -> Option<String> {
    let s = s.trim();
    let s = match (s.find('<'), s.find('>')) {
        (Some(a), Some(b)) if a < b => &s[a + 1..b],
        _ => s.split_whitespace().next().unwrap_or(""),
    };
    let s = s.trim().to_lowercase();
    (!s.is_empty() && s.len() <= 998 && !s.chars().any(char::is_control)).then_some(s)
}

/// The date of a `Date:` header, on this computer's calendar.
fn local_date(text: &str) -> Option<NaiveDate> {
    let ts = mailparse::dateparse(text).ok()?;
    // The parser is lenient: words that are no date come out as 1970. E-mail is younger
    // than 1980 on any rep's laptop.
    if ts < 315_532_800 || !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    DateTime::from_timestamp(ts, 0).map(|t| t.with_timezone(&Local).date_naive())
}

/// One message's header block as an exchange (or why it is skipped). `fallback` is a
/// Maildir file's unique name, the key of a message without a Message-ID.
pub fn read_headers(raw: &[u8], location: String, fallback: Option<String>) -> Got {
    // NULs are no part of any header: dropped before parsing.
    let cleaned: Vec<u8>;
    let raw = if raw.contains(&0) {
        cleaned = raw.iter().copied().filter(|b| *b != 0).collect();
        &cleaned[..]
    } else {
        raw
    };
    let headers = match mailparse::parse_headers(raw) {
        Ok((h, _)) => h,
        Err(e) => {
            return Got::Unreadable(Skip { location, reason: format!("its headers cannot be read: {e}") })
        }
    };
    if headers.get_first_header("List-Id").is_some()
        || headers.get_first_header("List-Unsubscribe").is_some()
        || value(&headers, "Precedence")
            .is_some_and(|p| matches!(p.to_ascii_lowercase().as_str(), "bulk" | "list" | "junk"))
    {
        return Got::Bulk;
    }
    let mut from = Vec::new();
    parties(&headers, "From", &mut from);
    let mut to = Vec::new();
    parties(&headers, "To", &mut to);
    parties(&headers, "Cc", &mut to);
    let Some(from) = from.into_iter().next() else {
        return Got::Unreadable(Skip {
            location,
            reason: "no sender: the From header is missing or holds no address".into(),
        });
    };
    let date = match value(&headers, "Date") {
        None => {
            return Got::Unreadable(Skip {
                location,
                reason: "no Date header: when it was sent is unknown".into(),
            })
        }
        Some(d) => match local_date(&d) {
            Some(date) => date,
            None => {
                let shown: String = d.chars().take(60).collect();
                return Got::Unreadable(Skip {
                    location,
                    reason: format!("the Date header {shown:?} is not a date"),
                });
            }
        },
    };
    let id = value(&headers, "Message-ID").and_then(|m| message_id(&m));
    let key = match (&id, fallback) {
        (Some(id), _) => format!("mid:{id}"),
        (None, Some(unique)) => format!("maildir:{unique}"),
        (None, None) => {
            let mut k = format!("nomid:{date}|{}", from.address);
            for p in &to {
                k.push('|');
                k.push_str(&p.address);
            }
            k.truncate(900);
            k
        }
    };
    let thread = value(&headers, "X-GM-THRID")
        .map(|t| format!("gm:{t}"))
        .or_else(|| value(&headers, "References").and_then(|r| message_id(&r)).map(|m| format!("mid:{m}")))
        .or_else(|| value(&headers, "In-Reply-To").and_then(|r| message_id(&r)).map(|m| format!("mid:{m}")));
    let mut delivered = Vec::new();
    for key in ["Delivered-To", "X-Original-To"] {
        for h in headers.get_all_values(key) {
            let a = normal_address(&h);
            if a.contains('@') && !delivered.contains(&a) {
                delivered.push(a);
            }
        }
    }
    let marked_sent = value(&headers, "X-Gmail-Labels")
        .is_some_and(|l| l.split(',').any(|x| x.trim().eq_ignore_ascii_case("sent")));
    let subject = value(&headers, "Subject")
        .map(|s| crate::model::text::strip_controls(&s, false).0.chars().take(300).collect());
    let mut seen = HashSet::new();
    to.retain(|p| seen.insert(p.address.clone()));
    Got::Exchange(Exchange {
        location,
        key,
        kind: TouchKind::Email,
        date,
        from: Some(from),
        to,
        thread,
        subject,
        delivered_to: delivered,
        marked_sent,
    })
}
