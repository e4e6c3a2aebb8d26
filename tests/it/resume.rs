//! Resume and retry against the in-process server: interrupted transfers
//! continue from where they stopped (REST), never start over, and never
//! leave a short file under the final name.

use std::fs;

use crate::edge::{FILE, FILE_LEN, client, ctx, entries, expect_code, sample, scratch, with_file};
use crate::fake::{Behaviour, CutEnd};

#[test]
fn retries_resume_after_repeated_cuts() {
    // Every RETR is cut after 100 kB, so only resuming (REST) can finish 300 kB.
    let server = with_file().cut_retr(100_000, CutEnd::Abort426).max_connections(8).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "3", "get", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("data.bin")).unwrap(), sample(FILE_LEN), "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
    let cmds = server.commands();
    assert!(cmds.iter().any(|c| c == "REST 100000"), "{}", ctx(&out, &server));
    assert!(cmds.iter().any(|c| c == "REST 200000"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("retry 1 of 3"), "each retry is reported\n{}", ctx(&out, &server));
}

#[test]
fn retries_exhausted_keep_part_and_fail() {
    let server = with_file().cut_retr(50_000, CutEnd::Complete226).max_connections(8).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "1", "get", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 7);
    assert!(!s.work.join("data.bin").exists(), "{}", ctx(&out, &server));
    assert_eq!(fs::metadata(s.work.join("data.bin.part")).unwrap().len(), 100_000, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("retry 1 of 1"), "{}", ctx(&out, &server));
}

#[test]
fn get_continue_starts_from_part_file() {
    let server = with_file().start();
    let s = scratch();
    fs::write(s.work.join("data.bin.part"), &sample(FILE_LEN)[..120_000]).unwrap();
    let (out, _) = client(&s, &["get", "-c", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("data.bin")).unwrap(), sample(FILE_LEN), "{}", ctx(&out, &server));
    assert!(server.commands().iter().any(|c| c == "REST 120000"), "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
}

#[test]
fn get_continue_refuses_part_longer_than_remote() {
    let server = with_file().start();
    let s = scratch();
    fs::write(s.work.join("data.bin.part"), vec![0u8; FILE_LEN + 10]).unwrap();
    let (out, _) = client(&s, &["get", "-c", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("changed"), "{}", ctx(&out, &server));
    assert!(!s.work.join("data.bin").exists(), "{}", ctx(&out, &server));
}

#[test]
fn put_continue_sends_only_the_rest() {
    let full = sample(FILE_LEN);
    let server = Behaviour::new().file("/pub/up.bin", &full[..100_000]).start();
    let s = scratch();
    let local = s.work.join("up.bin");
    fs::write(&local, &full).unwrap();
    // Direct stores continue the remote file itself (temporary-name uploads
    // continue their temporary file: tests/it/verify.rs).
    let (out, _) =
        client(&s, &["put", "-c", "--no-temp", local.to_str().unwrap(), &server.url("ftp", "u:p", "/pub/up.bin")]);
    expect_code(&out, &server, 0);
    assert!(server.commands().iter().any(|c| c == "REST 100000"), "{}", ctx(&out, &server));
    assert!(server.file("/pub/up.bin").is_some_and(|f| f == full), "{}", ctx(&out, &server));
}
