//! Reading imported files as text: the character encoding is detected (or chosen by the
//! caller) and the bytes are decoded to UTF-8 as they stream in, never silently garbled:
//! a byte that is not valid in the encoding stops the import with its offset.
//!
//! Detection, from the first 64 KiB: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) wins;
//! otherwise text that is valid UTF-8 is UTF-8; otherwise `chardetng` guesses a legacy
//! encoding (Windows-1252 for most Western exports).

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
pub fn decode(mut reader: impl Read, choice: Option<&str>) -> Result<(impl Read, &'static Encoding)> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    (&mut reader).take(SAMPLE_BYTES as u64).read_to_end(&mut sample).map_err(read_error)?;
    let complete = sample.len() < SAMPLE_BYTES;
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
            None => (detect(&sample, complete), 0),
        },
    };
    let decoder = encoding.new_decoder_without_bom_handling();
    let rest = io::Cursor::new(sample).chain(reader);
    let mut decoded = Decoded {
        inner: rest,
        decoder,
        encoding,
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
    Ok((decoded, encoding))
}

/// UTF-8 when the sample is valid UTF-8 (a sequence cut by the sample's end is fine),
/// else chardetng's guess.
fn detect(sample: &[u8], complete: bool) -> &'static Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => UTF_8,
        Err(e) if e.error_len().is_none() && !complete => UTF_8,
        Err(_) => {
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(sample, complete);
            detector.guess(None, chardetng::Utf8Detection::Allow)
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
                        format!(
                            "byte {at} is not valid {}; choose the file's encoding (for example --encoding windows-1252)",
                            self.encoding.name()
                        ),
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

/// Refuses a physical line longer than `max` bytes, naming its line number, so a reader
/// that buffers whole records (the CSV reader) never holds a huge field. It also turns
/// CRLF line ends into LF, so the CSV reader's record line numbers stay exact.
pub struct LineCap<R> {
    inner: R,
    max: usize,
    line: u64,
    len: usize,
    /// A `\r` read last time, not yet known to start a CRLF.
    cr: bool,
}

impl<R> LineCap<R> {
    /// `first_line` is the number of the first line read through it.
    pub fn new(inner: R, max: usize, first_line: u64) -> Self {
        Self { inner, max, line: first_line, len: 0, cr: false }
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
                    return Ok(1);
                }
                return Ok(0);
            }
            let mut w = 0;
            for i in 1..=n {
                let b = buf[i];
                if std::mem::take(&mut self.cr) && b != b'\n' {
                    buf[w] = b'\r';
                    w += 1;
                }
                if b == b'\r' {
                    self.cr = true;
                    continue;
                }
                buf[w] = b;
                w += 1;
                if b == b'\n' {
                    self.line += 1;
                    self.len = 0;
                } else {
                    self.len += 1;
                    if self.len > self.max {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
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
    }

    #[test]
    fn line_cap_names_the_line() {
        let mut s = String::new();
        let e = LineCap::new(&b"a\nbb\ncccccc\n"[..], 4, 1).read_to_string(&mut s).unwrap_err();
        assert!(e.to_string().starts_with("line 3 is longer"), "{e}");
    }
}
