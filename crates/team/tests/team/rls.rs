//! Row-level security, checked with hand-written SQL as rep B.

use crate::support::*;

fn refused(client: &mut postgres::Client, sql: &str) -> String {
    let e = client.batch_execute(sql).expect_err(&format!("the server let rep B run: {sql}"));
    e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string())
}

#[test]
fn rep_b_cannot_read_or_change_what_belongs_to_rep_a() {
    let cluster = team_cluster();
    let ra = add_rep(&cluster, "Ada Lind", "ada@example.com", false);
    let rb = add_rep(&cluster, "Ben Cole", "ben@example.com", false);
    let lead = add_rep(&cluster, "Lea Park", "lea@example.com", true);
    let mut a = Desk::new();
    a.join(&ra.url);
    let priya = a.add_person("Priya Natarajan", "priya@example.com");
    let omar = a.add_person("Omar Haddad", "omar@example.com");
    let me_person = intrograph_engine::store::reps::get(a.store.conn(), a.me()).unwrap().person_id;
    let private_tie = a.tie(me_person, omar, true);
    let team_tie = a.tie(me_person, priya, false);
    let request = a.request(priya, omar);
    a.iq("yyyyyyynnnnnnn");
    a.sync();
    let mut b = Desk::new();
    b.join(&rb.url);

    // The private tie never left A's desktop.
    let admin = cluster.admin_url();
    let on_server = cluster
        .psql("team", &format!("SELECT count(*) FROM team.changes WHERE row_id = '{}'", private_tie.0))
        .unwrap();
    assert_eq!(on_server, "0", "a private relationship reached the server");
    assert!(
        intrograph_engine::store::relationships::get(b.store.conn(), private_tie).is_err(),
        "B has A's private tie"
    );
    assert!(
        intrograph_engine::store::relationships::get(b.store.conn(), team_tie).is_ok(),
        "B lacks A's team tie"
    );
    let _ = admin;

    let mut sb = sql(&rb.url.replace("?sslmode=disable", ""));
    // B cannot read A's I.Q. answers, in the log or in the current rows.
    let n: i64 =
        sb.query_one("SELECT count(*) FROM team.changes WHERE tbl = 'assessments'", &[]).unwrap().get(0);
    assert_eq!(n, 0, "B read A's I.Q. changes");
    let n: i64 =
        sb.query_one("SELECT count(*) FROM team.rows WHERE tbl = 'assessments'", &[]).unwrap().get(0);
    assert_eq!(n, 0, "B read A's I.Q. results");
    assert!(intrograph_engine::store::assessments::all(&b.store).unwrap().is_empty(), "B pulled A's I.Q.");
    // A leader can.
    let mut sl = sql(&lead.url.replace("?sslmode=disable", ""));
    let n: i64 =
        sl.query_one("SELECT count(*) FROM team.rows WHERE tbl = 'assessments'", &[]).unwrap().get(0);
    assert_eq!(n, 1, "the leader cannot read the team's I.Q. results");

    let b_rep = b.me().0;
    let a_rep = a.me().0;
    let client = uuid::Uuid::new_v4();
    // B cannot change A's request, neither as its owner nor as B.
    for owner in [a_rep, b_rep] {
        let msg = refused(
            &mut sb,
            &format!(
                "INSERT INTO team.changes (client_id, client_change_no, author_rep, tbl, row_id, hlc, op, owner_rep, fields)
                 VALUES ('{client}', 1, '{b_rep}', 'intro_requests', '{}', '9999999999999-000000-x', 'upsert', '{owner}', '{{\"stage\": \"lost\"}}')",
                request.0
            ),
        );
        assert!(msg.contains("row-level security"), "{msg}");
    }
    // Nor delete A's team tie, nor write as A.
    let msg = refused(
        &mut sb,
        &format!(
            "INSERT INTO team.changes (client_id, client_change_no, author_rep, tbl, row_id, hlc, op, owner_rep)
             VALUES ('{client}', 2, '{b_rep}', 'relationships', '{}', '9999999999999-000000-x', 'delete', '{b_rep}')",
            team_tie.0
        ),
    );
    assert!(msg.contains("row-level security"), "{msg}");
    let msg = refused(
        &mut sb,
        &format!(
            "INSERT INTO team.changes (client_id, client_change_no, author, author_rep, tbl, row_id, hlc, op, fields)
             VALUES ('{client}', 3, '{}', '{a_rep}', 'people', '{}', '9999999999999-000000-x', 'upsert', '{{}}')",
            ra.login, priya.0
        ),
    );
    assert!(msg.contains("row-level security"), "{msg}");
    // The log is append-only; the current rows and the rep list are the server's.
    for sql in [
        "UPDATE team.changes SET fields = '{}'".to_string(),
        "DELETE FROM team.changes".to_string(),
        "DELETE FROM team.rows".to_string(),
        format!("UPDATE team.rows SET deleted = true WHERE row_id = '{}'", priya.0),
        "UPDATE team.reps SET leader = true".to_string(),
        // The snapshot new desktops start from is the admin's alone to store.
        "INSERT INTO team.snapshots (mark, tables, file_schema, bytes, parts, sha256, complete)
         VALUES (1, '{}', 1, 0, 0, '', true)"
            .to_string(),
        "DELETE FROM team.snapshots".to_string(),
        "UPDATE team.snapshot_parts SET data = ''".to_string(),
    ] {
        let msg = refused(&mut sb, &sql);
        assert!(msg.contains("permission denied"), "{sql}: {msg}");
    }
    // What the rules allow: B edits a shared person.
    sb.batch_execute(&format!(
        "INSERT INTO team.changes (client_id, client_change_no, author_rep, tbl, row_id, hlc, op, fields)
         VALUES ('{client}', 4, '{b_rep}', 'people', '{}', '9999999999999-000000-x', 'upsert', '{{\"title\": \"CTO\"}}')",
        priya.0
    ))
    .expect("B may edit a shared person");
    a.sync();
    assert_eq!(intrograph_engine::store::people::get(a.store.conn(), priya).unwrap().title, "CTO");
}
