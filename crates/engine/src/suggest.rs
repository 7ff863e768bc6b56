//! "Who can introduce me?": the use case that ties the store, the graph and the
//! path search together, shared by the CLI and the desktop app.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::graph::snapshot;
use crate::graph::Network;
use crate::model::{OrganisationSummary, PersonId, Target};
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
/// A database file has its graph saved beside it ([`snapshot`]): while nothing it
/// was built from has changed, the graph is read from there. Otherwise it is built
/// from the tables ([`build_network`]) and saved for next time; a failure to save
/// (a read-only folder, a busy database) only means the next load builds again.
pub fn load_network(store: &Store, today: NaiveDate) -> Result<Network> {
    let params = weight_params(store.conn())?;
    let Some(file) = store.path().map(snapshot::path_for) else {
        return build_network(store, params, today);
    };
    if let Some(token) = store::graph_snapshot::ready_token(store.conn())? {
        if let Ok(network) = snapshot::read(&file, token, params.clone(), today) {
            return Ok(network);
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

/// Builds the graph from the tables, reading only what it keeps
/// ([`store::network::load_for_graph`]).
pub fn build_network(store: &Store, params: WeightParams, today: NaiveDate) -> Result<Network> {
    let data = store::network::load_for_graph(store)?;
    Network::build(&data, params, today)
}

/// `options` with every referral source's track-record factor filled in (see
/// [`crate::pipeline::track_record`]): a source who made introductions and won deals ranks
/// higher, one who declined ranks lower. Factors already in `options` are kept.
pub fn with_track_records(store: &Store, mut options: PathOptions) -> Result<PathOptions> {
    for (person, factor) in track_record::source_factors(store)? {
        options.source_factors.entry(person).or_insert(factor);
    }
    Ok(options)
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
            let found = paths::paths_to_person(network, rep, id, options)?;
            let target = PathPerson { id, name: people::get(conn, id)?.full_name };
            Ok(Suggestions::Person { rep: rep_person, target, max_hops: options.max_hops, paths: found })
        }
        Target::Organisation(id) => {
            let groups = paths::paths_to_organisation(network, rep, id, options)?;
            let org = organisations::get(conn, id)?;
            Ok(Suggestions::Organisation {
                rep: rep_person,
                organisation: OrganisationSummary { id: org.id, name: org.name },
                max_hops: options.max_hops,
                groups,
            })
        }
    }
}
