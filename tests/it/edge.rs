//! Edge cases: the real `ftps` binary against the in-process fake server
//! (`fake.rs`) behaving well or misbehaving on purpose. Each test asserts the
//! exit code, what stderr says, what the server received and what is left on
//! disk.
//!
//! This file holds the helpers (also used by most other fake-server test
//! files); the tests live in modules named for what they test: `sanity` (a
//! well-behaved server), `oddities` (tolerated quirks), `refusals` (the
//! server or the local disk says no), `hostile` (replies and transfers meant
//! to hang or overflow the client), `secrets` (redaction) and `injection`
//! (CR/LF in paths).

mod hostile;
mod injection;
mod oddities;
mod refusals;
mod sanity;
mod secrets;

use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::certs::pki;
use crate::fake::{Behaviour, FakeServer};
use crate::harness::{Output, ftps, run};

pub(crate) use crate::harness::{Scratch, scratch};

/// Runs `ftps --ca-file CA ARGS...` in `s.work`; returns its output and how
/// long it took.
pub(crate) fn client(s: &Scratch, args: &[&str]) -> (Output, Duration) {
    client_env(s, &[], args)
}

pub(crate) fn client_env(s: &Scratch, env: &[(&str, &str)], args: &[&str]) -> (Output, Duration) {
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).env("TZ", "UTC").arg("--ca-file").arg(&pki().ca_pem).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = run(&mut cmd);
    (out, started.elapsed())
}

/// Names in `dir`, sorted.
pub(crate) fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Deterministic pseudo-random content.
pub(crate) fn sample(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

/// Everything useful for an assertion message.
pub(crate) fn ctx(out: &Output, server: &FakeServer) -> String {
    format!(
        "exit code {}\n--- stdout\n{}\n--- stderr\n{}\n--- server\n{}",
        out.code,
        out.stdout,
        out.stderr,
        server.log()
    )
}

#[track_caller]
pub(crate) fn expect_code(out: &Output, server: &FakeServer, code: i32) {
    assert_eq!(out.code, code, "expected exit code {code}\n{}", ctx(out, server));
}

#[track_caller]
pub(crate) fn expect_no_panic(out: &Output, server: &FakeServer) {
    assert!(!out.stderr.contains("panicked"), "the client panicked\n{}", ctx(out, server));
    assert!(out.code != 101 && out.code != -1, "the client crashed\n{}", ctx(out, server));
}

/// True when some command line starts with `verb` (case-insensitive).
pub(crate) fn sent(server: &FakeServer, verb: &str) -> bool {
    server.commands().iter().any(|c| c.to_ascii_uppercase().starts_with(verb))
}

/// The checks every successful session must pass: nothing but AUTH (and
/// FEAT) in plaintext, PBSZ/PROT P sent, every data connection encrypted and
/// from 127.0.0.1.
#[track_caller]
fn assert_secure_session(out: &Output, server: &FakeServer) {
    let plain = server.plaintext_commands();
    assert!(
        plain.iter().all(|c| {
            let c = c.to_ascii_uppercase();
            c.starts_with("AUTH ") || c == "FEAT"
        }),
        "only AUTH (and FEAT) may be sent in plaintext, got {plain:?}\n{}",
        ctx(out, server)
    );
    let cmds = server.commands();
    assert!(cmds.iter().any(|c| c == "PBSZ 0"), "no PBSZ 0\n{}", ctx(out, server));
    assert!(cmds.iter().any(|c| c.eq_ignore_ascii_case("PROT P")), "no PROT P\n{}", ctx(out, server));
    let data = server.data_connections();
    assert!(!data.is_empty(), "no data connection\n{}", ctx(out, server));
    for d in &data {
        assert!(d.tls, "unencrypted data connection {d:?}\n{}", ctx(out, server));
        assert_eq!(d.peer.ip(), IpAddr::V4(Ipv4Addr::LOCALHOST), "{}", ctx(out, server));
    }
}

pub(crate) const FILE: &str = "/pub/data.bin";
pub(crate) const FILE_LEN: usize = 300_000;

pub(crate) fn with_file() -> Behaviour {
    Behaviour::new().file(FILE, sample(FILE_LEN))
}

/// `get` of [`FILE`] into the work directory, expecting success.
#[track_caller]
fn get_ok(behaviour: Behaviour, scheme: &str) -> (FakeServer, Scratch, Output) {
    let server = behaviour.start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url(scheme, "u:p", FILE)]);
    expect_code(&out, &server, 0);
    expect_no_panic(&out, &server);
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
    let got = fs::read(s.work.join("data.bin")).expect("read download");
    assert!(got == sample(FILE_LEN), "downloaded content differs ({} bytes)\n{}", got.len(), ctx(&out, &server));
    assert_secure_session(&out, &server);
    (server, s, out)
}

fn listing_server() -> FakeServer {
    listing_server_with(Behaviour::new())
}

fn listing_server_with(b: Behaviour) -> FakeServer {
    b.file("/dir/a.txt", "hello").file("/dir/sub/inner.txt", "x").file("/other.txt", "zz").start()
}
