//! A rep's second desktop joining the team their first desktop joined.

use std::collections::BTreeMap;

use intrograph_engine::model::{
    Answers, Clock, LeadSource, NewOpportunity, NewRequest, PersonId, Quarter, Rep, RepId, Target, TouchKind,
};
use intrograph_engine::store::people::PersonInput;
use intrograph_engine::store::relationships;
use intrograph_engine::store::{assessments, opportunities, rekey, reps, requests, targets, team, touches};

use crate::support::*;

/// A rep working alone: ties of theirs and between others, a request, a touch, an
/// opportunity, a goal, a Referral I.Q. result and a target.
fn solo_workspace(d: &mut Desk, name: &str, email: &str) -> Rep {
    let me = d
        .store
        .write(|tx| {
            reps::add_new(
                tx,
                &PersonInput { full_name: name.into(), emails: vec![email.into()], ..Default::default() },
            )
        })
        .unwrap();
    let omar = d.add_person("Omar Haddad", "omar@example.com");
    let sam = d.add_person("Sam Okafor", "sam@example.com");
    d.tie(me.person_id, omar, false);
    d.tie(omar, sam, false);
    d.tie(me.person_id, sam, true);
    let clock = Clock::system();
    let new = NewRequest {
        rep_id: Some(me.id),
        target_id: Some(sam),
        source_id: Some(omar),
        path: vec![me.person_id, omar, sam],
        reason: "they buy what we sell".into(),
        offer: String::new(),
        message: Some("Could you introduce me?".into()),
    };
    let req = requests::create(&mut d.store, new, &clock).unwrap();
    requests::move_to(
        &mut d.store,
        req.id,
        &intrograph_engine::model::Move::to(intrograph_engine::model::Stage::Asked),
        &clock,
    )
    .unwrap();
    d.store
        .write(|tx| {
            touches::log(
                tx,
                &touches::TouchInput {
                    person_id: omar,
                    kind: TouchKind::Call,
                    date: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                    notes: "asked about Sam".into(),
                    rep_id: Some(me.id),
                },
            )?;
            targets::add(tx, me.id, Target::Person(sam))
        })
        .unwrap();
    opportunities::add(
        &mut d.store,
        &NewOpportunity {
            rep_id: me.id,
            person_id: Some(sam),
            title: "Okafor pilot".into(),
            lead_source: LeadSource::Inbound,
            value: Some(12000.0),
            opened_on: chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            first_meeting_on: None,
        },
        &clock,
    )
    .unwrap();
    team::set_goal(&mut d.store, me.id, 3, &clock).unwrap();
    assessments::upsert(
        &mut d.store,
        me.id,
        Quarter::new(2026, 4).unwrap(),
        Answers::parse("yynyyyyyyyyyyy").unwrap(),
        chrono::Utc::now(),
    )
    .unwrap();
    me
}

fn requests_of(d: &Desk, rep: RepId) -> i64 {
    d.store
        .conn()
        .query_row("SELECT count(*) FROM intro_requests WHERE rep_id = ?1", [rep.0], |r| r.get(0))
        .unwrap()
}

/// The whole JSON backup, every table's rows as a sorted list (row order follows the keys).
fn backup_text(d: &Desk) -> String {
    let mut out = Vec::new();
    intrograph_engine::store::json_backup::write(&d.store, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn tables_of(text: &str) -> BTreeMap<String, Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            // A pair of people is stored smaller id first: new ids may swap its ends.
            let cols: Vec<&str> =
                t["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            let pair =
                cols.iter().position(|c| *c == "person_a").zip(cols.iter().position(|c| *c == "person_b"));
            let mut rows: Vec<String> = t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    if let Some((a, b)) = pair {
                        if r[a]["blob"].as_str() > r[b]["blob"].as_str() {
                            let (x, y) = (r[a].clone(), r[b].clone());
                            r[a] = y;
                            r[b] = x;
                        }
                    }
                    r.to_string()
                })
                .collect();
            rows.sort();
            (format!("{}{}", t["name"].as_str().unwrap(), t["columns"]), rows)
        })
        .collect()
}

/// `text` with the ids `from` written as `to` (as blobs, and as text in a request's path
/// and the current rep setting).
fn mapped(text: &str, pairs: &[(uuid::Uuid, uuid::Uuid)]) -> String {
    let mut s = text.to_string();
    for (from, to) in pairs {
        s = s.replace(&from.simple().to_string(), &to.simple().to_string());
        s = s.replace(&from.hyphenated().to_string(), &to.hyphenated().to_string());
    }
    s
}

#[test]
fn rekeying_a_rep_changes_nothing_but_their_ids() {
    let mut d = Desk::new();
    let me = solo_workspace(&mut d, "Dana Reyes", "dana@example.com");
    let before = backup_text(&d);
    let (rep, person) = (RepId::new(), PersonId(uuid::Uuid::now_v7()));
    d.store.write(|tx| rekey::rekey_rep(tx, me.id, rep, Some(person))).unwrap();
    let after = backup_text(&d);
    assert_ne!(before, after);
    assert_eq!(
        tables_of(&mapped(&before, &[(me.id.0, rep.0), (me.person_id.0, person.0)])),
        tables_of(&after),
        "the backup differs only by the rep's and their person's ids"
    );
    assert_eq!(reps::current_rep(d.store.conn()).unwrap().id, rep);
    let r = reps::get(d.store.conn(), rep).unwrap();
    assert_eq!(r.person_id, person);
    assert_eq!(requests_of(&d, rep), 1);
}

#[test]
fn a_reps_second_desktop_joins_with_everything_it_had() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", false);
    let eli = add_rep(&cluster, "Eli Moss", "eli@example.com", false);
    // The first desktop claims Dana's login.
    let mut first = Desk::new();
    first.add_person("Priya Natarajan", "priya@example.com");
    first.join(&dana.url);
    let team_rep = first.me();
    let team_person = reps::get(first.store.conn(), team_rep).unwrap().person_id;

    // Dana's second laptop, used alone until now.
    let mut second = Desk::new();
    let solo = solo_workspace(&mut second, "Dana Reyes", "dana@example.com");
    assert_ne!(solo.id, team_rep);
    let before = backup_text(&second);
    let report = intrograph_team::join(&mut second.store, &dana.url, &second.secrets)
        .expect("the second desktop joins");
    assert!(report.pushed > 0 && report.pulled > 0, "{report:?}");
    assert_eq!(second.me(), team_rep);
    assert_eq!(reps::current_rep(second.store.conn()).unwrap().id, team_rep);
    assert_eq!(reps::get(second.store.conn(), team_rep).unwrap().person_id, team_person);
    assert!(reps::get(second.store.conn(), solo.id).is_err(), "no second rep left behind");

    // Nothing the rep had is lost: every row of the backup before, with the ids the team
    // knows, is there after (the join added the team's rows).
    let before = tables_of(&mapped(&before, &[(solo.id.0, team_rep.0), (solo.person_id.0, team_person.0)]));
    let after = tables_of(&backup_text(&second));
    for table in [
        "people",
        "person_emails",
        "reps",
        "relationships",
        "intro_requests",
        "request_history",
        "touches",
        "opportunities",
        "goals",
        "assessments",
        "targets",
    ] {
        let key = before.keys().find(|k| k.starts_with(&format!("{table}["))).unwrap().clone();
        for row in &before[&key] {
            assert!(after[&key].contains(row), "{table} lost {row}");
        }
    }

    // The team sees one Dana, with the second laptop's work under her rep.
    first.sync();
    let mut colleague = Desk::new();
    colleague.join(&eli.url);
    for d in [&first, &colleague] {
        let danas = intrograph_engine::store::people::find_by_name(d.store.conn(), "Dana Reyes").unwrap();
        assert_eq!(danas, vec![team_person], "one Dana Reyes");
        assert_eq!(team::goal(&d.store, team_rep).unwrap().map(|g| g.asks_per_week), Some(3));
        assert_eq!(requests_of(d, team_rep), 1);
        let omar = d.person_named("Omar Haddad").unwrap();
        assert!(relationships::between(d.store.conn(), team_person, omar).unwrap().is_some());
        let sam = d.person_named("Sam Okafor").unwrap();
        assert!(
            relationships::between(d.store.conn(), team_person, sam).unwrap().is_none(),
            "the private tie stayed on the laptop"
        );
    }
    assert_eq!(assessments::for_rep(&first.store, team_rep).unwrap().len(), 1);
    second.sync();
    first.sync();
    let (one, two) =
        (tables_of(&first.shared_content().to_string()), tables_of(&second.shared_content().to_string()));
    for (table, rows) in &one {
        if table.starts_with("relationships[") {
            // The laptop's private tie is the only difference.
            let shared: Vec<&String> = two[table].iter().filter(|r| !r.contains("\"private\"")).collect();
            assert_eq!(rows.iter().collect::<Vec<_>>(), shared, "{table}");
            assert_eq!(two[table].len(), rows.len() + 1);
        } else if !table.starts_with("targets[") {
            // (A target list is each desktop's own.)
            assert_eq!(rows, &two[table], "{table}");
        }
    }
}

#[test]
fn a_different_persons_workspace_is_refused_and_left_as_it_was() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", false);
    let mut first = Desk::new();
    first.join(&dana.url);
    let mut other = Desk::new();
    solo_workspace(&mut other, "Sam Carter", "sam.carter@example.com");
    let before = backup_text(&other);
    let e = intrograph_team::join(&mut other.store, &dana.url, &other.secrets).unwrap_err().to_string();
    assert!(e.contains("different person's workspace"), "{e}");
    assert!(e.contains("Dana Reyes") && e.contains("Sam Carter"), "says whose: {e}");
    assert_eq!(backup_text(&other), before, "nothing changed");
    assert!(!intrograph_team::status(&other.store).unwrap().joined);
}

#[test]
fn a_second_desktop_already_holding_the_teams_record_of_the_rep_joins_as_one_person() {
    let cluster = team_cluster();
    let dana = add_rep(&cluster, "Dana Reyes", "dana@example.com", false);
    let mut first = Desk::new();
    first.add_person("Priya Natarajan", "priya@example.com");
    first.join(&dana.url);
    let team_rep = first.me();
    let team_person = reps::get(first.store.conn(), team_rep).unwrap().person_id;

    // Dana's second laptop, used alone under her personal address, once took a bundle from
    // her first one: it holds the team's record of Dana as a contact beside her own.
    let mut second = Desk::new();
    let solo = solo_workspace(&mut second, "Dana Reyes", "dana.reyes@personal.example");
    let file = second.dir.path().join("first.json");
    let mut bundle = intrograph_engine::store::bundle::export(&first.store, chrono::Utc::now()).unwrap();
    bundle.tables.remove("reps");
    std::fs::write(&file, serde_json::to_vec(&bundle).unwrap()).unwrap();
    intrograph_engine::store::bundle::import_file(&mut second.store, &file).unwrap();
    let danas = intrograph_engine::store::people::find_by_name(second.store.conn(), "Dana Reyes").unwrap();
    assert_eq!(danas.len(), 2, "two records of Dana before joining");
    assert!(danas.contains(&team_person));

    let report = intrograph_team::join(&mut second.store, &dana.url, &second.secrets)
        .expect("the second desktop joins, its own record of Dana merged into the team's");
    assert!(report.pushed > 0, "{report:?}");
    let conn = second.store.conn();
    let danas = intrograph_engine::store::people::find_by_name(conn, "Dana Reyes").unwrap();
    assert_eq!(danas, vec![team_person], "one Dana Reyes");
    let me = reps::current_rep(conn).unwrap();
    assert_eq!((me.id, me.person_id), (team_rep, team_person));
    assert!(reps::get(conn, solo.id).is_err(), "no second rep left behind");
    let emails = intrograph_engine::store::people::get(conn, team_person).unwrap().emails;
    assert!(emails.contains(&"dana.reyes@personal.example".to_string()), "{emails:?}");
    assert_eq!(requests_of(&second, team_rep), 1, "her request moved with her");

    // The team sees one Dana, with the second laptop's work under her rep.
    first.sync();
    let danas = intrograph_engine::store::people::find_by_name(first.store.conn(), "Dana Reyes").unwrap();
    assert_eq!(danas, vec![team_person]);
    assert_eq!(requests_of(&first, team_rep), 1);
}
