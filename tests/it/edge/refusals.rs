//! Refusals: AUTH TLS refused (no plaintext fallback), a wrong password, a missing remote file, an existing local file.

use std::fs;

use super::{FILE, FILE_LEN, client, ctx, entries, expect_code, expect_no_panic, sample, scratch, sent, with_file};

fn auth_refused(reply: &str) {
    let pw = "Xk9unusualPw31";
    let server = with_file().refuse_auth(reply).password(pw).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", &format!("u:{pw}"), FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 4);
    assert!(
        out.stderr.to_lowercase().contains("plaintext"),
        "stderr must say plaintext is not used\n{}",
        ctx(&out, &server)
    );
    assert!(sent(&server, "AUTH"), "{}", ctx(&out, &server));
    for verb in ["USER", "PASS", "RETR", "SIZE", "PBSZ", "PROT"] {
        assert!(!sent(&server, verb), "{verb} sent after AUTH was refused\n{}", ctx(&out, &server));
    }
    assert!(!server.commands().iter().any(|c| c.contains(pw)), "{}", ctx(&out, &server));
    assert!(server.data_connections().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn auth_tls_refused_534() {
    auth_refused("534 not available");
}

#[test]
fn auth_tls_refused_500() {
    auth_refused("500 'AUTH TLS': command not understood");
}

#[test]
fn wrong_password_exits_5() {
    let server = with_file().reject_login().start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:wrong", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 5);
    assert!(server.commands().iter().any(|c| c == "PASS wrong"), "{}", ctx(&out, &server));
    assert!(!sent(&server, "RETR"), "{}", ctx(&out, &server));
    assert!(server.data_connections().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn missing_remote_file_exits_6() {
    let server = with_file().start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/pub/nope.bin")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 6);
    assert!(out.stderr.contains("nope.bin"), "stderr should name the file\n{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn existing_local_file_needs_force() {
    let server = with_file().start();
    let s = scratch();
    let target = s.work.join("data.bin");
    fs::write(&target, "old").unwrap();
    let url = server.url("ftp", "u:p", FILE);
    let (out, _) = client(&s, &["get", &url]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 8);
    assert_eq!(fs::read(&target).unwrap(), b"old", "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
    // The CLI, not the library, names the option that fixes it.
    assert!(out.stderr.contains("already exists; pass --force to overwrite it"), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &["get", &url, "--force"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(&target).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
}
