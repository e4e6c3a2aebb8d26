//! The one-shot commands (`rm`, `mkdir`, `mv`, `chmod`, `stat`, `cat`) and
//! the streams (`get -o -`, `put -`), against the in-process server and
//! real vsftpd/ProFTPD.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::edge::{FILE, client, ctx, with_file};
use crate::fake::Behaviour;
use crate::harness::{describe, ftps, scratch};
use crate::servers::{Kind, server};

/// Every byte value, with a terminal escape sequence and a CR LF in it:
/// what `cat` must pass through untouched.
fn nasty_bytes() -> Vec<u8> {
    let mut v: Vec<u8> = b"\x1b]0;owned\x07\x1b[31mred\r\n".to_vec();
    v.extend(0..=255u8);
    v.extend(crate::edge::sample(70_000));
    v
}

/// Runs `cmd` with `input` on stdin; returns (exit code, stdout bytes, stderr).
fn run_bytes(cmd: &mut Command, input: Option<&[u8]>) -> (i32, Vec<u8>, String) {
    let line = describe(cmd);
    cmd.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {line}: {e}"));
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        let bytes = bytes.to_vec();
        thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
    }
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{line} did not finish in 60 s");
        }
        thread::sleep(Duration::from_millis(10));
    };
    (status.code().unwrap_or(-1), out.join().unwrap(), err.join().unwrap())
}

fn fake_cmd(s: &crate::harness::Scratch, args: &[&str]) -> Command {
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&pki().ca_pem).args(args);
    cmd
}

#[test]
fn cat_and_get_to_stdout_pass_bytes_unaltered() {
    let data = nasty_bytes();
    let server = Behaviour::new()
        .file("/pub/a.bin", data.clone())
        .file("/pub/b.txt", b"second\n".to_vec())
        .max_connections(10)
        .start();
    let s = scratch();
    let (a, b) = (server.url("ftp", "u:p", "/pub/a.bin"), server.url("ftp", "u:p", "/pub/b.txt"));
    let (code, out, err) = run_bytes(&mut fake_cmd(&s, &["cat", &a, &b]), None);
    assert_eq!(code, 0, "{err}\n{}", server.log());
    let mut want = data.clone();
    want.extend_from_slice(b"second\n");
    assert!(out == want, "cat changed the bytes ({} vs {} bytes)", out.len(), want.len());

    let (code, out, err) = run_bytes(&mut fake_cmd(&s, &["get", &a, "-o", "-"]), None);
    assert_eq!(code, 0, "{err}");
    assert!(out == data, "get -o - changed the bytes");
    assert!(std::fs::read_dir(&s.work).unwrap().next().is_none(), "get -o - left a file behind");

    // A missing file among several: the others still come, exit 10.
    let missing = server.url("ftp", "u:p", "/pub/none");
    let (code, out, err) = run_bytes(&mut fake_cmd(&s, &["cat", &missing, &b]), None);
    assert_eq!(code, 10, "{err}");
    assert_eq!(out, b"second\n");
    assert!(err.contains("pub/none"), "{err}");
}

#[test]
fn put_from_stdin() {
    let server = Behaviour::new().dir("/in").start();
    let s = scratch();
    let data = nasty_bytes();
    let url = server.url("ftp", "u:p", "/in/up.bin");
    let (code, out, err) = run_bytes(&mut fake_cmd(&s, &["put", "-", &url]), Some(&data));
    assert_eq!(code, 0, "{err}\n{}", server.log());
    assert!(out.is_empty(), "nothing may go to stdout: {out:?}");
    assert!(server.file("/in/up.bin") == Some(data), "{}", server.log());

    let (code, _, err) = run_bytes(&mut fake_cmd(&s, &["put", "-", &server.url("ftp", "u:p", "/in/")]), Some(b"x"));
    assert!(code == 2 && err.contains("needs a remote file name"), "{err}");
}

fn mkfifo(path: &std::path::Path) {
    let ok = Command::new("mkfifo").arg(path).status().map(|s| s.success()).unwrap_or(false);
    assert!(ok, "mkfifo {} failed", path.display());
}

fn is_fifo(path: &std::path::Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// `get -o /dev/null` used to rename its `.part` over the destination: as root
/// that replaced the device node with a regular file (and broke every later
/// program reading /dev/null). A FIFO stands in for the device here.
#[test]
fn get_into_and_put_from_a_fifo_keep_the_fifo() {
    let data = nasty_bytes();
    let server = Behaviour::new().file("/pub/a.bin", data.clone()).dir("/in").max_connections(10).start();
    let s = scratch();
    let fifo = s.work.join("pipe");
    mkfifo(&fifo);

    let reader = {
        let fifo = fifo.clone();
        thread::spawn(move || std::fs::read(&fifo).unwrap())
    };
    let (code, _, err) =
        run_bytes(&mut fake_cmd(&s, &["get", &server.url("ftp", "u:p", "/pub/a.bin"), "-o", "pipe"]), None);
    assert_eq!(code, 0, "{err}\n{}", server.log());
    assert!(reader.join().unwrap() == data, "the FIFO's reader did not get the file's bytes");
    assert!(is_fifo(&fifo), "get replaced the FIFO");
    let names: Vec<_> = std::fs::read_dir(&s.work).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["pipe"], "get left files behind");

    let writer = {
        let (fifo, data) = (fifo.clone(), data.clone());
        thread::spawn(move || std::fs::write(&fifo, data).unwrap())
    };
    let (code, _, err) = run_bytes(&mut fake_cmd(&s, &["put", "pipe", &server.url("ftp", "u:p", "/in/up.bin")]), None);
    writer.join().unwrap();
    assert_eq!(code, 0, "{err}\n{}", server.log());
    assert!(server.file("/in/up.bin") == Some(data), "{}", server.log());
    assert!(is_fifo(&fifo), "put replaced the FIFO");

    // A glob or several URLs cannot all go into one FIFO.
    let (code, _, err) =
        run_bytes(&mut fake_cmd(&s, &["get", &server.url("ftp", "u:p", "/pub/*"), "-o", "pipe"]), None);
    assert!(code == 2 && err.contains("not a regular file"), "{err}");
    assert!(is_fifo(&fifo));
}

#[test]
fn rm_mkdir_mv_stat_against_the_fake_server() {
    let server = with_file().file("/pub/other.txt", b"o".to_vec()).dir("/pub/sub").max_connections(20).start();
    let s = scratch();
    let url = |p: &str| server.url("ftp", "u:p", p);

    let (out, _) = client(&s, &["mv", &url(FILE), "pub/renamed.bin"]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    assert!(server.file("/pub/renamed.bin").is_some() && server.file(FILE).is_none(), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &["stat", "--json", &url("/pub/renamed.bin")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["facts"]["type"], "file", "{}", out.stdout);
    assert_eq!(v["facts"]["size"], crate::edge::FILE_LEN.to_string(), "{}", out.stdout);
    let (out, _) = client(&s, &["stat", &url("/pub/renamed.bin")]);
    assert!(out.code == 0 && out.stdout.contains("  type: file"), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &["mkdir", "-p", &url("/pub/x/y/z")]);
    assert_eq!(out.code, 0, "{}", ctx(&out, &server));
    let mkd: Vec<String> = server.commands().into_iter().filter(|c| c.starts_with("MKD")).collect();
    assert_eq!(mkd, ["MKD pub", "MKD pub/x", "MKD pub/x/y", "MKD pub/x/y/z"]);

    let (out, _) = client(&s, &["rm", &url("/pub/sub")]);
    assert_eq!(out.code, 2, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("is a directory; pass -r"), "{}", out.stderr);

    let (out, _) = client(&s, &["rm", &url("/pub/none"), &url("/pub/other.txt")]);
    assert_eq!(out.code, 10, "{}", ctx(&out, &server));
    assert!(server.file("/pub/other.txt").is_none(), "{}", ctx(&out, &server));
    let (out, _) = client(&s, &["rm", &url("/pub/none")]);
    assert_eq!(out.code, 6, "{}", ctx(&out, &server));

    let (out, _) = client(&s, &["rm", &url("/")]);
    assert!(out.code == 2 && out.stderr.contains("login directory"), "{}", ctx(&out, &server));
    let before = server.connections();
    let (out, _) = client(&s, &["chmod", "u+x", &url("/pub/renamed.bin")]);
    assert!(out.code == 2 && out.stderr.contains("octal mode"), "{}", ctx(&out, &server));
    assert_eq!(server.connections(), before, "a bad mode must fail before connecting");
}

fn each_server(test: impl Fn(&crate::servers::Server)) {
    for kind in [Kind::Vsftpd, Kind::Proftpd] {
        for implicit in [false, true] {
            if let Some(srv) = server(kind, implicit) {
                test(&srv);
            }
        }
    }
}

#[test]
fn one_shot_commands_against_real_servers() {
    each_server(|srv| {
        let s = scratch();
        let base = srv.base_url();
        let run = |args: &[&str]| {
            let mut cmd = srv.client(&s.home);
            cmd.current_dir(&s.work).args(args);
            crate::harness::run(&mut cmd)
        };
        srv.write_file("tree/a.txt", b"a");
        srv.write_file("tree/sub/b.txt", b"b");
        srv.write_file("tree/sub/deeper/c.txt", b"c");
        let out = run(&["rm", &format!("{base}/tree")]);
        srv.expect_code(&out, 2);
        let out = run(&["rm", "-r", &format!("{base}/tree")]);
        srv.expect_code(&out, 0);
        assert!(!srv.path("tree").exists(), "{}: tree still there", srv.kind);
        assert!(out.stderr.contains("removed tree (6 entries)"), "{}", out.stderr);

        let out = run(&["mkdir", "-p", &format!("{base}/made/deep")]);
        srv.expect_code(&out, 0);
        assert!(srv.path("made/deep").is_dir());
        let out = run(&["mkdir", "-p", &format!("{base}/made/deep")]);
        srv.expect_code(&out, 0);

        srv.write_file("f.txt", b"hello");
        let out = run(&["chmod", "600", &format!("{base}/f.txt")]);
        srv.expect_code(&out, 0);
        let mode = std::fs::metadata(srv.path("f.txt")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", srv.kind);

        let out = run(&["mv", &format!("{base}/f.txt"), "made/g.txt"]);
        srv.expect_code(&out, 0);
        assert_eq!(std::fs::read(srv.path("made/g.txt")).unwrap(), b"hello");

        let out = run(&["stat", "--json", &format!("{base}/made/g.txt")]);
        srv.expect_code(&out, 0);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["facts"]["size"], "5", "{}: {}", srv.kind, out.stdout);

        let data = nasty_bytes();
        let mut cmd = srv.client(&s.home);
        cmd.args(["put", "-", &format!("{base}/made/stdin.bin")]);
        let (code, _, err) = run_bytes(&mut cmd, Some(&data));
        assert_eq!(code, 0, "{}: {err}\n{}", srv.kind, srv.logs());
        assert!(std::fs::read(srv.path("made/stdin.bin")).unwrap() == data, "{}", srv.kind);
        let mut cmd = srv.client(&s.home);
        cmd.args(["cat", &format!("{base}/made/stdin.bin"), &format!("{base}/made/g.txt")]);
        let (code, out, err) = run_bytes(&mut cmd, None);
        assert_eq!(code, 0, "{}: {err}", srv.kind);
        let mut want = data.clone();
        want.extend_from_slice(b"hello");
        assert!(out == want, "{}: cat changed the bytes", srv.kind);
    });
}
