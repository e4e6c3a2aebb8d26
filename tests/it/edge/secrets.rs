//! Secrets: the password never shows, in a -v trace or from the environment.

use super::{FILE, client, client_env, ctx, expect_code, scratch, with_file};
use crate::fake::FakeServer;
use crate::harness::Output;

#[track_caller]
fn assert_redacted(out: &Output, server: &FakeServer, pw: &str) {
    expect_code(out, server, 0);
    assert!(
        server.commands().iter().any(|c| *c == format!("PASS {pw}")),
        "the password was not sent\n{}",
        ctx(out, server)
    );
    assert!(!out.stderr.contains(pw), "password in stderr\n{}", ctx(out, server));
    assert!(!out.stdout.contains(pw), "password in stdout\n{}", ctx(out, server));
    assert!(out.stderr.contains("PASS ****"), "trace should show PASS ****\n{}", ctx(out, server));
}

#[test]
fn verbose_trace_redacts_password() {
    let pw = "Zq7unlikelyPw94x";
    let server = with_file().password(pw).start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "get", &server.url("ftp", &format!("u:{pw}"), FILE)]);
    assert_redacted(&out, &server, pw);
    assert!(out.stderr.contains("USER u"), "trace should show USER\n{}", ctx(&out, &server));
}

#[test]
fn password_from_env_redacted() {
    let pw = "Env8passwordQw2";
    let server = with_file().password(pw).start();
    let s = scratch();
    let (out, _) = client_env(&s, &[("FTPS_PASSWORD", pw)], &["-v", "get", &server.url("ftp", "u", FILE)]);
    assert_redacted(&out, &server, pw);
}
