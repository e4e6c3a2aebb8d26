//! Unix `ls -l` style `LIST` lines, found by anchoring on the date.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{digits, parse_clock, rest_after, tokens};
use crate::listing::{Entry, EntryKind};

/// How far past `now` a year-less date may lie before it is taken to be from
/// last year. `ls` prints year-less dates for the past six months; the slack
/// absorbs server clock skew and the server's local time zone, which LIST
/// never states.
const FUTURE_SLACK_DAYS: i64 = 7;

pub(super) fn parse_unix(line: &str, now: DateTime<Utc>) -> Result<Entry, &'static str> {
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

#[cfg(test)]
mod tests {
    use super::super::parse_line;
    use super::super::tests::{fails, now, ok, ok_at, unix, utc};
    use crate::listing::{Entry, EntryKind};
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
        fails("d [RWCEAFMS] owner 512 Nov 24 09:15 netware", "not a recognised LIST line");
    }
}
