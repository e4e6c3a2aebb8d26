//! Ctrl-C during a large download: at the prompt the transfer stops and the
//! session goes on; in a script the run ends with 130.

use std::fs;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use expectrl::ControlCode;

use super::pty::{PTY_TIMEOUT, Prompt};
use super::read;
use crate::harness::scratch;
use crate::servers::{Kind, server};

/// Ctrl-C during a large download: the transfer stops, the `.part` file
/// stays, the prompt comes back and the same session goes on working.
fn prompt_ctrl_c_aborts_download(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    // 1 GiB, sparse on the server side; only what arrives before Ctrl-C is written locally.
    let big = srv.write_file("big.bin", b"");
    fs::OpenOptions::new().write(true).open(&big).unwrap().set_len(1 << 30).unwrap();
    srv.write_file("small.txt", b"small\n");

    let mut sh = Prompt::spawn(&srv, &s, Some(&srv.base_url()));
    sh.prompt("/");
    sh.line("get big.bin");
    let part = s.work.join("big.bin.part");
    let deadline = Instant::now() + PTY_TIMEOUT;
    let mut buf = [0u8; 8192];
    while !fs::metadata(&part).is_ok_and(|m| m.len() > 0) {
        assert!(Instant::now() < deadline, "the download never started");
        let _ = sh.p.try_read(&mut buf); // keep the terminal drained (progress bar)
        thread::sleep(Duration::from_millis(5));
    }
    sh.p.send(ControlCode::EndOfText).unwrap();
    sh.expect("stopped by Ctrl-C");
    sh.prompt("/");
    let kept = fs::metadata(&part).expect(".part kept").len();
    // 1 GiB is split by default: its `.part` has the full length from the
    // start, and the ranges file beside it says which bytes are there.
    let ranges = s.work.join("big.bin.part.ranges");
    assert!(kept > 0 && (kept < 1 << 30 || ranges.exists()), "{kept}");
    assert!(!s.work.join("big.bin").exists(), "an interrupted download sits under the final name");

    // The session survives: a listing and another download on it.
    sh.line("ls");
    sh.expect("small.txt");
    sh.prompt("/");
    sh.line("get small.txt");
    sh.expect("small.txt: 6 B");
    sh.prompt("/");
    assert_eq!(sh.quit(), 0);
    assert_eq!(read(&s.work.join("small.txt")), "small\n");
}

#[test]
fn prompt_ctrl_c_aborts_download_vsftpd() {
    prompt_ctrl_c_aborts_download(Kind::Vsftpd);
}

#[test]
fn prompt_ctrl_c_aborts_download_proftpd() {
    prompt_ctrl_c_aborts_download(Kind::Proftpd);
}

/// SIGINT during a script's download: the transfer stops with its `.part`
/// kept, and the script ends at once with 130 and the line named.
#[test]
fn batch_ctrl_c_stops_with_130() {
    let Some(srv) = server(Kind::Vsftpd, false) else { return };
    let s = scratch();
    let big = srv.write_file("big.bin", b"");
    fs::OpenOptions::new().write(true).open(&big).unwrap().set_len(1 << 30).unwrap();
    fs::write(s.work.join("script.txt"), "get big.bin\nput script.txt\n").unwrap();
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work)
        .args(["batch", "--url", &srv.base_url(), "script.txt"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let part = s.work.join("big.bin.part");
    let deadline = Instant::now() + PTY_TIMEOUT;
    while !fs::metadata(&part).is_ok_and(|m| m.len() > 0) {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the download never started");
        }
        thread::sleep(Duration::from_millis(5));
    }
    let _ = Command::new("kill").arg("-INT").arg(child.id().to_string()).status();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("ftps batch did not stop after SIGINT");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("script.txt:1:") && stderr.contains("Ctrl-C"), "{stderr}");
    assert!(part.exists() && !s.work.join("big.bin").exists());
    assert!(!srv.path("script.txt").exists(), "the script went on after Ctrl-C");
}
