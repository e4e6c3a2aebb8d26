//! DOS/IIS style `LIST` lines: `MM-DD-YY  HH:MMAM  <DIR>|size  name`.

use chrono::NaiveDate;

use super::{digits, parse_clock, rest_after, tokens};
use crate::listing::{Entry, EntryKind};

/// `11-24-26  09:15AM       <DIR>          name` or
/// `11-24-2026  21:15             1234 name`.
pub(super) fn parse_dos(line: &str) -> Result<Entry, &'static str> {
    let mut toks = tokens(line);
    let (_, date) = toks.next().ok_or("not a recognised LIST line")?;
    let date = parse_dos_date(date).ok_or("invalid date")?;
    let (_, time) = toks.next().ok_or("not a recognised LIST line")?;
    let (h, m) = parse_dos_time(time).ok_or("invalid time")?;
    let modified = date.and_hms_opt(h, m, 0).ok_or("invalid time")?.and_utc();
    let (at, size_tok) = toks.next().ok_or("missing size or <DIR>")?;
    let rest = rest_after(line, at, size_tok.len()).ok_or("missing name")?;

    let (kind, size, name) = if size_tok.eq_ignore_ascii_case("<DIR>") {
        // `<DIR>` is followed by column padding; a leading space in a
        // directory name cannot be told apart from it.
        (EntryKind::Dir, None, rest.trim_start_matches([' ', '\t']))
    } else {
        let size = digits(size_tok).ok_or("invalid size")?;
        (EntryKind::File, Some(size), rest)
    };
    if name.is_empty() {
        return Err("missing name");
    }
    Ok(Entry { name: name.to_owned(), kind, size, modified: Some(modified), perms: None, target: None })
}

/// `MM-DD-YY` or `MM-DD-YYYY` (also with `/`). Two-digit years follow the
/// POSIX `%y` pivot: 69–99 are 19xx, 00–68 are 20xx.
fn parse_dos_date(tok: &str) -> Option<NaiveDate> {
    let mut parts = tok.split(['-', '/']);
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || m.len() > 2 || d.len() > 2 {
        return None;
    }
    let year: i32 = match y.len() {
        2 => digits::<i32>(y).map(|y| if y >= 69 { 1900 + y } else { 2000 + y })?,
        4 => digits(y)?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, digits(m)?, digits(d)?)
}

/// `09:15AM`, `12:00pm` (12-hour) or `21:15` (24-hour).
fn parse_dos_time(tok: &str) -> Option<(u32, u32)> {
    let upper = tok.to_ascii_uppercase();
    let (clock, pm) = match (upper.strip_suffix("AM"), upper.strip_suffix("PM")) {
        (Some(clock), _) => (clock, Some(false)),
        (_, Some(clock)) => (clock, Some(true)),
        _ => (upper.as_str(), None),
    };
    let (h, m) = parse_clock(clock)?;
    match pm {
        None => Some((h, m)),
        Some(_) if !(1..=12).contains(&h) => None,
        // 12 AM is midnight and 12 PM is noon.
        Some(pm) => Some((h % 12 + if pm { 12 } else { 0 }, m)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_line;
    use super::super::tests::{dos, fails, now, ok, utc};
    use crate::listing::EntryKind;
    use EntryKind::{Dir, File};

    #[test]
    fn iis_dos_style() {
        assert_eq!(ok("11-24-26  09:15AM       <DIR>          name"), dos("name", Dir, None, utc(2026, 11, 24, 9, 15)));
        assert_eq!(
            ok("11-24-2026  09:15PM  1234 name with spaces"),
            dos("name with spaces", File, Some(1234), utc(2026, 11, 24, 21, 15))
        );
        assert_eq!(
            ok("01-03-24  12:00AM                    0 midnight.txt"),
            dos("midnight.txt", File, Some(0), utc(2024, 1, 3, 0, 0))
        );
        assert_eq!(
            ok("01-03-24  12:30PM                 7168 noon.doc"),
            dos("noon.doc", File, Some(7168), utc(2024, 1, 3, 12, 30))
        );
        assert_eq!(ok("02-28-99  11:59pm       <DIR>          old"), dos("old", Dir, None, utc(1999, 2, 28, 23, 59)));
        assert_eq!(
            ok("07-04-68  01:00AM                    1 pivot"),
            dos("pivot", File, Some(1), utc(2068, 7, 4, 1, 0))
        );
        assert_eq!(
            ok("07-04-69  01:00AM                    1 pivot"),
            dos("pivot", File, Some(1), utc(1969, 7, 4, 1, 0))
        );
    }

    #[test]
    fn dos_24_hour_and_variants() {
        assert_eq!(
            ok("11-24-2026  21:15       <DIR>          Twenty Four"),
            dos("Twenty Four", Dir, None, utc(2026, 11, 24, 21, 15))
        );
        assert_eq!(
            ok("11/24/2026  00:05                 42 slashes.txt"),
            dos("slashes.txt", File, Some(42), utc(2026, 11, 24, 0, 5))
        );
        assert_eq!(ok("1-5-2026  9:05AM  3 short.txt"), dos("short.txt", File, Some(3), utc(2026, 1, 5, 9, 5)));
        assert_eq!(
            ok("11-24-26  09:15AM       <dir>          My  Documents"),
            dos("My  Documents", Dir, None, utc(2026, 11, 24, 9, 15))
        );
        assert_eq!(
            ok("11-24-26  09:15AM                 1234  lead"),
            dos(" lead", File, Some(1234), utc(2026, 11, 24, 9, 15))
        );
        assert_eq!(
            ok("11-24-26  09:15AM                 1234 Übersicht ファイル.xlsx"),
            dos("Übersicht ファイル.xlsx", File, Some(1234), utc(2026, 11, 24, 9, 15))
        );
        assert_eq!(parse_line("11-24-26  09:15AM       <DIR>          .", now()), Ok(None));
    }

    #[test]
    fn malformed_dos_lines() {
        fails("13-24-26  09:15AM  1 x", "invalid date");
        fails("02-30-26  09:15AM  1 x", "invalid date");
        fails("11-24-126  09:15AM  1 x", "invalid date");
        fails("11-24  09:15AM  1 x", "invalid date");
        fails("550 No files found.", "invalid date");
        fails("11-24-26  13:15PM  1 x", "invalid time");
        fails("11-24-26  00:15AM  1 x", "invalid time");
        fails("11-24-26  24:00  1 x", "invalid time");
        fails("11-24-26  09:15XM  1 x", "invalid time");
        fails("11-24-26", "not a recognised LIST line");
        fails("11-24-26  09:15AM", "missing size or <DIR>");
        fails("11-24-26  09:15AM  12a x", "invalid size");
        fails("11-24-26  09:15AM  1,234 x", "invalid size");
        fails("11-24-26  09:15AM       <DIR>", "missing name");
        fails("11-24-26  09:15AM       <DIR>          ", "missing name");
        fails("11-24-26  09:15AM  1234 ", "missing name");
    }
}
