//! The Referral I.Q.'s questions, answers, bands and a rep's assessment for a quarter:
//! plain data (taking, listing and comparing assessments is `pipeline::iq`).

use serde::{Deserialize, Serialize};

use super::period::Quarter;
use crate::error::{Error, Result};
use crate::model::{AssessmentId, RepId};

/// Number of questions.
pub const COUNT: usize = 14;

/// One question and what to do about a "no".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    /// 1 to 14.
    pub number: u8,
    /// The practice it is about, in a word or two.
    pub topic: &'static str,
    pub text: &'static str,
    /// Shown when the answer is "no".
    pub advice: &'static str,
}

const fn q(number: u8, topic: &'static str, text: &'static str, advice: &'static str) -> Question {
    Question { number, topic, text, advice }
}

pub const QUESTIONS: [Question; COUNT] = [
    q(
        1,
        "asking weekly",
        "Did you ask for at least one introduction in most weeks of the last quarter?",
        "Block the same hour every week for asks and treat it like a client meeting. Start with one ask a week; a habit beats a campaign.",
    ),
    q(
        2,
        "target list",
        "Do you keep a written list of the specific people you want to be introduced to?",
        "Name ten people at the accounts you want most. You cannot ask for an introduction to someone you have not named.",
    ),
    q(
        3,
        "checking the tie",
        "Before you ask, do you confirm that your source really knows the prospect, beyond a LinkedIn connection?",
        "Ask the source first: \"How well do you know her?\" Mark the tie verified only when they say so; a connection is not a relationship.",
    ),
    q(
        4,
        "explaining why",
        "Do you tell your source why you want to meet the prospect and what the prospect would gain?",
        "Give your source one sentence they can repeat: the prospect's problem and how you have solved it for someone like them.",
    ),
    q(
        5,
        "personal introduction",
        "Do you ask for a personal introduction (a call, an email, a meeting) rather than an automated connection request?",
        "Skip the platform's introduction button. Call or write to the source yourself and ask them to introduce you in person or by email.",
    ),
    q(
        6,
        "following up",
        "Do you keep following up, with the source and then the prospect, past the second touch?",
        "Set the next follow-up date every time you touch a request. Most introductions happen after the third or fourth touch.",
    ),
    q(
        7,
        "thanking",
        "Do you thank every referral source soon after they make an introduction, whatever comes of it?",
        "Thank the source the same day the introduction happens: a short note or a call. Gratitude is what makes them do it again.",
    ),
    q(
        8,
        "closing the loop",
        "Do you tell your sources how the introduction turned out?",
        "When a request is won, lost or stalls, tell the source in two lines. Sources who hear back keep introducing.",
    ),
    q(
        9,
        "clients as sources",
        "Do you ask your current clients for introductions?",
        "Your clients know your work best. After each success milestone, ask one client whom else they know who has the same problem.",
    ),
    q(
        10,
        "lapsed customers",
        "Do you reach out regularly to lapsed customers and to clients left behind by reps who moved on?",
        "Open the lapsed-customers list every month and contact three of them: re-engage first, then ask who they know.",
    ),
    q(
        11,
        "goals",
        "Do you have a weekly goal for the number of introductions you ask for?",
        "Set a weekly goal for asks (start with two) and record it, so progress is measured against something.",
    ),
    q(
        12,
        "metrics",
        "Do you track your referral numbers: asks, introductions, meetings and deals won?",
        "Move every request through its stages as it happens; the funnel then counts for you. Review it every Friday.",
    ),
    q(
        13,
        "accountability",
        "Does someone (your manager or a peer) review your referral activity with you at least monthly?",
        "Agree a short monthly review with your manager or a peer: asks against goal, overdue follow-ups, sources not yet thanked.",
    ),
    q(
        14,
        "practising",
        "Have you practised asking for introductions (a role-play or a rehearsed script) in the last quarter?",
        "Rehearse the ask out loud with a colleague until it sounds like you. Asking is a skill, and skills take practice.",
    ),
];

/// Fourteen answers, question 1 first. Written as 14 letters of `y` / `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Answers(pub [bool; COUNT]);

impl Answers {
    /// Parses `yynyn...` (case-insensitive; spaces, commas and dashes ignored).
    pub fn parse(text: &str) -> Result<Self> {
        let letters: Vec<char> = text.chars().filter(|c| !matches!(c, ' ' | ',' | '-' | '_')).collect();
        if letters.len() != COUNT {
            return Err(Error::invalid(
                "answers",
                format!(
                    "{text:?} has {} answers; give exactly {COUNT}, one y or n per question",
                    letters.len()
                ),
            ));
        }
        let mut out = [false; COUNT];
        for (i, c) in letters.iter().enumerate() {
            out[i] = match c.to_ascii_lowercase() {
                'y' => true,
                'n' => false,
                other => {
                    return Err(Error::invalid(
                        "answers",
                        format!("answer {} is {other:?}; use y or n", i + 1),
                    ))
                }
            };
        }
        Ok(Self(out))
    }

    pub fn score(&self) -> u8 {
        self.0.iter().filter(|a| **a).count() as u8
    }

    /// The questions answered "no", with their advice.
    pub fn advice(&self) -> Vec<Question> {
        QUESTIONS.iter().zip(self.0).filter(|(_, yes)| !yes).map(|(q, _)| *q).collect()
    }
}

impl std::fmt::Display for Answers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for a in self.0 {
            f.write_str(if a { "y" } else { "n" })?;
        }
        Ok(())
    }
}

/// Where a score places a rep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Band {
    /// 0–5: referrals happen by chance.
    ColdCaller,
    /// 6–9: asks now and then, without a system.
    OccasionalAsker,
    /// 10–12: a working referral habit.
    Practitioner,
    /// 13–14: referral selling is how this rep works.
    ReferralPro,
}

impl Band {
    pub fn of(score: u8) -> Self {
        match score {
            0..=5 => Self::ColdCaller,
            6..=9 => Self::OccasionalAsker,
            10..=12 => Self::Practitioner,
            _ => Self::ReferralPro,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ColdCaller => "Cold caller (0-5): referrals happen by chance",
            Self::OccasionalAsker => "Occasional asker (6-9): asks now and then, without a system",
            Self::Practitioner => "Practitioner (10-12): a working referral habit",
            Self::ReferralPro => "Referral pro (13-14): referrals are how you sell",
        }
    }
}

/// One rep's assessment for one quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Assessment {
    pub id: AssessmentId,
    pub rep_id: RepId,
    pub rep_name: String,
    pub quarter: Quarter,
    /// `y` / `n` per question.
    pub answers: String,
    pub score: u8,
    pub band: Band,
    pub taken_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl Assessment {
    pub fn parsed_answers(&self) -> Result<Answers> {
        Answers::parse(&self.answers)
    }
}
