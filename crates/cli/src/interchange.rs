//! `intrograph` commands that move data in and out: imports (LinkedIn, vCard, any CSV,
//! people and relationships CSV), saved column mappings, CSV exports and the JSON backup.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use intrograph_app_core::interchange::{self, ExportTable};
use intrograph_app_core::views::interchange::{ImportFormat, ImportPlan};
use intrograph_engine::export;
use intrograph_engine::import::{Action, ImportReport, Progress};
use intrograph_engine::pipeline::metrics::By;
use intrograph_engine::{Error, Result};

use crate::output::{self, Format};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Import contacts (LinkedIn connections, vCards, any contacts CSV, people and relationships
    /// CSV), or touches from your own mail, calendar and LinkedIn messages.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Save and list column mappings for `import csv`.
    #[command(subcommand)]
    Mapping(MappingCmd),
    /// Export people, relationships, requests or metrics as CSV (formula-safe).
    #[command(subcommand)]
    Export(ExportCmd),
    /// Write a full JSON backup of the database.
    #[command(subcommand)]
    Backup(BackupCmd),
    /// Restore a JSON backup into an empty database.
    #[command(subcommand)]
    Restore(RestoreCmd),
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// Every person, with current organisation, emails, phones and tags.
    People(OutArgs),
    /// Every relationship, with its introduction weight as of today.
    Relationships(OutArgs),
    /// Every introduction request.
    Requests(OutArgs),
    /// The request funnel: how many reached each stage, and the conversion rates.
    Metrics {
        #[command(flatten)]
        out: OutArgs,
        /// First day (default: the start of this quarter).
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// Last day (default: the end of this quarter).
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        to: Option<NaiveDate>,
        /// Break the funnel down: all, rep, source or quarter.
        #[arg(long, default_value = "all")]
        by: By,
        /// Which table: funnel, sources (referral against other lead sources), activity, top-sources.
        #[arg(long, default_value = "funnel")]
        table: export::MetricsTable,
    },
}

#[derive(Args)]
pub struct OutArgs {
    /// Write to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Every row of every table as JSON; `intrograph restore json` brings it back losslessly.
    #[command(after_long_help = "Example:\n  intrograph backup json ~/intrograph-2026-11-23.json")]
    Json {
        /// The JSON file to write.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum RestoreCmd {
    /// Restore a JSON backup. Refuses a database that holds anything unless --replace.
    #[command(
        after_long_help = "Example:\n  intrograph --db fresh.db restore json ~/intrograph-2026-11-23.json"
    )]
    Json {
        /// The JSON backup file to restore.
        file: PathBuf,
        /// Delete everything in this database first (in the same transaction).
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Subcommand)]
pub enum ImportCmd {
    /// Import LinkedIn's Connections.csv: people, their current positions, and a weak,
    /// unverified "LinkedIn connection" from the current rep to each.
    #[command(
        after_long_help = "Get the file from LinkedIn: Settings > Data privacy > Get a copy of your data > Connections.\nRows without a name (hidden profiles) are skipped and listed.\n\nExample:\n  intrograph import linkedin ~/Downloads/Connections.csv --dry-run"
    )]
    Linkedin(ImportArgs),
    /// Import a vCard file (.vcf, versions 2.1, 3.0 and 4.0; one or many cards).
    #[command(after_long_help = "Example:\n  intrograph import vcard contacts.vcf --dry-run")]
    Vcard(ImportArgs),
    /// Import any contacts CSV: Google Contacts, Outlook, HubSpot and Salesforce headers are
    /// recognised; other files need a saved mapping (`intrograph mapping save`).
    #[command(
        after_long_help = "Examples:\n  intrograph import csv google-contacts.csv --dry-run\n  intrograph mapping save crm --column \"Contact=name\" --column \"Mail=email\"\n  intrograph import csv crm-export.csv --mapping crm"
    )]
    Csv(CsvArgs),
    /// Import people from a CSV file; rows matching stored people update them.
    #[command(
        after_long_help = "Columns: name (required), email, phone, organisation, title, linkedin_url, tags, notes, id.\nSee docs/import-formats.md.\n\nExample:\n  intrograph import people contacts.csv --dry-run"
    )]
    People(StrictArgs),
    /// Import relationships from a CSV file; existing pairs are updated.
    #[command(
        after_long_help = "Columns: person_a, person_b (required), kind, strength, verified, last_contact, since, notes.\nSee docs/import-formats.md.\n\nExample:\n  intrograph import relationships ties.csv"
    )]
    Relationships(StrictArgs),
    /// Import your own mail as touches: an mbox file (Gmail Takeout, Thunderbird, Apple Mail),
    /// a folder of them, or a Maildir. Only who, when and which way are kept.
    #[command(
        after_long_help = "Mailing lists, bulk mail, no-reply and role addresses and mail to yourself are skipped and counted.\nThe preview lists frequent correspondents who are not people yet, and addresses that look like yours.\n\nExamples:\n  intrograph import mail ~/Takeout/Mail/All\\ mail.mbox --dry-run\n  intrograph import mail ~/Takeout/Mail/All\\ mail.mbox --me sam.rivera@gmail.com --add zoe@beta.io"
    )]
    Mail(crate::mail::ExchangeArgs),
    /// Import your calendar (.ics from Google Calendar or Outlook): each past meeting, recurring
    /// ones expanded, becomes a touch with its organiser and attendees.
    #[command(after_long_help = "Example:\n  intrograph import calendar ~/Downloads/calendar.ics --dry-run")]
    Calendar(crate::mail::ExchangeArgs),
    /// Import LinkedIn's messages.csv (from the same export as Connections.csv) as touches.
    #[command(
        after_long_help = "Example:\n  intrograph import linkedin-messages ~/Downloads/messages.csv --dry-run"
    )]
    LinkedinMessages(crate::mail::ExchangeArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// The file to import.
    file: PathBuf,
    /// Show what would change (a preview) without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// The file's character encoding (utf-8, utf-16le, utf-16be, windows-1252, ...); detected when omitted.
    #[arg(long, value_name = "ENCODING")]
    encoding: Option<String>,
}

#[derive(Args)]
pub struct CsvArgs {
    #[command(flatten)]
    common: ImportArgs,
    /// A saved column mapping (see `intrograph mapping list`); headers are recognised when omitted.
    #[arg(long, value_name = "NAME")]
    mapping: Option<String>,
}

#[derive(Args)]
pub struct StrictArgs {
    /// The CSV file to import.
    file: PathBuf,
    /// Show what would change without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// The file's character encoding (utf-8, utf-16le, utf-16be, windows-1252, ...); detected when omitted.
    #[arg(long, value_name = "ENCODING")]
    encoding: Option<String>,
}

#[derive(Subcommand)]
pub enum MappingCmd {
    /// Save (or replace) a column mapping: which field each header of your file feeds.
    #[command(
        after_long_help = "Fields: name, first_name, middle_name, last_name, email, phone, organisation, title,\nlinkedin_url, website, tags, notes, ignore. Several headers may feed email, phone and tags.\n\nExample:\n  intrograph mapping save crm --column \"Contact=name\" --column \"Mail=email\" --column \"Firm=organisation\""
    )]
    Save {
        /// The mapping's name, for `import csv --mapping NAME`.
        name: String,
        /// `Header=field`, once per column.
        #[arg(long = "column", value_name = "HEADER=FIELD", required = true)]
        columns: Vec<String>,
    },
    /// List the saved mappings.
    List,
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        Command::Import(c) => import_cmd(c, ctx),
        Command::Mapping(c) => mapping_cmd(c, ctx),
        Command::Export(c) => export_cmd(c, ctx),
        Command::Backup(BackupCmd::Json { file }) => {
            let summary = interchange::json_backup(&ctx.workspace, &file)?;
            if text(ctx) {
                println!(
                    "backed up {} rows of {} tables to {}",
                    summary.rows(),
                    summary.tables.len(),
                    file.display()
                );
            } else {
                output::json(&summary);
            }
            Ok(())
        }
        Command::Restore(RestoreCmd::Json { file, replace }) => {
            let summary = interchange::json_restore(&ctx.workspace, &file, replace)?;
            if text(ctx) {
                println!(
                    "restored {} rows of {} tables from {}",
                    summary.rows(),
                    summary.tables.len(),
                    file.display()
                );
            } else {
                output::json(&summary);
            }
            Ok(())
        }
    }
}

fn text(ctx: &Ctx) -> bool {
    ctx.format != Format::Json
}

/// A progress bar on stderr (drawn only when stderr is a terminal).
fn progress_bar(path: &Path) -> ProgressBar {
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {binary_bytes}/{binary_total_bytes} {msg} ({eta})")
            .expect("valid template"),
    );
    bar
}

fn import_cmd(cmd: ImportCmd, ctx: &mut Ctx) -> Result<()> {
    use intrograph_engine::import::ExchangeFormat;
    let cmd = match cmd {
        ImportCmd::Mail(a) => return crate::mail::import(ExchangeFormat::Mail, a, ctx),
        ImportCmd::Calendar(a) => return crate::mail::import(ExchangeFormat::Calendar, a, ctx),
        ImportCmd::LinkedinMessages(a) => {
            return crate::mail::import(ExchangeFormat::LinkedinMessages, a, ctx)
        }
        c => c,
    };
    let strict = |a: StrictArgs| ImportArgs { file: a.file, dry_run: a.dry_run, encoding: a.encoding };
    let (format, args, mapping) = match cmd {
        ImportCmd::People(a) => (ImportFormat::PeopleCsv, strict(a), None),
        ImportCmd::Relationships(a) => (ImportFormat::RelationshipsCsv, strict(a), None),
        ImportCmd::Linkedin(a) => (ImportFormat::Linkedin, a, None),
        ImportCmd::Vcard(a) => (ImportFormat::Vcard, a, None),
        ImportCmd::Csv(a) => (ImportFormat::Csv, a.common, a.mapping),
        ImportCmd::Mail(_) | ImportCmd::Calendar(_) | ImportCmd::LinkedinMessages(_) => {
            unreachable!("imported above")
        }
    };
    // The file as a full path (the application layer takes only those), relative to here.
    let path =
        std::path::absolute(&args.file).map_err(|source| Error::Io { path: args.file.clone(), source })?;
    let plan = ImportPlan {
        path: path.display().to_string(),
        format: Some(format),
        encoding: args.encoding,
        saved_mapping: mapping,
        ..ImportPlan::default()
    };
    let bar = progress_bar(&args.file);
    let mut on_progress = |p: Progress| {
        bar.set_position(p.bytes_read);
        if p.records % 256 == 0 {
            bar.set_message(intrograph_engine::import::plural(p.records, "record", "records"));
        }
    };
    let result = interchange::import(&ctx.workspace, &plan, args.dry_run, &mut on_progress);
    bar.finish_and_clear();
    let report = result?.report;
    match format {
        ImportFormat::PeopleCsv => print_strict_report(ctx, "people", &report),
        ImportFormat::RelationshipsCsv => print_strict_report(ctx, "relationships", &report),
        _ => print_report(ctx, &args.file, &report),
    }
    Ok(())
}

fn print_strict_report(ctx: &Ctx, what: &str, report: &ImportReport) {
    if !text(ctx) {
        output::json(report);
        return;
    }
    println!(
        "{}{what}: {}; {} added, {} updated, {} unchanged",
        if report.dry_run { "dry run, nothing written. " } else { "" },
        intrograph_engine::import::plural(report.rows, "row", "rows"),
        report.added,
        report.updated,
        report.unchanged
    );
    for n in &report.notes {
        println!("note: {n}");
    }
}

fn print_report(ctx: &Ctx, file: &Path, r: &ImportReport) {
    if !text(ctx) {
        output::json(r);
        return;
    }
    if r.dry_run {
        if r.changes.is_empty() {
            println!("dry run, nothing written. This import would change nothing.");
        } else {
            println!("dry run, nothing written. This import would make these changes:");
        }
        for c in &r.changes {
            let action = match c.action {
                Action::Added => "add",
                Action::Updated => "update",
                Action::Merged => "merge",
            };
            println!("  {action:<6}  {}  ({})", c.person, c.location);
        }
        if (r.changes.len() as u64) < r.added + r.updated + r.merged {
            println!("  ... and {} more", r.added + r.updated + r.merged - r.changes.len() as u64);
        }
    }
    println!(
        "{} ({}): {}; {} added, {} updated, {} merged, {} unchanged, {} skipped",
        file.display(),
        r.encoding.as_deref().unwrap_or("?"),
        intrograph_engine::import::plural(r.rows, "record", "records"),
        r.added,
        r.updated,
        r.merged,
        r.unchanged,
        r.skipped
    );
    if r.relationships_added > 0 {
        let verb = if r.dry_run { "would be added" } else { "added" };
        println!(
            "{} {verb}",
            intrograph_engine::import::plural(r.relationships_added, "relationship", "relationships")
        );
    }
    for s in &r.skips {
        println!("skipped {}: {}", s.location, s.reason);
    }
    for n in &r.notes {
        println!("note: {n}");
    }
}

fn mapping_cmd(cmd: MappingCmd, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        MappingCmd::Save { name, columns } => {
            let mapping = interchange::save_mapping(&ctx.workspace, &name, &columns)?;
            if text(ctx) {
                println!("saved mapping {:?} ({} columns)", mapping.name, mapping.columns.len());
            } else {
                output::json(&mapping);
            }
        }
        MappingCmd::List => {
            let all = interchange::saved_mappings(&ctx.workspace)?;
            if !text(ctx) {
                output::json(&all);
                return Ok(());
            }
            if all.is_empty() {
                println!("no saved mappings; save one with `intrograph mapping save NAME --column \"Header=field\"`");
            }
            for m in all {
                let cols: Vec<String> = m.columns.iter().map(|(h, f)| format!("{h}={f}")).collect();
                println!("{}: {}", m.name, cols.join(", "));
            }
        }
    }
    Ok(())
}

fn export_cmd(cmd: ExportCmd, ctx: &mut Ctx) -> Result<()> {
    let (table, out) = match cmd {
        ExportCmd::People(o) => (ExportTable::People, o.out),
        ExportCmd::Relationships(o) => (ExportTable::Relationships, o.out),
        ExportCmd::Requests(o) => (ExportTable::Requests, o.out),
        ExportCmd::Metrics { out, from, to, by, table } => {
            (ExportTable::Metrics { from, to, by, table }, out.out)
        }
    };
    match out {
        Some(path) => {
            let written = interchange::export_csv_file(&ctx.workspace, table, &path)?;
            if text(ctx) {
                eprintln!("wrote {} rows to {}", written.rows, path.display());
            }
        }
        None => {
            // Into memory first: a failed export prints nothing.
            let mut buf: Vec<u8> = Vec::new();
            interchange::export_csv(&ctx.workspace, table, &mut buf)?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&buf).and_then(|_| stdout.flush()).expect("failed printing to stdout");
        }
    }
    Ok(())
}
