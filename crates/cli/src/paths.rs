//! `intrograph paths` and `intrograph weights`: who can introduce me, and the
//! weight of every relationship so any ranking can be audited.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use intrograph_app_core::find::{self, PathQuery, TrackRecords};
use intrograph_engine::paths::{IntroPath, PathOptions};
use intrograph_engine::suggest::Suggestions;
use intrograph_engine::Error;

use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Rank who can introduce you to a person, or to anyone at an organisation.
    ///
    /// Paths run from the rep through people who know each other, at most --max-hops
    /// relationships long, ranked by the product of their introduction weights.
    /// By default each path starts with a different person to ask (--plain lists
    /// the best paths overall, even through the same person).
    ///
    /// Examples:
    ///   intrograph paths "Dana Whitfield"
    ///   intrograph paths "Northwind Traders" --max-hops 4 -k 10
    ///   intrograph paths dana@northwind.example --exclude "Bob Stone" --verified-only --json
    #[command(verbatim_doc_comment)]
    Paths(PathsArgs),

    /// Every relationship with its introduction weight and the factors behind it.
    ///
    /// Example: intrograph weights --csv > weights.csv
    Weights(WeightsArgs),
}

#[derive(Args)]
pub struct PathsArgs {
    /// The target: a person or organisation (name, email, domain or id).
    target: String,
    /// The rep the paths start from (default: the current rep).
    #[arg(long, value_name = "REP")]
    from: Option<String>,
    /// How many paths (for an organisation: how many people).
    #[arg(short, long, default_value_t = 5, value_parser = crate::output::size)]
    k: usize,
    /// Most relationships on a path (1 to 4).
    #[arg(long, default_value_t = 3, value_parser = crate::output::hops)]
    max_hops: u8,
    /// Never route through this person (repeatable).
    #[arg(long, value_name = "PERSON")]
    exclude: Vec<String>,
    /// Use only relationships you have verified.
    #[arg(long)]
    verified_only: bool,
    /// The best paths overall, even several through the same first person.
    #[arg(long)]
    plain: bool,
    /// For an organisation target: paths shown per person.
    #[arg(long, default_value_t = 3, value_parser = crate::output::size)]
    per_person: usize,
    /// Rank without the referral sources' track records (every source counts as neutral).
    #[arg(long)]
    ignore_track_record: bool,
    /// Compute recency as of this date (YYYY-MM-DD; default today).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

#[derive(Args)]
pub struct WeightsArgs {
    /// Compute recency as of this date (YYYY-MM-DD; default today).
    #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
    today: Option<NaiveDate>,
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<(), Error> {
    match cmd {
        Command::Paths(args) => paths(args, ctx),
        Command::Weights(args) => weights(args, ctx),
    }
}

fn paths(args: PathsArgs, ctx: &mut Ctx) -> Result<(), Error> {
    let options = PathOptions {
        k: args.k,
        max_hops: args.max_hops,
        diverse: !args.plain,
        verified_only: args.verified_only,
        per_target: args.per_person,
        ..PathOptions::default()
    };
    let query = PathQuery {
        target: args.target,
        from: args.from,
        exclude: args.exclude,
        options,
        track_records: if args.ignore_track_record { TrackRecords::Ignored } else { TrackRecords::Applied },
        as_of: args.today,
    };
    let found = find::find_paths_by_name(&ctx.workspace, &query)?;
    match ctx.format {
        Format::Json => output::json(&found),
        Format::Csv => print_csv(&found),
        Format::Text => print_text(&found, !args.plain),
    }
    Ok(())
}

fn print_text(found: &Suggestions, diverse: bool) {
    let mode = if diverse { "a different first person to ask on each" } else { "best overall" };
    match found {
        Suggestions::Person { rep, target, max_hops, paths } => {
            println!(
                "Introduction paths from {} to {} (at most {max_hops} hops, {mode})",
                rep.name, target.name
            );
            if paths.is_empty() {
                let wider = if *max_hops < intrograph_engine::paths::MAX_HOPS {
                    format!("Try --max-hops {}, or add", intrograph_engine::paths::MAX_HOPS)
                } else {
                    "Add".to_string()
                };
                println!("\nNo path within {max_hops} hops. {wider} the relationships you know of.");
            }
            for (i, p) in paths.iter().enumerate() {
                print_path(i + 1, p, "");
            }
        }
        Suggestions::Organisation { rep, organisation, max_hops, groups } => {
            println!(
                "Introduction paths from {} to people at {} (at most {max_hops} hops, {mode})",
                rep.name, organisation.name
            );
            if groups.is_empty() {
                println!(
                    "\nNo path within {max_hops} hops to anyone who works at {} now.",
                    organisation.name
                );
            }
            for (i, g) in groups.iter().enumerate() {
                println!("\n{}. {}", i + 1, g.person.name);
                for (j, p) in g.paths.iter().enumerate() {
                    print_path(j + 1, p, "   ");
                }
            }
        }
    }
}

fn print_path(rank: usize, path: &IntroPath, indent: &str) {
    let names: Vec<&str> = path.people.iter().map(|p| p.name.as_str()).collect();
    let ask = match (&path.ask_colleague, path.first_intermediary()) {
        (Some(colleague), _) => colleague.clone(),
        (None, Some(p)) => format!("ask {}", p.name),
        (None, None) => "you know them directly".to_string(),
    };
    println!("\n{indent}{rank}. {}   score {:.3}, {ask}", names.join(" → "), path.score);
    for (hop, pair) in path.hops.iter().zip(path.people.windows(2)) {
        println!(
            "{indent}   {} → {}: {} (weight {:.2})",
            pair[0].name, pair[1].name, hop.sentence, hop.weight
        );
    }
    if let Some(f) = path.source_factor.filter(|f| (*f - 1.0).abs() > f64::EPSILON) {
        println!("{indent}   track record of {}: ×{f:.2}", names.get(1).copied().unwrap_or(""));
    }
}

fn print_csv(found: &Suggestions) {
    let mut table = Table::new(vec!["target", "rank", "score", "ask", "path", "unverified_hops"]);
    let mut add = |target: &str, rank: usize, p: &IntroPath| {
        table.row(vec![
            target.to_string(),
            rank.to_string(),
            format!("{:.6}", p.score),
            p.first_intermediary().map(|x| x.name.clone()).unwrap_or_default(),
            p.people.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(" > "),
            p.hops.iter().filter(|h| h.confirm_they_know_each_other).count().to_string(),
        ])
    };
    match found {
        Suggestions::Person { target, paths, .. } => {
            for (i, p) in paths.iter().enumerate() {
                add(&target.name, i + 1, p);
            }
        }
        Suggestions::Organisation { groups, .. } => {
            for g in groups {
                for (i, p) in g.paths.iter().enumerate() {
                    add(&g.person.name, i + 1, p);
                }
            }
        }
    }
    table.print(Format::Csv);
}

fn weights(args: WeightsArgs, ctx: &mut Ctx) -> Result<(), Error> {
    let weights = find::relationship_weights(&ctx.workspace, args.today)?;
    if ctx.format == Format::Json {
        output::json(&weights);
        return Ok(());
    }
    let mut table = Table::new(vec![
        "person_a",
        "person_b",
        "kind",
        "strength",
        "verified",
        "last_contact",
        "weight",
        "relationship_id",
    ]);
    for t in &weights.relationships {
        table.row(vec![
            t.a.full_name.clone(),
            t.b.full_name.clone(),
            t.tie.kind.as_str().to_string(),
            t.tie.strength.get().to_string(),
            if t.tie.verified() { "yes".into() } else { "no".into() },
            t.tie.last_contact.map(|d| d.to_string()).unwrap_or_default(),
            format!("{:.4}", t.tie.weight),
            t.tie.id.to_string(),
        ]);
    }
    table.print(ctx.format);
    Ok(())
}
