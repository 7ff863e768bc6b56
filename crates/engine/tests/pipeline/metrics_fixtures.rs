//! Leader metrics against a hand-computed fixture: funnel and conversion (whole, by rep,
//! by source, by quarter in two time zones), lead sources, activity against goals, top
//! sources, empty periods and division by zero.

use crate::pipeline_common;

use chrono::FixedOffset;
use intrograph_engine::model::{PersonId, RepId, RequestId, TouchKind};
use intrograph_engine::pipeline::metrics::{self, By, Filter};
use intrograph_engine::pipeline::opportunity::Close;
use intrograph_engine::pipeline::request::RequestTouch;
use intrograph_engine::pipeline::{LeadSource, Move, NewOpportunity, NewRequest, Outcome, Period, Stage};
use intrograph_engine::store::{opportunities, requests, team, Store};
use pipeline_common::*;

use Stage::*;

struct Fixture {
    store: Store,
    ann: RepId,
    ben: RepId,
    s1: PersonId,
    s2: PersonId,
    r: Vec<RequestId>,
}

fn request(
    store: &mut Store,
    rep: RepId,
    source: PersonId,
    target: &str,
    created: &str,
    moves: &[(Stage, &str)],
) -> RequestId {
    let target = person(store, target);
    let new = NewRequest {
        rep_id: Some(rep),
        target_id: Some(target),
        source_id: Some(source),
        reason: "a reason".into(),
        ..Default::default()
    };
    let r = requests::create(store, new, &clock(created)).unwrap();
    for (to, when) in moves {
        let mv = Move {
            to: *to,
            note: String::new(),
            deal_value: (*to == Won).then_some(10_000.0),
            lost_reason: (*to == Lost).then(|| "no budget".to_string()),
        };
        requests::move_to(store, r.id, &mv, &clock(when)).unwrap();
    }
    r.id
}

fn fixture() -> Fixture {
    let mut store = Store::open_in_memory().unwrap();
    let (ann, _) = rep(&mut store, "Ann Archer");
    let (ben, _) = rep(&mut store, "Ben Brook");
    let (cat, _) = rep(&mut store, "Cat Cole");
    deactivate(&mut store, cat);
    let s1 = person(&mut store, "Sara One");
    let s2 = person(&mut store, "Tom Two");
    let t = "2026-01-10T10:00:00Z";
    let r1 = request(
        &mut store,
        ann,
        s1,
        "T1",
        t,
        &[
            (Asked, "2026-01-10T11:00:00Z"),
            (Accepted, "2026-01-12T09:00:00Z"),
            (Introduced, "2026-01-14T09:00:00Z"),
            (Meeting, "2026-01-20T09:00:00Z"),
            (Opportunity, "2026-01-25T09:00:00Z"),
            (Won, "2026-02-24T09:00:00Z"),
        ],
    );
    let ask_touch = RequestTouch {
        kind: TouchKind::Email,
        person_id: None,
        date: Some(day("2026-01-11")),
        notes: String::new(),
        next_follow_up: None,
    };
    requests::log_touch(&mut store, r1, &ask_touch, &clock("2026-01-11T09:00:00Z")).unwrap();
    let on_meeting_day = RequestTouch { date: Some(day("2026-01-20")), ..ask_touch.clone() };
    requests::log_touch(&mut store, r1, &on_meeting_day, &clock("2026-01-20T09:00:00Z")).unwrap();
    let r2 = request(
        &mut store,
        ann,
        s1,
        "T2",
        "2026-02-01T10:00:00Z",
        &[(Asked, "2026-02-01T11:00:00Z"), (Declined, "2026-02-03T11:00:00Z")],
    );
    // 23:30 UTC on 31 March is already 1 April at UTC+2: Q1 in London, Q2 in Paris.
    let r3 = request(
        &mut store,
        ann,
        s2,
        "T3",
        "2026-03-31T23:30:00Z",
        &[
            (Asked, "2026-04-01T08:00:00Z"),
            (Accepted, "2026-04-02T08:00:00Z"),
            (Introduced, "2026-04-03T08:00:00Z"),
            (Lost, "2026-04-10T08:00:00Z"),
        ],
    );
    let r4 = request(
        &mut store,
        ben,
        s2,
        "T4",
        "2026-04-15T10:00:00Z",
        &[(Asked, "2026-04-15T11:00:00Z"), (Stalled, "2026-04-20T11:00:00Z")],
    );
    let r5 = request(&mut store, ben, s1, "T5", "2026-05-01T10:00:00Z", &[]);
    requests::mark_thanked(&mut store, r1, day("2026-01-15"), &clock("2026-01-15T09:00:00Z")).unwrap();
    Fixture { store, ann, ben, s1, s2, r: vec![r1, r2, r3, r4, r5] }
}

fn offset(hours: i32) -> FixedOffset {
    FixedOffset::east_opt(hours * 3600).unwrap()
}

fn filter(from: &str, to: &str, hours: i32) -> Filter {
    Filter { period: Period::new(day(from), day(to)).unwrap(), offset: offset(hours), rep: None }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn funnel_counts_and_conversions() {
    let f = fixture();
    let funnel = metrics::funnel(&f.store, &filter("2026-01-01", "2026-06-30", 2), By::All).unwrap();
    assert_eq!(funnel.rows.len(), 1);
    let c = funnel.rows[0].counts;
    assert_eq!(
        (
            c.created,
            c.asked,
            c.accepted,
            c.declined,
            c.introduced,
            c.meeting,
            c.opportunity,
            c.won,
            c.lost,
            c.stalled
        ),
        (5, 4, 2, 1, 2, 1, 1, 1, 1, 1)
    );
    let conv: Vec<(Stage, Stage, Option<f64>)> =
        funnel.rows[0].conversions.iter().map(|c| (c.from, c.to, c.rate)).collect();
    assert_eq!(
        conv,
        vec![
            (Draft, Asked, Some(0.8)),
            (Asked, Accepted, Some(0.5)),
            (Accepted, Introduced, Some(1.0)),
            (Introduced, Meeting, Some(0.5)),
            (Meeting, Opportunity, Some(1.0)),
            (Opportunity, Won, Some(1.0)),
            (Asked, Won, Some(0.25)),
        ]
    );

    let by_rep = metrics::funnel(&f.store, &filter("2026-01-01", "2026-06-30", 2), By::Rep).unwrap();
    let rows: Vec<(&str, u64, u64)> =
        by_rep.rows.iter().map(|r| (r.label.as_str(), r.counts.created, r.counts.won)).collect();
    assert_eq!(rows, vec![("Ann Archer", 3, 1), ("Ben Brook", 2, 0)]);
    assert_eq!(by_rep.rows[1].id, Some(f.ben.to_string()));

    let by_source = metrics::funnel(&f.store, &filter("2026-01-01", "2026-06-30", 2), By::Source).unwrap();
    let rows: Vec<(&str, u64, u64)> =
        by_source.rows.iter().map(|r| (r.label.as_str(), r.counts.created, r.counts.introduced)).collect();
    assert_eq!(rows, vec![("Sara One", 3, 1), ("Tom Two", 2, 1)]);

    // One rep only.
    let mut only_ben = filter("2026-01-01", "2026-06-30", 2);
    only_ben.rep = Some(f.ben);
    let c = metrics::funnel(&f.store, &only_ben, By::All).unwrap().rows[0].counts;
    assert_eq!((c.created, c.asked, c.stalled, c.won), (2, 1, 1, 0));
}

#[test]
fn quarters_follow_the_time_zone() {
    let f = fixture();
    let quarters = |hours| {
        metrics::funnel(&f.store, &filter("2026-01-01", "2026-06-30", hours), By::Quarter)
            .unwrap()
            .rows
            .iter()
            .map(|r| (r.label.clone(), r.counts.created, r.counts.lost))
            .collect::<Vec<_>>()
    };
    assert_eq!(quarters(2), vec![("2026-Q1".to_string(), 2, 0), ("2026-Q2".to_string(), 3, 1)]);
    assert_eq!(quarters(0), vec![("2026-Q1".to_string(), 3, 1), ("2026-Q2".to_string(), 2, 0)]);
    // West of UTC the boundary instant moves the other way: 2026-04-01T03:00Z is still Q1 at -7.
    let q1_west = metrics::funnel(&f.store, &filter("2026-01-01", "2026-03-31", -7), By::All).unwrap();
    assert_eq!(q1_west.rows[0].counts.created, 3);

    // A period clipped at both ends keeps only its own days.
    let part = metrics::funnel(&f.store, &filter("2026-02-01", "2026-04-20", 2), By::Quarter).unwrap();
    let rows: Vec<(String, u64)> = part.rows.iter().map(|r| (r.label.clone(), r.counts.created)).collect();
    assert_eq!(rows, vec![("2026-Q1".to_string(), 1), ("2026-Q2".to_string(), 2)]);
}

#[test]
fn an_empty_period_has_zero_counts_and_no_rates() {
    let f = fixture();
    let funnel = metrics::funnel(&f.store, &filter("2025-01-01", "2025-12-31", 0), By::All).unwrap();
    let row = &funnel.rows[0];
    assert_eq!(row.counts, metrics::StageCounts::default());
    assert!(row.conversions.iter().all(|c| c.rate.is_none()));
    assert!(metrics::funnel(&f.store, &filter("2025-01-01", "2025-12-31", 0), By::Rep)
        .unwrap()
        .rows
        .is_empty());
    let by_q = metrics::funnel(&f.store, &filter("2025-01-01", "2025-12-31", 0), By::Quarter).unwrap();
    assert_eq!(by_q.rows.len(), 4);
    for s in metrics::lead_sources(&f.store, &filter("2025-01-01", "2025-12-31", 0)).unwrap() {
        assert_eq!(
            (s.opportunities, s.win_rate, s.median_days_to_close, s.average_deal_value),
            (0, None, None, None)
        );
        assert_eq!(s.touches_before_first_meeting, None);
    }
    assert!(metrics::top_sources(&f.store, &filter("2025-01-01", "2025-12-31", 0), 10).unwrap().is_empty());
    let json = serde_json::to_string(&funnel).unwrap();
    assert!(!json.contains("NaN") && json.contains("\"rate\":null"), "{json}");
}

#[test]
fn referral_against_other_lead_sources() {
    let mut f = fixture();
    let c = clock("2026-01-05T09:00:00Z");
    let prospect = person(&mut f.store, "Cold Prospect");
    let add =
        |store: &mut Store, title: &str, opened: &str, meeting: Option<&str>, contact: Option<PersonId>| {
            let new = NewOpportunity {
                rep_id: f.ann,
                person_id: contact,
                title: title.into(),
                lead_source: LeadSource::ColdCall,
                value: None,
                opened_on: day(opened),
                first_meeting_on: meeting.map(day),
            };
            opportunities::add(store, &new, &c).unwrap()
        };
    let lost = add(&mut f.store, "cold lost", "2026-01-05", None, None);
    let won = add(&mut f.store, "cold won", "2026-01-10", Some("2026-01-20"), Some(prospect));
    add(&mut f.store, "cold open", "2026-01-12", None, None);
    for d in ["2026-01-06", "2026-01-08", "2026-01-15", "2026-01-20"] {
        touch(&mut f.store, prospect, Some(f.ann), d);
    }
    touch(&mut f.store, prospect, Some(f.ben), "2026-01-07"); // another rep's touch does not count
    let lose = Close {
        outcome: Outcome::Lost,
        on: day("2026-03-05"),
        value: None,
        reason: Some("went quiet".into()),
    };
    opportunities::close(&mut f.store, lost.id, &lose, &c).unwrap();
    let win = Close { outcome: Outcome::Won, on: day("2026-02-09"), value: Some(4000.0), reason: None };
    opportunities::close(&mut f.store, won.id, &win, &c).unwrap();

    let rows = metrics::lead_sources(&f.store, &filter("2026-01-01", "2026-06-30", 0)).unwrap();
    assert_eq!(rows.iter().map(|r| r.lead_source).collect::<Vec<_>>(), LeadSource::ALL.to_vec());
    let referral = &rows[0];
    assert_eq!((referral.opportunities, referral.won, referral.lost), (1, 1, 0));
    assert!(close(referral.win_rate, 1.0));
    assert!(close(referral.median_days_to_close, 30.0), "{:?}", referral.median_days_to_close);
    assert!(close(referral.average_deal_value, 10_000.0));
    assert!(
        close(referral.touches_before_first_meeting, 1.0),
        "the touch on the meeting day is not before it"
    );
    let cold = &rows[1];
    assert_eq!((cold.lead_source, cold.opportunities, cold.won, cold.lost), (LeadSource::ColdCall, 3, 1, 1));
    assert!(close(cold.win_rate, 0.5));
    assert!(close(cold.median_days_to_close, 44.5), "(59 + 30) / 2: {:?}", cold.median_days_to_close);
    assert!(close(cold.average_deal_value, 4000.0));
    assert!(close(cold.touches_before_first_meeting, 3.0));
    let inbound = &rows[2];
    assert_eq!((inbound.opportunities, inbound.win_rate, inbound.average_deal_value), (0, None, None));

    let mut only_ben = filter("2026-01-01", "2026-06-30", 0);
    only_ben.rep = Some(f.ben);
    assert!(metrics::lead_sources(&f.store, &only_ben).unwrap().iter().all(|r| r.opportunities == 0));

    // A referral opportunity cannot be added by hand; a bad value is refused.
    let before = snapshot(&f.store);
    let mut bad = NewOpportunity {
        rep_id: f.ann,
        person_id: None,
        title: "x".into(),
        lead_source: LeadSource::Referral,
        value: None,
        opened_on: day("2026-01-01"),
        first_meeting_on: None,
    };
    assert!(opportunities::add(&mut f.store, &bad, &c).unwrap_err().to_string().contains("request"));
    bad.lead_source = LeadSource::Inbound;
    bad.value = Some(f64::NAN);
    assert!(opportunities::add(&mut f.store, &bad, &c).is_err());
    bad.value = None;
    bad.title = " ".into();
    assert!(opportunities::add(&mut f.store, &bad, &c).unwrap_err().to_string().contains("title"));
    assert_eq!(snapshot(&f.store), before);
}

#[test]
fn activity_against_goals() {
    let mut f = fixture();
    team::set_goal(&mut f.store, f.ann, 2, &clock("2026-01-01T00:00:00Z")).unwrap();
    team::set_goal(&mut f.store, f.ann, 1, &clock("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(team::goals(&f.store).unwrap().len(), 1);
    let rows =
        metrics::activity(&f.store, &filter("2026-01-01", "2026-01-28", 0), day("2026-12-01")).unwrap();
    type Row<'a> = (&'a str, u64, Option<f64>, Option<u32>, Option<bool>, u64, u64);
    let view: Vec<Row<'_>> = rows
        .iter()
        .map(|a| {
            (
                a.rep_name.as_str(),
                a.asks,
                a.asks_per_week,
                a.goal,
                a.goal_met,
                a.overdue_follow_ups,
                a.unthanked_sources,
            )
        })
        .collect();
    // Ann asked once in 4 weeks (r1; r2's ask is in February); her goal is 1 a week.
    // Ben's stalled and draft requests are overdue; Ann's r3 source was never thanked.
    assert_eq!(
        view,
        vec![
            ("Ann Archer", 1, Some(0.25), Some(1), Some(false), 0, 1),
            ("Ben Brook", 0, Some(0.0), None, None, 2, 0),
        ]
    );
    assert!(close(rows[0].goal_ratio, 0.25));
    assert!((rows[0].weeks - 4.0).abs() < 1e-9);
    // A goal of zero: no ratio, but met.
    team::set_goal(&mut f.store, f.ben, 0, &clock("2026-01-01T00:00:00Z")).unwrap();
    let rows =
        metrics::activity(&f.store, &filter("2026-01-01", "2026-01-28", 0), day("2026-12-01")).unwrap();
    assert_eq!((rows[1].goal_ratio, rows[1].goal_met), (None, Some(true)));
    let before = snapshot(&f.store);
    assert!(team::set_goal(&mut f.store, RepId::new(), 3, &clock("2026-01-01T00:00:00Z")).is_err());
    assert_eq!(snapshot(&f.store), before);
}

#[test]
fn top_sources_rank_introductions_then_wins() {
    let f = fixture();
    let top = metrics::top_sources(&f.store, &filter("2026-01-01", "2026-12-31", 0), 10).unwrap();
    let rows: Vec<(PersonId, u64, u64, f64)> =
        top.iter().map(|t| (t.source_id, t.introductions, t.wins, t.revenue)).collect();
    assert_eq!(rows, vec![(f.s1, 1, 1, 10_000.0), (f.s2, 1, 0, 0.0)]);
    assert_eq!(metrics::top_sources(&f.store, &filter("2026-01-01", "2026-12-31", 0), 1).unwrap().len(), 1);
    let _ = &f.r;
}

/// `ratio(num, den)` and what it gives.
const RATIO_CASES: &[(&str, f64, f64, Option<f64>)] = &[
    ("something over nothing", 1.0, 0.0, None),
    ("nothing over nothing", 0.0, 0.0, None),
    ("a quarter", 1.0, 4.0, Some(0.25)),
];

/// `median(values)` and what it gives.
const MEDIAN_CASES: &[(&str, &[i64], Option<f64>)] = &[
    ("no values", &[], None),
    ("one value", &[5], Some(5.0)),
    ("an odd count, unsorted", &[9, 1, 5], Some(5.0)),
    ("an even count: the mean of the middle two", &[9, 1, 5, 2], Some(3.5)),
];

#[test]
fn ratios_and_medians() {
    for &(name, num, den, expected) in RATIO_CASES {
        assert_eq!(metrics::ratio(num, den), expected, "ratio: {name}");
    }
    for &(name, values, expected) in MEDIAN_CASES {
        assert_eq!(metrics::median(&mut values.to_vec()), expected, "median: {name}");
    }
}

#[test]
fn the_trend_is_weekly_for_a_quarter_and_quarterly_for_a_year() {
    let f = fixture();
    let (step, weeks) = metrics::trend(&f.store, &filter("2026-01-01", "2026-03-31", 0)).unwrap();
    assert_eq!(step, metrics::TrendStep::Week);
    assert_eq!(weeks.len(), 13, "90 days: 12 whole weeks and 6 days");
    assert_eq!(weeks[0].period, Period::new(day("2026-01-01"), day("2026-01-07")).unwrap());
    assert_eq!(weeks[12].period, Period::new(day("2026-03-26"), day("2026-03-31")).unwrap());
    let shape: Vec<(&str, u64, u64, u64)> = weeks
        .iter()
        .filter(|w| w.created + w.asks > 0)
        .map(|w| (w.label.as_str(), w.created, w.won, w.asks))
        .collect();
    // r1 created and asked on 10 January and won; r2 created and asked on 1 February; r3
    // created on 31 March (UTC) and asked in April, outside the period.
    assert_eq!(shape, vec![("2026-01-08", 1, 1, 1), ("2026-01-29", 1, 0, 1), ("2026-03-26", 1, 0, 0)]);
    assert!(close(weeks[1].conversion, 1.0));
    assert_eq!(weeks[0].conversion, None, "nothing created: no conversion, never NaN");

    let (step, quarters) = metrics::trend(&f.store, &filter("2026-01-01", "2026-12-31", 0)).unwrap();
    assert_eq!(step, metrics::TrendStep::Quarter);
    let shape: Vec<(&str, u64, u64)> =
        quarters.iter().map(|q| (q.label.as_str(), q.created, q.asks)).collect();
    assert_eq!(shape, vec![("2026-Q1", 3, 2), ("2026-Q2", 2, 2), ("2026-Q3", 0, 0), ("2026-Q4", 0, 0)]);

    let mut only_ben = filter("2026-01-01", "2026-12-31", 0);
    only_ben.rep = Some(f.ben);
    let (_, quarters) = metrics::trend(&f.store, &only_ben).unwrap();
    assert_eq!(quarters[1].asks, 1, "only Ben's ask of r4");
}

#[test]
fn cycle_time_counts_days_from_the_first_ask_to_the_win() {
    let f = fixture();
    // r1: asked 10 January 11:00, won 24 February 09:00: 44 whole days.
    assert_eq!(metrics::ask_to_won_days(&f.store, &filter("2026-01-01", "2026-06-30", 0)).unwrap(), vec![44]);
    assert!(metrics::ask_to_won_days(&f.store, &filter("2026-03-01", "2026-06-30", 0)).unwrap().is_empty());
    let mut only_ben = filter("2026-01-01", "2026-06-30", 0);
    only_ben.rep = Some(f.ben);
    assert!(metrics::ask_to_won_days(&f.store, &only_ben).unwrap().is_empty());
}
