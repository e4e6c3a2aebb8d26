//! Checksum verification (`--verify auto|require|off`): real ProFTPD with
//! `mod_digest` (HASH and X-commands), vsftpd without digests, and the
//! in-process server lying about a digest.

use std::fs;

use crate::edge::{client, ctx, entries, expect_code, sample};
use crate::fake::{Behaviour, sha256_hex};
use crate::harness::{Output, scratch};
use crate::servers::{self, Server};

const LEN: usize = 300_000;

#[track_caller]
fn ok(srv: &Server, out: &Output) {
    srv.expect_code(out, 0);
}

#[test]
fn proftpd_hash_verifies_get_and_put() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let data = sample(LEN);
    srv.mkdir("v");
    srv.write_file("v/down.bin", &data);
    let url = format!("{}/v/down.bin", srv.base_url());
    let out = crate::harness::run(srv.client(&l.home).current_dir(&l.work).args(["-v", "get", &url]));
    ok(&srv, &out);
    assert_eq!(fs::read(l.work.join("down.bin")).unwrap(), data);
    let digest = sha256_hex(&data);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {digest}")), "{}", out.stderr);
    // Strongest first: SHA-256 chosen over the server's default SHA-1, once per session.
    let cmds = srv.commands();
    assert!(cmds.contains("OPTS HASH SHA-256"), "{cmds}");
    assert!(cmds.contains("HASH v/down.bin"), "{cmds}");

    let up = l.work.join("up.bin");
    fs::write(&up, sample(LEN + 7)).unwrap();
    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["-v", "--verify", "require", "put"])
            .arg(&up)
            .arg(format!("{}/v/up.bin", srv.base_url())),
    );
    ok(&srv, &out);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&sample(LEN + 7)))), "{}", out.stderr);
    assert_eq!(fs::read(srv.path("v/up.bin")).unwrap(), sample(LEN + 7));
}

#[test]
fn proftpd_resumed_get_is_verified_over_the_whole_file() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let data = sample(LEN);
    srv.mkdir("r");
    srv.write_file("r/f.bin", &data);
    fs::write(l.work.join("f.bin.part"), &data[..LEN / 3]).unwrap();
    let url = format!("{}/r/f.bin", srv.base_url());
    let out = crate::harness::run(
        srv.client(&l.home).current_dir(&l.work).args(["-v", "--verify", "require", "get", "-c", &url]),
    );
    ok(&srv, &out);
    assert!(out.stderr.contains(&format!("REST {}", LEN / 3)), "{}", out.stderr);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", out.stderr);
    assert_eq!(fs::read(l.work.join("f.bin")).unwrap(), data);
}

#[test]
fn vsftpd_auto_passes_require_fails() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let l = scratch();
    srv.write_file("plain.bin", &sample(1000));
    let url = format!("{}/plain.bin", srv.base_url());
    let out = crate::harness::run(srv.client(&l.home).current_dir(&l.work).args(["get", &url]));
    ok(&srv, &out);
    fs::remove_file(l.work.join("plain.bin")).unwrap();
    let out = crate::harness::run(srv.client(&l.home).current_dir(&l.work).args(["--verify", "require", "get", &url]));
    srv.expect_code(&out, 7);
    assert!(out.stderr.contains("no digest command") && out.stderr.contains("--verify"), "{}", out.stderr);
    assert!(entries(&l.work).is_empty(), "{:?}", entries(&l.work));
}

#[test]
fn lying_server_fails_download_and_keeps_nothing() {
    let data = sample(LEN);
    let server = Behaviour::new().file("/d.bin", data.clone()).xsha256(true).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "1", "get", &server.url("ftp", "u:p", "/d.bin")]);
    expect_code(&out, &server, 7);
    let truth = sha256_hex(&data);
    let mut lie = data.clone();
    lie.push(b'!');
    assert!(out.stderr.contains("SHA-256 mismatch"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains(&truth) && out.stderr.contains(&sha256_hex(&lie)), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "kept {:?}\n{}", entries(&s.work), ctx(&out, &server));
    // The retry started over: no REST, two full RETRs.
    let cmds = server.commands();
    assert_eq!(cmds.iter().filter(|c| c.starts_with("RETR")).count(), 2, "{cmds:?}");
    assert!(!cmds.iter().any(|c| c.starts_with("REST")), "{cmds:?}");
}

#[test]
fn lying_server_fails_upload() {
    let server = Behaviour::new().dir("/in").xsha256(true).start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["--retries", "0", "put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("SHA-256 mismatch"), "{}", ctx(&out, &server));
}

#[test]
fn honest_x_command_and_off() {
    let data = sample(4000);
    let server = Behaviour::new().file("/d.bin", data.clone()).xsha256(false).start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--verify", "require", "get", &server.url("ftp", "u:p", "/d.bin")]);
    expect_code(&out, &server, 0);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", ctx(&out, &server));
    assert!(server.commands().iter().any(|c| c == "XSHA256 d.bin"), "{:?}", server.commands());
    let before = server.commands().len();
    let (out, _) = client(&s, &["--verify", "off", "get", "-f", &server.url("ftp", "u:p", "/d.bin")]);
    expect_code(&out, &server, 0);
    assert!(!server.commands()[before..].iter().any(|c| c.starts_with("XSHA")), "{:?}", server.commands());
}

#[test]
fn proftpd_mirror_verifies_both_ways() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    srv.mkdir("tree/sub");
    for (i, name) in ["a.bin", "b.bin", "sub/c.bin"].iter().enumerate() {
        srv.write_file(&format!("tree/{name}"), &sample(1000 * (i + 1)));
    }
    let dst = l.work.join("copy");
    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["--verify", "require", "mirror", "-P", "2"])
            .arg(format!("{}/tree/", srv.base_url()))
            .arg(&dst),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(dst.join("sub/c.bin")).unwrap(), sample(3000));
    assert_eq!(srv.commands().matches("HASH tree/").count(), 3, "{}", srv.commands());

    let out = crate::harness::run(
        srv.client(&l.home).args(["--verify", "require", "mirror"]).arg(&dst).arg(format!("{}/back/", srv.base_url())),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(srv.path("back/sub/c.bin")).unwrap(), sample(3000));
    assert_eq!(srv.commands().matches("HASH back/").count(), 3, "{}", srv.commands());
}

// ---------------------------------------------------------------------------
// Uploads under a temporary name, renamed into place

/// Remote files under `dir` of the fake server whose names mark a temporary upload.
fn temps(server: &crate::fake::FakeServer) -> Vec<String> {
    server.files().into_keys().filter(|k| k.ends_with(".ftps-upload")).collect()
}

#[test]
fn put_stores_under_a_temporary_name_then_renames() {
    let server = Behaviour::new().file("/in/u.csv", "old").start();
    let s = scratch();
    fs::write(s.work.join("u.csv"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["put", "u.csv", &server.url("ftp", "u:p", "/in/u.csv")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/in/u.csv").unwrap(), sample(5000));
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
    let cmds = server.commands();
    let stor = cmds.iter().find(|c| c.starts_with("STOR ")).expect("a STOR").clone();
    let temp = stor.strip_prefix("STOR ").unwrap();
    assert!(temp.starts_with("in/u.csv.") && temp.ends_with(".ftps-upload"), "{cmds:?}");
    assert!(!glob::Pattern::new("*.csv").unwrap().matches(temp));
    let at = |c: &str| cmds.iter().position(|x| x == c).unwrap_or_else(|| panic!("{c} missing: {cmds:?}"));
    assert!(at(&format!("SIZE {temp}")) < at(&format!("RNFR {temp}")), "{cmds:?}");
    assert!(at(&format!("RNFR {temp}")) < at("RNTO in/u.csv"), "{cmds:?}");

    // --no-temp: today's direct STOR.
    let (out, _) = client(&s, &["put", "--no-temp", "u.csv", &server.url("ftp", "u:p", "/in/v.csv")]);
    expect_code(&out, &server, 0);
    assert!(server.commands().iter().any(|c| c == "STOR in/v.csv"), "{:?}", server.commands());
}

#[test]
fn refused_rename_fails_loudly_and_cleans_up() {
    let server = Behaviour::new().file("/in/u.bin", "old").refuse_rename().start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("refused to rename") && out.stderr.contains("--no-temp"), "{}", ctx(&out, &server));
    assert_eq!(server.file("/in/u.bin").unwrap(), b"old");
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
    let (out, _) = client(&s, &["put", "--no-temp", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/in/u.bin").unwrap(), sample(5000));
}

#[test]
fn rename_over_existing_refused_deletes_then_renames() {
    let server = Behaviour::new().file("/in/u.bin", "old").refuse_rename_over().start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["-v", "put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 0);
    assert!(
        out.stderr.contains("moved the old file aside, renamed, and deleted the old file"),
        "{}",
        ctx(&out, &server)
    );
    assert_eq!(server.file("/in/u.bin").unwrap(), sample(5000));
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
}

#[test]
fn lying_server_upload_leaves_the_old_file() {
    let server = Behaviour::new().file("/in/u.bin", "old").xsha256(true).start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["--retries", "0", "put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("not renamed into place"), "{}", ctx(&out, &server));
    assert_eq!(server.file("/in/u.bin").unwrap(), b"old");
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
}

/// SIGKILL in the middle of a 1 GiB upload over an existing file: the old
/// file stays intact under its name, and `put -c` continues the temporary
/// file the killed run left.
#[test]
fn killed_upload_leaves_old_file_and_resumes() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    const GIB: u64 = 1 << 30;
    let big = l.work.join("big.bin");
    fs::File::create(&big).unwrap().set_len(GIB).unwrap();
    srv.mkdir("k");
    srv.write_file("k/big.bin", b"previous version");
    let url = format!("{}/k/big.bin", srv.base_url());
    let mut child = srv
        .client(&l.home)
        .args(["put"])
        .arg(&big)
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temp_len = || -> u64 {
        fs::read_dir(srv.path("k"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".ftps-upload"))
            .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
            .max()
            .unwrap_or(0)
    };
    let started = std::time::Instant::now();
    while temp_len() < 32 << 20 {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "upload never got going");
        assert!(child.try_wait().unwrap().is_none(), "the upload ended before it could be killed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(fs::read(srv.path("k/big.bin")).unwrap(), b"previous version");
    let partial = temp_len();
    assert!(partial > 0 && partial < GIB, "{partial}");

    let out = crate::harness::run(srv.client(&l.home).args(["-v", "put", "-c"]).arg(&big).arg(&url));
    ok(&srv, &out);
    assert!(out.stderr.contains("REST "), "{}", out.stderr);
    assert!(out.stderr.contains("SHA-256 verified"), "{}", out.stderr);
    assert_eq!(fs::metadata(srv.path("k/big.bin")).unwrap().len(), GIB);
    assert_eq!(temp_len(), 0);
}

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

// ---------------------------------------------------------------------------
// --remove-source-files

#[test]
fn remove_source_files_only_after_a_checked_transfer() {
    // get: an honest digest lets the remote file go; a lying one keeps it.
    let honest = Behaviour::new().file("/out/a.bin", sample(4000)).xsha256(false).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", "--remove-source-files", &honest.url("ftp", "u:p", "/out/a.bin")]);
    expect_code(&out, &honest, 0);
    assert_eq!(fs::read(s.work.join("a.bin")).unwrap(), sample(4000));
    assert!(honest.file("/out/a.bin").is_none(), "{:?}", honest.commands());

    let liar = Behaviour::new().file("/out/a.bin", sample(4000)).xsha256(true).start();
    let s = scratch();
    let (out, _) =
        client(&s, &["--retries", "0", "get", "--remove-source-files", &liar.url("ftp", "u:p", "/out/a.bin")]);
    expect_code(&out, &liar, 7);
    assert!(liar.file("/out/a.bin").is_some());
    assert!(!liar.commands().iter().any(|c| c.starts_with("DELE")), "{:?}", liar.commands());

    // put: the local file goes once the upload is renamed into place, and
    // stays when the rename is refused.
    let server = Behaviour::new().dir("/in").start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(3000)).unwrap();
    let (out, _) = client(&s, &["put", "--remove-source-files", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/in/u.bin").unwrap(), sample(3000));
    assert!(!s.work.join("u.bin").exists());

    let refusing = Behaviour::new().dir("/in").refuse_rename().start();
    fs::write(s.work.join("u.bin"), sample(3000)).unwrap();
    let (out, _) = client(&s, &["put", "--remove-source-files", "u.bin", &refusing.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &refusing, 7);
    assert!(s.work.join("u.bin").exists());
}

#[test]
fn proftpd_mirror_moves_files() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    srv.mkdir("outbox/sub");
    srv.write_file("outbox/a.bin", &sample(1000));
    srv.write_file("outbox/sub/b.bin", &sample(2000));
    // Another client's upload in progress is not copied down.
    srv.write_file("outbox/c.bin.0123abcd.ftps-upload", b"partial");
    let dst = l.work.join("inbox");
    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["mirror", "--remove-source-files"])
            .arg(format!("{}/outbox/", srv.base_url()))
            .arg(&dst),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(dst.join("sub/b.bin")).unwrap(), sample(2000));
    assert!(!srv.path("outbox/a.bin").exists() && !srv.path("outbox/sub/b.bin").exists());
    assert!(!dst.join("c.bin.0123abcd.ftps-upload").exists() && srv.path("outbox/c.bin.0123abcd.ftps-upload").exists());

    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["mirror", "--remove-source-files"])
            .arg(&dst)
            .arg(format!("{}/back/", srv.base_url())),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(srv.path("back/sub/b.bin")).unwrap(), sample(2000));
    assert!(!dst.join("a.bin").exists() && !dst.join("sub/b.bin").exists());
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

// ---------------------------------------------------------------------------
// mirror --checksum

fn mirror_json(
    srv: &Server,
    home: &std::path::Path,
    args: &[&str],
    src: String,
    dst: &std::path::Path,
) -> serde_json::Value {
    let out = crate::harness::run(srv.client(home).arg("mirror").arg("--json").args(args).arg(src).arg(dst));
    ok(srv, &out);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

#[test]
fn mirror_checksum_catches_same_size_same_time_changes() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    srv.mkdir("cs");
    srv.write_file("cs/a.bin", &sample(3000));
    srv.write_file("cs/b.bin", &sample(4000));
    let dst = l.work.join("copy");
    let url = format!("{}/cs/", srv.base_url());
    let first = mirror_json(&srv, &l.home, &[], url.clone(), &dst);
    assert_eq!(first["files_transferred"], 2, "{first}");
    // Same size, same time, different bytes: size and time cannot tell.
    let b = dst.join("b.bin");
    let mtime = fs::metadata(&b).unwrap().modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut changed = sample(4000);
    changed[100] ^= 0xff;
    fs::write(&b, &changed).unwrap();
    crate::harness::set_mtime(&b, mtime);
    let plain = mirror_json(&srv, &l.home, &[], url.clone(), &dst);
    assert_eq!(plain["files_transferred"], 0, "{plain}");
    let checked = mirror_json(&srv, &l.home, &["--checksum"], url.clone(), &dst);
    assert_eq!(checked["files_transferred"], 1, "{checked}");
    assert_eq!(checked["files_unchanged"], 1, "{checked}");
    assert_eq!(fs::read(&b).unwrap(), sample(4000));
    // A different time alone is no reason to transfer under --checksum.
    crate::harness::set_mtime(&dst.join("a.bin"), 1_000_000_000);
    let again = mirror_json(&srv, &l.home, &["--checksum"], url, &dst);
    assert_eq!(again["files_transferred"], 0, "{again}");
    assert!(srv.commands().contains("HASH cs/a.bin"), "{}", srv.commands());
}

#[test]
fn mirror_checksum_without_server_digests_falls_back_and_says_so() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let l = scratch();
    srv.mkdir("cs");
    srv.write_file("cs/a.bin", &sample(3000));
    let dst = l.work.join("copy");
    let url = format!("{}/cs/", srv.base_url());
    mirror_json(&srv, &l.home, &[], url.clone(), &dst);
    let out = crate::harness::run(srv.client(&l.home).args(["mirror", "--checksum"]).arg(&url).arg(&dst));
    ok(&srv, &out);
    assert_eq!(out.stderr.matches("no usable server digest for 1 file").count(), 1, "{}", out.stderr);
}

#[test]
fn mirror_checksum_upload() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let src = l.work.join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("a.bin"), sample(3000)).unwrap();
    let url = format!("{}/up/", srv.base_url());
    let run = |args: &[&str]| {
        let out = crate::harness::run(srv.client(&l.home).arg("mirror").arg("--json").args(args).arg(&src).arg(&url));
        ok(&srv, &out);
        serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(run(&[])["files_transferred"], 1);
    // The server's copy changes behind our back, keeping size and time.
    let remote = srv.path("up/a.bin");
    let mtime =
        fs::metadata(&remote).unwrap().modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut changed = sample(3000);
    changed[0] ^= 1;
    fs::write(&remote, &changed).unwrap();
    crate::harness::set_mtime(&remote, mtime);
    assert_eq!(run(&[])["files_transferred"], 0);
    assert_eq!(run(&["--checksum"])["files_transferred"], 1);
    assert_eq!(fs::read(&remote).unwrap(), sample(3000));
    assert_eq!(run(&["--checksum"])["files_transferred"], 0);
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
