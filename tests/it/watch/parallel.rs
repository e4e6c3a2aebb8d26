//! `--parallel`: several files in flight on several sessions, each still
//! delivered exactly once, and never on two workers at once.

use super::*;
use crate::fake::LimitAt;

/// Counts logged-in sessions (for `peak_sessions`), never turning one away.
pub(super) fn counting(b: Behaviour) -> Behaviour {
    b.max_connections(100).session_limit(100, LimitAt::Login, "421 Too many users")
}

/// The summary object `--json` prints last.
fn summary(o: &Output) -> serde_json::Value {
    let last = o.stdout.lines().last().unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(last).unwrap_or_default()["summary"].clone()
}

#[test]
fn a_parallel_outbox_delivers_each_file_once_on_several_sessions() {
    let server = counting(Behaviour::new()).dir("/up").xsha256(false).start();
    let s = scratch();
    let out = outbox(&s);
    let files: Vec<(String, Vec<u8>)> =
        (0..30).map(|i| (format!("p{i:02}.bin"), sample(20_000 + i * 3_001).split_off(i))).collect();
    for (i, (name, data)) in files.iter().enumerate() {
        let p = old_file(&out, name, data);
        set_mtime(&p, T0 + i as u64);
    }
    let url = server.url("ftp", "u:p", "/up/");
    let o = run(&mut watch(&s, &["-v", "--parallel", "4", "--once", "--sent", "sent", "--json", "out", &url]));
    expect_code(&o, &server, 0);
    assert_eq!(server.files().len(), 30, "{:?}", server.files().keys());
    for (name, data) in &files {
        assert_eq!(server.file(&format!("/up/{name}")).as_ref(), Some(data), "{name}");
        assert_eq!(count(&server, &format!("RNTO up/{name}")), 1, "{name} renamed into place once");
        assert!(s.work.join("sent").join(name).exists(), "{name}");
    }
    assert!(server.peak_sessions() > 1, "one session at a time: {}", server.peak_sessions());
    let sum = summary(&o);
    assert_eq!(sum["delivered"], 30, "{}", o.stdout);
    assert_eq!(sum["connections"], 4, "{}", o.stdout);
    assert_eq!(sum["parallel"]["chosen"], "fixed", "{}", o.stdout);
    assert!(sum["parallel"]["max"].as_u64().is_some_and(|m| m > 1), "{}", o.stdout);
    assert!(o.stderr.contains("watch: 4 connections"), "{}", o.stderr);
}

#[test]
fn a_parallel_inbox_fetches_each_file_once() {
    let files: Vec<(String, Vec<u8>)> =
        (0..12).map(|i| (format!("r{i:02}.dat"), sample(30_000 + i * 1_000).split_off(i))).collect();
    let mut b = counting(Behaviour::new());
    for (name, data) in &files {
        b = b.file(&format!("/in/{name}"), data.clone());
    }
    let server = b.start();
    let s = scratch();
    fs::create_dir(s.work.join("inbox")).unwrap();
    let url = server.url("ftp", "u:p", "/in/");
    let args = ["-v", "--once", "--settle", "1", "--parallel", "3", "--json", url.as_str(), "inbox"];
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    for (name, data) in &files {
        assert_eq!(fs::read(s.work.join("inbox").join(name)).ok().as_ref(), Some(data), "{name}\n{}", ctx(&o, &server));
        assert_eq!(count(&server, &format!("RETR in/{name}")), 1, "{name}");
    }
    assert!(server.peak_sessions() > 1, "one session at a time: {}", server.peak_sessions());
    assert_eq!(summary(&o)["delivered"], 12, "{}", o.stdout);
    assert!(o.stderr.contains("watch: 3 connections"), "{}", o.stderr);
    // Nothing is fetched twice by a second run either.
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    for (name, _) in &files {
        assert_eq!(count(&server, &format!("RETR in/{name}")), 1, "{name}\n{}", ctx(&o, &server));
    }
}

/// A slow upload runs through several rescans: it is not started again
/// beside itself, and a file that arrives meanwhile goes out at once on
/// another session instead of waiting behind it.
#[test]
fn a_file_in_flight_is_never_started_again_and_does_not_hold_back_the_next() {
    let server = Behaviour::new().max_connections(100).dir("/up").slow_stor(Duration::from_millis(1)).start();
    let s = scratch();
    let out = outbox(&s);
    let big = sample(6_000);
    old_file(&out, "big.bin", &big);
    let url = server.url("ftp", "u:p", "/up/");
    let mut w = spawn(&s, &["--parallel", "2", "--settle", "1", "--interval", "1", "--sent", "sent", "out", &url]);
    let storing = || server.commands().iter().any(|c| c.starts_with("STOR up/big.bin"));
    assert!(wait_for(20, storing), "big.bin never started: {}", server.log());
    old_file(&out, "small.txt", b"small");
    assert!(wait_for(20, || s.work.join("sent/small.txt").exists()), "small.txt never sent: {}", server.log());
    assert!(!s.work.join("sent/big.bin").exists(), "small.txt waited for big.bin: {}", server.log());
    assert!(wait_for(40, || s.work.join("sent/big.bin").exists()), "big.bin never sent: {}", server.log());
    let o = w.signal(nix::sys::signal::Signal::SIGTERM);
    expect_code(&o, &server, 0);
    assert_eq!(server.file("/up/big.bin").unwrap(), big);
    assert_eq!(server.file("/up/small.txt").unwrap(), b"small");
    let stors = server.commands().iter().filter(|c| c.starts_with("STOR up/big.bin")).count();
    assert_eq!(stors, 1, "big.bin started more than once: {}", server.log());
    assert_eq!(count(&server, "RNTO up/big.bin"), 1, "{}", ctx(&o, &server));
}
