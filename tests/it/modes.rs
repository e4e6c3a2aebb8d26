//! A URL of the wrong FTPS mode ends within a few seconds with an error
//! naming the right scheme, against the in-process server and real
//! vsftpd/ProFTPD; a merely silent server still gets the whole timeout.

use std::time::{Duration, Instant};

use crate::edge::{FILE, client, ctx, with_file};
use crate::fake::Greeting;
use crate::harness::{run, scratch};
use crate::servers::{Kind, server};

/// Well under the default 30 s timeout, which used to be the wait.
const QUICK: Duration = Duration::from_secs(8);

#[test]
fn ftp_url_against_an_implicit_port_names_ftps() {
    let server = with_file().implicit().start();
    let s = scratch();
    let (out, took) = client(&s, &["ls", &server.url("ftp", "u:p", "/pub/")]);
    assert_eq!(out.code, 2, "{}", ctx(&out, &server));
    let want = format!(
        "speaks implicit FTPS (it sent no greeting and answered a TLS handshake); use ftps://127.0.0.1:{}/",
        server.port()
    );
    assert!(out.stderr.contains(&want), "{}", ctx(&out, &server));
    assert!(took < QUICK, "took {took:?}");
}

#[test]
fn ftps_url_against_an_explicit_port_names_ftpes() {
    let server = with_file().start();
    let s = scratch();
    let (out, took) = client(&s, &["get", &server.url("ftps", "u:p", FILE)]);
    assert_eq!(out.code, 2, "{}", ctx(&out, &server));
    let want = format!(
        "speaks explicit FTPS (it sent a plaintext 220 greeting, not TLS); use ftpes://127.0.0.1:{}/",
        server.port()
    );
    assert!(out.stderr.contains(&want), "{}", ctx(&out, &server));
    assert!(!out.stderr.contains("InvalidContentType"), "{}", out.stderr);
    assert!(took < QUICK, "took {took:?}");
}

#[test]
fn a_silent_server_still_gets_the_whole_timeout_and_no_more() {
    let server = with_file().greeting(Greeting::Silent).max_connections(8).start();
    let s = scratch();
    // One attempt: a login that times out is retried like any other step.
    let (out, took) = client(&s, &["--retries", "0", "--timeout", "6", "ls", &server.url("ftp", "u:p", "/")]);
    assert_eq!(out.code, 3, "{}", ctx(&out, &server));
    assert!(out.stderr.to_lowercase().contains("timed out"), "{}", ctx(&out, &server));
    assert!(took >= Duration::from_millis(5900) && took < Duration::from_secs(9), "took {took:?}");
}

#[test]
fn mode_mismatch_against_real_servers() {
    for kind in [Kind::Vsftpd, Kind::Proftpd] {
        for implicit in [false, true] {
            let Some(srv) = server(kind, implicit) else { continue };
            let s = scratch();
            let wrong = if implicit { srv.url("ftpes") } else { srv.url("ftps") };
            let mut cmd = srv.client(&s.home);
            cmd.args(["ls", &format!("{wrong}/")]);
            let started = Instant::now();
            let out = run(&mut cmd);
            let took = started.elapsed();
            srv.expect_code(&out, 2);
            let right = if implicit { "use ftps://" } else { "use ftpes://" };
            assert!(out.stderr.contains(right), "{kind} implicit={implicit}: {}", out.stderr);
            assert!(took < QUICK, "{kind} implicit={implicit}: took {took:?}");
            eprintln!(
                "MEASURED: {kind} {} port, wrong scheme reported in {took:?}",
                if implicit { "implicit" } else { "explicit" }
            );
        }
    }
}
