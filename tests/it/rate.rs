//! `--limit-rate`: one token bucket per direction for the whole run, smooth,
//! accurate, and never mistaken for a stall.

use std::fs;
use std::time::Duration;

use crate::edge::{client, ctx, expect_code, sample, scratch};
use crate::fake::Behaviour;

const KIB: usize = 1024;

/// Bytes per second over the whole run (login and all: a few ms here).
fn rate(bytes: usize, took: Duration) -> f64 {
    bytes as f64 / took.as_secs_f64()
}

/// 5 MiB at 512 KiB/s: 10 s. The bound is generous for a loaded machine;
/// the printed rate is the measurement (`--nocapture`).
#[test]
fn a_download_keeps_to_the_limit_over_ten_seconds() {
    let len = 5 * 1024 * KIB;
    let server = Behaviour::new().file("/big.bin", sample(len)).start();
    let s = scratch();
    let (out, took) = client(&s, &["get", "--limit-rate", "512K", &server.url("ftp", "u:p", "/big.bin"), "-o", "big"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big")).unwrap() == sample(len), "{}", ctx(&out, &server));
    let r = rate(len, took);
    eprintln!(
        "download at --limit-rate 512K: {len} bytes in {took:?} = {r:.0} B/s ({:+.2}%)",
        (r / 524_288.0 - 1.0) * 100.0
    );
    assert!((0.85 * 524_288.0..1.05 * 524_288.0).contains(&r), "{r:.0} B/s\n{}", ctx(&out, &server));
}

/// Four connections share one bucket: together they get the limit, not four
/// times it.
#[test]
fn parallel_downloads_share_one_limit() {
    let b = (0..4).fold(Behaviour::new(), |b, i| b.file(&format!("/t/f{i}.bin"), sample(256 * KIB + i)));
    let server = b.max_connections(8).start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/t/*.bin");
    let (out, took) = client(&s, &["get", "-P", "4", "--limit-rate-down", "512K", &url, "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(server.connections(), 4, "{}", ctx(&out, &server));
    let total = 4 * 256 * KIB + 6;
    let r = rate(total, took);
    eprintln!("4 parallel downloads at --limit-rate-down 512K: {total} bytes in {took:?} = {r:.0} B/s");
    // Per-connection buckets would take about 0.5 s.
    assert!(took > Duration::from_millis(1700), "{took:?}\n{}", ctx(&out, &server));
    assert!(r < 1.05 * 524_288.0, "{r:.0} B/s");
}

#[test]
fn an_upload_keeps_to_its_own_limit() {
    let len = 768 * KIB;
    let server = Behaviour::new().dir("/up").start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(len)).unwrap();
    // The download limit does not apply to uploads once an upload limit is set.
    let url = server.url("ftp", "u:p", "/up/");
    let (out, took) = client(&s, &["put", "--limit-rate", "10K", "--limit-rate-up", "384K", "u.bin", &url]);
    expect_code(&out, &server, 0);
    assert!(server.file("/up/u.bin").is_some_and(|f| f == sample(len)), "{}", ctx(&out, &server));
    let r = rate(len, took);
    eprintln!("upload at --limit-rate-up 384K: {len} bytes in {took:?} = {r:.0} B/s");
    assert!((0.8 * 393_216.0..1.05 * 393_216.0).contains(&r), "{r:.0} B/s\n{}", ctx(&out, &server));
}

/// 1.5 KiB at 400 B/s with `--timeout 1`: under the stall rule's minimum of
/// 1 KiB per window, but the waits are ours, so it is not a stall.
#[test]
fn a_limit_below_the_stall_minimum_still_completes() {
    let len = 1536;
    let server = Behaviour::new().file("/small.bin", sample(len)).start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/small.bin");
    let (out, took) = client(&s, &["get", "--timeout", "1", "--limit-rate", "400", &url, "-o", "small"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("small")).unwrap() == sample(len), "{}", ctx(&out, &server));
    assert!(took > Duration::from_millis(2500), "{took:?}");
}

#[test]
fn a_bad_rate_is_a_usage_error_that_shows_the_form() {
    let s = scratch();
    for bad in ["fast", "0", "5X"] {
        let (out, _) = client(&s, &["get", "--limit-rate", bad, "ftp://127.0.0.1:1/x"]);
        assert_eq!(out.code, 2, "{bad}: {}", out.stderr);
        assert!(out.stderr.contains("--limit-rate"), "{}", out.stderr);
        assert!(out.stderr.contains("500K") || out.stderr.contains("zero"), "{}", out.stderr);
    }
}
