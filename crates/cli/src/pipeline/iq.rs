//! `intrograph iq ...`

use std::io::{BufRead, IsTerminal, Write};

use clap::Subcommand;
use intrograph_app_core::iq;
use intrograph_engine::pipeline::iq::{Answers, Band, COUNT, QUESTIONS};
use intrograph_engine::pipeline::Quarter;
use intrograph_engine::Error;

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Lists the fourteen questions.
    Questions,
    /// Takes this quarter's assessment (a retake replaces it). Asks each question on the
    /// terminal, reading y or n from standard input, unless --answers is given.
    Take {
        /// Fourteen answers, y or n, question 1 first (e.g. yynynyyyynnyyy).
        #[arg(long)]
        answers: Option<String>,
        /// The rep (rep id, or the person's id, email or name); default: the current rep.
        #[arg(long)]
        rep: Option<String>,
    },
    /// A rep's scores quarter by quarter.
    History {
        /// The rep (rep id, or the person's id, email or name); default: the current rep.
        #[arg(long)]
        rep: Option<String>,
    },
    /// The team: averages per quarter, weakest questions, who has not taken it.
    Team {
        /// The quarter, like 2026-Q3 (default: this quarter).
        #[arg(long)]
        quarter: Option<Quarter>,
    },
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<(), Error> {
    match cmd {
        Command::Questions => {
            let questions = iq::questions();
            if ctx.format == Format::Json {
                output::json(&questions);
                return Ok(());
            }
            let mut t = Table::new(vec!["#", "topic", "question"]);
            for q in questions {
                t.row(vec![q.number.to_string(), q.topic.into(), q.text.into()]);
            }
            super::print_table(t, ctx.format);
        }
        Command::Take { answers, rep: who } => {
            let answers = match answers {
                Some(a) => Answers::parse(&a)?,
                None => ask()?,
            };
            let taken = iq::take(&ctx.workspace, who.as_deref(), &answers.0)?;
            let (a, advice) = (taken.assessment, taken.advice);
            if ctx.format == Format::Json {
                output::json(&serde_json::json!({ "assessment": a, "advice": advice }));
                return Ok(());
            }
            println!("\nReferral I.Q. {} for {}: {}/14 — {}", a.quarter, a.rep_name, a.score, a.band.label());
            if advice.is_empty() {
                println!("Every answer is yes. Keep the habit, and help a colleague build theirs.");
            } else {
                println!("\nWhat to work on next:");
                for q in advice {
                    println!("  {:>2}. {} — {}", q.number, q.topic, q.advice);
                }
            }
        }
        Command::History { rep: who } => {
            let trend = iq::history(&ctx.workspace, who.as_deref())?;
            if ctx.format == Format::Json {
                output::json(&trend);
                return Ok(());
            }
            let mut t = Table::new(vec!["quarter", "score", "change", "band"]);
            for p in &trend {
                t.row(vec![
                    p.quarter.to_string(),
                    p.score.to_string(),
                    p.change.map(|c| format!("{c:+}")).unwrap_or_default(),
                    band(p.band).into(),
                ]);
            }
            if trend.is_empty() && ctx.format == Format::Text {
                println!("No assessment yet: intrograph iq take");
            } else {
                super::print_table(t, ctx.format);
            }
        }
        Command::Team { quarter } => {
            let view = iq::team(&ctx.workspace, quarter)?;
            let quarter = view.quarter;
            if ctx.format == Format::Json {
                output::json(&super::metrics::with_as_of(ctx, &view)?);
                return Ok(());
            }
            if ctx.format == Format::Csv {
                let mut t = Table::new(vec!["quarter", "assessments", "average"]);
                for a in &view.averages {
                    t.row(vec![a.quarter.to_string(), a.assessments.to_string(), avg(a.average)]);
                }
                super::print_table(t, ctx.format);
                return Ok(());
            }
            println!("Referral I.Q. — team, {quarter}");
            super::metrics::print_as_of(ctx);
            println!();
            let mut t = Table::new(vec!["rep", "score", "band"]);
            for a in &view.assessments {
                t.row(vec![a.rep_name.clone(), a.score.to_string(), band(a.band).into()]);
            }
            super::print_table(t, ctx.format);
            println!("\nAverage by quarter:");
            let mut t = Table::new(vec!["quarter", "assessments", "average"]);
            for a in &view.averages {
                t.row(vec![a.quarter.to_string(), a.assessments.to_string(), avg(a.average)]);
            }
            super::print_table(t, ctx.format);
            if !view.assessments.is_empty() {
                println!("\nWeakest questions:");
                for w in view.weakest.iter().take(3) {
                    println!("  {:>2}. {} — {} of {} said yes", w.number, w.topic, w.yes, w.answered);
                }
            }
            if !view.missing.is_empty() {
                let names: Vec<&str> = view.missing.iter().map(|m| m.name.as_str()).collect();
                println!("\nNot taken yet this quarter: {}", names.join(", "));
            }
        }
    }
    Ok(())
}

fn avg(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "-".into())
}

fn band(b: Band) -> &'static str {
    b.label().split(" (").next().unwrap_or_default()
}

/// Asks each question on standard input: y or n (yes / no), asking again on anything else.
fn ask() -> Result<Answers, Error> {
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut lines = stdin.lock().lines();
    let mut out = [false; COUNT];
    let mut err = std::io::stderr();
    for (i, q) in QUESTIONS.iter().enumerate() {
        loop {
            let _ = write!(err, "{:>2}/14  {} [y/n] ", q.number, q.text);
            let _ = err.flush();
            let line = match lines.next() {
                Some(Ok(l)) => l,
                Some(Err(source)) => return Err(Error::Io { path: "<stdin>".into(), source }),
                None => {
                    return Err(Error::invalid(
                        "answers",
                        format!("standard input ended after {i} answers; give 14, or use --answers"),
                    ))
                }
            };
            match line.trim().to_ascii_lowercase().as_str() {
                "y" | "yes" => out[i] = true,
                "n" | "no" => out[i] = false,
                other if interactive => {
                    let _ = writeln!(err, "  please answer y or n (not {other:?})");
                    continue;
                }
                other => {
                    return Err(Error::invalid(
                        "answers",
                        format!("answer {} is {other:?}; use y or n", i + 1),
                    ));
                }
            }
            if !interactive {
                let _ = writeln!(err);
            }
            break;
        }
    }
    Ok(Answers(out))
}
