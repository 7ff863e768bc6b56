//! "Who can introduce me?": the use case that ties the store, the graph and the
//! path search together, shared by the CLI and the desktop app.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::snapshot;
use crate::graph::Network;
use crate::model::{OrganisationSummary, PersonId, PersonSummary, Target};
use crate::paths::{self, IntroPath, PathOptions, PathPerson, TargetGroup};
use crate::pipeline::track_record;
use crate::store::{self, organisations, people, settings, Store};
use crate::weight::WeightParams;

/// The settings key holding the workspace's [`WeightParams`].
pub const WEIGHT_PARAMS: &str = "weight_params";

/// The workspace's weight constants: the stored ones, else the defaults.
pub fn weight_params(conn: &Connection) -> Result<WeightParams> {
    let params = settings::get::<WeightParams>(conn, WEIGHT_PARAMS)?.unwrap_or_default();
    params.validate()?;
    Ok(params)
}

/// The relationship graph of the store, weighted with the workspace's constants as
/// of `today`.
///
/// A database file has its graph saved beside it ([`snapshot`]): the graph is read
/// from there, and the people, organisations, employments and relationships changed
/// since it was saved are applied as they are now ([`store::graph_snapshot::changes`]).
/// Without a usable file (none yet, damaged, or too many changes since) the graph is
/// built from the tables ([`build_network`]) and saved for next time; a failure to
/// save (a read-only folder, a busy database) only means the next load builds again.
pub fn load_network(store: &Store, today: NaiveDate) -> Result<Network> {
    let params = weight_params(store.conn())?;
    let Some(file) = store.path().map(snapshot::path_for) else {
        return build_network(store, params, today);
    };
    if let Some(token) = store::graph_snapshot::ready_token(store.conn())? {
        if let Ok(mut network) = snapshot::read(&file, token, params.clone(), today) {
            // Any failure to apply the changes (the token replaced meanwhile, a
            // change the graph refuses) means a build from the tables.
            if let Ok(true) = catch_up(store.conn(), &mut network, token) {
                return Ok(network);
            }
        }
    }
    let token = store::graph_snapshot::begin(store.conn()).ok();
    let network = build_network(store, params, today)?;
    if let Some(token) = token {
        let _ = save_network(store, &network, token);
    }
    Ok(network)
}

/// Saves `network`, built from the tables after `token` was stored
/// ([`store::graph_snapshot::begin`]), beside the database, and marks the token ready.
/// False when the tables changed since the token was stored (the file is then never
/// trusted) or the store is in memory.
pub fn save_network(store: &Store, network: &Network, token: uuid::Uuid) -> Result<bool> {
    let Some(file) = store.path().map(snapshot::path_for) else { return Ok(false) };
    snapshot::write(network, token, &file)?;
    store::graph_snapshot::mark_ready(store.conn(), token)
}

/// Applies to `network`, read from the file of `token`, what changed since: in one
/// read transaction, so that the list and the rows agree. False when `token` is no
/// longer the ready one.
///
/// Every relationship listed is first taken out where the saved graph may hold it (its
/// ends before each update or delete); then people are added, renamed or removed;
/// then each relationship listed that still exists is put between its present ends,
/// the employments of each person listed are replaced by their present ones, and
/// organisations that are gone are forgotten. Each step reads the row as it is now,
/// so a change listed twice, or already in the file, comes out the same.
pub fn catch_up(conn: &Connection, network: &mut Network, token: uuid::Uuid) -> Result<bool> {
    Ok(catch_up_after(conn, network, token, 0)?.is_some())
}

/// [`catch_up`] from entry `after` of the list of changes: for a graph that already
/// applied the entries up to `after` (an open workspace noticing another program's
/// commits). Returns the number of the last entry applied, or `None` when `token` is no
/// longer the ready one.
pub fn catch_up_after(
    conn: &Connection,
    network: &mut Network,
    token: uuid::Uuid,
    after: i64,
) -> Result<Option<i64>> {
    use store::network as rows;
    store::rows::in_snapshot(conn, |conn| {
        let Some((changes, last)) = store::graph_snapshot::changes_after(conn, token, after)? else {
            return Ok(None);
        };
        let mut gone_organisations = Vec::new();
        for &org in &changes.organisations {
            match rows::organisation_name(conn, org)? {
                Some(name) => network.upsert_organisation(OrganisationSummary { id: org, name }),
                None => gone_organisations.push(org),
            }
        }
        for &(id, a, b) in &changes.old_ends {
            network.remove_relationship_at(id, a, b);
        }
        for &person in &changes.people {
            match rows::person_name(conn, person)? {
                Some(full_name) => network.upsert_person(PersonSummary { id: person, full_name }),
                None if network.contains_person(person) => network.remove_person(person)?,
                None => {}
            }
        }
        for &id in &changes.relationships {
            if let Some(rel) = rows::graph_relationship_by_id(conn, id)? {
                network.put_relationship(&rel)?;
            }
        }
        for &person in &changes.employments_of {
            if network.contains_person(person) {
                network.set_employments(person, rows::employments_of(conn, person)?)?;
            }
        }
        for org in gone_organisations {
            network.remove_organisation(org);
        }
        Ok(Some(last))
    })
}

/// Builds the graph from the tables, reading only what it keeps
/// ([`store::network::load_for_graph_in_parts`]).
pub fn build_network(store: &Store, params: WeightParams, today: NaiveDate) -> Result<Network> {
    let (data, later) = store::network::load_for_graph_in_parts(store)?;
    Network::build_in_parts(&data, &later, params, today)
}

/// `options` for paths from `rep` with the track-record factor of every referral source
/// such a path can have filled in (see [`crate::pipeline::track_record`]): a source who
/// made introductions and won deals ranks higher, one who declined ranks lower. A path's
/// source is the person after the rep, so only the rep's ties are counted
/// ([`track_record::factors_of`]). Factors already in `options` are kept.
pub fn with_track_records(
    store: &Store,
    network: &Network,
    rep: PersonId,
    mut options: PathOptions,
) -> Result<PathOptions> {
    let mut sources = network.neighbours(rep);
    sources.extend(options.teammates.iter().copied());
    for (person, factor) in track_record::factors_of(store, &sources)? {
        options.source_factors.entry(person).or_insert(factor);
    }
    Ok(options)
}

/// `options` with the rep's teammates filled in ([`PathOptions::teammates`],
/// [`store::team::teammates_with_ties`]): in a team workspace a path may start with a
/// colleague and go on through the ties they shared. Outside a team there are none.
pub fn with_teammates(conn: &Connection, rep: PersonId, mut options: PathOptions) -> Result<PathOptions> {
    for m in store::team::teammates_with_ties(conn, rep)? {
        options.teammates.insert(m.person_id);
    }
    Ok(options)
}

/// How well someone knows another, for "who knows Priya well".
fn how_well(strength: crate::model::Strength) -> &'static str {
    match strength.get() {
        1 => "only distantly",
        2 => "casually",
        3 => "fairly well",
        4 => "well",
        _ => "very well",
    }
}

/// Names the colleagues on `paths` (a workspace with more than one rep): each hop over
/// a tie another rep recorded says who recorded it, and a path whose first person to ask
/// is a colleague says so: "ask your colleague Dana Whitfield, who knows Priya Shah well
/// (verified)".
fn name_colleagues(conn: &Connection, rep: PersonId, paths: &mut [IntroPath]) -> Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    let members = store::team::members_by_rep(conn)?;
    if members.len() < 2 {
        return Ok(());
    }
    let my_rep = members.values().find(|m| m.person_id == rep).map(|m| m.rep_id);
    let colleague = |m: &store::team::Member| paths::Colleague {
        rep_id: m.rep_id,
        person_id: m.person_id,
        name: m.name.clone(),
    };
    for path in paths {
        for hop in path.hops.iter_mut().filter(|h| !h.teammate) {
            // The cached graph may hold a tie deleted a moment ago: it just goes unnamed.
            let Ok(rel) = store::relationships::get(conn, hop.relationship) else { continue };
            let Some(owner) = rel.owner_rep_id.filter(|o| Some(*o) != my_rep) else { continue };
            if let Some(m) = members.get(&owner) {
                hop.sentence.push_str(&format!("; recorded by your colleague {}", m.name));
                hop.recorded_by = Some(colleague(m));
            }
        }
        if path.people.len() > 2 {
            let first = path.people[1].id;
            if let Some(m) = members.values().find(|m| m.person_id == first && Some(m.rep_id) != my_rep) {
                let next = &path.hops[1];
                path.ask_colleague = Some(format!(
                    "ask your colleague {}, who knows {} {} ({})",
                    m.name,
                    path.people[2].name,
                    how_well(next.strength),
                    if next.verified { "verified" } else { "unverified: confirm they know each other" }
                ));
            }
        }
    }
    Ok(())
}

/// Ranked introduction paths to a person or to anyone at an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "target_kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Suggestions {
    Person {
        rep: PathPerson,
        target: PathPerson,
        max_hops: u8,
        paths: Vec<IntroPath>,
    },
    Organisation {
        rep: PathPerson,
        organisation: OrganisationSummary,
        max_hops: u8,
        groups: Vec<TargetGroup>,
    },
}

impl Suggestions {
    /// True when no path was found within the hop limit.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Person { paths, .. } => paths.is_empty(),
            Self::Organisation { groups, .. } => groups.is_empty(),
        }
    }
}

/// Finds introduction paths from `rep` (a person) to `target`.
pub fn suggest(
    conn: &Connection,
    network: &Network,
    rep: PersonId,
    target: Target,
    options: &PathOptions,
) -> Result<Suggestions> {
    let rep_person = PathPerson { id: rep, name: people::get(conn, rep)?.full_name };
    match target {
        Target::Person(id) => {
            let mut found = paths::paths_to_person(network, rep, id, options)?;
            name_colleagues(conn, rep, &mut found)?;
            let target = PathPerson { id, name: people::get(conn, id)?.full_name };
            Ok(Suggestions::Person { rep: rep_person, target, max_hops: options.max_hops, paths: found })
        }
        Target::Organisation(id) => {
            let org = organisations::get(conn, id)?;
            if network.current_employees(id).is_empty() {
                return Err(Error::Conflict(format!(
                    "{} has no current employees on record, so there is nobody there to be introduced to; \
                     record who works there now (intrograph person edit NAME --org \"{}\")",
                    org.name, org.name
                )));
            }
            let mut groups = paths::paths_to_organisation(network, rep, id, options)?;
            for g in &mut groups {
                name_colleagues(conn, rep, &mut g.paths)?;
            }
            Ok(Suggestions::Organisation {
                rep: rep_person,
                organisation: OrganisationSummary { id: org.id, name: org.name },
                max_hops: options.max_hops,
                groups,
            })
        }
    }
}
