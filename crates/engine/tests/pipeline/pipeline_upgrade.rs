//! A database created at schema version 1 (the network only) upgrades to the pipeline
//! schema with its data intact, and its touches can then belong to requests.

use crate::pipeline_common;

use intrograph_engine::store::migrations::{latest_version, migrations};
use intrograph_engine::store::Store;
use rusqlite::{params, Connection};

#[test]
fn a_version_1_database_upgrades_with_its_touches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 1).unwrap();
        let p = uuid::Uuid::now_v7();
        conn.execute(
            "INSERT INTO people (id, full_name, name_key, created_at, updated_at) VALUES (?1, 'Dana', 'dana', 't', 't')",
            [p],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO touches (id, person_id, kind, date, created_at) VALUES (?1, ?2, 'call', '2025-01-01', 't')",
            params![uuid::Uuid::now_v7(), p],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let (n, linked): (i64, i64) = store
        .conn()
        .query_row("SELECT COUNT(*), COUNT(request_id) FROM touches", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((n, linked), (1, 0));
    assert_eq!(pipeline_common::count(&store, "intro_requests"), 0);
}
