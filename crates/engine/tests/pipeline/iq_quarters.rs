//! Referral I.Q. quarter logic: one per rep per quarter, a retake replaces it, history is
//! kept, the trend, the team's averages and weakest questions, and who is missing.

use crate::pipeline_common;

use intrograph_engine::model::RepId;
use intrograph_engine::pipeline::iq::{self, Answers, Band};
use intrograph_engine::pipeline::Quarter;
use intrograph_engine::store::Store;
use pipeline_common::*;

fn answers(s: &str) -> Answers {
    Answers::parse(s).unwrap()
}

fn q(s: &str) -> Quarter {
    s.parse().unwrap()
}

#[test]
fn a_retake_replaces_the_quarter_and_history_is_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, _) = rep(&mut store, "Ann Archer");
    // 31 March 23:30 UTC is 1 April in UTC+2: the Q2 assessment.
    let first =
        iq::take(&mut store, ann, answers("nnnnnnnnnnnnnn"), &clock_in("2026-03-31T23:30:00Z", 2)).unwrap();
    assert_eq!(first.quarter, q("2026-Q2"));
    // The same instant in UTC is still Q1.
    let q1 = iq::take(&mut store, ann, answers("yyyyynnnnnnnnn"), &clock("2026-03-31T23:30:00Z")).unwrap();
    assert_eq!((q1.quarter, q1.score, q1.band), (q("2026-Q1"), 5, Band::ColdCaller));

    let retake =
        iq::take(&mut store, ann, answers("yyyyyyyyyyyynn"), &clock_in("2026-05-10T09:00:00Z", 2)).unwrap();
    assert_eq!(retake.id, first.id, "the quarter's record is replaced, not duplicated");
    assert_eq!((retake.score, retake.band), (12, Band::Practitioner));
    assert_eq!(count(&store, "assessments"), 2);

    iq::take(&mut store, ann, answers("yyyyyyyyyyyyyy"), &clock("2026-10-01T00:00:00Z")).unwrap();
    let trend = iq::trend(&store, ann).unwrap();
    let view: Vec<(String, u8, Option<i32>)> =
        trend.iter().map(|p| (p.quarter.to_string(), p.score, p.change)).collect();
    assert_eq!(
        view,
        vec![
            ("2026-Q1".to_string(), 5, None),
            ("2026-Q2".to_string(), 12, Some(7)),
            ("2026-Q4".to_string(), 14, Some(2)),
        ]
    );
}

#[test]
fn bad_answers_and_inactive_reps_change_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, _) = rep(&mut store, "Ann Archer");
    let (gus, _) = rep(&mut store, "Gus Gone");
    deactivate(&mut store, gus);
    iq::take(&mut store, ann, answers("yyyyyyyyyyyyyy"), &clock("2026-02-01T00:00:00Z")).unwrap();
    let before = snapshot(&store);
    assert!(Answers::parse("yyyyyyyyyyyyy").is_err());
    let err =
        iq::take(&mut store, gus, answers("yyyyyyyyyyyyyy"), &clock("2026-02-01T00:00:00Z")).unwrap_err();
    assert!(err.to_string().contains("inactive"), "{err}");
    let err = iq::take(&mut store, RepId::new(), answers("yyyyyyyyyyyyyy"), &clock("2026-02-01T00:00:00Z"))
        .unwrap_err();
    assert!(err.to_string().contains("rep not found"), "{err}");
    assert_eq!(snapshot(&store), before);
}

#[test]
fn the_team_view() {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, _) = rep(&mut store, "Ann Archer");
    let (ben, _) = rep(&mut store, "Ben Brook");
    let (_cy, _) = rep(&mut store, "Cy Cole");
    let (gus, _) = rep(&mut store, "Gus Gone");
    deactivate(&mut store, gus);
    let c = clock("2026-02-01T00:00:00Z");
    //            question: 1234567890abcd
    iq::take(&mut store, ann, answers("yynyyyyyyynyyy"), &c).unwrap(); // 12
    iq::take(&mut store, ben, answers("ynnyyyyyyyyyyn"), &c).unwrap(); // 11
    iq::take(&mut store, ann, answers("nnnnnnnnnnnnnn"), &clock("2025-11-01T00:00:00Z")).unwrap(); // 0 in 2025-Q4

    let view = iq::team_view(&store, q("2026-Q1")).unwrap();
    assert_eq!(
        view.assessments.iter().map(|a| a.rep_name.as_str()).collect::<Vec<_>>(),
        vec!["Ann Archer", "Ben Brook"]
    );
    let avgs: Vec<(String, u32, Option<f64>)> =
        view.averages.iter().map(|a| (a.quarter.to_string(), a.assessments, a.average)).collect();
    assert_eq!(avgs, vec![("2025-Q4".to_string(), 1, Some(0.0)), ("2026-Q1".to_string(), 2, Some(11.5))]);
    // Question 3: nobody said yes; 2, 11 and 14: one of two; then the rest by number.
    let weakest: Vec<(u8, u32, Option<f64>)> =
        view.weakest.iter().take(5).map(|w| (w.number, w.yes, w.yes_share)).collect();
    assert_eq!(
        weakest,
        vec![(3, 0, Some(0.0)), (2, 1, Some(0.5)), (11, 1, Some(0.5)), (14, 1, Some(0.5)), (1, 2, Some(1.0))]
    );
    assert_eq!(
        view.missing.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        vec!["Cy Cole"],
        "inactive reps are not missing"
    );

    // A quarter nobody took: every rep missing, no average, no shares.
    let empty = iq::team_view(&store, q("2026-Q3")).unwrap();
    assert_eq!(empty.missing.len(), 3);
    assert!(empty.weakest.iter().all(|w| w.yes_share.is_none()));
    assert_eq!(empty.averages.last().map(|a| (a.quarter, a.average)), Some((q("2026-Q3"), None)));
}
