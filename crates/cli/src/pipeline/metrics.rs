//! `intrograph metrics ...`

use chrono::{FixedOffset, NaiveDate};
use clap::{Args, Subcommand};
use intrograph_app_core::metrics::{self, Scoped};
use intrograph_app_core::team;
use intrograph_engine::pipeline::metrics::By;
use intrograph_engine::Error;

use super::{money, pct};
use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Args)]
pub struct Scope {
    /// First day of the period (default: the start of this quarter).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    from: Option<NaiveDate>,
    /// Last day of the period (default: the end of this quarter).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    to: Option<NaiveDate>,
    /// Only this rep.
    #[arg(long)]
    rep: Option<String>,
    /// UTC offset for days and quarters, like +02:00 (default: this computer's).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    utc_offset: Option<FixedOffset>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Requests created in the period: how many reached each stage, and the conversion.
    Funnel {
        #[command(flatten)]
        scope: Scope,
        /// all, rep, source or quarter
        #[arg(long, default_value = "all")]
        by: By,
    },
    /// Referral against the other lead sources: win rate, cycle, deal size, touches.
    Sources {
        #[command(flatten)]
        scope: Scope,
    },
    /// Asks per week against each rep's goal, overdue follow-ups, unthanked sources.
    Activity {
        #[command(flatten)]
        scope: Scope,
        /// Count overdue follow-ups as of this date (default: today).
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// The referral sources with the most introductions, wins and revenue.
    TopSources {
        #[command(flatten)]
        scope: Scope,
        /// At most this many sources.
        #[arg(long, default_value_t = 10, value_parser = crate::output::size)]
        limit: usize,
    },
}

impl Scope {
    fn of(&self) -> metrics::Scope {
        metrics::Scope { from: self.from, to: self.to, rep: self.rep.clone(), utc_offset: self.utc_offset }
    }
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<(), Error> {
    match cmd {
        Command::Funnel { scope, by } => {
            let Scoped { filter: f, rows: funnel, .. } = metrics::funnel(&ctx.workspace, &scope.of(), by)?;
            if ctx.format == Format::Json {
                output::json(&with_as_of(ctx, &funnel)?);
                return Ok(());
            }
            let mut t = Table::new(vec![
                "group",
                "created",
                "asked",
                "accepted",
                "declined",
                "introduced",
                "meeting",
                "opportunity",
                "won",
                "lost",
                "stalled",
                "asked→accepted",
                "accepted→introduced",
                "introduced→meeting",
                "meeting→opportunity",
                "opportunity→won",
                "asked→won",
            ]);
            for r in &funnel.rows {
                let c = r.counts;
                let mut row: Vec<String> = vec![r.label.clone()];
                row.extend(
                    [
                        c.created,
                        c.asked,
                        c.accepted,
                        c.declined,
                        c.introduced,
                        c.meeting,
                        c.opportunity,
                        c.won,
                        c.lost,
                        c.stalled,
                    ]
                    .map(|n| n.to_string()),
                );
                row.extend(r.conversions.iter().skip(1).map(|cv| pct(cv.rate)));
                t.row(row);
            }
            header(ctx, &f);
            super::print_table(t, ctx.format);
        }
        Command::Sources { scope } => {
            let Scoped { filter: f, rows, .. } = metrics::lead_sources(&ctx.workspace, &scope.of())?;
            if ctx.format == Format::Json {
                output::json(&with_as_of(ctx, &rows)?);
                return Ok(());
            }
            let mut t = Table::new(vec![
                "lead source",
                "opportunities",
                "won",
                "lost",
                "win rate",
                "median days to close",
                "average deal",
                "touches before first meeting",
            ]);
            for r in rows {
                t.row(vec![
                    r.lead_source.to_string(),
                    r.opportunities.to_string(),
                    r.won.to_string(),
                    r.lost.to_string(),
                    pct(r.win_rate),
                    r.median_days_to_close.map(|d| format!("{d:.1}")).unwrap_or_else(|| "-".into()),
                    r.average_deal_value.map(|v| money(Some(v))).unwrap_or_else(|| "-".into()),
                    r.touches_before_first_meeting.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into()),
                ]);
            }
            header(ctx, &f);
            super::print_table(t, ctx.format);
        }
        Command::Activity { scope, today } => {
            let Scoped { filter: f, rows, .. } = metrics::activity(&ctx.workspace, &scope.of(), today)?;
            if ctx.format == Format::Json {
                output::json(&with_as_of(ctx, &rows)?);
                return Ok(());
            }
            let mut t = Table::new(vec![
                "rep",
                "asks",
                "asks/week",
                "goal",
                "against goal",
                "overdue follow-ups",
                "unthanked sources",
            ]);
            for a in rows {
                t.row(vec![
                    if a.active { a.rep_name } else { format!("{} (inactive)", a.rep_name) },
                    a.asks.to_string(),
                    a.asks_per_week.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into()),
                    a.goal.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
                    match a.goal_met {
                        Some(true) => format!("met ({})", pct(a.goal_ratio)),
                        Some(false) => format!("behind ({})", pct(a.goal_ratio)),
                        None => "no goal".into(),
                    },
                    a.overdue_follow_ups.to_string(),
                    a.unthanked_sources.to_string(),
                ]);
            }
            header(ctx, &f);
            super::print_table(t, ctx.format);
        }
        Command::TopSources { scope, limit } => {
            let Scoped { filter: f, rows, .. } = metrics::top_sources(&ctx.workspace, &scope.of(), limit)?;
            if ctx.format == Format::Json {
                output::json(&with_as_of(ctx, &rows)?);
                return Ok(());
            }
            let mut t = Table::new(vec!["source", "introductions", "wins", "revenue"]);
            for s in rows {
                t.row(vec![s.name, s.introductions.to_string(), s.wins.to_string(), money(Some(s.revenue))]);
            }
            header(ctx, &f);
            super::print_table(t, ctx.format);
        }
    }
    Ok(())
}

fn header(ctx: &Ctx, f: &intrograph_engine::pipeline::metrics::Filter) {
    if ctx.format == Format::Text {
        println!("{} to {} (UTC{})", f.period.from, f.period.to, f.offset);
        print_as_of(ctx);
        println!();
    }
}

/// In a team workspace, the reps' "as of" times the app shows beside the same figures:
/// "Team data as of: Ada Lovelace (live here) · Dana Whitfield 14:02" (text only).
pub(super) fn print_as_of(ctx: &Ctx) {
    if ctx.format != Format::Text {
        return;
    }
    if let Some(line) = team::workspace_as_of(&ctx.workspace).ok().and_then(|r| team::as_of_line(&r)) {
        println!("{line}");
    }
}

/// The JSON of a figure, in a team workspace with each rep's "as of" time (`team_as_of`,
/// as the app has it) added to an object. A list keeps its shape in every workspace (a
/// script reads the same JSON in a team or not); its as-of line goes to standard error.
/// Outside a team it is the figure alone.
pub(super) fn with_as_of<T: serde::Serialize>(ctx: &Ctx, value: &T) -> Result<serde_json::Value, Error> {
    let value = serde_json::to_value(value).map_err(|e| Error::Internal(format!("JSON output: {e}")))?;
    let reps = team::workspace_as_of(&ctx.workspace)?;
    if reps.is_empty() {
        return Ok(value);
    }
    Ok(match value {
        serde_json::Value::Object(mut m) => {
            let reps =
                serde_json::to_value(&reps).map_err(|e| Error::Internal(format!("JSON output: {e}")))?;
            m.insert("team_as_of".into(), reps);
            serde_json::Value::Object(m)
        }
        list => {
            if let Some(line) = team::as_of_line(&reps) {
                eprintln!("{line}");
            }
            list
        }
    })
}
