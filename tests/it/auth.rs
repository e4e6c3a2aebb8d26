//! Where credentials come from (URL, FTPS_PASSWORD, netrc), what happens
//! without any (no prompt without a terminal), and --lock for cron.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::edge::{FILE, client_env, ctx, expect_code, scratch, with_file};
use crate::fake::{Behaviour, Greeting};
use crate::harness::{ftps, run};

fn logged_in_as(server: &crate::fake::FakeServer, user: &str, pass: &str) -> bool {
    let cmds = server.commands();
    cmds.iter().any(|c| c == &format!("USER {user}")) && cmds.iter().any(|c| c == &format!("PASS {pass}"))
}

#[test]
fn password_from_netrc_in_home() {
    let server = with_file().password("from-netrc").start();
    let s = scratch();
    let rc = s.home.join(".netrc");
    fs::write(&rc, "machine 127.0.0.1\n  login carol\n  password from-netrc\n").unwrap();
    fs::set_permissions(&rc, fs::Permissions::from_mode(0o600)).unwrap();
    let (out, _) = client_env(&s, &[], &["get", &server.url("ftp", "", FILE)]);
    expect_code(&out, &server, 0);
    assert!(logged_in_as(&server, "carol", "from-netrc"), "{}", ctx(&out, &server));
}

#[test]
fn netrc_env_var_and_default_entry() {
    let server = with_file().password("dflt").start();
    let s = scratch();
    let rc = s.work.join("my-netrc");
    fs::write(&rc, "machine other.example login x password y\ndefault login dave password dflt\n").unwrap();
    fs::set_permissions(&rc, fs::Permissions::from_mode(0o600)).unwrap();
    let (out, _) = client_env(&s, &[("NETRC", rc.to_str().unwrap())], &["get", &server.url("ftp", "", FILE)]);
    expect_code(&out, &server, 0);
    assert!(logged_in_as(&server, "dave", "dflt"), "{}", ctx(&out, &server));
}

#[test]
fn world_readable_netrc_is_refused() {
    let server = with_file().start();
    let s = scratch();
    let rc = s.home.join(".netrc");
    fs::write(&rc, "machine 127.0.0.1 login u password p\n").unwrap();
    fs::set_permissions(&rc, fs::Permissions::from_mode(0o644)).unwrap();
    let (out, _) = client_env(&s, &[], &["get", &server.url("ftp", "", FILE)]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("chmod 600"), "{}", ctx(&out, &server));
    assert!(!out.stderr.contains("password p"), "{}", ctx(&out, &server));
}

#[test]
fn netrc_writable_by_others_or_owned_by_another_user_is_refused() {
    let server = with_file().start();
    let s = scratch();
    let rc = s.home.join(".netrc");
    fs::write(&rc, "machine 127.0.0.1 login u password p\n").unwrap();
    fs::set_permissions(&rc, fs::Permissions::from_mode(0o620)).unwrap();
    let (out, _) = client_env(&s, &[], &["get", &server.url("ftp", "", FILE)]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("writable by other users") && out.stderr.contains("chmod 600"), "{}", out.stderr);
    assert!(!sent_pass(&server), "{}", ctx(&out, &server));

    // Only root can give a file away; elsewhere the unit test covers the mode bits.
    if rustix::process::geteuid().is_root() {
        fs::set_permissions(&rc, fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::chown(&rc, Some(65534), None).unwrap();
        let (out, _) = client_env(&s, &[], &["get", &server.url("ftp", "", FILE)]);
        expect_code(&out, &server, 2);
        assert!(out.stderr.contains("owned by another user") && out.stderr.contains("chown"), "{}", out.stderr);
        assert!(!sent_pass(&server), "{}", ctx(&out, &server));
    }
}

fn sent_pass(server: &crate::fake::FakeServer) -> bool {
    server.commands().iter().any(|c| c.starts_with("PASS"))
}

#[test]
fn env_password_used_and_url_password_wins() {
    let server = with_file().password("envpw").start();
    let s = scratch();
    let (out, _) = client_env(&s, &[("FTPS_PASSWORD", "envpw")], &["get", &server.url("ftp", "u", FILE)]);
    expect_code(&out, &server, 0);
    assert!(logged_in_as(&server, "u", "envpw"), "{}", ctx(&out, &server));

    let server = with_file().password("urlpw").start();
    let (out, _) =
        client_env(&s, &[("FTPS_PASSWORD", "envpw")], &["get", "--force", &server.url("ftp", "u:urlpw", FILE)]);
    expect_code(&out, &server, 0);
}

#[test]
fn no_password_without_terminal_fails_fast_naming_the_sources() {
    let server = with_file().start();
    let s = scratch();
    let started = Instant::now();
    let (out, _) = client_env(&s, &[], &["get", &server.url("ftp", "u", FILE)]);
    expect_code(&out, &server, 5);
    assert!(started.elapsed() < Duration::from_secs(10));
    for source in ["FTPS_PASSWORD", "netrc", "URL", "--password-file", "--password-command"] {
        assert!(out.stderr.contains(source), "message names {source}\n{}", ctx(&out, &server));
    }
    assert!(!server.commands().iter().any(|c| c.starts_with("PASS")), "{}", ctx(&out, &server));
}

#[test]
fn second_run_with_the_same_lock_exits_11_at_once() {
    // The first run hangs on a silent server while holding the lock.
    let server = Behaviour::new().greeting(Greeting::Silent).start();
    let s = scratch();
    let lock = s.work.join("job.lock");
    let url = server.url("ftp", "u:p", "/");
    let mut first = ftps(&s.home);
    first.args(["--ca-file", pki().ca_pem.to_str().unwrap(), "--timeout", "20", "--lock"]).arg(&lock);
    first.args(["ls", &url]).stdout(Stdio::null()).stderr(Stdio::null());
    let mut child = first.spawn().expect("spawn first run");
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.connections() == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut second = ftps(&s.home);
    second.arg("--lock").arg(&lock).args(["ls", &url]);
    let started = Instant::now();
    let out = run(&mut second);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(out.code, 11, "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(out.stderr.contains("lock"), "{}", out.stderr);
}

const WARNING: &str = "visible to other local users";

#[test]
fn a_password_on_the_command_line_is_warned_about_even_when_quiet() {
    let server = with_file().password("pw").start();
    let s = scratch();
    let (out, _) = client_env(&s, &[], &["-q", "-u", "u:pw", "get", &server.url("ftp", "", FILE)]);
    expect_code(&out, &server, 0);
    assert!(out.stderr.contains(WARNING) && out.stderr.contains("-u user:password"), "{}", out.stderr);
    assert!(out.stderr.contains("--password-file") && out.stderr.contains("--password-command"), "{}", out.stderr);
    assert!(!out.stderr.contains("pw\n") && !out.stderr.contains(":pw"), "the warning never shows it\n{}", out.stderr);

    let (out, _) = client_env(&s, &[], &["get", "--force", &server.url("ftp", "u:pw", FILE)]);
    expect_code(&out, &server, 0);
    assert!(out.stderr.contains(WARNING) && out.stderr.contains("a URL"), "{}", out.stderr);

    let (out, _) = client_env(&s, &[("FTPS_PASSWORD", "pw")], &["get", "--force", &server.url("ftp", "u", FILE)]);
    expect_code(&out, &server, 0);
    assert!(!out.stderr.contains(WARNING), "no warning for the environment\n{}", out.stderr);
}

#[test]
fn password_file_gives_the_first_line_and_must_be_private() {
    let server = with_file().password("from file").start();
    let s = scratch();
    let file = s.work.join("pw.txt");
    fs::write(&file, "from file\nignored\n").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    let f = file.to_str().unwrap();
    let (out, _) =
        client_env(&s, &[("FTPS_PASSWORD", "env")], &["--password-file", f, "get", &server.url("ftp", "u", FILE)]);
    expect_code(&out, &server, 0);
    assert!(logged_in_as(&server, "u", "from file"), "the file wins over FTPS_PASSWORD\n{}", ctx(&out, &server));
    assert!(!out.stderr.contains(WARNING), "{}", out.stderr);

    let server = with_file().start();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let (out, _) = client_env(&s, &[], &["--password-file", f, "get", "--force", &server.url("ftp", "u", FILE)]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("readable by other users") && out.stderr.contains("chmod 600"), "{}", out.stderr);
    assert!(!sent_pass(&server), "{}", ctx(&out, &server));
}

#[test]
fn password_command_runs_without_shell_or_our_password_env() {
    let server = with_file().password("clean").start();
    let s = scratch();
    // The command would print the inherited variable if it had one.
    let cmd = "sh -c 'echo \"${FTPS_PASSWORD:-clean}\"; echo second'";
    let (out, _) = client_env(
        &s,
        &[("FTPS_PASSWORD", "leaked")],
        &["--password-command", cmd, "get", &server.url("ftp", "u", FILE)],
    );
    expect_code(&out, &server, 0);
    assert!(logged_in_as(&server, "u", "clean"), "{}", ctx(&out, &server));
}

#[test]
fn password_command_failures_are_clear_and_bounded() {
    let server = with_file().start();
    let s = scratch();
    let url = server.url("ftp", "u", FILE);
    let (out, _) = client_env(&s, &[], &["--password-command", "sh -c 'echo vault locked >&2; exit 3'", "get", &url]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("vault locked"), "the command's stderr passes through\n{}", out.stderr);
    assert!(out.stderr.contains("password command \"sh\" failed"), "{}", out.stderr);

    let (out, _) = client_env(&s, &[], &["--password-command", "true", "get", &url]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("empty password"), "{}", out.stderr);

    let (out, took) = client_env(&s, &[], &["--timeout", "1", "--password-command", "sleep 30", "get", &url]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("did not finish within 1 s"), "{}", out.stderr);
    assert!(took < Duration::from_secs(10), "bounded by --timeout: {took:?}");
    assert!(!sent_pass(&server), "{}", ctx(&out, &server));
}

/// A password with a raw '/' would be split by a URL parser into a port and
/// a path; it is refused, and no message shows any part of it.
#[test]
fn a_url_password_with_a_raw_slash_never_shows() {
    let s = scratch();
    for url in ["ftp://alice:pa/ss-w0rd@127.0.0.1:1/x", "ftps://alice:12/ss-w0rd@127.0.0.1/x"] {
        let mut cmd = ftps(&s.home);
        cmd.args(["ls", url]);
        let out = run(&mut cmd);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(!out.stderr.contains("ss-w0rd") && !out.stderr.contains("pa/"), "{}", out.stderr);
        assert!(out.stderr.contains("alice:****@"), "{}", out.stderr);
        assert!(out.stderr.contains("%2F"), "says how to write it\n{}", out.stderr);
    }
}
