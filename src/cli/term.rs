//! The one output sanitiser: everything a person reads on a terminal that
//! may carry server-chosen text (replies, names, certificate fields, trace
//! lines) goes through here on its way out.
//!
//! Why at the output edge and not in the library: the library keeps server
//! text as it came (JSON output, comparisons and paths need the real bytes);
//! only a terminal interprets ESC, BEL, C1 controls and bidirectional
//! overrides, so an OSC title, erase-line, conceal code or a reordered file
//! name is defused exactly where it could act.

use std::borrow::Cow;

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn messages_keep_their_own_line_breaks() {
        assert_eq!(message("line one\n\tline two"), "line one\n\tline two");
        assert_eq!(message("a\rb\x1bc"), "a\\x0db\\x1bc");
        assert_eq!(printable("a\nb"), "a\\x0ab");
        assert!(matches!(message("plain text, ünïcode"), Cow::Borrowed(_)));
    }
}
