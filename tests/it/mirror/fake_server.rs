//! `ftps mirror` against the in-process fake server: hostile listings,
//! per-file failures, symlinks in the destination, resumed part files,
//! logins and usage errors.

use std::fs;
use std::path::Path;

use crate::certs::pki;
use crate::edge::{ctx, entries, expect_code, sample, scratch};
use crate::fake::{Behaviour, CutEnd};
use crate::harness::{Output, ftps, run};

fn fake_mirror(args: &[&str]) -> (crate::edge::Scratch, Output) {
    let s = scratch();
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).env("TZ", "UTC").arg("--ca-file").arg(&pki().ca_pem).arg("mirror").args(args);
    let out = run(&mut cmd);
    (s, out)
}

#[test]
fn hostile_names_are_refused_and_never_written() {
    // Entries a hostile server lists verbatim, plus a backslash and a drive
    // prefix: separators on Windows, plain names inside DST on Unix.
    let server = Behaviour::new()
        .file("/t/ok.txt", "fine")
        .file("/t/..\\evil", "evil")
        .file("/t/C:evil", "evil")
        .file("/t/sub/inner.txt", "inner")
        .raw_entry("/t", "../evil-parent")
        .raw_entry("/t", "/etc/evil-abs")
        .raw_entry("/t", "a/evil-nested")
        .raw_entry("/t", "..")
        .start();
    let (s, out) = fake_mirror(&[&server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 0);
    let dst = s.work.join("dst");
    assert_eq!(entries(&dst), ["..\\evil", "C:evil", "ok.txt", "sub"], "{}", ctx(&out, &server));
    assert_eq!(entries(&s.work), ["dst"], "something was written outside DST\n{}", ctx(&out, &server));
    assert!(!Path::new("/etc/evil-abs").exists(), "an absolute server name was written");
    assert!(!dst.join("a").exists(), "a name with a slash created a directory\n{}", ctx(&out, &server));
    assert!(out.stderr.contains("refusing server entry"), "{}", ctx(&out, &server));
    assert!(
        !server.commands().iter().any(|c| c.contains("evil-") && c.starts_with("RETR")),
        "a refused entry was requested\n{}",
        ctx(&out, &server)
    );
}

#[test]
fn per_file_failure_is_partial_and_the_rest_completes() {
    // Every RETR ends without close_notify after 1000 bytes: complete for the
    // small files (their listed size matches), short for the big one.
    let server = Behaviour::new()
        .file("/t/a.txt", "alpha")
        .file("/t/b.txt", "bravo")
        .file("/t/big.bin", sample(50_000))
        .file("/t/d/c.txt", "charlie")
        .cut_retr(1000, CutEnd::Complete226)
        .max_connections(16)
        .start();
    let (s, out) = fake_mirror(&["--retries", "0", "-P", "2", &server.url("ftp", "u:p", "/t"), "dst"]);
    expect_code(&out, &server, 10);
    let dst = s.work.join("dst");
    assert_eq!(fs::read(dst.join("a.txt")).unwrap(), b"alpha", "{}", ctx(&out, &server));
    assert_eq!(fs::read(dst.join("b.txt")).unwrap(), b"bravo");
    assert_eq!(fs::read(dst.join("d/c.txt")).unwrap(), b"charlie");
    assert!(!dst.join("big.bin").exists(), "a short download sits under its final name\n{}", ctx(&out, &server));
    assert!(out.stderr.contains("failed: big.bin"), "{}", ctx(&out, &server));
    assert!(out.stderr.contains("1 failed"), "{}", ctx(&out, &server));
}

/// A directory the server will not create: each file under it fails with
/// that directory's own error (the MKD reply), not a bare "could not be
/// created"; the files beside it still go up.
#[test]
fn a_file_under_a_refused_directory_names_why() {
    let server = Behaviour::new().dir("/up").reply_to("MKD", "550 Create directory operation failed.").start();
    let s = scratch();
    fs::create_dir_all(s.work.join("src/sub")).unwrap();
    fs::write(s.work.join("src/top.txt"), "top").unwrap();
    fs::write(s.work.join("src/sub/inner.txt"), "inner").unwrap();
    let mut cmd = ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&pki().ca_pem).arg("--retries").arg("0").arg("mirror");
    let out = run(cmd.arg("src").arg(server.url("ftp", "u:p", "/up")));
    expect_code(&out, &server, 10);
    assert_eq!(server.file("/up/top.txt").as_deref(), Some(&b"top"[..]), "{}", ctx(&out, &server));
    assert!(server.file("/up/sub/inner.txt").is_none());
    let line = out.stderr.lines().find(|l| l.contains("sub/inner.txt")).unwrap_or_default();
    assert!(line.contains("its directory sub could not be created"), "{}", ctx(&out, &server));
    assert!(line.contains("550 Create directory operation failed"), "the cause: {}", ctx(&out, &server));
}

#[cfg(unix)]
#[test]
fn symlink_inside_destination_is_never_followed() {
    let server = Behaviour::new().file("/t/sub/f.txt", "payload").file("/t/top.txt", "top").start();
    let s = scratch();
    let outside = s.work.join("outside");
    let dst = s.work.join("dst");
    fs::create_dir_all(&outside).unwrap();
    fs::create_dir_all(&dst).unwrap();
    std::os::unix::fs::symlink(&outside, dst.join("sub")).unwrap();
    let mut cmd = ftps(&s.home);
    cmd.arg("--ca-file").arg(&pki().ca_pem).arg("mirror").arg(server.url("ftp", "u:p", "/t")).arg(&dst);
    let out = run(&mut cmd);
    expect_code(&out, &server, 0);
    assert_eq!(entries(&outside), Vec::<String>::new(), "wrote through a symlink\n{}", ctx(&out, &server));
    assert_eq!(fs::read(dst.join("top.txt")).unwrap(), b"top");
    assert!(out.stderr.contains("skipped sub"), "{}", ctx(&out, &server));
}

#[test]
fn part_file_is_resumed() {
    let data = sample(200_000);
    let server = Behaviour::new().file("/t/big.bin", data.clone()).start();
    let s = scratch();
    let dst = s.work.join("dst");
    fs::create_dir_all(&dst).unwrap();
    fs::write(dst.join("big.bin.part"), &data[..70_000]).unwrap();
    let mut cmd = ftps(&s.home);
    cmd.arg("--ca-file").arg(&pki().ca_pem).arg("mirror").arg(server.url("ftp", "u:p", "/t")).arg(&dst);
    let out = run(&mut cmd);
    expect_code(&out, &server, 0);
    assert!(fs::read(dst.join("big.bin")).unwrap() == data, "{}", ctx(&out, &server));
    assert!(!dst.join("big.bin.part").exists());
    assert!(server.commands().iter().any(|c| c == "REST 70000"), "{}", ctx(&out, &server));
}

#[test]
fn wrong_password_costs_one_login() {
    let server = Behaviour::new().password("right").file("/t/a", "a").max_connections(16).start();
    let (_s, out) = fake_mirror(&["-P", "8", &server.url("ftp", "u:wrong", "/t"), "dst"]);
    expect_code(&out, &server, 5);
    // The other workers connect, secure and name the user while the first
    // logs in (no serial start-up), but send no password once its login
    // has failed.
    let sent = |verb: &str| server.commands().iter().filter(|c| c.starts_with(verb)).count();
    assert_eq!((sent("USER"), sent("PASS")), (8, 1), "{}", ctx(&out, &server));
    assert_eq!(server.connections(), 8, "{}", ctx(&out, &server));
}

#[test]
fn usage_errors() {
    let s = scratch();
    for args in [["a", "b"], ["ftp://h/x", "ftp://h/y"]] {
        let mut cmd = ftps(&s.home);
        cmd.arg("mirror").args(args);
        let out = run(&mut cmd);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
}
