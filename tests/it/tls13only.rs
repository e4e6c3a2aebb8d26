//! Servers that accept TLS 1.3 only (ProFTPD `TLSProtocol TLSv1.3`), and
//! `--tls-min 1.3` against the usual servers.
//!
//! ProFTPD issues 2 TLS 1.3 tickets per login and none per upload, and rustls
//! spends each ticket once, so with TLS 1.2 refused every other upload needs a
//! fresh login. These tests check that nothing locks such a server out, that a
//! refused TLS 1.2 is tried once per run at most, and that every file arrives
//! intact whatever the transfer order.

use std::fs;
use std::process::Command;

use crate::harness::{Output, run, scratch};
use crate::servers::{self, Kind, Server};

const FILES: usize = 100;

fn body(i: usize) -> Vec<u8> {
    (0..4096 + i).map(|j| (j * 31 + i * 7) as u8).collect()
}

#[track_caller]
fn run_ok(srv: &Server, cmd: &mut Command) -> Output {
    let out = run(cmd);
    srv.expect_code(&out, 0);
    out
}

/// Lines of the `-v` trace that start a control-connection handshake.
fn offers(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("TLS handshake offering")).collect()
}

/// The trace shows at most one refusal, and no handshake offering TLS 1.2
/// after it (spare connections included); data connections all resumed.
#[track_caller]
fn assert_no_wasted_tls12(srv: &Server, out: &Output, what: &str) {
    let lines: Vec<&str> = out.stderr.lines().collect();
    let refusals: Vec<usize> =
        lines.iter().enumerate().filter(|(_, l)| l.contains("refused a handshake")).map(|(i, _)| i).collect();
    assert!(refusals.len() <= 1, "{what}: more than one refused handshake:\n{}", out.stderr);
    if let Some(&first) = refusals.first() {
        let late: Vec<&&str> = lines[first + 1..].iter().filter(|l| l.contains("offering TLS 1.2")).collect();
        assert!(late.is_empty(), "{what}: TLS 1.2 offered after the server refused it: {late:?}\n{}", out.stderr);
    }
    let full: Vec<&&str> = lines.iter().filter(|l| l.contains("full handshake (not resumed)")).collect();
    assert!(full.is_empty(), "{what}: data connections not resumed: {full:?}");
    assert!(
        !lines.iter().any(|l| l.contains("data connection TLS handshake failed")),
        "{what}: a data handshake failed:\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains(&srv.password), "the -v trace shows the password");
}

fn logins(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.contains(&format!("USER {}", servers::FTPSTEST_USER))).count()
}

/// 100 puts, 100 gets and a listing, each one command, against `srv`, with
/// the extra global arguments `args`. Returns the three traces.
fn puts_gets_ls(srv: &Server, args: &[&str]) -> [Output; 3] {
    let l = scratch();
    let src = l.work.join("src");
    fs::create_dir(&src).unwrap();
    let mut names = Vec::new();
    for i in 0..FILES {
        let name = format!("f{i:03}.bin");
        fs::write(src.join(&name), body(i)).unwrap();
        names.push(name);
    }
    srv.mkdir("up");
    let mut put = srv.client(&l.home);
    // One worker (-P 1): what is measured is one session's ticket supply.
    put.arg("-v").args(args).arg("put").arg("-P").arg("1");
    for n in &names {
        put.arg(src.join(n));
    }
    put.arg(format!("{}/up/", srv.base_url()));
    let put = run_ok(srv, &mut put);
    for (i, n) in names.iter().enumerate() {
        let got = fs::read(srv.path(&format!("up/{n}"))).unwrap_or_else(|e| panic!("up/{n}: {e}\n{}", put.stderr));
        assert!(got == body(i), "up/{n} differs from the uploaded file");
    }

    let dest = l.work.join("down");
    fs::create_dir(&dest).unwrap();
    let mut get = srv.client(&l.home);
    get.arg("-v")
        .args(args)
        .arg("get")
        .arg("-P")
        .arg("1")
        .arg(format!("{}/up/*.bin", srv.base_url()))
        .arg("-o")
        .arg(&dest);
    let get = run_ok(srv, &mut get);
    for (i, n) in names.iter().enumerate() {
        let got = fs::read(dest.join(n)).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert!(got == body(i), "{n} differs after the download");
    }
    assert_eq!(fs::read_dir(&dest).unwrap().count(), FILES);

    let mut ls = srv.client(&l.home);
    ls.arg("-v").args(args).arg("ls").arg(format!("{}/up/", srv.base_url()));
    let ls = run_ok(srv, &mut ls);
    for n in &names {
        assert!(ls.stdout.contains(n.as_str()), "ls lacks {n}:\n{}", ls.stdout);
    }
    [put, get, ls]
}

fn tls13_only(implicit: bool) {
    let Some(srv) = servers::proftpd_tls13_only(implicit) else {
        return;
    };
    let [put, get, ls] = puts_gets_ls(&srv, &[]);
    for (out, what) in [(&put, "100 puts"), (&get, "100 gets"), (&ls, "ls")] {
        assert_no_wasted_tls12(&srv, out, what);
        assert!(!out.stderr.contains("control connection: TLS 1.2"), "{what}: a TLS 1.2 control connection");
    }
    // 2 tickets per login, none per upload: 50 logins are the floor; the
    // spares may add up to a few unused ones at the end.
    let n = logins(&put.stderr);
    assert!((FILES / 2..=FILES / 2 + 5).contains(&n), "100 puts used {n} logins:\n{}", put.stderr);
    assert!(put.stderr.contains("switching to spare control connection"), "no spare was used:\n{}", put.stderr);
    assert!(put.stderr.contains("keeping the spent control connection open"), "{}", put.stderr);
    // Downloads bring a ticket each: one login carries them all.
    assert_eq!(logins(&get.stderr), 1, "100 gets:\n{}", get.stderr);
    if !implicit {
        // The banner heuristic (ProFTPD: start on TLS 1.2) meets the refusal
        // once, and the retry with TLS 1.3 carries on.
        assert!(put.stderr.contains("refused a handshake offering TLS 1.2 only"), "{}", put.stderr);
    }
}

#[test]
fn tls13_only_proftpd_explicit() {
    tls13_only(false);
}

#[test]
fn tls13_only_proftpd_implicit() {
    tls13_only(true);
}

/// Mirror workers share one record of what the server refused: the whole
/// run (four workers, several logins each) meets the refusal once; they
/// also share one budget of spare and parked connections.
#[test]
fn tls13_only_proftpd_mirror_upload_shares_the_refusal() {
    let Some(srv) = servers::proftpd_tls13_only(false) else {
        return;
    };
    let l = scratch();
    let src = l.work.join("tree");
    fs::create_dir_all(src.join("sub")).unwrap();
    for i in 0..30 {
        let dir = if i % 2 == 0 { src.clone() } else { src.join("sub") };
        fs::write(dir.join(format!("m{i:02}.bin")), body(i)).unwrap();
    }
    let mut cmd = srv.client(&l.home);
    cmd.arg("-v").arg("mirror").arg("-P").arg("4").arg(&src).arg(format!("{}/tree/", srv.base_url()));
    let out = run_ok(&srv, &mut cmd);
    assert_no_wasted_tls12(&srv, &out, "mirror upload");
    for i in 0..30 {
        let rel = if i % 2 == 0 { format!("tree/m{i:02}.bin") } else { format!("tree/sub/m{i:02}.bin") };
        let got = fs::read(srv.path(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}\n{}", out.stderr));
        assert!(got == body(i), "{rel} differs");
    }
}

/// Uploads, downloads and listings interleaved in one session (a batch
/// script), with a `cd` between: the spares must land in the session's
/// directory and downloads must still find their tickets.
#[test]
fn tls13_only_proftpd_mixed_order_in_one_session() {
    let Some(srv) = servers::proftpd_tls13_only(false) else {
        return;
    };
    let l = scratch();
    for i in 0..6 {
        srv.write_file(&format!("sub/d{i}.bin"), &body(100 + i));
    }
    let mut script = String::new();
    for i in 0..12 {
        fs::write(l.work.join(format!("u{i:02}.bin")), body(i)).unwrap();
    }
    for i in 0..4 {
        script.push_str(&format!("put u{i:02}.bin\n"));
    }
    script.push_str("cd sub\nget d0.bin\nls\n");
    for i in 4..8 {
        script.push_str(&format!("put u{i:02}.bin\n"));
        script.push_str(&format!("get d{}.bin\n", i - 3));
    }
    script.push_str("ls\n");
    for i in 8..12 {
        script.push_str(&format!("put u{i:02}.bin\n"));
    }
    let path = l.work.join("script.txt");
    fs::write(&path, script).unwrap();
    let mut cmd = srv.client(&l.home);
    cmd.current_dir(&l.work).arg("-v").arg("batch").arg("--url").arg(srv.base_url()).arg(&path);
    let out = run_ok(&srv, &mut cmd);
    assert_no_wasted_tls12(&srv, &out, "mixed batch");
    for i in 0..12 {
        let rel = if i < 4 { format!("u{i:02}.bin") } else { format!("sub/u{i:02}.bin") };
        let got = fs::read(srv.path(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}\n{}", out.stderr));
        assert!(got == body(i), "{rel} differs");
    }
    for i in 0..5 {
        let got = fs::read(l.work.join(format!("d{i}.bin"))).unwrap();
        assert!(got == body(100 + i), "d{i}.bin differs");
    }
    assert!(out.stdout.contains("u05.bin"), "the second ls lacks u05.bin:\n{}", out.stdout);
    assert!(out.stdout.contains("d3.bin"), "ls lacks d3.bin:\n{}", out.stdout);
}

/// A server that limits sessions per client refuses the spares: the upload
/// still completes, with foreground reconnects, and says so.
#[test]
fn tls13_only_proftpd_with_a_session_limit_still_uploads() {
    let Some(srv) = servers::proftpd_tls13_only_limited(true, 2) else {
        return;
    };
    let l = scratch();
    let mut cmd = srv.client(&l.home);
    cmd.arg("-v").arg("put").arg("-P").arg("1");
    for i in 0..20 {
        let path = l.work.join(format!("s{i:02}.bin"));
        fs::write(&path, body(i)).unwrap();
        cmd.arg(path);
    }
    srv.mkdir("lim");
    cmd.arg(format!("{}/lim/", srv.base_url()));
    let out = run_ok(&srv, &mut cmd);
    for i in 0..20 {
        let got =
            fs::read(srv.path(&format!("lim/s{i:02}.bin"))).unwrap_or_else(|e| panic!("s{i:02}: {e}\n{}", out.stderr));
        assert!(got == body(i), "lim/s{i:02}.bin differs");
    }
    assert_no_wasted_tls12(&srv, &out, "puts with MaxClientsPerHost 2");
    assert!(
        out.stderr.lines().any(|l| l.contains("spare control connection") && l.contains(" failed (")),
        "the refused spare is not reported:\n{}",
        out.stderr
    );
}

/// `--tls-min 1.3` never offers TLS 1.2, on servers that would accept it.
fn tls_min_13(kind: Kind, implicit: bool) {
    let Some(srv) = servers::server(kind, implicit) else {
        return;
    };
    let outs = puts_gets_ls(&srv, &["--tls-min", "1.3"]);
    for out in &outs {
        assert_no_wasted_tls12(&srv, out, "--tls-min 1.3");
        let offered = offers(&out.stderr);
        assert!(!offered.is_empty(), "no handshake in the trace:\n{}", out.stderr);
        assert!(offered.iter().all(|l| l.contains("offering TLS 1.3 only")), "{offered:?}");
        assert!(!out.stderr.contains("connection: TLS 1.2"), "--tls-min 1.3 but TLS 1.2 was used:\n{}", out.stderr);
    }
    if kind == Kind::Vsftpd {
        // vsftpd sends a ticket per upload once the client reads: one login.
        assert_eq!(logins(&outs[0].stderr), 1, "{}", outs[0].stderr);
    }
}

#[test]
fn tls_min_13_vsftpd() {
    tls_min_13(Kind::Vsftpd, false);
}

#[test]
fn tls_min_13_proftpd_explicit() {
    tls_min_13(Kind::Proftpd, false);
}

#[test]
fn tls_min_13_proftpd_implicit() {
    tls_min_13(Kind::Proftpd, true);
}

/// `--tls-min 1.3` against a TLS-1.2-only server fails at once (TLS, exit
/// 4), naming the flag; `--tls-max 1.2` against a TLS-1.3-only one likewise.
/// Without the flags both servers work: the default offers both versions.
#[test]
fn a_version_the_flags_rule_out_fails_with_the_fix() {
    for (srv, flag, wrong) in [
        (servers::proftpd_tls12_only(true), "--tls-min", "1.3"),
        (servers::proftpd_tls13_only(true), "--tls-max", "1.2"),
    ] {
        let Some(srv) = srv else {
            return;
        };
        let l = scratch();
        let mut cmd = srv.client(&l.home);
        cmd.arg(flag).arg(wrong).arg("ls").arg(format!("{}/", srv.base_url()));
        let out = run(&mut cmd);
        srv.expect_code(&out, 4);
        assert!(out.stderr.contains(&format!("without {flag} {wrong}")), "no hint naming {flag}:\n{}", out.stderr);
        let mut cmd = srv.client(&l.home);
        cmd.arg("-v").arg("ls").arg(format!("{}/", srv.base_url()));
        run_ok(&srv, &mut cmd);
    }
}

#[test]
fn tls_min_above_tls_max_is_a_usage_error() {
    let l = scratch();
    let mut cmd = crate::harness::ftps(&l.home);
    cmd.args(["--tls-min", "1.3", "--tls-max", "1.2", "ls", "ftps://127.0.0.1:9/"]);
    let out = run(&mut cmd);
    out.expect_code(2);
    assert!(
        out.stderr.contains("--tls-min 1.3") && out.stderr.contains("--tls-max 1.2"),
        "the message does not name both flags:\n{}",
        out.stderr
    );
}
