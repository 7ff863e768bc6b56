//! The graph saved beside its database, so that opening a large network reads one
//! file instead of millions of rows.
//!
//! The file holds a freshly built [`Network`] (no edits since): every
//! relationship's ends and facts in edge order, the query adjacency (CSR row
//! offsets, and each link's neighbour and edge, rows in the order they had),
//! people (ids and names, in node order), organisations and employments.
//! Weights are not saved: they are recomputed on reading with the workspace's
//! constants and today's date, and a row whose order those change is sorted
//! again, so a new day or new constants never make the file stale. Reading
//! rebuilds the same node and edge numbering, so a network read back answers
//! every query exactly as the one that was saved.
//!
//! Reading fills the petgraph graph from the relationship records on a second
//! core while the first checks the checksum and rebuilds everything else.
//!
//! The file is trusted only under a token: its header carries one, and the
//! database marks the token ready only if nothing changed between the read of
//! the tables and the write of the file (see [`crate::store::graph_snapshot`]).
//! A checksum guards against a damaged file; any doubt means a rebuild from the
//! tables, never a wrong graph.
//!
//! Layout (little-endian): magic, token, five counts (people, organisations,
//! employments, relationships, links), then the relationships as fixed
//! [`REL_SIZE`]-byte records, the row offsets (`u32`, people + 1), the links
//! (neighbour with the verified flag, edge: two `u32`), the people's 16-byte ids,
//! their `u32` name lengths, the names' bytes, one variable-length record per
//! organisation and per employment, and last a CRC-32 of everything before it.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use petgraph::stable_graph::{NodeIndex, StableUnGraph};
use petgraph::visit::{EdgeIndexable, EdgeRef, IntoEdgeReferences, NodeIndexable};
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::{
    check_size, graph_of_people, node_index, row_order, Adjacency, Link, Network, Tie, NODE_MASK, NO_OVERLAY,
};
use crate::error::{Error, Result};
use crate::model::{
    Employment, EmploymentId, OrganisationId, PersonId, RelationshipId, RelationshipKind, Strength,
};
use crate::weight::{weight_of, WeightParams};

const MAGIC: &[u8; 8] = b"IGGRAPH2";
/// Bytes before the first relationship record: magic, token, five counts.
const HEADER: usize = 8 + 16 + 5 * 8;
/// Bytes of one relationship record.
const REL_SIZE: usize = 48;
/// An absent date.
const NO_DATE: i32 = i32::MIN;
const HAS_VERIFIED: u8 = 1;

/// Where the graph of the database at `db` is saved: beside it, like SQLite's own
/// `-wal` and `-shm` files.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-graph");
    PathBuf::from(name)
}

/// Saves a network just built (no edits since) under `token`: written to a
/// temporary file, then renamed over `path`, so a reader sees the old file or the
/// new one, never half of one.
pub fn write(network: &Network, token: Uuid, path: &Path) -> Result<()> {
    let graph = &network.graph;
    let adjacency = &network.adjacency;
    let edited = graph.node_count() != graph.node_bound()
        || graph.edge_count() != graph.edge_bound()
        || !adjacency.overlay.is_empty()
        || adjacency.offsets.len() != graph.node_bound() + 1;
    if edited {
        return Err(Error::invalid("graph file", "only a network without edits can be saved"));
    }
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let employments: usize = network.employments.iter().map(Vec::len).sum();
    crate::files::write_atomically(path, |file| {
        let mut out =
            Checked { inner: BufWriter::with_capacity(1 << 20, file), crc: crc32fast::Hasher::new() };
        write_body(network, token, employments, &mut out).map_err(io)
    })
}

/// Writes the saved graph's records and checksum to `out`.
fn write_body(
    network: &Network,
    token: Uuid,
    employments: usize,
    out: &mut Checked<'_>,
) -> std::io::Result<()> {
    let graph = &network.graph;
    let adjacency = &network.adjacency;
    out.put(MAGIC)?;
    out.put(token.as_bytes())?;
    let counts = [
        network.ids.len(),
        network.organisations.len(),
        employments,
        graph.edge_count(),
        adjacency.links.len(),
    ];
    for count in counts {
        out.put(&(count as u64).to_le_bytes())?;
    }
    for (i, e) in graph.edge_references().enumerate() {
        debug_assert_eq!(e.id().index(), i, "a network without edits has no vacant edges");
        out.put(&relationship_record(e.source().index() as u32, e.target().index() as u32, e.weight()))?;
    }
    for offset in &adjacency.offsets {
        out.put(&offset.to_le_bytes())?;
    }
    for link in &adjacency.links {
        let mut pair = [0u8; 8];
        pair[..4].copy_from_slice(&link.target.to_le_bytes());
        pair[4..].copy_from_slice(&link.edge.to_le_bytes());
        out.put(&pair)?;
    }
    for id in &network.ids {
        out.put(id.0.as_bytes())?;
    }
    for name in &network.names {
        out.put(&(name.len() as u32).to_le_bytes())?;
    }
    for name in &network.names {
        out.put(name.as_bytes())?;
    }
    let mut organisations: Vec<(&OrganisationId, &String)> = network.organisations.iter().collect();
    organisations.sort();
    for (id, name) in organisations {
        out.put(id.0.as_bytes())?;
        put_text(out, name)?;
    }
    for (n, jobs) in network.employments.iter().enumerate() {
        for e in jobs {
            out.put(e.id.0.as_bytes())?;
            out.put(&(n as u32).to_le_bytes())?;
            out.put(e.organisation_id.0.as_bytes())?;
            put_text(out, &e.title)?;
            out.put(&date_code(e.start).to_le_bytes())?;
            out.put(&date_code(e.end).to_le_bytes())?;
            out.put(&[u8::from(e.current)])?;
        }
    }
    let crc = out.crc.clone().finalize();
    out.inner.write_all(&crc.to_le_bytes())?;
    out.inner.flush()
}

/// Reads the network saved at `path` under `token`, weighted with `params` as of
/// `today`. Fails if the file is missing, carries another token, is damaged, or
/// does not describe a valid network.
pub fn read(path: &Path, token: Uuid, params: WeightParams, today: NaiveDate) -> Result<Network> {
    params.validate()?;
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let bad = |why: &str| Error::invalid(format!("graph file {}", path.display()), why.to_string());
    if bytes.len() < HEADER + 4 || &bytes[..8] != MAGIC {
        return Err(bad("not a saved graph of this version"));
    }
    if bytes[8..24] != *token.as_bytes() {
        return Err(bad("saved for another state of the database"));
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    let mut r = Reader { bytes: &body[24..], bad: &bad };
    let [people, organisations, employments, relationships, links] =
        [r.u64()?, r.u64()?, r.u64()?, r.u64()?, r.u64()?].map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    // Nothing is allocated by the counts before they are known to fit the file.
    let least = [
        (relationships, REL_SIZE),
        (people.saturating_add(1), 4),
        (links, 8),
        (people, 16 + 4),
        (organisations, 16 + 4),
        (employments, 16 + 4 + 16 + 4 + 9),
    ]
    .iter()
    .fold(HEADER, |sum, (n, size)| sum.saturating_add(n.saturating_mul(*size)));
    if least > body.len() || links != relationships.saturating_mul(2) {
        return Err(bad("damaged (its counts do not fit the file)"));
    }
    check_size(people, relationships)?;
    let records =
        r.take(relationships.checked_mul(REL_SIZE).ok_or_else(|| bad("too many relationships"))?)?;

    // The petgraph graph is filled from the records on a second core meanwhile;
    // its work is dropped if anything else turns out wrong.
    let (graph, rest) = std::thread::scope(|scope| {
        let graph = scope.spawn(|| edges_of(records, people, relationships, &params, today));
        let rest = (|| {
            if crc32fast::hash(body) != u32::from_le_bytes(crc.try_into().expect("4 bytes")) {
                return Err(bad("damaged (checksum mismatch)"));
            }
            let weights = weights_of(records, &params, today);
            let adjacency =
                adjacency_of(&mut r, people, relationships, &weights).ok_or_else(|| bad("bad adjacency"))?;
            drop(weights);
            let ids: Vec<PersonId> = r
                .take(people * 16)?
                .chunks_exact(16)
                .map(|b| PersonId(Uuid::from_bytes(b.try_into().expect("16 bytes"))))
                .collect();
            let lengths: Vec<usize> =
                r.take(people * 4)?.chunks_exact(4).map(|b| le_u32(b) as usize).collect();
            let mut names = Vec::with_capacity(people);
            for len in lengths {
                names.push(r.text(len)?);
            }
            let node_of = node_index(&ids, |i| &names[i])?;
            let mut orgs =
                FxHashMap::with_capacity_and_hasher(organisations.min(1 << 20), Default::default());
            for _ in 0..organisations {
                let id = OrganisationId(r.uuid()?);
                let len = r.u32()? as usize;
                orgs.insert(id, r.text(len)?);
            }
            let mut jobs = Vec::with_capacity(employments.min(1 << 24));
            for _ in 0..employments {
                let id = EmploymentId(r.uuid()?);
                let node = r.u32()? as usize;
                let person_id = *ids.get(node).ok_or_else(|| bad("an employment names no saved person"))?;
                let organisation_id = OrganisationId(r.uuid()?);
                let len = r.u32()? as usize;
                let title = r.text(len)?;
                let (start, end) = (date_of(r.i32()?), date_of(r.i32()?));
                let current = r.take(1)?[0] != 0;
                jobs.push(Employment { id, person_id, organisation_id, title, start, end, current });
            }
            if !r.bytes.is_empty() {
                return Err(bad("trailing bytes after the employments"));
            }
            // Everything but the petgraph graph, which joins it below.
            let mut network =
                Network::assemble(StableUnGraph::default(), node_of, ids, names, orgs, params.clone(), today);
            network.add_employments(jobs)?;
            network.adjacency = adjacency;
            Ok(network)
        })();
        (graph.join().expect("filling the graph does not panic"), rest)
    });
    let mut network = rest?;
    network.graph = graph.map_err(|i| bad(&format!("relationship record {i} is not valid")))?;
    Ok(network)
}

/// The petgraph graph of `people` nodes and the relationship records as edges, in
/// order. Fails with the index of the first bad record.
fn edges_of(
    records: &[u8],
    people: usize,
    relationships: usize,
    params: &WeightParams,
    today: NaiveDate,
) -> std::result::Result<StableUnGraph<(), Tie>, usize> {
    let mut graph = graph_of_people(people, relationships);
    for (i, rec) in records.chunks_exact(REL_SIZE).enumerate() {
        let (a, b, tie) = relationship_of(rec, people as u32, params, today).ok_or(i)?;
        graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), tie);
    }
    Ok(graph)
}

/// Each relationship's weight, in edge order (records are checked by [`edges_of`]).
fn weights_of(records: &[u8], params: &WeightParams, today: NaiveDate) -> Vec<f64> {
    records.chunks_exact(REL_SIZE).map(|rec| record_weight(rec, params, today).unwrap_or(0.0)).collect()
}

/// A record's introduction weight, from its strength, verified flag and last contact;
/// `None` for a strength out of range.
fn record_weight(rec: &[u8], params: &WeightParams, today: NaiveDate) -> Option<f64> {
    let strength = Strength::new(rec[25]).ok()?;
    Some(weight_of(strength, rec[26] & HAS_VERIFIED != 0, date_of(le_i32(&rec[28..32])), params, today))
}

/// The saved CSR arrays with today's weights; a row whose order the weights
/// changed is sorted again. `None` when the arrays are not a valid adjacency.
fn adjacency_of<F: Fn(&str) -> Error>(
    r: &mut Reader<'_, F>,
    people: usize,
    relationships: usize,
    weights: &[f64],
) -> Option<Adjacency> {
    let offsets: Vec<u32> = r.take((people + 1) * 4).ok()?.chunks_exact(4).map(le_u32).collect();
    let total = relationships * 2;
    let ordered = offsets.first() == Some(&0)
        && offsets.last().copied() == Some(total as u32)
        && offsets.windows(2).all(|w| w[0] <= w[1]);
    if !ordered {
        return None;
    }
    let raw = r.take(total * 8).ok()?;
    let mut links = Vec::with_capacity(total);
    for pair in raw.chunks_exact(8) {
        let (target, edge) = (le_u32(&pair[..4]), le_u32(&pair[4..]));
        if (target & NODE_MASK) as usize >= people {
            return None;
        }
        links.push(Link { weight: *weights.get(edge as usize)?, target, edge });
    }
    for v in 0..people {
        let row = &mut links[offsets[v] as usize..offsets[v + 1] as usize];
        if !row.is_sorted_by(|x, y| row_order(x, y).is_le()) {
            row.sort_unstable_by(row_order);
        }
    }
    Some(Adjacency {
        offsets,
        links,
        overlay_slot: vec![NO_OVERLAY; people],
        overlay: Vec::new(),
        overlay_entries: 0,
    })
}

fn relationship_record(a: u32, b: u32, tie: &Tie) -> [u8; REL_SIZE] {
    let mut rec = [0u8; REL_SIZE];
    rec[..16].copy_from_slice(tie.id.0.as_bytes());
    rec[16..20].copy_from_slice(&a.to_le_bytes());
    rec[20..24].copy_from_slice(&b.to_le_bytes());
    rec[24] = RelationshipKind::ALL.iter().position(|k| *k == tie.kind).expect("a known kind") as u8;
    rec[25] = tie.strength.get();
    rec[26] = if tie.verified_at.is_some() { HAS_VERIFIED } else { 0 };
    rec[28..32].copy_from_slice(&date_code(tie.last_contact).to_le_bytes());
    rec[32..36].copy_from_slice(&date_code(tie.since).to_le_bytes());
    if let Some(t) = tie.verified_at {
        rec[36..44].copy_from_slice(&t.timestamp().to_le_bytes());
        rec[44..48].copy_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
    }
    rec
}

fn relationship_of(
    rec: &[u8],
    people: u32,
    params: &WeightParams,
    today: NaiveDate,
) -> Option<(u32, u32, Tie)> {
    let (a, b) = (le_u32(&rec[16..20]), le_u32(&rec[20..24]));
    if a >= people || b >= people || a == b {
        return None;
    }
    let kind = *RelationshipKind::ALL.get(usize::from(rec[24]))?;
    let strength = Strength::new(rec[25]).ok()?;
    let verified_at = if rec[26] & HAS_VERIFIED != 0 {
        let secs = i64::from_le_bytes(rec[36..44].try_into().expect("8 bytes"));
        Some(DateTime::<Utc>::from_timestamp(secs, le_u32(&rec[44..48]))?)
    } else {
        None
    };
    let last_contact = date_of(le_i32(&rec[28..32]));
    let since = date_of(le_i32(&rec[32..36]));
    let weight = record_weight(rec, params, today)?;
    let id = RelationshipId(Uuid::from_bytes(rec[..16].try_into().expect("16 bytes")));
    Some((a, b, Tie { id, kind, strength, verified_at, last_contact, since, weight }))
}

fn date_code(d: Option<NaiveDate>) -> i32 {
    d.map_or(NO_DATE, |d| d.num_days_from_ce())
}

fn date_of(code: i32) -> Option<NaiveDate> {
    if code == NO_DATE {
        None
    } else {
        NaiveDate::from_num_days_from_ce_opt(code)
    }
}

fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes(b.try_into().expect("4 bytes"))
}

fn le_i32(b: &[u8]) -> i32 {
    i32::from_le_bytes(b.try_into().expect("4 bytes"))
}

fn put_text(out: &mut Checked, text: &str) -> std::io::Result<()> {
    out.put(&(text.len() as u32).to_le_bytes())?;
    out.put(text.as_bytes())
}

/// A buffered writer that keeps a CRC-32 of what it writes.
struct Checked<'a> {
    inner: BufWriter<&'a mut dyn Write>,
    crc: crc32fast::Hasher,
}

impl Checked<'_> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.crc.update(bytes);
        self.inner.write_all(bytes)
    }
}

/// A bounds-checked reader over the file's body.
struct Reader<'a, F: Fn(&str) -> Error> {
    bytes: &'a [u8],
    bad: &'a F,
}

impl<'a, F: Fn(&str) -> Error> Reader<'a, F> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.bytes.len() {
            return Err((self.bad)("cut short"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32> {
        self.take(4).map(le_u32)
    }

    fn i32(&mut self) -> Result<i32> {
        self.take(4).map(le_i32)
    }

    fn u64(&mut self) -> Result<u64> {
        self.take(8).map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    fn uuid(&mut self) -> Result<Uuid> {
        self.take(16).map(|b| Uuid::from_bytes(b.try_into().expect("16 bytes")))
    }

    fn text(&mut self, len: usize) -> Result<String> {
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| (self.bad)("a name is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(i: u32, a: u32, b: u32) -> [u8; REL_SIZE] {
        let tie = Tie {
            id: RelationshipId(Uuid::from_u128(u128::from(i) + 1)),
            kind: RelationshipKind::ALL[i as usize % 11],
            strength: Strength::new(1 + (i % 5) as u8).unwrap(),
            verified_at: (i % 2 == 0).then(|| DateTime::<Utc>::from_timestamp(1_700_000_000, i).unwrap()),
            last_contact: NaiveDate::from_ymd_opt(2025, 1, 1 + i % 28),
            since: None,
            weight: 0.0,
        };
        relationship_record(a, b, &tie)
    }

    #[test]
    fn records_name_the_first_bad_one() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let params = WeightParams::default();
        let records: Vec<u8> = (0..100u32).flat_map(|i| record(i, i % 50, 50 + i % 7)).collect();
        let graph = edges_of(&records, 60, 100, &params, today).unwrap();
        assert_eq!(graph.edge_count(), 100);
        let weights = weights_of(&records, &params, today);
        for e in graph.edge_references() {
            assert_eq!(e.weight().weight, weights[e.id().index()], "one weight for both readings");
        }
        // A record naming a person past the end, or linking someone to themself.
        let mut bad = records.clone();
        bad[77 * REL_SIZE + 20..77 * REL_SIZE + 24].copy_from_slice(&60u32.to_le_bytes());
        assert_eq!(edges_of(&bad, 60, 100, &params, today).unwrap_err(), 77);
        let mut bad = records;
        bad[3 * REL_SIZE + 20..3 * REL_SIZE + 24].copy_from_slice(&3u32.to_le_bytes());
        assert_eq!(edges_of(&bad, 60, 100, &params, today).unwrap_err(), 3);
    }
}
