//! `intrograph` commands for the pipeline: introduction requests, opportunities, lapsed
//! customers, metrics, the Referral I.Q., bundles, goals and the currency of deal values.

mod bundle;
mod iq;
mod metrics;
mod opportunity;
mod request;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use intrograph_app_core::{find, requests};
use intrograph_engine::model::Person;
use intrograph_engine::pipeline::lapsed::DEFAULT_DAYS;
use intrograph_engine::Error;

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Introduction requests: create from a path, move through the stages, follow up, thank the source.
    #[command(subcommand)]
    Request(request::Command),
    /// Opportunities (deals) with their lead source.
    #[command(subcommand)]
    Opportunity(opportunity::Command),
    /// Customers to re-engage: no touch for a while, or their rep is inactive. Also the best people to ask.
    Lapsed(LapsedArgs),
    /// Metrics for leaders: funnel, lead sources, activity against goals, top referral sources.
    #[command(subcommand)]
    Metrics(metrics::Command),
    /// The quarterly Referral I.Q. self-assessment.
    #[command(subcommand)]
    Iq(iq::Command),
    /// Export this workspace to a bundle file, or merge one in.
    #[command(subcommand)]
    Bundle(bundle::Command),
    /// Activity goals.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// The currency deal values are shown in: prints it, or sets it with a code.
    Currency(CurrencyArgs),
}

#[derive(Args)]
pub struct CurrencyArgs {
    /// The ISO 4217 code to use from now on, such as USD, EUR or GBP (default: print the current one).
    #[arg(value_name = "CODE")]
    code: Option<String>,
}

#[derive(Args)]
pub struct LapsedArgs {
    /// Days without a touch after which a customer counts as lapsed.
    #[arg(long, default_value_t = DEFAULT_DAYS, value_parser = crate::output::count)]
    days: u32,
    /// Only this rep's customers (plus orphaned ones); name or id.
    #[arg(long)]
    rep: Option<String>,
    /// Count days up to this date (default: today).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

#[derive(Subcommand)]
pub enum GoalCommand {
    /// Sets a rep's weekly goal of introduction asks.
    Set {
        /// Asks per week.
        #[arg(long = "asks-per-week", value_name = "N", value_parser = crate::output::count)]
        asks_per_week: u32,
        /// The rep (default: the current rep).
        #[arg(long)]
        rep: Option<String>,
    },
    /// Lists every goal.
    List,
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<(), Error> {
    match cmd {
        Command::Request(c) => request::run(c, ctx),
        Command::Opportunity(c) => opportunity::run(c, ctx),
        Command::Lapsed(a) => lapsed(a, ctx),
        Command::Metrics(c) => metrics::run(c, ctx),
        Command::Iq(c) => iq::run(c, ctx),
        Command::Bundle(c) => bundle::run(c, ctx),
        Command::Goal(c) => goal(c, ctx),
        Command::Currency(a) => currency(a, ctx),
    }
}

/// A person by id, email or name; `me` is the current rep.
pub fn person(ctx: &Ctx, query: &str) -> Result<Person, Error> {
    find::resolve_person(&*ctx.store()?, query)
}

pub fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

pub fn money(v: Option<f64>) -> String {
    v.map(intrograph_engine::model::money::format_amount).unwrap_or_default()
}

pub fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1}%", x * 100.0)).unwrap_or_else(|| "-".into())
}

fn lapsed(a: LapsedArgs, ctx: &mut Ctx) -> Result<(), Error> {
    let list = requests::lapsed_customers(&ctx.workspace, a.days, a.rep.as_deref(), a.today)?;
    if ctx.format == Format::Json {
        output::json(&list);
        return Ok(());
    }
    let mut t = Table::new(vec!["customer", "rep", "last touch", "days", "why"]);
    for c in &list {
        let why = match (c.lapsed, c.orphaned) {
            (true, true) => "lapsed; rep inactive",
            (true, false) => "lapsed",
            _ => "rep inactive",
        };
        t.row(vec![
            c.name.clone(),
            c.rep_name.clone(),
            opt(c.last_touch),
            c.days_since.map(|d| d.to_string()).unwrap_or_else(|| "never".into()),
            why.into(),
        ]);
    }
    if list.is_empty() && ctx.format == Format::Text {
        println!(
            "No lapsed customers: every client was touched in the last {}.",
            intrograph_engine::import::plural(u64::from(a.days), "day", "days")
        );
        return Ok(());
    }
    t.print(ctx.format);
    if ctx.format == Format::Text {
        println!("\nRe-engage them, then ask who they know: they are your best referral sources.");
    }
    Ok(())
}

fn currency(a: CurrencyArgs, ctx: &mut Ctx) -> Result<(), Error> {
    let code = match a.code {
        Some(code) => intrograph_app_core::settings::set_currency(&ctx.workspace, &code)?,
        None => intrograph_app_core::settings::currency(&ctx.workspace)?,
    };
    match ctx.format {
        Format::Json => output::json(&serde_json::json!({ "currency": code })),
        _ => println!("{code}"),
    }
    Ok(())
}

fn goal(c: GoalCommand, ctx: &mut Ctx) -> Result<(), Error> {
    match c {
        GoalCommand::Set { asks_per_week, rep: who } => {
            let g =
                intrograph_app_core::settings::set_goal_of(&ctx.workspace, who.as_deref(), asks_per_week)?;
            if ctx.format == Format::Json {
                output::json(&g);
            } else {
                println!(
                    "Goal for {}: {} per week.",
                    g.rep_name,
                    intrograph_engine::import::plural(u64::from(g.asks_per_week), "ask", "asks")
                );
            }
        }
        GoalCommand::List => {
            let goals = intrograph_app_core::settings::goals(&ctx.workspace)?;
            if ctx.format == Format::Json {
                output::json(&goals);
            } else {
                let mut t = Table::new(vec!["rep", "asks per week"]);
                for g in goals {
                    t.row(vec![g.rep_name, g.asks_per_week.to_string()]);
                }
                t.print(ctx.format);
            }
        }
    }
    Ok(())
}

/// Prints a table; in CSV a missing value (`-` in text) is an empty cell.
pub fn print_table(mut t: Table, format: Format) {
    if format == Format::Csv {
        for row in &mut t.rows {
            for cell in row.iter_mut().filter(|c| c.as_str() == "-") {
                cell.clear();
            }
        }
    }
    t.print(format);
}
