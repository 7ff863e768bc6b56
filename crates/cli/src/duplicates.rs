//! `intrograph duplicates`: pairs of records that are probably one person, with the
//! evidence; `duplicates dismiss` says two records are two people.

use clap::{Args, Subcommand};

use intrograph_app_core::duplicates;
use intrograph_engine::duplicates::{DuplicateSide, LikelyDuplicate};
use intrograph_engine::Result;

use crate::output::{self, Format};
use crate::Ctx;

/// The arguments of `intrograph duplicates`.
#[derive(Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_long_help = "Merge a pair with `intrograph person merge KEEP OTHER` (the ids are listed), or dismiss it.\n\nExamples:\n  intrograph duplicates\n  intrograph duplicates --json --limit 200\n  intrograph duplicates dismiss \"Bob Smith\" \"Robert Smith\""
)]
pub struct DuplicatesArgs {
    #[command(subcommand)]
    action: Option<DuplicatesCmd>,
    /// Most pairs to list, best first (at most 500).
    #[arg(long, default_value_t = 50)]
    limit: u32,
}

#[derive(Subcommand)]
enum DuplicatesCmd {
    /// Say two records are two different people: the pair is never proposed again.
    Dismiss {
        /// One person: id, email or whole name.
        a: String,
        /// The other person: id, email or whole name.
        b: String,
    },
}

pub fn run(args: DuplicatesArgs, ctx: &mut Ctx) -> Result<()> {
    let w = &ctx.workspace;
    match args.action {
        Some(DuplicatesCmd::Dismiss { a, b }) => {
            let d = duplicates::dismiss_named(w, &a, &b)?;
            if ctx.format == Format::Json {
                output::json(&d);
            } else if d.newly {
                println!("{} and {} are two people; the pair will not be proposed again", d.a_name, d.b_name);
            } else {
                println!("{} and {} were already dismissed", d.a_name, d.b_name);
            }
        }
        None => {
            let view = duplicates::list(w, args.limit)?;
            if ctx.format == Format::Json {
                output::json(&view);
                return Ok(());
            }
            if view.pairs.is_empty() {
                println!("no likely duplicates ({} dismissed)", view.dismissed);
                return Ok(());
            }
            for (i, pair) in view.pairs.iter().enumerate() {
                print_pair(i + 1, pair);
            }
            println!(
                "{} of {} likely duplicates listed; {} dismissed",
                view.pairs.len(),
                view.total,
                view.dismissed
            );
        }
    }
    Ok(())
}

fn side(s: &DuplicateSide) -> String {
    let mut facts: Vec<String> = s.organisations.first().cloned().into_iter().collect();
    facts.extend(s.emails.first().cloned());
    facts.push(intrograph_engine::import::plural(
        u64::from(s.relationships),
        "relationship",
        "relationships",
    ));
    if s.rep {
        facts.push("rep".into());
    }
    format!("{} ({})", s.name, facts.join("; "))
}

fn print_pair(n: usize, pair: &LikelyDuplicate) {
    println!("{n}. {}: {}  and  {}", pair.likelihood.label(), side(&pair.keep), side(&pair.other));
    for e in &pair.evidence {
        println!("     {} {}", if e.against { "-" } else { "+" }, e.detail);
    }
    println!("     merge: intrograph person merge {} {}", pair.keep.id, pair.other.id);
    println!("     dismiss: intrograph duplicates dismiss {} {}", pair.keep.id, pair.other.id);
}
