//! A server that lists only in EPLF (`+facts<TAB>name`, publicfile style)
//! and has no MLSD: `ls`, `get` of a glob and `mirror` work from LIST alone,
//! and a hostile name in an EPLF line is listed but never written.

use std::fs;

use crate::edge::{client, ctx, entries, expect_code};
use crate::fake::{Behaviour, FakeServer};
use crate::harness::scratch;

fn eplf_server() -> FakeServer {
    Behaviour::new()
        .eplf()
        .file("/pub/a.txt", "alpha")
        .file("/pub/sub/b.bin", vec![7u8; 3000])
        .raw_entry("/pub", "../evil.txt")
        .start()
}

#[test]
fn ls_reads_eplf_listings() {
    let server = eplf_server();
    let s = scratch();
    let (out, _) = client(&s, &["ls", "--json", &server.url("ftp", "u:p", "/pub/")]);
    expect_code(&out, &server, 0);
    let v: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", ctx(&out, &server)));
    let by_name = |n: &str| v.as_array().unwrap().iter().find(|e| e["name"] == n).cloned();
    let a = by_name("a.txt").unwrap_or_else(|| panic!("no a.txt\n{}", ctx(&out, &server)));
    assert_eq!((a["type"].as_str(), a["size"].as_u64()), (Some("file"), Some(5)), "{a}");
    assert_eq!(a["modified"], "2024-01-02T03:04:05Z", "{a}");
    assert_eq!(by_name("sub").unwrap()["type"], "dir");
    // Listed as the server sent it; only a local write would refuse it.
    assert!(by_name("../evil.txt").is_some(), "{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("MLSD")), "{:?}", server.commands());
}

#[test]
fn get_and_mirror_from_eplf_listings() {
    let server = eplf_server();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/pub/*.txt"), "-o", "got"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work), ["got"], "nothing beside the destination\n{}", ctx(&out, &server));
    assert_eq!(entries(&s.work.join("got")), ["a.txt"], "{}", ctx(&out, &server));
    assert!(out.stderr.contains("skipping server entry"), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &["mirror", &server.url("ftp", "u:p", "/pub/"), "copy"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("copy/a.txt")).unwrap(), b"alpha");
    assert_eq!(fs::read(s.work.join("copy/sub/b.bin")).unwrap(), vec![7u8; 3000]);
    assert_eq!(entries(&s.work), ["copy", "got"], "{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.contains("evil")), "{:?}", server.commands());
}
