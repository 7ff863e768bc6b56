//! Any contacts CSV, read through a column mapping.
//!
//! Without a saved mapping, headers are recognised from the exports of Google Contacts,
//! Outlook, HubSpot and Salesforce (and plain names like `Email` or `Company`); several
//! columns may feed one field (`E-mail 1 - Value`, `E-mail 2 - Value`). A saved mapping
//! ([`crate::store::mappings`]) names the field of each header explicitly; headers it
//! leaves out are ignored.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read};
use std::str::FromStr;

use super::text::{read_line_capped, LineCap, MAX_LINE_BYTES};
use super::{csv_error, header_key, Contact, Item, Skip};
use crate::error::{Error, Result};
pub use crate::model::mapping::{Field, Mapping};

impl FromStr for Field {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let key = header_key(s);
        Field::ALL.into_iter().find(|f| header_key(f.as_str()) == key).ok_or_else(|| {
            Error::invalid(
                "field",
                format!(
                    "{s:?} is not a field; use one of {}",
                    Field::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
        })
    }
}

impl Mapping {
    /// Builds a mapping from `Header=field` pairs.
    pub fn parse(name: &str, pairs: &[String]) -> Result<Self> {
        let mut columns = BTreeMap::new();
        for p in pairs {
            let (header, field) = p.rsplit_once('=').ok_or_else(|| {
                Error::invalid(
                    "column",
                    format!("{p:?} should read \"Header=field\", e.g. \"Work Email=email\""),
                )
            })?;
            if header.trim().is_empty() {
                return Err(Error::invalid("column", format!("{p:?} has no header before '='")));
            }
            columns.insert(header.trim().to_string(), field.parse()?);
        }
        Ok(Self { name: name.trim().to_string(), columns })
    }
}

/// Headers of common exports, by field (compared ignoring case, spaces, `-` and `_`).
const ALIASES: &[(Field, &[&str])] = &[
    (Field::Name, &["Name", "Full Name", "Display Name", "Contact Name", "Contact"]),
    (Field::FirstName, &["First Name", "Given Name", "First"]),
    (Field::MiddleName, &["Middle Name", "Additional Name"]),
    (Field::LastName, &["Last Name", "Family Name", "Surname", "Last"]),
    (
        Field::Email,
        &[
            "Email",
            "E-mail",
            "Email Address",
            "E-mail Address",
            "E-mail 2 Address",
            "E-mail 3 Address",
            "E-mail 1 - Value",
            "E-mail 2 - Value",
            "E-mail 3 - Value",
            "Work Email",
            "Personal Email",
            "Additional email addresses",
            "Emails",
            "Primary Email",
            "Secondary Email",
            "Email Home",
            "Email Work",
            "Email Other",
            "Home Email",
            "Other Email",
        ],
    ),
    (
        Field::Phone,
        &[
            "Phone",
            "Phone Number",
            "Mobile",
            "Mobile Phone",
            "Mobile Phone Number",
            "Business Phone",
            "Business Phone 2",
            "Home Phone",
            "Other Phone",
            "Phone 1 - Value",
            "Phone 2 - Value",
            "Phone 3 - Value",
            "Work Phone",
            "Phones",
            "Mobile Number",
            "Cellular Number",
            "Pager Number",
            "Fax Number",
            "Home Phone 2",
            "Business Phone 2",
            "Company Main Phone",
            "Primary Phone",
            "Car Phone",
            "Phone Home",
            "Phone Work",
            "Phone Mobile",
            "Phone Other",
        ],
    ),
    (
        Field::Organisation,
        &[
            "Company",
            "Company Name",
            "Organisation",
            "Organization",
            "Organization Name",
            "Organization 1 - Name",
            "Account Name",
            "Account",
            "Employer",
        ],
    ),
    (
        Field::Title,
        &["Title", "Job Title", "Organization Title", "Organization 1 - Title", "Position", "Role"],
    ),
    (
        Field::LinkedinUrl,
        &["LinkedIn", "LinkedIn URL", "LinkedIn Profile", "LinkedIn Profile URL", "linkedin_url"],
    ),
    (
        Field::Website,
        &["Website", "Web Page", "Website 1 - Value", "URL", "Personal Web Page", "Web Page 1", "Web Page 2"],
    ),
    (Field::Tags, &["Tags", "Labels", "Categories", "Group Membership", "Lists"]),
    (Field::Notes, &["Notes", "Note", "Description", "Comments"]),
];

/// Headers that tell which application wrote the file.
const EXPORTS: &[(&str, &[&str])] = &[
    ("Google Contacts", &["E-mail 1 - Value", "Group Membership", "Labels", "Given Name"]),
    ("Outlook", &["E-mail Address", "Business Phone", "E-mail Display Name"]),
    ("HubSpot", &["Record ID", "Contact owner", "Lifecycle Stage"]),
    ("Thunderbird", &["Primary Email", "Secondary Email", "Mobile Number"]),
    ("Roundcube", &["Email Home", "Email Work", "Email Other"]),
    ("Salesforce", &["Account Name", "Contact ID", "Mailing Street", "Contact Owner"]),
];

/// The field of each header: from `mapping`, else recognised. Also the export the
/// headers look like, if any.
pub fn recognise(
    headers: &[String],
    mapping: Option<&Mapping>,
) -> (Vec<Option<Field>>, Option<&'static str>) {
    let fields = headers
        .iter()
        .map(|h| match mapping {
            Some(m) => m.columns.iter().find(|(k, _)| header_key(k) == header_key(h)).map(|(_, f)| *f),
            None => ALIASES
                .iter()
                .find(|(_, spellings)| spellings.iter().any(|s| header_key(s) == header_key(h)))
                .map(|(f, _)| *f)
                .or_else(|| numbered_group(h)),
        })
        .collect();
    // Outlook's `Title` is the courtesy title (`Mr.`) beside its `Job Title`: with another
    // title column, a plain `Title` column is left out (and listed as ignored).
    let mut fields: Vec<Option<Field>> = fields;
    if mapping.is_none() {
        let plain = |h: &String| header_key(h) == "title";
        let other_title = headers.iter().zip(&fields).any(|(h, f)| *f == Some(Field::Title) && !plain(h));
        if other_title {
            for (h, f) in headers.iter().zip(fields.iter_mut()) {
                if plain(h) {
                    *f = None;
                }
            }
        }
    }
    let export = EXPORTS
        .iter()
        .find(|(_, marks)| headers.iter().any(|h| marks.iter().any(|m| header_key(m) == header_key(h))))
        .map(|(name, _)| *name);
    (fields, export)
}

/// Google's and Outlook's numbered groups, however many: `E-mail 7 - Value`,
/// `Phone 12 - Value`, `Organization 2 - Name`, `Website 3 - Value`, `E-mail 4 Address`.
fn numbered_group(header: &str) -> Option<Field> {
    let key = header_key(header);
    let groups: &[(&str, &str, Field)] = &[
        ("email", "value", Field::Email),
        ("email", "address", Field::Email),
        ("phone", "value", Field::Phone),
        ("organization", "name", Field::Organisation),
        ("organization", "title", Field::Title),
        ("website", "value", Field::Website),
    ];
    groups.iter().find_map(|(start, end, field)| {
        let middle = key.strip_prefix(start)?.strip_suffix(end)?;
        (!middle.is_empty() && middle.bytes().all(|b| b.is_ascii_digit())).then_some(*field)
    })
}

/// The delimiter of a CSV whose first line is `line`: the one of `,` `;` and tab found
/// most often outside quotes (European spreadsheets write `;`), a comma on a tie.
pub fn sniff_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

type Source<R> = LineCap<std::io::Chain<Cursor<Vec<u8>>, BufReader<R>>>;

/// A CSV reader over `reader` (lines capped at [`MAX_LINE_BYTES`], its delimiter found
/// from the header line) and its headers, as the mapping sees them (a byte-order mark
/// and surrounding spaces removed).
fn open<R: Read>(reader: R, name: &str) -> Result<(csv::Reader<Source<R>>, Vec<String>)> {
    let mut reader = BufReader::new(reader);
    let mut first = Vec::new();
    let cut = read_line_capped(&mut reader, &mut first, MAX_LINE_BYTES)
        .map_err(|e| Error::input(format!("{name}, line 1"), e.to_string()))?;
    if cut == Some(true) {
        return Err(Error::input(
            format!("{name}, line 1"),
            format!("line 1 is longer than {} MiB; is this a contacts CSV?", MAX_LINE_BYTES / (1024 * 1024)),
        ));
    }
    let delimiter = sniff_delimiter(&first);
    first.push(b'\n');
    let mut csv =
        csv::ReaderBuilder::new().has_headers(true).flexible(true).delimiter(delimiter).from_reader(
            LineCap::with_delimiter(Cursor::new(first).chain(reader), MAX_LINE_BYTES, 1, delimiter),
        );
    let headers: Vec<String> = csv
        .headers()
        .map_err(|e| csv_error(name, e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    Ok((csv, headers))
}

/// The headers of a contacts CSV and its first `rows` data rows, for choosing a mapping.
pub fn sample(reader: impl Read, name: &str, rows: usize) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let (mut csv, headers) = open(reader, name)?;
    let mut sample = Vec::new();
    for record in csv.records().take(rows) {
        sample.push(record.map_err(|e| csv_error(name, e))?.iter().map(String::from).collect());
    }
    Ok((headers, sample))
}

/// Reads a contacts CSV, handing each row to `sink`.
pub fn read(
    reader: impl Read,
    name: &str,
    mapping: Option<&Mapping>,
    sink: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<()> {
    let (mut csv, headers) = open(reader, name)?;
    let (fields, export) = recognise(&headers, mapping);
    let has_name = fields
        .iter()
        .flatten()
        .any(|f| matches!(f, Field::Name | Field::FirstName | Field::LastName | Field::Email));
    if mapping.is_none() && fields.iter().all(Option::is_none) && looks_like_data(&headers) {
        return Err(Error::input(
            format!("{name}, line 1"),
            format!(
                "the first row looks like a contact, not a header row: {}; the file has no header row. Add one naming the columns (e.g. `name,email,organisation`), or save a column mapping for your own header names (`intrograph mapping save mine --column \"Contact=name\" --column \"Mail=email\"`) and import with --mapping mine",
                headers.iter().take(6).map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if !has_name {
        return Err(Error::input(
            format!("{name}, line 1"),
            format!(
                "no name or email column recognised among: {}; save a mapping, e.g. `intrograph mapping save mine --column \"Contact=name\" --column \"Mail=email\"`, and import with --mapping mine",
                headers.iter().map(|h| super::text::visible(h)).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    match (mapping, export) {
        (Some(m), _) => sink(Item::Note(format!("columns read with the saved mapping {:?}", m.name)))?,
        (None, Some(e)) => {
            sink(Item::Note(format!("headers recognised as {} {e} export", super::article(e))))?
        }
        (None, None) => {}
    }
    let unknown: Vec<String> = headers
        .iter()
        .zip(&fields)
        .filter(|(h, f)| f.is_none() && !h.is_empty())
        .map(|(h, _)| super::text::visible(h))
        .collect();
    if !unknown.is_empty() {
        sink(Item::Note(format!("ignored column(s): {}", unknown.join(", "))))?;
    }
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(name, e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let location = format!("{name}, line {line}");
        check_row(&record, headers.len(), &location)?;
        let mut c = Contact { location, ..Contact::default() };
        let (mut full, mut first, mut middle, mut last) = (None, None, None, None);
        let mut notes = Vec::new();
        for (i, (cell, field)) in record.iter().zip(&fields).enumerate() {
            let cell = cell.trim();
            let Some(field) = field else { continue };
            if matches!(
                field,
                Field::Name
                    | Field::FirstName
                    | Field::MiddleName
                    | Field::LastName
                    | Field::Email
                    | Field::Phone
            ) {
                one_line(cell, &c.location, i, field.as_str())?;
            }
            if cell.is_empty() {
                continue;
            }
            match field {
                Field::Name if full.is_none() => full = Some(cell),
                Field::Name => notes.push(format!("Also named: {cell}")),
                Field::FirstName => first = Some(cell),
                Field::MiddleName => middle = Some(cell),
                Field::LastName => last = Some(cell),
                Field::Email => {
                    let parts = split(cell, &[";", " ::: ", ","]);
                    let (good, bad) = super::contact::sort_emails(&parts);
                    c.emails.extend(good);
                    if !bad.is_empty() {
                        c.rejected.push(("Email", cell.to_string()));
                    }
                }
                Field::Phone => {
                    let parts = split(cell, &[";", " ::: "]);
                    if parts.iter().all(|p| super::contact::looks_like_phone(p)) {
                        c.phones.extend(parts);
                    } else {
                        c.phones.extend(parts.into_iter().filter(|p| super::contact::looks_like_phone(p)));
                        c.rejected.push(("Phone", cell.to_string()));
                    }
                }
                // A second organisation, title or profile (Google's `Organization 2 - Name`)
                // is kept in the notes; the first is the current one.
                Field::Organisation => keep_first(&mut c.organisation, cell, "Organisation", &mut notes),
                Field::Title => keep_first(&mut c.title, cell, "Title", &mut notes),
                Field::LinkedinUrl => keep_first(&mut c.linkedin_url, cell, "Web", &mut notes),
                Field::Website
                    if cell.to_lowercase().contains("linkedin.com/") && c.linkedin_url.is_none() =>
                {
                    c.linkedin_url = Some(cell.to_string())
                }
                Field::Website => notes.push(format!("Web: {cell}")),
                Field::Tags => {
                    for t in split(cell, &[" ::: ", ";", ","]) {
                        let t = t.trim_start_matches("* ").trim().to_string();
                        let system = ["mycontacts", "starred"].contains(&t.to_lowercase().as_str());
                        if !t.is_empty() && !system && !c.tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                            c.tags.push(t);
                        }
                    }
                }
                Field::Notes => notes.insert(0, cell.to_string()),
                Field::Ignore => {}
            }
        }
        c.name = match full {
            Some(n) => n.to_string(),
            None => [first, middle, last].into_iter().flatten().collect::<Vec<_>>().join(" "),
        };
        if !notes.is_empty() {
            c.notes = Some(notes.join("\n"));
        }
        if c.name.trim().is_empty() && c.emails.is_empty() {
            let what = c.organisation.clone().unwrap_or_default();
            sink(Item::Skip(Skip {
                location: c.location,
                reason: if what.is_empty() {
                    "the row has no name".to_string()
                } else {
                    format!("the row has no name (it names only {what:?})")
                },
            }))?;
            continue;
        }
        sink(Item::Contact(c))?;
    }
    Ok(())
}

/// A header row that is really a contact: a cell holding an email address or a phone number.
fn looks_like_data(headers: &[String]) -> bool {
    headers.iter().any(|h| {
        let h = h.trim();
        (h.contains('@') && h.contains('.'))
            || (super::contact::looks_like_phone(h)
                && h.chars().any(|c| c.is_ascii_digit())
                && h.chars().filter(char::is_ascii_digit).count() >= 6)
    })
}

/// A row must not run into the next: a row with more cells than the header (beyond empty
/// ones), or with fewer whose cell runs over several lines (a quote closed too late), is
/// refused with its line and column.
pub(crate) fn check_row(record: &csv::StringRecord, header_len: usize, location: &str) -> Result<()> {
    let extra = record.iter().skip(header_len).any(|c| !c.trim().is_empty());
    let spanning = record.iter().position(|c| c.contains('\n'));
    if extra {
        return Err(Error::input(
            format!("{location}, column {}", header_len + 1),
            format!(
                "this row has {} but the header has {}; check for a missing quote or a delimiter inside a cell",
                super::plural(record.len() as u64, "cell", "cells"),
                super::plural(header_len as u64, "cell", "cells")
            ),
        ));
    }
    if let (Some(i), true) = (spanning, record.len() < header_len) {
        return Err(Error::input(
            format!("{location}, column {}", i + 1),
            format!(
                "this row has {} but the header has {}, and cell {} runs over several lines: a quote is not closed where it should be, which would merge rows",
                super::plural(record.len() as u64, "cell", "cells"),
                super::plural(header_len as u64, "cell", "cells"),
                i + 1
            ),
        ));
    }
    Ok(())
}

/// Sets `slot` to `cell` if it is empty; a different second value goes to the notes.
fn keep_first(slot: &mut Option<String>, cell: &str, label: &str, notes: &mut Vec<String>) {
    match slot {
        None => *slot = Some(cell.to_string()),
        Some(first) if first.eq_ignore_ascii_case(cell) => {}
        Some(_) => notes.push(format!("{label}: {cell}")),
    }
}

/// A name, email or phone never spans lines: one that does is rows run together by a
/// quote closed too late, refused with its line and column.
pub(crate) fn one_line(cell: &str, location: &str, index: usize, what: &str) -> Result<()> {
    if cell.contains(['\n', '\r']) {
        return Err(Error::input(
            format!("{location}, column {}", index + 1),
            format!(
                "the {what} cell runs over several lines ({:?}): a quote is not closed where it should be, which would merge rows",
                cell.chars().take(60).collect::<String>()
            ),
        ));
    }
    Ok(())
}

fn split(cell: &str, seps: &[&str]) -> Vec<String> {
    let mut parts = vec![cell.to_string()];
    for sep in seps {
        parts = parts.iter().flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>()).collect();
    }
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_common_exports_are_recognised() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (f, e) = recognise(&h(&["First Name", "Last Name", "E-mail 1 - Value", "Labels"]), None);
        assert_eq!(e, Some("Google Contacts"));
        assert_eq!(
            f,
            vec![Some(Field::FirstName), Some(Field::LastName), Some(Field::Email), Some(Field::Tags)]
        );
        assert_eq!(
            recognise(&h(&["First Name", "E-mail Address", "Business Phone"]), None).1,
            Some("Outlook")
        );
        assert_eq!(recognise(&h(&["Record ID", "Email"]), None).1, Some("HubSpot"));
        assert_eq!(recognise(&h(&["Account Name", "Email"]), None).1, Some("Salesforce"));
    }

    #[test]
    fn mappings_parse_header_field_pairs() {
        let m = Mapping::parse("crm", &["Contact=name".into(), "Mail = email".into()]).unwrap();
        assert_eq!(m.columns["Contact"], Field::Name);
        assert_eq!(m.columns["Mail"], Field::Email);
        assert!(Mapping::parse("x", &["Contact".into()]).is_err());
        assert!(Mapping::parse("x", &["Contact=shoe size".into()]).is_err());
    }
}
