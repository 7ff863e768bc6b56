//! The relationship graph: people as nodes, relationships as weighted edges.
//!
//! A [`Network`] keeps two views of the same graph:
//!
//! - an editable petgraph [`StableUnGraph`] whose node indexes never move, with a
//!   [`Tie`] (relationship id, introduction weight and the facts the explanations
//!   need) on every edge, plus index maps (person id ↔ node, employments per
//!   person and per organisation, names);
//! - a compact read-only adjacency for the path search: CSR arrays (row offsets,
//!   neighbour indexes, weights; each row sorted by weight, best first) indexed
//!   by the same node indexes.
//!
//! # How edits keep the adjacency current
//!
//! A single edit changes the petgraph graph and then re-derives the rows of the
//! one or two people it touches (a removed person: that person and each former
//! neighbour) into an *overlay*: a small side table of rows that replace their
//! CSR rows. A query reads a node's row from the overlay when it has one, from
//! the CSR arrays otherwise, so an edit costs `O(d log d)` for the degrees `d`
//! involved. When the overlay grows past an eighth of the snapshot (plus a small
//! constant: 64 entries or 16 rows), the next edit folds everything back into fresh CSR arrays in one
//! `O(V + E)` pass, so the amortised cost of an edit stays small and queries
//! stay on contiguous memory.
//!
//! Node indexes are `u32`; the neighbour array stores the verified flag in the
//! top bit of each entry, so a network holds fewer than 2³¹ people.

use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableUnGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{
    Employment, NetworkData, OrganisationId, OrganisationSummary, PersonId, PersonSummary, Relationship,
    RelationshipId, RelationshipKind, Strength,
};
use crate::weight::{introduction_weight, WeightParams};

/// Top bit of a neighbour entry: the relationship is verified.
pub(crate) const VERIFIED_BIT: u32 = 1 << 31;
/// Mask giving the node index of a neighbour entry.
pub(crate) const NODE_MASK: u32 = VERIFIED_BIT - 1;
const NO_OVERLAY: u32 = u32::MAX;

/// A relationship as the graph keeps it: what ranking and explanations need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tie {
    pub id: RelationshipId,
    pub kind: RelationshipKind,
    pub strength: Strength,
    pub verified_at: Option<DateTime<Utc>>,
    pub last_contact: Option<NaiveDate>,
    pub since: Option<NaiveDate>,
    /// The introduction weight, from [`introduction_weight`].
    pub weight: f64,
}

impl Tie {
    fn new(rel: &Relationship, params: &WeightParams, today: NaiveDate) -> Self {
        Self {
            id: rel.id,
            kind: rel.kind,
            strength: rel.strength,
            verified_at: rel.verified_at,
            last_contact: rel.last_contact,
            since: rel.since,
            weight: introduction_weight(rel, params, today),
        }
    }

    pub fn verified(&self) -> bool {
        self.verified_at.is_some()
    }
}

/// One relationship with its ends, as listed by [`Network::ties`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightedRelationship {
    pub a: PersonSummary,
    pub b: PersonSummary,
    #[serde(flatten)]
    pub tie: Tie,
}

/// The relationship graph of a workspace, ready for path queries.
///
/// Built once from [`NetworkData`] ([`Network::build`]), then kept current by
/// single edits. Queries take `&self` and may run from several threads; edits
/// take `&mut self`.
pub struct Network {
    today: NaiveDate,
    params: WeightParams,
    graph: StableUnGraph<PersonId, Tie>,
    node_of: FxHashMap<PersonId, NodeIndex>,
    /// Person names by node index (empty for a vacant index).
    names: Vec<String>,
    /// Employments by node index.
    employments: Vec<Vec<Employment>>,
    organisations: FxHashMap<OrganisationId, String>,
    /// Node indexes of everyone with an employment (current or past) at each organisation.
    org_people: FxHashMap<OrganisationId, Vec<u32>>,
    /// Relationship id → edge, built on the first edit that needs it (it is
    /// large, and a read-only network never does).
    rel_index: Option<FxHashMap<RelationshipId, EdgeIndex>>,
    adjacency: Adjacency,
    /// Reusable search buffers, one per concurrent query.
    pub(crate) scratch: Mutex<Vec<crate::paths::Scratch>>,
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("today", &self.today)
            .field("people", &self.graph.node_count())
            .field("relationships", &self.graph.edge_count())
            .field("organisations", &self.organisations.len())
            .field("overlay_rows", &self.adjacency.overlay.len())
            .finish()
    }
}

impl Network {
    /// Builds the graph and its query snapshot.
    ///
    /// `today` is the date recency is measured from and relative dates are
    /// written against. Fails on invalid `params`, a person listed twice, an
    /// employment or relationship naming someone not in `data`, a relationship
    /// from a person to themself, or two relationships between the same people.
    pub fn build(data: &NetworkData, params: WeightParams, today: NaiveDate) -> Result<Self> {
        params.validate()?;
        if data.people.len() >= NODE_MASK as usize {
            return Err(Error::invalid(
                "network",
                format!("{} people is more than supported", data.people.len()),
            ));
        }
        let mut graph = StableUnGraph::with_capacity(data.people.len(), data.relationships.len());
        let mut node_of = FxHashMap::with_capacity_and_hasher(data.people.len(), Default::default());
        let mut names = Vec::with_capacity(data.people.len());
        for p in &data.people {
            let n = graph.add_node(p.id);
            if node_of.insert(p.id, n).is_some() {
                return Err(Error::Conflict(format!("person {} ({}) is listed twice", p.id, p.full_name)));
            }
            names.push(p.full_name.clone());
        }
        let organisations: FxHashMap<OrganisationId, String> =
            data.organisations.iter().map(|o| (o.id, o.name.clone())).collect();

        let mut network = Self {
            today,
            params,
            graph,
            node_of,
            employments: vec![Vec::new(); names.len()],
            names,
            organisations,
            org_people: FxHashMap::default(),
            rel_index: None,
            adjacency: Adjacency::default(),
            scratch: Mutex::new(Vec::new()),
        };

        for e in &data.employments {
            network.check_employment(e)?;
            let n = network.node_of[&e.person_id].index();
            network.employments[n].push(e.clone());
        }
        for n in 0..network.employments.len() {
            network.index_employments(n as u32);
        }

        for rel in &data.relationships {
            let (a, b) = network.ends(rel)?;
            let tie = Tie::new(rel, &network.params, today);
            network.graph.add_edge(a, b, tie);
        }
        network.adjacency = Adjacency::from_graph(&network.graph);
        if let Some((a, b)) = network.adjacency.find_duplicate_pair(network.graph.node_bound()) {
            let (pa, pb) =
                (network.graph[NodeIndex::new(a as usize)], network.graph[NodeIndex::new(b as usize)]);
            return Err(Error::Conflict(format!(
                "two relationships link {} ({pa}) and {} ({pb}); keep one",
                network.names[a as usize], network.names[b as usize]
            )));
        }
        Ok(network)
    }

    /// The date weights and relative dates are computed against.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The weight constants in use.
    pub fn params(&self) -> &WeightParams {
        &self.params
    }

    /// Recomputes every introduction weight with new constants or a new date
    /// (the app's settings, or a new day), then rebuilds the query snapshot.
    pub fn reweigh(&mut self, params: WeightParams, today: NaiveDate) -> Result<()> {
        params.validate()?;
        let edges: Vec<EdgeIndex> = self.graph.edge_indices().collect();
        for e in edges {
            let tie = &mut self.graph[e];
            let rel = tie_as_relationship(tie);
            tie.weight = introduction_weight(&rel, &params, today);
        }
        self.params = params;
        self.today = today;
        self.adjacency = Adjacency::from_graph(&self.graph);
        Ok(())
    }

    pub fn person_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn relationship_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn contains_person(&self, id: PersonId) -> bool {
        self.node_of.contains_key(&id)
    }

    /// A person's name, if the person is in the network.
    pub fn person_name(&self, id: PersonId) -> Option<&str> {
        self.node_of.get(&id).map(|n| self.names[n.index()].as_str())
    }

    /// An organisation's name, if known.
    pub fn organisation_name(&self, id: OrganisationId) -> Option<&str> {
        self.organisations.get(&id).map(String::as_str)
    }

    /// A person's employments (empty for an unknown person).
    pub fn employments(&self, id: PersonId) -> &[Employment] {
        self.node_of.get(&id).map(|n| self.employments[n.index()].as_slice()).unwrap_or(&[])
    }

    /// People who work at the organisation now, in id order.
    pub fn current_employees(&self, org: OrganisationId) -> Vec<PersonId> {
        let mut out: Vec<PersonId> = self
            .org_people
            .get(&org)
            .into_iter()
            .flatten()
            .filter(|&&n| self.employments[n as usize].iter().any(|e| e.organisation_id == org && e.current))
            .map(|&n| self.graph[NodeIndex::new(n as usize)])
            .collect();
        out.sort();
        out
    }

    /// The relationship between two people, if they have one.
    pub fn tie_between(&self, a: PersonId, b: PersonId) -> Option<&Tie> {
        let (a, b) = (self.node_of.get(&a)?, self.node_of.get(&b)?);
        self.graph.find_edge(*a, *b).map(|e| &self.graph[e])
    }

    /// Every relationship with its introduction weight (for audits and exports).
    pub fn ties(&self) -> impl Iterator<Item = WeightedRelationship> + '_ {
        self.graph.edge_references().map(|e| {
            let summary =
                |n: NodeIndex| PersonSummary { id: self.graph[n], full_name: self.names[n.index()].clone() };
            WeightedRelationship { a: summary(e.source()), b: summary(e.target()), tie: e.weight().clone() }
        })
    }

    // ----- single edits -----

    /// Adds a person, or renames one already present.
    pub fn upsert_person(&mut self, person: PersonSummary) {
        if let Some(n) = self.node_of.get(&person.id) {
            self.names[n.index()] = person.full_name;
            return;
        }
        let n = self.graph.add_node(person.id);
        self.node_of.insert(person.id, n);
        let i = n.index();
        if i >= self.names.len() {
            self.names.resize(i + 1, String::new());
            self.employments.resize(i + 1, Vec::new());
        }
        self.names[i] = person.full_name;
        self.adjacency.refresh(&self.graph, n);
    }

    /// Removes a person with their relationships and employments.
    pub fn remove_person(&mut self, id: PersonId) -> Result<()> {
        let n = self.node(id).ok_or_else(|| Error::not_found("person", id.to_string()))?;
        let neighbours: Vec<NodeIndex> = self.graph.neighbors(n).collect();
        if let Some(index) = &mut self.rel_index {
            for e in self.graph.edges(n) {
                index.remove(&e.weight().id);
            }
        }
        self.set_employments_of(n.index() as u32, Vec::new());
        self.graph.remove_node(n);
        self.node_of.remove(&id);
        self.names[n.index()] = String::new();
        self.adjacency.refresh(&self.graph, n);
        for m in neighbours {
            self.adjacency.refresh(&self.graph, m);
        }
        self.adjacency.compact_if_large(&self.graph);
        Ok(())
    }

    /// Adds a relationship or updates one with the same id (its weight is
    /// recomputed). Fails if an end is unknown, both ends are the same person,
    /// or another relationship already links the two people.
    pub fn upsert_relationship(&mut self, rel: &Relationship) -> Result<()> {
        let (a, b) = self.ends(rel)?;
        let tie = Tie::new(rel, &self.params, self.today);
        let index = self.rel_index();
        let existing = index.get(&rel.id).copied();
        if let Some(e) = self.graph.find_edge(a, b) {
            if Some(e) != existing {
                return Err(Error::Conflict(format!(
                    "{} and {} already have a relationship ({}); edit that one instead",
                    self.names[a.index()],
                    self.names[b.index()],
                    self.graph[e].id
                )));
            }
            self.graph[e] = tie;
            self.adjacency.refresh(&self.graph, a);
            self.adjacency.refresh(&self.graph, b);
        } else {
            if let Some(old) = existing {
                let (x, y) = self.graph.edge_endpoints(old).expect("indexed edge exists");
                self.graph.remove_edge(old);
                self.adjacency.refresh(&self.graph, x);
                self.adjacency.refresh(&self.graph, y);
            }
            let e = self.graph.add_edge(a, b, tie);
            self.rel_index().insert(rel.id, e);
            self.adjacency.refresh(&self.graph, a);
            self.adjacency.refresh(&self.graph, b);
        }
        self.adjacency.compact_if_large(&self.graph);
        Ok(())
    }

    /// Removes a relationship.
    pub fn remove_relationship(&mut self, id: RelationshipId) -> Result<()> {
        let e =
            self.rel_index().remove(&id).ok_or_else(|| Error::not_found("relationship", id.to_string()))?;
        let (a, b) = self.graph.edge_endpoints(e).expect("indexed edge exists");
        self.graph.remove_edge(e);
        self.adjacency.refresh(&self.graph, a);
        self.adjacency.refresh(&self.graph, b);
        self.adjacency.compact_if_large(&self.graph);
        Ok(())
    }

    /// Replaces a person's employments. Each must name this person and a known
    /// organisation.
    pub fn set_employments(&mut self, person: PersonId, employments: Vec<Employment>) -> Result<()> {
        let n = self.node(person).ok_or_else(|| Error::not_found("person", person.to_string()))?;
        for e in &employments {
            if e.person_id != person {
                return Err(Error::invalid(
                    format!("employment {}", e.id),
                    format!("it belongs to person {}, not {person}", e.person_id),
                ));
            }
            self.check_employment(e)?;
        }
        self.set_employments_of(n.index() as u32, employments);
        Ok(())
    }

    /// Adds an organisation or renames one already present.
    pub fn upsert_organisation(&mut self, org: OrganisationSummary) {
        self.organisations.insert(org.id, org.name);
    }

    // ----- crate-internal access for the path search -----

    pub(crate) fn node(&self, id: PersonId) -> Option<NodeIndex> {
        self.node_of.get(&id).copied()
    }

    pub(crate) fn person_id(&self, n: u32) -> PersonId {
        self.graph[NodeIndex::new(n as usize)]
    }

    pub(crate) fn name(&self, n: u32) -> &str {
        &self.names[n as usize]
    }

    pub(crate) fn employments_of(&self, n: u32) -> &[Employment] {
        &self.employments[n as usize]
    }

    pub(crate) fn node_bound(&self) -> usize {
        self.graph.node_bound()
    }

    pub(crate) fn has_organisation(&self, org: OrganisationId) -> bool {
        self.organisations.contains_key(&org)
    }

    pub(crate) fn edge_tie(&self, a: u32, b: u32) -> Option<&Tie> {
        let (a, b) = (NodeIndex::new(a as usize), NodeIndex::new(b as usize));
        self.graph.find_edge(a, b).map(|e| &self.graph[e])
    }

    /// A node's neighbours (entries carry [`VERIFIED_BIT`]) and their weights,
    /// best first.
    #[inline]
    pub(crate) fn row(&self, n: u32) -> (&[u32], &[f64]) {
        self.adjacency.row(n)
    }

    // ----- internals -----

    fn ends(&self, rel: &Relationship) -> Result<(NodeIndex, NodeIndex)> {
        let end = |p: PersonId| {
            self.node(p).ok_or_else(|| {
                Error::invalid(
                    format!("relationship {}", rel.id),
                    format!("person {p} is not in the network"),
                )
            })
        };
        let (a, b) = (end(rel.a)?, end(rel.b)?);
        if a == b {
            return Err(Error::invalid(
                format!("relationship {}", rel.id),
                format!("both ends are the same person ({})", rel.a),
            ));
        }
        Ok((a, b))
    }

    fn check_employment(&self, e: &Employment) -> Result<()> {
        if !self.node_of.contains_key(&e.person_id) {
            return Err(Error::invalid(
                format!("employment {}", e.id),
                format!("person {} is not in the network", e.person_id),
            ));
        }
        if !self.organisations.contains_key(&e.organisation_id) {
            return Err(Error::invalid(
                format!("employment {}", e.id),
                format!("organisation {} is not in the network", e.organisation_id),
            ));
        }
        Ok(())
    }

    fn index_employments(&mut self, n: u32) {
        let mut orgs: Vec<OrganisationId> =
            self.employments[n as usize].iter().map(|e| e.organisation_id).collect();
        orgs.sort();
        orgs.dedup();
        for org in orgs {
            self.org_people.entry(org).or_default().push(n);
        }
    }

    fn set_employments_of(&mut self, n: u32, employments: Vec<Employment>) {
        let old = std::mem::replace(&mut self.employments[n as usize], employments);
        for e in &old {
            if let Some(people) = self.org_people.get_mut(&e.organisation_id) {
                people.retain(|&m| m != n);
            }
        }
        self.index_employments(n);
    }

    fn rel_index(&mut self) -> &mut FxHashMap<RelationshipId, EdgeIndex> {
        let graph = &self.graph;
        self.rel_index.get_or_insert_with(|| graph.edge_indices().map(|e| (graph[e].id, e)).collect())
    }
}

/// The facts of a tie as a relationship, for re-weighing.
fn tie_as_relationship(tie: &Tie) -> Relationship {
    let epoch = DateTime::<Utc>::UNIX_EPOCH;
    Relationship {
        id: tie.id,
        a: PersonId(uuid::Uuid::nil()),
        b: PersonId(uuid::Uuid::nil()),
        kind: tie.kind,
        strength: tie.strength,
        verified_at: tie.verified_at,
        last_contact: tie.last_contact,
        since: tie.since,
        notes: String::new(),
        source: String::new(),
        created_at: epoch,
        updated_at: epoch,
    }
}

/// CSR adjacency with an overlay of edited rows (see the module docs).
#[derive(Default)]
struct Adjacency {
    /// `offsets[n]..offsets[n + 1]` is node `n`'s row; `csr_nodes + 1` entries.
    offsets: Vec<u32>,
    /// Neighbour node index, with [`VERIFIED_BIT`] set for a verified tie.
    targets: Vec<u32>,
    weights: Vec<f64>,
    /// Per node index: its overlay row, or [`NO_OVERLAY`] to read the CSR row.
    overlay_slot: Vec<u32>,
    overlay: Vec<(Vec<u32>, Vec<f64>)>,
    overlay_entries: usize,
}

impl Adjacency {
    fn from_graph(graph: &StableUnGraph<PersonId, Tie>) -> Self {
        let n = graph.node_bound();
        let mut degree = vec![0u32; n + 1];
        for e in graph.edge_references() {
            degree[e.source().index()] += 1;
            degree[e.target().index()] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut total = 0u64;
        for d in &degree[..n] {
            offsets.push(total as u32);
            total += u64::from(*d);
        }
        assert!(total < u64::from(u32::MAX), "more relationships than the adjacency supports");
        offsets.push(total as u32);
        let total = total as usize;
        let mut targets = vec![0u32; total];
        let mut weights = vec![0f64; total];
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        for e in graph.edge_references() {
            let (a, b) = (e.source().index(), e.target().index());
            let flag = if e.weight().verified() { VERIFIED_BIT } else { 0 };
            let w = e.weight().weight;
            for (from, to) in [(a, b), (b, a)] {
                let slot = fill[from] as usize;
                targets[slot] = to as u32 | flag;
                weights[slot] = w;
                fill[from] += 1;
            }
        }
        drop(fill);
        let mut buf: Vec<(f64, u32)> = Vec::new();
        for v in 0..n {
            let (s, t) = (offsets[v] as usize, offsets[v + 1] as usize);
            if t - s < 2 {
                continue;
            }
            buf.clear();
            buf.extend(weights[s..t].iter().copied().zip(targets[s..t].iter().copied()));
            buf.sort_unstable_by(row_order);
            for (i, (w, x)) in buf.iter().enumerate() {
                weights[s + i] = *w;
                targets[s + i] = *x;
            }
        }
        Self {
            offsets,
            targets,
            weights,
            overlay_slot: vec![NO_OVERLAY; n],
            overlay: Vec::new(),
            overlay_entries: 0,
        }
    }

    #[inline]
    fn row(&self, n: u32) -> (&[u32], &[f64]) {
        match self.overlay_slot.get(n as usize) {
            Some(&NO_OVERLAY) => {
                let (s, t) = (self.offsets[n as usize] as usize, self.offsets[n as usize + 1] as usize);
                (&self.targets[s..t], &self.weights[s..t])
            }
            Some(&slot) => {
                let (t, w) = &self.overlay[slot as usize];
                (t, w)
            }
            None => (&[], &[]),
        }
    }

    /// Re-derives node `n`'s row from the graph into the overlay.
    fn refresh(&mut self, graph: &StableUnGraph<PersonId, Tie>, n: NodeIndex) {
        let i = n.index();
        if i >= self.overlay_slot.len() {
            self.overlay_slot.resize(i + 1, NO_OVERLAY);
        }
        let mut row: Vec<(f64, u32)> = if graph.contains_node(n) {
            graph
                .edges(n)
                .map(|e| {
                    let other = if e.source() == n { e.target() } else { e.source() };
                    let flag = if e.weight().verified() { VERIFIED_BIT } else { 0 };
                    (e.weight().weight, other.index() as u32 | flag)
                })
                .collect()
        } else {
            Vec::new()
        };
        row.sort_unstable_by(row_order);
        let entry: (Vec<u32>, Vec<f64>) =
            (row.iter().map(|r| r.1).collect(), row.iter().map(|r| r.0).collect());
        self.overlay_entries += entry.0.len();
        match self.overlay_slot[i] {
            NO_OVERLAY => {
                self.overlay_slot[i] = self.overlay.len() as u32;
                self.overlay.push(entry);
            }
            slot => {
                let old = std::mem::replace(&mut self.overlay[slot as usize], entry);
                self.overlay_entries -= old.0.len();
            }
        }
    }

    /// Folds the overlay back into fresh CSR arrays once it is large.
    fn compact_if_large(&mut self, graph: &StableUnGraph<PersonId, Tie>) {
        let limit = self.targets.len() / 8 + 64;
        if self.overlay_entries > limit || self.overlay.len() > self.offsets.len() / 8 + 16 {
            *self = Self::from_graph(graph);
        }
    }

    /// A pair of nodes linked twice, if any (CSR rows only; used right after a build).
    fn find_duplicate_pair(&self, node_bound: usize) -> Option<(u32, u32)> {
        let mut seen = vec![u32::MAX; node_bound];
        for v in 0..node_bound {
            let (row, _) = self.row(v as u32);
            for &x in row {
                let u = (x & NODE_MASK) as usize;
                if seen[u] == v as u32 {
                    return Some((v as u32, u as u32));
                }
                seen[u] = v as u32;
            }
        }
        None
    }
}

/// Weight descending, then node index ascending.
fn row_order(x: &(f64, u32), y: &(f64, u32)) -> std::cmp::Ordering {
    y.0.total_cmp(&x.0).then((x.1 & NODE_MASK).cmp(&(y.1 & NODE_MASK)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rel(i: u128, a: PersonId, b: PersonId, strength: u8) -> Relationship {
        let t = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        Relationship {
            id: RelationshipId(uuid::Uuid::from_u128(i)),
            a,
            b,
            kind: RelationshipKind::Friend,
            strength: Strength::new(strength).unwrap(),
            verified_at: (i % 2 == 0).then_some(t),
            last_contact: None,
            since: None,
            notes: String::new(),
            source: String::new(),
            created_at: t,
            updated_at: t,
        }
    }

    /// Every row the queries read matches the petgraph graph, sorted best first.
    fn assert_rows_match(net: &Network) {
        for n in net.graph.node_indices() {
            let (row, weights) = net.row(n.index() as u32);
            let mut want: Vec<(u32, u64)> = net
                .graph
                .edges(n)
                .map(|e| {
                    let other = if e.source() == n { e.target() } else { e.source() };
                    let flag = if e.weight().verified() { VERIFIED_BIT } else { 0 };
                    (other.index() as u32 | flag, e.weight().weight.to_bits())
                })
                .collect();
            let mut got: Vec<(u32, u64)> = row.iter().zip(weights).map(|(x, w)| (*x, w.to_bits())).collect();
            assert!(weights.windows(2).all(|w| w[0] >= w[1]), "row {n:?} is sorted best first");
            want.sort();
            got.sort();
            assert_eq!(got, want, "row {n:?}");
        }
    }

    #[test]
    fn edits_patch_the_overlay_and_fold_it_back_when_large() {
        let people: Vec<PersonSummary> = (0..30u128)
            .map(|i| PersonSummary { id: PersonId(uuid::Uuid::from_u128(i + 1)), full_name: format!("P{i}") })
            .collect();
        let data = NetworkData { people: people.clone(), ..NetworkData::default() };
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut net = Network::build(&data, WeightParams::default(), today).unwrap();
        assert!(net.adjacency.overlay.is_empty());
        let mut compactions = 0;
        let mut next = 100u128;
        for round in 0..20u128 {
            for i in 0..30usize {
                let j = (i + 1 + round as usize) % 30;
                if i == j {
                    continue;
                }
                next += 1;
                let before = net.adjacency.overlay.len();
                let r = rel(next, people[i].id, people[j].id, 1 + (next % 5) as u8);
                if net.tie_between(r.a, r.b).is_none() {
                    net.upsert_relationship(&r).unwrap();
                }
                if round % 3 == 2 {
                    let id = net.tie_between(people[i].id, people[(i + 2) % 30].id).map(|t| t.id);
                    if let Some(id) = id {
                        net.remove_relationship(id).unwrap();
                    }
                }
                if net.adjacency.overlay.len() < before {
                    compactions += 1;
                }
                assert_rows_match(&net);
            }
        }
        net.remove_person(people[3].id).unwrap();
        net.upsert_person(PersonSummary {
            id: PersonId(uuid::Uuid::from_u128(999)),
            full_name: "New".into(),
        });
        assert_rows_match(&net);
        assert!(compactions > 0, "the overlay was folded back");
        assert!(net.adjacency.overlay.len() <= net.adjacency.offsets.len() / 8 + 16 + 2);
    }
}
