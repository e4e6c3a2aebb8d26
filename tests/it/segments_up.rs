//! Segmented uploads (`put --segments N`): one file over several
//! connections, each writing a byte range (`REST` + `STOR`) into the one
//! temporary name, where a probe of two ranged writes shows the server
//! takes them: ProFTPD with `AllowStoreRestart on` does (and its `HASH`
//! verifies the whole), ProFTPD without it refuses, vsftpd decides by
//! measurement, and a fake server that zeroes what precedes a `REST`
//! offset is found out. Every case ends byte-identical, with no
//! temporary or scratch file left.

use std::path::Path;

use crate::edge;
use crate::fake::{Behaviour, FakeServer, RangedStor};
use crate::harness::{Output, Scratch, run, scratch};
use crate::segments::content;
use crate::servers::{self, Server};

const LEN: usize = 40 << 20;

fn put(srv: &Server, s: &Scratch, local: &Path) -> Output {
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work)
        .args(["-v", "put", "--segments", "4"])
        .arg(local)
        .arg(format!("{}/big.bin", srv.base_url()));
    run(&mut cmd)
}

/// Names in `dir` that an upload leaves while it runs (temporary and probe files).
fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".ftps-upload"))
        .collect();
    v.sort();
    v
}

/// Uploads a 40 MiB file with `--segments 4`; returns the client's output
/// after checking the server's copy is byte-identical and nothing else is left.
fn byte_identical(srv: &Server, seed: u64) -> Output {
    let data = content(LEN, seed);
    let s = scratch();
    let local = s.work.join("big.bin");
    std::fs::write(&local, &data).unwrap();
    let out = put(srv, &s, &local);
    srv.expect_code(&out, 0);
    assert!(std::fs::read(srv.path("big.bin")).unwrap() == data, "the server's copy differs\n{}", out.stderr);
    assert_eq!(leftovers(srv.data_dir()), Vec::<String>::new());
    out
}

#[test]
fn proftpd_with_store_restart_takes_four_ranged_writes() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let out = byte_identical(&srv, 21);
    assert!(out.stderr.contains("ranged writes work here: 4 segments on 4 connections"), "{}", out.stderr);
    assert!(out.stderr.contains("SHA-256 verified"), "{}", out.stderr);
    // The ranges: STORs into the temporary name, three after a REST offset.
    let commands = srv.commands();
    let stors = commands.lines().filter(|l| l.starts_with("STOR ") && l.contains("big.bin.")).count();
    let rests = commands.lines().filter(|l| l.starts_with("REST ") && l != &"REST 4").count();
    assert!(stors >= 4 && rests >= 3, "{commands}");
}

#[test]
fn proftpd_without_store_restart_uses_one_connection() {
    let Some(srv) = servers::proftpd(false) else { return };
    let out = byte_identical(&srv, 22);
    assert!(out.stderr.contains("big.bin: one connection: the server refused STOR"), "{}", out.stderr);
}

#[test]
fn vsftpd_uploads_whatever_the_probe_decides() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let out = byte_identical(&srv, 23);
    let split = out.stderr.contains("ranged writes work here");
    let whole = out.stderr.contains("big.bin: one connection: ");
    assert!(split != whole, "the probe said nothing or both\n{}", out.stderr);
}

/// Against the fake server: 8 MiB in 4 ranges.
const FAKE_LEN: usize = 8 << 20;

fn fake_put(server: &FakeServer, s: &Scratch, data: &[u8]) -> Output {
    let local = s.work.join("big.bin");
    std::fs::write(&local, data).unwrap();
    let url = server.url("ftp", "u:p", "/big.bin");
    edge::client(s, &["-v", "put", "--segments", "4", local.to_str().unwrap(), &url]).0
}

fn fake_leftovers(server: &FakeServer) -> Vec<String> {
    server.files().into_keys().filter(|n| n.contains(".ftps-upload")).collect()
}

/// A server that writes each range in place: the file goes in four ranges.
#[test]
fn a_server_writing_in_place_takes_ranges() {
    let data = content(FAKE_LEN, 24);
    let server = Behaviour::new().dir("/").ranged_stor(RangedStor::InPlace).max_connections(8).start();
    let s = scratch();
    let out = fake_put(&server, &s, &data);
    edge::expect_code(&out, &server, 0);
    assert!(server.file("/big.bin").unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("ranged writes work here: 4 segments"), "{}", edge::ctx(&out, &server));
    assert_eq!(fake_leftovers(&server), Vec::<String>::new());
}

/// A server that accepts `REST` + `STOR` but zeroes what precedes the
/// offset: the probe finds it out, and the file goes whole.
#[test]
fn a_server_truncating_at_the_offset_gets_one_connection() {
    let data = content(FAKE_LEN, 25);
    let server = Behaviour::new().dir("/").ranged_stor(RangedStor::ZeroesBefore).max_connections(8).start();
    let s = scratch();
    let out = fake_put(&server, &s, &data);
    edge::expect_code(&out, &server, 0);
    assert!(server.file("/big.bin").unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("lost the bytes before it"), "{}", edge::ctx(&out, &server));
    assert_eq!(fake_leftovers(&server), Vec::<String>::new());
}
