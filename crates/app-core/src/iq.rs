//! Referral I.Q.: a rep takes the quarter's 14 questions; the score, band and advice, the
//! rep's history and the team view.

use intrograph_engine::pipeline::iq::{
    self, Answers, Assessment, Question, TeamView, TrendPoint, COUNT, QUESTIONS,
};
use intrograph_engine::pipeline::{Clock, Quarter};
use intrograph_engine::store::{assessments, reps, Store};
use intrograph_engine::{Error, Result};

use crate::settings::{rep_entries, rep_or_current};
pub use crate::views::iq::{IqOverview, IqResult};
use crate::Workspace;

impl IqResult {
    fn of(assessment: Assessment) -> Result<Self> {
        let answers = assessment.parsed_answers()?;
        Ok(Self {
            answers: answers.0.to_vec(),
            band_label: assessment.band.label().to_string(),
            advice: answers.advice(),
            assessment,
        })
    }
}

/// The fourteen questions, question 1 first.
pub fn questions() -> Vec<Question> {
    QUESTIONS.to_vec()
}

/// The overview for the current rep, as of `clock`.
pub fn overview_at(store: &Store, clock: &Clock) -> Result<IqOverview> {
    let quarter = Quarter::of(clock.today());
    let questions = questions();
    let rep = match reps::current_rep(store.conn()) {
        Ok(rep) => rep,
        Err(err @ Error::NotFound { .. }) => {
            return Ok(IqOverview {
                quarter,
                questions,
                rep: None,
                no_rep: Some(err.to_string()),
                current: None,
                history: Vec::new(),
            })
        }
        Err(err) => return Err(err),
    };
    let entry = rep_entries(store)?.into_iter().find(|r| r.rep_id == rep.id);
    let current = assessments::for_rep(store, rep.id)?
        .into_iter()
        .find(|a| a.quarter == quarter)
        .map(IqResult::of)
        .transpose()?;
    Ok(IqOverview {
        quarter,
        questions,
        rep: entry,
        no_rep: None,
        current,
        history: iq::trend(store, rep.id)?,
    })
}

/// What the Referral I.Q. screen opens with: this quarter, the questions, and the current
/// rep's assessment and history.
pub fn overview(workspace: &Workspace) -> Result<IqOverview> {
    overview_at(&*workspace.store()?, &Clock::system())
}

/// Records this quarter's answers (as of `clock`) for the rep named by `rep`, else the
/// current rep; a retake replaces the quarter's assessment.
pub fn take_at(store: &mut Store, rep: Option<&str>, answers: &[bool], clock: &Clock) -> Result<IqResult> {
    let answers: [bool; COUNT] = answers.try_into().map_err(|_| {
        Error::invalid("answers", format!("{} answers given; answer all {COUNT} questions", answers.len()))
    })?;
    let rep = rep_or_current(store, rep)?;
    IqResult::of(iq::take(store, rep.id, Answers(answers), clock)?)
}

/// Records this quarter's answers for the rep named by `rep`, else the current rep.
pub fn take(workspace: &Workspace, rep: Option<&str>, answers: &[bool]) -> Result<IqResult> {
    take_at(&mut *workspace.store()?, rep, answers, &Clock::system())
}

/// The scores of the rep named by `rep` (else the current rep), quarter by quarter.
pub fn history(workspace: &Workspace, rep: Option<&str>) -> Result<Vec<TrendPoint>> {
    let store = workspace.store()?;
    let rep = rep_or_current(&store, rep)?;
    iq::trend(&store, rep.id)
}

/// The team view of `quarter` (this quarter, as of `clock`, when `None`).
pub fn team_at(store: &Store, quarter: Option<Quarter>, clock: &Clock) -> Result<TeamView> {
    iq::team_view(store, quarter.unwrap_or_else(|| Quarter::of(clock.today())))
}

/// The team view of `quarter` (this quarter when `None`): averages per quarter, weakest
/// questions, who has not taken it.
pub fn team(workspace: &Workspace, quarter: Option<Quarter>) -> Result<TeamView> {
    team_at(&*workspace.store()?, quarter, &Clock::system())
}

/// A quarter as typed (`2026-Q3`); blank is `None` (this quarter).
pub fn parse_quarter(text: Option<&str>) -> Result<Option<Quarter>> {
    text.map(str::trim).filter(|q| !q.is_empty()).map(str::parse::<Quarter>).transpose()
}

/// The team view of the quarter as typed (`2026-Q3`; this quarter when blank).
pub fn team_of(workspace: &Workspace, quarter: Option<&str>) -> Result<TeamView> {
    team(workspace, parse_quarter(quarter)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::tests::two_reps;
    use chrono::{TimeZone, Utc};

    fn clock(y: i32, m: u32, d: u32) -> Clock {
        Clock::at_utc(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap())
    }

    #[test]
    fn without_a_rep_the_overview_says_how_to_add_one() {
        let store = Store::open_in_memory().unwrap();
        let o = overview_at(&store, &clock(2026, 5, 1)).unwrap();
        assert_eq!(o.quarter.to_string(), "2026-Q2");
        assert_eq!(o.questions.len(), 14);
        assert!(o.rep.is_none() && o.current.is_none());
        assert!(o.no_rep.unwrap().contains("no reps yet"));
    }

    #[test]
    fn taking_the_assessment_scores_it_and_gives_advice_for_each_no() {
        let (workspace, ada, _) = two_reps();
        let mut store = workspace.store().unwrap();
        let mut answers = [true; 14];
        answers[2] = false;
        answers[9] = false;
        let r = take_at(&mut store, None, &answers, &clock(2026, 2, 10)).unwrap();
        assert_eq!(r.assessment.score, 12);
        assert_eq!(r.assessment.rep_id, ada);
        assert!(r.band_label.starts_with("Practitioner"), "{}", r.band_label);
        assert_eq!(r.advice.iter().map(|q| q.number).collect::<Vec<_>>(), [3, 10]);
        assert_eq!(r.answers, answers.to_vec());

        take_at(&mut store, None, &[true; 14], &clock(2026, 5, 10)).unwrap();
        let o = overview_at(&store, &clock(2026, 5, 20)).unwrap();
        assert_eq!(o.current.as_ref().unwrap().assessment.score, 14);
        assert!(o.current.unwrap().advice.is_empty());
        let history: Vec<_> = o.history.iter().map(|p| (p.quarter.to_string(), p.score, p.change)).collect();
        assert_eq!(history, [("2026-Q1".into(), 12, None), ("2026-Q2".into(), 14, Some(2))]);
        let json = serde_json::to_value(o.rep.unwrap()).unwrap();
        assert_eq!(json["name"], "Ada Lovelace");
    }

    #[test]
    fn a_named_rep_takes_it_and_their_history_is_theirs() {
        let (workspace, _, grace) = two_reps();
        let r = take(&workspace, Some("Grace Hopper"), &[false; 14]).unwrap();
        assert_eq!(r.assessment.rep_id, grace);
        assert_eq!(history(&workspace, Some("Grace Hopper")).unwrap().len(), 1);
        assert!(history(&workspace, None).unwrap().is_empty(), "Ada, the current rep, has not taken it");
    }

    #[test]
    fn a_short_answer_sheet_is_refused_and_nothing_is_stored() {
        let (workspace, _, _) = two_reps();
        let mut store = workspace.store().unwrap();
        let err = take_at(&mut store, None, &[true; 13], &clock(2026, 2, 10)).unwrap_err();
        assert_eq!(err.code(), "Invalid");
        assert!(err.to_string().contains("13 answers"), "{err}");
        assert!(overview_at(&store, &clock(2026, 2, 10)).unwrap().history.is_empty());
    }

    #[test]
    fn the_team_view_lists_who_has_not_taken_it() {
        let (workspace, _, _) = two_reps();
        let mut store = workspace.store().unwrap();
        take_at(&mut store, None, &[false; 14], &clock(2026, 8, 1)).unwrap();
        let t = team_at(&store, parse_quarter(None).unwrap(), &clock(2026, 8, 2)).unwrap();
        assert_eq!(t.quarter.to_string(), "2026-Q3");
        assert_eq!(t.missing.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Grace Hopper"]);
        assert_eq!(t.averages.last().unwrap().average, Some(0.0));
        let err = parse_quarter(Some("Q9")).unwrap_err();
        assert!(err.to_string().contains("Q9"), "{err}");
    }
}
