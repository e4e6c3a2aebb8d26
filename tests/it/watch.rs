//! `ftps watch`: an outbox and an inbox against the in-process server
//! (whose command log shows every STOR, RNTO and RETR) and vsftpd (whose
//! folder another writer can fill while the watch lists it). Each file is
//! taken only complete, exactly once, across SIGKILLs; failures stay apart.
//! The inbox is in [`inbox`]; real servers and the systemd unit in [`real`];
//! several files at once in [`parallel`].

mod hooks;
mod inbox;
mod parallel;
mod real;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::edge::{ctx, expect_code, sample};
use crate::fake::{Behaviour, FakeServer};
use crate::harness::{Output, Scratch, ftps, run, scratch, set_mtime};
use crate::servers::{Kind, server};

/// 2024-01-02 03:04:05 UTC: long settled.
const T0: u64 = 1_704_164_645;

/// `ftps --ca-file CA watch ARGS...` in `s.work`.
fn watch(s: &Scratch, args: &[&str]) -> Command {
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).env("TZ", "UTC").arg("--ca-file").arg(&pki().ca_pem).arg("watch").args(args);
    cmd
}

/// A watcher in the background, its output going to files in `s.work`.
struct Watcher {
    child: Child,
    out: PathBuf,
    err: PathBuf,
}

fn spawn(s: &Scratch, args: &[&str]) -> Watcher {
    let (out, err) = (s.work.join("watch.out"), s.work.join("watch.err"));
    let child = watch(s, args)
        .stdout(Stdio::from(fs::File::create(&out).unwrap()))
        .stderr(Stdio::from(fs::File::create(&err).unwrap()))
        .spawn()
        .expect("start ftps watch");
    Watcher { child, out, err }
}

impl Watcher {
    fn pid(&self) -> nix::unistd::Pid {
        nix::unistd::Pid::from_raw(self.child.id() as i32)
    }

    fn signal(&mut self, sig: nix::sys::signal::Signal) -> Output {
        nix::sys::signal::kill(self.pid(), sig).unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = self.child.kill();
                panic!("ftps watch did not stop on {sig}: {}", fs::read_to_string(&self.err).unwrap_or_default());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output {
            code: status.code().unwrap_or(-1),
            stdout: fs::read_to_string(&self.out).unwrap_or_default(),
            stderr: fs::read_to_string(&self.err).unwrap_or_default(),
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `cond` every 50 ms for up to `secs`.
fn wait_for(secs: u64, mut cond: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    cond()
}

fn count(server: &FakeServer, line: &str) -> usize {
    server.commands().iter().filter(|c| *c == line).count()
}

fn old_file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, data).unwrap();
    set_mtime(&p, T0);
    p
}

fn outbox(s: &Scratch) -> PathBuf {
    let d = s.work.join("out");
    fs::create_dir(&d).unwrap();
    d
}

// ---------------------------------------------------------------------------
// Outbox

#[test]
fn outbox_once_sends_what_is_ready_once_and_again_only_when_changed() {
    let server = Behaviour::new().max_connections(100).dir("/up").start();
    let s = scratch();
    let out = outbox(&s);
    for (name, data) in [("a.csv", sample(70_000)), ("b.csv", b"bee\n".to_vec())] {
        old_file(&out, name, &data);
    }
    for busy in [".a.csv.Xa3f9Q", "c.csv.part", "d.tmp", "e.csv~", "f.csv.1a2b3c4d.ftps-upload", "g.log"] {
        old_file(&out, busy, b"in progress");
    }
    let url = server.url("ftp", "u:p", "/up/");
    let args = ["--once", "--settle", "1", "--exclude", "*.log", "--json", "out", url.as_str()];
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    assert_eq!(server.file("/up/a.csv").unwrap(), sample(70_000));
    assert_eq!(server.file("/up/b.csv").unwrap(), b"bee\n");
    assert_eq!(server.files().len(), 2, "only finished, selected files: {:?}", server.files().keys());
    let lines: Vec<serde_json::Value> = o.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.iter().filter(|v| v["status"] == "delivered").count(), 2, "{}", o.stdout);
    assert_eq!(lines.last().unwrap()["summary"]["delivered"], 2, "{}", o.stdout);
    // Sources stay (no --sent), and the journal remembers them.
    assert!(out.join("a.csv").exists());
    let again = run(&mut watch(&s, &args));
    expect_code(&again, &server, 0);
    assert_eq!(count(&server, "RNTO up/a.csv") + count(&server, "RNTO up/b.csv"), 2, "{}", ctx(&again, &server));
    // A changed file is sent again (a new file written just now settles first).
    fs::write(out.join("b.csv"), b"bee 2\n").unwrap();
    let third = run(&mut watch(&s, &args));
    expect_code(&third, &server, 0);
    assert_eq!(server.file("/up/b.csv").unwrap(), b"bee 2\n", "{}", ctx(&third, &server));
    assert_eq!(count(&server, "RNTO up/a.csv"), 1);
}

#[test]
fn a_growing_file_is_sent_once_complete_and_sigterm_ends_cleanly() {
    let server = Behaviour::new().max_connections(100).dir("/up").start();
    let s = scratch();
    let out = outbox(&s);
    let url = server.url("ftp", "u:p", "/up/");
    let mut w = spawn(&s, &["--settle", "2", "--interval", "1", "--sent", "done", "out", &url]);
    let mut f = fs::File::create(out.join("grow.bin")).unwrap();
    let whole = sample(64 * 1024);
    for piece in whole.chunks(8 * 1024) {
        f.write_all(piece).unwrap();
        f.flush().unwrap();
        // Some writers close and reopen between pieces: a close is no proof.
        std::thread::sleep(Duration::from_millis(500));
        assert!(server.file("/up/grow.bin").is_none(), "taken while still growing: {}", server.log());
    }
    drop(f);
    assert!(wait_for(20, || s.work.join("done/grow.bin").exists()), "never sent: {}", server.log());
    let o = w.signal(nix::sys::signal::Signal::SIGTERM);
    expect_code(&o, &server, 0);
    assert_eq!(server.file("/up/grow.bin").unwrap(), whole);
    assert_eq!(count(&server, "RNTO up/grow.bin"), 1, "{}", server.log());
    assert!(!out.join("grow.bin").exists());
}

#[test]
fn a_trigger_file_releases_its_file_and_moves_with_it() {
    let server = Behaviour::new().max_connections(100).dir("/up").start();
    let s = scratch();
    let out = outbox(&s);
    old_file(&out, "a.xml", b"<a/>");
    old_file(&out, "b.xml", b"<b/>");
    old_file(&out, "b.xml.ok", b"");
    let url = server.url("ftp", "u:p", "/up/");
    let o = run(&mut watch(&s, &["--once", "--ready-suffix", ".ok", "--sent", "sent", "out", &url]));
    expect_code(&o, &server, 0);
    assert_eq!(server.files().keys().cloned().collect::<Vec<_>>(), ["/up/b.xml"], "{}", ctx(&o, &server));
    assert!(s.work.join("sent/b.xml").exists() && s.work.join("sent/b.xml.ok").exists());
    assert!(out.join("a.xml").exists() && !out.join("b.xml.ok").exists());
}

/// A writer appends while the file is being sent: the source is not
/// removed (the server has only what was read), and the new version is sent
/// once it settles, then removed.
#[test]
fn a_file_written_to_during_its_upload_is_kept_and_sent_again() {
    let server = Behaviour::new().max_connections(100).dir("/up").start();
    let s = scratch();
    let out = outbox(&s);
    let first = sample(512 * 1024);
    let path = old_file(&out, "log.txt", &first);
    let url = server.url("ftp", "u:p", "/up/");
    let args = ["--limit-rate", "256K", "--settle", "1", "--interval", "1", "--remove-source-files", "out", &url];
    let mut w = spawn(&s, &args);
    std::thread::sleep(Duration::from_millis(800));
    assert!(server.file("/up/log.txt").is_none(), "the upload should still be running: {}", server.log());
    fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"one more line\n").unwrap();
    assert!(wait_for(40, || !path.exists()), "never removed: {}", server.log());
    let o = w.signal(nix::sys::signal::Signal::SIGTERM);
    expect_code(&o, &server, 0);
    let mut whole = first;
    whole.extend_from_slice(b"one more line\n");
    assert_eq!(server.file("/up/log.txt").unwrap(), whole);
    assert_eq!(count(&server, "RNTO up/log.txt"), 2, "{}", ctx(&o, &server));
    assert!(o.stderr.contains("the source stays") && o.stderr.contains("kept it"), "{}", o.stderr);
}

/// The temporary name ftps uploads `local` under (see src/ops/remote_temp.rs):
/// the test makes it a directory on the server, so that one file's STOR is
/// refused with 553 while the others go through.
fn temp_name(remote: &str, local: &Path) -> String {
    let mut bytes = std::path::absolute(local).unwrap().into_os_string().into_encoded_bytes();
    let meta = fs::metadata(local).unwrap();
    bytes.extend_from_slice(&meta.len().to_le_bytes());
    let nanos = meta.modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    bytes.extend_from_slice(&nanos.to_le_bytes());
    format!("{remote}.{}.ftps-upload", &crate::fake::sha256_hex(&bytes)[..8])
}

#[test]
fn a_permanent_failure_goes_to_failed_with_its_reason_while_the_rest_go_on() {
    let s = scratch();
    let out = outbox(&s);
    let bad = old_file(&out, "bad.bin", b"refused");
    old_file(&out, "good1.bin", b"one");
    old_file(&out, "good2.bin", b"two");
    let server = Behaviour::new().max_connections(100).dir("/up").dir(&temp_name("/up/bad.bin", &bad)).start();
    let url = server.url("ftp", "u:p", "/up/");
    let o = run(&mut watch(&s, &["--once", "--failed", "failed", "--sent", "sent", "out", &url]));
    expect_code(&o, &server, 10);
    assert_eq!(server.file("/up/good1.bin").unwrap(), b"one");
    assert_eq!(server.file("/up/good2.bin").unwrap(), b"two");
    assert_eq!(fs::read(s.work.join("failed/bad.bin")).unwrap(), b"refused");
    let reason = fs::read_to_string(s.work.join("failed/bad.bin.reason")).unwrap();
    assert!(reason.contains("553"), "{reason}");
    assert!(o.stderr.contains("failed: bad.bin"), "{}", ctx(&o, &server));
    assert!(fs::read_dir(&out).unwrap().next().is_none(), "the outbox is empty");

    // A server folder that is not there fails the run, not each file.
    old_file(&out, "next.bin", b"next");
    let url = server.url("ftp", "u:p", "/no-such-folder/");
    let o = run(&mut watch(&s, &["--once", "--failed", "failed", "out", &url]));
    expect_code(&o, &server, 6);
    assert!(out.join("next.bin").exists(), "{}", ctx(&o, &server));
}

/// A server that keeps answering 452 (full): the file waits and is tried
/// again, and once --give-up-after has passed since its first failure (kept
/// in the journal, so this holds for runs from cron too) it goes to --failed.
#[test]
fn a_file_failing_for_longer_than_give_up_after_goes_to_failed_across_runs() {
    let server = Behaviour::new().max_connections(100).dir("/up").reply_to("STOR", "452 Insufficient storage.").start();
    let s = scratch();
    let out = outbox(&s);
    old_file(&out, "full.bin", b"no room");
    let url = server.url("ftp", "u:p", "/up/");
    let args = ["--retries", "0", "--once", "--give-up-after", "2s", "--failed", "failed", "out", url.as_str()];
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 7);
    assert!(out.join("full.bin").exists(), "{}", ctx(&o, &server));
    assert!(o.stderr.contains("tried again later"), "{}", ctx(&o, &server));
    std::thread::sleep(Duration::from_millis(2500));
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 7);
    assert!(!out.join("full.bin").exists(), "{}", ctx(&o, &server));
    let reason = fs::read_to_string(s.work.join("failed/full.bin.reason")).unwrap();
    assert!(reason.contains("452"), "{reason}");
}

/// --recursive: subfolders on both sides, made where missing; the --sent
/// folder inside the outbox and hidden folders are not entered.
#[test]
fn recursive_watches_deliver_subfolders_both_ways() {
    let server = Behaviour::new().max_connections(100).dir("/up").file("/in/x/y/deep.txt", "deep").start();
    let s = scratch();
    let out = outbox(&s);
    fs::create_dir_all(out.join("a/b")).unwrap();
    fs::create_dir_all(out.join(".git")).unwrap();
    old_file(&out.join("a/b"), "nested.csv", b"nested");
    old_file(&out, "top.csv", b"top");
    old_file(&out.join(".git"), "config", b"hidden");
    let url = server.url("ftp", "u:p", "/up/");
    let o = run(&mut watch(&s, &["--once", "-r", "--sent", "out/sent", "out", &url]));
    expect_code(&o, &server, 0);
    assert_eq!(server.file("/up/a/b/nested.csv").unwrap(), b"nested", "{}", ctx(&o, &server));
    assert_eq!(server.file("/up/top.csv").unwrap(), b"top");
    assert_eq!(server.files().keys().filter(|k| k.starts_with("/up/")).count(), 2, "{:?}", server.files().keys());
    assert!(out.join("sent/a/b/nested.csv").exists() && out.join("sent/top.csv").exists());
    // The sent folder is inside the outbox: a second run finds nothing to send.
    let o = run(&mut watch(&s, &["--once", "-r", "--sent", "out/sent", "out", &url]));
    expect_code(&o, &server, 0);
    assert_eq!(count(&server, "RNTO up/a/b/nested.csv"), 1, "{}", ctx(&o, &server));

    fs::create_dir(s.work.join("inbox")).unwrap();
    let inbox_url = server.url("ftp", "u:p", "/in/");
    let o = run(&mut watch(&s, &["--once", "-r", "--settle", "1", "--sent", "/done", &inbox_url, "inbox"]));
    expect_code(&o, &server, 0);
    assert_eq!(fs::read(s.work.join("inbox/x/y/deep.txt")).unwrap(), b"deep", "{}", ctx(&o, &server));
    assert_eq!(server.file("/done/x/y/deep.txt").unwrap(), b"deep", "{}", ctx(&o, &server));
}

/// A small deterministic generator (no test depends on a random crate).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn sigkill_at_random_moments_of_a_parallel_run_then_a_restart_delivers_each_file_exactly_once() {
    // Digests let a restarted watch tell its own renamed copy from an older file.
    let server = parallel::counting(Behaviour::new()).dir("/up").xsha256(false).start();
    let s = scratch();
    let out = outbox(&s);
    let files: Vec<(String, Vec<u8>)> =
        (0..30).map(|i| (format!("f{i:02}.bin"), sample(10_000 + i * 1_999).split_off(i))).collect();
    for (name, data) in &files {
        old_file(&out, name, data);
    }
    let url = server.url("ftp", "u:p", "/up/");
    // Slowed so that the kills land in transfers, renames and moves alike,
    // of several files at once.
    let args = [
        "--parallel",
        "4",
        "--once",
        "--settle",
        "1",
        "--sent",
        "sent",
        "--state",
        "journal",
        "--limit-rate",
        "300K",
        "out",
        url.as_str(),
    ];
    let mut rng = Lcg(0x5eed_2026);
    for _ in 0..8 {
        let mut w = spawn(&s, &args);
        std::thread::sleep(Duration::from_millis(200 + rng.below(700)));
        let _ = w.signal(nix::sys::signal::Signal::SIGKILL);
    }
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    let cmds = server.commands();
    let stors = cmds.iter().filter(|c| c.starts_with("STOR ")).count();
    let rests = cmds.iter().filter(|c| c.starts_with("REST ")).count();
    let sessions = cmds.iter().filter(|c| *c == "AUTH TLS").count();
    eprintln!("{sessions} sessions, {stors} STOR ({rests} resumed) for 30 files");
    assert!(server.peak_sessions() > 1, "one session at a time: {}", server.peak_sessions());
    let sent: Vec<String> =
        fs::read_dir(s.work.join("sent")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(sent.len(), 30, "{sent:?}\n{}", ctx(&o, &server));
    assert!(fs::read_dir(&out).unwrap().next().is_none(), "the outbox is empty");
    let on_server = server.files();
    assert_eq!(on_server.len(), 30, "no temporary file left: {:?}", on_server.keys());
    for (name, data) in &files {
        assert_eq!(on_server.get(&format!("/up/{name}")), Some(data), "{name}");
        assert_eq!(count(&server, &format!("RNTO up/{name}")), 1, "{name} renamed into place once\n{}", server.log());
    }
}

/// The moment a random kill rarely hits: the rename went through, the
/// journal still says "sending". The restart asks the server (size and
/// digest) instead of sending again, and finishes the move; a same-sized
/// older file on the server is no such proof.
#[test]
fn a_rename_the_journal_missed_is_found_on_the_server_and_not_sent_again() {
    let s = scratch();
    let out = outbox(&s);
    old_file(&out, "done.bin", &sample(3000));
    old_file(&out, "older.bin", b"new contents");
    let server = Behaviour::new()
        .max_connections(100)
        .file("/up/done.bin", sample(3000))
        .file("/up/older.bin", "old contents")
        .xsha256(false)
        .start();
    let at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut journal = String::new();
    for (name, size) in [("done.bin", 3000), ("older.bin", 12)] {
        journal += &format!(
            "{{\"name\":\"{name}\",\"size\":{size},\"time\":\"{T0}.000000000\",\"step\":\"sending\",\"at\":{at}}}\n"
        );
    }
    fs::write(s.work.join("journal"), journal).unwrap();
    let url = server.url("ftp", "u:p", "/up/");
    let o = run(&mut watch(&s, &["--once", "--state", "journal", "--sent", "sent", "--json", "out", &url]));
    expect_code(&o, &server, 0);
    assert_eq!(count(&server, "RNTO up/done.bin"), 0, "{}", ctx(&o, &server));
    assert!(o.stdout.contains(r#""name":"done.bin","status":"recovered""#), "{}", o.stdout);
    assert!(s.work.join("sent/done.bin").exists() && s.work.join("sent/older.bin").exists());
    assert_eq!(server.file("/up/older.bin").unwrap(), b"new contents", "{}", ctx(&o, &server));
}
