//! Segmented downloads (`get --segments N`): one file over several
//! connections, each reading a byte range into the one `.part`, against
//! vsftpd (ranged reads end with an early close and its `426`), ProFTPD
//! (with `HASH`: the assembled file is verified) and the fake server
//! (refused extra logins, a server that ignores `REST`, a stalled range).

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::edge;
use crate::fake::{Behaviour, FakeServer};
use crate::harness::{Output, Scratch, run, scratch};
use crate::servers::{self, Server};

const LEN: usize = 40 << 20;

/// Random-looking bytes that no shift of themselves matches (a range
/// written at a wrong offset shows).
pub(crate) fn content(len: usize, seed: u64) -> Vec<u8> {
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
    assert!(out.stderr.contains("4 segments of up to 10.00 MiB on 4 connections"), "{}", out.stderr);
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
    // ProFTPD offers RANG STREAM: each range is asked for whole, no REST.
    let commands = srv.commands();
    assert!(commands.lines().filter(|l| l.starts_with("RANG ")).count() >= 5, "{commands}");
    assert!(!commands.lines().any(|l| l.starts_with("REST ")), "{commands}");
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// The byte ranges a state file says are on disk.
fn state_spans(path: &Path) -> Vec<(u64, u64)> {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let mut f = l.strip_prefix("done ")?.split(' ');
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
        .collect()
}

/// Starts `get` (with `how`: `--segments 4`, or nothing for the adaptive
/// default) at a limited rate and kills it (SIGKILL) once its state file
/// counts at least 40% of the `len`-byte file; returns the ranges the state
/// file then held.
fn kill_midway(srv: &Server, s: &Scratch, url: &str, how: &[&str], len: usize) -> Vec<(u64, u64)> {
    let state = s.work.join("big.bin.part.ranges");
    let mut child = srv
        .client(&s.home)
        .current_dir(&s.work)
        .args(["--limit-rate", "6M", "get"])
        .args(how)
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ftps");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let have: u64 = state_spans(&state).iter().map(|(a, b)| b - a).sum();
        if have >= len as u64 * 2 / 5 {
            break;
        }
        if Instant::now() > deadline || child.try_wait().expect("poll ftps").is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the download never reached 40% before {:?} (or ended on its own)", deadline);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL ftps");
    child.wait().expect("reap ftps");
    let spans = state_spans(&state);
    assert!(s.work.join("big.bin.part").exists() && !s.work.join("big.bin").exists());
    spans
}

/// After SIGKILL, `get -c` fetches only the ranges the state file lacks
/// (every `RANG` of the second run lies inside a gap) and the result is
/// byte-identical and verified.
#[test]
fn proftpd_continue_after_sigkill_fetches_only_missing_ranges() {
    continue_fetches_only_missing_ranges(&["--segments", "4"], LEN);
}

/// The same for the adaptive default, which writes its state when it splits.
#[test]
fn proftpd_adaptive_continue_after_sigkill_fetches_only_missing_ranges() {
    continue_fetches_only_missing_ranges(&[], 64 << 20);
}

fn continue_fetches_only_missing_ranges(how: &[&str], len: usize) {
    let Some(srv) = servers::proftpd_digest() else { return };
    let data = content(len, 3);
    srv.write_file("big.bin", &data);
    let s = scratch();
    let url = format!("{}/big.bin", srv.base_url());
    let spans = kill_midway(&srv, &s, &url, how, len);
    let before = srv.commands().lines().count();
    let out = get(&srv, &s, &[&["-c"], how, &[url.as_str()]].concat());
    srv.expect_code(&out, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "the assembled file differs");
    assert!(out.stderr.contains("already here"), "{}", out.stderr);
    assert!(out.stderr.contains("SHA-256 verified"), "{}", out.stderr);
    let commands = srv.commands();
    let rangs: Vec<(u64, u64)> = commands
        .lines()
        .skip(before)
        .filter_map(|l| {
            let mut f = l.strip_prefix("RANG ")?.split_whitespace();
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
        .collect();
    // The probe asks for the last byte; every range lies in a gap.
    let probe = len as u64 - 1;
    let ranged: Vec<(u64, u64)> = rangs.iter().copied().filter(|r| *r != (probe, probe)).collect();
    assert!(!ranged.is_empty(), "{commands}");
    for &(a, b) in &ranged {
        let overlap = spans.iter().any(|&(x, y)| a < y && x <= b);
        assert!(!overlap, "RANG {a} {b} re-fetches bytes already on disk: {spans:?}\n{commands}");
    }
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// The same on vsftpd (no digest, no command log): the state's ranges are
/// kept, and the result is byte-identical.
#[test]
fn vsftpd_continue_after_sigkill_completes() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(LEN, 4);
    srv.write_file("big.bin", &data);
    let s = scratch();
    let url = format!("{}/big.bin", srv.base_url());
    kill_midway(&srv, &s, &url, &["--segments", "4"], LEN);
    let out = get(&srv, &s, &["-c", "--segments", "4", &url]);
    srv.expect_code(&out, 0);
    assert!(out.stderr.contains("already here"), "{}", out.stderr);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "the assembled file differs");
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// A remote file that changed between the runs (other bytes, other
/// modification time): the state is not trusted and the download starts
/// over, ending with the new file.
#[test]
fn continue_starts_over_when_the_remote_file_changed() {
    let Some(srv) = servers::vsftpd(false) else { return };
    srv.write_file("big.bin", &content(LEN, 5));
    let s = scratch();
    let url = format!("{}/big.bin", srv.base_url());
    kill_midway(&srv, &s, &url, &["--segments", "4"], LEN);
    let changed = content(LEN, 6);
    let path = srv.write_file("big.bin", &changed);
    let earlier = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    fs::File::options().write(true).open(&path).unwrap().set_modified(earlier).unwrap();
    let out = get(&srv, &s, &["-c", "--segments", "4", &url]);
    srv.expect_code(&out, 0);
    assert!(out.stderr.contains("starting over"), "{}", out.stderr);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == changed, "the result is not the new remote file");
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// Against the fake server: an 8 MiB file (4 ranges of 2 MiB).
const FAKE_LEN: usize = 8 << 20;

fn fake_get(server: &FakeServer, s: &Scratch, extra: &[&str]) -> Output {
    let url = server.url("ftp", "u:p", "/big.bin");
    let mut args = vec!["-v"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["get", "--segments", "4", &url]);
    edge::client(s, &args).0
}

/// A server that takes one login and refuses every other connection: the
/// pool shrinks to one and the file still completes.
#[test]
fn refused_extra_logins_leave_one_connection_that_finishes() {
    let data = content(FAKE_LEN, 7);
    let server = Behaviour::new().file("/big.bin", data.clone()).max_connections(1).start();
    let s = scratch();
    let out = fake_get(&server, &s, &[]);
    edge::expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("refused segment connection"), "{}", edge::ctx(&out, &server));
    assert_eq!(server.connections(), 1);
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// A server that answers `REST` with 350 yet sends from the start: the
/// probe finds it out before any range is written, and the file moves on
/// one connection, never with bytes at the wrong offsets.
#[test]
fn a_server_ignoring_rest_gets_one_connection() {
    whole_on_one_connection(8, |b| b.ignore_rest().max_connections(8));
}

/// A server that offers REST STREAM yet answers `REST` with 502: the file
/// moves whole on one connection.
#[test]
fn a_server_refusing_rest_gets_one_connection() {
    whole_on_one_connection(18, |b| b.reply_to("REST", "502 Command not implemented."));
}

/// `get` of a file from a server made by `server` that cannot restart:
/// byte-identical, on one connection, `-v` saying why, nothing left over.
fn whole_on_one_connection(seed: u64, server: impl FnOnce(Behaviour) -> Behaviour) {
    let data = content(FAKE_LEN, seed);
    let server = server(Behaviour::new().file("/big.bin", data.clone())).start();
    let s = scratch();
    let out = fake_get(&server, &s, &[]);
    edge::expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("ignores or refuses REST"), "{}", edge::ctx(&out, &server));
    assert_eq!(server.connections(), 1, "no extra connection for ranges");
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// One range stalls after 100 kB: idle connections take halves of it, the
/// stalled read gives up after --timeout and its rest is fetched by another
/// connection; the file completes byte-identical.
#[test]
fn a_stalled_range_is_taken_over() {
    let data = content(FAKE_LEN, 9);
    let server =
        Behaviour::new().file("/big.bin", data.clone()).stall_retr_at(4 << 20, 100_000).max_connections(8).start();
    let s = scratch();
    let out = fake_get(&server, &s, &["--timeout", "2"]);
    edge::expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "{}", edge::ctx(&out, &server));
    let cmds = server.commands();
    assert!(cmds.iter().any(|c| c == "REST 4194304"), "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("; logging in again"), "{}", edge::ctx(&out, &server));
    assert!(
        cmds.iter().any(|c| c == "REST 4294304"),
        "the stalled range's rest was fetched again\n{}",
        edge::ctx(&out, &server)
    );
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// By default a big file whose connections are each capped (the server
/// trickles 128 KiB every 10 ms per connection) gets more connections as
/// they pay off.
#[test]
fn adaptive_default_adds_connections_to_a_capped_file() {
    let data = content(64 << 20, 10);
    let server = Behaviour::new()
        .file("/big.bin", data.clone())
        .trickle_data(128 << 10, Duration::from_millis(10))
        .max_connections(8)
        .start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/big.bin");
    let out = edge::client(&s, &["-v", "get", &url]).0;
    edge::expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("starting on one connection"), "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("1 connection moved"), "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("adding 3"), "{}", edge::ctx(&out, &server));
    assert!(server.connections() >= 2, "{}", edge::ctx(&out, &server));
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}

/// `mirror` without `--segments`: the big file of a capped server gets more
/// connections as they pay off (the tail of a run is not one connection
/// alone), the small one moves whole, and `--json` says "auto".
#[test]
fn mirror_adds_connections_to_a_capped_big_file_by_default() {
    let data = content(64 << 20, 12);
    let small = content(50_000, 13);
    let server = Behaviour::new()
        .file("/tree/big.bin", data.clone())
        .file("/tree/small.bin", small.clone())
        .trickle_data(128 << 10, Duration::from_millis(10))
        .max_connections(8)
        .start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/tree/");
    let dst = s.work.join("copy");
    let out = edge::client(&s, &["-v", "mirror", "--json", "-P", "1", &url, dst.to_str().unwrap()]).0;
    edge::expect_code(&out, &server, 0);
    assert!(fs::read(dst.join("big.bin")).unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(fs::read(dst.join("small.bin")).unwrap() == small, "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("big.bin: 64.00 MiB: starting on one connection"), "{}", edge::ctx(&out, &server));
    assert!(out.stderr.contains("adding 3"), "{}", edge::ctx(&out, &server));
    assert!(!out.stderr.contains("small.bin: 48.83 KiB: starting"), "{}", edge::ctx(&out, &server));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("--json prints JSON");
    assert_eq!(json["segments"], "auto", "{json}");
    assert!(server.connections() >= 3, "{}", edge::ctx(&out, &server));
    assert_eq!(leftovers(&dst), Vec::<String>::new());
}

/// By default a file under 64 MiB moves as before: one connection, no
/// ranges, no state file.
#[test]
fn adaptive_default_leaves_small_files_whole() {
    let data = content(FAKE_LEN, 11);
    let server = Behaviour::new().file("/big.bin", data.clone()).max_connections(8).start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/big.bin");
    let out = edge::client(&s, &["-v", "get", &url]).0;
    edge::expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "{}", edge::ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("REST")), "{}", edge::ctx(&out, &server));
    assert_eq!(server.connections(), 1);
}

/// `mirror --segments 4` splits the files from 64 MiB and moves the small
/// ones whole (on one worker, so the split one comes between whole ones
/// that ask for passive ports ahead); all arrive byte-identical, the big
/// one with the remote time.
#[test]
fn vsftpd_mirror_splits_big_files() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let big = content(64 << 20, 14);
    let small = content(100_000, 15);
    srv.write_file("tree/big.bin", &big);
    srv.write_file("tree/sub/small.bin", &small);
    srv.write_file("tree/a.bin", &small);
    srv.write_file("tree/c.bin", &small);
    let s = scratch();
    let dst = s.work.join("copy");
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work)
        .args(["-v", "mirror", "--json", "-P", "1", "--segments", "4", &format!("{}/tree", srv.base_url())])
        .arg(&dst);
    let out = run(&mut cmd);
    srv.expect_code(&out, 0);
    assert!(fs::read(dst.join("big.bin")).unwrap() == big, "the split file differs");
    for name in ["sub/small.bin", "a.bin", "c.bin"] {
        assert!(fs::read(dst.join(name)).unwrap() == small, "{name} differs");
    }
    assert!(out.stderr.contains("4 segments of up to 16.00 MiB on 4 connections"), "{}", out.stderr);
    assert!(!out.stderr.contains("small.bin: 4 segments"), "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("--json prints JSON");
    assert_eq!(json["segments"], 4, "{json}");
    let remote = fs::metadata(srv.path("tree/big.bin")).unwrap().modified().unwrap();
    let local = fs::metadata(dst.join("big.bin")).unwrap().modified().unwrap();
    let apart = remote.duration_since(local).or_else(|_| local.duration_since(remote)).unwrap();
    assert!(apart < Duration::from_secs(2), "the copy did not get the remote time: {apart:?}");
    assert_eq!(leftovers(&dst), Vec::<String>::new());
}

/// The server's digest of the whole file is checked against the assembled
/// `.part`, and the receipt records it with the data connection's TLS.
#[test]
fn the_assembled_file_is_verified_and_receipted() {
    let data = content(FAKE_LEN, 16);
    let server = Behaviour::new().file("/big.bin", data.clone()).xsha256(false).max_connections(8).start();
    let s = scratch();
    run(crate::harness::ftps(&s.home).args(["receipt", "keygen"])).expect_ok();
    let out = fake_get(&server, &s, &["--receipt", "r.jsonl", "--verify", "require"]);
    edge::expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "{}", edge::ctx(&out, &server));
    let receipt = fs::read_to_string(s.work.join("r.jsonl")).unwrap();
    assert!(receipt.contains(&crate::fake::sha256_hex(&data)), "{receipt}");
    assert!(receipt.contains(r#""tls":{"version":"TLS"#), "the data connection's TLS is recorded: {receipt}");
    run(crate::harness::ftps(&s.home).current_dir(&s.work).args(["receipt", "verify", "r.jsonl"])).expect_ok();
}

/// A server whose digest does not match the assembled file: nothing under
/// the final name, and neither the `.part` nor its state is left to be
/// continued.
#[test]
fn a_digest_mismatch_saves_nothing() {
    let data = content(FAKE_LEN, 17);
    let server = Behaviour::new().file("/big.bin", data).xsha256(true).max_connections(8).start();
    let s = scratch();
    let out = fake_get(&server, &s, &[]);
    assert_ne!(out.code, 0, "{}", edge::ctx(&out, &server));
    assert!(!s.work.join("big.bin").exists(), "{}", edge::ctx(&out, &server));
    assert_eq!(leftovers(&s.work), Vec::<String>::new(), "{}", edge::ctx(&out, &server));
}

/// vsftpd behind a faulty link (seeded FINs without close_notify, resets
/// and stalls on control and data connections, up to 4 per run): every
/// `get --segments 4` ends byte-identical with nothing temporary left.
#[test]
fn segments_survive_a_faulty_link() {
    use crate::faulty::relay::{Cut, Plan, Random, Relay};
    use std::net::{IpAddr, Ipv4Addr};
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(16 << 20, 19);
    srv.write_file("big.bin", &data);
    let relay_ip = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 10));
    // Seeds whose plans cut with all three kinds (FINs in 2, resets in 8 and 11, stalls in 8 and 11).
    for seed in [2, 8, 11] {
        let cuts = vec![Cut::Fin, Cut::Reset, Cut::Stall];
        let plan = Plan::Random(Random { seed, chance: 0.5, max_byte: 16 << 20, budget: 4, cuts });
        let relay = Relay::start(relay_ip, IpAddr::V4(Ipv4Addr::LOCALHOST), srv.port(), srv.pasv_range(), plan)
            .expect("relay listens on 127.0.0.10");
        let s = scratch();
        let url = format!("ftpes://{relay_ip}:{}/big.bin", relay.control_port());
        let pin = crate::certs::sha256(&crate::certs::pki().cert_der);
        let mut cmd = srv.client(&s.home);
        cmd.current_dir(&s.work).args(["--pin", &pin, "-v", "--retries", "8", "--timeout", "2"]);
        let out = run(cmd.args(["get", "--segments", "4", &url]));
        let ctx = || format!("seed {seed}, relay: {}\n{}", relay.stats.summary(), out.stderr);
        assert_eq!(out.code, 0, "{}", ctx());
        assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "the file differs\n{}", ctx());
        assert_eq!(leftovers(&s.work), Vec::<String>::new(), "{}", ctx());
    }
}

/// By default a download starts as a whole-file one: killed before its
/// first measurement window ends (it has not split), it leaves a plain
/// `.part` holding a prefix and no state file, and `get -c` continues it
/// from its end (`REST` at its length), byte-identical.
#[test]
fn vsftpd_adaptive_download_killed_before_it_splits_leaves_a_plain_prefix() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let data = content(64 << 20, 18);
    srv.write_file("big.bin", &data);
    let s = scratch();
    let url = format!("{}/big.bin", srv.base_url());
    let part = s.work.join("big.bin.part");
    let mut child = srv
        .client(&s.home)
        .current_dir(&s.work)
        .args(["--limit-rate", "1M", "get", &url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ftps");
    // 64 KiB at 1 MB/s: well inside the first window (at least 0.3 s).
    let deadline = Instant::now() + Duration::from_secs(60);
    while fs::metadata(&part).map_or(0, |m| m.len()) < 64 << 10 {
        if Instant::now() > deadline || child.try_wait().expect("poll ftps").is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the download never began before the deadline (or ended on its own)");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL ftps");
    child.wait().expect("reap ftps");
    assert!(!s.work.join("big.bin.part.ranges").exists(), "no state before a split");
    let kept = fs::read(&part).unwrap();
    assert!(kept.len() < data.len() && data.starts_with(&kept), "the .part is a prefix of {} bytes", kept.len());

    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).args(["-v", "get", "-c", &url]);
    let out = run(&mut cmd);
    srv.expect_code(&out, 0);
    assert!(fs::read(s.work.join("big.bin")).unwrap() == data, "{}", out.stderr);
    assert!(out.stderr.contains(&format!("REST {}", kept.len())), "continued from the prefix's end\n{}", out.stderr);
    assert_eq!(leftovers(&s.work), Vec::<String>::new());
}
