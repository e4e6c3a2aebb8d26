//! Waiting for a server's digest: progress lines (`213-`) are life, each
//! one buying the next line `--timeout` more, while a server that falls
//! silent mid-hash is still a stall. The in-process server hashes slowly.

use std::time::Duration;

use crate::edge::{client, ctx, entries, expect_code, sample};
use crate::fake::{Behaviour, SlowHash, sha256_hex};
use crate::harness::scratch;

const LEN: usize = 300_000;

/// Progress every 0.5 s for 4 s, twice `--timeout`: the download waits,
/// is verified, and `-v` shows the wait and the server's lines (escaped).
#[test]
fn progress_lines_outlast_the_timeout() {
    let data = sample(LEN);
    let how = SlowHash { progress: 8, every: Duration::from_millis(500), answer: true };
    let server = Behaviour::new().file("/big.bin", data.clone()).slow_hash(how).start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/big.bin");
    let (out, took) = client(&s, &["-v", "--timeout", "2", "--retries", "0", "--verify", "require", "get", &url]);
    expect_code(&out, &server, 0);
    assert_eq!(std::fs::read(s.work.join("big.bin")).unwrap(), data);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("waiting for the server's SHA-256 of 292.97 KiB"), "{}", ctx(&out, &server));
    // Shown as they came, through the one sanitiser.
    assert!(out.stderr.contains("<- 213-Computing... \\x1b[2K7"), "{}", ctx(&out, &server));
    assert!(!out.stderr.contains('\x1b'), "{}", ctx(&out, &server));
    assert!(took >= Duration::from_secs(4), "the reply took 4 s: {took:?}");
}

/// One progress line, then silence: a stall after about `--timeout`,
/// named as the wait for the digest, and nothing under the final name.
#[test]
fn silence_after_a_progress_line_is_a_stall() {
    let data = sample(LEN);
    let how = SlowHash { progress: 1, every: Duration::from_millis(200), answer: false };
    let server = Behaviour::new().file("/big.bin", data).slow_hash(how).start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/big.bin");
    let (out, took) = client(&s, &["--timeout", "2", "--retries", "0", "get", &url]);
    expect_code(&out, &server, 3);
    assert!(
        out.stderr.contains("timed out during the wait for the server's digest of the file"),
        "{}",
        ctx(&out, &server)
    );
    assert!(out.stderr.contains("--timeout"), "{}", ctx(&out, &server));
    assert!(!s.work.join("big.bin").exists(), "{:?}\n{}", entries(&s.work), ctx(&out, &server));
    // Login and transfer take well under a second here; the wait about 2.2 s.
    assert!(took < Duration::from_secs(10), "{took:?}\n{}", ctx(&out, &server));
}

/// The same wait inside a pipelined turn: `mirror` against a server known
/// to answer in order sends `HASH` and the next `EPSV` behind the
/// transfer and reads their replies in one go.
#[test]
fn a_pipelined_turn_waits_for_the_digest_too() {
    let data = sample(LEN);
    let how = SlowHash { progress: 6, every: Duration::from_millis(500), answer: true };
    let server = Behaviour::new()
        .greeting_line("220 ProFTPD Server (fake) [127.0.0.1]")
        .file("/tree/big.bin", data.clone())
        .slow_hash(how)
        .start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/tree/");
    let (out, _) =
        client(&s, &["-v", "--timeout", "2", "--retries", "0", "--verify", "require", "mirror", &url, "copy"]);
    expect_code(&out, &server, 0);
    assert_eq!(std::fs::read(s.work.join("copy/big.bin")).unwrap(), data);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", ctx(&out, &server));
    assert!(!out.stderr.contains("one command at a time"), "{}", ctx(&out, &server));
}

/// An upload's digest is awaited the same way before its rename.
#[test]
fn an_upload_waits_for_a_slow_digest_before_the_rename() {
    let data = sample(LEN);
    let how = SlowHash { progress: 6, every: Duration::from_millis(500), answer: true };
    let server = Behaviour::new().dir("/in").slow_hash(how).start();
    let s = scratch();
    std::fs::write(s.work.join("up.bin"), &data).unwrap();
    let url = server.url("ftp", "u:p", "/in/up.bin");
    let (out, _) =
        client(&s, &["-v", "--timeout", "2", "--retries", "0", "--verify", "require", "put", "up.bin", &url]);
    expect_code(&out, &server, 0);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", ctx(&out, &server));
    assert_eq!(server.files().get("/in/up.bin"), Some(&data), "{}", ctx(&out, &server));
}

/// `mirror --checksum` asks for the digests of a batch of files present on
/// both sides: each reply may take its time too. Two files, each hashed
/// for 3 s with progress, at `--timeout 2`: both compared, none sent.
#[test]
fn mirror_checksum_waits_for_each_digest_of_a_batch() {
    let data = sample(LEN);
    let how = SlowHash { progress: 6, every: Duration::from_millis(500), answer: true };
    let server =
        Behaviour::new().file("/tree/a.bin", data.clone()).file("/tree/b.bin", data.clone()).slow_hash(how).start();
    let s = scratch();
    let copy = s.work.join("copy");
    std::fs::create_dir(&copy).unwrap();
    std::fs::write(copy.join("a.bin"), &data).unwrap();
    std::fs::write(copy.join("b.bin"), &data).unwrap();
    let url = server.url("ftp", "u:p", "/tree/");
    let (out, _) = client(&s, &["-v", "--timeout", "2", "--retries", "0", "mirror", "--checksum", &url, "copy"]);
    expect_code(&out, &server, 0);
    let retrs = server.commands().iter().filter(|c| c.starts_with("RETR")).count();
    assert_eq!(retrs, 0, "equal digests, nothing to fetch\n{}", ctx(&out, &server));
    let hashes = server.commands().iter().filter(|c| c.starts_with("HASH")).count();
    assert_eq!(hashes, 2, "{}", ctx(&out, &server));
}
