//! Scripts: `ftps batch` and `ftps shell URL < script`, without a terminal.

use std::fs;
use std::time::{Duration, Instant};

use super::{batch, fixtures, read};
use crate::harness::{run, scratch};
use crate::servers::{Kind, server};

fn batch_runs_every_command(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = r#"
# navigation
pwd
cd sub
pwd
ls
cdup
ls -l
dir sub
# transfers
get hello.txt
get "with space.txt" spaced-local.txt
mget sub/*.log
put up.txt
put up.txt sub/
mput *.csv
# the tree
mkdir -p new/deeper/deepest
mkdir -p new/deeper
put up.txt new/deeper/deepest/inner.txt
rename hello.txt renamed.txt
mv sub/a.txt sub/moved.txt
chmod 600 renamed.txt
quote NOOP
size renamed.txt
stat renamed.txt
rm -r new
rm m1.csv
mkdir empty
rmdir empty
site CHMOD 640 m2.csv
# mirror, both ways, with the subcommand's options
mirror sub mirrored
mirror -R --exclude *.skip tree remote-tree
!echo from-a-local-shell
"#;
    fs::create_dir_all(s.work.join("tree/inner")).unwrap();
    fs::write(s.work.join("tree/inner/deep.txt"), "deep\n").unwrap();
    fs::write(s.work.join("tree/not.skip"), "no\n").unwrap();
    let out = batch(&srv, &s, script, &[]);
    srv.expect_code(&out, 0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.contains(&"/") && lines.contains(&"/sub"), "{}", out.stdout);
    assert!(lines.contains(&"a.txt") && lines.contains(&"b.log"), "ls in sub: {}", out.stdout);
    assert!(lines.iter().any(|l| l.starts_with("d ") && l.ends_with(" sub")), "ls -l: {}", out.stdout);
    assert!(lines.iter().any(|l| l.starts_with("200")), "quote NOOP: {}", out.stdout);
    assert!(lines.contains(&"6"), "size: {}", out.stdout);
    assert!(lines.contains(&"  size: 6"), "stat: {}", out.stdout);
    assert!(lines.contains(&"from-a-local-shell"), "{}", out.stdout);

    assert_eq!(read(&s.work.join("hello.txt")), "hello\n");
    assert_eq!(read(&s.work.join("spaced-local.txt")), "spaced\n");
    assert_eq!(read(&s.work.join("b.log")), "bee\n");
    assert_eq!(read(&s.work.join("c.log")), "sea\n");
    assert!(!s.work.join("a.txt").exists(), "mget took a file its glob does not match");

    assert_eq!(read(&srv.path("up.txt")), "uploaded\n");
    assert_eq!(read(&srv.path("sub/up.txt")), "uploaded\n");
    assert_eq!(read(&srv.path("m2.csv")), "2\n");
    assert!(!srv.path("m1.csv").exists(), "rm m1.csv");
    assert!(!srv.path("new").exists(), "rm -r new");
    assert!(!srv.path("hello.txt").exists() && srv.path("renamed.txt").exists(), "rename");
    assert_eq!(read(&srv.path("sub/moved.txt")), "a\n");
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &str| fs::metadata(srv.path(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("renamed.txt"), 0o600, "chmod 600");
    assert_eq!(mode("m2.csv"), 0o640, "site CHMOD 640");
    assert!(!srv.path("empty").exists(), "rmdir");
    assert_eq!(read(&s.work.join("mirrored/b.log")), "bee\n");
    assert_eq!(read(&s.work.join("mirrored/moved.txt")), "a\n");
    assert_eq!(read(&srv.path("remote-tree/inner/deep.txt")), "deep\n");
    assert!(!srv.path("remote-tree/not.skip").exists(), "mirror --exclude");
}

#[test]
fn batch_runs_every_command_vsftpd() {
    batch_runs_every_command(Kind::Vsftpd);
}

#[test]
fn batch_runs_every_command_proftpd() {
    batch_runs_every_command(Kind::Proftpd);
}

fn batch_stops_at_first_failure(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = "cd sub\n\n# a comment\nget missing.txt\nput up.txt\n";
    let out = batch(&srv, &s, script, &[]);
    srv.expect_code(&out, 6);
    assert!(out.stderr.contains("script.txt:4:"), "line number: {}", out.stderr);
    assert!(out.stderr.contains("missing.txt"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "one line per failure: {}", out.stderr);
    assert!(!srv.path("sub/up.txt").exists(), "line 5 ran after the failure");

    // A usage error stops with 2, at its own line.
    let out = batch(&srv, &s, "pwd\nchmod abc hello.txt\nput up.txt\n", &[]);
    srv.expect_code(&out, 2);
    assert!(out.stderr.contains("script.txt:2:"), "{}", out.stderr);
    assert!(!srv.path("up.txt").exists());

    // `exit N` ends a script with N.
    let out = batch(&srv, &s, "pwd\nexit 3\nput up.txt\n", &[]);
    srv.expect_code(&out, 3);
    assert!(!srv.path("up.txt").exists());
}

#[test]
fn batch_stops_at_first_failure_vsftpd() {
    batch_stops_at_first_failure(Kind::Vsftpd);
}

#[test]
fn batch_stops_at_first_failure_proftpd() {
    batch_stops_at_first_failure(Kind::Proftpd);
}

fn batch_keep_going_json(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = "pwd\nget missing.txt\nfrobnicate\n\nput up.txt\nls sub\nget hello.txt\n";
    let out = batch(&srv, &s, script, &["--keep-going", "--json"]);
    srv.expect_code(&out, 10);
    let records: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {l}")))
        .collect();
    let by_line = |n: u64| {
        records.iter().find(|r| r["line"] == n).unwrap_or_else(|| panic!("no record for line {n}: {}", out.stdout))
    };
    // The --url connection is line 0; then every command line.
    assert_eq!(records.len(), 7, "{}", out.stdout);
    for key in ["command", "line", "ok", "exit_code", "bytes", "elapsed", "error"] {
        assert!(records.iter().all(|r| r.get(key).is_some()), "{key} missing: {}", out.stdout);
    }
    assert_eq!(by_line(1)["ok"], true);
    assert_eq!(by_line(1)["output"], "/\n");
    assert_eq!(by_line(2)["ok"], false);
    assert_eq!(by_line(2)["exit_code"], 6);
    assert!(by_line(2)["error"].as_str().unwrap().contains("missing.txt"));
    assert_eq!(by_line(3)["exit_code"], 2);
    assert_eq!(by_line(5)["ok"], true);
    assert_eq!(by_line(5)["bytes"], 9);
    assert_eq!(by_line(5)["command"], "put up.txt");
    assert!(by_line(6)["output"].as_str().unwrap().contains("b.log"));
    assert_eq!(by_line(7)["bytes"], 6);
    assert!(by_line(7)["elapsed"].as_f64().is_some());
    assert!(out.stderr.contains("lines 2, 3"), "{}", out.stderr);
    assert_eq!(read(&srv.path("up.txt")), "uploaded\n");
    assert_eq!(read(&s.work.join("hello.txt")), "hello\n");
}

#[test]
fn batch_keep_going_json_vsftpd() {
    batch_keep_going_json(Kind::Vsftpd);
}

#[test]
fn batch_keep_going_json_proftpd() {
    batch_keep_going_json(Kind::Proftpd);
}

/// `ftps shell URL < script` is `batch -`: no prompt, same exit codes.
#[test]
fn shell_without_terminal_runs_a_script() {
    let Some(srv) = server(Kind::Vsftpd, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = s.work.join("cron.txt");
    fs::write(&script, "cd sub\nget b.log\nget nope.txt\nget c.log\n").unwrap();
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).arg("shell").arg(srv.base_url()).stdin(fs::File::open(&script).unwrap());
    let out = run(&mut cmd);
    srv.expect_code(&out, 6);
    assert!(out.stderr.contains("<stdin>:3:"), "{}", out.stderr);
    assert!(!out.stdout.contains("ftps "), "a prompt was printed: {}", out.stdout);
    assert!(!out.stderr.contains('\u{1b}'), "escape codes without a terminal: {:?}", out.stderr);
    assert_eq!(read(&s.work.join("b.log")), "bee\n");
    assert!(!s.work.join("c.log").exists());

    fs::write(&script, "cd sub\nget b.log -f\n").unwrap();
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).arg("-q").arg("shell").arg(srv.base_url()).stdin(fs::File::open(&script).unwrap());
    let out = run(&mut cmd);
    srv.expect_code(&out, 0);
    assert_eq!(out.stderr, "", "-q prints only errors");
}

/// The password never shows: not in `-v` traces, JSON records or messages,
/// even when a script line carries it in a URL.
#[test]
fn batch_never_prints_the_password() {
    let Some(srv) = server(Kind::Proftpd, false) else { return };
    let s = scratch();
    let url = format!("ftpes://{}:{}@127.0.0.1:{}/", srv.user, srv.password, srv.port());
    let script = format!("open {url}\npwd\nquote PASS {}\n", srv.password);
    fs::write(s.work.join("script.txt"), script).unwrap();
    let mut cmd = crate::harness::ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&crate::certs::pki().ca_pem).args([
        "-v",
        "batch",
        "--json",
        "--keep-going",
        "script.txt",
    ]);
    let out = run(&mut cmd);
    srv.expect_code(&out, 10);
    assert!(!out.stdout.contains(&srv.password), "password in stdout: {}", out.stdout);
    assert!(!out.stderr.contains(&srv.password), "password in stderr: {}", out.stderr);
    assert!(out.stdout.contains(":****@"), "{}", out.stdout);
}

/// No credentials anywhere and no terminal: fail at once with the
/// authentication code instead of waiting for a password.
#[test]
fn batch_without_password_fails_fast() {
    let Some(srv) = server(Kind::Vsftpd, false) else { return };
    let s = scratch();
    fs::write(s.work.join("script.txt"), "pwd\n").unwrap();
    let mut cmd = crate::harness::ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&crate::certs::pki().ca_pem).args([
        "-u",
        &srv.user,
        "batch",
        "--url",
        &srv.base_url(),
        "script.txt",
    ]);
    let started = Instant::now();
    let out = run(&mut cmd);
    srv.expect_code(&out, 5);
    assert!(out.stderr.contains("FTPS_PASSWORD"), "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(20));
}
