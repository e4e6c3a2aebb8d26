//! Authentication both ways: a wrong password, an untrusted server
//! certificate (refused before credentials are sent, unless `--insecure`),
//! and a client certificate for a server that requires one.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::support::{run_expect, run_ok};
use crate::certs::pki;
use crate::harness::{ftps, run, scratch as local};
use crate::servers::{Kind, Server, server};

pub(super) fn wrong_password(kind: Kind, implicit: bool) {
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

pub(super) fn untrusted_certificate(kind: Kind, implicit: bool) {
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

pub(super) fn insecure(kind: Kind, implicit: bool) {
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
