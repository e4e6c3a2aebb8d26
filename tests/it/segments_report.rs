//! The segment choice in `--json`: one-file `get` and `put` print the
//! summary a multi-file run prints, and each file in it (and in `mirror
//! --json` and `batch --json`) says how many connections moved it and why:
//! a number asked for, the adaptive pool's steps, or one connection and
//! the reason.

use std::fs;

use serde_json::Value;

use crate::harness::{Output, Scratch, run, scratch};
use crate::segments::content;
use crate::servers::{self, Server};

fn ftps(srv: &Server, s: &Scratch, args: &[&str]) -> Output {
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).args(args);
    run(&mut cmd)
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("no JSON on stdout ({e}): {out:?}"))
}

/// Slow enough that every connection logs in while ranges are left (on
/// loopback the first one alone can finish 8 MiB before the others are in,
/// and the report then says so).
const RATE: &str = "8M";
const SMALL: usize = 8 << 20;

/// All four connections moved data, or the report says why fewer did (a
/// loaded machine may log the others in late); never just one.
fn assert_full_or_said_why(seg: &Value, v: &Value) {
    let n = seg["connections"].as_u64().unwrap_or(0);
    assert!((2..=4).contains(&n), "{v}");
    assert_eq!(n == 4, seg["why"].is_null(), "{v}");
}

/// `get --segments 4 --json`: one file, four connections, its SHA-256.
#[test]
fn one_file_get_reports_a_fixed_split() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(SMALL, 51);
    srv.write_file("big.bin", &data);
    let s = scratch();
    let url = format!("{}/big.bin", srv.base_url());
    let out = ftps(&srv, &s, &["--limit-rate", RATE, "get", "--json", "--segments", "4", &url]);
    srv.expect_code(&out, 0);
    let v = json(&out);
    assert_eq!((v["direction"].as_str(), v["files_transferred"].as_u64()), (Some("download"), Some(1)), "{v}");
    assert_eq!(v["bytes_transferred"], data.len() as u64, "{v}");
    assert_eq!(v["connections"], 4, "{v}");
    let file = &v["files"][0];
    assert_eq!(file["sha256"], crate::fake::sha256_hex(&data), "{v}");
    let seg = &file["segments"];
    assert_eq!((seg["chosen"].as_str(), seg["asked"].as_u64()), (Some("fixed"), Some(4)), "{v}");
    assert_full_or_said_why(seg, &v);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data);
}

/// By default a 64 MiB file takes the adaptive pool, which starts on one
/// connection; a small file says why it moved whole.
#[test]
fn one_file_get_reports_the_adaptive_choice_and_why_not() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(64 << 20, 52);
    srv.write_file("big.bin", &data);
    srv.write_file("small.txt", b"small\n");
    let s = scratch();
    let out = ftps(&srv, &s, &["-v", "get", "--json", &format!("{}/big.bin", srv.base_url())]);
    srv.expect_code(&out, 0);
    let v = json(&out);
    let seg = &v["files"][0]["segments"];
    assert_eq!(seg["chosen"], "adaptive", "{v}");
    // -v says what the pool became, as the JSON does.
    assert!(out.stderr.contains("moved data, adaptive: 1 at 0.0 s"), "{}", out.stderr);
    assert_eq!(seg["steps"][0]["connections"], 1, "{v}");
    assert!(seg["connections"].as_u64().is_some_and(|n| n >= 1), "{v}");
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data);

    let out = ftps(&srv, &s, &["get", "--json", &format!("{}/small.txt", srv.base_url())]);
    srv.expect_code(&out, 0);
    let v = json(&out);
    let seg = &v["files"][0]["segments"];
    assert_eq!((seg["chosen"].as_str(), seg["connections"].as_u64()), (Some("one"), Some(1)), "{v}");
    assert!(seg["why"].as_str().is_some_and(|w| w.contains("smaller than 64.00 MiB")), "{v}");
}

/// A failed one-file `get --json` still prints the summary, naming it.
#[test]
fn one_file_get_reports_its_failure() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let s = scratch();
    let out = ftps(&srv, &s, &["get", "--json", &format!("{}/missing.bin", srv.base_url())]);
    assert_ne!(out.code, 0, "{out:?}");
    let v = json(&out);
    assert_eq!(v["files_transferred"], 0, "{v}");
    assert_eq!(v["failed"][0]["path"], "missing.bin", "{v}");
    assert!(v["failed"][0]["error"].as_str().is_some_and(|e| e.contains("550")), "{v}");
}

/// `-o -` writes the file where the summary would go: a usage error.
#[test]
fn json_with_standard_output_is_a_usage_error() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let s = scratch();
    let out = ftps(&srv, &s, &["get", "--json", "-o", "-", &format!("{}/x", srv.base_url())]);
    srv.expect_code(&out, 2);
    assert!(out.stderr.contains("--json writes its summary to standard output"), "{}", out.stderr);
}

/// `put --segments 4 --json`: four ranged writes where the server takes
/// them; one connection and the reason where its upload lock holds them.
#[test]
fn one_file_put_reports_the_split_or_why_not() {
    let data = content(SMALL, 53);
    for (srv, chosen, why) in [
        (servers::vsftpd_unlocked(), "fixed", None),
        (servers::vsftpd(false), "one", Some("a second STOR into the same file waits")),
    ] {
        let Some(srv) = srv else { continue };
        let s = scratch();
        fs::write(s.work.join("big.bin"), &data).unwrap();
        let url = format!("{}/big.bin", srv.base_url());
        let out = ftps(&srv, &s, &["--limit-rate", RATE, "put", "--json", "--segments", "4", "big.bin", &url]);
        srv.expect_code(&out, 0);
        let v = json(&out);
        assert_eq!((v["direction"].as_str(), v["files_transferred"].as_u64()), (Some("upload"), Some(1)), "{v}");
        let seg = &v["files"][0]["segments"];
        assert_eq!(seg["chosen"], chosen, "{v}");
        match why {
            None => assert_full_or_said_why(seg, &v),
            Some(w) => assert!(seg["why"].as_str().is_some_and(|t| t.contains(w)), "{v}"),
        }
        assert!(fs::read(srv.path("big.bin")).unwrap() == data);
    }
}

/// `mirror --segments 4 --json` and `batch --json` carry the same record.
#[test]
fn mirror_and_batch_report_the_split() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(64 << 20, 54);
    srv.write_file("tree/big.bin", &data);
    let s = scratch();
    let out = ftps(&srv, &s, &["mirror", "--json", "--segments", "4", &format!("{}/tree/", srv.base_url()), "copy"]);
    srv.expect_code(&out, 0);
    let v = json(&out);
    let seg = &v["files"][0]["segments"];
    assert_eq!((seg["chosen"].as_str(), seg["asked"].as_u64()), (Some("fixed"), Some(4)), "{v}");
    assert!(seg["connections"].as_u64().is_some_and(|n| (1..=4).contains(&n)), "{v}");
    assert!(fs::read(s.work.join("copy/big.bin")).unwrap() == data);

    fs::write(s.work.join("script.txt"), "get --segments 4 tree/big.bin again.bin\n").unwrap();
    let out = ftps(&srv, &s, &["batch", "--json", "--url", &srv.base_url(), "script.txt"]);
    srv.expect_code(&out, 0);
    let line = out.stdout.lines().find(|l| l.contains("\"get ")).unwrap_or_else(|| panic!("{out:?}"));
    let v: Value = serde_json::from_str(line).unwrap();
    assert_eq!((v["segments"]["chosen"].as_str(), v["segments"]["asked"].as_u64()), (Some("fixed"), Some(4)), "{v}");
    assert!(fs::read(s.work.join("again.bin")).unwrap() == data);
}
