//! Huge inputs are handled in bounded memory: a 10 MB field, and a 200 MB people CSV
//! streamed from a generator (never stored in the repository), imported into a file.
//! The peak resident memory of this test process (Linux `VmHWM`) stays far below the
//! input's size, so the importer streams instead of reading the file whole.

use std::io::Read;

use intrograph_engine::import::{self, ImportOptions};
use intrograph_engine::store::{bundle, people, Page, Store};

const MB: usize = 1024 * 1024;

/// A people CSV produced on the fly: a header, then `rows` rows whose notes field is
/// `field` bytes long.
struct Generated {
    who: &'static str,
    rows: usize,
    field: usize,
    row: usize,
    pending: Vec<u8>,
    at: usize,
}

impl Generated {
    fn new(who: &'static str, rows: usize, field: usize) -> Self {
        Self { who, rows, field, row: 0, pending: b"name,email,notes\n".to_vec(), at: 0 }
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.pending.len() {
            if self.row == self.rows {
                return Ok(0);
            }
            let i = self.row;
            self.row += 1;
            self.pending.clear();
            self.pending.extend_from_slice(
                format!("{} Person {i},p{i}@{}.example,\"", self.who, self.who).as_bytes(),
            );
            // Quotes, commas and line breaks inside the field, doubled quotes as CSV wants.
            let unit = b"notes, \"\"quoted\"\"\nand more ";
            while self.pending.len() < self.field {
                self.pending.extend_from_slice(unit);
            }
            self.pending.extend_from_slice(b"\"\n");
            self.at = 0;
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Peak resident memory of this process in MB (Linux), if known.
fn peak_rss_mb() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn a_10_mb_field_and_a_200_mb_file_import_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("huge.db")).unwrap();

    // One 10 MB field: over the 1 MiB cap on a value, refused with its line and column,
    // found as it streams (never held whole), and nothing stored.
    let e = import::people_from_reader(
        &mut store,
        "big-field.csv",
        Generated::new("Wide", 1, 10 * MB),
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("big-field.csv, line 2, column 3") && e.contains("longer than 1 MiB"), "{e}");
    assert_eq!(people::count(store.conn()).unwrap(), 0);

    // 200 MB in 250 rows of 0.8 MB (under the cap), streamed.
    let report = import::people_from_reader(
        &mut store,
        "huge.csv",
        Generated::new("Huge", 250, 800 * 1024),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((report.rows, report.added), (250, 250));
    assert_eq!(people::count(store.conn()).unwrap(), 250);
    let stored = people::search(store.conn(), "Huge Person 7", Page { offset: 0, limit: 1 }).unwrap();
    assert!(stored[0].notes.len() > 700 * 1024 && stored[0].notes.contains("\"quoted\""));

    if let Some(peak) = peak_rss_mb() {
        eprintln!("peak resident memory: {peak} MB for a 10 MB field and a 200 MB file");
        assert!(peak < 160, "peak resident memory {peak} MB: the import does not stream");
    }
}

#[test]
fn a_bundle_too_large_to_read_whole_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.bundle.json");
    // A sparse file: no disk space used, nothing read.
    std::fs::File::create(&path).unwrap().set_len(bundle::MAX_FILE_BYTES + 1).unwrap();
    let e = bundle::read_file(&path).unwrap_err().to_string();
    assert!(e.contains("huge.bundle.json") && e.contains("256 MB") && e.contains("refused"), "{e}");
}
