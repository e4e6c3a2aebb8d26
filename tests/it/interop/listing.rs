//! `ls` and `ls --json` against LIST (vsftpd) and MLSD (ProFTPD) listings.

use std::collections::BTreeMap;

use super::support::{random_bytes, run_ok};
use crate::harness::{scratch as local, set_mtime};
use crate::servers::{Kind, Server, server};

/// 2024-01-02 03:04:05 UTC, the mtime given to listing fixtures.
const FIXTURE_MTIME: u64 = 1_704_164_645;

/// One line of `ls` long output: `TYPE SIZE YYYY-MM-DD HH:MM:SS NAME`.
#[derive(Debug)]
struct LongLine {
    kind: String,
    size: String,
    date: String,
    time: String,
    name: String,
}

fn parse_long(line: &str) -> LongLine {
    // Four whitespace-separated fields (SIZE may be padded), then the name,
    // which may itself contain spaces.
    let mut rest = line;
    let mut fields = Vec::new();
    for _ in 0..4 {
        rest = rest.trim_start();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        fields.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    let name = rest.strip_prefix(' ').unwrap_or(rest);
    let name = name.split(" -> ").next().unwrap_or(name);
    LongLine {
        kind: fields[0].clone(),
        size: fields[1].clone(),
        date: fields[2].clone(),
        time: fields[3].clone(),
        name: name.to_string(),
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[2] == b':'
        && b[5] == b':'
        && b.iter().enumerate().all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

/// The `ls` fixtures: two files (one with spaces in its name) and a
/// subdirectory with a file, all with known mtimes.
fn listing_fixtures(srv: &Server) {
    srv.write_file("list/alpha.txt", b"hello");
    srv.write_file("list/with space.txt", b"hello world");
    srv.write_file("list/sub/inner.bin", &random_bytes(1234, 7));
    for f in ["list/alpha.txt", "list/with space.txt", "list/sub/inner.bin"] {
        set_mtime(&srv.path(f), FIXTURE_MTIME);
    }
}

pub(super) fn ls_long(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    listing_fixtures(&srv);

    let out = run_ok(&srv, srv.client(&l.home).arg("ls").arg(format!("{}/list/", srv.base_url())));
    let entries: BTreeMap<String, LongLine> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_long)
        .filter(|e| e.name != "." && e.name != "..")
        .map(|e| (e.name.clone(), e))
        .collect();
    let names: Vec<&str> = entries.keys().map(String::as_str).collect();
    assert_eq!(names, ["alpha.txt", "sub", "with space.txt"], "stdout:\n{}", out.stdout);
    for e in entries.values() {
        assert!(is_date(&e.date) && is_time(&e.time), "bad time in {e:?}");
    }
    assert_eq!(entries["alpha.txt"].kind, "-");
    assert_eq!(entries["alpha.txt"].size, "5");
    assert_eq!(entries["with space.txt"].kind, "-");
    assert_eq!(entries["with space.txt"].size, "11");
    assert_eq!(entries["sub"].kind, "d");
    // Old files: LIST shows only the date, MLSD the exact UTC time.
    assert_eq!(entries["alpha.txt"].date, "2024-01-02", "{:?}", entries["alpha.txt"]);
    if kind == Kind::Proftpd {
        assert_eq!(entries["alpha.txt"].time, "03:04:05");
    }

    // A subdirectory, without the trailing slash.
    let out = run_ok(&srv, srv.client(&l.home).arg("ls").arg(format!("{}/list/sub", srv.base_url())));
    let lines: Vec<LongLine> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_long)
        .filter(|e| e.name != "." && e.name != "..")
        .collect();
    assert_eq!(lines.len(), 1, "stdout:\n{}", out.stdout);
    assert_eq!(lines[0].name, "inner.bin");
    assert_eq!(lines[0].kind, "-");
    assert_eq!(lines[0].size, "1234");
}

pub(super) fn ls_json(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    listing_fixtures(&srv);

    let out = run_ok(&srv, srv.client(&l.home).arg("ls").arg("--json").arg(format!("{}/list/", srv.base_url())));
    let value: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("ls --json is not JSON ({e}):\n{}", out.stdout));
    let array = value.as_array().expect("ls --json prints an array");
    let by_name: BTreeMap<&str, &serde_json::Value> = array
        .iter()
        .map(|v| (v["name"].as_str().expect("name is a string"), v))
        .filter(|(n, _)| *n != "." && *n != "..")
        .collect();
    assert_eq!(by_name.keys().copied().collect::<Vec<_>>(), ["alpha.txt", "sub", "with space.txt"], "{}", out.stdout);
    assert_eq!(by_name["alpha.txt"]["type"], "file");
    assert_eq!(by_name["alpha.txt"]["size"], 5);
    assert_eq!(by_name["with space.txt"]["type"], "file");
    assert_eq!(by_name["with space.txt"]["size"], 11);
    assert_eq!(by_name["sub"]["type"], "dir");
    let modified = by_name["alpha.txt"]["modified"].as_str().expect("modified is an RFC 3339 string");
    assert!(
        modified.starts_with("2024-01-02T") && (modified.ends_with('Z') || modified.ends_with("+00:00")),
        "modified {modified:?} is not the fixture's date in RFC 3339 UTC"
    );
    if kind == Kind::Proftpd {
        assert!(modified.starts_with("2024-01-02T03:04:05"), "MLSD gives the exact time: {modified}");
    }
}
