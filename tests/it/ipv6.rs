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
