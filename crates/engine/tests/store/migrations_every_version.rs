//! Every earlier schema version upgrades to the latest with its data intact.
//!
//! For each version `v` below the latest, a database is built with `SCRIPTS[..v]`, filled
//! through SQL valid at `v` (`FILL[i]` writes rows into what version `i + 1` introduced),
//! opened with `Store::open` (which migrates it), and read back through the engine
//! (`CHECK[i]`) and a full bundle export. A new migration adds one `FILL` and one `CHECK`
//! entry; `every_version_has_a_fill_and_a_check` fails until it does.

use chrono::NaiveDate;
use intrograph_engine::model::{OpportunityId, PersonId, RelationshipId, RepId, RequestId};
use intrograph_engine::store::migrations::{latest_version, SCRIPTS};
use intrograph_engine::store::{
    bundle, health, opportunities, people, relationships, reps, requests, settings, targets, Store,
};
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Fixed ids, so checks can find what the fills wrote.
struct Ids {
    org: Uuid,
    ann: Uuid,
    bob: Uuid,
    cat: Uuid,
    rel: Uuid,
    rep: Uuid,
    request: Uuid,
    opportunity: Uuid,
}

impl Ids {
    fn new() -> Self {
        Self {
            org: Uuid::now_v7(),
            ann: Uuid::now_v7(),
            bob: Uuid::now_v7(),
            cat: Uuid::now_v7(),
            rel: Uuid::now_v7(),
            rep: Uuid::now_v7(),
            request: Uuid::now_v7(),
            opportunity: Uuid::now_v7(),
        }
    }
}

const T: &str = "2025-03-01T10:00:00.000Z";

/// Version 1: the network.
fn fill_v1(c: &Connection, id: &Ids) {
    c.execute(
        "INSERT INTO organisations (id, name, name_key, domain, created_at, updated_at)
         VALUES (?1, 'Acme Corp', 'acme corp', 'acme.com', ?2, ?2)",
        params![id.org, T],
    )
    .unwrap();
    for (pid, name, key) in
        [(id.ann, "Ann Lee", "ann lee"), (id.bob, "Bob Stone", "bob stone"), (id.cat, "Cat Diaz", "cat diaz")]
    {
        c.execute(
            "INSERT INTO people (id, full_name, name_key, title, notes, source, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'VP Sales', 'met at SaaStr', 'manual', ?4, ?4)",
            params![pid, name, key, T],
        )
        .unwrap();
    }
    c.execute(
        "INSERT INTO person_emails (person_id, email, position) VALUES (?1, 'ann@acme.com', 0)",
        [id.ann],
    )
    .unwrap();
    c.execute(
        "INSERT INTO person_phones (person_id, phone, position) VALUES (?1, '+1 555 0100', 0)",
        [id.ann],
    )
    .unwrap();
    c.execute("INSERT INTO tags (id, name) VALUES (1, 'client')", []).unwrap();
    c.execute("INSERT INTO person_tags (person_id, tag_id) VALUES (?1, 1)", [id.ann]).unwrap();
    c.execute(
        "INSERT INTO employments (id, person_id, organisation_id, title, current) VALUES (?1, ?2, ?3, 'VP Sales', 1)",
        params![Uuid::now_v7(), id.ann, id.org],
    )
    .unwrap();
    let (a, b) = if id.ann < id.bob { (id.ann, id.bob) } else { (id.bob, id.ann) };
    c.execute(
        "INSERT INTO relationships (id, person_a, person_b, kind, strength, last_contact, notes, source, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'colleague', 4, '2025-02-01', 'worked together', 'manual', ?4, ?4)",
        params![id.rel, a, b, T],
    )
    .unwrap();
    let (a, c2) = if id.ann < id.cat { (id.ann, id.cat) } else { (id.cat, id.ann) };
    c.execute(
        "INSERT INTO relationships (id, person_a, person_b, kind, strength, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'friend', 5, ?4, ?4)",
        params![Uuid::now_v7(), a, c2, T],
    )
    .unwrap();
    c.execute(
        "INSERT INTO reps (id, person_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![id.rep, id.bob, T],
    )
    .unwrap();
    c.execute(
        "INSERT INTO touches (id, person_id, rep_id, kind, date, notes, created_at) VALUES (?1, ?2, ?3, 'call', '2025-02-01', 'catch-up', ?4)",
        params![Uuid::now_v7(), id.ann, id.rep, T],
    )
    .unwrap();
    c.execute("INSERT INTO settings (key, value) VALUES ('current_rep', ?1)", [format!("\"{}\"", id.rep)])
        .unwrap();
}

fn check_v1(store: &Store, id: &Ids) {
    let ann = people::get(store.conn(), PersonId(id.ann)).unwrap();
    assert_eq!(ann.full_name, "Ann Lee");
    assert_eq!(ann.emails, ["ann@acme.com"]);
    assert_eq!(ann.phones, ["+1 555 0100"]);
    assert_eq!(ann.tags, ["client"]);
    assert_eq!(ann.notes, "met at SaaStr");
    let rel = relationships::get(store.conn(), RelationshipId(id.rel)).unwrap();
    assert_eq!((rel.strength.get(), rel.notes.as_str()), (4, "worked together"));
    assert_eq!(rel.last_contact, NaiveDate::from_ymd_opt(2025, 2, 1));
    assert_eq!(reps::get(store.conn(), RepId(id.rep)).unwrap().person_id, PersonId(id.bob));
    assert_eq!(settings::get::<RepId>(store.conn(), settings::CURRENT_REP).unwrap(), Some(RepId(id.rep)));
    // Version 13 adds a touch read from mail (with its exchange); this one was typed.
    let touches: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM touches WHERE exchange_id IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(touches, 1);
}

/// Version 2: the pipeline.
fn fill_v2(c: &Connection, id: &Ids) {
    let path = format!("[\"{}\",\"{}\",\"{}\"]", id.bob, id.ann, id.cat);
    c.execute(
        "INSERT INTO intro_requests (id, rep_id, target_id, source_id, path, reason, stage, reached, asked_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'expanding into fintech', 'asked', 3, ?6, ?6, ?6)",
        params![id.request, id.rep, id.cat, id.ann, path, T],
    )
    .unwrap();
    c.execute(
        "INSERT INTO request_history (id, request_id, from_stage, to_stage, at) VALUES (?1, ?2, NULL, 'draft', ?3), (?4, ?2, 'draft', 'asked', ?3)",
        params![Uuid::now_v7(), id.request, T, Uuid::now_v7()],
    )
    .unwrap();
    c.execute(
        "INSERT INTO opportunities (id, rep_id, person_id, title, lead_source, request_id, value, opened_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'Cat Diaz platform deal', 'referral', ?4, 25000, '2025-03-01', ?5, ?5)",
        params![id.opportunity, id.rep, id.cat, id.request, T],
    )
    .unwrap();
    c.execute(
        "INSERT INTO assessments (id, rep_id, quarter, answers, score, taken_at, updated_at) VALUES (?1, ?2, '2025-Q1', 'yyyyynnnnnyyyy', 9, ?3, ?3)",
        params![Uuid::now_v7(), id.rep, T],
    )
    .unwrap();
    c.execute("INSERT INTO goals (rep_id, asks_per_week, updated_at) VALUES (?1, 5, ?2)", params![id.rep, T])
        .unwrap();
}

fn check_v2(store: &Store, id: &Ids) {
    let request = requests::get(store, RequestId(id.request)).unwrap();
    assert_eq!(request.reason, "expanding into fintech");
    assert_eq!(request.path, [PersonId(id.bob), PersonId(id.ann), PersonId(id.cat)]);
    let opportunity = opportunities::get(store, OpportunityId(id.opportunity)).unwrap();
    assert_eq!(opportunity.title, "Cat Diaz platform deal");
    for (table, n) in [("request_history", 2), ("assessments", 1), ("goals", 1), ("request_daily", 1)] {
        let got: i64 =
            store.conn().query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        assert_eq!(got, n, "{table}");
    }
}

/// Version 3: the name-search index (no new data; it indexes what is there).
fn fill_v3(c: &Connection, id: &Ids) {
    // A person added at version 3 goes through the index's triggers.
    c.execute(
        "INSERT INTO people (id, full_name, name_key, title, notes, source, created_at, updated_at)
         VALUES (?1, 'Dee Okafor', 'dee okafor', '', '', 'manual', ?2, ?2)",
        params![Uuid::now_v7(), T],
    )
    .unwrap();
    let _ = id;
}

fn check_v3(store: &Store, _id: &Ids) {
    // Rows written before the index existed are found by name, email and employer.
    assert_eq!(searched_names(store, "ann lee"), ["Ann Lee"]);
    assert_eq!(searched_names(store, "ann@acme"), ["Ann Lee"]);
    assert_eq!(searched_names(store, "acme corp"), ["Ann Lee"]);
    assert_eq!(searched_names(store, "okafor"), ["Dee Okafor"]);
}

/// Version 4: each rep's target list.
fn fill_v4(c: &Connection, id: &Ids) {
    c.execute(
        "INSERT INTO targets (id, rep_id, person_id, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![Uuid::now_v7(), id.rep, id.cat, T],
    )
    .unwrap();
    c.execute(
        "INSERT INTO targets (id, rep_id, organisation_id, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![Uuid::now_v7(), id.rep, id.org, T],
    )
    .unwrap();
}

fn check_v4(store: &Store, id: &Ids) {
    use intrograph_engine::model::{OrganisationId, Target};
    let listed: Vec<Target> =
        targets::list(store.conn(), RepId(id.rep)).unwrap().into_iter().map(|t| t.target).collect();
    assert!(listed.contains(&Target::Person(PersonId(id.cat))), "{listed:?}");
    assert!(listed.contains(&Target::Organisation(OrganisationId(id.org))), "{listed:?}");
}

/// Version 5: one- and two-letter search through the index's vocabulary (no new data;
/// the index is rebuilt with documents that end in two line breaks).
fn fill_v5(c: &Connection, id: &Ids) {
    c.execute(
        "INSERT INTO people (id, full_name, name_key, title, notes, source, created_at, updated_at)
         VALUES (?1, 'Xu Qi', 'xu qi', '', '', 'manual', ?2, ?2)",
        params![Uuid::now_v7(), T],
    )
    .unwrap();
    let _ = id;
}

fn check_v5(store: &Store, _id: &Ids) {
    let terms: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM people_search_terms WHERE term >= 'qi' AND term < 'qj'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(terms > 0, "the vocabulary lists the trigrams beginning with \"qi\"");
    // A name's last letters are found by one- and two-letter text, past the window's shortcut.
    let page = intrograph_engine::store::Page { offset: people::SEARCH_WINDOW, limit: 1 };
    assert!(people::search(store.conn(), "qi", page).unwrap().is_empty());
    assert_eq!(searched_names(store, "qi"), ["Xu Qi"]);
}

/// Version 6: the saved graph's token (no new data: a database upgraded to it has no
/// saved graph until its first load).
fn fill_v6(_c: &Connection, _id: &Ids) {}

fn check_v6(store: &Store, id: &Ids) {
    use intrograph_engine::store::graph_snapshot;
    assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), None);
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let built = intrograph_engine::suggest::load_network(store, today).unwrap();
    assert!(graph_snapshot::ready_token(store.conn()).unwrap().is_some(), "the first load saves the graph");
    let read = intrograph_engine::suggest::load_network(store, today).unwrap();
    assert_eq!(read.person_name(PersonId(id.ann)), built.person_name(PersonId(id.ann)));
    assert_eq!(read.relationship_count(), built.relationship_count());
}

/// Version 7: the name-search index keyed in name order (no new data; the index is
/// rebuilt under the new keys and its triggers replaced).
fn fill_v7(c: &Connection, id: &Ids) {
    c.execute(
        "INSERT INTO people (id, full_name, name_key, title, notes, source, created_at, updated_at)
         VALUES (?1, 'Yuki Tan', 'yuki tan', '', '', 'manual', ?2, ?2)",
        params![Uuid::now_v7(), T],
    )
    .unwrap();
    let _ = id;
}

fn check_v7(store: &Store, _id: &Ids) {
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM people_search"), count("SELECT count(*) FROM people"));
    assert_eq!(
        count("SELECT count(*) FROM people_search_doc WHERE search_rowid NOT IN (SELECT rowid FROM people_search)"),
        0,
        "every person's document is under its key"
    );
    assert_eq!(searched_names(store, "yuki"), ["Yuki Tan"]);
    assert_eq!(searched_names(store, "ann@acme"), ["Ann Lee"]);
}

/// Version 8: the metrics summaries, filled from the requests already there.
fn fill_v8(_c: &Connection, _id: &Ids) {}

fn check_v8(store: &Store, id: &Ids) {
    let sources: Vec<(Uuid, Uuid, i64, i64)> = store
        .conn()
        .prepare("SELECT source_id, rep_id, reached, n FROM request_sources")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(sources, [(id.ann, id.rep, 3, 1)]);
    let asks: Vec<(String, Uuid, i64)> = store
        .conn()
        .prepare("SELECT day, rep_id, n FROM request_asks_daily")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(asks, [("2025-03-01".to_string(), id.rep, 1)]);
}

/// Version 9: changes to what the graph is built from are listed while a graph is
/// saved (no new data).
fn fill_v9(_c: &Connection, _id: &Ids) {}

fn check_v9(store: &Store, id: &Ids) {
    use intrograph_engine::store::graph_snapshot;
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    intrograph_engine::suggest::load_network(store, today).unwrap();
    let token = graph_snapshot::ready_token(store.conn()).unwrap().expect("saved");
    store.conn().execute("UPDATE people SET full_name = 'Ann Lee-Park' WHERE id = ?1", [id.ann]).unwrap();
    let changes = graph_snapshot::changes(store.conn(), token).unwrap().expect("still saved");
    assert_eq!(changes.people, [PersonId(id.ann)]);
    let read = intrograph_engine::suggest::load_network(store, today).unwrap();
    assert_eq!(read.person_name(PersonId(id.ann)), Some("Ann Lee-Park"));
    assert_eq!(graph_snapshot::ready_token(store.conn()).unwrap(), Some(token), "read from the file");
}

/// What `EXPLAIN QUERY PLAN` says of `sql`, one line per step.
fn plan(store: &Store, sql: &str) -> Vec<String> {
    store
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Version 10: a source's outcomes come from one index range, its rows never read.
fn fill_v10(_c: &Connection, _id: &Ids) {}

fn check_v10(store: &Store, id: &Ids) {
    use intrograph_engine::store::requests;
    assert_eq!(requests::source_outcomes(store.conn(), PersonId(id.ann)).unwrap(), Some((0, 0, 0, 0)));
    assert_eq!(requests::source_outcomes(store.conn(), PersonId(id.rep)).unwrap(), None);
    let outcomes = plan(
        store,
        "SELECT COUNT(*), SUM((reached & 8) <> 0), SUM(stage = 'won') FROM intro_requests WHERE source_id = x'00'",
    );
    assert!(
        outcomes.iter().any(|d| d.contains("COVERING INDEX intro_requests_source_outcomes")),
        "{outcomes:?}"
    );
}

/// Version 11: a rep's open follow-ups, waiting requests and the sample's people from
/// partial indexes.
fn fill_v11(_c: &Connection, _id: &Ids) {}

fn check_v11(store: &Store, id: &Ids) {
    use intrograph_engine::store::requests;
    let plans = |sql: &str| plan(store, sql);
    let overdue = plans(
        "SELECT COUNT(*) FROM intro_requests r WHERE r.next_follow_up IS NOT NULL AND r.next_follow_up < '2026-01-01'
         AND r.stage NOT IN ('declined', 'won', 'lost') AND r.rep_id = x'00'",
    );
    assert!(overdue.iter().any(|d| d.contains("intro_requests_open_follow_ups")), "{overdue:?}");
    let waiting = plans(
        "SELECT COUNT(*) FROM intro_requests r WHERE r.rep_id = x'00' AND r.stage IN ('asked', 'accepted')",
    );
    assert!(waiting.iter().any(|d| d.contains("intro_requests_waiting")), "{waiting:?}");
    let sample = plans("SELECT count(*) FROM people WHERE source = 'sample'");
    assert!(sample.iter().any(|d| d.contains("people_sample")), "{sample:?}");
    // The rep's one open request with a follow-up is listed from it.
    let rep = intrograph_engine::model::RepId(id.rep);
    let day = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
    let (_, overdue) = requests::follow_ups_listed(store, day, rep, 10).unwrap();
    assert_eq!(overdue.total, overdue.requests.len() as u64);
}

/// Version 12: the people list newest first walks an index of when people were added.
fn fill_v12(_c: &Connection, _id: &Ids) {}

fn check_v12(store: &Store, id: &Ids) {
    use intrograph_engine::store::browse::{self, PeopleSort};
    use intrograph_engine::store::Page;
    let newest_first = plan(store, "SELECT p.id FROM people p ORDER BY p.created_at DESC, p.id DESC LIMIT 5");
    assert!(newest_first.iter().any(|d| d.contains("people_created")), "{newest_first:?}");
    assert!(!newest_first.iter().any(|d| d.contains("TEMP B-TREE")), "{newest_first:?}");
    let newest = browse::people(store.conn(), "", PeopleSort::RecentlyAdded, Page::first(100)).unwrap();
    assert!(newest.rows.iter().any(|r| r.id.0 == id.ann));
    let titles =
        plan(store, "SELECT rowid FROM people INDEXED BY people_title WHERE instr(lower(title), 'vp') > 0");
    assert!(titles.iter().any(|d| d.contains("COVERING INDEX people_title")), "{titles:?}");
    // Text long enough for the indexes finds the person of version 1 by name.
    let found = browse::people(store.conn(), "Ann Lee", PeopleSort::Name, Page::first(10)).unwrap();
    assert!(found.rows.iter().any(|r| r.id.0 == id.ann), "{found:?}");
}

fn fill_v14(_c: &Connection, _id: &Ids) {}

fn check_v14(store: &Store, _id: &Ids) {
    // An upgraded workspace starts with an empty undo history.
    assert!(intrograph_engine::store::undo::list(store.conn()).unwrap().is_empty());
}

/// Migration 0017: pairs dismissed as likely duplicates; the finder never proposes them.
fn fill_v17(c: &Connection, id: &Ids) {
    let (a, b) = if id.ann < id.bob { (id.ann, id.bob) } else { (id.bob, id.ann) };
    c.execute(
        "INSERT INTO duplicate_dismissals (person_a, person_b, dismissed_at) VALUES (?1, ?2, ?3)",
        params![a, b, T],
    )
    .unwrap();
}

fn check_v17(store: &Store, id: &Ids) {
    use intrograph_engine::store::duplicates;
    let dismissed = duplicates::dismissed(store.conn()).unwrap();
    let (a, b) = relationships::ordered(PersonId(id.ann), PersonId(id.bob));
    assert!(dismissed.contains(&(a, b)), "{dismissed:?}");
}

/// Migration 0019: pairs the rep said do not know each other; no import proposes them again.
fn fill_v19(c: &Connection, id: &Ids) {
    let (a, b) = if id.bob < id.cat { (id.bob, id.cat) } else { (id.cat, id.bob) };
    c.execute(
        "INSERT INTO dismissed_ties (person_a, person_b, dismissed_at) VALUES (?1, ?2, ?3)",
        params![a, b, T],
    )
    .unwrap();
}

fn check_v19(store: &Store, id: &Ids) {
    use intrograph_engine::store::exchanges;
    assert!(exchanges::tie_dismissed(store.conn(), PersonId(id.cat), PersonId(id.bob)).unwrap());
    assert!(!exchanges::tie_dismissed(store.conn(), PersonId(id.ann), PersonId(id.bob)).unwrap());
    assert_eq!(exchanges::dismissed_ties_count(store.conn()).unwrap(), 1);
}

/// Migration 0020: a staged change says what it replaced (`bases`), and the clock an unsent
/// edit was made over is kept when a pull moves its field on (`sync_contested`).
fn fill_v20(c: &Connection, id: &Ids) {
    c.execute(
        "INSERT INTO sync_pending (change_no, tbl, row_id, op, hlc, owner_rep, fields, bases)
         VALUES (4, 'people', ?1, 'upsert', '0000000000003-000000-x', NULL, '{\"title\": \"CEO\"}',
                 '{\"title\": \"0000000000002-000000-y\"}')",
        [id.bob],
    )
    .unwrap();
    c.execute(
        "INSERT INTO sync_contested (tbl, row_id, field, over) VALUES ('people', ?1, 'notes', '0000000000001-000000-y')",
        [id.bob],
    )
    .unwrap();
}

fn check_v20(store: &Store, id: &Ids) {
    let pending = intrograph_engine::store::sync::pending(store.conn(), 10).unwrap();
    let p = pending.iter().find(|p| p.change_no == 4).expect("the staged change is kept");
    assert_eq!(p.row_id, id.bob);
    assert_eq!(
        p.bases.as_ref().and_then(|b| b.get("title")),
        Some(&serde_json::json!("0000000000002-000000-y"))
    );
    let contested: i64 =
        store.conn().query_row("SELECT count(*) FROM sync_contested", [], |r| r.get(0)).unwrap();
    assert_eq!(contested, 1);
}

/// A change staged before 0020 (no `bases`) is kept with its number and goes up saying
/// nothing of what it replaced (the desktop it overwrites then lists it, as before).
#[test]
fn a_change_staged_before_0020_is_kept_and_says_nothing_of_what_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v19-staged.db");
    let id = Ids::new();
    {
        let conn = Connection::open(&path).unwrap();
        for (i, script) in SCRIPTS[..19].iter().enumerate() {
            conn.execute_batch(script).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        }
        fill_v1(&conn, &id);
        conn.execute(
            "INSERT INTO sync_pending (change_no, tbl, row_id, op, hlc, owner_rep, fields)
             VALUES (3, 'people', ?1, 'upsert', '0000000000002-000000-x', NULL, '{\"title\": \"CTO\"}')",
            [id.ann],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let pending = intrograph_engine::store::sync::pending(store.conn(), 10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].change_no, pending[0].row_id), (3, id.ann));
    assert_eq!(pending[0].fields.get("title"), Some(&serde_json::json!("CTO")));
    assert!(pending[0].bases.is_none());
}

/// Migration 0015: a relationship's owner and visibility.
fn fill_0015(c: &Connection, id: &Ids) {
    // A tie pulled from a colleague, kept private here.
    c.execute(
        "UPDATE relationships SET owner_rep_id = ?1, visibility = 'private' WHERE id = ?2",
        params![id.rep, id.rel],
    )
    .unwrap();
}

fn check_0015(store: &Store, id: &Ids) {
    use intrograph_engine::model::Visibility;
    let r = relationships::get(store.conn(), RelationshipId(id.rel)).unwrap();
    assert_eq!((r.owner_rep_id, r.visibility), (Some(RepId(id.rep)), Visibility::Private));
    let bad = store.conn().execute("UPDATE relationships SET visibility = 'secret' WHERE id = ?1", [id.rel]);
    assert!(bad.is_err(), "only team or private");
}

/// Migration 0016: the team sync's bookkeeping. A workspace that never joined a team has a
/// client id, records nothing, and its data is as it was.
fn fill_0016(_c: &Connection, _id: &Ids) {}

fn check_0016(store: &Store, id: &Ids) {
    let st = intrograph_engine::store::sync::state(store.conn()).unwrap();
    assert_eq!(st.capture, 0, "not in a team: nothing is captured");
    assert!(!st.client_id.is_nil());
    assert_eq!(intrograph_engine::store::sync::waiting(store.conn()).unwrap(), 0);
    assert!(relationships::get(store.conn(), RelationshipId(id.rel)).is_ok());
}

/// Migration 0018: the sync's base values in their lean form. Only a joined workspace has
/// any; the conversion of one is tested by `a_joined_workspace_keeps_its_pending_changes_through_0018`.
/// A workspace that never joined has an empty base and nothing waiting.
fn fill_v18(_c: &Connection, _id: &Ids) {}

fn check_v18(store: &Store, _id: &Ids) {
    let lean: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM pragma_table_info('sync_base') WHERE name IN ('hashes', 'clock', 'owner')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lean, 3, "the base has its lean columns");
    assert_eq!(intrograph_engine::store::sync::waiting(store.conn()).unwrap(), 0);
}

/// A workspace joined under version 17 (base values as JSON, a change staged and not yet
/// confirmed, an edit waiting in the outbox) upgrades: the base is converted on the next
/// staging, the staged change keeps its number, and only the edited field goes up.
#[test]
fn a_joined_workspace_keeps_its_pending_changes_through_0018() {
    use intrograph_engine::store::sync;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v17-joined.db");
    let id = Ids::new();
    let me = Uuid::now_v7();
    {
        let conn = Connection::open(&path).unwrap();
        for (i, script) in SCRIPTS[..17].iter().enumerate() {
            conn.execute_batch(script).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        }
        fill_v1(&conn, &id);
        conn.execute(
            "UPDATE sync_state SET capture = 1, server = 'postgresql://h/team', login = 'ig_me', secret_key = 'k',
             rep_id = ?1, next_change_no = 8, last_seq = 40, hlc = '0000000000005-000000-x' WHERE id = 1",
            [me],
        )
        .unwrap();
        // Ann as agreed with the team: her name and title, each with its clock.
        conn.execute(
            "INSERT INTO sync_base (tbl, row_id, fields, clocks, deleted) VALUES ('people', ?1,
             '{\"full_name\": \"Ann Lee\", \"title\": \"VP Sales\"}',
             '{\"full_name\": \"0000000000001-000000-x\", \"title\": \"0000000000002-000000-x\"}', 0)",
            [id.ann],
        )
        .unwrap();
        // Bob's deletion was agreed; a tie of this rep's is known to the team.
        conn.execute("INSERT INTO sync_base (tbl, row_id, deleted) VALUES ('people', ?1, 1)", [id.bob])
            .unwrap();
        conn.execute(
            "INSERT INTO sync_base (tbl, row_id, fields, clocks) VALUES ('relationships', ?1, ?2, '{\"kind\": \"0000000000001-000000-x\"}')",
            params![id.rel, format!("{{\"kind\": \"friend\", \"owner_rep_id\": {{\"blob\": \"{}\"}}}}", me.simple())],
        )
        .unwrap();
        // Staged, not confirmed.
        conn.execute(
            "INSERT INTO sync_pending (change_no, tbl, row_id, op, hlc, fields) VALUES (7, 'people', ?1, 'upsert',
             '0000000000004-000000-x', '{\"notes\": \"staged before\"}')",
            [id.cat],
        )
        .unwrap();
        // Edited since, waiting in the outbox.
        conn.execute("UPDATE people SET title = 'CRO' WHERE id = ?1", [id.ann]).unwrap();
        conn.execute("INSERT INTO sync_outbox (tbl, row_id, at_ms) VALUES ('people', ?1, 6)", [id.ann])
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(sync::waiting(store.conn()).unwrap(), 2, "nothing waiting is lost by the upgrade");
    store.write(|tx| sync::stage(tx, 1_000, 100)).unwrap();
    let pending = sync::pending(store.conn(), 100).unwrap();
    assert_eq!(pending.iter().map(|p| p.change_no).collect::<Vec<_>>(), vec![7, 8]);
    assert_eq!(pending[0].fields.get("notes"), Some(&serde_json::json!("staged before")));
    let ann = &pending[1];
    assert_eq!((ann.row_id, ann.op.as_str()), (id.ann, "upsert"));
    assert_eq!(ann.fields.get("title"), Some(&serde_json::json!("CRO")));
    assert!(!ann.fields.contains_key("full_name"), "the name did not change: {:?}", ann.fields);
    let old_left: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'sync_base_v17'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(old_left, 0, "the old base is converted once");
    let (bob_deleted, tie_owner): (bool, Option<Uuid>) = store
        .conn()
        .query_row(
            "SELECT (SELECT deleted FROM sync_base WHERE row_id = ?1), (SELECT owner FROM sync_base WHERE row_id = ?2)",
            params![id.bob, id.rel],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(bob_deleted, "an agreed deletion stays agreed");
    assert_eq!(tie_owner, Some(me), "the tie's owner is kept for its tombstone");
}

/// The names a search for `q` finds, every page.
fn searched_names(store: &Store, q: &str) -> Vec<String> {
    people::search(store.conn(), q, intrograph_engine::store::Page::ALL)
        .unwrap()
        .into_iter()
        .map(|p| p.full_name)
        .collect()
}

/// Version 13: exchanges read from the rep's mail and calendar, touch directions, strengths
/// set by hand, keep-in-touch cadences.
fn fill_v13(c: &Connection, id: &Ids) {
    let x = Uuid::now_v7();
    c.execute(
        "INSERT INTO exchanges (id, key, kind, date, thread, participants, created_at)
         VALUES (?1, 'mid:abc@acme.com', 'email', '2025-02-20', 'mid:abc@acme.com', 1, ?2)",
        params![x, T],
    )
    .unwrap();
    c.execute("INSERT INTO exchange_people (exchange_id, person_id) VALUES (?1, ?2)", params![x, id.ann])
        .unwrap();
    c.execute(
        "INSERT INTO touches (id, person_id, rep_id, kind, date, notes, created_at, direction, exchange_id)
         VALUES (?1, ?2, ?3, 'email', '2025-02-20', '', ?4, 'received', ?5)",
        params![Uuid::now_v7(), id.ann, id.rep, T, x],
    )
    .unwrap();
    c.execute("UPDATE people SET keep_in_touch_days = 90 WHERE id = ?1", [id.cat]).unwrap();
}

fn check_v13(store: &Store, id: &Ids) {
    use intrograph_engine::store::exchanges;
    assert_eq!(exchanges::count(store.conn()).unwrap(), 1);
    assert!(exchanges::exists(store.conn(), "mid:abc@acme.com").unwrap());
    assert_eq!(exchanges::cadence(store.conn(), PersonId(id.cat)).unwrap(), Some(90));
    // A strength typed before version 13 counts as set by hand.
    assert!(exchanges::strength_by_hand(store.conn(), RelationshipId(id.rel)).unwrap());
    let counts =
        exchanges::contact_counts(store.conn(), RepId(id.rep), NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
            .unwrap();
    let ann = counts.iter().find(|c| c.person == PersonId(id.ann)).unwrap();
    assert_eq!((ann.received, ann.other, ann.last), (1, 1, NaiveDate::from_ymd_opt(2025, 2, 20)));
}

type Fill = fn(&Connection, &Ids);
type Check = fn(&Store, &Ids);

/// `FILL[i]` and `CHECK[i]` belong to schema version `i + 1`.
const FILL: &[Fill] = &[
    fill_v1, fill_v2, fill_v3, fill_v4, fill_v5, fill_v6, fill_v7, fill_v8, fill_v9, fill_v10, fill_v11,
    fill_v12, fill_v13, fill_v14, fill_0015, fill_0016, fill_v17, fill_v18, fill_v19, fill_v20,
];
const CHECK: &[Check] = &[
    check_v1, check_v2, check_v3, check_v4, check_v5, check_v6, check_v7, check_v8, check_v9, check_v10,
    check_v11, check_v12, check_v13, check_v14, check_0015, check_0016, check_v17, check_v18, check_v19,
    check_v20,
];

#[test]
fn every_version_has_a_fill_and_a_check() {
    assert_eq!(FILL.len(), SCRIPTS.len(), "add a FILL entry for the new migration");
    assert_eq!(CHECK.len(), SCRIPTS.len(), "add a CHECK entry for the new migration");
}

#[test]
fn a_database_at_every_earlier_version_upgrades_with_its_data() {
    let latest = latest_version() as usize;
    for v in 0..latest {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{v}.db"));
        let id = Ids::new();
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            for (i, script) in SCRIPTS[..v].iter().enumerate() {
                conn.execute_batch(script).unwrap();
                conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
            }
            for fill in &FILL[..v] {
                fill(&conn, &id);
            }
        }
        let mut store = Store::open(&path).unwrap_or_else(|e| panic!("version {v} does not upgrade: {e}"));
        assert_eq!(store.schema_version().unwrap(), latest as i64, "from version {v}");
        assert_eq!(health::integrity_check(store.conn()).unwrap(), Vec::<String>::new(), "from version {v}");
        let fk: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 0, "foreign keys hold after upgrading from version {v}");
        for check in &CHECK[..v] {
            check(&store, &id);
        }
        // Everything reads back through the engine as a whole, too.
        let exported = bundle::export(&store, chrono::Utc::now()).unwrap();
        let rows: usize = exported.tables.values().map(Vec::len).sum();
        assert_eq!(rows > 0, v > 0, "from version {v}: {rows} rows exported");
        // And the upgraded file takes new writes.
        store
            .write(|tx| {
                people::add(tx, &people::PersonInput { full_name: "New Person".into(), ..Default::default() })
            })
            .unwrap();
    }
}
