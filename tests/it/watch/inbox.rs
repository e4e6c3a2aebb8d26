//! The inbox: files still being written are left alone, nothing is fetched
//! twice, and local files it did not write are never replaced.

use super::*;

#[test]
fn an_inbox_run_twice_fetches_nothing_twice_and_sent_moves_on_the_server() {
    let server = Behaviour::new()
        .max_connections(100)
        .file("/in/a.txt", "alpha")
        .file("/in/b.txt", sample(50_000))
        .file("/in/c.txt.part", "partial")
        .file("/in/d.txt.0a1b2c3d.ftps-upload", "someone's upload")
        .dir("/archive")
        .start();
    let s = scratch();
    fs::create_dir(s.work.join("inbox")).unwrap();
    let url = server.url("ftp", "u:p", "/in/");
    let args = ["--once", "--settle", "1", url.as_str(), "inbox"];
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    assert_eq!(fs::read(s.work.join("inbox/a.txt")).ok().as_deref(), Some(&b"alpha"[..]), "{}", ctx(&o, &server));
    assert_eq!(fs::read(s.work.join("inbox/b.txt")).unwrap(), sample(50_000));
    assert!(!s.work.join("inbox/c.txt.part").exists() && !s.work.join("inbox/d.txt.0a1b2c3d.ftps-upload").exists());
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    assert_eq!(count(&server, "RETR in/a.txt") + count(&server, "RETR in/b.txt"), 2, "{}", ctx(&o, &server));
    // --sent moves on the server, after the copies were verified (here: already).
    let o = run(&mut watch(&s, &["--once", "--settle", "1", "--sent", "archive", &url, "inbox"]));
    expect_code(&o, &server, 0);
    assert_eq!(server.file("/archive/a.txt").unwrap(), b"alpha", "{}", ctx(&o, &server));
    assert!(server.file("/in/a.txt").is_none() && server.file("/in/b.txt").is_none());
    assert_eq!(count(&server, "RETR in/a.txt"), 1);
}

/// A feed that reuses a name: the earlier delivery, still here, is not
/// replaced; the new file comes in beside it.
#[test]
fn an_inbox_never_replaces_a_local_file_it_did_not_write() {
    let server = Behaviour::new().max_connections(100).file("/in/daily.csv", "day 2").start();
    let s = scratch();
    fs::create_dir(s.work.join("inbox")).unwrap();
    fs::write(s.work.join("inbox/daily.csv"), "day 1, not yet processed").unwrap();
    let url = server.url("ftp", "u:p", "/in/");
    let o = run(&mut watch(&s, &["--once", "--settle", "1", "--remove-source-files", &url, "inbox"]));
    expect_code(&o, &server, 0);
    assert_eq!(fs::read_to_string(s.work.join("inbox/daily.csv")).unwrap(), "day 1, not yet processed");
    assert_eq!(fs::read_to_string(s.work.join("inbox/daily.csv.1")).unwrap(), "day 2", "{}", ctx(&o, &server));
    assert!(server.file("/in/daily.csv").is_none(), "{}", ctx(&o, &server));
}

#[test]
fn an_inbox_takes_a_file_another_client_is_still_writing_only_complete() {
    let Some(srv) = server(Kind::Vsftpd, false) else {
        eprintln!("SKIP: vsftpd not available");
        return;
    };
    let s = scratch();
    srv.mkdir("inbox");
    fs::create_dir(s.work.join("got")).unwrap();
    let url = format!("{}/inbox/", srv.base_url());
    let path = srv.write_file("inbox/slow.bin", b"");
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).args(["watch", "--settle", "2", "--interval", "1", &url, "got"]);
    let (out, err) = (s.work.join("w.out"), s.work.join("w.err"));
    let child = cmd
        .stdout(Stdio::from(fs::File::create(&out).unwrap()))
        .stderr(Stdio::from(fs::File::create(&err).unwrap()))
        .spawn()
        .unwrap();
    let mut w = Watcher { child, out, err };
    let whole = sample(40 * 1024);
    let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
    for piece in whole.chunks(4 * 1024) {
        f.write_all(piece).unwrap();
        std::thread::sleep(Duration::from_millis(400));
        assert!(!s.work.join("got/slow.bin").exists(), "taken while still growing");
    }
    drop(f);
    assert!(wait_for(20, || s.work.join("got/slow.bin").exists()), "never fetched");
    let o = w.signal(nix::sys::signal::Signal::SIGTERM);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(fs::read(s.work.join("got/slow.bin")).unwrap(), whole);
}

/// A trigger on the server releases its file; both are deleted after the
/// verified download; a file without its trigger stays where it is.
#[test]
fn an_inbox_trigger_releases_its_file_and_goes_with_it() {
    let server = Behaviour::new()
        .max_connections(100)
        .file("/in/a.dat", sample(9000))
        .file("/in/a.dat.ok", "")
        .file("/in/b.dat", "no trigger yet")
        .start();
    let s = scratch();
    fs::create_dir(s.work.join("inbox")).unwrap();
    let url = server.url("ftp", "u:p", "/in/");
    let args = ["--once", "--ready-suffix", ".ok", "--remove-source-files", url.as_str(), "inbox"];
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    assert_eq!(fs::read(s.work.join("inbox/a.dat")).unwrap(), sample(9000));
    assert!(!s.work.join("inbox/b.dat").exists() && !s.work.join("inbox/a.dat.ok").exists());
    assert_eq!(server.files().keys().cloned().collect::<Vec<_>>(), ["/in/b.dat"], "{}", ctx(&o, &server));
}

/// Killed between the rename into place and the journal line: the restart
/// finds the local copy complete, fetches nothing again, and finishes the
/// server-side step.
#[test]
fn an_inbox_restart_finishes_what_a_killed_run_fetched() {
    let server = Behaviour::new().max_connections(100).file("/in/a.txt", sample(20_000)).start();
    let s = scratch();
    fs::create_dir(s.work.join("inbox")).unwrap();
    let url = server.url("ftp", "u:p", "/in/");
    let o = run(&mut watch(&s, &["--once", "--settle", "1", "--state", "journal", &url, "inbox"]));
    expect_code(&o, &server, 0);
    // As if the run had died right after the rename.
    let journal = fs::read_to_string(s.work.join("journal")).unwrap();
    assert!(journal.contains(r#""step":"done""#), "{journal}");
    fs::write(s.work.join("journal"), journal.replace(r#""step":"done""#, r#""step":"sending""#)).unwrap();
    let args = ["--once", "--settle", "1", "--state", "journal", "--remove-source-files", "--json", &url, "inbox"];
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 0);
    assert_eq!(count(&server, "RETR in/a.txt"), 1, "{}", ctx(&o, &server));
    assert!(o.stdout.contains(r#""status":"recovered""#), "{}", o.stdout);
    assert!(server.file("/in/a.txt").is_none(), "{}", ctx(&o, &server));
    assert_eq!(fs::read(s.work.join("inbox/a.txt")).unwrap(), sample(20_000));
}
