//! The one output sanitiser: everything a person reads on a terminal that
//! may carry server-chosen text (replies, names, certificate fields, trace
//! lines) goes through here on its way out.
//!
//! Why at the output edge and not in the library: the library keeps server
//! text as it came (JSON output, comparisons and paths need the real bytes);
//! only a terminal interprets ESC, BEL, C1 controls and bidirectional
//! overrides, so an OSC title, erase-line, conceal code or a reordered file
//! name is defused exactly where it could act.
//!
//! The ways out: [`errln!`] for stderr, [`stdout()`] for command output,
//! [`write_json`] for `--json`. `clippy.toml` refuses the print macros and
//! `std::io::{stdout, stderr}` everywhere else, so a new print site cannot
//! skip the escaping. Progress bars (drawn by indicatif) and the line
//! editor's prompt take [`printable`] text.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

/// Whether a terminal could act on `c` or a reader could be misled by it:
/// C0 and C1 controls, DEL, and the Unicode bidirectional embeddings,
/// overrides, isolates and marks.
fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn escape(c: char, out: &mut String) {
    use std::fmt::Write;
    let n = c as u32;
    let _ = if n < 0x80 { write!(out, "\\x{n:02x}") } else { write!(out, "\\u{{{n:04x}}}") };
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_newlines && (c == '\n' || c == '\t');
    if !s.chars().any(|c| is_dangerous(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_dangerous(c) && !keep(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A whole message (an error, a trace line, a prompt): line breaks and tabs
/// that ftps itself put there survive; every other control is escaped.
/// Server text never carries a line break here, because replies and
/// listings are split into lines before they become text.
pub(crate) fn message(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// One server-supplied field shown on one line (a file name, a directory):
/// every control, line breaks included, is escaped.
pub(crate) fn printable(s: &str) -> String {
    clean(s, false).into_owned()
}

/// Writes one line to stderr, escaped by [`message`], in a single write so
/// lines from mirror workers never interleave. Use it through [`errln!`].
#[allow(clippy::disallowed_methods)]
pub(crate) fn stderr_line(line: &str) {
    let mut text = message(line).into_owned();
    text.push('\n');
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// A question on stderr, escaped, without a line break and flushed, so the
/// answer is typed on the same line.
#[allow(clippy::disallowed_methods)]
pub(crate) fn stderr_prompt(question: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(message(question).as_bytes());
    let _ = err.flush();
}

/// `eprintln!` for ftps: every line a person reads on stderr (warnings,
/// failures, notes, retry reports, summaries) goes through [`stderr_line`].
/// The plain print macros are refused by clippy (`clippy.toml`) so that no
/// print site can forget the escaping.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::term::stderr_line(&format!($($arg)*))
    };
}
pub(crate) use errln;

/// Whether a person may be watching stderr (progress bars, prompts).
#[allow(clippy::disallowed_methods)]
pub(crate) fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// Standard output for command output (listings, sizes, replies, plans),
/// escaped on the way out: the only way to reach stdout in ftps.
#[allow(clippy::disallowed_methods)]
pub(crate) fn stdout() -> Clean<io::Stdout> {
    Clean::new(io::stdout())
}

/// Standard output for file contents (`cat`, `get -o -`), which go out
/// byte for byte. A file is data, not text of ftps's: escaping it, as
/// [`stdout()`] does, would corrupt every binary or non-UTF-8 file piped
/// onward (`ftps cat f.tar.gz | tar xz`). Like cat(1), whoever sends a file
/// to a terminal gets its bytes; nothing of ftps's own goes this way.
#[allow(clippy::disallowed_methods)]
pub(crate) fn raw_stdout() -> io::Stdout {
    io::stdout()
}

/// A writer that escapes what a terminal could act on, as [`message`] does.
/// `fmt` writes whole UTF-8 fragments, but a caller may split a character
/// across writes, so an incomplete sequence waits for the next write; bytes
/// that are not UTF-8 at all are shown as `\xNN`.
pub(crate) struct Clean<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Clean<W> {
    pub(crate) fn new(inner: W) -> Self {
        Clean { inner, pending: Vec::new() }
    }

    /// Writes out everything pending except, unless `all`, an incomplete
    /// UTF-8 sequence at its end.
    fn drain(&mut self, all: bool) -> io::Result<()> {
        let bytes = std::mem::take(&mut self.pending);
        let mut rest = bytes.as_slice();
        while !rest.is_empty() {
            let (good, bad) = match std::str::from_utf8(rest) {
                Ok(text) => (text, None),
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    (std::str::from_utf8(good).unwrap_or_default(), Some((bad, e.error_len())))
                }
            };
            self.inner.write_all(message(good).as_bytes())?;
            rest = match bad {
                None => &[],
                Some((bad, None)) if !all => {
                    self.pending = bad.to_vec();
                    &[]
                }
                Some((bad, len)) => {
                    let (shown, after) = bad.split_at(len.unwrap_or(bad.len()).min(bad.len()));
                    for b in shown {
                        write!(self.inner, "\\x{b:02x}")?;
                    }
                    after
                }
            };
        }
        Ok(())
    }
}

impl<W: Write> Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain(false)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Clean<W> {
    fn drop(&mut self) {
        let _ = self.drain(true);
        let _ = self.inner.flush();
    }
}

/// JSON for a terminal: serde_json escapes C0 controls (and structural line
/// breaks are C0 too, so they stay) but passes DEL, C1
/// controls and bidirectional overrides through; they are written as
/// `\uXXXX` here. That is the same JSON string (a parser gets the server's
/// exact text back) with nothing a terminal could act on. JSON puts those
/// characters only inside strings, so escaping them everywhere is safe.
pub(crate) fn write_json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T, pretty: bool) -> io::Result<()> {
    let text = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) }?;
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_dangerous(c) && c >= '\u{7f}' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                use std::fmt::Write as _;
                let _ = write!(shown, "\\u{unit:04x}");
            }
        } else {
            shown.push(c);
        }
    }
    shown.push('\n');
    out.write_all(shown.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn escapes_terminal_controls() {
        let hostile = "a\x1b]0;owned\x07b\x1b[2K\x1b[8mc\u{9b}31m\x7f";
        let out = printable(hostile);
        assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
        assert_eq!(out, "a\\x1b]0;owned\\x07b\\x1b[2K\\x1b[8mc\\u{009b}31m\\x7f");
    }

    #[test]
    fn escapes_bidi_overrides() {
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            let out = printable(&format!("x{c}y"));
            assert!(!out.contains(c), "{out:?}");
            assert!(out.starts_with("x\\u{20"), "{out:?}");
        }
    }

    #[test]
    fn clean_writer_escapes_across_writes() {
        let mut out = Vec::new();
        {
            let mut w = Clean::new(&mut out);
            let hostile = "a\x1b[2Kb\u{9b}c\u{202e}d\n";
            let bytes = hostile.as_bytes();
            // One byte at a time: multi-byte characters arrive split.
            for b in bytes {
                w.write_all(std::slice::from_ref(b)).unwrap();
            }
            w.write_all(b"bad \xff\xfe end\n").unwrap();
            // An incomplete sequence at the very end is shown, not lost.
            w.write_all(b"tail \xe2\x80").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "a\\x1b[2Kb\\u{009b}c\\u{202e}d\nbad \\xff\\xfe end\ntail \\xe2\\x80");
    }

    #[test]
    fn json_escapes_what_serde_passes_through() {
        let name = "n\x1b]0;t\x07\u{7f}\u{9b}\u{202e}x";
        let mut out = Vec::new();
        write_json(&mut out, &serde_json::json!({ "name": name }), true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| is_dangerous(c) && c != '\n'), "{text:?}");
        assert!(text.contains("\\u007f\\u009b\\u202e"), "{text:?}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], name, "the same string after parsing");
    }

    #[test]
    fn messages_keep_their_own_line_breaks() {
        assert_eq!(message("line one\n\tline two"), "line one\n\tline two");
        assert_eq!(message("a\rb\x1bc"), "a\\x0db\\x1bc");
        assert_eq!(printable("a\nb"), "a\\x0ab");
        assert!(matches!(message("plain text, ünïcode"), Cow::Borrowed(_)));
    }
}
