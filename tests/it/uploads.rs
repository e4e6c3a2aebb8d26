//! Uploads under a temporary name renamed into place (`--no-temp` stores
//! directly), and `--remove-source-files`: the in-process server refusing
//! renames or lying about digests, and real ProFTPD (SIGKILL mid-upload).

use std::fs;

use crate::edge::{client, ctx, expect_code, sample};
use crate::fake::Behaviour;
use crate::harness::scratch;
use crate::servers;
use crate::verify::{ok, temps};

// ---------------------------------------------------------------------------
// Uploads under a temporary name, renamed into place

#[test]
fn put_stores_under_a_temporary_name_then_renames() {
    let server = Behaviour::new().file("/in/u.csv", "old").start();
    let s = scratch();
    fs::write(s.work.join("u.csv"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["put", "u.csv", &server.url("ftp", "u:p", "/in/u.csv")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/in/u.csv").unwrap(), sample(5000));
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
    let cmds = server.commands();
    let stor = cmds.iter().find(|c| c.starts_with("STOR ")).expect("a STOR").clone();
    let temp = stor.strip_prefix("STOR ").unwrap();
    assert!(temp.starts_with("in/u.csv.") && temp.ends_with(".ftps-upload"), "{cmds:?}");
    assert!(!glob::Pattern::new("*.csv").unwrap().matches(temp));
    let at = |c: &str| cmds.iter().position(|x| x == c).unwrap_or_else(|| panic!("{c} missing: {cmds:?}"));
    assert!(at(&format!("SIZE {temp}")) < at(&format!("RNFR {temp}")), "{cmds:?}");
    assert!(at(&format!("RNFR {temp}")) < at("RNTO in/u.csv"), "{cmds:?}");

    // --no-temp: today's direct STOR.
    let (out, _) = client(&s, &["put", "--no-temp", "u.csv", &server.url("ftp", "u:p", "/in/v.csv")]);
    expect_code(&out, &server, 0);
    assert!(server.commands().iter().any(|c| c == "STOR in/v.csv"), "{:?}", server.commands());
}

#[test]
fn refused_rename_fails_loudly_and_cleans_up() {
    let server = Behaviour::new().file("/in/u.bin", "old").refuse_rename().start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("refused to rename") && out.stderr.contains("--no-temp"), "{}", ctx(&out, &server));
    assert_eq!(server.file("/in/u.bin").unwrap(), b"old");
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
    let (out, _) = client(&s, &["put", "--no-temp", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/in/u.bin").unwrap(), sample(5000));
}

#[test]
fn rename_over_existing_refused_deletes_then_renames() {
    let server = Behaviour::new().file("/in/u.bin", "old").refuse_rename_over().start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["-v", "put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 0);
    assert!(
        out.stderr.contains("moved the old file aside, renamed, and deleted the old file"),
        "{}",
        ctx(&out, &server)
    );
    assert_eq!(server.file("/in/u.bin").unwrap(), sample(5000));
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
}

#[test]
fn lying_server_upload_leaves_the_old_file() {
    let server = Behaviour::new().file("/in/u.bin", "old").xsha256(true).start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(5000)).unwrap();
    let (out, _) = client(&s, &["--retries", "0", "put", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 7);
    assert!(out.stderr.contains("not renamed into place"), "{}", ctx(&out, &server));
    assert_eq!(server.file("/in/u.bin").unwrap(), b"old");
    assert!(temps(&server).is_empty(), "{:?}", server.files().keys());
}

/// SIGKILL in the middle of a 1 GiB upload over an existing file: the old
/// file stays intact under its name, and `put -c` continues the temporary
/// file the killed run left.
#[test]
fn killed_upload_leaves_old_file_and_resumes() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    const GIB: u64 = 1 << 30;
    let big = l.work.join("big.bin");
    fs::File::create(&big).unwrap().set_len(GIB).unwrap();
    srv.mkdir("k");
    srv.write_file("k/big.bin", b"previous version");
    let url = format!("{}/k/big.bin", srv.base_url());
    let mut child = srv
        .client(&l.home)
        .args(["put"])
        .arg(&big)
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temp_len = || -> u64 {
        fs::read_dir(srv.path("k"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".ftps-upload"))
            .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
            .max()
            .unwrap_or(0)
    };
    let started = std::time::Instant::now();
    while temp_len() < 32 << 20 {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "upload never got going");
        assert!(child.try_wait().unwrap().is_none(), "the upload ended before it could be killed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(fs::read(srv.path("k/big.bin")).unwrap(), b"previous version");
    let partial = temp_len();
    assert!(partial > 0 && partial < GIB, "{partial}");

    let out = crate::harness::run(srv.client(&l.home).args(["-v", "put", "-c"]).arg(&big).arg(&url));
    ok(&srv, &out);
    assert!(out.stderr.contains("REST "), "{}", out.stderr);
    assert!(out.stderr.contains("SHA-256 verified"), "{}", out.stderr);
    assert_eq!(fs::metadata(srv.path("k/big.bin")).unwrap().len(), GIB);
    assert_eq!(temp_len(), 0);
}

// ---------------------------------------------------------------------------
// --remove-source-files

#[test]
fn remove_source_files_only_after_a_checked_transfer() {
    // get: an honest digest lets the remote file go; a lying one keeps it.
    let honest = Behaviour::new().file("/out/a.bin", sample(4000)).xsha256(false).start();
    let s = scratch();
    let (out, _) = client(&s, &["get", "--remove-source-files", &honest.url("ftp", "u:p", "/out/a.bin")]);
    expect_code(&out, &honest, 0);
    assert_eq!(fs::read(s.work.join("a.bin")).unwrap(), sample(4000));
    assert!(honest.file("/out/a.bin").is_none(), "{:?}", honest.commands());

    let liar = Behaviour::new().file("/out/a.bin", sample(4000)).xsha256(true).start();
    let s = scratch();
    let (out, _) =
        client(&s, &["--retries", "0", "get", "--remove-source-files", &liar.url("ftp", "u:p", "/out/a.bin")]);
    expect_code(&out, &liar, 7);
    assert!(liar.file("/out/a.bin").is_some());
    assert!(!liar.commands().iter().any(|c| c.starts_with("DELE")), "{:?}", liar.commands());

    // put: the local file goes once the upload is renamed into place, and
    // stays when the rename is refused.
    let server = Behaviour::new().dir("/in").start();
    let s = scratch();
    fs::write(s.work.join("u.bin"), sample(3000)).unwrap();
    let (out, _) = client(&s, &["put", "--remove-source-files", "u.bin", &server.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &server, 0);
    assert_eq!(server.file("/in/u.bin").unwrap(), sample(3000));
    assert!(!s.work.join("u.bin").exists());

    let refusing = Behaviour::new().dir("/in").refuse_rename().start();
    fs::write(s.work.join("u.bin"), sample(3000)).unwrap();
    let (out, _) = client(&s, &["put", "--remove-source-files", "u.bin", &refusing.url("ftp", "u:p", "/in/u.bin")]);
    expect_code(&out, &refusing, 7);
    assert!(s.work.join("u.bin").exists());
}

/// A writer appends to the file while it is being uploaded: the source was
/// deleted with exit 0 and the appended lines were on neither side. Now it
/// is kept (exit 8) with what the server lacks, and a second run moves it.
#[test]
fn remove_source_files_keeps_a_source_written_during_its_upload() {
    use std::io::Write;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let server = Behaviour::new().dir("/in").slow_stor(std::time::Duration::from_millis(2)).start();
    let s = scratch();
    let path = s.work.join("feed.log");
    fs::write(&path, sample(400)).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, path) = (stop.clone(), path.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            // Bounded: at most 5 s even if the upload hangs.
            while !stop.load(Ordering::Relaxed) && n < 5000 {
                let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
                writeln!(f, "line {n}").unwrap();
                n += 1;
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            n
        })
    };
    let url = server.url("ftp", "u:p", "/in/feed.log");
    let (out, _) = client(&s, &["--retries", "0", "put", "--remove-source-files", "feed.log", &url]);
    stop.store(true, Ordering::Relaxed);
    let appended = writer.join().unwrap();
    expect_code(&out, &server, 8);
    assert!(out.stderr.contains("while it was uploaded") && out.stderr.contains("kept it"), "{}", out.stderr);
    let local = fs::read(&path).expect("the source is kept");
    let remote = server.file("/in/feed.log").expect("the upload itself stands");
    assert!(local.len() > remote.len() && local.starts_with(&remote), "{appended} lines appended");
    assert!(local.ends_with(format!("line {}\n", appended - 1).as_bytes()));

    // Unchanged since its upload began: it goes.
    let fast = Behaviour::new().dir("/in").start();
    let (out, _) = client(&s, &["put", "--remove-source-files", "feed.log", &fast.url("ftp", "u:p", "/in/feed.log")]);
    expect_code(&out, &fast, 0);
    assert!(!path.exists());
    assert_eq!(fast.file("/in/feed.log").unwrap(), local);
}

#[test]
fn proftpd_mirror_moves_files() {
    let Some(srv) = servers::proftpd_digest() else { return };
    let l = scratch();
    srv.mkdir("outbox/sub");
    srv.write_file("outbox/a.bin", &sample(1000));
    srv.write_file("outbox/sub/b.bin", &sample(2000));
    // Another client's upload in progress is not copied down.
    srv.write_file("outbox/c.bin.0123abcd.ftps-upload", b"partial");
    let dst = l.work.join("inbox");
    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["mirror", "--remove-source-files"])
            .arg(format!("{}/outbox/", srv.base_url()))
            .arg(&dst),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(dst.join("sub/b.bin")).unwrap(), sample(2000));
    assert!(!srv.path("outbox/a.bin").exists() && !srv.path("outbox/sub/b.bin").exists());
    assert!(!dst.join("c.bin.0123abcd.ftps-upload").exists() && srv.path("outbox/c.bin.0123abcd.ftps-upload").exists());

    let out = crate::harness::run(
        srv.client(&l.home)
            .args(["mirror", "--remove-source-files"])
            .arg(&dst)
            .arg(format!("{}/back/", srv.base_url())),
    );
    ok(&srv, &out);
    assert_eq!(fs::read(srv.path("back/sub/b.bin")).unwrap(), sample(2000));
    assert!(!dst.join("a.bin").exists() && !dst.join("sub/b.bin").exists());
}
