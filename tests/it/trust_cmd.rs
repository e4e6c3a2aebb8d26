//! Certificate management: the warning about a server certificate that
//! expires soon, and `ftps trust` (show, remember, list, remove), against
//! the in-process server.

use crate::certs::{Leaf, pki};
use crate::edge::{ctx, expect_code, scratch, with_file};
use crate::fake::FakeServer;
use crate::harness::{Output, Scratch, ftps, run};

fn client(s: &Scratch, args: &[&str]) -> Output {
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).args(args);
    run(&mut cmd)
}

fn ca() -> String {
    pki().ca_pem.to_str().expect("utf-8 temp path").to_string()
}

fn server_with(leaf: &Leaf) -> FakeServer {
    with_file().file("/pub/second.bin", b"second".to_vec()).leaf(leaf).start()
}

/// A mirror opens several control connections (and full data handshakes),
/// each accepting the certificate: the warning still comes once, and even
/// with --quiet, because a cron job's mail is where it must show up.
#[test]
fn certificate_expiring_in_ten_days_is_warned_about_once() {
    let server = server_with(&pki().expires_soon);
    let s = scratch();
    let url = server.url("ftp", "u:p", "/pub/");
    let out = client(&s, &["--ca-file", &ca(), "-q", "mirror", "-P", "2", &url, "copy"]);
    expect_code(&out, &server, 0);
    assert!(s.work.join("copy/second.bin").exists(), "{}", ctx(&out, &server));
    assert!(server.connections() >= 2, "several connections accepted it\n{}", ctx(&out, &server));
    assert_eq!(out.stderr.matches("expires in 10 days").count(), 1, "one warning per run\n{}", ctx(&out, &server));
    assert!(out.stderr.contains("127.0.0.1"), "the host is named\n{}", ctx(&out, &server));
    assert!(out.stderr.contains("renew it before"), "{}", ctx(&out, &server));
}

#[test]
fn certificate_expiring_in_sixty_days_is_not_warned_about() {
    let server = server_with(&pki().expires_later);
    let s = scratch();
    let url = server.url("ftp", "u:p", "/pub/");
    let out = client(&s, &["--ca-file", &ca(), "mirror", "-P", "2", &url, "copy"]);
    expect_code(&out, &server, 0);
    assert!(!out.stderr.contains("expires"), "{}", ctx(&out, &server));
}

/// The one-file commands connect through the CLI's own path (with the trust
/// prompt); they warn too.
#[test]
fn single_connection_commands_warn_too() {
    let server = server_with(&pki().expires_soon);
    let s = scratch();
    let out = client(&s, &["--ca-file", &ca(), "ls", &server.url("ftp", "u:p", "/pub/")]);
    expect_code(&out, &server, 0);
    assert_eq!(out.stderr.matches("expires in 10 days").count(), 1, "{}", ctx(&out, &server));
}
