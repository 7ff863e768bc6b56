//! Text as it is stored and shown: never a control character that could drive a terminal.

/// `s` fit to show in a message or a report line: its control characters removed (as
/// [`strip_controls`]), so text quoted from a file never drives a terminal.
pub fn visible(s: &str) -> String {
    strip_controls(s, false).0
}

/// Text as it is stored: control characters (C0 but tab and line ends, DEL, C1) removed,
/// and whole terminal escape sequences (`ESC [ ... final`, `ESC ] ... BEL` or `ESC \\`)
/// with them, so a name can never retitle or clear a terminal. A line break or tab
/// becomes a space unless `multi_line` (notes). The flag says whether anything was removed.
pub fn strip_controls(s: &str, multi_line: bool) -> (String, bool) {
    let is_removed = |c: char| {
        let u = c as u32;
        (u < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || (0x7f..=0x9f).contains(&u)
    };
    if !s.chars().any(|c| is_removed(c) || matches!(c, '\t' | '\n' | '\r')) {
        return (s.to_string(), false);
    }
    let mut out = String::with_capacity(s.len());
    let mut removed = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                removed = true;
                match chars.peek() {
                    // CSI: parameters and intermediates, up to a final byte in @..~.
                    Some('[') => {
                        chars.next();
                        for c in chars.by_ref() {
                            if ('@'..='~').contains(&c) {
                                break;
                            }
                        }
                    }
                    // OSC (and the other string sequences): up to BEL or ESC \.
                    Some(']' | 'P' | '_' | '^' | 'X') => {
                        chars.next();
                        while let Some(c) = chars.next() {
                            if c == '\u{7}' {
                                break;
                            }
                            if c == '\u{1b}' {
                                if chars.peek() == Some(&'\\') {
                                    chars.next();
                                }
                                break;
                            }
                        }
                    }
                    _ => {}
                }
            }
            '\u{9b}' => {
                removed = true;
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            '\t' | '\n' | '\r' if !multi_line => out.push(' '),
            '\r' => out.push('\r'),
            c if is_removed(c) => removed = true,
            c => out.push(c),
        }
    }
    (out, removed)
}
