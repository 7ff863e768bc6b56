//! Ranked introduction paths: who can introduce the rep to a target, and why.
//!
//! A path runs from the rep to the target through people who know each other,
//! visiting nobody twice, in at most `max_hops` relationships (1 to 4, default
//! 3). Its **score** is the product of the introduction weights of its
//! relationships, evaluated from the rep outwards, times the referral source's
//! track-record factor when one is given ([`PathOptions::source_factors`]):
//!
//! `score = w₁ × w₂ × … × w_h × f(first intermediary)`
//!
//! Paths are ranked best first by score, then fewer hops, then the sequence of
//! person ids (so the order never depends on how the network was loaded).
//! `docs/ranking.md` explains the model to users.
//!
//! # Search
//!
//! The hop cap bounds the search itself. A backward pass from the target(s)
//! records, for every person within two hops of a target, the best weight of a
//! one-hop and the best product of a two-hop walk to a target. A depth-first
//! search from the rep then extends a path only while an upper bound of its
//! best completion can still beat the k-th best result found so far (or, in
//! diverse mode, the best path already found through the same first person).
//! The bound is the product so far × the factor still to come × the best
//! remaining walk: read from the backward tables within two hops of a target,
//! and for three hops the person's best tie × the best two-hop walk anywhere;
//! no weight exceeds 1, so these never underestimate. Rows are sorted by
//! weight, best first, so a row is abandoned at the first neighbour that
//! cannot matter. For four hops this meets in the middle: the search walks two
//! hops out from the rep and the backward tables cover the rest. Bounds are
//! compared with a relative slack of 10⁻⁹ so rounding never prunes a path that
//! would tie; final scores are always computed in the documented order.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::{row_order, Link, Network, Scratch, Tie, NODE_MASK, VERIFIED_BIT};
use crate::model::{
    Employment, OrganisationId, OrganisationSummary, PersonId, RelationshipId, RelationshipKind, Strength,
};

/// Fewest hops a query may allow.
pub const MIN_HOPS: u8 = 1;
/// Most hops a query may allow.
pub const MAX_HOPS: u8 = 4;
/// Most paths (or target groups) one query may ask for.
pub const MAX_K: usize = 1000;
/// Smallest referral-source track-record factor.
pub const MIN_SOURCE_FACTOR: f64 = 0.5;
/// Largest referral-source track-record factor.
pub const MAX_SOURCE_FACTOR: f64 = 1.5;

/// Most links the two-hop table around the target(s) may read; beyond it
/// (a target next to hubs, a large organisation) the search uses the cheaper
/// two-hop bound instead.
const H2_BUDGET: usize = 1 << 17;

/// Relative slack under which a bound counts as below the threshold, so
/// rounding in a bound never prunes a path that would tie.
const PRUNE_SLACK: f64 = 1.0 - 1e-9;

/// What a path query asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PathOptions {
    /// How many paths (or, for an organisation, how many people) to return; 1 to [`MAX_K`].
    pub k: usize,
    /// Most relationships on a path; 1 to 4.
    pub max_hops: u8,
    /// People who must not appear on any path. Ids not in the network are ignored.
    pub exclude: BTreeSet<PersonId>,
    /// Use only relationships the rep has verified.
    pub verified_only: bool,
    /// Return the best path through each different first person to ask (the
    /// second person on the path; a direct tie counts as its own), the top `k`
    /// of those, instead of the `k` best paths overall. The app's default.
    pub diverse: bool,
    /// For an organisation target: paths per person; 1 to [`MAX_K`].
    pub per_target: usize,
    /// Referral-source track-record factors in [0.5, 1.5] (1 is neutral), applied
    /// once to each path of two or more hops, for its first intermediary. People
    /// not listed count as 1.
    pub source_factors: HashMap<PersonId, f64>,
    /// The rep's teammates in a team workspace (their people): each is one implicit
    /// [`teammate_weight`] tie from the rep, so a path can go through a colleague's own
    /// ties ("ask your colleague Dana, who knows Priya well"). A relationship recorded
    /// between the rep and a teammate counts instead when it weighs more. Empty outside a
    /// team.
    pub teammates: BTreeSet<PersonId>,
}

impl Default for PathOptions {
    fn default() -> Self {
        Self {
            k: 5,
            max_hops: 3,
            exclude: BTreeSet::new(),
            verified_only: false,
            diverse: true,
            per_target: 3,
            source_factors: HashMap::new(),
            teammates: BTreeSet::new(),
        }
    }
}

impl PathOptions {
    /// Checks ranges; the error names the option and the value.
    pub fn validate(&self) -> Result<()> {
        if !(MIN_HOPS..=MAX_HOPS).contains(&self.max_hops) {
            return Err(Error::invalid(
                "max hops",
                format!("{} is out of range; use {MIN_HOPS} to {MAX_HOPS}", self.max_hops),
            ));
        }
        if !(1..=MAX_K).contains(&self.k) {
            return Err(Error::invalid("k", format!("{} is out of range; use 1 to {MAX_K}", self.k)));
        }
        if !(1..=MAX_K).contains(&self.per_target) {
            return Err(Error::invalid(
                "paths per target",
                format!("{} is out of range; use 1 to {MAX_K}", self.per_target),
            ));
        }
        for (person, f) in &self.source_factors {
            if !(MIN_SOURCE_FACTOR..=MAX_SOURCE_FACTOR).contains(f) {
                return Err(Error::invalid(
                    "source factor",
                    format!("{f} for person {person} is outside [{MIN_SOURCE_FACTOR}, {MAX_SOURCE_FACTOR}]"),
                ));
            }
        }
        Ok(())
    }
}

/// A person on a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PathPerson {
    pub id: PersonId,
    pub name: String,
}

/// How sure it is that two people worked at an organisation at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OverlapCertainty {
    /// Both date ranges are known and overlap.
    Dates,
    /// Both work there now (some start dates may be unknown).
    BothCurrent,
    /// Some dates are unknown and the known ones do not rule an overlap out.
    Unconfirmed,
}

/// An organisation both people of a hop worked at, at overlapping dates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SharedEmployer {
    pub organisation: OrganisationSummary,
    /// Start of the overlap, when known.
    pub from: Option<NaiveDate>,
    /// End of the overlap, when known (today when both work there now).
    pub to: Option<NaiveDate>,
    /// Both work there now.
    pub current: bool,
    pub certainty: OverlapCertainty,
    /// Which dates are unknown, e.g. "start date unknown for Ann Lee".
    pub unknown_dates: Vec<String>,
}

/// Why one hop of a path carries its weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HopExplanation {
    pub from: PersonId,
    pub to: PersonId,
    pub relationship: RelationshipId,
    pub kind: RelationshipKind,
    pub strength: Strength,
    pub verified: bool,
    pub verified_at: Option<DateTime<Utc>>,
    /// The tie is unverified: "confirm they know each other" before asking.
    pub confirm_they_know_each_other: bool,
    pub last_contact: Option<NaiveDate>,
    pub since: Option<NaiveDate>,
    /// The introduction weight of the relationship.
    pub weight: f64,
    pub shared_employers: Vec<SharedEmployer>,
    /// The referral source's track-record factor, on the hop where that source
    /// makes the introduction (the second hop), when one was given.
    pub source_factor: Option<f64>,
    /// E.g. "strong, verified colleague since 2019; last contact 3 weeks ago; both at Acme 2018–2021".
    pub sentence: String,
    /// The hop is the implicit tie between the rep and a teammate (no relationship is
    /// recorded between them; `relationship` is then the nil id).
    #[serde(default)]
    pub teammate: bool,
    /// The colleague who recorded this relationship, when it is not the rep's own (a tie
    /// pulled from the team workspace). Filled by [`crate::suggest::suggest`].
    #[serde(default)]
    pub recorded_by: Option<Colleague>,
}

/// A colleague on the team: a rep other than the one asking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Colleague {
    pub rep_id: crate::model::RepId,
    pub person_id: PersonId,
    pub name: String,
}

/// One ranked introduction path from the rep to a target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IntroPath {
    pub score: f64,
    /// The rep first, the target last.
    pub people: Vec<PathPerson>,
    /// One per relationship, from the rep outwards.
    pub hops: Vec<HopExplanation>,
    /// The track-record factor applied for the first intermediary, if any.
    pub source_factor: Option<f64>,
    /// When the first person to ask is a colleague on the team: who, and the sentence
    /// that says so, e.g. "ask your colleague Dana Whitfield, who knows Priya Shah well
    /// (verified)". Filled by [`crate::suggest::suggest`].
    #[serde(default)]
    pub ask_colleague: Option<String>,
}

impl IntroPath {
    /// The person the rep would ask (none for a direct tie).
    pub fn first_intermediary(&self) -> Option<&PathPerson> {
        (self.people.len() > 2).then(|| &self.people[1])
    }

    pub fn target(&self) -> &PathPerson {
        self.people.last().expect("a path has people")
    }
}

/// The paths to one person of a target organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TargetGroup {
    pub person: PathPerson,
    pub paths: Vec<IntroPath>,
}

/// The best introduction paths from `rep` to `target`, best first.
///
/// An empty result means no path within `max_hops`. Errors: unknown rep or
/// target (`NotFound`); the rep as target, the rep or target excluded, or an
/// option out of range (`Invalid`).
pub fn paths_to_person(
    network: &Network,
    rep: PersonId,
    target: PersonId,
    options: &PathOptions,
) -> Result<Vec<IntroPath>> {
    options.validate()?;
    let source = rep_node(network, rep, options)?;
    let t =
        network.node(target).ok_or_else(|| Error::not_found("person", target.to_string()))?.index() as u32;
    if t == source {
        return Err(Error::invalid("target", "the rep cannot be their own target"));
    }
    if options.exclude.contains(&target) {
        return Err(Error::invalid("target", format!("{target} is also in the excluded people")));
    }
    let first = first_row(network, source, &[t], &options.teammates);
    let found = with_scratch(network, |scratch| {
        let mode = if options.diverse { Mode::ByFirst } else { Mode::Plain };
        search(network, scratch, options, source, first.as_deref(), &[t], true, mode, options.k)
    });
    Ok(found.iter().map(|f| explain(network, f, options)).collect())
}

/// The best introduction paths from `rep` to anyone who works at `organisation`
/// now (the rep and excluded people aside), grouped by person: at most `k`
/// people, ordered by their best path, each with up to `per_target` paths
/// ranked as [`paths_to_person`] ranks them.
pub fn paths_to_organisation(
    network: &Network,
    rep: PersonId,
    organisation: OrganisationId,
    options: &PathOptions,
) -> Result<Vec<TargetGroup>> {
    options.validate()?;
    let source = rep_node(network, rep, options)?;
    if !network.has_organisation(organisation) {
        return Err(Error::not_found("organisation", organisation.to_string()));
    }
    let targets: Vec<u32> = network
        .current_employee_nodes(organisation)
        .filter(|&n| {
            n != source && (options.exclude.is_empty() || !options.exclude.contains(&network.person_id(n)))
        })
        .collect();
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    // No teammate tie leads to anyone who works there: every search of this target uses the same row.
    let first = first_row(network, source, &targets, &options.teammates);
    let best = with_scratch(network, |scratch| {
        search(
            network,
            scratch,
            options,
            source,
            first.as_deref(),
            &targets,
            false,
            Mode::ByTarget,
            options.k,
        )
    });
    let mut groups = Vec::with_capacity(best.len());
    for b in &best {
        let t = b.nodes[b.len as usize - 1];
        let found = with_scratch(network, |scratch| {
            let mode = if options.diverse { Mode::ByFirst } else { Mode::Plain };
            search(network, scratch, options, source, first.as_deref(), &[t], true, mode, options.per_target)
        });
        groups.push(TargetGroup {
            person: PathPerson { id: network.person_id(t), name: network.name(t).to_string() },
            paths: found.iter().map(|f| explain(network, f, options)).collect(),
        });
    }
    Ok(groups)
}

fn rep_node(network: &Network, rep: PersonId, options: &PathOptions) -> Result<u32> {
    let n = network.node(rep).ok_or_else(|| Error::not_found("person", rep.to_string()))?;
    if options.exclude.contains(&rep) {
        return Err(Error::invalid("exclude", format!("the rep ({rep}) cannot be excluded")));
    }
    Ok(n.index() as u32)
}

// ----- search -----

impl Scratch {
    fn begin(&mut self, n: usize) {
        if self.blocked.len() < n {
            for v in [&mut self.blocked, &mut self.target, &mut self.h1_stamp, &mut self.h2_stamp] {
                v.resize(n, 0);
            }
            self.h1.resize(n, 0.0);
            self.h2.resize(n, 0.0);
        }
        if self.epoch == u32::MAX {
            for v in [&mut self.blocked, &mut self.target, &mut self.h1_stamp, &mut self.h2_stamp] {
                v.fill(0);
            }
            self.epoch = 0;
        }
        self.epoch += 1;
        self.ring.clear();
        self.h1_max = 0.0;
        self.h2_exact = false;
    }
}

fn with_scratch<T>(network: &Network, f: impl FnOnce(&mut Scratch) -> T) -> T {
    let mut scratch = network.scratch.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
    let out = f(&mut scratch);
    network.scratch.lock().unwrap_or_else(|e| e.into_inner()).push(scratch);
    out
}

/// A path found by the search: node indexes and person ids, rep first.
#[derive(Clone, Debug)]
struct Found {
    score: f64,
    len: u8,
    nodes: [u32; MAX_HOPS as usize + 1],
    ids: [PersonId; MAX_HOPS as usize + 1],
}

impl Found {
    fn ids(&self) -> &[PersonId] {
        &self.ids[..self.len as usize]
    }

    /// The ranking order: higher score, then fewer hops, then person ids.
    fn rank(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.len.cmp(&other.len))
            .then_with(|| self.ids().cmp(other.ids()))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The k best paths.
    Plain,
    /// The best path per first intermediary (second node), top k of those.
    ByFirst,
    /// The best path per target, top k of those.
    ByTarget,
}

/// The results kept so far, and the score a new path must reach to matter.
struct Collector {
    mode: Mode,
    k: usize,
    /// Plain: the k best, in rank order.
    best: Vec<Found>,
    /// Grouped: the best path per group, and the top-k groups in rank order.
    by_group: FxHashMap<u32, Found>,
    top: Vec<u32>,
}

impl Collector {
    fn new(mode: Mode, k: usize) -> Self {
        Self { mode, k, best: Vec::new(), by_group: FxHashMap::default(), top: Vec::new() }
    }

    /// Below this score a path cannot enter the results, whatever its group.
    fn floor(&self) -> f64 {
        match self.mode {
            Mode::Plain if self.best.len() == self.k => self.best[self.k - 1].score,
            Mode::ByFirst | Mode::ByTarget if self.top.len() == self.k => {
                self.by_group[&self.top[self.k - 1]].score
            }
            _ => 0.0,
        }
    }

    /// Below this score a path whose first intermediary is `first` cannot matter.
    fn threshold(&self, first: u32) -> f64 {
        let floor = self.floor();
        match self.mode {
            Mode::ByFirst => self.by_group.get(&first).map_or(floor, |f| f.score.max(floor)),
            _ => floor,
        }
    }

    fn offer(&mut self, path: Found) {
        let group = match self.mode {
            Mode::Plain => {
                let at = self.best.partition_point(|p| p.rank(&path).is_lt());
                if at < self.k {
                    self.best.insert(at, path);
                    self.best.truncate(self.k);
                }
                return;
            }
            Mode::ByFirst => path.nodes[1],
            Mode::ByTarget => path.nodes[path.len as usize - 1],
        };
        if let Some(old) = self.by_group.get(&group) {
            if !path.rank(old).is_lt() {
                return;
            }
        }
        self.by_group.insert(group, path);
        self.top.retain(|g| *g != group);
        let by_group = &self.by_group;
        let at = self.top.partition_point(|g| by_group[g].rank(&by_group[&group]).is_lt());
        if at < self.k {
            self.top.insert(at, group);
            self.top.truncate(self.k);
        }
    }

    fn finish(self) -> Vec<Found> {
        match self.mode {
            Mode::Plain => self.best,
            _ => {
                let mut by_group = self.by_group;
                self.top.iter().map(|g| by_group.remove(g).expect("top group has a path")).collect()
            }
        }
    }
}

struct Search<'a> {
    network: &'a Network,
    scratch: &'a mut Scratch,
    factors: &'a HashMap<PersonId, f64>,
    max_hops: usize,
    verified_only: bool,
    /// Stop at a target instead of walking through it (one target).
    stop_at_target: bool,
    /// The largest factor any first intermediary can bring.
    factor_max: f64,
    /// The target, when there is one: the last hop then needs no walk along a row.
    single_target: Option<u32>,
    stack: [u32; MAX_HOPS as usize + 1],
    collector: Collector,
    /// The rep's row with the implicit teammate ties merged in, when there are teammates.
    first_row: Option<&'a [Link]>,
}

/// The weight of the implicit tie between the rep and a teammate: the weight of a strong
/// (4), verified tie in contact today (0.8 with the default constants), from the one
/// weight function.
pub fn teammate_weight(network: &Network) -> f64 {
    let today = network.today();
    crate::weight::weight_of(
        Strength::new(4).expect("4 is a strength"),
        true,
        Some(today),
        network.params(),
        today,
    )
}

/// Edge index of an implicit teammate link (no petgraph edge).
const TEAMMATE_EDGE: u32 = u32::MAX;

/// The rep's row with a link to every teammate (never to a target: a colleague is asked
/// directly, not introduced), the better of a recorded and the implicit tie kept, sorted
/// as rows are. `None` without teammates: the search reads the rep's row as it is.
fn first_row(
    network: &Network,
    source: u32,
    targets: &[u32],
    teammates: &BTreeSet<PersonId>,
) -> Option<Vec<Link>> {
    if teammates.is_empty() {
        return None;
    }
    let w = teammate_weight(network);
    let mut row = network.row(source).to_vec();
    for p in teammates {
        let Some(n) = network.node(*p).map(|n| n.index() as u32) else { continue };
        if n == source || targets.contains(&n) {
            continue;
        }
        let implicit = Link { weight: w, target: n | VERIFIED_BIT, edge: TEAMMATE_EDGE };
        match row.iter_mut().find(|l| l.target & NODE_MASK == n) {
            Some(l) if l.weight >= w => {}
            Some(l) => *l = implicit,
            None => row.push(implicit),
        }
    }
    row.sort_by(row_order);
    Some(row)
}

#[allow(clippy::too_many_arguments)]
fn search(
    network: &Network,
    scratch: &mut Scratch,
    options: &PathOptions,
    source: u32,
    first_row: Option<&[Link]>,
    targets: &[u32],
    stop_at_target: bool,
    mode: Mode,
    k: usize,
) -> Vec<Found> {
    scratch.begin(network.node_bound());
    let epoch = scratch.epoch;
    for p in &options.exclude {
        if let Some(n) = network.node(*p) {
            scratch.blocked[n.index()] = epoch;
        }
    }
    for &t in targets {
        scratch.target[t as usize] = epoch;
    }
    let max_hops = options.max_hops as usize;
    backward(network, scratch, options.verified_only, targets, max_hops);
    let factor_max = options.source_factors.values().fold(1.0f64, |m, f| m.max(*f));
    let mut s = Search {
        network,
        scratch,
        factors: &options.source_factors,
        max_hops,
        verified_only: options.verified_only,
        stop_at_target,
        factor_max,
        single_target: if targets.len() == 1 { Some(targets[0]) } else { None },
        stack: [source; MAX_HOPS as usize + 1],
        collector: Collector::new(mode, k),
        first_row,
    };
    s.expand(0, source, 1.0, 1.0, source);
    s.collector.finish()
}

/// Fills `h1` (best weight of a tie to a target) for people one hop from a
/// target and, when the search may need it, `h2` (best product of a two-hop
/// walk to a target) for people two hops away.
fn backward(network: &Network, scratch: &mut Scratch, verified_only: bool, targets: &[u32], max_hops: usize) {
    let epoch = scratch.epoch;
    for &t in targets {
        for link in network.row(t) {
            let (x, w) = (link.target, link.weight);
            if verified_only && x & VERIFIED_BIT == 0 {
                continue;
            }
            let b = (x & NODE_MASK) as usize;
            if scratch.blocked[b] == epoch {
                continue;
            }
            if scratch.h1_stamp[b] != epoch {
                scratch.h1_stamp[b] = epoch;
                scratch.h1[b] = w;
                scratch.ring.push(b as u32);
            } else if w > scratch.h1[b] {
                scratch.h1[b] = w;
            }
            scratch.h1_max = scratch.h1_max.max(w);
        }
    }
    let work: usize = scratch.ring.iter().map(|&b| network.row(b).len()).sum();
    if max_hops < 3 || work > scratch.h2_budget.unwrap_or(H2_BUDGET) {
        return;
    }
    scratch.h2_exact = true;
    let ring = std::mem::take(&mut scratch.ring);
    for &b in &ring {
        let hb = scratch.h1[b as usize];
        for link in network.row(b) {
            let (x, w) = (link.target, link.weight);
            if verified_only && x & VERIFIED_BIT == 0 {
                continue;
            }
            let m = (x & NODE_MASK) as usize;
            if scratch.blocked[m] == epoch {
                continue;
            }
            let v = w * hb;
            if scratch.h2_stamp[m] != epoch {
                scratch.h2_stamp[m] = epoch;
                scratch.h2[m] = v;
            } else if v > scratch.h2[m] {
                scratch.h2[m] = v;
            }
        }
    }
    scratch.ring = ring;
}

impl Search<'_> {
    /// An upper bound of the best completion from `u` to a target in at most
    /// `r` more hops (1 to 3), or `None` when no target is that close.
    #[inline]
    fn completion_bound(&self, u: usize, r: usize) -> Option<f64> {
        let s = &self.scratch;
        let e = s.epoch;
        let h1 = (s.h1_stamp[u] == e).then(|| s.h1[u]);
        // One step (at most u's best tie) to someone next to a target: bounds
        // every walk of two or three hops, since no walk beats `h1_max`.
        let via = || self.network.row(u as u32).first().map(|l| l.weight * s.h1_max);
        let h2 = if r < 2 || s.ring.is_empty() {
            None
        } else if s.h2_exact && r == 2 {
            (s.h2_stamp[u] == e).then(|| s.h2[u])
        } else {
            via()
        };
        match (h1, h2) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// An upper bound of the best completion from anyone in at most `r` hops.
    #[inline]
    fn reach(&self, r: usize) -> f64 {
        if r == 0 {
            0.0
        } else {
            self.scratch.h1_max
        }
    }

    /// Extends the path `stack[..=d]` (ending at `v`, weight product `p`,
    /// source factor `f`, first intermediary `first`) by one hop.
    fn expand(&mut self, d: usize, v: u32, p: f64, f: f64, first: u32) {
        let network = self.network;
        let r = self.max_hops - d;
        let epoch = self.scratch.epoch;
        let f_bound = if d == 0 { self.factor_max } else { f };
        // The best completion through any neighbour: 1 if one may be a
        // target, else the best walk of the remaining hops.
        let beyond = if self.scratch.h1_stamp[v as usize] == epoch { 1.0 } else { self.reach(r - 1) };
        if let (1, Some(t)) = (r, self.single_target) {
            self.last_hop(d, v, p, f_bound, f, first, t);
            return;
        }
        let row = match (d, self.first_row) {
            (0, Some(merged)) => merged,
            _ => network.row(v),
        };
        for link in row {
            let (x, w) = (link.target, link.weight);
            let pw = p * w;
            // Rows are sorted by weight: nothing further along can do better.
            let bar = if d == 0 { self.collector.floor() } else { self.collector.threshold(first) };
            if pw * f_bound * beyond < bar * PRUNE_SLACK {
                break;
            }
            if self.verified_only && x & VERIFIED_BIT == 0 {
                continue;
            }
            let u = x & NODE_MASK;
            if self.scratch.blocked[u as usize] == epoch || self.stack[..=d].contains(&u) {
                continue;
            }
            let first_u = if d == 0 { u } else { first };
            let is_target = self.scratch.target[u as usize] == epoch;
            if is_target {
                let score = pw * if d == 0 { 1.0 } else { f };
                if score >= self.collector.threshold(first_u) * PRUNE_SLACK {
                    self.record(d + 1, u, score);
                }
                if self.stop_at_target {
                    continue;
                }
            }
            if r < 2 {
                continue;
            }
            let f_u = if d == 0 && !self.factors.is_empty() {
                self.factors.get(&network.person_id(u)).copied().unwrap_or(1.0)
            } else if d == 0 {
                1.0
            } else {
                f
            };
            let Some(rest) = self.completion_bound(u as usize, r - 1) else { continue };
            if pw * f_u * rest < self.collector.threshold(first_u) * PRUNE_SLACK {
                continue;
            }
            self.stack[d + 1] = u;
            self.expand(d + 1, u, pw, f_u, first_u);
        }
    }

    /// The last hop to the one target `t`, as the walk along `v`'s row in [`Self::expand`]
    /// would make it, without the walk (a hub next to the target has thousands of ties,
    /// walked once for every way of reaching it): `h1[v]` is the weight of `v`'s tie to
    /// `t`, with the same checks, and the row's break (sorted by weight, nothing
    /// after a link that fails the bar can pass it) reaches `t`'s link exactly when that
    /// link passes the bar itself.
    #[allow(clippy::too_many_arguments)]
    fn last_hop(&mut self, d: usize, v: u32, p: f64, f_bound: f64, f: f64, first: u32, t: u32) {
        let s = &self.scratch;
        if s.h1_stamp[v as usize] != s.epoch
            || s.blocked[t as usize] == s.epoch
            || self.stack[..=d].contains(&t)
        {
            return;
        }
        let pw = p * s.h1[v as usize];
        let bar = if d == 0 { self.collector.floor() } else { self.collector.threshold(first) };
        if pw * f_bound < bar * PRUNE_SLACK {
            return;
        }
        let first_t = if d == 0 { t } else { first };
        let score = pw * if d == 0 { 1.0 } else { f };
        if score >= self.collector.threshold(first_t) * PRUNE_SLACK {
            self.record(d + 1, t, score);
        }
    }

    fn record(&mut self, len_minus_one: usize, last: u32, score: f64) {
        let len = len_minus_one + 1;
        let mut nodes = self.stack;
        nodes[len - 1] = last;
        let mut ids = [PersonId(uuid::Uuid::nil()); MAX_HOPS as usize + 1];
        for i in 0..len {
            ids[i] = self.network.person_id(nodes[i]);
        }
        self.collector.offer(Found { score, len: len as u8, nodes, ids });
    }
}

// ----- explanations -----

fn explain(network: &Network, found: &Found, options: &PathOptions) -> IntroPath {
    let nodes = &found.nodes[..found.len as usize];
    let people: Vec<PathPerson> = nodes
        .iter()
        .map(|&n| PathPerson { id: network.person_id(n), name: network.name(n).to_string() })
        .collect();
    let source_factor =
        if nodes.len() > 2 { options.source_factors.get(&people[1].id).copied() } else { None };
    let today = network.today();
    let hops = nodes
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let shared = shared_employers(
                network,
                (network.name(pair[0]), network.employments_of(pair[0])),
                (network.name(pair[1]), network.employments_of(pair[1])),
                today,
            );
            let tie = network.edge_tie(pair[0], pair[1]);
            if i == 0 && options.teammates.contains(&people[1].id) {
                let w = teammate_weight(network);
                if tie.is_none_or(|t| t.weight < w) {
                    return teammate_hop(people[0].id, people[1].id, w, shared);
                }
            }
            let tie = tie.expect("a path follows relationships");
            let factor = if i == 1 { source_factor } else { None };
            hop_explanation(people[i].id, people[i + 1].id, tie, shared, factor, today)
        })
        .collect();
    IntroPath { score: found.score, people, hops, source_factor, ask_colleague: None }
}

/// The implicit first hop from the rep to a teammate.
fn teammate_hop(
    from: PersonId,
    to: PersonId,
    weight: f64,
    shared_employers: Vec<SharedEmployer>,
) -> HopExplanation {
    let mut parts = vec!["your colleague on the team".to_string()];
    for s in &shared_employers {
        parts.push(shared_employer_phrase(s));
    }
    HopExplanation {
        from,
        to,
        relationship: RelationshipId(uuid::Uuid::nil()),
        kind: RelationshipKind::Colleague,
        strength: Strength::new(4).expect("4 is a strength"),
        verified: true,
        verified_at: None,
        confirm_they_know_each_other: false,
        last_contact: None,
        since: None,
        weight,
        shared_employers,
        source_factor: None,
        sentence: parts.join("; "),
        teammate: true,
        recorded_by: None,
    }
}

fn hop_explanation(
    from: PersonId,
    to: PersonId,
    tie: &Tie,
    shared_employers: Vec<SharedEmployer>,
    source_factor: Option<f64>,
    today: NaiveDate,
) -> HopExplanation {
    let mut parts = Vec::new();
    let mut first = format!(
        "{}, {} {}",
        tie.strength.label(),
        if tie.verified() { "verified" } else { "unverified" },
        tie.kind.label()
    );
    if let Some(since) = tie.since {
        first.push_str(&format!(" since {}", since.format("%Y")));
    }
    parts.push(first);
    parts.push(match tie.last_contact {
        Some(date) => format!("last contact {}", relative_date(date, today)),
        None => "no recorded contact".to_string(),
    });
    for s in &shared_employers {
        parts.push(shared_employer_phrase(s));
    }
    if let Some(f) = source_factor {
        parts.push(format!("referral track record ×{f:.2}"));
    }
    if !tie.verified() {
        parts.push("confirm they know each other".to_string());
    }
    HopExplanation {
        from,
        to,
        relationship: tie.id,
        kind: tie.kind,
        strength: tie.strength,
        verified: tie.verified(),
        verified_at: tie.verified_at,
        confirm_they_know_each_other: !tie.verified(),
        last_contact: tie.last_contact,
        since: tie.since,
        weight: tie.weight,
        shared_employers,
        source_factor,
        sentence: parts.join("; "),
        teammate: false,
        recorded_by: None,
    }
}

fn shared_employer_phrase(s: &SharedEmployer) -> String {
    let name = &s.organisation.name;
    let year = |d: NaiveDate| d.format("%Y").to_string();
    match (s.certainty, s.from, s.to) {
        (OverlapCertainty::Unconfirmed, ..) => {
            format!("both at {name} (dates incomplete; may not have overlapped)")
        }
        (_, Some(from), _) if s.current => format!("both at {name} since {}", year(from)),
        (_, None, _) if s.current => format!("both at {name} now"),
        (_, Some(from), Some(to)) if from.format("%Y").to_string() == year(to) => {
            format!("both at {name} in {}", year(from))
        }
        (_, Some(from), Some(to)) => format!("both at {name} {}–{}", year(from), year(to)),
        _ => format!("both at {name}"),
    }
}

/// "today", "yesterday", "5 days ago", "3 weeks ago", "4 months ago",
/// "2 years ago", or "in 6 days" for a future date.
pub fn relative_date(date: NaiveDate, today: NaiveDate) -> String {
    let days = (today - date).num_days();
    let plural = |n: i64, unit: &str| if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") };
    match days {
        i64::MIN..=-2 => format!("in {}", plural(-days, "day")),
        -1 => "tomorrow".to_string(),
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        2..=13 => format!("{} ago", plural(days, "day")),
        14..=59 => format!("{} ago", plural(days / 7, "week")),
        60..=729 => format!("{} ago", plural(days / 30, "month")),
        _ => format!("{} ago", plural(days / 365, "year")),
    }
}

/// Organisations where both people worked at overlapping dates (or may have,
/// when dates are missing), most certain first.
fn shared_employers(
    network: &Network,
    a: (&str, &[Employment]),
    b: (&str, &[Employment]),
    today: NaiveDate,
) -> Vec<SharedEmployer> {
    let mut out: Vec<SharedEmployer> = Vec::new();
    for ea in a.1 {
        for eb in b.1.iter().filter(|e| e.organisation_id == ea.organisation_id) {
            let Some(found) = overlap((a.0, ea), (b.0, eb), today) else { continue };
            let org = ea.organisation_id;
            let name = network.organisation_name(org).unwrap_or_default().to_string();
            let shared = SharedEmployer {
                organisation: OrganisationSummary { id: org, name },
                from: found.from,
                to: found.to,
                current: found.current,
                certainty: found.certainty,
                unknown_dates: found.unknown_dates,
            };
            match out.iter_mut().find(|s| s.organisation.id == org) {
                Some(existing) if certainty_rank(shared.certainty) < certainty_rank(existing.certainty) => {
                    *existing = shared
                }
                Some(_) => {}
                None => out.push(shared),
            }
        }
    }
    out.sort_by_key(|s| (certainty_rank(s.certainty), s.organisation.name.clone()));
    out
}

fn certainty_rank(c: OverlapCertainty) -> u8 {
    match c {
        OverlapCertainty::Dates => 0,
        OverlapCertainty::BothCurrent => 1,
        OverlapCertainty::Unconfirmed => 2,
    }
}

struct Overlap {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    current: bool,
    certainty: OverlapCertainty,
    unknown_dates: Vec<String>,
}

/// Whether two employments at the same organisation overlap in time.
///
/// A current position without an end date runs to `today`; a past position
/// without an end date, or any position without a start date, has an unknown
/// bound. Known bounds that rule an overlap out (one ended before the other
/// began) give `None`; otherwise the overlap is certain when every bound is
/// known or both work there now, and unconfirmed when dates are missing.
fn overlap(a: (&str, &Employment), b: (&str, &Employment), today: NaiveDate) -> Option<Overlap> {
    let end = |e: &Employment| e.end.or(if e.current { Some(today) } else { None });
    let (a_end, b_end) = (end(a.1), end(b.1));
    let starts = [a.1.start, b.1.start];
    let ends = [a_end, b_end];
    let lo = starts.iter().flatten().max().copied();
    let hi = ends.iter().flatten().min().copied();
    if let (Some(lo), Some(hi)) = (lo, hi) {
        if lo > hi {
            return None;
        }
    }
    let mut unknown_dates = Vec::new();
    for ((name, e), e_end) in [a, b].into_iter().zip(ends) {
        if e.start.is_none() {
            unknown_dates.push(format!("start date unknown for {name}"));
        }
        if e_end.is_none() {
            unknown_dates.push(format!("end date unknown for {name}"));
        }
    }
    let current = a.1.current && b.1.current;
    let certainty = if unknown_dates.is_empty() {
        OverlapCertainty::Dates
    } else if current {
        OverlapCertainty::BothCurrent
    } else {
        OverlapCertainty::Unconfirmed
    };
    Some(Overlap { from: lo, to: hi, current, certainty, unknown_dates })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::{
        EmploymentId, NetworkData, OrganisationSummary, PersonSummary, Relationship, RelationshipId,
    };
    use crate::weight::WeightParams;

    /// The cheaper two-hop bound (used around large neighbourhoods) must give
    /// exactly the answers of the exact table, which the property tests check
    /// against brute force.
    #[test]
    fn fallback_bound_gives_the_same_answers() {
        let mut seed = 99u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let today = d(2026, 6, 30);
        let stamp = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        let mut fallbacks = 0;
        for round in 0..150 {
            let n = 4 + next(20);
            let people: Vec<PersonSummary> = (0..n)
                .map(|i| PersonSummary {
                    id: PersonId(uuid::Uuid::from_u128(1 + i as u128)),
                    full_name: format!("P{i}"),
                })
                .collect();
            let org =
                OrganisationSummary { id: OrganisationId(uuid::Uuid::from_u128(500)), name: "Org".into() };
            let mut pairs = BTreeSet::new();
            let mut relationships = Vec::new();
            for _ in 0..n * 3 {
                let (a, b) = (next(n), next(n));
                if a != b && pairs.insert((a.min(b), a.max(b))) {
                    relationships.push(Relationship {
                        id: RelationshipId(uuid::Uuid::from_u128(1000 + relationships.len() as u128)),
                        a: people[a].id,
                        b: people[b].id,
                        kind: RelationshipKind::Friend,
                        strength: Strength::new(1 + next(5) as u8).unwrap(),
                        verified_at: (next(2) == 0).then_some(stamp),
                        last_contact: Some(today - chrono::Days::new(next(900) as u64)),
                        since: None,
                        notes: String::new(),
                        source: String::new(),
                        created_at: stamp,
                        updated_at: stamp,
                        owner_rep_id: None,
                        visibility: Default::default(),
                    });
                }
            }
            let employments = (0..n / 3)
                .map(|i| Employment {
                    id: EmploymentId(uuid::Uuid::from_u128(2000 + i as u128)),
                    person_id: people[1 + next(n - 1)].id,
                    organisation_id: org.id,
                    title: String::new(),
                    start: None,
                    end: None,
                    current: true,
                })
                .collect();
            let data = NetworkData {
                people: people.clone(),
                organisations: vec![org.clone()],
                employments,
                relationships,
            };
            let network = Network::build(&data, WeightParams::default(), today).unwrap();
            let options = PathOptions {
                k: 1 + next(4),
                max_hops: 3 + next(2) as u8,
                diverse: next(2) == 0,
                source_factors: [(people[1 + next(n - 1)].id, 1.5)].into(),
                ..PathOptions::default()
            };
            let (rep, target) = (people[0].id, people[1 + next(n - 1)].id);
            let exact = paths_to_person(&network, rep, target, &options).unwrap();
            let exact_org = paths_to_organisation(&network, rep, org.id, &options).unwrap();
            *network.scratch.lock().unwrap() = vec![Scratch { h2_budget: Some(0), ..Scratch::default() }];
            let cheap = paths_to_person(&network, rep, target, &options).unwrap();
            if !network.scratch.lock().unwrap()[0].h2_exact {
                fallbacks += 1;
            }
            let cheap_org = paths_to_organisation(&network, rep, org.id, &options).unwrap();
            assert_eq!(exact, cheap, "round {round}");
            assert_eq!(exact_org, cheap_org, "round {round}");
        }
        assert!(fallbacks > 100, "the fallback bound was used in {fallbacks} rounds");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn relative_dates_read_naturally() {
        let today = d(2026, 6, 30);
        let cases = [
            (d(2026, 6, 30), "today"),
            (d(2026, 6, 29), "yesterday"),
            (d(2026, 7, 1), "tomorrow"),
            (d(2026, 7, 6), "in 6 days"),
            (d(2026, 6, 25), "5 days ago"),
            (d(2026, 6, 17), "13 days ago"),
            (d(2026, 6, 16), "2 weeks ago"),
            (d(2026, 6, 9), "3 weeks ago"),
            (d(2026, 5, 2), "8 weeks ago"),
            (d(2026, 5, 1), "2 months ago"),
            (d(2025, 7, 1), "12 months ago"),
            (d(2024, 7, 1), "24 months ago"),
            (d(2024, 6, 30), "2 years ago"),
            (d(2016, 1, 1), "10 years ago"),
        ];
        for (date, want) in cases {
            assert_eq!(relative_date(date, today), want, "{date}");
        }
    }
}
