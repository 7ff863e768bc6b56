//! `intrograph request ...`

use chrono::NaiveDate;
use clap::Subcommand;
use intrograph_engine::model::{PersonId, TouchKind};
use intrograph_engine::paths::{self, PathOptions};
use intrograph_engine::pipeline::request::RequestTouch;
use intrograph_engine::pipeline::{Clock, IntroRequest, Move, NewRequest, RequestFilter, Stage};
use intrograph_engine::store::requests;
use intrograph_engine::suggest;
use intrograph_engine::Error;

use super::{opt, person, rep, rep_filter, today_or};
use crate::output::{self, Format, Table};
use crate::Ctx;

#[derive(Subcommand)]
pub enum Command {
    /// Creates a request (a draft) from a chosen path and drafts the ask.
    ///
    /// The path is the best one found through the network (`--via` picks the best one through
    /// that referral source), or given in full with `--path`.
    Create {
        /// The person to be introduced to (name, email or id).
        #[arg(long)]
        target: String,
        /// The referral source to ask.
        #[arg(long)]
        via: Option<String>,
        /// The whole path, comma-separated, the rep first and the target last.
        #[arg(long, conflicts_with = "via")]
        path: Option<String>,
        /// Why you want to meet the target.
        #[arg(long)]
        reason: String,
        /// What you bring the target.
        #[arg(long, default_value = "")]
        offer: String,
        /// Your own ask, instead of the drafted one.
        #[arg(long)]
        message: Option<String>,
        /// Most hops when searching the network.
        #[arg(long, default_value_t = 3)]
        max_hops: u8,
        /// The rep asking (default: the current rep).
        #[arg(long)]
        rep: Option<String>,
    },
    /// Lists requests, newest first.
    List {
        #[arg(long)]
        rep: Option<String>,
        #[arg(long)]
        stage: Option<Stage>,
        /// Only requests through this referral source.
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        target: Option<String>,
    },
    /// Shows a request with its stage history.
    Show {
        /// Request id (or a unique prefix of at least 6 hex digits).
        id: String,
    },
    /// Moves a request to another stage (only legal moves; won needs --value, lost needs --reason).
    Move {
        id: String,
        /// draft, asked, accepted, declined, introduced, meeting, opportunity, won, lost, stalled
        stage: Stage,
        #[arg(long, default_value = "")]
        note: String,
        /// The deal value (required for won).
        #[arg(long)]
        value: Option<f64>,
        /// Why it was lost (required for lost).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Sets the next follow-up date, or logs a touch made for the request.
    Followup {
        id: String,
        /// The next follow-up date (default after a touch: the stage's suggested delay).
        #[arg(long, value_name = "DATE")]
        on: Option<NaiveDate>,
        /// Clears the follow-up date.
        #[arg(long, conflicts_with_all = ["on", "touch"])]
        clear: bool,
        /// Logs a touch of this kind: call, email, meeting, event, message.
        #[arg(long)]
        touch: Option<TouchKind>,
        /// Who was touched (default: the source before the introduction, the target after).
        #[arg(long = "with", requires = "touch")]
        with: Option<String>,
        #[arg(long, default_value = "", requires = "touch")]
        notes: String,
        /// When the touch happened (default: today).
        #[arg(long, requires = "touch", value_name = "DATE")]
        date: Option<NaiveDate>,
    },
    /// Records that the referral source was thanked.
    Thank {
        id: String,
        #[arg(long, value_name = "DATE")]
        on: Option<NaiveDate>,
    },
    /// Records that the referral source was told how it went.
    Tell {
        id: String,
        #[arg(long, value_name = "DATE")]
        on: Option<NaiveDate>,
    },
    /// Follow-ups due today and overdue.
    Due {
        #[arg(long)]
        rep: Option<String>,
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Introduced or won requests whose source has not been thanked or told the outcome.
    Owed {
        #[arg(long)]
        rep: Option<String>,
    },
    /// Prints a request's ask message, or the ask template.
    Message {
        /// The request (omit with --template).
        #[arg(required_unless_present_any = ["template", "set_template"])]
        id: Option<String>,
        /// Prints the ask template and its placeholders.
        #[arg(long)]
        template: bool,
        /// Replaces the ask template with the content of FILE.
        #[arg(long, value_name = "FILE")]
        set_template: Option<std::path::PathBuf>,
    },
}

pub fn run(cmd: Command, ctx: &mut Ctx) -> Result<(), Error> {
    let clock = Clock::system();
    match cmd {
        Command::Create { target, via, path, reason, offer, message, max_hops, rep: who } => {
            let r = rep(ctx, who.as_deref())?;
            let target = person(ctx, &target)?;
            let path = match path {
                Some(p) => p
                    .split(',')
                    .map(|q| person(ctx, q.trim()).map(|x| x.id))
                    .collect::<Result<Vec<_>, _>>()?,
                None => {
                    let via = via.map(|v| person(ctx, &v)).transpose()?;
                    chosen_path(ctx, r.person_id, target.id, via.map(|p| p.id), max_hops, clock)?
                }
            };
            let new = NewRequest {
                rep_id: Some(r.id),
                target_id: Some(target.id),
                source_id: path.get(1).copied(),
                path,
                reason,
                offer,
                message,
            };
            let req = requests::create(&mut *ctx.store()?, new, &clock)?;
            if ctx.format == Format::Json {
                output::json(&req);
            } else {
                println!("Created request {} (draft): {}", req.id, path_names(ctx, &req));
                println!("\n{}\n", req.message);
                println!(
                    "Send it to {} personally, then: intrograph request move {} asked",
                    req.source_name, req.id
                );
            }
        }
        Command::List { rep: who, stage, source, target } => {
            let filter = RequestFilter {
                rep_id: rep_filter(ctx, who.as_deref())?.map(|r| r.id),
                stage,
                source_id: source.map(|s| person(ctx, &s).map(|p| p.id)).transpose()?,
                target_id: target.map(|s| person(ctx, &s).map(|p| p.id)).transpose()?,
            };
            let list = requests::list(&*ctx.store()?, &filter)?;
            print_requests(&list, ctx.format);
        }
        Command::Show { id } => {
            let id = requests::resolve(&*ctx.store()?, &id)?;
            let req = requests::get(&*ctx.store()?, id)?;
            let history = requests::history(&*ctx.store()?, id)?;
            if ctx.format == Format::Json {
                output::json(&serde_json::json!({ "request": req, "history": history }));
                return Ok(());
            }
            println!("Request {}", req.id);
            println!("  stage:       {}{}", req.stage, opt(req.stalled_from.map(|s| format!(" (from {s})"))));
            println!("  rep:         {}", req.rep_name);
            println!("  path:        {}", path_names(ctx, &req));
            println!("  reason:      {}", req.reason);
            if !req.offer.is_empty() {
                println!("  offer:       {}", req.offer);
            }
            println!(
                "  follow-up:   {}",
                req.next_follow_up.map(|d| d.to_string()).unwrap_or_else(|| "none".into())
            );
            println!("  touches:     {}", req.touches);
            if let Some(v) = req.deal_value {
                println!("  deal value:  {v:.2}");
            }
            if let Some(r) = &req.lost_reason {
                println!("  lost:        {r}");
            }
            println!(
                "  thanked:     {}",
                req.thanked_on.map(|d| d.to_string()).unwrap_or_else(|| "not yet".into())
            );
            println!(
                "  told:        {}",
                req.told_on.map(|d| d.to_string()).unwrap_or_else(|| "not yet".into())
            );
            println!("\nHistory:");
            for h in history {
                let from = h.from.map(|f| format!("{f} → ")).unwrap_or_default();
                let note = if h.note.is_empty() { String::new() } else { format!("  ({})", h.note) };
                println!("  {}  {from}{}{note}", h.at.format("%Y-%m-%d %H:%M"), h.to);
            }
            println!("\nMessage:\n{}", req.message);
        }
        Command::Move { id, stage, note, value, reason } => {
            let id = requests::resolve(&*ctx.store()?, &id)?;
            let before = requests::get(&*ctx.store()?, id)?.stage;
            let mv = Move { to: stage, note, deal_value: value, lost_reason: reason };
            let req = requests::move_to(&mut *ctx.store()?, id, &mv, &clock)?;
            if ctx.format == Format::Json {
                output::json(&req);
            } else {
                println!("Request {}: {before} → {}.", req.id, req.stage);
                match req.next_follow_up {
                    Some(d) => println!("Next follow-up: {d}."),
                    None if matches!(req.stage, Stage::Won | Stage::Lost) => {
                        println!(
                            "Tell {} how it went, and thank them: intrograph request tell {}",
                            req.source_name, req.id
                        )
                    }
                    None => {}
                }
                if req.stage == Stage::Introduced && req.thanked_on.is_none() {
                    println!(
                        "Thank {} for the introduction: intrograph request thank {}",
                        req.source_name, req.id
                    );
                }
            }
        }
        Command::Followup { id, on, clear, touch, with, notes, date } => {
            let id = requests::resolve(&*ctx.store()?, &id)?;
            let req = if let Some(kind) = touch {
                let with = with.map(|w| person(ctx, &w).map(|p| p.id)).transpose()?;
                let t = RequestTouch { kind, person_id: with, date, notes, next_follow_up: on };
                requests::log_touch(&mut *ctx.store()?, id, &t, &clock)?;
                requests::get(&*ctx.store()?, id)?
            } else if clear {
                requests::set_follow_up(&mut *ctx.store()?, id, None, &clock)?
            } else {
                let on = on.ok_or_else(|| {
                    Error::invalid("follow-up", "give --on DATE, --clear, or --touch KIND to log a touch")
                })?;
                requests::set_follow_up(&mut *ctx.store()?, id, Some(on), &clock)?
            };
            if ctx.format == Format::Json {
                output::json(&req);
            } else {
                println!(
                    "Request {}: {} touches; next follow-up {}.",
                    req.id,
                    req.touches,
                    req.next_follow_up.map(|d| d.to_string()).unwrap_or_else(|| "none".into())
                );
            }
        }
        Command::Thank { id, on } => {
            let id = requests::resolve(&*ctx.store()?, &id)?;
            let req = requests::mark_thanked(&mut *ctx.store()?, id, today_or(on), &clock)?;
            if ctx.format == Format::Json {
                output::json(&req);
            } else {
                println!("Thanked {} on {}.", req.source_name, opt(req.thanked_on));
            }
        }
        Command::Tell { id, on } => {
            let id = requests::resolve(&*ctx.store()?, &id)?;
            let req = requests::mark_told(&mut *ctx.store()?, id, today_or(on), &clock)?;
            if ctx.format == Format::Json {
                output::json(&req);
            } else {
                println!("Told {} how it went on {}.", req.source_name, opt(req.told_on));
            }
        }
        Command::Due { rep: who, today } => {
            let rep = rep_filter(ctx, who.as_deref())?;
            let due = requests::follow_ups(&*ctx.store()?, today_or(today), rep.map(|r| r.id))?;
            if ctx.format == Format::Json {
                output::json(&due);
                return Ok(());
            }
            let mut t = Table::new(vec!["status", "follow-up", "id", "stage", "rep", "source", "target"]);
            for (status, list) in [("overdue", &due.overdue), ("due", &due.due)] {
                for r in list {
                    t.row(vec![
                        status.into(),
                        opt(r.next_follow_up),
                        r.id.to_string(),
                        r.stage.to_string(),
                        r.rep_name.clone(),
                        r.source_name.clone(),
                        r.target_name.clone(),
                    ]);
                }
            }
            if t.rows.is_empty() && ctx.format == Format::Text {
                println!("Nothing due: no follow-up is due or overdue.");
            } else {
                t.print(ctx.format);
            }
        }
        Command::Owed { rep: who } => {
            let rep = rep_filter(ctx, who.as_deref())?;
            let owed = requests::sources_owed(&*ctx.store()?, rep.map(|r| r.id))?;
            if ctx.format == Format::Json {
                output::json(&owed);
                return Ok(());
            }
            let mut t = Table::new(vec!["id", "stage", "source", "target", "owed"]);
            for o in &owed {
                let what = match (o.not_thanked, o.not_told) {
                    (true, true) => "thanks and the outcome",
                    (true, false) => "thanks",
                    _ => "the outcome",
                };
                t.row(vec![
                    o.request.id.to_string(),
                    o.request.stage.to_string(),
                    o.request.source_name.clone(),
                    o.request.target_name.clone(),
                    what.into(),
                ]);
            }
            if owed.is_empty() && ctx.format == Format::Text {
                println!("Every source has been thanked and told the outcome.");
            } else {
                t.print(ctx.format);
            }
        }
        Command::Message { id, template, set_template } => {
            if let Some(file) = set_template {
                let text = std::fs::read_to_string(&file)
                    .map_err(|source| Error::Io { path: file.clone(), source })?;
                requests::set_ask_template(&mut *ctx.store()?, &text)?;
                println!("Ask template replaced from {}.", file.display());
            } else if template {
                let text = requests::ask_template(&*ctx.store()?)?;
                if ctx.format == Format::Json {
                    output::json(&serde_json::json!({
                        "template": text,
                        "placeholders": intrograph_engine::pipeline::message::PLACEHOLDERS,
                    }));
                } else {
                    println!("{text}");
                }
            } else if let Some(id) = id {
                let store = ctx.store()?;
                let req = requests::get(&store, requests::resolve(&store, &id)?)?;
                if ctx.format == Format::Json {
                    output::json(
                        &serde_json::json!({ "id": req.id, "to": req.source_name, "message": req.message }),
                    );
                } else {
                    println!("{}", req.message);
                }
            }
        }
    }
    Ok(())
}

/// The best path to `target` (through `via` when given), ranked with the sources' track records.
fn chosen_path(
    ctx: &Ctx,
    rep_person: PersonId,
    target: PersonId,
    via: Option<PersonId>,
    max_hops: u8,
    clock: Clock,
) -> Result<Vec<PersonId>, Error> {
    let net = suggest::load_network(&*ctx.store()?, clock.today())?;
    let options = suggest::with_track_records(
        &*ctx.store()?,
        &net,
        rep_person,
        PathOptions { k: paths::MAX_K, max_hops, diverse: true, ..PathOptions::default() },
    )?;
    let found = paths::paths_to_person(&net, rep_person, target, &options)?;
    let pick = found.iter().find(|p| match via {
        Some(v) => p.first_intermediary().is_some_and(|f| f.id == v),
        None => p.first_intermediary().is_some(),
    });
    match (pick, via) {
        (Some(p), _) => Ok(p.people.iter().map(|x| x.id).collect()),
        // The rep knows the source but the network does not show the source knowing the target:
        // a request can still be made (the rep confirms the tie when asking).
        (None, Some(v)) => Ok(vec![rep_person, v, target]),
        (None, None) => Err(Error::not_found(
            "introduction path",
            format!("no one in your network links you to the target within {max_hops} hops; name a source with --via"),
        )),
    }
}

fn path_names(ctx: &Ctx, req: &IntroRequest) -> String {
    let Ok(store) = ctx.store() else { return String::new() };
    req.path
        .iter()
        .map(|p| {
            intrograph_engine::store::people::get(store.conn(), *p)
                .map(|x| x.full_name)
                .unwrap_or_else(|_| p.to_string())
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

fn print_requests(list: &[IntroRequest], format: Format) {
    if format == Format::Json {
        output::json(list);
        return;
    }
    let mut t = Table::new(vec!["id", "stage", "rep", "source", "target", "follow-up", "touches", "created"]);
    for r in list {
        t.row(vec![
            r.id.to_string(),
            r.stage.to_string(),
            r.rep_name.clone(),
            r.source_name.clone(),
            r.target_name.clone(),
            opt(r.next_follow_up),
            r.touches.to_string(),
            r.created_at.format("%Y-%m-%d").to_string(),
        ]);
    }
    if list.is_empty() && format == Format::Text {
        println!("No introduction requests yet. Find a path, then: intrograph request create --target NAME --reason WHY");
    } else {
        t.print(format);
    }
}
