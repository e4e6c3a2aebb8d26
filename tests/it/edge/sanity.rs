//! A well-behaved server: get (explicit, implicit, by name), ls, ls --json, put.

use std::fs;

use super::{
    FILE, FILE_LEN, assert_secure_session, client, ctx, entries, expect_code, get_ok, listing_server, sample, scratch,
    sent, with_file,
};
use crate::fake::{Behaviour, MTIME_DISPLAY};

#[test]
fn get_downloads_end_to_end() {
    let (server, _s, out) = get_ok(with_file(), "ftp");
    let cmds = server.commands();
    assert_eq!(cmds.first().map(|c| c.to_ascii_uppercase()), Some("AUTH TLS".into()), "{}", ctx(&out, &server));
    assert!(cmds.iter().any(|c| c == "USER u"), "{}", ctx(&out, &server));
    assert!(cmds.iter().any(|c| c == "PASS p"), "{}", ctx(&out, &server));
    assert!(server.data_connections().iter().any(|d| d.command.starts_with("RETR ")), "{}", ctx(&out, &server));
}

#[test]
fn get_with_output_path() {
    let server = with_file().start();
    let s = scratch();
    let target = s.work.join("renamed.bin");
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", FILE), "-o", target.to_str().unwrap()]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work), ["renamed.bin"], "{}", ctx(&out, &server));
    assert!(fs::read(&target).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
}

#[test]
fn get_implicit_ftps() {
    let (server, _s, out) = get_ok(with_file().implicit(), "ftps");
    assert!(server.plaintext_commands().is_empty(), "{}", ctx(&out, &server));
    assert!(!sent(&server, "AUTH"), "AUTH sent on an implicit connection\n{}", ctx(&out, &server));
}

#[test]
fn get_via_localhost_name() {
    let server = with_file().start();
    let s = scratch();
    let url = format!("ftp://u:p@localhost:{}{FILE}", server.port());
    let (out, _) = client(&s, &["get", &url]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
}

#[test]
fn ls_long_format() {
    let server = listing_server();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/dir/")]);
    expect_code(&out, &server, 0);
    let (date, time) = MTIME_DISPLAY.split_once(' ').unwrap();
    let lines: Vec<Vec<&str>> = out.stdout.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(lines.len(), 2, "expected two entries\n{}", ctx(&out, &server));
    assert!(lines.contains(&vec!["-", "5", date, time, "a.txt"]), "{}", ctx(&out, &server));
    assert!(
        lines.iter().any(|l| l.len() == 5 && l[0] == "d" && l[2] == date && l[3] == time && l[4] == "sub"),
        "{}",
        ctx(&out, &server)
    );
    assert_secure_session(&out, &server);
    assert!(entries(&s.work).is_empty());
}

#[test]
fn ls_json() {
    let server = listing_server();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/dir/"), "--json"]);
    expect_code(&out, &server, 0);
    let v: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", ctx(&out, &server)));
    let arr = v.as_array().unwrap_or_else(|| panic!("not an array\n{}", ctx(&out, &server)));
    assert_eq!(arr.len(), 2, "{}", ctx(&out, &server));
    let by_name =
        |n: &str| arr.iter().find(|e| e["name"] == n).unwrap_or_else(|| panic!("no entry {n}\n{}", ctx(&out, &server)));
    let a = by_name("a.txt");
    assert_eq!(a["type"], "file", "{}", ctx(&out, &server));
    assert_eq!(a["size"], 5, "{}", ctx(&out, &server));
    assert_eq!(a["modified"], "2024-01-02T03:04:05Z", "{}", ctx(&out, &server));
    assert_eq!(by_name("sub")["type"], "dir", "{}", ctx(&out, &server));
}

#[test]
fn put_uploads() {
    let server = Behaviour::new().dir("/incoming").start();
    let s = scratch();
    let content = sample(70_000);
    fs::write(s.work.join("up.bin"), &content).unwrap();
    let (out, _) = client(&s, &["put", "up.bin", &server.url("ftp", "u:p", "/incoming/")]);
    expect_code(&out, &server, 0);
    let files = server.files();
    let names: Vec<&String> = files.keys().collect();
    assert_eq!(names, ["/incoming/up.bin"], "{}", ctx(&out, &server));
    assert!(files["/incoming/up.bin"] == content, "uploaded content differs\n{}", ctx(&out, &server));
    assert_secure_session(&out, &server);
    assert_eq!(entries(&s.work), ["up.bin"]);
}
