//! A large `--compress` upload to ProFTPD with `mod_deflate`, which reads
//! compressed uploads slowly (about 40 KB/s): with a short `--timeout`, the
//! final reply must still arrive in time, because what is queued behind
//! the last write is kept small, and the stall rule still holds.

use std::fs;
use std::time::{Duration, Instant};

use crate::fake::sha256_hex;
use crate::harness::{run, scratch};
use crate::servers;

/// Bytes that deflate shrinks to about 60 %: text-like, but with enough
/// noise that a few MiB stay a few MiB on the wire.
fn noisy(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            b"0123456789abcdef,\n"[(x % 18) as usize]
        })
        .collect()
}

#[test]
fn large_compressed_upload_to_proftpd_finishes_within_a_short_timeout() {
    let Some(srv) = servers::proftpd_deflate() else { return };
    let l = scratch();
    let data = noisy(3 << 20);
    let up = l.work.join("big.csv");
    fs::write(&up, &data).unwrap();
    srv.mkdir("z");
    let started = Instant::now();
    let out = run(srv
        .client(&l.home)
        .args(["-v", "--timeout", "5", "--retries", "0", "--compress", "put"])
        .arg(&up)
        .arg(format!("{}/z/big.csv", srv.base_url())));
    let took = started.elapsed();
    srv.expect_code(&out, 0);
    assert!(out.stderr.contains("MODE Z on"), "{}", out.stderr);
    let stored = fs::read(srv.path("z/big.csv")).unwrap();
    assert!(stored.len() == data.len() && sha256_hex(&stored) == sha256_hex(&data), "uploaded bytes differ");
    // The server really is slower than one step per what was queued before
    // this fix (the whole stream, at once): otherwise this proves nothing.
    assert!(took > Duration::from_secs(15), "ProFTPD took the upload in {took:?}: not slow enough to test");
    eprintln!("3 MiB compressed upload to ProFTPD: {took:?}; {}", srv.deflate_log().lines().last().unwrap_or(""));
}
