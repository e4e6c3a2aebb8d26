//! `--active`: EPRT (PORT for IPv4 servers without EPRT), the server
//! connects to us, only from the control peer's address; TLS as in passive
//! mode (we are the client, the control session is resumed).

use std::fs;

use crate::edge::{client, client_env, ctx, expect_code, sample, scratch};
use crate::fake::Behaviour;

pub(crate) fn verbs(server: &crate::fake::FakeServer, verb: &str) -> usize {
    server.commands().iter().filter(|c| c.to_ascii_uppercase().starts_with(verb)).count()
}

/// `ls`, `get` and `put` of `/d/a.bin` (`len` bytes of [`sample`]) in active
/// mode, each checked; the scratch dir and the last command's output.
pub(crate) fn ls_get_put(
    server: &crate::fake::FakeServer,
    len: usize,
) -> (crate::harness::Scratch, crate::harness::Output) {
    let s = scratch();
    let (out, _) = client(&s, &["--active", "ls", &server.url("ftp", "u:p", "/d/")]);
    expect_code(&out, server, 0);
    assert!(out.stdout.contains("a.bin"), "{}", ctx(&out, server));
    let (out, _) = client(&s, &["--active", "get", &server.url("ftp", "u:p", "/d/a.bin"), "-o", "a.bin"]);
    expect_code(&out, server, 0);
    assert!(fs::read(s.work.join("a.bin")).unwrap() == sample(len));
    let (out, _) = client(&s, &["--active", "put", "a.bin", &server.url("ftp", "u:p", "/up/")]);
    expect_code(&out, server, 0);
    assert!(server.file("/up/a.bin").is_some_and(|f| f == sample(len)));
    (s, out)
}

#[test]
fn listing_download_and_upload_in_active_mode() {
    let server = Behaviour::new().file("/d/a.bin", sample(120_000)).dir("/up").start();
    let (_s, out) = ls_get_put(&server, 120_000);
    assert_eq!(verbs(&server, "EPRT |1|127.0.0.1|"), 3, "{}", ctx(&out, &server));
    assert_eq!(verbs(&server, "EPSV") + verbs(&server, "PASV"), 0, "{}", ctx(&out, &server));
    let data = server.data_connections();
    assert_eq!(data.len(), 3);
    assert!(data.iter().all(|d| d.tls && d.resumed), "{data:?}");
}

#[test]
fn port_when_the_server_has_no_eprt() {
    let server = Behaviour::new().file("/f", "ported").eprt_refused().start();
    let s = scratch();
    let (out, _) = client(&s, &["--active", "get", &server.url("ftp", "u:p", "/f"), "-o", "f"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("f")).unwrap(), b"ported");
    assert_eq!(verbs(&server, "PORT 127,0,0,1,"), 1, "{}", ctx(&out, &server));
}

/// A connection from another address (127.0.0.2) racing for the port is
/// closed and noted; the server's own connection then carries the file.
#[test]
fn a_connection_from_a_foreign_address_is_refused() {
    let server = Behaviour::new().file("/f", "mine").active_foreign(false).start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--active", "get", &server.url("ftp", "u:p", "/f"), "-o", "f"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("f")).unwrap(), b"mine");
    assert!(out.stderr.contains("closed a data connection from 127.0.0.2:"), "{}", ctx(&out, &server));
}

/// Only a stranger connects (the server then gives up with 425): a
/// protocol error (exit 9) naming the stranger and the server's reply, and
/// not retried, since a retry hands the stranger another port to race for.
#[test]
fn only_a_foreign_connection_fails_the_transfer() {
    let server = Behaviour::new().file("/f", "theirs").active_foreign(true).start();
    let s = scratch();
    let (out, _) = client(
        &s,
        &["--timeout", "2", "--retries", "2", "--active", "get", &server.url("ftp", "u:p", "/f"), "-o", "f"],
    );
    assert_eq!(out.code, 9, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("came only from 127.0.0.2:"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("not from the server's address 127.0.0.1"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("425 Failed to establish connection"), "{}", ctx(&out, &server));
    assert_eq!(verbs(&server, "RETR"), 1, "not retried: {}", ctx(&out, &server));
    assert!(!s.work.join("f").exists());
}

#[test]
fn active_mode_through_a_proxy_is_refused() {
    let s = scratch();
    let (out, _) = client(&s, &["--active", "--proxy", "socks5h://127.0.0.1:1", "ls", "ftp://u:p@127.0.0.1:1/"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--active cannot work through a proxy"), "{}", out.stderr);
    let (out, _) =
        client_env(&s, &[("ALL_PROXY", "http://127.0.0.1:1")], &["--active", "ls", "ftp://u:p@127.0.0.1:1/"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// `--active-address` is what EPRT announces, `--port-range` where we listen.
#[test]
fn announced_address_and_port_range() {
    let server = Behaviour::new().file("/f", "ranged").start();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let range = format!("{port}-{port}");
    let s = scratch();
    let url = server.url("ftp", "u:p", "/f");
    let args = ["--active", "--active-address", "127.0.0.1", "--port-range", &range, "get", &url, "-o", "f"];
    let (out, _) = client(&s, &args);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("f")).unwrap(), b"ranged");
    assert_eq!(verbs(&server, &format!("EPRT |1|127.0.0.1|{port}|")), 1, "{}", ctx(&out, &server));
    let (out, took) =
        client(&s, &["--active", "--active-address", "127.0.0.9", "--retries", "0", "get", &url, "-o", "g"]);
    assert_ne!(out.code, 0);
    // The server's 425 ends the wait, not the 30 s timeout.
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    assert!(out.stderr.contains("425"), "{}", ctx(&out, &server));
    assert_eq!(verbs(&server, "EPRT |1|127.0.0.9|"), 1, "{}", ctx(&out, &server));
    for lone in [["--port-range", "5000-5001"], ["--active-address", "10.0.0.1"]] {
        let (out, _) = client(&s, &[lone[0], lone[1], "ls", "ftp://u:p@127.0.0.1:1/"]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("--active"), "{}", out.stderr);
    }
    let (out, _) = client(&s, &["--active", "--port-range", "9-3", "ls", "ftp://u:p@127.0.0.1:1/"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("MIN-MAX"), "{}", out.stderr);
}
