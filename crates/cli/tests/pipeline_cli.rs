//! The pipeline commands through the real `intrograph` binary on a temporary database.

mod common;

use common::Db;

/// A rep (Sam), a client source (Dana) who knows the target (Omar), and another person (Lee).
fn network() -> Db {
    let db = Db::new();
    db.ok(&["rep", "add", "Sam Rivera"]);
    db.ok(&["person", "add", "Dana Whitfield"]);
    db.ok(&["person", "add", "Omar Haddad"]);
    db.ok(&["person", "add", "Lee Chen"]);
    db.ok(&["rel", "add", "Sam Rivera", "Dana Whitfield", "--kind", "client", "--strength", "4"]);
    db.ok(&["rel", "add", "Dana Whitfield", "Omar Haddad", "--kind", "colleague", "--strength", "5"]);
    db
}

fn create(db: &Db) -> String {
    let r = db.json(&[
        "request",
        "create",
        "--target",
        "Omar Haddad",
        "--reason",
        "Northwind is consolidating warehouses",
        "--offer",
        "We cut Contoso's reporting costs by a third.",
    ]);
    r["id"].as_str().unwrap().to_string()
}

/// Requests and pipeline tables as JSON, to compare before and after a failed command.
fn pipeline_dump(db: &Db) -> String {
    [&["request", "list"][..], &["opportunity", "list"], &["goal", "list"], &["iq", "history"]]
        .iter()
        .map(|args| db.ok(&[&["--json"][..], args].concat()))
        .collect::<String>()
        + &db.dump()
}

#[test]
fn a_request_from_the_best_path_to_a_won_deal() {
    let db = network();
    let id = create(&db);
    let shown = db.json(&["request", "show", &id]);
    let req = &shown["request"];
    assert_eq!(req["stage"], "draft");
    assert_eq!(req["source_name"], "Dana Whitfield", "the best path goes through Dana");
    assert!(req["message"].as_str().unwrap().starts_with("Hi Dana,"));
    assert_eq!(db.ok(&["request", "message", &id]).trim_end(), req["message"].as_str().unwrap().trim_end());

    for stage in ["asked", "accepted", "introduced", "meeting", "opportunity"] {
        let out = db.ok(&["request", "move", &id[..13], stage, "--note", "going well"]);
        assert!(out.contains(&format!("→ {stage}")), "{out}");
    }
    let err = db.fails(&["request", "move", &id, "won"]);
    assert!(err.contains("deal value"), "{err}");
    db.ok(&["request", "move", &id, "won", "--value", "25000"]);
    let shown = db.json(&["request", "show", &id]);
    assert_eq!(shown["history"].as_array().unwrap().len(), 7);
    assert_eq!(shown["request"]["deal_value"], 25000.0);

    let opps = db.json(&["opportunity", "list"]);
    assert_eq!(opps[0]["lead_source"], "referral");
    assert_eq!(opps[0]["outcome"], "won");

    let owed = db.json(&["request", "owed"]);
    assert_eq!(owed[0]["not_thanked"], true);
    assert_eq!(owed[0]["not_told"], true);
    // Thanked the day it was asked (a date before the request is refused).
    let today = chrono::Local::now().date_naive().to_string();
    db.ok(&["request", "thank", &id, "--on", &today]);
    db.ok(&["request", "tell", &id]);
    assert_eq!(db.json(&["request", "owed"]), serde_json::json!([]));

    let top = db.json(&["metrics", "top-sources", "--from", "2000-01-01", "--to", "2100-12-31"]);
    assert_eq!(top[0]["name"], "Dana Whitfield");
    assert_eq!(top[0]["revenue"], 25000.0);
    let funnel = db.json(&["metrics", "funnel", "--from", "2000-01-01", "--to", "2100-12-31", "--by", "rep"]);
    assert_eq!(funnel["rows"][0]["label"], "Sam Rivera");
    assert_eq!(funnel["rows"][0]["counts"]["won"], 1);
    let csv = db.ok(&["--csv", "metrics", "sources", "--from", "2000-01-01", "--to", "2100-12-31"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("lead source,opportunities,won"));
    assert!(lines.next().unwrap().starts_with("referral,1,1,0,100.0%"), "{csv}");
    assert_eq!(lines.next().unwrap(), "cold_call,0,0,0,,,,", "no value is an empty cell: {csv}");
}

#[test]
fn illegal_moves_and_bad_input_change_nothing() {
    let db = network();
    let id = create(&db);
    let before = pipeline_dump(&db);
    for (args, expect) in [
        (vec!["request", "move", &id, "won", "--value", "5"], "cannot move a request from draft to won"),
        (vec!["request", "move", &id, "finished"], "not a stage"),
        (vec!["request", "move", "zzz", "asked"], "not a request id"),
        (vec!["request", "create", "--target", "Nobody Known", "--reason", "x"], "Nobody Known"),
        (vec!["request", "create", "--target", "Lee Chen", "--reason", "x"], "no one in your network"),
        (
            vec!["request", "create", "--target", "Omar Haddad", "--via", "Omar Haddad", "--reason", "x"],
            "cannot be the target",
        ),
        (vec!["request", "thank", &id], "draft"),
        (vec!["opportunity", "add", "--title", "x", "--source", "referral"], "move the request"),
        (vec!["opportunity", "add", "--title", "x", "--source", "telepathy"], "not a lead source"),
        (vec!["iq", "take", "--answers", "yyn"], "3 answers"),
        (vec!["metrics", "funnel", "--from", "2026-05-01", "--to", "2026-01-01"], "before"),
        (vec!["goal", "set", "--asks-per-week", "5", "--rep", "Lee Chen"], "not a rep"),
    ] {
        let err = db.fails(&args);
        assert!(err.contains(expect), "{args:?}: {err}");
        assert_eq!(pipeline_dump(&db), before, "{args:?} changed something");
    }
    let json_err = db.run(&["--json", "request", "move", &id, "lost", "--reason", "no budget"]);
    let e: serde_json::Value = serde_json::from_slice(&json_err.stderr).unwrap();
    assert_eq!(e["code"], "Conflict");
}

#[test]
fn follow_ups_due_and_touches() {
    let db = network();
    let id = create(&db);
    db.ok(&["request", "move", &id, "asked"]);
    db.ok(&["request", "followup", &id, "--on", "2030-01-10"]);
    let due = db.json(&["request", "due", "--today", "2030-01-10"]);
    assert_eq!(due["due"][0]["id"], id.as_str());
    let late = db.json(&["request", "due", "--today", "2030-01-11"]);
    assert_eq!(late["overdue"][0]["id"], id.as_str());
    let text = db.ok(&["request", "due", "--today", "2000-01-01"]);
    assert!(text.contains("Nothing due"), "{text}");
    db.ok(&[
        "request",
        "followup",
        &id,
        "--touch",
        "call",
        "--notes",
        "left a voicemail",
        "--on",
        "2030-02-01",
    ]);
    let r = db.json(&["request", "show", &id]);
    assert_eq!(r["request"]["touches"], 1);
    assert_eq!(r["request"]["next_follow_up"], "2030-02-01");
    let csv = db.ok(&["--csv", "request", "due", "--today", "2030-02-02"]);
    assert!(csv.starts_with("status,follow-up,id") && csv.contains("overdue,2030-02-01"), "{csv}");
}

#[test]
fn referral_iq_take_history_and_team() {
    let db = network();
    db.ok(&["rep", "add", "Ann Archer"]);
    let qs = db.json(&["iq", "questions"]);
    assert_eq!(qs.as_array().unwrap().len(), 14);

    let out = db.ok(&["iq", "take", "--answers", "yyyyyyyyyynnnn", "--rep", "Sam Rivera"]);
    assert!(out.contains("10/14") && out.contains("Practitioner"), "{out}");
    assert!(out.contains("goals"), "advice for question 11: {out}");
    // Answers read from standard input, one per line; a retake replaces this quarter's.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_intrograph"))
        .args(["--db"])
        .arg(&db.path)
        .args(["--json", "iq", "take", "--rep", "Sam Rivera"])
        .env("INTROGRAPH_CONFIG", db.path.with_extension("config.json"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("y\nyes\nn\ny\ny\ny\ny\ny\ny\ny\ny\ny\ny\nno\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let taken: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(taken["assessment"]["score"], 12);
    assert_eq!(taken["advice"].as_array().unwrap().len(), 2);

    let history = db.json(&["iq", "history", "--rep", "Sam Rivera"]);
    assert_eq!(history.as_array().unwrap().len(), 1, "the retake replaced the quarter's assessment");
    assert_eq!(history[0]["score"], 12);
    let team = db.json(&["iq", "team"]);
    assert_eq!(team["missing"][0]["name"], "Ann Archer");
    assert_eq!(team["weakest"][0]["number"], 3);
    let text = db.ok(&["iq", "team"]);
    assert!(text.contains("Not taken yet this quarter: Ann Archer"), "{text}");
}

#[test]
fn goals_activity_lapsed_and_bundles() {
    let db = network();
    db.ok(&["goal", "set", "--asks-per-week", "3"]);
    let id = create(&db);
    db.ok(&["request", "move", &id, "asked"]);
    let act = db.json(&["metrics", "activity"]);
    assert_eq!(act[0]["rep_name"], "Sam Rivera");
    assert_eq!(act[0]["asks"], 1);
    assert_eq!(act[0]["goal"], 3);

    let lapsed = db.json(&["lapsed", "--today", "2100-01-01"]);
    assert_eq!(lapsed[0]["name"], "Dana Whitfield");
    assert_eq!(lapsed[0]["lapsed"], true);

    let file = db.path.with_extension("bundle.json");
    let file = file.to_str().unwrap();
    db.ok(&["bundle", "export", file]);
    let other = Db::new();
    let first = other.json(&["bundle", "import", file]);
    assert_eq!(first["added"]["intro_requests"], 1);
    let again = other.json(&["bundle", "import", file]);
    assert_eq!(again["added"], serde_json::json!({}));
    assert_eq!(again["conflicts"], serde_json::json!([]));
    assert_eq!(other.json(&["request", "list"])[0]["id"], id.as_str());

    std::fs::write(file, "{ \"format\": 1 }").unwrap();
    let before = pipeline_dump(&other);
    let err = other.fails(&["bundle", "import", file]);
    assert!(err.contains("bundle.json") && err.contains("not a bundle"), "{err}");
    assert_eq!(pipeline_dump(&other), before);
}

#[test]
fn a_request_through_people_who_have_no_tie_is_refused_naming_them() {
    let db = network();
    let before = pipeline_dump(&db);
    // Lee Chen knows nobody here: the ask cannot claim she knows Omar.
    let err =
        db.fails(&["request", "create", "--target", "Omar Haddad", "--via", "Lee Chen", "--reason", "x"]);
    assert!(err.contains("Lee Chen") && err.contains("no relationship on record"), "{err}");
    let path = ["--path", "Sam Rivera,Dana Whitfield,Lee Chen,Omar Haddad"];
    let err = db
        .fails(&[&["request", "create", "--target", "Omar Haddad", "--reason", "x"][..], &path[..]].concat());
    assert!(err.contains("Dana Whitfield and Lee Chen"), "{err}");
    assert_eq!(pipeline_dump(&db), before, "nothing was stored");
}

#[test]
fn undo_takes_back_a_merge_and_a_removal_and_lists_the_history() {
    let db = network();
    let before = db.dump();
    let empty = db.ok(&["undo", "--list"]);
    assert!(empty.contains("Nothing to undo"), "{empty}");
    assert!(db.fails(&["undo"]).contains("nothing to undo"));
    db.ok(&["person", "merge", "Dana Whitfield", "Lee Chen"]);
    db.ok(&["person", "add", "Kim Park"]);
    db.ok(&["person", "remove", "Kim Park"]);
    let list = db.json(&["undo", "--list"]);
    assert_eq!(list[0]["kind"], "delete");
    assert_eq!(list[0]["summary"], "Deleted Kim Park");
    assert_eq!(list[1]["summary"], "Merged Lee Chen into Dana Whitfield");
    let out = db.ok(&["undo"]);
    assert!(out.contains("Undone: Deleted Kim Park"), "{out}");
    db.ok(&["person", "remove", "Kim Park"]);
    let merge = list[1]["id"].as_i64().unwrap().to_string();
    let out = db.ok(&["undo", &merge]);
    assert!(out.contains("Merged Lee Chen into Dana Whitfield"), "{out}");
    assert_eq!(db.dump(), before, "both undone (and Kim removed again), the database is as it was");
    assert!(db.fails(&["undo", &merge]).contains("already undone"));
}

#[test]
fn an_opportunity_from_another_source_is_corrected_and_removed() {
    let db = network();
    let added = db.json(&[
        "opportunity",
        "add",
        "--title",
        "Trade show lead",
        "--source",
        "event",
        "--value",
        "5000",
    ]);
    let id = added["id"].as_str().unwrap();
    let bad = db.fails(&["opportunity", "edit", id, "--value=-3"]);
    assert!(bad.contains("not an amount"), "{bad}");
    let fixed = db.json(&["opportunity", "edit", &id[..8], "--source", "inbound", "--contact", "Lee Chen"]);
    assert_eq!((fixed["lead_source"].as_str(), fixed["value"].as_f64()), (Some("inbound"), Some(5000.0)));
    let out = db.ok(&["opportunity", "remove", id]);
    assert!(out.contains("Removed opportunity") && out.contains("Trade show lead"), "{out}");
    assert_eq!(db.json(&["opportunity", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn the_currency_is_printed_set_and_validated() {
    let db = network();
    assert_eq!(db.ok(&["currency"]).trim(), "USD");
    assert_eq!(db.json(&["currency", "eur"])["currency"], "EUR");
    let before = db.dump();
    let err = db.fails(&["currency", "EURO"]);
    assert!(err.contains("currency") && err.contains("ISO 4217"), "{err}");
    assert_eq!(db.dump(), before, "a refused code changes nothing");
    assert_eq!(db.json(&["currency"])["currency"], "EUR");
}
