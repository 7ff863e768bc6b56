//! In a team workspace, `intrograph metrics` and `intrograph iq team` print each rep's
//! "as of" time (their last push) as the app's Metrics and Referral I.Q. screens show it,
//! in text and in JSON; outside a team their output is as before. Against a real throwaway
//! PostgreSQL server (the desktops join through the library, with an in-memory password).

mod common;

use common::Db;
use intrograph_app_core::team::{self, TeamSync};
use intrograph_engine::store::Store;
use intrograph_team::testing::Cluster;
use intrograph_team::MemorySecrets;

#[test]
fn metrics_and_the_iq_team_view_print_each_reps_as_of_time() {
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL cluster: {e}"));
    let admin = cluster.admin_url();
    intrograph_team::init(&admin).unwrap();
    let ada = intrograph_team::add_rep(&admin, "Ada Lind", "ada@example.com", true).unwrap();
    let ben = intrograph_team::add_rep(&admin, "Ben Cole", "ben@example.com", false).unwrap();
    let a = Db::new();
    let b = Db::new();
    let secrets = MemorySecrets::default();
    {
        let mut store = Store::open(&a.path).unwrap();
        intrograph_team::join(&mut store, &ada.url, &secrets).unwrap();
    }
    b.ok(&["person", "add", "Priya Shah"]);
    {
        let mut store = Store::open(&b.path).unwrap();
        intrograph_team::join(&mut store, &ben.url, &secrets).unwrap();
    }
    b.ok(&["iq", "take", "--answers", "yynyyyyyyyyyyy"]);
    {
        let mut store = Store::open(&b.path).unwrap();
        intrograph_team::sync(&mut store, &secrets).unwrap();
        let mut store = Store::open(&a.path).unwrap();
        intrograph_team::sync(&mut store, &secrets).unwrap();
    }

    // What the app shows for this workspace.
    let shown = TeamSync::new(&a.path, Box::new(MemorySecrets::default())).status().unwrap().reps_as_of;
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].me && shown[0].name == "Ada Lind");
    let ben_as_of = shown[1].as_of.expect("Ben pushed");
    let line = team::as_of_line(&shown).unwrap();
    assert_eq!(
        line,
        format!("Team data as of: Ada Lind (live here) · Ben Cole {}", team::as_of_text(Some(ben_as_of)))
    );
    let expected = serde_json::to_value(&shown).unwrap();

    for args in [
        &["metrics", "funnel", "--by", "rep"][..],
        &["metrics", "sources"],
        &["metrics", "activity"],
        &["metrics", "top-sources"],
        &["iq", "team"],
    ] {
        let text = a.ok(args);
        assert!(text.contains(&line), "{args:?} prints the as-of line:\n{text}");
    }
    // Objects carry the as-of times in their JSON.
    for args in [&["metrics", "funnel", "--by", "rep"][..], &["iq", "team"]] {
        let json = a.json(args);
        assert_eq!(json["team_as_of"], expected, "{args:?} --json: {json}");
        assert_eq!(json["team_as_of"][1]["as_of"], serde_json::to_value(ben_as_of).unwrap());
    }
    // Lists keep their shape, as outside a team; the as-of line goes to standard error.
    for args in [&["metrics", "sources"][..], &["metrics", "activity"], &["metrics", "top-sources"]] {
        assert!(a.json(args).is_array(), "{args:?} --json stays a list");
        let mut with_json = vec!["--json"];
        with_json.extend_from_slice(args);
        let out = a.run(&with_json);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&line),
            "{args:?} --json: as-of on standard error"
        );
    }
    // The figures are still there, as before.
    assert!(a.json(&["metrics", "funnel"])["rows"].is_array());
    assert_eq!(a.json(&["iq", "team"])["assessments"].as_array().unwrap().len(), 1);

    // Outside a team: no as-of line, the JSON as it always was.
    let solo = Db::new();
    solo.ok(&["rep", "add", "Riley Rep"]);
    assert!(!solo.ok(&["metrics", "funnel"]).contains("as of"));
    assert!(solo.json(&["metrics", "sources"]).is_array());
    assert!(solo.json(&["iq", "team"]).get("team_as_of").is_none());
}
