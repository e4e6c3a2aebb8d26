//! `--ascii` (TYPE A): line ends are CRLF on the wire and LF on disk, sizes
//! and digests are not compared, only TLS `close_notify` tells a complete
//! transfer, and `-c` is refused. The in-process server moves bytes as they
//! are, which is exactly what a TYPE A server puts on the wire; vsftpd (with
//! `ascii_upload_enable`/`ascii_download_enable`) converts for real.

use std::fs;

use crate::edge::{client, ctx, expect_code, scratch};
use crate::fake::{Behaviour, CutEnd};
use crate::harness::run;
use crate::servers;

const LF_TEXT: &[u8] = b"first line\nsecond line\n\nlast line without end";

/// The same text with CRLF line ends, long enough to need several buffers.
fn crlf_text(lines: usize) -> (Vec<u8>, Vec<u8>) {
    let mut lf = Vec::new();
    for i in 0..lines {
        lf.extend_from_slice(format!("line {i} of the feed\n").as_bytes());
    }
    let crlf = String::from_utf8(lf.clone()).unwrap().replace('\n', "\r\n").into_bytes();
    (lf, crlf)
}

#[test]
fn ascii_download_turns_crlf_into_lf_and_sends_type_a() {
    let (lf, crlf) = crlf_text(20_000);
    // The server's SIZE (the wire length here) differs from the converted file: not compared.
    let server = Behaviour::new().file("/feed.txt", crlf).start();
    let s = scratch();
    let (out, _) = client(&s, &["--ascii", "-v", "get", &server.url("ftp", "u:p", "/feed.txt")]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("feed.txt")).unwrap(), lf, "{}", ctx(&out, &server));
    let cmds = server.commands();
    assert!(cmds.iter().any(|c| c == "TYPE A"), "{}", ctx(&out, &server));
    assert!(!cmds.iter().any(|c| c == "TYPE I"), "{}", ctx(&out, &server));
    assert_eq!(out.stderr.matches("sizes and server digests are not compared").count(), 1, "{}", out.stderr);
}

#[test]
fn ascii_upload_sends_crlf() {
    let (lf, crlf) = crlf_text(20_000);
    let server = Behaviour::new().start();
    let s = scratch();
    fs::write(s.work.join("feed.txt"), &lf).unwrap();
    let (out, _) = client(&s, &["--ascii", "put", "feed.txt", &server.url("ftp", "u:p", "/feed.txt")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/feed.txt").as_deref(), Some(&crlf[..]), "{}", ctx(&out, &server));
}

#[test]
fn cut_ascii_download_fails() {
    let (_, crlf) = crlf_text(20_000);
    // 226 as if complete, but no close_notify: only the TLS end can tell.
    let server = Behaviour::new().file("/feed.txt", crlf).cut_retr(100_001, CutEnd::Complete226).start();
    let s = scratch();
    let (out, _) = client(&s, &["--ascii", "--retries", "0", "get", &server.url("ftp", "u:p", "/feed.txt")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("close_notify"), "{}", ctx(&out, &server));
    assert!(!s.work.join("feed.txt").exists(), "{}", ctx(&out, &server));
}

#[test]
fn ascii_continue_is_refused() {
    let server = Behaviour::new().file("/feed.txt", LF_TEXT).start();
    let s = scratch();
    let url = server.url("ftp", "u:p", "/feed.txt");
    for args in [vec!["--ascii", "get", "-c", &url], vec!["--ascii", "put", "-c", "x", &url]] {
        let (out, _) = client(&s, &args);
        expect_code(&out, &server, 2);
        assert!(out.stderr.contains("--ascii") && out.stderr.contains("-c"), "{}", ctx(&out, &server));
    }
    assert!(server.commands().is_empty(), "refused before connecting: {:?}", server.commands());
}

#[test]
fn vsftpd_ascii_round_trip_is_byte_identical() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let l = scratch();
    fs::write(l.work.join("up.txt"), LF_TEXT).unwrap();
    let url = format!("{}/text.txt", srv.base_url());
    let out = run(srv.client(&l.home).current_dir(&l.work).args(["--ascii", "put", "up.txt", &url]));
    srv.expect_code(&out, 0);
    // vsftpd stores ASCII uploads with its own (LF) line ends.
    assert_eq!(fs::read(srv.path("text.txt")).unwrap(), LF_TEXT);
    let out = run(srv.client(&l.home).current_dir(&l.work).args(["--ascii", "get", "-o", "down.txt", &url]));
    srv.expect_code(&out, 0);
    assert_eq!(fs::read(l.work.join("down.txt")).unwrap(), LF_TEXT);
    assert!(srv.logs().contains("\"TYPE A\""), "{}", srv.logs());
}

#[test]
fn ascii_from_the_config_file() {
    let (lf, crlf) = crlf_text(100);
    let server = Behaviour::new().file("/feed.txt", crlf).start();
    let s = scratch();
    let dir = s.home.join(".config/ftps");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "[defaults]\nascii = true\n").unwrap();
    let (out, _) = client(&s, &["get", &server.url("ftp", "u:p", "/feed.txt")]);
    expect_code(&out, &server, 0);
    assert_eq!(fs::read(s.work.join("feed.txt")).unwrap(), lf, "{}", ctx(&out, &server));
    assert!(server.commands().iter().any(|c| c == "TYPE A"), "{}", ctx(&out, &server));
    // Not under -v: no note.
    assert!(!out.stderr.contains("not compared"), "{}", out.stderr);
}
