//! Every stage transition, legal and illegal, in the rules and through the store.

use crate::pipeline_common;

use intrograph_engine::model::RequestId;
use intrograph_engine::pipeline::stage::{check_move, legal_moves};
use intrograph_engine::pipeline::{Move, NewRequest, Stage};
use intrograph_engine::store::{requests, Store};
use intrograph_engine::Error;
use pipeline_common::*;

use Stage::*;

/// The transition table, written out independently of the code.
const LEGAL: &[(Stage, Stage)] = &[
    (Draft, Asked),
    (Asked, Accepted),
    (Asked, Declined),
    (Asked, Stalled),
    (Accepted, Introduced),
    (Accepted, Declined),
    (Accepted, Stalled),
    (Introduced, Meeting),
    (Introduced, Lost),
    (Introduced, Stalled),
    (Meeting, Opportunity),
    (Meeting, Lost),
    (Meeting, Stalled),
    (Opportunity, Won),
    (Opportunity, Lost),
    (Opportunity, Stalled),
];

/// Moves out of `stalled`, by the stage it stalled from.
const RESUME: &[(Stage, &[Stage])] = &[
    (Asked, &[Asked, Declined]),
    (Accepted, &[Accepted, Declined]),
    (Introduced, &[Introduced, Lost]),
    (Meeting, &[Meeting, Lost]),
    (Opportunity, &[Opportunity, Lost]),
];

fn full_move(to: Stage) -> Move {
    Move {
        to,
        note: format!("to {to}"),
        deal_value: (to == Won).then_some(12_000.0),
        lost_reason: (to == Lost).then(|| "chose a competitor".to_string()),
    }
}

#[test]
fn the_rules_allow_exactly_the_table() {
    for from in Stage::ALL.into_iter().filter(|s| *s != Stalled) {
        for to in Stage::ALL {
            let legal = LEGAL.contains(&(from, to));
            assert_eq!(check_move(from, None, to).is_ok(), legal, "{from} → {to}");
            assert_eq!(legal_moves(from, None).contains(&to), legal, "{from} → {to}");
        }
    }
    for stalled_from in Stage::ALL {
        let allowed: &[Stage] =
            RESUME.iter().find(|(s, _)| *s == stalled_from).map(|(_, a)| *a).unwrap_or(&[]);
        for to in Stage::ALL {
            assert_eq!(
                check_move(Stalled, Some(stalled_from), to).is_ok(),
                allowed.contains(&to),
                "stalled (from {stalled_from}) → {to}"
            );
        }
    }
    let err = check_move(Won, None, Asked).unwrap_err().to_string();
    assert!(err.contains("won to asked") && err.contains("won is final"), "{err}");
    let err = check_move(Asked, None, Won).unwrap_err().to_string();
    assert!(err.contains("accepted, declined, stalled"), "{err}");
}

/// A legal route from draft to `stage` (breadth-first over the table).
fn route(stage: Stage) -> Vec<Stage> {
    let mut queue = std::collections::VecDeque::from([vec![Draft]]);
    while let Some(r) = queue.pop_front() {
        let last = *r.last().unwrap();
        if last == stage {
            return r[1..].to_vec();
        }
        for (f, t) in LEGAL {
            if *f == last && !r.contains(t) {
                let mut next = r.clone();
                next.push(*t);
                queue.push_back(next);
            }
        }
    }
    panic!("no route to {stage}")
}

struct World {
    store: Store,
    new: NewRequest,
}

fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let (rep, _) = rep(&mut store, "Sam Rivera");
    let source = person(&mut store, "Dana Whitfield");
    let target = person(&mut store, "Omar Haddad");
    let new = NewRequest {
        rep_id: Some(rep),
        target_id: Some(target),
        source_id: Some(source),
        reason: "they are consolidating data warehouses".into(),
        ..Default::default()
    };
    World { store, new }
}

fn request_at(w: &mut World, stages: &[Stage]) -> RequestId {
    let c = clock("2026-02-02T09:00:00Z");
    let r = requests::create(&mut w.store, w.new.clone(), &c).unwrap();
    for s in stages {
        requests::move_to(&mut w.store, r.id, &full_move(*s), &c).unwrap();
    }
    r.id
}

fn attempt(w: &mut World, id: RequestId, to: Stage, legal: bool, label: &str) {
    let c = clock("2026-02-03T10:00:00Z");
    let before = snapshot(&w.store);
    let history_before = requests::history(&w.store, id).unwrap().len();
    let result = requests::move_to(&mut w.store, id, &full_move(to), &c);
    if legal {
        let r = result.unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(r.stage, to, "{label}");
        let h = requests::history(&w.store, id).unwrap();
        assert_eq!(h.len(), history_before + 1, "{label}");
        assert_eq!(h.last().unwrap().to, to);
        assert_eq!(h.last().unwrap().note, format!("to {to}"));
    } else {
        match result {
            Err(Error::Conflict(m)) => assert!(m.contains(&format!("to {to}")), "{label}: {m}"),
            other => panic!("{label}: expected a conflict, got {other:?}"),
        }
        assert_eq!(snapshot(&w.store), before, "{label}: a refused move changed the store");
    }
}

#[test]
fn every_pair_through_the_store() {
    let mut w = world();
    for from in Stage::ALL.into_iter().filter(|s| *s != Stalled) {
        for to in Stage::ALL {
            let id = request_at(&mut w, &route(from));
            attempt(&mut w, id, to, LEGAL.contains(&(from, to)), &format!("{from} → {to}"));
        }
    }
    for stalled_from in Stage::ALL.into_iter().filter(|s| s.can_stall()) {
        let allowed = RESUME.iter().find(|(s, _)| *s == stalled_from).unwrap().1;
        for to in Stage::ALL {
            let mut stages = route(stalled_from);
            stages.push(Stalled);
            let id = request_at(&mut w, &stages);
            let r = requests::get(&w.store, id).unwrap();
            assert_eq!(r.stalled_from, Some(stalled_from));
            attempt(&mut w, id, to, allowed.contains(&to), &format!("stalled from {stalled_from} → {to}"));
        }
    }
}

#[test]
fn won_needs_a_value_and_lost_a_reason() {
    let mut w = world();
    let id = request_at(&mut w, &route(Opportunity));
    let before = snapshot(&w.store);
    let c = clock("2026-02-03T10:00:00Z");
    let err = requests::move_to(&mut w.store, id, &Move::to(Won), &c).unwrap_err().to_string();
    assert!(err.contains("deal value"), "{err}");
    let err = requests::move_to(&mut w.store, id, &Move::to(Lost), &c).unwrap_err().to_string();
    assert!(err.contains("reason"), "{err}");
    let blank = Move { lost_reason: Some("  ".into()), ..Move::to(Lost) };
    assert!(requests::move_to(&mut w.store, id, &blank, &c).is_err());
    let negative = Move { deal_value: Some(-5.0), ..Move::to(Won) };
    assert!(requests::move_to(&mut w.store, id, &negative, &c).unwrap_err().to_string().contains("-5"));
    assert_eq!(snapshot(&w.store), before);

    let won = requests::move_to(&mut w.store, id, &full_move(Won), &c).unwrap();
    assert_eq!(won.deal_value, Some(12_000.0));
    assert_eq!(won.next_follow_up, None);
}

#[test]
fn history_is_append_only() {
    let mut w = world();
    let id = request_at(&mut w, &[Asked, Accepted]);
    let h = requests::history(&w.store, id).unwrap();
    assert_eq!(
        h.iter().map(|c| (c.from, c.to)).collect::<Vec<_>>(),
        vec![(None, Draft), (Some(Draft), Asked), (Some(Asked), Accepted)]
    );
    let err = w
        .store
        .write(|tx| {
            tx.execute("UPDATE request_history SET note = 'rewritten'", [])?;
            Ok(())
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("append-only"), "{err}");
}
