//! `intrograph opportunity ...`

use chrono::NaiveDate;
use clap::Subcommand;
use intrograph_app_core::customers;
use intrograph_app_core::metrics::{self, OpportunityInput};
use intrograph_engine::pipeline::{LeadSource, Opportunity, Outcome};
use intrograph_engine::Error;

use super::{money, opt, person};
use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Adds an opportunity from another lead source (referral opportunities come from their request).
    Add {
        /// A short name for the deal.
        #[arg(long)]
        title: String,
        /// cold_call, inbound, event, existing_customer, other
        #[arg(long)]
        source: LeadSource,
        /// The prospect's contact (name, email or id).
        #[arg(long)]
        contact: Option<String>,
        /// The expected deal value.
        #[arg(long)]
        value: Option<f64>,
        /// When it was opened (default: today).
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        opened: Option<NaiveDate>,
        /// The date of the first meeting.
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        meeting: Option<NaiveDate>,
        /// The rep who owns it (rep id, or the person's id, email or name); default: the current rep.
        #[arg(long)]
        rep: Option<String>,
    },
    /// Lists opportunities, newest first.
    List {
        /// Only this rep's opportunities (rep id, or the person's id, email or name); default: every rep.
        #[arg(long)]
        rep: Option<String>,
        /// Only this lead source: referral, cold_call, inbound, event, existing_customer or other.
        #[arg(long)]
        source: Option<LeadSource>,
    },
    /// Corrects an opportunity from another lead source: only the fields given change.
    Edit {
        /// Opportunity id (or a unique prefix of at least 6 hex digits).
        id: String,
        /// A short name for the deal.
        #[arg(long)]
        title: Option<String>,
        /// cold_call, inbound, event, existing_customer, other
        #[arg(long)]
        source: Option<LeadSource>,
        /// The prospect's contact (name, email or id).
        #[arg(long)]
        contact: Option<String>,
        /// The expected deal value.
        #[arg(long)]
        value: Option<f64>,
        /// When it was opened.
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        opened: Option<NaiveDate>,
        /// The date of the first meeting.
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        meeting: Option<NaiveDate>,
        /// The rep who owns it (rep id, or the person's id, email or name).
        #[arg(long)]
        rep: Option<String>,
    },
    /// Removes an opportunity recorded by mistake (referral opportunities stay with their request).
    Remove {
        /// Opportunity id (or a unique prefix of at least 6 hex digits).
        id: String,
    },
    /// Closes an opportunity as won (with its value) or lost (with the reason).
    Close {
        /// Opportunity id (or a unique prefix of at least 6 hex digits).
        id: String,
        /// won or lost
        outcome: Outcome,
        /// The deal value (needed for won, unless the opportunity already has one).
        #[arg(long)]
        value: Option<f64>,
        /// Why it was lost (needed for lost).
        #[arg(long)]
        reason: Option<String>,
        /// Close date (default: today).
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        on: Option<NaiveDate>,
    },
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<(), Error> {
    match cmd {
        Command::Add { title, source, contact, value, opened, meeting, rep } => {
            let contact = contact.map(|c| person(ctx, &c).map(|p| p.id)).transpose()?;
            let input = OpportunityInput {
                title,
                lead_source: source,
                contact,
                value,
                opened_on: opened,
                first_meeting_on: meeting,
                rep,
            };
            let o = metrics::add_opportunity(&ctx.workspace, input)?;
            if ctx.format == Format::Json {
                output::json(&o);
            } else {
                println!("Added opportunity {} ({}, {}).", o.id, o.title, o.lead_source);
            }
        }
        Command::List { rep, source } => {
            let list = metrics::opportunities(&ctx.workspace, rep.as_deref(), source)?;
            print(&list, ctx.format);
        }
        Command::Edit { id, title, source, contact, value, opened, meeting, rep } => {
            let contact = contact.map(|c| person(ctx, &c).map(|p| p.id)).transpose()?;
            let edit = customers::OpportunityEdit {
                title,
                lead_source: source,
                contact,
                value,
                opened_on: opened,
                first_meeting_on: meeting,
                rep,
            };
            let o = customers::edit_opportunity(&ctx.workspace, &id, edit)?;
            if ctx.format == Format::Json {
                output::json(&o);
            } else {
                println!("Opportunity {} saved ({}, {}).", o.id, o.title, o.lead_source);
            }
        }
        Command::Remove { id } => {
            let o = customers::remove_opportunity_named(&ctx.workspace, &id)?;
            if ctx.format == Format::Json {
                output::json(&o);
            } else {
                println!("Removed opportunity {} ({}).", o.id, o.title);
            }
        }
        Command::Close { id, outcome, value, reason, on } => {
            let o = metrics::close_opportunity(&ctx.workspace, &id, outcome, on, value, reason)?;
            if ctx.format == Format::Json {
                output::json(&o);
            } else {
                println!("Opportunity {} closed: {} on {}.", o.title, o.outcome, opt(o.closed_on));
            }
        }
    }
    Ok(())
}

fn print(list: &[Opportunity], format: Format) {
    if format == Format::Json {
        output::json(list);
        return;
    }
    let mut t =
        Table::new(vec!["id", "title", "source", "value", "opened", "first meeting", "closed", "outcome"]);
    for o in list {
        t.row(vec![
            o.id.to_string(),
            o.title.clone(),
            o.lead_source.to_string(),
            money(o.value),
            o.opened_on.to_string(),
            opt(o.first_meeting_on),
            opt(o.closed_on),
            o.outcome.to_string(),
        ]);
    }
    t.print(format);
}
