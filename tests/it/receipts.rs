//! Receipts (`--receipt`, `receipt verify`) and the digest fields of
//! `--json` records, for get, put, mirror and batch.

use std::fs;

use crate::edge::{client, expect_code, sample};
use crate::fake::{Behaviour, sha256_hex};
use crate::harness::scratch;
use crate::servers;
use crate::verify::{mirror_json, ok, temps};

// ---------------------------------------------------------------------------
// Receipts

#[test]
fn receipts_record_chain_and_verify() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let receipt = l.work.join("receipt.jsonl");
    srv.mkdir("rc");
    srv.write_file("rc/a.csv", &sample(2000));
    let out = crate::harness::run(
        srv.client(&l.home)
            .current_dir(&l.work)
            .arg("--receipt")
            .arg(&receipt)
            .args(["get", &format!("{}/rc/a.csv", srv.base_url())]),
    );
    ok(&srv, &out);
    let up = l.work.join("b.csv");
    fs::write(&up, sample(3000)).unwrap();
    let out = crate::harness::run(
        srv.client(&l.home).arg("--receipt").arg(&receipt).arg("put").arg(&up).arg(format!("{}/rc/", srv.base_url())),
    );
    ok(&srv, &out);
    let out = crate::harness::run(
        srv.client(&l.home)
            .arg("--receipt")
            .arg(&receipt)
            .args(["mirror", &format!("{}/rc/", srv.base_url())])
            .arg(l.work.join("m")),
    );
    ok(&srv, &out);

    let text = fs::read_to_string(&receipt).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4, "{text}");
    let first = &lines[0];
    assert_eq!(first["op"], "get");
    assert_eq!(first["remote"], format!("ftpes://{}@127.0.0.1:{}/rc/a.csv", srv.user, srv.port()));
    assert_eq!(first["local"], l.work.join("a.csv").to_string_lossy().as_ref());
    assert_eq!(first["bytes"], 2000);
    assert_eq!(first["sha256"], sha256_hex(&sample(2000)));
    assert_eq!(first["verified"]["algo"], "SHA-256");
    assert_eq!(first["verified"]["server"], sha256_hex(&sample(2000)));
    assert!(first["tls"]["version"].as_str().unwrap().starts_with("TLS 1."), "{first}");
    assert!(first["tls"]["resumed"].as_bool().unwrap(), "{first}");
    assert_eq!(first["server_cert_sha256"].as_str().unwrap().len(), 64, "{first}");
    assert_eq!(first["prev"], "0".repeat(64));
    assert_eq!(lines[1]["op"], "put");
    assert_eq!(lines[1]["verified"]["server"], sha256_hex(&sample(3000)));
    assert!(!text.contains(&srv.password), "{text}");
    eprintln!("example receipt line: {}", text.lines().next().unwrap());

    let verify = |extra: &[&str]| {
        crate::harness::run(crate::harness::ftps(&l.home).args(["receipt", "verify"]).arg(&receipt).args(extra))
    };
    let out = verify(&["--files"]);
    out.expect_ok();
    assert!(out.stdout.contains("4 line(s), chain intact"), "{}", out.stdout);

    // A changed local file breaks only the --files check.
    fs::write(l.work.join("a.csv"), b"changed").unwrap();
    verify(&[]).expect_ok();
    let out = verify(&["--files"]);
    out.expect_code(12);
    assert!(out.stderr.contains("line 1 is broken"), "{}", out.stderr);

    // An edited earlier line breaks the chain at the next one.
    fs::write(&receipt, text.replacen("\"bytes\":2000", "\"bytes\":2001", 1)).unwrap();
    let out = verify(&[]);
    out.expect_code(12);
    assert!(out.stderr.contains("line 2 is broken"), "{}", out.stderr);
    eprintln!("receipt verify on an edited file: {}", out.stderr.trim());
}

#[test]
fn several_files_get_receipts_and_move() {
    // get and put with several files run on the mirror's queue: the same
    // verification, receipts and --remove-source-files.
    let server = Behaviour::new()
        .file("/out/a.bin", sample(1000))
        .file("/out/b.bin", sample(2000))
        .dir("/in")
        .xsha256(false)
        .start();
    let s = scratch();
    let receipt = s.work.join("r.jsonl");
    let r = receipt.to_str().unwrap();
    let (out, _) = client(
        &s,
        &["--receipt", r, "get", "--remove-source-files", "-P", "2", &server.url("ftp", "u:p", "/out/*.bin")],
    );
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("b.bin")).unwrap(), sample(2000));
    assert!(server.file("/out/a.bin").is_none() && server.file("/out/b.bin").is_none(), "{:?}", server.commands());
    let (out, _) = client(&s, &["--receipt", r, "put", "a.bin", "b.bin", &server.url("ftp", "u:p", "/in/")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/in/b.bin").unwrap(), sample(2000));
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
    let text = fs::read_to_string(&receipt).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert_eq!(text.matches("\"verified\":{\"algo\":\"SHA-256\"").count(), 4, "{text}");
    let out = crate::harness::run(crate::harness::ftps(&s.home).args(["receipt", "verify", "--files"]).arg(&receipt));
    out.expect_ok();
}

#[test]
fn batch_json_records_and_receipts_carry_the_digest() {
    let server = Behaviour::new().file("/d/a.bin", sample(1500)).dir("/in").xsha256(false).start();
    let s = scratch();
    fs::write(s.work.join("script.ftps"), "get d/a.bin\nput a.bin in/a.bin\npwd\n").unwrap();
    let receipt = s.work.join("r.jsonl");
    let (out, _) = client(
        &s,
        &[
            "--receipt",
            receipt.to_str().unwrap(),
            "batch",
            "--json",
            "--url",
            &server.url("ftp", "u:p", "/"),
            "script.ftps",
        ],
    );
    expect_code(&out, &server, 0);
    let records: Vec<serde_json::Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // The --url open, get, put, pwd.
    assert_eq!(records.len(), 4, "{}", out.stdout);
    let digest = sha256_hex(&sample(1500));
    for r in &records[1..3] {
        assert_eq!(r["sha256"], digest.as_str(), "{r}");
        assert_eq!(r["verified"]["algo"], "SHA-256", "{r}");
        assert_eq!(r["verified"]["server"], digest.as_str(), "{r}");
    }
    assert!(records[3].get("sha256").is_none(), "{}", records[3]);
    assert_eq!(fs::read_to_string(&receipt).unwrap().lines().count(), 2);
    crate::harness::run(crate::harness::ftps(&s.home).args(["receipt", "verify"]).arg(&receipt)).expect_ok();
}

#[test]
fn json_reports_list_files_with_digests() {
    let server = Behaviour::new().file("/j/a.bin", sample(1000)).file("/j/b.bin", sample(2000)).xsha256(false).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", "--json", &server.url("ftp", "u:p", "/j/*.bin")]);
    expect_code(&out, &server, 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap_or_else(|| panic!("{v}"));
    assert_eq!(files.len(), 2, "{v}");
    assert_eq!(files[1]["remote"], "j/b.bin", "{v}");
    assert_eq!(files[1]["sha256"], sha256_hex(&sample(2000)).as_str(), "{v}");
    assert_eq!(files[1]["verified"]["algo"], "SHA-256", "{v}");

    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    srv.mkdir("jm");
    srv.write_file("jm/c.bin", &sample(700));
    let v = mirror_json(&srv, &l.home, &[], format!("{}/jm/", srv.base_url()), &l.work.join("m"));
    assert_eq!(v["files"][0]["remote"], "jm/c.bin", "{v}");
    assert_eq!(v["files"][0]["verified"]["server"], sha256_hex(&sample(700)).as_str(), "{v}");
}
