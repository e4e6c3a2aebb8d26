//! IPv6: `ftp://[::1]:PORT/` URLs, EPSV on an IPv6 control connection (PASV
//! cannot carry an IPv6 address), and certificates checked against the IP.

use std::fs;

use crate::certs::pki;
use crate::edge::{client, ctx, expect_code, sample, scratch};
use crate::fake::{Behaviour, has_ipv6_loopback};

/// False (and says so) on a machine without `::1`, where these tests cannot
/// mean anything.
fn ipv6_here() -> bool {
    let ok = has_ipv6_loopback();
    if !ok {
        eprintln!("SKIPPED: this machine cannot listen on ::1");
    }
    ok
}

#[test]
fn list_get_and_put_over_ipv6_use_epsv() {
    if !ipv6_here() {
        return;
    }
    let server = Behaviour::new().file("/d/f.bin", sample(70_000)).dir("/up").ipv6().start();
    assert!(server.addr().is_ipv6());
    let url = server.url("ftp", "u:p", "/d/f.bin");
    assert!(url.starts_with("ftp://u:p@[::1]:"), "{url}");
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/d/")]);
    expect_code(&out, &server, 0);
    assert!(out.stdout.contains("f.bin"), "{}", ctx(&out, &server));
    let (out, _) = client(&s, &["get", &url, "-o", "f.bin"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("f.bin")).unwrap() == sample(70_000), "{}", ctx(&out, &server));
    let (out, _) = client(&s, &["put", "f.bin", &server.url("ftp", "u:p", "/up/")]);
    expect_code(&out, &server, 0);
    assert!(server.file("/up/f.bin").is_some_and(|f| f == sample(70_000)), "{}", ctx(&out, &server));
    let cmds = server.commands();
    assert!(cmds.iter().filter(|c| c.eq_ignore_ascii_case("EPSV")).count() >= 3, "{}", ctx(&out, &server));
    assert!(!cmds.iter().any(|c| c.eq_ignore_ascii_case("PASV")), "{}", ctx(&out, &server));
}

#[test]
fn implicit_ftps_over_ipv6() {
    if !ipv6_here() {
        return;
    }
    let server = Behaviour::new().file("/f", "six").implicit().ipv6().start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftps", "u:p", "/f"), "-o", "f"]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("f")).unwrap(), b"six");
}

/// The certificate must name the IP typed (`::1`): one for another name,
/// from the same trusted CA, is refused before the password is sent.
#[test]
fn the_certificate_is_checked_against_the_ipv6_address() {
    if !ipv6_here() {
        return;
    }
    let server = Behaviour::new().file("/f", "x").leaf(&pki().wrong_name).ipv6().start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/f"), "-o", "f"]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("::1"), "the error names the host: {}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("PASS")), "{}", ctx(&out, &server));
    assert!(!s.work.join("f").exists());
}

/// Messages write an IPv6 address in brackets, or `::1:PORT` reads as an
/// address with no port.
#[test]
fn errors_write_the_ipv6_address_in_brackets() {
    if !ipv6_here() {
        return;
    }
    let port = std::net::TcpListener::bind("[::1]:0").unwrap().local_addr().unwrap().port();
    let s = scratch();
    let (out, _) = client(&s, &["ls", "--retries", "0", &format!("ftp://u:p@[::1]:{port}/")]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains(&format!("cannot connect to [::1]:{port}")), "{}", out.stderr);
    assert!(!out.stderr.contains(&format!("::1:{port}")), "{}", out.stderr);
}

/// A real server on `::1` (vsftpd `listen_ipv6=YES`, ProFTPD `UseIPv6
/// on`), explicit and implicit, with session reuse required: upload,
/// listing, download in passive mode (EPSV).
#[test]
fn vsftpd_on_ipv6_loopback() {
    real_server_on_ipv6_loopback(crate::servers::Kind::Vsftpd);
}

#[test]
fn proftpd_on_ipv6_loopback() {
    real_server_on_ipv6_loopback(crate::servers::Kind::Proftpd);
}

fn real_server_on_ipv6_loopback(kind: crate::servers::Kind) {
    if !ipv6_here() {
        return;
    }
    for implicit in [false, true] {
        let Some(srv) = crate::servers::server_ipv6(kind, implicit) else { return };
        let s = scratch();
        let scheme = if implicit { "ftps" } else { "ftp" };
        let base = srv.url(scheme);
        assert!(base.contains("[::1]"), "{base}");
        fs::write(s.work.join("up.bin"), sample(300_000)).unwrap();
        let mut put = srv.client(&s.home);
        put.current_dir(&s.work).args(["-v", "put", "up.bin", &format!("{base}/")]);
        let out = crate::harness::run(&mut put);
        srv.expect_code(&out, 0);
        assert!(out.stderr.contains("-> EPSV"), "{}", out.stderr);
        assert!(fs::read(srv.path("up.bin")).unwrap() == sample(300_000));
        let mut ls = srv.client(&s.home);
        ls.args(["ls", &format!("{base}/")]);
        let out = crate::harness::run(&mut ls);
        srv.expect_code(&out, 0);
        assert!(out.stdout.contains("up.bin"), "{}", out.stdout);
        let mut get = srv.client(&s.home);
        get.current_dir(&s.work).args(["-v", "get", &format!("{base}/up.bin"), "-o", "back.bin"]);
        let out = crate::harness::run(&mut get);
        srv.expect_code(&out, 0);
        assert!(fs::read(s.work.join("back.bin")).unwrap() == sample(300_000));
        assert!(out.stderr.contains("resumed"), "the data connection resumed the session: {}", out.stderr);
        assert!(!out.stderr.contains("-> PASV"), "{}", out.stderr);
    }
}
