//! Introduction requests: creation from a path, the ask, follow-ups, touches, thanking
//! the source, the linked opportunity, and bad input that changes nothing.

use crate::pipeline_common;

use intrograph_engine::model::{PersonId, RepId, TouchKind};
use intrograph_engine::pipeline::request::RequestTouch;
use intrograph_engine::pipeline::{
    FollowUpRules, LeadSource, Move, NewRequest, Outcome, RequestFilter, Stage,
};
use intrograph_engine::store::{opportunities, requests, Store};
use pipeline_common::*;

struct World {
    store: Store,
    rep: RepId,
    me: PersonId,
    dana: PersonId,
    lee: PersonId,
    omar: PersonId,
}

fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let (rep, me) = rep(&mut store, "Sam Rivera");
    let dana = person(&mut store, "Dana Whitfield");
    let lee = person(&mut store, "Lee Chen");
    let omar = person(&mut store, "Omar Haddad");
    World { store, rep, me, dana, lee, omar }
}

macro_rules! new {
    ($w:ident) => {
        new_parts($w.rep, $w.me, $w.dana, $w.lee, $w.omar)
    };
}

fn new_parts(rep: RepId, me: PersonId, dana: PersonId, lee: PersonId, omar: PersonId) -> NewRequest {
    let w = World { store: Store::open_in_memory().unwrap(), rep, me, dana, lee, omar };
    NewRequest {
        rep_id: Some(w.rep),
        target_id: Some(w.omar),
        path: vec![w.me, w.dana, w.lee, w.omar],
        reason: "Northwind is consolidating its warehouses.".into(),
        offer: "We cut Contoso's reporting costs by a third.".into(),
        ..Default::default()
    }
}

fn mv(to: Stage) -> Move {
    Move::to(to)
}

#[test]
fn a_request_from_a_path_drafts_a_personal_ask() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    let r = requests::create(&mut w.store, new!(w), &c).unwrap();
    assert_eq!(r.source_id, w.dana, "the source is the second person on the path");
    assert_eq!(r.path, vec![w.me, w.dana, w.lee, w.omar]);
    assert_eq!(r.stage, Stage::Draft);
    assert_eq!(r.next_follow_up, Some(day("2026-02-03")));
    assert!(r.message.starts_with("Hi Dana,"), "{}", r.message);
    assert!(r.message.contains("Omar Haddad") && r.message.contains("consolidating its warehouses"));
    assert!(r.message.contains("Contoso") && r.message.trim_end().ends_with("Sam"));
    assert_eq!(
        (r.rep_name.as_str(), r.source_name.as_str(), r.target_name.as_str()),
        ("Sam Rivera", "Dana Whitfield", "Omar Haddad")
    );

    // A message given by the rep is kept as is; no path means rep → source → target.
    let own = NewRequest {
        path: vec![],
        source_id: Some(w.lee),
        message: Some("Lee, a favour?".into()),
        ..new!(w)
    };
    let r2 = requests::create(&mut w.store, own, &c).unwrap();
    assert_eq!(r2.message, "Lee, a favour?");
    assert_eq!(r2.path, vec![w.me, w.lee, w.omar]);

    // A configured template is used.
    requests::set_ask_template(&mut w.store, "{source_first_name}: {target_first_name}? {reason}. {rep}")
        .unwrap();
    let r3 = requests::create(&mut w.store, new!(w), &c).unwrap();
    assert_eq!(r3.message, "Dana: Omar? Northwind is consolidating its warehouses. Sam Rivera");
    assert!(requests::set_ask_template(&mut w.store, "Hi {name}").is_err());
    assert_eq!(requests::list(&w.store, &RequestFilter::default()).unwrap().len(), 3);
}

#[test]
fn bad_requests_are_refused_and_change_nothing() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    let before = snapshot(&w.store);
    let cases: Vec<(NewRequest, &str)> = vec![
        (NewRequest { reason: "  ".into(), ..new!(w) }, "reason"),
        (NewRequest { target_id: None, ..new!(w) }, "target"),
        (NewRequest { path: vec![w.me, w.omar], source_id: Some(w.dana), ..new!(w) }, "path"),
        (NewRequest { path: vec![w.dana, w.me, w.omar], source_id: Some(w.dana), ..new!(w) }, "path"),
        (NewRequest { path: vec![w.me, w.dana, w.dana, w.omar], ..new!(w) }, "twice"),
        (NewRequest { path: vec![], source_id: Some(w.omar), ..new!(w) }, "cannot be the target"),
        (
            NewRequest { path: vec![], source_id: Some(w.dana), target_id: Some(w.me), ..new!(w) },
            "themselves",
        ),
        (
            NewRequest { path: vec![], source_id: Some(PersonId::new()), ..new!(w) },
            "referral source not found",
        ),
        (NewRequest { rep_id: Some(RepId::new()), ..new!(w) }, "rep not found"),
    ];
    for (i, (req, expect)) in cases.into_iter().enumerate() {
        let err = requests::create(&mut w.store, req, &c).unwrap_err().to_string();
        assert!(err.contains(expect), "case {i}: {err}");
        assert_eq!(snapshot(&w.store), before, "case {i}");
    }
    deactivate(&mut w.store, w.rep);
    let before = snapshot(&w.store);
    let err = requests::create(&mut w.store, new!(w), &c).unwrap_err().to_string();
    assert!(err.contains("inactive"), "{err}");
    assert_eq!(snapshot(&w.store), before);
}

#[test]
fn follow_ups_are_suggested_per_stage_and_listed_when_due() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    let a = requests::create(&mut w.store, new!(w), &c).unwrap();
    let b = requests::create(&mut w.store, new!(w), &c).unwrap();
    let asked = requests::move_to(&mut w.store, a.id, &mv(Stage::Asked), &c).unwrap();
    assert_eq!(asked.next_follow_up, Some(day("2026-02-05")), "asked: 3 days");

    // Configured delays win; unlisted stages keep the default.
    let mut rules = FollowUpRules::default();
    rules.days.insert(Stage::Accepted, 10);
    requests::set_follow_up_rules(&mut w.store, &rules).unwrap();
    let acc = requests::move_to(&mut w.store, a.id, &mv(Stage::Accepted), &c).unwrap();
    assert_eq!(acc.next_follow_up, Some(day("2026-02-12")));
    let mut bad = FollowUpRules::default();
    bad.days.insert(Stage::Won, 3);
    assert!(requests::set_follow_up_rules(&mut w.store, &bad).unwrap_err().to_string().contains("won"));

    // b: draft, follow-up 02-03.  a: accepted, follow-up 02-12.
    let f = requests::follow_ups(&w.store, day("2026-02-03"), None).unwrap();
    assert_eq!(f.due.iter().map(|r| r.id).collect::<Vec<_>>(), vec![b.id]);
    assert!(f.overdue.is_empty());
    let f = requests::follow_ups(&w.store, day("2026-02-20"), None).unwrap();
    assert!(f.due.is_empty());
    assert_eq!(f.overdue.iter().map(|r| r.id).collect::<Vec<_>>(), vec![b.id, a.id]);
    let f = requests::follow_ups(&w.store, day("2026-02-20"), Some(RepId::new())).unwrap();
    assert!(f.overdue.is_empty());

    // A chosen date, then a closed request leaves the lists.
    requests::set_follow_up(&mut w.store, b.id, Some(day("2026-03-01")), &c).unwrap();
    requests::move_to(&mut w.store, a.id, &mv(Stage::Declined), &c).unwrap();
    let f = requests::follow_ups(&w.store, day("2026-02-20"), None).unwrap();
    assert!(f.overdue.is_empty() && f.due.is_empty());
    let err =
        requests::set_follow_up(&mut w.store, a.id, Some(day("2026-03-01")), &c).unwrap_err().to_string();
    assert!(err.contains("declined"), "{err}");
}

#[test]
fn touches_are_counted_per_request_and_go_to_the_right_person() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    let r = requests::create(&mut w.store, new!(w), &c).unwrap();
    requests::move_to(&mut w.store, r.id, &mv(Stage::Asked), &c).unwrap();
    let t = RequestTouch {
        kind: TouchKind::Email,
        person_id: None,
        date: None,
        notes: "nudge".into(),
        next_follow_up: None,
    };
    requests::log_touch(&mut w.store, r.id, &t, &clock("2026-02-06T09:00:00Z")).unwrap();
    let after = requests::get(&w.store, r.id).unwrap();
    assert_eq!(after.touches, 1);
    assert_eq!(after.next_follow_up, Some(day("2026-02-09")), "asked: 3 days after the touch");
    for s in [Stage::Accepted, Stage::Introduced] {
        requests::move_to(&mut w.store, r.id, &mv(s), &c).unwrap();
    }
    let t2 = RequestTouch { next_follow_up: Some(day("2026-02-20")), ..t.clone() };
    requests::log_touch(&mut w.store, r.id, &t2, &c).unwrap();
    let who: Vec<(uuid::Uuid, String)> = {
        let mut s = w
            .store
            .conn()
            .prepare("SELECT person_id, date FROM touches WHERE request_id = ?1 ORDER BY rowid")
            .unwrap();
        s.query_map([r.id.0], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(who, vec![(w.dana.0, "2026-02-06".to_string()), (w.omar.0, "2026-02-02".to_string())]);
    let after = requests::get(&w.store, r.id).unwrap();
    assert_eq!((after.touches, after.next_follow_up), (2, Some(day("2026-02-20"))));
}

#[test]
fn sources_are_owed_thanks_and_the_outcome() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    let draft = requests::create(&mut w.store, new!(w), &c).unwrap();
    let err = requests::mark_thanked(&mut w.store, draft.id, day("2026-02-02"), &c).unwrap_err().to_string();
    assert!(err.contains("draft"), "{err}");

    let a = requests::create(&mut w.store, new!(w), &c).unwrap();
    for s in [Stage::Asked, Stage::Accepted, Stage::Introduced] {
        requests::move_to(&mut w.store, a.id, &mv(s), &c).unwrap();
    }
    let owed = requests::sources_owed(&w.store, None).unwrap();
    assert_eq!(owed.len(), 1);
    assert!(owed[0].not_thanked && !owed[0].not_told);
    let thanked = requests::mark_thanked(&mut w.store, a.id, day("2026-02-04"), &c).unwrap();
    assert_eq!(thanked.thanked_on, Some(day("2026-02-04")));
    assert!(requests::sources_owed(&w.store, None).unwrap().is_empty());

    for s in [Stage::Meeting, Stage::Opportunity] {
        requests::move_to(&mut w.store, a.id, &mv(s), &c).unwrap();
    }
    requests::move_to(&mut w.store, a.id, &Move { deal_value: Some(5000.0), ..mv(Stage::Won) }, &c).unwrap();
    let owed = requests::sources_owed(&w.store, None).unwrap();
    assert_eq!(owed.len(), 1);
    assert!(!owed[0].not_thanked && owed[0].not_told);
    requests::mark_told(&mut w.store, a.id, day("2026-02-10"), &c).unwrap();
    assert!(requests::sources_owed(&w.store, None).unwrap().is_empty());
}

#[test]
fn the_referral_opportunity_follows_the_request() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    let r = requests::create(&mut w.store, new!(w), &c).unwrap();
    for s in [Stage::Asked, Stage::Accepted, Stage::Introduced] {
        requests::move_to(&mut w.store, r.id, &mv(s), &c).unwrap();
    }
    requests::move_to(&mut w.store, r.id, &mv(Stage::Meeting), &clock("2026-02-10T09:00:00Z")).unwrap();
    requests::move_to(
        &mut w.store,
        r.id,
        &Move { deal_value: Some(9000.0), ..mv(Stage::Opportunity) },
        &clock("2026-02-12T09:00:00Z"),
    )
    .unwrap();
    let opps = opportunities::list(&w.store, None, None).unwrap();
    assert_eq!(opps.len(), 1);
    let o = &opps[0];
    assert_eq!(
        (o.lead_source, o.request_id, o.value, o.outcome),
        (LeadSource::Referral, Some(r.id), Some(9000.0), Outcome::Open)
    );
    assert_eq!((o.opened_on, o.first_meeting_on), (day("2026-02-12"), Some(day("2026-02-10"))));

    // Stalling and resuming does not open a second one.
    requests::move_to(&mut w.store, r.id, &mv(Stage::Stalled), &c).unwrap();
    requests::move_to(&mut w.store, r.id, &mv(Stage::Opportunity), &c).unwrap();
    assert_eq!(opportunities::list(&w.store, None, None).unwrap().len(), 1);

    // Closing the opportunity moves the request.
    let close = intrograph_engine::pipeline::opportunity::Close {
        outcome: Outcome::Won,
        on: day("2026-03-01"),
        value: Some(11000.0),
        reason: None,
    };
    let closed = opportunities::close(&mut w.store, o.id, &close, &clock("2026-03-01T09:00:00Z")).unwrap();
    assert_eq!(
        (closed.outcome, closed.closed_on, closed.value),
        (Outcome::Won, Some(day("2026-03-01")), Some(11000.0))
    );
    let after = requests::get(&w.store, r.id).unwrap();
    assert_eq!((after.stage, after.deal_value), (Stage::Won, Some(11000.0)));
    let before = snapshot(&w.store);
    assert!(opportunities::close(&mut w.store, o.id, &close, &c)
        .unwrap_err()
        .to_string()
        .contains("already won"));
    assert_eq!(snapshot(&w.store), before);
}

#[test]
fn requests_resolve_by_id_prefix() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    let r = requests::create(&mut w.store, new!(w), &c).unwrap();
    let hex = r.id.0.simple().to_string();
    assert_eq!(requests::resolve(&w.store, &hex[..12]).unwrap(), r.id);
    assert_eq!(requests::resolve(&w.store, &r.id.to_string()).unwrap(), r.id);
    assert!(requests::resolve(&w.store, "abc").unwrap_err().to_string().contains("at least 6"));
    assert!(requests::resolve(&w.store, "ffffffffffff").unwrap_err().to_string().contains("not found"));
}

#[test]
fn a_person_in_a_request_cannot_be_removed() {
    let mut w = world();
    let c = clock("2026-02-02T09:00:00Z");
    requests::create(&mut w.store, new!(w), &c).unwrap();
    let before = snapshot(&w.store);
    let err = w
        .store
        .write(|tx| {
            tx.execute("DELETE FROM people WHERE id = ?1", [w.dana.0])?;
            Ok(())
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("referral source of an introduction request"), "{err}");
    assert_eq!(snapshot(&w.store), before);
    // Someone only on the path (not source or target) can go; the path keeps their id.
    w.store
        .write(|tx| {
            tx.execute("DELETE FROM people WHERE id = ?1", [w.lee.0])?;
            Ok(())
        })
        .unwrap();
}
