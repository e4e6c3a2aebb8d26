//! Segmented downloads (`get --segments N`): one file over several
//! connections, each reading a byte range into the one `.part`, against
//! vsftpd (ranged reads end with an early close and its `426`), ProFTPD
//! (with `HASH`: the assembled file is verified) and the fake server
//! (refused extra logins, a server that ignores `REST`, a stalled range).

use std::fs;
use std::path::Path;

use crate::harness::{Output, Scratch, run, scratch};
use crate::servers::{self, Server};

const LEN: usize = 40 << 20;

/// Random-looking bytes that no shift of themselves matches (a range
/// written at a wrong offset shows).
fn content(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v = Vec::with_capacity(len);
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(len);
    v
}

fn get(srv: &Server, s: &Scratch, args: &[&str]) -> Output {
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).arg("-v").arg("get").args(args);
    run(&mut cmd)
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part"))
        .collect();
    v.sort();
    v
}

fn byte_identical(srv: Option<Server>) {
    let Some(srv) = srv else { return };
    let data = content(LEN, 1);
    srv.write_file("big.bin", &data);
    let s = scratch();
    let out = get(&srv, &s, &["--segments", "4", &format!("{}/big.bin", srv.base_url())]);
    srv.expect_code(&out, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "the assembled file differs");
    assert!(out.stderr.contains("4 segments of up to 10.00 MiB on up to 4 connections"), "{}", out.stderr);
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

#[test]
fn vsftpd_segments_assemble_the_file() {
    byte_identical(servers::vsftpd(false));
}

#[test]
fn proftpd_segments_assemble_and_verify_the_file() {
    let srv = servers::proftpd_digest();
    let Some(srv) = srv else { return };
    let data = content(LEN, 2);
    srv.write_file("big.bin", &data);
    let s = scratch();
    let out = get(&srv, &s, &["--segments", "4", &format!("{}/big.bin", srv.base_url())]);
    srv.expect_code(&out, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "the assembled file differs");
    assert!(out.stderr.contains("SHA-256 verified"), "{}", out.stderr);
    let rests = srv.commands().lines().filter(|l| l.starts_with("REST ")).count();
    assert!(rests >= 4, "{}", srv.commands());
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}
