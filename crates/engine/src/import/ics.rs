//! The rep's own calendar: an iCalendar (`.ics`) export of Google Calendar or Outlook.
//!
//! The file is streamed property by property (the `ical` crate's `PropertyParser`, which
//! unfolds lines); an event's properties are kept until its `END:VEVENT`, then it is
//! handed on as meetings and forgotten. Only the organiser, the attendees (with whether
//! they declined), the start, the UID and the recurrence are read: never a description,
//! a location or an attachment.
//!
//! Times are read in their time zone (`TZID`, IANA names or Outlook's Windows names,
//! `Z` for UTC, floating otherwise) and dated on this computer's calendar. A recurring
//! event is expanded over the past with the `rrule` crate (its `EXDATE`s removed), at the
//! end of the file, once every changed occurrence (`RECURRENCE-ID`) is known: a changed
//! occurrence replaces the rule's; one the rep declined or that was cancelled removes it.
//! Each occurrence is one meeting, keyed by the UID and the instant.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read};

use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};

use super::exchanges::{normal_address, Exchange, Party, Read as Got};
use super::Skip;
use crate::error::Result;
use crate::model::TouchKind;

/// At most this many occurrences of one recurring event are counted.
pub const MAX_OCCURRENCES: u16 = 5000;

/// Outlook's Windows time-zone names, for the zones met most.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("UTC", "UTC"),
    ("Coordinated Universal Time", "UTC"),
];

/// The IANA zone of a `TZID`, if it names one (directly or as Outlook does).
fn zone(tzid: &str) -> Option<chrono_tz::Tz> {
    let t = tzid.trim().trim_matches('"').trim_start_matches('/');
    if let Ok(z) = t.parse::<chrono_tz::Tz>() {
        return Some(z);
    }
    WINDOWS_ZONES.iter().find(|(w, _)| w.eq_ignore_ascii_case(t)).and_then(|(_, iana)| iana.parse().ok())
}

/// A property's parameters, as the parser gives them.
type Params = Vec<(String, Vec<String>)>;

/// A start as written: when, and in which zone (`None`: floating, or a whole day).
#[derive(Clone, Debug)]
struct Start {
    text: String,
    tzid: Option<String>,
    zone: Option<chrono_tz::Tz>,
    utc: bool,
    all_day: bool,
}

impl Start {
    fn parse(value: &str, params: &[(String, Vec<String>)]) -> Option<Self> {
        let param = |k: &str| {
            params.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).and_then(|(_, v)| v.first().cloned())
        };
        let value = value.trim();
        let all_day = param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
        let tzid = param("TZID");
        let utc = value.ends_with('Z') || value.ends_with('z');
        let text = value.trim_end_matches(['Z', 'z']).to_string();
        let ok = if all_day {
            chrono::NaiveDate::parse_from_str(text.get(..8).unwrap_or(&text), "%Y%m%d").is_ok()
        } else {
            NaiveDateTime::parse_from_str(&text, "%Y%m%dT%H%M%S").is_ok()
        };
        ok.then(|| Self { zone: tzid.as_deref().and_then(zone), text, tzid, utc, all_day })
    }

    /// The wall-clock time written (a whole day at noon).
    fn naive(&self) -> NaiveDateTime {
        if self.all_day {
            let d = chrono::NaiveDate::parse_from_str(self.text.get(..8).unwrap_or(&self.text), "%Y%m%d")
                .unwrap_or_default();
            d.and_hms_opt(12, 0, 0).unwrap_or_default()
        } else {
            NaiveDateTime::parse_from_str(&self.text, "%Y%m%dT%H%M%S").unwrap_or_default()
        }
    }

    /// The instant (a floating time or a day read on this computer's clock).
    fn instant(&self) -> DateTime<Utc> {
        let n = self.naive();
        if self.utc {
            return Utc.from_utc_datetime(&n);
        }
        match (self.all_day, self.zone) {
            (false, Some(z)) => z.from_local_datetime(&n).earliest().map(|t| t.with_timezone(&Utc)),
            _ => Local.from_local_datetime(&n).earliest().map(|t| t.with_timezone(&Utc)),
        }
        .unwrap_or_else(|| Utc.from_utc_datetime(&n))
    }

    /// The `DTSTART` line the `rrule` crate reads.
    fn rrule_line(&self) -> String {
        let n = self.naive().format("%Y%m%dT%H%M%S");
        match (self.utc, self.all_day, self.zone) {
            (true, _, _) => format!("DTSTART:{n}Z"),
            (false, false, Some(z)) => format!("DTSTART;TZID={}:{n}", z.name()),
            _ => format!("DTSTART:{n}"),
        }
    }
}

/// The properties of one event that are read.
#[derive(Default)]
struct Event {
    number: u64,
    uid: Option<String>,
    start: Option<Start>,
    recurrence_id: Option<Start>,
    rules: Vec<String>,
    exdates: Vec<(String, Params)>,
    organiser: Option<Party>,
    attendees: Vec<Party>,
    cancelled: bool,
    summary: Option<String>,
    broken: Option<String>,
}

fn instant_key(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn party(value: &str, params: &[(String, Vec<String>)]) -> Option<Party> {
    let address = normal_address(value);
    if !address.contains('@') {
        return None;
    }
    let param = |k: &str| {
        params.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).and_then(|(_, v)| v.first().cloned())
    };
    let name = param("CN").map(|n| crate::model::text::strip_controls(&n, false).0);
    let mut p = Party::new(&address, name.as_deref());
    p.declined = param("PARTSTAT").is_some_and(|s| s.eq_ignore_ascii_case("DECLINED"));
    Some(p)
}

/// Reads an `.ics` file, handing on each past meeting (every occurrence of a recurring
/// one). `now` bounds the expansion: later occurrences are not contacts yet.
pub fn read(
    reader: impl Read,
    name: &str,
    now: DateTime<Utc>,
    sink: &mut dyn FnMut(Got) -> Result<()>,
) -> Result<()> {
    let parser = ical::PropertyParser::from_reader(BufReader::with_capacity(1 << 16, reader));
    let mut event: Option<Event> = None;
    let mut depth_other = 0u32; // inside VALARM and the like, within an event
    let mut number = 0u64;
    let mut saw_calendar = false;
    let mut masters: Vec<Event> = Vec::new();
    let mut replaced: HashSet<(String, String)> = HashSet::new();
    let mut future = 0u64;
    let mut unknown_zones: HashMap<String, u64> = HashMap::new();
    for prop in parser {
        let prop = match prop {
            Ok(p) => p,
            Err(e) => {
                match event.as_mut() {
                    Some(ev) => ev.broken = Some(format!("a line cannot be read: {e}")),
                    None => sink(Got::Note(format!(
                        "{name}: a line outside any event cannot be read ({e}); ignored"
                    )))?,
                }
                continue;
            }
        };
        let key = prop.name.to_ascii_uppercase();
        let value = prop.value.clone().unwrap_or_default();
        let params = prop.params.clone().unwrap_or_default();
        match key.as_str() {
            "BEGIN" if value.eq_ignore_ascii_case("VCALENDAR") => saw_calendar = true,
            "BEGIN" if value.eq_ignore_ascii_case("VEVENT") => {
                if let Some(open) = event.take() {
                    sink(unreadable(name, &open, "the event has no END:VEVENT before the next one begins"))?;
                }
                number += 1;
                event = Some(Event { number, ..Default::default() });
                depth_other = 0;
            }
            "BEGIN" if event.is_some() => depth_other += 1,
            "END" if event.is_some() && depth_other > 0 => depth_other -= 1,
            "END" if value.eq_ignore_ascii_case("VEVENT") => {
                if let Some(ev) = event.take() {
                    if let Some(z) =
                        ev.start.as_ref().and_then(|s| s.tzid.clone().filter(|_| s.zone.is_none()))
                    {
                        *unknown_zones.entry(z).or_default() += 1;
                    }
                    finish_event(ev, name, now, &mut masters, &mut replaced, &mut future, sink)?;
                }
            }
            _ if event.is_some() && depth_other == 0 => {
                let ev = event.as_mut().expect("an open event");
                match key.as_str() {
                    "UID" => ev.uid = Some(value.trim().to_string()).filter(|u| !u.is_empty()),
                    "DTSTART" => match Start::parse(&value, &params) {
                        Some(s) => ev.start = Some(s),
                        None => ev.broken = Some(format!("its start {value:?} is not a date and time")),
                    },
                    "RECURRENCE-ID" => ev.recurrence_id = Start::parse(&value, &params),
                    "RRULE" | "RDATE" => ev.rules.push(format!("{key}:{value}")),
                    "EXDATE" => ev.exdates.push((value, params)),
                    "STATUS" => ev.cancelled = value.trim().eq_ignore_ascii_case("CANCELLED"),
                    "ORGANIZER" => ev.organiser = party(&value, &params),
                    "ATTENDEE" => ev.attendees.extend(party(&value, &params)),
                    "SUMMARY" => {
                        ev.summary = Some(
                            crate::model::text::strip_controls(&value, false).0.chars().take(300).collect(),
                        )
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some(open) = event.take() {
        sink(unreadable(name, &open, "the file ends inside this event: it was cut short"))?;
    }
    if !saw_calendar && number == 0 {
        return Err(crate::error::Error::input(
            name,
            "this is not an iCalendar file: no BEGIN:VCALENDAR; export the calendar as .ics",
        ));
    }
    for master in masters {
        expand(master, name, now, &replaced, &mut future, sink)?;
    }
    if future > 0 {
        sink(Got::Note(format!("{name}: {future} meetings still to come were not counted")))?;
    }
    for (z, n) in unknown_zones {
        sink(Got::Note(format!(
            "{name}: time zone {z:?} is unknown; {n} events read on this computer's clock"
        )))?;
    }
    Ok(())
}

fn location(name: &str, ev: &Event) -> String {
    match &ev.uid {
        Some(uid) => {
            format!("{name}, event {} (UID {})", ev.number, uid.chars().take(80).collect::<String>())
        }
        None => format!("{name}, event {}", ev.number),
    }
}

fn unreadable(name: &str, ev: &Event, why: &str) -> Got {
    Got::Unreadable(Skip { location: location(name, ev), reason: why.to_string() })
}

fn meeting(name: &str, ev: &Event, at: DateTime<Utc>) -> Exchange {
    let uid = ev.uid.clone().unwrap_or_else(|| {
        let mut k = format!("nouid:{}", ev.organiser.as_ref().map(|o| o.address.as_str()).unwrap_or(""));
        for a in &ev.attendees {
            k.push('|');
            k.push_str(&a.address);
        }
        k.truncate(600);
        k
    });
    Exchange {
        location: location(name, ev),
        key: format!("ics:{uid}@{}", instant_key(at)),
        kind: TouchKind::Meeting,
        date: at.with_timezone(&Local).date_naive(),
        from: ev.organiser.clone(),
        to: ev.attendees.clone(),
        thread: None,
        subject: ev.summary.clone(),
        delivered_to: Vec::new(),
        marked_sent: false,
    }
}

fn finish_event(
    ev: Event,
    name: &str,
    now: DateTime<Utc>,
    masters: &mut Vec<Event>,
    replaced: &mut HashSet<(String, String)>,
    future: &mut u64,
    sink: &mut dyn FnMut(Got) -> Result<()>,
) -> Result<()> {
    if let Some(why) = &ev.broken {
        return sink(unreadable(name, &ev, why));
    }
    let Some(start) = &ev.start else {
        return sink(unreadable(name, &ev, "the event has no start (DTSTART)"));
    };
    if let (Some(uid), Some(rid)) = (&ev.uid, &ev.recurrence_id) {
        replaced.insert((uid.clone(), instant_key(rid.instant())));
    }
    if !ev.rules.is_empty() && ev.recurrence_id.is_none() {
        masters.push(ev);
        return Ok(());
    }
    if ev.cancelled {
        return sink(Got::Cancelled);
    }
    let at = start.instant();
    if at > now {
        *future += 1;
        return Ok(());
    }
    let mut x = meeting(name, &ev, at);
    if let Some(rid) = &ev.recurrence_id {
        // A changed occurrence keeps the key of the one it replaces.
        x.key = format!("ics:{}@{}", ev.uid.clone().unwrap_or_default(), instant_key(rid.instant()));
    }
    sink(Got::Exchange(x))
}

fn expand(
    ev: Event,
    name: &str,
    now: DateTime<Utc>,
    replaced: &HashSet<(String, String)>,
    future: &mut u64,
    sink: &mut dyn FnMut(Got) -> Result<()>,
) -> Result<()> {
    let start = ev.start.clone().expect("masters have a start");
    if ev.cancelled {
        return sink(Got::Cancelled);
    }
    let mut text = start.rrule_line();
    for r in &ev.rules {
        text.push('\n');
        text.push_str(r);
    }
    for (value, params) in &ev.exdates {
        for v in value.split(',') {
            if let Some(s) = Start::parse(v, params) {
                text.push_str(&format!("\nEXDATE:{}", instant_key(s.instant())));
            }
        }
    }
    let set = match text.parse::<rrule::RRuleSet>() {
        Ok(set) => set,
        Err(e) => {
            sink(Got::Note(format!(
                "{}: the recurrence cannot be read ({e}); only its first occurrence is counted",
                location(name, &ev)
            )))?;
            let at = start.instant();
            if at <= now {
                sink(Got::Exchange(meeting(name, &ev, at)))?;
            } else {
                *future += 1;
            }
            return Ok(());
        }
    };
    let limit = now.with_timezone(&rrule::Tz::UTC);
    let result = set.before(limit).all(MAX_OCCURRENCES);
    if result.limited {
        sink(Got::Note(format!(
            "{}: only the first {MAX_OCCURRENCES} occurrences are counted",
            location(name, &ev)
        )))?;
    }
    let uid = ev.uid.clone().unwrap_or_default();
    for occurrence in result.dates {
        let at = occurrence.with_timezone(&Utc);
        if replaced.contains(&(uid.clone(), instant_key(at))) {
            continue;
        }
        sink(Got::Exchange(meeting(name, &ev, at)))?;
    }
    Ok(())
}

/// Whether `reader` starts like an iCalendar file (for choosing the reader by content).
pub fn looks_like_ics(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.trim_start_matches('\u{feff}').trim_start().to_ascii_uppercase().starts_with("BEGIN:VCALENDAR")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_are_read_in_their_zone_and_odd_ones_refused() {
        let date = vec![("VALUE".to_string(), vec!["DATE".to_string()])];
        assert!(Start::parse("2026041é", &date).is_none(), "a wide character where the day ends");
        assert!(Start::parse("20260420", &date).is_some_and(|s| s.all_day));
        let paris = vec![("TZID".to_string(), vec!["Europe/Paris".to_string()])];
        let s = Start::parse("20260302T093000", &paris).unwrap();
        assert_eq!(s.instant(), Utc.with_ymd_and_hms(2026, 3, 2, 8, 30, 0).unwrap());
        let outlook = vec![("TZID".to_string(), vec!["W. Europe Standard Time".to_string()])];
        let s = Start::parse("20260715T100000", &outlook).unwrap();
        assert_eq!(s.instant(), Utc.with_ymd_and_hms(2026, 7, 15, 8, 0, 0).unwrap(), "summer time");
        assert!(Start::parse("tomorrow", &[]).is_none());
    }
}
