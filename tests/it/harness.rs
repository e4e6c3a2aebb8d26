//! Running the `ftps` binary from tests: a clean environment, no stdin, and a
//! hard deadline so that a hang fails the test instead of the whole run.

#![allow(dead_code)] // shared API: not every item is used by every test module

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Hard deadline for one `ftps` invocation.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// What a finished command left behind.
#[derive(Debug, Clone)]
pub struct Output {
    /// Exit code; -1 when the process was killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Panics (showing both streams) unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Panics (showing both streams) unless the command succeeded.
    #[track_caller]
    pub fn expect_ok(&self) -> &Self {
        self.expect_code(0)
    }
}

/// A `Command` for the `ftps` binary under test, with an empty environment
/// except `PATH` and `HOME=home` (so no `NETRC`, no `FTPS_PASSWORD`, no
/// `SSL_CERT_FILE` leak in from the caller), and stdin connected to nothing.
pub fn ftps(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ftps"));
    let path = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin"));
    cmd.env_clear().env("PATH", path).env("HOME", home).stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to completion with the default deadline (see [`run_with_deadline`]).
#[track_caller]
pub fn run(cmd: &mut Command) -> Output {
    run_with_deadline(cmd, DEADLINE)
}

/// Runs `cmd` capturing stdout and stderr; if it is still running after
/// `deadline` it is killed and the test panics with the command line and what
/// it printed so far.
#[track_caller]
pub fn run_with_deadline(cmd: &mut Command, deadline: Duration) -> Output {
    let line = describe(cmd);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {line}: {e}"));
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));

    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let out = stdout.join().unwrap_or_default();
                let err = stderr.join().unwrap_or_default();
                panic!(
                    "command did not finish within {deadline:?}, killed: {line}\n--- stdout\n{out}\n--- stderr\n{err}"
                );
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("waiting for {line}: {e}"),
        }
    };
    Output {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

/// True when interoperability tests must not be skipped (`FTPS_INTEROP=1`):
/// a missing server is then a failure instead of a `SKIP:` line.
pub fn interop_required() -> bool {
    std::env::var("FTPS_INTEROP").is_ok_and(|v| v == "1")
}

/// The command line, for messages.
pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        let arg = arg.to_string_lossy();
        if arg.is_empty() || arg.contains(char::is_whitespace) {
            s.push_str(&format!("{arg:?}"));
        } else {
            s.push_str(&arg);
        }
    }
    s
}

fn drain<R: Read + Send + 'static>(mut pipe: R) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// A per-test scratch area: `home` for the client's HOME (empty: no netrc,
/// no known hosts), `work` for local files and as its current directory.
pub struct Scratch {
    _tmp: tempfile::TempDir,
    pub home: std::path::PathBuf,
    pub work: std::path::PathBuf,
}

pub fn scratch() -> Scratch {
    let tmp = tempfile::Builder::new().prefix("ftps-it-scratch-").tempdir().expect("tempdir");
    let home = tmp.path().join("home");
    let work = tmp.path().join("work");
    std::fs::create_dir(&home).expect("mkdir home");
    std::fs::create_dir(&work).expect("mkdir work");
    Scratch { _tmp: tmp, home, work }
}

/// Sets a local file's modification time to `secs` after the epoch.
pub fn set_mtime(path: &Path, secs: u64) {
    let t = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(t))
        .unwrap_or_else(|e| panic!("set mtime of {}: {e}", path.display()));
}
