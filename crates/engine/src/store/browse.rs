//! The people list as a screen shows it: one page of rows with the total, filtered by a
//! search text and sorted, so a list of 100,000 people never crosses the boundary whole.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::Page;
use crate::error::Result;
use crate::model::{name_key, PersonId};

/// How the people list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PeopleSort {
    /// A to Z.
    #[default]
    Name,
    /// Z to A.
    NameDesc,
    /// Most relationships first.
    MostConnected,
    /// Newest first.
    RecentlyAdded,
}

/// One row of the people list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonRow {
    pub id: PersonId,
    pub full_name: String,
    pub title: String,
    /// A current employer, when known.
    pub organisation: Option<String>,
    pub relationships: u32,
    /// The latest touch logged with the person.
    pub last_touch: Option<NaiveDate>,
}

/// One page of the people list and how many people match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeoplePage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<PersonRow>,
}

/// The list's rule on a person `p`: the name search's ([`super::people::RULE`]: `?1` is
/// the text's name key, `?2` its lower case) or the title holds the text.
fn rule() -> String {
    format!("(instr(lower(p.title), ?2) > 0 OR {})", super::people::RULE)
}

/// The people who may match: the name-search index's candidates for `?5` and the people
/// whose title holds `?2` (see [`people`]), as `p`.
fn candidates() -> String {
    format!(
        "(SELECT rowid & {mask} AS person FROM people_search WHERE people_search MATCH ?5
          UNION
          SELECT rowid FROM people INDEXED BY people_title WHERE instr(lower(title), ?2) > 0) c
        JOIN people p ON p.rowid = c.person",
        mask = super::people::SEARCH_PERSON_MASK
    )
}

const CONNECTIONS: &str = "((SELECT count(*) FROM relationships r WHERE r.person_a = p.id)
    + (SELECT count(*) FROM relationships r WHERE r.person_b = p.id))";

/// People whose name, title, an email or an employer contains `text` (case-insensitive; all
/// people when it is blank), sorted by `sort`, one page at a time.
pub fn people(conn: &Connection, text: &str, sort: PeopleSort, page: Page) -> Result<PeoplePage> {
    super::rows::in_snapshot(conn, |conn| people_in(conn, text, sort, page))
}

fn people_in(conn: &Connection, text: &str, sort: PeopleSort, page: Page) -> Result<PeoplePage> {
    let key = name_key(text);
    let lower = text.trim().to_lowercase();
    // With no text every person matches: no condition at all, so SQLite can count from
    // the smallest index and walk the sort's index (checking the text per person cost
    // 0.3 s for the first page at a million people). Text of three letters or more is
    // checked only on the candidates the name-search index gives (names, emails and
    // employers that hold all its trigrams) and the people whose title holds it, read
    // from the titles' index; checking every person took 2-10 s at a million. Shorter
    // text matches most people, and a page of them is found early in the sort's order.
    let fts =
        if key.chars().nth(2).is_some() { super::people::candidates(conn, &key, &lower)? } else { None };
    // Every query binds the same values; `?5`, the name-search query, is NULL when unused.
    let (from, matches) = match &fts {
        _ if lower.is_empty() => ("people p".to_string(), "(?1 = '' AND ?2 = '' AND ?5 IS NULL)".to_string()),
        Some(_) => (candidates(), rule()),
        None => ("people p".to_string(), format!("(?5 IS NULL AND {})", rule())),
    };
    let order = match sort {
        PeopleSort::Name => "p.name_key, p.id",
        PeopleSort::NameDesc => "p.name_key DESC, p.id DESC",
        PeopleSort::MostConnected => "connections DESC, p.name_key, p.id",
        PeopleSort::RecentlyAdded => "p.created_at DESC, p.id DESC",
    };
    let columns = |p: &str| {
        format!(
            "{p}.id, {p}.full_name, {p}.title,
            (SELECT o.name FROM employments em JOIN organisations o ON o.id = em.organisation_id
             WHERE em.person_id = {p}.id ORDER BY em.current DESC, em.start_date DESC LIMIT 1),
            {connections},
            (SELECT max(t.date) FROM touches t WHERE t.person_id = {p}.id)",
            connections = CONNECTIONS.replace("p.id", &format!("{p}.id"))
        )
    };
    let sql = match fts {
        // The candidates are sorted as they are (`+` keeps SQLite from walking a sort's
        // index over every person to meet them: 2.5 s newest first) and counted by the
        // same query, on their sort keys alone; then the page's rows are filled in (the
        // employer, ties and last touch of every candidate took a second at 70,000).
        Some(_) => {
            let connections = if sort == PeopleSort::MostConnected { CONNECTIONS } else { "0" };
            let order = order.replace("p.", "+p.");
            format!(
                "SELECT {}, page.total FROM
                   (SELECT p.person, count(*) OVER () AS total, row_number() OVER (ORDER BY {order}) AS n
                    FROM (SELECT p.rowid AS person, p.id, p.name_key, p.created_at, {connections} AS connections
                          FROM {from} WHERE {matches}) p
                    ORDER BY {order} LIMIT ?3 OFFSET ?4) page
                 JOIN people q ON q.rowid = page.person
                 ORDER BY page.n",
                columns("q")
            )
        }
        // The page stops early in the sort's order; the count is its own query.
        None => format!(
            "SELECT {}, NULL FROM {from} WHERE {matches} ORDER BY {} LIMIT ?3 OFFSET ?4",
            columns("p"),
            order.replace("connections DESC", "5 DESC")
        ),
    };
    let values = params![key, lower, page.sql_limit(), page.sql_offset(), fts];
    let mut counted_with_rows = None;
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map(values, |r| {
            counted_with_rows = r.get::<_, Option<i64>>(6)?;
            Ok(PersonRow {
                id: PersonId(r.get(0)?),
                full_name: r.get(1)?,
                title: r.get(2)?,
                organisation: r.get(3)?,
                relationships: r.get(4)?,
                last_touch: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = match counted_with_rows {
        Some(total) => total,
        None if fts.is_some() && page.offset == 0 && page.limit > 0 => 0,
        None => conn
            .prepare_cached(&format!("SELECT count(*) FROM {from} WHERE {matches}"))?
            .query_row(values, |r| r.get(0))?,
    };
    Ok(PeoplePage {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        offset: u32::try_from(page.offset).unwrap_or(u32::MAX),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RelationshipKind, Strength};
    use crate::store::people::{self, PersonInput};
    use crate::store::relationships::{self, RelationshipInput};
    use crate::store::Store;

    fn workspace() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|tx| {
                let mut ids = Vec::new();
                for (name, org) in [("Carla Diaz", "Initech"), ("Ann Lee", "Acme"), ("Bob Stone", "Acme")] {
                    let mut input = PersonInput::named(name);
                    input.organisation = Some(org.into());
                    ids.push(people::add(tx, &input)?.id);
                }
                let strong = Strength::new(4).unwrap();
                for (a, b) in [(0, 1), (0, 2)] {
                    relationships::add(
                        tx,
                        &RelationshipInput::new(ids[a], ids[b], RelationshipKind::Colleague, strong),
                    )?;
                }
                Ok(())
            })
            .unwrap();
        store
    }

    fn names(page: &PeoplePage) -> Vec<&str> {
        page.rows.iter().map(|r| r.full_name.as_str()).collect()
    }

    #[test]
    fn pages_sort_and_count_every_match() {
        let store = workspace();
        let all = people(store.conn(), "", PeopleSort::Name, Page::first(2)).unwrap();
        assert_eq!((all.total, names(&all)), (3, vec!["Ann Lee", "Bob Stone"]));
        let rest = people(store.conn(), " ", PeopleSort::Name, Page { offset: 2, limit: 2 }).unwrap();
        assert_eq!((rest.offset, names(&rest)), (2, vec!["Carla Diaz"]));
        let desc = people(store.conn(), "", PeopleSort::NameDesc, Page::first(1)).unwrap();
        assert_eq!(names(&desc), vec!["Carla Diaz"]);
        let connected = people(store.conn(), "", PeopleSort::MostConnected, Page::first(3)).unwrap();
        assert_eq!(connected.rows[0].full_name, "Carla Diaz");
        assert_eq!(connected.rows[0].relationships, 2);
        assert_eq!(connected.rows[0].organisation.as_deref(), Some("Initech"));
    }

    #[test]
    fn search_matches_names_and_employers_case_insensitively() {
        let store = workspace();
        let acme = people(store.conn(), "ACME", PeopleSort::Name, Page::first(10)).unwrap();
        assert_eq!((acme.total, names(&acme)), (2, vec!["Ann Lee", "Bob Stone"]));
        let ann = people(store.conn(), "ann l", PeopleSort::Name, Page::first(10)).unwrap();
        assert_eq!(names(&ann), vec!["Ann Lee"]);
        let none = people(store.conn(), "zebra", PeopleSort::Name, Page::first(10)).unwrap();
        assert_eq!((none.total, none.rows.len()), (0, 0));
    }

    /// Any text a user can type is searched as text: quotes, the full-text query syntax,
    /// SQL, emoji and a very long paste answer (nobody here) instead of failing.
    #[test]
    fn hostile_text_is_searched_as_text() {
        let store = workspace();
        let long = "Ann ".repeat(5_000);
        for text in [
            "\"",
            "\"\"\"",
            "a\"b\"c",
            "Ann*",
            "NEAR(ann lee)",
            "ann OR lee",
            "-lee",
            "lee'; DROP TABLE people; --",
            "%_%",
            "🙂🙂🙂",
            "Ünïcödé",
            "\u{0}\u{0}\u{0}",
            "   \t\n  ",
            long.as_str(),
        ] {
            for sort in [PeopleSort::Name, PeopleSort::MostConnected, PeopleSort::RecentlyAdded] {
                let page = people(store.conn(), text, sort, Page::first(10))
                    .unwrap_or_else(|e| panic!("{text:?} failed: {e}"));
                assert_eq!(page.total as usize, page.rows.len(), "{text:?}");
            }
            // The name search (Find's picker) reads the same index.
            crate::store::people::search(store.conn(), text, Page::first(10))
                .unwrap_or_else(|e| panic!("name search for {text:?} failed: {e}"));
        }
        assert_eq!(people(store.conn(), "   \t\n  ", PeopleSort::Name, Page::first(10)).unwrap().total, 3);
    }

    /// Text of three letters or more is read through the indexes (see [`people`]): the
    /// rows, their columns, sorts and counts are the ones every person's check gives.
    #[test]
    fn indexed_text_gives_the_rows_of_a_full_check() {
        let store = workspace();
        let rows = |text: &str, sort: PeopleSort, page: Page| people(store.conn(), text, sort, page).unwrap();
        let all = rows("", PeopleSort::MostConnected, Page::first(10));
        for text in ["lee", "dia", "ston", "acme", "initech"] {
            for sort in
                [PeopleSort::Name, PeopleSort::NameDesc, PeopleSort::MostConnected, PeopleSort::RecentlyAdded]
            {
                let found = rows(text, sort, Page::first(10));
                let key = text.to_lowercase();
                for row in &found.rows {
                    let same = all.rows.iter().find(|r| r.id == row.id).expect("a listed person");
                    assert_eq!(row, same, "{text}: every column as listed without text");
                    let org = row.organisation.as_deref().unwrap_or("").to_lowercase();
                    assert!(row.full_name.to_lowercase().contains(&key) || org.contains(&key), "{text}");
                }
                assert_eq!(found.total as usize, found.rows.len());
            }
        }
        let acme = rows("acme", PeopleSort::MostConnected, Page::first(10));
        assert_eq!(names(&acme), vec!["Ann Lee", "Bob Stone"], "one tie each: name order");
        let carla = rows("initech", PeopleSort::MostConnected, Page::first(10));
        assert_eq!((carla.total, carla.rows[0].relationships), (1, 2));
        // A page past the end still says how many there are.
        let past = rows("acme", PeopleSort::Name, Page { offset: 5, limit: 2 });
        assert_eq!((past.total, past.rows.len()), (2, 0));
        let second = rows("acme", PeopleSort::NameDesc, Page { offset: 1, limit: 1 });
        assert_eq!((second.total, names(&second)), (2, vec!["Ann Lee"]));
    }
}
