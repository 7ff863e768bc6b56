//! The Referral I.Q.: a quarterly self-assessment of a rep's referral practice.
//!
//! Fourteen yes/no questions; the score is the number of "yes" answers (0–14), placed in a
//! band. Each "no" comes with advice. One assessment per rep per calendar quarter (local
//! dates): taking it again in the same quarter replaces that quarter's answers, earlier
//! quarters are kept as history.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::RepId;
use crate::pipeline::{Clock, Quarter};
use crate::store::{assessments, team, Store};

pub use crate::model::assessment::{Answers, Assessment, Band, Question, COUNT, QUESTIONS};

/// Records this quarter's assessment for `rep` (replacing one taken earlier this quarter).
pub fn take(store: &mut Store, rep: RepId, answers: Answers, clock: &Clock) -> Result<Assessment> {
    let member = team::member(store, rep)?;
    if !member.active {
        return Err(Error::Conflict(format!(
            "rep {} is inactive and does not take the Referral I.Q.",
            member.name
        )));
    }
    let quarter = Quarter::of(clock.today());
    assessments::upsert(store, rep, quarter, answers, clock.now)
}

/// A point of a rep's trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendPoint {
    pub quarter: Quarter,
    pub score: u8,
    pub band: Band,
    /// Against the rep's previous assessment (which may be several quarters back).
    pub change: Option<i32>,
}

/// A rep's assessments, oldest first, with the change from one to the next.
pub fn trend(store: &Store, rep: RepId) -> Result<Vec<TrendPoint>> {
    team::member(store, rep)?;
    let mut prev: Option<u8> = None;
    Ok(assessments::for_rep(store, rep)?
        .into_iter()
        .map(|a| {
            let change = prev.map(|p| i32::from(a.score) - i32::from(p));
            prev = Some(a.score);
            TrendPoint { quarter: a.quarter, score: a.score, band: a.band, change }
        })
        .collect())
}

/// The team's average score in one quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuarterAverage {
    pub quarter: Quarter,
    pub assessments: u32,
    pub average: Option<f64>,
}

/// How often the team answered "yes" to a question in a quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionResult {
    pub number: u8,
    pub topic: String,
    pub text: String,
    pub yes: u32,
    pub answered: u32,
    pub yes_share: Option<f64>,
}

/// A rep who has not taken the quarter's assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingRep {
    pub rep_id: RepId,
    pub name: String,
}

/// The leader's view of one quarter, with the averages of every quarter on record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamView {
    pub quarter: Quarter,
    /// This quarter's assessments, by rep name.
    pub assessments: Vec<Assessment>,
    /// Every quarter with at least one assessment, oldest first, plus `quarter`.
    pub averages: Vec<QuarterAverage>,
    /// Every question for `quarter`, weakest first (lowest share of "yes").
    pub weakest: Vec<QuestionResult>,
    /// Active reps without an assessment for `quarter`.
    pub missing: Vec<MissingRep>,
}

/// The team view for `quarter`.
pub fn team_view(store: &Store, quarter: Quarter) -> Result<TeamView> {
    let all = assessments::all(store)?;
    let mut quarters: Vec<Quarter> = all.iter().map(|a| a.quarter).chain([quarter]).collect();
    quarters.sort();
    quarters.dedup();
    let averages = quarters
        .into_iter()
        .map(|q| {
            let scores: Vec<u8> = all.iter().filter(|a| a.quarter == q).map(|a| a.score).collect();
            let n = scores.len() as u32;
            let sum: u32 = scores.iter().map(|s| u32::from(*s)).sum();
            QuarterAverage {
                quarter: q,
                assessments: n,
                average: super::metrics::ratio(f64::from(sum), f64::from(n)),
            }
        })
        .collect();
    let this: Vec<Assessment> = all.into_iter().filter(|a| a.quarter == quarter).collect();
    let parsed: Vec<Answers> = this.iter().map(Assessment::parsed_answers).collect::<Result<_>>()?;
    let mut weakest: Vec<QuestionResult> = QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let yes = parsed.iter().filter(|a| a.0[i]).count() as u32;
            let answered = parsed.len() as u32;
            QuestionResult {
                number: q.number,
                topic: q.topic.to_string(),
                text: q.text.to_string(),
                yes,
                answered,
                yes_share: super::metrics::ratio(f64::from(yes), f64::from(answered)),
            }
        })
        .collect();
    weakest.sort_by(|a, b| {
        a.yes_share.unwrap_or(0.0).total_cmp(&b.yes_share.unwrap_or(0.0)).then(a.number.cmp(&b.number))
    });
    let missing = team::members(store)?
        .into_iter()
        .filter(|m| m.active && !this.iter().any(|a| a.rep_id == m.rep_id))
        .map(|m| MissingRep { rep_id: m.rep_id, name: m.name })
        .collect();
    Ok(TeamView { quarter, assessments: this, averages, weakest, missing })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fourteen_distinct_questions_each_with_advice() {
        for (i, q) in QUESTIONS.iter().enumerate() {
            assert_eq!(usize::from(q.number), i + 1);
            assert!(q.text.ends_with('?') && !q.advice.is_empty() && !q.topic.is_empty());
        }
        let mut texts: Vec<&str> = QUESTIONS.iter().map(|q| q.text).collect();
        texts.dedup();
        assert_eq!(texts.len(), COUNT);
    }

    #[test]
    fn answers_parse_score_and_band() {
        let a = Answers::parse("YYNY YNYY NNYY YY").unwrap();
        assert_eq!(a.to_string(), "yynyynyynnyyyy");
        assert_eq!(a.score(), 10);
        assert_eq!(Band::of(a.score()), Band::Practitioner);
        assert_eq!(a.advice().iter().map(|q| q.number).collect::<Vec<_>>(), vec![3, 6, 9, 10]);
        let bands: Vec<Band> = (0..=14).map(Band::of).collect();
        assert_eq!(bands[5], Band::ColdCaller);
        assert_eq!(bands[6], Band::OccasionalAsker);
        assert_eq!(bands[9], Band::OccasionalAsker);
        assert_eq!(bands[12], Band::Practitioner);
        assert_eq!(bands[13], Band::ReferralPro);
        let err = Answers::parse("yyy").unwrap_err().to_string();
        assert!(err.contains("3 answers") && err.contains("14"), "{err}");
        let err = Answers::parse("yyyyyyyyyyyyyx").unwrap_err().to_string();
        assert!(err.contains("answer 14") && err.contains("'x'"), "{err}");
    }
}
