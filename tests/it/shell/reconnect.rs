//! Reconnecting after the server dropped the control connection: at the
//! prompt (the server's session process killed) and under the retry rule
//! (a 421 from the fake server).

use std::collections::HashSet;
use std::fs;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use super::pty::Prompt;
use super::read;
use crate::harness::scratch;
use crate::servers::{Kind, server};

/// Socket inodes of TCP sockets whose local port is `port`, in TCP state
/// `state` (`01` established, `0A` listening), from /proc/net.
fn socket_inodes(port: u16, state: &str) -> HashSet<String> {
    let mut inodes = HashSet::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = fs::read_to_string(table) else { continue };
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 10 || f[3] != state {
                continue;
            }
            let local_port = f[1].rsplit(':').next().and_then(|p| u16::from_str_radix(p, 16).ok());
            if local_port == Some(port) {
                inodes.insert(format!("socket:[{}]", f[9]));
            }
        }
    }
    inodes
}

/// PIDs of processes with an open file descriptor on one of `inodes`.
fn holders(inodes: &HashSet<String>) -> HashSet<u32> {
    let mut pids = HashSet::new();
    for proc_entry in fs::read_dir("/proc").unwrap().filter_map(Result::ok) {
        let Ok(pid) = proc_entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(fds) = fs::read_dir(proc_entry.path().join("fd")) else { continue };
        for fd in fds.filter_map(Result::ok) {
            if fs::read_link(fd.path()).is_ok_and(|l| inodes.contains(l.to_string_lossy().as_ref())) {
                pids.insert(pid);
                break;
            }
        }
    }
    pids
}

/// The server's per-session processes for `port`: holders of the server
/// end of an established connection that are not the listener.
fn session_pids(port: u16) -> HashSet<u32> {
    let listeners = holders(&socket_inodes(port, "0A"));
    holders(&socket_inodes(port, "01")).into_iter().filter(|p| !listeners.contains(p)).collect()
}

/// Kills the server's session processes and waits until they are gone.
fn kill_sessions(port: u16) {
    let pids = session_pids(port);
    assert!(!pids.is_empty(), "no server session process found for port {port}");
    for pid in &pids {
        let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while !session_pids(port).is_empty() {
        assert!(Instant::now() < deadline, "server session did not go away");
        thread::sleep(Duration::from_millis(20));
    }
}

/// The server drops the control connection (its session process is
/// killed): the next command reconnects, says so in one line, comes back
/// to the same directory and succeeds.
fn prompt_reconnects(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    srv.write_file("deep/er/inside.txt", b"inside\n");

    let mut sh = Prompt::spawn(&srv, &s, Some(&format!("{}/deep/er", srv.base_url())));
    sh.prompt("/deep/er");
    kill_sessions(srv.port());
    sh.line("ls");
    let before = sh.expect("inside.txt");
    assert!(before.contains("reconnected, remote directory /deep/er restored"), "{before}");
    assert_eq!(before.matches("reconnected").count(), 1, "{before}");
    sh.prompt("/deep/er");
    sh.line("get inside.txt");
    sh.expect("inside.txt: 7 B");
    sh.prompt("/deep/er");

    // Dropped while idle: the check before the next command notices it.
    kill_sessions(srv.port());
    thread::sleep(Duration::from_secs(4));
    sh.line("ls");
    let before = sh.expect("inside.txt");
    assert_eq!(before.matches("reconnected, remote directory /deep/er restored").count(), 1, "{before}");
    sh.prompt("/deep/er");
    assert_eq!(sh.quit(), 0);
    assert_eq!(read(&s.work.join("inside.txt")), "inside\n");
}

#[test]
fn prompt_reconnects_vsftpd() {
    prompt_reconnects(Kind::Vsftpd);
}

#[test]
fn prompt_reconnects_proftpd() {
    prompt_reconnects(Kind::Proftpd);
}

/// The prompt's retry rule, end to end: a command that loses the connection
/// (421) gets one reconnect even with `--retries 0`, announced in one line;
/// with `--retries 2` it is tried three times in all, each on a fresh login.
#[test]
fn a_lost_connection_gets_one_reconnect_even_without_retries() {
    use crate::edge::{client, ctx};
    let drops = "421 Service not available, closing control connection.";
    for (retries, tries) in [("0", 1 + 1), ("2", 1 + 2)] {
        let server = crate::fake::Behaviour::new().dir("/d").reply_to("MKD", drops).max_connections(8).start();
        let s = scratch();
        fs::write(s.work.join("script.txt"), "mkdir /d/x\n").unwrap();
        let url = server.url("ftp", "u:p", "/");
        let (out, _) = client(&s, &["--retries", retries, "batch", "--url", &url, "script.txt"]);
        assert_eq!(out.code, 3, "a lost connection: {}", ctx(&out, &server));
        let mkds = server.commands().iter().filter(|c| c.starts_with("MKD")).count();
        assert_eq!(mkds, tries, "--retries {retries}: {}", ctx(&out, &server));
        assert_eq!(server.connections(), tries, "one login per try: {}", ctx(&out, &server));
        assert_eq!(out.stderr.matches("reconnected, remote directory").count(), 1, "{}", ctx(&out, &server));
    }
}
