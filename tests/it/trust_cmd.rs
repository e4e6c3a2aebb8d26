//! Certificate management: the warning about a server certificate that
//! expires soon, and `ftps trust` (show, remember, list, remove), against
//! the in-process server.

use std::os::unix::fs::PermissionsExt;

use crate::certs::{Leaf, pki, spki_sha256};
use crate::edge::{FILE, ctx, expect_code, scratch, with_file};
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

// ---------------------------------------------------------------- ftps trust

fn known_hosts(s: &Scratch) -> std::path::PathBuf {
    s.home.join(".config/ftps/known_hosts")
}

fn trust(s: &Scratch, server: &FakeServer, extra: &[&str]) -> Output {
    let url = server.url("ftp", "", "/");
    let mut args = vec!["trust", url.as_str()];
    args.extend(extra);
    client(s, &args)
}

#[test]
fn trust_shows_the_chain_and_without_a_terminal_needs_expect() {
    let server = with_file().start();
    let s = scratch();
    let out = trust(&s, &server, &[]);
    expect_code(&out, &server, 2);
    let p = pki();
    for want in [
        format!("sha256:{}", p.cert_sha256_hex()),
        spki_sha256(&p.cert_der),
        "CN=localhost".to_string(),
        "ftps throwaway test CA".to_string(),
        "127.0.0.1".to_string(),
        "not signed by a trusted CA".to_string(),
        "valid:".to_string(),
    ] {
        assert!(out.stdout.contains(&want), "{want} shown\n{}", ctx(&out, &server));
    }
    assert!(out.stderr.contains("--expect sha256:"), "says how\n{}", ctx(&out, &server));
    assert!(!known_hosts(&s).exists(), "never stored blindly");
    assert!(!server.commands().iter().any(|c| c.starts_with("USER")), "no login: {:?}", server.commands());
}

#[test]
fn trust_with_expect_remembers_lists_and_removes() {
    let server = with_file().start();
    let s = scratch();
    let spki = spki_sha256(&pki().cert_der);
    let out = trust(&s, &server, &["--expect", &spki]);
    expect_code(&out, &server, 0);
    let key = format!("127.0.0.1:{}", server.port());
    let stored = std::fs::read_to_string(known_hosts(&s)).expect("known_hosts written");
    assert_eq!(stored, format!("{key} {spki} public-key\n"));
    let mode = std::fs::metadata(known_hosts(&s)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the store stays private");

    // Remembered: a plain download now passes without --ca-file.
    let got = client(&s, &["get", &server.url("ftp", "u:p", FILE)]);
    expect_code(&got, &server, 0);
    let again = trust(&s, &server, &[]);
    expect_code(&again, &server, 0);
    assert!(again.stderr.contains("already remembered"), "{}", ctx(&again, &server));

    let list = client(&s, &["trust", "list"]);
    list.expect_ok();
    assert_eq!(list.stdout.trim(), format!("{key}  public-key  {spki}"));

    client(&s, &["trust", "remove", &key]).expect_ok();
    assert_eq!(std::fs::read_to_string(known_hosts(&s)).unwrap(), "");
    let gone = client(&s, &["trust", "remove", &key]);
    gone.expect_code(6);
    assert!(gone.stderr.contains("nothing remembered"), "{}", gone.stderr);
}

#[test]
fn trust_accepts_the_certificate_fingerprint_and_remove_without_port_takes_every_port() {
    let server = with_file().start();
    let s = scratch();
    let cert = format!("sha256:{}", pki().cert_sha256_hex());
    // Upper case with colons, as openssl prints it.
    let colons: Vec<String> = pki()
        .cert_sha256_hex()
        .to_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let openssl = format!("sha256:{}", colons.join(":"));
    expect_code(&trust(&s, &server, &["--expect", &openssl]), &server, 0);
    let file = known_hosts(&s);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("# mine\n{text}127.0.0.1:1 {cert}\nother:21 {cert}\n")).unwrap();
    client(&s, &["trust", "remove", "127.0.0.1"]).expect_ok();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("# mine\nother:21 {cert}\n"));
}

#[test]
fn trust_refuses_a_wrong_expectation_and_an_unfit_certificate() {
    let s = scratch();
    let server = with_file().start();
    let wrong = format!("sha256:{}", "ab".repeat(32));
    let out = trust(&s, &server, &["--expect", &wrong]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains(&wrong) && out.stderr.contains("matches neither"), "{}", ctx(&out, &server));
    assert!(!known_hosts(&s).exists());

    let bad = client(&s, &["trust", &server.url("ftp", "", "/"), "--expect", "md5:00"]);
    bad.expect_code(2);
    assert!(bad.stderr.contains("--expect") && bad.stderr.contains("64 hex"), "{}", bad.stderr);

    let expired = with_file().leaf(&pki().expired).start();
    let out = trust(&s, &expired, &["--expect", &pki().expired.sha256()]);
    expect_code(&out, &expired, 4);
    assert!(out.stderr.contains("expired on"), "{}", ctx(&out, &expired));
    assert!(!known_hosts(&s).exists(), "an expired certificate is never remembered");
}

#[test]
fn trust_escapes_terminal_controls_in_certificate_fields() {
    let leaf = &pki().control_chars;
    let server = with_file().leaf(leaf).start();
    let s = scratch();
    let out = trust(&s, &server, &[]);
    expect_code(&out, &server, 2);
    assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'), "{:?}", out.stdout);
    assert!(out.stdout.contains("evil\\x1b]0;pwned\\x07.example"), "shown escaped\n{}", ctx(&out, &server));
    assert!(out.stdout.contains(&leaf.sha256()), "{}", ctx(&out, &server));
}

/// At a terminal the chain is shown and "y" stores it.
#[test]
fn trust_at_a_terminal_asks_and_remembers() {
    use expectrl::{Eof, Session};
    let server = with_file().start();
    let s = scratch();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ftps"));
    cmd.env_clear().env("HOME", &s.home).env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.current_dir(&s.work).args(["trust", &server.url("ftp", "", "/")]);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let spki = spki_sha256(&pki().cert_der);
    session.expect("not signed by a trusted CA").expect("what failed is shown");
    session.expect("[y/N]").expect("the question");
    session.send_line("y").unwrap();
    session.expect(Eof).expect("it finishes");
    let stored = std::fs::read_to_string(known_hosts(&s)).expect("known_hosts written");
    assert_eq!(stored, format!("127.0.0.1:{} {spki} public-key\n", server.port()));
}

/// A chain of two is shown whole, server's own first; with the CA known it
/// verifies, and remembering it still pins the key.
#[test]
fn trust_shows_every_certificate_of_a_chain() {
    let p = pki();
    let server = with_file().leaf(&p.via_intermediate).intermediates(std::slice::from_ref(&p.intermediate_der)).start();
    let s = scratch();
    let spki = spki_sha256(&p.via_intermediate.cert_der);
    let url = server.url("ftp", "", "/");
    let out = client(&s, &["--ca-file", &ca(), "trust", &url, "--expect", &spki]);
    expect_code(&out, &server, 0);
    let first = out.stdout.find("certificate 1 (the server's own)").expect("leaf shown");
    let second = out.stdout.find("certificate 2:").expect("intermediate shown");
    assert!(first < second, "{}", ctx(&out, &server));
    assert!(out.stdout[second..].contains("CN=ftps test intermediate CA"), "{}", ctx(&out, &server));
    assert!(out.stdout[second..].contains(&crate::certs::sha256(&p.intermediate_der)), "{}", ctx(&out, &server));
    assert!(out.stdout.contains("verification: passed"), "{}", ctx(&out, &server));
    let stored = std::fs::read_to_string(known_hosts(&s)).expect("known_hosts written");
    assert!(stored.contains(&spki), "{stored}");
}

// ---------------------------------------------------------------- real servers

/// vsftpd and ProFTPD, explicit and implicit, without the test CA: `trust
/// --expect` remembers the key before any login, and a later login with no
/// --ca-file is then accepted on the remembered key alone.
#[test]
fn trust_then_log_in_against_real_servers() {
    use crate::servers::{Kind, server};
    for kind in [Kind::Vsftpd, Kind::Proftpd] {
        for implicit in [false, true] {
            let Some(srv) = server(kind, implicit) else { return };
            let s = scratch();
            let spki = spki_sha256(&pki().cert_der);
            let out = client(&s, &["trust", &srv.base_url(), "--expect", &spki]);
            srv.expect_code(&out, 0);
            assert!(out.stdout.contains("not signed by a trusted CA"), "{kind}: {}", out.stdout);
            srv.write_file("t.txt", b"trusted");
            let mut cmd = ftps(&s.home);
            cmd.current_dir(&s.work).args(["-u", &srv.user]).env("FTPS_PASSWORD", &srv.password);
            let got = run(cmd.args(["get", &format!("{}/t.txt", srv.base_url())]));
            srv.expect_code(&got, 0);
            assert_eq!(std::fs::read(s.work.join("t.txt")).unwrap(), b"trusted");
        }
    }
}

/// ProFTPD with `TLSVerifyClient on` finishes the handshake only for a
/// client certificate: trust presents --cert/--key like any connection.
#[test]
fn trust_presents_the_client_certificate_to_proftpd_verify_client() {
    let Some(srv) = crate::servers::proftpd_client_auth() else { return };
    let s = scratch();
    let p = pki();
    let (cert, key) = (p.client_cert_pem.to_str().unwrap(), p.client_key_pem.to_str().unwrap());
    let out =
        client(&s, &["--cert", cert, "--key", key, "trust", &srv.base_url(), "--expect", &spki_sha256(&p.cert_der)]);
    srv.expect_code(&out, 0);
    let list = client(&s, &["trust", "list"]);
    list.expect_ok();
    assert!(list.stdout.contains(&format!("127.0.0.1:{}  public-key", srv.port())), "{}", list.stdout);
}

/// A refused connection points at `ftps trust` with the fingerprint to expect.
#[test]
fn an_unknown_issuer_refusal_names_ftps_trust() {
    let server = with_file().start();
    let s = scratch();
    let out = client(&s, &["get", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 4);
    let hint = format!("ftps trust URL --expect {}", spki_sha256(&pki().cert_der));
    assert!(out.stderr.contains(&hint), "{}", ctx(&out, &server));
}

/// probe reports the coming expiry once, in the run's one wording.
#[test]
fn probe_warns_about_a_coming_expiry_once() {
    // probe opens a connection per TLS version before it logs in.
    let server = with_file().leaf(&pki().expires_soon).max_connections(8).start();
    let s = scratch();
    let out = client(&s, &["--ca-file", &ca(), "probe", &server.url("ftp", "u:p", "/")]);
    expect_code(&out, &server, 0);
    assert_eq!(out.stderr.matches("expires in").count(), 1, "{}", ctx(&out, &server));
    assert!(out.stderr.contains("expires in 10 days"), "{}", ctx(&out, &server));
}
