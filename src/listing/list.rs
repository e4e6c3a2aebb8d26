//! `LIST` output: Unix `ls -l` and DOS/IIS styles.
//!
//! `LIST` has no specified format; servers print whatever their platform's
//! `ls` or `dir` prints. Columns are found by anchoring on the date, the one
//! field with a recognisable shape, rather than by counting: owner and group
//! columns come and go between servers.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{Entry, EntryKind, ParseError};

/// How far past `now` a year-less date may lie before it is taken to be from
/// last year. `ls` prints year-less dates for the past six months; the slack
/// absorbs server clock skew and the server's local time zone, which LIST
/// never states.
const FUTURE_SLACK_DAYS: i64 = 7;

/// Parses one line of `LIST` output; `now` resolves year-less Unix dates.
///
/// `Ok(None)` is for lines that describe no entry: blank lines, `total N`,
/// and the `.` / `..` entries of `ls -a` style servers. Any other line that
/// cannot be understood is an error, so callers never lose entries silently.
/// Times are taken as UTC because LIST does not say which zone they are in.
pub fn parse_line(line: &str, now: DateTime<Utc>) -> Result<Option<Entry>, ParseError> {
    // Line terminators are framing; names cannot contain CR or LF.
    let line = line.trim_end_matches(['\r', '\n']);
    if line.trim().is_empty() || is_total(line) {
        return Ok(None);
    }
    let parsed = if line.starts_with(|c: char| c.is_ascii_digit()) { parse_dos(line) } else { parse_unix(line, now) };
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

// ---------------------------------------------------------------- Unix style

fn parse_unix(line: &str, now: DateTime<Utc>) -> Result<Entry, &'static str> {
    let toks: Vec<(usize, &str)> = tokens(line).collect();
    let (kind, device, perms) = toks.first().and_then(|&(_, t)| parse_perms(t)).ok_or("not a recognised LIST line")?;

    // The first place where "size month day time-or-year" fits. The minimum
    // index 3 leaves room for permissions, one owner-ish column and the size.
    let found = (3..toks.len()).find_map(|i| {
        let (_, size_tok) = *toks.get(i - 1)?;
        let size = parse_size(size_tok, device)?;
        Some((size, parse_unix_date(toks.get(i..)?, now)?))
    });
    let (size, date) = found.ok_or("no size and date found")?;
    let modified = date.time.ok_or("invalid date")?;
    let (start, last) = date.last;
    let raw_name = rest_after(line, start, last.len()).ok_or("missing name")?;

    let (name, target) = match (kind, raw_name.split_once(" -> ")) {
        (EntryKind::Symlink, Some((name, target))) => (name, Some(target.to_owned())),
        _ => (raw_name, None),
    };
    if name.is_empty() {
        return Err("missing name");
    }
    Ok(Entry { name: name.to_owned(), kind, size, modified: Some(modified), perms: Some(perms.to_owned()), target })
}

/// `drwxr-xr-x`, optionally followed by one ACL / xattr / SELinux marker.
/// Also says whether the entry is a block or character device.
fn parse_perms(tok: &str) -> Option<(EntryKind, bool, &str)> {
    let type_char = tok.chars().next()?;
    let kind = match type_char {
        '-' => EntryKind::File,
        'd' => EntryKind::Dir,
        'l' => EntryKind::Symlink,
        'b' | 'c' | 'p' | 's' | 'D' => EntryKind::Other,
        _ => return None,
    };
    let device = matches!(type_char, 'b' | 'c');
    let perms = tok.get(1..10)?;
    let valid = perms.chars().all(|c| "rwxsStTlL-".contains(c));
    let marker_ok = matches!(tok.get(10..)?, "" | "+" | "@" | ".");
    (valid && marker_ok).then_some((kind, device, perms))
}

/// The size column; `Some(None)` for device files, where `ls` prints
/// `major, minor` instead (as `1,` `3` or glued as `1,3`; the token before
/// the month is then the minor number or the glued pair).
fn parse_size(tok: &str, device: bool) -> Option<Option<u64>> {
    if device {
        let shaped = tok.bytes().all(|b| b.is_ascii_digit() || b == b',') && tok.bytes().any(|b| b.is_ascii_digit());
        return shaped.then_some(None);
    }
    digits(tok).map(Some)
}

/// A date column found in a Unix line.
struct UnixDate<'a> {
    /// `None` when the fields are shaped like a date but name no real day
    /// (`Feb 30`): that is reported rather than searched past.
    time: Option<DateTime<Utc>>,
    /// The date's last token and its offset: the name starts after it.
    last: (usize, &'a str),
}

/// `Nov 24 09:15`, `Jan 3 2024` or `2024-01-03 10:15` at the start of `toks`.
fn parse_unix_date<'a>(toks: &[(usize, &'a str)], now: DateTime<Utc>) -> Option<UnixDate<'a>> {
    let &[(_, first), (second_at, second), ..] = toks else {
        return None;
    };
    if let Some((y, m, d)) = parse_iso_date(first) {
        let (h, min) = parse_clock(second)?;
        let time = NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(h, min, 0));
        return Some(UnixDate { time: time.map(|t| t.and_utc()), last: (second_at, second) });
    }
    let month = month_number(first)?;
    let day = digits::<u32>(second).filter(|d| (1..=31).contains(d) && second.len() <= 2)?;
    let &(third_at, third) = toks.get(2)?;
    let time = if let Some((h, min)) = parse_clock(third) {
        infer_year(month, day, h, min, now)
    } else if third.len() == 4 && third.bytes().all(|b| b.is_ascii_digit()) {
        let year = third.parse().ok()?;
        NaiveDate::from_ymd_opt(year, month, day).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
    } else {
        return None;
    };
    Some(UnixDate { time, last: (third_at, third) })
}

/// A year-less date lies in the past half year, so it is this year unless
/// that would put it clearly in the future.
fn infer_year(month: u32, day: u32, h: u32, min: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let at =
        |year| NaiveDate::from_ymd_opt(year, month, day).and_then(|d| d.and_hms_opt(h, min, 0)).map(|t| t.and_utc());
    // `checked_add` only fails at chrono's far end of time, where any date
    // is in the past anyway.
    let latest = now.checked_add_signed(Duration::days(FUTURE_SLACK_DAYS)).unwrap_or(now);
    match at(now.year()) {
        Some(t) if t <= latest => Some(t),
        _ => at(now.year() - 1),
    }
}

fn month_number(tok: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let index = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(tok))?;
    u32::try_from(index).ok().map(|i| i + 1)
}

fn parse_iso_date(tok: &str) -> Option<(i32, u32, u32)> {
    let mut parts = tok.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Some((digits(y)?, digits(m)?, digits(d)?))
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

// ----------------------------------------------------------------- DOS style

/// `11-24-26  09:15AM       <DIR>          name` or
/// `11-24-2026  21:15             1234 name`.
fn parse_dos(line: &str) -> Result<Entry, &'static str> {
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
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// Most tests list "now" as early December 2026.
    fn now() -> DateTime<Utc> {
        utc(2026, 12, 1, 10, 0)
    }

    fn ok_at(line: &str, now: DateTime<Utc>) -> Entry {
        match parse_line(line, now) {
            Ok(Some(e)) => e,
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    fn ok(line: &str) -> Entry {
        ok_at(line, now())
    }

    fn fails(line: &str, reason: &str) {
        let err = parse_line(line, now()).unwrap_err();
        assert_eq!(err.reason, reason, "{line:?}");
        assert_eq!(err.line, line.trim_end_matches(['\r', '\n']));
    }

    /// Builds the expected entry for a Unix line.
    fn unix(name: &str, kind: EntryKind, size: Option<u64>, modified: DateTime<Utc>, perms: &str) -> Entry {
        Entry {
            name: name.to_owned(),
            kind,
            size,
            modified: Some(modified),
            perms: Some(perms.to_owned()),
            target: None,
        }
    }

    fn dos(name: &str, kind: EntryKind, size: Option<u64>, modified: DateTime<Utc>) -> Entry {
        Entry { name: name.to_owned(), kind, size, modified: Some(modified), perms: None, target: None }
    }

    use EntryKind::{Dir, File, Other, Symlink};

    #[test]
    fn vsftpd() {
        assert_eq!(
            ok("drwxr-xr-x    2 1000     1000         4096 Nov 24 09:15 uploads"),
            unix("uploads", Dir, Some(4096), utc(2026, 11, 24, 9, 15), "rwxr-xr-x")
        );
        assert_eq!(
            ok("-rw-r--r--    1 0        0              12 Jan 03  2024 readme.txt"),
            unix("readme.txt", File, Some(12), utc(2024, 1, 3, 0, 0), "rw-r--r--")
        );
        assert_eq!(
            ok("lrwxrwxrwx    1 0        0               7 Nov 24 09:15 latest -> v1.2.3"),
            Entry {
                target: Some("v1.2.3".into()),
                ..unix("latest", Symlink, Some(7), utc(2026, 11, 24, 9, 15), "rwxrwxrwx")
            }
        );
    }

    #[test]
    fn brief_examples() {
        assert_eq!(
            ok("drwxr-xr-x 2 user group 4096 Nov 24 09:15 name"),
            unix("name", Dir, Some(4096), utc(2026, 11, 24, 9, 15), "rwxr-xr-x")
        );
        assert_eq!(
            ok("-rw-r--r-- 1 0 0 12 Jan 3 2024 name"),
            unix("name", File, Some(12), utc(2024, 1, 3, 0, 0), "rw-r--r--")
        );
    }

    #[test]
    fn proftpd() {
        assert_eq!(
            ok("-rw-r--r--   1 alice    staff     1048576 Nov 24 09:15 big file.bin"),
            unix("big file.bin", File, Some(1_048_576), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(
            ok("drwxr-xr-x   3 alice    staff        4096 Mar  5  2024 Photos 2024"),
            unix("Photos 2024", Dir, Some(4096), utc(2024, 3, 5, 0, 0), "rwxr-xr-x")
        );
        assert_eq!(
            ok("-rw-------   1 alice    staff  18446744073709551615 Jun 30 23:59 sparse.img"),
            unix("sparse.img", File, Some(u64::MAX), utc(2026, 6, 30, 23, 59), "rw-------")
        );
    }

    #[test]
    fn pure_ftpd() {
        assert_eq!(
            ok("-rw-r--r--    1 1000       100             5 Nov 24 09:15 a.txt"),
            unix("a.txt", File, Some(5), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(parse_line("drwxr-xr-x    2 ftp        ftp          4096 Dec 31  2025 .", now()), Ok(None));
        assert_eq!(parse_line("drwxr-xr-x    9 ftp        ftp          4096 Dec 31  2025 ..", now()), Ok(None));
    }

    #[test]
    fn filezilla_server_and_serv_u() {
        assert_eq!(
            ok("-rw-r--r-- 1 ftp ftp            123 Nov 24 09:15 test.txt"),
            unix("test.txt", File, Some(123), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(
            ok("drwxr-xr-x 1 ftp ftp              0 Nov 24  2025 dir"),
            unix("dir", Dir, Some(0), utc(2025, 11, 24, 0, 0), "rwxr-xr-x")
        );
        assert_eq!(
            ok("-rw-rw-rw-   1 user     group      293380 Oct 14  2021 Serv-U file.pdf"),
            unix("Serv-U file.pdf", File, Some(293_380), utc(2021, 10, 14, 0, 0), "rw-rw-rw-")
        );
    }

    #[test]
    fn nas_boxes() {
        // Synology / QNAP / Windows-backed shares report everything as 777.
        assert_eq!(
            ok("drwxrwxrwx   1 admin    users           0 Nov 24 09:15 homes"),
            unix("homes", Dir, Some(0), utc(2026, 11, 24, 9, 15), "rwxrwxrwx")
        );
        assert_eq!(
            ok("-rwxrwxrwx   1 owner    group      4194304 Aug  1 08:00 IMG_0001.JPG"),
            unix("IMG_0001.JPG", File, Some(4_194_304), utc(2026, 8, 1, 8, 0), "rwxrwxrwx")
        );
        // busybox / long-iso style dates.
        assert_eq!(
            ok("-rw-r--r--    1 root     root            12 2024-01-03 10:15 iso.txt"),
            unix("iso.txt", File, Some(12), utc(2024, 1, 3, 10, 15), "rw-r--r--")
        );
    }

    #[test]
    fn missing_group_column() {
        assert_eq!(
            ok("-rw-r--r--   1 alice   1234 Nov 24 09:15 nogroup.txt"),
            unix("nogroup.txt", File, Some(1234), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(
            ok("drwxr-xr-x   2 0   512 Feb  2  2022 bin"),
            unix("bin", Dir, Some(512), utc(2022, 2, 2, 0, 0), "rwxr-xr-x")
        );
    }

    #[test]
    fn owner_and_group_that_look_like_dates() {
        assert_eq!(
            ok("-rw-r--r-- 1 may jun 12 Nov 24 09:15 file"),
            unix("file", File, Some(12), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(
            ok("-rw-r--r-- 1 0 Jan 12 Nov 24 09:15 file"),
            unix("file", File, Some(12), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(
            ok("-rw-r--r-- 1 a b 12 Nov 24 09:15 Jan 1 2020 notes"),
            unix("Jan 1 2020 notes", File, Some(12), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
    }

    #[test]
    fn names_are_kept_exactly() {
        let names = [
            "   three leading spaces",
            " one",
            "trailing ",
            "inner   spaces",
            "Übergrößen ファイル.txt",
            "a -> b",
            "semi;colon",
            "tab\tinside",
            "-rw-r--r-- 1 a b",
            "...",
            ".hidden",
        ];
        for name in names {
            let line = format!("-rw-r--r-- 1 alice staff 3 Nov 24 09:15 {name}");
            let e = ok(&line);
            assert_eq!(e.name, name, "{line:?}");
            assert_eq!(e.target, None);
        }
    }

    #[test]
    fn symlinks() {
        let e = ok("lrwxrwxrwx 1 a b 19 Nov 24 09:15 my link -> ../some dir/x -> y");
        assert_eq!(e.kind, Symlink);
        assert_eq!(e.name, "my link");
        assert_eq!(e.target.as_deref(), Some("../some dir/x -> y"));
        assert_eq!(e.size, Some(19));
        assert_eq!(e.perms.as_deref(), Some("rwxrwxrwx"));

        // Some servers omit the target.
        let e = ok("lrwxrwxrwx 1 a b 19 Nov 24 09:15 bare-link");
        assert_eq!((e.kind, e.name.as_str(), e.target), (Symlink, "bare-link", None));

        let e = ok("lrwxrwxrwx 1 a b 4 Nov 24 09:15 ünï -> /ziel/ファイル");
        assert_eq!(e.name, "ünï");
        assert_eq!(e.target.as_deref(), Some("/ziel/ファイル"));
    }

    #[test]
    fn device_files_have_no_size() {
        assert_eq!(
            ok("crw-rw-rw-   1 root     root       1,   3 Nov 24 09:15 null"),
            unix("null", Other, None, utc(2026, 11, 24, 9, 15), "rw-rw-rw-")
        );
        assert_eq!(
            ok("brw-rw----   1 root     disk       8,   0 Jan  3  2024 sda"),
            unix("sda", Other, None, utc(2024, 1, 3, 0, 0), "rw-rw----")
        );
        assert_eq!(
            ok("crw--w----   1 root tty 136,0 Nov 24 09:15 pts0"),
            unix("pts0", Other, None, utc(2026, 11, 24, 9, 15), "rw--w----")
        );
    }

    #[test]
    fn fifos_and_sockets_are_other() {
        assert_eq!(
            ok("prw-r--r--   1 root root 0 Nov 24 09:15 fifo"),
            unix("fifo", Other, Some(0), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(
            ok("srwxrwxrwx   1 root root 0 Nov 24 09:15 mysql.sock"),
            unix("mysql.sock", Other, Some(0), utc(2026, 11, 24, 9, 15), "rwxrwxrwx")
        );
    }

    #[test]
    fn acl_markers_and_special_bits() {
        assert_eq!(
            ok("-rw-r--r--+  1 alice staff 12 Nov 24 09:15 acl.txt"),
            unix("acl.txt", File, Some(12), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(
            ok("drwxr-xr-x@ 5 alice staff 160 Nov 24 09:15 mac dir"),
            unix("mac dir", Dir, Some(160), utc(2026, 11, 24, 9, 15), "rwxr-xr-x")
        );
        assert_eq!(
            ok("-rw-r--r--. 1 root root 12 Nov 24 09:15 selinux"),
            unix("selinux", File, Some(12), utc(2026, 11, 24, 9, 15), "rw-r--r--")
        );
        assert_eq!(ok("-rwsr-xr-x 1 root root 1 Nov 24 09:15 su").perms.as_deref(), Some("rwsr-xr-x"));
        assert_eq!(ok("drwxrwxrwt 1 root root 1 Nov 24 09:15 tmp").perms.as_deref(), Some("rwxrwxrwt"));
        assert_eq!(ok("-rwSr-lr-T 1 root root 1 Nov 24 09:15 odd").perms.as_deref(), Some("rwSr-lr-T"));
    }

    #[test]
    fn month_names_are_case_insensitive() {
        assert_eq!(ok("-rw-r--r-- 1 a b 1 NOV 24 09:15 x").modified, Some(utc(2026, 11, 24, 9, 15)));
        assert_eq!(ok("-rw-r--r-- 1 a b 1 sep 1 2019 x").modified, Some(utc(2019, 9, 1, 0, 0)));
    }

    #[test]
    fn year_inference() {
        let now = utc(2026, 1, 10, 12, 0);
        let at = |line: &str| ok_at(line, now).modified;
        // Yesterday-ish and last December belong to different years.
        assert_eq!(at("-rw-r--r-- 1 a b 1 Jan  9 18:00 x"), Some(utc(2026, 1, 9, 18, 0)));
        assert_eq!(at("-rw-r--r-- 1 a b 1 Dec 31 23:59 x"), Some(utc(2025, 12, 31, 23, 59)));
        assert_eq!(at("-rw-r--r-- 1 a b 1 Jul 11 00:00 x"), Some(utc(2025, 7, 11, 0, 0)));
        // A few days ahead is clock skew, not last year.
        assert_eq!(at("-rw-r--r-- 1 a b 1 Jan 15 09:00 x"), Some(utc(2026, 1, 15, 9, 0)));
        assert_eq!(at("-rw-r--r-- 1 a b 1 Jan 17 12:00 x"), Some(utc(2026, 1, 17, 12, 0)));
        // Further ahead must be last year.
        assert_eq!(at("-rw-r--r-- 1 a b 1 Jan 18 09:00 x"), Some(utc(2025, 1, 18, 9, 0)));
        assert_eq!(at("-rw-r--r-- 1 a b 1 Jun  1 09:00 x"), Some(utc(2025, 6, 1, 9, 0)));
    }

    #[test]
    fn leap_day_without_year() {
        let e = ok_at("-rw-r--r-- 1 a b 1 Feb 29 10:00 leap", utc(2024, 3, 10, 0, 0));
        assert_eq!(e.modified, Some(utc(2024, 2, 29, 10, 0)));
        // Not a leap year now: last year's Feb 29 is the only candidate.
        let e = ok_at("-rw-r--r-- 1 a b 1 Feb 29 10:00 leap", utc(2025, 3, 10, 0, 0));
        assert_eq!(e.modified, Some(utc(2024, 2, 29, 10, 0)));
        // Neither this year nor last had one.
        let err = parse_line("-rw-r--r-- 1 a b 1 Feb 29 10:00 leap", utc(2026, 3, 10, 0, 0));
        assert_eq!(err.unwrap_err().reason, "invalid date");
    }

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
    fn malformed_unix_lines() {
        fails("-rw-r--r-- 1 a b 12 Nov +3 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Nov 003 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Nov 0 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Nov 24 09:15", "missing name");
        fails("-rw-r--r-- 1 a b 12 Nov 24 09:15 ", "missing name");
        fails("lrwxrwxrwx 1 a b 3 Nov 24 09:15  -> target", "missing name");
        fails("-rw-r--r-- 1 a b xx Nov 24 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b -5 Nov 24 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Foo 24 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Nov 32 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Nov 24 25:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Nov 24 9:5 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Nov 24 24 name", "no size and date found");
        fails("-rw-r--r-- 12 Nov 24 09:15 name", "no size and date found");
        fails("-rw-r--r-- 1 a b 12 Feb 30 2024 name", "invalid date");
        fails("-rw-r--r-- 1 a b 99999999999999999999 Nov 24 09:15 name", "no size and date found");
        fails("crw-rw-rw- 1 root root x, y Nov 24 09:15 null", "no size and date found");
        fails("-rwxrwxrwz 1 a b 12 Nov 24 09:15 name", "not a recognised LIST line");
        fails("-rw-r--r--% 1 a b 12 Nov 24 09:15 name", "not a recognised LIST line");
        fails("-rw-r--r 1 a b 12 Nov 24 09:15 name", "not a recognised LIST line");
        fails("xrw-r--r-- 1 a b 12 Nov 24 09:15 name", "not a recognised LIST line");
        fails("ls: .: Permission denied", "not a recognised LIST line");
        fails("total", "not a recognised LIST line");
        fails("total 12 blocks", "not a recognised LIST line");
        fails("-rw-r--r--", "no size and date found");
        fails("+i8388621.29609,m824255902,/,\tdev", "not a recognised LIST line");
        fails("d [RWCEAFMS] owner 512 Nov 24 09:15 netware", "not a recognised LIST line");
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

    #[test]
    fn errors_keep_the_whole_line() {
        let line = "  garbage   with spaces  ";
        let err = parse_line(line, now()).unwrap_err();
        assert_eq!(err.line, line);
        assert_eq!(err.to_string(), format!("not a recognised LIST line: {line:?}"));
    }
}
