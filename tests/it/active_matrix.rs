//! The active-mode interop matrix of issue 14: vsftpd and ProFTPD x explicit
//! and implicit FTPS x TLS 1.2 and TLS 1.3, over IPv4 and IPv6, both servers
//! requiring TLS session reuse on data connections (vsftpd
//! `require_ssl_reuse=YES`, ProFTPD's default). Each cell uploads, lists and
//! downloads in active mode and checks that every data connection resumed
//! the control session at the cell's TLS version.

use std::fs;

use crate::edge::{sample, scratch};
use crate::servers::{Kind, Server, server, server_ipv6};

#[derive(Debug, Clone, Copy)]
enum Tls {
    V12,
    V13,
}

/// One cell: `--tls-max 1.2`, or `--tls-min 1.3` (so the ticket policy
/// cannot settle on 1.2 and the cell really runs TLS 1.3, ProFTPD's ticket
/// shortage included).
fn cell(srv: &Server, tls: Tls) {
    let (kind, implicit) = (srv.kind, srv.implicit);
    let s = scratch();
    let base = srv.url(if implicit { "ftps" } else { "ftp" });
    let (ipv6, eprt) =
        if base.contains("[::1]") { (true, "-> EPRT |2|::1|") } else { (false, "-> EPRT |1|127.0.0.1|") };
    let (flag, version, want) = match tls {
        Tls::V12 => ("--tls-max", "1.2", "TLS 1.2"),
        Tls::V13 => ("--tls-min", "1.3", "TLS 1.3"),
    };
    let name = format!(
        "{kind} {} {want} {}",
        if implicit { "implicit" } else { "explicit" },
        if ipv6 { "IPv6" } else { "IPv4" }
    );
    fs::write(s.work.join("up.bin"), sample(200_000)).unwrap();
    let mut runs = Vec::new();
    for args in [
        vec!["put", "up.bin", &format!("{base}/")],
        vec!["ls", &format!("{base}/")],
        vec!["get", &format!("{base}/up.bin"), "-o", "back.bin"],
    ] {
        let mut cmd = srv.client(&s.home);
        cmd.current_dir(&s.work).args(["-v", flag, version, "--active"]).args(&args);
        let out = crate::harness::run(&mut cmd);
        srv.expect_code(&out, 0);
        let err = &out.stderr;
        assert!(err.contains(eprt), "{name}: {err}");
        assert!(!err.contains("-> EPSV") && !err.contains("-> PASV"), "{name}: {err}");
        assert!(!err.contains("-> PORT"), "{name}: EPRT worked, no PORT: {err}");
        assert!(err.contains(&format!("control connection: {want}")), "{name}: {err}");
        assert!(err.contains(&format!("data connection: {want} resumed")), "{name}: {err}");
        assert!(!err.contains("not resumed"), "{name}: {err}");
        runs.push(out);
    }
    assert!(runs[1].stdout.contains("up.bin"), "{name}: {}", runs[1].stdout);
    assert!(fs::read(srv.path("up.bin")).unwrap() == sample(200_000), "{name}: upload");
    assert!(fs::read(s.work.join("back.bin")).unwrap() == sample(200_000), "{name}: download");
    eprintln!("active mode matrix: {name}: pass");
}

/// The four cells (explicit/implicit x TLS 1.2/1.3) of `kind` on one family.
fn row(kind: Kind, ipv6: bool) {
    if ipv6 && !crate::fake::has_ipv6_loopback() {
        eprintln!("SKIPPED: this machine cannot listen on ::1");
        return;
    }
    for implicit in [false, true] {
        let srv = if ipv6 { server_ipv6(kind, implicit) } else { server(kind, implicit) };
        let Some(srv) = srv else { return };
        for tls in [Tls::V12, Tls::V13] {
            cell(&srv, tls);
        }
    }
}

#[test]
fn vsftpd_ipv4() {
    row(Kind::Vsftpd, false);
}

#[test]
fn proftpd_ipv4() {
    row(Kind::Proftpd, false);
}

#[test]
fn vsftpd_ipv6() {
    row(Kind::Vsftpd, true);
}

#[test]
fn proftpd_ipv6() {
    row(Kind::Proftpd, true);
}
