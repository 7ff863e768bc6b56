//! Shared harness of the "no panic on any input" tests (`tests/fuzz_*.rs`).
//!
//! A target is one short file: valid seed inputs and a function that feeds one input to
//! the parser or importer under test. [`inputs`] gives it arbitrary bytes, inputs built
//! from the seeds' own pieces, and structure-aware mutations of the seeds (hostile
//! tokens spliced in, lines duplicated, swapped, cut). The target must return (Ok or a
//! clean error) and never panic; it may assert more (a failed import stores nothing).
//!
//! ```text
//! #[macro_use]
//! mod fuzz;
//! const SEEDS: &[&str] = &["name,email\nAnn,ann@acme.com\n"];
//! fn run(bytes: &[u8]) { /* feed bytes to the importer; assert what must hold */ }
//! target!(people_csv, SEEDS, run);
//! ```
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::sample::Index;

/// Tokens that break naive parsers: quoting, separators, line ends, encodings, terminal
/// escapes, numbers, markup and formulas.
pub const HOSTILE: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"\x1b]0;pwned\x07",
    b"\x1b[2J",
    b"\xC2\x9B",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\xF0\x9F\x98\x80",
    b"\xE2\x80\xAE",
    b"e\xCC\x81\xCC\x81\xCC\x81",
    b"-1",
    b"0",
    b"99999999999999999999999",
    b"1e309",
    b"NaN",
    b"-0.0",
    b"2025-02-30",
    b"9999-12-31",
    b"null",
    b"true",
    b"[]",
    b"{}",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"{\"a\":",
    b"\\u0000",
    b"\\ud800",
    b"=HYPERLINK(\"http://evil\")",
    b"<script>alert(1)</script>",
    b"javascript:alert(1)",
    b"'; DROP TABLE people; --",
    b"   ",
    b"\t",
    b"ann@acme.com",
    b"person_a",
    b"name",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert(Index, Index),
    Replace(Index, Index, u8),
    Delete(Index, u8),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    Truncate(Index),
    Repeat(Index, Index, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<Index>(), any::<Index>(), 1..16u8).prop_map(|(a, b, n)| Mutation::Replace(a, b, n)),
        (any::<Index>(), 1..32u8).prop_map(|(a, n)| Mutation::Delete(a, n)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), any::<Index>(), 2..64u8).prop_map(|(a, b, n)| Mutation::Repeat(a, b, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match m {
        Mutation::Insert(pos, token) => {
            let p = at(pos, bytes.len());
            bytes.splice(p..p, token.get(HOSTILE).iter().copied());
        }
        Mutation::Replace(pos, token, n) => {
            let p = at(pos, bytes.len());
            let end = (p + *n as usize).min(bytes.len());
            bytes.splice(p..end, token.get(HOSTILE).iter().copied());
        }
        Mutation::Delete(pos, n) => {
            let p = at(pos, bytes.len());
            let end = (p + *n as usize).min(bytes.len());
            bytes.drain(p..end);
        }
        Mutation::DuplicateLine(i) | Mutation::SwapLines(i, _) | Mutation::Truncate(i)
            if bytes.is_empty() =>
        {
            let _ = i;
        }
        Mutation::DuplicateLine(i) => {
            let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let line = i.get(&lines).clone();
            lines.insert(i.index(lines.len()), line);
            bytes = lines.join(&b'\n');
        }
        Mutation::SwapLines(a, b) => {
            let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let (x, y) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(x, y);
            bytes = lines.join(&b'\n');
        }
        Mutation::Truncate(i) => {
            let p = i.index(bytes.len());
            bytes.truncate(p);
        }
        Mutation::Repeat(pos, token, n) => {
            let p = at(pos, bytes.len());
            let t = token.get(HOSTILE).repeat(*n as usize);
            bytes.splice(p..p, t);
        }
    }
    bytes
}

/// A seed with up to 8 mutations applied.
pub fn mutated(seeds: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (any::<Index>(), proptest::collection::vec(mutation(), 1..8))
        .prop_map(move |(seed, ms)| ms.iter().fold(seed.get(seeds).as_bytes().to_vec(), apply))
}

/// New inputs made of the seeds' own pieces (cells, keys, punctuation) and hostile tokens.
pub fn recombined(seeds: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<Vec<u8>> = seeds
        .iter()
        .flat_map(|s| s.split_inclusive([',', '\n', ':', '{', '}', '[', ']']))
        .map(|p| p.as_bytes().to_vec())
        .chain(HOSTILE.iter().map(|t| t.to_vec()))
        .collect();
    proptest::collection::vec(proptest::sample::select(pieces), 0..64).prop_map(|ps| ps.concat())
}

/// Arbitrary bytes, recombined seed pieces, and mutated seeds.
pub fn inputs(seeds: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..512),
        1 => recombined(seeds),
        3 => mutated(seeds),
    ]
}

/// Declares a proptest that feeds [`inputs`] of `seeds` to `run`, plus a test that every
/// seed itself goes through `run`.
macro_rules! target {
    ($name:ident, $seeds:expr, $run:expr) => {
        mod $name {
            use super::*;
            use proptest::prelude::*;

            proptest! {
                #![proptest_config(ProptestConfig { cases: 384, failure_persistence: None, ..ProptestConfig::default() })]
                #[test]
                fn never_panics(bytes in crate::support::inputs($seeds)) {
                    ($run)(&bytes[..]);
                }
            }

            #[test]
            fn seeds_go_through() {
                for seed in $seeds {
                    ($run)(seed.as_bytes());
                }
            }
        }
    };
}
