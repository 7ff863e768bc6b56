//! The relationship graph: people as nodes, relationships as weighted edges.
//!
//! A [`Network`] keeps two views of the same graph:
//!
//! - an editable petgraph [`StableUnGraph`] whose node indexes never move, with a
//!   [`Tie`] (relationship id, introduction weight and the facts the explanations
//!   need) on every edge. Nodes carry no payload: person ids, names and
//!   employments live in arrays indexed by node, so the node table stays small
//!   and cache-friendly; hash maps give person id → node and organisation →
//!   people;
//! - a compact read-only adjacency for the path search, indexed by the same
//!   `u32` node indexes: CSR row offsets and one array of links (weight,
//!   neighbour with the verified flag in its top bit, petgraph edge index), each
//!   row sorted by weight, best first. The edge index lets an explanation find
//!   its relationship by scanning one contiguous row.
//!
//! # Building
//!
//! [`Network::build`] resolves every relationship's ends and weight on all
//! cores (the hash lookups are the costly part), then fills the petgraph graph
//! and the CSR arrays side by side.
//!
//! # How edits keep the adjacency current
//!
//! A single edit changes the petgraph graph and then re-derives the rows of the
//! one or two people it touches (a removed person: that person and each former
//! neighbour) into an *overlay*: a small side table of rows that replace their
//! CSR rows. A query reads a node's row from the overlay when it has one, from
//! the CSR arrays otherwise, so an edit costs `O(d log d)` for the degrees `d`
//! involved. When the overlay grows past an eighth of the snapshot (plus a
//! small constant: 64 links or 16 rows), the edit folds everything back into
//! fresh CSR arrays in one `O(V + E)` pass, so the amortised cost of an edit
//! stays small and queries stay on contiguous memory.
//!
//! A network holds fewer than 2³¹ people (the top bit of a neighbour index is
//! the verified flag) and fewer than 2³¹ relationships.

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

pub mod snapshot;

/// Top bit of a neighbour entry: the relationship is verified.
pub(crate) const VERIFIED_BIT: u32 = 1 << 31;
/// Mask giving the node index of a neighbour entry.
pub(crate) const NODE_MASK: u32 = VERIFIED_BIT - 1;
const NO_OVERLAY: u32 = u32::MAX;

/// A relationship as the graph keeps it: what ranking and explanations need.
///
/// In the engine, `Tie` names this one thing: an edge of the in-memory graph (one stored
/// [`Relationship`](crate::model::Relationship), reduced to its ends' facts and weight). The
/// stored record is a `Relationship`; no other engine type is called `Tie`.
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
    /// Nodes carry no payload: a person's id, name and employments live in
    /// arrays indexed by node, which keeps the node table small and cache-friendly.
    graph: StableUnGraph<(), Tie>,
    /// Person id (as `u128`) → node.
    node_of: FxHashMap<u128, NodeIndex>,
    /// Person ids by node index (nil for a vacant index).
    ids: Vec<PersonId>,
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
    pub(crate) scratch: Mutex<Vec<Scratch>>,
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
        Self::build_in_parts(data, &[], params, today)
    }

    /// [`Network::build`] with the relationships in two parts: `data`'s, then `later`
    /// (as [`crate::store::network::load_for_graph_in_parts`] reads them), numbered in
    /// that order, as if `later` were appended to `data`'s.
    pub fn build_in_parts(
        data: &NetworkData,
        later: &[Relationship],
        params: WeightParams,
        today: NaiveDate,
    ) -> Result<Self> {
        params.validate()?;
        let parts = [&data.relationships[..], later];
        let relationship_count = data.relationships.len() + later.len();
        check_size(data.people.len(), relationship_count)?;
        // Names are copied on a second core while the id index is built.
        let (names, indexed) = std::thread::scope(|scope| {
            let names = scope.spawn(|| data.people.iter().map(|p| p.full_name.clone()).collect::<Vec<_>>());
            let ids: Vec<PersonId> = data.people.iter().map(|p| p.id).collect();
            let indexed = node_index(&ids, |i| &data.people[i].full_name)
                .map(|node_of| (graph_of_people(ids.len(), relationship_count), node_of, ids));
            (names.join().expect("copying names does not panic"), indexed)
        });
        let (graph, node_of, ids) = indexed?;
        let organisations = data.organisations.iter().map(|o| (o.id, o.name.clone())).collect();
        let mut network = Self::assemble(graph, node_of, ids, names, organisations, params, today);
        network.add_employments(data.employments.iter().cloned())?;

        // Resolve both ends and the weight of every relationship (hash lookups:
        // the costly part), split over the available cores for large networks.
        let resolved = network.resolve(&parts)?;
        let ties = parts.iter().flat_map(|part| part.iter()).zip(&resolved).map(|(rel, r)| Tie {
            id: rel.id,
            kind: rel.kind,
            strength: rel.strength,
            verified_at: rel.verified_at,
            last_contact: rel.last_contact,
            since: rel.since,
            weight: r.weight,
        });
        network.add_edges(&resolved, ties)?;
        Ok(network)
    }

    /// A network of the indexed people, with no employments or relationships yet.
    fn assemble(
        graph: StableUnGraph<(), Tie>,
        node_of: FxHashMap<u128, NodeIndex>,
        ids: Vec<PersonId>,
        names: Vec<String>,
        organisations: FxHashMap<OrganisationId, String>,
        params: WeightParams,
        today: NaiveDate,
    ) -> Self {
        Self {
            today,
            params,
            graph,
            node_of,
            ids,
            employments: vec![Vec::new(); names.len()],
            names,
            organisations,
            org_people: FxHashMap::default(),
            rel_index: None,
            adjacency: Adjacency::default(),
            scratch: Mutex::new(Vec::new()),
        }
    }

    /// Adds employments to a network being built; each must name a known person
    /// and organisation.
    fn add_employments(&mut self, employments: impl IntoIterator<Item = Employment>) -> Result<()> {
        for e in employments {
            self.check_employment(&e)?;
            let n = self.node_of[&key(e.person_id)].index();
            self.employments[n].push(e);
        }
        for n in 0..self.employments.len() {
            self.index_employments(n as u32);
        }
        Ok(())
    }

    /// Adds the relationships of a network being built (its graph has no edges
    /// yet): `resolved[i]` and the `i`th tie describe the same relationship. Fills
    /// the petgraph graph and the CSR snapshot side by side, then fails if two
    /// relationships link the same people.
    fn add_edges(&mut self, resolved: &[Resolved], ties: impl Iterator<Item = Tie>) -> Result<()> {
        debug_assert_eq!(self.graph.edge_count(), 0);
        let node_bound = self.graph.node_bound();
        let graph = &mut self.graph;
        let (adjacency, duplicate) = std::thread::scope(|scope| {
            let csr = scope.spawn(|| {
                // A fresh graph numbers edges in insertion order.
                let adjacency = Adjacency::from_edges(node_bound, || {
                    resolved.iter().enumerate().map(|(i, r)| EdgeEntry {
                        a: r.a,
                        b: r.b & NODE_MASK,
                        weight: r.weight,
                        verified: r.b & VERIFIED_BIT != 0,
                        edge: i as u32,
                    })
                });
                let duplicate = adjacency.find_duplicate_pair(node_bound);
                (adjacency, duplicate)
            });
            for (i, (r, tie)) in resolved.iter().zip(ties).enumerate() {
                let e = graph.add_edge(
                    NodeIndex::new(r.a as usize),
                    NodeIndex::new((r.b & NODE_MASK) as usize),
                    tie,
                );
                debug_assert_eq!(e.index(), i);
            }
            csr.join().expect("the snapshot builder does not panic")
        });
        self.adjacency = adjacency;
        if let Some((a, b)) = duplicate {
            let (pa, pb) = (self.ids[a as usize], self.ids[b as usize]);
            return Err(Error::Conflict(format!(
                "two relationships link {} ({pa}) and {} ({pb}); keep one",
                self.names[a as usize], self.names[b as usize]
            )));
        }
        Ok(())
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
        self.node_of.contains_key(&key(id))
    }

    /// A person's name, if the person is in the network.
    pub fn person_name(&self, id: PersonId) -> Option<&str> {
        self.node_of.get(&key(id)).map(|n| self.names[n.index()].as_str())
    }

    /// An organisation's name, if known.
    pub fn organisation_name(&self, id: OrganisationId) -> Option<&str> {
        self.organisations.get(&id).map(String::as_str)
    }

    /// A person's employments (empty for an unknown person).
    pub fn employments(&self, id: PersonId) -> &[Employment] {
        self.node_of.get(&key(id)).map(|n| self.employments[n.index()].as_slice()).unwrap_or(&[])
    }

    /// People who work at the organisation now, in id order.
    pub fn current_employees(&self, org: OrganisationId) -> Vec<PersonId> {
        let mut out: Vec<PersonId> = self.current_employee_nodes(org).map(|n| self.ids[n as usize]).collect();
        out.sort();
        out
    }

    /// Node indexes of the people who work at the organisation now.
    pub(crate) fn current_employee_nodes(&self, org: OrganisationId) -> impl Iterator<Item = u32> + '_ {
        self.org_people.get(&org).into_iter().flatten().copied().filter(move |&n| {
            self.employments[n as usize].iter().any(|e| e.organisation_id == org && e.current)
        })
    }

    /// The relationship between two people, if they have one.
    pub fn tie_between(&self, a: PersonId, b: PersonId) -> Option<&Tie> {
        let (a, b) = (self.node_of.get(&key(a))?, self.node_of.get(&key(b))?);
        self.edge_tie(a.index() as u32, b.index() as u32)
    }

    /// The people `id` has a relationship with (none for someone not in the network).
    pub fn neighbours(&self, id: PersonId) -> Vec<PersonId> {
        self.node(id).map_or_else(Vec::new, |n| {
            self.row(n.index() as u32).iter().map(|l| self.ids[(l.target & NODE_MASK) as usize]).collect()
        })
    }

    /// Every relationship with its introduction weight (for audits and exports).
    pub fn ties(&self) -> impl Iterator<Item = WeightedRelationship> + '_ {
        self.graph.edge_references().map(|e| {
            let summary = |n: NodeIndex| PersonSummary {
                id: self.ids[n.index()],
                full_name: self.names[n.index()].clone(),
            };
            WeightedRelationship { a: summary(e.source()), b: summary(e.target()), tie: e.weight().clone() }
        })
    }

    // ----- single edits -----

    /// Adds a person, or renames one already present.
    pub fn upsert_person(&mut self, person: PersonSummary) {
        if let Some(n) = self.node_of.get(&key(person.id)) {
            self.names[n.index()] = person.full_name;
            return;
        }
        let n = self.graph.add_node(());
        self.node_of.insert(key(person.id), n);
        let i = n.index();
        if i >= self.names.len() {
            self.names.resize(i + 1, String::new());
            self.ids.resize(i + 1, PersonId(uuid::Uuid::nil()));
            self.employments.resize(i + 1, Vec::new());
        }
        self.ids[i] = person.id;
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
        self.node_of.remove(&key(id));
        self.names[n.index()] = String::new();
        self.ids[n.index()] = PersonId(uuid::Uuid::nil());
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
        // Moved to another pair of people: out of its old place first, unless the new
        // pair is taken (then `put_between` refuses and nothing has changed).
        if let Some(old) = self.rel_index().get(&rel.id).copied() {
            if self.adjacency.edge_between(a.index() as u32, b.index() as u32).is_none() {
                self.drop_edge(old);
            }
        }
        self.put_between(rel, a, b)
    }

    /// Removes a relationship.
    pub fn remove_relationship(&mut self, id: RelationshipId) -> Result<()> {
        let e = self
            .rel_index()
            .get(&id)
            .copied()
            .ok_or_else(|| Error::not_found("relationship", id.to_string()))?;
        self.drop_edge(e);
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

    // ----- edits that bring a saved graph up to date (suggest::load_network) -----
    //
    // These find a relationship by its ends, not by its id: the id index is built on
    // first use, and at a million people that costs more than the whole catch-up.

    /// Removes relationship `id` if the graph holds it between `a` and `b`.
    pub(crate) fn remove_relationship_at(&mut self, id: RelationshipId, a: PersonId, b: PersonId) {
        let (Some(na), Some(nb)) = (self.node(a), self.node(b)) else { return };
        if let Some(e) = self.adjacency.edge_between(na.index() as u32, nb.index() as u32) {
            if self.graph[e].id == id {
                self.drop_edge(e);
            }
        }
    }

    /// Puts `rel` between its ends, updating the tie if the graph holds this
    /// relationship there. The caller has removed it from wherever else it was; fails
    /// if another relationship links the two people or an end is unknown.
    pub(crate) fn put_relationship(&mut self, rel: &Relationship) -> Result<()> {
        let (a, b) = self.ends(rel)?;
        self.put_between(rel, a, b)
    }

    /// [`Self::put_relationship`] with its ends already resolved.
    fn put_between(&mut self, rel: &Relationship, a: NodeIndex, b: NodeIndex) -> Result<()> {
        let tie = Tie::new(rel, &self.params, self.today);
        match self.adjacency.edge_between(a.index() as u32, b.index() as u32) {
            Some(e) if self.graph[e].id == rel.id => self.graph[e] = tie,
            Some(e) => {
                return Err(Error::Conflict(format!(
                    "{} and {} already have a relationship ({}); edit that one instead",
                    self.names[a.index()],
                    self.names[b.index()],
                    self.graph[e].id
                )))
            }
            None => {
                let e = self.graph.add_edge(a, b, tie);
                if let Some(index) = &mut self.rel_index {
                    index.insert(rel.id, e);
                }
            }
        }
        self.adjacency.refresh(&self.graph, a);
        self.adjacency.refresh(&self.graph, b);
        self.adjacency.compact_if_large(&self.graph);
        Ok(())
    }

    /// Takes edge `e` out of the graph, the id index (when built) and the query snapshot.
    fn drop_edge(&mut self, e: EdgeIndex) {
        let (a, b) = self.graph.edge_endpoints(e).expect("a live edge");
        let tie = self.graph.remove_edge(e).expect("a live edge");
        if let Some(index) = &mut self.rel_index {
            index.remove(&tie.id);
        }
        self.adjacency.refresh(&self.graph, a);
        self.adjacency.refresh(&self.graph, b);
        self.adjacency.compact_if_large(&self.graph);
    }

    /// Forgets an organisation no longer in the store (its employments are gone).
    pub(crate) fn remove_organisation(&mut self, id: OrganisationId) {
        self.organisations.remove(&id);
        self.org_people.remove(&id);
    }

    // ----- crate-internal access for the path search -----

    pub(crate) fn node(&self, id: PersonId) -> Option<NodeIndex> {
        self.node_of.get(&key(id)).copied()
    }

    pub(crate) fn person_id(&self, n: u32) -> PersonId {
        self.ids[n as usize]
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
        self.adjacency.edge_between(a, b).map(|e| &self.graph[e])
    }

    /// A node's links (targets carry [`VERIFIED_BIT`]), best weight first.
    #[inline]
    pub(crate) fn row(&self, n: u32) -> &[Link] {
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

    /// Both ends (node indexes, the verified flag in `b`'s top bit) and the
    /// weight of each relationship of `parts`, in order; the first bad relationship fails.
    fn resolve(&self, parts: &[&[Relationship]]) -> Result<Vec<Resolved>> {
        let fill = |rels: &[Relationship], out: &mut [Resolved]| -> Result<()> {
            for (rel, slot) in rels.iter().zip(out) {
                let (a, b) = self.ends(rel)?;
                let flag = if rel.verified() { VERIFIED_BIT } else { 0 };
                let weight = introduction_weight(rel, &self.params, self.today);
                *slot = Resolved { a: a.index() as u32, b: b.index() as u32 | flag, weight };
            }
            Ok(())
        };
        let total = parts.iter().map(|part| part.len()).sum();
        let mut out = vec![Resolved { a: 0, b: 0, weight: 0.0 }; total];
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        // Pieces of at most `size` relationships, each with its place in `out`: two
        // per core, so that parts of unequal length still share the cores evenly.
        let size = if threads < 2 || total < 200_000 { total.max(1) } else { total.div_ceil(2 * threads) };
        let mut jobs = Vec::new();
        let mut rest = &mut out[..];
        for part in parts {
            let (dest, tail) = rest.split_at_mut(part.len());
            rest = tail;
            jobs.extend(part.chunks(size).zip(dest.chunks_mut(size)));
        }
        if jobs.len() < 2 {
            jobs.into_iter().try_for_each(|(piece, dest)| fill(piece, dest))?;
            return Ok(out);
        }
        let results: Vec<Result<()>> = std::thread::scope(|scope| {
            let handles: Vec<_> =
                jobs.into_iter().map(|(piece, dest)| scope.spawn(move || fill(piece, dest))).collect();
            handles.into_iter().map(|h| h.join().expect("resolving does not panic")).collect()
        });
        results.into_iter().collect::<Result<()>>()?;
        Ok(out)
    }

    fn check_employment(&self, e: &Employment) -> Result<()> {
        if !self.node_of.contains_key(&key(e.person_id)) {
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

/// The map key of a person id.
fn key(id: PersonId) -> u128 {
    id.0.as_u128()
}

/// Fails when a network is too large for the node and edge indexes.
fn check_size(people: usize, relationships: usize) -> Result<()> {
    if people >= NODE_MASK as usize {
        return Err(Error::invalid("network", format!("{people} people is more than supported")));
    }
    if relationships >= NODE_MASK as usize {
        return Err(Error::invalid(
            "network",
            format!("{relationships} relationships is more than supported"),
        ));
    }
    Ok(())
}

/// A graph with `people` nodes, numbered in order, and room for `edges` edges.
fn graph_of_people(people: usize, edges: usize) -> StableUnGraph<(), Tie> {
    let mut graph = StableUnGraph::with_capacity(people, edges);
    for _ in 0..people {
        graph.add_node(());
    }
    graph
}

/// The id → node map of people numbered in order; fails on a person listed twice
/// (`name(i)` names the `i`th person).
fn node_index<'a>(ids: &[PersonId], name: impl Fn(usize) -> &'a str) -> Result<FxHashMap<u128, NodeIndex>> {
    let mut node_of = FxHashMap::with_capacity_and_hasher(ids.len(), Default::default());
    for (i, id) in ids.iter().enumerate() {
        if node_of.insert(key(*id), NodeIndex::new(i)).is_some() {
            return Err(Error::Conflict(format!("person {id} ({}) is listed twice", name(i))));
        }
    }
    Ok(node_of)
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
        owner_rep_id: None,
        visibility: Default::default(),
    }
}

/// A relationship resolved to node indexes, for building.
#[derive(Clone, Copy, Debug)]
struct Resolved {
    a: u32,
    /// With [`VERIFIED_BIT`] for a verified relationship.
    b: u32,
    weight: f64,
}

/// One entry of a row: a neighbour, the weight of the tie, and its edge.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Link {
    pub(crate) weight: f64,
    /// Neighbour node index, with [`VERIFIED_BIT`] set for a verified tie.
    pub(crate) target: u32,
    /// The petgraph edge index (for explanations).
    pub(crate) edge: u32,
}

/// CSR adjacency with an overlay of edited rows (see the module docs).
#[derive(Default)]
struct Adjacency {
    /// `offsets[n]..offsets[n + 1]` is node `n`'s row; `csr_nodes + 1` entries.
    offsets: Vec<u32>,
    /// All rows, one after the other, each sorted best weight first.
    links: Vec<Link>,
    /// Per node index: its overlay row, or [`NO_OVERLAY`] to read the CSR row.
    overlay_slot: Vec<u32>,
    overlay: Vec<Vec<Link>>,
    overlay_entries: usize,
}

/// An undirected edge as the CSR builder reads it.
struct EdgeEntry {
    a: u32,
    b: u32,
    weight: f64,
    verified: bool,
    edge: u32,
}

impl Adjacency {
    fn from_graph(graph: &StableUnGraph<(), Tie>) -> Self {
        Self::from_edges(graph.node_bound(), || {
            graph.edge_references().map(|e| EdgeEntry {
                a: e.source().index() as u32,
                b: e.target().index() as u32,
                weight: e.weight().weight,
                verified: e.weight().verified(),
                edge: e.id().index() as u32,
            })
        })
    }

    /// Builds the CSR arrays for node indexes below `n` from a list of
    /// undirected edges, read twice.
    fn from_edges<I>(n: usize, edges: impl Fn() -> I) -> Self
    where
        I: Iterator<Item = EdgeEntry>,
    {
        let mut degree = vec![0u32; n + 1];
        for e in edges() {
            degree[e.a as usize] += 1;
            degree[e.b as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut total = 0u64;
        for d in &degree[..n] {
            offsets.push(total as u32);
            total += u64::from(*d);
        }
        drop(degree);
        assert!(total < u64::from(u32::MAX), "more relationships than the adjacency supports");
        offsets.push(total as u32);
        let mut links = vec![Link::default(); total as usize];
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        for e in edges() {
            let flag = if e.verified { VERIFIED_BIT } else { 0 };
            for (from, to) in [(e.a, e.b), (e.b, e.a)] {
                let slot = &mut fill[from as usize];
                links[*slot as usize] = Link { weight: e.weight, target: to | flag, edge: e.edge };
                *slot += 1;
            }
        }
        drop(fill);
        for v in 0..n {
            links[offsets[v] as usize..offsets[v + 1] as usize].sort_unstable_by(row_order);
        }
        Self { offsets, links, overlay_slot: vec![NO_OVERLAY; n], overlay: Vec::new(), overlay_entries: 0 }
    }

    #[inline]
    fn row(&self, n: u32) -> &[Link] {
        match self.overlay_slot.get(n as usize) {
            Some(&NO_OVERLAY) => {
                &self.links[self.offsets[n as usize] as usize..self.offsets[n as usize + 1] as usize]
            }
            Some(&slot) => &self.overlay[slot as usize],
            None => &[],
        }
    }

    /// The petgraph edge linking `a` and `b`, found by scanning the shorter row.
    fn edge_between(&self, a: u32, b: u32) -> Option<EdgeIndex> {
        let (ra, rb) = (self.row(a), self.row(b));
        let (to, row) = if ra.len() <= rb.len() { (b, ra) } else { (a, rb) };
        row.iter().find(|l| l.target & NODE_MASK == to).map(|l| EdgeIndex::new(l.edge as usize))
    }

    /// Re-derives node `n`'s row from the graph into the overlay.
    fn refresh(&mut self, graph: &StableUnGraph<(), Tie>, n: NodeIndex) {
        let i = n.index();
        if i >= self.overlay_slot.len() {
            self.overlay_slot.resize(i + 1, NO_OVERLAY);
        }
        let mut row: Vec<Link> = if graph.contains_node(n) {
            graph
                .edges(n)
                .map(|e| {
                    let other = if e.source() == n { e.target() } else { e.source() };
                    let flag = if e.weight().verified() { VERIFIED_BIT } else { 0 };
                    Link {
                        weight: e.weight().weight,
                        target: other.index() as u32 | flag,
                        edge: e.id().index() as u32,
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        row.sort_unstable_by(row_order);
        self.overlay_entries += row.len();
        match self.overlay_slot[i] {
            NO_OVERLAY => {
                self.overlay_slot[i] = self.overlay.len() as u32;
                self.overlay.push(row);
            }
            slot => {
                let old = std::mem::replace(&mut self.overlay[slot as usize], row);
                self.overlay_entries -= old.len();
            }
        }
    }

    /// Folds the overlay back into fresh CSR arrays once it is large.
    fn compact_if_large(&mut self, graph: &StableUnGraph<(), Tie>) {
        let limit = self.links.len() / 8 + 64;
        if self.overlay_entries > limit || self.overlay.len() > self.offsets.len() / 8 + 16 {
            *self = Self::from_graph(graph);
        }
    }

    /// A pair of nodes linked twice, if any (CSR rows only; used right after a build).
    fn find_duplicate_pair(&self, node_bound: usize) -> Option<(u32, u32)> {
        let mut seen = vec![u32::MAX; node_bound];
        for v in 0..node_bound {
            for l in self.row(v as u32) {
                let u = (l.target & NODE_MASK) as usize;
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
pub(crate) fn row_order(x: &Link, y: &Link) -> std::cmp::Ordering {
    y.weight.total_cmp(&x.weight).then((x.target & NODE_MASK).cmp(&(y.target & NODE_MASK)))
}

/// The path search's reusable per-query buffers (`paths`), sized to the network and kept
/// with it; stamped with a query number so nothing needs clearing between queries.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) epoch: u32,
    pub(crate) blocked: Vec<u32>,
    pub(crate) target: Vec<u32>,
    pub(crate) h1_stamp: Vec<u32>,
    pub(crate) h1: Vec<f64>,
    pub(crate) h2_stamp: Vec<u32>,
    pub(crate) h2: Vec<f64>,
    pub(crate) ring: Vec<u32>,
    /// Largest `h1` value of this query (no walk to a target does better).
    pub(crate) h1_max: f64,
    /// `h2` was computed; when the targets' neighbourhood is too large for that
    /// to pay off, two-hop bounds fall back to a person's best tie × `h1_max`.
    pub(crate) h2_exact: bool,
    /// Replaces `paths::H2_BUDGET` (tests use it to exercise the fallback bound).
    pub(crate) h2_budget: Option<usize>,
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
            owner_rep_id: None,
            visibility: Default::default(),
        }
    }

    /// Every row the queries read matches the petgraph graph, sorted best first.
    fn assert_rows_match(net: &Network) {
        for n in net.graph.node_indices() {
            let row = net.row(n.index() as u32);
            let mut want: Vec<(u32, u64, u32)> = net
                .graph
                .edges(n)
                .map(|e| {
                    let other = if e.source() == n { e.target() } else { e.source() };
                    let flag = if e.weight().verified() { VERIFIED_BIT } else { 0 };
                    (other.index() as u32 | flag, e.weight().weight.to_bits(), e.id().index() as u32)
                })
                .collect();
            let mut got: Vec<(u32, u64, u32)> =
                row.iter().map(|l| (l.target, l.weight.to_bits(), l.edge)).collect();
            assert!(row.windows(2).all(|w| w[0].weight >= w[1].weight), "row {n:?} is sorted best first");
            want.sort();
            got.sort();
            assert_eq!(got, want, "row {n:?}");
        }
    }

    #[test]
    fn an_upsert_updates_moves_or_refuses_a_relationship() {
        let people: Vec<PersonSummary> = (0..4u128)
            .map(|i| PersonSummary { id: PersonId(uuid::Uuid::from_u128(i + 1)), full_name: format!("P{i}") })
            .collect();
        let p = |i: usize| people[i].id;
        let data = NetworkData { people: people.clone(), ..NetworkData::default() };
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut net = Network::build(&data, WeightParams::default(), today).unwrap();
        net.upsert_relationship(&rel(1, p(0), p(1), 2)).unwrap();
        net.upsert_relationship(&rel(2, p(2), p(3), 2)).unwrap();
        // The same ends: the tie is updated in place.
        net.upsert_relationship(&rel(1, p(0), p(1), 5)).unwrap();
        assert_eq!(net.tie_between(p(0), p(1)).unwrap().strength.get(), 5);
        assert_eq!(net.relationship_count(), 2);
        // New ends: it leaves its old pair.
        net.upsert_relationship(&rel(1, p(0), p(2), 3)).unwrap();
        assert!(net.tie_between(p(0), p(1)).is_none());
        assert_eq!(net.tie_between(p(0), p(2)).unwrap().id, RelationshipId(uuid::Uuid::from_u128(1)));
        assert_eq!(net.relationship_count(), 2);
        // Onto a pair another relationship links: refused, nothing changed.
        let err = net.upsert_relationship(&rel(1, p(2), p(3), 3)).unwrap_err();
        assert!(err.to_string().contains("edit that one instead"), "{err}");
        assert!(net.tie_between(p(0), p(2)).is_some());
        assert_eq!(net.tie_between(p(2), p(3)).unwrap().id, RelationshipId(uuid::Uuid::from_u128(2)));
        assert_rows_match(&net);
        net.remove_relationship(RelationshipId(uuid::Uuid::from_u128(1))).unwrap();
        assert!(net.tie_between(p(0), p(2)).is_none());
        assert!(net.remove_relationship(RelationshipId(uuid::Uuid::from_u128(1))).is_err());
        assert_rows_match(&net);
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
