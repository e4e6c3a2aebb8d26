//! Hostile servers: overlong, garbage, endless, silent or trickling replies, cut data connections, listing names that escape the destination.

use std::fs;
use std::time::Duration;

use super::{FILE, FILE_LEN, client, ctx, entries, expect_code, expect_no_panic, scratch, with_file};
use crate::fake::{Behaviour, CutEnd, Greeting};

#[track_caller]
fn overlong(behaviour: Behaviour) {
    let server = behaviour.start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "20", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(took < Duration::from_secs(10), "took {took:?}\n{}", ctx(&out, &server));
    assert!(!out.stderr.trim().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn overlong_greeting_exits_9() {
    overlong(with_file().greeting(Greeting::Overlong));
}

#[test]
fn overlong_reply_inside_tls_exits_9() {
    overlong(with_file().overlong_reply_to("PASS"));
}

#[test]
fn garbage_greeting_exits_9() {
    let server = with_file().greeting(Greeting::Garbage).start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "20", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(took < Duration::from_secs(10), "took {took:?}\n{}", ctx(&out, &server));
    assert!(server.commands().is_empty(), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "{}", ctx(&out, &server));
}

#[test]
fn silent_server_times_out() {
    let server = with_file().greeting(Greeting::Silent).start();
    let s = scratch();
    let (out, took) = client(&s, &["--retries", "0", "--timeout", "2", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 3);
    assert!(took < Duration::from_secs(10), "took {took:?}\n{}", ctx(&out, &server));
    assert!(took >= Duration::from_millis(1900), "gave up before the timeout: {took:?}\n{}", ctx(&out, &server));
    let err = out.stderr.to_lowercase();
    assert!(err.contains("timed out") || err.contains("timeout"), "{}", ctx(&out, &server));
    assert!(
        ["greeting", "reply", "waiting"].iter().any(|w| err.contains(w)),
        "stderr should name the phase\n{}",
        ctx(&out, &server)
    );
    assert!(server.commands().is_empty(), "{}", ctx(&out, &server));
}

fn cut(end: CutEnd) {
    let server = with_file().cut_retr(50_000, end).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "0", "get", &server.url("ftp", "u:p", FILE)]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 7);
    assert!(
        server.data_connections().iter().any(|d| d.command.starts_with("RETR ")),
        "the cut transfer never happened\n{}",
        ctx(&out, &server)
    );
    assert!(!s.work.join("data.bin").exists(), "truncated download under the final name\n{}", ctx(&out, &server));
    // A partial file may be kept for a later resume, but only under .part.
    for name in entries(&s.work) {
        assert_eq!(name, "data.bin.part", "{}", ctx(&out, &server));
        let len = fs::metadata(s.work.join(&name)).unwrap().len();
        assert!(len < FILE_LEN as u64, "{}", ctx(&out, &server));
    }
}

#[test]
fn data_cut_then_226_exits_7() {
    cut(CutEnd::Complete226);
}

#[test]
fn data_cut_then_426_exits_7() {
    cut(CutEnd::Abort426);
}

#[test]
fn endless_multiline_reply_exits_9() {
    let server = Behaviour::new().greeting(Greeting::Endless).start();
    let s = scratch();
    let (out, took) = client(&s, &["--timeout", "20", "ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("lines"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(15), "{}", ctx(&out, &server));
}

#[test]
fn reply_code_out_of_range_exits_9() {
    let server = Behaviour::new().greeting(Greeting::BadCode).start();
    let s = scratch();
    let (out, _) = client(&s, &["--timeout", "10", "ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 9);
    assert!(out.stderr.contains("620"), "the bad line is shown\n{}", ctx(&out, &server));
}

#[test]
fn trickling_server_times_out_naming_the_phase() {
    let server = Behaviour::new().greeting(Greeting::Trickle).start();
    let s = scratch();
    let (out, took) = client(&s, &["--retries", "0", "--timeout", "2", "ls", &server.url("ftp", "u:p", "/")]);
    expect_no_panic(&out, &server);
    expect_code(&out, &server, 3);
    assert!(out.stderr.contains("timed out during the wait for a server reply"), "{}", ctx(&out, &server));
    assert!(took < Duration::from_secs(5), "the deadline bounds the whole reply: took {took:?}");
}

#[test]
fn get_glob_refuses_hostile_listing_names() {
    let server = Behaviour::new()
        .file("/t/ok.bin", "fine")
        .raw_entry("/t", "../evil.bin")
        .raw_entry("/t", "/tmp/evil-abs.bin")
        .raw_entry("/t", "a/evil.bin")
        .start();
    let s = scratch();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/t/*.bin"), "-o", "out"]);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&s.work), ["out"], "nothing beside the destination\n{}", ctx(&out, &server));
    assert_eq!(entries(&s.work.join("out")), ["ok.bin"], "{}", ctx(&out, &server));
    assert!(out.stderr.contains("skipping server entry"), "each refusal is reported\n{}", ctx(&out, &server));
    assert!(!server.commands().iter().any(|c| c.starts_with("RETR") && c.contains("evil")), "{}", ctx(&out, &server));
}
