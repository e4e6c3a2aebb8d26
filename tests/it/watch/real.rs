//! Against vsftpd and ProFTPD (renames, REST on a temporary file), and the
//! systemd unit template.

use super::*;

/// Real servers rename and delete as the in-process one does: vsftpd (LIST,
/// no digests) and ProFTPD (MLSD), with --remove-source-files and a trigger.
#[test]
fn an_outbox_delivers_to_vsftpd_and_proftpd() {
    for kind in [Kind::Vsftpd, Kind::Proftpd] {
        let Some(srv) = server(kind, false) else {
            eprintln!("SKIP: {kind:?} not available");
            continue;
        };
        let s = scratch();
        srv.mkdir("drop");
        let out = outbox(&s);
        old_file(&out, "r1.csv", &sample(200_000));
        old_file(&out, "r1.csv.ready", b"");
        old_file(&out, "r2.csv", b"not yet");
        let url = format!("{}/drop/", srv.base_url());
        let mut cmd = srv.client(&s.home);
        cmd.current_dir(&s.work).args([
            "watch",
            "--once",
            "--ready-suffix",
            ".ready",
            "--remove-source-files",
            "out",
            &url,
        ]);
        let o = run(&mut cmd);
        srv.expect_code(&o, 0);
        assert_eq!(fs::read(srv.path("drop/r1.csv")).unwrap(), sample(200_000), "{kind:?}");
        assert!(!srv.path("drop/r2.csv").exists(), "{kind:?}");
        let left: Vec<String> =
            fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert_eq!(left, ["r2.csv"], "{kind:?}: the file and its trigger went");
        let on_server: Vec<_> = fs::read_dir(srv.path("drop")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(on_server.len(), 1, "{kind:?}: no temporary name left: {on_server:?}");
    }
}

/// SIGTERM in the middle of an upload: exit 0 at once, the temporary file
/// left on the server for the next start, which continues it (REST) and
/// publishes the whole file.
#[test]
fn sigterm_mid_upload_leaves_the_temporary_file_for_the_next_start() {
    let Some(srv) = server(Kind::Vsftpd, false) else {
        eprintln!("SKIP: vsftpd not available");
        return;
    };
    let s = scratch();
    srv.mkdir("drop");
    let out = outbox(&s);
    let whole = sample(3 * 1024 * 1024);
    old_file(&out, "big.bin", &whole);
    let url = format!("{}/drop/", srv.base_url());
    let start = |extra: &[&str]| {
        let mut cmd = srv.client(&s.home);
        cmd.current_dir(&s.work)
            .args(["--limit-rate", "1M", "watch", "--sent", "sent"])
            .args(extra)
            .args(["out", &url]);
        cmd
    };
    let (o, e) = (s.work.join("w.out"), s.work.join("w.err"));
    let child = start(&["--interval", "1"])
        .stdout(Stdio::from(fs::File::create(&o).unwrap()))
        .stderr(Stdio::from(fs::File::create(&e).unwrap()))
        .spawn()
        .unwrap();
    let mut w = Watcher { child, out: o, err: e };
    let temp = || {
        fs::read_dir(srv.path("drop"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.ends_with(".ftps-upload"))
    };
    assert!(
        wait_for(20, || temp().is_some_and(|t| fs::metadata(srv.path(&format!("drop/{t}"))).unwrap().len() > 100_000))
    );
    let stopped = Instant::now();
    let o = w.signal(nix::sys::signal::Signal::SIGTERM);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(stopped.elapsed() < Duration::from_secs(5), "SIGTERM took {:?}", stopped.elapsed());
    let left = temp().expect("the partial upload stays for the next start");
    let partial = fs::metadata(srv.path(&format!("drop/{left}"))).unwrap().len();
    assert!(partial < whole.len() as u64, "{partial}");
    assert!(out.join("big.bin").exists() && !srv.path("drop/big.bin").exists());

    let o = run(&mut start(&["--once"]));
    srv.expect_code(&o, 0);
    assert_eq!(fs::read(srv.path("drop/big.bin")).unwrap(), whole);
    assert!(temp().is_none());
    assert!(s.work.join("sent/big.bin").exists());
    let logs = srv.logs();
    assert!(logs.contains(&format!("\"REST {partial}\"")), "continued, not started over:\n{logs}");
}

#[test]
fn the_systemd_unit_template_verifies() {
    let unit = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/packaging/ftps-watch@.service")).unwrap();
    assert!(unit.contains("\nRestart=on-failure\n") && unit.contains(" watch "), "{unit}");
    let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].into_iter().find(|p| Path::new(p).exists());
    let Some(analyze) = analyze else {
        eprintln!("SKIP: systemd-analyze not available");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // An instance, with the binary under test where the package puts ftps.
    let path = dir.path().join("ftps-watch@test.service");
    fs::write(&path, unit.replace("/usr/bin/ftps", env!("CARGO_BIN_EXE_ftps"))).unwrap();
    let o = run(Command::new(analyze).arg("verify").arg("--man=no").arg(&path));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(!o.stderr.contains("ftps-watch@test.service"), "{}", o.stderr);
}
