//! Certificate trust beyond the CA system: --pin, --crl-file and known hosts
//! (TOFU, SSH-like). No --ca-file unless a test says so: the test CA is
//! unknown, as for a self-signed server.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::certs::{Leaf, pki, spki_sha256};
use crate::edge::{FILE, Scratch, ctx, expect_code, scratch, with_file};
use crate::fake::FakeServer;
use crate::harness::{Output, ftps, run};

fn client(s: &Scratch, args: &[&str]) -> Output {
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).args(args);
    run(&mut cmd)
}

fn fingerprint() -> String {
    format!("sha256:{}", pki().cert_sha256_hex())
}

fn known_hosts(s: &Scratch) -> std::path::PathBuf {
    s.home.join(".config/ftps/known_hosts")
}

fn get(s: &Scratch, server: &FakeServer, extra: &[&str]) -> Output {
    let url = server.url("ftp", "u:p", FILE);
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["get", "--force", url.as_str()]);
    client(s, &args)
}

#[test]
fn unknown_ca_without_terminal_fails_with_fingerprint_and_remedies() {
    let server = with_file().start();
    let s = scratch();
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 4);
    let fp = fingerprint();
    assert!(out.stderr.contains(&fp), "fingerprint shown\n{}", ctx(&out, &server));
    assert!(out.stderr.contains("unknown issuer"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("--pin"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("known_hosts"), "the file entry that would trust it\n{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("USER")), "no login on an untrusted channel");
}

#[test]
fn pin_accepts_matching_certificate() {
    let server = with_file().start();
    let s = scratch();
    let out = get(&s, &server, &["--pin", &fingerprint()]);
    expect_code(&out, &server, 0);
    assert!(s.work.join("data.bin").exists());
}

#[test]
fn pin_mismatch_is_refused_even_with_the_right_ca() {
    let server = with_file().start();
    let s = scratch();
    let wrong = format!("sha256:{}", "ab".repeat(32));
    let ca = pki().ca_pem.to_str().unwrap().to_string();
    let out = get(&s, &server, &["--ca-file", &ca, "--pin", &wrong]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains(&wrong) && out.stderr.contains(&fingerprint()), "{}", ctx(&out, &server));
}

#[test]
fn malformed_pin_is_a_usage_error() {
    let s = scratch();
    let mut cmd = ftps(&s.home);
    cmd.args(["--pin", "md5:1234", "ls", "ftp://127.0.0.1:1/"]);
    let out = run(&mut cmd);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("sha256"), "{}", out.stderr);
}

#[test]
fn known_host_entry_is_trusted_and_a_change_is_refused() {
    let server = with_file().start();
    let s = scratch();
    let file = known_hosts(&s);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    let key = format!("127.0.0.1:{}", server.port());
    fs::write(&file, format!("{key} {}\n", fingerprint())).unwrap();
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 0);

    let old = format!("sha256:{}", "cd".repeat(32));
    fs::write(&file, format!("{key} {old}\n")).unwrap();
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("CHANGED"), "{}", ctx(&out, &server));
    assert!(
        out.stderr.contains(&old) && out.stderr.contains(&fingerprint()),
        "old and new shown\n{}",
        ctx(&out, &server)
    );
}

/// At a terminal, an unknown certificate is shown and the user is asked;
/// "always" stores it, and the next run (no terminal) trusts it silently.
#[test]
fn terminal_prompt_trusts_always_and_remembers() {
    use expectrl::{Eof, Session};
    let server = with_file().start();
    let s = scratch();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ftps"));
    cmd.env_clear().env("HOME", &s.home).env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.current_dir(&s.work).args(["get", &server.url("ftp", "u:p", FILE)]);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session.expect("not signed by a trusted CA").expect("the prompt says what failed");
    session.expect(fingerprint().as_str()).expect("the prompt shows the fingerprint");
    session.expect("[o]nce, [a]lways").expect("the trust question");
    session.send_line("a").unwrap();
    session.expect(Eof).expect("the download finishes");
    assert!(s.work.join("data.bin").exists(), "downloaded after trusting");
    let stored = fs::read_to_string(known_hosts(&s)).expect("known_hosts written");
    // The public key is remembered, so a renewal with the same key passes.
    assert_eq!(stored.trim(), format!("127.0.0.1:{} {} public-key", server.port(), spki_sha256(&pki().cert_der)));
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&known_hosts(&s)), 0o600, "known_hosts is private");
    assert_eq!(mode(known_hosts(&s).parent().unwrap()), 0o700, "its directory is private");

    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 0);
}

fn remember(s: &Scratch, line: &str) {
    let file = known_hosts(s);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, format!("{line}\n")).unwrap();
}

fn leaf_server(leaf: &Leaf) -> FakeServer {
    with_file().leaf(leaf).start()
}

/// SSH-like: the remembered key wins over a CA's word for a different one.
#[test]
fn remembered_host_refuses_a_different_certificate_even_when_a_ca_vouches_for_it() {
    let server = with_file().start();
    let s = scratch();
    let old = format!("sha256:{}", "cd".repeat(32));
    remember(&s, &format!("127.0.0.1:{} {old}", server.port()));
    let ca = pki().ca_pem.to_str().unwrap().to_string();
    let out = get(&s, &server, &["--ca-file", &ca]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("CHANGED"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains(&old), "old fingerprint shown\n{}", ctx(&out, &server));
    assert!(out.stderr.contains(&spki_sha256(&pki().cert_der)), "new key shown\n{}", ctx(&out, &server));
    assert!(out.stderr.contains("remove the line"), "how to fix\n{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("USER")), "no login\n{}", ctx(&out, &server));
}

/// A renewal with the same key passes when the key is remembered; a line
/// holding the certificate's own fingerprint pins that exact certificate.
#[test]
fn renewal_with_the_same_key_passes_a_remembered_public_key() {
    let server = leaf_server(&pki().renewed);
    let s = scratch();
    remember(&s, &format!("127.0.0.1:{} {}", server.port(), spki_sha256(&pki().cert_der)));
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 0);

    remember(&s, &format!("127.0.0.1:{} {}", server.port(), fingerprint()));
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("CHANGED"), "{}", ctx(&out, &server));
}

/// Remembering waives the issuer check only, not the name or the dates.
#[test]
fn remembered_certificate_still_needs_the_right_name_and_dates() {
    for (leaf, says) in [(&pki().wrong_name, "wrong name: issued for other.example"), (&pki().expired, "expired")] {
        let server = leaf_server(leaf);
        let s = scratch();
        remember(&s, &format!("127.0.0.1:{} {}", server.port(), leaf.sha256()));
        let out = get(&s, &server, &[]);
        expect_code(&out, &server, 4);
        assert!(out.stderr.contains(says), "says what failed ({says})\n{}", ctx(&out, &server));
        assert!(out.stderr.contains("remembered"), "{}", ctx(&out, &server));
        assert!(!server.commands().iter().any(|c| c.starts_with("USER")), "{}", ctx(&out, &server));
    }
}

#[test]
fn known_hosts_names_match_case_insensitively() {
    let server = with_file().start();
    let s = scratch();
    remember(&s, &format!("LOCALHOST:{} {}", server.port(), fingerprint()));
    let url = format!("ftp://u:p@LocalHost:{}{FILE}", server.port());
    let out = client(&s, &["get", &url]);
    expect_code(&out, &server, 0);
}

/// Without a terminal, a certificate that could not be remembered anyway
/// (wrong name) gets no "add this line" advice, just what failed.
#[test]
fn unknown_certificate_with_a_wrong_name_says_both_problems() {
    let server = leaf_server(&pki().wrong_name);
    let s = scratch();
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("unknown issuer"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("wrong name: issued for other.example, not 127.0.0.1"), "{}", ctx(&out, &server));
    assert!(!out.stderr.contains("add the line"), "{}", ctx(&out, &server));
}

#[test]
fn any_of_several_pins_passes_and_none_is_refused_listing_all() {
    let server = with_file().start();
    let s = scratch();
    let wrong = format!("sha256:{}", "ab".repeat(32));
    let out = get(&s, &server, &["--pin", &wrong, "--pin", &fingerprint()]);
    expect_code(&out, &server, 0);
    let other = format!("sha256:{}", "ef".repeat(32));
    let out = get(&s, &server, &["--pin", &wrong, "--pin", &other]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains(&wrong) && out.stderr.contains(&other), "{}", ctx(&out, &server));
    let out = get(&s, &server, &["--pin", &wrong, "--pin", "sha256:12"]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("\"sha256:12\"") && out.stderr.contains("64 hex"), "{}", out.stderr);
}

#[test]
fn crl_file_refuses_a_revoked_certificate() {
    let ca = pki().ca_pem.to_str().unwrap().to_string();
    let crl = pki().crl_pem.to_str().unwrap().to_string();
    let server = leaf_server(&pki().revoked);
    let s = scratch();
    let out = get(&s, &server, &["--ca-file", &ca]);
    expect_code(&out, &server, 0);
    let out = get(&s, &server, &["--ca-file", &ca, "--crl-file", &crl]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("revoked"), "{}", ctx(&out, &server));

    // Certificates the CRL does not list still pass.
    let server = with_file().start();
    let out = get(&s, &server, &["--ca-file", &ca, "--crl-file", &crl]);
    expect_code(&out, &server, 0);

    // Not a CRL: a usage error naming the file.
    let out = get(&s, &server, &["--ca-file", &ca, "--crl-file", &ca]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("revocation list") && out.stderr.contains(&ca), "{}", out.stderr);
}

/// A certificate with a wrong name can be trusted for one run at a
/// terminal, after being told so, but never remembered.
#[test]
fn terminal_prompt_says_what_failed_and_offers_only_once_for_a_wrong_name() {
    use expectrl::{Eof, Session};
    let server = leaf_server(&pki().wrong_name);
    let s = scratch();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ftps"));
    cmd.env_clear().env("HOME", &s.home).env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.current_dir(&s.work).args(["get", &server.url("ftp", "u:p", FILE)]);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session.expect("not signed by a trusted CA").expect("the issuer problem");
    session.expect("wrong name: issued for other.example, not 127.0.0.1").expect("the name problem");
    session.expect("[o]nce, [N]o").expect("only once is offered");
    session.send_line("o").unwrap();
    session.expect(Eof).expect("the download finishes");
    assert!(s.work.join("data.bin").exists(), "downloaded after trusting once");
    assert!(!known_hosts(&s).exists(), "nothing remembered");
}

/// Whoever can add a line to known_hosts can vouch for any server.
#[test]
fn known_hosts_writable_by_others_is_refused() {
    let server = with_file().start();
    let s = scratch();
    remember(&s, &format!("127.0.0.1:{} {}", server.port(), fingerprint()));
    fs::set_permissions(known_hosts(&s), fs::Permissions::from_mode(0o666)).unwrap();
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains("writable by other users") && out.stderr.contains("chmod 600"), "{}", out.stderr);
    fs::set_permissions(known_hosts(&s), fs::Permissions::from_mode(0o644)).unwrap();
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 0);
}

/// WebPKI stops at the first failed check; the message names them all.
#[test]
fn an_expired_certificate_says_whether_its_issuer_is_trusted_too() {
    let server = leaf_server(&pki().expired);
    let s = scratch();
    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("expired on"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("not signed by a trusted CA"), "{}", ctx(&out, &server));
    assert!(!out.stderr.contains("add the line"), "an expired certificate cannot be remembered\n{}", out.stderr);

    let ca = pki().ca_pem.to_str().unwrap().to_string();
    let out = get(&s, &server, &["--ca-file", &ca]);
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("expired"), "{}", ctx(&out, &server));
    assert!(!out.stderr.contains("not signed by a trusted CA"), "the issuer is fine here\n{}", out.stderr);
}

/// `--insecure` turns the CA checks off, never a remembered key: a
/// remembered server presenting another key is refused all the same.
#[test]
fn insecure_does_not_override_a_remembered_key() {
    let server = with_file().start();
    let s = scratch();
    let old = format!("sha256:{}", "cd".repeat(32));
    remember(&s, &format!("127.0.0.1:{} {old}", server.port()));
    let out = get(&s, &server, &["--insecure"]);
    // Before: exit 0, the changed key never compared.
    expect_code(&out, &server, 4);
    assert!(out.stderr.contains("CHANGED") && out.stderr.contains("--insecure does not override"), "{}", out.stderr);
    assert!(!server.commands().iter().any(|c| c.starts_with("USER")), "no login\n{}", ctx(&out, &server));
    // The remembered key itself still passes with --insecure, and a --pin
    // (named for this server) is the explicit override.
    remember(&s, &format!("127.0.0.1:{} {}", server.port(), fingerprint()));
    expect_code(&get(&s, &server, &["--insecure"]), &server, 0);
    remember(&s, &format!("127.0.0.1:{} {old}", server.port()));
    expect_code(&get(&s, &server, &["--pin", &fingerprint()]), &server, 0);
}

/// An unreadable known_hosts is an error naming the file and line, never
/// "nothing remembered" (which let the CA's word replace a remembered key).
#[test]
fn a_broken_known_hosts_fails_closed() {
    let server = with_file().start();
    let s = scratch();
    let old = format!("sha256:{}", "cd".repeat(32));
    let file = known_hosts(&s);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mut text = b"# caf\xe9 (latin-1)\n".to_vec();
    text.extend(format!("127.0.0.1:{} {old}\n", server.port()).as_bytes());
    fs::write(&file, &text).unwrap();
    let ca = pki().ca_pem.to_str().unwrap().to_string();
    let out = get(&s, &server, &["--ca-file", &ca]);
    // Before: exit 0 on the CA's word, the remembered (different) key ignored.
    expect_code(&out, &server, 2);
    let at = format!("{}:1", file.display());
    assert!(out.stderr.contains(&at) && out.stderr.contains("not UTF-8"), "{}", out.stderr);
    assert!(server.commands().is_empty(), "nothing sent\n{}", ctx(&out, &server));
    let listed = client(&s, &["trust", "list"]);
    assert_eq!(listed.code, 2, "trust list: {}", listed.stderr);
    assert!(listed.stdout.is_empty() && listed.stderr.contains(&at), "{}", listed.stderr);

    fs::write(&file, format!("# fine\n127.0.0.1:{}\n", server.port())).unwrap();
    let out = get(&s, &server, &["--ca-file", &ca]);
    expect_code(&out, &server, 2);
    assert!(out.stderr.contains(&format!("{}:2", file.display())), "{}", out.stderr);
}
