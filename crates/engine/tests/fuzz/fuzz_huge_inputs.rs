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

    // One 10 MB field: stored whole.
    let report = import::people_from_reader(
        &mut store,
        "big-field.csv",
        Generated::new("Wide", 1, 10 * MB),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.added, 1);
    let stored = &people::list(store.conn(), Page::ALL).unwrap()[0];
    assert!(
        stored.notes.len() > 9 * MB && stored.notes.contains("\"quoted\""),
        "{} bytes of notes",
        stored.notes.len()
    );

    // 200 MB in 40 rows of 5 MB, streamed.
    let report = import::people_from_reader(
        &mut store,
        "huge.csv",
        Generated::new("Huge", 40, 5 * MB),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((report.rows, report.added), (40, 40));
    assert_eq!(people::count(store.conn()).unwrap(), 41);

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
