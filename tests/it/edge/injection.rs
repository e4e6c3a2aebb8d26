//! CR/LF injection: a CR or LF in a URL path is refused before anything reaches the server.

use std::fs;

use super::{Scratch, client, ctx, entries, expect_code, expect_no_panic, scratch, sent};
use crate::fake::{Behaviour, FakeServer};

#[track_caller]
fn injection(server: &FakeServer, s: &Scratch, args: &[&str]) {
    let (out, _) = client(s, args);
    expect_no_panic(&out, server);
    expect_code(&out, server, 2);
    assert!(!sent(server, "DELE"), "an injected command reached the server\n{}", ctx(&out, server));
    assert!(server.file("/victim.txt").is_some(), "{}", ctx(&out, server));
    for c in server.commands() {
        assert!(!c.contains('\r') && !c.contains('\n'), "{c:?}\n{}", ctx(&out, server));
        assert!(!c.contains("victim"), "{c:?}\n{}", ctx(&out, server));
    }
    assert!(server.data_connections().is_empty(), "{}", ctx(&out, server));
}

fn injection_server() -> FakeServer {
    Behaviour::new().file("/victim.txt", "precious").file("/a", "a").dir("/incoming").start()
}

#[test]
fn crlf_in_get_path_exits_2() {
    let server = injection_server();
    let s = scratch();
    injection(&server, &s, &["get", &server.url("ftp", "u:p", "/a%0d%0aDELE%20victim.txt")]);
    assert!(entries(&s.work).is_empty());
}

#[test]
fn lf_in_ls_path_exits_2() {
    let server = injection_server();
    let s = scratch();
    injection(&server, &s, &["ls", &server.url("ftp", "u:p", "/incoming%0aDELE%20victim.txt/")]);
}

#[test]
fn cr_in_put_path_exits_2() {
    let server = injection_server();
    let s = scratch();
    fs::write(s.work.join("up.bin"), "data").unwrap();
    injection(&server, &s, &["put", "up.bin", &server.url("ftp", "u:p", "/incoming/x%0dDELE%20victim.txt")]);
    let names: Vec<String> = server.files().into_keys().collect();
    assert_eq!(names, ["/a", "/victim.txt"]);
}
