//! MLSD / MLST fact lines (RFC 3659).
//!
//! A line is `fact=value;fact=value; name`. Fact values never contain a
//! space (RFC 3659 §7.2), so the first space ends the facts and everything
//! after it is the name, byte for byte, whatever it contains.

use super::{Entry, EntryKind, ParseError};

/// Parses one MLSD line or one MLST reply line (with its leading space).
///
/// `Ok(None)` means the line carries no entry worth listing: a blank line, or
/// the `cdir` / `pdir` entries that describe the listed directory and its
/// parent rather than its contents.
pub fn parse_line(line: &str) -> Result<Option<Entry>, ParseError> {
    // Line terminators are framing, not part of the name; CR and LF cannot
    // appear in an RFC 3659 pathname anyway.
    let line = line.trim_end_matches(['\r', '\n']);
    if line.trim().is_empty() {
        return Ok(None);
    }
    let err = |reason| ParseError { line: line.to_owned(), reason };

    let (facts, name) = split_facts(line);
    if name.is_empty() {
        return Err(err("missing name after the facts"));
    }

    let mut kind = EntryKind::Other;
    let mut target = None;
    let mut size = None;
    let mut sizd = None;
    let mut modified = None;
    let mut perms = None;

    for fact in facts.split(';').filter(|f| !f.is_empty()) {
        let (key, value) = fact.split_once('=').ok_or_else(|| err("fact without '='"))?;
        match key.to_ascii_lowercase().as_str() {
            "type" => match parse_type(value) {
                Some((k, t)) => {
                    kind = k;
                    target = t;
                }
                None => return Ok(None),
            },
            "size" => size = Some(parse_u64(value).ok_or_else(|| err("invalid size fact"))?),
            "sizd" => sizd = Some(parse_u64(value).ok_or_else(|| err("invalid sizd fact"))?),
            "modify" => {
                modified = Some(super::time_val::parse(value).ok_or_else(|| err("invalid modify fact"))?);
            }
            "unix.mode" => perms = Some(value.to_owned()),
            // perm, unique, lang, media-type, UNIX.owner, ... are not needed.
            _ => {}
        }
    }

    Ok(Some(Entry {
        name: name.to_owned(),
        kind,
        // Directories may only have `sizd` (pure-ftpd, for one), the size
        // of the directory file itself rather than of its contents.
        size: size.or(sizd),
        modified,
        perms,
        target,
    }))
}

/// Splits a line into its facts and its name.
///
/// MLST reply lines are indented by one space, and a fact-less MLSD line also
/// starts with a space (`" name"`), so a leading space is only taken as
/// indentation when what follows it looks like facts.
fn split_facts(line: &str) -> (&str, &str) {
    let Some(rest) = line.strip_prefix(' ') else {
        return line.split_once(' ').unwrap_or((line, ""));
    };
    match rest.split_once(' ') {
        Some((facts, name)) if facts.is_empty() || looks_like_facts(facts) => (facts, name),
        // The line had no facts at all; the whole remainder is the name.
        _ if !looks_like_facts(rest) => ("", rest),
        // Facts but no name: let the caller report it.
        _ => (rest, ""),
    }
}

/// True for `a=b;c=d;`: names without a `=` cannot be facts, which is how
/// a fact-less name is told apart.
fn looks_like_facts(s: &str) -> bool {
    s.split(';').filter(|f| !f.is_empty()).all(|f| f.contains('=')) && s.contains('=')
}

/// Maps a `type` fact value; `None` for the directory itself and its parent.
fn parse_type(value: &str) -> Option<(EntryKind, Option<String>)> {
    let lower = value.to_ascii_lowercase();
    let kind = match lower.as_str() {
        "cdir" | "pdir" => return None,
        "file" => EntryKind::File,
        "dir" => EntryKind::Dir,
        "os.unix=symlink" | "os.unix=slink" => EntryKind::Symlink,
        _ if lower.starts_with("os.unix=slink:") => {
            // Keep the target's original case: only the prefix is ASCII.
            let target = value.get("os.unix=slink:".len()..).filter(|t| !t.is_empty()).map(str::to_owned);
            return Some((EntryKind::Symlink, target));
        }
        _ => EntryKind::Other,
    };
    Some((kind, None))
}

/// Only plain decimal digits: `u64::from_str` would also take a leading `+`.
fn parse_u64(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeZone, Timelike, Utc};

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    fn entry(name: &str, kind: EntryKind) -> Entry {
        Entry { name: name.to_owned(), kind, size: None, modified: None, perms: None, target: None }
    }

    fn ok(line: &str) -> Entry {
        match parse_line(line) {
            Ok(Some(e)) => e,
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    fn fails(line: &str, reason: &str) {
        let err = parse_line(line).unwrap_err();
        assert_eq!(err.reason, reason, "{line:?}");
        assert_eq!(err.line, line.trim_end_matches(['\r', '\n']));
    }

    #[test]
    fn proftpd_file() {
        let line = "modify=20240103101530;perm=adfr;size=12;type=file;unique=FD00U2;\
                    UNIX.group=1000;UNIX.groupname=alice;UNIX.mode=0644;UNIX.owner=1000;\
                    UNIX.ownername=alice; notes.txt";
        assert_eq!(
            ok(line),
            Entry {
                size: Some(12),
                modified: Some(utc(2024, 1, 3, 10, 15, 30)),
                perms: Some("0644".into()),
                ..entry("notes.txt", EntryKind::File)
            }
        );
    }

    #[test]
    fn proftpd_dir_and_special_dirs() {
        assert_eq!(
            ok("modify=20231124091500;perm=flcdmpe;type=dir;unique=FD00U3;UNIX.group=0;\
                UNIX.mode=0755;UNIX.owner=0; pub"),
            Entry {
                modified: Some(utc(2023, 11, 24, 9, 15, 0)),
                perms: Some("0755".into()),
                ..entry("pub", EntryKind::Dir)
            }
        );
        assert_eq!(parse_line("modify=20231124091500;perm=flcdmpe;type=cdir;unique=FD00U3; ."), Ok(None));
        assert_eq!(parse_line("modify=20231124091500;perm=flcdmpe;type=pdir;unique=FD00U1; .."), Ok(None));
    }

    #[test]
    fn proftpd_symlink_with_target() {
        assert_eq!(
            ok("modify=20240101000000;perm=adfr;size=11;type=OS.unix=slink:/srv/ftp/Data/real.txt;\
                UNIX.mode=0777; link.txt"),
            Entry {
                size: Some(11),
                modified: Some(utc(2024, 1, 1, 0, 0, 0)),
                perms: Some("0777".into()),
                target: Some("/srv/ftp/Data/real.txt".into()),
                ..entry("link.txt", EntryKind::Symlink)
            }
        );
    }

    #[test]
    fn symlink_spellings() {
        let cases = [
            ("type=OS.unix=symlink; a", None),
            ("type=os.UNIX=SYMLINK; a", None),
            ("type=OS.unix=slink; a", None),
            ("type=OS.unix=slink:; a", None),
            ("type=OS.unix=slink:../Up/Target; a", Some("../Up/Target")),
            ("type=OS.UNIX=SLINK:/x=y; a", Some("/x=y")),
        ];
        for (line, target) in cases {
            let e = ok(line);
            assert_eq!(e.kind, EntryKind::Symlink, "{line}");
            assert_eq!(e.target.as_deref(), target, "{line}");
            assert_eq!(e.name, "a");
        }
        // `;` ends the fact, so a target cannot contain one; `z` is then a
        // fact without a value.
        fails("type=OS.unix=slink:/x;z; a", "fact without '='");
    }

    #[test]
    fn pure_ftpd_lines() {
        assert_eq!(
            ok("type=file;size=1048576;modify=20240229235959;UNIX.mode=0640;UNIX.uid=1000;\
                UNIX.gid=100;unique=803g4a5b6; backup 2024.tar.gz"),
            Entry {
                size: Some(1_048_576),
                modified: Some(utc(2024, 2, 29, 23, 59, 59)),
                perms: Some("0640".into()),
                ..entry("backup 2024.tar.gz", EntryKind::File)
            }
        );
        assert_eq!(
            parse_line(
                "type=cdir;sizd=4096;modify=20240103101530;UNIX.mode=0755;UNIX.uid=0;UNIX.gid=0;unique=803g2; ."
            ),
            Ok(None)
        );
        assert_eq!(
            ok("type=dir;sizd=4096;modify=20240103101530;UNIX.mode=0755;UNIX.uid=0;UNIX.gid=0;unique=803g7; incoming"),
            Entry {
                size: Some(4096),
                modified: Some(utc(2024, 1, 3, 10, 15, 30)),
                perms: Some("0755".into()),
                ..entry("incoming", EntryKind::Dir)
            }
        );
    }

    #[test]
    fn iis_capitalised_facts_and_fractional_seconds() {
        let e = ok("Type=file;Size=1234;Modify=20240103101530.457; Read Me.txt");
        assert_eq!(e.name, "Read Me.txt");
        assert_eq!(e.kind, EntryKind::File);
        assert_eq!(e.size, Some(1234));
        let m = e.modified.unwrap();
        assert_eq!(m.with_nanosecond(0).unwrap(), utc(2024, 1, 3, 10, 15, 30));
        assert_eq!(m.nanosecond(), 457_000_000);
        assert_eq!(e.perms, None);

        assert_eq!(
            ok("Type=dir;Modify=20231124091500.1; Folder Name"),
            Entry {
                modified: Some(utc(2023, 11, 24, 9, 15, 0) + chrono::Duration::milliseconds(100)),
                ..entry("Folder Name", EntryKind::Dir)
            }
        );
        assert_eq!(parse_line("Type=cdir;Modify=20231124091500.000; ."), Ok(None));
    }

    #[test]
    fn fraction_longer_than_nanoseconds_is_truncated() {
        let e = ok("type=file;modify=20240103101530.1234567891234; f");
        assert_eq!(e.modified.unwrap().nanosecond(), 123_456_789);
    }

    #[test]
    fn filezilla_and_serv_u_lines() {
        assert_eq!(
            ok("type=file;size=0;modify=20240103101530;perm=adfrw; empty.log"),
            Entry { size: Some(0), modified: Some(utc(2024, 1, 3, 10, 15, 30)), ..entry("empty.log", EntryKind::File) }
        );
        assert_eq!(
            ok("type=dir;modify=20231124091500;perm=cdeflmp; Projects"),
            Entry { modified: Some(utc(2023, 11, 24, 9, 15, 0)), ..entry("Projects", EntryKind::Dir) }
        );
        // Serv-U names the current directory by its full path.
        assert_eq!(parse_line("type=cdir;modify=20231124091500;perm=el; /home/alice"), Ok(None));
        assert_eq!(
            ok("type=file;size=18446744073709551615;modify=19700101000000;perm=r; huge"),
            Entry { size: Some(u64::MAX), modified: Some(utc(1970, 1, 1, 0, 0, 0)), ..entry("huge", EntryKind::File) }
        );
    }

    #[test]
    fn rfc3659_examples() {
        assert_eq!(
            ok(" Type=file;Size=1830;Modify=19980804021707;Perm=r; /pub/file.txt"),
            Entry {
                size: Some(1830),
                modified: Some(utc(1998, 8, 4, 2, 17, 7)),
                ..entry("/pub/file.txt", EntryKind::File)
            }
        );
        assert_eq!(
            ok("Type=file;Size=25730;Modify=19940728095854;Perm=; capmux.tar.z"),
            Entry {
                size: Some(25730),
                modified: Some(utc(1994, 7, 28, 9, 58, 54)),
                ..entry("capmux.tar.z", EntryKind::File)
            }
        );
        assert_eq!(parse_line("Type=pdir;Modify=19990112030508;Perm=el; .."), Ok(None));
        assert_eq!(
            ok("Type=OS.unix=chr-13/29;Modify=19970130223700;Perm=; tty0"),
            Entry { modified: Some(utc(1997, 1, 30, 22, 37, 0)), ..entry("tty0", EntryKind::Other) }
        );
    }

    #[test]
    fn names_are_kept_exactly() {
        let cases = [
            ("type=file;size=1; a;b=c d", "a;b=c d"),
            ("type=file;size=1;  two leading spaces", " two leading spaces"),
            ("type=file;size=1; trailing space ", "trailing space "),
            ("type=file;size=1; Übergrößen ファイル.txt", "Übergrößen ファイル.txt"),
            ("type=file;size=1; link -> target", "link -> target"),
            ("type=file;size=1; type=file;size=9; x", "type=file;size=9; x"),
            ("type=file;size=1; tab\there", "tab\there"),
            ("type=file;size=1; ..", ".."),
            // Facts cannot contain spaces, so the first one ends them.
            ("type=file;size=1 2; x", "2; x"),
        ];
        for (line, name) in cases {
            assert_eq!(ok(line).name, name, "{line:?}");
        }
    }

    #[test]
    fn line_terminators_are_not_part_of_the_name() {
        assert_eq!(ok("type=file;size=3; crlf.txt\r\n").name, "crlf.txt");
        assert_eq!(ok("type=file;size=3; lf.txt\n").name, "lf.txt");
    }

    #[test]
    fn mlst_indented_lines() {
        assert_eq!(
            ok(" type=dir;modify=20240103101530;UNIX.mode=0700; /home/alice/private"),
            Entry {
                modified: Some(utc(2024, 1, 3, 10, 15, 30)),
                perms: Some("0700".into()),
                ..entry("/home/alice/private", EntryKind::Dir)
            }
        );
        // MLST with no facts requested: indentation plus the separating space.
        assert_eq!(ok("  file with spaces"), entry("file with spaces", EntryKind::Other));
    }

    #[test]
    fn lines_without_facts() {
        assert_eq!(ok(" plain"), entry("plain", EntryKind::Other));
        assert_eq!(ok(" two words"), entry("two words", EntryKind::Other));
    }

    #[test]
    fn missing_type_is_other_and_unknown_facts_are_ignored() {
        assert_eq!(
            ok("size=5;x.custom=weird;lang=en;media-type=text/plain;charset=UTF-8; f"),
            Entry { size: Some(5), ..entry("f", EntryKind::Other) }
        );
        assert_eq!(ok("type=OS.unix=blkdev; sda").kind, EntryKind::Other);
        assert_eq!(ok("type=fifo; pipe").kind, EntryKind::Other);
        assert_eq!(ok("TYPE=FILE;SIZE=7; F").kind, EntryKind::File);
        assert_eq!(ok("TYPE=DIR; D").kind, EntryKind::Dir);
        assert_eq!(parse_line("TYPE=CDIR; ."), Ok(None));
        assert_eq!(parse_line("type=PDir; .."), Ok(None));
    }

    #[test]
    fn size_wins_over_sizd_and_mode_is_verbatim() {
        let e = ok("type=dir;sizd=4096;size=10;unix.MODE=2775; shared");
        assert_eq!(e.size, Some(10));
        assert_eq!(e.perms.as_deref(), Some("2775"));
        assert_eq!(ok("type=file;UNIX.mode=644; f").perms.as_deref(), Some("644"));
    }

    #[test]
    fn leap_second_is_accepted() {
        let e = ok("type=file;modify=20161231235960; leap");
        let m = e.modified.unwrap();
        assert_eq!(m.second(), 59);
        assert_eq!(m.nanosecond(), 1_000_000_000);
    }

    #[test]
    fn blank_lines_are_skipped() {
        assert_eq!(parse_line(""), Ok(None));
        assert_eq!(parse_line("\r\n"), Ok(None));
        assert_eq!(parse_line("   "), Ok(None));
    }

    #[test]
    fn malformed_numbers() {
        fails("type=file;size=abc; x", "invalid size fact");
        fails("type=file;size=; x", "invalid size fact");
        fails("type=file;size=-1; x", "invalid size fact");
        fails("type=file;size=+12; x", "invalid size fact");
        fails("type=file;size=18446744073709551616; x", "invalid size fact");
        fails("type=dir;sizd=4k; x", "invalid sizd fact");
    }

    #[test]
    fn malformed_dates() {
        for value in [
            "2024010310153",
            "202401031015300",
            "20241301000000",
            "20240230000000",
            "20230229120000",
            "20240103250000",
            "20240103106000",
            "20240103101561",
            "20240103101530.",
            "20240103101530.12a",
            "2024-01-03T10:15",
            "",
            "２０２４0103101530",
        ] {
            fails(&format!("type=file;modify={value}; x"), "invalid modify fact");
        }
    }

    #[test]
    fn missing_names() {
        fails("type=file;size=12;", "missing name after the facts");
        fails("type=file;size=12; ", "missing name after the facts");
        fails(" type=file;size=12;", "missing name after the facts");
        fails(" type=file; ", "missing name after the facts");
        fails("type=file;size=12;\r\n", "missing name after the facts");
    }

    #[test]
    fn facts_without_equals() {
        fails("typefile;size=1; x", "fact without '='");
        fails("garbage line here", "fact without '='");
        fails("-rw-r--r-- 1 ftp ftp 12 Jan 3 2024 x", "fact without '='");
    }

    #[test]
    fn errors_display_the_line() {
        let err = parse_line("type=file;size=x; f").unwrap_err();
        assert_eq!(err.to_string(), "invalid size fact: \"type=file;size=x; f\"");
    }
}
