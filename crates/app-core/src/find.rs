//! Finding an introduction: what the user typed resolved into people and targets (`me`
//! is the current rep), the target typeahead, ranked paths with the referral sources'
//! track records, the ask message, and every relationship's weight.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use intrograph_engine::graph::{Network, WeightedRelationship};
use intrograph_engine::model::{Person, PersonId, Rep, Target};
use intrograph_engine::paths::{self, PathOptions};
use intrograph_engine::store::{self, organisations, people, reps, requests, Page, Store};
use intrograph_engine::suggest::{self, Suggestions};
use intrograph_engine::weight::WeightParams;
use intrograph_engine::{Error, Result};
use serde::Serialize;

pub use crate::views::find::{FindOptions, TargetOption};
use crate::workspace::{me, Workspace};

fn is_me(query: &str) -> bool {
    query.trim().eq_ignore_ascii_case("me")
}

/// A person by id, email or name; `me` is the current rep.
pub fn resolve_person(store: &Store, query: &str) -> Result<Person> {
    if is_me(query) {
        let rep = reps::current_rep(store.conn())?;
        return people::get(store.conn(), rep.person_id);
    }
    people::resolve_person(store.conn(), query)
}

/// A person or an organisation (name, email, domain or id); `me` is the current rep.
pub fn resolve_target(store: &Store, query: &str) -> Result<Target> {
    if is_me(query) {
        return Ok(Target::Person(resolve_person(store, query)?.id));
    }
    store::resolve_target(store.conn(), query)
}

/// The rep named by `query` (name or id), else the current rep.
pub fn resolve_rep(store: &Store, query: Option<&str>) -> Result<Rep> {
    match query {
        Some(q) => reps::resolve_rep(store.conn(), q),
        None => reps::current_rep(store.conn()),
    }
}

/// An optional filter on one rep (name or id).
pub fn resolve_rep_filter(store: &Store, query: Option<&str>) -> Result<Option<Rep>> {
    query.map(|q| reps::resolve_rep(store.conn(), q)).transpose()
}

/// People and organisations whose name matches `query`, people first (never the rep).
pub fn search_targets(workspace: &Workspace, query: &str) -> Result<Vec<TargetOption>> {
    let store = workspace.store()?;
    let conn = store.conn();
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let rep_person = me(&store).ok().map(|r| r.person_id);
    for p in people::search(conn, query, Page::first(8))? {
        if Some(p.id) == rep_person {
            continue;
        }
        let org = organisations::positions(conn, p.id)?
            .into_iter()
            .find(|pos| pos.employment.current)
            .map(|pos| pos.organisation_name);
        let detail = match (p.title.is_empty(), org) {
            (false, Some(org)) => format!("{} at {org}", p.title),
            (true, Some(org)) => org,
            (false, None) => p.title.clone(),
            (true, None) => String::new(),
        };
        out.push(TargetOption { target: Target::Person(p.id), name: p.full_name, detail });
    }
    for o in organisations::search(conn, query, Page::first(5))? {
        out.push(TargetOption {
            target: Target::Organisation(o.id),
            name: o.name,
            detail: "Organisation".into(),
        });
    }
    Ok(out)
}

/// Whether the referral sources' track records rank the paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackRecords {
    /// A source who made introductions and won deals ranks higher (the default).
    Applied,
    /// Every source counts as neutral.
    Ignored,
}

/// Ranked paths from the rep's person `rep` to each of `targets`: the sources' track
/// records are loaded once (unless ignored), then each target is searched. The one way
/// every screen and command asks "who can introduce me?".
pub fn ranked_paths(
    store: &Store,
    network: &Network,
    rep: PersonId,
    targets: &[Target],
    options: PathOptions,
    track_records: TrackRecords,
) -> Result<Vec<Suggestions>> {
    options.validate()?;
    let options = suggest::with_teammates(store.conn(), rep, options)?;
    let options = match track_records {
        TrackRecords::Applied => suggest::with_track_records(store, network, rep, options)?,
        TrackRecords::Ignored => options,
    };
    options.validate()?;
    targets.iter().map(|&target| suggest::suggest(store.conn(), network, rep, target, &options)).collect()
}

/// The paths to one target (see [`ranked_paths`]).
fn ranked_paths_to(
    store: &Store,
    network: &Network,
    rep: PersonId,
    target: Target,
    options: PathOptions,
    track_records: TrackRecords,
) -> Result<Suggestions> {
    let mut found = ranked_paths(store, network, rep, &[target], options, track_records)?;
    Ok(found.pop().expect("one target, one answer"))
}

/// Ranked paths from the current rep to `target`, with the sources' track records (the
/// Find screen), on the workspace's cached graph.
pub fn find_paths(workspace: &Workspace, target: Target, options: &FindOptions) -> Result<Suggestions> {
    workspace.with_network(|store, network| {
        let rep = me(store)?;
        ranked_paths_to(store, network, rep.person_id, target, options.into(), TrackRecords::Applied)
    })
}

/// Runs `f` on the graph as of `as_of`: the workspace's cached graph for today (or no
/// date), else one built for that day.
fn with_network_as_of<T>(
    workspace: &Workspace,
    as_of: Option<NaiveDate>,
    f: impl FnOnce(&Store, &Network) -> Result<T>,
) -> Result<T> {
    match as_of {
        Some(day) if day != workspace.today() => {
            let store = workspace.store()?;
            let network = suggest::load_network(&store, day)?;
            f(&store, &network)
        }
        _ => workspace.with_network(|store, network| f(store, network)),
    }
}

/// A path search as typed on the command line: people and targets by name, email or id.
#[derive(Clone, Debug, PartialEq)]
pub struct PathQuery {
    /// A person or organisation.
    pub target: String,
    /// The rep the paths start from (default: the current rep).
    pub from: Option<String>,
    /// People never to route through.
    pub exclude: Vec<String>,
    /// Everything but `exclude` and the track records.
    pub options: PathOptions,
    pub track_records: TrackRecords,
    /// Recency as of this day (default: today).
    pub as_of: Option<NaiveDate>,
}

/// Ranked paths for a search typed by name (the command line's `paths`).
pub fn find_paths_by_name(workspace: &Workspace, query: &PathQuery) -> Result<Suggestions> {
    let (rep, target, options) = {
        let store = workspace.store()?;
        let rep = resolve_rep(&store, query.from.as_deref())?;
        let target = resolve_target(&store, &query.target)?;
        let exclude = query
            .exclude
            .iter()
            .map(|q| resolve_person(&store, q).map(|p| p.id))
            .collect::<Result<BTreeSet<_>>>()?;
        let options = PathOptions { exclude, ..query.options.clone() };
        // Refused before the graph is loaded.
        options.validate()?;
        (rep, target, options)
    };
    with_network_as_of(workspace, query.as_of, |store, network| {
        ranked_paths_to(store, network, rep.person_id, target, options, query.track_records)
    })
}

/// The best path from the rep's person to `target` within `max_hops` (through `via` when
/// given), ranked with the sources' track records. When the graph shows no path through
/// `via`, the path is rep → via → target (the rep confirms the tie when asking).
pub fn best_path(
    workspace: &Workspace,
    rep: PersonId,
    target: PersonId,
    via: Option<PersonId>,
    max_hops: u8,
) -> Result<Vec<PersonId>> {
    let options = PathOptions { k: paths::MAX_K, max_hops, diverse: true, ..PathOptions::default() };
    let found = workspace.with_network(|store, network| {
        ranked_paths_to(store, network, rep, Target::Person(target), options, TrackRecords::Applied)
    })?;
    let Suggestions::Person { paths: found, .. } = found else {
        unreachable!("a person target is answered with paths to the person")
    };
    let pick = found.iter().find(|p| match via {
        Some(v) => p.first_intermediary().is_some_and(|f| f.id == v),
        None => p.first_intermediary().is_some(),
    });
    match (pick, via) {
        (Some(p), _) => Ok(p.people.iter().map(|x| x.id).collect()),
        (None, Some(v)) => Ok(vec![rep, v, target]),
        (None, None) => Err(Error::not_found(
            "introduction path",
            format!("no one in your network links you to the target within {max_hops} hops; name a source with --via"),
        )),
    }
}

/// The ask message for `source` to introduce the current rep to `target`, from the ask
/// template.
pub fn draft_ask(
    workspace: &Workspace,
    source: PersonId,
    target: PersonId,
    reason: &str,
    offer: &str,
) -> Result<String> {
    let store = workspace.store()?;
    let rep = me(&store)?;
    requests::draft_message(&store, rep.id, source, target, reason, offer)
}

/// Every relationship with its introduction weight, heaviest first, as of one day.
#[derive(Clone, Debug, Serialize)]
pub struct Weights {
    pub as_of: NaiveDate,
    pub params: WeightParams,
    pub relationships: Vec<WeightedRelationship>,
}

/// Every relationship's introduction weight and the factors behind it, as of `as_of`
/// (default today), heaviest first.
pub fn relationship_weights(workspace: &Workspace, as_of: Option<NaiveDate>) -> Result<Weights> {
    let as_of = as_of.unwrap_or_else(|| workspace.today());
    let network = suggest::load_network(&*workspace.store()?, as_of)?;
    let mut relationships: Vec<_> = network.ties().collect();
    relationships.sort_by(|x, y| {
        y.tie.weight.total_cmp(&x.tie.weight).then_with(|| x.a.full_name.cmp(&y.a.full_name))
    });
    Ok(Weights { as_of, params: network.params().clone(), relationships })
}
