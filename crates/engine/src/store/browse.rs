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

const MATCHES: &str = "(?1 = '' OR instr(p.name_key, ?1) > 0 OR instr(lower(p.title), ?2) > 0
    OR EXISTS (SELECT 1 FROM person_emails e WHERE e.person_id = p.id AND instr(e.email, ?2) > 0)
    OR EXISTS (SELECT 1 FROM employments em JOIN organisations o ON o.id = em.organisation_id
               WHERE em.person_id = p.id AND instr(o.name_key, ?1) > 0))";

const CONNECTIONS: &str = "((SELECT count(*) FROM relationships r WHERE r.person_a = p.id)
    + (SELECT count(*) FROM relationships r WHERE r.person_b = p.id))";

/// People whose name, title, an email or an employer contains `text` (case-insensitive; all
/// people when it is blank), sorted by `sort`, one page at a time.
pub fn people(conn: &Connection, text: &str, sort: PeopleSort, page: Page) -> Result<PeoplePage> {
    let key = name_key(text);
    let lower = text.trim().to_lowercase();
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM people p WHERE {MATCHES}"))?
        .query_row(params![key, lower], |r| r.get(0))?;
    let order = match sort {
        PeopleSort::Name => "p.name_key, p.id",
        PeopleSort::NameDesc => "p.name_key DESC, p.id DESC",
        PeopleSort::MostConnected => "connections DESC, p.name_key, p.id",
        PeopleSort::RecentlyAdded => "p.created_at DESC, p.id DESC",
    };
    let sql = format!(
        "SELECT p.id, p.full_name, p.title,
            (SELECT o.name FROM employments em JOIN organisations o ON o.id = em.organisation_id
             WHERE em.person_id = p.id ORDER BY em.current DESC, em.start_date DESC LIMIT 1),
            {CONNECTIONS} AS connections,
            (SELECT max(t.date) FROM touches t WHERE t.person_id = p.id)
         FROM people p WHERE {MATCHES} ORDER BY {order} LIMIT ?3 OFFSET ?4"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map(params![key, lower, page.sql_limit(), page.sql_offset()], |r| {
            Ok(PersonRow {
                id: PersonId(r.get(0)?),
                full_name: r.get(1)?,
                title: r.get(2)?,
                organisation: r.get(3)?,
                relationships: r.get(4)?,
                last_touch: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
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
}
