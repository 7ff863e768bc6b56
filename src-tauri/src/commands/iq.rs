//! Referral I.Q.: the current rep takes this quarter's 14 questions; the score, band and
//! advice, the rep's history and the team view.

use intrograph_engine::pipeline::iq::{
    self, Answers, Assessment, Question, TeamView, TrendPoint, COUNT, QUESTIONS,
};
use intrograph_engine::pipeline::{Clock, Quarter};
use intrograph_engine::store::{reps, Store};
use intrograph_engine::Error;
use serde::Serialize;
use tauri::State;

use super::blocking;
use super::settings::{rep_entries, RepEntry};
use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

/// A scored assessment with what to work on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IqResult {
    pub assessment: Assessment,
    /// The answers, question 1 first.
    pub answers: Vec<bool>,
    /// The band in words ("Practitioner (10-12): a working referral habit").
    pub band_label: String,
    /// The questions answered "no", with their advice.
    pub advice: Vec<Question>,
}

impl IqResult {
    fn of(assessment: Assessment) -> Result<Self, CommandError> {
        let answers = assessment.parsed_answers()?;
        Ok(Self {
            answers: answers.0.to_vec(),
            band_label: assessment.band.label().to_string(),
            advice: answers.advice(),
            assessment,
        })
    }
}

/// What the Referral I.Q. screen opens with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IqOverview {
    /// This quarter, in the user's time zone.
    pub quarter: Quarter,
    pub questions: Vec<Question>,
    /// The rep taking the assessment; `None` with `noRep` saying why.
    pub rep: Option<RepEntry>,
    pub no_rep: Option<String>,
    /// This quarter's assessment, if taken.
    pub current: Option<IqResult>,
    /// Every assessment of the rep, oldest first.
    pub history: Vec<TrendPoint>,
}

/// The overview for the current rep.
pub fn overview(store: &Store, clock: &Clock) -> Result<IqOverview, CommandError> {
    let quarter = Quarter::of(clock.today());
    let questions = QUESTIONS.to_vec();
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
        Err(err) => return Err(err.into()),
    };
    let entry = rep_entries(store)?.into_iter().find(|r| r.rep_id == rep.id);
    let current = intrograph_engine::store::assessments::for_rep(store, rep.id)?
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

/// Records this quarter's answers for the current rep.
pub fn take(store: &mut Store, answers: &[bool], clock: &Clock) -> Result<IqResult, CommandError> {
    let answers: [bool; COUNT] = answers.try_into().map_err(|_| {
        Error::invalid("answers", format!("{} answers given; answer all {COUNT} questions", answers.len()))
    })?;
    let rep = reps::current_rep(store.conn())?;
    IqResult::of(iq::take(store, rep.id, Answers(answers), clock)?)
}

/// The team view of `quarter` (`2026-Q3`; this quarter when `None`).
pub fn team(store: &Store, quarter: Option<&str>, clock: &Clock) -> Result<TeamView, CommandError> {
    let quarter = match quarter.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => q.parse::<Quarter>()?,
        None => Quarter::of(clock.today()),
    };
    Ok(iq::team_view(store, quarter)?)
}

#[tauri::command]
pub async fn iq_overview(workspace: State<'_, Workspace>) -> Result<IqOverview, CommandError> {
    blocking(workspace, move |workspace| overview(&*workspace.store()?, &Clock::system())).await
}

#[tauri::command]
pub async fn iq_take(workspace: State<'_, Workspace>, answers: Vec<bool>) -> Result<IqResult, CommandError> {
    blocking(workspace, move |workspace| take(&mut *workspace.store()?, &answers, &Clock::system())).await
}

#[tauri::command]
pub async fn iq_team(
    workspace: State<'_, Workspace>,
    quarter: Option<String>,
) -> Result<TeamView, CommandError> {
    blocking(workspace, move |workspace| team(&*workspace.store()?, quarter.as_deref(), &Clock::system()))
        .await
}

/// The TypeScript declarations of the views this module still defines (they move to
/// `intrograph_app_core::views::iq`; an empty list once they have).
#[cfg(test)]
pub fn declarations(cfg: &ts_rs::Config) -> Vec<String> {
    use ts_rs::TS;
    vec![IqResult::decl(cfg), IqOverview::decl(cfg)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::settings::tests::two_reps;
    use chrono::{TimeZone, Utc};

    fn clock(y: i32, m: u32, d: u32) -> Clock {
        Clock::at_utc(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap())
    }

    #[test]
    fn without_a_rep_the_overview_says_how_to_add_one() {
        let store = Store::open_in_memory().unwrap();
        let o = overview(&store, &clock(2026, 5, 1)).unwrap();
        assert_eq!(o.quarter.to_string(), "2026-Q2");
        assert_eq!(o.questions.len(), 14);
        assert!(o.rep.is_none() && o.current.is_none());
        assert!(o.no_rep.unwrap().contains("no reps yet"));
    }

    #[test]
    fn taking_the_assessment_scores_it_and_gives_advice_for_each_no() {
        let (mut store, ada, _) = two_reps();
        let mut answers = [true; 14];
        answers[2] = false;
        answers[9] = false;
        let r = take(&mut store, &answers, &clock(2026, 2, 10)).unwrap();
        assert_eq!(r.assessment.score, 12);
        assert_eq!(r.assessment.rep_id, ada);
        assert!(r.band_label.starts_with("Practitioner"), "{}", r.band_label);
        assert_eq!(r.advice.iter().map(|q| q.number).collect::<Vec<_>>(), [3, 10]);
        assert_eq!(r.answers, answers.to_vec());

        take(&mut store, &[true; 14], &clock(2026, 5, 10)).unwrap();
        let o = overview(&store, &clock(2026, 5, 20)).unwrap();
        assert_eq!(o.current.as_ref().unwrap().assessment.score, 14);
        assert!(o.current.unwrap().advice.is_empty());
        let history: Vec<_> = o.history.iter().map(|p| (p.quarter.to_string(), p.score, p.change)).collect();
        assert_eq!(history, [("2026-Q1".into(), 12, None), ("2026-Q2".into(), 14, Some(2))]);
        let json = serde_json::to_value(o.rep.unwrap()).unwrap();
        assert_eq!(json["name"], "Ada Lovelace");
    }

    #[test]
    fn a_short_answer_sheet_is_refused_and_nothing_is_stored() {
        let (mut store, _, _) = two_reps();
        let err = take(&mut store, &[true; 13], &clock(2026, 2, 10)).unwrap_err();
        assert_eq!(err.code, "Invalid");
        assert!(err.message.contains("13 answers"), "{err}");
        assert!(overview(&store, &clock(2026, 2, 10)).unwrap().history.is_empty());
    }

    #[test]
    fn the_team_view_lists_who_has_not_taken_it() {
        let (mut store, _, _) = two_reps();
        take(&mut store, &[false; 14], &clock(2026, 8, 1)).unwrap();
        let t = team(&store, None, &clock(2026, 8, 2)).unwrap();
        assert_eq!(t.quarter.to_string(), "2026-Q3");
        assert_eq!(t.missing.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Grace Hopper"]);
        assert_eq!(t.averages.last().unwrap().average, Some(0.0));
        let err = team(&store, Some("Q9"), &clock(2026, 8, 2)).unwrap_err();
        assert!(err.message.contains("Q9"), "{err}");
    }
}
