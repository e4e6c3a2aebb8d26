//! Checksum verification (`--verify auto|require|off`): real ProFTPD with
//! `mod_digest` (HASH and X-commands), vsftpd without digests, and the
//! in-process server lying about a digest.

use std::fs;

use crate::edge::{client, ctx, entries, expect_code, sample};
use crate::fake::{Behaviour, sha256_hex};
use crate::harness::{Output, scratch};
use crate::servers::{self, Server};

const LEN: usize = 300_000;

#[track_caller]
pub(crate) fn ok(srv: &Server, out: &Output) {
    srv.expect_code(out, 0);
}

#[test]
fn proftpd_hash_verifies_get_and_put() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let data = sample(LEN);
    srv.mkdir("v");
    srv.write_file("v/down.bin", &data);
    let url = format!("{}/v/down.bin", srv.base_url());
    let out = crate::harness::run(srv.client(&l.home).current_dir(&l.work).args(["-v", "get", &url]));
    ok(&srv, &out);
    assert_eq!(fs::read(l.work.join("down.bin")).unwrap(), data);
    let digest = sha256_hex(&data);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {digest}")), "{}", out.stderr);
    // Strongest first: SHA-256 chosen over the server's default SHA-1, once per session.
    let cmds = srv.commands();
    assert!(cmds.contains("OPTS HASH SHA-256"), "{cmds}");
    assert!(cmds.contains("HASH v/down.bin"), "{cmds}");

    let up = l.work.join("up.bin");
    fs::write(&up, sample(LEN + 7)).unwrap();
    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["-v", "--verify", "require", "put"])
            .arg(&up)
            .arg(format!("{}/v/up.bin", srv.base_url())),
    );
    ok(&srv, &out);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&sample(LEN + 7)))), "{}", out.stderr);
    assert_eq!(fs::read(srv.path("v/up.bin")).unwrap(), sample(LEN + 7));
}

#[test]
fn proftpd_resumed_get_is_verified_over_the_whole_file() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let data = sample(LEN);
    srv.mkdir("r");
    srv.write_file("r/f.bin", &data);
    fs::write(l.work.join("f.bin.part"), &data[..LEN / 3]).unwrap();
    let url = format!("{}/r/f.bin", srv.base_url());
    let out = crate::harness::run(
        srv.client(&l.home).current_dir(&l.work).args(["-v", "--verify", "require", "get", "-c", &url]),
    );
    ok(&srv, &out);
    assert!(out.stderr.contains(&format!("REST {}", LEN / 3)), "{}", out.stderr);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", out.stderr);
    assert_eq!(fs::read(l.work.join("f.bin")).unwrap(), data);
}

#[test]
fn vsftpd_auto_passes_require_fails() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let l = scratch();
    srv.write_file("plain.bin", &sample(1000));
    let url = format!("{}/plain.bin", srv.base_url());
    let out = crate::harness::run(srv.client(&l.home).current_dir(&l.work).args(["get", &url]));
    ok(&srv, &out);
    fs::remove_file(l.work.join("plain.bin")).unwrap();
    let out = crate::harness::run(srv.client(&l.home).current_dir(&l.work).args(["--verify", "require", "get", &url]));
    srv.expect_code(&out, 7);
    assert!(out.stderr.contains("no digest command") && out.stderr.contains("--verify"), "{}", out.stderr);
    assert!(entries(&l.work).is_empty(), "{:?}", entries(&l.work));
}

#[test]
fn lying_server_fails_download_and_keeps_nothing() {
    let data = sample(LEN);
    let server = Behaviour::new().file("/d.bin", data.clone()).xsha256(true).start();
    let s = scratch();
    let (out, _) = client(&s, &["--retries", "1", "get", &server.url("ftp", "u:p", "/d.bin")]);
    expect_code(&out, &server, 7);
    let truth = sha256_hex(&data);
    let mut lie = data.clone();
    lie.push(b'!');
    assert!(out.stderr.contains("SHA-256 mismatch"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains(&truth) && out.stderr.contains(&sha256_hex(&lie)), "{}", ctx(&out, &server));
    assert!(entries(&s.work).is_empty(), "kept {:?}\n{}", entries(&s.work), ctx(&out, &server));
    // The retry started over: no REST, two full RETRs.
    let cmds = server.commands();
    assert_eq!(cmds.iter().filter(|c| c.starts_with("RETR")).count(), 2, "{cmds:?}");
    assert!(!cmds.iter().any(|c| c.starts_with("REST")), "{cmds:?}");
}

#[test]
fn lying_server_fails_upload() {
    let server = Behaviour::new().dir("/in").xsha256(true).start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["--retries", "0", "put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("SHA-256 mismatch"), "{}", ctx(&out, &server));
}

#[test]
fn honest_x_command_and_off() {
    let data = sample(4000);
    let server = Behaviour::new().file("/d.bin", data.clone()).xsha256(false).start();
    let s = scratch();
    let (out, _) = client(&s, &["-v", "--verify", "require", "get", &server.url("ftp", "u:p", "/d.bin")]);
    expect_code(&out, &server, 0);
    assert!(out.stderr.contains(&format!("SHA-256 verified: {}", sha256_hex(&data))), "{}", ctx(&out, &server));
    assert!(server.commands().iter().any(|c| c == "XSHA256 d.bin"), "{:?}", server.commands());
    let before = server.commands().len();
    let (out, _) = client(&s, &["--verify", "off", "get", "-f", &server.url("ftp", "u:p", "/d.bin")]);
    expect_code(&out, &server, 0);
    assert!(!server.commands()[before..].iter().any(|c| c.starts_with("XSHA")), "{:?}", server.commands());
}

#[test]
fn proftpd_mirror_verifies_both_ways() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    srv.mkdir("tree/sub");
    for (i, name) in ["a.bin", "b.bin", "sub/c.bin"].iter().enumerate() {
        srv.write_file(&format!("tree/{name}"), &sample(1000 * (i + 1)));
    }
    let dst = l.work.join("copy");
    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["--verify", "require", "mirror", "-P", "2"])
            .arg(format!("{}/tree/", srv.base_url()))
            .arg(&dst),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(dst.join("sub/c.bin")).unwrap(), sample(3000));
    assert_eq!(srv.commands().matches("HASH tree/").count(), 3, "{}", srv.commands());

    let out = crate::harness::run(
        srv.client(&l.home).args(["--verify", "require", "mirror"]).arg(&dst).arg(format!("{}/back/", srv.base_url())),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(srv.path("back/sub/c.bin")).unwrap(), sample(3000));
    assert_eq!(srv.commands().matches("HASH back/").count(), 3, "{}", srv.commands());
}

/// Remote files of the fake server whose names mark a temporary upload.
pub(crate) fn temps(server: &crate::fake::FakeServer) -> Vec<String> {
    server.files().into_keys().filter(|k| k.ends_with(".ftps-upload")).collect()
}

// ---------------------------------------------------------------------------
// mirror --checksum

pub(crate) fn mirror_json(
    srv: &Server,
    home: &std::path::Path,
    args: &[&str],
    src: String,
    dst: &std::path::Path,
) -> serde_json::Value {
    let out = crate::harness::run(srv.client(home).arg("mirror").arg("--json").args(args).arg(src).arg(dst));
    ok(srv, &out);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

#[test]
fn mirror_checksum_catches_same_size_same_time_changes() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    srv.mkdir("cs");
    srv.write_file("cs/a.bin", &sample(3000));
    srv.write_file("cs/b.bin", &sample(4000));
    let dst = l.work.join("copy");
    let url = format!("{}/cs/", srv.base_url());
    let first = mirror_json(&srv, &l.home, &[], url.clone(), &dst);
    assert_eq!(first["files_transferred"], 2, "{first}");
    // Same size, same time, different bytes: size and time cannot tell.
    let b = dst.join("b.bin");
    let mtime = fs::metadata(&b).unwrap().modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut changed = sample(4000);
    changed[100] ^= 0xff;
    fs::write(&b, &changed).unwrap();
    crate::harness::set_mtime(&b, mtime);
    let plain = mirror_json(&srv, &l.home, &[], url.clone(), &dst);
    assert_eq!(plain["files_transferred"], 0, "{plain}");
    let checked = mirror_json(&srv, &l.home, &["--checksum"], url.clone(), &dst);
    assert_eq!(checked["files_transferred"], 1, "{checked}");
    assert_eq!(checked["files_unchanged"], 1, "{checked}");
    assert_eq!(fs::read(&b).unwrap(), sample(4000));
    // A different time alone is no reason to transfer under --checksum.
    crate::harness::set_mtime(&dst.join("a.bin"), 1_000_000_000);
    let again = mirror_json(&srv, &l.home, &["--checksum"], url, &dst);
    assert_eq!(again["files_transferred"], 0, "{again}");
    assert!(srv.commands().contains("HASH cs/a.bin"), "{}", srv.commands());
}

#[test]
fn mirror_checksum_without_server_digests_falls_back_and_says_so() {
    let Some(srv) = servers::vsftpd(false) else { return };
    let l = scratch();
    srv.mkdir("cs");
    srv.write_file("cs/a.bin", &sample(3000));
    let dst = l.work.join("copy");
    let url = format!("{}/cs/", srv.base_url());
    mirror_json(&srv, &l.home, &[], url.clone(), &dst);
    let out = crate::harness::run(srv.client(&l.home).args(["mirror", "--checksum"]).arg(&url).arg(&dst));
    ok(&srv, &out);
    assert_eq!(out.stderr.matches("no usable server digest for 1 file").count(), 1, "{}", out.stderr);
}

#[test]
fn mirror_checksum_upload() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    let src = l.work.join("src");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("a.bin"), sample(3000)).unwrap();
    let url = format!("{}/up/", srv.base_url());
    let run = |args: &[&str]| {
        let out = crate::harness::run(srv.client(&l.home).arg("mirror").arg("--json").args(args).arg(&src).arg(&url));
        ok(&srv, &out);
        serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(run(&[])["files_transferred"], 1);
    // The server's copy changes behind our back, keeping size and time.
    let remote = srv.path("up/a.bin");
    let mtime =
        fs::metadata(&remote).unwrap().modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let mut changed = sample(3000);
    changed[0] ^= 1;
    fs::write(&remote, &changed).unwrap();
    crate::harness::set_mtime(&remote, mtime);
    assert_eq!(run(&[])["files_transferred"], 0);
    assert_eq!(run(&["--checksum"])["files_transferred"], 1);
    assert_eq!(fs::read(&remote).unwrap(), sample(3000));
    assert_eq!(run(&["--checksum"])["files_transferred"], 0);
}

// ---------------------------------------------------------------------------
// Servers offering only XMD5 or only XCRC (many Windows servers)

/// The fake server's answer to `verb` for `data`, as ftps reports it.
fn weak_hex(verb: &str, data: &[u8]) -> String {
    use md5::Digest as _;
    match verb {
        "XMD5" => md5::Md5::digest(data).iter().map(|b| format!("{b:02x}")).collect(),
        _ => format!("{:08x}", crc32fast::hash(data)),
    }
}

#[test]
fn only_xmd5_or_xcrc_verifies_get_labelled_by_algorithm() {
    for (verb, algo) in [("XMD5", "MD5"), ("XCRC", "CRC32")] {
        let (a, b) = (sample(3000), sample(7000));
        let server =
            Behaviour::new().file("/w/a.bin", a.clone()).file("/w/b.bin", b.clone()).x_digest(verb, false).start();
        let s = scratch();
        let url = server.url("ftp", "u:p", "/w/*.bin");
        let (out, _) = client(&s, &["-v", "--verify", "require", "get", "--json", &url, "-o", "got"]);
        expect_code(&out, &server, 0);
        assert_eq!(fs::read(s.work.join("got/b.bin")).unwrap(), b);
        assert!(out.stderr.contains(&format!("{algo} verified: {}", weak_hex(verb, &a))), "{}", ctx(&out, &server));
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
        let files = v["files"].as_array().unwrap_or_else(|| panic!("{v}"));
        assert_eq!(files.len(), 2, "{v}");
        for f in files {
            let data = if f["remote"] == "w/a.bin" { &a } else { &b };
            assert_eq!(f["verified"]["algo"], algo, "{v}");
            assert_eq!(f["verified"]["server"], weak_hex(verb, data).as_str(), "{v}");
            // The receipt's own digest stays SHA-256, computed locally.
            assert_eq!(f["sha256"], sha256_hex(data).as_str(), "{v}");
        }
        assert!(server.commands().iter().any(|c| c == &format!("{verb} w/a.bin")), "{:?}", server.commands());
    }
}

#[test]
fn only_xmd5_or_xcrc_refuses_a_corrupted_download_and_upload() {
    for (verb, algo) in [("XMD5", "MD5"), ("XCRC", "CRC32")] {
        let data = sample(LEN);
        let server = Behaviour::new().file("/d.bin", data.clone()).dir("/in").x_digest(verb, true).start();
        let s = scratch();
        let (out, _) = client(&s, &["--retries", "0", "get", &server.url("ftp", "u:p", "/d.bin")]);
        expect_code(&out, &server, 7);
        let mut lie = data.clone();
        lie.push(b'!');
        assert!(out.stderr.contains(&format!("{algo} mismatch")), "{}", ctx(&out, &server));
        assert!(out.stderr.contains(&weak_hex(verb, &lie)), "{}", ctx(&out, &server));
        assert!(entries(&s.work).is_empty(), "kept {:?}\n{}", entries(&s.work), ctx(&out, &server));

        fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
        let (out, _) = client(&s, &["--retries", "0", "put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
        expect_code(&out, &server, 7);
        assert!(out.stderr.contains(&format!("{algo} mismatch")), "{}", ctx(&out, &server));
        assert!(!server.files().contains_key("/in/u.bin"), "{:?}\n{}", server.files().keys(), ctx(&out, &server));
    }
}
