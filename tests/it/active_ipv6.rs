//! Active mode over IPv6: `EPRT |2|addr|port|`, never `PORT` (it cannot
//! carry an IPv6 address), `--active-address` with an IPv6 literal, and a
//! data connection from a foreign IPv6 address refused.
//!
//! `::1` is the only IPv6 loopback address, so the foreign-address test runs
//! itself again inside a private network namespace (`unshare -n`) where it
//! may add a second address (`fd00::2`) to that namespace's own `lo`.

use std::fs;
use std::process::Command;

use crate::active::verbs;
use crate::edge::{client, ctx, expect_code, sample, scratch};
use crate::fake::{Behaviour, FOREIGN_V6, has_ipv6_loopback};

fn ipv6_here() -> bool {
    let ok = has_ipv6_loopback();
    if !ok {
        eprintln!("SKIPPED: this machine cannot listen on ::1");
    }
    ok
}

#[test]
fn listing_download_and_upload_over_ipv6_use_eprt_2() {
    if !ipv6_here() {
        return;
    }
    let server = Behaviour::new().file("/d/a.bin", sample(80_000)).dir("/up").ipv6().start();
    let (_s, out) = crate::active::ls_get_put(&server, 80_000);
    assert_eq!(verbs(&server, "EPRT |2|::1|"), 3, "{}", ctx(&out, &server));
    assert_eq!(verbs(&server, "PORT") + verbs(&server, "EPSV") + verbs(&server, "PASV"), 0, "{}", ctx(&out, &server));
    let data = server.data_connections();
    assert_eq!(data.len(), 3);
    assert!(data.iter().all(|d| d.tls && d.resumed && d.peer.ip().is_ipv6()), "{data:?}");
}

/// A server without EPRT gets no `PORT` over IPv6 (RFC 959's PORT has room
/// for IPv4 only): the error says so, names passive mode as the way out, and
/// is not retried (the server will not learn EPRT).
#[test]
fn port_is_never_sent_over_ipv6() {
    if !ipv6_here() {
        return;
    }
    let server = Behaviour::new().file("/f", "x").eprt_refused().ipv6().start();
    let s = scratch();
    let (out, _) = client(&s, &["--active", "get", &server.url("ftp", "u:p", "/f"), "-o", "f"]);
    expect_code(&out, &server, 9);
    assert_eq!(verbs(&server, "EPRT |2|"), 1, "{}", ctx(&out, &server));
    assert_eq!(verbs(&server, "PORT"), 0, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("PORT cannot carry an IPv6 address"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("passive mode"), "{}", ctx(&out, &server));
    assert!(!s.work.join("f").exists());
}

/// `--active-address ::1` is announced as such; an address of the other
/// family than the control connection is a usage error that says why,
/// either way round, before any data connection is attempted.
#[test]
fn an_ipv6_active_address() {
    if !ipv6_here() {
        return;
    }
    let server = Behaviour::new().file("/f", "six").ipv6().start();
    let port = std::net::TcpListener::bind("[::1]:0").unwrap().local_addr().unwrap().port();
    let range = format!("{port}-{port}");
    let s = scratch();
    let url = server.url("ftp", "u:p", "/f");
    let (out, _) = client(&s, &["--active", "--active-address", "::1", "--port-range", &range, "get", &url, "-o", "f"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("f")).unwrap(), b"six");
    assert_eq!(verbs(&server, &format!("EPRT |2|::1|{port}|")), 1, "{}", ctx(&out, &server));

    let (out, _) = client(&s, &["--active", "--active-address", "127.0.0.1", "get", &url, "-o", "g"]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("127.0.0.1, is IPv4 but the control connection is IPv6"), "{}", ctx(&out, &server));
    assert_eq!(verbs(&server, "EPRT |1|"), 0, "{}", ctx(&out, &server));

    let v4 = Behaviour::new().file("/f", "four").start();
    let url = v4.url("ftp", "u:p", "/f");
    let (out, _) = client(&s, &["--active", "--active-address", "2001:db8::1", "get", &url, "-o", "g"]);
    expect_code(&out, &v4, 2);
    assert!(out.stderr.contains("2001:db8::1, is IPv6 but the control connection is IPv4"), "{}", ctx(&out, &v4));
    assert!(!s.work.join("g").exists());
}

/// Set by the outer run of [`a_connection_from_a_foreign_ipv6_address_is_refused`]
/// for the inner one, inside the namespace.
const IN_NETNS: &str = "FTPS_IT_IN_PRIVATE_NETNS";

/// A third party (`fd00::2`) races the server (`::1`) for the announced
/// port: it is closed and noted, and the server's own connection carries
/// the file. Then only the third party connects: the transfer fails.
#[test]
fn a_connection_from_a_foreign_ipv6_address_is_refused() {
    if std::env::var_os(IN_NETNS).is_none() {
        let me = "active_ipv6::a_connection_from_a_foreign_ipv6_address_is_refused";
        let exe = std::env::current_exe().unwrap();
        let run = Command::new("unshare")
            .args(["-n", "--"])
            .arg(&exe)
            .args(["--exact", me, "--nocapture", "--test-threads=1"])
            .env(IN_NETNS, "1")
            .output();
        let out = match run {
            Ok(out) => out,
            Err(e) => {
                eprintln!("SKIPPED: cannot run unshare -n ({e}): no private network namespace here");
                return;
            }
        };
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        if !out.status.success() && stderr.contains("unshare failed") {
            eprintln!("SKIPPED: unshare -n is not permitted here: {stderr}");
            return;
        }
        assert!(out.status.success(), "inside the namespace:\n{stdout}\n{stderr}");
        // libtest may print `test NAME ... ` on the same line first.
        if let Some(at) = stdout.find("SKIPPED:") {
            eprintln!("{}", stdout[at..].lines().next().unwrap_or_default());
            return;
        }
        // The inner run really ran the test (not filtered to nothing).
        assert!(stdout.contains("1 passed"), "{stdout}\n{stderr}");
        assert!(stdout.contains("foreign ipv6 refused: ok") || stderr.contains("foreign ipv6 refused: ok"));
        return;
    }
    // Inside: this namespace's `lo` is down and holds nothing yet.
    for args in [vec!["link", "set", "lo", "up"], vec!["-6", "addr", "add", "fd00::2/128", "dev", "lo", "nodad"]] {
        let Ok(st) = Command::new("ip").args(&args).status() else {
            println!("SKIPPED: no ip command (iproute2) to add fd00::2 in the private namespace");
            return;
        };
        assert!(st.success(), "ip {args:?}");
    }
    assert!(std::net::TcpListener::bind((FOREIGN_V6, 0)).is_ok(), "fd00::2 is local now");

    let server = Behaviour::new().file("/f", "mine").active_foreign(false).ipv6().start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--active", "get", &server.url("ftp", "u:p", "/f"), "-o", "f"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("f")).unwrap(), b"mine");
    assert!(out.stderr.contains("closed a data connection from [fd00::2]:"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("only the control peer ::1 may connect"), "{}", ctx(&out, &server));

    let server = Behaviour::new().file("/f", "theirs").active_foreign(true).ipv6().start();
    let args = ["--timeout", "2", "--retries", "0", "--active", "get", &server.url("ftp", "u:p", "/f"), "-o", "g"];
    let (out, _) = client(&s, &args);
    assert_eq!(out.code, 9, "a protocol error: {}", ctx(&out, &server));
    assert!(out.stderr.contains("came only from [fd00::2]:"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("not from the server's address ::1"), "{}", ctx(&out, &server));
    assert!(!s.work.join("g").exists());
    println!("foreign ipv6 refused: ok");
}
