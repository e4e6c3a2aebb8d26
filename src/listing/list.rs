//! `LIST` output: Unix `ls -l`, DOS/IIS and EPLF styles.
//!
//! `LIST` has no specified format; servers print whatever their platform's
//! `ls` or `dir` prints. Columns are found by anchoring on the date, the one
//! field with a recognisable shape, rather than by counting: owner and group
//! columns come and go between servers. The styles share only the
//! tokenising below, so each has its own module. EPLF (`+facts<TAB>name`)
//! is told apart by its `+`, which no `ls` type letter or DOS date starts with.

use chrono::{DateTime, Utc};

use super::{Entry, ParseError};

mod dos;
mod eplf;
mod unix;

use dos::parse_dos;
use eplf::parse_eplf;
use unix::parse_unix;

/// Parses one line of `LIST` output; `now` resolves year-less Unix dates.
///
/// `Ok(None)` is for lines that describe no entry: blank lines, `total N`,
/// and the `.` / `..` entries of `ls -a` style servers. Any other line that
/// cannot be understood is an error, so callers never lose entries silently.
/// Unix and DOS times are taken as UTC because LIST does not say which zone
/// they are in; EPLF gives Unix seconds, which are UTC by definition.
pub fn parse_line(line: &str, now: DateTime<Utc>) -> Result<Option<Entry>, ParseError> {
    // Line terminators are framing; names cannot contain CR or LF.
    let line = line.trim_end_matches(['\r', '\n']);
    if line.trim().is_empty() || is_total(line) {
        return Ok(None);
    }
    let parsed = if line.starts_with('+') {
        parse_eplf(line)
    } else if line.starts_with(|c: char| c.is_ascii_digit()) {
        parse_dos(line)
    } else {
        parse_unix(line, now)
    };
    match parsed {
        Ok(entry) if entry.name == "." || entry.name == ".." => Ok(None),
        Ok(entry) => Ok(Some(entry)),
        Err(reason) => Err(ParseError { line: line.to_owned(), reason }),
    }
}

fn is_total(line: &str) -> bool {
    let mut toks = tokens(line).map(|(_, t)| t);
    matches!(
        (toks.next(), toks.next(), toks.next()),
        (Some(word), Some(n), None)
            if word.eq_ignore_ascii_case("total") && n.bytes().all(|b| b.is_ascii_digit())
    )
}

/// Whitespace-separated tokens with their byte offsets, so the name can be
/// taken from the original line with its inner and leading spaces intact.
fn tokens(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    s.split([' ', '\t']).filter_map(move |piece| {
        let start = offset;
        // Both separators are one byte long.
        offset += piece.len() + 1;
        (!piece.is_empty()).then_some((start, piece))
    })
}

/// The rest of `line` after the token at `start..start + len` and exactly one
/// separator: further spaces belong to the name.
fn rest_after(line: &str, start: usize, len: usize) -> Option<&str> {
    line.get(start + len + 1..).filter(|rest| !rest.is_empty())
}

/// `H:MM` or `HH:MM`, 24-hour.
fn parse_clock(tok: &str) -> Option<(u32, u32)> {
    let (h, m) = tok.split_once(':')?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return None;
    }
    let (h, m) = (digits::<u32>(h)?, digits::<u32>(m)?);
    (h < 24 && m < 60).then_some((h, m))
}

/// Decimal digits only: `str::parse` would also accept a sign.
fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::EntryKind;
    use chrono::TimeZone;

    pub(super) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// Most tests list "now" as early December 2026.
    pub(super) fn now() -> DateTime<Utc> {
        utc(2026, 12, 1, 10, 0)
    }

    pub(super) fn ok_at(line: &str, now: DateTime<Utc>) -> Entry {
        match parse_line(line, now) {
            Ok(Some(e)) => e,
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    pub(super) fn ok(line: &str) -> Entry {
        ok_at(line, now())
    }

    pub(super) fn fails(line: &str, reason: &str) {
        let err = parse_line(line, now()).unwrap_err();
        assert_eq!(err.reason, reason, "{line:?}");
        assert_eq!(err.line, line.trim_end_matches(['\r', '\n']));
    }

    /// Builds the expected entry for a Unix line.
    pub(super) fn unix(name: &str, kind: EntryKind, size: Option<u64>, modified: DateTime<Utc>, perms: &str) -> Entry {
        Entry {
            name: name.to_owned(),
            kind,
            size,
            modified: Some(modified),
            perms: Some(perms.to_owned()),
            target: None,
        }
    }

    pub(super) fn dos(name: &str, kind: EntryKind, size: Option<u64>, modified: DateTime<Utc>) -> Entry {
        Entry { name: name.to_owned(), kind, size, modified: Some(modified), perms: None, target: None }
    }

    #[test]
    fn skipped_lines() {
        for line in ["", "   ", "\r\n", "total 0", "total 123456", "Total 8", "total 8\r\n"] {
            assert_eq!(parse_line(line, now()), Ok(None), "{line:?}");
        }
    }

    #[test]
    fn line_terminators_are_not_part_of_the_name() {
        assert_eq!(ok("-rw-r--r-- 1 a b 1 Nov 24 09:15 crlf\r\n").name, "crlf");
        assert_eq!(ok("11-24-26  09:15AM  1 dos\r\n").name, "dos");
    }

    #[test]
    fn errors_keep_the_whole_line() {
        let line = "  garbage   with spaces  ";
        let err = parse_line(line, now()).unwrap_err();
        assert_eq!(err.line, line);
        assert_eq!(err.to_string(), format!("not a recognised LIST line: {line:?}"));
    }
}
