//! Reading imported files as text: the character encoding is detected (or chosen by the
//! caller) and the bytes are decoded to UTF-8 as they stream in, never silently garbled:
//! a byte that is not valid in the encoding stops the import with its offset.
//!
//! Detection, from the first 64 KiB: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins;
//! otherwise text that is valid UTF-8 is UTF-8; otherwise `chardetng` guesses a legacy
//! encoding (Windows-1252 for most Western exports).

pub use crate::model::text::{strip_controls, visible};
use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::error::{Error, Result};

/// How much of a file is looked at to detect its encoding.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// The longest physical line an importer accepts (a longer one is refused with its line
/// number, or, for a vCard photo, skipped), so a huge field never fills memory.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// The encoding named by a label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`, ...).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        Error::invalid(
            "encoding",
            format!(
                "{label:?} is not a known character encoding; try utf-8, utf-16le, utf-16be or windows-1252"
            ),
        )
    })
}

/// Opens `reader` as UTF-8 text. `choice` names the encoding; `None` detects it.
/// Returns the decoding reader and the encoding used.
pub fn decode(reader: impl Read, choice: Option<&str>) -> Result<(impl Read, &'static Encoding)> {
    let (decoded, decoding) = decode_reporting(reader, "input", choice)?;
    Ok((decoded, decoding.encoding))
}

/// The encoding a file is read in, and, when it was guessed rather than found (a
/// byte-order mark, valid UTF-8) or chosen, a line for the report saying so.
#[derive(Clone, Debug)]
pub struct Decoding {
    pub encoding: &'static Encoding,
    pub note: Option<String>,
}

/// Like [`decode`], for a file called `name` (in messages): an empty file is refused, and
/// a guessed encoding comes with a report line.
pub fn decode_reporting(
    mut reader: impl Read,
    name: &str,
    choice: Option<&str>,
) -> Result<(impl Read, Decoding)> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    (&mut reader).take(SAMPLE_BYTES as u64).read_to_end(&mut sample).map_err(read_error)?;
    if sample.is_empty() {
        return Err(Error::input(
            name,
            "the file is empty (0 bytes); choose the file that holds the contacts",
        ));
    }
    let complete = sample.len() < SAMPLE_BYTES;
    let mut note = None;
    let (encoding, bom_len) = match choice {
        Some(label) => {
            let chosen = encoding_for_label(label)?;
            // A BOM of the chosen encoding is dropped; a BOM of another one is a mistake.
            match Encoding::for_bom(&sample) {
                Some((found, len)) if found == chosen => (chosen, len),
                Some((found, _)) => {
                    return Err(Error::invalid(
                        "encoding",
                        format!(
                            "the file starts with a {} byte-order mark, not {}",
                            found.name(),
                            chosen.name()
                        ),
                    ))
                }
                None => (chosen, 0),
            }
        }
        None => match Encoding::for_bom(&sample) {
            Some((found, len)) => (found, len),
            None => {
                let (found, guessed) = detect(&sample, complete);
                if let Some(why) = guessed {
                    note = Some(format!(
                        "read as {} ({why}); if names look wrong, choose the encoding with --encoding",
                        found.name()
                    ));
                }
                (found, 0)
            }
        },
    };
    let suggestion = match utf16_without_bom(&sample) {
        Some(utf16) if utf16 != encoding => {
            if utf16 == encoding_rs::UTF_16BE {
                "the file looks like UTF-16 (a NUL in every other byte): try --encoding utf-16be"
            } else {
                "the file looks like UTF-16 (a NUL in every other byte): try --encoding utf-16le"
            }
        }
        _ => "choose the file's encoding (for example --encoding windows-1252)",
    };
    let decoder = encoding.new_decoder_without_bom_handling();
    let rest = io::Cursor::new(sample).chain(reader);
    let mut decoded = Decoded {
        inner: rest,
        decoder,
        encoding,
        suggestion,
        input: vec![0; 16 * 1024],
        in_start: 0,
        in_end: 0,
        output: vec![0; 64 * 1024],
        out_start: 0,
        out_end: 0,
        offset: 0,
        done: false,
    };
    // Skip the byte-order mark.
    let mut bom = vec![0; bom_len];
    decoded.inner.read_exact(&mut bom).map_err(read_error)?;
    decoded.offset = bom_len as u64;
    Ok((decoded, Decoding { encoding, note }))
}

/// UTF-16 without a byte-order mark: mostly-Latin text has a NUL in every other byte.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len().min(4096) / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample[..pairs * 2].chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if even * 10 >= pairs * 4 && odd * 20 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else if odd * 10 >= pairs * 4 && even * 20 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else {
        None
    }
}

/// UTF-8 when the sample is valid UTF-8 (a sequence cut by the sample's end is fine), or
/// when it holds valid UTF-8 letters beyond ASCII beside a bad byte (a UTF-8 file with a
/// damaged byte, which the decoder then refuses with its offset, rather than mojibake);
/// UTF-16 by its pattern of NULs; else chardetng's guess. The second value says why the
/// encoding was guessed, when it was.
fn detect(sample: &[u8], complete: bool) -> (&'static Encoding, Option<&'static str>) {
    if let Some(utf16) = utf16_without_bom(sample) {
        return (utf16, Some("it has no byte-order mark, but every other byte is NUL, as in UTF-16"));
    }
    match std::str::from_utf8(sample) {
        Ok(_) => (UTF_8, None),
        Err(e) if e.error_len().is_none() && !complete => (UTF_8, None),
        Err(_) => {
            let (mut multibyte, mut bad) = (0usize, 0usize);
            for chunk in sample.utf8_chunks() {
                multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
                bad += usize::from(!chunk.invalid().is_empty());
            }
            if multibyte > 0 && multibyte >= bad {
                return (UTF_8, None);
            }
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(sample, complete);
            let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
            (guess, Some("the file is not UTF-8, and this is the likeliest of the older encodings"))
        }
    }
}

fn read_error(e: io::Error) -> Error {
    Error::input("input", format!("could not read the file: {e}"))
}

/// Decodes a byte stream to UTF-8, refusing malformed input.
struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    encoding: &'static Encoding,
    /// What to do about a byte the encoding refuses.
    suggestion: &'static str,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    /// Bytes of input consumed by the decoder (for messages).
    offset: u64,
    done: bool,
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.in_start == self.in_end {
                self.in_start = 0;
                self.in_end = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                };
            }
            let last = self.in_end == 0;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                last,
            );
            self.in_start += read;
            self.offset += read as u64;
            self.out_start = 0;
            self.out_end = written;
            match result {
                DecoderResult::InputEmpty => {
                    if last {
                        self.done = true;
                    }
                }
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(bad, _) => {
                    let at = self.offset.saturating_sub(u64::from(bad));
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("byte {at} is not valid {}; {}", self.encoding.name(), self.suggestion),
                    ));
                }
            }
        }
    }
}

/// Counts the bytes read through it, for progress reports.
pub struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> Counted<R> {
    pub fn new(inner: R) -> (Self, Rc<Cell<u64>>) {
        let count = Rc::new(Cell::new(0));
        (Self { inner, count: Rc::clone(&count) }, count)
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// The longest value (a CSV cell, a vCard property) an importer keeps: a CSV cell over it
/// fails the import naming its line and column; a vCard card holding one is skipped
/// with that reason (photos and other binary values are skipped, whatever their size).
pub const MAX_VALUE_BYTES: usize = MAX_LINE_BYTES;

/// Where a CSV file is malformed, as [`LineCap`] found it while streaming.
#[derive(Debug)]
pub struct CsvTrouble {
    pub line: u64,
    /// The field number (1 = the first cell of the row).
    pub column: Option<u64>,
    pub reason: String,
}

impl std::fmt::Display for CsvTrouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for CsvTrouble {}

/// Refuses a physical line longer than `max` bytes, naming its line number, so a reader
/// that buffers whole records (the CSV reader) never holds a huge field. It also turns
/// CRLF line ends into LF, so the CSV reader's record line numbers stay exact (but not
/// in a quoted cell, whose line ends are its text, kept as written).
///
/// It follows the CSV quoting as the `csv` crate reads it (a quote opens a quoted cell
/// only at the start of a cell; `""` inside is a quote), so it also refuses, with the
/// line and column: a cell longer than [`MAX_VALUE_BYTES`] (however many lines it spans),
/// and a quote that is never closed (which would read the rest of the file as one cell,
/// merging rows).
pub struct LineCap<R> {
    inner: R,
    max: usize,
    line: u64,
    len: usize,
    /// A `\r` read last time, not yet known to start a CRLF.
    cr: bool,
    delimiter: u8,
    field_start: bool,
    in_quotes: bool,
    /// A `"` inside a quoted cell: a doubled quote or the closing one.
    quote_seen: bool,
    /// The line and column where the open quoted cell starts.
    opened: (u64, u64),
    field: u64,
    cell: usize,
}

impl<R> LineCap<R> {
    /// `first_line` is the number of the first line read through it; cells are split on commas.
    pub fn new(inner: R, max: usize, first_line: u64) -> Self {
        Self::with_delimiter(inner, max, first_line, b',')
    }

    /// Like [`LineCap::new`], for cells split on `delimiter`.
    pub fn with_delimiter(inner: R, max: usize, first_line: u64, delimiter: u8) -> Self {
        Self {
            inner,
            max,
            line: first_line,
            len: 0,
            cr: false,
            delimiter,
            field_start: true,
            in_quotes: false,
            quote_seen: false,
            opened: (first_line, 1),
            field: 1,
            cell: 0,
        }
    }

    fn trouble(line: u64, column: Option<u64>, reason: String) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, CsvTrouble { line, column, reason })
    }

    /// Follows one byte of the CSV text.
    fn track(&mut self, b: u8) -> io::Result<()> {
        if self.in_quotes {
            if std::mem::take(&mut self.quote_seen) {
                if b == b'"' {
                    return self.grow();
                }
                self.in_quotes = false;
            } else if b == b'"' {
                self.quote_seen = true;
                return Ok(());
            } else {
                return self.grow();
            }
        }
        match b {
            b'\n' | b'\r' => {
                self.field = 1;
                self.cell = 0;
                self.field_start = true;
            }
            _ if b == self.delimiter => {
                self.field += 1;
                self.cell = 0;
                self.field_start = true;
            }
            b'"' if self.field_start => {
                self.in_quotes = true;
                self.field_start = false;
                self.opened = (self.line, self.field);
            }
            _ => {
                self.field_start = false;
                return self.grow();
            }
        }
        Ok(())
    }

    fn grow(&mut self) -> io::Result<()> {
        self.cell += 1;
        if self.cell > MAX_VALUE_BYTES {
            let (line, column) = if self.in_quotes { self.opened } else { (self.line, self.field) };
            return Err(Self::trouble(
                line,
                Some(column),
                format!(
                    "this cell is longer than {} MiB; a value that large is not contact data (is an image or a document pasted in?)",
                    MAX_VALUE_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(())
    }

    fn at_end(&self) -> io::Result<()> {
        if self.in_quotes && !self.quote_seen {
            let (line, column) = self.opened;
            return Err(Self::trouble(
                line,
                Some(column),
                format!(
                    "the quote that opens this cell is never closed, so every line after it (to line {}) would be read as one cell; close the quote (a quote inside a cell is written twice: \"\")",
                    self.line
                ),
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.len() < 2 {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "read buffer too small"));
        }
        loop {
            // buf[0] stays free for a carried `\r`; byte i is read before w <= i is written.
            let n = self.inner.read(&mut buf[1..])?;
            if n == 0 {
                if std::mem::take(&mut self.cr) {
                    buf[0] = b'\r';
                    self.track(b'\r')?;
                    return Ok(1);
                }
                self.at_end()?;
                return Ok(0);
            }
            let mut w = 0;
            for i in 1..=n {
                let b = buf[i];
                if std::mem::take(&mut self.cr) && b != b'\n' {
                    buf[w] = b'\r';
                    w += 1;
                    self.track(b'\r')?;
                }
                // A line end in a quoted cell is the cell's text: kept as written.
                if b == b'\r' && (!self.in_quotes || self.quote_seen) {
                    self.cr = true;
                    continue;
                }
                buf[w] = b;
                w += 1;
                self.track(b)?;
                if b == b'\n' {
                    self.line += 1;
                    self.len = 0;
                } else {
                    self.len += 1;
                    if self.len > self.max {
                        return Err(Self::trouble(
                            self.line,
                            None,
                            format!(
                                "line {} is longer than {} MiB; a field that large is not contact data (is an image or a document pasted in?)",
                                self.line,
                                self.max / (1024 * 1024)
                            ),
                        ));
                    }
                }
            }
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

/// Reads one line (without its `\n` or `\r\n`) into `buf`, keeping at most `max` bytes
/// of it: the rest is read and dropped. Returns `None` at the end of input, else whether
/// the line was cut.
pub fn read_line_capped(r: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Option<bool>> {
    buf.clear();
    let mut cut = false;
    let mut any = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, used, end) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        let room = max.saturating_sub(buf.len());
        if chunk.len() > room {
            cut = true;
        }
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        r.consume(used);
        if end {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8], choice: Option<&str>) -> Result<(String, &'static str)> {
        let (mut r, enc) = decode(bytes, choice)?;
        let mut s = String::new();
        r.read_to_string(&mut s).map_err(|e| Error::input("t", e.to_string()))?;
        Ok((s, enc.name()))
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(text("Zoë".as_bytes(), None).unwrap(), ("Zoë".into(), "UTF-8"));
        assert_eq!(text(b"\xEF\xBB\xBFZo\xC3\xAB", None).unwrap(), ("Zoë".into(), "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Zoë,a".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(text(&le, None).unwrap(), ("Zoë,a".into(), "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend("Zoë".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(text(&be, None).unwrap(), ("Zoë".into(), "UTF-16BE"));
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes = b"name,company\nJos\xE9 M\xFCller,Caf\xE9 Cr\xE8me GmbH\nFran\xE7oise,Soci\xE9t\xE9 G\xE9n\xE9rale\n";
        let (s, enc) = text(bytes, None).unwrap();
        assert_eq!(enc, "windows-1252");
        assert!(s.contains("José Müller"), "{s}");
    }

    #[test]
    fn a_chosen_encoding_is_used_and_malformed_utf8_is_refused() {
        assert_eq!(text(b"Caf\xE9", Some("latin1")).unwrap().0, "Café");
        let e = text(b"Caf\xE9 au lait", Some("utf-8")).unwrap_err().to_string();
        assert!(e.contains("byte 3 is not valid UTF-8"), "{e}");
        assert!(text(b"x", Some("klingon")).is_err());
    }

    #[test]
    fn capped_lines_drop_the_excess() {
        let mut r = io::BufReader::with_capacity(4, &b"abcdefgh\r\nxy\nlast"[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 5).unwrap(), Some(true));
        assert_eq!(buf, b"abcde");
        assert_eq!(read_line_capped(&mut r, &mut buf, 5).unwrap(), Some(false));
        assert_eq!(buf, b"xy");
        assert_eq!(read_line_capped(&mut r, &mut buf, 5).unwrap(), Some(false));
        assert_eq!(buf, b"last");
        assert_eq!(read_line_capped(&mut r, &mut buf, 5).unwrap(), None);
    }

    #[test]
    fn line_cap_turns_crlf_into_lf_only() {
        let mut s = String::new();
        LineCap::new(&b"a\r\nb\rc\r"[..], 10, 1).read_to_string(&mut s).unwrap();
        assert_eq!(s, "a\nb\rc\r");
        let mut s = String::new();
        LineCap::new(&b"\"x\r\ny\"\r\nz\r\n"[..], 10, 1).read_to_string(&mut s).unwrap();
        assert_eq!(s, "\"x\r\ny\"\nz\n", "a quoted cell keeps its CRLF");
    }

    #[test]
    fn line_cap_names_the_line() {
        let mut s = String::new();
        let e = LineCap::new(&b"a\nbb\ncccccc\n"[..], 4, 1).read_to_string(&mut s).unwrap_err();
        assert!(e.to_string().starts_with("line 3 is longer"), "{e}");
    }

    #[test]
    fn line_cap_refuses_an_unclosed_quote_with_its_line_and_column() {
        let mut s = String::new();
        let text = &b"name,email\nAnn,\"ann@acme.com,Acme\nBob,bob@x.com\n"[..];
        let e = LineCap::new(text, 1 << 20, 1).read_to_string(&mut s).unwrap_err();
        let t = e.get_ref().and_then(|e| e.downcast_ref::<CsvTrouble>()).unwrap();
        assert_eq!((t.line, t.column), (2, Some(2)));
        assert!(t.reason.contains("never closed"), "{t}");
        // Doubled quotes, quotes inside a cell and a closed quote spanning lines are fine.
        let mut s = String::new();
        LineCap::new(&b"a,\"say \"\"hi\"\"\nthere\",5'11\"\n"[..], 1 << 20, 1)
            .read_to_string(&mut s)
            .unwrap();
    }

    #[test]
    fn control_characters_and_escape_sequences_are_removed() {
        assert_eq!(strip_controls("Ann\u{1b}]0;pwned\u{7} Lee\u{1b}[2J", false), ("Ann Lee".into(), true));
        assert_eq!(strip_controls("a\u{0}b\u{85}c\u{7f}", false), ("abc".into(), true));
        assert_eq!(strip_controls("line\n\ttab", true), ("line\n\ttab".into(), false));
        assert_eq!(strip_controls("line\nnext", false), ("line next".into(), false));
        assert_eq!(strip_controls("Zoë 😀", false), ("Zoë 😀".into(), false));
    }

    #[test]
    fn utf16_without_a_bom_and_damaged_utf8() {
        let be: Vec<u8> = "BEGIN:VCARD\r\nFN:Zoë\r\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(text(&be, None).unwrap(), ("BEGIN:VCARD\r\nFN:Zoë\r\n".into(), "UTF-16BE"));
        let le: Vec<u8> = "name,email\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(text(&le, None).unwrap().1, "UTF-16LE");
        let e = text(
            "Zoë Çelik\n".as_bytes().iter().copied().chain([b'x', 0xFF]).collect::<Vec<_>>().as_slice(),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("is not valid UTF-8"), "{e}");
        assert!(decode_reporting(&b""[..], "empty.csv", None).err().unwrap().to_string().contains("empty"));
    }
}
