//! Proxies that misbehave: one that trickles its reply a byte at a time,
//! one whose SOCKS5 answers break RFC 1929. Each is a scripted peer on
//! loopback; no FTP server is behind it, and none is needed.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::edge::client;
use crate::harness::scratch;

/// A proxy that plays `script` on its first connection, then closes.
fn scripted(script: impl FnOnce(TcpStream) + Send + 'static) -> (SocketAddr, JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let peer = thread::spawn(move || {
        if let Ok((s, _)) = l.accept() {
            let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
            script(s);
        }
    });
    (addr, peer)
}

/// An HTTP proxy that answers `200` but sends its header a byte every
/// 200 ms, never ending it: each byte arrives well within `--timeout`, so
/// only a deadline for the whole exchange stops the wait (it used to take
/// up to 8192 bytes x `--timeout`).
#[test]
fn a_trickling_http_proxy_fails_within_the_timeout() {
    let (addr, peer) = scripted(|mut s| {
        let mut head = Vec::new();
        let mut b = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 && s.read_exact(&mut b).is_ok() {
            head.push(b[0]);
        }
        let _ = s.write_all(b"HTTP/1.1 200 Connection established\r\nX-Slow: ");
        // Bounded: 150 x 200 ms, half a minute at most.
        for _ in 0..150 {
            if s.write_all(b"a").is_err() {
                break;
            }
            thread::sleep(Duration::from_millis(200));
        }
    });
    let s = scratch();
    let proxy = format!("http://{addr}");
    let (out, took) =
        client(&s, &["--timeout", "2", "--retries", "0", "--proxy", &proxy, "ls", "ftp://u:p@127.0.0.1:9/"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("did not open the tunnel within"), "{}", out.stderr);
    // Generous: the bound is 2 s, the trickle would last 30 s.
    assert!(took < Duration::from_secs(6), "took {took:?}: {}", out.stderr);
    peer.join().unwrap();
}

/// RFC 1929: the answer to the user name and password starts with the
/// sub-negotiation's version, 1. A proxy answering `5 0` (the SOCKS version
/// where 1 belongs) is refused, not taken as a successful login.
#[test]
fn a_socks5_auth_reply_with_the_wrong_version_is_refused() {
    let (addr, peer) = scripted(|mut s| {
        let mut greeting = [0u8; 4];
        if s.read_exact(&mut greeting).is_err() || greeting != [5, 2, 0, 2] {
            return;
        }
        let _ = s.write_all(&[5, 2]);
        let mut auth = [0u8; 64];
        let _ = s.read(&mut auth);
        let _ = s.write_all(&[5, 0]);
        // Whatever comes next (a CONNECT request, before the fix) is read
        // and answered with success, so only the version check can fail it.
        let mut req = [0u8; 64];
        if s.read(&mut req).is_ok_and(|n| n > 0) {
            let _ = s.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 9]);
        }
    });
    let s = scratch();
    let proxy = format!("socks5://tester:pw@{addr}");
    let (out, _) = client(&s, &["--timeout", "5", "--retries", "0", "--proxy", &proxy, "ls", "ftp://u:p@127.0.0.1:9/"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("has version 5, not 1 (RFC 1929)"), "{}", out.stderr);
    peer.join().unwrap();
}
