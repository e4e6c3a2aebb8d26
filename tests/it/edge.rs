//! Edge cases: the real `ftps` binary against the in-process fake server
//! (`fake.rs`) behaving well or misbehaving on purpose. Each test asserts the
//! exit code, what stderr says, what the server received and what is left on
//! disk.

use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::fake::{Behaviour, CutEnd, FakeServer, Greeting, MTIME_DISPLAY};
use crate::harness::{Output, ftps, run};

pub(crate) use crate::harness::{Scratch, scratch};

/// Runs `ftps --ca-file CA ARGS...` in `s.work`; returns its output and how
/// long it took.
pub(crate) fn client(s: &Scratch, args: &[&str]) -> (Output, Duration) {
    client_env(s, &[], args)
}

pub(crate) fn client_env(s: &Scratch, env: &[(&str, &str)], args: &[&str]) -> (Output, Duration) {
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).env("TZ", "UTC").arg("--ca-file").arg(&pki().ca_pem).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = run(&mut cmd);
    (out, started.elapsed())
}

/// Names in `dir`, sorted.
pub(crate) fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Deterministic pseudo-random content.
pub(crate) fn sample(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

/// Everything useful for an assertion message.
pub(crate) fn ctx(out: &Output, server: &FakeServer) -> String {
    format!(
        "exit code {}\n--- stdout\n{}\n--- stderr\n{}\n--- server\n{}",
        out.code,
        out.stdout,
        out.stderr,
        server.log()
    )
}

#[track_caller]
pub(crate) fn expect_code(out: &Output, server: &FakeServer, code: i32) {
    assert_eq!(out.code, code, "expected exit code {code}\n{}", ctx(out, server));
}

#[track_caller]
pub(crate) fn expect_no_panic(out: &Output, server: &FakeServer) {
    assert!(!out.stderr.contains("panicked"), "the client panicked\n{}", ctx(out, server));
    assert!(out.code != 101 && out.code != -1, "the client crashed\n{}", ctx(out, server));
}

/// True when some command line starts with `verb` (case-insensitive).
pub(crate) fn sent(server: &FakeServer, verb: &str) -> bool {
    server.commands().iter().any(|c| c.to_ascii_uppercase().starts_with(verb))
}

/// The checks every successful session must pass: nothing but AUTH (and
/// FEAT) in plaintext, PBSZ/PROT P sent, every data connection encrypted and
/// from 127.0.0.1.
#[track_caller]
fn assert_secure_session(out: &Output, server: &FakeServer) {
    let plain = server.plaintext_commands();
    assert!(
        plain.iter().all(|c| {
            let c = c.to_ascii_uppercase();
            c.starts_with("AUTH ") || c == "FEAT"
        }),
        "only AUTH (and FEAT) may be sent in plaintext, got {plain:?}\n{}",
        ctx(out, server)
    );
    let cmds = server.commands();
    assert!(cmds.iter().any(|c| c == "PBSZ 0"), "no PBSZ 0\n{}", ctx(out, server));
    assert!(cmds.iter().any(|c| c.eq_ignore_ascii_case("PROT P")), "no PROT P\n{}", ctx(out, server));
    let data = server.data_connections();
    assert!(!data.is_empty(), "no data connection\n{}", ctx(out, server));
    for d in &data {
        assert!(d.tls, "unencrypted data connection {d:?}\n{}", ctx(out, server));
        assert_eq!(d.peer.ip(), IpAddr::V4(Ipv4Addr::LOCALHOST), "{}", ctx(out, server));
    }
}

pub(crate) const FILE: &str = "/pub/data.bin";
pub(crate) const FILE_LEN: usize = 300_000;

pub(crate) fn with_file() -> Behaviour {
    Behaviour::new().file(FILE, sample(FILE_LEN))
}

/// `get` of [`FILE`] into the work directory, expecting success.
#[track_caller]
fn get_ok(behaviour: Behaviour, scheme: &str) -> (FakeServer, Scratch, Output) {
    let server = behaviour.start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url(scheme, "u:p", FILE)]);
    expect_code(&out, &server, 0);
    expect_no_panic(&out, &server);
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
    let got = fs::read(s.work.join("data.bin")).expect("read download");
    assert!(got == sample(FILE_LEN), "downloaded content differs ({} bytes)\n{}", got.len(), ctx(&out, &server));
    assert_secure_session(&out, &server);
    (server, s, out)
}

// ---------------------------------------------------------------- sanity

#[test]
fn get_downloads_end_to_end() {
    let (server, _s, out) = get_ok(with_file(), "ftp");
    let cmds = server.commands();
    assert_eq!(cmds.first().map(|c| c.to_ascii_uppercase()), Some("AUTH TLS".into()), "{}", ctx(&out, &server));
    assert!(cmds.iter().any(|c| c == "USER u"), "{}", ctx(&out, &server));
    assert!(cmds.iter().any(|c| c == "PASS p"), "{}", ctx(&out, &server));
    assert!(server.data_connections().iter().any(|d| d.command.starts_with("RETR ")), "{}", ctx(&out, &server));
}

#[test]
fn get_with_output_path() {
    let server = with_file().start();
    let s = scratch();
    let target = s.work.join("renamed.bin");
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", FILE), "-o", target.to_str().unwrap()]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work), ["renamed.bin"], "{}", ctx(&out, &server));
    assert!(fs::read(&target).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
}

#[test]
fn get_implicit_ftps() {
    let (server, _s, out) = get_ok(with_file().implicit(), "ftps");
    assert!(server.plaintext_commands().is_empty(), "{}", ctx(&out, &server));
    assert!(!sent(&server, "AUTH"), "AUTH sent on an implicit connection\n{}", ctx(&out, &server));
}

#[test]
fn get_via_localhost_name() {
    let server = with_file().start();
    let s = scratch();
    let url = format!("ftp://u:p@localhost:{}{FILE}", server.port());
    let (out, _) = client(&s, &["get", &url]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
}

fn listing_server() -> FakeServer {
    listing_server_with(Behaviour::new())
}

fn listing_server_with(b: Behaviour) -> FakeServer {
    b.file("/dir/a.txt", "hello").file("/dir/sub/inner.txt", "x").file("/other.txt", "zz").start()
}

#[test]
fn ls_long_format() {
    let server = listing_server();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/dir/")]);
    expect_code(&out, &server, 0);
    let (date, time) = MTIME_DISPLAY.split_once(' ').unwrap();
    let lines: Vec<Vec<&str>> = out.stdout.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(lines.len(), 2, "expected two entries\n{}", ctx(&out, &server));
    assert!(lines.contains(&vec!["-", "5", date, time, "a.txt"]), "{}", ctx(&out, &server));
    assert!(
        lines.iter().any(|l| l.len() == 5 && l[0] == "d" && l[2] == date && l[3] == time && l[4] == "sub"),
        "{}",
        ctx(&out, &server)
    );
    assert_secure_session(&out, &server);
    assert!(entries(&s.work).is_empty());
}

#[test]
fn ls_json() {
    let server = listing_server();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/dir/"), "--json"]);
    expect_code(&out, &server, 0);
    let v: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", ctx(&out, &server)));
    let arr = v.as_array().unwrap_or_else(|| panic!("not an array\n{}", ctx(&out, &server)));
    assert_eq!(arr.len(), 2, "{}", ctx(&out, &server));
    let by_name =
        |n: &str| arr.iter().find(|e| e["name"] == n).unwrap_or_else(|| panic!("no entry {n}\n{}", ctx(&out, &server)));
    let a = by_name("a.txt");
    assert_eq!(a["type"], "file", "{}", ctx(&out, &server));
    assert_eq!(a["size"], 5, "{}", ctx(&out, &server));
    assert_eq!(a["modified"], "2024-01-02T03:04:05Z", "{}", ctx(&out, &server));
    assert_eq!(by_name("sub")["type"], "dir", "{}", ctx(&out, &server));
}

#[test]
fn put_uploads() {
    let server = Behaviour::new().dir("/incoming").start();
    let s = scratch();
    let content = sample(70_000);
    fs::write(s.work.join("up.bin"), &content).unwrap();
    let (out, _) = client(&s, &["put", "up.bin", &server.url("ftp", "u:p", "/incoming/")]);
    expect_code(&out, &server, 0);
    let files = server.files();
    let names: Vec<&String> = files.keys().collect();
    assert_eq!(names, ["/incoming/up.bin"], "{}", ctx(&out, &server));
    assert!(files["/incoming/up.bin"] == content, "uploaded content differs\n{}", ctx(&out, &server));
    assert_secure_session(&out, &server);
    assert_eq!(entries(&s.work), ["up.bin"]);
}

// ---------------------------------------------------- tolerated oddities

#[test]
fn multiline_greeting_and_replies() {
    let (server, _s, out) = get_ok(with_file().multiline(), "ftp");
    assert!(sent(&server, "FEAT"), "{}", ctx(&out, &server));
}

#[test]
fn multiline_listing() {
    let server = Behaviour::new().multiline().file("/dir/a.txt", "hello").start();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/dir/")]);
    expect_code(&out, &server, 0);
    let lines: Vec<Vec<&str>> = out.stdout.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(lines.len(), 1, "{}", ctx(&out, &server));
    assert_eq!(lines[0].first(), Some(&"-"), "{}", ctx(&out, &server));
    assert_eq!(lines[0].last(), Some(&"a.txt"), "{}", ctx(&out, &server));
}

#[test]
fn epsv_refused_falls_back_to_pasv() {
    let (server, _s, out) = get_ok(with_file().epsv_refused(), "ftp");
    assert!(server.commands().iter().any(|c| c == "PASV"), "PASV not used\n{}", ctx(&out, &server));
}

#[test]
fn pasv_foreign_address_ignored() {
    let behaviour = with_file().epsv_refused().pasv_address(Ipv4Addr::new(10, 9, 8, 7));
    let (server, _s, out) = get_ok(behaviour, "ftp");
    assert!(server.commands().iter().any(|c| c == "PASV"), "PASV not used\n{}", ctx(&out, &server));
    // get_ok already checked every data connection came from 127.0.0.1.
}

// ------------------------------------------------------------- refusals

fn auth_refused(reply: &str) {
    let pw = "Xk9unusualPw31";
    let server = with_file().refuse_auth(reply).password(pw).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", &format!("u:{pw}"), FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 4);
    assert!(
        out.stderr.to_lowercase().contains("plaintext"),
        "stderr must say plaintext is not used\n{}",
        ctx(&out, &server)
    );
    assert!(sent(&server, "AUTH"), "{}", ctx(&out, &server));
    for verb in ["USER", "PASS", "RETR", "SIZE", "PBSZ", "PROT"] {
        assert!(!sent(&server, verb), "{verb} sent after AUTH was refused\n{}", ctx(&out, &server));
    }
    assert!(!server.commands().iter().any(|c| c.contains(pw)), "{}", ctx(&out, &server));
    assert!(server.data_connections().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn auth_tls_refused_534() {
    auth_refused("534 not available");
}

#[test]
fn auth_tls_refused_500() {
    auth_refused("500 'AUTH TLS': command not understood");
}

#[test]
fn wrong_password_exits_5() {
    let server = with_file().reject_login().start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:wrong", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 5);
    assert!(server.commands().iter().any(|c| c == "PASS wrong"), "{}", ctx(&out, &server));
    assert!(!sent(&server, "RETR"), "{}", ctx(&out, &server));
    assert!(server.data_connections().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn missing_remote_file_exits_6() {
    let server = with_file().start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/pub/nope.bin")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 6);
    assert!(out.stderr.contains("nope.bin"), "stderr should name the file\n{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn existing_local_file_needs_force() {
    let server = with_file().start();
    let s = scratch();
    let target = s.work.join("data.bin");
    fs::write(&target, "old").unwrap();
    let url = server.url("ftp", "u:p", FILE);
    let (out, _) = client(&s, &["get", &url]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 8);
    assert_eq!(fs::read(&target).unwrap(), b"old", "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
    // The CLI, not the library, names the option that fixes it.
    assert!(out.stderr.contains("already exists; pass --force to overwrite it"), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &["get", &url, "--force"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(&target).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
}

// ------------------------------------------------------- hostile servers

#[track_caller]
fn overlong(behaviour: Behaviour) {
    let server = behaviour.start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "20", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(took < Duration::from_secs(10), "took {took:?}\n{}", ctx(&out, &server));
    assert!(!out.stderr.trim().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn overlong_greeting_exits_9() {
    overlong(with_file().greeting(Greeting::Overlong));
}

#[test]
fn overlong_reply_inside_tls_exits_9() {
    overlong(with_file().overlong_reply_to("PASS"));
}

#[test]
fn garbage_greeting_exits_9() {
    let server = with_file().greeting(Greeting::Garbage).start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "20", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(took < Duration::from_secs(10), "took {took:?}\n{}", ctx(&out, &server));
    assert!(server.commands().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn silent_server_times_out() {
    let server = with_file().greeting(Greeting::Silent).start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "2", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 3);
    assert!(took < Duration::from_secs(10), "took {took:?}\n{}", ctx(&out, &server));
    assert!(took >= Duration::from_millis(1900), "gave up before the timeout: {took:?}\n{}", ctx(&out, &server));
    let err = out.stderr.to_lowercase();
    assert!(err.contains("timed out") || err.contains("timeout"), "{}", ctx(&out, &server));
    assert!(
        ["greeting", "reply", "waiting"].iter().any(|w| err.contains(w)),
        "stderr should name the phase\n{}",
        ctx(&out, &server)
    );
    assert!(server.commands().is_empty(), "{}", ctx(&out, &server));
}

fn cut(end: CutEnd) {
    let server = with_file().cut_retr(50_000, end).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "0", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 7);
    assert!(
        server.data_connections().iter().any(|d| d.command.starts_with("RETR ")),
        "the cut transfer never happened\n{}",
        ctx(&out, &server)
    );
    assert!(!s.work.join("data.bin").exists(), "truncated download under the final name\n{}", ctx(&out, &server));
    // A partial file may be kept for a later resume, but only under .part.
    for name in entries(&s.work) {
        assert_eq!(name, "data.bin.part", "{}", ctx(&out, &server));
        let len = fs::metadata(s.work.join(&name)).unwrap().len();
        assert!(len < FILE_LEN as u64, "{}", ctx(&out, &server));
    }
}

#[test]
fn data_cut_then_226_exits_7() {
    cut(CutEnd::Complete226);
}

#[test]
fn data_cut_then_426_exits_7() {
    cut(CutEnd::Abort426);
}

// ------------------------------------------------------------ secrets

#[track_caller]
fn assert_redacted(out: &Output, server: &FakeServer, pw: &str) {
    expect_code(out, server, 0);
    assert!(
        server.commands().iter().any(|c| *c == format!("PASS {pw}")),
        "the password was not sent\n{}",
        ctx(out, server)
    );
    assert!(!out.stderr.contains(pw), "password in stderr\n{}", ctx(out, server));
    assert!(!out.stdout.contains(pw), "password in stdout\n{}", ctx(out, server));
    assert!(out.stderr.contains("PASS ****"), "trace should show PASS ****\n{}", ctx(out, server));
}

#[test]
fn verbose_trace_redacts_password() {
    let pw = "Zq7unlikelyPw94x";
    let server = with_file().password(pw).start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "get", &server.url("ftp", &format!("u:{pw}"), FILE)]);
    assert_redacted(&out, &server, pw);
    assert!(out.stderr.contains("USER u"), "trace should show USER\n{}", ctx(&out, &server));
}

#[test]
fn password_from_env_redacted() {
    let pw = "Env8passwordQw2";
    let server = with_file().password(pw).start();
    let s = scratch();
    let (out, _) = client_env(&s, &[("FTPS_PASSWORD", pw)], &["-v", "get", &server.url("ftp", "u", FILE)]);
    assert_redacted(&out, &server, pw);
}

// ------------------------------------------------------ CR/LF injection

#[track_caller]
fn injection(server: &FakeServer, s: &Scratch, args: &[&str]) {
    let (out, _) = client(s, args);
    expect_no_panic(&out, server);
    expect_code(&out, server, 2);
    assert!(!sent(server, "DELE"), "an injected command reached the server\n{}", ctx(&out, server));
    assert!(server.file("/victim.txt").is_some(), "{}", ctx(&out, server));
    for c in server.commands() {
        assert!(!c.contains('\r') && !c.contains('\n'), "{c:?}\n{}", ctx(&out, server));
        assert!(!c.contains("victim"), "{c:?}\n{}", ctx(&out, server));
    }
    assert!(server.data_connections().is_empty(), "{}", ctx(&out, server));
}

fn injection_server() -> FakeServer {
    Behaviour::new().file("/victim.txt", "precious").file("/a", "a").dir("/incoming").start()
}

#[test]
fn crlf_in_get_path_exits_2() {
    let server = injection_server();
    let s = scratch();
    injection(&server, &s, &["get", &server.url("ftp", "u:p", "/a%0d%0aDELE%20victim.txt")]);
    assert!(entries(&s.work).is_empty());
}

#[test]
fn lf_in_ls_path_exits_2() {
    let server = injection_server();
    let s = scratch();
    injection(&server, &s, &["ls", &server.url("ftp", "u:p", "/incoming%0aDELE%20victim.txt/")]);
}

#[test]
fn cr_in_put_path_exits_2() {
    let server = injection_server();
    let s = scratch();
    fs::write(s.work.join("up.bin"), "data").unwrap();
    injection(&server, &s, &["put", "up.bin", &server.url("ftp", "u:p", "/incoming/x%0dDELE%20victim.txt")]);
    let names: Vec<String> = server.files().into_keys().collect();
    assert_eq!(names, ["/a", "/victim.txt"]);
}

// ------------------------------------------------- more hostile replies

#[test]
fn endless_multiline_reply_exits_9() {
    let server = Behaviour::new().greeting(Greeting::Endless).start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "20", "ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("lines"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(15), "{}", ctx(&out, &server));
}

#[test]
fn reply_code_out_of_range_exits_9() {
    let server = Behaviour::new().greeting(Greeting::BadCode).start();
    let s = scratch();
    let (out, _) = client(&s, &["--timeout", "10", "ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("620"), "the bad line is shown\n{}", ctx(&out, &server));
}

#[test]
fn non_utf8_greeting_is_tolerated() {
    let server = listing_server_with(Behaviour::new().greeting(Greeting::NonUtf8));
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 0);
}

#[test]
fn trickling_server_times_out_naming_the_phase() {
    let server = Behaviour::new().greeting(Greeting::Trickle).start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "2", "ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 3);
    assert!(out.stderr.contains("timed out during the wait for a server reply"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(5), "the deadline bounds the whole reply: took {took:?}");
}

#[test]
fn get_glob_refuses_hostile_listing_names() {
    let server = Behaviour::new()
        .file("/t/ok.bin", "fine")
        .raw_entry("/t", "../evil.bin")
        .raw_entry("/t", "/tmp/evil-abs.bin")
        .raw_entry("/t", "a/evil.bin")
        .start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work), ["out"], "nothing beside the destination\n{}", ctx(&out, &server));
    assert_eq!(entries(&s.work.join("out")), ["ok.bin"], "{}", ctx(&out, &server));
    assert!(out.stderr.contains("skipping server entry"), "each refusal is reported\n{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("RETR") && c.contains("evil")), "{}", ctx(&out, &server));
}
