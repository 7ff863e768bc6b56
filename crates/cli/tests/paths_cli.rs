//! `intrograph paths` and `intrograph weights` on a small network with known answers.

mod common;

use common::Db;

/// Riley (the rep) knows Bob (verified, very strong) and Carol (unverified);
/// Bob and Carol both know Dana at Northwind; Eve at Northwind is only reachable
/// through Carol; Bob and Carol know each other; Zed is four hops away.
fn network() -> Db {
    let db = Db::new();
    db.ok(&["rep", "add", "Riley Rep", "--email", "riley@mine.example"]);
    db.ok(&["person", "add", "Bob Stone", "--org", "Acme", "--title", "CTO"]);
    db.ok(&["person", "add", "Carol Diaz", "--org", "Globex"]);
    db.ok(&[
        "person",
        "add",
        "Dana Whitfield",
        "--org",
        "Northwind Traders",
        "--email",
        "dana@northwind.example",
    ]);
    db.ok(&["person", "add", "Eve Park", "--org", "Northwind Traders"]);
    db.ok(&["person", "add", "Yan Li"]);
    db.ok(&["person", "add", "Zed Quinn"]);
    let rels: &[&[&str]] = &[
        &["me", "Bob Stone", "--kind", "colleague", "--strength", "5", "--last-contact", "2026-11-01"],
        &["Bob Stone", "Dana Whitfield", "--kind", "former_colleague", "--strength", "4"],
        &["me", "Carol Diaz", "--kind", "friend", "--strength", "3"],
        &["Carol Diaz", "Dana Whitfield", "--kind", "client", "--strength", "2"],
        &["Carol Diaz", "Eve Park", "--kind", "linkedin", "--strength", "1"],
        &["Eve Park", "Yan Li", "--kind", "friend", "--strength", "5"],
        &["Yan Li", "Zed Quinn", "--kind", "family", "--strength", "5"],
        &["Bob Stone", "Carol Diaz", "--kind", "friend", "--strength", "3"],
    ];
    for r in rels {
        db.ok(&[&["rel", "add"][..], r].concat());
    }
    db.ok(&["rel", "verify", "me", "Bob Stone"]);
    db
}

const TODAY: &str = "2026-11-23";

#[test]
fn paths_to_a_person_are_ranked_with_explanations() {
    let db = network();
    let text = db.ok(&["paths", "Dana Whitfield", "--today", TODAY]);
    let bob = text.find("1. Riley Rep → Bob Stone → Dana Whitfield").expect(&text);
    let carol = text.find("2. Riley Rep → Carol Diaz → Dana Whitfield").expect(&text);
    assert!(bob < carol, "{text}");
    assert!(text.contains("very strong, verified colleague; last contact 3 weeks ago"), "{text}");
    assert!(text.contains("confirm they know each other"), "{text}");

    let json = db.json(&["paths", "dana@northwind.example", "--today", TODAY]);
    assert_eq!(json["target_kind"], "person");
    assert_eq!(json["target"]["name"], "Dana Whitfield");
    let paths = json["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 2);
    let scores: Vec<f64> = paths.iter().map(|p| p["score"].as_f64().unwrap()).collect();
    assert!(scores[0] > scores[1]);
    for p in paths {
        let product: f64 =
            p["hops"].as_array().unwrap().iter().map(|h| h["weight"].as_f64().unwrap()).product();
        assert!(
            (product - p["score"].as_f64().unwrap()).abs() < 1e-9,
            "score is the product of weights: {p}"
        );
        assert!(!p["hops"][0]["sentence"].as_str().unwrap().is_empty());
    }
}

#[test]
fn options_exclude_verified_only_and_plain() {
    let db = network();
    let json = db.json(&["paths", "Dana Whitfield", "--exclude", "Bob Stone", "--today", TODAY]);
    let paths = json["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0]["people"][1]["name"], "Carol Diaz");

    let json = db.json(&["paths", "Dana Whitfield", "--verified-only", "--today", TODAY]);
    assert_eq!(json["paths"].as_array().unwrap().len(), 0, "Bob→Dana is unverified: {json}");
    let text = db.ok(&["paths", "Dana Whitfield", "--verified-only", "--today", TODAY]);
    assert!(text.contains("No path within 3 hops"), "{text}");

    // Plain ranking may repeat the first person to ask; diverse never does.
    let plain =
        db.json(&["paths", "Dana Whitfield", "--plain", "--max-hops", "4", "-k", "10", "--today", TODAY]);
    let diverse = db.json(&["paths", "Dana Whitfield", "--max-hops", "4", "-k", "10", "--today", TODAY]);
    let firsts = |v: &serde_json::Value| -> Vec<String> {
        v["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["people"][1]["name"].as_str().unwrap().to_string())
            .collect()
    };
    let d = firsts(&diverse);
    let mut unique = d.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(d.len(), unique.len(), "{d:?}");
    assert!(firsts(&plain).len() > d.len(), "plain lists more variants: {:?}", firsts(&plain));
}

#[test]
fn hop_cap_is_respected() {
    let db = network();
    // Riley → Carol → Eve → Yan → Zed is 4 hops.
    let three = db.json(&["paths", "Zed Quinn", "--today", TODAY]);
    assert_eq!(three["paths"].as_array().unwrap().len(), 0);
    let four = db.json(&["paths", "Zed Quinn", "--max-hops", "4", "--today", TODAY]);
    assert_eq!(four["paths"][0]["people"].as_array().unwrap().len(), 5);
    let err = db.fails(&["paths", "Zed Quinn", "--max-hops", "5"]);
    assert!(err.contains("max hops") && err.contains("1 to 4"), "{err}");
}

#[test]
fn organisation_targets_group_by_current_employee() {
    let db = network();
    let json = db.json(&["paths", "Northwind Traders", "--today", TODAY]);
    assert_eq!(json["target_kind"], "organisation");
    let groups = json["groups"].as_array().unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g["person"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Dana Whitfield", "Eve Park"]);
    let csv = db.ok(&["--csv", "paths", "Northwind Traders", "--today", TODAY]);
    assert!(csv.starts_with("target,rank,score,ask,path,unverified_hops\n"), "{csv}");
    assert!(csv.contains("Eve Park,1,"), "{csv}");
}

#[test]
fn bad_targets_get_clear_errors() {
    let db = network();
    let err = db.fails(&["paths", "me"]);
    assert!(err.contains("cannot be their own target"), "{err}");
    let err = db.fails(&["paths", "Nobody Atall"]);
    assert!(err.contains("not found") && err.contains("Nobody Atall"), "{err}");
    db.ok(&["person", "add", "Dana Other"]);
    let err = db.fails(&["paths", "Dana"]);
    assert!(
        err.contains("matches 2") && err.contains("Dana Whitfield") && err.contains("Dana Other"),
        "{err}"
    );
    let out = db.run(&["--json", "paths", "Nobody Atall"]);
    let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["code"], "NotFound");

    let empty = Db::new();
    let err = empty.fails(&["paths", "Anyone"]);
    assert!(err.contains("rep add"), "an empty workspace says how to start: {err}");
}

#[test]
fn weights_dump_every_relationship_with_its_weight() {
    let db = network();
    let json = db.json(&["weights", "--today", TODAY]);
    let rels = json["relationships"].as_array().unwrap();
    assert_eq!(rels.len(), 8);
    for r in rels {
        let w = r["weight"].as_f64().unwrap();
        assert!(w > 0.0 && w <= 1.0, "{r}");
    }
    let ws: Vec<f64> = rels.iter().map(|r| r["weight"].as_f64().unwrap()).collect();
    assert!(ws.windows(2).all(|p| p[0] >= p[1]), "sorted by weight: {ws:?}");
    assert!(json["params"]["unverified_factor"].is_number());

    let text = db.ok(&["weights", "--today", TODAY]);
    assert!(text.lines().next().unwrap().starts_with("person_a"), "{text}");
    assert_eq!(text.lines().count(), 9);
}

#[test]
fn a_source_who_declined_ranks_lower_unless_told_to_ignore_track_records() {
    let db = network();
    let score_via_bob = |extra: &[&str]| {
        let json = db.json(&[&["paths", "Dana Whitfield", "--today", TODAY][..], extra].concat());
        let paths = json["paths"].as_array().unwrap().clone();
        let bob = paths.iter().find(|p| p["people"][1]["name"] == "Bob Stone").expect("a path via Bob");
        bob["score"].as_f64().unwrap()
    };
    let before = score_via_bob(&[]);

    let created =
        db.json(&["request", "create", "--target", "Eve Park", "--via", "Bob Stone", "--reason", "pilot"]);
    let id = created["id"].as_str().unwrap().to_string();
    db.ok(&["request", "move", &id, "asked"]);
    db.ok(&["request", "move", &id, "declined"]);

    // One decline and no other history: the documented factor is 0.9.
    let after = score_via_bob(&[]);
    assert!((after / before - 0.9).abs() < 1e-9, "before {before}, after {after}");
    assert_eq!(score_via_bob(&["--ignore-track-record"]), before);
}
