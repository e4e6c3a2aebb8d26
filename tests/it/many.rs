//! `get` and `put` with several files: the mirror's queue on N connections,
//! per-file results, one summary line and a `--json` summary.

use std::fs;

use crate::edge::{client, ctx, entries, expect_code, sample, scratch};
use crate::fake::Behaviour;

#[test]
fn get_glob_runs_on_parallel_connections() {
    let b = (0..20).fold(Behaviour::new(), |b, i| b.file(&format!("/t/f{i:02}.bin"), sample(1000 + i * 100)));
    let server = b.file("/t/skip.txt", "not matched").max_connections(16).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", "-P", "4", "--json", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    let got = entries(&s.work.join("out"));
    assert_eq!(got.len(), 20, "{}", ctx(&out, &server));
    for i in 0..20 {
        assert!(fs::read(s.work.join(format!("out/f{i:02}.bin"))).unwrap() == sample(1000 + i * 100));
    }
    // The glob's session carries on as the first worker: 4 logins, not 5.
    assert_eq!(server.connections(), 4, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("get: 20 files transferred"), "{}", ctx(&out, &server));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("a JSON summary on stdout");
    assert_eq!(json["files_transferred"], 20);
    assert_eq!(json["connections"], 4);
    assert_eq!(json["failed"].as_array().map(Vec::len), Some(0));
}

#[test]
fn put_several_files_in_parallel_with_a_failure() {
    let server = Behaviour::new().dir("/up").max_connections(16).start();
    let s = scratch();
    let mut args: Vec<String> = vec!["put".into(), "-P".into(), "3".into()];
    for i in 0..9 {
        let name = format!("u{i}.dat");
        fs::write(s.work.join(&name), sample(500 + i * 50)).unwrap();
        args.push(name);
    }
    args.push("missing.dat".into());
    args.push(server.url("ftp", "u:p", "/up/"));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, _) = client(&s, &argv);
    // Nine made it, one could not: partial.
    expect_code(&out, &server, 10);
    for i in 0..9 {
        assert!(
            server.file(&format!("/up/u{i}.dat")).is_some_and(|f| f == sample(500 + i * 50)),
            "{}",
            ctx(&out, &server)
        );
    }
    assert!(out.stderr.contains("failed: up/missing.dat"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("put: 9 files transferred"), "{}", ctx(&out, &server));
    assert_eq!(server.connections(), 3, "{}", ctx(&out, &server));
}

#[test]
fn retries_in_a_multi_file_run_are_reported() {
    let server = Behaviour::new()
        .file("/t/a.bin", sample(2000))
        .file("/t/b.bin", sample(3000))
        .fail_first_transfer()
        .max_connections(16)
        .start();
    let s = scratch();
    let (out, _) =
        client(&s, &["--retries", "2", "get", "-P", "1", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    assert!(out.stderr.contains("retry 1 of 2"), "the retry is said\n{}", ctx(&out, &server));
    assert_eq!(entries(&s.work.join("out")), ["a.bin", "b.bin"]);
}
