//! `--on-success` and `--on-failure`: a program (no shell) per file, told
//! about it through the environment, bounded by `--timeout`.

use super::*;

/// A hook that appends what it was told to `log`, one line per call.
fn recorder(s: &Scratch) -> (String, PathBuf) {
    let log = s.work.join("hook.log");
    let script = s.work.join("hook.sh");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s|%s|%s|%s|%s|%s|%s\\n' \"$1\" \"$FTPS_WATCH_STATUS\" \"$FTPS_WATCH_FILE\" \
             \"$FTPS_WATCH_REMOTE\" \"$FTPS_WATCH_SIZE\" \"$FTPS_WATCH_SHA256\" \"$FTPS_WATCH_ERROR\" >> {}\n",
            log.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    (script.display().to_string(), log)
}

#[test]
fn hooks_run_per_file_with_its_facts_and_a_failing_or_slow_hook_changes_nothing() {
    let s = scratch();
    let out = outbox(&s);
    let bad = old_file(&out, "bad.bin", b"refused");
    old_file(&out, "good.bin", b"good data\n");
    let server = Behaviour::new().max_connections(100).dir("/up").dir(&super::temp_name("/up/bad.bin", &bad)).start();
    let url = server.url("ftp", "u:p", "/up/");
    let (hook, log) = recorder(&s);
    let ok_cmd = format!("{hook} 'sent it'");
    let fail_cmd = format!("{hook} failed");
    let args =
        ["--once", "--failed", "failed", "--on-success", &ok_cmd, "--on-failure", &fail_cmd, "--json", "out", &url];
    let o = run(&mut watch(&s, &args));
    expect_code(&o, &server, 10);
    let lines = fs::read_to_string(&log).unwrap();
    let good = lines.lines().find(|l| l.starts_with("sent it|")).unwrap_or_else(|| panic!("{lines}\n{}", o.stderr));
    let f: Vec<&str> = good.split('|').collect();
    assert_eq!(f[1], "delivered");
    assert!(f[2].ends_with("out/good.bin"), "{good}");
    assert_eq!((f[3], f[4]), ("up/good.bin", "10"), "{good}");
    let want: String = ring::digest::digest(&ring::digest::SHA256, b"good data\n")
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(f[5].to_ascii_lowercase(), want, "{good}");
    let failed = lines.lines().find(|l| l.starts_with("failed|")).unwrap_or_else(|| panic!("{lines}"));
    assert!(failed.contains("|failed|") && failed.contains("553"), "{failed}");
    // The JSON lines carry the same facts; the hook's output stays off stdout.
    assert!(o.stdout.lines().all(|l| l.starts_with('{')), "{}", o.stdout);
    assert!(o.stdout.contains(&format!("\"sha256\":\"{}\"", f[5])), "{}", o.stdout);

    // A hook that fails, and one that outlives --timeout (stopped, with
    // whatever it started), change nothing about the delivery.
    old_file(&out, "next.bin", b"next");
    let o = run(&mut watch(&s, &["--once", "--on-success", "false", "out", &url]));
    expect_code(&o, &server, 0);
    assert!(o.stderr.contains("the hook false failed"), "{}", o.stderr);
    old_file(&out, "slow.bin", b"slow");
    let started = Instant::now();
    let o =
        run(&mut watch(&s, &["--timeout", "1", "--once", "--on-success", "sh -c 'sleep 30 & sleep 30'", "out", &url]));
    expect_code(&o, &server, 0);
    assert!(o.stderr.contains("did not finish within 1 s"), "{}", o.stderr);
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    assert_eq!(server.file("/up/slow.bin").unwrap(), b"slow");
}

/// `--receipt` applies to watch as to put and get: one signed record per
/// delivered file, which `receipt verify` accepts with the key's fingerprint.
#[test]
fn receipts_record_each_delivered_file() {
    let s = scratch();
    let fingerprint = crate::receipts::keygen(&s.home);
    let out = outbox(&s);
    old_file(&out, "a.csv", b"a,1\n");
    old_file(&out, "b.csv", b"b,2\n");
    let server = Behaviour::new().max_connections(100).dir("/up").start();
    let url = server.url("ftp", "u:p", "/up/");
    let receipt = s.work.join("r.jsonl");
    let mut cmd = crate::harness::ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&pki().ca_pem).arg("--receipt").arg(&receipt);
    let o = run(cmd.args(["watch", "--once", "out", &url]));
    expect_code(&o, &server, 0);
    let text = fs::read_to_string(&receipt).unwrap_or_else(|e| panic!("{e}\n{}", o.stderr));
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("/up/a.csv") && text.contains("/up/b.csv") && text.contains("\"op\":\"put\""), "{text}");
    let v = crate::harness::run(
        crate::harness::ftps(&s.home).arg("receipt").arg("verify").arg("--fingerprint").arg(&fingerprint).arg(&receipt),
    );
    assert_eq!(v.code, 0, "{}\n{}", v.stdout, v.stderr);
}
