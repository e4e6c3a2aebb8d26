//! The `ftps` binary against real servers: vsftpd (LIST only) and ProFTPD
//! (MLSD), each with explicit (`AUTH TLS`) and implicit FTPS, both requiring
//! TLS session reuse on data connections.
//!
//! Every case is a function `fn(Kind, bool)` run for the whole matrix by
//! `matrix!`; each test starts its own server instance, so they run in
//! parallel. Without the servers (not root, not installed) the tests print
//! `SKIP:` and pass, unless `FTPS_INTEROP=1`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::harness::{Output, ftps, interop_required, run, set_mtime};
use crate::servers::{Kind, Server, server};

/// 2024-01-02 03:04:05 UTC, the mtime given to listing fixtures.
const FIXTURE_MTIME: u64 = 1_704_164_645;

// ---------------------------------------------------------------------------
// Helpers

use crate::harness::scratch as local;

/// Deterministic pseudo-random bytes (xorshift64*), different per seed.
fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out.extend_from_slice(&x.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Runs `cmd` for `srv`, printing the server logs if the test then fails.
#[track_caller]
fn run_ok(srv: &Server, cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert_eq!(
        out.code,
        0,
        "{} ({}) failed with exit code {}\n--- stdout\n{}\n--- stderr\n{}\n{}",
        srv.kind,
        mode(srv),
        out.code,
        out.stdout,
        out.stderr,
        srv.logs()
    );
    out
}

#[track_caller]
fn run_expect(srv: &Server, cmd: &mut Command, code: i32) -> Output {
    let out = run(cmd);
    assert_eq!(
        out.code,
        code,
        "{} ({}): expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
        srv.kind,
        mode(srv),
        out.code,
        out.stdout,
        out.stderr
    );
    out
}

fn mode(srv: &Server) -> &'static str {
    if srv.implicit { "implicit" } else { "explicit" }
}

/// Names in a local directory ending in `.part`.
fn part_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

/// One line of `ls` long output: `TYPE SIZE YYYY-MM-DD HH:MM:SS NAME`.
#[derive(Debug)]
struct LongLine {
    kind: String,
    size: String,
    date: String,
    time: String,
    name: String,
}

fn parse_long(line: &str) -> LongLine {
    // Four whitespace-separated fields (SIZE may be padded), then the name,
    // which may itself contain spaces.
    let mut rest = line;
    let mut fields = Vec::new();
    for _ in 0..4 {
        rest = rest.trim_start();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        fields.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    let name = rest.strip_prefix(' ').unwrap_or(rest);
    let name = name.split(" -> ").next().unwrap_or(name);
    LongLine {
        kind: fields[0].clone(),
        size: fields[1].clone(),
        date: fields[2].clone(),
        time: fields[3].clone(),
        name: name.to_string(),
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[2] == b':'
        && b[5] == b':'
        && b.iter().enumerate().all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

/// The `ls` fixtures: two files (one with spaces in its name) and a
/// subdirectory with a file, all with known mtimes.
fn listing_fixtures(srv: &Server) {
    srv.write_file("list/alpha.txt", b"hello");
    srv.write_file("list/with space.txt", b"hello world");
    srv.write_file("list/sub/inner.bin", &random_bytes(1234, 7));
    for f in ["list/alpha.txt", "list/with space.txt", "list/sub/inner.bin"] {
        set_mtime(&srv.path(f), FIXTURE_MTIME);
    }
}

/// Trace lines describing a data connection's TLS handshake, split into
/// (resumed, full).
fn data_handshakes(stderr: &str) -> (usize, Vec<String>) {
    let mut resumed = 0;
    let mut full = Vec::new();
    for line in stderr.lines() {
        let l = line.to_ascii_lowercase();
        if !l.contains("data") {
            continue;
        }
        if l.contains("full") || l.contains("not resumed") {
            full.push(line.to_string());
        } else if l.contains("resumed") {
            resumed += 1;
        }
    }
    (resumed, full)
}

/// Number of logins in a `-v` trace (the `USER` commands sent).
fn logins(stderr: &str, user: &str) -> usize {
    let needle = format!("USER {user}");
    stderr.lines().filter(|l| l.contains(&needle)).count()
}

#[track_caller]
fn assert_one_session_all_resumed(srv: &Server, out: &Output, transfers: usize, what: &str) {
    let n = logins(&out.stderr, &srv.user);
    // The one exception, by design: implicit FTPS to ProFTPD under TLS 1.3.
    // ProFTPD issues no ticket on uploads and rustls uses each TLS 1.3 ticket
    // once, so after the two control tickets are spent the client switches the
    // session to TLS 1.2 (one reconnect, announced in the trace). In explicit
    // mode the ProFTPD banner is seen before AUTH TLS and TLS 1.2 is chosen
    // up front, so that case stays at one login.
    let switched = out.stderr.contains("reconnecting with TLS 1.2");
    let allowed = if srv.kind == Kind::Proftpd && srv.implicit && switched { 2 } else { 1 };
    assert_eq!(
        n,
        allowed,
        "{} ({}) {what}: expected {allowed} login(s), saw {n}\n--- stderr\n{}",
        srv.kind,
        mode(srv),
        out.stderr
    );
    let (resumed, full) = data_handshakes(&out.stderr);
    assert!(
        full.is_empty(),
        "{} ({}) {what}: data connections with a full TLS handshake:\n{}\n--- stderr\n{}",
        srv.kind,
        mode(srv),
        full.join("\n"),
        out.stderr
    );
    assert!(
        resumed >= transfers,
        "{} ({}) {what}: expected at least {transfers} resumed data handshakes in the -v trace, saw {resumed}\n--- stderr\n{}",
        srv.kind,
        mode(srv),
        out.stderr
    );
    assert!(!out.stderr.contains(&srv.password), "the -v trace shows the password");
}

// ---------------------------------------------------------------------------
// Cases

fn ls_long(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    listing_fixtures(&srv);

    let out = run_ok(&srv, srv.client(&l.home).arg("ls").arg(format!("{}/list/", srv.base_url())));
    let entries: BTreeMap<String, LongLine> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_long)
        .filter(|e| e.name != "." && e.name != "..")
        .map(|e| (e.name.clone(), e))
        .collect();
    let names: Vec<&str> = entries.keys().map(String::as_str).collect();
    assert_eq!(names, ["alpha.txt", "sub", "with space.txt"], "stdout:\n{}", out.stdout);
    for e in entries.values() {
        assert!(is_date(&e.date) && is_time(&e.time), "bad time in {e:?}");
    }
    assert_eq!(entries["alpha.txt"].kind, "-");
    assert_eq!(entries["alpha.txt"].size, "5");
    assert_eq!(entries["with space.txt"].kind, "-");
    assert_eq!(entries["with space.txt"].size, "11");
    assert_eq!(entries["sub"].kind, "d");
    // Old files: LIST shows only the date, MLSD the exact UTC time.
    assert_eq!(entries["alpha.txt"].date, "2024-01-02", "{:?}", entries["alpha.txt"]);
    if kind == Kind::Proftpd {
        assert_eq!(entries["alpha.txt"].time, "03:04:05");
    }

    // A subdirectory, without the trailing slash.
    let out = run_ok(&srv, srv.client(&l.home).arg("ls").arg(format!("{}/list/sub", srv.base_url())));
    let lines: Vec<LongLine> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_long)
        .filter(|e| e.name != "." && e.name != "..")
        .collect();
    assert_eq!(lines.len(), 1, "stdout:\n{}", out.stdout);
    assert_eq!(lines[0].name, "inner.bin");
    assert_eq!(lines[0].kind, "-");
    assert_eq!(lines[0].size, "1234");
}

fn ls_json(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    listing_fixtures(&srv);

    let out = run_ok(&srv, srv.client(&l.home).arg("ls").arg("--json").arg(format!("{}/list/", srv.base_url())));
    let value: serde_json::Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("ls --json is not JSON ({e}):\n{}", out.stdout));
    let array = value.as_array().expect("ls --json prints an array");
    let by_name: BTreeMap<&str, &serde_json::Value> = array
        .iter()
        .map(|v| (v["name"].as_str().expect("name is a string"), v))
        .filter(|(n, _)| *n != "." && *n != "..")
        .collect();
    assert_eq!(by_name.keys().copied().collect::<Vec<_>>(), ["alpha.txt", "sub", "with space.txt"], "{}", out.stdout);
    assert_eq!(by_name["alpha.txt"]["type"], "file");
    assert_eq!(by_name["alpha.txt"]["size"], 5);
    assert_eq!(by_name["with space.txt"]["type"], "file");
    assert_eq!(by_name["with space.txt"]["size"], 11);
    assert_eq!(by_name["sub"]["type"], "dir");
    let modified = by_name["alpha.txt"]["modified"].as_str().expect("modified is an RFC 3339 string");
    assert!(
        modified.starts_with("2024-01-02T") && (modified.ends_with('Z') || modified.ends_with("+00:00")),
        "modified {modified:?} is not the fixture's date in RFC 3339 UTC"
    );
    if kind == Kind::Proftpd {
        assert!(modified.starts_with("2024-01-02T03:04:05"), "MLSD gives the exact time: {modified}");
    }
}

fn transfer_1mib(kind: Kind, implicit: bool) {
    roundtrip(kind, implicit, 1 << 20, "big.bin");
}

fn transfer_empty(kind: Kind, implicit: bool) {
    roundtrip(kind, implicit, 0, "empty.bin");
}

/// Download a fixture of `len` random bytes, upload a different one, and
/// compare both byte for byte.
fn roundtrip(kind: Kind, implicit: bool, len: usize, name: &str) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    let down = random_bytes(len, 1);
    let up = random_bytes(len, 2);
    srv.write_file(&format!("xfer/{name}"), &down);
    srv.mkdir("incoming");

    // get with -o.
    let target = l.work.join(name);
    run_ok(&srv, srv.client(&l.home).arg("get").arg(format!("{}/xfer/{name}", srv.base_url())).arg("-o").arg(&target));
    assert!(fs::read(&target).unwrap() == down, "downloaded {name} differs");
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");

    // get without -o: into the working directory under the remote name.
    let cwd = l.work.join("cwd");
    fs::create_dir(&cwd).unwrap();
    run_ok(&srv, srv.client(&l.home).current_dir(&cwd).arg("get").arg(format!("{}/xfer/{name}", srv.base_url())));
    assert!(fs::read(cwd.join(name)).unwrap() == down, "downloaded {name} (no -o) differs");
    assert_eq!(part_files(&cwd), Vec::<String>::new(), "a .part file was left");

    // put to a file URL and into a directory URL.
    let source = l.work.join(format!("up-{name}"));
    fs::write(&source, &up).unwrap();
    run_ok(&srv, srv.client(&l.home).arg("put").arg(&source).arg(format!("{}/incoming/{name}", srv.base_url())));
    assert!(fs::read(srv.path(&format!("incoming/{name}"))).unwrap() == up, "uploaded {name} differs");
    run_ok(&srv, srv.client(&l.home).arg("put").arg(&source).arg(format!("{}/incoming/", srv.base_url())));
    assert!(
        fs::read(srv.path(&format!("incoming/up-{name}"))).unwrap() == up,
        "uploaded {name} into a directory URL differs"
    );
    // Overwriting an existing remote file works (ProFTPD: AllowOverwrite on).
    run_ok(&srv, srv.client(&l.home).arg("put").arg(&source).arg(format!("{}/xfer/{name}", srv.base_url())));
    assert!(fs::read(srv.path(&format!("xfer/{name}"))).unwrap() == up, "overwritten {name} differs");
    assert_eq!(part_files(&srv.path("incoming")), Vec::<String>::new());
    assert_eq!(part_files(&srv.path("xfer")), Vec::<String>::new());
}

fn many_files(kind: Kind, implicit: bool) {
    many_files_with(kind, implicit, None);
}

fn many_files_tls12(kind: Kind, implicit: bool) {
    many_files_with(kind, implicit, Some("1.2"));
}

/// 200 downloads through a glob, then 50 uploads, each run on one control
/// connection with every data connection resuming the control session.
fn many_files_with(kind: Kind, implicit: bool, tls_max: Option<&str>) {
    const GETS: usize = 200;
    const PUTS: usize = 50;
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    let mut expected = Vec::new();
    for i in 0..GETS {
        let name = format!("f{i:03}.bin");
        let body = random_bytes(512 + i * 7, i as u64 + 100);
        srv.write_file(&format!("batch/{name}"), &body);
        expected.push((name, body));
    }
    srv.write_file("batch/not-matched.txt", b"not a .bin");
    let with_tls = |cmd: &mut Command| {
        if let Some(v) = tls_max {
            cmd.arg("--tls-max").arg(v);
        }
    };

    let dest = l.work.join("down");
    fs::create_dir(&dest).unwrap();
    let mut cmd = srv.client(&l.home);
    cmd.arg("-v");
    with_tls(&mut cmd);
    // One connection (-P 1): what is tested is one session's ticket supply.
    cmd.arg("get").arg("-P").arg("1").arg(format!("{}/batch/*.bin", srv.base_url())).arg("-o").arg(&dest);
    let started = Instant::now();
    let out = run_ok(&srv, &mut cmd);
    let took = started.elapsed();
    assert_one_session_all_resumed(&srv, &out, GETS, "get of 200 files");
    if let Some(v) = tls_max {
        assert!(out.stderr.contains(&format!("TLS {v}")), "trace does not show TLS {v}:\n{}", out.stderr);
        assert!(!out.stderr.contains("TLS 1.3"), "--tls-max 1.2 but the trace shows TLS 1.3");
    }
    for (name, body) in &expected {
        let got = fs::read(dest.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(got == *body, "{name} differs");
    }
    let count = fs::read_dir(&dest).unwrap().count();
    assert_eq!(count, GETS, "unexpected files in {}", dest.display());
    eprintln!("{} ({}): {GETS} gets in {took:?}", srv.kind, mode(&srv));

    let src = l.work.join("up");
    fs::create_dir(&src).unwrap();
    let mut files = Vec::new();
    for i in 0..PUTS {
        let path = src.join(format!("u{i:02}.dat"));
        fs::write(&path, random_bytes(300 + i * 11, i as u64 + 1000)).unwrap();
        files.push(path);
    }
    srv.mkdir("upbatch");
    let mut cmd = srv.client(&l.home);
    cmd.arg("-v");
    with_tls(&mut cmd);
    cmd.arg("put").arg("-P").arg("1").args(&files).arg(format!("{}/upbatch/", srv.base_url()));
    let started = Instant::now();
    let out = run_ok(&srv, &mut cmd);
    let took = started.elapsed();
    assert_one_session_all_resumed(&srv, &out, PUTS, "put of 50 files");
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let remote = fs::read(srv.path(&format!("upbatch/{name}"))).unwrap_or_else(|e| panic!("uploaded {name}: {e}"));
        assert!(remote == fs::read(path).unwrap(), "uploaded {name} differs");
    }
    eprintln!("{} ({}): {PUTS} puts in {took:?}", srv.kind, mode(&srv));
}

fn wrong_password(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    let mut cmd = srv.client(&l.home);
    cmd.env("FTPS_PASSWORD", "definitely-not-the-password").arg("ls").arg(format!("{}/", srv.base_url()));
    let started = Instant::now();
    let out = run_expect(&srv, &mut cmd, 5);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(30), "a failed login took {took:?}");
    assert!(!out.stderr.trim().is_empty(), "no error message on a failed login");
    let err = out.stderr.to_lowercase();
    assert!(
        err.contains("530") || err.contains("login") || err.contains("auth") || err.contains("password"),
        "the message does not say the login failed:\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains("definitely-not-the-password"), "the password is printed");
    assert!(out.stdout.trim().is_empty(), "stdout: {}", out.stdout);
}

/// The plain client without `--ca-file` (system roots only).
fn client_without_ca(srv: &Server, home: &Path) -> Command {
    let mut cmd = ftps(home);
    cmd.arg("-u").arg(&srv.user).env("FTPS_PASSWORD", &srv.password);
    cmd
}

fn untrusted_certificate(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    let out = run_expect(&srv, client_without_ca(&srv, &l.home).arg("ls").arg(format!("{}/", srv.base_url())), 4);
    assert!(out.stderr.to_lowercase().contains("fingerprint"), "no fingerprint in:\n{}", out.stderr);
    let normalized: String = out.stderr.chars().filter(|c| *c != ':').collect::<String>().to_lowercase();
    assert!(
        normalized.contains(&pki().cert_sha256_hex()),
        "stderr lacks the server certificate's SHA-256 {}:\n{}",
        pki().cert_sha256_hex(),
        out.stderr
    );
    // The password must not have been sent: the server logged no PASS/USER.
    let logs = srv.logs();
    assert!(!logs.contains("USER ftpstest"), "credentials sent to an untrusted server:\n{logs}");
}

fn insecure(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    srv.write_file("hello.txt", b"hi");
    let out =
        run_ok(&srv, client_without_ca(&srv, &l.home).arg("--insecure").arg("ls").arg(format!("{}/", srv.base_url())));
    assert!(out.stdout.contains("hello.txt"), "stdout:\n{}", out.stdout);
    let err = out.stderr.to_lowercase();
    assert!(
        err.contains("warning") || err.contains("insecure") || err.contains("not verified"),
        "--insecure printed no warning:\n{}",
        out.stderr
    );
}

fn missing_remote(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    srv.mkdir("empty");
    let target = l.work.join("nope.bin");
    let out = run_expect(
        &srv,
        srv.client(&l.home).arg("get").arg(format!("{}/empty/nope.bin", srv.base_url())).arg("-o").arg(&target),
        6,
    );
    assert!(!out.stderr.trim().is_empty(), "no error message");
    assert!(!target.exists(), "a local file was created for a missing remote file");
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");
}

/// `get` onto an existing local file: refused (exit 8, file untouched)
/// without `--force`, replaced with it. Client-side logic: one server suffices.
fn refuses_overwrite(kind: Kind, implicit: bool) {
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    srv.write_file("remote.txt", b"new remote contents\n");
    let target = l.work.join("existing.txt");
    fs::write(&target, b"precious local data\n").unwrap();
    let url = format!("{}/remote.txt", srv.base_url());

    let out = run_expect(&srv, srv.client(&l.home).arg("get").arg(&url).arg("-o").arg(&target), 8);
    assert!(!out.stderr.trim().is_empty(), "no error message");
    assert_eq!(fs::read(&target).unwrap(), b"precious local data\n", "the local file was changed");
    assert_eq!(part_files(&l.work), Vec::<String>::new(), "a .part file was left");

    run_ok(&srv, srv.client(&l.home).arg("get").arg(&url).arg("-o").arg(&target).arg("--force"));
    assert_eq!(fs::read(&target).unwrap(), b"new remote contents\n");
}

/// The server set-up itself, checked with curl (independent of `ftps`), so a
/// failing interop test can be told apart from a broken server instance.
fn server_works_with_curl(kind: Kind, implicit: bool) {
    let curl_ok = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !curl_ok {
        assert!(!interop_required(), "FTPS_INTEROP=1 but curl is missing");
        eprintln!("SKIP: curl not installed");
        return;
    }
    let Some(srv) = server(kind, implicit) else {
        return;
    };
    let l = local();
    srv.write_file("dir/hello.txt", b"hello\n");
    let base =
        format!("{}://{}:{}@127.0.0.1:{}", if implicit { "ftps" } else { "ftp" }, srv.user, srv.password, srv.port());
    let curl = |args: &[&str]| {
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--ssl-reqd", "--max-time", "30", "--cacert"]).arg(&pki().ca_pem).args(args);
        run_ok(&srv, &mut cmd)
    };
    let out = curl(&[&format!("{base}/dir/")]);
    assert!(out.stdout.contains("hello.txt"), "LIST:\n{}", out.stdout);
    let out = curl(&[&format!("{base}/dir/hello.txt")]);
    assert_eq!(out.stdout, "hello\n");
    let up = l.work.join("up.txt");
    fs::write(&up, b"uploaded\n").unwrap();
    curl(&["-T", up.to_str().unwrap(), &format!("{base}/dir/up.txt")]);
    assert_eq!(fs::read(srv.path("dir/up.txt")).unwrap(), b"uploaded\n");
}

// ---------------------------------------------------------------------------
// The matrix

macro_rules! cases {
    ($kind:expr, $implicit:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                super::$case($kind, $implicit);
            }
        )*
    };
}

macro_rules! matrix {
    ($($case:ident),* $(,)?) => {
        mod vsftpd_explicit {
            cases!(crate::servers::Kind::Vsftpd, false; $($case),*);
        }
        mod vsftpd_implicit {
            cases!(crate::servers::Kind::Vsftpd, true; $($case),*);
        }
        mod proftpd_explicit {
            cases!(crate::servers::Kind::Proftpd, false; $($case),*);
        }
        mod proftpd_implicit {
            cases!(crate::servers::Kind::Proftpd, true; $($case),*);
        }
    };
}

matrix!(
    server_works_with_curl,
    ls_long,
    ls_json,
    transfer_1mib,
    transfer_empty,
    many_files,
    many_files_tls12,
    wrong_password,
    untrusted_certificate,
    insecure,
    missing_remote,
);

#[test]
fn refuses_overwrite_vsftpd() {
    refuses_overwrite(Kind::Vsftpd, false);
}

#[test]
fn refuses_overwrite_proftpd_implicit() {
    refuses_overwrite(Kind::Proftpd, true);
}

/// Mutual TLS: ProFTPD with `TLSVerifyClient on` refuses a client without a
/// certificate and accepts one with `--cert/--key` (for data connections too).
#[test]
fn client_certificate_proftpd() {
    let Some(srv) = crate::servers::proftpd_client_auth() else {
        return;
    };
    let l = local();
    srv.write_file("mtls.txt", b"mutual");
    let url = format!("{}/mtls.txt", srv.base_url());

    let without = run(srv.client(&l.home).current_dir(&l.work).arg("get").arg(&url));
    assert_eq!(without.code, 4, "no client certificate must fail with a TLS error\n{}", without.stderr);

    let out = run_ok(
        &srv,
        srv.client(&l.home)
            .current_dir(&l.work)
            .arg("--cert")
            .arg(&pki().client_cert_pem)
            .arg("--key")
            .arg(&pki().client_key_pem)
            .arg("get")
            .arg(&url),
    );
    assert_eq!(fs::read(l.work.join("mtls.txt")).unwrap(), b"mutual", "{}", out.stderr);
}
