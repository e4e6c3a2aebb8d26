//! Certificate trust beyond the CA system: --pin and known hosts (TOFU).
//! No --ca-file here: the test CA is unknown, as for a self-signed server.

use std::fs;

use crate::certs::pki;
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
    session.expect(fingerprint().as_str()).expect("the prompt shows the fingerprint");
    session.expect("[o]nce, [a]lways").expect("the trust question");
    session.send_line("a").unwrap();
    session.expect(Eof).expect("the download finishes");
    assert!(s.work.join("data.bin").exists(), "downloaded after trusting");
    let stored = fs::read_to_string(known_hosts(&s)).expect("known_hosts written");
    assert_eq!(stored.trim(), format!("127.0.0.1:{} {}", server.port(), fingerprint()));

    let out = get(&s, &server, &[]);
    expect_code(&out, &server, 0);
}
