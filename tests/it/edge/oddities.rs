//! Quirks a client must tolerate: multi-line replies, EPSV refused, a foreign PASV address, a non-UTF-8 greeting.

use std::net::Ipv4Addr;

use super::{client, ctx, expect_code, expect_no_panic, get_ok, listing_server_with, scratch, sent, with_file};
use crate::fake::{Behaviour, Greeting};

#[test]
fn multiline_greeting_and_replies() {
    let (server, _s, out) = get_ok(with_file().multiline(), "ftp");
    assert!(sent(&server, "FEAT"), "{}", ctx(&out, &server));
}

#[test]
fn multiline_listing() {
    let server = Behaviour::new().multiline().file("/dir/a.txt", "hello").start();
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/dir/")]);
    expect_code(&out, &server, 0);
    let lines: Vec<Vec<&str>> = out.stdout.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(lines.len(), 1, "{}", ctx(&out, &server));
    assert_eq!(lines[0].first(), Some(&"-"), "{}", ctx(&out, &server));
    assert_eq!(lines[0].last(), Some(&"a.txt"), "{}", ctx(&out, &server));
}

#[test]
fn epsv_refused_falls_back_to_pasv() {
    let (server, _s, out) = get_ok(with_file().epsv_refused(), "ftp");
    assert!(server.commands().iter().any(|c| c == "PASV"), "PASV not used\n{}", ctx(&out, &server));
}

#[test]
fn pasv_foreign_address_ignored() {
    let behaviour = with_file().epsv_refused().pasv_address(Ipv4Addr::new(10, 9, 8, 7));
    let (server, _s, out) = get_ok(behaviour, "ftp");
    assert!(server.commands().iter().any(|c| c == "PASV"), "PASV not used\n{}", ctx(&out, &server));
    // get_ok already checked every data connection came from 127.0.0.1.
}

#[test]
fn non_utf8_greeting_is_tolerated() {
    let server = listing_server_with(Behaviour::new().greeting(Greeting::NonUtf8));
    let s = scratch();
    let (out, _) = client(&s, &["ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 0);
}
