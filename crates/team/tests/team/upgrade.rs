//! A team server set up by an earlier IntroGraph (schema 2: every field's clock listed in
//! `team.rows`) keeps working with this one, and `team init` brings it to schema 3 (lean
//! clocks: one for the row, only later fields listed) without changing what any desktop
//! pulls.

use intrograph_engine::store::people;
use intrograph_team::testing::Cluster;

use crate::support::*;

/// (rows with one clock for the row, rows listing every clock) of `team.rows`, tombstones aside.
fn clock_forms(cluster: &Cluster) -> (i64, i64) {
    let lean = cluster
        .psql("team", "SELECT count(*) FROM team.rows WHERE NOT deleted AND clock <> ''")
        .unwrap()
        .parse()
        .unwrap();
    let listed = cluster
        .psql("team", "SELECT count(*) FROM team.rows WHERE NOT deleted AND clock = '' AND clocks <> '{}'")
        .unwrap()
        .parse()
        .unwrap();
    (lean, listed)
}

fn row_clocks(cluster: &Cluster, id: uuid::Uuid) -> (String, String) {
    let clock = cluster
        .psql("team", &format!("SELECT clock FROM team.rows WHERE tbl = 'people' AND row_id = '{id}'"))
        .unwrap();
    let clocks = cluster
        .psql(
            "team",
            &format!(
                "SELECT coalesce(string_agg(k, ',' ORDER BY k), '') FROM team.rows, jsonb_object_keys(clocks) k
                 WHERE tbl = 'people' AND row_id = '{id}'"
            ),
        )
        .unwrap();
    (clock, clocks)
}

#[test]
fn a_server_of_schema_2_syncs_and_is_brought_to_lean_clocks_with_the_same_content_everywhere() {
    let cluster = team_cluster_at(2);
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", true);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    let fay = add_rep(&cluster, "Fay Lund", "fay@example.com", false);

    // On the schema-2 server: A pushes its network, then edits one person twice more.
    let mut a = Desk::new();
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(a.add_person(&format!("Person {i:02}"), &format!("p{i}@example.com")));
    }
    for w in ids.windows(2).step_by(2) {
        a.tie(w[0], w[1], false);
    }
    a.join(&dana.url);
    a.request(ids[0], ids[5]);
    a.edit_person(ids[1], Some("Head of Sales"), None);
    a.sync();
    // B's first pull reads the rows as schema 2 keeps them (no `clock` column yet).
    let mut b = Desk::new();
    b.join(&eli.url);
    a.sync();
    assert_eq!(a.shared_content(), b.shared_content(), "B's first pull from schema 2");

    // The upgrade: rows written in one change take one clock; the edited person keeps its list.
    let r = intrograph_team::init(&cluster.admin_url()).unwrap();
    assert_eq!((r.from_version, r.to_version), (2, intrograph_team::SERVER_SCHEMA_VERSION));
    let (lean, listed) = clock_forms(&cluster);
    assert!(lean > 40, "rows written in one change converted: {lean}");
    assert_eq!(listed, 1, "only the edited person lists its fields' clocks");
    let (clock, fields) = row_clocks(&cluster, ids[1].0);
    assert_eq!(clock, "");
    assert!(fields.contains("title") && fields.contains("full_name"), "{fields}");

    // After the upgrade: conflicting offline edits of an edited and a converted person, and new rows.
    a.edit_person(ids[1], None, Some("met at the summit"));
    b.edit_person(ids[1], Some("VP Sales"), None);
    a.edit_person(ids[2], Some("Founder"), None);
    // A later millisecond: clocks of the same millisecond are ordered by desktop, not by time.
    std::thread::sleep(std::time::Duration::from_millis(20));
    b.edit_person(ids[2], Some("CEO"), None); // later: wins
    let late = b.add_person("Late Arrival", "late@example.com");
    a.sync();
    b.sync();
    a.sync();
    assert_eq!(a.shared_content(), b.shared_content(), "A and B agree after the upgrade");
    let title = |d: &Desk, id| people::get(d.store.conn(), id).unwrap().title;
    assert_eq!((title(&a, ids[1]), title(&a, ids[2])), ("VP Sales".to_string(), "CEO".to_string()));
    assert_eq!(people::get(a.store.conn(), ids[1]).unwrap().notes, "met at the summit");

    // The rows written since are lean: one clock, only the later fields listed.
    let (clock, fields) = row_clocks(&cluster, late.0);
    assert!(!clock.is_empty() && fields.is_empty(), "a new row: {clock:?} {fields:?}");
    let (clock, fields) = row_clocks(&cluster, ids[2].0);
    assert!(!clock.is_empty(), "converted row keeps its clock");
    assert_eq!(fields, "title,updated_at", "only the fields written later are listed");

    // A third desktop's first pull from the upgraded server: the same content.
    let mut c = Desk::new();
    c.join(&fay.url);
    a.sync();
    b.sync();
    assert_eq!(c.shared_content(), a.shared_content(), "C's first pull from schema 3");
    assert_eq!(c.shared_content(), b.shared_content());
    // The lost title is kept in A's conflicts list, as before the upgrade.
    let on_a = intrograph_team::status(&a.store).unwrap().conflicts;
    assert!(
        on_a.iter().any(|c| c.row_id == ids[2].0 && c.field == "title" && c.overwritten == "Founder"),
        "{on_a:?}"
    );
}

/// A server of schema 3 (changes do not say what they replaced) keeps syncing with this
/// program. There an edit made after seeing a colleague's write is still listed on that
/// colleague's desktop, as before. `team init` brings it to schema 4, and from then on such
/// an edit is not listed as a conflict.
#[test]
fn a_server_of_schema_3_syncs_and_once_brought_to_4_lists_only_real_conflicts() {
    let cluster = team_cluster_at(3);
    let (mut a, mut b, priya) = ada_and_ben(&cluster);
    let listed = |d: &Desk| conflicts_of(d, "title").len();
    let title = |d: &Desk| people::get(d.store.conn(), priya).unwrap().title;

    // Schema 3: Ben edits the title he pulled; Ada's desktop cannot tell and lists it.
    b.edit_person(priya, Some("Chief Revenue Officer"), None);
    b.sync();
    a.sync();
    assert_eq!(title(&a), "Chief Revenue Officer");
    assert_eq!(listed(&a), 1, "a schema-3 server's change does not say what it replaced");
    let said: i64 = cluster
        .psql("team", "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'team' AND table_name = 'changes' AND column_name = 'bases'")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(said, 0);

    // Brought to 4: the next edit of Ada's write, made after pulling it, is not listed.
    let r = intrograph_team::init(&cluster.admin_url()).unwrap();
    assert_eq!((r.from_version, r.to_version), (3, intrograph_team::SERVER_SCHEMA_VERSION));
    a.edit_person(priya, Some("CRO"), None);
    a.sync();
    b.sync();
    assert_eq!(title(&b), "CRO");
    b.edit_person(priya, Some("President"), None);
    b.sync();
    a.sync();
    assert_eq!((title(&a), title(&b)), ("President".to_string(), "President".to_string()));
    assert_eq!(listed(&a), 1, "no new conflict once changes say what they replaced");
    assert_eq!(listed(&b), 0);
    let with_bases: i64 = cluster
        .psql("team", "SELECT count(*) FROM team.changes WHERE bases ? 'title'")
        .unwrap()
        .parse()
        .unwrap();
    assert!(with_bases >= 2, "the edits since the upgrade say what they replaced: {with_bases}");
    assert_eq!(a.shared_content(), b.shared_content());
}
