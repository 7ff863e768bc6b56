//! Introduction requests: the board, a request's detail, creating one from a path, moving
//! it through the stages, follow-ups and touches, thanking the source and telling them how
//! it went, the ask template; the lists the command line prints (requests, follow-ups due,
//! sources owed, lapsed customers).

use intrograph_engine::store::undo::ActionKind;
use std::path::Path;

use chrono::NaiveDate;
use intrograph_engine::model::{PersonId, RequestId, TouchKind};
use intrograph_engine::pipeline::lapsed::{self, LapsedCustomer};
use intrograph_engine::pipeline::request::{FollowUps, RequestTouch, SourceOwed};
use intrograph_engine::pipeline::{stage, Clock, IntroRequest, Move, NewRequest, RequestFilter, Stage};
use intrograph_engine::store::{people, requests, Store};
use intrograph_engine::{Error, Result};
use serde::Serialize;

use crate::find::{best_path, resolve_person, resolve_rep, resolve_rep_filter};
use crate::views::requests::{AskInput, MoveInput, RequestDetail, SourceNote, TeamAskWarning};
use crate::workspace::{me, Workspace};

/// How many requests the board shows, the most recent first; it says how many there are
/// in all (a team's history can reach a million).
pub const BOARD: u64 = 500;

/// A request as a shell names it: its id, or the text a user typed (the id or a unique
/// prefix of at least 6 hex digits).
pub trait RequestKey {
    fn resolve(&self, store: &Store) -> Result<RequestId>;
}

impl RequestKey for RequestId {
    fn resolve(&self, _store: &Store) -> Result<RequestId> {
        Ok(*self)
    }
}

impl RequestKey for &str {
    fn resolve(&self, store: &Store) -> Result<RequestId> {
        requests::resolve(store, self)
    }
}

/// The board: the most recent requests, at most [`BOARD`], with the count of all.
pub fn list_board(workspace: &Workspace) -> Result<requests::Listed> {
    requests::recent_listed(&*workspace.store()?, BOARD)
}

fn detail_of(store: &Store, id: RequestId) -> Result<RequestDetail> {
    let request = requests::get(store, id)?;
    let history = requests::history(store, id)?;
    let next_stages = stage::legal_moves(request.stage, request.stalled_from);
    Ok(RequestDetail { request, history, next_stages })
}

/// A request with its history and where it can go next.
pub fn request_detail(workspace: &Workspace, id: impl RequestKey) -> Result<RequestDetail> {
    let store = workspace.store()?;
    let id = id.resolve(&store)?;
    detail_of(&store, id)
}

/// A request.
pub fn get_request(workspace: &Workspace, id: impl RequestKey) -> Result<IntroRequest> {
    let store = workspace.store()?;
    requests::get(&store, id.resolve(&store)?)
}

/// Creates a draft request along `path` (the rep's person first, the target last; the
/// second person is the source); without a message the ask is drafted from the template.
fn create(
    store: &mut Store,
    rep: intrograph_engine::model::RepId,
    target: Option<PersonId>,
    path: Vec<PersonId>,
    reason: String,
    offer: String,
    message: Option<String>,
) -> Result<IntroRequest> {
    refuse_unrecorded_ties(store, &path)?;
    let new = NewRequest {
        rep_id: Some(rep),
        target_id: target,
        source_id: path.get(1).copied(),
        path,
        reason,
        offer,
        message,
    };
    requests::create(store, new, &Clock::system())
}

/// Refuses a path with a hop between two people who have no relationship on record: the
/// drafted ask says "I noticed you know…", so every hop must be a tie the rep recorded (a
/// path typed with `--via` or `--path` may name strangers).
fn refuse_unrecorded_ties(store: &Store, path: &[PersonId]) -> Result<()> {
    let distinct: std::collections::HashSet<_> = path.iter().collect();
    if distinct.len() != path.len() {
        return Ok(()); // a path that cannot be at all: the store says why
    }
    let missing = intrograph_engine::store::relationships::missing_ties(store.conn(), path)?;
    // The first hop may be the implicit tie between teammates (a colleague's shared ties).
    let teammates = match path.first() {
        Some(rep) => intrograph_engine::store::team::teammates_with_ties(store.conn(), *rep)?,
        None => Vec::new(),
    };
    let missing: Vec<_> = missing
        .into_iter()
        .filter(|(a, b)| !(Some(a) == path.first() && teammates.iter().any(|m| m.person_id == *b)))
        .collect();
    let Some((a, b)) = missing.first() else { return Ok(()) };
    let (a, b) = (people::name(store.conn(), *a)?, people::name(store.conn(), *b)?);
    Err(Error::Conflict(format!(
        "{a} and {b} have no relationship on record, so the ask cannot say they know each other; \
         record the tie first (intrograph rel add \"{a}\" \"{b}\" --kind …), or ask through a path from `intrograph paths`"
    )))
}

/// The open requests of other reps to `target` or through `source` (the second person on
/// the chosen path), each with the sentence that warns of it: asked before the rep asks, so
/// two reps do not ask the same source for the same introduction without knowing it.
pub fn team_asks(
    store: &Store,
    rep: intrograph_engine::model::RepId,
    target: PersonId,
    source: Option<PersonId>,
) -> Result<Vec<TeamAskWarning>> {
    let open = requests::open_by_others(store, rep, target, source)?;
    Ok(open
        .into_iter()
        .map(|r| {
            let same_target = r.target_id == target;
            let since = r.created_at.date_naive();
            let stage = r.stage.as_str();
            let message = if same_target {
                format!(
                    "{} already has an open request to {} through {} ({stage}, since {since})",
                    r.rep_name, r.target_name, r.source_name
                )
            } else {
                format!(
                    "{} is already asking {} for an introduction, to {} ({stage}, since {since})",
                    r.rep_name, r.source_name, r.target_name
                )
            };
            TeamAskWarning {
                request_id: r.id,
                rep_name: r.rep_name,
                target_name: r.target_name,
                source_name: r.source_name,
                stage: r.stage,
                since: r.created_at,
                same_target,
                message,
            }
        })
        .collect())
}

/// [`team_asks`] for the current rep along `path` (the rep first, the target last): what
/// the ask dialog shows before the rep creates the request.
pub fn team_asks_for_path(workspace: &Workspace, path: &[PersonId]) -> Result<Vec<TeamAskWarning>> {
    let store = workspace.store()?;
    let rep = me(&store)?;
    let Some(target) = path.last().copied() else {
        return Err(Error::invalid("path", "a path needs the rep and the target"));
    };
    let source = if path.len() > 2 { path.get(1).copied() } else { None };
    team_asks(&store, rep.id, target, source)
}

/// A new request from the path the current rep chose in the window.
pub fn create_request(workspace: &Workspace, input: AskInput) -> Result<RequestDetail> {
    let mut store = workspace.store()?;
    let rep = me(&store)?;
    let target = input.path.last().copied();
    let request =
        create(&mut store, rep.id, target, input.path, input.reason, input.offer, Some(input.message))?;
    detail_of(&store, request.id)
}

/// A new request as typed on the command line: people by name, email or id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AskByName {
    /// The person to be introduced to.
    pub target: String,
    /// The source to ask; the best path through them (or, failing one, rep → via → target).
    pub via: Option<String>,
    /// The whole path, the rep first and the target last.
    pub path: Option<Vec<String>>,
    pub reason: String,
    pub offer: String,
    /// The rep's own ask, instead of the drafted one.
    pub message: Option<String>,
    /// Most hops when searching the network.
    pub max_hops: u8,
    /// The rep asking (default: the current rep).
    pub rep: Option<String>,
}

/// A request with its history and the names along its path, as the command line shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestReport {
    pub detail: RequestDetail,
    /// The names of the people on the path (an id where a person is gone).
    pub path_names: Vec<String>,
    /// Open requests of other reps to the same target or through the same source, found
    /// when the request was created (it was created all the same).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub team_warnings: Vec<TeamAskWarning>,
}

fn report_of(store: &Store, id: RequestId) -> Result<RequestReport> {
    let detail = detail_of(store, id)?;
    let path_names = detail
        .request
        .path
        .iter()
        .map(|p| people::get(store.conn(), *p).map(|x| x.full_name).unwrap_or_else(|_| p.to_string()))
        .collect();
    Ok(RequestReport { detail, path_names, team_warnings: Vec::new() })
}

/// Creates a draft request from what was typed: the path given in full, else the best
/// one found (through `via` when given), ranked with the sources' track records.
pub fn create_request_by_name(workspace: &Workspace, ask: &AskByName) -> Result<RequestReport> {
    let (rep, target, path, via) = {
        let store = workspace.store()?;
        let rep = resolve_rep(&store, ask.rep.as_deref())?;
        let target = resolve_person(&store, &ask.target)?;
        let path = match &ask.path {
            Some(p) => Some(
                p.iter()
                    .map(|q| resolve_person(&store, q.trim()).map(|x| x.id))
                    .collect::<Result<Vec<_>>>()?,
            ),
            None => None,
        };
        let via = match (&path, &ask.via) {
            (None, Some(v)) => Some(resolve_person(&store, v)?.id),
            _ => None,
        };
        (rep, target, path, via)
    };
    let path = match path {
        Some(path) => path,
        None => best_path(workspace, rep.person_id, target.id, via, ask.max_hops)?,
    };
    let mut store = workspace.store()?;
    let source = if path.len() > 2 { path.get(1).copied() } else { None };
    let team_warnings = team_asks(&store, rep.id, target.id, source)?;
    let request = create(
        &mut store,
        rep.id,
        Some(target.id),
        path,
        ask.reason.clone(),
        ask.offer.clone(),
        ask.message.clone(),
    )?;
    Ok(RequestReport { team_warnings, ..report_of(&store, request.id)? })
}

/// A request with its history and the names along its path (the command line's `show`).
pub fn show_request(workspace: &Workspace, id: impl RequestKey) -> Result<RequestReport> {
    let store = workspace.store()?;
    let id = id.resolve(&store)?;
    report_of(&store, id)
}

/// Moves a request to another stage (only legal moves; won needs a deal value, lost a
/// reason). The detail's last history entry says where it came from.
///
/// Undoable: the history keeps it ([`crate::undo`]).
pub fn move_request(workspace: &Workspace, id: impl RequestKey, input: MoveInput) -> Result<RequestDetail> {
    let (id, from) = {
        let store = workspace.store()?;
        let id = id.resolve(&store)?;
        (id, requests::get(&store, id)?.stage)
    };
    let mv = Move::from(input);
    let (moved, _) = crate::undo::recorded(
        workspace,
        ActionKind::StageMove,
        |r: &IntroRequest, _| format!("Moved the request for {} from {from} to {}", r.target_name, r.stage),
        |store| requests::move_to(store, id, &mv, &Clock::system()),
    )?;
    detail_of(&*workspace.store()?, moved.id)
}

/// Sets the request's next follow-up date, or clears it.
pub fn set_follow_up(
    workspace: &Workspace,
    id: impl RequestKey,
    on: Option<NaiveDate>,
) -> Result<RequestDetail> {
    let mut store = workspace.store()?;
    let id = id.resolve(&store)?;
    requests::set_follow_up(&mut store, id, on, &Clock::system())?;
    detail_of(&store, id)
}

/// A touch made for a request, as typed on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TouchByName {
    pub kind: TouchKind,
    /// Who was touched (default: the source before the introduction, the target after).
    pub with: Option<String>,
    /// When (default: today).
    pub date: Option<NaiveDate>,
    pub notes: String,
    /// The next follow-up (default: the stage's suggested delay).
    pub next_follow_up: Option<NaiveDate>,
}

/// Logs a touch made for a request and sets its next follow-up.
pub fn log_request_touch(
    workspace: &Workspace,
    id: impl RequestKey,
    touch: &TouchByName,
) -> Result<RequestDetail> {
    let mut store = workspace.store()?;
    let id = id.resolve(&store)?;
    let person_id = touch.with.as_deref().map(|w| resolve_person(&store, w).map(|p| p.id)).transpose()?;
    let touch = RequestTouch {
        kind: touch.kind,
        person_id,
        date: touch.date,
        notes: touch.notes.clone(),
        next_follow_up: touch.next_follow_up,
    };
    requests::log_touch(&mut store, id, &touch, &Clock::system())?;
    detail_of(&store, id)
}

/// Records that the source was thanked, or told how it went, on `on` (default today).
pub fn note_source(
    workspace: &Workspace,
    id: impl RequestKey,
    note: SourceNote,
    on: Option<NaiveDate>,
) -> Result<RequestDetail> {
    let mut store = workspace.store()?;
    let id = id.resolve(&store)?;
    let clock = Clock::system();
    let on = on.unwrap_or_else(|| clock.today());
    match note {
        SourceNote::Thanked => requests::mark_thanked(&mut store, id, on, &clock)?,
        SourceNote::Told => requests::mark_told(&mut store, id, on, &clock)?,
    };
    detail_of(&store, id)
}

/// Filters on the request list, as typed on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestQuery {
    pub rep: Option<String>,
    pub stage: Option<Stage>,
    /// Only requests through this referral source.
    pub source: Option<String>,
    pub target: Option<String>,
}

/// Requests matching the filters, newest first.
pub fn list_requests(workspace: &Workspace, query: &RequestQuery) -> Result<Vec<IntroRequest>> {
    let store = workspace.store()?;
    let person =
        |q: &Option<String>| q.as_deref().map(|q| resolve_person(&store, q).map(|p| p.id)).transpose();
    let filter = RequestFilter {
        rep_id: resolve_rep_filter(&store, query.rep.as_deref())?.map(|r| r.id),
        stage: query.stage,
        source_id: person(&query.source)?,
        target_id: person(&query.target)?,
    };
    requests::list(&store, &filter)
}

/// Follow-ups due on `today` (default: today) and overdue, of one rep or all.
pub fn follow_ups_due(
    workspace: &Workspace,
    rep: Option<&str>,
    today: Option<NaiveDate>,
) -> Result<FollowUps> {
    let store = workspace.store()?;
    let rep = resolve_rep_filter(&store, rep)?;
    let today = today.unwrap_or_else(|| workspace.today());
    requests::follow_ups(&store, today, rep.map(|r| r.id))
}

/// Introduced or won requests whose source is still owed thanks or the outcome.
pub fn sources_owed(workspace: &Workspace, rep: Option<&str>) -> Result<Vec<SourceOwed>> {
    let store = workspace.store()?;
    let rep = resolve_rep_filter(&store, rep)?;
    requests::sources_owed(&store, rep.map(|r| r.id))
}

/// Customers to re-engage: no touch for `days` as of `today` (default: today), or their
/// rep is inactive; of one rep (plus orphaned ones) or all.
pub fn lapsed_customers(
    workspace: &Workspace,
    days: u32,
    rep: Option<&str>,
    today: Option<NaiveDate>,
) -> Result<Vec<LapsedCustomer>> {
    let store = workspace.store()?;
    let rep = resolve_rep_filter(&store, rep)?;
    let today = today.unwrap_or_else(|| workspace.today());
    lapsed::lapsed_customers(&store, today, days, rep.map(|r| r.id))
}

/// The ask template and the placeholders it may use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AskTemplate {
    pub template: String,
    pub placeholders: [&'static str; 7],
}

/// The ask template.
pub fn ask_template(workspace: &Workspace) -> Result<AskTemplate> {
    Ok(AskTemplate {
        template: requests::ask_template(&*workspace.store()?)?,
        placeholders: intrograph_engine::pipeline::message::PLACEHOLDERS,
    })
}

/// Replaces the ask template with the content of `file`.
pub fn set_ask_template_from_file(workspace: &Workspace, file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).map_err(|source| Error::Io { path: file.to_path_buf(), source })?;
    requests::set_ask_template(&mut *workspace.store()?, &text)
}
