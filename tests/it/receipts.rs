//! Receipts (`--receipt`, `receipt keygen|verify|head`) and the digest
//! fields of `--json` records, for get, put, mirror and batch.

use std::fs;
use std::path::Path;

use crate::edge::{client, expect_code, sample};
use crate::fake::{Behaviour, sha256_hex};
use crate::harness::{Output, Scratch, scratch};
use crate::servers;
use crate::verify::{mirror_json, ok, temps};

// ---------------------------------------------------------------------------
// Receipts

/// `ftps receipt keygen` (the default key of `home`); the fingerprint it printed.
pub(crate) fn keygen(home: &Path) -> String {
    let out = crate::harness::run(crate::harness::ftps(home).args(["receipt", "keygen"]));
    out.expect_ok();
    let line = out.stdout.lines().find_map(|l| l.strip_prefix("fingerprint: ")).unwrap_or_else(|| panic!("{out:?}"));
    line.trim().to_string()
}

fn receipt_cmd(s: &Scratch, args: &[&str]) -> Output {
    crate::harness::run(crate::harness::ftps(&s.home).current_dir(&s.work).arg("receipt").args(args))
}

#[test]
fn receipts_record_chain_and_verify() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let fingerprint = keygen(&l.home);
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
    assert_eq!((first["v"].as_u64(), first["seq"].as_u64()), (Some(2), Some(1)), "{first}");
    assert_eq!(first["key"], fingerprint.as_str());
    assert_eq!(lines[1]["op"], "put");
    assert_eq!(lines[1]["verified"]["server"], sha256_hex(&sample(3000)));
    assert!(!text.contains(&srv.password), "{text}");
    eprintln!("example receipt line: {}", text.lines().next().unwrap());

    let verify = |extra: &[&str]| {
        crate::harness::run(
            crate::harness::ftps(&l.home)
                .args(["receipt", "verify", "--fingerprint", &fingerprint])
                .arg(&receipt)
                .args(extra),
        )
    };
    let out = verify(&["--files"]);
    out.expect_ok();
    assert!(out.stdout.contains(&format!("4 record(s) signed by {fingerprint}, the key you gave")), "{}", out.stdout);

    // A changed local file breaks only the --files check.
    fs::write(l.work.join("a.csv"), b"changed").unwrap();
    verify(&[]).expect_ok();
    let out = verify(&["--files"]);
    out.expect_code(12);
    assert!(out.stderr.contains("line 1 is broken"), "{}", out.stderr);

    // An edited line fails its own signature.
    fs::write(&receipt, text.replacen("\"bytes\":2000", "\"bytes\":2001", 1)).unwrap();
    let out = verify(&[]);
    out.expect_code(12);
    assert!(out.stderr.contains("line 1 is broken: its signature does not verify"), "{}", out.stderr);
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
    keygen(&s.home);
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
    keygen(&s.home);
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

#[cfg(unix)]
#[test]
fn keygen_makes_a_private_key_once_and_runs_refuse_to_go_unsigned() {
    use std::os::unix::fs::PermissionsExt;
    let server = Behaviour::new().file("/a.bin", sample(100)).xsha256(false).start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/a.bin");
    // No key: the run stops before it transfers anything, naming the fix.
    let (out, _) = client(&s, &["--receipt", "r.jsonl", "get", &url]);
    expect_code(&out, &server, 8);
    assert!(out.stderr.contains("create one with: ftps receipt keygen"), "{}", out.stderr);
    assert!(!s.work.join("a.bin").exists() && !s.work.join("r.jsonl").exists());
    assert!(server.commands().iter().all(|c| !c.starts_with("RETR")), "{:?}", server.commands());

    let fingerprint = keygen(&s.home);
    let key = s.home.join(".local/share/ftps/receipt-key");
    assert_eq!(fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    let pem = fs::read(&key).unwrap();
    assert!(pem.starts_with(b"-----BEGIN PRIVATE KEY-----"));
    let public = fs::read_to_string(s.home.join(".local/share/ftps/receipt-key.pub")).unwrap();
    assert!(public.starts_with("ed25519:"), "{public}");
    let again = receipt_cmd(&s, &["keygen"]);
    again.expect_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(fs::read(&key).unwrap(), pem, "an existing key is never replaced");

    // --out, and a key that others can read is refused before transferring.
    let other = s.work.join("k");
    receipt_cmd(&s, &["keygen", "--out", other.to_str().unwrap()]).expect_ok();
    fs::set_permissions(&other, fs::Permissions::from_mode(0o644)).unwrap();
    let (out, _) = client(&s, &["--receipt", "r.jsonl", "--receipt-key", other.to_str().unwrap(), "get", &url]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("readable by other users"), "{}", out.stderr);
    assert!(!s.work.join("a.bin").exists());

    let (out, _) = client(&s, &["--receipt", "r.jsonl", "get", &url]);
    expect_code(&out, &server, 0);
    let out = receipt_cmd(&s, &["verify", "--fingerprint", &fingerprint, "r.jsonl"]);
    out.expect_ok();
    assert!(out.stdout.contains("1 record(s) signed by"), "{}", out.stdout);
    // Records of another key cannot continue this file.
    fs::set_permissions(&other, fs::Permissions::from_mode(0o600)).unwrap();
    let (out, _) = client(&s, &["--receipt", "r.jsonl", "--receipt-key", "k", "get", "-f", &url]);
    expect_code(&out, &server, 8);
    assert!(out.stderr.contains("its last record is signed by another key"), "{}", out.stderr);
}

/// Three signed records from one `get` of three files; the fingerprint.
fn three_records(s: &Scratch) -> (Vec<String>, String) {
    let server = Behaviour::new()
        .file("/o/a.bin", sample(100))
        .file("/o/b.bin", sample(200))
        .file("/o/c.bin", sample(300))
        .xsha256(false)
        .start();
    let fingerprint = keygen(&s.home);
    let (out, _) = client(s, &["--receipt", "r.jsonl", "get", "-P", "1", &server.url("ftp", "u:p", "/o/*.bin")]);
    expect_code(&out, &server, 0);
    let text = fs::read_to_string(s.work.join("r.jsonl")).unwrap();
    (text.lines().map(String::from).collect(), fingerprint)
}

fn put_lines(s: &Scratch, lines: &[&str]) {
    fs::write(s.work.join("r.jsonl"), lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
}

#[test]
fn verify_proves_signer_order_and_head_and_names_what_it_did_not() {
    let s = scratch();
    let (l, fp) = three_records(&s);
    assert_eq!(l.len(), 3);
    let pub_file = s.home.join(".local/share/ftps/receipt-key.pub");
    let out = receipt_cmd(&s, &["verify", "--public-key", pub_file.to_str().unwrap(), "r.jsonl"]);
    out.expect_ok();
    assert!(out.stdout.contains(&format!("3 record(s) signed by {fp}, the key you gave")), "{}", out.stdout);
    assert!(out.stdout.contains("not checked: whether records were removed from the end"), "{}", out.stdout);
    let out = receipt_cmd(&s, &["verify", "r.jsonl"]);
    out.expect_ok();
    assert!(out.stdout.contains("NOT authenticated"), "{}", out.stdout);

    let head = receipt_cmd(&s, &["head", "r.jsonl"]);
    head.expect_ok();
    let head = head.stdout.trim().to_string();
    assert!(head.starts_with("sha256:") && head.len() == 71, "{head}");
    let out = receipt_cmd(&s, &["verify", "--fingerprint", &fp, "--head", &head, "r.jsonl"]);
    out.expect_ok();
    assert!(out.stdout.contains("the anchored head is the last record"), "{}", out.stdout);

    // `head -n2`: consistent, but the anchored head is gone.
    put_lines(&s, &[&l[0], &l[1]]);
    let out = receipt_cmd(&s, &["verify", "--fingerprint", &fp, "--head", &head, "r.jsonl"]);
    out.expect_code(12);
    assert!(out.stderr.contains("line 2 is broken") && out.stderr.contains("removed from the end"), "{}", out.stderr);

    // An empty file is never intact.
    fs::write(s.work.join("r.jsonl"), "").unwrap();
    let out = receipt_cmd(&s, &["verify", "--fingerprint", &fp, "--head", &head, "r.jsonl"]);
    out.expect_code(12);
    assert!(out.stderr.contains("no record, but a head was anchored"), "{}", out.stderr);
    receipt_cmd(&s, &["verify", "r.jsonl"]).expect_code(12);

    // Line 1 rewritten (other name, zero digest, other size), every prev recomputed.
    // (Text edits, as an attacker would make them: the field order stays.)
    let mut forged: Vec<String> = Vec::new();
    for original in &l {
        let v: serde_json::Value = serde_json::from_str(original).unwrap();
        let field = |k: &str| format!("\"{k}\":{}", v[k]);
        let line = match forged.last() {
            None => original
                .replace(&field("local"), "\"local\":\"/elsewhere/x.bin\"")
                .replace(&field("sha256"), &format!("\"sha256\":\"{}\"", "0".repeat(64)))
                .replace(&field("bytes"), "\"bytes\":1"),
            Some(before) => {
                original.replace(&field("prev"), &format!("\"prev\":\"{}\"", sha256_hex(before.as_bytes())))
            }
        };
        assert_ne!(&line, original);
        forged.push(line);
    }
    put_lines(&s, &forged.iter().map(String::as_str).collect::<Vec<_>>());
    for args in [&["verify", "r.jsonl"][..], &["verify", "--fingerprint", &fp, "r.jsonl"]] {
        let out = receipt_cmd(&s, args);
        out.expect_code(12);
        assert!(out.stderr.contains("line 1 is broken: its signature does not verify"), "{}", out.stderr);
    }

    // Reordered, removed in between, inserted.
    let cases: [(Vec<&str>, u32); 3] =
        [(vec![&l[1], &l[0], &l[2]], 1), (vec![&l[0], &l[2]], 2), (vec![&l[0], &l[1], &l[1], &l[2]], 3)];
    for (lines, bad) in cases {
        put_lines(&s, &lines);
        let out = receipt_cmd(&s, &["verify", "--fingerprint", &fp, "r.jsonl"]);
        out.expect_code(12);
        assert!(out.stderr.contains(&format!("line {bad} is broken")), "{}", out.stderr);
    }

    // The intact file against someone else's key.
    put_lines(&s, &l.iter().map(String::as_str).collect::<Vec<_>>());
    let other = s.work.join("other");
    receipt_cmd(&s, &["keygen", "--out", other.to_str().unwrap()]).expect_ok();
    let out = receipt_cmd(&s, &["verify", "--public-key", "other.pub", "r.jsonl"]);
    out.expect_code(12);
    assert!(out.stderr.contains(&format!("line 1 is broken: it is signed by key {fp}, not by")), "{}", out.stderr);
}

#[test]
fn a_torn_tail_is_reported_and_the_next_run_continues_the_chain() {
    let server = Behaviour::new().file("/a.bin", sample(100)).file("/b.bin", sample(200)).xsha256(false).start();
    let s = scratch();
    let fp = keygen(&s.home);
    let get = |name: &str| {
        let (out, _) = client(&s, &["--receipt", "r.jsonl", "get", &server.url("ftp", "u:p", name)]);
        expect_code(&out, &server, 0);
    };
    get("/a.bin");
    let receipt = s.work.join("r.jsonl");
    let first = fs::read_to_string(&receipt).unwrap();
    // A crash in the middle of the second append.
    fs::write(&receipt, format!("{first}{}", &first[..50])).unwrap();
    let out = receipt_cmd(&s, &["verify", "--fingerprint", &fp, "r.jsonl"]);
    out.expect_ok();
    assert!(out.stdout.contains("line 2 is a torn write"), "{}", out.stdout);
    get("/b.bin");
    let text = fs::read_to_string(&receipt).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[1], &first[..50], "the torn line stays as it was, on its own line");
    let next: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(next["seq"], 2);
    assert_eq!(next["prev"], sha256_hex(first.trim_end().as_bytes()));
    let head = receipt_cmd(&s, &["head", "r.jsonl"]).stdout.trim().to_string();
    let out = receipt_cmd(&s, &["verify", "--fingerprint", &fp, "--head", &head, "r.jsonl"]);
    out.expect_ok();
    assert!(out.stdout.contains("2 record(s) signed by"), "{}", out.stdout);
    assert!(out.stdout.contains("line 2 is a torn write"), "{}", out.stdout);
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
