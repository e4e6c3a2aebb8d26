//! `ftps batch` and `ftps shell` end to end against vsftpd (LIST, no MLST)
//! and ProFTPD (MLSD/MLST): scripts with every command, failures stopping
//! at the right line with the right exit code, `--keep-going`, `--json`,
//! `ftps shell URL < script`; and the prompt driven through a
//! pseudo-terminal: prompt text, history across sessions, Tab completion of
//! remote paths, Ctrl-C aborting a large download, reconnect after the
//! server dropped the control connection.
//!
//! Every wait is bounded: scripts by the harness deadline, the prompt by
//! `PTY_TIMEOUT` per expectation and a deadline on the process exit.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use expectrl::{ControlCode, Session, WaitStatus};

use crate::harness::{Output, run};
use crate::servers::{Kind, Server, server};

// ---------------------------------------------------------------------------
// Helpers

use crate::harness::{Scratch, scratch};

/// `ftps [args] batch --url URL SCRIPT` run in `work`, the script written first.
fn batch(srv: &Server, s: &Scratch, script: &str, args: &[&str]) -> Output {
    let path = s.work.join("script.txt");
    fs::write(&path, script).unwrap();
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).arg("batch").args(args).arg("--url").arg(srv.base_url()).arg(&path);
    run(&mut cmd)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn fixtures(srv: &Server, s: &Scratch) {
    srv.write_file("hello.txt", b"hello\n");
    srv.write_file("with space.txt", b"spaced\n");
    srv.write_file("sub/a.txt", b"a\n");
    srv.write_file("sub/b.log", b"bee\n");
    srv.write_file("sub/c.log", b"sea\n");
    fs::write(s.work.join("up.txt"), "uploaded\n").unwrap();
    fs::write(s.work.join("m1.csv"), "1\n").unwrap();
    fs::write(s.work.join("m2.csv"), "2\n").unwrap();
}

// ---------------------------------------------------------------------------
// Batch scripts

fn batch_runs_every_command(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = r#"
# navigation
pwd
cd sub
pwd
ls
cdup
ls -l
dir sub
# transfers
get hello.txt
get "with space.txt" spaced-local.txt
mget sub/*.log
put up.txt
put up.txt sub/
mput *.csv
# the tree
mkdir -p new/deeper/deepest
mkdir -p new/deeper
put up.txt new/deeper/deepest/inner.txt
rename hello.txt renamed.txt
mv sub/a.txt sub/moved.txt
chmod 600 renamed.txt
quote NOOP
size renamed.txt
stat renamed.txt
rm -r new
rm m1.csv
mkdir empty
rmdir empty
site CHMOD 640 m2.csv
# mirror, both ways, with the subcommand's options
mirror sub mirrored
mirror -R --exclude *.skip tree remote-tree
!echo from-a-local-shell
"#;
    fs::create_dir_all(s.work.join("tree/inner")).unwrap();
    fs::write(s.work.join("tree/inner/deep.txt"), "deep\n").unwrap();
    fs::write(s.work.join("tree/not.skip"), "no\n").unwrap();
    let out = batch(&srv, &s, script, &[]);
    srv.expect_code(&out, 0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.contains(&"/") && lines.contains(&"/sub"), "{}", out.stdout);
    assert!(lines.contains(&"a.txt") && lines.contains(&"b.log"), "ls in sub: {}", out.stdout);
    assert!(lines.iter().any(|l| l.starts_with("d ") && l.ends_with(" sub")), "ls -l: {}", out.stdout);
    assert!(lines.iter().any(|l| l.starts_with("200")), "quote NOOP: {}", out.stdout);
    assert!(lines.contains(&"6"), "size: {}", out.stdout);
    assert!(lines.contains(&"  size: 6"), "stat: {}", out.stdout);
    assert!(lines.contains(&"from-a-local-shell"), "{}", out.stdout);

    assert_eq!(read(&s.work.join("hello.txt")), "hello\n");
    assert_eq!(read(&s.work.join("spaced-local.txt")), "spaced\n");
    assert_eq!(read(&s.work.join("b.log")), "bee\n");
    assert_eq!(read(&s.work.join("c.log")), "sea\n");
    assert!(!s.work.join("a.txt").exists(), "mget took a file its glob does not match");

    assert_eq!(read(&srv.path("up.txt")), "uploaded\n");
    assert_eq!(read(&srv.path("sub/up.txt")), "uploaded\n");
    assert_eq!(read(&srv.path("m2.csv")), "2\n");
    assert!(!srv.path("m1.csv").exists(), "rm m1.csv");
    assert!(!srv.path("new").exists(), "rm -r new");
    assert!(!srv.path("hello.txt").exists() && srv.path("renamed.txt").exists(), "rename");
    assert_eq!(read(&srv.path("sub/moved.txt")), "a\n");
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &str| fs::metadata(srv.path(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("renamed.txt"), 0o600, "chmod 600");
    assert_eq!(mode("m2.csv"), 0o640, "site CHMOD 640");
    assert!(!srv.path("empty").exists(), "rmdir");
    assert_eq!(read(&s.work.join("mirrored/b.log")), "bee\n");
    assert_eq!(read(&s.work.join("mirrored/moved.txt")), "a\n");
    assert_eq!(read(&srv.path("remote-tree/inner/deep.txt")), "deep\n");
    assert!(!srv.path("remote-tree/not.skip").exists(), "mirror --exclude");
}

#[test]
fn batch_runs_every_command_vsftpd() {
    batch_runs_every_command(Kind::Vsftpd);
}

#[test]
fn batch_runs_every_command_proftpd() {
    batch_runs_every_command(Kind::Proftpd);
}

fn batch_stops_at_first_failure(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = "cd sub\n\n# a comment\nget missing.txt\nput up.txt\n";
    let out = batch(&srv, &s, script, &[]);
    srv.expect_code(&out, 6);
    assert!(out.stderr.contains("script.txt:4:"), "line number: {}", out.stderr);
    assert!(out.stderr.contains("missing.txt"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "one line per failure: {}", out.stderr);
    assert!(!srv.path("sub/up.txt").exists(), "line 5 ran after the failure");

    // A usage error stops with 2, at its own line.
    let out = batch(&srv, &s, "pwd\nchmod abc hello.txt\nput up.txt\n", &[]);
    srv.expect_code(&out, 2);
    assert!(out.stderr.contains("script.txt:2:"), "{}", out.stderr);
    assert!(!srv.path("up.txt").exists());

    // `exit N` ends a script with N.
    let out = batch(&srv, &s, "pwd\nexit 3\nput up.txt\n", &[]);
    srv.expect_code(&out, 3);
    assert!(!srv.path("up.txt").exists());
}

#[test]
fn batch_stops_at_first_failure_vsftpd() {
    batch_stops_at_first_failure(Kind::Vsftpd);
}

#[test]
fn batch_stops_at_first_failure_proftpd() {
    batch_stops_at_first_failure(Kind::Proftpd);
}

fn batch_keep_going_json(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = "pwd\nget missing.txt\nfrobnicate\n\nput up.txt\nls sub\nget hello.txt\n";
    let out = batch(&srv, &s, script, &["--keep-going", "--json"]);
    srv.expect_code(&out, 10);
    let records: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {l}")))
        .collect();
    let by_line = |n: u64| {
        records.iter().find(|r| r["line"] == n).unwrap_or_else(|| panic!("no record for line {n}: {}", out.stdout))
    };
    // The --url connection is line 0; then every command line.
    assert_eq!(records.len(), 7, "{}", out.stdout);
    for key in ["command", "line", "ok", "exit_code", "bytes", "elapsed", "error"] {
        assert!(records.iter().all(|r| r.get(key).is_some()), "{key} missing: {}", out.stdout);
    }
    assert_eq!(by_line(1)["ok"], true);
    assert_eq!(by_line(1)["output"], "/\n");
    assert_eq!(by_line(2)["ok"], false);
    assert_eq!(by_line(2)["exit_code"], 6);
    assert!(by_line(2)["error"].as_str().unwrap().contains("missing.txt"));
    assert_eq!(by_line(3)["exit_code"], 2);
    assert_eq!(by_line(5)["ok"], true);
    assert_eq!(by_line(5)["bytes"], 9);
    assert_eq!(by_line(5)["command"], "put up.txt");
    assert!(by_line(6)["output"].as_str().unwrap().contains("b.log"));
    assert_eq!(by_line(7)["bytes"], 6);
    assert!(by_line(7)["elapsed"].as_f64().is_some());
    assert!(out.stderr.contains("lines 2, 3"), "{}", out.stderr);
    assert_eq!(read(&srv.path("up.txt")), "uploaded\n");
    assert_eq!(read(&s.work.join("hello.txt")), "hello\n");
}

#[test]
fn batch_keep_going_json_vsftpd() {
    batch_keep_going_json(Kind::Vsftpd);
}

#[test]
fn batch_keep_going_json_proftpd() {
    batch_keep_going_json(Kind::Proftpd);
}

/// `ftps shell URL < script` is `batch -`: no prompt, same exit codes.
#[test]
fn shell_without_terminal_runs_a_script() {
    let Some(srv) = server(Kind::Vsftpd, false) else { return };
    let s = scratch();
    fixtures(&srv, &s);
    let script = s.work.join("cron.txt");
    fs::write(&script, "cd sub\nget b.log\nget nope.txt\nget c.log\n").unwrap();
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).arg("shell").arg(srv.base_url()).stdin(fs::File::open(&script).unwrap());
    let out = run(&mut cmd);
    srv.expect_code(&out, 6);
    assert!(out.stderr.contains("<stdin>:3:"), "{}", out.stderr);
    assert!(!out.stdout.contains("ftps "), "a prompt was printed: {}", out.stdout);
    assert!(!out.stderr.contains('\u{1b}'), "escape codes without a terminal: {:?}", out.stderr);
    assert_eq!(read(&s.work.join("b.log")), "bee\n");
    assert!(!s.work.join("c.log").exists());

    fs::write(&script, "cd sub\nget b.log -f\n").unwrap();
    let mut cmd = srv.client(&s.home);
    cmd.current_dir(&s.work).arg("-q").arg("shell").arg(srv.base_url()).stdin(fs::File::open(&script).unwrap());
    let out = run(&mut cmd);
    srv.expect_code(&out, 0);
    assert_eq!(out.stderr, "", "-q prints only errors");
}

/// The password never shows: not in `-v` traces, JSON records or messages,
/// even when a script line carries it in a URL.
#[test]
fn batch_never_prints_the_password() {
    let Some(srv) = server(Kind::Proftpd, false) else { return };
    let s = scratch();
    let url = format!("ftpes://{}:{}@127.0.0.1:{}/", srv.user, srv.password, srv.port());
    let script = format!("open {url}\npwd\nquote PASS {}\n", srv.password);
    fs::write(s.work.join("script.txt"), script).unwrap();
    let mut cmd = crate::harness::ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&crate::certs::pki().ca_pem).args([
        "-v",
        "batch",
        "--json",
        "--keep-going",
        "script.txt",
    ]);
    let out = run(&mut cmd);
    srv.expect_code(&out, 10);
    assert!(!out.stdout.contains(&srv.password), "password in stdout: {}", out.stdout);
    assert!(!out.stderr.contains(&srv.password), "password in stderr: {}", out.stderr);
    assert!(out.stdout.contains(":****@"), "{}", out.stdout);
}

/// No credentials anywhere and no terminal: fail at once with the
/// authentication code instead of waiting for a password.
#[test]
fn batch_without_password_fails_fast() {
    let Some(srv) = server(Kind::Vsftpd, false) else { return };
    let s = scratch();
    fs::write(s.work.join("script.txt"), "pwd\n").unwrap();
    let mut cmd = crate::harness::ftps(&s.home);
    cmd.current_dir(&s.work).arg("--ca-file").arg(&crate::certs::pki().ca_pem).args([
        "-u",
        &srv.user,
        "batch",
        "--url",
        &srv.base_url(),
        "script.txt",
    ]);
    let started = Instant::now();
    let out = run(&mut cmd);
    srv.expect_code(&out, 5);
    assert!(out.stderr.contains("FTPS_PASSWORD"), "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(20));
}

// ---------------------------------------------------------------------------
// The prompt, through a pseudo-terminal

/// Longest wait for one expected piece of output.
const PTY_TIMEOUT: Duration = Duration::from_secs(30);

struct Prompt {
    p: Session,
    /// The prompt text for the login directory, e.g. `ftps ftpstest@127.0.0.1:2121:/> `.
    base: String,
}

impl Prompt {
    /// `ftps shell [URL]` on a terminal, in `work`, with `HOME=home`.
    fn spawn(srv: &Server, s: &Scratch, url: Option<&str>) -> Prompt {
        let mut cmd: Command = srv.client(&s.home);
        cmd.current_dir(&s.work)
            .env("TERM", "xterm")
            .stdin(Stdio::inherit())
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .arg("shell");
        if let Some(u) = url {
            cmd.arg(u);
        }
        let mut p = Session::spawn(cmd).expect("spawn ftps on a pseudo-terminal");
        p.set_expect_timeout(Some(PTY_TIMEOUT));
        let base = format!("ftps {}@127.0.0.1:{}:/", srv.user, srv.port());
        Prompt { p, base }
    }

    #[track_caller]
    fn expect(&mut self, text: &str) -> String {
        match self.p.expect(text) {
            Ok(found) => String::from_utf8_lossy(found.before()).into_owned(),
            Err(e) => {
                // Show what did arrive, for the failure message.
                let mut seen = Vec::new();
                let mut buf = [0u8; 8192];
                while let Ok(n @ 1..) = self.p.try_read(&mut buf) {
                    seen.extend_from_slice(&buf[..n]);
                }
                panic!("waiting for {text:?}: {e}; the terminal showed: {:?}", String::from_utf8_lossy(&seen))
            }
        }
    }

    /// Waits for the prompt in remote directory `dir` ("" for the login directory).
    #[track_caller]
    fn prompt(&mut self, dir: &str) -> String {
        let text = format!("{}{}> ", self.base, dir.trim_start_matches('/'));
        self.expect(&text)
    }

    fn send(&mut self, text: &str) {
        self.p.send(text).expect("write to the terminal");
    }

    fn line(&mut self, text: &str) {
        self.send(text);
        self.send("\r");
    }

    /// Ctrl-D, then the exit status (bounded wait).
    #[track_caller]
    fn quit(mut self) -> i32 {
        self.p.send(ControlCode::EndOfTransmission).expect("send Ctrl-D");
        let deadline = Instant::now() + PTY_TIMEOUT;
        let mut buf = [0u8; 4096];
        loop {
            match self.p.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => return code,
                Ok(WaitStatus::StillAlive) | Err(_) if Instant::now() < deadline => {
                    let _ = self.p.try_read(&mut buf);
                    thread::sleep(Duration::from_millis(20));
                }
                other => panic!("ftps did not exit after Ctrl-D: {other:?}"),
            }
        }
    }
}

fn history_file(s: &Scratch) -> PathBuf {
    s.home.join(".local/share/ftps/history")
}

/// The prompt names user, host and directory; Tab completes remote paths
/// (a directory, then a file inside it, fetched on demand); history
/// survives into a second session; passwords typed in `open` never reach it.
fn prompt_completion_and_history(kind: Kind) {
    let Some(srv) = server(kind, false) else { return };
    let s = scratch();
    srv.write_file("subdir/file-to-complete.txt", b"completed\n");
    srv.write_file("other.txt", b"x");

    let mut sh = Prompt::spawn(&srv, &s, None);
    sh.expect("ftps> ");
    // `open` with the password in the URL (it must not land in the history file).
    sh.line(&format!("open ftpes://{}:{}@127.0.0.1:{}/", srv.user, srv.password, srv.port()));
    sh.prompt("/");
    sh.send("cd subd\t");
    sh.expect("cd subdir/");
    sh.send("\r");
    sh.prompt("/subdir");
    sh.send("get file-to\t");
    sh.expect("get file-to-complete.txt ");
    sh.send("\r");
    sh.expect("file-to-complete.txt: 10 B");
    sh.prompt("/subdir");
    // Ctrl-C at an empty prompt: a fresh prompt, not an exit.
    sh.p.send(ControlCode::EndOfText).unwrap();
    sh.prompt("/subdir");
    sh.line("pwd");
    sh.expect("/subdir\r\n");
    sh.prompt("/subdir");
    // Passwords in raw commands (sent, refused by the server) or in an
    // ftp(1)-style `user NAME PASS` (not a command here) stay out too.
    sh.line("quote SITE PSWD old-hist-pw new-hist-pw");
    sh.prompt("/subdir");
    sh.line("user bob user-hist-pw");
    sh.prompt("/subdir");
    // rm -r asks at the prompt; "n" keeps the tree.
    sh.line("mkdir -p gone/deeper");
    sh.prompt("/subdir");
    sh.line("rm -r gone");
    sh.expect("[y/N] ");
    sh.line("n");
    sh.expect("not removed: gone");
    sh.prompt("/subdir");
    assert!(srv.path("subdir/gone/deeper").is_dir());
    sh.line("rm -r gone");
    sh.expect("[y/N] ");
    sh.line("y");
    sh.prompt("/subdir");
    assert!(!srv.path("subdir/gone").exists());
    assert_eq!(sh.quit(), 0);
    assert_eq!(read(&s.work.join("file-to-complete.txt")), "completed\n");

    let history = read(&history_file(&s));
    assert!(history.contains("get file-to-complete.txt"), "{history}");
    assert!(history.contains("cd subdir/"), "{history}");
    assert!(!history.contains(&srv.password), "password in history: {history}");
    assert!(history.contains(":****@"), "{history}");
    assert!(!history.contains("hist-pw"), "password in history: {history}");
    assert!(history.contains("quote SITE PSWD ****") && history.contains("user bob ****"), "{history}");

    // A second session: Up brings back the last commands.
    let mut sh = Prompt::spawn(&srv, &s, Some(&srv.base_url()));
    sh.prompt("/");
    sh.send("\x1b[A");
    sh.expect("rm -r gone");
    sh.send("\x1b[A");
    sh.expect("mkdir -p gone/deeper");
    // Clear the recalled line (Ctrl-U) and leave.
    sh.send("\x15");
    assert_eq!(sh.quit(), 0);
}

#[test]
fn prompt_completion_and_history_vsftpd() {
    prompt_completion_and_history(Kind::Vsftpd);
}

#[test]
fn prompt_completion_and_history_proftpd() {
    prompt_completion_and_history(Kind::Proftpd);
}

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
    assert!(kept > 0 && kept < 1 << 30, "{kept}");
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
