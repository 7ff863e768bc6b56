//! vCard files (`.vcf`), versions 2.1, 3.0 and 4.0, one or many cards per file.
//!
//! Handled: folded lines (a line starting with a space or tab continues the previous
//! one), QUOTED-PRINTABLE values with soft line breaks and a CHARSET, grouped properties
//! (`item1.EMAIL`, `item1.X-ABLabel`), escaped `\,` `\;` `\\` and `\n`, several emails
//! and phones, `FN` (or `N` when `FN` is missing), `ORG`, `TITLE`, `URL` (a LinkedIn
//! profile URL is recognised, as is `X-SOCIALPROFILE;type=linkedin`), `NOTE` and
//! `CATEGORIES` (tags). Binary properties (`PHOTO`, `LOGO`, `SOUND`, `KEY`) are skipped
//! as they stream past, however large. A card without a name is skipped with that reason.
//!
//! This is a parser of our own: it streams, so a photo of any size is never held in
//! memory, and a card is reported by number and line. Of the crates checked, `vcard4`
//! reads 4.0 only and `ical` 3.0-style cards; `vcard-rs` (0.5, 2.1 to 4.0 with
//! quoted-printable and charsets, parsing whole cards into a byte-faithful syntax tree)
//! could take over the property decoding below ([`contact`]) behind this streaming reader.

use std::io::{BufReader, Read};

use super::text::{read_line_capped, MAX_LINE_BYTES};
use super::{Contact, Item, Skip};
use crate::error::{Error, Result};

/// Properties whose values are binary data we do not keep.
const BINARY: &[&str] = &["PHOTO", "LOGO", "SOUND", "KEY"];

/// One property of a card, unfolded.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Property {
    pub group: Option<String>,
    /// Upper case.
    pub name: String,
    /// `(NAME, value)`, names upper case; a 2.1 bare parameter `WORK` is `("TYPE", "WORK")`.
    pub params: Vec<(String, String)>,
    /// The raw value (still escaped, still quoted-printable).
    pub value: String,
}

impl Property {
    fn param<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.params.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn is_quoted_printable(&self) -> bool {
        self.param("ENCODING").any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
            || self.param("TYPE").any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    }

    /// The value decoded (quoted-printable and charset) but still escaped, and, when the
    /// charset had to be guessed, which one was used.
    fn decoded(&self) -> (String, Option<&'static str>) {
        if !self.is_quoted_printable() {
            return (self.value.clone(), None);
        }
        let bytes = quoted_printable(&self.value);
        let declared =
            self.param("CHARSET").next().and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
        match declared {
            Some(encoding) => {
                let (text, _, malformed) = encoding.decode(&bytes);
                if malformed && encoding == encoding_rs::UTF_8 {
                    let guess = guess_charset(&bytes);
                    (guess.decode(&bytes).0.into_owned(), Some(guess.name()))
                } else {
                    (text.into_owned(), None)
                }
            }
            None => match std::str::from_utf8(&bytes) {
                Ok(text) => (text.to_string(), None),
                Err(_) => {
                    // Old phones wrote their own code page without saying which.
                    let guess = guess_charset(&bytes);
                    (guess.decode(&bytes).0.into_owned(), Some(guess.name()))
                }
            },
        }
    }
}

/// The likeliest legacy charset of quoted-printable bytes that are not UTF-8: chardetng's
/// guess, unless the bytes read as letters in the Central European code page and not in
/// the Western one (`=B3` is `ł` there, `³` in Western), or as the Polish `ń` before a
/// consonant or at a word's end (`Iksi=F1ski`), where Spanish `ñ` comes before a vowel.
fn guess_charset(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess != encoding_rs::WINDOWS_1252 && guess != encoding_rs::WINDOWS_1250 {
        return guess;
    }
    let (mut east, mut west) = (0i32, 0i32);
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x80 {
            continue;
        }
        let one = [b];
        let central = encoding_rs::WINDOWS_1250.decode_without_bom_handling(&one).0;
        let western = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one).0;
        let letter = |s: &str| s.chars().all(char::is_alphabetic);
        match (letter(&central), letter(&western)) {
            (true, false) => east += 1,
            (false, true) => west += 1,
            _ if b == 0xF1 => {
                let next = bytes.get(i + 1).map(|n| n.to_ascii_lowercase());
                if matches!(next, Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'y')) {
                    west += 1;
                } else {
                    east += 1;
                }
            }
            _ => {}
        }
    }
    match east.cmp(&west) {
        std::cmp::Ordering::Greater => encoding_rs::WINDOWS_1250,
        std::cmp::Ordering::Less => encoding_rs::WINDOWS_1252,
        std::cmp::Ordering::Equal => guess,
    }
}

/// Parses one unfolded content line: `[group.]NAME[;param...]:value`.
pub fn parse_property(line: &str) -> Option<Property> {
    // The name and parameters end at the first ':' outside double quotes.
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    })?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let full_name = parts.next()?.trim().to_string();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (Some(g.to_string()), n.to_ascii_uppercase()),
        None => (None, full_name.to_ascii_uppercase()),
    };
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    for p in parts {
        match p.split_once('=') {
            Some((k, v)) => {
                let k = k.trim().to_ascii_uppercase();
                for v in split_unquoted(v, ',') {
                    params.push((k.clone(), v.trim().trim_matches('"').to_string()));
                }
            }
            None if !p.trim().is_empty() => {
                let bare = p.trim().to_string();
                let key =
                    if bare.eq_ignore_ascii_case("QUOTED-PRINTABLE") || bare.eq_ignore_ascii_case("BASE64") {
                        "ENCODING"
                    } else {
                        "TYPE"
                    };
                params.push((key.to_string(), bare));
            }
            None => {}
        }
    }
    Some(Property { group, name, params, value: value.to_string() })
}

fn split_unquoted(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    out
}

/// Decodes quoted-printable text (`=C3=A9`, soft breaks already joined) to bytes.
pub fn quoted_printable(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
            if i + 1 == b.len() {
                break; // a trailing soft break
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Splits a structured value on unescaped `sep` and unescapes each part.
pub fn split_escaped(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => cur.push('\n'),
                Some(o) => cur.push(o),
                None => {}
            }
        } else if c == sep {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

/// Unescapes a text value (`\,` `\;` `\\` `\n`).
pub fn unescape(s: &str) -> String {
    split_escaped(s, '\u{0}').concat()
}

/// A card being read.
struct Card {
    number: u64,
    line: u64,
    props: Vec<Property>,
    /// Set when the card cannot be imported.
    problem: Option<String>,
}

/// Reads vCard text, handing each card to `sink`.
pub fn read(reader: impl Read, name: &str, sink: &mut dyn FnMut(Item) -> Result<()>) -> Result<()> {
    let mut reader = BufReader::new(reader);
    let mut raw = Vec::new();
    let mut number = 0u64;
    let mut cards = 0u64;
    let mut card: Option<Card> = None;
    // The logical line being unfolded, with its first line number and whether it is binary.
    // (text, first line, whether the value is quoted-printable)
    let mut pending: Option<(String, u64, bool)> = None;
    let mut skipping_binary = false;
    let mut seen_any = false;

    loop {
        number += 1;
        let next = read_line_capped(&mut reader, &mut raw, MAX_LINE_BYTES)
            .map_err(|e| Error::input(format!("{name}, line {number}"), e.to_string()))?;
        let Some(cut) = next else { break };
        let text = String::from_utf8_lossy(&raw);
        let continuation = text.starts_with([' ', '\t']);
        if continuation {
            if skipping_binary {
                continue;
            }
            if let Some((p, _, qp)) = pending.as_mut() {
                // A soft line break followed by a line of only spaces: the value ends there.
                if *qp && p.ends_with('=') && text.trim().is_empty() {
                    p.pop();
                    *qp = false;
                    continue;
                }
                if cut {
                    let c = card.as_mut();
                    if let Some(c) = c {
                        c.problem.get_or_insert(format!("line {number} is longer than 1 MiB"));
                    }
                }
                if p.len() + text.len() > MAX_LINE_BYTES {
                    if let Some(c) = card.as_mut() {
                        c.problem
                            .get_or_insert(format!("a value ending on line {number} is longer than 1 MiB"));
                    }
                    pending = None;
                    skipping_binary = true;
                    continue;
                }
                p.push_str(&text[1..]);
            }
            continue;
        }
        // A 2.1 quoted-printable soft line break: the value goes on on the next line.
        if let Some((p, _, qp)) = pending.as_mut() {
            let upper = text.trim_start().to_ascii_uppercase();
            let card_edge = upper.starts_with("END:VCARD") || upper.starts_with("BEGIN:VCARD");
            let soft_break = *qp && p.ends_with('=');
            if soft_break && card_edge {
                // The value ends here: a card's edge never continues a value.
                p.pop();
            } else if soft_break && !text.trim().is_empty() {
                if p.len() + text.len() > MAX_LINE_BYTES {
                    if let Some(c) = card.as_mut() {
                        c.problem
                            .get_or_insert(format!("a value ending on line {number} is longer than 1 MiB"));
                    }
                    pending = None;
                    skipping_binary = true;
                    continue;
                }
                p.pop();
                p.push_str(&text);
                continue;
            }
        }
        if let Some((logical, at, _)) = pending.take() {
            handle(&logical, at, name, &mut card, &mut cards, &mut seen_any, sink)?;
        }
        if text.trim().is_empty() {
            skipping_binary = false;
            continue;
        }
        // vCard 2.1 base64 runs to a blank line, its lines not always indented: a line
        // of base64 alone (no colon, so no property) still belongs to the photo.
        if skipping_binary
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            continue;
        }
        skipping_binary = false;
        let head = text.split([':', ';']).next().unwrap_or_default();
        let prop_name = head.rsplit('.').next().unwrap_or_default().trim().to_ascii_uppercase();
        if BINARY.contains(&prop_name.as_str()) {
            skipping_binary = true;
            continue;
        }
        if cut {
            if let Some(c) = card.as_mut() {
                c.problem.get_or_insert(format!("line {number} ({prop_name}) is longer than 1 MiB"));
            }
            continue;
        }
        let qp = is_qp_line(&text);
        pending = Some((text.into_owned(), number, qp));
    }
    if let Some((logical, at, _)) = pending.take() {
        handle(&logical, at, name, &mut card, &mut cards, &mut seen_any, sink)?;
    }
    if let Some(c) = card {
        sink(Item::Skip(Skip {
            location: format!("{name}, card {} (line {})", c.number, c.line),
            reason: "the card is not finished: the file ends before END:VCARD".into(),
        }))?;
    }
    if !seen_any {
        return Err(Error::input(name, "no BEGIN:VCARD found; is this a vCard (.vcf) file?"));
    }
    Ok(())
}

fn is_qp_line(line: &str) -> bool {
    parse_property(line).is_some_and(|p| p.is_quoted_printable())
}

fn handle(
    logical: &str,
    at: u64,
    name: &str,
    card: &mut Option<Card>,
    cards: &mut u64,
    seen_any: &mut bool,
    sink: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<()> {
    let Some(prop) = parse_property(logical) else {
        return match card.as_mut() {
            Some(_) => sink(Item::Note(format!(
                "{name}, line {at}: ignored {:?}, which is not a vCard property (it has no colon)",
                clip(logical)
            ))),
            None if !*seen_any => Err(not_a_vcard(name, at, logical)),
            None => Ok(()),
        };
    };
    match (prop.name.as_str(), prop.value.trim().to_ascii_uppercase().as_str()) {
        ("BEGIN", "VCARD") => {
            *seen_any = true;
            *cards += 1;
            if let Some(open) = card.take() {
                sink(Item::Skip(Skip {
                    location: format!("{name}, card {} (line {})", open.number, open.line),
                    reason: format!("the card has no END:VCARD before the next card on line {at}"),
                }))?;
            }
            *card = Some(Card { number: *cards, line: at, props: Vec::new(), problem: None });
        }
        ("END", "VCARD") => {
            if let Some(c) = card.take() {
                let location = format!("{name}, card {} (line {})", c.number, c.line);
                let mut notes = Vec::new();
                let item = match c.problem {
                    Some(reason) => Item::Skip(Skip { location, reason }),
                    None => match contact_noting(&c.props, location.clone(), &mut notes) {
                        Ok(contact) => Item::Contact(contact),
                        Err(reason) => Item::Skip(Skip { location, reason }),
                    },
                };
                for n in notes {
                    sink(Item::Note(n))?;
                }
                sink(item)?;
            }
        }
        _ => match card.as_mut() {
            Some(c) => c.props.push(prop),
            None if !*seen_any => return Err(not_a_vcard(name, at, logical)),
            None => {}
        },
    }
    Ok(())
}

fn not_a_vcard(name: &str, at: u64, logical: &str) -> Error {
    let hint = if logical.contains('\0') {
        "; the file looks like UTF-16 (a NUL in every other byte): try --encoding utf-16be or --encoding utf-16le"
    } else {
        "; is this a vCard (.vcf) file?"
    };
    Error::input(
        format!("{name}, line {at}"),
        format!("expected BEGIN:VCARD, found {:?}{hint}", clip(logical)),
    )
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

/// The contact a card describes, or why it has none.
pub fn contact(props: &[Property], location: String) -> std::result::Result<Contact, String> {
    contact_noting(props, location, &mut Vec::new())
}

/// [`contact`], adding to `report` a line for each guess it made (a charset) and each
/// thing it did not keep.
pub fn contact_noting(
    props: &[Property],
    location: String,
    report: &mut Vec<String>,
) -> std::result::Result<Contact, String> {
    let mut c = Contact { location, ..Contact::default() };
    let mut formatted = None;
    let mut structured = None;
    let mut notes: Vec<String> = Vec::new();
    let mut other_urls: Vec<String> = Vec::new();
    let mut company_card = false;
    let mut departments: Vec<String> = Vec::new();
    let mut guesses: Vec<(&'static str, Vec<&str>)> = Vec::new();
    for p in props {
        let (value, guessed) = p.decoded();
        if let Some(charset) = guessed {
            match guesses.iter_mut().find(|(c, _)| *c == charset) {
                Some((_, names)) => names.push(&p.name),
                None => guesses.push((charset, vec![&p.name])),
            }
        }
        match p.name.as_str() {
            "UID" => {
                let uid = unescape(&value);
                if !uid.trim().is_empty() {
                    c.id = Some(super::contact::id_for_uid(&uid));
                }
            }
            "X-ABSHOWAS" => company_card = value.trim().eq_ignore_ascii_case("COMPANY"),
            "FN" => formatted = Some(unescape(&value)),
            "N" => {
                let parts = split_escaped(&value, ';');
                let part = |i: usize| parts.get(i).map(|s| s.trim()).unwrap_or_default();
                // family; given; additional; prefix; suffix
                let name = [part(3), part(1), part(2), part(0), part(4)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                structured = Some(name);
            }
            "EMAIL" => push_text(&mut c.emails, &value),
            "TEL" => push_text(&mut c.phones, &value),
            "ORG" => {
                let mut units = split_escaped(&value, ';').into_iter();
                let org = units.next().unwrap_or_default();
                if !org.trim().is_empty() {
                    c.organisation = Some(org.trim().to_string());
                }
                let units: Vec<String> =
                    units.map(|u| u.trim().to_string()).filter(|u| !u.is_empty()).collect();
                if !units.is_empty() {
                    departments.push(format!("Department: {}", units.join(", ")));
                }
            }
            "TITLE" => {
                let t = unescape(&value);
                if !t.trim().is_empty() {
                    c.title = Some(t.trim().to_string());
                }
            }
            "URL" | "X-SOCIALPROFILE" => {
                let url = unescape(&value).trim().to_string();
                let linkedin = url.to_lowercase().contains("linkedin.com/")
                    || p.param("TYPE").any(|t| t.eq_ignore_ascii_case("linkedin"));
                if url.is_empty() {
                } else if linkedin && c.linkedin_url.is_none() && url.to_lowercase().contains("linkedin.com/")
                {
                    c.linkedin_url = Some(url);
                } else if !linkedin || c.linkedin_url.is_some() {
                    other_urls.push(url);
                }
            }
            "NOTE" => {
                let n = unescape(&value);
                if !n.trim().is_empty() {
                    notes.push(n.trim().to_string());
                }
            }
            "CATEGORIES" => {
                for t in split_escaped(&value, ',') {
                    let t = t.trim();
                    if !t.is_empty() && !c.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
                        c.tags.push(t.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    for (charset, names) in guesses {
        report.push(format!(
            "{}: {} {} quoted-printable without a CHARSET and not UTF-8; read as {charset} (a guess)",
            c.location,
            super::text::visible(&names.join(", ")),
            if names.len() == 1 { "is" } else { "are" }
        ));
    }
    let personal = structured.filter(|n| !n.is_empty());
    let name = formatted
        .filter(|n| !n.trim().is_empty())
        .or(personal.clone())
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
    // An address book's company card (Apple's X-ABShowAs:COMPANY, or a card with only an
    // ORG): an organisation, not a person.
    let org_named = match (&name, &c.organisation) {
        (None, Some(_)) => true,
        (Some(n), Some(o)) => company_card && personal.is_none() && n.eq_ignore_ascii_case(o),
        _ => false,
    };
    if c.organisation.is_some() && (company_card || c.emails.is_empty()) && org_named && personal.is_none() {
        c.organisation_only = true;
        let dropped: Vec<&str> = c.emails.iter().chain(&c.phones).map(String::as_str).collect();
        if !dropped.is_empty() {
            report.push(format!(
                "{}: the company card's emails and phones are not kept (an organisation has none): {}",
                c.location,
                super::text::visible(&dropped.join(", "))
            ));
        }
    } else if name.is_none() && c.emails.is_empty() {
        return Err("the card has no name (FN or N), email or organisation (ORG)".to_string());
    }
    // A card with emails but no name is named after its first email by the pipeline.
    c.name = name.unwrap_or_default();
    notes.append(&mut departments);
    for u in other_urls {
        notes.push(format!("Web: {u}"));
    }
    if !notes.is_empty() {
        c.notes = Some(notes.join("\n"));
    }
    Ok(c)
}

fn push_text(list: &mut Vec<String>, value: &str) {
    let v = unescape(value);
    let v = v.trim().trim_start_matches("mailto:").trim_start_matches("tel:").trim();
    if !v.is_empty() && !list.iter().any(|x| x == v) {
        list.push(v.to_string());
    }
}

/// Mends folds that split a UTF-8 character (writers that fold at a byte count): the
/// continuation bytes after `CRLF SPACE` are moved before the fold, so the file decodes
/// as the UTF-8 it is, and unfolding gives the same text. Line numbers do not change.
/// Streams; text in other single-byte encodings comes through unchanged once unfolded,
/// and UTF-16 (a byte-order mark, or NULs among the first bytes) is not touched.
pub struct Refold<R> {
    inner: R,
    /// Bytes read, processed but held back (from the line end of a possible fold on).
    held: Vec<u8>,
    /// Bytes ready to hand out.
    ready: Vec<u8>,
    ready_at: usize,
    /// The last (up to 3) bytes before `held`, to see a character cut at the fold.
    tail: Vec<u8>,
    state: FoldState,
    eof: bool,
    /// UTF-16 (a byte-order mark, or NULs at the start): bytes are passed on untouched.
    passthrough: Option<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FoldState {
    /// In a line.
    Text,
    /// Just after `\r` (held).
    Cr,
    /// Just after the line end (held).
    LineEnd,
    /// After the line end and the fold's space or tab (held); `n` continuation bytes moved.
    Fold { moved: usize },
}

impl<R> Refold<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            held: Vec::new(),
            ready: Vec::new(),
            ready_at: 0,
            tail: Vec::new(),
            state: FoldState::Text,
            eof: false,
            passthrough: None,
        }
    }

    /// How many continuation bytes the character cut at the end of `tail` still needs.
    fn missing(&self) -> usize {
        let t = &self.tail;
        for back in 1..=t.len().min(3) {
            let b = t[t.len() - back];
            let need: usize = match b {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                0x80..=0xBF => continue,
                _ => return 0,
            };
            return need.saturating_sub(back);
        }
        0
    }

    fn release(&mut self) {
        for &b in &self.held {
            self.tail.push(b);
        }
        let keep = self.tail.len().saturating_sub(3);
        self.tail.drain(..keep);
        self.ready.append(&mut self.held);
    }

    fn text_byte(&mut self, b: u8) {
        self.ready.push(b);
        self.tail.push(b);
        if self.tail.len() > 3 {
            self.tail.remove(0);
        }
    }

    fn feed(&mut self, b: u8) {
        loop {
            match self.state {
                FoldState::Text => {
                    match b {
                        b'\r' => {
                            self.held.push(b);
                            self.state = FoldState::Cr;
                        }
                        b'\n' => {
                            self.held.push(b);
                            self.state = FoldState::LineEnd;
                        }
                        _ => self.text_byte(b),
                    }
                    return;
                }
                FoldState::Cr => {
                    if b == b'\n' {
                        self.held.push(b);
                        self.state = FoldState::LineEnd;
                        return;
                    }
                    self.release();
                    self.tail.clear();
                    self.state = FoldState::Text;
                }
                FoldState::LineEnd => {
                    if b == b' ' || b == b'\t' {
                        self.held.push(b);
                        self.state = FoldState::Fold { moved: 0 };
                        return;
                    }
                    self.release();
                    self.tail.clear();
                    self.state = FoldState::Text;
                }
                FoldState::Fold { moved } => {
                    if (0x80..=0xBF).contains(&b) && moved < self.missing() {
                        // Before the fold, as part of the cut character.
                        self.ready.push(b);
                        self.state = FoldState::Fold { moved: moved + 1 };
                        return;
                    }
                    // The fold stays where it is (after any moved bytes).
                    self.release();
                    self.state = FoldState::Text;
                }
            }
        }
    }
}

impl<R> Refold<R> {
    /// Tells UTF-16 from the first bytes (gathered in `held`), then handles them.
    fn decide(&mut self) {
        let head = std::mem::take(&mut self.held);
        let start = &head[..head.len().min(8)];
        let utf16 =
            start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) || start.contains(&0);
        self.passthrough = Some(utf16);
        if utf16 {
            self.ready.extend_from_slice(&head);
        } else {
            for b in head {
                self.feed(b);
            }
        }
    }
}

impl<R: Read> Read for Refold<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.ready_at < self.ready.len() {
                let n = buf.len().min(self.ready.len() - self.ready_at);
                buf[..n].copy_from_slice(&self.ready[self.ready_at..self.ready_at + n]);
                self.ready_at += n;
                if self.ready_at == self.ready.len() {
                    self.ready.clear();
                    self.ready_at = 0;
                }
                return Ok(n);
            }
            if self.eof {
                if self.held.is_empty() {
                    return Ok(0);
                }
                self.release();
                continue;
            }
            let mut chunk = [0u8; 8192];
            let n = match self.inner.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                self.eof = true;
                if self.passthrough.is_none() {
                    self.decide();
                }
                continue;
            }
            match self.passthrough {
                Some(true) => self.ready.extend_from_slice(&chunk[..n]),
                Some(false) => {
                    for &b in &chunk[..n] {
                        self.feed(b);
                    }
                }
                None => {
                    // The first bytes are gathered (in `held`) until it can be told.
                    self.held.extend_from_slice(&chunk[..n]);
                    if self.held.len() >= 8 {
                        self.decide();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn cards(text: &str) -> Vec<std::result::Result<Contact, Skip>> {
        let mut out = Vec::new();
        read(text.as_bytes(), "t.vcf", &mut |item| {
            match item {
                Item::Contact(c) => out.push(Ok(c)),
                Item::Skip(s) => out.push(Err(s)),
                Item::Note(_) => {}
            }
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn properties_parse_with_groups_and_params() {
        let p = parse_property("item1.EMAIL;type=INTERNET;type=pref:ann@acme.com").unwrap();
        assert_eq!(p.group.as_deref(), Some("item1"));
        assert_eq!(p.name, "EMAIL");
        assert_eq!(p.value, "ann@acme.com");
        let p = parse_property("TEL;WORK;VOICE:+1 555").unwrap();
        assert_eq!(p.params, vec![("TYPE".into(), "WORK".into()), ("TYPE".into(), "VOICE".into())]);
        let p = parse_property("URL;VALUE=\"a:b\":https://x").unwrap();
        assert_eq!(p.value, "https://x");
        assert!(parse_property("no colon here").is_none());
    }

    #[test]
    fn escapes_and_quoted_printable() {
        assert_eq!(unescape(r"Smith\, Jones \; Co\nline\\2"), "Smith, Jones ; Co\nline\\2");
        assert_eq!(split_escaped(r"Acme\; Ltd;Sales", ';'), vec!["Acme; Ltd", "Sales"]);
        assert_eq!(quoted_printable("Caf=C3=A9 =3D ok"), "Café = ok".as_bytes());
    }

    #[test]
    fn folded_lines_and_soft_breaks_are_joined() {
        let got = cards(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\r\nller;J=C3=BCrgen;;;\r\nNOTE:first \r\n part\r\nEND:VCARD\r\n",
        );
        let c = got[0].as_ref().unwrap();
        assert_eq!(c.name, "Jürgen Müller");
        assert_eq!(c.notes.as_deref(), Some("first part"));
    }

    #[test]
    fn a_card_without_a_name_or_end_is_skipped() {
        let got = cards("BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555\nEND:VCARD\nBEGIN:VCARD\nFN:Half\n");
        assert_eq!(
            got[0].as_ref().unwrap_err().reason,
            "the card has no name (FN or N), email or organisation (ORG)"
        );
        assert!(got[1].as_ref().unwrap_err().reason.contains("END:VCARD"));
    }

    fn refold(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        Refold::new(bytes).read_to_end(&mut out).unwrap();
        out
    }

    /// Unfolds `CRLF SPACE` / `LF SPACE` as the reader does.
    fn unfold(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i..].starts_with(b"\r\n ") {
                i += 3;
            } else if bytes[i..].starts_with(b"\n ") {
                i += 2;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn refolding_mends_every_cut_character_and_keeps_the_unfolded_text() {
        let text = "FN:Ωμέγα 😀 Zoë ĉ 中文";
        let bytes = text.as_bytes();
        for cut in 1..bytes.len() {
            for end in ["\r\n ", "\n ", "\r\n\t"] {
                let mut folded = bytes[..cut].to_vec();
                folded.extend_from_slice(end.as_bytes());
                folded.extend_from_slice(&bytes[cut..]);
                folded.extend_from_slice(b"\r\nEND:VCARD\r\n");
                let mended = refold(&folded);
                assert!(std::str::from_utf8(&mended).is_ok(), "cut at {cut}: {mended:?}");
                let unfolded = |b: &[u8]| {
                    unfold(&b.iter().map(|&c| if c == b'\t' { b' ' } else { c }).collect::<Vec<_>>())
                };
                assert_eq!(unfolded(&mended), unfolded(&folded), "cut at {cut}");
                let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
                assert_eq!(lines(&mended), lines(&folded), "line numbers kept");
            }
        }
        // Text in another encoding comes through unchanged.
        let latin = b"FN:Jos\xE9\r\n M\xFCller\r\n\r\n";
        assert_eq!(refold(latin), latin.to_vec());
        // UTF-16 is left alone, however it is read (here a byte at a time).
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((&b, rest)) = self.0.split_first() else { return Ok(0) };
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
        }
        let utf16: Vec<u8> =
            "FN:\u{3c9}\u{c3}\r\n \u{a9}x".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut out = Vec::new();
        Refold::new(Trickle(&utf16)).read_to_end(&mut out).unwrap();
        assert_eq!(out, utf16);
        let mut out = Vec::new();
        Refold::new(Trickle(b"FN:\xCE\r\n \xA9")).read_to_end(&mut out).unwrap();
        assert_eq!(out, b"FN:\xCE\xA9\r\n ");
    }

    #[test]
    fn not_a_vcard_is_an_error() {
        let e = read(&b"name,email\nAnn,a@b.c\n"[..], "x.vcf", &mut |_| Ok(())).unwrap_err().to_string();
        assert!(e.contains("x.vcf, line 1") && e.contains("BEGIN:VCARD"), "{e}");
    }
}
