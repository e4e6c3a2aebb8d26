//! Segmented uploads (`put --segments N`): one file over several
//! connections, each writing a byte range (`REST` + `STOR`) into the one
//! temporary name, where a probe of two ranged writes shows the server
//! takes them: vsftpd with `lock_upload_files=NO` does; vsftpd as shipped
//! (its lock holds a second `STOR` back) and ProFTPD (no `REST` past the end
//! of the file, with or without `AllowStoreRestart`) do not; the fake server
//! writing in place does, and one that zeroes what precedes a `REST`
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
    crate::harness::run(crate::harness::ftps(&s.home).args(["receipt", "keygen"])).expect_ok();
    let mut cmd = srv.client(&s.home);
    cmd.arg("--receipt").arg(s.work.join("receipts.jsonl"));
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
/// after checking the server's copy is byte-identical, nothing else is
/// left, and the receipt names the file's SHA-256 and the data TLS.
fn byte_identical(srv: &Server, seed: u64) -> Output {
    let data = content(LEN, seed);
    let s = scratch();
    let local = s.work.join("big.bin");
    std::fs::write(&local, &data).unwrap();
    let out = put(srv, &s, &local);
    srv.expect_code(&out, 0);
    assert!(std::fs::read(srv.path("big.bin")).unwrap() == data, "the server's copy differs\n{}", out.stderr);
    assert_eq!(leftovers(srv.data_dir()), Vec::<String>::new());
    let receipt = std::fs::read_to_string(s.work.join("receipts.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(receipt.lines().next().unwrap()).unwrap();
    assert_eq!(line["sha256"], crate::fake::sha256_hex(&data), "{line}");
    assert!(line["tls"]["version"].as_str().is_some_and(|v| v.starts_with("TLS 1.")), "{line}");
    out
}

/// ProFTPD with `AllowStoreRestart on` takes `REST` before `STOR`, but only
/// up to the end of the file (`554 REST: invalid argument` past it, and
/// `RANG` likewise), so ranges cannot start ahead of the first: one
/// connection.
#[test]
fn proftpd_with_store_restart_refuses_offsets_past_the_end() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let out = byte_identical(&srv, 21);
    assert!(out.stderr.contains("big.bin: one connection: the server refused STOR"), "{}", out.stderr);
    assert!(out.stderr.contains("(reply 554)"), "{}", out.stderr);
    assert!(out.stderr.contains("SHA-256 verified"), "{}", out.stderr);
}

#[test]
fn proftpd_without_store_restart_uses_one_connection() {
    let Some(srv) = servers::proftpd(false) else { return };
    let out = byte_identical(&srv, 22);
    assert!(out.stderr.contains("big.bin: one connection: the server refused STOR"), "{}", out.stderr);
    assert!(out.stderr.contains("(reply 451)"), "{}", out.stderr);
}

/// vsftpd as shipped (`lock_upload_files=YES`) makes a second `STOR` into
/// the file wait for the first: one connection.
#[test]
fn vsftpd_with_upload_locks_uses_one_connection() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let out = byte_identical(&srv, 23);
    assert!(out.stderr.contains("big.bin: one connection: a second STOR into the same file waits"), "{}", out.stderr);
}

/// vsftpd with `lock_upload_files=NO` takes the ranges in parallel.
#[test]
fn vsftpd_without_upload_locks_takes_four_ranged_writes() {
    let Some(srv) = servers::vsftpd_unlocked() else { return };
    let out = byte_identical(&srv, 24);
    assert!(out.stderr.contains("ranged writes work here: 4 segments on 4 connections"), "{}", out.stderr);
    // Its protocol log: the ranges are STORs into the temporary name, three after a REST.
    let log = std::fs::read_to_string(srv.log_paths().iter().find(|p| p.ends_with("vsftpd.log")).unwrap()).unwrap();
    let rests = log.lines().filter(|l| l.contains("\"REST ") && !l.contains("\"REST 8\"")).count();
    let stors = log.lines().filter(|l| l.contains("\"STOR big.bin.") && !l.contains(".probe.")).count();
    assert!(rests >= 3 && stors >= 4, "{rests} REST, {stors} STOR\n{log}");
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
    let data = content(FAKE_LEN, 26);
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
    assert!(out.stderr.contains("lost the bytes before its offset"), "{}", edge::ctx(&out, &server));
    assert_eq!(fake_leftovers(&server), Vec::<String>::new());
}

/// A server that takes two logins at once: the probe's second login works,
/// the run's extra logins beyond one are refused, and the ranges of the
/// refused ones go to the connections left.
#[test]
fn refused_extra_logins_shrink_the_pool() {
    let data = content(FAKE_LEN, 27);
    let server = Behaviour::new().dir("/").ranged_stor(RangedStor::InPlace).max_connections(2).start();
    let s = scratch();
    let out = fake_put(&server, &s, &data);
    edge::expect_code(&out, &server, 0);
    assert!(server.file("/big.bin").unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("refused segment connection"), "{}", edge::ctx(&out, &server));
    assert_eq!(fake_leftovers(&server), Vec::<String>::new());
}

/// `--segments` splits one file: with several it is a usage error, before
/// any connection.
#[test]
fn segments_with_several_files_is_a_usage_error() {
    let server = Behaviour::new().dir("/").start();
    let s = scratch();
    let (a, b) = (s.work.join("a"), s.work.join("b"));
    std::fs::write(&a, b"a").unwrap();
    std::fs::write(&b, b"b").unwrap();
    let url = server.url("ftp", "u:p", "/");
    let out = edge::client(&s, &["put", "--segments", "2", a.to_str().unwrap(), b.to_str().unwrap(), &url]).0;
    edge::expect_code(&out, &server, 2);
    assert!(out.stderr.contains("--segments splits one file"), "{}", out.stderr);
    assert_eq!(server.connections(), 0);
}

/// A server that fails the ranges past 4 MiB for good (`552`): the upload
/// fails, nothing appears under the final name, and its temporary file is
/// removed (ranges leave holes `put -c` could not fill).
#[test]
fn a_failed_segmented_upload_leaves_nothing() {
    let data = content(FAKE_LEN, 28);
    let server = Behaviour::new().dir("/").ranged_stor(RangedStor::FullFrom(4 << 20)).max_connections(8).start();
    let s = scratch();
    let out = fake_put(&server, &s, &data);
    assert_ne!(out.code, 0, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("ranged writes work here"), "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("552"), "{}", edge::ctx(&out, &server));
    assert_eq!(server.file("/big.bin"), None);
    assert_eq!(fake_leftovers(&server), Vec::<String>::new(), "{}", edge::ctx(&out, &server));
}

/// `mirror` up with `--segments 4`: the file from 64 MiB goes in ranges,
/// the small one whole; both arrive byte-identical.
#[test]
fn mirror_uploads_big_files_in_ranges() {
    let Some(srv) = servers::vsftpd_unlocked() else { return };
    let s = scratch();
    let tree = s.work.join("tree");
    std::fs::create_dir(&tree).unwrap();
    let big = content(64 << 20, 29);
    std::fs::write(tree.join("big.bin"), &big).unwrap();
    std::fs::write(tree.join("small.txt"), b"small").unwrap();
    srv.mkdir("up");
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work)
        .args(["-v", "mirror", "--segments", "4"])
        .arg(&tree)
        .arg(format!("{}/up/", srv.base_url()));
    let out = run(&mut cmd);
    srv.expect_code(&out, 0);
    assert!(std::fs::read(srv.path("up/big.bin")).unwrap() == big, "the server's copy differs\n{}", out.stderr);
    assert_eq!(std::fs::read(srv.path("up/small.txt")).unwrap(), b"small");
    assert!(out.stderr.contains("up/big.bin: ranged writes work here: 4 segments"), "{}", out.stderr);
    assert_eq!(leftovers(&srv.path("up")), Vec::<String>::new());
}

/// `mirror --segments 4` of two big files measures ranged writes once per
/// server and run: the second file is split (or not) on the first one's
/// verdict, without a second probe.
#[test]
fn mirror_probes_ranged_writes_once_per_server() {
    let big = content(64 << 20, 27);
    for (how, verdict) in [(RangedStor::InPlace, "ranged writes work here: 4 segments"), (RangedStor::ZeroesBefore, "")]
    {
        let server = Behaviour::new().dir("/").ranged_stor(how).max_connections(16).start();
        let s = scratch();
        let src = s.work.join("tree");
        std::fs::create_dir(&src).unwrap();
        std::fs::write(src.join("a.bin"), &big).unwrap();
        std::fs::write(src.join("b.bin"), &big).unwrap();
        let url = server.url("ftp", "u:p", "/up/");
        let out = edge::client(&s, &["-v", "mirror", "-P", "1", "--segments", "4", src.to_str().unwrap(), &url]).0;
        edge::expect_code(&out, &server, 0);
        for name in ["/up/a.bin", "/up/b.bin"] {
            assert!(server.file(name).unwrap() == big, "{name}\n{}", edge::ctx(&out, &server));
        }
        let probes = server.commands().iter().filter(|c| c.starts_with("STOR") && c.contains(".probe.")).count();
        // The probe's two writes (at 0 and past the end) are one measurement.
        assert_eq!(probes, 2, "{}", edge::ctx(&out, &server));
        if verdict.is_empty() {
            assert_eq!(out.stderr.matches("(measured earlier in this run)").count(), 1, "{}", edge::ctx(&out, &server));
        } else {
            assert_eq!(out.stderr.matches(verdict).count(), 2, "{}", edge::ctx(&out, &server));
        }
        assert_eq!(fake_leftovers(&server), Vec::<String>::new());
    }
}

/// The size of the temporary file of a segmented upload of `big.bin` in
/// `dir` (not its probe's), if there is one.
fn split_temp(dir: &Path) -> Option<u64> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with("big.bin.") && n.ends_with(".ftps-upload") && !n.contains(".probe.")
        })
        .filter_map(|e| e.metadata().ok().map(|m| m.len()))
        .max()
}

/// SIGKILL during a segmented upload leaves its temporary file with holes
/// before the last range. `put -c` continues a temporary file from its end:
/// that one must not be (vsftpd has no digest, so the holes would be
/// published as zeros with the right size); the file arrives byte-identical.
#[test]
fn continue_after_a_killed_segmented_upload_is_byte_identical() {
    let Some(srv) = servers::vsftpd_unlocked() else { return };
    let data = content(FAKE_LEN, 30);
    let s = scratch();
    let local = s.work.join("big.bin");
    std::fs::write(&local, &data).unwrap();
    let url = format!("{}/big.bin", srv.base_url());
    let mut child = srv
        .client(&s.home)
        .current_dir(&s.work)
        .args(["--limit-rate", "2M", "put", "--segments", "4"])
        .arg(&local)
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start ftps");
    // The last range starts at 6 MiB: once it has written, the others have holes.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while split_temp(srv.data_dir()).is_none_or(|n| n <= (6 << 20) + (64 << 10)) {
        if std::time::Instant::now() > deadline || child.try_wait().expect("poll ftps").is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the last range never began before the deadline (or the upload ended on its own)");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().expect("SIGKILL ftps");
    child.wait().expect("reap ftps");
    assert!(!srv.path("big.bin").exists());

    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).args(["-v", "put", "-c"]).arg(&local).arg(&url);
    let out = run(&mut cmd);
    srv.expect_code(&out, 0);
    assert!(std::fs::read(srv.path("big.bin")).unwrap() == data, "the server's copy differs\n{}", out.stderr);
    assert!(out.stderr.contains("the ranges of an interrupted segmented upload"), "{}", out.stderr);
    assert_eq!(leftovers(srv.data_dir()), Vec::<String>::new());
}

/// By default (no `--segments`) a big file to a server that is not near
/// (its replies take 6 ms) and takes ranged writes, each connection
/// capped, starts on one connection and adds more as they pay off; the
/// same file to a near server goes whole, without a probe.
#[test]
fn by_default_a_far_capped_server_gets_more_connections_and_a_near_one_none() {
    let data = content(64 << 20, 31);
    let far = Behaviour::new()
        .dir("/")
        .ranged_stor(RangedStor::InPlace)
        .trickle_data(128 << 10, std::time::Duration::from_millis(10))
        .reply_delay(std::time::Duration::from_millis(6))
        .max_connections(16)
        .start();
    let s = scratch();
    let local = s.work.join("big.bin");
    std::fs::write(&local, &data).unwrap();
    let url = far.url("ftp", "u:p", "/big.bin");
    let out = edge::client(&s, &["-v", "put", "--json", local.to_str().unwrap(), &url]).0;
    edge::expect_code(&out, &far, 0);
    assert!(far.file("/big.bin").unwrap() == data, "{}", edge::ctx(&out, &far));
    assert!(
        out.stderr.contains("ranged writes work here: 64.00 MiB: starting on one connection"),
        "{}",
        edge::ctx(&out, &far)
    );
    assert!(out.stderr.contains("adding 3"), "{}", edge::ctx(&out, &far));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("--json prints JSON");
    assert_eq!(json["segments"], "auto", "{json}");
    assert!(json["files"][0]["segments"]["connections"].as_u64().is_some_and(|n| n >= 2), "{json}");
    assert_eq!(fake_leftovers(&far), Vec::<String>::new());

    let near = Behaviour::new().dir("/").ranged_stor(RangedStor::InPlace).max_connections(16).start();
    let url = near.url("ftp", "u:p", "/big.bin");
    let out = edge::client(&s, &["-v", "put", local.to_str().unwrap(), &url]).0;
    edge::expect_code(&out, &near, 0);
    assert!(near.file("/big.bin").unwrap() == data, "{}", edge::ctx(&out, &near));
    assert!(out.stderr.contains("ms away, where one connection fills the line"), "{}", edge::ctx(&out, &near));
    assert!(!near.commands().iter().any(|c| c.contains(".probe.")), "{}", edge::ctx(&out, &near));
}
