//! The network in one read: everything the relationship graph is built from,
//! and the counts behind a status line.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use super::organisations::EMPLOYMENT_COLUMNS;
use super::rows::in_snapshot;
use super::{organisations, people, relationships, Store};
use crate::error::Result;
use crate::model::{
    Employment, NetworkData, OrganisationId, OrganisationSummary, PersonId, PersonSummary, Relationship,
    RelationshipId, RepId, Strength,
};

/// Reads every person, organisation, employment and relationship in one read
/// transaction (a consistent snapshot), streaming rows through prepared statements,
/// in storage order (callers must not rely on any order).
pub fn load(store: &Store) -> Result<NetworkData> {
    load_from(store.conn())
}

/// What the relationship graph is built from, read narrowly: like [`load`], except
/// that each relationship carries only what the graph keeps (id, people, kind,
/// strength and dates); its notes and source are left empty and its created and
/// updated times set to the epoch, as the graph's own relationship views do. At a
/// million people this read is most of the graph build.
///
/// A large network in a database file is read on two cores: a second connection
/// reads the later half of the relationships while this one reads the rest (see
/// [`load_for_graph_split`]).
pub fn load_for_graph(store: &Store) -> Result<NetworkData> {
    Ok(load_for_graph_split(store, SPLIT_FROM)?.0)
}

/// [`load_for_graph`] with the relationships left in the two parts it read side by
/// side: those in the returned data, then the second vector's, in storage order (the
/// second is empty after a single read). The graph is built from the parts as they
/// are ([`crate::graph::Network::build_in_parts`]): joining them would copy every
/// relationship once more, about half a second at ten million.
pub fn load_for_graph_in_parts(store: &Store) -> Result<(NetworkData, Vec<Relationship>)> {
    let (data, later, _) = read_for_graph(store, SPLIT_FROM)?;
    Ok((data, later))
}

/// Relationships from which [`load_for_graph`] reads on two connections.
pub const SPLIT_FROM: usize = 200_000;

/// [`load_for_graph`], reading on two connections once the network holds at least
/// `split_from` relationships; the flag tells whether it did. The same rows come in
/// the same order either way.
///
/// The two reads must see one snapshot. A third connection holds the write lock,
/// briefly, while both start their read transactions, so no commit can fall between
/// them; then it lets go, and writers go on while the reads run. When the lock is
/// not free at once (another program is writing), when the store is in memory or
/// inside a transaction of its own, or on one core, the read is a single one.
pub fn load_for_graph_split(store: &Store, split_from: usize) -> Result<(NetworkData, bool)> {
    let (mut data, later, split) = read_for_graph(store, split_from)?;
    data.relationships.extend(later);
    Ok((data, split))
}

/// The read of [`load_for_graph_split`], its relationships in two parts.
fn read_for_graph(store: &Store, split_from: usize) -> Result<(NetworkData, Vec<Relationship>, bool)> {
    let conn = store.conn();
    let path = store.path().filter(|_| conn.is_autocommit());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let (Some(path), true) = (path, cores > 1) {
        if let Some((data, later)) = read_split(conn, path, split_from)? {
            return Ok((data, later, true));
        }
    }
    Ok((in_snapshot(conn, |conn| read_all(conn, Read::Graph))?, Vec::new(), false))
}

/// The split read of [`load_for_graph_split`], the later relationships apart; `None`
/// when it is not worth it or the write lock is taken.
fn read_split(
    conn: &Connection,
    path: &std::path::Path,
    split_from: usize,
) -> Result<Option<(NetworkData, Vec<Relationship>)>> {
    use rusqlite::OpenFlags;
    let open = || {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    };
    let (second, lock) = (open()?, open()?);
    second.busy_timeout(super::BUSY_TIMEOUT)?;
    lock.busy_timeout(std::time::Duration::ZERO)?;
    match lock.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
            return Ok(None)
        }
        Err(e) => return Err(e.into()),
    }
    // Both snapshots start while no one can commit.
    let started = (|| -> Result<(i64, i64, usize)> {
        conn.execute_batch("BEGIN DEFERRED")?;
        let (first, last, count): (Option<i64>, Option<i64>, i64) =
            conn.query_row("SELECT min(rowid), max(rowid), count(*) FROM relationships", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        second.execute_batch("BEGIN DEFERRED")?;
        second.query_row("SELECT count(*) FROM relationships", [], |r| r.get::<_, i64>(0))?;
        Ok((first.unwrap_or(0), last.unwrap_or(0), count as usize))
    })();
    lock.execute_batch("ROLLBACK")?;
    let (first, last, count) = match started {
        Ok(range) => range,
        Err(e) => {
            if !conn.is_autocommit() {
                conn.execute_batch("ROLLBACK")?;
            }
            return Err(e);
        }
    };
    if count < split_from || count == 0 {
        conn.execute_batch("COMMIT")?;
        return Ok(None);
    }
    // This connection also reads the people, organisations and employments first,
    // so it takes the smaller share of the relationships (at a million people both
    // finish within a tenth of a second of each other).
    let split = first + (last - first) * 9 / 20;
    // Room for either part to be somewhat larger than its share of the rowid range
    // (rowids can have gaps); room not filled costs no memory.
    let room = count * 3 / 5 + 1024;
    let read = std::thread::scope(|scope| {
        let later = scope.spawn(move || {
            let rows = read_relationships(&second, "WHERE rowid > ?1", split, room)?;
            second.execute_batch("COMMIT")?;
            Ok::<_, crate::error::Error>(rows)
        });
        let earlier = read_all_but_relationships(conn).and_then(|mut data| {
            data.relationships = read_relationships(conn, "WHERE rowid <= ?1", split, room)?;
            Ok(data)
        });
        let later = later.join().expect("reading relationships does not panic");
        earlier.and_then(|data| Ok((data, later?)))
    });
    conn.execute_batch(if read.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    read.map(Some)
}

/// The graph's columns of the relationships `filter` picks (`?1` is its bound), in
/// storage order, with room for `capacity`.
fn read_relationships(
    conn: &Connection,
    filter: &str,
    bound: i64,
    capacity: usize,
) -> Result<Vec<Relationship>> {
    let mut out = Vec::with_capacity(capacity);
    let mut st = conn.prepare(&format!("SELECT {GRAPH_COLUMNS} FROM relationships {filter}"))?;
    let mut rows = st.query([bound])?;
    while let Some(r) = rows.next()? {
        out.push(graph_relationship(r)?);
    }
    Ok(out)
}

/// [`load`] on a connection (inside a caller's transaction, for instance).
pub fn load_from(conn: &Connection) -> Result<NetworkData> {
    in_snapshot(conn, |conn| read_all(conn, Read::Full))
}

/// How much of each relationship a load reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    Full,
    Graph,
}

fn count_of(conn: &Connection, table: &str) -> Result<usize> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(n as usize)
}

fn read_all(conn: &Connection, read: Read) -> Result<NetworkData> {
    let mut data = read_all_but_relationships(conn)?;
    data.relationships.reserve(count_of(conn, "relationships")?);
    let columns = match read {
        Read::Full => relationships::COLUMNS,
        Read::Graph => GRAPH_COLUMNS,
    };
    let mut st = conn.prepare_cached(&format!("SELECT {columns} FROM relationships"))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.relationships.push(match read {
            Read::Full => relationship(r)?,
            Read::Graph => graph_relationship(r)?,
        });
    }
    Ok(data)
}

/// People, organisations and employments.
fn read_all_but_relationships(conn: &Connection) -> Result<NetworkData> {
    let mut data = NetworkData::default();

    data.people.reserve(count_of(conn, "people")?);
    let mut st = conn.prepare_cached("SELECT id, full_name FROM people")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.people.push(PersonSummary { id: PersonId(r.get(0)?), full_name: r.get(1)? });
    }

    data.organisations.reserve(count_of(conn, "organisations")?);
    let mut st = conn.prepare_cached("SELECT id, name FROM organisations")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.organisations.push(OrganisationSummary { id: OrganisationId(r.get(0)?), name: r.get(1)? });
    }

    data.employments.reserve(count_of(conn, "employments")?);
    let mut st = conn.prepare_cached(&format!("SELECT {EMPLOYMENT_COLUMNS} FROM employments em"))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        data.employments.push(organisations::employment_from_row(r)?);
    }
    Ok(data)
}

// ---------------------------------------------------------------- single rows
//
// What a saved graph is brought up to date from (`suggest::load_network`): one row
// as a full load would read it.

/// A person's name, if the person exists.
pub(crate) fn person_name(conn: &Connection, id: PersonId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT full_name FROM people WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?)
}

/// An organisation's name, if it exists.
pub(crate) fn organisation_name(conn: &Connection, id: OrganisationId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM organisations WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?)
}

/// A person's employments, in the order a full load lists them (storage order).
pub(crate) fn employments_of(conn: &Connection, person: PersonId) -> Result<Vec<Employment>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EMPLOYMENT_COLUMNS} FROM employments em WHERE em.person_id = ?1 ORDER BY em.rowid"
    ))?;
    let rows = st.query_map([person.0], organisations::employment_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A relationship as the graph keeps it ([`load_for_graph`]), if it exists.
pub(crate) fn graph_relationship_by_id(
    conn: &Connection,
    id: RelationshipId,
) -> Result<Option<Relationship>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {GRAPH_COLUMNS} FROM relationships WHERE id = ?1"))?
        .query_row([id.0], graph_relationship)
        .optional()?)
}

// ---------------------------------------------------------------- fast row reading
//
// The load reads millions of relationship rows; parsing their dates through
// rusqlite's chrono conversions (a format string per value) was most of its time.
// The stored forms are fixed (`store::now()` timestamps as `YYYY-MM-DD HH:MM:SS.f+00:00`,
// dates as `YYYY-MM-DD`), so they are read directly; any other form goes through the
// usual conversion, with the same result.

/// A relationship row (`relationships::COLUMNS` order), as `relationships::from_row` reads it.
fn relationship(r: &Row<'_>) -> rusqlite::Result<Relationship> {
    Ok(Relationship {
        notes: r.get(8)?,
        source: r.get(9)?,
        created_at: timestamp(r, 10)?,
        updated_at: timestamp(r, 11)?,
        owner_rep_id: r.get::<_, Option<uuid::Uuid>>(12)?.map(RepId),
        visibility: relationships::visibility_from_sql(r, 13)?,
        ..graph_relationship(r)?
    })
}

/// The columns [`load_for_graph`] reads: `relationships::COLUMNS` up to `since`.
const GRAPH_COLUMNS: &str = "id, person_a, person_b, kind, strength, verified_at, last_contact, since";

/// A relationship row of [`GRAPH_COLUMNS`].
fn graph_relationship(r: &Row<'_>) -> rusqlite::Result<Relationship> {
    let kind_text = r.get_ref(3)?.as_str()?;
    let kind = relationships::kind_from_sql(kind_text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("unknown relationship kind {kind_text:?}").into(),
        )
    })?;
    let strength: u8 = r.get(4)?;
    let strength = Strength::new(strength).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Integer, e.to_string().into())
    })?;
    Ok(Relationship {
        id: RelationshipId(r.get(0)?),
        a: PersonId(r.get(1)?),
        b: PersonId(r.get(2)?),
        kind,
        strength,
        verified_at: optional(r, 5, timestamp)?,
        last_contact: optional(r, 6, date)?,
        since: optional(r, 7, date)?,
        notes: String::new(),
        source: String::new(),
        created_at: DateTime::UNIX_EPOCH,
        updated_at: DateTime::UNIX_EPOCH,
        owner_rep_id: None,
        visibility: Default::default(),
    })
}

fn optional<T>(
    r: &Row<'_>,
    i: usize,
    read: fn(&Row<'_>, usize) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        _ => read(r, i).map(Some),
    }
}

fn timestamp(r: &Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    match r.get_ref(i)? {
        ValueRef::Text(b) => match parse_timestamp(b) {
            Some(t) => Ok(t),
            None => r.get(i),
        },
        _ => r.get(i),
    }
}

fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    match r.get_ref(i)? {
        ValueRef::Text(b) => match parse_date(b) {
            Some(d) => Ok(d),
            None => r.get(i),
        },
        _ => r.get(i),
    }
}

/// The value of ASCII digits (`Some(0)` for none), `None` if anything else is there.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

/// `YYYY-MM-DD`; `None` for any other form (which `NaiveDate::parse_from_str` with
/// `%Y-%m-%d` may still read).
pub(crate) fn parse_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&b[..4])? as i32, digits(&b[5..7])?, digits(&b[8..])?)
}

/// `YYYY-MM-DD HH:MM:SS[.f]+00:00` (1 to 9 fraction digits); `None` for any other form.
fn parse_timestamp(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() < 25 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let rest = &b[19..];
    let (fraction, zone) = match rest.split_first() {
        Some((b'.', more)) => {
            let n = more.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return None;
            }
            (&more[..n], &more[n..])
        }
        _ => (&rest[..0], rest),
    };
    if zone != b"+00:00" {
        return None;
    }
    let nanos = digits(fraction)? * 10u32.pow(9 - fraction.len() as u32);
    let time =
        NaiveTime::from_hms_nano_opt(digits(&b[11..13])?, digits(&b[14..16])?, digits(&b[17..19])?, nanos)?;
    Some(Utc.from_utc_datetime(&parse_date(&b[..10])?.and_time(time)))
}

/// The page cache a bulk write of the network gets, in KiB (SQLite's default is 2 MiB).
/// Adding millions of relationships inserts into their indexes at random places; with
/// the default cache nearly every insert reads and spills pages.
const BULK_CACHE_KIB: i64 = 1024 * 1024;

/// Runs `f` with a large page cache on `conn` (grown only as pages are used), then puts
/// the cache size back, whether `f` succeeded or not. Only memory changes: durability
/// and the transaction are untouched.
pub fn with_bulk_cache<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let before: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    let out = f();
    conn.pragma_update(None, "cache_size", before)?;
    out
}

// ---------------------------------------------------------------- bulk loads

/// Whether any relationship is stored.
pub fn has_relationships(conn: &Connection) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM relationships)")?.query_row([], |r| r.get(0))?)
}

/// The relationships table's own indexes, and the triggers that forget the saved
/// graph, set aside for a bulk load by [`set_indexes_aside`]; [`restore_indexes`]
/// creates them again.
#[must_use = "the indexes must be restored before the transaction commits"]
#[derive(Debug)]
pub struct IndexesAside {
    /// Each index's and trigger's stored definition.
    definitions: Vec<String>,
}

/// Drops the relationships table's indexes (every one with a stored definition, so
/// not the primary key's) inside `tx`. Loading millions of rows into an empty table
/// and then building each index once, in sorted order, is several times faster than
/// inserting every row into every index at a random place. While they are aside, the
/// caller keeps pairs unique itself; rebuilding the unique pair index checks it did.
///
/// The table's saved-graph triggers are dropped too (run for every row, they cost
/// about as much as the insert itself); the saved graph is forgotten once instead.
/// Rolling the transaction back brings everything back.
pub fn set_indexes_aside(tx: &Transaction<'_>) -> Result<IndexesAside> {
    super::graph_snapshot::forget(tx)?;
    let definitions = super::set_schema_aside(
        tx,
        "tbl_name = 'relationships'
         AND (type = 'index' OR (type = 'trigger' AND name LIKE 'graph\\_snapshot\\_%' ESCAPE '\\'))",
    )?;
    Ok(IndexesAside { definitions })
}

/// Creates the indexes and triggers set aside by [`set_indexes_aside`] again, from
/// their stored definitions.
pub fn restore_indexes(tx: &Transaction<'_>, aside: IndexesAside) -> Result<()> {
    super::restore_schema(tx, aside.definitions)
}

/// Sizes of the network, for a status line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub people: u64,
    pub organisations: u64,
    pub relationships: u64,
    pub verified_relationships: u64,
}

pub fn counts(conn: &Connection) -> Result<Counts> {
    Ok(Counts {
        people: people::count(conn)?,
        organisations: organisations::count(conn)?,
        relationships: relationships::count(conn)?,
        verified_relationships: relationships::count_verified(conn)?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, FixedOffset, SubsecRound};
    use proptest::prelude::*;
    use rusqlite::types::FromSql;

    use super::*;
    use crate::store::rows::{date_text, timestamp_text};

    /// What rusqlite's own conversion makes of `text`.
    fn usual(text: &str) -> Option<DateTime<Utc>> {
        DateTime::<Utc>::column_result(ValueRef::Text(text.as_bytes())).ok()
    }

    proptest! {
        #[test]
        fn stored_timestamps_read_as_rusqlite_reads_them(secs in -2_000_000_000i64..4_000_000_000, nanos in 0u32..1_000_000_000, digits in 0u16..10) {
            let t = DateTime::from_timestamp(secs, nanos).unwrap().trunc_subsecs(digits);
            // The form `store::now()` values are written in.
            let text = t.format("%F %T%.f%:z").to_string();
            prop_assert_eq!(parse_timestamp(text.as_bytes()), Some(t));
            prop_assert_eq!(usual(&text), Some(t));
            let d = t.date_naive();
            prop_assert_eq!(parse_date(d.format("%F").to_string().as_bytes()), Some(d));
        }

        #[test]
        fn stored_forms_are_written_as_rusqlite_writes_them(secs in -70_000_000_000i64..300_000_000_000, nanos in 0u32..2_000_000_000, digits in 0u16..10) {
            let Some(t) = DateTime::from_timestamp(secs, nanos) else { return Ok(()) };
            let t = t.trunc_subsecs(digits);
            let usual = |v: &dyn rusqlite::ToSql| match v.to_sql().unwrap() {
                rusqlite::types::ToSqlOutput::Owned(rusqlite::types::Value::Text(s)) => s,
                other => panic!("{other:?}"),
            };
            prop_assert_eq!(timestamp_text(t), usual(&t));
            prop_assert_eq!(date_text(t.date_naive()), usual(&t.date_naive()));
        }

        #[test]
        fn any_text_reads_the_same_or_falls_back(text in "[0-9 :T.+Z-]{0,32}") {
            if let Some(t) = parse_timestamp(text.as_bytes()) {
                prop_assert_eq!(Some(t), usual(&text));
            }
            if let Some(d) = parse_date(text.as_bytes()) {
                prop_assert_eq!(Some(d), NaiveDate::column_result(ValueRef::Text(text.as_bytes())).ok());
            }
        }
    }

    #[test]
    fn other_forms_fall_back() {
        for text in [
            "2024-05-01T10:00:00+00:00",
            "2024-05-01 10:00:00+02:00",
            "2024-05-01 10:00:00",
            "2024-05-01 10:00:60+00:00",
            "2024-05-01 10:00:00.1234567891+00:00",
            "2024-02-30 10:00:00+00:00",
        ] {
            assert_eq!(parse_timestamp(text.as_bytes()), None, "{text}");
        }
        assert_eq!(parse_date(b"2024-5-01"), None);
        assert_eq!(parse_date(b"2024-02-30"), None);
        let t = Utc::now() - Duration::days(3);
        let shifted =
            t.with_timezone(&FixedOffset::east_opt(7200).unwrap()).format("%F %T%.f%:z").to_string();
        assert_eq!(usual(&shifted), Some(t), "a shifted offset still reads through the fallback");
    }
}
