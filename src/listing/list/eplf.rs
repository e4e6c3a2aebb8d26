//! EPLF, D. J. Bernstein's Easily Parsed LIST Format (publicfile and a few
//! embedded servers): `+fact,fact,...<TAB>name`.
//!
//! Each fact is one letter and a value: `/` (CWD may work: a directory),
//! `r` (RETR may work: a file), `s<bytes>`, `m<unix seconds>`, `i<id>`,
//! `up<octal mode>`. Facts this client has no use for, and unknown ones,
//! are skipped as the format asks. A known fact with an unreadable value
//! fails the line instead, so the listing counts as incomplete rather than
//! silently showing a wrong size or time.
//!
//! The name is everything after the first TAB, byte for byte: it is data,
//! and [`crate::listing::names::check_name`] decides before it is ever
//! used as a local path (so `../x` or `a/b` are listed but never written).

use chrono::DateTime;

use super::digits;
use crate::listing::{Entry, EntryKind};

/// Parses one EPLF line, `line` starting with its `+`.
pub(super) fn parse_eplf(line: &str) -> Result<Entry, &'static str> {
    let body = line.strip_prefix('+').ok_or("not an EPLF line")?;
    let (facts, name) = body.split_once('\t').ok_or("EPLF line without a TAB before the name")?;
    if name.is_empty() {
        return Err("missing name");
    }
    let (mut dir, mut file) = (false, false);
    let (mut size, mut modified, mut perms) = (None, None, None);
    for fact in facts.split(',') {
        let mut chars = fact.chars();
        let Some(kind) = chars.next() else { continue };
        let value = chars.as_str();
        match kind {
            '/' => dir = true,
            'r' => file = true,
            's' => size = Some(digits::<u64>(value).ok_or("invalid size")?),
            'm' => {
                let secs = digits::<i64>(value).ok_or("invalid time")?;
                modified = Some(DateTime::from_timestamp(secs, 0).ok_or("invalid time")?);
            }
            'u' => {
                if let Some(mode) = value.strip_prefix('p') {
                    perms = Some(octal_mode(mode).ok_or("invalid mode")?);
                }
            }
            // `i` (an identifier for spotting the same file twice) and
            // facts defined after 1996 carry nothing an Entry holds.
            _ => {}
        }
    }
    // A server may claim both (a link it cannot resolve); guessing wrong
    // would recurse into a file or download a directory.
    let kind = match (dir, file) {
        (true, false) => EntryKind::Dir,
        (false, true) => EntryKind::File,
        _ => EntryKind::Other,
    };
    Ok(Entry { name: name.to_owned(), kind, size, modified, perms, target: None })
}

/// An octal mode as MLSD's `UNIX.mode` spells it (`644`, `0755`): up to
/// four octal digits (permissions plus setuid/setgid/sticky), kept as text.
fn octal_mode(mode: &str) -> Option<String> {
    let ok = (1..=4).contains(&mode.len()) && mode.bytes().all(|b| (b'0'..=b'7').contains(&b));
    ok.then(|| mode.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::parse_line;
    use super::super::tests::{fails, now, ok};
    use crate::listing::names::check_name;
    use crate::listing::{Entry, EntryKind};
    use EntryKind::{Dir, File, Other};
    use chrono::{DateTime, TimeZone, Utc};

    fn entry(name: &str, kind: EntryKind, size: Option<u64>, secs: Option<i64>, perms: Option<&str>) -> Entry {
        Entry {
            name: name.into(),
            kind,
            size,
            modified: secs.map(|s| DateTime::from_timestamp(s, 0).unwrap()),
            perms: perms.map(str::to_owned),
            target: None,
        }
    }

    #[test]
    fn the_specification_examples() {
        // The two lines of cr.yp.to/ftp/list/eplf.html.
        assert_eq!(ok("+i8388621.29609,m824255902,/,\tdev"), entry("dev", Dir, None, Some(824255902), None));
        assert_eq!(
            ok("+i8388621.44468,m839956783,r,s10376,\tRFCEPLF"),
            entry("RFCEPLF", File, Some(10376), Some(839956783), None)
        );
        assert_eq!(ok("+m824255902,/,\tdev").modified, Some(Utc.with_ymd_and_hms(1996, 2, 13, 23, 58, 22).unwrap()));
    }

    #[test]
    fn facts_in_any_order_unknown_ones_skipped() {
        assert_eq!(
            ok("+s5,up644,r,xfuture,i1.2,,m0\tname with  spaces\r\n"),
            entry("name with  spaces", File, Some(5), Some(0), Some("644"))
        );
        // No facts at all: something, but not known to be a file or directory.
        assert_eq!(ok("+\tbare"), entry("bare", Other, None, None, None));
        assert_eq!(ok("+/,r,\tboth").kind, Other);
        // `u` without `p` is some other fact; a TAB inside the name is kept.
        assert_eq!(ok("+r,uq9,\ta\tb"), entry("a\tb", File, None, None, None));
        assert_eq!(ok("+r,up0755,\tx").perms.as_deref(), Some("0755"));
        assert_eq!(ok("+r,s18446744073709551615,\tmax").size, Some(u64::MAX));
    }

    #[test]
    fn dot_entries_are_skipped_like_other_list_styles() {
        assert_eq!(parse_line("+/,\t.", now()), Ok(None));
        assert_eq!(parse_line("+/,\t..", now()), Ok(None));
    }

    #[test]
    fn hostile_names_are_listed_as_data_and_refused_as_paths() {
        for name in ["../x", "/etc/passwd", "a/b", "..\\x", "C:evil"] {
            let e = ok(&format!("+r,s4,\t{name}"));
            assert_eq!(e.name, name);
            // A backslash and a drive prefix separate paths on Windows only.
            let separates = name.contains('/') || cfg!(windows);
            assert_eq!(check_name(&e.name).is_err(), separates, "{name:?}");
        }
        // A long name is parsed; the name check bounds it before use.
        let long = "n".repeat(5000);
        assert!(check_name(&ok(&format!("+r,\t{long}")).name).is_err());
    }

    #[test]
    fn malformed_lines() {
        fails("+r,s4,name", "EPLF line without a TAB before the name");
        fails("+", "EPLF line without a TAB before the name");
        fails("+r,s4,\t", "missing name");
        fails("+r,s4,\t\r\n", "missing name");
        fails("+r,s,\tx", "invalid size");
        fails("+r,s-1,\tx", "invalid size");
        fails("+r,s+1,\tx", "invalid size");
        fails("+r,s1 ,\tx", "invalid size");
        fails("+r,s18446744073709551616,\tx", "invalid size");
        fails("+r,s99999999999999999999999999999999999999,\tx", "invalid size");
        fails("+r,s１,\tx", "invalid size");
        fails("+r,m,\tx", "invalid time");
        fails("+r,m-5,\tx", "invalid time");
        fails("+r,m1e9,\tx", "invalid time");
        // Fits in i64 but beyond chrono's range, and beyond i64.
        fails("+r,m9223372036854775807,\tx", "invalid time");
        fails("+r,m99999999999999999999999,\tx", "invalid time");
        fails("+r,up999,\tx", "invalid mode");
        fails("+r,up,\tx", "invalid mode");
        fails("+r,up75555,\tx", "invalid mode");
    }

    #[test]
    fn latest_time_chrono_holds() {
        let max = DateTime::<Utc>::MAX_UTC.timestamp();
        assert_eq!(ok(&format!("+r,m{max},\tx")).modified.map(|t| t.timestamp()), Some(max));
    }
}
