//! Issue 19, "every server": the ways asynchronous FTPS servers (ftp-srv
//! and its kind) differ from vsftpd and ProFTPD, each reproduced by the
//! in-process server (`crate::fake::TaskQuirks`), and what a client that
//! works with every server does: finishes (exit 0) with byte-identical
//! files. The same server families run for real in `interop::ftpsrv`.
//!
//! - Pipelined commands answered in the order their tasks finish: a
//!   client must notice a reply that cannot belong to the command it waits
//!   for, and go on in lock-step (the last session is then never
//!   answered out of order).
//! - `150` sent only after the data connection's TLS handshake.
//! - A ClientHello sent right after `234` read as a command: a plaintext
//!   `502 Command not allowed: \x16\x03...` and a closed connection; the
//!   client shows that text escaped under `-v` and connects again.
//! - No FEAT, SIZE, MDTM or NLST; PBSZ and PROT refused before login.
//! - `REST` + `STOR` that zeroes the bytes before the offset (and no
//!   `REST STREAM` in FEAT): `put -c` must not use it.

use std::fs;
use std::time::Duration;

use crate::edge::{FILE, FILE_LEN, client, ctx, entries, expect_code, sample, scratch, with_file};
use crate::fake::{Behaviour, FakeServer};

/// Bounds each step for a client that deadlocks against these servers.
const TIMEOUT: &str = "5";

/// Control connections on which a reply was sent out of order.
fn swapped_on(b: &Behaviour) -> std::sync::Arc<std::sync::Mutex<Vec<usize>>> {
    b.tasks.swaps.clone()
}

/// The last control connection answered every command in order.
#[track_caller]
fn last_session_in_lock_step(server: &FakeServer, swaps: &std::sync::Mutex<Vec<usize>>, out: &crate::harness::Output) {
    let last = server.connections().saturating_sub(1);
    let swaps = swaps.lock().unwrap().clone();
    assert!(
        !swaps.contains(&last),
        "connection {last} was still answered out of order ({swaps:?})\n{}",
        ctx(out, server)
    );
}

#[test]
fn login_pipeline_answered_out_of_order() {
    let b = with_file().reorder(&["PASS", "PBSZ", "PROT", "FEAT"]).max_connections(8);
    let swaps = swapped_on(&b);
    let server = b.start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--timeout", TIMEOUT, "get", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["data.bin"], "{}", ctx(&out, &server));
    last_session_in_lock_step(&server, &swaps, &out);
}

#[test]
fn rename_pipeline_answered_out_of_order() {
    let b = with_file().reorder(&["RNFR"]).max_connections(8);
    let swaps = swapped_on(&b);
    let server = b.start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--timeout", TIMEOUT, "mv", &server.url("ftp", "u:p", FILE), "pub/renamed.bin"]);
    expect_code(&out, &server, 0);
    assert!(server.file(FILE).is_none(), "{}", ctx(&out, &server));
    assert!(server.file("/pub/renamed.bin").is_some_and(|f| f == sample(FILE_LEN)), "{}", ctx(&out, &server));
    last_session_in_lock_step(&server, &swaps, &out);
}

#[test]
fn mkdir_pipeline_answered_out_of_order() {
    let b = Behaviour::new().dir("/pub").reorder(&["MKD"]).max_connections(8);
    let swaps = swapped_on(&b);
    let server = b.start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--timeout", TIMEOUT, "mkdir", "-p", &server.url("ftp", "u:p", "/pub/a/b/c")]);
    expect_code(&out, &server, 0);
    assert!(server.commands().iter().any(|c| c.starts_with("MKD") && c.ends_with("a/b/c")), "{}", ctx(&out, &server));
    last_session_in_lock_step(&server, &swaps, &out);
}

/// EPSV ahead of the next transfer, SIZE/MDTM follow-ups: answered late.
#[test]
fn transfer_follow_ups_answered_out_of_order() {
    let files: Vec<(String, Vec<u8>)> =
        (0..3).map(|i| (format!("/t/f{i}.bin"), sample(50_000 + i * 1000).into_iter().rev().collect())).collect();
    let mut b = Behaviour::new();
    for (p, data) in &files {
        b = b.file(p, data.clone());
    }
    let b = b.reorder(&["EPSV", "PASV", "SIZE", "MDTM", "TYPE"]).max_connections(8);
    let swaps = swapped_on(&b);
    let server = b.start();
    let s = scratch();
    let (out, _) =
        client(&s, &["-v", "--timeout", TIMEOUT, "get", "-P", "1", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    for (p, data) in &files {
        let name = p.rsplit('/').next().unwrap();
        assert!(fs::read(s.work.join("out").join(name)).ok().as_ref() == Some(data), "{name}\n{}", ctx(&out, &server));
    }
    last_session_in_lock_step(&server, &swaps, &out);
}

/// `150` only after the data TLS handshake: waiting for it before the
/// handshake deadlocks until the server gives up (`425`).
#[test]
fn late_150_after_the_data_handshake() {
    let server = with_file().late_150().max_connections(8).start();
    let s = scratch();
    let base = ["--timeout", TIMEOUT, "--retries", "1"];
    let (out, _) = client(&s, &[&base[..], &["get", &server.url("ftp", "u:p", FILE)]].concat());
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));

    let up: Vec<u8> = sample(70_000).into_iter().rev().collect();
    fs::write(s.work.join("up.bin"), &up).unwrap();
    let (out, _) = client(&s, &[&base[..], &["put", "up.bin", &server.url("ftp", "u:p", "/pub/up.bin")]].concat());
    expect_code(&out, &server, 0);
    assert!(server.file("/pub/up.bin").is_some_and(|f| f == up), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &[&base[..], &["ls", &server.url("ftp", "u:p", "/pub/")]].concat());
    expect_code(&out, &server, 0);
    assert!(out.stdout.contains("data.bin") && out.stdout.contains("up.bin"), "{}", ctx(&out, &server));
}

/// A ClientHello sent at once after `234` is read as a command: the
/// plaintext `502` is shown escaped under `-v`, and connecting again works.
#[test]
fn early_client_hello_refused_in_plaintext_then_retried() {
    let server = with_file().early_hello_502(Duration::from_millis(300), 1).max_connections(8).start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--timeout", TIMEOUT, "get", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
    assert!(
        out.stderr.contains(r"502 Command not allowed: \x16\x03"),
        "the plaintext reply is not shown (escaped)\n{}",
        ctx(&out, &server)
    );
    assert!(!out.stderr.contains('\u{16}'), "a raw control byte reached the terminal\n{}", ctx(&out, &server));
    assert!(server.connections() >= 2, "not connected again\n{}", ctx(&out, &server));
}

/// No FEAT, SIZE, MDTM or NLST; PBSZ/PROT only after login.
#[test]
fn minimal_server_without_feat_size_mdtm() {
    let server = with_file().file("/pub/sub/x.txt", b"x\n".to_vec()).minimal_commands().max_connections(16).start();
    let s = scratch();
    fn args<'a>(rest: &[&'a str]) -> Vec<&'a str> {
        [&["-v", "--timeout", TIMEOUT][..], rest].concat()
    }
    let (out, _) = client(&s, &args(&["ls", &server.url("ftp", "u:p", "/pub/")]));
    expect_code(&out, &server, 0);
    assert!(out.stdout.contains("data.bin") && out.stdout.contains("sub"), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &args(&["get", &server.url("ftp", "u:p", FILE)]));
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));

    fs::write(s.work.join("up.txt"), b"uploaded\n").unwrap();
    let (out, _) = client(&s, &args(&["put", "up.txt", &server.url("ftp", "u:p", "/pub/")]));
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/pub/up.txt").as_deref(), Some(&b"uploaded\n"[..]), "{}", ctx(&out, &server));

    let (out, _) = client(&s, &args(&["mirror", "-P", "4", &server.url("ftp", "u:p", "/pub"), "mirrored"]));
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("mirrored/data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
    assert_eq!(fs::read(s.work.join("mirrored/sub/x.txt")).unwrap(), b"x\n", "{}", ctx(&out, &server));
    // What the server lacks is said once under -v, however many connections.
    let said = out.stderr.matches("the server does not announce: SIZE").count();
    assert_eq!(said, 1, "{}", out.stderr);
    assert_eq!(out.stderr.matches("one command at a time").count(), 1, "{}", out.stderr);
}

/// Mirror up creates nested directories (MKD a, MKD a/b) and stores files
/// with their follow-ups; mirror down reads SIZE/MDTM facts: each answered
/// late when pipelined.
#[test]
fn mirror_both_ways_answered_out_of_order() {
    let b = with_file()
        .file("/pub/deep/er/x.bin", sample(20_000))
        .reorder(&["MKD", "SIZE", "MDTM", "MFMT", "EPSV", "PASV", "TYPE", "CWD", "PWD"])
        .max_connections(16);
    let swaps = swapped_on(&b);
    let server = b.start();
    let s = scratch();
    let (out, _) =
        client(&s, &["-v", "--timeout", TIMEOUT, "mirror", "-P", "1", &server.url("ftp", "u:p", "/pub"), "down"]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("down/data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
    assert!(fs::read(s.work.join("down/deep/er/x.bin")).unwrap() == sample(20_000), "{}", ctx(&out, &server));
    last_session_in_lock_step(&server, &swaps, &out);

    let (out, _) =
        client(&s, &["-v", "--timeout", TIMEOUT, "mirror", "-P", "1", "down", &server.url("ftp", "u:p", "/up/tree")]);
    expect_code(&out, &server, 0);
    assert!(server.file("/up/tree/data.bin").is_some_and(|f| f == sample(FILE_LEN)), "{}", ctx(&out, &server));
    assert!(server.file("/up/tree/deep/er/x.bin").is_some_and(|f| f == sample(20_000)), "{}", ctx(&out, &server));
    last_session_in_lock_step(&server, &swaps, &out);
}

/// `put -c` where FEAT offers no `REST STREAM` and `REST` + `STOR` would
/// zero the first bytes (ftp-srv): upload whole or refuse, never corrupt.
#[test]
fn put_continue_without_rest_stream_never_corrupts() {
    let full = sample(FILE_LEN);
    let server = Behaviour::new().file("/pub/up.bin", &full[..100_000]).rest_stor_truncates().start();
    let s = scratch();
    fs::write(s.work.join("up.bin"), &full).unwrap();
    let url = server.url("ftp", "u:p", "/pub/up.bin");
    let (out, _) = client(&s, &["-v", "--timeout", TIMEOUT, "put", "-c", "--no-temp", "up.bin", &url]);
    let remote = server.file("/pub/up.bin").unwrap_or_default();
    if out.code == 0 {
        assert!(remote == full, "put -c reported success but the remote file differs\n{}", ctx(&out, &server));
    } else {
        assert!(!out.stderr.trim().is_empty(), "no error message\n{}", ctx(&out, &server));
        assert!(remote == full[..100_000], "put -c failed and changed the remote file\n{}", ctx(&out, &server));
    }
}

/// `SIZE` of an empty file answered `213 File status` (ftp-srv): the
/// upload of an empty file still succeeds (the size is unknown, not wrong).
#[test]
fn empty_upload_where_size_answers_text() {
    let server = Behaviour::new().dir("/pub").size_of_empty_is_text().start();
    let s = scratch();
    fs::write(s.work.join("empty.bin"), b"").unwrap();
    let (out, _) = client(&s, &["-v", "--timeout", TIMEOUT, "put", "empty.bin", &server.url("ftp", "u:p", "/pub/")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/pub/empty.bin").as_deref(), Some(&b""[..]), "{}", ctx(&out, &server));
    assert_eq!(server.files().len(), 1, "a temporary upload was left\n{}", ctx(&out, &server));
}

/// A listing of a missing directory answered `451 ENOENT` (ftp-srv):
/// mirror up into a new directory still creates it and uploads the tree.
#[test]
fn mirror_up_where_a_missing_directory_lists_as_451() {
    let server = Behaviour::new().dir("/up").missing_listing_451().max_connections(16).start();
    let s = scratch();
    fs::create_dir_all(s.work.join("src/sub")).unwrap();
    fs::write(s.work.join("src/a.bin"), sample(10_000)).unwrap();
    fs::write(s.work.join("src/sub/b.txt"), b"b\n").unwrap();
    let (out, _) = client(
        &s,
        &[
            "-v",
            "--timeout",
            TIMEOUT,
            "--retries",
            "1",
            "mirror",
            "-P",
            "1",
            "src",
            &server.url("ftp", "u:p", "/up/tree"),
        ],
    );
    expect_code(&out, &server, 0);
    assert!(server.file("/up/tree/a.bin").is_some_and(|f| f == sample(10_000)), "{}", ctx(&out, &server));
    assert_eq!(server.file("/up/tree/sub/b.txt").as_deref(), Some(&b"b\n"[..]), "{}", ctx(&out, &server));
}

/// `get -c` against a server that refuses REST: the file comes whole,
/// correct, instead of the run failing on the refusal.
#[test]
fn a_refused_rest_downloads_the_whole_file() {
    let server = with_file().reply_to("REST", "502 Command not implemented.").start();
    let s = scratch();
    fs::write(s.work.join("data.bin.part"), &sample(FILE_LEN)[..1000]).unwrap();
    let (out, _) = client(&s, &["-v", "--timeout", TIMEOUT, "get", "-c", &server.url("ftp", "u:p", FILE)]);
    expect_code(&out, &server, 0);
    assert!(fs::read(s.work.join("data.bin")).unwrap() == sample(FILE_LEN), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("from the start"), "{}", ctx(&out, &server));
    assert!(entries(&s.work) == ["data.bin"], "{:?}", entries(&s.work));
}
