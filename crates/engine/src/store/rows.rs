//! What the store's queries share: one read transaction over several statements
//! ([`in_snapshot`]), dates and timestamps in their stored text form, counts read as `u64`.

use std::cell::RefCell;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Row};

use crate::error::Result;

/// Runs `read` in one read transaction on `conn`: one snapshot across all its
/// statements, and one lock taken instead of one per statement (a name search runs
/// dozens). Inside an existing transaction (autocommit off) the caller's is used.
pub(crate) fn in_snapshot<T>(conn: &Connection, read: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let own_tx = conn.is_autocommit();
    if own_tx {
        conn.execute_batch("BEGIN DEFERRED")?;
    }
    let data = read(conn);
    if own_tx {
        conn.execute_batch(if data.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    }
    data
}

// ---------------------------------------------------------------- fast row writing
//
// The same stored forms, written without a format string (a bulk import writes
// millions): exactly what rusqlite's chrono conversions write, which they fall back
// to outside the years 0–9999 and for leap seconds.

/// A date as rusqlite stores a `NaiveDate` (`%F`).
pub(crate) fn date_text(d: NaiveDate) -> String {
    use chrono::Datelike;
    if !(0..=9999).contains(&d.year()) {
        return d.format("%F").to_string();
    }
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A timestamp as rusqlite stores a `DateTime<Utc>` (`%F %T%.f%:z`).
pub(crate) fn timestamp_text(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let nanos = t.nanosecond();
    if !(0..=9999).contains(&t.year()) || nanos >= 1_000_000_000 {
        return t.format("%F %T%.f%:z").to_string();
    }
    let fraction = if nanos == 0 {
        String::new()
    } else if nanos % 1_000_000 == 0 {
        format!(".{:03}", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!(".{:06}", nanos / 1_000)
    } else {
        format!(".{nanos:09}")
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{fraction}+00:00",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// [`super::now`] in its stored form; the text is reused while the clock stays in the same millisecond.
pub(crate) fn now_text() -> String {
    thread_local!(static LAST: RefCell<(DateTime<Utc>, String)> = RefCell::new((DateTime::UNIX_EPOCH, timestamp_text(DateTime::UNIX_EPOCH))));
    let t = super::now();
    LAST.with_borrow_mut(|(at, text)| {
        if *at != t {
            *text = timestamp_text(t);
            *at = t;
        }
        text.clone()
    })
}

/// Column `i` of a row, a count: a stored integer as `u64` (a negative one as 0).
pub(crate) fn n(r: &Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
}
