//! `--compress` (MODE Z): ProFTPD with `mod_deflate` for every kind of
//! transfer, vsftpd without it, and the in-process server sending cut,
//! corrupt and explosive deflate streams.

use std::fs;

use crate::fake::sha256_hex;
use crate::harness::{Output, run, scratch};
use crate::servers::{self, Server};

/// CSV-like rows: compressible, as the feeds `--compress` is for.
pub(crate) fn rows(n: usize) -> Vec<u8> {
    (0..n)
        .flat_map(|i| {
            format!("{i},2026-12-01T12:{:02}:00Z,sensor-{},{}.{}\n", i % 60, i % 17, i % 1000, i % 7).into_bytes()
        })
        .collect()
}

#[track_caller]
fn ok(srv: &Server, out: &Output) {
    srv.expect_code(out, 0);
}

/// Bytes `mod_deflate` says it deflated (downloads) or inflated (uploads),
/// summed over its log: `(plain, wire)`.
fn deflate_totals(srv: &Server, verb: &str) -> (u64, u64) {
    let mut sum = (0, 0);
    for line in srv.deflate_log().lines().filter(|l| l.contains(verb)) {
        let nums: Vec<u64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        if let [a, b, ..] = nums[..] {
            // "deflated A bytes to B bytes", "inflated A bytes to B bytes" (A is the wire side)
            sum = if verb == "deflated" { (sum.0 + a, sum.1 + b) } else { (sum.0 + b, sum.1 + a) };
        }
    }
    sum
}

#[test]
fn proftpd_get_put_and_ls_compressed_and_verified() {
    let Some(srv) = servers::proftpd_deflate() else { return };
    let l = scratch();
    let data = rows(40_000);
    srv.mkdir("z");
    srv.write_file("z/feed.csv", &data);
    let url = format!("{}/z/feed.csv", srv.base_url());
    let out =
        run(srv.client(&l.home).current_dir(&l.work).args(["-v", "--compress", "--verify", "require", "get", &url]));
    ok(&srv, &out);
    assert!(fs::read(l.work.join("feed.csv")).unwrap() == data, "downloaded bytes differ");
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", out.stderr);
    assert!(out.stderr.contains("MODE Z on"), "{}", out.stderr);
    let (plain, wire) = deflate_totals(&srv, "deflated");
    assert_eq!(plain, data.len() as u64, "{}", srv.deflate_log());
    assert!(wire * 3 < plain, "compressed on the wire: {wire} of {plain}");

    let up = l.work.join("up.csv");
    let updata = rows(30_000);
    fs::write(&up, &updata).unwrap();
    let out = run(srv
        .client(&l.home)
        .args(["-v", "--compress", "--verify", "require", "put"])
        .arg(&up)
        .arg(format!("{}/z/up.csv", srv.base_url())));
    ok(&srv, &out);
    assert!(fs::read(srv.path("z/up.csv")).unwrap() == updata, "uploaded bytes differ");
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&updata))), "{}", out.stderr);
    let (plain, wire) = deflate_totals(&srv, "inflated");
    assert_eq!(plain, updata.len() as u64, "{}", srv.deflate_log());
    assert!(wire * 3 < plain, "compressed on the wire: {wire} of {plain}");

    let out = run(srv.client(&l.home).args(["--compress", "ls", &format!("{}/z/", srv.base_url())]));
    ok(&srv, &out);
    assert!(out.stdout.contains("feed.csv") && out.stdout.contains("up.csv"), "{}", out.stdout);
    let cmds = srv.commands();
    assert_eq!(cmds.lines().filter(|l| l.trim() == "MODE Z").count(), 3, "once per control connection:\n{cmds}");
    assert!(!out.stderr.contains("MODE Z"), "no notice where it worked: {}", out.stderr);
}
