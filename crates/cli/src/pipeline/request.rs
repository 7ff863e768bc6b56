//! `intrograph request ...`

use chrono::NaiveDate;
use clap::Subcommand;
use intrograph_app_core::requests::{self, AskByName, RequestQuery, TouchByName};
use intrograph_app_core::views::requests::{MoveInput, SourceNote};
use intrograph_engine::model::TouchKind;
use intrograph_engine::pipeline::{IntroRequest, Stage};
use intrograph_engine::Error;

use super::opt;
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
        #[arg(long, default_value_t = 3, value_parser = crate::output::hops)]
        max_hops: u8,
        /// The rep asking (default: the current rep).
        #[arg(long)]
        rep: Option<String>,
    },
    /// Lists requests, newest first.
    List {
        /// Only this rep's requests (rep id, or the person's id, email or name); default: every rep.
        #[arg(long)]
        rep: Option<String>,
        /// Only requests at this stage: draft, asked, accepted, declined, introduced, meeting,
        /// opportunity, won, lost or stalled.
        #[arg(long)]
        stage: Option<Stage>,
        /// Only requests through this referral source.
        #[arg(long)]
        source: Option<String>,
        /// Only requests to meet this person (id, email or name).
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
        /// The request: its id or the first characters of it (at least 6).
        id: String,
        /// draft, asked, accepted, declined, introduced, meeting, opportunity, won, lost, stalled
        stage: Stage,
        /// A note kept with the move in the request's history.
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
        /// The request: its id or the first characters of it (at least 6).
        id: String,
        /// The next follow-up date (default after a touch: the stage's suggested delay).
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
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
        /// Notes on the touch (with --touch).
        #[arg(long, default_value = "", requires = "touch")]
        notes: String,
        /// When the touch happened (default: today).
        #[arg(value_parser = crate::output::date, long, requires = "touch", value_name = "DATE")]
        date: Option<NaiveDate>,
    },
    /// Records that the referral source was thanked.
    Thank {
        /// The request: its id or the first characters of it (at least 6).
        id: String,
        /// When the source was thanked (YYYY-MM-DD); default: today.
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        on: Option<NaiveDate>,
    },
    /// Records that the referral source was told how it went.
    Tell {
        /// The request: its id or the first characters of it (at least 6).
        id: String,
        /// When the source was told (YYYY-MM-DD); default: today.
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        on: Option<NaiveDate>,
    },
    /// Follow-ups due today and overdue.
    Due {
        /// Only this rep's follow-ups (rep id, or the person's id, email or name); default: every rep.
        #[arg(long)]
        rep: Option<String>,
        /// Count follow-ups due or overdue as of this date (YYYY-MM-DD); default: today.
        #[arg(value_parser = crate::output::date, long, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Introduced or won requests whose source has not been thanked or told the outcome.
    Owed {
        /// Only this rep's requests (rep id, or the person's id, email or name); default: every rep.
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
    let w = &ctx.workspace;
    match cmd {
        Command::Create { target, via, path, reason, offer, message, max_hops, rep } => {
            let path = path.map(|p| p.split(',').map(str::to_string).collect());
            let ask = AskByName { target, via, path, reason, offer, message, max_hops, rep };
            let created = requests::create_request_by_name(w, &ask)?;
            // Someone on the team already asking: said on stderr (the JSON on stdout keeps its shape).
            for warning in &created.team_warnings {
                eprintln!("warning: {}", warning.message);
            }
            let req = &created.detail.request;
            if ctx.format == Format::Json {
                output::json(req);
            } else {
                println!("Created request {} (draft): {}", req.id, created.path_names.join(" → "));
                println!("\n{}\n", req.message);
                println!(
                    "Send it to {} personally, then: intrograph request move {} asked",
                    req.source_name, req.id
                );
            }
        }
        Command::List { rep, stage, source, target } => {
            let list = requests::list_requests(w, &RequestQuery { rep, stage, source, target })?;
            print_requests(&list, ctx.format);
        }
        Command::Show { id } => {
            let shown = requests::show_request(w, id.as_str())?;
            let (req, history) = (&shown.detail.request, &shown.detail.history);
            if ctx.format == Format::Json {
                output::json(&serde_json::json!({ "request": req, "history": history }));
                return Ok(());
            }
            println!("Request {}", req.id);
            println!("  stage:       {}{}", req.stage, opt(req.stalled_from.map(|s| format!(" (from {s})"))));
            println!("  rep:         {}", req.rep_name);
            println!("  path:        {}", shown.path_names.join(" → "));
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
            let input = MoveInput { to: stage, note, deal_value: value, lost_reason: reason };
            let moved = requests::move_request(w, id.as_str(), input)?;
            let req = &moved.request;
            if ctx.format == Format::Json {
                output::json(req);
            } else {
                let before = moved.history.last().and_then(|h| h.from).unwrap_or(req.stage);
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
            let id = id.as_str();
            let detail = if let Some(kind) = touch {
                let touch = TouchByName { kind, with, date, notes, next_follow_up: on };
                requests::log_request_touch(w, id, &touch)?
            } else if clear {
                requests::set_follow_up(w, id, None)?
            } else {
                let on = on.ok_or_else(|| {
                    Error::invalid("follow-up", "give --on DATE, --clear, or --touch KIND to log a touch")
                })?;
                requests::set_follow_up(w, id, Some(on))?
            };
            let req = &detail.request;
            if ctx.format == Format::Json {
                output::json(req);
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
            let req = requests::note_source(w, id.as_str(), SourceNote::Thanked, on)?.request;
            if ctx.format == Format::Json {
                output::json(&req);
            } else {
                println!("Thanked {} on {}.", req.source_name, opt(req.thanked_on));
            }
        }
        Command::Tell { id, on } => {
            let req = requests::note_source(w, id.as_str(), SourceNote::Told, on)?.request;
            if ctx.format == Format::Json {
                output::json(&req);
            } else {
                println!("Told {} how it went on {}.", req.source_name, opt(req.told_on));
            }
        }
        Command::Due { rep, today } => {
            let due = requests::follow_ups_due(w, rep.as_deref(), today)?;
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
        Command::Owed { rep } => {
            let owed = requests::sources_owed(w, rep.as_deref())?;
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
                requests::set_ask_template_from_file(w, &file)?;
                println!("Ask template replaced from {}.", file.display());
            } else if template {
                let template = requests::ask_template(w)?;
                if ctx.format == Format::Json {
                    output::json(&serde_json::json!({
                        "template": template.template,
                        "placeholders": template.placeholders,
                    }));
                } else {
                    println!("{}", template.template);
                }
            } else if let Some(id) = id {
                let req = requests::get_request(w, id.as_str())?;
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
