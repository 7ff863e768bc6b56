//! `intrograph` commands for relationship strength and last contact from the rep's own
//! mail and calendar: `import mail|calendar|linkedin-messages` (see `interchange`), the
//! suggested strengths and their acceptance, people likely to know each other, and
//! keep-in-touch cadences.

use clap::{Args, Subcommand};
use intrograph_app_core::mail;
use intrograph_app_core::views::mail::ExchangePlan;
use intrograph_engine::import::exchanges::ExchangeReport;
use intrograph_engine::import::{plural, ExchangeFormat, Progress};
use intrograph_engine::{Error, Result};

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Strengths suggested by your touches (mail, calendar, messages, touches you logged), and
    /// people likely to know each other.
    #[command(subcommand)]
    Suggestions(SuggestionsCmd),
    /// Keep in touch: how often you mean to be in contact with a person, and who is due.
    #[command(subcommand)]
    Cadence(CadenceCmd),
}

#[derive(Subcommand)]
pub enum SuggestionsCmd {
    /// List the suggested strengths with their reasons, and the likely ties.
    List,
    /// Accept suggestions: for the people named, or all of them with --all (a strength you set
    /// by hand is kept by --all; name the person to replace it).
    #[command(
        after_long_help = "Examples:\n  intrograph suggestions accept --all\n  intrograph suggestions accept \"Priya Raman\" jon@acme.com"
    )]
    Accept {
        /// People whose suggestion to accept (a name, an email or an id).
        people: Vec<String>,
        /// Accept every suggestion, except strengths you set by hand.
        #[arg(long, conflicts_with = "people")]
        all: bool,
    },
    /// Two people do not know each other: remove the likely tie an import proposed between
    /// them (or any tie they have), and never propose it again.
    #[command(after_long_help = "Example:\n  intrograph suggestions dismiss \"Priya Raman\" jon@acme.com")]
    Dismiss {
        /// One of the two (a name, an email or an id).
        a: String,
        /// The other.
        b: String,
    },
}

#[derive(Subcommand)]
pub enum CadenceCmd {
    /// Set how often you mean to be in touch with a person, in days.
    #[command(after_long_help = "Example:\n  intrograph cadence set \"Priya Raman\" 90")]
    Set {
        /// The person (a name, an email or an id).
        person: String,
        /// Every how many days (1 to 3650).
        days: u32,
    },
    /// Stop keeping a cadence with a person.
    Clear {
        /// The person (a name, an email or an id).
        person: String,
    },
    /// Who is due a contact (within a week), the most overdue first.
    Due,
}

#[derive(Args)]
pub struct ExchangeArgs {
    /// The export to import (for mail: an mbox file, or a folder of mbox files or a Maildir).
    pub file: std::path::PathBuf,
    /// Show what would be imported, and the frequent correspondents who are not people yet,
    /// without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Another address of yours (repeat for several); it is added to your record.
    #[arg(long = "me", value_name = "ADDRESS")]
    pub me: Vec<String>,
    /// Add this correspondent as a person (an address or LinkedIn profile from the preview; repeat).
    #[arg(long = "add", value_name = "ADDRESS")]
    pub add: Vec<String>,
    /// Add every frequent correspondent the preview lists.
    #[arg(long)]
    pub add_all: bool,
    /// Keep subjects too (off by default: only who, when and which way are kept).
    #[arg(long)]
    pub subjects: bool,
}

/// `intrograph import mail|calendar|linkedin-messages`.
pub fn import(format: ExchangeFormat, args: ExchangeArgs, ctx: &mut Ctx) -> Result<()> {
    let path =
        std::path::absolute(&args.file).map_err(|source| Error::Io { path: args.file.clone(), source })?;
    let plan = ExchangePlan {
        path: path.display().to_string(),
        format: Some(format),
        me: args.me,
        add: args.add,
        subjects: args.subjects,
        add_all: args.add_all,
    };
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {binary_bytes}/{binary_total_bytes} {msg} ({eta})")
            .expect("valid template"),
    );
    let mut on_progress = |p: Progress| {
        if let Some(t) = p.bytes_total {
            bar.set_length(t);
        }
        bar.set_position(p.bytes_read);
        if p.records % 1024 == 0 {
            bar.set_message(plural(p.records, "message", "messages"));
        }
    };
    let result = mail::import(&ctx.workspace, &plan, args.dry_run, &mut on_progress);
    bar.finish_and_clear();
    let report = result?.report;
    if ctx.format == Format::Json {
        output::json(&report);
    } else {
        print_report(&report);
    }
    Ok(())
}

fn print_report(r: &ExchangeReport) {
    if r.dry_run {
        println!("dry run, nothing written.");
    }
    let would = if r.dry_run { "would add" } else { "added" };
    println!(
        "{} read; {} new, {} imported before, {} with nobody you know",
        plural(r.read, "message or meeting", "messages and meetings"),
        r.imported,
        r.already_imported,
        r.nobody_known
    );
    println!(
        "touches {would}: {} ({} emails sent, {} received, {} meetings, {} LinkedIn messages)",
        r.touches_added, r.emails_sent, r.emails_received, r.meetings, r.messages
    );
    println!(
        "people {would}: {}; your relationships {would}: {} (unverified), last contacts moved: {}; likely ties {would}: {}",
        r.people_added, r.relationships_added, r.last_contacts_moved, r.ties_added
    );
    if r.people_given_organisation > 0 {
        println!(
            "{} given an organisation from their address's domain",
            plural(r.people_given_organisation, "person added was", "people added were")
        );
    }
    if r.ties_kept_out > 0 {
        println!(
            "kept out: {}, you removed {} before",
            plural(r.ties_kept_out, "likely tie", "likely ties"),
            if r.ties_kept_out == 1 { "it" } else { "them" }
        );
    }
    println!(
        "skipped: mailing lists and bulk mail {}, no-reply and role addresses {}, declined {}, cancelled {}, to yourself {}, unreadable {}",
        r.skipped_bulk, r.skipped_role, r.skipped_declined, r.skipped_cancelled, r.skipped_to_self, r.skipped_unreadable
    );
    for f in r.files.iter().filter(|f| f.failed.is_some()) {
        println!("not imported: {}: {}", f.file, f.failed.as_deref().unwrap_or_default());
    }
    for s in &r.skips {
        println!("skipped {}: {}", s.location, s.reason);
    }
    for n in &r.notes {
        println!("note: {n}");
    }
    if !r.own_addresses.is_empty() {
        println!("\nThese look like your own addresses; add them with --me ADDRESS:");
        for a in &r.own_addresses {
            println!("  {} (seen {} times)", a.address, a.seen);
        }
    }
    if !r.candidates.is_empty() {
        println!(
            "\nFrequent correspondents who are not people yet; add them with --add ADDRESS or --add-all:"
        );
        for c in &r.candidates {
            println!(
                "  {}{}: {} sent, {} received, {} meetings",
                c.name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(),
                c.address,
                c.sent,
                c.received,
                c.meetings
            );
        }
    }
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        Command::Suggestions(SuggestionsCmd::List) => {
            let view = mail::suggestions(&ctx.workspace)?;
            if ctx.format == Format::Json {
                output::json(&view);
                return Ok(());
            }
            let mut t = Table::new(vec!["person", "now", "suggested", "set by hand", "why"]);
            for s in &view.strengths {
                t.row(vec![
                    s.name.clone(),
                    s.current.to_string(),
                    s.suggested.to_string(),
                    if s.by_hand { "yes".into() } else { String::new() },
                    s.reason.clone(),
                ]);
            }
            t.print(ctx.format);
            if ctx.format == Format::Text {
                if view.strengths.is_empty() {
                    println!("no suggestions: every strength matches its touches");
                }
                for l in &view.likely {
                    let state =
                        if l.verified { "verified" } else { "unverified: confirm they know each other" };
                    println!("{} and {}: {} ({state})", l.a_name, l.b_name, l.seen);
                }
            }
            Ok(())
        }
        Command::Suggestions(SuggestionsCmd::Accept { people, all }) => {
            if people.is_empty() && !all {
                return Err(Error::invalid(
                    "suggestions",
                    "name the people whose suggestion to accept, or give --all",
                ));
            }
            let ids = people
                .iter()
                .map(|p| mail::relationship_with_me(&ctx.workspace, p))
                .collect::<Result<Vec<_>>>()?;
            let done = mail::accept(&ctx.workspace, if all { None } else { Some(&ids) })?;
            if ctx.format == Format::Json {
                output::json(&done);
            } else {
                println!(
                    "accepted {}{}",
                    plural(done.accepted, "suggestion", "suggestions"),
                    if done.kept_by_hand > 0 {
                        format!(
                            "; kept {} you set by hand (name them to replace)",
                            plural(done.kept_by_hand, "strength", "strengths")
                        )
                    } else {
                        String::new()
                    }
                );
            }
            Ok(())
        }
        Command::Suggestions(SuggestionsCmd::Dismiss { a, b }) => {
            let (a, b) = {
                let store = ctx.workspace.store()?;
                (
                    intrograph_app_core::find::resolve_person(&store, &a)?,
                    intrograph_app_core::find::resolve_person(&store, &b)?,
                )
            };
            if a.id == b.id {
                return Err(Error::invalid("people", format!("{} is one person; name two", a.full_name)));
            }
            let removed = mail::dismiss_likely_tie(&ctx.workspace, a.id, b.id)?;
            if ctx.format == Format::Json {
                output::json(
                    &serde_json::json!({ "a": a.full_name, "b": b.full_name, "tie_removed": removed }),
                );
            } else {
                println!(
                    "{} and {} do not know each other{}; no import proposes them again",
                    a.full_name,
                    b.full_name,
                    if removed { ": their tie is removed" } else { "" }
                );
            }
            Ok(())
        }
        Command::Cadence(CadenceCmd::Set { person, days }) => {
            let name = mail::set_cadence_of(&ctx.workspace, &person, Some(days))?;
            if ctx.format == Format::Json {
                output::json(&serde_json::json!({ "person": name, "every_days": days }));
            } else {
                println!("keeping in touch with {name} every {}", plural(u64::from(days), "day", "days"));
            }
            Ok(())
        }
        Command::Cadence(CadenceCmd::Clear { person }) => {
            let name = mail::set_cadence_of(&ctx.workspace, &person, None)?;
            if ctx.format == Format::Json {
                output::json(&serde_json::json!({ "person": name, "every_days": null }));
            } else {
                println!("no cadence with {name} any more");
            }
            Ok(())
        }
        Command::Cadence(CadenceCmd::Due) => {
            let due = mail::due(&ctx.workspace)?;
            if ctx.format == Format::Json {
                output::json(&due);
                return Ok(());
            }
            let mut t = Table::new(vec!["person", "every", "last contact", "due"]);
            for d in &due.due {
                t.row(vec![
                    d.name.clone(),
                    format!("{} days", d.every_days),
                    d.last_contact.map(|l| l.to_string()).unwrap_or_else(|| "never".into()),
                    match d.days_overdue {
                        n if n > 0 => format!("{} overdue", plural(n as u64, "day", "days")),
                        0 => "today".into(),
                        n => format!("in {}", plural((-n) as u64, "day", "days")),
                    },
                ]);
            }
            t.print(ctx.format);
            Ok(())
        }
    }
}
